"""A ``str`` parameter is sent untyped (as psycopg sends it), and the statement deduces its type.

PostgreSQL gives an untyped parameter the type its first coercion asks for
(``n = %s`` with ``n`` an integer: int4), for the whole statement, and
converts the text when the statement is bound: ``'x'`` for an integer fails
with 22P02 whether or not any row is ever read.  A type modifier
(``varchar(3)``, ``numeric(6,2)``) is applied where the parameter is read.
A parameter used again after its type was deduced is of that type
(``%(a)s`` compared with an integer, then with text: 42883).  A parameter
that nothing gives a type (``%s IS NULL``, ``concat(%s, 1)``: a function's
``"any"`` argument gives none) cannot be bound: 42P18.  A reference analyzed
while the type was still unknown and left untyped, when a later reference
deduces the type (``%(x)s IS NULL OR n = %(x)s``), is 42P08.

Each case runs on pydsql and on PostgreSQL 16 and must agree (rows, types,
SQLSTATE and message).
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

SCHEMA = [
    "CREATE TABLE t (id int PRIMARY KEY, n int, s text, v varchar(3), d date, m numeric(6,2), b boolean)",
    "CREATE TABLE u (id int PRIMARY KEY, v varchar(3))",
    "INSERT INTO t (id, n, s) VALUES (1, 5, 'a'), (2, NULL, NULL)",
]

CASES: list[tuple[str, Any]] = [
    # no row is read, yet the parameter is converted (22P02 / 22007)
    ("SELECT 1 FROM t WHERE n = %s", ("x",)),
    ("SELECT 1 FROM t WHERE id = %s", ("x",)),
    ("SELECT 1 FROM t WHERE n = %s::int", ("x",)),
    ("SELECT 1 FROM t WHERE false AND n = %s", ("x",)),
    ("SELECT 1 WHERE false AND %s::int = 1", ("x",)),
    ("SELECT %s::int FROM t", ("x",)),
    ("SELECT 1 FROM t WHERE d = %s", ("nope",)),
    ("SELECT 1 FROM t WHERE b = %s", ("maybe",)),
    ("SELECT 1 FROM t WHERE n IN (%s, %s)", ("1", "x")),
    ("SELECT 1 FROM t WHERE n BETWEEN %s AND %s", ("1", "x")),
    ("SELECT coalesce(n, %s) FROM t", ("x",)),
    ("SELECT CASE WHEN n > 0 THEN %s ELSE 0 END FROM t", ("x",)),
    ("SELECT 1 FROM t WHERE id = %s LIMIT %s", ("1", "x")),
    ("UPDATE t SET n = %s WHERE id = 5", ("x",)),
    ("UPDATE t SET s = %s, n = %s WHERE false", ("a", "x")),
    ("DELETE FROM t WHERE n = %s", ("x",)),
    ("EXPLAIN SELECT 1 FROM t WHERE n = %s", ("x",)),
    # good values, and text that stays text
    ("SELECT 1 FROM t WHERE d > %s", ("2024-01-01",)),
    ("SELECT 1 FROM t WHERE n = %s OR s = %s", ("1", "y")),
    ("SELECT %s", ("x",)),
    ("SELECT %s::int, %s", ("1", "x")),
    ("SELECT length(%s)", ("abc",)),
    ("SELECT %s || 'a'", ("abc",)),
    ("SELECT 1 FROM t WHERE s LIKE %s", ("a%",)),
    # type modifiers apply where the parameter is read
    ("SELECT %s::varchar(3)", ("abcdef",)),
    ("SELECT 1 FROM t WHERE v = %s", ("abcdef",)),
    ("INSERT INTO u VALUES (1, %s)", ("abcdef",)),
    ("SELECT 1 FROM t WHERE m = %s", ("12345.678",)),
    ("SELECT %s::numeric(6,2)", ("12345.678",)),
    # nothing gives the parameter a type: it cannot be bound (42P18)
    ("SELECT 1 WHERE %s IS NULL", ("x",)),
    ("SELECT 1 WHERE %s IS NULL", (None,)),
    ("SELECT pg_typeof(%s)", ("x",)),
    ("SELECT CASE WHEN %s IS NULL THEN 1 ELSE 2 END", (None,)),
    ("SELECT %s::text IS NULL", (None,)),
    # the SELECT of an INSERT: its untyped items take the target columns' types in place,
    # a set operation's are its own
    ("INSERT INTO t (id, s) SELECT 9, %s WHERE false", ("x",)),
    ("INSERT INTO t (id, n) SELECT 9, %s", ("x",)),
    ("INSERT INTO t (id, n) SELECT 9, 'x' WHERE false", None),
    ("INSERT INTO u (id, v) SELECT 9, 'abcdef' WHERE false", None),
    ("INSERT INTO t (id, n) SELECT 11, '5' UNION ALL SELECT 12, '6'", None),
    ("INSERT INTO t (id, s) SELECT 16, %s UNION SELECT 17, %s", ("a", "b")),
    ("INSERT INTO t (id, d) SELECT 14, '2024-01-02'", None),
    # unknown in a subquery, a set operation, a VALUES list: text, as in PostgreSQL
    ("SELECT * FROM (SELECT %s AS a) s WHERE a = 1", ("1",)),
    ("SELECT %s UNION SELECT 1", ("1",)),
    ("WITH c AS (SELECT %s AS a) SELECT a FROM c", ("x",)),
    ("SELECT * FROM (VALUES (%s), (%s)) v(a)", ("x", "y")),
    ("SELECT 1 FROM t WHERE n IN (SELECT %s)", ("1",)),
    ("UPDATE t SET (n, s) = (SELECT %s, %s) WHERE false", ("1", "x")),
    ("SELECT max(%s)", ("x",)),
    # one parameter used twice: the first coercion decides
    ("SELECT %(a)s::int, %(a)s::text", {"a": "1"}),
    ("SELECT %(a)s::int + %(a)s::bigint", {"a": "1"}),
    ("SELECT 1 FROM t WHERE n = %(a)s AND s = %(a)s", {"a": "x"}),
    # a reference left untyped before a later one deduced the type: 42P08
    ("SELECT id FROM t WHERE (%(x)s IS NULL OR n = %(x)s)", {"x": "5"}),
    ("SELECT id FROM t WHERE (%(x)s IS NULL OR n = %(x)s)", {"x": None}),
    ("SELECT CASE WHEN %(x)s IS NULL THEN 0 ELSE %(x)s END", {"x": "5"}),
    ("SELECT pg_typeof(%(x)s), %(x)s::int", {"x": "5"}),
    ("SELECT %(x)s IS NULL UNION SELECT n = %(x)s FROM t", {"x": "5"}),
    ("SELECT 1 WHERE %(x)s IS NULL UNION SELECT n FROM t WHERE n = %(x)s", {"x": "5"}),
    ("UPDATE t SET n = %(x)s WHERE %(x)s IS NOT NULL AND id = 99", {"x": "5"}),
    ("INSERT INTO t (id, n) SELECT 3, %(x)s WHERE %(x)s IS NOT NULL", {"x": "5"}),
    ("SELECT count(%(x)s) FROM t WHERE n = %(x)s", {"x": "5"}),
    ("SELECT concat(%(x)s, 1) FROM t WHERE n = %(x)s", {"x": "5"}),
    # ... and the same references once the type is known: typed, so no error
    ("SELECT id FROM t WHERE (n = %(x)s OR %(x)s IS NULL)", {"x": "5"}),
    ("SELECT id FROM t WHERE (n = %(x)s OR %(x)s IS NULL)", {"x": None}),
    ("SELECT %(x)s::int, pg_typeof(%(x)s)", {"x": "5"}),
    ("SELECT n FROM t WHERE n = %(x)s AND concat(%(x)s, 'z') = '5z'", {"x": "5"}),
    ("SELECT coalesce(%(x)s, n) FROM t WHERE %(x)s IS NOT NULL", {"x": "5"}),
    ("SELECT n FROM t WHERE n = %(x)s UNION SELECT %(x)s", {"x": "5"}),
    ("SELECT %(x)s UNION SELECT %(x)s", {"x": "5"}),
    # a parameter passed only as "any" (or as a ROW field) gets no type: 42P18
    ("SELECT concat(%s, 1)", ("a",)),
    ("SELECT concat(%s, 1)", (None,)),
    ("SELECT concat_ws(',', %s, 'b')", ("x",)),
    ("SELECT format('%%s', %s)", ("x",)),
    ("SELECT json_build_object('a', %s)", ("x",)),
    ("SELECT jsonb_build_array(%s, 1)", ("x",)),
    ("SELECT count(%s)", ("x",)),
    ("SELECT num_nulls(%s, 1)", ("x",)),
    ("SELECT row(%s, 1)", ("x",)),
    # ... unless typed: by a cast, or bound as a typed Python value
    ("SELECT concat('a', %s::text), num_nulls(%s::int, 1), count(%s::int)", ("a", "5", "5")),
    ("SELECT concat(%s, 1), num_nonnulls(%s, NULL), count(DISTINCT %s), row(%s, 'a')", (5, 5, 3, 1.5)),
    # untyped literals there are text, as in PostgreSQL
    ("SELECT concat('a', 1), count('a'), num_nulls(1, NULL, 'a', NULL::int), num_nonnulls(1, NULL, 'a'), row('a', 1)", None),
    ("SELECT num_nulls(n, s), num_nonnulls(n, s, id) FROM t", None),
    ("SELECT num_nulls(VARIADIC ARRAY[1, NULL, 3]), num_nonnulls(VARIADIC NULL::int[])", None),
    ("SELECT num_nulls()", None),
]


@pytest.mark.parametrize("sql, params", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_parameter_types_as_postgresql_deduces_them(pg: Any, sql: str, params: Any) -> None:
    conn = pydsql.connect(autocommit=True)
    for statement in SCHEMA:
        conn.execute(statement)
        pg.execute(statement)
    compare(f"{sql} {params!r}", run_pydsql(conn, sql, params), run_postgres(pg, sql, params))


def test_executemany_fails_at_the_row_with_a_bad_value() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE w (id int PRIMARY KEY, n int)")
    conn.commit()
    cur = conn.cursor()
    with pytest.raises(pydsql.errors.InvalidTextRepresentation) as raised:
        cur.executemany("INSERT INTO w VALUES (%s, %s)", [(1, "1"), (2, "2"), (3, "three"), (4, "4")])
    assert raised.value.params == (3, "three")
    conn.rollback()


def test_point_reads_convert_the_parameter_too() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE w (id int PRIMARY KEY, n int)")
    conn.commit()
    conn.execute("INSERT INTO w VALUES (7, 70)")
    conn.commit()
    for _ in range(3):  # the second and third run on the point-read fast path
        assert conn.execute("SELECT n FROM w WHERE id = %s", ("7",)).fetchone() == (70,)
    with pytest.raises(pydsql.errors.InvalidTextRepresentation):
        conn.execute("SELECT n FROM w WHERE id = %s", ("seven",))
    conn.rollback()

"""The point-read fast path (``Session.point_read``): a connection that ran
``SELECT columns FROM t WHERE pk = %s`` runs it again without the statement
machinery, and must answer exactly as the ordinary path does -- declining
(and letting the ordinary path answer) whenever anything could differ."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import pydsql
from pydsql.dbapi import _CachedPoint
from pydsql.types import INT2, INT4, UNKNOWN

QUERY = "SELECT v, n FROM t WHERE id = %s"


@pytest.fixture
def conn() -> pydsql.Connection:
    c = pydsql.connect()
    c.execute("CREATE TABLE t (id int PRIMARY KEY, v text, n numeric(6,2))")
    c.commit()
    c.execute("INSERT INTO t SELECT g, 'v' || g, g / 4.0 FROM generate_series(1, 20) g")
    c.commit()
    return c


def _is_point_read(conn: pydsql.Connection, query: str) -> bool:
    known = conn._known.get(query)
    return known is not None and any(isinstance(point, _CachedPoint) for _, point in known.points)


def _state(cur: pydsql.Cursor) -> tuple[Any, ...]:
    return (cur.fetchall(), cur.description, cur.rowcount, cur.statusmessage)


def _both(conn: pydsql.Connection, query: str, params: Any) -> tuple[tuple[Any, ...], tuple[Any, ...], bool]:
    """(the answer with the fast path available, the ordinary path's answer, whether the fast
    path was available)."""
    cur = conn.cursor()
    available = _is_point_read(conn, query)
    fast = _state(cur.execute(query, params))
    saved = dict(conn._known)
    conn._known.clear()  # the ordinary path
    slow = _state(cur.execute(query, params))
    conn._known.update(saved)
    return fast, slow, available


def test_a_repeated_point_read_takes_the_fast_path_and_answers_the_same(conn: pydsql.Connection) -> None:
    conn.execute(QUERY, (3,))
    assert _is_point_read(conn, QUERY)
    for params in [(3,), (20,), (999,), [4]]:
        fast, slow, available = _both(conn, QUERY, params)
        assert available
        assert fast == slow
    assert conn.execute(QUERY, (3,)).fetchone() == ("v3", pytest.approx(0.75))


def test_other_statements_are_not_point_reads(conn: pydsql.Connection) -> None:
    for query, params in [
        ("SELECT v FROM t WHERE id = %s AND n > 1", (5,)),  # a filter besides the key
        ("SELECT upper(v) FROM t WHERE id = %s", (5,)),  # an expression
        ("SELECT v FROM t WHERE id > %s", (5,)),
        ("UPDATE t SET v = 'x' WHERE id = %s", (5,)),
        ("SELECT v FROM t WHERE id = %s FOR UPDATE", (5,)),
    ]:
        conn.execute(query, params)
        assert not _is_point_read(conn, query), query
    conn.rollback()


def test_own_writes_and_deletes_are_seen(conn: pydsql.Connection) -> None:
    conn.execute(QUERY, (1,))
    conn.execute("UPDATE t SET v = 'changed' WHERE id = 1")
    conn.execute("DELETE FROM t WHERE id = 2")
    conn.execute("INSERT INTO t VALUES (100, 'new', 1)")
    assert conn.execute(QUERY, (1,)).fetchone() == ("changed", 0.25)
    assert conn.execute(QUERY, (2,)).fetchone() is None
    assert conn.execute(QUERY, (100,)).fetchone() == ("new", 1)
    conn.rollback()
    assert conn.execute(QUERY, (1,)).fetchone() == ("v1", 0.25)


def test_a_failed_transaction_still_refuses(conn: pydsql.Connection) -> None:
    conn.execute(QUERY, (1,))
    with pytest.raises(pydsql.errors.DivisionByZero):
        conn.execute("SELECT 1 / 0")
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):
        conn.execute(QUERY, (1,))
    conn.rollback()
    assert conn.execute(QUERY, (1,)).fetchone() == ("v1", 0.25)


def test_a_bad_parameter_fails_the_statement_as_always(conn: pydsql.Connection) -> None:
    conn.execute(QUERY, (1,))
    with pytest.raises(pydsql.errors.InvalidTextRepresentation):
        conn.execute(QUERY, ("abc",))  # another parameter type: the ordinary path, 22P02
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):
        conn.execute(QUERY, (1,))
    conn.rollback()
    with pytest.raises(pydsql.ProgrammingError, match="1 placeholders but 2 parameters"):
        conn.execute(QUERY, (1, 2))


def test_a_schema_change_is_seen(conn: pydsql.Connection) -> None:
    query = "SELECT * FROM t WHERE id = %s"
    conn.execute(query, (1,))
    conn.commit()
    conn.execute("ALTER TABLE t ADD COLUMN extra text")
    conn.commit()
    cur = conn.execute(query, (1,))
    assert [d.name for d in cur.description] == ["id", "v", "n", "extra"]
    assert cur.fetchone() == (1, "v1", 0.25, None)
    assert _is_point_read(conn, query)  # planned again for the new schema
    conn.commit()


def test_the_transaction_age_quota_still_applies() -> None:
    clock = pydsql.FixedClock()
    cluster = pydsql.Cluster(clock=clock)
    conn = cluster.connect()
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    conn.commit()
    conn.execute("INSERT INTO t VALUES (1, 'a')")
    conn.commit()
    conn.execute("SELECT v FROM t WHERE id = %s", (1,))
    clock.advance(301)
    with pytest.raises(pydsql.errors.ProgramLimitExceeded, match="transaction age limit"):
        conn.execute("SELECT v FROM t WHERE id = %s", (1,))


def test_time_zone_and_timestamptz_keys() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE ev (at timestamptz PRIMARY KEY, v text)")
    conn.commit()
    conn.execute("INSERT INTO ev VALUES ('2024-01-01 12:00:00+00', 'noon utc')")
    conn.commit()
    query = "SELECT v FROM ev WHERE at = %s::timestamptz"
    assert conn.execute(query, ("2024-01-01 12:00:00",)).fetchone() == ("noon utc",)
    conn.execute("SET TIME ZONE 'America/New_York'")
    assert conn.execute(query, ("2024-01-01 12:00:00",)).fetchone() is None  # noon in New York
    assert conn.execute(query, ("2024-01-01 07:00:00",)).fetchone() == ("noon utc",)
    at = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone.utc)
    assert conn.execute("SELECT v FROM ev WHERE at = %s", (at,)).fetchone() == ("noon utc",)
    assert conn.execute("SELECT v FROM ev WHERE at = %s", (at,)).fetchone() == ("noon utc",)
    conn.rollback()


def test_a_dropped_connection_is_still_lost(conn: pydsql.Connection) -> None:
    conn.execute(QUERY, (1,))
    conn.cluster.faults.drop_connection(conn)
    with pytest.raises(pydsql.errors.ConnectionFailure):
        conn.execute(QUERY, (1,))


def test_autocommit_point_reads_answer_the_same() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    conn.execute("INSERT INTO t VALUES (1, 'a')")
    for _ in range(3):
        assert conn.execute("SELECT v FROM t WHERE id = %s", (1,)).fetchone() == ("a",)
    conn.execute("BEGIN")
    for _ in range(3):  # inside BEGIN: the fast path
        assert conn.execute("SELECT v FROM t WHERE id = %s", (1,)).fetchone() == ("a",)
    conn.execute("COMMIT")


def test_a_key_that_is_the_parameter_itself_is_read_without_a_context(conn: pydsql.Connection) -> None:
    """``pk = %s`` with a parameter of the key's type (or one a cast leaves as it is) is
    looked up straight from the parameter (``PointProject.rows_by_parameter``), and so is a
    string parameter for an integer key: its type is deduced (int4) and the string is
    converted when the statement is bound.  Both answer as the ordinary path does."""
    point = lambda: dict(conn._known[QUERY].points)[(UNKNOWN,) if text else (INT2,)]  # noqa: E731
    text = False
    conn.execute(QUERY, (3,))
    conn.execute(QUERY, (3,))
    assert point().read.plan.access.param_key == 0  # int2 -> int4: a cast that changes nothing
    for params in [(3,), (None,), (-1,), (2**31 - 1,)]:
        fast, slow, _ = _both(conn, QUERY, params)
        assert fast == slow
    conn.execute(QUERY, ("3",))  # an untyped string: deduced int4, converted at the bind
    text = True
    assert point().read.plan.access.param_key == 0 and point().read.param_inputs
    fast, slow, available = _both(conn, QUERY, ("4",))
    assert available and fast == slow and fast[0] == [("v4", pytest.approx(1.0))]
    with pytest.raises(pydsql.errors.InvalidTextRepresentation):
        conn.execute(QUERY, ("four",))  # declined, then raised by the ordinary path
    conn.rollback()


def test_each_parameter_type_has_its_own_fast_path(conn: pydsql.Connection) -> None:
    """A Python int is sent as int2, int4 or int8 by its value (as psycopg does), so one
    query alternates between plans: each keeps its point read, not only the last."""
    conn.execute("INSERT INTO t VALUES (40000, 'big', 1)")
    for key in (3, 40000, 4, 40000, 3):
        conn.execute(QUERY, (key,))
    points = dict(conn._known[QUERY].points)
    assert set(points) == {(INT2,), (INT4,)} and len(conn._known[QUERY].points) == 2
    assert all(isinstance(p, _CachedPoint) for p in points.values())
    for key, expected in [(3, "v3"), (40000, "big"), (7, "v7"), (40000, "big")]:
        fast, slow, available = _both(conn, QUERY, (key,))
        assert available and fast == slow and fast[0][0][0] == expected
    conn.rollback()


STATEMENTS_AGAIN = [
    ("UPDATE t SET v = v || '!' WHERE id = %s", (4,)),
    ("UPDATE t SET n = n + %s WHERE id > %s", (1, 18)),
    ("INSERT INTO t VALUES (%s, %s, %s)", (50, "fifty", 5)),
    ("DELETE FROM t WHERE id = %s", (50,)),
    ("SELECT count(*), sum(n) FROM t WHERE id < %s", (10,)),
    ("INSERT INTO t VALUES (%s, %s, %s) RETURNING id, v", (51, "x", 1)),
    ("DELETE FROM t WHERE id = %s RETURNING v", (51,)),
    ("SELECT v FROM t WHERE id = %s FOR UPDATE", (2,)),
]


@pytest.mark.parametrize("autocommit", [False, True])
def test_a_query_text_run_again_answers_as_the_first_time(autocommit: bool) -> None:
    """The second execution of a query text skips binding and parsing
    (``Session.execute_parsed``): same rows, description, rowcount and tag as the
    ordinary path, in and out of autocommit."""
    results = []
    for reuse in (False, True):
        c = pydsql.connect(autocommit=autocommit)
        c.execute("CREATE TABLE t (id int PRIMARY KEY, v text, n numeric(6,2))")
        c.commit()
        c.execute("INSERT INTO t SELECT g, 'v' || g, g / 4.0 FROM generate_series(1, 20) g")
        c.commit()
        cur = c.cursor()
        seen = []
        for query, params in STATEMENTS_AGAIN * 2:
            if not reuse:
                c._known.clear()
            cur.execute(query, params)
            seen.append((cur.description, cur.rowcount, cur.statusmessage, cur.fetchall() if cur.description else None))
        c.commit()
        seen.append(_state(cur.execute("SELECT * FROM t ORDER BY id")))
        results.append(seen)
        if reuse:
            assert all(q in c._known for q, _ in STATEMENTS_AGAIN)
    assert results[0] == results[1]


def test_a_failing_statement_run_again_fails_as_the_first_time(conn: pydsql.Connection) -> None:
    """Errors on the reused path: the statement is undone, the transaction fails (25P02
    next), the error names the query; COMMIT then rolls back."""
    query = "UPDATE t SET v = %s, n = %s WHERE id = %s"
    conn.execute(query, ("ok", 1, 1))
    conn.commit()
    assert query in conn._known
    conn.execute(query, ("changed", 2, 2))
    with pytest.raises(pydsql.errors.NumericValueOutOfRange) as failed:
        conn.execute(query, ("too big", 10**6, 3))  # numeric(6,2): 22003
    assert failed.value.statement == query and failed.value.params == ("too big", 10**6, 3)
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):
        conn.execute(query, ("again", 4, 4))
    with pytest.raises(pydsql.errors.ProgrammingError):
        conn.execute(query, (object(), 4, 4))  # cannot adapt: raised before the statement runs
    conn.commit()  # ROLLBACK
    rows = conn.execute("SELECT id, v FROM t WHERE id <= 4 ORDER BY id").fetchall()
    assert rows == [(1, "ok"), (2, "v2"), (3, "v3"), (4, "v4")]
    with pytest.raises(pydsql.errors.ProgrammingError):
        conn.execute(query, ("one",))  # a wrong number of parameters: the ordinary path says so


def test_transaction_statements_and_settings_run_again(conn: pydsql.Connection) -> None:
    conn.autocommit = True
    for _ in range(2):
        conn.execute("BEGIN", ())
        conn.execute("SET TIME ZONE 'UTC'", ())
        conn.execute("UPDATE t SET n = n + 1 WHERE id = %s", (1,))
        conn.execute("COMMIT", ())
    assert not conn.in_transaction
    assert conn.execute("SELECT n FROM t WHERE id = 1").fetchone() == (pytest.approx(2.25),)


def test_an_update_of_one_primary_key_is_a_point_write(conn: pydsql.Connection) -> None:
    """``_Targets.point_key``: an UPDATE's or DELETE's target found straight from the key (the
    ``point_writes`` corpus script compares its answers and errors with PostgreSQL)."""

    def point_key(query: str, params: tuple[Any, ...]) -> object:
        conn.execute(query, params)
        statement = conn._known[query].statement
        return conn._session._last_plans[id(statement)][5].plan.targets.point_key  # type: ignore[union-attr]

    assert point_key("UPDATE t SET v = v || 'x' WHERE id = %s", (1,)) is not None
    assert point_key("UPDATE t SET v = 'y' WHERE id = 2", ()) is not None
    assert point_key("UPDATE t SET v = 'y' WHERE id = %s AND n > 0", (3,)) is None
    assert point_key("UPDATE t SET v = 'y' WHERE id IN (%s, %s)", (3, 4)) is None
    assert point_key("UPDATE t SET v = 'y' WHERE id = %s RETURNING v", (3,)) is not None
    assert point_key("UPDATE t SET v = 'y' FROM t AS u WHERE t.id = %s AND u.id = t.id", (3,)) is None
    assert point_key("DELETE FROM t WHERE id = %s", (5,)) is not None
    assert point_key("DELETE FROM t WHERE id = %s RETURNING v", (6,)) is not None
    assert conn.execute("SELECT v FROM t WHERE id <= 2 ORDER BY id").fetchall() == [("v1x",), ("y",)]
    conn.rollback()

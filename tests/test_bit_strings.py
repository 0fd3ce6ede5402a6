"""``bit`` and ``bit varying``, run-time-only types in DSQL (reference section 7): allowed in
expressions, refused as column types.  Every expression is compared with PostgreSQL 16
(values, column types, SQLSTATEs and messages).  Also here: the typed literals of the bit
and character types, whose missing length means "unconstrained" (``bit '101'``,
``char 'abc'``), where the same type after ``::`` has length 1."""

from __future__ import annotations

import random
from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

STATEMENTS = [
    # constants, input and the modifiers
    "SELECT B'101', X'1F', x'', B'', '101'::bit(3), '101'::varbit, '101'::bit varying(5), '101'::bit varying",
    "SELECT B'101'::bit(5), B'101'::bit(2), B'101'::varbit(2), '101'::bit(2), '101'::bit, '1'::bit, ''::varbit",
    "SELECT 'x1F'::bit(8), 'X1f'::varbit, 'b101'::varbit, 'B11'::bit(2), 'xabc'::varbit(5), X'ABC'::bit(16)",
    "SELECT varbit '101', bit '101', bit(2) '101', bit varying(2) '101', bit varying '1', B'101'::bit(3)::varbit(2)",
    "SELECT cast('101' AS bit varying), CAST(B'1' AS bit(4)), B'101'::bit(3)::bit(5), '1'::text::bit(3)",
    "SELECT B'12'", "SELECT X'1G'", "SELECT B'1 0'", "SELECT '102'::varbit", "SELECT 'xq'::bit(4)", "SELECT ' 1'::varbit",
    "SELECT '1'::bit(0)", "SELECT '1'::varbit(0)", "SELECT '1'::bit(2, 3)",
    # output, types and casts
    "SELECT pg_typeof(B'101'), pg_typeof('1'::bit(3)), pg_typeof('1'::varbit(3)), pg_typeof(B'1' || B'1')",
    "SELECT format_type('bit'::regtype, 7), format_type('varbit'::regtype, 3), format_type('bit'::regtype, -1)",
    "SELECT B'101'::text, B'101'::varchar, to_json(B'101'), to_jsonb('0110'::varbit), 'x' || B'101', B'1' || 'x'",
    "SELECT 5::bit(4), 5::bit(2), (-1)::bit(4), (-1)::bit(8), 300::bit(8), 5::bit(40), (-5)::bit(40), 5::bit",
    "SELECT 5::int8::bit(4), (-1)::int8::bit(70), 2147483647::bit(32), (-2147483648)::bit(33), 0::bit(3)",
    "SELECT B'0101'::int4, B'11111111111111111111111111111111'::int4, B'1'::int8, B''::int4, B'10'::int8",
    "SELECT B'1111111111111111111111111111111111111111111111111111111111111111'::int8, X'7FFFFFFF'::int4",
    "SELECT B'111111111111111111111111111111111'::int4", "SELECT X'10000000000000000'::int8",
    "SELECT 5::varbit", "SELECT 5::int2::bit(3)", "SELECT B'1'::bool", "SELECT B'1'::numeric", "SELECT 1.5::bit(3)",
    # operators
    "SELECT B'101' & B'011', B'101' | B'011', B'101' # B'011', ~B'101', B'101' << 1, B'101' >> 1",
    "SELECT B'101' << -1, B'101' >> -1, B'101' << 10, B'101' >> 100, B'' << 1, ~B'', B'1010' >> 2, B'1010' << 3",
    "SELECT B'101' << 2147483647, B'101' >> -2147483648, X'F0' & X'3C', ~X'0F'",
    "SELECT B'101' & B'01'", "SELECT B'101' | B'1'", "SELECT B'101' # B''", "SELECT B'1' & '1'::varbit(3)",
    "SELECT B'101' || B'11', B'101' || '1', B'' || B'', B'1'::bit(3) || B'0'",
    "SELECT B'101' = B'101', B'101' < B'11', B'101' < B'1010', B'10' < B'100', B'101'::varbit = B'101'::bit(3)",
    "SELECT B'101' = B'1010', B'' < B'0', B'0' < B'1', B'0111' < B'1', B'1' <> B'1', B'11' >= B'110'",
    "SELECT B'101' + B'1'", "SELECT B'101' = 5", "SELECT -B'1'",
    # functions
    "SELECT length(B'10101'), bit_length(B'10101'), octet_length(B'10101'), octet_length(B'111111111'), length(B'')",
    "SELECT position(B'01' IN B'10101'), position(B'' IN B'101'), position(B'' IN B''), position(B'1' IN B''),"
    " position(B'11' IN B'1'), position(B'111' IN B'0101')",
    "SELECT substring(B'10101' FROM 2 FOR 3), substring(B'10101' FROM 3), substring(B'10101' FROM 0 FOR 2),"
    " substring(B'10101' FROM -1 FOR 3), substring(B'10101' FROM 6), substring(B'10101' FROM 2 FOR 0)",
    "SELECT substring(B'10101', 2, 2), substring(B'10101', 4), substring(B'10101' FROM 2 FOR 2147483647)",
    "SELECT substring(B'10101' FROM 2 FOR -1)",
    "SELECT overlay(B'10101' PLACING B'00' FROM 2), overlay(B'10101' PLACING B'00' FROM 2 FOR 1),"
    " overlay(B'10101' PLACING B'111' FROM 4), overlay(B'101' PLACING B'0' FROM 1 FOR 0), overlay(B'1' PLACING B'0' FROM 5)",
    "SELECT overlay(B'101' PLACING B'0' FROM 0)", "SELECT overlay(B'101' PLACING B'0' FROM 2 FOR 2147483647)",
    "SELECT get_bit(B'10101', 1), get_bit(B'10101', 0), set_bit(B'10101', 1, 1), set_bit(B'10101', 4, 0)",
    "SELECT get_bit(B'101', 3)", "SELECT get_bit(B'101', -1)", "SELECT set_bit(B'101', 0, 2)", "SELECT set_bit(B'', 0, 1)",
    "SELECT bit_count(B'10101'), bit_count(B''), bit_count(X'FFFF'), pg_typeof(bit_count(B'1'))",
    "SELECT pg_typeof(substring(B'101' FROM 1)), pg_typeof(B'1'::varbit & B'1'), pg_typeof(~B'1'::varbit)",
    # ordering, grouping, aggregates, arrays
    "SELECT x FROM (VALUES (B'101'::varbit), (B'11'), (B'1'), (B''), (B'0'), (B'1000'), (NULL)) v(x) ORDER BY x",
    "SELECT x FROM (VALUES (B'101'::varbit), (B'11'), (B'0')) v(x) ORDER BY x DESC",
    "SELECT DISTINCT x FROM (VALUES (B'1'::varbit), (B'1'), (B'10')) v(x) ORDER BY x",
    "SELECT x, count(*) FROM (VALUES (B'1'::varbit), (B'1'), (B'10')) v(x) GROUP BY x ORDER BY x",
    "SELECT bit_and(x), bit_or(x), bit_xor(x) FROM (VALUES (B'101'), (B'011'), (NULL)) v(x)",
    "SELECT bit_and(x) FROM (VALUES (NULL::bit(3))) v(x)",
    "SELECT bit_xor(x) FROM (VALUES (B'1'), (B'10')) v(x)",
    "SELECT max(x) FROM (VALUES (B'101'::varbit), (B'11')) v(x)",
    "SELECT ARRAY[B'101', B'11'], '{101,11}'::varbit[], ('{101,11}'::varbit[])[2], '{1,0}'::bit[]",
    "SELECT B'1' IN (B'1', B'0'), coalesce(NULL, B'01'), greatest(B'01', B'1'), CASE WHEN false THEN B'1' ELSE B'10' END",
    # typed literals of the bit and character types (unconstrained without a length)
    "SELECT char 'abc', character 'xy', nchar 'ü', 'abc'::char, char(2) 'abc', character(4) 'ab', bit '101'",
    "SELECT pg_typeof(char 'abc'), pg_typeof(bit '101'), '101'::pg_catalog.bit, 'abc'::pg_catalog.bpchar",
    "SELECT char 'abc' = 'abc', length(char 'ab  '), bit '1' || bit '0', char varying 'xyz', varchar 'q'",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_bit_strings_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_random_bit_strings_as_postgresql(pg: Any) -> None:
    rng = random.Random(1560)
    conn = pydsql.connect(autocommit=True)
    for _ in range(40):
        n = rng.randrange(0, 20)
        a = "".join(rng.choice("01") for _ in range(n))
        b = "".join(rng.choice("01") for _ in range(n))
        c = "".join(rng.choice("01") for _ in range(rng.randrange(0, 5)))
        shift, start, length, bits = rng.randrange(-25, 25), rng.randrange(-3, 25), rng.randrange(0, 8), rng.randrange(1, 40)
        sql = (
            f"SELECT B'{a}' & B'{b}', B'{a}' | B'{b}', B'{a}' # B'{b}', ~B'{a}', B'{a}' << {shift}, B'{a}' >> {shift},"
            f" B'{a}' < B'{c}', position(B'{c}' IN B'{a}'), substring(B'{a}' FROM {start} FOR {length}),"
            f" B'{a}'::bit({bits}), B'{a}'::varbit({bits}), {rng.randrange(-99999, 99999)}::bit({bits}),"
            f" bit_count(B'{a}' || B'{c}')"
        )
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


def test_bit_strings_are_not_column_types_in_dsql() -> None:
    conn = pydsql.connect(autocommit=True)
    for column, name in (("b bit(3)", "bit(3)"), ("b bit", "bit(1)"), ("b varbit", "bit varying"),
                         ("b bit varying(8)", "bit varying(8)"), ("b bit(2)[]", "bit(2)[]")):
        with pytest.raises(pydsql.errors.FeatureNotSupported) as caught:
            conn.execute(f"CREATE TABLE t ({column})")
        assert str(caught.value) == f"datatype {name} not supported"
    conn.execute("CREATE TABLE flags (id int PRIMARY KEY, mask int NOT NULL)")
    conn.execute("INSERT INTO flags VALUES (1, 5), (2, 12)")
    rows = conn.execute("SELECT id, mask::bit(4), get_bit(mask::bit(4), 1) FROM flags ORDER BY id").fetchall()
    assert rows == [(1, "0101", 1), (2, "1100", 1)]  # psycopg returns bit strings as str

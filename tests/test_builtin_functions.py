"""Built-in functions pydsql lacked and PostgreSQL 16 has: the hyperbolic functions,
sha224/sha384/sha512, pg_sleep, pg_input_is_valid, bit_count(bytea), parse_ident,
length(bytea, encoding), the ``^@`` operator, setseed, and PostgreSQL 16's date_add,
date_subtract, unistr and random_normal, each against PostgreSQL (values,
NULL, NaN and infinities, overflow, error SQLSTATEs and messages)."""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql
from pydsql.cluster.clock import FixedClock

CASES: list[tuple[str, Any]] = []
for fn in ("sinh", "cosh", "tanh", "asinh", "acosh", "atanh"):
    for v in ("0", "1", "-1", "0.5", "-0.5", "2", "1000", "-1000", "'Infinity'", "'-Infinity'", "'NaN'", "1e-300", "NULL"):
        CASES.append((f"SELECT {fn}({v}::float8)", None))
for fn in ("sha224", "sha256", "sha384", "sha512"):
    CASES += [(f"SELECT {fn}('abc'::bytea), {fn}(''::bytea), encode({fn}('x'), 'hex')", None), (f"SELECT {fn}('abc')", None)]
CASES += [
    ("SELECT pg_sleep(0), pg_sleep(0.01), pg_sleep(-1), pg_sleep('NaN'), pg_sleep(NULL)", None),
    ("SELECT pg_typeof(pg_sleep(0))", None),
]
CASES += [(sql, None) for sql in [
    "SELECT 'abc' ^@ 'ab', 'abc' ^@ 'c', 'abc' ^@ '', NULL ^@ 'a'",
    "SELECT 1 ^@ 'a'",
    "SELECT bit_count('\\xff01'::bytea), bit_count(''::bytea), pg_typeof(bit_count('\\x01'::bytea)), bit_count(5)",
    "SELECT parse_ident('a.b.\"C\"'), parse_ident('\"a.b\"'), parse_ident('  a  .  b  '), parse_ident('A.b')",
    "SELECT parse_ident('\"a\"\"b\"'), parse_ident('a.b.c.d.e.f'), parse_ident('a b', false), parse_ident('abc()', false)",
    "SELECT parse_ident('a.')", "SELECT parse_ident('a b')", "SELECT parse_ident('')", "SELECT parse_ident('.a')",
    "SELECT parse_ident('\"unterminated')", "SELECT parse_ident('1abc')", "SELECT parse_ident('abc()')",
    "SELECT parse_ident('\"\"')", "SELECT parse_ident('a.\"\"')", "SELECT parse_ident(NULL), parse_ident('a', NULL)",
    "SELECT length('\\x0102'::bytea, 'UTF8'), length('\\xc3a4'::bytea, 'UTF8'), length('\\xc3a4'::bytea, 'LATIN1')",
    "SELECT length('\\xc3a4'::bytea, 'utf8'), length('\\xc3a4'::bytea, 'SQL_ASCII'), length(''::bytea, 'UTF8')",
    "SELECT length('\\xff'::bytea, 'UTF8')", "SELECT length('\\x01'::bytea, 'nosuch')",
    "SELECT setseed(0.5), pg_typeof(setseed(0.5)), setseed(-1), setseed(1), setseed(NULL)",
    "SELECT setseed(2)", "SELECT setseed(-1.5)", "SELECT setseed('NaN')",
    # PostgreSQL 16's pg_input_error_info
    "select * from pg_input_error_info('42', 'integer')",
    "select * from pg_input_error_info('42x', 'integer')",
    "select * from pg_input_error_info('3000000000', 'int4')",
    "select * from pg_input_error_info('abc', 'varchar(2)')",
    "select * from pg_input_error_info('2024-02-30', 'date')",
    "select message, sql_error_code from pg_input_error_info('{1,x}', 'int[]')",
    "select * from pg_input_error_info('x', 'nosuchtype')",
    "select * from pg_input_error_info(NULL, 'int')",
    "select pg_input_error_info('42x', 'integer')",
    "select * from pg_input_error_info('1e400', 'float8')",
    'select * from pg_input_error_info(\'{"a":\', \'jsonb\')',
    # PostgreSQL 16's date_add / date_subtract, unistr, random_normal
    "select date_add('2024-03-30 12:00+01'::timestamptz, '1 day'::interval, 'Europe/Berlin')",
    "select date_add('2024-03-30 12:00+01'::timestamptz, '1 day'::interval)",
    "select date_subtract('2024-03-31 12:00+02'::timestamptz, '1 day'::interval, 'Europe/Berlin')",
    "select date_add('2024-01-31 00:00+00'::timestamptz, '1 month')",
    "select date_add('2024-01-31'::timestamptz, '1 month', 'Nowhere/Zone')",
    "select date_add(NULL, '1 day'::interval), date_add(now(), NULL, 'UTC') is null",
    "select pg_typeof(date_add(now(), '1 day'))",
    "select unistr('d\\0061t\\+000061'), unistr('\\u0041\\U0001F600'), unistr('a\\\\b')",
    "select unistr('\\u00')",
    "select unistr('\\D83D\\DE00'), unistr('\\uD83D\\uDE00')",
    "select unistr('\\D83D')",
    "select unistr('x\\')",
    "select unistr('\\+110000')",
    'select unistr(NULL)',
    'select pg_typeof(random_normal()), pg_typeof(random_normal(1, 2)), random_normal(0, 0)',
    'select random_normal(0, -1) is not null',
    'select random_normal(stddev => 0), random_normal(mean => 5, stddev => 0), random_normal(5, stddev => 0)',
    'select random_normal(sigma => 1)',
    "select unistr('\\0000'), 1",
    "select unistr('\\uD83Dx')",
    "select unistr('\\D83D\\\\')",
    "select unistr('\\U0010FFFF') = chr(1114111)",
]]
for text, type_name in [
    ("42", "integer"), ("42x", "integer"), ("3000000000", "int4"), ("abc", "varchar(2)"), ("ab", "varchar(2)"),
    ("2024-02-30", "date"), ("2024-02-29", "date"), ("1.5", "numeric(2,1)"), ("12.5", "numeric(2,1)"), ("x", "nosuchtype"),
    ("{1,2}", "int[]"), ("{1,x}", "int[]"), ("t", "boolean"), ("maybe", "boolean"), ("1 day", "interval"), ("nope", "uuid"),
    ("", "text"), (None, "int4"), ("1", None), ("abc", "pg_catalog.text"), ("1e400", "float8"), ('{"a":', "jsonb"),
    ("[1]", "json"), ("1", "int 4"),
]:
    CASES.append(("SELECT pg_input_is_valid(%s, %s)", (text, type_name)))


@pytest.mark.parametrize("sql, params", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_functions_as_postgresql(pg: Any, sql: str, params: Any) -> None:
    conn = pydsql.connect(autocommit=True)
    compare(f"{sql} {params!r}", run_pydsql(conn, sql, params), run_postgres(pg, sql, params))


def test_pg_sleep_moves_a_fixed_clock_instead_of_sleeping() -> None:
    clock = FixedClock()
    conn = pydsql.Cluster(clock=clock).connect(autocommit=True)
    start = clock.monotonic()
    before, _, after = conn.execute("SELECT clock_timestamp(), pg_sleep(100), clock_timestamp()").fetchone()
    assert (after - before).total_seconds() == 100
    assert clock.monotonic() - start == 100  # the fixed clock's own time, not the wall clock


def test_pg_input_is_valid_of_a_domain_is_refused_not_guessed() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE DOMAIN posint AS int CHECK (VALUE > 0)")
    with pytest.raises(pydsql.errors.FeatureNotSupported):
        conn.execute("SELECT pg_input_is_valid('-1', 'posint')")


def test_setseed_repeats_the_session_random_sequence() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("SELECT setseed(0.25)")
    first = [conn.execute("SELECT random()").fetchone()[0] for _ in range(3)]
    conn.execute("SELECT setseed(0.25)")
    again = [conn.execute("SELECT random()").fetchone()[0] for _ in range(3)]
    assert first == again and len(set(first)) == 3
    other = pydsql.connect(autocommit=True)  # another session: its own sequence (the cluster clock's)
    assert other.execute("SELECT random()").fetchone()[0] not in first


def test_set_config_refuses_what_set_refuses() -> None:
    """DSQL refuses custom settings (``SET app.user = ...``: 0A000); set_config is SET."""
    conn = pydsql.connect(autocommit=True)
    with pytest.raises(pydsql.errors.FeatureNotSupported, match='configuration parameter "app.user" not supported'):
        conn.execute("SELECT set_config('app.user', '42', false)")
    assert conn.execute("SELECT set_config('search_path', 'public', false)").fetchone() == ("public",)

"""How PostgreSQL reads a call, against PostgreSQL 16: quoted function names
(``"lower"(x)`` is the function lower), type names called as functions
(``date(x)``, ``int4('12')``, ``text(1)``: PostgreSQL's function-style casts), the
SQL-standard value functions (``current_date`` takes no parentheses,
``current_time(2)`` a precision it rounds to), and ``normalize``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

QUOTED_NAMES = [
    "SELECT \"position\"('bab', 'a')",  # the function position(string, substring): 2
    "SELECT \"lower\"('ABC'), \"upper\"('x'), \"length\"('abc'), \"md5\"('a'), \"repeat\"('a', 3)",
    "SELECT \"left\"('abc', 2), \"right\"('abc', 2), \"replace\"('abc', 'b', 'x'), \"concat\"(1, 2)",
    "SELECT \"round\"(1.5), \"abs\"(-1), \"ceil\"(1.5), \"sqrt\"(4)",
    "SELECT \"count\"(*), \"string_agg\"('a', ',')",
    "SELECT \"array_agg\"(x), \"sum\"(x) FROM (VALUES (1), (2)) v(x)",
    "SELECT \"date_trunc\"('day', '2024-05-06 07:08'::timestamp)",
    "SELECT \"substring\"('hello', 2, 2), \"overlay\"('hello', 'X', 2)",
    "SELECT \"extract\"('year', '2020-01-01'::date)",
    "SELECT \"Lower\"('ABC')",  # quoted: case-sensitive, no such function
    "SELECT \"coalesce\"(NULL, 1)",  # COALESCE is syntax, not a function
    "SELECT \"greatest\"(1, 2)",
    "SELECT \"nullif\"(1, 2)",
    "SELECT \"trim\"(' x')",
    "SELECT \"row\"(1, 2)",
    "SELECT \"cast\"(1)",
    "SELECT 'abc'::\"varchar\"(2)",  # a quoted type name with a modifier stays a type
    "SELECT \"row_number\"() OVER (), \"rank\"() OVER (ORDER BY 1)",
    "SELECT \"pg_catalog\".\"lower\"('A')",
]

FUNCTION_STYLE_CASTS = [
    "SELECT int4(1.5), int4(true), pg_catalog.int4(2.5), float8(1), float4(1)",
    "SELECT text(1), text(true), text('2026-11-28'::date)",
    "SELECT bool('t'), int8('12'), \"int8\"('12'), name('abc'), oid(1), bpchar('ab'), \"char\"('a')",
    "SELECT date('2020-01-01 10:00'), \"date\"('2020-01-01 10:00'), date('2020-01-01 10:00'::timestamp)",
    "SELECT date(x) FROM (VALUES ('2024-02-29 23:59'::timestamp), (NULL)) v(x)",
    "SELECT jsonb('{\"a\":1}'), regclass('pg_class'), \"numeric\"('12.5'), \"time\"('10:00:01')",
    "SELECT int4('1.5')",  # 22P02, as the cast
    "SELECT int2(70000)",  # 22003
    "SELECT date(1)",  # no cast from integer to date: no such function
    "SELECT text(row(1, 2))",  # a row to a string type is not a function-style cast
    "SELECT int4(1, 2)",  # two arguments: no such function
    "SELECT \"integer\"('1')",  # not a pg_type name
]

VALUE_FUNCTIONS = [
    "SELECT current_date()",
    "SELECT current_user()",
    "SELECT session_user()",
    "SELECT current_role()",
    "SELECT current_catalog()",
    "SELECT user()",
    "SELECT user(1)",
    "SELECT current_date(1)",
    "SELECT current_time()",
    "SELECT current_timestamp()",
    "SELECT localtime()",
    "SELECT localtimestamp()",
    "SELECT current_time(1.5)",
    "SELECT current_time(-1)",
    "SELECT \"current_date\"()",
    "SELECT \"current_timestamp\"()",
    "SELECT \"localtimestamp\"()",
    "SELECT \"user\"()",
    "SELECT \"current_role\"()",
    "SELECT pg_catalog.current_date()",
    "SELECT \"current_schema\"(), current_schema(), \"current_catalog\"(), \"current_database\"()",
    "SELECT current_time(2) IS NOT NULL, current_timestamp(7) IS NOT NULL, localtime(0) = localtime(0)",
    "SELECT pg_typeof(current_time(2)), pg_typeof(localtime(2)), pg_typeof(current_timestamp(2)), pg_typeof(localtimestamp(2))",
    # the precision rounds the value, as a cast to time(p) / timestamp(p) does
    "SELECT extract(microseconds FROM localtimestamp(0))::int % 1000000 = 0,"
    " extract(microseconds FROM current_timestamp(1))::int % 100000 = 0,"
    " extract(microseconds FROM current_time(0))::int % 1000000 = 0,"
    " extract(microseconds FROM localtime(2))::int % 10000 = 0",
]

NORMALIZE = [
    "SELECT normalize('abc'), normalize('abc', NFD), normalize('abc', NFKC), normalize('abc', NFKD)",
    "SELECT normalize('abc', XYZ)",
    "SELECT normalize('abc', 'NFD'), \"normalize\"('abc', 'nfd')",
    "SELECT \"normalize\"('abc', 'x')",
    "SELECT normalize(NULL), normalize(1)",
    "SELECT length(normalize(chr(228), NFD)), normalize(chr(97) || chr(776), NFC) = chr(228)",
    "SELECT is_normalized('abc'), is_normalized(chr(97) || chr(776)), is_normalized(chr(97) || chr(776), 'NFD')",
    "SELECT is_normalized('abc', 'X')",
]

CASES = QUOTED_NAMES + FUNCTION_STYLE_CASTS + VALUE_FUNCTIONS + NORMALIZE


@pytest.mark.parametrize("sql", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_calls_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


#: A keyword type name before '(' is a type with modifiers in PostgreSQL's grammar, which
#: only a string constant may follow: not a call (sqlglot read these as calls)
KEYWORD_TYPE_NAMES = [
    "SELECT numeric('12.5')", "SELECT varchar(12)", "SELECT int('5')", "SELECT integer('5')", "SELECT smallint(1)",
    "SELECT bigint(1)", "SELECT real(1)", "SELECT boolean('t')", "SELECT float(1)", "SELECT float('1')",
    "SELECT decimal('1')", "SELECT dec('1')", "SELECT numeric('12.5') + 1", "SELECT numeric(10, 2)",
    "SELECT char('a')", "SELECT char(1)", "SELECT nchar(2)", "SELECT timestamp(3)", "SELECT timestamp('2020-01-01')",
    "SELECT time('10:00')", "SELECT interval(1)", "SELECT interval('1 day')", "SELECT 1 WHERE numeric('1') > 0",
    "SELECT varchar(1, 2) 'a'", "SELECT 1, int(2) FROM (VALUES (1)) v(x)",
    # what stays valid: typed literals with modifiers, type positions, quoted and qualified names
    "SELECT numeric(10, 2) '1.555', character(1) 'ab', varchar(3) 'abcdef'",
    "SELECT timestamp(0) '2020-01-01 10:00:00.7', time(0) '10:00:00.6'",
    "SELECT timestamp(0) with time zone '2020-01-01 10:00:00.7+00'",
    "SELECT x::numeric(10,2), CAST(x AS varchar(3)), CAST(x AS float(24)) FROM (VALUES (1.234)) v(x)",
    "SELECT * FROM jsonb_to_record('{\"a\": 1.5}') AS r(a numeric(10,2))",
    "SELECT pg_catalog.numeric('1.5'), \"numeric\"('1.5'), date('2020-01-01'), text(1)",
]


@pytest.mark.parametrize("sql", KEYWORD_TYPE_NAMES)
def test_keyword_type_names_are_not_functions(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_keyword_type_names_in_table_definitions() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute(
        "CREATE TABLE kt (numeric numeric(10, 2), time time(0), ts timestamp(3) with time zone DEFAULT now(), "
        "v varchar(5) CHECK (v <> ''), PRIMARY KEY (numeric))"
    )
    conn.execute("INSERT INTO kt (numeric, time, v) VALUES (1.555, '10:00:00.6', 'x')")
    assert conn.execute("SELECT numeric, time FROM kt").fetchone() == (Decimal("1.56"), datetime.time(10, 0, 1))


def test_a_domain_called_as_a_function_is_a_cast_to_it() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE DOMAIN positive AS int CHECK (VALUE > 0)")
    assert conn.execute("SELECT positive('3'), positive(4)").fetchone() == (3, 4)
    with pytest.raises(pydsql.errors.CheckViolation):
        conn.execute("SELECT positive(-1)")

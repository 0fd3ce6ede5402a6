"""Quoted type names, looked up as PostgreSQL looks them up: exactly as written, among
pg_type's names (``"int4"``, not ``"integer"``, ``"INT4"`` or ``"boolean"``) and the
domains; ``"bit"`` is the type itself, without the grammar's length 1, and ``"char"`` the
system catalogs' one-byte type.  Compared with PostgreSQL 16, after ``::`` and in CAST.
An array of a type that does not exist names it ``name[]``, quoted or not."""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import run_script

STATEMENTS = [
    "SELECT '1'::\"int4\", '1'::\"int8\", '1.5'::\"float8\", 't'::\"bool\", 'x'::\"text\", 'x'::\"varchar\"",
    "SELECT '101'::\"bit\", '101'::\"varbit\"(2), 'abc'::\"bpchar\", 'abc'::\"char\", '1.234'::\"numeric\"(5,2)",
    "SELECT pg_typeof('1'::\"int4\"), pg_typeof('1'::\"bit\"), pg_typeof('a'::\"char\"), '{1,2}'::\"int4\"[]",
    "SELECT '2020-01-01'::\"date\", '2020-01-01 10:00'::\"timestamp\", '1 day'::\"interval\", 'pg_class'::\"regclass\"",
    "SELECT CAST('5' AS \"int4\"), CAST('101' AS \"bit\"), CAST('1' AS pg_catalog.\"int8\"), '1'::pg_catalog.\"bit\"",
    "SELECT '1'::\"integer\"", "SELECT '1'::\"INT4\"", "SELECT 'x'::\"Text\"", "SELECT 't'::\"boolean\"",
    "SELECT '1'::\"int\"", "SELECT '1'::\"double precision\"", "SELECT '1'::\"smallint\"", "SELECT '1'::\"decimal\"",
    "SELECT 'x'::\"character varying\"", "SELECT CAST('5' AS \"integer\")", "SELECT '1'::pg_catalog.\"integer\"",
    "SELECT '1'::public.\"int4\"", "SELECT '{1}'::\"integer\"[]", "SELECT '1'::\"\"",
    "SELECT '{1}'::foo[]", "SELECT '{1}'::serial[]", "SELECT '{1}'::public.foo[]",  # an array names its type "x[]"
    "CREATE DOMAIN \"integer\" AS int8 CHECK (VALUE > 0)",
    "SELECT '5'::\"integer\", CAST('7' AS \"integer\")",
    "SELECT '-5'::\"integer\"",
    "SELECT 1 AS \"integer\", \"integer\".x FROM (SELECT 2 AS x) AS \"integer\"",
]


def test_quoted_type_names_as_postgresql(pg: Any) -> None:
    pg.execute('DROP DOMAIN IF EXISTS "integer"')
    try:
        run_script(pg, STATEMENTS)
    finally:
        pg.execute('DROP DOMAIN IF EXISTS "integer"')


@pytest.mark.parametrize(("sql", "expected"), [('SELECT %s::"int4"', 101), ('SELECT CAST(%s AS "bit")', "101")])
def test_quoted_type_names_with_parameters(sql: str, expected: object) -> None:
    conn = pydsql.connect(autocommit=True)
    assert conn.execute(sql, ("101",)).fetchone() == (expected,)

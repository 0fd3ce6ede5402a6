"""``U&'...'`` string constants (Unicode escapes, ``UESCAPE``) against PostgreSQL 16:
the values, and its 42601 errors for bad escapes, lone surrogates, values out
of range and bad escape characters."""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

STATEMENTS = [
    "SELECT U&'\\0041bc', U&'d\\0061t\\+000061', U&'d!0061t' UESCAPE '!', u&'\\0041'",
    "SELECT U&'\\\\', U&'a!!b' UESCAPE '!', U&'', U&'it''s', U&'a' || 'b'",
    "SELECT U&'\\D83D\\DE00', length(U&'\\+01F600'), U&'\\0041'::char(3), U&'\\110000'",
    "SELECT pg_typeof(U&'a'), U&'\\00e4' = 'ä'",
    "SELECT U&'\\00'", "SELECT U&'\\+00004'", "SELECT U&'a\\'", "SELECT U&'a!' UESCAPE '!'",
    "SELECT U&'\\D83D'", "SELECT U&'\\DE00'", "SELECT U&'\\D83Dx'", "SELECT U&'\\D83D\\\\'", "SELECT U&'\\D83D\\0041'",
    "SELECT U&'\\0000'", "SELECT U&'\\+110000'",
    "SELECT U&'x' UESCAPE 'ab'", "SELECT U&'x' UESCAPE 'a'", "SELECT U&'x' UESCAPE '+'", "SELECT U&'x' UESCAPE ''''",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_unicode_strings_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_a_unicode_string_in_a_table() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (s text DEFAULT U&'\\00e9t\\00e9')")
    conn.execute("INSERT INTO t VALUES (DEFAULT), (U&'caf\\00e9')")
    assert conn.execute("SELECT s FROM t ORDER BY s").fetchall() == [("café",), ("été",)]

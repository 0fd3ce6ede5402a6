"""The pyformat paramstyle with psycopg 3's rules (placeholders everywhere, %% escapes)."""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from pydsql.params import bind


@pytest.mark.parametrize(
    ("query", "params", "sql", "values"),
    [
        ("SELECT %s, %s", (1, 2), "SELECT $1, $2", (1, 2)),
        ("SELECT %(a)s, %(b)s, %(a)s", {"a": 1, "b": 2}, "SELECT $1, $2, $1", [1, 2]),
        ("SELECT 5 %% 3, %s", (1,), "SELECT 5 % 3, $1", (1,)),
        ("SELECT '%s'", (1,), "SELECT '$1'", (1,)),  # psycopg does not look inside quotes
        ("SELECT %b, %t", (1, 2), "SELECT $1, $2", (1, 2)),
        ("SELECT 5 % 3", None, "SELECT 5 % 3", None),  # no parameters: text as it is
        ("SELECT 1", (), "SELECT 1", ()),
        ("SELECT 1", {}, "SELECT 1", []),
    ],
)
def test_bind(query: str, params: Any, sql: str, values: Any) -> None:
    got_sql, got_values = bind(query, params)
    assert got_sql == sql
    assert (list(got_values) if got_values is not None else None) == (list(values) if values is not None else None)


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("SELECT %s, %s", (1,), "the query has 2 placeholders but 1 parameters were passed"),
        ("SELECT %s", (1, 2), "the query has 1 placeholders but 2 parameters were passed"),
        ("SELECT %x", (1,), "only '%s', '%b', '%t' are allowed as placeholders, got '%x'"),
        ("SELECT %(a)s, %s", {"a": 1}, "positional and named placeholders cannot be mixed"),
        ("SELECT %(a)s", {"b": 1}, "query parameter missing: a"),
        ("SELECT 5 % 3", (), "incomplete placeholder: '%'; if you want to use '%' as an operator you can double it up, i.e. use '%%'"),
        ("SELECT %s", "ab", "query parameters should be a sequence or a mapping, got str"),
        ("SELECT %(a)s", (1,), "query parameters should be a mapping for named placeholders, got tuple"),
    ],
)
def test_bad_parameters_are_programming_errors(query: str, params: Any, message: str) -> None:
    conn = pydsql.connect()
    with pytest.raises(pydsql.ProgrammingError) as exc:
        conn.execute(query, params)
    assert str(exc.value) == message


def test_parameters_in_a_multi_statement_string_are_refused() -> None:
    with pytest.raises(pydsql.errors.SyntaxError) as exc:
        pydsql.connect().execute("SELECT %s; SELECT 2", (1,))
    assert str(exc.value) == "cannot insert multiple commands into a prepared statement"


def test_named_parameters_end_to_end() -> None:
    conn = pydsql.connect()
    assert conn.execute("SELECT %(x)s + %(y)s, %(x)s", {"x": 2, "y": 3}).fetchone() == (5, 2)


def test_percent_literal_without_parameters() -> None:
    conn = pydsql.connect()
    assert conn.execute("SELECT 7 % 4").fetchone() == (3,)
    assert conn.execute("SELECT 'a%b'").fetchone() == ("a%b",)
    assert conn.execute("SELECT 'a%%b' || %s", ("c",)).fetchone() == ("a%bc",)


@pytest.mark.parametrize(
    ("query", "params", "expected"),
    [
        # psycopg's habit: no space after the comma.  sqlglot alone reads "$1,$" as the
        # opening of a dollar-quoted string; PostgreSQL never does (a tag cannot start
        # with a digit).
        ("SELECT %s,%s", (1, 2), (1, 2)),
        ("SELECT (%s),%s,(%s)", (1, 2, 3), (1, 2, 3)),
        ("SELECT '$1,$2', %s,%s", (1, 2), ("$1,$2", 1, 2)),
        ("SELECT $$a,$1$$, %s,%s", (1, 2), ("a,$1", 1, 2)),
        ("SELECT %s,%s -- $1,$2\n, 3", (1, 2), (1, 2, 3)),
    ],
)
def test_parameters_without_spaces_between_them(query: str, params: Any, expected: tuple[Any, ...]) -> None:
    conn = pydsql.connect()
    assert conn.execute(query, params).fetchone() == expected


def test_insert_values_without_spaces() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY, b text)")
    conn.execute("INSERT INTO t VALUES (%s,%s)", (1, "x"))
    conn.cursor().executemany("INSERT INTO t VALUES (%s,%s)", [(2, "y"), (3, "z")])
    assert conn.execute("SELECT a,b FROM t ORDER BY a").fetchall() == [(1, "x"), (2, "y"), (3, "z")]


def test_an_unterminated_dollar_quote_after_a_parameter_is_still_reported() -> None:
    conn = pydsql.connect()
    with pytest.raises(pydsql.errors.SyntaxError, match=r'unterminated dollar-quoted string at or near "\$\$abc"') as info:
        conn.execute("SELECT %s,$$abc", (1,))
    assert info.value.sqlstate == "42601"

"""DSQL's refusals of types it lacks or keeps to expressions (reference sections 3 and 7).

The geometric types are refused even in expressions (recorded: ``line(...)``,
``circle(...)``); text search has only the ``simple`` configuration in DSQL,
and pydsql implements no text search at all, so a call naming another
configuration fails as DSQL's does (42704, during analysis) and any other
text search call is 0A000.
"""

from __future__ import annotations

import pytest

import pydsql


def _error(sql: str) -> tuple[str | None, str]:
    conn = pydsql.connect(autocommit=True)
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    return info.value.sqlstate, str(info.value)


@pytest.mark.parametrize("sql, name", [
    ("SELECT line('{1,2,3}')", "line"),
    ("SELECT circle('<(0,0),1>'::text)", "circle"),
    ("SELECT point(1, 2)", "point"),
    ("SELECT '(1,2)'::point", "point"),
    ("SELECT CAST('((0,0),(1,1))' AS box)", "box"),
    ("CREATE TABLE t (p polygon)", "polygon"),
    ("CREATE TABLE t (id int PRIMARY KEY, s lseg)", "lseg"),
])
def test_geometric_types_are_refused_everywhere(sql: str, name: str) -> None:
    assert _error(sql) == ("0A000", f"datatype {name} not supported")


@pytest.mark.parametrize("sql", [
    "SELECT to_tsvector('english', 'hello world')",
    "SELECT to_tsquery('english', 'hello & world')",
    "SELECT plainto_tsquery('English', 'x')",
    "SELECT websearch_to_tsquery('english', 'hello world')",
    "SELECT 1 WHERE to_tsvector('english', 'a') @@ to_tsquery('simple', 'a')",
])
def test_text_search_configurations_other_than_simple_do_not_exist(sql: str) -> None:
    assert _error(sql) == ("42704", 'text search configuration "english" does not exist')


@pytest.mark.parametrize("sql", [
    "SELECT to_tsvector('simple', 'hello world')",
    "SELECT to_tsvector('hello world')",
    "SELECT 'a' @@ 'b'",
])
def test_text_search_is_not_implemented(sql: str) -> None:
    sqlstate, message = _error(sql)
    assert sqlstate == "0A000" and "text search" in message

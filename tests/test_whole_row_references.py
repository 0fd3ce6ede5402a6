"""Whole-row references against PostgreSQL 16: ``t.*`` inside an expression is t's
whole row (``count(t.*)``, ``row_to_json(t.*)``), inside ``ROW(...)`` its columns;
and the row an outer join makes up for a missing match is NULL itself, not a
row of NULLs, so ``count(b)`` / ``count(b.*)`` over a LEFT JOIN counts only the
matches (the usual "parents with their number of children" query)."""

from __future__ import annotations

from typing import Any

import pytest

from differential import run_script

SETUP = [
    "CREATE TABLE ta (id int PRIMARY KEY, v text)",
    "CREATE TABLE tb (id int PRIMARY KEY, aid int, w int)",
    "INSERT INTO ta VALUES (1, 'x'), (2, NULL), (3, 'z')",
    "INSERT INTO tb VALUES (1, 1, 5), (2, 1, NULL), (3, 3, NULL)",
]

STATEMENTS = [
    "SELECT count(ta.*) FROM ta",
    "SELECT ta.id, count(tb.*) FROM ta LEFT JOIN tb ON tb.aid = ta.id GROUP BY ta.id ORDER BY 1",
    "SELECT ta.id, count(tb.*), count(tb.w), count(tb) FROM ta LEFT JOIN tb ON tb.aid = ta.id GROUP BY ta.id ORDER BY 1",
    "SELECT ta.id, count(tb) FROM tb RIGHT JOIN ta ON tb.aid = ta.id GROUP BY ta.id ORDER BY 1",
    "SELECT count(ta), count(tb) FROM ta FULL JOIN tb ON tb.aid = ta.id",
    "SELECT count(x) FROM ta LEFT JOIN (SELECT 1 AS one) x ON ta.id = 2",
    "SELECT count(tb) FROM ta LEFT JOIN tb ON true WHERE tb.id IS NULL",
    "SELECT ta.id, (SELECT count(tb) FROM tb WHERE tb.aid = ta.id) FROM ta ORDER BY 1",
    "SELECT ta.id, tb IS NULL, tb IS NOT NULL, tb::text FROM ta LEFT JOIN tb ON tb.aid = ta.id ORDER BY ta.id, tb.id",
    "SELECT ta.id, to_jsonb(tb) FROM ta LEFT JOIN tb ON tb.aid = ta.id ORDER BY ta.id, tb.id",
    "SELECT tb.* IS NULL FROM ta LEFT JOIN tb ON tb.aid = ta.id ORDER BY ta.id, tb.id",
    "SELECT row_to_json(ta.*) FROM ta ORDER BY id",
    "SELECT to_jsonb(ta.*) FROM ta ORDER BY id",
    "SELECT json_agg(ta.* ORDER BY id) FROM ta",
    "SELECT ta.* IS NULL, ta.* IS NOT NULL FROM ta ORDER BY id",
    "SELECT count(DISTINCT ta.*) FROM ta",
    "SELECT row(ta.*) FROM ta ORDER BY id",  # in a row constructor: the columns
    "SELECT row(ta.*, 1) FROM ta ORDER BY id",
    "SELECT ta.*::text FROM ta ORDER BY id",
    "SELECT ta.* FROM ta ORDER BY id",
    "SELECT count(x.*) FROM ta",
    "SELECT (SELECT row(1, 2) WHERE false) IS NULL, (SELECT row(1, 2) WHERE false) IS NOT NULL",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_whole_rows_as_postgresql(pg: Any, sql: str) -> None:
    run_script(pg, [*SETUP, sql])

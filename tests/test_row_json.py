"""Row values in JSON: ``to_json(t)``, ``json_agg(t)``, ``row_to_json(ROW(...))``.

PostgreSQL turns a row value (a table's row read whole, a subquery's row, a
``ROW(...)`` constructor) into a JSON object of its fields, each converted as
its own type would be (numbers stay numbers, json is embedded, dates take the
ISO form, a row inside a row is an object too).  ``SELECT json_agg(t) FROM t``
is how many applications build API responses, so pydsql must answer exactly
what PostgreSQL answers: each statement runs on both and the results must agree.
"""

from __future__ import annotations

from typing import Any

import pytest

from differential import run_script

SETUP = [
    "CREATE TABLE t (id int PRIMARY KEY, name text, n numeric(5,2), d date, j jsonb, b boolean, f float8,"
    " ts timestamptz, jj json, v varchar(5), u uuid, iv interval, by bytea)",
    "INSERT INTO t VALUES (1, 'a\"b', 1.5, '2024-01-02', '{\"x\": [1, null]}', true, 1.5e300, '2024-01-02 03:04:05+02',"
    " '{\"y\" : 1}', 'v', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 2 hours', 'ab'),"
    " (2, NULL, NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL, NULL, NULL)",
]

STATEMENTS = [
    "SELECT to_json(t) FROM t ORDER BY id",
    "SELECT to_jsonb(t) FROM t ORDER BY id",
    "SELECT row_to_json(t) FROM t ORDER BY id",
    "SELECT row_to_json(t, true) FROM t ORDER BY id",
    "SELECT json_agg(t ORDER BY id) FROM t",
    "SELECT jsonb_agg(t ORDER BY id) FROM t",
    "SELECT json_build_object('r', t) FROM t ORDER BY id",
    "SELECT jsonb_build_object('r', t) FROM t ORDER BY id",
    "SELECT json_build_array(t, 1) FROM t ORDER BY id",
    "SELECT json_object_agg(id, t ORDER BY id) FROM t",
    "SELECT array_to_json(array_agg(t ORDER BY id)) FROM t",
    "SELECT to_json(t) -> 'name', to_jsonb(t) ->> 'n', to_jsonb(t) -> 'j' FROM t ORDER BY id",
    "SELECT to_json(s) FROM (SELECT id, ARRAY[id, NULL] AS a, ARRAY['x', NULL] AS b FROM t) s ORDER BY id",
    "SELECT row_to_json(s) FROM (SELECT id, name AS nm FROM t) s ORDER BY 1::text",
    "SELECT to_json(s) FROM (SELECT 1 AS a, 2 AS b) s",
    "SELECT json_agg(s) FROM (SELECT id, d FROM t ORDER BY id) s",
    "SELECT to_json(x) FROM jsonb_each('{\"a\": 1, \"b\": [2]}') x ORDER BY 1::text",
    "SELECT row_to_json(ROW(1, 'a', NULL)), to_json(ROW(1, 2.5, true)), to_jsonb(ROW('x', 1))",
    "SELECT to_json(ROW(ARRAY[1, 2], '{\"a\": 1}'::json, '{\"b\": 2}'::jsonb, '2024-01-02'::date))",
    "SELECT row_to_json(ROW(1, ROW(2, 'x'))), to_jsonb(ROW(1, ROW(NULL, ROW(3))))",
    "SELECT row_to_json(1)",
    "SELECT row_to_json(NULL)",
    "SELECT row_to_json('x')",
    # rows inside rows, outside JSON: their text, as before
    "SELECT ROW(1, ROW(2, 'x'))::text, ROW(1, ROW(2, 'x')) IS NULL, ROW(ROW(NULL)) IS NULL",
    "SELECT ROW(1, ROW(2, 'x'))",
    "SELECT count(DISTINCT ROW(id % 2, ROW(1))) FROM t",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_row_values_in_json_as_postgresql(pg: Any, sql: str) -> None:
    run_script(pg, [*SETUP, sql])  # a fresh database on each side, the setup compared too

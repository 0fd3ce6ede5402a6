"""json/jsonb and arrays at the DB-API boundary, compared with psycopg 3 on PostgreSQL 16.

Python values in: a ``list`` parameter is an array typed as psycopg types it
(``[1, 2]`` a smallint[], a list of strings untyped), ``Json``/``Jsonb``
wrappers (pydsql's, or psycopg's own) send json/jsonb, a ``dict`` is refused
as psycopg refuses it.  Python values out: json/jsonb as ``json.loads`` of
their text, arrays as (nested) lists of their elements' Python values.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

import pytest

import pydsql

pytestmark = pytest.mark.differential


def _outcome(conn: Any, sql: str, params: Any = None) -> Any:
    """(column names and type codes, rows) or the error's class name, SQLSTATE and message."""
    try:
        cur = conn.execute(sql, params)
        return [(d.name, d.type_code) for d in cur.description], cur.fetchall()
    except Exception as e:  # noqa: BLE001 - both drivers' errors are compared by class name
        return type(e).__name__, getattr(e, "sqlstate", None), str(e).splitlines()[0]


@pytest.fixture
def both(pg: Any) -> tuple[Any, pydsql.Connection]:
    return pg, pydsql.connect(autocommit=True)


def _norm(v: Any) -> Any:
    """NaN equal to itself; aware datetimes compare by instant (zoneinfo vs timezone.utc)."""
    if isinstance(v, float) and v != v:
        return "NaN"
    if isinstance(v, (list, tuple)):
        return type(v)(_norm(x) for x in v)
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def _same(both: tuple[Any, pydsql.Connection], sql: str, params: Any = None) -> None:
    theirs = _norm(_outcome(both[0], sql, params))
    mine = _norm(_outcome(both[1], sql, params))
    assert mine == theirs, f"\n  sql: {sql} {params!r}\n  pydsql:     {mine!r}\n  postgresql: {theirs!r}"


RESULTS = [
    "SELECT '{\"a\": 1, \"b\": [1.5, null, \"x\"], \"c\": {\"d\": true}}'::jsonb",
    "SELECT '{\"a\" : 1.0, \"a\": 2}'::json, '[]'::json, '{}'::jsonb",
    "SELECT 'null'::jsonb, 'null'::json, '\"s\"'::jsonb, '12'::jsonb, '12.50'::jsonb, '1e3'::json, 'false'::jsonb",
    "SELECT '123456789012345678901234567890'::jsonb, '0.1'::jsonb, '-0'::json",
    "SELECT NULL::jsonb, NULL::json",
    "SELECT ARRAY[1, 2], ARRAY[[1, 2], [3, 4]], '{}'::int[], ARRAY[NULL::int]",
    "SELECT ARRAY[1::smallint], ARRAY[1::bigint], ARRAY[1.50], ARRAY[1.5::float8], ARRAY[0.1::real]",
    "SELECT ARRAY['a', NULL, 'b c'], ARRAY['x'::char(3)], ARRAY['y'::varchar], ARRAY[true, false]",
    "SELECT ARRAY['2024-01-02'::date], ARRAY['2024-01-02 03:04:05'::timestamp], ARRAY['2024-01-02 03:04:05+00'::timestamptz]",
    "SELECT ARRAY['01:02:03'::time], ARRAY['1 day 2 hours'::interval, '-3 months'::interval]",
    "SELECT ARRAY['\\x00ff'::bytea], ARRAY['00000000-0000-0000-0000-000000000001'::uuid]",
    "SELECT ARRAY['{\"a\": 1}'::jsonb, 'null', NULL], ARRAY['[1, 2]'::json]",
    "SELECT regexp_match('ab', '(a)(b)'), string_to_array('a,b', ','), regexp_split_to_array('a b', ' ')",
    "SELECT jsonb_build_object('a', ARRAY[1, 2], 'b', now() IS NOT NULL), json_agg(x) FROM (VALUES (1), (2)) v(x)",
]

PARAMETERS: list[tuple[str, Any]] = [
    ("SELECT %s", [1, 2]),
    ("SELECT %s", [1, 70000]),
    ("SELECT %s", [-40000, 5]),
    ("SELECT %s", [1, 2**40]),
    ("SELECT %s", [1, 2**70]),
    ("SELECT %s", [1.5, float("inf"), float("nan")]),
    ("SELECT %s", [decimal.Decimal("1.50"), None]),
    ("SELECT %s", [True, None, False]),
    ("SELECT %s", [datetime.date(2024, 1, 2)]),
    ("SELECT %s", [datetime.datetime(2024, 1, 2, 3, 4, 5, 6)]),
    ("SELECT %s", [datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))]),
    ("SELECT %s", [datetime.time(1, 2, 3)]),
    ("SELECT %s", [datetime.timedelta(days=1, seconds=5)]),
    ("SELECT %s", [uuid.UUID(int=7)]),
    ("SELECT %s", [b"\x00\xff", b'"\\']),
    ("SELECT %s", [[1, 2], [3, 4]]),
    ("SELECT %s", [[1, None], [None, 2]]),
    ("SELECT %s", [[1], [2, 3]]),
    ("SELECT %s", [1, None, [2]]),
    ("SELECT %s", ["a", "b c", None, "NULL", "", 'x"y', "a\\b", "{}"]),
    ("SELECT %s::text[]", ["a", "b c", None, "NULL", "", 'x"y', "a\\b", "{}"]),
    ("SELECT %s", []),
    ("SELECT %s::int[]", []),
    ("SELECT %s", [None]),
    ("SELECT %s", [[None, None]]),
    ("SELECT %s", [1.5, 2]),
    ("SELECT %s", [1, "a"]),
    ("SELECT %s", [True, 1]),
    ("SELECT %s", {"a": 1}),
    ("SELECT 2 = ANY(%s)", [1, 2]),
    ("SELECT 'b' = ANY(%s)", ["a", "b"]),
    ("SELECT 3 = ANY(%s::int[])", ["1", "3"]),
    ("SELECT array_length(%s, 1), cardinality(%s)", None),
    ("SELECT %s || 3", [1, 2]),
    ("SELECT unnest FROM unnest(%s) ORDER BY 1", [3, 1, 2]),
    ("SELECT * FROM unnest(%s::text[]) AS u(v) ORDER BY 1", ["b", "a"]),
]


@pytest.mark.parametrize("sql", RESULTS)
def test_result_values(both: tuple[Any, pydsql.Connection], sql: str) -> None:
    _same(both, sql)


@pytest.mark.parametrize("index", range(len(PARAMETERS)))
def test_parameters(both: tuple[Any, pydsql.Connection], index: int) -> None:
    sql, value = PARAMETERS[index]
    if value is None:
        value = [1, 2, 3]
        _same(both, sql, (value, value))
    else:
        _same(both, sql, (value,))


def test_json_wrappers(both: tuple[Any, pydsql.Connection]) -> None:
    from psycopg.types.json import Json, Jsonb

    for obj in ({"a": 1, "b": [1.5, None, "x"]}, [1, "two"], "s", 12, 1.5, True, None, {"k": {"n": []}}):
        # psycopg's wrappers on both sides; pydsql also has its own
        _same(both, "SELECT %s, %s", (Json(obj), Jsonb(obj)))
        _same(both, "SELECT %s::text, %s::text", (Json(obj), Jsonb(obj)))
        assert both[1].execute("SELECT %s, %s", (pydsql.Json(obj), pydsql.Jsonb(obj))).fetchall() == \
            both[0].execute("SELECT %s, %s", (Json(obj), Jsonb(obj))).fetchall()
    _same(both, "SELECT %s -> 'a'", (Jsonb({"a": [1]}),))
    _same(both, "SELECT %s::jsonb ? 'a'", (Json({"a": None}),))
    _same(both, "SELECT %s", (Json({"a": 1}, dumps=lambda o: '{"custom": true}'),))
    _same(both, "SELECT %s = %s", (Jsonb({"a": 1}), Jsonb({"a": 1.0})))


def test_json_columns_roundtrip(both: tuple[Any, pydsql.Connection]) -> None:
    from psycopg.types.json import Json, Jsonb

    _same(both, "CREATE TABLE jt (id int PRIMARY KEY, j jsonb, t json)")
    rows = [
        (1, Jsonb({"a": [1, 2], "b": None}), Json({"z": 1, "a": 2})),
        (2, Jsonb([1.25, "x"]), Json("plain")),
        (3, None, None),
    ]
    for row in rows:
        _same(both, "INSERT INTO jt VALUES (%s, %s, %s)", row)
    _same(both, "INSERT INTO jt VALUES (%s, %s, %s)", (4, '{"as": "text"}', "[1, 2]"))
    _same(both, "INSERT INTO jt VALUES (%s, %s, %s)", (5, "not json", "{}"))
    _same(both, "INSERT INTO jt (id, j) VALUES (%s, %s)", (6, {"a": 1}))
    _same(both, "SELECT * FROM jt ORDER BY id")
    _same(both, "SELECT id FROM jt WHERE j @> %s ORDER BY id", (Jsonb({"a": [1]}),))
    _same(both, "SELECT id FROM jt WHERE j->>'as' = %s", ("text",))
    _same(both, "UPDATE jt SET j = j || %s WHERE id = %s", (Jsonb({"new": True}), 1))
    _same(both, "SELECT j FROM jt WHERE id = 1")
    _same(both, "SELECT j->'a'->%s FROM jt WHERE id = 1", (1,))


def test_description(both: tuple[Any, pydsql.Connection]) -> None:
    sql = "SELECT '1'::json AS a, '1'::jsonb AS b, ARRAY[1] AS c, ARRAY['x'] AS d, ARRAY[1.5] AS e, ARRAY[true] AS f"
    pg, mine = both
    theirs = [(d.name, d.type_code) for d in pg.execute(sql).description]
    ours = [(d.name, d.type_code) for d in mine.execute(sql).description]
    assert ours == theirs


def test_pydsql_only_refusals() -> None:
    """Where pydsql deliberately differs (documented in pydsql.values.arrays and the report)."""
    conn = pydsql.connect(autocommit=True)
    for sql in ("SELECT '[0:1]={1,2}'::int[]", "SELECT array_fill(1, ARRAY[2], ARRAY[0])"):
        with pytest.raises(pydsql.errors.FeatureNotSupported):
            conn.execute(sql)
    with pytest.raises(pydsql.errors.FeatureNotSupported):
        conn.execute("""SELECT jsonb_path_query('"2024-01-02"', '$.datetime()')""")  # jsonpath datetimes: not yet

"""The range and multirange types, run-time-only in DSQL (reference section 7): allowed in
expressions, refused as column types.  Every expression is compared with PostgreSQL 16 (values as
psycopg loads them, ``Range(1, 10, '[)')``, column types, SQLSTATEs and messages)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql
from pydsql import Multirange, Range

STATEMENTS = [
    # input, canonical forms, output
    "SELECT '[1,10)'::int4range, '[1,10]'::int4range, '(1,10)'::int4range, 'empty'::int4range, '[,5)'::int4range",
    "SELECT '(,)'::int4range, '[5,5)'::int4range, '[5,5]'::int4range, '(5,6)'::int4range, '(4,5]'::int8range",
    "SELECT '[1.5,2.5]'::numrange, '(1.5,)'::numrange, '[2020-01-01,2020-01-05]'::daterange, '(2020-01-01,2020-01-02)'::daterange",
    "SELECT '[\"2020-01-01 10:00\",\"2020-01-02\")'::tsrange, '[2020-01-01 10:00+02,)'::tstzrange, tstzrange(NULL, NULL)",
    "SELECT '[1,10)'::int4range::text, '[1.5,2.5]'::numrange::text, '[\"2020-01-01 10:00\",\"2020-01-02\")'::tsrange::text",
    "SELECT '[2020-01-01,2020-01-05]'::daterange::text, '(,)'::numrange::text, 'EMPTY'::numrange::text, ' empty '::int4range::text",
    "SELECT ' [ 1 , 2 ) '::int4range, '[ 1, 2)'::numrange::text, '[\"1\",\"3\")'::int4range, '[1,\"3\"]'::int8range",
    "SELECT '[5,1)'::int4range", "SELECT '[1,2'::int4range", "SELECT '[1,3)x'::int4range", "SELECT '1,3'::int4range",
    "SELECT '[1,2,3)'::int4range", "SELECT 'empty x'::int4range", "SELECT '[a,2)'::int4range", "SELECT '[1,2)  '::int4range",
    "SELECT '[\"\",2)'::int4range", "SELECT '[1\\\\,2)'::int4range", "SELECT '[2147483647,2147483647]'::int4range",
    # constructors
    "SELECT int4range(1, 10), int4range(1, 10, '[]'), int4range(NULL, 5), numrange(1.5, 2.5, '()'), int8range(1, 2)",
    "SELECT daterange('2020-01-01', '2020-01-03', '[]'), tsrange('2020-01-01', '2020-01-02', '(]'), numrange(1, 1, '[]')",
    "SELECT int4range(1, 10, 'x')", "SELECT int4range(1, 10, NULL)", "SELECT int4range(5, 1)", "SELECT int4range(1, 10, '[')",
    "SELECT int4range(2147483646, 2147483647, '[]')", "SELECT int8range(9223372036854775806, 9223372036854775807, '[]')",
    "SELECT numrange('NaN', 1)", "SELECT numrange(1, 'NaN')::text, numrange('NaN', 'NaN', '[]')::text",  # (NaN is not equal to itself in Python)
    "SELECT int4range(1, 1), int4range(1, 2, '()'), int4range(1, 2, '(]'), numrange(1.0, 1.00, '[]'), numrange(1, 1)",
    # functions
    "SELECT lower(int4range(1,10)), upper(int4range(1,10)), isempty('empty'::int4range), lower_inc(int4range(1,10)),"
    " upper_inc(int4range(1,10,'[]')), lower_inf('(,5)'::int4range), upper_inf('(,5)'::int4range), lower('empty'::int4range)",
    "SELECT upper(int4range(1,10,'[]')), lower(int4range(1,10,'(]')), lower_inc('empty'::numrange), upper_inf('empty'::numrange)",
    "SELECT lower(numrange(1.5, 2)), upper(daterange('2020-01-01', NULL)), lower(tstzrange('2020-01-01 00:00+00', NULL))",
    "SELECT range_merge(int4range(1,5), int4range(8,10)), range_merge('empty'::int4range, int4range(1,2)),"
    " range_merge(numrange(1,2), numrange(NULL, 0))",
    # operators
    "SELECT int4range(1,10) @> 5, int4range(1,10) @> 10, 5 <@ int4range(1,10), int4range(1,10) @> int4range(2,3)",
    "SELECT int4range(2,3) <@ int4range(1,10), int4range(1,5) && int4range(4,8), int4range(1,5) && int4range(5,8),"
    " 'empty'::int4range <@ int4range(1,2), int4range(1,2) @> 'empty'::int4range, 'empty'::int4range && 'empty'::int4range",
    "SELECT int4range(1,5) << int4range(5,8), int4range(5,8) >> int4range(1,5), int4range(1,5) &< int4range(3,4),"
    " int4range(1,5) &> int4range(0,4), int4range(1,5) -|- int4range(5,8), numrange(1,2) -|- numrange(2,3,'()')",
    "SELECT numrange(1,2) -|- numrange(2,3), numrange(1,2,'[]') -|- numrange(2,3,'()'), int4range(1,3) -|- int4range(4,5),"
    " daterange('2020-01-01','2020-01-02') -|- daterange('2020-01-02', NULL), '(,1)'::numrange -|- '[1,)'::numrange",
    "SELECT int4range(1,5) + int4range(5,8), int4range(1,5) * int4range(3,8), int4range(1,10) - int4range(0,5),"
    " int4range(1,5) * int4range(6,8), int4range(1,10) - int4range(5,NULL), int4range(1,10) - int4range(20,30)",
    "SELECT numrange(1,5) + numrange(2,3), numrange(1,5) - numrange(1,5), numrange(1,5) * numrange(NULL,NULL),"
    " 'empty'::numrange + numrange(1,2), numrange(1,2) - 'empty'::numrange, numrange(1,5,'[]') - numrange(5,6)",
    "SELECT int4range(1,5) + int4range(6,8)", "SELECT int4range(1,10) - int4range(3,5)",
    "SELECT numrange(1,2) + numrange(2,3,'()')", "SELECT int4range(1,3) + int4range(3,5,'()')",
    "SELECT int4range(1,5) = int4range(1,5,'[)'), int4range(1,5) < int4range(1,6), 'empty'::int4range < int4range(1,2),"
    " int4range(1,5) <> '[1,4]', numrange(1,2,'(]') > numrange(1,2), '(,1)'::numrange < '[0,1)'::numrange",
    "SELECT numrange(1, 2) @> 1.5, tsrange('2020-01-01', '2020-02-01') @> '2020-01-15'::timestamp,"
    " tstzrange('2020-01-01 00:00+00', '2020-01-02 00:00+00') @> '2020-01-01 12:00+00'::timestamptz",
    "SELECT daterange('2020-01-01', '2020-01-10') @> '2020-01-05'::date, '2020-01-10'::date <@ daterange('2020-01-01', '2020-01-10'),"
    " int4range(1,10) @> NULL::int4, int4range(1,2) = '[1,2)', int8range(1,3) @> 2::int8",
    "SELECT '[1,3)'::int4range @> 2::int8", "SELECT int4range(1,2) @> 1.5", "SELECT int4range(1,2) && numrange(1,2)",
    # ordering, grouping, types, arrays, text
    "SELECT x FROM (VALUES (int4range(1,5)), (int4range(1,3)), ('empty'), ('(,3)'), (int4range(0,10)), (int4range(1,NULL)),"
    " (NULL), ('(,)'), ('[1,1]')) v(x) ORDER BY x",
    "SELECT x FROM (VALUES (numrange(1,2,'(]')), (numrange(1,2)), (numrange(1,2,'[]')), (numrange(1,2,'()'))) v(x) ORDER BY x DESC",
    "SELECT DISTINCT x FROM (VALUES (int4range(1,3)), ('[1,2]'), (int4range(2,4))) v(x) ORDER BY x",
    "SELECT x, count(*) FROM (VALUES (numrange(1,2)), ('[1.0,2.00)'), ('empty'), ('empty')) v(x) GROUP BY x ORDER BY x",
    "SELECT max(x), min(x) FROM (VALUES (int4range(1,2)), (int4range(0,9))) v(x)",
    "SELECT pg_typeof(int4range(1,2)), pg_typeof(lower(numrange(1,2))), to_json(int4range(1,2)), int4range(1,2)::varchar",
    "SELECT ARRAY[int4range(1,2)], '{\"[1,2)\",\"[3,4]\"}'::int4range[], 'a' || int4range(1,2), to_jsonb(daterange(NULL, '2020-01-01'))",
    "SELECT '[\"a b\",c)'::tsrange", "SELECT int4range(1,2)::text::int4range, '[1,2)'::text::numrange",
    "SELECT tsrange('2020-01-01 10:00', '2020-01-01 12:00') && tsrange('2020-01-01 11:00', '2020-01-01 13:00')",
    "SELECT tstzrange('2020-01-01 10:00+00', '2020-01-01 12:00+00')::text, numrange(0.1, 10.5)::text",
    # multiranges
    "SELECT '{[1,3), [5,7)}'::int4multirange, '{}'::int4multirange, '{[1,3), [2,7)}'::int4multirange,"
    " '{[1,3), [3,7)}'::int4multirange, '{empty, [1,2]}'::int4multirange, ' { [1,2) , (3,4] } '::int4multirange",
    "SELECT '{[1,3), [5,7)}'::int4multirange::text, '{(,3), [5,)}'::nummultirange::text, '{}'::datemultirange::text,"
    " '{[\"2020-01-01\",\"2020-01-02\")}'::tsmultirange::text, '{[1,2],[4,5]}'::int8multirange::text",
    "SELECT '{[1,3)'::int4multirange", "SELECT '[1,3)'::int4multirange", "SELECT '{[1,3) x}'::int4multirange",
    "SELECT '{[1,3)} x'::int4multirange", "SELECT '{,}'::int4multirange", "SELECT '{[3,1)}'::int4multirange",
    "SELECT range_agg(x) FROM (VALUES (int4range(1,3)), (int4range(2,5)), (int4range(7,9)), (NULL), ('empty')) v(x)",
    "SELECT range_agg(x) FROM (VALUES (NULL::int4range)) v(x)", "SELECT range_agg(x) FROM (VALUES ('empty'::int4range)) v(x)",
    "SELECT range_agg(x) FROM (VALUES ('{[1,2)}'::int4multirange), ('{[2,3), [9,10)}')) v(x)",
    "SELECT range_intersect_agg(x) FROM (VALUES (int4range(1,5)), (int4range(3,9))) v(x)",
    "SELECT range_intersect_agg(x) FROM (VALUES ('{[1,5), [7,9)}'::int4multirange), ('{[3,8)}')) v(x)",
    "SELECT int4multirange(), int4multirange(int4range(1,2)), int4multirange(int4range(1,2), int4range(5,6), int4range(2,3)),"
    " nummultirange(numrange(1,2)), multirange(int4range(1,3)), pg_typeof(range_agg(int4range(1,2)))",
    "SELECT '{[1,3), [5,7)}'::int4multirange @> 2, '{[1,3), [5,7)}'::int4multirange @> 4,"
    " '{[1,3), [5,7)}'::int4multirange @> int4range(5,6), '{[1,3), [5,7)}'::int4multirange && int4range(3,5),"
    " '{[1,3)}'::int4multirange @> '{[1,2)}'::int4multirange, '{}'::int4multirange @> '{}'::int4multirange",
    "SELECT 2 <@ '{[1,3)}'::int4multirange, int4range(1,2) <@ '{[1,3)}'::int4multirange,"
    " '{[1,3)}'::int4multirange <@ int4range(0,9), int4range(0,9) @> '{[1,3)}'::int4multirange",
    "SELECT '{[1,3), [5,7)}'::int4multirange + '{[3,5)}'::int4multirange, '{[1,9)}'::int4multirange - '{[3,5)}'::int4multirange,"
    " '{[1,5), [7,9)}'::int4multirange * '{[3,8)}'::int4multirange, '{(,)}'::nummultirange - '{[1,2], [3,4)}'",
    "SELECT lower('{[1,3), [5,7)}'::int4multirange), upper('{[1,3), [5,7)}'::int4multirange), isempty('{}'::int4multirange),"
    " lower_inc('{[1,3)}'::int4multirange), upper_inf('{[1,)}'::int4multirange), range_merge('{[1,3), [5,7)}'::int4multirange)",
    "SELECT lower('{}'::int4multirange), upper_inc('{}'::int4multirange), range_merge('{}'::int4multirange)",
    "SELECT unnest('{[1,3), [5,7)}'::int4multirange)", "SELECT * FROM unnest('{[1,3), [5,7)}'::datemultirange) AS u(r)",
    "SELECT '{[1,3)}'::int4multirange = '{[1,2], [2,2]}'::int4multirange, '{[1,3)}'::int4multirange < '{[1,4)}'::int4multirange,"
    " '{}'::int4multirange < '{[1,2)}'::int4multirange, '{[1,2), [3,4)}'::int4multirange > '{[1,2)}'::int4multirange",
    "SELECT '{[1,3)}'::int4multirange << '{[5,7)}'::int4multirange, '{[1,3)}'::int4multirange -|- int4range(3,4),"
    " '{[1,3)}'::int4multirange &< int4range(3,4), int4range(1,3)::int4multirange, '{[5,7)}'::int4multirange >> int4range(1,2)",
    "SELECT x FROM (VALUES ('{[1,3)}'::int4multirange), ('{}'), ('{[0,1), [5,6)}'), ('{[0,1)}')) v(x) ORDER BY x",
    "SELECT to_json('{[1,3)}'::int4multirange), ARRAY['{[1,3)}'::int4multirange], '{[1,3)}'::int4multirange::varchar",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_ranges_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_random_range_operators_as_postgresql(pg: Any) -> None:
    """Random integer and numeric ranges (bounds of every kind, empty and infinite ones)
    through every operator: the canonical forms and the bound comparisons."""
    rng = random.Random(3904)
    conn = pydsql.connect(autocommit=True)

    def a_range(kind: str) -> str:
        if rng.random() < 0.1:
            return f"'empty'::{kind}"
        lo, hi = sorted(rng.randrange(-3, 6) for _ in range(2))
        lower = "" if rng.random() < 0.15 else str(lo if kind == "int4range" else lo / 2)
        upper = "" if rng.random() < 0.15 else str(hi if kind == "int4range" else hi / 2)
        return f"'{rng.choice('[(')}{lower},{upper}{rng.choice('])')}'::{kind}"

    for _ in range(60):
        kind = rng.choice(["int4range", "numrange"])
        a, b = a_range(kind), a_range(kind)
        point = rng.randrange(-3, 6)
        sql = (
            f"SELECT {a}, {a} = {b}, {a} < {b}, {a} @> {b}, {a} <@ {b}, {a} && {b}, {a} << {b}, {a} >> {b},"
            f" {a} &< {b}, {a} &> {b}, {a} -|- {b}, {a} * {b}, range_merge({a}, {b}), {a} @> {point}"
            f"{'' if kind == 'int4range' else '::numeric'}"
        )
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))
        for op in ("+", "-"):
            sql = f"SELECT {a} {op} {b}"
            compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


def test_random_multirange_operators_as_postgresql(pg: Any) -> None:
    """Random integer multiranges (overlapping, adjacent and empty ranges in the literal)
    through normalization and every multirange operator."""
    rng = random.Random(4451)
    conn = pydsql.connect(autocommit=True)

    def a_multirange() -> str:
        items = []
        for _ in range(rng.randrange(0, 4)):
            lo, hi = sorted(rng.randrange(-4, 9) for _ in range(2))
            lower = "" if rng.random() < 0.1 else str(lo)
            upper = "" if rng.random() < 0.1 else str(hi)
            items.append(f"{rng.choice('[(')}{lower},{upper}{rng.choice('])')}")
        return "'{" + ", ".join(items) + "}'::int4multirange"

    for _ in range(40):
        a, b = a_multirange(), a_multirange()
        sql = (
            f"SELECT {a}, {a} + {b}, {a} - {b}, {a} * {b}, {a} = {b}, {a} < {b}, {a} @> {b}, {a} && {b}, {a} << {b},"
            f" {a} &> {b}, {a} -|- {b}, {a} @> {rng.randrange(-4, 9)}, range_merge({a})"
        )
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


@pytest.mark.parametrize(
    "value",
    [Range(1, 10), Range(empty=True), Range(None, 5, "(]"), Range(Decimal("1.5"), Decimal("2.5"), "[]"),
     Range(dt.date(2020, 1, 1), dt.date(2020, 1, 31)), Range(dt.datetime(2020, 1, 1, 10), None)],
)
def test_range_parameters(value: Range) -> None:
    """A Range parameter is sent as its text, untyped: the statement gives it its type."""
    kind = {int: "int4range", Decimal: "numrange", dt.date: "daterange", dt.datetime: "tsrange"}[
        type(value.lower if value.lower is not None else value.upper or 0)
    ]
    conn = pydsql.connect(autocommit=True)
    (got,) = conn.execute(f"SELECT %s::{kind}", (value,)).fetchone()
    expected = conn.execute(f"SELECT '{_text(value)}'::{kind}").fetchone()[0]
    assert got == expected and isinstance(got, Range)


def test_multirange_parameters() -> None:
    conn = pydsql.connect(autocommit=True)
    value = Multirange([Range(5, None), Range(1, 3), Range(2, 4, "[]")])  # [2,4] is [2,5): all of it merges
    assert conn.execute("SELECT %s::int4multirange, %s::int4multirange", (value, Multirange())).fetchone() == (
        Multirange([Range(1, None)]), Multirange([]),
    )


def _text(r: Range) -> str:
    if r.isempty:
        return "empty"
    lower = "" if r.lower is None else f'"{r.lower}"'
    upper = "" if r.upper is None else f'"{r.upper}"'
    return f"{r.bounds[0]}{lower},{upper}{r.bounds[1]}"


def test_ranges_are_not_column_types_in_dsql() -> None:
    conn = pydsql.connect(autocommit=True)
    for kind in ("int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange"):
        with pytest.raises(pydsql.errors.FeatureNotSupported, match=f"^datatype {kind} not supported$"):
            conn.execute(f"CREATE TABLE t (r {kind})")
    conn.execute("CREATE TABLE bookings (id int PRIMARY KEY, starts date NOT NULL, ends date NOT NULL)")
    conn.execute("INSERT INTO bookings VALUES (1, '2026-01-01', '2026-01-05'), (2, '2026-01-05', '2026-01-09')")
    rows = conn.execute(
        "SELECT id FROM bookings WHERE daterange(starts, ends) && daterange(%s, %s) ORDER BY id",
        (dt.date(2026, 1, 4), dt.date(2026, 1, 6)),
    ).fetchall()
    assert rows == [(1,), (2,)]
    assert conn.execute("SELECT daterange(starts, ends, '[]') FROM bookings WHERE id = 1").fetchone() == (
        Range(dt.date(2026, 1, 1), dt.date(2026, 1, 6)),
    )

"""Casts, typmods and the catalog: checked against PostgreSQL 16's pg_cast and behaviour."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pydsql.types import SqlType
from pydsql.values.casts import CASTS, PG_CASTS, STRING_KINDS, apply_typmod, identity, typmod_coercer
from pydsql.values.registry import ASSIGNMENT, EXPLICIT, IMPLICIT

from pgeval import IO, Case, compare, lit, parse

MY_KINDS = ["int2", "int4", "int8", "numeric", "float4", "float8", "text", "varchar", "bpchar", "bool", "bytea", "uuid"]

GRID: dict[str, list[str]] = {
    "int2": ["-32768", "-1", "0", "1", "255", "32767"],
    "int4": ["-2147483648", "-32769", "-1", "0", "1", "2", "32768", "2147483647"],
    "int8": ["-9223372036854775808", "-2147483649", "-1", "0", "3", "2147483648", "16777217", "9007199254740993", "9223372036854775807"],
    "numeric": [
        "0", "0.00", "-0.5", "0.5", "1.5", "-2.5", "2.5", "32767.5", "-32768.5", "2147483647.49", "2147483647.5",
        "9223372036854775807.5", "123.456", "1e39", "3.4028235e38", "1e-46", "1e308", "1e309", "1e-400",
        "0.1", "1.000000001", "16777217", "NaN", "Infinity", "-Infinity",
    ],
    "float4": ["0", "-0", "0.5", "1.5", "2.5", "-2.5", "0.1", "32767.5", "2.1474836e9", "9.223372e18", "1e-45", "3.4028235e38", "123456789", "NaN", "Infinity", "-Infinity"],
    "float8": [
        "0", "-0", "0.5", "1.5", "2.5", "-2.5", "0.1", "32767.5", "32767.4", "-32768.5", "2147483647.5", "-2147483648.5",
        "2147483647.4", "9.2233720368547748e18", "9.223372036854775e18", "1e-320", "1e-50", "1e39", "3.4028235e38",
        "3.4028235677973366e38", "1e308", "123456789.123456789", "1.5e-7", "1e20", "NaN", "Infinity", "-Infinity",
    ],
    "text": ["", "abc", " 12 ", "t", "1.5", "\\x0a", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "abc   "],
    "varchar": ["", "abc", "ab  ", "0"],
    "bpchar": ["", "ab  ", " 12  ", "true   "],
    "bool": ["t", "f"],
    "bytea": ["\\x", "\\x0aff"],
    "uuid": ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"],
}


def test_pg_cast_rows(pg: Any) -> None:
    """Every pg_cast row among the kinds, with the server's context and method."""
    rows = pg.execute(
        """SELECT s.typname, t.typname, c.castcontext, c.castmethod FROM pg_cast c
           JOIN pg_type s ON s.oid = c.castsource JOIN pg_type t ON t.oid = c.casttarget
           WHERE s.typname = ANY(%s) AND t.typname = ANY(%s)""",
        (MY_KINDS, MY_KINDS),
    ).fetchall()
    server = {(s, t): ctx for s, t, ctx, _ in rows}
    mine = {(c.source, c.target): c.context for c in PG_CASTS}
    assert mine == server
    binary = {(s, t) for s, t, _, m in rows if m == "b"}
    self_casts = {(k, k) for k in ("numeric", "varchar", "bpchar")}
    assert {(c.source, c.target) for c in PG_CASTS if c.fn is None} == binary | self_casts


def test_io_casts() -> None:
    pairs = {(c.source, c.target): c for c in CASTS}
    assert len(pairs) == len(CASTS)
    for kind in MY_KINDS:
        for s in STRING_KINDS:
            if kind in STRING_KINDS:
                continue
            assert (kind, s) in pairs and (s, kind) in pairs
            if kind != "bool":
                assert pairs[(kind, s)].context == ASSIGNMENT
                assert pairs[(kind, s)].fn is IO[kind].format
            assert pairs[(s, kind)].context == EXPLICIT
            assert pairs[(s, kind)].fn is IO[kind].parse
    assert pairs[("bool", "text")].fn is not IO["bool"].format  # booltext: 'true'
    assert pairs[("int2", "int4")].fn is identity and pairs[("int2", "int4")].context == IMPLICIT


@pytest.mark.differential
def test_cast_behaviour_differential(pg: Any) -> None:
    """Every cast in CASTS over a grid of source values (values, types, errors)."""
    cases: list[Case] = []
    for c in CASTS:
        if c.source == c.target:
            continue
        for v in GRID[c.source]:
            fn = c.fn or identity
            cases.append((f"({lit(v)}::{c.source})::{c.target}", lambda v=v, c=c, fn=fn: fn(parse(c.source, v)), c.target))
    compare(pg, cases)


@pytest.mark.differential
def test_cast_contexts_in_use(pg: Any) -> None:
    """Contexts observed in SQL: assignment casts work in INSERT, not implicitly."""
    pg.execute("CREATE TABLE ctx (t text, i int4, s int2, b bool, n numeric)")
    ok = [
        "INSERT INTO ctx (t) VALUES (1::int4)",  # I/O cast, assignment
        "INSERT INTO ctx (t) VALUES (true)",  # pg_cast booltext, assignment
        "INSERT INTO ctx (s) VALUES (1::int8)",  # assignment
        "INSERT INTO ctx (i) VALUES (1.5::float8)",
        "INSERT INTO ctx (n) VALUES (1.5::float4)",
    ]
    for sql in ok:
        pg.execute(sql)
    import psycopg

    for sql in ["INSERT INTO ctx (b) VALUES (1::int4)", "INSERT INTO ctx (i) VALUES ('1'::text)", "SELECT length(1::int4)"]:
        with pytest.raises(psycopg.Error):
            pg.execute(sql)
    contexts = {(c.source, c.target): c.context for c in CASTS}
    assert contexts[("int4", "text")] == ASSIGNMENT
    assert contexts[("int4", "bool")] == EXPLICIT
    assert contexts[("text", "int4")] == EXPLICIT


# ---------------------------------------------------------------------------
# Typmods
# ---------------------------------------------------------------------------


@pytest.mark.differential
def test_numeric_typmod_assignment_vs_explicit(pg: Any) -> None:
    pg.execute("CREATE TABLE nt (a numeric(5,2), b numeric(3,3), c numeric(2,-2), d numeric(4))")
    cols = {"a": (5, 2), "b": (3, 3), "c": (2, -2), "d": (4, 0)}
    vals = ["0", "1.005", "-1.005", "999.994", "999.995", "0.9995", "0.0005", "-0.0005", "149", "150", "9949", "9950", "1e3", "NaN", "Infinity"]
    cases: list[Case] = []
    for col, (p, s) in cols.items():
        t = SqlType("numeric", precision=p, scale=s)
        mod = f"numeric({p},{s})"
        for v in vals:
            cases.append((f"{lit(v)}::numeric::{mod}", lambda v=v, t=t: apply_typmod(parse("numeric", v), t, True), "numeric"))
    compare(pg, cases)
    inserts: list[Case] = []
    for col, (p, s) in cols.items():
        t = SqlType("numeric", precision=p, scale=s)
        for v in vals:
            inserts.append((
                f"INSERT INTO nt ({col}) VALUES ({lit(v)}::numeric) RETURNING format('%s', {col}), ''",
                lambda v=v, t=t: apply_typmod(parse("numeric", v), t, False),
                "numeric",
            ))
    compare(pg, inserts, statements=True)


@pytest.mark.differential
def test_char_typmod_from_other_kinds(pg: Any) -> None:
    """Assignment of non-string values to char(n)/varchar(n) goes through the
    I/O (or booltext) cast, then the typmod."""
    pg.execute("CREATE TABLE ct (v varchar(3), c char(4))")
    by_pair = {(c.source, c.target): c for c in CASTS}
    cases: list[Case] = []
    for kind, v in [("int4", "12"), ("int4", "12345"), ("bool", "t"), ("bool", "f"), ("numeric", "1.50"), ("float8", "0.1")]:
        for col, target, n in (("v", "varchar", 3), ("c", "bpchar", 4)):
            c = by_pair[(kind, target)]
            t = SqlType(target, length=n)
            assert c.fn is not None
            cases.append((
                f"INSERT INTO ct ({col}) VALUES ({lit(v)}::{kind}) RETURNING format('%s', {col}), ''",
                lambda v=v, kind=kind, c=c, t=t: apply_typmod(c.fn(parse(kind, v)), t, False),  # type: ignore[misc]
                target,
            ))
    compare(pg, cases, statements=True)


def test_typmod_coercer() -> None:
    assert typmod_coercer(SqlType("int4"), False) is None
    assert typmod_coercer(SqlType("varchar"), False) is None
    f = typmod_coercer(SqlType("numeric", precision=5, scale=2), False)
    assert f is not None and f(Decimal("1.005")) == Decimal("1.01")
    g = typmod_coercer(SqlType("array", elem=SqlType("varchar", length=2)), True)
    assert g is not None and g(["abc", None, ["xyz"]]) == ["ab", None, ["xy"]]


def test_datetime_precision_delegation() -> None:
    pytest.importorskip("pydsql.values.datetimes")
    from datetime import datetime

    v = datetime(2024, 1, 2, 3, 4, 5, 678901)
    assert apply_typmod(v, SqlType("timestamp", precision=2), True) == datetime(2024, 1, 2, 3, 4, 5, 680000)
    assert apply_typmod(v, SqlType("timestamp"), True) is v


# ---------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------


def test_catalog() -> None:
    pytest.importorskip("pydsql.values.datetimes")
    from pydsql.values import catalog as C

    for kind in MY_KINDS + ["date", "time", "timetz", "timestamp", "timestamptz", "interval"]:
        assert kind in C.TYPE_IO
        assert C.find_cast(kind, kind) is not None
        for s in STRING_KINDS:
            assert C.find_cast(kind, s) is not None
            assert C.find_cast(s, kind) is not None
    ts = C.find_cast("timestamp", "text")
    assert ts is not None and ts.context == ASSIGNMENT
    d = C.find_cast("text", "date")
    assert d is not None and d.context == EXPLICIT
    assert C.find_cast("uuid", "int4") is None
    assert C.find_cast("int4", "date") is None
    assert C.cast_to_text("bool", True) == "true"
    assert C.format_text("bool", True) == "t"
    assert C.cast_to_text("bpchar", "ab  ") == "ab"
    assert C.parse_text("int4", " 7 ") == 7
    assert C.format_text("numeric", Decimal("1.50")) == "1.50"
    names = {o.name for o in C.OPERATORS_BY_NAME["+"]}
    assert names == {"+"}
    assert any(o.left == "int4" and o.right == "int8" for o in C.OPERATORS_BY_NAME["+"])
    assert {f.result.kind for f in C.FUNCTIONS_BY_NAME["round"]} == {"float8", "numeric"}

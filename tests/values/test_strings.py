"""Strings, bool, bytea, uuid: unit tests and differential tests against PostgreSQL 16.

Text comparisons and case mapping are checked under ``COLLATE "C"``, the
collation pydsql implements (Aurora DSQL's).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from pydsql.errors import Error
from pydsql.types import SqlType
from pydsql.values import strings as S
from pydsql.values.casts import TYPE_IOS, apply_typmod
from pydsql.values.operators import FUNCTIONS, OPERATORS

from pgeval import Case, compare, lit, parse

# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_bool_unit() -> None:
    assert S.bool_in(" TRUE ") is True
    assert S.bool_in("of") is False
    assert S.bool_out(True) == "t" and S.bool_to_text(True) == "true"
    with pytest.raises(Error) as e:
        S.bool_in("x")
    assert (e.value.sqlstate, e.value.message) == ("22P02", 'invalid input syntax for type boolean: "x"')


def test_bytea_uuid_unit() -> None:
    assert S.bytea_in("\\x0aff") == b"\n\xff"
    assert S.bytea_out(b"\n\xff") == "\\x0aff"
    assert S.bytea_in("a\\\\b\\001") == b"a\\b\x01"
    u = S.uuid_in("{A0EEBC999C0B4EF8BB6D6BB9BD380A11}")
    assert S.uuid_out(u) == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"


def test_bpchar_unit() -> None:
    assert S.bpchar_eq("a  ", "a")
    assert S.bpchar_to_text("ab  ") == "ab"
    assert S.bpchar_length("ab  ") == 2
    assert apply_typmod("ab", SqlType("bpchar", length=4), False) == "ab  "
    assert apply_typmod("abc  ", SqlType("varchar", length=3), False) == "abc"
    with pytest.raises(Error) as e:
        apply_typmod("abcd", SqlType("varchar", length=3), False)
    assert (e.value.sqlstate, e.value.message) == ("22001", "value too long for type character varying(3)")
    assert apply_typmod("abcd", SqlType("varchar", length=3), True) == "abc"
    with pytest.raises(Error) as e:
        apply_typmod("abcd", SqlType("bpchar", length=3), False)
    assert e.value.message == "value too long for type character(3)"


def test_string_functions_unit() -> None:
    assert S.text_substr("hello", 0, 3) == "he"
    assert S.text_substr("hello", -2, 5) == "he"
    with pytest.raises(Error) as e:
        S.text_substr("hello", 2, -1)
    assert (e.value.sqlstate, e.value.message) == ("22011", "negative substring length not allowed")
    assert S.text_lpad("hi", 5, "xy") == "xyxhi"
    assert S.text_split_part("a,b,c", ",", -1) == "c"
    assert S.concat("a", None, "t") == "at"
    assert S.concat_ws(",", "a", None, "b") == "a,b"
    assert S.text_lower("ÄBc") == "Äbc"  # "C" collation: ASCII only
    assert S.text_initcap("hello wORLD éa") == "Hello World éA"


# ---------------------------------------------------------------------------
# Differential: input
# ---------------------------------------------------------------------------

BOOL_INPUTS = [
    "t", "tr", "tru", "true", "TRUE", " True ", "truex", "f", "fa", "false", "FALSE", "y", "ye", "yes", "Yes",
    "n", "no", "NO", "on", "ON", "o", "of", "off", "offf", "1", "0", "01", "10", "2", "", "  ", "\ttrue\n",
    "x", "yes please", "t rue", "İ", "ｔ", "-1",
]
BYTEA_INPUTS = [
    "\\x", "\\x0aff", "\\x0AFF", "\\x 0a ff", "\\x0a\tff\n", "\\x0a\rff", "\\x0a f", "\\x0", "\\x0g", "\\x0é",
    "\\x0a\x0bff", "\\X0a", " \\x0a", "abc", "", "a\\\\b", "a\\000b", "\\001\\377", "\\400", "\\12", "a\\9",
    "a\\", "\\\\x0a", "é", "x\\141y", "\\x0a 0", "\\x ",
]
UUID_INPUTS = [
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
    "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
    "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
    "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
    "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
    " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ",
    "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "a0eeb-c99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "", "00000000-0000-0000-0000-000000000000",
]


@pytest.mark.differential
def test_input_differential(pg: Any) -> None:
    cases: list[Case] = []
    for kind, inputs in (("bool", BOOL_INPUTS), ("bytea", BYTEA_INPUTS), ("uuid", UUID_INPUTS)):
        cases += [(f"{lit(s)}::{kind}", lambda s=s, kind=kind: parse(kind, s), kind) for s in inputs]
    for s in ["", "abc", "ab  ", " x ", "é"]:
        for kind in ("text", "varchar", "bpchar"):
            cases.append((f"{lit(s)}::{kind}", lambda s=s, kind=kind: parse(kind, s), kind))
    compare(pg, cases)


# ---------------------------------------------------------------------------
# Differential: operators
# ---------------------------------------------------------------------------

GRID: dict[str, list[str]] = {
    "text": ["", "a", "A", "ab", "abc", "ab ", "a b", "é", "z", "\t", "ÿ", "😀"],
    "bpchar": ["", "a", "a  ", "ab", "ab ", "b", " a", "é", "a\t"],
    "bool": ["t", "f"],
    "bytea": ["\\x", "\\x00", "\\x0000", "\\x01", "\\xff", "\\x00ff", "\\xff00"],
    "uuid": [
        "00000000-0000-0000-0000-000000000000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12", "ffffffff-0000-0000-0000-000000000000",
        "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000",
    ],
}


@pytest.mark.differential
def test_string_operators_differential(pg: Any) -> None:
    cases: list[Case] = []
    for o in OPERATORS:
        if o.left not in GRID or o.right not in GRID:
            continue
        coll = ' COLLATE "C"' if o.left in ("text", "bpchar") else ""
        for lv in GRID[o.left]:
            for rv in GRID[o.right]:
                cases.append((
                    f"({lit(lv)}::{o.left}{coll}) {o.name} ({lit(rv)}::{o.right})",
                    lambda o=o, lv=lv, rv=rv: o.fn(parse(o.left, lv), parse(o.right, rv)),
                    o.result.kind,
                ))
    compare(pg, cases)


@pytest.mark.differential
def test_anynonarray_concat_differential(pg: Any) -> None:
    """``x || text`` casts x to text first: bool gives true/false, bpchar loses its padding."""
    pytest.importorskip("pydsql.values.datetimes")
    from pydsql.values import catalog

    left = next(o for o in OPERATORS if o.name == "||" and o.left == "anynonarray")
    right = next(o for o in OPERATORS if o.name == "||" and o.right == "anynonarray")
    values = {
        "bool": ["t", "f"], "int2": ["7"], "int4": ["-5", "0"], "int8": ["9223372036854775807"],
        "float4": ["1.1", "1e+06"], "float8": ["0.1", "1e+15"], "numeric": ["1.50", "NaN"],
        "bytea": ["\\x0aff"], "uuid": GRID["uuid"][:1], "bpchar": ["ab  "], "varchar": ["ab "],
        "date": ["2024-02-29"], "time": ["04:05:06.5"], "timetz": ["04:05:06+02"],
        "timestamp": ["2024-01-02 03:04:05.25"], "timestamptz": ["2024-01-02 03:04:05+01"],
        "interval": ["1 year 2 days 00:00:01.5"],
    }
    cases: list[Case] = []
    for kind, vals in values.items():
        lfn = catalog.specialize_operator(left, kind, "text")
        rfn = catalog.specialize_operator(right, "text", kind)
        for v in vals:
            val = catalog.parse_text(kind, v)
            lsql = f"({lit(v)}::{kind}) || 'x'::text"
            rsql = f"'x'::text || ({lit(v)}::{kind})"
            cases.append((lsql, lambda val=val, lfn=lfn: lfn(val, "x"), "text"))
            cases.append((rsql, lambda val=val, rfn=rfn: rfn("x", val), "text"))
            if kind not in ("float4", "bpchar"):  # the raw fallback cannot tell these apart
                cases.append((lsql, lambda val=val: left.fn(val, "x"), "text"))
                cases.append((rsql, lambda val=val: right.fn("x", val), "text"))
    compare(pg, cases)


# ---------------------------------------------------------------------------
# Differential: functions
# ---------------------------------------------------------------------------

FUNC_GRID: dict[str, list[str]] = {
    "text": ["", "hello", "Hello World", "a,b,,c", "ab", "  pad  ", "xyx", "é😀Ä", "hello wORLD foo-bar éa x1y ab_cd", "l", "it's a\\b"],
    "bpchar": ["", "ab  ", "é  "],
    "bytea": ["\\x", "\\x0102030201", "\\x02", "\\x0102"],
    "int4": ["-2", "-1", "0", "1", "2", "3", "10", "65", "233", "55296", "1114111", "1114112", "2147483647", "-2147483648"],
}
STRING_FUNCS = {
    "length", "char_length", "character_length", "octet_length", "bit_length", "lower", "upper", "initcap",
    "substr", "substring", "overlay", "position", "strpos", "replace", "translate", "btrim", "ltrim", "rtrim",
    "lpad", "rpad", "left", "right", "repeat", "reverse", "split_part", "md5", "sha256", "ascii", "chr",
    "starts_with", "to_hex", "quote_literal",
}
SMALL = {"int4": ["-2", "0", "1", "2", "3", "10"]}


def _string_function_cases() -> list[Case]:
    cases: list[Case] = []
    for f in FUNCTIONS:
        if f.name not in STRING_FUNCS or not f.strict or "name" in f.args:
            continue  # (length(bytea, encoding): tests/test_builtin_functions.py)
        grids = []
        for i, a in enumerate(f.args):
            g = FUNC_GRID.get(a)
            if g is None:
                g = {"int8": ["-1", "255", "9223372036854775807"]}[a]
            if a == "int4" and (len(f.args) > 2 or f.name not in ("chr", "to_hex")):
                g = SMALL["int4"]
            if a == "text" and i > 0:
                g = ["", "l", "lo", "o", ",", "xy", " ", "é"]
            grids.append(g)
        combos: list[list[str]] = [[]]
        for g in grids:
            combos = [c + [v] for c in combos for v in g]
        for combo in combos:
            coll = ' COLLATE "C"' if f.name in ("lower", "upper", "initcap") else ""
            sql_args = ", ".join(f"{lit(v)}::{k}" for v, k in zip(combo, f.args))
            if f.name == "position":
                sql = f"position({lit(combo[1])}::{f.args[1]} in {lit(combo[0])}::{f.args[0]})"
            else:
                sql = f"{f.name}({sql_args}{coll})"
            cases.append((sql, lambda f=f, combo=combo: f.fn(*[parse(k, v) for v, k in zip(combo, f.args)]), f.result.kind))
    return cases


@pytest.mark.differential
def test_string_functions_differential(pg: Any) -> None:
    compare(pg, _string_function_cases())


@pytest.mark.differential
def test_concat_differential(pg: Any) -> None:
    out = {io.kind: io.format for io in TYPE_IOS}
    args: list[tuple[str, str | None]] = [("text", "a"), ("bool", "t"), ("float4", "1.5"), ("bpchar", "a  "), ("int4", None), ("numeric", "1.50")]
    sql_args = ", ".join(f"{lit(v)}::{k}" if v is not None else f"NULL::{k}" for k, v in args)
    texts = [None if v is None else out[k](parse(k, v)) for k, v in args]
    compare(pg, [
        (f"concat({sql_args})", lambda: S.concat(*texts), "text"),
        (f"concat_ws('-', {sql_args})", lambda: S.concat_ws("-", *texts), "text"),
    ])


@pytest.mark.differential
def test_limits_differential(pg: Any) -> None:
    compare(pg, [
        ("repeat('ab', 1000000000)", lambda: S.text_repeat("ab", 1000000000), "text"),
        ("lpad('ab', 300000000)", lambda: S.text_lpad("ab", 300000000), "text"),
        ("rpad('ab', 268435455, '')", lambda: S.text_rpad("ab", 268435455, ""), "text"),
    ])


# ---------------------------------------------------------------------------
# Differential: typmod on explicit cast and on assignment
# ---------------------------------------------------------------------------

CHAR_VALUES = ["", "a", "abc", "abcd", "abc ", "abc  ", "ab  c", "abcd ", "  ", "éèêë", "a\t\t"]


@pytest.mark.differential
def test_char_typmod_differential(pg: Any) -> None:
    pg.execute("CREATE TABLE tm (v varchar(3), c char(3), c1 char)")
    cases: list[Case] = []
    for v in CHAR_VALUES:
        for kind, n, col in (("varchar", 3, "v"), ("bpchar", 3, "c"), ("bpchar", 1, "c1")):
            t = SqlType(kind, length=n)
            sqlname = f"varchar({n})" if kind == "varchar" else f"char({n})"
            cases.append((f"{lit(v)}::{sqlname}", lambda v=v, t=t: apply_typmod(v, t, True), kind))
            cases.append((f"{lit(v)}::text::{sqlname}", lambda v=v, t=t: apply_typmod(v, t, True), kind))
            cases.append((
                f"INSERT INTO tm ({col}) VALUES ({lit(v)}::text) RETURNING format('%s', {col}), pg_typeof({col})::text",
                lambda v=v, t=t: apply_typmod(v, t, False),
                kind,
            ))
    compare(pg, [c for c in cases if not c[0].startswith("INSERT")])
    compare(pg, [c for c in cases if c[0].startswith("INSERT")], statements=True)


def test_uuid_is_uuid() -> None:
    assert isinstance(S.uuid_in("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), uuid.UUID)

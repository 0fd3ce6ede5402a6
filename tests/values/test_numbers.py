"""Numbers: unit tests and differential tests against PostgreSQL 16.

The differential tests evaluate many expressions on the server in one round
trip (a PL/pgSQL loop that traps each error) and compare value text (the
type's output function), result type and SQLSTATE/message/detail with
pydsql's functions.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydsql.errors import Error
from pydsql.values import numbers as N
from pydsql.values.operators import FUNCTIONS, OPERATORS

from pgeval import IO, compare, lit, parse

# ---------------------------------------------------------------------------
# Grids of edge values (text form, parsed by pydsql and by the server)
# ---------------------------------------------------------------------------

GRID: dict[str, list[str]] = {
    "int2": ["-32768", "-7", "-1", "0", "1", "2", "7", "181", "32767"],
    "int4": ["-2147483648", "-7", "-1", "0", "1", "3", "46341", "65536", "2147483647"],
    "int8": ["-9223372036854775808", "-5", "-1", "0", "1", "2", "3037000500", "4294967296", "9223372036854775807"],
    "numeric": [
        "0", "0.00", "1", "-1", "1.50", "-2.5", "3", "7", "0.001", "0.5", "1e20", "-0.0000001",
        "123456789.123456789", "99999999999999999999", "NaN", "Infinity", "-Infinity",
    ],
    "float4": ["0", "-0", "1", "-1.5", "0.1", "3", "16777217", "3.4e38", "1e-38", "1e-45", "NaN", "Infinity", "-Infinity"],
    "float8": ["0", "-0", "1", "-1.5", "0.1", "3", "1e308", "1e-308", "5e-324", "1e15", "NaN", "Infinity", "-Infinity"],
}


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_int_input_unit() -> None:
    assert N.int4_in(" 12 ") == 12
    assert N.int4_in("0x1F") == 31
    assert N.int4_in("0o17") == 15
    assert N.int4_in("0b101") == 5
    assert N.int4_in("1_000") == 1000
    assert N.int4_in("-0x80000000") == -2147483648
    with pytest.raises(Error) as e:
        N.int4_in("1.5")
    assert (e.value.sqlstate, e.value.message) == ("22P02", 'invalid input syntax for type integer: "1.5"')
    with pytest.raises(Error) as e:
        N.int4_in("99999999999")
    assert (e.value.sqlstate, e.value.message) == ("22003", 'value "99999999999" is out of range for type integer')


def test_int_arithmetic_unit() -> None:
    assert N.int4_div(7, -2) == -3
    assert N.int4_div(-7, 2) == -3
    assert N.int_mod(-7, 2) == -1
    assert N.int_mod(7, -2) == 1
    assert N.int_mod(-2147483648, -1) == 0
    for fn, args, msg in [
        (N.int2_pl, (32767, 1), "smallint out of range"),
        (N.int4_mul, (65536, 65536), "integer out of range"),
        (N.int8_mi, (N.INT8_MIN, 1), "bigint out of range"),
        (N.int4_div, (N.INT4_MIN, -1), "integer out of range"),
        (N.int4_um, (N.INT4_MIN,), "integer out of range"),
    ]:
        with pytest.raises(Error) as e:
            fn(*args)
        assert (e.value.sqlstate, e.value.message) == ("22003", msg)
    with pytest.raises(Error) as e:
        N.int4_div(1, 0)
    assert (e.value.sqlstate, e.value.message) == ("22012", "division by zero")


def test_numeric_unit() -> None:
    D = Decimal
    assert N.numeric_out(N.numeric_div(D(1), D(3))) == "0.33333333333333333333"
    assert N.numeric_out(N.numeric_div(D(10), D(4))) == "2.5000000000000000"
    assert N.numeric_out(N.numeric_in("1E+3")) == "1000"
    assert N.numeric_out(N.numeric_in("1.50")) == "1.50"
    assert N.numeric_out(N.numeric_mul(D("1.5"), D("-0.00"))) == "0.000"
    assert N.numeric_out(D("1E+3")) == "1000"
    with pytest.raises(Error) as e:
        N.numeric_apply_typmod(D("123456789012.5"), 12, 2)
    assert e.value.sqlstate == "22003"
    assert e.value.message == "numeric field overflow"
    assert e.value.detail == "A field with precision 12, scale 2 must round to an absolute value less than 10^10."
    with pytest.raises(Error) as e:
        N.numeric_apply_typmod(D("1.5"), 3, 3)
    assert e.value.detail == "A field with precision 3, scale 3 must round to an absolute value less than 1."
    assert N.numeric_apply_typmod(D("2.345"), 5, 2) == D("2.35")
    assert N.numeric_eq(N.NUMERIC_NAN, N.NUMERIC_NAN)
    assert N.numeric_lt(N.NUMERIC_PINF, N.NUMERIC_NAN)


def test_float_unit() -> None:
    assert N.float8_out(1e15) == "1e+15"
    assert N.float8_out(1.5e-5) == "1.5e-05"
    assert N.float8_out(123.0) == "123"
    assert N.float8_out(-0.0) == "-0"
    assert N.float8_out(math.nan) == "NaN"
    assert N.float8_out(-math.inf) == "-Infinity"
    assert N.float4_out(N.float4_in("1.1")) == "1.1"
    assert N.float4_out(1e6) == "1e+06"
    with pytest.raises(Error) as e:
        N.float8_in("1e400")
    assert (e.value.sqlstate, e.value.message) == ("22003", '"1e400" is out of range for type double precision')
    with pytest.raises(Error) as e:
        N.float8_div(1.0, 0.0)
    assert e.value.sqlstate == "22012"
    assert math.isnan(N.float8_div(math.nan, 0.0))
    assert N.float_eq(math.nan, math.nan) and N.float_gt(math.nan, math.inf)
    assert N.float_to_int4(2.5) == 2 and N.float_to_int4(3.5) == 4
    assert N.numeric_to_int4(Decimal("2.5")) == 3 and N.numeric_to_int4(Decimal("-2.5")) == -3


def test_float4_is_single_precision() -> None:
    x = N.float4_pl(N.float4_in("0.1"), N.float4_in("0.2"))
    assert struct.unpack("f", struct.pack("f", x))[0] == x
    assert N.float4_out(x) == "0.3"
    assert N.int_to_float4(2**60 + 2**36 + 1) == float(2**60 + 2**37)


# ---------------------------------------------------------------------------
# Differential: input
# ---------------------------------------------------------------------------

INT_INPUTS = [
    "0", "-0", "+12", " 12 ", "\t12\n", "12\x0b", "00012", "1_000", "1__000", "_1", "1_", "1_000_000",
    "0x1F", "0X1f", "-0x1F", "0o17", "0b101", "0B1_0", "0x_1F", "0x1_F", "0_1", "0b", "0x", "0o", "0b2",
    "0xg", "0_x1", "0x__1", "0x1_", "- 12", "+-1", "--1", "1.5", "1e3", "", "  ", "1 2", "12abc", "１２",
    "\u00a012", "32767", "32768", "-32768", "-32769", "32769x", "32770x", "2147483647", "2147483648",
    "-2147483648", "-2147483649", "2147483649x", "2147483650x", "0x7FFFFFFF", "0x80000000", "-0x80000000",
    "99999999999", " 99999999999 ", "99999999999abc", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "9223372036854775809x", "9223372036854775810x",
    "0x7FFFFFFFFFFFFFFF", "-0x8000000000000000", "0x1FFFFFFFFFFFFFFFFx", "0o777777777777777777777",
    "0b" + "1" * 63, "0b" + "1" * 64, "1" * 30, "NaN", "Infinity",
]


@pytest.mark.differential
@pytest.mark.parametrize("kind", ["int2", "int4", "int8"])
def test_int_input_differential(pg: Any, kind: str) -> None:
    compare(pg, [(f"{lit(s)}::{kind}", lambda s=s: parse(kind, s), kind) for s in INT_INPUTS])


NUMERIC_INPUTS = [
    "0", "-0", "-0.00", "0.000e5", "1.5", "1.50", "00012.3400", "+12", " 12 ", "\t-1.5e2 ", ".5", "5.", ".",
    "+.5", "-.5e1", "1e", "1e+", "1e3", "1E+3", "1e+03", "1.5e-3", "1.50e1", "1.0e-20", "1_000.5", "1.0_5",
    "1_0.0_5", "1e1_0", "1._5", "1_.5", "._5", "1e_5", "1e5_", "0x1F", "0X1f", "-0x1F", "0o17", "0b101", "0b",
    "0x", "0x_1F", "0x1.5", "0x1p3", "0x1e3", "0b1e5", "NaN", "nan", " NaN ", "-NaN", "+NaN", "NaNx",
    "Infinity", "inf", "-inf", "+inf", "infinity", "-inFinity", "Inf x", "Infinityx", "infinit", "", "  ",
    "1 2", "12abc", "1.5 x", "99999999999abc", "1e1000", "1e-1000", "1e131071", "1e131072", "9.9e131071",
    "1e-16383", "1e-16384", "0e-20000", "0e-16383", "0e999999999", "1e2147483648", "1e-2147483649",
    "1e99999999999x", "1e1073741823", "1e1073741824", "1e-1073741824", "0." + "0" * 16383, "0." + "0" * 16384,
    "0x" + "f" * 200, "123456789012345678901234567890.123456789012345678901234567890",
]


@pytest.mark.differential
def test_numeric_input_differential(pg: Any) -> None:
    compare(pg, [(f"{lit(s)}::numeric", lambda s=s: parse("numeric", s), "numeric") for s in NUMERIC_INPUTS])


FLOAT_INPUTS = [
    "0", "-0", "-0.00", "1.5", "0.1", " 1.5 ", "+.5", "-.5e1", ".", "5.", "1e", "1e+", "1e3", "1.5e-3",
    "1_000", "1e1_0", "NaN", "nan", "-NaN", "+NaN", " NaN ", "NaNx", "nan(123)", "nan()", "nan(", "Infinity",
    "infinity", "-inFinity", "inf", "-inf", "+inf", "Inf x", "infinit", "Infinityx", "0x1.5", "0x1p3",
    "0x1P-3", "0x1e3", "0x", "0x1p", "0x.8", "-0x10", "0x1p-1074", "0x1p-1075", "0x1p-149", "0x1p-150",
    "0x1.000001p0", "0x1.0000008p0", "0x1.0000018p0", "0x1.fffffep127", "0x1.ffffffp127", "0x1p128",
    "1e400", "1e400x", " 1e400 ", "-1e400", "1e-400", "1e-400junk", "1e-310", "1e-320", "3e-324", "2e-324",
    "1e-45", "1e-46", "7e-46", "8e-46", "1.4e-45", "3.4028235e38", "3.40282356e38", "3.4028236e38",
    "3.4028234663852886e38", "340282356779733661637539395458142568448", "1.7976931348623157e308",
    "1.7976931348623159e308", "16777217", "16777219", "0.100000001", "1.00000005960464477539062500001",
    "1.000000059604644775390625", "", "  ", "1 2", "12abc", "99999999999abc", "1e99999999999x",
    "123456789012345678901234567890", "0.000000000000000000000000000000000000000000001",
]


@pytest.mark.differential
@pytest.mark.parametrize("kind", ["float4", "float8"])
def test_float_input_differential(pg: Any, kind: str) -> None:
    compare(pg, [(f"{lit(s)}::{kind}", lambda s=s: parse(kind, s), kind) for s in FLOAT_INPUTS])


# ---------------------------------------------------------------------------
# Differential: float output (hypothesis)
# ---------------------------------------------------------------------------


def _check_outputs(pg: Any, kind: str, values: Sequence[float]) -> None:
    texts = [repr(v) for v in values]
    rows = pg.execute(f"SELECT x::{kind}::text FROM unnest(%s::text[]) WITH ORDINALITY AS u(x, i) ORDER BY i", (texts,)).fetchall()
    fmt = IO[kind].format
    bad = [(t, r[0], fmt(v)) for t, v, r in zip(texts, values, rows) if r[0] != fmt(v)]
    assert not bad, bad[:20]


FLOAT_EDGES = [
    0.0, -0.0, 1.0, 0.1, 1e15, 1e16, 999999999999999.9, 1e-4, 0.0001, 9.999999999999999e-5, 1e-5, 5e-324,
    2.2250738585072014e-308, 1.7976931348623157e308, 123456789012345.6, 1234567890123456.8, 2.0**53, 2.0**-1074,
    1e22, 1e23, 0.3, 2 / 3, math.pi, 1e100, -1.5e-7,
]
FLOAT4_EDGES = [struct.unpack("f", struct.pack("f", x))[0] for x in FLOAT_EDGES if abs(x) < 3e38] + [
    2.0**-149, 2.0**-126, 3.4028234663852886e38, 2.0**24 + 2, 1e6, 999999.9375, 1e-4, 2.0**100, 2.0**-100, 2.0**90,
]


@pytest.mark.differential
def test_float_output_edges(pg: Any) -> None:
    _check_outputs(pg, "float8", FLOAT_EDGES + [-x for x in FLOAT_EDGES])
    _check_outputs(pg, "float4", FLOAT4_EDGES + [-x for x in FLOAT4_EDGES])
    # every power of two (the asymmetric rounding intervals)
    _check_outputs(pg, "float4", [2.0**e for e in range(-149, 128)])
    _check_outputs(pg, "float8", [2.0**e for e in range(-1074, 1024)])


@pytest.mark.differential
def test_float_output_random_bits(pg: Any) -> None:
    rng = random.Random(20240601)
    d = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(20000)]
    f = [struct.unpack("<f", struct.pack("<I", rng.getrandbits(32)))[0] for _ in range(20000)]
    # integers and short decimals hit the small-int and fixed-notation paths
    d += [float(rng.randrange(-(10**17), 10**17)) for _ in range(3000)] + [rng.randrange(10**6) / 1000 for _ in range(3000)]
    f += [struct.unpack("f", struct.pack("f", rng.randrange(-(10**9), 10**9) / 10 ** rng.randrange(0, 12)))[0] for _ in range(5000)]
    _check_outputs(pg, "float8", [x for x in d if math.isfinite(x)])
    _check_outputs(pg, "float4", [x for x in f if math.isfinite(x)])


@pytest.mark.differential
def test_float8_output_hypothesis(pg: Any) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(
        st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=200, max_size=200),
        st.lists(st.integers(0, 2**64 - 1), min_size=100, max_size=100),
    )
    def check(xs: list[float], bits: list[int]) -> None:
        raw = [struct.unpack("<d", struct.pack("<Q", b))[0] for b in bits]
        _check_outputs(pg, "float8", xs + [x for x in raw if math.isfinite(x)])

    check()


@pytest.mark.differential
def test_float4_output_hypothesis(pg: Any) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(
        st.lists(st.floats(width=32, allow_nan=False, allow_infinity=False), min_size=200, max_size=200),
        st.lists(st.integers(0, 2**32 - 1), min_size=100, max_size=100),
    )
    def check(xs: list[float], bits: list[int]) -> None:
        raw = [struct.unpack("<f", struct.pack("<I", b))[0] for b in bits]
        _check_outputs(pg, "float4", xs + [x for x in raw if math.isfinite(x)])

    check()


@pytest.mark.differential
def test_float4_input_hypothesis(pg: Any) -> None:
    """Decimal strings read as float4 must be correctly rounded (no double rounding)."""

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.lists(st.tuples(st.integers(1, 10**17), st.integers(-60, 40)), min_size=100, max_size=100))
    def check(parts: list[tuple[int, int]]) -> None:
        texts = [f"{m}e{e}" for m, e in parts]
        # midpoints of float32 neighbours, written exactly, then nudged
        compare(pg, [(f"{lit(t)}::float4", lambda t=t: parse("float4", t), "float4") for t in texts])

    check()


@pytest.mark.differential
def test_float4_midpoints(pg: Any) -> None:
    cases = []
    for bits in (0x3F800000, 0x3F800001, 0x4B800000, 0x00000001, 0x7F7FFFFF, 0x3DCCCCCD):
        lo = struct.unpack("<f", struct.pack("<I", bits))[0]
        hi = struct.unpack("<f", struct.pack("<I", bits + 1))[0] if bits != 0x7F7FFFFF else 2.0**128
        mid = (Decimal(lo) + Decimal(hi)) / 2
        for t in (mid, mid + Decimal("1e-60"), mid - Decimal("1e-60")):
            s = format(t, "f") if abs(t.adjusted()) < 60 else str(t)
            cases.append((f"{lit(s)}::float4", lambda s=s: parse("float4", s), "float4"))
    compare(pg, cases)


# ---------------------------------------------------------------------------
# Differential: operators over the edge grids
# ---------------------------------------------------------------------------

NUMBER_KINDS = ("int2", "int4", "int8", "numeric", "float4", "float8")


def _operator_cases(kinds: Sequence[str]) -> list[tuple[str, Callable[[], Any], str | None]]:
    cases: list[tuple[str, Callable[[], Any], str | None]] = []
    for o in OPERATORS:
        if o.right not in kinds or (o.left is not None and o.left not in kinds):
            continue
        rvals = GRID[o.right] if o.name not in ("<<", ">>") else ["-1", "0", "1", "3", "15", "16", "31", "32", "33", "63", "64", "65", "-31"]
        if o.left is None:
            for r in rvals:
                cases.append((f"{o.name} ({lit(r)}::{o.right})", lambda o=o, r=r: o.fn(parse(o.right, r)), o.result.kind))
            continue
        for lv in GRID[o.left]:
            for r in rvals:
                cases.append((
                    f"({lit(lv)}::{o.left}) {o.name} ({lit(r)}::{o.right})",
                    lambda o=o, lv=lv, r=r: o.fn(parse(o.left, lv), parse(o.right, r)),
                    o.result.kind,
                ))
    return cases


@pytest.mark.differential
def test_integer_operators_differential(pg: Any) -> None:
    compare(pg, _operator_cases(("int2", "int4", "int8")))


@pytest.mark.differential
def test_numeric_operators_differential(pg: Any) -> None:
    compare(pg, _operator_cases(("numeric",)))


@pytest.mark.differential
def test_float_operators_differential(pg: Any) -> None:
    compare(pg, _operator_cases(("float4", "float8")))


def test_operator_table_matches_pg_operator(pg: Any) -> None:
    kinds = ["int2", "int4", "int8", "numeric", "float4", "float8", "text", "bpchar", "bool", "bytea", "uuid", "anynonarray"]
    rows = pg.execute(
        """SELECT o.oprname, l.typname, r.typname, res.typname
           FROM pg_operator o LEFT JOIN pg_type l ON l.oid = o.oprleft
           JOIN pg_type r ON r.oid = o.oprright JOIN pg_type res ON res.oid = o.oprresult
           WHERE (o.oprleft = 0 OR l.typname = ANY(%s)) AND r.typname = ANY(%s)""",
        (kinds, kinds),
    ).fetchall()
    server = {(n, lt, rt): res for n, lt, rt, res in rows if n not in ("~~", "!~~", "~~*", "!~~*", "~", "!~", "~*", "!~*", "@@") or lt is None}
    mine = {(o.name, o.left, o.right): o.result.kind for o in OPERATORS}
    assert mine == server


# ---------------------------------------------------------------------------
# Differential: numeric division scale and arithmetic (hypothesis)
# ---------------------------------------------------------------------------

decimals = st.builds(
    lambda m, e: str(Decimal(m).scaleb(e)),
    st.integers(-(10**40), 10**40),
    st.integers(-45, 25),
)


@pytest.mark.differential
def test_numeric_arithmetic_hypothesis(pg: Any) -> None:
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.lists(st.tuples(decimals, decimals), min_size=60, max_size=60))
    def check(pairs: list[tuple[str, str]]) -> None:
        cases = []
        for a, b in pairs:
            for name, fn in (("/", N.numeric_div), ("*", N.numeric_mul), ("+", N.numeric_add), ("%", N.numeric_mod)):
                cases.append((
                    f"{lit(a)}::numeric {name} {lit(b)}::numeric",
                    lambda a=a, b=b, fn=fn: fn(parse("numeric", a), parse("numeric", b)),
                    "numeric",
                ))
        compare(pg, cases)

    check()


# ---------------------------------------------------------------------------
# Differential: functions
# ---------------------------------------------------------------------------

FUNC_GRID = {
    **GRID,
    "numeric": GRID["numeric"] + ["2", "10", "0.9", "1.1", "1.0000001", "0.5", "-3", "2.5", "1e-10", "1234.5678", "100"],
    "float8": GRID["float8"] + ["2", "-2", "0.5", "2.5", "-2.5", "-0.5", "100", "710", "-750"],
    "int4": ["-3", "-1", "0", "1", "2", "5", "-2147483648", "2147483647", "12", "18"],
}


def _function_cases() -> list[tuple[str, Callable[[], Any], str | None]]:
    cases: list[tuple[str, Callable[[], Any], str | None]] = []
    for f in FUNCTIONS:
        if not all(a in NUMBER_KINDS for a in f.args):
            continue
        grids = [FUNC_GRID[a] for a in f.args]
        combos: list[list[str]] = [[]]
        for g in grids:
            combos = [c + [v] for c in combos for v in g]
        for combo in combos:
            sql_args = ", ".join(f"{lit(v)}::{k}" for v, k in zip(combo, f.args))
            cases.append((
                f"{f.name}({sql_args})",
                lambda f=f, combo=combo: f.fn(*[parse(k, v) for v, k in zip(combo, f.args)]),
                f.result.kind,
            ))
    return cases


@pytest.mark.differential
def test_number_functions_differential(pg: Any) -> None:
    compare(pg, _function_cases())


@pytest.mark.differential
def test_numeric_power_and_logs(pg: Any) -> None:
    pairs = [
        ("2", "10"), ("2", "0.5"), ("2.0", "-2"), ("0", "0"), ("1.5", "3"), ("10", "2"), ("0.5", "100000"),
        ("2", "1000000"), ("-2", "3"), ("-2", "0.5"), ("0", "-1"), ("0", "0.5"), ("1.0000001", "10000000"),
        ("3", "-3"), ("7", "1.5"), ("1.1", "100.5"), ("12.34", "5"), ("0.001", "4"), ("-1", "2147483648"),
        ("-1", "2147483649"), ("2", "2147483648"), ("0.99", "-3000"), ("1e-10", "0.5"), ("123456", "7"),
        ("NaN", "0"), ("1", "NaN"), ("-1", "Infinity"), ("0.5", "-Infinity"), ("-Infinity", "3"),
        ("-Infinity", "-3"), ("Infinity", "-2"), ("0", "Infinity"), ("2", "-Infinity"), ("-2", "Infinity"),
    ]
    cases: list[tuple[str, Callable[[], Any], str | None]] = [
        (f"{lit(a)}::numeric ^ {lit(b)}::numeric", lambda a=a, b=b: N.numeric_power(parse("numeric", a), parse("numeric", b)), "numeric")
        for a, b in pairs
    ]
    for a, b in pairs:
        cases.append((
            f"log({lit(a)}::numeric, {lit(b)}::numeric)",
            lambda a=a, b=b: N.numeric_log(parse("numeric", a), parse("numeric", b)),
            "numeric",
        ))
    for x in ["2", "0.5", "1e-20", "1e20", "12345.6789", "1.000001", "0.999999", "100", "50.5", "-7", "0", "1e-1000", "1e1000", "6000", "-6000", "5999.9"]:
        for name, fn in (("exp", N.numeric_exp), ("ln", N.numeric_ln), ("sqrt", N.numeric_sqrt), ("log10", N.numeric_log10)):
            cases.append((f"{name}({lit(x)}::numeric)", lambda x=x, fn=fn: fn(parse("numeric", x)), "numeric"))
    compare(pg, cases)


# ---------------------------------------------------------------------------
# Differential: typmod
# ---------------------------------------------------------------------------


@pytest.mark.differential
def test_numeric_typmod_differential(pg: Any) -> None:
    mods = [(12, 2), (3, 3), (1, 0), (1, 1), (5, 0), (2, -3), (3, 5), (10, 4), (1000, 500)]
    vals = ["0", "1.5", "0.95", "9.5", "12345.678", "123456789012.5", "-99.995", "0.001", "0.01", "123456", "1", "NaN", "Infinity", "-Infinity", "0.00049"]
    cases = []
    for p, s in mods:
        for v in vals:
            cases.append((
                f"{lit(v)}::numeric::numeric({p},{s})",
                lambda v=v, p=p, s=s: N.numeric_apply_typmod(parse("numeric", v), p, s),
                "numeric",
            ))
    compare(pg, cases)


def test_representation_invariants() -> None:
    for s in GRID["numeric"] + NUMERIC_INPUTS:
        try:
            d = N.numeric_in(s)
        except Error:
            continue
        if d.is_finite():
            assert d.as_tuple().exponent <= 0
            assert not (d.is_zero() and d.is_signed())
    for s in GRID["float4"]:
        x = N.float4_in(s)
        if math.isfinite(x):
            assert struct.unpack("f", struct.pack("f", x))[0] == x


@pytest.mark.differential
def test_numeric_limits_differential(pg: Any) -> None:
    big = "9" + "0" * 131071
    tiny = "0." + "0" * 9000 + "1"
    cases: list[tuple[str, Callable[[], Any], str | None]] = [
        (f"{lit(big)}::numeric * 10", lambda: N.numeric_mul(parse("numeric", big), Decimal(10)), "numeric"),
        (f"{lit(big)}::numeric + {lit(big)}::numeric", lambda: N.numeric_add(parse("numeric", big), parse("numeric", big)), "numeric"),
        (f"{lit(big)}::numeric / 0.1", lambda: N.numeric_div(parse("numeric", big), Decimal("0.1")), "numeric"),
        (f"{lit(tiny)}::numeric * {lit(tiny)}::numeric", lambda: N.numeric_mul(parse("numeric", tiny), parse("numeric", tiny)), "numeric"),
        ("1e-16383 / 3", lambda: N.numeric_div(Decimal("1e-16383"), Decimal(3)), "numeric"),
        ("1 / 1e-1000", lambda: N.numeric_div(Decimal(1), parse("numeric", "1e-1000")), "numeric"),
        ("10::numeric ^ 131072", lambda: N.numeric_power(Decimal(10), Decimal(131072)), "numeric"),
        ("ln(1e-16383)", lambda: N.numeric_ln(parse("numeric", "1e-16383")), "numeric"),
        ("1.000000000001::numeric ^ 1e15", lambda: N.numeric_power(Decimal("1.000000000001"), parse("numeric", "1e15")), "numeric"),
        ("0.9::numeric ^ 2147483647", lambda: N.numeric_power(Decimal("0.9"), Decimal(2147483647)), "numeric"),
        ("1.1::numeric ^ 2147483648", lambda: N.numeric_power(Decimal("1.1"), Decimal(2147483648)), "numeric"),
        ("1.0000001::numeric ^ -2147483648", lambda: N.numeric_power(Decimal("1.0000001"), Decimal(-2147483648)), "numeric"),
        ("2::numeric ^ -1074.5", lambda: N.numeric_power(Decimal(2), Decimal("-1074.5")), "numeric"),
    ]
    compare(pg, cases)


def test_sort_keys() -> None:
    nan2 = Decimal("NaN")
    assert len({N.numeric_sort_key(N.NUMERIC_NAN), N.numeric_sort_key(nan2)}) == 1
    assert sorted([Decimal(1), nan2, N.NUMERIC_PINF], key=N.numeric_sort_key)[-1] is nan2
    assert N.float_sort_key(-0.0) == N.float_sort_key(0.0)
    assert sorted([math.nan, math.inf, 1.0], key=N.float_sort_key)[0] == 1.0

"""Interval: unit tests, and differential tests against PostgreSQL 16.

The differential tests send many expressions to the server in one round trip
(a PL/pgSQL loop that traps each error) and compare the text output, or the
SQLSTATE and message, with pydsql's.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydsql import errors
from pydsql.values.interval import (
    INTERVAL_FIELDS,
    Interval,
    apply_interval_typmod,
    format_interval,
    justify_days,
    justify_hours,
    justify_interval,
    parse_interval,
)

from pgeval import Outcome, lit, server_outcomes

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# ---------------------------------------------------------------------------
# Differential helpers
# ---------------------------------------------------------------------------

def server(pg: Any, sqls: Sequence[str]) -> list[Outcome]:
    pg.execute("SET TimeZone TO 'UTC'")
    return server_outcomes(pg, sqls)


def local(fn: Callable[[], str]) -> Outcome:
    try:
        return (fn(), None, None, None)
    except errors.Error as e:
        return (None, e.sqlstate, e.message, e.hint)


def compare(pg: Any, cases: Sequence[tuple[str, Callable[[], str]]]) -> None:
    """``cases``: (SQL returning one text value, pydsql thunk returning text)."""
    expected = server(pg, [sql for sql, _ in cases])
    mismatches = []
    for (sql, fn), exp in zip(cases, expected):
        got = local(fn)
        if got != exp:
            mismatches.append(f"{sql}\n    PG:     {exp}\n    pydsql: {got}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ:\n" + "\n".join(mismatches[:40])


def parse_fmt(text: str) -> Callable[[], str]:
    return lambda: format_interval(parse_interval(text))


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_comparison_is_interval_cmp_value() -> None:
    month, days30 = Interval(1, 0, 0), Interval(0, 30, 0)
    assert month == days30 and hash(month) == hash(days30)
    assert not month.same_fields(days30)
    assert Interval(0, 1, 0) == Interval(0, 0, 86_400_000_000)
    assert Interval(0, 0, 1) > Interval(0, 0, 0) > Interval(0, 0, -1)
    assert Interval(1, 0, 0) < Interval(0, 30, 1)
    assert sorted([Interval(0, 31, 0), Interval(1, 0, 0), Interval(0, 29, 0)])[0] == Interval(0, 29, 0)
    assert len({Interval(12, 0, 0), Interval(0, 360, 0), Interval(1, 330, 0)}) == 1
    assert Interval() == Interval(0, 0, 0) and not Interval()


def test_immutable_and_picklable() -> None:
    import pickle

    iv = Interval(1, 2, 3)
    with pytest.raises(AttributeError):
        iv.months = 5
    assert pickle.loads(pickle.dumps(iv)).same_fields(iv)
    assert repr(iv) == "Interval(months=1, days=2, micros=3)"
    assert str(Interval(14, 3, 3_600_000_000)) == "1 year 2 mons 3 days 01:00:00"


def test_field_ranges_are_checked() -> None:
    for bad in ((INT32_MAX + 1, 0, 0), (0, INT32_MIN - 1, 0), (0, 0, INT64_MAX + 1)):
        with pytest.raises(errors.DatetimeFieldOverflow, match="interval out of range"):
            Interval(*bad)
    with pytest.raises(errors.DatetimeFieldOverflow):
        -Interval(INT32_MIN, 0, 0)
    with pytest.raises(errors.DatetimeFieldOverflow):
        Interval(0, INT32_MAX, 0) + Interval(0, 1, 0)
    with pytest.raises(errors.DatetimeFieldOverflow):
        Interval(0, 0, INT64_MIN) - Interval(0, 0, 1)


def test_arithmetic() -> None:
    a = parse_interval("1 mon 2 days 03:00:00")
    b = parse_interval("-1 day 01:00:00")
    assert (a + b).same_fields(Interval(1, 1, 4 * 3_600_000_000))
    assert (a - b).same_fields(Interval(1, 3, 2 * 3_600_000_000))
    assert (-a).same_fields(Interval(-1, -2, -3 * 3_600_000_000))
    assert format_interval(parse_interval("1 mon") * 0.3) == "9 days"
    assert format_interval(0.5 * parse_interval("1 mon 1 day")) == "15 days 12:00:00"
    assert format_interval(parse_interval("1 mon") / 7) == "4 days 06:51:25.6896"
    with pytest.raises(errors.DivisionByZero, match="division by zero"):
        parse_interval("1 day") / 0.0
    with pytest.raises(errors.DatetimeFieldOverflow):
        parse_interval("1 day") * float("nan")
    with pytest.raises(errors.DatetimeFieldOverflow):
        parse_interval("1 day") * float("inf")


def test_justify() -> None:
    assert format_interval(justify_hours(parse_interval("1 day 50:00:00"))) == "3 days 02:00:00"
    assert format_interval(justify_hours(parse_interval("1 day -25:00:00"))) == "-01:00:00"
    assert format_interval(justify_days(parse_interval("65 days"))) == "2 mons 5 days"
    assert format_interval(justify_days(parse_interval("1 mon -35 days"))) == "-5 days"
    assert format_interval(justify_interval(parse_interval("1 mon -1 hour"))) == "29 days 23:00:00"


def test_format() -> None:
    assert format_interval(Interval()) == "00:00:00"
    assert format_interval(Interval(0, -1, 2 * 3_600_000_000)) == "-1 days +02:00:00"
    assert format_interval(Interval(-14, 0, 0)) == "-1 years -2 mons"
    assert format_interval(Interval(0, 0, -500_000)) == "-00:00:00.5"
    assert format_interval(Interval(1, 1, 1)) == "1 mon 1 day 00:00:00.000001"


@pytest.mark.parametrize(
    ("text", "months", "days", "micros"),
    [
        ("1 day", 0, 1, 0),
        ("1 year 2 mons 3 days 04:05:06.789", 14, 3, 14_706_789_000),
        ("-1 day +02:00", 0, -1, 7_200_000_000),
        ("@ 1 hour ago", 0, 0, -3_600_000_000),
        ("P1Y2M3DT4H5M6S", 14, 3, 14_706_000_000),
        ("P0001-02-03T04:05:06", 14, 3, 14_706_000_000),
        ("1:30", 0, 0, 5_400_000_000),
        ("1.5 days", 0, 1, 43_200_000_000),
        ("1.5 months", 1, 15, 0),
        ("2 weeks", 0, 14, 0),
        ("3 millennia", 36000, 0, 0),
        ("10 ms 5 us", 0, 0, 10_005),
        ("1-2", 14, 0, 0),
    ],
)
def test_parse(text: str, months: int, days: int, micros: int) -> None:
    assert parse_interval(text).same_fields(Interval(months, days, micros))


@pytest.mark.parametrize("text", ["infinity", "-infinity", "", "foo", "1 day 1 day", "p1d", " P1D"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(errors.InvalidDatetimeFormat, match="invalid input syntax for type interval"):
        parse_interval(text)


def test_parse_overflow_messages() -> None:
    with pytest.raises(errors.IntervalFieldOverflow, match='interval field value out of range: "2147483648 days"'):
        parse_interval("2147483648 days")
    with pytest.raises(errors.DatetimeFieldOverflow, match="^interval out of range$"):
        parse_interval("178956971 years")


def test_typmod() -> None:
    iv = parse_interval("1 year 2 mons 3 days 04:05:06.789")
    assert format_interval(apply_interval_typmod(iv, 1)) == "1 year 2 mons 3 days 04:05:06.8"
    assert format_interval(apply_interval_typmod(iv, None, "day")) == "1 year 2 mons 3 days"
    assert format_interval(apply_interval_typmod(iv, None, "hour to minute")) == "1 year 2 mons 3 days 04:05:00"
    assert format_interval(apply_interval_typmod(iv, None, "year")) == "1 year"
    assert format_interval(apply_interval_typmod(parse_interval("-00:00:00.5"), 0)) == "-00:00:01"
    assert format_interval(parse_interval("5", "day")) == "5 days"
    assert apply_interval_typmod(iv, 6) is iv
    with pytest.raises(errors.InvalidParameterValue):
        apply_interval_typmod(iv, -1)
    with pytest.raises(errors.InvalidParameterValue, match="invalid INTERVAL type modifier"):
        apply_interval_typmod(iv, None, "month to day")


def test_timedelta_conversions() -> None:
    assert Interval(14, 3, 5_000_001).to_timedelta() == timedelta(days=365 + 60 + 3, seconds=5, microseconds=1)
    assert Interval(-14, 0, -1).to_timedelta() == timedelta(days=-425, microseconds=-1)
    td = timedelta(days=-1, seconds=5, microseconds=7)
    assert Interval.from_timedelta(td).same_fields(Interval(0, -1, 5_000_007))
    assert Interval.from_timedelta(td).to_timedelta() == td
    with pytest.raises(errors.DataError, match="can't parse interval '1000000000 days':"):
        Interval(0, 1_000_000_000, 0).to_timedelta()


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

intervals = st.builds(
    Interval,
    st.integers(INT32_MIN + 1, INT32_MAX),
    st.integers(INT32_MIN + 1, INT32_MAX),
    st.integers(INT64_MIN + 1, INT64_MAX),
)
small_intervals = st.builds(
    Interval, st.integers(-2000, 2000), st.integers(-100_000, 100_000), st.integers(-(10**15), 10**15)
)


@given(intervals)
def test_format_parse_round_trip(iv: Interval) -> None:
    assert parse_interval(format_interval(iv)).same_fields(iv)


@given(intervals, intervals)
def test_order_matches_cmp_value(a: Interval, b: Interval) -> None:
    assert (a < b) == (a.cmp_value() < b.cmp_value())
    assert (a == b) == (a.cmp_value() == b.cmp_value())
    if a == b:
        assert hash(a) == hash(b)


@given(small_intervals)
def test_justify_preserves_value(iv: Interval) -> None:
    assert justify_hours(iv) == iv
    assert justify_days(iv) == iv
    j = justify_interval(iv)
    assert j == iv
    assert abs(j.micros) < 86_400_000_000 and abs(j.days) < 30
    assert (j.months >= 0 and j.days >= 0 and j.micros >= 0) or (j.months <= 0 and j.days <= 0 and j.micros <= 0)


@given(st.timedeltas())
def test_timedelta_round_trip(td: timedelta) -> None:
    assert Interval.from_timedelta(td).to_timedelta() == td


# ---------------------------------------------------------------------------
# Differential tests
# ---------------------------------------------------------------------------

INPUTS = [
    "1 day", "1 year 2 mons 3 days 04:05:06.789", "-1 day +02:00", "@ 1 hour ago", "P1Y2M3DT4H5M6S",
    "P0001-02-03T04:05:06", "P00010203T040506", "P1.5Y", "PT1.5S", "P1W", "P0x10D", "P1.5M", "P-1Y-2M", "1:30",
    "1.5 days", "1.5 years", "1.5 months", "1.5 weeks", "3 mins", "10 secs", "2 hrs", "1 millennium",
    "2 centuries", "3 decades", "1 mil", "100 msec", "7 usec", "1 microseconds", "1 milliseconds",
    "1 microsecondsxyz", "infinity", "-infinity", "+infinity", "", "   ", "foo", "1", "-1", "1.5", ".5", "1-2",
    "-1-2", "1-12", "1 2", "1 day 2 days", "1 day ago 2 hours", "ago", "@", "1 ago", "-1 days -02:00:00",
    "-1 days +02:00:00", "1 day -02:00:00", "00:00:00", "-00:00:01", "123:45:67", "12:60", "12:59:60",
    "12:59:60.5", "1:2:3.123456789", "99999999999999999999 days", "2147483648 days", "2147483647 days",
    "-2147483648 days", "178956970 years", "178956971 years", "-178956970 years -8 mons", "2562047788 hours",
    "2562047789 hours", "9223372036854775807 usec", "1 year -1 month", "P", "PT", "P1", "P1Y1", "PT1H30",
    "PT013000", "P1DT", " P1D", "P1D ", "p1d", "1 week 2 days", "5 h 3 m", "1 day 02:03", "1 day 02:03.5",
    "02:03.5", "1e3 days", "+1 day", "+ 1 day", "- 1 day", "1,5 days", "1 day, 2 hours", "1 dy", "1 Years",
    "1 YEAR", "01:02:03.0000005", "0.0000005 sec", "-0.0000005 sec", "1.999999999 sec", "3 quarter",
    "1 timezone", "1 day 1 day", "1 mon 1 mons", "999999999 days 999999999:00:00", "12:00:00 1 day",
    "1 days 2 years", "-1 year -2 mons -3 days -04:05:06.789", "1 day02:00:00", "1 day  02:00:00",
    "1.2.3", "1/2", "1 day 12 hours 30 minutes 15.5 seconds", "P1Y2M3DT4H5M6.789S", "PT0.000001S", "P1E2D",
    "Pinfinity", "P-.5D", "PT36H", "P2Y-3M", "P0001-13", "P1-2-3T", "PT1:2:3", "PT01:02", "1.5e3 seconds",
]


def _random_inputs(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    toks = ["1", "-1", "2", "+3", "1.5", "-0.5", ".5", "100", "1-2", "-1-2", "12:34", "1:2:3", "-01:02:03",
            "+02:00", "12:34.5", "day", "days", "mon", "mons", "month", "years", "y", "h", "m", "s", "ms", "us",
            "w", "week", "decade", "century", "millennium", "ago", "@", "hours", "min", "secs", "qtr", "P1Y",
            "PT1H", "T", "2147483647", "-2147483648", "1e3", "abc", "5.", "0", "00:00:00.000001"]
    return [" ".join(rng.choice(toks) for _ in range(rng.randint(1, 5))) for _ in range(n)]


def _random_iso(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    nums = ["1", "0", "-1", "1.5", "-2.25", ".5", "12", "20240131", "0001", "00010203", "123456", "010203",
            "1e2", "99999999999", "1e16", "2147483648", "178956971"]
    units = ["Y", "M", "W", "D", "T", "H", "S", "-", ":", ""]
    return ["P" + "".join(rng.choice(nums) + rng.choice(units) for _ in range(rng.randint(0, 4))) for _ in range(n)]


@pytest.mark.differential
def test_input_differential(pg: Any) -> None:
    texts = INPUTS + _random_inputs(1, 600) + _random_iso(2, 300)
    compare(pg, [(f"SELECT {lit(t)}::interval::text", parse_fmt(t)) for t in texts])


@pytest.mark.differential
def test_typed_literal_with_fields_differential(pg: Any) -> None:
    """``INTERVAL 'text' <fields>[(p)]`` passes the fields to the input function."""
    values = ["1 year 2 mons 3 days 04:05:06.789", "-1 day +02:00", "5", "1.5", "1 2:03:04.5", "2-3", "12:34",
              "12:34.5", "-1 2:03", "-00:00:00.5", "25:00:00", "1.999999 sec", "100"]
    cases = []
    for v in values:
        for fields in INTERVAL_FIELDS:
            for p in (None, 0, 3):
                if p is not None and not fields.endswith("second"):
                    continue
                suffix = f"({p})" if p is not None else ""
                cases.append((
                    f"SELECT (INTERVAL {lit(v)} {fields}{suffix})::text",
                    lambda v=v, f=fields, p=p: format_interval(apply_interval_typmod(parse_interval(v, f), p, f)),
                ))
    compare(pg, cases)


@pytest.mark.differential
def test_cast_typmod_differential(pg: Any) -> None:
    """``text::interval(p)`` and ``::interval <fields>``: parse, then round/truncate."""
    values = ["1 year 2 mons 3 days 04:05:06.789", "-00:00:00.5", "00:00:00.5", "1 day 00:00:00.45",
              "-1 day -00:00:00.123456", "5", "-1 mons 25:59:59.999999"]
    cases = []
    for v in values:
        for p in range(7):
            cases.append((f"SELECT {lit(v)}::interval({p})::text",
                          lambda v=v, p=p: format_interval(apply_interval_typmod(parse_interval(v), p))))
        for fields in INTERVAL_FIELDS:
            cases.append((f"SELECT {lit(v)}::text::interval {fields}::text",
                          lambda v=v, f=fields: format_interval(apply_interval_typmod(parse_interval(v), None, f))))
    compare(pg, cases)


GRID = ["1 mon", "30 days", "1 year 2 mons 3 days 04:05:06.789", "-1 day +02:00", "-1 mons", "25:00:00", "0",
        "1 mon -1 day", "-1 year -1 mons -1 days -01:00:00", "24:00:00", "11 mons 29 days 23:59:59.999999",
        "2147483647 days", "-2147483648 mons", "178956970 years", "-00:00:00.5", "1 mon 15 days",
        "-2562047788:00:54.775807"]
FACTORS = ["0", "1.5", "-0.5", "3", "0.001", "0.3", "1e10", "NaN", "Infinity", "7", "-1e-7", "1e300", "-1", "2",
           "0.5", "1e-300", "1.0000001"]


@pytest.mark.differential
def test_arithmetic_differential(pg: Any) -> None:
    cases: list[tuple[str, Callable[[], str]]] = []
    for a in GRID:
        ia = lit(a)
        cases.append((f"SELECT (-{ia}::interval)::text", lambda a=a: format_interval(-parse_interval(a))))
        for b in GRID:
            ib = lit(b)
            cases.append((f"SELECT ({ia}::interval + {ib}::interval)::text",
                          lambda a=a, b=b: format_interval(parse_interval(a) + parse_interval(b))))
            cases.append((f"SELECT ({ia}::interval - {ib}::interval)::text",
                          lambda a=a, b=b: format_interval(parse_interval(a) - parse_interval(b))))
            for op in ("=", "<>", "<", "<=", ">", ">="):
                pyop = {"=": "__eq__", "<>": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__"}[op]
                cases.append((f"SELECT ({ia}::interval {op} {ib}::interval)::text",
                              lambda a=a, b=b, m=pyop: str(getattr(parse_interval(a), m)(parse_interval(b))).lower()))
        for f in FACTORS:
            cases.append((f"SELECT ({ia}::interval * {lit(f)}::float8)::text",
                          lambda a=a, f=f: format_interval(parse_interval(a) * float(f))))
            cases.append((f"SELECT ({lit(f)}::float8 * {ia}::interval)::text",
                          lambda a=a, f=f: format_interval(float(f) * parse_interval(a))))
            cases.append((f"SELECT ({ia}::interval / {lit(f)}::float8)::text",
                          lambda a=a, f=f: format_interval(parse_interval(a) / float(f))))
        for fn, pyfn in (("justify_hours", justify_hours), ("justify_days", justify_days),
                         ("justify_interval", justify_interval)):
            cases.append((f"SELECT {fn}({ia}::interval)::text",
                          lambda a=a, g=pyfn: format_interval(g(parse_interval(a)))))
    compare(pg, cases)


@pytest.mark.differential
def test_psycopg_timedelta_differential(pg: Any) -> None:
    """to_timedelta() is what psycopg's (pure Python) IntervalLoader makes of the server's text;
    from_timedelta() is what the server reads from psycopg's TimedeltaDumper.

    (psycopg's optional C extension wraps int32 day counts around instead of
    raising for the largest intervals; pydsql follows the Python loader.)
    """
    from psycopg.types.datetime import IntervalLoader

    loader = IntervalLoader(1186, pg)
    mismatches = []
    for text in GRID + ["1000000000 days", "-1000000000 days", "2739726 years", "-2739726 years", "1 year -1 mon"]:
        server_text = pg.execute("SELECT %s::interval::text", (text,)).fetchone()[0]
        try:
            expected: Any = loader.load(server_text.encode())
        except psycopg.DataError as e:
            expected = ("DataError", str(e))
        try:
            got: Any = parse_interval(text).to_timedelta()
        except errors.DataError as e:
            got = ("DataError", e.message)
        if got != expected:
            mismatches.append((text, expected, got))
        if isinstance(expected, timedelta) and abs(expected.days) < 2**31 // 366:
            # in this range psycopg's C loader (if installed) agrees
            if pg.execute("SELECT %s::interval", (text,)).fetchone()[0] != got:
                mismatches.append((text, "C loader", got))
    for td in (timedelta(days=-1, seconds=5), timedelta(microseconds=-1), timedelta.max, timedelta.min,
               timedelta(days=45, hours=25, microseconds=123)):
        server_text = pg.execute("SELECT %s::text", (td,)).fetchone()[0]
        if not parse_interval(server_text).same_fields(Interval.from_timedelta(td)):
            mismatches.append((td, server_text, Interval.from_timedelta(td)))
    assert not mismatches


@pytest.mark.differential
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(small_intervals, st.floats(-1e6, 1e6, allow_nan=False)), min_size=20, max_size=20))
def test_mul_div_property_differential(pg: Any, pairs: list[tuple[Interval, float]]) -> None:
    cases: list[tuple[str, Callable[[], str]]] = []
    for iv, f in pairs:
        text = format_interval(iv)
        cases.append((f"SELECT ({lit(text)}::interval * {f!r}::float8)::text",
                      lambda iv=iv, f=f: format_interval(iv * f)))
        cases.append((f"SELECT ({lit(text)}::interval / {f!r}::float8)::text",
                      lambda iv=iv, f=f: format_interval(iv / f)))
    compare(pg, cases)

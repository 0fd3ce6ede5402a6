"""Dates, times and timestamps: unit tests, and differential tests against PostgreSQL 16.

The differential tests send many expressions to the server in one round trip
(a PL/pgSQL loop that traps each error) and compare the text output, or the
SQLSTATE, message and hint, with pydsql's.  Where PostgreSQL returns a value
pydsql cannot represent (BC or after 9999, infinity, ``24:00:00``), pydsql
must raise 22008 with a DETAIL naming the limit.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydsql import errors
from pydsql.types import KINDS
from pydsql.values import datetimes as D
from pydsql.values.interval import Interval, format_interval, parse_interval
from pydsql.values.registry import ASSIGNMENT, EXPLICIT, IMPLICIT

from pgeval import Outcome, lit, server_outcomes

UTC = timezone.utc

PARSE: dict[str, Callable[[str], Any]] = {
    "date": D.parse_date,
    "time": D.parse_time,
    "timetz": D.parse_timetz,
    "timestamp": D.parse_timestamp,
    "timestamptz": D.parse_timestamptz,
    "interval": parse_interval,
    "int4": int,
    "float8": float,
}
FORMAT: dict[str, Callable[[Any], str]] = {io.kind: io.format for io in D.DATETIME_IO}

# ---------------------------------------------------------------------------
# Differential helpers
# ---------------------------------------------------------------------------

def server(pg: Any, sqls: Sequence[str]) -> tuple[list[Outcome], datetime]:
    """Evaluate in one transaction; also returns its now() for 'now'/'today' input."""
    pg.execute("SET TimeZone TO 'UTC'")
    pg.execute("BEGIN")
    try:
        now = pg.execute("SELECT now()").fetchone()[0]
        outcomes = server_outcomes(pg, sqls)
    finally:
        pg.execute("COMMIT")
    return outcomes, now


def pg_float(v: float) -> str:
    """float8 output (shortest round-trip digits, exponent outside 1e-4 .. 1e15)."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0:
        return "-0" if math.copysign(1, v) < 0 else "0"
    digits, exp = f"{abs(v):.17e}".split("e")
    r = repr(abs(v))
    mant, _, e = r.partition("e")
    ip, _, fp = mant.partition(".")
    allds = (ip + fp).lstrip("0")
    e10 = (len(ip.lstrip("0")) - 1 if ip.strip("0") else -(len(fp) - len(fp.lstrip("0"))) - 1) + int(e or 0)
    ds = allds.rstrip("0") or "0"
    if -4 <= e10 < 15:
        if e10 >= 0:
            out = ds + "0" * (e10 + 1 - len(ds)) if len(ds) <= e10 + 1 else ds[: e10 + 1] + "." + ds[e10 + 1:]
        else:
            out = "0." + "0" * (-e10 - 1) + ds
    else:
        out = ds[0] + ("." + ds[1:] if len(ds) > 1 else "") + "e" + ("-" if e10 < 0 else "+") + f"{abs(e10):02d}"
    return ("-" if v < 0 else "") + out


def text_of(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return pg_float(v)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    return FORMAT[D.kind_of(v)](v)


def _unrepresentable(pg_text: str) -> bool:
    return (" BC" in pg_text or "infinity" in pg_text or pg_text.startswith("24:00:00")
            or bool(re.match(r"[0-9]{5,}-", pg_text)))


def compare(pg: Any, cases: Sequence[tuple[str, Callable[[datetime], Any]]]) -> None:
    """``cases``: (SQL returning one text value, pydsql thunk taking the transaction's now())."""
    expected, now = server(pg, [sql for sql, _ in cases])
    mismatches = []
    for (sql, fn), exp in zip(cases, expected):
        try:
            got: Outcome = (text_of(fn(now)), None, None, None)
        except errors.Error as e:
            if (e.sqlstate == "22008" and exp[0] is not None and _unrepresentable(exp[0])
                    and "pydsql" in (e.detail or "")):
                continue  # a documented pydsql range limit
            got = (None, e.sqlstate, e.message, e.hint)
        if got != exp:
            mismatches.append(f"{sql}\n    PG:     {exp}\n    pydsql: {got}")
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ:\n" + "\n".join(mismatches[:40])


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_representation() -> None:
    assert D.parse_date("2024-01-31") == date(2024, 1, 31)
    assert D.parse_time("12:34:56.789") == time(12, 34, 56, 789000)
    t = D.parse_timetz("12:34:56+05:30")
    assert t.utcoffset() == timedelta(hours=5, minutes=30) and t.replace(tzinfo=None) == time(12, 34, 56)
    assert D.parse_timestamp("2024-01-31 12:34:56.789") == datetime(2024, 1, 31, 12, 34, 56, 789000)
    ts = D.parse_timestamptz("2024-01-31T12:34:56-08")
    assert ts == datetime(2024, 1, 31, 20, 34, 56, tzinfo=UTC) and ts.tzinfo is UTC
    assert D.parse_timestamp("2024-01-31 12:34:56+05") == datetime(2024, 1, 31, 12, 34, 56)  # zone ignored


def test_output() -> None:
    assert D.format_date(date(1, 2, 3)) == "0001-02-03"
    assert D.format_time(time(1, 2, 3, 400000)) == "01:02:03.4"
    assert D.format_timetz(time(12, 34, 56, tzinfo=timezone(timedelta(hours=5, minutes=30)))) == "12:34:56+05:30"
    assert D.format_timetz(time(0, 0, tzinfo=timezone(-timedelta(hours=8, seconds=1)))) == "00:00:00-08:00:01"
    assert D.format_timestamp(datetime(2024, 1, 31, 12, 34, 56, 789000)) == "2024-01-31 12:34:56.789"
    assert D.format_timestamptz(datetime(2024, 1, 31, 23, 0, tzinfo=timezone(timedelta(hours=-2)))) == \
        "2024-02-01 01:00:00+00"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("date", "January 31, 2024", "2024-01-31"),
        ("date", "1/31/2024", "2024-01-31"),
        ("date", "20240131", "2024-01-31"),
        ("date", "31-Jan-24", "2024-01-31"),
        ("date", "epoch", "1970-01-01"),
        ("date", "J2451187", "1999-01-08"),
        ("timestamp", "2024-01-31T12:34:56Z", "2024-01-31 12:34:56"),
        ("timestamp", "2024-02-29 24:00", "2024-03-01 00:00:00"),
        ("timestamptz", "2024-01-31 12:00 PST", "2024-01-31 20:00:00+00"),
        ("timestamptz", "2024-07-31 12:00 America/New_York", "2024-07-31 16:00:00+00"),
        ("timestamptz", "2024-03-10 02:30 America/New_York", "2024-03-10 07:30:00+00"),
        ("timestamptz", "2024-11-03 01:30 America/New_York", "2024-11-03 06:30:00+00"),
        ("timestamptz", "1999-01-08 04:05:06 +02 dst", "1999-01-08 01:05:06+00"),
        ("timestamptz", "2020-06-01 12:00 MSK", "2020-06-01 09:00:00+00"),
        ("time", "1:30 pm", "13:30:00"),
        ("time", "040506", "04:05:06"),
        ("timetz", "12:00 Etc/GMT+5", "12:00:00-05"),
        ("timetz", "12:00 CET", "12:00:00+01"),
    ],
)
def test_input_forms(kind: str, text: str, expected: str) -> None:
    assert FORMAT[kind](PARSE[kind](text)) == expected


@pytest.mark.parametrize(
    ("kind", "text", "error", "message"),
    [
        ("date", "x", errors.InvalidDatetimeFormat, 'invalid input syntax for type date: "x"'),
        ("date", "2024-02-30", errors.DatetimeFieldOverflow, 'date/time field value out of range: "2024-02-30"'),
        ("date", "2024-13-01", errors.DatetimeFieldOverflow, 'date/time field value out of range: "2024-13-01"'),
        ("timestamptz", "2024-01-01 12:00 foo/bar", errors.InvalidParameterValue,
         'time zone "foo/bar" not recognized'),
        ("timestamptz", "2024-01-01 12:00+16", errors.InvalidTimeZoneDisplacementValue,
         'time zone displacement out of range: "2024-01-01 12:00+16"'),
        ("time", "25:00", errors.DatetimeFieldOverflow, 'date/time field value out of range: "25:00"'),
        ("timetz", "12:00 America/New_York", errors.InvalidDatetimeFormat,
         'invalid input syntax for type time with time zone: "12:00 America/New_York"'),
        ("timestamp", "epoch 2024-01-01", errors.InvalidDatetimeFormat,
         'invalid input syntax for type timestamp: "epoch 2024-01-01"'),
    ],
)
def test_input_errors(kind: str, text: str, error: type[errors.Error], message: str) -> None:
    with pytest.raises(error) as info:
        PARSE[kind](text)
    assert info.value.message == message


def test_md_overflow_hint() -> None:
    with pytest.raises(errors.DatetimeFieldOverflow) as info:
        D.parse_date("13/31/2024")
    assert info.value.hint == 'Perhaps you need a different "datestyle" setting.'


@pytest.mark.parametrize(
    ("kind", "text"),
    [("date", "infinity"), ("timestamp", "-infinity"), ("timestamptz", "+infinity"), ("date", "0044-03-15 BC"),
     ("date", "10000-01-01"), ("timestamp", "294276-12-31 23:59:59"), ("time", "24:00:00"), ("timetz", "24:00+01")],
)
def test_unrepresentable_values_are_rejected(kind: str, text: str) -> None:
    with pytest.raises(errors.DatetimeFieldOverflow) as info:
        PARSE[kind](text)
    assert "out of range" in info.value.message and "pydsql" in (info.value.detail or "")


def test_arithmetic_limits() -> None:
    with pytest.raises(errors.DatetimeFieldOverflow, match="^date out of range$") as info:
        D.date_pli(date(9999, 12, 31), 1)
    assert "pydsql" in (info.value.detail or "")
    with pytest.raises(errors.DatetimeFieldOverflow, match="^timestamp out of range$"):
        D.timestamp_pl_interval(datetime(1, 1, 1), parse_interval("-1 day"))
    with pytest.raises(errors.DatetimeFieldOverflow, match="^timestamp out of range$") as info:
        D.timestamp_pl_interval(datetime(2000, 1, 1), parse_interval("-2147483648 mons"))
    assert info.value.detail is None  # out of PostgreSQL's own range too


def test_now_sources() -> None:
    fixed = datetime(2021, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    assert D.parse_date("today", now=fixed) == date(2021, 3, 4)
    assert D.parse_date("tomorrow", now=fixed) == date(2021, 3, 5)
    assert D.parse_timestamp("yesterday", now=fixed) == datetime(2021, 3, 3)
    assert D.parse_timestamptz("now", now=fixed) == fixed
    assert D.parse_time("now", now=fixed) == time(5, 6, 7, 890123)
    token = D.TRANSACTION_NOW.set(fixed)
    try:
        assert D.transaction_now() == fixed
        assert D.parse_timestamp("today") == datetime(2021, 3, 4)
        assert D.parse_timetz("allballs") == time(0, 0, tzinfo=UTC)
        assert D.current_date() == date(2021, 3, 4)
        assert D.current_timestamp(2) == datetime(2021, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)
        assert D.localtime(0) == time(5, 6, 8)
        assert D.age(datetime(2020, 1, 1)).same_fields(parse_interval("1 year 2 mons 3 days"))
    finally:
        D.TRANSACTION_NOW.reset(token)
    assert abs(D.transaction_now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_apply_precision() -> None:
    ts = datetime(1999, 12, 31, 23, 59, 59, 500000)
    assert D.apply_precision("timestamp", ts, 0) == datetime(1999, 12, 31, 23, 59, 59)  # halves away from 2000
    assert D.apply_precision("timestamp", datetime(2000, 1, 1, 0, 0, 0, 500000), 0) == datetime(2000, 1, 1, 0, 0, 1)
    assert D.apply_precision("time", time(1, 2, 3, 456789), 2) == time(1, 2, 3, 460000)
    assert D.apply_precision("timestamptz", ts.replace(tzinfo=UTC), None) == ts.replace(tzinfo=UTC)
    assert D.apply_precision("interval", parse_interval("00:00:01.55"), 1).same_fields(Interval(0, 0, 1_600_000))
    assert D.apply_precision("date", date(2024, 1, 1), 0) == date(2024, 1, 1)
    with pytest.raises(errors.DatetimeFieldOverflow):
        D.apply_precision("time", time(23, 59, 59, 900000), 0)  # 24:00:00
    with pytest.raises(errors.InvalidParameterValue, match=r"TIMESTAMP\(-1\) WITH TIME ZONE precision"):
        D.apply_precision("timestamptz", ts.replace(tzinfo=UTC), -1)


def test_extract_types() -> None:
    ts = datetime(2024, 1, 31, 12, 34, 56, 789000)
    assert D.extract("second", ts) == Decimal("56.789000") and str(D.extract("second", ts)) == "56.789000"
    assert D.date_part("second", ts) == 56.789
    assert D.extract("epoch", date(1970, 1, 2)) == Decimal(86400)
    assert D.date_part("hour", date(2024, 1, 1)) == 0.0
    with pytest.raises(errors.FeatureNotSupported, match='unit "hour" not supported for type date'):
        D.extract("hour", date(2024, 1, 1))
    with pytest.raises(errors.InvalidParameterValue,
                       match='unit "foo" not recognized for type timestamp without time zone'):
        D.date_trunc("foo", ts)
    assert D.date_trunc("MONTH", date(2024, 1, 15)) == datetime(2024, 1, 1, tzinfo=UTC)
    assert D.isfinite(ts)


def test_operator_and_cast_tables() -> None:
    for op in D.DATETIME_OPERATORS:
        assert op.right in KINDS and (op.left is None or op.left in KINDS) and op.result.kind in KINDS
    assert len({(o.name, o.left, o.right) for o in D.DATETIME_OPERATORS}) == len(D.DATETIME_OPERATORS)
    assert {io.kind for io in D.DATETIME_IO} == {"date", "time", "timetz", "timestamp", "timestamptz", "interval"}
    for c in D.DATETIME_CASTS:
        assert c.context in (IMPLICIT, ASSIGNMENT, EXPLICIT) and c.fn is not None


def test_time_zone_helpers() -> None:
    assert D.find_zone("america/NEW_york") is not None
    assert D.find_zone("utc+3") == 3 * 3600 and D.find_zone("+05") == 5 * 3600
    assert D.find_zone("no/such_zone") is None
    ts = datetime(2024, 7, 1, 12, 0)
    assert D.at_time_zone(ts, "America/New_York") == datetime(2024, 7, 1, 16, 0, tzinfo=UTC)
    assert D.at_time_zone(ts.replace(tzinfo=UTC), "Asia/Kolkata") == datetime(2024, 7, 1, 17, 30)
    assert D.at_time_zone(ts, parse_interval("05:30")) == datetime(2024, 7, 1, 6, 30, tzinfo=UTC)
    with pytest.raises(errors.InvalidParameterValue, match='time zone "nowhere" not recognized'):
        D.at_time_zone(ts, "nowhere")


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

datetimes_ = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999))


@given(datetimes_)
def test_timestamp_round_trip(dt: datetime) -> None:
    text = D.format_timestamp(dt)
    assert D.parse_timestamp(text) == dt
    assert D.parse_timestamp(text.replace(" ", "  ")) == dt  # the general parser agrees with the fast path
    assert D.parse_timestamptz(text + "+00") == dt.replace(tzinfo=UTC)
    assert D.parse_date(D.format_date(dt.date())) == dt.date()
    assert D.parse_time(D.format_time(dt.time())) == dt.time()


@given(st.times(), st.integers(-15 * 3600 - 3599, 15 * 3600 + 3599))
def test_timetz_round_trip(t: time, offset: int) -> None:
    tt = t.replace(tzinfo=timezone(timedelta(seconds=offset)))
    text = D.format_timetz(tt)
    parsed = D.parse_timetz(text)
    assert parsed == tt and parsed.utcoffset() == tt.utcoffset()


@given(datetimes_, datetimes_)
def test_timestamp_difference_is_consistent(a: datetime, b: datetime) -> None:
    iv = D.timestamp_mi(a, b)
    assert iv.months == 0
    assert D.timestamp_pl_interval(b, iv) == a


# ---------------------------------------------------------------------------
# Differential tests
# ---------------------------------------------------------------------------

INPUTS = """2024-01-31|2024-01-31 12:34:56.789|2024-01-31T12:34:56Z|2024-01-31T12:34:56+05:30|2024-01-31 12:34:56-08
2024-01-31 12:34:56 -08|January 31, 2024|Jan 31 2024|31 Jan 2024|1/31/2024|31/1/2024|20240131|20240131 123456
20240131T123456|2024-01-31 123456|epoch|today|now|tomorrow|yesterday|infinity|-infinity|+infinity|2024-02-30
2024-02-29|2023-02-29|2024-13-01|2024-00-10|0000-01-01|0001-01-01|9999-12-31|10000-01-01|44-03-15 BC
0044-03-15 BC|1999-01-08 04:05:06 PST|1999-01-08 04:05:06 EST|1999-01-08 04:05:06 CET|1999-01-08 04:05:06 UTC
1999-01-08 04:05:06 Z|1999-01-08 04:05:06 zulu|1999-01-08 04:05:06 America/New_York
1999-07-08 04:05:06 America/New_York|1999-01-08 04:05:06 america/new_york|1999-01-08 04:05:06 Europe/Foo
1999-01-08 04:05:06 foo|1999-01-08 04:05:06 +02 dst|1999-01-08 04:05:06 CEST|2020-06-01 12:00 MSK
1980-06-01 12:00 MSK|2024-01-01 12:00 abc+3|2024-03-10 02:30 America/New_York
2024-11-03 01:30 America/New_York|12:34|12:34:56|12:34:56.789|12:34:56.7891234|24:00:00|24:00:01|23:59:60
23:59:60.5|12:60|25:00|12:34:56+05:30|12:34:56 PST|12:34:56 America/New_York|12:00 UTC|12:00 Etc/GMT+5
12:00 MSK|040506-08|040506|0405|allballs|2024-01-01 allballs|12 pm|12 am|1 pm|13 pm|12:30 pm
2024-01-01 12:30 pm|J2451187|j2451187|J2451187 04:05|J2451187.5|2024-01-01 j|2024.01.31|2024.031|99.031
2024-jan-31|2024-jan01|Jan-31-2024|31-Jan-24|Jan 31 24|24-01-31|1-2-3|01/02/03|2024-01-31 12:34:56.5 bc
Fri Jan 31 12:34:56 2024|Friday January 31 2024|2024-01-31 at 12:00|on 2024-01-31|2024-01-31 12:00:00+16
2024-01-31 12:00:00+15:59|2024-01-31 12:00:00+15:60|2024-01-31 12:00:00+0530|2024-01-31 12:00:00+053
2024-01-31 12:00:00+5|12:00:00 2024-01-31|foo|| | 2024-01-31 |2024-01-31  12:00|2024-01-31,12:00|2024/01/31
2024 01 31|99999999999-01-01|294277-01-01|5874898-01-01|200000-01-01|2024-01-31 12:34:56.123456789
2024-01-31 12:34:56.|2024-01-31 12:34:.5|2024-01-31 1:2:3|2024-01-31 01:02|2024-01-31 T 12:00|2024-01-31T
2024-01-31t12:00|epoch 2024-01-01|today 12:00|today epoch|now 12:00|Jan 8 040506-08 1999
1999-01-08 040506-08|1999-01-08 04:05:06.789-08:00:30|1999-01-08 04:05:06 -8:00|2024-01-31 12:00 GMT+2
2024-01-31 12:00 EST5EDT|2024-01-31 12:00 Etc/GMT-14|y2001m02d04|2024-01-31 h04|2024-01-31 12:00 dst
2024-01-31 12:00 MET DST|2024-01-31 12:00 Japan|2024-01-31 12:00 japan|2024-01-31 12:00 ad
2024-01-31 12:00 bc ad|2024-366|2024-01-31 isodow|2024-01-31 12 34|1/2|2024-02-29 24:00|epoch bc|epoch pm
infinity bc|t ad 2024.031|2024-01-01 t ad 123456|t 12:00|2024-01-01 t|2024-01-01 t pst
2024-01-01 t 040506-08|j t 12:00|1999-12-31 23:59:60.999999|2000-02-29 12:00 -03:30|0001-01-01 00:00 +01
9999-12-31 23:59 -01|12:00:00 zulu|04:05:06.789-8|04:05:06 PST8PDT|2003-04-12 04:05:06 America/Chicago
2024-06-30 12:00 IST|2024-06-30 12:00 NZDT|2024-06-30 12:00 ACDT|2024-06-30 12:00 ART|2024-01-01 allballs x
2024-07-01 12:00 XYZ5ABC|2024-01-01 12:00 XYZ5ABC|3100476t.0027T|cesttsept+00000008.|12:00 xyz5|12:00 xyz5abc
""".replace("\n", "|").split("|")


def _random_inputs(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    toks = ["2024-01-31", "1999-12-31", "2024-02-29", "31", "1", "12", "2024", "99", "070", "jan", "january",
            "feb", "Dec", "mon", "Friday", "12:34", "12:34:56", "12:34:56.789", "1:2", "24:00", "23:59:60", "+05",
            "-08:00", "+0530", "PST", "EST", "CEST", "dst", "UTC", "Z", "America/New_York", "Europe/Paris",
            "Asia/Kolkata", "MSK", "pm", "am", "bc", "ad", "t", "T", "j", "J2451187", "2451187", "040506",
            "20240131", "240131", "123456.5", "1234", "2024.031", "today", "now", "tomorrow", "allballs", "epoch",
            "at", "on", ",", "/", "-", "  ", "2024/01/31", "1/31/2024", "31.01.2024", "2024-jan-31", "abc+3", "foo"]
    return [" ".join(rng.choice(toks) for _ in range(rng.randint(1, 4))) for _ in range(n)]


TYPE_SQL = {"date": "date", "time": "time", "timetz": "timetz", "timestamp": "timestamp",
            "timestamptz": "timestamptz"}


@pytest.mark.differential
def test_input_differential(pg: Any) -> None:
    texts = INPUTS + _random_inputs(11, 1500)
    cases = []
    for t in texts:
        for kind in TYPE_SQL:
            cases.append((f"SELECT {lit(t)}::{kind}::text",
                          lambda now, t=t, k=kind: PARSE[k](t, now=now) if k != "interval" else None))
    compare(pg, cases)


GRID: dict[str, list[str]] = {
    "date": ["2024-01-31", "2024-02-29", "2023-02-28", "2000-01-01", "1999-12-31", "0001-01-01", "9999-12-31",
             "1970-01-01", "2024-03-31", "2020-12-31", "2021-01-03", "2026-12-31"],
    "timestamp": ["2024-01-31 12:34:56.789", "2024-02-29 00:00", "1999-12-31 23:59:59.999999", "0001-01-01 00:00",
                  "9999-12-31 23:59:59", "2024-03-31 05:06:07", "2024-01-31 00:00", "1969-07-20 20:17:40.5",
                  "2021-01-03 10:00"],
    "timestamptz": ["2024-01-31 12:34:56.789+00", "2024-02-29 00:00+00", "1999-12-31 23:59:59.999999+00",
                    "0001-01-01 00:00+00", "9999-12-31 23:59:59+00", "2024-03-31 05:06:07+00",
                    "2024-01-31 00:00+00", "1969-07-20 20:17:40.5+00"],
    "time": ["00:00", "12:34:56.789", "23:59:59.999999", "12:00", "00:00:00.000001"],
    "timetz": ["12:34:56+05:30", "00:00:00-08", "23:59:59+00", "12:00:00+00", "07:04:56+00", "12:00:00+01",
               "12:00:00-15:59:59", "01:02:03.456+02:30:15"],
    "interval": ["1 mon", "30 days", "1 year 2 mons 3 days 04:05:06.789", "-1 day +02:00", "-1 mons", "25:00:00",
                 "0", "1 mon -1 day", "-1 year -1 mons -1 days -01:00:00", "24:00:00",
                 "11 mons 29 days 23:59:59.999999", "2147483647 days", "-2147483648 mons", "178956970 years",
                 "-00:00:00.5", "1234 years 5 mons", "-1234 years -5 mons"],
    "int4": ["0", "1", "-1", "31", "366", "2147483647", "-2147483648", "-738000", "3000000"],
    "float8": ["0", "1.5", "-0.5", "3", "0.001", "0.3", "1e10", "NaN", "Infinity", "7", "-1e-7", "1e300"],
}


def _val(kind: str, text: str) -> Any:
    return PARSE[kind](text)


@pytest.mark.differential
def test_operators_differential(pg: Any) -> None:
    """Every exported operator over a grid: month-end clamping, leap years, negative intervals, limits."""
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for op in D.DATETIME_OPERATORS:
        for left in (GRID[op.left] if op.left else [None]):
            for right in GRID[op.right]:
                if op.left is None:
                    sql = f"SELECT ({op.name} {lit(right)}::{op.right})::text"
                    cases.append((sql, lambda now, op=op, r=right: op.fn(_val(op.right, r))))
                else:
                    sql = f"SELECT ({lit(left)}::{op.left} {op.name} {lit(right)}::{op.right})::text"
                    cases.append((sql, lambda now, op=op, l=left, r=right: op.fn(_val(op.left, l),
                                                                                  _val(op.right, r))))
    compare(pg, cases)


@pytest.mark.differential
def test_operator_table_matches_pg_operator(pg: Any) -> None:
    names = {"date": "date", "time without time zone": "time", "time with time zone": "timetz",
             "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
             "interval": "interval", "integer": "int4", "double precision": "float8", "boolean": "bool", "-": None}
    rows = pg.execute(
        "SELECT oprname, coalesce(oprleft::regtype::text, '-'), oprright::regtype::text, oprresult::regtype::text "
        "FROM pg_operator WHERE oprleft = 0 OR oprleft::regtype::text = ANY(%s)", (list(names)[:-1],)).fetchall()
    temporal = {"date", "time", "timetz", "timestamp", "timestamptz", "interval"}
    expected = set()
    for name, left, right, result in rows:
        if left in names and right in names and result in names:
            kinds = (names[left], names[right])
            if set(kinds) & temporal:
                expected.add((name, names[left], names[right], names[result]))
    ours = {(o.name, o.left, o.right, o.result.kind) for o in D.DATETIME_OPERATORS}
    assert ours == expected


@pytest.mark.differential
def test_cast_table_matches_pg_cast(pg: Any) -> None:
    names = {"date": "date", "time without time zone": "time", "time with time zone": "timetz",
             "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
             "interval": "interval"}
    rows = pg.execute("SELECT castsource::regtype::text, casttarget::regtype::text, castcontext FROM pg_cast "
                      "WHERE castsource <> casttarget").fetchall()
    expected = {(names[s], names[t], c) for s, t, c in rows if s in names and t in names}
    assert {(c.source, c.target, c.context) for c in D.DATETIME_CASTS} == expected


@pytest.mark.differential
def test_casts_differential(pg: Any) -> None:
    cases = []
    for cast in D.DATETIME_CASTS:
        for v in GRID[cast.source]:
            assert cast.fn is not None
            cases.append((f"SELECT {lit(v)}::{cast.source}::{cast.target}::text",
                          lambda now, c=cast, v=v: c.fn(_val(c.source, v))))  # type: ignore[misc]
    compare(pg, cases)


FIELDS = ["microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
          "decade", "century", "millennium", "julian", "isoyear", "dow", "isodow", "doy", "epoch", "timezone",
          "timezone_hour", "timezone_minute", "foo", "now", "jan", "us", "MS", "Sec", "years", "microsecondsxx",
          "usec", "t"]


@pytest.mark.differential
def test_extract_date_part_differential(pg: Any) -> None:
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for kind in ("date", "time", "timetz", "timestamp", "timestamptz", "interval"):
        for v in GRID[kind]:
            for f in FIELDS:
                cases.append((f"SELECT extract({f} FROM {lit(v)}::{kind})::text",
                              lambda now, f=f, v=v, k=kind: D.extract(f, _val(k, v))))
                cases.append((f"SELECT date_part({lit(f)}, {lit(v)}::{kind})::text",
                              lambda now, f=f, v=v, k=kind: D.date_part(f, _val(k, v))))
    compare(pg, cases)


@pytest.mark.differential
def test_date_trunc_differential(pg: Any) -> None:
    units = ["microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
             "decade", "century", "millennium", "epoch", "foo", "dow", "WEEK"]
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for kind in ("timestamp", "timestamptz", "interval", "date"):
        for v in GRID[kind]:
            for u in units:
                cases.append((f"SELECT date_trunc({lit(u)}, {lit(v)}::{kind})::text",
                              lambda now, u=u, v=v, k=kind: D.date_trunc(u, _val(k, v))))
    for v in GRID["timestamptz"]:
        for zone in ("America/New_York", "Asia/Kolkata", "PST", "UTC", "MSK", "foo", "+05", "Australia/Lord_Howe"):
            for u in ("day", "hour", "month", "week", "minute", "year"):
                cases.append((f"SELECT date_trunc({lit(u)}, {lit(v)}::timestamptz, {lit(zone)})::text",
                              lambda now, u=u, v=v, z=zone: D.date_trunc(u, _val("timestamptz", v), z)))
    compare(pg, cases)


@pytest.mark.differential
def test_at_time_zone_differential(pg: Any) -> None:
    zones = ["America/New_York", "Asia/Kolkata", "PST", "UTC", "MSK", "foo", "+05", "EST5EDT", "abc+3", "Z",
             "Europe/London", "<+03>-3", "5", "Australia/Lord_Howe", "XYZ5ABC", "ABC-10DEF,M10.1.0,M4.1.0/3",
             "ABC-10DEF,J60/-1,300", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "X5Y,M13.1.0,M1.1.0", ":UTC", "T.27T",
             "168", ""]
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for kind in ("timestamp", "timestamptz"):
        for v in GRID[kind]:
            for z in zones:
                cases.append((f"SELECT ({lit(v)}::{kind} AT TIME ZONE {lit(z)})::text",
                              lambda now, v=v, z=z, k=kind: D.at_time_zone(_val(k, v), z)))
            for iz in ("05:30", "-08:00", "1 day", "00:00:00.5"):
                cases.append((f"SELECT ({lit(v)}::{kind} AT TIME ZONE {lit(iz)}::interval)::text",
                              lambda now, v=v, z=iz, k=kind: D.at_time_zone(_val(k, v), parse_interval(z))))
    for v in ["2024-01-15 12:00", "2024-03-10 06:30", "2024-03-10 07:30", "2024-11-03 05:30", "2024-11-03 06:30",
              "2024-10-06 15:30", "2024-04-06 16:30", "2024-10-27 01:30", "2024-03-31 00:30"]:
        for z in ("XYZ5ABC", "ABC-10DEF,M10.1.0,M4.1.0/3", "CET-1CEST,M3.5.0,M10.5.0/3", "America/New_York",
                  "Europe/Berlin", "Australia/Sydney"):
            cases.append((f"SELECT ({lit(v)}::timestamp AT TIME ZONE {lit(z)})::text",
                          lambda now, v=v, z=z: D.at_time_zone(_val("timestamp", v), z)))
            cases.append((f"SELECT ({lit(v + '+00')}::timestamptz AT TIME ZONE {lit(z)})::text",
                          lambda now, v=v, z=z: D.at_time_zone(_val("timestamptz", v + "+00"), z)))
    for v in GRID["timetz"]:
        for z in ("UTC", "PST", "+05", "Asia/Kolkata"):
            cases.append((f"SELECT ({lit(v)}::timetz AT TIME ZONE {lit(z)})::text",
                          lambda now, v=v, z=z: D.at_time_zone(_val("timetz", v), z)))
    compare(pg, cases)


@pytest.mark.differential
def test_functions_differential(pg: Any) -> None:
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for kind in ("timestamp", "timestamptz"):
        for a in GRID[kind]:
            for b in GRID[kind]:
                cases.append((f"SELECT age({lit(a)}::{kind}, {lit(b)}::{kind})::text",
                              lambda now, a=a, b=b, k=kind: D.age(_val(k, a), _val(k, b))))
        cases.append((f"SELECT age({lit(GRID[kind][0])}::{kind})::text",
                      lambda now, k=kind: D.age(_val(k, GRID[k][0]), now=now)))
    for y in (2024, 0, -44, 1, 9999, 10000, 2023, 5874898):
        for m in (1, 2, 13, 0, 12):
            for d in (1, 29, 30, 31, 0):
                cases.append((f"SELECT make_date({y}, {m}, {d})::text",
                              lambda now, y=y, m=m, d=d: D.make_date(y, m, d)))
    stamps = [(2024, 1, 31, 12, 34, 56.789), (2024, 2, 30, 0, 0, 0), (2024, 1, 1, 24, 0, 0), (2024, 1, 1, 23, 59, 60),
              (2024, 1, 1, 23, 59, 60.5), (2024, 1, 1, 25, 0, 0), (2024, 1, 1, 1, 60, 0), (2024, 1, 1, 1, 1, -1),
              (2024, 1, 1, 1, 1, float("nan")), (-1, 1, 1, 0, 0, 0), (9999, 12, 31, 23, 59, 59.9999999),
              (2024, 1, 1, 0, 0, 1e-7), (294277, 1, 1, 0, 0, 0), (2024, 1, 1, 12, 0, 59.9999996)]
    for args in stamps:
        sargs = ", ".join(str(a) for a in args[:5]) + f", {lit(args[5])}::float8"
        cases.append((f"SELECT make_timestamp({sargs})::text", lambda now, a=args: D.make_timestamp(*a)))
        cases.append((f"SELECT make_timestamptz({sargs})::text", lambda now, a=args: D.make_timestamptz(*a)))
        for z in ("America/New_York", "+05:30", "EST", "MSK", "5", "+16", "foo"):
            cases.append((f"SELECT make_timestamptz({sargs}, {lit(z)})::text",
                          lambda now, a=args, z=z: D.make_timestamptz(*a, zone=z)))
    for targs in [(12, 34, 56.789), (24, 0, 0), (23, 59, 60), (0, 0, 0), (1, 60, 0), (-1, 0, 0), (12, 0, float("inf")),
                  (23, 59, 59.9999999)]:
        cases.append((f"SELECT make_time({targs[0]}, {targs[1]}, {lit(targs[2])}::float8)::text",
                      lambda now, a=targs: D.make_time(*a)))
    for iargs in [(1, 2, 3, 4, 5, 6, 7.5), (0, 0, 0, 0, 0, 0, 0.0), (0, 0, 0, 0, 0, 0, 1e-7),
                  (-1, -2, 0, -3, -4, -5, -6.5), (178956970, 7, 0, 0, 0, 0, 0.0), (178956971, 0, 0, 0, 0, 0, 0.0),
                  (0, 0, 0, 0, 0, 0, float("inf")), (0, 0, 306783378, 0, 0, 0, 0.0), (0, 0, 0, 0, 0, 0, 1e18)]:
        sargs = ", ".join(str(a) for a in iargs[:6]) + f", {lit(iargs[6])}::float8"
        cases.append((f"SELECT make_interval({sargs})::text", lambda now, a=iargs: D.make_interval(*a)))
    for s in (0.0, 1e9, -1e9, 1700000000.123456, 1.5, float("nan"), float("inf"), -62135596800.0, -62135596801.0,
              253402300799.999999, 253402300800.0, 1e20, -1e20, 0.0000005, -0.0000005):
        cases.append((f"SELECT to_timestamp({lit(s)}::float8)::text", lambda now, s=s: D.to_timestamp(s)))
    for kind in ("date", "timestamp", "timestamptz", "interval"):
        cases.append((f"SELECT isfinite({lit(GRID[kind][0])}::{kind})::text",
                      lambda now, k=kind: D.isfinite(_val(k, GRID[k][0]))))
    compare(pg, cases)


@pytest.mark.differential
def test_precision_differential(pg: Any) -> None:
    extra = {"timestamp": ["1999-12-31 23:59:59.5", "2000-01-01 00:00:00.5", "1999-12-31 23:59:59.45",
                           "2024-01-01 12:00:00.123456", "1969-12-31 23:59:59.999999"],
             "timestamptz": ["1999-12-31 23:59:59.5+00", "2024-01-01 12:00:00.123456+00"],
             "time": ["23:59:59.5", "12:00:00.123456", "00:00:00.000005"],
             "timetz": ["23:59:59.5+05", "12:00:00.123456-08"]}
    sql_type = {"timestamp": "timestamp({p})", "timestamptz": "timestamp({p}) with time zone", "time": "time({p})",
                "timetz": "time({p}) with time zone"}
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for kind, values in extra.items():
        for v in GRID[kind] + values:
            for p in range(7):
                cases.append((f"SELECT {lit(v)}::{sql_type[kind].format(p=p)}::text",
                              lambda now, k=kind, v=v, p=p: D.apply_precision(k, _val(k, v), p)))
    compare(pg, cases)


timestamps_ = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999))
intervals_ = st.builds(Interval, st.integers(-3000, 3000), st.integers(-400_000, 400_000),
                       st.integers(-(10**14), 10**14))


@pytest.mark.differential
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(timestamps_, intervals_, timestamps_), min_size=10, max_size=10))
def test_timestamp_interval_property_differential(
    pg: Any, triples: list[tuple[datetime, Interval, datetime]]
) -> None:
    cases: list[tuple[str, Callable[[datetime], Any]]] = []
    for ts, iv, other in triples:
        t, i, o = lit(D.format_timestamp(ts)), lit(format_interval(iv)), lit(D.format_timestamp(other))
        cases.append((f"SELECT ({t}::timestamp + {i}::interval)::text",
                      lambda now, ts=ts, iv=iv: D.timestamp_pl_interval(ts, iv)))
        cases.append((f"SELECT ({t}::timestamptz - {i}::interval)::text",
                      lambda now, ts=ts, iv=iv: D.timestamptz_mi_interval(ts.replace(tzinfo=UTC), iv)))
        cases.append((f"SELECT ({t}::date + {i}::interval)::text",
                      lambda now, ts=ts, iv=iv: D.date_pl_interval(ts.date(), iv)))
        cases.append((f"SELECT ({t}::time - {i}::interval)::text",
                      lambda now, ts=ts, iv=iv: D.time_mi_interval(ts.time(), iv)))
        cases.append((f"SELECT ({t}::timestamp - {o}::timestamp)::text",
                      lambda now, ts=ts, o=other: D.timestamp_mi(ts, o)))
        cases.append((f"SELECT age({t}::timestamp, {o}::timestamp)::text",
                      lambda now, ts=ts, o=other: D.age(ts, o)))
        cases.append((f"SELECT ({t}::date - {o}::date)::text",
                      lambda now, ts=ts, o=other: D.date_mi(ts.date(), o.date())))
    compare(pg, cases)

"""Formatting functions: unit tests and differential tests against PostgreSQL 16.

The server session runs with ``TimeZone = UTC`` (the ``pg`` fixture) and its
numeric/monetary locale is ``C``-like, as pydsql's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pydsql.errors import Error
from pydsql.values import formatting as F
from pydsql.values.catalog import format_text, parse_text
from pydsql.values.interval import Interval

from pgeval import TextCase, compare_text, lit


def err(fn: Callable[[], Any]) -> tuple[str | None, str]:
    with pytest.raises(Error) as e:
        fn()
    return e.value.sqlstate, e.value.message


def txt(v: Any) -> str | None:
    return None if v is None else str(v)


# ---------------------------------------------------------------------------
# Unit tests
# ---------------------------------------------------------------------------


def test_to_char_unit() -> None:
    ts = parse_text("timestamp", "2020-01-02 03:04:05.678901")
    assert F.timestamp_to_char(ts, "YYYY-MM-DD HH24:MI:SS.US") == "2020-01-02 03:04:05.678901"
    assert F.timestamp_to_char(ts, "FMMonth FMDDth, YYYY") == "January 2nd, 2020"
    assert F.timestamp_to_char(ts, "FMMonth DDth") == "January 02nd"
    assert F.timestamp_to_char(ts, "") is None
    tstz = parse_text("timestamptz", "2020-01-02 03:04:05+00")
    assert F.timestamptz_to_char(tstz, "TZ OF") == "UTC +00"
    assert F.interval_to_char(Interval(14, 3, 3_600_000_000), "YYYY MM DD HH24") == "0001 02 03 01"
    assert err(lambda: F.interval_to_char(Interval(1), "Mon")) == (
        "22007", "invalid format specification for an interval value")
    assert F.numeric_to_char(Decimal("-1234.5"), "S9G999D99") == "-1,234.50"
    assert F.int4_to_char(42, "FMRN") == "XLII"
    assert F.float8_to_char(123.456, "9.99EEEE") == " 1.23e+02"
    assert F.numeric_to_char(Decimal("1"), "") == ""
    assert err(lambda: F.numeric_to_char(Decimal(1), "9.9.9")) == ("42601", "multiple decimal points")


def test_parse_unit() -> None:
    assert F.to_date("05 Dec 2000", "DD Mon YYYY").isoformat() == "2000-12-05"
    t = F.to_timestamp("2020-01-02 10:30 +05:30", "YYYY-MM-DD HH24:MI TZH:TZM")
    assert format_text("timestamptz", t) == "2020-01-02 05:00:00+00"
    assert F.to_number("12,345.6-", "99G999D9S") == Decimal("-12345.6")
    assert F.to_number("1", "") is None
    assert err(lambda: F.to_date("2020-13-01", "YYYY-MM-DD")) == (
        "22008", 'date/time field value out of range: "2020-13-01"')


def test_documented_range_difference() -> None:
    # PostgreSQL returns 0001-01-01 BC / 12020-01-01; pydsql cannot hold them
    with pytest.raises(Error) as e:
        F.to_timestamp("10:30", "HH24:MI")
    assert e.value.sqlstate == "22008" and e.value.detail and "pydsql" in e.value.detail
    with pytest.raises(Error) as e:
        F.to_date("12020-01-01", "YYYY-MM-DD")
    assert (e.value.sqlstate, e.value.message) == ("22008", 'date out of range: "12020-01-01"')


def test_format_unit() -> None:
    assert F.text_format("%s %I %L %%", "a", "B c", None) == 'a "B c" NULL %'
    assert F.text_format("%2$s %1$s", "a", "b") == "b a"
    assert F.text_format("|%-*s|", "-4", "x") == "|x   |"
    assert F.text_format(None) is None
    assert F.quote_ident("select") == '"select"' and F.quote_ident("abc") == "abc"
    assert F.quote_nullable(None) == "NULL" and F.quote_literal("a'b\\") == "E'a''b\\\\'"
    assert F.width_bucket_float8(5.35, 0.024, 10.06, 5) == 3
    assert F.width_bucket_numeric(Decimal("5.35"), Decimal("0.024"), Decimal("10.06"), 5) == 3


# ---------------------------------------------------------------------------
# Differential: to_char
# ---------------------------------------------------------------------------

NUM_VALUES = ["0", "1", "-1", "12", "-12", "123.456", "-123.456", "0.5", "-0.5", "0.05", "1234567.891", "9999", "99999",
              "0.0001", "1e10", "12.5", "-0.001", "5", "3999", "4000", "NaN", "Infinity", "-Infinity"]
NUM_TEMPLATES = [
    "999", "9999.99", "0000", "0999", "9990.99", "FM999.99", "FM9990.0099", "S999", "999S", "999MI", "MI999", "PL999",
    "999PL", "SG999", "999PR", "FM999PR", "9,999", "9G999D99", "L999", "RN", "FMRN", "rn", "999th", "999TH", "FM999TH",
    "9.99EEEE", "99.9EEEE", "9EEEE", "99V99", "9V9", "FM99V99", "9.9V9", "B999", '"x"999"y"', "999 abc", '9\\"9',
    "FM0.999", "0.999", ".999", "9.", "FM9.", "FM9.9", "S9.99", "9.99S", "FMS9.99", "FM999MI", "$999", "99.99MI",
    "999.999S", "SG9.9", "EEEE", "9EEEE9", "S9S", "9.9.9", "9V.9", "FMEEEE", "S9PL", "PR9", "9PR9", "0.0", "00.00",
    "FM00.00", "09.90", "FM9,999.99", "9,999.99", ",999", "FM,999", "x", "", "9.999999999999999999", "C9", "9SP",
]


@pytest.mark.differential
def test_to_char_number_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for t in NUM_TEMPLATES:
        for v in NUM_VALUES:
            special = v in ("NaN", "Infinity", "-Infinity")
            cases.append((f"to_char({lit(v)}::numeric, {lit(t)})", lambda v=v, t=t: F.numeric_to_char(Decimal(v), t), "text"))
            cases.append((f"to_char({lit(v)}::float8, {lit(t)})", lambda v=v, t=t: F.float8_to_char(float(v), t), "text"))
            cases.append((f"to_char({lit(v)}::float4, {lit(t)})",
                          lambda v=v, t=t: F.float4_to_char(parse_text("float4", v), t), "text"))
            if not special and "." not in v and "e" not in v:
                cases.append((f"to_char({v}::int4, {lit(t)})", lambda v=v, t=t: F.int4_to_char(int(v), t), "text"))
                cases.append((f"to_char({v}::int8, {lit(t)})", lambda v=v, t=t: F.int8_to_char(int(v), t), "text"))
    for v in ("9223372036854775807", "-9223372036854775808", "2147483648"):
        for t in ("RN", "99V99", "9.9EEEE", "FM999999999999999999999"):
            cases.append((f"to_char({lit(v)}::int8, {lit(t)})", lambda v=v, t=t: F.int8_to_char(int(v), t), "text"))
    cases.append(("to_char(2147483647, '9V99')", lambda: F.int4_to_char(2147483647, "9V99"), "text"))
    cases.append(("to_char(1e300::numeric, 'RN')", lambda: F.numeric_to_char(Decimal("1e300"), "RN"), "text"))
    compare_text(pg, cases)


TS_VALUES = ["2020-01-02 03:04:05.678901", "1999-12-31 23:59:59", "2021-06-15 12:00:00", "0001-01-01 00:00:00",
             "2024-02-29 13:30:00.5", "2008-12-29 00:00:00", "2010-01-03 18:45:07.000123", "9999-12-31 23:59:59.999999"]
TS_TEMPLATES = [
    "YYYY-MM-DD HH24:MI:SS", "YYYY YYY YY Y", "IYYY IYY IY I", "Y,YYY", "CC", "Month MONTH month", "Mon MON mon",
    "Day DAY day", "Dy DY dy", "FMMonth FMDay", "TMMonth TMDay TMMON", "DDD IDDD", "DD D ID", "WW IW W", "Q", "J",
    "HH HH12 HH24", "AM PM am pm A.M. P.M. a.m. p.m.", "AD BC ad bc A.D. B.C. a.d. b.c.",
    "MS US FF1 FF2 FF3 FF4 FF5 FF6", "SSSS SSSSS", "TZ tz TZH TZM OF", "FMOF", "RM rm FMRM", "DDth DDTH FMDDth",
    "Ddth", "HH24th MIth SSth", '"text" YYYY', 'YYYY\\"MM', "FXYYYY", "FMHH24:FMMI", "YYYYMMDD", "yyyy-mm-dd hh24:mi:ss",
    "Hh24", '"unterminated', "SP", "DDSP", "FM", "IYYY-IW-ID", "CCth", "YYYYth", "MMth", "Qth", "Wth", "Jth", "FMJ",
    "MONTHth", "", "\\YYYY", "Y-YYY", "FMFM", "TMtmMonth",
]


@pytest.mark.differential
def test_to_char_datetime_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for t in TS_TEMPLATES:
        for v in TS_VALUES:
            ts = parse_text("timestamp", v)
            tstz = parse_text("timestamptz", v)
            cases.append((f"to_char(timestamp {lit(v)}, {lit(t)})", lambda ts=ts, t=t: F.timestamp_to_char(ts, t), "text"))
            cases.append((f"to_char(timestamptz {lit(v)}, {lit(t)})",
                          lambda ts=tstz, t=t: F.timestamptz_to_char(ts, t), "text"))
    iv_values = ["1 year 2 mons 3 days 04:05:06.789", "-1 year -2 mons", "15 mons", "-15 mons 3 days", "100 hours",
                 "-100 hours -5 minutes", "0", "1 day", "13 mons", "12 mons", "-12 mons", "-13 mons", "1234 years",
                 "-1234 years", "25 hours 61 minutes", "-0.5 seconds", "1 mon -1 day"]
    iv_templates = ["YYYY-MM-DD HH24:MI:SS", "YYYY YYY YY Y", "Y,YYY", "CC", "HH HH12 HH24 AM", "MI SS MS US FF3", "SSSS",
                    "DDD WW W J", "Q", "RM rm", "IYYY IW", "DD MM", "FMDD FMMM FMHH24", "Mon", "Day", "D", "TZ", "AD", "DDth",
                    '"x"HH', "ID", "OF"]
    for t in iv_templates:
        for v in iv_values:
            iv = parse_text("interval", v)
            cases.append((f"to_char(interval {lit(v)}, {lit(t)})", lambda iv=iv, t=t: F.interval_to_char(iv, t), "text"))
    compare_text(pg, cases)


# ---------------------------------------------------------------------------
# Differential: to_date / to_timestamp / to_number
# ---------------------------------------------------------------------------

PARSE_CASES = [
    ("2020-01-02", "YYYY-MM-DD"), ("2020-1-2", "YYYY-MM-DD"), ("20200102", "YYYYMMDD"), ("2020 01 02", "YYYY MM DD"),
    ("2020-13-01", "YYYY-MM-DD"), ("2020-02-30", "YYYY-MM-DD"), ("2020-02-29", "YYYY-MM-DD"), ("2019-02-29", "YYYY-MM-DD"),
    ("05 Dec 2000", "DD Mon YYYY"), ("05 dec 2000", "DD MON YYYY"), ("05 December 2000", "DD Month YYYY"),
    ("05 Decem 2000", "DD Mon YYYY"), ("05 Xyz 2000", "DD Mon YYYY"), ("Tuesday 2020-01-07", "Day YYYY-MM-DD"),
    ("2020-01-02 03:04:05", "YYYY-MM-DD HH24:MI:SS"), ("2020-01-02 03:04:05 PM", "YYYY-MM-DD HH:MI:SS PM"),
    ("2020-01-02 12:04:05 AM", "YYYY-MM-DD HH12:MI:SS AM"), ("2020-01-02 13:04:05 PM", "YYYY-MM-DD HH12:MI:SS PM"),
    ("2020-01-02 03:04:05.123", "YYYY-MM-DD HH24:MI:SS.MS"), ("2020-01-02 03:04:05.123456", "YYYY-MM-DD HH24:MI:SS.US"),
    ("2020-01-02 03:04:05.12", "YYYY-MM-DD HH24:MI:SS.MS"), ("2020-01-02 03:04:05.1234567", "YYYY-MM-DD HH24:MI:SS.US"),
    ("2020-01-02 03:04:05.123456", "YYYY-MM-DD HH24:MI:SS.FF3"), ("2020-01-02 03:04:05.987654", "YYYY-MM-DD HH24:MI:SS.FF2"),
    ("2020-01-02 24:00:00", "YYYY-MM-DD HH24:MI:SS"), ("2020-01-02 03:60:00", "YYYY-MM-DD HH24:MI:SS"),
    ("2020-01-02 +05:30", "YYYY-MM-DD TZH:TZM"), ("2020-01-02 -05", "YYYY-MM-DD TZH"), ("2020-01-02 -16", "YYYY-MM-DD TZH"),
    ("2020-01-02 UTC", "YYYY-MM-DD TZ"), ("2020-01-02 +00", "YYYY-MM-DD OF"), ("2020-01-02-05", "YYYY-MM-DDTZH"),
    ("99-01-02", "YY-MM-DD"), ("69-01-02", "YY-MM-DD"), ("70-01-02", "YY-MM-DD"), ("999-01-02", "YYY-MM-DD"),
    ("519-01-02", "YYY-MM-DD"), ("9-01-02", "Y-MM-DD"), ("2,020-01-02", "Y,YYY-MM-DD"), ("21 20-01-02", "CC YY-MM-DD"),
    ("21", "CC"), ("2020 366", "YYYY DDD"), ("2020 60", "YYYY DDD"), ("60", "DDD"), ("2020 10", "YYYY WW"),
    ("2020 10 3", "IYYY IW ID"), ("2020 10", "IYYY IW"), ("2020 100", "IYYY IDDD"), ("2020 10 3", "YYYY IW ID"),
    ("2451545", "J"), ("2020 II", "YYYY RM"), ("2020 xii", "YYYY rm"), ("2020 xiii", "YYYY RM"),
    ("2020-01-02 AD", "YYYY-MM-DD AD"), ("2020-01-02", "YYYY-MM-DD HH24"), ("2020", "YYYY-MM-DD"), ("x", "YYYY"),
    ("20x0-01-01", "YYYY-MM-DD"), ("2020-01-01", "FXYYYY-MM-DD"), ("2020 - 01 - 01", "YYYY-MM-DD"),
    ("2020--01-01", "YYYY-MM-DD"), ("2020/01/01", "YYYY-MM-DD"), ("2020-01-01", "YYYY MM DD"), ("  2020-01-01", "YYYY-MM-DD"),
    ("2020-01-01", "  YYYY-MM-DD"), ("2020x01x01", "YYYYxMMxDD"), ("2020-01-01", 'YYYY"-"MM"-"DD'),
    ("20200101", "FMYYYYMMDD"), ("2020-1-1", "FMYYYY-FMMM-FMDD"), ("2020-01-01", "YYYY-MM-DD-YYYY"),
    ("2020-01-01 2021", "YYYY-MM-DD YYYY"), ("2020-01-01 12:00 13", "YYYY-MM-DD HH24:MI HH24"), ("2020-01-1st", "YYYY-MM-DDth"),
    ("2020-01-01 3 x", "YYYY-MM-DD Q x"), ("2020 Jan 1", "YYYY Mon FMDD"), ("2020 january 1", "YYYY month DD"),
    ("2020-01-01 99999999999", "YYYY-MM-DD SSSS"), ("2020-01-01 3723", "YYYY-MM-DD SSSS"),
    ("2020-01-01 03:04:05", "YYYY-MM-DD HH:MI:SS"), ("2020-01-01 00:04:05", "YYYY-MM-DD HH12:MI:SS"),
    ("2020-01-01 10 pm", "YYYY-MM-DD HH am"), ("2020-01-01 10 p.m.", "YYYY-MM-DD HH a.m."), ("2020-01-01 10 xm", "YYYY-MM-DD HH am"),
    ("Jan 2020", "Mon YYYY DD"), ("2020 1 1", "YYYY D DD"), ("2020-01-01", "YYYY-MM-DD ID"), ("2020 01 01", "YYYY IW DD"),
    ("0001-01-01", "YYYY-MM-DD"), ("1 2020-01-01", "W YYYY-MM-DD"), ("2020-01 3", "YYYY-MM W"),
    ("2020-12-31 23:59:59.999999", "YYYY-MM-DD HH24:MI:SS.US"), ("2020-12-31 23:59:59.9999995", "YYYY-MM-DD HH24:MI:SS.FF6"),
    ("2020-12-31 23:59:59.99", "YYYY-MM-DD HH24:MI:SS.FF1"), ("9999-12-31 23:59:59", "YYYY-MM-DD HH24:MI:SS"),
    ("1999-12-31 -", "YYYY-MM-DD TZH"), ("2020-01-01 +5", "YYYY-MM-DD TZH"), ("2020-01-01 05:30", "YYYY-MM-DD TZM"),
    ("2020-01-01 +05:60", "YYYY-MM-DD TZH:TZM"), ("2020-01-01 1,234", "YYYY-MM-DD Y,YYY"), ("2020-01-01", "YYYY-MM-DD\"x"),
    ("2020 08 08", "YYYY MM SS"), ("2020 08 x", "YYYY MM DD"), ("2020-08-08", "YYYYMMDD"),
]


@pytest.mark.differential
def test_to_date_to_timestamp_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for text, fmt in PARSE_CASES:
        cases.append((f"to_date({lit(text)}, {lit(fmt)})",
                      lambda text=text, fmt=fmt: format_text("date", F.to_date(text, fmt)), "date"))
        cases.append((f"to_timestamp({lit(text)}, {lit(fmt)})",
                      lambda text=text, fmt=fmt: format_text("timestamptz", F.to_timestamp(text, fmt)),
                      "timestamp with time zone"))
    compare_text(pg, cases)


TO_NUMBER = [
    ("12,345.6-", "99G999D9S"), ("abc", "999"), ("", "999"), ("12", ""), ("1.5", "."), ("15", "9V9"), ("12", "RN"),
    ("12", "9.9EEEE"), ("123", "999"), ("-123", "999"), ("123-", "999MI"), ("123+", "999PL"), ("<123>", "999PR"),
    ("123.45", "999.99"), ("123.456", "999.99"), ("1,234.5", "9,999.9"), ("1234.5", "9,999.9"), ("$1,234.50", "L9,999.99"),
    ("1 234", "9 999"), ("  12", "9999"), ("12", "9999"), ("12345", "999"), ("-1.5", "S9.9"), ("1.5-", "9.9S"),
    ("+1.5", "S9.9"), ("0.5", "9.9"), (".5", "9.9"), ("5.", "9.9"), ("12th", "99th"), ("12", "99V9"), ("1.23", "9.9V9"),
    ("12.3", "FM99.99"), ("12.34", "FM99.9"), ("1 2 3", "999"), ("x1y2", "9999"), ("--12", "S99"), ("12", "S99"),
    ("1,2,3", "9,9,9"), ("12.345,6", "99G999D9"), ("-0", "9"), ("00012", "99999"), ("1e5", "9999"), ("123", "0000"),
    ("1.2.3", "9.9.9"), ("12", "SG99"), ("-12", "SG99"), ("12-", "99SG"), ("1 000 000", "9G999G999"),
    ("99999999999999999999", "99999999999999999999"), ("12", "PL99"), ("12", "MI99"), ("-", "9"), ("+", "9"), (".", "9.9"),
    ("1,", "9,"), ("a1", "99"), ("1a", "99"), ("123", "B999"), ("12", "99EEEE"), ("1,234", "FM9,999"), ("1234", "FM9,999"),
]


@pytest.mark.differential
def test_to_number_differential(pg: Any) -> None:
    cases: list[TextCase] = [
        (f"to_number({lit(text)}, {lit(fmt)})", lambda text=text, fmt=fmt: txt(F.to_number(text, fmt)), "numeric")
        for text, fmt in TO_NUMBER
    ]
    compare_text(pg, cases)


# ---------------------------------------------------------------------------
# Differential: format(), quoting, width_bucket
# ---------------------------------------------------------------------------

FORMATS = ["%s", "%s %s", "%I", "%L", "%%", "%1$s %1$s", "%2$s %1$s", "%5s|", "%-5s|", "%*s|", "%-*s|", "%*2$s|", "%1$*2$s|",
           "%3$*1$s|", "%x", "%", "%1$", "%0$s", "%*1s", "%*0$s", "%-", "%5", "%99999999999s", "abc", "%s%", "%1$s %s",
           "%2$s %s", "%-10L|", "%3s", "%s %s %s", "%I %I", "%L %L", "%-*3$s|", "%*s %s", "%---5s|", "%05s|", "%.3s", "é%sé"]
FORMAT_ARGS: list[tuple[str | None, ...]] = [
    (), ("a",), ("a", "b"), (None,), ("3", "x"), ("B c", None, "4"), ("-4", "x"), (None, "x"), ("abc", "7", "q\"w'e\\r"),
    ("select",),
]


@pytest.mark.differential
def test_format_differential(pg: Any) -> None:
    cases: list[TextCase] = []
    for f in FORMATS:
        for args in FORMAT_ARGS:
            sql_args = "".join(", " + ("NULL::text" if a is None else lit(a)) for a in args)
            cases.append((f"format({lit(f)}{sql_args})", lambda f=f, args=args: F.text_format(f, *args), "text"))
    cases += [
        ("format(NULL::text)", lambda: F.text_format(None), "text"),
        ("format('%*s', 2147483648::int8, 'x')", lambda: F.text_format("%*s", "2147483648", "x"), "text"),
        ("format('%*s', -2147483648, 'x')", lambda: F.text_format("%*s", "-2147483648", "x"), "text"),
        ("format('%s|%L|%I', true, true, 1.50)", lambda: F.text_format("%s|%L|%I", "t", "t", "1.50"), "text"),
        ("format('%s %s', VARIADIC ARRAY['a', NULL])", lambda: F.text_format("%s %s", "a", None), "text"),
    ]
    for ident in ["abc", "ABC", "a b", "select", "user", "name", "_x1", "1x", "", 'a"b', "é", "current_date", "json_table",
                  "left", "int", "a$b", "aB"]:
        cases.append((f"quote_ident({lit(ident)})", lambda x=ident: F.quote_ident(x), "text"))
        cases.append((f"quote_literal({lit(ident)})", lambda x=ident: F.quote_literal(x), "text"))
        cases.append((f"quote_nullable({lit(ident)})", lambda x=ident: F.quote_nullable(x), "text"))
    cases += [
        ("quote_nullable(NULL::text)", lambda: F.quote_nullable(None), "text"),
        ("quote_literal(E'a\\\\b''c')", lambda: F.quote_literal("a\\b'c"), "text"),
        ("quote_literal(true)", lambda: F.quote_literal("true"), "text"),
        ("quote_nullable(1.50)", lambda: F.quote_nullable("1.50"), "text"),
    ]
    buckets = [("5.35", "0.024", "10.06", "5"), ("0", "0", "10", "5"), ("10", "0", "10", "5"), ("-1", "0", "10", "5"),
               ("3", "10", "0", "5"), ("10", "10", "0", "5"), ("0", "10", "0", "5"), ("11", "10", "0", "5"),
               ("1", "1", "1", "5"), ("1", "0", "10", "0"), ("NaN", "0", "10", "5"), ("1", "0", "Infinity", "5"),
               ("Infinity", "0", "10", "5"), ("-Infinity", "0", "10", "5"), ("5", "0", "10", "2147483647"),
               ("11", "0", "10", "2147483647"), ("0.3", "0", "1", "10"), ("0.7", "0", "1", "10"),
               ("9.99999999999999999", "0", "10", "10"), ("1e308", "-1e308", "1.7e308", "10"), ("0.1", "0", "0.3", "3"),
               ("2.9", "0", "3", "30"), ("5", "0", "10", "-1")]
    for o, b1, b2, n in buckets:
        cases.append((f"width_bucket({lit(o)}::float8, {lit(b1)}::float8, {lit(b2)}::float8, {n})",
                      lambda o=o, b1=b1, b2=b2, n=n: txt(F.width_bucket_float8(float(o), float(b1), float(b2), int(n))),
                      "integer"))
        if "e3" not in o + b1 + b2:
            cases.append((f"width_bucket({lit(o)}::numeric, {lit(b1)}::numeric, {lit(b2)}::numeric, {n})",
                          lambda o=o, b1=b1, b2=b2, n=n: txt(
                              F.width_bucket_numeric(Decimal(o), Decimal(b1), Decimal(b2), int(n))), "integer"))
    compare_text(pg, cases)

"""PostgreSQL's data-type formatting functions and ``format()``.

* ``to_char`` for timestamp, timestamptz, interval, numeric, int4, int8,
  float4 and float8 (every template pattern and modifier of PostgreSQL 16:
  ``YYYY MM DD HH24 MI SS MS US FF1-6 AM/PM Month MON Day DY TZ OF TH FM
  TM SP``..., and for numbers ``9 0 . , D G S PL MI SG PR L V EEEE RN TH
  FM B``...);
* ``to_date``, ``to_timestamp(text, text)`` and ``to_number``;
* ``format()``, ``quote_ident``, ``quote_literal``, ``quote_nullable``;
* ``width_bucket`` (numeric and float8 forms; the thresholds-array form is
  :func:`pydsql.values.arrays.width_bucket_array`).

The template machinery is a port of PostgreSQL 16's ``formatting.c``
(``parse_format``, ``DCH_to_char``, ``DCH_from_char``, ``do_to_timestamp``,
``NUMDesc_prepare``, ``NUM_processor``), so output, parsing quirks and error
messages are PostgreSQL's.  The session settings emulated are pydsql's:
the session ``TimeZone`` (``TZ`` prints its abbreviation, ``OF`` its offset) and the ``C``
locale for ``lc_numeric``/``lc_monetary``/``lc_time`` (``D`` is ``.``,
``G`` is ``,``, ``L`` is a blank, ``TM`` names are English).

Deliberate differences from PostgreSQL: values pydsql cannot represent
(years before 1 AD or after 9999, e.g. ``to_timestamp('10:30', 'HH24:MI')``
which PostgreSQL places in 1 BC) raise 22008 with PostgreSQL's
out-of-range message and a DETAIL naming the pydsql limit, as everywhere in
:mod:`pydsql.values.datetimes`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Final, NoReturn

from .. import errors
from ..types import DATE, INT4, NUMERIC, TEXT, TIMESTAMPTZ
from . import numbers as N
from . import strings as S
from .datetimes import (
    POSTGRES_EPOCH_JDATE,
    SESSION_ZONE,
    session_local_micros,
    session_west_at_local,
    _date_from_adt,
    _micros_from_ts,
    _split_ts,
    _tstz_from_micros,
    apply_precision,
    date2isoweek,
    date2isoyear,
    date2j,
    is_valid_date,
    is_valid_julian,
    is_valid_timestamp,
    isleap,
    j2date,
    j2day,
)
from .interval import USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC, Interval
from .registry import Function

INT_MIN: Final = -(2**31)
INT_MAX: Final = 2**31 - 1


def _cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _cmod(a: int, b: int) -> int:
    """C ``%`` (the sign of the dividend)."""
    return a - b * _cdiv(a, b)


def _zpad(v: int, width: int) -> str:
    """C ``sprintf("%0*d", width, v)``."""
    return format(v, f"0{width}d") if width > 0 else str(v)


# ---------------------------------------------------------------------------
# Template parsing (parse_format)
# ---------------------------------------------------------------------------

NODE_ACTION, NODE_CHAR, NODE_SEPARATOR, NODE_SPACE = range(4)

# suffixes
S_FM: Final = 0x01
S_TH: Final = 0x02
S_th: Final = 0x04  # noqa: N816
S_SP: Final = 0x08
S_TM: Final = 0x10

_DCH_PREFIXES: Final = (("FM", S_FM), ("fm", S_FM), ("TM", S_TM), ("tm", S_TM))
_DCH_POSTFIXES: Final = (("TH", S_TH), ("th", S_th), ("SP", S_SP))

# date modes
_NONE, _GREGORIAN, _ISOWEEK = range(3)


@dataclass(frozen=True, slots=True)
class KeyWord:
    name: str
    id: str
    is_digit: bool = False
    date_mode: int = _NONE


def _dch_keywords() -> list[KeyWord]:
    K = KeyWord  # noqa: N806
    G, I = _GREGORIAN, _ISOWEEK  # noqa: N806, E741
    return [
        K("A.D.", "A_D"), K("A.M.", "A_M"), K("AD", "AD"), K("AM", "AM"), K("B.C.", "B_C"), K("BC", "BC"),
        K("CC", "CC", True), K("DAY", "DAY"), K("DDD", "DDD", True, G), K("DD", "DD", True, G), K("DY", "DY"),
        K("Day", "Day"), K("Dy", "Dy"), K("D", "D", True, G), K("FF1", "FF1"), K("FF2", "FF2"), K("FF3", "FF3"),
        K("FF4", "FF4"), K("FF5", "FF5"), K("FF6", "FF6"), K("FX", "FX"), K("HH24", "HH24", True),
        K("HH12", "HH12", True), K("HH", "HH", True), K("IDDD", "IDDD", True, I), K("ID", "ID", True, I),
        K("IW", "IW", True, I), K("IYYY", "IYYY", True, I), K("IYY", "IYY", True, I), K("IY", "IY", True, I),
        K("I", "I", True, I), K("J", "J", True), K("MI", "MI", True), K("MM", "MM", True, G),
        K("MONTH", "MONTH", False, G), K("MON", "MON", False, G), K("MS", "MS", True),
        K("Month", "Month", False, G), K("Mon", "Mon", False, G), K("OF", "OF"), K("P.M.", "P_M"),
        K("PM", "PM"), K("Q", "Q", True), K("RM", "RM", False, G), K("SSSSS", "SSSS", True),
        K("SSSS", "SSSS", True), K("SS", "SS", True), K("TZH", "TZH"), K("TZM", "TZM", True), K("TZ", "TZ"),
        K("US", "US", True), K("WW", "WW", True, G), K("W", "W", True, G), K("Y,YYY", "Y_YYY", True, G),
        K("YYYY", "YYYY", True, G), K("YYY", "YYY", True, G), K("YY", "YY", True, G), K("Y", "Y", True, G),
        K("a.d.", "a_d"), K("a.m.", "a_m"), K("ad", "ad"), K("am", "am"), K("b.c.", "b_c"), K("bc", "bc"),
        K("cc", "CC", True), K("day", "day"), K("ddd", "DDD", True, G), K("dd", "DD", True, G), K("dy", "dy"),
        K("d", "D", True, G), K("ff1", "FF1"), K("ff2", "FF2"), K("ff3", "FF3"), K("ff4", "FF4"),
        K("ff5", "FF5"), K("ff6", "FF6"), K("fx", "FX"), K("hh24", "HH24", True), K("hh12", "HH12", True),
        K("hh", "HH", True), K("iddd", "IDDD", True, I), K("id", "ID", True, I), K("iw", "IW", True, I),
        K("iyyy", "IYYY", True, I), K("iyy", "IYY", True, I), K("iy", "IY", True, I), K("i", "I", True, I),
        K("j", "J", True), K("mi", "MI", True), K("mm", "MM", True, G), K("month", "month", False, G),
        K("mon", "mon", False, G), K("ms", "MS", True), K("of", "OF"), K("p.m.", "p_m"), K("pm", "pm"),
        K("q", "Q", True), K("rm", "rm", False, G), K("sssss", "SSSS", True), K("ssss", "SSSS", True),
        K("ss", "SS", True), K("tzh", "TZH"), K("tzm", "TZM", True), K("tz", "tz"), K("us", "US", True),
        K("ww", "WW", True, G), K("w", "W", True, G), K("y,yyy", "Y_YYY", True, G), K("yyyy", "YYYY", True, G),
        K("yyy", "YYY", True, G), K("yy", "YY", True, G), K("y", "Y", True, G),
    ]


def _num_keywords() -> list[KeyWord]:
    K = KeyWord  # noqa: N806
    return [
        K(",", "COMMA"), K(".", "DEC"), K("0", "0"), K("9", "9"), K("B", "B"), K("C", "C"), K("D", "D"),
        K("EEEE", "E"), K("FM", "FM"), K("G", "G"), K("L", "L"), K("MI", "MI"), K("PL", "PL"), K("PR", "PR"),
        K("RN", "RN"), K("SG", "SG"), K("SP", "SP"), K("S", "S"), K("TH", "TH"), K("V", "V"), K("b", "B"),
        K("c", "C"), K("d", "D"), K("eeee", "E"), K("fm", "FM"), K("g", "G"), K("l", "L"), K("mi", "MI"),
        K("pl", "PL"), K("pr", "PR"), K("rn", "rn"), K("sg", "SG"), K("sp", "SP"), K("s", "S"), K("th", "th"),
        K("v", "V"),
    ]


def _index(kws: list[KeyWord]) -> dict[str, list[KeyWord]]:
    idx: dict[str, list[KeyWord]] = {}
    for k in kws:
        idx.setdefault(k.name[0], []).append(k)
    return idx


_DCH_INDEX: Final = _index(_dch_keywords())
_NUM_INDEX: Final = _index(_num_keywords())


@dataclass(slots=True)
class Node:
    type: int
    key: KeyWord | None = None
    suffix: int = 0
    character: str = ""


def _is_separator_char(c: str) -> bool:
    return " " < c < "\x7f" and not ("A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9")


def _seq_keyword(fmt: str, i: int, index: dict[str, list[KeyWord]]) -> KeyWord | None:
    c = fmt[i]
    if not " " < c < "~":
        return None
    for k in index.get(c, ()):
        if fmt.startswith(k.name, i):
            return k
    return None


def _parse_format(fmt: str, dch: bool, num: NumDesc | None = None) -> list[Node]:
    index = _DCH_INDEX if dch else _NUM_INDEX
    nodes: list[Node] = []
    i = 0
    n = len(fmt)
    while i < n:
        suffix = 0
        if dch:
            for name, sid in _DCH_PREFIXES:
                if fmt.startswith(name, i):
                    suffix |= sid
                    i += len(name)
                    break
        key = _seq_keyword(fmt, i, index) if i < n else None
        if key is not None:
            node = Node(NODE_ACTION, key, suffix)
            i += len(key.name)
            if num is not None:
                num.prepare(node)
            if dch and i < n:
                for name, sid in _DCH_POSTFIXES:
                    if fmt.startswith(name, i):
                        node.suffix |= sid
                        i += len(name)
                        break
            nodes.append(node)
        elif i < n:
            if fmt[i] == '"':
                i += 1
                while i < n:
                    if fmt[i] == '"':
                        i += 1
                        break
                    if fmt[i] == "\\" and i + 1 < n:
                        i += 1
                    nodes.append(Node(NODE_CHAR, character=fmt[i]))
                    i += 1
            else:
                if fmt[i] == "\\" and i + 1 < n and fmt[i + 1] == '"':
                    i += 1
                c = fmt[i]
                if dch and _is_separator_char(c):
                    t = NODE_SEPARATOR
                elif c in " \t\n\r\v\f":
                    t = NODE_SPACE
                else:
                    t = NODE_CHAR
                nodes.append(Node(t, character=c))
                i += 1
    return nodes


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_FULL: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December")
_DAYS: Final = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAYS_SHORT: Final = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_RM_UPPER: Final = ("XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I")
_RM_LOWER: Final = tuple(r.lower() for r in _RM_UPPER)
_AMPM: Final = ("am", "pm", "AM", "PM")
_AMPM_LONG: Final = ("a.m.", "p.m.", "A.M.", "P.M.")
_ADBC: Final = ("ad", "bc", "AD", "BC")
_ADBC_LONG: Final = ("a.d.", "b.c.", "A.D.", "B.C.")


def _get_th(num: str, upper: bool) -> str:
    if not num or not num[-1].isdigit():
        raise errors.InvalidTextRepresentation(f'"{num}" is not a number')
    last = num[-1]
    if len(num) > 1 and num[-2] == "1":
        last = "0"
    th = {"1": "st", "2": "nd", "3": "rd"}.get(last, "th")
    return th.upper() if upper else th


def _numth(s: str, suffix: int) -> str:
    if suffix & (S_TH | S_th):
        return s + _get_th(s, bool(suffix & S_TH))
    return s


# ---------------------------------------------------------------------------
# to_char for date/time values (DCH_to_char)
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Tm:
    year: int = 0
    mon: int = 0
    mday: int = 0
    hour: int = 0
    min: int = 0
    sec: int = 0
    fsec: int = 0
    yday: int = 0
    wday: int = 0
    gmtoff: int = 0
    tzn: str | None = None


def _invalid_for_interval() -> NoReturn:
    raise errors.InvalidDatetimeFormat("invalid format specification for an interval value",
                                       hint="Intervals are not tied to specific calendar dates.")


def _adjust_year(year: int, is_interval: bool) -> int:
    if is_interval:
        return year
    return -(year - 1) if year <= 0 else year


def _dch_to_char(nodes: list[Node], tm: _Tm, is_interval: bool) -> str:
    out: list[str] = []
    for n in nodes:
        if n.type != NODE_ACTION:
            out.append(n.character)
            continue
        assert n.key is not None
        kid = n.key.id
        fm = bool(n.suffix & S_FM)
        tmsuf = bool(n.suffix & S_TM)
        s: str
        pm = _cmod(tm.hour, 24) >= 12
        if kid in ("A_M", "P_M"):
            out.append("P.M." if pm else "A.M.")
        elif kid in ("AM", "PM"):
            out.append("PM" if pm else "AM")
        elif kid in ("a_m", "p_m"):
            out.append("p.m." if pm else "a.m.")
        elif kid in ("am", "pm"):
            out.append("pm" if pm else "am")
        elif kid in ("HH", "HH12"):
            h = _cmod(tm.hour, 12)
            s = _zpad(12 if h == 0 else h, 0 if fm else (2 if tm.hour >= 0 else 3))
            out.append(_numth(s, n.suffix))
        elif kid == "HH24":
            out.append(_numth(_zpad(tm.hour, 0 if fm else (2 if tm.hour >= 0 else 3)), n.suffix))
        elif kid == "MI":
            out.append(_numth(_zpad(tm.min, 0 if fm else (2 if tm.min >= 0 else 3)), n.suffix))
        elif kid == "SS":
            out.append(_numth(_zpad(tm.sec, 0 if fm else (2 if tm.sec >= 0 else 3)), n.suffix))
        elif kid in ("FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "MS", "US"):
            digits = 3 if kid == "MS" else 6 if kid == "US" else int(kid[2])
            out.append(_numth(_zpad(_cdiv(tm.fsec, 10 ** (6 - digits)), digits), n.suffix))
        elif kid == "SSSS":
            out.append(_numth(str(tm.hour * 3600 + tm.min * 60 + tm.sec), n.suffix))
        elif kid == "tz":
            if is_interval:
                _invalid_for_interval()
            if tm.tzn:
                out.append(tm.tzn.lower())
        elif kid == "TZ":
            if is_interval:
                _invalid_for_interval()
            if tm.tzn:
                out.append(tm.tzn)
        elif kid == "TZH":
            if is_interval:
                _invalid_for_interval()
            out.append(("+" if tm.gmtoff >= 0 else "-") + f"{abs(tm.gmtoff) // 3600:02d}")
        elif kid == "TZM":
            if is_interval:
                _invalid_for_interval()
            out.append(f"{abs(tm.gmtoff) % 3600 // 60:02d}")
        elif kid == "OF":
            if is_interval:
                _invalid_for_interval()
            off = abs(tm.gmtoff)
            out.append(("+" if tm.gmtoff >= 0 else "-") + _zpad(off // 3600, 0 if fm else 2))
            if off % 3600:
                out.append(f":{off % 3600 // 60:02d}")
        elif kid in ("A_D", "B_C"):
            if is_interval:
                _invalid_for_interval()
            out.append("B.C." if tm.year <= 0 else "A.D.")
        elif kid in ("AD", "BC"):
            if is_interval:
                _invalid_for_interval()
            out.append("BC" if tm.year <= 0 else "AD")
        elif kid in ("a_d", "b_c"):
            if is_interval:
                _invalid_for_interval()
            out.append("b.c." if tm.year <= 0 else "a.d.")
        elif kid in ("ad", "bc"):
            if is_interval:
                _invalid_for_interval()
            out.append("bc" if tm.year <= 0 else "ad")
        elif kid in ("MONTH", "Month", "month"):
            if is_interval:
                _invalid_for_interval()
            if not tm.mon:
                continue
            name = _MONTHS_FULL[tm.mon - 1]
            name = name.upper() if kid == "MONTH" else name.lower() if kid == "month" else name
            out.append(name if tmsuf or fm else name.ljust(9))
        elif kid in ("MON", "Mon", "mon"):
            if is_interval:
                _invalid_for_interval()
            if not tm.mon:
                continue
            name = _MONTHS[tm.mon - 1]
            out.append(name.upper() if kid == "MON" else name.lower() if kid == "mon" else name)
        elif kid == "MM":
            out.append(_numth(_zpad(tm.mon, 0 if fm else (2 if tm.mon >= 0 else 3)), n.suffix))
        elif kid in ("DAY", "Day", "day"):
            if is_interval:
                _invalid_for_interval()
            name = _DAYS[tm.wday]
            name = name.upper() if kid == "DAY" else name.lower() if kid == "day" else name
            out.append(name if tmsuf or fm else name.ljust(9))
        elif kid in ("DY", "Dy", "dy"):
            if is_interval:
                _invalid_for_interval()
            name = _DAYS_SHORT[tm.wday]
            out.append(name.upper() if kid == "DY" else name.lower() if kid == "dy" else name)
        elif kid in ("DDD", "IDDD"):
            v = tm.yday if kid == "DDD" else date2j(tm.year, tm.mon, tm.mday) - _isoweek2j(
                date2isoyear(tm.year, tm.mon, tm.mday), 1) + 1
            out.append(_numth(_zpad(v, 0 if fm else 3), n.suffix))
        elif kid == "DD":
            out.append(_numth(_zpad(tm.mday, 0 if fm else 2), n.suffix))
        elif kid == "D":
            if is_interval:
                _invalid_for_interval()
            out.append(_numth(str(tm.wday + 1), n.suffix))
        elif kid == "ID":
            if is_interval:
                _invalid_for_interval()
            out.append(_numth(str(7 if tm.wday == 0 else tm.wday), n.suffix))
        elif kid == "WW":
            out.append(_numth(_zpad(_cdiv(tm.yday - 1, 7) + 1, 0 if fm else 2), n.suffix))
        elif kid == "IW":
            out.append(_numth(_zpad(date2isoweek(tm.year, tm.mon, tm.mday), 0 if fm else 2), n.suffix))
        elif kid == "Q":
            if not tm.mon:
                continue
            out.append(_numth(str(_cdiv(tm.mon - 1, 3) + 1), n.suffix))
        elif kid == "CC":
            if is_interval:
                i = _cdiv(tm.year, 100)
            elif tm.year > 0:
                i = _cdiv(tm.year - 1, 100) + 1
            else:
                i = _cdiv(tm.year, 100) - 1
            if -99 <= i <= 99:
                s = _zpad(i, 0 if fm else (2 if i >= 0 else 3))
            else:
                s = str(i)
            out.append(_numth(s, n.suffix))
        elif kid == "Y_YYY":
            y = _adjust_year(tm.year, is_interval)
            i = _cdiv(y, 1000)
            out.append(_numth(f"{i},{_zpad(y - i * 1000, 3)}", n.suffix))
        elif kid in ("YYYY", "YYY", "YY", "Y", "IYYY", "IYY", "IY", "I"):
            base = tm.year if kid[0] == "Y" else date2isoyear(tm.year, tm.mon, tm.mday)
            y = _adjust_year(base, is_interval)
            ndig = _YEAR_DIGITS[kid]
            # the width is chosen by the sign of the calendar year, even for ISO years
            wy = _adjust_year(tm.year, is_interval)
            if ndig == 4:
                s = _zpad(y, 0 if fm else (4 if wy >= 0 else 5))
            elif ndig == 1:
                s = str(_cmod(y, 10))
            else:
                s = _zpad(_cmod(y, 10 ** ndig), 0 if fm else (ndig if wy >= 0 else ndig + 1))
            out.append(_numth(s, n.suffix))
        elif kid in ("RM", "rm"):
            if not tm.mon and not tm.year:
                continue
            if tm.mon == 0:
                mon = 0 if tm.year >= 0 else 11
            elif tm.mon < 0:
                mon = -1 * (tm.mon + 1)
            else:
                mon = 12 - tm.mon
            name = (_RM_UPPER if kid == "RM" else _RM_LOWER)[mon]
            out.append(name if fm else name.ljust(4))
        elif kid == "W":
            out.append(_numth(str(_cdiv(tm.mday - 1, 7) + 1), n.suffix))
        elif kid == "J":
            out.append(_numth(str(date2j(tm.year, tm.mon, tm.mday)), n.suffix))
        # FX and the rest print nothing
    return "".join(out)


_YEAR_DIGITS: Final = {"YYYY": 4, "YYY": 3, "YY": 2, "Y": 1, "IYYY": 4, "IYY": 3, "IY": 2, "I": 1}


def _isoweek2j(year: int, week: int) -> int:
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    return (week - 1) * 7 + (day4 - day0)


def _timestamp_tm(value: datetime, with_zone: bool) -> _Tm:
    """The fields to_char prints; a timestamptz's are the session zone's wall time, offset and abbreviation."""
    t = _micros_from_ts(value)
    gmtoff, tzn = 0, "UTC" if with_zone else None
    if with_zone:
        sz = SESSION_ZONE.get()
        if sz is not None:
            utc = t
            t, west = session_local_micros(utc)
            gmtoff, tzn = -west, sz.abbrev_at(utc)
    y, m, d, tod = _split_ts(t)
    hour, rest = divmod(tod, USECS_PER_HOUR)
    minute, rest = divmod(rest, USECS_PER_MINUTE)
    sec, fsec = divmod(rest, USECS_PER_SEC)
    jd = date2j(y, m, d)
    return _Tm(y, m, d, hour, minute, sec, fsec, jd - date2j(y, 1, 1) + 1, (jd + 1) % 7, gmtoff, tzn)


def _interval_tm(iv: Interval) -> _Tm:
    tm = _Tm()
    tm.year = _cdiv(iv.months, 12)
    tm.mon = _cmod(iv.months, 12)
    tm.mday = iv.days
    t = iv.micros
    tm.hour = _cdiv(t, USECS_PER_HOUR)
    t -= tm.hour * USECS_PER_HOUR
    tm.min = _cdiv(t, USECS_PER_MINUTE)
    t -= tm.min * USECS_PER_MINUTE
    tm.sec = _cdiv(t, USECS_PER_SEC)
    tm.fsec = t - tm.sec * USECS_PER_SEC
    tm.yday = (tm.year * 12 + tm.mon) * 30 + tm.mday
    return tm


def timestamp_to_char(value: datetime, fmt: str) -> str | None:
    """``to_char(timestamp, text)``: NULL for an empty template."""
    if not fmt:
        return None
    return _dch_to_char(_parse_format(fmt, True), _timestamp_tm(value, False), False)


def timestamptz_to_char(value: datetime, fmt: str) -> str | None:
    """``to_char(timestamptz, text)``: fields, ``TZ`` and ``OF`` of the session zone."""
    if not fmt:
        return None
    return _dch_to_char(_parse_format(fmt, True), _timestamp_tm(value, True), False)


def interval_to_char(value: Interval, fmt: str) -> str | None:
    """``to_char(interval, text)``: calendar-bound patterns raise 22007."""
    if not fmt:
        return None
    return _dch_to_char(_parse_format(fmt, True), _interval_tm(value), True)


# ---------------------------------------------------------------------------
# to_date / to_timestamp (DCH_from_char, do_to_timestamp)
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _TmFromChar:
    mode: int = _NONE
    hh: int = 0
    pm: int = 0
    mi: int = 0
    ss: int = 0
    ssss: int = 0
    d: int = 0
    dd: int = 0
    ddd: int = 0
    mm: int = 0
    ms: int = 0
    year: int = 0
    bc: int = 0
    ww: int = 0
    w: int = 0
    cc: int = 0
    j: int = 0
    us: int = 0
    yysz: int = 0
    clock12: bool = False
    tzsign: int = 0
    tzh: int = 0
    tzm: int = 0
    ff: int = 0


def _set_int(tmfc: _TmFromChar, attr: str, value: int, node: Node) -> None:
    cur = getattr(tmfc, attr)
    if cur != 0 and cur != value:
        assert node.key is not None
        raise errors.InvalidDatetimeFormat(
            f'conflicting values for "{node.key.name}" field in formatting string',
            detail="This value contradicts a previous setting for the same field type.",
        )
    setattr(tmfc, attr, value)


def _is_next_separator(nodes: list[Node], k: int) -> bool:
    n = nodes[k]
    if n.type == NODE_ACTION and n.suffix & (S_TH | S_th):
        return True
    if k + 1 >= len(nodes):
        return True
    nxt = nodes[k + 1]
    if nxt.type == NODE_ACTION:
        assert nxt.key is not None
        return not nxt.key.is_digit
    if len(nxt.character) == 1 and nxt.character.isascii() and nxt.character.isdigit():
        return False
    return True


def _strtol(s: str, pos: int) -> tuple[int, int, bool]:
    """C ``strtol(s + pos, &end, 10)``: (value, end, overflowed)."""
    i = pos
    n = len(s)
    while i < n and s[i] in " \t\n\r\v\f":
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    j = i
    while j < n and "0" <= s[j] <= "9":
        j += 1
    if j == i:
        return 0, pos, False
    v = int(s[i:j])
    if neg:
        v = -v
    over = not -(2**63) <= v <= 2**63 - 1
    return v, j, over


def _parse_int_len(s: str, pos: int, length: int, nodes: list[Node], k: int,
                   tmfc: _TmFromChar | None, attr: str | None) -> tuple[int, int]:
    """from_char_parse_int_len: (new position, characters used incl. leading blanks)."""
    node = nodes[k]
    assert node.key is not None
    init = pos
    while pos < len(s) and s[pos] in " \t\n\r\v\f":
        pos += 1
    copy = s[pos:pos + length]
    if node.suffix & S_FM or _is_next_separator(nodes, k):
        result, end, over = _strtol(s, init)
        pos = end
    else:
        used = len(copy)
        if used < length:
            raise errors.InvalidDatetimeFormat(
                f'source string too short for "{node.key.name}" formatting field',
                detail=f"Field requires {length} characters, but only {used} remain.",
                hint='If your source string is not fixed-width, try using the "FM" modifier.',
            )
        result, end, over = _strtol(copy, 0)
        used = end
        if 0 < used < length:
            raise errors.InvalidDatetimeFormat(
                f'invalid value "{copy}" for "{node.key.name}"',
                detail=f"Field requires {length} characters, but only {used} could be parsed.",
                hint='If your source string is not fixed-width, try using the "FM" modifier.',
            )
        pos += used
    if pos == init:
        raise errors.InvalidDatetimeFormat(f'invalid value "{copy}" for "{node.key.name}"',
                                           detail="Value must be an integer.")
    if over or result < INT_MIN or result > INT_MAX:
        raise errors.DatetimeFieldOverflow(
            f'value for "{node.key.name}" in source string is out of range',
            detail=f"Value must be in the range {INT_MIN} to {INT_MAX}.",
        )
    if tmfc is not None and attr is not None:
        _set_int(tmfc, attr, result, node)
    return pos, pos - init


def _seq_search(s: str, pos: int, array: tuple[str, ...], node: Node) -> tuple[int, int]:
    """from_char_seq_search: (index in array, new position), case-insensitive."""
    name = s[pos:]
    if name:
        first = name[0].lower() if name[0].isascii() else name[0]
        for idx, entry in enumerate(array):
            if entry[0].lower() != first:
                continue
            if len(name) >= len(entry) and name[1:len(entry)].lower() == entry[1:].lower() and name[
                    1:len(entry)].isascii():
                return idx, pos + len(entry)
    copy = name
    for j, c in enumerate(copy):
        if c in " \t\n\r\f":
            copy = copy[:j]
            break
    assert node.key is not None
    raise errors.InvalidDatetimeFormat(
        f'invalid value "{copy}" for "{node.key.name}"',
        detail="The given value did not match any of the allowed values for this field.",
    )


def _adjust_partial_year_to_2020(year: int) -> int:
    if year < 70:
        return year + 2000
    if year < 100:
        return year + 1900
    if year < 520:
        return year + 2000
    if year < 1000:
        return year + 1000
    return year


def _skip_th(s: str, pos: int, suffix: int) -> int:
    if suffix & (S_TH | S_th):
        return min(pos + 2, len(s))
    return pos


def _dch_from_char(nodes: list[Node], s: str, out: _TmFromChar) -> None:
    fx_mode = False
    extra_skip = 0
    pos = 0
    n = len(s)
    for k, node in enumerate(nodes):
        if pos >= n:
            break
        if not fx_mode and not (node.type == NODE_ACTION and node.key is not None and node.key.id == "FX") and (
                node.type == NODE_ACTION or k == 0):
            while pos < n and s[pos] in " \t\n\r\v\f":
                pos += 1
                extra_skip += 1
        if node.type in (NODE_SPACE, NODE_SEPARATOR):
            if not fx_mode:
                extra_skip -= 1
                if pos < n and (s[pos] in " \t\n\r\v\f" or _is_separator_char(s[pos])):
                    pos += 1
                    extra_skip += 1
            else:
                pos += 1
            continue
        if node.type != NODE_ACTION:
            if not fx_mode:
                if extra_skip > 0:
                    extra_skip -= 1
                else:
                    pos += 1
            else:
                pos += 1
            continue
        key = node.key
        assert key is not None
        if key.date_mode != _NONE:
            if out.mode == _NONE:
                out.mode = key.date_mode
            elif out.mode != key.date_mode:
                raise errors.InvalidDatetimeFormat(
                    "invalid combination of date conventions",
                    hint="Do not mix Gregorian and ISO week date conventions in a formatting template.",
                )
        kid = key.id
        length = len(key.name)
        if kid == "FX":
            fx_mode = True
        elif kid in ("A_M", "P_M", "a_m", "p_m", "AM", "PM", "am", "pm"):
            arr = _AMPM_LONG if "_" in kid else _AMPM
            value, pos = _seq_search(s, pos, arr, node)
            _set_int(out, "pm", value % 2, node)
            out.clock12 = True
        elif kid in ("HH", "HH12"):
            pos, _ = _parse_int_len(s, pos, 2, nodes, k, out, "hh")
            out.clock12 = True
            pos = _skip_th(s, pos, node.suffix)
        elif kid == "HH24":
            pos, _ = _parse_int_len(s, pos, 2, nodes, k, out, "hh")
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("MI", "SS", "SSSS", "MM", "DDD", "DD", "D", "WW", "IW", "CC", "W", "J"):
            attr = {"MI": "mi", "SS": "ss", "SSSS": "ssss", "MM": "mm", "DDD": "ddd", "DD": "dd", "D": "d",
                    "WW": "ww", "IW": "ww", "CC": "cc", "W": "w", "J": "j"}[kid]
            pos, _ = _parse_int_len(s, pos, length, nodes, k, out, attr)
            pos = _skip_th(s, pos, node.suffix)
        elif kid == "MS":
            pos, used = _parse_int_len(s, pos, 3, nodes, k, out, "ms")
            out.ms *= 100 if used == 1 else 10 if used == 2 else 1
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "US"):
            if kid != "US":
                out.ff = int(kid[2])
            pos, used = _parse_int_len(s, pos, 6 if kid == "US" else out.ff, nodes, k, out, "us")
            out.us *= {1: 100000, 2: 10000, 3: 1000, 4: 100, 5: 10}.get(used, 1)
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("tz", "TZ", "OF"):
            raise errors.FeatureNotSupported(f'formatting field "{key.name}" is only supported in to_char')
        elif kid == "TZH":
            if pos < n and s[pos] in "+- ":
                out.tzsign = -1 if s[pos] == "-" else 1
                pos += 1
            else:
                out.tzsign = -1 if extra_skip > 0 and pos > 0 and s[pos - 1] == "-" else 1
            pos, _ = _parse_int_len(s, pos, 2, nodes, k, out, "tzh")
        elif kid == "TZM":
            if not out.tzsign:
                out.tzsign = 1
            pos, _ = _parse_int_len(s, pos, 2, nodes, k, out, "tzm")
        elif kid in ("A_D", "B_C", "a_d", "b_c", "AD", "BC", "ad", "bc"):
            arr = _ADBC_LONG if "_" in kid else _ADBC
            value, pos = _seq_search(s, pos, arr, node)
            _set_int(out, "bc", value % 2, node)
        elif kid in ("MONTH", "Month", "month", "MON", "Mon", "mon"):
            value, pos = _seq_search(s, pos, _MONTHS_FULL if len(kid) == 5 else _MONTHS, node)
            _set_int(out, "mm", value + 1, node)
        elif kid in ("DAY", "Day", "day", "DY", "Dy", "dy"):
            value, pos = _seq_search(s, pos, _DAYS if len(kid) == 3 else _DAYS_SHORT, node)
            _set_int(out, "d", value, node)
            out.d += 1
        elif kid == "IDDD":
            pos, _ = _parse_int_len(s, pos, 3, nodes, k, out, "ddd")
            pos = _skip_th(s, pos, node.suffix)
        elif kid == "ID":
            pos, _ = _parse_int_len(s, pos, 1, nodes, k, out, "d")
            out.d += 1
            if out.d > 7:
                out.d = 1
            pos = _skip_th(s, pos, node.suffix)
        elif kid == "Q":
            pos, _ = _parse_int_len(s, pos, length, nodes, k, None, None)
            pos = _skip_th(s, pos, node.suffix)
        elif kid == "Y_YYY":
            pos = _parse_y_yyy(s, pos, out, node)
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("YYYY", "IYYY"):
            pos, _ = _parse_int_len(s, pos, length, nodes, k, out, "year")
            out.yysz = 4
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("YYY", "IYY", "YY", "IY", "Y", "I"):
            pos, used = _parse_int_len(s, pos, length, nodes, k, out, "year")
            if used < 4:
                out.year = _adjust_partial_year_to_2020(out.year)
            out.yysz = {"YYY": 3, "IYY": 3, "YY": 2, "IY": 2, "Y": 1, "I": 1}[kid]
            pos = _skip_th(s, pos, node.suffix)
        elif kid in ("RM", "rm"):
            value, pos = _seq_search(s, pos, _RM_LOWER, node)
            _set_int(out, "mm", 12 - value, node)
        if not fx_mode:
            extra_skip = 0
            while pos < n and s[pos] in " \t\n\r\v\f":
                pos += 1
                extra_skip += 1


def _parse_y_yyy(s: str, pos: int, out: _TmFromChar, node: Node) -> int:
    """sscanf(s, "%d,%03d%n")."""
    millennia, end, _ = _strtol(s, pos)
    if end == pos or end >= len(s) or s[end] != ",":
        raise errors.InvalidDatetimeFormat('invalid input string for "Y,YYY"')
    j = end + 1
    while j < len(s) and s[j] in " \t\n\r\v\f" and j - end - 1 < 3:
        j += 1
    start = j
    if j < len(s) and s[j] in "+-" and j - end - 1 < 2:
        j += 1
    while j < len(s) and s[j].isdigit() and j - end - 1 < 3:
        j += 1
    digits = s[start:j]
    if not digits or digits in "+-":
        raise errors.InvalidDatetimeFormat('invalid input string for "Y,YYY"')
    years = int(digits)
    total = millennia * 1000 + years
    if not INT_MIN <= millennia * 1000 <= INT_MAX or not INT_MIN <= total <= INT_MAX:
        raise errors.DatetimeFieldOverflow('value for "Y,YYY" in source string is out of range')
    _set_int(out, "year", total, node)
    out.yysz = 4
    return j


_DAY_TAB: Final = ((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31))


def _do_to_timestamp(text: str, fmt: str) -> tuple[int, int, int, int, int, int, int, int | None, int]:
    """(year, mon, mday, hour, min, sec, fsec, tz seconds west or None, fprec)."""
    tmfc = _TmFromChar()
    if fmt:
        _dch_from_char(_parse_format(fmt, True), text, tmfc)
    year, mon, mday, hour, minute, sec = 0, 1, 1, 0, 0, 0
    fmask_year = fmask_month = fmask_day = False
    if tmfc.ssss:
        x = tmfc.ssss
        hour = _cdiv(x, 3600)
        x = _cmod(x, 3600)
        minute = _cdiv(x, 60)
        sec = _cmod(x, 60)
    if tmfc.ss:
        sec = tmfc.ss
    if tmfc.mi:
        minute = tmfc.mi
    if tmfc.hh:
        hour = tmfc.hh
    if tmfc.clock12:
        if hour < 1 or hour > 12:
            raise errors.InvalidDatetimeFormat(f'hour "{hour}" is invalid for the 12-hour clock',
                                               hint="Use the 24-hour clock, or give an hour between 1 and 12.")
        if tmfc.pm and hour < 12:
            hour += 12
        elif not tmfc.pm and hour == 12:
            hour = 0
    if tmfc.year:
        if tmfc.cc and tmfc.yysz <= 2:
            if tmfc.bc:
                tmfc.cc = -tmfc.cc
            year = _cmod(tmfc.year, 100)
            if year:
                if tmfc.cc >= 0:
                    year += (tmfc.cc - 1) * 100
                else:
                    year = (tmfc.cc + 1) * 100 - year + 1
            else:
                year = tmfc.cc * 100 + (0 if tmfc.cc >= 0 else 1)
        else:
            year = tmfc.year
            if tmfc.bc:
                year = -year
            if year < 0:
                year += 1
        fmask_year = True
    elif tmfc.cc:
        if tmfc.bc:
            tmfc.cc = -tmfc.cc
        year = (tmfc.cc - 1) * 100 + 1 if tmfc.cc >= 0 else tmfc.cc * 100 + 1
        fmask_year = True
    if tmfc.j:
        year, mon, mday = j2date(tmfc.j)
        fmask_year = fmask_month = fmask_day = True
    if tmfc.ww:
        if tmfc.mode == _ISOWEEK:
            jday = _isoweek2j(year, tmfc.ww)
            if tmfc.d:
                jday += tmfc.d - 2 if tmfc.d > 1 else 6
            year, mon, mday = j2date(jday)
            fmask_year = fmask_month = fmask_day = True
        else:
            tmfc.ddd = (tmfc.ww - 1) * 7 + 1
    if tmfc.w:
        tmfc.dd = (tmfc.w - 1) * 7 + 1
    if tmfc.dd:
        mday = tmfc.dd
        fmask_day = True
    if tmfc.mm:
        mon = tmfc.mm
        fmask_month = True
    if tmfc.ddd and (mon <= 1 or mday <= 1):
        if not year and not tmfc.bc:
            raise errors.InvalidDatetimeFormat("cannot calculate day of year without year information")
        if tmfc.mode == _ISOWEEK:
            j0 = _isoweek2j(year, 1) - 1
            year, mon, mday = j2date(j0 + tmfc.ddd)
            fmask_year = fmask_month = fmask_day = True
        else:
            ysum = [0]
            for d in _DAY_TAB[1 if isleap(year) else 0]:
                ysum.append(ysum[-1] + d)
            i = 1
            while i <= 12:
                if tmfc.ddd <= ysum[i]:
                    break
                i += 1
            if mon <= 1:
                mon = i
            if mday <= 1:
                mday = tmfc.ddd - ysum[i - 1]
            fmask_month = fmask_day = True
    fsec = 0
    if tmfc.ms:
        fsec += tmfc.ms * 1000
    if tmfc.us:
        fsec += tmfc.us
    # ValidateDate(fmask, isjulian=true, ...)
    bad = False
    if fmask_month and not 1 <= mon <= 12:
        bad = True
    elif fmask_day and not 1 <= mday <= 31:
        bad = True
    elif fmask_year and fmask_month and fmask_day and mday > _DAY_TAB[1 if isleap(year) else 0][mon - 1]:
        bad = True
    if bad or not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= sec < 60 and 0 <= fsec < USECS_PER_SEC):
        raise errors.DatetimeFieldOverflow(f'date/time field value out of range: "{text}"')
    tz: int | None = None
    if tmfc.tzsign:
        if tmfc.tzh < 0 or tmfc.tzh > 15 or tmfc.tzm < 0 or tmfc.tzm >= 60:
            raise errors.InvalidTimeZoneDisplacementValue(f'time zone displacement out of range: "{text}"')
        tz = -tmfc.tzsign * (tmfc.tzh * 3600 + tmfc.tzm * 60)
    return year, mon, mday, hour, minute, sec, fsec, tz, tmfc.ff


def to_timestamp(text: str, fmt: str) -> datetime:
    """``to_timestamp(text, text)`` -> timestamptz (read in the session zone
    unless ``TZH``/``TZM`` give one)."""
    year, mon, mday, hour, minute, sec, fsec, tz, fprec = _do_to_timestamp(text, fmt)
    if not is_valid_julian(year, mon, mday):
        raise errors.DatetimeFieldOverflow("timestamp out of range")
    t = (date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + (
        (hour * 60 + minute) * 60 + sec) * USECS_PER_SEC + fsec
    if tz is None:
        tz = session_west_at_local(year, mon, mday, (hour * 60 + minute) * 60 + sec)
    t += tz * USECS_PER_SEC
    if not is_valid_timestamp(t):
        raise errors.DatetimeFieldOverflow("timestamp out of range")
    result = _tstz_from_micros(t)
    if fprec:
        result = apply_precision("timestamptz", result, fprec)
    return result


def to_date(text: str, fmt: str) -> date:
    """``to_date(text, text)``."""
    year, mon, mday, *_ = _do_to_timestamp(text, fmt)
    message = f'date out of range: "{text}"'
    if not is_valid_julian(year, mon, mday):
        raise errors.DatetimeFieldOverflow(message)
    d = date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(d):
        raise errors.DatetimeFieldOverflow(message)
    return _date_from_adt(d, message)


# ---------------------------------------------------------------------------
# Number templates (NUMDesc_prepare, NUM_processor)
# ---------------------------------------------------------------------------

F_DECIMAL: Final = 1 << 1
F_LDECIMAL: Final = 1 << 2
F_ZERO: Final = 1 << 3
F_BLANK: Final = 1 << 4
F_FILLMODE: Final = 1 << 5
F_LSIGN: Final = 1 << 6
F_BRACKET: Final = 1 << 7
F_MINUS: Final = 1 << 8
F_PLUS: Final = 1 << 9
F_ROMAN: Final = 1 << 10
F_MULTI: Final = 1 << 11
F_PLUS_POST: Final = 1 << 12
F_MINUS_POST: Final = 1 << 13
F_EEEE: Final = 1 << 14

LSIGN_NONE, LSIGN_PRE, LSIGN_POST = 0, -1, 1


def _syntax(msg: str, detail: str | None = None) -> errors.Error:
    return errors.SyntaxError(msg, detail=detail)


@dataclass(slots=True)
class NumDesc:
    pre: int = 0
    post: int = 0
    lsign: int = LSIGN_NONE
    flag: int = 0
    pre_lsign_num: int = 0
    multi: int = 0
    zero_start: int = 0
    zero_end: int = 0

    def has(self, f: int) -> bool:
        return bool(self.flag & f)

    def prepare(self, n: Node) -> None:
        assert n.key is not None
        kid = n.key.id
        if self.has(F_EEEE) and kid != "E":
            raise _syntax('"EEEE" must be the last pattern used')
        if kid == "9":
            if self.has(F_BRACKET):
                raise _syntax('"9" must be ahead of "PR"')
            if self.has(F_MULTI):
                self.multi += 1
            elif self.has(F_DECIMAL):
                self.post += 1
            else:
                self.pre += 1
        elif kid == "0":
            if self.has(F_BRACKET):
                raise _syntax('"0" must be ahead of "PR"')
            if not self.has(F_ZERO) and not self.has(F_DECIMAL):
                self.flag |= F_ZERO
                self.zero_start = self.pre + 1
            if not self.has(F_DECIMAL):
                self.pre += 1
            else:
                self.post += 1
            self.zero_end = self.pre + self.post
        elif kid == "B":
            if self.pre == 0 and self.post == 0 and not self.has(F_ZERO):
                self.flag |= F_BLANK
        elif kid in ("D", "DEC"):
            if kid == "D":
                self.flag |= F_LDECIMAL
            if self.has(F_DECIMAL):
                raise _syntax("multiple decimal points")
            if self.has(F_MULTI):
                raise _syntax('cannot use "V" and decimal point together')
            self.flag |= F_DECIMAL
        elif kid == "FM":
            self.flag |= F_FILLMODE
        elif kid == "S":
            if self.has(F_LSIGN):
                raise _syntax('cannot use "S" twice')
            if self.has(F_PLUS) or self.has(F_MINUS) or self.has(F_BRACKET):
                raise _syntax('cannot use "S" and "PL"/"MI"/"SG"/"PR" together')
            if not self.has(F_DECIMAL):
                self.lsign = LSIGN_PRE
                self.pre_lsign_num = self.pre
                self.flag |= F_LSIGN
            elif self.lsign == LSIGN_NONE:
                self.lsign = LSIGN_POST
                self.flag |= F_LSIGN
        elif kid == "MI":
            if self.has(F_LSIGN):
                raise _syntax('cannot use "S" and "MI" together')
            self.flag |= F_MINUS
            if self.has(F_DECIMAL):
                self.flag |= F_MINUS_POST
        elif kid == "PL":
            if self.has(F_LSIGN):
                raise _syntax('cannot use "S" and "PL" together')
            self.flag |= F_PLUS
            if self.has(F_DECIMAL):
                self.flag |= F_PLUS_POST
        elif kid == "SG":
            if self.has(F_LSIGN):
                raise _syntax('cannot use "S" and "SG" together')
            self.flag |= F_MINUS | F_PLUS
        elif kid == "PR":
            if self.has(F_LSIGN) or self.has(F_PLUS) or self.has(F_MINUS):
                raise _syntax('cannot use "PR" and "S"/"PL"/"MI"/"SG" together')
            self.flag |= F_BRACKET
        elif kid in ("RN", "rn"):
            self.flag |= F_ROMAN
        elif kid == "V":
            if self.has(F_DECIMAL):
                raise _syntax('cannot use "V" and decimal point together')
            self.flag |= F_MULTI
        elif kid == "E":
            if self.has(F_EEEE):
                raise _syntax('cannot use "EEEE" twice')
            if self.flag & (F_BLANK | F_FILLMODE | F_LSIGN | F_BRACKET | F_MINUS | F_PLUS | F_ROMAN | F_MULTI):
                raise _syntax('"EEEE" is incompatible with other formats',
                              detail='"EEEE" may only be used together with digit and decimal point patterns.')
            self.flag |= F_EEEE


def _num_template(fmt: str) -> tuple[list[Node], NumDesc]:
    num = NumDesc()
    nodes = _parse_format(fmt, False, num)
    return nodes, num


class _NumProc:
    """NUMProc and NUM_processor (to_char and to_number)."""

    def __init__(self, nodes: list[Node], num: NumDesc, inout: str, number: str, out_pre_spaces: int,
                 sign: str, is_to_char: bool) -> None:
        self.nodes = nodes
        self.num = num
        self.is_to_char = is_to_char
        self.number = list(number)  # to_char: the digits to write; to_number: the number read
        self.inp = inout  # to_number: the input
        self.out: list[str] = []
        self.ip = 0  # input position (to_number)
        self.np = 0  # Np->number_p
        self.out_pre_spaces = out_pre_spaces
        self.sign = sign
        self.sign_wrote = False
        self.num_count = 0
        self.num_in = False
        self.num_curr = 0
        self.last_relevant: int | None = None
        self.read_dec = False
        self.read_pre = 0
        self.read_post = 0
        self.decimal = "."
        self.thousands = ","
        self.currency = " "

    def nch(self, i: int) -> str:
        return self.number[i] if 0 <= i < len(self.number) else "\0"

    def ich(self, i: int | None = None) -> str:
        j = self.ip if i is None else i
        return self.inp[j] if j < len(self.inp) else "\0"

    # -- main -----------------------------------------------------------------

    def run(self) -> str:
        num = self.num
        if num.zero_start:
            num.zero_start -= 1
        if num.has(F_EEEE):
            if not self.is_to_char:
                raise errors.FeatureNotSupported('"EEEE" not supported for input')
            return "".join(self.number)
        if num.has(F_ROMAN):
            if not self.is_to_char:
                raise errors.FeatureNotSupported('"RN" not supported for input')
            num.lsign = num.pre_lsign_num = num.post = num.pre = 0
            self.out_pre_spaces = 0
            self.sign = ""
            num.flag = (F_FILLMODE if num.has(F_FILLMODE) else 0) | F_ROMAN
        if self.is_to_char:
            if num.has(F_PLUS) or num.has(F_MINUS):
                self.sign_wrote = not (num.has(F_PLUS) and not num.has(F_MINUS))
            else:
                if self.sign != "-" and num.has(F_FILLMODE):
                    num.flag &= ~F_BRACKET
                self.sign_wrote = self.sign == "+" and num.has(F_FILLMODE) and not num.has(F_LSIGN)
                if num.lsign == LSIGN_PRE and num.pre == num.pre_lsign_num:
                    num.lsign = LSIGN_POST
        else:
            self.sign = ""
        self.num_count = num.post + num.pre - 1
        if self.is_to_char:
            if num.has(F_FILLMODE) and num.has(F_DECIMAL):
                self.last_relevant = self._last_relevant_decnum()
                if self.last_relevant is not None and num.zero_end > self.out_pre_spaces:
                    last_zero_pos = min(len(self.number) - 1, num.zero_end - self.out_pre_spaces)
                    if self.last_relevant < last_zero_pos:
                        self.last_relevant = last_zero_pos
            if not self.sign_wrote and self.out_pre_spaces == 0:
                self.num_count += 1
        else:
            self.out_pre_spaces = 0
            self.number = [" "]
        self.num_in = False
        self.num_curr = 0
        self.np = 0 if self.is_to_char else 1
        input_len = len(self.inp)
        for k, n in enumerate(self.nodes):
            if not self.is_to_char and self.ip >= input_len:
                break
            if n.type != NODE_ACTION:
                if self.is_to_char:
                    self.out.append(n.character)
                else:
                    self.ip += 1
                continue
            assert n.key is not None
            kid = n.key.id
            if kid in ("9", "0", "DEC", "D"):
                if self.is_to_char:
                    self._numpart_to_char(kid)
                    continue
                self._numpart_from_char(kid, input_len)
            elif kid == "COMMA":
                if self.is_to_char:
                    if not self.num_in:
                        if num.has(F_FILLMODE):
                            continue
                        self.out.append(" ")
                    else:
                        self.out.append(",")
                    continue
                if not self.num_in and num.has(F_FILLMODE):
                    continue
                if self.ich() != ",":
                    continue
            elif kid == "G":
                pattern = self.thousands
                if self.is_to_char:
                    if not self.num_in:
                        if num.has(F_FILLMODE):
                            continue
                        self.out.append(" " * len(pattern))
                    else:
                        self.out.append(pattern)
                    continue
                if not self.num_in and num.has(F_FILLMODE):
                    continue
                if self.ip <= input_len - len(pattern) and self.inp.startswith(pattern, self.ip):
                    self.ip += len(pattern) - 1
                else:
                    continue
            elif kid == "L":
                if self.is_to_char:
                    self.out.append(self.currency)
                    continue
                self._eat_non_data_chars(len(self.currency), input_len)
                continue
            elif kid in ("RN", "rn"):
                text = "".join(self.number[self.np:])
                if kid == "rn":
                    text = text.lower()
                self.out.append(text if num.has(F_FILLMODE) else text.rjust(15))
                continue
            elif kid in ("th", "TH"):
                if num.has(F_ROMAN) or self.nch(0) == "#" or self.sign == "-" or num.has(F_DECIMAL):
                    continue
                if self.is_to_char:
                    self.out.append(_get_th("".join(self.number), kid == "TH"))
                    continue
                self._eat_non_data_chars(2, input_len)
                continue
            elif kid == "MI":
                if self.is_to_char:
                    if self.sign == "-":
                        self.out.append("-")
                    elif num.has(F_FILLMODE):
                        continue
                    else:
                        self.out.append(" ")
                    continue
                if self.ich() == "-":
                    self.number[0] = "-"
                else:
                    self._eat_non_data_chars(1, input_len)
                    continue
            elif kid == "PL":
                if self.is_to_char:
                    if self.sign == "+":
                        self.out.append("+")
                    elif num.has(F_FILLMODE):
                        continue
                    else:
                        self.out.append(" ")
                    continue
                if self.ich() == "+":
                    self.number[0] = "+"
                else:
                    self._eat_non_data_chars(1, input_len)
                    continue
            elif kid == "SG":
                if self.is_to_char:
                    self.out.append(self.sign)
                    continue
                if self.ich() in "-+" and self.ich() != "\0":
                    self.number[0] = self.ich()
                else:
                    self._eat_non_data_chars(1, input_len)
                    continue
            else:
                continue
            if not self.is_to_char:
                self.ip += 1
        if self.is_to_char:
            return "".join(self.out).split("\0", 1)[0]
        if self.np > 0 and self.nch(self.np - 1) == ".":
            del self.number[self.np - 1:]
        else:
            del self.number[self.np:]
        num.post = self.read_post
        return "".join(self.number)

    def _last_relevant_decnum(self) -> int | None:
        s = "".join(self.number)
        p = s.find(".")
        if p < 0:
            return None
        result = p
        for i in range(p + 1, len(s)):
            if s[i] != "0":
                result = i
        return result

    def _is_predec_space(self) -> bool:
        return (not self.num.has(F_ZERO) and self.np == 0 and self.nch(0) == "0" and self.num.post != 0)

    def _numpart_to_char(self, kid: str) -> None:
        num = self.num
        if num.has(F_ROMAN):
            return
        self.num_in = False
        lr = self.last_relevant
        if not self.sign_wrote and (
            self.num_curr >= self.out_pre_spaces or (num.has(F_ZERO) and num.zero_start == self.num_curr)
        ) and (not self._is_predec_space() or (lr is not None and self.nch(lr) == ".")):
            if num.has(F_LSIGN):
                if num.lsign == LSIGN_PRE:
                    self.out.append("-" if self.sign == "-" else "+")
                    self.sign_wrote = True
            elif num.has(F_BRACKET):
                self.out.append(" " if self.sign == "+" else "<")
                self.sign_wrote = True
            elif self.sign == "+":
                if not num.has(F_FILLMODE):
                    self.out.append(" ")
                self.sign_wrote = True
            elif self.sign == "-":
                self.out.append("-")
                self.sign_wrote = True
        if self.num_curr < self.out_pre_spaces and (num.zero_start > self.num_curr or not num.has(F_ZERO)):
            if not num.has(F_FILLMODE):
                self.out.append(" ")
        elif num.has(F_ZERO) and self.num_curr < self.out_pre_spaces and num.zero_start <= self.num_curr:
            self.out.append("0")
            self.num_in = True
        else:
            c = self.nch(self.np)
            if c == ".":
                if lr is None or self.nch(lr) != ".":
                    self.out.append(self.decimal)
                elif num.has(F_FILLMODE) and lr is not None and self.nch(lr) == ".":
                    self.out.append(self.decimal)
            else:
                if lr is not None and self.np > lr and kid != "0":
                    pass
                elif self._is_predec_space():
                    if not num.has(F_FILLMODE):
                        self.out.append(" ")
                    elif lr is not None and self.nch(lr) == ".":
                        self.out.append("0")
                else:
                    self.out.append(c)  # a NUL past the digits ends the C string
                    self.num_in = True
            if self.np < len(self.number):
                self.np += 1
        end = self.num_count + (1 if self.out_pre_spaces else 0) + (1 if num.has(F_DECIMAL) else 0)
        if lr is not None and lr == self.np:
            end = self.num_curr
        if self.num_curr + 1 == end:
            if self.sign_wrote and num.has(F_BRACKET):
                self.out.append(" " if self.sign == "+" else ">")
            elif num.has(F_LSIGN) and num.lsign == LSIGN_POST:
                self.out.append("-" if self.sign == "-" else "+")
        self.num_curr += 1

    def _eat_non_data_chars(self, n: int, input_len: int) -> None:
        while n > 0:
            n -= 1
            if self.ip >= input_len:
                break
            if self.ich() in "0123456789.,+-":
                break
            self.ip += 1

    def _numpart_from_char(self, kid: str, input_len: int) -> None:
        num = self.num
        if self.ip >= input_len:
            return
        if self.ich() == " ":
            self.ip += 1
        if self.ip >= input_len:
            return
        isread = False
        if self.number[0] == " " and kid in ("0", "9") and self.read_pre + self.read_post == 0:
            if num.has(F_LSIGN) and num.lsign == LSIGN_PRE:
                if self.ip <= input_len - 1 and self.ich() == "-":
                    self.ip += 1
                    self.number[0] = "-"
                elif self.ip <= input_len - 1 and self.ich() == "+":
                    self.ip += 1
                    self.number[0] = "+"
            else:
                if self.ich() == "-" or (num.has(F_BRACKET) and self.ich() == "<"):
                    self.number[0] = "-"
                    self.ip += 1
                elif self.ich() == "+":
                    self.number[0] = "+"
                    self.ip += 1
        if self.ip >= input_len:
            return
        c = self.ich()
        if "0" <= c <= "9":
            if self.read_dec and self.read_post == num.post:
                return
            self._put(c)
            if self.read_dec:
                self.read_post += 1
            else:
                self.read_pre += 1
            isread = True
        elif num.has(F_DECIMAL) and not self.read_dec:
            x = len(self.decimal)
            if self.ip <= input_len - x and self.inp.startswith(self.decimal, self.ip):
                self.ip += x - 1
                self._put(".")
                self.read_dec = True
                isread = True
        if self.ip >= input_len:
            return
        if self.number[0] == " " and self.read_pre + self.read_post > 0:
            if num.has(F_LSIGN) and isread and self.ip + 1 < input_len and not ("0" <= self.ich(self.ip + 1) <= "9"):
                tmp = self.ip
                self.ip += 1
                if self.ip <= input_len - 1 and self.ich() == "-":
                    self.number[0] = "-"
                elif self.ip <= input_len - 1 and self.ich() == "+":
                    self.number[0] = "+"
                if self.number[0] == " ":
                    self.ip = tmp
            elif not isread and not num.has(F_LSIGN) and (num.has(F_PLUS) or num.has(F_MINUS)):
                if self.ich() in "-+" and self.ich() != "\0":
                    self.number[0] = self.ich()

    def _put(self, c: str) -> None:
        if self.np < len(self.number):
            self.number[self.np] = c
        else:
            self.number.append(c)
        self.np += 1


_RM1: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
_RM10: Final = ("X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC")
_RM100: Final = ("C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM")


def _int_to_roman(number: int) -> str:
    if number > 3999 or number < 1:
        return "#" * 15
    digits = str(number)
    out: list[str] = []
    length = len(digits)
    for ch in digits:
        num = int(ch) - 1
        if num >= 0:
            if length > 3:
                out.append("M" * (num + 1))
            elif length == 3:
                out.append(_RM100[num])
            elif length == 2:
                out.append(_RM10[num])
            else:
                out.append(_RM1[num])
        length -= 1
    return "".join(out)


def _hash_sci(num: NumDesc) -> str:
    """The EEEE output of NaN and infinities: blank, '#'s and the point."""
    chars = ["#"] * (num.pre + num.post + 6)
    chars[0] = " "
    chars[num.pre + 1] = "."
    return "".join(chars)


def _finish(nodes: list[Node], num: NumDesc, numstr: str, out_pre_spaces: int, sign: str) -> str:
    return _NumProc(nodes, num, "", numstr, out_pre_spaces, sign, True).run()


def _fit(numstr: str, num: NumDesc) -> tuple[str, int]:
    """(numstr, out_pre_spaces): pad or replace by '#' to fit ``num.pre`` digits."""
    p = numstr.find(".")
    pre_len = p if p >= 0 else len(numstr)
    if pre_len < num.pre:
        return numstr, num.pre - pre_len
    if pre_len > num.pre:
        s = "#" * (num.pre + num.post + 1)
        return s[:num.pre] + "." + s[num.pre + 1:], 0
    return numstr, 0


def _numeric_out_sci(d: Decimal, scale: int) -> str:
    if d.is_nan():
        return "NaN"
    if d.is_infinite():
        return "Infinity" if d > 0 else "-Infinity"
    if d == 0:
        exponent = 0
    else:
        exponent = d.adjusted()
    with localcontext() as ctx:
        ctx.prec = max(len(d.as_tuple().digits) + abs(exponent) + scale + 10, 50)
        sig = d.scaleb(-exponent)
        sig = N.numeric_round(sig, scale)
    return N.numeric_out(sig) + "e" + ("-" if exponent < 0 else "+") + f"{abs(exponent):02d}"


def numeric_to_char(value: Decimal, fmt: str) -> str:
    """``to_char(numeric, text)``."""
    if not fmt:
        return ""
    nodes, num = _num_template(fmt)
    sign = "+"
    out_pre_spaces = 0
    if num.has(F_ROMAN):
        rounded = N.numeric_round(value, 0)
        numstr = _int_to_roman(N.numeric_to_int4(rounded))
    elif num.has(F_EEEE):
        orgnum = _numeric_out_sci(value, num.post)
        if orgnum in ("NaN", "Infinity", "-Infinity"):
            numstr = _hash_sci(num)
        elif not orgnum.startswith("-"):
            numstr = " " + orgnum
        else:
            numstr = orgnum
    else:
        val = value
        if num.has(F_MULTI):
            val = N.numeric_mul(value, N.numeric_power(Decimal(10), Decimal(num.multi)))
            num.pre += num.multi
        x = N.numeric_round(val, num.post)
        orgnum = N.numeric_out(x)
        if orgnum.startswith("-"):
            sign = "-"
            numstr = orgnum[1:]
        else:
            numstr = orgnum
        numstr, out_pre_spaces = _fit(numstr, num)
    return _finish(nodes, num, numstr, out_pre_spaces, sign)


def _int_to_char(value: int, fmt: str, is_int8: bool) -> str:
    if not fmt:
        return ""
    nodes, num = _num_template(fmt)
    sign = "+"
    out_pre_spaces = 0
    if num.has(F_ROMAN):
        if is_int8 and not N.INT4_MIN <= value <= N.INT4_MAX:
            raise errors.NumericValueOutOfRange("integer out of range")
        numstr = _int_to_roman(value)
    elif num.has(F_EEEE):
        if is_int8:
            orgnum = _numeric_out_sci(Decimal(value), num.post)
            numstr = orgnum if orgnum.startswith("-") else " " + orgnum
        else:
            numstr = "%+.*e" % (num.post, float(value))
            if numstr.startswith("+"):
                numstr = " " + numstr[1:]
    else:
        if num.has(F_MULTI):
            if is_int8:
                value = N.int8_mul(value, N.float_to_int8(math.pow(10, num.multi)))
            else:
                value = (value * int(math.pow(10, num.multi)) + 2**31) % 2**32 - 2**31
            num.pre += num.multi
        orgnum = str(value)
        if orgnum.startswith("-"):
            sign = "-"
            orgnum = orgnum[1:]
        pre_len = len(orgnum)
        numstr = orgnum + "." + "0" * num.post if num.post else orgnum
        if pre_len < num.pre:
            out_pre_spaces = num.pre - pre_len
        elif pre_len > num.pre:
            s = "#" * (num.pre + num.post + 1)
            numstr = s[:num.pre] + "." + s[num.pre + 1:]
    return _finish(nodes, num, numstr, out_pre_spaces, sign)


def int4_to_char(value: int, fmt: str) -> str:
    """``to_char(integer, text)`` (also smallint, through the implicit cast)."""
    return _int_to_char(value, fmt, False)


def int8_to_char(value: int, fmt: str) -> str:
    """``to_char(bigint, text)``."""
    return _int_to_char(value, fmt, True)


def _float_to_char(value: float, fmt: str, digits: int) -> str:
    if not fmt:
        return ""
    nodes, num = _num_template(fmt)
    sign = "+"
    out_pre_spaces = 0
    if num.has(F_ROMAN):
        numstr = _int_to_roman(_c_int(value))
    elif num.has(F_EEEE):
        if math.isnan(value) or math.isinf(value):
            numstr = _hash_sci(num)
        else:
            numstr = "%+.*e" % (num.post, value)
            if numstr.startswith("+"):
                numstr = " " + numstr[1:]
    else:
        val = value
        if num.has(F_MULTI):
            val = value * math.pow(10, num.multi)
            if digits == 6:  # float4 arithmetic
                val = N.to_float4(val)
            num.pre += num.multi
        orgnum = _c_fixed(abs(val), 0)
        pre_len = len(orgnum)
        if pre_len >= digits:
            num.post = 0
        elif pre_len + num.post > digits:
            num.post = digits - pre_len
        orgnum = _c_fixed(val, num.post)
        if orgnum.startswith("-"):
            sign = "-"
            numstr = orgnum[1:]
        else:
            numstr = orgnum
        numstr, out_pre_spaces = _fit(numstr, num)
    return _finish(nodes, num, numstr, out_pre_spaces, sign)


def _c_int(x: float) -> int:
    """``(int) rint(x)`` on x86-64: out-of-range and NaN give INT_MIN."""
    if math.isnan(x) or math.isinf(x):
        return INT_MIN
    r = round(x)
    return r if INT_MIN <= r <= INT_MAX else INT_MIN


def _c_fixed(x: float, prec: int) -> str:
    """PostgreSQL's ``snprintf("%.*f")`` (which spells ``NaN``, ``Infinity``, ``-Infinity``)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "-Infinity" if x < 0 else "Infinity"
    return "%.*f" % (prec, x)


def float4_to_char(value: float, fmt: str) -> str:
    """``to_char(real, text)`` (6 significant digits, FLT_DIG)."""
    return _float_to_char(value, fmt, 6)


def float8_to_char(value: float, fmt: str) -> str:
    """``to_char(double precision, text)`` (15 significant digits, DBL_DIG)."""
    return _float_to_char(value, fmt, 15)


def to_number(text: str, fmt: str) -> Decimal | None:
    """``to_number(text, text)``: NULL for an empty template."""
    if not fmt:
        return None
    nodes, num = _num_template(fmt)
    numstr = _NumProc(nodes, num, text, " ", 0, "", False).run()
    scale = num.post
    precision = num.pre + num.multi + scale
    d = N.numeric_in(numstr)
    d = N.numeric_apply_typmod(d, precision, scale)
    if num.has(F_MULTI):
        d = N.numeric_mul(d, N.numeric_power(Decimal(10), Decimal(-num.multi)))
    return d


# ---------------------------------------------------------------------------
# format(), quote_*
# ---------------------------------------------------------------------------

#: Keywords ``quote_ident`` must quote (every category but "unreserved"), PostgreSQL 16.
_QUOTED_KEYWORDS: Final = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case
cast char character check coalesce collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user dec decimal default
deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant
greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join
json_array json_arrayagg json_object json_objectagg lateral leading least left like limit localtime
localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order out
outer overlaps overlay placing position precision primary real references returning right row select
session_user setof similar smallint some substring symmetric system_user table tablesample then time timestamp
to trailing treat trim true union unique user using values varchar variadic verbose when where window with
xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
""".split())


def quote_ident(s: str) -> str:
    """``quote_ident(text)``: double-quoted unless a lower-case identifier that
    is not a reserved (or column/type-name) keyword."""
    safe = bool(s) and (s[0] == "_" or "a" <= s[0] <= "z")
    if safe:
        for c in s:
            if not ("a" <= c <= "z" or "0" <= c <= "9" or c == "_"):
                safe = False
                break
    if safe and s in _QUOTED_KEYWORDS:
        safe = False
    if safe:
        return s
    return '"' + s.replace('"', '""') + '"'


def quote_literal(s: str) -> str:
    """``quote_literal(text)`` (see :func:`pydsql.values.strings.text_quote_literal`).
    ``quote_literal(anyelement)`` is this applied to ``value::text``."""
    return S.text_quote_literal(s)


def quote_nullable(s: str | None) -> str:
    """``quote_nullable(text)`` (non-strict): ``NULL`` for NULL, else quote_literal.
    ``quote_nullable(anyelement)`` is this applied to ``value::text``."""
    if s is None:
        return "NULL"
    return S.text_quote_literal(s)


def _unterminated() -> errors.Error:
    return errors.InvalidParameterValue("unterminated format() type specifier",
                                        hint='For a single "%" use "%%".')


def text_format(fmt: str | None, *args: str | None) -> str | None:
    """``format(formatstr text [, formatarg "any" [, ...]])`` (non-strict).

    The caller passes each argument already converted with its type's
    *output function* (``t`` for true), ``None`` for NULL; a ``VARIADIC``
    array is expanded into its elements (its NULL elements as ``None``).
    For ``%*s`` widths given by an ``int2``/``int4`` argument the output text
    parses back to the same integer, and other types go through
    ``int4`` input exactly as PostgreSQL does."""
    if fmt is None:
        return None
    out: list[str] = []
    nargs = len(args) + 1
    arg = 1
    n = len(fmt)
    i = 0

    def advance(j: int) -> int:
        j += 1
        if j >= n:
            raise _unterminated()
        return j

    def digits(j: int) -> tuple[int, int, bool]:
        val = 0
        found = False
        while j < n and "0" <= fmt[j] <= "9":
            val = val * 10 + (ord(fmt[j]) - 48)
            if val > INT_MAX:
                raise errors.NumericValueOutOfRange("number is out of range")
            j = advance(j)
            found = True
        return j, val, found

    while i < n:
        c = fmt[i]
        if c != "%":
            j = fmt.find("%", i)
            if j < 0:
                j = n
            out.append(fmt[i:j])
            i = j
            continue
        i = advance(i)
        if fmt[i] == "%":
            out.append("%")
            i += 1
            continue
        argpos = -1
        widthpos = -1
        minus = False
        width = 0
        i, v, found = digits(i)
        parsed_width_only = False
        if found:
            if fmt[i] != "$":
                width = v
                parsed_width_only = True
            else:
                argpos = v
                if v == 0:
                    raise errors.InvalidParameterValue(
                        "format specifies argument 0, but arguments are numbered from 1")
                i = advance(i)
        if not parsed_width_only:
            while fmt[i] == "-":
                minus = True
                i = advance(i)
            if fmt[i] == "*":
                i = advance(i)
                i, v, found = digits(i)
                if found:
                    if fmt[i] != "$":
                        raise errors.InvalidParameterValue('width argument position must be ended by "$"')
                    widthpos = v
                    if v == 0:
                        raise errors.InvalidParameterValue(
                            "format specifies argument 0, but arguments are numbered from 1")
                    i = advance(i)
                else:
                    widthpos = 0
            else:
                i, v, found = digits(i)
                if found:
                    width = v
        conv = fmt[i]
        if conv not in "sIL":
            raise errors.InvalidParameterValue(f'unrecognized format() type specifier "{conv}"',
                                               hint='For a single "%" use "%%".')
        if widthpos >= 0:
            if widthpos > 0:
                arg = widthpos
            if arg >= nargs:
                raise errors.InvalidParameterValue("too few arguments for format()")
            wv = args[arg - 1]
            arg += 1
            width = 0 if wv is None else N.int4_in(wv)
        if argpos > 0:
            arg = argpos
        if arg >= nargs:
            raise errors.InvalidParameterValue("too few arguments for format()")
        value = args[arg - 1]
        arg += 1
        if value is None:
            if conv == "s":
                text = ""
            elif conv == "L":
                text = "NULL"
            else:
                raise errors.NullValueNotAllowed("null values cannot be formatted as an SQL identifier")
        elif conv == "I":
            text = quote_ident(value)
        elif conv == "L":
            text = S.text_quote_literal(value)
        else:
            text = value
        if width != 0:
            left = minus
            if width < 0:
                left = True
                if width <= INT_MIN:
                    raise errors.NumericValueOutOfRange("number is out of range")
                width = -width
            text = text.ljust(width) if left else text.rjust(width)
        out.append(text)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------
# width_bucket
# ---------------------------------------------------------------------------


def _wb_error(msg: str) -> errors.Error:
    return errors.InvalidArgumentForWidthBucketFunction(msg)


def width_bucket_float8(operand: float, bound1: float, bound2: float, count: int) -> int:
    """``width_bucket(float8, float8, float8, int)``."""
    if count <= 0:
        raise _wb_error("count must be greater than zero")
    if math.isnan(operand) or math.isnan(bound1) or math.isnan(bound2):
        raise _wb_error("operand, lower bound, and upper bound cannot be NaN")
    if math.isinf(bound1) or math.isinf(bound2):
        raise _wb_error("lower and upper bounds must be finite")
    if bound1 < bound2:
        if operand < bound1:
            return 0
        if operand >= bound2:
            if count + 1 > INT_MAX:
                raise errors.NumericValueOutOfRange("integer out of range")
            return count + 1
        if not math.isinf(bound2 - bound1):
            r = count * ((operand - bound1) / (bound2 - bound1))
        else:
            r = count * ((operand / 2 - bound1 / 2) / (bound2 / 2 - bound1 / 2))
    elif bound1 > bound2:
        if operand > bound1:
            return 0
        if operand <= bound2:
            if count + 1 > INT_MAX:
                raise errors.NumericValueOutOfRange("integer out of range")
            return count + 1
        if not math.isinf(bound1 - bound2):
            r = count * ((bound1 - operand) / (bound1 - bound2))
        else:
            r = count * ((bound1 / 2 - operand / 2) / (bound1 / 2 - bound2 / 2))
    else:
        raise _wb_error("lower bound cannot equal upper bound")
    result = int(r)
    if result >= count:
        result = count - 1
    return result + 1


def width_bucket_numeric(operand: Decimal, bound1: Decimal, bound2: Decimal, count: int) -> int:
    """``width_bucket(numeric, numeric, numeric, int)`` (exact arithmetic)."""
    if count <= 0:
        raise _wb_error("count must be greater than zero")
    if operand.is_nan() or bound1.is_nan() or bound2.is_nan():
        raise _wb_error("operand, lower bound, and upper bound cannot be NaN")
    if bound1.is_infinite() or bound2.is_infinite():
        raise _wb_error("lower and upper bounds must be finite")
    if bound1 == bound2:
        raise _wb_error("lower bound cannot equal upper bound")
    if bound1 < bound2:
        if operand < bound1:
            result = 0
        elif operand >= bound2:
            result = count + 1
        else:
            result = _bucket(operand - bound1, bound2 - bound1, count)
    else:
        if operand > bound1:
            result = 0
        elif operand <= bound2:
            result = count + 1
        else:
            result = _bucket(bound1 - operand, bound1 - bound2, count)
    if result > INT_MAX:
        raise errors.NumericValueOutOfRange("integer out of range")
    return result


def _bucket(num: Decimal, den: Decimal, count: int) -> int:
    return int(Fraction(num) * count // Fraction(den)) + 1


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------


def _functions() -> list[Function]:
    F = Function  # noqa: N806
    T = "text"  # noqa: N806
    return [
        F("to_char", ("timestamp", T), TEXT, timestamp_to_char),
        F("to_char", ("timestamptz", T), TEXT, timestamptz_to_char),
        F("to_char", ("interval", T), TEXT, interval_to_char),
        F("to_char", ("numeric", T), TEXT, numeric_to_char),
        F("to_char", ("int4", T), TEXT, int4_to_char),
        F("to_char", ("int8", T), TEXT, int8_to_char),
        F("to_char", ("float4", T), TEXT, float4_to_char),
        F("to_char", ("float8", T), TEXT, float8_to_char),
        F("to_date", (T, T), DATE, to_date),
        F("to_timestamp", (T, T), TIMESTAMPTZ, to_timestamp),
        F("to_number", (T, T), NUMERIC, to_number),
        F("format", (T,), TEXT, text_format, strict=False),
        F("format", (T, "any"), TEXT, text_format, strict=False, variadic=True),
        F("quote_ident", (T,), TEXT, quote_ident),
        # quote_literal(text) is already in pydsql.values.operators.FUNCTIONS
        F("quote_literal", ("anyelement",), TEXT, quote_literal),
        F("quote_nullable", (T,), TEXT, quote_nullable, strict=False),
        F("quote_nullable", ("anyelement",), TEXT, quote_nullable, strict=False),
        F("width_bucket", ("float8", "float8", "float8", "int4"), INT4, width_bucket_float8),
        F("width_bucket", ("numeric", "numeric", "numeric", "int4"), INT4, width_bucket_numeric),
    ]


#: ``pg_proc`` rows.  ``format`` receives output-function text like ``concat``;
#: the ``anyelement`` forms of ``quote_literal``/``quote_nullable`` receive
#: ``value::text`` (the cast, so ``true`` not ``t``), which the caller computes.
FORMATTING_FUNCTIONS: Final[list[Function]] = _functions()

__all__ = [
    "timestamp_to_char", "timestamptz_to_char", "interval_to_char", "numeric_to_char", "int4_to_char",
    "int8_to_char", "float4_to_char", "float8_to_char", "to_date", "to_timestamp", "to_number", "text_format",
    "quote_ident", "quote_literal", "quote_nullable", "width_bucket_float8", "width_bucket_numeric",
    "FORMATTING_FUNCTIONS",
]

"""PostgreSQL's ``interval``: representation, arithmetic, text input and output.

Representation
--------------
An :class:`Interval` is PostgreSQL's own triple: ``months`` (int32),
``days`` (int32) and ``micros`` (int64 microseconds).  The three parts are
kept apart, never normalised into one another, because they are not
interchangeable: a month is 28 to 31 days and a day is 23 to 25 hours when a
time zone changes offset, so ``timestamp '2024-01-31' + interval '1 mon'`` is
``2024-02-29`` while ``+ interval '30 days'`` is ``2024-03-01``.  Only
comparison treats them as interchangeable, exactly like PostgreSQL's
``interval_cmp_value``: a month counts as 30 days and a day as 24 hours, so
``'1 mon' = '30 days'`` is true, and equal intervals hash equal, while the
stored fields (and the text output) stay different.

Every operation keeps the fields inside PostgreSQL's ranges and raises
``22008 interval out of range`` where PostgreSQL does.  ``Interval`` is
immutable and hashable.

Text
----
:func:`parse_interval` is a port of PostgreSQL 16's ``interval_in``
(``ParseDateTime`` + ``DecodeInterval``, then ``DecodeISO8601Interval``),
so it accepts everything PostgreSQL accepts (``'1 day'``,
``'1 year 2 mons 3 days 04:05:06.789'``, ``'-1 day +02:00'``,
``'@ 1 hour ago'``, ``'P1Y2M3DT4H5M6S'``, ``'P0001-02-03T04:05:06'``,
``'1:30'``, ``'1.5 days'``, unit abbreviations and plurals...) and rejects
the rest with PostgreSQL's SQLSTATE and message.  ``'infinity'`` is refused,
as in PostgreSQL 16 (infinite intervals came with PostgreSQL 17).
:func:`format_interval` writes IntervalStyle ``postgres``.

The date/time tokenizer (``ParseDateTime``) and its keyword table live here
too because both this module and :mod:`pydsql.values.datetimes` use them.

Type modifiers: :func:`apply_interval_typmod` implements ``interval(p)``
(sub-second rounding) and, optionally, the field restrictions
(``interval day to second``...).  :class:`pydsql.types.SqlType` has no slot
for interval fields, so the SQL layer can only pass a precision; the
``fields`` arguments are there for completeness.

Python's ``datetime.timedelta`` has no months: :meth:`Interval.to_timedelta`
converts exactly like psycopg 3 loads an interval (a year is 365 days, a month
30 days) and :meth:`Interval.from_timedelta` like psycopg dumps one.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import Any, NoReturn

from .. import errors
from .lazy import lazy_pattern

__all__ = [
    "Interval",
    "parse_interval",
    "format_interval",
    "apply_interval_typmod",
    "justify_hours",
    "justify_days",
    "justify_interval",
    "INTERVAL_FIELDS",
]

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

USECS_PER_SEC = 1_000_000
USECS_PER_MINUTE = 60_000_000
USECS_PER_HOUR = 3_600_000_000
USECS_PER_DAY = 86_400_000_000
SECS_PER_DAY = 86_400
DAYS_PER_MONTH = 30
MONTHS_PER_YEAR = 12
MAX_INTERVAL_PRECISION = 6


def _tdiv(a: int, b: int) -> int:
    """C integer division (truncates towards zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _tmod(a: int, b: int) -> int:
    """C ``%`` (the remainder takes the sign of the dividend)."""
    return a - b * _tdiv(a, b)


def _out_of_range() -> NoReturn:
    raise errors.DatetimeFieldOverflow("interval out of range")


# ---------------------------------------------------------------------------
# The Interval value
# ---------------------------------------------------------------------------


class Interval:
    """A PostgreSQL interval: ``months`` + ``days`` + ``micros``, each kept apart.

    Equality, ordering and hashing follow PostgreSQL's ``interval_cmp_value``
    (a month is 30 days, a day 24 hours), so ``Interval(1, 0, 0) ==
    Interval(0, 30, 0)``.  Use :meth:`same_fields` to compare the stored
    fields themselves.
    """

    __slots__ = ("months", "days", "micros")

    months: int
    days: int
    micros: int

    def __init__(self, months: int = 0, days: int = 0, micros: int = 0) -> None:
        if not (INT32_MIN <= months <= INT32_MAX and INT32_MIN <= days <= INT32_MAX
                and INT64_MIN <= micros <= INT64_MAX):
            _out_of_range()
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "days", days)
        object.__setattr__(self, "micros", micros)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Interval is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Interval is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Interval, (self.months, self.days, self.micros))

    def __repr__(self) -> str:
        return f"Interval(months={self.months}, days={self.days}, micros={self.micros})"

    def __str__(self) -> str:
        return format_interval(self)

    # -- comparison (interval_cmp_value) ----------------------------------

    def cmp_value(self) -> int:
        """The linear value PostgreSQL compares: microseconds, 30-day months, 24-hour days."""
        return (self.months * DAYS_PER_MONTH + self.days) * USECS_PER_DAY + self.micros

    def same_fields(self, other: Interval) -> bool:
        """True if the three stored fields are identical (``'1 mon'`` vs ``'30 days'`` is False)."""
        return self.months == other.months and self.days == other.days and self.micros == other.micros

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() == other.cmp_value()
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() != other.cmp_value()
        return NotImplemented

    def __lt__(self, other: Interval) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() < other.cmp_value()
        return NotImplemented

    def __le__(self, other: Interval) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() <= other.cmp_value()
        return NotImplemented

    def __gt__(self, other: Interval) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() > other.cmp_value()
        return NotImplemented

    def __ge__(self, other: Interval) -> bool:
        if isinstance(other, Interval):
            return self.cmp_value() >= other.cmp_value()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.cmp_value())

    def __bool__(self) -> bool:
        return self.cmp_value() != 0

    # -- arithmetic ---------------------------------------------------------

    def __neg__(self) -> Interval:
        # interval_um: each field must negate without overflow
        return Interval(-self.months, -self.days, -self.micros)

    def __pos__(self) -> Interval:
        return self

    def __add__(self, other: Interval) -> Interval:
        if not isinstance(other, Interval):
            return NotImplemented
        return Interval(self.months + other.months, self.days + other.days, self.micros + other.micros)

    def __sub__(self, other: Interval) -> Interval:
        if not isinstance(other, Interval):
            return NotImplemented
        return Interval(self.months - other.months, self.days - other.days, self.micros - other.micros)

    def __mul__(self, factor: float) -> Interval:
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            return interval_mul(self, float(factor))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, factor: float) -> Interval:
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            return interval_div(self, float(factor))
        return NotImplemented

    # -- conversions ----------------------------------------------------------

    def to_timedelta(self) -> timedelta:
        """The ``timedelta`` psycopg 3 would load for this interval.

        psycopg reads the ``postgres`` text form: each year counts 365 days
        and each remaining month 30 days; hours, minutes and seconds become
        the ``timedelta``'s seconds.  A value that does not fit a
        ``timedelta`` raises :class:`pydsql.errors.DataError` with psycopg's
        message (``can't parse interval '...': <OverflowError text>``).
        """
        months = self.months
        if months >= 0:
            years, mons = divmod(months, 12)
            days = self.days + 30 * mons + 365 * years
        else:
            years, mons = divmod(-months, 12)
            days = self.days - 30 * mons - 365 * years
        t = self.micros
        sign = -1 if t < 0 else 1
        t = abs(t)
        hours, t = divmod(t, USECS_PER_HOUR)
        minutes, t = divmod(t, USECS_PER_MINUTE)
        try:
            return timedelta(days=days, seconds=sign * (3600 * hours + 60 * minutes), microseconds=sign * t)
        except OverflowError as e:
            raise errors.DataError(f"can't parse interval {format_interval(self)!r}: {e}") from None

    @staticmethod
    def from_timedelta(td: timedelta) -> Interval:
        """The interval psycopg 3 sends for a ``timedelta``: days and time, no months."""
        return Interval(0, td.days, td.seconds * USECS_PER_SEC + td.microseconds)


ZERO = Interval()


# ---------------------------------------------------------------------------
# interval_mul / interval_div (timestamp.c), float8 semantics as in C
# ---------------------------------------------------------------------------


def _fits_int32(x: float) -> bool:
    return -2147483648.0 <= x < 2147483648.0


def _fits_int64(x: float) -> bool:
    return -9223372036854775808.0 <= x < 9223372036854775808.0


def _tsround(x: float) -> float:
    # TSROUND: rint(x * 1e6) / 1e6 (round half even, like rint)
    return round(x * 1000000.0) / 1000000.0


def _cascade(span: Interval, month_f: float, day_f: float, time_f: float) -> Interval:
    """Shared tail of interval_mul/interval_div.

    ``month_f``/``day_f`` are span.month and span.day multiplied (or
    divided) by the factor; ``time_f`` the same for span.time.  Fractional
    months flow into days and fractional days into time, as PostgreSQL does.
    """
    if math.isnan(month_f) or not _fits_int32(month_f):
        _out_of_range()
    months = int(month_f)
    if math.isnan(day_f) or not _fits_int32(day_f):
        _out_of_range()
    days = int(day_f)
    month_remainder_days = _tsround((month_f - months) * DAYS_PER_MONTH)
    sec_remainder = _tsround((day_f - days + month_remainder_days - int(month_remainder_days)) * SECS_PER_DAY)
    if abs(sec_remainder) >= SECS_PER_DAY:
        days += int(sec_remainder / SECS_PER_DAY)
        if not INT32_MIN <= days <= INT32_MAX:
            _out_of_range()
        sec_remainder -= int(sec_remainder / SECS_PER_DAY) * SECS_PER_DAY
    days += int(month_remainder_days)
    if not INT32_MIN <= days <= INT32_MAX:
        _out_of_range()
    result = time_f + sec_remainder * float(USECS_PER_SEC)
    if math.isnan(result) or not _fits_int64(result):
        _out_of_range()
    return Interval(months, days, int(round(result)))


def interval_mul(span: Interval, factor: float) -> Interval:
    """``interval * float8`` (PostgreSQL's ``interval_mul``)."""
    try:
        return _cascade(span, span.months * factor, span.days * factor, span.micros * factor)
    except (OverflowError, ValueError):  # non-finite corner cases
        _out_of_range()


def interval_div(span: Interval, factor: float) -> Interval:
    """``interval / float8`` (PostgreSQL's ``interval_div``); 22012 on zero."""
    if factor == 0.0:
        raise errors.DivisionByZero("division by zero")
    try:
        return _cascade(span, span.months / factor, span.days / factor, span.micros / factor)
    except (OverflowError, ValueError):
        _out_of_range()


# ---------------------------------------------------------------------------
# justify_*
# ---------------------------------------------------------------------------


def _check32(v: int) -> int:
    if not INT32_MIN <= v <= INT32_MAX:
        _out_of_range()
    return v


def justify_hours(span: Interval) -> Interval:
    """``justify_hours``: move whole 24-hour periods of the time part into days."""
    time = span.micros
    wholeday = _tdiv(time, USECS_PER_DAY)
    time -= wholeday * USECS_PER_DAY
    day = _check32(span.days + wholeday)
    if day > 0 and time < 0:
        time += USECS_PER_DAY
        day -= 1
    elif day < 0 and time > 0:
        time -= USECS_PER_DAY
        day += 1
    return Interval(span.months, day, time)


def justify_days(span: Interval) -> Interval:
    """``justify_days``: move whole 30-day periods into months."""
    day = span.days
    wholemonth = _tdiv(day, DAYS_PER_MONTH)
    day -= wholemonth * DAYS_PER_MONTH
    month = _check32(span.months + wholemonth)
    if month > 0 and day < 0:
        day += DAYS_PER_MONTH
        month -= 1
    elif month < 0 and day > 0:
        day -= DAYS_PER_MONTH
        month += 1
    return Interval(month, day, span.micros)


def justify_interval(span: Interval) -> Interval:
    """``justify_interval``: justify_days + justify_hours with all signs made equal."""
    month, day, time = span.months, span.days, span.micros
    if (day > 0 and time > 0) or (day < 0 and time < 0):
        wholemonth = _tdiv(day, DAYS_PER_MONTH)
        day -= wholemonth * DAYS_PER_MONTH
        month = _check32(month + wholemonth)
    wholeday = _tdiv(time, USECS_PER_DAY)
    time -= wholeday * USECS_PER_DAY
    day += wholeday
    wholemonth = _tdiv(day, DAYS_PER_MONTH)
    day -= wholemonth * DAYS_PER_MONTH
    month = _check32(month + wholemonth)
    if month > 0 and (day < 0 or (day == 0 and time < 0)):
        day += DAYS_PER_MONTH
        month -= 1
    elif month < 0 and (day > 0 or (day == 0 and time > 0)):
        day -= DAYS_PER_MONTH
        month += 1
    if day > 0 and time < 0:
        time += USECS_PER_DAY
        day -= 1
    elif day < 0 and time > 0:
        time -= USECS_PER_DAY
        day += 1
    return Interval(month, day, time)


# ---------------------------------------------------------------------------
# Output (EncodeInterval, IntervalStyle postgres)
# ---------------------------------------------------------------------------


def _append_seconds(sec: int, fsec: int, fillzeros: bool) -> str:
    """AppendSeconds with precision 6: trailing zeros of the fraction dropped."""
    s = f"{abs(sec):02d}" if fillzeros else str(abs(sec))
    if fsec != 0:
        s += "." + f"{abs(fsec):06d}".rstrip("0")
    return s


def format_interval(iv: Interval) -> str:
    """The text PostgreSQL prints for an interval (IntervalStyle ``postgres``)."""
    months, mday, time = iv.months, iv.days, iv.micros
    if months == 0 and mday == 0:
        # fast path: only a time part
        if time == 0:
            return "00:00:00"
        t = -time if time < 0 else time
        hour, t = divmod(t, USECS_PER_HOUR)
        minute, t = divmod(t, USECS_PER_MINUTE)
        sec, fsec = divmod(t, USECS_PER_SEC)
        out = f"{'-' if time < 0 else ''}{hour:02d}:{minute:02d}:{sec:02d}"
        if fsec:
            out += "." + f"{fsec:06d}".rstrip("0")
        return out
    year = _tdiv(months, MONTHS_PER_YEAR)
    mon = _tmod(months, MONTHS_PER_YEAR)
    hour = _tdiv(time, USECS_PER_HOUR)
    time -= hour * USECS_PER_HOUR
    minute = _tdiv(time, USECS_PER_MINUTE)
    time -= minute * USECS_PER_MINUTE
    sec = _tdiv(time, USECS_PER_SEC)
    fsec = time - sec * USECS_PER_SEC
    parts: list[str] = []
    is_before = False
    is_zero = True
    for value, unit in ((year, "year"), (mon, "mon"), (mday, "day")):
        if value == 0:
            continue
        parts.append(
            f"{'' if is_zero else ' '}{'+' if is_before and value > 0 else ''}{value} {unit}{'s' if value != 1 else ''}"
        )
        is_before = value < 0
        is_zero = False
    if is_zero or hour != 0 or minute != 0 or sec != 0 or fsec != 0:
        minus = hour < 0 or minute < 0 or sec < 0 or fsec < 0
        parts.append(
            f"{'' if is_zero else ' '}{'-' if minus else ('+' if is_before else '')}"
            f"{abs(hour):02d}:{abs(minute):02d}:{_append_seconds(sec, fsec, True)}"
        )
    return "".join(parts)


# ---------------------------------------------------------------------------
# The date/time tokenizer and keyword tables (shared with datetimes.py)
# ---------------------------------------------------------------------------

# ParseDateTime field types
DTK_NUMBER = 0
DTK_STRING = 1
DTK_DATE = 2
DTK_TIME = 3
DTK_TZ = 4
DTK_SPECIAL = 6

# token types (datetime.h)
RESERV = 0
MONTH = 1
YEAR = 2
DAY = 3
JULIAN = 4
TZ = 5
DTZ = 6
DYNTZ = 7
IGNORE_DTF = 8
AMPM = 9
HOUR = 10
MINUTE = 11
SECOND = 12
MILLISECOND = 13
MICROSECOND = 14
DOY = 15
DOW = 16
UNITS = 17
ADBC = 18
AGO = 19
ISOTIME = 23
WEEK = 24
DECADE = 25
CENTURY = 26
MILLENNIUM = 27
DTZMOD = 28
UNKNOWN_FIELD = 31

# token values
DTK_EARLY = 9
DTK_LATE = 10
DTK_EPOCH = 11
DTK_NOW = 12
DTK_YESTERDAY = 13
DTK_TODAY = 14
DTK_TOMORROW = 15
DTK_ZULU = 16
DTK_DELTA = 17
DTK_SECOND = 18
DTK_MINUTE = 19
DTK_HOUR = 20
DTK_DAY = 21
DTK_WEEK = 22
DTK_MONTH = 23
DTK_QUARTER = 24
DTK_YEAR = 25
DTK_DECADE = 26
DTK_CENTURY = 27
DTK_MILLENNIUM = 28
DTK_MILLISEC = 29
DTK_MICROSEC = 30
DTK_JULIAN = 31
DTK_DOW = 32
DTK_DOY = 33
DTK_TZ_HOUR = 34
DTK_TZ_MINUTE = 35
DTK_ISOYEAR = 36
DTK_ISODOW = 37

AM, PM, HR24 = 0, 1, 2
AD, BC = 0, 1


def DTK_M(t: int) -> int:  # noqa: N802 - PostgreSQL's name
    return 1 << t


DTK_ALL_SECS_M = DTK_M(SECOND) | DTK_M(MILLISECOND) | DTK_M(MICROSECOND)
DTK_DATE_M = DTK_M(YEAR) | DTK_M(MONTH) | DTK_M(DAY)
DTK_TIME_M = DTK_M(HOUR) | DTK_M(MINUTE) | DTK_ALL_SECS_M

MAXDATELEN = 128
MAXDATEFIELDS = 25
TOKMAXLEN = 10

# DTERR codes
DTERR_BAD_FORMAT = -1
DTERR_FIELD_OVERFLOW = -2
DTERR_MD_FIELD_OVERFLOW = -3
DTERR_INTERVAL_OVERFLOW = -4
DTERR_TZDISP_OVERFLOW = -5


class DtErr(Exception):
    """Internal: a DTERR_* code raised by the decoding routines."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def datetime_parse_error(code: int, text: str, typename: str) -> NoReturn:
    """DateTimeParseError: raise PostgreSQL's error for a DTERR code."""
    if code == DTERR_FIELD_OVERFLOW:
        raise errors.DatetimeFieldOverflow(f'date/time field value out of range: "{text}"')
    if code == DTERR_MD_FIELD_OVERFLOW:
        raise errors.DatetimeFieldOverflow(
            f'date/time field value out of range: "{text}"',
            hint='Perhaps you need a different "datestyle" setting.',
        )
    if code == DTERR_INTERVAL_OVERFLOW:
        raise errors.IntervalFieldOverflow(f'interval field value out of range: "{text}"')
    if code == DTERR_TZDISP_OVERFLOW:
        raise errors.InvalidTimeZoneDisplacementValue(f'time zone displacement out of range: "{text}"')
    raise errors.InvalidDatetimeFormat(f'invalid input syntax for type {typename}: "{text}"')


# datetktbl (PostgreSQL 16): token -> (type, value)
DATETKTBL: dict[str, tuple[int, int]] = {
    "+infinity": (RESERV, DTK_LATE),
    "-infinity": (RESERV, DTK_EARLY),
    "ad": (ADBC, AD),
    "allballs": (RESERV, DTK_ZULU),
    "am": (AMPM, AM),
    "apr": (MONTH, 4),
    "april": (MONTH, 4),
    "at": (IGNORE_DTF, 0),
    "aug": (MONTH, 8),
    "august": (MONTH, 8),
    "bc": (ADBC, BC),
    "d": (UNITS, DTK_DAY),
    "dec": (MONTH, 12),
    "december": (MONTH, 12),
    "dow": (UNITS, DTK_DOW),
    "doy": (UNITS, DTK_DOY),
    "dst": (DTZMOD, 3600),
    "epoch": (RESERV, DTK_EPOCH),
    "feb": (MONTH, 2),
    "february": (MONTH, 2),
    "fri": (DOW, 5),
    "friday": (DOW, 5),
    "h": (UNITS, DTK_HOUR),
    "infinity": (RESERV, DTK_LATE),
    "isodow": (UNITS, DTK_ISODOW),
    "isoyear": (UNITS, DTK_ISOYEAR),
    "j": (UNITS, DTK_JULIAN),
    "jan": (MONTH, 1),
    "january": (MONTH, 1),
    "jd": (UNITS, DTK_JULIAN),
    "jul": (MONTH, 7),
    "julian": (UNITS, DTK_JULIAN),
    "july": (MONTH, 7),
    "jun": (MONTH, 6),
    "june": (MONTH, 6),
    "m": (UNITS, DTK_MONTH),
    "mar": (MONTH, 3),
    "march": (MONTH, 3),
    "may": (MONTH, 5),
    "mm": (UNITS, DTK_MINUTE),
    "mon": (DOW, 1),
    "monday": (DOW, 1),
    "nov": (MONTH, 11),
    "november": (MONTH, 11),
    "now": (RESERV, DTK_NOW),
    "oct": (MONTH, 10),
    "october": (MONTH, 10),
    "on": (IGNORE_DTF, 0),
    "pm": (AMPM, PM),
    "s": (UNITS, DTK_SECOND),
    "sat": (DOW, 6),
    "saturday": (DOW, 6),
    "sep": (MONTH, 9),
    "sept": (MONTH, 9),
    "september": (MONTH, 9),
    "sun": (DOW, 0),
    "sunday": (DOW, 0),
    "t": (ISOTIME, DTK_TIME),
    "thu": (DOW, 4),
    "thur": (DOW, 4),
    "thurs": (DOW, 4),
    "thursday": (DOW, 4),
    "today": (RESERV, DTK_TODAY),
    "tomorrow": (RESERV, DTK_TOMORROW),
    "tue": (DOW, 2),
    "tues": (DOW, 2),
    "tuesday": (DOW, 2),
    "wed": (DOW, 3),
    "wednesday": (DOW, 3),
    "weds": (DOW, 3),
    "y": (UNITS, DTK_YEAR),
    "yesterday": (RESERV, DTK_YESTERDAY),
}

# deltatktbl: interval units (also EXTRACT/date_trunc field names)
DELTATKTBL: dict[str, tuple[int, int]] = {
    "@": (IGNORE_DTF, 0),
    "ago": (AGO, 0),
    "c": (UNITS, DTK_CENTURY),
    "cent": (UNITS, DTK_CENTURY),
    "centuries": (UNITS, DTK_CENTURY),
    "century": (UNITS, DTK_CENTURY),
    "d": (UNITS, DTK_DAY),
    "day": (UNITS, DTK_DAY),
    "days": (UNITS, DTK_DAY),
    "dec": (UNITS, DTK_DECADE),
    "decade": (UNITS, DTK_DECADE),
    "decades": (UNITS, DTK_DECADE),
    "decs": (UNITS, DTK_DECADE),
    "h": (UNITS, DTK_HOUR),
    "hour": (UNITS, DTK_HOUR),
    "hours": (UNITS, DTK_HOUR),
    "hr": (UNITS, DTK_HOUR),
    "hrs": (UNITS, DTK_HOUR),
    "m": (UNITS, DTK_MINUTE),
    "microsecon": (UNITS, DTK_MICROSEC),
    "mil": (UNITS, DTK_MILLENNIUM),
    "millennia": (UNITS, DTK_MILLENNIUM),
    "millennium": (UNITS, DTK_MILLENNIUM),
    "millisecon": (UNITS, DTK_MILLISEC),
    "mils": (UNITS, DTK_MILLENNIUM),
    "min": (UNITS, DTK_MINUTE),
    "mins": (UNITS, DTK_MINUTE),
    "minute": (UNITS, DTK_MINUTE),
    "minutes": (UNITS, DTK_MINUTE),
    "mon": (UNITS, DTK_MONTH),
    "mons": (UNITS, DTK_MONTH),
    "month": (UNITS, DTK_MONTH),
    "months": (UNITS, DTK_MONTH),
    "ms": (UNITS, DTK_MILLISEC),
    "msec": (UNITS, DTK_MILLISEC),
    "msecond": (UNITS, DTK_MILLISEC),
    "mseconds": (UNITS, DTK_MILLISEC),
    "msecs": (UNITS, DTK_MILLISEC),
    "qtr": (UNITS, DTK_QUARTER),
    "quarter": (UNITS, DTK_QUARTER),
    "s": (UNITS, DTK_SECOND),
    "sec": (UNITS, DTK_SECOND),
    "second": (UNITS, DTK_SECOND),
    "seconds": (UNITS, DTK_SECOND),
    "secs": (UNITS, DTK_SECOND),
    "timezone": (UNITS, DTK_TZ),
    "timezone_h": (UNITS, DTK_TZ_HOUR),
    "timezone_m": (UNITS, DTK_TZ_MINUTE),
    "us": (UNITS, DTK_MICROSEC),
    "usec": (UNITS, DTK_MICROSEC),
    "usecond": (UNITS, DTK_MICROSEC),
    "useconds": (UNITS, DTK_MICROSEC),
    "usecs": (UNITS, DTK_MICROSEC),
    "w": (UNITS, DTK_WEEK),
    "week": (UNITS, DTK_WEEK),
    "weeks": (UNITS, DTK_WEEK),
    "y": (UNITS, DTK_YEAR),
    "year": (UNITS, DTK_YEAR),
    "years": (UNITS, DTK_YEAR),
    "yr": (UNITS, DTK_YEAR),
    "yrs": (UNITS, DTK_YEAR),
}


def decode_special(lowtoken: str) -> tuple[int, int]:
    """DecodeSpecial: look a lower-case token up in datetktbl (first 10 chars matter)."""
    return DATETKTBL.get(lowtoken[:TOKMAXLEN], (UNKNOWN_FIELD, 0))


def decode_units(lowtoken: str) -> tuple[int, int]:
    """DecodeUnits: look a lower-case token up in deltatktbl (first 10 chars matter)."""
    return DELTATKTBL.get(lowtoken[:TOKMAXLEN], (UNKNOWN_FIELD, 0))


_DIGITS = frozenset("0123456789")
_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _DIGITS | _ALPHA
_SPACE = frozenset(" \t\n\v\f\r")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TZDATE_CHARS = _ALNUM | frozenset("+-/_.:")


def parse_datetime_fields(s: str, buflen: int) -> tuple[list[str], list[int]]:
    """ParseDateTime: split date/time text into typed, lower-cased fields.

    ``buflen`` is the size of the caller's work buffer in PostgreSQL (input
    that does not fit is a syntax error there, so it is here).  Raises
    :class:`DtErr` with ``DTERR_BAD_FORMAT``.
    """
    fields: list[str] = []
    ftypes: list[int] = []
    n = len(s)
    i = 0
    used = 0
    while i < n:
        c = s[i]
        if c in _SPACE:
            i += 1
            continue
        if len(fields) >= MAXDATEFIELDS:
            raise DtErr(DTERR_BAD_FORMAT)
        start = i
        if c in _DIGITS:
            i += 1
            while i < n and s[i] in _DIGITS:
                i += 1
            nc = s[i] if i < n else ""
            if nc == ":":
                ftype = DTK_TIME
                i += 1
                while i < n and (s[i] in _DIGITS or s[i] == ":" or s[i] == "."):
                    i += 1
                field = s[start:i]
            elif nc and nc in "-/.":
                delim = nc
                i += 1
                if i < n and s[i] in _DIGITS:
                    ftype = DTK_NUMBER if delim == "." else DTK_DATE
                    while i < n and s[i] in _DIGITS:
                        i += 1
                    if i < n and s[i] == delim:
                        ftype = DTK_DATE
                        i += 1
                        while i < n and (s[i] in _DIGITS or s[i] == delim):
                            i += 1
                    field = s[start:i]
                else:
                    ftype = DTK_DATE
                    while i < n and (s[i] in _ALNUM or s[i] == delim):
                        i += 1
                    field = s[start:i].lower()
            else:
                ftype = DTK_NUMBER
                field = s[start:i]
        elif c == ".":
            i += 1
            while i < n and s[i] in _DIGITS:
                i += 1
            ftype = DTK_NUMBER
            field = s[start:i]
        elif c in _ALPHA:
            ftype = DTK_STRING
            i += 1
            while i < n and s[i] in _ALPHA:
                i += 1
            is_date = False
            if i < n:
                nc = s[i]
                if nc in "-/.":
                    is_date = True
                elif nc == "+" or nc in _DIGITS:
                    # only the core keyword table, not time zone names
                    if s[start:i].lower()[:TOKMAXLEN] not in DATETKTBL:
                        is_date = True
            if is_date:
                ftype = DTK_DATE
                i += 1
                while i < n and s[i] in _TZDATE_CHARS:
                    i += 1
            field = s[start:i].lower()
        elif c == "+" or c == "-":
            i += 1
            while i < n and s[i] in _SPACE:
                i += 1
            if i < n and s[i] in _DIGITS:
                ftype = DTK_TZ
                j = i
                i += 1
                while i < n and (s[i] in _DIGITS or s[i] in ":.-"):
                    i += 1
                field = c + s[j:i]
            elif i < n and s[i] in _ALPHA:
                ftype = DTK_SPECIAL
                j = i
                i += 1
                while i < n and s[i] in _ALPHA:
                    i += 1
                field = c + s[j:i].lower()
            else:
                raise DtErr(DTERR_BAD_FORMAT)
        elif c in _PUNCT:
            i += 1
            continue
        else:
            raise DtErr(DTERR_BAD_FORMAT)
        used += len(field)
        if used >= buflen:  # APPEND_CHAR ran out of work buffer
            raise DtErr(DTERR_BAD_FORMAT)
        used += 1  # the NUL terminator
        fields.append(field)
        ftypes.append(ftype)
    return fields, ftypes


# ---------------------------------------------------------------------------
# C library number parsing, as PostgreSQL calls it
# ---------------------------------------------------------------------------


def strtol(s: str, pos: int = 0) -> tuple[int, int]:
    """``strtol(s + pos, &end, 10)``: (value, end index); no digits -> (0, pos).

    The value is unbounded; callers apply the int32/int64 ERANGE rules.
    """
    n = len(s)
    i = pos
    while i < n and s[i] in _SPACE:
        i += 1
    neg = False
    if i < n and (s[i] == "+" or s[i] == "-"):
        neg = s[i] == "-"
        i += 1
    j = i
    while i < n and s[i] in _DIGITS:
        i += 1
    if i == j:
        return 0, pos
    v = int(s[j:i])
    return (-v if neg else v), i


def strtoint(s: str, pos: int = 0) -> tuple[int, int]:
    """PostgreSQL's ``strtoint``: ERANGE (DTERR_FIELD_OVERFLOW here) outside int32."""
    v, end = strtol(s, pos)
    if not INT32_MIN <= v <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    return v, end


def strtoi64(s: str, pos: int = 0) -> tuple[int, int]:
    v, end = strtol(s, pos)
    if not INT64_MIN <= v <= INT64_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    return v, end


_STRTOD_RE = lazy_pattern(
    r"[ \t\n\v\f\r]*(?P<sign>[+-]?)(?:"
    r"0[xX](?P<hex>(?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?P<hexp>[pP][+-]?[0-9]+)?"
    r"|(?P<dec>(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?P<decexp>[eE][+-]?[0-9]+)?"
    r"|(?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)"
    r"|(?P<nan>[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)"
    r")"
)

_DBL_MIN = 2.2250738585072014e-308


def strtod(s: str, pos: int = 0) -> tuple[float, int, bool]:
    """glibc ``strtod(s + pos, &end)``: (value, end index, erange).

    Accepts what strtod accepts (decimal, hexadecimal, ``inf``, ``nan``).
    No conversion gives (0.0, pos, False).  ``erange`` reports overflow to
    infinity or underflow, for which strtod sets ``errno = ERANGE``.
    """
    m = _STRTOD_RE().match(s, pos)
    if m is None:
        return 0.0, pos, False
    neg = m.group("sign") == "-"
    if m.group("inf") is not None:
        v = math.inf
        erange = False
    elif m.group("nan") is not None:
        v = math.nan
        erange = False
    else:
        hexpart = m.group("hex")
        if hexpart is not None:
            mantissa = hexpart
            h = ("0" + hexpart if hexpart.startswith(".") else hexpart) + (m.group("hexp") or "p0")
            try:
                v = float.fromhex("0x" + h)
            except OverflowError:
                v = math.inf
        else:
            mantissa = m.group("dec")
            v = float(mantissa + (m.group("decexp") or ""))
        nonzero = any(ch not in "0." for ch in mantissa)
        erange = math.isinf(v) or (nonzero and v < _DBL_MIN)
    return (-v if neg else v), m.end(), erange


def parse_fraction(s: str, pos: int) -> float:
    """ParseFraction: ``s[pos]`` is '.', the rest must be a number to the end."""
    if pos + 1 == len(s):
        return 0.0
    v, end, erange = strtod(s, pos)
    if end != len(s) or erange:
        raise DtErr(DTERR_BAD_FORMAT)
    return v


def parse_fractional_second(s: str, pos: int) -> int:
    """ParseFractionalSecond: the fraction at ``s[pos:]`` as rounded microseconds."""
    return int(round(parse_fraction(s, pos) * 1000000))


# ---------------------------------------------------------------------------
# Interval input (DecodeInterval, DecodeISO8601Interval)
# ---------------------------------------------------------------------------

#: INTERVAL_MASK bits, by PostgreSQL's field type numbers
_IM_YEAR = 1 << YEAR
_IM_MONTH = 1 << MONTH
_IM_DAY = 1 << DAY
_IM_HOUR = 1 << HOUR
_IM_MINUTE = 1 << MINUTE
_IM_SECOND = 1 << SECOND
INTERVAL_FULL_RANGE = 0x7FFF

#: ``interval <fields>`` phrase -> INTERVAL_RANGE mask
INTERVAL_FIELDS: dict[str, int] = {
    "year": _IM_YEAR,
    "month": _IM_MONTH,
    "day": _IM_DAY,
    "hour": _IM_HOUR,
    "minute": _IM_MINUTE,
    "second": _IM_SECOND,
    "year to month": _IM_YEAR | _IM_MONTH,
    "day to hour": _IM_DAY | _IM_HOUR,
    "day to minute": _IM_DAY | _IM_HOUR | _IM_MINUTE,
    "day to second": _IM_DAY | _IM_HOUR | _IM_MINUTE | _IM_SECOND,
    "hour to minute": _IM_HOUR | _IM_MINUTE,
    "hour to second": _IM_HOUR | _IM_MINUTE | _IM_SECOND,
    "minute to second": _IM_MINUTE | _IM_SECOND,
}


class _ItmIn:
    """struct pg_itm_in: the interval being accumulated by DecodeInterval."""

    __slots__ = ("usec", "mday", "mon", "year")

    def __init__(self) -> None:
        self.usec = 0
        self.mday = 0
        self.mon = 0
        self.year = 0


def _add64(a: int, b: int) -> int:
    r = a + b
    if not INT64_MIN <= r <= INT64_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    return r


def _add32(a: int, b: int) -> int:
    r = a + b
    if not INT32_MIN <= r <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    return r


def _adjust_fract_microseconds(frac: float, scale: int, itm: _ItmIn) -> None:
    if frac == 0:
        return
    frac *= scale
    usec = int(frac)
    frac -= usec
    if frac > 0.5:
        usec += 1
    elif frac < -0.5:
        usec -= 1
    itm.usec = _add64(itm.usec, usec)


def _adjust_fract_days(frac: float, scale: int, itm: _ItmIn) -> None:
    if frac == 0:
        return
    frac *= scale
    extra_days = int(frac)
    itm.mday = _add32(itm.mday, extra_days)
    frac -= extra_days
    _adjust_fract_microseconds(frac, USECS_PER_DAY, itm)


def _adjust_fract_years(frac: float, scale: int, itm: _ItmIn) -> None:
    extra_months = int(round(frac * scale * MONTHS_PER_YEAR))
    itm.mon = _add32(itm.mon, extra_months)


def _adjust_microseconds(val: int, fval: float, scale: int, itm: _ItmIn) -> None:
    prod = val * scale
    if not INT64_MIN <= prod <= INT64_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    itm.usec = _add64(itm.usec, prod)
    _adjust_fract_microseconds(fval, scale, itm)


def _adjust_days(val: int, scale: int, itm: _ItmIn) -> None:
    if not INT32_MIN <= val <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    days = val * scale
    if not INT32_MIN <= days <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    itm.mday = _add32(itm.mday, days)


def _adjust_months(val: int, itm: _ItmIn) -> None:
    if not INT32_MIN <= val <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    itm.mon = _add32(itm.mon, val)


def _adjust_years(val: int, scale: int, itm: _ItmIn) -> None:
    if not INT32_MIN <= val <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    years = val * scale
    if not INT32_MIN <= years <= INT32_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    itm.year = _add32(itm.year, years)


def decode_time_common(s: str, range_mask: int) -> tuple[int, int, int, int]:
    """DecodeTimeCommon: ``h:m[:s][.f]`` -> (hour, min, sec, usec); hour is unbounded int64."""
    hour, p = strtoi64(s, 0)
    if p >= len(s) or s[p] != ":":
        raise DtErr(DTERR_BAD_FORMAT)
    minute, p = strtoint(s, p + 1)
    fsec = 0
    n = len(s)
    if p == n:
        sec = 0
        # MINUTE TO SECOND: two fields are mm:ss
        if range_mask == (_IM_MINUTE | _IM_SECOND):
            if not INT32_MIN <= hour <= INT32_MAX:
                raise DtErr(DTERR_FIELD_OVERFLOW)
            sec, minute, hour = minute, hour, 0
    elif s[p] == ".":
        # mm:ss.sss is always MINUTE TO SECOND
        fsec = parse_fractional_second(s, p)
        if not INT32_MIN <= hour <= INT32_MAX:
            raise DtErr(DTERR_FIELD_OVERFLOW)
        sec, minute, hour = minute, hour, 0
    elif s[p] == ":":
        sec, p = strtoint(s, p + 1)
        if p < n and s[p] == ".":
            fsec = parse_fractional_second(s, p)
        elif p != n:
            raise DtErr(DTERR_BAD_FORMAT)
    else:
        raise DtErr(DTERR_BAD_FORMAT)
    if hour < 0 or minute < 0 or minute > 59 or sec < 0 or sec > 60 or fsec < 0 or fsec > USECS_PER_SEC:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    return hour, minute, sec, fsec


def _decode_time_for_interval(s: str, range_mask: int, itm: _ItmIn) -> None:
    hour, minute, sec, fsec = decode_time_common(s, range_mask)
    total = fsec + hour * USECS_PER_HOUR + minute * USECS_PER_MINUTE + sec * USECS_PER_SEC
    if not INT64_MIN <= total <= INT64_MAX or not INT64_MIN <= hour * USECS_PER_HOUR <= INT64_MAX:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    itm.usec = total


def _default_type_for_range(range_mask: int) -> int:
    if range_mask == _IM_YEAR:
        return DTK_YEAR
    if range_mask in (_IM_MONTH, _IM_YEAR | _IM_MONTH):
        return DTK_MONTH
    if range_mask == _IM_DAY:
        return DTK_DAY
    if range_mask in (_IM_HOUR, _IM_DAY | _IM_HOUR):
        return DTK_HOUR
    if range_mask in (_IM_MINUTE, _IM_HOUR | _IM_MINUTE, _IM_DAY | _IM_HOUR | _IM_MINUTE):
        return DTK_MINUTE
    return DTK_SECOND


def _decode_interval(fields: list[str], ftypes: list[int], range_mask: int) -> _ItmIn:
    """DecodeInterval (IntervalStyle postgres): fields are read right to left."""
    itm = _ItmIn()
    is_before = False
    fmask = 0
    typ = IGNORE_DTF
    for i in range(len(fields) - 1, -1, -1):
        field = fields[i]
        ft = ftypes[i]
        tmask = 0
        if ft == DTK_TIME:
            _decode_time_for_interval(field, range_mask, itm)
            tmask = DTK_TIME_M
            typ = DTK_DAY
        elif ft in (DTK_TZ, DTK_DATE, DTK_NUMBER):
            handled = False
            if ft == DTK_TZ and ":" in field[1:]:
                # signed hh:mm[:ss]: like DTK_TIME plus the sign
                saved = itm.usec
                try:
                    _decode_time_for_interval(field[1:], range_mask, itm)
                except DtErr:
                    itm.usec = saved
                else:
                    if field[0] == "-":
                        itm.usec = -itm.usec
                    tmask = DTK_TIME_M
                    typ = DTK_DAY
                    handled = True
            if not handled:
                if typ == IGNORE_DTF:
                    typ = _default_type_for_range(range_mask)
                val, p = strtoi64(field, 0)
                n = len(field)
                if p < n and field[p] == "-":
                    # SQL "years-months" syntax
                    val2, p2 = strtol(field, p + 1)
                    if not INT32_MIN <= val2 <= INT32_MAX or val2 < 0 or val2 >= MONTHS_PER_YEAR:
                        raise DtErr(DTERR_FIELD_OVERFLOW)
                    if p2 != n:
                        raise DtErr(DTERR_BAD_FORMAT)
                    typ = DTK_MONTH
                    if field[0] == "-":
                        val2 = -val2
                    val = val * MONTHS_PER_YEAR
                    if not INT64_MIN <= val <= INT64_MAX:
                        raise DtErr(DTERR_FIELD_OVERFLOW)
                    val += val2
                    if not INT64_MIN <= val <= INT64_MAX:
                        raise DtErr(DTERR_FIELD_OVERFLOW)
                    fval = 0.0
                elif p < n and field[p] == ".":
                    fval = parse_fraction(field, p)
                    if field[0] == "-":
                        fval = -fval
                elif p == n:
                    fval = 0.0
                else:
                    raise DtErr(DTERR_BAD_FORMAT)
                if typ == DTK_MICROSEC:
                    _adjust_microseconds(val, fval, 1, itm)
                    tmask = DTK_M(MICROSECOND)
                elif typ == DTK_MILLISEC:
                    _adjust_microseconds(val, fval, 1000, itm)
                    tmask = DTK_M(MILLISECOND)
                elif typ == DTK_SECOND:
                    _adjust_microseconds(val, fval, USECS_PER_SEC, itm)
                    tmask = DTK_M(SECOND) if fval == 0 else DTK_ALL_SECS_M
                elif typ == DTK_MINUTE:
                    _adjust_microseconds(val, fval, USECS_PER_MINUTE, itm)
                    tmask = DTK_M(MINUTE)
                elif typ == DTK_HOUR:
                    _adjust_microseconds(val, fval, USECS_PER_HOUR, itm)
                    tmask = DTK_M(HOUR)
                    typ = DTK_DAY  # set for next field
                elif typ == DTK_DAY:
                    _adjust_days(val, 1, itm)
                    _adjust_fract_microseconds(fval, USECS_PER_DAY, itm)
                    tmask = DTK_M(DAY)
                elif typ == DTK_WEEK:
                    _adjust_days(val, 7, itm)
                    _adjust_fract_days(fval, 7, itm)
                    tmask = DTK_M(WEEK)
                elif typ == DTK_MONTH:
                    _adjust_months(val, itm)
                    _adjust_fract_days(fval, DAYS_PER_MONTH, itm)
                    tmask = DTK_M(MONTH)
                elif typ == DTK_YEAR:
                    _adjust_years(val, 1, itm)
                    _adjust_fract_years(fval, 1, itm)
                    tmask = DTK_M(YEAR)
                elif typ == DTK_DECADE:
                    _adjust_years(val, 10, itm)
                    _adjust_fract_years(fval, 10, itm)
                    tmask = DTK_M(DECADE)
                elif typ == DTK_CENTURY:
                    _adjust_years(val, 100, itm)
                    _adjust_fract_years(fval, 100, itm)
                    tmask = DTK_M(CENTURY)
                elif typ == DTK_MILLENNIUM:
                    _adjust_years(val, 1000, itm)
                    _adjust_fract_years(fval, 1000, itm)
                    tmask = DTK_M(MILLENNIUM)
                else:
                    raise DtErr(DTERR_BAD_FORMAT)
        elif ft in (DTK_STRING, DTK_SPECIAL):
            utype, uval = decode_units(field)
            if utype == IGNORE_DTF:
                continue
            if utype == UNITS:
                typ = uval
            elif utype == AGO:
                is_before = True
                typ = uval
            else:
                raise DtErr(DTERR_BAD_FORMAT)
        else:
            raise DtErr(DTERR_BAD_FORMAT)
        if tmask & fmask:
            raise DtErr(DTERR_BAD_FORMAT)
        fmask |= tmask
    if fmask == 0:
        raise DtErr(DTERR_BAD_FORMAT)
    if is_before:
        if itm.usec == INT64_MIN or INT32_MIN in (itm.mday, itm.mon, itm.year):
            raise DtErr(DTERR_FIELD_OVERFLOW)
        itm.usec = -itm.usec
        itm.mday = -itm.mday
        itm.mon = -itm.mon
        itm.year = -itm.year
    return itm


def _parse_iso8601_number(s: str, pos: int) -> tuple[int, float, int]:
    """ParseISO8601Number: (integer part, fraction part, end index)."""
    if pos >= len(s) or not (s[pos] in _DIGITS or s[pos] == "-" or s[pos] == "."):
        raise DtErr(DTERR_BAD_FORMAT)
    val, end, erange = strtod(s, pos)
    if end == pos or erange:
        raise DtErr(DTERR_BAD_FORMAT)
    if math.isnan(val) or val < -1.0e15 or val > 1.0e15:
        raise DtErr(DTERR_FIELD_OVERFLOW)
    ipart = math.floor(val) if val >= 0 else -math.floor(-val)
    return int(ipart), val - ipart, end


def _iso8601_integer_width(s: str, pos: int) -> int:
    if pos < len(s) and s[pos] == "-":
        pos += 1
    j = pos
    while j < len(s) and s[j] in _DIGITS:
        j += 1
    return j - pos


def _decode_iso8601_interval(s: str) -> _ItmIn:
    """DecodeISO8601Interval: ``P1Y2M3DT4H5M6S`` and the alternative format."""
    itm = _ItmIn()
    if len(s) < 2 or s[0] != "P":
        raise DtErr(DTERR_BAD_FORMAT)
    n = len(s)
    p = 1
    datepart = True
    havefield = False
    while p < n:
        if s[p] == "T":
            datepart = False
            havefield = False
            p += 1
            continue
        fieldstart = p
        val, fval, p = _parse_iso8601_number(s, p)
        unit = s[p] if p < n else "\0"
        p += 1
        if datepart:
            if unit == "Y":
                _adjust_years(val, 1, itm)
                _adjust_fract_years(fval, 1, itm)
            elif unit == "M":
                _adjust_months(val, itm)
                _adjust_fract_days(fval, DAYS_PER_MONTH, itm)
            elif unit == "W":
                _adjust_days(val, 7, itm)
                _adjust_fract_days(fval, 7, itm)
            elif unit == "D":
                _adjust_days(val, 1, itm)
                _adjust_fract_microseconds(fval, USECS_PER_DAY, itm)
            elif unit in ("T", "\0", "-"):
                if unit != "-" and _iso8601_integer_width(s, fieldstart) == 8 and not havefield:
                    # basic alternative format: YYYYMMDD
                    _adjust_years(_tdiv(val, 10000), 1, itm)
                    _adjust_months(_tmod(_tdiv(val, 100), 100), itm)
                    _adjust_days(_tmod(val, 100), 1, itm)
                    _adjust_fract_microseconds(fval, USECS_PER_DAY, itm)
                    if unit == "\0":
                        return itm
                    datepart = False
                    havefield = False
                    continue
                # extended alternative format: Y-M-D
                if havefield:
                    raise DtErr(DTERR_BAD_FORMAT)
                _adjust_years(val, 1, itm)
                _adjust_fract_years(fval, 1, itm)
                if unit == "\0":
                    return itm
                if unit == "T":
                    datepart = False
                    havefield = False
                    continue
                val, fval, p = _parse_iso8601_number(s, p)
                _adjust_months(val, itm)
                _adjust_fract_days(fval, DAYS_PER_MONTH, itm)
                if p >= n:
                    return itm
                if s[p] == "T":
                    datepart = False
                    havefield = False
                    p += 1
                    continue
                if s[p] != "-":
                    raise DtErr(DTERR_BAD_FORMAT)
                p += 1
                val, fval, p = _parse_iso8601_number(s, p)
                _adjust_days(val, 1, itm)
                _adjust_fract_microseconds(fval, USECS_PER_DAY, itm)
                if p >= n:
                    return itm
                if s[p] == "T":
                    datepart = False
                    havefield = False
                    p += 1
                    continue
                raise DtErr(DTERR_BAD_FORMAT)
            else:
                raise DtErr(DTERR_BAD_FORMAT)
        else:
            if unit == "H":
                _adjust_microseconds(val, fval, USECS_PER_HOUR, itm)
            elif unit == "M":
                _adjust_microseconds(val, fval, USECS_PER_MINUTE, itm)
            elif unit == "S":
                _adjust_microseconds(val, fval, USECS_PER_SEC, itm)
            elif unit in ("\0", ":"):
                if unit == "\0" and _iso8601_integer_width(s, fieldstart) == 6 and not havefield:
                    _adjust_microseconds(_tdiv(val, 10000), 0.0, USECS_PER_HOUR, itm)
                    _adjust_microseconds(_tmod(_tdiv(val, 100), 100), 0.0, USECS_PER_MINUTE, itm)
                    _adjust_microseconds(_tmod(val, 100), 0.0, USECS_PER_SEC, itm)
                    _adjust_fract_microseconds(fval, 1, itm)
                    return itm
                if havefield:
                    raise DtErr(DTERR_BAD_FORMAT)
                _adjust_microseconds(val, fval, USECS_PER_HOUR, itm)
                if unit == "\0":
                    return itm
                val, fval, p = _parse_iso8601_number(s, p)
                _adjust_microseconds(val, fval, USECS_PER_MINUTE, itm)
                if p >= n:
                    return itm
                if s[p] != ":":
                    raise DtErr(DTERR_BAD_FORMAT)
                p += 1
                val, fval, p = _parse_iso8601_number(s, p)
                _adjust_microseconds(val, fval, USECS_PER_SEC, itm)
                if p >= n:
                    return itm
                raise DtErr(DTERR_BAD_FORMAT)
            else:
                raise DtErr(DTERR_BAD_FORMAT)
        havefield = True
    return itm


# Fast paths for the forms PostgreSQL itself prints ("1 year 2 mons 3 days
# 04:05:06.789", "-1 days +02:00:00"): same result as the full parser.
_PG_UNITS_RE = lazy_pattern(
    r"((?:[+-]?[0-9]{1,9} (?:years?|mons?|days?)(?: |$))*)"
    r"(?:([+-]?)([0-9]{1,9}):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]{1,6}))?)?"
)
_PG_UNIT_RE = re.compile(r"([+-]?[0-9]+) (y|m|d)")


def _fast_interval(text: str) -> Interval | None:
    m = _PG_UNITS_RE().fullmatch(text)
    if m is None:
        return None
    units, sign, h, mi, se, frac = m.groups()
    if not units and h is None:
        return None
    years = months = days = 0
    seen = ""
    for num, unit in _PG_UNIT_RE.findall(units):
        if unit in seen:
            return None  # a repeated unit is an error: let the full parser report it
        seen += unit
        if unit == "y":
            years = int(num)
        elif unit == "m":
            months = int(num)
        else:
            days = int(num)
    months += years * MONTHS_PER_YEAR
    if not INT32_MIN <= months <= INT32_MAX:
        return None
    micros = 0
    if h is not None:
        micros = ((int(h) * 60 + int(mi)) * 60 + int(se)) * USECS_PER_SEC
        if frac:
            micros += int(frac.ljust(6, "0"))
        if sign == "-":
            micros = -micros
    return Interval(months, days, micros)



def parse_interval(text: str, fields: str | None = None) -> Interval:
    """PostgreSQL's ``interval_in``: parse interval text (IntervalStyle postgres).

    ``fields`` (``'day to second'``...) is the field restriction of the
    target type when the input function receives it, as for the typed
    literal ``INTERVAL '5' DAY``: it changes how a bare number is read
    (``'5'`` is 5 seconds, but 5 days for ``day``) and zeroes the fields
    below the last one.  (A cast ``'5'::text::interval day`` instead parses
    without fields and then applies :func:`apply_interval_typmod`.)  Raises
    22007 (bad syntax), 22015 (``interval field value out of range``) or
    22008 (``interval out of range``) with PostgreSQL's messages.
    """
    range_mask = INTERVAL_FULL_RANGE
    if fields is not None:
        range_mask = _fields_mask(fields)
    else:
        fast = _fast_interval(text)
        if fast is not None:
            return fast
    try:
        try:
            flds, ftypes = parse_datetime_fields(text, 256)
            itm = _decode_interval(flds, ftypes, range_mask)
        except DtErr as e:
            if e.code != DTERR_BAD_FORMAT:
                raise
            itm = _decode_iso8601_interval(text)
    except DtErr as e:
        code = DTERR_INTERVAL_OVERFLOW if e.code == DTERR_FIELD_OVERFLOW else e.code
        datetime_parse_error(code, text, "interval")
    total_months = itm.year * MONTHS_PER_YEAR + itm.mon
    if not INT32_MIN <= total_months <= INT32_MAX:
        _out_of_range()
    result = Interval(total_months, itm.mday, itm.usec)
    if fields is not None:
        result = apply_interval_typmod(result, None, fields)
    return result


def _fields_mask(fields: str) -> int:
    key = " ".join(fields.lower().split())
    try:
        return INTERVAL_FIELDS[key]
    except KeyError:
        raise errors.InvalidParameterValue("invalid INTERVAL type modifier") from None


_SCALES = (1000000, 100000, 10000, 1000, 100, 10, 1)
_OFFSETS = (500000, 50000, 5000, 500, 50, 5, 0)


def round_micros(value: int, precision: int) -> int:
    """Round a microsecond count to ``precision`` fractional digits, as PostgreSQL does.

    Halves round away from zero (``AdjustTimestampForTypmod``/``AdjustIntervalForTypmod``).
    """
    if precision >= 6:
        return value
    scale = _SCALES[precision]
    off = _OFFSETS[precision]
    if value >= 0:
        return ((value + off) // scale) * scale
    return -(((-value + off) // scale) * scale)


def apply_interval_typmod(iv: Interval, precision: int | None, fields: str | None = None) -> Interval:
    """``AdjustIntervalForTypmod``: apply ``interval(p)`` and/or ``interval <fields>``.

    Fields to the right of the last one allowed are zeroed (``interval day``
    drops the time part; ``interval hour`` truncates to whole hours); the
    precision rounds the sub-second part half away from zero.  A precision
    above 6 is treated as 6 (PostgreSQL reduces it with a warning when the
    type is declared); a negative one raises 22023.
    """
    months, days, time = iv.months, iv.days, iv.micros
    if fields is not None:
        rng = _fields_mask(fields)
        if rng == _IM_YEAR:
            months = _tdiv(months, MONTHS_PER_YEAR) * MONTHS_PER_YEAR
            days = 0
            time = 0
        elif rng in (_IM_MONTH, _IM_YEAR | _IM_MONTH):
            days = 0
            time = 0
        elif rng == _IM_DAY:
            time = 0
        elif rng in (_IM_HOUR, _IM_DAY | _IM_HOUR):
            time = _tdiv(time, USECS_PER_HOUR) * USECS_PER_HOUR
        elif rng in (_IM_MINUTE, _IM_DAY | _IM_HOUR | _IM_MINUTE, _IM_HOUR | _IM_MINUTE):
            time = _tdiv(time, USECS_PER_MINUTE) * USECS_PER_MINUTE
    if precision is not None:
        if precision < 0:
            raise errors.InvalidParameterValue(f"INTERVAL({precision}) precision must not be negative")
        time = round_micros(time, min(precision, MAX_INTERVAL_PRECISION))
    if months == iv.months and days == iv.days and time == iv.micros:
        return iv
    return Interval(months, days, time)

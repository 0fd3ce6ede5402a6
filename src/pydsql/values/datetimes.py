"""PostgreSQL's date, time, timetz, timestamp and timestamptz: I/O, arithmetic, casts.

Representation (see :mod:`pydsql.types`)
-----------------------------------------
``date`` is a ``datetime.date``, ``time`` a naive ``datetime.time``,
``timetz`` an aware ``datetime.time`` whose ``tzinfo`` is a fixed offset
(PostgreSQL's timetz keeps the offset it was given, never a zone name),
``timestamp`` a naive ``datetime.datetime`` and ``timestamptz`` an aware
``datetime.datetime`` in UTC.  ``interval`` is
:class:`pydsql.values.interval.Interval`.

The computations themselves are done the way PostgreSQL does them, on
integers: a date is a day number and a timestamp a count of microseconds
since 2000-01-01 (``DateADT``/``Timestamp``), calendar fields go through
PostgreSQL's Julian-day routines (``date2j``/``j2date``), and every range
check PostgreSQL makes is made here with the same SQLSTATE and message.
Python objects are built only at the end.

The session time zone
---------------------
pydsql keeps ``DateStyle = 'ISO, MDY'`` and ``IntervalStyle = postgres``
fixed, and follows the session's ``TimeZone`` (DSQL's default is UTC; ``SET
TIME ZONE`` works as in PostgreSQL).  A ``timestamptz`` is always stored as
its UTC instant; the zone matters only where PostgreSQL consults it: text
without a zone is read in it, output and ``to_char`` show its wall time,
offset and abbreviation, casts to and from ``timestamp``/``date``/``time``
and ``extract``/``date_trunc``/``age`` use its wall time, and ``timestamptz
+ interval`` takes month and day steps on its calendar (so ``+ '1 day'``
keeps the wall-clock time across a daylight-saving change).  The engine puts
the resolved zone in :data:`SESSION_ZONE` per statement; ``None`` means UTC
and keeps every conversion on its fast path.  Time zones written *in the
input* (``+05:30``, ``PST``, ``America/New_York``, ``Europe/Moscow``...) are
fully honoured: numeric offsets, PostgreSQL's default abbreviation table
(``timezonesets/Default``) and IANA names through :mod:`zoneinfo` (looked
up case-insensitively, like PostgreSQL).

"now"
-----
``'now'``, ``'today'``, ``'tomorrow'``, ``'yesterday'``, ``time with time
zone`` input without a date, ``current_date``... need the transaction's start
time.  The input functions take an optional ``now`` argument; without it
they read :data:`TRANSACTION_NOW`, a :class:`contextvars.ContextVar` that
the engine sets to the transaction timestamp (an aware ``datetime``) at
``BEGIN``; when it is unset the real clock is used.

Deliberate differences from PostgreSQL
--------------------------------------
Python's ``datetime`` covers years 1 to 9999 and ``time`` stops at
23:59:59.999999.  PostgreSQL goes from 4713 BC to 294276 AD (5874897 AD for
dates), has ``infinity``/``-infinity`` and accepts ``time '24:00:00'``.
Values pydsql cannot represent are *rejected*, never clamped: input,
arithmetic and casts that would produce them raise 22008 with the message
PostgreSQL uses for its own range limit (``date out of range: "..."``,
``timestamp out of range``, ``time out of range``) and a DETAIL saying it is
a pydsql limit.  BC dates are parsed (``'0044-03-15 BC'``) but are therefore
out of range, and so are ``'infinity'``/``'-infinity'`` (also as results of
``to_timestamp``).  Time-zone corner cases that are approximations of
PostgreSQL's own zone code: what a *dynamic* abbreviation such as ``MSK``
meant at a given time (:func:`_interpret_abbrev`), whether a zone has a
fixed offset (``timetz`` input without a date, :func:`_fixed_zone_offset`),
and POSIX zone specs with a daylight-saving part but no rules (``XYZ5ABC``:
current US rules for every year, :class:`PosixZone`).  The zone data is the
system's tz database, read through :mod:`zoneinfo`.
"""

from __future__ import annotations

import bisect
import contextvars
import math
import operator
import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Context, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, NoReturn, Union

from .. import errors
from ..types import BOOL, DATE, INT4, INTERVAL, TIME, TIMESTAMP, TIMESTAMPTZ, TIMETZ, SqlType

if TYPE_CHECKING:
    # zoneinfo is imported where a zone is first looked up: it is slow to import (it reads
    # sysconfig), and a program that never names a time zone does not need it.
    from zoneinfo import ZoneInfo
from .interval import (
    AMPM,
    BC,
    DAY,
    DOW,
    DOY,
    DTERR_BAD_FORMAT,
    DTERR_FIELD_OVERFLOW,
    DTERR_MD_FIELD_OVERFLOW,
    DTERR_TZDISP_OVERFLOW,
    DTK_CENTURY,
    DTK_DATE,
    DTK_DATE_M,
    DTK_DAY,
    DTK_DECADE,
    DTK_DOW,
    DTK_DOY,
    DTK_EARLY,
    DTK_EPOCH,
    DTK_HOUR,
    DTK_ISODOW,
    DTK_ISOYEAR,
    DTK_JULIAN,
    DTK_LATE,
    DTK_M,
    DTK_MICROSEC,
    DTK_MILLENNIUM,
    DTK_MILLISEC,
    DTK_MINUTE,
    DTK_MONTH,
    DTK_NOW,
    DTK_NUMBER,
    DTK_QUARTER,
    DTK_SECOND,
    DTK_SPECIAL,
    DTK_STRING,
    DTK_TIME,
    DTK_TIME_M,
    DTK_TODAY,
    DTK_TOMORROW,
    DTK_TZ,
    DTK_TZ_HOUR,
    DTK_TZ_MINUTE,
    DTK_WEEK,
    DTK_YEAR,
    DTK_YESTERDAY,
    DTK_ZULU,
    DTZ,
    DTZMOD,
    DYNTZ,
    HR24,
    IGNORE_DTF,
    INT32_MAX,
    INT32_MIN,
    INT64_MAX,
    INT64_MIN,
    INTERVAL_FULL_RANGE,
    ISOTIME,
    MAXDATEFIELDS,
    MAXDATELEN,
    MONTH,
    PM,
    AM,
    RESERV,
    TOKMAXLEN,
    TZ,
    UNITS,
    UNKNOWN_FIELD,
    USECS_PER_DAY,
    USECS_PER_HOUR,
    USECS_PER_MINUTE,
    USECS_PER_SEC,
    YEAR,
    ADBC,
    DtErr,
    Interval,
    apply_interval_typmod,
    datetime_parse_error,
    decode_special,
    decode_time_common,
    decode_units,
    format_interval,
    justify_days,
    justify_hours,
    justify_interval,
    parse_datetime_fields,
    parse_fraction,
    parse_fractional_second,
    parse_interval,
    round_micros,
    strtod,
    strtoint,
    strtol,
)
from .registry import ASSIGNMENT, IMPLICIT, Cast, Operator, TypeIO
from .lazy import lazy_pattern

__all__ = [
    "TRANSACTION_NOW",
    "transaction_now",
    "parse_date",
    "parse_time",
    "parse_timetz",
    "parse_timestamp",
    "parse_timestamptz",
    "format_date",
    "format_time",
    "format_timetz",
    "format_timestamp",
    "format_timestamptz",
    "apply_precision",
    "date_trunc",
    "extract",
    "date_part",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "age",
    "to_timestamp",
    "justify_hours",
    "justify_days",
    "justify_interval",
    "isfinite",
    "overlaps",
    "date_add",
    "at_time_zone",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "kind_of",
    "find_zone",
    "timetz_key",
    "DATETIME_IO",
    "DATETIME_CASTS",
    "DATETIME_OPERATORS",
]

# ---------------------------------------------------------------------------
# "now"
# ---------------------------------------------------------------------------

#: The transaction start time (an aware datetime), set by the engine per
#: transaction.  ``None`` (the default) means "use the real clock".
TRANSACTION_NOW: contextvars.ContextVar[datetime | None] = contextvars.ContextVar(
    "pydsql_transaction_now", default=None
)


def transaction_now() -> datetime:
    """The current transaction's start time, in UTC (PostgreSQL's ``now()``)."""
    v = TRANSACTION_NOW.get()
    if v is None:
        return datetime.now(timezone.utc)
    if v.tzinfo is None:
        return v.replace(tzinfo=timezone.utc)
    return v.astimezone(timezone.utc)


#: The session's ``TimeZone`` for the statement being run, set by the engine
#: per statement (like :data:`TRANSACTION_NOW`).  ``None`` means UTC, the
#: default, and keeps every conversion on its fast path.
SESSION_ZONE: contextvars.ContextVar[SessionZone | None] = contextvars.ContextVar("pydsql_session_zone", default=None)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return transaction_now()
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


# ---------------------------------------------------------------------------
# Calendar arithmetic on integers, as PostgreSQL does it
# ---------------------------------------------------------------------------

POSTGRES_EPOCH_JDATE = 2451545  # date2j(2000, 1, 1)
UNIX_EPOCH_JDATE = 2440588  # date2j(1970, 1, 1)
SECS_PER_DAY = 86400
DATETIME_MIN_JULIAN = 0
DATE_END_JULIAN = 2147483494
TIMESTAMP_END_JULIAN = 109203528
MIN_TIMESTAMP = -211813488000000000
END_TIMESTAMP = 9223371331200000000
MAX_TZDISP_HOUR = 15
TZDISP_LIMIT = (MAX_TZDISP_HOUR + 1) * 3600

_DAY_TAB = (
    (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0),
    (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0),
)

_ORD_OFFSET = 1721425  # julian day = date.toordinal() + _ORD_OFFSET
_PY_MIN_DATE = date.min.toordinal() + _ORD_OFFSET - POSTGRES_EPOCH_JDATE  # as DateADT
_PY_MAX_DATE = date.max.toordinal() + _ORD_OFFSET - POSTGRES_EPOCH_JDATE
_PY_MIN_TS = _PY_MIN_DATE * USECS_PER_DAY
_PY_END_TS = (_PY_MAX_DATE + 1) * USECS_PER_DAY
_EPOCH_DT = datetime(2000, 1, 1)
_EPOCH_DT_TZ = datetime(2000, 1, 1, tzinfo=timezone.utc)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_UNIX_EPOCH_TS = (UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY
UTC = timezone.utc


def _tdiv(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _tmod(a: int, b: int) -> int:
    return a - b * _tdiv(a, b)


def isleap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y: int, m: int) -> int:
    return _DAY_TAB[1 if isleap(y) else 0][m - 1]


def date2j(y: int, m: int, d: int) -> int:
    """PostgreSQL's ``date2j``: proleptic Gregorian date -> Julian day number."""
    if m > 2:
        m += 1
        y += 4800
    else:
        m += 13
        y += 4799
    century = _tdiv(y, 100)
    julian = y * 365 - 32167
    julian += _tdiv(y, 4) - century + _tdiv(century, 4)
    julian += _tdiv(7834 * m, 256) + d
    return julian


def j2date(jd: int) -> tuple[int, int, int]:
    """PostgreSQL's ``j2date`` (valid for non-negative Julian days)."""
    julian = (jd + 32044) & 0xFFFFFFFF
    quad = julian // 146097
    extra = ((julian - quad * 146097) * 4 + 3) & 0xFFFFFFFF
    julian = (julian + 60 + quad * 3 + extra // 146097) & 0xFFFFFFFF
    quad = julian // 1461
    julian -= quad * 1461
    y = julian * 4 // 1461
    julian = ((julian + 305) % 365 if y != 0 else (julian + 306) % 366) + 123
    y += quad * 4
    year = y - 4800
    quad = julian * 2141 // 65536
    day = julian - 7834 * quad // 256
    month = (quad + 10) % 12 + 1
    return year, month, day


def j2day(jd: int) -> int:
    """Day of week of a Julian day, 0 = Sunday."""
    return (jd + 1) % 7


def is_valid_julian(y: int, m: int, d: int) -> bool:
    return (y > -4713 or (y == -4713 and m >= 11)) and (y < 5874898 or (y == 5874898 and m < 6))


def is_valid_date(d: int) -> bool:
    return DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE <= d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE


def is_valid_timestamp(t: int) -> bool:
    return MIN_TIMESTAMP <= t < END_TIMESTAMP


def _limit_detail(what: str) -> str:
    return f"pydsql represents {what} with Python's datetime module, which only covers years 1 to 9999."


_DATE_DETAIL = _limit_detail("dates")
_TS_DETAIL = _limit_detail("timestamps")


def _date_from_adt(d: int, message: str = "date out of range") -> date:
    """A DateADT (days since 2000-01-01) as a Python date, or 22008."""
    if not _PY_MIN_DATE <= d <= _PY_MAX_DATE:
        detail = _DATE_DETAIL if is_valid_date(d) else None
        raise errors.DatetimeFieldOverflow(message, detail=detail)
    return date.fromordinal(d + POSTGRES_EPOCH_JDATE - _ORD_OFFSET)


def _adt_from_date(d: date) -> int:
    return d.toordinal() + _ORD_OFFSET - POSTGRES_EPOCH_JDATE


def _ts_from_micros(t: int, message: str = "timestamp out of range") -> datetime:
    """A Timestamp (microseconds since 2000-01-01) as a naive datetime, or 22008."""
    if not _PY_MIN_TS <= t < _PY_END_TS:
        detail = _TS_DETAIL if is_valid_timestamp(t) else None
        raise errors.DatetimeFieldOverflow(message, detail=detail)
    return _EPOCH_DT + timedelta(microseconds=t)


def _tstz_from_micros(t: int, message: str = "timestamp out of range") -> datetime:
    if not _PY_MIN_TS <= t < _PY_END_TS:
        detail = _TS_DETAIL if is_valid_timestamp(t) else None
        raise errors.DatetimeFieldOverflow(message, detail=detail)
    return _EPOCH_DT_TZ + timedelta(microseconds=t)


def _micros_from_ts(dt: datetime) -> int:
    """Timestamp micros of a naive datetime, or of an aware one's UTC instant."""
    if dt.tzinfo is not None:
        off = dt.utcoffset()
        if off:
            dt = dt - off
    return (
        (dt.toordinal() + _ORD_OFFSET - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY
        + ((dt.hour * 60 + dt.minute) * 60 + dt.second) * USECS_PER_SEC
        + dt.microsecond
    )


def _micros_from_time(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * USECS_PER_SEC + t.microsecond


def _time_from_micros(t: int) -> time:
    if not 0 <= t < USECS_PER_DAY:
        raise errors.DatetimeFieldOverflow(
            "time out of range",
            detail="pydsql represents time values with datetime.time, which cannot hold 24:00:00.",
        )
    s, us = divmod(t, USECS_PER_SEC)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return time(h, m, s, us)


@lru_cache(maxsize=256)
def _fixed_zone(utc_offset_seconds: int) -> timezone:
    if utc_offset_seconds == 0:
        return UTC
    if not -SECS_PER_DAY < utc_offset_seconds < SECS_PER_DAY:
        raise errors.InvalidTimeZoneDisplacementValue(
            "time zone displacement out of range",
            detail="pydsql represents time with time zone offsets with datetime.timezone (under 24 hours).",
        )
    return timezone(timedelta(seconds=utc_offset_seconds))


def _timetz_zone(t: time) -> int:
    """PostgreSQL's TimeTzADT.zone: seconds *west* of UTC."""
    off = t.utcoffset()
    if off is None:
        return 0
    return -(off.days * SECS_PER_DAY + off.seconds)


def _timetz_from(micros: int, zone: int) -> time:
    return _time_from_micros(micros).replace(tzinfo=_fixed_zone(-zone))


def _split_ts(t: int) -> tuple[int, int, int, int]:
    """timestamp2tm without zone: (year, month, day, microseconds of day)."""
    d, tod = divmod(t, USECS_PER_DAY)
    y, m, dd = j2date(d + POSTGRES_EPOCH_JDATE)
    return y, m, dd, tod


def _tm2timestamp(y: int, m: int, d: int, tod: int) -> int | None:
    """tm2timestamp (no zone): None when outside PostgreSQL's range."""
    if not is_valid_julian(y, m, d):
        return None
    result = (date2j(y, m, d) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + tod
    if not is_valid_timestamp(result):
        return None
    return result


def _ts_overflow() -> NoReturn:
    raise errors.DatetimeFieldOverflow("timestamp out of range")


# ---------------------------------------------------------------------------
# Time zones
# ---------------------------------------------------------------------------

#: PostgreSQL's default time zone abbreviations (share/timezonesets/Default),
#: lower-cased: fixed ones map to (UTC offset in seconds, is_dst), dynamic
#: ones (whose meaning changed over time) to the IANA zone they follow.
TZ_ABBREVIATIONS: dict[str, tuple[int, bool] | str] = {
    "acdt": (37800, True), "acsst": (37800, True), "acst": (34200, False), "act": (-18000, False),
    "acwst": (31500, False), "adt": (-10800, True), "aedt": (39600, True), "aesst": (39600, True),
    "aest": (36000, False), "aft": (16200, False), "akdt": (-28800, True), "akst": (-32400, False),
    "almst": (25200, True), "almt": (21600, False), "amst": "Asia/Yerevan", "amt": (-14400, False),
    "anast": "Asia/Anadyr", "anat": "Asia/Anadyr", "arst": "America/Argentina/Buenos_Aires",
    "art": "America/Argentina/Buenos_Aires", "ast": (-14400, False), "awsst": (32400, True),
    "awst": (28800, False), "azost": (0, True), "azot": (-3600, False), "azst": "Asia/Baku",
    "azt": "Asia/Baku", "bdst": (7200, True), "bdt": (21600, False), "bnt": (28800, False),
    "bort": (28800, False), "bot": (-14400, False), "bra": (-10800, False), "brst": (-7200, True),
    "brt": (-10800, False), "bst": (3600, True), "btt": (21600, False), "cadt": (37800, True),
    "cast": (34200, False), "cct": (28800, False), "cdt": (-18000, True), "cest": (7200, True),
    "cet": (3600, False), "cetdst": (7200, True), "chadt": (49500, True), "chast": (45900, False),
    "chut": (36000, False), "ckt": "Pacific/Rarotonga", "clst": (-10800, True),
    "clt": "America/Santiago", "cot": (-18000, False), "cst": (-21600, False),
    "cxt": (25200, False), "davt": "Antarctica/Davis", "ddut": (36000, False),
    "easst": "Pacific/Easter", "east": "Pacific/Easter", "eat": (10800, False),
    "edt": (-14400, True), "eest": (10800, True), "eet": (7200, False), "eetdst": (10800, True),
    "egst": (0, True), "egt": (-3600, False), "est": (-18000, False), "fet": (10800, False),
    "fjst": (46800, True), "fjt": (43200, False), "fkst": "Atlantic/Stanley",
    "fkt": "Atlantic/Stanley", "fnst": (-3600, True), "fnt": (-7200, False),
    "galt": (-21600, False), "gamt": (-32400, False), "gest": "Asia/Tbilisi",
    "get": "Asia/Tbilisi", "gft": (-10800, False), "gilt": (43200, False), "gmt": (0, False),
    "gyt": "America/Guyana", "hkt": (28800, False), "hst": (-36000, False), "ict": (25200, False),
    "idt": (10800, True), "iot": "Indian/Chagos", "irkst": "Asia/Irkutsk", "irkt": "Asia/Irkutsk",
    "irt": (12600, False), "ist": (7200, False), "jayt": (32400, False), "jst": (32400, False),
    "kdt": (36000, True), "kgst": (21600, True), "kgt": "Asia/Bishkek", "kost": "Pacific/Kosrae",
    "krast": "Asia/Krasnoyarsk", "krat": "Asia/Krasnoyarsk", "kst": (32400, False),
    "lhdt": "Australia/Lord_Howe", "lhst": (37800, False), "ligt": (36000, False),
    "lint": "Pacific/Kiritimati", "lkt": "Asia/Colombo", "magst": "Asia/Magadan",
    "magt": "Asia/Magadan", "mart": (-34200, False), "mawt": "Antarctica/Mawson",
    "mdt": (-21600, True), "mest": (7200, True), "mesz": (7200, True), "met": (3600, False),
    "metdst": (7200, True), "mez": (3600, False), "mht": (43200, False), "mmt": (23400, False),
    "mpt": (36000, False), "msd": (14400, True), "msk": "Europe/Moscow", "mst": (-25200, False),
    "must": (18000, True), "mut": (14400, False), "mvt": (18000, False), "myt": (28800, False),
    "ndt": (-9000, True), "nft": (-12600, False), "novst": "Asia/Novosibirsk",
    "novt": "Asia/Novosibirsk", "npt": (20700, False), "nst": (-12600, False),
    "nut": "Pacific/Niue", "nzdt": (46800, True), "nzst": (43200, False), "nzt": (43200, False),
    "omsst": "Asia/Omsk", "omst": "Asia/Omsk", "pdt": (-25200, True), "pet": (-18000, False),
    "petst": "Asia/Kamchatka", "pett": "Asia/Kamchatka", "pgt": (36000, False),
    "pht": (28800, False), "pkst": (21600, True), "pkt": (18000, False), "pmdt": (-7200, True),
    "pmst": (-10800, False), "pont": (39600, False), "pst": (-28800, False), "pwt": (32400, False),
    "pyst": (-10800, True), "pyt": "America/Asuncion", "ret": (14400, False),
    "sadt": (37800, True), "sast": (7200, False), "sct": (14400, False), "sgt": "Asia/Singapore",
    "taht": (-36000, False), "tft": (18000, False), "tjt": (18000, False),
    "tkt": "Pacific/Fakaofo", "tmt": "Asia/Ashgabat", "tot": (46800, False),
    "trut": (36000, False), "tvt": (43200, False), "uct": (0, False), "ulast": (32400, True),
    "ulat": "Asia/Ulaanbaatar", "ut": (0, False), "utc": (0, False), "uyst": (-7200, True),
    "uyt": (-10800, False), "uzst": (21600, True), "uzt": (18000, False), "vet": "America/Caracas",
    "vlast": "Asia/Vladivostok", "vlat": "Asia/Vladivostok", "volt": "Europe/Volgograd",
    "vut": (39600, False), "wadt": (28800, True), "wakt": (43200, False), "wast": (25200, False),
    "wat": (3600, False), "wdt": (32400, True), "wet": (0, False), "wetdst": (3600, True),
    "wft": (43200, False), "wgst": (-7200, True), "wgt": (-10800, False), "xjt": (21600, False),
    "yakst": "Asia/Yakutsk", "yakt": "Asia/Yakutsk", "yapt": (36000, False),
    "yekst": (21600, True), "yekt": "Asia/Yekaterinburg", "z": (0, False), "zulu": (0, False),
}

class PosixZone:
    """A POSIX ``TZ`` spec with daylight-saving rules (``XYZ5ABC``, ``ABC-10DEF,M10.1.0,M4.1.0/3``).

    Offsets are seconds *west* of UTC.  Without explicit rules PostgreSQL
    uses its ``posixrules`` zone (America/New_York's history); pydsql uses
    the current US rules ``M3.2.0,M11.1.0`` for every year.
    """

    __slots__ = ("std", "dst", "start", "end")

    def __init__(self, std: int, dst: int, start: tuple[str, int, int, int, int], end: tuple[str, int, int, int, int]) -> None:
        self.std = std
        self.dst = dst
        self.start = start
        self.end = end

    @staticmethod
    def _rule_seconds(rule: tuple[str, int, int, int, int], year: int) -> int:
        """Seconds from Jan 1 of ``year`` (local) to the rule's transition moment."""
        kind, a, b, c, at = rule
        leap = isleap(year)
        if kind == "J":  # Jn: 1..365, February 29 never counted
            day = a - 1 + (1 if leap and a >= 60 else 0)
        elif kind == "N":  # n: 0..365
            day = a
        else:  # Mm.w.d
            month, week, wday = a, b, c
            first = date2j(year, month, 1)
            d = first + (wday - j2day(first)) % 7 + (week - 1) * 7
            dim = _DAY_TAB[1 if leap else 0][month - 1]
            while d - first >= dim:
                d -= 7
            day = d - date2j(year, 1, 1)
        return day * SECS_PER_DAY + at

    def is_dst_utc(self, unix_seconds: int) -> bool:
        year = j2date((unix_seconds - self.std) // SECS_PER_DAY + UNIX_EPOCH_JDATE)[0]
        jan1 = (date2j(year, 1, 1) - UNIX_EPOCH_JDATE) * SECS_PER_DAY
        start = jan1 + self._rule_seconds(self.start, year) + self.std
        end = jan1 + self._rule_seconds(self.end, year) + self.dst
        if start < end:
            return start <= unix_seconds < end
        return not (end <= unix_seconds < start)

    def offset_at_utc(self, unix_seconds: int) -> int:
        return self.dst if self.is_dst_utc(unix_seconds) else self.std

    def offset_at_local(self, local_seconds: int) -> int:
        """Like DetermineTimeZoneOffset: a skipped or repeated local time takes the later UTC instant."""
        std_ok = not self.is_dst_utc(local_seconds + self.std)
        dst_ok = self.is_dst_utc(local_seconds + self.dst)
        if std_ok != dst_ok:
            return self.std if std_ok else self.dst
        return max(self.std, self.dst)


#: A resolved time zone: an IANA zone, a POSIX spec with DST rules, or a
#: fixed offset in seconds *west* of UTC (PostgreSQL's sign for ``tz``).
Zone = Union["ZoneInfo", PosixZone, int]

_zone_names: dict[str, str] | None = None


def _zone_name_map() -> dict[str, str]:
    global _zone_names
    if _zone_names is None:
        from zoneinfo import available_timezones

        _zone_names = {name.lower(): name for name in available_timezones()}
    return _zone_names


def _posix_name(s: str, p: int) -> tuple[int, int] | None:
    """getzname/getqzname: (name length, end index), None if a quoted name is unterminated."""
    if p < len(s) and s[p] == "<":
        q = s.find(">", p + 1)
        if q < 0:
            return None
        return q - p - 1, q + 1
    q = p
    while q < len(s) and s[q] not in "0123456789,-+":
        q += 1
    return q - p, q


def _posix_num(s: str, p: int, lo: int, hi: int) -> tuple[int, int] | None:
    """getnum: digits in [lo, hi]."""
    if p >= len(s) or s[p] not in "0123456789":
        return None
    num = 0
    while p < len(s) and s[p] in "0123456789":
        num = num * 10 + int(s[p])
        if num > hi:
            return None
        p += 1
    if num < lo:
        return None
    return num, p


def _posix_secs(s: str, p: int, max_hours: int) -> tuple[int, int] | None:
    """getsecs: hh[:mm[:ss]] in seconds."""
    r = _posix_num(s, p, 0, max_hours)
    if r is None:
        return None
    secs, p = r[0] * 3600, r[1]
    if p < len(s) and s[p] == ":":
        r = _posix_num(s, p + 1, 0, 59)
        if r is None:
            return None
        secs += r[0] * 60
        p = r[1]
        if p < len(s) and s[p] == ":":
            r = _posix_num(s, p + 1, 0, 60)
            if r is None:
                return None
            secs += r[0]
            p = r[1]
    return secs, p


def _posix_offset(s: str, p: int, max_hours: int = 24 * 7 - 1) -> tuple[int, int] | None:
    """getoffset: [+-]hh[:mm[:ss]], positive west."""
    neg = False
    if p < len(s) and s[p] in "+-":
        neg = s[p] == "-"
        p += 1
    r = _posix_secs(s, p, max_hours)
    if r is None:
        return None
    return (-r[0] if neg else r[0]), r[1]


def _posix_rule(s: str, p: int) -> tuple[tuple[str, int, int, int, int], int] | None:
    """getrule: Jn, n or Mm.w.d, optionally /time."""
    if p < len(s) and s[p] == "J":
        r = _posix_num(s, p + 1, 1, 365)
        if r is None:
            return None
        kind, a, b, c, p = "J", r[0], 0, 0, r[1]
    elif p < len(s) and s[p] == "M":
        r1 = _posix_num(s, p + 1, 1, 12)
        if r1 is None or r1[1] >= len(s) or s[r1[1]] != ".":
            return None
        r2 = _posix_num(s, r1[1] + 1, 1, 5)
        if r2 is None or r2[1] >= len(s) or s[r2[1]] != ".":
            return None
        r3 = _posix_num(s, r2[1] + 1, 0, 6)
        if r3 is None:
            return None
        kind, a, b, c, p = "M", r1[0], r2[0], r3[0], r3[1]
    else:
        r = _posix_num(s, p, 0, 365)
        if r is None:
            return None
        kind, a, b, c, p = "N", r[0], 0, 0, r[1]
    at = 2 * 3600
    if p < len(s) and s[p] == "/":
        off = _posix_offset(s, p + 1, 167)
        if off is None:
            return None
        at, p = off
    return (kind, a, b, c, at), p


_US_RULES = (("M", 3, 2, 0, 7200), ("M", 11, 1, 0, 7200))


def _parse_posix_tz(spec: str) -> Zone | None:
    """tzparse (PostgreSQL's variant: the standard-time name may be empty)."""
    s = spec.upper()
    r = _posix_name(s, 0)
    if r is None:
        return None
    stdlen, p = r
    if p >= len(s):
        return None
    off = _posix_offset(s, p)
    if off is None:
        return None
    std, p = off
    if p >= len(s):
        return std
    r = _posix_name(s, p)
    if r is None or r[0] == 0:
        return None
    dstlen, p = r
    if stdlen + dstlen + 2 > 50:  # TZ_MAX_CHARS
        return None
    if p < len(s) and s[p] not in ",;":
        off = _posix_offset(s, p)
        if off is None:
            return None
        dst, p = off
    else:
        dst = std - 3600
    if p >= len(s):
        return PosixZone(std, dst, *_US_RULES)
    if s[p] not in ",;":
        return None
    r1 = _posix_rule(s, p + 1)
    if r1 is None or r1[1] >= len(s) or s[r1[1]] != ",":
        return None
    r2 = _posix_rule(s, r1[1] + 1)
    if r2 is None or r2[1] != len(s):
        return None
    return PosixZone(std, dst, r1[0], r2[0])


@lru_cache(maxsize=512)
def find_zone(name: str) -> Zone | None:
    """pg_tzset: an IANA zone by case-insensitive name, else a POSIX ``TZ`` spec.

    Returns None when PostgreSQL would not recognise the name.  Like
    PostgreSQL, the POSIX standard-time name may be empty, so ``'+05'`` and
    ``'5'`` are five hours *west* of UTC; specs with a daylight-saving part
    become a :class:`PosixZone`.
    """
    if len(name) > 255:
        return None
    lookup = name[1:] if name.startswith(":") else name
    canonical = _zone_name_map().get(lookup.lower())
    if canonical is not None:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(canonical)
        except (ValueError, OSError):  # pragma: no cover - broken tz database entry
            return None
    if name.startswith(":"):
        return None
    return _parse_posix_tz(name)


def _local_datetime(y: int, mo: int, d: int, secs: int) -> datetime | None:
    """A naive local datetime for zone lookups; years outside 1..9999 are moved
    by whole 400-year Gregorian cycles (the calendar repeats exactly, and zone
    rules are constant that far out)."""
    while y > 9998:
        y -= 400
    while y < 2:
        y += 400
    try:
        return datetime(y, mo, d) + timedelta(seconds=secs)
    except (ValueError, OverflowError):
        return None


def zone_offset_at_local(zone: Zone, y: int, mo: int, d: int, secs_of_day: int) -> int:
    """DetermineTimeZoneOffset: the offset (seconds west of UTC) of a local time in ``zone``.

    A local time that does not exist (spring forward) or exists twice (fall
    back) is resolved as PostgreSQL does: the interpretation with the later
    UTC instant wins.
    """
    if isinstance(zone, int):
        return zone
    if isinstance(zone, PosixZone):
        return zone.offset_at_local((date2j(y, mo, d) - UNIX_EPOCH_JDATE) * SECS_PER_DAY + secs_of_day)
    local = _local_datetime(y, mo, d, secs_of_day)
    if local is None:
        return 0
    o0 = local.replace(tzinfo=zone, fold=0).utcoffset()
    o1 = local.replace(tzinfo=zone, fold=1).utcoffset()
    assert o0 is not None and o1 is not None
    off = min(o0, o1)
    return -(off.days * SECS_PER_DAY + off.seconds)


def zone_offset_at_utc(zone: Zone, instant: datetime) -> int:
    """The offset (seconds west of UTC) in effect in ``zone`` at an aware instant."""
    if isinstance(zone, int):
        return zone
    if isinstance(zone, PosixZone):
        return zone.offset_at_utc(_micros_from_ts(instant) // USECS_PER_SEC - _UNIX_EPOCH_TS // USECS_PER_SEC)
    try:
        off = instant.astimezone(zone).utcoffset()
    except OverflowError:
        # the local time is outside Python's range: zones do not change there
        probe = instant + timedelta(days=2) if instant.year == 1 else instant - timedelta(days=2)
        off = probe.astimezone(zone).utcoffset()
    assert off is not None
    return -(off.days * SECS_PER_DAY + off.seconds)


class SessionZone(NamedTuple):
    """A ``TimeZone`` setting other than UTC: the zone, and the abbreviations
    of a POSIX or numeric setting (``to_char``'s ``TZ``; IANA zones know theirs)."""

    zone: Zone
    std_abbrev: str = ""
    dst_abbrev: str = ""

    def abbrev_at(self, t: int) -> str:
        """The zone abbreviation in effect at UTC Timestamp micros ``t``."""
        zone = self.zone
        if isinstance(zone, int):
            return self.std_abbrev
        if isinstance(zone, PosixZone):
            return self.dst_abbrev if zone.is_dst_utc((t - _UNIX_EPOCH_TS) // USECS_PER_SEC) else self.std_abbrev
        t = min(max(t, _PY_MIN_TS + 2 * USECS_PER_DAY), _PY_END_TS - 2 * USECS_PER_DAY)
        return (_EPOCH_DT_TZ + timedelta(microseconds=t)).astimezone(zone).tzname() or ""


def _invalid_time_zone_setting(value: str) -> NoReturn:
    raise errors.InvalidParameterValue(f'invalid value for parameter "TimeZone": "{value}"')


def _offset_zone_name(west: int) -> str:
    """pg_tzset_offset's name for a fixed offset: ``<-05>+05``, ``<+05:30>-05:30``."""
    a = abs(west)
    text = f"{a // 3600:02d}"
    if a % 3600:
        text += f":{a % 3600 // 60:02d}"
        if a % 60:
            text += f":{a % 60:02d}"
    return f"<-{text}>+{text}" if west > 0 else f"<+{text}>-{text}"


_SET_INTERVAL_RE = lazy_pattern(r"INTERVAL '((?:[^']|'')*)'(?: (.+))?", re.IGNORECASE)


def resolve_time_zone_setting(value: str) -> tuple[SessionZone | None, str]:
    """check_timezone: a ``TimeZone`` setting -> (zone, the text SHOW reports).

    A number is hours *east* of UTC (``-5``, ``'5.5'``), as is an ``INTERVAL
    '...' HOUR TO MINUTE`` value; anything else is an IANA zone name
    (case-insensitive, reported in its canonical spelling) or a POSIX spec
    (``UTC+3`` is three hours *west*, ``XYZ5ABC``).  Abbreviations such as
    ``PST`` are not zones: 22023, as in PostgreSQL.  The zone is None for
    UTC itself (the fast path everywhere).
    """
    west: int | None = None
    m = _SET_INTERVAL_RE().fullmatch(value)
    if m is not None:
        try:
            iv = parse_interval(m.group(1).replace("''", "'"), m.group(2).lower() if m.group(2) else None)
        except errors.Error:
            _invalid_time_zone_setting(value)
        if iv.months or iv.days:
            _invalid_time_zone_setting(f"INTERVAL '{format_interval(iv)}'")
        west = -_tdiv(iv.micros, USECS_PER_SEC)
    else:
        try:
            hours = float(value)
        except ValueError:
            hours = math.nan
        if math.isfinite(hours) and value.strip() == value and not value.lower().startswith(("inf", "nan")):
            west = -int(hours * 3600)
    if west is not None:
        if not -SECS_PER_DAY < west < SECS_PER_DAY:
            _invalid_time_zone_setting(value)
        name = _offset_zone_name(west)
        return SessionZone(west, name[1:name.index(">")]), name
    zone = find_zone(value)
    if zone is None:
        _invalid_time_zone_setting(value)
    from zoneinfo import ZoneInfo

    if isinstance(zone, ZoneInfo):
        if zone.key in ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"):
            return None, zone.key
        return SessionZone(zone), zone.key
    std_abbrev, dst_abbrev = _posix_abbrevs(value[1:] if value.startswith(":") else value)
    return SessionZone(zone, std_abbrev, dst_abbrev), value


def _posix_abbrevs(spec: str) -> tuple[str, str]:
    """The standard and daylight-saving names of a POSIX spec (``XYZ5ABC``, ``<-05>+05``)."""
    names = ["", ""]
    p = 0
    for k in range(2):
        r = _posix_name(spec, p)
        if r is None or r[0] == 0:
            break
        quoted = 1 if spec[p:p + 1] == "<" else 0
        names[k] = spec[p + quoted:p + quoted + r[0]]
        p = r[1]
        while p < len(spec) and spec[p] in "0123456789:+-":
            p += 1
    return names[0], names[1]


def _west_at_utc_micros(zone: Zone, t: int) -> int:
    """The offset (seconds west of UTC) in effect in ``zone`` at Timestamp micros ``t`` (UTC)."""
    if isinstance(zone, int):
        return zone
    if isinstance(zone, PosixZone):
        return zone.offset_at_utc((t - _UNIX_EPOCH_TS) // USECS_PER_SEC)
    if t < _PY_MIN_TS + 2 * USECS_PER_DAY or t >= _PY_END_TS - 2 * USECS_PER_DAY:
        t = min(max(t, _PY_MIN_TS + 2 * USECS_PER_DAY), _PY_END_TS - 2 * USECS_PER_DAY)  # zones do not change there
    return zone_offset_at_utc(zone, _EPOCH_DT_TZ + timedelta(microseconds=t))


def session_local_micros(t: int) -> tuple[int, int]:
    """timestamp2tm with the session zone: UTC micros -> (local wall-time micros, seconds west)."""
    sz = SESSION_ZONE.get()
    if sz is None:
        return t, 0
    tz = _west_at_utc_micros(sz.zone, t)
    return t - tz * USECS_PER_SEC, tz


def session_utc_micros(local: int) -> int:
    """tm2timestamp after DetermineTimeZoneOffset: session wall-time micros -> UTC micros."""
    sz = SESSION_ZONE.get()
    if sz is None:
        return local
    y, m, d, tod = _split_ts(local)
    return local + zone_offset_at_local(sz.zone, y, m, d, tod // USECS_PER_SEC) * USECS_PER_SEC


def to_session_local(ts: datetime) -> datetime:
    """A timestamptz as the session zone's wall time (a naive datetime)."""
    if SESSION_ZONE.get() is None:
        return _as_utc(ts).replace(tzinfo=None)
    return _ts_from_micros(session_local_micros(_micros_from_ts(ts))[0])


def session_wall_time(ts: datetime) -> tuple[datetime, int]:
    """A timestamptz as the session zone's wall time (naive) and the offset then (seconds west)."""
    local, tz = session_local_micros(_micros_from_ts(ts))
    return _ts_from_micros(local), tz


def session_zone_abbrev(ts: datetime) -> str:
    """The session time zone's abbreviation at timestamptz ``ts`` (UTC when none is set)."""
    sz = SESSION_ZONE.get()
    return "UTC" if sz is None else sz.abbrev_at(_micros_from_ts(ts))


def from_session_local(ts: datetime) -> datetime:
    """A wall time (naive datetime) read in the session zone, as a timestamptz."""
    if SESSION_ZONE.get() is None:
        return ts.replace(tzinfo=UTC)
    return _tstz_from_micros(session_utc_micros(_micros_from_ts(ts)))


def session_west_at_local(y: int, mo: int, d: int, secs_of_day: int) -> int:
    """DetermineTimeZoneOffset with the session zone: the offset (seconds west) of a local time."""
    sz = SESSION_ZONE.get()
    if sz is None:
        return 0
    return zone_offset_at_local(sz.zone, y, mo, d, secs_of_day)


def _session_now(now: datetime | None) -> tuple[datetime, int]:
    """GetCurrentTimeUsec: the transaction start as session wall time (naive) and its offset (seconds west)."""
    t = _now(now)
    if SESSION_ZONE.get() is None:
        return t.replace(tzinfo=None), 0
    local, tz = session_local_micros(_micros_from_ts(t))
    return _ts_from_micros(local), tz


def session_today(now: datetime | None = None) -> date:
    """The transaction's start date in the session zone (GetCurrentDateTime's date)."""
    t = _now(now)
    if SESSION_ZONE.get() is not None:
        t = to_session_local(t)
    return date(t.year, t.month, t.day)


_FIXED_PROBES = (
    datetime(1, 6, 1, tzinfo=UTC), datetime(1850, 1, 1, tzinfo=UTC), datetime(1900, 1, 1, tzinfo=UTC),
    datetime(1940, 1, 1, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC), datetime(1990, 7, 1, tzinfo=UTC),
    datetime(2000, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 7, 1, tzinfo=UTC),
    datetime(2100, 1, 1, tzinfo=UTC), datetime(2100, 7, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC),
)


@lru_cache(maxsize=256)
def _fixed_zone_offset(zone: ZoneInfo) -> int | None:
    """pg_get_timezone_offset: the offset of a zone that never changes, else None.

    Approximated by probing the zone at a dozen instants from year 1 to 9999.
    """
    offs = {zone_offset_at_utc(zone, p) for p in _FIXED_PROBES}
    return offs.pop() if len(offs) == 1 else None


@lru_cache(maxsize=64)
def _abbrev_history(zone: ZoneInfo, upper: str) -> tuple[list[int], list[int]]:
    """Monthly samples (Unix seconds, offset west) from 1800 to 2100 at which ``zone`` used ``upper``."""
    times: list[int] = []
    offsets: list[int] = []
    for year in range(1800, 2101):
        for month in range(1, 13):
            for day in (1, 16):
                probe = datetime(year, month, day, tzinfo=UTC)
                local = probe.astimezone(zone)
                if local.tzname() == upper:
                    off = local.utcoffset()
                    assert off is not None
                    times.append(int(probe.timestamp()))
                    offsets.append(-(off.days * SECS_PER_DAY + off.seconds))
    return times, offsets


def _interpret_abbrev(zone: ZoneInfo, abbrev: str, unix_seconds: int) -> int | None:
    """pg_interpret_timezone_abbrev: what ``abbrev`` meant in ``zone`` around ``instant``.

    PostgreSQL walks the zone's transitions for the last use of the
    abbreviation at or before the instant (else the first one after).
    :mod:`zoneinfo` does not expose transitions, so this checks the instant
    itself, then twice-monthly samples of 1800-2100.  Returns the offset in
    seconds west of UTC, or None if the zone never used the abbreviation.
    """
    upper = abbrev.upper()
    try:
        local: datetime | None = (_UNIX_EPOCH + timedelta(seconds=unix_seconds)).astimezone(zone)
    except OverflowError:
        local = None
    if local is not None and local.tzname() == upper:
        off = local.utcoffset()
        assert off is not None
        return -(off.days * SECS_PER_DAY + off.seconds)
    times, offsets = _abbrev_history(zone, upper)
    if not times:
        return None
    pos = bisect.bisect_right(times, unix_seconds) - 1
    return offsets[pos] if pos >= 0 else offsets[0]


def _abbrev_offset_at_local(zone: ZoneInfo, abbrev: str, y: int, mo: int, d: int, secs: int) -> int:
    """DetermineTimeZoneAbbrevOffset for a dynamic abbreviation (``MSK``...)."""
    zone_off = zone_offset_at_local(zone, y, mo, d, secs)
    unix_seconds = (date2j(y, mo, d) - UNIX_EPOCH_JDATE) * SECS_PER_DAY + secs + zone_off
    found = _interpret_abbrev(zone, abbrev, unix_seconds)
    return zone_off if found is None else found


def _decode_timezone_abbrev(lowtoken: str) -> tuple[int, int, ZoneInfo | None]:
    """DecodeTimezoneAbbrev: (type TZ/DTZ/DYNTZ/UNKNOWN_FIELD, UTC offset east, zone)."""
    entry = TZ_ABBREVIATIONS.get(lowtoken[:TOKMAXLEN])
    if entry is None:
        return UNKNOWN_FIELD, 0, None
    if isinstance(entry, str):
        from zoneinfo import ZoneInfo

        return DYNTZ, 0, ZoneInfo(entry)
    offset, is_dst = entry
    return (DTZ if is_dst else TZ), offset, None


def _zone_not_recognized(name: str) -> NoReturn:
    raise errors.InvalidParameterValue(f'time zone "{name}" not recognized')


def _downcase_truncate(s: str) -> str:
    """downcase_truncate_identifier: ASCII-lowercase, clipped to 63 bytes."""
    low = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)
    b = low.encode("utf-8")
    if len(b) > 63:
        low = b[:63].decode("utf-8", "ignore")
    return low


def resolve_zone_argument(name: str) -> tuple[Zone, str | None]:
    """A zone named in a function argument (``AT TIME ZONE``, ``date_trunc``...).

    Returns (zone, dynamic abbreviation or None).  Abbreviations are tried
    before zone names, as ``timestamptz_zone`` does.
    """
    low = _downcase_truncate(name)
    typ, val, dyn = _decode_timezone_abbrev(low)
    if typ in (TZ, DTZ):
        return -val, None
    if typ == DYNTZ:
        assert dyn is not None
        return dyn, name
    zone = find_zone(name)
    if zone is None:
        _zone_not_recognized(name)
    return zone, None


# ---------------------------------------------------------------------------
# Date/time input: a port of DecodeDateTime / DecodeTimeOnly (PostgreSQL 16)
# ---------------------------------------------------------------------------


class _TM:
    """struct pg_tm plus the few out-parameters the decoders share."""

    __slots__ = ("year", "mon", "mday", "hour", "min", "sec", "fsec", "yday", "wday", "tz", "is2digits")

    def __init__(self) -> None:
        self.year = 0
        self.mon = 0
        self.mday = 0
        self.hour = 0
        self.min = 0
        self.sec = 0
        self.fsec = 0
        self.yday = 0
        self.wday = 0
        self.tz = 0  # seconds west of UTC
        self.is2digits = False

    def time_of_day(self) -> int:
        return ((self.hour * 60 + self.min) * 60 + self.sec) * USECS_PER_SEC + self.fsec

    def set_now(self, now: datetime) -> None:
        self.year, self.mon, self.mday = now.year, now.month, now.day
        self.hour, self.min, self.sec, self.fsec = now.hour, now.minute, now.second, now.microsecond


def _bad() -> NoReturn:
    raise DtErr(DTERR_BAD_FORMAT)


def _overflow() -> NoReturn:
    raise DtErr(DTERR_FIELD_OVERFLOW)


def _atoi(s: str) -> int:
    v, _ = strtol(s, 0)
    return v


def _decode_timezone(s: str) -> int:
    """DecodeTimezone: ``+hh[:mm[:ss]]``/``-hhmm`` -> seconds west of UTC."""
    if not s or s[0] not in "+-":
        _bad()
    n = len(s)
    try:
        hr, p = strtoint(s, 1)
        sec = 0
        if p < n and s[p] == ":":
            minute, p = strtoint(s, p + 1)
            if p < n and s[p] == ":":
                sec, p = strtoint(s, p + 1)
        elif p == n and n > 3:
            minute = _tmod(hr, 100)
            hr = _tdiv(hr, 100)
        else:
            minute = 0
    except DtErr:
        raise DtErr(DTERR_TZDISP_OVERFLOW) from None
    if hr < 0 or hr > MAX_TZDISP_HOUR or minute < 0 or minute >= 60 or sec < 0 or sec >= 60:
        raise DtErr(DTERR_TZDISP_OVERFLOW)
    tz = (hr * 60 + minute) * 60 + sec
    if s[0] == "-":
        tz = -tz
    if p != n:
        _bad()
    return -tz


def _decode_number_field(s: str, fmask: int, tm: _TM) -> tuple[int, int]:
    """DecodeNumberField: run-together date (yyyymmdd) or time (hhmmss) -> (DTK_DATE|DTK_TIME, tmask)."""
    cp = s.find(".")
    if cp >= 0:
        if cp + 1 == len(s):
            tm.fsec = 0
        else:
            frac, _end, erange = strtod(s, cp)
            if erange:
                _bad()
            tm.fsec = int(round(frac * 1000000))
        s = s[:cp]
    elif (fmask & DTK_DATE_M) != DTK_DATE_M:
        if len(s) >= 6:
            tm.mday = _atoi(s[-2:])
            tm.mon = _atoi(s[-4:-2])
            tm.year = _atoi(s[:-4])
            if len(s) - 4 == 2:
                tm.is2digits = True
            return DTK_DATE, DTK_DATE_M
    if (fmask & DTK_TIME_M) != DTK_TIME_M:
        if len(s) == 6:
            tm.sec = _atoi(s[4:])
            tm.min = _atoi(s[2:4])
            tm.hour = _atoi(s[:2])
            return DTK_TIME, DTK_TIME_M
        if len(s) == 4:
            tm.sec = 0
            tm.min = _atoi(s[2:])
            tm.hour = _atoi(s[:2])
            return DTK_TIME, DTK_TIME_M
    _bad()


def _decode_number(flen: int, s: str, have_text_month: bool, fmask: int, tm: _TM) -> int:
    """DecodeNumber: a plain number in a date, placed by context (DateStyle MDY)."""
    val, p = strtoint(s, 0)
    if p == 0:
        _bad()
    n = len(s)
    if p < n and s[p] == ".":
        if p > 2:
            _r, tmask = _decode_number_field(s, fmask | DTK_DATE_M, tm)
            return tmask
        tm.fsec = parse_fractional_second(s, p)
    elif p != n:
        _bad()
    if flen == 3 and (fmask & DTK_DATE_M) == DTK_M(YEAR) and 1 <= val <= 366:
        tm.yday = val
        return DTK_M(DOY) | DTK_M(MONTH) | DTK_M(DAY)
    have = fmask & DTK_DATE_M
    if have == 0:
        if flen >= 3:
            tmask = DTK_M(YEAR)
            tm.year = val
        else:  # DateOrder MDY
            tmask = DTK_M(MONTH)
            tm.mon = val
    elif have == DTK_M(YEAR):
        tmask = DTK_M(MONTH)
        tm.mon = val
    elif have == DTK_M(MONTH):
        if have_text_month:
            if flen >= 3:
                tmask = DTK_M(YEAR)
                tm.year = val
            else:
                tmask = DTK_M(DAY)
                tm.mday = val
        else:
            tmask = DTK_M(DAY)
            tm.mday = val
    elif have == DTK_M(YEAR) | DTK_M(MONTH):
        if have_text_month and flen >= 3 and tm.is2digits:
            tmask = DTK_M(DAY)
            tm.mday = tm.year
            tm.year = val
            tm.is2digits = False
        else:
            tmask = DTK_M(DAY)
            tm.mday = val
    elif have == DTK_M(DAY):
        tmask = DTK_M(MONTH)
        tm.mon = val
    elif have == DTK_M(MONTH) | DTK_M(DAY):
        tmask = DTK_M(YEAR)
        tm.year = val
    elif have == DTK_DATE_M:
        _r, tmask = _decode_number_field(s, fmask, tm)
        return tmask
    else:
        _bad()
    if tmask == DTK_M(YEAR):
        tm.is2digits = flen <= 2
    return tmask


_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = frozenset("0123456789")


def _decode_date(s: str, fmask: int, tm: _TM) -> int:
    """DecodeDate: a date with delimiters (``2024-01-31``, ``1/31/2024``, ``31-jan-2024``)."""
    flds: list[str | None] = []
    n = len(s)
    i = 0
    while i < n and len(flds) < MAXDATEFIELDS:
        while i < n and s[i] not in _ALNUM:
            i += 1
        if i >= n:
            _bad()
        start = i
        if s[i] in _DIGIT:
            while i < n and s[i] in _DIGIT:
                i += 1
        else:
            while i < n and s[i] in _ALNUM and s[i] not in _DIGIT:
                i += 1
        flds.append(s[start:i])
        if i < n:
            i += 1  # this character became the field's terminator
    tmask = 0
    have_text_month = False
    for idx, f in enumerate(flds):
        assert f is not None
        if f[0] not in _DIGIT:
            typ, val = decode_special(f)
            if typ == IGNORE_DTF:
                continue
            dmask = DTK_M(typ)
            if typ != MONTH:
                _bad()
            tm.mon = val
            have_text_month = True
            if fmask & dmask:
                _bad()
            fmask |= dmask
            tmask |= dmask
            flds[idx] = None
    saved_fsec = tm.fsec  # DecodeDate gives DecodeNumber a scratch fsec
    for f in flds:
        if f is None:
            continue
        dmask = _decode_number(len(f), f, have_text_month, fmask, tm)
        if fmask & dmask:
            _bad()
        fmask |= dmask
        tmask |= dmask
    tm.fsec = saved_fsec
    if (fmask & ~(DTK_M(DOY) | DTK_M(TZ))) != DTK_DATE_M:
        _bad()
    return tmask


def _validate_date(fmask: int, isjulian: bool, bc: bool, tm: _TM) -> None:
    """ValidateDate: year conventions (BC, 2-digit), day of year, month/day ranges."""
    if fmask & DTK_M(YEAR):
        if isjulian:
            pass
        elif bc:
            if tm.year <= 0:
                _overflow()
            tm.year = -(tm.year - 1)
        elif tm.is2digits:
            if tm.year < 0:
                _overflow()
            if tm.year < 70:
                tm.year += 2000
            elif tm.year < 100:
                tm.year += 1900
        elif tm.year <= 0:
            _overflow()
    if fmask & DTK_M(DOY):
        tm.year, tm.mon, tm.mday = j2date(date2j(tm.year, 1, 1) + tm.yday - 1)
    if fmask & DTK_M(MONTH):
        if tm.mon < 1 or tm.mon > 12:
            raise DtErr(DTERR_MD_FIELD_OVERFLOW)
    if fmask & DTK_M(DAY):
        if tm.mday < 1 or tm.mday > 31:
            raise DtErr(DTERR_MD_FIELD_OVERFLOW)
    if (fmask & DTK_DATE_M) == DTK_DATE_M:
        if tm.mday > days_in_month(tm.year, tm.mon):
            _overflow()


def _decode_time(s: str, tm: _TM) -> int:
    """DecodeTime for timestamps: ``hh:mm[:ss[.f]]`` (or ``mm:ss.f``)."""
    hour, minute, sec, usec = decode_time_common(s, INTERVAL_FULL_RANGE)
    if hour > INT32_MAX:
        _overflow()
    tm.hour, tm.min, tm.sec, tm.fsec = hour, minute, sec, usec
    return DTK_TIME_M


def _time_overflows(hour: int, minute: int, sec: int, fsec: int) -> bool:
    if hour < 0 or hour > 24 or minute < 0 or minute >= 60 or sec < 0 or sec > 60 or fsec < 0 or fsec > USECS_PER_SEC:
        return True
    return (((hour * 60 + minute) * 60) + sec) * USECS_PER_SEC + fsec > USECS_PER_DAY


def _dt2time(t: int) -> tuple[int, int, int, int]:
    hour = _tdiv(t, USECS_PER_HOUR)
    t -= hour * USECS_PER_HOUR
    minute = _tdiv(t, USECS_PER_MINUTE)
    t -= minute * USECS_PER_MINUTE
    sec = _tdiv(t, USECS_PER_SEC)
    return hour, minute, sec, t - sec * USECS_PER_SEC


def _lookup_word(field: str) -> tuple[int, int, ZoneInfo | None]:
    """Time zone abbreviations take precedence over the built-in keywords."""
    typ, val, valtz = _decode_timezone_abbrev(field)
    if typ == UNKNOWN_FIELD:
        typ, val = decode_special(field)
    return typ, val, valtz


def _decode_date_time(fields: list[str], ftypes: list[int], now: datetime | None) -> tuple[int, _TM]:
    """DecodeDateTime (PostgreSQL 16): returns (dtype, tm) with tm.tz resolved."""
    tm = _TM()
    dtype = DTK_DATE
    fmask = 0
    ptype = 0
    mer = HR24
    have_text_month = False
    isjulian = False
    bc = False
    named_tz: Zone | None = None
    abbrev_tz: ZoneInfo | None = None
    abbrev = ""
    nf = len(fields)
    for i in range(nf):
        field = fields[i]
        ft = ftypes[i]
        if ft == DTK_DATE:
            if ptype == DTK_JULIAN:
                # integral julian day with attached time zone
                val, p = strtoint(field, 0)
                if val < 0:
                    _overflow()
                tm.year, tm.mon, tm.mday = j2date(val)
                isjulian = True
                tm.tz = _decode_timezone(field[p:])
                tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                ptype = 0
            elif ptype != 0 or (fmask & (DTK_M(MONTH) | DTK_M(DAY))) == (DTK_M(MONTH) | DTK_M(DAY)):
                # a zone name with punctuation, or a run-together time with a zone
                if field[0] in _DIGIT or ptype != 0:
                    if ptype != 0:
                        if ptype != DTK_TIME:
                            _bad()
                        ptype = 0
                    if (fmask & DTK_TIME_M) == DTK_TIME_M:
                        _bad()
                    cp = field.find("-")
                    if cp < 0:
                        _bad()
                    tm.tz = _decode_timezone(field[cp:])
                    _r, tmask = _decode_number_field(field[:cp], fmask, tm)
                    tmask |= DTK_M(TZ)
                else:
                    named_tz = find_zone(field)
                    if named_tz is None:
                        _zone_not_recognized(field)
                    tmask = DTK_M(TZ)
            else:
                tmask = _decode_date(field, fmask, tm)
        elif ft == DTK_TIME:
            if ptype != 0:
                if ptype != DTK_TIME:
                    _bad()
                ptype = 0
            tmask = _decode_time(field, tm)
            if _time_overflows(tm.hour, tm.min, tm.sec, tm.fsec):
                _overflow()
        elif ft == DTK_TZ:
            tm.tz = _decode_timezone(field)
            tmask = DTK_M(TZ)
        elif ft == DTK_NUMBER:
            if ptype != 0:
                val, p = strtoint(field, 0)
                if p != len(field) and field[p] != ".":
                    _bad()
                if ptype == DTK_JULIAN:
                    if val < 0:
                        _overflow()
                    tmask = DTK_DATE_M
                    tm.year, tm.mon, tm.mday = j2date(val)
                    isjulian = True
                    if p < len(field):
                        frac = parse_fraction(field, p)
                        tm.hour, tm.min, tm.sec, tm.fsec = _dt2time(int(frac * USECS_PER_DAY))
                        tmask |= DTK_TIME_M
                elif ptype == DTK_TIME:
                    _r, tmask = _decode_number_field(field, fmask | DTK_DATE_M, tm)
                    if tmask != DTK_TIME_M:
                        _bad()
                else:
                    _bad()
                ptype = 0
                dtype = DTK_DATE
            else:
                flen = len(field)
                cp = field.find(".")
                if cp >= 0 and not (fmask & DTK_DATE_M):
                    tmask = _decode_date(field, fmask, tm)
                elif cp > 2:
                    _r, tmask = _decode_number_field(field, fmask, tm)
                elif flen >= 6 and (not (fmask & DTK_DATE_M) or not (fmask & DTK_TIME_M)):
                    _r, tmask = _decode_number_field(field, fmask, tm)
                else:
                    tmask = _decode_number(flen, field, have_text_month, fmask, tm)
        elif ft == DTK_STRING or ft == DTK_SPECIAL:
            typ, val, valtz = _lookup_word(field)
            if typ == IGNORE_DTF:
                continue
            tmask = DTK_M(typ)
            if typ == RESERV:
                if val == DTK_NOW:
                    tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                    dtype = DTK_DATE
                    local, tm.tz = _session_now(now)
                    tm.set_now(local)
                elif val in (DTK_YESTERDAY, DTK_TODAY, DTK_TOMORROW):
                    tmask = DTK_DATE_M
                    dtype = DTK_DATE
                    delta = {DTK_YESTERDAY: -1, DTK_TODAY: 0, DTK_TOMORROW: 1}[val]
                    cur = session_today(now)
                    tm.year, tm.mon, tm.mday = j2date(date2j(cur.year, cur.month, cur.day) + delta)
                elif val == DTK_ZULU:
                    tmask = DTK_TIME_M | DTK_M(TZ)
                    dtype = DTK_DATE
                    tm.hour = tm.min = tm.sec = 0
                    tm.tz = 0
                else:
                    # epoch, infinity, -infinity: nothing else may be given
                    tmask = DTK_DATE_M | DTK_TIME_M | DTK_M(TZ)
                    dtype = val
            elif typ == MONTH:
                if (fmask & DTK_M(MONTH)) and not have_text_month and not (fmask & DTK_M(DAY)) and 1 <= tm.mon <= 31:
                    tm.mday = tm.mon
                    tmask = DTK_M(DAY)
                have_text_month = True
                tm.mon = val
            elif typ == DTZMOD:
                tmask |= DTK_M(DTZ)
                tm.tz -= val
            elif typ == DTZ:
                tmask |= DTK_M(TZ)
                tm.tz = -val
            elif typ == TZ:
                tm.tz = -val
            elif typ == DYNTZ:
                tmask |= DTK_M(TZ)
                abbrev_tz = valtz
                abbrev = field
            elif typ == AMPM:
                mer = val
            elif typ == ADBC:
                bc = val == BC
            elif typ == DOW:
                tm.wday = val
            elif typ == UNITS:
                tmask = 0
                if ptype != 0:
                    _bad()
                ptype = val
            elif typ == ISOTIME:
                tmask = 0
                if ptype != 0:
                    _bad()
                if (fmask & DTK_DATE_M) != DTK_DATE_M:
                    _bad()
                ptype = val
            elif typ == UNKNOWN_FIELD:
                # perhaps an all-alpha zone name ("japan")
                named_tz = find_zone(field)
                if named_tz is None:
                    _bad()
                tmask = DTK_M(TZ)
            else:
                _bad()
        else:
            _bad()
        if tmask & fmask:
            _bad()
        fmask |= tmask
    if ptype != 0:
        _bad()
    if dtype != DTK_DATE:
        return dtype, tm  # epoch/infinity: the other fields were rejected above
    _validate_date(fmask, isjulian, bc, tm)
    if mer != HR24 and tm.hour > 12:
        _overflow()
    if mer == AM and tm.hour == 12:
        tm.hour = 0
    elif mer == PM and tm.hour != 12:
        tm.hour += 12
    if (fmask & DTK_DATE_M) != DTK_DATE_M:
        _bad()  # PostgreSQL returns 1 ("time only"), which callers report as bad syntax
    secs = (tm.hour * 60 + tm.min) * 60 + tm.sec
    if named_tz is not None:
        if fmask & DTK_M(DTZMOD):
            _bad()
        tm.tz = zone_offset_at_local(named_tz, tm.year, tm.mon, tm.mday, secs)
    if abbrev_tz is not None:
        if fmask & DTK_M(DTZMOD):
            _bad()
        tm.tz = _abbrev_offset_at_local(abbrev_tz, abbrev, tm.year, tm.mon, tm.mday, secs)
    if not fmask & DTK_M(TZ):
        if fmask & DTK_M(DTZMOD):
            _bad()
        tm.tz = session_west_at_local(tm.year, tm.mon, tm.mday, secs)
    return dtype, tm


def _decode_time_only(fields: list[str], ftypes: list[int], now: datetime | None) -> _TM:
    """DecodeTimeOnly (PostgreSQL 16), for time and timetz input."""
    tm = _TM()
    fmask = 0
    ptype = 0
    isjulian = False
    bc = False
    mer = HR24
    named_tz: Zone | None = None
    abbrev_tz: ZoneInfo | None = None
    abbrev = ""
    nf = len(fields)
    for i in range(nf):
        field = fields[i]
        ft = ftypes[i]
        if ft == DTK_DATE:
            if i == 0 and nf >= 2 and (ftypes[nf - 1] == DTK_DATE or ftypes[1] == DTK_TIME):
                tmask = _decode_date(field, fmask, tm)
            elif field[0] in _DIGIT:
                if (fmask & DTK_TIME_M) == DTK_TIME_M:
                    _bad()
                cp = field.find("-")
                if cp < 0:
                    _bad()
                tm.tz = _decode_timezone(field[cp:])
                _r, tmask = _decode_number_field(field[:cp], fmask | DTK_DATE_M, tm)
                tmask |= DTK_M(TZ)
            else:
                named_tz = find_zone(field)
                if named_tz is None:
                    _zone_not_recognized(field)
                tmask = DTK_M(TZ)
        elif ft == DTK_TIME:
            tmask = _decode_time(field, tm)
        elif ft == DTK_TZ:
            tm.tz = _decode_timezone(field)
            tmask = DTK_M(TZ)
        elif ft == DTK_NUMBER:
            if ptype != 0:
                val, p = strtoint(field, 0)
                if p != len(field) and field[p] != ".":
                    _bad()
                if ptype == DTK_JULIAN:
                    if val < 0:
                        _overflow()
                    tmask = DTK_DATE_M
                    tm.year, tm.mon, tm.mday = j2date(val)
                    isjulian = True
                    if p < len(field):
                        frac = parse_fraction(field, p)
                        tm.hour, tm.min, tm.sec, tm.fsec = _dt2time(int(frac * USECS_PER_DAY))
                        tmask |= DTK_TIME_M
                elif ptype == DTK_TIME:
                    _r, tmask = _decode_number_field(field, fmask | DTK_DATE_M, tm)
                    if tmask != DTK_TIME_M:
                        _bad()
                else:
                    _bad()
                ptype = 0
            else:
                flen = len(field)
                cp = field.find(".")
                if cp >= 0:
                    if i == 0 and nf >= 2 and ftypes[nf - 1] == DTK_DATE:
                        tmask = _decode_date(field, fmask, tm)
                    elif cp > 2:
                        _r, tmask = _decode_number_field(field, fmask | DTK_DATE_M, tm)
                    else:
                        _bad()
                elif flen > 4:
                    _r, tmask = _decode_number_field(field, fmask | DTK_DATE_M, tm)
                else:
                    tmask = _decode_number(flen, field, False, fmask | DTK_DATE_M, tm)
        elif ft == DTK_STRING or ft == DTK_SPECIAL:
            typ, val, valtz = _lookup_word(field)
            if typ == IGNORE_DTF:
                continue
            tmask = DTK_M(typ)
            if typ == RESERV:
                if val == DTK_NOW:
                    tmask = DTK_TIME_M
                    tm.set_now(_session_now(now)[0])
                elif val == DTK_ZULU:
                    tmask = DTK_TIME_M | DTK_M(TZ)
                    tm.hour = tm.min = tm.sec = 0
                else:
                    _bad()
            elif typ == DTZMOD:
                tmask |= DTK_M(DTZ)
                tm.tz -= val
            elif typ == DTZ:
                tmask |= DTK_M(TZ)
                tm.tz = -val
            elif typ == TZ:
                tm.tz = -val
            elif typ == DYNTZ:
                tmask |= DTK_M(TZ)
                abbrev_tz = valtz
                abbrev = field
            elif typ == AMPM:
                mer = val
            elif typ == ADBC:
                bc = val == BC
            elif typ == UNITS:
                tmask = 0
                if ptype != 0:
                    _bad()
                ptype = val
            elif typ == ISOTIME:
                tmask = 0
                if ptype != 0:
                    _bad()
                ptype = val
            elif typ == UNKNOWN_FIELD:
                named_tz = find_zone(field)
                if named_tz is None:
                    _bad()
                tmask = DTK_M(TZ)
            else:
                _bad()
        else:
            _bad()
        if tmask & fmask:
            _bad()
        fmask |= tmask
    if ptype != 0:
        _bad()
    _validate_date(fmask, isjulian, bc, tm)
    if mer != HR24 and tm.hour > 12:
        _overflow()
    if mer == AM and tm.hour == 12:
        tm.hour = 0
    elif mer == PM and tm.hour != 12:
        tm.hour += 12
    if _time_overflows(tm.hour, tm.min, tm.sec, tm.fsec):
        _overflow()
    if (fmask & DTK_TIME_M) != DTK_TIME_M:
        _bad()
    secs = (tm.hour * 60 + tm.min) * 60 + tm.sec
    if named_tz is not None:
        if fmask & DTK_M(DTZMOD):
            _bad()
        if isinstance(named_tz, int):
            fixed: int | None = named_tz
        elif isinstance(named_tz, PosixZone):
            fixed = None
        else:
            fixed = _fixed_zone_offset(named_tz)
        if fixed is not None:
            tm.tz = fixed
        else:
            if (fmask & DTK_DATE_M) != DTK_DATE_M:
                _bad()  # a zone with DST needs a date
            tm.tz = zone_offset_at_local(named_tz, tm.year, tm.mon, tm.mday, secs)
    if abbrev_tz is not None:
        if fmask & DTK_M(DTZMOD):
            _bad()
        if (fmask & DTK_DATE_M) == 0:
            cur = session_today(now)
            y, mo, d = cur.year, cur.month, cur.day
        elif (fmask & DTK_DATE_M) != DTK_DATE_M:
            _bad()
        else:
            y, mo, d = tm.year, tm.mon, tm.mday
        tm.tz = _abbrev_offset_at_local(abbrev_tz, abbrev, y, mo, d, secs)
    if not fmask & DTK_M(TZ):
        if fmask & DTK_M(DTZMOD):
            _bad()
        if fmask & DTK_DATE_M and (fmask & DTK_DATE_M) != DTK_DATE_M:
            _bad()
        if SESSION_ZONE.get() is None:
            tm.tz = 0
        elif (fmask & DTK_DATE_M) == 0:
            on = session_today(now)
            tm.tz = session_west_at_local(on.year, on.month, on.day, secs)
        else:
            tm.tz = session_west_at_local(tm.year, tm.mon, tm.mday, secs)
    return tm


# ---------------------------------------------------------------------------
# Input functions
# ---------------------------------------------------------------------------

_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TS_RE = lazy_pattern(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ Tt]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(?:([zZ])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?"
)
_TIME_RE = lazy_pattern(
    r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?(?:([zZ])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?"
)


def _fast_offset(z: str | None, sign: str | None, hh: str | None, mm: str | None) -> int | None:
    """UTC offset (seconds east) of a fast-path zone suffix; None: let the full parser decide."""
    if sign is None:
        return 0
    h = int(hh or 0)
    m = int(mm or 0)
    if h > MAX_TZDISP_HOUR or m >= 60:
        return None
    off = (h * 60 + m) * 60
    return -off if sign == "-" else off


def _infinite(typename: str, text: str) -> NoReturn:
    raise errors.DatetimeFieldOverflow(
        f'{typename} out of range: "{text}"',
        detail=f"pydsql cannot represent infinite {typename} values.",
    )


def parse_date(text: str, now: datetime | None = None) -> date:
    """PostgreSQL's ``date_in`` (DateStyle ISO, MDY).

    ``now`` is the transaction timestamp used for ``'today'``, ``'now'``...
    (default: :data:`TRANSACTION_NOW`).
    """
    m = _DATE_RE.fullmatch(text)
    if m is not None:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass  # year 0, February 30...: the full parser reports it
    try:
        fields, ftypes = parse_datetime_fields(text, MAXDATELEN + 1)
        dtype, tm = _decode_date_time(fields, ftypes, now)
    except DtErr as e:
        datetime_parse_error(e.code, text, "date")
    if dtype == DTK_EPOCH:
        return date(1970, 1, 1)
    if dtype in (DTK_LATE, DTK_EARLY):
        _infinite("date", text)
    if dtype != DTK_DATE:  # pragma: no cover - DecodeDateTime returns no other dtype
        datetime_parse_error(DTERR_BAD_FORMAT, text, "date")
    message = f'date out of range: "{text}"'
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise errors.DatetimeFieldOverflow(message)
    d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(d):
        raise errors.DatetimeFieldOverflow(message)
    return _date_from_adt(d, message)


def _parse_ts_common(text: str, typename: str, now: datetime | None) -> tuple[int, _TM]:
    try:
        fields, ftypes = parse_datetime_fields(text, MAXDATELEN + MAXDATEFIELDS)
        return _decode_date_time(fields, ftypes, now)
    except DtErr as e:
        datetime_parse_error(e.code, text, typename)


def parse_timestamp(text: str, now: datetime | None = None) -> datetime:
    """PostgreSQL's ``timestamp_in``: a time zone in the text is checked, then ignored."""
    m = _TS_RE().fullmatch(text)
    if m is not None:
        y, mo, d, h, mi, s, frac, z, sign, oh, om = m.groups()
        if _fast_offset(z, sign, oh, om) is not None:
            try:
                return datetime(
                    int(y), int(mo), int(d), int(h), int(mi), int(s or 0), int(frac.ljust(6, "0")) if frac else 0
                )
            except ValueError:
                pass
    dtype, tm = _parse_ts_common(text, "timestamp", now)
    if dtype == DTK_EPOCH:
        return datetime(1970, 1, 1)
    if dtype in (DTK_LATE, DTK_EARLY):
        _infinite("timestamp", text)
    message = f'timestamp out of range: "{text}"'
    t = _tm2timestamp(tm.year, tm.mon, tm.mday, tm.time_of_day())
    if t is None:
        raise errors.DatetimeFieldOverflow(message)
    return _ts_from_micros(t, message)


def parse_timestamptz(text: str, now: datetime | None = None) -> datetime:
    """PostgreSQL's ``timestamptz_in``: the result is an aware datetime in UTC.

    Text without a zone is read in the session time zone.
    """
    m = _TS_RE().fullmatch(text)
    if m is not None:
        y, mo, d, h, mi, s, frac, z, sign, oh, om = m.groups()
        off = _fast_offset(z, sign, oh, om)
        if off is not None and (z is not None or sign is not None or SESSION_ZONE.get() is None):
            try:
                local = datetime(
                    int(y), int(mo), int(d), int(h), int(mi), int(s or 0),
                    int(frac.ljust(6, "0")) if frac else 0, tzinfo=UTC,
                )
                return local - timedelta(seconds=off) if off else local
            except (ValueError, OverflowError):
                pass
    dtype, tm = _parse_ts_common(text, "timestamp with time zone", now)
    if dtype == DTK_EPOCH:
        return datetime(1970, 1, 1, tzinfo=UTC)
    if dtype in (DTK_LATE, DTK_EARLY):
        _infinite("timestamp", text)
    message = f'timestamp out of range: "{text}"'
    t = _tm2timestamp(tm.year, tm.mon, tm.mday, tm.time_of_day())
    if t is not None:
        t += tm.tz * USECS_PER_SEC
        if not is_valid_timestamp(t):
            t = None
    if t is None:
        raise errors.DatetimeFieldOverflow(message)
    return _tstz_from_micros(t, message)


def _parse_time_common(text: str, typename: str, now: datetime | None) -> _TM:
    try:
        fields, ftypes = parse_datetime_fields(text, MAXDATELEN + 1)
        return _decode_time_only(fields, ftypes, now)
    except DtErr as e:
        datetime_parse_error(e.code, text, typename)


def _time_in_range(micros: int, text: str) -> time:
    if micros >= USECS_PER_DAY:
        raise errors.DatetimeFieldOverflow(
            f'time out of range: "{text}"',
            detail="pydsql represents time values with datetime.time, which cannot hold 24:00:00.",
        )
    return _time_from_micros(micros)


def parse_time(text: str, now: datetime | None = None) -> time:
    """PostgreSQL's ``time_in``: a naive ``datetime.time``; any zone is ignored."""
    m = _TIME_RE().fullmatch(text)
    if m is not None:
        h, mi, s, frac, z, sign, oh, om = m.groups()
        if _fast_offset(z, sign, oh, om) is not None:
            try:
                return time(int(h), int(mi), int(s or 0), int(frac.ljust(6, "0")) if frac else 0)
            except ValueError:
                pass
    tm = _parse_time_common(text, "time", now)
    return _time_in_range(tm.time_of_day(), text)


def parse_timetz(text: str, now: datetime | None = None) -> time:
    """PostgreSQL's ``timetz_in``: an aware ``datetime.time`` with a fixed offset.

    Text without a zone gets the session zone's offset (on the current date).  A zone name with
    daylight-saving rules needs a date in the text, as in PostgreSQL.
    """
    m = _TIME_RE().fullmatch(text)
    if m is not None:
        h, mi, s, frac, z, sign, oh, om = m.groups()
        off = _fast_offset(z, sign, oh, om)
        if off is not None and (z is not None or sign is not None or SESSION_ZONE.get() is None):
            try:
                return time(
                    int(h), int(mi), int(s or 0), int(frac.ljust(6, "0")) if frac else 0, tzinfo=_fixed_zone(off)
                )
            except ValueError:
                pass
    tm = _parse_time_common(text, "time with time zone", now)
    return _time_in_range(tm.time_of_day(), text).replace(tzinfo=_fixed_zone(-tm.tz))


# ---------------------------------------------------------------------------
# Output functions
# ---------------------------------------------------------------------------


def _fmt_hms(h: int, m: int, s: int, us: int) -> str:
    if us:
        return f"{h:02d}:{m:02d}:{s:02d}." + f"{us:06d}".rstrip("0")
    return f"{h:02d}:{m:02d}:{s:02d}"


def _encode_timezone(tz: int) -> str:
    """EncodeTimezone: ``tz`` is seconds west of UTC; prints +hh, +hh:mm or +hh:mm:ss."""
    sec = abs(tz)
    minute, sec = divmod(sec, 60)
    hour, minute = divmod(minute, 60)
    sign = "+" if tz <= 0 else "-"
    if sec:
        return f"{sign}{hour:02d}:{minute:02d}:{sec:02d}"
    if minute:
        return f"{sign}{hour:02d}:{minute:02d}"
    return f"{sign}{hour:02d}"


def format_date(d: date) -> str:
    """``date_out``, DateStyle ISO: ``2024-01-31``."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def format_time(t: time) -> str:
    """``time_out``: ``12:34:56.789`` (no trailing zeros, no zone)."""
    return _fmt_hms(t.hour, t.minute, t.second, t.microsecond)


def format_timetz(t: time) -> str:
    """``timetz_out``: ``12:34:56+05:30``."""
    return _fmt_hms(t.hour, t.minute, t.second, t.microsecond) + _encode_timezone(_timetz_zone(t))


def format_timestamp(dt: datetime) -> str:
    """``timestamp_out``, DateStyle ISO: ``2024-01-31 12:34:56.789``."""
    return (
        f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d} " + _fmt_hms(dt.hour, dt.minute, dt.second, dt.microsecond)
    )


def format_timestamptz(dt: datetime) -> str:
    """``timestamptz_out``: the session zone's wall time and offset, ``2024-01-31 12:34:56.789+00``."""
    if SESSION_ZONE.get() is None:
        off = dt.utcoffset()
        if off:
            dt = dt.astimezone(UTC)
        return format_timestamp(dt) + "+00"
    local, tz = session_local_micros(_micros_from_ts(dt))
    y, m, d, tod = _split_ts(local)
    sec, us = divmod(tod, USECS_PER_SEC)
    mi, sec = divmod(sec, 60)
    h, mi = divmod(mi, 60)
    # the wall time may fall outside Python's years (0001-01-01 in UTC+x): print it from fields
    return f"{y:04d}-{m:02d}-{d:02d} " + _fmt_hms(h, mi, sec, us) + _encode_timezone(tz)


def _as_utc(dt: datetime) -> datetime:
    """A timestamptz value normalised to a UTC-aware datetime."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    off = dt.utcoffset()
    if off or dt.tzinfo is not UTC:
        return dt.astimezone(UTC)
    return dt


# ---------------------------------------------------------------------------
# Type modifiers
# ---------------------------------------------------------------------------


def apply_precision(kind: str, value: Any, precision: int | None) -> Any:
    """Round a value to the precision of ``time(p)``, ``timestamp(p)``, ``interval(p)``...

    Half rounds away from zero, as PostgreSQL's ``AdjustTimestampForTypmod``
    does: for timestamps "zero" is 2000-01-01, so ``'1999-12-31
    23:59:59.5'::timestamp(0)`` is ``23:59:59``.  ``precision`` None means
    unconstrained; above 6 it is 6 (PostgreSQL lowers it with a warning when
    the type is declared).  Rounding a time up to 24:00:00 raises 22008
    (pydsql cannot represent it).  Other kinds are returned unchanged.
    """
    if precision is None:
        return value
    if precision < 0:
        label = {
            "time": "TIME", "timetz": "TIME", "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMP",
            "interval": "INTERVAL",
        }.get(kind, kind.upper())
        tz = " WITH TIME ZONE" if kind in ("timetz", "timestamptz") else ""
        raise errors.InvalidParameterValue(f"{label}({precision}){tz} precision must not be negative")
    if precision >= 6:
        return value
    if kind == "timestamp":
        return _ts_from_micros(round_micros(_micros_from_ts(value), precision))
    if kind == "timestamptz":
        return _tstz_from_micros(round_micros(_micros_from_ts(value), precision))
    if kind == "time":
        return _time_from_micros(round_micros(_micros_from_time(value), precision))
    if kind == "timetz":
        zone = _timetz_zone(value)
        return _timetz_from(round_micros(_micros_from_time(value), precision), zone)
    if kind == "interval":
        return apply_interval_typmod(value, precision)
    return value


# ---------------------------------------------------------------------------
# Arithmetic (the functions behind pg_operator)
# ---------------------------------------------------------------------------


def _ts_pl_interval(t: int, months: int, days: int, micros: int) -> int:
    """timestamp_pl_interval on Timestamp micros: months (day clamped to month end), then days, then time."""
    if months != 0:
        y, m, d, tod = _split_ts(t)
        m += months
        if not INT32_MIN <= m <= INT32_MAX:
            _ts_overflow()
        if m > 12:
            y += (m - 1) // 12
            m = (m - 1) % 12 + 1
        elif m < 1:
            y += _tdiv(m, 12) - 1
            m = _tmod(m, 12) + 12
        dim = days_in_month(y, m)
        if d > dim:
            d = dim
        r = _tm2timestamp(y, m, d, tod)
        if r is None:
            _ts_overflow()
        t = r
    if days != 0:
        y, m, d, tod = _split_ts(t)
        julian = date2j(y, m, d) + days
        if not INT32_MIN <= julian <= INT32_MAX or julian < 0:
            _ts_overflow()
        y, m, d = j2date(julian)
        r = _tm2timestamp(y, m, d, tod)
        if r is None:
            _ts_overflow()
        t = r
    t += micros
    if not INT64_MIN <= t <= INT64_MAX or not is_valid_timestamp(t):
        _ts_overflow()
    return t


def timestamp_pl_interval(ts: datetime, iv: Interval) -> datetime:
    """``timestamp + interval``: add months (clamping the day to the month's end), then days, then time."""
    return _ts_from_micros(_ts_pl_interval(_micros_from_ts(ts), iv.months, iv.days, iv.micros))


def timestamp_mi_interval(ts: datetime, iv: Interval) -> datetime:
    """``timestamp - interval``."""
    return _ts_from_micros(_ts_pl_interval(_micros_from_ts(ts), -iv.months, -iv.days, -iv.micros))


def interval_pl_timestamp(iv: Interval, ts: datetime) -> datetime:
    return timestamp_pl_interval(ts, iv)


def _tstz_pl_interval(t: int, months: int, days: int, micros: int) -> int:
    """timestamptz_pl_interval: months and days are steps of the session zone's calendar.

    ``'2024-03-30 12:00 Europe/Berlin' + interval '1 day'`` keeps 12:00 across
    the daylight-saving change (23 hours later), while ``+ interval '24
    hours'`` does not; the local time is re-resolved after each calendar step.
    """
    if SESSION_ZONE.get() is None or (months == 0 and days == 0):
        return _ts_pl_interval(t, months, days, micros)
    if months != 0:
        t = session_utc_micros(_ts_pl_interval(session_local_micros(t)[0], months, 0, 0))
    if days != 0:
        t = session_utc_micros(_ts_pl_interval(session_local_micros(t)[0], 0, days, 0))
    return _ts_pl_interval(t, 0, 0, micros)


def timestamptz_pl_interval(ts: datetime, iv: Interval) -> datetime:
    """``timestamptz + interval``, calendar steps taken in the session zone."""
    return _tstz_from_micros(_tstz_pl_interval(_micros_from_ts(ts), iv.months, iv.days, iv.micros))


def timestamptz_mi_interval(ts: datetime, iv: Interval) -> datetime:
    return _tstz_from_micros(_tstz_pl_interval(_micros_from_ts(ts), -iv.months, -iv.days, -iv.micros))


def date_add(ts: datetime, iv: Interval, zone: str | None = None, sign: int = 1) -> datetime:
    """``date_add(timestamptz, interval [, zone])`` (PostgreSQL 16; ``sign`` -1: date_subtract):
    ``+ interval`` with its calendar steps taken in ``zone`` (default: the session's)."""
    step = timestamptz_pl_interval if sign > 0 else timestamptz_mi_interval
    if zone is None:
        return step(ts, iv)
    token = SESSION_ZONE.set(SessionZone(resolve_zone_argument(zone)[0]))
    try:
        return step(ts, iv)
    finally:
        SESSION_ZONE.reset(token)


def interval_pl_timestamptz(iv: Interval, ts: datetime) -> datetime:
    return timestamptz_pl_interval(ts, iv)


def timestamp_mi(a: datetime, b: datetime) -> Interval:
    """``timestamp - timestamp``: days and time only (justify_hours), never months."""
    return justify_hours(Interval(0, 0, _micros_from_ts(a) - _micros_from_ts(b)))


def timestamptz_mi(a: datetime, b: datetime) -> Interval:
    """``timestamptz - timestamptz``: the difference of the instants, in days and time (justify_hours)."""
    return justify_hours(Interval(0, 0, _micros_from_ts(a) - _micros_from_ts(b)))


def date_pli(d: date, days: int) -> date:
    """``date + integer``."""
    r = _adt_from_date(d) + days
    if not is_valid_date(r):
        raise errors.DatetimeFieldOverflow("date out of range")
    return _date_from_adt(r)


def date_mii(d: date, days: int) -> date:
    """``date - integer``."""
    r = _adt_from_date(d) - days
    if not is_valid_date(r):
        raise errors.DatetimeFieldOverflow("date out of range")
    return _date_from_adt(r)


def integer_pl_date(days: int, d: date) -> date:
    return date_pli(d, days)


def date_mi(a: date, b: date) -> int:
    """``date - date``: the number of days, an integer."""
    return a.toordinal() - b.toordinal()


def date_pl_interval(d: date, iv: Interval) -> datetime:
    """``date + interval`` is a timestamp (the date at midnight, plus the interval)."""
    return _ts_from_micros(_ts_pl_interval(_adt_from_date(d) * USECS_PER_DAY, iv.months, iv.days, iv.micros))


def date_mi_interval(d: date, iv: Interval) -> datetime:
    return _ts_from_micros(_ts_pl_interval(_adt_from_date(d) * USECS_PER_DAY, -iv.months, -iv.days, -iv.micros))


def interval_pl_date(iv: Interval, d: date) -> datetime:
    return date_pl_interval(d, iv)


def datetime_pl(d: date, t: time) -> datetime:
    """``date + time`` is a timestamp."""
    return datetime.combine(d, t.replace(tzinfo=None))


def timedate_pl(t: time, d: date) -> datetime:
    return datetime_pl(d, t)


def datetimetz_pl(d: date, t: time) -> datetime:
    """``date + timetz`` is a timestamptz: the local time at that offset."""
    adt = _adt_from_date(d)
    message = "date out of range for timestamp"
    if adt >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE:
        raise errors.DatetimeFieldOverflow(message)
    r = adt * USECS_PER_DAY + _micros_from_time(t) + _timetz_zone(t) * USECS_PER_SEC
    if not is_valid_timestamp(r):
        raise errors.DatetimeFieldOverflow(message)
    return _tstz_from_micros(r)


def timetzdate_pl(t: time, d: date) -> datetime:
    return datetimetz_pl(d, t)


def time_mi_time(a: time, b: time) -> Interval:
    """``time - time`` is an interval (possibly negative)."""
    return Interval(0, 0, _micros_from_time(a) - _micros_from_time(b))


def time_pl_interval(t: time, iv: Interval) -> time:
    """``time + interval``: only the interval's time part counts, and the result wraps at midnight."""
    return _time_from_micros((_micros_from_time(t) + iv.micros) % USECS_PER_DAY)


def time_mi_interval(t: time, iv: Interval) -> time:
    return _time_from_micros((_micros_from_time(t) - iv.micros) % USECS_PER_DAY)


def interval_pl_time(iv: Interval, t: time) -> time:
    return time_pl_interval(t, iv)


def timetz_pl_interval(t: time, iv: Interval) -> time:
    """``timetz + interval``: wraps at midnight, keeps the offset."""
    return _time_from_micros((_micros_from_time(t) + iv.micros) % USECS_PER_DAY).replace(tzinfo=t.tzinfo)


def timetz_mi_interval(t: time, iv: Interval) -> time:
    return _time_from_micros((_micros_from_time(t) - iv.micros) % USECS_PER_DAY).replace(tzinfo=t.tzinfo)


def interval_pl_timetz(iv: Interval, t: time) -> time:
    return timetz_pl_interval(t, iv)


def interval_pl(a: Interval, b: Interval) -> Interval:
    return a + b


def interval_mi(a: Interval, b: Interval) -> Interval:
    return a - b


def interval_um(a: Interval) -> Interval:
    return -a


def interval_mul(a: Interval, f: float) -> Interval:
    """``interval * float8``: fractional months flow into days, fractional days into time."""
    return a * f


def mul_d_interval(f: float, a: Interval) -> Interval:
    return a * f


def interval_div(a: Interval, f: float) -> Interval:
    """``interval / float8`` (22012 on zero)."""
    return a / f


# ---------------------------------------------------------------------------
# Comparisons, including PostgreSQL's cross-type ones
# ---------------------------------------------------------------------------


def _date_as_ts(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _date_as_tstz(d: date) -> datetime:
    return date_timestamptz(d)


def _ts_as_tstz(ts: datetime) -> datetime:
    return from_session_local(ts)


def timetz_key(t: time) -> tuple[int, int]:
    """The sort/equality key of a timetz, as PostgreSQL's ``timetz_cmp_internal``.

    By the UTC-equivalent time, then by zone: ``'12:00+05'`` and
    ``'07:00+00'`` are *different* values in PostgreSQL, whereas Python's
    ``time.__eq__`` calls them equal.  Use this key (not the ``time``
    object) for ordering, grouping, DISTINCT and hashing timetz values.
    """
    zone = _timetz_zone(t)
    return _micros_from_time(t) + zone * USECS_PER_SEC, zone


_timetz_key = timetz_key


def _identity(x: Any) -> Any:
    return x


_COMPARISONS: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (
    ("=", operator.eq),
    ("<>", operator.ne),
    ("<", operator.lt),
    ("<=", operator.le),
    (">", operator.gt),
    (">=", operator.ge),
)


def _comparison(op: Callable[[Any, Any], bool], lconv: Callable[[Any], Any], rconv: Callable[[Any], Any]) -> Callable[[Any, Any], bool]:
    if lconv is _identity and rconv is _identity:
        return op

    def compare(a: Any, b: Any) -> bool:
        return op(lconv(a), rconv(b))

    return compare


# ---------------------------------------------------------------------------
# Casts (pg_cast rows between these kinds; casts to/from text are elsewhere)
# ---------------------------------------------------------------------------


def date_timestamp(d: date) -> datetime:
    """date -> timestamp: midnight."""
    return datetime(d.year, d.month, d.day)


def date_timestamptz(d: date) -> datetime:
    """date -> timestamptz: midnight in the session zone."""
    return from_session_local(datetime(d.year, d.month, d.day))


def timestamp_date(ts: datetime) -> date:
    return date(ts.year, ts.month, ts.day)


def timestamp_time(ts: datetime) -> time:
    return time(ts.hour, ts.minute, ts.second, ts.microsecond)


def timestamp_timestamptz(ts: datetime) -> datetime:
    """timestamp -> timestamptz: the wall time read in the session zone."""
    return from_session_local(ts)


def timestamptz_date(ts: datetime) -> date:
    """timestamptz -> date: the date in the session zone."""
    ts = to_session_local(ts)
    return date(ts.year, ts.month, ts.day)


def timestamptz_time(ts: datetime) -> time:
    """timestamptz -> time: the wall-clock time in the session zone."""
    ts = to_session_local(ts)
    return time(ts.hour, ts.minute, ts.second, ts.microsecond)


def timestamptz_timestamp(ts: datetime) -> datetime:
    """timestamptz -> timestamp: the wall time in the session zone."""
    return to_session_local(ts)


def timestamptz_timetz(ts: datetime) -> time:
    """timestamptz -> timetz: the session zone's wall time with the offset in effect then."""
    if SESSION_ZONE.get() is None:
        ts = _as_utc(ts)
        return time(ts.hour, ts.minute, ts.second, ts.microsecond, tzinfo=UTC)
    local, tz = session_local_micros(_micros_from_ts(ts))
    return _timetz_from(local % USECS_PER_DAY, tz)


def time_interval(t: time) -> Interval:
    return Interval(0, 0, _micros_from_time(t))


def interval_time(iv: Interval) -> time:
    """interval -> time: the time part modulo a day (months and days are dropped)."""
    return _time_from_micros(iv.micros % USECS_PER_DAY)


def time_timetz(t: time) -> time:
    """time -> timetz: the session zone's offset on the current date at that time of day."""
    if SESSION_ZONE.get() is None:
        return t.replace(tzinfo=UTC)
    today = session_today()
    return t.replace(tzinfo=_fixed_zone(-session_west_at_local(today.year, today.month, today.day, _micros_from_time(t) // USECS_PER_SEC)))


def timetz_time(t: time) -> time:
    return t.replace(tzinfo=None)


#: pg_cast rows between date/time kinds.  The length-coercion casts
#: (timestamp -> timestamp(p)...) are not listed: precision is applied by
#: :func:`apply_precision` through ``casts.apply_typmod``.
DATETIME_CASTS: list[Cast] = [
    Cast("date", "timestamp", IMPLICIT, date_timestamp),
    Cast("date", "timestamptz", IMPLICIT, date_timestamptz),
    Cast("time", "interval", IMPLICIT, time_interval),
    Cast("time", "timetz", IMPLICIT, time_timetz),
    Cast("timestamp", "date", ASSIGNMENT, timestamp_date),
    Cast("timestamp", "time", ASSIGNMENT, timestamp_time),
    Cast("timestamp", "timestamptz", IMPLICIT, timestamp_timestamptz),
    Cast("timestamptz", "date", ASSIGNMENT, timestamptz_date),
    Cast("timestamptz", "time", ASSIGNMENT, timestamptz_time),
    Cast("timestamptz", "timestamp", ASSIGNMENT, timestamptz_timestamp),
    Cast("timestamptz", "timetz", ASSIGNMENT, timestamptz_timetz),
    Cast("interval", "time", ASSIGNMENT, interval_time),
    Cast("timetz", "time", ASSIGNMENT, timetz_time),
]


# ---------------------------------------------------------------------------
# Operators (every pg_operator row whose operands and result are pydsql kinds)
# ---------------------------------------------------------------------------

_CONVERTERS: dict[tuple[str, str], tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    ("date", "date"): (_identity, _identity),
    ("date", "timestamp"): (_date_as_ts, _identity),
    ("date", "timestamptz"): (_date_as_tstz, _identity),
    ("time", "time"): (_identity, _identity),
    ("timetz", "timetz"): (_timetz_key, _timetz_key),
    ("timestamp", "date"): (_identity, _date_as_ts),
    ("timestamp", "timestamp"): (_identity, _identity),
    ("timestamp", "timestamptz"): (_ts_as_tstz, _identity),
    ("timestamptz", "date"): (_identity, _date_as_tstz),
    ("timestamptz", "timestamp"): (_identity, _ts_as_tstz),
    ("timestamptz", "timestamptz"): (_identity, _identity),
    ("interval", "interval"): (_identity, _identity),
}

_ARITHMETIC: list[tuple[str, str | None, str, SqlType, Callable[..., Any]]] = [
    ("-", None, "interval", INTERVAL, interval_um),
    ("+", "int4", "date", DATE, integer_pl_date),
    ("*", "float8", "interval", INTERVAL, mul_d_interval),
    ("+", "date", "int4", DATE, date_pli),
    ("-", "date", "int4", DATE, date_mii),
    ("-", "date", "date", INT4, date_mi),
    ("+", "date", "time", TIMESTAMP, datetime_pl),
    ("+", "date", "interval", TIMESTAMP, date_pl_interval),
    ("-", "date", "interval", TIMESTAMP, date_mi_interval),
    ("+", "date", "timetz", TIMESTAMPTZ, datetimetz_pl),
    ("+", "time", "date", TIMESTAMP, timedate_pl),
    ("-", "time", "time", INTERVAL, time_mi_time),
    ("+", "time", "interval", TIME, time_pl_interval),
    ("-", "time", "interval", TIME, time_mi_interval),
    ("-", "timestamp", "timestamp", INTERVAL, timestamp_mi),
    ("+", "timestamp", "interval", TIMESTAMP, timestamp_pl_interval),
    ("-", "timestamp", "interval", TIMESTAMP, timestamp_mi_interval),
    ("-", "timestamptz", "timestamptz", INTERVAL, timestamptz_mi),
    ("+", "timestamptz", "interval", TIMESTAMPTZ, timestamptz_pl_interval),
    ("-", "timestamptz", "interval", TIMESTAMPTZ, timestamptz_mi_interval),
    ("*", "interval", "float8", INTERVAL, interval_mul),
    ("/", "interval", "float8", INTERVAL, interval_div),
    ("+", "interval", "date", TIMESTAMP, interval_pl_date),
    ("+", "interval", "time", TIME, interval_pl_time),
    ("+", "interval", "timestamp", TIMESTAMP, interval_pl_timestamp),
    ("+", "interval", "timestamptz", TIMESTAMPTZ, interval_pl_timestamptz),
    ("+", "interval", "interval", INTERVAL, interval_pl),
    ("-", "interval", "interval", INTERVAL, interval_mi),
    ("+", "interval", "timetz", TIMETZ, interval_pl_timetz),
    ("+", "timetz", "date", TIMESTAMPTZ, timetzdate_pl),
    ("+", "timetz", "interval", TIMETZ, timetz_pl_interval),
    ("-", "timetz", "interval", TIMETZ, timetz_mi_interval),
]


def _build_operators() -> list[Operator]:
    ops = [Operator(name, left, right, result, fn) for name, left, right, result, fn in _ARITHMETIC]
    for (left, right), (lconv, rconv) in _CONVERTERS.items():
        for name, op in _COMPARISONS:
            ops.append(Operator(name, left, right, BOOL, _comparison(op, lconv, rconv)))
    return ops


#: pg_operator rows between date/time kinds (and int4/float8 operands).
DATETIME_OPERATORS: list[Operator] = _build_operators()


# ---------------------------------------------------------------------------
# Built-in functions
# ---------------------------------------------------------------------------


def overlaps(kind: str, with_length: tuple[bool, bool]) -> Callable[..., bool | None]:
    """``(s1, e1) OVERLAPS (s2, e2)`` of ``kind`` values, PostgreSQL's overlaps_timestamp with
    its NULL rules (an end may be NULL: the period is its start, and the answer may be NULL).
    ``with_length``: whether each period's second value is an interval (its end is start +
    length, as in PostgreSQL's SQL-language overloads)."""
    adders: dict[str, Callable[[Any, Interval], Any]] = {
        "time": time_pl_interval, "timestamp": timestamp_pl_interval, "timestamptz": timestamptz_pl_interval,
    }
    add = adders.get(kind)
    key: Callable[[Any], Any] = timetz_key if kind == "timetz" else (lambda v: v)

    def period(start: Any, end: Any, length: bool) -> tuple[Any, Any] | None:
        if length:
            assert add is not None
            end = None if start is None or end is None else add(start, end)
        if start is None:
            return None if end is None else (key(end), None)
        if end is None:
            return key(start), None
        a, b = key(start), key(end)
        return (b, a) if a > b else (a, b)

    def fn(s1: Any, e1: Any, s2: Any, e2: Any) -> bool | None:
        first, second = period(s1, e1, with_length[0]), period(s2, e2, with_length[1])
        if first is None or second is None:
            return None
        (ts1, te1), (ts2, te2) = first, second
        if ts1 > ts2:
            if te2 is None:
                return None
            return True if ts1 < te2 else (None if te1 is None else False)
        if ts1 < ts2:
            if te1 is None:
                return None
            return True if ts2 < te1 else (None if te2 is None else False)
        return None if te1 is None or te2 is None else True

    return fn


_TYPE_NAMES = {
    "date": "date",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "interval": "interval",
}


def kind_of(value: Any) -> str:
    """The date/time kind of a Python value (``'timestamptz'`` for an aware datetime...)."""
    if isinstance(value, Interval):
        return "interval"
    if isinstance(value, datetime):
        return "timestamp" if value.tzinfo is None else "timestamptz"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time" if value.tzinfo is None else "timetz"
    raise TypeError(f"not a date/time value: {value!r}")


def _not_recognized(lowunits: str, kind: str) -> NoReturn:
    raise errors.InvalidParameterValue(f'unit "{lowunits}" not recognized for type {_TYPE_NAMES[kind]}')


def _not_supported(lowunits: str, kind: str, detail: str | None = None) -> NoReturn:
    raise errors.FeatureNotSupported(f'unit "{lowunits}" not supported for type {_TYPE_NAMES[kind]}', detail=detail)


def _decode_units_or_special(lowunits: str) -> tuple[int, int]:
    typ, val = decode_units(lowunits)
    if typ == UNKNOWN_FIELD:
        typ, val = decode_special(lowunits)
    return typ, val


def _isoweek2j(year: int, week: int) -> int:
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    return (week - 1) * 7 + (day4 - day0)


def date2isoweek(year: int, mon: int, mday: int) -> int:
    """ISO 8601 week number of a date."""
    dayn = date2j(year, mon, mday)
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    if dayn < day4 - day0:
        day4 = date2j(year - 1, 1, 4)
        day0 = j2day(day4 - 1)
    result = _tdiv(dayn - (day4 - day0), 7) + 1
    if result >= 52:
        day4 = date2j(year + 1, 1, 4)
        day0 = j2day(day4 - 1)
        if dayn >= day4 - day0:
            result = _tdiv(dayn - (day4 - day0), 7) + 1
    return result


def date2isoyear(year: int, mon: int, mday: int) -> int:
    """ISO 8601 week-numbering year of a date."""
    dayn = date2j(year, mon, mday)
    day4 = date2j(year, 1, 4)
    day0 = j2day(day4 - 1)
    if dayn < day4 - day0:
        day4 = date2j(year - 1, 1, 4)
        day0 = j2day(day4 - 1)
        year -= 1
    result = _tdiv(dayn - (day4 - day0), 7) + 1
    if result >= 52:
        day4 = date2j(year + 1, 1, 4)
        day0 = j2day(day4 - 1)
        if dayn >= day4 - day0:
            year += 1
    return year


_HIGH_PREC = Context(prec=1100)


def _scaled(value: int, scale: int) -> Decimal:
    """int64_div_fast_to_numeric: value / 10**scale with exactly ``scale`` digits."""
    return Decimal(value).scaleb(-scale, _HIGH_PREC)


def _numeric_julian(jd: int, day_micros: int) -> Decimal:
    """date2j + numeric_div(micros, 86400000000) with numeric's result scale rules."""
    divisor = SECS_PER_DAY * USECS_PER_SEC

    def weight_first(x: int) -> tuple[int, int]:
        if x == 0:
            return 0, 0
        w = (len(str(x)) - 1) // 4
        return w, x // 10 ** (4 * w)

    w1, f1 = weight_first(day_micros)
    w2, f2 = weight_first(divisor)
    qweight = w1 - w2 - (1 if f1 <= f2 else 0)
    rscale = min(max(16 - qweight * 4, 0), 1000)
    q, r = divmod(day_micros * 10**rscale, divisor)
    if 2 * r >= divisor:
        q += 1
    return _scaled(jd * 10**rscale + q, rscale)


def _result(intresult: int, numeric: bool) -> Decimal | float:
    return Decimal(intresult) if numeric else float(intresult)


def _timestamp_part(lowunits: str, t: int, kind: str, numeric: bool) -> Decimal | float:
    """timestamp_part_common / timestamptz_part_common (fields of a timestamptz in the session zone)."""
    typ, val = _decode_units_or_special(lowunits)
    if typ == UNITS:
        local, tz = session_local_micros(t) if kind == "timestamptz" else (t, 0)
        year, mon, mday, tod = _split_ts(local)
        hour, minute, sec, fsec = _dt2time(tod)
        if val in (DTK_TZ, DTK_TZ_MINUTE, DTK_TZ_HOUR):
            if kind == "timestamp":
                _not_supported(lowunits, kind)
            if val == DTK_TZ:
                return _result(-tz, numeric)
            if val == DTK_TZ_MINUTE:
                return _result(_tmod(_tdiv(-tz, 60), 60), numeric)
            return _result(_tdiv(-tz, 3600), numeric)
        if val == DTK_MICROSEC:
            intresult = sec * USECS_PER_SEC + fsec
        elif val == DTK_MILLISEC:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + fsec, 3)
            return sec * 1000.0 + fsec / 1000.0
        elif val == DTK_SECOND:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + fsec, 6)
            return sec + fsec / 1000000.0
        elif val == DTK_MINUTE:
            intresult = minute
        elif val == DTK_HOUR:
            intresult = hour
        elif val == DTK_DAY:
            intresult = mday
        elif val == DTK_MONTH:
            intresult = mon
        elif val == DTK_QUARTER:
            intresult = _tdiv(mon - 1, 3) + 1
        elif val == DTK_WEEK:
            intresult = date2isoweek(year, mon, mday)
        elif val == DTK_YEAR:
            intresult = year if year > 0 else year - 1
        elif val == DTK_DECADE:
            if (kind == "timestamp" and year >= 0) or (kind != "timestamp" and year > 0):
                intresult = _tdiv(year, 10)
            else:
                intresult = -_tdiv(8 - (year - 1), 10)
        elif val == DTK_CENTURY:
            intresult = _tdiv(year + 99, 100) if year > 0 else -_tdiv(99 - (year - 1), 100)
        elif val == DTK_MILLENNIUM:
            intresult = _tdiv(year + 999, 1000) if year > 0 else -_tdiv(999 - (year - 1), 1000)
        elif val == DTK_JULIAN:
            jd = date2j(year, mon, mday)
            if numeric:
                return _numeric_julian(jd, tod)
            return jd + ((((hour * 60) + minute) * 60) + sec + (fsec / 1000000.0)) / float(SECS_PER_DAY)
        elif val == DTK_ISOYEAR:
            intresult = date2isoyear(year, mon, mday)
            if intresult <= 0:
                intresult -= 1
        elif val in (DTK_DOW, DTK_ISODOW):
            intresult = j2day(date2j(year, mon, mday))
            if val == DTK_ISODOW and intresult == 0:
                intresult = 7
        elif val == DTK_DOY:
            intresult = date2j(year, mon, mday) - date2j(year, 1, 1) + 1
        else:
            _not_supported(lowunits, kind)
        return _result(intresult, numeric)
    if typ == RESERV:
        if val == DTK_EPOCH:
            diff = t - _UNIX_EPOCH_TS
            if numeric:
                return _scaled(diff, 6)
            return diff / 1000000.0
        _not_supported(lowunits, kind)
    _not_recognized(lowunits, kind)


def _date_extract(lowunits: str, d: date) -> Decimal:
    """extract_date: EXTRACT(field FROM date), numeric; time fields are not supported."""
    typ, val = _decode_units_or_special(lowunits)
    if typ == UNITS:
        year, mon, mday = d.year, d.month, d.day
        if val == DTK_DAY:
            r = mday
        elif val == DTK_MONTH:
            r = mon
        elif val == DTK_QUARTER:
            r = _tdiv(mon - 1, 3) + 1
        elif val == DTK_WEEK:
            r = date2isoweek(year, mon, mday)
        elif val == DTK_YEAR:
            r = year if year > 0 else year - 1
        elif val == DTK_DECADE:
            r = _tdiv(year, 10) if year >= 0 else -_tdiv(8 - (year - 1), 10)
        elif val == DTK_CENTURY:
            r = _tdiv(year + 99, 100) if year > 0 else -_tdiv(99 - (year - 1), 100)
        elif val == DTK_MILLENNIUM:
            r = _tdiv(year + 999, 1000) if year > 0 else -_tdiv(999 - (year - 1), 1000)
        elif val == DTK_JULIAN:
            r = date2j(year, mon, mday)
        elif val == DTK_ISOYEAR:
            r = date2isoyear(year, mon, mday)
            if r <= 0:
                r -= 1
        elif val in (DTK_DOW, DTK_ISODOW):
            r = j2day(date2j(year, mon, mday))
            if val == DTK_ISODOW and r == 0:
                r = 7
        elif val == DTK_DOY:
            r = date2j(year, mon, mday) - date2j(year, 1, 1) + 1
        else:
            _not_supported(lowunits, "date")
        return Decimal(r)
    if typ == RESERV:
        if val == DTK_EPOCH:
            return Decimal((_adt_from_date(d) + POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)
        _not_supported(lowunits, "date")
    _not_recognized(lowunits, "date")


def _time_part(lowunits: str, t: time, kind: str, numeric: bool) -> Decimal | float:
    """time_part_common / timetz_part_common."""
    typ, val = _decode_units_or_special(lowunits)
    micros = _micros_from_time(t)
    zone = _timetz_zone(t) if kind == "timetz" else 0
    if typ == UNITS:
        hour, minute, sec, fsec = _dt2time(micros)
        if kind == "timetz" and val == DTK_TZ:
            intresult = -zone
        elif kind == "timetz" and val == DTK_TZ_MINUTE:
            intresult = _tmod(_tdiv(-zone, 60), 60)
        elif kind == "timetz" and val == DTK_TZ_HOUR:
            intresult = _tdiv(-zone, 3600)
        elif val == DTK_MICROSEC:
            intresult = sec * USECS_PER_SEC + fsec
        elif val == DTK_MILLISEC:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + fsec, 3)
            return sec * 1000.0 + fsec / 1000.0
        elif val == DTK_SECOND:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + fsec, 6)
            return sec + fsec / 1000000.0
        elif val == DTK_MINUTE:
            intresult = minute
        elif val == DTK_HOUR:
            intresult = hour
        else:
            _not_supported(lowunits, kind)
        return _result(intresult, numeric)
    if typ == RESERV and val == DTK_EPOCH:
        if numeric:
            return _scaled(micros + zone * USECS_PER_SEC, 6)
        return micros / 1000000.0 + zone
    _not_recognized(lowunits, kind)


def _interval_part(lowunits: str, iv: Interval, numeric: bool) -> Decimal | float:
    """interval_part_common."""
    typ, val = _decode_units_or_special(lowunits)
    if typ == UNITS:
        year = _tdiv(iv.months, 12)
        mon = _tmod(iv.months, 12)
        t = iv.micros
        hour = _tdiv(t, USECS_PER_HOUR)
        t -= hour * USECS_PER_HOUR
        minute = _tdiv(t, USECS_PER_MINUTE)
        t -= minute * USECS_PER_MINUTE
        sec = _tdiv(t, USECS_PER_SEC)
        usec = t - sec * USECS_PER_SEC
        if val == DTK_MICROSEC:
            intresult = sec * USECS_PER_SEC + usec
        elif val == DTK_MILLISEC:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + usec, 3)
            return sec * 1000.0 + usec / 1000.0
        elif val == DTK_SECOND:
            if numeric:
                return _scaled(sec * USECS_PER_SEC + usec, 6)
            return sec + usec / 1000000.0
        elif val == DTK_MINUTE:
            intresult = minute
        elif val == DTK_HOUR:
            intresult = hour
        elif val == DTK_DAY:
            intresult = iv.days
        elif val == DTK_MONTH:
            intresult = mon
        elif val == DTK_QUARTER:
            intresult = _tdiv(mon, 3) + 1
        elif val == DTK_YEAR:
            intresult = year
        elif val == DTK_DECADE:
            intresult = _tdiv(year, 10)
        elif val == DTK_CENTURY:
            intresult = _tdiv(year, 100)
        elif val == DTK_MILLENNIUM:
            intresult = _tdiv(year, 1000)
        else:
            _not_supported(lowunits, "interval")
        return _result(intresult, numeric)
    if typ == RESERV and val == DTK_EPOCH:
        if numeric:
            secs = (1461 * _tdiv(iv.months, 12) + 120 * _tmod(iv.months, 12) + 4 * iv.days) * (SECS_PER_DAY // 4)
            return _scaled(secs * USECS_PER_SEC + iv.micros, 6)
        result = iv.micros / 1000000.0
        result += (365.25 * SECS_PER_DAY) * _tdiv(iv.months, 12)
        result += (30.0 * SECS_PER_DAY) * _tmod(iv.months, 12)
        result += float(SECS_PER_DAY) * iv.days
        return result
    _not_recognized(lowunits, "interval")


def extract(field: str, value: Any, kind: str | None = None) -> Decimal:
    """``EXTRACT(field FROM value)``: a ``Decimal``, exactly as PostgreSQL 16's numeric result.

    ``kind`` is the SQL type of ``value`` (default: deduced from its Python
    class).  Unknown fields raise 22023 ``unit "x" not recognized for type
    ...``, fields that do not apply 0A000 ``unit "x" not supported for type ...``.
    """
    k = kind or kind_of(value)
    low = _downcase_truncate(field)
    if k == "date":
        return _date_extract(low, value)
    if k in ("timestamp", "timestamptz"):
        r = _timestamp_part(low, _micros_from_ts(value), k, True)
    elif k in ("time", "timetz"):
        r = _time_part(low, value, k, True)
    elif k == "interval":
        r = _interval_part(low, value, True)
    else:
        raise TypeError(f"extract() does not apply to {k}")
    assert isinstance(r, Decimal)
    return r


def date_part(field: str, value: Any, kind: str | None = None) -> float:
    """``date_part(field, value)``: a float, as PostgreSQL 16's ``date_part`` (double precision).

    For a date, PostgreSQL casts to timestamp first, so ``date_part('hour',
    date)`` is 0 (whereas ``EXTRACT(hour FROM date)`` is an error).
    """
    k = kind or kind_of(value)
    low = _downcase_truncate(field)
    if k == "date":
        return float(_timestamp_part(low, _adt_from_date(value) * USECS_PER_DAY, "timestamp", False))
    if k in ("timestamp", "timestamptz"):
        r = _timestamp_part(low, _micros_from_ts(value), k, False)
    elif k in ("time", "timetz"):
        r = _time_part(low, value, k, False)
    elif k == "interval":
        r = _interval_part(low, value, False)
    else:
        raise TypeError(f"date_part() does not apply to {k}")
    return float(r)


def _trunc_fields(lowunits: str, val: int, kind: str, y: int, m: int, d: int, tod: int) -> tuple[int, int, int, int, bool]:
    """The field-truncation switch of timestamp_trunc: returns (y, m, d, tod, redo_zone)."""
    hour, minute, sec, fsec = _dt2time(tod)
    redotz = False
    if val == DTK_WEEK:
        woy = date2isoweek(y, m, d)
        if woy >= 52 and m == 1:
            y -= 1
        if woy <= 1 and m == 12:
            y += 1
        y, m, d = j2date(_isoweek2j(y, woy))
        return y, m, d, 0, True
    if val in (DTK_MILLENNIUM, DTK_CENTURY, DTK_DECADE, DTK_YEAR, DTK_QUARTER, DTK_MONTH, DTK_DAY,
               DTK_HOUR, DTK_MINUTE, DTK_SECOND):
        order = (DTK_MILLENNIUM, DTK_CENTURY, DTK_DECADE, DTK_YEAR, DTK_QUARTER, DTK_MONTH, DTK_DAY,
                 DTK_HOUR, DTK_MINUTE, DTK_SECOND)
        start = order.index(val)
        for step in order[start:]:
            if step == DTK_MILLENNIUM:
                y = _tdiv(y + 999, 1000) * 1000 - 999 if y > 0 else -_tdiv(999 - (y - 1), 1000) * 1000 + 1
            elif step == DTK_CENTURY:
                y = _tdiv(y + 99, 100) * 100 - 99 if y > 0 else -_tdiv(99 - (y - 1), 100) * 100 + 1
            elif step == DTK_DECADE:
                if val not in (DTK_MILLENNIUM, DTK_CENTURY):
                    y = _tdiv(y, 10) * 10 if y > 0 else -_tdiv(8 - (y - 1), 10) * 10
            elif step == DTK_YEAR:
                m = 1
            elif step == DTK_QUARTER:
                m = 3 * _tdiv(m - 1, 3) + 1
            elif step == DTK_MONTH:
                d = 1
            elif step == DTK_DAY:
                hour = 0
                redotz = True
            elif step == DTK_HOUR:
                minute = 0
            elif step == DTK_MINUTE:
                sec = 0
            elif step == DTK_SECOND:
                fsec = 0
    elif val == DTK_MILLISEC:
        fsec = _tdiv(fsec, 1000) * 1000
    elif val == DTK_MICROSEC:
        pass
    else:
        _not_supported(lowunits, kind)
    return y, m, d, ((hour * 60 + minute) * 60 + sec) * USECS_PER_SEC + fsec, redotz


def _interval_trunc(lowunits: str, iv: Interval) -> Interval:
    typ, val = decode_units(lowunits)
    if typ != UNITS:
        _not_recognized(lowunits, "interval")
    year = _tdiv(iv.months, 12)
    mon = _tmod(iv.months, 12)
    mday = iv.days
    t = iv.micros
    hour = _tdiv(t, USECS_PER_HOUR)
    t -= hour * USECS_PER_HOUR
    minute = _tdiv(t, USECS_PER_MINUTE)
    t -= minute * USECS_PER_MINUTE
    sec = _tdiv(t, USECS_PER_SEC)
    usec = t - sec * USECS_PER_SEC
    order = (DTK_MILLENNIUM, DTK_CENTURY, DTK_DECADE, DTK_YEAR, DTK_QUARTER, DTK_MONTH, DTK_DAY,
             DTK_HOUR, DTK_MINUTE, DTK_SECOND)
    if val in order:
        for step in order[order.index(val):]:
            if step == DTK_MILLENNIUM:
                year = _tdiv(year, 1000) * 1000
            elif step == DTK_CENTURY:
                year = _tdiv(year, 100) * 100
            elif step == DTK_DECADE:
                year = _tdiv(year, 10) * 10
            elif step == DTK_YEAR:
                mon = 0
            elif step == DTK_QUARTER:
                mon = 3 * _tdiv(mon, 3)
            elif step == DTK_MONTH:
                mday = 0
            elif step == DTK_DAY:
                hour = 0
            elif step == DTK_HOUR:
                minute = 0
            elif step == DTK_MINUTE:
                sec = 0
            elif step == DTK_SECOND:
                usec = 0
    elif val == DTK_MILLISEC:
        usec = _tdiv(usec, 1000) * 1000
    elif val == DTK_MICROSEC:
        pass
    else:
        _not_supported(lowunits, "interval", "Months usually have fractional weeks." if val == DTK_WEEK else None)
    months = year * 12 + mon
    time_part = hour * USECS_PER_HOUR + minute * USECS_PER_MINUTE + sec * USECS_PER_SEC + usec
    if not INT32_MIN <= months <= INT32_MAX or not INT64_MIN <= time_part <= INT64_MAX:
        raise errors.DatetimeFieldOverflow("interval out of range")
    return Interval(months, mday, time_part)


def date_trunc(field: str, value: Any, zone: str | None = None, kind: str | None = None) -> Any:
    """``date_trunc(field, value [, zone])`` for timestamp, timestamptz and interval.

    A ``date`` is truncated as a timestamptz, which is what PostgreSQL's
    implicit cast picks; ``zone`` (timestamptz only) truncates in that time
    zone instead of the session's.
    """
    k = kind or kind_of(value)
    if k == "date":
        value = date_timestamptz(value)
        k = "timestamptz"
    low = _downcase_truncate(field)
    if k == "interval":
        return _interval_trunc(low, value)
    if k not in ("timestamp", "timestamptz"):
        raise TypeError(f"date_trunc() does not apply to {k}")
    typ, val = decode_units(low)
    if typ != UNITS:
        _not_recognized(low, k)
    t = _micros_from_ts(value)
    if k == "timestamp":
        y, m, d, tod = _split_ts(t)
        y, m, d, tod, _redo = _trunc_fields(low, val, k, y, m, d, tod)
        r = _tm2timestamp(y, m, d, tod)
        if r is None:
            _ts_overflow()
        return _ts_from_micros(r)
    if zone is not None:
        tz_zone: Zone = resolve_zone_argument(zone)[0]
    else:
        sz = SESSION_ZONE.get()
        tz_zone = 0 if sz is None else sz.zone
    tz = _west_at_utc_micros(tz_zone, t)
    y, m, d, tod = _split_ts(t - tz * USECS_PER_SEC)
    y, m, d, tod, redo = _trunc_fields(low, val, k, y, m, d, tod)
    if redo:
        tz = zone_offset_at_local(tz_zone, y, m, d, tod // USECS_PER_SEC)
    r = _tm2timestamp(y, m, d, tod)
    if r is not None:
        r += tz * USECS_PER_SEC
        if not is_valid_timestamp(r):
            r = None
    if r is None:
        _ts_overflow()
    return _tstz_from_micros(r)


def make_date(year: int, month: int, day: int) -> date:
    """``make_date(year, month, day)``; negative years are BC (out of pydsql's range)."""
    y, bc = year, False
    if y < 0:
        bc = True
        y = -y
    tm = _TM()
    tm.year, tm.mon, tm.mday = y, month, day
    try:
        _validate_date(DTK_DATE_M, False, bc, tm)
    except DtErr:
        raise errors.DatetimeFieldOverflow(
            f"date field value out of range: {tm.year}-{tm.mon:02d}-{tm.mday:02d}"
        ) from None
    message = f"date out of range: {tm.year}-{tm.mon:02d}-{tm.mday:02d}"
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise errors.DatetimeFieldOverflow(message)
    d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if not is_valid_date(d):
        raise errors.DatetimeFieldOverflow(message)
    return _date_from_adt(d, message)


def _float_time_overflows(hour: int, minute: int, sec: float) -> bool:
    if hour < 0 or hour > 24 or minute < 0 or minute >= 60:
        return True
    if math.isnan(sec):
        return True
    if math.isinf(sec):
        return True
    us = round(sec * USECS_PER_SEC)
    if us < 0 or us > 60 * USECS_PER_SEC:
        return True
    return ((hour * 60 + minute) * 60) * USECS_PER_SEC + us > USECS_PER_DAY


def _fmt_g(x: float, width: str = "02") -> str:
    """C's ``%02g`` as PostgreSQL's snprintf prints it (NaN, Infinity spelled out)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return ("%" + width + "g") % x


def make_time(hour: int, minute: int, sec: float) -> time:
    """``make_time(hour, min, sec)``."""
    if _float_time_overflows(hour, minute, sec):
        raise errors.DatetimeFieldOverflow(f"time field value out of range: {hour}:{minute:02d}:{_fmt_g(sec)}")
    micros = ((hour * 60 + minute) * 60) * USECS_PER_SEC + round(sec * USECS_PER_SEC)
    return _time_from_micros(micros)


def _make_timestamp_micros(year: int, month: int, day: int, hour: int, minute: int, sec: float) -> int:
    """make_timestamp_internal: Timestamp micros, with PostgreSQL's checks and messages."""
    y, bc = year, False
    if y < 0:
        bc = True
        y = -y
    tm = _TM()
    tm.year, tm.mon, tm.mday = y, month, day
    try:
        _validate_date(DTK_DATE_M, False, bc, tm)
    except DtErr:
        raise errors.DatetimeFieldOverflow(
            f"date field value out of range: {year}-{month:02d}-{day:02d}"
        ) from None
    if not is_valid_julian(tm.year, tm.mon, tm.mday):
        raise errors.DatetimeFieldOverflow(f"date out of range: {year}-{month:02d}-{day:02d}")
    d = date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE
    if _float_time_overflows(hour, minute, sec):
        raise errors.DatetimeFieldOverflow(f"time field value out of range: {hour}:{minute:02d}:{_fmt_g(sec)}")
    t = ((hour * 60 + minute) * 60) * USECS_PER_SEC + round(sec * USECS_PER_SEC)
    result = d * USECS_PER_DAY + t
    if not is_valid_timestamp(result) or not INT64_MIN <= result <= INT64_MAX:
        raise errors.DatetimeFieldOverflow(
            f"timestamp out of range: {year}-{month:02d}-{day:02d} {hour}:{minute:02d}:{_fmt_g(sec)}"
        )
    return result


def make_timestamp(year: int, month: int, mday: int, hour: int, minute: int, sec: float) -> datetime:
    """``make_timestamp(year, month, mday, hour, min, sec)``."""
    t = _make_timestamp_micros(year, month, mday, hour, minute, sec)
    return _ts_from_micros(t, f"timestamp out of range: {year}-{month:02d}-{mday:02d} {hour}:{minute:02d}:{_fmt_g(sec)}")


def make_timestamptz(
    year: int, month: int, mday: int, hour: int, minute: int, sec: float, zone: str | None = None
) -> datetime:
    """``make_timestamptz(..., sec [, timezone])``: the wall time read in ``zone`` (default: the session's)."""
    t = _make_timestamp_micros(year, month, mday, hour, minute, sec)
    y, m, d, tod = _split_ts(t)
    tz = (
        _parse_sane_timezone(zone, y, m, d, tod // USECS_PER_SEC) if zone is not None
        else session_west_at_local(y, m, d, tod // USECS_PER_SEC)
    )
    if tz:
        t += tz * USECS_PER_SEC
        if not is_valid_timestamp(t):
            _ts_overflow()
    return _tstz_from_micros(t)


def _parse_sane_timezone(name: str, y: int, m: int, d: int, secs: int) -> int:
    """parse_sane_timezone: numeric offset, abbreviation or zone name -> seconds west."""
    if name[:1].isdigit() and name[:1] in "0123456789":
        raise errors.InvalidParameterValue(
            f'invalid input syntax for type numeric time zone: "{name}"',
            hint='Numeric time zones must have "-" or "+" as first character.',
        )
    try:
        return _decode_timezone(name)
    except DtErr as e:
        if e.code == DTERR_TZDISP_OVERFLOW:
            raise errors.InvalidParameterValue(f'numeric time zone "{name}" out of range') from None
        if e.code != DTERR_BAD_FORMAT:
            _zone_not_recognized(name)
    typ, val, dyn = _decode_timezone_abbrev(_downcase_truncate(name))
    if typ in (TZ, DTZ):
        return -val
    if typ == DYNTZ:
        assert dyn is not None
        return _abbrev_offset_at_local(dyn, name, y, m, d, secs)
    zone = find_zone(name)
    if zone is None:
        _zone_not_recognized(name)
    return zone_offset_at_local(zone, y, m, d, secs)


def make_interval(
    years: int = 0, months: int = 0, weeks: int = 0, days: int = 0, hours: int = 0, mins: int = 0, secs: float = 0.0
) -> Interval:
    """``make_interval(years, months, weeks, days, hours, mins, secs)``.

    PostgreSQL 16 does not check this arithmetic for overflow: the int32 and
    int64 results wrap around (and an out-of-range seconds value converts to
    INT64_MIN, as on x86-64), so this does the same to give the same answers.
    """
    if math.isinf(secs) or math.isnan(secs):
        raise errors.DatetimeFieldOverflow("interval out of range")
    us = round(secs * USECS_PER_SEC)
    if not -9223372036854775808.0 <= us < 9223372036854775808.0:
        us = INT64_MIN
    micros = _wrap64(_wrap64(hours * USECS_PER_HOUR) + _wrap64(mins * USECS_PER_MINUTE))
    micros = _wrap64(micros + int(us))
    return Interval(_wrap32(_wrap32(years * 12) + months), _wrap32(_wrap32(weeks * 7) + days), micros)


def _wrap32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


def _wrap64(v: int) -> int:
    return (v + 2**63) % 2**64 - 2**63


def _age(dt1: int, dt2: int) -> Interval:
    """timestamp_age on Timestamp micros: a symbolic difference keeping years and months."""
    y1, m1, d1, tod1 = _split_ts(dt1)
    y2, m2, d2, tod2 = _split_ts(dt2)
    h1, mi1, s1, f1 = _dt2time(tod1)
    h2, mi2, s2, f2 = _dt2time(tod2)
    usec, sec, minute, hour = f1 - f2, s1 - s2, mi1 - mi2, h1 - h2
    mday, mon, year = d1 - d2, m1 - m2, y1 - y2
    flip = dt1 < dt2
    if flip:
        usec, sec, minute, hour, mday, mon, year = -usec, -sec, -minute, -hour, -mday, -mon, -year
    while usec < 0:
        usec += USECS_PER_SEC
        sec -= 1
    while sec < 0:
        sec += 60
        minute -= 1
    while minute < 0:
        minute += 60
        hour -= 1
    while hour < 0:
        hour += 24
        mday -= 1
    while mday < 0:
        if flip:
            mday += days_in_month(y1, m1)
        else:
            mday += days_in_month(y2, m2)
        mon -= 1
    while mon < 0:
        mon += 12
        year -= 1
    if flip:
        usec, sec, minute, hour, mday, mon, year = -usec, -sec, -minute, -hour, -mday, -mon, -year
    months = year * 12 + mon
    t = hour * USECS_PER_HOUR + minute * USECS_PER_MINUTE + sec * USECS_PER_SEC + usec
    if not INT32_MIN <= months <= INT32_MAX or not INT64_MIN <= t <= INT64_MAX:
        raise errors.DatetimeFieldOverflow("interval out of range")
    return Interval(months, mday, t)


def age(a: datetime, b: datetime | None = None, now: datetime | None = None) -> Interval:
    """``age(ts1, ts2)`` (years, months, days...), or ``age(ts)`` = ``age(current_date, ts)``.

    Works for timestamp and timestamptz; a timestamptz's fields are those of
    the session zone, as ``timestamptz_age`` reads them.
    """
    if b is None:
        today = session_today(now)
        midnight = datetime(today.year, today.month, today.day)
        a, b = (midnight if a.tzinfo is None else from_session_local(midnight)), a
    if a.tzinfo is not None:
        return _age(session_local_micros(_micros_from_ts(a))[0], session_local_micros(_micros_from_ts(b))[0])
    return _age(_micros_from_ts(a), _micros_from_ts(b))


def date_bin(stride: Interval, source: datetime, origin: datetime) -> datetime:
    """``date_bin(stride, source, origin)``: the start of the stride-wide bin, counted from
    ``origin``, that holds ``source`` (timestamp_bin / timestamptz_bin; bins by the instant,
    so a timestamptz's bins do not follow the session zone's daylight-saving changes)."""
    if stride.months != 0:
        raise errors.FeatureNotSupported("timestamps cannot be binned into intervals containing months or years")
    stride_usecs = stride.days * USECS_PER_DAY + stride.micros
    if not INT64_MIN <= stride_usecs <= INT64_MAX:
        raise errors.DatetimeFieldOverflow("interval out of range")
    if stride_usecs <= 0:
        raise errors.DatetimeFieldOverflow("stride must be greater than zero")
    t, o = _micros_from_ts(source), _micros_from_ts(origin)
    diff = t - o
    if not INT64_MIN <= diff <= INT64_MAX:
        raise errors.DatetimeFieldOverflow("interval out of range")
    modulo = _tmod(diff, stride_usecs)  # C's %: the sign of the dividend
    result = o + diff - modulo
    if modulo < 0:
        result -= stride_usecs  # round towards -infinity for sources before the origin
    if source.tzinfo is not None:
        return _tstz_from_micros(result)
    return _ts_from_micros(result)


def to_timestamp(seconds: float) -> datetime:
    """``to_timestamp(double precision)``: Unix epoch seconds -> timestamptz."""
    if math.isnan(seconds):
        raise errors.DatetimeFieldOverflow("timestamp cannot be NaN")
    if math.isinf(seconds):
        raise errors.DatetimeFieldOverflow(
            "timestamp out of range", detail="pydsql cannot represent infinite timestamp values."
        )
    if seconds < float(SECS_PER_DAY) * (DATETIME_MIN_JULIAN - UNIX_EPOCH_JDATE) or seconds >= float(
        SECS_PER_DAY
    ) * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE):
        raise errors.DatetimeFieldOverflow(f'timestamp out of range: "{_fmt_g(seconds, "")}"')
    s = seconds - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY
    t = int(round(s * USECS_PER_SEC))
    message = f'timestamp out of range: "{_fmt_g(seconds, "")}"'
    if not is_valid_timestamp(t):
        raise errors.DatetimeFieldOverflow(message)
    return _tstz_from_micros(t, message)


def isfinite(value: Any) -> bool:
    """``isfinite(date|timestamp|timestamptz|interval)``: always true for values pydsql can hold."""
    return True


def at_time_zone(value: Any, zone: str | Interval, kind: str | None = None) -> Any:
    """``value AT TIME ZONE zone`` (PostgreSQL's ``timezone(zone, value)``).

    timestamp -> timestamptz (the wall time read in ``zone``), timestamptz ->
    timestamp (the wall time in ``zone``), timetz -> timetz (shifted to the
    zone's current offset).  ``zone`` is an abbreviation, a zone name, a
    POSIX spec, or an interval (hours/minutes only).
    """
    k = kind or kind_of(value)
    if isinstance(zone, Interval):
        if zone.months != 0 or zone.days != 0:
            raise errors.InvalidParameterValue(
                f'interval time zone "{format_interval(zone)}" must not include months or days'
            )
        east = _tdiv(zone.micros, USECS_PER_SEC) * USECS_PER_SEC
        if k == "timestamp":
            return _tstz_from_micros(_micros_from_ts(value) - east)
        if k == "timestamptz":
            return _ts_from_micros(_micros_from_ts(value) + east)
        if k == "timetz":
            z = -_tdiv(east, USECS_PER_SEC)
            t = (_micros_from_time(value) + (_timetz_zone(value) - z) * USECS_PER_SEC) % USECS_PER_DAY
            return _timetz_from(t, z)
        raise TypeError(f"AT TIME ZONE does not apply to {k}")
    low = _downcase_truncate(zone)
    typ, val, dyn = _decode_timezone_abbrev(low)
    if k == "timestamp":
        t = _micros_from_ts(value)
        if typ in (TZ, DTZ):
            r = t - val * USECS_PER_SEC
        else:
            y, m, d, tod = _split_ts(t)
            if typ == DYNTZ:
                assert dyn is not None
                tz = _abbrev_offset_at_local(dyn, zone, y, m, d, tod // USECS_PER_SEC)
            else:
                named = find_zone(zone)
                if named is None:
                    _zone_not_recognized(zone)
                tz = zone_offset_at_local(named, y, m, d, tod // USECS_PER_SEC)
            r = t + tz * USECS_PER_SEC
        if not is_valid_timestamp(r):
            _ts_overflow()
        return _tstz_from_micros(r)
    if k in ("timestamptz", "timetz"):
        instant = _as_utc(value) if k == "timestamptz" else transaction_now()
        if typ in (TZ, DTZ):
            tz = -val
        elif typ == DYNTZ:
            assert dyn is not None
            found = _interpret_abbrev(dyn, zone, _micros_from_ts(instant) // USECS_PER_SEC - _UNIX_EPOCH_TS // USECS_PER_SEC)
            tz = zone_offset_at_utc(dyn, instant) if found is None else found
        else:
            named = find_zone(zone)
            if named is None:
                _zone_not_recognized(zone)
            tz = zone_offset_at_utc(named, instant)
        if k == "timestamptz":
            return _ts_from_micros(_micros_from_ts(value) - tz * USECS_PER_SEC)
        t = (_micros_from_time(value) + (_timetz_zone(value) - tz) * USECS_PER_SEC) % USECS_PER_DAY
        return _timetz_from(t, tz)
    raise TypeError(f"AT TIME ZONE does not apply to {k}")


def current_timestamp(precision: int | None = None, now: datetime | None = None) -> datetime:
    """``now()`` / ``CURRENT_TIMESTAMP[(p)]``: the transaction start, timestamptz."""
    result: datetime = apply_precision("timestamptz", _now(now), precision)
    return result


def localtimestamp(precision: int | None = None, now: datetime | None = None) -> datetime:
    """``LOCALTIMESTAMP[(p)]``: the transaction start as a timestamp in the session zone."""
    result: datetime = apply_precision("timestamp", _session_now(now)[0], precision)
    return result


def current_date(now: datetime | None = None) -> date:
    """``CURRENT_DATE`` in the session zone."""
    return session_today(now)


def current_time(precision: int | None = None, now: datetime | None = None) -> time:
    """``CURRENT_TIME[(p)]``: timetz with the session zone's offset."""
    local, tz = _session_now(now)
    result: time = apply_precision("timetz", local.time().replace(tzinfo=_fixed_zone(-tz)), precision)
    return result


def localtime(precision: int | None = None, now: datetime | None = None) -> time:
    """``LOCALTIME[(p)]``: the session zone's wall-clock time, without zone."""
    result: time = apply_precision("time", _session_now(now)[0].time(), precision)
    return result


# ---------------------------------------------------------------------------
# The I/O table
# ---------------------------------------------------------------------------

#: typinput/typoutput of the date/time kinds.
DATETIME_IO: list[TypeIO] = [
    TypeIO("date", parse_date, format_date),
    TypeIO("time", parse_time, format_time),
    TypeIO("timetz", parse_timetz, format_timetz),
    TypeIO("timestamp", parse_timestamp, format_timestamp),
    TypeIO("timestamptz", parse_timestamptz, format_timestamptz),
    TypeIO("interval", parse_interval, format_interval),
]

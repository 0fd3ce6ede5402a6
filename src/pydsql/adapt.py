"""Python values in and out, the way psycopg 3 adapts them.

Parameters: each Python value gets the SQL type psycopg would send it as
(``int`` -> smallint/integer/bigint/numeric by magnitude, ``str`` and
``None`` -> *unknown*, so the server infers the type from context) and is
converted to the engine's representation (:mod:`pydsql.types`).

Results: values leave the engine as Python objects; only intervals differ
(the engine keeps PostgreSQL's months/days/microseconds, users get a
``timedelta`` as from psycopg).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from . import errors
from .types import (
    check_text,
    BOOL,
    BYTEA,
    DATE,
    FLOAT8,
    INT2,
    INT4,
    INT8,
    INTERVAL,
    NUMERIC,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    TIMETZ,
    UNKNOWN,
    UUID,
    SqlType,
)
from .values.interval import Interval
from .values.numbers import normalize_numeric
from .values.catalog import TYPE_IO

format_float4 = TYPE_IO["float4"].format

_UTC = dt.timezone.utc


def _int(v: int) -> tuple[SqlType, Any]:
    if -32768 <= v <= 32767:
        return INT2, v
    if -2147483648 <= v <= 2147483647:
        return INT4, v
    if -9223372036854775808 <= v <= 9223372036854775807:
        return INT8, v
    return NUMERIC, normalize_numeric(Decimal(v))


def _datetime(v: dt.datetime) -> tuple[SqlType, Any]:
    if v.tzinfo is None or v.utcoffset() is None:
        return TIMESTAMP, v
    return TIMESTAMPTZ, v.astimezone(_UTC)


def _time(v: dt.time) -> tuple[SqlType, Any]:
    if v.tzinfo is None:
        return TIME, v
    return TIMETZ, v


_ADAPTERS: dict[type, Callable[[Any], tuple[SqlType, Any]]] = {
    bool: lambda v: (BOOL, v),
    int: _int,
    float: lambda v: (FLOAT8, v),
    Decimal: lambda v: (NUMERIC, normalize_numeric(v)),
    str: lambda v: (UNKNOWN, check_text(v)),
    bytes: lambda v: (BYTEA, v),
    bytearray: lambda v: (BYTEA, bytes(v)),
    memoryview: lambda v: (BYTEA, bytes(v)),
    dt.date: lambda v: (DATE, v),
    dt.datetime: _datetime,
    dt.time: _time,
    dt.timedelta: lambda v: (INTERVAL, Interval.from_timedelta(v)),
    uuid.UUID: lambda v: (UUID, v),
    type(None): lambda v: (UNKNOWN, None),
}


def _adapter(v: Any) -> Callable[[Any], tuple[SqlType, Any]]:
    adapter = _ADAPTERS.get(type(v))
    if adapter is not None:
        return adapter
    for cls, fn in _ADAPTERS.items():  # subclasses (IntEnum, str subclasses...)
        if cls is not type(None) and isinstance(v, cls) and not (cls is int and isinstance(v, bool)):
            if cls is dt.date and isinstance(v, dt.datetime):
                return _datetime
            return fn
    raise errors.ProgrammingError(f"cannot adapt type '{type(v).__name__}' using placeholder '%s' (format: AUTO)")


def adapt_params(params: Sequence[Any]) -> tuple[tuple[SqlType, ...], tuple[Any, ...]]:
    """(SQL types, engine values) of a statement's parameters."""
    types = []
    values = []
    for v in params:
        t, value = _adapter(v)(v)
        types.append(t)
        values.append(value)
    return tuple(types), tuple(values)


def _interval_out(v: Any) -> Any:
    return v.to_timedelta() if isinstance(v, Interval) else v


def _float4_out(v: Any) -> Any:
    # psycopg reads a real from its shortest text form: 0.1::real is 0.1, not 0.10000000149011612
    return float(format_float4(v))


_OUTPUT: dict[str, Callable[[Any], Any]] = {"interval": _interval_out, "float4": _float4_out}


def output_converters(types: Sequence[SqlType]) -> list[tuple[int, Callable[[Any], Any]]] | None:
    """Per-column conversions from engine values to Python results (None: rows pass unchanged)."""
    conv = [(i, _OUTPUT[t.kind]) for i, t in enumerate(types) if t.kind in _OUTPUT]
    return conv or None


def convert_rows(rows: list[tuple[Any, ...]], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        values = list(row)
        for i, fn in converters:
            if values[i] is not None:
                values[i] = fn(values[i])
        out.append(tuple(values))
    return out

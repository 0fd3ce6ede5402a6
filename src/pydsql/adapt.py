"""Python values in and out, the way psycopg 3 adapts them.

Parameters: each Python value gets the SQL type psycopg would send it as
(``int`` -> smallint/integer/bigint/numeric by magnitude, ``str`` and
``None`` -> *unknown*, so the server infers the type from context) and is
converted to the engine's representation (:mod:`pydsql.types`).

Results: values leave the engine as Python objects; only intervals differ
(the engine keeps PostgreSQL's months/days/microseconds, users get a
``timedelta`` as from psycopg).

json, jsonb and arrays, as psycopg 3 does them:

* a ``list`` parameter is an array (psycopg's ``ListDumper``): its type is
  the array of the type its non-NULL elements (nested lists flattened) are
  sent as, an ``int`` list taking the type its largest magnitude needs
  (``[1, 2]`` is a ``smallint[]``, ``[1, 2**40]`` a ``bigint[]``); elements
  of classes sent as different types are refused (DataError ``cannot dump
  lists of mixed types; got: float, int``).  A list of strings, an empty
  list or a list of NULLs is sent as an *unknown* text (``'{a,b}'``), read
  by the statement with the type it needs, exactly as psycopg leaves it to
  the server.  The array is read from its text form, so a ragged list fails
  as in PostgreSQL (22P02 ``malformed array literal``).
* a ``dict`` is refused (ProgrammingError ``cannot adapt type 'dict'``), as
  psycopg does unless a dumper is registered: wrap it in :class:`Json` or
  :class:`Jsonb` (``pydsql.Json``/``pydsql.Jsonb``, the counterparts of
  ``psycopg.types.json.Json``/``Jsonb``, which are accepted too); the object
  is sent as ``json.dumps(obj)`` typed json/jsonb.
* json/jsonb results are the text through ``json.loads`` (dict, list, str,
  int, float, bool, None: a JSON ``null`` document is ``None``); arrays are
  lists (nested for several dimensions) of their elements' Python values.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
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
    JSON,
    JSONB,
    NUMERIC,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    TIMETZ,
    UNKNOWN,
    UUID,
    SqlType,
    array_of,
)
from .values.arrays import array_map
from .values.interval import Interval
from .values.lazy import lazy_pattern
from .values.numbers import float4_out as format_float4, normalize_numeric
from .values.catalog import input_function, output_function
from .values.oids import REG_KINDS, vector_out
from .values.money import cash_out
from .values.ranges import SUBTYPES as RANGE_SUBTYPES
from .values.ranges import RANGE_OF_MULTIRANGE, Multirange, Range
from .values.network import CIDR, INET, from_python, to_python_cidr, to_python_inet
from .values.records import field_texts, record_out

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


def _str(v: str) -> tuple[SqlType, Any]:
    # sent untyped, as psycopg does; ASCII without NUL (most strings) needs no further check
    return UNKNOWN, (v if v.isascii() and "\x00" not in v else check_text(v))


def _range_param(r: Range) -> tuple[SqlType, Any]:
    """A range parameter, sent as its text, untyped (the statement decides which range type
    it is), each bound quoted."""
    if r.isempty:
        return UNKNOWN, "empty"

    def bound(v: Any) -> str:
        return "" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '""') + '"'
    return UNKNOWN, f"{r.bounds[0]}{bound(r.lower)},{bound(r.upper)}{r.bounds[1]}"


def _multirange_param(m: Multirange) -> tuple[SqlType, Any]:
    """A multirange parameter, sent as its text (untyped, as a range)."""
    return UNKNOWN, "{" + ",".join(_range_param(r)[1] for r in m) + "}"


_ADAPTERS: dict[type, Callable[[Any], tuple[SqlType, Any]]] = {
    bool: lambda v: (BOOL, v),
    int: _int,
    float: lambda v: (FLOAT8, v),
    Decimal: lambda v: (NUMERIC, normalize_numeric(v)),
    str: _str,
    bytes: lambda v: (BYTEA, v),
    bytearray: lambda v: (BYTEA, bytes(v)),
    memoryview: lambda v: (BYTEA, bytes(v)),
    dt.date: lambda v: (DATE, v),
    dt.datetime: _datetime,
    dt.time: _time,
    dt.timedelta: lambda v: (INTERVAL, Interval.from_timedelta(v)),
    uuid.UUID: lambda v: (UUID, v),
    type(None): lambda v: (UNKNOWN, None),
    # psycopg's dumpers: addresses and interfaces as inet, networks as cidr
    ipaddress.IPv4Address: lambda v: (INET, from_python(v)),
    ipaddress.IPv6Address: lambda v: (INET, from_python(v)),
    ipaddress.IPv4Interface: lambda v: (INET, from_python(v)),
    ipaddress.IPv6Interface: lambda v: (INET, from_python(v)),
    ipaddress.IPv4Network: lambda v: (CIDR, from_python(v)),
    ipaddress.IPv6Network: lambda v: (CIDR, from_python(v)),
    Range: _range_param,
    Multirange: _multirange_param,
}


class Json:
    """A parameter sent as ``json``: ``dumps(obj)`` (``json.dumps`` by default),
    like ``psycopg.types.json.Json``."""

    __slots__ = ("obj", "dumps")

    def __init__(self, obj: Any, dumps: Callable[[Any], str] | None = None) -> None:
        self.obj = obj
        self.dumps = dumps

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.obj!r})"


class Jsonb(Json):
    """A parameter sent as ``jsonb``, like ``psycopg.types.json.Jsonb``."""

    __slots__ = ()


# The json modules (Python's and pydsql's) are imported by the functions that need them:
# they are slow to import, and most programs never send or read json.


def _json_text(v: Any) -> str:
    dumps = getattr(v, "dumps", None)
    if dumps is None:
        import json

        dumps = json.dumps
    return check_text(dumps(v.obj))


def _json_param(v: Any) -> tuple[SqlType, Any]:
    from .values.json import json_in

    return JSON, json_in(_json_text(v))


def _jsonb_param(v: Any) -> tuple[SqlType, Any]:
    from .values.json import jsonb_in

    return JSONB, jsonb_in(_json_text(v))


# -- lists: psycopg's ListDumper ------------------------------------------------------------------

#: psycopg's test for elements that need quotes (ASCII white space, as its bytes regexp)
_NEEDS_QUOTES = lazy_pattern(r'(?i)^$|["{},\\ \t\n\r\f\v]|^null$|[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]')


def _flat_items(v: list[Any], seen: set[int]) -> Iterator[Any]:
    if id(v) in seen:
        raise errors.DataError("cannot dump a recursive list")
    seen.add(id(v))
    for x in v:
        if isinstance(x, list):
            yield from _flat_items(x, seen)
        elif x is not None:
            yield x


def _array_text(v: list[Any], dump: Callable[[Any], str]) -> str:
    """The array's text form as psycopg writes it (quoting as ``ListDumper``)."""
    if not v:
        return "{}"
    parts = []
    for x in v:
        if x is None:
            parts.append("NULL")
        elif isinstance(x, list):
            parts.append(_array_text(x, dump))
        else:
            text = dump(x)
            if _NEEDS_QUOTES().search(text):
                text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            parts.append(text)
    return "{" + ",".join(parts) + "}"


def _list(v: list[Any]) -> tuple[SqlType, Any]:
    items = list(_flat_items(v, set()))
    if not items:
        return UNKNOWN, _array_text(v, str)
    classes = {type(x) for x in items}
    sample = items[-1]
    if len(classes) > 1:
        by_class = {type(x): x for x in items}
        kinds = {_adapter(x)(x)[0] for x in by_class.values()}
        if len(kinds) != 1:
            names = ", ".join(sorted(c.__name__ for c in classes))
            raise errors.DataError(f"cannot dump lists of mixed types; got: {names}")
        sample = next(iter(by_class.values()))
    elif type(sample) is int:
        # psycopg picks the smallest integer type that holds the largest magnitude
        imax, imin = max(items), min(items)
        sample = imax if imin >= 0 else max(imax, -imin - 1)
    elem_type, _ = _adapter(sample)(sample)
    if classes == {int} and elem_type.kind in ("int2", "int4", "int8") and len(items) == len(v):
        return array_of(elem_type), list(v)  # flat integers (ids = ANY (%s)): the list is the value
    if elem_type.kind == "unknown":  # strings: sent untyped, read by the statement
        return UNKNOWN, _array_text(v, lambda x: check_text(str(x)))
    adapt = _adapter(sample)
    out = output_function(elem_type)

    def dump(x: Any) -> str:
        t, value = (_adapter(x) if type(x) is not type(sample) else adapt)(x)
        return out(value) if t == elem_type else output_function(t)(value)

    text = _array_text(v, dump)
    array_type = array_of(elem_type)
    return array_type, input_function(array_type)(text)


_ADAPTERS[list] = _list
_ADAPTERS[Json] = _json_param
_ADAPTERS[Jsonb] = _jsonb_param


def _adapter(v: Any) -> Callable[[Any], tuple[SqlType, Any]]:
    adapter = _ADAPTERS.get(type(v))
    if adapter is not None:
        return adapter
    cls_ = type(v)
    if cls_.__module__ == "psycopg.types.json" and cls_.__name__ in ("Json", "Jsonb"):
        return _jsonb_param if cls_.__name__ == "Jsonb" else _json_param  # psycopg's own wrappers
    for cls, fn in _ADAPTERS.items():  # subclasses (IntEnum, str subclasses...)
        if cls is not type(None) and isinstance(v, cls) and not (cls is int and isinstance(v, bool)):
            if cls is dt.date and isinstance(v, dt.datetime):
                return _datetime
            return fn
    raise errors.ProgrammingError(f"cannot adapt type '{type(v).__name__}' using placeholder '%s' (format: AUTO)")


def adapt_params(params: Sequence[Any] | None) -> tuple[tuple[SqlType, ...], tuple[Any, ...]]:
    """(SQL types, engine values) of a statement's parameters (none: ``None`` or empty)."""
    if not params:
        return (), ()
    adapters = _ADAPTERS
    if len(params) == 1:  # a key, most often: without the lists
        v = params[0]
        t, value = (adapters.get(type(v)) or _adapter(v))(v)
        return (t,), (value,)
    types = []
    values = []
    for v in params:
        t, value = (adapters.get(type(v)) or _adapter(v))(v)  # the exact class's adapter, inline: the common case
        types.append(t)
        values.append(value)
    return tuple(types), tuple(values)


def _interval_out(v: Any) -> Any:
    return v.to_timedelta() if isinstance(v, Interval) else v


def _float4_out(v: Any) -> Any:
    # psycopg reads a real from its shortest text form: 0.1::real is 0.1, not 0.10000000149011612
    return float(format_float4(v))


def _same_value(v: Any) -> Any:
    return v


def _json_out(v: Any) -> Any:
    from .values.json import to_python

    return to_python("json", v)


def _jsonb_out(v: Any) -> Any:
    from .values.json import to_python

    return to_python("jsonb", v)


def _record_out(v: Any) -> Any:
    return field_texts(v)  # psycopg returns an anonymous record as the tuple of its fields' texts


_OUTPUT: dict[str, Callable[[Any], Any]] = {
    "record": _record_out, "rowtype": record_out,  # a table's row type: psycopg has no loader, its text
    "interval": _interval_out, "float4": _float4_out, "json": _json_out, "jsonb": _jsonb_out,
    "jsonpath": str,  # psycopg has no jsonpath loader: its text, a plain str (not values.jsonpath.JsonPath)
    "money": cash_out,  # psycopg has no money loader (its text depends on lc_monetary): '$1,234.50'
    "inet": to_python_inet, "cidr": to_python_cidr,  # ipaddress objects, as psycopg's loaders
    # psycopg has no loader for these catalog types: it returns their text
    "int2vector": vector_out, "oidvector": vector_out, "xid": str, **{kind: str for kind in REG_KINDS},
}


def _in_zone(zone: dt.tzinfo) -> Callable[[Any], Any]:
    def convert(v: dt.datetime) -> dt.datetime:
        try:
            return v.astimezone(zone)
        except OverflowError:  # the wall time would fall outside years 1..9999
            return v
    return convert


def output_converter(t: SqlType, zone: dt.tzinfo | None = None) -> Callable[[Any], Any] | None:
    """The conversion of a non-NULL engine value of ``t`` to what psycopg returns
    (None: the value itself).  Arrays are lists of their elements' Python values.

    ``zone`` is the session's ``TimeZone`` when it is an IANA zone other than
    UTC: psycopg returns timestamptz values in the connection's zone (and in
    UTC when the zone is not one ``zoneinfo`` knows, such as ``<-05>+05``).
    """
    if t.kind == "array":
        # always a fresh list: the engine's may be a constant of a cached statement
        assert t.elem is not None
        elem = output_converter(t.elem, zone) or _same_value
        return lambda v: array_map(elem, v)
    if zone is not None and t.kind == "timestamptz":
        return _in_zone(zone)
    subtype = RANGE_SUBTYPES.get(RANGE_OF_MULTIRANGE.get(t.kind, t.kind))
    if subtype is not None:  # a range's bounds as their subtype's values
        bound = output_converter(SqlType(subtype), zone)
        if bound is None:
            return None
        if t.kind in RANGE_SUBTYPES:
            return lambda r: _range_map(r, bound)
        return lambda m: Multirange([_range_map(r, bound) for r in m])
    return _OUTPUT.get(t.kind)


def _range_map(r: Range, fn: Callable[[Any], Any]) -> Range:
    if r.isempty:
        return r
    return Range(None if r.lower is None else fn(r.lower), None if r.upper is None else fn(r.upper), r.bounds)


def output_converters(types: Sequence[SqlType], zone: dt.tzinfo | None = None) -> list[tuple[int, Callable[[Any], Any]]] | None:
    """Per-column conversions from engine values to Python results (None: rows pass unchanged)."""
    conv = []
    for i, t in enumerate(types):
        fn = output_converter(t, zone)
        if fn is not None:
            conv.append((i, fn))
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

"""Casts among the number and string kinds, and type-modifier application.

:data:`CASTS` is PostgreSQL 16's ``pg_cast`` restricted to ``int2``, ``int4``,
``int8``, ``numeric``, ``float4``, ``float8``, ``text``, ``varchar``,
``bpchar``, ``bool``, ``bytea`` and ``uuid`` (same contexts as the server),
followed by PostgreSQL's automatic I/O conversion casts among those kinds
(:func:`io_casts`): any type -> ``text``/``varchar``/``bpchar`` through its
output function (ASSIGNMENT) and ``text``/``varchar``/``bpchar`` -> any type
through its input function (EXPLICIT), for pairs ``pg_cast`` has no row for.

``Cast.fn`` never applies the target's modifiers; :func:`apply_typmod` does
(``varchar(n)``, ``char(n)``, ``numeric(p,s)``, and the fractional-second
precision of ``time``/``timetz``/``timestamp``/``timestamptz``/``interval``,
delegated to :func:`pydsql.values.datetimes.apply_precision`).

``fn=None`` marks exactly the rows PostgreSQL marks binary coercible
(``castmethod = 'b'``: varchar <-> text, text/varchar -> bpchar) plus the
three length-coercion self-casts (``bpchar -> bpchar``, ``varchar -> varchar``,
``numeric -> numeric``), whose only effect is the typmod.  Casts that are
function calls in PostgreSQL but identities on pydsql's representation
(``int2 -> int4``, ``float4 -> float8``...) use :func:`identity`, which a
compiler may skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from ..errors import StringDataRightTruncation
from ..types import SqlType
from . import numbers as N
from . import strings as S
from .registry import ASSIGNMENT, EXPLICIT, IMPLICIT, Cast, TypeIO


def identity(value: Any) -> Any:
    """A cast that does not change pydsql's representation of the value."""
    return value


#: The kinds whose values are strings and take part in I/O conversion casts.
STRING_KINDS: Final = ("text", "varchar", "bpchar")

#: Input/output functions of this module's kinds.
TYPE_IOS: Final[list[TypeIO]] = [
    TypeIO("int2", N.int2_in, N.int_out),
    TypeIO("int4", N.int4_in, N.int_out),
    TypeIO("int8", N.int8_in, N.int_out),
    TypeIO("numeric", N.numeric_in, N.numeric_out),
    TypeIO("float4", N.float4_in, N.float4_out),
    TypeIO("float8", N.float8_in, N.float8_out),
    TypeIO("text", S.text_in, S.text_out),
    TypeIO("varchar", S.text_in, S.text_out),
    TypeIO("bpchar", S.text_in, S.text_out),
    TypeIO("bool", S.bool_in, S.bool_out),
    TypeIO("bytea", S.bytea_in, S.bytea_out),
    TypeIO("uuid", S.uuid_in, S.uuid_out),
]

_I, _A, _E = IMPLICIT, ASSIGNMENT, EXPLICIT

#: pg_cast rows among this module's kinds (PostgreSQL 16).
PG_CASTS: Final[list[Cast]] = [
    # integers
    Cast("int2", "int4", _I, identity),
    Cast("int2", "int8", _I, identity),
    Cast("int2", "float4", _I, N.int_to_float4),
    Cast("int2", "float8", _I, N.int_to_float8),
    Cast("int2", "numeric", _I, N.int_to_numeric),
    Cast("int4", "int2", _A, N.int4_to_int2),
    Cast("int4", "int8", _I, identity),
    Cast("int4", "float4", _I, N.int_to_float4),
    Cast("int4", "float8", _I, N.int_to_float8),
    Cast("int4", "numeric", _I, N.int_to_numeric),
    Cast("int4", "bool", _E, N.int_to_bool),
    Cast("int8", "int2", _A, N.int8_to_int2),
    Cast("int8", "int4", _A, N.int8_to_int4),
    Cast("int8", "float4", _I, N.int_to_float4),
    Cast("int8", "float8", _I, N.int_to_float8),
    Cast("int8", "numeric", _I, N.int_to_numeric),
    # floats
    Cast("float4", "float8", _I, N.float4_to_float8),
    Cast("float4", "int2", _A, N.float_to_int2),
    Cast("float4", "int4", _A, N.float_to_int4),
    Cast("float4", "int8", _A, N.float_to_int8),
    Cast("float4", "numeric", _A, N.float4_to_numeric),
    Cast("float8", "float4", _A, N.float8_to_float4),
    Cast("float8", "int2", _A, N.float_to_int2),
    Cast("float8", "int4", _A, N.float_to_int4),
    Cast("float8", "int8", _A, N.float_to_int8),
    Cast("float8", "numeric", _A, N.float8_to_numeric),
    # numeric
    Cast("numeric", "int2", _A, N.numeric_to_int2),
    Cast("numeric", "int4", _A, N.numeric_to_int4),
    Cast("numeric", "int8", _A, N.numeric_to_int8),
    Cast("numeric", "float4", _I, N.numeric_to_float4),
    Cast("numeric", "float8", _I, N.numeric_to_float8),
    Cast("numeric", "numeric", _I, None),  # length coercion: the typmod only
    # bool
    Cast("bool", "int4", _E, N.bool_to_int),
    Cast("bool", "text", _A, S.bool_to_text),
    Cast("bool", "varchar", _A, S.bool_to_text),
    Cast("bool", "bpchar", _A, S.bool_to_text),
    # strings
    Cast("text", "varchar", _I, None),
    Cast("text", "bpchar", _I, None),
    Cast("varchar", "text", _I, None),
    Cast("varchar", "bpchar", _I, None),
    Cast("varchar", "varchar", _I, None),  # length coercion
    Cast("bpchar", "text", _I, S.bpchar_to_text),
    Cast("bpchar", "varchar", _I, S.bpchar_to_text),
    Cast("bpchar", "bpchar", _I, None),  # length coercion
]


def io_casts(ios: Iterable[TypeIO], existing: Iterable[tuple[str, str]] = ()) -> list[Cast]:
    """PostgreSQL's automatic I/O conversion casts for the kinds of ``ios``.

    For every kind: kind -> text/varchar/bpchar via its output function
    (ASSIGNMENT) and text/varchar/bpchar -> kind via its input function
    (EXPLICIT), skipping pairs in ``existing`` (pg_cast rows win) and pairs of
    two string kinds.  A ``bpchar`` source is read with its padding, as
    ``bpcharout`` prints it."""
    taken = set(existing)
    out: list[Cast] = []
    for io in ios:
        if io.kind in STRING_KINDS:
            continue
        for s in STRING_KINDS:
            if (io.kind, s) not in taken:
                out.append(Cast(io.kind, s, ASSIGNMENT, io.format))
            if (s, io.kind) not in taken:
                out.append(Cast(s, io.kind, EXPLICIT, io.parse))
    return out


#: pg_cast rows, then the I/O conversion casts among this module's kinds.
CASTS: Final[list[Cast]] = PG_CASTS + io_casts(TYPE_IOS, [(c.source, c.target) for c in PG_CASTS])


# ---------------------------------------------------------------------------
# Type modifiers
# ---------------------------------------------------------------------------

_DATETIME_PRECISION_KINDS: Final = frozenset({"time", "timetz", "timestamp", "timestamptz", "interval"})


def varchar_typmod(value: str, length: int, explicit: bool) -> str:
    """``varchar(n)``: an explicit cast truncates; otherwise 22001 unless every
    character beyond ``n`` is a space (those are cut)."""
    if len(value) <= length:
        return value
    if not explicit and value[length:].strip(" "):
        raise StringDataRightTruncation(f"value too long for type character varying({length})")
    return value[:length]


def bpchar_typmod(value: str, length: int, explicit: bool) -> str:
    """``char(n)``: as ``varchar(n)`` (``character(n)`` in the message), then
    blank-padded to ``n`` characters."""
    n = len(value)
    if n == length:
        return value
    if n < length:
        return value + " " * (length - n)
    if not explicit and value[length:].strip(" "):
        raise StringDataRightTruncation(f"value too long for type character({length})")
    return value[:length]


def typmod_coercer(type: SqlType, explicit: bool) -> Callable[[Any], Any] | None:
    """A one-argument function applying ``type``'s modifiers (a non-NULL value
    in, the coerced value out), or ``None`` when ``type`` has no modifier.

    Lets a compiled plan pick the coercion once instead of per row."""
    kind = type.kind
    if kind == "varchar":
        n = type.length
        if n is None:
            return None
        return lambda v: v if len(v) <= n else varchar_typmod(v, n, explicit)
    if kind == "bpchar":
        m = type.length
        if m is None:
            return None
        return lambda v: v if len(v) == m else bpchar_typmod(v, m, explicit)
    if kind == "numeric":
        p = type.precision
        if p is None:
            return None
        s = type.scale or 0
        return lambda v: N.numeric_apply_typmod(v, p, s)
    if kind in ("bit", "varbit"):
        from .bits import bit_typmod, varbit_typmod

        bits = type.length
        if bits is None:
            return None
        typmod = bit_typmod if kind == "bit" else varbit_typmod
        return lambda v: typmod(v, bits, explicit)
    if kind in _DATETIME_PRECISION_KINDS:
        prec = type.precision
        if prec is None:
            return None
        from .datetimes import apply_precision  # written concurrently; imported lazily

        return lambda v: apply_precision(kind, v, prec)
    if kind == "array" and type.elem is not None:
        inner = typmod_coercer(type.elem, explicit)
        if inner is None:
            return None
        return lambda v: _map_array(v, inner)
    return None


def _map_array(value: Any, fn: Callable[[Any], Any]) -> Any:
    if isinstance(value, list):
        return [None if e is None else _map_array(e, fn) for e in value]
    return fn(value)


def apply_typmod(value: Any, type: SqlType, explicit: bool) -> Any:
    """Coerce a non-NULL ``value`` of ``type.kind`` to ``type``'s modifiers.

    ``explicit`` is true for ``CAST``/``::`` (character types then truncate
    silently) and false for assignment to a column (22001 ``value too long for
    type character varying(3)`` unless the excess is spaces).  ``numeric(p,s)``
    rounds half away from zero and raises 22003 ``numeric field overflow``.
    Time kinds delegate to :func:`pydsql.values.datetimes.apply_precision`."""
    fn = typmod_coercer(type, explicit)
    return value if fn is None else fn(value)

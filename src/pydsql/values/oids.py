"""The types of PostgreSQL's system catalogs: ``oid``, the ``reg*`` aliases, ``"char"``,
``int2vector``/``oidvector``, ``pg_node_tree``, ``xid`` and ``aclitem``.

They exist so that the catalog relations of :mod:`pydsql.sql.system` have
PostgreSQL's column types, and so that the casts tools write work
(``'t'::regclass``, ``c.oid = 't'::regclass``, ``attrelid::regclass::text``).
DSQL refuses all of them as column types (see :mod:`pydsql.sql.ddl`).

=============  ===============================================================
kind           Python value
=============  ===============================================================
oid, xid       ``int`` (0 .. 2**32-1)
regclass...    :class:`ObjectName`: an ``int`` (the OID) that also carries the
               text PostgreSQL's output function prints for it
"char"         ``str`` of at most one character (``''`` is PostgreSQL's ``\\0``)
int2vector     ``list[int]``, subscripted from 0 as in PostgreSQL
oidvector      ``list[int]``
pg_node_tree   ``str``: pydsql stores an expression's SQL text where
               PostgreSQL stores its node tree (``pg_get_expr`` prints it)
aclitem        ``str`` (no catalog row has privileges: always NULL)
=============  ===============================================================

The ``reg*`` types need the catalog to read and print names
(``regclassin`` looks the name up through the search path).  The SQL layer
binds an :class:`ObjectNames` to :data:`OBJECT_NAMES` for each statement
(the catalog and search path the statement runs with); a value made while
a statement runs carries its text, so the DB-API prints it without a
catalog.  Comparisons go through ``oid`` (``regclass`` is binary coercible
to ``oid``), as in PostgreSQL, which has no ``regclass = regclass``.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable
from typing import Any, Final, Protocol

from .. import errors
from ..types import SqlType
from .registry import ASSIGNMENT, EXPLICIT, IMPLICIT, Cast, Operator, TypeIO

#: The object-identifier alias types (``regclass``...): the kinds whose values are :class:`ObjectName`.
REG_KINDS: Final = ("regclass", "regtype", "regproc", "regnamespace", "regrole")

#: Kinds this module adds (all refused as column types).
SYSTEM_KINDS: Final = frozenset({"oid", "char", "int2vector", "oidvector", "pg_node_tree", "xid", "aclitem", *REG_KINDS})

#: Vector kinds -> the kind of their elements (they behave as 0-based arrays of it).
VECTOR_ELEMENTS: Final = {"int2vector": "int2", "oidvector": "oid"}

_MAX_OID: Final = 2**32 - 1


class ObjectName(int):
    """A ``reg*`` value: the object's OID, printing as the object's name."""

    text: str

    def __new__(cls, oid: int, text: str) -> ObjectName:
        self = super().__new__(cls, oid)
        self.text = text
        return self

    def __repr__(self) -> str:
        return f"ObjectName({int(self)}, {self.text!r})"

    def __str__(self) -> str:
        return self.text


class ObjectNames(Protocol):
    """Reads and prints object names for the ``reg*`` types (implemented by :mod:`pydsql.sql.system`)."""

    def oid_of(self, kind: str, text: str, missing_ok: bool = False) -> int | None:
        """The OID ``text`` names (``kind`` one of :data:`REG_KINDS`); raises PostgreSQL's error
        for a missing object unless ``missing_ok`` (then ``None``)."""

    def name_of(self, kind: str, oid: int) -> str:
        """What ``kind``'s output function prints for ``oid`` (the number when no object has it)."""


#: The names of the statement running in this thread (set by the session for every statement).
OBJECT_NAMES: contextvars.ContextVar[ObjectNames | None] = contextvars.ContextVar("pydsql_object_names", default=None)


def object_name(kind: str, oid: int) -> ObjectName:
    """The ``kind`` value for ``oid`` (``0`` prints as ``-``, as PostgreSQL prints an invalid OID)."""
    if oid == 0:
        return ObjectName(0, "-")
    names = OBJECT_NAMES.get()
    return ObjectName(oid, names.name_of(kind, oid) if names is not None else str(oid))


# -- oid ----------------------------------------------------------------------------------------------


#: what C's ``strtoul(s, &end, 0)`` reads, which ``oidin`` uses: a sign, then hexadecimal after
#: ``0x``, octal after a leading ``0``, else decimal (no ``_`` separators, unlike integer input)
_STRTOUL = re.compile(r"\s*([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))\s*")


def oid_in(text: str, kind: str = "oid") -> int:
    """``oidin``: a number in the unsigned 32-bit range, read as C's ``strtoul`` with base 0
    reads it (``0x1F`` and ``017`` too); negative values wrap, as in PostgreSQL."""
    m = _STRTOUL.fullmatch(text)
    if m is None:
        raise errors.InvalidTextRepresentation(f'invalid input syntax for type {kind}: "{text}"')
    sign, hexadecimal, octal, decimal = m.groups()
    v = int(hexadecimal, 16) if hexadecimal else int(octal, 8) if octal else int(decimal, 10)
    if sign == "-":
        v = -v
    if not -(2**31) <= v <= _MAX_OID:
        raise errors.NumericValueOutOfRange(f'value "{text}" is out of range for type {kind}')
    return v & _MAX_OID


def _int_to_oid(v: int) -> int:
    """int4/int2 -> oid (binary: negative values wrap)."""
    return v & _MAX_OID


def _int8_to_oid(v: int) -> int:
    if not 0 <= v <= _MAX_OID:
        raise errors.NumericValueOutOfRange("OID out of range")
    return v


def _oid_to_int4(v: int) -> int:
    """oid -> int4 (binary: OIDs above 2**31 read as negative numbers)."""
    v = int(v)
    return v - 2**32 if v >= 2**31 else v


# -- reg* -----------------------------------------------------------------------------------------------


def _reg_in(kind: str) -> Callable[[str], ObjectName]:
    def parse(text: str) -> ObjectName:
        # digits only (no sign, no space): the OID itself, read by oidin, without a lookup
        # (PostgreSQL's parseNumericOid); anything else is a name
        if text.isascii() and text.isdigit():
            return object_name(kind, oid_in(text))
        if text == "-":
            return ObjectName(0, "-")
        names = OBJECT_NAMES.get()
        if names is None:
            raise errors.FeatureNotSupported(f"type {kind} cannot be read outside a statement")
        oid = names.oid_of(kind, text)
        assert oid is not None
        return ObjectName(oid, names.name_of(kind, oid))

    return parse


def _reg_out(v: Any) -> str:
    return v.text if isinstance(v, ObjectName) else str(v)


def to_reg(kind: str, text: str) -> ObjectName | None:
    """``to_regclass(text)`` and friends: NULL instead of an error for a missing object."""
    s = text.strip()
    if s.isdigit():  # to_reg* do not accept numeric OIDs: they look names up
        return None
    names = OBJECT_NAMES.get()
    if names is None:
        return None
    oid = names.oid_of(kind, text, missing_ok=True)
    return None if oid is None else ObjectName(oid, names.name_of(kind, oid))


# -- "char" -----------------------------------------------------------------------------------------------


def char_in(text: str) -> str:
    """``charin``: the first byte (pydsql keeps the first character)."""
    return text[:1]


def _char_to_int4(v: str) -> int:
    if not v:
        return 0
    b = v.encode()[0]
    return b - 256 if b >= 128 else b


def _int4_to_char(v: int) -> str:
    if not -128 <= v <= 127:
        raise errors.NumericValueOutOfRange('"char" out of range')
    return "" if v == 0 else chr(v & 0xFF)


# -- vectors -------------------------------------------------------------------------------------------


def _vector_in(kind: str, elem_in: Callable[[str], int]) -> Callable[[str], list[int]]:
    def parse(text: str) -> list[int]:
        return [elem_in(p) for p in text.split()]

    return parse


def _int2_in(text: str) -> int:
    try:
        v = int(text, 10)
    except ValueError:
        raise errors.InvalidTextRepresentation(f'invalid input syntax for type smallint: "{text}"') from None
    if not -32768 <= v <= 32767:
        raise errors.NumericValueOutOfRange(f'value "{text}" is out of range for type smallint')
    return v


def vector_subscript(v: list[Any] | None, i: int | None) -> Any:
    """``indkey[i]``: vectors are subscripted from 0 (NULL out of range)."""
    if v is None or i is None or not 0 <= i < len(v):
        return None
    return v[i]


def vector_out(v: list[Any]) -> str:
    return " ".join(str(int(x)) for x in v)


def _node_tree_in(text: str) -> str:
    raise errors.FeatureNotSupported("cannot accept a value of type pg_node_tree")


def _compare(kind: str, key: Callable[[Any], Any] | None = None) -> list[Operator]:
    bool_t = SqlType("bool")
    k: Callable[[Any], Any] = key or (lambda v: v)
    fns: dict[str, Callable[[Any, Any], bool]] = {
        "=": lambda a, b: k(a) == k(b), "<>": lambda a, b: k(a) != k(b), "<": lambda a, b: k(a) < k(b),
        "<=": lambda a, b: k(a) <= k(b), ">": lambda a, b: k(a) > k(b), ">=": lambda a, b: k(a) >= k(b),
    }
    return [Operator(op, kind, kind, bool_t, fn) for op, fn in fns.items()]


def _vector_key(v: list[Any]) -> tuple[int, ...]:
    return tuple(int(x) for x in v)


def _char_key(v: str) -> bytes:
    return v.encode()


TYPE_IOS: Final[list[TypeIO]] = [
    TypeIO("oid", oid_in, lambda v: str(int(v))),
    TypeIO("xid", lambda t: oid_in(t, "xid"), lambda v: str(int(v))),
    TypeIO("char", char_in, lambda v: v),
    TypeIO("int2vector", _vector_in("int2vector", _int2_in), vector_out),
    TypeIO("oidvector", _vector_in("oidvector", oid_in), vector_out),
    TypeIO("pg_node_tree", _node_tree_in, lambda v: v),
    TypeIO("aclitem", lambda t: t, lambda v: v),
    *(TypeIO(kind, _reg_in(kind), _reg_out) for kind in REG_KINDS),
]


def _reg_from_oid(kind: str) -> Callable[[Any], ObjectName]:
    return lambda v: object_name(kind, int(v))


def _reg_from_int(kind: str) -> Callable[[Any], ObjectName]:
    return lambda v: object_name(kind, _int_to_oid(v))


def _reg_from_int8(kind: str) -> Callable[[Any], ObjectName]:
    return lambda v: object_name(kind, _int8_to_oid(v))


def _plain_oid(v: Any) -> int:
    return int(v)


def _casts() -> list[Cast]:
    rows = [
        Cast("int8", "oid", IMPLICIT, _int8_to_oid),
        Cast("int4", "oid", IMPLICIT, _int_to_oid),
        Cast("int2", "oid", IMPLICIT, _int_to_oid),
        Cast("oid", "int8", ASSIGNMENT, _plain_oid),
        Cast("oid", "int4", ASSIGNMENT, _oid_to_int4),
        Cast("char", "text", IMPLICIT, None),
        Cast("char", "bpchar", ASSIGNMENT, None),
        Cast("char", "varchar", ASSIGNMENT, None),
        Cast("text", "char", ASSIGNMENT, char_in),
        Cast("bpchar", "char", ASSIGNMENT, char_in),
        Cast("varchar", "char", ASSIGNMENT, char_in),
        Cast("char", "int4", EXPLICIT, _char_to_int4),
        Cast("int4", "char", EXPLICIT, _int4_to_char),
        Cast("pg_node_tree", "text", IMPLICIT, None),
    ]
    for kind in REG_KINDS:
        rows += [Cast("oid", kind, IMPLICIT, _reg_from_oid(kind)), Cast(kind, "oid", IMPLICIT, _plain_oid)]
    for kind in ("regclass", "regtype", "regproc"):
        rows += [
            Cast("int4", kind, IMPLICIT, _reg_from_int(kind)),
            Cast("int2", kind, IMPLICIT, _reg_from_int(kind)),
            Cast("int8", kind, IMPLICIT, _reg_from_int8(kind)),
            Cast(kind, "int4", ASSIGNMENT, _oid_to_int4),
            Cast(kind, "int8", ASSIGNMENT, _plain_oid),
        ]
    rows += [Cast("text", "regclass", IMPLICIT, _reg_in("regclass")), Cast("varchar", "regclass", IMPLICIT, _reg_in("regclass"))]
    return rows


CASTS: Final[list[Cast]] = _casts()

OPERATORS: Final[list[Operator]] = (
    _compare("oid", _plain_oid) + _compare("char", _char_key) + _compare("oidvector", _vector_key)
    + [o for o in _compare("int2vector", _vector_key) if o.name == "="]
)


__all__ = [
    "CASTS", "OBJECT_NAMES", "OPERATORS", "REG_KINDS", "SYSTEM_KINDS", "TYPE_IOS", "VECTOR_ELEMENTS", "ObjectName",
    "ObjectNames", "object_name", "oid_in", "to_reg", "vector_out", "vector_subscript",
]

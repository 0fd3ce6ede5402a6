"""Lookup tables over every value module, built once at import.

* :data:`TYPE_IO` -- kind -> :class:`TypeIO` (``typinput``/``typoutput``);
* :data:`CASTS_BY_PAIR` -- (source kind, target kind) -> :class:`Cast`: the
  ``pg_cast`` rows, PostgreSQL's automatic I/O conversion casts (any kind ->
  text/varchar/bpchar, ASSIGNMENT; text/varchar/bpchar -> any kind,
  EXPLICIT) and a binary no-op cast from every kind to itself;
* :data:`OPERATORS_BY_NAME` -- operator name -> its ``pg_operator`` rows;
* :data:`FUNCTIONS_BY_NAME` -- function name -> :class:`Function` rows for
  the number and string functions (``pg_proc`` restricted to those kinds).

The number and string kinds come from :mod:`.casts` / :mod:`.operators`; the
date/time kinds from :mod:`.datetimes`.  :func:`_merge` is the one place where
the modules are combined.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from .casts import CASTS, TYPE_IOS, io_casts
from .datetimes import DATETIME_CASTS, DATETIME_IO, DATETIME_OPERATORS
from .operators import FUNCTIONS, OPERATORS, Function
from .registry import IMPLICIT, Cast, Operator, TypeIO


def _merge() -> tuple[dict[str, TypeIO], dict[tuple[str, str], Cast], dict[str, list[Operator]]]:
    ios: list[TypeIO] = list(TYPE_IOS) + list(DATETIME_IO)
    type_io = {io.kind: io for io in ios}
    casts: dict[tuple[str, str], Cast] = {}
    for c in list(CASTS) + list(DATETIME_CASTS):
        casts.setdefault((c.source, c.target), c)
    # I/O conversion casts for kinds the modules did not cover themselves.
    for c in io_casts(ios, casts.keys()):
        casts.setdefault((c.source, c.target), c)
    for kind in type_io:
        casts.setdefault((kind, kind), Cast(kind, kind, IMPLICIT, None))
    operators: dict[str, list[Operator]] = {}
    for o in list(OPERATORS) + list(DATETIME_OPERATORS):
        operators.setdefault(o.name, []).append(o)
    return type_io, casts, operators


_TABLES = _merge()
TYPE_IO: Final[dict[str, TypeIO]] = _TABLES[0]
CASTS_BY_PAIR: Final[dict[tuple[str, str], Cast]] = _TABLES[1]
OPERATORS_BY_NAME: Final[dict[str, list[Operator]]] = _TABLES[2]
del _TABLES


def find_cast(source_kind: str, target_kind: str) -> Cast | None:
    """The cast from ``source_kind`` to ``target_kind`` (``pg_cast`` row, I/O
    conversion or same-kind no-op), or ``None`` if PostgreSQL has none."""
    return CASTS_BY_PAIR.get((source_kind, target_kind))


def parse_text(kind: str, text: str) -> Any:
    """Read ``text`` with ``kind``'s input function (no typmod applied)."""
    return TYPE_IO[kind].parse(text)


def format_text(kind: str, value: Any) -> str:
    """Write a non-NULL value with ``kind``'s output function."""
    return TYPE_IO[kind].format(value)


def cast_to_text(kind: str, value: Any) -> str:
    """``value::text`` for a non-NULL value of ``kind``: the ``pg_cast`` function
    when there is one (``bool`` -> ``true``, ``bpchar`` loses its padding), else
    the output function.  This is what ``anynonarray || text`` applies."""
    c = CASTS_BY_PAIR[(kind, "text")]
    return value if c.fn is None else c.fn(value)  # type: ignore[no-any-return]


def specialize_operator(op: Operator, left_kind: str | None, right_kind: str) -> Callable[..., Any]:
    """``op.fn`` for operands of the given kinds.  For the polymorphic
    ``anynonarray || text`` rows the operand is cast to text exactly as
    PostgreSQL's ``anytextcat`` does (``find_cast(kind, "text")``: ``true``
    for a bool, a float4 with float4 digits, a bpchar without its padding);
    every other operator's ``fn`` is returned unchanged."""
    if op.left == "anynonarray" and left_kind is not None:
        conv = _to_text(left_kind)
        return lambda a, b: conv(a) + b
    if op.right == "anynonarray":
        conv = _to_text(right_kind)
        return lambda a, b: a + conv(b)
    return op.fn


def _to_text(kind: str) -> Callable[[Any], str]:
    c = CASTS_BY_PAIR.get((kind, "text"))
    if c is None:
        raise KeyError(f"no cast from {kind} to text")
    fn = c.fn
    if fn is None:
        return lambda v: v
    return fn


FUNCTIONS_BY_NAME: Final[dict[str, list[Function]]] = {}
for _f in FUNCTIONS:
    FUNCTIONS_BY_NAME.setdefault(_f.name, []).append(_f)
del _f

__all__ = [
    "TYPE_IO", "CASTS_BY_PAIR", "OPERATORS_BY_NAME", "FUNCTIONS_BY_NAME", "FUNCTIONS", "Function",
    "find_cast", "parse_text", "format_text", "cast_to_text", "specialize_operator",
]

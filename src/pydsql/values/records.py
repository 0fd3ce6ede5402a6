"""Row values: ``ROW(1, 'a')``, ``(a, b)`` and whole-row references (``SELECT t FROM t``).

A row value is a :class:`Record`: the tuple of its fields' *output texts*
(``None`` for NULL), computed when the row is built; a field that is itself
a row stays a Record (so that JSON can show it as an object).  That is all pydsql
does with a row value besides comparing rows field by field (which the
analyzer expands into per-field comparisons): print it, test it for NULL,
count it, and turn it into a JSON object (its class knows its fields' names
and types, see :func:`record_class`).  The DB-API returns what psycopg returns: an anonymous record
(``ROW(...)``, type ``record``) as a tuple of strings, a table's row type
(``SELECT t FROM t``) as its text form ``(1,seed)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import FeatureNotSupported
from .registry import IMPLICIT, Cast, TypeIO

_NEEDS_QUOTES = frozenset('",()\\ \t\n\r\v\f')


class Record(tuple):  # type: ignore[type-arg]
    """A row value: its fields' output texts, ``None`` for NULL fields.

    A row built by a statement (``ROW(...)``, a whole-row reference) is an instance of
    a subclass made by :func:`record_class`, whose ``fields`` name and type each field:
    what ``to_json`` and ``row_to_json`` read.  A plain Record has no ``fields``."""

    __slots__ = ()
    fields: tuple[tuple[str, Any], ...] | None = None


def record_class(fields: Sequence[tuple[str, Any]]) -> type[Record]:
    """The Record subclass of rows whose fields are ``(name, SqlType)`` pairs."""
    return type("Record", (Record,), {"__slots__": (), "fields": tuple(fields)})


def field_texts(value: Record) -> tuple[str | None, ...]:
    """The fields of ``value`` as texts (a row inside it as its record_out text)."""
    return tuple(record_out(v) if isinstance(v, Record) else v for v in value)


def record_out(value: Record) -> str:
    """PostgreSQL's record_out: ``(1,"a b",)``: fields quoted when empty or when they hold
    quotes, backslashes, parentheses, commas or spaces (quotes and backslashes doubled)."""
    parts = []
    for text in value:
        if isinstance(text, Record):  # a row inside a row is kept as a row: its text here
            text = record_out(text)
        if text is None:
            parts.append("")
        elif text == "" or any(ch in _NEEDS_QUOTES for ch in text):
            parts.append('"' + text.replace("\\", "\\\\").replace('"', '""') + '"')
        else:
            parts.append(text)
    return "(" + ",".join(parts) + ")"


def record_is_null(value: Any) -> bool:
    """``row IS NULL``: the row is NULL, or every field is (a row of no fields too)."""
    return value is None or all(text is None for text in value)


def record_is_not_null(value: Any) -> bool:
    """``row IS NOT NULL``: a row with no field NULL (not the negation of IS NULL, as in SQL)."""
    return value is not None and all(text is not None for text in value)


def _record_in(text: str) -> Any:
    raise FeatureNotSupported("input of anonymous composite types is not implemented")


#: ``record`` (ROW(...)) and ``rowtype`` (a table's row, read whole) print as PostgreSQL's record_out
RECORD_IO = [TypeIO("record", _record_in, record_out), TypeIO("rowtype", _record_in, record_out)]

#: a table's row is a record wherever a function takes one (PostgreSQL: every composite type
#: coerces to ``record``), as it is
RECORD_CASTS = [Cast("rowtype", "record", IMPLICIT, None)]

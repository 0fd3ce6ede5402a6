"""Row values: ``ROW(1, 'a')``, ``(a, b)`` and whole-row references (``SELECT t FROM t``).

A row value is a :class:`Record`: the tuple of its fields' *output texts*
(``None`` for NULL), computed when the row is built.  That is all pydsql
does with a row value besides comparing rows field by field (which the
analyzer expands into per-field comparisons): print it, test it for NULL,
count it.  The DB-API returns what psycopg returns: an anonymous record
(``ROW(...)``, type ``record``) as a tuple of strings, a table's row type
(``SELECT t FROM t``) as its text form ``(1,seed)``.
"""

from __future__ import annotations

from typing import Any

from ..errors import FeatureNotSupported
from .registry import TypeIO

_NEEDS_QUOTES = frozenset('",()\\ \t\n\r\v\f')


class Record(tuple):  # type: ignore[type-arg]
    """A row value: its fields' output texts, ``None`` for NULL fields."""

    __slots__ = ()


def record_out(value: Record) -> str:
    """PostgreSQL's record_out: ``(1,"a b",)``: fields quoted when empty or when they hold
    quotes, backslashes, parentheses, commas or spaces (quotes and backslashes doubled)."""
    parts = []
    for text in value:
        if text is None:
            parts.append("")
        elif text == "" or any(ch in _NEEDS_QUOTES for ch in text):
            parts.append('"' + text.replace("\\", "\\\\").replace('"', '""') + '"')
        else:
            parts.append(text)
    return "(" + ",".join(parts) + ")"


def record_is_null(value: Any) -> bool:
    """``row IS NULL``: every field is NULL (a row of no fields too)."""
    return all(text is None for text in value)


def record_is_not_null(value: Any) -> bool:
    """``row IS NOT NULL``: no field is NULL (not the negation of IS NULL, as in SQL)."""
    return all(text is not None for text in value)


def _record_in(text: str) -> Any:
    raise FeatureNotSupported("input of anonymous composite types is not implemented")


#: ``record`` (ROW(...)) and ``rowtype`` (a table's row, read whole) print as PostgreSQL's record_out
RECORD_IO = [TypeIO("record", _record_in, record_out), TypeIO("rowtype", _record_in, record_out)]

"""Equality and ordering of values by SQL type: the keys of GROUP BY, DISTINCT,
set operations, hash joins and sorts.

PostgreSQL finds a type's equality and ordering operators in its btree
operator class; a type without one cannot be grouped or sorted
(``could not identify an equality operator for type json``).  pydsql's
plans compare Python values, so each type gets a *key function* mapping its
values to Python objects whose ``==``/``hash``/``<`` are SQL's:

* ``None`` where Python's own are (integers, text in the C collation,
  dates, jsonb's :class:`~pydsql.values.json.Jsonb`);
* the storage key encoding for floats, numerics, char(n), timetz
  (NaN = NaN, 1.0 = 1.00, trailing blanks ignored...);
* :func:`pydsql.values.arrays.array_key` / ``array_sort_key`` for arrays
  (lists are not hashable; elements compare by their type).

:func:`group_key` and :func:`sort_key` raise PostgreSQL's 42883 error for
types without the operator (json, arrays of json).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .. import errors
from ..types import SqlType
from ..values import arrays as A
from .plan import sort_key_function

KeyFn = Callable[[Any], Any]

#: kinds without a btree operator class in PostgreSQL
_NO_ORDERING = frozenset({"json", "jsonpath", "xml", "point"})
#: kinds whose Python equality/hash is not SQL's (see the module docstring)
_NORMALIZED = frozenset({"float4", "float8", "numeric", "bpchar", "timetz"})


def _base_elem(t: SqlType) -> SqlType:
    while t.kind == "array" and t.elem is not None:
        t = t.elem
    return t


def has_equality(t: SqlType) -> bool:
    return _base_elem(t).kind not in _NO_ORDERING


def require_equality(t: SqlType) -> None:
    """42883 when PostgreSQL has no equality operator for ``t`` (GROUP BY, DISTINCT, UNION)."""
    if not has_equality(t):
        raise errors.UndefinedFunction(f"could not identify an equality operator for type {t.name}")


def require_ordering(t: SqlType) -> None:
    """42883 when PostgreSQL has no ordering operator for ``t`` (ORDER BY)."""
    if not has_equality(t):
        raise errors.UndefinedFunction(
            f"could not identify an ordering operator for type {t.name}",
            hint="Use an explicit ordering operator or modify the query.",
        )


@functools.lru_cache(maxsize=None)
def group_key(t: SqlType) -> KeyFn | None:
    """Values of ``t`` -> keys whose hashing and equality are SQL equality (None: the values themselves)."""
    require_equality(t)
    if t.kind == "array":
        elem = _base_elem(t).kind
        return functools.partial(A.array_key, elem=elem)
    if t.kind in _NORMALIZED:
        return sort_key_function(t.kind)
    return None


@functools.lru_cache(maxsize=None)
def sort_key(t: SqlType) -> KeyFn | None:
    """Values of ``t`` -> keys that Python orders as SQL does (None: the values themselves)."""
    require_ordering(t)
    if t.kind == "array":
        return A.array_sort_key(_base_elem(t).kind)
    return sort_key_function(t.kind)


def partition_key(t: SqlType) -> KeyFn | None:
    """A sort key for PARTITION BY (which needs equality: 42883 names the equality operator)."""
    require_equality(t)
    return sort_key(t)


def hashable(t: SqlType) -> bool:
    """Whether values of ``t`` can be set members as they are (a DISTINCT marker)."""
    return t.kind != "array" and t.kind not in _NORMALIZED


__all__ = [
    "KeyFn", "group_key", "has_equality", "hashable", "partition_key", "require_equality", "require_ordering",
    "sort_key",
]

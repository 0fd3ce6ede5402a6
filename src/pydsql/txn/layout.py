"""How a catalog table maps onto storage: the key encoders of its primary key and indexes.

A layout is derived from a :class:`pydsql.catalog.Table` alone and cached on
it (tables are immutable, so the layout never goes stale).  Rows of a table
without a declared primary key are keyed by a hidden row id, allocated at
insert and invisible to SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from ..catalog import Index, Table
from ..storage.keys import component_encoder, key_encoder
from ..storage.mvcc import Row

KeyOf = Callable[[Row], bytes]


def _row_key_function(table: Table, index: Index, nullable: bool) -> KeyOf:
    cols = index.columns
    types = [table.columns[i].type for i in cols]
    if len(cols) == 1 and not nullable:
        (col,) = cols
        enc = component_encoder(types[0])
        return lambda row: enc(row[col])
    encode = key_encoder(types, nullable=nullable)
    return lambda row: encode([row[i] for i in cols])


class TableLayout:
    """Key functions of one table version (see module docstring)."""

    __slots__ = ("table", "pk_of", "index_key_of", "unique_checks")

    def __init__(self, table: Table) -> None:
        self.table = table
        pk = table.primary_key
        # row -> encoded primary key; None when rows are keyed by a hidden row id.
        self.pk_of: KeyOf | None = _row_key_function(table, pk, nullable=False) if pk is not None else None
        # index_id -> row -> encoded index key, for every secondary/unique index.
        self.index_key_of: dict[int, KeyOf] = {
            index.index_id: _row_key_function(table, index, nullable=True) for index in table.indexes
        }
        # (index, key function, NULL test) for indexes whose uniqueness must be checked on write.
        self.unique_checks: list[tuple[Index, KeyOf, Callable[[Row], bool]]] = [
            (index, self.index_key_of[index.index_id], _has_null(index))
            for index in table.indexes
            if index.unique
        ]


def _has_null(index: Index) -> Callable[[Row], bool]:
    cols = index.columns
    if index.nulls_not_distinct:
        return lambda row: False  # NULLs compare equal: always check
    return lambda row: any(row[i] is None for i in cols)


def layout_of(table: Table) -> TableLayout:
    """The layout of ``table``, derived once and cached on the table."""
    return table.derive("layout", TableLayout)

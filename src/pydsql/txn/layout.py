"""How a catalog table maps onto storage: the key encoders of its primary key and indexes.

A layout is derived from a :class:`pydsql.catalog.Table` alone and cached on
it (tables are immutable, so the layout never goes stale).  Rows of a table
without a declared primary key are keyed by a hidden row id, allocated at
insert and invisible to SQL.

Index key functions map a row to its encoded index key, or to ``None`` when
the row has no entry in the index (a partial index whose predicate the row
does not satisfy).  Expression keys and partial-index predicates are SQL: the
SQL layer compiles them, through the hook it installs with
:func:`set_expression_compiler` (this layer does not depend on the SQL front
end).  A unique check function also answers ``None`` for rows that cannot
collide: NULL in a key of a NULLS DISTINCT index, or outside the predicate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..catalog import Index, Table
from ..storage.keys import component_encoder, key_encoder
from ..storage.mvcc import Row
from ..types import SqlType

KeyOf = Callable[[Row], bytes]
MaybeKeyOf = Callable[[Row], "bytes | None"]
#: (table, SQL text) -> (row -> value, the value's type); installed by the SQL layer.
ExpressionCompiler = Callable[[Table, str], tuple[Callable[[Row], Any], SqlType]]

_compiler: ExpressionCompiler | None = None


def set_expression_compiler(compiler: ExpressionCompiler) -> None:
    global _compiler
    _compiler = compiler


def _compile(table: Table, text: str) -> tuple[Callable[[Row], Any], SqlType]:
    assert _compiler is not None, "the SQL layer installs the expression compiler at import"
    return _compiler(table, text)


def _row_key_function(table: Table, index: Index, nullable: bool) -> KeyOf:
    cols = index.columns
    types = [table.columns[i].type for i in cols]
    if len(cols) == 1 and not nullable:
        (col,) = cols
        enc = component_encoder(types[0])
        return lambda row: enc(row[col])
    encode = key_encoder(types, nullable=nullable)
    return lambda row: encode([row[i] for i in cols])


def _getter(col: int) -> Callable[[Row], Any]:
    return lambda row: row[col]


def key_parts(table: Table, index: Index) -> tuple[list[Callable[[Row], Any]], list[SqlType]]:
    """Per key: the function computing its value from a row, and its type."""
    fns: list[Callable[[Row], Any]] = []
    types: list[SqlType] = []
    for k, col in enumerate(index.columns):
        text = index.expressions[k] if index.expressions else None
        if text is None:
            fns.append(_getter(col))
            types.append(table.columns[col].type)
        else:
            fn, t = _compile(table, text)
            fns.append(fn)
            types.append(t)
    return fns, types


def _index_key_function(table: Table, index: Index) -> MaybeKeyOf:
    if index.plain:
        return _row_key_function(table, index, nullable=True)
    fns, types = key_parts(table, index)
    encode = key_encoder(types, nullable=True)
    if index.predicate is None:
        return lambda row: encode([f(row) for f in fns])
    predicate, _ = _compile(table, index.predicate)

    def key_of(row: Row) -> bytes | None:
        if predicate(row) is not True:
            return None  # not in the partial index
        return encode([f(row) for f in fns])

    return key_of


def _unique_key_function(table: Table, index: Index, key_of: MaybeKeyOf) -> MaybeKeyOf:
    if index.nulls_not_distinct:
        return key_of  # NULLs compare equal: always check
    if index.plain:
        cols = index.columns
        return lambda row: None if any(row[i] is None for i in cols) else key_of(row)
    fns, _ = key_parts(table, index)

    def unique_key(row: Row) -> bytes | None:
        ikey = key_of(row)
        if ikey is None or any(f(row) is None for f in fns):
            return None
        return ikey

    return unique_key


def unique_key_of(table: Table, index: Index) -> MaybeKeyOf:
    """The key under which ``row`` takes part in ``index``'s uniqueness (None: it cannot collide)."""
    return _unique_key_function(table, index, _index_key_function(table, index))


class TableLayout:
    """Key functions of one table version (see module docstring)."""

    __slots__ = ("table", "pk_of", "index_key_of", "unique_checks", "computed")

    def __init__(self, table: Table) -> None:
        self.table = table
        pk = table.primary_key
        # row -> encoded primary key; None when rows are keyed by a hidden row id.
        self.pk_of: KeyOf | None = _row_key_function(table, pk, nullable=False) if pk is not None else None
        # index_id -> row -> encoded index key (None: no entry), for every secondary/unique index.
        self.index_key_of: dict[int, MaybeKeyOf] = {
            index.index_id: _index_key_function(table, index) for index in table.indexes
        }
        # (index, row -> key to check or None) for valid indexes whose uniqueness is enforced on write.
        self.unique_checks: list[tuple[Index, MaybeKeyOf]] = [
            (index, _unique_key_function(table, index, self.index_key_of[index.index_id]))
            for index in table.indexes
            if index.unique and index.valid
        ]
        # key functions that evaluate SQL (expression keys, predicates): a write computes them
        # at the statement, so that an error surfaces there and never at COMMIT.
        self.computed: list[MaybeKeyOf] = [
            self.index_key_of[index.index_id] for index in table.indexes if not index.plain
        ]


def layout_of(table: Table) -> TableLayout:
    """The layout of ``table``, derived once and cached on the table."""
    return table.derive("layout", TableLayout)

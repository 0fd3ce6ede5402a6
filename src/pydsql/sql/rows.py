"""Row-level rules of a table: defaults, NOT NULL, CHECK, keys and uniqueness.

Everything that must hold for a row to be written, shared by INSERT and
UPDATE.  Compiled once per table version and cached on the catalog table
(:attr:`pydsql.catalog.Table.derived`), so a statement pays nothing per
execution to know its table's rules.

An identity column's default is ``nextval`` of its sequence (found by id in
the running transaction's catalog).  A default is only evaluated for the
columns a row does not supply, so an explicit value never consumes a
sequence value, as in PostgreSQL.

A stored generated column (``GENERATED ALWAYS AS (expr) STORED``) has no
default: :meth:`TableRules.prepare` computes it from the other columns of
every row written (INSERT, UPDATE, ON CONFLICT DO UPDATE, foreign-key
actions), before the constraints are checked, so constraints, keys and
RETURNING see the computed value.  PostgreSQL recomputes on every update,
whatever columns it sets.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from .. import errors
from ..catalog import Catalog, Index, Table
from ..txn.layout import key_parts, layout_of
from ..types import SqlType
from ..txn.transaction import Transaction
from ..values import catalog as values
from ..values.registry import ASSIGNMENT
from .analyze import Analyzer, Scope
from .coerce import coerce
from .compile import Fn, compile_expr
from .context import ExecContext
from .dialect import parse_expression
from .domains import Checker, domain_checker, domain_default
from .expr import Const, ContextCall, Expr
from .simplify import simplify_expr

Row = tuple[Any, ...]


def format_row(table: Table, row: Sequence[Any]) -> str:
    """PostgreSQL's "Failing row contains (...)" rendering of a row."""
    parts = []
    for col, v in zip(table.columns, row):
        parts.append("null" if v is None else values.format_text(col.type.kind, v))
    return "(" + ", ".join(parts) + ")"


def format_key(table: Table, index: Index, row: Sequence[Any]) -> str:
    """PostgreSQL's "Key (a, b)=(1, x)" rendering (an expression key shows as written)."""
    if index.expressions:
        fns, types = key_parts(table, index)
        keys = [f(tuple(row)) for f in fns]
    else:
        keys, types = [row[i] for i in index.columns], [table.columns[i].type for i in index.columns]
    names = ", ".join(index.key_text(k, lambda i: table.columns[i].name) for k in range(len(index.columns)))
    vals = ", ".join("null" if v is None else values.format_text(t.kind, v) for v, t in zip(keys, types))
    return f"Key ({names})=({vals})"


class TableRules:
    """Compiled defaults and constraints of one table version."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.layout = layout_of(table)
        # Stored expressions may not refer to other tables: analyze them over an empty catalog.
        analyzer = Analyzer(Catalog.empty(), (), table.schema)
        self.defaults: list[Fn | None] = []
        self.default_exprs: list[Expr] = []
        for col in table.columns:
            if col.sequence:
                e = _identity_default(col.sequence, col.type)
                self.default_exprs.append(e)
                self.defaults.append(compile_expr(e))
                continue
            if col.default is None and col.domain is not None and col.domain.default is not None:
                e = simplify_expr(domain_default(col.domain, col.name))  # the domain's, unless the column has one
                self.default_exprs.append(e)
                self.defaults.append(compile_expr(e))
                continue
            if col.default is None:
                self.defaults.append(None)
                self.default_exprs.append(Const(None, col.type))
                continue
            e = simplify_expr(
                coerce(analyzer.expr(parse_expression(col.default), Scope()), col.type, ASSIGNMENT, column=col.name)
            )
            self.default_exprs.append(e)
            self.defaults.append(compile_expr(e))
        scope = Scope()
        scope.add(table.name, [(c.name, c.type) for c in table.columns], table)
        #: (position, expression) of the stored generated columns; the expressions read only
        #: non-generated columns (CREATE TABLE refuses the others), so their order does not matter
        self.generated: list[tuple[int, Fn]] = []
        for i, col in enumerate(table.columns):
            if col.generated is not None:
                e = analyzer.expr(parse_expression(col.generated), scope, aggregates="column generation expressions")
                e = simplify_expr(coerce(e, col.type, ASSIGNMENT, column=col.name))
                self.generated.append((i, compile_expr(e)))
        self.not_null = [i for i, c in enumerate(table.columns) if c.not_null]
        # a value stored in a column of a domain type meets the domain's constraints first
        self.domains: list[tuple[int, Checker]] = [
            (i, domain_checker(c.domain)) for i, c in enumerate(table.columns) if c.domain is not None
        ]
        self.checks: list[tuple[str, Fn]] = []
        for check in table.checks:
            e = simplify_expr(analyzer.condition(parse_expression(check.expression), scope, "CHECK"))
            self.checks.append((check.name, compile_expr(e)))

    def default_row(self, ctx: ExecContext, supplied: Container[int] = ()) -> list[Any]:
        """The row of defaults, leaving out (as NULL) the ``supplied`` positions."""
        return [None if f is None or i in supplied else f((), ctx) for i, f in enumerate(self.defaults)]

    def prepare(self, row: Sequence[Any], ctx: ExecContext) -> Row:
        """The row as written: its generated columns computed from the others (whatever value
        they held), then validated (:meth:`validate`).  Every INSERT and UPDATE of a row goes
        through here."""
        if self.generated:
            given = tuple(row)
            values = list(given)
            for i, fn in self.generated:
                values[i] = fn(given, ctx)
            row = values
        new = tuple(row)
        self.validate(new, ctx)
        return new

    def validate(self, row: Row, ctx: ExecContext) -> None:
        """Domain constraints, NOT NULL and CHECK constraints (23502 / 23514)."""
        table = self.table
        for i, check_domain in self.domains:
            check_domain(row[i], ctx)
        for i in self.not_null:
            if row[i] is None:
                raise errors.NotNullViolation(
                    f'null value in column "{table.columns[i].name}" of relation "{table.name}" violates not-null constraint',
                    detail=f"Failing row contains {format_row(table, row)}.",
                )
        for name, check in self.checks:
            if check(row, ctx) is False:
                raise errors.CheckViolation(
                    f'new row for relation "{table.name}" violates check constraint "{name}"',
                    detail=f"Failing row contains {format_row(table, row)}.",
                )

    def key_of(self, row: Row, txn: Transaction) -> bytes:
        """The storage key of a new row (a fresh hidden row id for tables without a primary key)."""
        pk_of = self.layout.pk_of
        if pk_of is None:
            return txn.next_rowid(self.table)
        return pk_of(row)

    def check_unique(self, txn: Transaction, key: bytes, row: Row, *, new_key: bool) -> None:
        """23505 when ``row`` (stored under ``key``) duplicates a primary or unique key."""
        table = self.table
        layout = self.layout
        for key_of in layout.computed:
            key_of(row)  # expression keys and predicates fail here, not at COMMIT
        pk = table.primary_key
        if new_key and pk is not None and txn.get(table, key) is not None:
            raise _unique_violation(table, pk, row)
        if layout.unique_checks:  # any unique index besides the primary key
            index = txn.unique_violation(table, key, row)
            if index is not None:
                raise _unique_violation(table, index, row)


def _unique_violation(table: Table, index: Index, row: Row) -> errors.UniqueViolation:
    return errors.UniqueViolation(
        f'duplicate key value violates unique constraint "{index.name}"',
        detail=f"{format_key(table, index, row)} already exists.",
    )


def _identity_default(sequence_id: int, t: SqlType) -> Expr:
    """``nextval()`` of an identity column's sequence (found by id in the running transaction's catalog)."""
    from .functions import next_value, sequence_of

    return ContextCall("nextval", lambda ctx: next_value(ctx, sequence_of(ctx, sequence_id)), (), t, volatile=True)


def rules_of(table: Table) -> TableRules:
    return table.derive("rules", TableRules)


"""INSERT, UPDATE and DELETE: planning and execution.

Each statement is planned once into a small object whose ``execute`` runs it
against a transaction:

1. the input is materialized first (VALUES rows, the rows of the SELECT, the
   target rows found by the access path and WHERE), so the statement never
   sees its own changes;
2. each new row is completed (defaults), validated (NOT NULL, CHECK), keyed,
   checked for uniqueness against the snapshot and the transaction's own
   writes, and buffered in the transaction with its footprint mode;
3. RETURNING expressions are evaluated on the new row (the old one for
   DELETE).

Any error leaves the statement's partial writes in the transaction's undo
log, which the session rolls back (statement atomicity).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from .dialect import syntax_error_near
from .guard import only
from .. import errors
from ..catalog import Table
from ..txn.footprint import MODE_EXCLUSIVE, MODE_UPDATE
from ..types import SqlType
from ..values.registry import ASSIGNMENT
from .access import choose_access_path
from .analyze import Analyzer, Scope
from .coerce import coerce, resolve_unknown
from .compile import Fn, compile_expr, compile_predicate
from .context import ExecContext
from .expr import ColumnRef, Expr, raise_failed
from .simplify import simplify, simplify_all, simplify_expr
from .plan import AccessPath, FullScan
from .rows import TableRules, rules_of
from .query import column_name, plan_query

Row = tuple[Any, ...]


@dataclass
class DmlResult:
    count: int
    returning: list[Row] | None


def _is_default(node: exp.Expr) -> bool:
    if isinstance(node, exp.Var) and node.name.upper() == "DEFAULT":
        return True
    return (
        isinstance(node, exp.Column)
        and not node.table
        and node.name.upper() == "DEFAULT"
        and not node.this.quoted
    )


def _target_scope(table: Table, alias: str | None = None) -> Scope:
    scope = Scope()
    scope.add(alias or table.name, [(c.name, c.type) for c in table.columns], table)
    return scope


class Returning:
    """A compiled RETURNING list."""

    def __init__(self, node: exp.Expr | None, table: Table, scope: Scope, analyzer: Analyzer) -> None:
        self.columns: list[tuple[str, SqlType]] | None = None
        self.exprs: list[Expr] = []
        self.fns: list[Fn] = []
        if node is None:
            return
        outputs: list[tuple[str, Expr]] = []
        for item in node.expressions:
            if isinstance(item, exp.Star) or (isinstance(item, exp.Column) and isinstance(item.this, exp.Star)):
                outputs.extend((c.name, ColumnRef(i, c.type, c.name)) for i, c in enumerate(table.columns))
            elif isinstance(item, exp.Alias):
                outputs.append((item.alias, resolve_unknown(analyzer.expr(item.this, scope, aggregates="RETURNING"))))
            else:
                e = resolve_unknown(analyzer.expr(item, scope, aggregates="RETURNING"))
                outputs.append((column_name(item, analyzer), e))
        self.columns = [(name, e.type) for name, e in outputs]
        self.exprs = [e for _, e in outputs]

    def compile(self) -> None:
        self.exprs = simplify_all(self.exprs)
        raise_failed(self.exprs)
        self.fns = [compile_expr(e) for e in self.exprs]

    def row(self, row: Row, ctx: ExecContext) -> Row:
        return tuple([f(row, ctx) for f in self.fns])


# -- INSERT ----------------------------------------------------------------------------------------


class InsertPlan:
    def __init__(self, node: exp.Insert, analyzer: Analyzer) -> None:
        only(node, ("this", "expression", "returning", "default", "with_"), "INSERT", {
            "conflict": "INSERT ... ON CONFLICT is not supported by pydsql yet",
        })
        target = node.this
        columns_given: list[str] | None = None
        if isinstance(target, exp.Schema):
            columns_given = [c.name for c in target.expressions]
            target = target.this
        if not isinstance(target, exp.Table):
            raise syntax_error_near(target)
        table = analyzer.table(target)
        self.table = table
        self.rules: TableRules = rules_of(table)
        if columns_given is None:
            positions = list(range(len(table.columns)))
        else:
            positions = []
            for name in columns_given:
                pos = table.position(name)
                if pos is None:
                    raise errors.UndefinedColumn(f'column "{name}" of relation "{table.name}" does not exist')
                if pos in positions:
                    raise errors.DuplicateColumn(f'column "{name}" specified more than once')
                positions.append(pos)
        self.positions = positions
        scope = _target_scope(table, target.alias or None)

        source = node.expression
        value_exprs: list[list[Expr | None]] | None = None
        self.value_rows: list[list[Fn | None]] | None = None
        self.query = None
        self.query_casts: list[Fn] = []
        if node.args.get("default") or source is None:
            value_exprs = [[]]
            self.positions = []
        elif isinstance(source, exp.Values):
            # VALUES cannot see the target table (PostgreSQL: "invalid reference to FROM-clause entry")
            values_scope = Scope(hidden={target.alias or table.name: None})
            value_exprs = []
            for tup in source.expressions:
                items = tup.expressions if isinstance(tup, exp.Tuple) else [tup]
                # PostgreSQL's order: analyze the whole row, check its length, then coerce column by column
                analyzed = [
                    None if _is_default(item) else analyzer.expr(item, values_scope, aggregates="VALUES")
                    for item in items
                ]
                if len(items) > len(positions):
                    raise errors.SyntaxError("INSERT has more expressions than target columns")
                if len(items) < len(positions) and columns_given is not None:
                    raise errors.SyntaxError("INSERT has more target columns than expressions")
                row: list[Expr | None] = []
                for e, pos in zip(analyzed, positions):
                    col = table.columns[pos]
                    row.append(None if e is None else coerce(e, col.type, ASSIGNMENT, column=col.name))
                value_exprs.append(row)
            if columns_given is None:
                self.positions = positions[: max(len(r) for r in value_exprs)]
        else:
            query = plan_query(source, analyzer)
            if len(query.columns) > len(positions):
                raise errors.SyntaxError("INSERT has more expressions than target columns")
            if len(query.columns) < len(positions) and columns_given is not None:
                raise errors.SyntaxError("INSERT has more target columns than expressions")
            self.positions = positions[: len(query.columns)]
            for i, ((_, t), pos) in enumerate(zip(query.columns, self.positions)):
                col = table.columns[pos]
                self.query_casts.append(compile_expr(coerce(ColumnRef(i, t), col.type, ASSIGNMENT, column=col.name)))
            self.query = query
        self.returning = Returning(node.args.get("returning"), table, scope, analyzer)
        if value_exprs is not None:
            value_exprs = [[None if e is None else simplify_expr(e) for e in r] for r in value_exprs]
            raise_failed(e for row_exprs in value_exprs for e in row_exprs)
            self.value_rows = [[None if e is None else compile_expr(e) for e in r] for r in value_exprs]
        self.returning.compile()

    def execute(self, ctx: ExecContext) -> DmlResult:
        rules = self.rules
        positions = self.positions
        sources: list[list[Any]] = []
        if self.value_rows is not None:
            for fns in self.value_rows:
                sources.append([_DEFAULT if f is None else f((), ctx) for f in fns])
        else:
            assert self.query is not None
            casts = self.query_casts
            for r in list(self.query.root.rows(ctx)):
                sources.append([f(r, ctx) for f in casts])
        txn = ctx.txn
        table = self.table
        returning = self.returning
        out: list[Row] | None = [] if returning.columns is not None else None
        for values in sources:
            row = rules.default_row(ctx)
            for pos, v in zip(positions, values):
                if v is not _DEFAULT:
                    row[pos] = v
            new = tuple(row)
            rules.validate(new, ctx)
            key = rules.key_of(new, txn)
            rules.check_unique(txn, key, new, new_key=True)
            txn.write(table, key, new, MODE_EXCLUSIVE)
            if out is not None:
                out.append(returning.row(new, ctx))
        return DmlResult(len(sources), out)


_DEFAULT: Any = object()


# -- UPDATE / DELETE ----------------------------------------------------------------------------------


def _target(node: exp.Expr, analyzer: Analyzer) -> tuple[Table, Scope]:
    target = node.this
    if not isinstance(target, exp.Table):
        raise syntax_error_near(target)
    only(target, ("this", "db", "catalog", "alias", "only"), type(node).__name__.upper())
    table = analyzer.table(target)
    return table, _target_scope(table, target.alias or None)


class _Targeting:
    """Finds the rows an UPDATE/DELETE acts on: access path + WHERE."""

    def __init__(self, node: exp.Expr, table: Table, scope: Scope, analyzer: Analyzer) -> None:
        only(node, ("this", "expressions", "where", "returning", "with_"), type(node).__name__.upper(), {
            "from_": "UPDATE ... FROM is not supported by pydsql yet",
            "using": "DELETE ... USING is not supported by pydsql yet",
        })
        where_node = node.args.get("where")
        self.where = analyzer.condition(where_node.this, scope, "WHERE") if where_node is not None else None
        self.table = table
        self.access: AccessPath = FullScan(table)
        self.predicate: Any = None

    def compile(self) -> None:
        self.access, residual = choose_access_path(self.table, self.where)
        self.predicate = compile_predicate(residual)

    def targets(self, ctx: ExecContext) -> list[tuple[bytes, Row]]:
        pred = self.predicate
        if pred is None:
            return list(self.access.items(ctx))
        return [(k, r) for k, r in self.access.items(ctx) if pred(r, ctx)]


class UpdatePlan:
    def __init__(self, node: exp.Update, analyzer: Analyzer) -> None:
        table, scope = _target(node, analyzer)
        self.table = table
        self.rules = rules_of(table)
        # PostgreSQL's order (transformUpdateStmt): WHERE, RETURNING, then the SET list
        self.targeting = _Targeting(node, table, scope, analyzer)
        self.returning = Returning(node.args.get("returning"), table, scope, analyzer)
        assignments: list[tuple[int, Expr]] = []
        key_columns = table.key_columns()
        touches_key = False
        seen: set[int] = set()
        for assignment in node.expressions:
            if not isinstance(assignment, exp.EQ) or not isinstance(assignment.this, exp.Column):
                raise syntax_error_near(assignment)
            name = assignment.this.name
            pos = table.position(name)
            if pos is None:
                raise errors.UndefinedColumn(f'column "{name}" of relation "{table.name}" does not exist')
            if pos in seen:
                raise errors.DuplicateColumn(f'multiple assignments to same column "{name}"')
            seen.add(pos)
            col = table.columns[pos]
            value = assignment.expression
            if _is_default(value):
                e: Expr = self.rules.default_exprs[pos]
            else:
                e = coerce(analyzer.expr(value, scope, aggregates="UPDATE"), col.type, ASSIGNMENT, column=col.name)
            assignments.append((pos, e))
            touches_key = touches_key or pos in key_columns
        self.mode = MODE_EXCLUSIVE if touches_key else MODE_UPDATE
        self.targeting.where = simplify(self.targeting.where)
        assignments = [(pos, simplify_expr(e)) for pos, e in assignments]
        raise_failed([self.targeting.where, *(e for _, e in assignments)])
        self.assignments = [(pos, compile_expr(e)) for pos, e in assignments]
        self.targeting.compile()
        self.returning.compile()

    def execute(self, ctx: ExecContext) -> DmlResult:
        txn = ctx.txn
        table = self.table
        rules = self.rules
        pk_of = rules.layout.pk_of
        returning = self.returning
        out: list[Row] | None = [] if returning.columns is not None else None
        targets = self.targeting.targets(ctx)
        assignments = self.assignments
        for key, old in targets:
            new_list = list(old)
            for pos, fn in assignments:
                new_list[pos] = fn(old, ctx)  # every SET expression sees the old row
            new = tuple(new_list)
            rules.validate(new, ctx)
            new_key = key if pk_of is None else pk_of(new)
            if new_key != key:
                # A primary-key update moves the row: delete the old key, insert the new one
                # (the old row must be gone before the new one is checked against it).
                txn.write(table, key, None, MODE_EXCLUSIVE)
                rules.check_unique(txn, new_key, new, new_key=True)
                txn.write(table, new_key, new, MODE_EXCLUSIVE)
            else:
                rules.check_unique(txn, key, new, new_key=False)
                txn.write(table, key, new, self.mode)
            if out is not None:
                out.append(returning.row(new, ctx))
        return DmlResult(len(targets), out)


class DeletePlan:
    def __init__(self, node: exp.Delete, analyzer: Analyzer) -> None:
        table, scope = _target(node, analyzer)
        self.table = table
        self.targeting = _Targeting(node, table, scope, analyzer)
        self.returning = Returning(node.args.get("returning"), table, scope, analyzer)
        self.targeting.where = simplify(self.targeting.where)
        raise_failed([self.targeting.where])
        self.targeting.compile()
        self.returning.compile()

    def execute(self, ctx: ExecContext) -> DmlResult:
        txn = ctx.txn
        table = self.table
        returning = self.returning
        out: list[Row] | None = [] if returning.columns is not None else None
        targets = self.targeting.targets(ctx)
        for key, old in targets:
            txn.write(table, key, None, MODE_EXCLUSIVE)
            if out is not None:
                out.append(returning.row(old, ctx))
        return DmlResult(len(targets), out)


def returning_columns(plan: InsertPlan | UpdatePlan | DeletePlan) -> Sequence[tuple[str, SqlType]] | None:
    return plan.returning.columns

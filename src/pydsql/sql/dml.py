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

As in PostgreSQL, the whole statement reads the database as of its start:
when an expression evaluated while the statement writes (SET, RETURNING, ON
CONFLICT DO UPDATE) holds a subquery, or the statement has data-modifying
WITH queries, its reads go through ``ExecContext.at_statement_start`` (a
view of the transaction without the statement's writes), decided when the
statement is planned; the writes and their checks (uniqueness, ON CONFLICT's
arbiters, foreign keys) see the transaction as it is.

Any error leaves the statement's partial writes in the transaction's undo
log, which the session rolls back (statement atomicity).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from .dialect import function_name, syntax_error_near
from .guard import only
from .. import errors
from ..catalog import Column, Index, Table
from ..txn.footprint import MODE_EXCLUSIVE, MODE_UPDATE
from ..types import SqlType
from ..values.registry import ASSIGNMENT
from .access import choose_access_path
from .analyze import Analyzer, Scope
from .coerce import coerce, resolve_unknown
from .compile import Fn, compile_expr, compile_predicate
from .context import ExecContext
from .expr import ColumnRef, Expr, SubLink, parameter_index, raise_failed
from .simplify import simplify, simplify_all, simplify_expr
from .plan import AccessPath, FullScan, PkLookup
from .rows import TableRules, rules_of
from .query import DmlJoin, column_name, plan_query

Row = tuple[Any, ...]


def _reads_database(exprs: Iterable[Expr | None]) -> bool:
    """Whether evaluating ``exprs`` runs a subquery (which must not see the statement's writes)."""
    return any(isinstance(node, SubLink) for e in exprs if e is not None for node in e.walk())


def _reads(ctx: ExecContext, after_writing: bool) -> ExecContext:
    """The context a data-modifying statement reads in: as of the statement's start when it
    reads after writing (or a data-modifying WITH query already made it so)."""
    return ctx.at_statement_start() if after_writing else (ctx.reads or ctx)


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
        self.reads_database = False
        if node is None:
            return
        outputs: list[tuple[str, Expr]] = []
        for item in node.expressions:
            if isinstance(item, exp.Star) or (isinstance(item, exp.Column) and isinstance(item.this, exp.Star)):
                qualifier = item.table if isinstance(item, exp.Column) else None
                # every visible relation's columns (UPDATE ... FROM returns the FROM items' too)
                outputs.extend((n, e) for n, e in scope.star_columns(qualifier or None) if n != DmlJoin.KEY)
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
        #: a subquery reads the table while the statement writes it
        self.reads_database = _reads_database(self.exprs)

    def row(self, row: Row, ctx: ExecContext) -> Row:
        return tuple([f(row, ctx) for f in self.fns])


def _set_list(
    nodes: Sequence[exp.Expr], table: Table, rules: TableRules, scope: Scope, analyzer: Analyzer, clause: str
) -> list[tuple[int, Expr]]:
    """``SET col = expr, (a, b) = (x, y) | ROW(x, y) | (SELECT x, y)``: (column position, new value)."""
    assignments: list[tuple[int, Expr]] = []
    seen: set[int] = set()
    for assignment in nodes:
        if not isinstance(assignment, exp.EQ):
            raise syntax_error_near(assignment)
        target, value = assignment.this, assignment.expression
        pairs: list[tuple[exp.Expr, exp.Expr | Expr]]
        if isinstance(target, (exp.Tuple, exp.Paren)):
            columns = target.expressions if isinstance(target, exp.Tuple) else [target.this]
            pairs = list(zip(columns, _multi_assignment(value, len(columns), scope, analyzer, clause)))
        else:
            pairs = [(target, value)]
        for column, source in pairs:
            if not isinstance(column, exp.Column):
                raise syntax_error_near(column)
            name = column.table or column.name  # "SET t.a = 1" names a column t (with a field a)
            pos = table.position(name)
            if pos is None:
                raise errors.UndefinedColumn(f'column "{name}" of relation "{table.name}" does not exist')
            if pos in seen:
                raise errors.DuplicateColumn(f'multiple assignments to same column "{name}"')
            seen.add(pos)
            col = table.columns[pos]
            written = isinstance(source, Expr) or not _is_default(source)
            if isinstance(source, Expr):
                e = coerce(source, col.type, ASSIGNMENT, column=col.name)
            elif not written:
                e = rules.default_exprs[pos]  # a generated column's is NULL: TableRules.prepare computes it
            else:
                e = coerce(analyzer.expr(source, scope, aggregates=clause), col.type, ASSIGNMENT, column=col.name)
            # PostgreSQL's rewriter refuses these once the statement is analyzed
            if written and (col.identity == "a" or col.generated is not None):
                raise errors.GeneratedAlways(f'column "{col.name}" can only be updated to DEFAULT', detail=_generated_detail(col))
            assignments.append((pos, e))
    return assignments


def _generated_detail(col: Column) -> str:
    """PostgreSQL's detail of a 428C9 for a column that only takes DEFAULT."""
    if col.generated is not None:
        return f'Column "{col.name}" is a generated column.'
    return f'Column "{col.name}" is an identity column defined as GENERATED ALWAYS.'


def _multi_assignment(
    value: exp.Expr, n: int, scope: Scope, analyzer: Analyzer, clause: str
) -> list[exp.Expr | Expr]:
    """The sources of ``(a, b, ...) = value``: a row constructor's items, or the columns of a sub-SELECT."""
    if isinstance(value, exp.Tuple):
        items: list[exp.Expr | Expr] = list(value.expressions)
    elif isinstance(value, exp.Anonymous) and function_name(value) == "row":
        items = list(value.expressions)
    elif isinstance(value, exp.Subquery):
        sub = analyzer.multi_column_subquery(value, scope)
        if len(sub) != n:
            raise errors.SyntaxError("number of columns does not match number of values")
        return list(sub)
    else:
        raise errors.FeatureNotSupported(
            "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression"
        )
    if len(items) != n:
        raise errors.SyntaxError("number of columns does not match number of values")
    return items


# -- INSERT ----------------------------------------------------------------------------------------


class InsertPlan:
    def __init__(self, node: exp.Insert, analyzer: Analyzer) -> None:
        only(node, ("this", "expression", "returning", "default", "with_", "conflict"), "INSERT")
        target = node.this
        columns_given: list[str] | None = None
        if isinstance(target, exp.Schema):
            columns_given = [c.name for c in target.expressions]
            target = target.this
        if not isinstance(target, exp.Table):
            raise syntax_error_near(target)
        table = analyzer.table(target, "INSERT")
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
            # untyped literals and parameters of a SELECT's list take the target columns' types
            # in place (PostgreSQL plans INSERT's SELECT without resolving unknowns, then coerces
            # them: a literal's input runs then, a parameter's type is deduced); a set operation
            # resolves its own (to text, when all its operands' are unknown)
            inner = source
            while isinstance(inner, exp.Subquery):
                inner = inner.this
            in_place = not isinstance(inner, (exp.Union, exp.Intersect, exp.Except))
            query = plan_query(
                source, analyzer, unknowns=[table.columns[pos].type for pos in positions] if in_place else "keep"
            )
            if len(query.columns) > len(positions):
                raise errors.SyntaxError("INSERT has more expressions than target columns")
            if len(query.columns) < len(positions) and columns_given is not None:
                raise errors.SyntaxError("INSERT has more target columns than expressions")
            self.positions = positions[: len(query.columns)]
            for i, ((_, t), pos) in enumerate(zip(query.columns, self.positions)):
                col = table.columns[pos]
                self.query_casts.append(compile_expr(coerce(ColumnRef(i, t), col.type, ASSIGNMENT, column=col.name)))
            self.query = query
        self._identity_rules(node.meta.get("overriding"), value_exprs)
        conflict = node.args.get("conflict")
        self.on_conflict = (
            _OnConflict(conflict, table, self.rules, target.alias or None, analyzer) if conflict is not None else None
        )
        self.returning = Returning(node.args.get("returning"), table, scope, analyzer)
        #: the VALUES rows when each gives every column in order, none DEFAULT (no default to compute)
        self.whole_rows: list[list[Fn]] | None = None
        #: the whole rows again when each is parameters only, assigned as they are (``VALUES (%s, %s)``,
        #: the common INSERT): each row is the parameters picked, in one call
        self.param_rows: list[Callable[[tuple[Any, ...]], Row]] | None = None
        if value_exprs is not None:
            value_exprs = [[None if e is None else simplify_expr(e) for e in r] for r in value_exprs]
            raise_failed(e for row_exprs in value_exprs for e in row_exprs)
            self.value_rows = [[None if e is None else compile_expr(e, once=False) for e in r] for r in value_exprs]
            every_column = list(range(len(table.columns)))
            whole = [[f for f in fns if f is not None] for fns in self.value_rows]
            if not self.ignored and self.positions == every_column and all(len(fns) == len(every_column) for fns in whole):
                self.whole_rows = whole
                picks = [_parameters_picked(r) for r in value_exprs]
                self.param_rows = [p for p in picks if p is not None] if None not in picks else None
        self.returning.compile()
        #: expressions evaluated while the statement writes read the database (see the module docstring)
        self.reads_after_writing = self.returning.reads_database or (
            self.on_conflict is not None and self.on_conflict.reads_database
        )
        #: runs of this statement (executemany) can be written in one pass (:meth:`execute_runs`):
        #: each writes one VALUES row and nothing else (no ON CONFLICT, RETURNING, sub-SELECT source)
        self.runs_in_bulk = (
            self.value_rows is not None and len(self.value_rows) == 1
            and self.on_conflict is None and self.returning.columns is None
        )

    def _identity_rules(self, overriding: object, value_exprs: list[list[Expr | None]] | None) -> None:
        """GENERATED ALWAYS refuses written values (428C9): an identity column's unless OVERRIDING
        SYSTEM VALUE, a generated column's always; OVERRIDING USER VALUE ignores the values
        written for identity columns."""
        table = self.table
        self.ignored: frozenset[int] = frozenset()
        for i, pos in enumerate(self.positions):
            col = table.columns[pos]
            if not col.identity and col.generated is None:
                continue
            written = value_exprs is None or any(i < len(r) and r[i] is not None for r in value_exprs)
            if col.generated is not None:
                if written:
                    raise errors.GeneratedAlways(
                        f'cannot insert a non-DEFAULT value into column "{col.name}"', detail=_generated_detail(col)
                    )
                continue
            if overriding == "user":
                self.ignored |= {pos}
                continue
            if col.identity == "a" and overriding != "system" and written:
                raise errors.GeneratedAlways(
                    f'cannot insert a non-DEFAULT value into column "{col.name}"',
                    detail=_generated_detail(col),
                    hint="Use OVERRIDING SYSTEM VALUE to override.",
                )

    def execute(self, ctx: ExecContext) -> DmlResult:
        if self.param_rows is not None:  # the common INSERT: _rows' first case, without its call
            params = ctx.params
            return self._insert_rows([pick(params) for pick in self.param_rows], ctx)
        return self._insert_rows(self._rows(_reads(ctx, self.reads_after_writing)), ctx)

    def execute_runs(self, ctx: ExecContext, runs: Iterable[tuple[Any, ...]]) -> int:
        """:meth:`execute` once per parameters of ``runs``, in one pass (a plan that
        :attr:`runs_in_bulk`: each run writes its one row, in order, computed after the
        rows before it are written).  Returns the rows written.  Each run's expressions
        read its own parameters and their own per-execution cache."""
        if self.param_rows is not None:
            (pick,) = self.param_rows
            return self._insert_rows(map(pick, runs), ctx).count
        return self._insert_rows(self._rows_of_runs(ctx, runs), ctx).count

    def _rows_of_runs(self, ctx: ExecContext, runs: Iterable[tuple[Any, ...]]) -> Iterator[Sequence[Any]]:
        for params in runs:
            ctx.params = params
            if ctx.cache:
                ctx.cache = {}
            yield from self._rows(ctx)

    def _rows(self, ctx: ExecContext) -> Sequence[Sequence[Any]]:
        """The rows one execution writes: every column's value, defaults included."""
        if self.param_rows is not None:
            params = ctx.params
            return [pick(params) for pick in self.param_rows]
        if self.whole_rows is not None:  # no default to compute
            return [[f((), ctx) for f in fns] for fns in self.whole_rows]
        rules = self.rules
        positions = self.positions
        ignored = self.ignored
        overlap = any(rules.defaults[pos] is not None for pos in positions)
        sources: list[list[Any]] = []
        if self.value_rows is not None:
            for fns in self.value_rows:
                sources.append([_DEFAULT if f is None else f((), ctx) for f in fns])
        else:
            assert self.query is not None
            casts = self.query_casts
            for r in list(self.query.root.rows(ctx)):
                sources.append([f(r, ctx) for f in casts])
        rows = []
        for values in sources:
            # a default is not evaluated for a column the row supplies (it may draw a sequence value)
            supplied = [
                pos for pos, v in zip(positions, values) if v is not _DEFAULT and pos not in ignored
            ] if overlap else ()
            row = rules.default_row(ctx, supplied)
            for pos, v in zip(positions, values):
                if v is not _DEFAULT and pos not in ignored:
                    row[pos] = v
            rows.append(row)
        return rows

    def _insert_rows(self, rows: Iterable[Sequence[Any]], ctx: ExecContext) -> DmlResult:
        """Write ``rows`` (every column's value, defaults included) as new rows, in order
        (an iterator is read one row at a time, each after the one before is written)."""
        rules = self.rules
        txn = ctx.txn
        table = self.table
        returning = self.returning
        on_conflict = self.on_conflict
        out: list[Row] | None = [] if returning.columns is not None else None
        reads = _reads(ctx, self.reads_after_writing) if out is not None or on_conflict is not None else ctx
        count = 0
        touched: set[bytes] = set()  # rows this statement inserted or updated (ON CONFLICT reads it)
        pk_of = rules.layout.pk_of  # (rules.key_of without its call, for a table with a primary key)
        for row in rows:
            new = rules.prepare(row, ctx)
            key = pk_of(new) if pk_of is not None else rules.key_of(new, txn)
            if on_conflict is not None:
                existing = on_conflict.arbitrate(txn, key, new)
                if existing is not None:
                    result = on_conflict.resolve(ctx, existing, new, touched, reads)
                    if result is not None:
                        count += 1
                        if out is not None:
                            out.append(returning.row(result, reads))
                    continue
            rules.check_unique(txn, key, new, new_key=True)
            txn.write(table, key, new, MODE_EXCLUSIVE)
            if on_conflict is not None:
                touched.add(key)
            count += 1
            if out is not None:
                out.append(returning.row(new, reads))
        return DmlResult(count, out)


_DEFAULT: Any = object()


def _parameters_picked(exprs: Sequence[Expr | None]) -> Callable[[tuple[Any, ...]], Row] | None:
    """The function picking a VALUES row out of the statement's parameters, when every item
    is a parameter assigned as it is (or through a cast that changes nothing); else None."""
    found = [parameter_index(e) for e in exprs]
    indexes = [i for i in found if i is not None]
    if len(indexes) != len(found):
        return None
    if len(indexes) == 1:
        (i,) = indexes
        return lambda params: (params[i],)
    return operator.itemgetter(*indexes)


class _OnConflict:
    """``ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]``.

    The arbiters are the unique indexes (primary key included) the conflict
    target names, or all of them for a bare DO NOTHING.  A proposed row that
    duplicates a visible row in an arbiter is not inserted: DO NOTHING skips
    it, DO UPDATE updates the existing row from ``existing + EXCLUDED``
    (the proposed row), unless its WHERE says no.  Other unique indexes still
    raise 23505.
    """

    def __init__(
        self, node: exp.OnConflict, table: Table, rules: TableRules, alias: str | None, analyzer: Analyzer
    ) -> None:
        self.table = table
        self.rules = rules
        action = str(node.args.get("action") or "").upper()
        self.update = action == "DO UPDATE"
        keys = node.args.get("conflict_keys")
        constraint = node.args.get("constraint")
        if node.args.get("index_predicate") is not None:
            raise errors.FeatureNotSupported("ON CONFLICT with an index predicate is not supported by pydsql yet")
        if constraint is not None:
            self.arbiters = [self._constraint(constraint.name)]
        elif keys:
            self.arbiters = self._infer(keys)
        elif self.update:
            raise errors.SyntaxError(
                "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                hint="For example, ON CONFLICT (column_name).",
            )
        else:
            self.arbiters = list(table.unique_indexes)
        self.assignments: list[tuple[int, Fn]] = []
        self.where: Any = None
        self.mode = MODE_UPDATE
        self.reads_database = False  # a subquery in SET or WHERE
        if not self.update:
            return
        # the existing row under the table's name (or alias), the proposed one as EXCLUDED
        scope = Scope()
        columns = [(c.name, c.type) for c in table.columns]
        scope.add(alias or table.name, columns, table)
        scope.add("excluded", columns)
        assignments = _set_list(node.expressions, table, rules, scope, analyzer, "UPDATE")
        where_node = node.args.get("where")
        where = analyzer.condition(where_node.this, scope, "WHERE") if where_node is not None else None
        if any(pos in table.key_columns() for pos, _ in assignments):
            self.mode = MODE_EXCLUSIVE
        assignments = [(pos, simplify_expr(e)) for pos, e in assignments]
        where = simplify(where)
        raise_failed([where, *(e for _, e in assignments)])
        self.reads_database = _reads_database([where, *(e for _, e in assignments)])
        self.assignments = [(pos, compile_expr(e)) for pos, e in assignments]
        self.where = compile_predicate(where)

    def _constraint(self, name: str) -> Index:
        for index in self.table.unique_indexes:
            if index.name == name and index.constraint:
                return index
        raise errors.UndefinedObject(f'constraint "{name}" for table "{self.table.name}" does not exist')

    def _infer(self, keys: Sequence[exp.Expr]) -> list[Index]:
        """The unique indexes on exactly the named columns (PostgreSQL's infer_arbiter_indexes)."""
        positions = set()
        for ordered in keys:
            column = ordered.this if isinstance(ordered, exp.Ordered) else ordered
            if not isinstance(column, exp.Column) or column.table:
                raise errors.InvalidColumnReference(
                    "there is no unique or exclusion constraint matching the ON CONFLICT specification"
                )
            pos = self.table.position(column.name)
            if pos is None:
                raise errors.UndefinedColumn(f'column "{column.name}" does not exist')
            positions.add(pos)
        # a partial or expression index is inferred only from a matching WHERE / expression (not supported)
        found = [i for i in self.table.unique_indexes if i.plain and set(i.columns) == positions]
        if not found:
            raise errors.InvalidColumnReference(
                "there is no unique or exclusion constraint matching the ON CONFLICT specification"
            )
        return found

    def arbitrate(self, txn: Any, key: bytes, row: Row) -> bytes | None:
        """The key of the visible row ``row`` conflicts with in an arbiter index, if any."""
        for index in self.arbiters:
            existing = txn.conflicting_key(self.table, key, row, index)
            if existing is not None:
                return existing  # type: ignore[no-any-return]
        return None

    def resolve(
        self, ctx: ExecContext, key: bytes, proposed: Row, touched: set[bytes], reads: ExecContext
    ) -> Row | None:
        """Act on a conflict with the row under ``key``: the updated row, or None when nothing
        changed (SET and WHERE evaluated in ``reads``, the statement's reads' context)."""
        if not self.update:
            return None
        if key in touched:
            raise errors.CardinalityViolation(
                "ON CONFLICT DO UPDATE command cannot affect row a second time",
                hint="Ensure that no rows proposed for insertion within the same command have duplicate constrained values.",
            )
        existing = ctx.txn.get(self.table, key)
        assert existing is not None
        both = existing + proposed
        if self.where is not None and not self.where(both, reads):
            return None
        new_list = list(existing)
        for pos, fn in self.assignments:
            new_list[pos] = fn(both, reads)
        new = update_row(ctx, self.table, self.rules, key, new_list, self.mode)
        pk_of = self.rules.layout.pk_of
        touched.add(key if pk_of is None else pk_of(new))
        return new


# -- UPDATE / DELETE ----------------------------------------------------------------------------------


def _target(node: exp.Expr, analyzer: Analyzer) -> tuple[Table, str | None]:
    target = node.this
    if not isinstance(target, exp.Table):
        raise syntax_error_near(target)
    only(target, ("this", "db", "catalog", "alias", "only"), type(node).__name__.upper())
    return analyzer.table(target, type(node).__name__.upper()), target.alias or None


class _Targets:
    """The rows an UPDATE/DELETE acts on, as (storage key, old row, row its expressions read).

    Without FROM/USING the expressions read the target row, found through an
    access path chosen from the WHERE clause.  With them, they read the
    joined row (:class:`~.query.DmlJoin`); a target row joined to several
    rows is acted on once, with the first (as PostgreSQL, which leaves the
    choice unspecified).
    """

    def __init__(self, node: exp.Expr, table: Table, alias: str | None, analyzer: Analyzer) -> None:
        kind = type(node).__name__.upper()
        only(node, ("this", "expressions", "where", "returning", "with_", "from_", "using"), kind)
        self.table = table
        sources: list[exp.Expr] = []
        if node.args.get("from_") is not None:
            sources = [node.args["from_"].this]
        elif node.args.get("using"):
            sources = list(node.args["using"])
        self.scope = Scope()
        self.join: DmlJoin | None = None
        self.point_key: Callable[[Row, ExecContext], list[bytes]] | None = None  # (see compile)
        if sources:
            self.join = DmlJoin(table, alias, sources, analyzer, self.scope)
        else:
            self.scope.add(alias or table.name, [(c.name, c.type) for c in table.columns], table)
        where_node = node.args.get("where")
        self.where = analyzer.condition(where_node.this, self.scope, "WHERE") if where_node is not None else None
        self.width = len(table.columns)

    def compile(self) -> None:
        self.where = simplify(self.where)
        raise_failed([self.where])
        if self.join is not None:
            self.plan = self.join.plan(self.where)
            return
        self.access, residual = choose_access_path(self.table, self.where)
        self.predicate = compile_predicate(residual)
        access = self.access
        #: ``WHERE pk = value`` and nothing else (a composite key's columns each equal to one
        #: value): the function of the one key (or none) the statement acts on, read directly
        #: in :meth:`rows` (the primary-key point write: UPDATE ... WHERE id = %s)
        self.point_key = (
            access.keys_for if isinstance(access, PkLookup) and access.one_key and self.predicate is None else None
        )

    def rows(self, ctx: ExecContext) -> list[tuple[bytes, Row, Row]]:
        """Materialized first: the statement never sees its own writes."""
        if self.join is None:
            if self.point_key is not None:
                keys = self.point_key((), ctx)
                row = ctx.txn.get(self.table, keys[0]) if keys else None
                return [] if row is None else [(keys[0], row, row)]
            pred = self.predicate
            return [(k, r, r) for k, r in self.access.items(ctx) if pred is None or pred(r, ctx)]
        width = self.width
        seen: set[bytes] = set()
        out = []
        for joined in self.plan.rows(ctx):
            key = joined[width]
            if key not in seen:
                seen.add(key)
                out.append((key, joined[:width], joined))
        return out


class UpdatePlan:
    def __init__(self, node: exp.Update, analyzer: Analyzer) -> None:
        table, alias = _target(node, analyzer)
        self.table = table
        self.rules = rules_of(table)
        # PostgreSQL's order (transformUpdateStmt): FROM, WHERE, RETURNING, then the SET list
        self.targets = _Targets(node, table, alias, analyzer)
        scope = self.targets.scope
        self.returning = Returning(node.args.get("returning"), table, scope, analyzer)
        assignments = _set_list(node.expressions, table, self.rules, scope, analyzer, "UPDATE")
        touches_key = any(pos in table.key_columns() for pos, _ in assignments)
        self.mode = MODE_EXCLUSIVE if touches_key else MODE_UPDATE
        # no primary-key column assigned or generated: a row stays under its key (not re-encoded)
        pk = set(table.primary_key.columns) if table.primary_key is not None else set()
        written = {pos for pos, _ in assignments} | {i for i, c in enumerate(table.columns) if c.generated is not None}
        self.key_fixed = not pk & written
        assignments = [(pos, simplify_expr(e)) for pos, e in assignments]
        raise_failed([e for _, e in assignments])
        self.assignments = [(pos, compile_expr(e)) for pos, e in assignments]
        self.targets.compile()
        self.returning.compile()
        #: expressions evaluated while the statement writes read the database (see the module docstring)
        self.reads_after_writing = self.returning.reads_database or _reads_database(e for _, e in assignments)

    def execute(self, ctx: ExecContext) -> DmlResult:
        returning = self.returning
        out: list[Row] | None = [] if returning.columns is not None else None
        reads = _reads(ctx, self.reads_after_writing)
        targets = self.targets.rows(reads)
        for key, old, seen in targets:
            new_list = list(old)
            for pos, fn in self.assignments:
                new_list[pos] = fn(seen, reads)  # every SET expression sees the old row
            new = update_row(ctx, self.table, self.rules, key, new_list, self.mode, key_fixed=self.key_fixed)
            if out is not None:
                out.append(returning.row(new + seen[len(new):], reads))
        return DmlResult(len(targets), out)


def update_row(
    ctx: ExecContext, table: Table, rules: TableRules, key: bytes, values: Sequence[Any], mode: int,
    *, key_fixed: bool = False,
) -> Row:
    """Complete and validate ``values`` (:meth:`TableRules.prepare`) and write the row as the new
    version of the row stored under ``key``; the row written.  ``key_fixed``: the caller knows
    the primary key's columns are unchanged."""
    txn = ctx.txn
    new = rules.prepare(values, ctx)
    pk_of = rules.layout.pk_of
    new_key = key if key_fixed or pk_of is None else pk_of(new)
    if new_key != key:
        # A primary-key update moves the row: delete the old key, insert the new one
        # (the old row must be gone before the new one is checked against it).
        txn.write(table, key, None, MODE_EXCLUSIVE)
        rules.check_unique(txn, new_key, new, new_key=True)
        txn.write(table, new_key, new, MODE_EXCLUSIVE)
        txn.note_move(table, key, new_key)  # an update, for foreign-key actions (ON UPDATE)
    else:
        rules.check_unique(txn, key, new, new_key=False)
        txn.write(table, key, new, mode)
    return new


class DeletePlan:
    def __init__(self, node: exp.Delete, analyzer: Analyzer) -> None:
        table, alias = _target(node, analyzer)
        self.table = table
        self.targets = _Targets(node, table, alias, analyzer)
        self.returning = Returning(node.args.get("returning"), table, self.targets.scope, analyzer)
        self.targets.compile()
        self.returning.compile()

    def execute(self, ctx: ExecContext) -> DmlResult:
        txn = ctx.txn
        table = self.table
        returning = self.returning
        out: list[Row] | None = [] if returning.columns is not None else None
        reads = _reads(ctx, returning.reads_database)
        targets = self.targets.rows(reads)
        for key, _, seen in targets:
            txn.write(table, key, None, MODE_EXCLUSIVE)
            if out is not None:
                out.append(returning.row(seen, reads))
        return DmlResult(len(targets), out)


def returning_columns(plan: InsertPlan | UpdatePlan | DeletePlan) -> Sequence[tuple[str, SqlType]] | None:
    return plan.returning.columns

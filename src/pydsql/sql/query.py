"""Planning queries: SELECT with its FROM clause and joins, set operations, VALUES and WITH.

A query plan is a tree of :mod:`.plan` nodes plus the names and types of its
output columns.  The shape of a SELECT, bottom-up (the order in which
PostgreSQL evaluates the clauses)::

    FROM items joined left to right (scans, derived tables, VALUES, CTEs, functions)
      -> Filter           WHERE conditions not used by scans and joins
      -> Aggregate        GROUP BY / aggregates: rows are (group values..., aggregate results...)
      -> Filter           HAVING
      -> Project          select list, then ORDER BY expressions not in it (hidden)
      -> Distinct         DISTINCT over the visible columns
      -> Sort             ORDER BY
      -> Limit            OFFSET / LIMIT
      -> Strip            drop hidden columns

**FROM.**  Items are laid out as one row (left to right) described by a
:class:`~.analyze.Scope`.  WHERE is split into conjuncts: one that reads a
single base table (and that no outer join can null) becomes that table's
access path and filter (:mod:`.access`); one that compares the left side of
an inner join with its right side becomes the join's key or condition;
whatever remains filters the joined rows.  A join is, in order of
preference, a primary-key lookup per left row (:class:`~.plan.KeyLookupJoin`),
a hash join on its equalities, or a nested loop.  LATERAL items and
functions in FROM read the items to their left through outer references
and are run once per left row.

**Grouping.**  With aggregation, every expression above the Aggregate node
is rewritten to read the aggregate row (a subtree equal to a GROUP BY
expression becomes its group column, an aggregate call its result); any
other column reference is PostgreSQL's error 42803.

**Order of analysis.**  Clauses are analyzed in PostgreSQL's order (select
list, WHERE, HAVING, ORDER BY, GROUP BY, DISTINCT, OFFSET, LIMIT), then the
grouping check, then constant folding (:mod:`.simplify`), so that a
statement with several mistakes reports the error PostgreSQL reports.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, Union

from sqlglot import exp

from .. import errors
from ..catalog import Table, View
from ..txn.footprint import MODE_EXCLUSIVE, MODE_KEY_SHARE
from ..types import INT4, INT8, JSON, JSONB, RECORD, TEXT, SqlType
from ..values.registry import IMPLICIT
from . import functions
from .access import choose_access_path, conjuncts, row_independent
from .analyze import BYTEA_KEY, HIDDEN_KEY, Analyzer, Scope, ScopeItem, is_unknown_type
from .coerce import coerce, coerce_to_specific, common_type, operator_call, resolve_unknown
from .compile import compile_batch_filter, compile_expr, compile_predicate
from .dialect import function_name, prefix_operator, syntax_error, syntax_error_near, to_sql
from .expr import (
    AggCall, And, Call, Case, Coalesce, ColumnRef, Const, Expr, GroupingFunc, OuterRef, SubLink, WindowCall, map_expr,
    raise_failed, to_text,
)
from .datatypes import declared_type, user_type_name
from .guard import only
from .plan import (
    Aggregate,
    AggSpec,
    DistinctOn,
    GroupingSetsAggregate,
    KeyedScan,
    KeyEndAggregate,
    LockRows,
    ProjectSet,
    Reorder,
    Distinct,
    Filter,
    FullScan,
    FunctionScan,
    HashJoin,
    KeyLookupJoin,
    Limit,
    Materialized,
    ModifyTable,
    NestedLoopJoin,
    Node,
    OneRow,
    Parameterized,
    PkLookup,
    PkRange,
    PointProject,
    Project,
    RecursiveUnion,
    Scan,
    SetOp,
    Sort,
    Strip,
    SubqueryScan,
    ValuesScan,
    WorkTableScan,
    sort_key_function,
)
from .analyze import with_ordinality
from .ordering import group_key, sort_key
from .simplify import simplify, simplify_all, simplify_expr
from .window import plan_windows
from .system import SystemRelation, SystemScan


@dataclass
class QueryPlan:
    root: Node
    columns: list[tuple[str, SqlType]]


@dataclass
class Cte:
    """A WITH query: its output columns and the node that yields its rows."""

    name: str
    columns: list[tuple[str, SqlType]]
    node: Node
    recursive_work: WorkTableScan | None = None  # set while its recursive term is being planned
    returns_rows: bool = True  # False for a data-modifying statement without RETURNING


# -- entry point ----------------------------------------------------------------------------------------


#: What a query does with select-list columns still of type ``unknown`` (``SELECT 'a'``):
#: "text" resolves them to text (PostgreSQL's default); "keep" leaves them unknown (the
#: operands of a set operation, whose common type decides); a list of types coerces
#: unknown column i to type i, as PostgreSQL coerces an untyped literal in place.
Unknowns = Union[Literal["text", "keep"], Sequence[SqlType]]


def plan_query(
    node: exp.Expr, analyzer: Analyzer, scope: Scope | None = None, *, unknowns: Unknowns = "text"
) -> QueryPlan:
    """Plan any query expression; ``scope`` receives its FROM items (see :class:`Scope`)."""
    if scope is None:
        scope = Scope()
    with_ = node.args.get("with_")
    if with_ is None:
        return _plan_body(node, analyzer, scope, unknowns)
    with with_queries(with_, analyzer, scope):
        return _plan_body(node, analyzer, scope, unknowns)


@contextmanager
def with_queries(with_: exp.With, analyzer: Analyzer, scope: Scope) -> Iterator[None]:
    """Make the queries of a WITH clause visible to the statement planned inside."""
    frame: dict[str, Cte] = {}
    analyzer.ctes.append(frame)
    try:
        for cte in with_.expressions:
            _plan_cte(cte, bool(with_.args.get("recursive")), analyzer, scope, frame, top=with_ is analyzer.top_with)
        yield
    finally:
        analyzer.ctes.pop()


def _plan_body(node: exp.Expr, analyzer: Analyzer, scope: Scope, unknowns: Unknowns) -> QueryPlan:
    if isinstance(node, exp.Select):
        return plan_select(node, analyzer, scope, unknowns)
    if isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        return _plan_setop(node, analyzer, scope, unknowns)
    if isinstance(node, exp.Values):
        return _order_limit(node, _plan_values(node, analyzer, scope), analyzer, scope)
    if isinstance(node, exp.Subquery):
        inner = plan_query(node.this, analyzer, scope, unknowns=unknowns)
        return _order_limit(node, inner, analyzer, scope)
    raise errors.FeatureNotSupported(f"{node.key.upper()} queries are not supported by pydsql yet")


_SELECT_ARGS = (
    "expressions", "from_", "joins", "where", "group", "having", "order", "limit", "offset", "distinct", "with_",
    "windows", "locks",
)
_SELECT_MESSAGES = {
    "laterals": "LATERAL VIEW is not PostgreSQL syntax",
    "into": "unsupported statement: CreateTableAs",
}


class _Locking:
    """The locking clauses of one SELECT (``FOR UPDATE [OF t, ...]``, ``FOR KEY SHARE``).

    DSQL supports FOR UPDATE and FOR KEY SHARE (reference section 1) and
    refuses the other strengths, NOWAIT and SKIP LOCKED.  Nothing is locked:
    the rows returned join the transaction's footprint (FOR UPDATE as a
    write, EXCLUSIVE; FOR KEY SHARE as MODE_KEY_SHARE, which only a delete or
    key update conflicts with).  The FROM items of the locked tables carry
    their storage keys (hidden columns) up to a :class:`LockRows` node.
    """

    def __init__(self, locks: Sequence[exp.Lock]) -> None:
        self.all: tuple[int, str] | None = None  # (mode, clause) for every table
        self.named: dict[str, tuple[int, str, bool]] = {}  # alias -> (mode, clause, found)
        self.locked: list[tuple[_Item, int]] = []
        for lock in locks:
            update, key = bool(lock.args.get("update")), bool(lock.args.get("key"))
            if update == key:  # FOR NO KEY UPDATE, FOR SHARE
                raise errors.FeatureNotSupported("locking clauses other than FOR UPDATE/FOR KEY SHARE are not supported")
            wait = lock.args.get("wait")
            if wait is not None:
                option = "NOWAIT" if wait is True else "SKIP LOCKED"
                raise errors.FeatureNotSupported(f"{option} is not supported")
            mode, clause = (MODE_EXCLUSIVE, "FOR UPDATE") if update else (MODE_KEY_SHARE, "FOR KEY SHARE")
            targets = lock.expressions
            if not targets:
                if self.all is None or mode < self.all[0]:
                    self.all = (mode, clause)
                continue
            for target in targets:
                if not isinstance(target, exp.Table):
                    raise syntax_error_near(target)
                if target.db:
                    raise errors.SyntaxError(f"{clause} must specify unqualified relation names")
                old = self.named.get(target.name)
                if old is None or mode < old[0]:
                    self.named[target.name] = (mode, clause, False)
        self.clause = min([*([self.all] if self.all else []), *((m, c) for m, c, _ in self.named.values())])[1]

    def mode_of(self, alias: str) -> tuple[int, str, bool] | None:
        """How the FROM item ``alias`` is locked: (mode, clause, named by OF), or None."""
        named = self.named.get(alias)
        if named is not None:
            self.named[alias] = (named[0], named[1], True)
            if self.all is None or named[0] <= self.all[0]:
                return named[0], named[1], True
        return (self.all[0], self.all[1], False) if self.all is not None else None

    def lock_node(self, mode: int) -> exp.Lock:
        """The locking clause a subquery in FROM inherits (PostgreSQL locks its tables)."""
        return exp.Lock(update=mode == MODE_EXCLUSIVE, key=mode != MODE_EXCLUSIVE)

    def check_found(self) -> None:
        for alias, (_, clause, found) in self.named.items():
            if not found:
                raise errors.UndefinedTable(f'relation "{alias}" in {clause} clause not found in FROM clause')

    def refuse(self, what: str) -> None:
        raise errors.FeatureNotSupported(f"{self.clause} is not allowed with {what}")


def plan_select(node: exp.Select, analyzer: Analyzer, scope: Scope, unknowns: Unknowns = "text") -> QueryPlan:
    only(node, _SELECT_ARGS, "SELECT", _SELECT_MESSAGES)
    locking = _Locking(node.args["locks"]) if node.args.get("locks") else None
    from_ = _FromClause(node, analyzer, scope, locking=locking)
    if locking is not None:
        locking.check_found()
    scope.windows = _window_clause(node)

    # PostgreSQL's order of analysis (transformSelectStmt), which decides which
    # error a statement with several mistakes reports: select list, WHERE,
    # HAVING, ORDER BY, GROUP BY, DISTINCT, OFFSET, LIMIT; then the grouping
    # check; then (in the planner) constant folding.
    outputs: list[tuple[str, Expr]] = []
    for item in node.expressions:
        outputs.extend(_select_item(item, scope, analyzer))

    where_node = node.args.get("where")
    where = analyzer.condition(where_node.this, scope, "WHERE") if where_node is not None else None

    having_node = node.args.get("having")
    having = analyzer.condition(having_node.this, scope, "HAVING") if having_node is not None else None

    distinct = node.args.get("distinct")
    # ORDER BY: (expression, desc, nulls_first, output index or None)
    order = _order_by(node, scope, analyzer, outputs)
    group_exprs, grouping_sets = _group_by(node, scope, analyzer, outputs)
    dependent = _dependent_columns(group_exprs, scope) if grouping_sets is None else {}
    distinct_on: list[Expr] | None = None
    if distinct is not None and distinct.args.get("on") is not None:
        distinct_on = _distinct_on(distinct.args["on"], scope, analyzer, outputs)
        order = _distinct_on_order(distinct_on, order)
        distinct = None
    if unknowns == "text":
        outputs = [(name, resolve_unknown(e)) for name, e in outputs]
    elif unknowns != "keep":
        types = list(unknowns)  # (columns beyond them are left as they are: the caller says what is wrong)
        outputs = [
            (name, coerce(e, types[i], IMPLICIT) if e.type.kind == "unknown" and i < len(types) else e)
            for i, (name, e) in enumerate(outputs)
        ]
    if distinct is not None:
        order = [(e, desc, nf, idx if idx is not None else _distinct_position(e, outputs)) for e, desc, nf, idx in order]
    limit, offset = _limit_offset(node, analyzer, scope)

    grouped = (AggCall, GroupingFunc)
    aggregating = bool(group_exprs) or grouping_sets is not None or any(
        isinstance(sub, grouped) for _, e in outputs for sub in e.walk()
    ) or (having is not None) or any(isinstance(sub, grouped) for e, *_ in order for sub in e.walk())
    # the DISTINCT ON expressions are the first (distinct) order items
    distinct_keys = len({e.key() for e in distinct_on}) if distinct_on is not None else 0
    if aggregating:  # the grouping check sees the query as written (PostgreSQL's parseCheckAggregates)
        _Grouping(group_exprs, grouping_sets, [e for _, e in outputs], having, [e for e, *_ in order], dependent)
        has_aggregates = any(
            isinstance(sub, AggCall) for e in [*(e for _, e in outputs), having, *(e for e, *_ in order)]
            if e is not None for sub in e.walk()
        )
        if has_aggregates and any(isinstance(s.item.node, WorkTableScan) for s in from_.steps):
            raise errors.InvalidRecursion("aggregate functions are not allowed in a recursive query's recursive term")

    for e in [*(e for _, e in outputs), *(e for e, *_ in order)]:
        _refuse_set_returning_in(e)
    if locking is not None:  # PostgreSQL's CheckSelectLocking, in its order
        if distinct is not None or distinct_on is not None:
            locking.refuse("DISTINCT clause")
        if group_exprs or grouping_sets is not None:
            locking.refuse("GROUP BY clause")
        if having is not None:
            locking.refuse("HAVING clause")
        if aggregating:
            locking.refuse("aggregate functions")
        if any(isinstance(sub, WindowCall) for _, e in outputs for sub in e.walk()):
            locking.refuse("window functions")
        if any(getattr(sub, "set_returning", False) for _, e in outputs for sub in e.walk()):
            locking.refuse("set-returning functions in the target list")

    # -- the planner's share: simplify constants, report folding errors ---------------------------
    outputs = [(name, simplify_expr(e)) for name, e in outputs]
    where, having = simplify(where), simplify(having)
    order = [(simplify_expr(e), desc, nf, idx) for e, desc, nf, idx in order]
    group_exprs = simplify_all(group_exprs)
    limit, offset = simplify(limit), simplify(offset)
    from_.simplify()
    raise_failed([
        *(e for _, e in outputs), where, having, *(e for e, *_ in order), *group_exprs, offset, limit,
        *from_.conditions(),
    ])
    rewrite = None
    if aggregating:
        # Grouped columns functionally dependent on other grouped columns (a table's columns when
        # its primary key is grouped) are not compared: they ride along as group values, as
        # PostgreSQL's planner drops them (remove_useless_groupby_columns).  Groups are the same.
        redundant = _redundant_group_columns(group_exprs, scope) if grouping_sets is None else set()
        rewrite = _Grouping(
            [g for g in group_exprs if not (isinstance(g, ColumnRef) and g.index in redundant)],
            grouping_sets, [e for _, e in outputs], having, [e for e, *_ in order],
            {**dependent, **{g.index: g for g in group_exprs if isinstance(g, ColumnRef) and g.index in redundant}},
        )

    # -- build the plan ------------------------------------------------------------------------
    root = from_.plan(where)

    row_width = scope.width
    if rewrite is not None:
        root = _key_end_aggregate(root, rewrite) or rewrite.node(root)
        row_width = rewrite.width
        outputs = [(name, rewrite(e)) for name, e in outputs]
        order = [(rewrite(e), desc, nf, idx) for e, desc, nf, idx in order]
        if having is not None:
            root = Filter(root, _predicate(rewrite(having)), _text(having))

    # window functions run over the grouped rows, before the select list
    root, windowed, row_width = plan_windows(root, row_width, [e for _, e in outputs] + [e for e, *_ in order])
    outputs = [(name, windowed(e)) for name, e in outputs]
    order = [(windowed(e), desc, nf, idx) for e, desc, nf, idx in order]
    # then set-returning functions (a ProjectSet), which multiply the rows
    root, expanded = _plan_set_returning(root, row_width, [e for _, e in outputs] + [e for e, *_ in order])
    outputs = [(name, expanded(e)) for name, e in outputs]
    order = [(expanded(e), desc, nf, idx) for e, desc, nf, idx in order]

    width = len(outputs)
    projected = [e for _, e in outputs]
    sort_keys: list[tuple[int, bool, bool, Any]] = []
    for e, desc, nulls_first, idx in order:
        if idx is None:  # not in the select list: a hidden column (never with DISTINCT)
            projected.append(e)
            idx = len(projected) - 1
        sort_keys.append((idx, desc, nulls_first, sort_key(projected[idx].type)))
    lock_targets: list[tuple[Table, int, int]] = []
    if locking is not None:
        for item, mode in locking.locked:
            assert item.table is not None and item.scope_item is not None
            key_column = Scope.item_columns(item.scope_item)[-1][1]
            projected.append(key_column)
            lock_targets.append((item.table, len(projected) - 1, mode))

    if (
        isinstance(root, Scan)
        and isinstance(root.access, PkLookup)
        and distinct is None
        and not distinct_keys
        and not sort_keys
        and limit is None
        and offset is None
        and len(projected) == width
    ):
        refs = [e for e in projected if isinstance(e, ColumnRef)]
        columns = [e.index for e in refs] if len(refs) == len(projected) else None
        root = PointProject(root.access, root.predicate, [compile_expr(e) for e in projected], columns)
        return QueryPlan(root, [(name, e.type) for name, e in outputs])
    backwards = _key_order(root, projected, sort_keys) if sort_keys and distinct is None else None
    presorted = backwards is not None
    if backwards:
        assert isinstance(root, Scan) and isinstance(root.access, (FullScan, PkRange))
        root.access.reverse = True
    plain = [e.index for e in projected if isinstance(e, ColumnRef)]
    root = Project(root, [compile_expr(e) for e in projected], plain if len(plain) == len(projected) else None)
    if distinct is not None:
        root = Distinct(root, width, [_group_key(e.type) for e in projected[:width]])
    if sort_keys and not presorted:
        root = Sort(root, sort_keys)
    if distinct_keys:
        on_columns = [idx for idx, *_ in sort_keys[:distinct_keys]]
        root = DistinctOn(root, on_columns, [_group_key(projected[i].type) for i in on_columns])
    ties = _with_ties(node)
    if ties and not sort_keys:
        raise errors.SyntaxError("WITH TIES cannot be specified without ORDER BY clause")
    if limit is not None or offset is not None:
        root = Limit(
            root,
            compile_expr(limit) if limit is not None else None,
            compile_expr(offset) if offset is not None else None,
            sort_keys if ties else None,
        )
    if lock_targets:
        root = LockRows(root, lock_targets)
    if len(projected) > width:
        root = Strip(root, width)
    return QueryPlan(root, [(name, e.type) for name, e in outputs])


def _key_end_aggregate(scan: Node, grouping: _Grouping) -> KeyEndAggregate | None:
    """``SELECT min(id), max(id) FROM t [WHERE ...]`` over a scan in key order, ``id`` the
    primary key's leading column: the ends of the scan (see :class:`KeyEndAggregate`)."""
    if grouping.group_exprs or grouping.sets is not None or not grouping.aggs:
        return None
    if type(scan) is not Scan or not isinstance(scan.access, (FullScan, PkRange)):
        return None
    pk = scan.access.table.primary_key
    if pk is None or pk.expressions:
        return None
    for a in grouping.aggs:
        if (
            a.agg.name not in ("min", "max") or a.distinct or a.filter is not None or len(a.args) != 1
            or not isinstance(a.args[0], ColumnRef) or a.args[0].index != pk.columns[0]
        ):
            return None
    backward_access = copy.copy(scan.access)
    backward_access.reverse = True
    backward = Scan(backward_access, scan.predicate, scan.filter_text, scan.batch_filter, scan.condition)
    return KeyEndAggregate(scan, backward, pk.columns[0], [a.agg.name == "max" for a in grouping.aggs])


def _key_order(scan: Node, projected: Sequence[Expr], sort_keys: Sequence[tuple[int, bool, bool, Any]]) -> bool | None:
    """Whether ``scan`` must run backwards for its rows to come in the ORDER BY's order, so
    that no Sort is needed (``ORDER BY id LIMIT 20`` then reads 20 rows, not the table);
    None when no direction gives that order.  It does for a scan of a table in primary-key
    order (a full scan or a key range) and ORDER BY the leading primary-key columns, all
    ascending -- or all descending and the whole key (backwards; ties cannot occur, so no
    tie order changes).  Key encodings order as SQL does and key columns hold no NULL, so
    NULLS FIRST/LAST changes nothing."""
    if type(scan) is not Scan or not isinstance(scan.access, (FullScan, PkRange)):
        return None
    pk = scan.access.table.primary_key
    if pk is None or pk.expressions or len(sort_keys) > len(pk.columns):
        return None
    descending = sort_keys[0][1]
    if descending and len(sort_keys) != len(pk.columns):
        return None
    for (index, desc, _, _), column in zip(sort_keys, pk.columns):
        e = projected[index]
        if desc != descending or not isinstance(e, ColumnRef) or e.index != column:
            return None
    return descending


# -- VALUES, set operations, WITH -------------------------------------------------------------------


def _refuse_left_lateral_outer_target(node: exp.Expr, left_aliases: Sequence[str]) -> None:
    """DSQL refuses ``LEFT JOIN LATERAL (SELECT <outer column> ... FROM t)``.

    Recorded against a live cluster (probes ``q_lateral_left_*``): when the
    select list of a LEFT JOIN LATERAL subquery reads a column of the
    relations to its left, DSQL fails with 42804 "attribute N of type t has
    wrong type", naming the subquery's first table.  CROSS and INNER JOIN
    LATERAL are fine.  It looks like a DSQL planner defect, but code that
    passes here must pass on DSQL, so pydsql refuses it too.
    """
    if not isinstance(node, exp.Lateral):
        return
    query = node.this
    if isinstance(query, exp.Subquery):
        query = query.this
    if not isinstance(query, exp.Select):
        return
    from_ = query.args.get("from_")
    first = from_.this if from_ is not None else None
    if not isinstance(first, exp.Table) or not isinstance(first.this, exp.Identifier):
        return
    own = {first.alias_or_name} | {j.this.alias_or_name for j in query.args.get("joins") or []}
    outer = set(left_aliases) - own
    for position, item in enumerate(query.expressions, start=1):
        if any(c.table in outer for c in item.find_all(exp.Column)):
            raise errors.DatatypeMismatch(f"attribute {position} of type {first.name} has wrong type")


def _plan_values(node: exp.Values, analyzer: Analyzer, scope: Scope) -> QueryPlan:
    """VALUES rows: columns column1..n typed by their common type (PostgreSQL's "VALUES" resolution)."""
    rows_nodes = [t.expressions if isinstance(t, exp.Tuple) else [t] for t in node.expressions]
    width = len(rows_nodes[0])
    if any(len(r) != width for r in rows_nodes):
        raise errors.SyntaxError("VALUES lists must all be the same length")
    rows = [[analyzer.expr(e, scope, aggregates="VALUES") for e in r] for r in rows_nodes]
    types = [common_type([r[c] for r in rows], "VALUES") for c in range(width)]
    coerced = [[simplify_expr(coerce(r[c], types[c], IMPLICIT, construct="VALUES")) for c in range(width)] for r in rows]
    raise_failed(e for r in coerced for e in r)
    columns = [(f"column{c + 1}", types[c]) for c in range(width)]
    return QueryPlan(ValuesScan([[compile_expr(e) for e in r] for r in coerced]), columns)


_SETOP_KIND: dict[type[exp.Expr], str] = {exp.Union: "union", exp.Intersect: "intersect", exp.Except: "except"}


def _plan_setop(node: exp.Expr, analyzer: Analyzer, scope: Scope, unknowns: Unknowns = "text") -> QueryPlan:
    """UNION / INTERSECT / EXCEPT [ALL]: each column takes the common type of its two sides.

    An operand column that is an untyped literal (``SELECT 'a'``) takes that
    type in place, as in PostgreSQL: the operands are planned keeping unknown
    columns, and planned again with the common types when they had any.
    """
    kind = _SETOP_KIND[type(node)]
    word = kind.upper()
    for operand in (node, node.this, node.expression):
        while isinstance(operand, exp.Subquery):
            operand = operand.this
        if operand.args.get("locks"):  # PostgreSQL's CheckSelectLocking
            lock = operand.args["locks"][0]
            clause = _Locking([lock]).clause
            raise errors.FeatureNotSupported(f"{clause} is not allowed with UNION/INTERSECT/EXCEPT")
    sides = []
    for operand in (node.this, node.expression):
        mark = len(analyzer.untyped_references)
        plan = plan_query(operand, analyzer, scope.sibling(), unknowns="keep" if unknowns == "text" else unknowns)
        sides.append((operand, plan, analyzer.untyped_references[mark:]))
    (_, left, _), (_, right, _) = sides
    if len(left.columns) != len(right.columns):
        raise errors.SyntaxError(f"each {word} query must have the same number of columns")
    if unknowns == "text" or unknowns == "keep":
        types = [
            common_type([ColumnRef(0, lt), ColumnRef(0, rt)], word)
            for (_, lt), (_, rt) in zip(left.columns, right.columns)
        ]
    else:
        types = list(unknowns)
    planned = []
    for operand, plan, references in sides:
        if any(t.kind == "unknown" for _, t in plan.columns):
            analyzer.forget_references(references)  # the first plan is thrown away
            plan = plan_query(operand, analyzer, scope.sibling(), unknowns=types)
        planned.append(plan)
    left, right = planned
    distinct = node.args.get("distinct") is not False
    compares = distinct or kind != "union"  # UNION ALL appends: its columns need no equality (json)
    root = SetOp(
        kind, not distinct,
        _coerced(left, types, word), _coerced(right, types, word),
        [_group_key(t) for t in types] if compares else [None] * len(types),
    )
    plan = QueryPlan(root, [(n, t) for (n, _), t in zip(left.columns, types)])
    return _order_limit(node, plan, analyzer, scope)


def _coerced(plan: QueryPlan, types: Sequence[SqlType], construct: str) -> Node:
    """``plan``'s rows with each column coerced to ``types`` (a projection only where needed)."""
    exprs = [
        coerce(ColumnRef(i, t), target, IMPLICIT, construct=construct)
        for i, ((_, t), target) in enumerate(zip(plan.columns, types))
    ]
    if all(isinstance(e, ColumnRef) for e in exprs):
        return plan.root
    return Project(plan.root, [compile_expr(e) for e in exprs])


def _order_limit(node: exp.Expr, plan: QueryPlan, analyzer: Analyzer, scope: Scope) -> QueryPlan:
    """ORDER BY / LIMIT / OFFSET attached to a set operation, VALUES or parenthesized query.

    Only output column names and positions may be sorted on (PostgreSQL's rule).
    """
    order = node.args.get("order")
    limit_node, offset_node = node.args.get("limit"), node.args.get("offset")
    if order is None and limit_node is None and offset_node is None:
        return plan
    outputs = [(n, ColumnRef(i, t, n)) for i, (n, t) in enumerate(plan.columns)]
    root = plan.root
    if order is not None:
        keys = []
        names = [n for n, _ in plan.columns]
        for ordered in order.expressions:
            only(ordered, ("this", "desc", "nulls_first"), "ORDER BY")
            item = ordered.this
            positional = _positional(item, outputs, "ORDER BY")
            if positional is not None:
                idx = outputs.index(next(o for o in outputs if o[1] is positional))
            elif isinstance(item, exp.Column) and not item.table and item.name in names:
                idx = names.index(item.name)
            elif isinstance(item, exp.Column) and isinstance(item.this, exp.Identifier):
                # a name that is not a result column: there is nothing else it could name
                if item.table:
                    raise errors.UndefinedTable(f'missing FROM-clause entry for table "{item.table}"')
                raise errors.UndefinedColumn(f'column "{item.name}" does not exist')
            else:
                raise errors.FeatureNotSupported(
                    "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                    detail="Only result column names can be used, not expressions or functions.",
                )
            keys.append((idx, bool(ordered.args.get("desc")), bool(ordered.args.get("nulls_first")),
                         sort_key(plan.columns[idx][1])))
        root = Sort(root, keys)
    limit, offset = _limit_offset(node, analyzer, Scope(parent=scope.parent, registry=scope.registry or scope))
    limit, offset = simplify(limit), simplify(offset)
    raise_failed([offset, limit])
    ties = _with_ties(node)
    if ties and not isinstance(root, Sort):
        raise errors.SyntaxError("WITH TIES cannot be specified without ORDER BY clause")
    if limit is not None or offset is not None:
        root = Limit(
            root,
            compile_expr(limit) if limit is not None else None,
            compile_expr(offset) if offset is not None else None,
            root.keys if ties and isinstance(root, Sort) else None,
        )
    return QueryPlan(root, plan.columns)


def _plan_cte(
    cte: exp.CTE, recursive: bool, analyzer: Analyzer, scope: Scope, frame: dict[str, Cte], *, top: bool = False
) -> None:
    name = cte.alias
    if name in frame:
        raise errors.DuplicateAlias(f'WITH query name "{name}" specified more than once')
    alias = cte.args.get("alias")
    column_names = [c.name for c in alias.args.get("columns") or []] if alias is not None else []
    body = cte.this
    if isinstance(body, exp.Merge):
        raise errors.FeatureNotSupported("MERGE not supported in WITH query")
    if isinstance(body, (exp.Insert, exp.Update, exp.Delete)):
        if not top:
            raise errors.FeatureNotSupported("WITH clause containing a data-modifying statement must be at the top level")
        _plan_modifying_cte(name, body, column_names, analyzer, frame)
        return
    cte_scope = scope.sibling()
    registry = cte_scope.registry or cte_scope
    before = len(registry.outer_args)
    if recursive and _references(body, name):
        _check_recursion(body, name)
        base = plan_query(body.this, analyzer, cte_scope)
        columns = _renamed(base.columns, column_names, name)
        work = WorkTableScan(name)
        entry = Cte(name, columns, work, recursive_work=work)
        frame[name] = entry
        rec = plan_query(body.expression, analyzer, scope.sibling())
        if len(rec.columns) != len(columns):
            raise errors.SyntaxError(f"each UNION query must have the same number of columns")
        for i, ((_, want), (_, got)) in enumerate(zip(columns, rec.columns)):
            if want.kind != got.kind:
                raise errors.DatatypeMismatch(
                    f'recursive query "{name}" column {i + 1} has type {want.sql_name()} in non-recursive term '
                    f"but type {got.sql_name()} overall",
                    hint="Cast the output of the non-recursive term to the correct type.",
                )
        distinct = body.args.get("distinct") is not False  # (UNION ALL: no equality needed)
        node: Node = RecursiveUnion(
            base.root, rec.root, work, distinct, [_group_key(t) if distinct else None for _, t in columns]
        )
        entry.recursive_work = None
    else:
        plan = plan_query(body, analyzer, cte_scope)
        columns = _renamed(plan.columns, column_names, name)
        node = plan.root
    # computed once per execution, unless it depends on an outer row or on an enclosing
    # recursive query's current iteration
    once = len(registry.outer_args) == before and not node.reads_work_table()
    frame[name] = Cte(name, columns, Materialized(node, name) if once else node)


def _plan_modifying_cte(
    name: str, body: exp.Insert | exp.Update | exp.Delete, column_names: list[str], analyzer: Analyzer,
    frame: dict[str, Cte],
) -> None:
    """``WITH d AS (DELETE ... RETURNING ...)``: the statement runs once, before the main query
    (see :attr:`Analyzer.side_effects`), whether or not the main query reads it."""
    from .dml import DeletePlan, InsertPlan, UpdatePlan  # dml plans its FROM items with this module

    plan: InsertPlan | UpdatePlan | DeletePlan
    if isinstance(body, exp.Insert):
        plan, command = InsertPlan(body, analyzer), "INSERT"
    elif isinstance(body, exp.Update):
        plan, command = UpdatePlan(body, analyzer), "UPDATE"
    else:
        plan, command = DeletePlan(body, analyzer), "DELETE"
    returning = plan.returning.columns
    node = Materialized(ModifyTable(plan, command), name)
    analyzer.side_effects.append((command, node))
    frame[name] = Cte(name, _renamed(returning or [], column_names, name), node, returns_rows=returning is not None)


def _renamed(columns: list[tuple[str, SqlType]], names: list[str], cte: str) -> list[tuple[str, SqlType]]:
    if len(names) > len(columns):
        raise errors.InvalidColumnReference(
            f'WITH query "{cte}" has {len(columns)} columns available but {len(names)} columns specified'
        )
    return [(names[i] if i < len(names) else n, t) for i, (n, t) in enumerate(columns)]


def _references(node: exp.Expr, name: str) -> bool:
    return any(_is_reference(t, name) for t in node.find_all(exp.Table))


def _is_reference(node: exp.Expr, name: str) -> bool:
    return isinstance(node, exp.Table) and not node.db and isinstance(node.this, exp.Identifier) and node.name == name


def _check_recursion(body: exp.Expr, name: str) -> None:
    """PostgreSQL's checkWellFormedRecursion: the shapes a recursive WITH query may take.

    The body must be ``non-recursive UNION [ALL] recursive``, and the
    recursive term may read the query once, not from inside an outer join's
    nullable side, an INTERSECT, an EXCEPT's right side or a subquery in an
    expression.  (Aggregates there are refused by :func:`_plan_cte`.)
    """
    def invalid(message: str) -> errors.Error:
        return errors.InvalidRecursion(message)

    if not isinstance(body, exp.Union):
        raise invalid(
            f'recursive query "{name}" does not have the form non-recursive-term UNION [ALL] recursive-term'
        )
    if _references(body.this, name):
        raise invalid(f'recursive reference to query "{name}" must not appear within its non-recursive term')
    for clause, word in (("order", "ORDER BY"), ("offset", "OFFSET"), ("limit", "LIMIT")):
        if body.args.get(clause) is not None:
            raise errors.FeatureNotSupported(f"{word} in a recursive query is not implemented")
    seen = 0

    def visit(node: exp.Expr, within: str | None) -> None:
        nonlocal seen
        if _is_reference(node, name):
            seen += 1
            if within is not None:
                raise invalid(f'recursive reference to query "{name}" must not appear within {within}')
            if seen > 1:
                raise invalid(f'recursive reference to query "{name}" must not appear more than once')
        elif isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
            left_within = "INTERSECT" if isinstance(node, exp.Intersect) else within
            right_within = {exp.Intersect: "INTERSECT", exp.Except: "EXCEPT"}.get(type(node), within)
            visit(node.this, left_within)
            visit(node.expression, right_within)
        elif isinstance(node, exp.Select):
            from_ = node.args.get("from_")
            joins = list(node.args.get("joins") or [])
            items: list[exp.Expr] = ([from_.this] if from_ is not None else []) + [j.this for j in joins]
            outer = [False] * len(items)
            for i, join in enumerate(joins, start=1):
                side = (join.side or "").upper()
                if side in ("LEFT", "FULL"):
                    outer[i] = True
                if side in ("RIGHT", "FULL"):
                    outer[:i] = [True] * i
            for item, nullable in zip(items, outer):
                visit(item, "an outer join" if nullable else within)
            for key, value in node.args.items():
                if key in ("from_", "joins", "with_"):
                    continue
                for child in value if isinstance(value, list) else [value]:
                    if isinstance(child, exp.Expr) and _references(child, name):
                        raise invalid(f'recursive reference to query "{name}" must not appear within a subquery')
            for join in joins:
                if join.args.get("on") is not None and _references(join.args["on"], name):
                    raise invalid(f'recursive reference to query "{name}" must not appear within a subquery')
        elif isinstance(node, (exp.Subquery, exp.Lateral)):
            visit(node.this, within)

    visit(body.expression, None)


# -- views ------------------------------------------------------------------------------------------------


def plan_view(view: View, analyzer: Analyzer) -> QueryPlan:
    """A view's query, planned where the view is read (its stored text names every relation
    with its schema, so the reader's search path does not matter)."""
    from .dialect import parse

    (statement,) = parse(view.query)
    assert isinstance(statement.node, exp.Expr)
    saved = analyzer.ctes
    analyzer.ctes = []  # the reader's WITH queries are not visible inside the view
    try:
        plan = plan_query(statement.node, analyzer)
    finally:
        analyzer.ctes = saved
    return plan


def qualify_relations(query: exp.Expr, analyzer: Analyzer) -> set[tuple[str, str]]:
    """Write each relation ``query`` reads with its schema (in place); return them.

    Names that are WITH queries of the query itself are left alone.
    """
    ctes = {cte.alias for cte in query.find_all(exp.CTE)}
    read: set[tuple[str, str]] = set()
    for table in list(query.find_all(exp.Table)):
        if not isinstance(table.this, exp.Identifier) or (not table.db and table.name in ctes):
            continue
        relation = analyzer.relation(table)
        table.set("db", exp.to_identifier(relation.schema))
        read.add((relation.schema, relation.name))
    return read


# -- FROM -------------------------------------------------------------------------------------------------


class DmlJoin:
    """The rows UPDATE ... FROM and DELETE ... USING act on: the target joined with other relations.

    Rows are the target's columns, then a hidden column holding the target
    row's storage key (the statement writes by key; a name no SQL can
    spell), then the columns of the other relations.  As in PostgreSQL, the
    other relations' join conditions cannot see the target.
    """

    KEY = HIDDEN_KEY

    def __init__(
        self, table: Table, alias: str | None, sources: Sequence[exp.Expr], analyzer: Analyzer, scope: Scope
    ) -> None:
        flat: list[exp.Expr] = []
        joins: list[exp.Join] = []
        for source in sources:
            source = source.copy()
            nested = source.args.get("joins") or []
            source.set("joins", None)
            if flat:
                joins.append(exp.Join(this=source))
            else:
                flat.append(source)
            joins.extend(nested)
        select = exp.Select(from_=exp.From(this=flat[0]), joins=joins)
        columns = [(c.name, c.type) for c in table.columns] + [(self.KEY, BYTEA_KEY)]
        self.width = len(table.columns)
        self.from_ = _FromClause(select, analyzer, scope, target=_Item(alias or table.name, columns, table, keyed=True))
        scope.star = self.from_.star

    def plan(self, where: Expr | None) -> Node:
        self.from_.simplify()
        raise_failed(self.from_.conditions())
        return self.from_.plan(where)


@dataclass
class _Item:
    """One analyzed FROM item."""

    alias: str
    columns: list[tuple[str, SqlType]]
    table: Table | None = None  # a base table: planned with an access path
    node: Node | None = None  # any other item
    lateral_args: list[Expr] | None = None  # run once per left row with these outer values
    scope_item: ScopeItem | None = None
    named: bool = True  # False for a subquery written without an alias
    keyed: bool = False  # a DML target: its rows carry their storage key (see DmlJoin)


def _join_tree(node: exp.Expr) -> tuple[exp.Expr, list[exp.Join]] | None:
    """A parenthesized join in FROM as (its first item, its joins); None for other items.
    sqlglot reads ``(a JOIN b ON ...)`` as a Subquery of a Table holding the joins, and
    ``((a JOIN b ON ...) JOIN c ON ...)`` as a Subquery of that holding the outer joins."""
    if not isinstance(node, exp.Subquery):
        return None
    if node.args.get("joins"):
        first = node.this
        if isinstance(first, exp.Table) and first.args.get("joins"):
            first = exp.Subquery(this=first)  # a join tree itself: ((a JOIN b) JOIN c)
        return first, list(node.args["joins"])
    inner = node.this
    if isinstance(inner, exp.Table) and inner.args.get("joins"):
        first = inner.copy()
        return first, list(first.args.pop("joins"))
    if isinstance(inner, exp.Subquery) and node.args.get("alias") is None:
        return _join_tree(inner)  # redundant parentheses
    return None


def _nest_list_items(
    first: exp.Expr, joins: list[exp.Join], after_target: bool
) -> tuple[exp.Expr, list[exp.Join]]:
    """The FROM list with each item (a join tree after a comma, or the first one after a DML
    target) that has a RIGHT or FULL join made one parenthesized join: ``a, b RIGHT JOIN c``
    is ``a, (b RIGHT JOIN c)`` in PostgreSQL, while the joins of a FROM clause are planned
    left to right (``(a, b) RIGHT JOIN c`` keeps an unmatched c once, not once per a).
    Other items join the same either way and stay as they are."""
    items: list[tuple[exp.Expr, list[exp.Join]]] = [(first, [])]
    for join in joins:
        if _is_comma(join):
            items.append((join.this, []))
        else:
            items[-1][1].append(join)
    if not any(
        (i > 0 or after_target) and any(str(j.args.get("side") or "").upper() in ("RIGHT", "FULL") for j in item_joins)
        for i, (_, item_joins) in enumerate(items)
    ):
        return first, joins
    nested: list[exp.Expr] = []
    flat: list[exp.Join] = []
    for i, (head, item_joins) in enumerate(items):
        outer = any(str(j.args.get("side") or "").upper() in ("RIGHT", "FULL") for j in item_joins)
        if outer and (i > 0 or after_target):
            nested.append(exp.Subquery(this=head, joins=item_joins))  # a parenthesized join (_join_tree)
            tail: list[exp.Join] = []
        else:
            nested.append(head)
            tail = item_joins
        if i > 0:
            flat.append(exp.Join(this=nested[-1]))  # a comma (see _is_comma)
        flat.extend(tail)
    return nested[0], flat


def _is_comma(join: exp.Join) -> bool:
    """Whether ``join`` is a FROM-list item after a comma (sqlglot reads ``FROM a, b`` as a
    join of ``b`` with nothing but the item: no kind, condition or method)."""
    args = join.args
    return "pivots" not in args and not any(args.get(k) for k in ("on", "using", "side", "kind", "method"))


def _tree_names(first: exp.Expr, joins: list[exp.Join]) -> list[str]:
    """The names the tables of a parenthesized join go by (aliases, else table names)."""
    names = []
    for node in (first, *(j.this for j in joins)):
        tree = _join_tree(node)
        if tree is not None:
            names.extend(_tree_names(*tree))
        elif isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
            names.append(node.alias_or_name)
    return names


def columns_of(scope: Scope) -> list[tuple[str, SqlType]]:
    return [c for item in scope.items for c in item.columns]


#: what PostgreSQL calls a subquery in FROM written without an alias (its messages show it)
_UNNAMED = "unnamed_subquery"


def _function_scan_item(name: str, columns: list[tuple[str, SqlType]], node: Node, fscope: Scope) -> _Item:
    """A function in FROM as a FROM item: its arguments' references to the items on its left
    (it is implicitly LATERAL) are evaluated for each of their rows (``Parameterized``)."""
    item = _Item(name, columns, node=node)
    if fscope.outer_args:
        item.lateral_args = list(fscope.outer_args)
        item.node = Parameterized(node, [compile_expr(a) for a in fscope.outer_args])
    return item


@dataclass
class _Step:
    item: _Item
    kind: str  # first, inner, left, right, full
    on: Expr | None
    using: list[tuple[Expr, Expr]]  # USING / NATURAL column pairs (left expr, right column)


_JOIN_KINDS = {"": "inner", "INNER": "inner", "LEFT": "left", "RIGHT": "right", "FULL": "full", "CROSS": "inner"}


class _FromClause:
    """The FROM clause of one SELECT: items analyzed in order, then planned with the WHERE conjuncts."""

    def __init__(
        self, node: exp.Select, analyzer: Analyzer, scope: Scope, target: _Item | None = None,
        locking: _Locking | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.locking = locking
        self.scope = scope
        self.steps: list[_Step] = []
        self.merged_any = False
        self._joining = "first"  # the join kind of the item being analyzed
        #: where the current FROM-list item (what follows the last comma) starts in the scope and in
        #: ``star``, and the merged columns then: a JOIN's ON sees that item's tables only
        #: (:meth:`_on_scope`), its USING and NATURAL that item's columns
        self._list_item_start = len(scope.items)
        self._list_item_star = 0
        self._list_item_merged: dict[str, Expr] = {}
        if target is not None:  # a DML target, before the FROM items but invisible to them
            target.scope_item = scope.add(target.alias, target.columns, target.table, named=False)
            self.star = scope.item_columns(target.scope_item)[:-1]
            self.steps.append(_Step(target, "first", None, []))
        from_ = node.args.get("from_")
        if from_ is None:
            if node.args.get("joins"):
                raise errors.SyntaxError('syntax error at or near "JOIN"')
            return
        first, joins = _nest_list_items(from_.this, list(node.args.get("joins") or []), target is not None)
        # after a DML target: the FROM list is another item
        self._list_item_start = len(scope.items)
        self._list_item_star = len(self.star) if target is not None else 0
        self._add(first, "inner" if target is not None else "first", None, analyzer)
        for join in joins:
            if _is_comma(join):  # a new FROM-list item
                self._list_item_start = len(scope.items)
                self._list_item_star = len(self.star)
                self._list_item_merged = dict(scope.merged)
            only(join, ("this", "on", "using", "side", "kind", "method"), "JOIN")
            side = str(join.args.get("side") or "").upper()
            kind_word = str(join.args.get("kind") or "").upper()
            if kind_word in ("SEMI", "ANTI", "ASOF", "STRAIGHT_JOIN"):
                raise errors.SyntaxError(f'syntax error at or near "{kind_word}"')
            kind = _JOIN_KINDS.get(side or ("CROSS" if kind_word == "CROSS" else ""), "inner")
            natural = str(join.args.get("method") or "").upper() == "NATURAL"
            added = len(scope.items)
            self._add(join.this, kind, join, analyzer, natural=natural)
            # the sides an outer join extends with NULLs (their whole rows may be NULL)
            nullable = (scope.items[added:] if kind in ("left", "full") else []) + (
                scope.items[self._list_item_start:added] if kind in ("right", "full") else []
            )
            for scope_item in nullable:
                scope_item.nullable = True
        if self.merged_any:
            scope.star = self.star
        if target is not None and target.scope_item is not None:
            target.scope_item.named = True

    # -- analysis -------------------------------------------------------------------------------------

    def _left_view(self) -> Scope:
        """The FROM items so far, as the parent scope of a LATERAL item
        (which may not read them when it is joined RIGHT or FULL)."""
        scope = self.scope
        return Scope(
            items=list(scope.items), parent=scope.parent, registry=scope.registry or scope, merged=dict(scope.merged),
            lateral_refused=self._joining in ("right", "full"),
        )

    def _on_scope(self) -> Scope:
        """The scope of a JOIN's ON condition: the tables of the FROM-list item being joined
        (PostgreSQL: the join tree since the last comma); the earlier items' names are known
        but invalid there (42P01 invalid reference to FROM-clause entry)."""
        scope = self.scope
        start = self._list_item_start
        if start == 0:
            return scope
        hidden = dict(scope.hidden)
        for item in scope.items[:start]:
            hidden.setdefault(item.alias, None)
            if item.table is not None:
                hidden.setdefault(item.table.name, None)
        before = self._list_item_merged
        return Scope(
            items=scope.items[start:], parent=scope.parent, registry=scope.registry or scope, hidden=hidden,
            merged={name: e for name, e in scope.merged.items() if before.get(name) is not e},
        )

    def _lateral_hints(self) -> dict[str, str | None]:
        """The FROM items so far, as hidden names for a non-LATERAL item."""
        hint = "To reference that table, you must mark this subquery with LATERAL."
        return {i.alias: hint for i in self.scope.items if i.named}

    def _add(self, node: exp.Expr, kind: str, join: exp.Join | None, analyzer: Analyzer, natural: bool = False) -> None:
        scope = self.scope
        tree = _join_tree(node)
        if tree is not None:
            self._add_join_tree(tree[0], tree[1], node.args.get("alias"), kind, join, analyzer, natural)
            return
        left_names = self._visible_names()
        if kind == "left":
            _refuse_left_lateral_outer_target(node, [i.alias for i in scope.items])
        self._joining = kind
        lock = None
        if self.locking is not None:
            lock = self.locking.mode_of(node.alias_or_name)
            if lock is not None and isinstance(node, exp.Subquery) and isinstance(
                node.this, (exp.Select, exp.Union, exp.Intersect, exp.Except)
            ):
                node = node.copy()  # a subquery's own tables are locked: give it the clause
                node.this.set("locks", [*(node.this.args.get("locks") or []), self.locking.lock_node(lock[0])])
                lock = None
        item = self._analyze_item(node, analyzer)
        if lock is not None:
            mode, clause, named = lock
            if item.table is not None:  # its rows carry their key up to LockRows
                item.keyed = True
                item.columns = [*item.columns, (HIDDEN_KEY, BYTEA_KEY)]
                self.locking.locked.append((item, mode))  # type: ignore[union-attr]
            elif isinstance(node, exp.Values):
                pass  # a subquery of constants: nothing to lock
            elif isinstance(node, exp.Table) and isinstance(node.this, (exp.Anonymous, exp.Dot)):
                if named:  # PostgreSQL's message; not named, a function is simply not locked
                    raise errors.FeatureNotSupported(f"{clause} cannot be applied to a function")
            elif isinstance(node, exp.Table) and any(node.name in frame for frame in analyzer.ctes):
                if named:
                    raise errors.FeatureNotSupported(f"{clause} cannot be applied to a WITH query")
            else:  # views, system catalogs, LATERAL subqueries: their rows would be claimed in PostgreSQL
                what = "a view" if isinstance(item.node, SubqueryScan) and isinstance(node, exp.Table) else "this FROM item"
                raise errors.FeatureNotSupported(f"{clause} on {what} is not supported by pydsql yet")
        item.scope_item = scope.add(item.alias, item.columns, item.table, named=item.named)
        using: list[tuple[Expr, Expr]] = []
        on: Expr | None = None
        names: list[str] = []
        if join is not None:
            names = [i.name for i in join.args.get("using") or []]
            if natural:
                right_names = [n for n, _ in item.columns if n != HIDDEN_KEY]
                names = [n for n in left_names if n in right_names]
        for name in list(scope.merged):  # a merged name met again: a plain reference is ambiguous now
            if name not in names and any(n == name for n, _ in item.columns):
                del scope.merged[name]
        visible = [c for c in scope.item_columns(item.scope_item) if c[0] != HIDDEN_KEY]
        if join is not None:
            if names:
                using = self._merge_using(names, visible, kind)
            if join.args.get("on") is not None:
                on = analyzer.condition(join.args["on"], self._on_scope(), "JOIN/ON")
        if not self.steps:
            self.star = visible
        elif not using:
            self.star = self.star + visible
        self.steps.append(_Step(item, kind, on, using))

    def _add_join_tree(
        self, first: exp.Expr, joins: list[exp.Join], alias: exp.Expr | None, kind: str, join: exp.Join | None,
        analyzer: Analyzer, natural: bool,
    ) -> None:
        """A parenthesized join, ``a LEFT JOIN (b JOIN c ON ...) ON ...``: planned on its own
        as one FROM item.  Without an alias its tables stay visible by their names (laid out
        in the row where the item is); with one it is a derived table of all its columns."""
        select = exp.Select(**{"from_": exp.From(this=first), "joins": joins})
        if alias is not None:
            named = self.locking.named.get(alias.name) if self.locking is not None else None
            if named is not None:
                raise errors.FeatureNotSupported(f"{named[1]} cannot be applied to a join")
            for name in _tree_names(first, joins):  # hidden behind the alias, but known (PostgreSQL's message)
                self.scope.hidden.setdefault(name, None)
            select.set("expressions", [exp.Star()])
            self._add(exp.Subquery(this=select, alias=alias), kind, join, analyzer, natural)
            return
        scope = self.scope
        left_names = self._visible_names()
        self._joining = kind
        inner_scope = scope.sibling(hidden=self._lateral_hints())  # like a subquery: no sibling items
        inner = _FromClause(select, analyzer, inner_scope, locking=self.locking)  # its tables are locked too
        plan = inner.plan(None)
        base = scope.width
        for item in inner_scope.items:  # the same layout, shifted to where this item starts
            outer = scope.add(item.alias, item.columns, item.table, named=item.named)
            for locked, _ in self.locking.locked if self.locking is not None else ():
                if locked.scope_item is item:
                    locked.scope_item = outer  # LockRows reads the key where the outer row has it

        def rebase(e: Expr) -> Expr:
            return map_expr(e, lambda sub: ColumnRef(sub.index + base, sub.type, sub.name) if isinstance(sub, ColumnRef) else None)

        star = [(name, rebase(e)) for name, e in inner.star]
        names: list[str] = []
        if join is not None:
            names = [i.name for i in join.args.get("using") or []]
            if natural:
                names = [n for n in left_names if any(n == m for m, _ in star)]
        for name in list(scope.merged):  # a merged name met again: a plain reference is ambiguous now
            if name not in names and any(n == name for n, _ in star):
                del scope.merged[name]
        for name, e in inner_scope.merged.items():
            scope.merged[name] = rebase(e)
        columns = columns_of(inner_scope)
        using = self._merge_using(names, star, kind) if names else []
        on = (
            analyzer.condition(join.args["on"], self._on_scope(), "JOIN/ON")
            if join is not None and join.args.get("on") is not None else None
        )
        if not using:
            self.star = star if not self.steps else self.star + star
        self.merged_any = self.merged_any or inner.merged_any
        tree_item = _Item(_UNNAMED, columns, node=plan, named=False)
        tree_item.scope_item = ScopeItem(_UNNAMED, columns, base, None, named=False)  # where its row starts; not a name
        self.steps.append(_Step(tree_item, kind, on, using))

    def _visible_names(self) -> list[str]:
        """The column names of the left side of a NATURAL join: the current FROM-list item's."""
        if not self.steps:
            return []
        return [n for n, _ in self.star[self._list_item_star:]]

    def _merge_using(self, names: list[str], right_star: list[tuple[str, Expr]], kind: str) -> list[tuple[Expr, Expr]]:
        """JOIN ... USING / NATURAL: pair each named column of the left side (the join so far
        in the current FROM-list item) with the right item's (``right_star``: its columns as
        SELECT * shows them)."""
        scope = self.scope
        pairs: list[tuple[Expr, Expr]] = []
        merged_star: list[tuple[str, Expr]] = []
        left_star = self.star[self._list_item_star:]
        earlier = scope.items[: self._list_item_start]  # the items before the comma (a DML target too)
        for name in names:
            left_matches = [e for n, e in left_star if n == name]
            if not left_matches:
                raise errors.UndefinedColumn(f'column "{name}" specified in USING clause does not exist in left table')
            if len(left_matches) > 1:
                raise errors.AmbiguousColumn(f'common column name "{name}" appears more than once in left table')
            right_matches = [e for n, e in right_star if n == name]
            if not right_matches:
                raise errors.UndefinedColumn(f'column "{name}" specified in USING clause does not exist in right table')
            if len(right_matches) > 1:
                raise errors.AmbiguousColumn(f'common column name "{name}" appears more than once in right table')
            left, right = left_matches[0], right_matches[0]
            t = common_type([left, right], "JOIN/USING")
            lc, rc = coerce(left, t, IMPLICIT, construct="JOIN/USING"), coerce(right, t, IMPLICIT, construct="JOIN/USING")
            pairs.append((lc, rc))
            merged: Expr = {"right": rc, "full": Coalesce((lc, rc), t)}.get(kind, lc)
            if not any(n == name for item in earlier for n, _ in item.columns):
                scope.merged[name] = merged  # else the name is ambiguous: an earlier item has it too
            merged_star.append((name, merged))
        rest_left = [(n, e) for n, e in left_star if n not in names]
        rest_right = [(n, e) for n, e in right_star if n not in names]
        self.star = self.star[: self._list_item_star] + merged_star + rest_left + rest_right
        self.merged_any = True
        return pairs

    def _analyze_item(self, node: exp.Expr, analyzer: Analyzer) -> _Item:
        lateral = False
        if isinstance(node, exp.Lateral):
            lateral = True
            if isinstance(node.this, (exp.Anonymous, exp.Dot)):  # LATERAL f(...): a function in FROM
                node = exp.Table(this=node.this, alias=node.args.get("alias"), ordinality=node.args.get("ordinality"))
            else:
                node = node.this if node.args.get("alias") is None else _with_alias(node.this, node.args["alias"])
        alias_node = node.args.get("alias")
        alias = alias_node.name if alias_node is not None else None
        alias_columns = list(alias_node.args.get("columns") or []) if alias_node is not None else []
        column_aliases = [c.name for c in alias_columns]
        # a column definition list, AS r(a int, b text): the columns of a function returning "record"
        typed = [c.args["kind"] for c in alias_columns if isinstance(c, exp.ColumnDef) and c.args.get("kind") is not None]
        is_function = isinstance(node, exp.Table) and isinstance(node.this, (exp.Anonymous, exp.Dot))
        if typed and (not is_function or len(typed) != len(alias_columns)):
            raise syntax_error(to_sql(typed[0]).split("(")[0].split()[0].lower())
        if is_function:
            assert isinstance(node, exp.Table)
            call = node.this
            db = node.args.get("db")
            if isinstance(call, exp.Anonymous) and isinstance(db, exp.Identifier):  # schema.function(...)
                call = exp.Dot(this=db.copy(), expression=call.copy())
            definitions = [(c.name, self._definition_type(c.args["kind"], analyzer)) for c in alias_columns] if typed else None
            item = self._function_item(
                call, alias, analyzer, ordinality=bool(node.args.get("ordinality")), definitions=definitions
            )
            if definitions is not None:
                column_aliases = []  # the definitions named the columns
        elif isinstance(node, exp.Table):
            only(node, ("this", "db", "catalog", "alias", "only"), "FROM")
            item = self._relation_item(node, analyzer)
            if alias is not None:
                item.alias = alias
        elif isinstance(node, exp.Subquery):
            # PostgreSQL 16 allows a subquery in FROM without an alias
            item = self._subquery_item(node.this, alias or _UNNAMED, lateral, analyzer)
            item.named = alias is not None
        elif isinstance(node, exp.Values):
            plan = _plan_values(node, analyzer, self.scope.sibling(hidden=self._lateral_hints()))
            item = _Item(alias or _UNNAMED, plan.columns, node=plan.root, named=alias is not None)
        else:
            raise errors.FeatureNotSupported(f"FROM item not supported by pydsql yet: {to_sql(node)}")
        if column_aliases:
            if len(column_aliases) > len(item.columns):
                raise errors.InvalidColumnReference(
                    f'table "{item.alias}" has {len(item.columns)} columns available but {len(column_aliases)} columns specified'
                )
            item.columns = [
                (column_aliases[i] if i < len(column_aliases) else n, t) for i, (n, t) in enumerate(item.columns)
            ]
        return item

    def _relation_item(self, node: exp.Table, analyzer: Analyzer) -> _Item:
        name = node.name
        if not node.db:
            for frame in reversed(analyzer.ctes):
                cte = frame.get(name)
                if cte is not None:
                    if not cte.returns_rows:
                        raise errors.FeatureNotSupported(f'WITH query "{name}" does not have a RETURNING clause')
                    if cte.recursive_work is not None:
                        return _Item(name, list(cte.columns), node=cte.recursive_work)
                    return _Item(name, list(cte.columns), node=cte.node)
        relation = analyzer.relation(node)
        if isinstance(relation, View):
            plan = plan_view(relation, analyzer)
            return _Item(relation.name, list(relation.columns), node=SubqueryScan(plan.root, relation.name))
        if isinstance(relation, SystemRelation):  # rows computed from the transaction's catalog
            return _Item(relation.name, list(relation.columns), node=SystemScan(relation))
        return _Item(relation.name, [(c.name, c.type) for c in relation.columns], table=relation)

    def _subquery_item(self, query: exp.Expr, alias: str, lateral: bool, analyzer: Analyzer) -> _Item:
        if lateral:
            inner = Scope(parent=self._left_view())
        else:
            # a plain subquery in FROM cannot see its sibling FROM items (only the enclosing query)
            inner = self.scope.sibling(hidden=self._lateral_hints())
        before = len((inner.registry or inner).outer_args)
        plan = plan_query(query, analyzer, inner)
        node: Node = SubqueryScan(plan.root, alias)
        item = _Item(alias, list(plan.columns), node=node)
        if lateral and inner.outer_args:
            item.lateral_args = list(inner.outer_args)
            item.node = Parameterized(node, [compile_expr(a) for a in inner.outer_args])
        elif not lateral and len((inner.registry or inner).outer_args) == before and not node.reads_work_table():
            item.node = Materialized(node)  # uncorrelated: computed once even when joined repeatedly
        return item

    @staticmethod
    def _definition_type(node: exp.Expr, analyzer: Analyzer) -> SqlType:
        target, domain = declared_type(node, analyzer.catalog, analyzer.search_path)
        if domain is not None:
            raise errors.FeatureNotSupported("a domain in a column definition list is not supported by pydsql yet")
        return target

    def _function_item(
        self, call: exp.Expr, alias: str | None, analyzer: Analyzer, *, ordinality: bool = False,
        definitions: list[tuple[str, SqlType]] | None = None,
    ) -> _Item:
        """A function in FROM (implicitly LATERAL, as in PostgreSQL).

        A set-returning function yields its rows; any other function yields
        one row.  A column is named after the function, or after the alias
        when there is one, unless the function names it (jsonb_each's key
        and value, jsonb_array_elements' value).  A function returning
        "record" has the columns of the query's column definition list
        (``definitions``), and its values become rows of them.
        """
        if definitions is not None and ordinality:
            raise errors.SyntaxError("WITH ORDINALITY cannot be used with a column definition list")
        qualified: exp.Dot | None = None
        if isinstance(call, exp.Dot):
            schema = call.this.name.lower() if isinstance(call.this, exp.Identifier) else None
            if schema is not None and isinstance(call.expression, exp.Anonymous) and (
                (schema, function_name(call.expression)) in analyzer.catalog.routines
            ):
                qualified = call  # a SQL function of that schema
            elif schema != "pg_catalog":
                analyzer.expr(call, Scope())  # raises the right "does not exist"
            call = call.expression
        if not isinstance(call, exp.Anonymous):
            raise errors.FeatureNotSupported(f"this function is not supported in FROM by pydsql: {to_sql(call)}")
        from ..values.json import POPULATE_FUNCTIONS, RECORD_FUNCTIONS, record_reader  # (a large module: on first use)

        if function_name(call) in POPULATE_FUNCTIONS and qualified is None:
            return self._populate_item(call, alias, analyzer, ordinality=ordinality, definitions=definitions)
        fscope = Scope(parent=self._left_view())
        result = simplify_expr(analyzer.from_function(qualified or call, fscope))
        raise_failed([result])
        set_returning = isinstance(result, Call) and result.set_returning
        name = function_name(call)
        out = (analyzer.srf_columns if set_returning else None) or [(None, result.type)]
        to_row = None
        if out == [(None, RECORD)]:  # returns "record": the columns are the query's
            if definitions is None:
                raise errors.SyntaxError('a column definition list is required for functions returning "record"')
            if name not in RECORD_FUNCTIONS:
                raise errors.FeatureNotSupported(f"a column definition list for {name} is not supported by pydsql yet")
            names = [n for n, _ in definitions]
            repeated = next((n for i, n in enumerate(names) if n in names[:i]), None)
            if repeated is not None:
                raise errors.DuplicateColumn(f'column name "{repeated}" specified more than once')
            out, to_row = list(definitions), record_reader(definitions)
        elif definitions is not None:
            if len(out) > 1:
                raise errors.SyntaxError("a column definition list is redundant for a function with OUT parameters")
            raise errors.SyntaxError('a column definition list is only allowed for functions returning "record"')
        columns = [(n or (alias if alias is not None and len(out) == 1 else name), t) for n, t in out]
        if ordinality:  # WITH ORDINALITY: a bigint column numbering the rows from 1
            result = with_ordinality(result, len(columns))
            set_returning = True
            columns.append(("ordinality", INT8))
        node: Node = FunctionScan(compile_expr(result), set_returning, name, len(columns), to_row)
        return _function_scan_item(alias or name, columns, node, fscope)

    def _populate_item(
        self, call: exp.Anonymous, alias: str | None, analyzer: Analyzer, *, ordinality: bool,
        definitions: list[tuple[str, SqlType]] | None,
    ) -> _Item:
        """``json[b]_populate_record[set](NULL::t, j)`` in FROM: the rows of t's columns that
        the objects of ``j`` make (as json[b]_to_record[set] with t's columns as the list).
        pydsql has no row types as values, so the first argument must be ``NULL::t`` for a
        table t (another base row: 0A000)."""
        from ..values.json import populate_function, record_reader

        name = function_name(call)
        if len(call.expressions) != 2:
            args = [analyzer.expr(a, Scope(parent=self._left_view())) for a in call.expressions]
            raise errors.UndefinedFunction(
                f"function {name}({', '.join(a.type.name for a in args)}) does not exist",
                hint="No function matches the given name and argument types. You might need to add explicit type casts.",
            )
        base, document = call.expressions
        if not (isinstance(base, exp.Cast) and isinstance(base.this, exp.Null)):
            raise errors.FeatureNotSupported(f"{name} of a base row other than NULL::table is not supported by pydsql yet")
        named = user_type_name(base.args["to"])
        table = None
        if named is not None:
            try:
                table = analyzer.relation(exp.Table(
                    this=exp.to_identifier(named[1]), db=exp.to_identifier(named[0]) if named[0] else None,
                ))
            except errors.UndefinedTable:
                table = None
        if table is None or isinstance(table, SystemRelation):
            declared_type(base.args["to"], analyzer.catalog, analyzer.search_path)  # 42704 for no such type
            raise errors.DatatypeMismatch(f"first argument of {name} must be a row type")
        if definitions is not None:
            raise errors.SyntaxError("a column definition list is redundant for a function returning a named composite type")
        if ordinality:
            raise errors.FeatureNotSupported(f"{name} WITH ORDINALITY is not supported by pydsql yet")
        columns = [(c.name, c.type) for c in table.columns] if isinstance(table, Table) else list(table.columns)
        fscope = Scope(parent=self._left_view())
        arg = analyzer.expr(document, fscope)
        wanted = JSONB if name.startswith("jsonb") else JSON
        if arg.type.kind not in ("unknown", wanted.kind):
            raise errors.UndefinedFunction(
                f"function {name}({table.name}, {arg.type.name}) does not exist",
                hint="No function matches the given name and argument types. You might need to add explicit type casts.",
            )
        set_returning = name.endswith("recordset")
        result = Call(name, populate_function(name), (coerce(arg, wanted, IMPLICIT),), RECORD, set_returning=set_returning)
        node: Node = FunctionScan(compile_expr(result), set_returning, name, len(columns), record_reader(columns))
        return _function_scan_item(alias or name, columns, node, fscope)

    # -- planning --------------------------------------------------------------------------------------

    def conditions(self) -> list[Expr]:
        return [s.on for s in self.steps if s.on is not None]

    def simplify(self) -> None:
        for step in self.steps:
            step.on = simplify(step.on)

    def plan(self, where: Expr | None) -> Node:
        if not self.steps:
            node: Node = OneRow()
            return Filter(node, _predicate(where), _text(where)) if where is not None else node
        offsets = [s.item.scope_item.offset for s in self.steps]  # type: ignore[union-attr]
        order = self._join_order(where, offsets)
        if order is None:
            return self._plan_steps(self.steps, offsets, where)
        # Join in ``order``: the rows are laid out in that order while joining, and put
        # back in the written order at the end (every expression above reads that layout).
        steps = [_Step(self.steps[j].item, "inner" if n else "first", None, []) for n, j in enumerate(order)]
        new_offsets, position = [], 0
        for j in order:
            new_offsets.append(position)
            position += len(self.steps[j].item.columns)
        moved: dict[int, int] = {}
        for j, new_offset in zip(order, new_offsets):
            for c in range(len(self.steps[j].item.columns)):
                moved[offsets[j] + c] = new_offset + c

        def remap(e: Expr) -> Expr:
            return map_expr(
                e, lambda sub: ColumnRef(moved[sub.index], sub.type, sub.name) if isinstance(sub, ColumnRef) else None
            )

        conditions = conjuncts(where) + [c for step in self.steps for c in conjuncts(step.on)]
        node = self._plan_steps(steps, new_offsets, _conjoin([remap(c) for c in conditions]))
        return Reorder(node, [moved[i] for i in range(position)])

    def _join_order(self, where: Expr | None, offsets: list[int]) -> list[int] | None:
        """A better order for a FROM list of inner joins, or None to keep the written one.

        Greedy, as a first approximation of PostgreSQL's planner: after the
        first item, join next an item linked to those joined so far by an
        equality (a hash join or key lookup), and only when there is none,
        the next item as written (a cross product).
        """
        steps = self.steps
        if len(steps) < 3 or any(
            s.kind not in ("first", "inner") or s.using or s.item.lateral_args is not None for s in steps
        ):
            return None
        bounds = [(o, o + len(s.item.columns)) for o, s in zip(offsets, steps)]

        def refs(e: Expr) -> set[int]:
            return {
                i for sub in e.walk() if isinstance(sub, ColumnRef)
                for i, (lo, hi) in enumerate(bounds) if lo <= sub.index < hi
            }

        links: list[tuple[set[int], set[int]]] = []
        for c in conjuncts(where) + [c for step in steps for c in conjuncts(step.on)]:
            if isinstance(c, Call) and c.name == "=" and len(c.args) == 2:
                a, b = refs(c.args[0]), refs(c.args[1])
                if a and b and not a & b:
                    links.append((a, b))
        joined, order = {0}, [0]
        remaining = list(range(1, len(steps)))
        while remaining:
            linked = [
                j for j in remaining
                if any((a <= joined and b == {j}) or (b <= joined and a == {j}) for a, b in links)
            ]
            j = linked[0] if linked else remaining[0]
            order.append(j)
            joined.add(j)
            remaining.remove(j)
        return None if order == sorted(order) else order

    def _plan_steps(self, steps: list[_Step], offsets: list[int], where: Expr | None) -> Node:
        widths = [len(s.item.columns) for s in steps]
        bounds = [(o, o + w) for o, w in zip(offsets, widths)]

        def refs(e: Expr) -> set[int]:
            out = set()
            for sub in e.walk():
                if isinstance(sub, ColumnRef):
                    for i, (lo, hi) in enumerate(bounds):
                        if lo <= sub.index < hi:
                            out.add(i)
            return out

        nullable: set[int] = set()
        for i, step in enumerate(steps):
            if step.kind in ("left", "full"):
                nullable.add(i)
            if step.kind in ("right", "full"):
                nullable.update(range(i))
        pending = [(c, refs(c)) for c in conjuncts(where)]

        def take(pred: Any) -> list[Expr]:
            nonlocal pending
            taken = [c for c, r in pending if pred(r)]
            pending = [(c, r) for c, r in pending if not pred(r)]
            return taken

        first_filters = take(lambda r: r == {0} and 0 not in nullable)
        node = self._item_node(steps[0].item, first_filters, offsets[0])
        for i in range(1, len(steps)):
            step = steps[i]
            on = conjuncts(step.on) + [_equal(l, r) for l, r in step.using]
            on_refs = [(c, refs(c)) for c in on]
            right_filters: list[Expr] = []
            if step.kind == "inner":
                on += take(lambda r, i=i: i in r and r <= set(range(i + 1)))
                on_refs = [(c, refs(c)) for c in on]
                right_filters = [c for c, r in on_refs if r == {i}]
            elif step.kind == "left":
                right_filters = [c for c, r in on_refs if r == {i}]
            residual = [c for c, r in on_refs if not any(c is f for f in right_filters)]
            node = self._join(node, i, step, residual, right_filters, offsets, widths, refs)
            # WHERE conjuncts that only read items joined so far and no outer join can null later
            later_nullable = set().union(*(
                set(range(j)) for j in range(i + 1, len(steps)) if steps[j].kind in ("right", "full")
            ))
            ready = take(lambda r, i=i: r <= set(range(i + 1)) and not (r & later_nullable) and not (r & nullable))
            if ready:
                cond = _conjoin(ready)
                node = Filter(node, _predicate(cond), _text(cond))
        rest = [c for c, _ in pending]
        if rest:
            cond = _conjoin(rest)
            node = Filter(node, _predicate(cond), _text(cond))
        return node

    def _item_node(self, item: _Item, filters: list[Expr], offset: int) -> Node:
        local = _conjoin([_localize(f, offset) for f in filters])
        if item.table is not None:
            access, residual = choose_access_path(item.table, local)
            scan = KeyedScan if item.keyed else Scan
            return scan(
                access, compile_predicate(residual), _text(residual), compile_batch_filter(residual), residual
            )
        assert item.node is not None
        if local is None:
            return item.node
        return Filter(item.node, _predicate(local), _text(local))

    def _join(
        self, left: Node, i: int, step: _Step, conds: list[Expr], right_filters: list[Expr],
        offsets: list[int], widths: list[int], refs: Any,
    ) -> Node:
        item = step.item
        offset = offsets[i]
        left_width = offset
        kind = step.kind
        widths_pair = (left_width, widths[i])
        # equalities between the left side and this item: join keys
        keys: list[tuple[Expr, Expr]] = []
        residual: list[Expr] = []
        for c in conds:
            pair = _equi_pair(c, refs, i)
            if pair is not None:
                keys.append(pair)
            else:
                residual.append(c)
        if item.lateral_args is not None:
            right = item.node
            assert right is not None
            cond = _conjoin(conds + right_filters)
            return NestedLoopJoin(kind, left, right, compile_predicate(cond), widths_pair)
        # a primary-key lookup per left row
        if item.table is not None and kind in ("inner", "left") and item.table.primary_key is not None:
            lookup = _key_lookup(item.table, keys, offset)
            if lookup is not None:
                access, used = lookup
                cond = _conjoin(residual + [_equal(l, r) for l, r in keys if (l, r) not in used])
                rfilter = _conjoin([_localize(f, offset) for f in right_filters])
                value = used[0][0]
                return KeyLookupJoin(
                    kind, left, access, compile_predicate(rfilter), compile_predicate(cond), widths_pair, item.keyed,
                    value.index if len(used) == 1 and isinstance(value, ColumnRef) else None,
                )
        right = self._item_node(item, right_filters, offset)
        if keys:
            cond = _conjoin(residual)
            return HashJoin(
                kind, left, right,
                [compile_expr(l) for l, _ in keys],
                [compile_expr(_localize(r, offset)) for _, r in keys],
                [_group_key(l.type) for l, _ in keys],
                compile_predicate(cond), widths_pair,
                keys[0][0].index if len(keys) == 1 and isinstance(keys[0][0], ColumnRef) else None,
            )
        if kind == "full":
            # PostgreSQL plans a FULL JOIN only as a merge or hash join: an equality between the sides
            quals = [c for c in conds if not isinstance(c, Const)]  # (ON true / ON false need none)
            if quals and not any(_sides_of_equality(c, refs, i) for c in quals):
                raise errors.FeatureNotSupported("FULL JOIN is only supported with merge-joinable or hash-joinable join conditions")
        cond = _conjoin(residual)
        return NestedLoopJoin(kind, left, right, compile_predicate(cond), widths_pair)


def _with_alias(node: exp.Expr, alias: exp.Expr) -> exp.Expr:
    copy = node.copy()
    copy.set("alias", alias)
    return copy


def _equal(left: Expr, right: Expr) -> Expr:
    return operator_call("=", (left, right))


def _conjoin(parts: Sequence[Expr]) -> Expr | None:
    flat: list[Expr] = []
    for p in parts:
        flat.extend(p.args if isinstance(p, And) else (p,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def _localize(e: Expr, offset: int) -> Expr:
    """``e`` over one FROM item's own row (column positions shifted by the item's offset)."""
    if offset == 0:
        return e
    return map_expr(e, lambda sub: ColumnRef(sub.index - offset, sub.type, sub.name) if isinstance(sub, ColumnRef) else None)


_KEY_FAMILY = {"int2": "int", "int4": "int", "int8": "int", "text": "text", "varchar": "text", "name": "text"}


def _sides_of_equality(c: Expr, refs: Any, i: int) -> tuple[Expr, Expr] | None:
    """``(left expression, right expression)`` when ``c`` is ``=`` between an expression of the
    left side only and one of item ``i`` only."""
    if not isinstance(c, Call) or c.name != "=" or len(c.args) != 2:
        return None
    a, b = c.args
    ra, rb = refs(a), refs(b)
    if not ra or not rb:
        return None
    if max(ra) < i and rb == {i}:
        return a, b
    if max(rb) < i and ra == {i}:
        return b, a
    return None


def _equi_pair(c: Expr, refs: Any, i: int) -> tuple[Expr, Expr] | None:
    """``(left expression, right expression)`` when ``c`` is an equality between the left side and
    item ``i`` that a hash join can use."""
    sides = _sides_of_equality(c, refs, i)
    if sides is None:
        return None
    left, right = sides
    if _KEY_FAMILY.get(left.type.kind, left.type.kind) != _KEY_FAMILY.get(right.type.kind, right.type.kind):
        return None  # Python equality would not be SQL's across these kinds: let the condition decide
    if any(getattr(sub, "volatile", False) for sub in (*left.walk(), *right.walk())):
        return None  # evaluated once per row on each side, not once per pair
    return left, right


def _key_lookup(table: Table, keys: list[tuple[Expr, Expr]], offset: int) -> tuple[PkLookup, list[tuple[Expr, Expr]]] | None:
    """A primary-key lookup when the keys pin every primary-key column to a left-side value."""
    pk = table.primary_key
    assert pk is not None
    by_column: dict[int, tuple[Expr, Expr]] = {}
    for l, r in keys:
        if isinstance(r, ColumnRef) and r.index - offset in pk.columns:
            by_column.setdefault(r.index - offset, (l, r))
    if not all(c in by_column for c in pk.columns):
        return None
    used = [by_column[c] for c in pk.columns]
    types = [table.columns[c].type for c in pk.columns]
    access = PkLookup(table, [[compile_expr(by_column[c][0])] for c in pk.columns], types)
    return access, used


def _predicate(e: Expr | None) -> Any:
    p = compile_predicate(e)
    assert p is not None
    return p


def _text(e: Expr | None) -> str:
    """A filter as EXPLAIN shows it."""
    return "" if e is None else to_text(e)


# -- select list ---------------------------------------------------------------------------------


def _select_item(item: exp.Expr, scope: Scope, analyzer: Analyzer) -> list[tuple[str, Expr]]:
    if isinstance(item, exp.Star):
        if not scope.items:
            raise errors.SyntaxError("SELECT * with no tables specified is not valid")
        return scope.star_columns()
    if isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
        if not scope.has_alias(item.table) or scope._find_item(item.table) is None:
            raise scope._missing_table(item.table)
        return scope.star_columns(item.table)
    if isinstance(item, exp.Alias):
        e = analyzer.expr(item.this, scope, aggregates=None, windows=True)
        return [(item.alias, e)]
    e = analyzer.expr(item, scope, aggregates=None, windows=True)
    return [(column_name(item, analyzer), e)]


def column_name(node: exp.Expr, analyzer: Analyzer) -> str:
    """PostgreSQL's FigureColname: the default name of a select-list column
    (``node`` already analyzed: a scalar subquery is named after its column)."""
    name, _ = _figure(node, analyzer.subquery_names)
    return name


def _figure(node: exp.Expr, subquery_names: dict[int, str]) -> tuple[str, int]:
    """(name, strength) as PostgreSQL's FigureColnameInternal: 2 = a real name,
    1 = a fallback (a cast's type name, "case"), 0 = none ("?column?")."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Column):
        return (node.table if isinstance(node.this, exp.Star) else node.name), 2  # t.*: named t
    if isinstance(node, exp.Subquery) and id(node) in subquery_names:
        return subquery_names[id(node)], 2
    if isinstance(node, exp.Exists):
        return "exists", 2
    if isinstance(node, exp.Tuple):  # a row constructor
        return "row", 2
    if isinstance(node, (exp.Cast, exp.TryCast)):
        name, strength = _figure(node.this, subquery_names)
        if strength <= 1:
            return _type_column_name(node.args["to"]), 1
        return name, strength
    if isinstance(node, exp.Interval):
        return "interval", 1
    if isinstance(node, exp.Case):
        default = node.args.get("default")
        name, strength = _figure(default, subquery_names) if default is not None else ("?column?", 0)
        return (name, strength) if strength > 1 else ("case", 1)
    if isinstance(node, (exp.Filter, exp.Window, exp.Collate, exp.WithinGroup)):
        return _figure(node.this, subquery_names)
    if isinstance(node, exp.Anonymous):
        return ("?column?", 0) if prefix_operator(node) is not None else (function_name(node), 2)
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
        return function_name(node.expression), 2
    if isinstance(node, exp.Trim):
        return {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(str(node.args.get("position") or "").upper(), "btrim"), 2
    if isinstance(node, exp.Array):
        return "array", 2
    if isinstance(node, exp.Bracket):  # a[1] is named after a
        return _figure(node.this, subquery_names)
    special = _SPECIAL_NAMES.get(type(node))
    return (special, 2) if special else ("?column?", 0)


_SPECIAL_NAMES: dict[type[exp.Expr], str] = {
    exp.Coalesce: "coalesce", exp.Nullif: "nullif", exp.Greatest: "greatest", exp.Least: "least",
    exp.Extract: "extract", exp.Substring: "substring", exp.StrPosition: "position", exp.Overlay: "overlay",
    exp.CurrentTimestamp: "current_timestamp", exp.CurrentDate: "current_date", exp.CurrentTime: "current_time",
    exp.Localtime: "localtime", exp.Localtimestamp: "localtimestamp", exp.CurrentUser: "current_user",
    exp.SessionUser: "session_user", exp.CurrentRole: "current_role", exp.CurrentSchema: "current_schema",
    exp.CurrentCatalog: "current_catalog", exp.AtTimeZone: "timezone", exp.Exists: "exists",
    exp.Normalize: "normalize", exp.Overlaps: "overlaps",
}


def _type_column_name(to: exp.Expr) -> str:
    from .datatypes import sql_type, user_type_name

    if is_unknown_type(to):
        return "unknown"
    named = user_type_name(to)
    try:
        t = sql_type(to)
    except errors.Error:
        return "?column?" if named is None else named[1]  # a domain: its name
    # PostgreSQL names the column after the type's internal name (int4, float8...; int4 for int[])
    while t.elem is not None:
        t = t.elem
    return {"bpchar": "bpchar", "varchar": "varchar"}.get(t.kind, t.kind)


# -- GROUP BY / ORDER BY -----------------------------------------------------------------------------


def _constant_literal(node: exp.Expr) -> int | exp.Literal | None:
    """A literal as PostgreSQL's grammar sees it (parentheses and minus signs folded in):
    an ``int`` for an integer constant, the literal node for any other constant."""
    negative = False
    while True:
        if isinstance(node, exp.Paren):
            node = node.this
        elif isinstance(node, exp.Neg) and (
            isinstance(node.this, (exp.Neg, exp.Paren))
            or (isinstance(node.this, exp.Literal) and not node.this.is_string)
        ):
            negative = not negative
            node = node.this
        else:
            break
    if isinstance(node, (exp.Boolean, exp.Null)):
        return exp.Literal.string("")  # TRUE, FALSE and NULL are constants too, and not integers
    if not isinstance(node, exp.Literal):
        return None
    text = node.this
    if node.is_string or not text.isdigit():
        return node
    n = -int(text) if negative else int(text)
    return n if -(2**31) <= n < 2**31 else node


def _positional(node: exp.Expr, outputs: Sequence[tuple[str, Expr]], clause: str) -> Expr | None:
    """``ORDER BY 2`` / ``GROUP BY 1``: the output column at that position.

    Any other constant there is PostgreSQL's "non-integer constant" error.
    """
    constant = _constant_literal(node)
    if constant is not None:
        if isinstance(constant, exp.Literal):
            raise errors.SyntaxError(f"non-integer constant in {clause}")
        n = constant
        if not 1 <= n <= len(outputs):
            raise errors.InvalidColumnReference(f"{clause} position {n} is not in select list")
        return outputs[n - 1][1]
    return None


def _plan_set_returning(root: Node, width: int, exprs: Sequence[Expr]) -> tuple[Node, Callable[[Expr], Expr]]:
    """A ProjectSet computing the set-returning calls of the select list and ORDER BY over rows of
    ``width`` columns, and the rewrite turning each call into a reference to its column."""
    calls: list[Call] = []
    index: dict[Any, int] = {}
    for e in exprs:
        for sub in e.walk():
            if isinstance(sub, Call) and sub.set_returning and sub.key() not in index:
                index[sub.key()] = len(calls)
                calls.append(sub)
    if not calls:
        return root, lambda e: e
    node = ProjectSet(root, [compile_expr(c) for c in calls])

    def rewrite(e: Expr) -> Expr:
        def replace(sub: Expr) -> Expr | None:
            if isinstance(sub, Call) and sub.set_returning:
                return ColumnRef(width + index[sub.key()], sub.type)
            return None

        return map_expr(e, replace)

    return node, rewrite


def _refuse_set_returning_in(e: Expr) -> None:
    """PostgreSQL refuses set-returning calls inside CASE and COALESCE (they would be evaluated
    for rows the construct does not choose)."""
    for sub in e.walk():
        construct = "CASE" if isinstance(sub, Case) else "COALESCE" if isinstance(sub, Coalesce) else None
        if construct is None:
            continue
        if any(isinstance(x, Call) and x.set_returning for x in sub.walk() if x is not sub):
            raise errors.FeatureNotSupported(
                f"set-returning functions are not allowed in {construct}",
                hint="You might be able to move the set-returning function into a LATERAL FROM item.",
            )


def _window_clause(node: exp.Select) -> dict[str, exp.Window]:
    """``WINDOW w AS (...), x AS (w ...)``: name -> definition, references to earlier windows merged."""
    named: dict[str, exp.Window] = {}
    for definition in node.args.get("windows") or []:
        name = definition.this.name
        if name in named:
            raise errors.WindowingError(f'window "{name}" is already defined')
        ref = definition.args.get("alias")
        if ref is not None:
            base = named.get(ref.name)
            if base is None:
                raise errors.UndefinedObject(f'window "{ref.name}" does not exist')
            if definition.args.get("partition_by"):
                raise errors.WindowingError(f'cannot override PARTITION BY clause of window "{ref.name}"')
            if base.args.get("order") is not None and definition.args.get("order") is not None:
                raise errors.WindowingError(f'cannot override ORDER BY clause of window "{ref.name}"')
            if base.args.get("spec") is not None:
                raise errors.WindowingError(f'cannot copy window "{ref.name}" because it has a frame clause')
            definition = exp.Window(
                this=definition.this,
                partition_by=base.args.get("partition_by"),
                order=definition.args.get("order") or base.args.get("order"),
                spec=definition.args.get("spec"),
            )
        named[name] = definition
    return named


def _group_by(
    node: exp.Select, scope: Scope, analyzer: Analyzer, outputs: Sequence[tuple[str, Expr]]
) -> tuple[list[Expr], list[list[int]] | None]:
    """The distinct grouping expressions, and the grouping sets as lists of their indexes
    (None for a plain GROUP BY list, which is one set of all of them)."""
    group = node.args.get("group")
    if group is None:
        return [], None
    if group.args.get("all") and not group.expressions:
        raise errors.SyntaxError("syntax error at end of input")  # GROUP BY ALL needs a list in PostgreSQL
    only(group, ("expressions", "all"), "GROUP BY")
    exprs: list[Expr] = []
    index: dict[Any, int] = {}

    def position(item: exp.Expr) -> int:
        e = _group_item(item, scope, analyzer, outputs)
        k = e.key()
        if k not in index:
            index[k] = len(exprs)
            exprs.append(e)
        return index[k]

    sets: list[list[int]] = [[]]
    plain = True
    for item in group.expressions:
        if isinstance(item, (exp.GroupingSets, exp.Rollup, exp.Cube)):
            plain = False
        sets = [a + b for a in sets for b in _expand_grouping(item, position)]
    if plain:
        return exprs, None
    return exprs, [sorted(set(s), key=s.index) for s in sets]


def _dependent_columns(group_exprs: list[Expr], scope: Scope) -> dict[int, ColumnRef]:
    """The columns functionally dependent on the grouping (PostgreSQL's rule: every column of a
    table whose primary key is grouped), by row position: they may be read ungrouped."""
    grouped = {g.index for g in group_exprs if isinstance(g, ColumnRef)}
    dependent: dict[int, ColumnRef] = {}
    for item in scope.items:
        table = item.table
        if table is None or table.primary_key is None:
            continue
        if all(item.offset + p in grouped for p in table.primary_key.columns):
            for i, c in enumerate(table.columns):
                if item.offset + i not in grouped:
                    dependent[item.offset + i] = ColumnRef(item.offset + i, c.type, f"{item.alias}.{c.name}")
    return dependent


def _redundant_group_columns(group_exprs: list[Expr], scope: Scope) -> set[int]:
    """The grouped columns (by row position) of tables whose primary key is grouped too, other
    than the key's own columns: each is the same in every row of a group."""
    grouped = {g.index for g in group_exprs if isinstance(g, ColumnRef)}
    redundant: set[int] = set()
    for item in scope.items:
        table = item.table
        if table is None or table.primary_key is None:
            continue
        key = {item.offset + p for p in table.primary_key.columns}
        if key <= grouped:
            redundant.update(item.offset + i for i in range(len(table.columns)) if item.offset + i in grouped - key)
    return redundant


class _GroupValue:
    """The accumulator of a functionally dependent column: the same in every row of a group."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Any = None

    def step(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


_GROUP_VALUE = functions.Aggregate(
    "group value", ("any",), TEXT, _GroupValue, strict=False, batch=lambda values: values[-1] if values else None
)


def _expand_grouping(item: exp.Expr, position: Callable[[exp.Expr], int]) -> list[list[int]]:
    """The grouping sets one GROUP BY element stands for (PostgreSQL's expand_grouping_sets)."""
    def element(e: exp.Expr) -> list[int]:  # (a, b) is one element of ROLLUP/CUBE
        if isinstance(e, exp.Tuple):
            return [position(x) for x in e.expressions]
        if isinstance(e, exp.Paren):
            return element(e.this)
        return [position(e)]

    if isinstance(item, exp.GroupingSets):
        out: list[list[int]] = []
        for e in item.expressions:
            if isinstance(e, (exp.GroupingSets, exp.Rollup, exp.Cube)):
                out.extend(_expand_grouping(e, position))
            else:
                out.append(element(e))
        return out
    if isinstance(item, exp.Rollup):
        parts = [element(e) for e in item.expressions]
        return [[p for part in parts[:k] for p in part] for k in range(len(parts), -1, -1)]
    if isinstance(item, exp.Cube):
        parts = [element(e) for e in item.expressions]
        n = len(parts)
        return [
            [p for j, part in enumerate(parts) if mask & (1 << (n - 1 - j)) for p in part]
            for mask in range((1 << n) - 1, -1, -1)
        ]
    return [element(item)] if isinstance(item, exp.Tuple) else [[position(item)]]


def _group_item(item: exp.Expr, scope: Scope, analyzer: Analyzer, outputs: Sequence[tuple[str, Expr]]) -> Expr:
    """One grouping expression: an output position, an input column, an output alias or an expression."""
    positional = _positional(item, outputs, "GROUP BY")
    if positional is not None:
        e = positional
    elif isinstance(item, exp.Column) and not item.table:
        # An input column wins over an output alias of the same name (PostgreSQL's rule).
        try:
            e = analyzer.expr(item, scope)
        except errors.UndefinedColumn:
            aliased = [ex for name, ex in outputs if name == item.name]
            if not aliased:
                raise
            e = aliased[0]
    else:
        e = analyzer.expr(item, scope, aggregates="GROUP BY")
    if any(isinstance(sub, AggCall) for sub in e.walk()):
        raise errors.GroupingError("aggregate functions are not allowed in GROUP BY")
    return resolve_unknown(e)


def _order_by(
    node: exp.Select, scope: Scope, analyzer: Analyzer, outputs: Sequence[tuple[str, Expr]]
) -> list[tuple[Expr, bool, bool, int | None]]:
    order = node.args.get("order")
    if order is None:
        return []
    result: list[tuple[Expr, bool, bool, int | None]] = []
    names = [name for name, _ in outputs]
    for ordered in order.expressions:
        only(ordered, ("this", "desc", "nulls_first"), "ORDER BY")
        desc = bool(ordered.args.get("desc"))
        # sqlglot's PostgreSQL parser resolves the default (NULLS LAST for ASC,
        # NULLS FIRST for DESC) into this flag.
        nulls_first = bool(ordered.args.get("nulls_first"))
        item = ordered.this
        positional = _positional(item, outputs, "ORDER BY")
        if positional is not None:
            idx = next(i for i, (_, e) in enumerate(outputs) if e is positional)
            result.append((positional, desc, nulls_first, idx))
            continue
        if isinstance(item, exp.Column) and not item.table and item.name in names:
            matches = [i for i, n in enumerate(names) if n == item.name]
            if len({outputs[i][1].key() for i in matches}) > 1:
                raise errors.AmbiguousColumn(f'ORDER BY "{item.name}" is ambiguous')
            idx = matches[0]
            result.append((outputs[idx][1], desc, nulls_first, idx))
            continue
        e = resolve_unknown(analyzer.expr(item, scope, aggregates=None, windows=True))
        result.append((e, desc, nulls_first, None))
    return result


def _distinct_on(
    on: exp.Expr, scope: Scope, analyzer: Analyzer, outputs: Sequence[tuple[str, Expr]]
) -> list[Expr]:
    """The DISTINCT ON expressions, resolved like ORDER BY items (output names and positions first)."""
    items = on.expressions if isinstance(on, exp.Tuple) else [on]
    names = [name for name, _ in outputs]
    result = []
    for item in items:
        positional = _positional(item, outputs, "SELECT DISTINCT ON")
        if positional is not None:
            result.append(positional)
        elif isinstance(item, exp.Column) and not item.table and item.name in names:
            result.append(outputs[names.index(item.name)][1])
        else:
            result.append(resolve_unknown(analyzer.expr(item, scope, aggregates=None, windows=True)))
    return result


def _distinct_on_order(
    on: Sequence[Expr], order: list[tuple[Expr, bool, bool, int | None]]
) -> list[tuple[Expr, bool, bool, int | None]]:
    """The sort a DISTINCT ON needs: ORDER BY must begin with the DISTINCT ON expressions (in any
    order); those not written in ORDER BY are sorted on after them (transformDistinctOnClause)."""
    mismatch = errors.InvalidColumnReference("SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
    wanted = {e.key() for e in on}
    leading: list[tuple[Expr, bool, bool, int | None]] = []
    covered: set[Any] = set()
    skipped = False
    for item in order:
        if item[0].key() in wanted:
            if skipped:
                raise mismatch
            if item[0].key() not in covered:
                leading.append(item)
                covered.add(item[0].key())
        else:
            skipped = True
    for e in on:
        if e.key() not in covered:
            if skipped:
                raise mismatch
            leading.append((e, False, False, None))
            covered.add(e.key())
    rest = [item for item in order if item[0].key() not in wanted]
    return leading + rest


def _distinct_position(e: Expr, outputs: Sequence[tuple[str, Expr]]) -> int:
    """With SELECT DISTINCT, an ORDER BY expression must be one of the output columns."""
    for i, (_, out) in enumerate(outputs):
        if out.key() == e.key():
            return i
    raise errors.InvalidColumnReference("for SELECT DISTINCT, ORDER BY expressions must appear in select list")


def _with_ties(node: exp.Expr) -> bool:
    """``FETCH FIRST n ROWS WITH TIES`` (PERCENT is not PostgreSQL's: a syntax error there too)."""
    limit = node.args.get("limit")
    if not isinstance(limit, exp.Fetch):
        return False
    options = limit.args.get("limit_options")
    if options is None:
        return False
    if options.args.get("percent"):
        raise errors.SyntaxError('syntax error at or near "PERCENT"')
    return bool(options.args.get("with_ties"))


def _limit_offset(node: exp.Expr, analyzer: Analyzer, scope: Scope) -> tuple[Expr | None, Expr | None]:
    def bound(clause: exp.Expr | None, name: str) -> Expr | None:
        if clause is None:
            return None
        value_node = clause.args.get("expression") or clause.this
        if value_node is None or (isinstance(value_node, exp.Var) and value_node.name.upper() == "ALL"):
            return None
        # columns resolve (PostgreSQL's order: analyze, coerce, then refuse variables)
        e = coerce_to_specific(analyzer.expr(value_node, scope, aggregates=name), INT8, name)
        if any(isinstance(x, ColumnRef) for x in e.walk()):
            raise errors.InvalidColumnReference(f"argument of {name} must not contain variables")
        return e

    offset = bound(node.args.get("offset"), "OFFSET")
    limit = node.args.get("limit")
    if isinstance(limit, exp.Fetch):
        count = limit.args.get("count")
        limit_e = bound(exp.Limit(expression=count), "LIMIT") if count is not None else Const(1, INT8)
    else:
        limit_e = bound(limit, "LIMIT")
    return limit_e, offset


# -- aggregation ---------------------------------------------------------------------------------------


def _group_key(t: SqlType) -> Any:
    """A function giving values hashing consistent with SQL equality, or None where Python's is.

    Floats and numerics (NaN = NaN, -0 = 0, 1.0 = 1.00), char(n) (trailing
    blanks ignored) and timetz (compared by instant) use their key encoding;
    arrays a tuple key; types without equality (json) raise 42883
    (see :mod:`.ordering`).
    """
    return group_key(t)


class _Grouping:
    """The rewrite of a grouped query: expressions above the Aggregate node read its output row.

    Calling the object rewrites an expression: a subtree equal to a GROUP BY
    expression becomes a reference to that group column, an aggregate call a
    reference to its result, and any other column reference is error 42803.
    Building it runs that check over every clause (PostgreSQL's
    parseCheckAggregates), before any plan is made.
    """

    def __init__(
        self, group_exprs: Sequence[Expr], sets: list[list[int]] | None, outputs: Sequence[Expr],
        having: Expr | None, order: Sequence[Expr], dependent: dict[int, ColumnRef] | None = None,
    ) -> None:
        self.group_exprs = list(group_exprs)
        self.sets = sets
        self.group_index = {g.key(): i for i, g in enumerate(group_exprs)}
        # a grouped column matches however it is typed where it is read (varchar(n) read as text)
        self.group_columns = {g.index: i for i, g in enumerate(group_exprs) if isinstance(g, ColumnRef)}
        self.aggs: list[AggCall] = []
        self.agg_index: dict[Any, int] = {}
        self._in_subquery = False  # rewriting the outer values a subquery reads (its SubLink's args)
        clauses = [*outputs, *([having] if having is not None else []), *order]
        for e in clauses:
            for sub in e.walk():
                if isinstance(sub, AggCall) and sub.key() not in self.agg_index:
                    self.agg_index[sub.key()] = len(self.aggs)
                    self.aggs.append(sub)
        # columns dependent on a grouped primary key ride along as the group's value
        self.dependent: dict[int, int] = {}
        for index, column in (dependent or {}).items():
            self.dependent[index] = len(self.aggs)
            self.aggs.append(AggCall(_GROUP_VALUE, (column,), column.type, False, None))
        for e in clauses:
            self(e)  # raises 42803 for ungrouped columns
        for agg in self.aggs:
            for arg in agg.args[: agg.direct]:  # an ordered-set aggregate's direct arguments: the group's
                self(arg)

    def _replace(self, e: Expr) -> Expr | None:
        k = e.key()
        if k in self.group_index:
            return ColumnRef(self.group_index[k], e.type)
        if isinstance(e, AggCall):
            return ColumnRef(len(self.group_exprs) + self.agg_index[k], e.type)
        if isinstance(e, GroupingFunc):
            return self._grouping(e)
        if isinstance(e, ColumnRef) and e.index in self.group_columns:
            return ColumnRef(self.group_columns[e.index], e.type, e.name)
        if isinstance(e, ColumnRef) and e.index in self.dependent:
            return ColumnRef(len(self.group_exprs) + self.dependent[e.index], e.type, e.name)
        if isinstance(e, ColumnRef):
            if self._in_subquery:
                raise errors.GroupingError(f'subquery uses ungrouped column "{e.name}" from outer query')
            raise errors.GroupingError(
                f'column "{e.name}" must appear in the GROUP BY clause or be used in an aggregate function'
            )
        if isinstance(e, SubLink) and e.args:
            # the columns of this query a subquery reads (PostgreSQL's check_ungrouped_columns
            # names them as such), after its test expression (read at this level)
            test = self(e.test) if e.test is not None else None
            outer, self._in_subquery = self._in_subquery, True
            try:
                args = tuple(self(a) for a in e.args)
            finally:
                self._in_subquery = outer
            return SubLink(e.kind, e.plan, args, e.type, test, e.op, e.name, e.whole_row)
        return None

    def __call__(self, e: Expr) -> Expr:
        return map_expr(e, self._replace)

    def _grouping(self, e: GroupingFunc) -> Expr:
        """GROUPING(args): bit i (from the left) set when argument i is not grouped in the current set."""
        positions = []
        for a in e.args:
            if a.key() not in self.group_index:
                raise errors.GroupingError("arguments to GROUPING must be grouping expressions of the associated query level")
            positions.append(self.group_index[a.key()])
        if self.sets is None:
            return Const(0, INT4)
        n = len(positions)
        masks = [
            sum(1 << (n - 1 - i) for i, p in enumerate(positions) if p not in grouping_set) for grouping_set in self.sets
        ]
        set_id = ColumnRef(len(self.group_exprs) + len(self.aggs), INT4)
        return Call("grouping", masks.__getitem__, (set_id,), INT4)

    @property
    def width(self) -> int:
        """The width of the Aggregate node's rows (group values, aggregate results, grouping set index)."""
        return len(self.group_exprs) + len(self.aggs) + (1 if self.sets is not None else 0)

    def node(self, child: Node) -> Node:
        specs = [
            AggSpec(
                a.agg.make, [compile_expr(x) for x in a.args], a.distinct, compile_predicate(a.filter), a.agg.strict,
                a.agg.batch if len(a.args) <= 1 else None,
                a.args[0].index if len(a.args) == 1 and isinstance(a.args[0], ColumnRef) else None,
                a.agg is _GROUP_VALUE,
            )
            for a in self.aggs
        ]
        keyfns = [_group_key(g.type) for g in self.group_exprs]
        columns = [g.index for g in self.group_exprs if isinstance(g, ColumnRef)]
        if self.sets is not None:
            return GroupingSetsAggregate(child, [compile_expr(g) for g in self.group_exprs], self.sets, specs, keyfns)
        return Aggregate(
            child,
            [compile_expr(g) for g in self.group_exprs],
            specs,
            keyfns if any(k is not None for k in keyfns) else None,
            columns if len(columns) == len(self.group_exprs) else None,
        )


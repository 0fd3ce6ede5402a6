"""Planning SELECT: from a sqlglot tree to a plan tree with named, typed output columns.

The shape of every plan, bottom-up (the order in which PostgreSQL evaluates
the clauses)::

    Scan (access path + WHERE)  or  OneRow (no FROM)
      -> Aggregate        GROUP BY / aggregates: rows are (group values..., aggregate results...)
      -> Filter           HAVING
      -> Project          select list, then ORDER BY expressions not in it (hidden)
      -> Distinct         DISTINCT over the visible columns
      -> Sort             ORDER BY
      -> Limit            OFFSET / LIMIT
      -> Strip            drop hidden columns

With aggregation, every expression above the Aggregate node is rewritten to
read the aggregate row: a subtree equal to a GROUP BY expression becomes a
reference to its group column, an aggregate call a reference to its result,
and any other column reference is PostgreSQL's error 42803.

The WHERE clause picks the access path (:mod:`.access`): primary-key point
lookups and ranges when the predicate pins the key, a full scan otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from .. import errors
from ..types import INT8, SqlType
from ..values.registry import IMPLICIT
from .access import choose_access_path
from .analyze import Analyzer, Scope
from .coerce import coerce_to_specific, resolve_unknown
from .compile import compile_expr, compile_predicate
from .dialect import function_name
from .guard import only
from .expr import AggCall, ColumnRef, Const, Expr, map_expr, raise_failed
from .simplify import simplify, simplify_all, simplify_expr
from .plan import (
    Aggregate,
    AggSpec,
    Distinct,
    Filter,
    Limit,
    Node,
    OneRow,
    PkLookup,
    PointProject,
    Project,
    Scan,
    Sort,
    Strip,
    sort_key_function,
)


@dataclass
class QueryPlan:
    root: Node
    columns: list[tuple[str, SqlType]]


def plan_query(node: exp.Expr, analyzer: Analyzer) -> QueryPlan:
    if isinstance(node, exp.Select):
        return plan_select(node, analyzer)
    if isinstance(node, exp.Subquery):
        return plan_query(node.this, analyzer)
    raise errors.FeatureNotSupported(f"{node.key.upper()} queries are not supported by pydsql yet")


_SELECT_ARGS = ("expressions", "from_", "where", "group", "having", "order", "limit", "offset", "distinct")
_SELECT_MESSAGES = {
    "with_": "WITH queries are not supported by pydsql yet",
    "windows": "window functions are not supported by pydsql yet",
    "locks": "locking clauses (FOR UPDATE, FOR KEY SHARE) are not supported by pydsql yet",
    "joins": "joins are not supported by pydsql yet",
    "laterals": "LATERAL is not supported by pydsql yet",
    "into": "unsupported statement: CreateTableAs",
}


def plan_select(node: exp.Select, analyzer: Analyzer) -> QueryPlan:
    only(node, _SELECT_ARGS, "SELECT", _SELECT_MESSAGES)
    scope = Scope()
    table = None
    from_ = node.args.get("from_")
    if from_ is not None:
        source = from_.this
        if not isinstance(source, exp.Table) or not isinstance(source.this, exp.Identifier):
            raise errors.FeatureNotSupported("subqueries and functions in FROM are not supported by pydsql yet")
        only(source, ("this", "db", "catalog", "alias", "only"), "FROM")
        if source.args.get("alias") is not None and source.args["alias"].args.get("columns"):
            raise errors.FeatureNotSupported("column aliases in FROM are not supported by pydsql yet")
        table = analyzer.table(source)
        alias = source.alias or table.name
        scope.add(alias, [(c.name, c.type) for c in table.columns], table)

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
    if distinct is not None and distinct.args.get("on"):
        raise errors.FeatureNotSupported("SELECT DISTINCT ON is not supported by pydsql yet")
    # ORDER BY: (expression, desc, nulls_first, output index or None)
    order = _order_by(node, scope, analyzer, outputs)
    group_exprs = _group_by(node, scope, analyzer, outputs)
    outputs = [(name, resolve_unknown(e)) for name, e in outputs]
    if distinct is not None:
        order = [(e, desc, nf, idx if idx is not None else _distinct_position(e, outputs)) for e, desc, nf, idx in order]
    limit, offset = _limit_offset(node, analyzer, scope)

    aggregating = bool(group_exprs) or any(
        isinstance(sub, AggCall) for _, e in outputs for sub in e.walk()
    ) or (having is not None) or any(isinstance(sub, AggCall) for e, *_ in order for sub in e.walk())
    if aggregating:  # the grouping check sees the query as written (PostgreSQL's parseCheckAggregates)
        _Grouping(group_exprs, [e for _, e in outputs], having, [e for e, *_ in order])

    # -- the planner's share: simplify constants, report folding errors ---------------------------
    outputs = [(name, simplify_expr(e)) for name, e in outputs]
    where, having = simplify(where), simplify(having)
    order = [(simplify_expr(e), desc, nf, idx) for e, desc, nf, idx in order]
    group_exprs = simplify_all(group_exprs)
    limit, offset = simplify(limit), simplify(offset)
    raise_failed([*(e for _, e in outputs), where, having, *(e for e, *_ in order), *group_exprs, offset, limit])
    rewrite = _Grouping(group_exprs, [e for _, e in outputs], having, [e for e, *_ in order]) if aggregating else None

    # -- build the plan ------------------------------------------------------------------------
    root: Node
    if table is not None:
        access, residual = choose_access_path(table, where)
        root = Scan(access, compile_predicate(residual), _text(residual))
    else:
        root = OneRow()
        if where is not None:
            root = Filter(root, _predicate(where), _text(where))

    if rewrite is not None:
        root = rewrite.node(root)
        outputs = [(name, rewrite(e)) for name, e in outputs]
        order = [(rewrite(e), desc, nf, idx) for e, desc, nf, idx in order]
        if having is not None:
            root = Filter(root, _predicate(rewrite(having)), _text(having))

    width = len(outputs)
    projected = [e for _, e in outputs]
    sort_keys: list[tuple[int, bool, bool, Any]] = []
    for e, desc, nulls_first, idx in order:
        if idx is None:  # not in the select list: a hidden column (never with DISTINCT)
            projected.append(e)
            idx = len(projected) - 1
        sort_keys.append((idx, desc, nulls_first, sort_key_function(projected[idx].type.kind)))

    if (
        isinstance(root, Scan)
        and isinstance(root.access, PkLookup)
        and distinct is None
        and not sort_keys
        and limit is None
        and offset is None
        and len(projected) == width
    ):
        refs = [e for e in projected if isinstance(e, ColumnRef)]
        columns = [e.index for e in refs] if len(refs) == len(projected) else None
        root = PointProject(root.access, root.predicate, [compile_expr(e) for e in projected], columns)
        return QueryPlan(root, [(name, e.type) for name, e in outputs])
    root = Project(root, [compile_expr(e) for e in projected])
    if distinct is not None:
        root = Distinct(root, width, [_group_key(e.type.kind) for e in projected[:width]])
    if sort_keys:
        root = Sort(root, sort_keys)
    if limit is not None or offset is not None:
        root = Limit(
            root,
            compile_expr(limit) if limit is not None else None,
            compile_expr(offset) if offset is not None else None,
        )
    if len(projected) > width:
        root = Strip(root, width)
    return QueryPlan(root, [(name, e.type) for name, e in outputs])


def _predicate(e: Expr) -> Any:
    p = compile_predicate(e)
    assert p is not None
    return p


def _text(e: Expr | None) -> str:
    return "" if e is None else repr(e)


# -- select list ---------------------------------------------------------------------------------


def _select_item(item: exp.Expr, scope: Scope, analyzer: Analyzer) -> list[tuple[str, Expr]]:
    if isinstance(item, exp.Star):
        if not scope.items:
            raise errors.SyntaxError("SELECT * with no tables specified is not valid")
        return [
            (name, ColumnRef(it.offset + i, t, name))
            for it in scope.items
            for i, (name, t) in enumerate(it.columns)
        ]
    if isinstance(item, exp.Column) and isinstance(item.this, exp.Star):
        it = scope.item(item.table)
        return [(name, ColumnRef(it.offset + i, t, name)) for i, (name, t) in enumerate(it.columns)]
    if isinstance(item, exp.Alias):
        e = analyzer.expr(item.this, scope, aggregates=None)
        return [(item.alias, e)]
    e = analyzer.expr(item, scope, aggregates=None)
    return [(column_name(item), e)]


def column_name(node: exp.Expr) -> str:
    """PostgreSQL's FigureColname: the default name of a select-list column."""
    name, _ = _figure(node)
    return name


def _figure(node: exp.Expr) -> tuple[str, int]:
    """(name, strength) as PostgreSQL's FigureColnameInternal: 2 = a real name,
    1 = a fallback (a cast's type name, "case"), 0 = none ("?column?")."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Column):
        return node.name, 2
    if isinstance(node, (exp.Cast, exp.TryCast)):
        name, strength = _figure(node.this)
        if strength <= 1:
            return _type_column_name(node.args["to"]), 1
        return name, strength
    if isinstance(node, exp.Interval):
        return "interval", 1
    if isinstance(node, exp.Case):
        default = node.args.get("default")
        name, strength = _figure(default) if default is not None else ("?column?", 0)
        return (name, strength) if strength > 1 else ("case", 1)
    if isinstance(node, (exp.Filter, exp.Window)):
        return _figure(node.this)
    if isinstance(node, exp.Anonymous):
        return function_name(node), 2
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous):
        return function_name(node.expression), 2
    if isinstance(node, exp.Trim):
        return {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(str(node.args.get("position") or "").upper(), "btrim"), 2
    special = _SPECIAL_NAMES.get(type(node))
    return (special, 2) if special else ("?column?", 0)


_SPECIAL_NAMES: dict[type[exp.Expr], str] = {
    exp.Coalesce: "coalesce", exp.Nullif: "nullif", exp.Greatest: "greatest", exp.Least: "least",
    exp.Extract: "extract", exp.Substring: "substring", exp.StrPosition: "position", exp.Overlay: "overlay",
    exp.CurrentTimestamp: "current_timestamp", exp.CurrentDate: "current_date", exp.CurrentTime: "current_time",
    exp.Localtime: "localtime", exp.Localtimestamp: "localtimestamp", exp.CurrentUser: "current_user",
    exp.SessionUser: "session_user", exp.CurrentRole: "current_role", exp.CurrentSchema: "current_schema",
    exp.CurrentCatalog: "current_catalog", exp.AtTimeZone: "timezone", exp.Exists: "exists",
}


def _type_column_name(to: exp.Expr) -> str:
    try:
        from .datatypes import sql_type

        t = sql_type(to)
    except errors.Error:
        return "?column?"
    # PostgreSQL names the column after the type's internal name (int4, float8...)
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


def _group_by(node: exp.Select, scope: Scope, analyzer: Analyzer, outputs: Sequence[tuple[str, Expr]]) -> list[Expr]:
    group = node.args.get("group")
    if group is None:
        return []
    if group.args.get("all") and not group.expressions:
        raise errors.SyntaxError("syntax error at end of input")  # GROUP BY ALL needs a list in PostgreSQL
    only(group, ("expressions", "all"), "GROUP BY", {
        key: "GROUPING SETS, ROLLUP and CUBE are not supported by pydsql yet"
        for key in ("rollup", "cube", "grouping_sets")
    })
    exprs: list[Expr] = []
    for item in group.expressions:
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
        exprs.append(resolve_unknown(e))
    return exprs


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
        e = resolve_unknown(analyzer.expr(item, scope, aggregates=None))
        result.append((e, desc, nulls_first, None))
    return result


def _distinct_position(e: Expr, outputs: Sequence[tuple[str, Expr]]) -> int:
    """With SELECT DISTINCT, an ORDER BY expression must be one of the output columns."""
    for i, (_, out) in enumerate(outputs):
        if out.key() == e.key():
            return i
    raise errors.InvalidColumnReference("for SELECT DISTINCT, ORDER BY expressions must appear in select list")


def _limit_offset(node: exp.Select, analyzer: Analyzer, scope: Scope) -> tuple[Expr | None, Expr | None]:
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


def _group_key(kind: str) -> Any:
    """A function giving values SQL-equality-consistent hashing (floats: NaN = NaN), or None."""
    if kind in ("float4", "float8"):
        return sort_key_function(kind)
    return None


class _Grouping:
    """The rewrite of a grouped query: expressions above the Aggregate node read its output row.

    Calling the object rewrites an expression: a subtree equal to a GROUP BY
    expression becomes a reference to that group column, an aggregate call a
    reference to its result, and any other column reference is error 42803.
    Building it runs that check over every clause (PostgreSQL's
    parseCheckAggregates), before any plan is made.
    """

    def __init__(
        self, group_exprs: Sequence[Expr], outputs: Sequence[Expr], having: Expr | None, order: Sequence[Expr]
    ) -> None:
        self.group_exprs = list(group_exprs)
        self.group_index = {g.key(): i for i, g in enumerate(group_exprs)}
        self.aggs: list[AggCall] = []
        self.agg_index: dict[Any, int] = {}
        clauses = [*outputs, *([having] if having is not None else []), *order]
        for e in clauses:
            for sub in e.walk():
                if isinstance(sub, AggCall) and sub.key() not in self.agg_index:
                    self.agg_index[sub.key()] = len(self.aggs)
                    self.aggs.append(sub)
        for e in clauses:
            self(e)  # raises 42803 for ungrouped columns

    def _replace(self, e: Expr) -> Expr | None:
        k = e.key()
        if k in self.group_index:
            return ColumnRef(self.group_index[k], e.type)
        if isinstance(e, AggCall):
            return ColumnRef(len(self.group_exprs) + self.agg_index[k], e.type)
        if isinstance(e, ColumnRef):
            raise errors.GroupingError(
                f'column "{e.name}" must appear in the GROUP BY clause or be used in an aggregate function'
            )
        return None

    def __call__(self, e: Expr) -> Expr:
        return map_expr(e, self._replace)

    def node(self, child: Node) -> Aggregate:
        specs = [
            AggSpec(a.agg.make, [compile_expr(x) for x in a.args], a.distinct, compile_predicate(a.filter))
            for a in self.aggs
        ]
        keyfns = [_group_key(g.type.kind) for g in self.group_exprs]
        return Aggregate(
            child,
            [compile_expr(g) for g in self.group_exprs],
            specs,
            keyfns if any(k is not None for k in keyfns) else None,
        )


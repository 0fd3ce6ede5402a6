"""Semantic analysis of expressions: sqlglot trees -> typed :mod:`.expr` trees.

The analyzer resolves names against a :class:`Scope` (the columns of the FROM
items, laid out as one row), gives every node its PostgreSQL type, inserts
the implicit casts that PostgreSQL's type rules call for (:mod:`.coerce`),
picks the implementation of every operator and function, and folds
constants.  It raises the errors PostgreSQL raises at parse-analysis time:
undefined or ambiguous columns (42703/42702), undefined functions and
operators (42883), datatype mismatches (42804), misplaced aggregates (42803).

Aggregate calls are left in the tree as :class:`~.expr.AggCall` nodes; the
SELECT planner replaces them (and grouped expressions) by references into the
aggregate's output row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlglot import exp

from .dialect import syntax_error_near
from .. import errors
from ..catalog import Catalog, Table, View
from ..types import BOOL, INT4, INT8, INTERVAL, NUMERIC, TEXT, UNKNOWN, SqlType
from ..values.registry import EXPLICIT, IMPLICIT
from . import functions
from . import window as _window
from .coerce import (
    AMBIGUOUS,
    can_coerce,
    coerce,
    common_type,
    operand_type,
    operator_call,
    resolve_operator,
    resolve_unknown,
    select_candidate,
)
from .datatypes import sql_type
from .expr import (
    AggCall,
    GroupingFunc,
    OuterRef,
    And,
    Call,
    Case,
    Coalesce,
    ColumnRef,
    Const,
    ContextCall,
    Expr,
    Failed,
    InList,
    IsNull,
    Not,
    Or,
    Param,
    SubLink,
)
from .dialect import function_name, to_sql
from .patterns import like_function
from ..values import catalog as values_catalog


# -- scopes -----------------------------------------------------------------------------


@dataclass
class ScopeItem:
    """One FROM item: its name, its columns, and where they start in the row."""

    alias: str
    columns: list[tuple[str, SqlType]]
    offset: int
    table: Table | None = None
    #: False for a subquery in FROM written without an alias (PostgreSQL 16 allows it):
    #: its columns are visible, but no qualifier names it
    named: bool = True


@dataclass
class Scope:
    """The names an expression can see: FROM items laid out as one row, and the enclosing query.

    A name found in ``items`` is a :class:`~.expr.ColumnRef` into the current
    row.  A name found only in ``parent`` (the query this one is nested in, or
    the FROM items to the left of a LATERAL item) is an *outer reference*: the
    expression that computes it in the parent's context is appended to
    :attr:`outer_args`, and the name becomes an :class:`~.expr.OuterRef` to
    that slot.  Whoever runs this scope's plan evaluates ``outer_args`` on the
    parent's current row and pushes the values (``ctx.outer``) first.  That is
    PostgreSQL's PARAM_EXEC mechanism, and it composes: a reference two levels
    up is an outer reference of the middle scope, passed down again.
    """

    items: list[ScopeItem] = field(default_factory=list)
    parent: Scope | None = None
    #: relations that are in the statement but not visible here -> the hint to give when one is
    #: named (the target of INSERT ... VALUES; sibling FROM items of a non-LATERAL subquery)
    hidden: dict[str, str | None] = field(default_factory=dict)
    #: set on the FROM items left of a RIGHT/FULL JOIN LATERAL item: they may not be referenced
    lateral_refused: bool = False
    #: the query's WINDOW clause: name -> definition (sqlglot Window node)
    windows: dict[str, Any] = field(default_factory=dict)
    #: columns merged by JOIN ... USING / NATURAL JOIN: name -> its expression over the row
    merged: dict[str, Expr] = field(default_factory=dict)
    #: SELECT * order when joins merged columns: (name, expression)
    star: list[tuple[str, Expr]] | None = None
    #: expressions in the parent's context that this scope's plan needs (see class docstring)
    outer_args: list[Expr] = field(default_factory=list)
    _outer_slots: dict[Any, int] = field(default_factory=dict)
    #: the scope whose plan receives the outer values, when not this one (the branches of a
    #: UNION share their query's; a CTE or derived table shares its query's)
    registry: Scope | None = None

    @property
    def width(self) -> int:
        return sum(len(i.columns) for i in self.items)

    @property
    def correlated(self) -> bool:
        return bool((self.registry or self).outer_args)

    def sibling(self, **changes: Any) -> Scope:
        """A new empty scope in the same correlation context (same parent and registry)."""
        return Scope(parent=self.parent, registry=self.registry or self, **changes)

    def add(
        self, alias: str, columns: list[tuple[str, SqlType]], table: Table | None = None, *, named: bool = True
    ) -> ScopeItem:
        if named and any(i.alias == alias and i.named for i in self.items):
            raise errors.DuplicateAlias(f'table name "{alias}" specified more than once')
        item = ScopeItem(alias, columns, self.width, table, named)
        self.items.append(item)
        return item

    def _find_item(self, alias: str) -> ScopeItem | None:
        for i in self.items:
            if i.alias == alias and i.named:
                return i
        return None

    def has_alias(self, alias: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if scope._find_item(alias) is not None:
                return True
            scope = scope.parent
        return False

    def item(self, alias: str) -> ScopeItem:
        found = self._find_item(alias)
        if found is not None:
            return found
        raise self._missing_table(alias)

    def _chain(self) -> Iterator[Scope]:
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent

    def _missing_table(self, alias: str) -> errors.Error:
        """The error for a qualifier that names nothing visible (PostgreSQL's errorMissingRTE)."""
        invalid = f'invalid reference to FROM-clause entry for table "{alias}"'
        for scope in self._chain():
            for item in scope.items:  # the table's own name where its alias must be used
                if item.named and item.table is not None and item.table.name == alias != item.alias:
                    return errors.UndefinedTable(
                        invalid, hint=f'Perhaps you meant to reference the table alias "{item.alias}".'
                    )
        for scope in self._chain():
            unnamed = any(not i.named and i.alias == alias for i in scope.items)
            if alias in scope.hidden or unnamed:
                return errors.UndefinedTable(
                    invalid,
                    detail=f'There is an entry for table "{alias}", but it cannot be referenced from this part of the query.',
                    hint=None if unnamed else scope.hidden[alias],
                )
        return errors.UndefinedTable(f'missing FROM-clause entry for table "{alias}"')

    def resolve(self, qualifier: str | None, name: str) -> Expr:
        found = self._resolve_here(qualifier, name)
        if found is not None:
            if self.lateral_refused:
                alias = qualifier or (found.name.split(".")[0] if isinstance(found, ColumnRef) else name)
                raise errors.InvalidColumnReference(
                    f'invalid reference to FROM-clause entry for table "{alias}"',
                    detail="The combining JOIN type must be INNER or LEFT for a LATERAL reference.",
                )
            return found
        if self.parent is not None and (qualifier is None or self.parent.has_alias(qualifier)):
            try:
                outer = self.parent.resolve(qualifier, name)
            except errors.UndefinedColumn:
                if qualifier is not None:
                    raise
                outer = None
            if outer is not None:
                return self.outer_ref(outer, name)
        if qualifier is not None:
            if self._find_item(qualifier) is None:
                raise self._missing_table(qualifier)
            raise errors.UndefinedColumn(f"column {qualifier}.{name} does not exist")
        raise errors.UndefinedColumn(f'column "{name}" does not exist')

    def outer_ref(self, outer: Expr, name: str = "") -> Expr:
        """An expression of the parent's context, seen from this scope."""
        reg = self.registry or self
        key = outer.key()
        slot = reg._outer_slots.get(key)
        if slot is None:
            slot = reg._outer_slots[key] = len(reg.outer_args)
            reg.outer_args.append(outer)
        return OuterRef(slot, outer.type, name)

    def _resolve_here(self, qualifier: str | None, name: str) -> Expr | None:
        if qualifier is not None:
            item = self._find_item(qualifier)
            if item is None:
                return None
            for pos, (col, t) in enumerate(item.columns):
                if col == name:
                    return ColumnRef(item.offset + pos, t, f"{qualifier}.{name}")
            raise errors.UndefinedColumn(f"column {qualifier}.{name} does not exist")
        if name in self.merged:
            return self.merged[name]
        found: ColumnRef | None = None
        for item in self.items:
            for pos, (col, t) in enumerate(item.columns):
                if col == name:
                    if found is not None:
                        raise errors.AmbiguousColumn(f'column reference "{name}" is ambiguous')
                    found = ColumnRef(item.offset + pos, t, f"{item.alias}.{name}")
        return found

    def star_columns(self, qualifier: str | None = None) -> list[tuple[str, Expr]]:
        """The columns of ``*`` (or ``qualifier.*``), in PostgreSQL's order."""
        if qualifier is not None:
            return self.item_columns(self.item(qualifier))
        if self.star is not None:
            return list(self.star)
        return [c for it in self.items for c in self.item_columns(it)]

    @staticmethod
    def item_columns(it: ScopeItem) -> list[tuple[str, Expr]]:
        return [(n, ColumnRef(it.offset + i, t, f"{it.alias}.{n}")) for i, (n, t) in enumerate(it.columns)]


# -- the analyzer ---------------------------------------------------------------------------


class Analyzer:
    """Analyzes the expressions of one statement.

    ``param_types`` are the types of the statement's parameters ($1...), from
    the Python values bound (``unknown`` for ``str`` and ``None``, as psycopg
    sends them).  ``aggregates`` says where aggregate calls are allowed: a
    clause name for the error message ("WHERE") or ``None`` where allowed.
    """

    def __init__(
        self, catalog: Catalog, param_types: Sequence[SqlType], schema: str = "public",
        search_path: Sequence[str] | None = None,
    ) -> None:
        self.catalog = catalog
        #: WITH queries visible here, innermost last (name -> pydsql.sql.query.Cte)
        self.ctes: list[dict[str, Any]] = []
        self.param_types = list(param_types)
        #: where new objects go (the first existing schema of the search path)
        self.schema = schema
        #: where unqualified relation names are looked up, in order
        self.search_path = tuple(search_path) if search_path is not None else (schema,)
        #: id(scalar subquery node) -> its column's name, for naming select-list columns
        self.subquery_names: dict[int, str] = {}
        self._agg_forbidden: str | None = "this context"
        #: the one call node allowed to be set-returning (a function in FROM)
        self._srf_call: exp.Expr | None = None
        #: why window functions may not appear here (a clause name), or None where they may
        self.window_forbidden: str | None = "this context"

    # -- entry points -----------------------------------------------------------------

    def expr(
        self, node: exp.Expr, scope: Scope, *, aggregates: str | None = "this context", windows: bool = False,
        clause: str | None = None,
    ) -> Expr:
        """Analyze an expression of a clause; ``aggregates`` is the clause name where aggregates are
        refused (None: allowed); ``windows`` allows window functions (select list, ORDER BY)."""
        saved = self._agg_forbidden, self.window_forbidden
        self._agg_forbidden = aggregates
        self.window_forbidden = None if windows else (clause or aggregates or "this context")
        try:
            return self._expr(node, scope)
        finally:
            self._agg_forbidden, self.window_forbidden = saved

    def expr_here(self, node: exp.Expr, scope: Scope) -> Expr:
        """Analyze a subexpression in the current clause's context."""
        return self._expr(node, scope)

    @contextmanager
    def windows_forbidden(self, reason: str) -> Iterator[None]:
        saved = self.window_forbidden
        self.window_forbidden = reason
        try:
            yield
        finally:
            self.window_forbidden = saved

    def argument(self, a: Expr, kind: str) -> Expr:
        return _argument(a, kind)

    def check_function_exists(self, name: str, args: Sequence[Expr]) -> None:
        """Raise PostgreSQL's "function ... does not exist" when no overload of ``name`` takes ``args``."""
        self.call_function(name, args)

    def from_function(self, node: exp.Anonymous, scope: Scope) -> Expr:
        """A function call in FROM: the one place a set-returning call may stand alone."""
        self._srf_call = node
        try:
            return self.expr(node, scope, aggregates="functions in FROM")
        finally:
            self._srf_call = None

    def condition(self, node: exp.Expr, scope: Scope, clause: str) -> Expr:
        """A WHERE/HAVING/ON condition: must be boolean (42804 otherwise)."""
        e = self.expr(node, scope, aggregates=None if clause == "HAVING" else clause, clause=clause)
        return self.as_boolean(e, clause)

    def as_boolean(self, e: Expr, clause: str) -> Expr:
        if e.type.kind == "unknown":
            return coerce(e, BOOL, IMPLICIT)
        if e.type.kind != "bool":
            raise errors.DatatypeMismatch(f"argument of {clause} must be type boolean, not type {e.type.name}")
        return e

    def relation(self, node: exp.Table) -> Table | View:
        """The table or view a name in FROM (or a DML target) refers to, through the search path."""
        name = node.name
        if node.catalog and node.catalog != "postgres":
            raise errors.FeatureNotSupported(
                f"cross-database references are not implemented: {to_sql(node)}"
            )
        if node.db:
            found = self.catalog.relation(node.db, name)
        else:
            found = next(
                (r for r in (self.catalog.relation(s, name) for s in self.search_path) if r is not None), None
            )
        if found is None:
            shown = f"{node.db}.{name}" if node.db else name
            raise errors.UndefinedTable(f'relation "{shown}" does not exist')
        return found

    def table(self, node: exp.Table) -> Table:
        """The table a DML statement writes (views are not updatable in pydsql)."""
        found = self.relation(node)
        if isinstance(found, View):
            raise errors.FeatureNotSupported(
                f'cannot modify view "{found.name}": updatable views are not supported by pydsql yet'
            )
        return found


    # -- dispatch -------------------------------------------------------------------------

    def _expr(self, node: exp.Expr, scope: Scope) -> Expr:
        handler = _HANDLERS.get(type(node))
        if handler is not None:
            return handler(self, node, scope)
        raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")

    # -- leaves -------------------------------------------------------------------------------

    def _column(self, node: exp.Column, scope: Scope) -> Expr:
        if isinstance(node.this, exp.Star):
            raise errors.SyntaxError('syntax error at or near "*"')
        if node.args.get("db"):
            schema = node.args["db"].name
            if schema != self.schema and self.catalog.relation(schema, node.table) is None:
                raise errors.UndefinedTable(f'missing FROM-clause entry for table "{node.table}"')
        qualifier = node.table or None
        name = node.name
        if qualifier is None and name.lower() == "default" and not node.this.quoted:
            raise errors.SyntaxError('DEFAULT is not allowed in this context')
        return scope.resolve(qualifier, name)

    def _literal(self, node: exp.Literal, scope: Scope) -> Expr:
        text = node.this
        if node.is_string:
            return Const(text, UNKNOWN)
        return number_literal(text)

    def _string(self, node: exp.Expr, scope: Scope) -> Expr:
        return Const(node.this, UNKNOWN)

    def _null(self, node: exp.Null, scope: Scope) -> Expr:
        return Const(None, UNKNOWN)

    def _boolean(self, node: exp.Boolean, scope: Scope) -> Expr:
        return Const(bool(node.this), BOOL)

    def _parameter(self, node: exp.Parameter, scope: Scope) -> Expr:
        inner = node.this
        text = inner.this if isinstance(inner, exp.Literal) else inner.name if inner is not None else ""
        try:
            n = int(text)
        except (TypeError, ValueError):
            raise errors.SyntaxError(f'syntax error at or near "${text}"') from None
        if not 1 <= n <= len(self.param_types):
            raise errors.UndefinedParameter(f"there is no parameter ${n}")
        return Param(n - 1, self.param_types[n - 1])

    def _paren(self, node: exp.Paren, scope: Scope) -> Expr:
        return self._expr(node.this, scope)

    # -- operators ------------------------------------------------------------------------------

    def _binary(self, node: exp.Binary, scope: Scope) -> Expr:
        name = _BINARY_OPERATORS[type(node)]
        if isinstance(node.expression, (exp.Any, exp.All)):
            return self._quantified(name, node.this, node.expression, scope)
        left = self._expr(node.this, scope)
        right = self._expr(node.expression, scope)
        return resolve_operator(name, (left, right))

    def _neg(self, node: exp.Neg, scope: Scope) -> Expr:
        inner = node.this
        if isinstance(inner, exp.Literal) and not inner.is_string:
            return number_literal("-" + inner.this)  # PostgreSQL folds the sign into a numeric constant
        return resolve_operator("-", (self._expr(inner, scope),))

    def _bitwise_not(self, node: exp.BitwiseNot, scope: Scope) -> Expr:
        return resolve_operator("~", (self._expr(node.this, scope),))

    def _and(self, node: exp.And, scope: Scope) -> Expr:
        args: list[Expr] = []
        for part in _flatten(node, exp.And):
            e = self.as_boolean(self._expr(part, scope), "AND")
            args.extend(e.args if isinstance(e, And) else (e,))
        return And(tuple(args))

    def _or(self, node: exp.Or, scope: Scope) -> Expr:
        args: list[Expr] = []
        for part in _flatten(node, exp.Or):
            e = self.as_boolean(self._expr(part, scope), "OR")
            args.extend(e.args if isinstance(e, Or) else (e,))
        return Or(tuple(args))

    def _not(self, node: exp.Not, scope: Scope) -> Expr:
        inner = node.this
        # sqlglot writes "x NOT IN (...)" and "x IS NOT TRUE" as NOT around the positive form
        if isinstance(inner, exp.In) and not inner.args.get("unnest"):
            if not inner.expressions and inner.args.get("query") is None:
                raise errors.SyntaxError('syntax error at or near ")"')
            arg = self._expr(inner.this, scope)
            if inner.args.get("query") is not None:  # NOT IN (subquery) is <> ALL
                return self._sublink_comparison("all", "<>", arg, inner.args["query"], scope)
            items = [self._expr(i, scope) for i in inner.expressions]
            return self.in_list(arg, items, negate=True)
        if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Boolean):
            return self._is(inner, scope, negate=True)
        return Not(self.as_boolean(self._expr(inner, scope), "NOT"))

    def _is(self, node: exp.Is, scope: Scope, negate: bool = False) -> Expr:
        arg = self._expr(node.this, scope)
        target = node.expression
        negate = negate or bool(node.args.get("negate"))
        if isinstance(target, exp.Null):
            return IsNull(arg, negate)
        if isinstance(target, exp.Boolean):
            wanted = bool(target.this)
            arg = self.as_boolean(arg, f"IS {'NOT ' if negate else ''}{'TRUE' if wanted else 'FALSE'}")
            fn: Callable[[Any], bool] = (lambda v: v is not wanted) if negate else (lambda v: v is wanted)
            name = f"IS {'NOT ' if negate else ''}{'TRUE' if wanted else 'FALSE'}"
            return Call(name, fn, (arg,), BOOL, strict=False)
        raise syntax_error_near(target)

    def _distinct_from(self, node: exp.Expr, scope: Scope) -> Expr:
        eq = operator_call("=", (self._expr(node.this, scope), self._expr(node.expression, scope)))
        eq_fn = eq.fn
        not_distinct = isinstance(node, exp.NullSafeEQ)  # IS NOT DISTINCT FROM

        def distinct(a: Any, b: Any) -> bool:
            same = (a is None and b is None) if a is None or b is None else bool(eq_fn(a, b))
            return same if not_distinct else not same

        name = "IS NOT DISTINCT FROM" if not_distinct else "IS DISTINCT FROM"
        return Call(name, distinct, eq.args, BOOL, strict=False)

    def _between(self, node: exp.Between, scope: Scope) -> Expr:
        """``a BETWEEN b AND c`` is ``a >= b AND a <= c``, analyzed in that order (as PostgreSQL)."""
        low_node, high_node = node.args["low"], node.args["high"]

        def compare(op: str, bound: exp.Expr) -> Expr:
            return resolve_operator(op, (self._expr(node.this, scope), self._expr(bound, scope)))

        plain = And((compare(">=", low_node), compare("<=", high_node)))
        if not node.args.get("symmetric"):
            return plain
        swapped = And((compare(">=", high_node), compare("<=", low_node)))
        return Or((plain, swapped))

    # -- subqueries -------------------------------------------------------------------------------

    def subquery(self, node: exp.Expr, scope: Scope) -> tuple[Any, list[tuple[str, SqlType]], tuple[Expr, ...]]:
        """Plan a subquery nested in ``scope``: (plan, columns, outer arguments)."""
        from .query import plan_query  # the query planner uses this analyzer: a cycle by nature

        inner = node.this if isinstance(node, exp.Subquery) else node
        child = Scope(parent=scope)
        plan = plan_query(inner, self, child)
        return plan.root, plan.columns, tuple(child.outer_args)

    def _scalar_subquery(self, node: exp.Subquery, scope: Scope) -> Expr:
        plan, columns, args = self.subquery(node, scope)
        if len(columns) != 1:
            raise errors.SyntaxError("subquery must return only one column")
        self.subquery_names[id(node)] = columns[0][0]
        return SubLink("scalar", plan, args, columns[0][1], name=columns[0][0])

    def multi_column_subquery(self, node: exp.Subquery, scope: Scope) -> list[Expr]:
        """``SET (a, b) = (SELECT x, y ...)``: one scalar subquery value per column."""
        from .plan import Project

        plan, columns, args = self.subquery(node, scope)
        return [
            SubLink("scalar", Project(plan, [_compile(ColumnRef(i, t))]), args, t, name=name)
            for i, (name, t) in enumerate(columns)
        ]

    def _exists(self, node: exp.Exists, scope: Scope) -> Expr:
        plan, _, args = self.subquery(node.this, scope)
        return SubLink("exists", plan, args, BOOL)

    def _quantified(self, op: str, left_node: exp.Expr, right: exp.Expr, scope: Scope) -> Expr:
        """``left op ANY/ALL (subquery)``; ``IN (subquery)`` is ``= ANY``."""
        kind = "all" if isinstance(right, exp.All) else "any"
        target = right.this
        if not isinstance(target, (exp.Subquery, exp.Select, exp.Union, exp.Intersect, exp.Except)):
            raise errors.FeatureNotSupported("ANY/ALL over an array is not supported by pydsql yet")
        left = self._expr(left_node, scope)
        return self._sublink_comparison(kind, op, left, target, scope)

    def _sublink_comparison(self, kind: str, op: str, left: Expr, query: exp.Expr, scope: Scope) -> Expr:
        plan, columns, args = self.subquery(query, scope)
        if len(columns) != 1:
            raise errors.SyntaxError("subquery has too many columns" if len(columns) > 1 else "subquery has too few columns")
        # resolve the operator between the test value and the subquery's column, as PostgreSQL does
        call = operator_call(op, (ColumnRef(0, left.type), ColumnRef(1, columns[0][1])))
        if call.type.kind != "bool":
            raise errors.DatatypeMismatch(f"op ANY/ALL (array) requires operator to yield boolean")
        compiled = _compile(call)
        return SubLink(kind, plan, args, BOOL, left, lambda v, w: compiled((v, w), None))

    def _in(self, node: exp.In, scope: Scope) -> Expr:
        """``x IN (a, b, ...)`` as PostgreSQL's transformAExprIn.

        The items that do not reference columns, if there are several and
        they share a common type with ``x``, become one membership test; the
        others (or all of them, failing a common type) become ``x = item``
        comparisons OR-ed together (AND-ed ``<>`` for NOT IN).
        """
        if node.args.get("unnest") or node.args.get("field"):
            raise errors.FeatureNotSupported("IN (UNNEST ...) is not supported by pydsql yet")
        if not node.expressions and node.args.get("query") is None:
            raise errors.SyntaxError('syntax error at or near ")"')  # PostgreSQL's grammar has no empty IN list
        arg = self._expr(node.this, scope)
        if node.args.get("query") is not None:
            return self._sublink_comparison("any", "=", arg, node.args["query"], scope)
        items = [self._expr(i, scope) for i in node.expressions]
        return self.in_list(arg, items, negate=False)

    def in_list(self, arg: Expr, items: Sequence[Expr], negate: bool) -> Expr:
        constants = [i for i in items if not _references_columns(i)]
        rest = list(items)
        parts: list[Expr] = []
        if len(constants) > 1:
            target = common_type([arg, *constants], "IN", soft=True)
            if target is not None and all(can_coerce(e.type, target.kind) for e in (arg, *constants)):
                target = target.base if target.kind != "unknown" else TEXT
                # the items are coerced before the left-hand side, as in PostgreSQL
                coerced = tuple(coerce(i, target, IMPLICIT, construct="IN") for i in constants)
                arg_c = arg if arg.type.kind == target.kind else coerce(arg, target, IMPLICIT, construct="IN")
                eq = operator_call("=", (ColumnRef(0, target), ColumnRef(1, target)))
                parts.append(InList(arg_c, coerced, eq.fn, negate=negate))
                rest = [i for i in items if _references_columns(i)]
        op = "<>" if negate else "="
        parts.extend(resolve_operator(op, (arg, item)) for item in rest)
        if len(parts) == 1:
            return parts[0]
        return And(tuple(parts)) if negate else Or(tuple(parts))

    def _like(self, node: exp.Expr, scope: Scope, escape: exp.Expr | None = None) -> Expr:
        negate = bool(node.args.get("negate"))
        case_insensitive = isinstance(node, exp.ILike)
        arg = self._expr(node.this, scope)
        pattern = self._expr(node.expression, scope)
        esc = resolve_unknown(self._expr(escape, scope)) if escape is not None else None
        for e in (arg, pattern) + ((esc,) if esc is not None else ()):
            if not (e.type.is_string or e.type.kind == "unknown"):
                op = "~~*" if case_insensitive else "~~"
                raise errors.UndefinedFunction(
                    f"operator does not exist: {arg.type.name} {op} {pattern.type.name}",
                    hint="No operator matches the given name and argument types. You might need to add explicit type casts.",
                )
        arg, pattern = resolve_unknown(arg), resolve_unknown(pattern)
        fn = like_function(case_insensitive, negate, bpchar=arg.type.kind == "bpchar")
        args = (arg, pattern) if esc is None else (arg, pattern, esc)
        name = ("NOT " if negate else "") + ("ILIKE" if case_insensitive else "LIKE")
        return Call(name, fn, args, BOOL)

    def _escape(self, node: exp.Escape, scope: Scope) -> Expr:
        inner = node.this
        if isinstance(inner, (exp.Like, exp.ILike)):
            return self._like(inner, scope, node.expression)
        raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")

    # -- casts and conditionals ------------------------------------------------------------------

    def _cast(self, node: exp.Cast, scope: Scope) -> Expr:
        target = sql_type(node.args["to"])
        arg = self._expr(node.this, scope)
        return coerce(arg, target, EXPLICIT)

    def _interval(self, node: exp.Interval, scope: Scope) -> Expr:
        this = node.this
        unit = node.args.get("unit")
        if not isinstance(this, exp.Literal):
            raise syntax_error_near(this)
        text = this.this if unit is None else f"{this.this} {unit.name}"
        return coerce(Const(text, UNKNOWN), INTERVAL, EXPLICIT)

    def _case(self, node: exp.Case, scope: Scope) -> Expr:
        subject = node.this
        whens: list[tuple[Expr, Expr]] = []
        subject_e = self._expr(subject, scope) if subject is not None else None
        if subject_e is not None and subject_e.type.kind == "unknown":
            subject_e = coerce(subject_e, TEXT, IMPLICIT)  # PostgreSQL: an unknown CASE subject is text
        results: list[Expr] = []
        for clause in node.args.get("ifs") or []:
            cond_node = clause.this
            if subject_e is not None:
                cond = resolve_operator("=", (subject_e, self._expr(cond_node, scope)))
                cond = self.as_boolean(cond, "CASE/WHEN")
            else:
                cond = self.as_boolean(self._expr(cond_node, scope), "CASE/WHEN")
            result = self._expr(clause.args["true"], scope)
            whens.append((cond, result))
            results.append(result)
        default_node = node.args.get("default")
        default = self._expr(default_node, scope) if default_node is not None else Const(None, UNKNOWN)
        # PostgreSQL puts the ELSE result first, so it takes precedence in type resolution.
        t = common_type([default, *results], "CASE")
        # the ELSE result first, as PostgreSQL coerces them
        default = coerce(default, t, IMPLICIT, construct="CASE/WHEN")
        whens = [(c, coerce(r, t, IMPLICIT, construct="CASE/WHEN")) for c, r in whens]
        return Case(tuple(whens), default, t)

    def _coalesce(self, node: exp.Coalesce, scope: Scope) -> Expr:
        args = [self._expr(node.this, scope)] + [self._expr(a, scope) for a in node.expressions]
        t = common_type(args, "COALESCE")
        return Coalesce(tuple(coerce(a, t, IMPLICIT, construct="COALESCE") for a in args), t)

    def _nullif(self, node: exp.Nullif, scope: Scope) -> Expr:
        eq = operator_call("=", (self._expr(node.this, scope), self._expr(node.expression, scope)))
        eq_fn = eq.fn

        def nullif(a: Any, b: Any) -> Any:
            if a is not None and b is not None and eq_fn(a, b):
                return None
            return a

        return Call("nullif", nullif, eq.args, eq.args[0].type, strict=False)

    def _greatest(self, node: exp.Expr, scope: Scope) -> Expr:
        greatest = isinstance(node, exp.Greatest)
        name = "GREATEST" if greatest else "LEAST"
        args = [self._expr(node.this, scope)] + [self._expr(a, scope) for a in node.expressions]
        t = common_type(args, name)
        coerced = tuple(coerce(a, t, IMPLICIT, construct=name) for a in args)
        better = operator_call(">" if greatest else "<", (ColumnRef(0, t), ColumnRef(1, t))).fn

        def pick(*vals: Any) -> Any:
            best = None
            for v in vals:
                if v is not None and (best is None or better(v, best)):
                    best = v
            return best

        return Call(name.lower(), pick, coerced, t, strict=False)

    # -- functions and aggregates -------------------------------------------------------------------

    def _anonymous(self, node: exp.Anonymous, scope: Scope) -> Expr:
        """Every ordinary call ``name(args)`` (see :mod:`.dialect`: calls reach us as written)."""
        return self.call(function_name(node), list(node.expressions), scope, set_returning=node is self._srf_call)

    def _qualified(self, node: exp.Dot, scope: Scope) -> Expr:
        """``schema.function(args)``: built-in functions live in pg_catalog."""
        target = node.expression
        if isinstance(target, exp.Anonymous) and isinstance(node.this, exp.Identifier):
            schema = node.this.name.lower()
            if schema == "pg_catalog":
                return self._anonymous(target, scope)
            name = function_name(target)
            raise errors.UndefinedFunction(
                f"function {schema}.{name} does not exist",
                hint="No function matches the given name and argument types. You might need to add explicit type casts.",
            )
        raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")

    def _special_call(self, node: exp.Func, scope: Scope) -> Expr:
        """Calls with SQL-standard syntax, which sqlglot parses into nodes of its own."""
        # PostgreSQL's grammar turns these into calls of pg_catalog functions (as its messages say).
        if isinstance(node, exp.Extract):
            field_node = node.this
            if isinstance(field_node, (exp.Var, exp.Identifier, exp.Column)):
                field: Expr = Const(field_node.name.lower(), UNKNOWN)
            else:
                field = self._expr(field_node, scope)
            return self.call_function("extract", [field, self._expr(node.expression, scope)], "pg_catalog.extract")
        if isinstance(node, exp.Trim):
            position = str(node.args.get("position") or "BOTH").upper()
            name = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(position, "btrim")
            args = [node.this] + ([node.expression] if node.expression is not None else [])
            return self.call_function(name, [self._expr(a, scope) for a in args], f"pg_catalog.{name}")
        shapes = {
            exp.Substring: ("substring", ("this", "start", "length")),
            exp.StrPosition: ("position", ("this", "substr")),
            exp.Overlay: ("overlay", ("this", "expression", "from_", "for_")),
            exp.CurrentTimestamp: ("now", ()),
            exp.CurrentDate: ("current_date", ()),
            exp.CurrentTime: ("current_time", ()),
            exp.Localtime: ("localtime", ()),
            exp.Localtimestamp: ("localtimestamp", ()),
            exp.CurrentUser: ("current_user", ()),
            exp.SessionUser: ("session_user", ()),
            exp.CurrentRole: ("current_role", ()),
            exp.CurrentSchema: ("current_schema", ()),
            exp.CurrentCatalog: ("current_database", ()),
        }
        shape = shapes.get(type(node))
        if shape is None:
            raise errors.FeatureNotSupported(f"function not supported by pydsql: {to_sql(node)}")
        name, arg_names = shape
        args = [self._expr(node.args[a], scope) for a in arg_names if node.args.get(a) is not None]
        return self.call_function(name, args, f"pg_catalog.{name}" if args else None)

    def _at_time_zone(self, node: exp.AtTimeZone, scope: Scope) -> Expr:
        args = [self._expr(node.args["zone"], scope), self._expr(node.this, scope)]
        return self.call_function("timezone", args, "pg_catalog.timezone")

    def call(
        self, name: str, arg_nodes: Sequence[exp.Expr], scope: Scope, filter_node: exp.Expr | None = None,
        *, set_returning: bool = False,
    ) -> Expr:
        if name in functions.REFUSED_FUNCTIONS:
            raise errors.FeatureNotSupported(f"function {name} not supported")
        if name in functions.AGGREGATES:
            return self._aggregate(name, arg_nodes, scope, filter_node)
        if name == "grouping" and filter_node is None:
            return self._grouping(arg_nodes, scope)
        if name in _window.WINDOW_FUNCTIONS:
            raise errors.WrongObjectType(f"window function {name} requires an OVER clause")
        if filter_node is not None:
            raise errors.WrongObjectType(f"FILTER specified, but {name} is not an aggregate function")
        for a in arg_nodes:
            if isinstance(a, exp.Distinct):
                raise errors.WrongObjectType(f"DISTINCT specified, but {name} is not an aggregate function")
            if isinstance(a, exp.Order):
                raise errors.WrongObjectType(f"ORDER BY specified, but {name} is not an aggregate function")
            if isinstance(a, exp.Star):
                raise errors.WrongObjectType(f"{name}(*) specified, but {name} is not an aggregate function")
        args = [self._expr(a, scope) for a in arg_nodes]
        return self.call_function(name, args, set_returning=set_returning)

    def call_function(
        self, name: str, args: Sequence[Expr], shown_name: str | None = None, *, set_returning: bool = False
    ) -> Expr:
        """Resolve ``name(args)`` among its overloads; ``set_returning`` allows a set-returning one."""
        candidates = functions.candidates(name)
        types = [a.type for a in args]
        chosen = select_candidate([(_arg_kinds(f, len(args)), f) for f in candidates], types)
        if chosen is None or chosen is AMBIGUOUS:
            raise _no_function(shown_name or name, types, ambiguous=chosen is AMBIGUOUS)
        f: functions.Function = chosen
        if f.fn is functions.unimplemented:
            raise errors.FeatureNotSupported(
                f"function {name}({', '.join(SqlType(k).name for k in f.args)}) is not supported by pydsql"
            )
        kinds = _arg_kinds(f, len(args))
        coerced = tuple(_argument(a, k) for a, k in zip(args, kinds))
        if f.set_returning:
            if not set_returning:
                raise _misplaced_srf(self._agg_forbidden)
            return Call(name, f.fn, coerced, f.result, strict=f.strict, set_returning=True)
        if f.context:
            return ContextCall(name, f.fn, coerced, f.result, volatile=f.volatile)
        return Call(name, f.fn, coerced, f.result, strict=f.strict, volatile=f.volatile)

    def _aggregate(
        self, name: str, arg_nodes: Sequence[exp.Expr], scope: Scope, filter_node: exp.Expr | None
    ) -> Expr:
        """An aggregate call, checked in PostgreSQL's order: arguments, then the
        function's existence, then nesting and placement (transformAggregateCall)."""
        distinct = False
        if len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Distinct):
            distinct = True
            arg_nodes = list(arg_nodes[0].expressions)
        if arg_nodes and isinstance(arg_nodes[-1], exp.Order):
            raise errors.FeatureNotSupported("ORDER BY inside aggregate calls is not supported by pydsql yet")
        star = len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Star)
        if star and name != "count":
            raise errors.WrongObjectType(f"{name}(*) specified, but {name} is not an aggregate function")
        # An aggregate inside the arguments is checked when it is analyzed (its placement
        # first); nesting is reported for the outer one, after the lookup.
        with self.windows_forbidden("an aggregate"):
            args = [] if star else [self._expr(a, scope) for a in arg_nodes]
            filt = self.as_boolean(self._expr(filter_node, scope), "FILTER") if filter_node is not None else None
        types = [a.type for a in args]
        chosen = select_candidate([(a.args, a) for a in functions.AGGREGATES.get(name, ())], types)
        if chosen is None or chosen is AMBIGUOUS:
            raise _no_function(name, types, ambiguous=chosen is AMBIGUOUS)
        if any(isinstance(sub, AggCall) for a in args for sub in a.walk()):
            raise errors.GroupingError("aggregate function calls cannot be nested")
        read = [sub for a in (*args, *([filt] if filt is not None else [])) for sub in a.walk()]
        if any(isinstance(r, OuterRef) for r in read) and not any(isinstance(r, ColumnRef) for r in read):
            # PostgreSQL evaluates such an aggregate in the outer query (agglevelsup > 0)
            raise errors.FeatureNotSupported(
                "aggregate functions over only outer-query columns are not supported by pydsql yet"
            )
        if self._agg_forbidden is not None:
            raise errors.GroupingError(f"aggregate functions are not allowed in {self._agg_forbidden}")
        agg: functions.Aggregate = chosen
        if agg.make is functions.unimplemented:
            raise errors.FeatureNotSupported(
                f"function {name}({', '.join(SqlType(k).name for k in agg.args)}) is not supported by pydsql"
            )
        coerced = tuple(_argument(a, k) for a, k in zip(args, agg.args))
        return AggCall(agg, coerced, agg.result, distinct, filt)

    def _grouping(self, arg_nodes: Sequence[exp.Expr], scope: Scope) -> Expr:
        """GROUPING(a, ...): checked against the GROUP BY list by the planner, like an aggregate."""
        if self._agg_forbidden is not None:
            raise errors.GroupingError(f"grouping operations are not allowed in {self._agg_forbidden}")
        if len(arg_nodes) > 31:
            raise errors.TooManyArguments("GROUPING must have fewer than 32 arguments")
        return GroupingFunc(tuple(self._expr(a, scope) for a in arg_nodes))

    def _filter(self, node: exp.Filter, scope: Scope) -> Expr:
        inner = node.this
        where = node.expression
        cond = where.this if isinstance(where, exp.Where) else where
        if not isinstance(inner, exp.Anonymous):
            raise errors.SyntaxError('syntax error at or near "FILTER"')
        return self.call(function_name(inner), list(inner.expressions), scope, filter_node=cond)

    def _unsupported(self, node: exp.Expr, scope: Scope) -> Expr:
        raise errors.FeatureNotSupported(f"{node.key} is not supported by pydsql yet: {to_sql(node)}")


# -- helpers -----------------------------------------------------------------------------------------

_INT4_MIN, _INT4_MAX = -(1 << 31), (1 << 31) - 1
_INT8_MIN, _INT8_MAX = -(1 << 63), (1 << 63) - 1


def number_literal(text: str) -> Const:
    """A numeric constant as PostgreSQL types it: int4, else int8, else numeric."""
    plain = text.replace("_", "")
    if plain.lstrip("-").isdigit():
        v = int(plain)
        if _INT4_MIN <= v <= _INT4_MAX:
            return Const(v, INT4)
        if _INT8_MIN <= v <= _INT8_MAX:
            return Const(v, INT8)
        return Const(Decimal(v), NUMERIC)
    low = plain.lower()
    if low.startswith(("0x", "-0x", "0o", "-0o", "0b", "-0b")):
        v = int(plain, 0)
        return Const(v, INT4 if _INT4_MIN <= v <= _INT4_MAX else INT8 if _INT8_MIN <= v <= _INT8_MAX else NUMERIC)
    try:
        return Const(values_catalog.parse_text("numeric", plain), NUMERIC)
    except errors.InvalidTextRepresentation:
        raise errors.SyntaxError(f'syntax error at or near "{text}"') from None


def _flatten(node: exp.Expr, cls: type[exp.Expr]) -> list[exp.Expr]:
    out: list[exp.Expr] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cls):
            stack.append(n.expression)
            stack.append(n.this)
        else:
            out.append(n)
    return out


def _references_columns(e: Expr) -> bool:
    return any(isinstance(sub, ColumnRef) for sub in e.walk())


def _compile(e: Expr) -> Any:
    from .compile import compile_expr

    return compile_expr(e)


def _misplaced_srf(clause: str | None) -> errors.Error:
    if clause == "functions in FROM":
        return errors.FeatureNotSupported("set-returning functions must appear at top level of FROM")
    if clause is None:  # the select list: PostgreSQL's ProjectSet
        return errors.FeatureNotSupported("set-returning functions in the select list are not supported by pydsql yet")
    return errors.FeatureNotSupported(f"set-returning functions are not allowed in {clause}")


def _no_function(name: str, types: Sequence[SqlType], *, ambiguous: bool) -> errors.Error:
    shown = f"{name}({', '.join(t.name for t in types)})"
    if ambiguous:
        return errors.AmbiguousFunction(
            f"function {shown} is not unique",
            hint="Could not choose a best candidate function. You might need to add explicit type casts.",
        )
    return errors.UndefinedFunction(
        f"function {shown} does not exist",
        hint="No function matches the given name and argument types. You might need to add explicit type casts.",
    )


def _argument(a: Expr, kind: str) -> Expr:
    """An argument coerced to a function's declared kind; ``"any"`` takes the value's text."""
    if kind in ("any", "anyelement", "anynonarray"):
        if a.type.kind == "unknown":
            return coerce(a, TEXT, IMPLICIT)
        if kind != "any":
            return a
        out = values_catalog.TYPE_IO[a.type.kind].format if a.type.kind in values_catalog.TYPE_IO else str
        return Call("::text", out, (a,), TEXT) if not isinstance(a, Const) else Const(None if a.value is None else out(a.value), TEXT)
    return coerce(a, operand_type(a.type, kind), IMPLICIT)


def _arg_kinds(f: functions.Function, n: int) -> tuple[str, ...]:
    if f.variadic and n >= len(f.args):
        return f.args[:-1] + (f.args[-1],) * (n - len(f.args) + 1)
    return f.args


_BINARY_OPERATORS: dict[type[exp.Expr], str] = {
    exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%",
    exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=",
    exp.DPipe: "||", exp.BitwiseAnd: "&", exp.BitwiseOr: "|", exp.BitwiseXor: "#",
    exp.BitwiseLeftShift: "<<", exp.BitwiseRightShift: ">>",
}


def _pow(self: Analyzer, node: exp.Pow, scope: Scope) -> Expr:
    return resolve_operator("^", (self._expr(node.this, scope), self._expr(node.expression, scope)))


_HANDLERS: dict[type[exp.Expr], Callable[[Analyzer, Any, Scope], Expr]] = {
    exp.Column: Analyzer._column,
    exp.Literal: Analyzer._literal,
    exp.ByteString: Analyzer._string,  # E'...' (sqlglot's name for escape strings)
    exp.RawString: Analyzer._string,  # $$...$$
    exp.National: Analyzer._string,
    exp.Null: Analyzer._null,
    exp.Boolean: Analyzer._boolean,
    exp.Parameter: Analyzer._parameter,
    exp.Placeholder: Analyzer._parameter,
    exp.Paren: Analyzer._paren,
    exp.Neg: Analyzer._neg,
    exp.BitwiseNot: Analyzer._bitwise_not,
    exp.And: Analyzer._and,
    exp.Or: Analyzer._or,
    exp.Not: Analyzer._not,
    exp.Is: Analyzer._is,
    exp.NullSafeEQ: Analyzer._distinct_from,
    exp.NullSafeNEQ: Analyzer._distinct_from,
    exp.Between: Analyzer._between,
    exp.In: Analyzer._in,
    exp.Like: Analyzer._like,
    exp.ILike: Analyzer._like,
    exp.Escape: Analyzer._escape,
    exp.Cast: Analyzer._cast,
    exp.TryCast: Analyzer._cast,
    exp.Interval: Analyzer._interval,
    exp.Case: Analyzer._case,
    exp.Coalesce: Analyzer._coalesce,
    exp.Nullif: Analyzer._nullif,
    exp.Greatest: Analyzer._greatest,
    exp.Least: Analyzer._greatest,
    exp.Pow: _pow,
    exp.Anonymous: Analyzer._anonymous,
    exp.Dot: Analyzer._qualified,
    exp.Filter: Analyzer._filter,
    exp.Window: lambda self, node, scope: _window.analyze_window(self, node, scope),
    exp.AtTimeZone: Analyzer._at_time_zone,
    exp.Extract: Analyzer._special_call,
    exp.Trim: Analyzer._special_call,
    exp.Substring: Analyzer._special_call,
    exp.StrPosition: Analyzer._special_call,
    exp.Overlay: Analyzer._special_call,
    exp.CurrentTimestamp: Analyzer._special_call,
    exp.CurrentDate: Analyzer._special_call,
    exp.CurrentTime: Analyzer._special_call,
    exp.Localtime: Analyzer._special_call,
    exp.Localtimestamp: Analyzer._special_call,
    exp.CurrentUser: Analyzer._special_call,
    exp.SessionUser: Analyzer._special_call,
    exp.CurrentRole: Analyzer._special_call,
    exp.CurrentSchema: Analyzer._special_call,
    exp.CurrentCatalog: Analyzer._special_call,
    exp.Subquery: Analyzer._scalar_subquery,
    exp.Exists: Analyzer._exists,
    exp.SimilarTo: Analyzer._unsupported,
    exp.RegexpLike: Analyzer._unsupported,
    exp.Array: Analyzer._unsupported,
    exp.Tuple: Analyzer._unsupported,
    exp.HexString: Analyzer._unsupported,
    exp.BitString: Analyzer._unsupported,
}
for _cls in _BINARY_OPERATORS:
    _HANDLERS[_cls] = Analyzer._binary

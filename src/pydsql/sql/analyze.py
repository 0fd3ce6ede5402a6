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

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlglot import exp

from .dialect import syntax_error_near
from .. import errors
from ..catalog import Catalog, Table, View
from ..types import BOOL, INT4, INT8, INTERVAL, KINDS, NUMERIC, POLYMORPHIC, TEXT, UNKNOWN, SqlType, kind_type
from ..values.bits import bit_in
from ..values import arrays as values_arrays
from ..values.casts import identity
from ..values.strings import unicode_escapes
from ..values.records import Record, record_class, record_is_not_null, record_is_null
from ..values.registry import ASSIGNMENT, EXPLICIT, IMPLICIT
from ..values.oids import VECTOR_ELEMENTS, vector_subscript
from . import functions
from . import system
from . import window as _window
from .coerce import (
    AMBIGUOUS,
    argument_type,
    can_coerce,
    cast_function,
    declared_types,
    coerce,
    common_type,
    operand_type,
    operator_call,
    resolve_operator,
    resolve_unknown,
    select_candidate,
)
from .datatypes import declared_type, find_domain, sql_type, user_type_name
from .polymorphic import POLYMORPHIC_KINDS, can_coerce_type, has_array_type, same_type
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
from .dialect import function_name, marked_operator, parse_expression, prefix_operator, to_sql
from .patterns import like_function
from ..values import catalog as values_catalog


# -- scopes -----------------------------------------------------------------------------


#: The name of a hidden column holding a row's storage key (UPDATE ... FROM targets, the
#: tables of a locking SELECT): no SQL can spell it, and ``*`` leaves it out.
HIDDEN_KEY = "\x00key"
BYTEA_KEY = SqlType("bytea")


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
    #: on the NULL-extended side of an outer join: its whole row may be NULL (see whole_row)
    nullable: bool = False


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

    def alias_columns(self, alias: str) -> list[str]:
        """The column names of the FROM item ``alias`` (here or in an enclosing scope)."""
        for scope in self._chain():
            item = scope._find_item(alias)
            if item is not None:
                return [name for name, _ in item.columns]
        raise self._missing_table(alias)

    def has_alias(self, alias: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if scope._find_item(alias) is not None:
                return True
            scope = scope.parent
        return False

    def nullable_alias(self, alias: str) -> bool:
        """Whether the FROM item ``alias`` names (here or in an enclosing query) is on the
        NULL-extended side of an outer join."""
        for scope in self._chain():
            found = scope._find_item(alias)
            if found is not None:
                return found.nullable
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
        """The columns of ``*`` (or ``qualifier.*``), in PostgreSQL's order (hidden keys left out)."""
        if qualifier is not None:
            return [c for c in self.item_columns(self.item(qualifier)) if c[0] != HIDDEN_KEY]
        if self.star is not None:
            return list(self.star)
        return [c for it in self.items for c in self.item_columns(it) if c[0] != HIDDEN_KEY]

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
        routine_args: tuple[str, dict[str, int]] | None = None,
    ) -> None:
        self.catalog = catalog
        #: inside a SQL function's body: (function name, argument name -> index)
        self.routine_args = routine_args
        #: the statement's own WITH clause: the only one that may hold INSERT/UPDATE/DELETE
        self.top_with: Any = None
        #: data-modifying WITH queries, (command, node), which the statement runs before its main part
        self.side_effects: list[tuple[str, Any]] = []
        #: WITH queries visible here, innermost last (name -> pydsql.sql.query.Cte)
        self.ctes: list[dict[str, Any]] = []
        #: the parameters' types: as bound, then as deduced (an ``unknown`` one becomes the
        #: type its first coercion asks for: see :class:`~pydsql.sql.expr.Param`)
        self.param_types = list(param_types)
        #: the parameters the statement refers to ($n of a statement need not use every one)
        self.referenced_params: set[int] = set()
        #: the references to parameters made while their type was ``unknown`` (each is either
        #: coerced, and so typed, or left untyped: see :class:`~pydsql.sql.expr.Param`)
        self.untyped_references: list[Param] = []
        #: where new objects go (the first existing schema of the search path)
        self.schema = schema
        #: where unqualified relation names are looked up, in order
        self.search_path = tuple(search_path) if search_path is not None else (schema,)
        #: id(scalar subquery node) -> its column's name, for naming select-list columns
        self.subquery_names: dict[int, str] = {}
        self._agg_forbidden: str | None = "this context"
        #: the one call node allowed to be set-returning (a function in FROM)
        self._srf_call: exp.Expr | None = None
        #: the output columns (name or None, type) of the set-returning function in FROM just analyzed
        self.srf_columns: list[tuple[str | None, SqlType]] | None = None
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

    def resolve_aggregate(
        self, agg: functions.Aggregate, args: Sequence[Expr]
    ) -> tuple[functions.Aggregate, list[Expr], SqlType]:
        """A chosen aggregate applied to ``args``: the row to run (its accumulator specialized for
        the argument types), the coerced arguments and the result type (polymorphic kinds resolved)."""
        resolved = declared_types(agg.args, [a.type for a in args], agg.result)
        coerced = [_coerce_argument(a, k, t) for a, k, t in zip(args, agg.args, resolved.args)]
        row, _ = functions.aggregate_for_call(agg, [a.type for a in coerced], False, [])
        return row, coerced, resolved.result

    def check_function_exists(self, name: str, args: Sequence[Expr]) -> None:
        """Raise PostgreSQL's "function ... does not exist" when no overload of ``name`` takes ``args``."""
        self.call_function(name, args)

    def from_function(self, node: exp.Anonymous | exp.Dot, scope: Scope) -> Expr:
        """A function call in FROM (``schema.f(...)`` is a Dot): the one place a set-returning
        call may stand alone.  A set-returning function's output columns are left in :attr:`srf_columns`."""
        self._srf_call = node.expression if isinstance(node, exp.Dot) else node
        self.srf_columns = None
        try:
            return self.expr(node, scope, aggregates="functions in FROM")
        finally:
            self._srf_call = None

    def condition(self, node: exp.Expr, scope: Scope, clause: str) -> Expr:
        """A WHERE/HAVING/ON condition: must be boolean (42804 otherwise)."""
        e = self.expr(node, scope, aggregates=None if clause == "HAVING" else clause, clause=clause)
        return self.as_boolean(e, clause)

    def check_constraint(self, node: exp.Expr, scope: Scope) -> Expr:
        """A CHECK constraint's expression: boolean, no aggregates, windows or subqueries."""
        if node.find(exp.Select) is not None:
            raise errors.FeatureNotSupported("cannot use subquery in check constraint")
        e = self.expr(node, scope, aggregates="check constraints", clause="check constraints")
        return self.as_boolean(e, "CHECK")

    def as_boolean(self, e: Expr, clause: str) -> Expr:
        if e.type.kind == "unknown":
            return coerce(e, BOOL, IMPLICIT)
        if e.type.kind != "bool":
            raise errors.DatatypeMismatch(f"argument of {clause} must be type boolean, not type {e.type.name}")
        return e

    def relation(self, node: exp.Table) -> Table | View | system.SystemRelation:
        """The table, view or system catalog a name in FROM (or a DML target) refers to, through the
        search path (``pg_catalog`` implicitly first: see :mod:`.system`)."""
        name = node.name
        if node.catalog and node.catalog != "postgres":
            raise errors.FeatureNotSupported(
                f"cross-database references are not implemented: {to_sql(node)}"
            )
        found = system.lookup(self.catalog, node.db or None, name, self.search_path)
        if found is None:
            shown = f"{node.db}.{name}" if node.db else name
            raise errors.UndefinedTable(f'relation "{shown}" does not exist')
        return found

    def table(self, node: exp.Table, command: str = "") -> Table:
        """The table a DML statement (``command``) writes (views are not updatable in pydsql)."""
        found = self.relation(node)
        if isinstance(found, system.SystemRelation):
            raise found.refuse_write(command)
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
            if _is_qualified_star(node) and not node.args.get("db"):  # t.* in an expression: t's whole row (count(t.*))
                if scope.has_alias(node.table):
                    return self.whole_row(scope, node.table)
                raise errors.UndefinedTable(f'missing FROM-clause entry for table "{node.table}"')
            raise errors.SyntaxError('syntax error at or near "*"')
        if node.args.get("db"):
            schema = node.args["db"].name
            if schema != self.schema and self.catalog.relation(schema, node.table) is None and (
                system.relation(schema, node.table) is None
            ):
                raise errors.UndefinedTable(f'missing FROM-clause entry for table "{node.table}"')
        qualifier = node.table or None
        name = node.name
        if qualifier is None and name.lower() == "default" and not node.this.quoted:
            raise errors.SyntaxError('DEFAULT is not allowed in this context')
        routine = self.routine_args
        if routine is not None and qualifier == routine[0] and name in routine[1] and not scope.has_alias(qualifier):
            return self._routine_arg(routine[1][name])  # function_name.argument
        try:
            return scope.resolve(qualifier, name)
        except errors.UndefinedColumn:
            if qualifier is None and scope.has_alias(name):
                return self.whole_row(scope, name)  # a FROM item's name: its whole row
            if qualifier is None and routine is not None and name in routine[1]:
                return self._routine_arg(routine[1][name])  # columns take precedence over arguments
            raise

    def _unicode_string(self, node: exp.UnicodeString, scope: Scope) -> Expr:
        """``U&'d\\0061t'`` [``UESCAPE '!'``]: an untyped literal, its escapes decoded."""
        escape = node.args.get("escape")
        mark = "\\"
        if isinstance(escape, exp.Literal):
            mark = escape.this
            if len(mark) != 1 or mark in "0123456789abcdefABCDEF+'\" \t\n\r\f\v":
                shown = mark.replace("'", "''")
                raise errors.SyntaxError(f"invalid Unicode escape character at or near \"'{shown}'\"")
        return Const(unicode_escapes(node.this, mark), UNKNOWN)

    def _routine_arg(self, index: int) -> Expr:
        return Param(index, self.param_types[index])

    def _literal(self, node: exp.Literal, scope: Scope) -> Expr:
        text = node.this
        if node.is_string:
            return Const(text, UNKNOWN)
        return number_literal(text)

    def _string(self, node: exp.Expr, scope: Scope) -> Expr:
        return Const(node.this, UNKNOWN)

    def _bit_string(self, node: exp.Expr, scope: Scope) -> Expr:
        """``B'101'`` and ``X'1F'``: constants of type bit (unconstrained), read by bit's input."""
        prefix = "x" if isinstance(node, exp.HexString) else "b"
        return Const(bit_in(prefix + node.this), SqlType("bit"))

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
        self.referenced_params.add(n - 1)
        t = self.param_types[n - 1]  # its deduced type, once a coercion fixed it (see Param)
        if t.kind != "unknown":
            return Param(n - 1, t)
        param = Param(n - 1, t, self.param_types)
        self.untyped_references.append(param)
        return param

    def forget_references(self, references: list[Param]) -> None:
        """Forget these untyped parameter references: what they were analyzed into is
        thrown away (a set operation's operand planned again: see ``_plan_setop``)."""
        gone = {id(p) for p in references}
        self.untyped_references = [p for p in self.untyped_references if id(p) not in gone]

    def _text_match(self, node: exp.MatchAgainst, scope: Scope) -> Expr:
        """``tsvector @@ tsquery``: the operands are analyzed first (their errors come first,
        as in PostgreSQL), then the operator is refused: pydsql has no text search types.
        ``jsonb @@ jsonpath`` (sqlglot parses it the same way) is resolved as an operator."""
        left, right = (self._expr(operand, scope) for operand in (*node.expressions, node.this))
        if left.type.kind == "jsonb" or right.type.kind == "jsonpath" or not (
            left.type.is_string or left.type.kind == "unknown"
        ):
            return resolve_operator("@@", (left, right))  # text search wants text or tsvector operands
        raise errors.FeatureNotSupported("text search (the @@ operator) is not supported by pydsql yet")

    def _paren(self, node: exp.Paren, scope: Scope) -> Expr:
        return self._expr(node.this, scope)

    # -- operators ------------------------------------------------------------------------------

    def _binary(self, node: exp.Binary, scope: Scope) -> Expr:
        name = _BINARY_OPERATORS[type(node)]
        quantified = _quantifier(node.expression)
        if quantified is not None:
            return self._quantified(name, node.this, node.expression, scope)
        if name in _ROW_COMPARISONS and (_row_items(node.this) is not None or _row_items(node.expression) is not None):
            return self._row_comparison(name, node.this, node.expression, scope)
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
            inner = _values_as_query(inner)
            if _row_items(inner.this) is not None:
                return self._row_in(inner, scope, negate=True)
            arg = self._expr(inner.this, scope)
            if inner.args.get("query") is not None:  # NOT IN (subquery) is <> ALL
                return self._sublink_comparison("all", "<>", arg, inner.args["query"], scope)
            items = [self._expr(i, scope) for i in inner.expressions]
            return self.in_list(arg, items, negate=True)
        if isinstance(inner, exp.Is) and (isinstance(inner.expression, exp.Boolean) or _is_unknown_test(inner.expression)):
            return self._is(inner, scope, negate=True)
        # "a !~ b" is NOT around "a ~ b" (the same as "NOT a ~ b"): PostgreSQL's !~ operator
        if isinstance(inner, (exp.RegexpLike, exp.RegexpILike)):
            return self._regex(inner, scope, negate=True)
        if isinstance(inner, exp.SimilarTo) or (isinstance(inner, exp.Escape) and isinstance(inner.this, exp.SimilarTo)):
            return self._similar(inner, scope, negate=True)
        return Not(self.as_boolean(self._expr(inner, scope), "NOT"))

    def _is(self, node: exp.Is, scope: Scope, negate: bool = False) -> Expr:
        arg = self._expr(node.this, scope)
        target = node.expression
        negate = negate or bool(node.args.get("negate"))
        if isinstance(target, exp.Null):
            if arg.type.kind in ("record", "rowtype"):  # every field NULL / no field NULL
                test = record_is_not_null if negate else record_is_null
                return Call("IS NOT NULL" if negate else "IS NULL", test, (arg,), BOOL, strict=False)
            return IsNull(arg, negate)
        if _is_unknown_test(target):  # IS [NOT] UNKNOWN: IS [NOT] NULL of a boolean
            return IsNull(self.as_boolean(arg, f"IS {'NOT ' if negate else ''}UNKNOWN"), negate)
        if isinstance(target, exp.Boolean):
            wanted = bool(target.this)
            arg = self.as_boolean(arg, f"IS {'NOT ' if negate else ''}{'TRUE' if wanted else 'FALSE'}")
            fn: Callable[[Any], bool] = (lambda v: v is not wanted) if negate else (lambda v: v is wanted)
            name = f"IS {'NOT ' if negate else ''}{'TRUE' if wanted else 'FALSE'}"
            return Call(name, fn, (arg,), BOOL, strict=False)
        raise syntax_error_near(target)

    # -- row values ----------------------------------------------------------------------------

    def _row(self, items: Sequence[exp.Expr], scope: Scope) -> Expr:
        """``ROW(a, b)`` / ``(a, b)`` as a value: a :class:`~pydsql.values.records.Record`;
        ``t.*`` among the items stands for t's columns, as in PostgreSQL."""
        fields = [
            _resolve_unless_param(e) for i in items
            for e in (self._star_columns(i, scope) if _is_qualified_star(i) else (self._expr(i, scope),))
        ]
        return row_value(fields, SqlType("record"), [f"f{i}" for i in range(1, len(fields) + 1)])

    def _star_columns(self, node: exp.Expr, scope: Scope) -> list[Expr]:
        """The columns ``t.*`` stands for in a row constructor."""
        assert isinstance(node, exp.Column)
        if not scope.has_alias(node.table):
            raise errors.UndefinedTable(f'missing FROM-clause entry for table "{node.table}"')
        return [scope.resolve(node.table, name) for name in scope.alias_columns(node.table) if name != HIDDEN_KEY]

    def _tuple(self, node: exp.Tuple, scope: Scope) -> Expr:
        return self._row(node.expressions, scope)

    def whole_row(self, scope: Scope, alias: str) -> Expr:
        """``t`` naming a FROM item in an expression: its whole row, as a value of its row type."""
        columns = [name for name in scope.alias_columns(alias) if name != HIDDEN_KEY]
        fields = [scope.resolve(alias, name) for name in columns]
        row = row_value(fields, SqlType("rowtype"), columns)
        if not scope.nullable_alias(alias):
            return row
        # the row an outer join makes up for no match is NULL itself, not a row of NULLs
        # (count(t) counts it out), as in PostgreSQL (a real row of NULLs there: see compatibility.md)
        all_null = And(tuple(IsNull(f) for f in fields)) if len(fields) > 1 else IsNull(fields[0])
        return Case(((all_null, Const(None, row.type)),), row, row.type) if fields else row

    def _row_operands(
        self, left_node: exp.Expr, right_node: exp.Expr, scope: Scope, op: str
    ) -> list[tuple[Expr, Expr]]:
        """The field pairs of a comparison of two row constructors (42601 when their lengths differ)."""
        left_items, right_items = _row_items(left_node), _row_items(right_node)
        if left_items is None or right_items is None:
            one = self._expr(left_node if left_items is None else right_node, scope)
            types = ("record", one.type.name) if left_items is not None else (one.type.name, "record")
            raise errors.UndefinedFunction(
                f"operator does not exist: {types[0]} {op} {types[1]}",
                hint="No operator matches the given name and argument types. You might need to add explicit type casts.",
            )
        left = [self._expr(i, scope) for i in left_items]
        right = [self._expr(i, scope) for i in right_items]
        if len(left) != len(right):
            raise errors.SyntaxError("unequal number of entries in row expressions")
        return list(zip(left, right))

    def _row_sublink(self, kind: str, op: str, left_node: exp.Expr, query: exp.Expr, scope: Scope) -> Expr:
        """A row compared with a subquery's rows: ``(a, b) op ANY/ALL (SELECT x, y ...)`` or,
        for ``rowcompare``, with its single row (PostgreSQL's ROWCOMPARE sublink)."""
        items = _row_items(left_node)
        assert items is not None
        left = [self._expr(i, scope) for i in items]  # an untyped literal takes its partner's type
        plan, columns, args = self.subquery(query.this if isinstance(query, exp.Subquery) else query, scope)
        if len(columns) != len(left):
            raise errors.SyntaxError(
                "subquery has too many columns" if len(columns) > len(left) else "subquery has too few columns"
            )
        compare = self._row_comparator(op, [(l.type, t) for l, (_, t) in zip(left, columns)])
        test = Call("row", lambda *values: values, tuple(left), SqlType("record"), strict=False)
        return SubLink(kind, plan, args, BOOL, test, compare, whole_row=True)

    def _row_comparator(self, op: str, types: Sequence[tuple[SqlType, SqlType]]) -> Callable[[Any, Any], Any]:
        """make_row_comparison_op over values: ``=`` every field equal, ``<>`` any different,
        orderings lexicographic (a NULL in the deciding pair makes the result NULL)."""
        def pair_fn(name: str, lt: SqlType, rt: SqlType) -> Callable[[Any, Any], Any]:
            call = self.as_boolean(resolve_operator(name, (ColumnRef(0, lt), ColumnRef(1, rt))), "row comparison")
            compiled = _compile(call)
            return lambda v, w: compiled((v, w), None)

        if op in ("=", "<>"):
            fns = [pair_fn(op, lt, rt) for lt, rt in types]
            decisive = op == "<>"  # = : a FALSE pair decides; <> : a TRUE pair decides

            def equality(v: Any, w: Any) -> Any:
                saw_null = False
                for fn, a, b in zip(fns, v, w):
                    r = fn(a, b)
                    if r is None:
                        saw_null = True
                    elif r is decisive:
                        return decisive
                return None if saw_null else not decisive

            return equality
        if op not in ("<", "<=", ">", ">="):
            raise errors.FeatureNotSupported(f"row comparison with operator {op} is not supported by pydsql")
        ops = [pair_fn(op, lt, rt) for lt, rt in types]  # looked up first: their errors come first
        eqs = [pair_fn("=", lt, rt) for lt, rt in types]
        strict = [pair_fn(op[0], lt, rt) for lt, rt in types]
        last = ops[-1]

        def ordering(v: Any, w: Any) -> Any:
            n = len(eqs)
            for i in range(n):
                a, b = v[i], w[i]
                if a is None or b is None:
                    return None
                if i == n - 1:
                    return last(a, b)
                if not eqs[i](a, b):
                    return strict[i](a, b)
            return None  # pragma: no cover - the loop returns at the last pair

        return ordering

    def _row_comparison(self, op: str, left_node: exp.Expr, right_node: exp.Expr, scope: Scope) -> Expr:
        """Row comparison, field by field (PostgreSQL's make_row_comparison_op): ``=`` is every
        field equal, ``<>`` any different, and the orderings are lexicographic."""
        right_inner = right_node
        while isinstance(right_inner, exp.Paren):
            right_inner = right_inner.this
        if _row_items(left_node) is not None and isinstance(right_inner, exp.Subquery):
            return self._row_sublink("rowcompare", op, left_node, right_inner, scope)
        pairs = self._row_operands(left_node, right_node, scope, op)
        if op in ("=", "<>"):
            parts = [self.as_boolean(resolve_operator(op, pair), "row comparison") for pair in pairs]
            return And(tuple(parts)) if op == "=" else Or(tuple(parts))
        strict = op[0]  # < for < and <=, > for > and >=
        result = self.as_boolean(resolve_operator(op, pairs[-1]), "row comparison")
        for pair in reversed(pairs[:-1]):
            before = self.as_boolean(resolve_operator(strict, pair), "row comparison")
            same = self.as_boolean(resolve_operator("=", pair), "row comparison")
            result = Or((before, And((same, result))))
        return result

    def _row_in(self, node: exp.In, scope: Scope, negate: bool) -> Expr:
        """``(a, b) [NOT] IN ((1, 2), (3, 4))``: row equality with any item (row inequality with all)."""
        query = node.args.get("query")
        if query is not None:  # (a, b) NOT IN (SELECT ...) is (a, b) <> ALL (SELECT ...)
            return self._row_sublink("all" if negate else "any", "<>" if negate else "=", node.this, query, scope)
        op = "<>" if negate else "="
        parts = [self._row_comparison(op, node.this, item, scope) for item in node.expressions]
        return And(tuple(parts)) if negate else Or(tuple(parts))

    def _distinct_from(self, node: exp.Expr, scope: Scope) -> Expr:
        not_distinct = isinstance(node, exp.NullSafeEQ)  # IS NOT DISTINCT FROM
        if _row_items(node.this) is not None or _row_items(node.expression) is not None:
            pairs = self._row_operands(node.this, node.expression, scope, "=")
            parts = [self._distinct_pair(l, r, not_distinct) for l, r in pairs]
            return And(tuple(parts)) if not_distinct else Or(tuple(parts))
        return self._distinct_pair(self._expr(node.this, scope), self._expr(node.expression, scope), not_distinct)

    def _distinct_pair(self, left: Expr, right: Expr, not_distinct: bool) -> Expr:
        eq = operator_call("=", (left, right))
        eq_fn = eq.fn

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
        kind = _quantifier(right)
        assert kind is not None
        target = right.expressions[0] if isinstance(right, exp.Anonymous) else right.this
        if not isinstance(target, (exp.Subquery, exp.Select, exp.Union, exp.Intersect, exp.Except)):
            left = self._expr(left_node, scope)
            return self.array_comparison(kind, op, left, self._expr(target, scope))
        if _row_items(left_node) is not None:
            return self._row_sublink(kind, op, left_node, target, scope)
        left = self._expr(left_node, scope)
        return self._sublink_comparison(kind, op, left, target, scope)

    def array_comparison(self, kind: str, op: str, left: Expr, array: Expr) -> Expr:
        """``left op ANY/ALL (array)``: PostgreSQL's ScalarArrayOpExpr (make_scalar_array_op)."""
        if array.type.kind in VECTOR_ELEMENTS:  # int2vector, oidvector: arrays of their elements
            elem_type = SqlType(VECTOR_ELEMENTS[array.type.kind])
            array = Call(f"::{elem_type}[]", list, (array,), SqlType("array", elem=elem_type))
        if array.type.kind == "unknown":
            elem = UNKNOWN  # an untyped literal: resolve the operator first, then read it as an array
        elif array.type.kind == "array":
            assert array.type.elem is not None
            elem = array.type.elem
        else:
            raise errors.WrongObjectType("op ANY/ALL (array) requires array on right side")
        call = operator_call(op, (ColumnRef(0, left.type), ColumnRef(1, elem)))
        if call.type.kind != "bool":
            raise errors.WrongObjectType("op ANY/ALL (array) requires operator to yield boolean")
        declared = call.args[1].type
        if declared.kind == "array" and not same_type(declared, elem):
            raise errors.UndefinedObject(f"could not find array type for data type {declared.name}")
        if array.type.kind == "unknown" or not same_type(declared, elem):
            array = coerce(array, SqlType("array", elem=declared), IMPLICIT)
            assert array.type.elem is not None
            call = operator_call(op, (ColumnRef(0, left.type), ColumnRef(1, array.type.elem)))
        compiled = _compile(call)

        def op_fn(v: Any, w: Any) -> Any:
            return compiled((v, w), None)

        quantified = values_arrays.all_op if kind == "all" else values_arrays.any_op

        def scalar_array_op(v: Any, arr: Any) -> Any:
            return quantified(op_fn, v, arr)

        return Call(f"{op} {kind.upper()}", scalar_array_op, (left, array), BOOL, strict=False)

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
        node = _values_as_query(node)
        if _row_items(node.this) is not None:
            return self._row_in(node, scope, negate=False)
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
            if target is not None and all(can_coerce_type(e.type, target) for e in (arg, *constants)):
                target = target.base if target.kind != "unknown" else TEXT
                # the items are coerced before the left-hand side, as in PostgreSQL
                coerced = tuple(coerce(i, target, IMPLICIT, construct="IN") for i in constants)
                arg_c = arg if same_type(arg.type, target) else coerce(arg, target, IMPLICIT, construct="IN")
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
        quantifier = _quantifier(node.expression)
        if quantifier is not None and escape is None:  # x LIKE ANY (array): the ~~ operator
            target = node.expression
            inner = target.expressions[0] if isinstance(target, exp.Anonymous) else target.this
            if isinstance(inner, (exp.Subquery, exp.Select, exp.Union, exp.Intersect, exp.Except)):
                return self._like_sublink(node, quantifier, self._expr(node.this, scope), inner, scope)
            return self._like_array(node, quantifier, self._expr(node.this, scope), self._expr(inner, scope))
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
        # the operators are ~~(text, text) and ~~(bpchar, text): a char(n) value keeps its padding,
        # a char(n) pattern or escape is converted to text (which removes it)
        if pattern.type.kind == "bpchar":
            pattern = coerce(pattern, TEXT, IMPLICIT)
        if esc is not None and esc.type.kind == "bpchar":
            esc = coerce(esc, TEXT, IMPLICIT)
        fn = like_function(case_insensitive, negate)
        args = (arg, pattern) if esc is None else (arg, pattern, esc)
        name = ("NOT " if negate else "") + ("ILIKE" if case_insensitive else "LIKE")
        return Call(name, fn, args, BOOL)

    def _like_sublink(self, node: exp.Expr, kind: str, arg: Expr, query: exp.Expr, scope: Scope) -> Expr:
        """``x [NOT] [I]LIKE ANY/ALL (subquery)``: the pattern operator applied to each row's value."""
        negate = bool(node.args.get("negate"))
        case_insensitive = isinstance(node, exp.ILike)
        plan, columns, args = self.subquery(query, scope)
        if len(columns) != 1:
            raise errors.SyntaxError("subquery has too many columns" if len(columns) > 1 else "subquery has too few columns")
        _check_quantified_like(node, arg.type, columns[0][1])
        fn = like_function(case_insensitive, negate)
        padded = columns[0][1].kind == "bpchar"  # char(n) patterns are text: no padding

        def like(v: Any, pattern: Any) -> Any:
            if v is None or pattern is None:
                return None
            return fn(v, pattern.rstrip(" ") if padded else pattern)

        return SubLink(kind, plan, args, BOOL, resolve_unknown(arg), like)

    def _like_array(self, node: exp.Expr, kind: str, arg: Expr, array: Expr) -> Expr:
        """``x [NOT] [I]LIKE ANY/ALL (array)``: the pattern operator applied to each element."""
        negate = bool(node.args.get("negate"))
        case_insensitive = isinstance(node, exp.ILike)
        if array.type.kind not in ("array", "unknown"):
            raise errors.WrongObjectType("op ANY/ALL (array) requires array on right side")
        _check_quantified_like(node, arg.type, array.type.elem if array.type.elem is not None else UNKNOWN)
        arg = resolve_unknown(arg)
        if array.type.kind == "unknown":
            array = coerce(array, SqlType("array", elem=TEXT), IMPLICIT)
        like = like_function(case_insensitive, negate)
        if array.type.elem is not None and array.type.elem.kind == "bpchar":  # char(n) patterns are text
            padded_like = like

            def like(v: Any, pattern: Any) -> Any:
                return padded_like(v, pattern.rstrip(" "))

        quantified = values_arrays.all_op if kind == "all" else values_arrays.any_op

        def like_array(v: Any, arr: Any) -> Any:
            return quantified(like, v, arr)

        return Call(("NOT " if negate else "") + ("ILIKE" if case_insensitive else "LIKE"), like_array, (arg, array), BOOL,
                    strict=False)

    def _escape(self, node: exp.Escape, scope: Scope) -> Expr:
        inner = node.this
        if isinstance(inner, (exp.Like, exp.ILike)):
            return self._like(inner, scope, node.expression)
        if isinstance(inner, exp.SimilarTo):
            return self._similar(node, scope)
        raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")

    # -- regular expressions -----------------------------------------------------------------------

    def _regex(self, node: exp.Expr, scope: Scope, negate: bool = False) -> Expr:
        """``a ~ b``, ``a ~* b`` (``negate``: ``!~``, ``!~*``): PostgreSQL's regex operators."""
        name = ("!" if negate else "") + ("~*" if isinstance(node, exp.RegexpILike) else "~")
        return resolve_operator(name, (self._expr(node.this, scope), self._expr(node.expression, scope)))

    def _similar(self, node: exp.Expr, scope: Scope, negate: bool = False) -> Expr:
        """``a [NOT] SIMILAR TO b [ESCAPE c]``: PostgreSQL's ``a ~ similar_to_escape(b [, c])``."""
        escape = node.expression if isinstance(node, exp.Escape) else None
        similar = node.this if isinstance(node, exp.Escape) else node
        arg = self._expr(similar.this, scope)
        pattern_args = [self._expr(similar.expression, scope)]
        if escape is not None:
            pattern_args.append(self._expr(escape, scope))
        pattern = self.call_function("similar_to_escape", pattern_args, "pg_catalog.similar_to_escape")
        return resolve_operator("!~" if negate else "~", (arg, pattern))

    # -- arrays -------------------------------------------------------------------------------------

    def _array(self, node: exp.Array, scope: Scope, target: SqlType | None = None) -> Expr:
        """``ARRAY[...]`` (PostgreSQL's transformArrayExpr; ``target``: the array type of an
        enclosing cast, which the elements are explicitly cast to) or ``ARRAY(subquery)``."""
        items = list(node.expressions)
        if len(items) == 1 and isinstance(items[0], (exp.Select, exp.Union, exp.Intersect, exp.Except)):
            if target is not None:
                return coerce(self._array_sublink(items[0], scope), target, EXPLICIT)
            return self._array_sublink(items[0], scope)
        elem_target = target.elem if target is not None else None
        elements: list[Expr] = []
        multidims = False
        for item in items:
            if isinstance(item, exp.Array) and not _is_array_sublink(item):
                elements.append(self._array(item, scope, target))
                multidims = True
            else:
                e = self._expr(item, scope)
                multidims = multidims or e.type.kind == "array"
                elements.append(e)
        if target is not None:
            assert elem_target is not None
            coerce_type = target if multidims else elem_target
            coerced = [coerce(e, coerce_type, EXPLICIT) for e in elements]
            array_type = target
        else:
            if not elements:
                raise errors.IndeterminateDatatype(
                    "cannot determine type of empty array",
                    hint="Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                )
            coerce_type = common_type(elements, "ARRAY")
            if multidims:
                array_type = coerce_type
            else:
                if not has_array_type(coerce_type):
                    raise errors.UndefinedObject(f"could not find array type for data type {coerce_type.name}")
                array_type = SqlType("array", elem=coerce_type)
            coerced = [coerce(e, coerce_type, IMPLICIT, construct="ARRAY") for e in elements]
        if multidims:
            return Call("ARRAY", _nested_array, tuple(coerced), array_type, strict=False)
        return Call("ARRAY", _flat_array, tuple(coerced), array_type, strict=False)

    def _jsonb_subscript(self, base: Expr, subscripts: Sequence[exp.Expr], scope: Scope) -> Expr:
        """``j['a'][0]``: PostgreSQL 14's jsonb subscripting, a path lookup as ``j #> '{a,0}'``
        (each subscript an integer or a text; NULL for a missing path or a NULL subscript)."""
        from ..values import json as values_json  # imported on first use: slow to import, rarely needed

        keys: list[Expr] = []
        for sub in subscripts:
            if isinstance(sub, exp.Slice):
                raise errors.DatatypeMismatch("jsonb subscript does not support slices")
            e = self._expr(sub, scope)
            if e.type.kind != "unknown" and can_coerce_type(e.type, INT4):
                e = coerce(e, INT4, IMPLICIT)
            elif e.type.kind == "unknown" or can_coerce_type(e.type, TEXT):
                e = coerce(e, TEXT, IMPLICIT)
            else:
                raise errors.DatatypeMismatch(
                    "subscript type " + e.type.name + " is not supported",
                    hint="jsonb subscript must be coercible to either integer or text.",
                )
            keys.append(e)

        def lookup(j: Any, *path: Any) -> Any:
            return values_json.jsonb_extract_path(j, [str(k) for k in path])

        return Call("jsonb subscript", lookup, (base, *keys), base.type)

    def _array_sublink(self, query: exp.Expr, scope: Scope) -> Expr:
        plan, columns, args = self.subquery(query, scope)
        if len(columns) != 1:
            raise errors.SyntaxError("subquery must return only one column")
        t = columns[0][1]
        if t.kind == "array":
            return SubLink("array", plan, args, t, op=_accumulate_arrays, name="array")
        if not has_array_type(t):
            raise errors.UndefinedObject(f"could not find array type for data type {t.name}")
        return SubLink("array", plan, args, SqlType("array", elem=t), name="array")

    def _bracket(self, node: exp.Bracket, scope: Scope) -> Expr:
        """``a[i][j]``, ``a[lo:hi]``: PostgreSQL's array subscripting."""
        subscripts: list[exp.Expr] = []
        base_node: exp.Expr = node
        while isinstance(base_node, exp.Bracket):
            subscripts[:0] = list(base_node.expressions)
            base_node = base_node.this
        if (
            isinstance(base_node, exp.Cast)
            and all(isinstance(sub, exp.Literal) and sub.is_int for sub in subscripts)
            and not (isinstance(base_node.args["to"], exp.DataType) and base_node.args["to"].this == exp.DataType.Type.ARRAY)
        ):
            # x::int[3]: sqlglot reads the array bounds of the type as a subscript; PostgreSQL ignores them
            target = SqlType("array", elem=sql_type(base_node.args["to"]))
            return self._cast(exp.Cast(this=base_node.this, to=exp.DataType.build("int")), scope, target)
        base = self._expr(base_node, scope)
        if base.type.kind == "jsonb":
            return self._jsonb_subscript(base, subscripts, scope)
        if base.type.kind in VECTOR_ELEMENTS and len(subscripts) == 1 and not isinstance(subscripts[0], exp.Slice):
            i = coerce(self._expr(subscripts[0], scope), INT4, ASSIGNMENT)  # int2vector, oidvector: from 0
            elem = SqlType(VECTOR_ELEMENTS[base.type.kind])
            return Call("subscript", vector_subscript, (base, i), elem, strict=False)
        if base.type.kind != "array":
            raise errors.DatatypeMismatch(
                f"cannot subscript type {base.type.name} because it does not support subscripting"
            )
        if len(subscripts) > values_arrays.MAXDIM:
            raise errors.ProgramLimitExceeded(
                f"number of array dimensions ({len(subscripts)}) exceeds the maximum allowed ({values_arrays.MAXDIM})"
            )
        assert base.type.elem is not None

        def index(n: exp.Expr) -> Expr:
            e = self._expr(n, scope)
            if e.type.kind != "int4" and not can_coerce(e.type, "int4", ASSIGNMENT):
                raise errors.DatatypeMismatch("array subscript must have type integer")
            return coerce(e, INT4, ASSIGNMENT)

        if not any(isinstance(sub, exp.Slice) for sub in subscripts):
            indexes = tuple(index(sub) for sub in subscripts)
            return Call("subscript", values_arrays.subscript, (base, *indexes), base.type.elem, strict=False)
        shape: list[int] = []  # per subscript: 0 plain upper bound, 1 lo:hi, 2 lo:, 3 :hi, 4 :
        bounds: list[Expr] = []
        for sub in subscripts:
            if isinstance(sub, exp.Slice):
                lo, hi = sub.this, sub.expression
                shape.append({(True, True): 1, (True, False): 2, (False, True): 3, (False, False): 4}[
                    (lo is not None, hi is not None)])
                bounds.extend(index(b) for b in (lo, hi) if b is not None)
            else:
                shape.append(0)
                bounds.append(index(sub))
        return Call(f"slice{shape}", _slicer(tuple(shape)), (base, *bounds), base.type.base, strict=False)

    # -- casts and conditionals ------------------------------------------------------------------

    def _cast(self, node: exp.Cast, scope: Scope, target: SqlType | None = None) -> Expr:
        """``CAST(x AS t)``, ``x::t`` (``target``: the type, when not the one written)."""
        domain = None
        if target is None and is_unknown_type(node.args["to"]):
            # the pseudo-type unknown: an untyped literal stays one (PostgreSQL reads 'abc'::unknown
            # as 'abc'); nothing else casts to it
            arg = self._expr(node.this, scope)
            if arg.type.kind != "unknown":
                raise errors.CannotCoerce(f"cannot cast type {arg.type.name} to unknown")
            return arg
        if target is None:
            target, domain = declared_type(node.args["to"], self.catalog, self.search_path)
        if domain is not None:
            from .domains import cast_to_domain

            return cast_to_domain(coerce(self._expr(node.this, scope), target, EXPLICIT), domain)
        inner = node.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, exp.Array) and target.kind == "array" and not _is_array_sublink(inner):
            return coerce(self._array(inner, scope, target), target, EXPLICIT)  # ARRAY[...]::t[]
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

    def _anonymous(self, node: exp.Anonymous, scope: Scope, schema: str | None = None) -> Expr:
        """Every ordinary call ``name(args)`` (see :mod:`.dialect`: calls reach us as written);
        ``schema``: the name was qualified with it (messages show it)."""
        operator = prefix_operator(node)
        if operator is not None:  # @ x, |/ x, + x...: the dialect's form of a prefix operator
            return resolve_operator(operator, (self._expr(node.expressions[0], scope),))
        name = function_name(node)
        shown = name if schema is None else f"{schema}.{name}"
        if name == "row" and isinstance(node.this, exp.Identifier) and node.this.quoted:
            # "row"(1, 2) is a call of a function pg_proc does not have; ROW(1, 2) is a row
            raise _no_function(shown, [self._expr(a, scope).type for a in node.expressions], ambiguous=False)
        return self.call(name, list(node.expressions), scope, set_returning=node is self._srf_call, shown_name=shown)

    def _qualified(self, node: exp.Dot, scope: Scope) -> Expr:
        """``schema.function(args)``: built-in functions live in pg_catalog, SQL functions in theirs."""
        target = node.expression
        if isinstance(target, exp.Anonymous) and isinstance(node.this, exp.Identifier):
            schema = node.this.name.lower()
            if schema == "pg_catalog":
                return self._anonymous(target, scope, schema)
            name = function_name(target)
            if (schema, name) in system.PROCEDURES:
                args = [self._expr(a, scope) for a in target.expressions]
                raise errors.WrongObjectType(
                    f"{schema}.{name}({', '.join(a.type.name for a in args)}) is a procedure",
                    hint="To call a procedure, use CALL.",
                )
            if schema not in self.catalog.schemas and schema not in system.SYSTEM_SCHEMAS:
                raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
            args = [self._expr(a, scope) for a in target.expressions]
            return self.call_function(
                name, args, f"{schema}.{name}", set_returning=target is self._srf_call, schema=schema
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
        if isinstance(node, exp.Overlaps):  # (s1, e1) OVERLAPS (s2, e2): pg_catalog.overlaps(s1, e1, s2, e2)
            periods: list[Expr] = []
            for side, part in (("left", node.this), ("right", node.expression)):
                if not isinstance(part, exp.Tuple):  # the grammar's rows: (x) is no row
                    raise errors.SyntaxError(f'syntax error at or near "{"overlaps" if side == "left" else ")"}"')
                if len(part.expressions) != 2:
                    raise errors.SyntaxError(f"wrong number of parameters on {side} side of OVERLAPS expression")
                periods.extend(self._expr(i, scope) for i in part.expressions)
            return self.call_function("overlaps", periods, "pg_catalog.overlaps")
        if isinstance(node, exp.Normalize):  # normalize(x [, NFC | NFD | NFKC | NFKD])
            form = node.args.get("form")
            operands = [self._expr(node.this, scope)]
            if isinstance(form, (exp.Column, exp.Var, exp.Identifier)) and form.name.upper() in _NORMAL_FORMS:
                operands.append(Const(form.name.upper(), UNKNOWN))
            elif form:
                raise syntax_error_near(form)
            return self.call_function("normalize", operands, "pg_catalog.normalize")
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
        call = self.call_function(name, args, f"pg_catalog.{name}" if args else None)
        precision = node.this if isinstance(node, _PRECISION_NODES) else None
        if isinstance(precision, exp.Literal):  # current_time(2): rounded as the type time(2) rounds
            return coerce(call, SqlType(call.type.kind, precision=min(int(precision.this), 6)), EXPLICIT)
        return call

    def _at_time_zone(self, node: exp.AtTimeZone, scope: Scope) -> Expr:
        args = [self._expr(node.args["zone"], scope), self._expr(node.this, scope)]
        return self.call_function("timezone", args, "pg_catalog.timezone")

    def call(
        self, name: str, arg_nodes: Sequence[exp.Expr], scope: Scope, filter_node: exp.Expr | None = None,
        *, set_returning: bool = False, shown_name: str | None = None,
    ) -> Expr:
        """``name(args)``: an aggregate, or a function chosen among its overloads
        (:meth:`call_function`); ``shown_name``: the name as messages show it."""
        if name in functions.SQL_VALUE_KEYWORDS:  # written as a call: "current_date"() (see dialect)
            raise _no_function(shown_name or name, [self._expr(a, scope).type for a in arg_nodes], ambiguous=False)
        if name in functions.REFUSED_FUNCTIONS:
            raise errors.FeatureNotSupported(f"function {name} not supported")
        if name in functions.GEOMETRIC_TYPES:
            raise errors.FeatureNotSupported(f"datatype {name} not supported")
        if name in functions.TEXT_SEARCH_FUNCTIONS:
            raise _text_search_refusal(name, arg_nodes)
        if name in functions.NOT_IMPLEMENTED_FUNCTIONS and name not in functions.FUNCTIONS:
            raise errors.FeatureNotSupported(f"function {name} is not supported by pydsql yet")
        if name in functions.AGGREGATES:
            return self._aggregate(name, arg_nodes, scope, filter_node)
        if name == "grouping" and filter_node is None:
            return self._grouping(arg_nodes, scope)
        if name == "row" and filter_node is None:
            return self._row(arg_nodes, scope)
        if name == "pg_typeof" and len(arg_nodes) == 1 and filter_node is None:
            return self._pg_typeof(self._expr(arg_nodes[0], scope))
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
        if arg_nodes and isinstance(arg_nodes[-1], exp.Variadic):
            args = [self._expr(a, scope) for a in arg_nodes[:-1]]
            return self._variadic_call(name, args, self._expr(arg_nodes[-1].this, scope))
        named = self._named_notation(name, arg_nodes, scope)
        if named is not None:
            args, shown = named
            try:
                return self.call_function(name, args, set_returning=set_returning)
            except errors.UndefinedFunction:
                raise _no_named_function(name, shown) from None
        args = [self._expr(a, scope) for a in arg_nodes]
        if name == "unnest" and set_returning and len(args) > 1:
            return self._multi_unnest(args)
        return self.call_function(name, args, shown_name, set_returning=set_returning)

    def _named_notation(
        self, name: str, arg_nodes: Sequence[exp.Expr], scope: Scope
    ) -> tuple[list[Expr], str] | None:
        """The arguments of a call in named or mixed notation (``f(1, b => 2)``, ``f(b := 2)``) in
        positional order, skipped parameters given their defaults, and the call as PostgreSQL
        shows it in messages; None for a positional call.

        Parameter names are the built-in ones PostgreSQL declares (``functions.PARAMETER_NAMES``)
        or those of the one SQL function of that name."""
        first = next((i for i, a in enumerate(arg_nodes) if isinstance(a, (exp.Kwarg, exp.PropertyEQ))), None)
        if first is None:
            return None
        positional = [self._expr(a, scope) for a in arg_nodes[:first]]
        named: dict[str, Expr] = {}
        for a in arg_nodes[first:]:
            if not isinstance(a, (exp.Kwarg, exp.PropertyEQ)):
                raise errors.SyntaxError("positional argument cannot follow named argument")
            key = a.this.name if isinstance(a.this, exp.Identifier) and a.this.quoted else a.this.name.lower()
            if key in named:
                raise errors.SyntaxError(f'argument name "{key}" used more than once')
            named[key] = self._expr(a.expression, scope)
        shown = ", ".join([a.type.name for a in positional] + [f"{k} => {v.type.name}" for k, v in named.items()])
        missing = _no_named_function(name, shown)
        params, defaults = self._parameters(name)
        if any(k not in params or params.index(k) < len(positional) for k in named):
            raise missing
        args = list(positional)
        for p in params[len(positional): max(params.index(k) for k in named) + 1]:
            if p in named:
                args.append(named[p])
            elif p in defaults:
                args.append(self._expr(parse_expression(defaults[p]), scope))
            else:
                raise missing
        return args, shown

    def _parameters(self, name: str) -> tuple[tuple[str, ...], dict[str, str]]:
        """(parameter names, defaults by name) of the function ``name`` for named notation."""
        if name in functions.PARAMETER_NAMES:
            return functions.PARAMETER_NAMES[name], functions.PARAMETER_DEFAULTS.get(name, {})
        routines = [r for s in self.search_path for r in self.catalog.routines.get((s, name), ())]
        if len(routines) != 1 or None in routines[0].arg_names:
            return (), {}
        routine = routines[0]
        names = tuple(n for n in routine.arg_names if n is not None)
        return names, dict(zip(names[len(names) - len(routine.defaults):], routine.defaults))

    def _variadic_call(self, name: str, args: Sequence[Expr], array: Expr) -> Expr:
        """``f(a, VARIADIC arr)``: the array's elements are the variadic arguments of a
        variadic function (``format``, ``concat``, ``json_build_object``, ``jsonb_extract_path``...)."""
        if array.type.kind != "array":
            raise errors.DatatypeMismatch("VARIADIC argument must be an array")
        assert array.type.elem is not None
        types = [a.type for a in args] + [array.type]
        candidates = [
            (f.args[:-1] + ("anyarray" if f.args[-1] == "any" else f"{f.args[-1]}[]",), f)
            for f in functions.candidates(name) if f.variadic and not f.set_returning and not f.context
        ]
        chosen = select_candidate(candidates, types)
        if chosen is None or chosen is AMBIGUOUS:
            raise _no_function(name, types, ambiguous=chosen is AMBIGUOUS)
        f: functions.Function = chosen
        fixed = f.args[:-1]
        resolved = declared_types(fixed, [a.type for a in args], f.result)
        coerced = [_coerce_argument(a, k, t) for a, k, t in zip(args, fixed, resolved.args)]
        if f.args[-1] == "any":
            elem = array.type.elem
        else:
            elem = kind_type(f.args[-1])
            array = coerce(array, SqlType("array", elem=elem), IMPLICIT)
        fixed_types = [a.type for a in coerced]
        base_fn = f.fn
        specialized: dict[int, Callable[..., Any]] = {}
        null_means_empty = name == "format"  # format(fmt, VARIADIC NULL) has no arguments

        def variadic(*values: Any) -> Any:
            arr = values[-1]
            if arr is None and not null_means_empty:
                return None
            items = [] if arr is None else values_arrays.flatten(arr)
            fn = specialized.get(len(items))
            if fn is None:
                kinds = fixed + (f.args[-1],) * len(items)
                fn = specialized[len(items)] = values_catalog.specialize(
                    base_fn, kinds, fixed_types + [elem] * len(items), resolved.elem
                )
            fixed_values = values[:-1]
            if f.strict and any(v is None for v in (*fixed_values, *items)):
                return None
            return fn(*fixed_values, *items)

        return Call(f"{name} VARIADIC", variadic, (*coerced, array), resolved.result, strict=False, volatile=f.volatile)

    def call_function(
        self, name: str, args: Sequence[Expr], shown_name: str | None = None, *, set_returning: bool = False,
        schema: str | None = None,
    ) -> Expr:
        """Resolve ``name(args)`` among its overloads; ``set_returning`` allows a set-returning one.

        Polymorphic arguments are resolved with PostgreSQL's rules (:mod:`.polymorphic`) and
        the implementation is specialized for the resolved types
        (:func:`pydsql.values.catalog.specialize`)."""
        candidates = [] if schema is not None else list(functions.candidates(name))
        if self.catalog.routines:  # SQL functions (CREATE FUNCTION)
            from . import routines  # routines plans bodies with this module

            candidates.extend(routines.candidates(self, name, schema))
        types = [a.type for a in args]
        chosen = select_candidate([(_arg_kinds(f, len(args)), f) for f in candidates], types)
        if chosen is None and len(args) == 1:
            cast = self._function_style_cast(name, args[0], schema)
            if cast is not None:
                return cast
        if chosen is None or chosen is AMBIGUOUS:
            raise _no_function(shown_name or name, types, ambiguous=chosen is AMBIGUOUS)
        f: functions.Function = chosen
        if f.fn is functions.unimplemented:
            raise errors.FeatureNotSupported(
                f"function {name}({', '.join(kind_type(k).name for k in f.args)}) is not supported by pydsql"
            )
        kinds = _arg_kinds(f, len(args))
        resolved = declared_types(kinds, types, f.result)
        coerced = tuple(_coerce_argument(a, k, t) for a, k, t in zip(args, kinds, resolved.args))
        if f.result.kind == "record" and not set_returning and _is_record_function(name):
            # its columns come from a column definition list in FROM
            raise errors.FeatureNotSupported(f"could not determine row type for result of {name}")
        fn = values_catalog.specialize(f.fn, kinds, [a.type for a in coerced], resolved.elem)
        if f.set_returning:
            if not set_returning:
                # the select list and ORDER BY (where window functions are allowed too): a ProjectSet
                if self.window_forbidden is not None:
                    raise _misplaced_srf(self._agg_forbidden, self.window_forbidden)
                if any(isinstance(sub, Call) and sub.set_returning for a in coerced for sub in a.walk()):
                    raise errors.FeatureNotSupported(
                        "set-returning functions nested in set-returning function arguments are not supported by pydsql yet"
                    )
            columns = f.columns or ((None, f.result),)
            self.srf_columns = [
                (n, declared_types(kinds, types, t).result if t.kind in POLYMORPHIC_KINDS else t) for n, t in columns
            ]
            if not set_returning and len(columns) > 1:
                # several output columns in the select list: one record per row (jsonb_each(j) -> (k,v))
                fn = _records_of(fn, self.srf_columns)
                self.srf_columns = [(None, SqlType("record"))]
            return Call(name, fn, coerced, self.srf_columns[0][1], strict=f.strict, set_returning=True, context=f.context)
        if f.context:
            return ContextCall(name, fn, coerced, resolved.result, volatile=f.volatile, strict=f.strict)
        return Call(name, fn, coerced, resolved.result, strict=f.strict, volatile=f.volatile)

    def _function_style_cast(self, name: str, arg: Expr, schema: str | None) -> Expr | None:
        """``typename(x)`` read as ``CAST(x AS typename)``, or None: PostgreSQL's rule for a
        one-argument call that matches no function but names a type (func_get_detail): an
        untyped literal or parameter always converts, another value when an explicit cast
        exists, except a row to a string type.  (PostgreSQL gives such a call to the cast
        function of that name when the cast has one, ``int4(numeric)``: the same conversion.)
        The type is a ``pg_type`` name (``int4``, not ``integer``) or a domain."""
        domain = find_domain(self.catalog, schema, name, self.search_path) if schema != "pg_catalog" else None
        if domain is not None:
            target = domain.base
        else:
            info = KINDS.get(name)
            if schema not in (None, "pg_catalog") or info is None or info.category in ("P", "X", "C") or name == "array":
                return None
            # as CAST(x AS "name"): 0A000 for the types pydsql does not implement
            target = sql_type(system.type_name_node(f'"{name}"'))
        source = arg.type
        if source.kind != "unknown":
            if source.kind in ("record", "rowtype") and target.category == "S":
                return None
            if cast_function(source, target, EXPLICIT) is None:
                return None
        cast = coerce(arg, target, EXPLICIT)
        if domain is None:
            return cast
        from .domains import cast_to_domain

        return cast_to_domain(cast, domain)

    def _multi_unnest(self, args: Sequence[Expr]) -> Expr:
        """``unnest(a, b, ...)`` in FROM: the arrays side by side, the shorter ones padded with NULLs
        (PostgreSQL's ROWS FROM (unnest(a), unnest(b), ...))."""
        calls = [self.call_function("unnest", [a], set_returning=True) for a in args]
        assert all(isinstance(c, Call) for c in calls)
        columns: list[tuple[str | None, SqlType]] = [(None, c.type) for c in calls]
        fns = [c.fn for c in calls if isinstance(c, Call)]

        def zipped(*arrays: Any) -> Iterator[tuple[Any, ...]]:
            iterators = [iter(()) if a is None else fn(a) for fn, a in zip(fns, arrays)]
            return itertools.zip_longest(*iterators)

        self.srf_columns = columns
        return Call("unnest", zipped, tuple(c.args[0] for c in calls if isinstance(c, Call)), columns[0][1],
                    strict=False, set_returning=True)

    def _aggregate(
        self, name: str, arg_nodes: Sequence[exp.Expr], scope: Scope, filter_node: exp.Expr | None,
        within_group: bool = False, direct: int = 0,
    ) -> Expr:
        """An aggregate call, checked in PostgreSQL's order: arguments, then the
        function's existence, then nesting and placement (transformAggregateCall).
        ``direct``: how many of the arguments are an ordered-set aggregate's direct ones."""
        order_node: exp.Order | None = None
        if arg_nodes and isinstance(arg_nodes[-1], exp.Order):  # ORDER BY wraps the last argument
            order_node = arg_nodes[-1]
            inner = order_node.this
            arg_nodes = [*arg_nodes[:-1], *([inner] if inner is not None else [])]
        distinct = False
        if len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Distinct):
            distinct = True
            arg_nodes = list(arg_nodes[0].expressions)
        star = len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Star)
        if not arg_nodes and name == "count":
            raise errors.WrongObjectType(
                "count(*) must be used to call a parameterless aggregate function",
                hint="To call a function that takes no arguments, use count(*).",
            )
        if star and name != "count":
            raise errors.WrongObjectType(f"{name}(*) specified, but {name} is not an aggregate function")
        # An aggregate inside the arguments is checked when it is analyzed (its placement
        # first); nesting is reported for the outer one, after the lookup.
        with self.windows_forbidden("an aggregate"):
            args = [] if star else [self._expr(a, scope) for a in arg_nodes]
            order: list[tuple[Expr, bool, bool]] = []
            if order_node is not None:
                for o in order_node.expressions:
                    desc = bool(o.args.get("desc"))
                    nulls_first = o.args.get("nulls_first")
                    key = resolve_unknown(self._expr(o.this, scope))
                    order.append((key, desc, desc if nulls_first is None else bool(nulls_first)))
            filt = None
            if filter_node is not None:
                saved, self._agg_forbidden = self._agg_forbidden, "FILTER"
                try:
                    filt = self.as_boolean(self._expr(filter_node, scope), "FILTER")
                finally:
                    self._agg_forbidden = saved
        if within_group and name in _window.HYPOTHETICAL_SET:
            args, chosen = self._hypothetical_set(name, args, order)
            types = [a.type for a in args]
        else:
            types = [a.type for a in args]
            chosen = select_candidate([(a.args, a) for a in functions.AGGREGATES.get(name, ())], types)
        if chosen is None or chosen is AMBIGUOUS:
            raise _no_function(name, types, ambiguous=chosen is AMBIGUOUS)
        if (name in functions.ORDERED_SET_AGGREGATES or name in _window.HYPOTHETICAL_SET) != within_group:
            raise errors.WrongObjectType(
                f"{name} is not an ordered-set aggregate, so it cannot have WITHIN GROUP" if within_group
                else f"WITHIN GROUP is required for ordered-set aggregate {name}"
            )
        every = [*args, *(e for e, _, _ in order)]
        if any(isinstance(sub, AggCall) for a in every for sub in a.walk()):
            raise errors.GroupingError("aggregate function calls cannot be nested")
        read = [sub for a in (*every, *([filt] if filt is not None else [])) for sub in a.walk()]
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
                f"function {name}({', '.join(kind_type(k).name for k in agg.args)}) is not supported by pydsql"
            )
        resolved = declared_types(agg.args, types, agg.result)
        coerced = tuple(_coerce_argument(a, k, t) for a, k, t in zip(args, agg.args, resolved.args))
        if distinct and order:
            keys = {a.key() for a in coerced}
            if any(e.key() not in keys and resolve_unknown(e).key() not in keys for e, _, _ in order):
                raise errors.InvalidColumnReference(
                    "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"
                )
        agg, distinct = functions.aggregate_for_call(
            agg, [a.type for a in coerced], distinct, [(e.type, d, n) for e, d, n in order]
        )
        return AggCall(agg, (*coerced, *(e for e, _, _ in order)), resolved.result, distinct, filt, direct)

    @staticmethod
    def _hypothetical_set(
        name: str, args: list[Expr], order: list[tuple[Expr, bool, bool]]
    ) -> tuple[list[Expr], functions.Aggregate | None]:
        """``rank(h1, h2) WITHIN GROUP (ORDER BY k1, k2)`` (``args``: the hypothetical values then
        the keys): each value and its key brought to their common type (42804 "WITHIN GROUP types
        ... cannot be matched"), and the aggregate of the call (None: as many values as keys are
        needed, PostgreSQL's 42883)."""
        width = len(order)
        if len(args) != 2 * width:
            return args, None
        hypothetical, keys = args[:width], args[width:]
        common = [common_type([k, h], "WITHIN GROUP") for h, k in zip(hypothetical, keys)]
        coerced = [coerce(e, t, IMPLICIT, construct="WITHIN GROUP") for e, t in zip(hypothetical, common)]
        coerced += [coerce(e, t, IMPLICIT, construct="WITHIN GROUP") for e, t in zip(keys, common)]
        return coerced, functions.hypothetical_set_aggregate(name, common, [(d, n) for _, d, n in order])

    def _pg_typeof(self, arg: Expr) -> Expr:
        """``pg_typeof(x)``: the regtype of ``x`` as analyzed (the argument is still evaluated,
        for its errors, as PostgreSQL does)."""
        from ..values.oids import ObjectName

        t = arg.type
        value = ObjectName(t.oid, t.name)
        return Call("pg_typeof", lambda _: value, (arg,), SqlType("regtype"), strict=False)

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
        if isinstance(inner, exp.WithinGroup):
            return self._within_group(inner, scope, cond)
        if not isinstance(inner, exp.Anonymous):
            raise errors.SyntaxError('syntax error at or near "FILTER"')
        return self.call(function_name(inner), list(inner.expressions), scope, filter_node=cond)

    def _within_group(self, node: exp.WithinGroup, scope: Scope, filter_node: exp.Expr | None = None) -> Expr:
        """``f(direct args) WITHIN GROUP (ORDER BY x)``: an ordered-set aggregate, analyzed as
        ``f(direct args, x ORDER BY x)``: its accumulator sees the rows sorted by ``x``."""
        func, order = node.this, node.expression
        if not isinstance(func, exp.Anonymous) or not isinstance(order, exp.Order):
            raise errors.SyntaxError('syntax error at or near "WITHIN"')
        name = function_name(func)
        # every sort key is an argument (resolution then finds no percentile_cont of two keys)
        keys = order.expressions
        arg_nodes = [*func.expressions, *(k.this for k in keys[:-1]), exp.Order(this=keys[-1].this, expressions=keys)]
        return self._aggregate(name, arg_nodes, scope, filter_node, within_group=True, direct=len(func.expressions))

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


_ROW_COMPARISONS = frozenset({"=", "<>", "<", "<=", ">", ">="})


def _text_search_refusal(name: str, arg_nodes: Sequence[exp.Expr]) -> errors.Error:
    """A text search call: 42704 for a configuration DSQL lacks (it has only ``simple``, the
    argument is read as regconfig during analysis, as PostgreSQL does), else 0A000: pydsql
    implements no text search."""
    if len(arg_nodes) >= 2 and isinstance(arg_nodes[0], exp.Literal) and arg_nodes[0].is_string:
        written = arg_nodes[0].this
        quoted = written.startswith('"') and written.endswith('"') and len(written) > 1
        config = written[1:-1] if quoted else written.lower()
        if config not in ("simple", "pg_catalog.simple"):
            return errors.UndefinedObject(f'text search configuration "{config}" does not exist')
    return errors.FeatureNotSupported(f"text search ({name}) is not supported by pydsql yet")


def _is_unknown_test(node: exp.Expr) -> bool:
    """Whether the right side of IS is UNKNOWN (the dialect makes the keyword a bare name)."""
    return isinstance(node, exp.Column) and not node.table and node.name == "unknown" and not node.this.quoted


def is_unknown_type(node: exp.Expr) -> bool:
    """Whether a type name is the pseudo-type ``unknown`` (``unknown``, ``pg_catalog.unknown``)."""
    if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.UNKNOWN:
        return True
    return user_type_name(node) == ("pg_catalog", "unknown")


def _check_quantified_like(node: exp.Expr, left: SqlType, right: SqlType) -> None:
    """``x [NOT] [I]LIKE ANY/ALL (...)``: the pattern operator (``~~``, ``!~~*``...) exists
    only between strings (an untyped literal counts as one)."""
    if (left.is_string or left.kind == "unknown") and (right.is_string or right.kind == "unknown"):
        return
    op = ("!" if node.args.get("negate") else "") + ("~~*" if isinstance(node, exp.ILike) else "~~")
    raise errors.UndefinedFunction(
        f"operator does not exist: {left.name} {op} {right.name}",
        hint="No operator matches the given name and argument types. You might need to add explicit type casts.",
    )


def _values_as_query(node: exp.In) -> exp.In:
    """``x IN (VALUES (1), (2))`` is IN over a subquery (sqlglot reads the VALUES as the list)."""
    if len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Values):
        node = node.copy()
        node.set("query", node.expressions[0])
        node.set("expressions", [])
    return node


def _row_items(node: exp.Expr) -> list[exp.Expr] | None:
    """The fields of a row constructor, ``(a, b)`` or ``ROW(...)``; None for anything else."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Tuple):
        return list(node.expressions)
    if isinstance(node, exp.Anonymous) and function_name(node) == "row":
        return list(node.expressions)
    return None


def _records_of(fn: Callable[..., Any], columns: Sequence[tuple[str | None, SqlType]]) -> Callable[..., Any]:
    """A multi-column set-returning function whose rows come out as records (Records of their texts)."""
    outputs = [values_catalog.output_function(t) for _, t in columns]
    record = record_class([(name or f"f{i}", t) for i, (name, t) in enumerate(columns, 1)])

    def records(*args: Any) -> Any:
        rows = fn(*args)
        if rows is None:
            return None
        return (record(None if v is None else out(v) for out, v in zip(outputs, row)) for row in rows)

    return records


def row_value(fields: Sequence[Expr], t: SqlType, names: Sequence[str]) -> Expr:
    """A row built from ``fields`` (named ``names``): the Record of their output texts."""
    # (an untyped parameter never runs here: the statement cannot be bound, see _resolve_unless_param)
    outputs = [
        str if f.type.kind == "unknown" else identity if f.type.kind in ("record", "rowtype")  # a row stays a row
        else values_catalog.output_function(f.type) for f in fields
    ]
    record = record_class(list(zip(names, (f.type for f in fields))))

    def build(*values: Any) -> Record:
        return record(None if v is None else out(v) for out, v in zip(outputs, values))

    return Call("row", build, tuple(fields), t, strict=False)


def _misplaced_srf(clause: str | None, within: str | None) -> errors.Error:
    """The error for a set-returning call where it may not stand (PostgreSQL's check_srf_call_placement).

    ``clause`` is the clause refusing aggregates (None where they are allowed),
    ``within`` why window functions are refused here (None in the select list
    and ORDER BY, where set-returning calls run in a ProjectSet).
    """
    move = "You might be able to move the set-returning function into a LATERAL FROM item."
    if within == "an aggregate":
        return errors.FeatureNotSupported("aggregate function calls cannot contain set-returning function calls", hint=move)
    if within == "a window function":
        return errors.FeatureNotSupported("window function calls cannot contain set-returning function calls", hint=move)
    if clause == "functions in FROM":
        return errors.FeatureNotSupported("set-returning functions must appear at top level of FROM")
    if clause == "GROUP BY" or within == "window definitions":  # PostgreSQL allows these two
        where = clause or within
        return errors.FeatureNotSupported(f"set-returning functions in {where} are not supported by pydsql yet")
    return errors.FeatureNotSupported(f"set-returning functions are not allowed in {clause or within}")


_NORMAL_FORMS = frozenset({"NFC", "NFD", "NFKC", "NFKD"})  # normalize(x, NFD): keywords of the grammar
#: the nodes of the SQL-standard value functions that take a precision (the dialect admits an integer only)
_PRECISION_NODES = (exp.CurrentTimestamp, exp.CurrentTime, exp.Localtime, exp.Localtimestamp)


def _is_record_function(name: str) -> bool:
    """json[b]_to_record[set]: rows of a column definition list (see query._function_item)."""
    from ..values.json import RECORD_FUNCTIONS  # (json is imported on first use: a large module)

    return name in RECORD_FUNCTIONS


def _is_qualified_star(node: exp.Expr) -> bool:
    """``t.*`` (in an expression: t's whole row; in a row constructor: its columns)."""
    return isinstance(node, exp.Column) and isinstance(node.this, exp.Star) and bool(node.table)


def _no_named_function(name: str, shown: str) -> errors.Error:
    return errors.UndefinedFunction(
        f"function {name}({shown}) does not exist",
        hint="No function matches the given name and argument types. You might need to add explicit type casts.",
    )


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
    """An argument coerced to a function's declared kind (polymorphic kinds and ``"any"``
    take the argument as it is, an unknown literal as text)."""
    if kind in POLYMORPHIC:
        return resolve_unknown(a)
    return coerce(a, operand_type(a.type, kind), IMPLICIT)


def _coerce_argument(a: Expr, kind: str, declared: SqlType) -> Expr:
    """An argument coerced to its declared type once the call's polymorphic kinds are
    resolved; ``"any"`` takes the argument as it is (an unknown literal as text)."""
    if kind == "any":
        return _resolve_unless_param(a)
    return coerce(a, argument_type(a.type, declared), IMPLICIT)


def _resolve_unless_param(e: Expr) -> Expr:
    """What a function's ``"any"`` argument or a ROW field takes: an unknown literal as
    text, a parameter as it is.  PostgreSQL gives no type to a parameter there, so one
    nothing else types cannot be bound (42P18, or 42P08 when another reference is typed)."""
    return e if isinstance(e, Param) else resolve_unknown(e)


def _arg_kinds(f: functions.Function, n: int) -> tuple[str, ...]:
    if f.variadic and n >= len(f.args):
        return f.args[:-1] + (f.args[-1],) * (n - len(f.args) + 1)
    return f.args


_BINARY_OPERATORS: dict[type[exp.Expr], str] = {
    exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%",
    exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=",
    exp.DPipe: "||", exp.BitwiseAnd: "&", exp.BitwiseOr: "|", exp.BitwiseXor: "#",
    exp.BitwiseLeftShift: "<<", exp.BitwiseRightShift: ">>", exp.StartsWith: "^@",
}


#: operators sqlglot parses into nodes of their own (json, containment, overlap)
_OTHER_OPERATORS: dict[type[exp.Expr], str] = {
    exp.JSONExtract: "->", exp.JSONExtractScalar: "->>", exp.JSONBExtract: "#>", exp.JSONBExtractScalar: "#>>",
    exp.JSONBContainsTopKey: "?", exp.JSONBContainsAnyTopKeys: "?|", exp.JSONBContainsAllTopKeys: "?&",
    exp.JSONBDeleteAtPath: "#-", exp.ArrayContainsAll: "@>", exp.ArrayContainedBy: "<@", exp.ArrayOverlaps: "&&",
    exp.JSONBPathExists: "@?", exp.Adjacent: "-|-",
}


def _other_operator(self: Analyzer, node: exp.Expr, scope: Scope) -> Expr:
    name = _OTHER_OPERATORS[type(node)]
    left = self._expr(node.this, scope)  # the left operand first, as PostgreSQL analyzes them
    right_node = node.expression
    if isinstance(right_node, exp.JSONPath):
        # sqlglot turns the literal right operand of -> and ->> into a JSON path: take it back
        parts = [p for p in right_node.expressions if not isinstance(p, exp.JSONPathRoot)]
        if len(parts) != 1 or not isinstance(parts[0], (exp.JSONPathKey, exp.JSONPathSubscript)):
            raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")
        value = parts[0].this
        right: Expr = Const(str(value), UNKNOWN) if isinstance(parts[0], exp.JSONPathKey) else number_literal(str(value))
    else:
        right = self._expr(right_node, scope)
    return resolve_operator(name, (left, right))


#: nodes whose operator binds as loosely as PostgreSQL's "other operators" (->, ||, @>...) or looser
_LOOSE_OPERATORS: tuple[type[exp.Expr], ...] = (
    exp.And, exp.Or, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is,
    exp.Like, exp.ILike, exp.SimilarTo, exp.Escape, exp.In, exp.Between, exp.RegexpLike, exp.RegexpILike, exp.DPipe,
    exp.BitwiseAnd, exp.BitwiseOr, exp.BitwiseXor, exp.BitwiseLeftShift, exp.BitwiseRightShift, *_OTHER_OPERATORS,
)


def _lambda(self: Analyzer, node: exp.Lambda, scope: Scope) -> Expr:
    """``f(j -> 'a')``: sqlglot reads ``name -> ...`` in a function argument as a lambda
    (``name`` its parameter, the rest of the argument its body).  PostgreSQL has no
    lambdas: it is the json operator ``->`` applied to the column ``name``, binding
    tighter than comparisons and as tight as the other operators (left to right)."""
    params = node.expressions
    if len(params) != 1 or not isinstance(params[0], exp.Identifier):
        raise errors.SyntaxError('syntax error at or near "->"')
    column = exp.Column(this=params[0].copy())
    body = node.this.copy()
    parent: exp.Expr | None = None
    leaf = body
    while isinstance(leaf, _LOOSE_OPERATORS) and leaf.this is not None:
        parent, leaf = leaf, leaf.this
    arrow = exp.JSONExtract(this=column, expression=leaf)
    if parent is None:
        return self._expr(arrow, scope)
    parent.set("this", arrow)
    return self._expr(body, scope)


def _quantifier(node: exp.Expr | None) -> str | None:
    """"any"/"all" when ``node`` is the right side of ``op ANY (...)``/``op ALL (...)``/``op SOME (...)``."""
    if isinstance(node, exp.Any):
        return "any"
    if isinstance(node, exp.All):
        return "all"
    if isinstance(node, exp.Anonymous) and len(node.expressions) == 1 and isinstance(node.this, str):
        word = node.this.upper()  # ALL and SOME are reserved words: never function names
        if word == "ALL":
            return "all"
        if word == "SOME":
            return "any"
    return None


def _is_array_sublink(node: exp.Array) -> bool:
    items = node.expressions
    return len(items) == 1 and isinstance(items[0], (exp.Select, exp.Union, exp.Intersect, exp.Except))


def with_ordinality(call: Expr, width: int) -> Expr:
    """A function in FROM ... WITH ORDINALITY: its rows (a scalar function's one row)
    as tuples followed by their number, from 1."""
    if isinstance(call, Call) and call.set_returning:
        fn = call.fn

        def numbered(*args: Any) -> Any:
            rows = fn(*args)
            if rows is None:
                return None
            if width == 1:
                return ((v, n) for n, v in enumerate(rows, 1))
            return ((*v, n) for n, v in enumerate(rows, 1))

        return Call(call.name, numbered, call.args, call.type, strict=call.strict, set_returning=True, context=call.context)
    return Call("ordinality", lambda v: iter(((v, 1),)), (call,), call.type, strict=False, set_returning=True)


def _flat_array(*items: Any) -> list[Any]:
    return list(items)


def _nested_array(*items: Any) -> list[Any]:
    return values_arrays.array_construct(items, nested=True)


def _accumulate_arrays(rows: list[Any]) -> list[Any]:
    """ARRAY(SELECT an_array ...): the arrays become the rows of one more dimension."""
    acc = values_arrays.ArrayAggArray()
    for v in rows:
        acc.add(v)
    return acc.result() or []


def _slicer(shape: tuple[int, ...]) -> Callable[..., Any]:
    """The slice function of ``a[...]`` with slice shapes (see :meth:`Analyzer._bracket`)."""

    def slice_(arr: Any, *bounds: Any) -> Any:
        if arr is None or any(b is None for b in bounds):
            return None
        out: list[Any] = []
        it = iter(bounds)
        for kind in shape:
            if kind == 0:
                out.append(next(it))
            elif kind == 1:
                out.append((next(it), next(it)))
            elif kind == 2:
                out.append((next(it), None))
            elif kind == 3:
                out.append((None, next(it)))
            else:
                out.append((None, None))
        return values_arrays.slice_array(arr, out)

    return slice_


def _pow(self: Analyzer, node: exp.Pow, scope: Scope) -> Expr:
    return resolve_operator("^", (self._expr(node.this, scope), self._expr(node.expression, scope)))


def _operator(self: Analyzer, node: exp.Operator, scope: Scope) -> Expr:
    """``a @ b``, ``a +* b``, ``a ~<~ b``: binary operators sqlglot does not know, which the dialect
    writes ``a OPERATOR(op) b`` (a written OPERATOR(schema.op) is not supported)."""
    name = marked_operator(node)
    if name is None:
        raise errors.FeatureNotSupported(f"expression not supported by pydsql: {to_sql(node)}")
    return resolve_operator(name, (self._expr(node.this, scope), self._expr(node.expression, scope)))


_HANDLERS: dict[type[exp.Expr], Callable[[Analyzer, Any, Scope], Expr]] = {
    exp.Column: Analyzer._column,
    exp.MatchAgainst: Analyzer._text_match,
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
    exp.UnicodeString: Analyzer._unicode_string,
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
    exp.Operator: _operator,
    exp.Anonymous: Analyzer._anonymous,
    exp.Dot: Analyzer._qualified,
    exp.Filter: Analyzer._filter,
    exp.WithinGroup: Analyzer._within_group,
    exp.Window: lambda self, node, scope: _window.analyze_window(self, node, scope),
    exp.AtTimeZone: Analyzer._at_time_zone,
    exp.Extract: Analyzer._special_call,
    exp.Trim: Analyzer._special_call,
    exp.Normalize: Analyzer._special_call,
    exp.Overlaps: Analyzer._special_call,
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
    exp.SimilarTo: Analyzer._similar,
    exp.RegexpLike: Analyzer._regex,
    exp.RegexpILike: Analyzer._regex,
    exp.Array: Analyzer._array,
    exp.Bracket: Analyzer._bracket,
    exp.Tuple: Analyzer._tuple,
    exp.HexString: Analyzer._bit_string,
    exp.BitString: Analyzer._bit_string,
}
for _cls in _BINARY_OPERATORS:
    _HANDLERS[_cls] = Analyzer._binary
for _cls in _OTHER_OPERATORS:
    _HANDLERS[_cls] = _other_operator
_HANDLERS[exp.Lambda] = _lambda

#: DSQL has the C collation only; these names all mean it (pydsql compares strings by code point)
_C_COLLATIONS = frozenset({"C", "POSIX", "default", "ucs_basic"})


def _collate(self: Analyzer, node: exp.Collate, scope: Scope) -> Expr:
    """``expr COLLATE "C"``: a no-op under DSQL's only collation; other collations do not exist."""
    from .coerce import resolve_unknown

    inner = resolve_unknown(self._expr(node.this, scope))
    collation = node.expression
    name = collation.name if isinstance(collation, (exp.Identifier, exp.Column)) else to_sql(collation)
    quoted = isinstance(collation, exp.Identifier) and collation.quoted
    name = name if quoted else name.lower()  # collation names are identifiers: case matters
    if name not in _C_COLLATIONS:
        raise errors.UndefinedObject(f'collation "{name}" for encoding "UTF8" does not exist')
    if inner.type.kind not in ("text", "varchar", "bpchar", "name"):
        raise errors.DatatypeMismatch(f"collations are not supported by type {inner.type}")
    return inner


_HANDLERS[exp.Collate] = _collate

"""The typed expression tree: what the analyzer produces and the compiler consumes.

sqlglot's trees describe syntax; these describe meaning.  Every node has a
resolved :class:`~pydsql.types.SqlType`; names are resolved to positions in
the row the expression will be evaluated against; operators, functions and
casts are resolved to the Python function that implements them.  Nothing
here refers to sqlglot.

Nodes are immutable and compare structurally through :meth:`Expr.key`, which
is how GROUP BY matching ("is this select-list expression a grouping
expression?") and plan caching see them.

NULL semantics are explicit: a :class:`Call` with ``strict=True`` returns NULL
when any argument is NULL without calling its function (PostgreSQL's STRICT),
so value functions never see ``None``.  :class:`And`/:class:`Or` implement
three-valued logic; :class:`IsNull`, :class:`Coalesce`, :class:`Case` and
non-strict calls look at NULLs themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from ..types import BOOL, INT4, SqlType
from ..values.casts import identity


class Expr:
    __slots__ = ("type",)

    type: SqlType

    def children(self) -> tuple[Expr, ...]:
        return ()

    def key(self) -> tuple[Any, ...]:
        """A hashable structural identity (equal keys: the same computation)."""
        return (type(self).__name__, self.type, tuple(c.key() for c in self.children()))

    def walk(self) -> Iterator[Expr]:
        yield self
        for child in self.children():
            yield from child.walk()

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self.key()[2:]}"


class Const(Expr):
    """A constant (``value`` is ``None`` for a typed NULL)."""

    __slots__ = ("value",)

    def __init__(self, value: Any, type: SqlType) -> None:
        self.value = value
        self.type = type

    def key(self) -> tuple[Any, ...]:
        return ("Const", self.type, type(self.value).__name__, _hashable(self.value))


def _hashable(value: Any) -> Any:
    """An array constant (a list) as a hashable key."""
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


class Failed(Expr):
    """A constant expression whose evaluation failed while folding.

    PostgreSQL folds constants in the planner, after the whole statement has
    been analyzed, so an analysis error elsewhere in the statement wins over a
    folding error, and a folding error inside a branch that simplification
    removes (``CASE WHEN false THEN 1/0 ...``) never happens.  The analyzer
    therefore keeps the error in the tree; :func:`raise_failed` raises the
    first one left once analysis is over.
    """

    __slots__ = ("error",)

    def __init__(self, error: Exception, type: SqlType) -> None:
        self.error = error
        self.type = type

    def key(self) -> tuple[Any, ...]:
        return ("Failed", id(self))


def parameter_index(e: Expr | None) -> int | None:
    """The index of the statement parameter ``e`` is, as it is: a :class:`Param`, perhaps under
    casts that change nothing (``int2 -> int8``: compiled code leaves them out); else None."""
    while isinstance(e, Call) and e.fn is identity and len(e.args) == 1:
        e = e.args[0]
    return e.index if isinstance(e, Param) else None


def raise_failed(exprs: Iterable[Expr | None]) -> None:
    """Raise the first folding error left in ``exprs`` (in evaluation order)."""
    for e in exprs:
        if e is None:
            continue
        for sub in e.walk():
            if isinstance(sub, Failed):
                raise sub.error


class Param(Expr):
    """The ``index``-th (0-based) statement parameter ($1 is index 0).

    ``deduced``, on a parameter of type ``unknown`` (a ``str`` or ``None`` bound,
    as psycopg sends them): the statement's parameter types, which the first
    coercion of the parameter to a type fixes for the whole statement, as
    PostgreSQL deduces a parameter's type (:func:`pydsql.sql.coerce.coerce`).
    ``coerced``: such a reference has been coerced, so the plan holds the typed
    parameter in its place.  A reference never coerced keeps the type ``unknown``;
    if the parameter's type is deduced elsewhere, the statement cannot be bound
    (42P08, see :func:`pydsql.sql.statements.prepare`).
    """

    __slots__ = ("index", "deduced", "coerced")

    def __init__(self, index: int, type: SqlType, deduced: list[SqlType] | None = None) -> None:
        self.index = index
        self.type = type
        self.deduced = deduced
        self.coerced = False

    def key(self) -> tuple[Any, ...]:
        return ("Param", self.type, self.index)


class ColumnRef(Expr):
    """Field ``index`` of the input row; ``name`` is for messages and EXPLAIN."""

    __slots__ = ("index", "name")

    def __init__(self, index: int, type: SqlType, name: str = "") -> None:
        self.index = index
        self.type = type
        self.name = name

    def key(self) -> tuple[Any, ...]:
        return ("ColumnRef", self.type, self.index)


class OuterRef(Expr):
    """A value of the enclosing query's current row (slot ``slot`` of ``ctx.outer[-1]``).

    See :class:`pydsql.sql.analyze.Scope`: the enclosing plan evaluates the
    referenced expressions and pushes them before running the inner plan.
    """

    __slots__ = ("slot", "name")

    def __init__(self, slot: int, type: SqlType, name: str = "") -> None:
        self.slot = slot
        self.type = type
        self.name = name

    def key(self) -> tuple[Any, ...]:
        return ("OuterRef", self.type, self.slot)


class SubLink(Expr):
    """A subquery used as an expression (PostgreSQL's SubLink).

    ``kind`` is ``scalar`` (the single value of a one-column, at most one-row
    result; 21000 for more rows), ``exists``, ``any`` (``test op ANY(sub)``,
    also ``IN``), ``all``, or ``array`` (``ARRAY(sub)``).  ``plan`` yields the
    subquery's rows; ``args`` are the outer expressions the subquery reads
    (its outer references), evaluated on the current row and pushed on
    ``ctx.outer`` while it runs.  An uncorrelated subquery (no args) runs once
    per statement execution.  ``op`` is the comparison of ``any``/``all``, and
    for ``array`` the reduction of the column's values to the array (None:
    the values as they are).

    Row comparisons with a subquery (``(a, b) IN (SELECT x, y ...)``,
    ``(a, b) = (SELECT x, y)``) have ``whole_row``: ``test`` yields a tuple and
    ``op`` compares it with each subquery row; ``rowcompare`` is the
    single-row form (NULL for no row, 21000 for several).
    """

    __slots__ = ("kind", "plan", "args", "test", "op", "name", "whole_row")

    def __init__(
        self,
        kind: str,
        plan: Any,
        args: tuple[Expr, ...],
        type: SqlType,
        test: Expr | None = None,
        op: Callable[..., Any] | None = None,
        name: str = "",
        whole_row: bool = False,
    ) -> None:
        self.whole_row = whole_row
        self.kind = kind
        self.plan = plan
        self.args = args
        self.type = type
        self.test = test
        self.op = op
        self.name = name

    def children(self) -> tuple[Expr, ...]:
        return self.args + ((self.test,) if self.test is not None else ())

    def key(self) -> tuple[Any, ...]:
        return ("SubLink", self.kind, id(self.plan), tuple(c.key() for c in self.children()))


class Call(Expr):
    """A function, operator or cast applied to arguments.

    A ``set_returning`` call (generate_series) evaluates to an iterator of
    values, or None when a strict argument is NULL (no rows).

    ``volatile`` calls (random(), nextval()) are never constant-folded and
    never treated as equal to each other; calls that are not ``immutable``
    (PostgreSQL's STABLE: date/time input depends on session settings) are
    not folded either, but are equal to themselves.
    """

    __slots__ = ("name", "fn", "args", "strict", "volatile", "immutable", "set_returning", "context")

    def __init__(
        self,
        name: str,
        fn: Callable[..., Any],
        args: tuple[Expr, ...],
        type: SqlType,
        *,
        strict: bool = True,
        volatile: bool = False,
        immutable: bool = True,
        set_returning: bool = False,
        context: bool = False,
    ) -> None:
        self.name = name
        self.fn = fn
        self.args = args
        self.type = type
        self.strict = strict
        # a set-returning call's value is a one-shot iterator: never folded or shared
        self.volatile = volatile or set_returning
        self.immutable = immutable and not self.volatile
        self.set_returning = set_returning
        #: ``fn`` takes the ExecContext first (a SQL function's body runs in the caller's transaction)
        self.context = context

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def key(self) -> tuple[Any, ...]:
        # The name (with the argument and result types) identifies the function;
        # the Python callable may be a fresh closure (casts with modifiers).
        identity: Any = id(self) if self.volatile else self.name
        return ("Call", self.type, identity, tuple(a.key() for a in self.args))


class ContextCall(Expr):
    """A call whose function also receives the execution context (now(), nextval()).
    ``strict``: NULL when any argument is NULL, without calling ``fn`` (as :class:`Call`)."""

    __slots__ = ("name", "fn", "args", "volatile", "strict")

    def __init__(
        self, name: str, fn: Callable[..., Any], args: tuple[Expr, ...], type: SqlType, *, volatile: bool = False,
        strict: bool = True,
    ) -> None:
        self.name = name
        self.fn = fn
        self.args = args
        self.type = type
        self.volatile = volatile
        self.strict = strict

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def key(self) -> tuple[Any, ...]:
        identity: Any = id(self) if self.volatile else self.name
        return ("ContextCall", self.type, identity, tuple(a.key() for a in self.args))


class And(Expr):
    __slots__ = ("args",)

    def __init__(self, args: tuple[Expr, ...]) -> None:
        self.args = args
        self.type = BOOL

    def children(self) -> tuple[Expr, ...]:
        return self.args


class Or(Expr):
    __slots__ = ("args",)

    def __init__(self, args: tuple[Expr, ...]) -> None:
        self.args = args
        self.type = BOOL

    def children(self) -> tuple[Expr, ...]:
        return self.args


class Not(Expr):
    __slots__ = ("arg",)

    def __init__(self, arg: Expr) -> None:
        self.arg = arg
        self.type = BOOL

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)


class IsNull(Expr):
    """``arg IS NULL`` (``negate``: IS NOT NULL)."""

    __slots__ = ("arg", "negate")

    def __init__(self, arg: Expr, negate: bool = False) -> None:
        self.arg = arg
        self.negate = negate
        self.type = BOOL

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def key(self) -> tuple[Any, ...]:
        return ("IsNull", self.negate, self.arg.key())


class Case(Expr):
    """Searched CASE (simple CASE is rewritten to this by the analyzer)."""

    __slots__ = ("whens", "default")

    def __init__(self, whens: tuple[tuple[Expr, Expr], ...], default: Expr, type: SqlType) -> None:
        self.whens = whens
        self.default = default
        self.type = type

    def children(self) -> tuple[Expr, ...]:
        out: list[Expr] = []
        for cond, result in self.whens:
            out += (cond, result)
        out.append(self.default)
        return tuple(out)


class Coalesce(Expr):
    __slots__ = ("args",)

    def __init__(self, args: tuple[Expr, ...], type: SqlType) -> None:
        self.args = args
        self.type = type

    def children(self) -> tuple[Expr, ...]:
        return self.args


class InList(Expr):
    """``arg [NOT] IN (items)``: items already coerced to ``arg``'s comparison.

    ``eq`` is the resolved equality function; NULL semantics as PostgreSQL:
    no match and a NULL item -> NULL.
    """

    __slots__ = ("arg", "items", "eq", "negate")

    def __init__(self, arg: Expr, items: tuple[Expr, ...], eq: Callable[[Any, Any], Any], negate: bool) -> None:
        self.arg = arg
        self.items = items
        self.eq = eq
        self.negate = negate
        self.type = BOOL

    def children(self) -> tuple[Expr, ...]:
        return (self.arg, *self.items)

    def key(self) -> tuple[Any, ...]:
        return ("InList", self.negate, tuple(c.key() for c in self.children()))


class AggCall(Expr):
    """An aggregate call, before the planner replaces it with a slot of the aggregate row."""

    __slots__ = ("agg", "args", "distinct", "filter", "direct")

    def __init__(
        self, agg: Any, args: tuple[Expr, ...], type: SqlType, distinct: bool, filter: Expr | None, direct: int = 0,
    ) -> None:
        self.agg = agg  # pydsql.sql.functions.Aggregate
        self.args = args
        self.type = type
        self.distinct = distinct
        self.filter = filter
        #: an ordered-set aggregate's direct arguments (the first ``direct`` of ``args``: the
        #: fraction of percentile_cont(0.5), rank(3)'s value) belong to the group, not its rows:
        #: they may read only grouped columns (evaluated per row, they are the same in every row)
        self.direct = direct

    def children(self) -> tuple[Expr, ...]:
        return self.args + ((self.filter,) if self.filter is not None else ())

    def key(self) -> tuple[Any, ...]:
        return ("AggCall", self.type, self.agg.name, id(self.agg), self.distinct, tuple(c.key() for c in self.children()))


class GroupingFunc(Expr):
    """``GROUPING(a, b)``: a bit per argument, set when that grouping expression is not in
    the current grouping set (replaced by the planner, like an aggregate call)."""

    __slots__ = ("args",)

    def __init__(self, args: tuple[Expr, ...]) -> None:
        self.args = args
        self.type = INT4

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def key(self) -> tuple[Any, ...]:
        return ("GroupingFunc", tuple(a.key() for a in self.args))


class Frame(NamedTuple):
    """A window frame: ``mode`` rows/range/groups; bounds are (kind, offset expression)
    with kind one of unbounded_preceding, preceding, current, following, unbounded_following;
    ``exclude`` is no_others, current, group or ties."""

    mode: str
    start: tuple[str, Expr | None]
    end: tuple[str, Expr | None]
    exclude: str

    def key(self) -> tuple[Any, ...]:
        return (
            self.mode, self.start[0], self.start[1].key() if self.start[1] is not None else None,
            self.end[0], self.end[1].key() if self.end[1] is not None else None, self.exclude,
        )


#: PostgreSQL's default frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
DEFAULT_FRAME = Frame("range", ("unbounded_preceding", None), ("current", None), "no_others")


class WindowDef(NamedTuple):
    """OVER (PARTITION BY ... ORDER BY ... frame): order items are (expression, desc, nulls first)."""

    partition: tuple[Expr, ...]
    order: tuple[tuple[Expr, bool, bool], ...]
    frame: Frame

    def exprs(self) -> tuple[Expr, ...]:
        bounds = tuple(b for _, b in (self.frame.start, self.frame.end) if b is not None)
        return self.partition + tuple(e for e, _, _ in self.order) + bounds

    def key(self) -> tuple[Any, ...]:
        return (
            tuple(p.key() for p in self.partition),
            tuple((e.key(), d, n) for e, d, n in self.order),
            self.frame.key(),
        )

    def mapped(self, fn: Callable[[Expr], Expr | None]) -> WindowDef:
        def bound(b: tuple[str, Expr | None]) -> tuple[str, Expr | None]:
            return (b[0], map_expr(b[1], fn) if b[1] is not None else None)

        return WindowDef(
            tuple(map_expr(p, fn) for p in self.partition),
            tuple((map_expr(e, fn), d, n) for e, d, n in self.order),
            self.frame._replace(start=bound(self.frame.start), end=bound(self.frame.end)),
        )


class WindowCall(Expr):
    """A window function call, before the planner replaces it with a column of a WindowAgg.

    ``function`` is a window function name (row_number, lag...) or, for an
    aggregate used as a window function, the :class:`~.functions.Aggregate`.
    """

    __slots__ = ("function", "args", "filter", "window")

    def __init__(
        self, function: Any, args: tuple[Expr, ...], type: SqlType, filter: Expr | None, window: WindowDef
    ) -> None:
        self.function = function
        self.args = args
        self.type = type
        self.filter = filter
        self.window = window

    def children(self) -> tuple[Expr, ...]:
        return self.args + ((self.filter,) if self.filter is not None else ()) + self.window.exprs()

    def key(self) -> tuple[Any, ...]:
        name = self.function if isinstance(self.function, str) else ("agg", self.function.name, id(self.function))
        return (
            "WindowCall", self.type, name, tuple(a.key() for a in self.args),
            self.filter.key() if self.filter is not None else None, self.window.key(),
        )


def map_expr(e: Expr, fn: Callable[[Expr], Expr | None]) -> Expr:
    """Rebuild ``e`` top-down; where ``fn`` returns an expression, it replaces that subtree."""
    replaced = fn(e)
    if replaced is not None:
        return replaced
    if isinstance(e, Call):
        return Call(
            e.name, e.fn, tuple(map_expr(a, fn) for a in e.args), e.type,
            strict=e.strict, volatile=e.volatile, immutable=e.immutable, set_returning=e.set_returning,
            context=e.context,
        )
    if isinstance(e, ContextCall):
        return ContextCall(
            e.name, e.fn, tuple(map_expr(a, fn) for a in e.args), e.type, volatile=e.volatile, strict=e.strict
        )
    if isinstance(e, And):
        return And(tuple(map_expr(a, fn) for a in e.args))
    if isinstance(e, Or):
        return Or(tuple(map_expr(a, fn) for a in e.args))
    if isinstance(e, Not):
        return Not(map_expr(e.arg, fn))
    if isinstance(e, IsNull):
        return IsNull(map_expr(e.arg, fn), e.negate)
    if isinstance(e, Case):
        return Case(
            tuple((map_expr(c, fn), map_expr(r, fn)) for c, r in e.whens), map_expr(e.default, fn), e.type
        )
    if isinstance(e, Coalesce):
        return Coalesce(tuple(map_expr(a, fn) for a in e.args), e.type)
    if isinstance(e, InList):
        return InList(map_expr(e.arg, fn), tuple(map_expr(i, fn) for i in e.items), e.eq, e.negate)
    if isinstance(e, SubLink):
        return SubLink(
            e.kind, e.plan, tuple(map_expr(a, fn) for a in e.args), e.type,
            map_expr(e.test, fn) if e.test is not None else None, e.op, e.name, e.whole_row,
        )
    if isinstance(e, AggCall):
        return AggCall(
            e.agg, tuple(map_expr(a, fn) for a in e.args), e.type, e.distinct,
            map_expr(e.filter, fn) if e.filter is not None else None,
        )
    if isinstance(e, GroupingFunc):
        return GroupingFunc(tuple(map_expr(a, fn) for a in e.args))
    if isinstance(e, WindowCall):
        return WindowCall(
            e.function, tuple(map_expr(a, fn) for a in e.args), e.type,
            map_expr(e.filter, fn) if e.filter is not None else None, e.window.mapped(fn),
        )
    return e


# -- text for EXPLAIN ------------------------------------------------------------------------


def to_text(e: Expr) -> str:
    """An expression as EXPLAIN shows it (PostgreSQL's deparse style: ``(n > 2)``, ``'x'::text``)."""
    if isinstance(e, ColumnRef):
        return e.name.rsplit(".", 1)[-1] if e.name else f"${e.index + 1}"
    if isinstance(e, OuterRef):
        return e.name or f"$outer{e.slot}"
    if isinstance(e, Param):
        return f"${e.index + 1}"
    if isinstance(e, Const):
        if e.value is None:
            return "NULL"
        if isinstance(e.value, bool):
            return "true" if e.value else "false"
        if isinstance(e.value, (int, float)) and e.type.kind in ("int2", "int4", "int8", "float8", "numeric"):
            return str(e.value)
        text = str(e.value).replace("'", "''")
        return f"'{text}'::{e.type.name}"
    if isinstance(e, Call):
        name = e.name
        args = [to_text(a) for a in e.args]
        if name.startswith("::"):
            return f"({args[0]})::{name[2:]}"
        if len(args) == 2 and (not name[:1].isalnum() or name.isupper()):  # an operator (LIKE too)
            return f"({args[0]} {name} {args[1]})"
        return f"{name}({', '.join(args)})"
    if isinstance(e, And):
        return "(" + " AND ".join(to_text(a) for a in e.args) + ")"
    if isinstance(e, Or):
        return "(" + " OR ".join(to_text(a) for a in e.args) + ")"
    if isinstance(e, Not):
        return f"(NOT {to_text(e.arg)})"
    if isinstance(e, IsNull):
        return f"({to_text(e.arg)} IS {'NOT ' if e.negate else ''}NULL)"
    if isinstance(e, InList):
        items = ", ".join(to_text(i) for i in e.items)
        return f"({to_text(e.arg)} {'<> ALL' if e.negate else '= ANY'} ({items}))"
    if isinstance(e, SubLink):
        return "(SubPlan)"
    if isinstance(e, Coalesce):
        return "COALESCE(" + ", ".join(to_text(a) for a in e.args) + ")"
    return type(e).__name__

"""Window functions: analysis of ``f(...) OVER (...)``, planning, and the WindowAgg node.

A window call is analyzed into a :class:`~.expr.WindowCall` carrying its
:class:`~.expr.WindowDef` (PARTITION BY, ORDER BY, frame).  The query planner
runs window functions after grouping and HAVING and before the select list
is projected (PostgreSQL's order): :func:`plan_windows` stacks one
:class:`WindowAgg` per distinct window definition on the plan, each appending
its functions' results as new columns, and returns the rewrite that turns
every WindowCall into a reference to its column.

Execution materializes the input, sorts it by (partition keys, order keys)
-- which is also the order the rows come out in, as in PostgreSQL -- and
computes each function per partition.  Ranking and offset functions (rank,
lag...) look at the partition; aggregates and first/last/nth_value look at
the row's *frame*.  Frames from the partition start to the current row are
computed incrementally; other frames recompute their aggregate per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from .. import errors
from ..types import FLOAT8, INT4, INT8, INTERVAL, SqlType
from ..values.registry import IMPLICIT
from .coerce import AMBIGUOUS, coerce, common_type, select_candidate
from .compile import Fn, compile_expr, compile_predicate
from .context import ExecContext
from .dialect import function_name
from .expr import DEFAULT_FRAME, AggCall, ColumnRef, Const, Expr, Frame, WindowCall, WindowDef, map_expr
from .ordering import partition_key, sort_key
from .plan import Node, Row

if TYPE_CHECKING:
    from .analyze import Analyzer, Scope

#: window functions that are not aggregates: name -> (argument kinds, result type or None = first argument's)
WINDOW_FUNCTIONS: dict[str, list[tuple[tuple[str, ...], SqlType | None]]] = {
    "row_number": [((), INT8)],
    "rank": [((), INT8)],
    "dense_rank": [((), INT8)],
    "percent_rank": [((), FLOAT8)],
    "cume_dist": [((), FLOAT8)],
    "ntile": [(("int4",), INT4)],
    "lag": [(("anyelement",), None), (("anyelement", "int4"), None), (("anycompatible", "int4", "anycompatible"), None)],
    "lead": [(("anyelement",), None), (("anyelement", "int4"), None), (("anycompatible", "int4", "anycompatible"), None)],
    "first_value": [(("anyelement",), None)],
    "last_value": [(("anyelement",), None)],
    "nth_value": [(("anyelement", "int4"), None)],
}

#: the window functions that are also hypothetical-set aggregates (``rank(x) WITHIN GROUP (...)``):
#: PostgreSQL names them so in its error for a call with arguments and no OVER
HYPOTHETICAL_SET = frozenset({"rank", "dense_rank", "percent_rank", "cume_dist"})


# -- analysis -----------------------------------------------------------------------------------------


def analyze_window(analyzer: Analyzer, node: exp.Window, scope: Scope) -> Expr:
    """``f(args) [FILTER (WHERE ...)] OVER (...)`` in the select list or ORDER BY."""
    from . import functions

    call = node.this
    filter_node: exp.Expr | None = None
    if isinstance(call, exp.Filter):
        where = call.expression
        filter_node = where.this if isinstance(where, exp.Where) else where
        call = call.this
    if isinstance(call, exp.WithinGroup) and isinstance(call.this, exp.Anonymous):
        raise errors.FeatureNotSupported(f"OVER is not supported for ordered-set aggregate {function_name(call.this)}")
    if not isinstance(call, exp.Anonymous):
        raise errors.FeatureNotSupported(f"window function call not supported by pydsql: {call.sql()}")
    name = function_name(call)
    arg_nodes = list(call.expressions)
    forbidden = analyzer.window_forbidden
    if forbidden is not None:
        if forbidden == "a window function":
            raise errors.WindowingError("window function calls cannot be nested")
        if forbidden == "an aggregate":
            raise errors.GroupingError("aggregate function calls cannot contain window function calls")
        raise errors.WindowingError(f"window functions are not allowed in {forbidden}")
    if len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Distinct):
        raise errors.FeatureNotSupported("DISTINCT is not implemented for window functions")
    if arg_nodes and isinstance(arg_nodes[-1], exp.Order):
        raise errors.FeatureNotSupported("aggregate ORDER BY is not implemented for window functions")
    star = len(arg_nodes) == 1 and isinstance(arg_nodes[0], exp.Star)
    with analyzer.windows_forbidden("a window function"):
        args = [] if star else [analyzer.expr_here(a, scope) for a in arg_nodes]
        filt = analyzer.as_boolean(analyzer.expr_here(filter_node, scope), "FILTER") if filter_node is not None else None
    aggregates = functions.AGGREGATES.get(name)
    if name in WINDOW_FUNCTIONS and not aggregates:
        if filt is not None:
            raise errors.FeatureNotSupported("FILTER is not implemented for non-aggregate window functions")
        function: Any = name
        args, result = _resolve_window_function(name, args)
    elif aggregates:
        if star and name != "count":
            raise errors.WrongObjectType(f"{name}(*) specified, but {name} is not an aggregate function")
        types = [a.type for a in args]
        chosen = select_candidate([(a.args, a) for a in aggregates], types)
        if chosen is None or chosen is AMBIGUOUS:
            from .analyze import _no_function

            raise _no_function(name, types, ambiguous=chosen is AMBIGUOUS)
        function, args, result = analyzer.resolve_aggregate(chosen, args)
    else:
        analyzer.check_function_exists(name, args)
        raise errors.WrongObjectType(f"OVER specified, but {name} is not a window function nor an aggregate function")
    window = _window_definition(analyzer, node, scope)
    return WindowCall(function, tuple(args), result, filt, window)


def _resolve_window_function(name: str, args: list[Expr]) -> tuple[list[Expr], SqlType]:
    for kinds, result in WINDOW_FUNCTIONS[name]:
        if len(kinds) != len(args):
            continue
        if name in ("lag", "lead") and len(args) == 3:
            t = common_type([args[0], args[2]], name)
            value, default = coerce(args[0], t, IMPLICIT), coerce(args[2], t, IMPLICIT)
            return [value, coerce(args[1], INT4, IMPLICIT), default], t
        coerced = []
        for a, kind in zip(args, kinds):
            if kind == "anyelement":
                if a.type.kind == "unknown":
                    raise errors.DatatypeMismatch("could not determine polymorphic type because input has type unknown")
                coerced.append(a)
            else:
                coerced.append(coerce(a, SqlType(kind), IMPLICIT))
        return coerced, result if result is not None else coerced[0].type
    shown = f"{name}({', '.join(a.type.name for a in args)})"
    if name in HYPOTHETICAL_SET and args:
        raise errors.WrongObjectType(f"WITHIN GROUP is required for ordered-set aggregate {name}")
    raise errors.UndefinedFunction(
        f"function {shown} does not exist",
        hint="No function matches the given name and argument types. You might need to add explicit type casts.",
    )


def _window_definition(analyzer: Analyzer, node: exp.Window, scope: Scope) -> WindowDef:
    """OVER w, OVER (w ...) or OVER (...), with PostgreSQL's rules for copying a named window."""
    named = scope.windows
    partition_nodes = list(node.args.get("partition_by") or [])
    order_node = node.args.get("order")
    spec = node.args.get("spec")
    ref = node.args.get("alias")
    if ref is not None:
        ref_name = ref.name
        if ref_name not in named:
            raise errors.UndefinedObject(f'window "{ref_name}" does not exist')
        base = named[ref_name]
        # (sqlglot reads OVER w and OVER (w) alike: both are taken as OVER w, which may not add to w)
        if partition_nodes:
            raise errors.WindowingError(f'cannot override PARTITION BY clause of window "{ref_name}"')
        if base.args.get("order") is not None and order_node is not None:
            raise errors.WindowingError(f'cannot override ORDER BY clause of window "{ref_name}"')
        if base.args.get("spec") is not None and (order_node is not None or spec is not None):
            raise errors.WindowingError(f'cannot copy window "{ref_name}" because it has a frame clause')
        partition_nodes = list(base.args.get("partition_by") or [])
        order_node = order_node if order_node is not None else base.args.get("order")
        spec = spec if spec is not None else base.args.get("spec")
    with analyzer.windows_forbidden("window definitions"):
        partition = tuple(analyzer.expr_here(p, scope) for p in partition_nodes)
        order = []
        for ordered in (order_node.expressions if order_node is not None else []):
            e = analyzer.expr_here(ordered.this, scope)
            order.append((e, bool(ordered.args.get("desc")), bool(ordered.args.get("nulls_first"))))
    partition = tuple(_resolved(p) for p in partition)
    order = [(_resolved(e), d, n) for e, d, n in order]
    frame = _frame(analyzer, spec, order, scope) if spec is not None else DEFAULT_FRAME
    return WindowDef(partition, tuple(order), frame)


def _resolved(e: Expr) -> Expr:
    from .coerce import resolve_unknown

    return resolve_unknown(e)


_BOUND_WORDS = {"preceding": "PRECEDING", "following": "FOLLOWING"}


def _frame(
    analyzer: Analyzer, spec: exp.WindowSpec, order: Sequence[tuple[Expr, bool, bool]], scope: Scope
) -> Frame:
    mode = str(spec.args.get("kind") or "range").lower()
    start = _bound(spec.args.get("start"), spec.args.get("start_side"))
    end = _bound(spec.args.get("end"), spec.args.get("end_side")) if spec.args.get("end") is not None else ("current", None)
    if start[0] == "unbounded_following":
        raise errors.WindowingError("frame start cannot be UNBOUNDED FOLLOWING")
    if end[0] == "unbounded_preceding":
        raise errors.WindowingError("frame end cannot be UNBOUNDED PRECEDING")
    if start[0] == "current" and end[0] == "preceding":
        raise errors.WindowingError("frame starting from current row cannot have preceding rows")
    if start[0] == "following" and end[0] in ("preceding", "current"):
        raise errors.WindowingError("frame starting from following row cannot have preceding rows")
    exclude_node = spec.args.get("exclude")
    exclude = {"CURRENT ROW": "current", "GROUP": "group", "TIES": "ties", "NO OTHERS": "no_others"}.get(
        exclude_node.name.upper() if exclude_node is not None else "NO OTHERS", "no_others"
    )
    if mode == "groups" and not order:
        raise errors.WindowingError("GROUPS mode requires an ORDER BY clause")
    bounds: list[tuple[str, Expr | None]] = []
    for kind, offset_node in (start, end):
        if offset_node is None:
            bounds.append((kind, None))
            continue
        with analyzer.windows_forbidden("window definitions"):
            offset = analyzer.expr_here(offset_node, scope)
        if any(isinstance(x, ColumnRef) for x in offset.walk()):
            raise errors.InvalidColumnReference(f"argument of {mode.upper()} must not contain variables")
        bounds.append((kind, _offset(mode, offset, order)))
    return Frame(mode, bounds[0], bounds[1], exclude)


def _bound(value: Any, side: Any) -> tuple[str, Any]:
    side_word = str(side or "").lower()
    if isinstance(value, str):
        word = value.upper()
        if word == "UNBOUNDED":
            return ("unbounded_" + (side_word or "preceding"), None)
        if word == "CURRENT ROW":
            return ("current", None)
    return (side_word or "preceding", value)


def _offset(mode: str, offset: Expr, order: Sequence[tuple[Expr, bool, bool]]) -> Expr:
    """The offset of ``n PRECEDING``/``FOLLOWING``, coerced as PostgreSQL's in_range support needs."""
    if mode in ("rows", "groups"):
        return coerce(offset, INT8, IMPLICIT, construct=mode.upper())
    if len(order) != 1:
        raise errors.WindowingError("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column")
    column = order[0][0].type
    kind = column.kind
    if kind in ("int2", "int4", "int8", "numeric", "float4", "float8"):
        # the in_range support of the column's type: an unknown offset takes the column's own type
        # (int4 + 'x': 22P02 for integer); integer columns take integer offsets only, numeric ones
        # integers and numeric, float ones (offset float8) any number
        offset_kind = offset.type.kind
        if offset_kind == "unknown":
            return coerce(offset, FLOAT8 if kind == "float4" else column, IMPLICIT)
        accepted = {"numeric": ("int2", "int4", "int8", "numeric")}.get(kind, ("int2", "int4", "int8"))
        if offset_kind in accepted or (kind in ("float4", "float8") and _numeric(offset_kind)):
            return coerce(offset, {"int2": INT8, "int4": INT8, "int8": INT8, "float4": FLOAT8}.get(kind, column), IMPLICIT)
    elif kind in ("date", "timestamp", "timestamptz", "time", "timetz", "interval"):
        if offset.type.kind in ("unknown", "interval"):
            return coerce(offset, INTERVAL, IMPLICIT)
    else:
        raise errors.FeatureNotSupported(
            f"RANGE with offset PRECEDING/FOLLOWING is not supported for column type {column.name}"
        )
    raise errors.FeatureNotSupported(
        f"RANGE with offset PRECEDING/FOLLOWING is not supported for column type {column.name} "
        f"and offset type {offset.type.name}"
    )


def _numeric(kind: str) -> bool:
    return kind in ("int2", "int4", "int8", "numeric", "float4", "float8")


# -- planning -----------------------------------------------------------------------------------------


def plan_windows(root: Node, width: int, exprs: Sequence[Expr]) -> tuple[Node, Callable[[Expr], Expr], int]:
    """Stack WindowAgg nodes computing every window call in ``exprs`` over rows of ``width``
    columns; return the new root, the rewrite replacing each call by its column, and the
    new row width."""
    calls: list[WindowCall] = []
    index: dict[Any, int] = {}
    for e in exprs:
        for sub in e.walk():
            if isinstance(sub, WindowCall) and sub.key() not in index:
                index[sub.key()] = len(calls)
                calls.append(sub)
    if not calls:
        return root, lambda e: e, width
    by_window: dict[Any, list[int]] = {}
    for i, c in enumerate(calls):
        by_window.setdefault(c.window.key(), []).append(i)
    column_of: dict[Any, int] = {}
    for positions in by_window.values():
        group = [calls[i] for i in positions]
        root = WindowAgg(root, group[0].window, group)
        for i in positions:
            column_of[calls[i].key()] = width
            width += 1

    def rewrite(e: Expr) -> Expr:
        def replace(sub: Expr) -> Expr | None:
            if isinstance(sub, WindowCall):
                return ColumnRef(column_of[sub.key()], sub.type)
            return None

        return map_expr(e, replace)

    return root, rewrite, width


# -- execution ----------------------------------------------------------------------------------------


class WindowAgg(Node):
    """Appends one column per window function of one window definition."""

    def __init__(self, child: Node, window: WindowDef, calls: Sequence[WindowCall]) -> None:
        self.children = (child,)
        self.partition = [compile_expr(p) for p in window.partition]
        self.partition_keys = [partition_key(p.type) for p in window.partition]
        self.order = [compile_expr(e) for e, _, _ in window.order]
        self.order_dirs = [(desc, nulls_first, sort_key(e.type)) for e, desc, nulls_first in window.order]
        self.frame = window.frame
        self.offsets = [
            compile_expr(b) if b is not None else None for _, b in (window.frame.start, window.frame.end)
        ]
        self.range_column = window.order[0][0].type.kind if len(window.order) == 1 else None
        self.functions = [_Function(c) for c in calls]

    def explain_line(self) -> str:
        return "WindowAgg"

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        keyed = []
        for row in self.children[0].rows(ctx):
            part = tuple(_key(f(row, ctx), k) for f, k in zip(self.partition, self.partition_keys))
            order = tuple(f(row, ctx) for f in self.order)
            keyed.append((part, order, row))
        # sort by order keys (stable, least significant first), then by partition
        for i in reversed(range(len(self.order))):
            desc, nulls_first, keyfn = self.order_dirs[i]
            nulls_high = nulls_first == desc
            keyed.sort(key=_value_key(_order_value(i), nulls_high, keyfn), reverse=desc)
        if self.partition:
            keyed.sort(key=lambda t: tuple((v is None, v) for v in t[0]))
        start = 0
        while start < len(keyed):
            end = start
            while end < len(keyed) and keyed[end][0] == keyed[start][0]:
                end += 1
            yield from self._partition(keyed[start:end], ctx)
            start = end

    def _partition(self, part: list[tuple[Any, tuple[Any, ...], Row]], ctx: ExecContext) -> Iterator[Row]:
        rows = [r for _, _, r in part]
        order_keys = [tuple(_key(v, k) for v, (_, _, k) in zip(o, self.order_dirs)) for _, o, _ in part]
        # peer groups: consecutive rows with equal ORDER BY values (all rows when there is none)
        peer_start = [0] * len(rows)
        peer_end = [0] * len(rows)
        i = 0
        while i < len(rows):
            j = i
            while j < len(rows) and order_keys[j] == order_keys[i]:
                j += 1
            for k in range(i, j):
                peer_start[k], peer_end[k] = i, j
            i = j
        info = _Partition(rows, peer_start, peer_end, [o for _, o, _ in part], self, ctx)
        columns = [fn.compute(info) for fn in self.functions]
        for i, row in enumerate(rows):
            yield row + tuple(col[i] for col in columns)


def _order_value(i: int) -> Callable[[Any], Any]:
    return lambda t: t[1][i]


def _key(value: Any, keyfn: Callable[[Any], Any] | None) -> Any:
    return value if value is None or keyfn is None else keyfn(value)


def _value_key(get: Callable[[Any], Any], nulls_high: bool, keyfn: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def key(t: Any) -> Any:
        v = get(t)
        if v is None:
            return (nulls_high, None) if nulls_high else (False, None)
        return (not nulls_high, keyfn(v) if keyfn is not None else v)

    return key


class _Partition:
    """One partition's rows (sorted) and the frame arithmetic over them."""

    def __init__(
        self, rows: list[Row], peer_start: list[int], peer_end: list[int], order_values: list[tuple[Any, ...]],
        node: WindowAgg, ctx: ExecContext,
    ) -> None:
        self.rows = rows
        self.peer_start = peer_start
        self.peer_end = peer_end
        self.order_values = order_values
        self.node = node
        self.ctx = ctx
        frame = node.frame
        self.offsets = [self._offset_value(f, which) for f, which in zip(node.offsets, ("starting", "ending"))]
        self.mode = frame.mode
        self.start_kind = frame.start[0]
        self.end_kind = frame.end[0]
        self.exclude = frame.exclude

    def _offset_value(self, fn: Fn | None, which: str) -> Any:
        if fn is None:
            return None
        value = fn((), self.ctx)
        if value is None:
            raise errors.NullValueNotAllowed(f"frame {which} offset must not be null")
        negative = value.months < 0 or value.days < 0 or value.micros < 0 if hasattr(value, "months") else value < 0
        if negative:
            raise errors.InvalidPrecedingOrFollowingSize(f"frame {which} offset must not be negative")
        return value

    @property
    def running(self) -> bool:
        """Whether every frame runs from the partition start to the current row's last peer (or row)."""
        return (
            self.start_kind == "unbounded_preceding" and self.end_kind == "current" and self.exclude == "no_others"
        )

    @property
    def whole(self) -> bool:
        return (
            self.start_kind == "unbounded_preceding" and self.end_kind == "unbounded_following"
            and self.exclude == "no_others"
        )

    def frame(self, i: int) -> list[int]:
        """Indices of the rows in row ``i``'s frame, in order."""
        n = len(self.rows)
        lo = self._edge(i, self.start_kind, self.offsets[0], start=True)
        hi = self._edge(i, self.end_kind, self.offsets[1], start=False)
        lo, hi = max(lo, 0), min(hi, n)
        indices = list(range(lo, hi))
        if self.exclude == "current":
            indices = [k for k in indices if k != i]
        elif self.exclude == "group":
            indices = [k for k in indices if not self.peer_start[i] <= k < self.peer_end[i]]
        elif self.exclude == "ties":
            indices = [k for k in indices if k == i or not self.peer_start[i] <= k < self.peer_end[i]]
        return indices

    def _edge(self, i: int, kind: str, offset: Any, *, start: bool) -> int:
        """Frame start index (inclusive) or end index (exclusive) for row ``i``."""
        n = len(self.rows)
        if kind == "unbounded_preceding":
            return 0
        if kind == "unbounded_following":
            return n
        if self.mode == "rows":
            if kind == "current":
                return i if start else i + 1
            pos: int = i - offset if kind == "preceding" else i + offset
            return pos if start else pos + 1
        if self.mode == "groups":
            groups = self._group_starts()
            g = groups.index(self.peer_start[i])
            if kind == "current":
                target = g
            else:
                target = g - offset if kind == "preceding" else g + offset
            if start:
                return n if target >= len(groups) else (0 if target < 0 else groups[target])
            if target < 0:
                return 0
            return n if target + 1 >= len(groups) else groups[target + 1]
        # range
        if kind == "current":
            return self.peer_start[i] if start else self.peer_end[i]
        return self._range_edge(i, kind, offset, start)

    def _group_starts(self) -> list[int]:
        cached: list[int] | None = getattr(self, "_groups", None)
        if cached is None:
            cached = sorted(set(self.peer_start))
            self._groups = cached
        return cached

    def _range_edge(self, i: int, kind: str, offset: Any, start: bool) -> int:
        """RANGE offset bounds: rows whose ORDER BY value is within ``offset`` of row i's."""
        from ..values import datetimes as D

        desc, _, _ = self.node.order_dirs[0]
        value = self.order_values[i][0]
        n = len(self.rows)
        if value is None:  # NULLs are peers of each other only
            return self.peer_start[i] if start else self.peer_end[i]
        # bound value = value -/+ offset, in the sort direction
        backwards = (kind == "preceding") != desc
        kind_name = self.node.range_column
        if kind_name in ("date", "timestamp", "timestamptz"):
            base = D.date_timestamp(value) if kind_name == "date" else value
            add = D.timestamptz_pl_interval if kind_name == "timestamptz" else D.timestamp_pl_interval
            sub = D.timestamptz_mi_interval if kind_name == "timestamptz" else D.timestamp_mi_interval
            bound = sub(base, offset) if backwards else add(base, offset)

            def cmp_value(v: Any) -> Any:
                return D.date_timestamp(v) if kind_name == "date" else v
        else:
            bound = value - offset if backwards else value + offset

            def cmp_value(v: Any) -> Any:
                return v

        def inside(k: int) -> bool:
            v = self.order_values[k][0]
            if v is None:
                return False
            v = cmp_value(v)
            if start:
                return bool(v >= bound) if not desc else bool(v <= bound)
            return bool(v <= bound) if not desc else bool(v >= bound)

        if start:
            k = 0
            while k < n and not inside(k):
                k += 1
            return k
        k = n
        while k > 0 and not inside(k - 1):
            k -= 1
        return k


class _Function:
    """One window function of a WindowAgg, compiled."""

    def __init__(self, call: WindowCall) -> None:
        self.name = call.function if isinstance(call.function, str) else None
        self.aggregate = None if isinstance(call.function, str) else call.function
        self.args = [compile_expr(a) for a in call.args]
        self.filter = compile_predicate(call.filter)

    def compute(self, p: _Partition) -> list[Any]:
        if self.aggregate is not None:
            return self._aggregate(p)
        method: Callable[[_Partition], list[Any]] = getattr(self, "_" + str(self.name))
        return method(p)

    def _arg(self, k: int, i: int, p: _Partition) -> Any:
        return self.args[k](p.rows[i], p.ctx)

    # ranking

    def _row_number(self, p: _Partition) -> list[Any]:
        return list(range(1, len(p.rows) + 1))

    def _rank(self, p: _Partition) -> list[Any]:
        return [s + 1 for s in p.peer_start]

    def _dense_rank(self, p: _Partition) -> list[Any]:
        out: list[Any] = []
        rank, last = 0, -1
        for s in p.peer_start:
            if s != last:
                rank, last = rank + 1, s
            out.append(rank)
        return out

    def _percent_rank(self, p: _Partition) -> list[Any]:
        n = len(p.rows)
        return [0.0 if n <= 1 else s / (n - 1) for s in p.peer_start]

    def _cume_dist(self, p: _Partition) -> list[Any]:
        n = len(p.rows)
        return [e / n for e in p.peer_end]

    def _ntile(self, p: _Partition) -> list[Any]:
        n = len(p.rows)
        buckets = self._arg(0, 0, p) if n else None
        if buckets is None:
            return [None] * n
        if buckets <= 0:
            raise errors.InvalidArgumentForNtileFunction("argument of ntile must be greater than zero")
        out: list[Any] = []
        per, extra = divmod(n, buckets)
        bucket, left = 1, per + (1 if extra > 0 else 0)
        for _ in range(n):
            if left == 0:
                bucket += 1
                left = per + (1 if bucket <= extra else 0)
            out.append(bucket)
            left -= 1
        return out

    # offsets

    def _shifted(self, p: _Partition, sign: int) -> list[Any]:
        out: list[Any] = []
        n = len(p.rows)
        for i in range(n):
            offset = self._arg(1, i, p) if len(self.args) > 1 else 1
            if offset is None:
                out.append(None)
                continue
            k = i + sign * offset
            if 0 <= k < n:
                out.append(self._arg(0, k, p))
            else:
                out.append(self._arg(2, i, p) if len(self.args) > 2 else None)
        return out

    def _lag(self, p: _Partition) -> list[Any]:
        return self._shifted(p, -1)

    def _lead(self, p: _Partition) -> list[Any]:
        return self._shifted(p, 1)

    # frame values

    def _first_value(self, p: _Partition) -> list[Any]:
        out: list[Any] = []
        for i in range(len(p.rows)):
            frame = p.frame(i)
            out.append(self._arg(0, frame[0], p) if frame else None)
        return out

    def _last_value(self, p: _Partition) -> list[Any]:
        out: list[Any] = []
        for i in range(len(p.rows)):
            frame = p.frame(i)
            out.append(self._arg(0, frame[-1], p) if frame else None)
        return out

    def _nth_value(self, p: _Partition) -> list[Any]:
        out: list[Any] = []
        for i in range(len(p.rows)):
            nth = self._arg(1, i, p)
            if nth is None:
                out.append(None)
                continue
            if nth <= 0:
                raise errors.InvalidArgumentForNthValueFunction("argument of nth_value must be greater than zero")
            frame = p.frame(i)
            out.append(self._arg(0, frame[nth - 1], p) if nth <= len(frame) else None)
        return out

    # aggregates over the frame

    def _step(self, acc: Any, row: Row, ctx: ExecContext) -> None:
        if self.filter is not None and not self.filter(row, ctx):
            return
        if not self.args:
            acc.step()
            return
        values = [f(row, ctx) for f in self.args]
        if getattr(self.aggregate, "strict", True) and any(v is None for v in values):
            return
        acc.step(*values)

    def _aggregate(self, p: _Partition) -> list[Any]:
        agg = self.aggregate
        assert agg is not None
        n = len(p.rows)
        if p.whole or (p.running and p.mode != "rows" and not p.node.order):
            acc = agg.make()
            for row in p.rows:
                self._step(acc, row, p.ctx)
            value = acc.result()
            return [value] * n
        if p.running:
            acc = agg.make()
            out: list[Any] = [None] * n
            done = 0
            for i in range(n):
                end = i + 1 if p.mode == "rows" else p.peer_end[i]
                while done < end:
                    self._step(acc, p.rows[done], p.ctx)
                    done += 1
                out[i] = acc.result()
            return out
        out = []
        for i in range(n):
            acc = agg.make()
            for k in p.frame(i):
                self._step(acc, p.rows[k], p.ctx)
            out.append(acc.result())
        return out

"""Expressions compiled to Python closures.

:func:`compile_expr` turns a typed :mod:`.expr` tree into one closure
``f(row, ctx) -> value`` built once per prepared statement, so evaluating an
expression per row is a few nested calls, never a walk over a tree that
re-dispatches on node types.  The common shapes get dedicated closures
(a column compared with a constant, two-argument strict calls, ``IN`` over
constants as a set lookup).

NULL handling follows :mod:`.expr`: strict calls short-circuit on ``None``,
AND/OR implement three-valued logic (FALSE dominates AND, TRUE dominates OR,
otherwise NULL if any input is NULL).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any

from .. import errors
from ..values.casts import identity
from .context import ExecContext
from .expr import (
    And,
    Call,
    Case,
    Coalesce,
    ColumnRef,
    Const,
    ContextCall,
    Failed,
    Expr,
    InList,
    IsNull,
    Not,
    Or,
    OuterRef,
    Param,
    SubLink,
)

Row = tuple[Any, ...]
Fn = Callable[[Row, ExecContext], Any]

# Kinds whose Python values hash consistently with SQL equality, so that
# ``x IN (constants)`` can be a set lookup.
_HASHABLE_KINDS = frozenset({"int2", "int4", "int8", "text", "varchar", "uuid", "date", "bool", "timestamp", "timestamptz"})


def compile_expr(e: Expr, *, once: bool = True) -> Fn:
    """``e`` as a function of (row, context).  ``once=False``: the caller evaluates it once
    per execution anyway (a VALUES item), so a parameter expression is not worth remembering."""
    compiler = _COMPILERS.get(type(e))
    if compiler is None:
        raise TypeError(f"cannot compile {type(e).__name__}")  # an analyzer bug, not user input
    if once and type(e) is Call and _per_execution(e):
        return _once(compiler(e))
    return compiler(e)


def _per_execution(e: Expr) -> bool:
    """Whether ``e`` is a call whose value is the same for every row of one execution and
    worth computing once: built of parameters, constants and calls that are neither
    volatile nor set-returning nor context-reading (``$1::text``, ``$1::int[]``, ``$2 * 2``).
    Constant-only calls were folded by the planner already."""
    has_param = False
    for sub in e.walk():
        if isinstance(sub, Param):
            has_param = True
        elif isinstance(sub, Call):
            if sub.volatile or sub.set_returning or sub.context:
                return False
        elif not isinstance(sub, Const):
            return False  # columns, outer references, subqueries, CASE...: may vary
    return has_param


def _once(f: Fn) -> Fn:
    """``f`` evaluated at the first row of an execution and remembered (in ``ctx.cache``)."""
    key = object()  # this expression's slot in the execution's cache

    def once(row: Row, ctx: ExecContext) -> Any:
        cache = ctx.cache
        if key in cache:
            return cache[key]
        value = cache[key] = f(row, ctx)
        return value

    return once


def compile_predicate(e: Expr | None) -> Callable[[Row, ExecContext], bool] | None:
    """A filter: true only when the expression is TRUE (NULL and FALSE reject)."""
    if e is None:
        return None
    inline = _inline_comparisons(e)
    if inline is not None:
        return inline
    f = compile_expr(e)
    return lambda row, ctx: f(row, ctx) is True


# Comparisons whose implementation is Python's own operator: a filter made only of them
# (``col <op> constant [AND ...]``, the commonest WHERE clause) becomes one generated lambda.
_INLINE_OPERATORS: dict[Callable[..., Any], str] = {
    operator.eq: "==", operator.ne: "!=", operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">=",
}


def _inline_comparisons(e: Expr) -> Callable[[Row, ExecContext], bool] | None:
    """``lambda row, ctx: (row[i] is not None and row[i] > c0) and ...`` for a conjunction of
    comparisons of a column with a constant or a parameter, else None.  Same results as the compiled tree: a
    NULL column makes its comparison NULL, which a filter rejects like FALSE."""
    inline = _inline_terms(e, "ctx.params")
    if inline is None:
        return None
    condition, constants = inline
    predicate: Callable[[Row, ExecContext], bool] = eval(f"lambda row, ctx: {condition}", constants)
    return predicate


BatchFilter = Callable[[list[Row], ExecContext], list[Row]]


def compile_batch_filter(e: Expr | None, columns: Sequence[int] | None = None) -> BatchFilter | None:
    """The rows of a list that pass the filter ``e``, as one generated list comprehension
    (no call per row), when ``e`` is made of the comparisons :func:`compile_predicate`
    inlines; else None.  Such a filter cannot raise (a Python comparison of a column's value
    with a value of its type), so a scan may apply it to rows read ahead of its consumer
    (a LIMIT above stops the scan later than the last row it takes, never with an error).

    With ``columns``, the comprehension makes the projected rows (those columns, a
    select list of plain columns) of the rows that pass, and ``e`` may be None (no filter)."""
    condition, constants = "", {}
    if e is not None:
        inline = _inline_terms(e, "params")
        if inline is None:
            return None
        condition, constants = f" if {inline[0]}", inline[1]
    elif columns is None:
        return None
    item = "row" if columns is None else "(" + "".join(f"row[{c}], " for c in columns) + ")"
    namespace = dict(constants)
    # params read once per batch (a local of the comprehension's frame, not an attribute per row)
    exec(f"def batch(rows, ctx):\n    params = ctx.params\n    return [{item} for row in rows{condition}]", namespace)
    batch: BatchFilter = namespace["batch"]
    return batch


def _inline_terms(e: Expr, params: str) -> tuple[str, dict[str, Any]] | None:
    """The Python condition over ``row`` and ``ctx`` of :func:`_inline_comparisons` (``params``:
    how it names ``ctx.params``), and the constants it names; None when ``e`` has another shape."""
    terms: list[str] = []
    constants: dict[str, Any] = {}
    for n, part in enumerate(e.args if isinstance(e, And) else (e,)):
        if not (isinstance(part, Call) and len(part.args) == 2 and isinstance(part.args[0], ColumnRef)):
            return None
        symbol = _INLINE_OPERATORS.get(part.fn)
        if symbol is None:
            return None
        i, other = part.args[0].index, part.args[1]
        if isinstance(other, Const) and other.value is not None:
            terms.append(f"(row[{i}] is not None and row[{i}] {symbol} c{n})")
            constants[f"c{n}"] = other.value
        elif isinstance(other, Param):  # bound to the column's type by the analyzer, as col_op_param reads it
            p = other.index
            terms.append(f"(row[{i}] is not None and {params}[{p}] is not None and row[{i}] {symbol} {params}[{p}])")
        elif isinstance(other, Call) and _per_execution(other):  # $1::text: computed once per execution
            constants[f"f{n}"] = compile_expr(other)
            terms.append(f"(row[{i}] is not None and (w{n} := f{n}(row, ctx)) is not None and row[{i}] {symbol} w{n})")
        else:
            return None
    return " and ".join(terms), constants


def _failed(e: Failed) -> Fn:
    # The planner raises folding errors before compiling (raise_failed); reaching
    # one here means a plan path forgot to: fail safely at run time.
    error = e.error

    def fail(row: Row, ctx: ExecContext) -> Any:
        raise error

    return fail


def _const(e: Const) -> Fn:
    value = e.value
    return lambda row, ctx: value


def _param(e: Param) -> Fn:
    i = e.index
    return lambda row, ctx: ctx.params[i]


def _column(e: ColumnRef) -> Fn:
    i = e.index
    return lambda row, ctx: row[i]


def _outer(e: OuterRef) -> Fn:
    slot = e.slot
    return lambda row, ctx: ctx.outer[-1][slot]


def _sublink(e: SubLink) -> Fn:
    """Run the subquery (once per execution when uncorrelated) and reduce its rows."""
    run = e.plan.rows
    args = [compile_expr(a) for a in e.args]
    cache_key = id(e)
    first_only = e.kind == "exists"

    def rows_for(row: Row, ctx: ExecContext) -> list[Row]:
        if not args:
            cached: list[Row] | None = ctx.cache.get(cache_key)
            if cached is None:
                cached = ctx.cache[cache_key] = list(run(ctx))
            return cached
        ctx.outer.append(tuple([a(row, ctx) for a in args]))
        try:
            produced = run(ctx)
            return list(itertools.islice(produced, 1)) if first_only else list(produced)
        finally:
            ctx.outer.pop()

    kind = e.kind
    if kind == "scalar":
        def scalar(row: Row, ctx: ExecContext) -> Any:
            rows = rows_for(row, ctx)
            if len(rows) > 1:
                raise errors.CardinalityViolation("more than one row returned by a subquery used as an expression")
            return rows[0][0] if rows else None

        return scalar
    if kind == "exists":
        return lambda row, ctx: bool(rows_for(row, ctx))
    if kind == "array":
        reduce = e.op
        if reduce is not None:
            return lambda row, ctx: reduce([r[0] for r in rows_for(row, ctx)])
        return lambda row, ctx: [r[0] for r in rows_for(row, ctx)]
    assert e.test is not None and e.op is not None
    test = compile_expr(e.test)
    op = e.op
    want_all = kind == "all"
    whole_row = e.whole_row
    if kind == "rowcompare":
        def row_compare(row: Row, ctx: ExecContext) -> Any:
            rows = rows_for(row, ctx)
            if len(rows) > 1:
                raise errors.CardinalityViolation("more than one row returned by a subquery used as an expression")
            return op(test(row, ctx), rows[0]) if rows else None

        return row_compare

    def quantified(row: Row, ctx: ExecContext) -> Any:
        v = test(row, ctx)
        saw_null = False
        for r in rows_for(row, ctx):
            result = op(v, r if whole_row else r[0])
            if result is None:
                saw_null = True
            elif result is not want_all:
                return result  # ANY: a TRUE decides; ALL: a FALSE decides
        return None if saw_null else want_all

    return quantified


def _call(e: Call) -> Fn:
    fn = e.fn
    args = e.args
    if e.context:
        compiled_args = [compile_expr(a) for a in args]
        return lambda row, ctx: fn(ctx, *[a(row, ctx) for a in compiled_args])
    if not e.strict:
        compiled = [compile_expr(a) for a in args]
        return lambda row, ctx: fn(*[a(row, ctx) for a in compiled])
    if len(args) == 1:
        (a0,) = args
        if fn is identity:  # a cast that changes nothing (int2 -> int8, varchar -> text...)
            return compile_expr(a0)
        if isinstance(a0, ColumnRef):
            i = a0.index

            def call_col(row: Row, ctx: ExecContext) -> Any:
                v = row[i]
                return None if v is None else fn(v)

            return call_col
        f0 = compile_expr(a0)

        def call1(row: Row, ctx: ExecContext) -> Any:
            v = f0(row, ctx)
            return None if v is None else fn(v)

        return call1
    if len(args) == 2:
        a0, a1 = args
        if isinstance(a1, Const):
            c = a1.value
            if c is None:
                return lambda row, ctx: None
            if isinstance(a0, ColumnRef):
                i = a0.index

                def col_op_const(row: Row, ctx: ExecContext) -> Any:
                    v = row[i]
                    return None if v is None else fn(v, c)

                return col_op_const
            f0 = compile_expr(a0)

            def expr_op_const(row: Row, ctx: ExecContext) -> Any:
                v = f0(row, ctx)
                return None if v is None else fn(v, c)

            return expr_op_const
        if isinstance(a0, ColumnRef) and isinstance(a1, Param):
            i, p = a0.index, a1.index

            def col_op_param(row: Row, ctx: ExecContext) -> Any:
                v = row[i]
                w = ctx.params[p]
                return None if v is None or w is None else fn(v, w)

            return col_op_param
        f0, f1 = compile_expr(a0), compile_expr(a1)

        def call2(row: Row, ctx: ExecContext) -> Any:
            v = f0(row, ctx)
            if v is None:
                return None
            w = f1(row, ctx)
            return None if w is None else fn(v, w)

        return call2
    compiled = [compile_expr(a) for a in args]

    def calln(row: Row, ctx: ExecContext) -> Any:
        values = [a(row, ctx) for a in compiled]
        for v in values:
            if v is None:
                return None
        return fn(*values)

    return calln


def _context_call(e: ContextCall) -> Fn:
    fn = e.fn
    compiled = [compile_expr(a) for a in e.args]
    if not compiled:
        return lambda row, ctx: fn(ctx)
    if not e.strict:
        return lambda row, ctx: fn(ctx, *[a(row, ctx) for a in compiled])

    def strict_call(row: Row, ctx: ExecContext) -> Any:
        values = [a(row, ctx) for a in compiled]
        for v in values:
            if v is None:
                return None
        return fn(ctx, *values)

    return strict_call


def _and(e: And) -> Fn:
    compiled = [compile_expr(a) for a in e.args]
    if len(compiled) == 2:
        f0, f1 = compiled

        def and2(row: Row, ctx: ExecContext) -> Any:
            v = f0(row, ctx)
            if v is False:
                return False
            w = f1(row, ctx)
            if w is False:
                return False
            return None if v is None or w is None else True

        return and2

    def and_n(row: Row, ctx: ExecContext) -> Any:
        result: bool | None = True
        for f in compiled:
            v = f(row, ctx)
            if v is False:
                return False
            if v is None:
                result = None
        return result

    return and_n


def _or(e: Or) -> Fn:
    compiled = [compile_expr(a) for a in e.args]

    def or_n(row: Row, ctx: ExecContext) -> Any:
        result: bool | None = False
        for f in compiled:
            v = f(row, ctx)
            if v is True:
                return True
            if v is None:
                result = None
        return result

    return or_n


def _not(e: Not) -> Fn:
    f = compile_expr(e.arg)

    def not_(row: Row, ctx: ExecContext) -> Any:
        v = f(row, ctx)
        return None if v is None else not v

    return not_


def _is_null(e: IsNull) -> Fn:
    f = compile_expr(e.arg)
    if e.negate:
        return lambda row, ctx: f(row, ctx) is not None
    return lambda row, ctx: f(row, ctx) is None


def _case(e: Case) -> Fn:
    whens = [(compile_expr(c), compile_expr(r)) for c, r in e.whens]
    default = compile_expr(e.default)

    def case(row: Row, ctx: ExecContext) -> Any:
        for cond, result in whens:
            if cond(row, ctx) is True:
                return result(row, ctx)
        return default(row, ctx)

    return case


def _coalesce(e: Coalesce) -> Fn:
    compiled = [compile_expr(a) for a in e.args]

    def coalesce(row: Row, ctx: ExecContext) -> Any:
        for f in compiled:
            v = f(row, ctx)
            if v is not None:
                return v
        return None

    return coalesce


def _in_list(e: InList) -> Fn:
    arg = compile_expr(e.arg)
    negate = e.negate
    if all(isinstance(i, Const) for i in e.items) and e.arg.type.kind in _HASHABLE_KINDS:
        values = [i.value for i in e.items if isinstance(i, Const)]
        has_null = any(v is None for v in values)
        members = frozenset(v for v in values if v is not None)
        miss: bool | None = None if has_null else negate

        def in_set(row: Row, ctx: ExecContext) -> Any:
            v = arg(row, ctx)
            if v is None:
                return None
            return (not negate) if v in members else miss

        return in_set
    items = [compile_expr(i) for i in e.items]
    eq = e.eq

    def in_list(row: Row, ctx: ExecContext) -> Any:
        v = arg(row, ctx)
        if v is None:
            return None
        saw_null = False
        for item in items:
            w = item(row, ctx)
            if w is None:
                saw_null = True
            elif eq(v, w):
                return not negate
        return None if saw_null else negate

    return in_list


_COMPILERS: dict[type, Callable[[Any], Fn]] = {
    Const: _const,
    Failed: _failed,
    Param: _param,
    ColumnRef: _column,
    OuterRef: _outer,
    SubLink: _sublink,
    Call: _call,
    ContextCall: _context_call,
    And: _and,
    Or: _or,
    Not: _not,
    IsNull: _is_null,
    Case: _case,
    Coalesce: _coalesce,
    InList: _in_list,
}

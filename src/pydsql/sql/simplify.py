"""Constant simplification after analysis (PostgreSQL's ``eval_const_expressions``).

The analyzer keeps the shape the user wrote (PostgreSQL decides some things
on that shape: which IN-list items reference columns, whether an ORDER BY
expression is a select-list expression); this pass then folds what
constants make decidable:

* calls of constants (immutable ones only), IS NULL and IN of constants;

* AND/OR with constant inputs (FALSE absorbs AND, TRUE absorbs OR; NULLs kept
  as three-valued logic requires), NOT of a constant;
* CASE branches whose condition is a constant: a FALSE/NULL branch is dropped
  with its result, a leading TRUE branch becomes the whole expression;
* COALESCE arguments after the first non-NULL constant.

Dropping a branch also drops any folding error inside it (:class:`~.expr.Failed`),
so ``CASE WHEN false THEN 1/0 ELSE 1 END`` is 1, as in PostgreSQL.  Calls of
constants were already folded by the analyzer.
"""

from __future__ import annotations

from .coerce import fold
from .. import errors
from .expr import And, Call, Case, Coalesce, Const, Expr, Failed, InList, IsNull, Not, Or, map_expr
from ..types import BOOL


def simplify(e: Expr | None) -> Expr | None:
    if e is None:
        return None
    return _simplify(e)


def simplify_expr(e: Expr) -> Expr:
    return _simplify(e)


def simplify_all(exprs: list[Expr]) -> list[Expr]:
    return [_simplify(e) for e in exprs]


def _simplify(e: Expr) -> Expr:
    # bottom-up: simplify the children first, then this node
    if isinstance(e, (And, Or)):
        return fold_bool(type(e)(tuple(_simplify(a) for a in e.args)))
    if isinstance(e, Not):
        arg = _simplify(e.arg)
        if isinstance(arg, Const):
            return Const(None if arg.value is None else not arg.value, BOOL)
        return Not(arg)
    if isinstance(e, Case):
        return _case(e)
    if isinstance(e, Coalesce):
        args: list[Expr] = []
        for a in e.args:
            a = _simplify(a)
            if isinstance(a, Const):
                if a.value is None:
                    continue  # a NULL argument never decides
                args.append(a)
                break  # nothing after a non-NULL constant is ever evaluated
            args.append(a)
        if not args:
            return Const(None, e.type)
        return args[0] if len(args) == 1 else Coalesce(tuple(args), e.type)
    rebuilt = map_expr(e, lambda sub: None if sub is e else _simplify(sub))
    if isinstance(rebuilt, Call):
        return fold(rebuilt)
    if isinstance(rebuilt, (IsNull, InList)) and all(isinstance(c, Const) for c in rebuilt.children()):
        return _evaluate(rebuilt)
    return rebuilt


def _evaluate(e: Expr) -> Expr:
    """The value of a constant expression (its error, kept as Failed, if it has one)."""
    from .compile import compile_expr

    try:
        return Const(compile_expr(e)((), None), e.type)  # type: ignore[arg-type]
    except errors.Error as error:
        return Failed(error, e.type)


def _case(e: Case) -> Expr:
    live: list[tuple[Expr, Expr]] = []
    for cond, result in e.whens:
        cond = _simplify(cond)
        if isinstance(cond, Const):
            if cond.value is not True:
                continue  # never taken: drop the branch
            if not live:
                return _simplify(result)  # always taken first
            # a TRUE branch after live ones: it is the ELSE of what precedes it
            return Case(tuple(live), _simplify(result), e.type)
        live.append((cond, _simplify(result)))
    default = _simplify(e.default)
    if not live:
        return default
    return Case(tuple(live), default, e.type)


def fold_bool(e: And | Or) -> Expr:
    """Simplify AND/OR with constant inputs (three-valued)."""
    absorbing = isinstance(e, Or)  # TRUE absorbs OR, FALSE absorbs AND
    rest: list[Expr] = []
    saw_null = False
    for a in e.args:
        if isinstance(a, Const):
            if a.value is None:
                saw_null = True
            elif a.value is absorbing:
                return Const(absorbing, BOOL)
            continue
        if isinstance(a, type(e)):
            rest.extend(a.args)
        else:
            rest.append(a)
    if not rest:
        return Const(None if saw_null else not absorbing, BOOL)
    if saw_null:
        rest.append(Const(None, BOOL))
    if len(rest) == 1:
        return rest[0]
    return type(e)(tuple(rest))

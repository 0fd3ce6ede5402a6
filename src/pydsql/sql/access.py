"""Choosing how to read a table: the access-path rule of the planner.

Given a table and its WHERE condition, :func:`choose_access_path` looks at the
top-level AND-ed conditions (conjuncts) of the form ``pk_column OP value``,
where ``value`` does not depend on the row (constants, parameters, stable
functions) and has the same key encoding as the column:

* every primary-key column pinned by ``=`` (or ``IN``): :class:`PkLookup`,
  one point read per key; those conjuncts are consumed.
* a leading prefix pinned by ``=`` and/or a range (``<``, ``<=``, ``>``,
  ``>=``, ``BETWEEN``) on the next key column: :class:`PkRange`.
* otherwise a :class:`FullScan`.

Whatever is not consumed stays as the residual filter, evaluated on every
row the access path yields.  Index-only shortcuts must never change a
result, so a conjunct is consumed only when the lookup answers it exactly.
"""

from __future__ import annotations

from ..catalog import Table
from .compile import compile_expr
from .expr import And, Call, ColumnRef, Const, ContextCall, Expr, InList
from .plan import AccessPath, FullScan, PkLookup, PkRange

#: Kinds whose values share a key encoding (so a value of one can probe a key of another).
_FAMILY = {
    "int2": "int", "int4": "int", "int8": "int",
    "text": "text", "varchar": "text", "name": "text",
    "float4": "float", "float8": "float",
}

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def conjuncts(e: Expr | None) -> list[Expr]:
    if e is None:
        return []
    if isinstance(e, And):
        return list(e.args)
    return [e]


def row_independent(e: Expr) -> bool:
    """True when ``e`` has the same value for every row (and may be computed once)."""
    for sub in e.walk():
        if isinstance(sub, ColumnRef):
            return False
        if isinstance(sub, (Call, ContextCall)) and sub.volatile:
            return False
    return True


def _compatible(column_kind: str, value_kind: str) -> bool:
    return _FAMILY.get(column_kind, column_kind) == _FAMILY.get(value_kind, value_kind)


def _comparison(e: Expr) -> tuple[int, str, Expr] | None:
    """``(column index, operator, value)`` for ``column OP value`` / ``value OP column``."""
    if not isinstance(e, Call) or e.name not in _FLIP or len(e.args) != 2:
        return None
    left, right = e.args
    if isinstance(left, ColumnRef) and row_independent(right) and _compatible(left.type.kind, right.type.kind):
        return left.index, e.name, right
    if isinstance(right, ColumnRef) and row_independent(left) and _compatible(right.type.kind, left.type.kind):
        return right.index, _FLIP[e.name], left
    return None


def choose_access_path(table: Table, where: Expr | None) -> tuple[AccessPath, Expr | None]:
    pk = table.primary_key
    parts = conjuncts(where)
    if where is not None and isinstance(where, Const) and where.value is not True:
        return FullScan(table), where  # WHERE false / NULL: the filter rejects everything
    if pk is None or not parts:
        return FullScan(table), where

    equal: dict[int, tuple[list[Expr], Expr]] = {}  # column -> (values, conjunct)
    lower: dict[int, tuple[Expr, bool]] = {}
    upper: dict[int, tuple[Expr, bool]] = {}
    for part in parts:
        if isinstance(part, InList) and not part.negate and isinstance(part.arg, ColumnRef):
            col = part.arg.index
            if all(row_independent(i) and _compatible(part.arg.type.kind, i.type.kind) for i in part.items):
                if col not in equal:
                    equal[col] = (list(part.items), part)
            continue
        cmp = _comparison(part)
        if cmp is None:
            continue
        col, op, value = cmp
        if op == "=":
            equal.setdefault(col, ([value], part))
        elif op in (">", ">="):
            lower.setdefault(col, (value, op == ">="))
        else:
            upper.setdefault(col, (value, op == "<="))

    key_cols = pk.columns
    types = [table.columns[c].type for c in key_cols]
    if all(c in equal for c in key_cols):
        consumed = {id(equal[c][1]) for c in key_cols}
        value_sets = [[compile_expr(v) for v in equal[c][0]] for c in key_cols]
        residual = [p for p in parts if id(p) not in consumed]
        return PkLookup(table, value_sets, types), _conjoin(residual)

    prefix = 0
    while prefix < len(key_cols) and key_cols[prefix] in equal and len(equal[key_cols[prefix]][0]) == 1:
        prefix += 1
    next_col = key_cols[prefix] if prefix < len(key_cols) else None
    lo = lower.get(next_col) if next_col is not None else None
    hi = upper.get(next_col) if next_col is not None else None
    if prefix == 0 and lo is None and hi is None:
        return FullScan(table), where
    access = PkRange(
        table,
        [compile_expr(equal[c][0][0]) for c in key_cols[:prefix]],
        types[:prefix],
        (compile_expr(lo[0]), lo[1]) if lo is not None else None,
        (compile_expr(hi[0]), hi[1]) if hi is not None else None,
        types[prefix] if next_col is not None else None,
    )
    return access, where


def _conjoin(parts: list[Expr]) -> Expr | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(tuple(parts))

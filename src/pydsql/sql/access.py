"""Choosing how to read a table: the access-path rule of the planner.

Given a table and its WHERE condition, :func:`choose_access_path` looks at the
top-level AND-ed conditions (conjuncts) of the form ``pk_column OP value``,
where ``value`` does not depend on the row (constants, parameters, stable
functions) and has the same key encoding as the column:

* every primary-key column pinned by ``=`` (or ``IN``, ``= ANY (array)``, ``= a OR = b``): :class:`PkLookup`,
  one point read per key; those conjuncts are consumed.
* a leading prefix pinned by ``=`` and/or a range (``<``, ``<=``, ``>``,
  ``>=``, ``BETWEEN``) on the next key column: :class:`PkRange`.
* a valid secondary index (:class:`IndexScan`) when it pins more leading keys
  by ``=``/``IN``/``IS NULL`` (then a range on the next key) than the primary key does; a
  key is a column or an expression (``lower(v) = $1`` matches an index on
  ``(lower(v))``: the same analyzed expression); a partial index only when
  the WHERE implies its predicate.  Nothing is consumed: index entries are
  re-checked by the whole WHERE.
* otherwise a :class:`FullScan`.

Whatever is not consumed stays as the residual filter, evaluated on every
row the access path yields.  Index-only shortcuts must never change a
result, so a conjunct is consumed only when the lookup answers it exactly.
"""

from __future__ import annotations

from typing import Any

from ..catalog import Table
from .compile import compile_expr
from .expr import And, Call, ColumnRef, Const, ContextCall, Expr, InList, IsNull, Or, SubLink, parameter_index
from .indexes import key_exprs, predicate_expr
from .plan import AccessPath, FullScan, IndexScan, PkLookup, PkRange

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


#: What a conjunct constrains: a column (its position) or, for expression index keys, the
#: structural key (:meth:`Expr.key`) of a row-dependent expression.
Target = int | tuple[Any, ...]


def _target(e: Expr) -> Target | None:
    if isinstance(e, ColumnRef):
        return e.index
    if row_independent(e):
        return None
    for sub in e.walk():
        if isinstance(sub, (SubLink, ContextCall)) or (isinstance(sub, Call) and sub.volatile):
            return None
    return e.key()


def _comparison(e: Expr) -> tuple[Target, str, Expr] | None:
    """``(target, operator, value)`` for ``target OP value`` / ``value OP target``."""
    if not isinstance(e, Call) or e.name not in _FLIP or len(e.args) != 2:
        return None
    left, right = e.args
    if row_independent(right) and _compatible(left.type.kind, right.type.kind):
        target = _target(left)
        if target is not None:
            return target, e.name, right
    if row_independent(left) and _compatible(right.type.kind, left.type.kind):
        target = _target(right)
        if target is not None:
            return target, _FLIP[e.name], left
    return None


def _equal_alternatives(e: Expr) -> tuple[Target, list[Expr]] | None:
    """``(target, values)`` for ``target = v1 OR target = v2 ...`` (``target IN (v1, v2)``)."""
    if not isinstance(e, Or):
        return None
    target: Target | None = None
    values: list[Expr] = []
    for arm in e.args:
        cmp = _comparison(arm)
        if cmp is None or cmp[1] != "=" or (target is not None and cmp[0] != target):
            return None
        target = cmp[0]
        values.append(cmp[2])
    return (target, values) if target is not None else None


def _equal_any(e: Expr) -> tuple[Target, Expr] | None:
    """``(column, array)`` for ``column = ANY (array)`` with a row-independent array whose
    elements share the column's key encoding (PostgreSQL's ScalarArrayOpExpr)."""
    if not isinstance(e, Call) or e.name != "= ANY" or len(e.args) != 2:
        return None
    left, array = e.args
    elem = array.type.elem
    if not isinstance(left, ColumnRef) or elem is None or not row_independent(array):
        return None
    if not _compatible(left.type.kind, elem.kind):
        return None
    return left.index, array


def choose_access_path(table: Table, where: Expr | None) -> tuple[AccessPath, Expr | None]:
    pk = table.primary_key
    parts = conjuncts(where)
    if where is not None and isinstance(where, Const) and where.value is not True:
        return FullScan(table), where  # WHERE false / NULL: the filter rejects everything
    if not parts or (pk is None and not table.indexes):
        return FullScan(table), where

    equal: dict[Target, tuple[list[Expr], Expr]] = {}  # target -> (values, conjunct)
    equal_any: dict[Target, tuple[Expr, Expr]] = {}  # target -> (array, conjunct): target = ANY (array)
    lower: dict[Target, tuple[Expr, bool]] = {}
    upper: dict[Target, tuple[Expr, bool]] = {}
    is_null: set[Target] = set()
    for part in parts:
        if isinstance(part, IsNull) and not part.negate:
            col = _target(part.arg)
            if col is not None:
                is_null.add(col)
            continue
        if isinstance(part, InList) and not part.negate:
            col = _target(part.arg)
            if col is None:
                continue
            if all(row_independent(i) and _compatible(part.arg.type.kind, i.type.kind) for i in part.items):
                if col not in equal:
                    equal[col] = (list(part.items), part)
            continue
        alternatives = _equal_alternatives(part)
        if alternatives is not None:  # col = a OR col = b: col IN (a, b)
            equal.setdefault(alternatives[0], (alternatives[1], part))
            continue
        any_array = _equal_any(part)
        if any_array is not None:
            equal_any.setdefault(any_array[0], (any_array[1], part))
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

    key_cols = pk.columns if pk is not None else ()
    types = [table.columns[c].type for c in key_cols]
    if pk is not None and all(c in equal or c in equal_any for c in key_cols):
        consumed = {id(equal[c][1] if c in equal else equal_any[c][1]) for c in key_cols}
        value_sets = [[compile_expr(v) for v in equal[c][0]] if c in equal else [] for c in key_cols]
        array_sets = [[compile_expr(equal_any[c][0])] if c not in equal else [] for c in key_cols]
        residual = [p for p in parts if id(p) not in consumed]
        one = equal[key_cols[0]][0] if len(key_cols) == 1 and key_cols[0] in equal else []
        param_key = parameter_index(one[0]) if len(one) == 1 else None  # pk = %s
        return PkLookup(table, value_sets, types, array_sets, param_key), _conjoin(residual)

    prefix = 0
    while prefix < len(key_cols) and key_cols[prefix] in equal and len(equal[key_cols[prefix]][0]) == 1:
        prefix += 1
    next_col = key_cols[prefix] if prefix < len(key_cols) else None
    lo = lower.get(next_col) if next_col is not None else None
    hi = upper.get(next_col) if next_col is not None else None
    best = _best_index(table, parts, equal, is_null, lower, upper, (prefix, lo is not None or hi is not None))
    if best is not None:
        return best, where  # the whole WHERE stays: an index scan only narrows what is read
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


#: At most this many index prefixes from IN lists (their product); beyond, a shorter prefix.
_MAX_PREFIXES = 256


def _best_index(
    table: Table,
    parts: list[Expr],
    equal: dict[Target, tuple[list[Expr], Expr]],
    is_null: set[Target],
    lower: dict[Target, tuple[Expr, bool]],
    upper: dict[Target, tuple[Expr, bool]],
    pk_score: tuple[int, bool],
) -> IndexScan | None:
    """The valid secondary index that pins more leading keys than the primary key does
    (equalities first, then a range on the next key), as an :class:`IndexScan`."""
    best: tuple[tuple[int, bool], IndexScan] | None = None
    for index in table.indexes:
        if not index.valid:
            continue  # building/failed indexes serve no query
        if index.predicate is not None and not _implies(parts, predicate_expr(table, index)):
            continue  # a partial index has rows only where its predicate holds
        keys = key_exprs(table, index)
        cols: list[Target] = [col if col >= 0 else keys[k].key() for k, col in enumerate(index.columns)]
        n = 0
        combos = 1
        while n < len(cols) and (cols[n] in equal or cols[n] in is_null):
            if cols[n] in equal:
                combos *= len(equal[cols[n]][0])
                if combos > _MAX_PREFIXES:
                    break
            n += 1
        nxt = cols[n] if n < len(cols) else None
        lo = lower.get(nxt) if nxt is not None else None
        hi = upper.get(nxt) if nxt is not None else None
        score = (n, lo is not None or hi is not None)
        if score <= pk_score or (best is not None and score <= best[0]):
            continue
        scan = IndexScan(
            table, index,
            [[compile_expr(v) for v in equal[c][0]] if c in equal else None for c in cols[:n]],
            [e.type for e in keys],
            (compile_expr(lo[0]), lo[1]) if lo is not None else None,
            (compile_expr(hi[0]), hi[1]) if hi is not None else None,
        )
        best = (score, scan)
    return best[1] if best is not None else None


def _implies(parts: list[Expr], predicate: Expr | None) -> bool:
    """Whether the WHERE conjuncts ``parts`` imply a partial index's predicate: each of its
    conjuncts is one of them, or ``col IS NOT NULL`` where a strict comparison constrains col."""
    have = {p.key() for p in parts}
    constrained: set[Target] = set()
    for part in parts:
        if isinstance(part, InList) and not part.negate and isinstance(part.arg, ColumnRef):
            constrained.add(part.arg.index)
        cmp = _comparison(part)
        if cmp is not None:
            constrained.add(cmp[0])
    for need in conjuncts(predicate):
        if need.key() in have:
            continue
        if isinstance(need, IsNull) and need.negate and isinstance(need.arg, ColumnRef) and need.arg.index in constrained:
            continue
        return False
    return True


def _conjoin(parts: list[Expr]) -> Expr | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(tuple(parts))

"""Type resolution: casts, coercions, and choosing among overloaded operators and functions.

This module applies PostgreSQL's rules (documentation chapter 10, "Type
Conversion") to the tables of :mod:`pydsql.values`:

* :func:`coerce` converts an expression to a target type in one of three
  contexts, as ``pg_cast.castcontext``: IMPLICIT (inside expressions),
  ASSIGNMENT (storing into a column) and EXPLICIT (``CAST``/``::``).  An
  ``unknown`` literal (a quoted string, or a ``str``/``None`` parameter, which
  psycopg also sends as unknown) is read with the target type's input
  function, exactly as PostgreSQL does.
* :func:`select_candidate` is ``func_select_candidate``: exact match, then
  implicit coercions, then most exact matches, then preferred types, then the
  category of unknown inputs.  Operators and functions share it.

Constant inputs are folded at plan time (PostgreSQL folds immutable
expressions too, so ``SELECT 1/0 FROM t WHERE false`` fails in both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .. import errors
from ..types import POLYMORPHIC, TEXT, UNKNOWN, SqlType, kind_type
from ..values import catalog as values
from ..values.arrays import NONSTRICT_OPERATORS, array_map
from ..values.casts import apply_typmod
from ..values.casts import identity as _identity  # compiled code recognizes it (a cast that changes nothing)
from ..values.strings import text_in
from ..values.registry import ASSIGNMENT, EXPLICIT, IMPLICIT
from .expr import Call, ColumnRef, Const, Expr, Failed, Param
from .polymorphic import (
    POLYMORPHIC_KINDS,
    Resolved,
    can_coerce_type,
    check_generic_type_consistency,
    coercion_pathway,
    declared_types,
    same_type,
    select_common_type_from_types,
)

T = TypeVar("T")

_CONTEXT_RANK = {IMPLICIT: 0, ASSIGNMENT: 1, EXPLICIT: 2}


def cast_function(source: SqlType, target: SqlType, context: str) -> Callable[[Any], Any] | None:
    """The function converting non-NULL ``source`` values to ``target`` in ``context``.

    ``None`` when PostgreSQL has no such cast in that context.  Modifiers of
    the target (``varchar(3)``, ``numeric(5,2)``, ``varchar(3)[]``) are
    applied; an explicit cast truncates where an assignment raises.  Arrays
    convert element by element (PostgreSQL's ArrayCoerceExpr, allowed when
    the elements' cast is), or through text (I/O conversion).
    """
    explicit = context == EXPLICIT
    has_typmod = _has_typmod(target)
    if same_type(source, target):
        if not has_typmod or source == target:
            return _identity
        return lambda v: apply_typmod(v, target, explicit)
    if source.kind == "unknown":
        parse = values.input_function(target)
        if not has_typmod:
            # text's input returns the text itself: the identity, which compiled code leaves out
            return _identity if parse is text_in else parse
        return lambda v: apply_typmod(parse(v), target, explicit)
    if source.kind == "array" or target.kind == "array":
        path = coercion_pathway(source, target, context)
        if path == "array":
            assert source.elem is not None and target.elem is not None
            elem_fn = cast_function(source.elem, target.elem, context)
            assert elem_fn is not None
            if elem_fn is _identity:
                return _identity
            return lambda v: array_map(elem_fn, v)
        if path == "io":
            if target.kind == "array":
                parse = values.input_function(target)
                fmt = values.output_function(source)
                if not has_typmod:
                    return lambda v: parse(fmt(v))
                return lambda v: apply_typmod(parse(fmt(v)), target, explicit)
            out = values.output_function(source)
            if not has_typmod:
                return out
            return lambda v: apply_typmod(out(v), target, explicit)
        return None
    cast = values.find_cast(source.kind, target.kind)
    if cast is None or _CONTEXT_RANK[cast.context] > _CONTEXT_RANK[context]:
        return None
    to_target = cast.to_target
    if to_target is not None:  # the cast applies the target's modifiers itself
        return lambda v: to_target(v, target)
    fn = cast.fn
    if fn is None:
        if not has_typmod:
            return _identity
        return lambda v: apply_typmod(v, target, explicit)
    if not has_typmod:
        return fn
    return lambda v: apply_typmod(fn(v), target, explicit)


def _has_typmod(t: SqlType) -> bool:
    if t.elem is not None:
        return _has_typmod(t.elem)
    return t.length is not None or t.precision is not None or t.scale is not None


def can_coerce(source: SqlType, target_kind: str, context: str = IMPLICIT) -> bool:
    """Whether a ``source`` value can become a ``target_kind`` value in ``context``
    (``target_kind`` a kind name or an array type written ``"text[]"``)."""
    return can_coerce_type(source, kind_type(target_kind), context)


def coerce(
    e: Expr, target: SqlType, context: str, *, column: str | None = None, construct: str | None = None
) -> Expr:
    """``e`` converted to ``target`` (see :func:`cast_function`), constants folded.

    Raises 42846 (explicit) or 42804 (assignment/implicit) when no cast exists;
    ``column`` names the target column in the assignment message, ``construct``
    the SQL construct whose common type is being applied (CASE, COALESCE...).
    """
    if e.type == target:
        return e
    fn = cast_function(e.type, target, context)
    if fn is None:
        if construct is not None:  # coerce_to_common_type (CASE, COALESCE, IN...)
            raise errors.CannotCoerce(f"{construct} could not convert type {e.type.name} to {target.name}")
        if context == EXPLICIT:
            raise errors.CannotCoerce(f"cannot cast type {e.type.name} to {target.name}")
        if column is not None:
            raise errors.DatatypeMismatch(
                f'column "{column}" is of type {target.name} but expression is of type {e.type.name}',
                hint="You will need to rewrite or cast the expression.",
            )
        raise errors.DatatypeMismatch(f"cannot convert type {e.type.name} to {target.name}")
    if isinstance(e, Param) and e.deduced is not None and e.type.kind == "unknown":
        return _deduce(e, e.deduced, target, context)
    if fn is _identity:
        return _retype(e, target)
    if isinstance(e, Const):
        if e.value is None:
            return Const(None, target)
        if e.type.kind == "unknown":
            # a literal's input function runs during analysis in PostgreSQL (errors are immediate);
            # a length or precision limit is a cast of its own that constant folding evaluates when
            # the statement is planned, after all of its analysis (coerce_type passes typmod -1 to
            # the input function; interval's typmod selects the fields its input reads)
            if target.kind != "interval" and _has_typmod(target):
                base = target.base
                read = cast_function(e.type, base, context)
                assert read is not None  # (it exists: so does the cast with the type modifier)
                return coerce(Const(read(e.value), base), target, context)
            return Const(fn(e.value), target)
    return Call(f"::{target}", fn, (e,), target, immutable=cast_is_immutable(_base_kind(e.type), _base_kind(target)))


def _deduce(e: Param, deduced: list[SqlType], target: SqlType, context: str) -> Expr:
    """An ``unknown`` parameter coerced to ``target``: its type is deduced (PostgreSQL's
    variable_coerce_param_hook).  The parameter is then ``target`` without its type
    modifier, for the whole statement: its text is converted once, when the statement
    is bound (:func:`parameter_inputs`), whether or not a row ever reads it; a type
    modifier (``varchar(3)``, ``numeric(12,2)``) is applied where it is read, as
    PostgreSQL does.  A parameter deduced as two types is an error (42P08)."""
    e.coerced = True
    base = target.base
    known = deduced[e.index]
    if known.kind == "unknown":
        deduced[e.index] = base
    elif known != base:
        raise errors.AmbiguousParameter(
            f"inconsistent types deduced for parameter ${e.index + 1}", detail=f"{known.name} versus {base.name}"
        )
    param = Param(e.index, base)
    return param if base == target else coerce(param, target, context)


def parameter_inputs(bound: Sequence[SqlType], deduced: Sequence[SqlType]) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """``(index, input function)`` of the parameters bound as ``unknown`` whose type was
    deduced (``deduced``: the analyzer's final parameter types), when that function is not
    the identity: what binding a statement converts, once, before it runs."""
    inputs = []
    for i, (was, now) in enumerate(zip(bound, deduced)):
        if was.kind == "unknown" and now.kind != "unknown":
            fn = cast_function(was, now, EXPLICIT)
            if fn is not None and fn is not _identity:
                inputs.append((i, fn))
    return tuple(inputs)


def _base_kind(t: SqlType) -> str:
    return _base_kind(t.elem) if t.elem is not None else t.kind


_DATETIME = frozenset({"date", "time", "timetz", "timestamp", "timestamptz", "interval"})
_STABLE_DATETIME_CASTS = frozenset({
    ("timestamp", "timestamptz"), ("timestamptz", "timestamp"), ("date", "timestamptz"),
    ("timestamptz", "date"), ("timestamptz", "time"), ("timestamptz", "timetz"), ("time", "timetz"),
})


def cast_is_immutable(source: str, target: str) -> bool:
    """Whether PostgreSQL may fold this cast of a constant at plan time.

    Date/time input and output depend on DateStyle, IntervalStyle and
    TimeZone, so PostgreSQL marks those functions STABLE: a cast through text
    to or from a date/time type, and the casts that involve the time zone,
    are computed when the row is, not when the statement is planned.
    """
    if source == target:
        return True
    if (source in _DATETIME) != (target in _DATETIME) and (source in _STRINGS or target in _STRINGS):
        return False
    return (source, target) not in _STABLE_DATETIME_CASTS


_STRINGS = frozenset({"text", "varchar", "bpchar", "name"})


def _retype(e: Expr, target: SqlType) -> Expr:
    """The same computation presented as ``target`` (binary-coercible types, PostgreSQL's RelabelType)."""
    if isinstance(e, Const):
        return Const(e.value, target)
    if isinstance(e, Param):
        return Param(e.index, target)
    if isinstance(e, ColumnRef):
        return ColumnRef(e.index, target, e.name)
    return Call(f"::{target}", _identity, (e,), target)


def coerce_to_specific(e: Expr, target: SqlType, construct: str) -> Expr:
    """PostgreSQL's coerce_to_specific_type: the argument of LIMIT, OFFSET... (an assignment)."""
    if not same_type(e.type, target) and not can_coerce_type(e.type, target, ASSIGNMENT):
        raise errors.DatatypeMismatch(f"argument of {construct} must be type {target.name}, not type {e.type.name}")
    return coerce(e, target, ASSIGNMENT)


def resolve_unknown(e: Expr) -> Expr:
    """An expression whose type is still ``unknown`` becomes ``text`` (PostgreSQL's default)."""
    if e.type.kind == "unknown":
        return coerce(e, TEXT, IMPLICIT)
    return e


# -- overload resolution ---------------------------------------------------------------

AMBIGUOUS: Any = object()


def select_candidate(
    candidates: Sequence[tuple[Sequence[str], T]], arg_types: Sequence[SqlType], binary_operator: bool = False
) -> T | None:
    """PostgreSQL's choice among overloads (``func_select_candidate``).

    ``candidates`` are ``(argument kinds, payload)``; returns the payload of
    the chosen one, ``None`` if nothing fits, or :data:`AMBIGUOUS`.  Argument
    kinds may be polymorphic (:mod:`.polymorphic`): a candidate is usable
    when each argument can be coerced to its kind and its polymorphic
    arguments are consistent (``check_generic_type_consistency``).
    """
    kinds = [t.kind for t in arg_types]
    n = len(kinds)
    fitting = [(ks, p) for ks, p in candidates if len(ks) == n]
    if not fitting:
        return None
    # 1. exact match (a binary operator with one unknown side: assume the other side's type)
    lookup = list(arg_types)
    if binary_operator and n == 2 and (kinds[0] == "unknown") != (kinds[1] == "unknown"):
        known = arg_types[1] if kinds[0] == "unknown" else arg_types[0]
        lookup = [known, known]
    lookup_kinds = [t.kind for t in lookup]
    if "array" not in lookup_kinds:  # kind names decide (the common case, kept fast)
        for ks, p in fitting:
            if list(ks) == lookup_kinds:
                return p
    else:
        for ks, p in fitting:
            if all(_exact(c, t) for c, t in zip(ks, lookup)):
                return p
    # 2. candidates every input can be implicitly coerced to
    usable = [(ks, p) for ks, p in fitting if _usable(ks, arg_types)]
    if len(usable) == 1:
        return usable[0][1]
    if not usable:
        return None
    # 3. most exact matches on known inputs
    usable = _keep_best(usable, lambda ks: sum(_exact(c, t) for c, t in zip(ks, arg_types) if t.kind != "unknown"))
    if len(usable) == 1:
        return usable[0][1]
    # 4. most preferred types where coercion is needed
    usable = _keep_best(
        usable,
        lambda ks: sum(1 for c, t in zip(ks, arg_types) if t.kind != "unknown" and not _exact(c, t) and _info(c).preferred),
    )
    if len(usable) == 1:
        return usable[0][1]
    # 5. unknown inputs: the category each position accepts (string wins), then preferred types;
    #    a position whose candidates disagree on the category leaves this step undecided
    if "unknown" in kinds:
        chosen: dict[int, str] = {}
        for pos, k in enumerate(kinds):
            if k == "unknown":
                categories = {_info(ks[pos]).category for ks, _ in usable}
                if "S" in categories:
                    chosen[pos] = "S"
                elif len(categories) == 1:
                    chosen[pos] = categories.pop()
                else:
                    chosen = {}
                    break
        for pos, category in chosen.items():
            in_category = [(ks, p) for ks, p in usable if _info(ks[pos]).category == category]
            preferred = [(ks, p) for ks, p in in_category if _info(ks[pos]).preferred]
            usable = preferred or in_category
        if chosen and len(usable) == 1:
            return usable[0][1]
        # 6. last gasp: if the known inputs all have one type, assume the unknowns have it too
        #    and keep the candidates every input could then be coerced to
        known_types = [t for t in arg_types if t.kind != "unknown"]
        if known_types and all(same_type(t, known_types[0]) for t in known_types):
            assumed = [known_types[0].base] * n
            retry = [(ks, p) for ks, p in usable if _usable(ks, assumed)]
            if len(retry) == 1:
                return retry[0][1]
    result: T = AMBIGUOUS
    return result


def _exact(candidate_kind: str, arg: SqlType) -> bool:
    """The argument's type is the declared one (same OID)."""
    if candidate_kind == arg.kind and arg.kind != "array":
        return True
    return arg.kind == "array" and candidate_kind.endswith("[]") and same_type(kind_type(candidate_kind), arg)


def _usable(kinds: Sequence[str], arg_types: Sequence[SqlType]) -> bool:
    """PostgreSQL's can_coerce_type over a whole argument list (implicit context)."""
    if not all(_accepts(c, t) for c, t in zip(kinds, arg_types)):
        return False
    if any(c in POLYMORPHIC_KINDS for c in kinds):
        return check_generic_type_consistency(arg_types, kinds)
    return True


def _accepts(candidate_kind: str, arg: SqlType) -> bool:
    """Can an argument of type ``arg`` be passed where ``candidate_kind`` is declared?
    (Polymorphic kinds accept any argument here; their consistency is checked over
    the whole call.)"""
    if candidate_kind in POLYMORPHIC:
        return True
    return arg.kind == "unknown" or _exact(candidate_kind, arg) or can_coerce_type(arg, kind_type(candidate_kind))


def _keep_best(
    items: list[tuple[Sequence[str], T]], score: Callable[[Sequence[str]], int]
) -> list[tuple[Sequence[str], T]]:
    scored = [(score(ks), ks, p) for ks, p in items]
    best = max(s for s, _, _ in scored)
    return [(ks, p) for s, ks, p in scored if s == best]


def _info(kind: str) -> Any:
    return kind_type(kind).info


_OPERATOR_CANDIDATES: dict[tuple[str, int], list[tuple[tuple[str, ...], Any]]] = {}


def _operator_candidates(name: str, n: int) -> list[tuple[tuple[str, ...], Any]]:
    """The ``pg_operator`` rows named ``name`` with ``n`` operands, as (operand kinds, row)."""
    found = _OPERATOR_CANDIDATES.get((name, n))
    if found is None:
        found = _OPERATOR_CANDIDATES[(name, n)] = [
            (((op.left, op.right) if op.left is not None else (op.right,)), op)
            for op in values.OPERATORS_BY_NAME.get(name, ())
            if (op.left is None) == (n == 1)
        ]
    return found


def operator_call(name: str, args: Sequence[Expr]) -> Call:
    """``left name right`` (or prefix ``name right``): the chosen operator applied to coerced arguments."""
    types = [a.type for a in args]
    op = select_candidate(_operator_candidates(name, len(args)), types, binary_operator=len(args) == 2)
    if op is None or op is AMBIGUOUS:
        shown = f"{name} {types[0].name}" if len(types) == 1 else f"{types[0].name} {name} {types[1].name}"
        if op is AMBIGUOUS:
            raise errors.AmbiguousFunction(
                f"operator is not unique: {shown}",
                hint="Could not choose a best candidate operator. You might need to add explicit type casts.",
            )
        raise errors.UndefinedFunction(
            f"operator does not exist: {shown}",
            hint="No operator matches the given name and argument types. You might need to add explicit type casts.",
        )
    operand_kinds = (op.left, op.right) if op.left is not None else (op.right,)
    resolved = declared_types(operand_kinds, types, op.result)
    coerced = tuple(coerce(a, argument_type(a.type, t), IMPLICIT) for a, t in zip(args, resolved.args))
    if "anynonarray" in operand_kinds:  # anytextcat/textanycat: the operand's cast to text
        fn = values.specialize_operator(op, coerced[0].type.kind if len(coerced) == 2 else None, coerced[-1].type.kind)
    else:
        fn = values.specialize(op.fn, operand_kinds, resolved.args, resolved.elem)
    return Call(name, fn, coerced, resolved.result, strict=op.fn not in NONSTRICT_OPERATORS)


def resolve_operator(name: str, args: Sequence[Expr]) -> Expr:
    """``left name right`` as a typed call (constant folding happens later, in :mod:`.simplify`)."""
    return operator_call(name, args)


def operand_type(current: SqlType, kind: str) -> SqlType:
    """The type an operand is coerced to: its own when the kind already matches (keeps modifiers)."""
    if current.kind == kind or kind in POLYMORPHIC:
        return current
    return argument_type(current, kind_type(kind))


def argument_type(current: SqlType, declared: SqlType) -> SqlType:
    """The type an argument is coerced to for a declared (resolved) type: its own when
    it already is of that type (modifiers kept, as PostgreSQL passes varchar(3) as is)."""
    if same_type(current, declared):
        return current
    return declared


def fold(e: Call) -> Expr:
    """Evaluate a call of constants (immutable calls only): the planner's constant folding.

    An error is not raised here but kept in the tree (:class:`~.expr.Failed`)
    until the planner has seen the whole statement (see :mod:`.simplify`).
    """
    if not e.immutable or not all(isinstance(a, Const) for a in e.args):
        return e
    consts = [a.value for a in e.args if isinstance(a, Const)]
    if e.strict and any(v is None for v in consts):
        return Const(None, e.type)
    try:
        return Const(e.fn(*consts), e.type)
    except errors.Error as error:
        return Failed(error, e.type)


def common_type(exprs: Sequence[Expr], construct: str, soft: bool = False) -> Any:
    """PostgreSQL's ``select_common_type`` (UNION, CASE, COALESCE, IN, VALUES, ARRAY[]).

    All-unknown inputs resolve to text.  Otherwise the first known input's
    type is the candidate; a later input of the same category replaces it if
    the candidate can be implicitly coerced to it and not vice versa
    (preferred types win), and inputs of another category are an error
    (``None`` instead when ``soft``).  Modifiers (``varchar(2)``) are kept
    only when all inputs have the very same type.
    """
    known = [e.type for e in exprs if e.type.kind != "unknown"]
    if not known:
        return TEXT
    result = known[0].base
    for t in known[1:]:
        if same_type(t, result):
            continue
        if t.category != result.category:
            if soft:
                return None  # the caller has a fallback (IN: one comparison per item)
            raise errors.DatatypeMismatch(f"{construct} types {result.name} and {t.name} cannot be matched")
        if not result.preferred and can_coerce_type(result, t) and not can_coerce_type(t, result):
            result = t.base
    # select_common_typmod: modifiers survive only when every input has exactly the same type
    if all(e.type == known[0] for e in exprs) and same_type(known[0], result):
        return known[0]
    return result


__all__ = [
    "AMBIGUOUS", "UNKNOWN", "Resolved", "argument_type", "can_coerce", "can_coerce_type", "cast_function", "coerce",
    "common_type", "declared_types", "fold", "operand_type", "operator_call", "resolve_operator", "resolve_unknown",
    "same_type", "select_candidate", "select_common_type_from_types",
]

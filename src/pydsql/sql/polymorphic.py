"""Type coercibility and PostgreSQL's polymorphic argument types.

PostgreSQL declares many functions and operators over pseudo-types that
stand for "some type, the same everywhere in this call":

* family 1: ``anyelement``, ``anynonarray``, ``anyarray`` (and
  ``anyenum``/``anyrange``/``anymultirange``, which no pydsql value has):
  every argument must agree exactly (``array_length(anyarray, int)``,
  ``anyarray = anyarray``);
* family 2: ``anycompatible``, ``anycompatiblenonarray``,
  ``anycompatiblearray``: the arguments are unified to a common type, as
  ``CASE`` branches are (``array_append(int4[], int8)`` is an ``int8[]``).

``"any"`` is not polymorphic in this sense: it accepts every argument as it
is and resolves nothing.

This module is ``parse_coerce.c``'s part of that machinery, written over
:class:`~pydsql.types.SqlType` (an array type is ``SqlType("array",
elem=...)``):

* :func:`can_coerce_type` -- ``can_coerce_type`` for one argument
  (``find_coercion_pathway``: a ``pg_cast`` row of the context, array
  coercion through the element types, I/O conversion to a string type in
  assignment and from one when explicit);
* :func:`check_generic_type_consistency` -- whether a candidate's
  polymorphic arguments can be resolved from the actual argument types
  (overload resolution uses it to keep or drop a candidate); unknown
  arguments never disqualify;
* :func:`enforce_generic_type_consistency` -- the resolution itself, once a
  candidate is chosen: the declared type of every argument (the cast
  destinations) and the result type, raising PostgreSQL's errors
  (``could not determine polymorphic type because input has type
  unknown``, ``arguments declared "anyelement" are not all alike``...);
* :func:`select_common_type_from_types` -- ``select_common_type_from_oids``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import errors
from ..types import TEXT, SqlType, array_of, kind_type
from ..values import catalog as values
from ..values.registry import ASSIGNMENT, EXPLICIT, IMPLICIT

_CONTEXT_RANK = {IMPLICIT: 0, ASSIGNMENT: 1, EXPLICIT: 2}

FAMILY1_ELEMENT = frozenset({"anyelement", "anynonarray", "anyenum"})
FAMILY1 = FAMILY1_ELEMENT | {"anyarray", "anyrange", "anymultirange"}
FAMILY2_ELEMENT = frozenset({"anycompatible", "anycompatiblenonarray"})
FAMILY2 = FAMILY2_ELEMENT | {"anycompatiblearray"}
#: PostgreSQL's IsPolymorphicType ("any" is not one)
POLYMORPHIC_KINDS = FAMILY1 | FAMILY2

_STRING_CATEGORY = "S"


def same_type(a: SqlType, b: SqlType) -> bool:
    """The same type OID (modifiers ignored): int4[] = int4[], varchar(3) = varchar."""
    if a.kind != b.kind:
        return False
    if a.kind == "array":
        assert a.elem is not None and b.elem is not None
        return same_type(a.elem, b.elem)
    return True


def is_array(t: SqlType) -> bool:
    return t.kind == "array"


def can_coerce_type(source: SqlType, target: SqlType, context: str = IMPLICIT) -> bool:
    """Whether a value of ``source`` can become a ``target`` value in ``context``
    (PostgreSQL's ``can_coerce_type`` for one non-polymorphic target)."""
    if same_type(source, target) or source.kind == "unknown" or target.kind == "any":
        return True
    return coercion_pathway(source, target, context) is not None


def coercion_pathway(source: SqlType, target: SqlType, context: str) -> str | None:
    """``find_coercion_pathway``: ``"func"`` (a pg_cast row), ``"array"`` (element by
    element), ``"io"`` (through text) or ``None``."""
    if same_type(source, target):
        return "func"
    rank = _CONTEXT_RANK[context]
    if source.kind != "array" and target.kind != "array":
        # pg_cast rows, and the I/O conversions the value catalog lists with them
        cast = values.find_cast(source.kind, target.kind)
        if cast is not None:
            return "func" if _CONTEXT_RANK[cast.context] <= rank else None
    if source.kind == "array" and target.kind == "array":
        assert source.elem is not None and target.elem is not None
        if coercion_pathway(source.elem, target.elem, context) is not None:
            return "array"
    if rank >= _CONTEXT_RANK[ASSIGNMENT] and target.category == _STRING_CATEGORY:
        return "io"
    if rank >= _CONTEXT_RANK[EXPLICIT] and source.category == _STRING_CATEGORY:
        return "io"
    return None


# -- common types ---------------------------------------------------------------------------------


def select_common_type_from_types(types: Sequence[SqlType], noerror: bool) -> SqlType | None:
    """PostgreSQL's ``select_common_type_from_oids`` (modifiers dropped)."""
    ptype = types[0].base
    if ptype.kind != "unknown" and all(same_type(t, ptype) for t in types[1:]):
        return ptype
    for t in types[1:]:
        ntype = t.base
        if ntype.kind == "unknown" or same_type(ntype, ptype):
            continue
        if ptype.kind == "unknown":
            ptype = ntype
        elif ntype.category != ptype.category:
            if noerror:
                return None
            raise errors.DatatypeMismatch(f"argument types {ptype.name} and {ntype.name} cannot be matched")
        elif not ptype.preferred and can_coerce_type(ptype, ntype) and not can_coerce_type(ntype, ptype):
            ptype = ntype
    if ptype.kind == "unknown":
        return TEXT
    return ptype


def verify_common_type(common: SqlType, types: Sequence[SqlType]) -> bool:
    return all(can_coerce_type(t, common) for t in types)


def has_array_type(t: SqlType) -> bool:
    """Whether PostgreSQL has an array type of ``t`` (``get_array_type``)."""
    if t.kind == "array":
        return False
    return t.info.array_oid != 0


# -- polymorphic resolution ------------------------------------------------------------------------


def check_generic_type_consistency(actual: Sequence[SqlType], declared: Sequence[str]) -> bool:
    """Whether the actual argument types fit a candidate's polymorphic declared kinds."""
    elem: SqlType | None = None
    array: SqlType | None = None
    have_anynonarray = False
    have_compatible_nonarray = False
    compatible: list[SqlType] = []
    for decl, t in zip(declared, actual):
        if decl in FAMILY1_ELEMENT:
            if decl == "anynonarray":
                have_anynonarray = True
            elif decl == "anyenum":
                return False  # pydsql has no enum types
            if t.kind == "unknown":
                continue
            if elem is not None and not same_type(t, elem):
                return False
            elem = t
        elif decl == "anyarray":
            if t.kind == "unknown":
                continue
            if array is not None and not same_type(t, array):
                return False
            array = t
        elif decl in ("anyrange", "anymultirange"):
            if t.kind != "unknown":
                return False  # pydsql has no range types
        elif decl in FAMILY2_ELEMENT:
            if decl == "anycompatiblenonarray":
                have_compatible_nonarray = True
            if t.kind != "unknown":
                compatible.append(t)
        elif decl == "anycompatiblearray":
            if t.kind == "unknown":
                continue
            if t.kind != "array":
                return False
            assert t.elem is not None
            compatible.append(t.elem)
    if array is not None:
        if array.kind != "array":
            return False
        assert array.elem is not None
        if elem is None:
            elem = array.elem
        elif not same_type(array.elem, elem):
            return False
    if have_anynonarray and elem is not None and elem.kind == "array":
        return False
    if compatible:
        common = select_common_type_from_types(compatible, noerror=True)
        if common is None or not verify_common_type(common, compatible):
            return False
        if have_compatible_nonarray and common.kind == "array":
            return False
    return True


@dataclass(frozen=True)
class Resolved:
    """A call's types once its polymorphic kinds are resolved."""

    #: the type each argument is coerced to ("any" arguments: their own type)
    args: tuple[SqlType, ...]
    result: SqlType
    #: the element type the polymorphic arguments resolved to (None: no polymorphic argument)
    elem: SqlType | None


def enforce_generic_type_consistency(
    actual: Sequence[SqlType], declared: Sequence[str], result: SqlType
) -> Resolved:
    """PostgreSQL's ``enforce_generic_type_consistency`` (``allow_poly`` false)."""
    elem: SqlType | None = None
    array: SqlType | None = None
    n_poly = 0
    have_poly_unknowns = False
    have_compatible = False
    have_compatible_array = result.kind == "anycompatiblearray"
    have_anynonarray = result.kind == "anynonarray"
    have_compatible_nonarray = result.kind == "anycompatiblenonarray"
    compatible: list[SqlType] = []
    for decl, t in zip(declared, actual):
        if decl in FAMILY1_ELEMENT:
            n_poly += 1
            if decl == "anynonarray":
                have_anynonarray = True
            if t.kind == "unknown":
                have_poly_unknowns = True
                continue
            if elem is not None and not same_type(t, elem):
                raise errors.DatatypeMismatch(
                    'arguments declared "anyelement" are not all alike', detail=f"{elem.name} versus {t.name}"
                )
            elem = t.base
        elif decl == "anyarray":
            n_poly += 1
            if t.kind == "unknown":
                have_poly_unknowns = True
                continue
            if array is not None and not same_type(t, array):
                raise errors.DatatypeMismatch(
                    'arguments declared "anyarray" are not all alike', detail=f"{array.name} versus {t.name}"
                )
            array = t.base
        elif decl in FAMILY2_ELEMENT:
            have_compatible = True
            if decl == "anycompatiblenonarray":
                have_compatible_nonarray = True
            if t.kind != "unknown":
                compatible.append(t)
        elif decl == "anycompatiblearray":
            have_compatible = True
            have_compatible_array = True
            if t.kind == "unknown":
                continue
            if t.kind != "array":
                raise errors.DatatypeMismatch(
                    f"argument declared anycompatiblearray is not an array but type {t.name}"
                )
            assert t.elem is not None
            compatible.append(t.elem)
    if n_poly == 0 and not have_compatible:
        return Resolved(tuple(kind_type(d) if d not in ("any",) else t for d, t in zip(declared, actual)), result, None)

    if n_poly:
        if array is not None:
            if array.kind != "array":
                raise errors.DatatypeMismatch(f"argument declared anyarray is not an array but type {array.name}")
            assert array.elem is not None
            if elem is None:
                elem = array.elem.base
            elif not same_type(array.elem, elem):
                raise errors.DatatypeMismatch(
                    "argument declared anyarray is not consistent with argument declared anyelement",
                    detail=f"{array.name} versus {elem.name}",
                )
        if elem is None:
            raise errors.DatatypeMismatch("could not determine polymorphic type because input has type unknown")
        if have_anynonarray and elem.kind == "array":
            raise errors.DatatypeMismatch(f"type matched to anynonarray is an array type: {elem.name}")

    common: SqlType | None = None
    if have_compatible:
        if compatible:
            common = select_common_type_from_types(compatible, noerror=False)
            assert common is not None
            if not verify_common_type(common, compatible):
                raise errors.DatatypeMismatch("arguments of anycompatible family cannot be cast to a common type")
            if have_compatible_array and not has_array_type(common):
                raise errors.UndefinedObject(f"could not find array type for data type {common.name}")
            if have_compatible_nonarray and common.kind == "array":
                raise errors.DatatypeMismatch(f"type matched to anycompatiblenonarray is an array type: {common.name}")
        else:
            common = TEXT  # only unknown inputs: text, as select_common_type

    def array_type(e: SqlType) -> SqlType:
        if not has_array_type(e):
            raise errors.UndefinedObject(f"could not find array type for data type {e.name}")
        return array_of(e)

    out: list[SqlType] = []
    for decl, t in zip(declared, actual):
        if decl in FAMILY1_ELEMENT:
            assert elem is not None
            out.append(elem if t.kind == "unknown" else t)
        elif decl == "anyarray":
            assert elem is not None
            if t.kind == "unknown":
                if array is None:
                    array = array_type(elem)
                out.append(array)
            else:
                out.append(t)
        elif decl in FAMILY2_ELEMENT:
            assert common is not None
            out.append(common)
        elif decl == "anycompatiblearray":
            assert common is not None
            out.append(array_type(common))
        elif decl == "any":
            out.append(t)
        else:
            out.append(kind_type(decl))

    kind = result.kind
    if kind in FAMILY1_ELEMENT:
        assert elem is not None
        resolved = elem
    elif kind == "anyarray":
        assert elem is not None
        resolved = array if array is not None else array_type(elem)
    elif kind in FAMILY2_ELEMENT:
        assert common is not None
        resolved = common
    elif kind == "anycompatiblearray":
        assert common is not None
        resolved = array_type(common)
    else:
        resolved = result
    return Resolved(tuple(out), resolved, elem if elem is not None else common)


def declared_types(declared: Sequence[str], actual: Sequence[SqlType], result: SqlType) -> Resolved:
    """The argument and result types of a chosen candidate (polymorphic kinds resolved)."""
    if any(d in POLYMORPHIC_KINDS for d in declared) or result.kind in POLYMORPHIC_KINDS:
        return enforce_generic_type_consistency(actual, declared, result)
    return Resolved(tuple(t if d == "any" else kind_type(d) for d, t in zip(declared, actual)), result, None)


__all__ = [
    "FAMILY1", "FAMILY2", "POLYMORPHIC_KINDS", "Resolved", "can_coerce_type", "check_generic_type_consistency",
    "coercion_pathway", "declared_types", "enforce_generic_type_consistency", "has_array_type", "is_array",
    "same_type", "select_common_type_from_types", "verify_common_type",
]

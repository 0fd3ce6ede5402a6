"""Range types (``int4range``, ``int8range``, ``numrange``, ``tsrange``, ``tstzrange``,
``daterange``): run-time-only types in DSQL.

DSQL allows them in expressions and refuses them as column types (reference
section 7; the refusal is :func:`pydsql.sql.ddl.column_type`'s).  A value is a
:class:`Range`, the class psycopg returns ranges as (``psycopg.types.range.Range``:
the same attributes, ``repr`` and bounds string), whose bounds hold the
engine's values of the subtype; ``None`` is an infinite bound.

PostgreSQL's rules, from ``rangetypes.c``:

* input (``range_parse``): ``[1,10)``, ``(,5]``, ``empty``, quoted bounds with
  ``\\`` and ``""`` escapes, surrounding whitespace; 22P02 ``malformed range
  literal`` otherwise, and 22000 when the lower bound is above the upper;
* the discrete subtypes (``int4``, ``int8``, ``date``) are *canonical*: a range
  is stored as ``[lower, upper)``, so ``[1,10]`` is ``[1,11)``; an infinite
  bound is never inclusive; a range with no point in it is ``empty``;
* order (``range_cmp``): empty first, then by lower bound, then by upper bound;
* the operators compare bounds with ``range_cmp_bounds``, where ``[1`` comes
  before ``(1`` and ``1)`` before ``1]``.

A *multirange* (``int4multirange``...) is a :class:`Multirange`: its ranges in
order, none empty, no two overlapping or adjacent (``{[1,3),[5,7)}``); it is
what ``range_agg`` returns.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any, Final

from .. import errors
from ..types import BOOL, SqlType
from .registry import EXPLICIT, Cast, Function, Operator, TypeIO

#: range kind -> its subtype's kind
SUBTYPES: Final = {
    "int4range": "int4", "int8range": "int8", "numrange": "numeric",
    "tsrange": "timestamp", "tstzrange": "timestamptz", "daterange": "date",
}
#: the discrete subtypes: the step to the next value, and the error when there is none
_STEPS: Final[dict[str, tuple[Any, str]]] = {"int4": (1, "integer out of range"), "int8": (1, "bigint out of range")}
_LIMITS: Final = {"int4": 2**31 - 1, "int8": 2**63 - 1}


class Range:
    """A range value (psycopg's ``Range`` interface): ``lower``/``upper`` (``None``:
    infinite), ``bounds`` (``'[)'``...; ``''`` for an empty range)."""

    __slots__ = ("_lower", "_upper", "_bounds")

    def __init__(self, lower: Any = None, upper: Any = None, bounds: str = "[)", empty: bool = False) -> None:
        if empty:
            self._lower = self._upper = None
            self._bounds = ""
            return
        if bounds not in ("[)", "(]", "()", "[]"):
            raise ValueError(f"bound flags not valid: {bounds!r}")
        if lower is None and bounds[0] == "[":
            bounds = "(" + bounds[1]
        if upper is None and bounds[1] == "]":
            bounds = bounds[0] + ")"
        self._lower, self._upper, self._bounds = lower, upper, bounds

    lower = property(lambda self: self._lower, doc="The lower bound (None: infinite, or the range is empty).")
    upper = property(lambda self: self._upper, doc="The upper bound (None: infinite, or the range is empty).")
    bounds = property(lambda self: self._bounds, doc="Two of '[', '(', ']', ')'; '' for an empty range.")

    @property
    def isempty(self) -> bool:
        return not self._bounds

    @property
    def lower_inf(self) -> bool:
        return bool(self._bounds) and self._lower is None

    @property
    def upper_inf(self) -> bool:
        return bool(self._bounds) and self._upper is None

    @property
    def lower_inc(self) -> bool:
        return bool(self._bounds) and self._lower is not None and self._bounds[0] == "["

    @property
    def upper_inc(self) -> bool:
        return bool(self._bounds) and self._upper is not None and self._bounds[1] == "]"

    def __repr__(self) -> str:
        if not self._bounds:
            return f"{type(self).__name__}(empty=True)"
        return f"{type(self).__name__}({self._lower!r}, {self._upper!r}, {self._bounds!r})"

    def __eq__(self, other: object) -> bool:
        # any Range-like object (psycopg's included) with the same bounds
        try:
            return bool(self._bounds == other.bounds and self._lower == other.lower  # type: ignore[attr-defined]
                        and self._upper == other.upper)  # type: ignore[attr-defined]
        except AttributeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash((self._lower, self._upper, self._bounds))

    def __lt__(self, other: Range) -> bool:
        return range_cmp(self, other) < 0

    def __le__(self, other: Range) -> bool:
        return range_cmp(self, other) <= 0

    def __gt__(self, other: Range) -> bool:
        return range_cmp(self, other) > 0

    def __ge__(self, other: Range) -> bool:
        return range_cmp(self, other) >= 0


EMPTY: Final = Range(empty=True)

# -- bounds ---------------------------------------------------------------------------------------------

# A bound is (value, inclusive, is_lower); value None is infinite.
Bound = tuple[Any, bool, bool]


def _lower(r: Range) -> Bound:
    return r._lower, r._bounds[0] == "[", True


def _upper(r: Range) -> Bound:
    return r._upper, r._bounds[1] == "]", False


def _cmp(a: Any, b: Any) -> int:
    try:
        return -1 if a < b else 1 if a > b else 0
    except decimal.InvalidOperation:  # a numeric NaN: above every number, as in PostgreSQL
        a_nan, b_nan = bool(a.is_nan()), bool(b.is_nan())
        return (a_nan > b_nan) - (a_nan < b_nan)


def cmp_bounds(b1: Bound, b2: Bound) -> int:
    """PostgreSQL's ``range_cmp_bounds``."""
    v1, inc1, low1 = b1
    v2, inc2, low2 = b2
    if v1 is None and v2 is None:
        return 0 if low1 == low2 else (-1 if low1 else 1)
    if v1 is None:
        return -1 if low1 else 1
    if v2 is None:
        return 1 if low2 else -1
    result = _cmp(v1, v2)
    if result == 0:
        if not inc1 and not inc2:
            return 0 if low1 == low2 else (1 if low1 else -1)
        if not inc1:
            return 1 if low1 else -1
        if not inc2:
            return -1 if low2 else 1
    return result


def make_range(subtype: str, lower: Bound, upper: Bound) -> Range:
    """PostgreSQL's ``make_range``: checked (22000), empty when no point is in it, and in the
    canonical form of a discrete subtype."""
    lv, linc, _ = lower
    uv, uinc, _ = upper
    if lv is None:
        linc = False
    if uv is None:
        uinc = False
    if lv is not None and uv is not None:
        order = _cmp(lv, uv)
        if order > 0:
            raise errors.DataException("range lower bound must be less than or equal to range upper bound")
        if order == 0 and not (linc and uinc):
            return EMPTY
    step = _step(subtype)
    if step is not None:  # canonical: [lower, upper)
        if lv is not None and not linc:
            lv, linc = step(lv), True
        if uv is not None and uinc:
            uv, uinc = step(uv), False
        if lv is not None and uv is not None and _cmp(lv, uv) >= 0:
            return EMPTY
    return Range(lv, uv, ("[" if linc else "(") + ("]" if uinc else ")"))


def _step(subtype: str) -> Callable[[Any], Any] | None:
    """The next value of a discrete subtype (22003 past its end), or None."""
    if subtype in _STEPS:
        limit, message = _LIMITS[subtype], _STEPS[subtype][1]

        def next_int(v: int) -> int:
            if v >= limit:
                raise errors.NumericValueOutOfRange(message)
            return v + 1
        return next_int
    if subtype == "date":
        import datetime as dt

        def next_day(v: dt.date) -> dt.date:
            try:
                return v + dt.timedelta(days=1)
            except OverflowError:
                raise errors.DatetimeFieldOverflow("date out of range") from None
        return next_day
    return None


# -- input and output -------------------------------------------------------------------------------------


def _malformed(text: str, detail: str) -> errors.InvalidTextRepresentation:
    return errors.InvalidTextRepresentation(f'malformed range literal: "{text}"', detail=detail)


def _parse_bound(text: str, i: int) -> tuple[str | None, int]:
    """PostgreSQL's ``range_parse_bound``: (the bound's text or None for infinite, position)."""
    n = len(text)
    if i < n and text[i] in ",)]":
        return None, i
    out: list[str] = []
    quoted = False
    while quoted or not (i < n and text[i] in ",)]"):
        if i >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[i]
        i += 1
        if ch == "\\":
            if i >= n:
                raise _malformed(text, "Unexpected end of input.")
            out.append(text[i])
            i += 1
        elif ch == '"':
            if not quoted:
                quoted = True
            elif i < n and text[i] == '"':
                out.append('"')
                i += 1
            else:
                quoted = False
        else:
            out.append(ch)
    return "".join(out), i


def _range_in(kind: str, text: str) -> Range:
    from .catalog import parse_text

    subtype = SUBTYPES[kind]
    n, i = len(text), 0
    while i < n and text[i].isspace():
        i += 1
    if text[i:i + 5].lower() == "empty":
        i += 5
        while i < n and text[i].isspace():
            i += 1
        if i != n:
            raise _malformed(text, 'Junk after "empty" key word.')
        return EMPTY
    if i < n and text[i] in "[(":
        lower_inc = text[i] == "["
        i += 1
    else:
        raise _malformed(text, "Missing left parenthesis or bracket.")
    lower_text, i = _parse_bound(text, i)
    if i < n and text[i] == ",":
        i += 1
    else:
        raise _malformed(text, "Missing comma after lower bound.")
    upper_text, i = _parse_bound(text, i)
    if text[i] == "]":
        upper_inc = True
    elif text[i] == ")":
        upper_inc = False
    else:
        raise _malformed(text, "Too many commas.")
    i += 1
    while i < n and text[i].isspace():
        i += 1
    if i != n:
        raise _malformed(text, "Junk after right parenthesis or bracket.")
    lower = None if lower_text is None else parse_text(subtype, lower_text)
    upper = None if upper_text is None else parse_text(subtype, upper_text)
    return make_range(subtype, (lower, lower_inc, True), (upper, upper_inc, False))


_NEEDS_QUOTES: Final = frozenset('"\\()[],')


def _quote_bound(value: str) -> str:
    """PostgreSQL's ``range_bound_escape``."""
    if value and not any(c in _NEEDS_QUOTES or c.isspace() for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '""') + '"'


def _range_out(kind: str, r: Range) -> str:
    from .catalog import format_text

    if not r._bounds:
        return "empty"
    subtype = SUBTYPES[kind]
    lower = "" if r._lower is None else _quote_bound(format_text(subtype, r._lower))
    upper = "" if r._upper is None else _quote_bound(format_text(subtype, r._upper))
    return f"{r._bounds[0]}{lower},{upper}{r._bounds[1]}"


# -- operators and functions ---------------------------------------------------------------------------------


def range_cmp(a: Range, b: Range) -> int:
    if not a._bounds or not b._bounds:
        return (bool(a._bounds) > bool(b._bounds)) - (bool(a._bounds) < bool(b._bounds))
    return cmp_bounds(_lower(a), _lower(b)) or cmp_bounds(_upper(a), _upper(b))


def contains_elem(r: Range, value: Any) -> bool:
    if not r._bounds:
        return False
    if r._lower is not None:
        order = _cmp(r._lower, value)
        if order > 0 or (order == 0 and r._bounds[0] != "["):
            return False
    if r._upper is not None:
        order = _cmp(r._upper, value)
        if order < 0 or (order == 0 and r._bounds[1] != "]"):
            return False
    return True


def contains(a: Range, b: Range) -> bool:
    if not b._bounds:
        return True
    if not a._bounds:
        return False
    return cmp_bounds(_lower(a), _lower(b)) <= 0 and cmp_bounds(_upper(a), _upper(b)) >= 0


def overlaps(a: Range, b: Range) -> bool:
    if not a._bounds or not b._bounds:
        return False
    la, ua, lb, ub = _lower(a), _upper(a), _lower(b), _upper(b)
    return (cmp_bounds(la, lb) >= 0 and cmp_bounds(la, ub) <= 0) or (cmp_bounds(lb, la) >= 0 and cmp_bounds(lb, ua) <= 0)


def before(a: Range, b: Range) -> bool:
    return bool(a._bounds and b._bounds) and cmp_bounds(_upper(a), _lower(b)) < 0


def after(a: Range, b: Range) -> bool:
    return bool(a._bounds and b._bounds) and cmp_bounds(_lower(a), _upper(b)) > 0


def overleft(a: Range, b: Range) -> bool:
    return bool(a._bounds and b._bounds) and cmp_bounds(_upper(a), _upper(b)) <= 0


def overright(a: Range, b: Range) -> bool:
    return bool(a._bounds and b._bounds) and cmp_bounds(_lower(a), _lower(b)) >= 0


def _bounds_adjacent(subtype: str, upper: Bound, lower: Bound) -> bool:
    """PostgreSQL's ``bounds_adjacent``: no point between an upper bound and a lower one."""
    uv, uinc, _ = upper
    lv, linc, _ = lower
    if uv is None or lv is None:
        return False
    order = _cmp(uv, lv)
    if order < 0:
        if _step(subtype) is None:
            return False  # a continuous subtype has points in between
        between = make_range(subtype, (uv, not uinc, True), (lv, not linc, False))
        return not between._bounds
    if order == 0:
        return uinc != linc
    return False


def _adjacent(subtype: str) -> Callable[[Range, Range], bool]:
    def adjacent(a: Range, b: Range) -> bool:
        if not a._bounds or not b._bounds:
            return False
        return _bounds_adjacent(subtype, _upper(a), _lower(b)) or _bounds_adjacent(subtype, _upper(b), _lower(a))
    return adjacent


def _union(subtype: str, strict: bool) -> Callable[[Range, Range], Range]:
    """``+`` (``strict``: the result must be contiguous) and ``range_merge``."""
    adjacent = _adjacent(subtype)

    def union(a: Range, b: Range) -> Range:
        if not a._bounds:
            return b
        if not b._bounds:
            return a
        if strict and not overlaps(a, b) and not adjacent(a, b):
            raise errors.DataException("result of range union would not be contiguous")
        lower = min(_lower(a), _lower(b), key=_BoundKey)
        upper = max(_upper(a), _upper(b), key=_BoundKey)
        return make_range(subtype, lower, upper)
    return union


class _BoundKey:
    """A bound as a sort key (``cmp_bounds``)."""

    __slots__ = ("bound",)

    def __init__(self, bound: Bound) -> None:
        self.bound = bound

    def __lt__(self, other: _BoundKey) -> bool:
        return cmp_bounds(self.bound, other.bound) < 0


def _intersection(subtype: str) -> Callable[[Range, Range], Range]:
    def intersection(a: Range, b: Range) -> Range:
        if not a._bounds or not b._bounds or not overlaps(a, b):
            return EMPTY
        lower = max(_lower(a), _lower(b), key=_BoundKey)
        upper = min(_upper(a), _upper(b), key=_BoundKey)
        return make_range(subtype, lower, upper)
    return intersection


def _difference(subtype: str) -> Callable[[Range, Range], Range]:
    def difference(a: Range, b: Range) -> Range:
        """PostgreSQL's ``range_minus``."""
        if not a._bounds or not b._bounds:
            return a
        l1, u1, l2, u2 = _lower(a), _upper(a), _lower(b), _upper(b)
        cmp_l1l2, cmp_l1u2 = cmp_bounds(l1, l2), cmp_bounds(l1, u2)
        cmp_u1l2, cmp_u1u2 = cmp_bounds(u1, l2), cmp_bounds(u1, u2)
        if cmp_l1l2 < 0 and cmp_u1u2 > 0:
            raise errors.DataException("result of range difference would not be contiguous")
        if cmp_l1u2 > 0 or cmp_u1l2 < 0:
            return a
        if cmp_l1l2 >= 0 and cmp_u1u2 <= 0:
            return EMPTY
        if cmp_l1l2 <= 0 and cmp_u1l2 >= 0 and cmp_u1u2 <= 0:
            return make_range(subtype, l1, (l2[0], not l2[1], False))
        return make_range(subtype, (u2[0], not u2[1], True), u1)
    return difference


def _constructor(subtype: str) -> Callable[..., Range]:
    def construct(lower: Any, upper: Any, flags: Any = "[)") -> Range:
        if flags is None:
            raise errors.DataException("range constructor flags argument must not be null")
        if len(flags) != 2 or flags[0] not in "[(" or flags[1] not in "])":
            raise errors.SyntaxError(
                "invalid range bound flags", hint='Valid values are "[]", "[)", "(]", and "()".'
            )
        return make_range(subtype, (lower, flags[0] == "[", True), (upper, flags[1] == "]", False))
    return construct


def _lower_value(r: Range) -> Any:
    return r._lower


def _upper_value(r: Range) -> Any:
    return r._upper


# -- multiranges ---------------------------------------------------------------------------------------------------

#: range kind -> its multirange kind
MULTIRANGES: Final = {
    "int4range": "int4multirange", "int8range": "int8multirange", "numrange": "nummultirange",
    "tsrange": "tsmultirange", "tstzrange": "tstzmultirange", "daterange": "datemultirange",
}


class Multirange:
    """A multirange value (psycopg's ``Multirange`` interface: a sequence of ranges): its
    ranges in order, none empty, no two overlapping or adjacent (:func:`normalize`)."""

    __slots__ = ("_ranges",)

    def __init__(self, items: Any = ()) -> None:
        self._ranges: tuple[Range, ...] = tuple(items)

    def __iter__(self) -> Any:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)

    def __getitem__(self, index: int) -> Range:
        return self._ranges[index]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._ranges)!r})"

    def __eq__(self, other: object) -> bool:
        try:
            return bool(list(self._ranges) == list(other))  # type: ignore[call-overload]
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self._ranges)

    def __lt__(self, other: Multirange) -> bool:
        return self._ranges < other._ranges

    def __le__(self, other: Multirange) -> bool:
        return self._ranges <= other._ranges

    def __gt__(self, other: Multirange) -> bool:
        return self._ranges > other._ranges

    def __ge__(self, other: Multirange) -> bool:
        return self._ranges >= other._ranges


def normalize(subtype: str, ranges: Any) -> Multirange:
    """The multirange of ``ranges``: sorted, empty ones dropped, overlapping or adjacent
    ones merged (PostgreSQL's ``multirange_canonicalize``)."""
    adjacent = _adjacent(subtype)
    merged: list[Range] = []
    for r in sorted((r for r in ranges if r._bounds), key=lambda r: _BoundKey(_lower(r))):
        if merged and (overlaps(merged[-1], r) or adjacent(merged[-1], r)):
            last = merged[-1]
            upper = max(_upper(last), _upper(r), key=_BoundKey)
            merged[-1] = make_range(subtype, _lower(last), upper)
        else:
            merged.append(r)
    return Multirange(merged)


def _multirange_in(kind: str, text: str) -> Multirange:
    """PostgreSQL's ``multirange_in``: ``{range, ...}`` with whitespace around the items."""
    def malformed(detail: str) -> errors.InvalidTextRepresentation:
        return errors.InvalidTextRepresentation(f'malformed multirange literal: "{text}"', detail=detail)

    n, i = len(text), 0
    while i < n and text[i].isspace():
        i += 1
    if i == n or text[i] != "{":
        raise malformed("Missing left brace.")
    i += 1
    items: list[str] = []
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == "}" and not items:
            i += 1
            break
        start = i  # one range literal: up to its closing bracket (or "empty"), quotes respected
        quoted = False
        while i < n:
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                i += 2
                continue
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in ")]":
                i += 1
                break
            elif not quoted and text[start:i + 1].strip().lower() == "empty":
                i += 1
                break
            i += 1
        else:
            raise malformed("Unexpected end of input.")
        items.append(text[start:i])
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == ",":
            i += 1
            continue
        if i < n and text[i] == "}":
            i += 1
            break
        raise malformed("Expected comma or end of multirange.")
    while i < n and text[i].isspace():
        i += 1
    if i != n:
        raise malformed("Junk after closing right brace.")
    range_kind = RANGE_OF_MULTIRANGE[kind]
    return normalize(SUBTYPES[range_kind], [_range_in(range_kind, item) for item in items])


def _multirange_out(kind: str, mr: Multirange) -> str:
    range_kind = RANGE_OF_MULTIRANGE[kind]
    return "{" + ",".join(_range_out(range_kind, r) for r in mr) + "}"


#: multirange kind -> its range kind
RANGE_OF_MULTIRANGE: Final = {multi: kind for kind, multi in MULTIRANGES.items()}


def _span(mr: Multirange) -> Range:
    """``range_merge(multirange)``: from the first range's lower bound to the last's upper."""
    if not mr._ranges:
        return EMPTY
    first, last = mr._ranges[0], mr._ranges[-1]
    return Range(first._lower, last._upper, first._bounds[0] + last._bounds[1])


def _as_multirange(value: Range | Multirange) -> Multirange:
    return value if isinstance(value, Multirange) else Multirange([value] if value._bounds else [])


def _multirange_rows(kind: str, subtype: str) -> tuple[list[Operator], list[Function], list[Function]]:
    """The operators, functions and set-returning functions of the multirange of ``kind``:
    each operator's operands may be the multirange, a range or (for containment) an element."""
    multi = MULTIRANGES[kind]
    t, r, sub = SqlType(multi), SqlType(kind), SqlType(subtype)
    adjacent = _adjacent(subtype)
    union, intersection, difference = _union(subtype, False), _intersection(subtype), _difference(subtype)

    def contains_any(a: Range | Multirange, b: Range | Multirange) -> bool:
        b_ranges = _as_multirange(b)._ranges
        return all(any(contains(x, y) for x in _as_multirange(a)._ranges) for y in b_ranges)

    def overlaps_any(a: Range | Multirange, b: Range | Multirange) -> bool:
        return any(overlaps(x, y) for x in _as_multirange(a)._ranges for y in _as_multirange(b)._ranges)

    def spans(test: Callable[[Range, Range], bool]) -> Callable[[Any, Any], bool]:
        return lambda a, b: test(_span(_as_multirange(a)), _span(_as_multirange(b)))

    def adjacent_any(a: Range | Multirange, b: Range | Multirange) -> bool:
        ma, mb = _as_multirange(a)._ranges, _as_multirange(b)._ranges
        return bool(ma and mb) and (adjacent(ma[-1], mb[0]) or adjacent(mb[-1], ma[0]))

    def plus(a: Multirange, b: Multirange) -> Multirange:
        return normalize(subtype, [*a, *b])

    def times(a: Multirange, b: Multirange) -> Multirange:
        return normalize(subtype, [intersection(x, y) for x in a for y in b])

    def minus(a: Multirange, b: Multirange) -> Multirange:
        pieces = list(a)
        for y in b:
            split: list[Range] = []
            for x in pieces:
                if not overlaps(x, y):
                    split.append(x)
                elif cmp_bounds(_lower(x), _lower(y)) < 0 and cmp_bounds(_upper(x), _upper(y)) > 0:
                    split += [difference(x, Range(y._lower, x._upper, y._bounds[0] + x._bounds[1])),
                              difference(x, Range(x._lower, y._upper, x._bounds[0] + y._bounds[1]))]
                else:
                    split.append(difference(x, y))
            pieces = split
        return normalize(subtype, pieces)

    ops: list[Operator] = []
    for name, fn in (("=", Multirange.__eq__), ("<>", Multirange.__ne__), ("<", Multirange.__lt__),
                     ("<=", Multirange.__le__), (">", Multirange.__gt__), (">=", Multirange.__ge__)):
        ops.append(Operator(name, multi, multi, BOOL, fn))
    for left, right in ((multi, multi), (multi, kind), (kind, multi)):
        ops += [
            Operator("@>", left, right, BOOL, contains_any),
            Operator("<@", left, right, BOOL, lambda a, b: contains_any(b, a)),
            Operator("&&", left, right, BOOL, overlaps_any),
            Operator("<<", left, right, BOOL, spans(before)),
            Operator(">>", left, right, BOOL, spans(after)),
            Operator("&<", left, right, BOOL, spans(overleft)),
            Operator("&>", left, right, BOOL, spans(overright)),
            Operator("-|-", left, right, BOOL, adjacent_any),
        ]
    ops += [
        Operator("@>", multi, subtype, BOOL, lambda m, v: any(contains_elem(x, v) for x in m)),
        Operator("<@", subtype, multi, BOOL, lambda v, m: any(contains_elem(x, v) for x in m)),
        Operator("+", multi, multi, t, plus),
        Operator("*", multi, multi, t, times),
        Operator("-", multi, multi, t, minus),
    ]

    def first(attribute: str, default: Any) -> Callable[[Multirange], Any]:
        return lambda m: getattr(m._ranges[0], attribute) if m._ranges else default

    def last(attribute: str, default: Any) -> Callable[[Multirange], Any]:
        return lambda m: getattr(m._ranges[-1], attribute) if m._ranges else default

    fns = [
        Function(multi, (), t, lambda: Multirange()),
        Function(multi, (kind,), t, lambda *ranges: normalize(subtype, ranges), variadic=True),
        Function("multirange", (kind,), t, lambda x: normalize(subtype, [x])),
        Function("lower", (multi,), sub, first("lower", None)),
        Function("upper", (multi,), sub, last("upper", None)),
        Function("isempty", (multi,), BOOL, lambda m: not m._ranges),
        Function("lower_inc", (multi,), BOOL, first("lower_inc", False)),
        Function("upper_inc", (multi,), BOOL, last("upper_inc", False)),
        Function("lower_inf", (multi,), BOOL, first("lower_inf", False)),
        Function("upper_inf", (multi,), BOOL, last("upper_inf", False)),
        Function("range_merge", (multi,), r, _span),
    ]
    set_fns = [Function("unnest", (multi,), r, lambda m: iter(m._ranges))]
    return ops, fns, set_fns


def range_agg_fold(subtype: str) -> Callable[[Any, Any], Multirange]:
    """``range_agg``'s step (over ranges or multiranges): the union so far."""
    def step(so_far: Any, value: Any) -> Multirange:
        return normalize(subtype, [*_as_multirange(so_far), *_as_multirange(value)])
    return step


def to_multirange(subtype: str) -> Callable[[Any], Multirange]:
    """A range (or a multirange) as a multirange: ``range_agg``'s result of one row."""
    return lambda value: normalize(subtype, _as_multirange(value))


def range_intersect_fold(subtype: str) -> Callable[[Any, Any], Any]:
    """``range_intersect_agg``'s step: the intersection so far (of ranges, or of multiranges)."""
    intersection = _intersection(subtype)

    def step(so_far: Any, value: Any) -> Any:
        if isinstance(so_far, Multirange):
            return normalize(subtype, [intersection(x, y) for x in so_far for y in value])
        return intersection(so_far, value)
    return step


# -- the rows of the catalogs ----------------------------------------------------------------------------------

TYPE_IOS: Final[list[TypeIO]] = [
    TypeIO(kind, (lambda k: lambda text: _range_in(k, text))(kind), (lambda k: lambda r: _range_out(k, r))(kind))
    for kind in SUBTYPES
] + [
    TypeIO(multi, (lambda k: lambda text: _multirange_in(k, text))(multi),
           (lambda k: lambda m: _multirange_out(k, m))(multi))
    for multi in MULTIRANGES.values()
]


def _rows() -> tuple[list[Operator], list[Function]]:
    ops: list[Operator] = []
    fns: list[Function] = []
    for kind, subtype in SUBTYPES.items():
        t, sub = SqlType(kind), SqlType(subtype)
        for name, fn in (
            ("=", lambda a, b: range_cmp(a, b) == 0), ("<>", lambda a, b: range_cmp(a, b) != 0),
            ("<", Range.__lt__), ("<=", Range.__le__), (">", Range.__gt__), (">=", Range.__ge__),
            ("@>", contains), ("<@", lambda a, b: contains(b, a)), ("&&", overlaps), ("<<", before),
            (">>", after), ("&<", overleft), ("&>", overright), ("-|-", _adjacent(subtype)),
        ):
            ops.append(Operator(name, kind, kind, BOOL, fn))
        ops += [
            Operator("@>", kind, subtype, BOOL, contains_elem),
            Operator("<@", subtype, kind, BOOL, lambda v, r: contains_elem(r, v)),
            Operator("+", kind, kind, t, _union(subtype, True)),
            Operator("*", kind, kind, t, _intersection(subtype)),
            Operator("-", kind, kind, t, _difference(subtype)),
        ]
        construct = _constructor(subtype)
        fns += [
            Function(kind, (subtype, subtype), t, construct, strict=False),
            Function(kind, (subtype, subtype, "text"), t, construct, strict=False),
            Function("lower", (kind,), sub, _lower_value),
            Function("upper", (kind,), sub, _upper_value),
            Function("isempty", (kind,), BOOL, lambda r: r.isempty),
            Function("lower_inc", (kind,), BOOL, lambda r: r.lower_inc),
            Function("upper_inc", (kind,), BOOL, lambda r: r.upper_inc),
            Function("lower_inf", (kind,), BOOL, lambda r: r.lower_inf),
            Function("upper_inf", (kind,), BOOL, lambda r: r.upper_inf),
            Function("range_merge", (kind, kind), t, _union(subtype, False)),
        ]
    return ops, fns


OPERATORS, FUNCTIONS = _rows()
#: pg_cast's rows: a range as the multirange of it (the string types' casts are I/O casts)
CASTS: Final[list[Cast]] = [
    Cast(kind, multi, EXPLICIT, to_multirange(SUBTYPES[kind])) for kind, multi in MULTIRANGES.items()
]
SET_FUNCTIONS: list[Function] = []
for _kind, _subtype in SUBTYPES.items():
    _ops, _fns, _srfs = _multirange_rows(_kind, _subtype)
    OPERATORS += _ops
    FUNCTIONS += _fns
    SET_FUNCTIONS += _srfs

__all__ = [
    "CASTS", "EMPTY", "FUNCTIONS", "MULTIRANGES", "RANGE_OF_MULTIRANGE", "Multirange", "OPERATORS", "Range", "SET_FUNCTIONS", "SUBTYPES", "TYPE_IOS",
    "make_range", "normalize", "range_agg_fold", "range_cmp", "range_intersect_fold", "to_multirange",
]

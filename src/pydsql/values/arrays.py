"""PostgreSQL arrays: text I/O, comparison, operators, functions, ANY/ALL, subscripts.

Representation
--------------
An array value is a Python ``list`` of its elements in PostgreSQL's storage
order; SQL NULL elements are ``None`` and the elements use their kind's
representation (:mod:`pydsql.types`).  A multi-dimensional array is a list
of *rows*, each row a ``list`` holding the next dimension:
``'{{1,2},{3,4}}'`` is ``[[1, 2], [3, 4]]``.  No element kind is
represented by a Python ``list`` (``json`` is ``str``, ``jsonb`` a
:class:`pydsql.values.json.Jsonb`), so a list inside an array is always a
row.  :func:`from_python` validates a nested list or tuple from outside (a
query parameter) and turns tuples into lists.

An empty array (any number of dimensions written, PostgreSQL has only one
empty array) is ``[]``.  Arrays are rectangular: every row of a dimension
has the same length, never zero.  At most 6 dimensions (``MAXDIM``).

**Lower bounds are always 1.**  PostgreSQL's non-default lower bounds
(``'[0:2]={1,2,3}'``, ``array_fill(x, dims, lbounds)`` with lbounds other
than 1, assigning below the first element) are out of scope: inputs that
would create them raise 0A000 (:func:`_no_lower_bounds`).  Everything else
below is PostgreSQL 16's behaviour for arrays whose lower bounds are 1,
including the shapes produced by the oddities of its array-literal parser
(``'{{1},{{2}}}'`` is ``{{{1}},{{2}}}``).

Element semantics and the ``elem`` keyword
-------------------------------------------
Comparisons, containment, searching and text output need the *element
kind* (``bpchar`` ignores trailing blanks, ``float4`` prints differently
from ``float8``, ``json`` has no equality...).  Every function of this module
that looks at elements takes a keyword argument ``elem: str | None``: the
element kind of the array argument(s) (e.g. ``"int4"`` for ``int4[]``).
The SQL layer binds it once at compile time
(``functools.partial(row.fn, elem=t.elem.kind)``).  Left as ``None``, the
element semantics are inferred from the Python type of each value
(``float`` -> float8 rules, ``Decimal`` -> numeric, ``str`` -> text...),
which is right for every kind but ``bpchar``, ``float4`` output and
``json``/``jsonb``.  Element comparison for kinds outside pydsql's built-in
table is looked up in :data:`pydsql.values.catalog.OPERATORS_BY_NAME`
(``<`` and ``=`` rows with both operands of the kind); a kind without them
raises 42883 like PostgreSQL (``could not identify an equality operator
for type json``).

Contract for the SQL layer
--------------------------
``[K]`` = takes ``elem=``; ``ns`` = non-strict (receives ``None`` for NULL
arguments and must be called even then); ``SRF`` = returns an iterator of
rows.  "T[]" is the resolved array type of the polymorphic arguments, "T"
its element type.  PostgreSQL declares the starred rows with
``anycompatible``/``anycompatiblearray`` (the arguments are unified to a
common type, e.g. ``int4[] || int8`` -> ``int8[]``) and the others with
``anyarray``/``anyelement`` (exact match required).

==========================================  =================  ===================
SQL                                          result type        Python
==========================================  =================  ===================
``a = b``, ``<>``, ``<``, ``<=``, ``>``,     bool               ``array_eq`` ... [K]
``>=`` (anyarray, anyarray)
``a @> b``, ``a <@ b``, ``a && b``           bool               ``array_contains``,
                                                                ``array_contained``,
                                                                ``array_overlap`` [K]
``a || b`` (array, array) *                  T[]                ``array_cat`` ns
``a || x`` (array, element) *                T[]                ``array_append`` ns
``x || a`` (element, array) *                T[]                ``array_prepend`` ns
``x op ANY (a)`` / ``ALL``                   bool               ``any_op``/``all_op``
``a[i][j]...``                               T                  ``subscript``
``a[lo:hi]...``                              T[]                ``slice_array``
``ARRAY[x, ...]`` / ``ARRAY[a, ...]``        T[] / T[]          ``array_construct``
``array_append(a, x)`` *                     T[]                ns
``array_prepend(x, a)`` *                    T[]                ns
``array_cat(a, b)`` *                        T[]                ns
``array_remove(a, x)`` *                     T[]                ns [K]
``array_replace(a, x, y)`` *                 T[]                ns [K]
``array_position(a, x [, start])`` *         int4               ns [K]
``array_positions(a, x)`` *                  int4[]             ns [K]
``array_length(a, int4)``                    int4 (may be NULL)
``array_lower``/``array_upper(a, int4)``     int4 (may be NULL)
``array_ndims(a)``, ``array_dims(a)``        int4 / text (NULL for empty)
``cardinality(a)``                           int4
``array_to_string(a, text [, text])``        text               [K]; 3-arg form ns
``string_to_array(text, text [, text])``     text[]             ns
``string_to_table(text, text [, text])``     setof text         ns SRF
``unnest(a)``                                setof T            SRF
``generate_subscripts(a, int4 [, bool])``    setof int4         SRF
``array_fill(x, int4[] [, int4[]])``         T[]                ns
``trim_array(a, int4)``                      T[]
``array_shuffle(a)``, ``array_sample(a, n)`` T[]
``width_bucket(x, a)`` *                     int4               [K]
``array_agg(x)`` (x not an array)            T[]                :class:`ArrayAgg`
``array_agg(a)`` (a an array)                T[] (one more dim) :class:`ArrayAggArray`
``a::text`` / ``'...'::T[]``                 text / T[]         ``array_out``/``array_in``
``a::U[]`` (element cast)                    U[]                ``array_map``
==========================================  =================  ===================

Tables for registration: :data:`ARRAY_OPERATORS` (``pg_operator`` rows with
the ``anyarray``/``anycompatible*`` pseudo-kinds of PostgreSQL) and
:data:`ARRAY_FUNCTIONS` (``pg_proc`` rows; the set-returning ones are in
:data:`ARRAY_SET_FUNCTIONS`).  Their polymorphic results are written
``SqlType("anyarray")``/``SqlType("anyelement")`` and must be resolved by
the caller as in the table.  Grouping, DISTINCT and sorting arrays use
:func:`array_key` / :func:`array_sort_key`.
"""

from __future__ import annotations

import datetime
import functools
import random
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final

from .. import errors
from ..types import BOOL, INT4, KINDS, TEXT, SqlType, array_of
from . import numbers as N
from . import strings as S
from .registry import Function, Operator

MAXDIM: Final = 6
MAX_ARRAY_SIZE: Final = 134217727  # MaxAllocSize / sizeof(Datum)
_WS: Final = " \t\n\r\v\f"  # array_isspace()

ANYARRAY: Final = SqlType("anyarray")
ANYELEMENT: Final = SqlType("anyelement")


#: A row of a multi-dimensional array is a plain ``list`` (the name is kept for readability).
SubArray = list


# ---------------------------------------------------------------------------
# Shape helpers
# ---------------------------------------------------------------------------


def array_dims_list(arr: list[Any]) -> list[int]:
    """The dimensions of a canonical array (``[]`` for the empty array)."""
    d: list[int] = []
    a: list[Any] = arr
    while a:
        d.append(len(a))
        first = a[0]
        if not isinstance(first, list):
            break
        a = first
    return d


def flatten(arr: list[Any]) -> list[Any]:
    """The elements in storage order (row-major)."""
    if not arr or not isinstance(arr[0], list):
        return arr
    out: list[Any] = []
    for row in arr:
        out.extend(flatten(row))
    return out


def reshape(flat: Sequence[Any], dims: Sequence[int]) -> list[Any]:
    """Build the canonical array of dimensions ``dims`` from its elements."""
    if not dims or not flat:
        return []
    return _reshape(list(flat), list(dims), 0, 0)[0]


def _reshape(flat: list[Any], dims: list[int], level: int, pos: int) -> tuple[list[Any], int]:
    n = dims[level]
    if level == len(dims) - 1:
        return flat[pos:pos + n], pos + n
    out: list[Any] = []
    for _ in range(n):
        row, pos = _reshape(flat, dims, level + 1, pos)
        out.append(list(row))
    return out, pos


def from_python(value: Any, elem: str | None = None) -> list[Any]:
    """A Python list (nested lists or tuples for more dimensions) as a
    canonical array; 2202E for ragged input, 54000 beyond 6 dimensions."""

    def is_row(x: Any) -> bool:
        return isinstance(x, (list, tuple))

    def conv(v: Sequence[Any], depth: int) -> list[Any]:
        if depth > MAXDIM:
            raise errors.ProgramLimitExceeded(
                f"number of array dimensions ({depth}) exceeds the maximum allowed ({MAXDIM})")
        if not v:
            return []
        rows = [is_row(x) for x in v]
        if not any(rows):
            return list(v)
        if not all(rows):
            raise _mismatched_dims()
        subs = [conv(x, depth + 1) for x in v]
        shape = array_dims_list(subs[0])
        if not shape or any(array_dims_list(s) != shape for s in subs):
            raise _mismatched_dims()
        return subs

    return conv(value, 1)


def _mismatched_dims() -> errors.Error:
    return errors.ArraySubscriptError(
        "multidimensional arrays must have array expressions with matching dimensions")


def _no_lower_bounds() -> errors.Error:
    return errors.FeatureNotSupported(
        "array lower bounds other than 1 are not supported",
        detail="pydsql arrays always start at subscript 1.",
    )


def array_map(fn: Callable[[Any], Any], arr: list[Any]) -> list[Any]:
    """Apply ``fn`` to every non-NULL element, keeping the shape (array casts,
    element typmods)."""
    out: list[Any] = []
    for x in arr:
        if isinstance(x, list):
            out.append(list(array_map(fn, x)))
        else:
            out.append(None if x is None else fn(x))
    return out


# ---------------------------------------------------------------------------
# Text input (PostgreSQL 16's array_in: ArrayCount + ReadArrayStr)
# ---------------------------------------------------------------------------


def _malformed(text: str, detail: str | None = None) -> errors.Error:
    return errors.InvalidTextRepresentation(f'malformed array literal: "{text}"', detail=detail)


def _c_atoi(s: str) -> int:
    """C ``atoi`` (strtol then truncation to int)."""
    i = 0
    n = len(s)
    while i < n and s[i] in _WS:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    j = i
    while j < n and "0" <= s[j] <= "9":
        j += 1
    v = int(s[i:j]) if j > i else 0
    if neg:
        v = -v
    v = max(min(v, 2**63 - 1), -(2**63))  # strtol clamps to LONG_MIN/MAX
    return (v + 2**31) % 2**32 - 2**31  # then (int)


# ArrayCount parse states
_NO_LEVEL, _LEVEL_STARTED, _ELEM_STARTED, _ELEM_COMPLETED, _QUOTED_STARTED, _QUOTED_COMPLETED, \
    _ELEM_DELIMITED, _LEVEL_COMPLETED, _LEVEL_DELIMITED = range(9)


def _array_count(s: str) -> tuple[int, list[int]]:
    """ArrayCount: the number of dimensions and their lengths (0 for an empty
    array), validating the brace structure.  ``s`` starts at the '{'."""
    nest_level = 0
    ndim = 1
    temp = [0] * MAXDIM
    nelems = [1] * MAXDIM
    nelems_last = [0] * MAXDIM
    in_quotes = False
    eo_array = False
    empty_array = True
    state = _NO_LEVEL
    n = len(s)
    p = 0
    while not eo_array:
        itemdone = False
        while not itemdone:
            if state == _ELEM_STARTED or state == _QUOTED_STARTED:
                empty_array = False
            c = s[p] if p < n else ""
            if c == "":
                raise _malformed(s, "Unexpected end of input.")
            if c == "\\":
                if state not in (_LEVEL_STARTED, _ELEM_STARTED, _QUOTED_STARTED, _ELEM_DELIMITED):
                    raise _malformed(s, 'Unexpected "\\" character.')
                if state != _QUOTED_STARTED:
                    state = _ELEM_STARTED
                if p + 1 < n:
                    p += 1
                else:
                    raise _malformed(s, "Unexpected end of input.")
            elif c == '"':
                if state not in (_LEVEL_STARTED, _QUOTED_STARTED, _ELEM_DELIMITED):
                    raise _malformed(s, "Unexpected array element.")
                in_quotes = not in_quotes
                state = _QUOTED_STARTED if in_quotes else _QUOTED_COMPLETED
            elif c == "{":
                if not in_quotes:
                    if state not in (_NO_LEVEL, _LEVEL_STARTED, _LEVEL_DELIMITED):
                        raise _malformed(s, 'Unexpected "{" character.')
                    state = _LEVEL_STARTED
                    if nest_level >= MAXDIM:
                        raise errors.ProgramLimitExceeded(
                            f"number of array dimensions ({nest_level + 1}) exceeds the maximum allowed ({MAXDIM})")
                    temp[nest_level] = 0
                    nest_level += 1
                    if ndim < nest_level:
                        ndim = nest_level
            elif c == "}":
                if not in_quotes:
                    if state not in (_ELEM_STARTED, _ELEM_COMPLETED, _QUOTED_COMPLETED, _LEVEL_COMPLETED) and not (
                        nest_level == 1 and state == _LEVEL_STARTED
                    ):
                        raise _malformed(s, 'Unexpected "}" character.')
                    state = _LEVEL_COMPLETED
                    if nest_level == 0:
                        raise _malformed(s, 'Unmatched "}" character.')
                    nest_level -= 1
                    if nelems_last[nest_level] != 0 and nelems[nest_level] != nelems_last[nest_level]:
                        raise _malformed(
                            s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
                    nelems_last[nest_level] = nelems[nest_level]
                    nelems[nest_level] = 1
                    if nest_level == 0:
                        eo_array = itemdone = True
                    else:
                        temp[nest_level - 1] += 1
            else:
                if not in_quotes:
                    if c == ",":
                        if state not in (_ELEM_STARTED, _ELEM_COMPLETED, _QUOTED_COMPLETED, _LEVEL_COMPLETED):
                            raise _malformed(s, 'Unexpected "," character.')
                        state = _LEVEL_DELIMITED if state == _LEVEL_COMPLETED else _ELEM_DELIMITED
                        itemdone = True
                        nelems[nest_level - 1] += 1
                    elif c not in _WS:
                        if state not in (_LEVEL_STARTED, _ELEM_STARTED, _ELEM_DELIMITED):
                            raise _malformed(s, "Unexpected array element.")
                        state = _ELEM_STARTED
            if not itemdone:
                p += 1
        temp[ndim - 1] += 1
        p += 1
    while p < n:
        if s[p] not in _WS:
            raise _malformed(s, "Junk after closing right brace.")
        p += 1
    if empty_array:
        return 0, []
    return ndim, temp[:ndim]


def _read_array_str(s: str, orig: str, nitems: int, dims: list[int]) -> tuple[list[tuple[str, bool]], list[int]]:
    """ReadArrayStr: the element strings (dequoted) in storage order, each with
    a flag "is NULL", and the storage offsets in the order the elements appear
    in the text (the order PostgreSQL calls the element input function)."""
    ndim = len(dims)
    prod = [1] * ndim
    for i in range(ndim - 2, -1, -1):
        prod[i] = prod[i + 1] * dims[i + 1]
    items: list[tuple[str, bool] | None] = [None] * nitems
    indx = [0] * MAXDIM
    nest_level = 0
    in_quotes = False
    eo_array = False
    n = len(s)
    p = 0
    order: list[int] = []
    while not eo_array:
        itemdone = False
        leadingspace = True
        hasquoting = False
        buf: list[str] = []
        end = 0  # length of buf up to the last significant character
        i = -1
        while not itemdone:
            c = s[p] if p < n else ""
            if c == "":
                raise _malformed(orig)
            if c == "\\":
                p += 1
                if p >= n:
                    raise _malformed(orig)
                buf.append(s[p])
                p += 1
                leadingspace = False
                end = len(buf)
                hasquoting = True
            elif c == '"':
                in_quotes = not in_quotes
                if in_quotes:
                    leadingspace = False
                else:
                    end = len(buf)
                hasquoting = True
                p += 1
            elif c == "{" and not in_quotes:
                if nest_level >= ndim:
                    raise _malformed(orig)
                nest_level += 1
                indx[nest_level - 1] = 0
                p += 1
            elif c == "}" and not in_quotes:
                if nest_level == 0:
                    raise _malformed(orig)
                if i == -1:
                    i = sum(indx[k] * prod[k] for k in range(ndim))
                indx[nest_level - 1] = 0
                nest_level -= 1
                if nest_level == 0:
                    eo_array = itemdone = True
                else:
                    indx[nest_level - 1] += 1
                p += 1
            elif in_quotes:
                buf.append(c)
                p += 1
            elif c == ",":
                if i == -1:
                    i = sum(indx[k] * prod[k] for k in range(ndim))
                itemdone = True
                indx[ndim - 1] += 1
                p += 1
            elif c in _WS:
                if not leadingspace:
                    buf.append(c)
                p += 1
            else:
                buf.append(c)
                p += 1
                leadingspace = False
                end = len(buf)
        if i < 0 or i >= nitems:
            raise _malformed(orig)
        item = "".join(buf[:end])
        is_null = not hasquoting and len(item) == 4 and item.isascii() and item.lower() == "null"
        items[i] = (item, is_null)
        order.append(i)
    out: list[tuple[str, bool]] = []
    for k in range(nitems):
        it = items[k]
        out.append(it if it is not None else ("", True))
    return out, order


def _elem_io(elem: str) -> Any:
    from . import catalog  # late: catalog may import this module

    io = catalog.TYPE_IO.get(elem)
    if io is None:
        raise errors.FeatureNotSupported(f"arrays of type {KINDS[elem].display if elem in KINDS else elem} are not supported")
    return io


def array_in(elem: str, text: str, elem_parse: Callable[[str], Any] | None = None) -> list[Any]:
    """``array_in``: read PostgreSQL's array text form for an array of ``elem``.

    ``elem_parse`` overrides the element input function (e.g. to apply a
    typmod).  Errors: 22P02 ``malformed array literal: "..."`` with
    PostgreSQL's DETAIL, 2202E/54000 as PostgreSQL, the element's own input
    errors, and 0A000 for explicit lower bounds other than 1."""
    parse = elem_parse if elem_parse is not None else _elem_io(elem).parse
    n = len(text)
    p = 0
    while p < n and text[p] in _WS:
        p += 1
    dims: list[int] = []
    lbounds: list[int] = []
    while True:
        while p < n and text[p] in _WS:
            p += 1
        if p >= n or text[p] != "[":
            break
        p += 1
        if len(dims) >= MAXDIM:
            raise errors.ProgramLimitExceeded(
                f"number of array dimensions ({len(dims) + 1}) exceeds the maximum allowed ({MAXDIM})")
        q = p
        while q < n and (text[q] in "0123456789+-"):
            q += 1
        if q == p:
            raise _malformed(text, '"[" must introduce explicitly-specified array dimensions.')
        if q < n and text[q] == ":":
            lb = _c_atoi(text[p:q])
            p = q + 1
            q = p
            while q < n and (text[q] in "0123456789+-"):
                q += 1
            if q == p:
                raise _malformed(text, "Missing array dimension value.")
        else:
            lb = 1
        if q >= n or text[q] != "]":
            raise _malformed(text, 'Missing "]" after array dimensions.')
        ub = _c_atoi(text[p:q])
        p = q + 1
        if ub < lb:
            raise errors.ArraySubscriptError("upper bound cannot be less than lower bound")
        dims.append(ub - lb + 1)
        lbounds.append(lb)
    if not dims:
        if p >= n or text[p] != "{":
            raise _malformed(text, 'Array value must start with "{" or dimension information.')
        ndim, dims = _array_count(text[p:])
        lbounds = [1] * ndim
    else:
        if p >= n or text[p] != "=":
            raise _malformed(text, 'Missing "=" after array dimensions.')
        p += 1
        while p < n and text[p] in _WS:
            p += 1
        if p >= n or text[p] != "{":
            raise _malformed(text, 'Array contents must start with "{".')
        nb, dims_b = _array_count(text[p:])
        if nb != len(dims) or any(a != b for a, b in zip(dims, dims_b)):
            raise _malformed(text, "Specified array dimensions do not match array contents.")
    nitems = 1
    for d in dims:
        nitems *= d
        if nitems > MAX_ARRAY_SIZE:
            raise errors.ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
    if not dims or nitems == 0:
        return []
    raw, order = _read_array_str(text[p:], text, nitems, dims)
    values: list[Any] = [None] * nitems
    for i in order:
        item, is_null = raw[i]
        if not is_null:
            values[i] = parse(item)
    if any(lb != 1 for lb in lbounds):
        raise _no_lower_bounds()
    return reshape(values, dims)


_NEEDS_QUOTE: Final = re.compile(r'["\\{}, \t\n\r\v\f]')


def _quote_elem(s: str) -> str:
    if s == "" or (len(s) == 4 and s.isascii() and s.lower() == "null"):
        return '"' + s + '"'
    if _NEEDS_QUOTE.search(s) is None:
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array_out(elem: str, value: list[Any], elem_format: Callable[[Any], str] | None = None) -> str:
    """``array_out``: PostgreSQL's text form (``{1,2}``, ``{{1,2},{3,4}}``,
    ``{"a b",NULL,"x\\"y"}``).  ``elem_format`` overrides the element output
    function."""
    fmt = elem_format if elem_format is not None else _elem_io(elem).format

    def out(a: list[Any]) -> str:
        parts = []
        for x in a:
            if isinstance(x, list):
                parts.append(out(x))
            elif x is None:
                parts.append("NULL")
            else:
                parts.append(_quote_elem(fmt(x)))
        return "{" + ",".join(parts) + "}"

    return out(value)


# ---------------------------------------------------------------------------
# Element comparison
# ---------------------------------------------------------------------------


def _pycmp(a: Any, b: Any) -> int:
    return int((a > b) - (a < b))


def _timetz_cmp(a: datetime.time, b: datetime.time) -> int:
    from .datetimes import timetz_key

    return _pycmp(timetz_key(a), timetz_key(b))


def _timetz_eq(a: datetime.time, b: datetime.time) -> bool:
    from .datetimes import timetz_key

    return timetz_key(a) == timetz_key(b)


_CMP: Final[dict[str, Callable[[Any, Any], int]]] = {
    "numeric": N.numeric_cmp,
    "float4": N.float_cmp,
    "float8": N.float_cmp,
    "bpchar": S.bpchar_cmp,
    "timetz": _timetz_cmp,
}
_EQ: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "numeric": N.numeric_eq,
    "float4": N.float_eq,
    "float8": N.float_eq,
    "bpchar": S.bpchar_eq,
    "timetz": _timetz_eq,
}
_PLAIN: Final = frozenset({
    "int2", "int4", "int8", "oid", "text", "varchar", "name", "bool", "bytea", "uuid",
    "date", "time", "timestamp", "timestamptz", "interval",
})


def _display(elem: str) -> str:
    info = KINDS.get(elem)
    return info.display if info is not None else elem


def _catalog_op(name: str, elem: str) -> Callable[[Any, Any], Any] | None:
    from . import catalog

    for o in catalog.OPERATORS_BY_NAME.get(name, ()):
        if o.left == elem and o.right == elem:
            return o.fn
    return None


@functools.lru_cache(maxsize=None)
def elem_cmp(elem: str | None) -> Callable[[Any, Any], int]:
    """The three-way comparison of the element kind (btree order)."""
    if elem is None:
        return _generic_cmp
    fn = _CMP.get(elem)
    if fn is not None:
        return fn
    if elem in _PLAIN:
        return _pycmp
    lt = _catalog_op("<", elem)
    eq = _catalog_op("=", elem)
    if lt is None or eq is None:
        def missing(a: Any, b: Any) -> int:
            raise errors.UndefinedFunction(f"could not identify a comparison function for type {_display(elem)}")
        return missing
    lt_fn, eq_fn = lt, eq
    return lambda a, b: -1 if lt_fn(a, b) else (0 if eq_fn(a, b) else 1)


@functools.lru_cache(maxsize=None)
def elem_eq(elem: str | None) -> Callable[[Any, Any], bool]:
    """The equality of the element kind."""
    if elem is None:
        return _generic_eq
    fn = _EQ.get(elem)
    if fn is not None:
        return fn
    if elem in _PLAIN:
        return _py_eq
    eq = _catalog_op("=", elem)
    if eq is None:
        def missing(a: Any, b: Any) -> bool:
            raise errors.UndefinedFunction(f"could not identify an equality operator for type {_display(elem)}")
        return missing
    return eq


def _require_eq(elem: str | None) -> Callable[[Any, Any], bool]:
    """``elem_eq``, raising 42883 now (as PostgreSQL's type-cache lookup does)
    if the kind has no equality."""
    if elem is not None and elem not in _EQ and elem not in _PLAIN and _catalog_op("=", elem) is None:
        raise errors.UndefinedFunction(f"could not identify an equality operator for type {_display(elem)}")
    return elem_eq(elem)


def _require_cmp(elem: str | None) -> Callable[[Any, Any], int]:
    if elem is not None and elem not in _CMP and elem not in _PLAIN and (
        _catalog_op("<", elem) is None or _catalog_op("=", elem) is None
    ):
        raise errors.UndefinedFunction(f"could not identify a comparison function for type {_display(elem)}")
    return elem_cmp(elem)


def _py_eq(a: Any, b: Any) -> bool:
    return bool(a == b)


def _infer_kind(v: Any) -> str | None:
    if isinstance(v, float):
        return "float8"
    if isinstance(v, Decimal):
        return "numeric"
    if isinstance(v, datetime.time) and v.tzinfo is not None:
        return "timetz"
    return None


def _generic_cmp(a: Any, b: Any) -> int:
    k = _infer_kind(a) or _infer_kind(b)
    if k == "float8":
        return N.float_cmp(float(a), float(b))
    if k == "numeric":
        return N.numeric_cmp(Decimal(a), Decimal(b))
    if k == "timetz":
        return _timetz_cmp(a, b)
    return _pycmp(a, b)


def _generic_eq(a: Any, b: Any) -> bool:
    k = _infer_kind(a)
    if k == "float8" or isinstance(b, float):
        return N.float_eq(float(a), float(b))
    if k == "numeric":
        return N.numeric_eq(a, Decimal(b))
    if k == "timetz":
        return _timetz_eq(a, b)
    return bool(a == b)


# ---------------------------------------------------------------------------
# Comparison operators
# ---------------------------------------------------------------------------


def array_cmp(a: list[Any], b: list[Any], *, elem: str | None = None) -> int:
    """``btarraycmp``: element by element in storage order (NULL sorts after
    every value and equals NULL), then the element count, the number of
    dimensions and the dimensions."""
    cmp = _require_cmp(elem)
    fa = flatten(a)
    fb = flatten(b)
    for x, y in zip(fa, fb):
        if x is None:
            if y is None:
                continue
            return 1
        if y is None:
            return -1
        c = cmp(x, y)
        if c:
            return -1 if c < 0 else 1
    if len(fa) != len(fb):
        return -1 if len(fa) < len(fb) else 1
    da = array_dims_list(a)
    db = array_dims_list(b)
    if len(da) != len(db):
        return -1 if len(da) < len(db) else 1
    for x, y in zip(da, db):
        if x != y:
            return -1 if x < y else 1
    return 0


def array_eq(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    """``array_eq``: same dimensions and pairwise equal elements (NULL = NULL)."""
    if array_dims_list(a) != array_dims_list(b):
        return False
    eq = _require_eq(elem)
    for x, y in zip(flatten(a), flatten(b)):
        if x is None or y is None:
            if x is not y:
                return False
            continue
        if not eq(x, y):
            return False
    return True


def array_ne(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    return not array_eq(a, b, elem=elem)


def array_lt(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    return array_cmp(a, b, elem=elem) < 0


def array_le(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    return array_cmp(a, b, elem=elem) <= 0


def array_gt(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    return array_cmp(a, b, elem=elem) > 0


def array_ge(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    return array_cmp(a, b, elem=elem) >= 0


def array_sort_key(elem: str | None = None) -> Callable[[list[Any]], Any]:
    """A ``sorted`` key ordering arrays as PostgreSQL's ``ORDER BY``."""
    return functools.cmp_to_key(functools.partial(array_cmp, elem=elem))


def _elem_key(elem: str | None) -> Callable[[Any], Any]:
    if elem == "numeric":
        return N.numeric_sort_key
    if elem in ("float4", "float8"):
        return N.float_sort_key
    if elem == "bpchar":
        return S.bpchar_strip
    if elem == "timetz":
        from .datetimes import timetz_key

        return timetz_key
    if elem is None:
        def guess(v: Any) -> Any:
            k = _infer_kind(v)
            if k == "float8":
                return N.float_sort_key(v)
            if k == "numeric":
                return N.numeric_sort_key(v)
            if k == "timetz":
                from .datetimes import timetz_key

                return timetz_key(v)
            return v
        return guess
    return lambda v: v


def array_key(arr: list[Any], *, elem: str | None = None) -> tuple[Any, ...]:
    """A hashable key equal for arrays that ``=`` calls equal (GROUP BY,
    DISTINCT, hash joins)."""
    key = _elem_key(elem)

    def conv(a: list[Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for x in a:
            if isinstance(x, list):
                out.append(conv(x))
            elif x is None:
                out.append((0,))
            else:
                out.append((1, key(x)))
        return tuple(out)

    return conv(arr)


# ---------------------------------------------------------------------------
# Containment and overlap
# ---------------------------------------------------------------------------


def _contain_compare(a: list[Any], b: list[Any], matchall: bool, elem: str | None) -> bool:
    """array_contain_compare: does every (any, unless matchall) element of
    ``a`` appear in ``b``?  NULLs match nothing."""
    eq = _require_eq(elem)
    fa = flatten(a)
    fb = [y for y in flatten(b) if y is not None]
    for x in fa:
        if x is None:
            if matchall:
                return False
            continue
        found = False
        for y in fb:
            if eq(x, y):
                found = True
                break
        if found and not matchall:
            return True
        if not found and matchall:
            return False
    return matchall


def array_contains(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    """``a @> b``: every element of ``b`` is in ``a`` (a NULL in ``b`` fails)."""
    return _contain_compare(b, a, True, elem)


def array_contained(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    """``a <@ b``."""
    return _contain_compare(a, b, True, elem)


def array_overlap(a: list[Any], b: list[Any], *, elem: str | None = None) -> bool:
    """``a && b``: a common non-NULL element."""
    return _contain_compare(a, b, False, elem)


# ---------------------------------------------------------------------------
# Concatenation (non-strict)
# ---------------------------------------------------------------------------


def _incompatible(detail: str) -> errors.Error:
    return errors.ArraySubscriptError("cannot concatenate incompatible arrays", detail=detail)


def array_cat(a: list[Any] | None, b: list[Any] | None, *, elem: str | None = None) -> list[Any] | None:
    """``array || array`` / ``array_cat`` (non-strict: a NULL array is ignored)."""
    if a is None:
        return None if b is None else b
    if b is None:
        return a
    da = array_dims_list(a)
    db = array_dims_list(b)
    if not da and db:
        return b
    if not db:
        return a
    if len(da) == len(db):
        if da[1:] != db[1:]:
            raise _incompatible("Arrays with differing element dimensions are not compatible for concatenation.")
        return list(a) + list(b)
    if len(da) == len(db) - 1:
        if da != db[1:]:
            raise _incompatible("Arrays with differing dimensions are not compatible for concatenation.")
        return [list(a)] + list(b)
    if len(da) == len(db) + 1:
        if db != da[1:]:
            raise _incompatible("Arrays with differing dimensions are not compatible for concatenation.")
        return list(a) + [list(b)]
    raise _incompatible(
        f"Arrays of {len(da)} and {len(db)} dimensions are not compatible for concatenation.")


def _one_dim(a: list[Any] | None) -> list[Any]:
    if a is None:
        return []
    if a and isinstance(a[0], list):
        raise errors.DataException("argument must be empty or one-dimensional array")
    return a


def array_append(a: list[Any] | None, x: Any, *, elem: str | None = None) -> list[Any]:
    """``array || element`` / ``array_append`` (non-strict: a NULL array is
    empty, a NULL element is appended)."""
    return _one_dim(a) + [x]


def array_prepend(x: Any, a: list[Any] | None, *, elem: str | None = None) -> list[Any]:
    """``element || array`` / ``array_prepend``."""
    return [x] + _one_dim(a)


# ---------------------------------------------------------------------------
# ANY / ALL
# ---------------------------------------------------------------------------


def any_op(op_fn: Callable[[Any, Any], Any], value: Any, array: list[Any] | None) -> bool | None:
    """``value op ANY (array)`` for a strict ``op_fn``: true if some element
    gives true, else NULL if the value, an element or a result is NULL, else
    false; an empty array gives false even for a NULL value; a NULL array NULL."""
    if array is None:
        return None
    items = flatten(array)
    if not items:
        return False
    if value is None:
        return None
    saw_null = False
    for x in items:
        if x is None:
            saw_null = True
            continue
        r = op_fn(value, x)
        if r is None:
            saw_null = True
        elif r:
            return True
    return None if saw_null else False


def all_op(op_fn: Callable[[Any, Any], Any], value: Any, array: list[Any] | None) -> bool | None:
    """``value op ALL (array)``: false if some element gives false, else NULL
    if anything was NULL, else true (true for an empty array)."""
    if array is None:
        return None
    items = flatten(array)
    if not items:
        return True
    if value is None:
        return None
    saw_null = False
    for x in items:
        if x is None:
            saw_null = True
            continue
        r = op_fn(value, x)
        if r is None:
            saw_null = True
        elif not r:
            return False
    return None if saw_null else True


# ---------------------------------------------------------------------------
# Construction, subscripts and slices
# ---------------------------------------------------------------------------


def array_construct(items: Sequence[Any], nested: bool = False) -> list[Any]:
    """``ARRAY[...]``.  ``nested``: the items are arrays (``ARRAY[ARRAY[1,2],
    ARRAY[3,4]]``, or array-typed expressions): the result has one more
    dimension; NULL or empty items are allowed only if all items are NULL or
    empty (then ``{}``), otherwise 2202E as PostgreSQL."""
    if not nested:
        return list(items)
    shape: list[int] | None = None
    rows: list[Any] = []
    haveempty = False
    for it in items:
        if it is None or not it:
            haveempty = True
            continue
        d = array_dims_list(it)
        if shape is None:
            if len(d) + 1 > MAXDIM:
                raise errors.ProgramLimitExceeded(
                    f"number of array dimensions ({len(d) + 1}) exceeds the maximum allowed ({MAXDIM})")
            shape = d
        elif d != shape:
            raise _mismatched_dims()
        rows.append(list(it))
    if haveempty:
        if shape is None:
            return []
        raise _mismatched_dims()
    return rows


def subscript(arr: list[Any] | None, *indexes: int | None) -> Any:
    """``arr[i][j]...`` (1-based): NULL for a NULL array or subscript, a
    subscript out of range, or a number of subscripts different from the
    number of dimensions."""
    if arr is None or not indexes:
        return None
    dims = array_dims_list(arr)
    if len(dims) != len(indexes):
        return None
    a: Any = arr
    for d, i in zip(dims, indexes):
        if i is None or i < 1 or i > d:
            return None
        a = a[i - 1]
    return a


def slice_array(arr: list[Any] | None, bounds: Sequence[tuple[int | None, int | None] | int]) -> list[Any] | None:
    """``arr[lo:hi][...]``: ``bounds`` has one ``(lo, hi)`` per written
    subscript, ``None`` for an omitted bound; a plain ``int`` n (a dimension
    written without a colon in a slice) means ``(1, n)``.  The SQL layer
    returns NULL itself when a written bound is NULL.  Out-of-range bounds
    are clamped; an empty range gives ``{}``; dimensions without a bound are
    taken whole.  The result has lower bounds 1 (as in PostgreSQL)."""
    if arr is None:
        return None
    dims = array_dims_list(arr)
    nsub = len(bounds)
    if len(dims) < nsub or not dims:
        return []
    lo: list[int] = []
    hi: list[int] = []
    for k, d in enumerate(dims):
        if k < nsub:
            b = bounds[k]
            lower: int | None
            upper: int | None
            if isinstance(b, int):
                lower, upper = 1, b
            else:
                lower, upper = b
            lk = 1 if lower is None or lower < 1 else lower
            uk = d if upper is None or upper > d else upper
            if lk > uk:
                return []
        else:
            lk, uk = 1, d
        lo.append(lk)
        hi.append(uk)

    def cut(a: list[Any], level: int) -> list[Any]:
        part = a[lo[level] - 1:hi[level]]
        if level == len(dims) - 1:
            return list(part)
        return [list(cut(r, level + 1)) for r in part]

    return cut(arr, 0)


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------


def array_length(arr: list[Any], dim: int) -> int | None:
    """``array_length(anyarray, int)``: NULL for a missing dimension or an empty array."""
    d = array_dims_list(arr)
    return d[dim - 1] if 1 <= dim <= len(d) else None


def array_lower(arr: list[Any], dim: int) -> int | None:
    """``array_lower(anyarray, int)``: always 1 for an existing dimension."""
    return 1 if 1 <= dim <= len(array_dims_list(arr)) else None


def array_upper(arr: list[Any], dim: int) -> int | None:
    """``array_upper(anyarray, int)``."""
    return array_length(arr, dim)


def array_ndims(arr: list[Any]) -> int | None:
    """``array_ndims(anyarray)``: NULL for the empty array."""
    return len(array_dims_list(arr)) or None


def array_dims(arr: list[Any]) -> str | None:
    """``array_dims(anyarray)`` -> text such as ``[1:2][1:3]``; NULL if empty."""
    d = array_dims_list(arr)
    if not d:
        return None
    return "".join(f"[1:{n}]" for n in d)


def cardinality(arr: list[Any]) -> int:
    """``cardinality(anyarray)``: the number of elements (0 if empty)."""
    return len(flatten(arr))


def array_remove(arr: list[Any] | None, x: Any, *, elem: str | None = None) -> list[Any] | None:
    """``array_remove(a, x)``: every element equal to ``x`` (NULLs if ``x`` is
    NULL) removed; one-dimensional arrays only (0A000)."""
    if arr is None:
        return None
    if arr and isinstance(arr[0], list):
        raise errors.FeatureNotSupported("removing elements from multidimensional arrays is not supported")
    if not arr:
        return arr
    eq = _require_eq(elem)
    if x is None:
        return [y for y in arr if y is not None]
    return [y for y in arr if y is None or not eq(y, x)]


def array_replace(arr: list[Any] | None, search: Any, replace: Any, *, elem: str | None = None) -> list[Any] | None:
    """``array_replace(a, x, y)``: every element equal to ``x`` (NULLs if ``x``
    is NULL) replaced by ``y``; any number of dimensions."""
    if arr is None:
        return None
    if not arr:
        return arr
    eq = _require_eq(elem)

    def rep(a: list[Any]) -> list[Any]:
        out: list[Any] = []
        for y in a:
            if isinstance(y, list):
                out.append(list(rep(y)))
            elif y is None:
                out.append(replace if search is None else None)
            elif search is not None and eq(y, search):
                out.append(replace)
            else:
                out.append(y)
        return out

    return rep(arr)


def _search_1d(arr: list[Any]) -> None:
    if arr and isinstance(arr[0], list):
        raise errors.FeatureNotSupported("searching for elements in multidimensional arrays is not supported")


def array_position(arr: list[Any] | None, x: Any, *start: int | None, elem: str | None = None) -> int | None:
    """``array_position(a, x [, start])``: 1-based subscript of the first
    element equal to ``x`` (IS NOT DISTINCT FROM), at or after ``start``."""
    if arr is None:
        return None
    _search_1d(arr)
    if not arr:
        return None
    if x is None and all(y is not None for y in arr):
        return None
    position_min = 1
    if start:
        if start[0] is None:
            raise errors.NullValueNotAllowed("initial position must not be null")
        position_min = start[0]
    eq = _require_eq(elem)
    for pos, y in enumerate(arr, 1):
        if pos < position_min:
            continue
        if y is None or x is None:
            if y is None and x is None:
                return pos
            continue
        if eq(x, y):
            return pos
    return None


def array_positions(arr: list[Any] | None, x: Any, *, elem: str | None = None) -> list[Any] | None:
    """``array_positions(a, x)`` -> int4[] of every matching subscript."""
    if arr is None:
        return None
    _search_1d(arr)
    if not arr:
        return []
    if x is None and all(y is not None for y in arr):
        return []
    eq = _require_eq(elem)
    if x is None:
        return [pos for pos, y in enumerate(arr, 1) if y is None]
    return [pos for pos, y in enumerate(arr, 1) if y is not None and eq(x, y)]


def _out_fn(elem: str | None) -> Callable[[Any], str]:
    if elem is not None:
        fmt: Callable[[Any], str] = _elem_io(elem).format
        return fmt
    return _generic_out


def _generic_out(v: Any) -> str:
    if isinstance(v, bool):
        return S.bool_out(v)
    from .operators import value_to_text

    return value_to_text(v)


def array_to_string(arr: list[Any] | None, sep: str | None, null_string: str | None = None,
                    *, elem: str | None = None) -> str | None:
    """``array_to_string(a, sep [, null_string])``: elements through their
    output function; NULL elements skipped unless ``null_string`` is given."""
    if arr is None or sep is None:
        return None
    out = _out_fn(elem)
    parts: list[str] = []
    for x in flatten(arr):
        if x is None:
            if null_string is not None:
                parts.append(null_string)
        else:
            parts.append(out(x))
    return sep.join(parts)


def _split_text(s: str, sep: str | None, null_string: str | None) -> list[str | None]:
    if not s:
        return []
    if sep is None:
        parts = list(s)
    elif sep == "":
        parts = [s]
    else:
        parts = s.split(sep)
    if null_string is None:
        return list(parts)
    return [None if p == null_string else p for p in parts]


def string_to_array(s: str | None, sep: str | None, null_string: str | None = None) -> list[Any] | None:
    """``string_to_array(text, sep [, null_string])`` -> text[] (non-strict:
    a NULL ``sep`` splits into characters, an empty one yields the whole
    string, a NULL string gives NULL)."""
    if s is None:
        return None
    return _split_text(s, sep, null_string)


def string_to_table(s: str | None, sep: str | None, null_string: str | None = None) -> Iterator[str | None]:
    """``string_to_table(text, sep [, null_string])`` -> setof text."""
    if s is None:
        return iter(())
    return iter(_split_text(s, sep, null_string))


def unnest(arr: list[Any] | None) -> Iterator[Any]:
    """``unnest(anyarray)`` -> setof anyelement, in storage order."""
    if arr is None:
        return iter(())
    return iter(flatten(arr))


def generate_subscripts(arr: list[Any], dim: int, reverse: bool = False) -> Iterator[int]:
    """``generate_subscripts(anyarray, int [, bool])`` -> setof int4."""
    d = array_dims_list(arr)
    if not 1 <= dim <= len(d):
        return iter(())
    r = range(1, d[dim - 1] + 1)
    return iter(reversed(r) if reverse else r)


def array_fill(value: Any, dims: list[Any] | None, lbounds: list[Any] | None = None,
               *, elem: str | None = None, _three: bool = False) -> list[Any]:
    """``array_fill(x, dims [, lbounds])`` (non-strict).  Lower bounds other
    than 1 raise 0A000 (see the module docstring).  Call with ``_three=True``
    for the three-argument form so that a NULL ``lbounds`` is rejected."""
    if dims is None or (_three and lbounds is None):
        raise errors.NullValueNotAllowed("dimension array or low bound array cannot be null")
    for a in (dims, lbounds):
        if a is not None and a and isinstance(a[0], list):
            raise errors.ArraySubscriptError("wrong number of array subscripts",
                                             detail="Dimension array must be one dimensional.")
        if a is not None and any(v is None for v in a):
            raise errors.NullValueNotAllowed("dimension values cannot be null")
    if len(dims) > MAXDIM:
        raise errors.ProgramLimitExceeded(
            f"number of array dimensions ({len(dims)}) exceeds the maximum allowed ({MAXDIM})")
    if lbounds is not None and len(lbounds) != len(dims):
        raise errors.ArraySubscriptError("wrong number of array subscripts",
                                         detail="Low bound array has different size than dimensions array.")
    nitems = 1
    for d in dims:
        if d < 0:
            raise errors.ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
        nitems *= d
        if nitems > MAX_ARRAY_SIZE:
            raise errors.ProgramLimitExceeded(f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
    if not dims or nitems == 0:
        return []
    if lbounds is not None and any(lb != 1 for lb in lbounds):
        raise _no_lower_bounds()
    return reshape([value] * nitems, dims)


def trim_array(arr: list[Any], n: int) -> list[Any]:
    """``trim_array(a, n)``: the last ``n`` rows of the first dimension removed."""
    length = len(arr)
    if n < 0 or n > length:
        raise errors.ArraySubscriptError(f"number of elements to trim must be between 0 and {length}")
    return arr[:length - n]


def array_shuffle(arr: list[Any]) -> list[Any]:
    """``array_shuffle(a)``: the first dimension in random order."""
    out = list(arr)
    random.shuffle(out)
    return out


def array_sample(arr: list[Any], n: int) -> list[Any]:
    """``array_sample(a, n)``: ``n`` random rows of the first dimension."""
    if n < 0 or n > len(arr):
        raise errors.InvalidParameterValue(f"sample size must be between 0 and {len(arr)}")
    return random.sample(list(arr), n)


def width_bucket_array(operand: Any, thresholds: list[Any], *, elem: str | None = None) -> int:
    """``width_bucket(anycompatible, anycompatiblearray)``: the number of
    thresholds <= operand (binary search, as PostgreSQL, on a sorted array)."""
    if thresholds and isinstance(thresholds[0], list):
        raise errors.ArraySubscriptError("thresholds must be one-dimensional array")
    if any(t is None for t in thresholds):
        raise errors.NullValueNotAllowed("thresholds array must not contain NULLs")
    cmp = elem_cmp(elem)
    left, right = 0, len(thresholds)
    while left < right:
        mid = (left + right) // 2
        if cmp(operand, thresholds[mid]) < 0:
            right = mid
        else:
            left = mid + 1
    return left


# ---------------------------------------------------------------------------
# array_agg
# ---------------------------------------------------------------------------


class ArrayAgg:
    """``array_agg(anynonarray)``: :meth:`add` each input value (NULLs
    included), :meth:`result` is NULL when there were no rows."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Any] = []

    def add(self, value: Any) -> None:
        self.items.append(value)

    def result(self) -> list[Any] | None:
        return list(self.items) if self.items else None


class ArrayAggArray:
    """``array_agg(anyarray)``: the inputs become the rows of a result with
    one more dimension; NULL inputs raise 22004, empty ones or ones of other
    dimensions 2202E, as PostgreSQL."""

    __slots__ = ("rows", "shape")

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self.shape: list[int] | None = None

    def add(self, value: list[Any] | None) -> None:
        if value is None:
            raise errors.NullValueNotAllowed("cannot accumulate null arrays")
        if not value:
            raise errors.ArraySubscriptError("cannot accumulate empty arrays")
        d = array_dims_list(value)
        if self.shape is None:
            if len(d) + 1 > MAXDIM:
                raise errors.ProgramLimitExceeded(
                    f"number of array dimensions ({len(d) + 1}) exceeds the maximum allowed ({MAXDIM})")
            self.shape = d
        elif d != self.shape:
            raise errors.ArraySubscriptError("cannot accumulate arrays of different dimensionality")
        self.rows.append(list(value))

    def result(self) -> list[Any] | None:
        return list(self.rows) if self.rows else None


# ---------------------------------------------------------------------------
# Registration tables
# ---------------------------------------------------------------------------


def _build_operators() -> list[Operator]:
    O = Operator  # noqa: N806
    return [
        O("=", "anyarray", "anyarray", BOOL, array_eq),
        O("<>", "anyarray", "anyarray", BOOL, array_ne),
        O("<", "anyarray", "anyarray", BOOL, array_lt),
        O("<=", "anyarray", "anyarray", BOOL, array_le),
        O(">", "anyarray", "anyarray", BOOL, array_gt),
        O(">=", "anyarray", "anyarray", BOOL, array_ge),
        O("@>", "anyarray", "anyarray", BOOL, array_contains),
        O("<@", "anyarray", "anyarray", BOOL, array_contained),
        O("&&", "anyarray", "anyarray", BOOL, array_overlap),
        # non-strict (see the module docstring)
        O("||", "anycompatiblearray", "anycompatiblearray", ANYARRAY, array_cat),
        O("||", "anycompatiblearray", "anycompatible", ANYARRAY, array_append),
        O("||", "anycompatible", "anycompatiblearray", ANYARRAY, array_prepend),
    ]


#: ``pg_operator`` rows for arrays; every ``fn`` takes ``elem=`` (ignored by
#: the concatenations); the three ``||`` rows are non-strict.
ARRAY_OPERATORS: Final[list[Operator]] = _build_operators()

#: The ``ARRAY_OPERATORS`` functions that must also be called with NULL operands.
NONSTRICT_OPERATORS: Final = frozenset({array_cat, array_append, array_prepend})


def _fill3(value: Any, dims: list[Any] | None, lbounds: list[Any] | None, *, elem: str | None = None) -> list[Any]:
    return array_fill(value, dims, lbounds, elem=elem, _three=True)


def _functions() -> list[Function]:
    F = Function  # noqa: N806
    A, E, C, CA = "anyarray", "anyelement", "anycompatible", "anycompatiblearray"  # noqa: N806
    TEXT_ARRAY = array_of(TEXT)  # noqa: N806
    INT4_ARRAY = array_of(INT4)  # noqa: N806
    return [
        F("array_append", (CA, C), ANYARRAY, array_append, strict=False),
        F("array_prepend", (C, CA), ANYARRAY, array_prepend, strict=False),
        F("array_cat", (CA, CA), ANYARRAY, array_cat, strict=False),
        F("array_remove", (CA, C), ANYARRAY, array_remove, strict=False),
        F("array_replace", (CA, C, C), ANYARRAY, array_replace, strict=False),
        F("array_position", (CA, C), INT4, array_position, strict=False),
        F("array_position", (CA, C, "int4"), INT4, array_position, strict=False),
        F("array_positions", (CA, C), INT4_ARRAY, array_positions, strict=False),
        F("array_length", (A, "int4"), INT4, array_length),
        F("array_lower", (A, "int4"), INT4, array_lower),
        F("array_upper", (A, "int4"), INT4, array_upper),
        F("array_ndims", (A,), INT4, array_ndims),
        F("array_dims", (A,), TEXT, array_dims),
        F("cardinality", (A,), INT4, cardinality),
        F("array_to_string", (A, "text"), TEXT, array_to_string),
        F("array_to_string", (A, "text", "text"), TEXT, array_to_string, strict=False),
        F("string_to_array", ("text", "text"), TEXT_ARRAY, string_to_array, strict=False),
        F("string_to_array", ("text", "text", "text"), TEXT_ARRAY, string_to_array, strict=False),
        F("array_fill", (E, "array"), ANYARRAY, array_fill, strict=False),
        F("array_fill", (E, "array", "array"), ANYARRAY, _fill3, strict=False),
        F("trim_array", (A, "int4"), ANYARRAY, trim_array),
        F("array_shuffle", (A,), ANYARRAY, array_shuffle),
        F("array_sample", (A, "int4"), ANYARRAY, array_sample),
        F("width_bucket", (C, CA), INT4, width_bucket_array),
    ]


#: ``pg_proc`` rows of the ordinary array functions.  Argument kinds are
#: PostgreSQL's (``anyarray``, ``anyelement``, ``anycompatible``,
#: ``anycompatiblearray``; ``"array"`` is ``int4[]`` for ``array_fill``);
#: results ``anyarray``/``anyelement`` are resolved as in the module
#: docstring.  Every ``fn`` of a row with a polymorphic argument accepts
#: ``elem=``; the functions that do not look at elements ignore it.
ARRAY_FUNCTIONS: Final[list[Function]] = _functions()

#: Set-returning ``pg_proc`` rows: ``fn`` returns an iterator of values.
ARRAY_SET_FUNCTIONS: Final[list[Function]] = [
    Function("unnest", ("anyarray",), ANYELEMENT, unnest),
    Function("generate_subscripts", ("anyarray", "int4"), INT4, generate_subscripts),
    Function("generate_subscripts", ("anyarray", "int4", "bool"), INT4, generate_subscripts),
    Function("string_to_table", ("text", "text"), TEXT, string_to_table, strict=False),
    Function("string_to_table", ("text", "text", "text"), TEXT, string_to_table, strict=False),
]


def _accepts_elem(fn: Callable[..., Any]) -> bool:
    import inspect

    try:
        return "elem" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def bind_elem(fn: Callable[..., Any], elem: str | None) -> Callable[..., Any]:
    """``fn`` with its element kind bound (no-op for functions without ``elem``)."""
    if elem is None or not _accepts_elem(fn):
        return fn
    return functools.partial(fn, elem=elem)


__all__ = [
    "SubArray", "MAXDIM", "array_in", "array_out", "array_map", "from_python", "flatten", "reshape",
    "array_dims_list", "array_cmp", "array_eq", "array_ne", "array_lt", "array_le", "array_gt", "array_ge",
    "array_contains", "array_contained", "array_overlap", "array_cat", "array_append", "array_prepend",
    "any_op", "all_op", "array_construct", "subscript", "slice_array", "array_length", "array_lower",
    "array_upper", "array_ndims", "array_dims", "cardinality", "array_remove", "array_replace",
    "array_position", "array_positions", "array_to_string", "string_to_array", "string_to_table", "unnest",
    "generate_subscripts", "array_fill", "trim_array", "array_shuffle", "array_sample", "width_bucket_array",
    "ArrayAgg", "ArrayAggArray", "ARRAY_OPERATORS", "ARRAY_FUNCTIONS", "ARRAY_SET_FUNCTIONS",
    "array_key", "array_sort_key", "elem_cmp", "elem_eq", "bind_elem", "NONSTRICT_OPERATORS",
]

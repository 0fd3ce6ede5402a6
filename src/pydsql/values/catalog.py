"""Lookup tables over every value module, built once, on first use.

* :data:`TYPE_IO` -- kind -> :class:`TypeIO` (``typinput``/``typoutput``);
* :data:`CASTS_BY_PAIR` -- (source kind, target kind) -> :class:`Cast`: the
  ``pg_cast`` rows, PostgreSQL's automatic I/O conversion casts (any kind ->
  text/varchar/bpchar, ASSIGNMENT; text/varchar/bpchar -> any kind,
  EXPLICIT) and a binary no-op cast from every kind to itself;
* :data:`OPERATORS_BY_NAME` -- operator name -> its ``pg_operator`` rows;
* :data:`FUNCTIONS_BY_NAME` -- function name -> :class:`Function` rows
  (``pg_proc``) of every value module;
* :data:`SET_FUNCTIONS_BY_NAME` -- the set-returning ``pg_proc`` rows, with
  their output columns (:class:`SetFunction`);
* :data:`JSON_AGGREGATES` -- the json aggregates (their accumulators need the
  argument types of the call: :class:`pydsql.values.json.JsonAggregate`).

The number and string kinds come from :mod:`.casts` / :mod:`.operators`; the
date/time kinds from :mod:`.datetimes`; json/jsonb from :mod:`.json`; arrays,
regular expressions and the formatting functions from :mod:`.arrays`,
:mod:`.regex` and :mod:`.formatting`.  :func:`_merge` is the one place where
the modules are combined.

Argument kinds are ``pydsql.types.KINDS`` names, PostgreSQL's polymorphic
pseudo-types (``anyarray``, ``anycompatible``...), or an array type written
``"text[]"`` (:func:`pydsql.types.kind_type` reads them).  The value modules
write a specific array argument as the bare kind ``"array"``: it is
``text[]`` for the json rows and ``int4[]`` for ``array_fill``; the merge
rewrites it.

The tables are module attributes built by :func:`_tables` the first time one
is read (PEP 562 ``__getattr__``), not at import: building them imports the
json, regular expression and formatting modules and creates a few thousand
rows, which every ``import pydsql`` paid for before any statement needed them.

Array values need their element type for I/O and comparisons, so arrays
are not in :data:`TYPE_IO`: :func:`input_function`/:func:`output_function`
and :func:`specialize` take full :class:`~pydsql.types.SqlType`s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from ..types import SqlType
from . import arrays as A
from . import bits as BITS
from . import money as M
from . import ranges as R
from . import network as NET
from . import oids as O
from .casts import CASTS, TYPE_IOS, io_casts
from .datetimes import DATETIME_CASTS, DATETIME_IO, DATETIME_OPERATORS
from .operators import FUNCTIONS, OPERATORS
from .records import RECORD_CASTS, RECORD_IO
from .registry import ASSIGNMENT, EXPLICIT, IMPLICIT, Cast, Function, Operator, TypeIO

if TYPE_CHECKING:
    from .json import JsonAggregate


def _retag_operator(o: Operator, array_kind: str) -> Operator:
    if o.left == "array" or o.right == "array":
        return o._replace(
            left=array_kind if o.left == "array" else o.left, right=array_kind if o.right == "array" else o.right
        )
    return o


def _retag(f: Function, array_kind: str) -> Function:
    if "array" in f.args:
        return f._replace(args=tuple(array_kind if k == "array" else k for k in f.args))
    return f


_COMPATIBLE_RESULT: Final = {"anyarray": "anycompatiblearray", "anyelement": "anycompatible"}


def _compatible_result(args: Sequence[str | None], result: SqlType) -> SqlType:
    """The array module writes the result of its ``anycompatible`` rows as ``anyarray``/
    ``anyelement``; PostgreSQL declares them ``anycompatiblearray``/``anycompatible``."""
    if result.kind in _COMPATIBLE_RESULT and any(k is not None and k.startswith("anycompatible") for k in args):
        return SqlType(_COMPATIBLE_RESULT[result.kind])
    return result


# -- the name type (what current_user and friends return): a string of at most 63 bytes ------------

NAMEDATALEN: Final = 64


def name_in(text: str) -> str:
    """``namein``: truncated to 63 bytes, at a character boundary."""
    data = text.encode()
    if len(data) < NAMEDATALEN:
        return text
    return data[: NAMEDATALEN - 1].decode(errors="ignore")


def _name_rows() -> tuple[TypeIO, list[Cast], list[Operator]]:
    io = TypeIO("name", name_in, lambda v: v)
    casts = [
        Cast("name", "text", IMPLICIT, None),
        Cast("text", "name", IMPLICIT, name_in),
        Cast("varchar", "name", IMPLICIT, name_in),
        Cast("bpchar", "name", IMPLICIT, lambda v: name_in(v.rstrip(" "))),
        Cast("name", "varchar", ASSIGNMENT, None),
        Cast("name", "bpchar", ASSIGNMENT, None),
    ]
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": _utf8_lt, "<=": lambda a, b: not _utf8_lt(b, a),
        ">": lambda a, b: _utf8_lt(b, a), ">=": lambda a, b: not _utf8_lt(a, b),
    }
    ops = [
        Operator(op, left, right, SqlType("bool"), fn)
        for op, fn in comparisons.items()
        for left, right in (("name", "name"), ("name", "text"), ("text", "name"))
    ]
    return io, casts, ops


def _utf8_lt(a: str, b: str) -> bool:
    """The C collation: byte order of the UTF-8 encodings."""
    return a.encode() < b.encode() if not (a.isascii() and b.isascii()) else a < b


def _to_name(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda v: name_in(fmt(v))


def _merge() -> tuple[dict[str, TypeIO], dict[tuple[str, str], Cast], dict[str, list[Operator]]]:
    from . import json as J
    from .jsonpath import JSONPATH_IO, JSONPATH_OPERATORS
    from .regex import REGEX_OPERATORS

    name_io, name_casts, name_operators = _name_rows()
    ios: list[TypeIO] = (
        list(TYPE_IOS) + list(DATETIME_IO) + list(J.JSON_IO) + [name_io] + list(O.TYPE_IOS) + list(RECORD_IO)
        + list(JSONPATH_IO) + list(M.TYPE_IOS) + list(NET.TYPE_IOS) + list(BITS.TYPE_IOS) + list(R.TYPE_IOS)
    )
    type_io = {io.kind: io for io in ios}
    casts: dict[tuple[str, str], Cast] = {}
    for c in (
        list(CASTS) + list(DATETIME_CASTS) + list(J.JSON_CASTS) + name_casts + list(O.CASTS) + RECORD_CASTS
        + list(M.CASTS) + list(NET.CASTS) + list(BITS.CASTS) + list(R.CASTS)
    ):
        casts.setdefault((c.source, c.target), c)
    # I/O conversion casts for kinds the modules did not cover themselves.
    for c in io_casts(ios, casts.keys()):
        casts.setdefault((c.source, c.target), c)
    for io in ios:  # ... and to and from name, a string type too
        if io.kind not in ("name", "text", "varchar", "bpchar"):
            fmt, parse = io.format, io.parse
            casts.setdefault((io.kind, "name"), Cast(io.kind, "name", ASSIGNMENT, _to_name(fmt)))
            casts.setdefault(("name", io.kind), Cast("name", io.kind, EXPLICIT, parse))
    for kind in type_io:
        casts.setdefault((kind, kind), Cast(kind, kind, IMPLICIT, None))
    operators: dict[str, list[Operator]] = {}
    rows = (
        list(OPERATORS) + list(DATETIME_OPERATORS) + [_retag_operator(o, "text[]") for o in J.JSON_OPERATORS]
        + [o._replace(result=_compatible_result((o.left, o.right), o.result)) for o in A.ARRAY_OPERATORS]
        + list(REGEX_OPERATORS) + name_operators + list(O.OPERATORS) + list(JSONPATH_OPERATORS)
        + list(M.OPERATORS) + list(NET.OPERATORS) + list(BITS.OPERATORS) + list(R.OPERATORS)
    )
    for o in rows:
        operators.setdefault(o.name, []).append(o)
    return type_io, casts, operators


def find_cast(source_kind: str, target_kind: str) -> Cast | None:
    """The cast from ``source_kind`` to ``target_kind`` (``pg_cast`` row, I/O
    conversion or same-kind no-op), or ``None`` if PostgreSQL has none."""
    return _tables().casts_by_pair.get((source_kind, target_kind))


def parse_text(kind: str, text: str) -> Any:
    """Read ``text`` with ``kind``'s input function (no typmod applied)."""
    return _tables().type_io[kind].parse(text)


def format_text(kind: str, value: Any) -> str:
    """Write a non-NULL value with ``kind``'s output function."""
    return _tables().type_io[kind].format(value)


def cast_to_text(kind: str, value: Any) -> str:
    """``value::text`` for a non-NULL value of ``kind``: the ``pg_cast`` function
    when there is one (``bool`` -> ``true``, ``bpchar`` loses its padding), else
    the output function.  This is what ``anynonarray || text`` applies."""
    c = _tables().casts_by_pair[(kind, "text")]
    return value if c.fn is None else c.fn(value)  # type: ignore[no-any-return]


def specialize_operator(op: Operator, left_kind: str | None, right_kind: str) -> Callable[..., Any]:
    """``op.fn`` for operands of the given kinds.  For the polymorphic
    ``anynonarray || text`` rows the operand is cast to text exactly as
    PostgreSQL's ``anytextcat`` does (``find_cast(kind, "text")``: ``true``
    for a bool, a float4 with float4 digits, a bpchar without its padding);
    every other operator's ``fn`` is returned unchanged."""
    if op.left == "anynonarray" and left_kind is not None:
        conv = _to_text(left_kind)
        return lambda a, b: conv(a) + b
    if op.right == "anynonarray":
        conv = _to_text(right_kind)
        return lambda a, b: a + conv(b)
    return op.fn


def _to_text(kind: str) -> Callable[[Any], str]:
    c = _tables().casts_by_pair.get((kind, "text"))
    if c is None:
        raise KeyError(f"no cast from {kind} to text")
    fn = c.fn
    if fn is None:
        return lambda v: v
    return fn


def _functions() -> dict[str, list[Function]]:
    from . import json as J
    from .formatting import FORMATTING_FUNCTIONS
    from .jsonpath import JSONPATH_FUNCTIONS
    from .regex import REGEX_FUNCTIONS

    out: dict[str, list[Function]] = {}
    for f in (
        list(FUNCTIONS) + [_retag(f, "text[]") for f in J.JSON_FUNCTIONS] + [
            _retag(f, "int4[]")._replace(result=_compatible_result(f.args, f.result))
            for f in A.ARRAY_FUNCTIONS
        ]
        + list(REGEX_FUNCTIONS) + list(FORMATTING_FUNCTIONS) + list(JSONPATH_FUNCTIONS)
        + list(M.FUNCTIONS) + list(NET.FUNCTIONS) + list(BITS.FUNCTIONS) + list(R.FUNCTIONS)
    ):
        out.setdefault(f.name, []).append(f)
    return out


# -- set-returning functions ----------------------------------------------------------------


class SetFunction(NamedTuple):
    """A set-returning ``pg_proc`` row: ``fn(*args)`` yields one value per row
    when there is one output column, one tuple per row (an element per
    column) otherwise; ``columns`` are PostgreSQL's output column names and
    types (``None`` name: the column is named after the function, or its
    alias, as for a function returning a scalar type).  The type may be
    polymorphic (``anyelement`` for ``unnest``)."""

    name: str
    args: tuple[str, ...]
    columns: tuple[tuple[str | None, SqlType], ...]
    fn: Callable[..., Iterator[Any]]
    strict: bool = True


def _first_column(fn: Callable[..., Iterable[tuple[Any, ...]]]) -> Callable[..., Iterator[Any]]:
    def values(*args: Any) -> Iterator[Any]:
        for row in fn(*args):
            yield row[0]

    return values


def _set_functions() -> dict[str, list[SetFunction]]:
    from . import json as J
    from .jsonpath import JSONPATH_SRFS
    from .regex import REGEX_SET_FUNCTIONS

    out: dict[str, list[SetFunction]] = {}
    for s in list(J.JSON_SRFS) + list(JSONPATH_SRFS):
        # jsonb_array_elements(OUT value) keeps its OUT name; json_object_keys returns a scalar type
        columns = tuple((None if n == s.name else n, t) for n, t in s.columns)
        fn = _first_column(s.fn) if len(columns) == 1 else s.fn
        out.setdefault(s.name, []).append(SetFunction(s.name, s.args, columns, fn, s.strict))
    for f in list(A.ARRAY_SET_FUNCTIONS) + list(REGEX_SET_FUNCTIONS) + list(R.SET_FUNCTIONS):
        out.setdefault(f.name, []).append(SetFunction(f.name, f.args, ((None, f.result),), f.fn, f.strict))
    return out


# -- the tables, built on first use --------------------------------------------------------------


class _Tables(NamedTuple):
    type_io: dict[str, TypeIO]
    casts_by_pair: dict[tuple[str, str], Cast]
    operators_by_name: dict[str, list[Operator]]
    functions_by_name: dict[str, list[Function]]
    set_functions_by_name: dict[str, list[SetFunction]]
    json_aggregates: Sequence[JsonAggregate]


_built: _Tables | None = None
_build_lock = threading.Lock()


def _tables() -> _Tables:
    """The lookup tables, built by the first caller (under a lock, so that every
    caller sees the same dictionaries)."""
    global _built
    tables = _built
    if tables is None:
        with _build_lock:
            if _built is None:
                from .json import JSON_AGGREGATES

                type_io, casts, operators = _merge()
                _built = _Tables(type_io, casts, operators, _functions(), _set_functions(), JSON_AGGREGATES)
            tables = _built
    return tables


# The public names of the tables (read as ``catalog.TYPE_IO``...): declared here for type
# checkers, set by __getattr__ below on first read.
TYPE_IO: dict[str, TypeIO]
CASTS_BY_PAIR: dict[tuple[str, str], Cast]
OPERATORS_BY_NAME: dict[str, list[Operator]]
FUNCTIONS_BY_NAME: dict[str, list[Function]]
SET_FUNCTIONS_BY_NAME: dict[str, list[SetFunction]]
#: The json aggregates (``make(arg_types)``; ``step`` sees NULL arguments).
JSON_AGGREGATES: Sequence[JsonAggregate]

_TABLE_FIELDS: Final = {
    "TYPE_IO": "type_io", "CASTS_BY_PAIR": "casts_by_pair", "OPERATORS_BY_NAME": "operators_by_name",
    "FUNCTIONS_BY_NAME": "functions_by_name", "SET_FUNCTIONS_BY_NAME": "set_functions_by_name",
    "JSON_AGGREGATES": "json_aggregates",
}


def __getattr__(name: str) -> Any:
    """A table read for the first time (PEP 562): build the tables, then keep it as a module
    global so that later reads are plain attribute lookups."""
    field = _TABLE_FIELDS.get(name)
    if field is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_tables(), field)
    globals()[name] = value
    return value


# -- functions of full types (arrays need their element type) -----------------------------------


def output_function(t: SqlType) -> Callable[[Any], str]:
    """``t``'s output function (typoutput) for non-NULL values, arrays included."""
    if t.kind == "array":
        assert t.elem is not None
        elem = t.elem.kind
        fmt = output_function(t.elem)
        return lambda v: A.array_out(elem, v, fmt)
    return _tables().type_io[t.kind].format


def input_function(t: SqlType) -> Callable[[str], Any]:
    """``t``'s input function (typinput, modifiers not applied), arrays included."""
    if t.kind == "array":
        assert t.elem is not None
        elem = t.elem.kind
        parse = input_function(t.elem)
        return lambda text: A.array_in(elem, text, parse)
    return _tables().type_io[t.kind].parse


def text_function(t: SqlType) -> Callable[[Any], str]:
    """``value::text`` for non-NULL values of ``t`` (the cast to text: ``true``
    for a bool, a bpchar without its padding; arrays through ``array_out``)."""
    if t.kind == "array" or (t.kind, "text") not in _tables().casts_by_pair:
        return output_function(t)
    return _to_text(t.kind)


def specialize(
    fn: Callable[..., Any], kinds: Sequence[str], arg_types: Sequence[SqlType], elem: SqlType | None = None
) -> Callable[..., Any]:
    """The implementation of a resolved call of a value function declared with
    the argument kinds ``kinds``, whose arguments have the (resolved) types
    ``arg_types``; ``elem`` is the element type its polymorphic arguments
    resolved to (``int4`` for ``array_length(int4[], ...)``).

    * json functions with polymorphic arguments get their converters chosen
      once (:func:`pydsql.values.json.specialize`);
    * array functions get the element kind bound (:func:`pydsql.values.arrays.bind_elem`);
    * the ``"any"`` arguments of the string functions (``concat``, ``format``...)
      are passed as their output text (NULL stays ``None``);
    * ``quote_literal(anyelement)``/``quote_nullable(anyelement)`` receive
      ``value::text``.
    """
    from . import json as J
    from .formatting import quote_literal, quote_nullable

    spec = J.specialize(Function("", (), SqlType("text"), fn), arg_types)
    if spec is not fn:
        return spec
    if "any" in kinds:
        outs = [
            output_function(t) if k == "any" and t.kind not in ("text", "unknown") else None
            for k, t in zip(kinds, arg_types)
        ]
        if any(o is not None for o in outs):
            def text_args(*args: Any) -> Any:
                return fn(*[v if o is None or v is None else o(v) for o, v in zip(outs, args)])

            return text_args
        return fn
    if (fn is quote_literal or fn is quote_nullable) and arg_types and kinds and kinds[0] == "anyelement":
        text = text_function(arg_types[0])
        return lambda v: fn(None if v is None else text(v))
    if elem is not None:
        return A.bind_elem(fn, elem.kind)
    return fn


__all__ = [
    "TYPE_IO", "CASTS_BY_PAIR", "OPERATORS_BY_NAME", "FUNCTIONS_BY_NAME", "SET_FUNCTIONS_BY_NAME",
    "JSON_AGGREGATES", "FUNCTIONS", "Function", "SetFunction",
    "find_cast", "parse_text", "format_text", "cast_to_text", "specialize_operator",
    "output_function", "input_function", "text_function", "specialize",
]

"""The shapes of the value tables: casts, operators, functions, input/output functions.

Modules of this package export lists of these records; :mod:`.catalog`
gathers them into lookup tables.  The shapes mirror PostgreSQL's system
catalogs so that the resolution rules (``func_select_candidate``,
``find_coercion_pathway``) can be applied to them unchanged.

The rows are ``NamedTuple``s (copy one with ``_replace``): ``import pydsql``
creates several hundred of them, and on Python 3.11 both defining and
instantiating a frozen dataclass are several times slower.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from ..types import SqlType

#: pg_cast.castcontext
IMPLICIT = "i"
ASSIGNMENT = "a"
EXPLICIT = "e"


class Cast(NamedTuple):
    """A row of ``pg_cast``: how to turn a ``source`` value into a ``target`` one.

    ``fn`` converts a non-NULL value of kind ``source`` to kind ``target``
    *without* applying the target's modifiers (length, precision): that is
    :func:`pydsql.values.casts.apply_typmod`'s job.  ``fn=None`` means the two
    kinds share a representation (binary coercible, e.g. varchar -> text).
    ``context`` is when the cast may be applied without being written:
    IMPLICIT (in expressions), ASSIGNMENT (storing into a column) or EXPLICIT
    (only with ``CAST``/``::``).

    ``to_target``, when given, replaces ``fn`` and the modifiers both: the cast
    function of a target whose modifiers decide the conversion itself, as
    PostgreSQL's ``bitfromint4`` takes the length of ``bit(n)`` (``5::bit(4)``
    is ``0101``: the integer's low bits, not ``fn``'s one bit padded).
    """

    source: str
    target: str
    context: str
    fn: Callable[[Any], Any] | None
    to_target: Callable[[Any, SqlType], Any] | None = None


class Operator(NamedTuple):
    """A row of ``pg_operator``.

    ``left`` is ``None`` for a prefix operator (unary minus).  ``fn`` takes
    the non-NULL operand values (one or two) and returns the result, raising
    pydsql errors (22003 overflow, 22012 division by zero...) as PostgreSQL
    does.  ``result`` is the result type without modifiers.
    """

    name: str
    left: str | None
    right: str
    result: SqlType
    fn: Callable[..., Any]


class TypeIO(NamedTuple):
    """A type's input and output functions (``typinput``/``typoutput``).

    ``parse(text)`` reads PostgreSQL's text form (raising 22P02, 22007,
    22008... with PostgreSQL's messages); ``format(value)`` writes the text
    form PostgreSQL prints (DateStyle ISO, IntervalStyle postgres,
    bytea_output hex, TimeZone UTC, extra_float_digits 1).
    """

    kind: str
    parse: Callable[[str], Any]
    format: Callable[[Any], str]


class Function(NamedTuple):
    """A row of ``pg_proc``: ``name(args...) -> result``.

    ``fn`` takes the non-NULL argument values (unless ``strict`` is false:
    ``concat``/``concat_ws`` receive ``None`` for NULL arguments and, for
    their ``"any"`` arguments, each value's output-function text).
    ``variadic`` marks a last argument repeated any number of times.
    """

    name: str
    args: tuple[str, ...]
    result: SqlType
    fn: Callable[..., Any]
    strict: bool = True
    variadic: bool = False

"""PostgreSQL 16's ``json`` and ``jsonb``: input/output, operators, functions,
set-returning functions, aggregates and casts.

Representation
--------------
* ``json`` is the validated input text, a ``str``, kept verbatim (whitespace,
  key order and duplicate keys included), exactly as PostgreSQL stores it.
  Operators and functions on ``json`` re-parse the text, as PostgreSQL does.
* ``jsonb`` is a :class:`Jsonb`: a small immutable wrapper around the parsed,
  normalised value (the *tree*, attribute :attr:`Jsonb.value`):

  ============  =========================================================
  JSON          tree value
  ============  =========================================================
  object        ``dict[str, tree]``, unique keys (the last duplicate wins),
                in PostgreSQL's jsonb key order: shorter keys (in UTF-8
                bytes) first, then bytewise
  array         ``list[tree]``
  string        ``str``
  number        ``decimal.Decimal`` with the numeric invariants of
                :mod:`.numbers` (``'1.50'`` keeps its scale; never NaN or
                infinite)
  true/false    ``bool``
  null          ``None``
  ============  =========================================================

  Because the tree sits inside a :class:`Jsonb`, a JSON ``null`` document is
  ``Jsonb(None)`` (:data:`JSON_NULL`) while SQL NULL stays Python ``None``.
  Trees are never mutated: every function builds new containers (and may
  share unchanged sub-trees).  :class:`Jsonb` values are hashable and totally
  ordered by PostgreSQL's jsonb btree order (:func:`jsonb_cmp`), so Python's
  ``==``/``<``/``hash`` give GROUP BY, DISTINCT and ORDER BY their SQL
  semantics without a key function.

* ``to_python(kind, value)`` gives what psycopg 3 returns for the column: the
  output text read with :func:`json.loads` (numbers become ``int``/``float``,
  a JSON ``null`` document becomes ``None``).  ``from_python(obj)`` is what a
  ``psycopg.types.json.Jsonb(obj)`` parameter becomes (``json.dumps`` then
  ``jsonb_in``).

Calling conventions for the SQL layer
-------------------------------------
* **Polymorphic arguments** (``"any"``, ``"anyelement"``, ``"anyarray"`` in a
  :class:`~.operators.Function` row of :data:`JSON_FUNCTIONS`: ``to_json``,
  ``to_jsonb``, ``array_to_json``, ``json[b]_build_object``,
  ``json[b]_build_array``): the conversion depends on the argument's SQL type
  (``json`` and ``text`` are both ``str``; ``float4`` prints differently from
  ``float8``; an array needs its element type), so

  - ``row.fn`` receives each polymorphic argument as a ``(type, value)``
    pair, ``type`` a :class:`~pydsql.types.SqlType` (or a kind name) and
    ``value`` the Python value, ``None`` for SQL NULL (the ``build``
    functions are not strict and see NULLs; ``to_json``/``to_jsonb``/
    ``array_to_json`` are strict).  Non-polymorphic arguments are plain.
  - :func:`specialize(row, arg_types) <specialize>` returns an equivalent
    function of the *plain* argument values with the converters chosen once
    (what a compiler should call per row).  For rows without polymorphic
    arguments it returns ``row.fn``.
  - String literals of type ``unknown`` are taken as ``text``.  For arrays pass
    the array :class:`~pydsql.types.SqlType` (with ``elem``); a bare
    ``"array"`` kind makes the elements' types guessed from their Python
    values.  A value passed without a pair is typed by its Python class
    (``str`` -> ``text``).

* **text[] operands** (``#>``, ``#>>``, ``#-``, ``-``, ``?|``, ``?&``,
  ``jsonb_set``... kind ``"array"``) are Python lists of ``str``/``None``.
  A multi-dimensional array is a list of row lists (any ``list`` subclass,
  e.g. :class:`pydsql.values.arrays.SubArray`): ``#>``, ``#>>``, ``?|`` and
  ``?&`` flatten it as PostgreSQL's ``deconstruct_array`` does, ``#-``,
  ``- text[]``, ``jsonb_set`` and ``jsonb_insert`` reject it (2202E ``wrong
  number of array subscripts``), ``json[b]_object`` reads its dimensions.

* **Variadic text paths**: ``json[b]_extract_path(_text)`` rows are declared
  ``(json, text)`` with ``variadic=True``: ``fn(doc, *path)``.

* **Set-returning functions** (:data:`JSON_SRFS`, :class:`SetReturningFunction`):
  ``fn(*args)`` is a generator of row *tuples* (one element per output
  column, even for one-column functions); ``columns`` gives PostgreSQL's
  output column names and types.  All are strict.

* **Aggregates** (:data:`JSON_AGGREGATES`, :class:`JsonAggregate`):
  ``make(arg_types)`` builds a fresh accumulator for one group, given the
  argument types of the call site; ``step(*values)`` must be called for
  *every* row, NULL arguments included (``None``), because ``json_agg``
  keeps NULLs and ``json_object_agg`` rejects NULL keys; ``result()`` is SQL
  NULL (``None``) when no row was seen.

Errors are PostgreSQL's (SQLSTATE, message, DETAIL and HINT), e.g. 22P02
``invalid input syntax for type json`` with DETAIL ``Token "x" is
invalid.``; 22P05 ``unsupported Unicode escape sequence`` for ``\\u0000`` in
``jsonb`` (and in ``json`` operations that de-escape strings).

Deliberate differences from PostgreSQL
--------------------------------------
* Nesting: ``jsonb`` input and the ``json`` documents that operations parse
  are limited to :data:`MAX_DEPTH` levels (PostgreSQL's limit comes from its
  stack size, about 10000 levels); deeper input raises 54001 ``stack depth
  limit exceeded`` with PostgreSQL's HINT.  ``json_in`` validates any depth.
  Values built deeper than that (nested ``jsonb_set``, ``||``, build calls)
  work until Python's recursion limit, then raise the same 54001.
* ``jsonb_cmp`` returns what PostgreSQL returns in the "C" collation (Aurora
  DSQL's): for two strings the ``memcmp`` byte difference.  A server whose
  database collation is ``C.UTF-8`` (``strcoll``) gives other magnitudes
  with the same sign.
* Error CONTEXT lines (``JSON data, line 1: ...``) are not produced.
* PostgreSQL's size limits of jsonb (255 MB documents, 2^28 elements) are not
  checked.
* ``jsonb_delete(jsonb, VARIADIC text[])`` (the function form of
  ``jsonb - text[]``) is not listed: its expanded form clashes with
  ``jsonb_delete(jsonb, text)`` in overload resolution.
* ``json[b]_populate_record*`` and the text-search functions are not
  implemented.  Subscripting (``j['a']``) is the analyzer's; ``json[b]_to_record*``
  are here (their rows: :func:`record_reader`); jsonpath (``@?``, ``@@``,
  ``jsonb_path_*``) lives in :mod:`.jsonpath`.
"""

from __future__ import annotations

import functools
import json as _pyjson
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from json.encoder import encode_basestring as _escape
from typing import Any, Final, NoReturn, TypeAlias

from ..errors import (
    ArraySubscriptError,
    DuplicateJsonObjectKeyValue,
    Error,
    InvalidParameterValue,
    InvalidTextRepresentation,
    NullValueNotAllowed,
    StatementTooComplex,
    UntranslatableCharacter,
)
from ..types import BOOL, INT4, JSON, JSONB, RECORD, TEXT, SqlType
from . import numbers as N
from .datetimes import session_wall_time
from .registry import ASSIGNMENT, EXPLICIT, Cast, Function, Operator, TypeIO

#: A jsonb tree node (see the module docstring).
JsonValue: TypeAlias = "None | bool | Decimal | str | list[Any] | dict[str, Any]"
#: A SQL type as the conversion functions accept it.
TypeLike: TypeAlias = "SqlType | str"

#: Deepest nesting pydsql builds (see "Deliberate differences").
MAX_DEPTH: Final = 400

_INT_MIN: Final = -(1 << 31)
_INT_MAX: Final = (1 << 31) - 1


# ---------------------------------------------------------------------------
# The jsonb value
# ---------------------------------------------------------------------------


class Jsonb:
    """An immutable jsonb document: the normalised tree in :attr:`value`.

    Equality, ordering and hashing follow PostgreSQL's jsonb btree operator
    class (:func:`jsonb_cmp`): ``Jsonb(Decimal('1.0')) == Jsonb(Decimal('1'))``.
    """

    __slots__ = ("value", "_hash")

    value: JsonValue
    _hash: int | None

    def __init__(self, value: JsonValue) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "_hash", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Jsonb values are immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Jsonb, (self.value,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Jsonb):
            return NotImplemented
        return self is other or _compare(self.value, other.value) == 0

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Jsonb):
            return NotImplemented
        return _compare(self.value, other.value) != 0

    def __lt__(self, other: Jsonb) -> bool:
        return _compare(self.value, other.value) < 0

    def __le__(self, other: Jsonb) -> bool:
        return _compare(self.value, other.value) <= 0

    def __gt__(self, other: Jsonb) -> bool:
        return _compare(self.value, other.value) > 0

    def __ge__(self, other: Jsonb) -> bool:
        return _compare(self.value, other.value) >= 0

    def __hash__(self) -> int:
        h: int | None = self._hash
        if h is None:
            try:
                h = _hash_tree(self.value)
            except RecursionError:
                _too_deep()
            object.__setattr__(self, "_hash", h)
        return h

    def __repr__(self) -> str:
        return f"Jsonb({jsonb_out(self)!r})"

    def __str__(self) -> str:
        return jsonb_out(self)


#: The jsonb document ``null`` (SQL NULL is ``None``).
JSON_NULL: Final = Jsonb(None)

_TYPE_RANK: Final[dict[type, int]] = {type(None): 0, str: 1, Decimal: 2, bool: 3, list: 4, dict: 5}


def _cmp(a: Any, b: Any, exact: bool = False) -> int:
    """compareJsonbContainers below the root: type order null < string <
    number < boolean < array < object; arrays and objects by size first, then
    element by element (objects: key, value, in storage order).  Only the sign
    matters, except with ``exact`` (:func:`jsonb_cmp`'s value, see there)."""
    ta = type(a)
    tb = type(b)
    if ta is not tb:
        return -1 if _TYPE_RANK[ta] < _TYPE_RANK[tb] else 1
    if ta is list:
        if len(a) != len(b):
            return 1 if len(a) > len(b) else -1
        for x, y in zip(a, b):
            c = _cmp(x, y, exact)
            if c:
                return c
        return 0
    if ta is dict:
        if len(a) != len(b):
            return 1 if len(a) > len(b) else -1
        for (ka, va), (kb, vb) in zip(a.items(), b.items()):
            if ka != kb:
                return _memcmp(ka, kb) if exact else (1 if ka > kb else -1)
            c = _cmp(va, vb, exact)
            if c:
                return c
        return 0
    if a is None:
        return 0
    if exact and ta is str and a != b:
        return _memcmp(a, b)
    return 1 if a > b else (-1 if a < b else 0)


def _memcmp(a: str, b: str) -> int:
    """varstr_cmp in the "C" collation: ``memcmp`` of the UTF-8 bytes (glibc
    returns the difference of the first differing bytes), then the lengths."""
    ba, bb = a.encode(), b.encode()
    for x, y in zip(ba, bb):
        if x != y:
            return x - y
    return 0 if len(ba) == len(bb) else (-1 if len(ba) < len(bb) else 1)


def _cmp_root(a: Any, b: Any, exact: bool = False) -> int:
    """compareJsonbContainers at the root, where a scalar is a one-element
    "raw scalar" array: a scalar sorts below any non-empty array but *above*
    the empty array (PostgreSQL compares the element counts last)."""
    sa = type(a) is not list and type(a) is not dict
    sb = type(b) is not list and type(b) is not dict
    if sa and type(b) is list and not sb:
        return 1 if len(b) == 0 else -1
    if sb and type(a) is list:
        return -1 if len(a) == 0 else 1
    return _cmp(a, b, exact)


def _compare(a: Any, b: Any, exact: bool = False) -> int:
    """:func:`_cmp_root`, with 54001 for values too deep for Python's stack."""
    try:
        return _cmp_root(a, b, exact)
    except RecursionError:
        _too_deep()


def _hash_tree(v: Any) -> int:
    # (loops rather than generator expressions: one stack frame per level)
    t = type(v)
    if t is dict:
        items: list[Any] = ["o"]
        for k, x in v.items():
            items.append(k)
            items.append(_hash_tree(x))
        return hash(tuple(items))
    if t is list:
        elems: list[Any] = ["a"]
        for x in v:
            elems.append(_hash_tree(x))
        return hash(tuple(elems))
    if t is bool:
        return hash(("b", v))
    return hash(v)  # str, Decimal (equal numerics hash alike), None


def jsonb_cmp(a: Jsonb, b: Jsonb) -> int:
    """``jsonb_cmp``: negative, 0 or positive in the jsonb btree order.  Like
    PostgreSQL's, the value is -1/1 except for two different strings, where it
    is ``varstr_cmp``'s: in the "C" collation the difference of the first
    differing UTF-8 bytes (``'"a"'`` vs ``'"c"'``: -2), -1/1 for a prefix."""
    return _compare(a.value, b.value, True)


def jsonb_eq(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) == 0


def jsonb_ne(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) != 0


def jsonb_lt(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) < 0


def jsonb_le(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) <= 0


def jsonb_gt(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) > 0


def jsonb_ge(a: Jsonb, b: Jsonb) -> bool:
    return _compare(a.value, b.value) >= 0


def jsonb_sort_key(j: Jsonb) -> Jsonb:
    """A sort key for jsonb values (the value itself: :class:`Jsonb` orders as SQL)."""
    return j


def _key_order(k: str) -> tuple[int, str]:
    # jsonb orders object keys by UTF-8 length, then bytewise (= code point order)
    return (len(k) if k.isascii() else len(k.encode()), k)


def _make_object(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """A jsonb object from key/value pairs: the last duplicate wins, keys in jsonb order."""
    d = dict(pairs)
    if len(d) > 1:
        keys = list(d)
        if "".join(keys).isascii():  # two stable C sorts: by text, then by length
            ordered = sorted(keys)
            ordered.sort(key=len)
        else:
            ordered = sorted(keys, key=_key_order)
        if ordered != keys:
            return {k: d[k] for k in ordered}
    return d


def _is_scalar(v: Any) -> bool:
    return type(v) is not list and type(v) is not dict


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def _syntax(detail: str) -> InvalidTextRepresentation:
    return InvalidTextRepresentation("invalid input syntax for type json", detail=detail)


def _too_deep() -> NoReturn:
    raise StatementTooComplex(
        "stack depth limit exceeded",
        hint='Increase the configuration parameter "max_stack_depth" (currently 2048kB), '
        "after ensuring the platform's stack depth limit is adequate.",
    )


# ---------------------------------------------------------------------------
# The JSON lexer and parser (PostgreSQL's src/common/jsonapi.c)
# ---------------------------------------------------------------------------

_WS_RE: Final = re.compile(r"[ \t\n\r]*")
_PLAIN_RE: Final = re.compile(r'[^"\\\x00-\x1f]*')
_WORD_RE: Final = re.compile("[A-Za-z0-9_\x80-\U0010ffff]*")
_NUMBER_RE: Final = re.compile(r"-?(0|[1-9][0-9]*)?(\.[0-9]*)?([eE][+-]?[0-9]*)?")
_VALID_NUMBER_RE: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_HEX: Final = {c: int(c, 16) for c in "0123456789abcdefABCDEF"}
_ESCAPES: Final = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_PUNCT: Final = frozenset("{}[],:")

# token types: the punctuation characters themselves, and
_STRING, _NUMBER, _TRUE, _FALSE, _NULL, _END = "S", "N", "t", "f", "z", ""
_SCALARS: Final = frozenset({_STRING, _NUMBER, _TRUE, _FALSE, _NULL})

# parse contexts, for the error details (report_parse_error)
_EXPECTED: Final = {
    "value": 'Expected JSON value, but found "{}".',
    "string": 'Expected string, but found "{}".',
    "array_next": 'Expected "," or "]", but found "{}".',
    "object_start": 'Expected string or "}}", but found "{}".',
    "object_label": 'Expected ":", but found "{}".',
    "object_next": 'Expected "," or "}}", but found "{}".',
    "end": 'Expected end of input, but found "{}".',
}


class _Lexer:
    """json_lex: one token at a time; ``need_escapes`` de-escapes strings (and
    then rejects ``\\u0000`` and unpaired surrogates, as PostgreSQL does only
    when it needs the string's value)."""

    __slots__ = ("text", "n", "need", "start", "end", "type", "strval")

    def __init__(self, text: str, need_escapes: bool) -> None:
        self.text = text
        self.n = len(text)
        self.need = need_escapes
        self.start = 0  # token_start (-1 at the end of input)
        self.end = 0  # token_terminator
        self.type = _END
        self.strval: str | None = None

    def error(self, ctx: str) -> NoReturn:
        """report_parse_error: the current token was not what ``ctx`` expects."""
        if self.type == _END:
            raise _syntax("The input string ended unexpectedly.")
        raise _syntax(_EXPECTED[ctx].format(self.text[self.start:self.end]))

    def _invalid_token(self, start: int, end: int) -> NoReturn:
        raise _syntax(f'Token "{self.text[start:end]}" is invalid.')

    def lex(self) -> None:
        text = self.text
        pos = _WS_RE.match(text, self.end).end()  # type: ignore[union-attr]
        if pos >= self.n:
            self.start = -1
            self.end = pos
            self.type = _END
            return
        self.start = pos
        c = text[pos]
        if c in _PUNCT:
            self.end = pos + 1
            self.type = c
        elif c == '"':
            self._string(pos)
            self.type = _STRING
        elif c == "-" or "0" <= c <= "9":
            m = _NUMBER_RE.match(text, pos)
            assert m is not None
            e = m.end()
            bad = m.group(1) is None or m.group(2) == "." or (m.group(3) is not None and not m.group(3)[-1].isdigit())
            w = _WORD_RE.match(text, e).end()  # type: ignore[union-attr]
            if bad or w > e:
                self._invalid_token(pos, w)
            self.end = e
            self.type = _NUMBER
        else:
            p = _WORD_RE.match(text, pos).end()  # type: ignore[union-attr]
            if p == pos:
                self._invalid_token(pos, pos + 1)
            self.end = p
            word = text[pos:p]
            if word == "true":
                self.type = _TRUE
            elif word == "false":
                self.type = _FALSE
            elif word == "null":
                self.type = _NULL
            else:
                self._invalid_token(pos, p)

    def _string(self, pos: int) -> None:
        text = self.text
        n = self.n
        need = self.need
        parts: list[str] = []
        hi = -1
        s = pos + 1
        while True:
            if s >= n:
                self._invalid_token(pos, s)
            c = text[s]
            if c == '"':
                break
            if c == "\\":
                s += 1
                if s >= n:
                    self._invalid_token(pos, s)
                c = text[s]
                if c == "u":
                    ch = 0
                    for _ in range(4):
                        s += 1
                        if s >= n:
                            self._invalid_token(pos, s)
                        v = _HEX.get(text[s])
                        if v is None:
                            raise _syntax('"\\u" must be followed by four hexadecimal digits.')
                        ch = ch * 16 + v
                    s += 1
                    if need:
                        if 0xD800 <= ch <= 0xDBFF:
                            if hi != -1:
                                raise _syntax("Unicode high surrogate must not follow a high surrogate.")
                            hi = ch
                            continue
                        if 0xDC00 <= ch <= 0xDFFF:
                            if hi == -1:
                                raise _syntax("Unicode low surrogate must follow a high surrogate.")
                            ch = 0x10000 + ((hi & 0x3FF) << 10) + (ch & 0x3FF)
                            hi = -1
                        if hi != -1:
                            raise _syntax("Unicode low surrogate must follow a high surrogate.")
                        if ch == 0:
                            raise UntranslatableCharacter(
                                "unsupported Unicode escape sequence",
                                detail="\\u0000 cannot be converted to text.",
                            )
                        parts.append(chr(ch))
                    continue
                if need and hi != -1:
                    raise _syntax("Unicode low surrogate must follow a high surrogate.")
                mapped = _ESCAPES.get(c)
                if mapped is None:
                    raise _syntax(f'Escape sequence "\\{c}" is invalid.')
                if need:
                    parts.append(mapped)
                s += 1
            else:
                if hi != -1:
                    raise _syntax("Unicode low surrogate must follow a high surrogate.")
                e = _PLAIN_RE.match(text, s).end()  # type: ignore[union-attr]
                if e < n and text[e] < " ":
                    raise _syntax(f"Character with value 0x{ord(text[e]):02x} must be escaped.")
                if need:
                    parts.append(text[s:e])
                s = e
        if hi != -1:
            raise _syntax("Unicode low surrogate must follow a high surrogate.")
        self.end = s + 1
        self.strval = "".join(parts) if need else None


# span nodes of a parsed json text: (kind, start, end, payload)
#   kind "o": payload tuple of (key, node); "a": tuple of nodes;
#   "S": the de-escaped string (None without need_escapes); "N": the number's text;
#   "t"/"f"/"z" (true/false/null): None (the token type constants)
Node: TypeAlias = "tuple[str, int, int, Any]"

_MODE_VALIDATE, _MODE_SPANS, _MODE_JSONB = 0, 1, 2


def _parse(text: str, need_escapes: bool, mode: int) -> Any:
    """pg_parse_json (iteratively): validate ``text``; in ``_MODE_SPANS`` return
    its span tree, in ``_MODE_JSONB`` its jsonb tree (numbers through
    ``numeric_in`` right after the token, objects normalised)."""
    lx = _Lexer(text, need_escapes)
    lx.lex()
    # frames: [kind, start, children, pending key]
    stack: list[list[Any]] = []
    build = mode != _MODE_VALIDATE
    spans = mode == _MODE_SPANS
    depth_limited = build
    result: Any = None
    while True:
        # -- parse a value at the current token -------------------------------
        tok = lx.type
        if tok == "{" or tok == "[":
            if depth_limited and len(stack) >= MAX_DEPTH:
                _too_deep()
            start = lx.start
            lx.lex()
            if tok == "{":
                stack.append(["o", start, [], None])
                if lx.type == _STRING:
                    stack[-1][3] = _object_key(lx)
                    continue
                if lx.type != "}":
                    lx.error("object_start")
            else:
                stack.append(["a", start, [], None])
                if lx.type != "]":
                    continue
            # empty container: close it below
            end = lx.end
            lx.lex()
            frame = stack.pop()
            value = _close(frame, end, spans) if build else None
        else:
            if tok not in _SCALARS:
                lx.error("value")
            start, end = lx.start, lx.end
            strval = lx.strval
            lx.lex()
            if not build:
                value = None
            elif spans:
                value = (tok, start, end, strval if tok == _STRING else (text[start:end] if tok == _NUMBER else None))
            elif tok == _STRING:
                value = strval
            elif tok == _NUMBER:
                value = N.numeric_in(text[start:end])
            else:
                value = True if tok == _TRUE else (False if tok == _FALSE else None)
        # -- the value is complete: attach it and continue the enclosing container
        while True:
            if not stack:
                if lx.type != _END:
                    lx.error("end")
                return value
            frame = stack[-1]
            if frame[0] == "a":
                if build:
                    frame[2].append(value)
                if lx.type == ",":
                    lx.lex()
                    break
                if lx.type != "]":
                    lx.error("array_next")
            else:
                if build:
                    frame[2].append((frame[3], value))
                if lx.type == ",":
                    lx.lex()
                    if lx.type != _STRING:
                        lx.error("string")
                    frame[3] = _object_key(lx)
                    break
                if lx.type != "}":
                    lx.error("object_next")
            end = lx.end
            lx.lex()
            stack.pop()
            value = _close(frame, end, spans) if build else None
    return result  # pragma: no cover


def _object_key(lx: _Lexer) -> str | None:
    """parse_object_field up to the value: the key, then the colon."""
    key = lx.strval
    lx.lex()
    if lx.type != ":":
        lx.error("object_label")
    lx.lex()
    return key


def _close(frame: list[Any], end: int, spans: bool) -> Any:
    if spans:
        return (frame[0], frame[1], end, tuple(frame[2]))
    if frame[0] == "a":
        return frame[2]
    return _make_object(frame[2])


# ---------------------------------------------------------------------------
# Input and output
# ---------------------------------------------------------------------------


class _Reject(Exception):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise _Reject(name)


def _ignore(text: str) -> None:
    return None


_ZERO: Final = Decimal(0)


def _json_int(text: str) -> Decimal:
    """A JSON integer token (``-?(0|[1-9][0-9]*)``) as numeric."""
    if len(text) <= 1000:
        return _ZERO if text == "-0" else Decimal(text)
    return N.numeric_in(text)


def _json_float(text: str) -> Decimal:
    """A JSON number token with a fraction or an exponent as numeric."""
    if "e" in text or "E" in text or len(text) > 1000:
        return N.numeric_in(text)
    d = Decimal(text)
    return d.copy_abs() if text[0] == "-" and not d else d


_VALIDATOR: Final = _pyjson.JSONDecoder(parse_float=_ignore, parse_int=_ignore, parse_constant=_reject_constant)
_BUILDER: Final = _pyjson.JSONDecoder(
    parse_float=_json_float, parse_int=_json_int, parse_constant=_reject_constant,
    object_pairs_hook=_make_object,
)


def json_in(text: str) -> str:
    """``json_in``: the text itself once validated (22P02 with PostgreSQL's
    DETAIL otherwise).  ``\\u0000`` and unpaired surrogate escapes are valid
    ``json`` (PostgreSQL only rejects them when a string is de-escaped)."""
    try:
        _VALIDATOR.decode(text)
        return text
    except (ValueError, RecursionError, _Reject):
        pass
    _parse(text, False, _MODE_VALIDATE)
    return text


def json_out(value: str) -> str:
    """``json_out``: the stored text."""
    return value


def _has_bad_string(v: Any) -> bool:
    """Does a tree decoded by Python contain ``\\u0000`` or a lone surrogate?"""
    todo = [v]
    while todo:
        x = todo.pop()
        t = type(x)
        if t is str:
            if "\x00" in x or _SURROGATE_RE.search(x) is not None:
                return True
        elif t is list:
            todo.extend(x)
        elif t is dict:
            todo.extend(x)
            todo.extend(x.values())
    return False


_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")


def parse_jsonb_tree(text: str) -> JsonValue:
    """The jsonb tree of a JSON text (``jsonb_in`` without the wrapper)."""
    v: JsonValue
    try:
        v = _BUILDER.decode(text)
    except (ValueError, RecursionError, _Reject, Error):
        v = _parse(text, True, _MODE_JSONB)
    else:
        if "\\u" in text and _has_bad_string(v):
            v = _parse(text, True, _MODE_JSONB)
        elif text.count("[") + text.count("{") > MAX_DEPTH and _depth(v) > MAX_DEPTH:
            _too_deep()
    return v


def _depth(v: Any) -> int:
    """The nesting depth of a tree (iteratively: trees can be deep)."""
    deepest = 0
    todo = [(v, 0)]
    while todo:
        x, d = todo.pop()
        t = type(x)
        if t is list or t is dict:
            d += 1
            if d > deepest:
                deepest = d
            todo.extend((y, d) for y in (x if t is list else x.values()))
    return deepest


def jsonb_in(text: str) -> Jsonb:
    """``jsonb_in``: parse and normalise (see the module docstring); 22P02 for
    bad syntax, 22P05 for ``\\u0000``, 22003 for numbers beyond numeric's
    range."""
    return Jsonb(parse_jsonb_tree(text))


def _out(v: Any, parts: list[str]) -> None:
    t = type(v)
    if t is str:
        parts.append(_escape(v))
    elif t is Decimal:
        parts.append(N.numeric_out(v))
    elif t is bool:
        parts.append("true" if v else "false")
    elif v is None:
        parts.append("null")
    elif t is list:
        if not v:
            parts.append("[]")
            return
        parts.append("[")
        first = True
        for x in v:
            if first:
                first = False
            else:
                parts.append(", ")
            _out(x, parts)
        parts.append("]")
    else:
        if not v:
            parts.append("{}")
            return
        parts.append("{")
        first = True
        for k, x in v.items():
            if first:
                first = False
            else:
                parts.append(", ")
            parts.append(_escape(k))
            parts.append(": ")
            _out(x, parts)
        parts.append("}")


def tree_text(v: JsonValue) -> str:
    """JsonbToCString of a tree node: ``{"a": 1, "b": [1, 2]}``."""
    t = type(v)
    if t is str:
        return _escape(v)  # type: ignore[arg-type]
    if t is Decimal:
        return N.numeric_out(v)  # type: ignore[arg-type]
    parts: list[str] = []
    _out(v, parts)
    return "".join(parts)


def jsonb_out(value: Jsonb) -> str:
    """``jsonb_out``: PostgreSQL's canonical text (``": "`` and ``", "``
    separators, strings escaped as ``escape_json`` does, numbers as numeric)."""
    try:
        return tree_text(value.value)
    except RecursionError:
        _too_deep()


def _scalar_text(v: Any) -> str | None:
    """JsonbValueAsText: a string's own text, SQL NULL for null, else the JSON text."""
    t = type(v)
    if t is str:
        return v  # type: ignore[no-any-return]
    if v is None:
        return None
    if t is bool:
        return "true" if v else "false"
    if t is Decimal:
        return N.numeric_out(v)
    return tree_text(v)


# ---------------------------------------------------------------------------
# psycopg interplay
# ---------------------------------------------------------------------------


def _py(v: Any) -> Any:
    t = type(v)
    if t is Decimal:
        s = N.numeric_out(v)
        return float(s) if "." in s else int(s)
    if t is list:
        out = []
        for x in v:
            out.append(_py(x))
        return out
    if t is dict:
        d = {}
        for k, x in v.items():
            d[k] = _py(x)
        return d
    return v


def to_python(kind: str, value: Any) -> Any:
    """What psycopg 3 returns for a non-NULL ``json``/``jsonb`` value: its text
    through :func:`json.loads` (dicts, lists, str, int, float, bool, None)."""
    if kind == "json":
        return _pyjson.loads(value)
    try:
        return _py(value.value)
    except RecursionError:
        _too_deep()


def from_python(obj: Any) -> Jsonb:
    """The jsonb value of a ``psycopg.types.json.Jsonb(obj)`` parameter
    (psycopg sends ``json.dumps(obj)``)."""
    return jsonb_in(_pyjson.dumps(obj))


# ---------------------------------------------------------------------------
# json text operations (jsonfuncs.c on the text: spans)
# ---------------------------------------------------------------------------


def _spans(text: str, need_escapes: bool = True) -> Node:
    """The span tree of a (validated) json text: :func:`_fast_spans`, or the
    exact parser when a string needs its error (``\\u0000``, surrogates)."""
    node = _fast_spans(text, need_escapes)
    if node is None:
        node = _parse(text, need_escapes, _MODE_SPANS)
    return node


_SPAN_TOKEN_RE: Final = re.compile(r'[ \t\n\r]*(?:([\[{])|([\]}])|([,:])|(")|([^ \t\n\r,:\]}]+))')
_STRING_END_RE: Final = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_scanstring: Final = _pyjson.decoder.scanstring  # type: ignore[attr-defined]


def _fast_spans(text: str, need_escapes: bool) -> Node | None:
    """The span tree of a json text known to be valid (json values are
    validated on input), tokenised with regular expressions and Python's C
    string scanner; ``None`` when the exact parser must run (a de-escaping
    error to report, or nesting beyond :data:`MAX_DEPTH`)."""
    match = _SPAN_TOKEN_RE.match
    stack: list[list[Any]] = []
    root: Node | None = None
    expect_key = False
    pos = 0
    n = len(text)
    while pos < n:
        m = match(text, pos)
        if m is None:
            break
        g = m.lastindex
        start = m.start(g)  # type: ignore[arg-type]
        pos = m.end()
        if g == 1:  # [ {
            if len(stack) >= MAX_DEPTH:
                return None
            kind = "o" if text[start] == "{" else "a"
            stack.append([kind, start, [], None])
            expect_key = kind == "o"
            continue
        if g == 3:  # , :
            expect_key = text[start] == "," and stack[-1][0] == "o"
            continue
        if g == 2:  # ] }
            frame = stack.pop()
            node: Node = (frame[0], frame[1], pos, tuple(frame[2]))
        elif g == 4:  # a string
            if need_escapes:
                value, pos = _scanstring(text, pos, True)
                if "\\" in text[start:pos] and ("\x00" in value or _SURROGATE_RE.search(value) is not None):
                    return None
            else:
                value = None
                pos = _STRING_END_RE.match(text, pos).end()  # type: ignore[union-attr]
            if expect_key:
                stack[-1][3] = value
                expect_key = False
                continue
            node = (_STRING, start, pos, value)
        else:  # a number, true, false or null
            word = m.group(5)
            if word == "true":
                node = (_TRUE, start, pos, None)
            elif word == "false":
                node = (_FALSE, start, pos, None)
            elif word == "null":
                node = (_NULL, start, pos, None)
            else:
                node = (_NUMBER, start, pos, word)
        if stack:
            frame = stack[-1]
            if frame[0] == "o":
                frame[2].append((frame[3], node))
            else:
                frame[2].append(node)
        else:
            root = node
    if root is None or stack:
        return None
    return root


def _root_char(text: str) -> str:
    m = _WS_RE.match(text)
    assert m is not None
    p = m.end()
    return text[p] if p < len(text) else ""


def _node_text(text: str, node: Node, as_text: bool) -> str | None:
    kind = node[0]
    if as_text:
        if kind == _STRING:
            return node[3]  # type: ignore[no-any-return]
        if kind == _NULL:
            return None
    return text[node[1]:node[2]]


def _strtoint(s: str) -> int | None:
    """C ``strtoint(s, &end, 10)`` accepting only a whole-string integer in int4 range."""
    m = _STRTOINT_RE.match(s)
    if m is None:
        return None
    v = int(m.group(1))
    return v if _INT_MIN <= v <= _INT_MAX else None


_STRTOINT_RE: Final = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)\Z")


def _one_dimension(path: list[Any]) -> list[Any]:
    """The text[] argument of the modifying functions must be one-dimensional."""
    if any(isinstance(p, list) for p in path):
        raise ArraySubscriptError("wrong number of array subscripts")
    return path


def _flatten(path: Any) -> list[Any]:
    if not isinstance(path, list):
        return [path]
    if not any(isinstance(p, list) for p in path):
        return path
    out: list[Any] = []
    for p in path:
        out.extend(_flatten(p) if isinstance(p, list) else (p,))
    return out


def _json_get(text: str, keys: Sequence[str | None] | None, indexes: list[int] | None, as_text: bool) -> str | None:
    """get_worker: follow a path of object keys and/or array indexes through
    the json text; the last match in document order wins (duplicate keys),
    and a negative index converted at one array stays converted for the next
    array at that level, as in PostgreSQL."""
    root = _spans(text)
    npath = len(keys) if keys is not None else (len(indexes) if indexes is not None else 0)
    if npath == 0:
        kind = root[0]
        if kind in ("o", "a"):
            return text[root[1]:root[2]]
        if as_text and kind == _STRING:
            return root[3]  # type: ignore[no-any-return]
        if as_text and kind == _NULL:
            return None
        return text[:root[2]]  # PostgreSQL keeps the leading whitespace here
    found: list[Node] = []

    def walk(node: Node, level: int) -> None:
        if level == npath:
            found.append(node)
            return
        kind = node[0]
        if kind == "o":
            if keys is None:
                return
            want = keys[level]
            for k, child in node[3]:
                if k == want:
                    walk(child, level + 1)
        elif kind == "a":
            if indexes is None:
                return
            idx = indexes[level]
            children = node[3]
            if idx < 0 and -idx <= len(children):
                idx += len(children)
                indexes[level] = idx
            if 0 <= idx < len(children):
                walk(children[idx], level + 1)

    walk(root, 0)
    if not found:
        return None
    return _node_text(text, found[-1], as_text)


def _path_indexes(path: Sequence[str | None]) -> list[int]:
    out = []
    for p in path:
        v = _strtoint(p) if p else None
        out.append(_INT_MIN if v is None else v)
    return out


def json_object_field(j: str, key: str) -> str | None:
    """``json -> text``."""
    return _json_get(j, [key], None, False)


def json_object_field_text(j: str, key: str) -> str | None:
    """``json ->> text``."""
    return _json_get(j, [key], None, True)


def json_array_element(j: str, index: int) -> str | None:
    """``json -> int``: negative indexes count from the end."""
    return _json_get(j, None, [index], False)


def json_array_element_text(j: str, index: int) -> str | None:
    """``json ->> int``."""
    return _json_get(j, None, [index], True)


def json_extract_path(j: str, path: list[Any]) -> str | None:
    """``json #> text[]``: NULL if the path has a NULL element."""
    p = _flatten(path)
    if any(x is None for x in p):
        return None
    return _json_get(j, p, _path_indexes(p), False)


def json_extract_path_text(j: str, path: list[Any]) -> str | None:
    """``json #>> text[]``."""
    p = _flatten(path)
    if any(x is None for x in p):
        return None
    return _json_get(j, p, _path_indexes(p), True)


def json_typeof(j: str) -> str:
    """``json_typeof``: from the first token, as PostgreSQL."""
    c = _root_char(j)
    if c == "{":
        return "object"
    if c == "[":
        return "array"
    if c == '"':
        return "string"
    if c == "t" or c == "f":
        return "boolean"
    if c == "n":
        return "null"
    return "number"


def json_array_length(j: str) -> int:
    c = _root_char(j)
    if c == "{":
        raise InvalidParameterValue("cannot get array length of a non-array")
    if c != "[":
        raise InvalidParameterValue("cannot get array length of a scalar")
    return len(_spans(j, False)[3])


def _json_container(j: str, want: str, scalar_msg: str, other_msg: str, need_escapes: bool = True) -> Node:
    """The root of a json text that must be an object (``want`` "o") or an
    array ("a"); the errors come where PostgreSQL raises them (a container
    before its contents are read, a scalar after its token is lexed)."""
    c = _root_char(j)
    if c in ("{", "["):
        if (c == "{") != (want == "o"):
            raise InvalidParameterValue(other_msg)
        return _spans(j, need_escapes)
    _spans(j, need_escapes)
    raise InvalidParameterValue(scalar_msg)


def json_object_keys(j: str) -> Iterator[tuple[str]]:
    """``json_object_keys`` (set-returning): every key, duplicates included, in text order."""
    root = _json_container(
        j, "o", "cannot call json_object_keys on a scalar", "cannot call json_object_keys on an array"
    )
    for k, _ in root[3]:
        yield (k,)


def json_array_elements(j: str) -> Iterator[tuple[str]]:
    root = _json_container(  # PostgreSQL does not de-escape here: "\\u0000" passes
        j, "a", "cannot call json_array_elements on a scalar", "cannot call json_array_elements on a non-array", False
    )
    for node in root[3]:
        yield (j[node[1]:node[2]],)


def json_array_elements_text(j: str) -> Iterator[tuple[str | None]]:
    root = _json_container(
        j, "a", "cannot call json_array_elements_text on a scalar",
        "cannot call json_array_elements_text on a non-array",
    )
    for node in root[3]:
        yield (_node_text(j, node, True),)


def json_each(j: str) -> Iterator[tuple[str, str]]:
    root = _json_container(j, "o", "cannot deconstruct a scalar", "cannot deconstruct an array as an object")
    for k, node in root[3]:
        yield (k, j[node[1]:node[2]])


def json_each_text(j: str) -> Iterator[tuple[str, str | None]]:
    root = _json_container(j, "o", "cannot deconstruct a scalar", "cannot deconstruct an array as an object")
    for k, node in root[3]:
        yield (k, _node_text(j, node, True))


def _strip_json(text: str, node: Node, parts: list[str]) -> None:
    kind = node[0]
    if kind == "o":
        parts.append("{")
        first = True
        for k, child in node[3]:
            if child[0] == _NULL:
                continue
            if not first:
                parts.append(",")
            first = False
            parts.append(_escape(k))
            parts.append(":")
            _strip_json(text, child, parts)
        parts.append("}")
    elif kind == "a":
        parts.append("[")
        first = True
        for child in node[3]:
            if not first:
                parts.append(",")
            first = False
            _strip_json(text, child, parts)
        parts.append("]")
    elif kind == _STRING:
        parts.append(_escape(node[3]))
    else:
        parts.append(text[node[1]:node[2]])


def json_strip_nulls(j: str) -> str:
    """``json_strip_nulls``: object fields whose value is null removed, the
    text rewritten compactly (``{"a":1,"b":[1,null]}``)."""
    parts: list[str] = []
    _strip_json(j, _spans(j), parts)
    return "".join(parts)


# ---------------------------------------------------------------------------
# jsonb extraction
# ---------------------------------------------------------------------------


def jsonb_object_field(j: Jsonb, key: str) -> Jsonb | None:
    """``jsonb -> text``: NULL unless an object with that key."""
    v = j.value
    if type(v) is dict and key in v:
        return Jsonb(v[key])
    return None


def jsonb_object_field_text(j: Jsonb, key: str) -> str | None:
    v = j.value
    if type(v) is dict and key in v:
        return _scalar_text(v[key])
    return None


def _element(v: Any, index: int) -> tuple[bool, Any]:
    # a root scalar is a one-element array for the -> int operators
    arr = v if type(v) is list else ([v] if _is_scalar(v) else None)
    if arr is None:
        return False, None
    if index < 0:
        if -index > len(arr):
            return False, None
        index += len(arr)
    if index >= len(arr):
        return False, None
    return True, arr[index]


def jsonb_array_element(j: Jsonb, index: int) -> Jsonb | None:
    """``jsonb -> int``: negative indexes count from the end; a scalar
    document is its own element 0 (``'"a"'::jsonb -> 0`` is ``"a"``)."""
    ok, x = _element(j.value, index)
    return Jsonb(x) if ok else None


def jsonb_array_element_text(j: Jsonb, index: int) -> str | None:
    ok, x = _element(j.value, index)
    return _scalar_text(x) if ok else None


def _jsonb_path(v: Any, path: list[Any]) -> tuple[bool, Any]:
    """get_jsonb_path_all: (found, node)."""
    for p in path:
        t = type(v)
        if t is dict:
            if p not in v:
                return False, None
            v = v[p]
        elif t is list:
            idx = _strtoint(p)
            if idx is None:
                return False, None
            if idx < 0:
                if idx == _INT_MIN or -idx > len(v):
                    return False, None
                idx += len(v)
            if idx >= len(v):
                return False, None
            v = v[idx]
        else:
            return False, None
    return True, v


def jsonb_extract_path(j: Jsonb, path: list[Any]) -> Jsonb | None:
    """``jsonb #> text[]``: NULL for a NULL path element or a missing step."""
    p = _flatten(path)
    if any(x is None for x in p):
        return None
    ok, v = _jsonb_path(j.value, p)
    return Jsonb(v) if ok else None


def jsonb_extract_path_text(j: Jsonb, path: list[Any]) -> str | None:
    """``jsonb #>> text[]``."""
    p = _flatten(path)
    if any(x is None for x in p):
        return None
    ok, v = _jsonb_path(j.value, p)
    return _scalar_text(v) if ok else None


# ---------------------------------------------------------------------------
# jsonb containment and existence
# ---------------------------------------------------------------------------


def _scalar_eq(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a is None or a == b)


def _contains(a: Any, b: Any) -> bool:
    """JsonbDeepContains on two containers of the same kind (else false)."""
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is dict:
        if len(a) < len(b):
            return False
        for k, bv in b.items():
            if k not in a:
                return False
            av = a[k]
            if _is_scalar(bv):
                if not _scalar_eq(av, bv):
                    return False
            elif _is_scalar(av) or not _contains(av, bv):
                return False
        return True
    containers: list[Any] | None = None
    for bv in b:
        if _is_scalar(bv):
            if not any(_scalar_eq(av, bv) for av in a):
                return False
        else:
            if containers is None:
                containers = [av for av in a if not _is_scalar(av)]
                if not containers:
                    return False
            for av in containers:
                if _contains(av, bv):
                    break
            else:
                return False
    return True


def jsonb_contains(a: Jsonb, b: Jsonb) -> bool:
    """``jsonb @> jsonb``: an array contains a scalar document, a scalar only
    an equal scalar; arrays ignore order and duplicates."""
    va, vb = a.value, b.value
    if (type(va) is dict) != (type(vb) is dict):
        return False
    if type(va) is dict:
        try:
            return _contains(va, vb)
        except RecursionError:
            _too_deep()
    sa, sb = _is_scalar(va), _is_scalar(vb)
    if sa and not sb:
        return False
    try:
        return _contains([va] if sa else va, [vb] if sb else vb)
    except RecursionError:
        _too_deep()


def jsonb_contained(a: Jsonb, b: Jsonb) -> bool:
    """``jsonb <@ jsonb``."""
    return jsonb_contains(b, a)


def jsonb_exists(j: Jsonb, key: str) -> bool:
    """``jsonb ? text``: a top-level key, or a string element of a top-level
    array (a string document counts as such an array)."""
    v = j.value
    t = type(v)
    if t is dict:
        return key in v  # type: ignore[operator]
    if t is list:
        return any(type(x) is str and x == key for x in v)  # type: ignore[union-attr]
    return t is str and v == key


def jsonb_exists_any(j: Jsonb, keys: list[Any]) -> bool:
    """``jsonb ?| text[]`` (NULL elements ignored)."""
    return any(k is not None and jsonb_exists(j, k) for k in _flatten(keys))


def jsonb_exists_all(j: Jsonb, keys: list[Any]) -> bool:
    """``jsonb ?& text[]`` (NULL elements ignored)."""
    return all(k is None or jsonb_exists(j, k) for k in _flatten(keys))


# ---------------------------------------------------------------------------
# jsonb modification
# ---------------------------------------------------------------------------


def jsonb_concat(a: Jsonb, b: Jsonb) -> Jsonb:
    """``jsonb || jsonb``: two objects merge (right wins); otherwise an array of
    the elements of both (an object or a scalar counts as one element)."""
    va, vb = a.value, b.value
    if type(va) is dict and type(vb) is dict:
        if not va:
            return b
        if not vb:
            return a
        return Jsonb(_make_object(list(va.items()) + list(vb.items())))
    la: list[Any] = va if isinstance(va, list) else [va]
    lb: list[Any] = vb if isinstance(vb, list) else [vb]
    return Jsonb(la + lb)


def jsonb_delete(j: Jsonb, key: str) -> Jsonb:
    """``jsonb - text``: remove a key, or the matching string elements of an array."""
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot delete from scalar")
    if type(v) is dict:
        if key not in v:
            return j
        return Jsonb({k: x for k, x in v.items() if k != key})
    return Jsonb([x for x in v if not (type(x) is str and x == key)])  # type: ignore[union-attr]


def jsonb_delete_array(j: Jsonb, keys: list[Any]) -> Jsonb:
    """``jsonb - text[]``."""
    _one_dimension(keys)
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot delete from scalar")
    drop = {k for k in keys if k is not None}
    if not drop or not v:
        return j
    if type(v) is dict:
        return Jsonb({k: x for k, x in v.items() if k not in drop})
    return Jsonb([x for x in v if not (type(x) is str and x in drop)])  # type: ignore[union-attr]


def jsonb_delete_idx(j: Jsonb, index: int) -> Jsonb:
    """``jsonb - int``: remove an array element (negative: from the end)."""
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot delete from scalar")
    if type(v) is dict:
        raise InvalidParameterValue("cannot delete from object using integer index")
    assert isinstance(v, list)
    n = len(v)
    if n == 0:
        return j
    if index < 0:
        index = n if -index > n else n + index
    if index >= n:
        return j
    return Jsonb(v[:index] + v[index + 1:])


_CREATE, _REPLACE, _DELETE, _INSERT_BEFORE, _INSERT_AFTER = 1, 2, 4, 8, 16
_CREATE_OR_INSERT: Final = _CREATE | _INSERT_BEFORE | _INSERT_AFTER


def _set_path(v: Any, path: list[Any], level: int, newval: Any, op: int) -> Any:
    """setPath (jsonfuncs.c) without the subscripting-only flags."""
    if path[level] is None:
        raise NullValueNotAllowed(f"path element at position {level + 1} is null")
    t = type(v)
    if t is dict:
        return _set_path_object(v, path, level, newval, op)
    if t is list:
        return _set_path_array(v, path, level, newval, op)
    return v


def _set_path_object(obj: dict[str, Any], path: list[Any], level: int, newval: Any, op: int) -> Any:
    key = path[level]
    last = level == len(path) - 1
    if key in obj:
        if last:
            if op & (_INSERT_BEFORE | _INSERT_AFTER):
                raise InvalidParameterValue(
                    "cannot replace existing key", hint="Try using the function jsonb_set to replace key value."
                )
            if op & _DELETE:
                return {k: x for k, x in obj.items() if k != key}
            out = dict(obj)
            out[key] = newval
            return out
        out = dict(obj)
        out[key] = _set_path(obj[key], path, level + 1, newval, op)
        return out
    if last and op & _CREATE_OR_INSERT:
        return _make_object(list(obj.items()) + [(key, newval)])
    return obj


def _set_path_array(arr: list[Any], path: list[Any], level: int, newval: Any, op: int) -> Any:
    n = len(arr)
    text = path[level]
    idx = _strtoint(text)
    if idx is None:
        raise InvalidTextRepresentation(f'path element at position {level + 1} is not an integer: "{text}"')
    if idx < 0:
        idx = _INT_MIN if -idx > n else n + idx
    if idx > n:
        idx = n
    last = level == len(path) - 1
    out: list[Any] = []
    done = False
    if (idx == _INT_MIN or n == 0) and last and op & _CREATE_OR_INSERT:
        out.append(newval)
        done = True
    for i, e in enumerate(arr):
        if i == idx:
            done = True
            if last:
                if op & (_INSERT_BEFORE | _CREATE):
                    out.append(newval)
                if op & (_INSERT_AFTER | _INSERT_BEFORE):
                    out.append(e)
                if op & (_INSERT_AFTER | _REPLACE):
                    out.append(newval)
            else:
                out.append(_set_path(e, path, level + 1, newval, op))
        else:
            out.append(e)
    if op & _CREATE_OR_INSERT and not done and last:
        out.append(newval)
    return out


def jsonb_set(j: Jsonb, path: list[Any], newval: Jsonb, create_missing: bool = True) -> Jsonb:
    """``jsonb_set``: replace (or, with ``create_missing``, add as the last
    step) the value at ``path``."""
    p = _one_dimension(path)
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot set path in scalar")
    if not v and not create_missing:
        return j
    if not p:
        return j
    return Jsonb(_set_path(v, p, 0, newval.value, _CREATE if create_missing else _REPLACE))


def jsonb_insert(j: Jsonb, path: list[Any], newval: Jsonb, insert_after: bool = False) -> Jsonb:
    """``jsonb_insert``: insert before (or after) an array element, or add a
    missing object key (22023 ``cannot replace existing key`` if present)."""
    p = _one_dimension(path)
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot set path in scalar")
    if not p:
        return j
    return Jsonb(_set_path(v, p, 0, newval.value, _INSERT_AFTER if insert_after else _INSERT_BEFORE))


def jsonb_delete_path(j: Jsonb, path: list[Any]) -> Jsonb:
    """``jsonb #- text[]``."""
    p = _one_dimension(path)
    v = j.value
    if _is_scalar(v):
        raise InvalidParameterValue("cannot delete path in scalar")
    if not v:
        return j
    if not p:
        return j
    return Jsonb(_set_path(v, p, 0, None, _DELETE))


_NULL_TREATMENTS: Final = ("raise_exception", "use_json_null", "delete_key", "return_target")


def jsonb_set_lax(
    j: Jsonb | None, path: list[Any] | None, newval: Jsonb | None,
    create_missing: bool | None = True, null_value_treatment: str | None = "use_json_null",
) -> Jsonb | None:
    """``jsonb_set_lax`` (not strict): a SQL NULL ``newval`` is handled as
    ``null_value_treatment`` says."""
    if j is None or path is None or create_missing is None:
        return None
    bad = InvalidParameterValue(
        'null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"'
    )
    if null_value_treatment is None:
        raise bad
    if newval is not None:
        return jsonb_set(j, path, newval, create_missing)
    if null_value_treatment == "raise_exception":
        raise NullValueNotAllowed(
            "JSON value must not be null",
            detail='Exception was raised because null_value_treatment is "raise_exception".',
            hint="To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed.",
        )
    if null_value_treatment == "use_json_null":
        return jsonb_set(j, path, JSON_NULL, create_missing)
    if null_value_treatment == "delete_key":
        return jsonb_delete_path(j, path)
    if null_value_treatment == "return_target":
        return j
    raise bad


def _strip(v: Any) -> Any:
    t = type(v)
    if t is dict:
        d = {}
        for k, x in v.items():
            if x is not None:
                d[k] = _strip(x)
        return d
    if t is list:
        out = []
        for x in v:
            out.append(_strip(x))
        return out
    return v


def jsonb_strip_nulls(j: Jsonb) -> Jsonb:
    """``jsonb_strip_nulls``: remove object fields whose value is null (array nulls stay)."""
    try:
        return Jsonb(_strip(j.value))
    except RecursionError:
        _too_deep()


# ---------------------------------------------------------------------------
# jsonb inspection
# ---------------------------------------------------------------------------


def tree_type(v: Any) -> str:
    """JsonbTypeName of a tree node: object, array, string, number, boolean or null."""
    t = type(v)
    if t is dict:
        return "object"
    if t is list:
        return "array"
    if t is str:
        return "string"
    if t is Decimal:
        return "number"
    if t is bool:
        return "boolean"
    return "null"


def jsonb_typeof(j: Jsonb) -> str:
    return tree_type(j.value)


def jsonb_array_length(j: Jsonb) -> int:
    v = j.value
    if type(v) is list:
        return len(v)
    if type(v) is dict:
        raise InvalidParameterValue("cannot get array length of a non-array")
    raise InvalidParameterValue("cannot get array length of a scalar")


def jsonb_object_keys(j: Jsonb) -> Iterator[tuple[str]]:
    """``jsonb_object_keys`` (set-returning): the keys in jsonb order."""
    v = j.value
    if type(v) is not dict:
        raise InvalidParameterValue(
            "cannot call jsonb_object_keys on " + ("an array" if type(v) is list else "a scalar")
        )
    for k in v:
        yield (k,)


def _jsonb_elements(j: Jsonb) -> list[Any]:
    v = j.value
    if type(v) is list:
        return v
    raise InvalidParameterValue("cannot extract elements from " + ("an object" if type(v) is dict else "a scalar"))


def jsonb_array_elements(j: Jsonb) -> Iterator[tuple[Jsonb]]:
    for x in _jsonb_elements(j):
        yield (Jsonb(x),)


def jsonb_array_elements_text(j: Jsonb) -> Iterator[tuple[str | None]]:
    for x in _jsonb_elements(j):
        yield (_scalar_text(x),)


def _jsonb_fields(j: Jsonb, name: str) -> dict[str, Any]:
    v = j.value
    if type(v) is not dict:
        raise InvalidParameterValue(f"cannot call {name} on a non-object")
    return v


def jsonb_each(j: Jsonb) -> Iterator[tuple[str, Jsonb]]:
    for k, x in _jsonb_fields(j, "jsonb_each").items():
        yield (k, Jsonb(x))


def jsonb_each_text(j: Jsonb) -> Iterator[tuple[str, str | None]]:
    for k, x in _jsonb_fields(j, "jsonb_each_text").items():
        yield (k, _scalar_text(x))


def _pretty(v: Any, level: int, indent_open: bool, parts: list[str]) -> None:
    t = type(v)
    if t is not list and t is not dict:
        parts.append(tree_text(v))
        return
    if indent_open:
        parts.append("\n" + "    " * level)
    inner = "\n" + "    " * (level + 1)
    if t is list:
        parts.append("[")
        for i, x in enumerate(v):
            if i:
                parts.append(",")
            if _is_scalar(x):
                parts.append(inner)
                parts.append(tree_text(x))
            else:
                _pretty(x, level + 1, True, parts)
        parts.append("\n" + "    " * level + "]")
    else:
        parts.append("{")
        for i, (k, x) in enumerate(v.items()):
            if i:
                parts.append(",")
            parts.append(inner)
            parts.append(_escape(k))
            parts.append(": ")
            _pretty(x, level + 1, False, parts)
        parts.append("\n" + "    " * level + "}")


def jsonb_pretty(j: Jsonb) -> str:
    """``jsonb_pretty``: 4-space indentation, one element per line."""
    parts: list[str] = []
    try:
        _pretty(j.value, 0, False, parts)
    except RecursionError:
        _too_deep()
    return "".join(parts)


# ---------------------------------------------------------------------------
# Casts
# ---------------------------------------------------------------------------

_CAST_TYPE_NAMES: Final = {
    type(None): "null", str: "string", Decimal: "numeric", bool: "boolean", list: "array", dict: "object",
}


def _cast_scalar(j: Jsonb, want: type, target: str) -> Any:
    v = j.value
    if type(v) is not want:
        raise InvalidParameterValue(f"cannot cast jsonb {_CAST_TYPE_NAMES[type(v)]} to type {target}")
    return v


def jsonb_to_bool(j: Jsonb) -> bool:
    return _cast_scalar(j, bool, "boolean")  # type: ignore[no-any-return]


def jsonb_to_numeric(j: Jsonb) -> Decimal:
    return _cast_scalar(j, Decimal, "numeric")  # type: ignore[no-any-return]


def jsonb_to_int2(j: Jsonb) -> int:
    return N.numeric_to_int2(_cast_scalar(j, Decimal, "smallint"))


def jsonb_to_int4(j: Jsonb) -> int:
    return N.numeric_to_int4(_cast_scalar(j, Decimal, "integer"))


def jsonb_to_int8(j: Jsonb) -> int:
    return N.numeric_to_int8(_cast_scalar(j, Decimal, "bigint"))


def jsonb_to_float4(j: Jsonb) -> float:
    return N.numeric_to_float4(_cast_scalar(j, Decimal, "real"))


def jsonb_to_float8(j: Jsonb) -> float:
    return N.numeric_to_float8(_cast_scalar(j, Decimal, "double precision"))


def json_to_jsonb(j: str) -> Jsonb:
    """The cast ``json -> jsonb`` (re-parses, so ``\\u0000`` fails here)."""
    return jsonb_in(j)


def jsonb_to_json(j: Jsonb) -> str:
    """The cast ``jsonb -> json``: the canonical text."""
    return jsonb_out(j)


# ---------------------------------------------------------------------------
# SQL values -> JSON (to_json, to_jsonb, the build functions and aggregates)
# ---------------------------------------------------------------------------

_NUMERIC_KINDS: Final = frozenset({"int2", "int4", "int8", "float4", "float8", "numeric"})
_NOT_SCALAR_KEY: Final = "key value must be scalar, not array, composite, or json"


def _as_type(t: TypeLike) -> SqlType:
    return t if isinstance(t, SqlType) else SqlType(t)


def _guess_type(v: Any) -> SqlType:
    """The SQL type of a Python value when the caller gave none."""
    if isinstance(v, bool):
        return BOOL
    if isinstance(v, int):
        return SqlType("int8")
    if isinstance(v, float):
        return SqlType("float8")
    if isinstance(v, Decimal):
        return SqlType("numeric")
    if isinstance(v, Jsonb):
        return JSONB
    if isinstance(v, list):
        return SqlType("array")
    if isinstance(v, datetime):
        return SqlType("timestamp" if v.tzinfo is None else "timestamptz")
    if isinstance(v, date):
        return SqlType("date")
    if isinstance(v, time):
        return SqlType("time" if v.tzinfo is None else "timetz")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return SqlType("bytea")
    if isinstance(v, str):
        return TEXT
    if type(v).__name__ == "Interval":
        return SqlType("interval")
    if type(v).__name__ == "UUID":
        return SqlType("uuid")
    return TEXT


def _unpair(arg: Any) -> tuple[SqlType, Any]:
    if isinstance(arg, tuple) and len(arg) == 2 and isinstance(arg[0], (SqlType, str)):
        return _as_type(arg[0]), arg[1]
    return _guess_type(arg), arg


def _category(t: SqlType) -> str:
    """json_categorize_type."""
    k = t.kind
    if k == "bool":
        return "bool"
    if k in _NUMERIC_KINDS:
        return "numeric"
    if k in ("date", "timestamp", "timestamptz"):
        return k
    if k in ("json", "jsonb", "array"):
        return k
    if k in ("record", "rowtype"):
        return "composite"
    return "other"


def _hms(h: int, m: int, s: int, us: int) -> str:
    if us:
        return f"{h:02d}:{m:02d}:{s:02d}." + f"{us:06d}".rstrip("0")
    return f"{h:02d}:{m:02d}:{s:02d}"


def _json_date(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _json_timestamp(dt: datetime) -> str:
    """JsonEncodeDateTime, XSD style: ``2020-01-02T03:04:05.5``."""
    return _json_date(dt) + "T" + _hms(dt.hour, dt.minute, dt.second, dt.microsecond)


def _json_timestamptz(dt: datetime) -> str:
    """XSD style, the session zone's wall time and offset: ``2020-01-02T03:04:05+05:30``."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    local, west = session_wall_time(dt)
    east = -west
    a = abs(east)
    offset = ("-" if east < 0 else "+") + f"{a // 3600:02d}:{a % 3600 // 60:02d}" + (f":{a % 60:02d}" if a % 60 else "")
    return _json_timestamp(local) + offset


def _output_function(t: SqlType) -> Callable[[Any], str]:
    """The type's output function (text for the JSONTYPE_OTHER category)."""
    k = t.kind
    if k in ("text", "varchar", "bpchar", "name", "unknown"):
        return str
    if k == "array":
        return str  # pragma: no cover - arrays never take this path
    from . import catalog  # imported late: catalog imports this module

    io = catalog.TYPE_IO.get(k)
    if io is None:
        return str
    return io.format


def _numeric_output(t: SqlType) -> Callable[[Any], str]:
    k = t.kind
    if k == "float4":
        return N.float4_out
    if k == "float8":
        return N.float8_out
    if k == "numeric":
        return N.numeric_out
    return N.int_out


def _scalar_string(cat: str, t: SqlType) -> Callable[[Any], str]:
    """The text of a scalar as a JSON key (or string) for its category."""
    if cat == "bool":
        return lambda v: "true" if v else "false"
    if cat == "numeric":
        return _numeric_output(t)
    if cat == "date":
        return _json_date
    if cat == "timestamp":
        return _json_timestamp
    if cat == "timestamptz":
        return _json_timestamptz
    return _output_function(t)


def _elem_type(t: SqlType) -> SqlType | None:
    return t.elem if t.kind == "array" else None


def json_text_converter(t: TypeLike) -> Callable[[Any], str]:
    """datum_to_json: a function from a non-NULL value of type ``t`` to its
    JSON text (``json`` values verbatim, arrays as ``[1,2,null]``)."""
    st = _as_type(t)
    cat = _category(st)
    if cat == "bool":
        return lambda v: "true" if v else "false"
    if cat == "numeric":
        out = _numeric_output(st)

        def numeric(v: Any) -> str:
            s = out(v)
            return s if _VALID_NUMBER_RE.match(s) else _escape(s)

        return numeric
    if cat == "json":
        return str
    if cat == "jsonb":
        return jsonb_out
    if cat == "array":
        return _array_json_text(_elem_type(st), False)
    if cat == "composite":
        return _composite_json_text(False)
    text = _scalar_string(cat, st)
    return lambda v: _escape(text(v))


# -- row values: JSON objects of their fields (composite_to_json) --------------------------------


@functools.lru_cache(maxsize=1024)
def _field_converters(
    fields: tuple[tuple[str, SqlType], ...], jsonb: bool
) -> tuple[tuple[str, Callable[[Any], Any], Callable[[Any], Any]], ...]:
    """For each field of a row class (:func:`pydsql.values.records.record_class`): its name,
    the function reading its kept output text back as a value, and the one converting that
    value to JSON text (or to a jsonb node).  Built once per row class, not once per row."""
    from . import catalog  # imported late: catalog imports this module
    from .casts import identity

    out = []
    for name, t in fields:
        # a row inside a row stays a row (see pydsql.values.records); an unknown field is text
        read = identity if t.kind in ("record", "rowtype", "unknown") else catalog.input_function(t)
        shown = TEXT if t.kind == "unknown" else t
        out.append((name, read, jsonb_converter(shown) if jsonb else json_text_converter(shown)))
    return tuple(out)


def _row_text(v: Any) -> str:
    """The text of a row whose fields are not known (a plain Record): what it becomes in JSON."""
    from .records import record_out

    return v if isinstance(v, str) else record_out(v)


def _composite_json_text(pretty: bool) -> Callable[[Any], str]:
    """composite_to_json: ``{"a":1,"b":"x"}`` (``pretty``: a newline between fields)."""
    separator = ",\n " if pretty else ","

    def convert(v: Any) -> str:
        fields = getattr(v, "fields", None)
        if fields is None:
            return _escape(_row_text(v))
        return "{" + separator.join(
            _escape(name) + ":" + ("null" if text is None else to_json(read(text)))
            for (name, read, to_json), text in zip(_field_converters(fields, False), v)
        ) + "}"

    return convert


def _composite_jsonb(v: Any) -> JsonValue:
    fields = getattr(v, "fields", None)
    if fields is None:
        return _row_text(v)
    return _make_object([
        (name, None if text is None else to_jsonb(read(text)))
        for (name, read, to_jsonb), text in zip(_field_converters(fields, True), v)
    ])


def row_to_json(v: Any, pretty: bool = False) -> str:
    """``row_to_json(record [, pretty])``."""
    return _composite_json_text(pretty)(v)


def _array_json_text(elem: SqlType | None, pretty: bool) -> Callable[[Any], str]:
    """array_to_json: ``[1,2,null]``, nested lists as dimensions; ``pretty``
    puts a newline between the outermost elements."""
    conv = json_text_converter(elem) if elem is not None else None

    def element(x: Any) -> str:
        if x is None:
            return "null"
        if conv is not None:
            return conv(x)
        return json_text_converter(_guess_type(x))(x)

    def dim(v: list[Any], top: bool) -> str:
        items = [dim(x, False) if isinstance(x, list) else element(x) for x in v]
        return "[" + (",\n " if top and pretty else ",").join(items) + "]"

    return lambda v: dim(v, True)


def jsonb_converter(t: TypeLike) -> Callable[[Any], JsonValue]:
    """datum_to_jsonb: a function from a non-NULL value of type ``t`` to a
    jsonb tree node (NaN/Infinity numbers become strings, ``json`` is parsed)."""
    st = _as_type(t)
    cat = _category(st)
    if cat == "bool":
        return bool
    if cat == "numeric":
        k = st.kind
        if k == "numeric":
            return lambda v: v if v.is_finite() else N.numeric_out(v)
        if k in ("int2", "int4", "int8"):
            return Decimal
        out = _numeric_output(st)

        def number(v: Any) -> JsonValue:
            s = out(v)
            if "n" in s or "N" in s:
                return s
            return N.numeric_in(s)

        return number
    if cat == "json":
        return parse_jsonb_tree
    if cat == "jsonb":
        return lambda v: v.value
    if cat == "array":
        elem = _elem_type(st)
        conv = jsonb_converter(elem) if elem is not None else None

        def array(v: list[Any]) -> JsonValue:
            out: list[Any] = []
            for x in v:
                if x is None:
                    out.append(None)
                elif isinstance(x, list):  # a dimension of a multi-dimensional array
                    out.append(array(x))
                elif conv is not None:
                    out.append(conv(x))
                else:
                    out.append(jsonb_converter(_guess_type(x))(x))
            return out

        return array
    if cat == "composite":
        return _composite_jsonb
    return _scalar_string(cat, st)


def key_converter(t: TypeLike) -> Callable[[Any], str]:
    """The text of a non-NULL object key of type ``t`` (22023 ``key value must
    be scalar, not array, composite, or json`` for those types)."""
    st = _as_type(t)
    cat = _category(st)
    if cat in ("array", "composite", "json", "jsonb"):
        def bad(v: Any) -> str:
            raise InvalidParameterValue(_NOT_SCALAR_KEY)

        return bad
    return _scalar_string(cat, st)


def to_jsonb_value(t: TypeLike, value: Any) -> JsonValue:
    """A pydsql value of any type as a jsonb tree node (SQL NULL -> JSON null)."""
    if value is None:
        return None
    return jsonb_converter(t)(value)


def to_json_text(t: TypeLike, value: Any) -> str:
    """A pydsql value of any type as JSON text (SQL NULL -> ``null``)."""
    if value is None:
        return "null"
    return json_text_converter(t)(value)


# --- the polymorphic functions: factories over the argument types -----------


def _to_json_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    return json_text_converter(types[0])


def _to_jsonb_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    conv = jsonb_converter(types[0])
    return lambda v: Jsonb(conv(v))


def _array_to_json_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    elem = _elem_type(_as_type(types[0]))
    plain = _array_json_text(elem, False)
    pretty = _array_json_text(elem, True)
    return lambda v, p=False: pretty(v) if p else plain(v)


def _nullable(conv: Callable[[Any], Any], null: Any) -> Callable[[Any], Any]:
    return lambda v: null if v is None else conv(v)


def _even_args(n: int, name: str) -> None:
    if n % 2:
        raise InvalidParameterValue(
            "argument list must have even number of elements",
            hint=f"The arguments of {name}() must consist of alternating keys and values.",
        )


def _json_build_object_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    n = len(types)
    keys = [key_converter(t) for t in types[0::2]]
    vals = [_nullable(json_text_converter(t), "null") for t in types[1::2]]

    def build(*args: Any) -> str:
        _even_args(n, "json_build_object")
        parts = []
        for i in range(0, n, 2):
            k = args[i]
            if k is None:
                raise NullValueNotAllowed("null value not allowed for object key")
            parts.append(_escape(keys[i // 2](k)) + " : " + vals[i // 2](args[i + 1]))
        return "{" + ", ".join(parts) + "}"

    return build


def _jsonb_build_object_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    n = len(types)
    keys = [key_converter(t) for t in types[0::2]]
    vals = [_nullable(jsonb_converter(t), None) for t in types[1::2]]

    def build(*args: Any) -> Jsonb:
        _even_args(n, "jsonb_build_object")
        pairs = []
        for i in range(0, n, 2):
            k = args[i]
            if k is None:
                raise InvalidParameterValue(f"argument {i + 1}: key must not be null")
            pairs.append((keys[i // 2](k), vals[i // 2](args[i + 1])))
        return Jsonb(_make_object(pairs))

    return build


def _json_build_array_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    convs = [_nullable(json_text_converter(t), "null") for t in types]
    return lambda *args: "[" + ", ".join(c(a) for c, a in zip(convs, args)) + "]"


def _jsonb_build_array_factory(types: Sequence[TypeLike]) -> Callable[..., Any]:
    convs = [_nullable(jsonb_converter(t), None) for t in types]
    return lambda *args: Jsonb([c(a) for c, a in zip(convs, args)])


_POLYMORPHIC: Final = frozenset({"any", "anyelement", "anyarray", "anynonarray"})
_FACTORIES: dict[Callable[..., Any], tuple[Callable[[Sequence[TypeLike]], Callable[..., Any]], tuple[str, ...]]] = {}


def _polymorphic(
    factory: Callable[[Sequence[TypeLike]], Callable[..., Any]], args: tuple[str, ...], variadic: bool = False,
) -> Callable[..., Any]:
    """The pair-taking ``fn`` of a row whose polymorphic arguments need their
    types (see the module docstring); ``factory(types)`` builds the
    plain-value function."""
    cache: dict[tuple[SqlType, ...], Callable[..., Any]] = {}

    def fn(*args_in: Any) -> Any:
        kinds = args + (args[-1],) * (len(args_in) - len(args)) if variadic and args else args
        types: list[SqlType] = []
        values: list[Any] = []
        for kind, a in zip(kinds, args_in):
            if kind in _POLYMORPHIC:
                t, v = _unpair(a)
            else:
                t, v = SqlType(kind), a
            types.append(t)
            values.append(v)
        key = tuple(types)
        f = cache.get(key)
        if f is None:
            f = cache[key] = factory(key)
        return f(*values)

    _FACTORIES[fn] = (factory, args)
    return fn


def specialize(row: Function, arg_types: Sequence[TypeLike]) -> Callable[..., Any]:
    """The function of plain argument values for a call of ``row`` whose
    arguments have the SQL types ``arg_types`` (polymorphic arguments
    resolved once; see the module docstring).  Rows without polymorphic
    arguments: ``row.fn`` itself."""
    entry = _FACTORIES.get(row.fn)
    if entry is None:
        return row.fn
    factory, _ = entry
    return factory([_as_type(t) for t in arg_types])


# --- json_object / jsonb_object (text[] arguments) ---------------------------


def _dims(a: list[Any]) -> int:
    d = 0
    while isinstance(a, list):
        if not a:
            return d
        d += 1
        a = a[0]
    return d


def _object_pairs(keys: list[Any], values: list[Any] | None) -> list[tuple[str, str | None]]:
    if values is None:
        nd = _dims(keys)
        if nd == 0:
            return []
        if nd == 1:
            if len(keys) % 2:
                raise ArraySubscriptError("array must have even number of elements")
            flat = keys
        elif nd == 2:
            if len(keys[0]) != 2:
                raise ArraySubscriptError("array must have two columns")
            flat = _flatten(keys)
        else:
            raise ArraySubscriptError("wrong number of array subscripts")
        ks, vs = flat[0::2], flat[1::2]
    else:
        nk, nv = _dims(keys), _dims(values)
        if nk > 1 or nk != nv:
            raise ArraySubscriptError("wrong number of array subscripts")
        if nk == 0:
            return []
        if len(keys) != len(values):
            raise ArraySubscriptError("mismatched array dimensions")
        ks, vs = keys, values
    out = []
    for k, v in zip(ks, vs):
        if k is None:
            raise NullValueNotAllowed("null value not allowed for object key")
        out.append((k, v))
    return out


def json_object(keys: list[Any], values: list[Any] | None = None) -> str:
    """``json_object(text[])`` (alternating keys and values, or pairs as a
    two-column array) and ``json_object(keys text[], values text[])``."""
    pairs = _object_pairs(keys, values)
    return "{" + ", ".join(_escape(k) + " : " + ("null" if v is None else _escape(v)) for k, v in pairs) + "}"


def jsonb_object(keys: list[Any], values: list[Any] | None = None) -> Jsonb:
    """``jsonb_object``: as :func:`json_object`, values as strings."""
    return Jsonb(_make_object(_object_pairs(keys, values)))


# ---------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------


class _JsonAgg:
    """json_agg / json_agg_strict: ``[1, null, 3]``; arrays after the first
    element are preceded by a newline, as PostgreSQL does."""

    __slots__ = ("conv", "parts", "seen", "strict", "newline")

    def __init__(self, t: TypeLike, strict: bool) -> None:
        st = _as_type(t)
        self.conv = json_text_converter(st)
        self.newline = _category(st) in ("array", "composite")
        self.parts: list[str] = []
        self.seen = False
        self.strict = strict

    def step(self, v: Any) -> None:
        self.seen = True
        if v is None:
            if not self.strict:
                self.parts.append("null")
            return
        s = self.conv(v)
        self.parts.append("\n " + s if self.newline and self.parts else s)

    def result(self) -> str | None:
        return "[" + ", ".join(self.parts) + "]" if self.seen else None


class _JsonbAgg:
    __slots__ = ("conv", "items", "seen", "strict")

    def __init__(self, t: TypeLike, strict: bool) -> None:
        self.conv = jsonb_converter(t)
        self.items: list[Any] = []
        self.seen = False
        self.strict = strict

    def step(self, v: Any) -> None:
        self.seen = True
        if v is None:
            if not self.strict:
                self.items.append(None)
            return
        self.items.append(self.conv(v))

    def result(self) -> Jsonb | None:
        return Jsonb(list(self.items)) if self.seen else None


class _JsonObjectAgg:
    """json_object_agg[_strict][_unique]: ``{ "a" : 1, "b" : 2 }``."""

    __slots__ = ("key", "conv", "parts", "seen", "strict", "unique", "keys")

    def __init__(self, kt: TypeLike, vt: TypeLike, strict: bool, unique: bool) -> None:
        self.key = key_converter(kt)
        self.conv = json_text_converter(vt)
        self.parts: list[str] = []
        self.seen = False
        self.strict = strict
        self.unique = unique
        self.keys: set[str] = set()

    def step(self, k: Any, v: Any) -> None:
        self.seen = True
        if k is None:
            raise NullValueNotAllowed("null value not allowed for object key")
        if self.strict and v is None and not self.unique:
            return
        ks = self.key(k)
        if self.unique:
            if ks in self.keys:
                raise DuplicateJsonObjectKeyValue(f"duplicate JSON object key value: {_escape(ks)}")
            self.keys.add(ks)
            if self.strict and v is None:
                return
        self.parts.append(_escape(ks) + " : " + ("null" if v is None else self.conv(v)))

    def result(self) -> str | None:
        if not self.seen:
            return None
        return "{ " + ", ".join(self.parts) + " }"


class _JsonbObjectAgg:
    __slots__ = ("key", "conv", "pairs", "seen", "strict", "unique")

    def __init__(self, kt: TypeLike, vt: TypeLike, strict: bool, unique: bool) -> None:
        self.key = key_converter(kt)
        self.conv = jsonb_converter(vt)
        self.pairs: list[tuple[str, Any]] = []
        self.seen = False
        self.strict = strict
        self.unique = unique

    def step(self, k: Any, v: Any) -> None:
        self.seen = True
        if k is None:
            raise InvalidParameterValue("field name must not be null")
        if self.strict and v is None and not self.unique:
            return
        self.pairs.append((self.key(k), None if v is None else self.conv(v)))

    def result(self) -> Jsonb | None:
        if not self.seen:
            return None
        pairs = self.pairs
        if self.unique and len({k for k, _ in pairs}) != len(pairs):
            raise DuplicateJsonObjectKeyValue("duplicate JSON object key value")
        if self.strict:  # uniqueifyJsonbObject(skip_nulls): JSON nulls go too
            pairs = [(k, v) for k, v in pairs if v is not None]
        return Jsonb(_make_object(pairs))


@dataclass(frozen=True, slots=True)
class JsonAggregate:
    """An aggregate of ``pg_proc``/``pg_aggregate``: ``make(arg_types)`` builds
    an accumulator (``step(*values)`` for every row, NULLs included;
    ``result()``)."""

    name: str
    args: tuple[str, ...]
    result: SqlType
    make: Callable[[Sequence[TypeLike]], Any]
    strict: bool = False


def _object_agg_factory(jsonb: bool, strict: bool, unique: bool) -> Callable[[Sequence[TypeLike]], Any]:
    def make(ts: Sequence[TypeLike]) -> Any:
        cls = _JsonbObjectAgg if jsonb else _JsonObjectAgg
        return cls(ts[0], ts[1], strict, unique)

    return make


def _aggregates() -> list[JsonAggregate]:
    A = JsonAggregate
    out = [
        A("json_agg", ("anyelement",), JSON, lambda ts: _JsonAgg(ts[0], False)),
        A("json_agg_strict", ("anyelement",), JSON, lambda ts: _JsonAgg(ts[0], True)),
        A("jsonb_agg", ("anyelement",), JSONB, lambda ts: _JsonbAgg(ts[0], False)),
        A("jsonb_agg_strict", ("anyelement",), JSONB, lambda ts: _JsonbAgg(ts[0], True)),
    ]
    for suffix, strict, unique in (
        ("", False, False), ("_strict", True, False), ("_unique", False, True), ("_unique_strict", True, True),
    ):
        out.append(A("json_object_agg" + suffix, ("any", "any"), JSON, _object_agg_factory(False, strict, unique)))
        out.append(A("jsonb_object_agg" + suffix, ("any", "any"), JSONB, _object_agg_factory(True, strict, unique)))
    return out


#: The json aggregates (see the module docstring for the calling convention).
JSON_AGGREGATES: Final[list[JsonAggregate]] = _aggregates()


# ---------------------------------------------------------------------------
# json[b]_to_record(set): rows laid out by a column definition list
# ---------------------------------------------------------------------------
#
# These functions return PostgreSQL's "record": their rows have the columns the query
# declares (``FROM jsonb_to_record(j) AS r(a int, b text)``).  Here a call returns the
# JSON object (a tree ``dict``) and :func:`record_reader`, built once per plan from the
# declared columns, turns each object into a row, as PostgreSQL's populate_record does.
# (A ``json`` argument is parsed as jsonb is, so a ``json`` column reads a nested value
# back in jsonb's canonical spacing, not the input's.)

#: the record-returning functions whose rows :func:`record_reader` lays out
RECORD_FUNCTIONS: Final = frozenset({"json_to_record", "jsonb_to_record", "json_to_recordset", "jsonb_to_recordset"})


def _composite_object(tree: JsonValue) -> dict[str, Any]:
    if type(tree) is dict:
        return tree
    shape = "an array" if type(tree) is list else "a scalar"
    raise InvalidParameterValue(f"cannot call populate_composite on {shape}")


def json_to_record(j: str) -> dict[str, Any]:
    return _composite_object(parse_jsonb_tree(j))


def jsonb_to_record(j: Jsonb) -> dict[str, Any]:
    return _composite_object(j.value)


def _objects_of(tree: JsonValue, name: str, not_array: str) -> Iterator[tuple[dict[str, Any]]]:
    if type(tree) is not list:
        raise InvalidParameterValue(f"cannot call {name} on {not_array}")
    for x in tree:
        if type(x) is not dict:
            raise InvalidParameterValue(f"argument of {name} must be an array of objects")
        yield (x,)


def _recordset_objects(j: Any, name: str) -> Iterator[tuple[dict[str, Any]]]:
    """The objects of the argument of ``name`` (a json[b]_..._recordset function: a json text
    or a Jsonb), each in a 1-tuple, with the function's name in its errors."""
    if name.startswith("jsonb"):
        return _objects_of(j.value, name, "a non-array")
    tree = parse_jsonb_tree(j)
    return _objects_of(tree, name, "an object" if type(tree) is dict else "a scalar")


def json_to_recordset(j: str) -> Iterator[tuple[dict[str, Any]]]:
    return _recordset_objects(j, "json_to_recordset")


def jsonb_to_recordset(j: Jsonb) -> Iterator[tuple[dict[str, Any]]]:
    return _recordset_objects(j, "jsonb_to_recordset")


def populate_function(name: str) -> Callable[[Any], Any]:
    """json[b]_populate_record[set](NULL::table, j): the objects of ``j`` as
    json[b]_to_record[set] reads them, under the populate function's name in its errors
    (the table's columns lay them out: :func:`record_reader`)."""
    if not name.endswith("recordset"):
        return jsonb_to_record if name.startswith("jsonb") else json_to_record
    return lambda j: (obj for (obj,) in _recordset_objects(j, name))


#: json[b]_populate_record[set]: the planner reads their first argument, NULL::table, itself
POPULATE_FUNCTIONS: Final = frozenset({
    "json_populate_record", "jsonb_populate_record", "json_populate_recordset", "jsonb_populate_recordset",
})


def record_reader(columns: Sequence[tuple[str, SqlType]]) -> Callable[[dict[str, Any] | None], tuple[Any, ...]]:
    """The function turning a JSON object into the row of ``columns`` (name, type): each
    column takes the member of its name (case-sensitive; missing or JSON null: NULL),
    converted as PostgreSQL's populate_record_field does (see :func:`_field_reader`).
    A NULL object is a row of NULLs."""
    readers = [(name, _field_reader(t)) for name, t in columns]
    nulls = (None,) * len(readers)

    def read(obj: dict[str, Any] | None) -> tuple[Any, ...]:
        if obj is None:
            return nulls
        get = obj.get
        return tuple(None if (v := get(name)) is None else convert(v) for name, convert in readers)

    return read


def _field_reader(t: SqlType) -> Callable[[Any], Any]:
    """One JSON member (not null) as a value of ``t``: jsonb as it is, json as its text, an
    array element by element (or a string through the array's input), anything else through
    ``t``'s input function, from a string's own text or another value's JSON text, with the
    length or precision of ``t`` applied as an assignment does."""
    from .casts import apply_typmod
    from .catalog import input_function  # imported late: catalog imports this module

    if t.kind == "jsonb":
        return Jsonb
    if t.kind == "json":
        return tree_text
    parse = input_function(t)
    if t.kind == "array":
        def read_array(v: Any) -> Any:
            if type(v) is str:
                return parse(v)
            if type(v) is not list:
                raise InvalidTextRepresentation("expected JSON array")
            return parse(_array_literal(v))

        return read_array
    modified = t.length is not None or t.precision is not None or t.scale is not None

    def read(v: Any) -> Any:
        value = parse(v if type(v) is str else tree_text(v))
        return apply_typmod(value, t, False) if modified else value

    return read


def _array_literal(items: list[Any]) -> str:
    """A JSON array as PostgreSQL array text (``[[1, "a"], [null, 2]]`` -> ``{{"1","a"},{NULL,"2"}}``):
    the elements' texts quoted, JSON null as NULL.  The first element decides the dimensions,
    as in PostgreSQL: after a sub-array every element must be one of the same length (22P02),
    after a scalar a sub-array is an element like any other (its JSON text)."""
    if items and type(items[0]) is list:
        width = len(items[0])
        for x in items:
            if type(x) is not list:
                raise InvalidTextRepresentation("expected JSON array")
            if len(x) != width:
                raise InvalidTextRepresentation(
                    "malformed JSON array",
                    detail="Multidimensional arrays must have sub-arrays with matching dimensions.",
                )
        if not width:
            return "{}"  # [[], []]: no elements at all
        return "{" + ",".join(_array_literal(x) for x in items) + "}"
    parts = []
    for x in items:
        if x is None:
            parts.append("NULL")
        else:
            text = x if type(x) is str else tree_text(x)
            parts.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


# ---------------------------------------------------------------------------
# Set-returning functions
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetReturningFunction:
    """A set-returning ``pg_proc`` row: ``fn(*args)`` yields one tuple per
    output row, with the columns ``columns`` (name, type)."""

    name: str
    args: tuple[str, ...]
    columns: tuple[tuple[str, SqlType], ...]
    fn: Callable[..., Iterator[tuple[Any, ...]]]
    strict: bool = True


JSON_SRFS: Final[list[SetReturningFunction]] = [
    SetReturningFunction("json_array_elements", ("json",), (("value", JSON),), json_array_elements),
    SetReturningFunction("json_array_elements_text", ("json",), (("value", TEXT),), json_array_elements_text),
    SetReturningFunction("json_each", ("json",), (("key", TEXT), ("value", JSON)), json_each),
    SetReturningFunction("json_each_text", ("json",), (("key", TEXT), ("value", TEXT)), json_each_text),
    SetReturningFunction("json_object_keys", ("json",), (("json_object_keys", TEXT),), json_object_keys),
    SetReturningFunction("jsonb_array_elements", ("jsonb",), (("value", JSONB),), jsonb_array_elements),
    SetReturningFunction("jsonb_array_elements_text", ("jsonb",), (("value", TEXT),), jsonb_array_elements_text),
    SetReturningFunction("jsonb_each", ("jsonb",), (("key", TEXT), ("value", JSONB)), jsonb_each),
    SetReturningFunction("jsonb_each_text", ("jsonb",), (("key", TEXT), ("value", TEXT)), jsonb_each_text),
    SetReturningFunction("jsonb_object_keys", ("jsonb",), (("jsonb_object_keys", TEXT),), jsonb_object_keys),
    # rows of "record": laid out by the query's column definition list (see record_reader)
    SetReturningFunction("json_to_recordset", ("json",), (("json_to_recordset", RECORD),), json_to_recordset),
    SetReturningFunction("jsonb_to_recordset", ("jsonb",), (("jsonb_to_recordset", RECORD),), jsonb_to_recordset),
]


# ---------------------------------------------------------------------------
# Tables: type I/O, casts, operators, functions
# ---------------------------------------------------------------------------

#: Input/output functions.
JSON_IO: Final[list[TypeIO]] = [
    TypeIO("json", json_in, json_out),
    TypeIO("jsonb", jsonb_in, jsonb_out),
]

#: pg_cast rows of json/jsonb (the text I/O casts are added by the catalog).
JSON_CASTS: Final[list[Cast]] = [
    Cast("json", "jsonb", ASSIGNMENT, json_to_jsonb),
    Cast("jsonb", "json", ASSIGNMENT, jsonb_to_json),
    Cast("jsonb", "bool", EXPLICIT, jsonb_to_bool),
    Cast("jsonb", "numeric", EXPLICIT, jsonb_to_numeric),
    Cast("jsonb", "int2", EXPLICIT, jsonb_to_int2),
    Cast("jsonb", "int4", EXPLICIT, jsonb_to_int4),
    Cast("jsonb", "int8", EXPLICIT, jsonb_to_int8),
    Cast("jsonb", "float4", EXPLICIT, jsonb_to_float4),
    Cast("jsonb", "float8", EXPLICIT, jsonb_to_float8),
]

#: pg_operator rows of json/jsonb (PostgreSQL 16; the jsonpath operators are in :mod:`.jsonpath`).
JSON_OPERATORS: Final[list[Operator]] = [
    Operator("->", "json", "int4", JSON, json_array_element),
    Operator("->", "json", "text", JSON, json_object_field),
    Operator("->>", "json", "int4", TEXT, json_array_element_text),
    Operator("->>", "json", "text", TEXT, json_object_field_text),
    Operator("#>", "json", "array", JSON, json_extract_path),
    Operator("#>>", "json", "array", TEXT, json_extract_path_text),
    Operator("->", "jsonb", "int4", JSONB, jsonb_array_element),
    Operator("->", "jsonb", "text", JSONB, jsonb_object_field),
    Operator("->>", "jsonb", "int4", TEXT, jsonb_array_element_text),
    Operator("->>", "jsonb", "text", TEXT, jsonb_object_field_text),
    Operator("#>", "jsonb", "array", JSONB, jsonb_extract_path),
    Operator("#>>", "jsonb", "array", TEXT, jsonb_extract_path_text),
    Operator("#-", "jsonb", "array", JSONB, jsonb_delete_path),
    Operator("-", "jsonb", "int4", JSONB, jsonb_delete_idx),
    Operator("-", "jsonb", "text", JSONB, jsonb_delete),
    Operator("-", "jsonb", "array", JSONB, jsonb_delete_array),
    Operator("=", "jsonb", "jsonb", BOOL, jsonb_eq),
    Operator("<>", "jsonb", "jsonb", BOOL, jsonb_ne),
    Operator("<", "jsonb", "jsonb", BOOL, jsonb_lt),
    Operator("<=", "jsonb", "jsonb", BOOL, jsonb_le),
    Operator(">", "jsonb", "jsonb", BOOL, jsonb_gt),
    Operator(">=", "jsonb", "jsonb", BOOL, jsonb_ge),
    Operator("@>", "jsonb", "jsonb", BOOL, jsonb_contains),
    Operator("<@", "jsonb", "jsonb", BOOL, jsonb_contained),
    Operator("?", "jsonb", "text", BOOL, jsonb_exists),
    Operator("?|", "jsonb", "array", BOOL, jsonb_exists_any),
    Operator("?&", "jsonb", "array", BOOL, jsonb_exists_all),
    Operator("||", "jsonb", "jsonb", JSONB, jsonb_concat),
]


def _variadic_path(fn: Callable[[Any, list[Any]], Any]) -> Callable[..., Any]:
    return lambda j, *path: fn(j, list(path))


def _functions() -> list[Function]:
    F = Function
    fs = [
        F("to_json", ("anyelement",), JSON, _polymorphic(_to_json_factory, ("anyelement",))),
        F("row_to_json", ("record",), JSON, row_to_json),  # a table's row too (rowtype -> record)
        F("row_to_json", ("record", "bool"), JSON, row_to_json),
        F("to_jsonb", ("anyelement",), JSONB, _polymorphic(_to_jsonb_factory, ("anyelement",))),
        F("array_to_json", ("anyarray",), JSON, _polymorphic(_array_to_json_factory, ("anyarray",))),
        F("array_to_json", ("anyarray", "bool"), JSON, _polymorphic(_array_to_json_factory, ("anyarray", "bool"))),
        F("json_build_object", (), JSON, lambda: "{}", strict=False),
        F("json_build_object", ("any",), JSON, _polymorphic(_json_build_object_factory, ("any",), True),
          strict=False, variadic=True),
        F("jsonb_build_object", (), JSONB, lambda: Jsonb({}), strict=False),
        F("jsonb_build_object", ("any",), JSONB, _polymorphic(_jsonb_build_object_factory, ("any",), True),
          strict=False, variadic=True),
        F("json_build_array", (), JSON, lambda: "[]", strict=False),
        F("json_build_array", ("any",), JSON, _polymorphic(_json_build_array_factory, ("any",), True),
          strict=False, variadic=True),
        F("jsonb_build_array", (), JSONB, lambda: Jsonb([]), strict=False),
        F("jsonb_build_array", ("any",), JSONB, _polymorphic(_jsonb_build_array_factory, ("any",), True),
          strict=False, variadic=True),
        F("json_object", ("array",), JSON, json_object),
        F("json_object", ("array", "array"), JSON, json_object),
        F("jsonb_object", ("array",), JSONB, jsonb_object),
        F("jsonb_object", ("array", "array"), JSONB, jsonb_object),
        F("json_typeof", ("json",), TEXT, json_typeof),
        F("jsonb_typeof", ("jsonb",), TEXT, jsonb_typeof),
        # a row of "record", laid out by the query's column definition list (see record_reader)
        F("json_to_record", ("json",), RECORD, json_to_record),
        F("jsonb_to_record", ("jsonb",), RECORD, jsonb_to_record),
        F("json_array_length", ("json",), INT4, json_array_length),
        F("jsonb_array_length", ("jsonb",), INT4, jsonb_array_length),
        F("json_strip_nulls", ("json",), JSON, json_strip_nulls),
        F("jsonb_strip_nulls", ("jsonb",), JSONB, jsonb_strip_nulls),
        F("jsonb_pretty", ("jsonb",), TEXT, jsonb_pretty),
        F("jsonb_set", ("jsonb", "array", "jsonb"), JSONB, jsonb_set),
        F("jsonb_set", ("jsonb", "array", "jsonb", "bool"), JSONB, jsonb_set),
        F("jsonb_set_lax", ("jsonb", "array", "jsonb"), JSONB, jsonb_set_lax, strict=False),
        F("jsonb_set_lax", ("jsonb", "array", "jsonb", "bool"), JSONB, jsonb_set_lax, strict=False),
        F("jsonb_set_lax", ("jsonb", "array", "jsonb", "bool", "text"), JSONB, jsonb_set_lax, strict=False),
        F("jsonb_insert", ("jsonb", "array", "jsonb"), JSONB, jsonb_insert),
        F("jsonb_insert", ("jsonb", "array", "jsonb", "bool"), JSONB, jsonb_insert),
        F("json_extract_path", ("json", "text"), JSON, _variadic_path(json_extract_path), variadic=True),
        F("json_extract_path_text", ("json", "text"), TEXT, _variadic_path(json_extract_path_text), variadic=True),
        F("jsonb_extract_path", ("jsonb", "text"), JSONB, _variadic_path(jsonb_extract_path), variadic=True),
        F("jsonb_extract_path_text", ("jsonb", "text"), TEXT, _variadic_path(jsonb_extract_path_text),
          variadic=True),
        F("json_object_field", ("json", "text"), JSON, json_object_field),
        F("json_object_field_text", ("json", "text"), TEXT, json_object_field_text),
        F("json_array_element", ("json", "int4"), JSON, json_array_element),
        F("json_array_element_text", ("json", "int4"), TEXT, json_array_element_text),
        F("jsonb_object_field", ("jsonb", "text"), JSONB, jsonb_object_field),
        F("jsonb_object_field_text", ("jsonb", "text"), TEXT, jsonb_object_field_text),
        F("jsonb_array_element", ("jsonb", "int4"), JSONB, jsonb_array_element),
        F("jsonb_array_element_text", ("jsonb", "int4"), TEXT, jsonb_array_element_text),
        F("jsonb_exists", ("jsonb", "text"), BOOL, jsonb_exists),
        F("jsonb_exists_any", ("jsonb", "array"), BOOL, jsonb_exists_any),
        F("jsonb_exists_all", ("jsonb", "array"), BOOL, jsonb_exists_all),
        F("jsonb_contains", ("jsonb", "jsonb"), BOOL, jsonb_contains),
        F("jsonb_contained", ("jsonb", "jsonb"), BOOL, jsonb_contained),
        F("jsonb_concat", ("jsonb", "jsonb"), JSONB, jsonb_concat),
        F("jsonb_delete", ("jsonb", "text"), JSONB, jsonb_delete),
        F("jsonb_delete", ("jsonb", "int4"), JSONB, jsonb_delete_idx),
        F("jsonb_delete_path", ("jsonb", "array"), JSONB, jsonb_delete_path),
        F("jsonb_eq", ("jsonb", "jsonb"), BOOL, jsonb_eq),
        F("jsonb_ne", ("jsonb", "jsonb"), BOOL, jsonb_ne),
        F("jsonb_lt", ("jsonb", "jsonb"), BOOL, jsonb_lt),
        F("jsonb_le", ("jsonb", "jsonb"), BOOL, jsonb_le),
        F("jsonb_gt", ("jsonb", "jsonb"), BOOL, jsonb_gt),
        F("jsonb_ge", ("jsonb", "jsonb"), BOOL, jsonb_ge),
        F("jsonb_cmp", ("jsonb", "jsonb"), INT4, jsonb_cmp),
    ]
    return fs


#: pg_proc rows of the json functions (``Function`` records of :mod:`.operators`).
JSON_FUNCTIONS: Final[list[Function]] = _functions()

__all__ = [
    "Jsonb", "JSON_NULL", "JsonValue", "MAX_DEPTH",
    "tree_type", "JSON_IO", "JSON_CASTS", "JSON_OPERATORS", "JSON_FUNCTIONS", "JSON_SRFS", "JSON_AGGREGATES",
    "JsonAggregate", "SetReturningFunction", "specialize",
    "json_in", "json_out", "jsonb_in", "jsonb_out", "tree_text", "parse_jsonb_tree",
    "to_python", "from_python", "to_jsonb_value", "to_json_text", "RECORD_FUNCTIONS", "record_reader", "POPULATE_FUNCTIONS", "populate_function",
    "json_text_converter", "jsonb_converter", "key_converter",
    "jsonb_cmp", "jsonb_sort_key",
]

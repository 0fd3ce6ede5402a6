"""PostgreSQL 16's SQL/JSON path language: the ``jsonpath`` type and its evaluation.

Representation
--------------
A ``jsonpath`` value is a :class:`JsonPath`: a ``str`` subclass whose text is
PostgreSQL's canonical output (``'$.a[*] ? (@ > 1)'`` is ``$."a"[*]?(@ > 1)``),
carrying the parsed path (:attr:`JsonPath.root`, :attr:`JsonPath.strict`).
Being a ``str`` it prints as PostgreSQL's text; users get that text as a plain
``str`` (psycopg has no loader for jsonpath).  SQL has no equality or ordering
for jsonpath (:mod:`pydsql.sql.ordering` refuses DISTINCT, GROUP BY, ORDER BY).

The parsed path mirrors PostgreSQL's ``JsonPathItem`` chains: a :class:`Node`
is one item (``kind``) whose result feeds its :attr:`Node.next` item.  Kinds:

=================  ==============================================================
``$`` ``@``        the root document, the current filter item
``var``            ``$name`` (``value`` the name)
``null`` ``bool``  literals (``value``: None, bool, ``Decimal`` for ``num``,
``num`` ``str``    ``str`` for ``str``)
``last``           the last subscript of the innermost array
``key``            ``.name`` / ``."name"`` (``value`` the key)
``.*`` ``[*]``     ``.*`` and ``[*]``
``index``          ``[a, b to c]`` (``subscripts``: (from, to-or-None) pairs)
``**``             ``.**{first to last}`` (``first``/``last``; -1 stands for ``last``)
``filter``         ``?(predicate)`` (``left`` the predicate)
``method``         ``.type()`` ... (``value`` the method name); ``datetime``:
                   ``.datetime("template")`` (``value`` the template or None)
binary operators   ``+ - * / % == != < <= > >= && ||`` (``left``, ``right``),
                   ``starts with`` (``right`` a ``str`` or ``var`` node),
                   ``like_regex`` (``left``, ``value`` pattern, ``flags``)
unary              ``plus`` ``minus`` ``!`` ``is unknown`` ``exists`` (``left``)
=================  ==============================================================

Invariants: nodes are never mutated after :func:`jsonpath_in` returns (paths are
shared by every row of a statement); ``@`` only occurs inside a filter and
``last`` only inside a subscript (checked after parsing, as PostgreSQL's
``flattenJsonPathParseItem`` does); a predicate kind is an operand of an
operator or an accessor chain only when :attr:`Node.as_expr` (``(@ == 1).type()``).

Parsing: a recursive-descent parser over PostgreSQL's grammar, reading tokens on
demand as bison does, so that every error (lexical or syntactic) is the one
PostgreSQL raises first, at the same token: ``syntax error at or near "..." of
jsonpath input``, where the token text is flex's ``yytext`` (a name's following
blanks, a quoted string's closing quote, "at end" after a name that runs into a
special character).  ``like_regex`` patterns and flags are checked while parsing.

Evaluation
----------
:class:`_Executor` follows ``jsonpath_exec.c`` closely (function names in the
docstrings): items are evaluated against the jsonb *tree* of
:mod:`.json` (dict/list/str/Decimal/bool/None), results are collected in a
list, and every error goes through :meth:`_Executor.fail`, which raises it or,
in silent mode (and where PostgreSQL suppresses errors: inside filters and
predicates), turns it into the ``ERROR`` result.  Lax mode wraps and unwraps
arrays automatically and ignores structural errors; strict mode does neither.

``.keyvalue()`` ids are PostgreSQL's: the byte offset of the object in its base
document's binary jsonb form (:func:`_layout` recomputes that layout) plus 10^10
times the base's number (0 for ``$``, 1 for the vars, then one per object that
``.keyvalue()`` made).  The operators ``@?``/``@@`` pass no vars: every ``$var``
is null there, while the functions' default ``vars`` is ``{}`` (42704 for an
unknown variable).

The ``*_tz`` functions are the same functions: they differ from the others only
in comparisons of datetime values, which only ``.datetime()`` makes.

Deliberate differences: ``.datetime()`` on a string is refused with 0A000
(parsing and printing ``.datetime()`` work, and its errors on non-strings are
PostgreSQL's); PostgreSQL's stack depth limit is
Python's recursion limit (54001 either way), reached with about a hundred
nested parentheses or a few hundred chained accessors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, NoReturn

from .. import errors
from ..types import BOOL, JSONB, SqlType
from . import numbers as N
from . import regex as R
from .json import Jsonb, JsonValue, SetReturningFunction, tree_text, tree_type
from .registry import Function, Operator, TypeIO

JSONPATH: Final = SqlType("jsonpath")


# ---------------------------------------------------------------------------
# The parsed path
# ---------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Node:
    """One jsonpath item (see the module docstring for the kinds)."""

    kind: str
    value: Any = None
    left: Node | None = None
    right: Node | None = None
    subscripts: list[tuple[Node, Node | None]] = field(default_factory=list)
    first: int = 0
    last: int = 0
    flags: str = ""
    next: Node | None = None
    #: a parenthesized predicate followed by accessors (``(@ == 1).type()``): an expression
    as_expr: bool = False


class JsonPath(str):
    """A ``jsonpath`` value: its canonical text, with the parsed path."""

    strict: bool
    root: Node

    def __new__(cls, text: str, strict: bool, root: Node) -> JsonPath:
        self = super().__new__(cls, text)
        self.strict = strict
        self.root = root
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (jsonpath_in, (str(self),))


# ---------------------------------------------------------------------------
# Lexer (jsonpath_scan.l)
# ---------------------------------------------------------------------------

_BLANK: Final = " \t\n\r\f"
_SPECIAL: Final = frozenset("?%$.[]{}()|&!=<>@#,*:-+/\\\"" + _BLANK)

#: keywords, matched case-insensitively except null/true/false (checkKeyword)
_KEYWORDS: Final = frozenset({
    "is", "to", "abs", "lax", "flag", "last", "null", "size", "true", "type", "with", "false", "floor",
    "double", "exists", "starts", "strict", "ceiling", "unknown", "datetime", "keyvalue", "like_regex",
})
_LOWERCASE_ONLY: Final = frozenset({"null", "true", "false"})
_METHODS: Final = frozenset({"abs", "size", "type", "floor", "double", "ceiling", "keyvalue"})

_DEC = r"(?:0|[1-9](?:_?[0-9])*)"
_DIGITS = r"[0-9](?:_?[0-9])*"
_DECIMAL = rf"(?:{_DEC}\.(?:{_DIGITS})?|\.{_DIGITS})"
_REAL = rf"(?:{_DEC}|{_DECIMAL})[Ee][-+]?{_DIGITS}"
_OTHER = r"[^?%$.\[\]{}()|&!=<>@#,*:\-+/\\\" \t\n\r\f]"
_HEX = r"0[xX][0-9A-Fa-f](?:_?[0-9A-Fa-f])*"
_OCT = r"0[oO][0-7](?:_?[0-7])*"
_BIN = r"0[bB][01](?:_?[01])*"

#: the numeric rules in flex order (a tie in length goes to the earlier rule), then identifiers
_NUMBER_RULES: Final = [
    (re.compile(_HEX), "int"), (re.compile(_OCT), "int"), (re.compile(_BIN), "int"),
    (re.compile(_DECIMAL), "num"), (re.compile(_REAL), "num"), (re.compile(_DEC), "int"),
    (re.compile(rf"(?:{_DEC}|{_DECIMAL})[Ee][-+]"), "invalid numeric literal"),
    (re.compile(_DEC + _OTHER), "junk"), (re.compile(_DECIMAL + _OTHER), "junk"),
    (re.compile(_REAL + _OTHER), "junk"), (re.compile(_HEX + _OTHER), "junk"),
    (re.compile(_OCT + _OTHER), "junk"), (re.compile(_BIN + _OTHER), "junk"),
    (re.compile(_OTHER + "+"), "ident"),
]

_NAME: Final = re.compile(_OTHER + "+")
_OPERATORS: Final = ("&&", "||", "==", "!=", "<>", "<=", ">=", "**", "<", ">", "!")
_UNICODE = r"\\u(?:[0-9A-Fa-f]{4}|\{[0-9A-Fa-f]{1,6}\})"
_UNICODE_RUN: Final = re.compile(rf"(?:{_UNICODE})+")
_UNICODE_FAIL: Final = re.compile(rf"(?:{_UNICODE})*\\u(?:[0-9A-Fa-f]{{0,3}}|\{{[0-9A-Fa-f]{{0,6}})")
_HEX_CHAR: Final = re.compile(r"\\x[0-9A-Fa-f]{2}")
_ESCAPES: Final = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


@dataclass(slots=True)
class _Token:
    kind: str  # a keyword, an operator or special character, "ident", "str", "var", "int", "num", "end"
    value: Any
    near: str  # what PostgreSQL's yytext holds when this token is the error token ("" at the end)


def _syntax(message: str, near: str) -> errors.SyntaxError:
    where = "at end of jsonpath input" if not near else f'at or near "{near}" of jsonpath input'
    return errors.SyntaxError(f"{message} {where}")


def _bad_input(detail: str, code: type[errors.Error] = errors.SyntaxError) -> errors.Error:
    return code("invalid input syntax for type jsonpath", detail=detail)


class _Lexer:
    """jsonpath_scan.l: :meth:`next` returns one token at a time (the parser asks for them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def next(self) -> _Token:
        text, n = self.text, len(self.text)
        while True:
            while self.pos < n and text[self.pos] in _BLANK:
                self.pos += 1
            if text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise _syntax("unexpected end of comment", "")
                self.pos = end + 2
                continue
            break
        if self.pos >= n:
            return _Token("end", None, "")
        c = text[self.pos]
        if c == '"':
            self.pos += 1
            return _Token("str", self.quoted(), '"')
        if c == "$":
            if text.startswith('"', self.pos + 1):
                self.pos += 2
                return _Token("var", self.quoted(), '"')
            m = _NAME.match(text, self.pos + 1)
            if m:
                self.pos = m.end()
                return _Token("var", m.group(), "$" + m.group())
            self.pos += 1
            return _Token("$", None, "$")
        for op in _OPERATORS:
            if text.startswith(op, self.pos):
                self.pos += len(op)
                return _Token("!=" if op == "<>" else op, None, op)
        if c in _SPECIAL and c != "\\" and not (c == "." and self._number_follows()):
            self.pos += 1
            return _Token(c, None, c)
        return self.word()

    def _number_follows(self) -> bool:
        return self.pos + 1 < len(self.text) and self.text[self.pos + 1].isdigit() and self.text[self.pos + 1].isascii()

    def word(self) -> _Token:
        """A number or an unquoted identifier/keyword: flex's longest match over the rules."""
        best_len, best_kind = 0, ""
        for rx, kind in _NUMBER_RULES:
            m = rx.match(self.text, self.pos)
            if m and m.end() - self.pos > best_len:
                best_len, best_kind = m.end() - self.pos, kind
        start = self.pos
        if best_kind == "ident" or best_len == 0:  # a backslash starts an identifier too
            return self.identifier()
        lexeme = self.text[start:start + best_len]
        self.pos += best_len
        if best_kind == "junk":
            raise _syntax("trailing junk after numeric literal", lexeme)
        if best_kind == "invalid numeric literal":
            raise _syntax("invalid numeric literal", lexeme)
        return _Token(best_kind, N.numeric_in(lexeme), lexeme)

    def identifier(self) -> _Token:
        """An unquoted name (state ``xnq``): other characters and escapes, up to a blank, a
        special character or the end; then a keyword check."""
        text, n = self.text, len(self.text)
        parts: list[str] = []
        near = ""
        while self.pos < n:
            c = text[self.pos]
            if c == "\\":
                parts.append(self.escape())
            elif c in _BLANK:
                start = self.pos
                while self.pos < n and text[self.pos] in _BLANK:
                    self.pos += 1
                near = text[start:self.pos]
                break
            elif text.startswith("/*", self.pos):
                # PostgreSQL's scanner enters the comment and never returns the name
                return self.next()
            elif c in _SPECIAL:
                break
            else:
                parts.append(c)
                self.pos += 1
        name = "".join(parts)
        lower = name.lower()
        if lower in _KEYWORDS and (lower not in _LOWERCASE_ONLY or name == lower):
            return _Token(lower, name, near)
        return _Token("ident", name, near)

    def quoted(self) -> str:
        """The rest of a double-quoted string (the opening quote consumed)."""
        text, n = self.text, len(self.text)
        parts: list[str] = []
        while True:
            if self.pos >= n:
                raise _syntax("unterminated quoted string", "")
            c = text[self.pos]
            if c == '"':
                self.pos += 1
                return "".join(parts)
            if c == "\\":
                parts.append(self.escape())
            else:
                parts.append(c)
                self.pos += 1

    def escape(self) -> str:
        text = self.text
        m = _UNICODE_RUN.match(text, self.pos)
        if m:
            fail = _UNICODE_FAIL.match(text, self.pos)
            if fail and fail.end() > m.end():
                raise _syntax("invalid Unicode escape sequence", fail.group())
            self.pos = m.end()
            return _unicode(m.group())
        fail = _UNICODE_FAIL.match(text, self.pos)
        if fail:
            raise _syntax("invalid Unicode escape sequence", fail.group())
        m = _HEX_CHAR.match(text, self.pos)
        if m:
            self.pos = m.end()
            ch = int(m.group()[2:], 16)
            if ch == 0:
                raise errors.UntranslatableCharacter("unsupported Unicode escape sequence",
                                                     detail="\\u0000 cannot be converted to text.")
            return chr(ch)
        if text.startswith("\\x", self.pos):
            fail_hex = re.compile(r"\\x[0-9A-Fa-f]?").match(text, self.pos)
            assert fail_hex is not None
            raise _syntax("invalid hexadecimal character sequence", fail_hex.group())
        if self.pos + 1 >= len(text):
            raise _syntax("unexpected end after backslash", "\\")
        c = text[self.pos + 1]
        self.pos += 2
        return _ESCAPES.get(c, c)


def _unicode(run: str) -> str:
    """parseUnicode: a run of ``\\uXXXX``/``\\u{X...}`` escapes, surrogate pairs combined."""
    out: list[str] = []
    hi = -1
    for m in re.finditer(r"\\u(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{4}))", run):
        ch = int(m.group(1) or m.group(2), 16)
        if 0xD800 <= ch <= 0xDBFF:
            if hi != -1:
                raise _bad_input("Unicode high surrogate must not follow a high surrogate.",
                                 errors.InvalidTextRepresentation)
            hi = ch
            continue
        if 0xDC00 <= ch <= 0xDFFF:
            if hi == -1:
                raise _bad_input("Unicode low surrogate must follow a high surrogate.",
                                 errors.InvalidTextRepresentation)
            ch = 0x10000 + ((hi - 0xD800) << 10) + (ch - 0xDC00)
            hi = -1
        elif hi != -1:
            raise _bad_input("Unicode low surrogate must follow a high surrogate.", errors.InvalidTextRepresentation)
        if ch == 0:
            raise errors.UntranslatableCharacter("unsupported Unicode escape sequence",
                                                 detail="\\u0000 cannot be converted to text.")
        if ch > 0x10FFFF:
            raise errors.SyntaxError("invalid Unicode code point")
        out.append(chr(ch))
    if hi != -1:
        raise _bad_input("Unicode low surrogate must follow a high surrogate.", errors.InvalidTextRepresentation)
    return "".join(out)


# ---------------------------------------------------------------------------
# Parser (jsonpath_gram.y)
# ---------------------------------------------------------------------------

_COMPARISONS: Final = frozenset({"==", "!=", "<", "<=", ">", ">="})
#: the kinds of items that are predicates (boolean) rather than expressions
_PREDICATES: Final = frozenset({*_COMPARISONS, "&&", "||", "!", "is unknown", "exists", "starts with", "like_regex"})
#: words that may follow "." as a key name (any_identifier)
_KEY_TOKENS: Final = frozenset({"ident", "str", *_KEYWORDS})
#: PostgreSQL's regex flag letters in jsonpath, in printing order
_FLAG_ORDER: Final = "ismxq"


class _Parser:
    """A recursive-descent parser accepting PostgreSQL's jsonpath grammar.  A syntax error is
    reported at the token bison would stop at: the first one that cannot continue the input.
    Tokens are read on demand, as bison does: a lexical error after a syntax error is not seen."""

    def __init__(self, lexer: _Lexer) -> None:
        self.lexer = lexer
        self.tokens: list[_Token] = []
        self.i = 0

    def peek(self, ahead: int = 0) -> _Token:
        while len(self.tokens) <= self.i + ahead:
            if self.tokens and self.tokens[-1].kind == "end":
                return self.tokens[-1]
            self.tokens.append(self.lexer.next())
        return self.tokens[self.i + ahead]

    @property
    def tok(self) -> _Token:
        return self.peek()

    def advance(self) -> _Token:
        t = self.peek()
        if t.kind != "end":
            self.i += 1
        return t

    def error(self) -> NoReturn:
        raise _syntax("syntax error", self.tok.near)

    def expect(self, kind: str) -> _Token:
        if self.tok.kind != kind:
            self.error()
        return self.advance()

    def want_predicate(self, node: Node) -> Node:
        """``node`` must be a predicate: else the error is at the token after it."""
        if node.kind not in _PREDICATES or node.as_expr:
            self.error()
        return node

    def want_expression(self, node: Node) -> Node:
        """``node`` must be an expression (not a bare predicate): else the same error."""
        if node.kind in _PREDICATES and not node.as_expr:
            self.error()
        return node

    def parse(self) -> tuple[bool, Node]:
        strict = False
        if self.tok.kind in ("strict", "lax"):
            strict = self.advance().kind == "strict"
        node = self.or_()
        if self.tok.kind != "end":
            self.error()
        return strict, node

    def or_(self) -> Node:
        left = self.and_()
        while self.tok.kind == "||":
            self.want_predicate(left)
            self.advance()
            left = Node("||", left=left, right=self.want_predicate(self.and_()))
        return left

    def and_(self) -> Node:
        left = self.not_()
        while self.tok.kind == "&&":
            self.want_predicate(left)
            self.advance()
            left = Node("&&", left=left, right=self.want_predicate(self.not_()))
        return left

    def not_(self) -> Node:
        if self.tok.kind != "!":
            return self.comparison()
        self.advance()
        if self.tok.kind == "exists":
            return Node("!", left=self.exists())
        self.expect("(")
        inner = self.want_predicate(self.or_())
        self.expect(")")
        return Node("!", left=inner)

    def exists(self) -> Node:
        self.expect("exists")
        self.expect("(")
        inner = self.want_expression(self.additive())  # an expression: a comparison is an error at once
        self.expect(")")
        return Node("exists", left=inner)

    def comparison(self) -> Node:
        if self.tok.kind == "exists":  # a predicate only: never an operand of an operator
            return self.exists()
        left = self.additive()
        kind = self.tok.kind
        if kind in _COMPARISONS:
            self.want_expression(left)
            self.advance()
            return Node(kind, left=left, right=self.want_expression(self.additive()))
        if kind == "starts":
            self.want_expression(left)
            self.advance()
            self.expect("with")
            if self.tok.kind == "str":
                right = Node("str", self.advance().value)
            elif self.tok.kind == "var":
                right = Node("var", self.advance().value)
            else:
                self.error()
            return Node("starts with", left=left, right=right)
        if kind == "like_regex":
            self.want_expression(left)
            self.advance()
            pattern = self.expect("str").value
            flags = ""
            if self.tok.kind == "flag":
                self.advance()
                flags = self.expect("str").value
            return _like_regex(left, pattern, flags)
        return left

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.tok.kind in ("+", "-"):
            self.want_expression(left)
            op = self.advance().kind
            left = Node(op, left=left, right=self.want_expression(self.multiplicative()))
        return left

    def multiplicative(self) -> Node:
        left = self.unary()
        while self.tok.kind in ("*", "/", "%"):
            self.want_expression(left)
            op = self.advance().kind
            left = Node(op, left=left, right=self.want_expression(self.unary()))
        return left

    def unary(self) -> Node:
        if self.tok.kind in ("+", "-"):
            op = self.advance().kind
            arg = self.want_expression(self.unary())
            # makeItemUnary: a sign folds into a numeric literal
            if arg.kind == "num" and arg.next is None:
                return arg if op == "+" else Node("num", N.numeric_uminus(arg.value))
            return Node("plus" if op == "+" else "minus", left=arg)
        return self.accessor_expr()

    def accessor_expr(self) -> Node:
        t = self.tok
        if t.kind == "(":
            self.advance()
            inner = self.or_()
            self.expect(")")
            if inner.kind in _PREDICATES and not inner.as_expr:
                if self.tok.kind == "is":
                    self.advance()
                    self.expect("unknown")
                    return Node("is unknown", left=inner)
                if self.tok.kind not in (".", "[", "?"):
                    return inner  # a delimited predicate
                inner.as_expr = True
            return self.accessors(inner)
        if t.kind in ("$", "@", "last"):
            self.advance()
            node = Node(t.kind)
        elif t.kind in ("str", "var", "int", "num"):
            self.advance()
            node = Node("num" if t.kind == "int" else t.kind, t.value)
        elif t.kind in ("null", "true", "false"):
            self.advance()
            node = Node("null") if t.kind == "null" else Node("bool", t.kind == "true")
        else:
            self.error()
        return self.accessors(node)

    def accessors(self, head: Node) -> Node:
        """accessor_op*: appended to the end of ``head``'s chain (makeItemList)."""
        tail = head
        while tail.next is not None:
            tail = tail.next
        while True:
            kind = self.tok.kind
            if kind == ".":
                self.advance()
                item = self.dot_accessor()
            elif kind == "[":
                self.advance()
                item = self.subscripts()
            elif kind == "?":
                self.advance()
                self.expect("(")
                pred = self.want_predicate(self.or_())
                self.expect(")")
                item = Node("filter", left=pred)
            else:
                return head
            tail.next = item
            tail = item

    def dot_accessor(self) -> Node:
        t = self.tok
        if t.kind == "*":
            self.advance()
            return Node(".*")
        if t.kind == "**":
            self.advance()
            node = Node("**", first=0, last=-1)
            if self.tok.kind == "{":
                self.advance()
                node.first = self.level()
                node.last = node.first
                if self.tok.kind == "to":
                    self.advance()
                    node.last = self.level()
                self.expect("}")
            return node
        if t.kind in _METHODS and self.peek(1).kind == "(":
            self.advance()
            self.advance()
            self.expect(")")
            return Node("method", t.kind)
        if t.kind == "datetime" and self.peek(1).kind == "(":
            self.advance()
            self.advance()
            template = self.advance().value if self.tok.kind == "str" else None
            self.expect(")")
            return Node("datetime", template)
        if t.kind in _KEY_TOKENS:
            self.advance()
            return Node("key", t.value)
        self.error()

    def level(self) -> int:
        if self.tok.kind == "last":
            self.advance()
            return -1
        t = self.expect("int")
        value = int(t.value)
        if not 0 <= value <= 0x7FFFFFFF:
            raise errors.NumericValueOutOfRange(f'value "{t.near}" is out of range for type integer')
        return value

    def subscripts(self) -> Node:
        if self.tok.kind == "*":
            self.advance()
            self.expect("]")
            return Node("[*]")
        items: list[tuple[Node, Node | None]] = []
        while True:
            start = self.want_expression(self.additive())
            end = None
            if self.tok.kind == "to":
                self.advance()
                end = self.want_expression(self.additive())
            items.append((start, end))
            if self.tok.kind == ",":
                self.advance()
                continue
            self.expect("]")
            return Node("index", subscripts=items)


def _like_regex(left: Node, pattern: str, flags: str) -> Node:
    """makeItemLikeRegex: the flags are checked and the pattern compiled at parse time."""
    seen = set()
    for ch in flags:
        if ch not in _FLAG_ORDER:
            raise _bad_input(f'Unrecognized flag character "{ch}" in LIKE_REGEX predicate.')
        seen.add(ch)
    ordered = "".join(ch for ch in _FLAG_ORDER if ch in seen)
    R.compile_pattern(pattern, _regex_cflags(ordered))
    return Node("like_regex", pattern, left=left, flags=ordered)


def _regex_cflags(flags: str) -> int:
    """jspConvertRegexFlags: XQuery flags to regcomp flags."""
    cflags = R.REG_ADVANCED
    if "i" in flags:
        cflags |= R.REG_ICASE
    if "q" in flags:
        cflags = (cflags & ~R.REG_ADVANCED) | R.REG_QUOTE
    else:
        if "s" not in flags:
            cflags |= R.REG_NLSTOP
        if "m" in flags:
            cflags |= R.REG_NLANCH
        if "x" in flags:
            raise errors.FeatureNotSupported('XQuery "x" flag (expanded regular expressions) is not implemented')
    return cflags


def _check_positions(node: Node | None, in_filter: bool, in_subscript: bool) -> None:
    """flattenJsonPathParseItem's checks: ``@`` only in filters, ``last`` only in subscripts."""
    while node is not None:
        if node.kind == "@" and not in_filter:
            raise errors.SyntaxError("@ is not allowed in root expressions")
        if node.kind == "last" and not in_subscript:
            raise errors.SyntaxError("LAST is allowed only in array subscripts")
        if node.kind == "filter":
            _check_positions(node.left, True, in_subscript)
        else:
            _check_positions(node.left, in_filter, in_subscript)
            _check_positions(node.right, in_filter, in_subscript)
        for start, end in node.subscripts:
            _check_positions(start, in_filter, True)
            _check_positions(end, in_filter, True)
        node = node.next


def jsonpath_in(text: str) -> JsonPath:
    """``jsonpath_in``: parse, check and print canonically."""
    try:
        parser = _Parser(_Lexer(text))
        if parser.tok.kind == "end":
            raise errors.InvalidTextRepresentation(f'invalid input syntax for type jsonpath: "{text}"')
        strict, root = parser.parse()
        _check_positions(root, False, False)
        printed = ("strict " if strict else "") + _print(root, False, True)
    except RecursionError:
        _too_deep()
    return JsonPath(printed, strict, root)


def jsonpath_out(value: JsonPath) -> str:
    return str.__str__(value)


def _too_deep() -> NoReturn:
    raise errors.StatementTooComplex(
        "stack depth limit exceeded",
        hint='Increase the configuration parameter "max_stack_depth" (currently 2048kB), '
        "after ensuring the platform's stack depth limit is adequate.",
    )


# ---------------------------------------------------------------------------
# Printer (printJsonPathItem)
# ---------------------------------------------------------------------------

_PRIORITY: Final = {
    "||": 0, "&&": 1, "!": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3, "starts with": 3,
    "+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "plus": 6, "minus": 6,
}


def _priority(node: Node) -> int:
    return _PRIORITY.get(node.kind, 7)


def _quote(s: str) -> str:
    return tree_text(s)  # escape_json


def _print(node: Node, in_key: bool, brackets: bool) -> str:
    """printJsonPathItem over a chain: each next item is printed as a key, in brackets."""
    parts = [_print_item(node, in_key, brackets)]
    item = node.next
    while item is not None:  # a loop, not recursion: chains can be long
        parts.append(_print_item(item, True, True))
        item = item.next
    return "".join(parts)


def _print_item(node: Node, in_key: bool, brackets: bool) -> str:
    k = node.kind
    out: str
    if k in _PRIORITY and k not in ("!", "plus", "minus"):
        assert node.left is not None and node.right is not None
        p = _priority(node)
        out = (_print(node.left, False, _priority(node.left) <= p) + " " + k + " "
               + _print(node.right, False, _priority(node.right) <= p))
        if brackets:
            out = "(" + out + ")"
    elif k in ("plus", "minus"):
        assert node.left is not None
        out = ("+" if k == "plus" else "-") + _print(node.left, False, _priority(node.left) <= _priority(node))
        if brackets:
            out = "(" + out + ")"
    elif k == "like_regex":
        assert node.left is not None
        out = _print(node.left, False, _priority(node.left) <= _priority(node)) + " like_regex " + _quote(node.value)
        if node.flags:
            out += ' flag "' + node.flags + '"'
        if brackets:
            out = "(" + out + ")"
    elif k == "!":
        assert node.left is not None
        out = "!(" + _print(node.left, False, False) + ")"
    elif k == "is unknown":
        assert node.left is not None
        out = "(" + _print(node.left, False, False) + ") is unknown"
    elif k == "exists":
        assert node.left is not None
        out = "exists (" + _print(node.left, False, False) + ")"
    elif k == "filter":
        assert node.left is not None
        out = "?(" + _print(node.left, False, False) + ")"
    elif k == "key":
        out = ("." if in_key else "") + _quote(node.value)
    elif k in ("$", "@", "last"):
        out = k
    elif k == "var":
        out = "$" + _quote(node.value)
    elif k == "num":
        out = N.numeric_out(node.value)
    elif k == "str":
        out = _quote(node.value)
    elif k == "null":
        out = "null"
    elif k == "bool":
        out = "true" if node.value else "false"
    elif k == ".*":
        out = ("." if in_key else "") + "*"
    elif k == "[*]":
        out = "[*]"
    elif k == "**":
        out = ("." if in_key else "") + _any_text(node.first, node.last)
    elif k == "index":
        parts = []
        for start, end in node.subscripts:
            part = _print(start, False, False)
            if end is not None:
                part += " to " + _print(end, False, False)
            parts.append(part)
        out = "[" + ",".join(parts) + "]"
    elif k == "method":
        out = "." + node.value + "()"
    elif k == "datetime":
        out = ".datetime(" + (_quote(node.value) if node.value is not None else "") + ")"
    else:  # pragma: no cover - every kind is printed above
        raise AssertionError(k)
    return out


def _any_text(first: int, last: int) -> str:
    if first == 0 and last == -1:
        return "**"
    if first == last:
        return "**{last}" if first == -1 else f"**{{{first}}}"
    if first == -1:
        return f"**{{last to {last}}}"
    if last == -1:
        return f"**{{{first} to last}}"
    return f"**{{{first} to {last}}}"


# ---------------------------------------------------------------------------
# Evaluation (jsonpath_exec.c)
# ---------------------------------------------------------------------------

#: ``last`` as a level of ``.**{...}``: PostgreSQL stores it as PG_UINT32_MAX
_LAST_LEVEL: Final = 0xFFFFFFFF

OK: Final = 0
NOT_FOUND: Final = 1
ERROR: Final = 2

#: three-valued predicate results (JsonPathBool)
TRUE: Final = 1
FALSE: Final = 0
UNKNOWN: Final = -1

_OPERATION_NAMES: Final = {"plus": "+", "minus": "-"}
_ARITHMETIC: Final[dict[str, Callable[[Decimal, Decimal], Decimal]]] = {
    "+": N.numeric_add, "-": N.numeric_sub, "*": N.numeric_mul, "/": N.numeric_div, "%": N.numeric_mod,
}
_NUMERIC_METHODS: Final[dict[str, Callable[[Decimal], Decimal]]] = {
    "abs": N.numeric_abs, "floor": N.numeric_floor, "ceiling": N.numeric_ceil,
}


class _Executor:
    """The state of one evaluation (JsonPathExecContext)."""

    def __init__(self, path: JsonPath, doc: JsonValue, vars_: dict[str, JsonValue] | None, throw: bool) -> None:
        self.lax = not path.strict
        self.ignore_structural = self.lax
        self.throw = throw
        self.root = doc
        self.current: JsonValue = doc
        self.vars = vars_
        self.innermost_size = -1
        # (container, id) of the document that keyvalue() ids are offsets into
        self.base: tuple[Any, int] = (None, 0)
        self.last_generated_id = 1 if vars_ is None else 2

    # -- errors --------------------------------------------------------------------------------

    def fail(self, exc: errors.Error) -> int:
        """RETURN_ERROR: raise in throwing mode, else report an error result."""
        if self.throw:
            raise exc
        return ERROR

    # -- items ---------------------------------------------------------------------------------

    def run(self, node: Node, found: list[JsonValue] | None) -> int:
        """executeJsonPath's body; strict mode collects everything to see every error."""
        if not self.lax and found is None:
            values: list[JsonValue] = []
            res = self.item(node, self.root, values)
            if res == ERROR:
                return res
            return OK if values else NOT_FOUND
        return self.item(node, self.root, found)

    def item(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        """executeItem."""
        return self.item_opt_unwrap(node, jb, found, self.lax)

    def next_item(self, node: Node, nxt: Node | None, v: JsonValue, found: list[JsonValue] | None) -> int:
        """executeNextItem: ``nxt`` is the node's next item (or an explicit one)."""
        if nxt is not None:
            return self.item(nxt, v, found)
        if found is not None:
            found.append(v)
        return OK

    def item_opt_unwrap(self, node: Node, jb: JsonValue, found: list[JsonValue] | None, unwrap: bool) -> int:
        """executeItemOptUnwrapTarget."""
        k = node.kind
        nxt = node.next
        if k in _PREDICATES:
            return self.append_bool(node, self.bool_item(node, jb, True), found)
        if k in ("null", "bool", "num", "str", "var"):
            if nxt is None and found is None and k != "var":
                return OK
            saved = self.base
            v = self.variable(node.value) if k == "var" else node.value
            res = self.next_item(node, nxt, v, found)
            self.base = saved
            return res
        if k in _ARITHMETIC:
            return self.binary_arithmetic(node, jb, found)
        if k in ("plus", "minus"):
            return self.unary_arithmetic(node, jb, found)
        if k == "$":
            saved = self.base
            self.base = (self.root, 0)
            res = self.next_item(node, nxt, self.root, found)
            self.base = saved
            return res
        if k == "@":
            return self.next_item(node, nxt, self.current, found)
        if k == "key":
            return self.key(node, jb, found, unwrap)
        if k == "[*]":
            if type(jb) is list:
                return self.unwrap_array(nxt, jb, found, self.lax)
            if self.lax:
                return self.next_item(node, nxt, jb, found)
            if not self.ignore_structural:
                return self.fail(errors.SqlJsonArrayNotFound(
                    "jsonpath wildcard array accessor can only be applied to an array"))
            return NOT_FOUND
        if k == "index":
            return self.index(node, jb, found)
        if k == "last":
            if self.innermost_size < 0:  # pragma: no cover - the parser allows last only in subscripts
                raise errors.InternalError("evaluating jsonpath LAST outside of array subscript")
            if nxt is None and found is None:
                return OK
            return self.next_item(node, nxt, Decimal(self.innermost_size - 1), found)
        if k == ".*":
            if type(jb) is dict:
                return self.any_item(nxt, jb, found, 1, 1, 1, False, self.lax)
            if unwrap and type(jb) is list:
                return self.unwrap_array(node, jb, found, False)
            if not self.ignore_structural:
                return self.fail(errors.SqlJsonObjectNotFound(
                    "jsonpath wildcard member accessor can only be applied to an object"))
            return NOT_FOUND
        if k == "**":
            return self.any_path(node, jb, found)
        if k == "filter":
            if unwrap and type(jb) is list:
                return self.unwrap_array(node, jb, found, False)
            assert node.left is not None
            if self.nested_bool(node.left, jb) != TRUE:
                return NOT_FOUND
            return self.next_item(node, nxt, jb, found)
        if k == "method":
            return self.method(node, jb, found, unwrap)
        if k == "datetime":
            if unwrap and type(jb) is list:
                return self.unwrap_array(node, jb, found, False)
            if type(jb) is not str:
                return self.fail(errors.InvalidArgumentForSqlJsonDatetimeFunction(
                    "jsonpath item method .datetime() can only be applied to a string"))
            raise errors.FeatureNotSupported("jsonpath item method .datetime() is not supported by pydsql")
        raise AssertionError(k)  # pragma: no cover

    def variable(self, name: str) -> JsonValue:
        """getJsonPathVariable: the operators pass no vars (every variable is null)."""
        if self.vars is None:
            return None
        if name not in self.vars:
            raise errors.UndefinedObject(f'could not find jsonpath variable "{name}"')
        self.base = (self.vars, 1)
        return self.vars[name]

    def append_bool(self, node: Node, res: int, found: list[JsonValue] | None) -> int:
        """appendBoolResult: a predicate's value as an item (unknown is null)."""
        if node.next is None and found is None:
            return OK
        v: JsonValue = None if res == UNKNOWN else res == TRUE
        return self.next_item(node, node.next, v, found)

    def unwrap_array(self, node: Node | None, arr: list[JsonValue], found: list[JsonValue] | None,
                     unwrap_elements: bool) -> int:
        """executeItemUnwrapTargetArray: ``node`` applied to each element."""
        return self.any_item(node, arr, found, 1, 1, 1, False, unwrap_elements)

    def any_item(self, node: Node | None, container: Any, found: list[JsonValue] | None, level: int,
                 first: int, last: int, ignore_structural: bool, unwrap_next: bool) -> int:
        """executeAnyItem: the values of ``container`` from ``level`` down to ``last``, those at
        levels ``first`` and below given to ``node``.  ``last`` in a level is PostgreSQL's
        PG_UINT32_MAX: ``{last}`` alone means the leaves only."""
        res = NOT_FOUND
        if level > last:
            return res
        values = container.values() if type(container) is dict else container
        for v in values:
            is_container = type(v) in (dict, list)
            if level >= first or (first == _LAST_LEVEL and last == _LAST_LEVEL and not is_container):
                if node is not None:
                    saved = self.ignore_structural
                    if ignore_structural:
                        self.ignore_structural = True
                    res = self.item_opt_unwrap(node, v, found, unwrap_next)
                    self.ignore_structural = saved
                    if res == ERROR:
                        break
                    if res == OK and found is None:
                        break
                elif found is not None:
                    found.append(v)
                else:
                    return OK
            if level < last and is_container:
                res = self.any_item(node, v, found, level + 1, first, last, ignore_structural, unwrap_next)
                if res == ERROR:
                    break
                if res == OK and found is None:
                    break
        return res

    def any_path(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        """``.**{first to last}``: level 0 is the item itself."""
        res = NOT_FOUND
        if node.first == 0:
            saved = self.ignore_structural
            self.ignore_structural = True
            res = self.next_item(node, node.next, jb, found)
            self.ignore_structural = saved
            if res == OK and found is None:
                return res
        if type(jb) in (dict, list):
            first = _LAST_LEVEL if node.first == -1 else node.first
            last = _LAST_LEVEL if node.last == -1 else node.last
            res = self.any_item(node.next, jb, found, 1, first, last, True, self.lax)
        return res

    def key(self, node: Node, jb: JsonValue, found: list[JsonValue] | None, unwrap: bool) -> int:
        if type(jb) is dict:
            name = node.value
            if name in jb:
                return self.next_item(node, node.next, jb[name], found)
            if not self.ignore_structural:
                return self.fail(errors.SqlJsonMemberNotFound(f'JSON object does not contain key "{name}"'))
            return NOT_FOUND
        if unwrap and type(jb) is list:
            return self.unwrap_array(node, jb, found, False)
        if not self.ignore_structural:
            return self.fail(errors.SqlJsonMemberNotFound("jsonpath member accessor can only be applied to an object"))
        return NOT_FOUND

    def index(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        """``[subscripts]``: in lax mode a non-array is a one-element array."""
        if type(jb) is not list and not self.lax:
            if not self.ignore_structural:
                return self.fail(errors.SqlJsonArrayNotFound("jsonpath array accessor can only be applied to an array"))
            return NOT_FOUND
        saved_size = self.innermost_size
        singleton = type(jb) is not list
        size = 1 if singleton else len(jb)  # type: ignore[arg-type]
        self.innermost_size = size
        res = NOT_FOUND
        for start, end in node.subscripts:
            res, lo = self.array_index(start, jb)
            if res == ERROR:
                break
            hi = lo
            if end is not None:
                res, hi = self.array_index(end, jb)
                if res == ERROR:
                    break
            if not self.ignore_structural and (lo < 0 or lo > hi or hi >= size):
                return self.fail(errors.InvalidSqlJsonSubscript("jsonpath array subscript is out of bounds"))
            lo = max(lo, 0)
            hi = min(hi, size - 1)
            res = NOT_FOUND
            for i in range(lo, hi + 1):
                v = jb if singleton else jb[i]  # type: ignore[index]
                if node.next is None and found is None:
                    self.innermost_size = saved_size
                    return OK
                res = self.next_item(node, node.next, v, found)
                if res == ERROR or (res == OK and found is None):
                    break
            if res == ERROR or (res == OK and found is None):
                break
        self.innermost_size = saved_size
        return res

    def array_index(self, node: Node, jb: JsonValue) -> tuple[int, int]:
        """getArrayIndex: (result, the subscript truncated to an int4)."""
        values: list[JsonValue] = []
        res = self.item(node, jb, values)
        if res == ERROR:
            return res, 0
        if len(values) != 1 or type(values[0]) is not Decimal:
            return self.fail(errors.InvalidSqlJsonSubscript(
                "jsonpath array subscript is not a single numeric value")), 0
        n = N.numeric_trunc(values[0])
        if not -(1 << 31) <= n < (1 << 31):
            return self.fail(errors.InvalidSqlJsonSubscript("jsonpath array subscript is out of integer range")), 0
        return OK, int(n)

    # -- arithmetic ----------------------------------------------------------------------------

    def unwrapped(self, node: Node, jb: JsonValue, found: list[JsonValue]) -> int:
        """executeItemOptUnwrapResult with unwrap: arrays among the results give their elements
        (lax mode only)."""
        if not self.lax:
            return self.item(node, jb, found)
        seq: list[JsonValue] = []
        res = self.item(node, jb, seq)
        if res == ERROR:
            return res
        for v in seq:
            if type(v) is list:
                found.extend(v)
            else:
                found.append(v)
        return OK

    def unwrapped_no_throw(self, node: Node, jb: JsonValue, unwrap: bool, found: list[JsonValue] | None) -> int:
        """executeItemOptUnwrapResultNoThrow."""
        saved = self.throw
        self.throw = False
        try:
            if unwrap and found is not None:
                return self.unwrapped(node, jb, found)
            return self.item(node, jb, found)
        finally:
            self.throw = saved

    def binary_arithmetic(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        assert node.left is not None and node.right is not None
        lseq: list[JsonValue] = []
        rseq: list[JsonValue] = []
        res = self.unwrapped(node.left, jb, lseq)
        if res == ERROR:
            return res
        res = self.unwrapped(node.right, jb, rseq)
        if res == ERROR:
            return res
        if len(lseq) != 1 or type(lseq[0]) is not Decimal:
            return self.fail(errors.SingletonSqlJsonItemRequired(
                f"left operand of jsonpath operator {node.kind} is not a single numeric value"))
        if len(rseq) != 1 or type(rseq[0]) is not Decimal:
            return self.fail(errors.SingletonSqlJsonItemRequired(
                f"right operand of jsonpath operator {node.kind} is not a single numeric value"))
        try:
            value = _ARITHMETIC[node.kind](lseq[0], rseq[0])
        except errors.Error as e:
            return self.fail(e)
        if node.next is None and found is None:
            return OK
        return self.next_item(node, node.next, value, found)

    def unary_arithmetic(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        assert node.left is not None
        seq: list[JsonValue] = []
        res = self.unwrapped(node.left, jb, seq)
        if res == ERROR:
            return res
        res = NOT_FOUND
        has_next = node.next is not None
        for v in seq:
            if type(v) is Decimal:
                if found is None and not has_next:
                    return OK
            else:
                if found is None and not has_next:
                    continue
                op = "+" if node.kind == "plus" else "-"
                return self.fail(errors.SqlJsonNumberNotFound(f"operand of unary jsonpath operator {op} is not a numeric value"))
            if node.kind == "minus":
                v = N.numeric_uminus(v)
            res2 = self.next_item(node, node.next, v, found)
            if res2 == ERROR:
                return res2
            if res2 == OK:
                if found is None:
                    return OK
                res = OK
        return res

    # -- methods -------------------------------------------------------------------------------

    def method(self, node: Node, jb: JsonValue, found: list[JsonValue] | None, unwrap: bool) -> int:
        name = node.value
        if name == "type":
            return self.next_item(node, node.next, tree_type(jb), found)
        if name == "size":
            if type(jb) is list:
                size = len(jb)
            elif not self.lax:
                if not self.ignore_structural:
                    return self.fail(errors.SqlJsonArrayNotFound(
                        "jsonpath item method .size() can only be applied to an array"))
                return NOT_FOUND
            else:
                size = 1
            return self.next_item(node, node.next, Decimal(size), found)
        if unwrap and type(jb) is list:
            return self.unwrap_array(node, jb, found, False)
        if name in _NUMERIC_METHODS:
            if type(jb) is not Decimal:
                return self.fail(errors.NonNumericSqlJsonItem(
                    f"jsonpath item method .{name}() can only be applied to a numeric value"))
            value = _NUMERIC_METHODS[name](jb)
            if node.next is None and found is None:
                return OK
            return self.next_item(node, node.next, value, found)
        if name == "double":
            return self.double(node, jb, found)
        assert name == "keyvalue"
        return self.keyvalue(node, jb, found)

    def double(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        """``.double()``: a number stays as it is (once checked to fit a float8); a string
        becomes the numeric of its float8 value."""
        if type(jb) is Decimal:
            try:
                f = N.float8_in(N.numeric_out(jb))
            except errors.Error:
                f = float("inf")
            if f != f or f in (float("inf"), float("-inf")):
                return self.fail(errors.NonNumericSqlJsonItem(
                    "numeric argument of jsonpath item method .double() is out of range for type double precision"))
            return self.next_item(node, node.next, jb, found)
        if type(jb) is str:
            bad = errors.NonNumericSqlJsonItem(
                "string argument of jsonpath item method .double() is not a valid representation of a double "
                "precision number")
            try:
                f = N.float8_in(jb)
            except errors.Error:
                return self.fail(bad)
            if f != f or f in (float("inf"), float("-inf")):
                return self.fail(bad)
            return self.next_item(node, node.next, N.float8_to_numeric(f), found)
        return self.fail(errors.NonNumericSqlJsonItem(
            "jsonpath item method .double() can only be applied to a string or numeric value"))

    def keyvalue(self, node: Node, jb: JsonValue, found: list[JsonValue] | None) -> int:
        """``.keyvalue()``: one ``{"id", "key", "value"}`` object per member; ``id`` is the
        object's byte offset in its base document's jsonb form plus 10^10 times the base's id."""
        if type(jb) is not dict:
            return self.fail(errors.SqlJsonObjectNotFound(
                "jsonpath item method .keyvalue() can only be applied to an object"))
        if not jb:
            return NOT_FOUND
        base, base_id = self.base
        ident = Decimal(_container_offset(base, jb) + base_id * 10_000_000_000)
        res = NOT_FOUND
        for key, value in jb.items():
            res = OK
            if node.next is None and found is None:
                break
            obj: dict[str, JsonValue] = {"id": ident, "key": key, "value": value}
            saved = self.base
            self.base = (obj, self.last_generated_id)
            self.last_generated_id += 1
            res = self.next_item(node, node.next, obj, found)
            self.base = saved
            if res == ERROR:
                return res
            if res == OK and found is None:
                break
        return res

    # -- predicates ----------------------------------------------------------------------------

    def nested_bool(self, node: Node, jb: JsonValue) -> int:
        """executeNestedBoolItem: ``@`` is ``jb`` inside."""
        saved = self.current
        self.current = jb
        try:
            return self.bool_item(node, jb, False)
        finally:
            self.current = saved

    def bool_item(self, node: Node, jb: JsonValue, can_have_next: bool) -> int:
        """executeBoolItem."""
        k = node.kind
        if k == "&&":
            assert node.left is not None and node.right is not None
            res = self.bool_item(node.left, jb, False)
            if res == FALSE:
                return FALSE
            res2 = self.bool_item(node.right, jb, False)
            return res if res2 == TRUE else res2
        if k == "||":
            assert node.left is not None and node.right is not None
            res = self.bool_item(node.left, jb, False)
            if res == TRUE:
                return TRUE
            res2 = self.bool_item(node.right, jb, False)
            return res if res2 == FALSE else res2
        if k == "!":
            assert node.left is not None
            res = self.bool_item(node.left, jb, False)
            return UNKNOWN if res == UNKNOWN else (FALSE if res == TRUE else TRUE)
        if k == "is unknown":
            assert node.left is not None
            return TRUE if self.bool_item(node.left, jb, False) == UNKNOWN else FALSE
        if k in _COMPARISONS:
            return self.predicate(node, jb, True, _compare_items)
        if k == "starts with":
            return self.predicate(node, jb, False, _starts_with)
        if k == "like_regex":
            return self.predicate(node, jb, False, _like_regex_matcher(node))
        if k == "exists":
            assert node.left is not None
            if not self.lax:
                values: list[JsonValue] = []
                res = self.unwrapped_no_throw(node.left, jb, False, values)
                if res == ERROR:
                    return UNKNOWN
                return TRUE if values else FALSE
            res = self.unwrapped_no_throw(node.left, jb, False, None)
            if res == ERROR:
                return UNKNOWN
            return TRUE if res == OK else FALSE
        raise AssertionError(k)  # pragma: no cover

    def predicate(self, node: Node, jb: JsonValue, unwrap_right: bool,
                  test: Callable[[Node, JsonValue, JsonValue], int]) -> int:
        """executePredicate: any pair of left/right items satisfying ``test`` (lax), or all
        pairs free of unknown results (strict)."""
        assert node.left is not None
        lseq: list[JsonValue] = []
        rseq: list[JsonValue] = []
        if self.unwrapped_no_throw(node.left, jb, True, lseq) == ERROR:
            return UNKNOWN
        has_right = node.right is not None  # like_regex has no right operand
        if node.right is not None:
            if self.unwrapped_no_throw(node.right, jb, unwrap_right, rseq) == ERROR:
                return UNKNOWN
        error = found = False
        for lv in lseq:
            for rv in (rseq if has_right else [None]):
                res = test(node, lv, rv)
                if res == UNKNOWN:
                    if not self.lax:
                        return UNKNOWN
                    error = True
                elif res == TRUE:
                    if self.lax:
                        return TRUE
                    found = True
        if found:
            return TRUE
        if error:
            return UNKNOWN
        return FALSE


def _compare_items(node: Node, a: JsonValue, b: JsonValue) -> int:
    """compareItems: only scalars of one type compare; null vs non-null is unequal."""
    op = node.kind
    ta, tb = type(a), type(b)
    if ta is not tb:
        if a is None or b is None:
            return TRUE if op == "!=" else FALSE
        return UNKNOWN
    if ta in (dict, list):
        return UNKNOWN
    if a is None:
        cmp = 0
    else:
        cmp = (a > b) - (a < b)  # type: ignore[operator]  # bools, numbers, strings (code points)
    ok = {"==": cmp == 0, "!=": cmp != 0, "<": cmp < 0, "<=": cmp <= 0, ">": cmp > 0, ">=": cmp >= 0}[op]
    return TRUE if ok else FALSE


def _starts_with(node: Node, whole: JsonValue, initial: JsonValue) -> int:
    if type(whole) is not str or type(initial) is not str:
        return UNKNOWN
    return TRUE if whole.startswith(initial) else FALSE


def _like_regex_matcher(node: Node) -> Callable[[Node, JsonValue, JsonValue], int]:
    compiled = R.compile_pattern(node.value, _regex_cflags(node.flags))

    def match(node: Node, s: JsonValue, _: JsonValue) -> int:
        if type(s) is not str:
            return UNKNOWN
        return TRUE if compiled.rx.search(s) is not None else FALSE

    return match


# ---------------------------------------------------------------------------
# keyvalue() ids: offsets in PostgreSQL's binary jsonb layout (convertJsonbValue)
# ---------------------------------------------------------------------------


def _numeric_size(d: Decimal) -> int:
    """VARSIZE of the Numeric datum jsonb stores: header plus base-10000 digits."""
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    dscale = max(0, -exp)
    stripped = "".join(map(str, digits)).lstrip("0")
    if not stripped:
        return 6  # zero: short header, no digits
    trailing = len(stripped) - len(stripped.rstrip("0"))
    high = len(stripped) + exp - 1  # the power of ten of the leading digit
    low = exp + trailing
    weight, lowest = high // 4, low // 4
    ndigits = weight - lowest + 1
    short = dscale <= 63 and -64 <= weight <= 63
    return (6 if short else 8) + 2 * ndigits


def _pad(pos: int) -> int:
    return (pos + 3) & ~3


def _layout(v: JsonValue, pos: int, target: Any) -> tuple[int, int | None]:
    """Lay ``v`` out at buffer offset ``pos``: (the end offset, the offset of ``target``'s
    container if met)."""
    t = type(v)
    if t is dict or t is list:
        start = _pad(pos)
        if v is target:
            return start, start
        n = len(v)  # type: ignore[arg-type]
        pos = start + 4 + 4 * (2 * n if t is dict else n)
        if t is dict:
            for key in v:  # type: ignore[union-attr]
                pos += len(key.encode())
            children = list(v.values())  # type: ignore[union-attr]
        else:
            children = v  # type: ignore[assignment]
        for child in children:
            pos, hit = _layout(child, pos, target)
            if hit is not None:
                return pos, hit
        return pos, None
    if t is str:
        return pos + len(v.encode()), None  # type: ignore[union-attr]
    if t is Decimal:
        return _pad(pos) + _numeric_size(v), None  # type: ignore[arg-type]
    return pos, None  # null, booleans: no data


def _container_offset(base: Any, target: Any) -> int:
    """The offset of container ``target`` from the start of ``base``'s root container."""
    if base is None:
        return 0
    _, hit = _layout(base, 0, target)
    return hit or 0


# ---------------------------------------------------------------------------
# SQL functions and operators
# ---------------------------------------------------------------------------


def _execute(doc: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
             found: list[JsonValue] | None) -> int:
    if vars_ is not None and type(vars_.value) is not dict:
        raise errors.InvalidParameterValue(
            '"vars" argument is not an object',
            detail='Jsonpath parameters should be encoded as key-value pairs of "vars" object.')
    ex = _Executor(path, doc.value, vars_.value if vars_ is not None else None, not silent)  # type: ignore[arg-type]
    try:
        return ex.run(path.root, found)
    except RecursionError:
        _too_deep()


_NO_VARS: Final = Jsonb({})


def jsonb_path_exists(doc: Jsonb, path: JsonPath, vars_: Jsonb = _NO_VARS, silent: bool = False) -> bool | None:
    res = _execute(doc, path, vars_, silent, None)
    return None if res == ERROR else res == OK


def jsonb_path_match(doc: Jsonb, path: JsonPath, vars_: Jsonb = _NO_VARS, silent: bool = False) -> bool | None:
    found: list[JsonValue] = []
    _execute(doc, path, vars_, silent, found)
    if len(found) == 1:
        v = found[0]
        if type(v) is bool:
            return v
        if v is None:
            return None
    if not silent:
        raise errors.SingletonSqlJsonItemRequired("single boolean result is expected")
    return None


def jsonb_path_query(doc: Jsonb, path: JsonPath, vars_: Jsonb = _NO_VARS,
                     silent: bool = False) -> Iterator[tuple[Jsonb]]:
    found: list[JsonValue] = []
    _execute(doc, path, vars_, silent, found)  # evaluated whole before the first row, as in PostgreSQL
    return iter([(Jsonb(v),) for v in found])


def jsonb_path_query_array(doc: Jsonb, path: JsonPath, vars_: Jsonb = _NO_VARS, silent: bool = False) -> Jsonb:
    found: list[JsonValue] = []
    _execute(doc, path, vars_, silent, found)
    return Jsonb(found)


def jsonb_path_query_first(doc: Jsonb, path: JsonPath, vars_: Jsonb = _NO_VARS,
                           silent: bool = False) -> Jsonb | None:
    found: list[JsonValue] = []
    _execute(doc, path, vars_, silent, found)
    return Jsonb(found[0]) if found else None


def jsonb_path_exists_opr(doc: Jsonb, path: JsonPath) -> bool | None:
    """``jsonb @? jsonpath``: silent, without variables."""
    res = _execute(doc, path, None, True, None)
    return None if res == ERROR else res == OK


def jsonb_path_match_opr(doc: Jsonb, path: JsonPath) -> bool | None:
    """``jsonb @@ jsonpath``: silent, without variables."""
    found: list[JsonValue] = []
    _execute(doc, path, None, True, found)
    if len(found) == 1 and (type(found[0]) is bool or found[0] is None):
        return found[0]
    return None


__all__ = [
    "JSONPATH", "JsonPath", "Node", "jsonpath_in", "jsonpath_out",
    "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query", "jsonb_path_query_array",
    "jsonb_path_query_first", "jsonb_path_exists_opr", "jsonb_path_match_opr",
    "JSONPATH_IO", "JSONPATH_FUNCTIONS", "JSONPATH_OPERATORS", "JSONPATH_SRFS",
]


# ---------------------------------------------------------------------------
# Catalog rows (merged by :mod:`.catalog`)
# ---------------------------------------------------------------------------


def _rows() -> tuple[list[TypeIO], list[Function], list[Operator], list[SetReturningFunction]]:
    io = [TypeIO("jsonpath", jsonpath_in, jsonpath_out)]
    functions: list[Function] = []
    # PostgreSQL declares vars jsonb DEFAULT '{}' and silent boolean DEFAULT false.  The *_tz
    # variants differ only in datetime comparisons, and .datetime() is refused: same functions.
    signatures = (("jsonb", "jsonpath"), ("jsonb", "jsonpath", "jsonb"), ("jsonb", "jsonpath", "jsonb", "bool"))
    for name, fn, result in (
        ("jsonb_path_exists", jsonb_path_exists, BOOL), ("jsonb_path_match", jsonb_path_match, BOOL),
        ("jsonb_path_query_array", jsonb_path_query_array, JSONB),
        ("jsonb_path_query_first", jsonb_path_query_first, JSONB),
    ):
        for args in signatures:
            functions.append(Function(name, args, result, fn))
            functions.append(Function(name + "_tz", args, result, fn))
    operators = [
        Operator("@?", "jsonb", "jsonpath", BOOL, jsonb_path_exists_opr),
        Operator("@@", "jsonb", "jsonpath", BOOL, jsonb_path_match_opr),
    ]
    srfs = [
        SetReturningFunction(name, args, ((name, JSONB),), jsonb_path_query)
        for name in ("jsonb_path_query", "jsonb_path_query_tz") for args in signatures
    ]
    return io, functions, operators, srfs


#: type I/O, pg_proc and pg_operator rows of jsonpath
JSONPATH_IO, JSONPATH_FUNCTIONS, JSONPATH_OPERATORS, JSONPATH_SRFS = _rows()

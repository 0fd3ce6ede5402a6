"""PostgreSQL regular expressions (``~``, ``regexp_*``, ``SIMILAR TO``) on Python's ``re``.

PostgreSQL's regex engine (Henry Spencer's, "ARE" syntax) is emulated by
*translating* each pattern into an equivalent Python pattern, with
PostgreSQL's own parser rules and error messages, then matching with
:mod:`re`.  Compiled patterns are cached per (pattern, flags).

Translation
-----------
* Flavours: advanced (ARE, the default), basic (flag ``b``; also flag
  ``e``, which in PostgreSQL 16 clears the "extended" bit together with the
  "advanced" one), extended (embedded option ``(?e)``) and literal (flag
  ``q`` or the ``***=`` director), the ``***:`` director and the leading
  embedded options ``(?bceimnpqstwx)``.
* Matching follows PostgreSQL's ``"C"`` collation (the only one Aurora
  DSQL has): ``\\w``, ``\\d``, ``\\s``, ``[[:alpha:]]``... and case-insensitive
  matching consider ASCII characters only (Python's ``re.ASCII``).
* ``.`` and negated brackets match a newline unless the newline-sensitive
  flags (``n``/``m``, ``p``) say otherwise; ``^``/``$`` are string anchors
  unless ``n``/``m``/``w`` make them line anchors; ``$`` never matches
  before a final newline (unlike Python's).
* ARE escapes: ``\\a \\b`` (backspace) ``\\B`` (backslash) ``\\cX \\e \\f \\n \\r \\t
  \\v \\uXXXX \\UXXXXXXXX \\xHH... \\0`` and octal, ``\\d \\s \\w \\D \\S \\W``,
  constraints ``\\A \\Z \\m \\M \\y \\Y``, back references with PostgreSQL's
  digit heuristics; bracket expressions with ``[:class:]``, ``[.coll.]``,
  ``[=equiv=]``, escapes inside brackets; ``[[:<:]]``/``[[:>:]]``; ``x``
  (expanded) syntax; ``(?#...)`` comments; parentheses inside lookaround
  constraints do not capture, as in PostgreSQL.
* Every syntax error PostgreSQL reports is detected while translating and
  raised as 2201B ``invalid regular expression: <PostgreSQL's reason>``.

Match semantics
---------------
PostgreSQL picks, among the matches starting at the leftmost possible
position, the *longest* one (or the shortest, when the pattern's first
quantifier is non-greedy; see PostgreSQL's "Regular Expression Matching
Rules"); Python picks the first one its backtracking finds.  Where the two
can differ (alternation, quantified groups, quantifiers of mixed
greediness), pydsql searches for PostgreSQL's match extent with anchored
``fullmatch`` attempts, then lets Python assign the groups within it, which
agrees with PostgreSQL's rule that earlier subexpressions take priority.

Deliberate differences (Python's engine cannot do otherwise):

* The extent search is skipped when the pattern contains a constraint that
  looks past the end of the match (``$``, ``\\Z``, lookahead, ``\\M``, ``\\y``,
  ``\\Y``, a ``\\m`` that is not at the start); the end of a match then follows
  Python's first-found rule.  The search also gives up 256 characters past
  the end of Python's match.
* Within a match, a subexpression's text follows Python's backtracking
  priority; PostgreSQL's "each subexpression is longest/shortest in turn"
  rule can differ in contrived cases (nested quantified groups).
* Variable-length lookbehind constraints (PostgreSQL accepts ``(?<=a+)b``)
  raise 0A000.
* Python's backtracking can be exponential where PostgreSQL's automaton is
  not (``(a*)*b`` against a long run of ``a``).
* Python's own compile limits (e.g. very deep nesting) surface as 2201B with
  Python's wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from .. import errors
from ..types import BOOL, INT4, TEXT, array_of
from .registry import Function, Operator

DUPMAX: Final = 255
_MAX_SEARCH: Final = 256
_CACHE_LIMIT: Final = 1024

# cflags bits (PostgreSQL's regex.h names)
REG_EXTENDED: Final = 0o1
REG_ADVF: Final = 0o2
REG_ADVANCED: Final = REG_EXTENDED | REG_ADVF
REG_QUOTE: Final = 0o4
REG_ICASE: Final = 0o10
REG_EXPANDED: Final = 0o40
REG_NLSTOP: Final = 0o100
REG_NLANCH: Final = 0o200
REG_NEWLINE: Final = REG_NLSTOP | REG_NLANCH

_WS: Final = " \t\n\r\v\f"
_EOS: Final = "\x00"  # end of pattern (text values cannot contain NUL)
_HEX: Final = "0123456789abcdefABCDEF"

_CLASSES: Final = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\x0b\\x0c",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
    "word": "0-9A-Za-z_",
}

#: POSIX collating-element names PostgreSQL knows (regc_locale.c cnames).
_CNAMES: Final = {
    "NUL": "\x00", "SOH": "\x01", "STX": "\x02", "ETX": "\x03", "EOT": "\x04", "ENQ": "\x05", "ACK": "\x06",
    "BEL": "\x07", "alert": "\x07", "BS": "\x08", "backspace": "\x08", "HT": "\t", "tab": "\t", "LF": "\n",
    "newline": "\n", "VT": "\x0b", "vertical-tab": "\x0b", "FF": "\x0c", "form-feed": "\x0c", "CR": "\r",
    "carriage-return": "\r", "SO": "\x0e", "SI": "\x0f", "DLE": "\x10", "DC1": "\x11", "DC2": "\x12",
    "DC3": "\x13", "DC4": "\x14", "NAK": "\x15", "SYN": "\x16", "ETB": "\x17", "CAN": "\x18", "EM": "\x19",
    "SUB": "\x1a", "ESC": "\x1b", "IS4": "\x1c", "FS": "\x1c", "IS3": "\x1d", "GS": "\x1d", "IS2": "\x1e",
    "RS": "\x1e", "IS1": "\x1f", "US": "\x1f", "space": " ", "exclamation-mark": "!", "quotation-mark": '"',
    "number-sign": "#", "dollar-sign": "$", "percent-sign": "%", "ampersand": "&", "apostrophe": "'",
    "left-parenthesis": "(", "right-parenthesis": ")", "asterisk": "*", "plus-sign": "+", "comma": ",",
    "hyphen": "-", "hyphen-minus": "-", "period": ".", "full-stop": ".", "slash": "/", "solidus": "/",
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less-than-sign": "<", "equals-sign": "=",
    "greater-than-sign": ">", "question-mark": "?", "commercial-at": "@", "left-square-bracket": "[",
    "backslash": "\\", "reverse-solidus": "\\", "right-square-bracket": "]", "circumflex": "^",
    "circumflex-accent": "^", "underscore": "_", "low-line": "_", "grave-accent": "`", "left-brace": "{",
    "left-curly-bracket": "{", "vertical-line": "|", "right-brace": "}", "right-curly-bracket": "}",
    "tilde": "~", "DEL": "\x7f",
}

# PostgreSQL's regerror() texts
_EPAREN: Final = "parentheses () not balanced"
_EBRACK: Final = "brackets [] not balanced"
_EBRACE: Final = "braces {} not balanced"
_BADRPT: Final = "quantifier operand invalid"
_EESCAPE: Final = "invalid escape \\ sequence"
_ESUBREG: Final = "invalid backreference number"
_BADBR: Final = "invalid repetition count(s)"
_ERANGE: Final = "invalid character range"
_ECTYPE: Final = "invalid character class"
_ECOLLATE: Final = "invalid collating element"
_BADOPT: Final = "invalid embedded option"


class _RegexError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _invalid(reason: str) -> errors.Error:
    return errors.InvalidRegularExpression(f"invalid regular expression: {reason}")


def _py_class_char(c: str) -> str:
    """A character as a member of a Python character set."""
    if c in "\\]-^[&~|":  # & ~ | too: Python warns about doubled ones (future set operations)
        return "\\" + c
    if c == "\n":
        return "\\n"
    if ord(c) < 32 or c in "\x7f":
        return f"\\x{ord(c):02x}"
    return c


def _py_literal(c: str) -> str:
    if c == "\n":
        return "\\n"
    if ord(c) < 32 or c == "\x7f":
        return f"\\x{ord(c):02x}"
    return re.escape(c)


# ---------------------------------------------------------------------------
# The translator
# ---------------------------------------------------------------------------

_ATOM, _GROUP, _CONSTRAINT = range(3)


class _Translator:
    """Recursive-descent parser of a PostgreSQL regex producing a Python one."""

    def __init__(self, pattern: str, cflags: int) -> None:
        self.p = pattern
        self.i = 0
        self.n = len(pattern)
        self.cflags = cflags
        self.ngroups = 0
        self.closed: set[int] = set()
        self.in_look = 0
        self.has_alt = False
        self.has_qgroup = False
        self.quant_greedy: set[bool] = set()
        self.end_sensitive = False
        self.consumed = False  # a consuming atom was emitted (constraints after it look at the end)

    # -- helpers ------------------------------------------------------------

    @property
    def are(self) -> bool:
        return self.cflags & REG_ADVANCED == REG_ADVANCED

    @property
    def ere(self) -> bool:
        return bool(self.cflags & REG_EXTENDED)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j] if j < self.n else _EOS

    def skip(self) -> None:
        """Skip what the lexer skips between tokens: ``(?#...)`` comments
        (AREs) and, in expanded mode, white space and ``#`` comments."""
        while self.i < self.n:
            c = self.p[self.i]
            if self.cflags & REG_EXPANDED and c in _WS:
                self.i += 1
            elif self.cflags & REG_EXPANDED and c == "#":
                while self.i < self.n and self.p[self.i] != "\n":
                    self.i += 1
            elif self.are and c == "(" and self.peek(1) == "?" and self.peek(2) == "#":
                j = self.p.find(")", self.i + 3)
                self.i = self.n if j < 0 else j + 1
            else:
                break

    # -- entry --------------------------------------------------------------

    def translate(self) -> tuple[str, bool | None]:
        self.prefixes()
        if self.cflags & REG_QUOTE:
            self.consumed = True
            return "".join(_py_literal(c) for c in self.p[self.i:]), None
        text, attr = self.parse_re(0)
        if self.i < self.n:
            raise _RegexError(_EPAREN)
        return text, attr

    def prefixes(self) -> None:
        if self.cflags & REG_QUOTE:
            return
        p = self.p
        if self.n >= 4 and p.startswith("***"):
            d = p[3]
            if d == "?":
                raise _RegexError("invalid regexp (reg version 0.8)")  # REG_BADPAT with the version
            if d == "=":
                self.cflags |= REG_QUOTE
                self.cflags &= ~(REG_ADVANCED | REG_EXPANDED | REG_NEWLINE)
                self.i = 4
                return
            if d == ":":
                self.cflags |= REG_ADVANCED
                self.i = 4
            else:
                raise _RegexError(_BADRPT)
        if not self.are:
            return
        if self.peek() == "(" and self.peek(1) == "?" and self.peek(2).isascii() and self.peek(2).isalpha():
            self.i += 2
            while self.i < self.n and self.p[self.i].isascii() and self.p[self.i].isalpha():
                c = self.p[self.i]
                f = self.cflags
                if c == "b":
                    f &= ~(REG_ADVANCED | REG_QUOTE)
                elif c == "c":
                    f &= ~REG_ICASE
                elif c == "e":
                    f |= REG_EXTENDED
                    f &= ~(REG_ADVF | REG_QUOTE)
                elif c == "i":
                    f |= REG_ICASE
                elif c in "mn":
                    f |= REG_NEWLINE
                elif c == "p":
                    f |= REG_NLSTOP
                    f &= ~REG_NLANCH
                elif c == "q":
                    f |= REG_QUOTE
                    f &= ~REG_ADVANCED
                elif c == "s":
                    f &= ~REG_NEWLINE
                elif c == "t":
                    f &= ~REG_EXPANDED
                elif c == "w":
                    f &= ~REG_NLSTOP
                    f |= REG_NLANCH
                elif c == "x":
                    f |= REG_EXPANDED
                else:
                    raise _RegexError(_BADOPT)
                self.cflags = f
                self.i += 1
            if self.peek() != ")":
                raise _RegexError(_BADOPT)
            self.i += 1
            if self.cflags & REG_QUOTE:
                self.cflags &= ~(REG_EXPANDED | REG_NEWLINE)

    # -- grammar ------------------------------------------------------------

    def parse_re(self, depth: int) -> tuple[str, bool | None]:
        branches: list[tuple[str, bool | None]] = []
        while True:
            branches.append(self.parse_branch(depth))
            self.skip()
            if self.ere and self.peek() == "|":
                self.i += 1
                self.has_alt = True
                continue
            break
        if len(branches) > 1:
            return "|".join(t for t, _ in branches), True
        return branches[0]

    def at_branch_end(self, depth: int) -> bool:
        c = self.peek()
        if c == _EOS:
            return True
        if self.ere:
            return c == "|" or (c == ")" and depth > 0)
        return c == "\\" and self.peek(1) == ")" and depth > 0

    def parse_branch(self, depth: int) -> tuple[str, bool | None]:
        parts: list[str] = []
        attr: bool | None = None
        first = True
        while True:
            self.skip()
            if self.at_branch_end(depth):
                break
            if self.ere and self.peek() == ")":
                raise _RegexError(_EPAREN)
            if not self.ere and self.peek() == "\\" and self.peek(1) == ")":
                raise _RegexError(_EPAREN)
            self._bre_caret = False
            text, aattr, kind = self.parse_atom(first, depth)
            # in a BRE, a '*' right after a leading '^' is still literal
            first = self._bre_caret
            q = None if first else self.parse_quantifier(kind)
            if q is None:
                parts.append(text)
                if attr is None and aattr is not None:
                    attr = aattr
                continue
            qtext, greedy, fixed = q
            if kind == _CONSTRAINT:
                raise _RegexError(_BADRPT)
            if kind == _GROUP:
                self.has_qgroup = True
            if not fixed:
                self.quant_greedy.add(greedy)
            qattr: bool | None = aattr if fixed else greedy
            if attr is None and qattr is not None:
                attr = qattr
            if kind == _ATOM and not _single(text):
                text = "(?:" + text + ")"
            parts.append(text + qtext)
        return "".join(parts), attr

    def parse_quantifier(self, kind: int) -> tuple[str, bool, bool] | None:
        """``(python text, greedy, fixed)`` of a quantifier at the current position."""
        self.skip()
        c = self.peek()
        if self.ere:
            if c in "*+?":
                self.i += 1
                lo, hi = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[c]
                text = c
                fixed = False
            elif c == "{" and self._bound_follows():
                self.i += 1
                lo, hi = self.parse_bound("}")
                text = _bound_text(lo, hi)
                fixed = lo == hi and not self._had_comma
            else:
                return None
        else:
            if c == "*":
                self.i += 1
                lo, hi, text, fixed = 0, -1, "*", False
            elif c == "\\" and self.peek(1) == "{":
                self.i += 2
                lo, hi = self.parse_bound("\\}")
                text = _bound_text(lo, hi)
                fixed = lo == hi and not self._had_comma
            else:
                return None
        greedy = True
        if self.are and self.peek() == "?":
            self.i += 1
            greedy = False
            text += "?"
        return text, greedy, fixed

    def _bound_follows(self) -> bool:
        j = self.i + 1
        if self.cflags & REG_EXPANDED:
            while j < self.n and self.p[j] in _WS:
                j += 1
        return j < self.n and self.p[j].isascii() and self.p[j].isdigit()

    _had_comma = False
    _bre_caret = False

    def parse_bound(self, close: str) -> tuple[int, int]:
        """A bound after its opening brace, read as PostgreSQL's lexer (state
        L_EBND/L_BBND) and parser do: EOS -> "braces {} not balanced", any
        unexpected character -> "invalid repetition count(s)"."""
        toks: list[str] = []
        while True:
            if self.cflags & REG_EXPANDED:
                while self.i < self.n and self.p[self.i] in _WS:
                    self.i += 1
            if self.i >= self.n:
                raise _RegexError(_EBRACE)
            c = self.p[self.i]
            self.i += 1
            if c.isascii() and c.isdigit():
                toks.append(c)
            elif c == ",":
                toks.append(c)
            elif close == "}" and c == "}":
                break
            elif close == "\\}" and c == "\\" and self.peek() == "}":
                self.i += 1
                break
            else:
                raise _RegexError(_BADBR)
        k = 0

        def scannum() -> int:
            nonlocal k
            v = 0
            j = k
            while k < len(toks) and toks[k] != "," and v <= DUPMAX:
                v = v * 10 + int(toks[k])
                k += 1
            if k == j or v > DUPMAX:
                raise _RegexError(_BADBR)
            return v

        lo = scannum()
        self._had_comma = False
        if k < len(toks) and toks[k] == ",":
            k += 1
            self._had_comma = True
            hi = scannum() if k < len(toks) and toks[k] != "," else -1
            if hi != -1 and lo > hi:
                raise _RegexError(_BADBR)
        else:
            hi = lo
        if k != len(toks):
            raise _RegexError(_BADBR)
        return lo, hi

    def parse_atom(self, first: bool, depth: int) -> tuple[str, bool | None, int]:
        if not self.ere:
            return self.parse_bre_atom(first, depth)
        c = self.p[self.i]
        if c == "(":
            return self.parse_paren(depth)
        if c == "[":
            return self.parse_bracket_or_word()
        self.i += 1
        if c == ".":
            self.consumed = True
            return ("[^\\n]" if self.cflags & REG_NLSTOP else "."), None, _ATOM
        if c == "^":
            return ("(?:\\A|(?<=\\n))" if self.cflags & REG_NLANCH else "\\A"), None, _CONSTRAINT
        if c == "$":
            self.end_sensitive = True
            return ("(?=\\n|\\Z)" if self.cflags & REG_NLANCH else "\\Z"), None, _CONSTRAINT
        if c in "*+?":
            raise _RegexError(_BADRPT)
        if c == "{":
            if self.peek().isdigit():
                raise _RegexError(_BADRPT)
            self.consumed = True
            return "\\{", None, _ATOM
        if c == "\\":
            if not self.are:
                if self.i >= self.n:
                    raise _RegexError(_EESCAPE)
                ch = self.p[self.i]
                self.i += 1
                self.consumed = True
                return _py_literal(ch), None, _ATOM
            return self.parse_escape()
        self.consumed = True
        return _py_literal(c), None, _ATOM

    def parse_bre_atom(self, first: bool, depth: int) -> tuple[str, bool | None, int]:
        c = self.p[self.i]
        if c == "[":
            return self.parse_bracket_or_word()
        if c == "*" and first:
            self.i += 1
            self.consumed = True
            return "\\*", None, _ATOM
        if c == "^" and first:
            self.i += 1
            self._bre_caret = True
            return ("(?:\\A|(?<=\\n))" if self.cflags & REG_NLANCH else "\\A"), None, _CONSTRAINT
        if c == "$" and (self.i + 1 == self.n or (depth > 0 and self.p.startswith("\\)", self.i + 1))):
            self.i += 1
            self.end_sensitive = True
            return ("(?=\\n|\\Z)" if self.cflags & REG_NLANCH else "\\Z"), None, _CONSTRAINT
        if c == ".":
            self.i += 1
            self.consumed = True
            return ("[^\\n]" if self.cflags & REG_NLSTOP else "."), None, _ATOM
        if c == "\\":
            self.i += 1
            if self.i >= self.n:
                raise _RegexError(_EESCAPE)
            d = self.p[self.i]
            self.i += 1
            if d == "(":
                return self.group_body(depth, capturing=True, close="\\)")
            if d == "{":
                raise _RegexError(_BADRPT)
            if d in "<>":
                self.end_sensitive = self.end_sensitive or self.consumed
                return ("\\b(?=\\w)" if d == "<" else "\\b(?<=\\w)"), None, _CONSTRAINT
            if "1" <= d <= "9":
                return self.backref(int(d))
            self.consumed = True
            return _py_literal(d), None, _ATOM
        self.i += 1
        self.consumed = True
        return _py_literal(c), None, _ATOM

    def group_body(self, depth: int, capturing: bool, close: str) -> tuple[str, bool | None, int]:
        num = 0
        if capturing and not self.in_look:
            self.ngroups += 1
            num = self.ngroups
        inner, attr = self.parse_re(depth + 1)
        if not self.p.startswith(close, self.i):
            raise _RegexError(_EPAREN)
        self.i += len(close)
        if num:
            self.closed.add(num)
            return "(" + inner + ")", attr, _GROUP
        return "(?:" + inner + ")", attr, _GROUP

    def parse_paren(self, depth: int) -> tuple[str, bool | None, int]:
        self.i += 1
        if not (self.are and self.peek() == "?"):
            return self.group_body(depth, capturing=True, close=")")
        self.i += 1
        if self.i >= self.n:
            raise _RegexError(_BADRPT)
        d = self.p[self.i]
        self.i += 1
        if d == ":":
            return self.group_body(depth, capturing=False, close=")")
        if d in "=!" or d == "<":
            if d == "<":
                if self.i >= self.n or self.p[self.i] not in "=!":
                    raise _RegexError(_BADRPT)
                d = "<" + self.p[self.i]
                self.i += 1
            else:
                self.end_sensitive = True
            self.in_look += 1
            inner, _ = self.parse_re(depth + 1)
            self.in_look -= 1
            if self.peek() != ")":
                raise _RegexError(_EPAREN)
            self.i += 1
            return "(?" + d + inner + ")", None, _CONSTRAINT
        raise _RegexError(_BADRPT)

    def backref(self, num: int) -> tuple[str, bool | None, int]:
        if self.in_look or num not in self.closed:
            raise _RegexError(_ESUBREG)
        self.consumed = True
        return f"(?:\\{num})", None, _ATOM

    def parse_escape(self) -> tuple[str, bool | None, int]:
        """An ARE escape after the backslash (outside brackets)."""
        kind, value = self.lex_escape()
        if kind == "plain":
            self.consumed = True
            return _py_literal(value), None, _ATOM
        if kind == "class":
            self.consumed = True
            return "\\" + value, None, _ATOM
        if kind == "backref":
            return self.backref(int(value))
        # constraint
        if value in "ZMyY" or (value == "m" and self.consumed):
            self.end_sensitive = True
        # Python's \\B never matches in an empty string; PostgreSQL's \\Y does
        text = {"A": "\\A", "Z": "\\Z", "m": "\\b(?=\\w)", "M": "\\b(?<=\\w)", "y": "\\b",
                "Y": "(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w))"}[value]
        return text, None, _CONSTRAINT

    def lex_escape(self) -> tuple[str, str]:
        """Read an ARE escape (the backslash already consumed): ``("plain", c)``,
        ``("class", "d")``, ``("constraint", "m")`` or ``("backref", "12")``."""
        if self.i >= self.n:
            raise _RegexError(_EESCAPE)
        c = self.p[self.i]
        self.i += 1
        if not (c.isascii() and c.isalnum()):
            return "plain", c
        simple = {"a": "\x07", "b": "\x08", "B": "\\", "e": "\x1b", "f": "\x0c", "n": "\n", "r": "\r",
                  "t": "\t", "v": "\x0b"}
        if c in simple:
            return "plain", simple[c]
        if c == "c":
            if self.i >= self.n:
                raise _RegexError(_EESCAPE)
            ch = self.p[self.i]
            self.i += 1
            return "plain", chr(ord(ch) & 0o37)
        if c in "uU":
            width = 4 if c == "u" else 8
            digits = self.p[self.i:self.i + width]
            if len(digits) < width or any(d not in _HEX for d in digits):
                raise _RegexError(_EESCAPE)
            self.i += width
            v = int(digits, 16)
            if v > 0x10FFFF:
                raise _RegexError(_EESCAPE)
            return "plain", chr(v)
        if c == "x":
            j = self.i
            while j < self.n and j - self.i < 255 and self.p[j] in _HEX:
                j += 1
            if j == self.i:
                raise _RegexError(_EESCAPE)
            v = int(self.p[self.i:j], 16)
            self.i = j
            if v > 0x10FFFF:
                raise _RegexError(_EESCAPE)
            return "plain", chr(v)
        if c in "dswDSW":
            return "class", c
        if c in "AZmMyY":
            return "constraint", c
        if "1" <= c <= "9":
            save = self.i
            j = self.i - 1
            while j < self.n and j - (self.i - 1) < DUPMAX and self.p[j].isdigit() and self.p[j].isascii():
                j += 1
            v = int(self.p[self.i - 1:j])
            if j == save or 0 < v <= self.ngroups:
                self.i = j
                return "backref", str(v)
            self.i = save
            # not a back reference after all: an octal escape
            return self.octal(c)
        if c == "0":
            return self.octal(c)
        raise _RegexError(_EESCAPE)

    def octal(self, first: str) -> tuple[str, str]:
        start = self.i - 1
        j = start
        while j < self.n and j - start < 3 and self.p[j] in "01234567":
            j += 1
        if j == start:
            raise _RegexError(_EESCAPE)
        v = int(self.p[start:j], 8)
        if v > 0xFF:
            j -= 1
            v >>= 3
        self.i = j
        return "plain", chr(v)

    # -- bracket expressions ----------------------------------------------------

    def parse_bracket_or_word(self) -> tuple[str, bool | None, int]:
        p = self.p
        if p.startswith("[[:<:]]", self.i) or p.startswith("[[:>:]]", self.i):
            c = p[self.i + 3]
            self.i += 7
            if c == ">" or self.consumed:
                self.end_sensitive = True
            return ("\\b(?=\\w)" if c == "<" else "\\b(?<=\\w)"), None, _CONSTRAINT
        self.i += 1
        self.consumed = True
        return self.parse_bracket(), None, _ATOM

    def parse_bracket(self) -> str:
        """Bracket expression body (after '['), as PostgreSQL's lexer and
        ``brackpart`` read it."""
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        items: list[str] = []
        # tokens: ("plain", c) | ("range",) | ("coll", name) | ("equiv", name) | ("cclass", name)
        #         | ("esc_class", letter) | ("end",)
        last_was_open = True

        def next_token() -> tuple[str, str]:
            nonlocal last_was_open
            if self.i >= self.n:
                raise _RegexError(_EBRACK)
            c = self.p[self.i]
            self.i += 1
            was_open = last_was_open
            last_was_open = False
            if c == "]":
                if was_open:
                    return "plain", c
                return "end", ""
            if c == "\\" and self.are:
                kind, value = self.lex_escape()
                if kind == "plain":
                    return "plain", value
                if kind == "class":
                    return "esc_class", value
                raise _RegexError(_EESCAPE)
            if c == "-":
                if was_open or self.peek() == "]":
                    return "plain", c
                return "range", c
            if c == "[":
                if self.i >= self.n:
                    raise _RegexError(_EBRACK)
                d = self.p[self.i]
                if d in ".=:":
                    self.i += 1
                    close = d + "]"
                    j = self.p.find(close, self.i)
                    if j < 0:
                        raise _RegexError(_EBRACK)
                    name = self.p[self.i:j]
                    self.i = j + 2
                    return {".": "coll", "=": "equiv", ":": "cclass"}[d], name
                return "plain", c
            return "plain", c

        def element(name: str) -> str:
            if not name:
                raise _RegexError(_ECOLLATE)
            if len(name) == 1:
                return name
            ch = _CNAMES.get(name)
            if ch is None:
                raise _RegexError(_ECOLLATE)
            return ch

        tok = next_token()
        while tok[0] != "end":
            kind, value = tok
            if kind == "range":
                raise _RegexError(_ERANGE)
            if kind == "cclass":
                if not value:
                    raise _RegexError(_ECTYPE)
                cls = _CLASSES.get(value)
                if cls is None:
                    raise _RegexError(_ECTYPE)
                items.append(cls)
                tok = next_token()
                continue
            if kind == "esc_class":
                items.append("\\" + value)
                tok = next_token()
                continue
            if kind == "equiv":
                items.append(_py_class_char(element(value)))
                tok = next_token()
                continue
            startc = element(value) if kind == "coll" else value
            tok = next_token()
            if tok[0] != "range":
                items.append(_py_class_char(startc))
                continue
            tok = next_token()
            if tok[0] in ("plain", "range"):
                endc = tok[1]
            elif tok[0] == "coll":
                endc = element(tok[1])
            else:
                raise _RegexError(_ERANGE)
            if startc > endc:
                raise _RegexError(_ERANGE)
            items.append(_py_class_char(startc) + "-" + _py_class_char(endc))
            tok = next_token()
        body = "".join(items)
        if negate:
            if self.cflags & REG_NLSTOP:
                body += "\\n"
            return "[^" + body + "]" if body else "[\\s\\S]"
        return "[" + body + "]" if body else "(?!)"


def _single(text: str) -> bool:
    """True if a translated atom is one Python atom (safe to quantify)."""
    if len(text) == 1 or (len(text) == 2 and text[0] == "\\"):
        return True
    if text.startswith("[") and text.endswith("]"):
        return True
    if text.startswith("(?:") and text.endswith(")") and text.count("(") == 1:
        return True
    return text.startswith("\\x") and len(text) == 4


def _bound_text(lo: int, hi: int) -> str:
    if hi == -1:
        return f"{{{lo},}}"
    if lo == hi:
        return f"{{{lo}}}"
    return f"{{{lo},{hi}}}"


# ---------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compiled:
    """A translated, compiled pattern with what the matcher needs to know."""

    rx: re.Pattern[str]
    ngroups: int
    greedy: bool  # PostgreSQL's greediness of the whole RE
    adjust: bool  # the match extent must be searched for (see the module docstring)
    source: str  # the Python pattern text (for debugging)
    max_width: int  # the longest possible match (bounds the extent search)


_CACHE: dict[tuple[str, int], Compiled] = {}


def compile_pattern(pattern: str, cflags: int = REG_ADVANCED) -> Compiled:
    """Translate and compile a PostgreSQL regex (cached); 2201B on syntax errors."""
    key = (pattern, cflags)
    c = _CACHE.get(key)
    if c is not None:
        return c
    t = _Translator(pattern, cflags)
    try:
        text, attr = t.translate()
    except _RegexError as e:
        if not e.reason:
            raise errors.InvalidRegularExpression("invalid regular expression") from None
        raise _invalid(e.reason) from None
    flags = re.ASCII | re.DOTALL
    if t.cflags & REG_ICASE:
        flags |= re.IGNORECASE
    try:
        rx = re.compile(text, flags)
    except re.error as e:
        if "look-behind requires fixed-width pattern" in str(e):
            raise errors.FeatureNotSupported(
                "variable-length lookbehind constraints are not supported") from None
        raise _invalid(str(e)) from None
    greedy = attr is not False
    ambiguous = t.has_alt or t.has_qgroup or bool(t.quant_greedy - {greedy})
    c = Compiled(rx, t.ngroups, greedy, ambiguous and not t.end_sensitive, text, _max_width(text, flags))
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = c
    return c


def _max_width(text: str, flags: int) -> int:
    try:
        from re import _parser  # type: ignore[attr-defined]

        width: int = _parser.parse(text, flags).getwidth()[1]
        return width
    except Exception:  # pragma: no cover - private API of CPython's re
        return 1 << 62


def _search(c: Compiled, s: str, pos: int) -> re.Match[str] | None:
    """The match PostgreSQL finds starting the search at ``pos``."""
    m = c.rx.search(s, pos)
    if m is None or not c.adjust:
        return m
    start, end = m.span()
    if c.greedy:
        for e2 in range(min(len(s), end + _MAX_SEARCH, start + c.max_width), end, -1):
            m2 = c.rx.fullmatch(s, start, e2)
            if m2 is not None:
                return m2
    else:
        for e2 in range(start, end):
            m2 = c.rx.fullmatch(s, start, e2)
            if m2 is not None:
                return m2
    return m


# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------


def parse_flags(flags: str) -> tuple[int, bool]:
    """``parse_re_flags``: (cflags, global).  22023 for an unknown letter."""
    cflags = REG_ADVANCED
    glob = False
    for ch in flags:
        if ch == "g":
            glob = True
        elif ch == "b":
            cflags &= ~(REG_ADVANCED | REG_QUOTE)
        elif ch == "c":
            cflags &= ~REG_ICASE
        elif ch == "e":
            # PostgreSQL 16 clears REG_ADVANCED, which includes REG_EXTENDED:
            # the 'e' flag actually selects basic REs; kept for compatibility
            cflags |= REG_EXTENDED
            cflags &= ~(REG_ADVANCED | REG_QUOTE)
        elif ch == "i":
            cflags |= REG_ICASE
        elif ch in "mn":
            cflags |= REG_NEWLINE
        elif ch == "p":
            cflags |= REG_NLSTOP
            cflags &= ~REG_NLANCH
        elif ch == "q":
            cflags |= REG_QUOTE
            cflags &= ~REG_ADVANCED
        elif ch == "s":
            cflags &= ~REG_NEWLINE
        elif ch == "t":
            cflags &= ~REG_EXPANDED
        elif ch == "w":
            cflags &= ~REG_NLSTOP
            cflags |= REG_NLANCH
        elif ch == "x":
            cflags |= REG_EXPANDED
        else:
            raise errors.InvalidParameterValue(f'invalid regular expression option: "{ch}"')
    if cflags & REG_QUOTE:
        cflags &= ~(REG_EXPANDED | REG_NEWLINE)
    return cflags, glob


def _no_global(flags: str, fname: str, hint: str | None = None) -> int:
    cflags, glob = parse_flags(flags)
    if glob:
        raise errors.InvalidParameterValue(f'{fname} does not support the "global" option', hint=hint)
    return cflags


def _bad_param(name: str, value: int) -> errors.Error:
    return errors.InvalidParameterValue(f'invalid value for parameter "{name}": {value}')


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------


def textregexeq(s: str, pattern: str) -> bool:
    """``text ~ text``."""
    return compile_pattern(pattern).rx.search(s) is not None


def textregexne(s: str, pattern: str) -> bool:
    """``text !~ text``."""
    return compile_pattern(pattern).rx.search(s) is None


def texticregexeq(s: str, pattern: str) -> bool:
    """``text ~* text`` (ASCII case folding, as under the "C" collation)."""
    return compile_pattern(pattern, REG_ADVANCED | REG_ICASE).rx.search(s) is not None


def texticregexne(s: str, pattern: str) -> bool:
    """``text !~* text``."""
    return compile_pattern(pattern, REG_ADVANCED | REG_ICASE).rx.search(s) is None


# ---------------------------------------------------------------------------
# Matching machinery shared by the functions (setup_regexp_matches)
# ---------------------------------------------------------------------------


def _all_matches(c: Compiled, s: str, start: int, glob: bool, ignore_degenerate: bool = False) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    n = len(s)
    pos = start
    prev_end = 0
    while pos <= n:
        m = _search(c, s, pos)
        if m is None:
            break
        so, eo = m.span()
        if not ignore_degenerate or (so < n and eo > prev_end):
            out.append(m)
        prev_end = eo
        if not glob:
            break
        pos = eo + (1 if so == eo else 0)
    return out


def _groups_array(c: Compiled, m: re.Match[str]) -> list[str | None]:
    if c.ngroups == 0:
        return [m.group(0)]
    return list(m.groups())


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------


def regexp_like(s: str, pattern: str, flags: str = "") -> bool:
    """``regexp_like(string, pattern [, flags])``."""
    cflags = _no_global(flags, "regexp_like()")
    return compile_pattern(pattern, cflags).rx.search(s) is not None


def regexp_match(s: str, pattern: str, flags: str = "") -> list[str | None] | None:
    """``regexp_match(string, pattern [, flags])`` -> text[]: the capture
    groups of the first match (the whole match if there are none), or NULL."""
    cflags = _no_global(flags, "regexp_match()", hint="Use the regexp_matches function instead.")
    c = compile_pattern(pattern, cflags)
    m = _search(c, s, 0)
    if m is None:
        return None
    return _groups_array(c, m)


def regexp_matches(s: str, pattern: str, flags: str = "") -> Iterator[list[str | None]]:
    """``regexp_matches(string, pattern [, flags])`` -> setof text[] (every
    match with ``g``, else at most one)."""
    cflags, glob = parse_flags(flags)
    c = compile_pattern(pattern, cflags)
    return iter([_groups_array(c, m) for m in _all_matches(c, s, 0, glob)])


def regexp_count(s: str, pattern: str, start: int = 1, flags: str = "") -> int:
    """``regexp_count(string, pattern [, start [, flags]])``."""
    if start <= 0:
        raise _bad_param("start", start)
    cflags = _no_global(flags, "regexp_count()")
    c = compile_pattern(pattern, cflags)
    return len(_all_matches(c, s, start - 1, True))


def _locations(c: Compiled, m: re.Match[str], subexpr: int) -> tuple[int, int]:
    if subexpr > 0 and c.ngroups > 0:
        return m.span(subexpr)
    return m.span()


def regexp_instr(s: str, pattern: str, start: int = 1, n: int = 1, endoption: int = 0, flags: str = "",
                 subexpr: int = 0) -> int:
    """``regexp_instr(string, pattern [, start [, N [, endoption [, flags [, subexpr]]]]])``."""
    if start <= 0:
        raise _bad_param("start", start)
    if n <= 0:
        raise _bad_param("n", n)
    if endoption not in (0, 1):
        raise _bad_param("endoption", endoption)
    if subexpr < 0:
        raise _bad_param("subexpr", subexpr)
    cflags = _no_global(flags, "regexp_instr()")
    c = compile_pattern(pattern, cflags)
    ms = _all_matches(c, s, start - 1, True)
    npatterns = c.ngroups if subexpr > 0 and c.ngroups > 0 else 1
    if n > len(ms) or subexpr > npatterns:
        return 0
    so, eo = _locations(c, ms[n - 1], subexpr)
    loc = eo if endoption == 1 else so
    return loc + 1 if loc >= 0 else 0


def regexp_substr(s: str, pattern: str, start: int = 1, n: int = 1, flags: str = "",
                  subexpr: int = 0) -> str | None:
    """``regexp_substr(string, pattern [, start [, N [, flags [, subexpr]]]])``."""
    if start <= 0:
        raise _bad_param("start", start)
    if n <= 0:
        raise _bad_param("n", n)
    if subexpr < 0:
        raise _bad_param("subexpr", subexpr)
    cflags = _no_global(flags, "regexp_substr()")
    c = compile_pattern(pattern, cflags)
    ms = _all_matches(c, s, start - 1, True)
    npatterns = c.ngroups if subexpr > 0 and c.ngroups > 0 else 1
    if n > len(ms) or subexpr > npatterns:
        return None
    so, eo = _locations(c, ms[n - 1], subexpr)
    if so < 0 or eo < 0:
        return None
    return s[so:eo]


def _split(s: str, pattern: str, flags: str, fname: str) -> list[str]:
    cflags = _no_global(flags, fname)
    c = compile_pattern(pattern, cflags)
    pieces: list[str] = []
    prev = 0
    for m in _all_matches(c, s, 0, True, ignore_degenerate=True):
        pieces.append(s[prev:m.start()])
        prev = m.end()
    pieces.append(s[prev:])
    return pieces


def regexp_split_to_array(s: str, pattern: str, flags: str = "") -> list[str]:
    """``regexp_split_to_array(string, pattern [, flags])`` -> text[]."""
    return _split(s, pattern, flags, "regexp_split_to_array()")


def regexp_split_to_table(s: str, pattern: str, flags: str = "") -> Iterator[str]:
    """``regexp_split_to_table(string, pattern [, flags])`` -> setof text."""
    return iter(_split(s, pattern, flags, "regexp_split_to_table()"))


def _has_escape(rep: str) -> int:
    """check_replace_text_has_escape: 0 none, 1 backslashes, 2 submatch references."""
    if "\\" not in rep:
        return 0
    i = 0
    n = len(rep)
    status = 1
    while i < n:
        if rep[i] == "\\":
            i += 1
            if i < n and ("1" <= rep[i] <= "9" or rep[i] == "&"):
                return 2
        i += 1
    return status


def _expand(rep: str, m: re.Match[str], ngroups: int) -> str:
    """appendStringInfoRegexpSubstr: ``\\1``-``\\9``, ``\\&``, ``\\\\``; any other
    backslash is copied."""
    out: list[str] = []
    i = 0
    n = len(rep)
    while i < n:
        c = rep[i]
        if c != "\\":
            j = rep.find("\\", i)
            if j < 0:
                j = n
            out.append(rep[i:j])
            i = j
            continue
        i += 1
        if i < n and "1" <= rep[i] <= "9":
            k = int(rep[i])
            i += 1
            if k <= ngroups:
                g = m.group(k)
                if g is not None:
                    out.append(g)
        elif i < n and rep[i] == "&":
            i += 1
            out.append(m.group(0))
        elif i < n and rep[i] == "\\":
            i += 1
            out.append("\\")
        else:
            out.append("\\")
    return "".join(out)


def _replace(s: str, pattern: str, rep: str, cflags: int, search_start: int, n: int) -> str:
    c = compile_pattern(pattern, cflags)
    escapes = _has_escape(rep)
    out: list[str] = []
    data_pos = 0
    count = 0
    length = len(s)
    while search_start <= length:
        m = _search(c, s, search_start)
        if m is None:
            break
        so, eo = m.span()
        count += 1
        if n > 0 and count < n:
            search_start = eo + (1 if so == eo else 0)
            continue
        out.append(s[data_pos:so])
        out.append(_expand(rep, m, c.ngroups) if escapes else rep)
        data_pos = eo
        if n > 0:
            break
        search_start = data_pos + (1 if so == eo else 0)
    out.append(s[data_pos:])
    return "".join(out)


def regexp_replace(s: str, pattern: str, rep: str, flags: str = "") -> str:
    """``regexp_replace(source, pattern, replacement [, flags])``: the first
    match (all with ``g``) replaced; ``\\1``..``\\9`` and ``\\&`` in the
    replacement insert the captured text."""
    if flags and "0" <= flags[0] <= "9":
        raise errors.InvalidParameterValue(
            f'invalid regular expression option: "{flags[0]}"',
            hint="If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly.",
        )
    cflags, glob = parse_flags(flags)
    return _replace(s, pattern, rep, cflags, 0, 0 if glob else 1)


def regexp_replace_start(s: str, pattern: str, rep: str, start: int, n: int | None = None, flags: str = "") -> str:
    """``regexp_replace(source, pattern, replacement, start [, N [, flags]])``:
    search from character ``start``; replace the N-th match (every match
    if N is 0; without N, the first one or all with ``g``)."""
    if start <= 0:
        raise _bad_param("start", start)
    if n is not None and n < 0:
        raise _bad_param("n", n)
    cflags, glob = parse_flags(flags)
    if n is None:
        n = 0 if glob else 1
    return _replace(s, pattern, rep, cflags, start - 1, n)


def textregexsubstr(s: str, pattern: str) -> str | None:
    """``substring(string from pattern)`` / ``substring(text, text)``: the
    first capture group of the first match (the whole match if the pattern
    has no group); NULL if no match or the group did not participate."""
    c = compile_pattern(pattern)
    m = _search(c, s, 0)
    if m is None:
        return None
    return m.group(1) if c.ngroups > 0 else m.group(0)


# ---------------------------------------------------------------------------
# SIMILAR TO
# ---------------------------------------------------------------------------


def similar_to_escape(pattern: str, escape: str | None = "\\") -> str:
    """``similar_to_escape(pattern [, escape])``: the POSIX regex PostgreSQL
    runs for ``SIMILAR TO`` (``^(?:...)$``; ``%`` -> ``.*``, ``_`` -> ``.``, the
    escape-double-quote separators of ``substring(... similar ...)``).
    ``escape`` '' means no escape character."""
    e: str | None
    if escape is None:
        e = "\\"
    elif escape == "":
        e = None
    elif len(escape) > 1:
        raise errors.InvalidEscapeSequence("invalid escape string", hint="Escape string must be empty or one character.")
    else:
        e = escape
    out = ["^(?:"]
    afterescape = False
    nquotes = 0
    bracket_depth = 0
    charclass_pos = 0
    for pchar in pattern:
        if afterescape:
            if pchar == '"' and bracket_depth < 1:
                if nquotes == 0:
                    out.append("){1,1}?(")
                elif nquotes == 1:
                    out.append("){1,1}(?:")
                else:
                    raise errors.InvalidUseOfEscapeCharacter(
                        "SQL regular expression may not contain more than two escape-double-quote separators")
                nquotes += 1
            else:
                out.append("\\" + pchar)
                charclass_pos = 3
            afterescape = False
        elif e is not None and pchar == e:
            afterescape = True
        elif bracket_depth > 0:
            if pchar == "\\":
                out.append("\\")
            out.append(pchar)
            if pchar == "]" and charclass_pos > 2:
                bracket_depth -= 1
            elif pchar == "[":
                bracket_depth += 1
                charclass_pos = 3
            elif pchar == "^":
                charclass_pos += 1
            else:
                charclass_pos = 3
        elif pchar == "[":
            out.append(pchar)
            bracket_depth = 1
            charclass_pos = 1
        elif pchar == "%":
            out.append(".*")
        elif pchar == "_":
            out.append(".")
        elif pchar == "(":
            out.append("(?:")
        elif pchar in "\\.^$":
            out.append("\\" + pchar)
        else:
            out.append(pchar)
    out.append(")$")
    return "".join(out)


def similar_escape(pattern: str | None, escape: str | None) -> str | None:
    """The deprecated non-strict ``similar_escape(text, text)``: NULL pattern
    gives NULL, NULL escape means the default backslash."""
    if pattern is None:
        return None
    return similar_to_escape(pattern, "\\" if escape is None else escape)


def similar_to(s: str, pattern: str, escape: str = "\\") -> bool:
    """``s SIMILAR TO pattern [ESCAPE escape]`` (strict in all three)."""
    return textregexeq(s, similar_to_escape(pattern, escape))


def not_similar_to(s: str, pattern: str, escape: str = "\\") -> bool:
    """``s NOT SIMILAR TO pattern [ESCAPE escape]``."""
    return not similar_to(s, pattern, escape)


def similar_substring(s: str, pattern: str, escape: str) -> str | None:
    """``substring(s similar pattern escape esc)`` / ``substring(text, text, text)``."""
    return textregexsubstr(s, similar_to_escape(pattern, escape))


# ---------------------------------------------------------------------------
# Registration tables
# ---------------------------------------------------------------------------


def _build_operators() -> list[Operator]:
    ops: list[Operator] = []
    for left in ("text", "bpchar", "name"):
        ops.append(Operator("~", left, "text", BOOL, textregexeq))
        ops.append(Operator("!~", left, "text", BOOL, textregexne))
        ops.append(Operator("~*", left, "text", BOOL, texticregexeq))
        ops.append(Operator("!~*", left, "text", BOOL, texticregexne))
    return ops


#: ``pg_operator`` rows: ``~ ~* !~ !~*`` for text, bpchar (padding kept, as
#: PostgreSQL's ``bpcharregexeq``) and name left operands.
REGEX_OPERATORS: Final[list[Operator]] = _build_operators()


def _functions() -> list[Function]:
    F = Function  # noqa: N806
    T = "text"  # noqa: N806
    I = "int4"  # noqa: N806, E741
    TEXT_ARRAY = array_of(TEXT)  # noqa: N806
    return [
        F("textregexeq", (T, T), BOOL, textregexeq),
        F("textregexne", (T, T), BOOL, textregexne),
        F("texticregexeq", (T, T), BOOL, texticregexeq),
        F("texticregexne", (T, T), BOOL, texticregexne),
        F("regexp_like", (T, T), BOOL, regexp_like),
        F("regexp_like", (T, T, T), BOOL, regexp_like),
        F("regexp_match", (T, T), TEXT_ARRAY, regexp_match),
        F("regexp_match", (T, T, T), TEXT_ARRAY, regexp_match),
        F("regexp_count", (T, T), INT4, regexp_count),
        F("regexp_count", (T, T, I), INT4, regexp_count),
        F("regexp_count", (T, T, I, T), INT4, regexp_count),
        F("regexp_instr", (T, T), INT4, regexp_instr),
        F("regexp_instr", (T, T, I), INT4, regexp_instr),
        F("regexp_instr", (T, T, I, I), INT4, regexp_instr),
        F("regexp_instr", (T, T, I, I, I), INT4, regexp_instr),
        F("regexp_instr", (T, T, I, I, I, T), INT4, regexp_instr),
        F("regexp_instr", (T, T, I, I, I, T, I), INT4, regexp_instr),
        F("regexp_substr", (T, T), TEXT, regexp_substr),
        F("regexp_substr", (T, T, I), TEXT, regexp_substr),
        F("regexp_substr", (T, T, I, I), TEXT, regexp_substr),
        F("regexp_substr", (T, T, I, I, T), TEXT, regexp_substr),
        F("regexp_substr", (T, T, I, I, T, I), TEXT, regexp_substr),
        F("regexp_replace", (T, T, T), TEXT, regexp_replace),
        F("regexp_replace", (T, T, T, T), TEXT, regexp_replace),
        F("regexp_replace", (T, T, T, I), TEXT, regexp_replace_start),
        F("regexp_replace", (T, T, T, I, I), TEXT, regexp_replace_start),
        F("regexp_replace", (T, T, T, I, I, T), TEXT, regexp_replace_start),
        F("regexp_split_to_array", (T, T), TEXT_ARRAY, regexp_split_to_array),
        F("regexp_split_to_array", (T, T, T), TEXT_ARRAY, regexp_split_to_array),
        F("substring", (T, T), TEXT, textregexsubstr),
        F("substring", (T, T, T), TEXT, similar_substring),
        F("similar_to_escape", (T,), TEXT, similar_to_escape),
        F("similar_to_escape", (T, T), TEXT, similar_to_escape),
        F("similar_escape", (T, T), TEXT, similar_escape, strict=False),
    ]


#: ``pg_proc`` rows of the ordinary regex functions (text -> text/bool/int4/text[]).
REGEX_FUNCTIONS: Final[list[Function]] = _functions()

#: Set-returning ``pg_proc`` rows: ``fn`` returns an iterator of values.
REGEX_SET_FUNCTIONS: Final[list[Function]] = [
    Function("regexp_matches", ("text", "text"), array_of(TEXT), regexp_matches),
    Function("regexp_matches", ("text", "text", "text"), array_of(TEXT), regexp_matches),
    Function("regexp_split_to_table", ("text", "text"), TEXT, regexp_split_to_table),
    Function("regexp_split_to_table", ("text", "text", "text"), TEXT, regexp_split_to_table),
]

__all__ = [
    "compile_pattern", "parse_flags", "textregexeq", "textregexne", "texticregexeq", "texticregexne",
    "regexp_like", "regexp_match", "regexp_matches", "regexp_count", "regexp_instr", "regexp_substr",
    "regexp_replace", "regexp_replace_start", "regexp_split_to_array", "regexp_split_to_table",
    "textregexsubstr", "similar_to_escape", "similar_escape", "similar_to", "not_similar_to",
    "similar_substring", "REGEX_OPERATORS", "REGEX_FUNCTIONS", "REGEX_SET_FUNCTIONS",
]

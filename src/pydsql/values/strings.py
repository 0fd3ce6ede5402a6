"""Strings and small fixed types: ``text``, ``varchar``, ``bpchar``, ``bool``,
``bytea``, ``uuid``.

Representation and invariants
-----------------------------

* ``text`` and ``varchar`` are ``str``; ``bpchar`` is a ``str`` stored
  blank-padded to its declared length (padding is applied by
  :func:`pydsql.values.casts.apply_typmod`).  Trailing blanks of a ``bpchar``
  are insignificant: comparisons, ``length()`` and the cast to ``text`` ignore
  or strip them.
* ``bool`` is ``bool``; its output function prints ``t``/``f`` while the *cast*
  ``bool -> text`` (used by ``bool || text`` and ``::text``) gives
  ``true``/``false``.  ``concat()`` uses the output function (``t``).
* ``bytea`` is ``bytes``, output in hex format (``\\x0aff``).
* ``uuid`` is :class:`uuid.UUID`, output lower case with hyphens.

Collation is PostgreSQL's ``"C"`` (what Aurora DSQL supports): strings order
by code point (which is UTF-8 byte order), and ``lower``/``upper``/``initcap``
change ASCII letters only.

Functions are named after PostgreSQL's C functions.  ``concat`` and
``concat_ws`` are the only non-strict functions here (documented on each).
"""

from __future__ import annotations

import base64
import re
import unicodedata
import uuid
from collections.abc import Callable
from typing import Final

from ..errors import (
    CharacterNotInRepertoire,
    UntranslatableCharacter,
    ArraySubscriptError,
    InvalidParameterValue,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
    ProgramLimitExceeded,
    SubstringError,
    SyntaxError as SyntaxError_,
)

_WS: Final = " \t\n\r\v\f"  # C isspace()
_MAX_ALLOC: Final = 0x3FFFFFFF  # PostgreSQL's MaxAllocSize


# ---------------------------------------------------------------------------
# text / varchar / bpchar input and output
# ---------------------------------------------------------------------------


def text_in(text: str) -> str:
    """``textin``/``varcharin``/``bpcharin`` without a typmod: the text itself."""
    return text


def text_out(value: str) -> str:
    """``textout``/``varcharout``/``bpcharout``: the value itself (a ``bpchar``
    prints with its padding)."""
    return value


def bpchar_to_text(value: str) -> str:
    """``bpchar`` -> ``text``/``varchar`` (``rtrim1``): trailing blanks are removed."""
    return value.rstrip(" ")


def bpchar_strip(value: str) -> str:
    """The significant part of a ``bpchar`` (without trailing blanks)."""
    return value.rstrip(" ")


# ---------------------------------------------------------------------------
# bool
# ---------------------------------------------------------------------------

_BOOL_WORDS: Final = (("true", True), ("false", False), ("yes", True), ("no", False))
_BOOL_EXACT: Final = {
    "t": True, "true": True, "TRUE": True, "True": True, "y": True, "yes": True, "on": True, "1": True,
    "f": False, "false": False, "FALSE": False, "False": False, "n": False, "no": False, "off": False, "0": False,
}


def bool_in(text: str) -> bool:
    """``boolin``: ``t``/``true``/``y``/``yes``/``on``/``1`` and ``f``/``false``/
    ``n``/``no``/``off``/``0``, any unique prefix (``on``/``off`` need two
    letters), ASCII case-insensitive, surrounding whitespace allowed; 22P02
    ``invalid input syntax for type boolean: "..."``."""
    v = _BOOL_EXACT.get(text)
    if v is not None:
        return v
    s = text.strip(_WS)
    if s.isascii() and s:
        low = s.lower()
        c = low[0]
        if c == "t" or c == "f" or c == "y" or c == "n":
            for word, value in _BOOL_WORDS:
                if word.startswith(low):
                    return value
        elif c == "o":
            if len(low) >= 2:
                if "on".startswith(low):
                    return True
                if "off".startswith(low):
                    return False
        elif low == "1":
            return True
        elif low == "0":
            return False
    raise InvalidTextRepresentation(f'invalid input syntax for type boolean: "{text}"')


def bool_out(value: bool) -> str:
    """``boolout``: ``t`` or ``f``."""
    return "t" if value else "f"


def bool_to_text(value: bool) -> str:
    """The cast ``bool`` -> ``text``/``varchar``/``bpchar`` (``booltext``): ``true``/``false``."""
    return "true" if value else "false"


# ---------------------------------------------------------------------------
# bytea
# ---------------------------------------------------------------------------

_HEX_ONLY: Final = re.compile(r"(?:[0-9a-fA-F]{2})*\Z")
_HEX_VALUES: Final = {c: int(c, 16) for c in "0123456789abcdefABCDEF"}
_OCTAL_ESCAPE: Final = re.compile(r"\\([0-3][0-7][0-7])|\\\\")


def bytea_in(text: str) -> bytes:
    """``byteain``: hex format (``\\x`` then hex digit pairs, blanks allowed
    between pairs; 22023 ``invalid hexadecimal digit: "g"`` / ``invalid
    hexadecimal data: odd number of digits``) or escape format (``\\\\`` and
    ``\\ooo`` octal escapes; other characters as their UTF-8 bytes; 22P02
    ``invalid input syntax for type bytea``)."""
    if text.startswith("\\x"):
        body = text[2:]
        if _HEX_ONLY.match(body):
            return bytes.fromhex(body)
        out = bytearray()
        i = 0
        n = len(body)
        while i < n:
            c = body[i]
            if c in " \n\t\r":
                i += 1
                continue
            hi = _HEX_VALUES.get(c)
            if hi is None:
                raise InvalidParameterValue(f'invalid hexadecimal digit: "{c}"')
            i += 1
            if i >= n:
                raise InvalidParameterValue("invalid hexadecimal data: odd number of digits")
            lo = _HEX_VALUES.get(body[i])
            if lo is None:
                raise InvalidParameterValue(f'invalid hexadecimal digit: "{body[i]}"')
            i += 1
            out.append(hi << 4 | lo)
        return bytes(out)
    if "\\" not in text:
        return text.encode()
    out = bytearray()
    i = 0
    n = len(text)
    while i < n:
        j = text.find("\\", i)
        if j < 0:
            out += text[i:].encode()
            break
        out += text[i:j].encode()
        m = _OCTAL_ESCAPE.match(text, j)
        if m is None:
            raise InvalidTextRepresentation("invalid input syntax for type bytea")
        if m.group(1) is not None:
            out.append(int(m.group(1), 8))
        else:
            out.append(0x5C)
        i = m.end()
    return bytes(out)


def bytea_out(value: bytes) -> str:
    """``byteaout`` with ``bytea_output = hex``."""
    return "\\x" + value.hex()


# ---------------------------------------------------------------------------
# uuid
# ---------------------------------------------------------------------------

_UUID_RE: Final = re.compile(r"(\{?)((?:[0-9a-fA-F]{4}-?){7}[0-9a-fA-F]{4})(\}?)\Z")


def uuid_in(text: str) -> uuid.UUID:
    """``uuid_in``: 32 hex digits, optionally in braces, with an optional hyphen
    after any group of four digits; no whitespace; 22P02
    ``invalid input syntax for type uuid: "..."``."""
    m = _UUID_RE.match(text)
    if m is None or (m.group(1) == "{") != (m.group(3) == "}"):
        raise InvalidTextRepresentation(f'invalid input syntax for type uuid: "{text}"')
    return _make_uuid(int(m.group(2).replace("-", ""), 16))


def _make_uuid(value: int) -> uuid.UUID:
    # UUID.__init__ re-validates its argument in Python; the value is known good.
    u = object.__new__(uuid.UUID)
    object.__setattr__(u, "int", value)
    object.__setattr__(u, "is_safe", uuid.SafeUUID.unknown)
    return u


def uuid_out(value: uuid.UUID) -> str:
    """``uuid_out``: lower case, hyphenated."""
    return str(value)


# ---------------------------------------------------------------------------
# Comparisons.  text/varchar, bool, bytea and uuid compare with Python's own
# operators (code point order is the "C" collation; bytes compare like
# memcmp then length; UUIDs like their 16 bytes), so the operator table uses
# the ``operator`` module directly.  bpchar ignores trailing blanks.
# ---------------------------------------------------------------------------


def bpchar_eq(a: str, b: str) -> bool:
    return a.rstrip(" ") == b.rstrip(" ")


def bpchar_ne(a: str, b: str) -> bool:
    return a.rstrip(" ") != b.rstrip(" ")


def bpchar_lt(a: str, b: str) -> bool:
    return a.rstrip(" ") < b.rstrip(" ")


def bpchar_le(a: str, b: str) -> bool:
    return a.rstrip(" ") <= b.rstrip(" ")


def bpchar_gt(a: str, b: str) -> bool:
    return a.rstrip(" ") > b.rstrip(" ")


def bpchar_ge(a: str, b: str) -> bool:
    return a.rstrip(" ") >= b.rstrip(" ")


def text_cmp(a: str, b: str) -> int:
    """Three-way comparison for text/varchar (``bttextcmp`` under "C")."""
    return (a > b) - (a < b)


def bpchar_cmp(a: str, b: str) -> int:
    """Three-way comparison for bpchar (``bpcharcmp``)."""
    a = a.rstrip(" ")
    b = b.rstrip(" ")
    return (a > b) - (a < b)


def text_starts_with(a: str, b: str) -> bool:
    """``starts_with(text, text)`` / ``^@``."""
    return a.startswith(b)


# ---------------------------------------------------------------------------
# Concatenation
# ---------------------------------------------------------------------------


def text_cat(a: str, b: str) -> str:
    """``text || text`` (also ``anynonarray || text`` and ``text || anynonarray``
    once the caller has cast the other operand to ``text``)."""
    return a + b


def bytea_cat(a: bytes, b: bytes) -> bytes:
    """``bytea || bytea``."""
    return a + b


def concat(*args: str | None) -> str:
    """``concat(VARIADIC "any")`` (non-strict): NULL arguments are skipped.

    The caller passes each non-NULL argument already converted with its
    type's *output function* (so a bool contributes ``t``/``f``)."""
    return "".join([a for a in args if a is not None])


def concat_ws(sep: str | None, *args: str | None) -> str | None:
    """``concat_ws(text, VARIADIC "any")``: NULL for a NULL separator; NULL
    arguments are skipped; others are output-function text."""
    if sep is None:
        return None
    return sep.join([a for a in args if a is not None])


# ---------------------------------------------------------------------------
# Length functions
# ---------------------------------------------------------------------------


def text_length(s: str) -> int:
    """``length``/``char_length``/``character_length(text)`` -> int4 (characters)."""
    return len(s)


def bpchar_length(s: str) -> int:
    """``length(bpchar)`` -> int4: characters, trailing blanks excluded."""
    return len(s.rstrip(" "))


def text_octet_length(s: str) -> int:
    """``octet_length(text)`` (and of a bpchar, padding included) -> int4 (UTF-8 bytes)."""
    return len(s.encode())


def bytea_length(b: bytes) -> int:
    """``length``/``octet_length(bytea)`` -> int4."""
    return len(b)


def text_bit_length(s: str) -> int:
    """``bit_length(text)`` -> int4."""
    return 8 * len(s.encode())


# ---------------------------------------------------------------------------
# Case mapping under the "C" collation: ASCII letters only.
# ---------------------------------------------------------------------------

_LOWER: Final = {c: c + 32 for c in range(65, 91)}
_UPPER: Final = {c + 32: c for c in range(65, 91)}


def text_lower(s: str) -> str:
    """``lower(text)`` (ASCII letters only, as under the "C" collation)."""
    return s.lower() if s.isascii() else s.translate(_LOWER)


def text_upper(s: str) -> str:
    """``upper(text)`` (ASCII letters only)."""
    return s.upper() if s.isascii() else s.translate(_UPPER)


def _is_ascii_alnum(c: str) -> bool:
    return c < "\x80" and c.isalnum()


def text_initcap(s: str) -> str:
    """``initcap(text)``: upper-case the first ASCII letter of each run of ASCII
    letters/digits, lower-case the rest (non-ASCII characters separate words)."""
    out = []
    in_word = False
    for c in s:
        if c < "\x80":
            out.append(c.upper() if not in_word else c.lower())
            in_word = c.isalnum()
        else:
            out.append(c)
            in_word = False
    return "".join(out)


# ---------------------------------------------------------------------------
# Substrings and searching
# ---------------------------------------------------------------------------


def _substr_bounds(start: int, length: int | None) -> tuple[int, int | None]:
    """0-based slice bounds for SQL ``substring(x from start for length)``."""
    if length is None:
        return max(start - 1, 0), None
    if length < 0:
        raise SubstringError("negative substring length not allowed")
    end = start + length  # exclusive, 1-based; may go below 1
    if end <= 1:
        return 0, 0
    return max(start - 1, 0), end - 1


def text_substr(s: str, start: int, length: int | None = None) -> str:
    """``substr``/``substring(text, int [, int])`` -> text; 22011
    ``negative substring length not allowed``."""
    lo, hi = _substr_bounds(start, length)
    return s[lo:hi]


def bytea_substr(b: bytes, start: int, length: int | None = None) -> bytes:
    """``substr``/``substring(bytea, int [, int])`` -> bytea."""
    lo, hi = _substr_bounds(start, length)
    return b[lo:hi]


def text_overlay(s: str, repl: str, start: int, count: int | None = None) -> str:
    """``overlay(text placing text from int [for int])``."""
    if count is None:
        count = len(repl)
    if start <= 0:
        raise SubstringError("negative substring length not allowed")
    if start + count > 2**31 - 1:  # PostgreSQL adds them as int4
        raise NumericValueOutOfRange("integer out of range")
    head = text_substr(s, 1, start - 1)
    tail = text_substr(s, start + count)
    return head + repl + tail


def text_strpos(s: str, sub: str) -> int:
    """``strpos(text, text)`` / ``position(sub in text)`` -> int4: 1-based, 0
    if absent, 1 for an empty needle."""
    return s.find(sub) + 1


def bytea_position(b: bytes, sub: bytes) -> int:
    """``position(bytea in bytea)`` -> int4."""
    return b.find(sub) + 1


def text_replace(s: str, old: str, new: str) -> str:
    """``replace(text, from, to)``; an empty ``from`` leaves the string unchanged."""
    if not old:
        return s
    return s.replace(old, new)


def text_translate(s: str, src: str, dst: str) -> str:
    """``translate(text, from, to)``: characters of ``from`` beyond ``to``'s
    length are deleted; the first occurrence in ``from`` wins."""
    table: dict[int, int | None] = {}
    for i, c in enumerate(src):
        if ord(c) not in table:
            table[ord(c)] = ord(dst[i]) if i < len(dst) else None
    return s.translate(table)


def text_btrim(s: str, chars: str = " ") -> str:
    """``btrim``/``trim(both ...)``: remove characters of ``chars`` from both ends."""
    return s.strip(chars) if chars else s


def text_ltrim(s: str, chars: str = " ") -> str:
    """``ltrim``/``trim(leading ...)``."""
    return s.lstrip(chars) if chars else s


def text_rtrim(s: str, chars: str = " ") -> str:
    """``rtrim``/``trim(trailing ...)``."""
    return s.rstrip(chars) if chars else s


def bytea_btrim(b: bytes, chars: bytes) -> bytes:
    """``btrim(bytea, bytea)``."""
    return b.strip(chars) if chars else b


def bytea_ltrim(b: bytes, chars: bytes) -> bytes:
    """``ltrim(bytea, bytea)``."""
    return b.lstrip(chars) if chars else b


def bytea_rtrim(b: bytes, chars: bytes) -> bytes:
    """``rtrim(bytea, bytea)``."""
    return b.rstrip(chars) if chars else b


def _check_alloc(nchars: int) -> None:
    # PostgreSQL sizes the result as characters * max bytes per character (4).
    if nchars * 4 + 4 > _MAX_ALLOC:
        raise ProgramLimitExceeded("requested length too large")


def text_lpad(s: str, length: int, fill: str = " ") -> str:
    """``lpad(text, int [, text])``: truncates to ``length`` if longer; no
    padding with an empty fill; a negative length gives ''."""
    if length <= 0:
        return ""
    _check_alloc(length if fill else min(length, len(s)))
    if len(s) >= length or not fill:
        return s[:length]
    n = length - len(s)
    return (fill * (n // len(fill) + 1))[:n] + s


def text_rpad(s: str, length: int, fill: str = " ") -> str:
    """``rpad(text, int [, text])``."""
    if length <= 0:
        return ""
    _check_alloc(length if fill else min(length, len(s)))
    if len(s) >= length or not fill:
        return s[:length]
    n = length - len(s)
    return s + (fill * (n // len(fill) + 1))[:n]


def text_left(s: str, n: int) -> str:
    """``left(text, int)``: the first n characters; all but the last |n| if n < 0."""
    return s[:n] if n >= 0 else s[: max(len(s) + n, 0)]


def text_right(s: str, n: int) -> str:
    """``right(text, int)``: the last n characters; all but the first |n| if n < 0."""
    if n >= 0:
        return s[len(s) - n:] if n < len(s) else s
    return s[-n:]


def text_repeat(s: str, n: int) -> str:
    """``repeat(text, int)``: '' for n <= 0; 54000 if the result is too large."""
    if n <= 0 or not s:
        return ""
    if len(s.encode()) * n > _MAX_ALLOC - 4:
        raise ProgramLimitExceeded("requested length too large")
    return s * n


def _normal_form(form: str) -> str:
    name = form.upper() if form.isascii() else form  # (PostgreSQL compares ignoring ASCII case)
    if name not in ("NFC", "NFD", "NFKC", "NFKD"):
        raise InvalidParameterValue(f"invalid normalization form: {form}")
    return name


def text_normalize(s: str, form: str = "NFC") -> str:
    """``normalize(text [, form])``: Unicode normalization (NFC unless told otherwise)."""
    return unicodedata.normalize(_normal_form(form), s)  # type: ignore[arg-type]


def text_is_normalized(s: str, form: str = "NFC") -> bool:
    """``is_normalized(text [, form])``."""
    return unicodedata.is_normalized(_normal_form(form), s)  # type: ignore[arg-type]


def unicode_escapes(text: str, escape: str = "\\") -> str:
    """The value of ``U&'text' [UESCAPE 'escape']``: ``\\XXXX`` and ``\\+XXXXXX`` are code
    points (UTF-16 surrogate pairs combine), the escape doubled is itself; 42601 as in
    PostgreSQL for anything else after the escape, a lone surrogate, or a value outside
    1..10FFFF."""
    return _decode_unicode_escapes(text, escape, False)


def text_unistr(text: str) -> str:
    """``unistr(text)`` (PostgreSQL 16): ``\\XXXX``, ``\\+XXXXXX``, ``\\uXXXX`` and
    ``\\UXXXXXXXX`` escapes decoded, ``\\\\`` a backslash; a code point outside
    1..10FFFF is 22023."""
    return _decode_unicode_escapes(text, "\\", True)


def _decode_unicode_escapes(text: str, escape: str, unistr: bool) -> str:
    """What the scanner does to a ``U&`` literal (``unistr``: what the function does, which
    also reads ``\\u``/``\\U`` escapes and reports a bad code point as a value error)."""
    forms = "XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX" if unistr else f"XXXX or {escape}+XXXXXX"
    hint = f"Unicode escapes must be {escape}{forms}."
    out: list[str] = []
    pair_first = 0
    i, n = 0, len(text)

    def hex_digits(start: int, count: int) -> int | None:
        digits = text[start:start + count]
        if len(digits) == count and all(c in "0123456789abcdefABCDEF" for c in digits):
            return int(digits, 16)
        return None

    while i < n:
        c = text[i]
        if c != escape:
            if pair_first:
                raise SyntaxError_("invalid Unicode surrogate pair")
            out.append(c)
            i += 1
            continue
        if i + 1 < n and text[i + 1] == escape:
            if pair_first and not unistr:  # (unistr lets the pair fail at the next character)
                raise SyntaxError_("invalid Unicode surrogate pair")
            out.append(escape)
            i += 2
            continue
        following = text[i + 1: i + 2]
        if (code := hex_digits(i + 1, 4)) is not None:
            i += 5
        elif following == "+" and (code := hex_digits(i + 2, 6)) is not None:
            i += 8
        elif unistr and following == "u" and (code := hex_digits(i + 2, 4)) is not None:
            i += 6
        elif unistr and following == "U" and (code := hex_digits(i + 2, 8)) is not None:
            i += 10
        else:
            raise SyntaxError_("invalid Unicode escape", hint=hint)
        if not 0 < code <= 0x10FFFF:
            if unistr:
                raise InvalidParameterValue(f"invalid Unicode code point: {code:04X}")
            raise SyntaxError_("invalid Unicode escape value")
        if pair_first:
            if not 0xDC00 <= code <= 0xDFFF:
                raise SyntaxError_("invalid Unicode surrogate pair")
            code = 0x10000 + ((pair_first - 0xD800) << 10) + (code - 0xDC00)
            pair_first = 0
        elif 0xDC00 <= code <= 0xDFFF:
            raise SyntaxError_("invalid Unicode surrogate pair")
        elif 0xD800 <= code <= 0xDBFF:
            pair_first = code
            continue
        out.append(chr(code))
    if pair_first:
        raise SyntaxError_("invalid Unicode surrogate pair")
    return "".join(out)


def bytea_bit_count(b: bytes) -> int:
    """``bit_count(bytea)``: the number of bits set."""
    return int.from_bytes(b, "big").bit_count()


def _is_ident_start(c: str) -> bool:
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or c >= "\x80"


def parse_ident(qualified: str, strict: bool = True) -> list[str]:
    """``parse_ident(text [, strict])``: the names of a qualified SQL identifier
    (``'a.B."C"'`` -> ``{a,b,C}``), unquoted parts folded to lower case (ASCII), quoted
    ones kept; 22023 for text that is not one, or (``strict``) has anything after it."""
    def invalid(detail: str | None = None) -> InvalidParameterValue:
        return InvalidParameterValue(f'string is not a valid identifier: "{qualified}"', detail=detail)

    names: list[str] = []
    i, n = 0, len(qualified)
    while i < n and qualified[i] in _WS:
        i += 1
    after_dot = False
    while True:
        if i < n and qualified[i] == '"':
            parts, j = [], i + 1
            while True:
                end = qualified.find('"', j)
                if end < 0:
                    raise invalid("String has unclosed double quotes.")
                parts.append(qualified[j:end])
                if end + 1 < n and qualified[end + 1] == '"':
                    parts.append('"')
                    j = end + 2
                    continue
                break
            name = "".join(parts)
            if not name:
                raise invalid("Quoted identifier must not be empty.")
            names.append(name)
            i = end + 1
        elif i < n and _is_ident_start(qualified[i]):
            start = i
            i += 1
            while i < n and (_is_ident_start(qualified[i]) or qualified[i].isdigit() and qualified[i].isascii() or qualified[i] == "$"):
                i += 1
            word = qualified[start:i]
            names.append("".join(c.lower() if "A" <= c <= "Z" else c for c in word))
        elif i < n and qualified[i] == ".":
            raise invalid('No valid identifier before ".".')
        elif after_dot:
            raise invalid('No valid identifier after ".".')
        else:
            raise invalid()
        while i < n and qualified[i] in _WS:
            i += 1
        if i < n and qualified[i] == ".":
            after_dot = True
            i += 1
            while i < n and qualified[i] in _WS:
                i += 1
        elif i >= n:
            return names
        else:
            if strict:
                raise invalid()
            return names


def text_reverse(s: str) -> str:
    """``reverse(text)``."""
    return s[::-1]


def text_split_part(s: str, delim: str, n: int) -> str:
    """``split_part(text, delimiter, n)``: n counts from the end when negative;
    22023 ``field position must not be zero``."""
    if n == 0:
        raise InvalidParameterValue("field position must not be zero")
    if not s:
        return ""
    if not delim:
        return s if n in (1, -1) else ""
    parts = s.split(delim)
    if n > 0:
        return parts[n - 1] if n <= len(parts) else ""
    return parts[n] if -n <= len(parts) else ""


def text_md5(s: str) -> str:
    """``md5(text)`` -> text (hex digest of the UTF-8 bytes)."""
    import hashlib  # imported on first use: it is slow to import and rarely needed

    return hashlib.md5(s.encode()).hexdigest()


def bytea_md5(b: bytes) -> str:
    """``md5(bytea)`` -> text."""
    import hashlib  # imported on first use: it is slow to import and rarely needed

    return hashlib.md5(b).hexdigest()


def bytea_digest(algorithm: str) -> Callable[[bytes], bytes]:
    """``sha224``/``sha256``/``sha384``/``sha512(bytea)`` -> bytea."""

    def digest(b: bytes) -> bytes:
        import hashlib  # imported on first use: it is slow to import and rarely needed

        return hashlib.new(algorithm, b).digest()

    return digest



def text_ascii(s: str) -> int:
    """``ascii(text)`` -> int4: code point of the first character, 0 for ''."""
    return ord(s[0]) if s else 0


def text_chr(code: int) -> str:
    """``chr(int)`` -> text (UTF-8 database): 54000 for 0, surrogates and values
    above U+10FFFF; 22023 for negative values."""
    if code < 0:
        raise InvalidParameterValue("character number must be positive")
    if code == 0:
        raise ProgramLimitExceeded("null character not permitted")
    if code > 0x10FFFF:
        raise ProgramLimitExceeded(f"requested character too large for encoding: {code}")
    if 0xD800 <= code <= 0xDFFF:
        raise ProgramLimitExceeded(f"requested character not valid for encoding: {code}")
    return chr(code)


def text_to_hex(v: int, bits: int = 32) -> str:
    """``to_hex(int4)`` / ``to_hex(int8)`` (pass bits=64): two's complement for negatives."""
    return format(v & ((1 << bits) - 1), "x")


def text_quote_literal(s: str) -> str:
    """``quote_literal(text)``: doubles quotes; uses ``E'...'`` when the string
    contains a backslash (doubling the backslashes)."""
    if "\\" in s:
        return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + s.replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# encode / decode, get_byte / set_byte (bytea <-> text, PostgreSQL's encode.c)
# ---------------------------------------------------------------------------


def _encoding_name(fmt: str) -> str:
    name = fmt.lower()
    if name not in ("hex", "base64", "escape"):
        raise InvalidParameterValue(f'unrecognized encoding: "{fmt}"')
    return name


def encode(data: bytes, fmt: str) -> str:
    """``encode(bytea, 'hex' | 'base64' | 'escape')``."""
    name = _encoding_name(fmt)
    if name == "hex":
        return data.hex()
    if name == "base64":
        text = base64.b64encode(data).decode("ascii")
        return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    out = []
    for b in data:
        if b == 0 or b >= 0x80:
            out.append(f"\\{b:03o}")
        elif b == 0x5C:
            out.append("\\\\")
        else:
            out.append(chr(b))
    return "".join(out)


def decode(text: str, fmt: str) -> bytes:
    """``decode(text, 'hex' | 'base64' | 'escape')``."""
    name = _encoding_name(fmt)
    if name == "hex":
        digits = "".join(ch for ch in text if ch not in " \t\n\r")
        for ch in digits:
            if ch not in "0123456789abcdefABCDEF":
                raise InvalidParameterValue(f'invalid hexadecimal digit: "{ch}"')
        if len(digits) % 2:
            raise InvalidParameterValue("invalid hexadecimal data: odd number of digits")
        return bytes.fromhex(digits)
    if name == "base64":
        compact = "".join(ch for ch in text if ch not in " \t\n\r")
        for ch in compact:
            if not (ch.isascii() and (ch.isalnum() or ch in "+/=")):
                raise InvalidParameterValue(f'invalid symbol "{ch}" found while decoding base64 sequence')
        if len(compact) % 4 or "=" in compact.rstrip("="):
            raise InvalidParameterValue("invalid base64 end sequence", hint="Input data is missing padding, is truncated, or is otherwise corrupted.")
        return base64.b64decode(compact)
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
        elif text[i + 1:i + 2] == "\\":
            out.append(0x5C)
            i += 2
        elif len(text) >= i + 4 and all(c in "01234567" for c in text[i + 1:i + 4]) and text[i + 1] in "0123":
            out.append(int(text[i + 1:i + 4], 8))
            i += 4
        else:
            raise InvalidTextRepresentation("invalid input syntax for type bytea")
    return bytes(out)


def _byte_index(data: bytes, n: int) -> None:
    if not 0 <= n < len(data):
        raise ArraySubscriptError(f"index {n} out of valid range, 0..{len(data) - 1}")


def get_byte(data: bytes, n: int) -> int:
    _byte_index(data, n)
    return data[n]


def set_byte(data: bytes, n: int, value: int) -> bytes:
    _byte_index(data, n)
    out = bytearray(data)
    out[n] = value & 0xFF
    return bytes(out)


# -- convert, convert_to, convert_from: text in other encodings ---------------------------------------

#: PostgreSQL's encoding names (normalized: lower case, letters and digits only) -> (its
#: canonical name, the Python codec).  SQL_ASCII passes bytes through unchecked.
_ENCODINGS: Final[dict[str, tuple[str, str]]] = {
    "utf8": ("UTF8", "utf-8"), "unicode": ("UTF8", "utf-8"), "sqlascii": ("SQL_ASCII", "latin-1"),
    **{f"latin{n}": (f"LATIN{n}", f"iso8859-{iso}") for n, iso in (
        (1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (6, 10), (7, 13), (8, 14), (9, 15), (10, 16))},
    **{f"iso8859{n}": (name, f"iso8859-{n}") for n, name in (
        (1, "LATIN1"), (2, "LATIN2"), (3, "LATIN3"), (4, "LATIN4"), (9, "LATIN5"), (10, "LATIN6"),
        (13, "LATIN7"), (14, "LATIN8"), (15, "LATIN9"), (16, "LATIN10"), (5, "ISO_8859_5"),
        (6, "ISO_8859_6"), (7, "ISO_8859_7"), (8, "ISO_8859_8"))},
    **{f"win{n}": (f"WIN{n}", f"cp{n}") for n in (866, 874, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258)},
    **{f"windows{n}": (f"WIN{n}", f"cp{n}") for n in (866, 874, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258)},
    "koi8r": ("KOI8R", "koi8-r"), "koi8": ("KOI8R", "koi8-r"), "koi8u": ("KOI8U", "koi8-u"),
    "eucjp": ("EUC_JP", "euc_jp"), "euckr": ("EUC_KR", "euc_kr"), "euccn": ("EUC_CN", "gb2312"),
    "sjis": ("SJIS", "shift_jis"), "shiftjis": ("SJIS", "shift_jis"), "big5": ("BIG5", "big5"),
    "gbk": ("GBK", "gbk"), "gb18030": ("GB18030", "gb18030"), "uhc": ("UHC", "cp949"),
}


def _pg_encoding(name: str, role: str) -> tuple[str, str]:
    """(canonical name, codec) of an encoding; ``role`` ("source", "destination" or "")
    names it in the 22023 for an unknown one."""
    key = "".join(ch for ch in name.lower() if ch.isalnum())
    found = _ENCODINGS.get(key)
    if found is None:
        raise InvalidParameterValue(f'invalid {role + " " if role else ""}encoding name "{name}"')
    return found


def _invalid_sequence(data: bytes, at: int, encoding: str) -> CharacterNotInRepertoire:
    """report_invalid_encoding: the offending character's bytes (as many as its first byte announces)."""
    lead = data[at]
    length = 2 if 0xC0 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if 0xF0 <= lead < 0xF8 else 1
    shown = " ".join(f"0x{b:02x}" for b in data[at:at + length])
    return CharacterNotInRepertoire(f'invalid byte sequence for encoding "{encoding}": {shown}')


def _text_from(data: bytes, encoding: str) -> str:
    """Bytes of ``encoding`` as text of the UTF8 database (NUL is never valid text)."""
    canonical, codec = _pg_encoding(encoding, "source")
    if canonical == "SQL_ASCII":
        canonical, codec = "UTF8", "utf-8"  # the bytes are taken as they are, and must be valid UTF8
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise _invalid_sequence(data, e.start, canonical) from None
    if "\x00" in text:
        raise _invalid_sequence(data, data.index(0), canonical)
    return text


def _text_to(text: str, encoding: str) -> bytes:
    canonical, codec = _pg_encoding(encoding, "destination")
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            shown = " ".join(f"0x{b:02x}" for b in ch.encode("utf-8"))
            raise UntranslatableCharacter(
                f'character with byte sequence {shown} in encoding "UTF8" has no equivalent in encoding "{canonical}"'
            ) from None
    return bytes(out)


def bytea_length_in(data: bytes, encoding: str) -> int:
    """``length(bytea, encoding)``: the number of characters of the bytes read in ``encoding``
    (SQL_ASCII: one per byte)."""
    canonical, codec = _pg_encoding(encoding, "")
    if canonical == "SQL_ASCII":
        return len(data)
    try:
        return len(data.decode(codec))
    except UnicodeDecodeError as e:
        raise _invalid_sequence(data, e.start, canonical) from None


def convert_to(text: str, encoding: str) -> bytes:
    """``convert_to(text, encoding)``: the text's bytes in ``encoding``."""
    return _text_to(text, encoding)


def convert_from(data: bytes, encoding: str) -> str:
    """``convert_from(bytea, encoding)``: bytes in ``encoding`` read as text."""
    return _text_from(data, encoding)


def convert(data: bytes, source: str, destination: str) -> bytes:
    """``convert(bytea, source, destination)``: bytes re-encoded."""
    _pg_encoding(source, "source")
    _pg_encoding(destination, "destination")
    return _text_to(_text_from(data, source), destination)

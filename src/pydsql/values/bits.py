"""``bit`` and ``bit varying``: bit strings, run-time-only types in DSQL.

DSQL allows them in expressions and refuses them as column types (reference
section 7; the refusal is :func:`pydsql.sql.ddl.column_type`'s).  A value of
either kind is a ``str`` of ``'0'`` and ``'1'``, which is also what psycopg
returns, and whose order is PostgreSQL's ``bit_cmp`` (the first differing
bit decides; a prefix comes first).

``bit`` without a length is ``bit(1)`` in a type position (``'101'::bit`` is
``'1'``), and unconstrained as the type of ``B'101'``.  The modifiers follow
PostgreSQL: an explicit cast truncates or pads with zeros on the right
(``bit(n)``) or truncates (``bit varying(n)``); an assignment that does not
fit is 22026.  A cast from an integer to ``bit(n)`` takes the integer's low
``n`` bits, its sign extended (:func:`int_to_bit`, which needs the length: the
cast rows' ``to_target``).
"""

from __future__ import annotations

from typing import Any, Final

from .. import errors
from ..types import BOOL, INT4, INT8, SqlType
from .registry import EXPLICIT, IMPLICIT, Cast, Function, Operator, TypeIO

BIT: Final = SqlType("bit")
VARBIT: Final = SqlType("varbit")


def bit_in(text: str) -> str:
    """PostgreSQL's ``bit_in``: binary digits, or hexadecimal after ``x`` (``b`` may lead
    binary ones: ``B'101'`` arrives as ``b101``)."""
    hexadecimal = text[:1] in ("x", "X")
    digits = text[1:] if text[:1] in ("b", "B", "x", "X") else text
    if not hexadecimal:
        bad = next((c for c in digits if c not in "01"), None)
        if bad is not None:
            raise errors.InvalidTextRepresentation(f'"{bad}" is not a valid binary digit')
        return digits
    out = []
    for c in digits:
        if not ("0" <= c <= "9" or "a" <= c <= "f" or "A" <= c <= "F"):
            raise errors.InvalidTextRepresentation(f'"{c}" is not a valid hexadecimal digit')
        out.append(f"{int(c, 16):04b}")
    return "".join(out)


def bit_out(value: str) -> str:
    return value


# -- modifiers and casts -----------------------------------------------------------------------------


def bit_typmod(value: str, length: int, explicit: bool) -> str:
    """``bit(length)``: exactly ``length`` bits (an explicit cast truncates or zero-pads)."""
    if len(value) == length:
        return value
    if not explicit:
        raise errors.StringDataLengthMismatch(f"bit string length {len(value)} does not match type bit({length})")
    return value[:length].ljust(length, "0")


def varbit_typmod(value: str, length: int, explicit: bool) -> str:
    """``bit varying(length)``: at most ``length`` bits (an explicit cast truncates)."""
    if len(value) <= length:
        return value
    if not explicit:
        raise errors.StringDataLengthMismatch(f"bit string too long for type bit varying({length})")
    return value[:length]


def int_to_bit(value: int, length: int | None) -> str:
    """``bitfromint4``/``bitfromint8``: the low ``length`` bits (default 1) of the integer in
    two's complement, its sign extended beyond its own width."""
    n = length or 1
    return format(value & ((1 << n) - 1), f"0{n}b")


def _bit_to_int(width: int) -> Any:
    def convert(value: str) -> int:
        if len(value) > width:
            raise errors.NumericValueOutOfRange("integer out of range" if width == 32 else "bigint out of range")
        n = int(value, 2) if value else 0
        return n - (1 << width) if n >= 1 << (width - 1) else n  # the bits as a signed integer
    return convert


# -- operators and functions ------------------------------------------------------------------------


def _same_size(a: str, b: str, verb: str) -> None:
    if len(a) != len(b):
        raise errors.StringDataLengthMismatch(f"cannot {verb} bit strings of different sizes")


def _bits(n: int, length: int) -> str:
    return format(n, f"0{length}b") if length else ""


def bitand(a: str, b: str) -> str:
    _same_size(a, b, "AND")
    return _bits(int(a, 2) & int(b, 2), len(a)) if a else ""


def bitor(a: str, b: str) -> str:
    _same_size(a, b, "OR")
    return _bits(int(a, 2) | int(b, 2), len(a)) if a else ""


def bitxor(a: str, b: str) -> str:
    _same_size(a, b, "XOR")
    return _bits(int(a, 2) ^ int(b, 2), len(a)) if a else ""


def bitnot(a: str) -> str:
    return a.translate(_FLIP)


_FLIP: Final = str.maketrans("01", "10")


def bitshiftleft(a: str, shift: int) -> str:
    if shift < 0:
        return bitshiftright(a, -max(shift, -len(a) - 1))
    shift = min(shift, len(a))
    return a[shift:] + "0" * shift


def bitshiftright(a: str, shift: int) -> str:
    if shift < 0:
        return bitshiftleft(a, -max(shift, -len(a) - 1))
    shift = min(shift, len(a))
    return "0" * shift + a[: len(a) - shift]


def bitcat(a: str, b: str) -> str:
    return a + b


def bit_length(a: str) -> int:
    return len(a)


def octet_length(a: str) -> int:
    return (len(a) + 7) // 8


def bitposition(string: str, sub: str) -> int:
    if not string or len(sub) > len(string):
        return 0
    return string.find(sub) + 1


def _substring(a: str, start: int, length: int | None) -> str:
    """PostgreSQL's ``bitsubstring``: bits ``start`` .. ``start + length - 1`` (1-based)."""
    first = max(start, 1)
    if length is None:
        end = len(a) + 1
    elif length < 0:
        raise errors.SubstringError("negative substring length not allowed")
    else:
        end = min(start + length, len(a) + 1)
    return "" if first > len(a) or end <= first else a[first - 1:end - 1]


def bitsubstr(a: str, start: int, length: int) -> str:
    return _substring(a, start, length)


def bitsubstr_no_len(a: str, start: int) -> str:
    return _substring(a, start, None)


def bitoverlay(a: str, placing: str, start: int, length: int) -> str:
    if start <= 0:
        raise errors.SubstringError("negative substring length not allowed")
    if start + length > 2**31 - 1:
        raise errors.NumericValueOutOfRange("integer out of range")
    return _substring(a, 1, start - 1) + placing + _substring(a, start + length, None)


def bitoverlay_no_len(a: str, placing: str, start: int) -> str:
    return bitoverlay(a, placing, start, len(placing))


def _check_index(a: str, n: int) -> None:
    if not 0 <= n < len(a):
        raise errors.ArraySubscriptError(f"bit index {n} out of valid range (0..{len(a) - 1})")


def bitgetbit(a: str, n: int) -> int:
    _check_index(a, n)
    return int(a[n])


def bitsetbit(a: str, n: int, bit: int) -> str:
    _check_index(a, n)
    if bit not in (0, 1):
        raise errors.InvalidParameterValue("new bit must be 0 or 1")
    return f"{a[:n]}{bit}{a[n + 1:]}"


def bit_bit_count(a: str) -> int:
    return a.count("1")


# -- the rows of the catalogs -------------------------------------------------------------------------

TYPE_IOS: Final[list[TypeIO]] = [TypeIO("bit", bit_in, bit_out), TypeIO("varbit", bit_in, bit_out)]

#: pg_cast's rows (the integer -> bit casts take the target's length: see int_to_bit)
CASTS: Final[list[Cast]] = [
    Cast("bit", "varbit", IMPLICIT, None),
    Cast("varbit", "bit", IMPLICIT, None),
    Cast("int4", "bit", EXPLICIT, lambda v: int_to_bit(v, 1), lambda v, t: int_to_bit(v, t.length)),
    Cast("int8", "bit", EXPLICIT, lambda v: int_to_bit(v, 1), lambda v, t: int_to_bit(v, t.length)),
    Cast("bit", "int4", EXPLICIT, _bit_to_int(32)),
    Cast("bit", "int8", EXPLICIT, _bit_to_int(64)),
]


def _operators() -> list[Operator]:
    ops = []
    for kind in ("bit", "varbit"):
        for name, fn in (("=", str.__eq__), ("<>", str.__ne__), ("<", str.__lt__), ("<=", str.__le__),
                         (">", str.__gt__), (">=", str.__ge__)):
            ops.append(Operator(name, kind, kind, BOOL, fn))
    ops += [
        Operator("&", "bit", "bit", BIT, bitand),
        Operator("|", "bit", "bit", BIT, bitor),
        Operator("#", "bit", "bit", BIT, bitxor),
        Operator("~", None, "bit", BIT, bitnot),
        Operator("<<", "bit", "int4", BIT, bitshiftleft),
        Operator(">>", "bit", "int4", BIT, bitshiftright),
        Operator("||", "varbit", "varbit", VARBIT, bitcat),
    ]
    return ops


OPERATORS: Final[list[Operator]] = _operators()

#: the bit strings' functions (pg_proc rows)
FUNCTIONS: Final[list[Function]] = [
    Function("length", ("bit",), INT4, bit_length),
    Function("bit_length", ("bit",), INT4, bit_length),
    Function("octet_length", ("bit",), INT4, octet_length),
    Function("position", ("bit", "bit"), INT4, bitposition),
    Function("substring", ("bit", "int4", "int4"), BIT, bitsubstr),
    Function("substring", ("bit", "int4"), BIT, bitsubstr_no_len),
    Function("overlay", ("bit", "bit", "int4", "int4"), BIT, bitoverlay),
    Function("overlay", ("bit", "bit", "int4"), BIT, bitoverlay_no_len),
    Function("get_bit", ("bit", "int4"), INT4, bitgetbit),
    Function("set_bit", ("bit", "int4", "int4"), BIT, bitsetbit),
    Function("bit_count", ("bit",), INT8, bit_bit_count),
]

#: bit_and, bit_or, bit_xor over bit strings: the operator each folds with
AGGREGATE_FOLDS: Final = {"bit_and": bitand, "bit_or": bitor, "bit_xor": bitxor}

__all__ = [
    "BIT", "VARBIT", "TYPE_IOS", "CASTS", "OPERATORS", "FUNCTIONS", "AGGREGATE_FOLDS", "bit_in", "bit_out",
    "bit_typmod", "varbit_typmod", "int_to_bit",
]

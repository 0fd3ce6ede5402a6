"""``money``: PostgreSQL's fixed-point currency amount, a run-time-only type in DSQL.

DSQL allows ``money`` in expressions and refuses it as a column type
(reference section 7; the refusal is :func:`pydsql.sql.ddl.column_type`'s).
A value is a :class:`Money`: an ``int`` of cents (a signed 64-bit integer,
as PostgreSQL's ``Cash``), a class of its own so that code that only has the
value (``anynonarray || text``, JSON) prints it as money.

The formatting is PostgreSQL's under ``lc_monetary = 'C'``, DSQL's only
locale: two fraction digits, ``$`` before the amount, ``,`` between groups
of three digits, ``-`` before a negative amount (``-$1,234.50``).  Input
takes what ``cash_in`` takes (a currency symbol, a sign before or after the
digits, parentheses for a negative amount, thousands separators, and more
fraction digits rounded half up on the third).

Arithmetic is PostgreSQL 16's, including where it does not check: ``+``,
``-`` and ``sum`` wrap around at 64 bits, a product or quotient with a
float rounds to even and turns anything beyond 64 bits into the most
negative amount (x86's conversion), and an integer product wraps.  A
quotient by an integer truncates towards zero; by zero it is 22012.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from .. import errors
from ..types import BOOL, FLOAT8, TEXT, SqlType
from .registry import ASSIGNMENT, Cast, Function, Operator, TypeIO

MONEY: Final = SqlType("money")

_MIN: Final = -(1 << 63)
_MAX: Final = (1 << 63) - 1


class Money(int):
    """A ``money`` value: its amount in cents (comparisons and hashing are int's)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Money({cash_out(self)!r})"


def _wrap(cents: int) -> Money:
    """``cents`` as a 64-bit two's-complement integer (PostgreSQL's unchecked arithmetic)."""
    return Money((cents - _MIN) % (1 << 64) + _MIN)


def _from_float(x: float) -> Money:
    """``(Cash) rint(x)``: round half to even; NaN and amounts beyond 64 bits become the
    most negative amount, as the x86 conversion PostgreSQL's binaries use gives."""
    if math.isnan(x) or math.isinf(x):
        return Money(_MIN)
    cents = round(x)  # half to even, as rint()
    return Money(cents if _MIN <= cents <= _MAX else _MIN)


# -- input and output ---------------------------------------------------------------------------


def cash_in(text: str) -> Money:
    """PostgreSQL's ``cash_in`` under the C locale (see module docstring)."""
    s, n, i = text, len(text), 0

    def skip_spaces(i: int) -> int:
        while i < n and s[i] in " \t\n\r\v\f":
            i += 1
        return i

    def bad() -> errors.InvalidTextRepresentation:
        return errors.InvalidTextRepresentation(f'invalid input syntax for type money: "{text}"')

    def out_of_range() -> errors.NumericValueOutOfRange:
        return errors.NumericValueOutOfRange(f'value "{text}" is out of range for type money')

    i = skip_spaces(i)
    if s.startswith("$", i):
        i += 1
    i = skip_spaces(i)
    negative = False
    if s.startswith("-", i):
        negative, i = True, i + 1
    elif s.startswith("(", i):
        negative, i = True, i + 1
    elif s.startswith("+", i):
        i += 1
    i = skip_spaces(i)
    if s.startswith("$", i):
        i += 1
    i = skip_spaces(i)
    value = 0  # built in the negative, as PostgreSQL does (the most negative amount fits)
    decimals = 0
    seen_dot = False
    while i < n:
        c = s[i]
        if "0" <= c <= "9" and (not seen_dot or decimals < 2):
            value = value * 10 - (ord(c) - 48)
            if value < _MIN:
                raise out_of_range()
            if seen_dot:
                decimals += 1
        elif c == "." and not seen_dot:
            seen_dot = True
        elif c != ",":
            break
        i += 1
    if i < n and "5" <= s[i] <= "9":  # round off on the next digit
        value -= 1
        if value < _MIN:
            raise out_of_range()
    for _ in range(decimals, 2):
        value *= 10
        if value < _MIN:
            raise out_of_range()
    while i < n and "0" <= s[i] <= "9":
        i += 1
    while i < n:  # trailing whitespace, ")", a sign or the currency symbol
        c = s[i]
        if c in " \t\n\r\v\f)+$":
            i += 1
        elif c == "-":
            negative, i = True, i + 1
        else:
            raise bad()
    if not negative:
        if value == _MIN:
            raise out_of_range()
        value = -value
    return Money(value)


def cash_out(value: int) -> str:
    """PostgreSQL's ``cash_out`` under the C locale: ``$1,234.50``, ``-$0.07``."""
    digits = f"{abs(value):03d}"
    whole, cents = digits[:-2], digits[-2:]
    grouped = f"{int(whole):,}"
    return f"{'-' if value < 0 else ''}${grouped}.{cents}"


# -- casts --------------------------------------------------------------------------------------


def _numeric_to_money(v: Decimal) -> Money:
    """``numeric_cash``: the amount times 100, rounded half away from zero to a bigint."""
    if v.is_nan():
        raise errors.FeatureNotSupported("cannot convert NaN to bigint")
    if v.is_infinite():
        raise errors.FeatureNotSupported("cannot convert infinity to bigint")
    cents = int((v * 100).to_integral_value(rounding=ROUND_HALF_UP))
    if not _MIN <= cents <= _MAX:
        raise errors.NumericValueOutOfRange("bigint out of range")
    return Money(cents)


def _int_to_money(v: int) -> Money:
    """``int4_cash``/``int8_cash``: dollars to cents, through a checked bigint product."""
    cents = v * 100
    if not _MIN <= cents <= _MAX:
        raise errors.NumericValueOutOfRange("bigint out of range")
    return Money(cents)


def _money_to_numeric(v: int) -> Decimal:
    """``cash_numeric``: the amount with two fraction digits (``1.50``)."""
    return Decimal(v).scaleb(-2)


# -- operators and functions ----------------------------------------------------------------------


def _check_divisor(d: float) -> None:
    if d == 0:
        raise errors.DivisionByZero("division by zero")


def cash_pl(a: int, b: int) -> Money:
    return _wrap(a + b)


def cash_mi(a: int, b: int) -> Money:
    return _wrap(a - b)


def cash_mul_int(a: int, b: int) -> Money:
    """``money * integer`` and ``integer * money`` (the product commutes: one function)."""
    return _wrap(a * b)


def cash_div_int(a: int, b: int) -> Money:
    _check_divisor(b)
    q = abs(a) // abs(b)  # C's division truncates towards zero
    return _wrap(q if (a < 0) == (b < 0) else -q)


def cash_mul_flt(a: float, b: float) -> Money:
    """``money * float`` and ``float * money``, in float8 arithmetic."""
    return _from_float(float(a) * float(b))


def cash_div_flt(a: int, b: float) -> Money:
    _check_divisor(b)
    return _from_float(float(a) / b)


def cash_div_cash(a: int, b: int) -> float:
    _check_divisor(b)
    return float(a) / float(b)


def cashlarger(a: int, b: int) -> Money:
    return Money(a if a > b else b)


def cashsmaller(a: int, b: int) -> Money:
    return Money(a if a < b else b)


_SMALL: Final = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)
_TENS: Final = _SMALL[18:]  # _TENS[2] is "twenty"


def _num_word(value: int) -> str:
    """PostgreSQL's ``num_word`` (0 to 999), quirks included."""
    tu = value % 100
    if value <= 20:
        return _SMALL[value]
    if not tu:
        return f"{_SMALL[value // 100]} hundred"
    if value > 99:
        if value % 10 == 0 and tu > 10:
            return f"{_SMALL[value // 100]} hundred {_TENS[tu // 10]}"
        if tu < 20:
            return f"{_SMALL[value // 100]} hundred and {_SMALL[tu]}"
        return f"{_SMALL[value // 100]} hundred {_TENS[tu // 10]} {_SMALL[tu % 10]}"
    if value % 10 == 0 and tu > 10:
        return _TENS[tu // 10]
    if tu < 20:
        return _SMALL[tu]
    return f"{_TENS[tu // 10]} {_SMALL[tu % 10]}"


def cash_words(value: int) -> str:
    """PostgreSQL's ``cash_words``: the amount in English words (its spacing included)."""
    words = "minus " if value < 0 else ""
    val = abs(value)  # as PostgreSQL's uint64: the most negative amount is no exception
    prefix = len(words)
    for scale, name in (
        (10**17, " quadrillion "), (10**14, " trillion "), (10**11, " billion "), (10**8, " million "),
        (10**5, " thousand "),
    ):
        part = (val // scale) % 1000
        if part:
            words += _num_word(part) + name
    hundreds = (val // 100) % 1000
    if hundreds:
        words += _num_word(hundreds)
    if len(words) == prefix:
        words += "zero"
    cents = val % 100
    words += (" dollar and " if val // 100 == 1 else " dollars and ") + _num_word(cents)
    words += " cent" if cents == 1 else " cents"
    return words[0].upper() + words[1:]


# -- the rows of the catalogs -------------------------------------------------------------------------

TYPE_IOS: Final[list[TypeIO]] = [TypeIO("money", cash_in, cash_out)]

#: pg_cast's rows for money (the I/O casts to and from the string types are generic)
CASTS: Final[list[Cast]] = [
    Cast("money", "numeric", ASSIGNMENT, _money_to_numeric),
    Cast("numeric", "money", ASSIGNMENT, _numeric_to_money),
    Cast("int4", "money", ASSIGNMENT, _int_to_money),
    Cast("int8", "money", ASSIGNMENT, _int_to_money),
]


def _operators() -> list[Operator]:
    ops = [
        Operator("+", "money", "money", MONEY, cash_pl),
        Operator("-", "money", "money", MONEY, cash_mi),
        Operator("/", "money", "money", FLOAT8, cash_div_cash),
    ]
    for name, fn in (("=", int.__eq__), ("<>", int.__ne__), ("<", int.__lt__), ("<=", int.__le__),
                     (">", int.__gt__), (">=", int.__ge__)):
        ops.append(Operator(name, "money", "money", BOOL, fn))
    for kind in ("int2", "int4", "int8"):
        ops += [
            Operator("*", "money", kind, MONEY, cash_mul_int),
            Operator("*", kind, "money", MONEY, cash_mul_int),
            Operator("/", "money", kind, MONEY, cash_div_int),
        ]
    for kind in ("float4", "float8"):
        ops += [
            Operator("*", "money", kind, MONEY, cash_mul_flt),
            Operator("*", kind, "money", MONEY, cash_mul_flt),
            Operator("/", "money", kind, MONEY, cash_div_flt),
        ]
    return ops


OPERATORS: Final[list[Operator]] = _operators()

#: money's functions (pg_proc rows)
FUNCTIONS: Final[list[Function]] = [
    Function("cashlarger", ("money", "money"), MONEY, cashlarger),
    Function("cashsmaller", ("money", "money"), MONEY, cashsmaller),
    Function("cash_words", ("money",), TEXT, cash_words),
]

__all__ = ["MONEY", "Money", "cash_in", "cash_out", "TYPE_IOS", "CASTS", "OPERATORS", "FUNCTIONS"]

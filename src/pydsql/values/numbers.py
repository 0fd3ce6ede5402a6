"""Numbers: ``int2``/``int4``/``int8``, ``numeric``, ``float4``/``float8``.

Representation and invariants
-----------------------------

* ``int2``/``int4``/``int8`` are Python ``int`` values inside the type's range.
  Every function that can leave the range checks it and raises 22003
  (``smallint out of range`` / ``integer out of range`` / ``bigint out of range``).
* ``numeric`` is a :class:`decimal.Decimal` whose *exponent is minus the display
  scale* (PostgreSQL's ``dscale``): ``1.50`` is ``Decimal('1.50')``, ``1000`` is
  ``Decimal('1000')`` (never ``Decimal('1E+3')``).  Finite values have at most
  131072 digits before the point and 16383 after it (PostgreSQL's storage
  limits), there is no negative zero, and ``NaN``, ``Infinity`` and
  ``-Infinity`` are the quiet ``Decimal`` specials.  Arithmetic runs in a
  private context of maximal precision, so ``+ - *`` are exact; division and
  the transcendental functions compute with guard digits and then round half
  away from zero to the scale PostgreSQL would choose.
* ``float8`` is a Python ``float``.  ``float4`` is a Python ``float`` that is
  exactly representable in IEEE single precision: every ``float4`` operation
  rounds its result to single precision (computing a single-precision
  ``+ - * /`` in double precision and rounding once is exact, as 53 >= 2*24+2).

Text output follows PostgreSQL 16 with ``extra_float_digits = 1``: the
shortest digits that read back as the same value, as PostgreSQL's Ryu picks
them (a decimal exactly on a rounding boundary is never used, so ``1e23``
prints as ``9.999999999999999e+22``), in fixed notation when the decimal
exponent is in [-4, 15) for ``float8`` and [-4, 6) for ``float4``, else in
``1e+15`` style.  Text input follows glibc's ``strtod``/``strtof`` (hex floats,
``nan(...)``), correctly rounded to single precision for ``float4``.

Functions are named after PostgreSQL's C functions (``int4pl`` -> ``int4_pl``)
and specialised per kind so the per-row hot paths do not branch on a kind.
"""

from __future__ import annotations

import math
import re
import struct
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero as _DecDivisionByZero,
    InvalidOperation,
    Overflow as _DecOverflow,
)
from typing import TYPE_CHECKING, Callable, Final, NoReturn

from ..errors import (
    DivisionByZero,
    FeatureNotSupported,
    InvalidArgumentForLogarithm,
    InvalidArgumentForPowerFunction,
    InvalidTextRepresentation,
    NumericValueOutOfRange,
)
from .lazy import lazy_pattern

if TYPE_CHECKING:
    # fractions is imported by the float input paths that need exact arithmetic (hex floats,
    # float4 rounding ties): it is slow to import and most programs never reach them.
    from fractions import Fraction

# ---------------------------------------------------------------------------
# Ranges and shared errors
# ---------------------------------------------------------------------------

INT2_MIN: Final = -32768
INT2_MAX: Final = 32767
INT4_MIN: Final = -2147483648
INT4_MAX: Final = 2147483647
INT8_MIN: Final = -9223372036854775808
INT8_MAX: Final = 9223372036854775807

_WS: Final = " \t\n\r\v\f"  # C isspace() in the C locale


def _int2_oor() -> NoReturn:
    raise NumericValueOutOfRange("smallint out of range")


def _int4_oor() -> NoReturn:
    raise NumericValueOutOfRange("integer out of range")


def _int8_oor() -> NoReturn:
    raise NumericValueOutOfRange("bigint out of range")


def _div0() -> NoReturn:
    raise DivisionByZero("division by zero")


def _float_overflow() -> NoReturn:
    raise NumericValueOutOfRange("value out of range: overflow")


def _float_underflow() -> NoReturn:
    raise NumericValueOutOfRange("value out of range: underflow")


def _numeric_overflow() -> NoReturn:
    raise NumericValueOutOfRange("value overflows numeric format")


# ---------------------------------------------------------------------------
# Integer input / output
# ---------------------------------------------------------------------------

_DIGIT_VALUES: Final = {c: int(c, 16) for c in "0123456789abcdefABCDEF"}
_PREFIX_BASES: Final = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}
_INT_SIMPLE: Final = re.compile(r"[ \t\n\r\v\f]*([+-]?[0-9]+)[ \t\n\r\v\f]*\Z")


def _int_in(text: str, limit: int, typname: str) -> int:
    """PostgreSQL 16's ``pg_strtoint{16,32,64}_safe``.

    ``limit`` is ``-MIN`` of the type.  Mirrors the C scanner exactly,
    including when overflow wins over a syntax error: the digits accumulate
    unsigned and overflow is detected *while* scanning, so ``'2147483650x'``
    is out of range while ``'2147483649x'`` is a syntax error.
    """
    if len(text) <= 40 and text.isdigit() and text.isascii():  # the common case, at C speed
        v = int(text)
        if v < limit:
            return v
        raise NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')
    m = _INT_SIMPLE.match(text) if len(text) <= 4000 else None
    if m is not None:  # optional sign and blanks around decimal digits (int() caps digits)
        v = int(m.group(1))
        if -limit <= v < limit:
            return v
        raise NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')
    n = len(text)
    i = 0
    while i < n and text[i] in _WS:
        i += 1
    neg = False
    if i < n and text[i] == "-":
        neg = True
        i += 1
    elif i < n and text[i] == "+":
        i += 1
    base = 10
    if i + 1 < n and text[i] == "0" and text[i + 1] in _PREFIX_BASES:
        base = _PREFIX_BASES[text[i + 1]]
        i += 2
    threshold = limit // base
    first = i
    tmp = 0
    while i < n:
        d = _DIGIT_VALUES.get(text[i], 99)
        if d < base:
            if tmp > threshold:
                raise NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')
            tmp = tmp * base + d
            i += 1
        elif text[i] == "_" and (base != 10 or i != first):
            # an underscore must be followed by another digit
            i += 1
            if i >= n or _DIGIT_VALUES.get(text[i], 99) >= base:
                raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
        else:
            break
    if i == first:
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    while i < n and text[i] in _WS:
        i += 1
    if i != n:
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    if neg:
        if tmp > limit:
            raise NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')
        return -tmp
    if tmp >= limit:
        raise NumericValueOutOfRange(f'value "{text}" is out of range for type {typname}')
    return tmp


def int2_in(text: str) -> int:
    """``int2in``: text to smallint (22P02 / 22003)."""
    return _int_in(text, 32768, "smallint")


def int4_in(text: str) -> int:
    """``int4in``: text to integer (22P02 / 22003)."""
    return _int_in(text, 2147483648, "integer")


def int8_in(text: str) -> int:
    """``int8in``: text to bigint (22P02 / 22003)."""
    return _int_in(text, 9223372036854775808, "bigint")


def int_out(value: int) -> str:
    """``int2out``/``int4out``/``int8out``: plain decimal."""
    return str(value)


# ---------------------------------------------------------------------------
# Integer arithmetic.  Cross-type operators (int2 + int4 ...) use the function
# of their result type: operands are plain ints, only the range differs.
# ---------------------------------------------------------------------------


def int2_pl(a: int, b: int) -> int:
    r = a + b
    if -32768 <= r <= 32767:
        return r
    _int2_oor()


def int4_pl(a: int, b: int) -> int:
    r = a + b
    if -2147483648 <= r <= 2147483647:
        return r
    _int4_oor()


def int8_pl(a: int, b: int) -> int:
    r = a + b
    if -9223372036854775808 <= r <= 9223372036854775807:
        return r
    _int8_oor()


def int2_mi(a: int, b: int) -> int:
    r = a - b
    if -32768 <= r <= 32767:
        return r
    _int2_oor()


def int4_mi(a: int, b: int) -> int:
    r = a - b
    if -2147483648 <= r <= 2147483647:
        return r
    _int4_oor()


def int8_mi(a: int, b: int) -> int:
    r = a - b
    if -9223372036854775808 <= r <= 9223372036854775807:
        return r
    _int8_oor()


def int2_mul(a: int, b: int) -> int:
    r = a * b
    if -32768 <= r <= 32767:
        return r
    _int2_oor()


def int4_mul(a: int, b: int) -> int:
    r = a * b
    if -2147483648 <= r <= 2147483647:
        return r
    _int4_oor()


def int8_mul(a: int, b: int) -> int:
    r = a * b
    if -9223372036854775808 <= r <= 9223372036854775807:
        return r
    _int8_oor()


def _trunc_div(a: int, b: int) -> int:
    # C division truncates toward zero; Python's // floors.
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    return q


def int2_div(a: int, b: int) -> int:
    if b == 0:
        _div0()
    q = _trunc_div(a, b)
    if q > 32767:  # only -32768 / -1
        _int2_oor()
    return q


def int4_div(a: int, b: int) -> int:
    if b == 0:
        _div0()
    q = _trunc_div(a, b)
    if q > 2147483647:
        _int4_oor()
    return q


def int8_div(a: int, b: int) -> int:
    if b == 0:
        _div0()
    q = _trunc_div(a, b)
    if q > 9223372036854775807:
        _int8_oor()
    return q


def int_mod(a: int, b: int) -> int:
    """``int2mod``/``int4mod``/``int8mod`` (and ``mod()``): the result takes the
    dividend's sign; ``MIN % -1`` is 0; ``x % 0`` is 22012."""
    if b == 0:
        _div0()
    r = a % b
    if r and (r < 0) != (a < 0):  # Python's % takes the divisor's sign
        r -= b
    return r


int2_mod = int4_mod = int8_mod = int_mod


def int2_um(a: int) -> int:
    if a == -32768:
        _int2_oor()
    return -a


def int4_um(a: int) -> int:
    if a == -2147483648:
        _int4_oor()
    return -a


def int8_um(a: int) -> int:
    if a == -9223372036854775808:
        _int8_oor()
    return -a


def int_up(a: int) -> int:
    """Unary ``+`` on any integer kind (and on numeric / floats): identity."""
    return a


def int2_abs(a: int) -> int:
    if a == -32768:
        _int2_oor()
    return a if a >= 0 else -a


def int4_abs(a: int) -> int:
    if a == -2147483648:
        _int4_oor()
    return a if a >= 0 else -a


def int8_abs(a: int) -> int:
    if a == -9223372036854775808:
        _int8_oor()
    return a if a >= 0 else -a


def int_and(a: int, b: int) -> int:
    return a & b


def int_or(a: int, b: int) -> int:
    return a | b


def int_xor(a: int, b: int) -> int:
    return a ^ b


def int_not(a: int) -> int:
    return ~a


def _wrap(v: int, bits: int) -> int:
    """Two's complement wrap-around of ``v`` to ``bits`` bits."""
    m = 1 << bits
    v &= m - 1
    return v - m if v >= (m >> 1) else v


def int2_shl(a: int, b: int) -> int:
    """``int2shl``: C ``(int16) (a << b)`` on x86-64: the shift happens in 32 bits
    with the count masked to 5 bits, and the result wraps (no error)."""
    return _wrap(_wrap(a << (b & 31), 32), 16)


def int4_shl(a: int, b: int) -> int:
    return _wrap(a << (b & 31), 32)


def int8_shl(a: int, b: int) -> int:
    return _wrap(a << (b & 63), 64)


def int2_shr(a: int, b: int) -> int:
    return _wrap(a >> (b & 31), 16)


def int4_shr(a: int, b: int) -> int:
    return a >> (b & 31)


def int8_shr(a: int, b: int) -> int:
    return a >> (b & 63)


def int4_gcd(a: int, b: int) -> int:
    """``gcd(int4, int4)``: non-negative; ``gcd(MIN, 0)`` and ``gcd(MIN, MIN)`` are 22003."""
    r = math.gcd(a, b)
    if r > 2147483647:
        _int4_oor()
    return r


def int8_gcd(a: int, b: int) -> int:
    """``gcd(int8, int8)``."""
    r = math.gcd(a, b)
    if r > 9223372036854775807:
        _int8_oor()
    return r


def int4_lcm(a: int, b: int) -> int:
    """``lcm(int4, int4)``: 0 if either is 0, 22003 on overflow."""
    if a == 0 or b == 0:
        return 0
    r = abs(a // math.gcd(a, b) * b)
    if r > 2147483647:
        _int4_oor()
    return r


def int8_lcm(a: int, b: int) -> int:
    """``lcm(int8, int8)``."""
    if a == 0 or b == 0:
        return 0
    r = abs(a // math.gcd(a, b) * b)
    if r > 9223372036854775807:
        _int8_oor()
    return r


# ---------------------------------------------------------------------------
# Float helpers
# ---------------------------------------------------------------------------

_F32: Final = struct.Struct("<f")
_U32: Final = struct.Struct("<I")
_f32_pack = _F32.pack
_f32_unpack = _F32.unpack
_INF: Final = math.inf
_NINF: Final = -math.inf
_FMAX: Final = 1.7976931348623157e308
_F4MAX: Final = 3.4028234663852886e38


def to_float4(x: float) -> float:
    """Round a double to single precision (22003 overflow if it does not fit)."""
    try:
        return _f32_unpack(_f32_pack(x))[0]  # type: ignore[no-any-return]
    except OverflowError:
        _float_overflow()


def _f32_round_or_inf(x: float) -> float:
    try:
        return _f32_unpack(_f32_pack(x))[0]  # type: ignore[no-any-return]
    except OverflowError:
        return math.copysign(_INF, x)


def _f32_step(y: float, up: bool) -> float:
    """The float32 next to the non-negative float32 ``y`` (toward +inf if ``up``);
    above FLT_MAX that is 2^128, the rounding boundary to infinity."""
    if up and y == _F4MAX:
        return 2.0**128
    bits = _U32.unpack(_f32_pack(y))[0]
    return _f32_unpack(_U32.pack(bits + 1 if up else bits - 1))[0]  # type: ignore[no-any-return]


def _f32_nearest(d: float, exact: Callable[[], Fraction]) -> float:
    """Round to single precision the positive real number X whose nearest double
    is ``d``, without double rounding: only when ``d`` lies exactly halfway
    between two float32 values is X itself (``exact()``) consulted."""
    y = _f32_round_or_inf(d)
    if y == d:
        return y
    if y < d:
        lo, hi = y, _f32_step(y, True)
    elif math.isinf(y):
        lo, hi = _F4MAX, 2.0**128
    else:
        lo, hi = _f32_step(y, False), y
    mid = (lo + hi) / 2  # exact: 25 significant bits
    if d != mid:
        return y
    x = exact()
    if x > mid:
        return _INF if hi == 2.0**128 else hi
    if x < mid:
        return lo
    return y  # a true tie: ties-to-even already chose


# ---------------------------------------------------------------------------
# Float input
# ---------------------------------------------------------------------------

# What glibc strtod/strtof accept: decimal, hexadecimal, inf[inity], nan[(...)].
_FLOAT_BODY = r"""
    (?P<num>(?P<sign>[+-]?)(?:
        (?P<dec>(?P<dmant>[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | 0[xX](?P<hmant>[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP](?P<hexp>[+-]?[0-9]+))?
      | (?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)
      | (?P<nan>[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)
    ))"""
_FLOAT_FULL = lazy_pattern(r"[ \t\n\r\v\f]*" + _FLOAT_BODY + r"[ \t\n\r\v\f]*\Z", re.X)
_FLOAT_PREFIX = lazy_pattern(r"[ \t\n\r\v\f]*" + _FLOAT_BODY, re.X)


def _hex_fraction(mant: str, exp: str | None) -> Fraction:
    from fractions import Fraction

    ip, _, fp = mant.partition(".")
    v = Fraction(int(ip + fp or "0", 16), 16 ** len(fp))
    if exp:
        # Beyond this bound the value overflows or underflows anyway; clamping
        # keeps an absurd exponent from building a gigantic integer.
        bound = 4 * len(mant) + 2200
        v *= Fraction(2) ** max(-bound, min(bound, int(exp)))
    return v


def _float_in(text: str, typname: str, single: bool) -> float:
    """``float8in``/``float4in``: glibc ``strtod``/``strtof`` plus PostgreSQL's checks."""
    if not single and len(text) < 300 and _is_plain_decimal(text):
        return float(text)  # plain decimal of < 300 digits: cannot overflow or underflow
    m = _FLOAT_FULL().match(text)
    if m is None:
        # PostgreSQL reports an out-of-range number before looking at trailing junk.
        p = _FLOAT_PREFIX().match(text)
        if p is not None and p.group("inf") is None and p.group("nan") is None:
            _float_value(p, typname, single)
        raise InvalidTextRepresentation(f'invalid input syntax for type {typname}: "{text}"')
    return _float_value(m, typname, single)


def _float_value(m: re.Match[str], typname: str, single: bool) -> float:
    neg = m.group("sign") == "-"
    if m.group("nan") is not None:
        return math.nan
    if m.group("inf") is not None:
        return _NINF if neg else _INF
    dec = m.group("dec")
    if dec is not None:
        d = float(dec)
        nonzero = d != 0.0 or any(c in "123456789" for c in m.group("dmant"))

        def exact() -> Fraction:
            from fractions import Fraction

            return Fraction(Decimal(dec))

    else:
        hexact = _hex_fraction(m.group("hmant"), m.group("hexp"))
        nonzero = hexact != 0
        try:
            d = float(hexact)
        except OverflowError:
            d = _INF

        def exact() -> Fraction:
            return hexact

    if single and 0.0 < d < _INF:
        d = _f32_nearest(d, exact)
    if d == _INF or (d == 0.0 and nonzero):
        raise NumericValueOutOfRange(f'"{m.group("num")}" is out of range for type {typname}')
    return -d if neg else d


def float8_in(text: str) -> float:
    """``float8in``: accepts what glibc ``strtod`` accepts (decimal, hex floats,
    ``inf``/``infinity``/``nan`` in any case, signs, surrounding whitespace);
    22P02 on junk, 22003 ``"1e400" is out of range for type double precision``."""
    return _float_in(text, "double precision", False)


def float4_in(text: str) -> float:
    """``float4in``: like :func:`float8_in` but correctly rounded to single
    precision (``strtof``); out of range is ``... for type real``."""
    return _float_in(text, "real", True)


# ---------------------------------------------------------------------------
# Float output
# ---------------------------------------------------------------------------


def _format_digits(neg: bool, digits: str, exp: int, fixed_max: int) -> str:
    """Render ``digits`` with the first digit at decimal exponent ``exp`` the way
    PostgreSQL's ``float8out``/``float4out`` do (fixed for exp in [-4, fixed_max))."""
    sign = "-" if neg else ""
    if -4 <= exp < fixed_max:
        if exp < 0:
            return f"{sign}0.{'0' * (-exp - 1)}{digits}"
        if len(digits) <= exp + 1:
            return sign + digits + "0" * (exp + 1 - len(digits))
        return f"{sign}{digits[:exp + 1]}.{digits[exp + 1:]}"
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


# Ryu (Ulf Adams), as vendored in PostgreSQL's src/common/d2s.c and f2s.c,
# with the 128-bit table multiplications replaced by exact integer arithmetic
# (Ryu's tables are proven to yield exactly these floors).  PostgreSQL builds
# it without STRICTLY_SHORTEST, so a decimal lying exactly on a rounding
# boundary is never chosen (1e23 prints as 9.999999999999999e+22), while
# Python's repr takes it when ties-to-even would read it back.  Otherwise the
# two agree, and a boundary can only be that short when the midpoint between
# neighbouring doubles has few decimal digits, impossible below 2^32: there
# repr (C speed) is used.


def _log10_pow2(e: int) -> int:
    return (e * 78913) >> 18


def _log10_pow5(e: int) -> int:
    return (e * 732923) >> 20


def _ryu_d2d(bits: int) -> tuple[int, int]:
    """``d2d`` (plus PostgreSQL's ``d2d_small_int``): (decimal mantissa,
    exponent of its last digit) for a finite nonzero double given by its bits."""
    ieee_m = bits & ((1 << 52) - 1)
    ieee_e = (bits >> 52) & 0x7FF
    e2s = ieee_e - 1023 - 52
    if -52 <= e2s <= 0 and ieee_e != 0 and not ieee_m & ((1 << -e2s) - 1):
        v = ((1 << 52) | ieee_m) >> -e2s
        exp = 0
        while v % 10 == 0:
            v //= 10
            exp += 1
        return v, exp
    if ieee_e == 0:
        e2 = 1 - 1023 - 52 - 2
        m2 = ieee_m
    else:
        e2 = ieee_e - 1023 - 52 - 2
        m2 = (1 << 52) | ieee_m
    accept_bounds = False  # PostgreSQL builds Ryu without STRICTLY_SHORTEST
    mv = 4 * m2
    mm_shift = 1 if (ieee_m != 0 or ieee_e <= 1) else 0
    mp = mv + 2
    mm = mv - 1 - mm_shift
    vm_tz = vr_tz = False
    if e2 >= 0:
        q = _log10_pow2(e2) - (1 if e2 > 3 else 0)
        e10 = q
        d = 10**q
        vr, vp, vm = (mv << e2) // d, (mp << e2) // d, (mm << e2) // d
        if q <= 21:
            p5 = 5**q
            if mv % 5 == 0:
                vr_tz = mv % p5 == 0
            elif accept_bounds:
                vm_tz = mm % p5 == 0
            else:
                vp -= 1 if mp % p5 == 0 else 0
    else:
        q = _log10_pow5(-e2) - (1 if -e2 > 1 else 0)
        e10 = q + e2
        f5 = 5 ** (-e2 - q)
        vr, vp, vm = (mv * f5) >> q, (mp * f5) >> q, (mm * f5) >> q
        if q <= 1:
            vr_tz = True
            if accept_bounds:
                vm_tz = mm_shift == 1
            else:
                vp -= 1
        elif q < 63:
            vr_tz = mv % (1 << q) == 0
    removed = 0
    last = 0
    if vm_tz or vr_tz:
        while vp // 10 > vm // 10:
            vm_tz = vm_tz and vm % 10 == 0
            vr_tz = vr_tz and last == 0
            last = vr % 10
            vr //= 10
            vp //= 10
            vm //= 10
            removed += 1
        if vm_tz:
            while vm % 10 == 0:
                vr_tz = vr_tz and last == 0
                last = vr % 10
                vr //= 10
                vp //= 10
                vm //= 10
                removed += 1
        if vr_tz and last == 5 and vr % 2 == 0:
            last = 4
        out = vr + (1 if ((vr == vm and (not accept_bounds or not vm_tz)) or last >= 5) else 0)
    else:
        round_up = False
        if vp // 100 > vm // 100:
            round_up = vr % 100 >= 50
            vr //= 100
            vp //= 100
            vm //= 100
            removed += 2
        while vp // 10 > vm // 10:
            round_up = vr % 10 >= 5
            vr //= 10
            vp //= 10
            vm //= 10
            removed += 1
        out = vr + (1 if (vr == vm or round_up) else 0)
    return out, e10 + removed


def _ryu_f2d(bits: int) -> tuple[int, int]:
    """``f2d`` (plus PostgreSQL's ``f2d_small_int``) for a finite nonzero float32."""
    ieee_m = bits & ((1 << 23) - 1)
    ieee_e = (bits >> 23) & 0xFF
    e2s = ieee_e - 127 - 23
    if -23 <= e2s <= 0 and ieee_e != 0 and not ieee_m & ((1 << -e2s) - 1):
        v = ((1 << 23) | ieee_m) >> -e2s
        exp = 0
        while v % 10 == 0:
            v //= 10
            exp += 1
        return v, exp
    if ieee_e == 0:
        e2 = 1 - 127 - 23 - 2
        m2 = ieee_m
    else:
        e2 = ieee_e - 127 - 23 - 2
        m2 = (1 << 23) | ieee_m
    accept_bounds = False  # PostgreSQL builds Ryu without STRICTLY_SHORTEST
    mv = 4 * m2
    mp = mv + 2
    mm_shift = 1 if (ieee_m != 0 or ieee_e <= 1) else 0
    mm = mv - 1 - mm_shift
    vm_tz = vr_tz = False
    last = 0
    if e2 >= 0:
        q = _log10_pow2(e2)
        e10 = q
        d = 10**q
        vr, vp, vm = (mv << e2) // d, (mp << e2) // d, (mm << e2) // d
        if q != 0 and (vp - 1) // 10 <= vm // 10:
            last = ((mv << e2) // 10 ** (q - 1)) % 10
        if q <= 9:
            p5 = 5**q
            if mv % 5 == 0:
                vr_tz = mv % p5 == 0
            elif accept_bounds:
                vm_tz = mm % p5 == 0
            else:
                vp -= 1 if mp % p5 == 0 else 0
    else:
        q = _log10_pow5(-e2)
        e10 = q + e2
        i = -e2 - q
        f5 = 5**i
        vr, vp, vm = (mv * f5) >> q, (mp * f5) >> q, (mm * f5) >> q
        if q != 0 and (vp - 1) // 10 <= vm // 10:
            last = ((mv * 5 ** (i + 1)) >> (q - 1)) % 10
        if q <= 1:
            vr_tz = True
            if accept_bounds:
                vm_tz = mm_shift == 1
            else:
                vp -= 1
        elif q < 31:
            vr_tz = mv % (1 << (q - 1)) == 0
    removed = 0
    if vm_tz or vr_tz:
        while vp // 10 > vm // 10:
            vm_tz = vm_tz and vm % 10 == 0
            vr_tz = vr_tz and last == 0
            last = vr % 10
            vr //= 10
            vp //= 10
            vm //= 10
            removed += 1
        if vm_tz:
            while vm % 10 == 0:
                vr_tz = vr_tz and last == 0
                last = vr % 10
                vr //= 10
                vp //= 10
                vm //= 10
                removed += 1
        if vr_tz and last == 5 and vr % 2 == 0:
            last = 4
        out = vr + (1 if ((vr == vm and (not accept_bounds or not vm_tz)) or last >= 5) else 0)
    else:
        while vp // 10 > vm // 10:
            last = vr % 10
            vr //= 10
            vp //= 10
            vm //= 10
            removed += 1
        out = vr + (1 if (vr == vm or last >= 5) else 0)
    return out, e10 + removed


_D64: Final = struct.Struct("<d")
_U64: Final = struct.Struct("<Q")


def float8_out(x: float) -> str:
    """``float8out`` with ``extra_float_digits = 1``: Ryu's shortest digits."""
    ax = abs(x)
    if 1e-4 <= ax < 1e15 and ax < 4294967296.0:
        r = repr(x)
        return r[:-2] if r.endswith(".0") else r
    if ax == 0.0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    if x != x:
        return "NaN"
    if ax == _INF:
        return "Infinity" if x > 0 else "-Infinity"
    if ax < 4294967296.0:
        r = repr(ax)
        m, _, e = r.partition("e")
        digits = m.replace(".", "").lstrip("0").rstrip("0")
        return _format_digits(x < 0, digits, int(e), 15)
    mant, e10 = _ryu_d2d(_U64.unpack(_D64.pack(ax))[0])
    digits = str(mant)
    return _format_digits(x < 0, digits, e10 + len(digits) - 1, 15)


def float4_out(x: float) -> str:
    """``float4out`` with ``extra_float_digits = 1``: Ryu's shortest float32 digits."""
    if x != x:
        return "NaN"
    if x == 0.0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    mant, e10 = _ryu_f2d(_U32.unpack(_f32_pack(abs(x)))[0])
    digits = str(mant)
    return _format_digits(x < 0, digits, e10 + len(digits) - 1, 6)


# ---------------------------------------------------------------------------
# Float arithmetic (float8 and float4; cross-type float48 ops use float8's)
# ---------------------------------------------------------------------------


def float8_pl(a: float, b: float) -> float:
    r = a + b
    if -_FMAX <= r <= _FMAX:
        return r
    if r != r or math.isinf(a) or math.isinf(b):
        return r
    _float_overflow()


def float8_mi(a: float, b: float) -> float:
    r = a - b
    if -_FMAX <= r <= _FMAX:
        return r
    if r != r or math.isinf(a) or math.isinf(b):
        return r
    _float_overflow()


def float8_mul(a: float, b: float) -> float:
    r = a * b
    if r != 0.0 and -_FMAX <= r <= _FMAX:
        return r
    if math.isinf(r) and not math.isinf(a) and not math.isinf(b):
        _float_overflow()
    if r == 0.0 and a != 0.0 and b != 0.0:
        _float_underflow()
    return r


def float8_div(a: float, b: float) -> float:
    if b == 0.0:
        if a != a:
            return a
        _div0()
    r = a / b
    if r != 0.0 and -_FMAX <= r <= _FMAX:
        return r
    if math.isinf(r) and not math.isinf(a):
        _float_overflow()
    if r == 0.0 and a != 0.0 and not math.isinf(b):
        _float_underflow()
    return r


def float_um(a: float) -> float:
    """Unary minus for float4 and float8 (never fails)."""
    return -a


def float_abs(a: float) -> float:
    """``@``/``abs()`` for float4 and float8."""
    return abs(a)


def float4_pl(a: float, b: float) -> float:
    r = a + b
    if -_F4MAX <= r <= _F4MAX:
        return _f32_unpack(_f32_pack(r))[0]  # type: ignore[no-any-return]
    if r != r or math.isinf(a) or math.isinf(b):
        return r
    return to_float4(r)


def float4_mi(a: float, b: float) -> float:
    r = a - b
    if -_F4MAX <= r <= _F4MAX:
        return _f32_unpack(_f32_pack(r))[0]  # type: ignore[no-any-return]
    if r != r or math.isinf(a) or math.isinf(b):
        return r
    return to_float4(r)


def float4_mul(a: float, b: float) -> float:
    r = a * b
    if math.isinf(r):
        if not math.isinf(a) and not math.isinf(b):
            _float_overflow()
        return r
    r = to_float4(r) if r == r else r
    if r == 0.0 and a != 0.0 and b != 0.0:
        _float_underflow()
    return r


def float4_div(a: float, b: float) -> float:
    if b == 0.0:
        if a != a:
            return a
        _div0()
    r = a / b
    if math.isinf(r):
        if not math.isinf(a):
            _float_overflow()
        return r
    r = to_float4(r) if r == r else r
    if r == 0.0 and a != 0.0 and not math.isinf(b):
        _float_underflow()
    return r


# Comparisons: NaN equals NaN and sorts above every other value (incl. Infinity).


def float_eq(a: float, b: float) -> bool:
    return a == b or (a != a and b != b)


def float_ne(a: float, b: float) -> bool:
    return not (a == b or (a != a and b != b))


def float_lt(a: float, b: float) -> bool:
    return a < b or (b != b and a == a)


def float_le(a: float, b: float) -> bool:
    return a <= b or b != b


def float_gt(a: float, b: float) -> bool:
    return a > b or (a != a and b == b)


def float_ge(a: float, b: float) -> bool:
    return a >= b or a != a


def float_cmp(a: float, b: float) -> int:
    """Three-way comparison (``btfloat8cmp``): NaN last, NaN = NaN."""
    if a < b:
        return -1
    if a > b:
        return 1
    if a == b:
        return 0
    an = a != a
    bn = b != b
    return (an > bn) - (an < bn)


def float_sort_key(x: float) -> tuple[int, float]:
    """A key that sorts, compares and hashes floats as PostgreSQL does (NaN
    last and equal to NaN; ``-0`` equals ``0``)."""
    if x != x:
        return (1, 0.0)
    return (0, x)


# ---------------------------------------------------------------------------
# Float math functions (float8 -> float8)
# ---------------------------------------------------------------------------


def float8_pow(x: float, y: float) -> float:
    """``dpow`` (``^``, ``power(float8, float8)``) with POSIX special cases.

    ``0 ^ negative`` and ``negative ^ non-integer`` raise 2201F; overflow and
    underflow raise 22003."""
    if x != x:
        return 1.0 if y == 0.0 else x
    if y != y:
        return 1.0 if x == 1.0 else y
    if x == 0.0 and y < 0.0:
        raise InvalidArgumentForPowerFunction("zero raised to a negative power is undefined")
    if x < 0.0 and not math.isinf(y) and math.floor(y) != y:
        raise InvalidArgumentForPowerFunction(
            "a negative number raised to a non-integer power yields a complex result"
        )
    if math.isinf(y):
        ax = abs(x)
        if ax == 1.0:
            return 1.0
        if y > 0.0:
            return y if ax > 1.0 else 0.0
        return 0.0 if ax > 1.0 else -y
    if math.isinf(x):
        if y == 0.0:
            return 1.0
        if x > 0.0:
            return x if y > 0.0 else 0.0
        odd = math.floor(y / 2) != y / 2
        if y > 0.0:
            return x if odd else -x
        return -0.0 if odd else 0.0
    try:
        r = math.pow(x, y)
    except OverflowError:
        _float_overflow()
    if r == 0.0 and x != 0.0:
        _float_underflow()
    return r


def float8_sqrt(x: float) -> float:
    """``dsqrt`` (``|/``, ``sqrt(float8)``): 2201F for a negative argument."""
    if x < 0.0:
        raise InvalidArgumentForPowerFunction("cannot take square root of a negative number")
    return math.sqrt(x)


def float8_cbrt(x: float) -> float:
    """``dcbrt`` (``||/``, ``cbrt(float8)``)."""
    return math.cbrt(x)


def numeric_factorial(n: int) -> Decimal:
    """``factorial(bigint)``: a numeric; 22003 for a negative argument."""
    if n < 0:
        raise NumericValueOutOfRange("factorial of a negative number is undefined")
    if n > 32177:  # the result would have more than numeric's 131072 digits
        _numeric_overflow()
    return Decimal(math.factorial(n))


# -- trigonometry (PostgreSQL's float.c) -------------------------------------------------------

RADIANS_PER_DEGREE = 0.0174532925199432957692


def _trig_range() -> NoReturn:
    raise NumericValueOutOfRange("input is out of range")


def _periodic(fn: Callable[[float], float]) -> Callable[[float], float]:
    """sin, cos, tan, cot: NaN gives NaN, an infinite argument is out of range."""

    def apply(x: float) -> float:
        if x != x:
            return x
        if math.isinf(x):
            _trig_range()
        return fn(x)

    return apply


def _cot(x: float) -> float:
    t = math.tan(x)
    return math.copysign(math.inf, t) if t == 0.0 else 1.0 / t


float8_sin = _periodic(math.sin)
float8_cos = _periodic(math.cos)
float8_tan = _periodic(math.tan)
float8_cot = _periodic(_cot)


def _inverse(fn: Callable[[float], float]) -> Callable[[float], float]:
    """asin, acos: NaN gives NaN, outside [-1, 1] is out of range."""

    def apply(x: float) -> float:
        if x != x:
            return x
        if x < -1.0 or x > 1.0:
            _trig_range()
        return fn(x)

    return apply


float8_asin = _inverse(math.asin)
float8_acos = _inverse(math.acos)


def float8_atan(x: float) -> float:
    return x if x != x else math.atan(x)


# -- hyperbolic functions (PostgreSQL's dsinh ... datanh) --------------------------------------------


def float8_sinh(x: float) -> float:
    """``sinh``: an overflow is an infinity of the argument's sign, not an error."""
    try:
        return math.sinh(x)
    except OverflowError:
        return math.copysign(math.inf, x)


def float8_cosh(x: float) -> float:
    """``cosh``: an overflow is infinity, not an error."""
    try:
        return math.cosh(x)
    except OverflowError:
        return math.inf


def float8_tanh(x: float) -> float:
    return math.tanh(x)


def float8_asinh(x: float) -> float:
    return math.asinh(x)


def float8_acosh(x: float) -> float:
    """``acosh``: 22003 below 1 (NaN gives NaN)."""
    if x < 1.0:
        _trig_range()
    return math.acosh(x)


def float8_atanh(x: float) -> float:
    """``atanh``: 22003 outside [-1, 1]; -1 and 1 give infinities (NaN gives NaN)."""
    if x < -1.0 or x > 1.0:
        _trig_range()
    if x == -1.0 or x == 1.0:
        return math.copysign(math.inf, x)
    return math.atanh(x)


def float8_atan2(y: float, x: float) -> float:
    return math.nan if x != x or y != y else math.atan2(y, x)


def float8_degrees(x: float) -> float:
    return float8_div(x, RADIANS_PER_DEGREE)


def float8_radians(x: float) -> float:
    return float8_mul(x, RADIANS_PER_DEGREE)


def float8_pi() -> float:
    return math.pi


_SIN_30 = math.sin(30.0 * RADIANS_PER_DEGREE)
_ONE_MINUS_COS_60 = 1.0 - math.cos(60.0 * RADIANS_PER_DEGREE)


def _sind_q1(x: float) -> float:
    """sin of x degrees, 0 <= x <= 90, exact at 30 and 90 (PostgreSQL's sind_q1)."""
    if x <= 30.0:
        return math.sin(x * RADIANS_PER_DEGREE) / _SIN_30 / 2.0
    return 1.0 - ((1.0 - math.cos((90.0 - x) * RADIANS_PER_DEGREE)) / _ONE_MINUS_COS_60) / 2.0


def _cosd_q1(x: float) -> float:
    if x <= 60.0:
        return 1.0 - ((1.0 - math.cos(x * RADIANS_PER_DEGREE)) / _ONE_MINUS_COS_60) / 2.0
    return math.sin((90.0 - x) * RADIANS_PER_DEGREE) / _SIN_30 / 2.0


def float8_sind(x: float) -> float:
    """``sind``: the sine of x degrees, exact at multiples of 30 (PostgreSQL's dsind)."""
    if x != x:
        return x
    if math.isinf(x):
        _trig_range()
    x = math.fmod(x, 360.0)
    sign = 1.0
    if x < 0.0:
        x, sign = -x, -sign
    if x > 180.0:
        x, sign = x - 180.0, -sign
    if x > 90.0:
        x = 180.0 - x
    return sign * _sind_q1(x)


def float8_cosd(x: float) -> float:
    """``cosd``: the cosine of x degrees, exact at multiples of 60 and 90 (PostgreSQL's dcosd)."""
    if x != x:
        return x
    if math.isinf(x):
        _trig_range()
    x = abs(math.fmod(x, 360.0))
    sign = 1.0
    if x > 180.0:
        x = 360.0 - x
    if x > 90.0:
        x, sign = 180.0 - x, -sign
    return sign * _cosd_q1(x)


def float8_exp(x: float) -> float:
    """``dexp``: 22003 on overflow/underflow; ``exp(-Infinity)`` is 0."""
    if x != x:
        return x
    if math.isinf(x):
        return x if x > 0 else 0.0
    try:
        r = math.exp(x)
    except OverflowError:
        _float_overflow()
    if r == 0.0:
        _float_underflow()
    return r


def float8_ln(x: float) -> float:
    """``dlog1`` (``ln(float8)``): 2201E for zero or a negative argument."""
    if x == 0.0:
        raise InvalidArgumentForLogarithm("cannot take logarithm of zero")
    if x < 0.0:
        raise InvalidArgumentForLogarithm("cannot take logarithm of a negative number")
    return math.log(x)


def float8_log10(x: float) -> float:
    """``dlog10`` (``log(float8)``, ``log10(float8)``)."""
    if x == 0.0:
        raise InvalidArgumentForLogarithm("cannot take logarithm of zero")
    if x < 0.0:
        raise InvalidArgumentForLogarithm("cannot take logarithm of a negative number")
    return math.log10(x)


def float8_round(x: float) -> float:
    """``dround`` (``round(float8)``): C ``rint``, i.e. half to even."""
    if x - x != 0.0:  # NaN or infinite
        return x
    return math.copysign(float(round(x)), x)


def float8_trunc(x: float) -> float:
    """``dtrunc`` (``trunc(float8)``)."""
    if x - x != 0.0:
        return x
    return math.copysign(float(math.trunc(x)), x)


def float8_ceil(x: float) -> float:
    """``dceil`` (``ceil``/``ceiling(float8)``)."""
    if x - x != 0.0:
        return x
    return math.copysign(float(math.ceil(x)), x)


def float8_floor(x: float) -> float:
    """``dfloor`` (``floor(float8)``)."""
    if x - x != 0.0:
        return x
    return math.copysign(float(math.floor(x)), x)


def float8_sign(x: float) -> float:
    """``dsign`` (``sign(float8)``): -1, 0 or 1 as float8; NaN gives 0."""
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return 0.0


# ---------------------------------------------------------------------------
# Numeric: context, limits, input and output
# ---------------------------------------------------------------------------

_CTX: Final = Context(
    prec=MAX_PREC,
    rounding=ROUND_HALF_UP,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, _DecDivisionByZero, _DecOverflow],
)
_add = _CTX.add
_sub = _CTX.subtract
_mul = _CTX.multiply
_quantize = _CTX.quantize  # rounds half away from zero
_QUANTIZERS: Final = {
    r: Context(prec=MAX_PREC, rounding=r, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation]).quantize
    for r in (ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR)
}
_QUANTIZERS[ROUND_HALF_UP] = _quantize

NUMERIC_MAX_DIGITS_BEFORE: Final = 131072  # (NUMERIC_WEIGHT_MAX + 1) * DEC_DIGITS
NUMERIC_DSCALE_MAX: Final = 16383
NUMERIC_MAX_DISPLAY_SCALE: Final = 1000
NUMERIC_MIN_SIG_DIGITS: Final = 16

NUMERIC_NAN: Final = Decimal("NaN")
NUMERIC_PINF: Final = Decimal("Infinity")
NUMERIC_NINF: Final = Decimal("-Infinity")
_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_SCALE_Q: Final = [Decimal((0, (1,), -s)) for s in range(NUMERIC_MAX_DISPLAY_SCALE + 1)]

# CPython's C decimal reports a constant __sizeof__ until the coefficient needs
# heap storage (> 76 digits): a cheap "might have many digits" test.
_SMALL_SIZE: Final = Decimal(1).__sizeof__()
_SIZEOF_TRACKS_DIGITS: Final = Decimal("1" * 200).__sizeof__() > _SMALL_SIZE


def _q(scale: int) -> Decimal:
    """The quantum ``1E-scale`` (cached for the usual scales)."""
    if 0 <= scale <= NUMERIC_MAX_DISPLAY_SCALE:
        return _SCALE_Q[scale]
    return Decimal((0, (1,), -scale))


def _exponent(d: Decimal) -> int:
    """The exponent of a finite Decimal (``as_tuple()`` is several times slower
    than ``str``, whose notation gives the exponent away)."""
    t = str(d)
    i = t.find("E")
    if i < 0:
        j = t.find(".")
        return 0 if j < 0 else j + 1 - len(t)
    j = t.find(".", 0, i)
    return int(t[i + 1:]) - (0 if j < 0 else i - j - 1)


def numeric_dscale(d: Decimal) -> int:
    """PostgreSQL's display scale of a finite numeric (digits after the point)."""
    e = _exponent(d)
    return -e if e < 0 else 0


def _normalize(d: Decimal) -> Decimal:
    """Enforce the representation invariants on a finite Decimal: exponent <= 0,
    no negative zero, PostgreSQL's size limits (22003 beyond them)."""
    if not d.is_finite():
        return d
    if d:
        if d.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE:
            _numeric_overflow()
    elif d.is_signed():
        d = d.copy_abs()
    e = _exponent(d)
    if e > 0:
        d = _quantize(d, _ONE)
    elif e < -NUMERIC_DSCALE_MAX:
        _numeric_overflow()
    return d


def normalize_numeric(d: Decimal) -> Decimal:
    """Bring a Decimal from outside (a query parameter, say) to the numeric
    representation: ``Decimal('1E+3')`` -> ``1000``, ``-0`` -> ``0``; 22003 if
    it exceeds PostgreSQL's numeric limits."""
    return _normalize(d)


def _is_plain_decimal(text: str) -> bool:
    """Is ``text`` an optional minus, ASCII digits and an optional fraction?
    (Tested with C-speed string methods rather than a regular expression.)"""
    ip, dot, fp = text.partition(".")
    if ip[:1] == "-":
        ip = ip[1:]
    return ip.isdigit() and (not dot or fp.isdigit()) and text.isascii()


_NUM_DIGITS = r"[0-9](?:_?[0-9])*"
_NUM_FULL = lazy_pattern(
    rf"""[ \t\n\r\v\f]*(?P<sign>[+-]?)(?:
        (?P<mant>{_NUM_DIGITS}(?:\.(?:{_NUM_DIGITS})?)?|\.{_NUM_DIGITS})
        (?:[eE](?P<exp>[+-]?{_NUM_DIGITS}))?
      | 0(?P<radix>[xX](?P<hex>_?[0-9a-fA-F](?:_?[0-9a-fA-F])*)
                   |[oO](?P<oct>_?[0-7](?:_?[0-7])*)
                   |[bB](?P<bin>_?[01](?:_?[01])*))
      | (?P<nan>[nN][aA][nN])
      | (?P<inf>[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)
    )[ \t\n\r\v\f]*\Z""",
    re.X,
)
_NUM_EXP_PREFIX = lazy_pattern(
    rf"[ \t\n\r\v\f]*[+-]?(?:{_NUM_DIGITS}(?:\.(?:{_NUM_DIGITS})?)?|\.{_NUM_DIGITS})[eE][+-]?([0-9][0-9_]*)"
)


def numeric_in(text: str) -> Decimal:
    """``numeric_in``: decimal with optional exponent, PG16 underscores and
    ``0x``/``0o``/``0b`` integers, ``NaN`` (unsigned), ``[+-]Infinity``/``inf``.

    22P02 ``invalid input syntax for type numeric: "..."``; 22003
    ``value overflows numeric format`` beyond 131072 integer digits or 16383
    fractional digits."""
    if _is_plain_decimal(text) and len(text) <= 1000:
        d = Decimal(text)
        if not d and d.is_signed():
            d = d.copy_abs()
        return d
    m = _NUM_FULL().match(text)
    if m is None:
        # An over-long exponent is reported while scanning, before any junk.
        p = _NUM_EXP_PREFIX().match(text)
        if p is not None:
            exp_text = p.group(1)
            value = 0
            for i, c in enumerate(exp_text):
                if c == "_":
                    if exp_text[i + 1:i + 2] in ("", "_"):
                        break  # an underscore must be followed by a digit
                    continue
                value = value * 10 + ord(c) - 48
                if value > 1073741823:  # PG_INT32_MAX / 2
                    _numeric_overflow()
        raise InvalidTextRepresentation(f'invalid input syntax for type numeric: "{text}"')
    neg = m.group("sign") == "-"
    if m.group("mant") is not None:
        mant = m.group("mant").replace("_", "")
        exp = m.group("exp")
        if exp is not None:
            e = int(exp.replace("_", ""))
            if abs(e) > 1073741823:
                _numeric_overflow()
            frac = len(mant) - mant.index(".") - 1 if "." in mant else 0
            if frac - e > NUMERIC_DSCALE_MAX:
                _numeric_overflow()
            d = Decimal(mant + "E" + str(e))
            if d and d.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE:
                _numeric_overflow()
        else:
            d = Decimal(mant)
        if neg:
            d = d.copy_negate()
        return _normalize(d)
    if m.group("nan") is not None:
        if m.group("sign"):
            raise InvalidTextRepresentation(f'invalid input syntax for type numeric: "{text}"')
        return NUMERIC_NAN
    if m.group("inf") is not None:
        return NUMERIC_NINF if neg else NUMERIC_PINF
    if m.group("hex") is not None:
        v = int(m.group("hex").replace("_", ""), 16)
    elif m.group("oct") is not None:
        v = int(m.group("oct").replace("_", ""), 8)
    else:
        v = int(m.group("bin").replace("_", ""), 2)
    if v.bit_length() > 435411:  # > 131072 decimal digits
        _numeric_overflow()
    return _normalize(Decimal(-v if neg else v))


def numeric_out(d: Decimal) -> str:
    """``numeric_out``: plain notation keeping the display scale; ``NaN``,
    ``Infinity``, ``-Infinity``."""
    s = format(d, "f")
    if s[0] == "-" and not d and d.is_finite():
        return s[1:]  # defensive: no negative zero in PostgreSQL
    return s


# ---------------------------------------------------------------------------
# Numeric arithmetic
# ---------------------------------------------------------------------------


def numeric_add(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_add``: exact; scale = max of the scales; Inf + -Inf = NaN."""
    try:
        r = _add(a, b)
    except InvalidOperation:
        return NUMERIC_NAN
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r.is_finite():
        _numeric_overflow()
    return r


def numeric_sub(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_sub``: exact; scale = max of the scales; Inf - Inf = NaN."""
    try:
        r = _sub(a, b)
    except InvalidOperation:
        return NUMERIC_NAN
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r.is_finite():
        _numeric_overflow()
    return r


def numeric_mul(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_mul``: exact, scale = sum of the scales (rounded if above
    16383); 0 * Inf = NaN."""
    try:
        r = _mul(a, b)
    except InvalidOperation:
        return NUMERIC_NAN
    if not r:
        if r.is_signed():
            r = r.copy_abs()
    elif r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r.is_finite():
        _numeric_overflow()
    if (not _SIZEOF_TRACKS_DIGITS or r.__sizeof__() > _SMALL_SIZE or r.adjusted() < -16000) and r.is_finite():
        if _exponent(r) < -NUMERIC_DSCALE_MAX:
            r = _round_scale(r, NUMERIC_DSCALE_MAX)
    return r


def _nbase(x: Decimal) -> tuple[int, list[int]]:
    """PostgreSQL's base-10000 form of a finite nonzero ``|x|``: (weight, digits),
    trailing zero digits stripped, as ``init_var_from_num`` sees it."""
    _, digits, exp = x.as_tuple()
    assert isinstance(exp, int)
    s = "".join(map(str, digits)).lstrip("0")
    adj = exp + len(s) - 1
    weight = adj // 4
    lead = adj - 4 * weight + 1  # decimal digits in the first base-10000 digit
    s = "0" * (4 - lead) + s
    s += "0" * (-len(s) % 4)
    groups = [int(s[i:i + 4]) for i in range(0, len(s), 4)]
    while groups and groups[-1] == 0:
        groups.pop()
    return weight, groups


def _weight_first(x: Decimal) -> tuple[int, int, int]:
    """(base-10000 weight, first base-10000 digit, display scale) of a finite
    value, as PostgreSQL's ``select_div_scale`` sees it (0, 0 for zero)."""
    t = str(x)
    i = t.find("E")
    mant = t if i < 0 else t[:i]
    j = mant.find(".")
    frac = 0 if j < 0 else len(mant) - j - 1
    dscale = frac - (0 if i < 0 else int(t[i + 1:]))
    if dscale < 0:
        dscale = 0
    if not x:
        return 0, 0, dscale
    digits = (mant if j < 0 else mant[:j] + mant[j + 1:]).lstrip("-0")
    adj = x.adjusted()
    weight = adj // 4
    k = adj - 4 * weight + 1  # the first base-10000 digit has 1 to 4 decimal digits
    return weight, int(digits[:k].ljust(k, "0")), dscale


def _select_div_scale(a: Decimal, b: Decimal) -> int:
    """PostgreSQL's ``select_div_scale``: at least 16 significant digits, and
    not less than either input's display scale."""
    w1, f1, s1 = _weight_first(a)
    w2, f2, s2 = _weight_first(b)
    qweight = w1 - w2
    if f1 <= f2:
        qweight -= 1
    rscale = max(NUMERIC_MIN_SIG_DIGITS - qweight * 4, s1, s2, 0)
    return min(rscale, NUMERIC_MAX_DISPLAY_SCALE)


_DIV_CONTEXTS: dict[int, Context] = {}


def _trunc_context(prec: int) -> Context:
    ctx = _DIV_CONTEXTS.get(prec)
    if ctx is None:
        ctx = Context(prec=prec, rounding=ROUND_DOWN, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
        if len(_DIV_CONTEXTS) < 4096:
            _DIV_CONTEXTS[prec] = ctx
    return ctx


def _round_scale(d: Decimal, scale: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round a finite value to ``scale`` fractional digits (half away from zero
    by default); a negative scale rounds left of the point and leaves scale 0."""
    r = _QUANTIZERS[rounding](d, _q(scale))
    if scale < 0:
        r = _quantize(r, _ONE)
    if not r and r.is_signed():
        r = r.copy_abs()
    return r


def _div_round(a: Decimal, b: Decimal, rscale: int) -> Decimal:
    """``a / b`` (finite, b != 0) rounded half away from zero to ``rscale``."""
    if not a:
        return _quantize(_ZERO, _q(rscale))
    # Truncate with at least one guard digit, then round: truncation keeps
    # the information needed to round half away from zero correctly.
    prec = a.adjusted() - b.adjusted() + rscale + 3
    t = _trunc_context(max(prec, 1)).divide(a, b)
    return _round_scale(t, rscale)


def numeric_div(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_div``: result scale from ``select_div_scale`` (e.g.
    ``1/3 = 0.33333333333333333333``, ``10/4 = 2.5000000000000000``); x/0 is
    22012 (NaN/0 is NaN); finite/Inf is 0; Inf/Inf is NaN."""
    if not (a.is_finite() and b.is_finite()):
        if a.is_nan() or b.is_nan():
            return NUMERIC_NAN
        if a.is_infinite():
            if b.is_infinite():
                return NUMERIC_NAN
            if not b:
                _div0()
            return a if b > 0 else -a
        return _ZERO
    if not b:
        _div0()
    r = _div_round(a, b, _select_div_scale(a, b))
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r:
        _numeric_overflow()
    return r


def numeric_div_trunc(a: Decimal, b: Decimal) -> Decimal:
    """``div(numeric, numeric)``: the quotient truncated toward zero, scale 0."""
    if not (a.is_finite() and b.is_finite()):
        if a.is_nan() or b.is_nan():
            return NUMERIC_NAN
        if a.is_infinite():
            if b.is_infinite():
                return NUMERIC_NAN
            if not b:
                _div0()
            return a if b > 0 else -a
        return _ZERO
    if not b:
        _div0()
    r = _CTX.divide_int(a, b)
    r = _quantize(r, _ONE) if r.as_tuple().exponent != 0 else r
    if not r and r.is_signed():
        r = r.copy_abs()
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r:
        _numeric_overflow()
    return r


def numeric_mod(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_mod`` (``%``, ``mod(numeric, numeric)``): sign of the dividend,
    scale = max of the scales; x % 0 is 22012; Inf % x is NaN; x % Inf is x."""
    if not (a.is_finite() and b.is_finite()):
        if a.is_nan() or b.is_nan():
            return NUMERIC_NAN
        if a.is_infinite():
            if not b:
                _div0()
            return NUMERIC_NAN
        return a
    if not b:
        _div0()
    r = _CTX.remainder(a, b)
    if not r and r.is_signed():
        r = r.copy_abs()
    return r


def numeric_uminus(a: Decimal) -> Decimal:
    """Unary minus (never produces -0)."""
    return _CTX.minus(a)


def numeric_abs(a: Decimal) -> Decimal:
    """``@``/``abs(numeric)``."""
    return a.copy_abs()


# Comparisons: NaN = NaN, NaN > everything else (including Infinity).


def numeric_eq(a: Decimal, b: Decimal) -> bool:
    return a == b or (a.is_nan() and b.is_nan())


def numeric_ne(a: Decimal, b: Decimal) -> bool:
    return not (a == b or (a.is_nan() and b.is_nan()))


def numeric_lt(a: Decimal, b: Decimal) -> bool:
    if a.is_nan() or b.is_nan():
        return not a.is_nan()
    return a < b


def numeric_le(a: Decimal, b: Decimal) -> bool:
    if a.is_nan() or b.is_nan():
        return b.is_nan()
    return a <= b


def numeric_gt(a: Decimal, b: Decimal) -> bool:
    if a.is_nan() or b.is_nan():
        return not b.is_nan()
    return a > b


def numeric_ge(a: Decimal, b: Decimal) -> bool:
    if a.is_nan() or b.is_nan():
        return a.is_nan()
    return a >= b


def numeric_cmp(a: Decimal, b: Decimal) -> int:
    """Three-way comparison (``numeric_cmp``): NaN last, NaN = NaN."""
    an = a.is_nan()
    bn = b.is_nan()
    if an or bn:
        return (an > bn) - (an < bn)
    return (a > b) - (a < b)


def numeric_sort_key(d: Decimal) -> tuple[int, Decimal]:
    """A key that sorts, compares and hashes numerics as PostgreSQL does: NaN
    after +Infinity and equal to every NaN (a bare ``Decimal('NaN')`` is
    unequal to itself and hashes by identity, so it cannot key a dict)."""
    if d.is_nan():
        return (1, _ZERO)
    return (0, d)


# ---------------------------------------------------------------------------
# Numeric typmod
# ---------------------------------------------------------------------------


def numeric_apply_typmod(d: Decimal, precision: int, scale: int) -> Decimal:
    """Coerce to ``numeric(precision, scale)``: round half away from zero to
    ``scale`` then check that at most ``precision - scale`` integer digits
    remain (22003 ``numeric field overflow`` with PostgreSQL's detail).
    NaN passes; an infinity is rejected."""
    if not d.is_finite():
        if d.is_nan():
            return d
        raise NumericValueOutOfRange(
            "numeric field overflow",
            detail=f"A field with precision {precision}, scale {scale} cannot hold an infinite value.",
        )
    r = _round_scale(d, scale)
    maxdigits = precision - scale
    if r and r.adjusted() + 1 > maxdigits:
        bound = f"10^{maxdigits}" if maxdigits else "1"
        raise NumericValueOutOfRange(
            "numeric field overflow",
            detail=f"A field with precision {precision}, scale {scale} must round to an absolute value less than {bound}.",
        )
    return r


# ---------------------------------------------------------------------------
# Numeric functions
# ---------------------------------------------------------------------------


def numeric_round(d: Decimal, scale: int = 0) -> Decimal:
    """``round(numeric [, int])`` -> numeric: half away from zero; result scale
    is ``max(scale, 0)``; NaN/Infinity unchanged."""
    if not d.is_finite():
        return d
    scale = max(min(scale, 2000), -2000)
    r = _round_scale(d, scale)
    if r and r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE:
        _numeric_overflow()
    return r


def numeric_trunc(d: Decimal, scale: int = 0) -> Decimal:
    """``trunc(numeric [, int])`` -> numeric: toward zero; scale ``max(scale, 0)``."""
    if not d.is_finite():
        return d
    scale = max(min(scale, 2000), -2000)
    return _round_scale(d, scale, ROUND_DOWN)


def numeric_ceil(d: Decimal) -> Decimal:
    """``ceil``/``ceiling(numeric)`` -> numeric with scale 0."""
    if not d.is_finite():
        return d
    return _round_scale(d, 0, ROUND_CEILING)


def numeric_floor(d: Decimal) -> Decimal:
    """``floor(numeric)`` -> numeric with scale 0."""
    if not d.is_finite():
        return d
    return _round_scale(d, 0, ROUND_FLOOR)


_NUM_MINUS_ONE: Final = Decimal(-1)


def numeric_sign(d: Decimal) -> Decimal:
    """``sign(numeric)`` -> numeric -1, 0 or 1 (scale 0); NaN for NaN."""
    if d.is_nan():
        return NUMERIC_NAN
    if not d:
        return _ZERO
    return _NUM_MINUS_ONE if d.is_signed() else _ONE


def numeric_scale(d: Decimal) -> int | None:
    """``scale(numeric)`` -> int4 (NULL for NaN/Infinity)."""
    if not d.is_finite():
        return None
    return numeric_dscale(d)


def numeric_min_scale(d: Decimal) -> int | None:
    """``min_scale(numeric)`` -> int4: smallest scale representing the value exactly."""
    if not d.is_finite():
        return None
    if not d:
        return 0
    e = d.normalize(_CTX).as_tuple().exponent
    assert isinstance(e, int)
    return max(-e, 0)


def numeric_trim_scale(d: Decimal) -> Decimal:
    """``trim_scale(numeric)`` -> numeric without trailing fractional zeros."""
    if not d.is_finite():
        return d
    s = numeric_min_scale(d)
    assert s is not None
    return _quantize(d, _q(s))


def _int_and_scale(d: Decimal, scale: int) -> int:
    """``d * 10^scale`` as an int (exact when ``scale >= dscale(d)``)."""
    return int(d.scaleb(scale, _CTX))


def numeric_gcd(a: Decimal, b: Decimal) -> Decimal:
    """``gcd(numeric, numeric)``: scale = max of the scales; NaN if any input is
    NaN or infinite."""
    if not (a.is_finite() and b.is_finite()):
        return NUMERIC_NAN
    s = max(numeric_dscale(a), numeric_dscale(b))
    g = math.gcd(_int_and_scale(a, s), _int_and_scale(b, s))
    return Decimal(g).scaleb(-s, _CTX)


def numeric_lcm(a: Decimal, b: Decimal) -> Decimal:
    """``lcm(numeric, numeric)``: scale = max of the scales; 0 if either is 0."""
    if not (a.is_finite() and b.is_finite()):
        return NUMERIC_NAN
    s = max(numeric_dscale(a), numeric_dscale(b))
    x = _int_and_scale(a, s)
    y = _int_and_scale(b, s)
    if x == 0 or y == 0:
        return _quantize(_ZERO, _q(s))
    r = Decimal(abs(x // math.gcd(x, y) * y)).scaleb(-s, _CTX)
    return _normalize(r)


def _ctx(prec: int) -> Context:
    return Context(prec=max(prec, 1), rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])


def _estimate_ln_dweight(x: Decimal) -> int:
    """PostgreSQL's ``estimate_ln_dweight``: the decimal weight of ``ln(x)``."""
    if x.is_signed() or not x:
        return 0
    if Decimal("0.9") <= x <= Decimal("1.1"):
        y = _sub(x, _ONE)
        return y.adjusted() if y else 0
    weight, groups = _nbase(x)
    digits = groups[0]
    dweight = weight * 4
    if len(groups) > 1:
        digits = digits * 10000 + groups[1]
        dweight -= 4
    ln_var = math.log(float(digits)) + dweight * 2.302585092994046
    return int(math.log10(abs(ln_var)))


def _clamp_rscale(rscale: int, *dscales: int) -> int:
    return min(max(rscale, *dscales, 0), NUMERIC_MAX_DISPLAY_SCALE)


def numeric_sqrt(x: Decimal) -> Decimal:
    """``sqrt(numeric)`` / ``|/``: at least 16 significant digits, scale not
    below the input's; 2201F for negative input."""
    if not x.is_finite():
        if x.is_nan() or not x.is_signed():
            return x
        raise InvalidArgumentForPowerFunction("cannot take square root of a negative number")
    if x.is_signed() and x:
        raise InvalidArgumentForPowerFunction("cannot take square root of a negative number")
    weight = x.adjusted() // 4 if x else 0
    sweight = (weight + 1) * 4 // 2 - 1
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - sweight, numeric_dscale(x))
    if not x:
        return _quantize(_ZERO, _q(rscale))
    prec = x.adjusted() // 2 + 1 + rscale + 10
    r = _ctx(prec).sqrt(x)
    return _round_scale(r, rscale)


def numeric_variance(n: int, sum_x: Decimal, sum_x2: Decimal, special: bool, *, sample: bool, root: bool) -> Decimal | None:
    """``var_samp``/``var_pop``/``stddev_samp``/``stddev_pop`` of ``n`` numeric (or integer)
    values, from their exact sum and sum of squares (PostgreSQL's numeric_stddev_internal):
    NULL for no value (or one, for a sample); NaN when a value was NaN or infinite
    (``special``); else ``(n * sum_x2 - sum_x^2) / (n * (n - 1))`` (``n * n`` for the
    population) at ``select_div_scale``'s scale, and its square root at that scale."""
    if n == 0 or (sample and n <= 1):
        return None
    if special:
        return NUMERIC_NAN
    rscale = numeric_dscale(sum_x) * 2
    squared = _quantize(_mul(sum_x, sum_x), _q(rscale))  # (_CTX: exact)
    scaled = _quantize(_mul(Decimal(n), sum_x2), _q(rscale))
    numerator = _sub(scaled, squared)
    if numerator <= 0:  # (roundoff could make it negative)
        return _ZERO
    denominator = Decimal(n * (n - 1) if sample else n * n)
    scale = _select_div_scale(numerator, denominator)
    variance = _div_round(numerator, denominator, scale)
    if not root:
        return variance
    return _round_scale(_ctx(variance.adjusted() // 2 + 1 + scale + 10).sqrt(variance), scale)


def numeric_exact_add(a: Decimal, b: Decimal) -> Decimal:
    """``a + b`` without rounding (an accumulator's sum)."""
    return _add(a, b)


def numeric_exact_square(a: Decimal) -> Decimal:
    """``a * a`` without rounding (an accumulator's sum of squares)."""
    return _mul(a, a)


def numeric_exp(x: Decimal) -> Decimal:
    """``exp(numeric)``: at least 16 significant digits; 22003 on overflow."""
    if not x.is_finite():
        if x.is_nan() or not x.is_signed():
            return x
        return _ZERO
    weight = float(x) * 0.434294481903252  # decimal weight of the result
    val = max(min(weight, 2000.0), -2000.0)
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - int(val), numeric_dscale(x))
    if abs(float(x)) >= 6000:
        if x > 0:
            _numeric_overflow()
        return _quantize(_ZERO, _q(rscale))
    prec = int(weight) + 1 + rscale + 10
    r = _ctx(prec).exp(x)
    r = _round_scale(r, rscale)
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE:
        _numeric_overflow()
    return r


def _check_log_arg(x: Decimal) -> None:
    if not x:
        raise InvalidArgumentForLogarithm("cannot take logarithm of zero")
    if x.is_signed():
        raise InvalidArgumentForLogarithm("cannot take logarithm of a negative number")


def numeric_ln(x: Decimal) -> Decimal:
    """``ln(numeric)``: 2201E for zero or a negative argument."""
    if not x.is_finite():
        if x.is_nan():
            return x
        _check_log_arg(x)
        return x
    _check_log_arg(x)
    dweight = _estimate_ln_dweight(x)
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - dweight, numeric_dscale(x))
    prec = max(dweight, 0) + rscale + 12
    r = _ctx(prec).ln(x)
    return _round_scale(r, rscale)


def numeric_log(base: Decimal, x: Decimal) -> Decimal:
    """``log(numeric base, numeric x)``: 2201E for zero/negative arguments,
    22012 for base 1."""
    if not (base.is_finite() and x.is_finite()):
        if base.is_nan() or x.is_nan():
            return NUMERIC_NAN
        if base.is_signed() or x.is_signed():
            raise InvalidArgumentForLogarithm("cannot take logarithm of a negative number")
        if not base or not x:
            raise InvalidArgumentForLogarithm("cannot take logarithm of zero")
        if base.is_infinite():
            return NUMERIC_NAN if x.is_infinite() else _ZERO
        return NUMERIC_PINF
    _check_log_arg(base)
    _check_log_arg(x)
    result_dweight = _estimate_ln_dweight(x) - _estimate_ln_dweight(base)
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - result_dweight, numeric_dscale(base), numeric_dscale(x))
    if base == _ONE:
        _div0()
    guard = max(abs(_estimate_ln_dweight(x)), abs(_estimate_ln_dweight(base))) + 20
    ctx = _ctx(max(result_dweight, 0) + rscale + guard)
    ln_b = ctx.ln(base)
    ln_x = ctx.ln(x)
    r = ctx.divide(ln_x, ln_b)
    return _round_scale(r, rscale)


_TEN: Final = Decimal(10)


def numeric_log10(x: Decimal) -> Decimal:
    """``log(numeric)`` / ``log10(numeric)``: ``log(10, x)``."""
    return numeric_log(_TEN, x)


def _is_integral(d: Decimal) -> bool:
    return d == d.to_integral_value(ROUND_DOWN, _CTX)


def _power_int(base: Decimal, n: int, exp_dscale: int) -> Decimal:
    """PostgreSQL's ``power_var_int`` scale selection, then a correctly
    rounded result."""
    if base:
        weight, groups = _nbase(base)
        f = float(groups[0])
        p = weight * 4
        i = 1
        while i < len(groups) and i * 4 < 16:
            f = f * 10000 + groups[i]
            p -= 4
            i += 1
        f = n * (math.log10(f) + p)
    else:
        f = 0.0
    if f > 32768 * 4:
        _numeric_overflow()
    if f + 1 < -NUMERIC_MAX_DISPLAY_SCALE:
        return _quantize(_ZERO, _q(NUMERIC_MAX_DISPLAY_SCALE))
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - int(f), numeric_dscale(base), exp_dscale)
    if n == 0:
        return _quantize(_ONE, _q(rscale))
    if not base:
        return _quantize(_ZERO, _q(rscale))
    if n == 1:
        return _round_scale(base, rscale)
    if n == -1:
        return _div_round(_ONE, base, rscale)
    if n == 2:
        return _round_scale(_mul(base, base), rscale)
    sig = max(int(f), 0) + rscale + 1 + len(str(abs(n))) + 15
    r = _ctx(sig).power(base, n)
    r = _round_scale(r, rscale)
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE:
        _numeric_overflow()
    return r


def numeric_power(a: Decimal, b: Decimal) -> Decimal:
    """``numeric_power`` (``^``, ``power``/``pow(numeric, numeric)``) with
    PostgreSQL's (POSIX) special cases and result scale (at least 16
    significant digits, not below either input's scale).

    2201F for ``0 ^ negative`` and ``negative ^ non-integer``; 22003 on overflow."""
    if not (a.is_finite() and b.is_finite()):
        return _numeric_power_special(a, b)
    if not a and b.is_signed() and b:
        raise InvalidArgumentForPowerFunction("zero raised to a negative power is undefined")
    bint = _is_integral(b)
    if bint and -2147483648 <= b <= 2147483647:
        return _power_int(a, int(b), numeric_dscale(b))
    if not a:
        return _quantize(_ZERO, _q(NUMERIC_MIN_SIG_DIGITS))
    neg = False
    if a.is_signed():
        if not bint:
            raise InvalidArgumentForPowerFunction(
                "a negative number raised to a non-integer power yields a complex result"
            )
        neg = int(b) % 2 == 1
        a = a.copy_abs()
    ln_dweight = _estimate_ln_dweight(a)
    local_rscale = max(8 - ln_dweight, 0)
    ln_base = _round_scale(_ctx(max(ln_dweight, 0) + local_rscale + 10).ln(a), local_rscale)
    ln_num = _round_scale(_mul(ln_base, b), local_rscale)
    val = float(ln_num)
    if abs(val) > 2000 * 3.01:
        if val > 0:
            _numeric_overflow()
        return _quantize(_ZERO, _q(NUMERIC_MAX_DISPLAY_SCALE))
    val *= 0.434294481903252
    rscale = _clamp_rscale(NUMERIC_MIN_SIG_DIGITS - int(val), numeric_dscale(a), numeric_dscale(b))
    sig = max(rscale + int(val), 0)
    ctx = _ctx(sig + 20)
    r = ctx.exp(ctx.multiply(_ctx(sig + 20 + len(str(int(abs(val)))) + 5).ln(a), b))
    r = _round_scale(r, rscale)
    if r.adjusted() >= NUMERIC_MAX_DIGITS_BEFORE and r:
        _numeric_overflow()
    return _CTX.minus(r) if neg else r


def _numeric_power_special(a: Decimal, b: Decimal) -> Decimal:
    if a.is_nan():
        return _ONE if b.is_finite() and not b else NUMERIC_NAN
    if b.is_nan():
        return _ONE if a.is_finite() and a == _ONE else NUMERIC_NAN
    sign1 = 0 if not a else (-1 if a.is_signed() else 1)
    sign2 = 0 if not b else (-1 if b.is_signed() else 1)
    if sign1 == 0 and sign2 < 0:
        raise InvalidArgumentForPowerFunction("zero raised to a negative power is undefined")
    if sign1 < 0 and b.is_finite() and not _is_integral(b):  # infinities count as integral
        raise InvalidArgumentForPowerFunction(
            "a negative number raised to a non-integer power yields a complex result"
        )
    if a.is_finite() and a == _ONE:
        return _ONE
    if sign2 == 0:
        return _ONE
    if sign1 == 0 and sign2 > 0:
        return _ZERO
    if b.is_infinite():
        if a.is_infinite():
            abs_gt_one = True
        else:
            if a == _NUM_MINUS_ONE:
                return _ONE
            abs_gt_one = a.copy_abs() > _ONE
        return NUMERIC_PINF if abs_gt_one == (sign2 > 0) else _ZERO
    if a == NUMERIC_PINF:
        return NUMERIC_PINF if sign2 > 0 else _ZERO
    # a is -Infinity, b finite and integral
    if sign2 < 0:
        return _ZERO
    return NUMERIC_NINF if int(b) % 2 == 1 else NUMERIC_PINF


# ---------------------------------------------------------------------------
# Conversions between the number kinds
# ---------------------------------------------------------------------------


def int4_to_int2(v: int) -> int:
    """``int4`` -> ``int2`` (and ``int8`` -> ``int2``): 22003 ``smallint out of range``."""
    if -32768 <= v <= 32767:
        return v
    _int2_oor()


int8_to_int2 = int4_to_int2


def int8_to_int4(v: int) -> int:
    """``int8`` -> ``int4``: 22003 ``integer out of range``."""
    if -2147483648 <= v <= 2147483647:
        return v
    _int4_oor()


def int_to_float8(v: int) -> float:
    """Any integer -> ``float8`` (correctly rounded)."""
    return float(v)


def int_to_float4(v: int) -> float:
    """Any integer -> ``float4``, correctly rounded to single precision (int8
    values above 2^53 are rounded from the exact integer, not via a double)."""
    a = v if v >= 0 else -v
    if a < 9007199254740992:
        return _f32_unpack(_f32_pack(float(v)))[0]  # type: ignore[no-any-return]
    shift = a.bit_length() - 24
    keep = a >> shift
    rem = a - (keep << shift)
    half = 1 << (shift - 1)
    if rem > half or (rem == half and keep & 1):
        keep += 1
    r = float(keep << shift)
    return -r if v < 0 else r


def int_to_numeric(v: int) -> Decimal:
    """Any integer -> ``numeric`` (scale 0)."""
    return Decimal(v)


def _numeric_to_int(d: Decimal, lo: int, hi: int, typname: str, oor: str) -> int:
    if not d.is_finite():
        what = "NaN" if d.is_nan() else "infinity"
        raise FeatureNotSupported(f"cannot convert {what} to {typname}")
    if d.adjusted() > 20:
        raise NumericValueOutOfRange(oor)
    v = int(d.to_integral_value(ROUND_HALF_UP, _CTX))
    if lo <= v <= hi:
        return v
    raise NumericValueOutOfRange(oor)


def numeric_to_int2(d: Decimal) -> int:
    """``numeric`` -> ``int2``: rounds half away from zero; 0A000 for NaN/Infinity."""
    return _numeric_to_int(d, INT2_MIN, INT2_MAX, "smallint", "smallint out of range")


def numeric_to_int4(d: Decimal) -> int:
    """``numeric`` -> ``int4``: rounds half away from zero; 0A000 for NaN/Infinity."""
    return _numeric_to_int(d, INT4_MIN, INT4_MAX, "integer", "integer out of range")


def numeric_to_int8(d: Decimal) -> int:
    """``numeric`` -> ``int8``: rounds half away from zero; 0A000 for NaN/Infinity."""
    return _numeric_to_int(d, INT8_MIN, INT8_MAX, "bigint", "bigint out of range")


def numeric_to_float8(d: Decimal) -> float:
    """``numeric`` -> ``float8`` (PostgreSQL goes through the text form, so an
    out-of-range value reports its digits as ``float8in`` would)."""
    if not d.is_finite():
        return math.nan if d.is_nan() else (_NINF if d.is_signed() else _INF)
    r = float(d)
    if math.isinf(r) or (r == 0.0 and d):
        raise NumericValueOutOfRange(f'"{numeric_out(d)}" is out of range for type double precision')
    return r


def numeric_to_float4(d: Decimal) -> float:
    """``numeric`` -> ``float4`` (via the text form, like PostgreSQL)."""
    if not d.is_finite():
        return math.nan if d.is_nan() else (_NINF if d.is_signed() else _INF)
    return float4_in(numeric_out(d))


def _float_to_int(x: float, lo: int, hi: int, oor: str) -> int:
    # rint() first (half to even), so values just outside that round in fit.
    if not (-1e300 < x < 1e300):  # NaN, infinities, absurd magnitudes
        raise NumericValueOutOfRange(oor)
    v = round(x)
    if lo <= v <= hi:
        return v
    raise NumericValueOutOfRange(oor)


def float_to_int2(x: float) -> int:
    """``float4``/``float8`` -> ``int2``: rint, then 22003 ``smallint out of range``
    (NaN and infinities too)."""
    return _float_to_int(x, INT2_MIN, INT2_MAX, "smallint out of range")


def float_to_int4(x: float) -> int:
    """``float4``/``float8`` -> ``int4``: rint, then 22003 ``integer out of range``."""
    return _float_to_int(x, INT4_MIN, INT4_MAX, "integer out of range")


def float_to_int8(x: float) -> int:
    """``float4``/``float8`` -> ``int8``: rint, then 22003 ``bigint out of range``."""
    return _float_to_int(x, INT8_MIN, INT8_MAX, "bigint out of range")


def _float_to_numeric(x: float, spec: str) -> Decimal:
    if x != x:
        return NUMERIC_NAN
    if math.isinf(x):
        return NUMERIC_PINF if x > 0 else NUMERIC_NINF
    return _normalize(Decimal(format(x, spec)))


def float8_to_numeric(x: float) -> Decimal:
    """``float8`` -> ``numeric``: PostgreSQL prints with ``%.15g`` (DBL_DIG) and
    parses that, so ``0.1::float8::numeric`` is ``0.1``."""
    return _float_to_numeric(x, ".15g")


def float4_to_numeric(x: float) -> Decimal:
    """``float4`` -> ``numeric``: ``%.6g`` (FLT_DIG), e.g. ``123456789::float4`` -> ``123457000``."""
    return _float_to_numeric(x, ".6g")


def float8_to_float4(x: float) -> float:
    """``float8`` -> ``float4``: 22003 ``value out of range: overflow``/``underflow``."""
    try:
        r: float = _f32_unpack(_f32_pack(x))[0]
    except OverflowError:
        _float_overflow()
    if r == 0.0 and x != 0.0:
        _float_underflow()
    return r


def float4_to_float8(x: float) -> float:
    """``float4`` -> ``float8``: exact."""
    return x


def int_to_bool(v: int) -> bool:
    """``int4`` -> ``bool`` (explicit cast): nonzero is true."""
    return v != 0


def bool_to_int(b: bool) -> int:
    """``bool`` -> ``int4`` (explicit cast)."""
    return 1 if b else 0


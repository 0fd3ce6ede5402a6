"""``pg_operator`` and ``pg_proc`` rows among the number and string kinds.

Derived from PostgreSQL 16's ``pg_operator`` (the test suite checks every row
against the server's catalog): arithmetic ``+ - * / % ^``, prefix ``- + @
|/ ||/ ~``, the bitwise operators, comparisons, ``||``, ``^@`` and the
``text_pattern_ops`` comparisons.  LIKE and regular-expression operators are
compiled by the SQL layer and are not here.

Cross-type integer operators (``int2 + int8`` -> ``int8``...) reuse the
function of their result type: the operands are plain ints, only the range
check differs.  Cross-type float operators (``float4 * float8``) compute in
double precision.  There are no cross-type numeric operators: the resolver
casts integers to numeric (implicit casts) as PostgreSQL does.

The two ``anynonarray`` rows (``anynonarray || text`` and ``text ||
anynonarray``) are PostgreSQL's ``anytextcat``/``textanycat``, SQL functions
that cast the non-text operand to ``text`` first (so ``true || 'x'`` is
``truex``, ``1.5::float4 || 'x'`` is ``1.5x``, ``'ab '::char(3) || 'x'`` is
``abx``).  Their ``fn`` receives the raw operand and converts it from its
Python type, which cannot tell ``float4`` from ``float8`` or ``bpchar`` from
``text``: a compiler that knows the operand's kind should use
:func:`pydsql.values.catalog.specialize_operator`, which is exact.
"""

from __future__ import annotations

import datetime
import operator as op
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, NamedTuple

from ..types import BOOL, BYTEA, FLOAT4, FLOAT8, INT2, INT4, INT8, NUMERIC, TEXT, SqlType, array_of
from . import numbers as N
from . import strings as S
from .money import Money, cash_out
from .network import Inet, network_show
from .registry import Function, Operator

_INT_TYPES: Final = {"int2": INT2, "int4": INT4, "int8": INT8}
_INT_RANK: Final = {"int2": 0, "int4": 1, "int8": 2}
_INT_ARITH: Final[dict[str, dict[str, Callable[[int, int], int]]]] = {
    "+": {"int2": N.int2_pl, "int4": N.int4_pl, "int8": N.int8_pl},
    "-": {"int2": N.int2_mi, "int4": N.int4_mi, "int8": N.int8_mi},
    "*": {"int2": N.int2_mul, "int4": N.int4_mul, "int8": N.int8_mul},
    "/": {"int2": N.int2_div, "int4": N.int4_div, "int8": N.int8_div},
}
_PY_COMPARISONS: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "=": op.eq, "<>": op.ne, "<": op.lt, "<=": op.le, ">": op.gt, ">=": op.ge,
}
_FLOAT_COMPARISONS: Final[dict[str, Callable[[float, float], bool]]] = {
    "=": N.float_eq, "<>": N.float_ne, "<": N.float_lt, "<=": N.float_le, ">": N.float_gt, ">=": N.float_ge,
}
_NUMERIC_COMPARISONS: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "=": N.numeric_eq, "<>": N.numeric_ne, "<": N.numeric_lt,
    "<=": N.numeric_le, ">": N.numeric_gt, ">=": N.numeric_ge,
}
_BPCHAR_COMPARISONS: Final[dict[str, Callable[[str, str], bool]]] = {
    "=": S.bpchar_eq, "<>": S.bpchar_ne, "<": S.bpchar_lt,
    "<=": S.bpchar_le, ">": S.bpchar_gt, ">=": S.bpchar_ge,
}
_PATTERN_NAMES: Final = {"~<~": "<", "~<=~": "<=", "~>=~": ">=", "~>~": ">"}


def value_to_text(v: Any) -> str:
    """``v::text`` guessed from the Python type of a non-NULL value (float is
    taken as float8, str as text): the fallback of the anynonarray ``||``."""
    if isinstance(v, str):
        return v
    if type(v) is Money:  # before int: an int of cents
        return cash_out(v)
    if type(v) is Inet:
        return network_show(v)
    if isinstance(v, bool):
        return S.bool_to_text(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return N.float8_out(v)
    if isinstance(v, Decimal):
        return N.numeric_out(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return S.bytea_out(bytes(v))
    if isinstance(v, uuid.UUID):
        return S.uuid_out(v)
    from . import catalog  # the date/time kinds; imported late (catalog imports us)

    if isinstance(v, datetime.datetime):
        kind = "timestamp" if v.tzinfo is None else "timestamptz"
    elif isinstance(v, datetime.date):
        kind = "date"
    elif isinstance(v, datetime.time):
        kind = "time" if v.tzinfo is None else "timetz"
    elif type(v).__name__ == "Interval":
        kind = "interval"
    else:
        return str(v)
    return catalog.format_text(kind, v)


def anytextcat(a: Any, b: str) -> str:
    """``anynonarray || text`` on a raw left operand (see :func:`value_to_text`)."""
    return value_to_text(a) + b


def textanycat(a: str, b: Any) -> str:
    """``text || anynonarray`` on a raw right operand."""
    return a + value_to_text(b)


def _build() -> list[Operator]:
    ops: list[Operator] = []
    add = ops.append

    # --- integers -----------------------------------------------------------
    for lk in _INT_TYPES:
        for rk in _INT_TYPES:
            rkind = lk if _INT_RANK[lk] >= _INT_RANK[rk] else rk
            for name, by_kind in _INT_ARITH.items():
                add(Operator(name, lk, rk, _INT_TYPES[rkind], by_kind[rkind]))
            for name, fn in _PY_COMPARISONS.items():
                add(Operator(name, lk, rk, BOOL, fn))
    shl = {"int2": N.int2_shl, "int4": N.int4_shl, "int8": N.int8_shl}
    shr = {"int2": N.int2_shr, "int4": N.int4_shr, "int8": N.int8_shr}
    um = {"int2": N.int2_um, "int4": N.int4_um, "int8": N.int8_um}
    absf = {"int2": N.int2_abs, "int4": N.int4_abs, "int8": N.int8_abs}
    for k, t in _INT_TYPES.items():
        add(Operator("%", k, k, t, N.int_mod))
        add(Operator("&", k, k, t, N.int_and))
        add(Operator("|", k, k, t, N.int_or))
        add(Operator("#", k, k, t, N.int_xor))
        add(Operator("<<", k, "int4", t, shl[k]))
        add(Operator(">>", k, "int4", t, shr[k]))
        add(Operator("-", None, k, t, um[k]))
        add(Operator("+", None, k, t, N.int_up))
        add(Operator("@", None, k, t, absf[k]))
        add(Operator("~", None, k, t, N.int_not))

    # --- numeric ------------------------------------------------------------
    for name, nfn in (
        ("+", N.numeric_add), ("-", N.numeric_sub), ("*", N.numeric_mul),
        ("/", N.numeric_div), ("%", N.numeric_mod), ("^", N.numeric_power),
    ):
        add(Operator(name, "numeric", "numeric", NUMERIC, nfn))
    for name, cfn in _NUMERIC_COMPARISONS.items():
        add(Operator(name, "numeric", "numeric", BOOL, cfn))
    add(Operator("-", None, "numeric", NUMERIC, N.numeric_uminus))
    add(Operator("+", None, "numeric", NUMERIC, N.int_up))
    add(Operator("@", None, "numeric", NUMERIC, N.numeric_abs))

    # --- floats -------------------------------------------------------------
    f4 = {"+": N.float4_pl, "-": N.float4_mi, "*": N.float4_mul, "/": N.float4_div}
    f8 = {"+": N.float8_pl, "-": N.float8_mi, "*": N.float8_mul, "/": N.float8_div}
    for lk in ("float4", "float8"):
        for rk in ("float4", "float8"):
            single = lk == "float4" and rk == "float4"
            for name in ("+", "-", "*", "/"):
                add(Operator(name, lk, rk, FLOAT4 if single else FLOAT8, (f4 if single else f8)[name]))
            for name, ffn in _FLOAT_COMPARISONS.items():
                add(Operator(name, lk, rk, BOOL, ffn))
    for k, ft in (("float4", FLOAT4), ("float8", FLOAT8)):
        add(Operator("-", None, k, ft, N.float_um))
        add(Operator("+", None, k, ft, N.int_up))
        add(Operator("@", None, k, ft, N.float_abs))
    add(Operator("^", "float8", "float8", FLOAT8, N.float8_pow))
    add(Operator("|/", None, "float8", FLOAT8, N.float8_sqrt))
    add(Operator("||/", None, "float8", FLOAT8, N.float8_cbrt))

    # --- strings and the small types ---------------------------------------
    for k in ("text", "bool", "bytea", "uuid"):
        for name, pfn in _PY_COMPARISONS.items():
            add(Operator(name, k, k, BOOL, pfn))
    for name, bfn in _BPCHAR_COMPARISONS.items():
        add(Operator(name, "bpchar", "bpchar", BOOL, bfn))
    for pname, base in _PATTERN_NAMES.items():
        add(Operator(pname, "text", "text", BOOL, _PY_COMPARISONS[base]))
        add(Operator(pname, "bpchar", "bpchar", BOOL, _BPCHAR_COMPARISONS[base]))
    add(Operator("||", "text", "text", TEXT, S.text_cat))
    add(Operator("||", "anynonarray", "text", TEXT, anytextcat))
    add(Operator("||", "text", "anynonarray", TEXT, textanycat))
    add(Operator("||", "bytea", "bytea", BYTEA, S.bytea_cat))
    add(Operator("^@", "text", "text", BOOL, S.text_starts_with))
    return ops


#: The operators of this module's kinds (see the module docstring).
OPERATORS: Final[list[Operator]] = _build()


def result_type(name: str, left: str | None, right: str) -> SqlType | None:
    """The result type of an exact-match operator (a convenience for tests)."""
    for o in OPERATORS:
        if o.name == name and o.left == left and o.right == right:
            return o.result
    return None


# ---------------------------------------------------------------------------
# pg_proc rows: the functions of the number and string kinds
# ---------------------------------------------------------------------------

def _functions() -> list[Function]:
    F = Function
    fs: list[Function] = [
        # abs
        F("abs", ("int2",), INT2, N.int2_abs),
        F("abs", ("int4",), INT4, N.int4_abs),
        F("abs", ("int8",), INT8, N.int8_abs),
        F("abs", ("float4",), FLOAT4, N.float_abs),
        F("abs", ("float8",), FLOAT8, N.float_abs),
        F("abs", ("numeric",), NUMERIC, N.numeric_abs),
        # rounding
        F("round", ("float8",), FLOAT8, N.float8_round),
        F("round", ("numeric",), NUMERIC, N.numeric_round),
        F("round", ("numeric", "int4"), NUMERIC, N.numeric_round),
        F("trunc", ("float8",), FLOAT8, N.float8_trunc),
        F("trunc", ("numeric",), NUMERIC, N.numeric_trunc),
        F("trunc", ("numeric", "int4"), NUMERIC, N.numeric_trunc),
        F("ceil", ("float8",), FLOAT8, N.float8_ceil),
        F("ceil", ("numeric",), NUMERIC, N.numeric_ceil),
        F("ceiling", ("float8",), FLOAT8, N.float8_ceil),
        F("ceiling", ("numeric",), NUMERIC, N.numeric_ceil),
        F("floor", ("float8",), FLOAT8, N.float8_floor),
        F("floor", ("numeric",), NUMERIC, N.numeric_floor),
        F("sign", ("float8",), FLOAT8, N.float8_sign),
        F("sign", ("numeric",), NUMERIC, N.numeric_sign),
        F("scale", ("numeric",), INT4, N.numeric_scale),
        F("min_scale", ("numeric",), INT4, N.numeric_min_scale),
        F("trim_scale", ("numeric",), NUMERIC, N.numeric_trim_scale),
        # mod / div / gcd / lcm
        F("mod", ("int2", "int2"), INT2, N.int_mod),
        F("mod", ("int4", "int4"), INT4, N.int_mod),
        F("mod", ("int8", "int8"), INT8, N.int_mod),
        F("mod", ("numeric", "numeric"), NUMERIC, N.numeric_mod),
        F("div", ("numeric", "numeric"), NUMERIC, N.numeric_div_trunc),
        F("gcd", ("int4", "int4"), INT4, N.int4_gcd),
        F("gcd", ("int8", "int8"), INT8, N.int8_gcd),
        F("gcd", ("numeric", "numeric"), NUMERIC, N.numeric_gcd),
        F("lcm", ("int4", "int4"), INT4, N.int4_lcm),
        F("lcm", ("int8", "int8"), INT8, N.int8_lcm),
        F("lcm", ("numeric", "numeric"), NUMERIC, N.numeric_lcm),
        # powers and logarithms
        F("sqrt", ("float8",), FLOAT8, N.float8_sqrt),
        F("sqrt", ("numeric",), NUMERIC, N.numeric_sqrt),
        F("cbrt", ("float8",), FLOAT8, N.float8_cbrt),
        F("power", ("float8", "float8"), FLOAT8, N.float8_pow),
        F("power", ("numeric", "numeric"), NUMERIC, N.numeric_power),
        F("pow", ("float8", "float8"), FLOAT8, N.float8_pow),
        F("pow", ("numeric", "numeric"), NUMERIC, N.numeric_power),
        F("exp", ("float8",), FLOAT8, N.float8_exp),
        F("exp", ("numeric",), NUMERIC, N.numeric_exp),
        F("ln", ("float8",), FLOAT8, N.float8_ln),
        F("ln", ("numeric",), NUMERIC, N.numeric_ln),
        F("log", ("float8",), FLOAT8, N.float8_log10),
        F("log", ("numeric",), NUMERIC, N.numeric_log10),
        F("log", ("numeric", "numeric"), NUMERIC, N.numeric_log),
        F("log10", ("float8",), FLOAT8, N.float8_log10),
        F("log10", ("numeric",), NUMERIC, N.numeric_log10),
        F("factorial", ("int8",), NUMERIC, N.numeric_factorial),
        F("encode", ("bytea", "text"), TEXT, S.encode),
        F("decode", ("text", "text"), BYTEA, S.decode),
        F("get_byte", ("bytea", "int4"), INT4, S.get_byte),
        F("set_byte", ("bytea", "int4", "int4"), BYTEA, S.set_byte),
        F("convert_to", ("text", "name"), BYTEA, S.convert_to),
        F("convert_from", ("bytea", "name"), TEXT, S.convert_from),
        F("convert", ("bytea", "name", "name"), BYTEA, S.convert),
        # trigonometry
        F("pi", (), FLOAT8, N.float8_pi),
        F("degrees", ("float8",), FLOAT8, N.float8_degrees),
        F("radians", ("float8",), FLOAT8, N.float8_radians),
        F("sin", ("float8",), FLOAT8, N.float8_sin),
        F("cos", ("float8",), FLOAT8, N.float8_cos),
        F("tan", ("float8",), FLOAT8, N.float8_tan),
        F("cot", ("float8",), FLOAT8, N.float8_cot),
        F("asin", ("float8",), FLOAT8, N.float8_asin),
        F("acos", ("float8",), FLOAT8, N.float8_acos),
        F("atan", ("float8",), FLOAT8, N.float8_atan),
        F("atan2", ("float8", "float8"), FLOAT8, N.float8_atan2),
        F("sinh", ("float8",), FLOAT8, N.float8_sinh),
        F("cosh", ("float8",), FLOAT8, N.float8_cosh),
        F("tanh", ("float8",), FLOAT8, N.float8_tanh),
        F("asinh", ("float8",), FLOAT8, N.float8_asinh),
        F("acosh", ("float8",), FLOAT8, N.float8_acosh),
        F("atanh", ("float8",), FLOAT8, N.float8_atanh),
        F("sind", ("float8",), FLOAT8, N.float8_sind),
        F("cosd", ("float8",), FLOAT8, N.float8_cosd),
        # strings
        F("length", ("text",), INT4, S.text_length),
        F("length", ("bpchar",), INT4, S.bpchar_length),
        F("length", ("bytea",), INT4, S.bytea_length),
        F("char_length", ("text",), INT4, S.text_length),
        F("char_length", ("bpchar",), INT4, S.bpchar_length),
        F("character_length", ("text",), INT4, S.text_length),
        F("character_length", ("bpchar",), INT4, S.bpchar_length),
        F("octet_length", ("text",), INT4, S.text_octet_length),
        F("octet_length", ("bpchar",), INT4, S.text_octet_length),
        F("octet_length", ("bytea",), INT4, S.bytea_length),
        F("bit_length", ("text",), INT4, S.text_bit_length),
        F("lower", ("text",), TEXT, S.text_lower),
        F("upper", ("text",), TEXT, S.text_upper),
        F("initcap", ("text",), TEXT, S.text_initcap),
        F("substr", ("text", "int4"), TEXT, S.text_substr),
        F("substr", ("text", "int4", "int4"), TEXT, S.text_substr),
        F("substr", ("bytea", "int4"), BYTEA, S.bytea_substr),
        F("substr", ("bytea", "int4", "int4"), BYTEA, S.bytea_substr),
        F("substring", ("text", "int4"), TEXT, S.text_substr),
        F("substring", ("text", "int4", "int4"), TEXT, S.text_substr),
        F("substring", ("bytea", "int4"), BYTEA, S.bytea_substr),
        F("substring", ("bytea", "int4", "int4"), BYTEA, S.bytea_substr),
        F("overlay", ("text", "text", "int4"), TEXT, S.text_overlay),
        F("overlay", ("text", "text", "int4", "int4"), TEXT, S.text_overlay),
        # pg_proc order (string, substring): the grammar turns position(a IN b) into position(b, a)
        F("position", ("text", "text"), INT4, S.text_strpos),
        F("position", ("bytea", "bytea"), INT4, S.bytea_position),
        F("strpos", ("text", "text"), INT4, S.text_strpos),
        F("replace", ("text", "text", "text"), TEXT, S.text_replace),
        F("translate", ("text", "text", "text"), TEXT, S.text_translate),
        F("btrim", ("text",), TEXT, S.text_btrim),
        F("btrim", ("text", "text"), TEXT, S.text_btrim),
        F("ltrim", ("text",), TEXT, S.text_ltrim),
        F("ltrim", ("text", "text"), TEXT, S.text_ltrim),
        F("rtrim", ("text",), TEXT, S.text_rtrim),
        F("rtrim", ("text", "text"), TEXT, S.text_rtrim),
        F("btrim", ("bytea", "bytea"), BYTEA, S.bytea_btrim),
        F("ltrim", ("bytea", "bytea"), BYTEA, S.bytea_ltrim),
        F("rtrim", ("bytea", "bytea"), BYTEA, S.bytea_rtrim),
        F("lpad", ("text", "int4"), TEXT, S.text_lpad),
        F("lpad", ("text", "int4", "text"), TEXT, S.text_lpad),
        F("rpad", ("text", "int4"), TEXT, S.text_rpad),
        F("rpad", ("text", "int4", "text"), TEXT, S.text_rpad),
        F("left", ("text", "int4"), TEXT, S.text_left),
        F("right", ("text", "int4"), TEXT, S.text_right),
        F("repeat", ("text", "int4"), TEXT, S.text_repeat),
        F("reverse", ("text",), TEXT, S.text_reverse),
        F("normalize", ("text",), TEXT, S.text_normalize),
        F("normalize", ("text", "text"), TEXT, S.text_normalize),
        F("is_normalized", ("text",), BOOL, S.text_is_normalized),
        F("is_normalized", ("text", "text"), BOOL, S.text_is_normalized),
        F("split_part", ("text", "text", "int4"), TEXT, S.text_split_part),
        F("md5", ("text",), TEXT, S.text_md5),
        F("md5", ("bytea",), TEXT, S.bytea_md5),
        *(F(name, ("bytea",), BYTEA, S.bytea_digest(name)) for name in ("sha224", "sha256", "sha384", "sha512")),
        F("ascii", ("text",), INT4, S.text_ascii),
        F("chr", ("int4",), TEXT, S.text_chr),
        F("starts_with", ("text", "text"), BOOL, S.text_starts_with),
        F("bit_count", ("bytea",), INT8, S.bytea_bit_count),
        F("unistr", ("text",), TEXT, S.text_unistr),
        F("length", ("bytea", "name"), INT4, S.bytea_length_in),
        F("parse_ident", ("text",), array_of(TEXT), S.parse_ident),
        F("parse_ident", ("text", "bool"), array_of(TEXT), S.parse_ident),
        F("to_hex", ("int4",), TEXT, S.text_to_hex),
        F("to_hex", ("int8",), TEXT, lambda v: S.text_to_hex(v, 64)),
        F("quote_literal", ("text",), TEXT, S.text_quote_literal),
        F("concat", ("any",), TEXT, S.concat, strict=False, variadic=True),
        F("concat_ws", ("text", "any"), TEXT, S.concat_ws, strict=False, variadic=True),
        F("num_nulls", ("any",), INT4, lambda *args: sum(a is None for a in args), strict=False, variadic=True),
        F("num_nonnulls", ("any",), INT4, lambda *args: sum(a is not None for a in args), strict=False, variadic=True),
    ]
    return fs


FUNCTIONS: Final[list[Function]] = _functions()

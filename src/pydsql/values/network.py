"""``inet`` and ``cidr``: network addresses, run-time-only types in DSQL.

DSQL allows them in expressions and refuses them as column types (reference
section 7; the refusal is :func:`pydsql.sql.ddl.column_type`'s).  A value of
either kind is an :class:`Inet` (family, mask length, address as an int);
``cidr`` values have no bits set right of the mask, and the kind decides the
output (``cidr`` always prints its mask, ``inet`` omits a full one).
PostgreSQL's own algorithms are followed where text is involved: the input
(``inet_net_pton``, with ``cidr``'s classful defaults: ``'10'::cidr`` is
``10.0.0.0/8``; its hexadecimal form, ``'0x0a/8'``, is not implemented and
reads as invalid), the IPv6 text (``inet_net_ntop``: ``::ffff:1.2.3.4``, not
Python's ``::ffff:102:304``) and ``abbrev(cidr)`` (``inet_cidr_ntop``:
``10.1/16``).  Order is ``network_cmp``'s: family (IPv4 first), then the
bits both networks have, then the mask length, then the whole address.

psycopg returns ``inet`` as ``ipaddress.IPv4Address`` (a full mask) or
``IPv4Interface``, and ``cidr`` as ``IPv4Network`` (IPv6 likewise); it sends
those classes as ``inet`` and ``cidr`` parameters.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Final

from .. import errors
from ..types import BOOL, INT4, INT8, TEXT, SqlType
from .registry import ASSIGNMENT, IMPLICIT, Cast, Function, Operator, TypeIO

INET: Final = SqlType("inet")
CIDR: Final = SqlType("cidr")


class Inet:
    """An ``inet`` or ``cidr`` value (see module docstring); immutable."""

    __slots__ = ("family", "bits", "address")

    def __init__(self, family: int, bits: int, address: int) -> None:
        self.family = family  # 4 or 6
        self.bits = bits  # the mask length
        self.address = address  # the whole address, as an unsigned int

    @property
    def max_bits(self) -> int:
        return 32 if self.family == 4 else 128

    def _cmp(self, other: Inet) -> int:
        """PostgreSQL's ``network_cmp``."""
        if self.family != other.family:
            return -1 if self.family < other.family else 1
        top = self.max_bits
        common = min(self.bits, other.bits)
        a, b = self.address >> (top - common), other.address >> (top - common)
        if a != b:
            return -1 if a < b else 1
        if self.bits != other.bits:
            return -1 if self.bits < other.bits else 1
        return (self.address > other.address) - (self.address < other.address)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Inet) and self._cmp(other) == 0

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other: Inet) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Inet) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Inet) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Inet) -> bool:
        return self._cmp(other) >= 0

    def __hash__(self) -> int:
        return hash((self.family, self.bits, self.address))

    def __repr__(self) -> str:
        return f"Inet({network_show(self)!r})"


def _invalid(kind: str, text: str) -> errors.InvalidTextRepresentation:
    return errors.InvalidTextRepresentation(f'invalid input syntax for type {kind}: "{text}"')


# -- input ----------------------------------------------------------------------------------------


def _digits(s: str, i: int) -> int:
    """The end of the run of ASCII digits starting at ``i``."""
    while i < len(s) and "0" <= s[i] <= "9":
        i += 1
    return i


def _ipv4_parts(s: str) -> tuple[list[int], int] | None:
    """The octets and the mask length (-1: none written) of dotted decimal with an optional
    ``/bits``: the syntax PostgreSQL's ``inet_net_pton_ipv4`` and ``inet_cidr_pton_ipv4``
    share (they differ in the defaults: :func:`_ipv4_inet`, :func:`_ipv4_cidr`)."""
    octets: list[int] = []
    i, n = 0, len(s)
    while True:
        j = _digits(s, i)
        if j == i:
            return None  # no digit where an octet starts
        value = int(s[i:j])
        if value > 255 or len(octets) == 4:
            return None
        octets.append(value)
        i = j
        if i == n or s[i] == "/":
            break
        if s[i] != ".":
            return None
        i += 1
    if i == n:
        return octets, -1
    j = _digits(s, i + 1)  # after the "/": digits to the end
    if j == i + 1 or j != n or int(s[i + 1:j]) > 32:
        return None
    return octets, int(s[i + 1:j])


def _ipv4_inet(s: str) -> tuple[int, int] | None:
    """``inet_net_pton_ipv4``: (address, bits), or None.  Without a mask, all four octets;
    with one, fewer octets if the mask covers no more than them (``1.2/16``)."""
    parts = _ipv4_parts(s)
    if parts is None:
        return None
    octets, bits = parts
    if bits == -1:
        if len(octets) != 4:
            return None
        bits = 32
    if bits // 8 > len(octets):
        return None
    return int.from_bytes(bytes(octets + [0] * (4 - len(octets))), "big"), bits


def _ipv4_cidr(s: str) -> tuple[int, int] | None:
    """``inet_cidr_pton_ipv4`` (decimal form): without a mask, the address class's, widened
    to the octets written."""
    parts = _ipv4_parts(s)
    if parts is None:
        return None
    octets, bits = parts
    if bits == -1:
        first = octets[0]
        bits = 32 if first >= 240 else 8 if first >= 224 else 24 if first >= 192 else 16 if first >= 128 else 8
        bits = max(bits, len(octets) * 8)
        if bits == 8 and first == 224:
            bits = 4
    return int.from_bytes(bytes(octets + [0] * (4 - len(octets))), "big"), bits


def _ipv6(s: str) -> tuple[int, int] | None:
    """PostgreSQL's ``inet_cidr_pton_ipv6``: an IPv6 address (an IPv4 tail allowed) and an
    optional ``/bits`` without leading zeros."""
    address, slash, mask = s.partition("/")
    if "%" in address or not address:
        return None
    try:
        value = int(ipaddress.IPv6Address(address))
    except ValueError:
        return None
    if not slash:
        return value, 128
    if not mask.isascii() or not mask.isdigit() or (len(mask) > 1 and mask[0] == "0") or int(mask) > 128:
        return None
    return value, int(mask)


def _network_in(text: str, kind: str) -> Inet:
    """PostgreSQL's ``network_in``: the family by the presence of ``:``; a ``cidr`` may have
    no bits right of its mask."""
    family = 6 if ":" in text else 4
    if family == 6:
        parsed = _ipv6(text)
    else:
        parsed = _ipv4_cidr(text) if kind == "cidr" else _ipv4_inet(text)
    if parsed is None:
        raise _invalid(kind, text)
    address, bits = parsed
    value = Inet(family, bits, address)
    if kind == "cidr" and _host_part(value):
        raise errors.InvalidTextRepresentation(
            f'invalid cidr value: "{text}"', detail="Value has bits set to right of mask."
        )
    return value


def inet_in(text: str) -> Inet:
    return _network_in(text, "inet")


def cidr_in(text: str) -> Inet:
    return _network_in(text, "cidr")


def _host_part(v: Inet) -> int:
    return v.address & ((1 << (v.max_bits - v.bits)) - 1)


# -- output ---------------------------------------------------------------------------------------


def _ntop(v: Inet, bits: int) -> str:
    """PostgreSQL's ``inet_net_ntop``: the whole address, then ``/bits`` unless ``bits`` is
    the family's full length (or -1)."""
    if v.family == 4:
        text = ".".join(str(b) for b in v.address.to_bytes(4, "big"))
        return text if bits in (32, -1) else f"{text}/{bits}"
    words = [(v.address >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    best_base, best_len, cur_base, cur_len = -1, 0, -1, 0
    for i, w in enumerate(words):  # the longest run of zero words (the first of equals)
        if w == 0:
            if cur_base == -1:
                cur_base, cur_len = i, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if cur_base != -1 and (best_base == -1 or cur_len > best_len):
        best_base, best_len = cur_base, cur_len
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = []
    for i in range(8):
        if best_base != -1 and best_base <= i < best_base + best_len:
            if i == best_base:
                out.append(":")
            continue
        if i != 0:
            out.append(":")
        if i == 6 and best_base == 0 and (
            best_len == 6 or (best_len == 7 and words[7] != 1) or (best_len == 5 and words[5] == 0xFFFF)
        ):
            out.append(".".join(str(b) for b in (v.address & 0xFFFFFFFF).to_bytes(4, "big")))
            break
        out.append(f"{words[i]:x}")
    if best_base != -1 and best_base + best_len == 8:
        out.append(":")
    text = "".join(out)
    return text if bits in (128, -1) else f"{text}/{bits}"


def inet_out(v: Inet) -> str:
    return _ntop(v, v.bits)


def cidr_out(v: Inet) -> str:
    text = _ntop(v, v.bits)
    return text if "/" in text else f"{text}/{v.bits}"


def network_show(v: Inet) -> str:
    """``text(inet)`` and the casts to the string types: the mask always shown."""
    return f"{_ntop(v, -1)}/{v.bits}"


def host(v: Inet) -> str:
    return _ntop(v, -1)


def _cidr_ntop(v: Inet) -> str:
    """PostgreSQL's ``inet_cidr_ntop`` (``abbrev(cidr)``): the octets or words the mask
    covers, then ``/bits``."""
    bits = v.bits
    data = v.address.to_bytes(4 if v.family == 4 else 16, "big")
    if v.family == 4:
        parts = [str(b) for b in data[: bits // 8]]
        if bits % 8:
            parts.append(str(data[bits // 8] & (((1 << (bits % 8)) - 1) << (8 - bits % 8))))
        return f"{'.'.join(parts) if parts else '0'}/{bits}"
    if bits == 0:
        return "::/0"
    keep = (bits + 7) // 8
    s = bytearray(data[:keep]) + bytearray(16 - keep)
    if bits % 8:
        s[keep - 1] &= (0xFF << (8 - bits % 8)) & 0xFF
    words = max((bits + 15) // 16, 2)
    zero_s = zero_l = tmp_s = tmp_l = 0
    for i in range(0, words * 2, 2):  # PostgreSQL's search, quirks included
        if s[i] | s[i + 1] == 0:
            if tmp_l == 0:
                tmp_s = i // 2
            tmp_l += 1
        elif tmp_l and zero_l < tmp_l:
            zero_s, zero_l, tmp_l = tmp_s, tmp_l, 0
    if tmp_l and zero_l < tmp_l:
        zero_s, zero_l = tmp_s, tmp_l
    is_ipv4 = zero_l != words and zero_s == 0 and (
        zero_l == 6 or (zero_l == 5 and s[10] == 0xFF and s[11] == 0xFF) or (zero_l == 7 and s[14] != 0 and s[15] != 1)
    )
    out: list[str] = []
    pos = 0
    for p in range(words):
        if zero_l != 0 and zero_s <= p < zero_s + zero_l:
            if p == zero_s:
                out.append(":")
            if p == words - 1:
                out.append(":")
            pos += 2
            continue
        if is_ipv4 and p > 5:
            out.append((":" if p == 6 else ".") + str(s[pos]))
            pos += 1
            if p != 7 or bits > 120:
                out.append("." + str(s[pos]))
                pos += 1
        else:
            if out:
                out.append(":")
            out.append(f"{s[pos] * 256 + s[pos + 1]:x}")
            pos += 2
    return f"{''.join(out)}/{bits}"


# -- functions and operators ----------------------------------------------------------------------


def _mask(v: Inet, bits: int) -> int:
    """The netmask of ``bits`` in ``v``'s family, as an int."""
    top = v.max_bits
    return ((1 << bits) - 1) << (top - bits)


def _same_family(a: Inet, b: Inet, verb: str) -> None:
    if a.family != b.family:
        raise errors.InvalidParameterValue(f"cannot {verb} inet values of different sizes")


def inet_to_cidr(v: Inet) -> Inet:
    return Inet(v.family, v.bits, v.address & _mask(v, v.bits))


def network(v: Inet) -> Inet:
    return inet_to_cidr(v)


def broadcast(v: Inet) -> Inet:
    return Inet(v.family, v.bits, v.address | (_mask(v, v.max_bits) ^ _mask(v, v.bits)))


def netmask(v: Inet) -> Inet:
    return Inet(v.family, v.max_bits, _mask(v, v.bits))


def hostmask(v: Inet) -> Inet:
    return Inet(v.family, v.max_bits, _mask(v, v.max_bits) ^ _mask(v, v.bits))


def family(v: Inet) -> int:
    return v.family


def masklen(v: Inet) -> int:
    return v.bits


def _checked_masklen(v: Inet, bits: int) -> int:
    if bits == -1:
        return v.max_bits
    if bits < 0 or bits > v.max_bits:
        raise errors.InvalidParameterValue(f"invalid mask length: {bits}")
    return bits


def set_masklen_inet(v: Inet, bits: int) -> Inet:
    return Inet(v.family, _checked_masklen(v, bits), v.address)


def set_masklen_cidr(v: Inet, bits: int) -> Inet:
    bits = _checked_masklen(v, bits)
    return Inet(v.family, bits, v.address & _mask(v, bits))


def inet_same_family(a: Inet, b: Inet) -> bool:
    return a.family == b.family


def inet_merge(a: Inet, b: Inet) -> Inet:
    if a.family != b.family:
        raise errors.InvalidParameterValue("cannot merge addresses from different families")
    top = a.max_bits
    bits = min(a.bits, b.bits)
    while bits and (a.address >> (top - bits)) != (b.address >> (top - bits)):
        bits -= 1
    return Inet(a.family, bits, a.address & _mask(a, bits))


def _prefix_equal(a: Inet, b: Inet, bits: int) -> bool:
    shift = a.max_bits - bits
    return a.family == b.family and a.address >> shift == b.address >> shift


def network_sub(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits > b.bits and _prefix_equal(a, b, b.bits)


def network_subeq(a: Inet, b: Inet) -> bool:
    return a.family == b.family and a.bits >= b.bits and _prefix_equal(a, b, b.bits)


def network_sup(a: Inet, b: Inet) -> bool:
    return network_sub(b, a)


def network_supeq(a: Inet, b: Inet) -> bool:
    return network_subeq(b, a)


def network_overlap(a: Inet, b: Inet) -> bool:
    return a.family == b.family and _prefix_equal(a, b, min(a.bits, b.bits))


def inetnot(v: Inet) -> Inet:
    return Inet(v.family, v.bits, v.address ^ _mask(v, v.max_bits))


def inetand(a: Inet, b: Inet) -> Inet:
    _same_family(a, b, "AND")
    return Inet(a.family, max(a.bits, b.bits), a.address & b.address)


def inetor(a: Inet, b: Inet) -> Inet:
    _same_family(a, b, "OR")
    return Inet(a.family, max(a.bits, b.bits), a.address | b.address)


def inetpl(v: Inet, n: int) -> Inet:
    address = v.address + n
    if not 0 <= address < (1 << v.max_bits):
        raise errors.NumericValueOutOfRange("result is out of range")
    return Inet(v.family, v.bits, address)


def int_pl_inet(n: int, v: Inet) -> Inet:
    return inetpl(v, n)


def inetmi_int8(v: Inet, n: int) -> Inet:
    return inetpl(v, -n)


def inetmi(a: Inet, b: Inet) -> int:
    _same_family(a, b, "subtract")
    difference = a.address - b.address
    if not -(1 << 63) <= difference < (1 << 63):
        raise errors.NumericValueOutOfRange("result is out of range")
    return difference


# -- Python values (psycopg's classes) -------------------------------------------------------------


def to_python_inet(v: Inet) -> Any:
    """As psycopg returns an ``inet``: an address when its mask is full, else an interface."""
    if v.bits == v.max_bits:
        return ipaddress.ip_address(v.address) if v.family == 4 else ipaddress.IPv6Address(v.address)
    cls = ipaddress.IPv4Interface if v.family == 4 else ipaddress.IPv6Interface
    return cls((v.address, v.bits))


def to_python_cidr(v: Inet) -> Any:
    cls = ipaddress.IPv4Network if v.family == 4 else ipaddress.IPv6Network
    return cls((v.address, v.bits))


def from_python(v: Any) -> Inet:
    """An ``ipaddress`` address, interface or network as a value (see :mod:`pydsql.adapt`)."""
    if isinstance(v, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return Inet(v.version, v.prefixlen, int(v.network_address))
    if isinstance(v, (ipaddress.IPv4Interface, ipaddress.IPv6Interface)):
        return Inet(v.version, v.network.prefixlen, int(v.ip))
    return Inet(v.version, v.max_prefixlen, int(v))


# -- the rows of the catalogs -------------------------------------------------------------------------

TYPE_IOS: Final[list[TypeIO]] = [TypeIO("inet", inet_in, inet_out), TypeIO("cidr", cidr_in, cidr_out)]

#: pg_cast's rows for inet and cidr (other string casts are I/O casts, input only)
CASTS: Final[list[Cast]] = [
    Cast("cidr", "inet", IMPLICIT, None),
    Cast("inet", "cidr", ASSIGNMENT, inet_to_cidr),
    *(Cast(kind, target, ASSIGNMENT, network_show) for kind in ("inet", "cidr") for target in ("text", "varchar", "bpchar")),
]


def _operators() -> list[Operator]:
    ops = []
    for name, fn in (
        ("=", Inet.__eq__), ("<>", Inet.__ne__), ("<", Inet.__lt__), ("<=", Inet.__le__),
        (">", Inet.__gt__), (">=", Inet.__ge__), ("<<", network_sub), ("<<=", network_subeq),
        (">>", network_sup), (">>=", network_supeq), ("&&", network_overlap),
    ):
        ops.append(Operator(name, "inet", "inet", BOOL, fn))
    ops += [
        Operator("~", None, "inet", INET, inetnot),
        Operator("&", "inet", "inet", INET, inetand),
        Operator("|", "inet", "inet", INET, inetor),
        Operator("+", "inet", "int8", INET, inetpl),
        Operator("+", "int8", "inet", INET, int_pl_inet),
        Operator("-", "inet", "int8", INET, inetmi_int8),
        Operator("-", "inet", "inet", INT8, inetmi),
    ]
    return ops


OPERATORS: Final[list[Operator]] = _operators()

#: inet's and cidr's functions (pg_proc rows)
FUNCTIONS: Final[list[Function]] = [
    Function("abbrev", ("inet",), TEXT, inet_out),
    Function("abbrev", ("cidr",), TEXT, _cidr_ntop),
    Function("broadcast", ("inet",), INET, broadcast),
    Function("family", ("inet",), INT4, family),
    Function("host", ("inet",), TEXT, host),
    Function("hostmask", ("inet",), INET, hostmask),
    Function("inet_merge", ("inet", "inet"), CIDR, inet_merge),
    Function("inet_same_family", ("inet", "inet"), BOOL, inet_same_family),
    Function("masklen", ("inet",), INT4, masklen),
    Function("netmask", ("inet",), INET, netmask),
    Function("network", ("inet",), CIDR, network),
    Function("set_masklen", ("inet", "int4"), INET, set_masklen_inet),
    Function("set_masklen", ("cidr", "int4"), CIDR, set_masklen_cidr),
    Function("text", ("inet",), TEXT, network_show),
]

__all__ = [
    "CIDR", "INET", "Inet", "TYPE_IOS", "CASTS", "OPERATORS", "FUNCTIONS", "inet_in", "cidr_in", "inet_out",
    "cidr_out", "network_show", "to_python_inet", "to_python_cidr", "from_python",
]

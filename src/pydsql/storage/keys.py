"""Order-preserving key encoding.

Rows are stored under their primary key and index entries under their index
key, both as ``bytes`` built so that comparing the bytes (``memcmp`` order,
which is how Python compares ``bytes``) gives the same answer as comparing the
SQL values in the column's type:

    encode((1, 'b')) < encode((1, 'ba')) < encode((2, 'a'))

Why bytes rather than tuples of Python values: bytes are totally ordered even
where the SQL order is not Python's (NaN is the greatest float and equal to
itself, ``1.50 = 1.5`` in numeric, blank-padded ``char(n)`` ignores trailing
blanks, NULL sorts after everything), they hash well for conflict
fingerprints, and comparing them is one C call.

Each column value is one self-delimiting *component*; a key is the
concatenation of its components, so no encoded key is a proper prefix of
another key of the same shape, and a prefix of components selects a
contiguous range (index scans on a leading column rely on this).

    component := 0xFF                      (NULL: after every value, as ASC NULLS LAST)
               | 0x01 payload              (a value)

Payloads by type (the column's kind; keys never mix kinds in one position):

* integers, date (days), time/timestamp/timestamptz (microseconds): 8 bytes
  big-endian of ``value + 2**63``.
* float4/float8: the IEEE-754 bits, sign-flipped so that negative numbers
  order below positive ones; -0.0 is encoded as 0.0 and every NaN as one NaN
  above +Infinity (PostgreSQL's float order).
* numeric: a class byte (-Inf, negative, zero, positive, +Inf, NaN), then for
  finite values a biased 4-byte decimal exponent and the digits, each byte
  complemented for negative numbers.  Equal values with different scales
  (``1.5``/``1.50``) encode identically.
* text/varchar/name: UTF-8 then 0x00 (PostgreSQL text never contains NUL, and
  the "C" collation is code-point order, which UTF-8 byte order preserves).
  bpchar: trailing blanks removed first.
* bytea: 0x00 escaped as 0x00 0xFF, then 0x00 0x00.
* bool: one byte; uuid: its 16 bytes; interval: its comparison value
  (microseconds with 30-day months) as an 8+ byte integer.

NB: an encoding depends only on the value's kind, never on modifiers:
``varchar(3)`` and ``text`` values encode the same way.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from ..types import SqlType

Encoder = Callable[[Any], bytes]

NULL_COMPONENT = b"\xff"
_VALUE = b"\x01"
_OFFSET = 1 << 63
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1)
_EPOCH_TZ = datetime(1970, 1, 1, tzinfo=timezone.utc)
_pack_d = struct.Struct(">d").pack
_unpack_q = struct.Struct(">Q").unpack


def _int(v: int) -> bytes:
    return _VALUE + (v + _OFFSET).to_bytes(8, "big")


def _big_int(v: int) -> bytes:
    # Integers beyond 64 bits (interval comparison values): length-prefixed.
    if -_OFFSET <= v < _OFFSET:
        return _int(v)
    magnitude = abs(v).to_bytes((abs(v).bit_length() + 7) // 8, "big")
    if v > 0:
        return _VALUE + b"\xff" + bytes([len(magnitude)]) + magnitude
    return _VALUE + b"\x00" + bytes([255 - len(magnitude)]) + bytes(255 - b for b in magnitude)


def _float(v: float) -> bytes:
    if v != v:  # NaN: one value, above +Infinity (whose flipped bits are 0xFFF0...)
        return _VALUE + b"\xff" * 8
    if v == 0.0:
        v = 0.0  # -0.0 == 0.0 in SQL
    bits: int = _unpack_q(_pack_d(v))[0]
    if bits & (1 << 63):
        bits ^= 0xFFFF_FFFF_FFFF_FFFF
    else:
        bits |= 1 << 63
    return _VALUE + bits.to_bytes(8, "big")


_NUM_NEG_INF, _NUM_NEG, _NUM_ZERO, _NUM_POS, _NUM_POS_INF, _NUM_NAN = (bytes([i]) for i in range(1, 7))
_COMPLEMENT = bytes(255 - i for i in range(256))


def _numeric(v: Decimal) -> bytes:
    if v.is_nan():
        return _VALUE + _NUM_NAN
    if v.is_infinite():
        return _VALUE + (_NUM_NEG_INF if v < 0 else _NUM_POS_INF)
    if not v:
        return _VALUE + _NUM_ZERO
    # NB: not Decimal.normalize(), which rounds to the context's 28 digits.
    sign, digits, exponent = v.as_tuple()
    assert isinstance(exponent, int)
    end = len(digits)
    while digits[end - 1] == 0:  # trailing zeros carry no order information (1.50 = 1.5)
        end -= 1
    exponent += len(digits) - end
    digits = digits[:end]
    # value = 0.d1d2d3... * 10**weight
    weight = len(digits) + exponent
    body = (weight + (1 << 31)).to_bytes(4, "big") + bytes(48 + d for d in digits) + b"\x00"
    if sign:
        return _VALUE + _NUM_NEG + body.translate(_COMPLEMENT)
    return _VALUE + _NUM_POS + body


def _text(v: str) -> bytes:
    return _VALUE + v.encode() + b"\x00"


def _bpchar(v: str) -> bytes:
    return _VALUE + v.rstrip(" ").encode() + b"\x00"


def _bytea(v: bytes) -> bytes:
    return _VALUE + v.replace(b"\x00", b"\x00\xff") + b"\x00\x00"


def _bool(v: bool) -> bytes:
    return b"\x01\x01" if v else b"\x01\x00"


def _uuid(v: Any) -> bytes:
    raw: bytes = v.bytes
    return _VALUE + raw


def _date(v: date) -> bytes:
    return _int(v.toordinal() - _EPOCH_ORDINAL)


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _timestamp(v: datetime) -> bytes:
    return _int(_micros(v - _EPOCH))


def _timestamptz(v: datetime) -> bytes:
    return _int(_micros(v - _EPOCH_TZ))


def _time(v: time) -> bytes:
    return _int(((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond)


def _timetz(v: time) -> bytes:
    # PostgreSQL orders timetz by the UTC instant, then by the zone offset.
    offset = v.utcoffset()
    off_us = _micros(offset) if offset is not None else 0
    local = ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
    return _int(local - off_us) + (off_us + _OFFSET).to_bytes(8, "big")


def _interval(v: Any) -> bytes:
    cmp_value: int = v.cmp_value()
    return _big_int(cmp_value)


_ENCODERS: dict[str, Encoder] = {
    "int2": _int, "int4": _int, "int8": _int, "oid": _int,
    "float4": _float, "float8": _float,
    "numeric": _numeric,
    "text": _text, "varchar": _text, "name": _text, "bpchar": _bpchar,
    "bytea": _bytea, "bool": _bool, "uuid": _uuid,
    "date": _date, "time": _time, "timetz": _timetz,
    "timestamp": _timestamp, "timestamptz": _timestamptz,
    "interval": _interval,
}


def component_encoder(t: SqlType) -> Encoder:
    """The encoder of one non-NULL value of type ``t``.

    Raises ``KeyError`` for types that cannot be keys (json, arrays).
    """
    return _ENCODERS[t.kind]


def is_encodable(t: SqlType) -> bool:
    return t.kind in _ENCODERS


def key_encoder(types: Sequence[SqlType], nullable: bool = True) -> Callable[[Sequence[Any]], bytes]:
    """An encoder for keys made of values of ``types``, taking a sequence of values.

    With ``nullable=False`` (primary keys) the caller guarantees no ``None``.
    """
    encoders = [component_encoder(t) for t in types]
    if len(encoders) == 1:
        (enc,) = encoders
        if not nullable:
            return lambda values: enc(values[0])

        def encode_one(values: Sequence[Any]) -> bytes:
            v = values[0]
            return NULL_COMPONENT if v is None else enc(v)

        return encode_one

    if not nullable:
        return lambda values: b"".join([e(v) for e, v in zip(encoders, values)])

    def encode_many(values: Sequence[Any]) -> bytes:
        return b"".join([NULL_COMPONENT if v is None else e(v) for e, v in zip(encoders, values)])

    return encode_many


def encode_rowid(rowid: int) -> bytes:
    """The key of a row of a table without a declared primary key."""
    return _int(rowid)

"""SQL types: what a column or an expression is, as PostgreSQL names it.

A :class:`SqlType` is a small immutable value: a *kind* (PostgreSQL's internal
type name: ``int4``, ``numeric``, ``varchar``...) plus its modifiers (length
for the character types, precision and scale for numeric, an element type for
arrays).  Two equal types are interchangeable everywhere, so types can be dict
keys and parts of statement-cache keys.

Every kind has a fixed row in :data:`KINDS`: its type OID (what a DB-API
``description`` reports as ``type_code``), PostgreSQL's type category letter and
"preferred" flag (used by operator resolution exactly as in
``pg_type.typcategory``/``typispreferred``), its ``typlen`` and the Python class
that carries its values.

Python representation of values (what the engine computes with; the DB-API
layer converts the few that differ at the boundary):

=============  ===========================================================
kind           Python value
=============  ===========================================================
int2/4/8       ``int`` (range checked by the arithmetic)
numeric        ``decimal.Decimal`` (NaN and +-Infinity allowed)
float4/8       ``float``
text, varchar  ``str``; ``bpchar`` is stored blank-padded to its length
bool           ``bool``
bytea          ``bytes``
date           ``datetime.date``
time / timetz  ``datetime.time`` (naive / aware)
timestamp      naive ``datetime.datetime``
timestamptz    aware ``datetime.datetime`` in UTC
interval       :class:`pydsql.values.interval.Interval` (months, days, us);
               returned to users as ``datetime.timedelta`` like psycopg
uuid           ``uuid.UUID``
money          :class:`pydsql.values.money.Money`, an ``int`` of cents;
               returned to users as its text (``'$1,234.50'``) like psycopg
inet, cidr     :class:`pydsql.values.network.Inet`; returned to users as
               ``ipaddress`` objects like psycopg
bit, varbit    ``str`` of ``'0'``/``'1'`` (what psycopg returns too)
int4range...   :class:`pydsql.values.ranges.Range` (psycopg's ``Range`` interface)
int4multir...  :class:`pydsql.values.ranges.Multirange` (psycopg's ``Multirange``)
json           ``str``: the validated input text, kept verbatim (as
               PostgreSQL stores it; operations re-parse it)
jsonb          :class:`pydsql.values.json.Jsonb`, an immutable wrapper of
               the normalised tree (hashable, ordered as PostgreSQL's jsonb)
arrays         ``list`` of the element kind's values (``None`` for NULL
               elements); a multi-dimensional array is a list of row lists;
               lower bounds are always 1 (see :mod:`pydsql.values.arrays`)
=============  ===========================================================

json and jsonb reach users as psycopg returns them (the text through
``json.loads``: dict, list, str, int, float, bool, None) and arrays as
(nested) lists of the elements' user values.  Arrays, money, inet, cidr, the
bit strings and the ranges are run-time values only: DSQL refuses them as
column types.

SQL NULL is ``None`` in every type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from . import errors


class KindInfo(NamedTuple):
    """Static facts about a type kind, as in PostgreSQL's ``pg_type``."""

    oid: int
    category: str  # pg_type.typcategory: N numeric, S string, B bool, D datetime, T timespan, U user, X unknown, A array, P pseudo
    preferred: bool  # pg_type.typispreferred
    typlen: int  # bytes, -1 for variable length (DB-API internal_size)
    display: str  # name printed by format_type() without modifiers
    array_oid: int  # OID of the array type whose elements are this kind (0: none)


KINDS: dict[str, KindInfo] = {
    "bool": KindInfo(16, "B", True, 1, "boolean", 1000),
    "bytea": KindInfo(17, "U", False, -1, "bytea", 1001),
    "name": KindInfo(19, "S", False, 64, "name", 1003),
    "int8": KindInfo(20, "N", False, 8, "bigint", 1016),
    "int2": KindInfo(21, "N", False, 2, "smallint", 1005),
    "int4": KindInfo(23, "N", False, 4, "integer", 1007),
    "text": KindInfo(25, "S", True, -1, "text", 1009),
    "oid": KindInfo(26, "N", True, 4, "oid", 1028),
    # the types of the system catalogs (pydsql.values.oids; refused as column types)
    "char": KindInfo(18, "Z", False, 1, '"char"', 1002),
    "int2vector": KindInfo(22, "A", False, -1, "int2vector", 1006),
    "regproc": KindInfo(24, "N", False, 4, "regproc", 1008),
    "oidvector": KindInfo(30, "A", False, -1, "oidvector", 1013),
    "pg_node_tree": KindInfo(194, "Z", False, -1, "pg_node_tree", 0),
    "aclitem": KindInfo(1033, "U", False, 16, "aclitem", 1034),
    "regclass": KindInfo(2205, "N", False, 4, "regclass", 2210),
    "regtype": KindInfo(2206, "N", False, 4, "regtype", 2211),
    "regnamespace": KindInfo(4089, "N", False, 4, "regnamespace", 4090),
    "regrole": KindInfo(4096, "N", False, 4, "regrole", 4097),
    "json": KindInfo(114, "U", False, -1, "json", 199),
    "float4": KindInfo(700, "N", False, 4, "real", 1021),
    "float8": KindInfo(701, "N", True, 8, "double precision", 1022),
    "unknown": KindInfo(705, "X", False, -2, "unknown", 0),
    "bpchar": KindInfo(1042, "S", False, -1, "character", 1014),
    "varchar": KindInfo(1043, "S", False, -1, "character varying", 1015),
    "date": KindInfo(1082, "D", False, 4, "date", 1182),
    "time": KindInfo(1083, "D", False, 8, "time without time zone", 1183),
    "timestamp": KindInfo(1114, "D", False, 8, "timestamp without time zone", 1115),
    "timestamptz": KindInfo(1184, "D", True, 8, "timestamp with time zone", 1185),
    "interval": KindInfo(1186, "T", True, 16, "interval", 1187),
    "timetz": KindInfo(1266, "D", False, 12, "time with time zone", 1270),
    "numeric": KindInfo(1700, "N", False, -1, "numeric", 1231),
    "uuid": KindInfo(2950, "U", False, 16, "uuid", 2951),
    "money": KindInfo(790, "N", False, 8, "money", 791),  # DSQL: in expressions only (not a column type)
    "inet": KindInfo(869, "I", True, -1, "inet", 1041),  # DSQL: in expressions only
    "cidr": KindInfo(650, "I", False, -1, "cidr", 651),  # DSQL: in expressions only
    "bit": KindInfo(1560, "V", False, -1, "bit", 1561),  # DSQL: in expressions only
    "varbit": KindInfo(1562, "V", True, -1, "bit varying", 1563),  # DSQL: in expressions only
    # the range types (DSQL: in expressions only; see pydsql.values.ranges)
    "int4range": KindInfo(3904, "R", False, -1, "int4range", 3905),
    "numrange": KindInfo(3906, "R", False, -1, "numrange", 3907),
    "tsrange": KindInfo(3908, "R", False, -1, "tsrange", 3909),
    "tstzrange": KindInfo(3910, "R", False, -1, "tstzrange", 3911),
    "daterange": KindInfo(3912, "R", False, -1, "daterange", 3913),
    "int8range": KindInfo(3926, "R", False, -1, "int8range", 3927),
    "int4multirange": KindInfo(4451, "R", False, -1, "int4multirange", 6150),
    "nummultirange": KindInfo(4532, "R", False, -1, "nummultirange", 6151),
    "tsmultirange": KindInfo(4533, "R", False, -1, "tsmultirange", 6152),
    "tstzmultirange": KindInfo(4534, "R", False, -1, "tstzmultirange", 6153),
    "datemultirange": KindInfo(4535, "R", False, -1, "datemultirange", 6155),
    "int8multirange": KindInfo(4536, "R", False, -1, "int8multirange", 6157),
    "jsonb": KindInfo(3802, "U", False, -1, "jsonb", 3807),
    "jsonpath": KindInfo(4072, "U", False, -1, "jsonpath", 4073),
    "record": KindInfo(2249, "P", False, -1, "record", 2287),
    # a table's row read whole (SELECT t FROM t); PostgreSQL gives each table its own row type
    "rowtype": KindInfo(2249, "C", False, -1, "record", 2287),
    "void": KindInfo(2278, "P", False, 4, "void", 0),
    "array": KindInfo(0, "A", False, -1, "array", 0),  # oid comes from the element kind
    # types pydsql does not implement; they exist only as argument kinds of PostgreSQL
    # overloads, so that overload resolution sees the same candidates (see sql.functions)
    "xid": KindInfo(28, "U", False, 4, "xid", 1011),
    "xid8": KindInfo(5069, "U", False, 8, "xid8", 0),
    "tid": KindInfo(27, "U", False, 6, "tid", 0),
    "lseg": KindInfo(601, "G", False, 32, "lseg", 0),
    "path": KindInfo(602, "G", False, -1, "path", 0),
    "tsvector": KindInfo(3614, "U", False, -1, "tsvector", 0),
    "pg_lsn": KindInfo(3220, "U", False, 8, "pg_lsn", 0),
    "macaddr": KindInfo(829, "U", False, 6, "macaddr", 0),
    "macaddr8": KindInfo(774, "U", False, 8, "macaddr8", 0),
    # polymorphic pseudo-types: only ever argument kinds of operators and functions
    "any": KindInfo(2276, "P", False, 4, '"any"', 0),
    "anyelement": KindInfo(2283, "P", False, 4, "anyelement", 0),
    "anynonarray": KindInfo(2776, "P", False, 4, "anynonarray", 0),
    "anyarray": KindInfo(2277, "P", False, -1, "anyarray", 0),
    "anyenum": KindInfo(3500, "P", False, 4, "anyenum", 0),
    "anyrange": KindInfo(3831, "P", False, -1, "anyrange", 0),
    "anymultirange": KindInfo(4537, "P", False, -1, "anymultirange", 0),
    "anycompatible": KindInfo(5077, "P", False, 4, "anycompatible", 0),
    "anycompatiblearray": KindInfo(5078, "P", False, -1, "anycompatiblearray", 0),
    "anycompatiblenonarray": KindInfo(5079, "P", False, 4, "anycompatiblenonarray", 0),
}

#: Argument kinds that accept a value of (almost) any known kind: PostgreSQL's polymorphic
#: types (resolved with its rules in :mod:`pydsql.sql.polymorphic`) and ``"any"``.
POLYMORPHIC = frozenset({
    "any", "anyelement", "anynonarray", "anyarray", "anyenum", "anyrange", "anymultirange",
    "anycompatible", "anycompatiblearray", "anycompatiblenonarray",
})


@dataclass(frozen=True, slots=True, eq=True)
class SqlType:
    """A SQL type with its modifiers.

    ``length`` is n of ``varchar(n)`` / ``char(n)``; ``precision``/``scale``
    are those of ``numeric(p, s)``; ``elem`` is the element type of an array.
    A modifier left as ``None`` means "unconstrained".
    """

    kind: str
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    elem: SqlType | None = None
    # types key the statement cache (with the parameter types): hash once
    _hash: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.kind, self.length, self.precision, self.scale, self.elem)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def info(self) -> KindInfo:
        return KINDS[self.kind]

    @property
    def oid(self) -> int:
        if self.kind == "array":
            assert self.elem is not None
            return self.elem.info.array_oid
        return KINDS[self.kind].oid

    @property
    def category(self) -> str:
        return KINDS[self.kind].category

    @property
    def preferred(self) -> bool:
        return KINDS[self.kind].preferred

    @property
    def base(self) -> SqlType:
        """The same type without modifiers (``varchar(3)`` -> ``varchar``)."""
        if self.elem is not None:  # an array's modifiers are its elements' (varchar(3)[])
            return self if self.elem.base is self.elem else SqlType(self.kind, elem=self.elem.base)
        if self.length is None and self.precision is None and self.scale is None:
            return self
        return SqlType(self.kind)

    @property
    def is_string(self) -> bool:
        return self.kind in ("text", "varchar", "bpchar", "name")

    @property
    def is_numeric(self) -> bool:
        return KINDS[self.kind].category == "N"

    @property
    def name(self) -> str:
        """The name without modifiers, as PostgreSQL's messages print types (``format_type_be``)."""
        return self.base.sql_name()

    def sql_name(self) -> str:
        """The name PostgreSQL's ``format_type`` prints, modifiers included."""
        if self.kind == "array":
            assert self.elem is not None
            return self.elem.sql_name() + "[]"
        name = KINDS[self.kind].display
        if self.kind in ("varchar", "bpchar", "bit", "varbit") and self.length is not None:
            return f"{name}({self.length})"
        if self.kind == "numeric" and self.precision is not None:
            return f"numeric({self.precision},{self.scale or 0})"
        return name

    def __str__(self) -> str:
        return self.sql_name()

    def __repr__(self) -> str:
        return f"SqlType({self.sql_name()!r})"


def array_of(elem: SqlType) -> SqlType:
    """The array type whose elements are ``elem`` (PostgreSQL has no arrays of arrays:
    ``int[][]`` is ``int[]``)."""
    if elem.kind == "array":
        return elem
    return SqlType("array", elem=elem)


_KIND_TYPES: dict[str, SqlType] = {}


def kind_type(kind: str) -> SqlType:
    """The type an argument kind of a ``pg_proc``/``pg_operator`` row denotes:
    a :data:`KINDS` name, or an array type written ``"text[]"``."""
    t = _KIND_TYPES.get(kind)
    if t is None:
        t = array_of(kind_type(kind[:-2])) if kind.endswith("[]") else SqlType(kind)
        _KIND_TYPES[kind] = t
    return t


BOOL = SqlType("bool")
BYTEA = SqlType("bytea")
NAME = SqlType("name")
INT2 = SqlType("int2")
INT4 = SqlType("int4")
INT8 = SqlType("int8")
OID = SqlType("oid")
TEXT = SqlType("text")
JSON = SqlType("json")
FLOAT4 = SqlType("float4")
FLOAT8 = SqlType("float8")
UNKNOWN = SqlType("unknown")
BPCHAR = SqlType("bpchar")
VARCHAR = SqlType("varchar")
DATE = SqlType("date")
TIME = SqlType("time")
TIMETZ = SqlType("timetz")
TIMESTAMP = SqlType("timestamp")
TIMESTAMPTZ = SqlType("timestamptz")
INTERVAL = SqlType("interval")
NUMERIC = SqlType("numeric")
UUID = SqlType("uuid")
JSONB = SqlType("jsonb")
RECORD = SqlType("record")
VOID = SqlType("void")

#: PostgreSQL type names (as written in SQL, lower case) -> kind.
TYPE_NAMES: dict[str, str] = {
    "bool": "bool", "boolean": "bool",
    "bytea": "bytea",
    "name": "name",
    "int2": "int2", "smallint": "int2",
    "int4": "int4", "int": "int4", "integer": "int4",
    "int8": "int8", "bigint": "int8",
    "oid": "oid",
    "text": "text",
    "json": "json", "jsonb": "jsonb", "jsonpath": "jsonpath",
    "float4": "float4", "real": "float4",
    "float8": "float8", "double precision": "float8", "float": "float8",
    "bpchar": "bpchar", "char": "bpchar", "character": "bpchar",
    "varchar": "varchar", "character varying": "varchar",
    "date": "date",
    "time": "time", "time without time zone": "time",
    "timetz": "timetz", "time with time zone": "timetz",
    "timestamp": "timestamp", "timestamp without time zone": "timestamp",
    "timestamptz": "timestamptz", "timestamp with time zone": "timestamptz",
    "interval": "interval",
    "numeric": "numeric", "decimal": "numeric",
    "uuid": "uuid",
}

_BY_OID = {info.oid: kind for kind, info in KINDS.items() if info.oid}


def kind_for_oid(oid: int) -> str | None:
    """The kind whose type OID is ``oid`` (``None`` if pydsql has no such type)."""
    return _BY_OID.get(oid)


def check_text(v: str) -> str:
    """Strings PostgreSQL can hold: valid UTF-8 (no lone surrogates) without NUL."""
    if not v.isascii():
        try:
            v.encode()
        except UnicodeEncodeError as e:
            raise errors.CharacterNotInRepertoire(
                f'invalid byte sequence for encoding "UTF8": {v[e.start]!r} cannot be encoded'
            ) from None
    if "\x00" in v:
        raise errors.CharacterNotInRepertoire('invalid byte sequence for encoding "UTF8": 0x00')
    return v

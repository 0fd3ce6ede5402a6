"""Type names as written in SQL (sqlglot ``DataType`` nodes) -> :class:`~pydsql.types.SqlType`.

:func:`sql_type` knows the built-in types; :func:`declared_type` also finds the
domains of a catalog (a name that is not a built-in type), and answers the
domain's base type with the domain (see :class:`pydsql.catalog.Domain`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlglot import exp

from .dialect import QUOTED_TYPE_MARK, parse, syntax_error_near
from .. import errors
from ..catalog import Catalog, Domain
from ..values.ranges import MULTIRANGES as MULTIRANGE_KINDS
from ..values.ranges import SUBTYPES as RANGE_KINDS
from ..types import SqlType, array_of
from ..values.oids import SYSTEM_KINDS

DT = exp.DataType.Type

_SIMPLE: dict[object, str] = {
    DT.SMALLINT: "int2", DT.INT: "int4", DT.BIGINT: "int8",
    DT.DECIMAL: "numeric", DT.FLOAT: "float4", DT.DOUBLE: "float8",
    DT.TEXT: "text", DT.VARCHAR: "varchar", DT.CHAR: "bpchar", DT.BPCHAR: "bpchar", DT.NCHAR: "bpchar",
    DT.NVARCHAR: "varchar", DT.NAME: "name",
    DT.BOOLEAN: "bool", DT.VARBINARY: "bytea", DT.BINARY: "bytea",
    DT.DATE: "date", DT.TIME: "time", DT.TIMETZ: "timetz",
    DT.TIMESTAMP: "timestamp", DT.TIMESTAMPTZ: "timestamptz", DT.TIMESTAMPLTZ: "timestamptz",
    DT.INTERVAL: "interval", DT.UUID: "uuid", DT.JSON: "json", DT.JSONB: "jsonb", DT.MONEY: "money", DT.BIT: "bit",
    **{
        getattr(DT, name.upper()): name
        for name in [*RANGE_KINDS, *MULTIRANGE_KINDS.values()] if hasattr(DT, name.upper())
    },
    DT.INET: "inet",  # (cidr is not a sqlglot type: a name, see _BY_NAME)
}

#: Types PostgreSQL has and pydsql does not implement (value types DSQL allows
#: only at run time, or not at all).  Named as PostgreSQL names them.
_UNSUPPORTED: dict[object, str] = {
    getattr(DT, name): name.lower()
    for name in (
        "XML", "HSTORE", "GEOMETRY", "POINT", "TSVECTOR",
    )
    if hasattr(DT, name)  # sqlglot knows some of these, depending on its version
}

#: the geometric types: refused by DSQL as columns and in expressions ("datatype point not supported")
_GEOMETRIC = frozenset({"point", "line", "lseg", "box", "path", "polygon", "circle"})

_SERIALS = {DT.SERIAL: "serial", DT.BIGSERIAL: "bigserial", DT.SMALLSERIAL: "smallserial"}

_BY_NAME = {
    "int2": "int2", "int4": "int4", "int8": "int8", "float4": "float4", "float8": "float8",
    "bool": "bool", "varchar": "varchar", "bpchar": "bpchar", "char": "bpchar", "text": "text",
    "timestamptz": "timestamptz", "timetz": "timetz", "numeric": "numeric", "uuid": "uuid",
    "jsonpath": "jsonpath", "money": "money", "inet": "inet", "cidr": "cidr",
    "bit": "bit", "varbit": "varbit", **{name: name for name in [*RANGE_KINDS, *MULTIRANGE_KINDS.values()]},
}


def _params(dt: exp.DataType) -> list[int]:
    out = []
    for p in dt.expressions:
        node = p.this if isinstance(p, exp.DataTypeParam) else p
        if not isinstance(node, exp.Literal) or node.is_string:
            raise syntax_error_near(node)
        try:
            out.append(int(node.this))
        except ValueError:
            raise errors.SyntaxError(f'syntax error at or near "{node.this}"') from None
    return out


class UndefinedType(errors.UndefinedObject):
    """42704 ``type "name" does not exist``, with the name as written (an array of it names
    ``name[]``, as PostgreSQL does)."""

    def __init__(self, name: str) -> None:
        super().__init__(f'type "{name}" does not exist')
        self.type_name = name


#: Type names of PostgreSQL's grammar that are not the name of a type (pg_type's is int4):
#: quoted, they name no type (42704), as any name with an upper-case letter
_GRAMMAR_TYPE_NAMES = frozenset({
    "integer", "int", "smallint", "bigint", "real", "float", "double precision", "boolean", "decimal", "dec",
    "character", "character varying", "char varying", "nchar", "national character", "bit varying",
    "time with time zone", "time without time zone", "timestamp with time zone", "timestamp without time zone",
})


def _quoted_type(name: str, modifiers: list[exp.Expr]) -> SqlType:
    """A quoted type name (no domain has it: declared_type looked first), as PostgreSQL
    looks it up: exactly as written, among pg_type's names."""
    if name != name.lower() or name in _GRAMMAR_TYPE_NAMES or not name:
        raise UndefinedType(name)
    if name == "char" and not modifiers:
        return SqlType("char")  # the one-byte "char" of the system catalogs, not char(1)
    if name == "bit" and not modifiers:
        return SqlType("bit")  # the type itself, unconstrained: bit(1) is the grammar's bare BIT
    return sql_type(_unqualified(exp.to_identifier(name), modifiers))


def _bit_type(kind: str, params: list[int]) -> SqlType:
    """``bit(n)`` (``bit`` alone is ``bit(1)``) or ``bit varying(n)`` (alone: unbounded)."""
    if len(params) > 1:
        raise errors.InvalidParameterValue("invalid type modifier")
    if params:
        if params[0] < 1:
            raise errors.InvalidParameterValue(f"length for type {'bit' if kind == 'bit' else 'varbit'} must be at least 1")
        if params[0] > 83_886_080:
            raise errors.InvalidParameterValue(
                f"length for type {'bit' if kind == 'bit' else 'varbit'} cannot exceed 83886080"
            )
        return SqlType(kind, length=params[0])
    return SqlType(kind, length=1) if kind == "bit" else SqlType(kind)


def _unqualified(name: exp.Identifier, modifiers: list[exp.Expr]) -> exp.Expr:
    """``pg_catalog.<name>(<modifiers>)`` without its schema, parsed as a type name again
    (sqlglot reads only unqualified names as built-in types)."""
    text = name.sql(dialect="postgres") + (f"({', '.join(m.sql(dialect='postgres') for m in modifiers)})" if modifiers else "")
    node: Any = parse(f"SELECT NULL::{text}")[0].node
    to: exp.Expr = node.expressions[0].args["to"]
    return to


def sql_type(node: exp.Expr) -> SqlType:
    """The SqlType a type name denotes; 42704 for names that are not types."""
    if isinstance(node, exp.ObjectIdentifier):
        name = node.name.lower()
        if name in SYSTEM_KINDS:  # oid, regclass, regtype...
            return SqlType(name)
        raise errors.FeatureNotSupported(f"type {name} is not supported")
    if not isinstance(node, exp.DataType):
        raise syntax_error_near(node)
    t = node.this
    if t == DT.ARRAY:
        try:
            return array_of(sql_type(node.expressions[0]))
        except UndefinedType as e:
            raise UndefinedType(e.type_name + "[]") from None
    if t in _SERIALS:
        raise UndefinedType(_SERIALS[t])
    if t == DT.USERDEFINED:
        kind = node.args.get("kind")
        if isinstance(kind, exp.Identifier) and kind.this.startswith(QUOTED_TYPE_MARK):
            return _quoted_type(kind.this[1:], node.expressions)
        if isinstance(kind, exp.Dot) and isinstance(kind.expression, exp.Identifier) and kind.expression.this.startswith(
            QUOTED_TYPE_MARK
        ):
            name = kind.expression.this[1:]
            if kind.this.name != "pg_catalog":
                raise UndefinedType(f"{kind.this.name}.{name}")
            try:
                return _quoted_type(name, node.expressions)
            except errors.UndefinedObject:
                raise UndefinedType(f"pg_catalog.{name}") from None
        if isinstance(kind, exp.Dot) and isinstance(kind.expression, exp.Identifier) and kind.this.name == "pg_catalog":
            if kind.expression.name.lower() == "bit" and not node.expressions:
                return SqlType("bit")  # the type itself, unconstrained: bit(1) is the grammar's bare BIT
            try:  # (declared_type looked for a domain first)
                return sql_type(_unqualified(kind.expression, node.expressions))
            except errors.UndefinedObject:
                raise UndefinedType(f"pg_catalog.{kind.expression.name}") from None
        quoted = isinstance(kind, exp.Identifier) and kind.quoted
        name = kind.name if isinstance(kind, exp.Identifier) else str(kind)
        if not quoted:
            name = name.rstrip("\x00")  # sqlglot marks a name with modifiers (varbit(3)) with a NUL
        if (name if quoted else name.lower()) in SYSTEM_KINDS and name != "char" or (quoted and name == "char"):
            return SqlType(name if quoted else name.lower())  # the system catalogs' types ("char" quoted)
        mapped = _BY_NAME.get(name if isinstance(kind, exp.Identifier) and kind.quoted else name.lower())
        if mapped is None and name.lower() in _GEOMETRIC and not quoted:
            raise errors.FeatureNotSupported(f"datatype {name.lower()} not supported")
        if mapped is None:
            raise UndefinedType(name)
        if mapped == "varbit":
            return _bit_type("varbit", _params(node))
        return SqlType(mapped)
    if t in _UNSUPPORTED:
        if _UNSUPPORTED[t] in _GEOMETRIC:  # DSQL refuses these even in expressions
            raise errors.FeatureNotSupported(f"datatype {_UNSUPPORTED[t]} not supported")
        raise errors.FeatureNotSupported(f"type {_UNSUPPORTED[t]} is not supported by pydsql")
    kind = _SIMPLE.get(t)
    if kind is None:
        raise UndefinedType(node.sql(dialect="postgres").lower())
    params = _params(node)
    if kind == "bit":
        return _bit_type(kind, params)
    if kind in ("varchar", "bpchar"):
        if len(params) > 1:
            raise errors.SyntaxError(f'syntax error at or near ","')
        if params:
            if params[0] < 1:
                raise errors.InvalidParameterValue(
                    f"length for type {'varchar' if kind == 'varchar' else 'char'} must be at least 1"
                )
            if params[0] > 10_485_760:
                raise errors.InvalidParameterValue(
                    f"length for type {'varchar' if kind == 'varchar' else 'char'} cannot exceed 10485760"
                )
            return SqlType(kind, length=params[0])
        # char without a length is char(1); varchar without one is unbounded
        return SqlType(kind, length=1) if kind == "bpchar" and t != DT.BPCHAR else SqlType(kind)
    if kind == "numeric":
        if not params:
            return SqlType("numeric")
        precision = params[0]
        scale = params[1] if len(params) > 1 else 0
        if not 1 <= precision <= 1000:
            raise errors.InvalidParameterValue(f"NUMERIC precision {precision} must be between 1 and 1000")
        if not -1000 <= scale <= 1000:
            raise errors.InvalidParameterValue(f"NUMERIC scale {scale} must be between -1000 and 1000")
        return SqlType("numeric", precision=precision, scale=scale)
    if kind in ("float4", "float8") and params:
        p = params[0]
        if p < 1:
            raise errors.InvalidParameterValue("precision for type float must be at least 1 bit")
        if p > 53:
            raise errors.InvalidParameterValue("precision for type float must be less than 54 bits")
        return SqlType("float4" if p <= 24 else "float8")
    if kind in ("time", "timetz", "timestamp", "timestamptz", "interval") and params:
        p = params[0]
        if p < 0:
            raise errors.InvalidParameterValue(f"{kind.upper()}({p}) precision must not be negative")
        return SqlType(kind, precision=min(p, 6))
    if params:
        raise errors.SyntaxError(f'syntax error at or near "("')
    return SqlType(kind)


def user_type_name(node: exp.Expr) -> tuple[str | None, str] | None:
    """``(schema or None, name)`` of a type name that may be a domain."""
    if not isinstance(node, exp.DataType) or node.this != DT.USERDEFINED:
        return None
    kind = node.args.get("kind")
    if isinstance(kind, exp.Identifier):
        return None, kind.this.removeprefix(QUOTED_TYPE_MARK) if kind.quoted else kind.this.lower()
    if isinstance(kind, exp.Dot) and isinstance(kind.this, exp.Identifier) and isinstance(kind.expression, exp.Identifier):
        return kind.this.name, kind.expression.name.removeprefix(QUOTED_TYPE_MARK)
    return None


def find_domain(catalog: Catalog, schema: str | None, name: str, search_path: Sequence[str]) -> Domain | None:
    for s in [schema] if schema is not None else search_path:
        domain = catalog.domain(s, name)
        if domain is not None:
            return domain
    return None


def declared_type(node: exp.Expr, catalog: Catalog, search_path: Sequence[str]) -> tuple[SqlType, Domain | None]:
    """The type a column or a cast declares: a built-in type, or a domain (its base type and itself)."""
    named = user_type_name(node)
    if named is not None:
        domain = find_domain(catalog, named[0], named[1], search_path)
        if domain is not None:
            return domain.base, domain
        if named[0] is not None and named[0] not in ("pg_catalog", "information_schema"):
            if named[0] not in catalog.schemas:
                raise errors.InvalidSchemaName(f'schema "{named[0]}" does not exist')
            raise UndefinedType(f"{named[0]}.{named[1]}")
    return sql_type(node), None

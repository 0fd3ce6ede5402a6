"""The system catalogs: ``pg_catalog`` and ``information_schema`` relations, read-only.

ORMs, migration tools and drivers learn the schema by querying PostgreSQL's
catalogs (``pg_class``, ``pg_attribute``, ``pg_constraint``...) and the SQL
standard's ``information_schema`` views.  pydsql has no catalog tables: each
relation here is a *definition* -- name, OID, columns as PostgreSQL 16 declares
them, and a row function -- in one table, :data:`RELATIONS`.  A query reads a
system relation like any other FROM item: :class:`SystemScan` calls the row
function, and joins, filters and aggregates work on the rows as usual.

Invariants
----------

* **Computed per transaction.**  Rows are computed when the statement runs,
  from the :class:`~pydsql.catalog.Catalog` of the reading transaction
  (``ctx.txn.catalog``): the schema *as of the transaction's snapshot*, plus
  its own uncommitted DDL.  So the catalogs are MVCC-consistent with the data
  the same transaction reads.  Session-level relations (``pg_settings``) read
  the session.  Nothing is stored; a :class:`SystemCatalog` caches what is
  derived from one immutable catalog (it never goes stale).
* **Read-only.**  INSERT/UPDATE/DELETE fail as in DSQL, where ``admin`` is not
  a superuser: ``permission denied for table pg_class`` (42501) for catalog
  tables, ``cannot insert into view "pg_tables"`` (55000) for views.  No
  relation can be created in ``pg_catalog`` or ``information_schema``.
* **Names.**  ``pg_catalog`` is implicitly first on the search path (an
  unqualified ``pg_class`` is the catalog even if ``public.pg_class``
  exists), unless the search path names it elsewhere; ``information_schema``
  relations must be qualified (or the schema put on the search path).

OIDs
----

The cluster allocates ids from 16384 (PostgreSQL's first user OID) and never
reuses them; they are the OIDs of user objects: ``table_id`` of tables and
views (also the OID of their row type in ``pg_type``), ``index_id`` of indexes
(also the OID of the PRIMARY KEY/UNIQUE constraint an index implements:
PostgreSQL OIDs are unique per catalog, so that is unambiguous), the id of
CHECK and FOREIGN KEY constraints, and of schemas.  Column defaults, which
have no id of their own, get ``pg_attrdef`` OIDs derived from the table's
(``table_id * 1600 + attnum``).  Built-in objects have their PostgreSQL OIDs:
``pg_catalog`` 11, ``public`` 2200, types (:data:`pydsql.types.KINDS`), the
catalog relations themselves (``pg_class`` is 1259), access methods,
collations.  The one role, ``admin``, is OID 10 and owns everything; the
database ``postgres`` is OID 5.  Built-in functions in ``pg_proc`` are
numbered from :data:`_PROC_OID_BASE` in registration order (PostgreSQL's own
OIDs are not reproduced).

Deliberate differences from PostgreSQL
--------------------------------------

* ``pg_attrdef.adbin``, ``pg_constraint.conbin`` and ``pg_index.indpred`` hold
  the SQL text of the expression, not a node tree (``pg_get_expr`` reads it).
* ``pg_get_viewdef`` returns the view's stored query text, not PostgreSQL's
  re-deparsed form.
* No system columns (``ctid``, ``xmin``...) in ``pg_attribute``; catalog
  relations list no constraints or indexes of their own.
* ``pg_proc`` lists pydsql's built-in functions (not PostgreSQL's full set).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import errors
from ..catalog import Catalog, Check, Domain, ForeignKey, Index, Sequence as SequenceDef, Table, View
from ..types import INT8, KINDS, SqlType, array_of, kind_for_oid
from ..values import oids as O
from .dialect import clip_identifier
from .context import ExecContext
from .plan import Node, Row

if TYPE_CHECKING:
    from ..session import Session

PG_CATALOG = "pg_catalog"
INFORMATION_SCHEMA = "information_schema"

#: pg_namespace rows that always exist: name -> OID
BUILTIN_SCHEMAS: dict[str, int] = {"pg_catalog": 11, "pg_toast": 99, "public": 2200, "information_schema": 12404}
#: schemas where no relation can be created ("sys": DSQL's sys.jobs and sys.wait_for_job; not listed
#: in pg_namespace, which no recording shows and which ORMs' schema reflection would pick up)
SYSTEM_SCHEMAS = frozenset({PG_CATALOG, INFORMATION_SCHEMA, "pg_toast", "sys"})

ADMIN_OID = 10
DATABASE_OID = 5
DATABASE = "postgres"
USER = "admin"
HEAP_AM = 2
BTREE_AM = 403
DEFAULT_COLLATION = 100
_PROC_OID_BASE = 8000
_ATTRDEF_STRIDE = 1600  # PostgreSQL's MaxHeapAttributeNumber: attnums never reach it

# PostgreSQL 16's pg_type rows for pydsql's kinds and their array types:
# (oid, typname, typlen, typbyval, typtype, typcategory, typispreferred, typdelim, typrelid,
#  typsubscript, typelem, typarray, typinput, typoutput, typreceive, typsend, typmodin, typmodout,
#  typanalyze, typalign, typstorage, typcollation); regproc columns as (oid, name).
_P = tuple[int, str]
_TypeRow = tuple[int, str, int, bool, str, str, bool, str, int, _P, int, int, _P, _P, _P, _P, _P, _P, _P, str, str, int]


def _type_rows() -> dict[int, _TypeRow]:
    rows: dict[int, _TypeRow] = {}
    for r in _PG_TYPES:
        (oid, name, length, byval, typtype, cat, pref, delim, relid, sub_o, sub_n, elem, arr, in_o, in_n, out_o, out_n,
         recv_o, recv_n, send_o, send_n, modin_o, modin_n, modout_o, modout_n, an_o, an_n, align, storage, coll) = r
        rows[oid] = (
            oid, name, length, byval, typtype, cat, pref, delim, relid, (sub_o, sub_n), elem, arr, (in_o, in_n),
            (out_o, out_n), (recv_o, recv_n), (send_o, send_n), (modin_o, modin_n), (modout_o, modout_n),
            (an_o, an_n), align, storage, coll,
        )
    return rows


# -- relation definitions -------------------------------------------------------------------------


RowsFn = Callable[["SystemCatalog", "Session"], Iterable[dict[str, Any]]]


@dataclass(frozen=True, eq=False)
class SystemRelation:
    """A read-only relation computed from the catalog: one row of :data:`RELATIONS`."""

    schema: str
    name: str
    oid: int
    relkind: str  # "r" (a catalog table), "v" (a view) or "S" (a user's sequence read as a relation)
    columns: tuple[tuple[str, SqlType], ...]
    row_function: RowsFn

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def table_id(self) -> int:
        return self.oid

    def rows(self, sc: SystemCatalog, session: Session) -> list[Row]:
        names = [n for n, _ in self.columns]
        known = frozenset(names)
        out = []
        for d in self.row_function(sc, session):
            if not known.issuperset(d):
                raise AssertionError(f"{self.name}: unknown columns {sorted(set(d) - known)}")
            out.append(tuple(d.get(n) for n in names))
        return out

    def refuse_write(self, command: str) -> errors.Error:
        """The error INSERT/UPDATE/DELETE raises (DSQL's admin is not a superuser)."""
        if self.relkind == "S":
            return errors.WrongObjectType(f'cannot change sequence "{self.name}"')
        if self.relkind == "v":
            verb = {"INSERT": "insert into", "UPDATE": "update", "DELETE": "delete from"}.get(command, "change")
            action = {"INSERT": "inserting into", "UPDATE": "updating", "DELETE": "deleting from"}.get(command, "changing")
            word = {"INSERT": "INSERT", "UPDATE": "UPDATE", "DELETE": "DELETE"}.get(command, command)
            return errors.ObjectNotInPrerequisiteState(
                f'cannot {verb} view "{self.name}"',
                detail="Views that do not select from a single table or view are not automatically updatable.",
                hint=f"To enable {action} the view, provide an INSTEAD OF {word} trigger or an unconditional "
                f"ON {word} DO INSTEAD rule.",
            )
        return errors.InsufficientPrivilege(f"permission denied for table {self.name}")


#: The procedures pydsql knows (CALL; :mod:`.indexes` runs them): (schema, name) -> argument types.
PROCEDURES: dict[tuple[str, str], tuple[SqlType, ...]] = {("sys", "wait_for_job"): (SqlType("text"),)}

#: (schema, name) -> definition; filled by :func:`_relation` below.
RELATIONS: dict[tuple[str, str], SystemRelation] = {}

_DOMAINS = {  # information_schema's domains, as their base types (what the wire reports)
    "information_schema.sql_identifier": "name",
    "information_schema.character_data": "character varying",
    "information_schema.cardinal_number": "integer",
    "information_schema.yes_or_no": "character varying(3)",
    "information_schema.time_stamp": "timestamp(2) with time zone",
}

_SPEC_TYPES = {
    "oid": "oid", "name": "name", '"char"': "char", "smallint": "int2", "integer": "int4", "bigint": "int8",
    "real": "float4", "boolean": "bool", "text": "text", "regproc": "regproc", "regtype": "regtype",
    "int2vector": "int2vector", "oidvector": "oidvector", "pg_node_tree": "pg_node_tree", "xid": "xid",
    "aclitem": "aclitem", "anyarray": "anyarray", "character varying": "varchar",
    "timestamp with time zone": "timestamptz", "bytea": "bytea",
}


@functools.cache  # the ~550 columns declared at import share a few dozen types (SqlType is immutable)
def _spec_type(text: str) -> SqlType:
    text = _DOMAINS.get(text, text)
    if text.endswith("[]"):
        return array_of(_spec_type(text[:-2]))
    if text == "character varying(3)":
        return SqlType("varchar", length=3)
    if text == "timestamp(2) with time zone":
        return SqlType("timestamptz", precision=2)
    return SqlType(_SPEC_TYPES[text])


def _relation(qualified: str, oid: int, relkind: str, spec: str) -> Callable[[RowsFn], RowsFn]:
    """Register the decorated row function as the relation ``qualified`` (columns as PostgreSQL 16's)."""
    schema, name = qualified.split(".")
    columns = []
    for part in spec.split(","):
        col, _, type_text = part.strip().partition(" ")
        columns.append((col, _spec_type(type_text.strip())))

    def register(fn: RowsFn) -> RowsFn:
        RELATIONS[(schema, name)] = SystemRelation(schema, name, oid, relkind, tuple(columns), fn)
        return fn

    return register


def quote_ident(name: str) -> str:
    """:func:`pydsql.values.formatting.quote_ident`, imported on first use (the formatting
    module is slow to import and only catalog queries need it here)."""
    from ..values.formatting import quote_ident as quote

    return quote(name)


def relation(schema: str, name: str) -> SystemRelation | None:
    return RELATIONS.get((schema, name))


def effective_path(search_path: Sequence[str]) -> tuple[str, ...]:
    """The schemas unqualified names are looked up in: ``pg_catalog`` first unless the path names it."""
    return tuple(search_path) if PG_CATALOG in search_path else (PG_CATALOG, *search_path)


def lookup(catalog: Catalog, schema: str | None, name: str, search_path: Sequence[str]) -> Table | View | SystemRelation | None:
    """The relation a name in FROM refers to: ``schema.name``, or the first match on the search path."""
    if schema is not None:
        return catalog.relation(schema, name) or RELATIONS.get((schema, name)) or _sequence_relation(catalog, schema, name)
    for s in effective_path(search_path):
        found = (
            RELATIONS.get((s, name)) if s in SYSTEM_SCHEMAS
            else catalog.relation(s, name) or _sequence_relation(catalog, s, name)
        )
        if found is not None:
            return found
    return None


def _sequence_relation(catalog: Catalog, schema: str, name: str) -> SystemRelation | None:
    """A sequence read as a relation (``SELECT * FROM s``): one row, its counter as the
    cluster holds it (``log_cnt``, PostgreSQL's WAL bookkeeping, is always 0)."""
    seq = catalog.sequence(schema, name)
    if seq is None:
        return None

    def row(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
        last_value, is_called = session.cluster.sequence_values.peek(seq)
        yield {"last_value": last_value, "log_cnt": 0, "is_called": is_called}

    columns = (("last_value", INT8), ("log_cnt", INT8), ("is_called", SqlType("bool")))
    return SystemRelation(seq.schema, seq.name, seq.table_id, "S", columns, row)


def refuse_create(schema: str, name: str) -> None:
    """CREATE TABLE/VIEW in a system schema: DSQL's admin may not (42501)."""
    if schema == PG_CATALOG:
        raise errors.InsufficientPrivilege(f'permission denied to create "{schema}.{name}"')
    if schema in SYSTEM_SCHEMAS:
        raise errors.InsufficientPrivilege(f"permission denied for schema {schema}")


# -- the plan node ------------------------------------------------------------------------------------


class SystemScan(Node):
    """Reads a system relation: its rows, computed from the transaction's catalog."""

    def __init__(self, rel: SystemRelation) -> None:
        self.rel = rel

    def rows(self, ctx: ExecContext) -> list[Row]:
        return self.rel.rows(SystemCatalog.of(ctx), ctx.session)

    def explain_line(self) -> str:
        return f"Seq Scan on {self.rel.name}"


# -- what the relations are computed from ------------------------------------------------------------


class Rel(NamedTuple):
    """A pg_class row's object: a table, view, index or catalog relation."""

    oid: int
    schema: str
    name: str
    relkind: str  # r, v, i, S
    obj: Table | View | SystemRelation | SequenceDef | None
    table: Table | None = None  # an index's table
    idx: Index | None = None


#: pg_constraint's action letters as SQL (pg_get_constraintdef, information_schema)
_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


class Constraint(NamedTuple):
    oid: int
    name: str
    contype: str  # p, u, c, f
    table: Table
    attnums: tuple[int, ...]
    idx: Index | None = None
    check: str | None = None  # CHECK: the expression's SQL text
    fk: ForeignKey | None = None
    ref_table: Table | None = None
    ref_attnums: tuple[int, ...] = ()
    ref_index: Index | None = None
    valid: bool = True  # convalidated: false for a NOT VALID constraint not validated yet


class SystemCatalog:
    """What is derived from one catalog and search path, computed on demand and cached.

    It is also the :class:`~pydsql.values.oids.ObjectNames` the ``reg*`` types
    read and print names with.
    """

    _cache: dict[tuple[int, tuple[str, ...]], tuple[Catalog, SystemCatalog]] = {}

    def __init__(self, catalog: Catalog, search_path: Sequence[str]) -> None:
        self.catalog = catalog
        self.search_path = tuple(search_path)

    @classmethod
    def get(cls, catalog: Catalog, search_path: Sequence[str]) -> SystemCatalog:
        key = (id(catalog), tuple(search_path))
        entry = cls._cache.get(key)
        if entry is not None and entry[0] is catalog:
            return entry[1]
        if len(cls._cache) > 64:
            cls._cache.clear()
        sc = cls(catalog, search_path)
        cls._cache[key] = (catalog, sc)
        return sc

    @classmethod
    def of(cls, ctx: ExecContext) -> SystemCatalog:
        return cls.get(ctx.txn.catalog, ctx.session.search_path())

    # -- schemas ------------------------------------------------------------------------------------

    @functools.cached_property
    def namespaces(self) -> dict[str, int]:
        out = {s: oid for s, oid in BUILTIN_SCHEMAS.items()}
        for s in sorted(self.catalog.schemas):
            if s not in out:
                out[s] = self.catalog.schema_oids.get(s) or _fallback_oid(s)
        return out

    @functools.cached_property
    def namespace_names(self) -> dict[int, str]:
        return {oid: s for s, oid in self.namespaces.items()}

    def nsp(self, schema: str) -> int:
        return self.namespaces.get(schema, 0)

    @functools.cached_property
    def path(self) -> tuple[str, ...]:
        """The effective search path: existing schemas, pg_catalog first unless placed."""
        return tuple(s for s in effective_path(self.search_path) if s in self.namespaces)

    # -- relations ------------------------------------------------------------------------------------

    @functools.cached_property
    def relations(self) -> dict[int, Rel]:
        out: dict[int, Rel] = {}
        for rel in RELATIONS.values():
            out[rel.oid] = Rel(rel.oid, rel.schema, rel.name, rel.relkind, rel)
        for t in self.tables:
            out[t.table_id] = Rel(t.table_id, t.schema, t.name, "r", t)
            for index in _indexes(t):
                out[index.index_id] = Rel(index.index_id, t.schema, index.name, "i", None, t, index)
        for v in sorted(self.catalog.views.values(), key=lambda v: v.table_id):
            out[v.table_id] = Rel(v.table_id, v.schema, v.name, "v", v)
        for q in sorted(self.catalog.sequences.values(), key=lambda q: q.table_id):
            out[q.table_id] = Rel(q.table_id, q.schema, q.name, "S", q)
        return out

    @functools.cached_property
    def sequences(self) -> list[SequenceDef]:
        return sorted(self.catalog.sequences.values(), key=lambda q: q.table_id)

    def owned_sequence(self, table: Table, column: str) -> SequenceDef | None:
        """The sequence of an identity column, else the first one OWNED BY ``table.column``."""
        position = table.position(column)
        if position is not None and table.columns[position].sequence:
            return self.catalog.sequence_by_id(table.columns[position].sequence)
        return next((q for q in self.sequences if q.owner == (table.table_id, column)), None)

    @functools.cached_property
    def tables(self) -> list[Table]:
        return sorted(self.catalog.tables.values(), key=lambda t: t.table_id)

    @functools.cached_property
    def by_name(self) -> dict[tuple[str, str], Rel]:
        return {(r.schema, r.name): r for r in self.relations.values()}

    def find_relation(self, schema: str | None, name: str) -> Rel | None:
        if schema is not None:
            return self.by_name.get((schema, name))
        for s in self.path:
            r = self.by_name.get((s, name))
            if r is not None:
                return r
        return None

    def visible(self, oid: int) -> bool:
        """pg_table_is_visible: the relation is what its unqualified name finds."""
        r = self.relations.get(oid)
        return r is not None and self.find_relation(None, r.name) is r

    def relation_text(self, oid: int) -> str:
        r = self.relations.get(oid)
        if r is None:
            return str(oid)
        name = quote_ident(r.name)
        return name if self.visible(oid) else f"{quote_ident(r.schema)}.{name}"

    def table_by_oid(self, oid: int) -> Table | None:
        r = self.relations.get(oid)
        return r.obj if r is not None and isinstance(r.obj, Table) else None

    def referenced_table(self, table: Table, fk: ForeignKey) -> Table | None:
        return self.catalog.table(fk.ref_schema or table.schema, fk.ref_table)

    @functools.cached_property
    def referenced_tables(self) -> frozenset[int]:
        out = set()
        for t in self.tables:
            for fk in t.foreign_keys:
                ref = self.referenced_table(t, fk)
                if ref is not None:
                    out.add(ref.table_id)
        return frozenset(out)

    # -- constraints ---------------------------------------------------------------------------------

    @functools.cached_property
    def constraints(self) -> list[Constraint]:
        out: list[Constraint] = []
        derived = itertools.count(1)
        for t in self.tables:
            for index in _indexes(t):
                if index.constraint:
                    attnums = tuple(i + 1 for i in index.columns)
                    out.append(Constraint(index.index_id, index.name, "p" if index.primary else "u", t, attnums, index))
            for check in t.checks:
                attnums = _referenced_attnums(t, check.expression)
                oid = check.oid or _derived_constraint_oid(t, next(derived))
                out.append(Constraint(oid, check.name, "c", t, attnums, check=check.expression, valid=check.valid))
            for fk in t.foreign_keys:
                ref = self.referenced_table(t, fk)
                ref_attnums: tuple[int, ...] = ()
                ref_index = None
                if ref is not None:
                    if fk.ref_columns:
                        ref_attnums = tuple((ref.position(c) or 0) + 1 for c in fk.ref_columns)
                    elif ref.primary_key is not None:
                        ref_attnums = tuple(i + 1 for i in ref.primary_key.columns)
                    wanted = tuple(a - 1 for a in ref_attnums)
                    ref_index = next(
                        (i for i in ref.unique_indexes if sorted(i.columns) == sorted(wanted)), None
                    )
                oid = fk.oid or _derived_constraint_oid(t, next(derived))
                out.append(Constraint(
                    oid, fk.name, "f", t, tuple(i + 1 for i in fk.columns), fk=fk, ref_table=ref,
                    ref_attnums=ref_attnums, ref_index=ref_index, valid=fk.valid,
                ))
        return out

    @functools.cached_property
    def constraint_by_oid(self) -> dict[int, Constraint]:
        return {c.oid: c for c in self.constraints}

    @functools.cached_property
    def domain_constraints(self) -> dict[int, tuple[Domain, Check]]:
        """The CHECK constraints of domains by oid (pg_constraint rows with contypid set)."""
        return {c.oid: (d, c) for d in self.catalog.domains.values() for c in d.checks}

    def constraint_def(self, c: Constraint, pretty: bool = False) -> str:
        """pg_get_constraintdef."""
        t = c.table
        if c.contype in ("p", "u"):
            cols = ", ".join(quote_ident(t.columns[a - 1].name) for a in c.attnums)
            kind = "PRIMARY KEY" if c.contype == "p" else "UNIQUE"
            nnd = " NULLS NOT DISTINCT" if c.idx is not None and c.idx.nulls_not_distinct else ""
            return f"{kind}{nnd} ({cols})"
        not_valid = "" if c.valid else " NOT VALID"
        if c.contype == "c":
            return f"CHECK ({expression_text(t, c.check or '', pretty)}){not_valid}"
        assert c.fk is not None
        cols = ", ".join(quote_ident(t.columns[a - 1].name) for a in c.attnums)
        if c.ref_table is not None:
            ref = c.ref_table
            ref_name = self.relation_text(ref.table_id)
            ref_cols = ", ".join(quote_ident(ref.columns[a - 1].name) for a in c.ref_attnums if 0 < a <= len(ref.columns))
        else:
            ref_name, ref_cols = quote_ident(c.fk.ref_table), ", ".join(quote_ident(n) for n in c.fk.ref_columns)
        fk = c.fk
        text = f"FOREIGN KEY ({cols}) REFERENCES {ref_name}({ref_cols})"
        if fk.match == "f":
            text += " MATCH FULL"
        if fk.on_update != "a":
            text += f" ON UPDATE {_FK_ACTIONS[fk.on_update]}"
        if fk.on_delete != "a":
            text += f" ON DELETE {_FK_ACTIONS[fk.on_delete]}"
            if fk.delete_set_columns is not None:
                text += f" ({', '.join(quote_ident(t.columns[a].name) for a in fk.delete_set_columns)})"
        if fk.deferrable:
            text += " DEFERRABLE"
        if fk.initially_deferred:
            text += " INITIALLY DEFERRED"
        return text + not_valid

    def index_def(self, table: Table, index: Index, column: int = 0) -> str:
        """pg_get_indexdef (DSQL names its access method ``btree_index``)."""
        def name(i: int) -> str:
            return quote_ident(table.columns[i].name)

        cols = []
        for k, c in enumerate(index.columns):
            text = index.expressions[k] if c < 0 else None
            if text is None:
                cols.append(name(c))
            else:  # ruleutils.c: expression keys that do not look like calls are parenthesized
                shown = expression_text(table, text)
                cols.append(shown if _looks_like_function(text) else f"({shown})")
        if column:
            return cols[column - 1] if 0 < column <= len(cols) else ""
        unique = "UNIQUE " if index.unique else ""
        include = f" INCLUDE ({', '.join(name(i) for i in index.include)})" if index.include else ""
        nnd = " NULLS NOT DISTINCT" if index.nulls_not_distinct else ""
        where = f" WHERE {expression_text(table, index.predicate)}" if index.predicate is not None else ""
        target = f"{quote_ident(table.schema)}.{quote_ident(table.name)}"
        return (
            f"CREATE {unique}INDEX {quote_ident(index.name)} ON {target} USING btree_index ({', '.join(cols)})"
            f"{include}{nnd}{where}"
        )

    def view_def(self, view: View) -> str:
        return view.query

    # -- types ------------------------------------------------------------------------------------

    def type_name(self, oid: int, typmod: int | None = None) -> str:
        """format_type(oid, typmod)."""
        if oid == 0:
            return "-"
        row = _TYPES.get(oid)
        if row is not None and row[10] and row[2] == -1 and row[4] == "b" and row[5] == "A" and oid not in (22, 30):
            return self.type_name(row[10], typmod) + "[]"
        kind = kind_for_oid(oid)
        if kind is None or kind == "array":
            r = self.relations.get(oid)
            if r is not None and r.relkind in ("r", "v"):
                return self.relation_text(oid)
            domain = self.domains_by_oid.get(oid)
            if domain is not None:  # qualified unless its schema is on the search path
                name = quote_ident(domain.name)
                return name if domain.schema in self.path else f"{quote_ident(domain.schema)}.{name}"
            return "???"
        return _format_kind(kind, typmod)

    @functools.cached_property
    def domains_by_oid(self) -> dict[int, Domain]:
        return {d.table_id: d for d in self.catalog.domains.values()}

    def type_oid(self, text: str) -> int | None:
        from .datatypes import declared_type

        type_name = type_name_node(text)
        try:
            t, domain = declared_type(type_name, self.catalog, self.path)
            if domain is not None:
                return domain.table_id
        except errors.Error:
            r = self.find_relation(None, text)
            return r.oid if r is not None and r.relkind in ("r", "v") else None
        return t.oid

    # -- reg* names (pydsql.values.oids.ObjectNames) ---------------------------------------------------

    def oid_of(self, kind: str, text: str, missing_ok: bool = False) -> int | None:
        if kind == "regclass":
            schema, name = _qualified_name(text)
            r = self.find_relation(schema, name)
            if r is None:
                if missing_ok:
                    return None
                shown = f"{schema}.{name}" if schema else name
                raise errors.UndefinedTable(f'relation "{shown}" does not exist')
            return r.oid
        if kind == "regtype":
            oid = self.type_oid(text)
            if oid is None and not missing_ok:
                raise errors.UndefinedObject(f'type "{text.strip()}" does not exist')
            return oid
        if kind == "regnamespace":
            _, name = _qualified_name(text)
            if name in self.namespaces:
                return self.namespaces[name]
            if missing_ok:
                return None
            raise errors.InvalidSchemaName(f'schema "{name}" does not exist')
        if kind == "regrole":
            _, name = _qualified_name(text)
            if name == USER:
                return ADMIN_OID
            if name in self.catalog.roles:
                return self.catalog.roles[name].table_id
            if missing_ok:
                return None
            raise errors.UndefinedObject(f'role "{name}" does not exist')
        _, name = _qualified_name(text)
        found = [oid for oid, (n, *_rest) in _procs().items() if n == name]
        if len(found) == 1:
            return found[0]
        if missing_ok:
            return None
        if not found:
            raise errors.UndefinedFunction(f'function "{name}" does not exist')
        raise errors.AmbiguousFunction(f'more than one function named "{name}"')

    def name_of(self, kind: str, oid: int) -> str:
        if kind == "regclass":
            return self.relation_text(oid)
        if kind == "regtype":
            name = self.type_name(oid)
            return str(oid) if name == "???" else name
        if kind == "regnamespace":
            return quote_ident(self.namespace_names[oid]) if oid in self.namespace_names else str(oid)
        if kind == "regrole":
            if oid == ADMIN_OID:
                return USER
            return next((r.name for r in self.catalog.roles.values() if r.table_id == oid), str(oid))
        proc = _procs().get(oid)
        return proc[0] if proc is not None else str(oid)


def _fallback_oid(name: str) -> int:
    """A schema made without an id (catalogs built directly): a stable number from its name."""
    import zlib

    return 0x40000000 + (zlib.crc32(name.encode()) & 0x3FFFFFFF)


def _derived_constraint_oid(t: Table, n: int) -> int:
    return 0x40000000 + (t.table_id * 64 + n) % 0x3FFFFFFF


def _looks_like_function(text: str) -> bool:
    """ruleutils.c's looks_like_function: a function call (or COALESCE, GREATEST, LEAST)."""
    from sqlglot import exp

    from .dialect import parse_expression

    return isinstance(parse_expression(text), (exp.Anonymous, exp.Coalesce, exp.Greatest, exp.Least))


def index_column_names(table: Table, index: Index) -> list[str]:
    """The attribute names of an index (pg_attribute): key columns, ``expr``/the function's
    name for an expression key (numbered when repeated, as PostgreSQL), INCLUDE columns."""
    from sqlglot import exp

    from .dialect import function_name, parse_expression

    names: list[str] = []
    for k, c in enumerate(index.columns + index.include):
        if c >= 0:
            base = table.columns[c].name
        else:
            node = parse_expression(index.expressions[k] or "")
            base = function_name(node) if isinstance(node, exp.Anonymous) else "expr"
        candidate, n = base, 0
        while candidate in names:
            n += 1
            candidate = f"{base}{n}"
        names.append(candidate)
    return names


def _indexes(t: Table) -> list[Index]:
    return ([t.primary_key] if t.primary_key is not None else []) + list(t.indexes)


def _qualified_name(text: str) -> tuple[str | None, str]:
    """``schema.name`` as PostgreSQL reads a qualified name (unquoted parts lower-cased)."""
    parts: list[str] = []
    s = text.strip()
    i = 0
    while True:
        if i < len(s) and s[i] == '"':
            j = i + 1
            buf = []
            while True:
                if j >= len(s):
                    raise errors.InvalidName("invalid name syntax")
                if s[j] == '"':
                    if j + 1 < len(s) and s[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(s[j])
                j += 1
            parts.append(clip_identifier("".join(buf)))
            i = j + 1
        else:
            j = i
            while j < len(s) and s[j] != ".":
                j += 1
            part = s[i:j].strip()
            if not part:
                raise errors.InvalidName("invalid name syntax")
            parts.append(clip_identifier(part.lower()))
            i = j
        while i < len(s) and s[i] == " ":
            i += 1
        if i >= len(s):
            break
        if s[i] != ".":
            raise errors.InvalidName("invalid name syntax")
        i += 1
    if len(parts) > 3:
        raise errors.SyntaxError(f"improper relation name (too many dotted names): {text.strip()}")
    if len(parts) == 3:
        if parts[0] != DATABASE:
            raise errors.FeatureNotSupported(f"cross-database references are not implemented: {text.strip()}")
        parts = parts[1:]
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def _referenced_attnums(t: Table, expression: str) -> tuple[int, ...]:
    from sqlglot import exp

    from .dialect import parse_expression

    names = {c.name for c in parse_expression(expression).find_all(exp.Column)}
    return tuple(i + 1 for i, c in enumerate(t.columns) if c.name in names)


@functools.lru_cache(maxsize=4096)
def stored_default(text: str | None) -> str | None:
    """A column's DEFAULT as PostgreSQL stores it: a NULL default is no default at all."""
    if text is None:
        return None
    from sqlglot import exp

    from .dialect import parse_expression

    node = parse_expression(text)
    while isinstance(node, (exp.Cast, exp.Paren)):
        node = node.this
    return None if isinstance(node, exp.Null) else text


@functools.lru_cache(maxsize=1024)
def relation_dependencies(text: str) -> frozenset[int]:
    """The OIDs of the relations a stored expression names: its ``N::regclass`` constants
    (DDL stores ``nextval('s')`` as ``nextval(16384::regclass)``, as PostgreSQL stores an OID)."""
    from sqlglot import exp

    from .dialect import parse_expression

    return frozenset(
        int(n.this.this) for n in parse_expression(text).find_all(exp.Cast)
        if isinstance(n.this, exp.Literal) and not n.this.is_string and n.to.sql(dialect="postgres").lower() == "regclass"
    )


class NodeTree(str):
    """A ``pg_node_tree`` value: the expression's SQL text, and the type a column default is
    stored as (PostgreSQL's node tree includes that coercion; pg_get_expr needs it)."""

    target: SqlType | None

    def __new__(cls, text: str, target: SqlType | None = None) -> NodeTree:
        self = super().__new__(cls, text)
        self.target = target
        return self


def expression_text(table: Table | None, text: str, pretty: bool = False) -> str:
    """The text pg_get_expr prints for a stored expression (a default, a CHECK condition),
    deparsed as PostgreSQL's ruleutils.c does; the stored text itself if pydsql cannot."""
    key: tuple[Any, ...] = (table.table_id if table is not None else 0, str(text), getattr(text, "target", None), pretty)
    if "regclass" in text.lower():  # names printed for stored OIDs follow renames: not cached
        key = ()
    found = _DEPARSED.get(key)
    if found is None:
        if len(_DEPARSED) > 4096:
            _DEPARSED.clear()
        try:
            found = _Deparser(table, text, pretty).run(getattr(text, "target", None))
        except Exception:  # a form the deparser does not know: show the stored text
            found = str(text)
        if key:
            _DEPARSED[key] = found
    return found


_DEPARSED: dict[tuple[Any, ...], str] = {}


def domain_check_text(domain: Domain, text: str, pretty: bool = False) -> str:
    """A domain's CHECK expression as pg_get_constraintdef prints it (the value is ``VALUE``)."""
    try:
        deparser = _Deparser(None, text, pretty)
        deparser.columns = [("value", domain.base)]
        deparser.value_keyword = True
        return deparser.run(None)
    except Exception:  # a form the deparser does not know: show the stored text
        return text

#: SQL-standard functions PostgreSQL prints as keywords (SQLValueFunction), by pydsql's function name
_KEYWORD_FUNCTIONS = {
    "current_date": "CURRENT_DATE", "current_time": "CURRENT_TIME", "localtime": "LOCALTIME",
    "localtimestamp": "LOCALTIMESTAMP", "current_user": "CURRENT_USER", "session_user": "SESSION_USER",
    "user": "USER", "current_role": "CURRENT_ROLE", "current_schema": "CURRENT_SCHEMA",
}
_LIKE_OPERATORS = {"LIKE": "~~", "NOT LIKE": "!~~", "ILIKE": "~~*", "NOT ILIKE": "!~~*"}
_OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")


class _Deparser:
    """ruleutils.c's get_rule_expr over pydsql's typed expressions (the forms defaults and
    CHECK constraints use).  ``pretty`` is pg_get_expr/pg_get_constraintdef's pretty flag:
    redundant parentheses are left out."""

    def __init__(self, table: Table | None, text: str, pretty: bool) -> None:
        from sqlglot import exp

        from .dialect import parse_expression

        self.table = table
        self.pretty = pretty
        self.indent = 0
        self.tree = parse_expression(str(text))
        #: CURRENT_TIMESTAMP was written (pydsql analyzes it as now())
        self.keyword_now = any(isinstance(n, exp.CurrentTimestamp) for n in self.tree.walk())
        self.columns = [(c.name, c.type) for c in table.columns] if table is not None else []
        self.value_keyword = False  # a domain's CHECK: its one column is VALUE

    def run(self, target: SqlType | None) -> str:
        from ..values.registry import ASSIGNMENT
        from .analyze import Analyzer, Scope
        from .coerce import coerce

        scope = Scope()
        scope.add(self.table.name if self.table is not None else "", self.columns)
        e = Analyzer(Catalog.empty(), []).expr(self.tree, scope, aggregates="DEFAULT expressions")
        show_implicit = False
        if target is not None:
            # only the coercion to the column's type is implicit: a cast written at the top
            # (``DEFAULT x::text`` into text) stays, as in PostgreSQL's stored tree
            show_implicit = e.type == target
            e = coerce(e, target, ASSIGNMENT)
        return re.sub(r" +\n", "\n", self.expr(e, show_implicit=show_implicit))

    def expr(self, e: Any, show_implicit: bool = True, parent: str | None = None) -> str:
        """``e`` as an operand of a ``parent`` kind of node (None: a function argument or the top)."""
        text, kind = self.node(e, show_implicit)
        if kind == "atom":
            return text
        if not self.pretty:
            return f"({text})"
        needs = (
            parent in ("op", "cast") or (parent == "and" and kind == "or")
            or (parent == "not" and kind in ("and", "or"))
        )
        return f"({text})" if needs else text

    def node(self, e: Any, show_implicit: bool) -> tuple[str, str]:
        """(text without enclosing parentheses, kind: atom, op, and, or, not, is)."""
        from .expr import And, Call, Case, Coalesce, ColumnRef, Const, ContextCall, InList, IsNull, Not, Or

        if isinstance(e, Const):
            return self.const(e.value, e.type), "atom"
        if isinstance(e, ColumnRef):
            name, declared = self.columns[e.index]
            shown = "VALUE" if self.value_keyword else quote_ident(name)
            if declared.base != e.type.base and show_implicit:  # relabeled (varchar read as text)
                return self.cast_text(shown, e.type), "atom"
            return shown, "atom"
        if isinstance(e, ContextCall):
            if e.name == "now" and self.keyword_now:
                return "CURRENT_TIMESTAMP", "atom"
            if e.name in _KEYWORD_FUNCTIONS and not e.args:
                return _KEYWORD_FUNCTIONS[e.name], "atom"
            return f"{e.name}({', '.join(self.expr(a) for a in e.args)})", "atom"
        if isinstance(e, Call):
            return self.call(e, show_implicit)
        if isinstance(e, (And, Or)):
            kind = "and" if isinstance(e, And) else "or"
            return f" {kind.upper()} ".join(self.expr(a, parent=kind) for a in e.args), kind
        if isinstance(e, Not):
            return f"NOT {self.expr(e.children()[0], parent='not')}", "not"
        if isinstance(e, IsNull):
            test = "IS NOT NULL" if getattr(e, "negate", False) else "IS NULL"
            return f"{self.expr(e.children()[0], parent='op')} {test}", "is"
        if isinstance(e, InList):
            return self.in_list(e)
        if isinstance(e, Case):  # PostgreSQL indents CASE even when not pretty (PRETTYFLAG_INDENT)
            outer = " " * self.indent
            self.indent += 4
            inner = " " * self.indent
            parts = [f"\n{outer}CASE"]
            for cond, result in e.whens:
                parts.append(f"\n{inner}WHEN {self.expr(cond)} THEN {self.expr(result)}")
            parts.append(f"\n{inner}ELSE {self.expr(e.default)}")
            self.indent -= 4
            parts.append(f"\n{outer}END")
            return "".join(parts), "atom"
        if isinstance(e, Coalesce):
            return f"COALESCE({', '.join(self.expr(a) for a in e.args)})", "atom"
        raise NotImplementedError(type(e).__name__)

    def const(self, value: Any, t: SqlType) -> str:
        from ..values.catalog import output_function

        label = self.type_name(t.base if t.kind != "array" else t)
        if value is None:
            return "NULL" if t.kind == "unknown" else f"NULL::{label}"
        if t.kind == "bool":
            return "true" if value else "false"
        if t.kind in O.REG_KINDS:  # an OID prints as the object's name, read in the current catalog
            value = O.object_name(t.kind, int(value))
        text = output_function(t)(value) if t.kind != "unknown" else str(value)
        quoted = "'" + text.replace("'", "''") + "'"
        if "\\" in text:
            quoted = "E" + quoted.replace("\\", "\\\\")
        if t.kind == "bpchar" and t.length is not None:  # the literal, before its length coercion
            quoted = "'" + text.rstrip(" ").replace("'", "''") + "'"
        if t.kind == "int4":
            return text if not text.startswith("-") else f"{quoted}::{label}"
        if t.kind == "numeric" and text[:1].isdigit() and any(c in text for c in "eE."):
            return text
        if t.kind == "unknown":
            return quoted
        return f"{quoted}::{label}"

    def type_name(self, t: SqlType) -> str:
        if t.kind == "array":
            return self.type_name(t.elem) + "[]" if t.elem is not None else "anyarray"
        return _format_kind(t.kind, typmod(t))

    def cast_text(self, arg: str, t: SqlType) -> str:
        return f"{arg}::{self.type_name(t)}" if self.pretty else f"({arg})::{self.type_name(t)}"

    @staticmethod
    def is_operator(e: Any) -> bool:
        return bool(e.name) and (all(c in _OPERATOR_CHARS for c in e.name) or e.name in _LIKE_OPERATORS)

    def call(self, e: Any, show_implicit: bool) -> tuple[str, str]:
        from .expr import Const

        name = e.name
        if name.startswith("::"):  # a cast; implicit ones are hidden at the top (showimplicit)
            (arg,) = e.args
            if not show_implicit:
                return self.node(arg, False)
            if isinstance(arg, Const) and arg.type.base == e.type.base:
                return f"{self.const(arg.value, arg.type)}::{self.type_name(e.type)}", "atom"
            if isinstance(arg, Const) and e.type.kind in O.REG_KINDS and isinstance(arg.value, int):
                return self.const(arg.value, e.type), "atom"  # a stored OID: a constant of the reg* type
            inner = self.expr(arg, parent="cast")
            return (f"{inner}::{self.type_name(e.type)}" if self.pretty else f"({inner})::{self.type_name(e.type)}"), "atom"
        if self.is_operator(e):
            op = _LIKE_OPERATORS.get(name, name)
            if len(e.args) == 1:
                return f"{op} {self.expr(e.args[0], parent='op')}", "op"
            left, right = e.args
            left_text = self.expr(left, parent="op")
            if op in ("~~", "!~~", "~~*", "!~~*") and left.type.kind == "varchar":
                left_text = self.cast_text(left_text, SqlType("text"))  # LIKE is text ~~ text
            return f"{left_text} {op} {self.expr(right, parent='op')}", "op"
        return f"{name}({', '.join(self.expr(a) for a in e.args)})", "atom"

    def in_list(self, e: Any) -> tuple[str, str]:
        """``x IN (...)``: PostgreSQL's ``x = ANY (ARRAY[...])`` for the items without columns."""
        from .expr import ColumnRef

        arg = self.expr(e.arg, parent="op")
        constants = [i for i in e.items if not any(isinstance(n, ColumnRef) for n in i.walk())]
        if len(constants) < 2:
            constants = []
        others = [i for i in e.items if all(i is not c for c in constants)]
        op, quantifier, joiner = ("<>", "ALL", "and") if e.negate else ("=", "ANY", "or")
        parts = []
        if constants:
            parts.append(f"{arg} {op} {quantifier} (ARRAY[{', '.join(self.expr(i) for i in constants)}])")
        parts += [f"{arg} {op} {self.expr(i, parent='op')}" for i in others]
        if len(parts) == 1:
            return parts[0], "op"
        wrapped = [f"({p})" if not self.pretty else p for p in parts]
        return f" {joiner.upper()} ".join(wrapped), joiner


# -- types: typmods and names ----------------------------------------------------------------------------


def typmod(t: SqlType) -> int:
    """pg_attribute.atttypmod of a column of type ``t``."""
    if t.kind == "array" and t.elem is not None:
        return typmod(t.elem)
    if t.kind in ("varchar", "bpchar") and t.length is not None:
        return t.length + 4
    if t.kind == "numeric" and t.precision is not None:
        return ((t.precision << 16) | ((t.scale or 0) & 0x7FF)) + 4  # (PostgreSQL 15+: an 11-bit signed scale)
    if t.kind in ("time", "timetz", "timestamp", "timestamptz") and t.precision is not None:
        return t.precision
    if t.kind == "interval" and t.precision is not None:
        return (0x7FFF << 16) | t.precision
    if t.kind in ("bit", "varbit") and t.length is not None:
        return t.length
    return -1



def type_name_node(text: str) -> Any:
    """``text`` parsed as one type name (a sqlglot DataType), as PostgreSQL's parseTypeString
    reads a reg* input: anything after the type name is a syntax error at that token
    (``'a b'::regtype``: at or near "b"), and so is text that starts no type name."""
    if not text.strip():
        raise errors.SyntaxError(f'invalid type name "{text}"')
    cast = _only_cast(text)
    if cast is not None:
        return cast
    from .dialect import DSQL

    try:
        tokens = DSQL().tokenize(text)
    except Exception:  # noqa: BLE001 - an unterminated quote: nothing to point at but the start
        tokens = []
    after = next((tok for tok in reversed(tokens[1:]) if _only_cast(text[:tok.start]) is not None), None)
    near = after.text if after is not None else tokens[0].text if tokens else text
    raise errors.SyntaxError(f'syntax error at or near "{near}"')


def _only_cast(text: str) -> Any:
    """The type of ``SELECT NULL::<text>`` when that statement is the cast and nothing else."""
    from sqlglot import exp

    from .dialect import parse

    if text.rstrip().endswith(";"):  # a statement's end, which parse() would drop
        return None
    try:
        statements = parse(f"SELECT NULL::{text}")
    except errors.Error:
        return None
    node = statements[0].node if len(statements) == 1 else None
    if not isinstance(node, exp.Select) or set(node.args) - {"expressions"} and any(
        v for k, v in node.args.items() if k != "expressions"
    ):
        return None
    if len(node.expressions) != 1 or not isinstance(node.expressions[0], exp.Cast):
        return None
    return node.expressions[0].args["to"]


def _format_kind(kind: str, mod: int | None) -> str:
    display = KINDS[kind].display
    if mod is None or mod < 0:
        if mod is not None and kind in ("bpchar", "bit"):  # the bare keyword would mean length 1
            return "bpchar" if kind == "bpchar" else '"bit"'
        return display
    if kind in ("varchar", "bpchar"):
        return f"{display}({mod - 4})"
    if kind == "numeric":
        m = mod - 4
        return f"numeric({(m >> 16) & 0xFFFF},{((m & 0x7FF) ^ 1024) - 1024})"
    if kind in ("time", "timetz", "timestamp", "timestamptz"):
        base, _, zone = display.partition(" ")
        return f"{base}({mod}) {zone}"
    if kind == "interval":
        return f"interval({mod & 0xFFFF})"
    if kind in ("bit", "varbit"):
        return f"{display}({mod})"  # (a bit string's typmod is its length itself)
    return display


def _type_info(t: SqlType) -> _TypeRow | None:
    return _TYPES.get(t.oid)


# -- pg_proc -----------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _procs() -> dict[int, tuple[str, str, tuple[int, ...], int, bool, str, bool, bool]]:
    """oid -> (proname, prokind, argument type OIDs, result type OID, retset, provolatile, strict, variadic)."""
    from . import functions

    out = {}
    oid = _PROC_OID_BASE
    seen: set[tuple[str, tuple[int, ...]]] = set()

    def arg_oids(kinds: Sequence[str]) -> tuple[int, ...] | None:
        result = []
        for k in kinds:
            try:
                t = _kind_type(k)
            except KeyError:
                return None
            result.append(t.oid)
        return tuple(result)

    for name in sorted(functions.FUNCTIONS):
        for f in functions.FUNCTIONS[name]:
            if f.fn is functions.unimplemented:
                continue
            args = arg_oids(f.args)
            if args is None or (name, args) in seen:
                continue
            seen.add((name, args))
            volatile = "v" if f.volatile else ("s" if f.context else "i")
            out[oid] = (name, "f", args, f.result.oid, f.set_returning, volatile, f.strict, f.variadic)
            oid += 1
    for name in sorted(functions.AGGREGATES):
        for a in functions.AGGREGATES[name]:
            args = arg_oids(a.args)
            if args is None or (name, args) in seen:
                continue
            seen.add((name, args))
            out[oid] = (name, "a", args, a.result.oid, False, "i", a.strict, False)
            oid += 1
    return out


def _kind_type(kind: str) -> SqlType:
    from ..types import kind_type

    t = kind_type(kind)
    if t.kind != "array":
        KINDS[t.kind]  # noqa: B018 -- KeyError for kinds pydsql does not know
    return t


# -- the relations --------------------------------------------------------------------------------------


def _attributes(columns: Sequence[tuple[str, SqlType, bool, str | None, str | None]]) -> Iterator[tuple[int, str, SqlType, bool, str | None, str | None]]:
    for i, (name, t, not_null, default, identity) in enumerate(columns):
        yield i + 1, name, t, not_null, default, identity


def _column_generation(r: Rel) -> dict[str, str]:
    """A table's stored generated columns: name -> generation expression (SQL text)."""
    obj = r.obj
    if not isinstance(obj, Table):
        return {}
    return {c.name: c.generated for c in obj.columns if c.generated is not None}


def _column_domains(r: Rel) -> dict[str, Domain]:
    """A table's columns of a domain type: name -> domain (their ``type`` is the base type)."""
    obj = r.obj
    if not isinstance(obj, Table):
        return {}
    return {c.name: c.domain for c in obj.columns if c.domain is not None}


def _relation_columns(r: Rel) -> list[tuple[str, SqlType, bool, str | None, str | None]]:
    """(name, type, not null, default text, identity) of a relation's columns."""
    obj = r.obj
    if isinstance(obj, Table):
        return [(c.name, c.type, c.not_null, stored_default(c.default), c.identity) for c in obj.columns]
    if isinstance(obj, (View, SystemRelation)):
        return [(n, t, False, None, None) for n, t in obj.columns]
    if isinstance(obj, SequenceDef):  # a sequence reads as one row (last_value, log_cnt, is_called)
        return [("last_value", INT8, True, None, None), ("log_cnt", INT8, True, None, None),
                ("is_called", SqlType("bool"), True, None, None)]
    if r.idx is not None and r.table is not None:
        from .indexes import expression_type  # (indexes imports this module)

        out: list[tuple[str, SqlType, bool, str | None, str | None]] = []
        names = index_column_names(r.table, r.idx)
        for k, i in enumerate(r.idx.columns + r.idx.include):
            t = r.table.columns[i].type if i >= 0 else expression_type(r.table, r.idx.expressions[k] or "")
            out.append((names[k], t, False, None, None))
        return out
    return []


@_relation("pg_catalog.pg_namespace", 2615, "r", "oid oid, nspname name, nspowner oid, nspacl aclitem[]")
def _pg_namespace(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for name, oid in sc.namespaces.items():
        yield {"oid": oid, "nspname": name, "nspowner": ADMIN_OID}


@_relation(
    "pg_catalog.pg_class", 1259, "r",
    "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, relfilenode oid, "
    "reltablespace oid, relpages integer, reltuples real, relallvisible integer, reltoastrelid oid, "
    "relhasindex boolean, relisshared boolean, relpersistence \"char\", relkind \"char\", relnatts smallint, "
    "relchecks smallint, relhasrules boolean, relhastriggers boolean, relhassubclass boolean, "
    "relrowsecurity boolean, relforcerowsecurity boolean, relispopulated boolean, relreplident \"char\", "
    "relispartition boolean, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl aclitem[], "
    "reloptions text[], relpartbound pg_node_tree",
)
def _pg_class(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        obj = r.obj
        row: dict[str, Any] = {
            "oid": r.oid, "relname": r.name, "relnamespace": sc.nsp(r.schema), "reltype": 0, "reloftype": 0,
            "relowner": ADMIN_OID, "relam": 0, "relfilenode": r.oid, "reltablespace": 0, "relpages": 0,
            "reltuples": -1.0, "relallvisible": 0, "reltoastrelid": 0, "relhasindex": False, "relisshared": False,
            "relpersistence": "p", "relkind": r.relkind, "relnatts": len(_relation_columns(r)), "relchecks": 0,
            "relhasrules": False, "relhastriggers": False, "relhassubclass": False, "relrowsecurity": False,
            "relforcerowsecurity": False, "relispopulated": True, "relreplident": "n", "relispartition": False,
            "relrewrite": 0, "relfrozenxid": 0, "relminmxid": 0,
        }
        if isinstance(obj, Table):
            row.update(
                reltype=r.oid, relam=HEAP_AM, relhasindex=bool(_indexes(obj)), relchecks=len(obj.checks),
                relhastriggers=bool(obj.foreign_keys) or obj.table_id in sc.referenced_tables,
                relreplident="d", relminmxid=1,
            )
        elif isinstance(obj, View):
            row.update(reltype=r.oid, relhasrules=True, relfilenode=0)
        elif isinstance(obj, SequenceDef):
            pass  # PostgreSQL 16: no row type, no access method
        elif isinstance(obj, SystemRelation):
            if obj.relkind == "r":
                row.update(relam=HEAP_AM, relhasindex=True, relreplident="n", relminmxid=1)
            else:
                row.update(relhasrules=True, relfilenode=0)
        else:  # an index
            row.update(relam=BTREE_AM, reltuples=0.0)
        yield row


@_relation(
    "pg_catalog.pg_attribute", 1249, "r",
    "attrelid oid, attname name, atttypid oid, attlen smallint, attnum smallint, attcacheoff integer, "
    "atttypmod integer, attndims smallint, attbyval boolean, attalign \"char\", attstorage \"char\", "
    "attcompression \"char\", attnotnull boolean, atthasdef boolean, atthasmissing boolean, attidentity \"char\", "
    "attgenerated \"char\", attisdropped boolean, attislocal boolean, attinhcount smallint, attstattarget smallint, "
    "attcollation oid, attacl aclitem[], attoptions text[], attfdwoptions text[], attmissingval anyarray",
)
def _pg_attribute(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        domains = _column_domains(r)
        generation = _column_generation(r)
        for attnum, name, t, not_null, default, identity in _attributes(_relation_columns(r)):
            info = _type_info(t)
            domain = domains.get(name)
            yield {
                "attrelid": r.oid, "attname": name, "atttypid": t.oid if domain is None else domain.table_id,
                "attlen": info[2] if info else t.info.typlen, "attnum": attnum, "attcacheoff": -1,
                "atttypmod": typmod(t), "attndims": 1 if t.kind == "array" else 0,
                "attbyval": info[3] if info else False, "attalign": info[19] if info else "i",
                "attstorage": info[20] if info else "p", "attcompression": "", "attnotnull": not_null,
                "atthasdef": default is not None or name in generation, "atthasmissing": False,
                "attidentity": identity or "", "attgenerated": "s" if name in generation else "", "attisdropped": False, "attislocal": True, "attinhcount": 0,
                "attstattarget": -1 if r.relkind != "i" else 0, "attcollation": info[21] if info else 0,
            }


@_relation("pg_catalog.pg_attrdef", 2604, "r", "oid oid, adrelid oid, adnum smallint, adbin pg_node_tree")
def _pg_attrdef(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for t in sc.tables:
        for attnum, c in enumerate(t.columns, 1):
            # a generated column's expression is its pg_attrdef row (it has no default)
            expression = c.generated if c.generated is not None else stored_default(c.default)
            if expression is not None:
                yield {
                    "oid": t.table_id * _ATTRDEF_STRIDE + attnum, "adrelid": t.table_id, "adnum": attnum,
                    "adbin": NodeTree(expression, c.type),
                }


@_relation(
    "pg_catalog.pg_type", 1247, "r",
    "oid oid, typname name, typnamespace oid, typowner oid, typlen smallint, typbyval boolean, typtype \"char\", "
    "typcategory \"char\", typispreferred boolean, typisdefined boolean, typdelim \"char\", typrelid oid, "
    "typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc, "
    "typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc, typalign \"char\", "
    "typstorage \"char\", typnotnull boolean, typbasetype oid, typtypmod integer, typndims integer, "
    "typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl aclitem[]",
)
def _pg_type(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    def proc(p: tuple[int, str]) -> O.ObjectName:
        return O.ObjectName(p[0], p[1])

    common = {"typnamespace": 11, "typowner": ADMIN_OID, "typisdefined": True, "typnotnull": False,
              "typbasetype": 0, "typtypmod": -1, "typndims": 0}
    for row in _TYPES.values():
        (oid, name, length, byval, typtype, cat, pref, delim, relid, sub, elem, arr, tin, tout, trecv, tsend,
         tmodin, tmodout, tanalyze, align, storage, coll) = row
        yield {
            **common, "oid": oid, "typname": name, "typlen": length, "typbyval": byval, "typtype": typtype,
            "typcategory": cat, "typispreferred": pref, "typdelim": delim, "typrelid": relid,
            "typsubscript": proc(sub), "typelem": elem, "typarray": arr, "typinput": proc(tin),
            "typoutput": proc(tout), "typreceive": proc(trecv), "typsend": proc(tsend), "typmodin": proc(tmodin),
            "typmodout": proc(tmodout), "typanalyze": proc(tanalyze), "typalign": align, "typstorage": storage,
            "typcollation": coll,
        }
    none = (0, "-")
    for r in sc.relations.values():
        if r.relkind not in ("r", "v") or isinstance(r.obj, SystemRelation):
            continue
        yield {
            **common, "oid": r.oid, "typname": r.name, "typnamespace": sc.nsp(r.schema), "typlen": -1,
            "typbyval": False, "typtype": "c", "typcategory": "C", "typispreferred": False, "typdelim": ",",
            "typrelid": r.oid, "typsubscript": proc(none), "typelem": 0, "typarray": 0,
            "typinput": proc((2290, "record_in")), "typoutput": proc((2291, "record_out")),
            "typreceive": proc((2402, "record_recv")), "typsend": proc((2403, "record_send")),
            "typmodin": proc(none), "typmodout": proc(none), "typanalyze": proc(none), "typalign": "d",
            "typstorage": "x", "typcollation": 0,
        }
    for domain in sc.catalog.domains.values():
        base = _type_info(domain.base)
        assert base is not None  # a domain's base type is a column type: a row of _TYPES
        yield {
            **common, "oid": domain.table_id, "typname": domain.name, "typnamespace": sc.nsp(domain.schema),
            "typlen": base[2], "typbyval": base[3], "typtype": "d", "typcategory": base[5],
            "typispreferred": False, "typdelim": ",", "typrelid": 0, "typsubscript": proc(none), "typelem": 0,
            "typarray": 0, "typinput": proc((2597, "domain_in")), "typoutput": proc(base[13]),
            "typreceive": proc((2598, "domain_recv")), "typsend": proc(base[15]), "typmodin": proc(none),
            "typmodout": proc(none), "typanalyze": proc(none), "typalign": base[19], "typstorage": base[20],
            "typcollation": base[21], "typnotnull": domain.not_null, "typbasetype": domain.base.oid,
            "typtypmod": typmod(domain.base),
            "typdefault": None if domain.default is None else expression_text(None, NodeTree(domain.default, domain.base)),
            "typdefaultbin": NodeTree(domain.default, domain.base) if domain.default is not None else None,
        }


@_relation(
    "information_schema.domains", 12540, "v",
    "domain_catalog information_schema.sql_identifier, domain_schema information_schema.sql_identifier, "
    "domain_name information_schema.sql_identifier, data_type information_schema.character_data, "
    "character_maximum_length information_schema.cardinal_number, "
    "character_octet_length information_schema.cardinal_number, character_set_catalog information_schema.sql_identifier, "
    "character_set_schema information_schema.sql_identifier, character_set_name information_schema.sql_identifier, "
    "collation_catalog information_schema.sql_identifier, collation_schema information_schema.sql_identifier, "
    "collation_name information_schema.sql_identifier, numeric_precision information_schema.cardinal_number, "
    "numeric_precision_radix information_schema.cardinal_number, numeric_scale information_schema.cardinal_number, "
    "datetime_precision information_schema.cardinal_number, interval_type information_schema.character_data, "
    "interval_precision information_schema.cardinal_number, domain_default information_schema.character_data, "
    "udt_catalog information_schema.sql_identifier, udt_schema information_schema.sql_identifier, "
    "udt_name information_schema.sql_identifier, scope_catalog information_schema.sql_identifier, "
    "scope_schema information_schema.sql_identifier, scope_name information_schema.sql_identifier, "
    "maximum_cardinality information_schema.cardinal_number, dtd_identifier information_schema.sql_identifier",
)
def _domains(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for domain in sc.catalog.domains.values():
        yield {
            "domain_catalog": DATABASE, "domain_schema": domain.schema, "domain_name": domain.name,
            "domain_default": None if domain.default is None else expression_text(None, NodeTree(domain.default, domain.base)),
            "udt_catalog": DATABASE, "udt_schema": PG_CATALOG,
            "dtd_identifier": "1", **_column_type_facts(domain.base, typmod(domain.base)),
        }


# PostgreSQL's default btree operator classes (pg_index.indclass), by type OID
_DEFAULT_OPCLASS = {
    16: 10003, 17: 10006, 18: 10007, 19: 10028, 20: 3124, 21: 1979, 23: 1978, 25: 3126, 26: 1981, 700: 10012,
    701: 3123, 1042: 10004, 1043: 3126, 1082: 3122, 1083: 10038, 1114: 3128, 1184: 3127, 1186: 10022,
    1266: 10041, 1700: 3125, 2950: 10065, 3802: 10088,
}


@_relation(
    "pg_catalog.pg_index", 2610, "r",
    "indexrelid oid, indrelid oid, indnatts smallint, indnkeyatts smallint, indisunique boolean, "
    "indnullsnotdistinct boolean, indisprimary boolean, indisexclusion boolean, indimmediate boolean, "
    "indisclustered boolean, indisvalid boolean, indcheckxmin boolean, indisready boolean, indislive boolean, "
    "indisreplident boolean, indkey int2vector, indcollation oidvector, indclass oidvector, indoption int2vector, "
    "indexprs pg_node_tree, indpred pg_node_tree",
)
def _pg_index(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    from .indexes import expression_type  # (indexes imports this module)

    for t in sc.tables:
        for index in _indexes(t):
            types = [
                t.columns[i].type if i >= 0 else expression_type(t, index.expressions[k] or "")
                for k, i in enumerate(index.columns)
            ]
            exprs = [x for x in index.expressions if x is not None]
            yield {
                "indexrelid": index.index_id, "indrelid": t.table_id,
                "indnatts": len(index.columns) + len(index.include),
                "indnkeyatts": len(index.columns), "indisunique": index.unique,
                "indnullsnotdistinct": index.nulls_not_distinct, "indisprimary": index.primary,
                "indisexclusion": False, "indimmediate": True, "indisclustered": False, "indisvalid": index.valid,
                "indcheckxmin": False, "indisready": True, "indislive": True, "indisreplident": False,
                "indkey": [i + 1 for i in index.columns + index.include],  # 0: an expression key, as PostgreSQL
                "indcollation": [(_type_info(ct) or (0,) * 22)[21] for ct in types],
                "indclass": [_DEFAULT_OPCLASS.get(ct.oid, 0) for ct in types],
                "indoption": [0] * len(index.columns),
                "indexprs": NodeTree("\n".join(exprs)) if exprs else None,
                "indpred": NodeTree(index.predicate) if index.predicate is not None else None,
            }


@_relation(
    "pg_catalog.pg_constraint", 2606, "r",
    "oid oid, conname name, connamespace oid, contype \"char\", condeferrable boolean, condeferred boolean, "
    "convalidated boolean, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, "
    "confupdtype \"char\", confdeltype \"char\", confmatchtype \"char\", conislocal boolean, coninhcount smallint, "
    "connoinherit boolean, conkey smallint[], confkey smallint[], conpfeqop oid[], conppeqop oid[], "
    "conffeqop oid[], confdelsetcols smallint[], conexclop oid[], conbin pg_node_tree",
)
def _pg_constraint(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for c in sc.constraints:
        row: dict[str, Any] = {
            "oid": c.oid, "conname": c.name, "connamespace": sc.nsp(c.table.schema), "contype": c.contype,
            "condeferrable": False, "condeferred": False, "convalidated": c.valid, "conrelid": c.table.table_id,
            "contypid": 0, "conindid": 0, "conparentid": 0, "confrelid": 0, "confupdtype": " ",
            "confdeltype": " ", "confmatchtype": " ", "conislocal": True, "coninhcount": 0,
            "connoinherit": c.contype != "c", "conkey": list(c.attnums),
        }
        if c.idx is not None:
            row["conindid"] = c.idx.index_id
        elif c.contype == "c":
            row["conbin"] = c.check
        elif c.fk is not None:
            row.update(
                conindid=c.ref_index.index_id if c.ref_index is not None else 0,
                confrelid=c.ref_table.table_id if c.ref_table is not None else 0,
                confupdtype=c.fk.on_update, confdeltype=c.fk.on_delete, confmatchtype=c.fk.match,
                confkey=list(c.ref_attnums), condeferrable=c.fk.deferrable, condeferred=c.fk.initially_deferred,
                confdelsetcols=[a + 1 for a in c.fk.delete_set_columns] if c.fk.delete_set_columns is not None else None,
            )
        yield row
    for oid, (domain, check) in sc.domain_constraints.items():
        yield {
            "oid": oid, "conname": check.name, "connamespace": sc.nsp(domain.schema), "contype": "c",
            "condeferrable": False, "condeferred": False, "convalidated": True, "conrelid": 0,
            "contypid": domain.table_id, "conindid": 0, "conparentid": 0, "confrelid": 0, "confupdtype": " ",
            "confdeltype": " ", "confmatchtype": " ", "conislocal": True, "coninhcount": 0, "connoinherit": False,
            "conbin": NodeTree(check.expression),
        }


@_relation("pg_catalog.pg_description", 2609, "r", "objoid oid, classoid oid, objsubid integer, description text")
def _pg_description(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    from .comments import descriptions  # COMMENT ON (comments.py plans statements: imported late)

    for objoid, classoid, objsubid, text in descriptions(sc):
        yield {"objoid": objoid, "classoid": classoid, "objsubid": objsubid, "description": text}


@_relation(
    "pg_catalog.pg_sequence", 2224, "r",
    "seqrelid oid, seqtypid oid, seqstart bigint, seqincrement bigint, seqmax bigint, seqmin bigint, "
    "seqcache bigint, seqcycle boolean",
)
def _pg_sequence(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for q in sc.sequences:
        yield {
            "seqrelid": q.table_id, "seqtypid": INT8.oid, "seqstart": q.start, "seqincrement": q.increment,
            "seqmax": q.maxvalue, "seqmin": q.minvalue, "seqcache": q.cache, "seqcycle": q.cycle,
        }


@_relation("pg_catalog.pg_am", 2601, "r", "oid oid, amname name, amhandler regproc, amtype \"char\"")
def _pg_am(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for oid, name, handler_oid, handler, amtype in (
        (2, "heap", 3, "heap_tableam_handler", "t"), (403, "btree", 330, "bthandler", "i"),
        (405, "hash", 331, "hashhandler", "i"), (783, "gist", 332, "gisthandler", "i"),
        (2742, "gin", 333, "ginhandler", "i"), (3580, "brin", 335, "brinhandler", "i"),
        (4000, "spgist", 334, "spghandler", "i"),
    ):
        yield {"oid": oid, "amname": name, "amhandler": O.ObjectName(handler_oid, handler), "amtype": amtype}


@_relation(
    "pg_catalog.pg_proc", 1255, "r",
    "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost real, prorows real, "
    "provariadic oid, prosupport regproc, prokind \"char\", prosecdef boolean, proleakproof boolean, "
    "proisstrict boolean, proretset boolean, provolatile \"char\", proparallel \"char\", pronargs smallint, "
    "pronargdefaults smallint, prorettype oid, proargtypes oidvector, proallargtypes oid[], proargmodes \"char\"[], "
    "proargnames text[], proargdefaults pg_node_tree, protrftypes oid[], prosrc text, probin text, "
    "prosqlbody pg_node_tree, proconfig text[], proacl aclitem[]",
)
def _pg_proc(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for oid, (name, prokind, args, result, retset, volatile, strict, variadic) in _procs().items():
        yield {
            "oid": oid, "proname": name, "pronamespace": 11, "proowner": ADMIN_OID, "prolang": 12, "procost": 1.0,
            "prorows": 1000.0 if retset else 0.0, "provariadic": args[-1] if variadic and args else 0,
            "prosupport": O.ObjectName(0, "-"), "prokind": prokind, "prosecdef": False, "proleakproof": False,
            "proisstrict": strict, "proretset": retset, "provolatile": volatile, "proparallel": "s",
            "pronargs": len(args), "pronargdefaults": 0, "prorettype": result, "proargtypes": list(args),
            "prosrc": name if prokind == "f" else "aggregate_dummy",
        }
    for overloads in sc.catalog.routines.values():  # SQL functions (CREATE FUNCTION)
        for r in overloads:
            names = [n or "" for n in r.arg_names] + [n for n, _ in r.columns or ()]  # RETURNS TABLE: OUT names
            yield {
                "oid": r.table_id, "proname": r.name, "pronamespace": sc.nsp(r.schema), "proowner": ADMIN_OID,
                "prolang": 14, "procost": 100.0, "prorows": 1000.0 if r.set_returning else 0.0, "provariadic": 0,
                "prosupport": O.ObjectName(0, "-"), "prokind": "f", "prosecdef": False, "proleakproof": False,
                "proisstrict": r.strict, "proretset": r.set_returning, "provolatile": r.volatility,
                "proparallel": "u", "pronargs": len(r.arg_types), "pronargdefaults": len(r.defaults),
                "prorettype": r.result.oid, "proargtypes": [t.oid for t in r.arg_types],
                "proargnames": names if any(names) else None, "prosrc": r.body,
            }


@_relation(
    "pg_catalog.pg_database", 1262, "r",
    "oid oid, datname name, datdba oid, encoding integer, datlocprovider \"char\", datistemplate boolean, "
    "datallowconn boolean, datconnlimit integer, datfrozenxid xid, datminmxid xid, dattablespace oid, "
    "datcollate text, datctype text, daticulocale text, daticurules text, datcollversion text, datacl aclitem[]",
)
def _pg_database(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    yield {
        "oid": DATABASE_OID, "datname": DATABASE, "datdba": ADMIN_OID, "encoding": 6, "datlocprovider": "c",
        "datistemplate": False, "datallowconn": True, "datconnlimit": -1, "datfrozenxid": 0, "datminmxid": 1,
        "dattablespace": 1663, "datcollate": "C", "datctype": "C",
    }


@_relation(
    "pg_catalog.pg_collation", 3456, "r",
    "oid oid, collname name, collnamespace oid, collowner oid, collprovider \"char\", collisdeterministic boolean, "
    "collencoding integer, collcollate text, collctype text, colliculocale text, collicurules text, collversion text",
)
def _pg_collation(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for oid, name, provider, locale in ((100, "default", "d", None), (950, "C", "c", "C"), (951, "POSIX", "c", "POSIX")):
        yield {
            "oid": oid, "collname": name, "collnamespace": 11, "collowner": ADMIN_OID, "collprovider": provider,
            "collisdeterministic": True, "collencoding": -1, "collcollate": locale, "collctype": locale,
        }


@_relation(
    "pg_catalog.pg_opclass", 2616, "r",
    "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid, "
    "opcdefault boolean, opckeytype oid",
)
def _pg_opclass(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for type_oid, oid in sorted(_DEFAULT_OPCLASS.items(), key=lambda kv: kv[1]):
        if type_oid == 1043:
            continue  # varchar uses text_ops
        name = _TYPES[type_oid][1] + "_ops"
        yield {
            "oid": oid, "opcmethod": BTREE_AM, "opcname": name, "opcnamespace": 11, "opcowner": ADMIN_OID,
            "opcfamily": 0, "opcintype": type_oid, "opcdefault": True, "opckeytype": 0,
        }


@_relation("pg_catalog.pg_inherits", 2611, "r", "inhrelid oid, inhparent oid, inhseqno integer, inhdetachpending boolean")
def _pg_inherits(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    return iter(())


@_relation("pg_catalog.pg_tablespace", 1213, "r", "oid oid, spcname name, spcowner oid, spcacl aclitem[], spcoptions text[]")
def _pg_tablespace(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    yield {"oid": 1663, "spcname": "pg_default", "spcowner": ADMIN_OID}
    yield {"oid": 1664, "spcname": "pg_global", "spcowner": ADMIN_OID}


@_relation("pg_catalog.pg_enum", 3501, "r", "oid oid, enumtypid oid, enumsortorder real, enumlabel name")
def _pg_enum(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    return iter(())  # DSQL has no enum types


@_relation(
    "pg_catalog.pg_depend", 2608, "r",
    "classid oid, objid oid, objsubid integer, refclassid oid, refobjid oid, refobjsubid integer, deptype \"char\"",
)
def _pg_depend(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    """The dependencies that concern sequences (others are not listed yet): a sequence on the
    column that owns it (identity 'i', OWNED BY 'a'), a column default on the sequences it names."""
    for q in sc.sequences:
        table = sc.catalog.table_by_id(q.owner[0]) if q.owner is not None else None
        position = table.position(q.owner[1]) if table is not None and q.owner is not None else None
        if table is not None and position is not None:
            yield {
                "classid": 1259, "objid": q.table_id, "objsubid": 0, "refclassid": 1259,
                "refobjid": table.table_id, "refobjsubid": position + 1, "deptype": "i" if q.identity else "a",
            }
    for t in sc.tables:
        for attnum, c in enumerate(t.columns, 1):
            if c.default is None:
                continue
            for oid in sorted(relation_dependencies(c.default)):
                yield {
                    "classid": 2604, "objid": t.table_id * _ATTRDEF_STRIDE + attnum, "objsubid": 0,
                    "refclassid": 1259, "refobjid": oid, "refobjsubid": 0, "deptype": "n",
                }


@_relation(
    "pg_catalog.pg_trigger", 2620, "r",
    "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype smallint, tgenabled \"char\", "
    "tgisinternal boolean, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable boolean, "
    "tginitdeferred boolean, tgnargs smallint, tgattr int2vector, tgargs bytea, tgqual pg_node_tree, "
    "tgoldtable name, tgnewtable name",
)
def _pg_trigger(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    return iter(())  # DSQL has no triggers


@_relation(
    "pg_catalog.pg_extension", 3079, "r",
    "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable boolean, extversion text, "
    "extconfig oid[], extcondition text[]",
)
def _pg_extension(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    return iter(())  # DSQL has no extensions


@_relation(
    "pg_catalog.pg_language", 2612, "r",
    "oid oid, lanname name, lanowner oid, lanispl boolean, lanpltrusted boolean, lanplcallfoid oid, "
    "laninline oid, lanvalidator oid, lanacl aclitem[]",
)
def _pg_language(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for oid, name, trusted, validator in ((12, "internal", False, 2246), (13, "c", False, 2247), (14, "sql", True, 2248)):
        yield {
            "oid": oid, "lanname": name, "lanowner": ADMIN_OID, "lanispl": False, "lanpltrusted": trusted,
            "lanplcallfoid": 0, "laninline": 0, "lanvalidator": validator,
        }


# -- pg_catalog views ----------------------------------------------------------------------------------


@_relation(
    "pg_catalog.pg_tables", 12033, "v",
    "schemaname name, tablename name, tableowner name, tablespace name, hasindexes boolean, hasrules boolean, "
    "hastriggers boolean, rowsecurity boolean",
)
def _pg_tables(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        if r.relkind != "r":
            continue
        obj = r.obj
        user = isinstance(obj, Table)
        yield {
            "schemaname": r.schema, "tablename": r.name, "tableowner": USER,
            "hasindexes": bool(_indexes(obj)) if isinstance(obj, Table) else True, "hasrules": False,
            "hastriggers": user and (bool(obj.foreign_keys) or r.oid in sc.referenced_tables),  # type: ignore[union-attr]
            "rowsecurity": False,
        }


@_relation("pg_catalog.pg_views", 12028, "v", "schemaname name, viewname name, viewowner name, definition text")
def _pg_views(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        if r.relkind == "v":
            definition = sc.view_def(r.obj) if isinstance(r.obj, View) else None
            yield {"schemaname": r.schema, "viewname": r.name, "viewowner": USER, "definition": definition}


@_relation(
    "sys.jobs", 12600, "v",
    "job_id text, status text, details text, job_type text, class_id oid, object_id oid, object_name text, "
    "start_time timestamp with time zone, update_time timestamp with time zone",
)
def _sys_jobs(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    """DSQL's job log (CREATE INDEX ASYNC builds), cluster-wide and not transactional, as in DSQL."""
    for job in session.cluster.jobs.jobs.values():
        yield {
            "job_id": job.job_id, "status": job.status, "details": job.details, "job_type": job.job_type,
            "class_id": job.class_id, "object_id": job.object_id, "object_name": job.object_name,
            "start_time": job.start_time, "update_time": job.update_time,
        }


@_relation(
    "pg_catalog.pg_indexes", 12043, "v",
    "schemaname name, tablename name, indexname name, tablespace name, indexdef text",
)
def _pg_indexes(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for t in sc.tables:
        for index in _indexes(t):
            yield {"schemaname": t.schema, "tablename": t.name, "indexname": index.name, "indexdef": sc.index_def(t, index)}


@_relation(
    "pg_catalog.pg_sequences", 12048, "v",
    "schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value bigint, "
    "min_value bigint, max_value bigint, increment_by bigint, cycle boolean, cache_size bigint, last_value bigint",
)
def _pg_sequences(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    values = session.cluster.sequence_values
    for q in sc.sequences:
        last_value, is_called = values.peek(q)
        yield {
            "schemaname": q.schema, "sequencename": q.name, "sequenceowner": USER,
            "data_type": O.ObjectName(INT8.oid, "bigint"), "start_value": q.start, "min_value": q.minvalue,
            "max_value": q.maxvalue, "increment_by": q.increment, "cycle": q.cycle, "cache_size": q.cache,
            "last_value": last_value if is_called else None,
        }


@_relation(
    "pg_catalog.pg_matviews", 12038, "v",
    "schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes boolean, "
    "ispopulated boolean, definition text",
)
def _pg_matviews(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    return iter(())  # DSQL has no materialized views


@_relation(
    "pg_catalog.pg_roles", 12000, "v",
    "rolname name, rolsuper boolean, rolinherit boolean, rolcreaterole boolean, rolcreatedb boolean, "
    "rolcanlogin boolean, rolreplication boolean, rolconnlimit integer, rolpassword text, "
    "rolvaliduntil timestamp with time zone, rolbypassrls boolean, rolconfig text[], oid oid",
)
def _pg_roles(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    yield {
        "rolname": USER, "rolsuper": True, "rolinherit": True, "rolcreaterole": True, "rolcreatedb": True,
        "rolcanlogin": True, "rolreplication": False, "rolconnlimit": -1, "rolpassword": "********",
        "rolbypassrls": False, "oid": ADMIN_OID,
    }
    for role in sorted(sc.catalog.roles.values(), key=lambda r: r.table_id):
        yield {
            "rolname": role.name, "rolsuper": False, "rolinherit": True, "rolcreaterole": False,
            "rolcreatedb": False, "rolcanlogin": role.login, "rolreplication": False, "rolconnlimit": -1,
            "rolpassword": "********", "rolbypassrls": False, "oid": role.table_id,
        }


@_relation(
    "pg_catalog.pg_auth_members", 1261, "r",
    "oid oid, roleid oid, member oid, grantor oid, admin_option boolean, inherit_option boolean, set_option boolean",
)
def _pg_auth_members(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    roles = sc.catalog.roles
    for role in sorted(roles.values(), key=lambda r: r.table_id):
        for granted in sorted(role.member_of):
            granted_oid = ADMIN_OID if granted == USER else roles[granted].table_id if granted in roles else 0
            yield {
                "oid": 0, "roleid": granted_oid, "member": role.table_id, "grantor": ADMIN_OID,
                "admin_option": False, "inherit_option": True, "set_option": True,
            }


@_relation(
    "pg_catalog.pg_user", 12014, "v",
    "usename name, usesysid oid, usecreatedb boolean, usesuper boolean, userepl boolean, usebypassrls boolean, "
    "passwd text, valuntil timestamp with time zone, useconfig text[]",
)
def _pg_user(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    yield {
        "usename": USER, "usesysid": ADMIN_OID, "usecreatedb": True, "usesuper": True, "userepl": False,
        "usebypassrls": False, "passwd": "********",
    }
    for role in sorted(sc.catalog.roles.values(), key=lambda r: r.table_id):
        if role.login:
            yield {
                "usename": role.name, "usesysid": role.table_id, "usecreatedb": False, "usesuper": False,
                "userepl": False, "usebypassrls": False, "passwd": "********",
            }


#: settings PostgreSQL has that pydsql's sessions do not (read-only: current_setting and pg_settings only)
EXTRA_SETTINGS: dict[str, str] = {
    "default_table_access_method": "heap",
    "max_index_keys": "32",
    "block_size": "8192",
    "lc_ctype": "C",
    "default_text_search_config": "pg_catalog.simple",
    "max_connections": "10000",
    "data_checksums": "off",
}


def session_settings(session: Session) -> dict[str, tuple[str, str]]:
    """Every setting current_setting() and pg_settings see: lower-case name -> (name as shown, value)."""
    from ..session import _PARAMETERS

    out = {k: (k, v) for k, v in EXTRA_SETTINGS.items()}
    for key, (shown, _) in _PARAMETERS.items():
        out[key] = (shown, session.settings[key])
    return out


_BOOL_SETTINGS = frozenset({
    "standard_conforming_strings", "integer_datetimes", "transaction_read_only", "default_transaction_read_only",
    "is_superuser", "data_checksums",
})
_INT_SETTINGS = frozenset({
    "extra_float_digits", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
    "max_identifier_length", "max_index_keys", "block_size", "server_version_num", "max_connections",
})


@_relation(
    "pg_catalog.pg_settings", 12104, "v",
    "name text, setting text, unit text, category text, short_desc text, extra_desc text, context text, "
    "vartype text, source text, min_val text, max_val text, enumvals text[], boot_val text, reset_val text, "
    "sourcefile text, sourceline integer, pending_restart boolean",
)
def _pg_settings(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    from ..session import _PARAMETERS

    for key, (shown, value) in sorted(session_settings(session).items(), key=lambda kv: kv[1][0].lower()):
        default = _PARAMETERS[key][1] if key in _PARAMETERS else value
        vartype = "bool" if key in _BOOL_SETTINGS else "integer" if key in _INT_SETTINGS else "string"
        unit = "ms" if key.endswith("_timeout") else None
        yield {
            "name": shown, "setting": value, "unit": unit, "category": "", "short_desc": "",
            "context": "internal" if key in EXTRA_SETTINGS else "user", "vartype": vartype,
            "source": "default" if value == default else "session", "boot_val": default, "reset_val": default,
            "pending_restart": False,
        }


# -- information_schema ---------------------------------------------------------------------------------


def _yes(b: bool) -> str:
    return "YES" if b else "NO"


@_relation(
    "information_schema.schemata", 12579, "v",
    "catalog_name information_schema.sql_identifier, schema_name information_schema.sql_identifier, "
    "schema_owner information_schema.sql_identifier, default_character_set_catalog information_schema.sql_identifier, "
    "default_character_set_schema information_schema.sql_identifier, "
    "default_character_set_name information_schema.sql_identifier, sql_path information_schema.character_data",
)
def _schemata(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for name in sc.namespaces:
        yield {"catalog_name": DATABASE, "schema_name": name, "schema_owner": USER}


@_relation(
    "information_schema.tables", 12622, "v",
    "table_catalog information_schema.sql_identifier, table_schema information_schema.sql_identifier, "
    "table_name information_schema.sql_identifier, table_type information_schema.character_data, "
    "self_referencing_column_name information_schema.sql_identifier, "
    "reference_generation information_schema.character_data, "
    "user_defined_type_catalog information_schema.sql_identifier, "
    "user_defined_type_schema information_schema.sql_identifier, "
    "user_defined_type_name information_schema.sql_identifier, is_insertable_into information_schema.yes_or_no, "
    "is_typed information_schema.yes_or_no, commit_action information_schema.character_data",
)
def _tables(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        if r.relkind not in ("r", "v"):
            continue
        yield {
            "table_catalog": DATABASE, "table_schema": r.schema, "table_name": r.name,
            "table_type": "BASE TABLE" if r.relkind == "r" else "VIEW",
            "is_insertable_into": _yes(isinstance(r.obj, Table)), "is_typed": "NO",
        }


_NUMERIC_PRECISION = {"int2": 16, "int4": 32, "int8": 64, "float4": 24, "float8": 53}


def _column_type_facts(t: SqlType, mod: int) -> dict[str, Any]:
    """The data type columns of information_schema.columns (as _pg_char_max_length & co compute them)."""
    kind = t.kind
    info = _type_info(t)
    if kind == "array":
        data_type = "ARRAY"
    elif info is not None and info[10] and info[2] == -1:  # int2vector, oidvector: varlena with elements
        data_type = "ARRAY"
    else:
        data_type = _format_kind(kind, None) if kind in KINDS else "USER-DEFINED"
    out: dict[str, Any] = {"data_type": data_type, "udt_name": info[1] if info is not None else kind}
    if kind in ("varchar", "bpchar"):
        out["character_maximum_length"] = t.length
        out["character_octet_length"] = t.length * 4 if t.length is not None else 1073741824
    elif kind == "text":
        out["character_octet_length"] = 1073741824
    if kind in _NUMERIC_PRECISION:
        out.update(numeric_precision=_NUMERIC_PRECISION[kind], numeric_precision_radix=2)
        if kind.startswith("int"):
            out["numeric_scale"] = 0
    elif kind == "numeric":
        out["numeric_precision_radix"] = 10
        if t.precision is not None:
            # PostgreSQL's view reads the scale's 11 bits unsigned: numeric(4,-2) has scale 2046
            out.update(numeric_precision=t.precision, numeric_scale=(t.scale or 0) & 0x7FF)
    if kind == "date":
        out["datetime_precision"] = 0
    elif kind in ("time", "timetz", "timestamp", "timestamptz", "interval"):
        out["datetime_precision"] = t.precision if t.precision is not None else 6
    return out


@_relation(
    "information_schema.columns", 12492, "v",
    "table_catalog information_schema.sql_identifier, table_schema information_schema.sql_identifier, "
    "table_name information_schema.sql_identifier, column_name information_schema.sql_identifier, "
    "ordinal_position information_schema.cardinal_number, column_default information_schema.character_data, "
    "is_nullable information_schema.yes_or_no, data_type information_schema.character_data, "
    "character_maximum_length information_schema.cardinal_number, "
    "character_octet_length information_schema.cardinal_number, numeric_precision information_schema.cardinal_number, "
    "numeric_precision_radix information_schema.cardinal_number, numeric_scale information_schema.cardinal_number, "
    "datetime_precision information_schema.cardinal_number, interval_type information_schema.character_data, "
    "interval_precision information_schema.cardinal_number, character_set_catalog information_schema.sql_identifier, "
    "character_set_schema information_schema.sql_identifier, character_set_name information_schema.sql_identifier, "
    "collation_catalog information_schema.sql_identifier, collation_schema information_schema.sql_identifier, "
    "collation_name information_schema.sql_identifier, domain_catalog information_schema.sql_identifier, "
    "domain_schema information_schema.sql_identifier, domain_name information_schema.sql_identifier, "
    "udt_catalog information_schema.sql_identifier, udt_schema information_schema.sql_identifier, "
    "udt_name information_schema.sql_identifier, scope_catalog information_schema.sql_identifier, "
    "scope_schema information_schema.sql_identifier, scope_name information_schema.sql_identifier, "
    "maximum_cardinality information_schema.cardinal_number, dtd_identifier information_schema.sql_identifier, "
    "is_self_referencing information_schema.yes_or_no, is_identity information_schema.yes_or_no, "
    "identity_generation information_schema.character_data, identity_start information_schema.character_data, "
    "identity_increment information_schema.character_data, identity_maximum information_schema.character_data, "
    "identity_minimum information_schema.character_data, identity_cycle information_schema.yes_or_no, "
    "is_generated information_schema.character_data, generation_expression information_schema.character_data, "
    "is_updatable information_schema.yes_or_no",
)
def _columns(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        if r.relkind not in ("r", "v"):
            continue
        table = r.obj if isinstance(r.obj, Table) else None
        domains = _column_domains(r)
        generation = _column_generation(r)
        for attnum, name, t, not_null, default, identity in _attributes(_relation_columns(r)):
            seq = sc.owned_sequence(table, name) if table is not None and identity else None
            domain = domains.get(name)
            row = {
                "table_catalog": DATABASE, "table_schema": r.schema, "table_name": r.name, "column_name": name,
                "ordinal_position": attnum,
                "column_default": (
                    expression_text(table, NodeTree(default, t)) if default is not None and not identity else None
                ),
                "is_nullable": _yes(not not_null), "udt_catalog": DATABASE, "udt_schema": PG_CATALOG,
                "dtd_identifier": str(attnum), "is_self_referencing": "NO", "is_identity": _yes(bool(identity)),
                "identity_generation": {"a": "ALWAYS", "d": "BY DEFAULT"}.get(identity or ""),
                "identity_cycle": _yes(seq is not None and seq.cycle),
                "is_generated": "ALWAYS" if name in generation else "NEVER",
                "generation_expression": (
                    expression_text(table, NodeTree(generation[name], t)) if name in generation else None
                ),
                "is_updatable": _yes(table is not None),
                **_column_type_facts(t, typmod(t)),
            }
            if domain is not None:  # data_type and udt_* describe the base type, as PostgreSQL's view
                row.update(domain_catalog=DATABASE, domain_schema=domain.schema, domain_name=domain.name)
            if seq is not None:
                row.update(
                    identity_start=str(seq.start), identity_increment=str(seq.increment),
                    identity_maximum=str(seq.maxvalue), identity_minimum=str(seq.minvalue),
                )
            if t.kind == "name":
                row.update(collation_catalog=DATABASE, collation_schema=PG_CATALOG, collation_name="C")
            yield row


@_relation(
    "information_schema.views", 12680, "v",
    "table_catalog information_schema.sql_identifier, table_schema information_schema.sql_identifier, "
    "table_name information_schema.sql_identifier, view_definition information_schema.character_data, "
    "check_option information_schema.character_data, is_updatable information_schema.yes_or_no, "
    "is_insertable_into information_schema.yes_or_no, is_trigger_updatable information_schema.yes_or_no, "
    "is_trigger_deletable information_schema.yes_or_no, is_trigger_insertable_into information_schema.yes_or_no",
)
def _views(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for r in sc.relations.values():
        if r.relkind != "v":
            continue
        yield {
            "table_catalog": DATABASE, "table_schema": r.schema, "table_name": r.name,
            "view_definition": sc.view_def(r.obj) if isinstance(r.obj, View) else None, "check_option": "NONE",
            "is_updatable": "NO", "is_insertable_into": "NO", "is_trigger_updatable": "NO",
            "is_trigger_deletable": "NO", "is_trigger_insertable_into": "NO",
        }


_CONSTRAINT_TYPES = {"p": "PRIMARY KEY", "u": "UNIQUE", "c": "CHECK", "f": "FOREIGN KEY"}


def _not_null_name(sc: SystemCatalog, t: Table, attnum: int) -> str:
    """The name information_schema gives a NOT NULL column's implicit CHECK (PostgreSQL 16)."""
    return f"{sc.nsp(t.schema)}_{t.table_id}_{attnum}_not_null"


@_relation(
    "information_schema.table_constraints", 12608, "v",
    "constraint_catalog information_schema.sql_identifier, constraint_schema information_schema.sql_identifier, "
    "constraint_name information_schema.sql_identifier, table_catalog information_schema.sql_identifier, "
    "table_schema information_schema.sql_identifier, table_name information_schema.sql_identifier, "
    "constraint_type information_schema.character_data, is_deferrable information_schema.yes_or_no, "
    "initially_deferred information_schema.yes_or_no, enforced information_schema.yes_or_no, "
    "nulls_distinct information_schema.yes_or_no",
)
def _table_constraints(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    common = {"constraint_catalog": DATABASE, "table_catalog": DATABASE, "is_deferrable": "NO",
              "initially_deferred": "NO", "enforced": "YES"}
    for c in sc.constraints:
        nulls = None
        if c.contype == "u" and c.idx is not None:
            nulls = _yes(not c.idx.nulls_not_distinct)
        deferral = {}
        if c.fk is not None:
            deferral = {"is_deferrable": _yes(c.fk.deferrable), "initially_deferred": _yes(c.fk.initially_deferred)}
        yield {
            **common, "constraint_schema": c.table.schema, "constraint_name": c.name, "table_schema": c.table.schema,
            "table_name": c.table.name, "constraint_type": _CONSTRAINT_TYPES[c.contype], "nulls_distinct": nulls,
            **deferral,
        }
    for t in sc.tables:
        for attnum, col in enumerate(t.columns, 1):
            if col.not_null:
                yield {
                    **common, "constraint_schema": t.schema, "constraint_name": _not_null_name(sc, t, attnum),
                    "table_schema": t.schema, "table_name": t.name, "constraint_type": "CHECK",
                }


@_relation(
    "information_schema.key_column_usage", 12526, "v",
    "constraint_catalog information_schema.sql_identifier, constraint_schema information_schema.sql_identifier, "
    "constraint_name information_schema.sql_identifier, table_catalog information_schema.sql_identifier, "
    "table_schema information_schema.sql_identifier, table_name information_schema.sql_identifier, "
    "column_name information_schema.sql_identifier, ordinal_position information_schema.cardinal_number, "
    "position_in_unique_constraint information_schema.cardinal_number",
)
def _key_column_usage(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for c in sc.constraints:
        if c.contype == "c":
            continue
        for position, attnum in enumerate(c.attnums, 1):
            in_unique = None
            if c.contype == "f" and c.ref_index is not None and position <= len(c.ref_attnums):
                ref_pos = c.ref_attnums[position - 1] - 1
                in_unique = c.ref_index.columns.index(ref_pos) + 1 if ref_pos in c.ref_index.columns else None
            yield {
                "constraint_catalog": DATABASE, "constraint_schema": c.table.schema, "constraint_name": c.name,
                "table_catalog": DATABASE, "table_schema": c.table.schema, "table_name": c.table.name,
                "column_name": c.table.columns[attnum - 1].name, "ordinal_position": position,
                "position_in_unique_constraint": in_unique,
            }


@_relation(
    "information_schema.constraint_column_usage", 12497, "v",
    "table_catalog information_schema.sql_identifier, table_schema information_schema.sql_identifier, "
    "table_name information_schema.sql_identifier, column_name information_schema.sql_identifier, "
    "constraint_catalog information_schema.sql_identifier, constraint_schema information_schema.sql_identifier, "
    "constraint_name information_schema.sql_identifier",
)
def _constraint_column_usage(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for c in sc.constraints:
        if c.contype == "f":  # a foreign key uses the referenced columns
            if c.ref_table is None:
                continue
            table, attnums = c.ref_table, c.ref_attnums
        else:
            table, attnums = c.table, c.attnums
        for attnum in sorted(set(attnums)):
            yield {
                "table_catalog": DATABASE, "table_schema": table.schema, "table_name": table.name,
                "column_name": table.columns[attnum - 1].name, "constraint_catalog": DATABASE,
                "constraint_schema": c.table.schema, "constraint_name": c.name,
            }


@_relation(
    "information_schema.check_constraints", 12457, "v",
    "constraint_catalog information_schema.sql_identifier, constraint_schema information_schema.sql_identifier, "
    "constraint_name information_schema.sql_identifier, check_clause information_schema.character_data",
)
def _check_constraints(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for c in sc.constraints:
        if c.contype == "c":
            yield {
                "constraint_catalog": DATABASE, "constraint_schema": c.table.schema, "constraint_name": c.name,
                "check_clause": sc.constraint_def(c)[len("CHECK "):],
            }
    for t in sc.tables:
        for attnum, col in enumerate(t.columns, 1):
            if col.not_null:
                yield {
                    "constraint_catalog": DATABASE, "constraint_schema": t.schema,
                    "constraint_name": _not_null_name(sc, t, attnum), "check_clause": f"{col.name} IS NOT NULL",
                }


@_relation(
    "information_schema.referential_constraints", 12536, "v",
    "constraint_catalog information_schema.sql_identifier, constraint_schema information_schema.sql_identifier, "
    "constraint_name information_schema.sql_identifier, unique_constraint_catalog information_schema.sql_identifier, "
    "unique_constraint_schema information_schema.sql_identifier, "
    "unique_constraint_name information_schema.sql_identifier, match_option information_schema.character_data, "
    "update_rule information_schema.character_data, delete_rule information_schema.character_data",
)
def _referential_constraints(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for c in sc.constraints:
        if c.contype != "f":
            continue
        unique = c.ref_index if c.ref_index is not None and c.ref_index.constraint else None
        yield {
            "constraint_catalog": DATABASE, "constraint_schema": c.table.schema, "constraint_name": c.name,
            "unique_constraint_catalog": DATABASE if unique is not None else None,
            "unique_constraint_schema": c.ref_table.schema if unique is not None and c.ref_table else None,
            "unique_constraint_name": unique.name if unique is not None else None,
            "match_option": "FULL" if c.fk is not None and c.fk.match == "f" else "NONE",
            "update_rule": _FK_ACTIONS[c.fk.on_update] if c.fk is not None else "NO ACTION",
            "delete_rule": _FK_ACTIONS[c.fk.on_delete] if c.fk is not None else "NO ACTION",
        }


@_relation(
    "information_schema.sequences", 12583, "v",
    "sequence_catalog information_schema.sql_identifier, sequence_schema information_schema.sql_identifier, "
    "sequence_name information_schema.sql_identifier, data_type information_schema.character_data, "
    "numeric_precision information_schema.cardinal_number, numeric_precision_radix information_schema.cardinal_number, "
    "numeric_scale information_schema.cardinal_number, start_value information_schema.character_data, "
    "minimum_value information_schema.character_data, maximum_value information_schema.character_data, "
    "increment information_schema.character_data, cycle_option information_schema.yes_or_no",
)
def _sequences(sc: SystemCatalog, session: Session) -> Iterator[dict[str, Any]]:
    for q in sc.sequences:
        if q.identity:
            continue  # PostgreSQL lists identity columns' sequences in columns, not here
        yield {
            "sequence_catalog": DATABASE, "sequence_schema": q.schema, "sequence_name": q.name,
            "data_type": "bigint", "numeric_precision": 64, "numeric_precision_radix": 2, "numeric_scale": 0,
            "start_value": str(q.start), "minimum_value": str(q.minvalue), "maximum_value": str(q.maxvalue),
            "increment": str(q.increment), "cycle_option": _yes(q.cycle),
        }


# -- functions -----------------------------------------------------------------------------------------------


def _sc(ctx: ExecContext) -> SystemCatalog:
    return SystemCatalog.of(ctx)


def _format_type(ctx: ExecContext, oid: Any, mod: Any) -> str | None:
    if oid is None:
        return None
    return _sc(ctx).type_name(int(oid), None if mod is None else int(mod))


def _get_expr(ctx: ExecContext, tree: Any, relid: Any, pretty: Any = False) -> str | None:
    if tree is None:
        return None
    table = _sc(ctx).table_by_oid(int(relid)) if relid is not None else None
    return expression_text(table, tree, bool(pretty))


def _constraintdef(ctx: ExecContext, oid: Any, pretty: Any = False) -> str | None:
    if oid is None:
        return None
    sc = _sc(ctx)
    c = sc.constraint_by_oid.get(int(oid))
    if c is None and int(oid) in sc.domain_constraints:
        domain, check = sc.domain_constraints[int(oid)]
        return f"CHECK ({domain_check_text(domain, check.expression, bool(pretty))})"
    return None if c is None else sc.constraint_def(c, bool(pretty))


def _indexdef(ctx: ExecContext, oid: Any, column: Any = 0, pretty: Any = False) -> str | None:
    if oid is None:
        return None
    sc = _sc(ctx)
    r = sc.relations.get(int(oid))
    if r is None or r.idx is None or r.table is None:
        return None
    return sc.index_def(r.table, r.idx, int(column or 0))


def _viewdef(ctx: ExecContext, view: Any, pretty: Any = False) -> str | None:
    if view is None:
        return None
    sc = _sc(ctx)
    if isinstance(view, str):
        schema, name = _qualified_name(view)
        r = sc.find_relation(schema, name)
        if r is None:
            shown = f"{schema}.{name}" if schema else name
            raise errors.UndefinedTable(f'relation "{shown}" does not exist')
    else:
        r = sc.relations.get(int(view))
    if r is None or not isinstance(r.obj, View):
        return None
    return sc.view_def(r.obj)


def _table_is_visible(ctx: ExecContext, oid: Any) -> bool | None:
    if oid is None:
        return None
    sc = _sc(ctx)
    oid = int(oid)
    if oid not in sc.relations:
        return None
    return sc.visible(oid)


def _type_is_visible(ctx: ExecContext, oid: Any) -> bool | None:
    if oid is None:
        return None
    oid = int(oid)
    if oid in _TYPES:
        return True
    sc = _sc(ctx)
    domain = sc.domains_by_oid.get(oid)
    if domain is not None:  # the first domain of its name on the search path
        return next((d for d in (sc.catalog.domain(s, domain.name) for s in sc.path) if d is not None), None) is domain
    return sc.visible(oid) if oid in sc.relations else None


def _current_setting(ctx: ExecContext, name: Any, missing_ok: Any = False) -> str | None:
    if name is None:
        return None
    found = session_settings(ctx.session).get(name.lower())
    if found is None:
        if missing_ok:
            return None
        raise errors.UndefinedObject(f'unrecognized configuration parameter "{name}"')
    value = found[1]
    if name.lower() == "transaction_read_only":
        value = "on" if ctx.txn.read_only else "off"
    return value


def set_config(ctx: ExecContext, name: Any, value: Any, is_local: Any) -> str | None:
    """``set_config(name, value, is_local)``: what ``SET [LOCAL] name = value`` does (its
    refusals too: DSQL's, for custom settings), then the setting's new value; a NULL value
    resets it."""
    from .ast import SetStmt

    if name is None:
        raise errors.NullValueNotAllowed("SET requires parameter name")
    ctx.session.set_parameter(SetStmt(name.lower(), value, local=bool(is_local)))
    return _current_setting(ctx, name)


def _current_schemas(ctx: ExecContext, implicit: Any) -> list[str]:
    sc = _sc(ctx)
    if implicit:
        return list(sc.path)
    return [s for s in ctx.session.search_path() if s in sc.namespaces]


def _userbyid(oid: Any) -> str:
    return USER if int(oid) == ADMIN_OID else f"unknown (OID={int(oid)})"


def _to_reg(kind: str) -> Callable[[ExecContext, Any], Any]:
    def fn(ctx: ExecContext, text: Any) -> Any:
        bind(ctx.txn.catalog, ctx.session.search_path())
        return O.to_reg(kind, text)

    return fn


def _true(*args: Any) -> bool:
    return True


_TABLE_PRIVILEGES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"})


def _has_table_privilege(ctx: ExecContext, role: Any, table: Any, privileges: str) -> bool:
    """has_table_privilege(role, table, 'SELECT[, INSERT...]'): any of the privileges, as PostgreSQL."""
    from .roles import has_privilege

    sc = SystemCatalog.of(ctx)
    role_name = role if isinstance(role, str) else sc.name_of("regrole", int(role))
    if role_name != USER and role_name not in sc.catalog.roles:
        raise errors.UndefinedObject(f'role "{role_name}" does not exist')
    oid = sc.oid_of("regclass", table) if isinstance(table, str) else int(table)
    wanted = []
    for part in privileges.split(","):
        word = part.strip().upper().removesuffix(" WITH GRANT OPTION").strip()
        if word not in _TABLE_PRIVILEGES:
            raise errors.InvalidParameterValue(f'unrecognized privilege type: "{part.strip()}"')
        wanted.append(word)
    assert oid is not None
    return any(has_privilege(sc.catalog, role_name, oid, w) for w in wanted)


def _obj_description(ctx: ExecContext, oid: Any, catalog_name: Any = None) -> str | None:
    from .comments import description

    return None if oid is None else description(_sc(ctx), int(oid), catalog_name)


def _col_description(ctx: ExecContext, oid: Any, attnum: Any) -> str | None:
    from .comments import description

    if oid is None or attnum is None:
        return None
    return description(_sc(ctx), int(oid), "pg_class", int(attnum))


def _null(*args: Any) -> None:
    return None


def _vector_unnest(v: list[int]) -> Iterator[int]:
    return iter(list(v))


def _vector_subscripts(v: list[int], dim: int, reverse: bool = False) -> Iterator[int]:
    if dim != 1 or not v:
        return iter(())
    r = range(len(v))
    return iter(reversed(r) if reverse else r)


class FunctionRow(NamedTuple):
    """A function for :mod:`.functions` to register (its :class:`~.functions.Function` fields)."""

    name: str
    args: tuple[str, ...]
    result: SqlType
    fn: Callable[..., Any]
    strict: bool = True
    context: bool = False
    set_returning: bool = False


def _serial_sequence(ctx: ExecContext, table_text: str, column: str) -> str | None:
    """pg_get_serial_sequence: the sequence of an identity (or OWNED BY) column, schema-qualified."""
    sc = _sc(ctx)
    schema, name = _qualified_name(table_text)
    r = sc.find_relation(schema, name)
    if r is None:
        shown = f"{schema}.{name}" if schema else name
        raise errors.UndefinedTable(f'relation "{shown}" does not exist')
    columns = [c[0] for c in _relation_columns(r)]
    if column not in columns:
        raise errors.UndefinedColumn(f'column "{column}" of relation "{r.name}" does not exist')
    seq = sc.owned_sequence(r.obj, column) if isinstance(r.obj, Table) else None
    return None if seq is None else f"{quote_ident(seq.schema)}.{quote_ident(seq.name)}"


def function_rows() -> list[FunctionRow]:
    T, B, N = SqlType("text"), SqlType("bool"), SqlType("name")
    F = FunctionRow
    rows = [
        F("format_type", ("oid", "int4"), T, _format_type, strict=False, context=True),
        F("pg_get_expr", ("pg_node_tree", "oid"), T, _get_expr, context=True),
        F("pg_get_expr", ("pg_node_tree", "oid", "bool"), T, _get_expr, context=True),
        F("pg_get_constraintdef", ("oid",), T, _constraintdef, context=True),
        F("pg_get_constraintdef", ("oid", "bool"), T, _constraintdef, context=True),
        F("pg_get_indexdef", ("oid",), T, _indexdef, context=True),
        F("pg_get_indexdef", ("oid", "int4", "bool"), T, _indexdef, context=True),
        F("pg_get_viewdef", ("oid",), T, _viewdef, context=True),
        F("pg_get_viewdef", ("oid", "bool"), T, _viewdef, context=True),
        F("pg_get_viewdef", ("text",), T, _viewdef, context=True),
        F("pg_get_viewdef", ("text", "bool"), T, _viewdef, context=True),
        F("pg_table_is_visible", ("oid",), B, _table_is_visible, context=True),
        F("pg_type_is_visible", ("oid",), B, _type_is_visible, context=True),
        F("pg_collation_is_visible", ("oid",), B, lambda ctx, oid: int(oid) in (100, 950, 951) or None, context=True),
        F("pg_function_is_visible", ("oid",), B, lambda ctx, oid: int(oid) in _procs() or None, context=True),
        F("obj_description", ("oid",), T, _obj_description, context=True),
        F("obj_description", ("oid", "name"), T, _obj_description, context=True),
        F("col_description", ("oid", "int4"), T, _col_description, context=True),
        F("shobj_description", ("oid", "name"), T, _null),
        F("pg_get_userbyid", ("oid",), N, _userbyid),
        F("pg_get_serial_sequence", ("text", "text"), T, _serial_sequence, context=True),
        F("pg_get_partkeydef", ("oid",), T, _null),
        F("pg_encoding_to_char", ("int4",), N, lambda e: "UTF8" if e == 6 else ""),
        F("pg_my_temp_schema", (), SqlType("oid"), lambda ctx: 0, context=True),
        F("pg_is_other_temp_schema", ("oid",), B, lambda oid: False),
        F("pg_is_in_recovery", (), B, lambda ctx: False, context=True),
        F("current_setting", ("text",), T, _current_setting, context=True),
        F("current_setting", ("text", "bool"), T, _current_setting, context=True),
        F("current_schemas", ("bool",), array_of(N), _current_schemas, context=True),
        F("to_regclass", ("text",), SqlType("regclass"), _to_reg("regclass"), context=True),
        F("to_regtype", ("text",), SqlType("regtype"), _to_reg("regtype"), context=True),
        F("to_regproc", ("text",), SqlType("regproc"), _to_reg("regproc"), context=True),
        F("to_regnamespace", ("text",), SqlType("regnamespace"), _to_reg("regnamespace"), context=True),
        F("to_regrole", ("text",), SqlType("regrole"), _to_reg("regrole"), context=True),
    ]
    # privileges: admin may do everything pydsql can do
    for fn, object_kinds in (
        ("has_table_privilege", ("text", "oid")), ("has_schema_privilege", ("text", "oid")),
        ("has_database_privilege", ("text", "oid")), ("has_sequence_privilege", ("text", "oid")),
        ("has_function_privilege", ("text", "oid")), ("has_any_column_privilege", ("text", "oid")),
    ):
        for obj in object_kinds:
            rows.append(F(fn, (obj, "text"), B, _true))
            if fn == "has_table_privilege":  # another role's grants are recorded (pydsql.sql.roles)
                rows.append(F(fn, ("name", obj, "text"), B, _has_table_privilege, context=True))
                rows.append(F(fn, ("oid", obj, "text"), B, _has_table_privilege, context=True))
                continue
            rows.append(F(fn, ("name", obj, "text"), B, _true))
            rows.append(F(fn, ("oid", obj, "text"), B, _true))
    for obj in ("text", "oid"):
        rows.append(F("has_column_privilege", (obj, "text", "text"), B, _true))
        rows.append(F("has_column_privilege", (obj, "int2", "text"), B, _true))
    rows.append(F("pg_has_role", ("name", "text"), B, _true))
    rows.append(F("pg_has_role", ("name", "name", "text"), B, _true))
    for kind, elem in O.VECTOR_ELEMENTS.items():  # int2vector/oidvector as arrays subscripted from 0
        rows.append(F("unnest", (kind,), SqlType(elem), _vector_unnest, set_returning=True))
        rows.append(F("generate_subscripts", (kind, "int4"), SqlType("int4"), _vector_subscripts, set_returning=True))
        rows.append(F("generate_subscripts", (kind, "int4", "bool"), SqlType("int4"), _vector_subscripts, set_returning=True))
    return rows


def bind(catalog: Catalog, search_path: Sequence[str]) -> None:
    """Make the ``reg*`` types read and print names in ``catalog`` (the session does it per statement)."""
    O.OBJECT_NAMES.set(SystemCatalog.get(catalog, search_path))


# -- PostgreSQL 16's pg_type rows (generated from the server) ---------------------------------------------

_PG_TYPES: tuple[tuple[Any, ...], ...] = (
    (16, 'bool', 1, True, 'b', 'B', True, ',', 0, 0, '-', 0, 1000, 1242, 'boolin', 1243, 'boolout', 2436, 'boolrecv', 2437, 'boolsend', 0, '-', 0, '-', 0, '-', 'c', 'p', 0),
    (17, 'bytea', -1, False, 'b', 'U', False, ',', 0, 0, '-', 0, 1001, 1244, 'byteain', 31, 'byteaout', 2412, 'bytearecv', 2413, 'byteasend', 0, '-', 0, '-', 0, '-', 'i', 'x', 0),
    (18, 'char', 1, True, 'b', 'Z', False, ',', 0, 0, '-', 0, 1002, 1245, 'charin', 33, 'charout', 2434, 'charrecv', 2435, 'charsend', 0, '-', 0, '-', 0, '-', 'c', 'p', 0),
    (19, 'name', 64, False, 'b', 'S', False, ',', 0, 6180, 'raw_array_subscript_handler', 18, 1003, 34, 'namein', 35, 'nameout', 2422, 'namerecv', 2423, 'namesend', 0, '-', 0, '-', 0, '-', 'c', 'p', 950),
    (20, 'int8', 8, True, 'b', 'N', False, ',', 0, 0, '-', 0, 1016, 460, 'int8in', 461, 'int8out', 2408, 'int8recv', 2409, 'int8send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (21, 'int2', 2, True, 'b', 'N', False, ',', 0, 0, '-', 0, 1005, 38, 'int2in', 39, 'int2out', 2404, 'int2recv', 2405, 'int2send', 0, '-', 0, '-', 0, '-', 's', 'p', 0),
    (22, 'int2vector', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 21, 1006, 40, 'int2vectorin', 41, 'int2vectorout', 2410, 'int2vectorrecv', 2411, 'int2vectorsend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (23, 'int4', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 1007, 42, 'int4in', 43, 'int4out', 2406, 'int4recv', 2407, 'int4send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (24, 'regproc', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 1008, 44, 'regprocin', 45, 'regprocout', 2444, 'regprocrecv', 2445, 'regprocsend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (25, 'text', -1, False, 'b', 'S', True, ',', 0, 0, '-', 0, 1009, 46, 'textin', 47, 'textout', 2414, 'textrecv', 2415, 'textsend', 0, '-', 0, '-', 0, '-', 'i', 'x', 100),
    (26, 'oid', 4, True, 'b', 'N', True, ',', 0, 0, '-', 0, 1028, 1798, 'oidin', 1799, 'oidout', 2418, 'oidrecv', 2419, 'oidsend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (27, 'tid', 6, False, 'b', 'U', False, ',', 0, 0, '-', 0, 1010, 48, 'tidin', 49, 'tidout', 2438, 'tidrecv', 2439, 'tidsend', 0, '-', 0, '-', 0, '-', 's', 'p', 0),
    (28, 'xid', 4, True, 'b', 'U', False, ',', 0, 0, '-', 0, 1011, 50, 'xidin', 51, 'xidout', 2440, 'xidrecv', 2441, 'xidsend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (30, 'oidvector', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 26, 1013, 54, 'oidvectorin', 55, 'oidvectorout', 2420, 'oidvectorrecv', 2421, 'oidvectorsend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (114, 'json', -1, False, 'b', 'U', False, ',', 0, 0, '-', 0, 199, 321, 'json_in', 322, 'json_out', 323, 'json_recv', 324, 'json_send', 0, '-', 0, '-', 0, '-', 'i', 'x', 0),
    (194, 'pg_node_tree', -1, False, 'b', 'Z', False, ',', 0, 0, '-', 0, 0, 195, 'pg_node_tree_in', 196, 'pg_node_tree_out', 197, 'pg_node_tree_recv', 198, 'pg_node_tree_send', 0, '-', 0, '-', 0, '-', 'i', 'x', 100),
    (199, '_json', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 114, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (271, '_xid8', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 5069, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (601, 'lseg', 32, False, 'b', 'G', False, ',', 0, 6180, 'raw_array_subscript_handler', 600, 1018, 119, 'lseg_in', 120, 'lseg_out', 2480, 'lseg_recv', 2481, 'lseg_send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (602, 'path', -1, False, 'b', 'G', False, ',', 0, 0, '-', 0, 1019, 121, 'path_in', 122, 'path_out', 2482, 'path_recv', 2483, 'path_send', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (700, 'float4', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 1021, 200, 'float4in', 201, 'float4out', 2424, 'float4recv', 2425, 'float4send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (701, 'float8', 8, True, 'b', 'N', True, ',', 0, 0, '-', 0, 1022, 214, 'float8in', 215, 'float8out', 2426, 'float8recv', 2427, 'float8send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (705, 'unknown', -2, False, 'p', 'X', False, ',', 0, 0, '-', 0, 0, 109, 'unknownin', 110, 'unknownout', 2416, 'unknownrecv', 2417, 'unknownsend', 0, '-', 0, '-', 0, '-', 'c', 'p', 0),
    (774, 'macaddr8', 8, False, 'b', 'U', False, ',', 0, 0, '-', 0, 775, 4110, 'macaddr8_in', 4111, 'macaddr8_out', 3446, 'macaddr8_recv', 3447, 'macaddr8_send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (775, '_macaddr8', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 774, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (790, 'money', 8, True, 'b', 'N', False, ',', 0, 0, '-', 0, 791, 886, 'cash_in', 887, 'cash_out', 2492, 'cash_recv', 2493, 'cash_send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (791, '_money', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 790, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (829, 'macaddr', 6, False, 'b', 'U', False, ',', 0, 0, '-', 0, 1040, 436, 'macaddr_in', 437, 'macaddr_out', 2494, 'macaddr_recv', 2495, 'macaddr_send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (869, 'inet', -1, False, 'b', 'I', True, ',', 0, 0, '-', 0, 1041, 910, 'inet_in', 911, 'inet_out', 2496, 'inet_recv', 2497, 'inet_send', 0, '-', 0, '-', 0, '-', 'i', 'm', 0),
    (1000, '_bool', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 16, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1001, '_bytea', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 17, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1002, '_char', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 18, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1003, '_name', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 19, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 950),
    (1005, '_int2', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 21, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1006, '_int2vector', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 22, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1007, '_int4', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 23, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1008, '_regproc', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 24, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1009, '_text', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 25, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 100),
    (1010, '_tid', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 27, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1011, '_xid', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 28, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1013, '_oidvector', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 30, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1014, '_bpchar', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1042, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2913, 'bpchartypmodin', 2914, 'bpchartypmodout', 3816, 'array_typanalyze', 'i', 'x', 100),
    (1015, '_varchar', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1043, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2915, 'varchartypmodin', 2916, 'varchartypmodout', 3816, 'array_typanalyze', 'i', 'x', 100),
    (1016, '_int8', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 20, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1018, '_lseg', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 601, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1019, '_path', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 602, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1021, '_float4', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 700, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1022, '_float8', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 701, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1028, '_oid', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 26, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1033, 'aclitem', 16, False, 'b', 'U', False, ',', 0, 0, '-', 0, 1034, 1031, 'aclitemin', 1032, 'aclitemout', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (1034, '_aclitem', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1033, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1040, '_macaddr', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 829, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1041, '_inet', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 869, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1042, 'bpchar', -1, False, 'b', 'S', False, ',', 0, 0, '-', 0, 1014, 1044, 'bpcharin', 1045, 'bpcharout', 2430, 'bpcharrecv', 2431, 'bpcharsend', 2913, 'bpchartypmodin', 2914, 'bpchartypmodout', 0, '-', 'i', 'x', 100),
    (1043, 'varchar', -1, False, 'b', 'S', False, ',', 0, 0, '-', 0, 1015, 1046, 'varcharin', 1047, 'varcharout', 2432, 'varcharrecv', 2433, 'varcharsend', 2915, 'varchartypmodin', 2916, 'varchartypmodout', 0, '-', 'i', 'x', 100),
    (1082, 'date', 4, True, 'b', 'D', False, ',', 0, 0, '-', 0, 1182, 1084, 'date_in', 1085, 'date_out', 2468, 'date_recv', 2469, 'date_send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (1083, 'time', 8, True, 'b', 'D', False, ',', 0, 0, '-', 0, 1183, 1143, 'time_in', 1144, 'time_out', 2470, 'time_recv', 2471, 'time_send', 2909, 'timetypmodin', 2910, 'timetypmodout', 0, '-', 'd', 'p', 0),
    (1114, 'timestamp', 8, True, 'b', 'D', False, ',', 0, 0, '-', 0, 1115, 1312, 'timestamp_in', 1313, 'timestamp_out', 2474, 'timestamp_recv', 2475, 'timestamp_send', 2905, 'timestamptypmodin', 2906, 'timestamptypmodout', 0, '-', 'd', 'p', 0),
    (1115, '_timestamp', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1114, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2905, 'timestamptypmodin', 2906, 'timestamptypmodout', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1182, '_date', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1082, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1183, '_time', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1083, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2909, 'timetypmodin', 2910, 'timetypmodout', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1184, 'timestamptz', 8, True, 'b', 'D', True, ',', 0, 0, '-', 0, 1185, 1150, 'timestamptz_in', 1151, 'timestamptz_out', 2476, 'timestamptz_recv', 2477, 'timestamptz_send', 2907, 'timestamptztypmodin', 2908, 'timestamptztypmodout', 0, '-', 'd', 'p', 0),
    (1185, '_timestamptz', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1184, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2907, 'timestamptztypmodin', 2908, 'timestamptztypmodout', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1186, 'interval', 16, False, 'b', 'T', True, ',', 0, 0, '-', 0, 1187, 1160, 'interval_in', 1161, 'interval_out', 2478, 'interval_recv', 2479, 'interval_send', 2903, 'intervaltypmodin', 2904, 'intervaltypmodout', 0, '-', 'd', 'p', 0),
    (1187, '_interval', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1186, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2903, 'intervaltypmodin', 2904, 'intervaltypmodout', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1231, '_numeric', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1700, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2917, 'numerictypmodin', 2918, 'numerictypmodout', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1266, 'timetz', 12, False, 'b', 'D', False, ',', 0, 0, '-', 0, 1270, 1350, 'timetz_in', 1351, 'timetz_out', 2472, 'timetz_recv', 2473, 'timetz_send', 2911, 'timetztypmodin', 2912, 'timetztypmodout', 0, '-', 'd', 'p', 0),
    (1270, '_timetz', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1266, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2911, 'timetztypmodin', 2912, 'timetztypmodout', 3816, 'array_typanalyze', 'd', 'x', 0),
    (1560, 'bit', -1, False, 'b', 'V', False, ',', 0, 0, '-', 0, 1561, 1564, 'bit_in', 1565, 'bit_out', 2456, 'bit_recv', 2457, 'bit_send', 2919, 'bittypmodin', 2920, 'bittypmodout', 0, '-', 'i', 'x', 0),
    (1561, '_bit', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 1560, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 2919, 'bittypmodin', 2920, 'bittypmodout', 3816, 'array_typanalyze', 'i', 'x', 0),
    (1700, 'numeric', -1, False, 'b', 'N', False, ',', 0, 0, '-', 0, 1231, 1701, 'numeric_in', 1702, 'numeric_out', 2460, 'numeric_recv', 2461, 'numeric_send', 2917, 'numerictypmodin', 2918, 'numerictypmodout', 0, '-', 'i', 'm', 0),
    (2202, 'regprocedure', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 2207, 2212, 'regprocedurein', 2213, 'regprocedureout', 2446, 'regprocedurerecv', 2447, 'regproceduresend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2205, 'regclass', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 2210, 2218, 'regclassin', 2219, 'regclassout', 2452, 'regclassrecv', 2453, 'regclasssend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2206, 'regtype', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 2211, 2220, 'regtypein', 2221, 'regtypeout', 2454, 'regtyperecv', 2455, 'regtypesend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2207, '_regprocedure', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 2202, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (2210, '_regclass', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 2205, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (2211, '_regtype', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 2206, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (2249, 'record', -1, False, 'p', 'P', False, ',', 0, 0, '-', 0, 2287, 2290, 'record_in', 2291, 'record_out', 2402, 'record_recv', 2403, 'record_send', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (2276, 'any', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 2294, 'any_in', 2295, 'any_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2277, 'anyarray', -1, False, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 2296, 'anyarray_in', 2297, 'anyarray_out', 2502, 'anyarray_recv', 2503, 'anyarray_send', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (2278, 'void', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 2298, 'void_in', 2299, 'void_out', 3120, 'void_recv', 3121, 'void_send', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2283, 'anyelement', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 2312, 'anyelement_in', 2313, 'anyelement_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2287, '_record', -1, False, 'p', 'P', False, ',', 0, 6179, 'array_subscript_handler', 2249, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (2776, 'anynonarray', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 2777, 'anynonarray_in', 2778, 'anynonarray_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (2950, 'uuid', 16, False, 'b', 'U', False, ',', 0, 0, '-', 0, 2951, 2952, 'uuid_in', 2953, 'uuid_out', 2961, 'uuid_recv', 2962, 'uuid_send', 0, '-', 0, '-', 0, '-', 'c', 'p', 0),
    (2951, '_uuid', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 2950, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (3220, 'pg_lsn', 8, True, 'b', 'U', False, ',', 0, 0, '-', 0, 3221, 3229, 'pg_lsn_in', 3230, 'pg_lsn_out', 3238, 'pg_lsn_recv', 3239, 'pg_lsn_send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (3221, '_pg_lsn', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 3220, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'd', 'x', 0),
    (3500, 'anyenum', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 3504, 'anyenum_in', 3505, 'anyenum_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (3614, 'tsvector', -1, False, 'b', 'U', False, ',', 0, 0, '-', 0, 3643, 3610, 'tsvectorin', 3611, 'tsvectorout', 3639, 'tsvectorrecv', 3638, 'tsvectorsend', 0, '-', 0, '-', 3688, 'ts_typanalyze', 'i', 'x', 0),
    (3643, '_tsvector', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 3614, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (3802, 'jsonb', -1, False, 'b', 'U', False, ',', 0, 6098, 'jsonb_subscript_handler', 0, 3807, 3806, 'jsonb_in', 3804, 'jsonb_out', 3805, 'jsonb_recv', 3803, 'jsonb_send', 0, '-', 0, '-', 0, '-', 'i', 'x', 0),
    (3807, '_jsonb', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 3802, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (3831, 'anyrange', -1, False, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 3832, 'anyrange_in', 3833, 'anyrange_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (4089, 'regnamespace', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 4090, 4084, 'regnamespacein', 4085, 'regnamespaceout', 4087, 'regnamespacerecv', 4088, 'regnamespacesend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (4090, '_regnamespace', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 4089, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (4096, 'regrole', 4, True, 'b', 'N', False, ',', 0, 0, '-', 0, 4097, 4098, 'regrolein', 4092, 'regroleout', 4094, 'regrolerecv', 4095, 'regrolesend', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (4097, '_regrole', -1, False, 'b', 'A', False, ',', 0, 6179, 'array_subscript_handler', 4096, 0, 750, 'array_in', 751, 'array_out', 2400, 'array_recv', 2401, 'array_send', 0, '-', 0, '-', 3816, 'array_typanalyze', 'i', 'x', 0),
    (4537, 'anymultirange', -1, False, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 4229, 'anymultirange_in', 4230, 'anymultirange_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (5069, 'xid8', 8, True, 'b', 'U', False, ',', 0, 0, '-', 0, 271, 5070, 'xid8in', 5081, 'xid8out', 5082, 'xid8recv', 5083, 'xid8send', 0, '-', 0, '-', 0, '-', 'd', 'p', 0),
    (5077, 'anycompatible', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 5086, 'anycompatible_in', 5087, 'anycompatible_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
    (5078, 'anycompatiblearray', -1, False, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 5088, 'anycompatiblearray_in', 5089, 'anycompatiblearray_out', 5090, 'anycompatiblearray_recv', 5091, 'anycompatiblearray_send', 0, '-', 0, '-', 0, '-', 'd', 'x', 0),
    (5079, 'anycompatiblenonarray', 4, True, 'p', 'P', False, ',', 0, 0, '-', 0, 0, 5092, 'anycompatiblenonarray_in', 5093, 'anycompatiblenonarray_out', 0, '-', 0, '-', 0, '-', 0, '-', 0, '-', 'i', 'p', 0),
)

_TYPES = _type_rows()

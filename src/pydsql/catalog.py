"""The schema: tables, columns, constraints and indexes, as immutable snapshots.

A :class:`Catalog` is a value: DDL never changes one, it builds a new one
(copy-on-write of a small dict) that the DDL transaction publishes at COMMIT
together with the commit version.  The database keeps the catalogs of recent
versions so that a transaction reads the schema *as of its snapshot*, like its
data:

    v10: catalog A (t1)         a transaction with snapshot 11 sees t1 only
    v12: catalog B (t1, t2)     one with snapshot 12 sees t1 and t2

Objects are identified by ids that are never reused (``table_id``,
``index_id``), allocated by the database, so two concurrent DDL transactions
never build objects that collide in storage; names are resolved per catalog.

A :class:`Sequence` here is only its definition (options, owner); the values
it hands out are not transactional and live outside the catalog, in
:mod:`pydsql.sequences`.

Expressions (column defaults, CHECK constraints) are kept as SQL text in
PostgreSQL's form: the catalog does not depend on the SQL front end, and the
text is what ``information_schema`` and reflection report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from .types import SqlType

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    expression: str  # SQL text, evaluated against the new row (a domain's: against VALUE)
    oid: int = 0  # the constraint's object id (pg_constraint.oid)
    #: false for ``ADD CONSTRAINT ... NOT VALID`` until ``ALTER TABLE ASYNC ... VALIDATE
    #: CONSTRAINT`` checked the existing rows (pg_constraint.convalidated); new rows are
    #: checked either way
    valid: bool = True


@dataclass(frozen=True, slots=True)
class Domain:
    """A domain (CREATE DOMAIN): a base type with a default, NOT NULL and CHECK constraints.

    A column or a cast of a domain type carries the *base* type (``Column.type``:
    every operator and function sees the base type, as in PostgreSQL, where a
    domain is implicitly its base type in expressions) and the domain itself
    (``Column.domain``), whose constraints are checked wherever a value is
    stored in the column or cast to the domain.  Domains are values like every
    catalog object: a column keeps the definition it was created with.
    """

    table_id: int  # pg_type.oid (object ids are one space)
    schema: str
    name: str
    base: SqlType
    default: str | None  # SQL text
    not_null: bool
    checks: tuple[Check, ...]  # expressions over VALUE

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: SqlType  # a domain column: the domain's base type
    not_null: bool = False
    default: str | None = None  # SQL text of the DEFAULT expression
    identity: str | None = None  # "a" (ALWAYS) / "d" (BY DEFAULT), as pg_attribute.attidentity
    sequence: int = 0  # an identity column's sequence (its object id)
    domain: Domain | None = None  # the column's declared type when it is a domain
    #: a stored generated column (``GENERATED ALWAYS AS (expr) STORED``): the SQL text of its
    #: expression, over the row's other, non-generated columns (pg_attribute.attgenerated 's',
    #: the expression in pg_attrdef).  Such a column has no ``default`` and no identity, and
    #: every written row holds the expression's value (:class:`pydsql.sql.rows.TableRules`).
    generated: str | None = None
    #: the column's identity within its table, never reused (assigned by :class:`Table`;
    #: 0: not assigned yet): how storage maps a row written under one version of the
    #: table onto the columns of another (ALTER TABLE ADD/DROP COLUMN)
    attnum: int = 0


@dataclass(frozen=True, slots=True)
class Index:
    """A primary key, a unique constraint or a secondary index.

    A key is a column or, in an expression index, an expression:
    ``expressions[k]`` is the SQL text of key ``k`` (``None`` for a column)
    and ``columns[k]`` is then -1.  ``predicate`` is the WHERE of a partial
    index (SQL text).  ``valid`` is false while the index is built by its
    CREATE INDEX ASYNC job (and stays false if the build failed): an invalid
    index is maintained by every write but neither enforces uniqueness nor
    serves queries (``pg_index.indisvalid``).
    """

    index_id: int
    name: str
    columns: tuple[int, ...]  # positions of the key columns in the table's rows (-1: an expression)
    unique: bool
    primary: bool = False
    constraint: bool = False  # created by a PRIMARY KEY / UNIQUE constraint
    nulls_not_distinct: bool = False
    expressions: tuple[str | None, ...] = ()  # per key: SQL text of an expression key; () when all are columns
    include: tuple[int, ...] = ()  # INCLUDE columns (stored, not part of the key)
    predicate: str | None = None  # WHERE of a partial index (SQL text)
    valid: bool = True

    @property
    def plain(self) -> bool:
        """Keys are plain columns and the index is not partial (what DSQL calls a key index)."""
        return not self.expressions and self.predicate is None

    def key_text(self, k: int, column_name: Callable[[int], str]) -> str:
        """Key ``k`` as SQL (a quoted-as-needed column name or the expression)."""
        if self.expressions and self.expressions[k] is not None:
            return self.expressions[k]  # type: ignore[return-value]
        return column_name(self.columns[k])


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A FOREIGN KEY constraint, enforced by :mod:`pydsql.sql.foreign_keys`.

    ``ref_columns`` are always the referenced columns' names (the primary key's
    when the constraint did not list them), in the order of ``columns``.
    Actions and ``match`` use pg_constraint's letters (``confdeltype``...);
    ``delete_set_columns`` are the positions of ``ON DELETE SET NULL /
    SET DEFAULT (columns)`` (``confdelsetcols``; None: all of ``columns``).
    """

    name: str
    columns: tuple[int, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    oid: int = 0  # the constraint's object id (pg_constraint.oid)
    ref_schema: str = ""  # the referenced table's schema ("": the constraint's table's)
    on_delete: str = "a"  # a NO ACTION, r RESTRICT, c CASCADE, n SET NULL, d SET DEFAULT
    on_update: str = "a"
    match: str = "s"  # s SIMPLE, f FULL
    deferrable: bool = False
    initially_deferred: bool = False
    delete_set_columns: tuple[int, ...] | None = None
    valid: bool = True  # false after ADD CONSTRAINT ... NOT VALID, until VALIDATE CONSTRAINT


@dataclass(frozen=True, slots=True)
class Table:
    table_id: int
    schema: str
    name: str
    columns: tuple[Column, ...]
    primary_key: Index | None  # None: rows are keyed by a hidden row id
    indexes: tuple[Index, ...] = ()  # unique constraints and secondary indexes
    checks: tuple[Check, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    #: the highest column attnum ever assigned (dropped columns' included), so none is reused
    max_attnum: int = 0
    _positions: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: Derived data cached by other layers (key encoders, compiled checks...).
    #: Tables are immutable, so what is derived from one never goes stale.
    derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if any(c.attnum == 0 for c in self.columns):  # new columns get the next attnums
            top = max([self.max_attnum, *(c.attnum for c in self.columns)])
            columns = []
            for c in self.columns:
                if c.attnum == 0:
                    top += 1
                    c = replace(c, attnum=top)
                columns.append(c)
            object.__setattr__(self, "columns", tuple(columns))
        top = max([self.max_attnum, *(c.attnum for c in self.columns)])
        object.__setattr__(self, "max_attnum", top)
        self._positions.update({c.name: i for i, c in enumerate(self.columns)})

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    def position(self, column: str) -> int | None:
        return self._positions.get(column)

    @property
    def unique_indexes(self) -> Iterator[Index]:
        """Every index that enforces uniqueness, primary key first (not those still being built)."""
        if self.primary_key is not None:
            yield self.primary_key
        for index in self.indexes:
            if index.unique and index.valid:
                yield index

    def key_columns(self) -> frozenset[int]:
        """DSQL's "key columns": those of the primary key and of unique, non-partial,
        non-expression indexes."""
        cols: set[int] = set()
        for index in self.unique_indexes:
            if index.plain:
                cols.update(index.columns)
        return frozenset(cols)

    def derive(self, name: str, make: Callable[[Table], T]) -> T:
        """``make(self)``, computed once per table version and cached in :attr:`derived`."""
        value = self.derived.get(name)
        if value is None:
            value = self.derived[name] = make(self)
        return value  # type: ignore[return-value]

    def with_changes(self, **changes: object) -> Table:
        return replace(self, _positions={}, derived={}, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class View:
    """A view: the SQL text of its query, planned again wherever the view is read.

    ``table_id`` is the view's object id (the same id space as tables, so DDL
    footprints treat both alike); ``depends_on`` are the relations its query
    reads, which cannot be dropped while the view exists.
    """

    table_id: int
    schema: str
    name: str
    query: str
    columns: tuple[tuple[str, SqlType], ...]
    depends_on: frozenset[tuple[str, str]]

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Routine:
    """A SQL-language function (CREATE FUNCTION ... LANGUAGE sql): its signature and body text.

    The body is planned where the function is called (against that
    statement's catalog), as PostgreSQL plans SQL functions at run time; it
    was checked once at creation.  ``defaults`` are the DEFAULT expressions
    of the last arguments, as SQL text.  ``columns`` are the output columns
    of RETURNS TABLE; ``result`` is then ``record``.
    """

    table_id: int  # pg_proc.oid (object ids are one space: DDL footprints treat all objects alike)
    schema: str
    name: str
    arg_names: tuple[str | None, ...]
    arg_types: tuple[SqlType, ...]
    defaults: tuple[str, ...]
    result: SqlType
    set_returning: bool
    columns: tuple[tuple[str, SqlType], ...] | None
    body: str
    volatility: str  # "i", "s" or "v"
    strict: bool

    def signature(self) -> str:
        """``name(integer,text)``: how PostgreSQL names one overload in messages."""
        return f"{self.name}({','.join(t.name for t in self.arg_types)})"


@dataclass(frozen=True, slots=True)
class Sequence:
    """A sequence's definition (``pg_sequence``); ``table_id`` is its object id (pg_class.oid).

    ``state_id`` names the counter that holds its values (see :mod:`pydsql.sequences`):
    the object id at creation, a fresh id after ``ALTER SEQUENCE ... RESTART``, so a
    restart takes effect (and is undone) with the DDL transaction like any definition.
    ``owner`` is the ``(table id, column name)`` of OWNED BY or of an identity column.
    """

    table_id: int
    schema: str
    name: str
    start: int
    increment: int
    minvalue: int
    maxvalue: int
    cache: int
    cycle: bool
    state_id: int
    restart: int | None = None  # the first value of the counter ``state_id`` (START as created, or RESTART's)
    type_name: str = "bigint"
    owner: tuple[int, str] | None = None
    identity: bool = False  # the sequence of an identity column (dropped with it, not by DROP SEQUENCE)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def first_value(self) -> int:
        return self.start if self.restart is None else self.restart


@dataclass(frozen=True, slots=True)
class Role:
    """A role (CREATE ROLE / CREATE USER), and what it was granted.

    ``table_id`` is its object id (pg_roles.oid; ``schema`` is empty, roles
    belong to no schema).  ``member_of`` are the roles granted to it (GRANT
    role TO role); ``privileges`` are (object id, privilege) pairs from GRANT
    ... ON ... (``SELECT``, ``INSERT``..., table, sequence, schema and function
    object ids alike); ``iam_arns`` are DSQL's ``AWS IAM GRANT`` mappings.
    pydsql's sessions all run as ``admin``: privileges are recorded and shown
    (pg_roles, pg_auth_members, relacl, has_table_privilege), never enforced.
    """

    table_id: int
    name: str
    login: bool = False
    member_of: frozenset[str] = frozenset()
    privileges: frozenset[tuple[int, str]] = frozenset()
    iam_arns: frozenset[str] = frozenset()
    schema: str = ""


@dataclass(frozen=True, slots=True)
class Namespace:
    """A schema, as a DDL statement records it (``schema`` is empty: schemas are not nested)."""

    table_id: int
    name: str
    schema: str = ""


@dataclass(frozen=True, slots=True)
class Catalog:
    """One immutable version of the schema."""

    tables: dict[tuple[str, str], Table]
    schemas: frozenset[str] = frozenset({"public"})
    views: dict[tuple[str, str], View] = field(default_factory=dict)
    #: the object ids of the schemas CREATE SCHEMA made (pg_namespace.oid)
    schema_oids: dict[str, int] = field(default_factory=dict)
    #: SQL-language functions by (schema, name): the overloads
    routines: dict[tuple[str, str], tuple[Routine, ...]] = field(default_factory=dict)
    sequences: dict[tuple[str, str], Sequence] = field(default_factory=dict)
    #: roles other than admin, by name
    roles: dict[str, Role] = field(default_factory=dict)
    domains: dict[tuple[str, str], Domain] = field(default_factory=dict)
    #: COMMENT ON: descriptions by (classoid, objoid, objsubid), as pg_description.  Object ids are
    #: never reused, so the comment of a dropped object is simply never shown again.
    comments: dict[tuple[int, int, int], str] = field(default_factory=dict)
    _sequence_ids: dict[int, Sequence] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def empty(cls) -> Catalog:
        return cls({})

    def table(self, schema: str, name: str) -> Table | None:
        return self.tables.get((schema, name))

    def view(self, schema: str, name: str) -> View | None:
        return self.views.get((schema, name))

    def sequence(self, schema: str, name: str) -> Sequence | None:
        return self.sequences.get((schema, name))

    def sequence_by_id(self, object_id: int) -> Sequence | None:
        by_id = self._sequence_ids
        if len(by_id) != len(self.sequences):
            by_id.clear()
            by_id.update({s.table_id: s for s in self.sequences.values()})
        return by_id.get(object_id)

    def owned_sequences(self, table: Table) -> list[Sequence]:
        """The sequences owned by a column of ``table`` (identity, OWNED BY): dropped with it."""
        return [s for s in self.sequences.values() if s.owner is not None and s.owner[0] == table.table_id]

    def with_sequence(self, sequence: Sequence) -> Catalog:
        sequences = dict(self.sequences)
        sequences[(sequence.schema, sequence.name)] = sequence
        return replace(self, sequences=sequences)

    def without_sequence(self, sequence: Sequence) -> Catalog:
        sequences = dict(self.sequences)
        del sequences[(sequence.schema, sequence.name)]
        return replace(self, sequences=sequences)

    def domain(self, schema: str, name: str) -> Domain | None:
        return self.domains.get((schema, name))

    def with_domain(self, domain: Domain) -> Catalog:
        return replace(self, domains={**self.domains, (domain.schema, domain.name): domain})

    def without_domain(self, domain: Domain) -> Catalog:
        domains = dict(self.domains)
        del domains[(domain.schema, domain.name)]
        return replace(self, domains=domains)

    def relation(self, schema: str, name: str) -> Table | View | None:
        """The table or view ``schema.name`` (they share one namespace, as in pg_class)."""
        return self.tables.get((schema, name)) or self.views.get((schema, name))

    def dependents(self, schema: str, name: str) -> list[View]:
        """The views whose query reads ``schema.name``."""
        return [v for v in self.views.values() if (schema, name) in v.depends_on]

    def table_by_id(self, table_id: int) -> Table | None:
        for t in self.tables.values():
            if t.table_id == table_id:
                return t
        return None

    def relation_names(self, schema: str) -> set[str]:
        """Names taken in ``schema`` by tables and their indexes (one namespace, as pg_class)."""
        names: set[str] = set()
        for (s, name), t in self.tables.items():
            if s == schema:
                names.add(name)
                if t.primary_key is not None:
                    names.add(t.primary_key.name)
                names.update(i.name for i in t.indexes)
        names.update(name for (s, name) in self.views if s == schema)
        names.update(name for (s, name) in self.sequences if s == schema)
        return names

    def with_view(self, view: View) -> Catalog:
        views = dict(self.views)
        views[(view.schema, view.name)] = view
        return replace(self, views=views)

    def without_view(self, view: View) -> Catalog:
        views = dict(self.views)
        del views[(view.schema, view.name)]
        return replace(self, views=views)

    def with_routine(self, routine: Routine, replacing: Routine | None = None) -> Catalog:
        routines = dict(self.routines)
        key = (routine.schema, routine.name)
        routines[key] = (*(r for r in routines.get(key, ()) if r is not replacing), routine)
        return replace(self, routines=routines)

    def without_routine(self, routine: Routine) -> Catalog:
        routines = dict(self.routines)
        key = (routine.schema, routine.name)
        remaining = tuple(r for r in routines.get(key, ()) if r is not routine)
        if remaining:
            routines[key] = remaining
        else:
            del routines[key]
        return replace(self, routines=routines)

    def with_role(self, role: Role) -> Catalog:
        roles = dict(self.roles)
        roles[role.name] = role
        return replace(self, roles=roles)

    def without_role(self, name: str) -> Catalog:
        roles = {n: r for n, r in self.roles.items() if n != name}
        return replace(self, roles=roles)

    def with_schema(self, name: str, oid: int = 0) -> Catalog:
        oids = dict(self.schema_oids)
        if oid:
            oids[name] = oid
        return replace(self, schemas=self.schemas | {name}, schema_oids=oids)

    def without_schema(self, name: str) -> Catalog:
        oids = {s: o for s, o in self.schema_oids.items() if s != name}
        return replace(self, schemas=self.schemas - {name}, schema_oids=oids)

    def with_table(self, table: Table) -> Catalog:
        tables = dict(self.tables)
        tables[(table.schema, table.name)] = table
        return replace(self, tables=tables)

    def without_table(self, table: Table) -> Catalog:
        tables = dict(self.tables)
        del tables[(table.schema, table.name)]
        return replace(self, tables=tables)


@dataclass(frozen=True, slots=True)
class IndexName:
    """An index as a DDL statement records it besides its table's change: index names are
    relation names of their schema, so two transactions creating the same name conflict."""

    table_id: int  # the index id
    schema: str
    name: str


#: What a DDL statement creates, changes or drops (each has ``table_id``, ``schema`` and ``name``).
CatalogObject = Table | View | Namespace | IndexName | Routine | Sequence | Role | Domain


# -- interning -------------------------------------------------------------------------------------

# Committed catalogs, by content: databases with the same schema share one Catalog object,
# so prepared statements (cached by catalog identity) serve every such database -- a fresh
# database per test plans its statements once per process, not once per test.
_INTERNED: dict[tuple[Any, ...], Catalog] = {}
_INTERNED_MAX = 512
#: The same catalogs by identity (they are kept alive by _INTERNED, so ids are not reused).
_INTERNED_IDS: dict[int, Catalog] = {}
_INTERNING = threading.Lock()


def interned(catalog: Catalog) -> Catalog:
    """The process's one Catalog object equal to ``catalog`` (``catalog`` itself the first time).

    Catalogs are immutable and equal ones are interchangeable: every object
    id in them is allocated deterministically per database, so two databases
    that ran the same DDL have equal catalogs.
    """
    if _INTERNED_IDS.get(id(catalog)) is catalog:  # already the one (a repeated DDL's result)
        return catalog
    try:
        key = tuple(tuple(v.items()) if isinstance(v, dict) else v for v in _content(catalog))
        hash(key)
    except TypeError:  # something unhashable in a definition: not shared, still correct
        return catalog
    with _INTERNING:  # clusters of other threads intern too
        known = _INTERNED.get(key)
        if known is not None:
            return known
        if len(_INTERNED) >= _INTERNED_MAX:
            oldest = next(iter(_INTERNED))
            del _INTERNED_IDS[id(_INTERNED.pop(oldest))]
        _INTERNED[key] = catalog
        _INTERNED_IDS[id(catalog)] = catalog
        return catalog


def _content(catalog: Catalog) -> list[Any]:
    """Every field that takes part in equality (``_sequence_ids`` is derived)."""
    return [getattr(catalog, f.name) for f in _COMPARED]


_COMPARED = [f for f in fields(Catalog) if f.compare]

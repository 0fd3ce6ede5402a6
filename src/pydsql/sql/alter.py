"""ALTER TABLE: the forms DSQL allows, and its refusals (reference section 5).

A statement applies its sub-commands in order to a working copy of the
table and the catalog (both immutable values), so a failing sub-command
leaves no trace: the transaction records the result only when every one
succeeded.  Refusals (DSQL's 0A000) are raised before the table is even
looked up, as DSQL refuses them when it parses the statement.

Allowed: ``ADD COLUMN [IF NOT EXISTS] name type`` (bare: any constraint,
default, identity or generation expression is refused with ``ALTER TABLE ADD
COLUMN with constraint not supported``), ``DROP COLUMN`` (not of the primary key), ``RENAME [COLUMN] a TO b``, ``RENAME CONSTRAINT``, ``RENAME
TO``, ``SET SCHEMA``, ``ALTER COLUMN SET/DROP DEFAULT``, ``DROP NOT NULL``,
``SET STORAGE``, ``DROP EXPRESSION`` (a stored generated column becomes an
ordinary one, keeping its values), ``DROP IDENTITY``, ``SET GENERATED``,
``SET sequence_option`` / ``RESTART`` of an identity column,
``ADD CONSTRAINT ... CHECK (...) NOT VALID``, ``ADD CONSTRAINT ... FOREIGN
KEY ... NOT VALID``, ``ADD CONSTRAINT c UNIQUE USING INDEX i``, ``DROP
CONSTRAINT``, ``OWNER TO``, and ``ALTER TABLE ASYNC t VALIDATE CONSTRAINT
c``, which returns the id of a ``VALIDATE_CONSTRAINT`` job (see
:mod:`pydsql.cluster.jobs`) that checks the existing rows and then marks
the constraint valid.

Storage: ADD COLUMN appends the column, DROP COLUMN removes it; the commit
re-lays existing rows at its own version (:mod:`pydsql.cluster.replica`), so
older snapshots keep reading the old rows with the old catalog.  DROP COLUMN
takes the indexes and constraints on the column with it; an index whose key
positions shift is re-created under a new id (its old store serves older
snapshots until garbage collection).  Every change is DDL of the
table: its schema key is in the transaction's footprint, so a transaction
that wrote the table from an older snapshot fails at COMMIT with OC001.

Stored SQL that names a renamed column or table (CHECK constraints, index
expressions and predicates, the queries of views) is rewritten, so it keeps
meaning the same thing, as PostgreSQL's stored parse trees do.  A view keeps
its column names: a renamed column it selects keeps the old name as alias.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, CatalogObject, Check, Column, ForeignKey, IndexName, Table, View
from ..cluster.jobs import set_constraint_validator
from . import system
from .analyze import Analyzer, Scope
from .ast import AlterAction, AlterTableStmt
from .dialect import parse, parse_expression, to_sql

if TYPE_CHECKING:
    from ..cluster.cluster import Cluster
    from ..sequences import SequenceValues

Change = tuple[str, CatalogObject | None, CatalogObject | None]

ADD_COLUMN_CONSTRAINT = "ALTER TABLE ADD COLUMN with constraint not supported"

#: DSQL's refusals of ADD CONSTRAINT forms (the wording of those not in the recordings is pydsql's)
_REFUSED_CONSTRAINTS = {
    "primary_key": "ALTER TABLE ADD PRIMARY KEY not supported",
    "unique": "ALTER TABLE ADD UNIQUE not supported, use CREATE UNIQUE INDEX ASYNC and ADD CONSTRAINT ... UNIQUE USING INDEX",
}
NOT_VALID_REQUIRED = "ALTER TABLE ADD CONSTRAINT without NOT VALID not supported"
ASYNC_ONLY = "unsupported mode. please use ALTER TABLE ASYNC ... VALIDATE CONSTRAINT."
ASYNC_VALIDATE_ONLY = "ALTER TABLE ASYNC supports VALIDATE CONSTRAINT only"

#: sub-commands PostgreSQL also applies to views (pydsql does not yet)
_VIEW_ACTIONS = {
    "rename_column": "RENAME COLUMN", "rename_table": "RENAME TO", "set_schema": "SET SCHEMA",
    "set_default": "ALTER COLUMN SET DEFAULT", "drop_default": "ALTER COLUMN DROP DEFAULT",
}
#: how PostgreSQL names the others in "ALTER action ... cannot be performed on relation" (alter_table_type_to_string)
_ACTION_NAMES = {
    "add_column": "ADD COLUMN", "drop_column": "DROP COLUMN", "drop_not_null": "ALTER COLUMN ... DROP NOT NULL",
    "set_storage": "ALTER COLUMN ... SET STORAGE", "drop_expression": "ALTER COLUMN ... DROP EXPRESSION",
    "drop_identity": "ALTER COLUMN ... DROP IDENTITY", "set_generated": "ALTER COLUMN ... SET",
    "identity_options": "ALTER COLUMN ... SET",
    "add_constraint": "ADD CONSTRAINT", "drop_constraint": "DROP CONSTRAINT",
    "validate_constraint": "VALIDATE CONSTRAINT", "rename_constraint": "RENAME CONSTRAINT",
}

#: roles OWNER TO accepts: pydsql has one user
_ROLES = frozenset({"admin", "current_user", "current_role", "session_user"})


@dataclass
class AlterResult:
    tag: str
    changes: list[Change]
    catalog: Catalog | None  # None: nothing changed (IF EXISTS on a missing table)
    #: VALIDATE CONSTRAINT: (table id, constraint oid, constraint name) of the job to submit
    validate: tuple[int, int, str] | None = None
    dropped_indexes: list[int] = field(default_factory=list)
    #: indexes still to be built that DROP COLUMN re-created under a new id: (table id, index id, name)
    rebuilds: list[tuple[int, int, str]] = field(default_factory=list)


class AlterTablePlan:
    def __init__(self, stmt: AlterTableStmt, analyzer: Analyzer) -> None:
        self.stmt = stmt
        self.analyzer = analyzer
        self.columns: dict[int, exp.ColumnDef] = {}  # action number -> parsed ADD COLUMN definition
        validate = [a for a in stmt.actions if a.action == "validate_constraint"]
        if stmt.asynchronous and (len(validate) != 1 or len(stmt.actions) != 1):
            raise errors.FeatureNotSupported(ASYNC_VALIDATE_ONLY)
        if validate and not stmt.asynchronous:
            raise errors.FeatureNotSupported(ASYNC_ONLY)
        for n, action in enumerate(stmt.actions):
            if action.action == "refused":
                raise errors.FeatureNotSupported(action.text or "")
            if action.action == "add_column":
                self.columns[n] = _column_definition(action.text or "")
            if action.action == "add_constraint":
                refusal = _REFUSED_CONSTRAINTS.get(action.kind or "")
                if refusal is not None:
                    raise errors.FeatureNotSupported(refusal)
                if action.kind in ("check", "foreign_key") and not action.not_valid:
                    raise errors.FeatureNotSupported(NOT_VALID_REQUIRED)

    def execute(
        self, catalog: Catalog, allocate_id: Callable[[], int], values: SequenceValues | None = None
    ) -> AlterResult:
        stmt = self.stmt
        if (stmt.schema or system.PG_CATALOG, stmt.table) in system.RELATIONS and stmt.schema in (
            None, system.PG_CATALOG
        ):  # pg_catalog is searched first
            raise errors.InsufficientPrivilege(f'permission denied: "{stmt.table}" is a system catalog')
        schemas = [stmt.schema] if stmt.schema is not None else list(self.analyzer.search_path)
        relation = next((r for r in (catalog.relation(s, stmt.table) for s in schemas) if r is not None), None)
        if relation is None:
            if stmt.if_exists:
                return AlterResult("ALTER TABLE", [], None)  # NOTICE: relation does not exist, skipping
            shown = stmt.table if stmt.schema is None else f"{stmt.schema}.{stmt.table}"
            raise errors.UndefinedTable(f'relation "{shown}" does not exist')
        if not isinstance(relation, Table):
            for action in stmt.actions:
                if action.action in _VIEW_ACTIONS:
                    raise errors.FeatureNotSupported(
                        f"ALTER TABLE ... {_VIEW_ACTIONS[action.action]} of a view is not supported by pydsql yet"
                    )
                if action.action != "owner":
                    raise errors.WrongObjectType(
                        f'ALTER action {_ACTION_NAMES[action.action]} cannot be performed on relation "{relation.name}"',
                        detail="This operation is not supported for views.",
                    )
            return AlterResult("ALTER TABLE", [], None)
        work = _Work(catalog, relation, allocate_id, self.analyzer)
        work.sequence_values = values
        for n, action in enumerate(stmt.actions):
            work.apply(action, self.columns.get(n))
        return work.result()


def _column_definition(text: str) -> exp.ColumnDef:
    """The column definition of ADD COLUMN, parsed as CREATE TABLE parses one; DSQL's refusal first."""
    (statement,) = parse(f"CREATE TABLE _ ({text})")
    node = statement.node
    assert isinstance(node, exp.Create) and isinstance(node.this, exp.Schema)
    items = node.this.expressions
    if len(items) != 1 or not isinstance(items[0], exp.ColumnDef):
        raise errors.SyntaxError(f'syntax error at or near "{text.split()[0]}"')
    column: exp.ColumnDef = items[0]
    if column.args.get("constraints") or node.meta.get("identity"):
        raise errors.FeatureNotSupported(ADD_COLUMN_CONSTRAINT)
    if column.args.get("kind") is None:
        raise errors.SyntaxError("syntax error at end of input")
    return column


class _Work:
    """The table and catalog as the sub-commands so far left them."""

    def __init__(self, catalog: Catalog, table: Table, allocate_id: Callable[[], int], analyzer: Analyzer) -> None:
        self.before = table
        self.table = table
        self.catalog = catalog
        self.allocate_id = allocate_id
        self.analyzer = analyzer
        self.changes: list[Change] = []
        self.validate: tuple[int, int, str] | None = None
        self.dropped_indexes: list[int] = []
        self.rebuilds: list[tuple[int, int, str]] = []
        #: the cluster's sequence counters (an identity's ALTER checks new bounds against them)
        self.sequence_values: SequenceValues | None = None

    def result(self) -> AlterResult:
        catalog = self.catalog
        if self.table.schema != self.before.schema or self.table.name != self.before.name:
            catalog = catalog.without_table(self.before)
        catalog = catalog.with_table(self.table)
        changes: list[Change] = [("alter_table", self.before, self.table), *self.changes]
        return AlterResult("ALTER TABLE", changes, catalog, self.validate, self.dropped_indexes, self.rebuilds)

    # -- helpers --------------------------------------------------------------------------------

    def column(self, name: str, *, qualified: bool = True) -> tuple[int, Column]:
        pos = self.table.position(name)
        if pos is None:  # PostgreSQL names the relation, except in RENAME COLUMN
            of = f' of relation "{self.table.name}"' if qualified else ""
            raise errors.UndefinedColumn(f'column "{name}"{of} does not exist')
        return pos, self.table.columns[pos]

    def set_column(self, pos: int, column: Column) -> None:
        columns = list(self.table.columns)
        columns[pos] = column
        self.table = self.table.with_changes(columns=tuple(columns))

    def constraint_names(self) -> set[str]:
        t = self.table
        names = {c.name for c in t.checks} | {f.name for f in t.foreign_keys}
        names.update(i.name for i in t.indexes if i.constraint)
        if t.primary_key is not None:
            names.add(t.primary_key.name)
        return names

    def choose_name(self, base: str) -> str:
        taken = self.constraint_names() | self.catalog.relation_names(self.table.schema)
        candidate, n = base, 0
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def scope(self) -> Scope:
        scope = Scope()
        scope.add(self.table.name, [(c.name, c.type) for c in self.table.columns], self.table)
        return scope

    def rename_in_stored_sql(self, old: str, new: str) -> None:
        """A column renamed: CHECK constraints and index expressions/predicates name it anew."""
        t = self.table

        def rename(text: str) -> str:
            return to_sql(_rename_columns(parse_expression(text), {old: new}))

        t = t.with_changes(columns=tuple(
            c if c.generated is None else replace(c, generated=rename(c.generated)) for c in t.columns
        ))
        checks = tuple(replace(c, expression=rename(c.expression)) for c in t.checks)
        indexes = tuple(
            replace(
                i,
                expressions=tuple(None if x is None else rename(x) for x in i.expressions),
                predicate=None if i.predicate is None else rename(i.predicate),
            )
            for i in t.indexes
        )
        self.table = t.with_changes(checks=checks, indexes=indexes)

    def rewrite_views(self, rewrite: Callable[[exp.Expr], bool]) -> None:
        """Apply ``rewrite`` (true if it changed something) to the query of every view reading the table."""
        from .query import plan_query

        old = (self.before.schema, self.before.name)
        new = (self.table.schema, self.table.name)
        for view in list(self.catalog.views.values()):
            if old not in view.depends_on:
                continue
            (statement,) = parse(view.query)
            assert isinstance(statement.node, exp.Expr)
            query = statement.node.copy()  # parses are cached and shared: rewrite a copy
            if not rewrite(query):
                continue
            depends_on = frozenset(new if d == old else d for d in view.depends_on)
            text = to_sql(query)
            # the view must still plan, with its columns unchanged (a later sub-command sees the new text)
            probe = self.catalog.without_table(self.before).with_table(self.table)
            analyzer = Analyzer(probe, (), view.schema, (view.schema,))
            (check,) = parse(text)
            assert isinstance(check.node, exp.Expr)
            columns = tuple(plan_query(check.node, analyzer).columns)
            if [n for n, _ in columns] != [n for n, _ in view.columns]:
                raise errors.InvalidTableDefinition(f'cannot rewrite view "{view.name}" for this change')
            updated = View(view.table_id, view.schema, view.name, text, view.columns, depends_on)
            self.catalog = self.catalog.with_view(updated)
            self.changes.append(("alter_view", view, updated))

    # -- sub-commands ---------------------------------------------------------------------------

    def apply(self, action: AlterAction, column_def: exp.ColumnDef | None) -> None:
        getattr(self, f"do_{action.action}")(action, column_def)

    def do_add_column(self, action: AlterAction, node: exp.ColumnDef | None) -> None:
        from .datatypes import declared_type
        from .ddl import column_type

        assert node is not None
        name = node.name
        if self.table.position(name) is not None:
            if action.if_exists:
                return  # NOTICE: column already exists, skipping
            raise errors.DuplicateColumn(f'column "{name}" of relation "{self.table.name}" already exists')
        kind = node.args["kind"]
        declared, domain = declared_type(kind, self.catalog, self.analyzer.search_path)
        t = column_type(declared, kind)
        if domain is not None and (domain.default is not None or domain.not_null):
            # existing rows would take the domain's default or violate its NOT NULL: a constraint
            raise errors.FeatureNotSupported(ADD_COLUMN_CONSTRAINT)
        self.table = self.table.with_changes(columns=self.table.columns + (Column(name, t, domain=domain),))

    def do_drop_column(self, action: AlterAction, _: object) -> None:
        from .namespace import drop_dependents

        name = action.name or ""
        t = self.table
        pos = t.position(name)
        if pos is None:
            if action.if_exists:
                return  # NOTICE: column does not exist, skipping
            self.column(name)
        assert pos is not None
        if t.primary_key is not None and pos in t.primary_key.columns:
            raise errors.FeatureNotSupported("cannot drop primary key column")
        # what other objects depend on the column: foreign keys of other tables, views
        referencing = [
            (other, fk) for other in self.catalog.tables.values() if other.table_id != t.table_id
            for fk in other.foreign_keys
            if (fk.ref_schema or other.schema, fk.ref_table) == (t.schema, t.name) and name in fk.ref_columns
        ]
        views = [v for v in self.catalog.dependents(t.schema, t.name) if _view_uses_column(v, t, name)]
        # stored generated columns computed from it (PostgreSQL drops them with CASCADE)
        generated = [c.name for c in t.columns if c.name != name and _mentions(c.generated, name)]
        if (referencing or views or generated) and not action.cascade:
            raise errors.DependentObjectsStillExist(
                f"cannot drop column {name} of table {t.name} because other objects depend on it",
                detail="\n".join(
                    [f"column {g} of table {t.name} depends on column {name} of table {t.name}" for g in generated]
                    + [f"constraint {fk.name} on table {other.name} depends on column {name} of table {t.name}"
                       for other, fk in referencing]
                    + [f"view {v.name} depends on column {name} of table {t.name}" for v in views]
                ),
                hint="Use DROP ... CASCADE to drop the dependent objects too.",
            )
        for other, fk in referencing:  # CASCADE
            after = other.with_changes(foreign_keys=tuple(f for f in other.foreign_keys if f is not fk))
            self.catalog = self.catalog.with_table(after)
            self.changes.append(("alter_table", other, after))
        for view in views:
            if self.catalog.view(view.schema, view.name) is None:
                continue  # dropped through another view
            changes: list[Change] = []
            self.catalog = drop_dependents(self.catalog, view.schema, view.name, "view", True, changes)
            self.catalog = self.catalog.without_view(view)
            self.changes.extend(changes)
            self.changes.append(("drop_view", view, None))
        # the column's own sequence (identity, OWNED BY) goes with it
        for seq in self.catalog.owned_sequences(t):
            if seq.owner is not None and seq.owner[1] == name:
                self.catalog = self.catalog.without_sequence(seq)
                self.changes.append(("drop_sequence", seq, None))

        def shift(p: int) -> int:
            return p - 1 if p > pos else p

        # indexes and constraints on the column go with it (PostgreSQL); the others follow the
        # new positions, and an index whose key function changes is a new index (new id), so
        # storage builds it for the new row layout and retires the old one (storage.mvcc)
        indexes = []
        for index in t.indexes:
            if pos in index.columns or pos in index.include or _mentions(index.predicate, name) or any(
                _mentions(x, name) for x in index.expressions
            ):
                self.changes.append(("drop_index", IndexName(index.index_id, t.schema, index.name), None))
                self.dropped_indexes.append(index.index_id)
                continue
            moved = replace(index, columns=tuple(-1 if p < 0 else shift(p) for p in index.columns),
                            include=tuple(shift(p) for p in index.include))
            if moved != index or index.expressions or index.predicate is not None:
                moved = replace(moved, index_id=self.allocate_id())
                self.changes.append(("alter_index", IndexName(index.index_id, t.schema, index.name),
                                     IndexName(moved.index_id, t.schema, moved.name)))
                if not moved.valid:  # its build (if still running) is for the old id: build the new one
                    self.rebuilds.append((t.table_id, moved.index_id, moved.name))
            indexes.append(moved)
        pk = t.primary_key
        if pk is not None:
            pk = replace(pk, columns=tuple(shift(p) for p in pk.columns))
        checks = tuple(c for c in t.checks if not _mentions(c.expression, name))
        fkeys = tuple(replace(f, columns=tuple(shift(p) for p in f.columns))
                      for f in t.foreign_keys if pos not in f.columns)
        columns = t.columns[:pos] + t.columns[pos + 1:]
        self.table = t.with_changes(columns=columns, primary_key=pk, indexes=tuple(indexes), checks=checks,
                                    foreign_keys=fkeys)
        # column comments (COMMENT ON COLUMN) are keyed by position: the column's goes with it,
        # those after it follow their columns
        comments = {}
        for (classoid, objoid, subid), text in self.catalog.comments.items():
            if objoid == t.table_id and subid > 0:
                if subid == pos + 1:
                    continue
                subid = shift(subid - 1) + 1
            comments[(classoid, objoid, subid)] = text
        self.catalog = replace(self.catalog, comments=comments)
        for dependent in generated:  # CASCADE: with what depends on them in turn
            self.do_drop_column(AlterAction("drop_column", dependent, cascade=True), None)

    def do_rename_column(self, action: AlterAction, _: object) -> None:
        old, new = action.name or "", action.new_name or ""
        pos, col = self.column(old, qualified=False)
        if self.table.position(new) is not None:
            raise errors.DuplicateColumn(f'column "{new}" of relation "{self.table.name}" already exists')
        self.set_column(pos, replace(col, name=new))
        self.rename_in_stored_sql(old, new)
        for seq in self.catalog.owned_sequences(self.table):  # ownership names the column
            if seq.owner == (self.table.table_id, old):
                moved = replace(seq, owner=(self.table.table_id, new))
                self.catalog = self.catalog.with_sequence(moved)
                self.changes.append(("alter_sequence", seq, moved))
        table = self.table

        def rewrite(query: exp.Expr) -> bool:
            return _rename_view_columns(query, table, old, new)

        self.rewrite_views(rewrite)

    def do_rename_constraint(self, action: AlterAction, _: object) -> None:
        old, new = action.name or "", action.new_name or ""
        names = self.constraint_names()
        if old not in names:
            raise errors.UndefinedObject(f'constraint "{old}" for table "{self.table.name}" does not exist')
        if new in names:
            raise errors.DuplicateObject(f'constraint "{new}" for relation "{self.table.name}" already exists')
        t = self.table
        index_named = any(i.name == old for i in t.indexes) or (t.primary_key is not None and t.primary_key.name == old)
        if index_named and new in self.catalog.relation_names(t.schema):
            raise errors.DuplicateTable(f'relation "{new}" already exists')
        self.table = t.with_changes(
            checks=tuple(replace(c, name=new) if c.name == old else c for c in t.checks),
            foreign_keys=tuple(replace(f, name=new) if f.name == old else f for f in t.foreign_keys),
            indexes=tuple(replace(i, name=new) if i.name == old else i for i in t.indexes),
            primary_key=replace(t.primary_key, name=new) if t.primary_key is not None and t.primary_key.name == old
            else t.primary_key,
        )

    def _move(self, schema: str, name: str) -> None:
        """RENAME TO / SET SCHEMA: the table (with its indexes and owned sequences) and the views reading it."""
        if self.catalog.relation(schema, name) is not None or name in self.catalog.relation_names(schema):
            raise errors.DuplicateTable(f'relation "{name}" already exists' + ("" if schema == self.table.schema
                                        else f' in schema "{schema}"'))
        if schema != self.table.schema:
            taken = self.catalog.relation_names(schema)
            for index in (*self.table.indexes, *((self.table.primary_key,) if self.table.primary_key else ())):
                if index.name in taken:
                    raise errors.DuplicateTable(f'relation "{index.name}" already exists in schema "{schema}"')
            for seq in self.catalog.owned_sequences(self.table):  # identity sequences go with the table
                if seq.name in taken:
                    raise errors.DuplicateTable(f'relation "{seq.name}" already exists in schema "{schema}"')
                moved = replace(seq, schema=schema)
                self.catalog = self.catalog.without_sequence(seq).with_sequence(moved)
                self.changes.append(("alter_sequence", seq, moved))
        old_schema, old_name = self.table.schema, self.table.name

        def follow(table: Table) -> Table:
            """Foreign keys name the table they reference: they follow it (PostgreSQL's hold its OID)."""
            fkeys = tuple(
                replace(f, ref_schema=schema, ref_table=name)
                if (f.ref_schema or table.schema, f.ref_table) == (old_schema, old_name) else f
                for f in table.foreign_keys
            )
            return table if fkeys == table.foreign_keys else table.with_changes(foreign_keys=fkeys)

        for other in list(self.catalog.tables.values()):
            if other.table_id != self.table.table_id and follow(other) is not other:
                after = follow(other)
                self.catalog = self.catalog.with_table(after)
                self.changes.append(("alter_table", other, after))
        self.table = follow(self.table).with_changes(schema=schema, name=name)

        def rewrite(query: exp.Expr) -> bool:
            changed = False
            for node in query.find_all(exp.Table):
                if node.db == old_schema and node.name == old_name:
                    node.set("db", exp.to_identifier(schema))
                    if not node.alias and name != old_name:
                        node.set("alias", exp.TableAlias(this=exp.to_identifier(old_name)))
                    node.set("this", exp.to_identifier(name))
                    changed = True
            return changed

        self.rewrite_views(rewrite)
        for index in self.table.indexes:  # index names are relation names: the footprint claims them
            self.changes.append(("alter_index", IndexName(index.index_id, old_schema, index.name),
                                 IndexName(index.index_id, schema, index.name)))

    def do_rename_table(self, action: AlterAction, _: object) -> None:
        new = action.new_name or ""
        system.refuse_create(self.table.schema, new)
        self._move(self.table.schema, new)

    def do_set_schema(self, action: AlterAction, _: object) -> None:
        schema = action.new_name or ""
        if schema not in self.catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        if schema == self.table.schema:
            return  # PostgreSQL: a no-op
        system.refuse_create(schema, self.table.name)
        self._move(schema, self.table.name)

    def do_set_default(self, action: AlterAction, _: object) -> None:
        from .ddl import _default_text

        pos, col = self.column(action.name or "")
        if col.generated is not None:
            raise errors.SyntaxError(f'column "{col.name}" of relation "{self.table.name}" is a generated column')
        if col.identity is not None:
            raise errors.SyntaxError(
                f'column "{col.name}" of relation "{self.table.name}" is an identity column',
                hint="Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.",
            )
        text = _default_text(parse_expression(action.text or ""), col.type, col.name, self.analyzer)
        self.set_column(pos, replace(col, default=text))

    def do_drop_default(self, action: AlterAction, _: object) -> None:
        pos, col = self.column(action.name or "")
        if col.generated is not None:
            raise errors.SyntaxError(
                f'column "{col.name}" of relation "{self.table.name}" is a generated column',
                hint="Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.",
            )
        if col.identity is not None:
            raise errors.SyntaxError(
                f'column "{col.name}" of relation "{self.table.name}" is an identity column',
                hint="Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.",
            )
        self.set_column(pos, replace(col, default=None))

    def do_drop_not_null(self, action: AlterAction, _: object) -> None:
        pos, col = self.column(action.name or "")
        pk = self.table.primary_key
        if pk is not None and pos in pk.columns:
            raise errors.InvalidTableDefinition(f'column "{col.name}" is in a primary key')
        if col.identity is not None:
            raise errors.InvalidTableDefinition(
                f'column "{col.name}" of relation "{self.table.name}" is an identity column'
            )
        self.set_column(pos, replace(col, not_null=False))

    def do_set_storage(self, action: AlterAction, _: object) -> None:
        self.column(action.name or "")  # storage strategy: no meaning for pydsql's storage

    def do_drop_expression(self, action: AlterAction, _: object) -> None:
        """The column keeps the values stored so far and is written like any other from now on."""
        pos, col = self.column(action.name or "")
        if col.generated is None:
            if action.if_exists:
                return  # NOTICE: column is not a stored generated column, skipping
            raise errors.ObjectNotInPrerequisiteState(
                f'column "{col.name}" of relation "{self.table.name}" is not a stored generated column'
            )
        self.set_column(pos, replace(col, generated=None))

    def _identity(self, action: AlterAction) -> tuple[int, Column] | None:
        pos, col = self.column(action.name or "")
        if col.identity is None:
            if action.if_exists:
                return None  # NOTICE: column is not an identity column, skipping
            raise errors.ObjectNotInPrerequisiteState(
                f'column "{col.name}" of relation "{self.table.name}" is not an identity column'
            )
        return pos, col

    def do_drop_identity(self, action: AlterAction, _: object) -> None:
        found = self._identity(action)
        if found is None:
            return
        pos, col = found
        seq = self.catalog.sequence_by_id(col.sequence)
        self.set_column(pos, replace(col, identity=None, sequence=0))
        if seq is not None:
            self.catalog = self.catalog.without_sequence(seq)
            self.changes.append(("drop_sequence", seq, None))

    def do_set_generated(self, action: AlterAction, _: object) -> None:
        found = self._identity(replace(action, if_exists=False))
        assert found is not None
        pos, col = found
        self.set_column(pos, replace(col, identity=action.kind))

    def do_identity_options(self, action: AlterAction, _: object) -> None:
        """``ALTER COLUMN c SET INCREMENT BY 2 RESTART WITH 10...``: ALTER SEQUENCE of the identity's sequence."""
        from .sequence_ddl import check_cache, define

        found = self._identity(replace(action, if_exists=False))
        assert found is not None
        _, col = found
        seq = self.catalog.sequence_by_id(col.sequence)
        assert seq is not None
        check_cache(action.options, "identity column", creating=False)
        current = self.sequence_values.peek(seq)[0] if self.sequence_values is not None else None
        new = define(action.options, object_id=seq.table_id, schema=seq.schema, name=seq.name, base=seq,
                     current=current, new_state=self.allocate_id, identity=True)
        self.catalog = self.catalog.without_sequence(seq).with_sequence(new)
        self.changes.append(("alter_sequence", seq, new))

    def do_add_constraint(self, action: AlterAction, _: object) -> None:
        if action.name is not None and action.name in self.constraint_names():
            raise errors.DuplicateObject(
                f'constraint "{action.name}" for relation "{self.table.name}" already exists'
            )
        getattr(self, f"add_{action.kind}")(action)

    def add_check(self, action: AlterAction) -> None:
        node = parse_expression((action.text or "")[len("CHECK"):].strip())
        self.analyzer.check_constraint(node, self.scope())
        referenced = sorted({c.name for c in node.find_all(exp.Column)})
        base = f"{self.table.name}_{referenced[0]}_check" if len(referenced) == 1 else f"{self.table.name}_check"
        name = action.name or self.choose_name(base)
        check = Check(name, to_sql(node), self.allocate_id(), valid=not action.not_valid)
        self.table = self.table.with_changes(checks=self.table.checks + (check,))

    def add_foreign_key(self, action: AlterAction) -> None:
        (statement,) = parse(f"CREATE TABLE _ (CONSTRAINT _ {action.text})")
        node = statement.node
        assert isinstance(node, exp.Create) and isinstance(node.this, exp.Schema)
        (constraint,) = node.this.expressions
        fk = constraint.expressions[0]
        if not isinstance(fk, exp.ForeignKey):
            raise errors.SyntaxError(f'syntax error at or near "{(action.text or "").split()[0]}"')
        cols = [e.name for e in fk.expressions]
        positions = tuple(self.column(c)[0] for c in cols)
        ref = fk.args["reference"]
        ref_schema_node = ref.this
        ref_table = ref_schema_node.this if isinstance(ref_schema_node, exp.Schema) else ref_schema_node
        ref_cols = tuple(e.name for e in ref_schema_node.expressions) if isinstance(ref_schema_node, exp.Schema) else ()
        schemas = [ref_table.db] if ref_table.db else list(self.analyzer.search_path)
        parent = next((t for t in (self.catalog.table(s, ref_table.name) for s in schemas) if t is not None), None)
        if parent is None:
            raise errors.UndefinedTable(f'relation "{ref_table.name}" does not exist')
        if parent.table_id == self.table.table_id:
            parent = self.table
        if not ref_cols:
            if parent.primary_key is None:
                raise errors.UndefinedObject(f'there is no primary key for referenced table "{parent.name}"')
            ref_cols = tuple(parent.columns[i].name for i in parent.primary_key.columns)
        for c in ref_cols:
            if parent.position(c) is None:
                raise errors.UndefinedColumn(f'column "{c}" referenced in foreign key constraint does not exist')
        if len(ref_cols) != len(cols):
            raise errors.InvalidForeignKey("number of referencing and referenced columns for foreign key disagree")
        name = action.name or self.choose_name(f"{self.table.name}_{'_'.join(cols)}_fkey")
        fkey = ForeignKey(name, positions, parent.name, ref_cols, self.allocate_id(), parent.schema,
                          valid=not action.not_valid)
        self.table = self.table.with_changes(foreign_keys=self.table.foreign_keys + (fkey,))

    def add_unique_using_index(self, action: AlterAction) -> None:
        index_name = action.text or ""
        index = next((i for i in self.table.indexes if i.name == index_name), None)
        if index is None:
            raise errors.UndefinedObject(f'index "{index_name}" does not exist')
        if index.constraint:
            raise errors.ObjectNotInPrerequisiteState(
                f'index "{index_name}" is already associated with a constraint'
            )
        if not index.unique:
            raise errors.WrongObjectType(f'"{index_name}" is not a unique index',
                                         detail="Cannot create a primary key or unique constraint using such an index.")
        if not index.plain:
            raise errors.WrongObjectType(f'index "{index_name}" contains expressions' if index.expressions
                                         else f'"{index_name}" is a partial index',
                                         detail="Cannot create a primary key or unique constraint using such an index.")
        if not index.valid:
            raise errors.ObjectNotInPrerequisiteState(f'index "{index_name}" is not valid')
        name = action.name or index_name
        if name != index_name and name in self.catalog.relation_names(self.table.schema):
            raise errors.DuplicateTable(f'relation "{name}" already exists')
        renamed = replace(index, name=name, constraint=True)  # NOTICE: ALTER TABLE / ADD CONSTRAINT USING INDEX will rename index
        self.table = self.table.with_changes(indexes=tuple(renamed if i is index else i for i in self.table.indexes))
        if name != index_name:
            self.changes.append(("alter_index", IndexName(index.index_id, self.table.schema, index_name),
                                 IndexName(index.index_id, self.table.schema, name)))

    def do_drop_constraint(self, action: AlterAction, _: object) -> None:
        name = action.name or ""
        t = self.table
        if t.primary_key is not None and t.primary_key.name == name:
            raise errors.FeatureNotSupported("ALTER TABLE DROP CONSTRAINT of a primary key not supported")
        if name not in self.constraint_names():
            if action.if_exists:
                return  # NOTICE: constraint does not exist, skipping
            raise errors.UndefinedObject(f'constraint "{name}" of relation "{t.name}" does not exist')
        dropped = [i for i in t.indexes if i.name == name and i.constraint]
        self.table = t.with_changes(
            checks=tuple(c for c in t.checks if c.name != name),
            foreign_keys=tuple(f for f in t.foreign_keys if f.name != name),
            indexes=tuple(i for i in t.indexes if not (i.name == name and i.constraint)),
        )
        for index in dropped:  # a UNIQUE constraint's index goes with it
            self.changes.append(("drop_index", IndexName(index.index_id, t.schema, index.name), None))
            self.dropped_indexes.append(index.index_id)

    def do_validate_constraint(self, action: AlterAction, _: object) -> None:
        name = action.name or ""
        t = self.table
        found: Check | ForeignKey | None = next((c for c in t.checks if c.name == name), None) or next(
            (f for f in t.foreign_keys if f.name == name), None)
        if found is None:
            if name in self.constraint_names():
                raise errors.WrongObjectType(
                    f'constraint "{name}" of relation "{t.name}" is not a foreign key or check constraint'
                )
            raise errors.UndefinedObject(f'constraint "{name}" of relation "{t.name}" does not exist')
        self.validate = (t.table_id, found.oid, name)

    def do_owner(self, action: AlterAction, _: object) -> None:
        if (action.new_name or "") not in _ROLES:
            raise errors.UndefinedObject(f'role "{action.new_name}" does not exist')


def _rename_columns(node: exp.Expr, names: dict[str, str]) -> exp.Expr:
    node = node.copy()
    for column in node.find_all(exp.Column):
        if column.name in names:
            column.set("this", exp.to_identifier(names[column.name]))
    return node


def _column_references(query: exp.Expr, table: Table, name: str) -> tuple[list[exp.Column], bool]:
    """The references to ``table``'s column ``name`` in a view's query, and whether the
    query reads every column of the table (``*`` or ``t.*`` over it).

    A reference belongs to the table when it is qualified with the table's
    name or alias, or unqualified in a SELECT whose FROM reads the table.
    """
    found: list[exp.Column] = []
    star = False
    for select in query.find_all(exp.Select):
        aliases = set()
        for source in select.find_all(exp.Table):
            if source.name == table.name and source.db == table.schema and source.find_ancestor(exp.Select) is select:
                aliases.add(source.alias_or_name)
        if not aliases:
            continue
        for item in select.expressions:
            if isinstance(item, exp.Star) or (
                isinstance(item, exp.Column) and isinstance(item.this, exp.Star) and item.table in aliases
            ):
                star = True
        for column in select.find_all(exp.Column):
            if column.name != name or column.find_ancestor(exp.Select) is not select:
                continue
            if column.table and column.table not in aliases:
                continue
            found.append(column)
    return found, star


def _rename_view_columns(query: exp.Expr, table: Table, old: str, new: str) -> bool:
    """Rename the references to ``table``'s column ``old`` in a view's query (in place);
    a select-list item that is the bare column keeps its output name."""
    columns, _ = _column_references(query, table, old)
    for column in columns:
        renamed = column.copy()
        renamed.set("this", exp.to_identifier(new))
        select = column.parent
        if isinstance(select, exp.Select) and any(column is e for e in select.expressions):
            column.replace(exp.alias_(renamed, old))
        else:
            column.replace(renamed)
    return bool(columns)


def _view_uses_column(view: View, table: Table, name: str) -> bool:
    (statement,) = parse(view.query)
    assert isinstance(statement.node, exp.Expr)
    columns, star = _column_references(statement.node, table, name)
    return star or bool(columns)


def _mentions(text: str | None, name: str) -> bool:
    """Whether stored SQL (a CHECK, an index expression or predicate) names column ``name``."""
    return text is not None and any(c.name == name for c in parse_expression(text).find_all(exp.Column))


# -- VALIDATE CONSTRAINT jobs ----------------------------------------------------------------------


def validate_constraint(cluster: Cluster, table: Table, oid: int) -> str | None:
    """Why the newest committed rows of ``table`` violate constraint ``oid`` (PostgreSQL's
    message), or None; installed as the jobs' validator (:mod:`pydsql.cluster.jobs`)."""
    from .compile import compile_expr

    rows = [row for _, row in cluster.replica.store(table.table_id).items(cluster.version)]
    check = next((c for c in table.checks if c.oid == oid), None)
    try:
        if check is not None:
            scope = Scope()
            scope.add(table.name, [(c.name, c.type) for c in table.columns], table)
            analyzer = Analyzer(Catalog.empty(), (), table.schema)
            fn = compile_expr(analyzer.condition(parse_expression(check.expression), scope, "CHECK"))
            for row in rows:
                if fn(row, None) is False:  # type: ignore[arg-type]  # stored checks read no session state
                    return f'check constraint "{check.name}" of relation "{table.name}" is violated by some row'
            return None
        fkey = next(f for f in table.foreign_keys if f.oid == oid)
        parent = cluster.catalog_now().table(fkey.ref_schema or table.schema, fkey.ref_table)
        if parent is None:
            return f'relation "{fkey.ref_table}" does not exist'
        positions = [parent.position(c) for c in fkey.ref_columns]
        keys = {
            tuple(row[p] for p in positions if p is not None)
            for _, row in cluster.replica.store(parent.table_id).items(cluster.version)
        }
        for row in rows:
            values = tuple(row[i] for i in fkey.columns)
            if None not in values and values not in keys:  # MATCH SIMPLE: a NULL key references nothing
                return f'insert or update on table "{table.name}" violates foreign key constraint "{fkey.name}"'
        return None
    except errors.Error as e:
        return str(e)


set_constraint_validator(validate_constraint)

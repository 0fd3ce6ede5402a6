"""CREATE/DROP SCHEMA and CREATE/DROP VIEW: the DDL that names things rather than storing rows.

Like :mod:`.ddl`, each plan builds a new immutable catalog that the
transaction records and the cluster publishes at COMMIT.

A view is stored as the SQL text of its query with every relation written
with its schema (so reading it does not depend on the reader's search path),
its output columns, and the relations it reads: those cannot be dropped
while the view exists, unless the DROP says CASCADE (which drops the
dependent views too, as PostgreSQL does).  Views are read-only in pydsql.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, CatalogObject, Namespace, Table, View
from . import system
from .analyze import Analyzer
from .dialect import syntax_error_near, to_sql
from .guard import only

#: A change recorded in the transaction: (kind, object before, object after).
Change = tuple[str, CatalogObject | None, CatalogObject | None]


@dataclass
class NamespaceResult:
    tag: str
    changes: list[Change]
    catalog: Catalog | None  # None: nothing changed (IF [NOT] EXISTS)


def _dependency_error(what: str, name: str, dependents: Sequence[str]) -> errors.Error:
    return errors.DependentObjectsStillExist(
        f"cannot drop {what} {name} because other objects depend on it",
        detail="\n".join(dependents),
        hint="Use DROP ... CASCADE to drop the dependent objects too.",
    )


def shown_name(schema: str, name: str, search_path: Sequence[str]) -> str:
    """How PostgreSQL's messages name a relation: qualified unless its schema is on the search path."""
    return name if schema in search_path else f"{schema}.{name}"


def drop_dependents(
    catalog: Catalog, schema: str, name: str, what: str, cascade: bool, changes: list[Change],
    search_path: Sequence[str] = ("public",),
) -> Catalog:
    """Drop the views reading ``schema.name`` (recursively) when ``cascade``; else 2BP01 if there are any."""
    dependents = catalog.dependents(schema, name)
    if not dependents:
        return catalog
    if not cascade:
        shown = shown_name(schema, name, search_path)
        raise _dependency_error(what, shown, [
            f"view {shown_name(v.schema, v.name, search_path)} depends on {what} {shown}" for v in dependents
        ])
    for view in dependents:
        if catalog.view(view.schema, view.name) is None:
            continue  # already dropped through another dependency
        catalog = drop_dependents(catalog, view.schema, view.name, "view", True, changes, search_path)
        catalog = catalog.without_view(view)
        changes.append(("drop_view", view, None))
    return catalog


# -- schemas ------------------------------------------------------------------------------------------


class CreateSchemaPlan:
    """CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]."""

    def __init__(self, node: exp.Create, analyzer: Analyzer) -> None:
        only(node, ("this", "kind", "exists", "properties"), "CREATE SCHEMA")
        target = node.this  # sqlglot puts the schema's name where a table's schema goes
        if not isinstance(target, exp.Table) or not target.db or target.name:
            raise syntax_error_near(target)
        self.name = target.db
        self.if_not_exists = bool(node.args.get("exists"))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        if self.name in catalog.schemas or self.name in system.SYSTEM_SCHEMAS:
            if self.if_not_exists:
                return NamespaceResult("CREATE SCHEMA", [], None)  # NOTICE: schema already exists, skipping
            raise errors.DuplicateSchema(f'schema "{self.name}" already exists')
        if self.name.startswith("pg_"):
            raise errors.ReservedName(
                f'unacceptable schema name "{self.name}"',
                detail='The prefix "pg_" is reserved for system schemas.',
            )
        namespace = Namespace(allocate_id(), self.name)
        change: Change = ("create_schema", None, namespace)
        return NamespaceResult("CREATE SCHEMA", [change], catalog.with_schema(self.name, namespace.table_id))


class DropSchemaPlan:
    """DROP SCHEMA [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""

    def __init__(self, node: exp.Drop, analyzer: Analyzer) -> None:
        only(node, ("tables", "kind", "exists", "cascade", "restrict"), "DROP SCHEMA")
        self.names = [t.db for t in node.args.get("tables") or []]
        self.if_exists = bool(node.args.get("exists"))
        self.cascade = bool(node.args.get("cascade"))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        from .ddl import drop_references
        from .domains import drop_domain_columns
        from .sequence_ddl import drop_dependent_defaults

        changes: list[Change] = []
        changed = False
        for name in self.names:
            if name in system.SYSTEM_SCHEMAS:
                raise errors.InsufficientPrivilege(f"must be owner of schema {name}")
            if name not in catalog.schemas:
                if self.if_exists:
                    continue  # NOTICE: schema does not exist, skipping
                raise errors.InvalidSchemaName(f'schema "{name}" does not exist')
            tables = [t for (s, _), t in catalog.tables.items() if s == name]
            views = [v for (s, _), v in catalog.views.items() if s == name]
            routines = [r for (s, _), overloads in catalog.routines.items() if s == name for r in overloads]
            sequences = [q for (s, _), q in catalog.sequences.items() if s == name]
            domains = [d for (s, _), d in catalog.domains.items() if s == name]
            if (tables or views or routines or sequences or domains) and not self.cascade:
                raise _dependency_error("schema", name, [
                    *(f"table {t.name} depends on schema {name}" for t in tables),
                    *(f"view {v.name} depends on schema {name}" for v in views),
                    *(f"function {r.signature()} depends on schema {name}" for r in routines),
                    *(f"sequence {q.name} depends on schema {name}" for q in sequences),
                    *(f"type {d.name} depends on schema {name}" for d in domains),
                ])
            for routine in routines:
                catalog = catalog.without_routine(routine)
                changes.append(("drop_function", routine, None))
            for view in views:
                if catalog.view(view.schema, view.name) is not None:
                    catalog = drop_dependents(catalog, view.schema, view.name, "view", True, changes)
                    catalog = catalog.without_view(view)
                    changes.append(("drop_view", view, None))
            dropped = {t.table_id for t in tables}
            for table in tables:
                catalog = drop_dependents(catalog, table.schema, table.name, "table", True, changes)
                # foreign keys of other schemas' tables referencing it are dropped (the constraint only)
                catalog = drop_references(catalog, table, dropped, True, changes, ())
                catalog = catalog.without_table(table)
                changes.append(("drop_table", table, None))
            for seq in sequences:
                catalog = drop_dependent_defaults(catalog, seq, True, changes, f"schema {name}")
                catalog = catalog.without_sequence(seq)
                changes.append(("drop_sequence", seq, None))
            for domain in domains:  # columns of its type in other schemas' tables go with it
                catalog = drop_domain_columns(catalog, domain, changes, allocate_id)
                catalog = catalog.without_domain(domain)
                changes.append(("drop_domain", domain, None))
            catalog = catalog.without_schema(name)
            changes.append(("drop_schema", Namespace(allocate_id(), name), None))
            changed = True
        return NamespaceResult("DROP SCHEMA", changes, catalog if changed else None)


# -- views --------------------------------------------------------------------------------------------


class CreateViewPlan:
    """CREATE [OR REPLACE] VIEW name [(columns)] AS query.

    The query is planned here, so a view that cannot run is refused at
    creation with the error its query would raise.
    """

    def __init__(self, node: exp.Create, analyzer: Analyzer) -> None:
        from .query import plan_query, qualify_relations

        only(node, ("this", "kind", "expression", "replace", "exists"), "CREATE VIEW", {
            "properties": "view options are not supported by pydsql yet",
        })
        target = node.this
        column_names: list[str] | None = None
        if isinstance(target, exp.Schema):
            column_names = [c.name for c in target.expressions]
            target = target.this
        if not isinstance(target, exp.Table):
            raise syntax_error_near(target)
        query = node.args.get("expression")
        if query is None:
            raise syntax_error_near(node)
        query = query.copy()
        self.depends_on = frozenset(qualify_relations(query, analyzer))
        plan = plan_query(query, analyzer)
        columns = list(plan.columns)
        if column_names is not None:
            if len(column_names) > len(columns):
                raise errors.SyntaxError("CREATE VIEW specifies more column names than columns")
            columns = [(column_names[i] if i < len(column_names) else n, t) for i, (n, t) in enumerate(columns)]
        seen: set[str] = set()
        for name, _ in columns:
            if name in seen:
                raise errors.DuplicateColumn(f'column "{name}" specified more than once')
            seen.add(name)
        self.columns = tuple(columns)
        self.text = to_sql(query)
        self.schema = target.db or analyzer.schema
        self.name = target.name
        self.replace = bool(node.args.get("replace"))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        schema, name = self.schema, self.name
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        existing = catalog.view(schema, name)
        if existing is not None and self.replace:
            self._check_replacement(existing)
            view = View(existing.table_id, schema, name, self.text, self.columns, self.depends_on)
            return NamespaceResult("CREATE VIEW", [("replace_view", existing, view)], catalog.with_view(view))
        if name in catalog.relation_names(schema):
            raise errors.DuplicateTable(f'relation "{name}" already exists')
        view = View(allocate_id(), schema, name, self.text, self.columns, self.depends_on)
        return NamespaceResult("CREATE VIEW", [("create_view", None, view)], catalog.with_view(view))

    def _check_replacement(self, old: View) -> None:
        """CREATE OR REPLACE VIEW may only add columns at the end (PostgreSQL's checkViewColumns)."""
        if len(self.columns) < len(old.columns):
            raise errors.InvalidTableDefinition("cannot drop columns from view")
        for (new_name, new_type), (old_name, old_type) in zip(self.columns, old.columns):
            if new_name != old_name:
                raise errors.InvalidTableDefinition(
                    f'cannot change name of view column "{old_name}" to "{new_name}"',
                    hint="Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.",
                )
            if new_type != old_type:
                raise errors.InvalidTableDefinition(
                    f'cannot change data type of view column "{old_name}" from {old_type.sql_name()} to '
                    f"{new_type.sql_name()}"
                )


class DropViewPlan:
    """DROP VIEW [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""

    def __init__(self, node: exp.Drop, analyzer: Analyzer) -> None:
        only(node, ("this", "tables", "kind", "exists", "cascade", "restrict"), "DROP VIEW")
        self.targets = [
            (t.db or None, t.name) for t in node.args.get("tables") or [node.this]
        ]
        self.search_path = analyzer.search_path
        self.if_exists = bool(node.args.get("exists"))
        self.cascade = bool(node.args.get("cascade"))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        changes: list[Change] = []
        for schema, name in self.targets:
            schemas = [schema] if schema is not None else list(self.search_path)
            relation = next((r for r in (catalog.relation(s, name) for s in schemas) if r is not None), None)
            if relation is None:
                if self.if_exists:
                    continue  # NOTICE: view does not exist, skipping
                raise errors.UndefinedTable(f'view "{name}" does not exist')
            if not isinstance(relation, View):
                raise errors.WrongObjectType(f'"{name}" is not a view', hint="Use DROP TABLE to remove a table.")
            catalog = drop_dependents(catalog, relation.schema, name, "view", self.cascade, changes, self.search_path)
            catalog = catalog.without_view(relation)
            changes.append(("drop_view", relation, None))
        return NamespaceResult("DROP VIEW", changes, catalog if changes else None)

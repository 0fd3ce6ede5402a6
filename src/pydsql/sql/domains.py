"""CREATE DOMAIN and DROP DOMAIN, and the checks of a domain's constraints.

A domain is its base type plus constraints (see :class:`pydsql.catalog.Domain`):
expressions see a domain-typed value as a value of the base type, so the
analyzer, the planner and the functions need to know nothing of domains.
The constraints are checked where a value *becomes* the domain type, as in
PostgreSQL:

* storing into a column of the domain type (INSERT, UPDATE, defaults):
  :class:`pydsql.sql.rows.TableRules` calls :func:`domain_checker`;
* a cast to the domain (``'x'::mood``): :func:`cast_to_domain` wraps the cast
  to the base type in a call that checks.

Errors are PostgreSQL's: 23502 ``domain d does not allow null values``,
23514 ``value for domain d violates check constraint "d_check"``.
A CHECK constraint is satisfied unless it is false (NULL passes).

DSQL supports CREATE DOMAIN (reference section 3); ALTER DOMAIN is not
implemented.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, CatalogObject, Check, Domain
from ..values.registry import ASSIGNMENT
from . import system
from .analyze import Analyzer, Scope
from .ast import CreateDomainStmt, DropDomainStmt
from .coerce import coerce
from .compile import compile_expr
from .context import ExecContext
from .dialect import parse_expression, to_sql
from .expr import Call, Expr

#: (kind, before, after) as recorded in the transaction
Change = tuple[str, CatalogObject | None, CatalogObject | None]

Checker = Callable[[Any, ExecContext], None]


@dataclass
class DomainResult:
    tag: str
    changes: list[Change]
    catalog: Catalog | None  # None: nothing changed (IF EXISTS)


def _value_scope(domain_type: Any) -> Scope:
    scope = Scope()
    scope.add("", [("value", domain_type)], named=False)
    return scope


@functools.lru_cache(maxsize=1024)
def domain_checker(domain: Domain) -> Checker:
    """``check(value, ctx)``: raises the domain's NOT NULL or CHECK violation (cached per definition)."""
    analyzer = Analyzer(Catalog.empty(), (), domain.schema)
    scope = _value_scope(domain.base)
    checks = [
        (c.name, compile_expr(analyzer.check_constraint(parse_expression(c.expression), scope)))
        for c in domain.checks
    ]

    def check(value: Any, ctx: ExecContext) -> None:
        if value is None and domain.not_null:
            raise errors.NotNullViolation(f"domain {_shown(domain, ctx)} does not allow null values")
        row = (value,)
        for name, fn in checks:
            if fn(row, ctx) is False:
                raise errors.CheckViolation(f'value for domain {_shown(domain, ctx)} violates check constraint "{name}"')

    return check


def _shown(domain: Domain, ctx: ExecContext | None) -> str:
    """The domain as PostgreSQL's messages name a type: qualified unless the search path finds it."""
    from .datatypes import find_domain

    from ..values.formatting import quote_ident  # (slow to import: catalog and error paths only)

    name = quote_ident(domain.name)  # format_type_be quotes a name that needs it: "integer"
    if ctx is None:
        return name
    path = ctx.session.search_path()
    found = find_domain(ctx.txn.catalog, None, domain.name, path)
    return name if found is not None and found.table_id == domain.table_id else f"{quote_ident(domain.schema)}.{name}"


def cast_to_domain(e: Expr, domain: Domain) -> Expr:
    """``e`` (already cast to the base type) checked against ``domain``'s constraints."""
    checker = domain_checker(domain)

    def checked(ctx: ExecContext, value: Any) -> Any:
        checker(value, ctx)
        return value

    # not immutable: the check must raise when the cast runs, not when a plan is folded
    return Call(f"domain:{domain.table_id}", checked, (e,), domain.base, strict=False, immutable=False, context=True)


class CreateDomainPlan:
    """CREATE DOMAIN name [AS] type [DEFAULT expr] [[CONSTRAINT c] {NOT NULL | NULL | CHECK (expr)}]..."""

    def __init__(self, stmt: CreateDomainStmt, analyzer: Analyzer) -> None:
        from .datatypes import declared_type
        from .ddl import _default_text, column_type

        self.stmt = stmt
        self.schema = stmt.schema or analyzer.schema
        cast = parse_expression(f"CAST(NULL AS {stmt.type_text})")
        if not isinstance(cast, exp.Cast):
            raise errors.SyntaxError(f'syntax error at or near "{stmt.type_text}"')
        base, inner = declared_type(cast.args["to"], analyzer.catalog, analyzer.search_path)
        if inner is not None:  # a domain over a domain: PostgreSQL allows it, pydsql keeps one level
            raise errors.FeatureNotSupported("a domain over another domain is not supported by pydsql yet")
        self.base = base = column_type(base, cast.args["to"])
        self.default = None if stmt.default is None else _default_text(
            parse_expression(stmt.default), base, stmt.name, analyzer
        )
        scope = _value_scope(base)
        self.checks: list[tuple[str | None, str]] = []
        for name, text in stmt.checks:
            node = parse_expression(text)
            analyzer.check_constraint(node, scope)  # boolean, VALUE the only column
            self.checks.append((name, to_sql(node)))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> DomainResult:
        schema, name = self.schema, self.stmt.name
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        # a table's row type is a type of the same name (pg_type), so domains share the relations' names
        if catalog.domain(schema, name) is not None or catalog.relation(schema, name) is not None:
            raise errors.DuplicateObject(f'type "{name}" already exists')
        used: set[str] = set()
        checks = []
        for cname, text in self.checks:
            if cname is None:
                cname = base = f"{name}_check"
                n = 0
                while cname in used:
                    n += 1
                    cname = f"{base}{n}"
            elif cname in used:
                raise errors.DuplicateObject(f'constraint "{cname}" for domain "{name}" already exists')
            used.add(cname)
            checks.append(Check(cname, text, allocate_id()))
        domain = Domain(allocate_id(), schema, name, self.base, self.default, self.stmt.not_null, tuple(checks))
        return DomainResult("CREATE DOMAIN", [("create_domain", None, domain)], catalog.with_domain(domain))


class DropDomainPlan:
    """DROP DOMAIN [IF EXISTS] name [, ...] [RESTRICT]: a domain a column uses cannot be dropped."""

    def __init__(self, stmt: DropDomainStmt, analyzer: Analyzer) -> None:
        self.stmt = stmt
        self.search_path: Sequence[str] = analyzer.search_path

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> DomainResult:
        from .datatypes import find_domain
        from .namespace import shown_name

        changes: list[Change] = []
        for schema, name in self.stmt.names:
            domain = find_domain(catalog, schema, name, self.search_path)
            if domain is None:
                if self.stmt.if_exists:
                    continue  # NOTICE: type does not exist, skipping
                raise errors.UndefinedObject(f'type "{name if schema is None else f"{schema}.{name}"}" does not exist')
            users = [
                f"column {c.name} of table {shown_name(t.schema, t.name, self.search_path)} depends on type "
                f"{shown_name(domain.schema, domain.name, self.search_path)}"
                for t in catalog.tables.values() for c in t.columns
                if c.domain is not None and c.domain.table_id == domain.table_id
            ]
            if users and self.stmt.cascade:  # the columns of the domain's type go with it
                catalog = drop_domain_columns(catalog, domain, changes, allocate_id)
            elif users:
                shown = shown_name(domain.schema, domain.name, self.search_path)
                raise errors.DependentObjectsStillExist(
                    f"cannot drop type {shown} because other objects depend on it",
                    detail="\n".join(users),
                    hint="Use DROP ... CASCADE to drop the dependent objects too.",
                )
            catalog = catalog.without_domain(domain)
            changes.append(("drop_domain", domain, None))
        return DomainResult("DROP DOMAIN", changes, catalog if changes else None)


def drop_domain_columns(
    catalog: Catalog, domain: Domain, changes: list[Change], allocate_id: Callable[[], int]
) -> Catalog:
    """DROP DOMAIN ... CASCADE: ALTER TABLE ... DROP COLUMN ... CASCADE of every column of the domain."""
    from .alter import _Work
    from .ast import AlterAction

    for table in list(catalog.tables.values()):
        names = [c.name for c in table.columns if c.domain is not None and c.domain.table_id == domain.table_id]
        if not names:
            continue
        current = catalog.table_by_id(table.table_id)
        assert current is not None
        work = _Work(catalog, current, allocate_id, Analyzer(catalog, (), table.schema))
        for name in names:
            work.do_drop_column(AlterAction("drop_column", name, cascade=True), None)
        result = work.result()
        assert result.catalog is not None
        catalog = result.catalog
        changes.extend(result.changes)
    return catalog


def domain_default(domain: Domain, column: str) -> Expr:
    """A domain's DEFAULT, for a column of the domain type that has none of its own."""
    analyzer = Analyzer(Catalog.empty(), (), domain.schema)
    assert domain.default is not None
    return coerce(analyzer.expr(parse_expression(domain.default), Scope()), domain.base, ASSIGNMENT, column=column)

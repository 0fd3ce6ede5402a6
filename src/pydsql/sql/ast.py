"""Statement nodes that pydsql parses itself (utility statements).

Queries, DML and DDL are parsed by sqlglot into ``sqlglot.exp`` trees; the
statements below are PostgreSQL "utility" statements whose grammar is small
and whose DSQL behaviour (mostly refusals) must be exact, so
:mod:`.dialect` parses them from tokens into these plain records.

The records are ``NamedTuple``s rather than frozen dataclasses because
``import pydsql`` loads this module, and Python 3.11 takes about four times
longer to create a frozen dataclass (it compiles each generated method)
than a named tuple.  Like frozen
dataclasses they are immutable and hashable; unlike them they are also
tuples, so compare them with records of their own class.
(:class:`AlterAction` stays a dataclass: :mod:`.alter` copies it with
``dataclasses.replace``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class TransactionStmt(NamedTuple):
    """BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT / SAVEPOINT / RELEASE."""

    action: str  # begin, commit, rollback, savepoint, release, rollback_to
    isolation: str | None = None  # upper case, e.g. "REPEATABLE READ"
    read_only: bool | None = None
    deferrable: bool | None = None
    chain: bool = False
    savepoint: str | None = None


class SetStmt(NamedTuple):
    """SET [SESSION | LOCAL] name {TO | =} value[, ...] / SET TIME ZONE / RESET."""

    name: str  # lower case parameter name
    value: str | None  # None: DEFAULT / RESET
    local: bool = False
    reset: bool = False  # spelled RESET (the command tag says so)


class CommentStmt(NamedTuple):
    """COMMENT ON {TABLE | VIEW | SEQUENCE | INDEX | COLUMN | CONSTRAINT c ON | SCHEMA} name IS {'text' | NULL}."""

    kind: str  # TABLE, VIEW, SEQUENCE, INDEX, COLUMN, CONSTRAINT, SCHEMA
    name: tuple[str, ...]  # the dotted name as written (folded), e.g. ("s", "t", "c") for a column
    on: tuple[str | None, str] | None  # CONSTRAINT ... ON table: (schema or None, table)
    text: str | None  # None (or ''): drop the comment


class ShowStmt(NamedTuple):
    name: str  # lower case; "all" for SHOW ALL


class AnalyzeStmt(NamedTuple):
    """ANALYZE [VERBOSE] [table [, ...]]: statistics (pydsql keeps none; the tables must exist)."""

    tables: tuple[tuple[str | None, str], ...]  # (schema or None, name)


class RoutineArg(NamedTuple):
    """One argument of CREATE FUNCTION: its name (or None), type and DEFAULT, as SQL text."""

    name: str | None
    type_text: str
    default_text: str | None = None


class CreateFunctionStmt(NamedTuple):
    """CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql (the clauses pydsql keeps; see :mod:`.routines`)."""

    schema: str | None
    name: str
    replace: bool
    args: tuple[RoutineArg, ...]
    returns: str | None  # the result type's SQL text; None with RETURNS TABLE or no RETURNS clause
    setof: bool
    table_columns: tuple[tuple[str, str], ...] | None  # RETURNS TABLE (name type, ...)
    language: str | None
    volatility: str  # pg_proc.provolatile: "i", "s" or "v"
    strict: bool
    body: str | None  # AS '...' (statements)
    return_expr: str | None  # RETURN expression (the SQL-standard body)


class DropFunctionStmt(NamedTuple):
    """DROP FUNCTION [IF EXISTS] name [(argument types)] [, ...] [CASCADE | RESTRICT]."""

    targets: tuple[tuple[str | None, str, tuple[str, ...] | None], ...]  # (schema, name, type texts or None)
    if_exists: bool


class RoleStmt(NamedTuple):
    """CREATE/ALTER/DROP ROLE or USER, GRANT and REVOKE (of privileges or of roles), and DSQL's
    ``AWS IAM GRANT role TO 'arn'`` / ``AWS IAM REVOKE role FROM 'arn'``.

    ``action``: create, alter, rename, drop, grant, revoke, grant_role, revoke_role,
    iam_grant, iam_revoke.  ``names`` are the roles created, altered, dropped or granted;
    ``grantees`` who receives (or loses) privileges or roles; ``object_kind`` what the
    ``objects`` of a privilege grant are (TABLE, SEQUENCE, SCHEMA, FUNCTION, DATABASE,
    ALL TABLES / ALL SEQUENCES / ALL FUNCTIONS, which name schemas).
    """

    action: str
    names: tuple[str, ...] = ()
    grantees: tuple[str, ...] = ()
    privileges: tuple[str, ...] = ()
    object_kind: str = "TABLE"
    objects: tuple[tuple[str | None, str], ...] = ()
    login: bool | None = None
    if_exists: bool = False
    new_name: str | None = None
    arn: str | None = None


class ExplainStmt(NamedTuple):
    """EXPLAIN [ANALYZE] [VERBOSE] statement / EXPLAIN (option [value], ...) statement."""

    statement: Statement
    analyze: bool = False
    verbose: bool = False
    costs: bool = True
    timing: bool = True
    summary: bool | None = None  # None: on with ANALYZE (PostgreSQL's default)


class RefusedStmt(NamedTuple):
    """A statement DSQL refuses, recognized before parsing its body.

    Executing it raises ``sqlstate``/``message``; nothing else happens.
    """

    sqlstate: str
    message: str


class Statement(NamedTuple):
    """One parsed statement of a query string.

    ``node`` is a ``sqlglot.exp.Expr`` or one of the records above;
    ``text`` is the statement's own SQL (the query string may hold several).
    """

    node: object
    text: str


class CreateIndexStmt(NamedTuple):
    """CREATE [UNIQUE] INDEX ASYNC [IF NOT EXISTS] [name] ON table (keys) [INCLUDE (...)]
    [NULLS [NOT] DISTINCT] [WHERE predicate] (DSQL's only form of CREATE INDEX)."""

    unique: bool
    if_not_exists: bool
    name: str | None  # None: the server chooses it (PostgreSQL's rule)
    schema: str | None  # of the table
    table: str
    keys: tuple[tuple[str, bool], ...]  # (column name, False) or (expression SQL text, True)
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    predicate: str | None = None  # SQL text of WHERE


class DropIndexStmt(NamedTuple):
    """DROP INDEX [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""

    names: tuple[tuple[str | None, str], ...]  # (schema or None, name)
    if_exists: bool = False


class CallStmt(NamedTuple):
    """CALL [schema.]procedure(arguments): arguments as SQL text."""

    schema: str | None
    name: str
    args: tuple[str, ...]
    has_subquery: bool = False
#: Sequence options as written, in order: (name, value).  Names and values:
#: ``as`` (type name), ``increment``/``start``/``cache`` (int), ``minvalue``/``maxvalue``
#: (int, None for NO MINVALUE/NO MAXVALUE), ``restart`` (int, None: the start value),
#: ``cycle`` (bool), ``owned_by`` ((schema or None, table, column), None for OWNED BY NONE),
#: ``sequence_name`` ((schema or None, name); identity columns only).
SequenceOptions = tuple[tuple[str, object], ...]


class SequenceStmt(NamedTuple):
    """CREATE SEQUENCE / ALTER SEQUENCE / DROP SEQUENCE (DDL parsed from tokens: sqlglot
    drops most sequence options)."""

    action: str  # create, alter, rename, drop
    names: tuple[tuple[str | None, str], ...]  # (schema or None, name)
    options: SequenceOptions = ()
    if_exists: bool = False  # IF NOT EXISTS (create) / IF EXISTS (alter, drop)
    cascade: bool = False
    new_name: str | None = None  # ALTER SEQUENCE ... RENAME TO


class ReferenceOptions(NamedTuple):
    """What follows ``REFERENCES table [(columns)]`` (sqlglot keeps little of it).

    Actions use pg_constraint's letters: ``a`` NO ACTION, ``r`` RESTRICT,
    ``c`` CASCADE, ``n`` SET NULL, ``d`` SET DEFAULT; ``match`` is ``s``
    (SIMPLE), ``f`` (FULL) or ``p`` (PARTIAL).  ``delete_columns`` are the
    column names of ``ON DELETE SET NULL / SET DEFAULT (columns)``.
    """

    match: str = "s"
    on_delete: str = "a"
    on_update: str = "a"
    delete_columns: tuple[str, ...] | None = None
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(frozen=True, slots=True)
class AlterAction:
    """One sub-command of ALTER TABLE (see :class:`AlterTableStmt`).

    ``action`` and its fields:

    ========================  ====================================================
    add_column                ``text``: the column definition as written
    drop_column               ``name``; ``cascade``
    rename_column             ``name`` -> ``new_name``
    rename_constraint         ``name`` -> ``new_name``
    rename_table              ``new_name``
    set_schema                ``new_name`` (the schema)
    set_default               ``name``; ``text``: the expression
    drop_default              ``name``
    drop_not_null             ``name``
    add_constraint            ``name`` (None: chosen), ``kind`` ("check", "foreign_key",
                              "unique_using_index", "primary_key", "unique"), ``text``:
                              the constraint as written, ``not_valid``
    drop_constraint           ``name``; ``cascade``
    validate_constraint       ``name``
    owner                     ``new_name`` (the role)
    set_storage               ``name``
    drop_expression           ``name``
    drop_identity             ``name``
    set_generated             ``name``; ``kind`` ("a" ALWAYS, "d" BY DEFAULT)
    identity_options          ``name``; ``options``: SET sequence options and RESTART
    refused                   ``text``: DSQL's message (0A000)
    ========================  ====================================================
    """

    action: str
    name: str | None = None
    new_name: str | None = None
    text: str | None = None
    kind: str | None = None
    if_exists: bool = False  # IF [NOT] EXISTS of the sub-command
    cascade: bool = False
    not_valid: bool = False
    options: SequenceOptions = ()


class AlterTableStmt(NamedTuple):
    """ALTER TABLE [ASYNC] [IF EXISTS] [ONLY] name action [, ...] (parsed from tokens:
    DSQL's refusals depend on the exact form of each sub-command)."""

    schema: str | None
    table: str
    actions: tuple[AlterAction, ...]
    if_exists: bool = False
    asynchronous: bool = False


class CreateDomainStmt(NamedTuple):
    """CREATE DOMAIN name [AS] type [DEFAULT expr] [[CONSTRAINT c] NOT NULL | NULL | CHECK (expr)]..."""

    schema: str | None
    name: str
    type_text: str  # the base type as written
    default: str | None
    not_null: bool
    checks: tuple[tuple[str | None, str], ...]  # (constraint name or None, expression text)


class DropDomainStmt(NamedTuple):
    """DROP DOMAIN [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""

    names: tuple[tuple[str | None, str], ...]
    if_exists: bool = False
    cascade: bool = False

"""Statement nodes that pydsql parses itself (utility statements).

Queries, DML and DDL are parsed by sqlglot into ``sqlglot.exp`` trees; the
statements below are PostgreSQL "utility" statements whose grammar is small
and whose DSQL behaviour (mostly refusals) must be exact, so
:mod:`.dialect` parses them from tokens into these plain records.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TransactionStmt:
    """BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT / SAVEPOINT / RELEASE."""

    action: str  # begin, commit, rollback, savepoint, release, rollback_to
    isolation: str | None = None  # upper case, e.g. "REPEATABLE READ"
    read_only: bool | None = None
    deferrable: bool | None = None
    chain: bool = False
    savepoint: str | None = None


@dataclass(frozen=True, slots=True)
class SetStmt:
    """SET [SESSION | LOCAL] name {TO | =} value[, ...] / SET TIME ZONE / RESET."""

    name: str  # lower case parameter name
    value: str | None  # None: DEFAULT / RESET
    local: bool = False


@dataclass(frozen=True, slots=True)
class ShowStmt:
    name: str  # lower case; "all" for SHOW ALL


@dataclass(frozen=True, slots=True)
class AnalyzeStmt:
    """ANALYZE [VERBOSE] [table [, ...]]: statistics (pydsql keeps none; the tables must exist)."""

    tables: tuple[tuple[str | None, str], ...]  # (schema or None, name)


@dataclass(frozen=True, slots=True)
class RefusedStmt:
    """A statement DSQL refuses, recognized before parsing its body.

    Executing it raises ``sqlstate``/``message``; nothing else happens.
    """

    sqlstate: str
    message: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One parsed statement of a query string.

    ``node`` is a ``sqlglot.exp.Expr`` or one of the records above;
    ``text`` is the statement's own SQL (the query string may hold several).
    """

    node: object
    text: str


#: Sequence options as written, in order: (name, value).  Names and values:
#: ``as`` (type name), ``increment``/``start``/``cache`` (int), ``minvalue``/``maxvalue``
#: (int, None for NO MINVALUE/NO MAXVALUE), ``restart`` (int, None: the start value),
#: ``cycle`` (bool), ``owned_by`` ((schema or None, table, column), None for OWNED BY NONE),
#: ``sequence_name`` ((schema or None, name); identity columns only).
SequenceOptions = tuple[tuple[str, object], ...]


@dataclass(frozen=True, slots=True)
class SequenceStmt:
    """CREATE SEQUENCE / ALTER SEQUENCE / DROP SEQUENCE (DDL parsed from tokens: sqlglot
    drops most sequence options)."""

    action: str  # create, alter, rename, drop
    names: tuple[tuple[str | None, str], ...]  # (schema or None, name)
    options: SequenceOptions = ()
    if_exists: bool = False  # IF NOT EXISTS (create) / IF EXISTS (alter, drop)
    cascade: bool = False
    new_name: str | None = None  # ALTER SEQUENCE ... RENAME TO

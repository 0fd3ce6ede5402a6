"""Shared fixtures.

``pg`` is a real PostgreSQL 16 (from the ``pgserver`` wheel, no system install)
for differential tests: one server per test session, a fresh schema per test.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"

_schema_numbers = itertools.count()

#: SQLAlchemy's compliance suite runs under SQLAlchemy's own pytest plugin, with its own
#: rootdir and configuration: ``make test`` runs it as a second pytest invocation.
collect_ignore = ["sqlalchemy_suite"]


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A PostgreSQL 16 server for the whole test session."""
    import pgserver  # a test dependency; its absence must fail the run, not skip it

    server = pgserver.get_server(str(tmp_path_factory.mktemp("pgdata")), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def pg(pg_server: Any) -> Iterator[Any]:
    """A psycopg connection (autocommit) to PostgreSQL 16, in a schema of its own."""
    import psycopg

    conn = psycopg.connect(pg_server.get_uri(), autocommit=True)
    schema = f"t{next(_schema_numbers)}"
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"SET search_path TO {schema}")
    conn.execute("SET TimeZone TO 'UTC'")
    try:
        yield conn
    finally:
        conn.rollback()
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()

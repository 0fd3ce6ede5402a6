"""Alembic environment of the bookstore, written for Aurora DSQL.

DSQL runs one DDL statement per transaction: the dialect commits after each
DDL statement, and each migration runs in its own transaction
(``transaction_per_migration``) so that a failed migration leaves the ones
before it applied.  Alembic knows the ``auroradsql`` dialect name through
:class:`AuroraDSQLImpl` (AWS's dialect ships no Alembic support).
``BOOKSTORE_URL`` overrides the URL of alembic.ini.
"""

from __future__ import annotations

import os

from alembic import context
from alembic.ddl.postgresql import PostgresqlImpl
from sqlalchemy import create_engine

from bookstore.models import Base



class AuroraDSQLImpl(PostgresqlImpl):
    """Alembic's PostgreSQL support for the ``auroradsql`` dialect name (``aurora-dsql-sqlalchemy``
    and pydsql's ``auroradsql+pydsql://``): DSQL's DDL is not transactional with other DDL."""

    __dialect__ = "auroradsql"
    transactional_ddl = False


config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = os.environ.get("BOOKSTORE_URL") or config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()

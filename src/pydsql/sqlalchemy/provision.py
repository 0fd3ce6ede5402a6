"""Provisioning hooks for SQLAlchemy's compliance suite (``sqlalchemy.testing.provision``).

SQLAlchemy imports this module (``Dialect.load_provisioning``) when the suite
starts.  Its hooks dispatch on the URL's backend name, which is ``pydsql``
for ``pydsql://`` and ``auroradsql`` for ``auroradsql+pydsql://``; for
``postgresql+pydsql://`` PostgreSQL's own hooks apply (and fail: they query
``pg_stat_activity`` and create extensions), so the suite runs on the first two.

The suite's database is a named in-process database (``pydsql:///name``) so
that every engine the suite creates reaches the same data; the schemas the
suite expects (``test_schema``, ``test_schema_2``) are created once here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql.provision import _upsert
from sqlalchemy.testing.provision import (
    post_configure_engine,
    set_default_schema_on_connection,
    temp_table_keyword_args,
    upsert,
)

_BACKENDS = ("pydsql", "auroradsql")


@temp_table_keyword_args.for_db(*_BACKENDS)
def _temp_table_keyword_args(cfg: Any, eng: Any) -> dict[str, Any]:
    # only reached by tests the requirements skip: DSQL refuses temporary tables
    return {"prefixes": ["TEMPORARY"]}


@set_default_schema_on_connection.for_db(*_BACKENDS)
def _set_default_schema_on_connection(cfg: Any, dbapi_connection: Any, schema_name: str) -> None:
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    dbapi_connection.execute(f"SET search_path TO {schema_name}")
    dbapi_connection.autocommit = autocommit


upsert.for_db(*_BACKENDS)(_upsert)


@post_configure_engine.for_db(*_BACKENDS)
def _create_test_schemas(url: Any, engine: Any, follower_ident: Any) -> None:
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for schema in ("test_schema", "test_schema_2"):
            conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")

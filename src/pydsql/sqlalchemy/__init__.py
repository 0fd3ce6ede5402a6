"""SQLAlchemy support: ``create_engine("pydsql://")`` runs an application's SQLAlchemy code on pydsql.

The dialect (:mod:`pydsql.sqlalchemy.dialect`) is registered through entry points
(``pyproject.toml``, group ``sqlalchemy.dialects``) under three URLs:

* ``pydsql://`` and ``postgresql+pydsql://`` -> :class:`PyDSQLDialect` (name ``postgresql``);
* ``auroradsql+pydsql://`` -> :class:`AuroraDSQLDialect_pydsql` (name ``auroradsql``, as
  ``aurora-dsql-sqlalchemy``'s ``auroradsql+psycopg://``).

:func:`register` does the same in-process (for a source checkout that is not
installed); importing this module calls it.  It also makes the bare name
``auroradsql`` resolvable when ``aurora-dsql-sqlalchemy`` is not installed, so
``Index(..., auroradsql_include=[...])`` is accepted in tests as in production.

See ``docs/sqlalchemy.md``.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from sqlalchemy.dialects import registry

from .dialect import DEFAULT_SEQUENCE_CACHE_SIZE, AuroraDSQLDialect_pydsql, DSQLDDLCompiler, PyDSQLDialect

_MODULE = "pydsql.sqlalchemy.dialect"


def register() -> None:
    """Register the dialect's URLs with SQLAlchemy (idempotent)."""
    registry.register("pydsql", _MODULE, "PyDSQLDialect")
    registry.register("pydsql.pydsql", _MODULE, "PyDSQLDialect")
    registry.register("postgresql.pydsql", _MODULE, "PyDSQLDialect")
    registry.register("auroradsql.pydsql", _MODULE, "AuroraDSQLDialect_pydsql")
    if not any(ep.name == "auroradsql" for ep in entry_points(group="sqlalchemy.dialects")):
        registry.register("auroradsql", _MODULE, "AuroraDSQLDialect_pydsql")


register()

__all__ = ["PyDSQLDialect", "AuroraDSQLDialect_pydsql", "DSQLDDLCompiler", "DEFAULT_SEQUENCE_CACHE_SIZE", "register"]

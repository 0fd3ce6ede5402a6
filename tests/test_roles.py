"""Roles and privileges (reference section 3: "roles, GRANT/REVOKE work"), against PostgreSQL 16.

Roles are global in PostgreSQL, so the script uses names of its own and
drops them at the end.  DSQL's ``AWS IAM GRANT`` has no PostgreSQL
counterpart and is tested on pydsql alone.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import run_script

SCRIPT = [
    "CREATE TABLE rt (id int PRIMARY KEY, v text)",
    "CREATE VIEW rv AS SELECT id FROM rt",
    "CREATE ROLE pydsql_app WITH LOGIN",
    "CREATE ROLE pydsql_app",
    "CREATE ROLE pg_pydsql",
    "CREATE ROLE public",
    "CREATE USER pydsql_bob",
    "CREATE ROLE pydsql_ro NOLOGIN",
    "GRANT SELECT, INSERT ON rt TO pydsql_app",
    "GRANT SELECT ON TABLE rv TO pydsql_ro",
    "GRANT SELECT ON nosuch TO pydsql_app",
    "GRANT SELECT ON rt TO pydsql_nosuch",
    "GRANT EXECUTE ON rt TO pydsql_app",
    "GRANT USAGE ON SCHEMA nosuch TO pydsql_app",
    "GRANT pydsql_ro TO pydsql_bob",
    "GRANT pydsql_bob TO pydsql_bob",
    "SELECT rolname, rolcanlogin, rolsuper FROM pg_roles WHERE rolname LIKE 'pydsql%' ORDER BY 1",
    "SELECT usename FROM pg_user WHERE usename LIKE 'pydsql%' ORDER BY 1",
    "SELECT has_table_privilege('pydsql_app', 'rt', 'SELECT'), has_table_privilege('pydsql_app', 'rt', 'DELETE'), "
    "has_table_privilege('pydsql_bob', 'rv', 'SELECT'), has_table_privilege('pydsql_bob', 'rt', 'select, insert')",
    "SELECT has_table_privilege('pydsql_nosuch', 'rt', 'SELECT')",
    "SELECT has_table_privilege('pydsql_app', 'rt', 'FLY')",
    "SELECT g.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
    "JOIN pg_roles m ON m.oid = a.member WHERE m.rolname LIKE 'pydsql%'",
    "SELECT 'pydsql_app'::regrole::text, 'pydsql_app'::regrole::oid = (SELECT oid FROM pg_roles WHERE rolname = 'pydsql_app')",
    "DROP ROLE pydsql_app",
    "REVOKE ALL ON rt FROM pydsql_app",
    "DROP ROLE pydsql_app",
    "DROP ROLE pydsql_app",
    "DROP ROLE IF EXISTS pydsql_app",
    "ALTER ROLE pydsql_bob RENAME TO pydsql_carol",
    "SELECT rolname FROM pg_roles WHERE rolname LIKE 'pydsql%' ORDER BY 1",
    "REVOKE pydsql_ro FROM pydsql_carol",
    "REVOKE SELECT ON rv FROM pydsql_ro",
    "DROP ROLE pydsql_carol, pydsql_ro",
    "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pydsql%'",
]


def test_roles_and_grants(pg: Any) -> None:
    try:
        run_script(pg, SCRIPT)
    finally:
        for role in ("pydsql_app", "pydsql_bob", "pydsql_carol", "pydsql_ro"):
            pg.execute(f"DROP OWNED BY {role}") if _exists(pg, role) else None
            pg.execute(f"DROP ROLE IF EXISTS {role}")


def _exists(pg: Any, role: str) -> bool:
    return bool(pg.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (role,)).fetchone()[0])


def _error(conn: pydsql.Connection, sql: str) -> tuple[str | None, str]:
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    return info.value.sqlstate, str(info.value)


def test_aws_iam_grant_maps_roles() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE ROLE app WITH LOGIN")
    conn.execute("AWS IAM GRANT app TO 'arn:aws:iam::012345678912:role/app'")
    conn.execute("AWS IAM REVOKE app FROM 'arn:aws:iam::012345678912:role/app'")
    assert _error(conn, "AWS IAM GRANT nosuch TO 'arn:aws:iam::1:role/x'") == ("42704", 'role "nosuch" does not exist')


def test_role_statements_are_ddl() -> None:
    """One DDL statement per transaction (GRANT and REVOKE change a table's definition)."""
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.execute("BEGIN")
    conn.execute("CREATE ROLE app")
    assert _error(conn, "GRANT SELECT ON t TO app") == ("0A000", "multiple ddl statements not supported in a transaction")
    conn.execute("ROLLBACK")
    assert _error(conn, "GRANT SELECT ON t TO app")[0] == "42704"  # the role went with its transaction


def test_grant_conflicts_with_a_transaction_writing_the_table() -> None:
    cluster = pydsql.Cluster()
    a, b = cluster.connect(autocommit=True), cluster.connect()
    a.execute("CREATE TABLE t (id int PRIMARY KEY)")
    a.execute("CREATE ROLE app")
    b.execute("INSERT INTO t VALUES (1)")
    a.execute("GRANT SELECT ON t TO app")
    with pytest.raises(pydsql.Error) as info:
        b.commit()
    assert info.value.sqlstate == "40001" and "OC001" in str(info.value)


def test_admin_cannot_be_dropped_or_renamed() -> None:
    conn = pydsql.connect(autocommit=True)
    assert _error(conn, "DROP ROLE admin") == ("55006", "current user cannot be dropped")
    assert _error(conn, "ALTER ROLE admin RENAME TO boss")[0] == "0A000"
    assert _error(conn, "CREATE ROLE x PASSWORD 'secret'")[0] == "0A000"

"""Every statement DSQL refuses (reference sections 2 and 3), one test each: DSQL's SQLSTATE and
message, and no side effect (the database and the session are as before)."""

from __future__ import annotations

import pytest

import pydsql

REFUSALS = [
    # section 3: unsupported statements
    ("TRUNCATE t", "0A000", "unsupported statement: Truncate"),
    ("CREATE EXTENSION pg_trgm", "0A000", "unsupported statement: CreateExtension"),
    ("CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "0A000", "CREATE TRIGGER not supported"),
    ("CREATE DATABASE other", "0A000", "unsupported statement: Createdb"),
    ("CREATE TEMP TABLE tt (a int)", "0A000", "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    ("CREATE TEMPORARY TABLE tt (a int)", "0A000", "TEMPORARY or TEMP table not supported for CREATE TABLE"),
    ("CREATE UNLOGGED TABLE tt (a int)", "0A000", "UNLOGGED table not supported for CREATE TABLE"),
    ("CREATE TABLE tt (id serial PRIMARY KEY)", "42704", 'type "serial" does not exist'),
    ("CREATE TABLE tt (id bigserial PRIMARY KEY)", "42704", 'type "bigserial" does not exist'),
    ("CREATE MATERIALIZED VIEW mv AS SELECT 1", "0A000", "unsupported statement: CreateTableAs"),
    ("CREATE TABLE tt AS SELECT 1 AS a", "0A000", "unsupported statement: CreateTableAs"),
    ("SELECT 1 AS a INTO tt", "0A000", "unsupported statement: CreateTableAs"),
    ("CREATE TYPE mood AS ENUM ('sad', 'ok')", "0A000", "CREATE TYPE not supported"),
    ("CREATE TYPE pair AS (a int, b int)", "0A000", "unsupported statement: CompositeType"),
    ("CREATE TYPE fr AS RANGE (subtype = float8)", "0A000", "unsupported statement: CreateRange"),
    ("CREATE TABLESPACE ts LOCATION '/tmp'", "0A000", "unsupported statement: CreateTableSpace"),
    ("CREATE FOREIGN TABLE ft (a int) SERVER s", "0A000", "unsupported statement: CreateForeignTable"),
    ("VACUUM t", "0A000", "unsupported VACUUM statement"),
    ("LISTEN chan", "0A000", "unsupported statement: Listen"),
    ("NOTIFY chan", "0A000", "unsupported statement: Notify"),
    ("UNLISTEN chan", "0A000", "unsupported statement: Unlisten"),
    ("ALTER SYSTEM SET work_mem = '1MB'", "0A000", "unsupported statement: AlterSystem"),
    ("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", "0A000",
     "CREATE FUNCTION with language plpgsql not supported"),
    ("SELECT * FROM t TABLESAMPLE SYSTEM (10)", "0A000", "TABLESAMPLE clause not supported"),
    ("CREATE TABLE pt (a int) PARTITION BY RANGE (a)", "0A000", "PARTITION BY clause not supported"),
    ("CREATE POLICY p ON t USING (true)", "0A000", "unsupported statement: CreatePolicy"),
    ("DECLARE c CURSOR FOR SELECT 1", "0A000", "unsupported statement: DeclareCursor"),
    ("SELECT pg_advisory_lock(1)", "0A000", "function pg_advisory_lock not supported"),
    ("SELECT pg_backend_pid()", "0A000", "function pg_backend_pid not supported"),
    ("SELECT to_tsvector('english', 'x')", "42704", 'text search configuration "english" does not exist'),
    ("CREATE INDEX i ON t (a)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
    # section 2: transaction statements
    ("BEGIN ISOLATION LEVEL SERIALIZABLE", "0A000", "Unsupported isolation level: SERIALIZABLE"),
    ("BEGIN ISOLATION LEVEL READ COMMITTED", "0A000", "Unsupported isolation level: READ COMMITTED"),
    ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "0A000", 'setting configuration parameter "TRANSACTION" not supported'),
    ("SET default_transaction_isolation = 'serializable'", "0A000",
     'setting configuration parameter "default_transaction_isolation" not supported'),
    ("SET ROLE app", "0A000", 'setting configuration parameter "role" not supported'),
    ("SAVEPOINT s", "0A000", "unsupported transaction statement: SAVEPOINT"),
    ("RELEASE SAVEPOINT s", "0A000", "unsupported transaction statement: RELEASE"),
    ("ROLLBACK TO SAVEPOINT s", "0A000", "unsupported transaction statement: ROLLBACK TO"),  # as recorded
]


def _state(conn: pydsql.Connection) -> tuple[object, ...]:
    tables = conn.execute("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1").fetchall()
    rows = conn.execute("SELECT a FROM t ORDER BY a").fetchall()
    return tuple(tables), tuple(rows)


@pytest.mark.parametrize("sql, sqlstate, message", REFUSALS, ids=[r[0][:40] for r in REFUSALS])
def test_refused_with_dsqls_error_and_no_side_effect(sql: str, sqlstate: str, message: str) -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1), (2)")
    before = _state(conn)
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    assert (info.value.sqlstate, str(info.value)) == (sqlstate, message)
    assert not conn.in_transaction
    assert _state(conn) == before


@pytest.mark.parametrize("sql, sqlstate, message", REFUSALS[:5], ids=[r[0][:40] for r in REFUSALS[:5]])
def test_refusal_inside_a_transaction_aborts_it(sql: str, sqlstate: str, message: str) -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (3)")
    with pytest.raises(pydsql.Error):
        conn.execute(sql)
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):
        conn.execute("SELECT 1")
    assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)

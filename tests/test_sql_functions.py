"""SQL-language functions (CREATE FUNCTION ... LANGUAGE sql), against PostgreSQL 16.

DSQL supports them (reference section 3: "SQL-language functions work";
plpgsql is refused).  Each script runs on a fresh pydsql database and on
PostgreSQL; the DSQL-only rules (one DDL per transaction, the plpgsql
refusal) are checked separately below.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import run_script

SCRIPTS: dict[str, list[str]] = {
    "scalar_calls": [
        "CREATE FUNCTION add_one(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 1 $$",
        "SELECT add_one(41), add_one(NULL), add_one('7'), pg_typeof(add_one(1))",
        "CREATE FUNCTION twice(int) RETURNS int RETURN $1 * 2",
        "SELECT twice(21), twice(add_one(1))",
        "CREATE FUNCTION rounded() RETURNS int LANGUAGE sql AS $$ SELECT 1.5 $$",
        "SELECT rounded()",
        "CREATE FUNCTION nothing() RETURNS int LANGUAGE sql AS $$ SELECT 1 WHERE false $$",
        "SELECT nothing() IS NULL",
        "CREATE FUNCTION shout(s text, suffix text DEFAULT '!') RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(s) || suffix $$",
        "SELECT shout('hi'), shout('hi', '?'), shout(NULL), shout('a', NULL)",
        "CREATE FUNCTION strict_add(a int, b int) RETURNS int LANGUAGE sql STRICT AS $$ SELECT coalesce(a, 0) + coalesce(b, 0) $$",
        "SELECT strict_add(1, 2), strict_add(1, NULL)",
        "CREATE FUNCTION lazy_add(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT coalesce(a, 0) + coalesce(b, 0) $$",
        "SELECT lazy_add(1, NULL)",
        "CREATE FUNCTION noop() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$",
        "SELECT noop()",
        "SELECT add_one('x')",
        "SELECT add_one(1, 2)",
        "SELECT add_one(2147483647)",
    ],
    "argument_names_and_columns": [
        "CREATE TABLE t (x int, y int)",
        "INSERT INTO t VALUES (1, 10), (2, 20)",
        "CREATE FUNCTION pick(x int) RETURNS int LANGUAGE sql AS $$ SELECT x FROM t WHERE y = 20 $$",
        "SELECT pick(99)",  # the column x wins over the argument x
        "CREATE FUNCTION pick2(x int) RETURNS int LANGUAGE sql AS $$ SELECT y FROM t WHERE t.x = pick2.x $$",
        "SELECT pick2(1), pick2(3)",
        "CREATE FUNCTION total(factor numeric) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT sum(y) * factor FROM t $$",
        "SELECT total(1.5)",
        "SELECT x, pick2(x) FROM t ORDER BY pick2(x) DESC",
        "SELECT x FROM t WHERE pick2(x) > 10",
        "CREATE VIEW v AS SELECT x, pick2(x) AS p FROM t",
        "SELECT * FROM v ORDER BY x",
    ],
    "set_returning": [
        "CREATE FUNCTION upto(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT generate_series(1, n) $$",
        "SELECT * FROM upto(3)",
        "SELECT upto(2)",
        "SELECT * FROM upto(3) WITH ORDINALITY",
        "SELECT * FROM upto(NULL)",
        "SELECT u FROM upto(4) AS u WHERE u % 2 = 0 ORDER BY u",
        "CREATE FUNCTION pairs(n int) RETURNS TABLE (k int, label text) LANGUAGE sql AS "
        "$$ SELECT g, 'n' || g FROM generate_series(1, n) AS g $$",
        "SELECT * FROM pairs(2)",
        "SELECT * FROM pairs(3) AS p(a, b) WHERE a > 1 ORDER BY a",
        "SELECT label FROM pairs(2) ORDER BY k DESC",
        "SELECT * FROM pairs(2) WITH ORDINALITY",
        "SELECT pairs(2)",
        "CREATE FUNCTION empty_set() RETURNS SETOF text LANGUAGE sql AS $$ SELECT 'x' WHERE false $$",
        "SELECT count(*) FROM empty_set()",
    ],
    "recursion_and_composition": [
        "CREATE FUNCTION fact(n int) RETURNS numeric LANGUAGE sql AS "
        "$$ SELECT CASE WHEN n <= 1 THEN 1 ELSE n * fact(n - 1) END $$",
        "SELECT fact(1), fact(5), fact(25)",
        "CREATE FUNCTION fib(n int) RETURNS bigint LANGUAGE sql AS "
        "$$ SELECT CASE WHEN n < 2 THEN n ELSE fib(n - 1) + fib(n - 2) END $$",
        "SELECT fib(15)",
        "CREATE FUNCTION sq(x numeric) RETURNS numeric RETURN x * x",
        "CREATE FUNCTION hyp(a numeric, b numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT sqrt(sq(a) + sq(b)) $$",
        "SELECT hyp(3, 4)",
    ],
    "writes_in_bodies": [
        "CREATE TABLE items (id int PRIMARY KEY, name text)",
        "CREATE FUNCTION add_item(i int, n text) RETURNS int LANGUAGE sql AS "
        "$$ INSERT INTO items VALUES (i, n) RETURNING id * 10 $$",
        "SELECT add_item(1, 'a')",
        "SELECT add_item(2, 'b'), add_item(3, 'c')",
        "SELECT * FROM items ORDER BY id",
        "SELECT add_item(1, 'dup')",
        "SELECT * FROM items ORDER BY id",
        "CREATE FUNCTION rename_all(suffix text) RETURNS SETOF text LANGUAGE sql AS "
        "$$ UPDATE items SET name = name || suffix RETURNING name $$",
        "SELECT * FROM rename_all('!')",
        "CREATE FUNCTION clear() RETURNS void LANGUAGE sql AS $$ DELETE FROM items WHERE id > 1 $$",
        "SELECT clear()",
        "SELECT * FROM items ORDER BY id",
        "CREATE FUNCTION two_steps(i int) RETURNS bigint LANGUAGE sql AS "
        "$$ INSERT INTO items VALUES (i, 'x'); SELECT count(*) FROM items $$",
        "SELECT two_steps(10)",
    ],
    "definition_errors": [
        "CREATE TABLE t (a int)",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 'a' $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1, 2 $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ DELETE FROM t $$",
        "CREATE FUNCTION f() RETURNS TABLE (a int, b int) LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() RETURNS TABLE (a int) LANGUAGE sql AS $$ SELECT 'x'::text $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT a FROM nosuch $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT nosuch FROM t $$",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT $2 $$",
        "CREATE FUNCTION f(a int, a text) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f(a int DEFAULT 1, b int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() RETURNS nosuchtype LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f(a nosuchtype) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$",
        "CREATE FUNCTION f(a int DEFAULT 'x') RETURNS int LANGUAGE sql AS $$ SELECT a $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$",
        "CREATE OR REPLACE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT 2 $$",
        "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$",
        "SELECT f()",
        "CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$",
        "CREATE OR REPLACE FUNCTION g(b int) RETURNS int LANGUAGE sql AS $$ SELECT b $$",
        "CREATE FUNCTION nosuchschema.h() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
    ],
    "overloads_and_drop": [
        "CREATE FUNCTION o(a int) RETURNS text LANGUAGE sql AS $$ SELECT 'int' $$",
        "CREATE FUNCTION o(a text) RETURNS text LANGUAGE sql AS $$ SELECT 'text' $$",
        "CREATE FUNCTION o(a int, b int) RETURNS text LANGUAGE sql AS $$ SELECT 'two' $$",
        "SELECT o(1), o('x'::text), o(1, 2), o(1.5::int)",
        "SELECT o(1.5)",
        "DROP FUNCTION o",
        "DROP FUNCTION o(text)",
        "SELECT o('x'::text)",
        "DROP FUNCTION o(text)",
        "DROP FUNCTION IF EXISTS o(text)",
        "DROP FUNCTION o(int), o(int, int)",
        "SELECT o(1)",
        "DROP FUNCTION nosuch",
        "DROP FUNCTION IF EXISTS nosuch, nosuch2(int)",
        "CREATE FUNCTION p() RETURNS int RETURN 1",
        "DROP FUNCTION p()",
        "SELECT p()",
    ],
    "schemas": [
        "CREATE SCHEMA app",
        "CREATE FUNCTION app.version() RETURNS text LANGUAGE sql AS $$ SELECT 'v1' $$",
        "SELECT app.version()",
        "CREATE FUNCTION app.double(x int) RETURNS int RETURN x * 2",
        "SELECT app.double(4)",
        "SELECT * FROM app.double(5)",
        "SELECT double(4)",
        "SET search_path = app, public",
        "SELECT double(6)",
        "SET search_path = public",
        "SELECT public.double(1)",
        "DROP SCHEMA app",
        "DROP SCHEMA app CASCADE",
        "SELECT app.version()",
    ],
    "catalog": [
        "CREATE FUNCTION c1(a int, b text DEFAULT 'x') RETURNS int LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a $$",
        "CREATE FUNCTION c2() RETURNS SETOF bigint LANGUAGE sql STABLE AS $$ SELECT 1::bigint $$",
        "CREATE FUNCTION c3() RETURNS TABLE (a int) LANGUAGE sql AS $$ SELECT 1 $$",
        "CREATE FUNCTION c4() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$",
        "SELECT proname, prorettype::regtype, pronargs, pronargdefaults, provolatile, proisstrict, proretset, "
        "prokind, proargnames FROM pg_proc WHERE proname IN ('c1', 'c2', 'c3', 'c4') ORDER BY 1",
        "SELECT count(*) FROM pg_proc WHERE proname = 'c1' AND proargtypes[0] = 'int4'::regtype",
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_sql_function_script(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


def _error(conn: pydsql.Connection, sql: str) -> tuple[str | None, str]:
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    return info.value.sqlstate, str(info.value)


def test_dsql_refuses_plpgsql_but_runs_sql_functions() -> None:
    conn = pydsql.connect(autocommit=True)
    assert _error(conn, "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$") == (
        "0A000", "CREATE FUNCTION with language plpgsql not supported",
    )
    conn.execute("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$")
    assert conn.execute("SELECT f()").fetchone() == (1,)


def test_create_function_is_ddl() -> None:
    """One DDL statement per transaction, and no DDL with DML (reference section 2)."""
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    conn.execute("BEGIN")
    conn.execute("CREATE FUNCTION f() RETURNS int RETURN 1")
    assert _error(conn, "CREATE FUNCTION g() RETURNS int RETURN 2") == (
        "0A000", "multiple ddl statements not supported in a transaction",
    )
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (1)")
    assert _error(conn, "CREATE FUNCTION g() RETURNS int RETURN 2")[0] == "0A000"
    conn.execute("ROLLBACK")
    assert _error(conn, "SELECT f()")[0] == "42883"  # rolled back with its transaction


def test_function_writes_follow_the_callers_transaction() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    conn.execute("CREATE FUNCTION put(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO t VALUES (x) RETURNING x $$")
    conn.execute("BEGIN READ ONLY")
    assert _error(conn, "SELECT put(1)") == ("25006", "cannot execute INSERT in a read-only transaction")
    conn.execute("ROLLBACK")
    # statement atomicity: the second call fails, the first call's row goes with the statement
    assert _error(conn, "SELECT put(a) FROM (VALUES (5), (5)) AS v(a)")[0] == "23505"
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
    # DSQL: DDL and DML do not mix, also when the DML is inside a function
    conn.execute("BEGIN")
    conn.execute("SELECT put(7)")
    assert _error(conn, "CREATE TABLE u (a int PRIMARY KEY)")[0] == "0A000"
    conn.execute("ROLLBACK")


def test_function_body_is_replanned_after_ddl() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1), (2)")
    conn.execute("CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t $$")
    assert conn.execute("SELECT n()").fetchone() == (2,)
    conn.execute("DROP TABLE t")
    assert _error(conn, "SELECT n()") == ("42P01", 'relation "t" does not exist')
    conn.execute("CREATE TABLE t (a int PRIMARY KEY)")
    assert conn.execute("SELECT n()").fetchone() == (0,)


def test_functions_are_shared_across_sessions() -> None:
    cluster = pydsql.Cluster()
    a = cluster.connect(autocommit=True)
    b = cluster.connect(autocommit=True)
    a.execute("CREATE FUNCTION greet(who text) RETURNS text RETURN 'hello ' || who")
    assert b.execute("SELECT greet('b')").fetchone() == ("hello b",)

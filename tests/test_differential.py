"""Same SQL on pydsql and on a real PostgreSQL 16: rows, types, tags and SQLSTATEs must agree.

Each script runs statement by statement on a fresh pydsql database and in a
fresh PostgreSQL schema (autocommit on both, so DSQL's one-DDL-per-transaction
rule is not in play).  Later issues grow this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from differential import compare, run_postgres, run_pydsql, run_script

import pydsql

pytestmark = pytest.mark.differential

ACCOUNTS = [
    "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) NOT NULL CHECK (balance >= 0), "
    "branch varchar(8), opened date, flag boolean)",
    "INSERT INTO accounts VALUES (1, 'ada', 100.50, 'north', '2020-01-31', true), (2, 'bob', 0, 'south', '2021-02-28', false), "
    "(3, 'cy', 42, NULL, NULL, NULL), (4, 'dee', 7.25, 'north', '2019-12-01', true), (5, 'Eve', 1000, 'east', '2022-06-15', NULL)",
]

SCRIPTS: dict[str, list[str]] = {
    "arithmetic_and_types": [
        "SELECT 1 + 1, 7 / 2, -7 / 2, 7 % 3, -7 % 3, 2 ^ 10, 1.5 * 2, 10 / 4.0, 1::numeric / 3",
        "SELECT 2147483647 + 1",
        "SELECT 9223372036854775807 + 1",
        "SELECT 32767::smallint + 1::smallint",
        "SELECT 1 / 0",
        "SELECT 1.0 / 0",
        "SELECT 5 % 0",
        "SELECT 1.5::float8 / 0",
        "SELECT 3000000000, 9223372036854775808, -2147483648, 1e3, .5, 0.1 + 0.2",
        "SELECT 0.1::float8 + 0.2::float8, 1e20::float8, 1.5::real",
        "SELECT 1.25::numeric(5,1), 1.35::numeric(5,1), -1.25::numeric(5,1), 123.456::numeric(4,1)",
        "SELECT 12345.6::numeric(4,1)",
        "SELECT '1.5'::int",
        "SELECT ' 42 '::int, '-0'::int, '1_000'::int",
        "SELECT 'abc'::int",
        "SELECT '99999999999'::int",
        "SELECT 1.5::int, 2.5::int, -2.5::int, 2.5::float8::int, 3.5::float8::int",
        "SELECT 'true'::boolean, 'f'::boolean, 'yes'::boolean, 'maybe'::boolean",
    ],
    "strings": [
        "SELECT 'abc' || 'def', 'a' || 1, 1 || 'a', 'x' || NULL, length('héllo'), lower('ABC'), upper('abc')",
        "SELECT 'abcdef'::varchar(3), 'ab'::char(4) || '|', 'abc'::char(2)",
        "SELECT 'a' < 'b', 'B' < 'a', 'abc' = 'abc ', 'abc'::char(5) = 'abc'",
        "SELECT 'abc' LIKE 'a%', 'abc' LIKE 'A%', 'abc' ILIKE 'A%', 'a_c' LIKE 'a\\_c', 'abc' NOT LIKE '%c', 'x%' LIKE 'x#%' ESCAPE '#'",
        "SELECT 'abc' LIKE 'abc\\'",
    ],
    "null_semantics": [
        "SELECT NULL = NULL, NULL <> 1, NULL AND false, NULL AND true, NULL OR true, NULL OR false, NOT NULL::boolean",
        "SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL IN (1), 1 NOT IN (2, 3)",
        "SELECT NULL IS NULL, 1 IS NULL, NULL IS NOT NULL, 1 IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL, 1 IS DISTINCT FROM 1",
        "SELECT coalesce(NULL, NULL, 3), coalesce(NULL::int, 2), nullif(1, 1), nullif(1, 2), greatest(1, NULL, 3), least(2, NULL, 1)",
        "SELECT CASE WHEN NULL THEN 1 ELSE 2 END, CASE 1 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END, CASE 3 WHEN 1 THEN 'one' END",
        "SELECT true IS TRUE, NULL::bool IS TRUE, NULL::bool IS NOT TRUE, false IS NOT FALSE",
        "SELECT 1 BETWEEN 0 AND 2, 3 BETWEEN 2 AND 1, 3 BETWEEN SYMMETRIC 4 AND 1, NULL BETWEEN 1 AND 2",
    ],
    "select_queries": ACCOUNTS + [
        "SELECT * FROM accounts ORDER BY id",
        "SELECT owner, balance FROM accounts WHERE balance > 10 ORDER BY balance DESC",
        "SELECT id FROM accounts WHERE branch = 'north' AND flag ORDER BY 1",
        "SELECT id FROM accounts WHERE branch IS NULL OR flag IS NULL ORDER BY id",
        "SELECT id, owner FROM accounts WHERE owner LIKE '%e%' ORDER BY owner",
        "SELECT id FROM accounts WHERE id IN (2, 4, 9) ORDER BY id",
        "SELECT id FROM accounts WHERE id NOT IN (2, 4) ORDER BY id DESC",
        "SELECT id FROM accounts WHERE id BETWEEN 2 AND 4 ORDER BY id",
        "SELECT id FROM accounts WHERE id = 3",
        "SELECT id FROM accounts WHERE id > 3 ORDER BY id",
        "SELECT id FROM accounts WHERE id <= 2 AND id >= 2",
        "SELECT branch FROM accounts ORDER BY branch",
        "SELECT branch FROM accounts ORDER BY branch DESC",
        "SELECT branch FROM accounts ORDER BY branch NULLS FIRST",
        "SELECT branch, id FROM accounts ORDER BY branch DESC NULLS LAST, id",
        "SELECT DISTINCT branch FROM accounts ORDER BY branch",
        "SELECT DISTINCT flag, branch FROM accounts",
        "SELECT id FROM accounts ORDER BY id LIMIT 2",
        "SELECT id FROM accounts ORDER BY id LIMIT 2 OFFSET 2",
        "SELECT id FROM accounts ORDER BY id OFFSET 4",
        "SELECT id FROM accounts ORDER BY id LIMIT ALL",
        "SELECT id FROM accounts ORDER BY id FETCH FIRST 2 ROWS ONLY",
        "SELECT id FROM accounts ORDER BY id LIMIT -1",
        "SELECT id * 2 AS twice, owner || '!' AS shout FROM accounts ORDER BY twice DESC",
        "SELECT id, balance * 2 FROM accounts ORDER BY balance * 2, id",
        "SELECT owner FROM accounts ORDER BY upper(owner)",
        "SELECT balance + 0.005, balance / 3, -balance FROM accounts ORDER BY id",
        "SELECT opened + 1, opened - '2020-01-01'::date FROM accounts ORDER BY id",
        "SELECT 1 FROM accounts WHERE false",
        "SELECT nope FROM accounts",
        "SELECT * FROM nope",
        "SELECT id FROM accounts WHERE owner",
        "SELECT id FROM accounts WHERE owner = 1",
        "SELECT id FROM accounts ORDER BY 9",
        "SELECT DISTINCT owner FROM accounts ORDER BY balance",
        "SELECT 1 AS a, 2 AS a ORDER BY a",
    ],
    "aggregates": ACCOUNTS + [
        "SELECT count(*), count(branch), count(DISTINCT branch), sum(balance), avg(balance), min(balance), max(owner) FROM accounts",
        "SELECT sum(id), avg(id), sum(id::bigint), avg(id::float8), min(opened), max(opened) FROM accounts",
        "SELECT branch, count(*), sum(balance) FROM accounts GROUP BY branch ORDER BY branch",
        "SELECT branch, count(*) FROM accounts GROUP BY 1 HAVING count(*) > 1",
        "SELECT flag, max(id) FROM accounts GROUP BY flag ORDER BY flag NULLS FIRST",
        "SELECT upper(branch) AS b, count(*) FROM accounts GROUP BY upper(branch) ORDER BY b",
        "SELECT count(*) FROM accounts WHERE id > 100",
        "SELECT sum(balance), max(id), bool_and(flag), bool_or(flag), every(flag) FROM accounts WHERE id > 100",
        "SELECT count(*) FILTER (WHERE flag), sum(id) FILTER (WHERE id > 2) FROM accounts",
        "SELECT owner, count(*) FROM accounts",
        "SELECT branch FROM accounts GROUP BY branch HAVING owner = 'x'",
        "SELECT id FROM accounts WHERE count(*) > 1",
        "SELECT sum(count(*)) FROM accounts",
        "SELECT count(*) + 1, sum(balance) / count(*) FROM accounts",
        "SELECT avg(balance)::numeric(10,3) FROM accounts",
        "SELECT branch AS b FROM accounts GROUP BY b ORDER BY b",
        "SELECT sum(owner) FROM accounts",
    ],
    "insert_update_delete": [
        "CREATE TABLE items (id int PRIMARY KEY, name varchar(5) NOT NULL, qty int DEFAULT 1 CHECK (qty >= 0), price numeric(6,2), tags text UNIQUE)",
        "INSERT INTO items (id, name) VALUES (1, 'a')",
        "INSERT INTO items VALUES (2, 'b', 5, 1.999, 'x'), (3, 'c', DEFAULT, NULL, NULL)",
        "INSERT INTO items (id, name, qty) VALUES (4, 'd', 2) RETURNING id, qty * 10 AS q, name",
        "INSERT INTO items (id, name) VALUES (5, 'toolong')",
        "INSERT INTO items (id, name) VALUES (5, 'ab   ')",
        "INSERT INTO items (id, name) VALUES (1, 'dup')",
        "INSERT INTO items (id, name, tags) VALUES (6, 'e', 'x')",
        "INSERT INTO items (id, name, qty) VALUES (7, 'f', -1)",
        "INSERT INTO items (id) VALUES (8)",
        "INSERT INTO items (id, name, price) VALUES (9, 'g', 12345.67)",
        "INSERT INTO items (id, name, qty) VALUES (10, 'h', '7')",
        "INSERT INTO items (id, name, qty) VALUES (11, 'i', true)",
        "INSERT INTO items (id, name, qty) VALUES (12, 'j', 2.5)",
        "INSERT INTO items (nope) VALUES (1)",
        "INSERT INTO items VALUES (13, 'k', 1, 1, 'y', 'extra')",
        "INSERT INTO items (id, name, name) VALUES (14, 'l', 'm')",
        "SELECT * FROM items ORDER BY id",
        "UPDATE items SET qty = qty + 1 WHERE id < 3",
        "UPDATE items SET qty = qty + 1 WHERE id = 99",
        "UPDATE items SET price = price * 2, name = upper(name) WHERE price IS NOT NULL RETURNING *",
        "UPDATE items SET qty = -5 WHERE id = 1",
        "UPDATE items SET name = NULL WHERE id = 1",
        "UPDATE items SET tags = 'x' WHERE id = 3",
        "UPDATE items SET id = id + 100 WHERE id = 4 RETURNING id",
        "UPDATE items SET id = 2 WHERE id = 1",
        "UPDATE items SET nope = 1",
        "UPDATE items SET qty = DEFAULT WHERE id = 2 RETURNING qty",
        "SELECT * FROM items ORDER BY id",
        "DELETE FROM items WHERE qty > 5 RETURNING id",
        "DELETE FROM items WHERE id = 12345",
        "DELETE FROM items",
        "SELECT count(*) FROM items",
    ],
    "ddl": [
        "CREATE TABLE t1 (a int, b text)",
        "CREATE TABLE t1 (a int)",
        "CREATE TABLE IF NOT EXISTS t1 (a int)",
        "CREATE TABLE t2 (a int, a text)",
        "CREATE TABLE t3 (a int PRIMARY KEY, b int PRIMARY KEY)",
        "CREATE TABLE t4 (a int, PRIMARY KEY (z))",
        "CREATE TABLE t5 (a int, b int, c int, PRIMARY KEY (a, b), UNIQUE (c))",
        "INSERT INTO t5 VALUES (1, 1, 1), (1, 2, 2)",
        "INSERT INTO t5 VALUES (1, 1, 3)",
        "INSERT INTO t5 VALUES (2, 1, 1)",
        "INSERT INTO t5 VALUES (2, 2, NULL), (2, 3, NULL)",
        "SELECT * FROM t5 ORDER BY a, b",
        "CREATE TABLE t6 (a int DEFAULT b)",
        "CREATE TABLE t7 (a nosuchtype)",
        "DROP TABLE t1",
        "DROP TABLE t1",
        "DROP TABLE IF EXISTS t1",
        "SELECT * FROM t1",
    ],
    "syntax_errors": [
        "SELEC 1",
        "SELECT 1 +",
        "SELECT 'unterminated",
        "SELECT * FROM",
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_script(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


PARAMETER_CASES: list[tuple[str, tuple[Any, ...]]] = [
    ("SELECT %s + 1, %s * 2", (5, 100_000)),
    ("SELECT %s * %s", (200, 200)),
    ("SELECT %s::int + 1", ("41",)),
    ("SELECT %s || 'x', %s", ("a", None)),
    ("SELECT %s = 1.5, %s", (1.5, True)),
]


@pytest.mark.parametrize(("sql", "params"), PARAMETER_CASES)
def test_parameters(pg: Any, sql: str, params: tuple[Any, ...]) -> None:
    compare(sql, run_pydsql(pydsql.connect(), sql, params), run_postgres(pg, sql, params))


# -- generated statements ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
import sqlgen  # noqa: E402


@pytest.fixture(scope="module")
def fuzz_pair(pg_server: Any) -> Any:
    """A pydsql database and a PostgreSQL schema holding the same small table."""
    import psycopg

    pg = psycopg.connect(pg_server.get_uri(), autocommit=True)
    pg.execute("CREATE SCHEMA fuzz")
    pg.execute("SET search_path TO fuzz")
    pg.execute("SET TimeZone TO 'UTC'")
    mine = pydsql.connect(autocommit=True)
    for sql in sqlgen.TABLE_SETUP:
        pg.execute(sql)
        mine.execute(sql)
    yield mine, pg
    pg.execute("DROP SCHEMA fuzz CASCADE")
    pg.close()


def _not_yet(ours: Any) -> bool:
    """pydsql refused a function it does not implement yet (to_timestamp(text, text), length(bytea, name))."""
    message = ours.message or ""
    return "is not supported by pydsql" in message or (
        message.startswith("function to_timestamp(") and "," in message
    )


@given(sqlgen.STATEMENTS)
@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)
def test_generated_statements_agree_with_postgres(fuzz_pair: Any, sql: str) -> None:
    """Random expressions in every clause: same rows, types, tags, SQLSTATEs and messages."""
    mine, pg = fuzz_pair
    mine.execute("BEGIN")
    pg.execute("BEGIN")
    try:
        ours, theirs = run_pydsql(mine, sql), run_postgres(pg, sql)
    finally:
        mine.execute("ROLLBACK")
        pg.execute("ROLLBACK")
    if theirs.sqlstate == "client" or _not_yet(ours):
        return
    compare(sql, ours, theirs)

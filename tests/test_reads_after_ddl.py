"""A transaction that changed the schema reads its tables as its own catalog lays them out.

DSQL allows one DDL statement per transaction and no INSERT/UPDATE/DELETE with
it, but a query may follow the DDL in the same transaction, as in
PostgreSQL.  Until the transaction commits, the committed rows are still laid
out as the old schema says: the transaction must read them as the new one
says (a dropped column gone, an added one NULL, a new table empty), and its
rollback must leave the committed state as it was.

Each case runs ``BEGIN; <ddl>; <query>; ROLLBACK`` on pydsql and on
PostgreSQL 16 and compares the query's outcome.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

SETUP = [
    "CREATE TABLE t (id int PRIMARY KEY, a int, b text)",
    "INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, NULL, 'z')",
]
INDEX = "CREATE INDEX {async_}ta ON t (a)"

CASES = [
    ("ALTER TABLE t DROP COLUMN a", "SELECT * FROM t ORDER BY id"),
    ("ALTER TABLE t DROP COLUMN a", "SELECT b FROM t WHERE id = 2"),
    ("ALTER TABLE t DROP COLUMN b", "SELECT * FROM t WHERE a = 10"),
    ("ALTER TABLE t DROP COLUMN a", "SELECT a FROM t"),
    ("ALTER TABLE t ADD COLUMN z int", "SELECT * FROM t ORDER BY id"),
    ("ALTER TABLE t ADD COLUMN z int", "SELECT count(z), count(*) FROM t"),
    ("ALTER TABLE t RENAME COLUMN a TO aa", "SELECT aa FROM t WHERE aa = 10"),
    ("ALTER TABLE t RENAME TO u", "SELECT * FROM u ORDER BY id"),
    ("ALTER TABLE t RENAME TO u", "SELECT * FROM t"),
    ("CREATE INDEX {async_}tb ON t (b)", "SELECT * FROM t WHERE b = 'x'"),
    ("DROP INDEX ta", "SELECT * FROM t WHERE a = 10"),
    ("CREATE TABLE n (id int PRIMARY KEY, v text UNIQUE)", "SELECT * FROM n WHERE id = 1 OR v = 'a'"),
    ("CREATE TABLE n (v text)", "SELECT count(*) FROM n"),
    ("CREATE TABLE n (id int PRIMARY KEY)", "SELECT * FROM n JOIN t USING (id)"),
    ("CREATE VIEW w AS SELECT b FROM t WHERE a > 10", "SELECT * FROM w"),
    ("DROP TABLE t", "SELECT * FROM t"),
]


@pytest.mark.parametrize("ddl, query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_a_query_after_ddl_reads_the_new_schema(pg: Any, ddl: str, query: str) -> None:
    conn = pydsql.connect(autocommit=True)
    for sql in [*SETUP, INDEX]:
        conn.execute(sql.format(async_="ASYNC "))
        pg.execute(sql.format(async_=""))
    committed = conn.execute("SELECT * FROM t ORDER BY id").fetchall()
    for c in (conn, pg):
        c.execute("BEGIN")
    mine, theirs = run_pydsql(conn, ddl.format(async_="ASYNC ")), run_postgres(pg, ddl.format(async_=""))
    assert mine.ok and theirs.ok, (mine.describe(), theirs.describe())  # (CREATE INDEX ASYNC answers a job id)
    compare(query, run_pydsql(conn, query), run_postgres(pg, query))
    for c in (conn, pg):
        c.execute("ROLLBACK")
    assert conn.execute("SELECT * FROM t ORDER BY id").fetchall() == committed


def test_the_committed_schema_change_reads_the_same() -> None:
    """What the transaction read before COMMIT is what everyone reads after it."""
    conn = pydsql.connect()
    for sql in SETUP:
        conn.execute(sql)
        conn.commit()
    conn.execute("ALTER TABLE t DROP COLUMN a")
    before = conn.execute("SELECT * FROM t ORDER BY id").fetchall()
    conn.commit()
    assert conn.execute("SELECT * FROM t ORDER BY id").fetchall() == before == [(1, "x"), (2, "y"), (3, "z")]

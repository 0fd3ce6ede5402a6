"""A statement reads the database as of its start (PostgreSQL's one snapshot per statement).

The subqueries of a data-modifying statement (RETURNING, UPDATE's SET, ON
CONFLICT DO UPDATE) and its data-modifying WITH queries do not see the
statement's own writes; the writing machinery does.  The differential cases
are in ``test_differential_corpus.py`` (``statement_snapshot``); these cover
what PostgreSQL cannot run as such (DSQL's asynchronous indexes, the
transaction's footprint) and pydsql's plan-time decision.
"""

from __future__ import annotations

import pydsql
from pydsql.sql.dialect import parse
from pydsql.sql.dml import DeletePlan, InsertPlan, UpdatePlan
from pydsql.sql.statements import Modify, prepare
from sqlhelpers import error, run, start_job


def _connect() -> pydsql.Connection:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE acct (id int PRIMARY KEY, v int, tag text UNIQUE)")
    conn.execute("INSERT INTO acct VALUES (1, 10, 'a'), (2, 20, 'b')")
    return conn


def test_returning_subquery_reads_through_a_secondary_index() -> None:
    conn = _connect()
    start_job(conn, "CREATE INDEX ASYNC acct_v ON acct (v)", "CREATE INDEX")
    plan = run(conn, "EXPLAIN SELECT id FROM acct WHERE v = 30")
    assert any("Index" in line for (line,) in plan), plan
    rows = run(
        conn,
        "INSERT INTO acct VALUES (3, 30, 'c'), (4, 30, 'd') RETURNING id, (SELECT count(*) FROM acct a2 WHERE a2.v = 30)",
    )
    assert rows == [(3, 0), (4, 0)]
    assert run(conn, "UPDATE acct SET v = 40 WHERE id = 3 RETURNING (SELECT count(*) FROM acct a2 WHERE a2.v = 30)") == [
        (2,)
    ]
    assert run(conn, "SELECT count(*) FROM acct WHERE v = 30") == [(1,)]


def test_returning_subquery_through_a_unique_index_and_a_key_range() -> None:
    conn = _connect()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO acct VALUES (3, 30, 'c')")
    rows = run(
        conn,
        "UPDATE acct SET tag = tag || '!' WHERE id >= 2 RETURNING id, (SELECT id FROM acct a2 WHERE a2.tag = acct.tag), "
        "(SELECT count(*) FROM acct a2 WHERE a2.id BETWEEN 2 AND 3 AND a2.tag LIKE '%!')",
    )
    assert sorted(rows) == [(2, None, 0), (3, None, 0)]
    assert run(conn, "SELECT id, tag FROM acct ORDER BY id") == [(1, "a"), (2, "b!"), (3, "c!")]
    conn.execute("COMMIT")


def test_uniqueness_still_sees_the_statements_own_writes() -> None:
    conn = _connect()
    err = error(conn, "INSERT INTO acct VALUES (3, 1, 'x'), (3, 2, 'y') RETURNING (SELECT count(*) FROM acct)")
    assert err.sqlstate == "23505"
    err = error(conn, "INSERT INTO acct VALUES (3, 1, 'x'), (4, 2, 'x') RETURNING (SELECT count(*) FROM acct)")
    assert err.sqlstate == "23505"
    err = error(
        conn,
        "INSERT INTO acct VALUES (1, 0, 'z'), (1, 0, 'z') ON CONFLICT (id) DO UPDATE SET v = (SELECT max(v) FROM acct)",
    )
    assert err.sqlstate == "21000"
    assert run(conn, "SELECT count(*) FROM acct") == [(2,)]


def test_locking_subquery_in_returning_claims_the_row_in_the_transaction() -> None:
    conn = _connect()
    conn.execute("BEGIN")
    rows = run(conn, "INSERT INTO acct VALUES (3, 30, 'c') RETURNING (SELECT v FROM acct WHERE id = 1 FOR UPDATE)")
    assert rows == [(10,)]
    txn = conn._session.txn  # type: ignore[attr-defined]
    assert any(tw.locks for tw in txn.writes.values())
    conn.execute("COMMIT")


def test_statement_of_a_sql_function_sees_the_callers_writes() -> None:
    """A (VOLATILE) SQL function's statements see what the calling statement wrote so far, as in
    PostgreSQL, even when called where that statement reads as of its start."""
    conn = _connect()
    conn.execute("CREATE FUNCTION cnt() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM acct'")
    rows = run(
        conn,
        "INSERT INTO acct VALUES (3, 30, 'c'), (4, 40, 'd') RETURNING id, cnt(), (SELECT cnt() + 0 * acct.id), "
        "(SELECT count(*) FROM acct)",
    )
    assert rows == [(3, 3, 3, 2), (4, 4, 4, 2)]


def test_executemany_runs_read_the_earlier_runs_writes() -> None:
    conn = _connect()
    cur = conn.cursor()
    cur.executemany("INSERT INTO acct (id, v) VALUES (%s, 0) RETURNING (SELECT count(*) FROM acct)", [(3,), (4,), (5,)],
                    returning=True)
    counts = []
    while True:
        counts.extend(cur.fetchall())
        if not cur.nextset():
            break
    assert counts == [(2,), (3,), (4,)]


def _plan(conn: pydsql.Connection, sql: str) -> InsertPlan | UpdatePlan | DeletePlan:
    session = conn._session  # type: ignore[attr-defined]
    conn.execute("BEGIN")
    try:
        txn = session.txn
        (statement,) = parse(sql)
        prepared = prepare(statement, txn.catalog, ())
    finally:
        conn.execute("ROLLBACK")
    assert isinstance(prepared, Modify)
    return prepared.plan


def test_only_statements_that_read_after_writing_read_as_of_their_start() -> None:
    conn = _connect()
    plain = [
        "INSERT INTO acct VALUES (3, 30, 'c')",
        "INSERT INTO acct VALUES (3, (SELECT max(v) FROM acct), 'c') RETURNING id, v + 1",
        "INSERT INTO acct VALUES (3, 30, 'c') ON CONFLICT (id) DO UPDATE SET v = excluded.v + 1",
        "UPDATE acct SET v = v + 1 WHERE id IN (SELECT id FROM acct WHERE v > 10) RETURNING *",
    ]
    for sql in plain:
        assert not _plan(conn, sql).reads_after_writing, sql  # type: ignore[union-attr]
    reading = [
        "INSERT INTO acct VALUES (3, 30, 'c') RETURNING (SELECT 1)",
        "INSERT INTO acct VALUES (3, 30, 'c') ON CONFLICT (id) DO UPDATE SET v = (SELECT max(v) FROM acct)",
        "INSERT INTO acct VALUES (3, 30, 'c') ON CONFLICT (id) DO UPDATE SET v = 1 WHERE EXISTS (SELECT FROM acct)",
        "UPDATE acct SET v = (SELECT max(v) FROM acct)",
        "UPDATE acct SET v = 1 RETURNING v IN (SELECT v FROM acct)",
    ]
    for sql in reading:
        assert _plan(conn, sql).reads_after_writing, sql  # type: ignore[union-attr]
    assert not _plan(conn, "DELETE FROM acct WHERE id = 1 RETURNING *").returning.reads_database
    assert _plan(conn, "DELETE FROM acct RETURNING (SELECT count(*) FROM acct)").returning.reads_database

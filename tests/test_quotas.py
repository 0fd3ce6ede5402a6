"""DSQL's quotas (reference section 8): one test per limit, with small values set on the cluster."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import pydsql
from pydsql.cluster.clock import FixedClock


def _cluster(**limits: float) -> pydsql.Cluster:
    return pydsql.Cluster(quotas=pydsql.Quotas(**limits))  # type: ignore[arg-type]


def _error(conn: pydsql.Connection, sql: str, params: object = None) -> tuple[str | None, str]:
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql, params)
    return info.value.sqlstate, str(info.value)


def test_defaults_are_dsqls() -> None:
    q = pydsql.Quotas()
    assert (q.transaction_rows, q.transaction_bytes, q.transaction_age) == (3000, 10 * 1024 * 1024, 300)
    assert (q.key_bytes, q.row_bytes, q.column_bytes) == (1024, 2 * 1024 * 1024, 1024 * 1024)
    assert (q.index_columns, q.table_columns, q.table_indexes) == (8, 255, 24)
    assert (q.schemas, q.tables, q.views, q.sequences) == (10, 1000, 5000, 5000)


def test_row_limit_fails_the_statement_that_crosses_it_and_aborts_the_transaction() -> None:
    conn = _cluster(transaction_rows=5).connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t SELECT generate_series(1, 3)")
    conn.execute("UPDATE t SET id = id")  # the same rows again: still 3
    conn.execute("INSERT INTO t VALUES (4), (5)")  # exactly the limit is allowed
    assert _error(conn, "INSERT INTO t VALUES (6)") == ("54000", "transaction row limit exceeded")
    assert _error(conn, "SELECT 1")[0] == "25P02"
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_row_limit_counts_deletes_and_applies_in_autocommit() -> None:
    conn = _cluster(transaction_rows=3).connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1), (2), (3)")
    conn.execute("INSERT INTO t VALUES (4), (5), (6)")  # a new transaction: its own count
    assert _error(conn, "DELETE FROM t") == ("54000", "transaction row limit exceeded")
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (6,)


def test_transaction_size_is_checked_at_commit() -> None:
    conn = _cluster(transaction_bytes=1024).connect()
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, body text)")
    conn.commit()
    conn.execute("INSERT INTO t VALUES (1, %s)", ("x" * 600,))
    conn.execute("INSERT INTO t VALUES (2, %s)", ("x" * 600,))  # the statements pass
    assert _error(conn, "COMMIT") == ("54000", "transaction size limit 1kb exceeded")
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(pydsql.OperationalError) as info:
        conn.execute("INSERT INTO t VALUES (3, %s)", ("y" * 2000,))
        conn.commit()
    assert info.value.sqlstate == "54000"


def test_default_size_message_names_ten_megabytes() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, body text)")
    conn.commit()
    for i in range(11):
        conn.execute("INSERT INTO t VALUES (%s, %s)", (i, "z" * (1024 * 1024 - 64)))
    assert _error(conn, "COMMIT") == ("54000", "transaction size limit 10mb exceeded")


def test_transaction_age_is_checked_at_the_next_statement_and_at_commit() -> None:
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
    cluster = pydsql.Cluster(clock=clock, quotas=pydsql.Quotas(transaction_age=300))
    conn = cluster.connect()
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.commit()
    conn.execute("INSERT INTO t VALUES (1)")
    clock.advance(299)
    conn.execute("INSERT INTO t VALUES (2)")
    clock.advance(66)
    with pytest.raises(pydsql.Error) as info:
        conn.execute("SELECT 1")
    assert (info.value.sqlstate, str(info.value)) == ("54000", "transaction age limit of 300s exceeded")
    assert info.value.diag.message_detail == "Current transaction age 365s exceeds 300s"
    conn.rollback()
    conn.execute("INSERT INTO t VALUES (3)")
    clock.advance(400)
    assert _error(conn, "COMMIT")[0] == "54000"
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_key_row_and_column_sizes_are_checked_at_the_write() -> None:
    conn = _cluster(key_bytes=64, column_bytes=100, row_bytes=150).connect(autocommit=True)
    conn.execute("CREATE TABLE t (k text PRIMARY KEY, a text, b text)")
    assert _error(conn, "INSERT INTO t VALUES (%s, 'x', 'y')", ("k" * 100,)) == ("54000", "key size too large")
    assert _error(conn, "INSERT INTO t VALUES ('k', %s, 'y')", ("a" * 101,)) == ("54000", "maximum column size exceeded")
    assert _error(conn, "INSERT INTO t VALUES ('k', %s, %s)", ("a" * 80, "b" * 80)) == (
        "54000", "maximum row size exceeded",
    )
    conn.execute("INSERT INTO t VALUES ('k', %s, %s)", ("a" * 60, "b" * 60))
    assert _error(conn, "UPDATE t SET b = b || repeat('x', 35)")[1] == "maximum row size exceeded"
    assert conn.execute("SELECT length(b) FROM t").fetchone() == (60,)


def test_object_counts() -> None:
    conn = _cluster(tables=2, views=1, schemas=2, sequences=1).connect(autocommit=True)
    conn.execute("CREATE TABLE a (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE b (id int PRIMARY KEY)")
    assert _error(conn, "CREATE TABLE c (id int PRIMARY KEY)") == ("54000", "creating more than 2 tables not allowed")
    conn.execute("CREATE VIEW v1 AS SELECT 1")
    assert _error(conn, "CREATE VIEW v2 AS SELECT 2") == ("54000", "creating more than 1 views not allowed")
    conn.execute("CREATE SCHEMA s1")  # public and s1
    assert _error(conn, "CREATE SCHEMA s2") == ("54000", "creating more than 2 schemas not allowed")
    conn.execute("CREATE SEQUENCE q1 CACHE 1")
    assert _error(conn, "CREATE SEQUENCE q2 CACHE 1") == ("54000", "creating more than 1 sequences not allowed")
    assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (2,)


def test_columns_per_table_and_per_index_and_indexes_per_table() -> None:
    conn = _cluster(table_columns=3, index_columns=2, table_indexes=1).connect(autocommit=True)
    assert _error(conn, "CREATE TABLE wide (a int, b int, c int, d int)") == (
        "54011", "tables can have at most 3 columns",
    )
    conn.execute("CREATE TABLE t (a int PRIMARY KEY, b int, c int)")
    assert _error(conn, "CREATE INDEX ASYNC ON t (a, b, c)") == (
        "54011", "more than 2 column keys in an index are not supported",
    )
    conn.execute("CREATE INDEX ASYNC ON t (b)")
    assert _error(conn, "CREATE INDEX ASYNC ON t (c)") == ("54000", "more than 1 indexes per table are not allowed")


def test_quotas_are_per_cluster() -> None:
    small = _cluster(transaction_rows=1).connect(autocommit=True)
    big = pydsql.connect(autocommit=True)
    for conn in (small, big):
        conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    assert _error(small, "INSERT INTO t VALUES (1), (2)")[0] == "54000"
    big.execute("INSERT INTO t VALUES (1), (2)")

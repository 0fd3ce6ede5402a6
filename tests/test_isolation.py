"""Isolation and optimistic concurrency, as DSQL does them: one test per anomaly.

Each test drives two or more connections to one cluster by hand, interleaving
their statements, and names the anomaly it rules out (or, for write skew,
the one DSQL allows).  Conflicts surface at COMMIT as SQLSTATE 40001 with
``OC000`` (data) or ``OC001`` (schema); the first committer wins.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pydsql
from pydsql import errors

OC000 = "change conflicts with another transaction (OC000)"
OC001 = "schema has been updated by another transaction (OC001)"


@pytest.fixture
def cluster() -> Iterator[pydsql.Cluster]:
    c = pydsql.Cluster()
    setup = c.connect(autocommit=True)
    setup.execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL)")
    setup.execute("INSERT INTO accounts VALUES (1, 'ada', 100), (2, 'bob', 100), (3, 'cy', 100)")
    setup.close()
    yield c


def balance(conn: pydsql.Connection, id_: int) -> int:
    row = conn.execute("SELECT balance FROM accounts WHERE id = %s", (id_,)).fetchone()
    assert row is not None
    return int(row[0])


def test_dirty_read_ruled_out(cluster: pydsql.Cluster) -> None:
    writer, reader = cluster.connect(), cluster.connect()
    writer.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    assert balance(reader, 1) == 100  # uncommitted write is invisible
    writer.rollback()
    assert balance(reader, 1) == 100


def test_read_your_writes(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("UPDATE accounts SET balance = 7 WHERE id = 1")
    conn.execute("INSERT INTO accounts VALUES (4, 'dee', 1)")
    conn.execute("DELETE FROM accounts WHERE id = 2")
    assert balance(conn, 1) == 7
    rows = conn.execute("SELECT id FROM accounts ORDER BY id").fetchall()
    assert rows == [(1,), (3,), (4,)]
    assert conn.execute("SELECT count(*) FROM accounts WHERE balance > 50").fetchone() == (1,)


def test_non_repeatable_read_ruled_out(cluster: pydsql.Cluster) -> None:
    reader, writer = cluster.connect(), cluster.connect(autocommit=True)
    assert balance(reader, 1) == 100
    writer.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    assert balance(reader, 1) == 100  # same snapshot for the whole transaction
    reader.commit()
    assert balance(reader, 1) == 1


def test_phantom_read_ruled_out(cluster: pydsql.Cluster) -> None:
    reader, writer = cluster.connect(), cluster.connect(autocommit=True)
    assert reader.execute("SELECT count(*) FROM accounts").fetchone() == (3,)
    writer.execute("INSERT INTO accounts VALUES (10, 'x', 1)")
    writer.execute("DELETE FROM accounts WHERE id = 3")
    assert reader.execute("SELECT count(*) FROM accounts").fetchone() == (3,)
    assert reader.execute("SELECT id FROM accounts WHERE id >= 3 ORDER BY id").fetchall() == [(3,)]


def test_snapshot_taken_at_begin_not_first_statement(cluster: pydsql.Cluster) -> None:
    """DSQL (unlike PostgreSQL) takes the snapshot at BEGIN."""
    t = cluster.connect(autocommit=True)
    other = cluster.connect(autocommit=True)
    t.execute("BEGIN")
    other.execute("UPDATE accounts SET balance = 5 WHERE id = 1")
    assert balance(t, 1) == 100
    t.execute("COMMIT")
    assert balance(t, 1) == 5


def test_lost_update_ruled_out(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    ba, bb = balance(a, 1), balance(b, 1)
    a.execute("UPDATE accounts SET balance = %s WHERE id = 1", (ba + 10,))
    b.execute("UPDATE accounts SET balance = %s WHERE id = 1", (bb + 20,))
    a.commit()
    with pytest.raises(errors.SerializationFailure) as exc:
        b.commit()
    assert exc.value.sqlstate == "40001"
    assert str(exc.value) == OC000
    assert isinstance(exc.value, pydsql.OperationalError)
    assert balance(cluster.connect(), 1) == 110


def test_conflict_surfaces_only_at_commit(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("UPDATE accounts SET balance = 1 WHERE id = 2")
    a.commit()
    # b's snapshot is newer than a's commit: no conflict at all
    b.execute("UPDATE accounts SET balance = 2 WHERE id = 2")
    b.commit()
    c, d = cluster.connect(), cluster.connect()
    c.execute("SELECT 1")  # opens c's transaction (and snapshot)
    d.execute("UPDATE accounts SET balance = 3 WHERE id = 2")
    d.commit()
    # every statement of c still succeeds; only its COMMIT fails
    c.execute("UPDATE accounts SET balance = 4 WHERE id = 2")
    assert balance(c, 2) == 4
    with pytest.raises(errors.SerializationFailure):
        c.commit()
    assert balance(cluster.connect(), 2) == 3


def test_first_committer_wins_not_first_writer(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("UPDATE accounts SET balance = 1 WHERE id = 3")  # a writes first
    b.execute("UPDATE accounts SET balance = 2 WHERE id = 3")
    b.commit()  # b commits first and wins
    with pytest.raises(errors.SerializationFailure):
        a.commit()
    assert balance(cluster.connect(), 3) == 2


def test_write_skew_allowed(cluster: pydsql.Cluster) -> None:
    """Plain reads leave no footprint: both transactions commit (DSQL allows write skew)."""
    a, b = cluster.connect(), cluster.connect()
    total_a = a.execute("SELECT sum(balance) FROM accounts WHERE id IN (1, 2)").fetchone()
    total_b = b.execute("SELECT sum(balance) FROM accounts WHERE id IN (1, 2)").fetchone()
    assert total_a == total_b == (200,)
    a.execute("UPDATE accounts SET balance = balance - 150 WHERE id = 1")
    b.execute("UPDATE accounts SET balance = balance - 150 WHERE id = 2")
    a.commit()
    b.commit()
    assert cluster.connect().execute("SELECT sum(balance) FROM accounts WHERE id IN (1, 2)").fetchone() == (-100,)


def test_disjoint_rows_never_conflict(cluster: pydsql.Cluster) -> None:
    conns = [cluster.connect() for _ in range(3)]
    for i, conn in enumerate(conns, start=1):
        conn.execute("UPDATE accounts SET balance = %s WHERE id = %s", (i, i))
    for conn in conns:
        conn.commit()
    assert cluster.connect().execute("SELECT id, balance FROM accounts ORDER BY id").fetchall() == [
        (1, 1), (2, 2), (3, 3),
    ]


def test_duplicate_insert_of_new_key_conflicts_at_commit(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("INSERT INTO accounts VALUES (50, 'a', 1)")
    b.execute("INSERT INTO accounts VALUES (50, 'b', 2)")  # not visible to b: no 23505 yet
    a.commit()
    with pytest.raises(errors.SerializationFailure) as exc:
        b.commit()
    assert str(exc.value) == OC000
    # once committed, the same insert is a unique violation at the statement
    c = cluster.connect()
    with pytest.raises(errors.UniqueViolation):
        c.execute("INSERT INTO accounts VALUES (50, 'c', 3)")


def test_delete_conflicts_with_update(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("DELETE FROM accounts WHERE id = 1")
    b.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    a.commit()
    with pytest.raises(errors.SerializationFailure):
        b.commit()


def test_unique_constraint_race_conflicts(cluster: pydsql.Cluster) -> None:
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE)")
    a, b = cluster.connect(), cluster.connect()
    a.execute("INSERT INTO users VALUES (1, 'x@example.com')")
    b.execute("INSERT INTO users VALUES (2, 'x@example.com')")  # different primary keys
    a.commit()
    with pytest.raises(errors.SerializationFailure):
        b.commit()
    with pytest.raises(errors.UniqueViolation) as exc:
        setup.execute("INSERT INTO users VALUES (3, 'x@example.com')")
    assert str(exc.value) == 'duplicate key value violates unique constraint "users_email_key"'
    assert exc.value.diag.message_detail == "Key (email)=(x@example.com) already exists."


def test_read_only_transaction_never_conflicts(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("SELECT * FROM accounts")
    b.execute("UPDATE accounts SET balance = 0")
    b.commit()
    a.commit()  # nothing written: nothing to check


def test_rollback_discards_everything(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("INSERT INTO accounts VALUES (9, 'z', 9)")
    conn.execute("UPDATE accounts SET balance = 0")
    conn.execute("DELETE FROM accounts WHERE id = 2")
    conn.rollback()
    rows = cluster.connect().execute("SELECT id, balance FROM accounts ORDER BY id").fetchall()
    assert rows == [(1, 100), (2, 100), (3, 100)]


def test_failed_statement_leaves_no_trace(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    conn.execute("BEGIN")
    conn.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    # the second row violates the primary key: the whole statement is undone
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO accounts VALUES (20, 'a', 1), (1, 'dup', 1)")
    with pytest.raises(errors.InFailedSqlTransaction) as exc:
        conn.execute("SELECT 1")
    assert exc.value.sqlstate == "25P02"
    assert str(exc.value) == "current transaction is aborted, commands ignored until end of transaction block"
    assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
    rows = conn.execute("SELECT id, balance FROM accounts ORDER BY id").fetchall()
    assert rows == [(1, 100), (2, 100), (3, 100)]


def test_statement_atomicity_inside_a_transaction_keeps_earlier_statements(cluster: pydsql.Cluster) -> None:
    """The failed statement is undone; the transaction is failed, so COMMIT rolls back the rest."""
    conn = cluster.connect()
    conn.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    with pytest.raises(errors.NotNullViolation):
        conn.execute("UPDATE accounts SET owner = NULL WHERE id IN (2, 3)")
    conn.commit()  # a failed transaction: commit() rolls back
    assert balance(cluster.connect(), 1) == 100


def test_autocommit_error_does_not_poison_session(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO accounts VALUES (1, 'dup', 0)")
    assert conn.execute("SELECT 1").fetchone() == (1,)
    assert not conn.in_transaction


def test_one_ddl_per_transaction(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("CREATE TABLE t1 (id int)")
    with pytest.raises(errors.FeatureNotSupported) as exc:
        conn.execute("CREATE TABLE t2 (id int)")
    assert str(exc.value) == "multiple ddl statements not supported in a transaction"
    conn.rollback()
    with pytest.raises(errors.UndefinedTable):
        conn.execute("SELECT * FROM t1")


def test_ddl_and_dml_not_mixed(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("CREATE TABLE t1 (id int)")
    with pytest.raises(errors.FeatureNotSupported) as exc:
        conn.execute("INSERT INTO t1 VALUES (1)")
    assert str(exc.value) == "ddl and dml are not supported in the same transaction"
    conn.rollback()
    conn.execute("INSERT INTO accounts VALUES (7, 'x', 1)")
    with pytest.raises(errors.FeatureNotSupported) as exc:
        conn.execute("CREATE TABLE t1 (id int)")
    assert str(exc.value) == "ddl and dml are not supported in the same transaction"


def test_multi_statement_string_is_one_implicit_transaction(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    with pytest.raises(errors.FeatureNotSupported):
        conn.execute("CREATE TABLE m1 (id int); CREATE TABLE m2 (id int)")
    with pytest.raises(errors.UndefinedTable):
        conn.execute("SELECT * FROM m1")
    cur = conn.execute("BEGIN; INSERT INTO accounts VALUES (30, 'm', 1); COMMIT")
    assert cur.statusmessage == "BEGIN"
    assert cur.nextset() and cur.statusmessage == "INSERT 0 1"
    assert cur.nextset() and cur.statusmessage == "COMMIT"
    assert balance(conn, 30) == 1


def test_schema_change_after_snapshot_fails_commit_with_oc001(cluster: pydsql.Cluster) -> None:
    ddl = cluster.connect(autocommit=True)
    dml = cluster.connect()
    dml.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    ddl.execute("DROP TABLE accounts")
    with pytest.raises(errors.SerializationFailure) as exc:
        dml.commit()
    assert str(exc.value) == OC001


def test_racing_ddl_later_committer_loses(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("CREATE TABLE racing (id int)")
    b.execute("CREATE TABLE racing (id int, x int)")
    a.commit()
    with pytest.raises(errors.SerializationFailure) as exc:
        b.commit()
    assert str(exc.value) == OC001


def test_dml_committed_during_ddl_does_not_fail_the_ddl(cluster: pydsql.Cluster) -> None:
    ddl, dml = cluster.connect(), cluster.connect()
    ddl.execute("DROP TABLE accounts")  # snapshot before the DML commit
    dml.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    dml.commit()
    ddl.commit()  # the DML's use of the schema does not conflict with a later DDL


def test_transaction_sees_schema_of_its_snapshot(cluster: pydsql.Cluster) -> None:
    old = cluster.connect()
    old.execute("SELECT 1")
    cluster.connect(autocommit=True).execute("CREATE TABLE later (id int)")
    with pytest.raises(errors.UndefinedTable):
        old.execute("SELECT * FROM later")
    old.rollback()
    assert old.execute("SELECT count(*) FROM later").fetchone() == (0,)


def test_read_only_transaction_refuses_writes(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    conn.execute("BEGIN READ ONLY")
    assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (3,)
    with pytest.raises(errors.ReadOnlySqlTransaction) as exc:
        conn.execute("DELETE FROM accounts")
    assert exc.value.sqlstate == "25006"
    assert str(exc.value) == "cannot execute DELETE in a read-only transaction"
    conn.execute("ROLLBACK")


def test_threads_hammering_one_counter_lose_no_update() -> None:
    """Many threads increment one row with OCC retries: the total is exact."""
    import threading

    cluster = pydsql.Cluster()
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
    setup.execute("INSERT INTO counter VALUES (1, 0)")
    per_thread, threads = 50, 4
    conflicts = []

    def work() -> None:
        conn = cluster.connect()
        done = 0
        while done < per_thread:
            try:
                (n,) = conn.execute("SELECT n FROM counter WHERE id = 1").fetchone()  # type: ignore[misc]
                conn.execute("UPDATE counter SET n = %s WHERE id = 1", (n + 1,))
                conn.commit()
                done += 1
            except errors.SerializationFailure:
                conflicts.append(1)
                conn.rollback()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert setup.execute("SELECT n FROM counter").fetchone() == (per_thread * threads,)

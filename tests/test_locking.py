"""Locking clauses as DSQL has them: no locks, the rows read join the conflict footprint.

``SELECT ... FOR UPDATE`` claims the rows it returns as a write would
(EXCLUSIVE), ``FOR KEY SHARE`` only against deletes and key updates
(reference section 1's conflict matrix).  Nothing ever blocks: every
statement succeeds and the later COMMIT of two conflicting transactions
fails with OC000.  One test per cell of the matrix that involves a locking
read, named after what it shows; then the refusals and PostgreSQL's rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pydsql
from pydsql import errors

OC000 = "change conflicts with another transaction (OC000)"


@pytest.fixture
def cluster() -> Iterator[pydsql.Cluster]:
    c = pydsql.Cluster()
    setup = c.connect(autocommit=True)
    setup.execute("CREATE TABLE t (id int PRIMARY KEY, code int UNIQUE, v text)")
    setup.execute("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')")
    setup.execute("CREATE TABLE nopk (a int, b text)")
    setup.execute("INSERT INTO nopk VALUES (1, 'x'), (2, 'y')")
    setup.close()
    yield c


def race(cluster: pydsql.Cluster, first: str, second: str) -> bool:
    """Run ``first`` in one transaction and ``second`` in another (both from the same
    snapshot), commit ``second`` then ``first``: True if ``first``'s COMMIT failed."""
    a, b = cluster.connect(), cluster.connect()
    a.execute("SELECT 1")  # both snapshots taken before either writes
    b.execute("SELECT 1")
    a.execute(first)
    b.execute(second)
    b.commit()
    try:
        a.commit()
    except errors.SerializationFailure as e:
        assert str(e) == OC000 and e.sqlstate == "40001"
        return True
    return False


# -- FOR UPDATE: as a write of the rows returned -------------------------------------------------


def test_for_update_vs_concurrent_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR UPDATE", "UPDATE t SET v = 'z' WHERE id = 1")


def test_update_vs_concurrent_for_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "UPDATE t SET v = 'z' WHERE id = 1", "SELECT * FROM t WHERE id = 1 FOR UPDATE")


def test_for_update_vs_concurrent_delete_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR UPDATE", "DELETE FROM t WHERE id = 1")


def test_for_update_vs_concurrent_key_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR UPDATE", "UPDATE t SET code = 11 WHERE id = 1")


def test_for_update_vs_concurrent_for_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 2 FOR UPDATE", "SELECT * FROM t WHERE id = 2 FOR UPDATE")


def test_for_update_vs_concurrent_for_key_share_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 2 FOR UPDATE", "SELECT * FROM t WHERE id = 2 FOR KEY SHARE")


def test_for_update_of_disjoint_rows_never_conflicts(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "SELECT * FROM t WHERE id = 1 FOR UPDATE", "UPDATE t SET v = 'z' WHERE id = 2")


def test_for_update_vs_plain_read_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "SELECT * FROM t WHERE id = 1 FOR UPDATE", "SELECT * FROM t WHERE id = 1")


def test_for_update_claims_only_rows_returned_after_limit(cluster: pydsql.Cluster) -> None:
    first = "SELECT id FROM t ORDER BY id LIMIT 1 FOR UPDATE"  # returns row 1 only
    assert not race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 3")
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 1")


def test_for_update_claims_only_rows_passing_where(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "SELECT id FROM t WHERE v = 'a' FOR UPDATE", "UPDATE t SET v = 'q' WHERE id = 2")


def test_for_update_of_table_without_primary_key_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM nopk WHERE a = 1 FOR UPDATE", "UPDATE nopk SET b = 'z' WHERE a = 1")


# -- FOR KEY SHARE: only against deletes and key updates -------------------------------------------


def test_for_key_share_vs_concurrent_delete_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "DELETE FROM t WHERE id = 1")


def test_delete_vs_concurrent_for_key_share_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "DELETE FROM t WHERE id = 1", "SELECT * FROM t WHERE id = 1 FOR KEY SHARE")


def test_for_key_share_vs_concurrent_primary_key_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "UPDATE t SET id = 9 WHERE id = 1")


def test_for_key_share_vs_concurrent_unique_key_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, "SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "UPDATE t SET code = 11 WHERE id = 1")


def test_for_key_share_vs_concurrent_non_key_update_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "UPDATE t SET v = 'z' WHERE id = 1")


def test_non_key_update_vs_concurrent_for_key_share_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "UPDATE t SET v = 'z' WHERE id = 1", "SELECT * FROM t WHERE id = 1 FOR KEY SHARE")


def test_for_key_share_vs_concurrent_for_key_share_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, "SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "SELECT * FROM t WHERE id = 1 FOR KEY SHARE")


# -- which tables: OF, joins, subqueries -----------------------------------------------------------


def test_for_update_of_one_table_leaves_the_other_unclaimed(cluster: pydsql.Cluster) -> None:
    first = "SELECT * FROM t a JOIN t b ON b.id = a.id + 1 WHERE a.id = 1 FOR UPDATE OF a"
    assert not race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 2")
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 1")


def test_for_update_without_of_claims_every_joined_table(cluster: pydsql.Cluster) -> None:
    first = "SELECT * FROM t a JOIN t b ON b.id = a.id + 1 WHERE a.id = 1 FOR UPDATE"
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 2")


def test_for_update_of_a_table_in_a_parenthesized_join(cluster: pydsql.Cluster) -> None:
    first = "SELECT * FROM t z JOIN (t a JOIN t b ON b.id = a.id + 1) ON z.id = a.id WHERE a.id = 1 FOR UPDATE OF b"
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 2")
    assert not race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 1")


def test_for_update_in_a_subquery_claims_its_rows(cluster: pydsql.Cluster) -> None:
    first = "SELECT 1 FROM t WHERE id IN (SELECT id FROM t WHERE id = 3 FOR UPDATE)"
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 3")


def test_for_update_of_a_subquery_in_from_claims_its_tables_rows(cluster: pydsql.Cluster) -> None:
    first = "SELECT * FROM (SELECT id FROM t WHERE id = 2) AS s FOR UPDATE OF s"
    assert race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 2")
    assert not race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 1")


def test_for_key_share_of_a_subquery_in_from_is_key_share(cluster: pydsql.Cluster) -> None:
    first = "SELECT * FROM (SELECT id FROM t WHERE id = 2) AS s FOR KEY SHARE"
    assert not race(cluster, first, "UPDATE t SET v = 'z' WHERE id = 2")
    assert race(cluster, first, "DELETE FROM t WHERE id = 2")


def test_failed_locking_statement_leaves_no_claim(cluster: pydsql.Cluster) -> None:
    first = "SELECT id, 1 / (id - 1) FROM t ORDER BY id DESC FOR UPDATE"  # claims 3 and 2, then fails on 1
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("BEGIN")
    b.execute("BEGIN")
    with pytest.raises(errors.DivisionByZero):
        a.execute(first)
    a.execute("ROLLBACK")  # (the failed transaction can only roll back)
    b.execute("UPDATE t SET v = 'z' WHERE id = 3")
    b.execute("COMMIT")


def test_statement_failure_inside_transaction_drops_its_claims(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("SELECT * FROM t WHERE id = 1 FOR UPDATE")
    with pytest.raises(errors.DivisionByZero):
        conn.execute("SELECT id, 1 / (id - 2) FROM t ORDER BY id DESC FOR UPDATE")
    txn = conn._session.txn
    assert txn is not None
    assert txn.row_count() == 1  # only the first statement's claim survives
    conn.rollback()


def test_locking_read_returns_rows_unchanged(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    rows = conn.execute("SELECT * FROM t WHERE id < 3 ORDER BY id FOR UPDATE").fetchall()
    assert rows == [(1, 10, "a"), (2, 20, "b")]
    cur = conn.execute("SELECT t.* FROM t NATURAL JOIN t AS u WHERE id = 1 FOR KEY SHARE")
    assert [d.name for d in cur.description] == ["id", "code", "v"]
    assert cur.fetchall() == [(1, 10, "a")]
    # whole-row references do not show the hidden key column either
    assert conn.execute("SELECT t FROM t WHERE id = 1 FOR UPDATE").fetchall() == [("(1,10,a)",)]


def test_locked_rows_count_towards_the_row_count(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect()
    conn.execute("SELECT * FROM t FOR KEY SHARE")
    conn.execute("UPDATE t SET v = 'q' WHERE id = 1")
    assert conn._session.txn is not None and conn._session.txn.row_count() == 3
    conn.rollback()


# -- refusals and PostgreSQL's rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sql, sqlstate, message",
    [
        ("SELECT * FROM t FOR SHARE", "0A000", "locking clauses other than FOR UPDATE/FOR KEY SHARE are not supported"),
        ("SELECT * FROM t FOR NO KEY UPDATE", "0A000",
         "locking clauses other than FOR UPDATE/FOR KEY SHARE are not supported"),
        ("SELECT * FROM t FOR UPDATE NOWAIT", "0A000", "NOWAIT is not supported"),
        ("SELECT * FROM t FOR KEY SHARE SKIP LOCKED", "0A000", "SKIP LOCKED is not supported"),
        ("SELECT * FROM t FOR UPDATE OF x", "42P01", 'relation "x" in FOR UPDATE clause not found in FROM clause'),
        ("SELECT count(*) FROM t FOR UPDATE", "0A000", "FOR UPDATE is not allowed with aggregate functions"),
        ("SELECT DISTINCT v FROM t FOR UPDATE", "0A000", "FOR UPDATE is not allowed with DISTINCT clause"),
        ("SELECT v FROM t GROUP BY v FOR KEY SHARE", "0A000", "FOR KEY SHARE is not allowed with GROUP BY clause"),
        ("SELECT row_number() OVER () FROM t FOR UPDATE", "0A000", "FOR UPDATE is not allowed with window functions"),
        ("SELECT * FROM t NATURAL JOIN (SELECT 1) s FOR UPDATE OF s, x", "42P01",
         'relation "x" in FOR UPDATE clause not found in FROM clause'),
    ],
)
def test_locking_clause_error(cluster: pydsql.Cluster, sql: str, sqlstate: str, message: str) -> None:
    conn = cluster.connect(autocommit=True)
    with pytest.raises(errors.Error) as info:
        conn.execute(sql)
    assert (info.value.sqlstate, str(info.value)) == (sqlstate, message)


def test_locking_clause_errors_agree_with_postgres(pg: object) -> None:
    from differential import run_script

    run_script(pg, [
        "CREATE TABLE t (id int PRIMARY KEY, v text)",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
        "SELECT * FROM t WHERE id = 1 FOR UPDATE",
        "SELECT * FROM t ORDER BY id LIMIT 1 FOR KEY SHARE",
        "SELECT * FROM t a JOIN t b USING (id) ORDER BY id FOR UPDATE OF b",
        "SELECT * FROM t FOR UPDATE OF nope",
        "SELECT count(*) FROM t FOR UPDATE",
        "SELECT DISTINCT v FROM t FOR UPDATE",
        "SELECT v FROM t GROUP BY v FOR KEY SHARE",
        "SELECT v FROM t GROUP BY v HAVING count(*) > 0 FOR UPDATE",
        "SELECT id FROM t UNION SELECT id FROM t FOR UPDATE",
        "(SELECT id FROM t FOR KEY SHARE) UNION SELECT 1",
        "SELECT id, generate_series(1, 2) FROM t FOR UPDATE",
        "SELECT * FROM (SELECT * FROM t) s ORDER BY id FOR UPDATE OF s",
        "WITH w AS (SELECT * FROM t) SELECT * FROM w FOR UPDATE OF w",
        "SELECT * FROM t, generate_series(1, 2) g ORDER BY id, g FOR UPDATE OF g",
        "SELECT * FROM t, generate_series(1, 2) g ORDER BY id, g FOR UPDATE",
        "SELECT * FROM (VALUES (1)) x(a) FOR UPDATE OF x",
        "SELECT * FROM t FOR UPDATE OF elsewhere.t",
        "SELECT * FROM (SELECT id FROM t UNION SELECT 1) s FOR UPDATE",
        "SELECT * FROM t, LATERAL (SELECT t.id) s ORDER BY 1 FOR UPDATE OF t",
        "SELECT * FROM t z JOIN (t a JOIN t b USING (id)) ON z.id = a.id ORDER BY 1 FOR UPDATE OF b",
        "SELECT * FROM t z JOIN (t a JOIN t b USING (id)) AS j ON z.id = j.id ORDER BY 1 FOR UPDATE OF j",
    ])


def test_locking_a_view_is_not_yet_supported(cluster: pydsql.Cluster) -> None:
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE VIEW v AS SELECT * FROM t")
    with pytest.raises(errors.FeatureNotSupported, match="on a view is not supported by pydsql yet"):
        conn.execute("SELECT * FROM v FOR UPDATE")

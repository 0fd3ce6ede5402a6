"""DSQL's conflict matrix (reference section 1), cell by cell, with two concurrent transactions.

Two transactions each run one operation on the same row (or on different
rows), the first commits, then the second: the second fails with OC000
exactly where the matrix has an X.  "Key columns" are the primary key and
the columns of unique, non-partial, non-expression indexes: an UPDATE of
``u`` (UNIQUE) is a key update, an UPDATE of ``w`` (no index) is not.
"""

from __future__ import annotations

import itertools

import pytest

import pydsql

#: operation -> (SQL on row 1, class): "A" = INSERT/DELETE/key UPDATE/FOR UPDATE,
#: "N" = UPDATE of non-key columns only, "K" = FOR KEY SHARE, "R" = plain read
OPERATIONS = {
    "delete": ("DELETE FROM t WHERE id = 1", "A"),
    "primary_key_update": ("UPDATE t SET id = id + 100 WHERE id = 1", "A"),
    "unique_key_update": ("UPDATE t SET u = u + 100 WHERE id = 1", "A"),
    "for_update": ("SELECT * FROM t WHERE id = 1 FOR UPDATE", "A"),
    "non_key_update": ("UPDATE t SET w = w + 1 WHERE id = 1", "N"),
    "for_key_share": ("SELECT * FROM t WHERE id = 1 FOR KEY SHARE", "K"),
    "plain_read": ("SELECT * FROM t WHERE id = 1", "R"),
}

#: the reference's matrix: (first, second) -> the later committer fails
CONFLICTS = {
    ("A", "A"), ("A", "N"), ("A", "K"),
    ("N", "A"), ("N", "N"),
    ("K", "A"),
}


def _setup() -> pydsql.Cluster:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, u int UNIQUE, w int)")
    conn.execute("INSERT INTO t VALUES (1, 10, 100), (2, 20, 200)")
    return cluster


def _outcome(first: str, second: str) -> str | None:
    """Run both operations concurrently; the second committer's error code, or None."""
    cluster = _setup()
    a, b = cluster.connect(), cluster.connect()
    a.execute("BEGIN")
    b.execute("BEGIN")
    a.execute(OPERATIONS[first][0])
    b.execute(OPERATIONS[second][0])  # every statement succeeds: conflicts surface at COMMIT
    a.commit()
    try:
        b.commit()
    except pydsql.Error as e:
        assert e.sqlstate == "40001"
        return "OC000" if "OC000" in str(e) else str(e)
    return None


@pytest.mark.parametrize("first, second", list(itertools.product(OPERATIONS, repeat=2)))
def test_conflict_matrix_cell(first: str, second: str) -> None:
    expected = (OPERATIONS[first][1], OPERATIONS[second][1]) in CONFLICTS
    assert _outcome(first, second) == ("OC000" if expected else None)


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op != "plain_read"])
def test_disjoint_rows_never_conflict(operation: str) -> None:
    cluster = _setup()
    a, b = cluster.connect(), cluster.connect()
    a.execute("BEGIN")
    b.execute("BEGIN")
    a.execute(OPERATIONS[operation][0])
    b.execute(OPERATIONS[operation][0].replace("id = 1", "id = 2"))
    a.commit()
    b.commit()


def test_write_skew_is_allowed() -> None:
    """Plain reads leave no footprint: each transaction reads the other's row and writes its own."""
    cluster = _setup()
    a, b = cluster.connect(), cluster.connect()
    a.execute("BEGIN")
    b.execute("BEGIN")
    assert a.execute("SELECT w FROM t WHERE id = 2").fetchone() == (200,)
    assert b.execute("SELECT w FROM t WHERE id = 1").fetchone() == (100,)
    a.execute("UPDATE t SET w = 0 WHERE id = 1")
    b.execute("UPDATE t SET w = 0 WHERE id = 2")
    a.commit()
    b.commit()


@pytest.mark.parametrize("first, second", [
    ("INSERT INTO t VALUES (3, 30, 0)", "INSERT INTO t VALUES (3, 31, 0)"),  # the same new primary key
    ("INSERT INTO t VALUES (3, 30, 0)", "INSERT INTO t VALUES (4, 30, 0)"),  # the same new unique value
])
def test_racing_inserts_conflict(first: str, second: str) -> None:
    cluster = _setup()
    a, b = cluster.connect(), cluster.connect()
    a.execute("BEGIN")
    b.execute("BEGIN")
    a.execute(first)
    b.execute(second)
    a.commit()
    with pytest.raises(pydsql.errors.SerializationFailure, match="OC000"):
        b.commit()

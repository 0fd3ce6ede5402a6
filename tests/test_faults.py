"""Faults on demand (``cluster.faults``) and cluster statistics (``cluster.stats()``).

An injected conflict must be indistinguishable from a real one: same class,
SQLSTATE and message, the transaction gone and nothing it wrote visible;
read-only transactions never fail.  Seeded faults repeat exactly.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timezone

import pytest

import pydsql
from pydsql import errors
from pydsql.cluster.clock import FixedClock

OC000 = "change conflicts with another transaction (OC000)"
OC001 = "schema has been updated by another transaction (OC001)"
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _cluster(clock: pydsql.Clock | None = None) -> tuple[pydsql.Cluster, pydsql.Connection]:
    cluster = pydsql.Cluster(clock=clock)
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE a (id int PRIMARY KEY, v int)")
    conn.execute("CREATE TABLE b (id int PRIMARY KEY, v int)")
    conn.execute("INSERT INTO a VALUES (1, 0)")
    cluster.reset_stats()
    return cluster, conn


def _ids(conn: pydsql.Connection, table: str = "a") -> list[int]:
    return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()]


def _outcomes(cluster: pydsql.Cluster, n: int) -> list[bool]:
    """Run ``n`` single-row inserts in autocommit mode; True where the commit failed."""
    conn = cluster.connect(autocommit=True)
    out = []
    for i in range(n):
        try:
            conn.execute("INSERT INTO b VALUES (%s, 0)", (1000 + i,))
            out.append(False)
        except errors.SerializationFailure:
            out.append(True)
    return out


# -- fail_next ---------------------------------------------------------------------------


def test_fail_next_fails_exactly_n_commits_like_a_real_conflict() -> None:
    cluster, conn = _cluster()
    rule = cluster.faults.fail_next(2)
    for i in (2, 3):
        with pytest.raises(errors.SerializationFailure) as info:
            conn.execute("INSERT INTO a VALUES (%s, 0)", (i,))
        assert info.value.sqlstate == "40001"
        assert str(info.value) == OC000
        assert isinstance(info.value, pydsql.OperationalError)
    conn.execute("INSERT INTO a VALUES (4, 0)")
    assert _ids(conn) == [1, 4]
    assert rule.fired == 2 and rule.remaining == 0
    assert cluster.faults.rules == []


def test_fail_next_with_oc001() -> None:
    cluster, conn = _cluster()
    cluster.faults.fail_next(code="OC001")
    with pytest.raises(errors.SerializationFailure, match=r"^schema has been updated by another transaction \(OC001\)$"):
        conn.execute("UPDATE a SET v = 1 WHERE id = 1")
    assert conn.execute("SELECT v FROM a").fetchall() == [(0,)]


def test_injected_conflict_in_an_explicit_transaction_leaves_nothing_behind() -> None:
    cluster, setup = _cluster()
    conn = cluster.connect()
    other = cluster.connect(autocommit=True)
    conn.execute("INSERT INTO a VALUES (2, 0)")
    conn.execute("UPDATE a SET v = 5 WHERE id = 1")
    conn.execute("DELETE FROM a WHERE id = 1 AND v = -1")
    cluster.faults.fail_next()
    with pytest.raises(errors.SerializationFailure, match=r"\(OC000\)"):
        conn.commit()
    assert not conn.in_transaction
    assert cluster.live_snapshots() == []
    assert other.execute("SELECT id, v FROM a").fetchall() == [(1, 0)]
    assert conn.execute("SELECT id, v FROM a").fetchall() == [(1, 0)]
    conn.rollback()
    # the resolver never heard of the refused commit: the same writes commit now
    conn.execute("INSERT INTO a VALUES (2, 0)")
    conn.commit()
    assert _ids(other) == [1, 2]


def test_read_only_transactions_never_fail_and_do_not_consume_a_fault() -> None:
    cluster, conn = _cluster()
    rule = cluster.faults.fail_next(1)
    cluster.faults.fail_fraction(1.0, seed=1)
    reader = cluster.connect()
    assert reader.execute("SELECT count(*) FROM a").fetchone() == (1,)
    reader.commit()
    conn.execute("SELECT * FROM a")
    conn.execute("BEGIN READ ONLY")
    conn.execute("SELECT * FROM a")
    conn.execute("COMMIT")
    assert rule.remaining == 1 and rule.fired == 0
    with pytest.raises(errors.SerializationFailure):
        conn.execute("INSERT INTO a VALUES (2, 0)")
    assert rule.fired == 1


# -- fail_fraction -------------------------------------------------------------------------


def test_fail_fraction_is_deterministic_with_a_seed() -> None:
    runs = []
    for seed in (11, 11, 12):
        cluster, _ = _cluster()
        rule = cluster.faults.fail_fraction(0.3, seed=seed)
        runs.append(_outcomes(cluster, 60))
        assert rule.fired == sum(runs[-1])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert 5 <= sum(runs[0]) <= 35  # about 18 of 60


def test_fail_fraction_without_seed_draws_from_the_cluster_clock() -> None:
    runs = []
    for _ in range(2):
        cluster, _ = _cluster(FixedClock(START, seed=5))
        cluster.faults.fail_fraction(0.5)
        runs.append(_outcomes(cluster, 40))
    assert runs[0] == runs[1]
    assert 0 < sum(runs[0]) < 40


def test_fail_fraction_extremes() -> None:
    cluster, _ = _cluster()
    cluster.faults.fail_fraction(0.0, seed=1)
    assert not any(_outcomes(cluster, 20))
    cluster.faults.clear()
    cluster.faults.fail_fraction(1.0, seed=1, code="OC001")
    conn = cluster.connect(autocommit=True)
    for i in range(5):
        with pytest.raises(errors.SerializationFailure, match="OC001"):
            conn.execute("INSERT INTO b VALUES (%s, 0)", (i,))
    assert cluster.stats().injected_oc001 == 5


# -- table-targeted faults --------------------------------------------------------------------


def test_table_targeted_fault_spares_other_tables() -> None:
    cluster, conn = _cluster()
    rule = cluster.faults.fail_next(1, table="a")
    conn.execute("INSERT INTO b VALUES (1, 0)")  # another table: commits
    assert rule.remaining == 1
    with pytest.raises(errors.SerializationFailure):
        conn.execute("UPDATE a SET v = 1 WHERE id = 1")
    conn.execute("UPDATE a SET v = 2 WHERE id = 1")
    assert _ids(conn, "b") == [1]
    assert conn.execute("SELECT v FROM a").fetchall() == [(2,)]


def test_table_filter_qualified_name_locks_and_ddl() -> None:
    cluster, conn = _cluster()
    cluster.faults.fail_fraction(1.0, seed=0, table="public.a")
    conn.execute("INSERT INTO b VALUES (1, 0)")
    with pytest.raises(errors.SerializationFailure):  # a locking read claims the row: it touches a
        conn.execute("SELECT * FROM a WHERE id = 1 FOR UPDATE")
    with pytest.raises(errors.SerializationFailure):  # DDL on a
        conn.execute("ALTER TABLE a ADD COLUMN w int")
    assert [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'a' ORDER BY ordinal_position"
    ).fetchall()] == ["id", "v"]
    cluster.faults.clear()
    cluster.faults.fail_fraction(1.0, seed=0, table="other.a")  # no such schema: never matches
    conn.execute("INSERT INTO a VALUES (2, 0)")
    assert _ids(conn) == [1, 2]


# -- commit latency ---------------------------------------------------------------------------


def test_commit_latency_advances_a_fixed_clock_for_writing_commits_only() -> None:
    clock = FixedClock(START)
    cluster, conn = _cluster(clock)
    cluster.faults.commit_latency = 0.05
    before = clock.monotonic()
    conn.execute("SELECT * FROM a")  # read-only: no latency
    assert clock.monotonic() == before
    conn.execute("INSERT INTO a VALUES (2, 0)")
    assert clock.monotonic() == pytest.approx(before + 0.05)
    cluster.faults.fail_next()
    with pytest.raises(errors.SerializationFailure):  # a losing commit pays too
        conn.execute("INSERT INTO a VALUES (3, 0)")
    assert clock.monotonic() == pytest.approx(before + 0.10)
    stats = cluster.stats()
    assert stats.commit_latency_count == 2
    assert stats.commit_latency_total == pytest.approx(0.10)
    assert stats.commit_latency_max == pytest.approx(0.05)
    assert stats.commit_latency_mean == pytest.approx(0.05)


def test_commit_latency_sleeps_on_the_real_clock() -> None:
    cluster, conn = _cluster()
    cluster.faults.commit_latency = 0.03
    started = time.monotonic()
    conn.execute("INSERT INTO a VALUES (2, 0)")
    assert time.monotonic() - started >= 0.03
    assert cluster.stats().commit_latency_max >= 0.03


# -- dropped connections -----------------------------------------------------------------------


def test_drop_connection_rolls_back_and_the_next_call_raises_08006() -> None:
    cluster, other = _cluster()
    conn = cluster.connect()
    cur = conn.cursor()
    cur.execute("INSERT INTO a VALUES (2, 0)")
    cluster.faults.drop_connection(conn)
    assert cluster.live_snapshots() == []  # the server side is gone at once
    assert _ids(other) == [1]
    with pytest.raises(errors.ConnectionFailure) as info:
        conn.commit()
    assert info.value.sqlstate == "08006"
    assert str(info.value) == "connection to server was lost"
    assert isinstance(info.value, pydsql.OperationalError)
    assert conn.closed
    with pytest.raises(pydsql.OperationalError, match="the connection is closed"):
        conn.execute("SELECT 1")
    conn.close()  # closing a dead connection is silent
    assert _ids(other) == [1]
    assert cluster.stats().dropped_connections == 1
    assert cluster.stats().rollbacks == 1


def test_dropped_connection_is_noticed_by_a_cursor_call_too() -> None:
    cluster, _ = _cluster()
    conn = cluster.connect(autocommit=True)
    cur = conn.cursor()
    cluster.faults.drop_connection(conn)
    with pytest.raises(errors.ConnectionFailure):
        cur.execute("SELECT 1")
    assert conn.closed


def test_drop_connection_of_another_cluster_is_refused() -> None:
    cluster, _ = _cluster()
    stranger = pydsql.connect()
    with pytest.raises(pydsql.ProgrammingError):
        cluster.faults.drop_connection(stranger)
    assert stranger.execute("SELECT 1").fetchone() == (1,)


# -- clearing and validation ---------------------------------------------------------------------


def test_clear_and_remove() -> None:
    clock = FixedClock(START)
    cluster, conn = _cluster(clock)
    rule = cluster.faults.fail_next(5)
    cluster.faults.fail_fraction(1.0, seed=3)
    cluster.faults.commit_latency = 1.0
    cluster.faults.remove(rule)
    assert len(cluster.faults.rules) == 1
    cluster.faults.clear()
    cluster.faults.remove(rule)  # already gone: no error
    assert cluster.faults.rules == [] and cluster.faults.commit_latency == 0.0
    before = clock.monotonic()
    conn.execute("INSERT INTO a VALUES (2, 0)")
    assert clock.monotonic() == before
    assert _ids(conn) == [1, 2]


@pytest.mark.parametrize("call", [
    lambda f: f.fail_next(0),
    lambda f: f.fail_next(1, code="OC002"),
    lambda f: f.fail_fraction(1.5),
    lambda f: f.fail_fraction(0.5, code="40001"),
    lambda f: f.fail_next(1, table=""),
    lambda f: setattr(f, "commit_latency", -1),
    lambda f: setattr(f, "commit_latency", float("inf")),
])
def test_bad_arguments_are_refused(call: object) -> None:
    cluster, _ = _cluster()
    with pytest.raises(pydsql.ProgrammingError):
        call(cluster.faults)  # type: ignore[operator]
    assert cluster.faults.rules == [] and cluster.faults.commit_latency == 0.0


# -- statistics -----------------------------------------------------------------------------------


def test_stats_count_commits_conflicts_and_rollbacks() -> None:
    cluster, conn = _cluster()
    assert cluster.stats() == pydsql.ClusterStats(log_position=3, applied={"local": 3})  # the setup's 3 commits
    x, y = cluster.connect(), cluster.connect()
    x.execute("UPDATE a SET v = 1 WHERE id = 1")
    y.execute("UPDATE a SET v = 2 WHERE id = 1")
    x.commit()
    with pytest.raises(errors.SerializationFailure, match="OC000"):  # a real data conflict
        y.commit()
    y.execute("INSERT INTO b VALUES (1, 0)")  # a write from the old schema ...
    conn.execute("ALTER TABLE b ADD COLUMN w int")  # ... of a table whose definition changes
    with pytest.raises(errors.SerializationFailure, match="OC001"):
        y.commit()
    x.execute("INSERT INTO b VALUES (2, 0, 0)")
    x.rollback()
    x.execute("SELECT 1")
    x.commit()
    cluster.faults.fail_next(1)
    with pytest.raises(errors.SerializationFailure):
        conn.execute("INSERT INTO b VALUES (3, 0, 0)")
    stats = cluster.stats()
    assert (stats.commits, stats.read_only_commits) == (2, 1)
    assert (stats.conflicts_oc000, stats.conflicts_oc001) == (1, 1)
    assert (stats.injected_oc000, stats.injected_oc001) == (1, 0)
    assert stats.rollbacks == 1
    assert stats.conflicts == 3 and stats.aborts == 4
    assert stats.commits + stats.read_only_commits + stats.aborts == 7  # every transaction that ended
    assert stats.commit_latency_count == 5  # every commit that reached adjudication
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.commits = 0  # type: ignore[misc]
    cluster.reset_stats()  # the counters, not the log positions
    assert cluster.stats() == pydsql.ClusterStats(log_position=5, applied={"local": 5})


def test_failed_statement_in_autocommit_counts_as_a_rollback() -> None:
    cluster, conn = _cluster()
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO a VALUES (1, 0)")
    assert cluster.stats().rollbacks == 1
    assert cluster.stats().commits == 0


def test_the_example_of_docs_faults_md_runs(capsys: pytest.CaptureFixture[str]) -> None:
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "faults.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    exec(compile(code.group(1), "docs/faults.md", "exec"), {})
    assert capsys.readouterr().out == "2\n"

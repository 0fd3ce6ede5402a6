"""Clones, snapshots and restores of a cluster's committed state (docs/testing.md).

``cluster.clone()`` and ``cluster.snapshot()`` share the source's table stores
copy-on-write: these tests check the semantics (isolation both ways,
sequences, indexes, DDL on either side, multi-region, garbage collection,
restore) and the cost model by the work done -- which stores are the same
objects -- never by timings.
"""

from __future__ import annotations

import pytest

import pydsql
from pydsql import errors

EAST, WEST, WITNESS = "us-east-1", "us-east-2", "us-west-2"


def _seeded(rows: int = 100, **options: object) -> pydsql.Cluster:
    cluster = pydsql.Cluster(**options)  # type: ignore[arg-type]
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    conn.execute("CREATE TABLE other (id int PRIMARY KEY)")
    for lo in range(0, rows, 1000):
        conn.execute(
            "INSERT INTO t SELECT g, 'v' || g FROM generate_series(%s::int, %s::int) g", (lo, min(lo + 999, rows - 1))
        )
    conn.close()
    return cluster


def _table_id(cluster: pydsql.Cluster, name: str) -> int:
    table = cluster.catalog_now().table("public", name)
    assert table is not None
    return table.table_id


def _count(conn: pydsql.Connection, table: str = "t") -> int:
    (n,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # type: ignore[misc]
    return int(n)


# -- isolation ---------------------------------------------------------------------------------


def test_clone_has_the_committed_state_and_is_isolated_both_ways() -> None:
    source = _seeded(100)
    clone = source.clone()
    a, b = source.connect(autocommit=True), clone.connect(autocommit=True)
    assert _count(b) == 100
    b.execute("DELETE FROM t WHERE id < 10")
    b.execute("INSERT INTO other VALUES (1)")
    a.execute("UPDATE t SET v = 'changed' WHERE id = 50")
    assert (_count(a), _count(a, "other"), _count(b), _count(b, "other")) == (100, 0, 90, 1)
    assert b.execute("SELECT v FROM t WHERE id = 50").fetchone() == ("v50",)
    assert a.execute("SELECT v FROM t WHERE id = 50").fetchone() == ("changed",)


def test_clone_is_independent_of_connections_and_transactions_of_the_source() -> None:
    source = _seeded(10)
    writer = source.connect()
    writer.execute("INSERT INTO t VALUES (1000, 'uncommitted')")
    reader = source.connect()
    assert _count(reader) == 10  # a live snapshot in the source
    clone = source.clone()  # allowed: the clone takes the committed head
    writer.commit()
    conn = clone.connect(autocommit=True)
    assert _count(conn) == 10
    assert _count(source.connect(autocommit=True)) == 11
    reader.commit()


def test_a_conflict_in_the_clone_does_not_involve_the_source() -> None:
    source = _seeded(10)
    clone = source.clone()
    a, b = clone.connect(), clone.connect()
    a.execute("UPDATE t SET v = 'a' WHERE id = 1")
    b.execute("UPDATE t SET v = 'b' WHERE id = 1")
    a.commit()
    with pytest.raises(errors.SerializationFailure):
        b.commit()
    s = source.connect()
    s.execute("UPDATE t SET v = 's' WHERE id = 1")
    s.commit()  # the clone's commits are not in the source's resolver


def test_clone_of_a_clone_and_many_clones() -> None:
    source = _seeded(10)
    clones = [source.clone() for _ in range(5)]
    for i, c in enumerate(clones):
        c.connect(autocommit=True).execute("INSERT INTO t VALUES (%s, 'x')", (100 + i,))
    grandchild = clones[0].clone()
    assert _count(grandchild.connect()) == 11
    assert [_count(c.connect()) for c in clones] == [11] * 5
    assert _count(source.connect()) == 10


# -- cost: shared stores until written -------------------------------------------------------------


@pytest.mark.parametrize("rows", [0, 10_000])
def test_clone_shares_every_store_until_written(rows: int) -> None:
    source = _seeded(rows)
    clone = source.clone()
    tid, oid = _table_id(source, "t"), _table_id(source, "other")
    assert clone.replica.stores[tid] is source.replica.stores[tid]
    assert clone.replica.stores[oid] is source.replica.stores[oid]
    clone.connect(autocommit=True).execute("INSERT INTO other VALUES (1)")
    assert clone.replica.stores[oid] is not source.replica.stores[oid]  # copied at the first write
    assert clone.replica.stores[tid] is source.replica.stores[tid]  # the other table is still shared
    assert _count(source.connect(), "other") == 0


def test_the_source_copies_a_shared_store_before_writing_it() -> None:
    source = _seeded(10)
    clone = source.clone()
    tid = _table_id(source, "t")
    shared = source.replica.stores[tid]
    source.connect(autocommit=True).execute("DELETE FROM t")
    assert source.replica.stores[tid] is not shared
    assert clone.replica.stores[tid] is shared
    assert _count(clone.connect()) == 10


def test_the_last_holder_writes_in_place() -> None:
    source = _seeded(10)
    tid = _table_id(source, "t")
    store = source.replica.stores[tid]
    assert store.holders == 1
    snap = source.snapshot()
    assert store.holders == 2
    conn = source.connect(autocommit=True)
    conn.execute("INSERT INTO t VALUES (500, 'x')")
    assert source.replica.stores[tid] is not store and store.holders == 1  # the snapshot's now
    private = source.replica.stores[tid]
    conn.execute("INSERT INTO t VALUES (501, 'x')")
    assert source.replica.stores[tid] is private  # no second copy
    source.restore(snap)
    assert source.replica.stores[tid] is store


def test_reads_and_gc_of_an_unchanged_table_keep_it_shared() -> None:
    source = _seeded(10)
    clone = source.clone()
    tid = _table_id(source, "t")
    conn = clone.connect(autocommit=True)
    for _ in range(3):
        conn.execute("SELECT * FROM t WHERE id = 3").fetchall()
    conn.execute("INSERT INTO other VALUES (7)")  # a commit: garbage collection runs
    assert clone.replica.stores[tid] is source.replica.stores[tid]


def test_clone_collects_garbage_first_one_version_per_key() -> None:
    source = _seeded(5)
    conn = source.connect(autocommit=True)
    for i in range(5):
        conn.execute("UPDATE t SET v = %s WHERE id = 1", (str(i),))
    clone = source.clone()
    store = clone.replica.stores[_table_id(clone, "t")]
    assert store.version_count() == 5  # one per key
    assert clone.connect().execute("SELECT v FROM t WHERE id = 1").fetchone() == ("4",)


def test_gc_after_clone_prunes_on_each_side_independently() -> None:
    source = _seeded(5)
    clone = source.clone()
    c = clone.connect(autocommit=True)
    for i in range(10):
        c.execute("UPDATE t SET v = %s WHERE id = 2", (str(i),))
    c.execute("DELETE FROM t WHERE id = 3")
    tid = _table_id(clone, "t")
    assert clone.replica.stores[tid].version_count() == 4  # pruned: keys 0, 1, 2, 4
    assert source.replica.stores[tid].version_count() == 5
    assert source.connect().execute("SELECT v FROM t WHERE id = 2").fetchone() == ("v2",)


# -- schema, sequences, indexes, ids --------------------------------------------------------------


def test_ddl_after_clone_on_either_side() -> None:
    source = _seeded(10)
    clone = source.clone()
    a, b = source.connect(autocommit=True), clone.connect(autocommit=True)
    b.execute("ALTER TABLE t ADD COLUMN extra int")
    b.execute("UPDATE t SET extra = id * 2")
    a.execute("DROP TABLE other")
    a.execute("CREATE TABLE fresh (k text PRIMARY KEY)")
    assert b.execute("SELECT extra FROM t WHERE id = 4").fetchone() == (8,)
    assert a.execute("SELECT * FROM t WHERE id = 4").fetchone() == (4, "v4")
    assert _count(b, "other") == 0
    with pytest.raises(errors.UndefinedTable):
        a.execute("SELECT * FROM other")
    with pytest.raises(errors.UndefinedTable):
        b.execute("SELECT * FROM fresh")


def test_sequences_continue_from_the_same_position_independently() -> None:
    source = pydsql.Cluster()
    conn = source.connect(autocommit=True)
    conn.execute("CREATE SEQUENCE s CACHE 1")
    conn.execute("CREATE TABLE ident (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY, v int)")
    conn.execute("SELECT nextval('s')")
    conn.execute("INSERT INTO ident (v) VALUES (1)")
    clone = source.clone()
    c = clone.connect(autocommit=True)
    assert c.execute("SELECT nextval('s')").fetchone() == (2,)
    assert c.execute("SELECT nextval('s')").fetchone() == (3,)
    assert conn.execute("SELECT nextval('s')").fetchone() == (2,)
    assert c.execute("INSERT INTO ident (v) VALUES (2) RETURNING id").fetchone() == (2,)
    assert conn.execute("INSERT INTO ident (v) VALUES (2) RETURNING id").fetchone() == (2,)


def test_indexes_are_cloned_and_built_on_either_side() -> None:
    source = _seeded(50)
    conn = source.connect(autocommit=True)
    conn.execute("CREATE UNIQUE INDEX ASYNC t_v ON t (v)")
    clone = source.clone()
    c = clone.connect(autocommit=True)
    with pytest.raises(errors.UniqueViolation):
        c.execute("INSERT INTO t VALUES (1000, 'v7')")
    c.execute("INSERT INTO t VALUES (1000, 'new')")
    assert c.execute("SELECT id FROM t WHERE v = 'new'").fetchone() == (1000,)
    assert conn.execute("SELECT id FROM t WHERE v = 'new'").fetchone() is None
    c.execute("CREATE INDEX ASYNC other_id ON other (id)")  # built in the clone only
    assert c.execute("SELECT count(*) FROM sys.jobs").fetchone() != conn.execute(
        "SELECT count(*) FROM sys.jobs"
    ).fetchone()
    c.execute("DROP INDEX t_v")
    c.execute("INSERT INTO t VALUES (1001, 'v7')")  # no unique index in the clone any more
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO t VALUES (1001, 'v7')")


def test_manual_jobs_must_be_run_before_cloning() -> None:
    source = _seeded(5, jobs="manual")
    source.connect(autocommit=True).execute("CREATE INDEX ASYNC t_v ON t (v)")
    with pytest.raises(errors.ProgrammingError, match="pending jobs"):
        source.clone()
    source.run_jobs()
    clone = source.clone()
    rows = clone.connect().execute("SELECT status FROM sys.jobs").fetchall()
    assert rows == [("completed",)]


def test_object_ids_and_hidden_row_ids_continue_independently() -> None:
    source = pydsql.Cluster()
    conn = source.connect(autocommit=True)
    conn.execute("CREATE TABLE nokey (v int)")
    conn.execute("INSERT INTO nokey VALUES (1), (2)")
    clone = source.clone()
    c = clone.connect(autocommit=True)
    c.execute("INSERT INTO nokey VALUES (3)")
    conn.execute("INSERT INTO nokey VALUES (3)")
    assert _count(c, "nokey") == 3 and _count(conn, "nokey") == 3
    c.execute("CREATE TABLE x (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE x (id int PRIMARY KEY)")
    assert _table_id(clone, "x") == _table_id(source, "x")  # deterministic: same position, own counter


def test_clone_copies_configuration_and_starts_fresh_faults_and_stats() -> None:
    quotas = pydsql.Quotas(transaction_rows=5)
    clock = pydsql.FixedClock(seed=3)
    source = _seeded(0, quotas=quotas, clock=clock)
    source.faults.fail_next(5)
    clone = source.clone()
    assert clone.quotas is quotas
    assert isinstance(clone.clock, pydsql.FixedClock) and clone.clock is not clock
    assert clone.clock.now() == clock.now() and clone.clock.random() == clock.random()
    assert clone.faults.rules == [] and clone.stats().commits == 0
    with pytest.raises(errors.ProgramLimitExceeded):
        clone.connect(autocommit=True).execute("INSERT INTO t SELECT generate_series(1, 6), 'x'")
    real = pydsql.Cluster()
    assert real.clone().clock is real.clock  # the real clock has no state worth copying


# -- multi-region --------------------------------------------------------------------------------


def test_multi_region_clone() -> None:
    source = pydsql.Cluster(regions=[EAST, WEST], witness=WITNESS, latency=0.01, clock=pydsql.FixedClock())
    east = source.connect(region=EAST, autocommit=True)
    east.execute("CREATE TABLE kv (k text PRIMARY KEY, v int)")
    east.execute("INSERT INTO kv VALUES ('a', 1)")
    source.fail_region(EAST)  # the clone's network is fresh
    clone = source.clone()
    assert clone.regions == [EAST, WEST] and clone.witness == WITNESS
    ce, cw = clone.connect(region=EAST, autocommit=True), clone.connect(region=WEST, autocommit=True)
    start = clone.clock.monotonic()
    ce.execute("UPDATE kv SET v = 2")
    assert clone.clock.monotonic() - start == pytest.approx(0.04)  # the latency is cloned
    assert cw.execute("SELECT v FROM kv").fetchone() == (2,)
    tid = _table_id(clone, "kv")
    assert clone.topology.regions[WEST].replica.stores[tid] is not source.topology.regions[WEST].replica.stores[tid]
    west = source.connect(region=WEST, autocommit=True)
    assert west.execute("SELECT v FROM kv").fetchone() == (1,)


def test_region_recovering_from_a_peer_shares_its_stores() -> None:
    cluster = pydsql.Cluster(regions=[EAST, WEST], witness=WITNESS, log_window=2, clock=pydsql.FixedClock())
    east = cluster.connect(region=EAST, autocommit=True)
    east.execute("CREATE TABLE kv (k int PRIMARY KEY)")
    east.execute("CREATE TABLE other (k int PRIMARY KEY)")
    cluster.fail_region(WEST)
    for i in range(5):
        east.execute("INSERT INTO kv VALUES (%s)", (i,))
    cluster.recover_region(WEST)
    west = cluster.connect(region=WEST, autocommit=True)
    assert _count(west, "kv") == 5  # recovered from east's replica (past the witness's window)
    oid = _table_id(cluster, "other")
    assert cluster.topology.regions[WEST].replica.stores[oid] is cluster.topology.regions[EAST].replica.stores[oid]
    west.execute("INSERT INTO kv VALUES (100)")
    assert _count(east, "kv") == 6 and _count(west, "kv") == 6


# -- snapshot and restore ---------------------------------------------------------------------------


def test_snapshot_restore_round_trip() -> None:
    cluster = _seeded(20)
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE SEQUENCE s CACHE 1")
    snap = cluster.snapshot()
    version = cluster.version
    conn.execute("DELETE FROM t WHERE id < 10")
    conn.execute("DROP TABLE other")
    conn.execute("CREATE TABLE later (id int PRIMARY KEY)")
    assert conn.execute("SELECT nextval('s')").fetchone() == (1,)
    cluster.restore(snap)
    assert cluster.version > version  # a restore is a new state at a new version
    assert _count(conn) == 20 and _count(conn, "other") == 0
    with pytest.raises(errors.UndefinedTable):
        conn.execute("SELECT * FROM later")
    assert conn.execute("SELECT nextval('s')").fetchone() == (1,)
    conn.execute("DELETE FROM t")
    cluster.restore(snap)  # any number of times
    assert _count(conn) == 20


def test_restore_drops_cached_sequence_blocks() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE SEQUENCE s CACHE 65536")
    snap = cluster.snapshot()
    assert conn.execute("SELECT nextval('s')").fetchone() == (1,)  # this session reserved 1..65536
    cluster.restore(snap)
    other = cluster.connect(autocommit=True)
    values = [conn.execute("SELECT nextval('s')").fetchone(), other.execute("SELECT nextval('s')").fetchone()]
    assert values == [(1,), (65537,)]  # never the same value twice after a restore


def test_restore_refuses_open_transactions() -> None:
    cluster = _seeded(5)
    snap = cluster.snapshot()
    conn = cluster.connect()
    conn.execute("SELECT 1 FROM t")
    with pytest.raises(errors.ProgrammingError, match="transaction"):
        cluster.restore(snap)
    conn.rollback()
    cluster.restore(snap)
    conn.execute("INSERT INTO t VALUES (99, 'x')")
    conn.commit()
    assert _count(conn) == 6


def test_restore_does_not_let_old_conflicts_leak() -> None:
    cluster = _seeded(5)
    snap = cluster.snapshot()
    a = cluster.connect(autocommit=True)
    a.execute("UPDATE t SET v = 'a' WHERE id = 1")
    cluster.restore(snap)
    b = cluster.connect()
    b.execute("UPDATE t SET v = 'b' WHERE id = 1")
    b.commit()
    assert b.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("b",)


def test_restore_a_snapshot_into_a_multi_region_cluster() -> None:
    cluster = pydsql.Cluster(regions=[EAST, WEST], witness=WITNESS, clock=pydsql.FixedClock())
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    east.execute("CREATE TABLE kv (k int PRIMARY KEY)")
    snap = cluster.snapshot()
    east.execute("INSERT INTO kv VALUES (1)")
    cluster.restore(snap)
    assert _count(west, "kv") == 0 and _count(east, "kv") == 0
    west.execute("INSERT INTO kv VALUES (2)")
    assert east.execute("SELECT k FROM kv").fetchall() == [(2,)]


def test_restore_needs_a_snapshot() -> None:
    with pytest.raises(errors.ProgrammingError):
        pydsql.Cluster().restore(object())  # type: ignore[arg-type]


def test_shared_statement_cache_with_diverging_schemas() -> None:
    """Clones share prepared plans; a plan is only reused against the catalog it was planned for."""
    source = _seeded(3)
    clone = source.clone()
    a, b = source.connect(autocommit=True), clone.connect(autocommit=True)
    query = "SELECT * FROM t WHERE id = %s"
    assert a.execute(query, (1,)).fetchone() == b.execute(query, (1,)).fetchone() == (1, "v1")
    b.execute("ALTER TABLE t ADD COLUMN extra int")
    for _ in range(2):  # alternate: each side replans for its own catalog
        assert b.execute(query, (1,)).fetchone() == (1, "v1", None)
        assert a.execute(query, (1,)).fetchone() == (1, "v1")


def test_restore_a_snapshot_into_a_clone() -> None:
    template = _seeded(10)
    snap = template.snapshot()
    clone = template.clone()
    conn = clone.connect(autocommit=True)
    conn.execute("DELETE FROM t")
    clone.restore(snap)
    assert _count(conn) == 10
    assert _count(template.connect()) == 10


def test_clones_written_from_many_threads_stay_isolated() -> None:
    """Holder counts are shared between clusters with different locks: writers in threads."""
    import threading

    template = _seeded(200)
    clones = [template.clone() for _ in range(6)]
    failures: list[BaseException] = []

    def work(cluster: pydsql.Cluster, k: int) -> None:
        try:
            conn = cluster.connect(autocommit=True)
            for i in range(20):
                conn.execute("UPDATE t SET v = %s WHERE id = %s", (f"c{k}", i))
                conn.execute("INSERT INTO other VALUES (%s)", (k * 100 + i,))
            assert conn.execute("SELECT count(*) FROM t WHERE v = %s", (f"c{k}",)).fetchone() == (20,)
            assert _count(conn, "other") == 20
        except BaseException as e:  # reported by the main thread
            failures.append(e)

    threads = [threading.Thread(target=work, args=(c, k)) for k, c in enumerate(clones)]
    threads.append(threading.Thread(target=work, args=(template, 99)))
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not failures, failures
    fresh = template.clone().connect()
    assert fresh.execute("SELECT count(*) FROM t WHERE v = 'c99'").fetchone() == (20,)
    assert fresh.execute("SELECT count(*) FROM t WHERE v LIKE 'c_'").fetchone() == (0,)


def test_a_garbage_collected_clone_or_snapshot_lets_go_of_its_stores() -> None:
    import gc

    source = _seeded(10)
    tid = _table_id(source, "t")
    store = source.replica.stores[tid]
    clone, snap = source.clone(), source.snapshot()
    clone.connect(autocommit=True).execute("SELECT 1")
    assert store.holders == 3
    del clone, snap
    gc.collect()
    assert store.holders == 1
    source.connect(autocommit=True).execute("INSERT INTO t VALUES (1000, 'x')")
    assert source.replica.stores[tid] is store  # written in place: nobody else holds it


def test_a_garbage_collected_source_lets_go_of_its_stores() -> None:
    import gc

    source = _seeded(10)
    tid = _table_id(source, "t")
    clone = source.clone()
    store = clone.replica.stores[tid]
    assert store.holders == 2
    del source
    gc.collect()
    assert store.holders == 1
    clone.connect(autocommit=True).execute("INSERT INTO t VALUES (1000, 'x')")
    assert clone.replica.stores[tid] is store


def test_a_database_is_freed_with_its_last_connection() -> None:
    """No reference cycle keeps a dead database alive until the cyclic garbage collector runs
    (a fresh database per test would pile up): its parts refer back to it weakly."""
    import gc
    import weakref

    gc.collect()
    gc.disable()
    try:
        conn = pydsql.connect()
        cluster = weakref.ref(conn.cluster)
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
        conn.commit()
        conn.execute("CREATE INDEX ASYNC t_v ON t (v)")
        conn.commit()
        conn.execute("INSERT INTO t VALUES (1, 'x')")
        conn.commit()
        clone = conn.cluster.clone()
        del conn
        assert cluster() is None
        clone_ref = weakref.ref(clone)
        del clone
        assert clone_ref() is None
    finally:
        gc.enable()
    faults = pydsql.Cluster().faults  # a part kept alone outlives its cluster: a clear error
    with pytest.raises(pydsql.InterfaceError, match="the cluster of these faults no longer exists"):
        faults.fail_next(1)

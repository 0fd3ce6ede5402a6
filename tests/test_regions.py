"""Multi-region clusters: peered regions, a witness, one commit log (docs/regions.md).

Every rule of the model, region by region: strong consistency across
regions, conflicts adjudicated cluster-wide, latency paid at COMMIT only,
outages without loss, quorum loss and return, partitions, and recovery past
the witness's window.  All on a simulated clock: nothing here sleeps.
"""

from __future__ import annotations

import threading

import pytest

import pydsql
from pydsql import errors

EAST, WEST, WITNESS = "us-east-1", "us-east-2", "us-west-2"


def _cluster(**options: object) -> pydsql.Cluster:
    options.setdefault("clock", pydsql.FixedClock())
    cluster = pydsql.Cluster(regions=[EAST, WEST], witness=WITNESS, **options)  # type: ignore[arg-type]
    setup = cluster.connect(region=EAST, autocommit=True)
    setup.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)")
    setup.execute("INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100)")
    setup.close()
    return cluster


def _balances(conn: pydsql.Connection) -> list[tuple[int, int]]:
    rows = conn.execute("SELECT id, balance FROM accounts ORDER BY id").fetchall()
    conn.commit()
    return rows


def _elapsed(cluster: pydsql.Cluster, action: object) -> float:
    start = cluster.clock.monotonic()
    action()  # type: ignore[operator]
    return cluster.clock.monotonic() - start


# -- the model -------------------------------------------------------------------------------


def test_a_plain_cluster_has_one_region() -> None:
    cluster = pydsql.Cluster()
    assert cluster.regions == ["local"] and cluster.witness is None
    conn = cluster.connect()
    assert conn.region == "local"
    assert pydsql.connect().region == "local"


def test_regions_and_endpoints() -> None:
    cluster = _cluster()
    assert cluster.regions == [EAST, WEST] and cluster.witness == WITNESS
    assert cluster.connect().region == EAST  # the first region by default
    assert pydsql.connect(cluster=cluster, region=WEST).region == WEST


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"regions": [EAST, WEST]}, "needs a witness"),
        ({"regions": [EAST, EAST], "witness": WITNESS}, "different names"),
        ({"regions": [EAST, WEST], "witness": EAST}, "witness must be"),
        ({"regions": []}, "non-empty"),
        ({"regions": EAST}, "non-empty list"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "latency": -1}, "latency"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "latency": {(EAST, "eu-west-1"): 0.01}}, "unknown region"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "latency": {(EAST, EAST): 0.01}}, "two different"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "log_window": 0}, "log_window"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "latency": {"ab": 0.01}}, "pairs of participant names"),
        ({"regions": [EAST, WEST], "witness": WITNESS, "latency": {(EAST,): 0.01}}, "pairs of participant names"),
        ({"witness": WITNESS}, "multi-region"),
    ],
)
def test_bad_cluster_definitions_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(pydsql.ProgrammingError, match=message):
        pydsql.Cluster(**options)  # type: ignore[arg-type]


def test_connecting_to_what_is_not_an_endpoint() -> None:
    cluster = _cluster()
    with pytest.raises(pydsql.ProgrammingError, match='unknown region "eu-west-1"'):
        cluster.connect(region="eu-west-1")
    with pytest.raises(pydsql.ProgrammingError, match="witness"):
        cluster.connect(region=WITNESS)
    with pytest.raises(pydsql.ProgrammingError, match="needs a cluster"):
        pydsql.connect(region=EAST)
    with pytest.raises(pydsql.ProgrammingError, match="a side of a partition"):
        cluster.partition(None, EAST)  # type: ignore[arg-type]
    with pytest.raises(pydsql.ProgrammingError, match='unknown region "eu-west-1"'):
        cluster.fail_region("eu-west-1")


# -- strong consistency ------------------------------------------------------------------------


def test_a_commit_is_visible_in_the_other_region_at_once() -> None:
    cluster = _cluster()
    east, west = cluster.connect(region=EAST), cluster.connect(region=WEST)
    east.execute("UPDATE accounts SET balance = 50 WHERE id = 1")
    east.commit()
    before = cluster.stats()
    assert before.applied[EAST] == before.log_position
    assert before.applied[WEST] < before.log_position  # regions apply the log when they read ...
    assert _balances(west)[0] == (1, 50)  # ... so the next transaction there sees the commit
    assert cluster.stats().applied == {EAST: before.log_position, WEST: before.log_position}


def test_a_snapshot_taken_before_a_remote_commit_does_not_see_it() -> None:
    cluster = _cluster()
    east, west = cluster.connect(region=EAST), cluster.connect(region=WEST)
    assert west.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (100,)
    east.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    east.commit()
    assert west.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (100,)  # repeatable read
    west.commit()
    assert west.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (0,)


def test_schema_changes_reach_every_region() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    east.execute("ALTER TABLE accounts ADD COLUMN owner text")
    east.execute("UPDATE accounts SET owner = 'ada' WHERE id = 1")
    east.execute("CREATE INDEX ASYNC accounts_owner ON accounts (owner)")
    assert west.execute("SELECT id FROM accounts WHERE owner = 'ada'").fetchall() == [(1,)]
    plan = "\n".join(r[0] for r in west.execute("EXPLAIN SELECT id FROM accounts WHERE owner = 'ada'").fetchall())
    assert "accounts_owner" in plan


def test_sequences_are_cluster_wide() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    east.execute("CREATE SEQUENCE s CACHE 1")
    values = [c.execute("SELECT nextval('s')").fetchone()[0] for c in (east, west, east, west)]  # type: ignore[index]
    assert sorted(values) == [1, 2, 3, 4]


# -- conflicts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("first", [EAST, WEST])
def test_a_conflict_between_regions_fails_the_later_committer(first: str) -> None:
    cluster = _cluster()
    second = WEST if first == EAST else EAST
    a, b = cluster.connect(region=first), cluster.connect(region=second)
    a.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
    b.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 1")
    a.commit()
    with pytest.raises(errors.SerializationFailure, match=r"\(OC000\)") as failure:
        b.commit()
    assert failure.value.sqlstate == "40001"
    assert _balances(cluster.connect(region=second))[0] == (1, 90)
    assert cluster.stats().conflicts_oc000 == 1


def test_writes_to_different_rows_in_two_regions_both_commit() -> None:
    cluster = _cluster()
    a, b = cluster.connect(region=EAST), cluster.connect(region=WEST)
    a.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    b.execute("UPDATE accounts SET balance = 2 WHERE id = 2")
    a.commit()
    b.commit()
    assert _balances(cluster.connect(region=EAST))[:2] == [(1, 1), (2, 2)]


def test_a_schema_change_in_one_region_fails_an_older_writer_in_the_other_with_oc001() -> None:
    cluster = _cluster()
    writer = cluster.connect(region=WEST)
    writer.execute("INSERT INTO accounts VALUES (4, 0)")
    cluster.connect(region=EAST, autocommit=True).execute("ALTER TABLE accounts ADD COLUMN note text")
    with pytest.raises(errors.SerializationFailure, match=r"\(OC001\)"):
        writer.commit()


def test_unique_keys_conflict_across_regions() -> None:
    cluster = _cluster()
    a, b = cluster.connect(region=EAST), cluster.connect(region=WEST)
    a.execute("INSERT INTO accounts VALUES (9, 1)")
    b.execute("INSERT INTO accounts VALUES (9, 2)")
    a.commit()
    with pytest.raises(errors.SerializationFailure):
        b.commit()


# -- latency ----------------------------------------------------------------------------------------


def test_latency_is_paid_at_commit_only() -> None:
    cluster = _cluster(latency=0.025)  # one way: 50 ms round trips
    cluster.reset_stats()
    a, b = cluster.connect(region=EAST), cluster.connect(region=WEST)
    assert _elapsed(cluster, lambda: a.execute("SELECT * FROM accounts").fetchall()) == 0  # reads are local
    a.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    b.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    assert _elapsed(cluster, a.commit) == pytest.approx(0.100)  # adjudicate + replicate: two round trips
    with pytest.raises(errors.SerializationFailure):
        b.commit()
    stats = cluster.stats()
    assert stats.commit_latency_max == pytest.approx(0.100)
    assert stats.commit_latency_total - 0.100 == pytest.approx(0.050)  # a loser learns after one round trip
    b.execute("SELECT 1")
    assert _elapsed(cluster, b.commit) == 0  # nothing to adjudicate


def test_the_nearest_quorum_member_sets_the_round_trip() -> None:
    latency = {(EAST, WEST): 0.030, (EAST, WITNESS): 0.010, (WEST, WITNESS): 0.040}
    cluster = _cluster(latency=latency)
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    assert _elapsed(cluster, lambda: east.execute("UPDATE accounts SET balance = 1 WHERE id = 1")) == pytest.approx(0.040)
    assert _elapsed(cluster, lambda: west.execute("UPDATE accounts SET balance = 2 WHERE id = 1")) == pytest.approx(0.120)
    cluster.fail_region(WITNESS)  # east's quorum is now west, 30 ms away
    assert _elapsed(cluster, lambda: east.execute("UPDATE accounts SET balance = 3 WHERE id = 1")) == pytest.approx(0.120)


def test_a_single_region_cluster_pays_no_round_trip() -> None:
    cluster = pydsql.Cluster(latency=0.5, clock=pydsql.FixedClock())
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    assert _elapsed(cluster, lambda: conn.execute("INSERT INTO t VALUES (1)")) == 0


# -- outages ----------------------------------------------------------------------------------------


def test_an_outage_loses_nothing_and_the_other_region_goes_on() -> None:
    cluster = _cluster()
    east, west = cluster.connect(region=EAST), cluster.connect(region=WEST)
    west.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 2")  # in flight in the surviving region
    east.execute("UPDATE accounts SET balance = 0 WHERE id = 1")  # in flight in the failing region
    cluster.fail_region(EAST)
    with pytest.raises(errors.ConnectionFailure) as lost:
        east.execute("SELECT 1")
    assert lost.value.sqlstate == "08006"
    assert east.closed
    with pytest.raises(errors.SqlclientUnableToEstablishSqlconnection) as refused:
        cluster.connect(region=EAST)
    assert refused.value.sqlstate == "08001"
    west.commit()  # not aborted: the surviving region and the witness are a quorum
    other = cluster.connect(region=WEST, autocommit=True)
    other.execute("INSERT INTO accounts VALUES (4, 7)")
    assert _balances(west) == [(1, 100), (2, 101), (3, 100), (4, 7)]  # the failed region's transaction never happened
    cluster.recover_region(EAST)
    assert cluster.stats().applied[EAST] < cluster.version  # back, behind ...
    assert _balances(cluster.connect(region=EAST)) == [(1, 100), (2, 101), (3, 100), (4, 7)]  # ... caught up first


def test_a_commit_in_flight_when_its_region_fails_does_not_happen() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST)
    east.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
    cluster.fail_region(EAST)
    with pytest.raises(errors.ConnectionFailure):
        east.commit()
    assert _balances(cluster.connect(region=WEST))[0] == (1, 100)
    assert cluster.live_snapshots() == []  # rolled back at the failure, not left pinning old versions


def test_a_failed_and_recovered_region_still_drops_old_connections() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST)
    cluster.fail_region(EAST)
    cluster.recover_region(EAST)
    with pytest.raises(errors.ConnectionFailure):
        east.execute("SELECT 1")
    assert _balances(cluster.connect(region=EAST))[0] == (1, 100)


def test_quorum_loss_and_return() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    east.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    cluster.fail_region(WEST)
    east.execute("UPDATE accounts SET balance = 2 WHERE id = 1")  # east + witness: still a quorum
    cluster.fail_region(WITNESS)
    with pytest.raises(errors.SerializationFailure, match="quorum") as failure:
        east.execute("UPDATE accounts SET balance = 3 WHERE id = 1")
    assert failure.value.sqlstate == "40001"  # retryable, like every DSQL impairment
    assert east.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (2,)  # reads go on
    stats = cluster.stats()
    assert stats.no_quorum == 1 and stats.aborts >= 1
    cluster.recover_region(WITNESS)
    east.execute("UPDATE accounts SET balance = 3 WHERE id = 1")  # writes resume
    cluster.recover_region(WEST)
    assert _balances(cluster.connect(region=WEST))[0] == (1, 3)  # nothing acknowledged was lost


def test_the_retry_helper_rides_out_a_quorum_loss() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST)
    cluster.fail_region(WEST)
    cluster.fail_region(WITNESS)
    attempts = []

    def transfer(conn: pydsql.Connection) -> None:
        attempts.append(1)
        if len(attempts) == 2:
            cluster.recover_region(WITNESS)  # the network comes back while the app backs off
        conn.execute("UPDATE accounts SET balance = balance - 5 WHERE id = 1")

    pydsql.retry(transfer, east, max_retries=3)
    assert len(attempts) == 2
    assert _balances(east)[0] == (1, 95)


# -- partitions ---------------------------------------------------------------------------------------


def test_a_region_cut_off_from_the_others_keeps_reading_but_cannot_commit() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    cluster.partition(EAST, [WEST, WITNESS])
    west.execute("UPDATE accounts SET balance = 0 WHERE id = 1")  # the majority side goes on
    # without a quorum east cannot know what it lacks: it serves what it has applied (docs/regions.md)
    assert east.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (100,)
    with pytest.raises(errors.SerializationFailure, match="quorum"):
        east.execute("UPDATE accounts SET balance = 5 WHERE id = 2")
    cluster.heal()
    assert east.execute("SELECT balance FROM accounts WHERE id = 1").fetchone() == (0,)
    east.execute("UPDATE accounts SET balance = 5 WHERE id = 2")
    assert _balances(west)[:2] == [(1, 0), (2, 5)]


def test_regions_cut_from_each_other_replicate_through_the_witness() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    cluster.partition(EAST, WEST)
    east.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    west.execute("UPDATE accounts SET balance = 2 WHERE id = 2")
    assert _balances(east)[:2] == [(1, 1), (2, 2)]
    assert _balances(west)[:2] == [(1, 1), (2, 2)]


def test_a_partitioned_region_that_reads_again_does_not_go_back_in_time() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    seen = [east.execute("SELECT sum(balance) FROM accounts").fetchone()]
    cluster.partition(EAST, [WEST, WITNESS])
    seen.append(east.execute("SELECT sum(balance) FROM accounts").fetchone())
    assert seen == [(300,), (300,)]


# -- the witness's window ----------------------------------------------------------------------------


def test_a_region_away_longer_than_the_window_recovers_from_a_peer() -> None:
    cluster = _cluster(log_window=3)
    east = cluster.connect(region=EAST, autocommit=True)
    cluster.fail_region(WEST)
    for i in range(10, 20):
        east.execute("INSERT INTO accounts VALUES (%s, %s)", (i, i))
    east.execute("CREATE INDEX ASYNC accounts_balance ON accounts (balance)")
    east.execute("DELETE FROM accounts WHERE id = 10")
    cluster.recover_region(WEST)
    old_replica = cluster.topology.regions[WEST].replica
    west = cluster.connect(region=WEST, autocommit=True)
    assert west.execute("SELECT count(*), sum(balance) FROM accounts").fetchone() == (12, 300 + sum(range(11, 20)))
    assert cluster.topology.regions[WEST].replica is not old_replica  # rebuilt from east's
    assert west.execute("SELECT id FROM accounts WHERE balance = 15").fetchall() == [(15,)]
    west.execute("UPDATE accounts SET balance = 0 WHERE id = 15")  # and it writes again
    assert east.execute("SELECT balance FROM accounts WHERE id = 15").fetchone() == (0,)
    east.execute("INSERT INTO accounts VALUES (99, 1)")  # the copy is independent of its source
    assert west.execute("SELECT count(*) FROM accounts").fetchone() == (13,)


def test_a_region_within_the_window_recovers_from_the_log() -> None:
    cluster = _cluster(log_window=100)
    east = cluster.connect(region=EAST, autocommit=True)
    cluster.fail_region(WEST)
    east.execute("UPDATE accounts SET balance = 7 WHERE id = 3")
    cluster.recover_region(WEST)
    cluster.partition(WEST, EAST)  # only the witness can help
    old_replica = cluster.topology.regions[WEST].replica
    assert _balances(cluster.connect(region=WEST))[2] == (3, 7)
    assert cluster.topology.regions[WEST].replica is old_replica  # entries, not a copy


def test_a_region_that_cannot_reach_what_it_lacks_refuses_to_serve() -> None:
    cluster = _cluster(log_window=1)
    east = cluster.connect(region=EAST, autocommit=True)
    cluster.fail_region(WEST)
    east.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
    east.execute("UPDATE accounts SET balance = 2 WHERE id = 1")  # the witness only keeps this one
    cluster.recover_region(WEST)
    cluster.partition(WEST, EAST)
    west = cluster.connect(region=WEST)
    with pytest.raises(errors.CannotConnectNow, match="catching up") as refused:
        west.execute("SELECT 1")  # it has a quorum, so it must be current, and it cannot be
    assert refused.value.sqlstate == "57P03"
    cluster.heal()
    assert _balances(west)[0] == (1, 2)


# -- garbage collection and threads --------------------------------------------------------------


def test_old_versions_are_collected_in_every_region() -> None:
    cluster = _cluster()
    east = cluster.connect(region=EAST, autocommit=True)
    west = cluster.connect(region=WEST, autocommit=True)
    for i in range(300):
        (east if i % 2 else west).execute("UPDATE accounts SET balance = %s WHERE id = 1", (i,))
    east.execute("SELECT 1")
    west.execute("SELECT 1")
    table = cluster.catalog_now().table("public", "accounts")
    assert table is not None
    for region in cluster.topology.regions.values():
        assert region.replica.store(table.table_id).version_count() <= 6


def test_threads_in_both_regions_keep_the_total_with_real_latency() -> None:
    cluster = _cluster(clock=pydsql.Clock(), latency=0.0005)  # really waits, with the lock released
    errors_seen: list[BaseException] = []

    def worker(region: str, seed: int) -> None:
        conn = cluster.connect(region=region)

        def transfer(c: pydsql.Connection) -> None:
            src, dst = (1, 2) if seed % 2 else (2, 3)
            c.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (src,))
            c.execute("UPDATE accounts SET balance = balance + 1 WHERE id = %s", (dst,))

        try:
            for _ in range(15):
                pydsql.retry(transfer, conn, max_retries=50, base_delay=0.0001, max_delay=0.001)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors_seen.append(e)

    threads = [threading.Thread(target=worker, args=(EAST if i % 2 else WEST, i)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors_seen == []
    east, west = _balances(cluster.connect(region=EAST)), _balances(cluster.connect(region=WEST))
    assert east == west and sum(b for _, b in east) == 300
    assert cluster.stats().commits >= 2 + 60

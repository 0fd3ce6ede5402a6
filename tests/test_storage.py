"""Storage: the order-preserving key encoding and garbage collection of old versions."""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import pydsql
from pydsql.storage.keys import NULL_COMPONENT, component_encoder, key_encoder
from pydsql.storage import mvcc
from pydsql.storage.mvcc import IndexStore, TableStore
from pydsql.types import SqlType


def _sql_cmp_float(a: float, b: float) -> int:
    """PostgreSQL's float order: NaN equals NaN and is above everything; -0 = 0."""
    if math.isnan(a) or math.isnan(b):
        return (math.isnan(a) > math.isnan(b)) - (math.isnan(a) < math.isnan(b))
    return (a > b) - (a < b)


def _cmp(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


@given(st.integers(-(2**63), 2**63 - 1), st.integers(-(2**63), 2**63 - 1))
def test_int_encoding_preserves_order(a: int, b: int) -> None:
    enc = component_encoder(SqlType("int8"))
    assert _cmp(enc(a), enc(b)) == _cmp(a, b)


@given(st.floats(allow_nan=True), st.floats(allow_nan=True))
def test_float_encoding_preserves_postgres_order(a: float, b: float) -> None:
    enc = component_encoder(SqlType("float8"))
    assert _cmp(enc(a), enc(b)) == _sql_cmp_float(a, b)


@given(st.decimals(allow_nan=False, allow_infinity=True), st.decimals(allow_nan=False, allow_infinity=True))
@settings(max_examples=300)
def test_numeric_encoding_preserves_order_and_ignores_scale(a: Decimal, b: Decimal) -> None:
    enc = component_encoder(SqlType("numeric"))
    assert _cmp(enc(a), enc(b)) == _cmp(a, b)


def test_numeric_nan_is_greatest_and_scale_is_ignored() -> None:
    enc = component_encoder(SqlType("numeric"))
    assert enc(Decimal("1.5")) == enc(Decimal("1.500"))
    assert enc(Decimal("NaN")) > enc(Decimal("Infinity")) > enc(Decimal("1e1000"))
    assert enc(Decimal("-Infinity")) < enc(Decimal("-1e1000")) < enc(Decimal(0))


_PG_TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@given(_PG_TEXT, _PG_TEXT)
def test_text_encoding_is_code_point_order(a: str, b: str) -> None:
    enc = component_encoder(SqlType("text"))
    assert _cmp(enc(a), enc(b)) == _cmp(a, b)


@given(st.binary(), st.binary())
def test_bytea_encoding_preserves_order(a: bytes, b: bytes) -> None:
    enc = component_encoder(SqlType("bytea"))
    assert _cmp(enc(a), enc(b)) == _cmp(a, b)


@given(st.datetimes(), st.datetimes())
def test_timestamp_encoding_preserves_order(a: datetime, b: datetime) -> None:
    enc = component_encoder(SqlType("timestamp"))
    assert _cmp(enc(a), enc(b)) == _cmp(a, b)


@given(
    st.lists(st.tuples(st.integers(-5, 5), st.one_of(st.none(), st.text(max_size=3))), min_size=2, max_size=2)
)
def test_composite_keys_order_by_columns_with_nulls_last(pair: list[tuple[int, str | None]]) -> None:
    enc = key_encoder([SqlType("int4"), SqlType("text")])
    (a1, a2), (b1, b2) = pair

    def sql_key(x: int, y: str | None) -> tuple[int, int, str]:
        return (x, 1 if y is None else 0, y or "")

    assert _cmp(enc([a1, a2]), enc([b1, b2])) == _cmp(sql_key(a1, a2), sql_key(b1, b2))
    assert enc([a1, None]).endswith(NULL_COMPONENT)


def test_other_kinds_encode() -> None:
    assert component_encoder(SqlType("uuid"))(uuid.UUID(int=1)) < component_encoder(SqlType("uuid"))(uuid.UUID(int=2))
    assert component_encoder(SqlType("date"))(date(2000, 1, 1)) < component_encoder(SqlType("date"))(date(2000, 1, 2))
    tz = component_encoder(SqlType("timestamptz"))
    utc = datetime(2000, 1, 1, 12, tzinfo=timezone.utc)
    assert tz(utc) == tz(utc.astimezone(timezone(timedelta(hours=5))))
    bp = component_encoder(SqlType("bpchar", length=5))
    assert bp("ab   ") == bp("ab")


# -- versions and garbage collection -----------------------------------------------------


def test_store_visibility_by_snapshot() -> None:
    store = TableStore(1)
    store.install(b"k", 3, ("a",))
    store.install(b"k", 7, ("b",))
    store.install(b"k", 9, None)
    assert store.get(b"k", 2) is None
    assert store.get(b"k", 5) == ("a",)
    assert store.get(b"k", 8) == ("b",)
    assert store.get(b"k", 9) is None
    store.prune(b"k", 8)
    assert store.get(b"k", 8) == ("b",)
    assert store.version_count() == 2
    store.prune(b"k", 9)
    assert len(store) == 0 and list(store.keys) == []


def test_prune_keeps_index_entries_needed_by_remaining_versions() -> None:
    store = TableStore(1)
    index = IndexStore(2, lambda row: row[0].encode())
    store.add_index(index)
    store.install(b"k", 1, ("x",))
    store.install(b"k", 2, ("y",))
    store.install(b"k", 3, ("x",))
    assert len(index) == 2
    store.prune(b"k", 3)  # only the v3 row ("x") remains
    assert list(index.entries) == [(b"x", b"k")]


def test_install_at_the_horizon_prunes_what_it_replaces() -> None:
    store = TableStore(1)
    index = IndexStore(2, lambda row: row[0].encode())
    store.add_index(index)
    plain = TableStore(3)
    for s in (store, plain):
        assert s.install(b"k", 1, ("x",), horizon=1) is False  # a new key: one version
        assert s.install(b"k", 2, ("y",), horizon=1) is True  # snapshot 1 may still read ("x",)
        assert s.version_count() == 2
        assert s.install(b"k", 3, ("z",), horizon=3) is False  # nobody older: pruned at once
        assert s.chains[b"k"] == ("z",)  # settled: the row itself, no chain (every snapshot sees it)
        assert s.install(b"k", 4, None, horizon=4) is True  # a deletion is left to the collector
        assert s.get(b"k", 3) == ("z",) and s.get(b"k", 4) is None
    assert list(index.entries) == [(b"z", b"k")]  # the pruned versions' entries went with them


def test_a_long_chain_is_linked_blocks_that_every_snapshot_reads() -> None:
    """A key with many live versions: each append copies one block at most, every snapshot
    still reads its own version, and pruning at any horizon (inside the newest block, inside an
    older one) keeps exactly the versions at and after it, with their index entries."""
    block = mvcc.CHAIN_BLOCK
    n = 5 * block + 3
    for horizon in (1, 2, n // 2, n - block // 2, n - 1, n, n + 1):
        store = TableStore(1)
        index = IndexStore(2, lambda row: b"%d" % (row[0] % 7))
        store.add_index(index)
        for version in range(1, n + 1):
            store.install(b"k", version, (version,))
            chain = store.chains[b"k"]
            assert len(chain) <= 2 * block, "an append copied more than a block"
        store.install(b"gone", 1, (0,))
        store.install(b"gone", n, None)
        assert [store.get(b"k", s) for s in range(n + 2)] == [None, *[(v,) for v in range(1, n + 1)], (n,)]
        assert mvcc.pairs(store.chains[b"k"]) == [(v, (v,)) for v in range(1, n + 1)]
        assert store.version_count() == n + 2
        store.prune_many([b"k", b"gone"], horizon)
        kept = range(min(horizon, n), n + 1)
        assert [store.get(b"k", s) for s in kept] == [(v,) for v in kept]
        assert store.version_count() == len(kept) + (horizon < n) * 2
        assert set(index.entries) == {(b"%d" % (v % 7), b"k") for v in kept} | (
            {(b"0", b"gone")} if horizon < n else set())
        # the pruned chain takes appends as any other: a block at most per append
        store.install(b"k", n + 1, (n + 1,))
        assert store.get(b"k", n + 1) == (n + 1,) and store.get(b"k", min(horizon, n)) == (min(horizon, n),)
        if horizon <= n - 2 * block:  # an index built now sees every version of every block
            late = IndexStore(3, lambda row: b"%d" % row[0])
            store.add_index(late)
            assert len(late) == len(mvcc.pairs(store.chains[b"k"])) + (horizon < n)


def test_a_hot_key_under_a_long_reader_costs_the_same_per_update() -> None:
    """A transaction left open pins every version of a key updated over and over: no version
    is dropped, the reader sees its own, and the chain is blocks, not one growing tuple."""
    cluster, conn = _hot_row()
    reader = cluster.connect()
    assert reader.execute("SELECT n FROM hot WHERE id = 1").fetchone() == (0,)
    cur = conn.cursor()
    updates = 20 * mvcc.CHAIN_BLOCK
    for i in range(1, updates + 1):
        cur.execute("UPDATE hot SET n = %s WHERE id = %s", (i, 1))
    table = cluster.catalog_now().table("public", "hot")
    assert table is not None
    (chain,) = cluster.replica.store(table.table_id).chains.values()
    assert len(chain) <= 2 * mvcc.CHAIN_BLOCK and chain[0] == mvcc.LINK
    assert _versions(cluster, "hot") == updates + 1
    assert reader.execute("SELECT n FROM hot WHERE id = 1").fetchone() == (0,)
    assert conn.execute("SELECT n FROM hot").fetchone() == (updates,)
    reader.commit()
    conn.execute("UPDATE hot SET n = -1 WHERE id = 1")
    assert _versions(cluster, "hot") == 1


def test_install_many_is_install_of_each_pair() -> None:
    """The bulk path (no index, several keys) against install pair by pair, then the
    collector at the same horizon (the bulk path also prunes deletions at once)."""
    def run(bulk: bool, horizon: int) -> tuple[dict[bytes, tuple[object, ...]], list[bytes]]:
        store = TableStore(1)
        queued: list[bytes] = []
        commits: list[dict[bytes, tuple[object, ...] | None]] = [
            {b"%03d" % i: (i,) for i in range(10)},
            {**{b"%03d" % i: None for i in range(0, 10, 2)}, b"050": (50,), b"001": (-1,), b"999": None},
        ]
        for version, changes in enumerate(commits, start=1):
            if bulk:
                queued += store.install_many(version, changes, horizon)
            else:
                queued += [k for k, row in changes.items() if store.install(k, version, row, horizon)]
        store.prune_many(queued, horizon)
        return dict(store.chains), list(store.keys)

    for horizon in (0, 1, 2):
        assert run(True, horizon) == run(False, horizon)
    chains, keys = run(True, 2)  # nobody reads version 1 once 2 is installed
    # every key left is settled: its row itself
    assert chains == {b"001": (-1,), **{b"%03d" % i: (i,) for i in range(3, 10, 2)}, b"050": (50,)}
    assert keys == sorted(chains)
    chains, keys = run(True, 1)  # snapshot 1 still reads the deleted rows
    # (000 was settled when deleted: its row's version reads as the layout's, 0, older than any snapshot)
    assert len(chains) == len(keys) == 11 and chains[b"000"] == (0, (0,), 2, None)


def test_a_lone_writers_updates_keep_one_version_and_its_index_entries() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE hot (id int PRIMARY KEY, n int UNIQUE)")
    conn.execute("INSERT INTO hot VALUES (1, 0), (2, 100)")
    for i in range(1, 50):
        conn.execute("UPDATE hot SET n = %s WHERE id = 1", (i,))
    assert not cluster.replica._gc_queue  # pruned as installed: nothing left for the collector
    assert _versions(cluster, "hot") == 2
    table = cluster.catalog_now().table("public", "hot")
    assert table is not None
    (index,) = cluster.replica.store(table.table_id).indexes.values()
    assert len(index) == 2  # one entry per live row: the replaced versions' entries went too
    conn.execute("UPDATE hot SET n = 0 WHERE id = 2")  # 0 is free again: its entry went with its version
    assert conn.execute("SELECT id, n FROM hot ORDER BY n").fetchall() == [(2, 0), (1, 49)]


def _hot_row() -> tuple[pydsql.Cluster, pydsql.Connection]:
    """A cluster with one row, ``hot (id 1, n 0)``, and an autocommit connection to it."""
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE hot (id int PRIMARY KEY, n int)")
    conn.execute("INSERT INTO hot VALUES (1, 0)")
    return cluster, conn


def _versions(cluster: pydsql.Cluster, table: str) -> int:
    replica = cluster.replica
    t = replica.catalog_at(cluster.version).table("public", table)
    assert t is not None
    return replica.store(t.table_id).version_count()


def test_updating_one_row_many_times_keeps_one_version() -> None:
    cluster, conn = _hot_row()
    cur = conn.cursor()
    for i in range(100_000):
        cur.execute("UPDATE hot SET n = %s WHERE id = 1", (i,))
    assert conn.execute("SELECT n FROM hot").fetchone() == (99_999,)
    assert _versions(cluster, "hot") == 1


def test_live_snapshot_keeps_its_versions_until_it_ends() -> None:
    cluster, conn = _hot_row()
    reader = cluster.connect()
    assert reader.execute("SELECT n FROM hot").fetchone() == (0,)
    for i in range(1, 101):
        conn.execute("UPDATE hot SET n = %s WHERE id = 1", (i,))
    # the reader's version and everything newer than its snapshot are kept...
    assert _versions(cluster, "hot") == 101
    assert reader.execute("SELECT n FROM hot").fetchone() == (0,)
    reader.commit()
    conn.execute("UPDATE hot SET n = -1 WHERE id = 1")
    # ...and collected once it is gone
    assert _versions(cluster, "hot") == 1


def test_deleted_rows_are_collected() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.cursor().executemany("INSERT INTO t VALUES (%s)", [(i,) for i in range(100)])
    conn.execute("DELETE FROM t WHERE id < 90")
    conn.execute("SELECT 1")  # any later transaction end runs the collector
    t = cluster.replica.catalog_at(cluster.version).table("public", "t")
    assert t is not None
    assert len(cluster.replica.store(t.table_id)) == 10


def test_committed_data_is_never_lost_by_collection() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    for i in range(200):
        conn.execute("INSERT INTO t VALUES (%s, %s)", (i, f"v{i}"))
        if i % 3 == 0:
            conn.execute("UPDATE t SET v = %s WHERE id = %s", (f"w{i}", i))
        if i % 7 == 0:
            conn.execute("DELETE FROM t WHERE id = %s", (i,))
    expected = [(i, f"w{i}" if i % 3 == 0 else f"v{i}") for i in range(200) if i % 7 != 0]
    assert conn.execute("SELECT id, v FROM t ORDER BY id").fetchall() == expected

"""Reads in batches: the store and index read paths that produce rows a list at a time
(:meth:`TableStore.row_batches`, :meth:`TableStore.rows_of_keys`, :meth:`IndexStore.range_keys`)
answer exactly as the row-at-a-time ones, and the plans built on them (batch filters, batched
key-lookup joins and aggregates) keep snapshots, own writes, stale index entries, NULLs and
LIMIT's laziness as they were.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

import pydsql
from pydsql.storage.mvcc import IndexStore, TableStore, successor
from sqlhelpers import error, run


def _flat(batches: Any) -> list[Any]:
    return list(itertools.chain.from_iterable(batches))


# -- the store ------------------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["ascending", "descending", "shuffled"])
def test_row_batches_are_the_rows_in_key_order_at_every_snapshot(order: str) -> None:
    """Whatever order keys were installed in (the dict's own order is walked only when it is
    the key order), with updates, deletions and pruning, at every snapshot."""
    rnd = random.Random(order)
    keys = [i.to_bytes(4, "big") for i in range(3000)]
    if order == "descending":
        keys.reverse()
    elif order == "shuffled":
        rnd.shuffle(keys)
    store = TableStore(1)
    for key in keys:
        store.install(key, 1, (key, 0))
    version = 1
    for _ in range(600):
        version += 1
        key = rnd.choice(keys)
        store.install(key, version, None if rnd.random() < 0.3 else (key, version))
        if rnd.random() < 0.2:
            store.prune(rnd.choice(keys), version - 50)
    for snapshot in (0, 1, 2, version // 2, version - 1, version, version + 5):
        assert _flat(store.row_batches(snapshot)) == list(store.rows(snapshot)), snapshot
    sizes = [len(b) for b in store.row_batches(version)]
    assert sizes[0] <= 32 and max(sizes) <= 4096  # growing batches: a LIMIT reads few rows


def test_row_batches_fall_back_when_the_dict_changes_during_the_walk() -> None:
    store = TableStore(1)
    for i in range(5000):
        store.install(i.to_bytes(4, "big"), 1, (i,))
    batches = store.row_batches(1)
    first = next(batches)
    store.install((9999).to_bytes(4, "big"), 2, (9999,))  # commits between two batches
    store.install((4000).to_bytes(4, "big"), 3, None)
    rest = _flat(batches)
    assert first + rest == [(i,) for i in range(5000)]  # what snapshot 1 sees
    assert _flat(store.row_batches(3)) == [(i,) for i in range(5000) if i != 4000] + [(9999,)]


def test_rows_of_keys_skips_absent_and_invisible_keys_in_the_order_given() -> None:
    store = TableStore(1)
    store.install(b"a", 1, ("a1",))
    store.install(b"b", 5, ("b5",))
    store.install(b"c", 1, ("c1",))
    store.install(b"c", 4, None)
    keys = [b"c", b"zz", b"b", b"a"] * 20
    assert _flat(store.rows_of_keys(keys, 3)) == [("c1",), ("a1",)] * 20
    assert _flat(store.rows_of_keys(iter(keys), 9)) == [("b5",), ("a1",)] * 20


def test_successor_bounds_the_strings_with_a_prefix() -> None:
    assert successor(b"ab") == b"ac"
    assert successor(b"a\xff\xff") == b"b"
    assert successor(b"\xff") is None and successor(b"") is None


def test_range_keys_is_scan_as_a_list() -> None:
    """Bisected ends and a slice: the same keys as the entry-by-entry scan, for inclusive and
    exclusive bounds given as prefixes, NULL components (0xFF) and prefixes."""
    rnd = random.Random(7)
    alphabet = [b"\x00", b"\x01", b"\x02", b"\xfe", b"\xff"]
    index = IndexStore(1, lambda row: None)
    for n in range(6000):  # several of the SortedList's sublists
        ikey = b"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 5)))
        index.add(ikey, n.to_bytes(2, "big"))
    assert len(index.entries._lists) > 2
    assert index.range_keys(None, True, None, True) == [pk for _, pk in index.entries]
    for _ in range(3000):
        def bound() -> bytes | None:
            return None if rnd.random() < 0.2 else b"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 3)))

        lo, hi = bound(), bound()
        prefix = rnd.choice([None, None, b"\x01", b"\xff", b"\x02\x00"])
        if prefix is not None:
            lo = prefix + lo if lo is not None else None
            hi = prefix + hi if hi is not None else None
        args = (lo, rnd.random() < 0.5, hi, rnd.random() < 0.5, prefix)
        assert index.range_keys(*args) == list(index.scan(*args)), args


# -- plans ----------------------------------------------------------------------------------------


@pytest.fixture
def events() -> tuple[pydsql.Cluster, pydsql.Connection]:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE ev (id int PRIMARY KEY, at int, payload text)")
    conn.execute("INSERT INTO ev SELECT g, (g * 37) % 200, 'p' || g FROM generate_series(1, 400) g")
    conn.execute("INSERT INTO ev VALUES (401, NULL, 'null at')")
    conn.execute("CREATE INDEX ASYNC ev_at ON ev (at)")
    return cluster, conn


def _expected(conn: pydsql.Connection, where: str) -> list[tuple[Any, ...]]:
    """The rows of ``SELECT id, at FROM ev WHERE <where>`` computed without the index."""
    return sorted(r for r in run(conn, "SELECT id, at, at + 0 AS x FROM ev") if eval(where, {}, {"at": r[2]}))


def test_index_range_scan_matches_a_full_scan(events: Any) -> None:
    _, conn = events
    for lo, hi in [(10, 20), (20, 10), (0, 0), (199, 500), (-5, 3)]:
        rows = sorted(run(conn, "SELECT id, at FROM ev WHERE at >= %s AND at < %s", [lo, hi]))
        assert rows == [(i, a) for i, a, _ in _expected(conn, f"at is not None and {lo} <= at < {hi}")]
    assert run(conn, "SELECT id FROM ev WHERE at >= %s AND at < %s", [None, 10]) == []
    assert run(conn, "SELECT id FROM ev WHERE at BETWEEN 5 AND 5 ORDER BY id") == [
        (i,) for i, a, _ in _expected(conn, "at == 5")
    ]
    assert run(conn, "SELECT id FROM ev WHERE at IS NULL") == [(401,)]
    assert run(conn, "SELECT at FROM ev WHERE at > 190 ORDER BY at DESC LIMIT 3") == [(199,), (199,), (198,)]


def test_index_range_scan_sees_own_writes_and_skips_stale_entries(events: Any) -> None:
    cluster, conn = events
    old = cluster.connect()
    assert len(run(old, "SELECT id FROM ev WHERE at >= 0 AND at < 5")) == 10  # holds its snapshot
    conn.execute("UPDATE ev SET at = 1000 + id WHERE at < 5")  # index entries of the old versions stay
    assert run(conn, "SELECT id FROM ev WHERE at >= 0 AND at < 5") == []
    assert sorted(run(conn, "SELECT id FROM ev WHERE at > 1000")) == sorted(run(old, "SELECT id FROM ev WHERE at < 5"))
    assert len(run(old, "SELECT id FROM ev WHERE at >= 0 AND at < 5")) == 10  # its snapshot still
    txn = cluster.connect()
    txn.execute("INSERT INTO ev VALUES (500, 3, 'mine')")
    txn.execute("UPDATE ev SET at = 2 WHERE id = 1")
    txn.execute("DELETE FROM ev WHERE at = 1001")
    assert sorted(run(txn, "SELECT id, at FROM ev WHERE at >= 0 AND at < 5")) == [(1, 2), (500, 3)]
    assert sorted(run(txn, "SELECT id FROM ev WHERE at > 1000 AND at < 1010")) == [
        (i,) for i, a, _ in _expected(conn, "at is not None and 1001 < at < 1010")
    ]
    txn.rollback()
    assert run(txn, "SELECT id FROM ev WHERE at >= 0 AND at < 5") == []


def test_limit_reads_ahead_only_what_cannot_fail(events: Any) -> None:
    """Batches run the inlined filters ahead of a LIMIT, never an expression that may fail:
    PostgreSQL stops at the LIMIT before the division by zero."""
    _, conn = events
    assert run(conn, "SELECT 10 / (id - 3) FROM ev WHERE id < 100 ORDER BY id LIMIT 2") == [(-5,), (-10,)]
    assert run(conn, "SELECT id FROM ev WHERE 10 / (id - 3) < 0 LIMIT 2") == [(1,), (2,)]
    assert run(conn, "SELECT 10 / (at - 1) FROM ev WHERE at >= 0 AND at < 100 LIMIT 1") == [(-10,)]  # at = 0 first
    assert run(conn, "SELECT id FROM ev e WHERE EXISTS (SELECT 1 FROM ev WHERE 10 / (id - 3) < e.id) LIMIT 1") == [(1,)]
    e = error(conn, "SELECT count(*) FROM ev WHERE 10 / (id - 3) > 0")
    assert e.sqlstate == "22012"


def test_explain_analyze_counts_rows_through_batched_nodes(events: Any) -> None:
    _, conn = events
    lines = [r[0] for r in run(conn, "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT at, count(*) FROM ev WHERE id > 100 GROUP BY at")]
    assert lines[0].endswith("(actual rows=201 loops=1)"), lines
    assert lines[1].endswith("(actual rows=301 loops=1)"), lines


def test_batched_join_and_aggregate_keep_nulls_duplicates_and_own_writes() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, region text, tier int)")
    conn.execute("CREATE TABLE o (id int PRIMARY KEY, customer int, amount int)")
    conn.execute("INSERT INTO c SELECT g, 'r' || (g % 3), g % 2 FROM generate_series(1, 20) g")
    conn.execute("INSERT INTO o SELECT g, CASE WHEN g % 9 = 0 THEN NULL ELSE g % 25 END, "
                 "CASE WHEN g % 7 = 0 THEN NULL ELSE g END FROM generate_series(1, 3000) g")
    inner = ("SELECT c.id, c.region, count(*), count(o.amount), sum(o.amount), min(o.amount) "
             "FROM o JOIN c ON c.id = o.customer GROUP BY c.id, c.region ORDER BY c.id")
    outer = ("SELECT c.id, c.region, count(*), sum(o.amount) FROM o LEFT JOIN c ON c.id = o.customer "
             "GROUP BY c.id, c.region ORDER BY c.id NULLS FIRST")

    def by_hand(left: bool, extra: dict[int, tuple[int | None, int | None]] | None = None) -> list[Any]:
        customers = {i: f"r{i % 3}" for i in range(1, 21)}
        orders = {g: (None if g % 9 == 0 else g % 25, None if g % 7 == 0 else g) for g in range(1, 3001)}
        orders.update(extra or {})
        groups: dict[Any, list[Any]] = {}
        for customer, amount in orders.values():
            if customer in customers:
                groups.setdefault((customer, customers[customer]), []).append(amount)
            elif left:
                groups.setdefault((None, None), []).append(amount)
        out = []
        for (cid, region), amounts in sorted(groups.items(), key=lambda kv: (kv[0][0] is not None, kv[0][0] or 0)):
            present = [a for a in amounts if a is not None]
            row = (cid, region, len(amounts)) + ((len(present), sum(present), min(present)) if not left else (sum(present),))
            out.append(row)
        return out

    assert run(conn, inner) == by_hand(False)
    assert run(conn, outer) == by_hand(True)
    txn = cluster.connect()
    txn.execute("INSERT INTO o VALUES (5000, 1, 7), (5001, 99, 1)")
    assert run(txn, inner) == by_hand(False, {5000: (1, 7), 5001: (99, 1)})
    txn.execute("UPDATE c SET region = 'new' WHERE id = 2")  # pending writes to the looked-up table
    assert ("new" in {r[1] for r in run(txn, inner)})
    txn.rollback()
    assert run(conn, "SELECT count(*), sum(amount) FROM o WHERE id < 0") == [(0, None)]
    assert run(conn, "SELECT count(*), sum(amount), max(amount) FROM o") == [
        (3000, sum(g for g in range(1, 3001) if g % 7), 3000)
    ]

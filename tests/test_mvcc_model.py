"""Model-based test of the MVCC engine: concurrent transactions against a reference model.

A Hypothesis state machine drives three PEP 249 connections (autocommit off:
the first statement begins a transaction) plus one autocommit connection
over one table ``t (id int PRIMARY KEY, k int, v int[, u int UNIQUE])``,
with keys from a small domain so that conflicts, duplicate keys and
re-inserts after deletes are frequent.  Every statement's result (rows,
rowcount or SQLSTATE) and every COMMIT's outcome is compared with a
reference model of DSQL's snapshot isolation written from the reference
(``shared/docs/dsql-reference.md`` section 1) and ``txn/footprint.py``:

* the snapshot is the committed state when the transaction's first
  statement runs (a PEP 249 connection has no BEGIN: the first statement
  begins it); reads see it overlaid with the transaction's own writes;
* a statement that fails (23505 here) leaves no trace and fails the
  transaction: later statements raise 25P02, COMMIT rolls back silently
  (psycopg's behaviour, reference section 1);
* at COMMIT the footprint is the net write buffer: each written row key
  (EXCLUSIVE for INSERT/DELETE/key UPDATE, UPDATE for an UPDATE of non-key
  columns only; a key inserted and deleted again claims nothing), each
  changed unique key (old and new, EXCLUSIVE), and the rows returned by
  ``FOR UPDATE`` (EXCLUSIVE) / ``FOR KEY SHARE`` (KEY_SHARE).  A statement
  that matched no row claims nothing.  The later committer fails with
  40001/OC000 when one of its entries meets an entry of a transaction that
  committed after its snapshot, per the reference's conflict matrix.
  A transaction that only read never fails.

After every step the machine also checks the committed state (the store
read at the newest version, and a fresh connection after each COMMIT) and
storage invariants of every replica: sorted keys equal the chains' keys,
versions increase along a chain, garbage collection left nothing no live
snapshot can read, and every secondary index holds exactly the entries of
the row versions still in the chains.

Variants: with a secondary index on ``k`` (``CREATE INDEX ASYNC``), with an
additional ``UNIQUE`` column, with no secondary index at all (the stores'
index-free fast paths), and a two-region cluster.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from sortedcontainers import SortedList
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

import pydsql
from pydsql.storage import mvcc
from pydsql.storage.mvcc import Versions

IDS = st.integers(0, 7)
KS = st.integers(0, 3)
VS = st.integers(-3, 20)
US = st.integers(0, 4)
N_TXN_CONNS = 3  # connections with explicit (PEP 249) transactions; one more is autocommit
AUTO = N_TXN_CONNS

# footprint modes (the resolver's): lower is stronger
EX, UPD, KS_MODE, SCHEMA_READ = 0, 1, 2, 3


def modes_conflict(a: int, b: int) -> bool:
    """The reference's conflict matrix (section 1); SCHEMA_READ (DML's use of the table's
    definition) meets only the EXCLUSIVE schema entry of DDL."""
    if EX in (a, b):
        return True
    return a == UPD and b == UPD


def _check_links(chain: Versions) -> None:
    """A linked chain's shape: each block holds versions, the first pair of a block alone may
    link to an older one (a chain too), and no block is only a link."""
    while True:
        assert type(chain) is Versions and len(chain) >= 2 and len(chain) % 2 == 0, chain
        assert mvcc.LINK not in chain[2::2], f"a link past a block's first pair: {chain}"
        if chain[0] != mvcc.LINK:
            return
        assert len(chain) >= 4, f"a block with a link and no version: {chain}"
        chain = chain[1]


Row = tuple[int, ...]  # (id, k, v) or (id, k, v, u)
Entry = tuple[str, int, int]  # (space, key, mode): space "pk", "u" or "schema"


@dataclass
class TxnModel:
    snap_seq: int  # the number of commits the snapshot includes
    snap: dict[int, Row]
    writes: dict[int, Row | None] = field(default_factory=dict)
    modes: dict[int, int] = field(default_factory=dict)
    locks: dict[int, int] = field(default_factory=dict)
    failed: bool = False

    def view(self) -> dict[int, Row]:
        out = dict(self.snap)
        for key, row in self.writes.items():
            if row is None:
                out.pop(key, None)
            else:
                out[key] = row
        return out

    def write(self, key: int, row: Row | None, mode: int) -> None:
        self.modes[key] = min(self.modes[key], mode) if key in self.writes else mode
        self.writes[key] = row

    def lock(self, key: int, mode: int) -> None:
        self.locks[key] = min(self.locks.get(key, mode), mode)

    def footprint(self, unique: bool) -> set[Entry]:
        entries: set[Entry] = set()
        if self.writes or self.locks:
            entries.add(("schema", 0, SCHEMA_READ))  # any DML on t reads its definition
        for key, mode in self.locks.items():
            entries.add(("pk", key, mode))
        for key, row in self.writes.items():
            before = self.snap.get(key)
            if before is None and row is None:
                continue  # inserted and deleted again: nothing to claim
            entries.add(("pk", key, self.modes[key]))
            if unique:
                old_u = before[3] if before is not None else None
                new_u = row[3] if row is not None else None
                if old_u != new_u:
                    for u in (old_u, new_u):
                        if u is not None:
                            entries.add(("u", u, EX))
        return entries


class Failure(Exception):
    """A statement the model says fails, with its SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


class MvccMachine(RuleBasedStateMachine):
    UNIQUE: ClassVar[bool] = False  # a ``u int UNIQUE`` column
    INDEX: ClassVar[bool] = True  # ``CREATE INDEX ASYNC`` on k
    REGIONS: ClassVar[list[str] | None] = None
    WITNESS: ClassVar[str | None] = None

    def __init__(self) -> None:
        super().__init__()
        # SortedLists (a store's keys, an index's entries) in sublists of 4 to 8 items instead of
        # 1,000 to 2,000: with a few rows, scans and index ranges already cross sublist boundaries
        # (IndexStore.range_keys slices between two of them).  Restored in teardown.
        # Likewise chains in blocks of 2 versions instead of 32: a key updated three times while
        # a snapshot holds its versions links to an older block (see pydsql.storage.mvcc).
        self._load = SortedList.DEFAULT_LOAD_FACTOR
        self._block = mvcc.CHAIN_BLOCK
        SortedList.DEFAULT_LOAD_FACTOR = 4
        mvcc.CHAIN_BLOCK = 2
        try:
            self._setup()
        except BaseException:
            self._restore()
            raise

    def _setup(self) -> None:
        if self.REGIONS is None:
            self.cluster = pydsql.Cluster()
            regions: list[str | None] = [None]
        else:
            self.cluster = pydsql.Cluster(regions=self.REGIONS, witness=self.WITNESS)
            regions = list(self.REGIONS)
        setup = self._connect(regions[0], autocommit=True)
        cols = "id int PRIMARY KEY, k int, v int" + (", u int UNIQUE" if self.UNIQUE else "")
        setup.execute(f"CREATE TABLE t ({cols})")  # DDL alone in its transaction (autocommit)
        if self.INDEX:
            setup.execute("CREATE INDEX ASYNC t_k ON t (k)")
            plan = "\n".join(r[0] for r in setup.execute(
                "EXPLAIN SELECT id, k, v FROM t WHERE k >= 1 AND k < 3").fetchall())
            assert "Index Scan using t_k" in plan, plan  # the index is built (jobs="eager") and used
        setup.close()
        self.cols = "id, k, v, u" if self.UNIQUE else "id, k, v"
        self.conns = [self._connect(regions[i % len(regions)], autocommit=False) for i in range(N_TXN_CONNS)]
        self.conns.append(self._connect(regions[-1], autocommit=True))
        self.regions = regions
        self.committed: dict[int, Row] = {}
        self.seq = 0
        self.history: list[tuple[int, set[Entry]]] = []
        self.txns: list[TxnModel | None] = [None] * (N_TXN_CONNS + 1)

    def _connect(self, region: str | None, autocommit: bool) -> Any:
        if region is None:
            return self.cluster.connect(autocommit=autocommit)
        return self.cluster.connect(region=region, autocommit=autocommit)

    @initialize(rows=st.dictionaries(IDS, st.tuples(KS, VS), max_size=8))
    def load(self, rows: dict[int, tuple[int, int]]) -> None:
        """Start from a few committed rows (u = id: distinct), loaded by the autocommit connection."""
        if not rows:
            return
        full = [self._row(key, k, v, key) for key, (k, v) in sorted(rows.items())]
        marks = ", ".join(["%s"] * len(full[0]))
        self.conns[AUTO].cursor().executemany(f"INSERT INTO t ({self.cols}) VALUES ({marks})", full)
        for row in full:  # committed before any transaction begins: no footprint will meet them
            self.committed[row[0]] = row
            self.seq += 1
            self.history.append((self.seq, {("pk", row[0], EX), ("u", row[0], EX)}))

    # -- running one statement in the model and in pydsql ------------------------------------

    pending_build = False  # an index build job waits (jobs="eager": it runs when a transaction begins)

    def _run_jobs(self) -> None:
        """A transaction begins: a pending index build finishes first and publishes the index
        as valid, a schema change of t (a commit of the schema key)."""
        if self.pending_build:
            self.pending_build = False
            self.seq += 1
            self.history.append((self.seq, {("schema", 0, EX)}))

    def _begin(self, c: int) -> TxnModel:
        txn = self.txns[c]
        if txn is None:
            self._run_jobs()
            txn = self.txns[c] = TxnModel(self.seq, dict(self.committed))
        return txn

    def _row(self, key: int, k: int, v: int, u: int | None) -> Row:
        return (key, k, v, u) if self.UNIQUE else (key, k, v)  # type: ignore[return-value]

    def _statement(self, c: int, sql: str, params: tuple[Any, ...], model: Any, *, many: list[tuple[Any, ...]] | None = None) -> None:
        """Run ``model(txn)`` on a copy of connection ``c``'s transaction (it returns the expected
        rows or rowcount, or raises :class:`Failure`) and ``sql`` on the connection; compare."""
        txn = self._begin(c)
        work = copy.deepcopy(txn)
        expected: Any
        if txn.failed:
            expected = Failure("25P02")
        else:
            try:
                expected = model(work)
            except Failure as f:
                expected = f
        cur = self.conns[c].cursor()
        try:
            if many is not None:
                cur.executemany(sql, many)
                actual: Any = None
            else:
                cur.execute(sql, params)
                actual = sorted(map(tuple, cur.fetchall())) if cur.description is not None else cur.rowcount
        except pydsql.Error as e:
            actual = Failure(e.sqlstate or "")
        if isinstance(expected, Failure):
            event(f"statement fails with {expected.sqlstate}")
            assert isinstance(actual, Failure) and actual.sqlstate == expected.sqlstate, (
                f"{sql} {params or many}: expected SQLSTATE {expected.sqlstate}, got {actual!r}")
            txn.failed = True
        else:
            assert not isinstance(actual, Failure), f"{sql} {params or many}: unexpected SQLSTATE {actual.sqlstate}"
            if isinstance(expected, list):
                expected = sorted(expected)
            assert actual == expected, f"{sql} {params or many}: expected {expected!r}, got {actual!r}"
            self.txns[c] = work
        if c == AUTO:
            self._end_auto(isinstance(expected, Failure))
        elif txn.failed and isinstance(expected, Failure) and expected.sqlstate == "25P02":
            # checked once: end the failed transaction (COMMIT rolls it back silently, as psycopg)
            self.conns[c].commit()
            self.txns[c] = None

    def _end_auto(self, failed: bool) -> None:
        txn = self.txns[AUTO]
        self.txns[AUTO] = None
        assert txn is not None
        if not failed:  # nothing committed in between: an autocommit statement never conflicts
            assert not self._conflicts(txn)
            self._install(txn)

    # -- commits in the model ------------------------------------------------------------------

    def _conflicts(self, txn: TxnModel) -> set[str]:
        """The spaces of txn's footprint entries that meet a later commit's (empty: it commits)."""
        mine = txn.footprint(self.UNIQUE)
        spaces: set[str] = set()
        for seq, theirs in self.history:
            if seq <= txn.snap_seq:
                continue
            for space, key, mode in mine:
                for s2, k2, m2 in theirs:
                    if s2 == space and k2 == key and modes_conflict(mode, m2):
                        spaces.add(space)
        return spaces

    def _install(self, txn: TxnModel) -> None:
        if not txn.writes and not txn.locks:
            return  # read-only: no footprint, no commit version
        for key, row in txn.writes.items():
            if row is None:
                self.committed.pop(key, None)
            else:
                self.committed[key] = row
        self.seq += 1
        self.history.append((self.seq, txn.footprint(self.UNIQUE)))

    # -- rules: writes ---------------------------------------------------------------------------

    conn = st.integers(0, N_TXN_CONNS)  # AUTO included
    txn_conn = st.integers(0, N_TXN_CONNS - 1)

    def _insert_model(self, rows: list[Row]) -> Any:
        def model(t: TxnModel) -> Any:
            for row in rows:
                view = t.view()
                if row[0] in view:
                    raise Failure("23505")
                if self.UNIQUE and any(r[3] == row[3] for r in view.values()):
                    raise Failure("23505")
                t.write(row[0], row, EX)
            return 1

        return model

    def _fresh_id(self, c: int, data: st.DataObject) -> int:
        """Mostly an id the connection does not see (a duplicate fails the transaction)."""
        txn = self.txns[c]
        view = txn.view() if txn is not None else self.committed
        absent = [i for i in range(8) if i not in view]
        if absent and data.draw(st.integers(0, 4), label="fresh") > 0:
            return data.draw(st.sampled_from(absent), label="id")
        return data.draw(IDS, label="id")

    @rule(c=conn, data=st.data(), k=KS, v=VS, u=US)
    def insert(self, c: int, data: st.DataObject, k: int, v: int, u: int) -> None:
        key = self._fresh_id(c, data)
        row = self._row(key, k, v, u)
        marks = ", ".join(["%s"] * len(row))
        self._statement(c, f"INSERT INTO t ({self.cols}) VALUES ({marks})", row, self._insert_model([row]))

    @rule(c=txn_conn, lo=IDS, rows=st.lists(st.tuples(KS, VS, US), min_size=1, max_size=6))
    def insert_many(self, c: int, lo: int, rows: list[tuple[int, int, int]]) -> None:
        """executemany of consecutive ids (a bulk insert: 4 rows or more take install_many's
        loop); each parameter row is a statement of its own."""
        full = [self._row(lo + i, *r) for i, r in enumerate(rows)]
        marks = ", ".join(["%s"] * len(full[0]))
        model = self._insert_model(full)

        def many_model(t: TxnModel) -> Any:
            model(t)  # a failing row fails the transaction: the rows before it are unobservable
            return None  # executemany leaves no result to compare

        self._statement(c, f"INSERT INTO t ({self.cols}) VALUES ({marks})", (), many_model, many=full)

    def _update_model(self, match: Any, change: Any, mode: int) -> Any:
        def model(t: TxnModel) -> Any:
            view = t.view()
            targets = [r for r in view.values() if match(r)]
            for r in targets:
                new = change(r)
                if self.UNIQUE and new[3] != r[3] and any(o[3] == new[3] for o in t.view().values() if o[0] != r[0]):
                    raise Failure("23505")
                t.write(r[0], new, mode)
            return len(targets)

        return model

    @rule(c=conn, key=IDS, v=VS)
    def update_v(self, c: int, key: int, v: int) -> None:
        self._statement(c, "UPDATE t SET v = %s WHERE id = %s", (v, key),
                        self._update_model(lambda r: r[0] == key, lambda r: (r[0], r[1], v, *r[3:]), UPD))

    @rule(c=conn, key=IDS, k=KS)
    def update_k(self, c: int, key: int, k: int) -> None:
        """k has a plain index: not a key column, an UPDATE-mode write."""
        self._statement(c, "UPDATE t SET k = %s WHERE id = %s", (k, key),
                        self._update_model(lambda r: r[0] == key, lambda r: (r[0], k, *r[2:]), UPD))

    @rule(c=conn, k=KS)
    def update_by_k(self, c: int, k: int) -> None:
        self._statement(c, "UPDATE t SET v = v + 1 WHERE k = %s", (k,),
                        self._update_model(lambda r: r[1] == k, lambda r: (r[0], r[1], r[2] + 1, *r[3:]), UPD))

    @rule(c=conn, old=IDS, new=IDS)
    def update_id(self, c: int, old: int, new: int) -> None:
        def model(t: TxnModel) -> Any:
            view = t.view()
            row = view.get(old)
            if row is None:
                return 0
            if new == old:
                t.write(old, row, EX)
                return 1
            if new in view:
                raise Failure("23505")
            t.write(old, None, EX)
            t.write(new, (new, *row[1:]), EX)
            return 1

        self._statement(c, "UPDATE t SET id = %s WHERE id = %s", (new, old), model)

    def _delete_model(self, match: Any) -> Any:
        def model(t: TxnModel) -> Any:
            targets = [key for key, r in t.view().items() if match(r)]
            for key in targets:
                t.write(key, None, EX)
            return len(targets)

        return model

    @rule(c=conn, key=IDS)
    def delete_id(self, c: int, key: int) -> None:
        self._statement(c, "DELETE FROM t WHERE id = %s", (key,), self._delete_model(lambda r: r[0] == key))

    @rule(c=conn, lo=IDS, n=st.integers(0, 8))
    def delete_id_range(self, c: int, lo: int, n: int) -> None:
        hi = lo + n
        self._statement(c, "DELETE FROM t WHERE id >= %s AND id < %s", (lo, hi),
                        self._delete_model(lambda r: lo <= r[0] < hi))

    @rule(c=conn, lo=KS, n=st.integers(0, 4))
    def delete_k_range(self, c: int, lo: int, n: int) -> None:
        hi = lo + n
        self._statement(c, "DELETE FROM t WHERE k >= %s AND k < %s", (lo, hi),
                        self._delete_model(lambda r: lo <= r[1] < hi))

    # -- rules: reads ------------------------------------------------------------------------------

    @rule(c=conn, key=IDS, lock=st.sampled_from(["", " FOR UPDATE", " FOR KEY SHARE"]))
    def select_id(self, c: int, key: int, lock: str) -> None:
        def model(t: TxnModel) -> Any:
            row = t.view().get(key)
            if row is None:
                return []
            if lock:
                t.lock(key, EX if lock == " FOR UPDATE" else KS_MODE)
            return [row]

        self._statement(c, f"SELECT {self.cols} FROM t WHERE id = %s{lock}", (key,), model)

    @rule(c=conn, lo=KS, n=st.integers(0, 4))
    def select_k_range(self, c: int, lo: int, n: int) -> None:
        hi = lo + n
        self._statement(c, f"SELECT {self.cols} FROM t WHERE k >= %s AND k < %s", (lo, hi),
                        lambda t: [r for r in t.view().values() if lo <= r[1] < hi])

    @rule(c=conn, lo=IDS, n=st.integers(0, 8))
    def select_id_range(self, c: int, lo: int, n: int) -> None:
        hi = lo + n
        self._statement(c, "SELECT id, v FROM t WHERE id >= %s AND id < %s ORDER BY id", (lo, hi),
                        lambda t: [(r[0], r[2]) for r in t.view().values() if lo <= r[0] < hi])

    @rule(c=conn)
    def full_scan(self, c: int) -> None:
        def model(t: TxnModel) -> Any:
            return [r for _, r in sorted(t.view().items())]

        # ORDER BY the key: rows come in scan order, and sorted() on both sides keeps it so
        self._statement(c, f"SELECT {self.cols} FROM t ORDER BY id", (), model)

    @rule(c=conn)
    def count(self, c: int) -> None:
        self._statement(c, "SELECT count(*) FROM t", (), lambda t: [(len(t.view()),)])

    @rule(c=conn)
    def aggregate_by_k(self, c: int) -> None:
        def model(t: TxnModel) -> Any:
            groups: dict[int, list[Row]] = {}
            for r in t.view().values():
                groups.setdefault(r[1], []).append(r)
            return [(k, len(rs), sum(r[2] for r in rs), min(r[0] for r in rs)) for k, rs in groups.items()]

        self._statement(c, "SELECT k, count(*), sum(v), min(id) FROM t GROUP BY k", (), model)

    # -- rules: transaction control ----------------------------------------------------------------

    @rule(c=txn_conn)
    def commit(self, c: int) -> None:
        txn = self.txns[c]
        self.txns[c] = None
        spaces = self._conflicts(txn) if txn is not None and not txn.failed else set()
        expect_conflict = bool(spaces)
        try:
            self.conns[c].commit()
            actual: str | None = None
        except pydsql.Error as e:
            actual = e.sqlstate
            assert isinstance(e, pydsql.errors.SerializationFailure), repr(e)
            # OC001 when only the table's definition changed; OC000 when only data conflicts
            codes = {"OC001"} if spaces == {"schema"} else {"OC000"} if "schema" not in spaces else {"OC000", "OC001"}
            assert any(code in str(e) for code in codes), f"{e} (expected {codes})"
        event("commit: " + (f"conflict on {sorted(spaces)}" if expect_conflict else "read-only" if txn is None or not (txn.writes or txn.locks) else "failed txn" if txn.failed else "writes committed"))
        assert actual == ("40001" if expect_conflict else None), (
            f"COMMIT of connection {c}: expected {'40001' if expect_conflict else 'success'}, got {actual}")
        if txn is not None and not txn.failed and not expect_conflict:
            self._install(txn)
        self._check_fresh_read()

    # COMMIT is what the test is about: three rules (of about twenty) make it more frequent
    @rule(c=txn_conn)
    def commit_more(self, c: int) -> None:
        self.commit(c)

    @rule(c=txn_conn)
    def commit_even_more(self, c: int) -> None:
        self.commit(c)

    @rule(c=txn_conn)
    def rollback(self, c: int) -> None:
        self.txns[c] = None
        self.conns[c].rollback()

    # -- invariants ------------------------------------------------------------------------------------

    def _check_fresh_read(self) -> None:
        self._run_jobs()
        for region in self.regions:
            fresh = self._connect(region, autocommit=True)
            rows = fresh.execute(f"SELECT {self.cols} FROM t ORDER BY id").fetchall()
            fresh.close()
            assert [tuple(r) for r in rows] == [r for _, r in sorted(self.committed.items())]

    def _stores(self) -> list[tuple[bool, Any]]:
        """Each region's stores, and whether the region has applied the whole log (a region
        applies what it holds when it next serves a transaction)."""
        version = self.cluster._version
        return [(region.applied == version, region.replica.stores) for region in self.cluster.topology.regions.values()]

    @invariant()
    def storage_is_consistent(self) -> None:
        cluster = self.cluster
        version = cluster._version
        active = [t.snapshot for t in cluster._active.values()]
        horizon = min(active, default=version)
        expected_committed = sorted(self.committed.values())
        for current, stores in self._stores():
            if not stores and not current:
                continue  # a region that has not applied the CREATE TABLE yet
            assert len(stores) == 1
            (store,) = stores.values()
            assert list(store.keys) == sorted(store.chains), "sorted keys differ from the chains' keys"
            for key, chain in store.chains.items():
                if type(chain) is not Versions:  # settled: its row, seen by every snapshot
                    assert chain is not None
                    continue
                _check_links(chain)
                chain = mvcc.flat(chain)
                versions = chain[0::2]
                assert list(versions) == sorted(set(versions)), f"versions out of order: {chain}"
                if self.REGIONS is not None:
                    # a region applies the entries it holds when it next begins a transaction, and
                    # collects them at the next COMMIT or ROLLBACK: dead versions may wait till then
                    continue
                # garbage collection: nothing older than the newest version <= horizon is kept,
                # and a key deleted at or before the horizon is gone
                older = [v for v in versions if v <= horizon]
                assert len(older) <= 1, f"versions no snapshot can read are kept (horizon {horizon}): {chain}"
                if older and len(versions) == 1:
                    assert chain[1] is not None, f"a key deleted before the horizon {horizon} is kept: {chain}"
            if current:
                visible = [r for r in store.rows(version)]
                assert sorted(visible) == expected_committed, "committed state differs from the model"
            for index in store.indexes.values():
                if index.retired:
                    continue
                needed = set()
                for key, chain in store.chains.items():
                    if type(chain) is not Versions:
                        chain = (index.since, chain)  # settled: of the current layout
                    chain = mvcc.flat(chain)
                    for i in range(0, len(chain), 2):
                        row = chain[i + 1]
                        if row is not None and chain[i] >= index.since:
                            ikey = index.key_of(row)
                            if ikey is not None:
                                needed.add((ikey, key))
                entries = list(index.entries)
                assert len(entries) == len(set(entries))
                assert set(entries) == needed, (
                    f"index {index.index_id}: missing {needed - set(entries)}, stale {set(entries) - needed}")

    def _restore(self) -> None:
        SortedList.DEFAULT_LOAD_FACTOR = self._load
        mvcc.CHAIN_BLOCK = self._block

    def teardown(self) -> None:
        self._restore()
        for conn in self.conns:
            conn.close()


class UniqueMachine(MvccMachine):
    UNIQUE = True

    @rule(c=st.integers(0, N_TXN_CONNS), key=IDS, u=US)
    def update_u(self, c: int, key: int, u: int) -> None:
        """u is UNIQUE: a key column, an EXCLUSIVE write (and unique-key entries when it changes)."""
        self._statement(c, "UPDATE t SET u = %s WHERE id = %s", (u, key),
                        self._update_model(lambda r: r[0] == key, lambda r: (*r[:3], u), EX))


class NoIndexMachine(MvccMachine):
    INDEX = False


class DdlMachine(MvccMachine):
    """The index on k comes and goes (DDL alone in an autocommit transaction) while other
    transactions are open: an index built from the versions old snapshots still read
    (``TableStore.add_index``), installs and pruning switching between their index-free and
    indexed paths, and OC001 for a transaction that wrote t from a snapshot older than a
    schema change (the DDL itself, or the build job publishing the index as valid)."""

    INDEX = False
    has_index = False

    @precondition(lambda self: not self.has_index)
    @rule()
    def create_index(self) -> None:
        self._run_jobs()  # the DDL's own transaction begins
        self.conns[AUTO].execute("CREATE INDEX ASYNC t_k ON t (k)")
        self.seq += 1
        self.history.append((self.seq, {("schema", 0, EX)}))
        self.has_index = self.pending_build = True

    @precondition(lambda self: self.has_index)
    @rule()
    def drop_index(self) -> None:
        self._run_jobs()
        self.conns[AUTO].execute("DROP INDEX t_k")
        self.seq += 1
        self.history.append((self.seq, {("schema", 0, EX)}))
        self.has_index = self.pending_build = False


class RegionsMachine(UniqueMachine):
    REGIONS = ["us-east-1", "us-east-2"]
    WITNESS = "us-west-2"


FAST = settings(
    max_examples=100, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(
    max_examples=400, stateful_step_count=120, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TestMvccModel = MvccMachine.TestCase
TestMvccModel.settings = FAST
TestMvccModelUnique = UniqueMachine.TestCase
TestMvccModelUnique.settings = FAST
TestMvccModelNoIndex = NoIndexMachine.TestCase
TestMvccModelNoIndex.settings = FAST
TestMvccModelDdl = DdlMachine.TestCase
TestMvccModelDdl.settings = FAST
TestMvccModelRegions = RegionsMachine.TestCase
TestMvccModelRegions.settings = FAST


@pytest.mark.slow
@pytest.mark.parametrize("machine", [MvccMachine, UniqueMachine, NoIndexMachine, DdlMachine, RegionsMachine],
                         ids=["index", "unique", "no_index", "ddl", "regions"])
def test_mvcc_model_slow(machine: type[MvccMachine]) -> None:
    run_state_machine_as_test(machine, settings=SLOW)

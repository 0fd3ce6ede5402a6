"""A replica: one region's copy of the database, built by applying the commit log.

A replica holds the versioned stores of every table and the catalogs of
recent versions.  It changes only by :meth:`Replica.apply`, which installs
one commit (a :class:`LogEntry`) at its version; entries are applied in
version order, so ``applied`` is the newest version the replica can serve.

Garbage collection (:meth:`Replica.collect`) is driven by the cluster with a
*horizon*: the oldest snapshot any live transaction may still read.  Every key
a commit gives a second (or later) version is queued with that commit's
version; once the horizon passes it, the key's chain is pruned down to what
snapshots at or after the horizon can see.  (A key's first version has nothing
to prune: inserts are never queued.  Nor are updates applied when the horizon
has already reached their commit, as it has when no other transaction is
open: they are pruned as they are installed.)  Catalogs and dropped tables' stores are forgotten the same
way.

A row is a tuple laid out as its table's columns *in the catalog of the
version that wrote it*.  When a commit changes a table's columns (ALTER
TABLE ADD/DROP COLUMN: the columns' ``attnum`` sequence differs), it
appends, at its own version, a re-laid copy of every live row: columns
matched by ``attnum``, an added column NULL (DSQL refuses ADD COLUMN with a
default), a dropped one left out.  History is never rewritten: a snapshot
older than the ALTER reads the old versions with the old catalog; newer
snapshots read the new ones with the new catalog.  Indexes whose key
function changes get new ids in the new catalog (:mod:`pydsql.sql.alter`),
so the stores of the old ones are retired (see :mod:`pydsql.storage.mvcc`).
No transaction from before the ALTER can install old-layout rows afterwards:
its writes to the table conflict with the ALTER's schema key (OC001 at
COMMIT).

Sharing (:meth:`Replica.share`): a replica can start as a copy-on-write twin
of another (a cluster's clone, a snapshot, a region recovering from a peer).
The twin references the *same* :class:`~pydsql.storage.mvcc.TableStore`
objects, so sharing costs O(tables), whatever the number of rows.  Every
mutation of a store below (install, prune, index add/drop/retire, relay)
first goes through :meth:`Replica._own`, which swaps a store that has other
holders for a private copy (:func:`~pydsql.storage.mvcc.take_private`).
Catalogs, chains and rows are immutable and stay shared for good.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..catalog import Catalog, Table
from ..storage.keys import encode_rowid
from ..storage.mvcc import IndexStore, Row, TableStore, release, share, take_private
from ..errors import Error
from ..txn.layout import MaybeKeyOf, layout_of


@dataclass(slots=True)
class LogEntry:
    """One committed transaction, as every replica applies it."""

    version: int
    #: (table id, {key: row or None}): the committing transaction's write buffers, kept as
    #: they are (no copy of a large transaction's rows); nobody mutates them afterwards
    writes: Sequence[tuple[int, Mapping[bytes, Row | None]]]
    catalog: Catalog | None = None  # the new schema, when the transaction ran DDL
    extra: dict[str, object] = field(default_factory=dict)


class Replica:
    """Versioned stores + catalog history of one region (see module docstring)."""

    def __init__(self, catalog: Catalog, rowids: itertools.count[int]) -> None:
        self.stores: dict[int, TableStore] = {}
        self.catalogs: list[tuple[int, Catalog]] = [(0, catalog)]
        self.applied = 0
        self._rowids = rowids  # shared by the cluster: hidden row ids are cluster-wide
        self._gc_queue: deque[tuple[int, int, bytes]] = deque()  # (version, table id, key)
        self._dropped: deque[tuple[int, int]] = deque()  # (version, table id)
        self._dropped_indexes: deque[tuple[int, int, int]] = deque()  # (version, table id, index id)

    # -- reads ------------------------------------------------------------------

    def catalog_at(self, snapshot: int) -> Catalog:
        """The schema as of ``snapshot``."""
        for version, catalog in reversed(self.catalogs):
            if version <= snapshot:
                return catalog
        raise AssertionError(f"no catalog at snapshot {snapshot}")

    def store(self, table_id: int) -> TableStore:
        return self.stores[table_id]

    def _own(self, table_id: int) -> TableStore:
        """The store of ``table_id``, private to this replica (copied first if shared)."""
        store = self.stores[table_id]
        if store.holders != 1:
            store = self.stores[table_id] = take_private(store)
        return store

    def release(self) -> None:
        """This replica is discarded: its stores lose a holder (others may then write in place).
        Only when no transaction reads it any more (clone, restore: none is open)."""
        release(self.stores.values())
        self.stores = {}

    def allocate_rowid(self, table_id: int) -> bytes:
        return encode_rowid(next(self._rowids))

    def copy(self) -> Replica:
        """An independent replica in the same state: how a region that fell behind the
        log's window recovers from a peer.  Copy-on-write (see :meth:`share`)."""
        return self.share(self._rowids)

    def share(self, rowids: itertools.count[int]) -> Replica:
        """A copy-on-write twin in the same state, in O(tables) (see module docstring).

        ``rowids`` is the hidden row-id counter of the twin's cluster (the
        source's own for a peer copy, a fresh one for a clone).
        """
        twin = Replica(self.catalogs[0][1], rowids)
        twin.stores = share(self.stores)
        twin.catalogs = list(self.catalogs)
        twin.applied = self.applied
        twin._gc_queue = deque(self._gc_queue)
        twin._dropped = deque(self._dropped)
        twin._dropped_indexes = deque(self._dropped_indexes)
        return twin

    # -- applying the log ----------------------------------------------------------

    def apply(self, entry: LogEntry, horizon: int = 0) -> None:
        """Install ``entry`` at its version.  ``horizon``: no live or future snapshot
        is older (0: not known); versions it makes unreadable are pruned at once
        rather than queued for :meth:`collect` (see ``TableStore.install``)."""
        version = entry.version
        assert version > self.applied, (version, self.applied)
        if entry.catalog is not None:
            self._apply_catalog(version, entry.catalog)
        queue = self._gc_queue
        for table_id, changes in entry.writes:
            # the keys with older versions to forget once no snapshot needs them
            for key in self._own(table_id).install_many(version, changes, horizon):
                queue.append((version, table_id, key))
        self.applied = version

    def _apply_catalog(self, version: int, catalog: Catalog) -> None:
        old = self.catalogs[-1][1]
        live: set[int] = set()
        for table in catalog.tables.values():
            live.add(table.table_id)
            store = self.stores.get(table.table_id)
            if store is None:
                store = self.stores[table.table_id] = TableStore(table.table_id)
            before = old.table_by_id(table.table_id)
            kept = {i.index_id for i in table.indexes}
            relaid = before is not None and [c.attnum for c in table.columns] != [c.attnum for c in before.columns]
            if before is not None:
                for index in before.indexes:
                    if index.index_id not in kept:  # DROP INDEX: older snapshots may still read it
                        self._dropped_indexes.append((version, table.table_id, index.index_id))
                        if relaid and index.index_id in store.indexes:
                            store = self._own(table.table_id)
                            store.indexes[index.index_id].retired = True
            if relaid:
                assert before is not None
                self._relay(version, before, table)
                store = self._own(table.table_id)
                store.layout_since = version  # older versions are for older snapshots only
            for index in table.indexes:
                if index.index_id not in store.indexes:
                    store = self._own(table.table_id)
                    store.add_index(_index_store(table, index.index_id))
        for table in old.tables.values():
            if table.table_id not in live:
                self._dropped.append((version, table.table_id))
        self.catalogs.append((version, catalog))

    def _relay(self, version: int, old: Table, new: Table) -> None:
        """The columns of a table changed at ``version``: every live row gets a version laid
        out as ``new``'s columns (see module docstring)."""
        store = self._own(new.table_id)
        take = _relaid(old, new)
        queue = self._gc_queue
        for key in list(store.chains):
            row = store.latest(key)
            if row is not None:
                store.install(key, version, tuple(None if p is None else row[p] for p in take))
                queue.append((version, new.table_id, key))

    def as_changed_by(self, snapshot: int, catalog: Catalog) -> SchemaView:
        """What a transaction at ``snapshot`` that changed the schema to ``catalog`` reads."""
        return SchemaView(self, snapshot, catalog)

    # -- garbage collection ----------------------------------------------------------

    def collect(self, horizon: int) -> None:
        """Forget what no snapshot ``>= horizon`` can see."""
        queue = self._gc_queue
        stores = self.stores
        due: dict[int, list[bytes]] = {}  # table id -> keys to prune (a table's keys pruned together)
        while queue and queue[0][0] <= horizon:
            _, table_id, key = queue.popleft()
            store = stores.get(table_id)
            if store is not None:
                if store.holders != 1:
                    if not store.prune_needed(key, horizon):
                        continue  # keep sharing what needs no change
                    self._own(table_id)
                due.setdefault(table_id, []).append(key)
        for table_id, keys in due.items():
            stores[table_id].prune_many(keys, horizon)
        catalogs = self.catalogs
        while len(catalogs) > 1 and catalogs[1][0] <= horizon:
            catalogs.pop(0)
        dropped = self._dropped
        while dropped and dropped[0][0] <= horizon:
            _, table_id = dropped.popleft()
            gone = stores.pop(table_id, None)
            if gone is not None:
                release((gone,))
        dropped_indexes = self._dropped_indexes
        while dropped_indexes and dropped_indexes[0][0] <= horizon:
            _, table_id, index_id = dropped_indexes.popleft()
            store = stores.get(table_id)
            if store is not None and index_id in store.indexes:
                self._own(table_id).drop_index(index_id)


class SchemaView:
    """The stores a transaction reads once it has changed the schema (its one DDL
    statement), until it commits: each table's committed rows at the transaction's
    snapshot, laid out as the transaction's own catalog says.

    A table the transaction created reads as empty; one whose columns it changed
    (ADD/DROP COLUMN) reads its rows re-laid as the commit will re-lay them
    (:meth:`Replica._relay`), and one that gained an index gets the index's entries.
    Such a table is copied at the first read, once per transaction; every other table
    is the replica's own store.  Writes are refused in such a transaction (DDL and DML
    do not mix in DSQL), so a copy is only ever read."""

    def __init__(self, replica: Replica, snapshot: int, catalog: Catalog) -> None:
        self.replica = replica
        self.snapshot = snapshot
        self.catalog = catalog
        self._committed = replica.catalog_at(snapshot)
        self._stores: dict[int, TableStore] = {}

    def store(self, table_id: int) -> TableStore:
        store = self._stores.get(table_id)
        if store is None:
            store = self._stores[table_id] = self._store(table_id)
        return store

    def _store(self, table_id: int) -> TableStore:
        new = self.catalog.table_by_id(table_id)
        old = self._committed.table_by_id(table_id)
        if new is None or old is new:
            return self.replica.store(table_id)
        base = self.replica.stores.get(table_id)
        changed_columns = old is None or [c.attnum for c in old.columns] != [c.attnum for c in new.columns]
        if base is not None and not changed_columns and all(i.index_id in base.indexes for i in new.indexes):
            return base
        view = TableStore(table_id)
        if base is not None and old is not None:
            take = _relaid(old, new)
            for key, row in base.items(self.snapshot):
                view.install(key, self.snapshot, tuple(None if p is None else row[p] for p in take))
        for index in new.indexes:
            view.add_index(_index_store(new, index.index_id))
        return view

    def allocate_rowid(self, table_id: int) -> bytes:
        return self.replica.allocate_rowid(table_id)

    def as_changed_by(self, snapshot: int, catalog: Catalog) -> SchemaView:
        return SchemaView(self.replica, snapshot, catalog)


def _relaid(old: Table, new: Table) -> list[int | None]:
    """For each of ``new``'s columns, its position in a row laid out as ``old``'s columns
    (matched by ``attnum``; None: a column ``old`` did not have)."""
    positions = {c.attnum: i for i, c in enumerate(old.columns)}
    return [positions.get(c.attnum) for c in new.columns]


def _index_store(table: Table, index_id: int) -> IndexStore:
    """A new, empty store for index ``index_id`` of ``table``."""
    index = next(i for i in table.indexes if i.index_id == index_id)
    key_of = layout_of(table).index_key_of[index_id]
    return IndexStore(index_id, key_of if index.plain else _tolerant(key_of))


def _tolerant(key_of: MaybeKeyOf) -> MaybeKeyOf:
    """An index key function for storage: a row whose expression key fails to compute
    has no entry.  Writes compute such keys at the statement (where the error is
    raised), so only rows that existed when the index was created can fail here,
    and the build job then fails (the index never becomes valid)."""

    def key(row: Row) -> bytes | None:
        try:
            return key_of(row)
        except Error:
            return None

    return key

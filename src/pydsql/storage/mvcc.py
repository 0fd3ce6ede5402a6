"""Versioned rows: the committed state of one table, readable at any live snapshot.

A table's rows live in a dict from encoded primary key (see :mod:`.keys`) to a
*version chain*, plus a ``SortedList`` of the same keys for ordered and range
scans.  A chain is a :class:`Versions`, a flat tuple, oldest version first::

    (v1, row1, v2, row2, ..., vn, rown)      row = tuple of column values,
                                             or None for "deleted at vn"

A reader at snapshot ``s`` sees the newest version ``vi <= s``; a key whose
visible version is a deletion (or that has no version ``<= s``) is absent.

A chain never holds more than :data:`CHAIN_BLOCK` versions in one tuple.  The
version that would exceed it starts a new tuple whose first pair *links* to the
full one, ``(LINK, older, vn, rown)``: the older versions are reached through
``older`` (itself a chain, perhaps linked too).  Appending therefore copies at
most one block, however many versions a key keeps: a hot key updated over and
over while an old snapshot pins its versions costs the same per update as any
other, where a flat tuple made it quadratic.  ``LINK`` (-1) is below every
snapshot, so a reader walking a block from its newest version back reaches the
link exactly when the version it wants is older.

    key k:   v3: ('a', 1)   v7: ('a', 2)   v9: deleted
    snapshot 5 sees ('a', 1); snapshot 8 sees ('a', 2); snapshot 9 sees nothing.

A *settled* key, one whose single version every live and future snapshot sees
(its version is at or below the horizon, see below), holds its row itself
instead of a chain: most keys of a table are settled, and a chain tuple would
cost them 56 bytes each.  Whatever the dict holds that is not a ``Versions`` is
a row, visible to every reader.  A settled row that gets a new version becomes
a chain again, its own version taken as ``layout_since`` (its true one is no
newer, and no reader needs it: every snapshot is newer).

Invariants:

* Versions only ever get *appended*, by :meth:`TableStore.install` (or
  :meth:`TableStore.fill`, the same for a whole commit into a store without
  keys), which the commit path calls with strictly increasing commit versions
  while holding the database lock; nothing else mutates a store, so a reader
  never sees a half-applied commit.
* :meth:`TableStore.prune` is the garbage collector: given a *horizon* (no
  live or future snapshot is older), it drops every version older than the
  newest one ``<= horizon``, and the whole key when that one is a deletion.
  Updating one row 100,000 times keeps one version, not 100,000.  When the
  commit path already knows the horizon has reached the version it installs
  (no other transaction is open: the common case), ``install`` prunes the
  versions a new row replaces itself, and nothing waits for the collector.
* Secondary indexes (:class:`IndexStore`) hold ``(index key, primary key)``
  pairs for *every* version still in a chain.  An entry may therefore be stale
  for a given snapshot: readers re-check the row they fetch (NB: every index
  lookup must verify the visible row still has the looked-up key).  Pruning a
  version removes the entries that no remaining version of the row needs.
* An index dropped from the catalog keeps its store until no snapshot can
  read it.  When rows change layout (ALTER TABLE DROP COLUMN), the stores of
  the old layout are *retired*: their key functions no longer fit the rows
  written since, and only snapshots older than the change read them, so
  retired stores take no new entries and prune nothing (they go whole).
  An index created for the new layout only ever sees versions from the
  change on (``IndexStore.since``): older versions are not its business.

Sharing (copy-on-write, for :meth:`pydsql.Cluster.clone` and snapshots):
a store may be referenced by several replicas (a cluster and its clones, a
snapshot, a region that recovered from a peer).  ``TableStore.holders``
counts them.  A store with more than one holder is never mutated: the
replica that wants to write it first takes a private :meth:`TableStore.copy`
(:func:`take_private`), so cloning costs O(tables), and rows are copied (as
references) only for the tables written afterwards.  The holder counts are
changed under one process-wide lock because holders may belong to clusters
(each with its own lock) used from different threads.

Storage knows nothing of SQL, transactions or types beyond the key encoders
it is given.
"""

from __future__ import annotations

import itertools
import operator
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any, TypeVar

from sortedcontainers import SortedList

#: Guards ``TableStore.holders`` across clusters (see module docstring).  Reentrant: a
#: finalizer releasing a garbage-collected clone's stores may run in any thread, at any time.
_SHARING = threading.RLock()

T = TypeVar("T")
Row = tuple[Any, ...]


class Versions(tuple):  # type: ignore[type-arg]
    """A key's versions, oldest first: ``(v1, row1, ..., vn, rown)`` (see module docstring).
    Its own class: what the dict of chains holds that is not one is a settled row."""

    __slots__ = ()


Chain = Versions
#: The most versions one tuple of a chain holds (see module docstring); tests make it small.
CHAIN_BLOCK = 32
#: The version slot of a chain's link to its older versions: below every snapshot and version.
LINK = -1
#: what the dict of chains maps a key to: its versions, or its settled row
Entry = Any
#: A commit writing at least this many keys into a table without rows installs them with
#: ``TableStore.fill`` (sized once) rather than key by key.
_FILL_MIN = 1024
KeyOf = Callable[[Row], "bytes | None"]  # None: the row has no entry (a partial index)


def copy_sorted_list(source: SortedList) -> SortedList:
    """A copy of ``source`` built from its internal sublists.

    About 5x faster than ``SortedList.copy()`` (which re-sorts every item):
    the sublists are copied as they are (C-speed slices) and the positional
    index, which SortedList rebuilds lazily when it is empty, is left empty.
    Relies on sortedcontainers 2.x's layout (pinned ``<3`` in pyproject.toml).
    """
    twin: SortedList = SortedList.__new__(SortedList)
    twin._len = source._len
    twin._load = source._load
    twin._lists = [sub[:] for sub in source._lists]
    twin._maxes = source._maxes[:]
    twin._index = []
    twin._offset = 0
    return twin


#: Rows are read in lists ("batches") of growing size: the first is small, so a consumer that
#: stops early (LIMIT, EXISTS) reads few rows; later ones amortize the per-batch work.
FIRST_BATCH = 32
MAX_BATCH = 1024


def batches_of(items: Iterable[T]) -> Iterator[list[T]]:
    """``items`` (rows, keys) in lists of growing size (:data:`FIRST_BATCH`, then 4x up to
    :data:`MAX_BATCH`)."""
    it = iter(items)
    n = FIRST_BATCH
    while True:
        batch = list(islice(it, n))
        if not batch:
            return
        yield batch
        if n < MAX_BATCH:
            n *= 4


def successor(prefix: bytes) -> bytes | None:
    """The least byte string above every string that starts with ``prefix`` (None: no such
    string, ``prefix`` is all 0xFF): the strings starting with ``prefix`` are exactly those
    ``>= prefix`` and ``< successor(prefix)``."""
    stripped = prefix.rstrip(b"\xff")
    if not stripped:
        return None
    return stripped[:-1] + bytes((stripped[-1] + 1,))


_pk_of_entry = operator.itemgetter(1)


def _newest_in_block(block: tuple[Any, ...], bound: int) -> int:
    """The position in ``block`` of its newest version ``<= bound`` (-1: none; 0 in a linked
    block: the link, whose version is below every bound)."""
    i = len(block) - 2
    while i >= 0 and block[i] > bound:
        i -= 2
    return i


def visible(chain: Chain, snapshot: int) -> Row | None:
    """The row of ``chain`` (a :class:`Versions`) visible at ``snapshot`` (``None``: absent)."""
    while True:
        if chain[0] == LINK and chain[2] > snapshot:
            chain = chain[1]  # the whole block is newer: a block per step, not a version
            continue
        i = _newest_in_block(chain, snapshot)
        if i < 0:
            return None  # no version as old as the snapshot
        if i == 0 and chain[0] == LINK:
            chain = chain[1]  # older than this block: in the one it links to
            continue
        row: Row | None = chain[i + 1]
        return row


def pairs(chain: tuple[Any, ...]) -> list[tuple[int, Row | None]]:
    """Every ``(version, row)`` of ``chain`` (a chain or a slice of one), oldest first, its
    links followed."""
    blocks = [chain]
    while chain[0] == LINK:
        chain = chain[1]
        blocks.append(chain)
    result: list[tuple[int, Row | None]] = []
    for block in reversed(blocks):
        start = 2 if block[0] == LINK else 0
        result.extend(zip(block[start::2], block[start + 1::2]))
    return result


def flat(chain: Chain) -> Versions:
    """``chain`` as one tuple without links: ``(v1, row1, ..., vn, rown)``."""
    if chain[0] != LINK:
        return chain
    return Versions(itertools.chain.from_iterable(pairs(chain)))


def _newest_at(chain: Chain, horizon: int) -> tuple[Chain, int]:
    """``(chain', base)``: the position ``base`` in ``chain'`` of the newest version ``<= horizon``
    (-1: none).  ``chain'`` is ``chain`` itself when that version is in its newest block, else
    ``chain`` flattened (:func:`flat`): what :meth:`TableStore.prune` keeps starts at ``base``."""
    base = _newest_in_block(chain, horizon)
    if base == 0 and chain[0] == LINK:  # in an older block
        chain = flat(chain)
        base = _newest_in_block(chain, horizon)
    return chain, base


class IndexStore:
    """A secondary index: the sorted set of ``(index key, primary key)`` pairs."""

    __slots__ = ("index_id", "key_of", "entries", "retired", "since")

    def __init__(self, index_id: int, key_of: KeyOf) -> None:
        self.index_id = index_id
        self.key_of = key_of  # row -> encoded index key
        self.entries: SortedList = SortedList()
        self.retired = False  # see module docstring
        self.since = 0  # the first version laid out as ``key_of`` expects (see TableStore.add_index)

    def add(self, ikey: bytes, pk: bytes) -> None:
        entry = (ikey, pk)
        entries = self.entries
        i = entries.bisect_left(entry)
        if i == len(entries) or entries[i] != entry:
            entries.add(entry)

    def discard(self, ikey: bytes, pk: bytes) -> None:
        self.entries.discard((ikey, pk))

    def lookup(self, ikey: bytes) -> Iterator[bytes]:
        """Primary keys of entries whose index key equals ``ikey``."""
        for k, pk in self.entries.irange((ikey,)):
            if k != ikey:
                return
            yield pk

    def scan(
        self, lo: bytes | None, lo_inclusive: bool, hi: bytes | None, hi_inclusive: bool, prefix: bytes | None = None
    ) -> Iterator[bytes]:
        """Primary keys of entries with ``lo <(=) index key <(=) hi`` in index order.

        Bounds are compared as byte prefixes of the index key (a bound may
        encode fewer columns than the index has): ``hi`` inclusive admits
        every key that starts with ``hi``.  ``prefix`` restricts to keys
        starting with it.  Primary keys may repeat (one per version).
        """
        entries = self.entries
        if lo is None:
            start = entries.bisect_left((prefix,)) if prefix else 0
        elif lo_inclusive:
            start = entries.bisect_left((lo,))
        else:
            start = entries.bisect_left((lo + b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",))
        for ikey, pk in entries.islice(start):  # an iterator: no positional lookup per entry
            if prefix is not None and not ikey.startswith(prefix):
                return
            if lo is not None and not lo_inclusive and ikey.startswith(lo):
                continue
            if hi is not None:
                if ikey.startswith(hi):
                    if not hi_inclusive:
                        return
                elif ikey > hi:
                    return
            yield pk

    def range_keys(
        self, lo: bytes | None, lo_inclusive: bool, hi: bytes | None, hi_inclusive: bool, prefix: bytes | None = None
    ) -> list[bytes]:
        """:meth:`scan` as a list, its two ends found by bisection and the entries between
        them sliced out whole (no per-entry bound test): the same primary keys, in order.

        The ends are ``(sublist, offset)`` positions in the SortedList's own sublists
        (``_lists``, ``_maxes``: sortedcontainers 2.x's layout, as :func:`copy_sorted_list`
        relies on), which spares the positional index its tree walks."""
        lists: list[list[tuple[bytes, bytes]]] = self.entries._lists
        maxes: list[tuple[bytes, bytes]] = self.entries._maxes
        end = (len(lists), 0)

        def position(bound: bytes | None) -> tuple[int, int]:
            """Where the first entry whose index key is >= ``bound`` is (None: past the end)."""
            if bound is None:
                return end
            probe = (bound,)  # (ikey, pk) < (bound,) exactly when ikey < bound
            i = bisect_left(maxes, probe)
            return end if i == len(maxes) else (i, bisect_left(lists[i], probe))

        if lo is None:
            start = position(prefix) if prefix else (0, 0)
        elif lo_inclusive:
            start = position(lo)
        else:  # past every key that starts with lo
            start = position(successor(lo))
        if hi is None:
            stop = end
        elif hi_inclusive:  # every key that starts with hi is in
            stop = position(successor(hi))
        else:
            stop = position(hi)
        if prefix:
            stop = min(stop, position(successor(prefix)))
        if start >= stop:
            return []
        (i, a), (j, b) = start, stop
        if i == j:
            return list(map(_pk_of_entry, lists[i][a:b]))
        parts = [lists[i][a:], *lists[i + 1:j]]
        if b:
            parts.append(lists[j][:b])
        return list(map(_pk_of_entry, itertools.chain.from_iterable(parts)))

    def __len__(self) -> int:
        return len(self.entries)

    def copy(self) -> IndexStore:
        """An independent copy (the entries are immutable and shared)."""
        twin = IndexStore(self.index_id, self.key_of)
        twin.entries = copy_sorted_list(self.entries)
        twin.retired, twin.since = self.retired, self.since
        return twin


class TableStore:
    """The committed, versioned rows of one table."""

    __slots__ = ("table_id", "chains", "keys", "indexes", "next_rowid", "layout_since", "holders")

    def __init__(self, table_id: int) -> None:
        self.table_id = table_id
        self.chains: dict[bytes, Entry] = {}  # a Versions, or a settled row (see module docstring)
        self.keys: SortedList = SortedList()
        self.indexes: dict[int, IndexStore] = {}
        self.next_rowid = 1  # hidden row ids of tables without a primary key
        #: the first version laid out as the table's current columns (its last ALTER of the columns)
        self.layout_since = 0
        #: how many replicas (or snapshots) reference this store: > 1 means read-only (copy-on-write)
        self.holders = 1

    # -- reads ---------------------------------------------------------------

    def get(self, key: bytes, snapshot: int) -> Row | None:
        chain = self.chains.get(key)
        if chain is None:
            return None
        if type(chain) is not Versions:
            return chain  # type: ignore[no-any-return]  # settled: every snapshot sees it
        if chain[-2] <= snapshot:
            row: Row | None = chain[-1]
            return row
        return visible(chain, snapshot)

    def items(
        self,
        snapshot: int,
        lo: bytes | None = None,
        hi: bytes | None = None,
        inclusive: tuple[bool, bool] = (True, True),
        reverse: bool = False,
    ) -> Iterator[tuple[bytes, Row]]:
        """Visible ``(key, row)`` pairs in key order, optionally within bounds."""
        chains = self.chains
        keys = self.keys if lo is None and hi is None and not reverse else self.keys.irange(lo, hi, inclusive, reverse)
        for key in keys:
            chain = chains[key]
            if type(chain) is not Versions:
                row = chain
            elif chain[-2] <= snapshot:
                row = chain[-1]
            else:
                row = visible(chain, snapshot)
            if row is not None:
                yield key, row

    def rows(self, snapshot: int) -> Iterator[Row]:
        """Visible rows in key order (a full scan: :meth:`items` without the keys)."""
        for chain in map(self.chains.__getitem__, self.keys):
            if type(chain) is not Versions:
                row = chain
            elif chain[-2] <= snapshot:
                row = chain[-1]
            else:
                row = visible(chain, snapshot)
            if row is not None:
                yield row

    def row_batches(self, snapshot: int) -> Iterator[list[Row]]:
        """:meth:`rows` in lists of growing size (see :func:`batches_of`).

        Looking each sorted key up in the dict of chains costs a hash-table probe
        per row, at random places in memory.  When the dict holds its keys in
        sorted order (a table loaded and updated in key order, the common case),
        its chains are read in its own order instead, a sequential walk.  That
        order is checked batch by batch against the sorted keys, by identity (the
        dict's and the sorted list's keys are the same objects); any difference,
        or a concurrent commit changing the dict's size, falls back to lookups
        for the rest of the scan."""
        chains = self.chains
        keys = self.keys
        # the dict's keys and chains, walked in step (no pair tuple per row)
        walk: tuple[Iterator[bytes], Iterator[Entry]] | None = None
        try:
            if (
                keys and len(keys) == len(chains)
                and next(iter(chains), None) is keys[0] and next(reversed(chains), None) is keys[-1]
            ):
                walk = iter(chains), iter(chains.values())
        except (IndexError, RuntimeError):  # a commit changed the store meanwhile: look keys up
            walk = None
        get = chains.get
        for batch in batches_of(keys):
            found: list[Entry | None] | None = None
            if walk is not None:
                try:
                    # zip takes the sorted key first: it never draws from the dict past the batch
                    found = [chain for skey, key, chain in zip(batch, *walk) if key is skey]
                except RuntimeError:  # the dict changed size during the walk
                    found = None
                if found is None or len(found) != len(batch):
                    walk = found = None
            if found is None:
                found = list(map(get, batch))  # (see rows_of_keys)
            yield [
                row for chain in found if chain is not None and (
                    row := chain if type(chain) is not Versions
                    else chain[-1] if chain[-2] <= snapshot else visible(chain, snapshot)
                ) is not None
            ]

    def rows_of_keys(self, keys: Iterable[bytes], snapshot: int) -> Iterator[list[Row]]:
        """The visible rows of ``keys`` (absent ones skipped), in their order, in lists of
        growing size (see :func:`batches_of`)."""
        get = self.chains.get
        for batch in batches_of(keys):
            # The lookups first, in one C-level loop: the processor overlaps their cache misses
            # (keys read in index order land all over memory), which it cannot do as well
            # across the steps of a Python loop.
            chains = list(map(get, batch))
            yield [
                row for chain in chains if chain is not None and (
                    row := chain if type(chain) is not Versions
                    else chain[-1] if chain[-2] <= snapshot else visible(chain, snapshot)
                ) is not None
            ]

    def latest(self, key: bytes) -> Row | None:
        """The newest committed row (what a commit is about to replace)."""
        chain = self.chains.get(key)
        if chain is None or type(chain) is not Versions:
            return chain  # type: ignore[no-any-return, unused-ignore]
        row: Row | None = chain[-1]
        return row

    def __len__(self) -> int:
        """Keys with at least one version (deleted-but-not-yet-pruned included)."""
        return len(self.chains)

    def version_count(self) -> int:
        return sum(len(pairs(c)) if type(c) is Versions else 1 for c in self.chains.values())

    # -- writes (commit path only) ---------------------------------------------

    def install(self, key: bytes, version: int, row: Row | None, horizon: int = 0) -> bool:
        """Append ``row`` (``None``: a deletion) as the version ``version`` of ``key``.

        ``horizon``: no live or future snapshot is older (0: not known).  Once it
        has reached ``version``, no snapshot can read the versions a new row
        replaces, so they are pruned here and then (a lone writer's updates
        never queue for the collector).  A deletion is left to the collector,
        which takes the keys that go out of the sorted keys together.

        Returns whether the key is left with more than one version: only then
        can :meth:`prune` ever have something to do (a new key has one version)."""
        chain = self.chains.get(key)
        settled = horizon >= version
        if chain is None:
            if row is None:
                return False  # deleting a key that no version ever had: nothing to record
            self.chains[key] = row if settled else Versions((version, row))
            self.keys.add(key)
            old_row = None
        elif settled and row is not None and not self.indexes:
            self.chains[key] = row  # pruned as it is installed (see above)
            return False
        else:
            old_row = chain if type(chain) is not Versions else chain[-1]
            self.chains[key] = self._appended(chain, version, row)
        if row is not None and self.indexes:
            for index in self.indexes.values():
                if index.retired:
                    continue
                ikey = index.key_of(row)
                if ikey is not None and (old_row is None or index.key_of(old_row) != ikey):
                    index.add(ikey, key)
        if chain is None:
            return False
        if settled and row is not None:
            self._prune(key, horizon)  # keeps the new row: the key stays
            return False
        return True

    def install_many(self, version: int, changes: Mapping[bytes, Row | None], horizon: int = 0) -> list[bytes]:
        """:meth:`install` of every pair of ``changes`` (one commit's writes to this table);
        returns the keys left with more than one version (for the collector's queue).

        In bulk: a first load is built whole (:meth:`fill`); without indexes the loop
        is inline, new keys join the sorted keys together, and, when ``horizon`` has
        reached ``version``, deleted keys leave them at once and together (a bulk
        DELETE with nobody left to read the rows costs a few list operations per key,
        not a queue entry and a removal from the sorted list each).  The result is
        that of :meth:`install` of each pair and then :meth:`prune` at ``horizon``."""
        if not self.chains and len(changes) >= _FILL_MIN:
            self.fill(version, changes, horizon)
            return []
        if self.indexes or len(changes) < 4:
            install = self.install
            return [key for key, row in changes.items() if install(key, version, row, horizon)]
        chains = self.chains
        pruned = horizon >= version  # nobody can read what these writes replace
        queued: list[bytes] = []
        added: list[bytes] = []
        gone: list[bytes] = []
        for key, row in changes.items():
            chain = chains.get(key)
            if chain is None:
                if row is not None:
                    chains[key] = row if pruned else Versions((version, row))
                    added.append(key)
            elif not pruned:
                chains[key] = self._appended(chain, version, row)
                queued.append(key)
            elif row is None:
                del chains[key]
                gone.append(key)
            else:
                chains[key] = row
        if added:
            self.keys.update(added)
        if gone:
            self._remove_keys(gone)
        return queued

    def _appended(self, entry: Entry, version: int, row: Row | None) -> Versions:
        """A key's versions (or its settled row) with ``row`` appended as ``version``; a settled
        row's own version reads as ``layout_since`` (see module docstring)."""
        if type(entry) is not Versions:
            entry = (self.layout_since, entry)
        elif len(entry) >= 2 * CHAIN_BLOCK:
            return Versions((LINK, entry, version, row))  # a new block (see module docstring)
        return Versions(entry + (version, row))

    def fill(self, version: int, changes: Mapping[bytes, Row | None], horizon: int = 0) -> None:
        """:meth:`install` of every pair of ``changes`` into this store, which has no key
        yet (a table's first load): the same result, built whole.  The dict of chains is
        sized once for all the keys (growing it a key at a time would allocate, and
        leave behind, about as much memory again as its final size) and the sorted keys
        are built in one sort."""
        assert not self.chains, "fill() is for a store without keys"
        chains: dict[bytes, Entry] = dict.fromkeys(changes)  # sized once: values below
        settled = horizon >= version
        for key, row in changes.items():
            if row is None:
                del chains[key]  # deleting a key that no version ever had: nothing to record
            else:
                chains[key] = row if settled else Versions((version, row))
        self.chains = chains
        self.keys.update(chains)
        for index in self.indexes.values():
            if index.retired:
                continue
            key_of, add = index.key_of, index.add
            for key, row in changes.items():
                if row is not None and (ikey := key_of(row)) is not None:
                    add(ikey, key)

    def prune_needed(self, key: bytes, horizon: int) -> bool:
        """Whether :meth:`prune` would change anything (lets a shared store stay shared)."""
        chain = self.chains.get(key)
        if chain is None or type(chain) is not Versions:
            return False  # (a settled row has nothing to prune)
        chain, base = _newest_at(chain, horizon)
        # versions to forget, or the newest is seen by all: a deletion to drop, a row to settle
        return base > 0 or base == len(chain) - 2

    def prune_many(self, keys: Iterable[bytes], horizon: int) -> None:
        """:meth:`prune` of each of ``keys``.  The keys that go are taken out of the sorted
        keys together: after a bulk DELETE, rebuilding the sorted list once (a C-level
        sort of sorted data) costs far less than removing each key from it."""
        self._remove_keys([key for key in keys if self._prune(key, horizon)])

    def _remove_keys(self, gone: list[bytes]) -> None:
        """Take ``gone`` (keys no longer in :attr:`chains`) out of the sorted keys."""
        if len(gone) > 64 and len(gone) * 8 > len(self.keys):
            remove = set(gone)
            self.keys = SortedList([k for k in self.keys if k not in remove])
        else:
            for key in gone:
                self.keys.remove(key)

    def prune(self, key: bytes, horizon: int) -> None:
        """Forget versions of ``key`` that no snapshot ``>= horizon`` can see."""
        if self._prune(key, horizon):
            self.keys.remove(key)

    def _prune(self, key: bytes, horizon: int) -> bool:
        """:meth:`prune` but for the sorted keys: whether ``key`` went (the caller removes it
        from :attr:`keys`)."""
        chain = self.chains.get(key)
        if chain is None or type(chain) is not Versions:
            return False  # (a settled row has nothing to prune)
        # Index of the newest version <= horizon: everything before it is dead.
        chain, base = _newest_at(chain, horizon)
        n = len(chain)
        if base < 0:
            return False  # every version is newer than the horizon
        kept = chain[base:]
        if base == n - 2 and chain[-1] is None:
            del self.chains[key]  # deleted before the horizon: the key is gone
            kept = ()
        elif base == n - 2:
            self.chains[key] = chain[-1]  # one version, seen by every snapshot: settled
        elif base == 0:
            return False
        else:
            self.chains[key] = Versions(kept)
        if not self.indexes:
            return not kept
        removed = [(v, r) for v, r in pairs(chain[:base]) if r is not None] if base else []
        if removed:
            kept_rows = [(v, r) for v, r in pairs(kept) if r is not None] if kept else []
            for index in self.indexes.values():
                if index.retired:
                    continue
                key_of, since = index.key_of, index.since  # only versions of the index's layout
                gone = {key_of(r) for v, r in removed if v >= since}
                if not gone:
                    continue
                still = {key_of(r) for v, r in kept_rows if v >= since}
                for ikey in gone - still:
                    if ikey is not None:
                        index.discard(ikey, key)
        return not kept

    def add_index(self, index: IndexStore) -> None:
        """Attach an index and fill it from every version currently held that is laid
        out as the index's key function expects (from ``layout_since`` on: older
        versions, still held for older snapshots, are laid out differently)."""
        key_of = index.key_of
        index.since = since = self.layout_since
        for key, chain in self.chains.items():
            # (a settled row is of the current layout: see module docstring)
            for version, row in pairs(chain) if type(chain) is Versions else ((since, chain),):
                if row is not None and version >= since:
                    ikey = key_of(row)
                    if ikey is not None:
                        index.add(ikey, key)
        self.indexes[index.index_id] = index

    def copy(self) -> TableStore:
        """An independent copy sharing the immutable chains and rows (a replica's snapshot)."""
        twin = TableStore(self.table_id)
        twin.chains = self.chains.copy()
        twin.keys = copy_sorted_list(self.keys)
        twin.indexes = {index_id: index.copy() for index_id, index in self.indexes.items()}
        twin.next_rowid = self.next_rowid
        twin.layout_since = self.layout_since
        return twin

    def drop_index(self, index_id: int) -> None:
        self.indexes.pop(index_id, None)


def share(stores: dict[int, TableStore]) -> dict[int, TableStore]:
    """A new dict of the same stores, each with one more holder (read-only until copied)."""
    with _SHARING:
        for store in stores.values():
            store.holders += 1
    return stores.copy()


def release(stores: Iterable[TableStore]) -> None:
    """A holder lets go of ``stores`` (a dropped table, a replaced replica)."""
    with _SHARING:
        for store in stores:
            store.holders -= 1


def take_private(store: TableStore) -> TableStore:
    """``store`` itself if its caller is its only holder, else a private copy (and the
    caller stops holding the shared one).  The copy is made before the count drops, so
    another holder that finds itself alone afterwards never writes during the copy."""
    if store.holders == 1:
        return store
    twin = store.copy()
    with _SHARING:
        store.holders -= 1
    return twin

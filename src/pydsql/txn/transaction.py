"""A transaction: a snapshot to read, a buffer of writes, and what COMMIT must check.

DSQL's model (reference section 1), which this module implements:

* **Snapshot isolation.**  A transaction reads the committed state as of its
  snapshot version (taken at BEGIN) overlaid with its own writes.  Nothing it
  writes is visible to anyone else before COMMIT.
* **Buffered writes.**  INSERT/UPDATE/DELETE only change the buffer
  (:class:`TableWrites`, one per table: primary key -> new row, ``None`` for a
  deletion).  ROLLBACK drops the buffer; COMMIT hands it to the cluster, which
  asks the resolver and, if there is no conflict, installs it as one new
  version.
* **Statement atomicity.**  Each statement runs between
  :meth:`Transaction.begin_statement` and :meth:`end_statement`; every buffer
  change records its previous state in an undo log, and
  :meth:`rollback_statement` replays it backwards, so a failed statement
  leaves no trace.
* **Footprint.**  :meth:`footprint` turns the buffer into resolver entries
  (see :mod:`.footprint`).
* **Locking reads.**  DSQL takes no locks: ``SELECT ... FOR UPDATE / FOR KEY
  SHARE`` and the implicit FOR KEY SHARE of a foreign-key check only record
  the rows they read (:meth:`lock`, per table: primary key -> strongest mode)
  so that COMMIT claims them; a lock never changes what anyone reads.  Locks
  are undone with their statement like writes.

Reads of a table with pending writes merge the committed rows with the
buffer in key order; data-modifying statements materialize their input
before writing (so a statement never sees its own changes).
"""

from __future__ import annotations

import enum
import itertools
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import errors
from ..catalog import Catalog, CatalogObject, Index, Table
from .quotas import DEFAULT_QUOTAS, Quotas, check_row, format_size
from ..storage.mvcc import Row, TableStore, Versions, batches_of, visible
from .footprint import (
    KIND_DATA,
    KIND_SCHEMA,
    MODE_EXCLUSIVE,
    MODE_SCHEMA_READ,
    FINGERPRINT_MASK,
    fingerprint,
    name_key,
    schema_key,
)
from .layout import TableLayout, layout_of

if TYPE_CHECKING:
    from ..cluster.replica import Replica, SchemaView

_ABSENT: Any = object()
_LOCK: Any = object()  # an undo entry of a locking read
_MOVE: Any = object()  # an undo entry noting that a row moved to another key (a primary-key update)
_UNSET: Any = object()  # an argument not given (None is a value)


class Change(NamedTuple):
    """One row changed by a statement: its key now, its state before and now (None: absent)."""

    table: Table
    key: bytes
    before: Row | None
    after: Row | None


class TxnState(enum.Enum):
    ACTIVE = "active"
    FAILED = "failed"  # an error happened: only ROLLBACK (or COMMIT, which rolls back) is accepted
    DONE = "done"


class TableWrites:
    """A transaction's pending changes to one table.

    Kept small, since a bulk load holds one entry per row until COMMIT: per
    written key one ``rows`` entry, plus a ``modes`` entry only when the key's
    footprint mode is not EXCLUSIVE (the mode of inserts and deletes, by far
    the most numerous: :meth:`mode`).  The size quota needs no per-key entry
    either: ``size`` is the running sum of ``check_row(quotas, key, row)`` over ``rows``
    (a write's estimated size is a function of its key and row, and rows are
    immutable), kept by :meth:`set`, the only mutation of ``rows``.
    """

    __slots__ = ("table", "layout", "rows", "modes", "unique_keys", "size", "quotas", "locks")

    def __init__(self, table: Table, quotas: Quotas) -> None:
        self.table = table
        self.layout: TableLayout = layout_of(table)
        self.rows: dict[bytes, Row | None] = {}  # primary key -> new row (None: deleted)
        #: primary key -> strongest footprint mode, for the keys of ``rows`` whose mode is not EXCLUSIVE
        self.modes: dict[bytes, int] = {}
        self.size = 0  # estimated bytes of the rows' latest writes (the size quota): see above
        self.quotas = quotas  # check_row(quotas, key, row or None): a write's estimated bytes
        self.locks: dict[bytes, int] = {}  # primary key -> strongest mode of a locking read
        # unique index id -> index key -> primary key of the buffered row holding it
        self.unique_keys: dict[int, dict[bytes, bytes]] = {
            index.index_id: {} for index, _ in self.layout.unique_checks
        }

    def mode(self, key: bytes) -> int:
        """The strongest footprint mode of the buffered write of ``key`` (a key of ``rows``)."""
        return self.modes.get(key, MODE_EXCLUSIVE)

    def set(self, key: bytes, row: Row | None | Any, size: int | None = None, old: Any = _UNSET) -> None:
        """The only mutation of the buffer (``_ABSENT`` removes the key); ``size``:
        ``check_row(quotas, key, row)`` and ``old``: ``rows.get(key, _ABSENT)``, when the caller has
        them already."""
        if old is _UNSET:
            old = self.rows.get(key, _ABSENT)
        if old is not _ABSENT:
            self.size -= check_row(self.quotas, key, old)
            if old is not None:
                for index, unique_key in self.layout.unique_checks:
                    m = self.unique_keys[index.index_id]
                    ikey = unique_key(old)
                    if ikey is not None and m.get(ikey) == key:
                        del m[ikey]
        if row is _ABSENT:
            self.rows.pop(key, None)
            return
        self.rows[key] = row
        self.size += check_row(self.quotas, key, row) if size is None else size
        if row is not None:
            for index, unique_key in self.layout.unique_checks:
                ikey = unique_key(row)
                if ikey is not None:
                    self.unique_keys[index.index_id][ikey] = key


class Transaction:
    """One transaction of one session (see module docstring)."""

    def __init__(
        self, replica: Replica, serial: int, snapshot: int, catalog: Catalog, *, read_only: bool = False,
        quotas: Quotas = DEFAULT_QUOTAS, region: str = "",
    ) -> None:
        self.replica: Replica | SchemaView = replica  # a SchemaView once its DDL changed the schema
        self.region = region  # the region whose endpoint runs it (its replica is ``replica``)
        self.quotas = quotas  # the cluster's limits (see pydsql.txn.quotas)
        self.serial = serial
        self.snapshot = snapshot
        self.catalog = catalog  # the schema this transaction sees (its own DDL included)
        self.read_only = read_only
        self.state = TxnState.ACTIVE
        self.writes: dict[int, TableWrites] = {}
        self.has_dml = False  # a data-modifying statement ran (DSQL forbids DDL with DML)
        self.ddl: list[tuple[str, CatalogObject | None, CatalogObject | None]] = []  # (kind, before, after)
        # per statement: (buffer, key, previous row, previous mode) of a write, or
        # (buffer, key, _LOCK, previous lock mode) of a locking read
        self._undo: list[tuple[TableWrites, bytes, Any, Any]] | None = None
        #: what the cluster does once this transaction committed (submit or cancel jobs)
        self.on_commit: list[Callable[[], None]] = []
        #: checks of deferred constraints, run at COMMIT (opaque to this layer; see sql.foreign_keys)
        self.deferred: list[Any] = []
        self._deferred_mark = 0
        #: SET CONSTRAINTS: constraint oid -> deferred, and the ALL setting (None: as declared)
        self.constraint_modes: dict[int, bool] = {}
        self.all_constraints_deferred: bool | None = None

    # -- reads -----------------------------------------------------------------

    def store(self, table: Table) -> TableStore:
        return self.replica.store(table.table_id)

    def get(self, table: Table, key: bytes) -> Row | None:
        tw = self.writes.get(table.table_id)
        if tw is not None:
            row = tw.rows.get(key, _ABSENT)
            if row is not _ABSENT:
                return row  # type: ignore[no-any-return]
        return self.replica.store(table.table_id).get(key, self.snapshot)

    def get_many(self, table: Table, keys: Iterable[bytes]) -> Iterator[tuple[bytes, Row]]:
        """``(key, row)`` for those of ``keys`` visible to this transaction (own writes
        included), in the order given: :meth:`get` for many keys, the store and snapshot
        looked up once."""
        table_id = table.table_id
        writes = self.writes
        chains = self.replica.store(table_id).chains
        snapshot = self.snapshot
        for key in keys:
            tw = writes.get(table_id)  # per key: the consumer may write between two rows
            if tw is not None:
                own = tw.rows.get(key, _ABSENT)
                if own is not _ABSENT:
                    if own is not None:
                        yield key, own
                    continue
            chain = chains.get(key)
            if chain is None:
                continue
            row = chain if type(chain) is not Versions else chain[-1] if chain[-2] <= snapshot else visible(chain, snapshot)
            if row is not None:
                yield key, row

    def items(
        self,
        table: Table,
        lo: bytes | None = None,
        hi: bytes | None = None,
        inclusive: tuple[bool, bool] = (True, True),
        reverse: bool = False,
    ) -> Iterator[tuple[bytes, Row]]:
        """Visible ``(primary key, row)`` pairs in key order (own writes included)."""
        committed = self.replica.store(table.table_id).items(self.snapshot, lo, hi, inclusive, reverse)
        tw = self.writes.get(table.table_id)
        if tw is None or not tw.rows:
            return committed
        pending = [k for k in tw.rows if _in_range(k, lo, hi, inclusive)]
        pending.sort(reverse=reverse)
        return _merge(committed, pending, tw.rows, reverse)

    def rows(self, table: Table) -> Iterator[Row]:
        """Visible rows in key order (a full scan), own writes included."""
        tw = self.writes.get(table.table_id)
        if tw is None or not tw.rows:
            return self.replica.store(table.table_id).rows(self.snapshot)
        return map(operator.itemgetter(1), self.items(table))

    def row_batches(self, table: Table) -> Iterator[list[Row]]:
        """:meth:`rows` in lists of growing size (see :func:`~pydsql.storage.mvcc.batches_of`)."""
        tw = self.writes.get(table.table_id)
        if tw is None or not tw.rows:
            return self.replica.store(table.table_id).row_batches(self.snapshot)
        return batches_of(map(operator.itemgetter(1), self.items(table)))

    def rows_by_keys(self, table: Table, keys: Iterable[bytes]) -> Iterator[tuple[bytes, Row]]:
        """Visible rows for each key of ``keys`` (absent keys skipped, duplicates once)."""
        seen: set[bytes] = set()
        for key in keys:
            if key in seen:
                continue
            seen.add(key)
            row = self.get(table, key)
            if row is not None:
                yield key, row

    # -- uniqueness ---------------------------------------------------------------

    def unique_violation(self, table: Table, key: bytes, row: Row) -> Index | None:
        """The unique index (other than the primary key) that ``row`` would violate.

        Checked against the snapshot and this transaction's own writes, as
        DSQL does; a concurrent transaction writing the same unique key is
        caught at COMMIT through the unique key's footprint entry.
        """
        layout = layout_of(table)
        if not layout.unique_checks:
            return None
        tw = self.writes.get(table.table_id)
        store = self.replica.store(table.table_id)
        for index, unique_key in layout.unique_checks:
            ikey = unique_key(row)
            if ikey is None:
                continue
            if tw is not None:
                holder = tw.unique_keys[index.index_id].get(ikey)
                if holder is not None and holder != key:
                    return index
            for pk in store.indexes[index.index_id].lookup(ikey):
                if pk == key or (tw is not None and pk in tw.rows):
                    continue  # own writes were checked above
                other = store.get(pk, self.snapshot)
                if other is not None and unique_key(other) == ikey:
                    return index
        return None

    def conflicting_key(self, table: Table, key: bytes, row: Row, index: Index) -> bytes | None:
        """The key of a visible row that ``row`` (to be stored under ``key``) duplicates in
        ``index`` (the primary key or a unique index), or None: what ON CONFLICT arbitrates on."""
        if index.primary:
            return key if self.get(table, key) is not None else None
        layout = layout_of(table)
        for checked, unique_key in layout.unique_checks:
            if checked.index_id != index.index_id:
                continue
            ikey = unique_key(row)
            if ikey is None:
                return None
            tw = self.writes.get(table.table_id)
            if tw is not None:
                holder = tw.unique_keys[index.index_id].get(ikey)
                if holder is not None and holder != key:
                    return holder
            store = self.replica.store(table.table_id)
            for pk in store.indexes[index.index_id].lookup(ikey):
                if pk == key or (tw is not None and pk in tw.rows):
                    continue
                other = store.get(pk, self.snapshot)
                if other is not None and unique_key(other) == ikey:
                    return pk
        return None

    # -- writes ---------------------------------------------------------------------

    def _buffer(self, table: Table) -> TableWrites:
        tw = self.writes.get(table.table_id)
        if tw is None:
            tw = self.writes[table.table_id] = TableWrites(table, self.quotas)
        elif tw.table is not table:
            tw.table = table  # same table id, catalog object of this transaction
        return tw

    def lock(self, table: Table, key: bytes, mode: int) -> None:
        """Claim the row stored under ``key`` at COMMIT with ``mode`` (a locking read)."""
        tw = self._buffer(table)
        old = tw.locks.get(key)
        if old is not None and old <= mode:
            return  # already claimed at least as strongly (EXCLUSIVE (0) is strongest)
        if self._undo is not None:
            self._undo.append((tw, key, _LOCK, _ABSENT if old is None else old))
        tw.locks[key] = mode

    def write(self, table: Table, key: bytes, row: Row | None, mode: int) -> None:
        """Buffer ``row`` (``None``: delete) as the new state of ``key``."""
        size = check_row(self.quotas, key, row)  # key, column and row sizes: 54000 at the write
        tw = self.writes.get(table.table_id)
        if tw is None or tw.table is not table:
            tw = self._buffer(table)
        modes = tw.modes
        previous = tw.rows.get(key, _ABSENT)
        old_mode = modes.get(key) if modes else None  # None: not written yet, or written EXCLUSIVE
        if self._undo is not None:
            self._undo.append((tw, key, previous, _ABSENT if old_mode is None else old_mode))
        tw.set(key, row, size, previous)
        # the strongest mode (EXCLUSIVE (0) is strongest), stored only when not EXCLUSIVE (see TableWrites)
        if mode == MODE_EXCLUSIVE:
            if old_mode is not None:
                del modes[key]
        elif old_mode is not None:
            if mode < old_mode:
                modes[key] = mode
        elif previous is _ABSENT:
            modes[key] = mode

    def note_move(self, table: Table, old_key: bytes, new_key: bytes) -> None:
        """Record that the row under ``old_key`` now lives under ``new_key`` (a primary-key
        update), so that :meth:`changes_since` reports an update rather than delete + insert."""
        if self._undo is not None:
            self._undo.append((self._buffer(table), old_key, _MOVE, new_key))

    def undo_mark(self) -> int:
        """A position in the current statement's undo log (for :meth:`changes_since`)."""
        return len(self._undo) if self._undo is not None else 0

    def changes_since(self, mark: int) -> list[Change]:
        """The rows the current statement wrote after ``mark``, each once, in first-write
        order: their state at ``mark`` and now.  A moved row is one change (at its new key)."""
        undo = self._undo
        if not undo or mark >= len(undo):
            return []
        first: dict[tuple[int, bytes], tuple[TableWrites, Any]] = {}
        moves: dict[tuple[int, bytes], bytes] = {}
        for tw, key, row, mode in undo[mark:]:
            if row is _LOCK:
                continue
            if row is _MOVE:
                moves[(tw.table.table_id, key)] = mode
                continue
            first.setdefault((tw.table.table_id, key), (tw, row))
        moved_to = {(tid, new): old for (tid, old), new in moves.items()}
        out: list[Change] = []
        for (table_id, key), (tw, previous) in first.items():
            if (table_id, key) in moves:
                continue  # reported at the key it moved to
            origin = moved_to.get((table_id, key))
            if origin is not None:
                previous = first.get((table_id, origin), (tw, _ABSENT))[1]
                before = self._state(tw, origin, previous)
            else:
                before = self._state(tw, key, previous)
            after = tw.rows.get(key, _ABSENT)
            if after is _ABSENT:
                after = self.replica.store(table_id).get(key, self.snapshot)
            if before is None and after is None:
                continue
            out.append(Change(tw.table, key, before, after))
        return out

    def _state(self, tw: TableWrites, key: bytes, buffered: Any) -> Row | None:
        if buffered is _ABSENT:  # not in the buffer then: the snapshot's row
            return self.replica.store(tw.table.table_id).get(key, self.snapshot)
        return buffered  # type: ignore[no-any-return]

    def find_unique(self, table: Table, index: Index, ikey: bytes) -> bytes | None:
        """The primary key of the visible row holding ``ikey`` in the unique ``index``, or None."""
        tw = self.writes.get(table.table_id)
        if tw is not None:
            holder = tw.unique_keys.get(index.index_id, {}).get(ikey)
            if holder is not None:
                return holder
        unique_key = next((f for i, f in layout_of(table).unique_checks if i.index_id == index.index_id), None)
        if unique_key is None:
            return None
        store = self.replica.store(table.table_id)
        for pk in store.indexes[index.index_id].lookup(ikey):
            if tw is not None and pk in tw.rows:
                continue  # own writes were checked above
            other = store.get(pk, self.snapshot)
            if other is not None and unique_key(other) == ikey:
                return pk
        return None

    def next_rowid(self, table: Table) -> bytes:
        return self.replica.allocate_rowid(table.table_id)

    # -- statements -----------------------------------------------------------------

    def begin_statement(self) -> None:
        self._undo = []
        self._deferred_mark = len(self.deferred)

    def end_statement(self) -> None:
        self._undo = None

    def rollback_statement(self) -> None:
        """Undo every buffer change of the current statement."""
        undo = self._undo
        self._undo = None
        del self.deferred[self._deferred_mark:]
        if not undo:
            return
        for tw, key, row, mode in reversed(undo):
            if row is _MOVE:
                continue
            if row is _LOCK:
                if mode is _ABSENT:
                    tw.locks.pop(key, None)
                else:
                    tw.locks[key] = mode
                continue
            tw.set(key, row)
            if mode is _ABSENT:
                tw.modes.pop(key, None)
            else:
                tw.modes[key] = mode

    # -- DDL -------------------------------------------------------------------------

    def record_ddl(
        self, kind: str, before: CatalogObject | None, after: CatalogObject | None, catalog: Catalog
    ) -> None:
        self.ddl.append((kind, before, after))
        self.catalog = catalog
        # its reads see its own schema: the tables it created or re-laid (see SchemaView)
        self.replica = self.replica.as_changed_by(self.snapshot, catalog)

    # -- commit support ----------------------------------------------------------------

    def row_count(self) -> int:
        """Rows written or locked (DSQL counts both towards its per-transaction limit)."""
        return sum(len(tw.rows) + sum(1 for k in tw.locks if k not in tw.rows) for tw in self.writes.values())

    def check_row_quota(self) -> None:
        """DSQL's rows-per-transaction limit, checked after each statement (rows mutated or locked)."""
        n = 0
        for tw in self.writes.values():
            n += len(tw.rows)
            if tw.locks:  # rows only locked (FOR UPDATE...) count too
                n += len(tw.locks.keys() - tw.rows.keys())
        if n > self.quotas.transaction_rows:
            raise errors.ProgramLimitExceeded("transaction row limit exceeded")

    def check_size_quota(self) -> None:
        """DSQL's bytes-per-transaction limit, checked at COMMIT (estimated sizes)."""
        limit = self.quotas.transaction_bytes
        total = 0
        for tw in self.writes.values():
            total += tw.size  # the rows' latest writes
        if total > limit:
            raise errors.ProgramLimitExceeded(f"transaction size limit {format_size(limit)} exceeded")

    def footprint(self) -> tuple[array[int], bytearray, bytearray]:
        """Resolver entries ``(fingerprints, modes, kinds)`` for this transaction.

        Compact buffers (``array('Q')``, one byte per mode and kind), which the
        native resolver reads in place: a footprint costs 10 bytes per entry,
        not an int object and three list slots."""
        fps: array[int] = array("Q")
        modes = bytearray()
        kinds = bytearray()
        add_fp, add_mode, add_kind = fps.append, modes.append, kinds.append
        snapshot = self.snapshot
        for table_id, tw in self.writes.items():
            if not tw.rows and not tw.locks:
                continue
            for key, mode in tw.locks.items():
                add_fp(fingerprint(table_id, key))
                add_mode(mode)
                add_kind(KIND_DATA)
            get = None  # the store's, when a row needs the one it replaces
            unique = tw.layout.unique_checks
            tw_modes = tw.modes  # only the modes other than EXCLUSIVE (see TableWrites)
            for key, row in tw.rows.items():
                # the row this write replaces matters for a deletion and for unique keys only
                if row is None or unique:
                    if get is None:
                        get = self.replica.store(table_id).get
                    before = get(key, snapshot)
                else:
                    before = None
                if before is None and row is None:
                    continue  # inserted and deleted again: nothing to claim
                add_fp(hash((table_id, key)) & FINGERPRINT_MASK)  # fingerprint(table_id, key) inline: one per row
                add_mode(tw_modes.get(key, MODE_EXCLUSIVE))
                add_kind(KIND_DATA)
                for index, unique_key in unique:
                    old_ikey = unique_key(before) if before is not None else None
                    new_ikey = unique_key(row) if row is not None else None
                    if old_ikey == new_ikey:
                        continue
                    for ikey in (old_ikey, new_ikey):
                        if ikey is not None:
                            add_fp(fingerprint(index.index_id, ikey))
                            add_mode(MODE_EXCLUSIVE)
                            add_kind(KIND_DATA)
            add_fp(schema_key(table_id))
            add_mode(MODE_SCHEMA_READ)
            add_kind(KIND_SCHEMA)
        for _kind, old_table, new_table in self.ddl:
            for changed in (old_table, new_table):
                if changed is not None:
                    fps.extend((schema_key(changed.table_id), name_key(changed.schema, changed.name)))
                    modes.extend((MODE_EXCLUSIVE, MODE_EXCLUSIVE))
                    kinds.extend((KIND_SCHEMA, KIND_SCHEMA))
        return fps, modes, kinds


class StatementStart(Transaction):
    """A transaction as its current statement reads it: as of the statement's start.

    PostgreSQL runs every read of a statement against one snapshot taken when
    the statement starts: a data-modifying statement's subqueries (in
    RETURNING, UPDATE's SET, ON CONFLICT DO UPDATE) and the statements of its
    data-modifying WITH queries never see what the statement itself wrote,
    while the writing machinery (unique checks, ON CONFLICT arbitration,
    foreign keys) sees everything.  This view gives the first: its reads
    (:meth:`get`, :meth:`items`, :meth:`rows`..., and the buffer through
    :attr:`writes`) leave out the changes made since it was created; every
    other method and attribute is its transaction's (writes and locking reads
    go to the transaction itself).

    Only statements that read after writing make one (a plan-time decision:
    ``ExecContext.at_statement_start``), so plain statements pay nothing.
    """

    def __init__(self, txn: Transaction) -> None:  # a view: Transaction.__init__ is not called
        self.transaction = txn
        self.replica = txn.replica
        self.snapshot = txn.snapshot
        self.writes = _WritesAt(txn, txn.undo_mark())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transaction, name)  # catalog, read_only, deferred...


#: the methods a :class:`StatementStart` answers itself (they read ``writes``); it hands the others to its transaction
_STATEMENT_READS = frozenset({"store", "get", "get_many", "items", "rows", "row_batches", "rows_by_keys"})


def _delegated(name: str) -> Callable[..., Any]:
    def method(self: StatementStart, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.transaction, name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name, _member in list(vars(Transaction).items()):
    if callable(_member) and not _name.startswith("__") and _name not in _STATEMENT_READS:
        setattr(StatementStart, _name, _delegated(_name))


class _WritesAt(dict[int, TableWrites]):
    """A transaction's ``writes`` as of an undo-log position: a table the statement has
    written since is read from a copy of its buffer with those writes undone (made once,
    the first time the table is read after the statement wrote it: later writes leave the
    copy as it is); any other table's buffer is read as it is."""

    def __init__(self, txn: Transaction, mark: int) -> None:
        super().__init__()
        self._txn = txn
        self._seen = mark  # the undo entries before this position are in ``_before``
        #: table id -> key -> the key's buffered state at the mark (``_ABSENT``: not buffered)
        self._before: dict[int, dict[bytes, Any]] = {}

    def get(self, table_id: int, default: Any = None) -> Any:
        frozen = super().get(table_id)
        if frozen is not None:
            return frozen
        undo = self._txn._undo
        if undo is not None and len(undo) > self._seen:
            before = self._before
            for tw, key, row, _ in itertools.islice(undo, self._seen, None):
                if row is not _LOCK and row is not _MOVE:
                    before.setdefault(tw.table.table_id, {}).setdefault(key, row)
            self._seen = len(undo)
        live = self._txn.writes.get(table_id, default)
        changed = self._before.get(table_id)
        if changed is None or live is None:
            return live  # not written since the mark: its buffer is as it was then
        rows = dict(live.rows)
        for key, row in changed.items():
            if row is _ABSENT:
                rows.pop(key, None)
            else:
                rows[key] = row
        frozen = TableWrites(live.table, live.quotas)
        frozen.rows = rows
        self[table_id] = frozen
        return frozen


def _in_range(key: bytes, lo: bytes | None, hi: bytes | None, inclusive: tuple[bool, bool]) -> bool:
    if lo is not None and (key < lo or (key == lo and not inclusive[0])):
        return False
    if hi is not None and (key > hi or (key == hi and not inclusive[1])):
        return False
    return True


def _merge(
    committed: Iterator[tuple[bytes, Row]], pending: list[bytes], rows: dict[bytes, Row | None], reverse: bool
) -> Iterator[tuple[bytes, Row]]:
    """Committed pairs overlaid with the buffer, both in (reverse) key order."""
    nxt = next(committed, None)
    for key in pending:
        while nxt is not None and ((nxt[0] > key) if reverse else (nxt[0] < key)):
            yield nxt
            nxt = next(committed, None)
        if nxt is not None and nxt[0] == key:
            nxt = next(committed, None)  # replaced by the buffer
        row = rows[key]
        if row is not None:
            yield key, row
    while nxt is not None:
        yield nxt
        nxt = next(committed, None)

"""The cluster: one logical database, its commit path, and the connections to it.

Every transaction of every connection goes through one :class:`Cluster`:

* :meth:`Cluster.begin` takes a snapshot in the connection's region: the
  newest acknowledged commit version, which the region's replica first
  applies (strong consistency), and registers it as live, so garbage
  collection keeps what the snapshot can see.
* :meth:`Cluster.commit` is the commit protocol, atomic with respect to every
  other connection and thread (it runs under the cluster lock, released only
  while it waits for the simulated network):

  1. one round trip to the nearest quorum (``latency``; zero by default),
     then the checks that the region still reaches a quorum (else a
     retryable 40001) and has applied the whole log;
  2. the transaction's footprint goes to the one resolver of the cluster,
     which either refuses (a conflicting commit happened after the snapshot,
     in any region: SQLSTATE 40001, OC000 for data or OC001 for schema) or
     assigns the next commit version;
  3. the writes and any new catalog become a log entry, delivered to every
     participant the region reaches (a quorum: see :mod:`.regions`), applied
     by the committing region at once and by the others when they next read;
  4. the version is published: transactions that begin from now on, in any
     region, see it; a second round trip and the commit is acknowledged.

  Because publishing follows delivery, no reader ever sees part of a commit,
  and an acknowledged commit is held by a quorum, so no outage that leaves a
  quorum loses it.  Before step 2, a commit may be refused by an injected
  conflict (``cluster.faults``, see :mod:`.faults`); the resolver never hears
  of an injected refusal.
* :meth:`Cluster.fail_region`, :meth:`Cluster.recover_region`,
  :meth:`Cluster.partition` and :meth:`Cluster.heal` change the network.
* :meth:`Cluster.stats` counts commits, conflicts, rollbacks, commit latency
  and each region's applied log position (see :mod:`.stats`).
* Garbage collection runs after commits and rollbacks with the oldest live
  snapshot, in any region, as its horizon.
* :meth:`Cluster.clone`, :meth:`Cluster.snapshot` and :meth:`Cluster.restore`
  copy the committed state in O(tables), whatever the number of rows: the
  new replicas share the source's table stores copy-on-write (see
  :mod:`.replica` and ``docs/testing.md``).

Thread safety: the cluster lock (an ``RLock``) serializes statements and
commits of all connections, like SQLite's database lock; Python's GIL would
serialize the work anyway, and this keeps every structure single-writer.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .. import errors
from .._native import COMMITTED, TOO_OLD, open_resolver
from ..catalog import Catalog, interned
from ..sequences import SequenceValues
from ..txn.quotas import DEFAULT_QUOTAS, Quotas
from ..txn.footprint import KIND_SCHEMA, MODE_EXCLUSIVE, schema_key
from ..txn.transaction import Transaction, TxnState
from .clock import Clock
from .faults import OC000, OC001, Faults
from .jobs import Job, JobRunner
from .regions import DEFAULT_LOG_WINDOW, Participant, Region, Topology, Witness, catch_up, deliver
from .replica import LogEntry, Replica
from .stats import ClusterStats

if TYPE_CHECKING:
    from ..dbapi import Connection


# Prune the resolver's history every this many commits (pruning rebuilds its table), or
# sooner when commits have added this many fingerprints since (a bulk load's history is
# otherwise kept for the next thousand commits).
_RESOLVER_PRUNE_INTERVAL = 1024
_RESOLVER_PRUNE_GROWTH = 65536

_DONE = TxnState.DONE  # a module name: an enum member's lookup costs about 0.3 us, and every commit asks


class Cluster:
    """An in-process DSQL cluster: the database every connection to it shares.

    ``pydsql.connect()`` creates a private single-region cluster per call;
    create one explicitly to open several connections to the same database::

        cluster = pydsql.Cluster()
        a = cluster.connect()
        b = cluster.connect()

    A multi-region cluster has peered regions and a witness (see
    :mod:`.regions` and ``docs/regions.md``)::

        cluster = pydsql.Cluster(regions=["us-east-1", "us-east-2"], witness="us-west-2",
                                 latency=0.025, clock=pydsql.FixedClock())
        east = cluster.connect(region="us-east-1")
        west = cluster.connect(region="us-east-2")

    ``latency`` is one-way, in seconds, for every pair of participants or per
    pair (``{("us-east-1", "us-east-2"): 0.03, ...}``); it is paid at COMMIT
    only, on the cluster's ``clock`` (a :class:`~pydsql.FixedClock` advances
    instead of sleeping).  The witness keeps the newest ``log_window`` entries.
    """

    __module__ = "pydsql"

    def __init__(
        self,
        *,
        regions: Sequence[str] | None = None,
        witness: str | None = None,
        latency: float | Mapping[tuple[str, str], float] = 0.0,
        log_window: int = DEFAULT_LOG_WINDOW,
        clock: Clock | None = None,
        jobs: str = "eager",
        quotas: Quotas | None = None,
    ) -> None:
        # what a clone is built from (its topology configuration; the network state is fresh)
        self._settings: dict[str, Any] = {
            "regions": list(regions) if regions is not None and not isinstance(regions, str) else regions,
            "witness": witness, "latency": latency, "log_window": log_window, "jobs": jobs,
        }
        self.clock = clock if clock is not None else Clock()
        #: DSQL's limits (rows and bytes per transaction, key and row sizes, object counts...)
        self.quotas = quotas if quotas is not None else DEFAULT_QUOTAS
        #: background jobs (CREATE INDEX ASYNC); ``jobs`` says when they run (see :mod:`.jobs`)
        self.jobs = JobRunner(self, jobs)
        self.lock = threading.RLock()
        self._resolver = open_resolver(0)
        self._version = 0
        self._serials = itertools.count(1)
        self._object_ids = itertools.count(16384)  # like PostgreSQL's first user OID
        self._active: dict[int, Transaction] = {}  # transaction serial -> live transaction
        self._commits_since_prune = 0
        self._fingerprints_since_prune = 0
        self._rowids = itertools.count(1)  # hidden row ids are cluster-wide (every replica draws from it)
        self.topology = _topology(regions, witness, latency, log_window, self._rowids)
        #: Sequence counters: not transactional, outside every snapshot (see :mod:`pydsql.sequences`).
        self.sequence_values = SequenceValues()
        #: Faults on demand for application tests (see :mod:`pydsql.cluster.faults`).
        self.faults = Faults(self)
        self._counts: Counter[str] = Counter()  # ClusterStats integer field -> value
        self._latency_total = 0.0
        self._latency_max = 0.0
        self._sharing: weakref.finalize[Any, Any] | None = None  # see _track_sharing

    # -- regions and connections ---------------------------------------------------------

    @property
    def regions(self) -> list[str]:
        """The names of the peered regions (connect to any of them)."""
        return list(self.topology.regions)

    @property
    def witness(self) -> str | None:
        return self.topology.witness.name if self.topology.witness is not None else None

    def connect(self, *, region: str | None = None, autocommit: bool = False) -> Connection:
        """A new DB-API connection to ``region``'s endpoint (default: the first region).

        Raises :class:`pydsql.errors.SqlclientUnableToEstablishSqlconnection`
        (08001) when the region is down.
        """
        from ..dbapi import Connection

        target = self.endpoint(region)
        if not target.up:
            raise errors.SqlclientUnableToEstablishSqlconnection(
                f'could not connect to region "{target.name}": the region is unavailable'
            )
        return Connection(self, autocommit=autocommit, region=target.name)

    def endpoint(self, name: str | None = None) -> Region:
        """The region ``name`` (default: the first); its ``epoch`` changes whenever it fails,
        so a connection that remembers the epoch it opened in knows when it was lost."""
        return self.topology.region(name) if name is not None else next(iter(self.topology.regions.values()))

    def fail_region(self, name: str) -> None:
        """Take a region (or the witness) down, as in an outage.

        Its connections are lost (their open transactions roll back now; the
        next call raises 08006) and new ones are refused (08001); it receives
        no log entries.  The other participants go on if they still make a quorum.
        """
        with self.lock:
            if not self.topology.participant(name).up:
                return
            self.topology.set_up(name, False)
            for txn in [t for t in self._active.values() if t.region == name]:
                self._counts["rollbacks"] += 1
                self._finish(txn)

    def recover_region(self, name: str) -> None:
        """Bring a failed participant back.  A region catches up from the log (or a
        peer's replica) before it serves its first read; the witness only holds
        the entries that arrive from now on."""
        with self.lock:
            self.topology.set_up(name, True)

    def partition(self, side_a: str | Iterable[str], side_b: str | Iterable[str]) -> None:
        """Cut every network link between the participants of ``side_a`` and ``side_b``.

        Connections stay up (clients reach their own region's endpoint); a
        region left without a quorum keeps serving reads of what it has applied
        and fails commits with a retryable 40001 until :meth:`heal`.
        """
        with self.lock:
            self.topology.cut(_names(side_a), _names(side_b))

    def heal(self) -> None:
        """Restore every network link cut by :meth:`partition`."""
        with self.lock:
            self.topology.heal()

    # -- transactions ----------------------------------------------------------------

    @property
    def version(self) -> int:
        """The newest acknowledged commit version (the head of the commit log)."""
        return self._version

    @property
    def replica(self) -> Replica:
        """A replica with every acknowledged commit applied (jobs, tools, tests read it)."""
        topology = self.topology
        for region in topology.regions.values():
            if region.up and self._current(region, topology.reachable(region)):
                return region.replica
        raise self._no_quorum(next(iter(topology.regions.values())))

    def catalog_now(self) -> Catalog:
        """The schema as of the newest commit."""
        return self.replica.catalog_at(self._version)

    def allocate_id(self) -> int:
        """A new, never reused object id (tables, indexes, sequences)."""
        return next(self._object_ids)

    def begin(self, *, read_only: bool = False, region: str | None = None) -> Transaction:
        """Start a transaction in ``region`` (default: the first region).

        Its snapshot is the newest acknowledged commit, which the region
        first applies (strong consistency).  A region that cannot reach a
        quorum cannot know what it lacks: it serves what it has applied.
        """
        with self.lock:
            home = self.endpoint(region)
            reachable = self.topology.reachable(home)
            quorum = self.topology.has_quorum(home)
            if quorum and self.jobs.eager and self.jobs.pending:
                self.jobs.run_pending()
            if not self._current(home, reachable) and quorum:  # without a quorum: what it has applied
                raise errors.CannotConnectNow(
                    f'region "{home.name}" cannot serve yet: it is catching up with the log',
                    hint="The entries it lacks are held by a peer region it cannot reach.",
                )
            snapshot = home.applied
            serial = next(self._serials)
            replica = home.replica
            txn = Transaction(
                replica, serial, snapshot, replica.catalog_at(snapshot), read_only=read_only, quotas=self.quotas,
                region=home.name,
            )
            self._active[serial] = txn
            return txn

    def rollback(self, txn: Transaction) -> None:
        with self.lock:
            if txn.serial in self._active:
                self._counts["rollbacks"] += 1
            self._finish(txn)

    def commit(self, txn: Transaction) -> int:
        """Commit ``txn``; returns its commit version (the snapshot if it wrote nothing).

        Raises :class:`pydsql.errors.SerializationFailure` on a conflict, or
        when the transaction's region cannot reach a quorum.
        """
        with self.lock:
            try:
                if txn.serial not in self._active:  # its region failed meanwhile
                    raise errors.ConnectionFailure("connection to server was lost")
                fps, modes, kinds = txn.footprint()
                counts = self._counts
                if not fps:
                    counts["read_only_commits"] += 1
                    return txn.snapshot
                clock = self.clock
                started = clock.monotonic()
                faults = self.faults
                home = self.topology.regions[txn.region]
                try:
                    # one round trip to adjudicate (losers pay it too), with the lock released
                    round_trip = self.topology.round_trip(home)
                    if faults._latency or round_trip:
                        clock.wait(faults._latency + round_trip, self.lock)
                    if txn.serial not in self._active:
                        raise errors.ConnectionFailure("connection to server was lost")
                    reachable = self._writable(home)
                    if faults._rules:  # the common case has none: skip the call
                        rule = faults.firing_rule(txn)
                        if rule is not None:
                            counts["injected_oc001" if rule.code == "OC001" else "injected_oc000"] += 1
                            raise rule.error()
                    status, version, conflict = self._resolver.resolve(txn.snapshot, fps, modes)
                    if status == COMMITTED:
                        self._fingerprints_since_prune += len(fps)
                        # the buffers themselves (the transaction is over: they change no more), not copies
                        writes = [(table_id, tw.rows) for table_id, tw in txn.writes.items() if tw.rows]
                        catalog = interned(txn.catalog) if txn.ddl else None
                        # the oldest snapshot still readable once this transaction ends: when none is
                        # older than this commit, the versions it replaces can go as it is applied
                        horizon = min((t.snapshot for t in self._active.values() if t is not txn), default=version)
                        self._append(LogEntry(version, writes, catalog), home, reachable, horizon)
                        counts["commits"] += 1
                        for action in txn.on_commit:
                            action()
                        # Committed: nothing (a region failure included) can roll it back now.  The
                        # acknowledgement takes one more round trip, during which the entry becomes
                        # durable at the quorum; a region that fails meanwhile loses the connection
                        # at its next call, after the acknowledgement.
                        self._finish(txn, horizon)
                        if round_trip:
                            clock.wait(round_trip, self.lock)
                finally:
                    elapsed = clock.monotonic() - started
                    counts["commit_latency_count"] += 1
                    self._latency_total += elapsed
                    if elapsed > self._latency_max:
                        self._latency_max = elapsed
                if status != COMMITTED:
                    schema = status != TOO_OLD and kinds[conflict] == KIND_SCHEMA
                    counts["conflicts_oc001" if schema else "conflicts_oc000"] += 1
                    raise errors.SerializationFailure(OC001 if schema else OC000)
                return version
            finally:
                self._finish(txn)

    def publish_schema_change(self, table_id: int, catalog: Catalog) -> int:
        """Commit a catalog change made by the cluster itself (a finished index build).

        It goes through the resolver as a schema change of ``table_id``, so
        transactions that wrote the table from an older snapshot fail at
        COMMIT with OC001; it cannot conflict itself (its snapshot is the
        newest version, under the lock).
        """
        with self.lock:
            home = next((r for r in self.topology.regions.values() if self.topology.has_quorum(r)), None)
            if home is None:
                raise self._no_quorum(self.endpoint())
            reachable = self._writable(home)
            status, version, _ = self._resolver.resolve(self._version, [schema_key(table_id)], [MODE_EXCLUSIVE])
            assert status == COMMITTED, status
            self._append(LogEntry(version, [], interned(catalog)), home, reachable)
            self._collect()
            return version

    def run_jobs(self) -> None:
        """Run every pending background job to its end (see :mod:`.jobs`)."""
        self.jobs.run_pending()

    # -- the commit log ---------------------------------------------------------------

    def _current(self, region: Region, reachable: list[Participant]) -> bool:
        """Bring ``region`` to the head of the log from what ``reachable`` holds; whether it got there."""
        if region.applied != self._version:
            catch_up(region, reachable, self._version)
        return region.applied == self._version

    def _writable(self, home: Region) -> list[Participant]:
        """The participants a commit from ``home`` reaches, with ``home`` caught up to
        the head of the log; raises the retryable no-quorum error if they are too few."""
        reachable = self.topology.reachable(home)
        if not self.topology.has_quorum(home):
            self._counts["no_quorum"] += 1
            raise self._no_quorum(home)
        if not self._current(home, reachable):
            self._counts["rollbacks"] += 1
            raise errors.CannotConnectNow(f'region "{home.name}" cannot commit yet: it is catching up with the log')
        return reachable

    def _append(self, entry: LogEntry, home: Region, reachable: list[Participant], horizon: int = 0) -> None:
        """Deliver a resolved entry to the quorum and publish it (readers see it from now on).
        ``horizon``: no live or future snapshot is older (0: not known), as for ``Replica.apply``."""
        for region in deliver(entry, home, reachable, horizon):  # regions with a batch to apply
            catch_up(region, self.topology.reachable(region), entry.version)
        self._version = entry.version
        self._commits_since_prune += 1

    def _no_quorum(self, home: Region) -> errors.SerializationFailure:
        return errors.SerializationFailure(
            f'could not commit: region "{home.name}" cannot reach a quorum of the cluster (OC000)',
            hint="The transaction was rolled back; retry it when the region is reachable again.",
        )

    def _finish(self, txn: Transaction, horizon: int | None = None) -> None:
        """``txn`` is over; garbage collection follows.  ``horizon``: the oldest snapshot still
        readable without ``txn``, when the caller has it (any older value is safe: snapshots
        only move forward)."""
        txn.state = _DONE
        if self._active.pop(txn.serial, None) is not None:
            self._collect(horizon)

    def _collect(self, horizon: int | None = None) -> None:
        if horizon is None:
            horizon = min((t.snapshot for t in self._active.values()), default=self._version)
        for region in self.topology.regions.values():
            region.replica.collect(horizon)
        if self._commits_since_prune >= _RESOLVER_PRUNE_INTERVAL or self._fingerprints_since_prune >= _RESOLVER_PRUNE_GROWTH:
            self._resolver.prune(horizon)
            self._commits_since_prune = self._fingerprints_since_prune = 0

    # -- clones, snapshots, restores ---------------------------------------------------------

    def clone(self) -> Cluster:
        """A new, independent cluster holding this one's committed state, in O(tables).

        The clone has the same regions, witness, latency, log window, quotas
        and jobs mode, a fresh network (every participant up, no partition),
        fresh faults and statistics, no connections, and the same data,
        schema, sequence positions, ``sys.jobs`` history and id counters.
        Its replicas share this cluster's table stores copy-on-write: the
        first write to a table, on either side, copies that table's
        containers (not its rows), so a clone of 10,000 rows costs what a
        clone of an empty database costs until it is written.

        Transactions open on this cluster are allowed: the clone takes the
        newest committed state (what a transaction beginning now would see).
        Pending index builds are run first (``jobs="eager"``); with
        ``jobs="manual"`` they must be run (``cluster.run_jobs()``) first.

        The clock: a :class:`~pydsql.FixedClock` or a seeded clock is copied
        (same time, same random state: clones are deterministic); the real
        clock is shared.  Prepared statements are shared too, as by every
        database of the process with the same schema (see :mod:`pydsql.session`).
        """
        state = self._capture()
        twin = Cluster(clock=self.clock.fork(), quotas=self.quotas, **self._settings)
        twin._install(state, state.version, adopt=True)
        twin._track_sharing()
        return twin

    def snapshot(self) -> ClusterSnapshot:
        """An immutable handle on the committed state, for :meth:`restore` (O(tables))."""
        return ClusterSnapshot(self._capture())

    def restore(self, snapshot: ClusterSnapshot) -> None:
        """Make ``snapshot``'s state the cluster's committed state (O(tables)).

        No transaction may be open (commit or roll them back first).  Open
        connections stay open; their next transaction sees the restored state.
        The restored state gets a new commit version, above every version
        this cluster (or the snapshot) has had: versions only ever grow.
        Sequences return to the snapshot's positions (values a session
        reserved before the restore are dropped), ``sys.jobs`` to the
        snapshot's history (pending jobs are discarded); faults, statistics and
        the network are kept.  A snapshot may be restored any number of times,
        into its own cluster or into a clone of it.
        """
        if not isinstance(snapshot, ClusterSnapshot):
            raise errors.ProgrammingError(f"restore() needs a ClusterSnapshot, not {type(snapshot).__name__}")
        with self.lock:
            if self._active:
                raise errors.ProgrammingError(
                    f"cannot restore the cluster: {len(self._active)} transaction(s) are open on it; "
                    "commit or roll them back first"
                )
            state = snapshot._state
            self._install(state, max(self._version, state.version) + 1)

    def _track_sharing(self) -> None:
        """Once this cluster shares stores: when it is garbage, they lose a holder (the
        other holders may then write them in place again)."""
        if self._sharing is None:
            self._sharing = weakref.finalize(self, _release_replicas, self.topology)
            self._sharing.atexit = False

    def _capture(self) -> _State:
        """The committed state at a quiescent point, sharing this cluster's stores."""
        self._track_sharing()
        with self.lock:
            if self.jobs.pending:
                if not self.jobs.eager:
                    raise errors.ProgrammingError(
                        "the cluster has pending jobs (jobs='manual'): "
                        "run cluster.run_jobs() before cloning or snapshotting it"
                    )
                self.jobs.run_pending()
            source = self.replica  # a region caught up with the head of the log
            self._collect()  # one version per key when no transaction is live
            # id counters: the clone continues from the same positions, independently
            object_ids = next(self._object_ids)
            self._object_ids = itertools.count(object_ids)
            rowids = next(self._rowids)
            self._set_rowids(itertools.count(rowids))
            return _State(
                version=self._version,
                replica=source.share(itertools.count(rowids)),
                sequences=self.sequence_values.copy(),
                jobs=tuple(replace(job) for job in self.jobs.jobs.values() if job.finished),
                object_ids=object_ids,
                rowids=rowids,
            )

    def _install(self, state: _State, version: int, *, adopt: bool = False) -> None:
        """Replace every replica by a copy-on-write twin of ``state`` applied up to ``version``
        (the caller holds the lock or owns the cluster).  ``adopt``: ``state`` is used once
        (a clone), so the first region takes its replica itself instead of a twin of it."""
        self._object_ids = itertools.count(max(next(self._object_ids), state.object_ids))
        self._set_rowids(itertools.count(max(next(self._rowids), state.rowids)))
        for i, region in enumerate(self.topology.regions.values()):
            region.replica.release()
            if adopt and i == 0:
                replica = state.replica
                replica._rowids = self._rowids
            else:
                replica = state.replica.share(self._rowids)
            replica.applied = version
            region.replica = replica
            region.held.clear()
        if self.topology.witness is not None:
            self.topology.witness.held.clear()  # entries of the replaced history
        self._version = version
        self._resolver = open_resolver(version)  # no snapshot older than ``version`` exists
        self._commits_since_prune = self._fingerprints_since_prune = 0
        self.sequence_values = state.sequences.copy()
        self.jobs.jobs = {job.job_id: replace(job) for job in state.jobs}
        self.jobs._pending = []

    def _set_rowids(self, rowids: itertools.count[int]) -> None:
        self._rowids = rowids
        for region in self.topology.regions.values():
            region.replica._rowids = rowids

    # -- statistics ------------------------------------------------------------------------

    def stats(self) -> ClusterStats:
        """A consistent snapshot of the cluster's counters (see :mod:`.stats`)."""
        with self.lock:
            return ClusterStats(
                **self._counts, commit_latency_total=self._latency_total, commit_latency_max=self._latency_max,
                log_position=self._version,
                applied={name: region.applied for name, region in self.topology.regions.items()},
            )

    def reset_stats(self) -> None:
        with self.lock:
            self._counts.clear()
            self._latency_total = self._latency_max = 0.0

    def count(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``name`` (a :class:`ClusterStats` field)."""
        with self.lock:
            self._counts[name] += n

    # -- introspection (tests, tools) --------------------------------------------------

    def live_snapshots(self) -> list[int]:
        with self.lock:
            return sorted(t.snapshot for t in self._active.values())


@dataclass(frozen=True, eq=False)
class _State:
    """A cluster's committed state, detached from it: what clones and snapshots hold."""

    version: int
    replica: Replica  # never written: it only shares its stores with the replicas built from it
    sequences: SequenceValues  # never used directly: installs copy it
    jobs: tuple[Job, ...]
    object_ids: int  # the next object id
    rowids: int  # the next hidden row id


class ClusterSnapshot:
    """An immutable handle on a cluster's committed state (``cluster.snapshot()``).

    It shares the cluster's table stores copy-on-write, so taking it costs
    O(tables) and it costs memory only for the tables written after it.
    Restore it with ``cluster.restore(snapshot)``, any number of times.
    """

    __module__ = "pydsql"
    __slots__ = ("_state", "__weakref__")

    def __init__(self, state: _State) -> None:
        self._state = state
        weakref.finalize(self, state.replica.release).atexit = False  # its stores lose a holder

    @property
    def version(self) -> int:
        """The commit version the snapshot was taken at (in its cluster's history)."""
        return self._state.version

    def __repr__(self) -> str:
        return f"<pydsql.ClusterSnapshot at version {self._state.version}, {len(self._state.replica.stores)} tables>"


def _release_replicas(topology: Topology) -> None:
    """A cloned cluster was garbage-collected (so were its connections and transactions)."""
    for region in topology.regions.values():
        region.replica.release()


def _topology(
    regions: Sequence[str] | None, witness: str | None, latency: float | Mapping[tuple[str, str], float],
    log_window: int, rowids: itertools.count[int],
) -> Topology:
    names = ["local"] if regions is None else list(regions)
    if isinstance(regions, str) or not names or not all(isinstance(n, str) and n for n in names):
        raise errors.ProgrammingError("regions must be a non-empty list of region names")
    if len(set(names)) != len(names):
        raise errors.ProgrammingError("regions must have different names")
    if len(names) == 1 and witness is not None:
        raise errors.ProgrammingError("a witness belongs to a multi-region cluster (DSQL: two regions and a witness)")
    if len(names) > 1 and witness is None:
        raise errors.ProgrammingError("a multi-region cluster needs a witness region (DSQL: two regions and a witness)")
    if witness is not None and (not isinstance(witness, str) or witness in names):
        raise errors.ProgrammingError("the witness must be a region name different from the peered regions")
    if isinstance(log_window, bool) or not isinstance(log_window, int) or log_window < 1:
        raise errors.ProgrammingError(f"log_window must be a positive number of log entries, got {log_window!r}")
    replicas = [Region(name, Replica(_empty_catalog(), rowids)) for name in names]
    return Topology(replicas, Witness(witness, log_window) if witness is not None else None, latency)


def _empty_catalog() -> Catalog:
    """The interned empty catalog every new database starts from (built and interned once:
    a fresh database per test is common)."""
    global _EMPTY_CATALOG
    if _EMPTY_CATALOG is None:
        _EMPTY_CATALOG = interned(Catalog.empty())
    return _EMPTY_CATALOG


_EMPTY_CATALOG: Catalog | None = None


def _names(side: str | Iterable[str]) -> list[str]:
    if isinstance(side, str):
        return [side]
    try:
        return list(side)
    except TypeError:
        raise errors.ProgrammingError(f"a side of a partition is a name or a list of names, got {side!r}") from None

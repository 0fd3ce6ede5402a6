"""The cluster: one logical database, its commit path, and the connections to it.

Every transaction of every connection goes through one :class:`Cluster`:

* :meth:`Cluster.begin` takes a snapshot (the newest published commit
  version) and registers it as live, so garbage collection keeps what the
  snapshot can see.
* :meth:`Cluster.commit` is the commit protocol, atomic with respect to every
  other connection and thread (it runs under the cluster lock):

  1. the transaction's footprint goes to the resolver, which either refuses
     (a conflicting commit happened after the snapshot: the transaction fails
     with SQLSTATE 40001, OC000 for data or OC001 for schema) or assigns the
     next commit version;
  2. the writes and any new catalog become a log entry that the replica
     applies at that version;
  3. the version is published: transactions that begin from now on see it.

  Because publishing is last, no reader ever sees part of a commit.  Before
  step 1, a commit with a footprint pays the injected commit latency and
  may be refused by an injected conflict (``cluster.faults``, see
  :mod:`.faults`); the resolver never hears of an injected refusal.
* :meth:`Cluster.stats` counts commits, conflicts, rollbacks and commit
  latency (see :mod:`.stats`).
* Garbage collection runs after commits and rollbacks with the oldest live
  snapshot as its horizon.

Single region today: one replica applies the log as it is written.  The
multi-region issue adds peer replicas and a witness behind the same
:class:`LogEntry` stream.

Thread safety: the cluster lock (an ``RLock``) serializes statements and
commits of all connections, like SQLite's database lock; Python's GIL would
serialize the work anyway, and this keeps every structure single-writer.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

from .. import errors
from .._native import COMMITTED, TOO_OLD, open_resolver
from ..catalog import Catalog
from ..sequences import SequenceValues
from ..txn.quotas import DEFAULT_QUOTAS, Quotas
from ..txn.footprint import KIND_SCHEMA, MODE_EXCLUSIVE, schema_key
from ..txn.transaction import Transaction, TxnState
from .clock import Clock
from .faults import OC000, OC001, Faults
from .jobs import JobRunner
from .replica import LogEntry, Replica
from .stats import ClusterStats

if TYPE_CHECKING:
    from ..dbapi import Connection


# Prune the resolver's history every this many commits (pruning rebuilds its table).
_RESOLVER_PRUNE_INTERVAL = 1024


class Cluster:
    """An in-process DSQL cluster: the database every connection to it shares.

    ``pydsql.connect()`` creates a private cluster per call; create one
    explicitly to open several connections to the same database::

        cluster = pydsql.Cluster()
        a = cluster.connect()
        b = cluster.connect()
    """

    __module__ = "pydsql"

    def __init__(self, *, clock: Clock | None = None, jobs: str = "eager", quotas: Quotas | None = None) -> None:
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
        self._active: dict[int, int] = {}  # transaction serial -> snapshot
        self._commits_since_prune = 0
        self.replica = Replica(Catalog.empty(), itertools.count(1))
        #: Sequence counters: not transactional, outside every snapshot (see :mod:`pydsql.sequences`).
        self.sequence_values = SequenceValues()
        #: Compiled statements, owned by the session layer (keyed by SQL text and parameter types).
        self.statement_cache: dict[Any, Any] = {}
        #: Faults on demand for application tests (see :mod:`pydsql.cluster.faults`).
        self.faults = Faults(self)
        self._counts: Counter[str] = Counter()  # ClusterStats integer field -> value
        self._latency_total = 0.0
        self._latency_max = 0.0

    # -- connections ---------------------------------------------------------------

    def connect(self, *, autocommit: bool = False) -> Connection:
        """A new DB-API connection to this cluster."""
        from ..dbapi import Connection

        return Connection(self, autocommit=autocommit)

    # -- transactions ----------------------------------------------------------------

    @property
    def version(self) -> int:
        """The newest published commit version."""
        return self._version

    def catalog_now(self) -> Catalog:
        """The schema as of the newest commit."""
        return self.replica.catalog_at(self._version)

    def allocate_id(self) -> int:
        """A new, never reused object id (tables, indexes, sequences)."""
        return next(self._object_ids)

    def begin(self, *, read_only: bool = False) -> Transaction:
        with self.lock:
            if self.jobs.eager and self.jobs.pending:
                self.jobs.run_pending()
            snapshot = self._version
            serial = next(self._serials)
            self._active[serial] = snapshot
            replica = self.replica
            return Transaction(
                replica, serial, snapshot, replica.catalog_at(snapshot), read_only=read_only, quotas=self.quotas
            )

    def rollback(self, txn: Transaction) -> None:
        with self.lock:
            if txn.serial in self._active:
                self._counts["rollbacks"] += 1
            self._finish(txn)

    def commit(self, txn: Transaction) -> int:
        """Commit ``txn``; returns its commit version (the snapshot if it wrote nothing).

        Raises :class:`pydsql.errors.SerializationFailure` on a conflict.
        """
        with self.lock:
            try:
                fps, modes, kinds = txn.footprint()
                counts = self._counts
                if not fps:
                    counts["read_only_commits"] += 1
                    return txn.snapshot
                clock = self.clock
                started = clock.monotonic()
                faults = self.faults
                try:
                    if faults._latency:
                        clock.sleep(faults._latency)
                    if faults._rules:  # the common case has none: skip the call
                        rule = faults.firing_rule(txn)
                        if rule is not None:
                            counts["injected_oc001" if rule.code == "OC001" else "injected_oc000"] += 1
                            raise rule.error()
                    status, version, conflict = self._resolver.resolve(txn.snapshot, fps, modes)
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
                counts["commits"] += 1
                writes = [
                    (table_id, list(tw.rows.items())) for table_id, tw in txn.writes.items() if tw.rows
                ]
                entry = LogEntry(version, writes, txn.catalog if txn.ddl else None)
                self.replica.apply(entry)
                self._version = version
                self._commits_since_prune += 1
                for action in txn.on_commit:
                    action()
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
            status, version, _ = self._resolver.resolve(self._version, [schema_key(table_id)], [MODE_EXCLUSIVE])
            assert status == COMMITTED, status
            self.replica.apply(LogEntry(version, [], catalog))
            self._version = version
            self._commits_since_prune += 1
            self._collect()
            return version

    def run_jobs(self) -> None:
        """Run every pending background job to its end (see :mod:`.jobs`)."""
        self.jobs.run_pending()

    def _finish(self, txn: Transaction) -> None:
        txn.state = TxnState.DONE
        if self._active.pop(txn.serial, None) is not None:
            self._collect()

    def _collect(self) -> None:
        horizon = min(self._active.values(), default=self._version)
        self.replica.collect(horizon)
        if self._commits_since_prune >= _RESOLVER_PRUNE_INTERVAL:
            self._resolver.prune(horizon)
            self._commits_since_prune = 0

    # -- statistics ------------------------------------------------------------------------

    def stats(self) -> ClusterStats:
        """A consistent snapshot of the cluster's counters (see :mod:`.stats`)."""
        with self.lock:
            return ClusterStats(
                **self._counts, commit_latency_total=self._latency_total, commit_latency_max=self._latency_max
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
            return sorted(self._active.values())

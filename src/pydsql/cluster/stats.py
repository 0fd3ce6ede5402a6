"""Cluster statistics: what the commit path counted, as one frozen snapshot.

``cluster.stats()`` returns a :class:`ClusterStats`; the counters are updated
under the cluster lock by :meth:`Cluster.commit` and :meth:`Cluster.rollback`,
so a snapshot is always consistent: ``commits + read_only_commits +
conflicts + no_quorum + rollbacks`` is the number of transactions that ended.  Counted
apart:

* ``commits`` wrote something and got a commit version; ``read_only_commits``
  had nothing to adjudicate (and can never fail);
* conflicts at COMMIT, real (the resolver refused) and injected
  (``cluster.faults``), for OC000 and OC001;
* ``no_quorum``: commits refused (40001, retryable) because their region
  could not reach a quorum of the participants;
* ``rollbacks``: transactions ended without a commit attempt reaching the
  resolver: ROLLBACK, an error in autocommit mode, a failed transaction's
  COMMIT, a refusal at COMMIT (size, age, deferred constraint), a closed or
  dropped connection;
* commit latency, on the cluster's clock, of every commit with something to
  adjudicate (winners and losers).

Per region, ``applied`` is the log position its replica has applied;
``log_position`` is the head of the log.  A region lags until its next
transaction (or a failed region until it is back), then catches up.

Jobs' own catalog publications (finished index builds) are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClusterStats:
    commits: int = 0
    read_only_commits: int = 0
    conflicts_oc000: int = 0
    conflicts_oc001: int = 0
    injected_oc000: int = 0
    injected_oc001: int = 0
    rollbacks: int = 0
    no_quorum: int = 0
    dropped_connections: int = 0
    commit_latency_count: int = 0
    commit_latency_total: float = 0.0
    commit_latency_max: float = 0.0
    #: the newest acknowledged commit version (the head of the shared log)
    log_position: int = 0
    #: per peered region, the newest version its replica has applied (it catches up when it reads)
    applied: dict[str, int] = field(default_factory=dict)

    @property
    def conflicts(self) -> int:
        """Every commit refused with 40001, real or injected."""
        return self.conflicts_oc000 + self.conflicts_oc001 + self.injected_oc000 + self.injected_oc001

    @property
    def aborts(self) -> int:
        """Every transaction that ended without committing (conflicts and rollbacks)."""
        return self.conflicts + self.rollbacks + self.no_quorum

    @property
    def commit_latency_mean(self) -> float:
        return self.commit_latency_total / self.commit_latency_count if self.commit_latency_count else 0.0

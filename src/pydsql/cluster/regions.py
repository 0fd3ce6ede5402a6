"""Regions, the witness, and the network between them: where the commit log lives.

A cluster has one or more *peered regions* and, when it has several, a
*witness* (DSQL: two regions and a witness).  They are the *participants*:

* a :class:`Region` has an endpoint (connections are opened to it) and a
  :class:`~pydsql.cluster.replica.Replica`, the versioned store it serves
  reads from, plus the log entries it holds but has not applied yet;
* the :class:`Witness` holds no data and no endpoint: only the newest
  ``log_window`` entries of the log.

The commit log is one ordered sequence of :class:`LogEntry` (one per commit,
consecutive versions from the single resolver).  Nobody holds all of it: an
entry is *delivered*, at the commit that creates it, to every participant the
committing region can reach (:meth:`Topology.reachable`), and the commit is
acknowledged only when that is a quorum (a majority of the participants: two
of three).  Every acknowledged entry is therefore held by a quorum, and any
two quorums intersect: a region that reaches a quorum can always find every
acknowledged entry (:func:`catch_up`), either as an entry some reachable
participant still holds or, when the entries it lacks were applied and
dropped everywhere it can reach (a region away longer than the witness's
window), as a copy of a reachable peer's replica followed by the entries after it.

Regions apply the log lazily: the committing region applies its entry at once
(its next transaction reads its own writes); the others hold it until their
next transaction needs it (or until they hold :data:`APPLY_BATCH` entries), so
the cost of replication is paid by the region that reads, as in DSQL, where a
read first waits for its region to catch up to the snapshot.

The network is a set of participants that are up and a set of cut links
(partitions).  Latency is one-way, per pair of participants; the cluster pays
it at COMMIT only (:meth:`Topology.round_trip`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .. import errors
from .replica import LogEntry, Replica

#: A region applies the entries it holds once it holds this many, even with no reader asking.
APPLY_BATCH = 256

#: How many of the newest log entries the witness keeps, by default.
DEFAULT_LOG_WINDOW = 10_000


class Participant:
    """A member of the cluster's quorum: a peered region or the witness."""

    __slots__ = ("name", "up", "epoch", "held")

    def __init__(self, name: str) -> None:
        self.name = name
        self.up = True
        #: increases at every failure: connections opened before it are gone
        self.epoch = 0
        #: log entries held and not yet applied (a region) or within the window (the witness), by version
        self.held: dict[int, LogEntry] = {}

    def hold(self, entry: LogEntry) -> None:
        self.held[entry.version] = entry


class Region(Participant):
    """A peered region: an endpoint and a replica of the data."""

    __slots__ = ("replica",)

    def __init__(self, name: str, replica: Replica) -> None:
        super().__init__(name)
        self.replica = replica

    @property
    def applied(self) -> int:
        return self.replica.applied


class Witness(Participant):
    """The witness: a bounded window of the log, no data, no endpoint."""

    __slots__ = ("window",)

    def __init__(self, name: str, window: int) -> None:
        super().__init__(name)
        self.window = window

    def hold(self, entry: LogEntry) -> None:
        held = self.held
        held[entry.version] = entry
        while len(held) > self.window:
            del held[next(iter(held))]  # dicts keep insertion (= version) order


class Topology:
    """The participants, which of them are up, the cut links, and the latencies."""

    def __init__(
        self, regions: list[Region], witness: Witness | None, latency: float | Mapping[tuple[str, str], float]
    ) -> None:
        self.regions = {r.name: r for r in regions}
        self.witness = witness
        self.participants: dict[str, Participant] = dict(self.regions)
        if witness is not None:
            self.participants[witness.name] = witness
        self.quorum = len(self.participants) // 2 + 1
        self._cuts: set[frozenset[str]] = set()
        self._reachable: dict[str, list[Participant]] = {}  # cache, cleared by every change of the network
        self._latency: dict[frozenset[str], float] = {}
        self._default_latency = 0.0
        if isinstance(latency, Mapping):
            for pair, seconds in latency.items():
                if not (isinstance(pair, tuple) and len(pair) == 2):
                    raise errors.ProgrammingError(f"latency keys are pairs of participant names, got {pair!r}")
                a, b = pair
                for name in (a, b):
                    self.participant(name)
                if a == b:
                    raise errors.ProgrammingError(f'latency needs two different participants, got "{a}" twice')
                self._latency[frozenset((a, b))] = _seconds(seconds)
        else:
            self._default_latency = _seconds(latency)
        self.has_latency = self._default_latency > 0 or any(self._latency.values())

    def participant(self, name: str) -> Participant:
        try:
            return self.participants[name]
        except (KeyError, TypeError):
            known = ", ".join(f'"{n}"' for n in self.participants)
            raise errors.ProgrammingError(f'unknown region "{name}" (the cluster has {known})') from None

    def region(self, name: str) -> Region:
        participant = self.participant(name)
        if not isinstance(participant, Region):
            raise errors.ProgrammingError(f'"{name}" is the witness: it has no endpoint')
        return participant

    # -- the network ---------------------------------------------------------------------

    def set_up(self, name: str, up: bool) -> None:
        """A participant fails (``up=False``: its epoch moves on) or comes back."""
        participant = self.participant(name)
        if participant.up and not up:
            participant.epoch += 1
        participant.up = up
        self._reachable.clear()

    def cut(self, side_a: Iterable[str], side_b: Iterable[str]) -> None:
        self._reachable.clear()
        a, b = list(side_a), list(side_b)
        for name in a + b:
            self.participant(name)
        for x in a:
            for y in b:
                if x != y:
                    self._cuts.add(frozenset((x, y)))

    def heal(self) -> None:
        self._cuts.clear()
        self._reachable.clear()

    def linked(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) not in self._cuts

    def reachable(self, origin: Participant) -> list[Participant]:
        """The participants that are up and that ``origin`` can talk to (itself first)."""
        reachable = self._reachable.get(origin.name)
        if reachable is None:
            reachable = self._reachable[origin.name] = [origin] + [
                p for p in self.participants.values() if p is not origin and p.up and self.linked(origin.name, p.name)
            ] if origin.up else []
        return reachable

    def has_quorum(self, origin: Participant) -> bool:
        return len(self.reachable(origin)) >= self.quorum

    def latency(self, a: str, b: str) -> float:
        return self._latency.get(frozenset((a, b)), self._default_latency)

    def round_trip(self, origin: Participant) -> float:
        """One round trip from ``origin`` to the farthest member of its nearest reachable quorum:
        the time one step of the commit protocol takes (adjudication, then replication)."""
        if not self.has_latency:
            return 0.0
        others = sorted(self.latency(origin.name, p.name) for p in self.reachable(origin) if p is not origin)
        needed = self.quorum - 1
        if needed <= 0 or len(others) < needed:
            return 0.0
        return 2 * others[needed - 1]


def deliver(entry: LogEntry, origin: Region, reachable: list[Participant], horizon: int = 0) -> list[Region]:
    """Hand a new entry to every reachable participant: the origin applies it (it was
    caught up just before; ``horizon`` as for ``Replica.apply``), the others hold it.
    Returns the regions that now hold a batch worth applying (every :data:`APPLY_BATCH`
    entries)."""
    due = []
    for participant in reachable:
        if participant is origin:
            origin.replica.apply(entry, horizon)
        else:
            participant.hold(entry)
            if isinstance(participant, Region) and len(participant.held) % APPLY_BATCH == 0:
                due.append(participant)
    return due


def catch_up(region: Region, reachable: list[Participant], target: int) -> None:
    """Bring ``region``'s replica as close to ``target`` as the reachable participants allow.

    Entries come from whoever holds them (the region itself first); a gap
    nobody reachable holds is bridged by copying the replica of a reachable
    peer that has applied past it.  Stops early when neither is possible: the
    caller decides whether that matters (see :class:`pydsql.Cluster`).
    """
    replica = region.replica
    held = region.held
    while replica.applied < target:
        version = replica.applied + 1
        entry = held.pop(version, None)
        if entry is None:
            entry = next((p.held[version] for p in reachable if version in p.held), None)
        if entry is not None:
            replica.apply(entry)
            continue
        peers = [p for p in reachable if isinstance(p, Region) and p is not region and p.applied >= version]
        if not peers:
            break
        # Copy-on-write.  The old replica keeps holding its stores: live transactions may still read it.
        replica = region.replica = max(peers, key=lambda p: p.applied).replica.copy()
    for version in [v for v in held if v <= replica.applied]:
        del held[version]


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise errors.ProgrammingError(f"latency must be a number of seconds >= 0, got {value!r}")
    return float(value)

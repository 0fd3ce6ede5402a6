"""Pure-Python reference conflict resolver: the executable specification.

The C resolver in ``resolver.c`` must make exactly the same decisions as this
module (tests/native/test_resolver.py checks it on random histories). Read
this first; it is written to be obvious rather than fast.

Model
-----
Aurora DSQL is optimistic: a transaction reads at a *snapshot* (a commit
version) without locks and is checked at COMMIT against everything committed
after that snapshot. "Earliest commit wins": whoever reaches the resolver
first commits; an overlapping later transaction is rejected.

* A **fingerprint** is a 64-bit hash (an int in ``[0, 2**64)``) of something a
  transaction touched: a row key, a relation's schema... The resolver never
  sees keys, only fingerprints. Every value (0 and ``2**64 - 1`` included) is
  an ordinary key. Two keys that share a fingerprint cause a false conflict
  (acceptable at 2**-64 odds); a missed conflict is never acceptable, so
  nothing lossy is used.
* A transaction's **footprint** is a list of entries ``(fingerprint, mode)``.
* **History** maps fingerprint -> mode -> highest commit version that wrote
  it in that mode (only the maximum matters: "some write after my snapshot"
  is "the latest write is after my snapshot").
* **Conflict matrix** -- new entry mode vs. a committed entry mode on the same
  fingerprint, committed at a version > the new transaction's snapshot::

      new \\ committed   EXCLUSIVE  UPDATE  KEY_SHARE  SCHEMA_READ
      EXCLUSIVE            X         X        X           -
      UPDATE               X         X        -           -
      KEY_SHARE            X         -        -           -
      SCHEMA_READ          X         -        -           -

* **TOO_OLD**: :meth:`ReferenceResolver.prune` forgets history at or below a
  *horizon*; a snapshot below the horizon could conflict with forgotten writes,
  so it is refused instead of risking a missed conflict. A new resolver's
  horizon is its ``initial_version``: it never saw the commits before it, so
  older snapshots are refused for the same reason.
* **prune(h)** may forget a fingerprint once all its versions are <= h: such
  writes can never be "after" a snapshot >= h. The horizon never moves
  backwards and never passes the current version.

Worked example (``ReferenceResolver(0)``)::

    T1, T2 begin at snapshot 0
    T1: resolve(0, [k], [EXCLUSIVE])           -> (COMMITTED, 1, -1)
    T2: resolve(0, [j, k], [UPDATE, KEY_SHARE])
        k written EXCLUSIVE at 1 > 0           -> (CONFLICT, 0, 1)
    T3: resolve(1, [k], [UPDATE])               -> (COMMITTED, 2, -1)
    len() == 1 (only k was ever recorded: T2 recorded nothing)
    prune(2): k's versions are all <= 2, so it is forgotten: len() == 0,
        and resolve(1, ...) now returns (TOO_OLD, 0, -1).

Decision order for one transaction (mirrors ``resolver.h``):

1. snapshot > current version -> INVALID (caller bug), conflict index -1
2. snapshot < horizon -> TOO_OLD
3. an entry with an undefined mode -> INVALID, conflict index = that entry
4. no entries (read-only) -> COMMITTED at the current version, no version used
5. the first entry that conflicts -> CONFLICT with its index
6. current version == 2**64 - 1 (counter exhausted) -> INVALID
7. otherwise COMMITTED at version + 1; every entry is recorded there.

Results are ``(status, version, conflict_index)`` with ``version == 0`` unless
committed and ``conflict_index == -1`` unless CONFLICT (or a bad mode).

Not thread safe: the caller serializes calls (same contract as the C code).
"""

from __future__ import annotations

from collections.abc import Sequence

MODE_EXCLUSIVE = 0
"""INSERT, DELETE, UPDATE of a key column, SELECT ... FOR UPDATE, DDL."""
MODE_UPDATE = 1
"""UPDATE of non-key columns only."""
MODE_KEY_SHARE = 2
"""SELECT ... FOR KEY SHARE."""
MODE_SCHEMA_READ = 3
"""A data transaction's use of a relation's definition: it must fail if a DDL
on that relation committed after its snapshot, and must never make a later
DDL fail (nothing conflicts with a committed SCHEMA_READ)."""
NUM_MODES = 4

COMMITTED = 0
CONFLICT = 1
TOO_OLD = 2
INVALID = 3
NOMEM = 4
"""Native only: the C resolver could not allocate (nothing was recorded)."""

STATUS_NAMES: dict[int, str] = {
    COMMITTED: "COMMITTED",
    CONFLICT: "CONFLICT",
    TOO_OLD: "TOO_OLD",
    INVALID: "INVALID",
    NOMEM: "NOMEM",
}

# CONFLICT_MASK[new_mode] has bit m set iff a new entry in new_mode conflicts
# with a committed entry in mode m. The same table lives in resolver.c.
CONFLICT_MASK: tuple[int, ...] = (
    (1 << MODE_EXCLUSIVE) | (1 << MODE_UPDATE) | (1 << MODE_KEY_SHARE),  # EXCLUSIVE
    (1 << MODE_EXCLUSIVE) | (1 << MODE_UPDATE),  # UPDATE
    (1 << MODE_EXCLUSIVE),  # KEY_SHARE
    (1 << MODE_EXCLUSIVE),  # SCHEMA_READ
)
assert len(CONFLICT_MASK) == NUM_MODES

U64_MAX = 2**64 - 1

ResolveResult = tuple[int, int, int]
"""``(status, version, conflict_index)``."""

Transaction = tuple[int, Sequence[int], Sequence[int]]
"""``(snapshot, fingerprints, modes)`` as passed to ``resolve_batch``."""


def conflicts(new_mode: int, committed_mode: int) -> bool:
    """The conflict matrix as a predicate."""
    return bool(CONFLICT_MASK[new_mode] >> committed_mode & 1)


def _check_u64(name: str, value: int) -> None:
    # cffi raises OverflowError for an out-of-range uint64_t; so do we.
    if not 0 <= value <= U64_MAX:
        raise OverflowError(f"{name} {value} out of range for uint64")


def _validate(snapshot: int, fingerprints: Sequence[int], modes: Sequence[int]) -> None:
    """Reject what cannot even be passed to the C API (a TypeError/OverflowError
    there too), as opposed to well-typed but wrong calls (INVALID status)."""
    _check_u64("snapshot", snapshot)
    if len(fingerprints) != len(modes):
        raise ValueError("fingerprints and modes differ in length")
    for fp in fingerprints:
        _check_u64("fingerprint", fp)
    for mode in modes:
        if not 0 <= mode <= 255:
            raise OverflowError(f"mode {mode} out of range for uint8")


class ReferenceResolver:
    """Commit-time conflict resolver; see the module docstring."""

    def __init__(self, initial_version: int = 0) -> None:
        _check_u64("initial_version", initial_version)
        self._version = initial_version
        self._horizon = initial_version
        # fingerprint -> [max commit version per mode] (0 = never written)
        self._history: dict[int, list[int]] = {}

    @property
    def version(self) -> int:
        """The latest commit version."""
        return self._version

    @property
    def horizon(self) -> int:
        """Snapshots below this are refused with TOO_OLD."""
        return self._horizon

    def __len__(self) -> int:
        """Number of fingerprints remembered."""
        return len(self._history)

    def close(self) -> None:
        """Nothing to free (present so both resolvers share one interface)."""

    def resolve(
        self, snapshot: int, fingerprints: Sequence[int], modes: Sequence[int]
    ) -> ResolveResult:
        """Check one transaction; commit it (record its entries) if it passes."""
        _validate(snapshot, fingerprints, modes)
        return self._resolve(snapshot, fingerprints, modes)

    def _resolve(
        self, snapshot: int, fingerprints: Sequence[int], modes: Sequence[int]
    ) -> ResolveResult:
        if snapshot > self._version:
            return (INVALID, 0, -1)
        if snapshot < self._horizon:
            return (TOO_OLD, 0, -1)
        for i, mode in enumerate(modes):
            if mode >= NUM_MODES:
                return (INVALID, 0, i)
        if not fingerprints:
            return (COMMITTED, self._version, -1)

        for i, (fp, mode) in enumerate(zip(fingerprints, modes)):
            written = self._history.get(fp)
            if written is None:
                continue
            for committed_mode, version in enumerate(written):
                if version > snapshot and conflicts(mode, committed_mode):
                    return (CONFLICT, 0, i)

        if self._version == U64_MAX:
            return (INVALID, 0, -1)
        self._version += 1
        for fp, mode in zip(fingerprints, modes):
            self._history.setdefault(fp, [0] * NUM_MODES)[mode] = self._version
        return (COMMITTED, self._version, -1)

    def resolve_batch(self, txns: Sequence[Transaction]) -> list[ResolveResult]:
        """Resolve in order; transaction i sees the commits of those before it."""
        for snapshot, fps, modes in txns:  # reject bad input before committing any
            _validate(snapshot, fps, modes)
        return [self._resolve(snapshot, fps, modes) for snapshot, fps, modes in txns]

    def prune(self, horizon: int) -> None:
        """Forget every fingerprint whose versions are all <= horizon.

        The caller promises no live or future snapshot is below ``horizon``.
        The effective horizon is clamped to ``[self.horizon, self.version]``.
        """
        _check_u64("horizon", horizon)
        horizon = min(horizon, self._version)
        if horizon <= self._horizon:
            return
        self._horizon = horizon
        self._history = {
            fp: written for fp, written in self._history.items() if max(written) > horizon
        }

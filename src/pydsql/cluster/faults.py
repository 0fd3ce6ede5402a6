"""Faults on demand: make commits fail, slow them down, drop connections.

For application tests of OCC retry logic.  Every cluster has one
:class:`Faults` object, ``cluster.faults``::

    faults = cluster.faults
    faults.fail_next(2)                          # the next 2 writing commits fail with OC000
    faults.fail_next(1, code="OC001")            # ... or with OC001 (schema)
    faults.fail_fraction(0.3, seed=7)            # 30% of writing commits fail, same ones every run
    faults.fail_next(1, table="accounts")        # only commits that touch "accounts"
    faults.fail_fraction(1.0, table="audit")     # every commit that touches "audit"
    faults.commit_latency = 0.05                 # every writing commit takes 50 ms more
    faults.drop_connection(conn)                 # conn's next call raises 08006, then it is closed
    faults.clear()                               # back to normal (rules and latency)

Invariants:

* **Only commits that have something to adjudicate are eligible**: those
  with a non-empty footprint (rows written or locked with FOR UPDATE / FOR
  KEY SHARE, or DDL), the very commits that can meet a real conflict.  A
  read-only transaction never fails and never pays latency, as in DSQL,
  where COMMIT coordinates across the cluster only for writes.
* **An injected conflict is a real one to the application**:
  :class:`pydsql.errors.SerializationFailure`, SQLSTATE 40001, DSQL's
  message (``change conflicts with another transaction (OC000)`` or
  ``schema has been updated by another transaction (OC001)``), the
  transaction rolled back and nothing it wrote visible.  It is decided before
  the resolver is asked, so the resolver never records the refused commit.
* **Rules are checked in the order they were added**; the first that fires
  decides the error.  A ``fail_next`` rule counts only the commits it is
  eligible for (its ``table``), and is removed once spent.
* **Determinism**: ``fail_fraction`` draws one number per eligible commit
  from its own ``random.Random(seed)`` (independent of everything else that
  uses randomness), or from the cluster clock's ``random()`` when ``seed`` is
  None (deterministic when the clock is seeded, e.g. ``FixedClock``).
* **Latency is paid on the cluster's clock** (``clock.sleep``): a
  ``FixedClock`` advances, the real clock sleeps.  It is paid by every
  eligible commit, winners and losers (injected or real) alike, before
  adjudication.  With the real clock the commit holds the cluster lock while
  it waits, so other connections wait too (commits are serialized anyway).
* **A dropped connection** has its open transaction rolled back at once (the
  server side is gone); its next call of any kind raises
  :class:`pydsql.errors.ConnectionFailure` (SQLSTATE 08006, ``connection to
  server was lost``) and closes it; later calls get the usual "the connection
  is closed".  ``clear()`` does not bring a dropped connection back.

The table filter (``table="name"`` or ``table="schema.name"``; an unqualified
name matches that table in any schema) matches a commit whose footprint names
the table: rows written or locked in it, or DDL on it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import errors
from .owner import OwnerRef

if TYPE_CHECKING:
    from ..dbapi import Connection
    from ..txn.transaction import Transaction
    from .cluster import Cluster

OC000 = "change conflicts with another transaction (OC000)"
OC001 = "schema has been updated by another transaction (OC001)"
_MESSAGES = {"OC000": OC000, "OC001": OC001}


class FaultRule:
    """One active fault: which commits it applies to and what it makes them do.

    ``fired`` counts the commits it has failed; ``remaining`` is the number of
    failures a ``fail_next`` rule still has to inject (None for a fraction).
    """

    def __init__(
        self,
        code: str,
        table: str | None,
        *,
        remaining: int | None = None,
        fraction: float | None = None,
        draw: Callable[[], float] | None = None,
    ) -> None:
        if code not in _MESSAGES:
            raise errors.ProgrammingError(f"code must be 'OC000' or 'OC001', not {code!r}")
        self.code = code
        self.table = table
        self.remaining = remaining
        self.fraction = fraction
        self._draw = draw
        self.fired = 0

    @property
    def spent(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    def matches(self, txn: Transaction) -> bool:
        return self.table is None or _touches(txn, self.table)

    def error(self) -> errors.SerializationFailure:
        """The error a commit this rule fails gets: DSQL's, word for word."""
        return errors.SerializationFailure(_MESSAGES[self.code])

    def decide(self) -> bool:
        """Whether this eligible commit fails (consumes one draw or one count)."""
        if self.remaining is not None:
            self.remaining -= 1
            return True
        assert self._draw is not None and self.fraction is not None
        return self._draw() < self.fraction

    def __repr__(self) -> str:
        what = f"next {self.remaining}" if self.remaining is not None else f"fraction {self.fraction}"
        where = f" on {self.table}" if self.table else ""
        return f"<FaultRule {self.code} {what}{where}, fired {self.fired}>"


class Faults:
    """The faults of one cluster (see the module docstring).  Use ``cluster.faults``."""

    __module__ = "pydsql"

    def __init__(self, cluster: Cluster) -> None:
        self._owner = OwnerRef(cluster, "faults")
        self._rules: list[FaultRule] = []
        self._latency = 0.0

    @property
    def _cluster(self) -> Cluster:
        return self._owner()

    # -- configuring -----------------------------------------------------------------

    def fail_next(self, n: int = 1, *, code: str = "OC000", table: str | None = None) -> FaultRule:
        """Make the next ``n`` eligible commits (touching ``table``, if given) fail with ``code``."""
        if not isinstance(n, int) or n < 1:
            raise errors.ProgrammingError(f"n must be a positive integer, not {n!r}")
        return self._add(FaultRule(code, _table_name(table), remaining=n))

    def fail_fraction(
        self, fraction: float, *, seed: int | None = None, code: str = "OC000", table: str | None = None
    ) -> FaultRule:
        """Make each eligible commit fail with probability ``fraction`` (0 to 1), reproducibly.

        With ``seed`` the draws come from ``random.Random(seed)``; without, from
        the cluster clock's ``random()``.
        """
        if not (isinstance(fraction, (int, float)) and 0.0 <= fraction <= 1.0):
            raise errors.ProgrammingError(f"fraction must be between 0 and 1, not {fraction!r}")
        draw = random.Random(seed).random if seed is not None else self._cluster.clock.random
        return self._add(FaultRule(code, _table_name(table), fraction=float(fraction), draw=draw))

    @property
    def commit_latency(self) -> float:
        """Seconds added to every eligible commit (0 by default)."""
        return self._latency

    @commit_latency.setter
    def commit_latency(self, seconds: float) -> None:
        if not (isinstance(seconds, (int, float)) and math.isfinite(seconds) and seconds >= 0):
            raise errors.ProgrammingError(f"commit_latency must be a non-negative number of seconds, not {seconds!r}")
        with self._cluster.lock:
            self._latency = float(seconds)

    def drop_connection(self, conn: Connection) -> None:
        """Sever ``conn``: its transaction is rolled back; its next call raises 08006."""
        if conn.cluster is not self._cluster:
            raise errors.ProgrammingError("the connection belongs to another cluster")
        conn._sever()
        self._cluster.count("dropped_connections")

    def remove(self, rule: FaultRule) -> None:
        """Deactivate one rule (no error if it is already spent or removed)."""
        with self._cluster.lock:
            if rule in self._rules:
                self._rules.remove(rule)

    def clear(self) -> None:
        """Remove every rule and the commit latency."""
        with self._cluster.lock:
            self._rules.clear()
            self._latency = 0.0

    @property
    def rules(self) -> list[FaultRule]:
        """The active rules, in the order they are checked."""
        return list(self._rules)

    def _add(self, rule: FaultRule) -> FaultRule:
        with self._cluster.lock:
            self._rules.append(rule)
        return rule

    # -- the commit path (called by Cluster.commit under the cluster lock) --------------

    def firing_rule(self, txn: Transaction) -> FaultRule | None:
        """The rule that makes this eligible commit fail, if one fires."""
        for rule in self._rules:
            if not rule.matches(txn):
                continue
            fires = rule.decide()
            if rule.spent:
                self._rules.remove(rule)
            if fires:
                rule.fired += 1
                return rule
        return None


def _table_name(table: str | None) -> str | None:
    if table is not None and (not isinstance(table, str) or not table):
        raise errors.ProgrammingError(f"table must be a table name, not {table!r}")
    return table


def _touches(txn: Transaction, table: str) -> bool:
    schema, _, name = table.rpartition(".")

    def named(t: object) -> bool:
        return getattr(t, "name", None) == name and (not schema or getattr(t, "schema", None) == schema)

    if any((tw.rows or tw.locks) and named(tw.table) for tw in txn.writes.values()):
        return True
    return any(named(before) or named(after) for _kind, before, after in txn.ddl)

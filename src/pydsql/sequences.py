"""Sequence values: non-transactional counters handed out in per-session cache blocks.

A sequence has two halves:

* its **definition** (:class:`pydsql.catalog.Sequence`: increment, bounds,
  CACHE, CYCLE, owner) is schema, versioned with the catalog like a table's
  and changed only by DDL (CREATE/ALTER/DROP SEQUENCE, identity columns);
* its **values** live here, outside every snapshot: one :class:`Counter` per
  ``state_id`` in the cluster (:class:`SequenceValues`), and, per session, the
  block of values the session has reserved but not used yet
  (:class:`SessionSequences`).

Decisions (reference section 6, PostgreSQL's ``nextval_internal``):

* **Not transactional.**  ``nextval`` and ``setval`` change the counter at
  once, under the cluster lock that serializes every statement, and nothing
  undoes them: a rolled-back ``nextval`` is never given back, and a value is
  never handed out twice.
* **No footprint.**  Using a sequence writes nothing to the transaction's
  buffer, so it adds no entry to the conflict footprint: two transactions
  drawing from one sequence never conflict with OC000 (as in DSQL, whose
  sequences are served outside the OCC path).  DDL on a sequence is DDL like
  any other (schema footprint, one DDL per transaction).
* **Cache blocks.**  Like PostgreSQL's ``CACHE n``, a session that needs a
  value reserves the next ``n`` values of the counter in one step and hands
  them out itself; another session reserves the following block.  With
  CACHE 65536 two sessions' values are therefore unique but interleave
  (session A: 1, 2, 3...; session B: 65537, 65538...), which is the
  behaviour DSQL documents.  With CACHE 1 values follow the global order.
* **Restart is schema.**  ``ALTER SEQUENCE ... RESTART`` gives the sequence
  a fresh ``state_id``: the new counter exists only once the ALTER commits,
  and a rolled-back ALTER leaves the old counter untouched.  A session whose
  cached block belongs to an older ``state_id`` drops it.
* ``currval``/``lastval`` are per session and survive transaction ends;
  ``setval`` discards the calling session's cached block (PostgreSQL's rule),
  not other sessions'.

* **Clones and restores.**  :meth:`SequenceValues.copy` gives a cloned
  cluster its own counters at the same positions (O(sequences)).  A restored
  cluster (``Cluster.restore``) gets a new :class:`SequenceValues`; a
  session's cached block belongs to the ``SequenceValues`` it was reserved
  from (``_Cached.source``), so blocks reserved before a restore are dropped
  instead of handing out values the restored counter will hand out again.

Errors are PostgreSQL's: 2200H at a bound without CYCLE, 22003 for ``setval``
out of bounds, 55000 for ``currval``/``lastval`` before any ``nextval``, 25006
in a read-only transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import errors
from .catalog import Catalog, Sequence


class Counter:
    """The shared state of one sequence (PostgreSQL's sequence tuple)."""

    __slots__ = ("last_value", "is_called")

    def __init__(self, last_value: int, is_called: bool = False) -> None:
        self.last_value = last_value
        self.is_called = is_called


class SequenceValues:
    """Every counter of a cluster, by ``state_id``; created on first use from the definition."""

    def __init__(self) -> None:
        self._counters: dict[int, Counter] = {}

    def counter(self, seq: Sequence) -> Counter:
        c = self._counters.get(seq.state_id)
        if c is None:
            c = self._counters[seq.state_id] = Counter(seq.first_value)
        return c

    def peek(self, seq: Sequence) -> tuple[int, bool]:
        """(last_value, is_called) without creating the counter (pg_sequences reads it)."""
        c = self._counters.get(seq.state_id)
        return (seq.first_value, False) if c is None else (c.last_value, c.is_called)

    def copy(self) -> SequenceValues:
        """Independent counters at the same positions (a clone's, a snapshot's)."""
        twin = SequenceValues()
        twin._counters = {sid: Counter(c.last_value, c.is_called) for sid, c in self._counters.items()}
        return twin


@dataclass
class _Cached:
    """One session's view of one sequence (PostgreSQL's ``SeqTableData``)."""

    state_id: int
    last: int = 0  # currval
    cached: int = 0  # the last value of the reserved block (== last: nothing left)
    increment: int = 1
    valid: bool = False  # currval is defined
    source: SequenceValues | None = None  # the counters the block was reserved from


@dataclass
class SessionSequences:
    """The sequence state of one session: cached blocks, currval, lastval."""

    entries: dict[int, _Cached] = field(default_factory=dict)  # sequence object id -> state
    last_used: int | None = None  # object id of the sequence of the last nextval

    def _entry(self, seq: Sequence) -> _Cached:
        e = self.entries.get(seq.table_id)
        if e is None:
            e = self.entries[seq.table_id] = _Cached(seq.state_id)
        elif e.state_id != seq.state_id:  # restarted since: the block is stale
            e.state_id = seq.state_id
            e.cached = e.last
        return e

    def nextval(self, seq: Sequence, values: SequenceValues) -> int:
        e = self._entry(seq)
        self.last_used = seq.table_id
        if e.valid and e.last != e.cached and e.source is values:  # a value left in this session's block
            e.last += e.increment
            return e.last
        counter = values.counter(seq)
        incby, maxv, minv, cache = seq.increment, seq.maxvalue, seq.minvalue, seq.cache
        last = result = nxt = counter.last_value
        fetch = cache
        rescnt = 0
        if not counter.is_called:
            rescnt += 1  # the first value is last_value itself
            fetch -= 1
        while fetch:
            if incby > 0:
                if nxt + incby > maxv:
                    if rescnt > 0:
                        break  # a shorter block
                    if not seq.cycle:
                        raise errors.SequenceGeneratorLimitExceeded(
                            f'nextval: reached maximum value of sequence "{seq.name}" ({maxv})'
                        )
                    nxt = minv
                else:
                    nxt += incby
            else:
                if nxt + incby < minv:
                    if rescnt > 0:
                        break
                    if not seq.cycle:
                        raise errors.SequenceGeneratorLimitExceeded(
                            f'nextval: reached minimum value of sequence "{seq.name}" ({minv})'
                        )
                    nxt = maxv
                else:
                    nxt += incby
            fetch -= 1
            rescnt += 1
            last = nxt
            if rescnt == 1:
                result = nxt
        counter.last_value = last
        counter.is_called = True
        e.last, e.cached, e.increment, e.valid, e.source = result, last, incby, True, values
        return result

    def currval(self, seq: Sequence) -> int:
        e = self.entries.get(seq.table_id)
        if e is None or not e.valid:
            raise errors.ObjectNotInPrerequisiteState(
                f'currval of sequence "{seq.name}" is not yet defined in this session'
            )
        return e.last

    def lastval(self, catalog: Catalog) -> int:
        oid = self.last_used
        e = self.entries.get(oid) if oid is not None else None
        if e is None or not e.valid or catalog.sequence_by_id(oid or 0) is None:
            raise errors.ObjectNotInPrerequisiteState("lastval is not yet defined in this session")
        return e.last

    def setval(self, seq: Sequence, value: int, is_called: bool, values: SequenceValues) -> int:
        if value < seq.minvalue or value > seq.maxvalue:
            raise errors.NumericValueOutOfRange(
                f'setval: value {value} is out of bounds for sequence "{seq.name}" '
                f"({seq.minvalue}..{seq.maxvalue})"
            )
        e = self._entry(seq)
        if is_called:
            e.last, e.valid = value, True
        e.cached = e.last  # the rest of this session's block is discarded
        counter = values.counter(seq)
        counter.last_value, counter.is_called = value, is_called
        return value

    def forget_block(self, seq: Sequence) -> None:
        """This session altered the sequence: its cached block no longer applies (PostgreSQL)."""
        e = self.entries.get(seq.table_id)
        if e is not None:
            e.cached = e.last

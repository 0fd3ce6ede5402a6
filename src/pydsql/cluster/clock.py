"""The one door to the outside world: time and randomness.

Every wall-clock reading (``now()``, transaction timestamps) and every random
value (``random()``, ``gen_random_uuid()``, job ids) comes from the cluster's
:class:`Clock`, so a test can make them deterministic by giving the cluster a
seeded clock (SQLite's VFS and FoundationDB's simulator do the same).
"""

from __future__ import annotations

import copy
import os
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone


class Clock:
    """Real time; randomness from the OS unless a ``seed`` is given."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed) if seed is not None else None

    def now(self) -> datetime:
        """The current time, as an aware UTC datetime with microsecond precision."""
        return datetime.now(timezone.utc)

    #: seconds of a clock that never goes back (time.monotonic itself: the session asks at every
    #: statement for the age quota, and a method around it would cost a Python call each time)
    monotonic: Callable[[], float] = staticmethod(time.monotonic)

    def random(self) -> float:
        return self._random.random() if self._random is not None else random.random()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (commit latency, retry backoff): really, on the real clock."""
        if seconds > 0:
            time.sleep(seconds)

    def wait(self, seconds: float, lock: threading.RLock) -> None:
        """Wait ``seconds`` holding none of ``lock`` (which the caller holds, perhaps
        re-entered): other connections go on while a commit waits for the network."""
        if seconds > 0:
            threading.Condition(lock).wait(seconds)  # nobody notifies: a sleep that releases the lock

    def random_bytes(self, n: int) -> bytes:
        if self._random is not None:
            return self._random.randbytes(n)
        return os.urandom(n)

    def fork(self) -> Clock:
        """The clock of a cloned cluster.  Real time with OS randomness is shared as it
        is; a seeded or simulated clock is copied (time and random state), so a clone
        is as deterministic as its source and never moves the source's clock."""
        if self._random is None and type(self) is Clock:
            return self
        twin = copy.copy(self)
        if self._random is not None:
            twin._random = random.Random()
            twin._random.setstate(self._random.getstate())
        return twin


#: Where a :class:`FixedClock` starts unless told otherwise.
DEFAULT_START = datetime(2026, 1, 1, tzinfo=timezone.utc)


class FixedClock(Clock):
    """Simulated time: a clock that only moves when told to, or when something waits on it.

    Commit latency, retry back-off and region round trips advance it instead
    of sleeping, so a test with 50 ms regions runs at full speed and gives the
    same result every time.
    """

    def __init__(self, start: datetime = DEFAULT_START, seed: int = 0) -> None:
        super().__init__(seed)
        self._now = start
        self._mono = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def sleep(self, seconds: float) -> None:
        """Waiting on a fixed clock moves it instead: tests with latency never really sleep."""
        if seconds > 0:
            self.advance(seconds)

    def wait(self, seconds: float, lock: threading.RLock) -> None:
        self.sleep(seconds)

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

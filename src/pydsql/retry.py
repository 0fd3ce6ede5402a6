"""DSQL's standard OCC retry, as a function and as a decorator.

The reference (section 11) prescribes: catch SQLSTATE 40001 (or OC000/OC001
in the message), roll back, back off exponentially with jitter (1 ms base,
100 ms cap, jitter 0.25, 3 retries) and retry the whole transaction,
COMMIT included.  :func:`retry` does exactly that::

    def transfer(conn):
        conn.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1")
        conn.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2")

    pydsql.retry(transfer, conn)                 # runs, commits, retries on 40001

    @pydsql.retryable(max_retries=5)
    def transfer(conn, src, dst, amount): ...
    transfer(conn, 1, 2, 10)                     # the connection is the first argument

Contract:

* ``fn(conn)`` runs the transaction's statements; :func:`retry` commits
  (always, unless the connection is in autocommit mode with no BEGIN open)
  and returns ``fn``'s result.  ``fn`` must not
  commit itself, or a conflict would leave part of its work committed.
* On an error with SQLSTATE 40001 (or whose message contains ``(OC000)`` /
  ``(OC001)``), wherever it surfaced (a statement or COMMIT), the connection
  is rolled back and, if retries remain, ``fn`` runs again after a delay.
  After ``max_retries`` retries (``max_retries + 1`` attempts) the last
  error is re-raised as is.
* Any other exception (a database error or an exception of ``fn``) is
  re-raised at once, after the rollback.
* Delay before retry ``k`` (1-based): ``min(max_delay, base_delay * 2**(k-1) *
  (1 + jitter * u))`` with ``u`` uniform in [-1, 1).  It is slept, and ``u``
  drawn, on the connection's cluster clock (``conn.cluster.clock``), so with
  a ``FixedClock`` the delays are deterministic and nothing really sleeps.
  Connections without a cluster (psycopg's, against real DSQL) use
  :func:`time.sleep` and :func:`random.random`: the helper works with any
  PEP 249 connection whose errors carry ``sqlstate`` or ``pgcode``.

``pydsql.retry`` is the function (it shadows this module's name on the
package): import names with ``from pydsql.retry
import RetryPolicy`` or use ``pydsql.RetryPolicy``; ``import pydsql.retry as m``
would bind the function.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

from . import errors

T = TypeVar("T")
P = ParamSpec("P")

SERIALIZATION_FAILURE = "40001"


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait in between (see the module docstring)."""

    max_retries: int = 3
    base_delay: float = 0.001
    max_delay: float = 0.1
    jitter: float = 0.25

    def __post_init__(self) -> None:
        if not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise errors.ProgrammingError(f"max_retries must be a non-negative integer, not {self.max_retries!r}")
        if not (0 <= self.base_delay <= self.max_delay):
            raise errors.ProgrammingError("delays must satisfy 0 <= base_delay <= max_delay")
        if not 0 <= self.jitter <= 1:
            raise errors.ProgrammingError(f"jitter must be between 0 and 1, not {self.jitter!r}")

    def delay(self, retry: int, u: float) -> float:
        """The wait before retry number ``retry`` (1-based), for a random ``u`` in [0, 1)."""
        exponential = self.base_delay * 2.0 ** (retry - 1)
        return min(self.max_delay, exponential * (1 + self.jitter * (2 * u - 1)))


def is_retryable(exc: BaseException) -> bool:
    """True for an optimistic-concurrency conflict: SQLSTATE 40001, or OC000/OC001 in the message."""
    code = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    if code == SERIALIZATION_FAILURE:
        return True
    text = str(exc)
    return "(OC000)" in text or "(OC001)" in text


def retry(
    fn: Callable[[Any], T],
    conn: Any,
    *,
    max_retries: int = 3,
    base_delay: float = 0.001,
    max_delay: float = 0.1,
    jitter: float = 0.25,
) -> T:
    """Run ``fn(conn)`` as one transaction and commit it, retrying on 40001 (see the module docstring)."""
    policy = RetryPolicy(max_retries, base_delay, max_delay, jitter)
    return _run(policy, lambda: fn(conn), conn)


@overload
def retryable(fn: Callable[Concatenate[Any, P], T], /) -> Callable[Concatenate[Any, P], T]: ...


@overload
def retryable(
    *, max_retries: int = ..., base_delay: float = ..., max_delay: float = ..., jitter: float = ...
) -> Callable[[Callable[Concatenate[Any, P], T]], Callable[Concatenate[Any, P], T]]: ...


def retryable(
    fn: Callable[Concatenate[Any, P], T] | None = None,
    *,
    max_retries: int = 3,
    base_delay: float = 0.001,
    max_delay: float = 0.1,
    jitter: float = 0.25,
) -> Any:
    """Decorator form of :func:`retry`: ``@retryable`` or ``@retryable(max_retries=5)``.

    The decorated function takes the connection as its first argument.
    """
    policy = RetryPolicy(max_retries, base_delay, max_delay, jitter)

    def decorate(f: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[Any, P], T]:
        @functools.wraps(f)
        def wrapper(conn: Any, /, *args: P.args, **kwargs: P.kwargs) -> T:
            return _run(policy, lambda: f(conn, *args, **kwargs), conn)

        wrapper.retry_policy = policy  # type: ignore[attr-defined]
        return wrapper

    return decorate(fn) if fn is not None else decorate


def _run(policy: RetryPolicy, attempt: Callable[[], T], conn: Any) -> T:
    clock = getattr(getattr(conn, "cluster", None), "clock", None)
    sleep: Callable[[float], None] = clock.sleep if clock is not None else time.sleep
    draw: Callable[[], float] = clock.random if clock is not None else random.random
    retries = 0
    while True:
        try:
            result = attempt()
            # autocommit with no BEGIN: fn's statements committed themselves
            if not getattr(conn, "autocommit", False) or getattr(conn, "in_transaction", True):
                conn.commit()
            return result
        except BaseException as exc:
            _rollback(conn)
            if retries >= policy.max_retries or not is_retryable(exc):
                raise
        retries += 1
        sleep(policy.delay(retries, draw()))


def _rollback(conn: Any) -> None:
    if getattr(conn, "closed", False) or not getattr(conn, "in_transaction", True):
        return  # nothing to roll back (a failed COMMIT already ended the transaction)
    try:
        conn.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone: the original error is the one to report
        pass

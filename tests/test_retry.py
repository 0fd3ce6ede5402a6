"""The OCC retry helper (:func:`pydsql.retry`, :func:`pydsql.retryable`), driven by injected faults.

Backoff is slept on the cluster's clock: with a ``FixedClock`` nothing really
sleeps and the delays are a function of the clock's seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest

import pydsql
from pydsql import errors
from pydsql.cluster.clock import FixedClock
from pydsql.retry import RetryPolicy, is_retryable

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


class RecordingClock(FixedClock):
    """A fixed clock that remembers every sleep."""

    def __init__(self, seed: int = 0) -> None:
        super().__init__(START, seed)
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        super().sleep(seconds)


def _setup(clock: pydsql.Clock | None = None) -> tuple[pydsql.Cluster, pydsql.Connection]:
    cluster = pydsql.Cluster(clock=clock if clock is not None else RecordingClock())
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)")
    setup.execute("INSERT INTO accounts VALUES (1, 100), (2, 100)")
    return cluster, cluster.connect()


def _balances(cluster: pydsql.Cluster) -> list[tuple[int, int]]:
    conn = cluster.connect(autocommit=True)
    return conn.execute("SELECT id, balance FROM accounts ORDER BY id").fetchall()


class Transfer:
    """A transaction callable that counts its attempts."""

    def __init__(self, amount: int = 10) -> None:
        self.amount = amount
        self.calls = 0

    def __call__(self, conn: pydsql.Connection) -> str:
        self.calls += 1
        conn.execute("UPDATE accounts SET balance = balance - %s WHERE id = 1", (self.amount,))
        conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = 2", (self.amount,))
        return f"attempt {self.calls}"


def test_retry_survives_n_injected_conflicts_then_commits_once() -> None:
    cluster, conn = _setup()
    cluster.faults.fail_next(3)
    transfer = Transfer()
    assert pydsql.retry(transfer, conn, max_retries=3) == "attempt 4"
    assert transfer.calls == 4
    assert _balances(cluster) == [(1, 90), (2, 110)]
    assert not conn.in_transaction
    stats = cluster.stats()
    assert stats.injected_oc000 == 3 and stats.commits >= 1


def test_retry_gives_up_after_max_retries_with_the_last_error() -> None:
    cluster, conn = _setup()
    cluster.faults.fail_next(3, code="OC001")
    cluster.faults.fail_next(1)  # the 4th attempt fails with OC000: the error re-raised is the last one
    transfer = Transfer()
    with pytest.raises(errors.SerializationFailure) as info:
        pydsql.retry(transfer, conn, max_retries=3)
    assert info.value.sqlstate == "40001"
    assert str(info.value) == "change conflicts with another transaction (OC000)"
    assert transfer.calls == 4
    assert _balances(cluster) == [(1, 100), (2, 100)]
    assert not conn.in_transaction


def test_zero_retries_means_one_attempt() -> None:
    cluster, conn = _setup()
    cluster.faults.fail_next(1)
    transfer = Transfer()
    with pytest.raises(errors.SerializationFailure):
        pydsql.retry(transfer, conn, max_retries=0)
    assert transfer.calls == 1
    assert cluster.clock.sleeps == []  # type: ignore[attr-defined]


def test_a_real_conflict_is_retried() -> None:
    cluster, conn = _setup()
    rival = cluster.connect(autocommit=True)
    calls = []

    def transfer(c: pydsql.Connection) -> None:
        calls.append(1)
        c.execute("UPDATE accounts SET balance = balance - 1 WHERE id = 1")
        if len(calls) == 1:  # someone else commits the same row before our COMMIT
            rival.execute("UPDATE accounts SET balance = 0 WHERE id = 1")

    pydsql.retry(transfer, conn)
    assert len(calls) == 2
    assert _balances(cluster)[0] == (1, -1)
    assert cluster.stats().conflicts_oc000 == 1


def test_other_errors_are_not_retried_and_are_rolled_back() -> None:
    cluster, conn = _setup()
    calls = []

    def duplicate(c: pydsql.Connection) -> None:
        calls.append(1)
        c.execute("UPDATE accounts SET balance = 0 WHERE id = 2")
        c.execute("INSERT INTO accounts VALUES (1, 0)")

    with pytest.raises(errors.UniqueViolation):
        pydsql.retry(duplicate, conn)
    assert len(calls) == 1
    assert not conn.in_transaction

    def broken(c: pydsql.Connection) -> None:
        calls.append(1)
        c.execute("UPDATE accounts SET balance = 0 WHERE id = 2")
        raise ValueError("application bug")

    with pytest.raises(ValueError, match="application bug"):
        pydsql.retry(broken, conn)
    assert len(calls) == 2
    assert not conn.in_transaction
    assert _balances(cluster) == [(1, 100), (2, 100)]
    assert cluster.clock.sleeps == []  # type: ignore[attr-defined]


def test_a_dropped_connection_is_not_retried() -> None:
    cluster, conn = _setup()
    transfer = Transfer()

    def dropping(c: pydsql.Connection) -> None:
        transfer(c)
        cluster.faults.drop_connection(c)

    with pytest.raises(errors.ConnectionFailure):
        pydsql.retry(dropping, conn)
    assert transfer.calls == 1
    assert conn.closed
    assert _balances(cluster) == [(1, 100), (2, 100)]


def test_backoff_is_exponential_deterministic_and_follows_the_policy() -> None:
    sleeps = []
    for _ in range(2):
        clock = RecordingClock(seed=9)
        cluster, conn = _setup(clock)
        cluster.faults.fail_next(3)
        pydsql.retry(Transfer(), conn, max_retries=3, base_delay=0.01, max_delay=1.0, jitter=0.25)
        sleeps.append(clock.sleeps)
        assert clock.monotonic() == pytest.approx(sum(clock.sleeps))
    assert sleeps[0] == sleeps[1]
    # the draws are the clock's: replaying its seed gives the same delays
    rng = random.Random(9)
    policy = RetryPolicy(3, 0.01, 1.0, 0.25)
    assert sleeps[0] == [policy.delay(k, rng.random()) for k in (1, 2, 3)]
    for k, delay in enumerate(sleeps[0], start=1):
        nominal = 0.01 * 2 ** (k - 1)
        assert nominal * 0.75 <= delay <= nominal * 1.25


def test_backoff_is_bounded_by_max_delay() -> None:
    clock = RecordingClock(seed=1)
    cluster, conn = _setup(clock)
    cluster.faults.fail_next(8)
    pydsql.retry(Transfer(), conn, max_retries=8, base_delay=0.01, max_delay=0.05, jitter=0.5)
    assert len(clock.sleeps) == 8
    assert max(clock.sleeps) <= 0.05
    assert clock.sleeps[-1] == 0.05  # 0.01 * 2**7 * (1 +- 0.5) is far above the cap


def test_retry_policy_delays() -> None:
    policy = RetryPolicy(base_delay=0.001, max_delay=0.1, jitter=0.0)
    assert [policy.delay(k, 0.5) for k in range(1, 9)] == [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.1]
    jittered = RetryPolicy(jitter=0.25)
    assert jittered.delay(1, 0.0) == pytest.approx(0.00075)
    assert jittered.delay(1, 0.999999) == pytest.approx(0.00125, rel=1e-5)
    for bad in ({"max_retries": -1}, {"base_delay": 0.2, "max_delay": 0.1}, {"jitter": 2.0}):
        with pytest.raises(pydsql.ProgrammingError):
            RetryPolicy(**bad)  # type: ignore[arg-type]


def test_decorator_forms() -> None:
    cluster, conn = _setup()

    @pydsql.retryable(max_retries=5, base_delay=0.002)
    def move(c: pydsql.Connection, src: int, dst: int, *, amount: int) -> int:
        """Move money."""
        c.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, src))
        c.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, dst))
        return amount

    @pydsql.retryable
    def touch(c: pydsql.Connection) -> int:
        c.execute("UPDATE accounts SET balance = balance WHERE id = 1")
        return int(c.execute("SELECT sum(balance) FROM accounts").fetchone()[0])

    assert move.__name__ == "move" and move.__doc__ == "Move money."
    assert move.retry_policy == RetryPolicy(5, 0.002, 0.1, 0.25)
    cluster.faults.fail_next(5)
    assert move(conn, 2, 1, amount=30) == 30
    assert _balances(cluster) == [(1, 130), (2, 70)]
    assert len(cluster.clock.sleeps) == 5  # type: ignore[attr-defined]
    cluster.faults.fail_next(4)
    with pytest.raises(errors.SerializationFailure):  # the bare form has the default policy: 3 retries
        touch(cluster.connect())
    cluster.faults.clear()
    assert touch(conn) == 200


def test_autocommit_connection_with_explicit_block() -> None:
    cluster, _ = _setup()
    conn = cluster.connect(autocommit=True)
    cluster.faults.fail_next(2)

    def transfer(c: pydsql.Connection) -> None:
        c.execute("BEGIN")
        Transfer()(c)

    pydsql.retry(transfer, conn)
    assert _balances(cluster) == [(1, 90), (2, 110)]
    assert conn.notices == []


def test_is_retryable() -> None:
    assert is_retryable(errors.SerializationFailure("anything"))
    assert is_retryable(Exception("mutation conflicts with another transaction, retry as needed (OC000)"))
    assert is_retryable(Exception("schema has been updated by another transaction (OC001)"))
    assert not is_retryable(errors.UniqueViolation("duplicate key value violates unique constraint"))
    assert not is_retryable(errors.ConnectionFailure("connection to server was lost"))


def test_threads_with_real_and_injected_conflicts_keep_the_total() -> None:
    import threading

    cluster = pydsql.Cluster()
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)")
    setup.execute("INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 4) g")
    cluster.faults.fail_fraction(0.2, seed=3)
    failures: list[BaseException] = []

    def client(n: int) -> None:
        conn = cluster.connect()
        rng = random.Random(n)
        try:
            for _ in range(25):
                src, dst = rng.sample(range(1, 5), 2)
                pydsql.retry(
                    lambda c: (
                        c.execute("UPDATE accounts SET balance = balance - 1 WHERE id = %s", (src,)),
                        c.execute("UPDATE accounts SET balance = balance + 1 WHERE id = %s", (dst,)),
                    ),
                    conn,
                    max_retries=50,
                )
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert setup.execute("SELECT sum(balance) FROM accounts").fetchone() == (400,)
    stats = cluster.stats()
    assert stats.commits == 100 + 2  # the transfers, plus the setup's CREATE TABLE and INSERT
    assert stats.injected_oc000 > 0
    assert stats.conflicts == stats.conflicts_oc000 + stats.injected_oc000

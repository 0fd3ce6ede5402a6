"""The overhead of replication itself: a two-region cluster vs a single-region one, at zero latency.

Both clusters run on the real clock with ``latency=0`` (the default), so no
simulated network time is counted: what differs is the work of the commit log
(delivering each entry to the peer region and the witness, the peer applying
it before it reads, the quorum checks).  Workloads, per operation:

* UPDATE / INSERT + COMMIT, every commit from one region (the peer applies the
  entries it holds in batches, or when it next reads);
* UPDATE / INSERT + COMMIT alternating between the two regions (each region
  must first apply the other's last commit); on the single-region cluster the
  same pattern alternates between two connections;
* read after remote commit: an UPDATE + COMMIT in one region, then a primary-key
  SELECT of that row in the other (one operation = the pair).

Rounds alternate between the two clusters (in a different order every round)
and the median microseconds per operation is reported, with multi/single.

    python bench/regions.py [--rounds N] [--ops N] [--quick]

No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import pydsql

ROWS = 10_000
SETUP_BATCH = 1_000  # rows per transaction while loading (DSQL's quota is 3,000)
UPDATE = "UPDATE bench_accounts SET balance = balance + 1 WHERE id = %s"
INSERT = "INSERT INTO bench_events VALUES (%s, %s)"
SELECT = "SELECT balance FROM bench_accounts WHERE id = %s"


@dataclass
class Setup:
    """A cluster and two connections: in two regions (multi) or both in the one region (single)."""

    name: str
    cluster: pydsql.Cluster
    a: pydsql.Connection
    b: pydsql.Connection
    ids: itertools.count[int]  # next INSERT key


def make(name: str) -> Setup:
    if name == "single":
        cluster = pydsql.Cluster()
        a, b = cluster.connect(), cluster.connect()
    else:
        cluster = pydsql.Cluster(regions=["us-east-1", "us-east-2"], witness="us-west-2")
        a, b = cluster.connect(region="us-east-1"), cluster.connect(region="us-east-2")
    a.execute("CREATE TABLE bench_accounts (id integer PRIMARY KEY, balance integer NOT NULL)")
    a.commit()
    a.execute("CREATE TABLE bench_events (id bigint PRIMARY KEY, payload text NOT NULL)")
    a.commit()
    for start in range(0, ROWS, SETUP_BATCH):
        a.cursor().executemany(
            "INSERT INTO bench_accounts VALUES (%s, 1000)", [(i,) for i in range(start, start + SETUP_BATCH)]
        )
        a.commit()
    b.execute("SELECT count(*) FROM bench_accounts").fetchone()  # the peer catches up before timing
    b.commit()
    return Setup(name, cluster, a, b, itertools.count())


def update_one_region(s: Setup, ops: int) -> None:
    a = s.a
    for i in range(ops):
        a.execute(UPDATE, ((i * 31) % ROWS,))
        a.commit()


def insert_one_region(s: Setup, ops: int) -> None:
    a, ids = s.a, s.ids
    for _ in range(ops):
        a.execute(INSERT, (next(ids), "event"))
        a.commit()


def update_alternating(s: Setup, ops: int) -> None:
    conns = (s.a, s.b)
    for i in range(ops):
        c = conns[i & 1]
        c.execute(UPDATE, ((i * 31) % ROWS,))
        c.commit()


def insert_alternating(s: Setup, ops: int) -> None:
    conns, ids = (s.a, s.b), s.ids
    for i in range(ops):
        c = conns[i & 1]
        c.execute(INSERT, (next(ids), "event"))
        c.commit()


def read_after_remote_commit(s: Setup, ops: int) -> None:
    a, b = s.a, s.b
    for i in range(ops):
        key = (i * 31) % ROWS
        a.execute(UPDATE, (key,))
        a.commit()
        b.execute(SELECT, (key,)).fetchone()
        b.commit()


WORKLOADS: list[tuple[str, Callable[[Setup, int], None]]] = [
    ("UPDATE + COMMIT, one region", update_one_region),
    ("INSERT + COMMIT, one region", insert_one_region),
    ("UPDATE + COMMIT, alternating regions", update_alternating),
    ("INSERT + COMMIT, alternating regions", insert_alternating),
    ("UPDATE + COMMIT, then SELECT in the other region", read_after_remote_commit),
]


def check(setups: list[Setup]) -> None:
    """Both clusters did the same work: same balances and event count, read from both connections."""
    answers = set()
    for s in setups:
        for c in (s.a, s.b):
            total = c.execute("SELECT sum(balance) FROM bench_accounts").fetchone()
            events = c.execute("SELECT count(*) FROM bench_events").fetchone()
            c.commit()
            answers.add((int(total[0]), int(events[0])))  # type: ignore[index]
    if len(answers) != 1:
        raise SystemExit(f"the clusters disagree: {answers}")


def run(rounds: int = 15, ops: int = 400) -> None:
    setups = [make("single"), make("multi")]
    print(f"# replication overhead at zero latency: pydsql {pydsql.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {rounds} rounds of {ops} ops")
    print(f"{'workload':50} {'single us/op':>13} {'multi us/op':>12} {'multi/single':>13}")
    for name, fn in WORKLOADS:
        for s in setups:
            fn(s, ops // 5 or 1)  # warm-up (statement cache, code paths)
        times: dict[str, list[float]] = {s.name: [] for s in setups}
        for r in range(rounds):
            for s in setups if r % 2 == 0 else reversed(setups):
                gc.collect()  # neither cluster pays for the other's garbage
                t0 = time.perf_counter()
                fn(s, ops)
                times[s.name].append((time.perf_counter() - t0) / ops * 1e6)
        single, multi = statistics.median(times["single"]), statistics.median(times["multi"])
        print(f"{name:50} {single:13.1f} {multi:12.1f} {multi / single:13.2f}")
    check(setups)
    for s in setups:
        st = s.cluster.stats()
        print(f"# {s.name}: {st.commits} commits, {st.conflicts} conflicts, log position {st.log_position}, "
              f"applied {st.applied}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--ops", type=int, default=400, help="operations per round and workload")
    ap.add_argument("--quick", action="store_true", help="one round of 50 ops (smoke test)")
    args = ap.parse_args()
    if args.quick:
        run(1, 50)
    else:
        run(args.rounds, args.ops)


if __name__ == "__main__":
    main()

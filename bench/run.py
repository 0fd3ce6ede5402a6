"""pydsql vs sqlite3 vs PostgreSQL 16, side by side in one process run.

Each workload runs on three engines: pydsql (in-process), sqlite3 (in-memory:
the in-process limit) and PostgreSQL 16 (pgserver, psycopg 3 over a unix
socket: what users test against today).  The answers of the three engines are
checked to agree before any timing is reported.  Rounds alternate between
engines and the median per-operation time is reported, with the ratios
pydsql/PostgreSQL and pydsql/sqlite3: machines here are noisy, ratios measured
in the same run are the figures that mean something.

    python bench/run.py [--rounds N] [--quick] [--regions]

``--regions`` then runs bench/regions.py: the cost of replication (a
two-region cluster against a single-region one, at zero latency).

No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydsql


@dataclass
class Workload:
    name: str
    ops: int  # operations per round (the time is divided by this)
    setup: Callable[[Any, str], None]  # (connection, engine) -> prepares the data
    run: Callable[[Any, str], Any]  # (connection, engine) -> the timed work; returns an answer
    answer: Callable[[Any, str], Any] | None = None  # untimed: a result to compare across engines


def param(engine: str) -> str:
    return "?" if engine == "sqlite" else "%s"


# -- workloads -----------------------------------------------------------------------------

POINT_ROWS = 10_000
POINT_OPS = 2_000


def _setup_accounts(conn: Any, engine: str) -> None:
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bench_accounts")
    _commit(conn, engine)
    cur.execute("CREATE TABLE bench_accounts (id integer PRIMARY KEY, owner text NOT NULL, balance integer NOT NULL)")
    _commit(conn, engine)
    p = param(engine)
    cur.executemany(
        f"INSERT INTO bench_accounts VALUES ({p}, {p}, {p})", [(i, f"owner{i}", 1000) for i in range(POINT_ROWS)]
    )
    _commit(conn, engine)


def _point_select(conn: Any, engine: str) -> Any:
    cur = conn.cursor()
    p = param(engine)
    sql = f"SELECT owner, balance FROM bench_accounts WHERE id = {p}"
    total = 0
    for i in range(POINT_OPS):
        cur.execute(sql, ((i * 7919) % POINT_ROWS,))
        total += cur.fetchone()[1]
    _commit(conn, engine)
    return total


UPDATE_OPS = 500


def _update_txn(conn: Any, engine: str) -> Any:
    cur = conn.cursor()
    p = param(engine)
    sql = f"UPDATE bench_accounts SET balance = balance + 1 WHERE id = {p}"
    for i in range(UPDATE_OPS):
        cur.execute(sql, ((i * 31) % POINT_ROWS,))
        _commit(conn, engine)


def _balances(conn: Any, engine: str) -> Any:
    cur = conn.cursor()
    cur.execute("SELECT sum(balance), count(*) FROM bench_accounts")
    total, n = cur.fetchone()
    _commit(conn, engine)
    return (int(total), int(n))


INSERT_ROWS = 20_000


def _setup_insert(conn: Any, engine: str) -> None:
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bench_insert")
    _commit(conn, engine)
    cur.execute("CREATE TABLE bench_insert (id bigint PRIMARY KEY, a bigint NOT NULL, b text NOT NULL)")
    _commit(conn, engine)


def _executemany_insert(conn: Any, engine: str) -> Any:
    cur = conn.cursor()
    cur.execute("DELETE FROM bench_insert")
    _commit(conn, engine)
    p = param(engine)
    cur.executemany(
        f"INSERT INTO bench_insert VALUES ({p}, {p}, {p})", [(i, i * 2, f"row {i}") for i in range(INSERT_ROWS)]
    )
    _commit(conn, engine)
    cur.execute("SELECT count(*), sum(a) FROM bench_insert")
    row = cur.fetchone()
    _commit(conn, engine)
    return (int(row[0]), int(row[1]))


ANALYTIC_CUSTOMERS = 2_000
ANALYTIC_ORDERS = 20_000


def _setup_orders(conn: Any, engine: str) -> None:
    cur = conn.cursor()
    for t in ("bench_orders", "bench_customers"):
        cur.execute(f"DROP TABLE IF EXISTS {t}")
        _commit(conn, engine)
    cur.execute("CREATE TABLE bench_customers (id integer PRIMARY KEY, region text NOT NULL, tier integer NOT NULL)")
    _commit(conn, engine)
    cur.execute(
        "CREATE TABLE bench_orders (id integer PRIMARY KEY, customer integer NOT NULL, amount integer NOT NULL, "
        "status text NOT NULL)"
    )
    _commit(conn, engine)
    p = param(engine)
    regions = ["north", "south", "east", "west", "central"]
    cur.executemany(
        f"INSERT INTO bench_customers VALUES ({p}, {p}, {p})",
        [(i, regions[i % 5], i % 3) for i in range(ANALYTIC_CUSTOMERS)],
    )
    _commit(conn, engine)
    statuses = ["new", "paid", "shipped", "returned"]
    cur.executemany(
        f"INSERT INTO bench_orders VALUES ({p}, {p}, {p}, {p})",
        [(i, (i * 7) % ANALYTIC_CUSTOMERS, (i * 37) % 1000, statuses[i % 4]) for i in range(ANALYTIC_ORDERS)],
    )
    _commit(conn, engine)


def _query(conn: Any, engine: str, sql: str) -> Any:
    cur = conn.cursor()
    cur.execute(sql)
    rows = [tuple(int(v) if isinstance(v, (int, float)) or hasattr(v, "as_tuple") else v for v in r) for r in cur.fetchall()]
    _commit(conn, engine)
    return rows


def _join_aggregate(conn: Any, engine: str) -> Any:
    """A hash join of 20,000 orders with 2,000 customers, grouped by region."""
    return _query(conn, engine,
        "SELECT c.region, count(*), sum(o.amount) FROM bench_orders o JOIN bench_customers c ON c.id = o.customer "
        "WHERE o.status <> 'returned' GROUP BY c.region ORDER BY c.region")


def _group_by(conn: Any, engine: str) -> Any:
    """Grouping 20,000 rows into 2,000 groups with HAVING, then sorting the groups."""
    return _query(conn, engine,
        "SELECT customer, count(*), sum(amount), max(amount) FROM bench_orders GROUP BY customer "
        "HAVING sum(amount) > 4000 ORDER BY sum(amount) DESC, customer LIMIT 50")


def _sort_limit(conn: Any, engine: str) -> Any:
    """ORDER BY over 20,000 rows (no index on the key) with OFFSET/LIMIT."""
    return _query(conn, engine,
        "SELECT id, amount FROM bench_orders ORDER BY amount DESC, id LIMIT 20 OFFSET 100")


def _correlated(conn: Any, engine: str) -> Any:
    """A correlated scalar subquery per customer of one tier (primary-key lookups inside)."""
    return _query(conn, engine,
        "SELECT c.id, (SELECT count(*) FROM bench_orders o WHERE o.id = c.id * 3) FROM bench_customers c "
        "WHERE c.tier = 1 ORDER BY c.id LIMIT 200")


WORKLOADS = [
    Workload("point select by primary key (execute + fetchone, 10k rows)", POINT_OPS, _setup_accounts, _point_select),
    Workload("single-row UPDATE + COMMIT", UPDATE_OPS, _setup_accounts, _update_txn, _balances),
    Workload("executemany INSERT of 20,000 rows in one transaction", INSERT_ROWS, _setup_insert, _executemany_insert),
    Workload("join 20k x 2k + GROUP BY (per query)", 1, _setup_orders, _join_aggregate),
    Workload("GROUP BY 20k rows into 2k groups + HAVING + sort (per query)", 1, _setup_orders, _group_by),
    Workload("ORDER BY 20k rows, OFFSET/LIMIT (per query)", 1, _setup_orders, _sort_limit),
    Workload("correlated scalar subquery, 200 outer rows (per query)", 1, _setup_orders, _correlated),
]


def _commit(conn: Any, engine: str) -> None:
    conn.commit()


# -- engines ------------------------------------------------------------------------------------


def open_engines() -> dict[str, Any]:
    engines: dict[str, Any] = {}
    # The workloads load 20,000-row tables in one transaction, which DSQL's 3,000-row
    # quota would refuse (as it would on DSQL); the benchmark measures the engine, so
    # it lifts the quota.
    unlimited = pydsql.Quotas(transaction_rows=10**9, transaction_bytes=2**40)
    engines["pydsql"] = pydsql.Cluster(quotas=unlimited).connect()
    engines["sqlite"] = sqlite3.connect(":memory:")
    try:
        import pgserver
        import psycopg

        srv = pgserver.get_server(tempfile.mkdtemp(prefix="pydsql-bench-"), cleanup_mode="stop")
        engines["postgres"] = psycopg.connect(srv.get_uri())
        engines["_server"] = srv
    except Exception as e:  # pragma: no cover - reported, the other engines still run
        print(f"PostgreSQL unavailable ({type(e).__name__}: {e}); install the test extras", file=sys.stderr)
    return engines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="one round (smoke test)")
    ap.add_argument("--regions", action="store_true", help="then the replication overhead (bench/regions.py)")
    args = ap.parse_args()
    rounds = 1 if args.quick else args.rounds
    engines = open_engines()
    names = [n for n in ("pydsql", "sqlite", "postgres") if n in engines]
    print(f"# pydsql {pydsql.__version__} bench, Python {platform.python_version()}, {platform.machine()}, {rounds} rounds")
    print(f"{'workload':58} " + " ".join(f"{n + ' us/op':>14}" for n in names) + "  pydsql/pg  pydsql/sqlite")
    for w in WORKLOADS:
        for n in names:
            w.setup(engines[n], n)
        answers = {n: w.run(engines[n], n) for n in names}  # warm-up round, also the correctness check
        times: dict[str, list[float]] = {n: [] for n in names}
        for _ in range(rounds):
            for n in names:  # alternate engines within each round
                t0 = time.perf_counter()
                w.run(engines[n], n)
                times[n].append((time.perf_counter() - t0) / w.ops * 1e6)
        if w.answer is not None:
            answers = {n: w.answer(engines[n], n) for n in names}
        if len({repr(a) for a in answers.values()}) != 1:
            raise SystemExit(f"engines disagree on {w.name!r}: {answers}")
        med = {n: statistics.median(ts) for n, ts in times.items()}
        ratio_pg = f"{med['pydsql'] / med['postgres']:9.2f}" if "postgres" in med else "      n/a"
        ratio_sq = f"{med['pydsql'] / med['sqlite']:13.2f}"
        print(f"{w.name:58} " + " ".join(f"{med[n]:14.1f}" for n in names) + f"  {ratio_pg}  {ratio_sq}")
    srv = engines.get("_server")
    if srv is not None:
        engines["postgres"].close()
        srv.cleanup()
    if args.regions:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import regions

        print()
        if args.quick:
            regions.run(1, 50)
        else:
            regions.run()  # its own rounds: shorter operations need more of them


if __name__ == "__main__":
    main()

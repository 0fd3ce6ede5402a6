"""pydsql vs sqlite3 vs PostgreSQL 16, side by side in one process run.

Each workload runs on three engines: pydsql (in-process), sqlite3 (in-memory:
the in-process limit) and PostgreSQL 16 (pgserver, psycopg 3 over a unix
socket: what users test against today).  The answers of the three engines are
checked to agree before any timing is reported.  Rounds alternate between
engines and the median per-operation time is reported, with the ratios
pydsql/PostgreSQL and pydsql/sqlite3: machines here are noisy, ratios measured
in the same run are the figures that mean something.

    python bench/run.py [--rounds N] [--quick]

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


WORKLOADS = [
    Workload("point select by primary key (execute + fetchone, 10k rows)", POINT_OPS, _setup_accounts, _point_select),
    Workload("single-row UPDATE + COMMIT", UPDATE_OPS, _setup_accounts, _update_txn, _balances),
    Workload("executemany INSERT of 20,000 rows in one transaction", INSERT_ROWS, _setup_insert, _executemany_insert),
]


def _commit(conn: Any, engine: str) -> None:
    conn.commit()


# -- engines ------------------------------------------------------------------------------------


def open_engines() -> dict[str, Any]:
    engines: dict[str, Any] = {}
    engines["pydsql"] = pydsql.connect()
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


if __name__ == "__main__":
    main()

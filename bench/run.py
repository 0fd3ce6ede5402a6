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
import gc
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

def _fresh_table(conn: Any, name: str, columns: str) -> Any:
    """(Re)create table ``name``, one DDL statement per transaction (DSQL's rule); a cursor on ``conn``.
    The PostgreSQL server outlives the workloads, so the previous round's table goes first."""
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    conn.commit()
    cur.execute(f"CREATE TABLE {name} ({columns})")
    conn.commit()
    return cur


POINT_ROWS = 10_000
POINT_OPS = 2_000


def _setup_accounts(conn: Any, engine: str) -> None:
    cur = _fresh_table(conn, "bench_accounts", "id integer PRIMARY KEY, owner text NOT NULL, balance integer NOT NULL")
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
    _fresh_table(conn, "bench_insert", "id bigint PRIMARY KEY, a bigint NOT NULL, b text NOT NULL")


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


TPCB_ACCOUNTS = 10_000
TPCB_OPS = 300


def _setup_tpcb(conn: Any, engine: str) -> None:
    _setup_accounts(conn, engine)
    _fresh_table(conn, "bench_branches", "id integer PRIMARY KEY, balance integer NOT NULL")
    _fresh_table(conn, "bench_tellers", "id integer PRIMARY KEY, branch integer NOT NULL, balance integer NOT NULL")
    cur = _fresh_table(
        conn, "bench_history",
        "id integer PRIMARY KEY, account integer NOT NULL, teller integer NOT NULL, delta integer NOT NULL",
    )
    p = param(engine)
    cur.executemany(f"INSERT INTO bench_branches VALUES ({p}, 0)", [(i,) for i in range(10)])
    cur.executemany(f"INSERT INTO bench_tellers VALUES ({p}, {p}, 0)", [(i, i % 10) for i in range(100)])
    _commit(conn, engine)


_HISTORY_IDS = iter(range(1, 10**9))


def _tpcb(conn: Any, engine: str) -> Any:
    """TPC-B's transaction: three updates, one select, one insert, COMMIT."""
    cur = conn.cursor()
    p = param(engine)
    for i in range(TPCB_OPS):
        account, teller, delta = (i * 7919) % TPCB_ACCOUNTS, (i * 13) % 100, i % 50 - 25
        cur.execute(f"UPDATE bench_accounts SET balance = balance + {p} WHERE id = {p}", (delta, account))
        cur.execute(f"SELECT balance FROM bench_accounts WHERE id = {p}", (account,))
        cur.fetchone()
        cur.execute(f"UPDATE bench_tellers SET balance = balance + {p} WHERE id = {p}", (delta, teller))
        cur.execute(f"UPDATE bench_branches SET balance = balance + {p} WHERE id = {p}", (delta, teller % 10))
        cur.execute(
            f"INSERT INTO bench_history VALUES ({p}, {p}, {p}, {p})", (next(_HISTORY_IDS), account, teller, delta)
        )
        _commit(conn, engine)


def _tpcb_answer(conn: Any, engine: str) -> Any:
    cur = conn.cursor()
    cur.execute("SELECT (SELECT sum(balance) FROM bench_branches), (SELECT sum(balance) FROM bench_tellers)")
    row = cur.fetchone()
    _commit(conn, engine)
    return (int(row[0]), int(row[1]))


UNIT_TABLES = 4
UNIT_ROWS = 50
UNIT_QUERIES = 20


def _unit_test_database(engine: str, conn: Any) -> tuple[Any, Callable[[], None]]:
    """A fresh, empty database the way a test suite gets one: (connection, cleanup)."""
    if engine == "pydsql":
        return pydsql.connect(), lambda: None
    if engine == "sqlite":
        c = sqlite3.connect(":memory:")
        return c, c.close
    import psycopg
    from psycopg.conninfo import make_conninfo

    global _PG_ADMIN
    if _PG_ADMIN is None:
        _PG_ADMIN = psycopg.connect(_PG_URI, autocommit=True)  # CREATE DATABASE refuses transactions
    admin = _PG_ADMIN
    name = f"bench_unit_{next(_UNIT_DBS)}"
    admin.execute(f"CREATE DATABASE {name}")
    c = psycopg.connect(make_conninfo(_PG_URI, dbname=name))

    def drop() -> None:
        c.close()
        admin.execute(f"DROP DATABASE {name}")

    return c, drop


_UNIT_DBS = iter(range(10**9))
_PG_URI = ""
_PG_ADMIN: Any = None
UNIT_OPS = 20


def _unit_tests(admin: Any, engine: str) -> Any:
    """One "unit test": a fresh database, 4 tables, 50 rows, 20 point queries."""
    p = param(engine)
    total = 0
    for _ in range(UNIT_OPS):
        conn, cleanup = _unit_test_database(engine, admin)
        cur = conn.cursor()
        for t in range(UNIT_TABLES):
            cur.execute(f"CREATE TABLE t{t} (id integer PRIMARY KEY, name text NOT NULL, n integer)")
            conn.commit()
        for t in range(UNIT_TABLES):
            cur.executemany(
                f"INSERT INTO t{t} VALUES ({p}, {p}, {p})",
                [(i, f"n{i}", i) for i in range(UNIT_ROWS // UNIT_TABLES + (t < UNIT_ROWS % UNIT_TABLES))],
            )
        conn.commit()
        for q in range(UNIT_QUERIES):
            cur.execute(f"SELECT name, n FROM t{q % UNIT_TABLES} WHERE id = {p}", (q % 12,))
            total += cur.fetchone()[1]
        conn.commit()
        cleanup()
    return total


def _setup_unit(conn: Any, engine: str) -> None:
    pass


GROUP_ROWS = 50_000


def _setup_facts(conn: Any, engine: str) -> None:
    cur = _fresh_table(
        conn, "bench_facts", "id integer PRIMARY KEY, category integer NOT NULL, status text NOT NULL, amount integer NOT NULL"
    )
    p = param(engine)
    statuses = ["new", "paid", "shipped", "returned"]
    cur.executemany(
        f"INSERT INTO bench_facts VALUES ({p}, {p}, {p}, {p})",
        [(i, (i * 7) % 500, statuses[i % 4], (i * 37) % 1000) for i in range(GROUP_ROWS)],
    )
    _commit(conn, engine)


def _filter_group_by(conn: Any, engine: str) -> Any:
    """A filter and GROUP BY over 50,000 rows."""
    return _query(conn, engine,
        "SELECT category, count(*), sum(amount) FROM bench_facts WHERE status <> 'returned' AND amount > 100 "
        "GROUP BY category ORDER BY category")


JOIN_ORDERS = 20_000
JOIN_CUSTOMERS = 100


def _setup_orders(conn: Any, engine: str) -> None:
    _fresh_table(conn, "bench_customers", "id integer PRIMARY KEY, region text NOT NULL, tier integer NOT NULL")
    cur = _fresh_table(
        conn, "bench_orders", "id integer PRIMARY KEY, customer integer NOT NULL, amount integer NOT NULL, status text NOT NULL"
    )
    p = param(engine)
    regions = ["north", "south", "east", "west", "central"]
    cur.executemany(
        f"INSERT INTO bench_customers VALUES ({p}, {p}, {p})",
        [(i, regions[i % 5], i % 3) for i in range(JOIN_CUSTOMERS)],
    )
    _commit(conn, engine)
    statuses = ["new", "paid", "shipped", "returned"]
    cur.executemany(
        f"INSERT INTO bench_orders VALUES ({p}, {p}, {p}, {p})",
        [(i, (i * 7) % JOIN_CUSTOMERS, (i * 37) % 1000, statuses[i % 4]) for i in range(JOIN_ORDERS)],
    )
    _commit(conn, engine)


def _query(conn: Any, engine: str, sql: str, params: Any = None) -> Any:
    cur = conn.cursor()
    cur.execute(sql, params) if params is not None else cur.execute(sql)
    rows = [tuple(int(v) if isinstance(v, (int, float)) or hasattr(v, "as_tuple") else v for v in r) for r in cur.fetchall()]
    _commit(conn, engine)
    return rows


def _join_aggregate(conn: Any, engine: str) -> Any:
    """An equi-join of 20,000 orders with 100 customers, grouped, ordered, limited."""
    return _query(conn, engine,
        "SELECT c.id, c.region, count(*), sum(o.amount) FROM bench_orders o JOIN bench_customers c ON c.id = o.customer "
        "GROUP BY c.id, c.region ORDER BY sum(o.amount) DESC, c.id LIMIT 10")


RANGE_ROWS = 100_000
RANGE_OPS = 50


def _setup_range(conn: Any, engine: str) -> None:
    cur = _fresh_table(conn, "bench_events", "id integer PRIMARY KEY, at integer NOT NULL, payload text NOT NULL")
    p = param(engine)
    cur.executemany(
        f"INSERT INTO bench_events VALUES ({p}, {p}, {p})",
        [(i, (i * 7919) % RANGE_ROWS, f"event {i}") for i in range(RANGE_ROWS)],
    )
    _commit(conn, engine)
    asynchronous = " ASYNC" if engine == "pydsql" else ""  # DSQL builds secondary indexes as jobs
    cur.execute(f"CREATE INDEX{asynchronous} bench_events_at ON bench_events (at)")
    _commit(conn, engine)
    if engine == "postgres":
        cur.execute("ANALYZE bench_events")
        _commit(conn, engine)


def _range_scan(conn: Any, engine: str) -> Any:
    """100 rows of 100,000 through a secondary index."""
    cur = conn.cursor()
    p = param(engine)
    total = 0
    for i in range(RANGE_OPS):
        lo = (i * 1777) % (RANGE_ROWS - 100)
        cur.execute(f"SELECT id, payload FROM bench_events WHERE at >= {p} AND at < {p}", (lo, lo + 100))
        total += sum(r[0] for r in cur.fetchall())
    _commit(conn, engine)
    return total


WORKLOADS = [
    Workload("point select by primary key (execute + fetchone, 10k rows)", POINT_OPS, _setup_accounts, _point_select),
    Workload("single-row UPDATE + COMMIT", UPDATE_OPS, _setup_accounts, _update_txn, _balances),
    Workload("TPC-B-like transaction (3 updates, select, insert, COMMIT)", TPCB_OPS, _setup_tpcb, _tpcb, _tpcb_answer),
    Workload("unit test: fresh database, 4 tables, 50 rows, 20 queries", UNIT_OPS, _setup_unit, _unit_tests),
    Workload("executemany INSERT of 20,000 rows in one transaction", INSERT_ROWS, _setup_insert, _executemany_insert),
    Workload("filter + GROUP BY over 50,000 rows (per query)", 1, _setup_facts, _filter_group_by),
    Workload("equi-join 20k x 100 + GROUP BY + ORDER BY LIMIT (per query)", 1, _setup_orders, _join_aggregate),
    Workload("range scan via secondary index, 100 of 100k rows", RANGE_OPS, _setup_range, _range_scan),
]


def _commit(conn: Any, engine: str) -> None:
    conn.commit()


# -- engines ------------------------------------------------------------------------------------


def _in_process_engines() -> dict[str, Any]:
    # The workloads load 20,000-row tables in one transaction, which DSQL's 3,000-row
    # quota would refuse (as it would on DSQL); the benchmark measures the engine, so
    # it lifts the quota.
    unlimited = pydsql.Quotas(transaction_rows=10**9, transaction_bytes=2**40)
    return {"pydsql": pydsql.Cluster(quotas=unlimited).connect(), "sqlite": sqlite3.connect(":memory:")}


def open_engines() -> dict[str, Any]:
    engines: dict[str, Any] = _in_process_engines()
    try:
        import pgserver
        import psycopg

        srv = pgserver.get_server(tempfile.mkdtemp(prefix="pydsql-bench-"), cleanup_mode="stop")
        global _PG_URI
        _PG_URI = srv.get_uri()
        engines["postgres"] = psycopg.connect(_PG_URI)
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
        # each workload starts from fresh in-process databases: the previous workloads' data
        # would otherwise stay alive and make Python's garbage collector slower for the next
        engines.update(_in_process_engines())
        gc.collect()
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

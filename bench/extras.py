"""The figures of the performance issue that are not a per-operation time.

* **Threads**: 4 threads run a conflicting TPC-B-like transaction on a hot set
  of 10 accounts for a fixed time, retrying on 40001; committed transactions
  per second and the conflict rate, on pydsql and on PostgreSQL (REPEATABLE
  READ, the isolation that fails instead of waiting... after waiting for the
  row lock); then a check that no update was lost (the balances add up to
  the committed deltas).
* **Memory**: bytes per row of a 1,000,000-row table of (bigint, bigint,
  text of 20 characters), measured as the growth of a fresh child process's
  resident memory once it has loaded the table, for pydsql and sqlite3 (in memory).
* **Import**: wall time of ``import pydsql; pydsql.connect().cursor().execute('select 1')``
  in a fresh interpreter, against ``import sqlglot`` alone (median of 5).

    python bench/extras.py [--rows N] [--seconds S]

No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

import pydsql
from pydsql.retry import is_retryable

HOT_ACCOUNTS = 10


# -- threads -----------------------------------------------------------------------------------


def _tpcb_threads(connect: Any, is_conflict: Any, seconds: float, threads: int = 4) -> dict[str, float]:
    """Run the hot TPC-B loop in ``threads`` threads; returns counts and the lost-update check."""
    committed = [0] * threads
    conflicts = [0] * threads
    deltas = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(n: int) -> None:
        conn = connect()
        cur = conn.cursor()
        i = n
        while time.perf_counter() < stop:
            i += threads
            account, delta = (i * 7) % HOT_ACCOUNTS, i % 7 - 3
            try:
                cur.execute("UPDATE hot_accounts SET balance = balance + %s WHERE id = %s", (delta, account))
                cur.execute("SELECT balance FROM hot_accounts WHERE id = %s", (account,))
                cur.fetchone()
                cur.execute("UPDATE hot_branches SET balance = balance + %s WHERE id = %s", (delta, account % 2))
                conn.commit()
            except Exception as e:  # noqa: BLE001 - a conflict is retried, anything else is a bug
                conn.rollback()
                if not is_conflict(e):
                    raise
                conflicts[n] += 1
                continue
            committed[n] += 1
            deltas[n] += delta
        conn.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    check = connect()
    cur = check.cursor()
    cur.execute("SELECT (SELECT sum(balance) FROM hot_accounts), (SELECT sum(balance) FROM hot_branches)")
    accounts, branches = (int(v) for v in cur.fetchone())
    check.commit()
    check.close()
    total_delta = sum(deltas)
    if accounts != total_delta or branches != total_delta:
        raise SystemExit(f"lost update: deltas {total_delta}, accounts {accounts}, branches {branches}")
    n = sum(committed)
    return {"txn_per_s": n / elapsed, "conflict_rate": sum(conflicts) / max(1, n + sum(conflicts))}


def _hot_schema(conn: Any) -> None:
    cur = conn.cursor()
    for t in ("hot_accounts", "hot_branches"):
        cur.execute(f"DROP TABLE IF EXISTS {t}")
        conn.commit()
    cur.execute("CREATE TABLE hot_accounts (id integer PRIMARY KEY, balance integer NOT NULL)")
    conn.commit()
    cur.execute("CREATE TABLE hot_branches (id integer PRIMARY KEY, balance integer NOT NULL)")
    conn.commit()
    cur.executemany("INSERT INTO hot_accounts VALUES (%s, 0)", [(i,) for i in range(HOT_ACCOUNTS)])
    cur.executemany("INSERT INTO hot_branches VALUES (%s, 0)", [(i,) for i in range(2)])
    conn.commit()


def threads_report(seconds: float) -> None:
    cluster = pydsql.Cluster()
    setup = cluster.connect()
    _hot_schema(setup)
    results = {"pydsql": _tpcb_threads(cluster.connect, is_retryable, seconds)}
    try:
        import pgserver
        import psycopg
        from psycopg import errors as pg_errors

        srv = pgserver.get_server(tempfile.mkdtemp(prefix="pydsql-bench-"), cleanup_mode="stop")
        uri = srv.get_uri()
        with psycopg.connect(uri) as admin:
            _hot_schema(admin)

        def pg_connect() -> Any:
            conn = psycopg.connect(uri)
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            return conn

        def pg_conflict(e: BaseException) -> bool:
            return isinstance(e, (pg_errors.SerializationFailure, pg_errors.DeadlockDetected))

        results["postgres"] = _tpcb_threads(pg_connect, pg_conflict, seconds)
        srv.cleanup()
    except ImportError:
        pass
    print(f"# 4 threads, conflicting TPC-B on {HOT_ACCOUNTS} hot accounts, {seconds:g} s each (no lost update)")
    for name, r in results.items():
        print(f"{name:10} {r['txn_per_s']:10.0f} committed txn/s   conflict rate {r['conflict_rate']:6.1%}")


# -- memory ---------------------------------------------------------------------------------------

_LOAD = """
import sys
rows = int(sys.argv[2])
def rss():
    import os
    with open("/proc/self/statm") as f:  # resident pages now (Linux)
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
data = None
if sys.argv[1] == "pydsql":
    import pydsql
    conn = pydsql.Cluster(quotas=pydsql.Quotas(transaction_rows=10**9, transaction_bytes=2**42)).connect()
    p = "%s"
else:
    import sqlite3
    conn = sqlite3.connect(":memory:")
    p = "?"
cur = conn.cursor()
cur.execute("CREATE TABLE big (id bigint PRIMARY KEY, n bigint NOT NULL, s varchar(20) NOT NULL)")
conn.commit()
before = rss()
batch = 50_000
for start in range(0, rows, batch):
    cur.executemany(f"INSERT INTO big VALUES ({p}, {p}, {p})",
                    [(i, i * 3, f"{i:020d}") for i in range(start, min(rows, start + batch))])
conn.commit()
import gc; gc.collect()
cur.execute("SELECT count(*) FROM big")
assert cur.fetchone()[0] == rows
print(rss() - before)
"""


def memory_report(rows: int) -> None:
    per_row = {}
    for engine in ("pydsql", "sqlite"):
        out = subprocess.run([sys.executable, "-c", _LOAD, engine, str(rows)], capture_output=True, text=True, check=True)
        per_row[engine] = int(out.stdout.strip()) / rows
    print(f"# memory of a {rows:,}-row table (bigint, bigint, text(20)): resident memory growth per row")
    print(f"pydsql {per_row['pydsql']:8.0f} B/row   sqlite3 {per_row['sqlite']:8.0f} B/row   "
          f"ratio {per_row['pydsql'] / per_row['sqlite']:.2f}")


# -- import -----------------------------------------------------------------------------------------


def _wall(code: str, runs: int = 5) -> float:
    # as users run it: with cached bytecode (a first, untimed run writes it)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def import_report() -> None:
    pydsql_time = _wall("import pydsql; pydsql.connect().cursor().execute('select 1')")
    sqlglot_time = _wall("import sqlglot")
    bare = _wall("pass")
    print("# import: wall time of a fresh interpreter (median of 5)")
    print(f"pydsql connect + select 1 {pydsql_time * 1000:7.0f} ms   import sqlglot {sqlglot_time * 1000:7.0f} ms   "
          f"python alone {bare * 1000:5.0f} ms   ratio {pydsql_time / sqlglot_time:.2f}")


def run(rows: int = 1_000_000, seconds: float = 3.0) -> None:
    threads_report(seconds)
    print()
    memory_report(rows)
    print()
    import_report()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    run(args.rows, args.seconds)


if __name__ == "__main__":
    main()

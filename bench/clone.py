"""The cost of a fresh database per test: pydsql's clone vs sqlite3 vs PostgreSQL templates.

What a test suite pays before each test gets its own database, in
microseconds (median of the rounds), for each way of getting one:

* ``empty clone``: a copy of an empty database.  pydsql: ``template.clone()``
  then ``connect()``; sqlite3: ``sqlite3.connect(":memory:")``; PostgreSQL:
  ``CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY`` of an empty
  database, connect, and (after the test) close and ``DROP DATABASE``, on a
  server tuned as test suites run it (``fsync``, ``synchronous_commit`` and
  ``full_page_writes`` off).
* ``10,000-row clone``: a copy of a database holding a 10,000-row table (and
  an index).  pydsql: ``clone()`` (copy-on-write: the rows are not copied);
  sqlite3: ``backup()`` of the seeded database into a new in-memory one;
  PostgreSQL: ``CREATE DATABASE ... TEMPLATE`` the seeded database.
* ``10,000-row clone + first write``: the same, then one INSERT into the big
  table committed (pydsql pays its copy-on-write here: the table's
  containers, not its rows).
* ``10-table schema clone``: a copy of a database with 10 empty tables (the
  "schema once, data per test" path).
* ``fresh 10-table schema``: no template, the schema is created for each
  test (10 CREATE TABLE statements; pydsql: one DDL per transaction, as DSQL).

    python bench/clone.py [--rounds N] [--quick]

Ratios ``pg/pydsql`` and ``sqlite/pydsql`` above 1 mean pydsql is faster.
No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import pydsql

ROWS = 10_000
TABLES = 10
SCHEMA = [f"CREATE TABLE t{i} (id integer PRIMARY KEY, name text NOT NULL, n integer)" for i in range(TABLES)]
BIG = "CREATE TABLE big (id integer PRIMARY KEY, name text NOT NULL, n integer)"
BIG_INDEX = {"pydsql": "CREATE INDEX ASYNC big_n ON big (n)", "sqlite": "CREATE INDEX big_n ON big (n)",
             "postgres": "CREATE INDEX big_n ON big (n)"}
INSERT = {"pydsql": "INSERT INTO big VALUES (%s, %s, %s)", "sqlite": "INSERT INTO big VALUES (?, ?, ?)",
          "postgres": "INSERT INTO big VALUES (%s, %s, %s)"}


# -- pydsql ---------------------------------------------------------------------------------------


def _pydsql_template(kind: str) -> pydsql.Cluster:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    if kind == "big":
        conn.execute(BIG)
        conn.execute(BIG_INDEX["pydsql"])
        for lo in range(0, ROWS, 1000):  # DSQL's 3,000-row quota per transaction
            conn.execute(
                "INSERT INTO big SELECT g, 'name' || g, g %% 100 FROM generate_series(%s::int, %s::int) g",
                (lo, lo + 999),
            )
    elif kind == "schema":
        for ddl in SCHEMA:
            conn.execute(ddl)
    conn.close()
    cluster.run_jobs()
    return cluster


def pydsql_cases() -> dict[str, Callable[[], None]]:
    empty, big, schema = _pydsql_template("empty"), _pydsql_template("big"), _pydsql_template("schema")
    serial = iter(range(ROWS, 10**9))

    def clone(template: pydsql.Cluster) -> Callable[[], None]:
        def run() -> None:
            template.clone().connect().close()
        return run

    def clone_and_write() -> None:
        conn = big.clone().connect()
        i = next(serial)
        conn.execute(INSERT["pydsql"], (i, "x", 1))
        conn.commit()
        conn.close()

    def fresh_schema() -> None:
        conn = pydsql.connect(autocommit=True)
        for ddl in SCHEMA:
            conn.execute(ddl)
        conn.close()

    return {"empty clone": clone(empty), "10,000-row clone": clone(big), "10,000-row clone + first write":
            clone_and_write, "10-table schema clone": clone(schema), "fresh 10-table schema": fresh_schema}


# -- sqlite3 ----------------------------------------------------------------------------------------


def _sqlite_template(kind: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    if kind == "big":
        conn.execute(BIG)
        conn.execute(BIG_INDEX["sqlite"])
        conn.executemany(INSERT["sqlite"], [(i, f"name{i}", i % 100) for i in range(ROWS)])
    elif kind == "schema":
        for ddl in SCHEMA:
            conn.execute(ddl)
    conn.commit()
    return conn


def sqlite_cases() -> dict[str, Callable[[], None]]:
    big, schema = _sqlite_template("big"), _sqlite_template("schema")
    serial = iter(range(ROWS, 10**9))

    def empty() -> None:
        sqlite3.connect(":memory:").close()

    def backup(template: sqlite3.Connection) -> Callable[[], None]:
        def run() -> None:
            conn = sqlite3.connect(":memory:")
            template.backup(conn)
            conn.close()
        return run

    def backup_and_write() -> None:
        conn = sqlite3.connect(":memory:")
        big.backup(conn)
        conn.execute(INSERT["sqlite"], (next(serial), "x", 1))
        conn.commit()
        conn.close()

    def fresh_schema() -> None:
        conn = sqlite3.connect(":memory:")
        for ddl in SCHEMA:
            conn.execute(ddl)
        conn.commit()
        conn.close()

    return {"empty clone": empty, "10,000-row clone": backup(big), "10,000-row clone + first write":
            backup_and_write, "10-table schema clone": backup(schema), "fresh 10-table schema": fresh_schema}


# -- PostgreSQL (pgserver) ----------------------------------------------------------------------------


def postgres_cases(uri: str) -> dict[str, Callable[[], None]]:
    import psycopg
    from psycopg.conninfo import make_conninfo

    admin = psycopg.connect(uri, autocommit=True)  # CREATE DATABASE refuses transactions
    # PostgreSQL as a test suite should run it: no durability, and templates copied file by file
    # (FILE_COPY: faster than PostgreSQL 15+'s default WAL_LOG for small databases).
    for setting in ("fsync", "synchronous_commit", "full_page_writes"):
        admin.execute(f"ALTER SYSTEM SET {setting} = off")
    admin.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)
    for kind in ("empty", "big", "schema"):
        admin.execute(f"DROP DATABASE IF EXISTS tmpl_{kind}")
        admin.execute(f"CREATE DATABASE tmpl_{kind}")
        with psycopg.connect(make_conninfo(uri, dbname=f"tmpl_{kind}")) as conn:  # closed: a template needs no users
            if kind == "big":
                conn.execute(BIG)
                conn.execute(BIG_INDEX["postgres"])
                conn.execute(
                    "INSERT INTO big SELECT g, 'name' || g, g %% 100 FROM generate_series(0, %s) g", (ROWS - 1,)
                )
            elif kind == "schema":
                for ddl in SCHEMA:
                    conn.execute(ddl)
    names = iter(range(10**9))
    serial = iter(range(ROWS, 10**9))

    def database(template: str | None, work: Callable[[Any], None] | None = None) -> Callable[[], None]:
        def run() -> None:
            name = f"bench_clone_{next(names)}"
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {template or 'template1'} STRATEGY FILE_COPY")
            conn = psycopg.connect(make_conninfo(uri, dbname=name))
            if work is not None:
                work(conn)
            conn.close()
            admin.execute(f"DROP DATABASE {name}")
        return run

    def first_write(conn: Any) -> None:
        conn.execute(INSERT["postgres"], (next(serial), "x", 1))
        conn.commit()

    def schema(conn: Any) -> None:
        for ddl in SCHEMA:
            conn.execute(ddl)
        conn.commit()

    return {"empty clone": database("tmpl_empty"), "10,000-row clone": database("tmpl_big"),
            "10,000-row clone + first write": database("tmpl_big", first_write),
            "10-table schema clone": database("tmpl_schema"), "fresh 10-table schema": database(None, schema)}


# -- the run ----------------------------------------------------------------------------------------------


def measure(fn: Callable[[], None], budget: float) -> float:
    """Microseconds per call: calls repeated for about ``budget`` seconds."""
    fn()  # warm-up
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= budget and n >= 3:
            return elapsed / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="one short round (smoke test)")
    args = ap.parse_args()
    rounds, budget = (1, 0.05) if args.quick else (args.rounds, 0.3)
    engines: dict[str, dict[str, Callable[[], None]]] = {"pydsql": pydsql_cases(), "sqlite": sqlite_cases()}
    server = None
    try:
        import pgserver

        server = pgserver.get_server(tempfile.mkdtemp(prefix="pydsql-bench-clone-"), cleanup_mode="stop")
        engines["postgres"] = postgres_cases(server.get_uri())
    except Exception as e:  # pragma: no cover - reported, the other engines still run
        print(f"PostgreSQL unavailable ({type(e).__name__}: {e}); install the test extras", file=sys.stderr)
    names = list(engines)
    print(f"# per-test database cost, pydsql {pydsql.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, {rounds} rounds; us per database")
    print(f"{'case':34}" + "".join(f"{n:>12}" for n in names) + "".join(f"{n + '/pydsql':>16}" for n in names[1:]))
    try:
        for case in engines["pydsql"]:
            times: dict[str, list[float]] = {n: [] for n in names}
            for r in range(rounds):
                for n in names if r % 2 == 0 else reversed(names):  # alternate the order
                    gc.collect()
                    times[n].append(measure(engines[n][case], budget))
            med = {n: statistics.median(ts) for n, ts in times.items()}
            print(f"{case:34}" + "".join(f"{med[n]:12.0f}" for n in names)
                  + "".join(f"{med[n] / med['pydsql']:16.1f}" for n in names[1:]))
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    main()

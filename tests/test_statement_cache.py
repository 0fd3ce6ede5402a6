"""The statement cache: a repeated statement is neither parsed nor planned again; DDL invalidates;
databases with the same schema share plans."""

from __future__ import annotations

import threading

import pytest

import pydsql
from pydsql.sql import dialect, statements


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = {"tokenize": 0, "prepare": 0}
    real_tokenize = dialect._tokenize
    real_prepare = statements.prepare

    def tokenize(sql: str) -> object:
        counts["tokenize"] += 1
        return real_tokenize(sql)

    def prepare(*args: object, **kwargs: object) -> object:
        counts["prepare"] += 1
        return real_prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dialect, "_tokenize", tokenize)
    monkeypatch.setattr("pydsql.session.prepare", prepare)
    monkeypatch.setattr("pydsql.session._PREPARED", {})  # the cache is process-wide: start empty
    dialect.parse.cache_clear()
    return counts


def test_repeated_statement_is_not_parsed_or_planned_again(counting: dict[str, int]) -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    before = dict(counting)
    for i in range(50):
        conn.execute("INSERT INTO t VALUES (%s, %s)", (i, str(i)))
        conn.execute("SELECT v FROM t WHERE id = %s", (i,))
    assert counting["tokenize"] - before["tokenize"] == 2  # one parse per distinct SQL text
    assert counting["prepare"] - before["prepare"] == 2  # one plan per (text, parameter types)


def test_parameter_types_are_part_of_the_key(counting: dict[str, int]) -> None:
    conn = pydsql.connect()
    conn.execute("SELECT %s", (1,))
    conn.execute("SELECT %s", (2,))  # int2 again: cached
    conn.execute("SELECT %s", ("x",))  # unknown: planned anew
    assert counting["prepare"] == 2
    assert conn.execute("SELECT %s", (3,)).fetchone() == (3,)


def test_ddl_invalidates_cached_plans(counting: dict[str, int]) -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    assert conn.execute("SELECT * FROM t").fetchall() == [(1,)]
    conn.execute("DROP TABLE t")
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, extra text DEFAULT 'x')")
    conn.execute("INSERT INTO t (id) VALUES (2)")
    cur = conn.execute("SELECT * FROM t")
    assert cur.fetchall() == [(2, "x")]  # the new table, not a stale plan of the old one
    assert [d.name for d in cur.description] == ["id", "extra"]  # type: ignore[union-attr]


def test_connections_of_one_cluster_share_the_cache(counting: dict[str, int]) -> None:
    cluster = pydsql.Cluster()
    a, b = cluster.connect(), cluster.connect()
    a.execute("SELECT 1 + 1")
    b.execute("SELECT 1 + 1")
    assert counting["prepare"] == 1


def _fresh_database() -> pydsql.Connection:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    conn.execute("CREATE TABLE u (id int PRIMARY KEY, t_id int)")
    return conn


def test_databases_with_the_same_schema_share_plans(counting: dict[str, int]) -> None:
    for i in range(3):  # a fresh database per test, as a test suite makes them
        conn = _fresh_database()
        conn.execute("INSERT INTO t VALUES (%s, %s)", (i, "x"))
        assert conn.execute("SELECT id, v FROM t").fetchall() == [(i, "x")]  # its own data only
    # CREATE t, CREATE u, INSERT, SELECT: planned once, for the first database
    assert counting["prepare"] == 4
    other = pydsql.connect(autocommit=True)
    other.execute("CREATE TABLE t (id int PRIMARY KEY, v text, w int)")  # another schema: its own plans
    other.execute("INSERT INTO t VALUES (%s, %s)", (1, "y"))
    assert other.execute("SELECT * FROM t").fetchall() == [(1, "y", None)]
    assert counting["prepare"] == 4 + 2 + 1


def test_shared_plans_run_concurrently_in_several_databases() -> None:
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            conn = _fresh_database()
            for i in range(200):
                conn.execute("INSERT INTO t VALUES (%s, %s)", (i, f"{n}-{i}"))
                conn.execute("INSERT INTO u VALUES (%s, %s)", (i, i))
            rows = conn.execute(
                "SELECT count(*), min(t.v), max(t.v) FROM t JOIN u ON u.t_id = t.id WHERE t.v LIKE %s", (f"{n}-%",)
            ).fetchall()
            assert rows == [(200, f"{n}-0", f"{n}-99")], rows
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            failures.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []

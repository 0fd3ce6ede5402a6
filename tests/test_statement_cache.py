"""The statement cache: a repeated statement is neither parsed nor planned again; DDL invalidates."""

from __future__ import annotations

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

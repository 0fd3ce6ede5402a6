"""EXPLAIN [ANALYZE] [VERBOSE] (reference section 12): the real plan, estimated costs, actual rows."""

from __future__ import annotations

import re

import pytest

import pydsql


@pytest.fixture
def conn() -> pydsql.Connection:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, name text, n int)")
    c.execute("INSERT INTO t SELECT g, 'n' || g, g % 7 FROM generate_series(1, 100) g")
    c.execute("CREATE TABLE u (id int PRIMARY KEY, t_id int)")
    c.execute("INSERT INTO u SELECT g, g % 10 FROM generate_series(1, 50) g")
    c.execute("CREATE INDEX ASYNC u_t ON u (t_id)")
    return c


def plan(conn: pydsql.Connection, sql: str, params: object = None) -> list[str]:
    cur = conn.execute(sql, params)
    assert cur.statusmessage == "EXPLAIN"
    assert [d.name for d in cur.description] == ["QUERY PLAN"]
    return [row[0] for row in cur.fetchall()]


def test_select_1_as_dsql_prints_it(conn: pydsql.Connection) -> None:
    assert plan(conn, "EXPLAIN SELECT 1") == ["Result  (cost=0.00..0.01 rows=1 width=4)"]


def test_table_access_uses_dsqls_node_names(conn: pydsql.Connection) -> None:
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t") == ["Full Scan (btree-table) on t"]
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT name FROM t WHERE id = 5") == ["Storage Lookup (btree-table) on t"]
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM u WHERE t_id = 3")[0] == "Index Scan using u_t on u"
    lines = plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t WHERE n > 2")
    assert lines == ["Full Scan (btree-table) on t", "  Filters: (n > 2)"]


def test_key_lookups_and_key_order(conn: pydsql.Connection) -> None:
    """``= ANY (array)`` on the primary key is a lookup per element, and ORDER BY the key
    reads the table in key order (no Sort; LIMIT stops the scan)."""
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id = ANY (%s)", ([1, 2],)) == [
        "Storage Lookup (btree-table) on t"
    ]
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY id DESC LIMIT 3") == [
        "Limit", "  ->  Full Scan (btree-table) on t",
    ]
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t ORDER BY n LIMIT 3")[1] == "  ->  Sort"


def test_the_tree_is_the_plan_that_runs(conn: pydsql.Connection) -> None:
    lines = plan(conn, "EXPLAIN (COSTS OFF) SELECT n, count(*) FROM t WHERE n > 2 GROUP BY n ORDER BY 2 DESC LIMIT 3")
    assert [line.strip() for line in lines] == [
        "Limit", "->  Sort", "->  HashAggregate", "->  Full Scan (btree-table) on t", "Filters: (n > 2)",
    ]
    lines = plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t JOIN u ON u.t_id = t.id")
    assert lines[0] == "Hash Join" and len(lines) == 3


def test_costs_are_estimates_in_postgresql_format(conn: pydsql.Connection) -> None:
    (line,) = plan(conn, "EXPLAIN SELECT * FROM t")
    assert re.fullmatch(r"Full Scan \(btree-table\) on t  \(cost=0\.00\.\.\d+\.\d\d rows=100 width=40\)", line)


def test_analyze_reports_actual_rows_and_times(conn: pydsql.Connection) -> None:
    lines = plan(conn, "EXPLAIN ANALYZE SELECT n, count(*) FROM t GROUP BY n")
    assert re.search(r"^HashAggregate .*\(actual time=\d+\.\d+\.\.\d+\.\d+ rows=7 loops=1\)$", lines[0])
    assert "rows=100 loops=1" in lines[1]
    assert lines[-2] == "Planning Time: 0.010 ms" and lines[-1].startswith("Execution Time: ")
    lines = plan(conn, "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM t WHERE n = 99")
    assert lines[0].endswith("(actual rows=1 loops=1)") and "(actual rows=0 loops=1)" in lines[1]


def test_analyze_verbose_ends_with_the_dpu_estimate(conn: pydsql.Connection) -> None:
    lines = plan(conn, "EXPLAIN ANALYZE VERBOSE SELECT * FROM t")
    assert lines[-5] == "Statement DPU Estimate:"
    assert re.fullmatch(r"  Compute: \d\.\d{5} DPU", lines[-4])
    assert re.fullmatch(r"  Read: \d\.\d{5} DPU \(Transaction minimum: 0\.00375\)", lines[-3])
    assert re.fullmatch(r"  Write: 0\.00000 DPU \(Transaction minimum: 0\.05000\)", lines[-2])
    assert re.fullmatch(r"  Total: \d\.\d{5} DPU", lines[-1])
    assert float(lines[-3].split()[1]) > 0  # 100 rows were read


def test_analyze_of_a_write_writes(conn: pydsql.Connection) -> None:
    lines = plan(conn, "EXPLAIN ANALYZE UPDATE t SET name = 'x' WHERE id < 4")
    assert lines[0].startswith("Update on t")
    assert conn.execute("SELECT count(*) FROM t WHERE name = 'x'").fetchone() == (3,)
    plan(conn, "EXPLAIN UPDATE t SET name = 'y'")  # without ANALYZE nothing runs
    assert conn.execute("SELECT count(*) FROM t WHERE name = 'y'").fetchone() == (0,)
    conn.execute("BEGIN READ ONLY")
    plan(conn, "EXPLAIN DELETE FROM t")
    with pytest.raises(pydsql.Error) as info:
        conn.execute("EXPLAIN ANALYZE DELETE FROM t")
    assert info.value.sqlstate == "25006"
    conn.execute("ROLLBACK")


def test_parameters(conn: pydsql.Connection) -> None:
    assert plan(conn, "EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id = %s", (3,)) == ["Storage Lookup (btree-table) on t"]


@pytest.mark.parametrize("sql, sqlstate", [
    ("EXPLAIN (FORMAT JSON) SELECT 1", "0A000"),
    ("EXPLAIN (FORMAT bogus) SELECT 1", "22023"),
    ("EXPLAIN (TIMING) SELECT 1", "22023"),
    ("EXPLAIN (BOGUS) SELECT 1", "42601"),
    ("EXPLAIN CREATE TABLE x (a int)", "42601"),
    ("EXPLAIN", "42601"),
    ("EXPLAIN SELECT * FROM nosuch", "42P01"),
])
def test_errors(conn: pydsql.Connection, sql: str, sqlstate: str) -> None:
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    assert info.value.sqlstate == sqlstate

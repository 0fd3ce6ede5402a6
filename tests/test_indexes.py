"""CREATE INDEX ASYNC, its jobs (sys.jobs, CALL sys.wait_for_job), DROP INDEX, and secondary
indexes at work: maintained by every write, used by queries once valid, enforcing uniqueness.

Job scheduling is pydsql's decision (see :mod:`pydsql.cluster.jobs`): ``Cluster(jobs="manual")``
moves jobs only when asked, so the tests below can observe every state.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from pydsql.sql.dialect import parse
from pydsql.sql.plan import FullScan, IndexScan, Scan
from pydsql.sql.statements import Query, prepare
from sqlhelpers import JOB_ID, error, run, start_job


def access_of(cluster: pydsql.Cluster, sql: str) -> Any:
    """The access path the planner chooses for the single table of ``sql``."""
    prepared = prepare(parse(sql)[0], cluster.catalog_now(), ())
    assert isinstance(prepared, Query)
    scans = [n for n in prepared.plan.root.walk() if isinstance(n, Scan)]
    assert len(scans) == 1, scans
    return scans[0].access


@pytest.fixture
def manual() -> tuple[pydsql.Cluster, pydsql.Connection]:
    cluster = pydsql.Cluster(jobs="manual")
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text, w int)")
    conn.execute("INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 1), (3, NULL, 2), (4, 'a', NULL)")
    return cluster, conn


def create(conn: pydsql.Connection, sql: str) -> str:
    return start_job(conn, sql, "CREATE INDEX")


def status(conn: pydsql.Connection, job_id: str) -> tuple[Any, ...]:
    (row,) = run(conn, "SELECT status, details, job_type, object_name FROM sys.jobs WHERE job_id = %s", [job_id])
    return tuple(row)


# -- jobs -------------------------------------------------------------------------------------------


def test_job_goes_through_submitted_processing_completed(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    assert status(conn, job) == ("submitted", None, "INDEX_BUILD", "t_v")
    assert run(conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass") == [(False,)]
    cluster.jobs.step(cluster.jobs.get(job))
    assert status(conn, job)[0] == "processing"
    cluster.jobs.step(cluster.jobs.get(job))
    assert status(conn, job) == ("completed", None, "INDEX_BUILD", "t_v")
    assert run(conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass") == [(True,)]


def test_sys_jobs_columns(manual: Any) -> None:
    _, conn = manual
    create(conn, "CREATE INDEX ASYNC ON t (v)")
    cur = conn.execute("SELECT * FROM sys.jobs")
    assert [d.name for d in cur.description] == [
        "job_id", "status", "details", "job_type", "class_id", "object_id", "object_name", "start_time", "update_time",
    ]
    (row,) = cur.fetchall()
    assert row[4] == 1259
    assert row[5] == run(conn, "SELECT 't_v_idx'::regclass::oid")[0][0]


def test_call_wait_for_job_runs_the_job_and_returns_true(manual: Any) -> None:
    _, conn = manual
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    cur = conn.execute("CALL sys.wait_for_job(%s)", [job])
    assert cur.statusmessage == "CALL"
    assert [d.name for d in cur.description] == ["wait_for_job"]
    assert cur.fetchall() == [(True,)]
    assert status(conn, job)[0] == "completed"
    assert run(conn, f"CALL sys.wait_for_job('{job}')") == [(True,)]  # a finished job: at once


def test_eager_jobs_finish_before_the_next_transaction() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    assert status(conn, job)[0] == "completed"


def test_rolled_back_create_index_leaves_no_job_and_no_index(manual: Any) -> None:
    _, conn = manual
    conn.execute("BEGIN")
    create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    conn.execute("ROLLBACK")
    assert run(conn, "SELECT count(*) FROM sys.jobs") == [(0,)]
    assert run(conn, "SELECT count(*) FROM pg_indexes WHERE indexname = 't_v'") == [(0,)]


def test_wait_for_job_errors(manual: Any) -> None:
    _, conn = manual
    create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    e = error(conn, "CALL sys.wait_for_job('no-such-job')")
    assert (e.sqlstate, str(e)) == ("22P02", "Unable to convert text to UUID")
    e = error(conn, "CALL sys.wait_for_job('aaaaaaaaaaaaaaaaaaaaaaaaaa')")
    assert e.sqlstate == "42704"
    e = error(conn, "SELECT sys.wait_for_job((SELECT job_id FROM sys.jobs LIMIT 1))")
    assert (e.sqlstate, str(e)) == ("42809", "sys.wait_for_job(text) is a procedure")
    e = error(conn, "CALL sys.wait_for_job((SELECT job_id FROM sys.jobs LIMIT 1))")
    assert (e.sqlstate, str(e)) == ("0A000", "cannot use subquery in CALL argument")
    e = error(conn, "CALL sys.no_such_procedure(1)")
    assert e.sqlstate == "42883"


# -- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "sqlstate", "message"),
    [
        ("CREATE INDEX t_v ON t (v)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
        ("CREATE UNIQUE INDEX t_v ON t (v)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
        ("CREATE INDEX ASYNC t_v ON t USING btree (v)", "0A000", "USING not supported for CREATE INDEX"),
        ("CREATE INDEX ASYNC t_v ON t (v DESC)", "0A000", "specifying sort order not supported for index keys"),
        ("CREATE INDEX ASYNC t_v ON t (v ASC)", "0A000", "specifying sort order not supported for index keys"),
        ("CREATE INDEX ASYNC t_v ON t (v NULLS FIRST)", "0A000", "specifying sort order not supported for index keys"),
        ("CREATE INDEX ASYNC public.t_v ON t (v)", "42601", 'syntax error at or near "."'),
        ("CREATE INDEX ASYNC t_v ON t (nope)", "42703", 'column "nope" does not exist'),
        ("CREATE INDEX ASYNC t_v ON nope (v)", "42P01", 'relation "nope" does not exist'),
        ("CREATE INDEX ASYNC t_pkey ON t (v)", "42P07", 'relation "t_pkey" already exists'),
        ("CREATE INDEX ASYNC t_v ON t ((v || random()::text))", "42P17",
         "functions in index expression must be marked IMMUTABLE"),
        ("CREATE INDEX ASYNC t_v ON t (v) WHERE random() > 0.5", "42P17",
         "functions in index predicate must be marked IMMUTABLE"),
        ("CREATE INDEX ASYNC t_v ON t (v) WHERE w IN (SELECT 1)", "0A000", "cannot use subquery in index predicate"),
        ("CREATE INDEX ASYNC IF NOT EXISTS ON t (v)", "42601", 'syntax error at or near "ON"'),
        ("DROP INDEX nope", "42704", 'index "nope" does not exist'),
        ("DROP INDEX t", "42809", '"t" is not an index'),
        ("DROP INDEX t_pkey", "2BP01", "cannot drop index t_pkey because constraint t_pkey on table t requires it"),
    ],
)
def test_refusals(manual: Any, sql: str, sqlstate: str, message: str) -> None:
    _, conn = manual
    e = error(conn, sql)
    assert (e.sqlstate, str(e)) == (sqlstate, message)
    assert run(conn, "SELECT count(*) FROM sys.jobs") == [(0,)]  # nothing happened


def test_if_not_exists_skips_and_if_exists_skips(manual: Any) -> None:
    _, conn = manual
    create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    cur = conn.execute("CREATE INDEX ASYNC IF NOT EXISTS t_v ON t (w)")
    assert cur.statusmessage == "CREATE INDEX"
    assert run(conn, "SELECT count(*) FROM sys.jobs") == [(1,)]
    assert conn.execute("DROP INDEX IF EXISTS nope").statusmessage == "DROP INDEX"


def test_unnamed_indexes_get_postgresql_names(manual: Any) -> None:
    _, conn = manual
    create(conn, "CREATE INDEX ASYNC ON t (v, w)")
    create(conn, "CREATE INDEX ASYNC ON t (v, w)")
    create(conn, "CREATE UNIQUE INDEX ASYNC ON t ((lower(v)))")
    names = [r[0] for r in run(conn, "SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1")]
    assert names == ["t_lower_idx", "t_pkey", "t_v_w_idx", "t_v_w_idx1"]  # as PostgreSQL 16 names them


# -- DDL rules in transactions (multi_statement recordings) ------------------------------------------


def test_create_index_is_ddl(manual: Any) -> None:
    _, conn = manual
    e = error(conn, "CREATE TABLE u (id int); CREATE INDEX ASYNC u_id ON u (id)")
    assert (e.sqlstate, str(e)) == ("0A000", "multiple ddl statements not supported in a transaction")
    assert run(conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'u'") == [(0,)]
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (10, 'x', 1)")
    e = error(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    assert (e.sqlstate, str(e)) == ("0A000", "ddl and dml are not supported in the same transaction")
    conn.execute("ROLLBACK")
    results = conn.execute("BEGIN; CREATE INDEX ASYNC t_v ON t (v); COMMIT")
    assert results.statusmessage == "BEGIN"
    assert results.nextset() and results.statusmessage == "CREATE INDEX"
    assert JOB_ID.match(results.fetchall()[0][0])


# -- catalogs ---------------------------------------------------------------------------------------------


def test_catalog_rows(manual: Any) -> None:
    cluster, conn = manual
    create(conn, "CREATE UNIQUE INDEX ASYNC t_vw ON t (v) INCLUDE (w) NULLS NOT DISTINCT WHERE w > 0")
    create(conn, "CREATE INDEX ASYNC t_e ON t ((lower(v)))")
    assert run(conn, "SELECT indexdef FROM pg_indexes WHERE indexname = 't_vw'") == [
        ("CREATE UNIQUE INDEX t_vw ON public.t USING btree_index (v) INCLUDE (w) NULLS NOT DISTINCT WHERE (w > 0)",)
    ]
    create(conn, "CREATE INDEX ASYNC t_m ON t ((w * 2), lower(v), (w * 3)) INCLUDE (id)")
    # PostgreSQL 16's renderings (checked against it)
    assert run(conn, "SELECT pg_get_indexdef('t_e'::regclass)") == [
        ("CREATE INDEX t_e ON public.t USING btree_index (lower(v))",)
    ]
    assert run(
        conn, "SELECT pg_get_indexdef('t_m'::regclass), pg_get_indexdef('t_m'::regclass, 1, false), "
        "pg_get_indexdef('t_m'::regclass, 2, false)"
    ) == [(
        "CREATE INDEX t_m ON public.t USING btree_index (((w * 2)), lower(v), ((w * 3))) INCLUDE (id)",
        "((w * 2))", "lower(v)",
    )]
    assert run(conn, "SELECT attname FROM pg_attribute WHERE attrelid = 't_m'::regclass ORDER BY attnum") == [
        ("expr",), ("lower",), ("expr1",), ("id",)
    ]
    assert run(conn, "SELECT relkind FROM pg_class WHERE relname = 't_vw'") == [("i",)]
    assert run(
        conn, "SELECT indisunique, indnatts, indnkeyatts, indisvalid, indpred IS NOT NULL FROM pg_index "
        "WHERE indexrelid = 't_vw'::regclass"
    ) == [(True, 2, 1, False, True)]
    cluster.run_jobs()
    assert run(conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_vw'::regclass") == [(True,)]


# -- index use ----------------------------------------------------------------------------------------------


QUERIES = [
    "SELECT id FROM t WHERE v = 'v3'",
    "SELECT id FROM t WHERE v = 'v3' AND w > 2",
    "SELECT id FROM t WHERE v = 'v3' AND w >= 2 AND w < 5",
    "SELECT id FROM t WHERE v IN ('v3', 'v4') AND w IN (1, 2)",
    "SELECT id FROM t WHERE v > 'v7'",
    "SELECT id FROM t WHERE v >= 'v7' AND v <= 'v8'",
    "SELECT id FROM t WHERE v < 'v2'",
    "SELECT id FROM t WHERE v = NULL",
    "SELECT id FROM t WHERE v IS NULL",
    "SELECT id FROM t WHERE v IS NULL AND w >= 3",
    "SELECT id FROM t WHERE v = 'v2' AND w IS NULL",
    "SELECT id FROM t WHERE w IS NULL",
    "SELECT id FROM t WHERE w = 3",
    "SELECT id FROM t WHERE w BETWEEN 2 AND 4",
    "SELECT id FROM t WHERE w < 2",
    "SELECT id FROM t WHERE w > 5 AND v = 'v1'",
    "SELECT id FROM t WHERE upper(v) = 'V3'",
    "SELECT id FROM t WHERE upper(v) IN ('V1', 'V2')",
    "SELECT id FROM t WHERE upper(v) > 'V8'",
    "SELECT id FROM t WHERE w * 2 + 1 = 7",
]


def _fill(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text, w int)")
    conn.execute(
        "INSERT INTO t SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE 'v' || (g % 10) END, "
        "CASE WHEN g % 13 = 0 THEN NULL ELSE g % 7 END FROM generate_series(1, 300) g"
    )


def test_results_equal_with_and_without_indexes() -> None:
    plain = pydsql.connect(autocommit=True)
    _fill(plain)
    cluster = pydsql.Cluster()
    indexed = cluster.connect(autocommit=True)
    _fill(indexed)
    indexed.execute("CREATE INDEX ASYNC t_vw ON t (v, w)")
    indexed.execute("CREATE INDEX ASYNC t_w ON t (w) WHERE w IS NOT NULL")
    indexed.execute("CREATE INDEX ASYNC t_upper ON t ((upper(v)))")
    indexed.execute("CREATE INDEX ASYNC t_expr ON t ((w * 2 + 1), id)")
    used = 0
    for sql in QUERIES:
        assert sorted(run(indexed, sql)) == sorted(run(plain, sql)), sql
        used += isinstance(access_of(cluster, sql), IndexScan)
    assert used >= 17


def test_partial_index_used_only_when_the_query_implies_its_predicate() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    _fill(conn)
    conn.execute("CREATE INDEX ASYNC t_big ON t (w) WHERE v > 'v5'")
    cluster.run_jobs()  # (eager jobs run when a transaction begins; planning alone begins none)
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE w = 3"), FullScan)
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE w = 3 AND v > 'v5'"), IndexScan)
    expected = sorted(run(conn, "SELECT id FROM t WHERE w + 0 = 3 AND v > 'v5'"))
    assert sorted(run(conn, "SELECT id FROM t WHERE w = 3 AND v > 'v5'")) == expected


def test_building_index_is_not_used_until_completed(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE v = 'a'"), FullScan)
    run(conn, f"CALL sys.wait_for_job('{job}')")
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE v = 'a'"), IndexScan)
    assert sorted(run(conn, "SELECT id FROM t WHERE v = 'a'")) == [(1,), (4,)]


def test_index_maintained_across_writes_and_rollback(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    conn.execute("INSERT INTO t VALUES (5, 'c', 3)")  # written while the index builds
    run(conn, f"CALL sys.wait_for_job('{job}')")
    q = "SELECT id FROM t WHERE v = %s ORDER BY id"
    assert run(conn, q, ["c"]) == [(5,)]
    conn.execute("UPDATE t SET v = 'c' WHERE id = 1")
    assert run(conn, q, ["c"]) == [(1,), (5,)]
    assert run(conn, q, ["a"]) == [(4,)]
    conn.execute("DELETE FROM t WHERE id = 5")
    assert run(conn, q, ["c"]) == [(1,)]
    other = cluster.connect()
    other.execute("UPDATE t SET v = 'z' WHERE id = 1")
    other.execute("INSERT INTO t VALUES (6, 'z', 1)")
    assert run(other, q, ["z"]) == [(1,), (6,)]  # own writes, through the index
    assert run(other, q, ["c"]) == []
    assert run(conn, q, ["c"]) == [(1,)]  # others do not see them
    other.rollback()
    assert run(other, q, ["z"]) == []
    assert run(other, q, ["c"]) == [(1,)]
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE v = 'c'"), IndexScan)


# -- uniqueness ----------------------------------------------------------------------------------------------


def test_unique_enforced_only_once_completed(manual: Any) -> None:
    _, conn = manual
    job = create(conn, "CREATE UNIQUE INDEX ASYNC t_w_u ON t (w)")
    conn.execute("DELETE FROM t WHERE id = 2")  # w = 1 is now unique
    run(conn, f"CALL sys.wait_for_job('{job}')")
    e = error(conn, "INSERT INTO t VALUES (7, 'q', 1)")
    assert (e.sqlstate, str(e)) == ("23505", 'duplicate key value violates unique constraint "t_w_u"')
    conn.execute("INSERT INTO t VALUES (8, 'q', NULL)")  # NULLs are distinct
    e = error(conn, "UPDATE t SET w = 2 WHERE id = 8")
    assert e.sqlstate == "23505"


def test_unique_not_enforced_while_building(manual: Any) -> None:
    _, conn = manual
    create(conn, "CREATE UNIQUE INDEX ASYNC t_id2 ON t (v)")
    conn.execute("INSERT INTO t VALUES (9, 'b', 9)")  # duplicates v = 'b': allowed while building


def test_failed_unique_build(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE UNIQUE INDEX ASYNC t_v_u ON t (v)")  # 'a' twice
    assert run(conn, f"CALL sys.wait_for_job('{job}')") == [(False,)]
    assert status(conn, job)[:2] == ("failed", "found duplicate key(s) while validating index uniqueness")
    assert run(conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_u'::regclass") == [(False,)]
    conn.execute("INSERT INTO t VALUES (10, 'a', 5)")  # an invalid index enforces nothing
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE v = 'a'"), FullScan)
    conn.execute("DROP INDEX t_v_u")


def test_partial_expression_and_nulls_not_distinct_unique_indexes(manual: Any) -> None:
    cluster, conn = manual
    conn.execute("DELETE FROM t WHERE id = 4")
    create(conn, "CREATE UNIQUE INDEX ASYNC t_pos ON t (w) WHERE w > 1")
    create(conn, "CREATE UNIQUE INDEX ASYNC t_lower ON t ((lower(v)))")
    create(conn, "CREATE UNIQUE INDEX ASYNC t_nnd ON t (v) NULLS NOT DISTINCT")
    cluster.run_jobs()
    assert run(conn, "SELECT status FROM sys.jobs") == [("completed",)] * 3
    conn.execute("INSERT INTO t VALUES (20, 'x1', 1)")  # w = 1 twice: outside the predicate
    assert error(conn, "INSERT INTO t VALUES (21, 'x2', 2)").sqlstate == "23505"  # w = 2 again
    e = error(conn, "INSERT INTO t VALUES (22, 'A', 7)")  # lower('A') = lower('a')
    assert str(e) == 'duplicate key value violates unique constraint "t_lower"'
    e = error(conn, "INSERT INTO t VALUES (23, NULL, 8)")  # a second NULL v
    assert str(e) == 'duplicate key value violates unique constraint "t_nnd"'


def test_unique_index_keys_take_part_in_conflicts(manual: Any) -> None:
    cluster, conn = manual
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE UNIQUE INDEX ASYNC t_w_u ON t (v)  WHERE id > 2')}')")
    a, b = cluster.connect(), cluster.connect()
    a.execute("INSERT INTO t VALUES (30, 'same', 1)")
    b.execute("INSERT INTO t VALUES (31, 'same', 1)")
    a.commit()
    with pytest.raises(pydsql.Error) as info:
        b.commit()
    assert (info.value.sqlstate, str(info.value)) == ("40001", "change conflicts with another transaction (OC000)")
    e = error(b, "INSERT INTO t VALUES (32, 'same', 1)")  # committed earlier: at the statement
    assert e.sqlstate == "23505"


def test_index_completion_is_a_schema_change_for_older_writers(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE UNIQUE INDEX ASYNC t_w_u ON t (id, w)")
    writer = cluster.connect()
    writer.execute("INSERT INTO t VALUES (40, 'late', 1)")
    run(conn, f"CALL sys.wait_for_job('{job}')")
    with pytest.raises(pydsql.Error) as info:
        writer.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"


# -- DROP INDEX -------------------------------------------------------------------------------------------------


def test_drop_index_cancels_the_build(manual: Any) -> None:
    cluster, conn = manual
    job = create(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    cluster.jobs.step(cluster.jobs.get(job))
    conn.execute("DROP INDEX t_v")
    assert status(conn, job)[:2] == ("failed", "index build cancelled: the index was dropped")
    assert run(conn, "SELECT count(*) FROM pg_indexes WHERE indexname = 't_v'") == [(0,)]
    assert run(conn, f"CALL sys.wait_for_job('{job}')") == [(False,)]
    create(conn, "CREATE INDEX ASYNC t_v ON t (v)")  # the name is free again


def test_dropped_index_stops_serving_queries() -> None:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    _fill(conn)
    conn.execute("CREATE INDEX ASYNC t_v ON t (v)")
    reader = cluster.connect()
    before = sorted(run(reader, "SELECT id FROM t WHERE v = 'v1'"))  # snapshot with the index
    conn.execute("DROP INDEX t_v")
    assert sorted(run(reader, "SELECT id FROM t WHERE v = 'v1'")) == before
    reader.rollback()
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE v = 'v1'"), FullScan)
    assert sorted(run(conn, "SELECT id FROM t WHERE v = 'v1'")) == before


def test_expression_errors_fail_the_statement_or_the_build(manual: Any) -> None:
    cluster, conn = manual
    conn.execute("UPDATE t SET w = 0 WHERE id = 1")
    job = create(conn, "CREATE INDEX ASYNC t_inv ON t ((10 / w))")
    assert run(conn, f"CALL sys.wait_for_job('{job}')") == [(False,)]
    assert status(conn, job)[:2] == ("failed", "division by zero")
    conn.execute("DROP INDEX t_inv")
    conn.execute("UPDATE t SET w = 5 WHERE id = 1")
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE INDEX ASYNC t_inv ON t ((10 / w))')}')")
    e = error(conn, "INSERT INTO t VALUES (50, 'z', 0)")  # at the statement, not at COMMIT
    assert (e.sqlstate, str(e)) == ("22012", "division by zero")
    assert run(conn, "SELECT count(*) FROM t WHERE id = 50") == [(0,)]


def test_duplicate_key_detail_names_the_expression(manual: Any) -> None:
    _, conn = manual
    conn.execute("DELETE FROM t WHERE id = 4")
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE UNIQUE INDEX ASYNC t_l ON t ((lower(v)))')}')")
    with pytest.raises(pydsql.Error) as info:
        conn.execute("INSERT INTO t VALUES (60, 'A', 1)")
    assert info.value.diag.message_detail == "Key (lower(v))=(a) already exists."


def test_racing_creates_of_one_index_name_conflict(manual: Any) -> None:
    cluster, conn = manual
    conn.execute("CREATE TABLE u (id int PRIMARY KEY, v text)")
    a, b = cluster.connect(), cluster.connect()
    create(a, "CREATE INDEX ASYNC same_name ON t (v)")
    create(b, "CREATE INDEX ASYNC same_name ON u (v)")
    a.commit()
    with pytest.raises(pydsql.Error) as info:
        b.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"
    assert run(conn, "SELECT tablename FROM pg_indexes WHERE indexname = 'same_name'") == [("t",)]
    assert run(conn, "SELECT count(*) FROM sys.jobs") == [(1,)]


def test_create_index_on_a_view_or_in_a_read_only_transaction(manual: Any) -> None:
    _, conn = manual
    conn.execute("CREATE VIEW tv AS SELECT * FROM t")
    e = error(conn, "CREATE INDEX ASYNC tv_v ON tv (v)")
    assert (e.sqlstate, str(e)) == ("42809", 'cannot create index on relation "tv"')
    conn.execute("BEGIN READ ONLY")
    e = error(conn, "CREATE INDEX ASYNC t_v ON t (v)")
    assert (e.sqlstate, str(e)) == ("25006", "cannot execute CREATE INDEX in a read-only transaction")
    conn.execute("ROLLBACK")


def test_on_conflict_infers_a_finished_unique_index(manual: Any) -> None:
    _, conn = manual
    conn.execute("DELETE FROM t WHERE id = 2")
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE UNIQUE INDEX ASYNC t_w_u ON t (w)')}')")
    conn.execute("INSERT INTO t VALUES (70, 'new', 1) ON CONFLICT (w) DO UPDATE SET v = excluded.v")
    assert run(conn, "SELECT id, v FROM t WHERE w = 1") == [(1, "new")]
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE UNIQUE INDEX ASYNC t_v_p ON t (v) WHERE id > 100')}')")
    e = error(conn, "INSERT INTO t VALUES (71, 'x', 9) ON CONFLICT (v) DO NOTHING")
    assert e.sqlstate == "42P10"  # a partial index is not inferred without its predicate


def test_expression_keys_must_be_encodable_and_parenthesized_columns_are_columns(manual: Any) -> None:
    cluster, conn = manual
    e = error(conn, "CREATE INDEX ASYNC t_a ON t ((ARRAY[w]))")
    assert (e.sqlstate, str(e)) == ("0A000", "datatype integer[] not supported in an index key")
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE INDEX ASYNC t_p ON t ((w))')}')")
    assert run(conn, "SELECT pg_get_indexdef('t_p'::regclass)") == [("CREATE INDEX t_p ON public.t USING btree_index (w)",)]
    assert isinstance(access_of(cluster, "SELECT id FROM t WHERE w = 1"), IndexScan)


def test_drop_table_and_drop_index_leave_drop_jobs(manual: Any) -> None:
    cluster, conn = manual
    oid = run(conn, "SELECT 't'::regclass::oid")[0][0]
    run(conn, f"CALL sys.wait_for_job('{create(conn, 'CREATE INDEX ASYNC t_v ON t (v)')}')")
    index_oid = run(conn, "SELECT 't_v'::regclass::oid")[0][0]
    conn.execute("DROP INDEX t_v")
    conn.execute("DROP TABLE t")
    rows = run(conn, "SELECT job_type, status, class_id, object_id, object_name FROM sys.jobs WHERE job_type = 'DROP'")
    assert rows == [("DROP", "submitted", 1259, index_oid, None), ("DROP", "submitted", 1259, oid, None)]
    cluster.run_jobs()
    assert run(conn, "SELECT DISTINCT status FROM sys.jobs") == [("completed",)]


def test_random_queries_and_writes_agree_with_and_without_indexes() -> None:
    """Seeded random predicates over random data, interleaved with writes (committed and in an
    open transaction): the indexed database answers exactly as the one without indexes."""
    import random

    rnd = random.Random(4)

    def value(kind: str) -> str:
        if rnd.random() < 0.15:
            return "NULL"
        return str(rnd.randint(0, 6)) if kind == "int" else f"'{rnd.choice('abcdef')}{rnd.randint(0, 3)}'"

    dbs = []
    for indexed in (False, True):
        cluster = pydsql.Cluster()
        conn = cluster.connect(autocommit=True)
        conn.execute("CREATE TABLE r (id int PRIMARY KEY, a int, b text, c int)")
        if indexed:
            for ddl in (
                "CREATE INDEX ASYNC r_ab ON r (a, b)", "CREATE INDEX ASYNC r_c ON r (c) WHERE c > 2",
                "CREATE INDEX ASYNC r_b ON r ((upper(b)), c)", "CREATE INDEX ASYNC r_cb ON r (c, b, a)",
            ):
                conn.execute(ddl)
        dbs.append((cluster, conn))
    rows = [f"({i}, {value('int')}, {value('text')}, {value('int')})" for i in range(400)]
    for _, conn in dbs:
        conn.execute("INSERT INTO r VALUES " + ", ".join(rows))

    def predicate() -> str:
        parts = []
        for _ in range(rnd.randint(1, 3)):
            col, kind = rnd.choice([("a", "int"), ("b", "text"), ("c", "int"), ("upper(b)", "text")])
            shape = rnd.random()
            if shape < 0.4:
                parts.append(f"{col} = {value(kind)}")
            elif shape < 0.6:
                parts.append(f"{col} IN ({value(kind)}, {value(kind)})")
            elif shape < 0.8:
                parts.append(f"{col} {rnd.choice(['<', '<=', '>', '>='])} {value(kind)}")
            elif shape < 0.9:
                parts.append(f"{col} IS NULL")
            else:
                parts.append(f"{col} BETWEEN {value(kind)} AND {value(kind)}")
        return " AND ".join(parts)

    used = 0
    txns = [cluster.connect() for cluster, _ in dbs]
    for round_ in range(300):
        where = predicate()
        if round_ % 10 == 0:  # a write, committed or pending in the open transactions
            key = rnd.randint(0, 450)
            write = rnd.choice([
                f"UPDATE r SET a = {value('int')}, b = {value('text')} WHERE {where}",
                f"DELETE FROM r WHERE id = {key}",
                f"INSERT INTO r VALUES ({10000 + round_}, {value('int')}, {value('text')}, {value('int')})",
            ])
            targets = [conn for _, conn in dbs] if rnd.random() < 0.5 else txns
            for conn in targets:
                conn.execute(write)
        sql = f"SELECT id, a, b, c FROM r WHERE {where}"
        for group in ([conn for _, conn in dbs], txns):
            plain, indexed = (sorted(run(conn, sql), key=repr) for conn in group)
            assert plain == indexed, sql
        used += isinstance(access_of(dbs[1][0], sql), IndexScan)
    assert used > 100


def test_call_resolves_its_argument_types_as_postgresql(manual: Any) -> None:
    _, conn = manual
    e = error(conn, "CALL sys.wait_for_job(1)")
    assert (e.sqlstate, str(e)) == ("42883", "procedure sys.wait_for_job(integer) does not exist")
    e = error(conn, "CALL sys.wait_for_job()")
    assert (e.sqlstate, str(e)) == ("42883", "procedure sys.wait_for_job() does not exist")


def test_sys_is_a_system_schema(manual: Any) -> None:
    _, conn = manual
    e = error(conn, "CREATE TABLE sys.x (a int)")
    assert (e.sqlstate, str(e)) == ("42501", "permission denied for schema sys")
    conn.execute("SET search_path = sys, public")
    assert run(conn, "SELECT count(*) FROM jobs") == [(0,)]

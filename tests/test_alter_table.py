"""ALTER TABLE as DSQL has it (reference section 5): the allowed forms, the refusals, the
VALIDATE CONSTRAINT jobs, and what an ALTER does to snapshots and concurrent transactions.

What DSQL shares with PostgreSQL (the allowed forms, their errors, the catalogs, views that
read an altered table) is compared with PostgreSQL 16 statement by statement.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import run_script
from sqlhelpers import error, run, start_job

ADD_COLUMN_CONSTRAINT = "ALTER TABLE ADD COLUMN with constraint not supported"


@pytest.fixture
def conn() -> pydsql.Connection:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int)")
    c.execute("INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20)")
    return c


# -- the allowed forms ----------------------------------------------------------------------------------


def test_add_column_existing_rows_read_null(conn: pydsql.Connection) -> None:
    cur = conn.execute("ALTER TABLE t ADD COLUMN c text")
    assert cur.statusmessage == "ALTER TABLE"
    assert run(conn, "SELECT * FROM t ORDER BY id") == [(1, "x", 10, None), (2, "y", 20, None)]
    conn.execute("INSERT INTO t VALUES (3, 'z', 30, 'new')")
    conn.execute("UPDATE t SET c = 'upd' WHERE id = 1")
    assert run(conn, "SELECT id, c FROM t ORDER BY id") == [(1, "upd"), (2, None), (3, "new")]


def test_an_index_on_an_added_column_while_an_older_snapshot_is_open(conn: pydsql.Connection) -> None:
    # the rows of the old layout are still held for the old snapshot: the new index must skip them
    old = conn.cluster.connect()
    assert run(old, "SELECT count(*) FROM t") == [(2,)]
    conn.execute("ALTER TABLE t ADD COLUMN c text")
    conn.execute("UPDATE t SET c = 'ada' WHERE id = 1")
    conn.execute("CREATE INDEX ASYNC t_c ON t (c)")
    assert run(conn, "SELECT id FROM t WHERE c = 'ada'") == [(1,)]
    assert run(old, "SELECT * FROM t ORDER BY id") == [(1, "x", 10), (2, "y", 20)]


def test_add_column_without_the_column_keyword_and_several_at_once(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ADD c int, ADD COLUMN d date")
    assert run(conn, "SELECT column_name FROM information_schema.columns WHERE table_name = 't' "
                     "ORDER BY ordinal_position") == [("id",), ("a",), ("b",), ("c",), ("d",)]


def test_add_column_if_not_exists(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ADD COLUMN IF NOT EXISTS a int")  # NOTICE, nothing changes
    assert run(conn, "SELECT data_type FROM information_schema.columns WHERE table_name = 't' AND column_name = 'a'") \
        == [("text",)]
    e = error(conn, "ALTER TABLE t ADD COLUMN a int")
    assert (e.sqlstate, str(e)) == ("42701", 'column "a" of relation "t" already exists')


def test_add_column_refuses_runtime_only_types(conn: pydsql.Connection) -> None:
    e = error(conn, "ALTER TABLE t ADD COLUMN c int[]")
    assert (e.sqlstate, str(e)) == ("0A000", "datatype integer[] not supported")


def test_rename_column(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t RENAME COLUMN a TO aa")
    assert run(conn, "SELECT aa FROM t ORDER BY id") == [("x",), ("y",)]
    conn.execute("ALTER TABLE t RENAME aa TO a2")  # COLUMN is optional
    assert run(conn, "SELECT a2 FROM t ORDER BY id") == [("x",), ("y",)]


def test_rename_column_rewrites_checks_and_index_expressions() -> None:
    cluster = pydsql.Cluster()
    c = cluster.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int CHECK (b > 0))")
    c.execute("CREATE INDEX ASYNC t_lower ON t (lower(a)) WHERE b > 5")
    c.execute("ALTER TABLE t RENAME COLUMN b TO bb")
    c.execute("ALTER TABLE t RENAME COLUMN a TO aa")
    e = error(c, "INSERT INTO t VALUES (1, 'x', 0)")
    assert (e.sqlstate, str(e)) == ("23514", 'new row for relation "t" violates check constraint "t_b_check"')
    c.execute("INSERT INTO t VALUES (1, 'X', 9)")
    assert run(c, "SELECT pg_get_indexdef('t_lower'::regclass)") == [
        ("CREATE INDEX t_lower ON public.t USING btree_index (lower(aa)) WHERE (bb > 5)",)
    ]
    assert run(c, "SELECT id FROM t WHERE lower(aa) = 'x' AND bb > 5") == [(1,)]


def test_rename_table(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t RENAME TO t2")
    assert run(conn, "SELECT count(*) FROM t2") == [(2,)]
    e = error(conn, "SELECT * FROM t")
    assert (e.sqlstate, str(e)) == ("42P01", 'relation "t" does not exist')


def test_set_schema(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SCHEMA s")
    conn.execute("ALTER TABLE t SET SCHEMA s")
    assert run(conn, "SELECT count(*) FROM s.t") == [(2,)]
    assert run(conn, "SELECT table_schema FROM information_schema.tables WHERE table_name = 't'") == [("s",)]
    e = error(conn, "ALTER TABLE s.t SET SCHEMA nowhere")
    assert (e.sqlstate, str(e)) == ("3F000", 'schema "nowhere" does not exist')


def test_set_and_drop_default(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ALTER COLUMN b SET DEFAULT 7")
    conn.execute("INSERT INTO t (id) VALUES (3)")
    assert run(conn, "SELECT b FROM t WHERE id = 3") == [(7,)]
    assert run(conn, "SELECT b FROM t WHERE id = 1") == [(10,)]  # existing rows keep their values
    conn.execute("ALTER TABLE t ALTER b DROP DEFAULT")
    conn.execute("INSERT INTO t (id) VALUES (4)")
    assert run(conn, "SELECT b FROM t WHERE id = 4") == [(None,)]


def test_drop_not_null() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE n (id int PRIMARY KEY, v text NOT NULL)")
    c.execute("ALTER TABLE n ALTER COLUMN v DROP NOT NULL")
    c.execute("INSERT INTO n VALUES (1, NULL)")
    e = error(c, "ALTER TABLE n ALTER COLUMN id DROP NOT NULL")
    assert (e.sqlstate, str(e)) == ("42P16", 'column "id" is in a primary key')


def test_storage_owner_and_drop_expression_if_exists_are_accepted(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL")
    conn.execute("ALTER TABLE t OWNER TO admin")
    conn.execute("ALTER TABLE t ALTER COLUMN a DROP EXPRESSION IF EXISTS")
    e = error(conn, "ALTER TABLE t OWNER TO nobody")
    assert (e.sqlstate, str(e)) == ("42704", 'role "nobody" does not exist')


def test_identity_sub_commands() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE i (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY, v text)")
    c.execute("ALTER TABLE i ALTER COLUMN id SET GENERATED BY DEFAULT")
    c.execute("INSERT INTO i VALUES (100, 'explicit')")
    c.execute("INSERT INTO i (v) VALUES ('drawn')")
    assert run(c, "SELECT id, v FROM i ORDER BY id") == [(1, "drawn"), (100, "explicit")]
    c.execute("ALTER TABLE i ALTER COLUMN id DROP IDENTITY")
    assert run(c, "SELECT count(*) FROM pg_sequences") == [(0,)]
    e = error(c, "INSERT INTO i (v) VALUES ('no default')")
    assert e.sqlstate == "23502"
    c.execute("ALTER TABLE i ALTER COLUMN id DROP IDENTITY IF EXISTS")
    e = error(c, "ALTER TABLE i ALTER COLUMN id DROP IDENTITY")
    assert (e.sqlstate, str(e)) == ("55000", 'column "id" of relation "i" is not an identity column')


def test_identity_options_follow_dsql_cache_rule() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE i (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY, v text)")
    e = error(c, "ALTER TABLE i ALTER COLUMN id SET CACHE 10")
    assert (e.sqlstate, str(e)) == ("0A000", "identity column is not supported with a cache size of 10. please define "
                                              "CACHE greater than or equal to 65536 or equal to 1")
    c.execute("ALTER TABLE i ALTER COLUMN id SET CACHE 65536")
    assert run(c, "SELECT cache_size FROM pg_sequences") == [(65536,)]


def test_add_check_not_valid_checks_new_rows_only(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ADD CONSTRAINT b_big CHECK (b > 15) NOT VALID")  # row 1 violates it
    e = error(conn, "INSERT INTO t VALUES (3, 'z', 1)")
    assert (e.sqlstate, str(e)) == ("23514", 'new row for relation "t" violates check constraint "b_big"')
    assert run(conn, "SELECT convalidated, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'b_big'") == [
        (False, "CHECK ((b > 15)) NOT VALID")
    ]
    conn.execute("ALTER TABLE t ADD CHECK (a <> '') NOT VALID")  # PostgreSQL's name for it
    assert run(conn, "SELECT conname FROM pg_constraint WHERE contype = 'c' ORDER BY conname") == [
        ("b_big",), ("t_a_check",)
    ]


def test_add_foreign_key_not_valid() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE p (id int PRIMARY KEY)")
    c.execute("CREATE TABLE ch (id int PRIMARY KEY, pid int)")
    c.execute("ALTER TABLE ch ADD CONSTRAINT ch_p FOREIGN KEY (pid) REFERENCES p (id) NOT VALID")
    assert run(c, "SELECT contype, convalidated, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ch_p'") \
        == [("f", False, "FOREIGN KEY (pid) REFERENCES p(id) NOT VALID")]


def test_unique_using_index() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE u (id int PRIMARY KEY, v int)")
    c.execute("CREATE UNIQUE INDEX ASYNC u_v_idx ON u (v)")
    c.execute("ALTER TABLE u ADD CONSTRAINT u_v_unique UNIQUE USING INDEX u_v_idx")
    assert run(c, "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'u'::regclass ORDER BY conname") == [
        ("u_pkey", "p"), ("u_v_unique", "u")
    ]
    assert run(c, "SELECT indexname FROM pg_indexes WHERE tablename = 'u' ORDER BY 1") == [("u_pkey",), ("u_v_unique",)]
    c.execute("ALTER TABLE u DROP CONSTRAINT u_v_unique")
    assert run(c, "SELECT indexname FROM pg_indexes WHERE tablename = 'u'") == [("u_pkey",)]
    c.execute("CREATE INDEX ASYNC u_plain ON u (v)")
    e = error(c, "ALTER TABLE u ADD CONSTRAINT x UNIQUE USING INDEX u_plain")
    assert (e.sqlstate, str(e)) == ("42809", '"u_plain" is not a unique index')


def test_drop_constraint(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t ADD CONSTRAINT c1 CHECK (b < 0) NOT VALID")
    conn.execute("ALTER TABLE t DROP CONSTRAINT c1")
    conn.execute("INSERT INTO t VALUES (3, 'z', 5)")
    conn.execute("ALTER TABLE t DROP CONSTRAINT IF EXISTS c1")
    e = error(conn, "ALTER TABLE t DROP CONSTRAINT c1")
    assert (e.sqlstate, str(e)) == ("42704", 'constraint "c1" of relation "t" does not exist')


def test_a_failed_statement_leaves_no_trace(conn: pydsql.Connection) -> None:
    e = error(conn, "ALTER TABLE t ADD COLUMN c int, ADD COLUMN a int")  # the second fails
    assert e.sqlstate == "42701"
    assert run(conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't'") == [(3,)]


def test_alter_table_if_exists_of_a_missing_table() -> None:
    c = pydsql.connect(autocommit=True)
    assert c.execute("ALTER TABLE IF EXISTS nothing ADD COLUMN c int").statusmessage == "ALTER TABLE"
    e = error(c, "ALTER TABLE nothing ADD COLUMN c int")
    assert (e.sqlstate, str(e)) == ("42P01", 'relation "nothing" does not exist')


# -- DSQL's refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("definition", [
    "c int DEFAULT 7",
    "c int NOT NULL",
    "c int NOT NULL DEFAULT 0",
    "c int NULL",
    "c int CHECK (c > 0)",
    "c int UNIQUE",
    "c int PRIMARY KEY",
    "c int REFERENCES t (id)",
    "c bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1)",
    "c bigint GENERATED ALWAYS AS IDENTITY",
])
def test_add_column_with_a_constraint_is_refused(conn: pydsql.Connection, definition: str) -> None:
    e = error(conn, f"ALTER TABLE t ADD COLUMN {definition}")
    assert (e.sqlstate, str(e)) == ("0A000", ADD_COLUMN_CONSTRAINT)
    assert run(conn, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't'") == [(3,)]


@pytest.mark.parametrize("sql, message", [
    ("ALTER TABLE t ALTER COLUMN b TYPE bigint", "ALTER TABLE ALTER COLUMN TYPE not supported"),
    ("ALTER TABLE t ALTER COLUMN b SET DATA TYPE bigint USING b::bigint", "ALTER TABLE ALTER COLUMN TYPE not supported"),
    ("ALTER TABLE t ALTER COLUMN b SET NOT NULL", "ALTER TABLE ALTER COLUMN SET NOT NULL not supported"),
    ("ALTER TABLE t ADD PRIMARY KEY (b)", "ALTER TABLE ADD PRIMARY KEY not supported"),
    ("ALTER TABLE t ADD UNIQUE (b)",
     "ALTER TABLE ADD UNIQUE not supported, use CREATE UNIQUE INDEX ASYNC and ADD CONSTRAINT ... UNIQUE USING INDEX"),
    ("ALTER TABLE t ADD CONSTRAINT u UNIQUE (b)",
     "ALTER TABLE ADD UNIQUE not supported, use CREATE UNIQUE INDEX ASYNC and ADD CONSTRAINT ... UNIQUE USING INDEX"),
    ("ALTER TABLE t ADD CONSTRAINT c CHECK (b > 0)", "ALTER TABLE ADD CONSTRAINT without NOT VALID not supported"),
    ("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES t (id)",
     "ALTER TABLE ADD CONSTRAINT without NOT VALID not supported"),
    ("ALTER TABLE t VALIDATE CONSTRAINT c", "unsupported mode. please use ALTER TABLE ASYNC ... VALIDATE CONSTRAINT."),
    ("ALTER TABLE ASYNC t ADD COLUMN c int", "ALTER TABLE ASYNC supports VALIDATE CONSTRAINT only"),
    ("ALTER TABLE t DROP COLUMN id", "cannot drop primary key column"),
    ("ALTER TABLE t DROP CONSTRAINT t_pkey", "ALTER TABLE DROP CONSTRAINT of a primary key not supported"),
    # refused before the table is looked up, as DSQL refuses at parse time
    ("ALTER TABLE missing ALTER COLUMN b TYPE bigint", "ALTER TABLE ALTER COLUMN TYPE not supported"),
    ("ALTER TABLE missing ADD COLUMN c int DEFAULT 1", ADD_COLUMN_CONSTRAINT),
])
def test_refused_forms(conn: pydsql.Connection, sql: str, message: str) -> None:
    e = error(conn, sql)
    assert (e.sqlstate, str(e)) == ("0A000", message)
    assert isinstance(e, pydsql.NotSupportedError)


def test_a_refusal_inside_a_transaction_fails_it_without_side_effects(conn: pydsql.Connection) -> None:
    c = pydsql.Cluster().connect()
    c.execute("CREATE TABLE r (id int PRIMARY KEY)")
    c.commit()
    e = error(c, "ALTER TABLE r ADD COLUMN v int DEFAULT 1")
    assert e.sqlstate == "0A000"
    c.rollback()
    assert run(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'r'") == [(1,)]


def test_drop_column(conn: pydsql.Connection) -> None:
    conn.execute("ALTER TABLE t DROP COLUMN a")
    assert run(conn, "SELECT * FROM t ORDER BY id") == [(1, 10), (2, 20)]
    conn.execute("INSERT INTO t VALUES (3, 30)")
    conn.execute("ALTER TABLE t DROP COLUMN IF EXISTS a")
    e = error(conn, "ALTER TABLE t DROP COLUMN nope")
    assert (e.sqlstate, str(e)) == ("42703", 'column "nope" of relation "t" does not exist')
    conn.execute("ALTER TABLE t ADD COLUMN a text")  # a new column, not the dropped one back
    assert run(conn, "SELECT * FROM t ORDER BY id") == [(1, 10, None), (2, 20, None), (3, 30, None)]


def test_drop_column_takes_its_indexes_and_constraints_and_keeps_the_others_working() -> None:
    cluster = pydsql.Cluster()
    c = cluster.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int CHECK (b > 0), d text)")
    c.execute("CREATE UNIQUE INDEX ASYNC t_d ON t (d)")
    c.execute("CREATE INDEX ASYNC t_b ON t (b)")
    c.execute("CREATE INDEX ASYNC t_expr ON t (lower(d)) WHERE b > 1")
    c.execute("INSERT INTO t SELECT g, 'a' || g, g, 'd' || g FROM generate_series(1, 30) g")
    c.execute("ALTER TABLE t DROP COLUMN a")  # the unique index on d moves to a new position
    assert run(c, "SELECT * FROM t WHERE d = 'd7'") == [(7, 7, "d7")]
    assert run(c, "SELECT id FROM t WHERE lower(d) = 'd9' AND b > 1") == [(9,)]
    e = error(c, "INSERT INTO t VALUES (100, 5, 'd7')")
    assert (e.sqlstate, str(e)) == ("23505", 'duplicate key value violates unique constraint "t_d"')
    c.execute("ALTER TABLE t DROP COLUMN b")
    assert run(c, "SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1") == [("t_d",), ("t_pkey",)]
    assert run(c, "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass") == [("t_pkey",)]
    c.execute("INSERT INTO t VALUES (100, 'd100')")
    assert run(c, "SELECT count(*) FROM t WHERE d >= 'd2' AND d < 'd3'") == [(11,)]


def test_drop_column_rebuilds_an_index_still_being_built() -> None:
    cluster = pydsql.Cluster(jobs="manual")
    c = cluster.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int)")
    c.execute("INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20)")
    c.execute("CREATE INDEX ASYNC t_b ON t (b)")
    c.execute("ALTER TABLE t DROP COLUMN a")
    cluster.run_jobs()
    assert sorted(run(c, "SELECT job_type, status, coalesce(details, '') FROM sys.jobs")) == [
        ("INDEX_BUILD", "completed", ""),  # the build of the new index
        ("INDEX_BUILD", "failed", "index build cancelled: the index was dropped"),  # the first one's
    ]
    assert run(c, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_b'::regclass") == [(True,)]
    assert run(c, "SELECT id FROM t WHERE b = 20") == [(2,)]


def test_drop_column_with_dependent_views_needs_cascade(conn: pydsql.Connection) -> None:
    conn.execute("CREATE VIEW uses_a AS SELECT id, a FROM t")
    conn.execute("CREATE VIEW uses_b AS SELECT id, b FROM t")
    conn.execute("CREATE VIEW everything AS SELECT * FROM t")
    e = error(conn, "ALTER TABLE t DROP COLUMN a")
    assert (e.sqlstate, str(e)) == ("2BP01", "cannot drop column a of table t because other objects depend on it")
    assert e.detail == ("view uses_a depends on column a of table t\n"  # type: ignore[attr-defined]
                        "view everything depends on column a of table t")
    conn.execute("ALTER TABLE t DROP COLUMN a CASCADE")
    assert run(conn, "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'") == [("uses_b",)]
    assert run(conn, "SELECT * FROM uses_b ORDER BY id") == [(1, 10), (2, 20)]


def test_drop_identity_column_drops_its_sequence() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE i (k int PRIMARY KEY, id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1))")
    c.execute("ALTER TABLE i DROP COLUMN id")
    assert run(c, "SELECT count(*) FROM pg_class WHERE relkind = 'S'") == [(0,)]


def test_an_older_snapshot_reads_rows_from_before_a_drop_column() -> None:
    cluster = pydsql.Cluster()
    admin = cluster.connect(autocommit=True)
    admin.execute("CREATE TABLE t (id int PRIMARY KEY, a text, b int)")
    admin.execute("CREATE INDEX ASYNC t_b ON t (b)")
    admin.execute("INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20)")
    reader = cluster.connect()
    assert run(reader, "SELECT * FROM t WHERE b = 20") == [(2, "y", 20)]
    admin.execute("ALTER TABLE t DROP COLUMN a")
    admin.execute("UPDATE t SET b = 21 WHERE id = 2")
    assert run(reader, "SELECT * FROM t WHERE b = 20") == [(2, "y", 20)]  # its catalog, its index, its rows
    reader.rollback()
    assert run(reader, "SELECT * FROM t WHERE b = 21") == [(2, 21)]
    reader.rollback()


def test_other_alter_statements_name_themselves() -> None:
    c = pydsql.connect(autocommit=True)
    for kind in ("VIEW", "INDEX"):
        e = error(c, f"ALTER {kind} x RENAME TO y")
        assert (e.sqlstate, str(e)) == ("0A000", f"ALTER {kind} is not supported by pydsql yet")


def test_one_ddl_statement_per_transaction() -> None:
    c = pydsql.Cluster().connect()
    c.execute("CREATE TABLE r (id int PRIMARY KEY)")
    c.commit()
    c.execute("ALTER TABLE r ADD COLUMN a int")
    e = error(c, "ALTER TABLE r ADD COLUMN b int")
    assert e.sqlstate == "0A000"
    c.rollback()


# -- VALIDATE CONSTRAINT jobs ----------------------------------------------------------------------------


@pytest.fixture
def manual() -> tuple[pydsql.Cluster, pydsql.Connection]:
    cluster = pydsql.Cluster(jobs="manual")
    c = cluster.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, b int)")
    c.execute("INSERT INTO t VALUES (1, 10), (2, 20)")
    return cluster, c


def validate(c: pydsql.Connection, sql: str) -> str:
    return start_job(c, sql, "ALTER TABLE")


def job(c: pydsql.Connection, job_id: str) -> tuple[Any, ...]:
    (row,) = run(c, "SELECT status, details, job_type, object_name, class_id FROM sys.jobs WHERE job_id = %s", [job_id])
    return tuple(row)


def convalidated(c: pydsql.Connection, name: str) -> bool:
    (row,) = run(c, "SELECT convalidated FROM pg_constraint WHERE conname = %s", [name])
    return bool(row[0])


def test_validate_job_goes_through_its_states_and_marks_the_constraint_valid(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK (b > 0) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT pos")
    assert job(c, job_id) == ("submitted", None, "VALIDATE_CONSTRAINT", "pos", 2606)
    assert not convalidated(c, "pos")
    cluster.jobs.step(cluster.jobs.get(job_id))
    assert job(c, job_id)[0] == "processing"
    cluster.jobs.step(cluster.jobs.get(job_id))
    assert job(c, job_id)[:2] == ("completed", None)
    assert convalidated(c, "pos")
    assert run(c, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'pos'") == [("CHECK ((b > 0))",)]


def test_validate_job_fails_on_a_violating_row(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT big CHECK (b > 15) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT big")
    assert run(c, "CALL sys.wait_for_job(%s)", [job_id]) == [(False,)]
    assert job(c, job_id)[:2] == ("failed", 'check constraint "big" of relation "t" is violated by some row')
    assert not convalidated(c, "big")


def test_validate_job_checks_the_rows_committed_when_it_runs(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT under15 CHECK (b < 15) NOT VALID")  # row 2 (b = 20) violates it
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT under15")
    c.execute("DELETE FROM t WHERE id = 2")
    assert run(c, "CALL sys.wait_for_job(%s)", [job_id]) == [(True,)]
    assert convalidated(c, "under15")


def test_validate_completion_is_a_schema_change_for_older_writers(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK (b > 0) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT pos")
    writer = cluster.connect()
    writer.execute("UPDATE t SET b = 11 WHERE id = 1")
    cluster.jobs.run(cluster.jobs.get(job_id))
    with pytest.raises(pydsql.Error) as info:
        writer.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"


def test_validate_job_fails_when_the_constraint_is_dropped_first(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT small CHECK (b < 100) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT small")
    c.execute("DELETE FROM t WHERE id = 2")
    c.execute("ALTER TABLE t DROP CONSTRAINT small")  # dropped while the job waits
    assert run(c, "CALL sys.wait_for_job(%s)", [job_id]) == [(False,)]
    assert job(c, job_id)[:2] == ("failed", "constraint validation cancelled: the constraint was dropped")


def test_validate_foreign_key_job(manual: Any) -> None:
    cluster, c = manual
    c.execute("CREATE TABLE ch (id int PRIMARY KEY, tid int)")
    c.execute("INSERT INTO ch VALUES (1, 1), (2, NULL), (3, 99)")
    c.execute("ALTER TABLE ch ADD CONSTRAINT ch_t FOREIGN KEY (tid) REFERENCES t (id) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC ch VALIDATE CONSTRAINT ch_t")
    assert run(c, "CALL sys.wait_for_job(%s)", [job_id]) == [(False,)]
    assert job(c, job_id)[1] == 'insert or update on table "ch" violates foreign key constraint "ch_t"'
    c.execute("DELETE FROM ch WHERE id = 3")
    job_id = validate(c, "ALTER TABLE ASYNC ch VALIDATE CONSTRAINT ch_t")
    assert run(c, "CALL sys.wait_for_job(%s)", [job_id]) == [(True,)]
    assert convalidated(c, "ch_t")


def test_validate_of_a_rolled_back_transaction_leaves_no_job(manual: Any) -> None:
    cluster, c = manual
    c.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK (b > 0) NOT VALID")
    c.autocommit = False
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT pos")
    c.rollback()
    assert run(c, "SELECT count(*) FROM sys.jobs WHERE job_id = %s", [job_id]) == [(0,)]


def test_validate_errors(manual: Any) -> None:
    cluster, c = manual
    e = error(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT nope")
    assert (e.sqlstate, str(e)) == ("42704", 'constraint "nope" of relation "t" does not exist')
    e = error(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT t_pkey")
    assert (e.sqlstate, str(e)) == ("42809", 'constraint "t_pkey" of relation "t" is not a foreign key or check constraint')


def test_eager_jobs_validate_before_the_next_transaction() -> None:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, b int)")
    c.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK (b > 0) NOT VALID")
    job_id = validate(c, "ALTER TABLE ASYNC t VALIDATE CONSTRAINT pos")
    assert job(c, job_id)[0] == "completed"
    assert convalidated(c, "pos")


# -- snapshots and conflicts across an ALTER -----------------------------------------------------------


def test_an_older_snapshot_reads_the_old_rows_and_columns() -> None:
    cluster = pydsql.Cluster()
    admin = cluster.connect(autocommit=True)
    admin.execute("CREATE TABLE t (id int PRIMARY KEY, a text)")
    admin.execute("INSERT INTO t VALUES (1, 'x')")
    reader = cluster.connect()
    assert run(reader, "SELECT * FROM t") == [(1, "x")]  # snapshot taken
    admin.execute("ALTER TABLE t ADD COLUMN c int")
    admin.execute("UPDATE t SET c = 5")
    assert run(reader, "SELECT * FROM t") == [(1, "x")]
    reader.commit()  # read only: nothing to conflict with
    assert run(reader, "SELECT * FROM t") == [(1, "x", 5)]
    reader.rollback()


def test_a_writer_whose_snapshot_predates_the_alter_fails_with_oc001() -> None:
    cluster = pydsql.Cluster()
    admin = cluster.connect(autocommit=True)
    admin.execute("CREATE TABLE t (id int PRIMARY KEY, a text)")
    writer = cluster.connect()
    writer.execute("INSERT INTO t VALUES (1, 'x')")
    admin.execute("ALTER TABLE t ADD COLUMN c int")
    with pytest.raises(pydsql.Error) as info:
        writer.commit()
    assert (info.value.sqlstate, str(info.value)) == ("40001", "schema has been updated by another transaction (OC001)")
    assert run(admin, "SELECT * FROM t") == []


@pytest.mark.parametrize("alter", [
    "ALTER TABLE t ADD COLUMN c int",
    "ALTER TABLE t RENAME COLUMN a TO aa",
    "ALTER TABLE t ALTER COLUMN a SET DEFAULT 'd'",
    "ALTER TABLE t ADD CONSTRAINT k CHECK (id > 0) NOT VALID",
    "ALTER TABLE t RENAME TO t2",
    "ALTER TABLE t DROP COLUMN a",
])
def test_every_alter_is_a_schema_change_for_concurrent_writers(alter: str) -> None:
    cluster = pydsql.Cluster()
    admin = cluster.connect(autocommit=True)
    admin.execute("CREATE TABLE t (id int PRIMARY KEY, a text)")
    admin.execute("INSERT INTO t VALUES (1, 'x')")
    writer = cluster.connect()
    writer.execute("UPDATE t SET a = 'y'")
    admin.execute(alter)
    with pytest.raises(pydsql.Error) as info:
        writer.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"


def test_racing_alters_the_later_commit_loses() -> None:
    cluster = pydsql.Cluster()
    admin = cluster.connect(autocommit=True)
    admin.execute("CREATE TABLE t (id int PRIMARY KEY)")
    one, two = cluster.connect(), cluster.connect()
    one.execute("ALTER TABLE t ADD COLUMN a int")
    two.execute("ALTER TABLE t ADD COLUMN b int")
    one.commit()
    with pytest.raises(pydsql.Error) as info:
        two.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"
    assert run(admin, "SELECT column_name FROM information_schema.columns WHERE table_name = 't' ORDER BY 1") == [
        ("a",), ("id",)
    ]


def test_padded_rows_keep_indexes_and_uniqueness_working() -> None:
    cluster = pydsql.Cluster()
    c = cluster.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, v int)")
    c.execute("CREATE UNIQUE INDEX ASYNC t_v ON t (v)")
    c.execute("INSERT INTO t SELECT g, g * 10 FROM generate_series(1, 50) g")
    c.execute("ALTER TABLE t ADD COLUMN extra text")
    assert run(c, "SELECT id, extra FROM t WHERE v = 250") == [(25, None)]
    e = error(c, "INSERT INTO t VALUES (99, 250, 'dup')")
    assert e.sqlstate == "23505"
    c.execute("ALTER TABLE t ADD COLUMN more int")
    assert run(c, "SELECT count(*), count(extra), count(more) FROM t") == [(50, 0, 0)]


# -- what DSQL shares with PostgreSQL, compared with PostgreSQL 16 ----------------------------------------

SETUP = [
    "CREATE TABLE t (id int PRIMARY KEY, a text, b int)",
    "INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20)",
]

SCRIPTS: dict[str, list[str]] = {
    "add_column": [
        "ALTER TABLE t ADD COLUMN c text",
        "SELECT * FROM t ORDER BY id",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int",
        "ALTER TABLE t ADD COLUMN c int",
        "ALTER TABLE t ADD d numeric(5, 2), ADD COLUMN e varchar(3)",
        "INSERT INTO t VALUES (3, 'z', 30, 'c', 1.5, 'abc')",
        "SELECT * FROM t ORDER BY id",
        "SELECT attname, attnum, format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum",
        "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
        "WHERE table_name = 't' ORDER BY ordinal_position",
        "ALTER TABLE t ADD COLUMN f nosuchtype",
        "ALTER TABLE nosuch ADD COLUMN f int",
    ],
    "rename": [
        "ALTER TABLE t RENAME COLUMN a TO aa",
        "SELECT aa FROM t ORDER BY id",
        "ALTER TABLE t RENAME b TO bb",
        "ALTER TABLE t RENAME COLUMN nope TO x",
        "ALTER TABLE t RENAME COLUMN aa TO bb",
        "ALTER TABLE t RENAME TO t2",
        "SELECT * FROM t2 ORDER BY id",
        "SELECT * FROM t",
        "CREATE TABLE t3 (id int PRIMARY KEY)",
        "ALTER TABLE t2 RENAME TO t3",
        "ALTER TABLE t2 RENAME CONSTRAINT t_pkey TO t2_pkey",
        "SELECT conname FROM pg_constraint WHERE conrelid = 't2'::regclass",
    ],
    "rename_references": [
        "CREATE TABLE ch (id int PRIMARY KEY, tid int REFERENCES t (id), up int REFERENCES ch (id))",
        "CREATE VIEW v AS SELECT t.id, t.b FROM t JOIN ch ON ch.tid = t.id",
        "ALTER TABLE t RENAME TO t2",
        "ALTER TABLE ch RENAME TO ch2",
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
        "AND connamespace::regnamespace::text = current_schema() ORDER BY 1",
        "SELECT * FROM v",
        "ALTER TABLE t2 RENAME COLUMN b TO bb, DROP COLUMN a",
        "ALTER TABLE t2 DROP COLUMN a, RENAME COLUMN b TO bb",
        "ALTER TABLE t2 DROP COLUMN a, SET SCHEMA public",
        "ALTER TABLE t2 RENAME COLUMN b TO bb",
        "ALTER TABLE t2 DROP COLUMN bb",
        "ALTER TABLE t2 RENAME TO t3",
        "ALTER TABLE t3 DROP COLUMN a, DROP COLUMN bb CASCADE",
        "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()",
        "SELECT * FROM t3 ORDER BY id",
    ],
    "views": [
        "CREATE VIEW v AS SELECT id, a, b * 2 AS b2 FROM t WHERE b > 5",
        "CREATE VIEW w AS SELECT t.a AS name, count(*) AS n FROM t GROUP BY t.a",
        "ALTER TABLE t RENAME COLUMN a TO aa",
        "ALTER TABLE t RENAME COLUMN b TO bb",
        "SELECT * FROM v ORDER BY id",
        "SELECT * FROM w ORDER BY name",
        "ALTER TABLE t RENAME TO t2",
        "SELECT * FROM v ORDER BY id",
        "SELECT * FROM w ORDER BY name",
        "ALTER TABLE t2 ADD COLUMN c int",
        "SELECT * FROM v ORDER BY id",
        "DROP TABLE t2",
    ],
    "defaults_and_nulls": [
        "ALTER TABLE t ALTER COLUMN b SET DEFAULT 7",
        "INSERT INTO t (id, a) VALUES (3, 'z')",
        "SELECT * FROM t ORDER BY id",
        "SELECT column_default FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b'",
        "ALTER TABLE t ALTER COLUMN b SET DEFAULT 'text'",
        "ALTER TABLE t ALTER COLUMN b SET DEFAULT b + 1",
        "ALTER TABLE t ALTER COLUMN b SET DEFAULT (SELECT 1)",
        "ALTER TABLE t ALTER COLUMN b SET DEFAULT sum(1)",
        "ALTER TABLE t ALTER COLUMN nope SET DEFAULT 1",
        "ALTER TABLE t ALTER COLUMN b DROP DEFAULT",
        "INSERT INTO t (id, a) VALUES (4, 'w')",
        "SELECT * FROM t ORDER BY id",
        "CREATE TABLE n (id int PRIMARY KEY, v text NOT NULL)",
        "ALTER TABLE n ALTER COLUMN v DROP NOT NULL",
        "INSERT INTO n VALUES (1, NULL)",
        "ALTER TABLE n ALTER COLUMN id DROP NOT NULL",
        "SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'n'::regclass AND attnum > 0 ORDER BY attnum",
    ],
    "constraints": [
        "ALTER TABLE t ADD CONSTRAINT big CHECK (b > 15) NOT VALID",
        "INSERT INTO t VALUES (3, 'z', 1)",
        "INSERT INTO t VALUES (3, 'z', 16)",
        "ALTER TABLE t ADD CONSTRAINT big CHECK (b > 0) NOT VALID",
        "ALTER TABLE t ADD CHECK (a <> '') NOT VALID",
        "ALTER TABLE t ADD CHECK (a <> 'q' AND b <> 3) NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT bad CHECK (nope > 0) NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT bad CHECK (b) NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT bad CHECK ((SELECT 1) > 0) NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT bad CHECK () NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT bad CHECK NOT VALID",
        "ALTER TABLE t ADD CONSTRAINT t_pkey CHECK (b > 0) NOT VALID",
        "SELECT conname, contype, convalidated, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 't'::regclass ORDER BY conname",
        "ALTER TABLE t DROP CONSTRAINT big",
        "ALTER TABLE t DROP CONSTRAINT big",
        "ALTER TABLE t DROP CONSTRAINT IF EXISTS big",
        "INSERT INTO t VALUES (4, 'w', 1)",
        "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY conname",
        "CREATE TABLE ch (id int PRIMARY KEY, tid int)",
        "ALTER TABLE ch ADD CONSTRAINT ch_t FOREIGN KEY (tid) REFERENCES t (id) NOT VALID",
        "ALTER TABLE ch ADD FOREIGN KEY (tid) REFERENCES t NOT VALID",
        "ALTER TABLE ch ADD CONSTRAINT ch_x FOREIGN KEY (tid) REFERENCES nosuch (id) NOT VALID",
        "SELECT conname, contype, convalidated, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'ch'::regclass ORDER BY conname",
    ],
    "identity": [
        "CREATE TABLE i (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY, v text)",
        "ALTER TABLE i ALTER COLUMN id SET DEFAULT 5",
        "ALTER TABLE i ALTER COLUMN id DROP DEFAULT",
        "ALTER TABLE i ALTER COLUMN v DROP IDENTITY",
        "ALTER TABLE i ALTER COLUMN v DROP IDENTITY IF EXISTS",
        "ALTER TABLE i ALTER COLUMN v SET GENERATED ALWAYS",
        "ALTER TABLE i ALTER COLUMN id SET GENERATED BY DEFAULT",
        "INSERT INTO i VALUES (10, 'a')",
        "SELECT is_identity, identity_generation FROM information_schema.columns WHERE table_name = 'i' "
        "AND column_name = 'id'",
        "ALTER TABLE i ALTER COLUMN id SET INCREMENT BY 10 RESTART WITH 100",
        "INSERT INTO i (v) VALUES ('b'), ('c') RETURNING id",
        "ALTER TABLE i ALTER COLUMN id SET MAXVALUE 150 SET NO CYCLE",
        "INSERT INTO i (v) VALUES ('d') RETURNING id",
        "INSERT INTO i (v) VALUES ('e') RETURNING id",
        "SELECT start_value, increment, max_value FROM pg_sequences WHERE schemaname = current_schema()",
        "ALTER TABLE i ALTER COLUMN id RESTART",
        "INSERT INTO i (v) VALUES ('f') RETURNING id",
        "ALTER TABLE i ALTER COLUMN v SET INCREMENT BY 2",
        "ALTER TABLE i ALTER COLUMN id SET INCREMENT BY 0",
        "ALTER TABLE i ALTER COLUMN id RESTART WITH 1000",
        "ALTER TABLE i ALTER COLUMN id SET OWNED BY NONE",
        "ALTER TABLE i ALTER COLUMN id SET AS integer",
        "ALTER TABLE i RENAME COLUMN id TO ident",
        "SELECT column_name, is_identity, identity_generation, identity_start, identity_increment "
        "FROM information_schema.columns WHERE table_name = 'i' ORDER BY ordinal_position",
        "SELECT pg_get_serial_sequence('i', 'ident') IS NOT NULL",
        "INSERT INTO i (v) VALUES ('drawn') RETURNING ident",
        "ALTER TABLE i RENAME COLUMN ident TO id",
        "ALTER TABLE i ALTER COLUMN id DROP IDENTITY",
        "SELECT is_identity, column_default FROM information_schema.columns WHERE table_name = 'i' "
        "AND column_name = 'id'",
        "SELECT count(*) FROM pg_sequences",
        "CREATE TABLE j (k int PRIMARY KEY, n bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1))",
        "ALTER TABLE j RENAME COLUMN n TO m",
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()",
        "ALTER TABLE j DROP COLUMN m",
        "SELECT count(*) FROM pg_sequences WHERE schemaname = current_schema()",
    ],
    "drop_column": [
        "CREATE VIEW uses_a AS SELECT id, a FROM t",
        "CREATE VIEW uses_b AS SELECT t.id, t.b FROM t",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP COLUMN a CASCADE",
        "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()",
        "SELECT * FROM t ORDER BY id",
        "SELECT * FROM uses_b ORDER BY id",
        "ALTER TABLE t DROP COLUMN a",
        "ALTER TABLE t DROP COLUMN IF EXISTS a",
        "CREATE TABLE w (id int PRIMARY KEY, x int CHECK (x > 0), y int, z text, CHECK (y > x))",
        "INSERT INTO w VALUES (1, 1, 2, 'a')",
        "ALTER TABLE w DROP COLUMN x",
        "SELECT conname FROM pg_constraint WHERE conrelid = 'w'::regclass ORDER BY 1",
        "INSERT INTO w VALUES (2, -5, 'b')",
        "ALTER TABLE w ADD COLUMN x int",
        "SELECT * FROM w ORDER BY id",
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'w' "
        "ORDER BY ordinal_position",
    ],
    "misc": [
        "ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL",
        "ALTER TABLE t ALTER COLUMN a DROP EXPRESSION",
        "ALTER TABLE t ALTER COLUMN a DROP EXPRESSION IF EXISTS",
        "ALTER TABLE IF EXISTS nosuch ADD COLUMN c int",
        "CREATE VIEW v AS SELECT * FROM t",
        "ALTER TABLE v ADD COLUMN c int",
        "ALTER TABLE pg_class ADD COLUMN c int",
        "ALTER TABLE pg_catalog.pg_class RENAME TO x",
        "CREATE SCHEMA other_schema_for_alter",
        "ALTER TABLE t SET SCHEMA other_schema_for_alter",
        "SELECT count(*) FROM other_schema_for_alter.t",
        "ALTER TABLE other_schema_for_alter.t SET SCHEMA nosuch_schema",
        "DROP VIEW v",
        "DROP TABLE other_schema_for_alter.t",
        "DROP SCHEMA other_schema_for_alter",
    ],
}


@pytest.mark.differential
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_postgresql(pg: Any, name: str) -> None:
    run_script(pg, SETUP + SCRIPTS[name])


def test_rewriting_a_view_leaves_other_databases_alone() -> None:
    """ALTER TABLE ... SET SCHEMA / RENAME rewrites the views reading the table; parses are
    cached per text and shared by every database of the process, so the rewrite works on a
    copy.  (It rewrote the cached tree: another database's view of the same text then read
    the moved table, 42P01.)"""
    first = pydsql.connect(autocommit=True)
    for sql in ["CREATE TABLE t (id int PRIMARY KEY)", "CREATE VIEW v AS SELECT * FROM t",
                "CREATE SCHEMA elsewhere", "ALTER TABLE t SET SCHEMA elsewhere", "ALTER TABLE elsewhere.t RENAME TO u"]:
        first.execute(sql)
    second = pydsql.connect(autocommit=True)
    for sql in ["CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (7)", "CREATE VIEW v AS SELECT * FROM t"]:
        second.execute(sql)
    assert second.execute("SELECT * FROM v").fetchall() == [(7,)]
    assert first.execute("SELECT * FROM v").fetchall() == []

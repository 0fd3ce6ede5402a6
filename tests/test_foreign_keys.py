"""Foreign keys as DSQL has them since 2026-08 (see ``docs/foreign-keys.md``).

Two halves:

* **Single session: PostgreSQL's semantics.**  Scripts run on pydsql and on a
  real PostgreSQL 16 and compare every outcome (rows, command tags,
  SQLSTATEs, messages): every referential action, NULLs in composite keys,
  MATCH FULL, self-references, multi-row statements, statement atomicity,
  deferred constraints, DDL errors, DROP TABLE, catalogs.
* **Several sessions: DSQL's conflicts.**  A child write claims its parent row
  FOR KEY SHARE; referential actions are writes of the child rows.  One test
  per cell of the conflict matrix involving a foreign key, named after what
  it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import pydsql
from differential import run_script
from pydsql import errors

OC000 = "change conflicts with another transaction (OC000)"

# -- single session, compared with PostgreSQL -----------------------------------------------------

PARENT = [
    "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE, name text)",
    "INSERT INTO p VALUES (1, 'a', 'one'), (2, 'b', 'two'), (3, 'c', 'three'), (4, 'd', 'four')",
]

SCRIPTS: dict[str, list[str]] = {
    "insert_and_violation": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p, note text)",
        "INSERT INTO c VALUES (1, 1, 'x'), (2, NULL, 'null references nothing')",
        "INSERT INTO c VALUES (3, 99, 'missing')",
        "INSERT INTO c VALUES (4, 2, 'ok'), (5, 98, 'missing: the whole statement fails')",
        "SELECT * FROM c ORDER BY id",
        "UPDATE c SET pid = 97 WHERE id = 1",
        "UPDATE c SET pid = 3 WHERE id = 1",
        "UPDATE c SET note = 'fk untouched' WHERE id = 1",
        "SELECT * FROM c ORDER BY id",
        "INSERT INTO c SELECT 10 + id, id, name FROM p",
        "INSERT INTO c SELECT 20 + id, id + 2, name FROM p",
        "SELECT count(*) FROM c",
    ],
    "no_action_and_restrict": PARENT + [
        "CREATE TABLE na (id int PRIMARY KEY, pid int REFERENCES p ON DELETE NO ACTION ON UPDATE NO ACTION)",
        "CREATE TABLE rs (id int PRIMARY KEY, pid int REFERENCES p ON DELETE RESTRICT ON UPDATE RESTRICT)",
        "INSERT INTO na VALUES (1, 1)",
        "INSERT INTO rs VALUES (1, 2)",
        "DELETE FROM p WHERE id = 1",
        "DELETE FROM p WHERE id = 2",
        "UPDATE p SET id = 10 WHERE id = 1",
        "UPDATE p SET id = 20 WHERE id = 2",
        "UPDATE p SET name = 'non-key update is fine' WHERE id IN (1, 2)",
        "DELETE FROM p WHERE id IN (3, 4)",
        # NO ACTION forgives a key that is present again at the end of the statement; RESTRICT does not
        "UPDATE p SET id = CASE id WHEN 1 THEN 5 WHEN 5 THEN 1 END WHERE id IN (1, 5)",
        "INSERT INTO p VALUES (5, 'e', 'five')",
        "UPDATE p SET id = CASE id WHEN 1 THEN 5 WHEN 5 THEN 1 END WHERE id IN (1, 5)",
        "UPDATE p SET id = CASE id WHEN 2 THEN 6 WHEN 6 THEN 2 END WHERE id IN (2, 6)",
        "INSERT INTO p VALUES (6, 'f', 'six')",
        "UPDATE p SET id = CASE id WHEN 2 THEN 6 WHEN 6 THEN 2 END WHERE id IN (2, 6)",
        "SELECT * FROM p ORDER BY id",
        "DELETE FROM na",
        "DELETE FROM p WHERE id = 1",
        "SELECT id FROM p ORDER BY id",
    ],
    "cascade": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, note text)",
        "CREATE TABLE g (id int PRIMARY KEY, cid int REFERENCES c ON DELETE CASCADE)",
        "INSERT INTO c VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c'), (4, NULL, 'd')",
        "INSERT INTO g VALUES (1, 1), (2, 2), (3, 3)",
        "UPDATE p SET id = 10 WHERE id = 1",
        "SELECT * FROM c ORDER BY id",
        "DELETE FROM p WHERE id = 10",
        "SELECT * FROM c ORDER BY id",
        "SELECT * FROM g ORDER BY id",
        "DELETE FROM p",
        "SELECT * FROM c ORDER BY id",
        "SELECT count(*) FROM g",
    ],
    "cascade_blocked_by_restrict_below": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE)",
        "CREATE TABLE g (id int PRIMARY KEY, cid int REFERENCES c ON DELETE RESTRICT)",
        "INSERT INTO c VALUES (1, 1), (2, 2)",
        "INSERT INTO g VALUES (1, 1)",
        "DELETE FROM p WHERE id = 1",
        "SELECT * FROM p ORDER BY id",
        "SELECT * FROM c ORDER BY id",
        "DELETE FROM p WHERE id = 2",
        "SELECT * FROM c ORDER BY id",
    ],
    "set_null_and_set_default": PARENT + [
        "CREATE TABLE sn (id int PRIMARY KEY, pid int REFERENCES p ON DELETE SET NULL ON UPDATE SET NULL, note text)",
        "CREATE TABLE sd (id int PRIMARY KEY, pid int DEFAULT 4 REFERENCES p ON DELETE SET DEFAULT ON UPDATE SET DEFAULT)",
        "CREATE TABLE sd_missing (id int PRIMARY KEY, pid int DEFAULT 42 REFERENCES p ON DELETE SET DEFAULT)",
        "CREATE TABLE sn_not_null (id int PRIMARY KEY, pid int NOT NULL REFERENCES p ON DELETE SET NULL)",
        "INSERT INTO sn VALUES (1, 1, 'x'), (2, 2, 'y')",
        "INSERT INTO sd VALUES (1, 1), (2, 2)",
        "DELETE FROM p WHERE id = 1",
        "UPDATE p SET id = 20 WHERE id = 2",
        "SELECT * FROM sn ORDER BY id",
        "SELECT * FROM sd ORDER BY id",
        "INSERT INTO sd_missing VALUES (1, 3)",
        "DELETE FROM p WHERE id = 3",
        "SELECT * FROM sd_missing",
        "INSERT INTO sn_not_null VALUES (1, 20)",
        "DELETE FROM p WHERE id = 20",
        "SELECT * FROM sn_not_null",
        "DELETE FROM p WHERE id = 4",
        "SELECT * FROM sd ORDER BY id",
    ],
    "composite_keys_and_nulls": [
        "CREATE TABLE p2 (a int, b text, v text, PRIMARY KEY (a, b))",
        "INSERT INTO p2 VALUES (1, 'x', 'one'), (2, 'y', 'two')",
        "CREATE TABLE simple (id int PRIMARY KEY, a int, b text, FOREIGN KEY (a, b) REFERENCES p2 (a, b) MATCH SIMPLE)",
        "CREATE TABLE full_ (id int PRIMARY KEY, a int, b text, FOREIGN KEY (a, b) REFERENCES p2 MATCH FULL)",
        "CREATE TABLE swapped (id int PRIMARY KEY, a int, b text, FOREIGN KEY (b, a) REFERENCES p2 (b, a))",
        "INSERT INTO simple VALUES (1, 1, 'x'), (2, NULL, 'nope'), (3, 9, NULL), (4, NULL, NULL)",
        "INSERT INTO simple VALUES (5, 1, 'y')",
        "INSERT INTO full_ VALUES (1, 1, 'x'), (2, NULL, NULL)",
        "INSERT INTO full_ VALUES (3, NULL, 'x')",
        "INSERT INTO full_ VALUES (4, 2, NULL)",
        "INSERT INTO swapped VALUES (1, 2, 'y')",
        "INSERT INTO swapped VALUES (2, 2, 'x')",
        "SELECT * FROM simple ORDER BY id",
        "SELECT * FROM full_ ORDER BY id",
        "DELETE FROM p2 WHERE a = 1",
        "DELETE FROM p2 WHERE a = 2",
    ],
    "set_null_column_list": [
        "CREATE TABLE tenants (tenant int, id int, PRIMARY KEY (tenant, id))",
        "INSERT INTO tenants VALUES (1, 1), (1, 2)",
        "CREATE TABLE docs (tenant int NOT NULL, id int, owner int, PRIMARY KEY (tenant, id), "
        "FOREIGN KEY (tenant, owner) REFERENCES tenants ON DELETE SET NULL (owner))",
        "INSERT INTO docs VALUES (1, 10, 1), (1, 11, 2)",
        "DELETE FROM tenants WHERE id = 1",
        "SELECT * FROM docs ORDER BY id",
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'docs_tenant_owner_fkey'",
        "SELECT confdelsetcols FROM pg_constraint WHERE conname = 'docs_tenant_owner_fkey'",
    ],
    "self_reference_and_multi_row": [
        "CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree ON DELETE CASCADE, label text)",
        "INSERT INTO tree VALUES (2, 1, 'child first'), (1, NULL, 'root'), (3, 2, 'grandchild')",
        "INSERT INTO tree VALUES (4, 5, 'dangling')",
        "INSERT INTO tree VALUES (6, 6, 'its own parent')",
        "SELECT * FROM tree ORDER BY id",
        "DELETE FROM tree WHERE id = 1",
        "SELECT * FROM tree ORDER BY id",
        "CREATE TABLE emp (id int PRIMARY KEY, boss int REFERENCES emp)",
        "INSERT INTO emp VALUES (1, NULL), (2, 1), (3, 2)",
        "DELETE FROM emp WHERE id = 2",
        "DELETE FROM emp WHERE id IN (2, 3)",
        "UPDATE emp SET boss = NULL",
        "DELETE FROM emp",
        "SELECT count(*) FROM emp",
    ],
    "unique_parent_and_types": PARENT + [
        "CREATE TABLE byc (id int PRIMARY KEY, code varchar(5) REFERENCES p (code) ON UPDATE CASCADE)",
        "INSERT INTO byc VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO byc VALUES (3, 'zz')",
        "UPDATE p SET code = 'aa' WHERE id = 1",
        "SELECT * FROM byc ORDER BY id",
        "CREATE TABLE big (id int PRIMARY KEY, pid bigint REFERENCES p)",
        "INSERT INTO big VALUES (1, 2)",
        "INSERT INTO big VALUES (2, 9999999999)",
        "CREATE TABLE small (id int PRIMARY KEY, pid smallint REFERENCES p)",
        "INSERT INTO small VALUES (1, 3)",
        "INSERT INTO small VALUES (2, 7)",
        "CREATE TABLE num (id int PRIMARY KEY, pid numeric REFERENCES p)",
        "INSERT INTO num VALUES (1, 4)",
        "INSERT INTO num VALUES (2, 4.5)",
    ],
    "returning_and_cte": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE)",
        "INSERT INTO c VALUES (1, 1), (2, 2) RETURNING *",
        "WITH gone AS (DELETE FROM p WHERE id = 1 RETURNING id) SELECT * FROM gone",
        "SELECT * FROM c ORDER BY id",
        "WITH np AS (INSERT INTO p VALUES (7, 'g', 'seven') RETURNING id) INSERT INTO c SELECT 7, id FROM np",
        "WITH bad AS (INSERT INTO c VALUES (8, 8) RETURNING id) SELECT * FROM bad",
        "SELECT * FROM c ORDER BY id",
        "CREATE FUNCTION add_child(x int) RETURNS int LANGUAGE sql AS $$ INSERT INTO c VALUES (x, x) RETURNING id $$",
        "SELECT add_child(3)",
        "SELECT add_child(9)",
        "SELECT * FROM c ORDER BY id",
    ],
    "ddl_errors": PARENT + [
        "CREATE TABLE e1 (a int REFERENCES nope)",
        "CREATE TABLE e2 (a int REFERENCES p (nope))",
        "CREATE TABLE e3 (a int, FOREIGN KEY (nope) REFERENCES p)",
        "CREATE TABLE e4 (a int REFERENCES p (name))",
        "CREATE TABLE e5 (a int, b int, FOREIGN KEY (a, b) REFERENCES p)",
        "CREATE TABLE e6 (a text REFERENCES p)",
        "CREATE TABLE e7 (a uuid REFERENCES p (code))",
        "CREATE TABLE nopk (a int)",
        "CREATE TABLE e8 (a int REFERENCES nopk)",
        "CREATE TABLE e9 (a int REFERENCES p (id, id))",
        "CREATE TABLE e10 (a int, b int, FOREIGN KEY (a) REFERENCES p ON DELETE SET NULL (b))",
        "CREATE TABLE e11 (a int REFERENCES p MATCH PARTIAL)",
        "CREATE TABLE e12 (a int REFERENCES p ON UPDATE SET NULL (a))",
        "CREATE TABLE e13 (a int REFERENCES p NOT DEFERRABLE INITIALLY DEFERRED)",
        "CREATE VIEW v AS SELECT id FROM p",
        "CREATE TABLE e14 (a int REFERENCES v)",
        "CREATE TABLE e15 (a int CONSTRAINT x REFERENCES p, b int CONSTRAINT x REFERENCES p)",
        "CREATE TABLE e16 (a int CONSTRAINT e16_pkey REFERENCES p PRIMARY KEY)",
        "SELECT count(*) FROM pg_class WHERE relname LIKE 'e%' AND relkind = 'r'",
    ],
    "indexed_child": PARENT + [
        "CREATE TABLE one (pid int PRIMARY KEY REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, note text)",
        "CREATE TABLE uq (id int PRIMARY KEY, code text UNIQUE REFERENCES p (code) ON DELETE SET NULL)",
        "INSERT INTO one VALUES (1, 'x'), (2, 'y')",
        "INSERT INTO uq VALUES (1, 'a'), (2, 'b')",
        "UPDATE p SET id = 10 WHERE id = 1",
        "DELETE FROM p WHERE id = 2",
        "SELECT * FROM one ORDER BY pid",
        "DELETE FROM p WHERE code = 'a'",
        "SELECT * FROM uq ORDER BY id",
        "CREATE TABLE plain (id int PRIMARY KEY, code text UNIQUE REFERENCES p (code))",
        "BEGIN",
        "INSERT INTO plain VALUES (1, 'c')",
        "DELETE FROM p WHERE code = 'c'",
        "ROLLBACK",
        "BEGIN",
        "INSERT INTO plain VALUES (1, 'c')",
        "UPDATE plain SET code = 'd'",
        "DELETE FROM p WHERE code = 'c'",
        "COMMIT",
        "SELECT * FROM p ORDER BY id",
        "SELECT * FROM plain",
    ],
    "drop_table": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)",
        "CREATE TABLE selfref (id int PRIMARY KEY, up int REFERENCES selfref)",
        "INSERT INTO c VALUES (1, 1)",
        "DROP TABLE p",
        "DROP TABLE selfref",
        "DROP TABLE p CASCADE",
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f'",
        "INSERT INTO c VALUES (2, 99)",
        "SELECT * FROM c ORDER BY id",
    ],
    "drop_schema_of_the_parent": [
        "CREATE SCHEMA fk_parent_schema",
        "CREATE TABLE fk_parent_schema.p (id int PRIMARY KEY)",
        "INSERT INTO fk_parent_schema.p VALUES (1)",
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES fk_parent_schema.p)",
        "INSERT INTO c VALUES (1, 1)",
        "INSERT INTO c VALUES (2, 2)",
        "DROP TABLE fk_parent_schema.p",
        "DROP SCHEMA fk_parent_schema CASCADE",
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f'",
        "INSERT INTO c VALUES (2, 2)",
        "SELECT * FROM c ORDER BY id",
    ],
    "drop_parent_and_child_together": PARENT + [
        "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)",
        "DROP TABLE p, c",
        "SELECT count(*) FROM pg_class WHERE relname IN ('p', 'c')",
    ],
    "catalogs": [
        "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE, name text, UNIQUE (id, code))",
        "CREATE TABLE c (id int PRIMARY KEY, pid int CONSTRAINT to_p REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL "
        "DEFERRABLE INITIALLY DEFERRED, code text, pid2 int, "
        "FOREIGN KEY (code) REFERENCES p (code) MATCH FULL ON DELETE RESTRICT DEFERRABLE, "
        "CONSTRAINT two FOREIGN KEY (pid2, code) REFERENCES p (id, code) ON UPDATE SET DEFAULT)",
        "SELECT conname, contype, condeferrable, condeferred, confupdtype, confdeltype, confmatchtype, conkey, confkey, "
        "confrelid = 'p'::regclass FROM pg_constraint WHERE conrelid = 'c'::regclass AND contype = 'f' ORDER BY conname",
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'c'::regclass AND contype = 'f' "
        "ORDER BY conname",
        "SELECT constraint_name, match_option, update_rule, delete_rule FROM information_schema.referential_constraints "
        "ORDER BY constraint_name",
        "SELECT constraint_name, constraint_type, is_deferrable, initially_deferred "
        "FROM information_schema.table_constraints WHERE table_name = 'c' AND constraint_type <> 'CHECK' "
        "ORDER BY constraint_name",
        "SELECT constraint_name, column_name, ordinal_position, position_in_unique_constraint "
        "FROM information_schema.key_column_usage WHERE table_name = 'c' ORDER BY constraint_name, ordinal_position",
        "SELECT constraint_name, table_name, column_name FROM information_schema.constraint_column_usage "
        "WHERE constraint_name IN ('to_p', 'c_code_fkey', 'two') ORDER BY constraint_name, column_name",
    ],
    "deferred": PARENT + [
        "CREATE TABLE d (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TABLE i (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY IMMEDIATE)",
        "BEGIN",
        "INSERT INTO d VALUES (1, 10)",
        "INSERT INTO p VALUES (10, 'j', 'ten')",
        "COMMIT",
        "BEGIN",
        "INSERT INTO d VALUES (2, 11)",
        "SELECT * FROM d ORDER BY id",
        "COMMIT",
        "SELECT * FROM d ORDER BY id",
        "BEGIN",
        "INSERT INTO d VALUES (3, 12)",
        "INSERT INTO d VALUES (4, 13)",
        "DELETE FROM d WHERE id = 3",
        "UPDATE d SET pid = 1 WHERE id = 4",
        "COMMIT",
        "SELECT * FROM d ORDER BY id",
        "BEGIN",
        "INSERT INTO i VALUES (1, 50)",
        "ROLLBACK",
        "BEGIN",
        "SET CONSTRAINTS ALL DEFERRED",
        "INSERT INTO i VALUES (1, 50)",
        "SET CONSTRAINTS ALL IMMEDIATE",
        "ROLLBACK",
        "BEGIN",
        "SET CONSTRAINTS i_pid_fkey DEFERRED",
        "INSERT INTO i VALUES (1, 50)",
        "INSERT INTO p VALUES (50, 'x', 'fifty')",
        "SET CONSTRAINTS i_pid_fkey IMMEDIATE",
        "COMMIT",
        "SELECT * FROM i",
        "BEGIN",
        "DELETE FROM p WHERE id = 10",
        "INSERT INTO p VALUES (10, 'k', 'ten again')",
        "COMMIT",
        "BEGIN",
        "DELETE FROM p WHERE id = 10",
        "COMMIT",
        "BEGIN",
        "SET CONSTRAINTS d_pid_fkey IMMEDIATE",
        "INSERT INTO d VALUES (9, 99)",
        "ROLLBACK",
        "BEGIN",
        "SET CONSTRAINTS nope DEFERRED",
        "ROLLBACK",
        "BEGIN",
        "SET CONSTRAINTS p_pkey DEFERRED",
        "ROLLBACK",
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_single_session_semantics_agree_with_postgres(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


# -- one test per error (pydsql alone: SQLSTATE, message, detail) ----------------------------------


@pytest.fixture
def conn() -> Iterator[pydsql.Connection]:
    c = pydsql.connect(autocommit=True)
    for sql in PARENT:
        c.execute(sql)
    c.execute("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p, note text)")
    c.execute("INSERT INTO c VALUES (1, 1, 'x')")
    yield c
    c.close()


def _error(conn: pydsql.Connection, sql: str) -> errors.Error:
    with pytest.raises(errors.Error) as info:
        conn.execute(sql)
    return info.value


def test_insert_of_missing_parent_is_23503_with_detail(conn: pydsql.Connection) -> None:
    e = _error(conn, "INSERT INTO c VALUES (2, 42, 'x')")
    assert isinstance(e, errors.ForeignKeyViolation) and e.sqlstate == "23503"
    assert str(e) == 'insert or update on table "c" violates foreign key constraint "c_pid_fkey"'
    assert e.detail == 'Key (pid)=(42) is not present in table "p".'


def test_delete_of_referenced_parent_is_23503_with_detail(conn: pydsql.Connection) -> None:
    e = _error(conn, "DELETE FROM p WHERE id = 1")
    assert isinstance(e, errors.ForeignKeyViolation)
    assert str(e) == 'update or delete on table "p" violates foreign key constraint "c_pid_fkey" on table "c"'
    assert e.detail == 'Key (id)=(1) is still referenced from table "c".'


def test_failed_fk_statement_leaves_no_trace(conn: pydsql.Connection) -> None:
    _error(conn, "INSERT INTO c VALUES (2, 2, 'ok'), (3, 42, 'bad')")
    assert conn.execute("SELECT id FROM c ORDER BY id").fetchall() == [(1,)]


def test_failed_cascade_leaves_no_trace() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE)")
    conn.execute("CREATE TABLE g (id int PRIMARY KEY, cid int REFERENCES c)")
    conn.execute("INSERT INTO p VALUES (1), (2)")
    conn.execute("INSERT INTO c VALUES (1, 1), (2, 2)")
    conn.execute("INSERT INTO g VALUES (1, 2)")
    assert isinstance(_error(conn, "DELETE FROM p"), errors.ForeignKeyViolation)
    assert conn.execute("SELECT count(*) FROM p").fetchone() == (2,)
    assert conn.execute("SELECT count(*) FROM c").fetchone() == (2,)


def test_deferred_violation_fails_commit_and_rolls_back() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.commit()
    conn.execute("CREATE TABLE d (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED)")
    conn.commit()
    conn.execute("INSERT INTO d VALUES (1, 5)")  # accepted: checked at COMMIT
    with pytest.raises(errors.ForeignKeyViolation) as info:
        conn.commit()
    assert info.value.detail == 'Key (pid)=(5) is not present in table "p".'
    assert conn.execute("SELECT count(*) FROM d").fetchone() == (0,)


def test_set_constraints_outside_a_transaction_only_warns() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("SET CONSTRAINTS ALL DEFERRED")
    assert any("SET CONSTRAINTS can only be used in transaction blocks" in n for n in conn.notices)


@pytest.mark.parametrize(
    "sql, sqlstate, message",
    [
        ("CREATE TABLE e (a int REFERENCES nope)", "42P01", 'relation "nope" does not exist'),
        ("CREATE TABLE e (a int REFERENCES p (nope))", "42703",
         'column "nope" referenced in foreign key constraint does not exist'),
        ("CREATE TABLE e (a int REFERENCES p (name))", "42830",
         'there is no unique constraint matching given keys for referenced table "p"'),
        ("CREATE TABLE e (a int, b int, FOREIGN KEY (a, b) REFERENCES p)", "42830",
         "number of referencing and referenced columns for foreign key disagree"),
        ("CREATE TABLE e (a text REFERENCES p)", "42804", 'foreign key constraint "e_a_fkey" cannot be implemented'),
        ("CREATE TABLE e (a int REFERENCES c (note))", "42830",
         'there is no unique constraint matching given keys for referenced table "c"'),
        ("CREATE TABLE e (a int, b int, FOREIGN KEY (a) REFERENCES p ON DELETE SET NULL (b))", "42P10",
         'column "b" referenced in ON DELETE SET action must be part of foreign key'),
        ("CREATE TABLE e (a int REFERENCES p MATCH PARTIAL)", "0A000", "MATCH PARTIAL not yet implemented"),
        ("CREATE TABLE e (a int REFERENCES p ON UPDATE SET DEFAULT (a))", "0A000",
         "a column list with SET DEFAULT is only supported for ON DELETE actions"),
        ("CREATE TABLE e (a int REFERENCES p INITIALLY DEFERRED NOT DEFERRABLE)", "42601",
         "constraint declared INITIALLY DEFERRED must be DEFERRABLE"),
        ("DROP TABLE p", "2BP01", "cannot drop table p because other objects depend on it"),
    ],
)
def test_foreign_key_ddl_error(conn: pydsql.Connection, sql: str, sqlstate: str, message: str) -> None:
    e = _error(conn, sql)
    assert (e.sqlstate, str(e)) == (sqlstate, message)


def test_type_mismatch_detail(conn: pydsql.Connection) -> None:
    e = _error(conn, "CREATE TABLE e (a text REFERENCES p)")
    assert e.detail == 'Key columns "a" and "id" are of incompatible types: text and integer.'


def test_set_constraints_errors() -> None:
    conn = pydsql.connect()
    conn.execute("CREATE TABLE p (id int PRIMARY KEY)")
    conn.commit()
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)")
    conn.commit()
    assert _error(conn, "SET CONSTRAINTS nope DEFERRED").sqlstate == "42704"
    conn.rollback()
    e = _error(conn, "SET CONSTRAINTS c_pid_fkey DEFERRED")
    assert (e.sqlstate, str(e)) == ("42809", 'constraint "c_pid_fkey" is not deferrable')
    conn.rollback()


# -- several sessions: DSQL's conflicts ---------------------------------------------------------------


@pytest.fixture
def cluster() -> Iterator[pydsql.Cluster]:
    c = pydsql.Cluster()
    setup = c.connect(autocommit=True)
    setup.execute("CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE, name text)")
    setup.execute("INSERT INTO p VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')")
    setup.execute("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p, note text)")
    setup.execute("CREATE TABLE byc (id int PRIMARY KEY, pcode int REFERENCES p (code))")
    setup.execute("CREATE TABLE cc (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE, note text)")
    setup.execute("CREATE TABLE sn (id int PRIMARY KEY, pid int REFERENCES p ON DELETE SET NULL, note text)")
    setup.execute("CREATE TABLE dd (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED)")
    setup.execute("INSERT INTO c VALUES (1, 3, 'x')")
    setup.execute("INSERT INTO cc VALUES (1, 2, 'x')")
    setup.execute("INSERT INTO sn VALUES (1, 2, 'x')")
    setup.close()
    yield c


def race(cluster: pydsql.Cluster, first: list[str], second: list[str]) -> bool:
    """Run ``first`` and ``second`` in two transactions from the same snapshot, commit
    ``second`` then ``first``: True if ``first``'s COMMIT failed with OC000."""
    a, b = cluster.connect(), cluster.connect()
    a.execute("SELECT 1")
    b.execute("SELECT 1")
    for sql in first:
        a.execute(sql)
    for sql in second:
        b.execute(sql)
    b.commit()
    try:
        a.commit()
    except errors.SerializationFailure as e:
        assert str(e) == OC000
        return True
    return False


def test_fk_insert_child_vs_delete_parent_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["INSERT INTO c VALUES (2, 1, 'new')"], ["DELETE FROM p WHERE id = 1"])


def test_fk_delete_parent_vs_insert_child_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["DELETE FROM p WHERE id = 1"], ["INSERT INTO c VALUES (2, 1, 'new')"])


def test_fk_insert_child_vs_parent_key_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["INSERT INTO c VALUES (2, 1, 'new')"], ["UPDATE p SET id = 9 WHERE id = 1"])


def test_fk_insert_child_vs_parent_unique_key_update_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["INSERT INTO byc VALUES (1, 10)"], ["UPDATE p SET code = 11 WHERE id = 1"])


def test_fk_insert_child_vs_parent_non_key_update_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, ["INSERT INTO c VALUES (2, 1, 'new')"], ["UPDATE p SET name = 'z' WHERE id = 1"])


def test_fk_parent_non_key_update_vs_insert_child_allows_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, ["UPDATE p SET name = 'z' WHERE id = 1"], ["INSERT INTO c VALUES (2, 1, 'new')"])


def test_fk_two_children_of_one_parent_allow_both(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, ["INSERT INTO c VALUES (2, 1, 'a')"], ["INSERT INTO c VALUES (3, 1, 'b')"])


def test_fk_child_update_of_non_key_column_claims_no_parent(cluster: pydsql.Cluster) -> None:
    # c(1) references p(3); a note update does not re-check the foreign key
    assert not race(cluster, ["UPDATE c SET note = 'y' WHERE id = 1"], ["UPDATE p SET id = 9 WHERE id = 1"])


def test_fk_child_repointed_vs_delete_of_new_parent_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["UPDATE c SET pid = 1 WHERE id = 1"], ["DELETE FROM p WHERE id = 1"])


def test_fk_delete_of_other_parent_never_conflicts(cluster: pydsql.Cluster) -> None:
    assert not race(cluster, ["INSERT INTO c VALUES (2, 1, 'new')"], ["DELETE FROM p WHERE id = 2"])


def test_fk_cascade_delete_vs_child_write_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["DELETE FROM p WHERE id = 2"], ["UPDATE cc SET note = 'touched' WHERE id = 1"])


def test_fk_set_null_vs_child_write_conflicts(cluster: pydsql.Cluster) -> None:
    assert race(cluster, ["DELETE FROM p WHERE id = 2"], ["UPDATE sn SET note = 'touched' WHERE id = 1"])


def test_fk_deferred_child_check_claims_parent_at_commit(cluster: pydsql.Cluster) -> None:
    # the parent appears later in the same transaction; the claim is taken at COMMIT
    assert race(cluster, ["INSERT INTO dd VALUES (1, 1)"], ["DELETE FROM p WHERE id = 1"])


def test_fk_insert_child_of_parent_deleted_and_committed_is_23503() -> None:
    c = pydsql.Cluster()
    setup = c.connect(autocommit=True)
    setup.execute("CREATE TABLE p (id int PRIMARY KEY)")
    setup.execute("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p)")
    setup.execute("INSERT INTO p VALUES (1)")
    a, b = c.connect(), c.connect(autocommit=True)
    a.execute("SELECT 1")
    b.execute("DELETE FROM p WHERE id = 1")
    a.execute("INSERT INTO c VALUES (1, 1)")  # the snapshot still sees the parent: accepted
    with pytest.raises(errors.SerializationFailure):
        a.commit()
    with pytest.raises(errors.ForeignKeyViolation):
        b.execute("INSERT INTO c VALUES (1, 1)")  # a new snapshot does not see it


def test_fk_through_an_async_unique_index_keeps_it_from_being_dropped() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE p (id int PRIMARY KEY, k int)")
    job = conn.execute("CREATE UNIQUE INDEX ASYNC p_k ON p (k)").fetchone()
    assert job is not None
    conn.execute("CALL sys.wait_for_job(%s)", (job[0],))
    conn.execute("CREATE TABLE c (id int PRIMARY KEY, k int REFERENCES p (k))")
    conn.execute("INSERT INTO p VALUES (1, 5)")
    conn.execute("INSERT INTO c VALUES (1, 5)")
    assert isinstance(_error(conn, "INSERT INTO c VALUES (2, 6)"), errors.ForeignKeyViolation)
    e = _error(conn, "DROP INDEX p_k")
    assert (e.sqlstate, str(e)) == ("2BP01", "cannot drop index p_k because other objects depend on it")
    assert e.detail == "constraint c_k_fkey on table c depends on index p_k"


def test_fk_to_an_index_still_building_is_42830() -> None:
    cluster = pydsql.Cluster(jobs="manual")  # the build stays pending
    conn = cluster.connect(autocommit=True)
    conn.execute("CREATE TABLE p (id int PRIMARY KEY, k int)")
    conn.execute("CREATE UNIQUE INDEX ASYNC p_k ON p (k)")
    e = _error(conn, "CREATE TABLE c (id int PRIMARY KEY, k int REFERENCES p (k))")
    assert (e.sqlstate, str(e)) == ("42830", 'there is no unique constraint matching given keys for referenced table "p"')


# -- random statement sequences, compared with PostgreSQL -------------------------------------------

_ACTIONS = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]


#: unique constraints of the child: referencing rows found through its index, or by a scan
_CHILD_INDEXES = ["", ", UNIQUE (up)", ", UNIQUE (pid)", ", UNIQUE (pk)"]


def _random_script(seed: int, n: int = 60) -> list[str]:
    import random

    rnd = random.Random(seed)
    on_delete, on_update = rnd.choice(_ACTIONS), rnd.choice(_ACTIONS)
    k_delete, k_update = rnd.choice(_ACTIONS), rnd.choice(_ACTIONS)
    script = [
        "CREATE TABLE p (id int PRIMARY KEY, k int UNIQUE, v text)",
        "INSERT INTO p VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')",
        f"CREATE TABLE c (id int PRIMARY KEY, pid int DEFAULT 1 REFERENCES p ON DELETE {on_delete} ON UPDATE {on_update}, "
        f"pk int DEFAULT 20 REFERENCES p (k) ON DELETE {k_delete} ON UPDATE {k_update}, "
        "up int REFERENCES c ON DELETE CASCADE" + _CHILD_INDEXES[seed % 4] + ")",
    ]

    def val(hi: int, scale: int = 1) -> str:
        return "NULL" if rnd.random() < 0.15 else str(rnd.randint(1, hi) * scale)

    for _ in range(n):
        r = rnd.random()
        if r < 0.2:
            script.append(f"INSERT INTO p VALUES ({rnd.randint(1, 6)}, {rnd.randint(1, 6) * 10}, 'x')")
        elif r < 0.45:
            rows = ", ".join(f"({rnd.randint(1, 12)}, {val(6)}, {val(6, 10)}, {val(12)})" for _ in range(rnd.randint(1, 3)))
            script.append(f"INSERT INTO c VALUES {rows}")
        elif r < 0.6:
            script.append(f"DELETE FROM p WHERE id = {rnd.randint(1, 6)}")
        elif r < 0.7:
            script.append(f"UPDATE p SET id = {rnd.randint(1, 6)} WHERE id = {rnd.randint(1, 6)}")
        elif r < 0.8:
            script.append(f"UPDATE p SET k = k + 10 WHERE id = {rnd.randint(1, 6)}")
        elif r < 0.9:
            script.append(f"UPDATE c SET pid = {val(6)}, up = {val(12)} WHERE id = {rnd.randint(1, 12)}")
        else:
            script.append(f"DELETE FROM c WHERE id = {rnd.randint(1, 12)}")
        script.append("SELECT * FROM p ORDER BY id")
        script.append("SELECT * FROM c ORDER BY id")
    return script


@pytest.mark.parametrize("seed", range(int(__import__("os").environ.get("FK_SEEDS", "8"))))
def test_random_statements_agree_with_postgres(pg: Any, seed: int) -> None:
    run_script(pg, _random_script(seed))

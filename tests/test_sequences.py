"""Sequences and identity columns: DSQL's rules, PostgreSQL's semantics, several sessions.

* DSQL's refusals (reference section 6 and the golden recordings): CACHE is
  mandatory and must be 1 or >= 65536, bigint only, for CREATE SEQUENCE and
  identity columns alike.
* What DSQL shares with PostgreSQL (nextval/currval/setval/lastval, bounds,
  CYCLE, negative increments, identity ALWAYS / BY DEFAULT, OVERRIDING, the
  catalogs) is checked against a real PostgreSQL 16, statement by statement.
* Sessions: each takes a block of CACHE values, so values are unique but not
  ordered across sessions; values are not transactional (a rolled-back
  nextval is not given back) and drawing them never causes an OCC conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from differential import run_script

import pydsql
from pydsql import errors

CACHE_RULE = "please define CACHE greater than or equal to 65536 or equal to 1"


@pytest.fixture
def conn() -> Iterator[pydsql.Connection]:
    c = pydsql.connect(autocommit=True)
    yield c
    c.close()


def fails(conn: pydsql.Connection, sql: str, sqlstate: str, message: str) -> pydsql.Error:
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    assert (info.value.sqlstate, str(info.value)) == (sqlstate, message)
    return info.value


def one(conn: pydsql.Connection, sql: str, params: Any = None) -> Any:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return row[0]


# -- DSQL's refusals -----------------------------------------------------------------------------


def test_create_sequence_without_cache_refused(conn: pydsql.Connection) -> None:
    fails(conn, "CREATE SEQUENCE s", "0A000",
          f"CREATE SEQUENCE is not supported without an explicit cache size. {CACHE_RULE}")
    fails(conn, "CREATE SEQUENCE s INCREMENT 2 START 5", "0A000",
          f"CREATE SEQUENCE is not supported without an explicit cache size. {CACHE_RULE}")


@pytest.mark.parametrize("cache", [0, 2, 100, 65535])
def test_create_sequence_small_cache_refused(conn: pydsql.Connection, cache: int) -> None:
    fails(conn, f"CREATE SEQUENCE s CACHE {cache}", "0A000",
          f"CREATE SEQUENCE is not supported with a cache size of {cache}. {CACHE_RULE}")


@pytest.mark.parametrize("cache", [1, 65536, 1000000])
def test_create_sequence_allowed_caches(conn: pydsql.Connection, cache: int) -> None:
    assert conn.execute(f"CREATE SEQUENCE s CACHE {cache}").statusmessage == "CREATE SEQUENCE"
    assert one(conn, "SELECT cache_size FROM pg_sequences WHERE sequencename = 's'") == cache


@pytest.mark.parametrize("written, shown", [("integer", "integer"), ("int4", "integer"), ("smallint", "smallint")])
def test_sequence_types_other_than_bigint_refused(conn: pydsql.Connection, written: str, shown: str) -> None:
    fails(conn, f"CREATE SEQUENCE s AS {written} CACHE 1", "0A000",
          f"datatype {shown} not supported, sequence type must be bigint")
    assert conn.execute("CREATE SEQUENCE s AS bigint CACHE 1").statusmessage == "CREATE SEQUENCE"


def test_sequence_type_must_be_an_integer(conn: pydsql.Connection) -> None:
    fails(conn, "CREATE SEQUENCE s AS text CACHE 1", "22023", "sequence type must be smallint, integer, or bigint")


def test_alter_sequence_cache_rule(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SEQUENCE s CACHE 1")
    fails(conn, "ALTER SEQUENCE s CACHE 10", "0A000",
          f"ALTER SEQUENCE is not supported with a cache size of 10. {CACHE_RULE}")
    conn.execute("ALTER SEQUENCE s CACHE 65536")
    assert one(conn, "SELECT seqcache FROM pg_sequence") == 65536
    conn.execute("ALTER SEQUENCE s INCREMENT 2")  # CACHE is only mandatory when creating
    assert one(conn, "SELECT seqcache FROM pg_sequence") == 65536


def test_identity_without_cache_refused(conn: pydsql.Connection) -> None:
    for form in ("ALWAYS", "BY DEFAULT"):
        fails(conn, f"CREATE TABLE t (id bigint GENERATED {form} AS IDENTITY PRIMARY KEY)", "0A000",
              f"identity column is not supported without an explicit cache size. {CACHE_RULE}")
        fails(conn, f"CREATE TABLE t (id bigint GENERATED {form} AS IDENTITY (START WITH 5))", "0A000",
              f"identity column is not supported without an explicit cache size. {CACHE_RULE}")
    fails(conn, "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 20))", "0A000",
          f"identity column is not supported with a cache size of 20. {CACHE_RULE}")
    assert conn.execute("SELECT count(*) FROM pg_class WHERE relname IN ('t', 't_id_seq')").fetchone() == (0,)


@pytest.mark.parametrize("written, shown", [("integer", "integer"), ("int", "integer"), ("smallint", "smallint"),
                                            ("numeric", "numeric"), ("text", "text")])
def test_identity_types_other_than_bigint_refused(conn: pydsql.Connection, written: str, shown: str) -> None:
    fails(conn, f"CREATE TABLE t (id {written} GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY)", "0A000",
          f"datatype {shown} not supported, identity column type must be bigint")


@pytest.mark.parametrize("cache", [1, 65536])
def test_identity_bigint_allowed(conn: pydsql.Connection, cache: int) -> None:
    tag = conn.execute(f"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE {cache}) PRIMARY KEY, v text)")
    assert tag.statusmessage == "CREATE TABLE"
    assert one(conn, "INSERT INTO t (v) VALUES ('a') RETURNING id") == 1


@pytest.mark.parametrize("kind", ["serial", "bigserial", "smallserial"])
def test_serial_types_do_not_exist(conn: pydsql.Connection, kind: str) -> None:
    fails(conn, f"CREATE TABLE t (id {kind} PRIMARY KEY)", "42704", f'type "{kind}" does not exist')


def test_sequence_ddl_is_ddl(conn: pydsql.Connection) -> None:
    """One DDL statement per transaction, no DDL with DML (reference section 2)."""
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.execute("BEGIN")
    conn.execute("CREATE SEQUENCE a CACHE 1")
    fails(conn, "CREATE SEQUENCE b CACHE 1", "0A000", "multiple ddl statements not supported in a transaction")
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (1)")
    fails(conn, "DROP SEQUENCE IF EXISTS a", "0A000", "ddl and dml are not supported in the same transaction")
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM pg_sequences").fetchone() == (0,)


def test_nextval_in_read_only_transaction(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SEQUENCE s CACHE 1")
    conn.execute("BEGIN READ ONLY")
    fails(conn, "SELECT nextval('s')", "25006", "cannot execute nextval() in a read-only transaction")
    conn.execute("ROLLBACK")
    conn.execute("BEGIN READ ONLY")
    fails(conn, "SELECT setval('s', 5)", "25006", "cannot execute setval() in a read-only transaction")
    conn.execute("ROLLBACK")


# -- PostgreSQL's semantics, compared with PostgreSQL 16 ----------------------------------------------


SCRIPTS: dict[str, list[str]] = {
    "nextval_currval_lastval_setval": [
        "CREATE SEQUENCE s CACHE 1",
        "SELECT last_value, is_called FROM s",
        "SELECT pg_sequence_last_value('s'::regclass)",
        "SELECT currval('s')",
        "SELECT lastval()",
        "SELECT nextval('s'), nextval('s'), currval('s'), lastval()",
        "SELECT nextval('s'::regclass), nextval('s'::text)",
        "SELECT setval('s', 10), currval('s'), nextval('s')",
        "SELECT setval('s', 20, false), currval('s'), nextval('s'), currval('s')",
        "SELECT setval('s', 30, true), nextval('s')",
        "SELECT s.last_value, is_called FROM s",
        "SELECT pg_sequence_last_value('s')",
        "SELECT setval('s', 40, false)",
        "INSERT INTO s VALUES (1, 0, true)",
        "UPDATE s SET last_value = 1",
        "DELETE FROM s",
        "SELECT nextval('s')",
        "SELECT nextval(NULL), currval(NULL), setval(NULL, 1), setval('s', NULL)",
        "SELECT nextval('nosuch')",
        "SELECT currval('nosuch')",
        "SELECT setval('s', 0)",
        "SELECT setval('s', -5, false)",
        "CREATE TABLE t (id int PRIMARY KEY)",
        "SELECT nextval('t')",
        "SELECT nextval('s') FROM (VALUES (1), (2), (3)) v(x) ORDER BY 1",
        "CREATE SEQUENCE other CACHE 1 START 100",
        "SELECT nextval('other'), lastval(), currval('s')",
        "DROP SEQUENCE other",
        "SELECT lastval()",
        "SELECT currval('s')",
    ],
    "bounds_increment_cycle": [
        "CREATE SEQUENCE up CACHE 1 MAXVALUE 3",
        "SELECT nextval('up'), nextval('up'), nextval('up')",
        "SELECT nextval('up')",
        "SELECT nextval('up')",
        "CREATE SEQUENCE down CACHE 1 INCREMENT BY -3 MINVALUE -10",
        "SELECT nextval('down'), nextval('down'), nextval('down'), nextval('down')",
        "SELECT nextval('down')",
        "CREATE SEQUENCE ring CACHE 1 MINVALUE 5 MAXVALUE 7 CYCLE",
        "SELECT nextval('ring'), nextval('ring'), nextval('ring'), nextval('ring'), nextval('ring')",
        "CREATE SEQUENCE back CACHE 1 INCREMENT -2 MINVALUE 1 MAXVALUE 5 START 5 CYCLE",
        "SELECT nextval('back'), nextval('back'), nextval('back'), nextval('back')",
        "CREATE SEQUENCE big CACHE 1 INCREMENT 10 START 9223372036854775800",
        "SELECT nextval('big')",
        "SELECT nextval('big')",
        "CREATE SEQUENCE neg CACHE 1 INCREMENT -1",
        "SELECT nextval('neg'), nextval('neg')",
        "SELECT setval('up', 4)",
        "SELECT setval('down', 0)",
        "CREATE SEQUENCE cached CACHE 65536 START 7 INCREMENT 7",
        "SELECT nextval('cached'), nextval('cached'), currval('cached')",
        "SELECT last_value FROM pg_sequences WHERE sequencename = 'up'",
    ],
    "definition_errors": [
        "CREATE SEQUENCE e CACHE 1 INCREMENT 0",
        "CREATE SEQUENCE e CACHE 1 MINVALUE 10 MAXVALUE 5",
        "CREATE SEQUENCE e CACHE 1 MINVALUE 5 MAXVALUE 5",
        "CREATE SEQUENCE e CACHE 1 START 100 MAXVALUE 5",
        "CREATE SEQUENCE e CACHE 1 START 2 MINVALUE 5",
        "CREATE SEQUENCE e CACHE 1 INCREMENT -1 START 1",
        "CREATE SEQUENCE e CACHE 1 CACHE 1",
        "CREATE SEQUENCE e CACHE 1 INCREMENT 1 INCREMENT BY 2",
        "CREATE SEQUENCE e CACHE 1 MAXVALUE 9223372036854775808",
        "CREATE SEQUENCE e CACHE 1 NO MAXVALUE NO MINVALUE NO CYCLE START WITH 3 INCREMENT BY 4",
        "SELECT nextval('e'), nextval('e')",
        "CREATE SEQUENCE e CACHE 1",
        "CREATE SEQUENCE IF NOT EXISTS e CACHE 1",
        "CREATE TABLE e (id int)",
        "CREATE TABLE t (id int)",
        "CREATE SEQUENCE t CACHE 1",
        "DROP SEQUENCE t",
        "DROP TABLE e",
        "DROP SEQUENCE nosuch",
        "DROP SEQUENCE IF EXISTS nosuch",
        "ALTER SEQUENCE nosuch RESTART",
        "ALTER SEQUENCE IF EXISTS nosuch RESTART",
        "SELECT sequence_name, start_value, minimum_value, maximum_value, increment, cycle_option "
        "FROM information_schema.sequences ORDER BY sequence_name",
        "DROP SEQUENCE e, nosuch",
        "DROP SEQUENCE IF EXISTS e, nosuch",
        "SELECT count(*) FROM information_schema.sequences",
        "CREATE SEQUENCE r1 CACHE 1 RESTART 5",
        "SELECT nextval('r1')",
        "CREATE SEQUENCE r2 CACHE 1 START 3 RESTART",
        "SELECT nextval('r2')",
        "CREATE SEQUENCE r3 CACHE 1 RESTART WITH 100 MAXVALUE 50",
        "ALTER SEQUENCE r1 START 20",
        "SELECT nextval('r1')",
        "ALTER SEQUENCE r1 RESTART",
        "SELECT nextval('r1')",
    ],
    "alter_sequence": [
        "CREATE SEQUENCE s CACHE 1 START 10",
        "SELECT nextval('s'), nextval('s')",
        "ALTER SEQUENCE s INCREMENT BY 5",
        "SELECT nextval('s')",
        "ALTER SEQUENCE s RESTART",
        "SELECT nextval('s'), nextval('s')",
        "ALTER SEQUENCE s RESTART WITH 100 MAXVALUE 200",
        "SELECT nextval('s')",
        "ALTER SEQUENCE s MAXVALUE 50",
        "ALTER SEQUENCE s START WITH 1 RESTART",
        "SELECT nextval('s')",
        "CREATE SEQUENCE fresh CACHE 1 START 3",
        "ALTER SEQUENCE fresh START 50",
        "SELECT nextval('fresh')",
        "ALTER SEQUENCE fresh RESTART",
        "SELECT nextval('fresh')",
        "DROP SEQUENCE fresh",
        "ALTER SEQUENCE s MAXVALUE 6 CYCLE",
        "SELECT nextval('s'), nextval('s')",
        "ALTER SEQUENCE s RESTART WITH 7",
        "ALTER SEQUENCE s RENAME TO r",
        "SELECT nextval('s')",
        "SELECT nextval('r')",
        "SELECT sequencename, start_value, min_value, max_value, increment_by, cycle, cache_size, last_value "
        "FROM pg_sequences ORDER BY 1",
        "SELECT seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle FROM pg_sequence",
    ],
    "identity_always": [
        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1 START WITH 10 INCREMENT BY 10), v text)",
        "INSERT INTO t (v) VALUES ('a'), ('b') RETURNING id, v",
        "INSERT INTO t (id, v) VALUES (5, 'x')",
        "INSERT INTO t VALUES (5, 'x')",
        "INSERT INTO t (id, v) VALUES (DEFAULT, 'c') RETURNING id",
        "INSERT INTO t (id, v) VALUES (DEFAULT, 'd'), (6, 'e')",
        "INSERT INTO t (id, v) SELECT 7, 'f'",
        "INSERT INTO t (id, v) OVERRIDING SYSTEM VALUE VALUES (5, 'x') RETURNING id",
        "INSERT INTO t (id, v) OVERRIDING USER VALUE VALUES (1, 'y') RETURNING id",
        "INSERT INTO t OVERRIDING USER VALUE SELECT 1, 'z' RETURNING id",
        "INSERT INTO t DEFAULT VALUES RETURNING id, v",
        "UPDATE t SET id = 1 WHERE v = 'a'",
        "UPDATE t SET (id, v) = (1, 'q') WHERE v = 'a'",
        "UPDATE t SET v = 'aa' WHERE v = 'a' RETURNING id",
        "UPDATE t SET id = DEFAULT WHERE v = 'aa' RETURNING id",
        "INSERT INTO t (v) VALUES (NULL) RETURNING id",
        "SELECT id, v FROM t ORDER BY id",
        "SELECT currval(pg_get_serial_sequence('t', 'id'))",
        "SELECT column_name, column_default, is_nullable, is_identity, identity_generation, identity_start, "
        "identity_increment, identity_maximum, identity_minimum, identity_cycle FROM information_schema.columns "
        "WHERE table_name = 't' ORDER BY ordinal_position",
        "SELECT attname, attidentity, attnotnull, atthasdef FROM pg_attribute WHERE attrelid = 't'::regclass "
        "AND attnum > 0 ORDER BY attnum",
        "SELECT relname, relkind, relnatts FROM pg_class WHERE relname IN ('t', 't_id_seq') ORDER BY relname",
        "SELECT sequencename, start_value, increment_by, last_value FROM pg_sequences",
        "SELECT count(*) FROM information_schema.sequences",
        "DROP SEQUENCE t_id_seq",
        "DROP TABLE t",
        "SELECT count(*) FROM pg_sequences",
    ],
    "identity_by_default": [
        "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY, v text NOT NULL)",
        "INSERT INTO t (v) VALUES ('a') RETURNING id",
        "INSERT INTO t (id, v) VALUES (2, 'explicit') RETURNING id",
        "INSERT INTO t (v) VALUES ('b') RETURNING id",
        "INSERT INTO t (v) VALUES ('c') RETURNING id",
        "INSERT INTO t (id, v) OVERRIDING USER VALUE VALUES (100, 'd') RETURNING id",
        "INSERT INTO t (id, v) OVERRIDING SYSTEM VALUE VALUES (101, 'e') RETURNING id",
        "INSERT INTO t (v) VALUES ('f'), (NULL)",
        "INSERT INTO t (v) VALUES ('g') RETURNING id",
        "UPDATE t SET id = 50 WHERE v = 'a' RETURNING id",
        "UPDATE t SET id = DEFAULT WHERE v = 'b' RETURNING id",
        "SELECT id, v FROM t ORDER BY id",
        "SELECT column_name, is_identity, identity_generation FROM information_schema.columns "
        "WHERE table_name = 't' ORDER BY ordinal_position",
        "CREATE TABLE u (a bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1), "
        "b bigint GENERATED ALWAYS AS IDENTITY (CACHE 65536 START 5 MAXVALUE 6))",
        "INSERT INTO u DEFAULT VALUES RETURNING a, b",
        "INSERT INTO u DEFAULT VALUES RETURNING a, b",
        "INSERT INTO u DEFAULT VALUES RETURNING a, b",
        "SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY 1",
        "CREATE TABLE w (a bigint DEFAULT 1 GENERATED BY DEFAULT AS IDENTITY (CACHE 1))",
        "CREATE TABLE w (a bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) GENERATED ALWAYS AS IDENTITY (CACHE 1))",
        "CREATE TABLE w (a bigint NULL GENERATED ALWAYS AS IDENTITY (CACHE 1))",
        "CREATE TABLE w (a bigint GENERATED ALWAYS AS IDENTITY (CACHE 1 AS bigint))",
        "CREATE TABLE w (a int NULL NOT NULL)",
        "SELECT count(*) FROM pg_class WHERE relname LIKE 'w%'",
        "CREATE TABLE x (a int, id bigint NOT NULL GENERATED ALWAYS AS IDENTITY (CACHE 1 RESTART 5 START 2))",
        "INSERT INTO x (a) VALUES (1) RETURNING id",
    ],
    "identity_sequence": [
        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), v bigint)",
        "ALTER SEQUENCE t_id_seq OWNED BY t.v",
        "ALTER SEQUENCE t_id_seq OWNED BY NONE",
        "CREATE SEQUENCE s CACHE 1 OWNED BY t.id",
        "ALTER SEQUENCE t_id_seq RENAME TO x",
        "SELECT pg_get_serial_sequence('t', 'id') LIKE '%.x', nextval('x')",
        "INSERT INTO t (v) VALUES (1) RETURNING id",
        "ALTER SEQUENCE x RESTART WITH 10 INCREMENT 5",
        "INSERT INTO t (v) VALUES (1), (2) RETURNING id",
        "SELECT identity_start, identity_increment FROM information_schema.columns "
        "WHERE table_name = 't' AND column_name = 'id'",
        "CREATE SEQUENCE s2 CACHE 1 OWNED BY t.id",
        "DROP TABLE t",
        "SELECT count(*) FROM pg_class WHERE relname IN ('s', 's2', 'x')",
    ],
    "sequence_defaults": [
        "CREATE SEQUENCE ids CACHE 1 START 1000",
        "CREATE TABLE t (id bigint PRIMARY KEY DEFAULT nextval('ids'), v text)",
        "INSERT INTO t (v) VALUES ('a'), ('b') RETURNING id",
        "INSERT INTO t (id, v) VALUES (5, 'c') RETURNING id",
        "INSERT INTO t (v) VALUES ('d') RETURNING id",
        "SELECT column_default FROM information_schema.columns WHERE table_name = 't' AND column_name = 'id'",
        "SELECT currval('ids'), lastval()",
        "CREATE TABLE u (a bigint DEFAULT nextval('ids'::regclass), b bigint DEFAULT currval('ids'), c int)",
        "CREATE TABLE v (a bigint DEFAULT nextval('nosuch'))",
        "ALTER SEQUENCE ids RENAME TO renamed",
        "INSERT INTO t (v) VALUES ('e') RETURNING id",
        "SELECT table_name, column_name, column_default FROM information_schema.columns "
        "WHERE table_name IN ('t', 'u') ORDER BY 1, 2",
        "DROP SEQUENCE renamed",
        "DROP SEQUENCE renamed CASCADE",
        "SELECT table_name, column_name, column_default FROM information_schema.columns "
        "WHERE table_name IN ('t', 'u') ORDER BY 1, 2",
        "INSERT INTO u (c) VALUES (1) RETURNING a, b, c",
    ],
    "owned_by": [
        "CREATE TABLE t (id bigint, v text)",
        "CREATE SEQUENCE s CACHE 1 OWNED BY t.id",
        "CREATE SEQUENCE s2 CACHE 1 OWNED BY t.nosuch",
        "CREATE SEQUENCE s2 CACHE 1 OWNED BY nosuch.id",
        "CREATE SEQUENCE s3 CACHE 1 OWNED BY NONE",
        "ALTER SEQUENCE s3 OWNED BY id",
        "ALTER SEQUENCE s3 OWNED BY a.b.c.d",
        "CREATE SCHEMA seq_other",
        "CREATE TABLE seq_other.ot (id int)",
        "ALTER SEQUENCE s3 OWNED BY seq_other.ot.id",
        "DROP SCHEMA seq_other CASCADE",
        "ALTER SEQUENCE t RESTART",
        "SELECT pg_get_serial_sequence('t', 'id') IS NOT NULL, pg_get_serial_sequence('t', 'v')",
        "SELECT pg_get_serial_sequence('t', 'nosuch')",
        "SELECT pg_get_serial_sequence('nosuch', 'id')",
        "DROP TABLE t",
        "SELECT sequencename FROM pg_sequences ORDER BY 1",
        "CREATE TABLE a (c bigint)",
        "CREATE SEQUENCE a_seq CACHE 1 OWNED BY a.c",
        "CREATE TABLE b (x bigint DEFAULT nextval('a_seq'))",
        "DROP TABLE a",
        "DROP TABLE a CASCADE",
        "SELECT column_default FROM information_schema.columns WHERE table_name = 'b'",
        "CREATE TABLE c (c bigint)",
        "CREATE SEQUENCE c_seq CACHE 1 OWNED BY c.c",
        "CREATE TABLE d (x bigint DEFAULT nextval('c_seq'))",
        "DROP TABLE c, d",
        "SELECT relname FROM pg_class WHERE relname IN ('a', 'a_seq', 'b', 'c', 'c_seq', 'd') ORDER BY 1",
        "CREATE SCHEMA sch",
        "CREATE SEQUENCE sch.q CACHE 1",
        "CREATE TABLE e (x bigint DEFAULT nextval('sch.q'))",
        "DROP SCHEMA sch",
        "DROP SCHEMA sch CASCADE",
        "SELECT column_default FROM information_schema.columns WHERE table_name = 'e'",
    ],
}


@pytest.mark.differential
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_postgresql(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


def test_pg_get_serial_sequence_is_qualified(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), v text)")
    assert one(conn, "SELECT pg_get_serial_sequence('t', 'id')") == "public.t_id_seq"
    assert one(conn, "SELECT pg_get_serial_sequence('public.t', 'v')") is None


def test_identity_sequence_names_avoid_taken_names(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SEQUENCE t_id_seq CACHE 1")
    conn.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1))")
    assert one(conn, "SELECT pg_get_serial_sequence('t', 'id')") == "public.t_id_seq1"
    long = "x" * 40
    conn.execute(f"CREATE TABLE {long} ({long} bigint GENERATED ALWAYS AS IDENTITY (CACHE 1))")
    name = one(conn, f"SELECT pg_get_serial_sequence('{long}', '{long}')")
    assert name == "public." + "x" * 29 + "_" + "x" * 29 + "_seq"


def test_sequence_name_option(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME my_ids CACHE 1 START 3))")
    assert one(conn, "INSERT INTO t DEFAULT VALUES RETURNING id") == 3
    assert one(conn, "SELECT currval('my_ids')") == 3


def test_drop_schema_cascade_drops_sequences(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SCHEMA app")
    conn.execute("CREATE SEQUENCE app.s CACHE 1")
    fails(conn, "DROP SCHEMA app", "2BP01", "cannot drop schema app because other objects depend on it")
    conn.execute("DROP SCHEMA app CASCADE")
    assert conn.execute("SELECT count(*) FROM pg_sequences").fetchone() == (0,)


def test_failed_create_table_leaves_no_sequence(conn: pydsql.Connection) -> None:
    fails(conn, "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), id int)", "42701",
          'column "id" specified more than once')
    assert conn.execute("SELECT count(*) FROM pg_class WHERE relkind = 'S'").fetchone() == (0,)


# -- several sessions ------------------------------------------------------------------------------


@pytest.fixture
def cluster() -> pydsql.Cluster:
    return pydsql.Cluster()


def test_cache_blocks_unique_but_not_ordered_across_sessions(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 65536")
    drawn = []
    for _ in range(3):
        drawn.append(("a", one(a, "SELECT nextval('s')")))
        drawn.append(("b", one(b, "SELECT nextval('s')")))
    assert drawn == [("a", 1), ("b", 65537), ("a", 2), ("b", 65538), ("a", 3), ("b", 65539)]
    values = [v for _, v in drawn]
    assert len(set(values)) == len(values)
    assert values != sorted(values)  # not ordered across sessions
    c = cluster.connect(autocommit=True)  # a third session takes the next block
    assert one(c, "SELECT nextval('s')") == 131073
    assert one(c, "SELECT last_value FROM pg_sequences") == 196608  # the end of the blocks handed out


def test_cache_one_is_ordered_across_sessions(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 1")
    assert [one(a if i % 2 else b, "SELECT nextval('s')") for i in range(6)] == [1, 2, 3, 4, 5, 6]


def test_block_ends_at_maxvalue(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 65536 MAXVALUE 70000")
    assert one(a, "SELECT nextval('s')") == 1
    assert one(b, "SELECT nextval('s')") == 65537  # a shorter block: 65537..70000
    b.execute("SELECT setval('s', 69999)")  # the counter, and b's own block; a keeps its block
    assert one(b, "SELECT nextval('s')") == 70000
    assert one(a, "SELECT nextval('s')") == 2
    fails(b, "SELECT nextval('s')", "2200H", 'nextval: reached maximum value of sequence "s" (70000)')


def test_currval_is_per_session(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 1")
    assert one(a, "SELECT nextval('s')") == 1
    fails(b, "SELECT currval('s')", "55000", 'currval of sequence "s" is not yet defined in this session')
    fails(b, "SELECT lastval()", "55000", "lastval is not yet defined in this session")
    assert one(b, "SELECT nextval('s')") == 2
    assert one(a, "SELECT currval('s')") == 1


def test_rolled_back_nextval_is_not_given_back(cluster: pydsql.Cluster) -> None:
    a = cluster.connect()
    a.execute("CREATE SEQUENCE s CACHE 1")
    a.commit()
    assert one(a, "SELECT nextval('s')") == 1
    a.rollback()
    assert one(a, "SELECT nextval('s')") == 2
    a.commit()
    b = cluster.connect()
    assert one(b, "SELECT nextval('s')") == 3
    b.rollback()
    assert one(a, "SELECT currval('s')") == 2  # currval survives transaction ends


def test_rolled_back_identity_insert_leaves_a_gap(cluster: pydsql.Cluster) -> None:
    a = cluster.connect()
    a.execute("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY, v text)")
    a.commit()
    a.execute("INSERT INTO t (v) VALUES ('lost')")
    a.rollback()
    a.execute("INSERT INTO t (v) VALUES ('kept')")
    a.commit()
    assert a.execute("SELECT id, v FROM t").fetchall() == [(2, "kept")]


def test_failed_statement_keeps_sequence_values_drawn(cluster: pydsql.Cluster) -> None:
    """As in PostgreSQL: the statement leaves no row, but the values it drew stay drawn."""
    a = cluster.connect(autocommit=True)
    a.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), v text NOT NULL)")
    fails(a, "INSERT INTO t (v) VALUES ('x'), (NULL)", "23502",
          'null value in column "v" of relation "t" violates not-null constraint')
    assert a.execute("SELECT count(*) FROM t").fetchone() == (0,)
    assert one(a, "INSERT INTO t (v) VALUES ('y') RETURNING id") == 3


def test_concurrent_nextval_never_conflicts(cluster: pydsql.Cluster) -> None:
    """Drawing values leaves no footprint: both transactions commit (no OC000)."""
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 65536) PRIMARY KEY, v text)")
    a, b = cluster.connect(), cluster.connect()
    ids = []
    for conn, v in ((a, "a1"), (b, "b1"), (a, "a2"), (b, "b2")):
        ids.append(one(conn, "INSERT INTO t (v) VALUES (%s) RETURNING id", (v,)))
    a.commit()
    b.commit()
    assert ids == [1, 65537, 2, 65538]
    assert setup.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,), (65537,), (65538,)]


def test_setval_in_rolled_back_transaction_stays(cluster: pydsql.Cluster) -> None:
    a = cluster.connect()
    a.execute("CREATE SEQUENCE s CACHE 1")
    a.commit()
    a.execute("SELECT setval('s', 42)")
    a.rollback()
    assert one(a, "SELECT nextval('s')") == 43


def test_alter_sequence_restart_is_transactional(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 1")
    a.commit()
    assert one(b, "SELECT nextval('s')") == 1
    a.execute("ALTER SEQUENCE s RESTART WITH 100")
    assert one(b, "SELECT nextval('s')") == 2  # not committed yet
    a.rollback()
    assert one(b, "SELECT nextval('s')") == 3
    a.execute("ALTER SEQUENCE s RESTART WITH 100")
    a.commit()
    assert one(b, "SELECT nextval('s')") == 100


def test_alter_sequence_drops_stale_cache_blocks(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(autocommit=True), cluster.connect(autocommit=True)
    a.execute("CREATE SEQUENCE s CACHE 65536")
    assert one(b, "SELECT nextval('s')") == 1
    a.execute("ALTER SEQUENCE s RESTART WITH 500")
    assert one(b, "SELECT nextval('s')") == 500  # b's block belonged to the old counter
    assert one(a, "SELECT nextval('s')") == 65536 + 500


def test_concurrent_drop_sequence_is_a_schema_conflict(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    setup = cluster.connect(autocommit=True)
    setup.execute("CREATE SEQUENCE s CACHE 1")
    a.execute("ALTER SEQUENCE s INCREMENT 2")
    b.execute("DROP SEQUENCE s")
    a.commit()
    with pytest.raises(errors.SerializationFailure) as info:
        b.commit()
    assert "OC001" in str(info.value)


def test_sequences_survive_in_catalog_across_sessions(cluster: pydsql.Cluster) -> None:
    a, b = cluster.connect(), cluster.connect()
    a.execute("CREATE SEQUENCE s CACHE 1")
    fails(b, "SELECT nextval('s')", "42P01", 'relation "s" does not exist')  # not committed
    b.rollback()
    a.commit()
    assert one(b, "SELECT nextval('s')") == 1


def test_alter_sequence_forms_not_implemented_are_refused(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SEQUENCE s CACHE 1")
    fails(conn, "ALTER SEQUENCE s SET SCHEMA other", "0A000", "ALTER SEQUENCE ... SET SCHEMA is not supported by pydsql yet")
    fails(conn, "ALTER SEQUENCE s OWNER TO admin", "0A000", "ALTER SEQUENCE ... OWNER TO is not supported by pydsql yet")
    fails(conn, "ALTER SEQUENCE s", "42601", "syntax error at end of input")


def test_drop_sequence_used_by_defaults(conn: pydsql.Connection) -> None:
    conn.execute("CREATE SEQUENCE s CACHE 1")
    conn.execute("CREATE TABLE t (a bigint DEFAULT nextval('s'), b bigint DEFAULT currval('public.s'))")
    e = fails(conn, "DROP SEQUENCE s", "2BP01", "cannot drop sequence s because other objects depend on it")
    assert e.detail == (
        "default value for column a of table t depends on sequence s\n"
        "default value for column b of table t depends on sequence s"
    )
    assert e.hint == "Use DROP ... CASCADE to drop the dependent objects too."
    conn.execute("SET search_path = pg_catalog")  # the default names the sequence by OID, not by name
    assert one(conn, "INSERT INTO public.t DEFAULT VALUES RETURNING a") == 1


@pytest.mark.differential
@pytest.mark.parametrize("query", ["columns", "has_sequence"])
def test_sqlalchemy_reflects_identity_and_sequences(pg: Any, query: str) -> None:
    """SQLAlchemy's reflection queries (identity options come from pg_sequence through
    pg_get_serial_sequence) answer as PostgreSQL's do."""
    from test_system_catalogs import SQLALCHEMY, _normalize, _sorted

    conn = pydsql.connect(autocommit=True)
    for ddl in (
        "CREATE TABLE parent (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 65536 START 10 INCREMENT 5) PRIMARY KEY,"
        " name text)",
        "CREATE TABLE child (a bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1 MAXVALUE 1000 CYCLE), pid bigint)",
        "CREATE SEQUENCE s CACHE 1",
    ):
        pg.execute(ddl)
        conn.execute(ddl)
    schema = pg.execute("SELECT current_schema()").fetchone()[0]
    sql, params = SQLALCHEMY[query]
    expected = _normalize(pg.execute(sql, params).fetchall(), schema)
    got = _normalize(conn.execute(sql, params).fetchall(), schema)
    assert _sorted(got) == _sorted(expected)
    assert got  # the identity columns (and the sequence) were found


@pytest.mark.parametrize("cache", [1, 65536])
def test_threads_never_get_the_same_value(cluster: pydsql.Cluster, cache: int) -> None:
    import threading

    setup = cluster.connect(autocommit=True)
    setup.execute(f"CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE {cache}) PRIMARY KEY, w int)")
    setup.execute(f"CREATE SEQUENCE s CACHE {cache}")
    drawn: list[list[int]] = [[] for _ in range(4)]

    def work(n: int) -> None:
        conn = cluster.connect(autocommit=True)
        for i in range(50):
            drawn[n].append(one(conn, "SELECT nextval('s')"))
            conn.execute("INSERT INTO t (w) VALUES (%s)", (n,))
        conn.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    values = [v for d in drawn for v in d]
    assert len(values) == len(set(values)) == 200
    assert all(d == sorted(d) for d in drawn)  # each session's own values increase
    assert setup.execute("SELECT count(DISTINCT id), count(*) FROM t").fetchone() == (200, 200)


@pytest.mark.differential
def test_pg_depend_for_sequences(pg: Any) -> None:
    """Django finds a table's sequences through pg_depend (its get_sequences query)."""
    from test_system_catalogs import DJANGO

    conn = pydsql.connect(autocommit=True)
    for ddl in (
        "CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), b bigint, c bigint)",
        "CREATE SEQUENCE owned CACHE 1 OWNED BY child.c",
        "CREATE SEQUENCE free CACHE 1",
        "CREATE TABLE other (a bigint DEFAULT nextval('free'), b bigint DEFAULT nextval('owned'))",
    ):
        pg.execute(ddl)
        conn.execute(ddl)
    sql, params = DJANGO["sequences"]
    assert sorted(conn.execute(sql, params).fetchall()) == sorted(pg.execute(sql, params).fetchall()) == [
        ("child_id_seq", "id"), ("owned", "c"),
    ]
    deps = (
        "SELECT classid::regclass::text, refobjid::regclass::text, refobjsubid, deptype FROM pg_depend "
        "WHERE refobjid IN ('child'::regclass, 'owned'::regclass, 'free'::regclass) AND refclassid = 'pg_class'::regclass "
        "AND classid IN ('pg_class'::regclass, 'pg_attrdef'::regclass)"
    )
    assert sorted(conn.execute(deps).fetchall()) == sorted(pg.execute(deps).fetchall())


def test_overriding_is_not_reserved(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE src (overriding int)")
    conn.execute("INSERT INTO src VALUES (1)")
    conn.execute("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), overriding int)")
    conn.execute("INSERT INTO t (overriding) SELECT overriding FROM src")
    assert conn.execute("SELECT id, overriding FROM t").fetchall() == [(1, 1)]
    fails(conn, "INSERT INTO t OVERRIDING SOMETHING VALUE VALUES (1, 1)", "42601", 'syntax error at or near "SOMETHING"')


@pytest.mark.differential
def test_overriding_syntax_errors(pg: Any) -> None:
    run_script(pg, [
        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 1), overriding int)",
        "INSERT INTO t OVERRIDING SOMETHING VALUE VALUES (1, 1)",
        "INSERT INTO t OVERRIDING SYSTEM VALUES (1, 1)",
        "INSERT INTO t (id, overriding) OVERRIDING USER VALUE SELECT 5, overriding FROM t RETURNING id, overriding",
    ])


def _random_sequence_script(seed: int) -> list[str]:
    """Random definitions (bounds, signs, CYCLE, big caches) and enough nextval calls to
    reach the bounds: the counter arithmetic of every path, compared with PostgreSQL."""
    import random

    rnd = random.Random(seed)
    script = []
    for n in range(12):
        increment = rnd.choice([1, 2, 3, 7, -1, -2, -5])
        lo = rnd.randint(-20, 5)
        hi = lo + rnd.randint(1, 25)
        start = rnd.randint(lo, hi)
        cache = rnd.choice([1, 65536])
        cycle = rnd.choice(["CYCLE", "NO CYCLE"])
        script.append(
            f"CREATE SEQUENCE q{n} CACHE {cache} INCREMENT {increment} MINVALUE {lo} MAXVALUE {hi} START {start} {cycle}"
        )
        for _ in range(rnd.randint(3, 8)):
            script.append(f"SELECT nextval('q{n}'), nextval('q{n}'), nextval('q{n}'), currval('q{n}')")
        if rnd.random() < 0.5:
            script.append(f"SELECT setval('q{n}', {rnd.randint(lo, hi)}, {rnd.choice(['true', 'false'])})")
            script.append(f"SELECT nextval('q{n}'), lastval()")
        script.append(f"SELECT last_value, is_called FROM q{n}")
    return script


@pytest.mark.differential
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sequences_same_as_postgresql(pg: Any, seed: int) -> None:
    run_script(pg, _random_sequence_script(seed))

"""Domains (CREATE DOMAIN works on DSQL: reference section 3, golden probes ``unsupported/domain_type``,
``enum/enum_domain_create``, ``enum/enum_domain_violation``): columns and casts of a domain type,
its constraints, DROP DOMAIN, and the catalogs -- compared with PostgreSQL 16 where DSQL shares its
behaviour.
"""

from __future__ import annotations

from typing import Any

import pytest

import pydsql
from differential import run_script
from sqlhelpers import error, run


@pytest.fixture
def conn() -> pydsql.Connection:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE DOMAIN mood AS text CHECK (VALUE IN ('sad', 'ok'))")
    return c


def test_create_domain_tag(conn: pydsql.Connection) -> None:
    assert conn.execute("CREATE DOMAIN d AS int").statusmessage == "CREATE DOMAIN"
    assert conn.execute("DROP DOMAIN d").statusmessage == "DROP DOMAIN"


def test_check_violation_on_insert_and_update(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE e (id int PRIMARY KEY, m mood)")
    e = error(conn, "INSERT INTO e (id, m) VALUES (1, 'bogus')")
    assert (e.sqlstate, str(e)) == ("23514", 'value for domain mood violates check constraint "mood_check"')
    assert isinstance(e, pydsql.IntegrityError)
    conn.execute("INSERT INTO e VALUES (1, 'ok'), (2, NULL)")  # NULL passes a CHECK
    e = error(conn, "UPDATE e SET m = 'happy' WHERE id = 1")
    assert e.sqlstate == "23514"
    assert run(conn, "SELECT id, m FROM e ORDER BY id") == [(1, "ok"), (2, None)]


def test_not_null_and_default(conn: pydsql.Connection) -> None:
    conn.execute("CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0)")
    conn.execute("CREATE TABLE f (id int PRIMARY KEY, p posint, q posint DEFAULT 5)")
    conn.execute("INSERT INTO f (id) VALUES (1)")
    assert run(conn, "SELECT p, q FROM f") == [(1, 5)]  # the column's default wins over the domain's
    e = error(conn, "INSERT INTO f VALUES (2, NULL, 1)")
    assert (e.sqlstate, str(e)) == ("23502", "domain posint does not allow null values")
    e = error(conn, "INSERT INTO f VALUES (2, -1, 1)")
    assert (e.sqlstate, str(e)) == ("23514", 'value for domain posint violates check constraint "posint_check"')


def test_cast_to_a_domain_checks_it(conn: pydsql.Connection) -> None:
    assert run(conn, "SELECT 'sad'::mood, CAST('ok' AS mood)") == [("sad", "ok")]
    e = error(conn, "SELECT 'x'::mood")
    assert (e.sqlstate, str(e)) == ("23514", 'value for domain mood violates check constraint "mood_check"')
    assert run(conn, "SELECT NULL::mood") == [(None,)]


def test_domain_values_act_as_their_base_type(conn: pydsql.Connection) -> None:
    conn.execute("CREATE DOMAIN money2 AS numeric(10, 2) CHECK (VALUE >= 0)")
    conn.execute("CREATE TABLE p (id int PRIMARY KEY, price money2)")
    conn.execute("INSERT INTO p VALUES (1, 1.005), (2, 3)")
    assert [tuple(map(str, r)) for r in run(conn, "SELECT price, price * 2 FROM p ORDER BY id")] == [
        ("1.01", "2.02"), ("3.00", "6.00")
    ]


def test_named_and_several_constraints(conn: pydsql.Connection) -> None:
    conn.execute("CREATE DOMAIN code AS varchar(5) CONSTRAINT code_upper CHECK (VALUE = upper(VALUE)) "
                 "CHECK (length(VALUE) > 1) CHECK (VALUE <> 'XX')")
    assert run(conn, "SELECT 'AB'::code") == [("AB",)]
    for value, name in (("ab", "code_upper"), ("A", "code_check"), ("XX", "code_check1")):
        e = error(conn, f"SELECT '{value}'::code")
        assert str(e) == f'value for domain code violates check constraint "{name}"'


def test_create_domain_errors(conn: pydsql.Connection) -> None:
    e = error(conn, "CREATE DOMAIN mood AS int")
    assert (e.sqlstate, str(e)) == ("42710", 'type "mood" already exists')
    e = error(conn, "CREATE DOMAIN d AS nosuchtype")
    assert (e.sqlstate, str(e)) == ("42704", 'type "nosuchtype" does not exist')
    e = error(conn, "CREATE DOMAIN d AS int CHECK (VALUE)")
    assert e.sqlstate == "42804"
    e = error(conn, "CREATE DOMAIN d AS int[]")
    assert (e.sqlstate, str(e)) == ("0A000", "datatype integer[] not supported")
    e = error(conn, "CREATE DOMAIN d AS int DEFAULT 'x'")
    assert e.sqlstate == "22P02"
    assert run(conn, "SELECT count(*) FROM pg_type WHERE typtype = 'd'") == [(1,)]


def test_drop_domain(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE e (id int PRIMARY KEY, m mood)")
    e = error(conn, "DROP DOMAIN mood")
    assert (e.sqlstate, str(e)) == ("2BP01", "cannot drop type mood because other objects depend on it")
    assert e.detail == "column m of table e depends on type mood"  # type: ignore[attr-defined]
    conn.execute("DROP TABLE e")
    conn.execute("DROP DOMAIN mood")
    conn.execute("DROP DOMAIN IF EXISTS mood")
    e = error(conn, "DROP DOMAIN mood")
    assert (e.sqlstate, str(e)) == ("42704", 'type "mood" does not exist')


def test_drop_domain_cascade_drops_its_columns(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE e (id int PRIMARY KEY, m mood, n text)")
    conn.execute("CREATE TABLE e2 (id int PRIMARY KEY, m mood)")
    conn.execute("INSERT INTO e VALUES (1, 'ok', 'x')")
    conn.execute("DROP DOMAIN mood CASCADE")
    assert run(conn, "SELECT * FROM e") == [(1, "x")]
    assert run(conn, "SELECT * FROM e2") == []
    assert run(conn, "SELECT count(*) FROM pg_type WHERE typtype = 'd'") == [(0,)]


def test_domain_columns_keep_their_definition_in_add_column(conn: pydsql.Connection) -> None:
    conn.execute("CREATE TABLE e (id int PRIMARY KEY)")
    conn.execute("INSERT INTO e VALUES (1)")
    conn.execute("ALTER TABLE e ADD COLUMN m mood")
    assert run(conn, "SELECT id, m FROM e") == [(1, None)]
    e = error(conn, "UPDATE e SET m = 'nope'")
    assert e.sqlstate == "23514"
    conn.execute("CREATE DOMAIN nn AS int NOT NULL")
    e = error(conn, "ALTER TABLE e ADD COLUMN n nn")  # existing rows would violate it
    assert (e.sqlstate, str(e)) == ("0A000", "ALTER TABLE ADD COLUMN with constraint not supported")


def test_catalogs(conn: pydsql.Connection) -> None:
    conn.execute("CREATE DOMAIN shorttext AS varchar(10) NOT NULL DEFAULT 'x'")
    conn.execute("CREATE TABLE e (id int PRIMARY KEY, m mood, s shorttext)")
    assert run(conn, "SELECT typname, typtype, typbasetype::regtype, typnotnull FROM pg_type WHERE typtype = 'd' "
                     "ORDER BY typname") == [("mood", "d", "text", False), ("shorttext", "d", "character varying", True)]
    assert run(conn, "SELECT attname, atttypid::regtype, format_type(atttypid, atttypmod) FROM pg_attribute "
                     "WHERE attrelid = 'e'::regclass AND attnum > 1 ORDER BY attnum") == [
        ("m", "mood", "mood"), ("s", "shorttext", "shorttext")
    ]
    assert run(conn, "SELECT domain_name, data_type, character_maximum_length FROM information_schema.domains "
                     "ORDER BY 1") == [("mood", "text", None), ("shorttext", "character varying", 10)]
    assert run(conn, "SELECT column_name, data_type, domain_name FROM information_schema.columns "
                     "WHERE table_name = 'e' ORDER BY ordinal_position") == [
        ("id", "integer", None), ("m", "text", "mood"), ("s", "character varying", "shorttext")
    ]
    assert run(conn, "SELECT 'mood'::regtype::oid = (SELECT oid FROM pg_type WHERE typname = 'mood')") == [(True,)]


def test_alter_domain_is_not_implemented(conn: pydsql.Connection) -> None:
    e = error(conn, "ALTER DOMAIN mood SET DEFAULT 'ok'")
    assert (e.sqlstate, str(e)) == ("0A000", "ALTER DOMAIN is not supported by pydsql yet")


def test_create_domain_is_ddl(conn: pydsql.Connection) -> None:
    cluster = pydsql.Cluster()
    a, b = cluster.connect(), cluster.connect()
    a.execute("CREATE DOMAIN d AS int")
    b.execute("CREATE DOMAIN d AS text")
    a.commit()
    with pytest.raises(pydsql.Error) as info:
        b.commit()
    assert str(info.value) == "schema has been updated by another transaction (OC001)"
    a.execute("CREATE DOMAIN d2 AS int")
    e = error(a, "CREATE TABLE x (v d2)")  # one DDL statement per transaction
    assert e.sqlstate == "0A000"
    a.rollback()


SCRIPTS: dict[str, list[str]] = {
    "columns": [
        "CREATE DOMAIN mood AS text CHECK (VALUE IN ('sad', 'ok'))",
        "CREATE TABLE e (id int, m mood)",
        "INSERT INTO e (id, m) VALUES (1, 'bogus')",
        "INSERT INTO e (id, m) VALUES (1, 'sad'), (2, NULL)",
        "UPDATE e SET m = 'happy'",
        "UPDATE e SET m = 'ok' WHERE id = 2",
        "SELECT * FROM e ORDER BY id",
        "SELECT m || '!' FROM e ORDER BY id",
        "SELECT column_name, data_type, domain_name, udt_name FROM information_schema.columns "
        "WHERE table_name = 'e' ORDER BY ordinal_position",
        "DROP DOMAIN mood",
        "CREATE TABLE e2 (id int, m mood, k int)",
        "INSERT INTO e2 VALUES (1, 'ok', 2)",
        "DROP DOMAIN mood CASCADE",
        "SELECT * FROM e ORDER BY id",
        "SELECT * FROM e2",
        "DROP DOMAIN mood",
        "DROP DOMAIN IF EXISTS mood",
    ],
    "schemas": [
        "CREATE SCHEMA dom_schema_for_test",
        "CREATE DOMAIN dom_schema_for_test.pos AS int CHECK (VALUE > 0)",
        "CREATE TABLE uses (id int PRIMARY KEY, p dom_schema_for_test.pos, q text)",
        "INSERT INTO uses VALUES (1, 0, 'x')",
        "INSERT INTO uses VALUES (1, 5, 'x')",
        "SELECT 3::dom_schema_for_test.pos",
        "SELECT 3::pos",
        "DROP SCHEMA dom_schema_for_test",
        "DROP SCHEMA dom_schema_for_test CASCADE",
        "SELECT * FROM uses",
        "SELECT 3::dom_schema_for_test.pos",
    ],
    "constraints": [
        "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0)",
        "CREATE TABLE f (id int, p posint, q posint DEFAULT 5)",
        "INSERT INTO f (id) VALUES (1)",
        "INSERT INTO f VALUES (2, NULL, 1)",
        "INSERT INTO f VALUES (2, -1, 1)",
        "INSERT INTO f VALUES (2, 2, 0)",
        "SELECT * FROM f ORDER BY id",
        "CREATE DOMAIN code AS varchar(5) CONSTRAINT code_upper CHECK (VALUE = upper(VALUE)) "
        "CHECK (length(VALUE) > 1) CHECK (VALUE <> 'XX')",
        "SELECT 'ab'::code",
        "SELECT 'A'::code",
        "SELECT 'XX'::code",
        "SELECT 'ABCDEFG'::code",
        "SELECT 'AB'::code, NULL::code",
        "SELECT CAST(3 AS posint) + 1",
        "SELECT CAST(0 AS posint)",
        "SELECT NULL::posint",
        "CREATE DOMAIN posint AS int",
        "CREATE DOMAIN bad AS int CHECK (VALUE)",
        "CREATE DOMAIN bad AS int CHECK (nope > 0)",
        "CREATE DOMAIN bad AS int CHECK (VALUE > (SELECT 1))",
        "CREATE DOMAIN bad AS int CHECK (sum(VALUE) > 0)",
        "CREATE DOMAIN bad AS int CHECK ()",
        "CREATE DOMAIN bad AS nosuchtype",
        "CREATE DOMAIN bad AS int DEFAULT 'x'",
        "SELECT typname, typtype, typnotnull, format_type(typbasetype, typtypmod) FROM pg_type "
        "WHERE typtype = 'd' AND typnamespace::regnamespace::text = current_schema() ORDER BY typname",
        "SELECT domain_name, data_type, character_maximum_length, numeric_precision, domain_default "
        "FROM information_schema.domains WHERE domain_schema = current_schema() ORDER BY domain_name",
        "CREATE DOMAIN label AS varchar(8) DEFAULT 'none' CHECK (VALUE <> '' AND length(VALUE) < 7)",
        # what SQLAlchemy's PostgreSQL dialect reads to reflect domains
        "SELECT t.typname, format_type(t.typbasetype, t.typtypmod), NOT t.typnotnull, t.typdefault, "
        "pg_type_is_visible(t.oid), r.conname, pg_get_constraintdef(r.oid, true), pg_get_constraintdef(r.oid), "
        "r.contype, r.conrelid, r.convalidated FROM pg_type t LEFT JOIN pg_constraint r ON t.oid = r.contypid "
        "WHERE t.typtype = 'd' AND t.typnamespace::regnamespace::text = current_schema() ORDER BY 1, 6",
    ],
}


@pytest.mark.differential
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_postgresql(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


@pytest.mark.differential
def test_sqlalchemy_reflects_domains(pg: Any) -> None:
    """SQLAlchemy's domain reflection query (pg_type, pg_constraint by contypid,
    pg_get_constraintdef of a domain's CHECK) answers as PostgreSQL's does."""
    from test_system_catalogs import SQLALCHEMY, _normalize, _sorted

    conn = pydsql.connect(autocommit=True)
    for ddl in (
        "CREATE DOMAIN mood AS text CHECK (VALUE IN ('sad', 'ok'))",
        "CREATE DOMAIN code AS varchar(5) NOT NULL DEFAULT 'AA' CONSTRAINT code_upper CHECK (VALUE = upper(VALUE)) "
        "CHECK (length(VALUE) > 1)",
        "CREATE DOMAIN plain AS numeric(8, 2)",
    ):
        pg.execute(ddl)
        conn.execute(ddl)
    schema = pg.execute("SELECT current_schema()").fetchone()[0]
    sql, params = SQLALCHEMY["domains"]
    expected = _normalize(pg.execute(sql, params).fetchall(), schema)
    got = _normalize(conn.execute(sql, params).fetchall(), schema)
    assert _sorted(got) == _sorted(expected)
    assert len(got) == 3

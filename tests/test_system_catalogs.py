"""pg_catalog and information_schema (pydsql.sql.system) against PostgreSQL 16.

The same DDL runs in a fresh PostgreSQL schema (the ``pg`` fixture) and in
pydsql's ``public``; queries over the catalogs must return the same rows once
the schema name is normalized.  OIDs differ between the two servers, so the
comparisons read OID columns through ``::regclass::text`` (or leave them out),
and the NOT NULL constraint names information_schema makes from OIDs are
normalized.  The second half replays, verbatim, the reflection queries
SQLAlchemy 2.x's PostgreSQL dialect (and Alembic autogenerate through it) and
Django send.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

import pydsql

DDL = [
    "CREATE TABLE parent (id integer PRIMARY KEY, name varchar(40) NOT NULL UNIQUE, score numeric(10,2) DEFAULT 0,"
    " note text DEFAULT 'n/a', flag boolean DEFAULT true NOT NULL, created timestamptz DEFAULT now(),"
    " CONSTRAINT pos CHECK (score >= 0))",
    "CREATE TABLE child (a int, b text, pid integer REFERENCES parent(id), amount bigint, ratio real, d date,"
    " t time, ts timestamp(3), c char(5), u uuid DEFAULT gen_random_uuid(), j jsonb DEFAULT '{}', iv interval,"
    " bt bytea, f8 float8 DEFAULT 1e3, n numeric(18,6), vc varchar, PRIMARY KEY (a, b), UNIQUE (pid, d),"
    " CHECK (amount > 0 AND ratio < 1.5), CONSTRAINT c_in CHECK (c IN ('a', 'b')),"
    " CONSTRAINT vc_like CHECK (vc LIKE 'x%'))",
    "CREATE TABLE nokey (x smallint, y double precision, z text NOT NULL)",
    "CREATE VIEW v AS SELECT id, name FROM parent",
]


@pytest.fixture
def both(pg: Any) -> tuple[Any, Any, str]:
    """(PostgreSQL connection, pydsql connection, the PostgreSQL schema) with :data:`DDL` run in both."""
    conn = pydsql.connect()
    conn.autocommit = True
    for ddl in DDL:
        pg.execute(ddl)
        conn.execute(ddl)
    schema = pg.execute("SELECT current_schema()").fetchone()[0]
    return pg, conn, schema


def _normalize(rows: list[tuple[Any, ...]], schema: str) -> list[tuple[Any, ...]]:
    def norm(v: Any) -> Any:
        if isinstance(v, str):
            v = re.sub(r"\b\d+_\d+_(\d+)_not_null\b", r"nn_\1", v)
            return v.replace(f"{schema}.", "public.") if v != schema else "public"
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v

    return [tuple(norm(v) for v in row) for row in rows]


def _same(both: tuple[Any, Any, str], sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    pg, conn, schema = both
    expected = _normalize(pg.execute(sql.replace("{schema}", schema), params).fetchall(), schema)
    got = _normalize(conn.execute(sql.replace("{schema}", "public"), params).fetchall(), schema)
    assert got == expected
    return got


# -- information_schema -----------------------------------------------------------------------------

INFORMATION_SCHEMA = {
    "tables": "SELECT table_catalog, table_schema, table_name, table_type, self_referencing_column_name,"
    " reference_generation, user_defined_type_catalog, is_insertable_into, is_typed, commit_action"
    " FROM information_schema.tables WHERE table_schema = '{schema}' AND table_type = 'BASE TABLE' ORDER BY table_name",
    "views": "SELECT table_schema, table_name, table_type FROM information_schema.tables"
    " WHERE table_schema = '{schema}' AND table_type = 'VIEW'",
    # every column but is_updatable (pydsql's views are not updatable)
    "columns": "SELECT table_catalog, table_schema, table_name, column_name, ordinal_position, column_default,"
    " is_nullable, data_type, character_maximum_length, character_octet_length, numeric_precision,"
    " numeric_precision_radix, numeric_scale, datetime_precision, interval_type, interval_precision,"
    " character_set_catalog, character_set_schema, character_set_name, collation_catalog, collation_schema,"
    " collation_name, domain_catalog, domain_schema, domain_name, udt_catalog, udt_schema, udt_name, scope_catalog,"
    " scope_schema, scope_name, maximum_cardinality, dtd_identifier, is_self_referencing, is_identity,"
    " identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum, identity_cycle,"
    " is_generated, generation_expression"
    " FROM information_schema.columns WHERE table_schema = '{schema}' ORDER BY table_name, ordinal_position",
    "columns_updatable": "SELECT table_name, column_name, is_updatable FROM information_schema.columns"
    " WHERE table_schema = '{schema}' AND table_name <> 'v' ORDER BY 1, 2",
    "table_constraints": "SELECT constraint_catalog, constraint_schema, constraint_name, table_catalog,"
    " table_schema, table_name, constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct"
    " FROM information_schema.table_constraints WHERE table_schema = '{schema}' ORDER BY table_name, constraint_name",
    "key_column_usage": "SELECT * FROM information_schema.key_column_usage WHERE table_schema = '{schema}'"
    " ORDER BY table_name, constraint_name, ordinal_position",
    "constraint_column_usage": "SELECT * FROM information_schema.constraint_column_usage"
    " WHERE constraint_schema = '{schema}' ORDER BY constraint_name, table_name, column_name",
    "check_constraints": "SELECT * FROM information_schema.check_constraints WHERE constraint_schema = '{schema}'"
    " ORDER BY constraint_name",
    "referential_constraints": "SELECT * FROM information_schema.referential_constraints"
    " WHERE constraint_schema = '{schema}' ORDER BY constraint_name",
    "schemata": "SELECT catalog_name, schema_name, default_character_set_catalog, sql_path"
    " FROM information_schema.schemata WHERE schema_name IN ('{schema}', 'pg_catalog', 'information_schema')"
    " ORDER BY schema_name = 'pg_catalog', schema_name",
    "sequences": "SELECT * FROM information_schema.sequences WHERE sequence_schema = '{schema}'",
}


@pytest.mark.parametrize("name", sorted(INFORMATION_SCHEMA))
def test_information_schema_matches_postgresql(both: Any, name: str) -> None:
    rows = _same(both, INFORMATION_SCHEMA[name])
    if name not in ("sequences", "views"):
        assert rows


def test_information_schema_column_types_match_postgresql(both: Any) -> None:
    pg, conn, schema = both
    sql = "SELECT * FROM information_schema.columns WHERE table_schema = '{schema}' LIMIT 1"
    pg_types = [d.type_code for d in pg.execute(sql.replace("{schema}", schema)).description]
    py_types = [d.type_code for d in conn.execute(sql.replace("{schema}", "public")).description]
    assert py_types == pg_types


def test_information_schema_lists_the_catalogs_themselves(both: Any) -> None:
    _same(both, "SELECT table_schema, table_name, table_type FROM information_schema.tables"
                " WHERE table_name IN ('pg_class', 'pg_tables', 'columns') ORDER BY 1, 2")
    _same(both, "SELECT column_name, data_type, udt_name, ordinal_position FROM information_schema.columns"
                " WHERE table_schema = 'pg_catalog' AND table_name = 'pg_index' ORDER BY ordinal_position")


# -- pg_catalog ------------------------------------------------------------------------------------------

PG_CATALOG = {
    "pg_class": "SELECT c.relname, c.relkind, c.relnatts, c.relchecks, c.relhasindex, c.relpersistence,"
    " c.relisshared, c.relhasrules, c.relhastriggers, c.relhassubclass, c.relrowsecurity, c.relispopulated,"
    " c.relispartition, c.reloftype, c.reloptions, c.relacl, am.amname, c.reltablespace"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam"
    " WHERE n.nspname = '{schema}' ORDER BY c.relname",
    "pg_class_types": "SELECT c.relname, t.typname, t.typtype, t.typcategory, t.typrelid = c.oid FROM pg_class c"
    " JOIN pg_type t ON t.oid = c.reltype WHERE c.relnamespace = '{schema}'::regnamespace ORDER BY 1",
    "pg_attribute": "SELECT a.attrelid::regclass::text, a.attname, a.atttypid::regtype::text, a.attlen, a.attnum,"
    " a.atttypmod, a.attndims, a.attbyval, a.attalign, a.attstorage, a.attnotnull, a.atthasdef, a.atthasmissing,"
    " a.attidentity, a.attgenerated, a.attisdropped, a.attislocal, a.attinhcount, a.attcollation,"
    " format_type(a.atttypid, a.atttypmod)"
    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = '{schema}' AND a.attnum > 0 ORDER BY c.relname, a.attnum",
    "pg_attrdef": "SELECT d.adrelid::regclass::text, a.attname, pg_get_expr(d.adbin, d.adrelid),"
    " pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d"
    " JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
    " WHERE d.adrelid IN (SELECT oid FROM pg_class WHERE relnamespace = '{schema}'::regnamespace) ORDER BY 1, 2",
    "pg_index": "SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text, i.indnatts, i.indnkeyatts,"
    " i.indisunique, i.indnullsnotdistinct, i.indisprimary, i.indisexclusion, i.indimmediate, i.indisvalid,"
    " i.indisready, i.indislive, i.indkey, i.indcollation, i.indclass, i.indoption, i.indexprs, i.indpred"
    " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = '{schema}'::regnamespace"
    " ORDER BY 1",
    "pg_index_columns": "SELECT c.relname, a.attname, k.n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid,"
    " generate_subscripts(i.indkey, 1) k(n) JOIN pg_attribute a ON true"
    " WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]"
    " AND c.relnamespace = '{schema}'::regnamespace ORDER BY 1, 3",
    "pg_constraint": "SELECT conname, contype, condeferrable, condeferred, convalidated, conrelid::regclass::text,"
    " conindid::regclass::text, confrelid::regclass::text, confupdtype, confdeltype, confmatchtype, conislocal,"
    " coninhcount, connoinherit, conkey, confkey, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)"
    " FROM pg_constraint WHERE connamespace = '{schema}'::regnamespace ORDER BY conname",
    "pg_indexes": "SELECT schemaname, tablename, indexname, tablespace, replace(indexdef, 'USING btree ',"
    " 'USING btree_index ') FROM pg_indexes WHERE schemaname = '{schema}' ORDER BY indexname",
    "pg_get_indexdef": "SELECT pg_get_indexdef(indexrelid, 1, true), pg_get_indexdef(indexrelid, 2, false)"
    " FROM pg_index WHERE indrelid = '{schema}.child'::regclass ORDER BY indexrelid::regclass::text",
    "pg_tables": "SELECT schemaname, tablename, tablespace, hasindexes, hasrules, hastriggers, rowsecurity"
    " FROM pg_tables WHERE schemaname = '{schema}' ORDER BY tablename",
    "pg_views": "SELECT schemaname, viewname FROM pg_views WHERE schemaname = '{schema}'",
    "pg_namespace": "SELECT nspname, oid < 16384, nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
    " FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1",
    "pg_type": "SELECT oid, typname, typnamespace, typlen, typbyval, typtype, typcategory, typispreferred,"
    " typisdefined, typdelim, typrelid, typsubscript, typelem, typarray, typinput, typoutput, typreceive, typsend,"
    " typmodin, typmodout, typanalyze, typalign, typstorage, typnotnull, typbasetype, typtypmod, typndims,"
    " typcollation, typdefault FROM pg_type WHERE oid IN (16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 30, 114, 194,"
    " 700, 701, 1000, 1005, 1007, 1009, 1015, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1266, 1700, 2205, 2206,"
    " 2950, 3802) ORDER BY oid",
    "format_type": "SELECT format_type(t, m) FROM (VALUES (23, -1), (1043, 44), (1043, -1), (1042, 9), (1042, -1),"
    " (1700, 655366), (1700, -1), (1184, 3), (1114, -1), (1083, 0), (1266, 2), (1186, 2147418115), (1007, -1),"
    " (1015, 14), (18, -1), (22, -1), (0, -1), (2205, -1)) AS x(t, m)",
    "format_type_null": "SELECT format_type(1042, NULL), format_type(NULL, 1), format_type(1043, NULL)",
    "pg_am": "SELECT oid, amname, amhandler, amtype FROM pg_am ORDER BY oid",
    "pg_database": "SELECT oid, datname, encoding, datistemplate, datallowconn, datconnlimit FROM pg_database"
    " WHERE datname = current_database()",
    "pg_roles": "SELECT rolname = current_user, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname = current_user",
    "pg_user": "SELECT usename = current_user, usesysid = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
    " FROM pg_user WHERE usename = current_user",
    "pg_collation": "SELECT oid, collname, collprovider, collisdeterministic FROM pg_collation"
    " WHERE oid IN (100, 950, 951) ORDER BY oid",
    "pg_description": "SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
    " WHERE c.relnamespace = '{schema}'::regnamespace",
    "pg_sequence": "SELECT count(*) FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
    " WHERE c.relnamespace = '{schema}'::regnamespace",
    "visibility": "SELECT relname, pg_table_is_visible(oid) FROM pg_class"
    " WHERE relname IN ('parent', 'pg_class', 'columns', 'v') ORDER BY relname",
    "regclass": "SELECT 'parent'::regclass::text, 'pg_class'::regclass, 'pg_class'::regclass::oid,"
    " 'information_schema.columns'::regclass, to_regclass('nope'), to_regclass('parent')::text,"
    " 'pg_catalog.pg_constraint'::regclass::oid, '1259'::regclass, 1259::regclass",
    "regclass_join": "SELECT c.relname FROM pg_class c WHERE c.oid = 'parent'::regclass",
    "regtype": "SELECT 'int4'::regtype, 'character varying'::regtype, 'int[]'::regtype::oid, '\"char\"'::regtype,"
    " 23::regtype, to_regtype('nope'), 'timestamptz'::regtype::text",
    "oid": "SELECT 5::oid, '7'::oid = 7, (-1)::oid, 1259::oid::regclass, max(oid) > 0 FROM pg_am",
    "char": "SELECT 'r'::\"char\", relkind = 'r', relkind::text || 'x' FROM pg_class WHERE relname = 'parent'",
    "vectors": "SELECT indkey, indkey::text, array_length(ARRAY(SELECT unnest(indkey)), 1), 2 = ANY (indkey),"
    " indkey[0], indkey[1] FROM pg_index WHERE indrelid = 'child'::regclass ORDER BY indexrelid::regclass::text",
    "functions": "SELECT pg_get_userbyid(relowner) = current_user, obj_description(oid, 'pg_class'),"
    " col_description(oid, 1), has_table_privilege(oid, 'SELECT'), has_table_privilege('parent', 'INSERT'),"
    " has_schema_privilege('public', 'USAGE'), current_setting('search_path') IS NOT NULL,"
    " pg_get_serial_sequence('parent', 'id') FROM pg_class WHERE relname = 'parent'",
    "current_schemas": "SELECT current_schemas(true), current_schemas(false)",
    "settings": "SELECT name, setting, vartype FROM pg_settings"
    " WHERE name IN ('standard_conforming_strings', 'integer_datetimes', 'client_encoding') ORDER BY name",
    "current_setting": "SELECT current_setting('standard_conforming_strings'),"
    " current_setting('default_table_access_method'), current_setting('nope', true)",
}


@pytest.mark.parametrize("name", sorted(PG_CATALOG))
def test_pg_catalog_matches_postgresql(both: Any, name: str) -> None:
    pg, conn, schema = both
    if name in ("current_schemas",):
        pg.execute(f"SET search_path TO {schema}")
        conn.execute("SET search_path TO public")
    _same(both, PG_CATALOG[name])


def test_pg_catalog_is_first_on_the_search_path() -> None:
    conn = pydsql.connect()
    conn.autocommit = True
    conn.execute("CREATE TABLE pg_class (x int)")  # PostgreSQL allows it: the catalog still wins unqualified
    conn.execute("CREATE TABLE columns (y int)")
    assert [d.name for d in conn.execute("SELECT * FROM pg_class LIMIT 1").description][:2] == ["oid", "relname"]
    assert conn.execute("SELECT * FROM public.pg_class").fetchall() == []
    assert [d.name for d in conn.execute("SELECT * FROM columns").description] == ["y"]
    conn.execute("SET search_path TO public, pg_catalog")  # placed explicitly: public first
    assert [d.name for d in conn.execute("SELECT * FROM pg_class").description] == ["x"]
    conn.execute("SET search_path TO information_schema, public")
    assert conn.execute("SELECT count(*) > 0 FROM columns").fetchone() == (True,)


def test_system_relations_are_read_only() -> None:
    conn = pydsql.connect()
    conn.autocommit = True
    cases = [
        ("INSERT INTO pg_class (relname) VALUES ('x')", "42501", "permission denied for table pg_class"),
        ("UPDATE pg_catalog.pg_namespace SET nspname = 'x'", "42501", "permission denied for table pg_namespace"),
        ("DELETE FROM pg_attribute", "42501", "permission denied for table pg_attribute"),
        ("INSERT INTO pg_tables VALUES ('a')", "55000", 'cannot insert into view "pg_tables"'),
        ("UPDATE information_schema.tables SET table_name = 'x'", "55000", 'cannot update view "tables"'),
        ("DELETE FROM information_schema.columns", "55000", 'cannot delete from view "columns"'),
        ("CREATE TABLE pg_catalog.t (a int)", "42501", 'permission denied to create "pg_catalog.t"'),
        ("CREATE TABLE information_schema.t (a int)", "42501", "permission denied for schema information_schema"),
        ("CREATE VIEW pg_catalog.v AS SELECT 1", "42501", 'permission denied to create "pg_catalog.v"'),
        ("CREATE SCHEMA information_schema", "42P06", 'schema "information_schema" already exists'),
        ("DROP SCHEMA pg_catalog", "42501", "must be owner of schema pg_catalog"),
        ("CREATE TABLE t (a oid)", "0A000", "datatype oid not supported"),
        ("CREATE TABLE t (a regclass)", "0A000", "datatype regclass not supported"),
    ]
    for sql, sqlstate, message in cases:
        with pytest.raises(pydsql.Error) as info:
            conn.execute(sql)
        assert (info.value.sqlstate, str(info.value).splitlines()[0]) == (sqlstate, message), sql


def test_view_dml_error_matches_postgresql(pg: Any) -> None:
    conn = pydsql.connect()
    conn.autocommit = True
    import psycopg

    for sql in ("INSERT INTO pg_tables VALUES ('a')", "UPDATE pg_indexes SET indexname = 'x' WHERE false",
                "DELETE FROM pg_settings WHERE false"):
        with pytest.raises(psycopg.Error) as expected:
            pg.execute(sql)
        with pytest.raises(pydsql.Error) as got:
            conn.execute(sql)
        e = expected.value.diag
        assert (got.value.sqlstate, str(got.value).splitlines()[0]) == (expected.value.sqlstate, e.message_primary)
        assert (got.value.detail, got.value.hint) == (e.message_detail, e.message_hint)


def test_reg_errors_match_postgresql(pg: Any) -> None:
    import psycopg

    conn = pydsql.connect()
    conn.autocommit = True
    for sql in ("SELECT 'nope'::regclass", "SELECT 'public.nope'::regclass", "SELECT 'nope'::regtype",
                "SELECT 'nope'::regnamespace", "SELECT 'nope'::regrole", "SELECT 'x'::oid",
                "SELECT '99999999999'::oid", "SELECT 4294967296::int8::oid", "SELECT 'a.b.c.d'::regclass",
                # a reg* type name is one type name: what follows it is a syntax error there
                "SELECT 'a b'::regtype", "SELECT 'double x'::regtype", "SELECT 'int, 1'::regtype",
                "SELECT 'int; select 1'::regtype", "SELECT 'int FROM t'::regtype", "SELECT 'int WHERE true'::regtype",
                "SELECT '(int'::regtype", "SELECT 'int)'::regtype", "SELECT ''::regtype", "SELECT ' '::regtype",
                "SELECT 'timestamp with'::regtype", "SELECT 'public.int4'::regtype"):
        with pytest.raises(psycopg.Error) as expected:
            pg.execute(sql)
        with pytest.raises(pydsql.Error) as got:
            conn.execute(sql)
        assert (got.value.sqlstate, str(got.value).splitlines()[0]) == (
            expected.value.sqlstate, expected.value.diag.message_primary
        ), sql


def _null_argument_calls() -> list[str]:
    """A call of every function reading the session (``now()``, ``to_regclass``,
    ``has_table_privilege``...) that takes arguments, once with NULL in each position."""
    from pydsql.sql import functions

    sample = {"oid": "'t'::regclass::oid", "regclass": "'s'", "text": "'t'", "name": "'t'", "int4": "1", "int8": "1", "float8": "0.5",
              "bool": "true"}
    calls = set()
    for name, candidates in functions.FUNCTIONS.items():
        for f in candidates:
            if not f.context or not f.args or f.set_returning or "pg_node_tree" in f.args:
                continue
            if name == "format_type":  # not strict: its rows differ (OIDs differ between the two servers)
                continue
            for i in range(len(f.args)):
                args = [f"NULL::{k}" if j == i else f"{sample[k]}::{k}" for j, k in enumerate(f.args)]
                calls.add(f"SELECT {name}({', '.join(args)})")
    return sorted(calls)


def test_functions_of_the_session_are_strict_as_in_postgresql(pg: Any) -> None:
    """A strict function is NULL for a NULL argument without being called (several raised
    XX000 or looked up a role or relation named "None")."""
    from differential import compare, run_postgres, run_pydsql

    conn = pydsql.connect(autocommit=True)
    calls = _null_argument_calls()
    assert len(calls) > 40
    for sql in ["CREATE TABLE t (id int PRIMARY KEY)", "CREATE SEQUENCE s CACHE 1", *calls]:
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


@pytest.mark.parametrize("kind", ["oid", "regclass"])
def test_oid_input_as_postgresql_reads_it(pg: Any, kind: str) -> None:
    """oidin reads a number as C's strtoul(s, &end, 0) does (hexadecimal, octal, a sign,
    surrounding space); a reg* input is a number only when it is digits and nothing else."""
    from differential import compare, run_postgres, run_pydsql

    conn = pydsql.connect(autocommit=True)
    for text in ["0x1F", "0X1f", "017", "08", "0", "00", "-0", "+5", " 12 ", "1_000", "-1", "-2147483648", "-2147483649",
                 "4294967295", "4294967296", "0x", "0xFFFFFFFF", "0x100000000", "12abc", "", " ", "1.0", "1e3", "\t7\n",
                 "9999999999999999999999", "\u00b2"]:
        sql = f"SELECT %s::{kind}::oid::text"
        compare(f"{sql} {text!r}", run_pydsql(conn, sql, (text,)), run_postgres(pg, sql, (text,)))


def test_pg_catalog_qualified_type_names(pg: Any) -> None:
    """``pg_catalog.int4`` is the built-in type, type modifiers included (ORMs and
    pg_dump qualify type names so)."""
    from differential import compare, run_postgres, run_pydsql

    conn = pydsql.connect(autocommit=True)
    for sql in [
        "SELECT 1::pg_catalog.int4, CAST(1 AS pg_catalog.text), 'x'::pg_catalog.\"char\", 'int4'::pg_catalog.regtype",
        "SELECT 'abcd'::pg_catalog.varchar(3), 1.005::pg_catalog.numeric(5,2), '{1}'::pg_catalog.int4[]",
        "SELECT 'pg_catalog.int4'::regtype, 'pg_catalog.varchar(3)'::regtype",
        "SELECT 1::pg_catalog.nope", "SELECT 1::pg_catalog.serial", "SELECT 1::public.int4",
        "CREATE TABLE q (a pg_catalog.int4, b pg_catalog.varchar(2))", "INSERT INTO q VALUES (1, 'abc')",
    ]:
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


def test_catalogs_follow_the_transaction_snapshot() -> None:
    """A transaction sees the schema of its snapshot, plus its own DDL; never another's uncommitted DDL."""
    cluster = pydsql.Cluster()
    reader, writer = cluster.connect(), cluster.connect()
    reader.autocommit = writer.autocommit = True
    writer.execute("CREATE TABLE before_snapshot (a int)")
    reader.execute("BEGIN")
    seen = "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"
    assert reader.execute(seen).fetchall() == [("before_snapshot",)]
    writer.execute("CREATE TABLE after_snapshot (b int PRIMARY KEY)")
    assert reader.execute(seen).fetchall() == [("before_snapshot",)]
    assert reader.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'after_snapshot'"
    ).fetchone() == (0,)
    reader.execute("COMMIT")
    assert reader.execute(seen).fetchall() == [("after_snapshot",), ("after_snapshot_pkey",), ("before_snapshot",)]
    writer.execute("BEGIN")
    writer.execute("CREATE TABLE mine (c int)")
    assert ("mine",) in writer.execute(seen).fetchall()
    assert ("mine",) not in reader.execute(seen).fetchall()
    writer.execute("ROLLBACK")
    assert ("mine",) not in writer.execute(seen).fetchall()


def test_user_schemas() -> None:
    conn = pydsql.connect()
    conn.autocommit = True
    conn.execute("CREATE SCHEMA app")
    conn.execute("CREATE TABLE app.t (a int PRIMARY KEY)")
    (oid,) = conn.execute("SELECT oid FROM pg_namespace WHERE nspname = 'app'").fetchone()
    assert oid >= 16384
    assert conn.execute("SELECT 'app'::regnamespace::oid, 'app'::regnamespace").fetchone() == (oid, "app")
    assert conn.execute("SELECT relname FROM pg_class WHERE relnamespace = %s ORDER BY 1", (oid,)).fetchall() == [
        ("t",), ("t_pkey",)
    ]
    # not on the search path: qualified by regclass, invisible to pg_table_is_visible
    assert conn.execute("SELECT 'app.t'::regclass, pg_table_is_visible('app.t'::regclass)").fetchone() == ("app.t", False)
    assert conn.execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'app'"
                        ).fetchall() == [("app", "t")]
    conn.execute("DROP SCHEMA app CASCADE")
    assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'app'").fetchone() == (0,)


def test_oids_are_stable_and_join(both: Any) -> None:
    _, conn, _ = both
    first = conn.execute("SELECT oid, relname FROM pg_class WHERE relnamespace = 2200 ORDER BY oid").fetchall()
    assert all(oid >= 16384 for oid, _ in first)
    assert conn.execute("SELECT oid, relname FROM pg_class WHERE relnamespace = 2200 ORDER BY oid").fetchall() == first
    # every constraint's table, index and columns are found by joining on OIDs
    rows = conn.execute(
        "SELECT con.conname, c.relname, i.relname, a.attname FROM pg_constraint con"
        " JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_class i ON i.oid = con.conindid"
        " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)"
        " WHERE con.contype IN ('p', 'u') ORDER BY 1, 4"
    ).fetchall()
    assert rows == [
        ("child_pid_d_key", "child", "child_pid_d_key", "d"), ("child_pid_d_key", "child", "child_pid_d_key", "pid"),
        ("child_pkey", "child", "child_pkey", "a"), ("child_pkey", "child", "child_pkey", "b"),
        ("parent_name_key", "parent", "parent_name_key", "name"), ("parent_pkey", "parent", "parent_pkey", "id"),
    ]


# -- what ORMs send, verbatim --------------------------------------------------------------------------------

_REL_FILTER = (
    "pg_catalog.pg_class.relkind = ANY (ARRAY[%(param_1)s::VARCHAR, %(param_2)s::VARCHAR, %(param_3)s::VARCHAR]) "
    "AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != "
    "%(nspname_1)s::VARCHAR AND pg_catalog.pg_class.relname IN (%(filter_names_1)s::VARCHAR, "
    "%(filter_names_2)s::VARCHAR)"
)
_REL_PARAMS = {"param_1": "r", "param_2": "p", "param_3": "f", "nspname_1": "pg_catalog",
               "filter_names_1": "parent", "filter_names_2": "child"}

#: SQLAlchemy 2.x (sqlalchemy/dialects/postgresql/base.py) reflection, as it sends them through psycopg
SQLALCHEMY: dict[str, tuple[str, dict[str, Any]]] = {
    "schema_names": (
        "SELECT pg_catalog.pg_namespace.nspname \nFROM pg_catalog.pg_namespace \nWHERE "
        "(pg_catalog.pg_namespace.nspname NOT LIKE %(nspname_1)s::VARCHAR || '%%' ESCAPE '/') "
        "ORDER BY pg_catalog.pg_namespace.nspname",
        {"nspname_1": "pg/_"},
    ),
    "table_names": (
        "SELECT pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE pg_catalog.pg_class.relkind = ANY "
        "(ARRAY[%(param_1)s::VARCHAR, %(param_2)s::VARCHAR]) AND pg_catalog.pg_class.relpersistence != "
        "%(relpersistence_1)s::VARCHAR AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND "
        "pg_catalog.pg_namespace.nspname != %(nspname_1)s::VARCHAR",
        {"param_1": "r", "param_2": "p", "relpersistence_1": "t", "nspname_1": "pg_catalog"},
    ),
    "view_names": (
        "SELECT pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE pg_catalog.pg_class.relkind = ANY "
        "(ARRAY[%(param_1)s::VARCHAR]) AND pg_catalog.pg_class.relpersistence != %(relpersistence_1)s::VARCHAR AND "
        "pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != "
        "%(nspname_1)s::VARCHAR",
        {"param_1": "v", "relpersistence_1": "t", "nspname_1": "pg_catalog"},
    ),
    "has_sequence": (
        "SELECT pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE pg_catalog.pg_class.relkind = "
        "%(relkind_1)s::VARCHAR AND pg_catalog.pg_class.relname = %(relname_1)s::VARCHAR AND "
        "pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != "
        "%(nspname_1)s::VARCHAR",
        {"relkind_1": "S", "relname_1": "s", "nspname_1": "pg_catalog"},
    ),
    "columns": (
        "SELECT pg_catalog.pg_attribute.attname AS name, pg_catalog.format_type(pg_catalog.pg_attribute.atttypid, "
        "pg_catalog.pg_attribute.atttypmod) AS format_type, CASE WHEN pg_catalog.pg_attribute.atthasdef THEN "
        "(SELECT pg_catalog.pg_get_expr(pg_catalog.pg_attrdef.adbin, pg_catalog.pg_attrdef.adrelid) AS "
        "pg_get_expr_1 \nFROM pg_catalog.pg_attrdef \nWHERE pg_catalog.pg_attribute.atthasdef AND "
        "pg_catalog.pg_attrdef.adrelid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_attrdef.adnum = "
        "pg_catalog.pg_attribute.attnum) ELSE NULL END AS \"default\", pg_catalog.pg_attribute.attnotnull AS "
        "not_null, pg_catalog.pg_class.relname AS table_name, pg_catalog.pg_description.description AS comment, "
        "pg_catalog.pg_attribute.attgenerated AS generated, CASE WHEN (pg_catalog.pg_attribute.attidentity != "
        "%(attidentity_1)s::VARCHAR) THEN (SELECT json_build_object(%(json_build_object_2)s::VARCHAR, "
        "pg_catalog.pg_attribute.attidentity = %(attidentity_2)s::VARCHAR, %(json_build_object_3)s::VARCHAR, "
        "pg_catalog.pg_sequence.seqstart, %(json_build_object_4)s::VARCHAR, pg_catalog.pg_sequence.seqincrement, "
        "%(json_build_object_5)s::VARCHAR, pg_catalog.pg_sequence.seqmin, %(json_build_object_6)s::VARCHAR, "
        "pg_catalog.pg_sequence.seqmax, %(json_build_object_7)s::VARCHAR, pg_catalog.pg_sequence.seqcache, "
        "%(json_build_object_8)s::VARCHAR, pg_catalog.pg_sequence.seqcycle) AS json_build_object_1 \nFROM "
        "pg_catalog.pg_sequence \nWHERE pg_catalog.pg_attribute.attidentity != %(attidentity_3)s::VARCHAR AND "
        "pg_catalog.pg_sequence.seqrelid = CAST(CAST(pg_catalog.pg_get_serial_sequence(CAST(CAST("
        "pg_catalog.pg_attribute.attrelid AS REGCLASS) AS TEXT), pg_catalog.pg_attribute.attname) AS REGCLASS) AS "
        "OID)) ELSE NULL END AS identity_options, CASE WHEN (pg_catalog.pg_attribute.attcollation != "
        "%(attcollation_1)s::INTEGER AND (SELECT pg_catalog.pg_type.typcollation \nFROM pg_catalog.pg_type \nWHERE "
        "pg_catalog.pg_type.oid = pg_catalog.pg_attribute.atttypid) != pg_catalog.pg_attribute.attcollation) THEN "
        "(SELECT json_build_object(%(json_build_object_10)s::VARCHAR, pg_catalog.pg_collation.collname, "
        "%(json_build_object_11)s::VARCHAR, CASE WHEN pg_catalog.pg_collation_is_visible("
        "pg_catalog.pg_collation.oid) THEN NULL ELSE pg_catalog.pg_namespace.nspname END) AS json_build_object_9 "
        "\nFROM pg_catalog.pg_collation JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = "
        "pg_catalog.pg_collation.collnamespace \nWHERE pg_catalog.pg_collation.oid = "
        "pg_catalog.pg_attribute.attcollation) ELSE NULL END AS collation \nFROM pg_catalog.pg_class LEFT OUTER "
        "JOIN pg_catalog.pg_attribute ON pg_catalog.pg_class.oid = pg_catalog.pg_attribute.attrelid AND "
        "pg_catalog.pg_attribute.attnum > %(attnum_1)s::SMALLINT AND NOT pg_catalog.pg_attribute.attisdropped "
        "LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = "
        "pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_description.objsubid = pg_catalog.pg_attribute.attnum "
        "JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE "
        + _REL_FILTER + " ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_attribute.attnum",
        {
            "attidentity_1": "", "json_build_object_2": "always", "attidentity_2": "a", "json_build_object_3": "start",
            "json_build_object_4": "increment", "json_build_object_5": "minvalue", "json_build_object_6": "maxvalue",
            "json_build_object_7": "cache", "json_build_object_8": "cycle", "attidentity_3": "", "attcollation_1": 0,
            "json_build_object_10": "name", "json_build_object_11": "schema", "attnum_1": 0, **_REL_PARAMS,
        },
    ),
    "table_oids": (
        "SELECT pg_catalog.pg_class.oid, pg_catalog.pg_class.relname \nFROM pg_catalog.pg_class JOIN "
        "pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE "
        + _REL_FILTER,
        _REL_PARAMS,
    ),
    "foreign_keys": (
        "SELECT pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname, CASE WHEN "
        "(pg_catalog.pg_constraint.oid IS NOT NULL) THEN pg_catalog.pg_get_constraintdef(pg_catalog.pg_constraint.oid, "
        "%(pg_get_constraintdef_1)s) END AS anon_1, nsp_ref.nspname, pg_catalog.pg_description.description \nFROM "
        "pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_constraint ON pg_catalog.pg_class.oid = "
        "pg_catalog.pg_constraint.conrelid AND pg_catalog.pg_constraint.contype = %(contype_1)s::VARCHAR LEFT OUTER "
        "JOIN pg_catalog.pg_class AS cls_ref ON cls_ref.oid = pg_catalog.pg_constraint.confrelid LEFT OUTER JOIN "
        "pg_catalog.pg_namespace AS nsp_ref ON cls_ref.relnamespace = nsp_ref.oid LEFT OUTER JOIN "
        "pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid AND "
        "pg_catalog.pg_description.classoid = CAST(%(param_0)s AS REGCLASS) JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE " + _REL_FILTER
        + " ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname",
        {"pg_get_constraintdef_1": True, "contype_1": "f", "param_0": "pg_catalog.pg_constraint", **_REL_PARAMS},
    ),
    "check_constraints": (
        "SELECT pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname, CASE WHEN "
        "(pg_catalog.pg_constraint.oid IS NOT NULL) THEN pg_catalog.pg_get_constraintdef(pg_catalog.pg_constraint.oid, "
        "%(pg_get_constraintdef_1)s) END AS anon_1, pg_catalog.pg_description.description \nFROM pg_catalog.pg_class "
        "LEFT OUTER JOIN pg_catalog.pg_constraint ON pg_catalog.pg_class.oid = pg_catalog.pg_constraint.conrelid AND "
        "pg_catalog.pg_constraint.contype = %(contype_1)s::VARCHAR LEFT OUTER JOIN pg_catalog.pg_description ON "
        "pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid AND pg_catalog.pg_description.classoid = "
        "CAST(%(param_0)s AS REGCLASS) JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = "
        "pg_catalog.pg_class.relnamespace \nWHERE " + _REL_FILTER
        + " ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname",
        {"pg_get_constraintdef_1": True, "contype_1": "c", "param_0": "pg_catalog.pg_constraint", **_REL_PARAMS},
    ),
    "table_comment": (
        "SELECT pg_catalog.pg_class.relname, pg_catalog.pg_description.description \nFROM pg_catalog.pg_class LEFT "
        "OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_class.oid = pg_catalog.pg_description.objoid AND "
        "pg_catalog.pg_description.objsubid = %(objsubid_1)s::INTEGER AND pg_catalog.pg_description.classoid = "
        "CAST(%(param_0)s AS REGCLASS) JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = "
        "pg_catalog.pg_class.relnamespace \nWHERE " + _REL_FILTER,
        {"objsubid_1": 0, "param_0": "pg_catalog.pg_class", **_REL_PARAMS},
    ),
    "table_options": (
        "SELECT pg_catalog.pg_class.oid, pg_catalog.pg_class.relname, pg_catalog.pg_class.reloptions, NULL AS "
        "relhasoids, CASE WHEN (pg_catalog.pg_am.amname IS NOT NULL AND pg_catalog.pg_am.amname != current_setting("
        "%(current_setting_1)s::VARCHAR)) THEN pg_catalog.pg_am.amname ELSE NULL END AS access_method_name, "
        "pg_catalog.pg_tablespace.spcname AS tablespace_name, inherits.parent_table_names \nFROM "
        "pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_am ON pg_catalog.pg_class.relam = pg_catalog.pg_am.oid "
        "LEFT OUTER JOIN (SELECT pg_catalog.pg_inherits.inhrelid AS inhrelid, array_agg("
        "pg_catalog.pg_class.relname ORDER BY pg_catalog.pg_inherits.inhseqno) AS parent_table_names \nFROM "
        "pg_catalog.pg_inherits JOIN pg_catalog.pg_class ON pg_catalog.pg_inherits.inhparent = "
        "pg_catalog.pg_class.oid GROUP BY pg_catalog.pg_inherits.inhrelid) AS inherits ON pg_catalog.pg_class.oid = "
        "inherits.inhrelid LEFT OUTER JOIN pg_catalog.pg_tablespace ON pg_catalog.pg_tablespace.oid = "
        "pg_catalog.pg_class.reltablespace JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = "
        "pg_catalog.pg_class.relnamespace \nWHERE " + _REL_FILTER,
        {"current_setting_1": "default_table_access_method", **_REL_PARAMS},
    ),
    "view_definition_lookup": (
        "SELECT pg_catalog.pg_class.relname FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace \nWHERE pg_catalog.pg_class.relname = "
        "%(relname_1)s::VARCHAR AND pg_catalog.pg_class.relkind = ANY (ARRAY[%(param_1)s::VARCHAR, "
        "%(param_2)s::VARCHAR]) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND "
        "pg_catalog.pg_namespace.nspname != %(nspname_1)s::VARCHAR",
        {"relname_1": "v", "param_1": "v", "param_2": "m", "nspname_1": "pg_catalog"},
    ),
    "enums": (
        "SELECT pg_catalog.pg_type.typname AS name, pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS "
        "visible, pg_catalog.pg_namespace.nspname AS schema, lbl_agg.labels AS labels \nFROM pg_catalog.pg_type "
        "JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER "
        "JOIN (SELECT pg_catalog.pg_enum.enumtypid AS enumtypid, array_agg(CAST(pg_catalog.pg_enum.enumlabel AS "
        "TEXT) ORDER BY pg_catalog.pg_enum.enumsortorder) AS labels \nFROM pg_catalog.pg_enum GROUP BY "
        "pg_catalog.pg_enum.enumtypid) AS lbl_agg ON pg_catalog.pg_type.oid = lbl_agg.enumtypid \nWHERE "
        "pg_catalog.pg_type.typtype = %(typtype_1)s::VARCHAR AND pg_catalog.pg_type_is_visible("
        "pg_catalog.pg_type.oid) AND pg_catalog.pg_namespace.nspname != %(nspname_1)s::VARCHAR ORDER BY "
        "pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname",
        {"typtype_1": "e", "nspname_1": "pg_catalog"},
    ),
    "domains": (
        "SELECT pg_catalog.pg_type.typname AS name, pg_catalog.format_type(pg_catalog.pg_type.typbasetype, "
        "pg_catalog.pg_type.typtypmod) AS attype, NOT pg_catalog.pg_type.typnotnull AS nullable, "
        "pg_catalog.pg_type.typdefault AS \"default\", pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS "
        "visible, pg_catalog.pg_namespace.nspname AS schema, domain_constraints.condefs, domain_constraints.connames, "
        "pg_catalog.pg_collation.collname, CASE WHEN (pg_catalog.pg_collation.oid IS NULL) THEN NULL WHEN "
        "pg_catalog.pg_collation_is_visible(pg_catalog.pg_collation.oid) THEN NULL ELSE collation_namespace.nspname "
        "END AS collation_schema \nFROM pg_catalog.pg_type JOIN pg_catalog.pg_namespace ON "
        "pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER JOIN pg_catalog.pg_collation ON "
        "pg_catalog.pg_type.typcollation = pg_catalog.pg_collation.oid LEFT OUTER JOIN pg_catalog.pg_namespace AS "
        "collation_namespace ON collation_namespace.oid = pg_catalog.pg_collation.collnamespace LEFT OUTER JOIN "
        "(SELECT pg_catalog.pg_constraint.contypid AS contypid, array_agg(pg_catalog.pg_get_constraintdef("
        "pg_catalog.pg_constraint.oid, %(pg_get_constraintdef_1)s)) AS condefs, array_agg(CAST("
        "pg_catalog.pg_constraint.conname AS TEXT)) AS connames \nFROM pg_catalog.pg_constraint \nWHERE "
        "pg_catalog.pg_constraint.contypid != %(contypid_1)s::INTEGER GROUP BY pg_catalog.pg_constraint.contypid) AS "
        "domain_constraints ON pg_catalog.pg_type.oid = domain_constraints.contypid \nWHERE "
        "pg_catalog.pg_type.typtype = %(typtype_1)s::VARCHAR AND pg_catalog.pg_type_is_visible("
        "pg_catalog.pg_type.oid) AND pg_catalog.pg_namespace.nspname != %(nspname_1)s::VARCHAR ORDER BY "
        "pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname",
        {"pg_get_constraintdef_1": True, "contypid_1": 0, "typtype_1": "d", "nspname_1": "pg_catalog"},
    ),
    "psycopg_type_info": (
        "SELECT\n    typname AS name, oid, typarray AS array_oid,\n    oid::regtype::text AS regtype, typdelim AS "
        "delimiter\nFROM pg_type t\nWHERE t.oid = to_regtype(%(name)s)\nORDER BY t.oid\n",
        {"name": "hstore"},
    ),
    "psycopg_type_info_int": (
        "SELECT\n    typname AS name, oid, typarray AS array_oid,\n    oid::regtype::text AS regtype, typdelim AS "
        "delimiter\nFROM pg_type t\nWHERE t.oid = to_regtype(%(name)s)\nORDER BY t.oid\n",
        {"name": "int4"},
    ),
}

#: the ones that take the OIDs of the tables (what "table_oids" returned)
SQLALCHEMY_BY_OID: dict[str, tuple[str, dict[str, Any]]] = {
    "pk_constraint": (
        "SELECT attr.conrelid, array_agg(CAST(attr.attname AS TEXT) ORDER BY attr.ord) AS cols, attr.conname, "
        "min(attr.description) AS description, min(attr.indnkeyatts) AS indnkeyatts, bool_and("
        "attr.indnullsnotdistinct) AS indnullsnotdistinct \nFROM (SELECT con.conrelid AS conrelid, con.conname AS "
        "conname, con.description AS description, con.ord AS ord, con.indnkeyatts AS indnkeyatts, "
        "con.indnullsnotdistinct AS indnullsnotdistinct, pg_catalog.pg_attribute.attname AS attname \nFROM "
        "pg_catalog.pg_attribute JOIN (SELECT pg_catalog.pg_constraint.conrelid AS conrelid, "
        "pg_catalog.pg_constraint.conname AS conname, unnest(pg_catalog.pg_index.indkey) AS attnum, "
        "generate_subscripts(pg_catalog.pg_index.indkey, %(generate_subscripts_1)s::INTEGER) AS ord, "
        "pg_catalog.pg_index.indnkeyatts AS indnkeyatts, pg_catalog.pg_index.indnullsnotdistinct AS "
        "indnullsnotdistinct, pg_catalog.pg_description.description AS description \nFROM pg_catalog.pg_constraint "
        "JOIN pg_catalog.pg_index ON pg_catalog.pg_constraint.conindid = pg_catalog.pg_index.indexrelid LEFT OUTER "
        "JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid AND "
        "pg_catalog.pg_description.classoid = CAST(%(param_1)s AS REGCLASS) \nWHERE "
        "pg_catalog.pg_constraint.contype = %(contype)s::VARCHAR AND pg_catalog.pg_constraint.conrelid IN "
        "(%(oids_1)s, %(oids_2)s)) AS con ON pg_catalog.pg_attribute.attnum = con.attnum AND "
        "pg_catalog.pg_attribute.attrelid = con.conrelid \nWHERE con.conrelid IN (%(oids_1)s, %(oids_2)s)) AS attr "
        "GROUP BY attr.conrelid, attr.conname ORDER BY attr.conrelid, attr.conname",
        {"generate_subscripts_1": 1, "param_1": "pg_catalog.pg_constraint", "contype": "p"},
    ),
    "indexes": (
        "SELECT pg_catalog.pg_index.indrelid, pg_catalog.pg_class.relname, pg_catalog.pg_index.indisunique, "
        "pg_catalog.pg_index.indisvalid, pg_catalog.pg_constraint.conrelid IS NOT NULL AS has_constraint, "
        "pg_catalog.pg_index.indoption, pg_catalog.pg_class.reloptions, pg_catalog.pg_class.relam, CASE WHEN "
        "(pg_catalog.pg_index.indpred IS NOT NULL) THEN pg_catalog.pg_get_expr(pg_catalog.pg_index.indpred, "
        "pg_catalog.pg_index.indrelid) END AS filter_definition, pg_catalog.pg_index.indnkeyatts, "
        "pg_catalog.pg_index.indnullsnotdistinct, idx_cols.elements, idx_cols.elements_is_expr, "
        "idx_cols.elements_opclass \nFROM pg_catalog.pg_index JOIN pg_catalog.pg_class ON "
        "pg_catalog.pg_index.indexrelid = pg_catalog.pg_class.oid LEFT OUTER JOIN (SELECT idx_attr.indexrelid AS "
        "indexrelid, min(idx_attr.indrelid) AS min_1, array_agg(idx_attr.element ORDER BY idx_attr.ord) AS "
        "elements, array_agg(idx_attr.is_expr ORDER BY idx_attr.ord) AS elements_is_expr, array_agg("
        "idx_attr.att_opclass ORDER BY idx_attr.ord) AS elements_opclass \nFROM (SELECT idx.indexrelid AS "
        "indexrelid, idx.indrelid AS indrelid, idx.ord AS ord, CASE WHEN (idx.attnum = %(attnum_1)s::INTEGER) THEN "
        "pg_catalog.pg_get_indexdef(idx.indexrelid, idx.ord + %(ord_1)s::INTEGER, %(pg_get_indexdef_1)s) ELSE "
        "CAST(pg_catalog.pg_attribute.attname AS TEXT) END AS element, idx.attnum = %(attnum_2)s::INTEGER AS "
        "is_expr, CAST(idx.att_opclass AS BIGINT) AS att_opclass \nFROM (SELECT pg_catalog.pg_index.indexrelid AS "
        "indexrelid, pg_catalog.pg_index.indrelid AS indrelid, unnest(pg_catalog.pg_index.indkey) AS attnum, "
        "unnest(pg_catalog.pg_index.indclass) AS att_opclass, generate_subscripts(pg_catalog.pg_index.indkey, "
        "%(generate_subscripts_1)s::INTEGER) AS ord \nFROM pg_catalog.pg_index \nWHERE NOT "
        "pg_catalog.pg_index.indisprimary AND pg_catalog.pg_index.indrelid IN (%(oids_1)s, %(oids_2)s)) AS idx LEFT "
        "OUTER JOIN pg_catalog.pg_attribute ON pg_catalog.pg_attribute.attnum = idx.attnum AND "
        "pg_catalog.pg_attribute.attrelid = idx.indrelid \nWHERE idx.indrelid IN (%(oids_1)s, %(oids_2)s)) AS "
        "idx_attr GROUP BY idx_attr.indexrelid) AS idx_cols ON pg_catalog.pg_index.indexrelid = "
        "idx_cols.indexrelid LEFT OUTER JOIN pg_catalog.pg_constraint ON pg_catalog.pg_index.indrelid = "
        "pg_catalog.pg_constraint.conrelid AND pg_catalog.pg_index.indexrelid = pg_catalog.pg_constraint.conindid "
        "AND pg_catalog.pg_constraint.contype = ANY (ARRAY[%(param_1)s::VARCHAR, %(param_2)s::VARCHAR, "
        "%(param_3)s::VARCHAR]) \nWHERE pg_catalog.pg_index.indrelid IN (%(oids_1)s, %(oids_2)s) AND NOT "
        "pg_catalog.pg_index.indisprimary ORDER BY pg_catalog.pg_index.indrelid, pg_catalog.pg_class.relname",
        {"attnum_1": 0, "ord_1": 1, "pg_get_indexdef_1": True, "attnum_2": 0, "generate_subscripts_1": 1,
         "param_1": "p", "param_2": "u", "param_3": "x"},
    ),
}

#: Django 5's introspection (django/db/backends/postgresql/introspection.py)
DJANGO: dict[str, tuple[str, Any]] = {
    "table_list": (
        """
            SELECT
                c.relname,
                CASE
                    WHEN c.relispartition THEN 'p'
                    WHEN c.relkind IN ('m', 'v') THEN 'v'
                    ELSE 't'
                END,
                obj_description(c.oid, 'pg_class')
            FROM pg_catalog.pg_class c
            LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')
                AND n.nspname NOT IN ('pg_catalog', 'pg_toast')
                AND pg_catalog.pg_table_is_visible(c.oid)
        """,
        None,
    ),
    "constraints": (
        """
            SELECT
                c.conname,
                array(
                    SELECT attname
                    FROM unnest(c.conkey) WITH ORDINALITY cols(colid, arridx)
                    JOIN pg_attribute AS ca ON cols.colid = ca.attnum
                    WHERE ca.attrelid = c.conrelid
                    ORDER BY cols.arridx
                ),
                c.contype,
                (SELECT fkc.relname || '.' || fka.attname
                FROM pg_attribute AS fka
                JOIN pg_class AS fkc ON fka.attrelid = fkc.oid
                WHERE fka.attrelid = c.confrelid AND fka.attnum = c.confkey[1]),
                cl.reloptions
            FROM pg_constraint AS c
            JOIN pg_class AS cl ON c.conrelid = cl.oid
            WHERE cl.relname = %s AND pg_catalog.pg_table_is_visible(cl.oid)
        """,
        ["child"],
    ),
    "indexes": (
        """
            SELECT
                indexname,
                array_agg(attname ORDER BY arridx),
                indisunique,
                indisprimary,
                array_agg(ordering ORDER BY arridx),
                amname,
                exprdef,
                s2.attoptions
            FROM (
                SELECT
                    c2.relname as indexname, idx.*, attr.attname, am.amname,
                    CASE
                        WHEN idx.indexprs IS NOT NULL THEN
                            pg_get_indexdef(idx.indexrelid)
                    END AS exprdef,
                    CASE am.amname
                        WHEN %s THEN
                            CASE (option & 1)
                                WHEN 1 THEN 'DESC' ELSE 'ASC'
                            END
                    END as ordering,
                    c2.reloptions as attoptions
                FROM (
                    SELECT *
                    FROM
                        pg_index i,
                        unnest(i.indkey, i.indoption)
                            WITH ORDINALITY koi(key, option, arridx)
                ) idx
                LEFT JOIN pg_class c ON idx.indrelid = c.oid
                LEFT JOIN pg_class c2 ON idx.indexrelid = c2.oid
                LEFT JOIN pg_am am ON c2.relam = am.oid
                LEFT JOIN
                    pg_attribute attr ON attr.attrelid = c.oid AND attr.attnum = idx.key
                WHERE c.relname = %s AND pg_catalog.pg_table_is_visible(c.oid)
            ) s2
            GROUP BY indexname, indisunique, indisprimary, amname, exprdef, attoptions
            ORDER BY indexname;
        """,
        ["btree", "child"],
    ),
    "sequences": (
        """
            SELECT
                s.relname AS sequence_name,
                a.attname AS colname
            FROM
                pg_class s
                JOIN pg_depend d ON d.objid = s.oid
                    AND d.classid = 'pg_class'::regclass
                    AND d.refclassid = 'pg_class'::regclass
                JOIN pg_attribute a ON d.refobjid = a.attrelid
                    AND d.refobjsubid = a.attnum
                JOIN pg_class tbl ON tbl.oid = d.refobjid
                    AND tbl.relname = %s
                    AND pg_catalog.pg_table_is_visible(tbl.oid)
            WHERE
                s.relkind = 'S';
        """,
        ["child"],
    ),
}


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=repr)


def _run_both(both: Any, sql: str, params: Any) -> None:
    pg, conn, schema = both
    pg.execute(f"SET search_path TO {schema}")
    expected = _normalize(pg.execute(sql, params).fetchall(), schema)
    got = _normalize(conn.execute(sql, params).fetchall(), schema)
    assert _sorted(got) == _sorted(expected)


@pytest.mark.parametrize("name", sorted(SQLALCHEMY))
def test_sqlalchemy_reflection_queries(both: Any, name: str) -> None:
    sql, params = SQLALCHEMY[name]
    pg, conn, schema = both
    if name in ("table_oids", "table_options"):  # OIDs differ: compare the rest, and that they are the tables'
        pg.execute(f"SET search_path TO {schema}")
        expected = pg.execute(sql, params).fetchall()
        got = conn.execute(sql, params).fetchall()
        oids = dict(conn.execute("SELECT relname, oid FROM pg_class WHERE relnamespace = 2200").fetchall())
        assert [r[0] for r in got] == [oids[r[1]] for r in got]
        assert _sorted([r[1:] for r in got]) == _sorted([r[1:] for r in expected])
        return
    if name == "schema_names":  # the PostgreSQL database has other test schemas
        rows = conn.execute(sql, params).fetchall()
        assert rows == [("information_schema",), ("public",)]
        return
    _run_both(both, sql, params)


@pytest.mark.parametrize("name", sorted(SQLALCHEMY_BY_OID))
def test_sqlalchemy_reflection_queries_by_oid(both: Any, name: str) -> None:
    sql, params = SQLALCHEMY_BY_OID[name]
    pg, conn, schema = both
    pg.execute(f"SET search_path TO {schema}")

    def run(c: Any) -> list[tuple[Any, ...]]:
        oids = dict(c.execute(
            "SELECT relname, oid FROM pg_class WHERE relname IN ('parent', 'child') AND pg_table_is_visible(oid)"
        ).fetchall())
        names = {oid: name for name, oid in oids.items()}
        rows = c.execute(sql, {**params, "oids_1": oids["parent"], "oids_2": oids["child"]}).fetchall()
        return [(names[r[0]], *r[1:]) for r in rows]

    got, expected = run(conn), run(pg)
    assert [r[0] for r in got] == [r[0] for r in expected]  # (ordered by OID: parent's is the smaller)
    assert got == expected


@pytest.mark.parametrize("name", sorted(DJANGO))
def test_django_introspection_queries(both: Any, name: str) -> None:
    sql, params = DJANGO[name]
    _run_both(both, sql, params)


def test_sqlalchemy_connect_queries() -> None:
    """What SQLAlchemy's psycopg dialect sends when it connects."""
    conn = pydsql.connect()
    assert conn.execute("select pg_catalog.version()").fetchone()[0].startswith("PostgreSQL 16")
    assert conn.execute("select current_schema()").fetchone() == ("public",)
    assert conn.execute("show transaction isolation level").fetchone() == ("repeatable read",)
    assert conn.execute("show standard_conforming_strings").fetchone() == ("on",)


def test_numeric_without_precision_is_dsqls_numeric_18_6() -> None:
    """DSQL: a numeric column declared without precision behaves as numeric(18,6) (reference section 7),
    where PostgreSQL keeps any precision: values round to 6 decimals, 12 integer digits at most."""
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE n (id int PRIMARY KEY, v numeric)")
    conn.execute("INSERT INTO n VALUES (1, 1.23456789)")
    assert conn.execute("SELECT v::text FROM n").fetchone() == ("1.234568",)
    assert conn.execute(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'n'::regclass AND attname = 'v'"
    ).fetchone() == ("numeric(18,6)",)
    with pytest.raises(pydsql.errors.NumericValueOutOfRange):
        conn.execute("INSERT INTO n VALUES (2, 1234567890123)")
    assert conn.execute("SELECT 1.23456789::numeric").fetchone()[0] == Decimal("1.23456789")  # expressions keep theirs

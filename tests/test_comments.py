"""COMMENT ON against PostgreSQL 16 (found missing by SQLAlchemy's compliance suite: SQLAlchemy
emits ``COMMENT ON TABLE/COLUMN`` for ``Table(comment=...)`` / ``Column(comment=...)`` and
reflects them from ``pg_description``; Alembic's autogenerate compares them)."""

from __future__ import annotations

from typing import Any

import pytest
from differential import run_script

import pydsql

pytestmark = pytest.mark.differential

DESCRIPTIONS = (
    "SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid "
    "WHERE d.classoid = 'pg_class'::regclass AND c.relname IN ('cm', 'cm_v', 'cm_s', 'cm_i', 'cm_pkey') "
    "ORDER BY 1, 2"
)
CONSTRAINT_DESCRIPTIONS = (
    "SELECT con.conname, d.description FROM pg_description d JOIN pg_constraint con ON con.oid = d.objoid "
    "WHERE d.classoid = 'pg_constraint'::regclass AND con.conrelid = 'cm'::regclass ORDER BY 1"
)

SCRIPT = [
    "CREATE TABLE cm (id int PRIMARY KEY, x int CONSTRAINT cm_x CHECK (x > 0), \"Mixed\" text)",
    "CREATE VIEW cm_v AS SELECT id, x FROM cm",
    "CREATE SEQUENCE cm_s CACHE 1",
    "COMMENT ON TABLE cm IS 'a table'",
    "COMMENT ON COLUMN cm.x IS 'x''s comment'",
    "COMMENT ON COLUMN cm.\"Mixed\" IS 'mixed'",
    "COMMENT ON VIEW cm_v IS 'a view'",
    "COMMENT ON COLUMN cm_v.id IS 'view column'",
    "COMMENT ON SEQUENCE cm_s IS 'a sequence'",
    "COMMENT ON CONSTRAINT cm_x ON cm IS 'positive'",
    "COMMENT ON CONSTRAINT cm_pkey ON cm IS 'the key'",
    DESCRIPTIONS,
    CONSTRAINT_DESCRIPTIONS,
    "SELECT obj_description('cm'::regclass, 'pg_class'), col_description('cm'::regclass, 2), "
    "col_description('cm'::regclass, 1), obj_description('cm_v'::regclass)",
    "COMMENT ON TABLE cm IS ''",
    "COMMENT ON COLUMN cm.x IS NULL",
    "COMMENT ON COLUMN cm.id IS 'id'",
    DESCRIPTIONS,
    "COMMENT ON TABLE nope IS 'x'",
    "COMMENT ON COLUMN cm.nope IS 'x'",
    "COMMENT ON VIEW cm IS 'x'",
    "COMMENT ON TABLE cm_v IS 'x'",
    "COMMENT ON CONSTRAINT nope ON cm IS 'x'",
    "COMMENT ON TABLE cm IS 42",
    "DROP VIEW cm_v",
    DESCRIPTIONS,
    # a dropped column's comment goes with it, the others follow their columns
    "COMMENT ON COLUMN cm.x IS 'x again'",
    "COMMENT ON COLUMN cm.\"Mixed\" IS 'still mixed'",
    "ALTER TABLE cm DROP COLUMN x",
    "ALTER TABLE cm ADD COLUMN y int",
    "SELECT attname, col_description(attrelid, attnum) FROM pg_attribute "
    "WHERE attrelid = 'cm'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname",
]


def test_comments_agree_with_postgres(pg: Any) -> None:
    run_script(pg, SCRIPT)


def test_comment_is_one_ddl_statement() -> None:
    """DSQL: COMMENT is DDL, so it is the only statement of its transaction."""
    conn = pydsql.connect()
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
    conn.commit()
    conn.execute("COMMENT ON TABLE t IS 'one'")
    with pytest.raises(pydsql.errors.FeatureNotSupported, match="multiple ddl statements"):
        conn.execute("COMMENT ON TABLE t IS 'two'")
    conn.rollback()
    assert conn.execute("SELECT obj_description('t'::regclass, 'pg_class')").fetchone() == (None,)

"""json_to_record, jsonb_to_record, json_to_recordset and jsonb_to_recordset against
PostgreSQL 16: rows laid out by the query's column definition list (``FROM
jsonb_to_recordset(j) AS r(a int, b text)``, the usual way to insert or update
a batch of rows sent as one JSON parameter), each member converted as
PostgreSQL's populate_record does, and the errors of a missing, misplaced or
redundant column definition list.  Also json[b]_populate_record[set](NULL::t, j),
which lays the rows out as table (or view) t's columns."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql, run_script

STATEMENTS = [
    'select * from jsonb_to_record(\'{"a":1,"b":"x"}\') as r(a int, b text)',
    'select * from json_to_record(\'{"a":1,"b":"x","c":[1,2]}\') as r(a int, b text, c int[])',
    'select * from jsonb_to_record(\'{"a":null}\') as r(a jsonb, b json, c int)',
    'select * from json_to_record(\'{"a":null, "b":null}\') as r(a jsonb, b json)',
    'select * from jsonb_to_record(\'{"a":{"x":1}, "b":[1, "s"], "c":"str", "d":true}\') as r(a jsonb, b json, c jsonb, d text)',
    'select * from json_to_record(\'{"a":{"x": 1}, "b":[1, "s"], "c":"str", "d":true}\') as r(a json, b json, c json, d text)',
    'select * from jsonb_to_record(\'{"a":1.5}\') as r(a int)',
    'select * from jsonb_to_record(\'{"a":"12"}\') as r(a int)',
    'select * from jsonb_to_record(\'{"a":1e2}\') as r(a numeric, b float8)',
    'select * from jsonb_to_record(\'{"a":"2024-01-02"}\') as r(a date)',
    'select * from jsonb_to_record(\'{"a":true, "b":"t", "c":1}\') as r(a bool, b bool, c text)',
    'select * from jsonb_to_record(\'{"A":1, "a":2}\') as r(a int, "A" int)',
    "select * from jsonb_to_record('[1]') as r(a int)",
    "select * from jsonb_to_record('1') as r(a int)",
    "select * from json_to_record('[1]') as r(a int)",
    'select * from json_to_record(\'"x"\') as r(a int)',
    'select * from jsonb_to_record(NULL) as r(a int)',
    'select * from jsonb_to_recordset(\'[{"a":1},{"a":2,"b":"y"}]\') as r(a int, b text)',
    'select * from json_to_recordset(\'[{"a":1},{"b":"y"}]\') as r(a int, b text)',
    'select * from jsonb_to_recordset(\'{"a":1}\') as r(a int)',
    'select * from json_to_recordset(\'{"a":1}\') as r(a int)',
    "select * from jsonb_to_recordset('[1]') as r(a int)",
    "select * from jsonb_to_recordset('[]') as r(a int)",
    'select * from jsonb_to_recordset(NULL) as r(a int)',
    'select * from jsonb_to_record(\'{"a":[[1,2],[3,4]]}\') as r(a int[])',
    'select * from jsonb_to_record(\'{"a":[[1,2],[3]]}\') as r(a int[])',
    'select * from jsonb_to_record(\'{"a":"{1,2}"}\') as r(a int[])',
    'select * from jsonb_to_record(\'{"a":5}\') as r(a int[])',
    'select * from jsonb_to_record(\'{"a":[1,null]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":"abc"}\') as r(a varchar(2))',
    'select * from jsonb_to_record(\'{"a":1.567}\') as r(a numeric(4,2))',
    'select * from jsonb_to_record(\'{"a":"x"}\') as r(a char(3))',
    'select * from jsonb_to_record(\'{"a":1}\') r(a int)',
    'select * from jsonb_to_record(\'{"a":1}\')',
    'select * from jsonb_to_record(\'{"a":1}\') as r(a)',
    'select * from generate_series(1,2) as g(n int)',
    'select * from (values (1)) as v(a int)',
    'select * from jsonb_each(\'{"a":1}\') as r(k text, v jsonb)',
    'select r.* , r.a from jsonb_to_record(\'{"a":1}\') as r(a int)',
    'select x.a from (values (\'{"a":3}\'::jsonb)) v(j), jsonb_to_record(v.j) as x(a int)',
    'select x.a from (values (\'[{"a":3},{"a":4}]\'::jsonb)) v(j) cross join lateral jsonb_to_recordset(v.j) as x(a int) order by 1',
    'select jsonb_to_record(\'{"a":1}\')',
    'select * from jsonb_to_record(\'{"a":1}\') as r(a int, a text)',
    'select * from jsonb_to_record(\'{"a":"1 day"}\') as r(a interval)',
    'select * from jsonb_to_record(\'{"a":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}\') as r(a uuid)',
    'select * from jsonb_to_record(\'{"a":"2024-01-01 10:00+02"}\') as r(a timestamptz)',
    'select * from json_to_record(\'{"a":"x\\"y\\u0041"}\') as r(a text, b text)',
    'select * from json_to_record(\'{"a":1, "a":2}\') as r(a int)',
    'select * from jsonb_to_record(\'{"a":1}\') with ordinality as r(a int, n bigint)',
    'select * from jsonb_to_recordset(\'[{"a":1}]\') with ordinality as r(a int, n bigint)',
    'select jsonb_to_record(\'{"a":1}\')',
    'select jsonb_to_recordset(\'[{"a":1}]\')',
    'select json_to_record(\'{"a":1}\') is null',
    'select count(*) from jsonb_to_recordset(\'[{"a":1},{"a":2}]\') as r(a int) where a > 1',
    'select * from jsonb_to_record(\'{"a":1}\') as r(a int) join jsonb_to_recordset(\'[{"a":1},{"a":2}]\') as s(a int) on r.a = s.a',
    'select * from jsonb_to_record(\'{"a":"x"}\') as r(a "char")',
    'select * from jsonb_to_record(\'{"a":[1,2]}\') as r(a jsonb[])',
    'select * from jsonb_to_record(\'{"a":[{"x":1}]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[1],[2]]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[1],2]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[]}\') as r(a int[])',
    'select * from jsonb_to_record(\'{"a":["a\\"b", "c\\\\d", "", null, "NULL"]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":1}\') as r(a serial)',
    'select * from jsonb_to_record(\'{"a":1}\') as r(a nosuchtype)',
    'select * from jsonb_to_record(\'{"a":1}\') as (a int)',
    'select * from json_to_recordset(\'[{"a":1}, 2]\') as r(a int)',
    'select * from json_to_recordset(\'"x"\') as r(a int)',
    "select * from jsonb_to_recordset('[[1]]') as r(a int)",
    'select * from jsonb_to_record(\'{"a":[1,[2]]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[1],[2,3]]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[1],[]]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[],[]]}\') as r(a text[])',
    'select * from jsonb_to_record(\'{"a":[[1],[2]]}\') as r(a text)',
    'select * from jsonb_to_record(\'{"a":[1, {"b":2}]}\') as r(a text[])',
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_records_of_json_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_a_batch_of_rows_sent_as_one_json_parameter() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY, b text, c numeric(5,2))")
    batch = json.dumps([{"a": 1, "b": "x", "c": 1.234}, {"a": 2}])
    conn.execute(
        "INSERT INTO t SELECT * FROM jsonb_to_recordset(%s::jsonb) AS r(a int, b text, c numeric(5,2))", (batch,)
    )
    conn.execute(
        "UPDATE t SET b = r.b FROM json_to_recordset(%s) AS r(a int, b text) WHERE t.a = r.a",
        (json.dumps([{"a": 2, "b": "y"}]),),
    )
    assert conn.execute("SELECT a, b, c::text FROM t ORDER BY a").fetchall() == [(1, "x", "1.23"), (2, "y", None)]


POPULATE_SETUP = ['create table pt (a int primary key, b text, c numeric(5,2), d jsonb)', 'create view pv as select a, b from pt']

POPULATE = [
    'select * from jsonb_populate_record(null::pt, \'{"a":1,"b":"x","c":1.234,"d":{"k":[1]}}\')',
    'select * from json_populate_record(null::pt, \'{"a":1,"zz":2}\')',
    'select * from jsonb_populate_recordset(null::pt, \'[{"a":1},{"a":2,"b":"y"}]\')',
    'select * from json_populate_recordset(null::pt, \'[{"a":1},{"a":2,"b":"y"}]\')',
    'select a, b from jsonb_populate_recordset(null::pt, \'[{"a":1},{"a":2,"b":"y"}]\') where a > 1',
    'insert into pt select * from jsonb_populate_recordset(null::pt, \'[{"a":10,"b":"p"},{"a":11}]\') returning *',
    "select * from jsonb_populate_record(null::pt, '[1]')",
    'select * from jsonb_populate_record(null::int, \'{"a":1}\')',
    'select * from jsonb_populate_record(null::nosuch, \'{"a":1}\')',
    'select * from jsonb_populate_record(null::pt, NULL)',
    'select * from jsonb_populate_recordset(null::pt, NULL)',
    'select * from jsonb_populate_record(null::pt, \'{"a":"x"}\')',
    'select * from jsonb_populate_record(null::pt, \'{"a":1}\') as r(a int)',
    'select r.b from jsonb_populate_record(null::pt, \'{"a":1,"b":"q"}\') r',
    'select * from jsonb_populate_recordset(null::pt, \'{"a":1}\')',
    'select * from jsonb_populate_recordset(null::pv, \'[{"a":5,"b":"v"}]\')',
    'select * from jsonb_populate_record(null::pt, 1)',
    'select * from jsonb_populate_record(null::pt, \'{"a":1}\'::json)',
    'select x.a from (values (\'[{"a":3},{"a":4}]\'::jsonb)) v(j) cross join lateral jsonb_populate_recordset(null::pt, v.j) x order by 1',
    'select * from json_populate_recordset(null::pt, \'"x"\')',
    "select * from json_populate_recordset(null::pt, '[1]')",
]


@pytest.mark.parametrize("sql", POPULATE, ids=[f"populate{i}" for i in range(len(POPULATE))])
def test_populate_record_as_postgresql(pg: Any, sql: str) -> None:
    run_script(pg, [*POPULATE_SETUP, sql])


def test_populate_record_needs_null_of_a_table_as_its_base() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE pt (a int PRIMARY KEY)")
    with pytest.raises(pydsql.errors.FeatureNotSupported, match="base row other than NULL::table"):
        conn.execute("SELECT * FROM jsonb_populate_record(row(1), '{}')")

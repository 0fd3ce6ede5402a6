"""``money``, a run-time-only type in DSQL (reference section 7): allowed in expressions,
refused as a column type.  Every expression is compared with PostgreSQL 16 (values, column
types, SQLSTATEs and messages); the column-type refusal is DSQL's.

PostgreSQL's server here formats money under its own ``lc_monetary``; DSQL's locale is C.
Both print ``$1,234.50``, which the first statement checks before the rest rely on it.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

STATEMENTS = [
    # input: symbols, signs, parentheses, separators, rounding on the third fraction digit
    "SELECT '12.345'::money, '$1,234.5'::money, '-$1.00'::money, '(1.50)'::money, '-1'::money, '1234567.891'::money",
    "SELECT ' $ 12 '::money, '12.'::money, '.5'::money, '1,2,3'::money, ''::money, '$'::money, '  '::money",
    "SELECT '1.999'::money, '-0.001'::money, '0.005'::money, '-0.005'::money, '1.0049'::money, '2.345678'::money",
    "SELECT '1-'::money, '1 -'::money, '$1-$'::money, '+1'::money, '$+1'::money, '-$-1'::money, '(1'::money, '1)'::money",
    "SELECT '92233720368547758.07'::money, '-92233720368547758.08'::money, '92233720368547758.075'::money",
    "SELECT '1e3'::money", "SELECT 'abc'::money", "SELECT '1.2.3'::money", "SELECT '$$1'::money", "SELECT '1 2'::money",
    "SELECT '92233720368547758.08'::money", "SELECT '-92233720368547758.09'::money", "SELECT '99999999999999999999'::money",
    "SELECT '92233720368547758.074'::money, '922337203685477580.7'::money",
    # output and casts
    "SELECT '1.50'::money::numeric, '-1.50'::money::text, '0'::money::varchar, 1.5::numeric::money, 2::money, 3::int8::money",
    "SELECT 1.005::numeric::money, 1.015::numeric::money, (-1.005)::numeric::money, 0.004::numeric::money",
    "SELECT 92233720368547758.07::numeric::money", "SELECT 92233720368547758.08::numeric::money",
    "SELECT 'NaN'::numeric::money", "SELECT 92233720368547758::int8::money", "SELECT 2147483647::money",
    "SELECT 1.5::float8::money", "SELECT '1'::money::float8", "SELECT 1::money::int8", "SELECT '1'::money::int4",
    "SELECT CAST('7.25' AS money), pg_typeof('1'::money), '1'::money IS NULL, NULL::money",
    # arithmetic (PostgreSQL 16 does not check + - * for overflow: they wrap)
    "SELECT '1'::money + '2'::money, '1'::money - '2'::money, '1'::money * 2, 2 * '1'::money, '1'::money * 1.5",
    "SELECT '1'::money / 3, '-1'::money / 3, '1'::money / -3, '1'::money / '3'::money, '-7'::money / '2'::money",
    "SELECT '1'::money * 2.5::float4, '1'::money / 2::int2, '1'::money * 1.5::numeric, 3::int2 * '1.1'::money",
    "SELECT '0.01'::money * 0.5, '0.03'::money * 0.5, '0.05'::money / 2.0, '0.05'::money / 2, 1.5::float4 * '2'::money",
    "SELECT '92233720368547758.07'::money + '1'::money, '-92233720368547758.08'::money - '0.01'::money",
    "SELECT '92233720368547758.07'::money * 2, '1'::money * 1e20, '1'::money * 'NaN'::float8, '1'::money / 1e-30",
    "SELECT '1'::money / 0", "SELECT '1'::money / 0.0", "SELECT '1'::money / '0'::money", "SELECT '1'::money / 0::int8",
    "SELECT -'1'::money", "SELECT '1'::money + 1", "SELECT '$1.00'::money = 1", "SELECT round('1.5'::money)",
    "SELECT '1'::money % '2'::money",
    # comparisons, ordering, grouping, aggregates
    "SELECT '1'::money < '2'::money, '1'::money = '1.00'::money, '1'::money <> '1'::money, '-1'::money >= '1'::money",
    "SELECT '1' = '1.00'::money, '2'::money > '1.995', '1'::money BETWEEN '0.5' AND '1.5'",
    "SELECT x FROM (VALUES ('3'::money), ('-1'), ('2.5'), (NULL)) v(x) ORDER BY x",
    "SELECT x FROM (VALUES ('3'::money), ('-1'), ('2.5')) v(x) ORDER BY x DESC",
    "SELECT DISTINCT x FROM (VALUES ('1'::money), ('1.00'::money), ('2'::money)) v(x) ORDER BY x",
    "SELECT x, count(*) FROM (VALUES ('1'::money), ('1.00'::money), ('2'::money)) v(x) GROUP BY x ORDER BY x",
    "SELECT sum(x), min(x), max(x), count(x) FROM (VALUES ('1'::money), ('2.5'::money), (NULL)) v(x)",
    "SELECT sum(x) FROM (VALUES ('92233720368547758.07'::money), ('1'::money)) v(x)",
    "SELECT sum(x), min(x) FROM (VALUES (NULL::money)) v(x)",
    "SELECT avg(x) FROM (VALUES ('1'::money)) v(x)",
    # functions
    "SELECT cashlarger('1'::money, '2'::money), cashsmaller('1'::money, '2'::money), cashlarger('-1', '-2')",
    "SELECT cash_words('1234.56'::money), cash_words('0'::money), cash_words('1'::money), cash_words('0.01'::money)",
    "SELECT cash_words('-1000'::money), cash_words('1000000.10'::money), cash_words('115.21'::money)",
    "SELECT cash_words('92233720368547758.07'::money), cash_words('-92233720368547758.08'::money)",
    "SELECT cash_words('320.40'::money), cash_words('999.99'::money), cash_words('20.20'::money)",
    # money in other values
    "SELECT 'x' || '1.5'::money, '1.5'::money || 'x', to_json('1.5'::money), to_jsonb('-2'::money)",
    "SELECT json_build_object('a', '1'::money), row_to_json(ROW('1'::money)), ROW('1'::money, 2)::text",
    "SELECT ARRAY['1'::money, '2'::money], '{1,2}'::money[], ('{1,2}'::money[])[2], pg_typeof('{1}'::money[])",
    "SELECT format('%s', '3'::money), concat('1'::money, '-'), '1'::money IN ('1', '2'), coalesce(NULL, '4'::money)",
    "SELECT CASE WHEN true THEN '1'::money ELSE '2' END, greatest('1'::money, '3'), least('1'::money, '3')",
    "SELECT '1'::money = ANY (ARRAY['1'::money]), array_agg(x ORDER BY x) FROM (VALUES ('2'::money), ('1')) v(x)",
    "SELECT string_agg(x::text, ',') FROM (VALUES ('1'::money), ('2')) v(x)",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_money_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def test_money_input_and_arithmetic_match_postgresql_on_random_values(pg: Any) -> None:
    """Random amounts through input, output, the casts and every operator kind."""
    rng = random.Random(790)
    conn = pydsql.connect(autocommit=True)
    texts = []
    for _ in range(40):
        whole = rng.choice([0, 1, 7, 999, 1000, 123456, 10**12 + 7, rng.randrange(10**16)])
        frac = "".join(rng.choice("0123456789") for _ in range(rng.randrange(0, 5)))
        text = f"{whole:,}" if rng.random() < 0.5 else str(whole)
        text = f"{rng.choice(['', '-', '$', '-$', '('])}{text}{'.' + frac if frac or rng.random() < 0.3 else ''}"
        texts.append(text)
    for a, b in zip(texts, texts[1:]):
        factor = rng.choice(["2", "-3", "0.5", "1.25::float4", "7::int8", "3::int2"])
        sql = (
            f"SELECT '{a}'::money, '{a}'::money::numeric, '{a}'::money + '{b}'::money, '{a}'::money - '{b}'::money, "
            f"'{a}'::money * {factor}, '{a}'::money / {factor}, '{a}'::money < '{b}'::money, cash_words('{a}'::money)"
        )
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


def test_money_is_not_a_column_type_in_dsql() -> None:
    """DSQL refuses run-time-only types as column types (reference section 7), with the
    type named as written; PostgreSQL accepts them."""
    conn = pydsql.connect(autocommit=True)
    for column in ("m money", "m money[]", "m money DEFAULT '1'"):
        with pytest.raises(pydsql.errors.FeatureNotSupported) as caught:
            conn.execute(f"CREATE TABLE t ({column})")
        assert str(caught.value) == f"datatype {'money[]' if '[]' in column else 'money'} not supported"
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, cents int8)")
    conn.execute("INSERT INTO t VALUES (1, 150), (2, -7)")
    rows = conn.execute("SELECT id, (cents / 100.0)::money FROM t ORDER BY 2").fetchall()
    assert rows == [(2, "-$0.07"), (1, "$1.50")]  # psycopg returns money as its text
    with pytest.raises(pydsql.errors.FeatureNotSupported, match="^datatype money not supported$"):
        conn.execute("ALTER TABLE t ADD COLUMN m money")


@pytest.mark.parametrize("params", [("$1,000.50", 70000), ("-0.125", 12), ("(3)", 2**40)])
def test_money_parameters_as_postgresql(pg: Any, params: tuple[Any, ...]) -> None:
    """Parameters as psycopg sends them: a str is untyped (money's input reads it), an int is
    int2/int4/int8 by its value, and int2 has no cast to money (42846, as PostgreSQL)."""
    sql = "SELECT %s::money + '0.25', %s::money"
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql, params), run_postgres(pg, sql, params))

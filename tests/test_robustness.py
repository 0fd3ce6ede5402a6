"""Bad input never escapes as anything but a pydsql error, and leaves no trace.

Random statements built from SQL tokens (and random text) are executed; the
only acceptable failures are :class:`pydsql.Error` subclasses with a
PostgreSQL SQLSTATE -- never a Python exception, and never ``XX000``, which
pydsql uses to report its own bugs.  After each failure the committed data
must be unchanged.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import pydsql

TOKENS = [
    "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "DISTINCT", "INSERT INTO",
    "VALUES", "UPDATE", "SET", "DELETE", "CREATE TABLE", "DROP TABLE", "RETURNING", "AND", "OR", "NOT", "IS",
    "NULL", "TRUE", "FALSE", "IN", "BETWEEN", "LIKE", "ILIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "AS", "CAST",
    "::", "(", ")", ",", "*", "+", "-", "/", "%", "^", "=", "<>", "<", ">", "<=", ">=", "||", ";",
    "t", "a", "b", "c", "nope", "count(*)", "sum(a)", "avg(b)", "min(c)", "max(a)", "lower(c)", "length(c)",
    "coalesce", "nullif", "now()", "gen_random_uuid()",
    "0", "1", "-1", "2147483648", "9223372036854775808", "1.5", "1e400", "'x'", "'1.5'", "'2020-02-30'",
    "'abc'", "''", "int", "bigint", "smallint", "numeric(3,1)", "text", "varchar(2)", "boolean", "date",
    "timestamp", "timestamptz", "interval", "uuid", "bytea", "real", "double precision", "$1", "%s",
]

_statement = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map(" ".join)
_noise = st.text(max_size=40)

# A small expression grammar, to get past the parser and exercise analysis and execution.
_LEAVES = ["a", "b", "c", "t.a", "1", "0", "-1", "2.5", "1e308", "'x'", "'12'", "'2020-01-01'", "NULL", "TRUE",
           "$1", "now()", "'1 day'::interval", "2147483647", "'abc'::varchar(2)", "9223372036854775807"]
_TYPES = ["int", "smallint", "bigint", "numeric", "numeric(3,1)", "float8", "real", "text", "varchar(1)",
          "char(2)", "boolean", "date", "timestamp", "timestamptz", "interval", "uuid", "bytea", "time"]
_FUNCS = ["abs", "lower", "upper", "length", "round", "coalesce", "nullif", "greatest", "sqrt", "ln", "substr",
          "date_trunc", "extract_year", "count", "sum", "avg", "min", "max", "md5", "repeat", "left", "mod", "power"]


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binop = st.sampled_from(["+", "-", "*", "/", "%", "^", "||", "=", "<>", "<", ">=", "AND", "OR", "LIKE"])
        return st.one_of(
            st.builds(lambda x, o, y: f"({x} {o} {y})", inner, binop, inner),
            st.builds(lambda f, x: f"{f}({x})" if f != "extract_year" else f"extract(year from {x})", st.sampled_from(_FUNCS), inner),
            st.builds(lambda f, x, y: f"{f}({x}, {y})", st.sampled_from(_FUNCS), inner, inner),
            st.builds(lambda x, t: f"{x}::{t}", inner, st.sampled_from(_TYPES)),
            st.builds(lambda x, t: f"CAST({x} AS {t})", inner, st.sampled_from(_TYPES)),
            st.builds(lambda c, x, y: f"CASE WHEN {c} THEN {x} ELSE {y} END", inner, inner, inner),
            st.builds(lambda x: f"{x} IS NULL", inner),
            st.builds(lambda x, y, z: f"{x} IN ({y}, {z})", inner, inner, inner),
            st.builds(lambda x, y, z: f"{x} BETWEEN {y} AND {z}", inner, inner, inner),
            st.builds(lambda x: f"NOT {x}", inner),
            st.builds(lambda x: f"-{x}", inner),
        )

    return st.recursive(st.sampled_from(_LEAVES), extend, max_leaves=6)


_expr = _expressions()
_structured = st.one_of(
    st.builds(lambda e, w: f"SELECT {e} FROM t WHERE {w}", _expr, _expr),
    st.builds(lambda e, g: f"SELECT {e}, count(*) FROM t GROUP BY {g} ORDER BY 1", _expr, _expr),
    st.builds(lambda e, o, n: f"SELECT DISTINCT {e} FROM t ORDER BY {o} LIMIT {n}", _expr, _expr, _expr),
    st.builds(lambda x, y, z: f"INSERT INTO t VALUES ({x}, {y}, {z}) RETURNING *", _expr, _expr, _expr),
    st.builds(lambda c, e, w: f"UPDATE t SET {c} = {e} WHERE {w} RETURNING a", st.sampled_from("abc"), _expr, _expr),
    st.builds(lambda w: f"DELETE FROM t WHERE {w}", _expr),
    st.builds(lambda e: f"SELECT {e}", _expr),
)


def _fresh() -> pydsql.Connection:
    conn = pydsql.connect(autocommit=True)
    conn.execute("CREATE TABLE t (a int PRIMARY KEY, b numeric(6,2), c text NOT NULL)")
    conn.execute("INSERT INTO t VALUES (1, 1.5, 'x'), (2, NULL, 'y')")
    return conn


_CONN = _fresh()
_BASELINE = _CONN.execute("SELECT * FROM t ORDER BY a").fetchall()


def _check(sql: str, params: tuple[object, ...] | None = None) -> None:
    try:
        cur = _CONN.execute(sql, params)
        if cur.description is not None:
            cur.fetchall()
    except pydsql.Error as e:
        assert e.sqlstate is None or e.sqlstate != "XX000", f"internal error for {sql!r}: {e}"
        assert e.sqlstate is None or len(e.sqlstate) == 5
    finally:
        # statements that succeeded may change t: restore it for the next example
        if _CONN.in_transaction:
            _CONN.execute("ROLLBACK")


@given(_statement)
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_token_statements_raise_only_pydsql_errors(sql: str) -> None:
    _check(sql)
    _reset()


@given(_structured, st.sampled_from([None, (1,), ("7",), (None,), (2.5,)]))
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_expressions_raise_only_pydsql_errors(sql: str, params: tuple[object, ...] | None) -> None:
    if params is None:
        sql = sql.replace("$1", "1")
    else:
        sql = sql.replace("%", "%%").replace("$1", "%s", 1).replace("$1", "1")
        if "%s" not in sql:
            params = None
            sql = sql.replace("%%", "%")
    _check(sql, params)
    _reset()


@given(st.one_of(_noise, st.builds(lambda a, b: a + b, _statement, _noise)))
@example("(0?")  # sqlglot's parser raised a TypeError
@example("select (0?")
@settings(max_examples=500, deadline=None)
def test_random_text_raises_only_pydsql_errors(sql: str) -> None:
    _check(sql)
    _reset()


def _reset() -> None:
    global _CONN
    try:
        rows = _CONN.execute("SELECT * FROM t ORDER BY a").fetchall()
    except pydsql.errors.UndefinedTable:  # a random DROP TABLE t succeeded
        _CONN = _fresh()
        return
    if rows != _BASELINE:
        _CONN.execute("DELETE FROM t")
        _CONN.cursor().executemany("INSERT INTO t VALUES (%s, %s, %s)", _BASELINE)
    tables = _CONN.cluster.replica.catalog_at(_CONN.cluster.version).tables
    for (_schema, name) in list(tables):
        if name != "t":
            _CONN.execute(f'DROP TABLE "{name}"')


def test_failed_statement_in_autocommit_leaves_committed_data_intact() -> None:
    conn = _fresh()
    before = conn.execute("SELECT * FROM t ORDER BY a").fetchall()
    for sql in (
        "INSERT INTO t VALUES (3, 1, 'z'), (1, 1, 'dup')",
        "UPDATE t SET b = b * 100000",
        "UPDATE t SET c = NULL WHERE a = 2",
        "DELETE FROM t WHERE 1 / (a - 2) > 0",
        "INSERT INTO t SELECT a + 10, b, NULL FROM t",
    ):
        try:
            conn.execute(sql)
        except pydsql.Error:
            pass
        else:  # pragma: no cover - every statement above must fail
            raise AssertionError(f"{sql!r} should have failed")
        assert conn.execute("SELECT * FROM t ORDER BY a").fetchall() == before

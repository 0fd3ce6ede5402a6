"""Hypothesis strategies that generate SQL over one small table (shared by the fuzz tests).

The table is ``t (a int PRIMARY KEY, b numeric(6,2), c text NOT NULL)``.
Compound expressions are always parenthesized: operator precedence in
exotic positions (``x IS NULL BETWEEN ...``) is where sqlglot's grammar is
more lenient than PostgreSQL's, a known and documented gap, not what these
tests are after.
"""

from __future__ import annotations

from hypothesis import strategies as st

TABLE_SETUP = [
    "CREATE TABLE t (a int PRIMARY KEY, b numeric(6,2), c text NOT NULL)",
    "INSERT INTO t VALUES (1, 1.5, 'x'), (2, NULL, 'y'), (3, -20.25, 'Z'), (4, 0, '')",
]

LEAVES = [
    "a", "b", "c", "t.a", "1", "0", "-1", "2.5", "1e308", "'x'", "'12'", "'2020-01-01'", "NULL", "TRUE", "FALSE",
    "'1 day'::interval", "2147483647", "'abc'::varchar(2)", "9223372036854775807", "3.0", "'2020-02-29'::date",
    "'12:30'::time", "'2021-03-04 05:06:07'::timestamp", "'-5'",
]
TYPES = [
    "int", "smallint", "bigint", "numeric", "numeric(3,1)", "float8", "real", "text", "varchar(1)", "char(2)",
    "boolean", "date", "timestamp", "timestamptz", "interval", "uuid", "bytea", "time",
]
FUNCTIONS = [
    "abs", "lower", "upper", "length", "round", "trunc", "coalesce", "nullif", "greatest", "least", "sqrt", "ln",
    "substr", "date_trunc", "count", "sum", "avg", "min", "max", "md5", "repeat", "left", "right", "mod", "power",
    "sign", "floor", "ceil", "concat", "replace", "btrim", "ltrim", "lpad", "reverse", "strpos", "split_part",
    "date_part", "justify_hours", "to_timestamp", "make_date", "age", "initcap", "chr", "ascii", "exp",
]
BINARY = ["+", "-", "*", "/", "%", "^", "||", "=", "<>", "<", "<=", ">", ">=", "AND", "OR", "LIKE", "ILIKE",
          "IS DISTINCT FROM", "IS NOT DISTINCT FROM"]


def expressions(max_leaves: int = 6) -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda x, o, y: f"({x} {o} {y})", inner, st.sampled_from(BINARY), inner),
            st.builds(lambda f, x: f"{f}({x})", st.sampled_from(FUNCTIONS), inner),
            st.builds(lambda f, x, y: f"{f}({x}, {y})", st.sampled_from(FUNCTIONS), inner, inner),
            st.builds(lambda f, x: f"extract({f} from {x})", st.sampled_from(["year", "day", "epoch", "hour"]), inner),
            st.builds(lambda x, t: f"({x})::{t}", inner, st.sampled_from(TYPES)),
            st.builds(lambda x, t: f"CAST({x} AS {t})", inner, st.sampled_from(TYPES)),
            st.builds(lambda c, x, y: f"(CASE WHEN {c} THEN {x} ELSE {y} END)", inner, inner, inner),
            st.builds(lambda s, w, x: f"(CASE {s} WHEN {w} THEN {x} END)", inner, inner, inner),
            st.builds(lambda x: f"({x} IS NULL)", inner),
            st.builds(lambda x: f"({x} IS NOT TRUE)", inner),
            st.builds(lambda x, y, z: f"({x} IN ({y}, {z}))", inner, inner, inner),
            st.builds(lambda x, y, z: f"({x} NOT IN ({y}, {z}))", inner, inner, inner),
            st.builds(lambda x, y, z: f"({x} BETWEEN {y} AND {z})", inner, inner, inner),
            st.builds(lambda x: f"(NOT {x})", inner),
            st.builds(lambda x: f"(- {x})", inner),
        )

    return st.recursive(st.sampled_from(LEAVES), extend, max_leaves=max_leaves)


EXPR = expressions()

QUERIES = st.one_of(
    st.builds(lambda e, w: f"SELECT {e} FROM t WHERE {w} ORDER BY 1", EXPR, EXPR),
    st.builds(lambda e: f"SELECT {e}", EXPR),
    st.builds(lambda e, g: f"SELECT {g} AS g, count(*) FROM t GROUP BY 1 ORDER BY 1", EXPR, EXPR),
    st.builds(lambda e, h: f"SELECT count(*), sum(a), max({e}) FROM t HAVING {h}", EXPR, EXPR),
    st.builds(lambda e, o: f"SELECT a, {e} FROM t ORDER BY {o}, a", EXPR, EXPR),
)

STATEMENTS = st.one_of(
    QUERIES,
    st.builds(lambda e, o, n: f"SELECT DISTINCT {e} FROM t ORDER BY {o} LIMIT {n}", EXPR, EXPR, EXPR),
    st.builds(lambda x, y, z: f"INSERT INTO t VALUES ({x}, {y}, {z}) RETURNING *", EXPR, EXPR, EXPR),
    st.builds(lambda c, e, w: f"UPDATE t SET {c} = {e} WHERE {w} RETURNING a", st.sampled_from("abc"), EXPR, EXPR),
    st.builds(lambda w: f"DELETE FROM t WHERE {w}", EXPR),
)

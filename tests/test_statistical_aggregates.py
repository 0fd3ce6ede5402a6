"""variance, stddev (and their _samp/_pop forms), corr, covar_*, regr_*,
bit_and/bit_or/bit_xor, any_value and the ordered-set aggregates
(percentile_cont, percentile_disc, mode() WITHIN GROUP) against PostgreSQL 16.

Integers and numerics are accumulated exactly and the result takes
``select_div_scale``'s scale (``variance(int)`` is ``13.0000000000000000``);
floats use PostgreSQL's Youngs-Cramer accumulation (in two dimensions for
the (Y, X) aggregates), so even the last bits agree; a DISTINCT aggregate of
floats sees its values sorted, as PostgreSQL feeds them.  NaN and infinities, empty and one-row groups, DISTINCT, FILTER and
window frames are covered.
"""

from __future__ import annotations

from typing import Any

import pytest

from differential import run_script

SETUP = [
    "CREATE TABLE w (id int PRIMARY KEY, g int, x int, y numeric(6,2), f float8, r real, b bigint, s smallint, t text)",
    "INSERT INTO w VALUES (1,1,10,1.5,1.5,1.5,10,1,'a'),(2,1,NULL,2.5,2.5,2.5,NULL,2,NULL),(3,1,10,NULL,NULL,NULL,10,NULL,'c'),"
    "(4,2,5,0,0,0,5,3,'d'),(5,2,7,-1,-1,-1,7,4,NULL),(6,3,NULL,NULL,NULL,NULL,NULL,NULL,NULL),(7,1,3,9.99,9.99,9.99,3,5,'g'),"
    "(8,2,5,5,5,5,5,6,'h'),(9,4,1,1,1e300,1,9223372036854775807,7,'i')",
]

STATEMENTS: list[str] = []
for fn in ("var_samp", "variance", "var_pop", "stddev_samp", "stddev", "stddev_pop"):
    STATEMENTS += [
        f"SELECT g, {fn}(x), {fn}(y), {fn}(f), {fn}(r), {fn}(b), {fn}(s) FROM w GROUP BY g ORDER BY g",
        f"SELECT {fn}(x), {fn}(y), {fn}(f), {fn}(r), {fn}(b), {fn}(s) FROM w",
        f"SELECT {fn}(v)::text FROM (VALUES (1.0::numeric), ('NaN'), (2)) t(v)",  # (NaN compared as text)
        f"SELECT {fn}(v) FROM (VALUES (1.0::float8), ('Infinity'), (2)) t(v)",
        f"SELECT {fn}(v) FROM (VALUES ('Infinity'::float8)) t(v)",
        f"SELECT {fn}(v) FROM (VALUES (1e308::float8), (-1e308)) t(v)",
        f"SELECT {fn}(v) FROM (VALUES (0.001::numeric), (123456789.123456789), (-5)) t(v)",
        f"SELECT {fn}(v) FROM (VALUES (1.23456789012345678901234567890::numeric), (2), (3.3)) t(v)",
        f"SELECT {fn}(v) FROM (VALUES (3)) t(v)",
        f"SELECT {fn}(DISTINCT x), {fn}(x) FILTER (WHERE g = 1) FROM w",
        f"SELECT id, {fn}(y) OVER (ORDER BY id) FROM w ORDER BY id",
        f"SELECT {fn}('1')",
        f"SELECT {fn}(true)",
    ]
for fn in ("corr", "covar_pop", "covar_samp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2",
           "regr_slope", "regr_sxx", "regr_sxy", "regr_syy"):
    STATEMENTS += [
        f"SELECT g, {fn}(f, x) FROM w WHERE g < 4 GROUP BY g ORDER BY g",
        f"SELECT {fn}(f, x), {fn}(x, f), {fn}(y, s), {fn}(x, id) FROM w WHERE g < 4",
        f"SELECT {fn}(f, x) FROM w WHERE false",
        f"SELECT {fn}(v, u) FROM (VALUES (1e308::float8, 1e308::float8), (-1e308, 1)) t(v, u)",
        f"SELECT {fn}(v, u)::text FROM (VALUES (1::float8, 'NaN'::float8), (2, 3)) t(v, u)",
        f"SELECT {fn}(v, u)::text FROM (VALUES ('Infinity'::float8, 1::float8), (2, 3)) t(v, u)",
        f"SELECT {fn}(v, u)::text FROM (VALUES ('Infinity'::float8, 1::float8)) t(v, u)",
        f"SELECT id, {fn}(f, x) OVER (ORDER BY id) FROM w WHERE g < 4 ORDER BY id",
        f"SELECT {fn}(DISTINCT f, x) FROM w WHERE g < 4",
        f"SELECT {fn}(1)",
    ]
STATEMENTS += [
    "SELECT sum(DISTINCT v), avg(DISTINCT v) FROM (VALUES (0.1::float8), (0.7), (0.2), (1e16), (-1e16), (0.7)) t(v)",
    "SELECT stddev(v), variance(v) FROM (VALUES (1e200::float8), (2e200)) t(v)",
    "SELECT variance(v) FROM (VALUES (1e-200::numeric), (2e-200)) t(v)",
    "SELECT bit_and(x), bit_or(x), bit_xor(x), bit_and(b), bit_or(s), bit_xor(b) FROM w",
    "SELECT g, bit_and(x), bit_or(s) FROM w GROUP BY g ORDER BY g",
    "SELECT bit_and(x) FROM w WHERE false",
    "SELECT bit_or(y) FROM w",
    "SELECT any_value(t ORDER BY id), any_value(x ORDER BY id DESC), pg_typeof(any_value(b)) FROM w",
    "SELECT g, any_value(t ORDER BY id) FROM w GROUP BY g ORDER BY g",
]


for frac in ("0", "0.25", "0.5", "0.75", "1", "0.1", "0.999"):
    STATEMENTS += [
        f"SELECT g, percentile_cont({frac}) WITHIN GROUP (ORDER BY x), percentile_disc({frac}) WITHIN GROUP (ORDER BY x)"
        " FROM w GROUP BY g ORDER BY g",
        f"SELECT percentile_cont({frac}) WITHIN GROUP (ORDER BY f DESC), percentile_cont({frac}) WITHIN GROUP (ORDER BY y),"
        f" percentile_disc({frac}) WITHIN GROUP (ORDER BY t), percentile_disc({frac}) WITHIN GROUP (ORDER BY id DESC) FROM w",
        f"SELECT percentile_cont({frac}) WITHIN GROUP (ORDER BY v), percentile_disc({frac}) WITHIN GROUP (ORDER BY v)"
        " FROM (VALUES ('1 day'::interval), ('2 hours'), (NULL), ('1 mon'), ('-3 days')) t(v)",
    ]
STATEMENTS += [
    "SELECT mode() WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY t), mode() WITHIN GROUP (ORDER BY t DESC) FROM w",
    "SELECT g, mode() WITHIN GROUP (ORDER BY x) FROM w GROUP BY g ORDER BY g",
    "SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM w",
    "SELECT percentile_cont(-0.5) WITHIN GROUP (ORDER BY x) FROM w",
    "SELECT percentile_disc('NaN') WITHIN GROUP (ORDER BY x) FROM w",
    "SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY x) FROM w",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM w WHERE false",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE g = 1) FROM w",
    "SELECT percentile_cont(0.5, x) FROM w",
    "SELECT percentile_cont(0.5) FROM w",
    "SELECT mode(x) FROM w",
    "SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM w",
    "SELECT string_agg(',') WITHIN GROUP (ORDER BY t) FROM w",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM w",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) OVER () FROM w",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x, id) FROM w",
    "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY y) + 1, pg_typeof(percentile_disc(0.5) WITHIN GROUP (ORDER BY y)) FROM w",
    "SELECT x, percentile_cont(0.5) WITHIN GROUP (ORDER BY f) FROM w GROUP BY x ORDER BY x NULLS FIRST",
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM w HAVING percentile_cont(0.5) WITHIN GROUP (ORDER BY x) > 1",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_statistical_aggregates_as_postgresql(pg: Any, sql: str) -> None:
    run_script(pg, [*SETUP, sql])  # a fresh database on each side, the setup compared too

"""The hypothetical-set aggregates (``rank(x) WITHIN GROUP (ORDER BY ...)``,
``dense_rank``, ``percent_rank``, ``cume_dist``) and the array forms of
``percentile_cont`` / ``percentile_disc`` against PostgreSQL 16: results with
ties, NULLs, DESC and NULLS FIRST, several keys, empty groups; the type
matching of values and keys; and an ordered-set aggregate's direct arguments,
which may read only grouped columns."""

from __future__ import annotations

from typing import Any

import pytest

from differential import run_script

SETUP = [
    'create table h (g int, x int, s text)', "insert into h values (1, 10, 'a'), (1, 20, 'b'), (1, 20, 'c'), (1, NULL, 'd'), (2, 5, 'e')"]

STATEMENTS = [
    'select rank(20) within group (order by x), dense_rank(20) within group (order by x), percent_rank(20) within group (order by x), cume_dist(20) within group (order by x) from h',
    'select g, rank(15) within group (order by x), dense_rank(15) within group (order by x), percent_rank(15) within group (order by x), cume_dist(15) within group (order by x) from h group by g order by g',
    'select rank(20) within group (order by x desc), rank(20) within group (order by x nulls first), rank(NULL) within group (order by x), rank(NULL) within group (order by x nulls first) from h',
    "select rank(20, 'b') within group (order by x, s), dense_rank(20, 'b') within group (order by x, s desc) from h",
    'select rank(1) within group (order by x) from h where false',
    'select percent_rank(1) within group (order by x), cume_dist(1) within group (order by x), dense_rank(1) within group (order by x) from h where false',
    'select rank(1.5) within group (order by x) from h',
    "select rank('15') within group (order by x) from h",
    "select rank('a') within group (order by x) from h",
    'select rank(1, 2) within group (order by x) from h',
    'select rank(1) within group (order by x, s) from h',
    'select rank() within group (order by x) from h',
    'select rank(x) within group (order by x) from h',
    'select rank(1) within group (order by x) filter (where g = 1) from h',
    'select pg_typeof(rank(1) within group (order by x)), pg_typeof(cume_dist(1) within group (order by x)) from h',
    'select rank(1) within group (order by x) over () from h',
    'select rank(1) within group (order by s) from h',
    "select rank('c') within group (order by s) from h",
    'select rank(current_date) within group (order by x) from h',
    'select percentile_cont(array[0.5, 0.9]) within group (order by x) from h',
    'select percentile_disc(array[0.5, 0.9, NULL]) within group (order by x), percentile_disc(array[]::float8[]) within group (order by x) from h',
    'select percentile_cont(array[0.5, 1.5]) within group (order by x) from h',
    'select percentile_cont(array[[0.1, 0.2],[0.3, 0.4]]) within group (order by x) from h',
    'select percentile_cont(array[0.5]) within group (order by x) from h where false',
    'select percentile_cont(NULL::float8[]) within group (order by x) from h',
    "select percentile_cont(array[0.25, 0.75]) within group (order by x::interval) from (values ('1 day'), ('3 days')) t(x)",
    'select percentile_disc(array[0.25, 0.75]) within group (order by s) from h',
    'select g, rank(g) within group (order by x) from h group by g order by g',
    'select percentile_cont(x / 100.0) within group (order by x) from h',
    'select g, percentile_cont(g / 4.0) within group (order by x) from h group by g order by g',
    'select x from h group by g',
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_ordered_set_aggregates_as_postgresql(pg: Any, sql: str) -> None:
    run_script(pg, [*SETUP, sql])

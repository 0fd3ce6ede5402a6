"""The benchmark's workloads give the same answers on pydsql, sqlite3 and PostgreSQL 16.

``bench/run.py`` checks this before it reports a time; these tests check it on
every commit, at a small scale.  No test looks at a timing (machines are
noisy): ``make bench`` reports them, ``docs/performance.md`` records them.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import pydsql
from pydsql.retry import is_retryable


def _load(name: str) -> ModuleType:
    """A script of bench/ as a module (under a name of its own: ``run`` is too common)."""
    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pydsql_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = _load("run")
bench_extras = _load("extras")

#: The workloads' sizes, small enough for the test suite (same code paths: the point and
#: range reads still go through their indexes, the join through its key lookups).
_SMALL = {
    "POINT_ROWS": 300, "POINT_OPS": 60, "UPDATE_OPS": 30, "TPCB_ACCOUNTS": 300, "TPCB_OPS": 30, "UNIT_OPS": 2,
    "INSERT_ROWS": 500, "GROUP_ROWS": 3_000, "JOIN_ORDERS": 2_000, "JOIN_CUSTOMERS": 30, "RANGE_ROWS": 3_000,
    "RANGE_OPS": 6,
}


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in _SMALL.items():
        monkeypatch.setattr(bench, name, value)
    yield


def _answers(workload: Any, conn: Any, engine: str) -> tuple[Any, ...]:
    workload.setup(conn, engine)
    first = workload.run(conn, engine)
    again = workload.run(conn, engine)  # the timed rounds repeat the work on the same data
    return first, again, workload.answer(conn, engine) if workload.answer is not None else None


@pytest.mark.parametrize("workload", bench.WORKLOADS, ids=[w.name.split(" (")[0] for w in bench.WORKLOADS])
def test_the_engines_agree(workload: Any, small: None, pg: Any) -> None:
    unlimited = pydsql.Quotas(transaction_rows=10**9, transaction_bytes=2**40)  # as the benchmark does
    answers = {
        "pydsql": _answers(workload, pydsql.Cluster(quotas=unlimited).connect(), "pydsql"),
        "sqlite": _answers(workload, sqlite3.connect(":memory:"), "sqlite"),
    }
    if workload.run is not bench._unit_tests:  # it creates PostgreSQL databases of its own
        answers["postgres"] = _answers(workload, pg, "postgres")
    assert answers["pydsql"][0] is not None or workload.answer is not None  # something is compared
    assert len({repr(a) for a in answers.values()}) == 1, answers


def test_the_threaded_tpcb_loses_no_update() -> None:
    """The 4-thread conflicting TPC-B of ``bench/extras.py``: conflicts are retried, and the
    balances add up to the committed transfers (it raises SystemExit otherwise)."""
    cluster = pydsql.Cluster()
    bench_extras._hot_schema(cluster.connect())
    result = bench_extras._tpcb_threads(cluster.connect, is_retryable, seconds=0.3)
    assert result["txn_per_s"] > 0
    assert cluster.stats().commits > 0

"""EXPLAIN [ANALYZE] [VERBOSE]: the plan pydsql runs, in PostgreSQL's text format.

The lines describe the real plan tree (:mod:`.plan`), with DSQL's names for
table access (``Full Scan (btree-table) on t``, ``Storage Lookup (btree-table)
on t``...) and PostgreSQL's for the other nodes (``Hash Join``, ``Sort``,
``HashAggregate``...).  Nodes that only reshape rows (projections, column
reordering) are folded into the node below them, as PostgreSQL's targetlists
are, so ``EXPLAIN SELECT 1`` is the single ``Result`` line DSQL prints.

Costs and row counts are **estimates** from a deliberately small model:
pydsql keeps no statistics.  A full scan reads every stored row (0.01 per
row), a key lookup costs what PostgreSQL charges for one index probe, a
filter keeps a third of its input (PostgreSQL's default selectivity),
grouping makes 200 groups at most (PostgreSQL's default), joins keep the
larger side; widths are PostgreSQL's per-type averages (32 bytes for
variable-length values).

EXPLAIN ANALYZE runs the statement (a data-modifying one really writes, as in
PostgreSQL) with every node instrumented: actual rows, loops and time per
node, inclusive of the nodes below it.  With VERBOSE it ends with DSQL's
``Statement DPU Estimate`` block.  DPUs are DSQL's billing unit; pydsql's
figures are an estimate from a linear model (see :func:`dpu_estimate` and
``docs/explain.md``), never a measurement.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

from ..types import TEXT, SqlType
from .context import ExecContext
from .plan import (
    AccessPath,
    Aggregate,
    FullScan,
    GroupingSetsAggregate,
    KeyEndAggregate,
    HashJoin,
    IndexScan,
    Join,
    KeyedScan,
    KeyLookupJoin,
    Limit,
    NestedLoopJoin,
    Node,
    PkLookup,
    PkRange,
    PointProject,
    Project,
    Reorder,
    Scan,
    Sort,
    Strip,
)
from .statements import Prepared, Result

#: PostgreSQL's average widths (pg_type.typlen, or 32 for variable-length types without statistics)
_WIDTHS = {
    "bool": 1, "int2": 2, "int4": 4, "int8": 8, "float4": 4, "float8": 8, "date": 4, "time": 8, "timetz": 12,
    "timestamp": 8, "timestamptz": 8, "interval": 16, "uuid": 16, "money": 8, "oid": 4, "bpchar": 32, "unknown": 32,
}

#: nodes that only reshape rows: shown as the node below them
_TRANSPARENT = (Project, Reorder, Strip)

_DEFAULT_SELECTIVITY = 1 / 3
_DEFAULT_GROUPS = 200

# The DPU model (docs/explain.md): per row read, per row written, per second of compute.
DPU_PER_ROW_READ = 0.000_02
DPU_PER_ROW_WRITTEN = 0.006_25
DPU_PER_COMPUTE_SECOND = 1.0
READ_MINIMUM = 0.00375
WRITE_MINIMUM = 0.05


def width_of(types: list[SqlType]) -> int:
    return sum(_WIDTHS.get(t.kind, 32) for t in types)


class _Estimate:
    __slots__ = ("startup", "total", "rows", "width")

    def __init__(self, startup: float, total: float, rows: float, width: int) -> None:
        self.startup, self.total, self.rows, self.width = startup, total, rows, width


class Explain(Prepared):
    """EXPLAIN of a prepared statement: its plan, and with ANALYZE its run."""

    command = "EXPLAIN"

    def __init__(self, inner: Prepared, *, analyze: bool, verbose: bool, costs: bool, timing: bool,
                 summary: bool | None) -> None:
        self.inner = inner
        self.analyze = analyze
        self.verbose = verbose
        self.costs = costs
        self.timing = timing
        self.summary = analyze if summary is None else summary
        self.columns = [("QUERY PLAN", TEXT)]
        # EXPLAIN ANALYZE of a write is a write (READ ONLY and DSQL's DDL/DML rules apply)
        self.kind = inner.kind if analyze else "query"
        self.root = _root_of(inner)
        if analyze and self.root is not None:
            for node in self.root.walk():
                _instrument(node)

    def run(self, ctx: ExecContext) -> Result:
        lines: list[str] = []
        started = time.perf_counter()
        written = 0
        if self.analyze:
            result = self.inner.run(ctx)
            if self.inner.kind == "dml":
                written = max(result.rowcount, 0)
        elapsed = time.perf_counter() - started
        head = _dml_head(self.inner)
        if self.root is not None:
            self._render(self.root, ctx, 0, lines, head)
        elif head is not None:
            lines.append(head + ("  (cost=0.00..0.01 rows=0 width=0)" if self.costs else ""))
            access = getattr(getattr(self.inner, "plan", None), "access", None)
            if isinstance(access, AccessPath):  # UPDATE/DELETE reading one table
                lines.append("  ->  " + access.describe())
        if self.summary:
            lines.append("Planning Time: 0.010 ms")
            lines.append(f"Execution Time: {elapsed * 1000:.3f} ms")
        if self.analyze and self.verbose:
            read = sum(
                ctx.cache.get(-id(n), (0, 0.0, 0))[0]
                for n in (self.root.walk() if self.root is not None else ())
                if isinstance(n, (Scan, PointProject))
            )
            lines.extend(dpu_estimate(read, written, elapsed))
        return Result("EXPLAIN", self.columns, [(line,) for line in lines], len(lines))

    def _render(self, node: Node, ctx: ExecContext, depth: int, lines: list[str], head: str | None) -> None:
        while isinstance(node, _TRANSPARENT) and node.children:
            node = node.children[0]
        est = _estimate(node, ctx)
        if depth == 0:  # the statement's own output (a DML statement returns no rows)
            est.width = 0 if head is not None else width_of([t for _, t in self.inner.columns or []])
            if head is not None:
                est.rows = 0
        label = head if head is not None else _label(node)
        text = label
        if self.costs:
            shown_rows = 0 if depth == 0 and head is not None else max(1, round(est.rows))
            text += f"  (cost={est.startup:.2f}..{est.total:.2f} rows={shown_rows} width={est.width})"
        if self.analyze:
            rows, seconds, loops = ctx.cache.get(-id(node), (0, 0.0, 0))
            if loops == 0:
                text += " (never executed)"
            elif self.timing:
                per_loop = seconds * 1000 / loops
                text += f" (actual time=0.000..{per_loop:.3f} rows={rows // loops} loops={loops})"
            else:
                text += f" (actual rows={rows // loops} loops={loops})"
        prefix = "" if depth == 0 else "  " * (depth - 1) + "  ->  "
        lines.append(prefix + text)
        indent = " " * (len(prefix) + 2) if depth else "  "
        filter_text = getattr(node, "filter_text", "")
        if filter_text:
            lines.append(indent + f"Filters: {filter_text}")
        if head is not None:  # the DML's input, one level down
            self._render(node, ctx, depth + 1, lines, None)
            return
        for child in node.children:
            self._render(child, ctx, depth + 1, lines, None)


def _label(node: Node) -> str:
    if isinstance(node, (Scan, PointProject)):
        return node.access.describe()
    if isinstance(node, HashJoin):
        return f"Hash {_join_kind(node)}Join"
    if isinstance(node, KeyLookupJoin):
        return f"Nested Loop {_join_kind(node)}Join".replace("Loop Join", "Loop")
    if isinstance(node, NestedLoopJoin):
        return f"Nested Loop {_join_kind(node)}".rstrip()
    line: str = node.explain_line()
    return line.split("  Filter:")[0]


def _join_kind(node: Join) -> str:
    return {"inner": "", "left": "Left ", "right": "Right ", "full": "Full "}.get(node.kind, "")


def _root_of(prepared: Prepared) -> Node | None:
    """The row-producing plan of a statement: a query's root, or a DML statement's input."""
    plan: Any = getattr(prepared, "plan", None)
    root = getattr(plan, "root", None)
    if isinstance(root, Node):
        return root
    for attr in ("plan", "query"):
        found = getattr(plan, attr, None)
        if isinstance(found, Node):
            return found
        inner_root = getattr(found, "root", None)
        if isinstance(inner_root, Node):
            return inner_root
    return None


def _dml_head(prepared: Prepared) -> str | None:
    if prepared.kind != "dml" or not hasattr(prepared, "plan") or hasattr(prepared.plan, "root"):
        return None
    table = getattr(prepared.plan, "table", None)
    name = getattr(table, "name", "?")
    return f"{prepared.command.capitalize()} on {name}"


def _access_rows(access: AccessPath, ctx: ExecContext) -> float:
    stored = float(len(ctx.txn.store(access.table)))
    if isinstance(access, FullScan):
        return stored
    if isinstance(access, PkLookup):
        n = 1
        for values in access.value_sets:
            n *= max(1, len(values))
        return float(n)
    if isinstance(access, (PkRange, IndexScan)):
        return max(1.0, stored * 0.01)
    return stored


def _estimate(node: Node, ctx: ExecContext) -> _Estimate:
    while isinstance(node, _TRANSPARENT) and node.children:
        node = node.children[0]
    if isinstance(node, (Scan, PointProject)):
        access = node.access
        rows = _access_rows(access, ctx)
        width = width_of([c.type for c in access.table.columns])
        if isinstance(access, FullScan):
            total = rows * 0.01
            startup = 0.0
        else:
            startup, total = 0.15, 0.15 + 8.02 * max(1.0, rows) ** 0.5
        if getattr(node, "predicate", None) is not None:
            total += rows * 0.0025
            rows *= _DEFAULT_SELECTIVITY
        if isinstance(node, KeyedScan):
            width += 8
        return _Estimate(startup, total, rows, width)
    children = [_estimate(c, ctx) for c in node.children]
    if not children:  # Result, Values Scan, Function Scan...
        return _Estimate(0.0, 0.01, 1.0, 4)
    first = children[0]
    if isinstance(node, Join):
        left, right = children[0], children[1]
        rows = max(left.rows, right.rows)
        startup = right.total if isinstance(node, HashJoin) else left.startup
        total = left.total + right.total + (left.rows + right.rows) * 0.01
        if isinstance(node, NestedLoopJoin):
            total = left.total + left.rows * right.total
        return _Estimate(startup, total, rows, left.width + right.width)
    if isinstance(node, KeyEndAggregate):  # the first row of a scan in key order
        return _Estimate(first.startup, first.startup + 0.5, 1.0, first.width)
    if isinstance(node, (Aggregate, GroupingSetsAggregate)):
        groups = min(float(_DEFAULT_GROUPS), first.rows) if getattr(node, "group", True) else 1.0
        total = first.total + first.rows * 0.01
        return _Estimate(total, total + groups * 0.01, max(1.0, groups), first.width)
    if isinstance(node, Sort):
        n = max(first.rows, 2.0)
        startup = first.total + n * math.log2(n) * 0.01
        return _Estimate(startup, startup + n * 0.01, first.rows, first.width)
    if isinstance(node, Limit):
        return _Estimate(first.startup, first.total, first.rows, first.width)
    total = first.total + first.rows * 0.0025
    return _Estimate(first.startup, total, first.rows, first.width)


def _instrument(node: Node) -> None:
    """Count rows, loops and time of ``node`` per execution (kept in ``ctx.cache``)."""
    original = node.rows
    key = -id(node)  # never an id(): the plan's own cache entries are keyed by id(node)

    def rows(ctx: ExecContext) -> Iterator[Any]:
        stats = ctx.cache.get(key)
        if stats is None:
            stats = ctx.cache[key] = [0, 0.0, 0]
        stats[2] += 1
        clock = time.perf_counter
        start = clock()
        iterator = iter(original(ctx))
        stats[1] += clock() - start
        while True:
            start = clock()
            try:
                row = next(iterator)
            except StopIteration:
                stats[1] += clock() - start
                return
            stats[1] += clock() - start
            stats[0] += 1
            yield row

    node.rows = rows  # type: ignore[method-assign]


def dpu_estimate(rows_read: int, rows_written: int, seconds: float) -> list[str]:
    """DSQL's ``Statement DPU Estimate`` block, from pydsql's linear model (an estimate)."""
    compute = seconds * DPU_PER_COMPUTE_SECOND
    read = rows_read * DPU_PER_ROW_READ
    write = rows_written * DPU_PER_ROW_WRITTEN
    return [
        "Statement DPU Estimate:",
        f"  Compute: {compute:.5f} DPU",
        f"  Read: {read:.5f} DPU (Transaction minimum: {READ_MINIMUM:.5f})",
        f"  Write: {write:.5f} DPU (Transaction minimum: {WRITE_MINIMUM:.5f})",
        f"  Total: {compute + read + write:.5f} DPU",
    ]

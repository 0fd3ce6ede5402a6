"""Executable plans: trees of nodes that produce rows.

A plan node's :meth:`Node.rows` is an iterator of row tuples, pulled by its
parent (the iterator model of SQLite's VDBE loop or toyDB's executor).  Every
expression inside a node is already compiled (:mod:`.compile`), so running a
plan does no analysis.  Results are materialized by the statement that runs
the plan, so errors surface at ``execute()``, as PostgreSQL reports them
before returning rows.

Rows move in *batches* (lists) where computing them ahead of the consumer
can neither fail nor change a result (:meth:`Node.batches`): a node's
``rows`` is then its batches chained at C level, and a parent that takes
every row may loop over the batches.  What may fail runs row by row, as the
consumer pulls, so a LIMIT or EXISTS stops where PostgreSQL does.

Base tables are read through *access paths* (:class:`FullScan`,
:class:`PkLookup`, :class:`PkRange`, :class:`IndexScan`), which yield
``(primary key, row)`` pairs from the transaction (committed snapshot plus
own writes), or the rows alone in batches
(:meth:`AccessPath.row_batches`); the data-modifying statements use the
keys, queries drop them.

:meth:`Node.explain` renders the tree as EXPLAIN lines.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .. import errors
from ..catalog import Index, Table
from ..storage.keys import NULL_COMPONENT, component_encoder
from ..storage.mvcc import batches_of
from ..types import SqlType
from ..values.arrays import flatten
from .compile import BatchFilter, Fn, compile_batch_filter
from .context import ExecContext
from .expr import Expr

if TYPE_CHECKING:
    from ..txn.transaction import Transaction

Row = tuple[Any, ...]
Predicate = Callable[[Row, ExecContext], bool]


class Node:
    """A plan node; subclasses implement :meth:`rows` and :meth:`explain_line`."""

    children: tuple[Node, ...] = ()

    def rows(self, ctx: ExecContext) -> Iterable[Row]:
        raise NotImplementedError

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        """The rows in lists, or None when this node cannot make them (the default).

        A node that makes batches computes rows ahead of its consumer, so it
        offers them only when computing a row cannot fail or have an effect
        (reading the store, comparisons inlined by
        :func:`~pydsql.sql.compile.compile_batch_filter`, picking columns): a
        LIMIT or EXISTS above must not raise an error PostgreSQL would not
        reach.  ``rows`` of such a node is the batches chained (no Python frame
        per row); a consumer of every row may loop over the batches instead."""
        return None

    def explain_line(self) -> str:
        return type(self).__name__

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def reads_work_table(self) -> bool:
        """Whether this plan changes from one iteration of a recursive query to the next."""
        return any(isinstance(n, WorkTableScan) for n in self.walk())

    def explain(self, depth: int = 0) -> list[str]:
        prefix = "" if depth == 0 else "  " * (depth - 1) + "->  "
        lines = [prefix + self.explain_line()]
        for child in self.children:
            lines.extend(child.explain(depth + 1))
        return lines


def batches_from(node: Node, ctx: ExecContext) -> Iterator[list[Row]] | None:
    """``node.batches(ctx)``, or None when ``node.rows`` was replaced on the node itself:
    EXPLAIN ANALYZE counts a node's rows by wrapping its ``rows``, so its consumer must pull
    them through the wrapper."""
    if "rows" in vars(node):
        return None
    return node.batches(ctx)


# -- access paths -------------------------------------------------------------------------


class AccessPath:
    """How a base table is read: yields visible ``(primary key, row)`` pairs."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def items(self, ctx: ExecContext) -> Iterator[tuple[bytes, Row]]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        """The rows alone (what a Scan that does not need the keys reads)."""
        return map(_second, self.items(ctx))

    def row_batches(self, ctx: ExecContext) -> Iterator[list[Row]]:
        """:meth:`rows` in lists of growing size (:func:`~pydsql.storage.mvcc.batches_of`).  An
        access path evaluates its expressions (keys, bounds) before its first row, so reading
        rows ahead of the consumer can neither fail nor change what it reads."""
        return batches_of(self.rows(ctx))


_second = operator.itemgetter(1)


class FullScan(AccessPath):
    """Every row, in primary-key order (``reverse``: descending, for ORDER BY key DESC)."""

    reverse = False

    def items(self, ctx: ExecContext) -> Iterator[tuple[bytes, Row]]:
        return ctx.txn.items(self.table, reverse=self.reverse)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        if self.reverse:
            return map(_second, self.items(ctx))
        return ctx.txn.rows(self.table)

    def row_batches(self, ctx: ExecContext) -> Iterator[list[Row]]:
        if self.reverse:
            return batches_of(self.rows(ctx))
        return ctx.txn.row_batches(self.table)

    def describe(self) -> str:
        return f"Full Scan (btree-table) on {self.table.name}"


class PkLookup(AccessPath):
    """Point lookups: every primary-key column equal to a row-independent value.

    ``value_sets`` holds, per primary-key column, the compiled expressions of
    its candidate values (several for ``IN``); ``array_sets`` the expressions
    whose array elements are candidates too (``= ANY (array)``); the keys are
    their product.
    """

    #: The keys, with value expressions evaluated on ``row`` (a join's left row).
    keys_for: Callable[[Row, ExecContext], list[bytes]]
    def __init__(
        self, table: Table, value_sets: Sequence[Sequence[Fn]], types: Sequence[SqlType],
        array_sets: Sequence[Sequence[Fn]] | None = None, param_key: int | None = None,
    ) -> None:
        super().__init__(table)
        self.value_sets = [list(vs) for vs in value_sets]
        self.array_sets = [list(a) for a in array_sets] if array_sets is not None else [[] for _ in value_sets]
        self.encoders = [component_encoder(t) for t in types]
        #: When the one key column is equal to a statement parameter as it is (``pk = %s``, the
        #: caller's finding), that parameter's index: the key is ``encoders[0]`` of its value,
        #: read without evaluating anything in a context.
        self.param_key = param_key
        #: ``keys_for`` gives at most one key (one value per key column, no array)
        self.one_key = param_key is not None or (
            all(len(vs) == 1 for vs in self.value_sets) and not any(self.array_sets)
        )
        if param_key is not None:
            self.keys_for = _parameter_key(param_key, self.encoders[0])
        elif len(self.value_sets) == 1 and len(self.value_sets[0]) == 1 and not self.array_sets[0]:
            self.keys_for = _one_key(self.value_sets[0][0], self.encoders[0])  # pk = value: most lookups
        else:
            self.keys_for = self._keys_for

    def keys(self, ctx: ExecContext) -> list[bytes]:
        return self.keys_for((), ctx)

    def _keys_for(self, row: Row, ctx: ExecContext) -> list[bytes]:
        per_column: list[list[bytes]] = []
        for fns, arrays, enc in zip(self.value_sets, self.array_sets, self.encoders):
            encoded = []
            for fn in fns:
                v = fn(row, ctx)
                if v is not None:  # col = NULL matches nothing
                    encoded.append(enc(v))
            for fn in arrays:
                array = fn(row, ctx)
                if array is not None:  # = ANY (NULL) matches nothing
                    encoded.extend(enc(v) for v in flatten(array) if v is not None)
            if not encoded:
                return []
            per_column.append(encoded)
        if len(per_column) == 1:
            return per_column[0]
        return [b"".join(parts) for parts in itertools.product(*per_column)]

    def items(self, ctx: ExecContext) -> Iterator[tuple[bytes, Row]]:
        keys = self.keys(ctx)
        if len(keys) == 1:
            row = ctx.txn.get(self.table, keys[0])
            if row is not None:
                yield keys[0], row
            return
        yield from ctx.txn.rows_by_keys(self.table, sorted(set(keys)))

    def describe(self) -> str:
        return f"Storage Lookup (btree-table) on {self.table.name}"


class PkRange(AccessPath):
    """A key range: equality on a prefix of the primary key, optionally a range on the next column;
    rows in key order (``reverse``: descending)."""

    reverse = False

    def __init__(
        self,
        table: Table,
        prefix: Sequence[Fn],
        prefix_types: Sequence[SqlType],
        lower: tuple[Fn, bool] | None,
        upper: tuple[Fn, bool] | None,
        range_type: SqlType | None,
    ) -> None:
        super().__init__(table)
        self.prefix = list(prefix)
        self.prefix_encoders = [component_encoder(t) for t in prefix_types]
        self.lower = lower
        self.upper = upper
        self.range_encoder = component_encoder(range_type) if range_type is not None else None

    def items(self, ctx: ExecContext) -> Iterator[tuple[bytes, Row]]:
        bounds = self._bounds(ctx)
        if bounds is None:
            return iter(())
        return ctx.txn.items(self.table, *bounds, self.reverse)

    def row_batches(self, ctx: ExecContext) -> Iterator[list[Row]]:
        # a generator: the bounds are computed when the first batch is asked for, as items() does
        txn = ctx.txn
        pending = txn.writes.get(self.table.table_id)
        if pending is not None and pending.rows:
            yield from batches_of(self.rows(ctx))  # own writes overlay the committed rows (Transaction.items)
            return
        bounds = self._bounds(ctx)
        if bounds is None:
            return
        store = txn.store(self.table)
        lo, hi, inclusive = bounds
        yield from store.rows_of_keys(store.keys.irange(lo, hi, inclusive, self.reverse), txn.snapshot)

    def _bounds(self, ctx: ExecContext) -> tuple[bytes | None, bytes | None, tuple[bool, bool]] | None:
        """``(lo, hi, (lo inclusive, hi inclusive))`` of the key range, or None when a bound is
        NULL (no row)."""
        parts = []
        for fn, enc in zip(self.prefix, self.prefix_encoders):
            v = fn((), ctx)
            if v is None:
                return None
            parts.append(enc(v))
        prefix = b"".join(parts)
        lo: bytes | None = prefix or None
        hi: bytes | None = (prefix + b"\x02") if prefix else None  # every key that extends the prefix
        lo_incl, hi_incl = True, False
        if self.lower is not None:
            assert self.range_encoder is not None
            v = self.lower[0]((), ctx)
            if v is None:
                return None
            lo, lo_incl = prefix + self.range_encoder(v), self.lower[1]
            if lo_incl is False:
                lo += b"\xff"  # past every key that extends this value
                lo_incl = True
        if self.upper is not None:
            assert self.range_encoder is not None
            v = self.upper[0]((), ctx)
            if v is None:
                return None
            hi = prefix + self.range_encoder(v)
            if self.upper[1]:
                hi += b"\xff"  # keys extending an included bound
            hi_incl = False
        return lo, hi, (lo_incl, hi_incl)

    def describe(self) -> str:
        return f"Storage Scan (btree-table range) on {self.table.name}"


class IndexScan(AccessPath):
    """Rows found through a valid secondary index: equality (or IS NULL) on a prefix of its
    keys (several values per key for ``IN``), optionally a range on the next key.

    The index holds an entry for every stored version, and a transaction's own writes
    are not in it: candidates are re-read at the snapshot (own writes included), the
    table's pending rows are added, and the planner keeps the whole WHERE as the scan's
    filter.  So the index only narrows what is read; it never decides a result.
    """

    def __init__(
        self,
        table: Table,
        index: Index,
        prefix_sets: Sequence[Sequence[Fn] | None],
        key_types: Sequence[SqlType],
        lower: tuple[Fn, bool] | None,
        upper: tuple[Fn, bool] | None,
    ) -> None:
        super().__init__(table)
        self.index = index
        self.prefix_sets = [None if fns is None else list(fns) for fns in prefix_sets]  # None: IS NULL
        self.encoders = [component_encoder(t) for t in key_types[: len(prefix_sets) + 1]]
        self.lower = lower
        self.upper = upper

    def _prefixes(self, ctx: ExecContext) -> list[bytes]:
        per_key: list[list[bytes]] = []
        for fns, enc in zip(self.prefix_sets, self.encoders):
            if fns is None:
                per_key.append([NULL_COMPONENT])
                continue
            values = {enc(v) for v in (fn((), ctx) for fn in fns) if v is not None}  # = NULL matches nothing
            if not values:
                return []
            per_key.append(sorted(values))
        return sorted(b"".join(parts) for parts in itertools.product(*per_key))

    def _bound(self, bound: tuple[Fn, bool] | None, ctx: ExecContext) -> tuple[bytes | None, bool] | None:
        """The encoded range value (None: no bound), or None when the bound is NULL (no row)."""
        if bound is None:
            return None, True
        v = bound[0]((), ctx)
        if v is None:
            return None
        return self.encoders[len(self.prefix_sets)](v), bound[1]

    def _ranges(self, ctx: ExecContext) -> list[tuple[bytes | None, bool, bytes | None, bool, bytes | None]]:
        """The index ranges to read, in order: ``(lo, lo inclusive, hi, hi inclusive, prefix)``
        (see :meth:`~pydsql.storage.mvcc.IndexStore.range_keys`); none when a value is NULL."""
        lower = self._bound(self.lower, ctx)
        upper = self._bound(self.upper, ctx)
        if lower is None or upper is None:
            return []
        prefixes = self._prefixes(ctx) if self.prefix_sets else [b""]
        return [
            (
                prefix + lower[0] if lower[0] is not None else None, lower[1],
                prefix + upper[0] if upper[0] is not None else None, upper[1],
                prefix or None,
            )
            for prefix in prefixes
        ]

    def items(self, ctx: ExecContext) -> Iterator[tuple[bytes, Row]]:
        txn = ctx.txn
        table = self.table
        ranges = self._ranges(ctx)
        if not ranges:
            return
        store = txn.store(table).indexes[self.index.index_id]
        seen: set[bytes] = set()
        for lo, lo_incl, hi, hi_incl, prefix in ranges:
            found = []  # each primary key once (the index has an entry per version)
            for pk in store.range_keys(lo, lo_incl, hi, hi_incl, prefix):
                if pk not in seen:
                    seen.add(pk)
                    found.append(pk)
            yield from txn.get_many(table, found)
        pending = txn.writes.get(table.table_id)
        if pending is not None:
            for pk, row in list(pending.rows.items()):
                if row is not None and pk not in seen:
                    yield pk, row

    def row_batches(self, ctx: ExecContext) -> Iterator[list[Row]]:
        txn = ctx.txn
        pending = txn.writes.get(self.table.table_id)
        if pending is not None and pending.rows:
            return batches_of(self.rows(ctx))  # own writes overlay the index's rows (items)
        return self._committed_batches(ctx)

    def _committed_batches(self, ctx: ExecContext) -> Iterator[list[Row]]:
        """:meth:`items`' rows when the transaction has no pending write to the table: the
        primary keys of each range sliced from the index at once, then read in batches."""
        ranges = self._ranges(ctx)
        if not ranges:
            return
        txn = ctx.txn
        store = txn.store(self.table)
        index = store.indexes[self.index.index_id]
        snapshot = txn.snapshot
        if len(ranges) == 1:
            # each primary key once (the index has an entry per version), in index order
            yield from store.rows_of_keys(dict.fromkeys(index.range_keys(*ranges[0])), snapshot)
            return
        seen: set[bytes] = set()
        for bounds in ranges:
            found = []
            for pk in index.range_keys(*bounds):
                if pk not in seen:
                    seen.add(pk)
                    found.append(pk)
            yield from store.rows_of_keys(found, snapshot)

    def describe(self) -> str:
        return f"Index Scan using {self.index.name} on {self.table.name}"


# -- row-producing nodes ------------------------------------------------------------------------


class Scan(Node):
    """Rows of a base table through an access path, filtered.

    The access path's rows come in batches; ``batch_filter`` (when given: the
    predicate as one list comprehension, :func:`~pydsql.sql.compile.compile_batch_filter`)
    filters a batch at once, else the predicate runs row by row, as the consumer
    pulls them.
    """

    def __init__(
        self, access: AccessPath, predicate: Predicate | None, filter_text: str = "",
        batch_filter: BatchFilter | None = None, condition: Expr | None = None,
    ) -> None:
        self.access = access
        self.predicate = predicate
        self.filter_text = filter_text
        self.batch_filter = batch_filter if predicate is not None else None
        #: the predicate's expression, when the caller gave it: what a Project above may fuse
        #: with its own columns (see Project)
        self.condition = condition if predicate is not None else None

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        if self.predicate is None:
            return self.access.row_batches(ctx)
        if self.batch_filter is None:
            return None  # a predicate that may fail runs only on the rows the consumer pulls
        return map(self.batch_filter, self.access.row_batches(ctx), itertools.repeat(ctx))

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        batches = self.batches(ctx)
        if batches is not None:
            return itertools.chain.from_iterable(batches)
        pred = self.predicate
        assert pred is not None  # (no predicate: batches)
        return (row for row in itertools.chain.from_iterable(self.access.row_batches(ctx)) if pred(row, ctx))

    def explain_line(self) -> str:
        line = self.access.describe()
        return line + (f"  Filter: {self.filter_text}" if self.filter_text else "")


class ProjectSet(Node):
    """Set-returning calls in the select list: each input row comes out once per value of the
    longest call's result, the calls' values appended (NULL once a shorter one is exhausted);
    a row whose calls all return nothing is dropped (PostgreSQL's ProjectSet)."""

    def __init__(self, child: Node, calls: Sequence[Fn]) -> None:
        self.children = (child,)
        self.calls = list(calls)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        calls = self.calls
        for row in self.children[0].rows(ctx):
            iterators = []
            for call in calls:
                values = call(row, ctx)
                iterators.append(iter(()) if values is None else iter(values))
            while True:
                out: list[Any] = []
                alive = False
                for it in iterators:
                    value = next(it, _EXHAUSTED)
                    if value is _EXHAUSTED:
                        out.append(None)
                    else:
                        alive = True
                        out.append(value)
                if not alive:
                    break
                yield row + tuple(out)

    def explain_line(self) -> str:
        return "ProjectSet"


_EXHAUSTED = object()


class Reorder(Node):
    """Rows with their columns moved: output column ``i`` is input column ``positions[i]``."""

    def __init__(self, child: Node, positions: Sequence[int]) -> None:
        self.children = (child,)
        self.positions = list(positions)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        positions = self.positions
        for row in self.children[0].rows(ctx):
            yield tuple([row[p] for p in positions])

    def explain_line(self) -> str:
        return "Result"


class KeyedScan(Scan):
    """A Scan whose rows carry their storage key as one more column (the target of
    UPDATE ... FROM / DELETE ... USING, which writes by key)."""

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        return None

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        pred = self.predicate
        for key, row in self.access.items(ctx):
            if pred is None or pred(row, ctx):
                yield row + (key,)


def _parameter_key(i: int, encode: Callable[[Any], bytes]) -> Callable[[Row, ExecContext], list[bytes]]:
    def keys_for(row: Row, ctx: ExecContext) -> list[bytes]:
        v = ctx.params[i]
        return [] if v is None else [encode(v)]  # pk = NULL matches nothing
    return keys_for


def _one_key(fn: Fn, encode: Callable[[Any], bytes]) -> Callable[[Row, ExecContext], list[bytes]]:
    def keys_for(row: Row, ctx: ExecContext) -> list[bytes]:
        v = fn(row, ctx)
        return [] if v is None else [encode(v)]  # col = NULL matches nothing
    return keys_for


class PointProject(Node):
    """The fast path of ``SELECT exprs FROM t WHERE pk = ...``: key lookups, filter, projection.

    Equivalent to ``Project(Scan(PkLookup))`` without the generator chain;
    the planner substitutes it when nothing else (grouping, sorting...) is
    on top.  Column-only projections use ``operator.itemgetter``.
    """

    def __init__(self, access: PkLookup, predicate: Predicate | None, exprs: Sequence[Fn], columns: Sequence[int] | None) -> None:
        self.access = access
        self.predicate = predicate
        self.exprs = list(exprs)
        self.pick = None if columns is None else _picker(columns)

    def rows(self, ctx: ExecContext) -> list[Row]:
        access = self.access
        keys = access.keys_for((), ctx)
        get = ctx.txn.get
        table = access.table
        pred = self.predicate
        pick = self.pick
        exprs = self.exprs
        out = []
        for key in keys if len(keys) < 2 else sorted(set(keys)):
            row = get(table, key)
            if row is None or (pred is not None and not pred(row, ctx)):
                continue
            out.append(pick(row) if pick is not None else tuple([f(row, ctx) for f in exprs]))
        return out

    def rows_by_parameter(self, txn: Transaction, params: tuple[Any, ...]) -> list[Row] | None:
        """:meth:`rows` of a ``SELECT columns FROM t WHERE pk = %s`` (a key that is a parameter as
        it is, no other filter, plain columns): nothing to evaluate in a context, the key is the
        parameter encoded.  None when the statement is not of that shape."""
        i = self.access.param_key
        pick = self.pick
        if i is None or pick is None or self.predicate is not None:
            return None
        value = params[i]
        if value is None:  # pk = NULL matches nothing
            return []
        row = txn.get(self.access.table, self.access.encoders[0](value))
        return [] if row is None else [pick(row)]

    def explain_line(self) -> str:
        return self.access.describe()


def _picker(columns: Sequence[int]) -> Callable[[Row], Row]:
    if not columns:  # SELECT FROM t: rows of no columns
        return lambda row: ()
    if len(columns) == 1:
        (i,) = columns
        return lambda row: (row[i],)
    return operator.itemgetter(*columns)


class OneRow(Node):
    """The single empty row of a SELECT without FROM."""

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        yield ()

    def explain_line(self) -> str:
        return "Result"


class Filter(Node):
    def __init__(self, child: Node, predicate: Predicate, text: str = "") -> None:
        self.children = (child,)
        self.predicate = predicate
        self.text = text

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        pred = self.predicate
        for row in self.children[0].rows(ctx):
            if pred(row, ctx):
                yield row

    def explain_line(self) -> str:
        return f"Filter: {self.text}" if self.text else "Filter"


class Project(Node):
    """The select list over each row; ``columns``, when every item is a plain column, lets
    the projection run as one ``operator.itemgetter`` call per row.

    Plain columns over a :class:`Scan` whose filter is inlined (or that has none) fuse
    with it: one generated list comprehension per batch of the access path's rows
    filters and projects (``fused``), no intermediate list, no call per row.
    """

    def __init__(self, child: Node, exprs: Sequence[Fn], columns: Sequence[int] | None = None) -> None:
        self.children = (child,)
        self.exprs = list(exprs)
        self.columns = list(columns) if columns is not None and len(columns) > 1 else None
        self.fused: BatchFilter | None = None
        if columns is not None and type(child) is Scan and (child.predicate is None or child.condition is not None):
            self.fused = compile_batch_filter(child.condition, columns)

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        child = self.children[0]
        if self.fused is not None and "rows" not in vars(child):  # (EXPLAIN ANALYZE counts the Scan's rows)
            assert isinstance(child, Scan)
            return map(self.fused, child.access.row_batches(ctx), itertools.repeat(ctx))
        return None

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        batches = self.batches(ctx)
        if batches is not None:
            return itertools.chain.from_iterable(batches)
        if self.columns is not None:
            return map(operator.itemgetter(*self.columns), self.children[0].rows(ctx))
        return self._computed(ctx)

    def _computed(self, ctx: ExecContext) -> Iterator[Row]:
        exprs = self.exprs
        if len(exprs) == 1:
            (f,) = exprs
            for row in self.children[0].rows(ctx):
                yield (f(row, ctx),)
        else:
            for row in self.children[0].rows(ctx):
                yield tuple([f(row, ctx) for f in exprs])

    def explain_line(self) -> str:
        return "Project"


class AggSpec:
    """One aggregate of an :class:`Aggregate` node."""

    __slots__ = ("make", "args", "distinct", "filter", "star", "strict", "batch", "column", "group_value")

    def __init__(
        self, make: Callable[[], Any], args: Sequence[Fn], distinct: bool, filter: Predicate | None,
        strict: bool = True, batch: Callable[[list[Any]], Any] | None = None, column: int | None = None,
        group_value: bool = False,
    ) -> None:
        self.make = make
        #: the value is the same in every row of a group (a column functionally dependent on the
        #: grouping): the batched path reads it from the group's first row
        self.group_value = group_value
        #: the aggregate over a whole group's values at once (see functions.Aggregate.batch)
        self.batch = batch
        #: the input column when the one argument is a plain column (read with itemgetter)
        self.column = column
        self.args = list(args)
        self.distinct = distinct
        self.filter = filter
        self.star = not args
        #: skip rows with a NULL argument (False: array_agg, json_agg... see every row)
        self.strict = strict


class KeyEndAggregate(Node):
    """``min``/``max`` of the leading primary-key column without GROUP BY: the first visible
    row of the scan in key order (or in reverse, for max), not a pass over the table --
    PostgreSQL's planagg.c rewrite to ``ORDER BY key LIMIT 1``.  Key columns hold no NULL,
    so the first row's value is the extreme; no row gives NULL.  One output row, the
    aggregates in order."""

    def __init__(self, forward: Scan, backward: Scan, column: int, maxima: Sequence[bool]) -> None:
        self.children = (forward,)
        self.backward = backward
        self.column = column
        self.maxima = list(maxima)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        ends: dict[bool, Any] = {}
        for is_max in set(self.maxima):
            first = next(iter((self.backward if is_max else self.children[0]).rows(ctx)), None)
            ends[is_max] = None if first is None else first[self.column]
        yield tuple([ends[m] for m in self.maxima])

    def explain_line(self) -> str:
        return "Aggregate"


class Aggregate(Node):
    """GROUP BY (hash aggregation): output rows are group values then aggregate results.

    Without GROUP BY there is exactly one group, even over no input rows.
    Each aggregate is fed through a *feeder* chosen once per node for its
    shape (``count(*)``, one strict argument, the general case with FILTER
    and DISTINCT), so the per-row loop does no shape tests.
    """

    def __init__(
        self, child: Node, group: Sequence[Fn], aggs: Sequence[AggSpec],
        group_keys: Sequence[Callable[[Any], Any] | None] | None = None,
        group_columns: Sequence[int] | None = None,
    ) -> None:
        self.children = (child,)
        self.group = list(group)
        self.aggs = list(aggs)
        # per group column: value -> hashable grouping key (SQL equality, e.g. 1.0 = 1.00)
        self.group_keys = list(group_keys) if group_keys is not None else None
        self.feeders = [_feeder(a) for a in self.aggs]
        # The batched path: rows are bucketed by group (a generated loop, _bucketer), then each
        # aggregate takes its group's values at once.  Taken when every aggregate has a batch
        # form and the groups are plain columns compared as they are (no grouping keys to compute).
        self.batched = (
            group_columns is not None and group_keys is None and len(group_columns) == len(self.group)
            and all(a.batch is not None and a.filter is None and not a.distinct for a in self.aggs)
        )
        #: On the batched path, the input columns the aggregates read, when they read only plain
        #: columns (count(*) reads none): a group then keeps those columns' values (a list per
        #: column), not its rows, so that rows made for this node (a join's) die at once.
        #: None: a group keeps its rows.
        self.slots: list[int] | None = None
        if self.batched:
            slots: list[int] = []
            for a in self.aggs:
                if a.star or (a.group_value and a.column is not None):
                    continue
                if a.column is None:
                    break
                if a.column not in slots:
                    slots.append(a.column)
            else:
                self.slots = slots or None
            assert group_columns is not None
            self.bucket_rows = _bucketer(group_columns, self.slots)

    def _group_of(self) -> Callable[[Row, ExecContext], tuple[Any, Row]]:
        """(hash key, group values) of a row."""
        group = self.group
        keyfns = self.group_keys
        if len(group) == 1 and keyfns is None:
            only = group[0]

            def single(row: Row, ctx: ExecContext) -> tuple[Any, Row]:
                value = only(row, ctx)
                return value, (value,)

            return single

        def several(row: Row, ctx: ExecContext) -> tuple[Any, Row]:
            values = tuple([g(row, ctx) for g in group])
            if keyfns is None:
                return values, values
            return tuple([v if v is None or k is None else k(v) for k, v in zip(keyfns, values)]), values

        return several

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        if self.batched:
            return self._batched(ctx)
        return self._streamed(ctx)

    def _batched(self, ctx: ExecContext) -> Iterator[Row]:
        slots = self.slots
        several = slots is not None and len(slots) > 1
        buckets: dict[Any, Any] = {}
        firsts: dict[Any, Row] = {}  # group key -> its first row (what group_value aggregates read)
        child = self.children[0]
        batches = batches_from(child, ctx)
        if batches is not None and not self.group:
            # one group: each batch extends its bucket (C-level calls, no key to compute)
            picks = [operator.itemgetter(c) for c in slots] if slots is not None else []
            for batch in batches:
                if not batch:
                    continue
                if () not in buckets:
                    buckets[()], firsts[()] = tuple([[] for _ in picks]) if several else [], batch[0]
                bucket = buckets[()]
                if several:
                    for values, pick in zip(bucket, picks):
                        values.extend(map(pick, batch))
                else:
                    bucket.extend(map(picks[0], batch) if picks else batch)
        else:
            rows = child.rows(ctx) if batches is None else itertools.chain.from_iterable(batches)
            self.bucket_rows(rows, buckets, firsts)
        if not buckets and not self.group:
            buckets[()] = tuple([[] for _ in slots]) if several and slots is not None else []
        single = len(self.group) == 1
        finishers = [_finisher(a, slots) for a in self.aggs]
        nulls = (None,) * (max([a.column for a in self.aggs if a.column is not None], default=-1) + 1)
        for key, bucket in buckets.items():
            values = (key,) if single else key
            first = firsts.get(key, nulls)  # (no first row: the one group of no input rows)
            yield values + tuple([finish(bucket, first, ctx) for finish in finishers])

    def _streamed(self, ctx: ExecContext) -> Iterator[Row]:
        aggs = self.aggs
        feeders = self.feeders
        group_of = self._group_of()
        # group key -> (group values, accumulators, their bound step methods, DISTINCT sets)
        groups: dict[Any, tuple[Row, list[Any], list[Any], list[set[Any] | None]]] = {}

        def new_group(values: Row) -> tuple[Row, list[Any], list[Any], list[set[Any] | None]]:
            accs = [a.make() for a in aggs]
            return (values, accs, [acc.step for acc in accs], [set() if a.distinct else None for a in aggs])

        for row in self.children[0].rows(ctx):
            key, values = group_of(row, ctx)
            state = groups.get(key)
            if state is None:
                state = groups[key] = new_group(values)
            steps, seen = state[2], state[3]
            for i, feed in enumerate(feeders):
                feed(row, ctx, steps[i], seen[i])
        if not groups and not self.group:
            groups[()] = new_group(())
        for values, accs, _, _ in groups.values():
            yield values + tuple([acc.result() for acc in accs])

    def explain_line(self) -> str:
        return "HashAggregate" if self.group else "Aggregate"


def _bucketer(group: Sequence[int], slots: Sequence[int] | None) -> Callable[[Iterable[Row], dict[Any, Any], dict[Any, Row]], None]:
    """The loop of the batched aggregation, generated for its columns: ``bucket(rows, buckets,
    firsts)`` adds each row to its group's bucket (``buckets``: group key -> the group's rows, or
    with ``slots`` the values of those columns, a list per column or the one list) and records
    the first row of each new group (``firsts``).  Generated so that the key and the values are
    plain subscripts, not calls: Python's own loop then beats any combination of C-level calls
    that hashes each key more than once."""
    key = f"row[{group[0]}]" if len(group) == 1 else "(" + "".join(f"row[{c}], " for c in group) + ")"
    if slots is None:
        new, add = "[]", ["bucket.append(row)"]
    elif len(slots) == 1:
        new, add = "[]", [f"bucket.append(row[{slots[0]}])"]
    else:
        new = "(" + "[], " * len(slots) + ")"
        add = [f"bucket[{j}].append(row[{c}])" for j, c in enumerate(slots)]
    body = "\n".join(f"        {line}" for line in add)
    source = f"""def bucket_rows(rows, buckets, firsts):
    get = buckets.get
    for row in rows:
        key = {key}
        bucket = get(key)
        if bucket is None:
            bucket = buckets[key] = {new}
            firsts[key] = row
{body}
"""
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    bucket_rows: Callable[[Iterable[Row], dict[Any, Any], dict[Any, Row]], None] = namespace["bucket_rows"]
    return bucket_rows


def _finisher(a: AggSpec, slots: list[int] | None = None) -> Callable[[Any, Row, ExecContext], Any]:
    """An aggregate's result over a group's bucket and first row (see :meth:`Aggregate._batched`:
    the bucket holds the group's rows, or the values of the ``slots`` columns), through its
    batch form."""
    if a.group_value and a.column is not None:
        column = a.column
        return lambda bucket, first, ctx: first[column]
    finish = _bucket_finisher(a, slots)
    return lambda bucket, first, ctx: finish(bucket, ctx)


def _bucket_finisher(a: AggSpec, slots: list[int] | None) -> Callable[[Any, ExecContext], Any]:
    batch = a.batch
    assert batch is not None
    if slots is not None:
        # every list of a bucket has one value per row: count(*) takes the first one's length
        values_of: Callable[[Any], list[Any]] = (
            (lambda bucket: bucket) if len(slots) == 1
            else operator.itemgetter(0 if a.star else slots.index(a.column))  # type: ignore[arg-type]
        )
        if a.star or not a.strict:
            return lambda bucket, ctx: batch(values_of(bucket))
        return lambda bucket, ctx: batch([v for v in values_of(bucket) if v is not None])
    if a.star:
        return lambda rows, ctx: batch(rows)
    if a.column is not None:
        pick = operator.itemgetter(a.column)
        if not a.strict:  # the aggregate sees NULLs too
            return lambda rows, ctx: batch(list(map(pick, rows)))
        return lambda rows, ctx: batch([v for v in map(pick, rows) if v is not None])
    (arg,) = a.args
    if not a.strict:
        return lambda rows, ctx: batch([arg(row, ctx) for row in rows])
    return lambda rows, ctx: batch([v for v in (arg(row, ctx) for row in rows) if v is not None])


def _feeder(a: AggSpec) -> Callable[[Row, ExecContext, Callable[..., Any], set[Any] | None], None]:
    """How one row reaches an aggregate: ``feed(row, ctx, step, distinct_seen)``."""
    if a.star and a.filter is None:
        return lambda row, ctx, step, seen: step()
    if len(a.args) == 1 and a.filter is None and not a.distinct and a.strict:
        arg = a.args[0]

        def one(row: Row, ctx: ExecContext, step: Callable[..., Any], seen: set[Any] | None) -> None:
            value = arg(row, ctx)
            if value is not None:
                step(value)

        return one
    fns, filt, star, strict = a.args, a.filter, a.star, a.strict

    def general(row: Row, ctx: ExecContext, step: Callable[..., Any], seen: set[Any] | None) -> None:
        if filt is not None and not filt(row, ctx):
            return
        if star:
            step()
            return
        args = [f(row, ctx) for f in fns]
        if strict and None in args:
            return
        if seen is not None:
            marker = tuple(args)
            if marker in seen:
                return
            seen.add(marker)
        step(*args)

    return general


class GroupingSetsAggregate(Node):
    """GROUPING SETS / ROLLUP / CUBE: one aggregation of the input per grouping set.

    Output rows have every grouping column (NULL where the set does not
    group by it), the aggregate results, then the index of the set (what
    ``GROUPING()`` reads).
    """

    def __init__(
        self, child: Node, group: Sequence[Fn], sets: Sequence[Sequence[int]], aggs: Sequence[AggSpec],
        group_keys: Sequence[Callable[[Any], Any] | None],
    ) -> None:
        self.children = (child,)
        self.width = len(group)
        self.sets = [list(s) for s in sets]
        self.input = _CachedRows()
        self.aggregates = []
        for s in self.sets:
            keys = [group_keys[j] for j in s]
            self.aggregates.append(Aggregate(
                self.input, [group[j] for j in s], aggs, keys if any(k is not None for k in keys) else None
            ))

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        ctx.cache[id(self.input)] = list(self.children[0].rows(ctx))
        for set_id, (s, agg) in enumerate(zip(self.sets, self.aggregates)):
            for row in agg.rows(ctx):
                full: list[Any] = [None] * self.width
                for position, value in zip(s, row):
                    full[position] = value
                yield tuple(full) + row[len(s):] + (set_id,)

    def explain_line(self) -> str:
        return "MixedAggregate"


class _CachedRows(Node):
    """Rows another node computed once and left in the execution cache (under this node's id)."""

    def rows(self, ctx: ExecContext) -> Iterable[Row]:
        rows: list[Row] = ctx.cache[id(self)]
        return rows


class Sort(Node):
    """ORDER BY: keys are (column index, descending, nulls first, sort-key function or None)."""

    def __init__(self, child: Node, keys: Sequence[tuple[int, bool, bool, Callable[[Any], Any] | None]]) -> None:
        self.children = (child,)
        self.keys = list(keys)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        rows = list(self.children[0].rows(ctx))
        keys = self.keys
        if len(rows) < 2:
            return iter(rows)
        # the plain keys (no sort-key function) whose column holds no NULL sort on their values
        plain = [k[3] is None and None not in list(map(operator.itemgetter(k[0]), rows)) for k in keys]
        # The common case in one C-level pass: plain keys of one direction without NULLs;
        # tuples of their values then compare as SQL does.
        if all(plain) and all(k[1] == keys[0][1] for k in keys):
            rows.sort(key=operator.itemgetter(*[k[0] for k in keys]), reverse=keys[0][1])
            return iter(rows)
        # Stable multi-pass sort, least significant key first.
        for (index, desc, nulls_first, keyfn), values_only in zip(reversed(keys), reversed(plain)):
            if values_only:
                rows.sort(key=operator.itemgetter(index), reverse=desc)  # no NULLs to place: the values themselves
                continue
            nulls_high = nulls_first == desc  # where NULLs must sort before a possible reversal
            rows.sort(key=_sort_key(index, nulls_high, keyfn), reverse=desc)
        return iter(rows)

    def explain_line(self) -> str:
        return "Sort"


def _sort_key(index: int, nulls_high: bool, keyfn: Callable[[Any], Any] | None) -> Callable[[Row], Any]:
    if keyfn is None:
        if nulls_high:
            return lambda row: (True, None) if row[index] is None else (False, row[index])
        return lambda row: (False, None) if row[index] is None else (True, row[index])
    if nulls_high:
        return lambda row: (True, None) if row[index] is None else (False, keyfn(row[index]))
    return lambda row: (False, None) if row[index] is None else (True, keyfn(row[index]))


class DistinctOn(Node):
    """SELECT DISTINCT ON: the first row of each run of rows with equal ``keys`` (the input is sorted)."""

    def __init__(self, child: Node, keys: Sequence[int], keyfns: Sequence[Callable[[Any], Any] | None]) -> None:
        self.children = (child,)
        self.keys = list(keys)
        self.keyfns = list(keyfns)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        last: Any = _NO_ROW
        for row in self.children[0].rows(ctx):
            key = tuple([
                row[i] if (k is None or row[i] is None) else k(row[i]) for i, k in zip(self.keys, self.keyfns)
            ])
            if key != last:
                last = key
                yield row

    def explain_line(self) -> str:
        return "Unique"


_NO_ROW = object()


class Distinct(Node):
    """SELECT DISTINCT over the first ``width`` columns (later ones are hidden sort keys)."""

    def __init__(self, child: Node, width: int, keyfns: Sequence[Callable[[Any], Any] | None]) -> None:
        self.children = (child,)
        self.width = width
        self.keyfns = list(keyfns)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        seen: set[Any] = set()
        keyfns = self.keyfns
        for row in self.children[0].rows(ctx):
            key = tuple([v if (k is None or v is None) else k(v) for k, v in zip(keyfns, row)])
            if key not in seen:
                seen.add(key)
                yield row

    def explain_line(self) -> str:
        return "Unique"


class Limit(Node):
    """LIMIT / OFFSET / FETCH FIRST.  ``ties`` (``FETCH ... WITH TIES``): the sort keys of the
    sorted input, as Sort's ``(column, descending, nulls first, sort-key function)``; rows past
    the count are returned while they equal the last counted row on every key."""

    def __init__(
        self, child: Node, limit: Fn | None, offset: Fn | None,
        ties: Sequence[tuple[int, bool, bool, Callable[[Any], Any] | None]] | None = None,
    ) -> None:
        self.children = (child,)
        self.limit = limit
        self.offset = offset
        self.ties = list(ties) if ties is not None else None

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        offset = 0
        if self.offset is not None:
            v = self.offset((), ctx)
            if v is not None:
                if v < 0:
                    raise errors.InvalidRowCountInResultOffsetClause("OFFSET must not be negative")
                offset = v
        stop = None
        if self.limit is not None:
            v = self.limit((), ctx)
            if v is not None:
                if v < 0:
                    raise errors.InvalidRowCountInLimitClause("LIMIT must not be negative")
                stop = offset + v
        if self.ties is not None and stop is not None:
            return self._with_ties(itertools.islice(self.children[0].rows(ctx), offset, None), stop - offset)
        return itertools.islice(self.children[0].rows(ctx), offset, stop)

    def _with_ties(self, rows: Iterator[Row], count: int) -> Iterator[Row]:
        assert self.ties is not None
        keys = [(i, fn) for i, _desc, _nulls, fn in self.ties]

        def tie_key(row: Row) -> tuple[Any, ...]:
            # NULLs tie with each other (they sort together); others by their sort key
            return tuple(
                (row[i] is None, None if row[i] is None else (fn(row[i]) if fn is not None else row[i]))
                for i, fn in keys
            )

        last = None
        for n, row in enumerate(rows):
            if n < count:
                if n == count - 1:
                    last = tie_key(row)
                yield row
            elif last is not None and tie_key(row) == last:
                yield row
            else:
                return

    def explain_line(self) -> str:
        return "Limit"


class LockRows(Node):
    """``FOR UPDATE`` / ``FOR KEY SHARE``: claim the rows of the locked tables that make up each
    row passing through (their storage keys are hidden trailing columns).

    DSQL takes no lock: the claim joins the transaction's conflict footprint
    (:meth:`~pydsql.txn.transaction.Transaction.lock`) and is checked at COMMIT.
    Placed above Sort and Limit, so only rows the query returns are claimed,
    as PostgreSQL locks only the rows it returns.
    """

    def __init__(self, child: Node, targets: Sequence[tuple[Table, int, int]]) -> None:
        self.children = (child,)
        self.targets = list(targets)  # (table, position of its key column, footprint mode)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        lock = ctx.txn.lock
        targets = self.targets
        for row in self.children[0].rows(ctx):
            for table, position, mode in targets:
                key = row[position]
                if key is not None:  # NULL: the null-extended side of an outer join
                    lock(table, key, mode)
            yield row

    def explain_line(self) -> str:
        return "LockRows"


class Strip(Node):
    """Drop hidden trailing columns (ORDER BY keys that are not in the select list)."""

    def __init__(self, child: Node, width: int) -> None:
        self.children = (child,)
        self.width = width

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        w = self.width
        for row in self.children[0].rows(ctx):
            yield row[:w]

    def explain_line(self) -> str:
        return "Project"


@functools.lru_cache(maxsize=None)
def sort_key_function(kind: str) -> Callable[[Any], Any] | None:
    """A function mapping values of ``kind`` to keys that Python orders as SQL does.

    ``None`` where Python's own order already is SQL's (integers, text in the
    C collation, dates, timestamps, uuids, booleans).
    """
    if kind in ("int2", "int4", "int8", "text", "varchar", "name", "date", "timestamp", "timestamptz", "uuid", "bool", "time", "bytea"):
        return None
    try:
        return component_encoder(SqlType(kind))
    except KeyError:
        return None


# -- FROM items other than base tables ------------------------------------------------------------


class Parameterized(Node):
    """Runs ``child`` with outer values pushed: a LATERAL item or a correlated derived table.

    ``args`` compute the values from the current outer row (``ctx.outer``'s
    top, set by the enclosing join or subquery); see
    :class:`pydsql.sql.analyze.Scope`.
    """

    def __init__(self, child: Node, args: Sequence[Fn]) -> None:
        self.children = (child,)
        self.args = list(args)

    def rows_for(self, outer_row: Row, ctx: ExecContext) -> list[Row]:
        ctx.outer.append(tuple([a(outer_row, ctx) for a in self.args]))
        try:
            return list(self.children[0].rows(ctx))
        finally:
            ctx.outer.pop()

    def rows(self, ctx: ExecContext) -> Iterable[Row]:
        return self.children[0].rows(ctx)

    def explain_line(self) -> str:
        return "Subquery Scan (parameterized)"


class SubqueryScan(Node):
    """The rows of a derived table (a subquery or view in FROM)."""

    def __init__(self, child: Node, name: str) -> None:
        self.children = (child,)
        self.name = name

    def rows(self, ctx: ExecContext) -> Iterable[Row]:
        return self.children[0].rows(ctx)

    def explain_line(self) -> str:
        return f"Subquery Scan on {self.name}"


class ValuesScan(Node):
    """VALUES rows: each a list of compiled expressions."""

    def __init__(self, rows: Sequence[Sequence[Fn]]) -> None:
        self.value_rows = [list(r) for r in rows]

    def rows(self, ctx: ExecContext) -> list[Row]:
        empty: Row = ()
        return [tuple([f(empty, ctx) for f in fns]) for fns in self.value_rows]

    def explain_line(self) -> str:
        return f"Values Scan ({len(self.value_rows)} rows)"


class Materialized(Node):
    """A subplan whose rows are computed once per execution (CTEs, uncorrelated inner sides)."""

    def __init__(self, child: Node, name: str = "") -> None:
        self.children = (child,)
        self.name = name

    def rows(self, ctx: ExecContext) -> list[Row]:
        key = id(self)
        cached: list[Row] | None = ctx.cache.get(key)
        if cached is None:
            cached = ctx.cache[key] = list(self.children[0].rows(ctx))
        return cached

    def explain_line(self) -> str:
        return f"CTE Scan on {self.name}" if self.name else "Materialize"


class ModifyTable(Node):
    """A data-modifying statement in WITH (``WITH d AS (DELETE ... RETURNING *)``): running it
    performs the writes and yields the RETURNING rows.  It sits under a :class:`Materialized`,
    and the statement runs it before its main query, so it runs exactly once."""

    def __init__(self, plan: Any, command: str) -> None:
        self.plan = plan  # an InsertPlan, UpdatePlan or DeletePlan
        self.command = command

    def rows(self, ctx: ExecContext) -> list[Row]:
        return self.plan.execute(ctx).returning or []

    def explain_line(self) -> str:
        return self.command.capitalize()


class WorkTableScan(Node):
    """The working table of a recursive CTE (the rows of the previous iteration)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def rows(self, ctx: ExecContext) -> list[Row]:
        rows: list[Row] = ctx.cache.get(id(self), [])
        return rows

    def explain_line(self) -> str:
        return f"WorkTable Scan on {self.name}"


class RecursiveUnion(Node):
    """WITH RECURSIVE: the non-recursive term, then the recursive term until it yields nothing new."""

    def __init__(self, base: Node, recursive: Node, work: WorkTableScan, distinct: bool, keyfns: Sequence[Any]) -> None:
        self.children = (base, recursive)
        self.work = work
        self.distinct = distinct
        self.keyfns = list(keyfns)

    def rows(self, ctx: ExecContext) -> list[Row]:
        base, recursive = self.children
        seen: set[Any] = set()
        result: list[Row] = []

        def fresh(rows: Iterable[Row]) -> list[Row]:
            if not self.distinct:
                return list(rows)
            out = []
            for row in rows:
                key = _row_key(row, self.keyfns)
                if key not in seen:
                    seen.add(key)
                    out.append(row)
            return out

        working = fresh(base.rows(ctx))
        work_key = id(self.work)
        while working:
            result.extend(working)
            ctx.cache[work_key] = working
            working = fresh(recursive.rows(ctx))
        ctx.cache.pop(work_key, None)
        return result

    def explain_line(self) -> str:
        return "Recursive Union"


def _row_key(row: Row, keyfns: Sequence[Any]) -> tuple[Any, ...]:
    return tuple([v if (k is None or v is None) else k(v) for k, v in zip(keyfns, row)])


class SetOp(Node):
    """UNION / INTERSECT / EXCEPT [ALL] over two inputs of the same width (multiset semantics)."""

    def __init__(self, kind: str, all_: bool, left: Node, right: Node, keyfns: Sequence[Any]) -> None:
        self.children = (left, right)
        self.kind = kind
        self.all = all_
        self.keyfns = list(keyfns)

    def rows(self, ctx: ExecContext) -> list[Row]:
        left, right = self.children
        keyfns = self.keyfns
        kind = self.kind
        if kind == "union":
            if self.all:
                return list(left.rows(ctx)) + list(right.rows(ctx))
            out: list[Row] = []
            seen: set[Any] = set()
            for row in itertools.chain(left.rows(ctx), right.rows(ctx)):
                key = _row_key(row, keyfns)
                if key not in seen:
                    seen.add(key)
                    out.append(row)
            return out
        counts: dict[Any, int] = {}
        for row in right.rows(ctx):
            key = _row_key(row, keyfns)
            counts[key] = counts.get(key, 0) + 1
        out = []
        emitted: set[Any] = set()
        for row in left.rows(ctx):
            key = _row_key(row, keyfns)
            n = counts.get(key, 0)
            if kind == "intersect":
                if n > 0:
                    if self.all:
                        counts[key] = n - 1
                        out.append(row)
                    elif key not in emitted:
                        emitted.add(key)
                        out.append(row)
            else:  # except
                if self.all:
                    if n > 0:
                        counts[key] = n - 1
                    else:
                        out.append(row)
                elif n == 0 and key not in emitted:
                    emitted.add(key)
                    out.append(row)
        return out

    def explain_line(self) -> str:
        return f"{'Append' if self.kind == 'union' and self.all else 'HashSetOp ' + self.kind.capitalize()}"


class FunctionScan(Node):
    """A function in FROM: one row per value a set-returning ``call`` yields
    (none when it is NULL), or the one row holding a scalar call's value."""

    def __init__(
        self, call: Fn, set_returning: bool, name: str, width: int = 1, to_row: Callable[[Any], Row] | None = None,
    ) -> None:
        self.call = call
        self.set_returning = set_returning
        self.name = name
        #: output columns: a set-returning function of several columns yields tuples
        self.width = width
        #: a function returning "record": the row of the column definition list each value is
        self.to_row = to_row

    def rows(self, ctx: ExecContext) -> Iterable[Row]:
        value = self.call((), ctx)
        to_row = self.to_row
        if not self.set_returning:
            return ((value,),) if to_row is None else (to_row(value),)
        if value is None:
            return ()
        if to_row is not None:
            return map(to_row, value)
        if self.width > 1:
            return (tuple(v) for v in value)
        return ((v,) for v in value)

    def explain_line(self) -> str:
        return f"Function Scan on {self.name}"


# -- joins ---------------------------------------------------------------------------------------------


class Join(Node):
    """Base of the join nodes: ``kind`` is inner, left, right, full (cross is inner without condition).

    Output rows are the left row followed by the right row; an outer join
    pads the missing side with NULLs.  ``condition`` is the whole ON
    condition over the joined row (hash joins check it after the key match).
    """

    def __init__(self, kind: str, left: Node, right: Node, condition: Predicate | None, widths: tuple[int, int]) -> None:
        self.children = (left, right)
        self.kind = kind
        self.condition = condition
        self.left_nulls: Row = (None,) * widths[0]
        self.right_nulls: Row = (None,) * widths[1]

    def explain_line(self) -> str:
        return f"{type(self).__name__} ({self.kind})"


class NestedLoopJoin(Join):
    """Every left row against every right row.  A parameterized (LATERAL) right
    side is run once per left row; otherwise it is materialized once."""

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        left, right = self.children
        cond = self.condition
        kind = self.kind
        lateral = right if isinstance(right, Parameterized) else None
        right_rows: list[Row] = [] if lateral is not None else list(right.rows(ctx))
        matched_right: set[int] = set()
        for lrow in left.rows(ctx):
            rows = lateral.rows_for(lrow, ctx) if lateral is not None else right_rows
            found = False
            for i, rrow in enumerate(rows):
                row = lrow + rrow
                if cond is None or cond(row, ctx):
                    found = True
                    if kind in ("right", "full"):
                        matched_right.add(i)
                    yield row
            if not found and kind in ("left", "full"):
                yield lrow + self.right_nulls
        if kind in ("right", "full"):
            for i, rrow in enumerate(right_rows):
                if i not in matched_right:
                    yield self.left_nulls + rrow


class HashJoin(Join):
    """Equi-join: the right side is hashed on its key expressions, left rows probe it.

    Keys with a NULL never match (SQL equality); ``keyfns`` normalize values
    whose Python equality is not SQL's (NaN, trailing blanks of char(n)).
    ``left_column``: the left row's column holding the key, when the key is one
    plain column (what lets an inner or left join with no other condition
    probe with batches of left rows, see :meth:`batches`).
    """

    def __init__(
        self,
        kind: str,
        left: Node,
        right: Node,
        left_keys: Sequence[Fn],
        right_keys: Sequence[Fn],
        keyfns: Sequence[Any],
        condition: Predicate | None,
        widths: tuple[int, int],
        left_column: int | None = None,
    ) -> None:
        super().__init__(kind, left, right, condition, widths)
        self.left_keys = list(left_keys)
        self.right_keys = list(right_keys)
        self.keyfns = list(keyfns)
        self.left_column = left_column if len(self.left_keys) == 1 else None

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        """The joined rows batch by batch of the left side's batches, for an inner or left
        join on one plain left column (compared as it is) with no other condition: nothing
        per left row can fail, so the left side may run ahead."""
        if (
            self.left_column is None or self.keyfns[0] is not None or self.condition is not None
            or self.kind not in ("inner", "left")
        ):
            return None
        left = batches_from(self.children[0], ctx)
        if left is None:
            return None
        return self._joined_batches(left, ctx)

    def _joined_batches(self, left: Iterator[list[Row]], ctx: ExecContext) -> Iterator[list[Row]]:
        assert self.left_column is not None
        (right_key,) = self.right_keys
        # the right side, hashed by its key value (as rows(): built before any left row is read)
        table: dict[Any, list[Row]] = {}
        for rrow in self.children[1].rows(ctx):
            v = right_key(rrow, ctx)
            if v is not None:  # NULL never matches
                found = table.get(v)
                if found is None:
                    table[v] = [rrow]
                else:
                    found.append(rrow)
        pick = operator.itemgetter(self.left_column)
        unique = all(len(found) == 1 for found in table.values())
        one = {v: found[0] for v, found in table.items()} if unique else {}
        left_join = self.kind == "left"
        nulls = self.right_nulls
        get = table.get
        for batch in left:
            values = map(pick, batch)
            if unique:  # (a key of the right side: at most one match per left row)
                matched = map(one.get, values)
                if left_join:
                    yield [lrow + (nulls if r is None else r) for lrow, r in zip(batch, matched)]
                else:
                    yield [lrow + r for lrow, r in zip(batch, matched) if r is not None]
                continue
            out: list[Row] = []
            for lrow, v in zip(batch, values):
                found = get(v) if v is not None else None
                if found:
                    out.extend([lrow + rrow for rrow in found])
                elif left_join:
                    out.append(lrow + nulls)
            yield out

    def _key(self, fns: Sequence[Fn], row: Row, ctx: ExecContext) -> tuple[Any, ...] | None:
        values = []
        for f, k in zip(fns, self.keyfns):
            v = f(row, ctx)
            if v is None:
                return None
            values.append(v if k is None else k(v))
        return tuple(values)

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        batches = self.batches(ctx)
        if batches is not None:
            return itertools.chain.from_iterable(batches)
        return self._rows(ctx)

    def _rows(self, ctx: ExecContext) -> Iterator[Row]:
        left, right = self.children
        cond = self.condition
        kind = self.kind
        table: dict[Any, list[tuple[int, Row]]] = {}
        right_rows = list(right.rows(ctx))
        for i, rrow in enumerate(right_rows):
            key = self._key(self.right_keys, rrow, ctx)
            if key is not None:
                table.setdefault(key, []).append((i, rrow))
        matched_right: set[int] = set()
        for lrow in left.rows(ctx):
            key = self._key(self.left_keys, lrow, ctx)
            found = False
            if key is not None:
                for i, rrow in table.get(key, ()):
                    row = lrow + rrow
                    if cond is None or cond(row, ctx):
                        found = True
                        if kind in ("right", "full"):
                            matched_right.add(i)
                        yield row
            if not found and kind in ("left", "full"):
                yield lrow + self.right_nulls
        if kind in ("right", "full"):
            for i, rrow in enumerate(right_rows):
                if i not in matched_right:
                    yield self.left_nulls + rrow


class KeyLookupJoin(Join):
    """Index nested loop: for each left row, point lookups of the right table's primary key.

    ``value_sets`` compute the primary-key values from the left row (the
    right side's access path is a :class:`PkLookup` whose expressions read
    the left row).  Inner and left joins only.  ``keyed``: the right rows carry
    their storage key as one more column (as :class:`KeyedScan`'s).
    ``left_column``: the left row's column holding the key value, when the key
    is one column and its value a plain column of the left row (what lets the
    join work on batches of left rows, see :meth:`batches`).
    """

    def __init__(
        self, kind: str, left: Node, access: PkLookup, right_filter: Predicate | None,
        condition: Predicate | None, widths: tuple[int, int], keyed: bool = False,
        left_column: int | None = None,
    ) -> None:
        super().__init__(kind, left, (KeyedScan if keyed else Scan)(access, right_filter), condition, widths)
        self.access = access
        self.right_filter = right_filter
        self.keyed = keyed
        self.left_column = left_column if len(access.value_sets) == 1 and len(access.value_sets[0]) == 1 else None

    def rows(self, ctx: ExecContext) -> Iterator[Row]:
        batches = self.batches(ctx)
        if batches is not None:
            return itertools.chain.from_iterable(batches)
        access = self.access
        pending = ctx.txn.writes.get(access.table.table_id)
        if len(access.value_sets) == 1 and len(access.value_sets[0]) == 1 and (pending is None or not pending.rows):
            return self._single_key(ctx)
        return self._keys(ctx)

    def batches(self, ctx: ExecContext) -> Iterator[list[Row]] | None:
        """The joined rows batch by batch of the left side's batches, when nothing can fail:
        the key is a left column, no filter or condition is left to evaluate, and the
        transaction has not written the right table (the committed rows are read)."""
        if self.left_column is None or self.right_filter is not None or self.condition is not None:
            return None
        pending = ctx.txn.writes.get(self.access.table.table_id)
        if pending is not None and pending.rows:
            return None
        left = batches_from(self.children[0], ctx)
        if left is None:
            return None
        return self._joined_batches(left, ctx)

    def _joined_batches(self, left: Iterator[list[Row]], ctx: ExecContext) -> Iterator[list[Row]]:
        """:meth:`_single_key` over batches: the key values of a batch taken with one C-level
        call, each distinct value looked up once per execution, the joined rows made by one
        list comprehension."""
        assert self.left_column is not None
        pick = operator.itemgetter(self.left_column)
        encode = self.access.encoders[0]
        snapshot = ctx.txn.snapshot
        store_get = ctx.txn.store(self.access.table).get
        keyed = self.keyed
        # key value -> what the right side appends to a left row (its row, plus its key when
        # keyed), or None: no row (NULL matches nothing)
        right: dict[Any, Row | None] = {}
        left_join = self.kind == "left"
        nulls = self.right_nulls
        for batch in left:
            values = list(map(pick, batch))
            for v in set(values).difference(right):
                if v is None:
                    right[v] = None
                    continue
                key = encode(v)
                rrow = store_get(key, snapshot)
                right[v] = None if rrow is None else (rrow + (key,) if keyed else rrow)
            matched = map(right.__getitem__, values)
            if left_join:
                yield [lrow + (nulls if r is None else r) for lrow, r in zip(batch, matched)]
            else:
                yield [lrow + r for lrow, r in zip(batch, matched) if r is not None]

    def _single_key(self, ctx: ExecContext) -> Iterator[Row]:
        """The common case: a one-column key, one value per left row, no pending writes to the
        right table: encode the value and read the committed store directly, once per
        distinct value (many left rows usually share a right row: orders of one customer)."""
        access = self.access
        (fn,), enc = access.value_sets[0], access.encoders[0]
        snapshot = ctx.txn.snapshot
        store_get = ctx.txn.store(access.table).get
        rfilter, cond, left_join = self.right_filter, self.condition, self.kind == "left"
        right_nulls = self.right_nulls
        keyed = self.keyed
        seen: dict[Any, tuple[bytes | None, Row | None]] = {}  # value -> (key, committed row)
        for lrow in self.children[0].rows(ctx):
            v = fn(lrow, ctx)
            found = seen.get(v)
            if found is None:
                key = None if v is None else enc(v)
                found = seen[v] = (key, None if key is None else store_get(key, snapshot))
            key, rrow = found
            if rrow is not None and (rfilter is None or rfilter(rrow, ctx)):
                row = lrow + rrow + (key,) if keyed else lrow + rrow
                if cond is None or cond(row, ctx):
                    yield row
                    continue
            if left_join:
                yield lrow + right_nulls

    def _keys(self, ctx: ExecContext) -> Iterator[Row]:
        left = self.children[0]
        access = self.access
        table = access.table
        get = ctx.txn.get
        rfilter = self.right_filter
        cond = self.condition
        kind = self.kind
        keyed = self.keyed
        for lrow in left.rows(ctx):
            found = False
            for key in access.keys_for(lrow, ctx):
                rrow = get(table, key)
                if rrow is None or (rfilter is not None and not rfilter(rrow, ctx)):
                    continue
                row = lrow + rrow + (key,) if keyed else lrow + rrow
                if cond is None or cond(row, ctx):
                    found = True
                    yield row
            if not found and kind == "left":
                yield lrow + self.right_nulls

"""Foreign keys under optimistic concurrency control, as DSQL enforces them (since 2026-08).

DSQL checks a foreign key against the transaction's **snapshot** (plus its own
writes) and adds an implicit ``FOR KEY SHARE`` of the referenced parent row to
the transaction's conflict footprint.  No lock is taken; the footprint does
the work at COMMIT:

* a child INSERT (or an UPDATE of its foreign-key columns) claims the parent
  row KEY_SHARE; a concurrent DELETE or key UPDATE of that parent claims it
  EXCLUSIVE, so the later of the two COMMITs fails with OC000;
* a concurrent non-key UPDATE of the parent claims it UPDATE, which does not
  conflict with KEY_SHARE: both commit (reference section 1, probe
  ``occ_fk_nonkey_update``);
* referential actions are ordinary writes of the child rows (CASCADE deletes
  them, SET NULL / SET DEFAULT update them), so they conflict with concurrent
  writes of those rows like any write.

When checks run (PostgreSQL's timing, which DSQL keeps):

* At the **end of each data-modifying statement** :func:`after_statement`
  looks at the rows the statement changed (the transaction's undo log,
  :meth:`~pydsql.txn.transaction.Transaction.changes_since`), in rounds: the
  referential actions of one round are writes whose own consequences
  (cascades of cascades, the check of a SET DEFAULT value) are the next
  round.  So a multi-row statement may insert a parent after its child, or
  a self-referencing chain in any order, as in PostgreSQL.
* ``NO ACTION`` checks the parent side once every action ran, and forgives a
  key that is present again (another row took it); ``RESTRICT`` does not.
* A ``DEFERRABLE`` constraint that is deferred (``INITIALLY DEFERRED`` or
  ``SET CONSTRAINTS ... DEFERRED``) queues its child and NO ACTION checks in
  the transaction; :func:`check_deferred` runs them at COMMIT (or at ``SET
  CONSTRAINTS ... IMMEDIATE``) against the state then.  Actions other than NO
  ACTION are never deferred (PostgreSQL's rule).

Any failure raises 23503 with PostgreSQL's message; the session then rolls the
statement back (its undo log), so a failed statement leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import errors
from ..catalog import Catalog, ForeignKey, Index, Table
from ..txn.footprint import MODE_EXCLUSIVE, MODE_KEY_SHARE, MODE_UPDATE
from ..txn.layout import layout_of
from ..txn.transaction import Change, Transaction
from ..types import SqlType
from ..values import catalog as values
from ..values.registry import ASSIGNMENT, EXPLICIT
from .coerce import cast_function
from .context import ExecContext

Row = tuple[Any, ...]
Values = tuple[Any, ...]

#: a statement whose actions keep producing changes after this many rounds is a cycle
_MAX_ROUNDS = 1000


def _converter(source: SqlType, target: SqlType, context: str) -> Callable[[Any], Any]:
    fn = cast_function(source, target, context)
    if fn is None:  # the constraint was accepted, so some cast exists; compare as is otherwise
        return lambda v: v
    return fn


def _bare(t: SqlType) -> SqlType:
    """``t`` without its modifiers (a key value is compared, not stored)."""
    return SqlType(t.kind) if t.elem is None else t


@dataclass
class Reference:
    """One foreign key, compiled against one catalog: the child and parent tables and how
    to go from a child row's key values to the parent row and back."""

    fk: ForeignKey
    child: Table
    parent: Table
    child_cols: tuple[int, ...]
    parent_cols: tuple[int, ...]
    index: Index  # the parent's primary key or unique index on parent_cols
    to_parent: list[Callable[[Any], Any]]  # child value -> parent column's type
    to_child: list[Callable[[Any], Any]]  # parent value -> child column's type (CASCADE)
    child_index: Index | None = None  # a valid plain index of the child on exactly child_cols

    @classmethod
    def build(cls, fk: ForeignKey, child: Table, parent: Table) -> Reference | None:
        parent_cols = tuple(parent.position(n) for n in fk.ref_columns)
        if any(p is None for p in parent_cols):
            return None
        cols: tuple[int, ...] = tuple(p for p in parent_cols if p is not None)
        index = next((i for i in parent.unique_indexes if i.plain and set(i.columns) == set(cols)), None)
        if index is None:
            return None
        to_parent = [
            _converter(child.columns[c].type, _bare(parent.columns[p].type), EXPLICIT)
            for c, p in zip(fk.columns, cols)
        ]
        to_child = [
            _converter(parent.columns[p].type, child.columns[c].type, ASSIGNMENT) for c, p in zip(fk.columns, cols)
        ]
        indexes = [child.primary_key] if child.primary_key is not None else []
        child_index = next((
            i for i in [*indexes, *child.indexes]
            if i.valid and i.plain and len(i.columns) == len(fk.columns) and set(i.columns) == set(fk.columns)
        ), None)
        return cls(fk, child, parent, fk.columns, cols, index, to_parent, to_child, child_index)

    # -- key values --------------------------------------------------------------------

    def child_values(self, row: Row) -> Values:
        return tuple(row[c] for c in self.child_cols)

    def parent_values(self, row: Row) -> Values:
        return tuple(row[p] for p in self.parent_cols)

    def as_parent(self, vals: Values) -> Values | None:
        """Child key values in the parent's types (None: no parent row can hold them)."""
        try:
            return tuple(f(v) for f, v in zip(self.to_parent, vals))
        except errors.Error:  # out of the parent type's range: not present
            return None

    def find_parent(self, txn: Transaction, pvals: Values) -> bytes | None:
        """The primary key of the visible parent row with key values ``pvals``."""
        probe: list[Any] = [None] * len(self.parent.columns)
        for p, v in zip(self.parent_cols, pvals):
            probe[p] = v
        layout = layout_of(self.parent)
        if self.index.primary:
            assert layout.pk_of is not None
            key = layout.pk_of(tuple(probe))
            return key if txn.get(self.parent, key) is not None else None
        ikey = next(f for i, f in layout.unique_checks if i.index_id == self.index.index_id)(tuple(probe))
        return None if ikey is None else txn.find_unique(self.parent, self.index, ikey)

    def referencing(self, txn: Transaction, keys: set[Values]) -> list[tuple[bytes, Row]]:
        """The visible child rows whose key values (in the parent's types) are in ``keys``:
        through an index of the child on the foreign-key columns when there is one (a few
        keys), else by a scan of the child."""
        if self.child_index is not None and len(keys) <= 64:
            return self._referencing_by_index(txn, self.child_index, keys)
        out = []
        for key, row in txn.items(self.child):
            vals = self.child_values(row)
            if any(v is None for v in vals):
                continue  # MATCH SIMPLE: a NULL anywhere references nothing (MATCH FULL: all NULL)
            pvals = self.as_parent(vals)
            if pvals is not None and pvals in keys:
                out.append((key, row))
        return out

    def _referencing_by_index(self, txn: Transaction, index: Index, keys: set[Values]) -> list[tuple[bytes, Row]]:
        child = self.child
        layout = layout_of(child)
        store = txn.store(child)
        pending = txn.writes.get(child.table_id)
        seen: set[bytes] = set()
        out = []
        for pvals in keys:
            probe: list[Any] = [None] * len(child.columns)
            try:
                for c, f, v in zip(self.child_cols, self.to_child, pvals):
                    probe[c] = f(v)
            except errors.Error:
                continue  # no child column can hold this key
            if index.primary:
                assert layout.pk_of is not None
                candidates: Iterable[bytes] = [layout.pk_of(tuple(probe))]
            else:
                candidates = list(store.indexes[index.index_id].lookup(layout.index_key_of[index.index_id](tuple(probe)) or b""))
                if pending is not None:  # the transaction's own rows are not in the index yet
                    candidates.extend(pending.rows)
            for key in candidates:
                if key in seen:
                    continue
                row = txn.get(child, key)
                if row is None:
                    continue
                vals = self.child_values(row)
                if any(v is None for v in vals) or self.as_parent(vals) != pvals:
                    continue  # another version's key, or not this parent
                seen.add(key)
                out.append((key, row))
        out.sort(key=lambda pair: pair[0])  # key order, as the scan gives
        return out

    # -- messages -------------------------------------------------------------------------

    def _key_text(self, table: Table, cols: tuple[int, ...], vals: Iterable[Any]) -> str:
        names = ", ".join(table.columns[c].name for c in cols)
        shown = ", ".join(
            "null" if v is None else values.format_text(table.columns[c].type.kind, v) for c, v in zip(cols, vals)
        )
        return f"Key ({names})=({shown})"

    def missing_parent(self, vals: Values) -> errors.Error:
        return errors.ForeignKeyViolation(
            f'insert or update on table "{self.child.name}" violates foreign key constraint "{self.fk.name}"',
            detail=f'{self._key_text(self.child, self.child_cols, vals)} is not present in table "{self.parent.name}".',
        )

    def still_referenced(self, pvals: Values) -> errors.Error:
        return errors.ForeignKeyViolation(
            f'update or delete on table "{self.parent.name}" violates foreign key constraint "{self.fk.name}" '
            f'on table "{self.child.name}"',
            detail=f'{self._key_text(self.parent, self.parent_cols, pvals)} is still referenced from table '
            f'"{self.child.name}".',
        )

    # -- checks ------------------------------------------------------------------------------

    def check_child(self, txn: Transaction, row: Row) -> None:
        """``row`` of the child must reference a visible parent row, which it then claims
        FOR KEY SHARE (a concurrent delete of the parent conflicts at COMMIT)."""
        vals = self.child_values(row)
        nulls = sum(v is None for v in vals)
        if nulls == len(vals):
            return
        if nulls:
            if self.fk.match == "f":
                raise errors.ForeignKeyViolation(
                    f'insert or update on table "{self.child.name}" violates foreign key constraint "{self.fk.name}"',
                    detail="MATCH FULL does not allow mixing of null and nonnull key values.",
                )
            return  # MATCH SIMPLE: satisfied
        pvals = self.as_parent(vals)
        pk = self.find_parent(txn, pvals) if pvals is not None else None
        if pk is None:
            raise self.missing_parent(vals)
        txn.lock(self.parent, pk, MODE_KEY_SHARE)

    def check_parent(self, txn: Transaction, pvals: Values, *, recheck: bool) -> None:
        """No child row may reference the parent key ``pvals`` that went away (NO ACTION
        forgives it when a visible parent row holds the key again: ``recheck``)."""
        if recheck and self.find_parent(txn, pvals) is not None:
            return
        if self.referencing(txn, {pvals}):
            raise self.still_referenced(pvals)


class ForeignKeyGraph:
    """The foreign keys of one catalog, by child and by parent table id (cached per catalog)."""

    _cache: dict[int, tuple[Catalog, ForeignKeyGraph]] = {}

    def __init__(self, catalog: Catalog) -> None:
        self.outgoing: dict[int, list[Reference]] = {}
        self.incoming: dict[int, list[Reference]] = {}
        self.by_name: dict[str, list[Reference]] = {}
        for child in catalog.tables.values():
            for fk in child.foreign_keys:
                parent = catalog.table(fk.ref_schema or child.schema, fk.ref_table)
                ref = Reference.build(fk, child, parent) if parent is not None else None
                if ref is None:
                    continue
                self.outgoing.setdefault(child.table_id, []).append(ref)
                self.incoming.setdefault(ref.parent.table_id, []).append(ref)
                self.by_name.setdefault(fk.name, []).append(ref)

    @classmethod
    def get(cls, catalog: Catalog) -> ForeignKeyGraph:
        entry = cls._cache.get(id(catalog))
        if entry is not None and entry[0] is catalog:
            return entry[1]
        if len(cls._cache) > 64:
            cls._cache.clear()
        graph = cls(catalog)
        cls._cache[id(catalog)] = (catalog, graph)
        return graph


def is_deferred(txn: Transaction, fk: ForeignKey) -> bool:
    if not fk.deferrable:
        return False
    mode = txn.constraint_modes.get(fk.oid)
    if mode is not None:
        return mode
    if txn.all_constraints_deferred is not None:
        return txn.all_constraints_deferred
    return fk.initially_deferred


@dataclass(frozen=True)
class _ChildCheck:
    """Deferred: the child row now under ``key`` must reference a parent."""

    ref: Reference
    key: bytes

    def run(self, txn: Transaction) -> None:
        row = txn.get(self.ref.child, self.key)
        if row is not None:
            self.ref.check_child(txn, row)


@dataclass(frozen=True)
class _ParentCheck:
    """Deferred NO ACTION: the parent key ``pvals`` went away; no child may reference it."""

    ref: Reference
    pvals: Values

    def run(self, txn: Transaction) -> None:
        self.ref.check_parent(txn, self.pvals, recheck=True)


def after_statement(ctx: ExecContext) -> None:
    """Enforce the foreign keys touched by the statement that just ran (see module docstring)."""
    txn = ctx.txn
    if not txn.undo_mark():
        return  # the statement changed nothing
    graph = ForeignKeyGraph.get(txn.catalog)
    if not graph.outgoing:
        return
    mark = 0
    no_action: list[tuple[Reference, Values]] = []
    for _ in range(_MAX_ROUNDS):
        changes = txn.changes_since(mark)
        if not changes:
            break
        mark = txn.undo_mark()
        _round(ctx, graph, changes, no_action)
    else:
        raise errors.StatementTooComplex("stack depth limit exceeded")
    for ref, pvals in no_action:
        ref.check_parent(txn, pvals, recheck=True)


def _round(ctx: ExecContext, graph: ForeignKeyGraph, changes: list[Change], no_action: list[tuple[Reference, Values]]) -> None:
    txn = ctx.txn
    # parent side first collected, then acted on per constraint (one scan of the child each)
    gone: dict[int, tuple[Reference, list[tuple[Values, Row | None]]]] = {}
    for change in changes:
        table_id = change.table.table_id
        before, after = change.before, change.after
        if after is not None:
            for ref in graph.outgoing.get(table_id, ()):
                vals = ref.child_values(after)
                if before is not None and ref.child_values(before) == vals:
                    continue  # key unchanged: nothing to check (PostgreSQL's RI_FKey_fk_upd_check_required)
                if is_deferred(txn, ref.fk):
                    txn.deferred.append(_ChildCheck(ref, change.key))
                else:
                    ref.check_child(txn, after)
        if before is not None:
            for ref in graph.incoming.get(table_id, ()):
                pvals = ref.parent_values(before)
                if any(v is None for v in pvals):
                    continue  # no child can reference a NULL key
                if after is not None and ref.parent_values(after) == pvals:
                    continue  # referenced key unchanged
                gone.setdefault(id(ref), (ref, []))[1].append((pvals, after))
    for ref, keys in gone.values():
        _act(ctx, ref, keys, no_action)


def _act(ctx: ExecContext, ref: Reference, keys: list[tuple[Values, Row | None]], no_action: list[tuple[Reference, Values]]) -> None:
    """The referential actions for parent keys that went away (deleted: new row None)."""
    from .dml import update_row
    from .rows import rules_of

    txn = ctx.txn
    fk = ref.fk
    by_action: dict[str, list[tuple[Values, Row | None]]] = {}
    for pvals, after in keys:
        by_action.setdefault(fk.on_delete if after is None else fk.on_update, []).append((pvals, after))
    for action, items in by_action.items():
        if action == "a":
            if is_deferred(txn, fk):
                txn.deferred.extend(_ParentCheck(ref, pvals) for pvals, _ in items)
            else:
                no_action.extend((ref, pvals) for pvals, _ in items)
            continue
        if action == "r":
            for pvals, _ in items:
                ref.check_parent(txn, pvals, recheck=False)
            continue
        new_parent = {pvals: after for pvals, after in items}
        child = ref.child
        rules = rules_of(child)
        key_columns = child.key_columns()
        for key, row in ref.referencing(txn, set(new_parent)):
            current = txn.get(child, key)
            if current is None:
                continue  # already gone in this round
            pvals_now = ref.as_parent(ref.child_values(current))
            after = new_parent.get(pvals_now) if pvals_now is not None else None
            if action == "c" and after is None:
                txn.write(child, key, None, MODE_EXCLUSIVE)
                continue
            new = list(current)
            if action == "c":
                assert after is not None
                targets = list(zip(ref.child_cols, (f(after[p]) for f, p in zip(ref.to_child, ref.parent_cols))))
            else:
                cols = fk.delete_set_columns if (after is None and fk.delete_set_columns is not None) else ref.child_cols
                if action == "n":
                    targets = [(c, None) for c in cols]
                else:
                    defaults = rules.default_row(ctx, [i for i in range(len(new)) if i not in cols])
                    targets = [(c, defaults[c]) for c in cols]
            for c, v in targets:
                new[c] = v
            mode = MODE_EXCLUSIVE if any(c in key_columns for c, _ in targets) else MODE_UPDATE
            update_row(ctx, child, rules, key, tuple(new), mode)
        if action == "d":
            # a default equal to the key that went away leaves the rows unchanged (so no child
            # check runs): PostgreSQL looks again and fails if the key is still referenced
            for pvals in new_parent:
                ref.check_parent(txn, pvals, recheck=False)


def check_deferred(ctx: ExecContext, only: set[int] | None = None) -> None:
    """Run the queued checks of deferred constraints (all, or those with oids in ``only``)."""
    txn = ctx.txn
    pending, kept = txn.deferred, []
    txn.deferred = []
    try:
        for check in pending:
            if only is not None and check.ref.fk.oid not in only:
                kept.append(check)
                continue
            check.run(txn)
    finally:
        txn.deferred = kept + txn.deferred

"""CREATE INDEX ASYNC, DROP INDEX and CALL sys.wait_for_job: secondary indexes as DSQL has them.

DSQL builds every secondary index in the background (reference section 4):
``CREATE [UNIQUE] INDEX ASYNC`` adds the index to the catalog *invalid* and
returns the id of the job that builds it (one row, column ``job_id``); the
job (:mod:`pydsql.cluster.jobs`) is submitted when the transaction commits
and makes the index valid when it completes.  Until then the index is
maintained by every write but neither enforces uniqueness nor serves
queries.  ``DROP INDEX`` of a building index cancels its job.

What is refused, and how (DSQL's messages; the token-level refusals --
plain CREATE INDEX, USING, ASC/DESC, a schema-qualified name -- are in
:mod:`.dialect`): volatile functions in key expressions or the predicate
(42P17, as PostgreSQL), subqueries (0A000), json/jsonb keys (as CREATE TABLE).

Expression keys and predicates are kept as SQL text in the catalog; this
module installs the compiler that turns them into row functions for the
storage layout (:func:`pydsql.txn.layout.set_expression_compiler`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, Column, Index, IndexName, Table
from ..cluster.jobs import INDEX_BUILD, Job
from ..storage.keys import is_encodable
from ..txn.layout import set_expression_compiler
from ..types import BOOL, TEXT, SqlType
from ..values.registry import IMPLICIT
from .analyze import Analyzer, Scope
from .ast import CallStmt, CreateIndexStmt, DropIndexStmt
from .coerce import coerce
from .compile import Fn, compile_expr
from .context import ExecContext
from .ddl import MAX_IDENTIFIER, _check_key_types
from .dialect import function_name, parse_expression
from .expr import Call, ColumnRef, ContextCall, Expr, SubLink
from .simplify import simplify_expr
from .system import PROCEDURES

Row = tuple[Any, ...]


def _table_scope(table: Table) -> Scope:
    scope = Scope()
    scope.add(table.name, [(c.name, c.type) for c in table.columns], table)
    return scope


def _analyze_stored(table: Table, text: str, what: str) -> Expr:
    """An index expression or predicate over ``table``'s row (``what``: "expression"/"predicate")."""
    analyzer = Analyzer(Catalog.empty(), (), table.schema)
    node = parse_expression(text)
    if node.find(exp.Select) is not None:
        raise errors.FeatureNotSupported(f"cannot use subquery in index {what}")
    if what == "predicate":
        e = analyzer.condition(node, _table_scope(table), "index predicate")
    else:
        e = analyzer.expr(node, _table_scope(table), aggregates="index expressions")
    for sub in e.walk():
        if isinstance(sub, SubLink):
            raise errors.FeatureNotSupported(f"cannot use subquery in index {what}")
        if isinstance(sub, ContextCall) or (isinstance(sub, Call) and not sub.immutable):
            raise errors.InvalidObjectDefinition(f"functions in index {what} must be marked IMMUTABLE")
    return simplify_expr(e)


def compile_stored(table: Table, text: str) -> tuple[Callable[[Row], Any], SqlType]:
    """Row function and type of a stored index expression or predicate (the layout's hook)."""
    e = _analyze_stored(table, text, "expression")  # validated at CREATE INDEX: the wording is moot
    fn: Fn = compile_expr(e)
    # immutable functions only (checked above): they never read the execution context
    return (lambda row: fn(row, None)), e.type  # type: ignore[arg-type]


set_expression_compiler(compile_stored)


def expression_type(table: Table, text: str) -> SqlType:
    """The type of an index's expression key (pg_attribute / pg_index of the index)."""
    return _analyze_stored(table, text, "expression").type


def key_exprs(table: Table, index: Index) -> list[Expr]:
    """The analyzed keys of ``index`` (column references and expressions), as the planner matches them."""
    cache: dict[int, list[Expr]] = table.derive("index_keys", lambda t: {})
    found = cache.get(index.index_id)
    if found is None:
        found = []
        for k, col in enumerate(index.columns):
            text = index.expressions[k] if index.expressions else None
            if text is None:
                found.append(ColumnRef(col, table.columns[col].type))
            else:
                found.append(_analyze_stored(table, text, "expression"))
        cache[index.index_id] = found
    return found


def predicate_expr(table: Table, index: Index) -> Expr | None:
    """The analyzed predicate of a partial index (what the planner matches queries against)."""
    if index.predicate is None:
        return None
    cache: dict[int, Expr] = table.derive("index_predicates", lambda t: {})
    e = cache.get(index.index_id)
    if e is None:
        e = cache[index.index_id] = _analyze_stored(table, index.predicate, "predicate")
    return e


# -- CREATE INDEX ASYNC ----------------------------------------------------------------------------


@dataclass
class IndexDdl:
    tag: str
    before: Table | None
    after: Table | None
    catalog: Catalog | None
    index: Index | None = None


class CreateIndexPlan:
    def __init__(self, stmt: CreateIndexStmt, analyzer: Analyzer) -> None:
        self.stmt = stmt
        self.search_path = analyzer.search_path

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> IndexDdl:
        stmt = self.stmt
        table = _find_table(catalog, stmt.schema, stmt.table, self.search_path)
        columns: list[int] = []
        expressions: list[str | None] = []
        for text, is_expression in stmt.keys:
            if is_expression:
                e = _analyze_stored(table, text, "expression")
                _check_key_types([Column("expr", e.type)], (0,))
                if not is_encodable(e.type):  # arrays, records...: no key encoding (wording as for jsonb)
                    raise errors.FeatureNotSupported(f"datatype {e.type.name} not supported in an index key")
                if isinstance(e, ColumnRef):  # ((v)) is the column v, as in PostgreSQL
                    columns.append(e.index)
                    expressions.append(None)
                    continue
                columns.append(-1)
                expressions.append(text)
            else:
                columns.append(_column(table, text))
                expressions.append(None)
        _check_key_types(list(table.columns), tuple(c for c in columns if c >= 0))
        include = tuple(_column(table, name) for name in stmt.include)
        if stmt.predicate is not None:
            _analyze_stored(table, stmt.predicate, "predicate")
        taken = catalog.relation_names(table.schema)
        name = stmt.name
        if name is None:
            name = _choose_name(table, stmt, taken)
        elif len(name.encode()) > MAX_IDENTIFIER:
            name = name.encode()[:MAX_IDENTIFIER].decode(errors="ignore")
        if name in taken:
            if stmt.if_not_exists:
                return IndexDdl("CREATE INDEX", None, None, None)  # NOTICE: relation already exists, skipping
            raise errors.DuplicateTable(f'relation "{name}" already exists')
        index = Index(
            allocate_id(), name, tuple(columns), stmt.unique,
            nulls_not_distinct=stmt.nulls_not_distinct,
            expressions=tuple(expressions) if any(x is not None for x in expressions) else (),
            include=include, predicate=stmt.predicate, valid=False,
        )
        after = table.with_changes(indexes=table.indexes + (index,))
        return IndexDdl("CREATE INDEX", table, after, catalog.with_table(after), index)


def _find_table(catalog: Catalog, schema: str | None, name: str, search_path: tuple[str, ...]) -> Table:
    schemas = [schema] if schema is not None else list(search_path)
    for s in schemas:
        relation = catalog.relation(s, name)
        if isinstance(relation, Table):
            return relation
        if relation is not None:
            raise errors.WrongObjectType(
                f'cannot create index on relation "{name}"', detail="This operation is not supported for views."
            )
    raise errors.UndefinedTable(f'relation "{name if schema is None else f"{schema}.{name}"}" does not exist')


def _column(table: Table, name: str) -> int:
    pos = table.position(name)
    if pos is None:
        raise errors.UndefinedColumn(f'column "{name}" does not exist')
    return pos


def _choose_name(table: Table, stmt: CreateIndexStmt, taken: set[str]) -> str:
    """PostgreSQL's ChooseIndexName: ``table_col1_col2_idx`` (unique ones too), numbered if taken."""
    parts = []
    for text, is_expression in stmt.keys:
        if not is_expression:
            parts.append(text)
            continue
        node = parse_expression(text)
        parts.append(function_name(node) if isinstance(node, exp.Anonymous) else "expr")
    suffix = "idx"
    base = f"{table.name}_{'_'.join(parts)}"
    candidate = f"{base[: MAX_IDENTIFIER - len(suffix) - 1]}_{suffix}"
    n = 0
    while candidate in taken:
        n += 1
        tail = f"{suffix}{n}"
        candidate = f"{base[: MAX_IDENTIFIER - len(tail) - 1]}_{tail}"
    return candidate


class CreateIndex:
    """The prepared CREATE INDEX ASYNC: changes the catalog, returns the job id."""

    kind = "ddl"
    command = "CREATE INDEX"
    columns = [("job_id", TEXT)]

    def __init__(self, plan: CreateIndexPlan) -> None:
        self.plan = plan

    def run(self, ctx: ExecContext) -> tuple[str, list[Row] | None]:
        txn = ctx.txn
        cluster = ctx.session.cluster
        result = self.plan.execute(txn.catalog, cluster.allocate_id)
        if result.catalog is None or result.index is None:
            return "CREATE INDEX", None
        index, table = result.index, result.before
        assert table is not None
        txn.record_ddl("create_index", table, result.after, result.catalog)
        txn.record_ddl("create_index", None, IndexName(index.index_id, table.schema, index.name), result.catalog)
        runner = cluster.jobs
        job_id = runner.new_id()

        def submit() -> None:
            now = cluster.clock.now()
            runner.submit(Job(job_id, INDEX_BUILD, table.table_id, index.index_id, index.name, now, now))

        txn.on_commit.append(submit)
        return "CREATE INDEX", [(job_id,)]


# -- DROP INDEX ----------------------------------------------------------------------------------------


class DropIndexPlan:
    def __init__(self, stmt: DropIndexStmt, analyzer: Analyzer) -> None:
        self.stmt = stmt
        self.search_path = analyzer.search_path

    def execute(self, catalog: Catalog) -> list[IndexDdl]:
        results = []
        for schema, name in self.stmt.names:
            schemas = [schema] if schema is not None else list(self.search_path)
            found: tuple[Table, Index] | None = None
            for s in schemas:
                for table in catalog.tables.values():
                    if table.schema != s:
                        continue
                    if table.primary_key is not None and table.primary_key.name == name:
                        found = (table, table.primary_key)
                    for index in table.indexes:
                        if index.name == name:
                            found = (table, index)
                if found is not None:
                    break
                if catalog.relation(s, name) is not None:
                    raise errors.WrongObjectType(f'"{name}" is not an index', hint="Use DROP TABLE to remove a table.")
            if found is None:
                if self.stmt.if_exists:
                    continue  # NOTICE: index does not exist, skipping
                raise errors.UndefinedObject(f'index "{name}" does not exist')
            table, index = found
            if index.constraint:
                raise errors.DependentObjectsStillExist(
                    f'cannot drop index {index.name} because constraint {index.name} on table {table.name} requires it',
                    hint=f"You can drop constraint {index.name} on table {table.name} instead.",
                )
            from .foreign_keys import ForeignKeyGraph

            users = [r for r in ForeignKeyGraph.get(catalog).incoming.get(table.table_id, ()) if r.index is index]
            if users:  # a foreign key is enforced through this index (pg_constraint.conindid)
                raise errors.DependentObjectsStillExist(
                    f"cannot drop index {index.name} because other objects depend on it",
                    detail="\n".join(f"constraint {r.fk.name} on table {r.child.name} depends on index {index.name}"
                                     for r in users),
                    hint="Use DROP ... CASCADE to drop the dependent objects too.",
                )
            after = table.with_changes(indexes=tuple(i for i in table.indexes if i.index_id != index.index_id))
            catalog = catalog.with_table(after)
            results.append(IndexDdl("DROP INDEX", table, after, catalog, index))
        return results


class DropIndex:
    kind = "ddl"
    command = "DROP INDEX"
    columns = None

    def __init__(self, plan: DropIndexPlan) -> None:
        self.plan = plan

    def run(self, ctx: ExecContext) -> tuple[str, list[Row] | None]:
        txn = ctx.txn
        runner = ctx.session.cluster.jobs
        for result in self.plan.execute(txn.catalog):
            assert result.catalog is not None and result.index is not None
            index_id = result.index.index_id
            txn.record_ddl("drop_index", result.before, result.after, result.catalog)
            assert result.before is not None
            txn.record_ddl("drop_index", IndexName(index_id, result.before.schema, result.index.name), None, result.catalog)
            txn.on_commit.append(lambda index_id=index_id: runner.cancel_index(index_id))  # type: ignore[misc]
            txn.on_commit.append(lambda index_id=index_id: runner.submit_drop(index_id))  # type: ignore[misc]
        return "DROP INDEX", None


# -- CALL --------------------------------------------------------------------------------------------



class CallProcedure:
    """CALL sys.wait_for_job(job_id): runs the job to its end; one row, whether it completed."""

    kind = "query"
    command = "CALL"
    columns = [("wait_for_job", BOOL)]

    def __init__(self, stmt: CallStmt, analyzer: Analyzer) -> None:
        if stmt.has_subquery:
            raise errors.FeatureNotSupported("cannot use subquery in CALL argument")
        args = [analyzer.expr(parse_expression(text), Scope(), aggregates="CALL arguments") for text in stmt.args]
        wanted = PROCEDURES.get((stmt.schema or "", stmt.name))
        coerced = None
        if wanted is not None and len(wanted) == len(args):
            try:  # procedure resolution admits implicit coercions only, as functions' does
                coerced = [coerce(a, t, IMPLICIT) for a, t in zip(args, wanted)]
            except errors.Error:
                coerced = None
        if coerced is None:
            shown = f"{stmt.schema}.{stmt.name}" if stmt.schema else stmt.name
            types = ", ".join(a.type.name for a in args)
            raise errors.UndefinedFunction(
                f"procedure {shown}({types}) does not exist",
                hint="No procedure matches the given name and argument types. You might need to add explicit type casts.",
            )
        self.args = [compile_expr(simplify_expr(a)) for a in coerced]

    def run(self, ctx: ExecContext) -> tuple[str, list[Row] | None]:
        (fn,) = self.args
        job_id = fn((), ctx)
        if job_id is None:
            raise errors.InvalidTextRepresentation("Unable to convert text to UUID")
        runner = ctx.session.cluster.jobs
        done = runner.run(runner.get(job_id))
        return "CALL", [(done,)]

"""From a parsed statement to a prepared, executable one.

:func:`prepare` is the SQL layer's single entry point: it analyzes and plans
one :class:`~.ast.Statement` against a catalog and the types of the bound
parameters, and returns a :class:`Prepared` whose :meth:`Prepared.run`
executes it in an :class:`~.context.ExecContext`.  A prepared statement holds
only compiled code and catalog objects, so the session caches it by SQL text
and parameter types and runs it again without parsing or planning.

Utility statements (transaction control, SET, SHOW, refusals) change session
state rather than data: they are prepared as :class:`Utility` and the session
interprets them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, Sequence as SequenceDef
from ..types import TEXT, SqlType
from .analyze import Analyzer, Scope
from .coerce import parameter_inputs
from .ast import (
    AlterTableStmt,
    AnalyzeStmt,
    CallStmt,
    CommentStmt,
    CreateDomainStmt,
    CreateFunctionStmt,
    CreateIndexStmt,
    DropDomainStmt,
    DropFunctionStmt,
    DropIndexStmt,
    ExplainStmt,
    RefusedStmt,
    RoleStmt,
    SequenceStmt,
    SetStmt,
    ShowStmt,
    Statement,
    TransactionStmt,
)
from .context import ExecContext
from .ddl import CreateTablePlan, DropTablePlan
from .domains import CreateDomainPlan, DropDomainPlan
from .dml import DeletePlan, InsertPlan, UpdatePlan
from .indexes import CallProcedure, CreateIndex, CreateIndexPlan, DropIndex, DropIndexPlan
from .query import QueryPlan, plan_query, with_queries

if TYPE_CHECKING:
    # Imported by prepare() for the statements that need them: ALTER TABLE, sequences, roles,
    # functions, schemas and views are rare, and their modules add to every import pydsql.
    from .alter import AlterTablePlan
    from .namespace import CreateSchemaPlan, CreateViewPlan, DropSchemaPlan, DropViewPlan
    from .roles import RolePlan
    from .routines import CreateFunctionPlan, DropFunctionPlan
    from .sequence_ddl import SequencePlan

Row = tuple[Any, ...]


@dataclass
class Result:
    """What one statement produced: its command tag, and rows if it returns any."""

    tag: str
    columns: list[tuple[str, SqlType]] | None = None
    rows: list[Row] | None = None
    rowcount: int = -1


class Prepared:
    """A statement ready to run.

    ``kind`` is what the session's transaction rules need to know:
    ``query`` (reads only), ``dml`` (writes data), ``ddl`` (changes the
    schema) or ``utility``.  ``command`` names the statement in messages
    (``cannot execute INSERT in a read-only transaction``).
    """

    kind: str = "query"
    command: str = "SELECT"
    columns: list[tuple[str, SqlType]] | None = None
    #: ``(index, input function)`` of the parameters to convert when the statement is bound:
    #: those bound as text (``unknown``) whose type the statement deduced, as PostgreSQL
    #: converts them before it runs anything (22P02 for ``'x'`` as an integer, whatever
    #: the rows); see :func:`bind_parameters`
    param_inputs: tuple[tuple[int, Callable[[Any], Any]], ...] = ()

    def run(self, ctx: ExecContext) -> Result:
        raise NotImplementedError


def bind_parameters(inputs: tuple[tuple[int, Callable[[Any], Any]], ...], values: tuple[Any, ...]) -> tuple[Any, ...]:
    """``values`` as the statement reads them: its :attr:`~Prepared.param_inputs`
    ``inputs`` applied (NULL stays NULL)."""
    converted = list(values)
    for i, parse in inputs:
        v = converted[i]
        if v is not None:
            converted[i] = parse(v)
    return tuple(converted)


def _run_side_effects(side_effects: Sequence[Any], ctx: ExecContext) -> None:
    """Data-modifying WITH queries run first, each once (their rows are then read from the cache).
    The statement's reads, theirs included, see the database as of its start, not their writes
    (PostgreSQL's one snapshot per statement): ``ctx.reads``."""
    ctx.at_statement_start()
    for node in side_effects:
        node.rows(ctx)


class Query(Prepared):
    kind = "query"
    command = "SELECT"

    def __init__(self, plan: QueryPlan, side_effects: Sequence[tuple[str, Any]] = ()) -> None:
        self.plan = plan
        self.columns = plan.columns
        self.side_effects = [node for _, node in side_effects]
        if side_effects:
            self.kind = "dml"  # a SELECT that writes (PostgreSQL names it SELECT in its messages)

    def run(self, ctx: ExecContext) -> Result:
        if self.side_effects:
            _run_side_effects(self.side_effects, ctx)
        produced = self.plan.root.rows(ctx.reads or ctx)
        rows = produced if isinstance(produced, list) else list(produced)
        return Result(f"SELECT {len(rows)}", self.columns, rows, len(rows))


class Modify(Prepared):
    kind = "dml"

    def __init__(
        self, command: str, plan: InsertPlan | UpdatePlan | DeletePlan, side_effects: Sequence[tuple[str, Any]] = ()
    ) -> None:
        self.command = command
        self.plan = plan
        self.columns = plan.returning.columns
        self.side_effects = [node for _, node in side_effects]
        #: the INSERT plan whose runs (executemany) write in one pass (see InsertPlan.execute_runs)
        self.bulk = plan if isinstance(plan, InsertPlan) and plan.runs_in_bulk and not side_effects else None

    def run(self, ctx: ExecContext) -> Result:
        if self.side_effects:
            _run_side_effects(self.side_effects, ctx)
        result = self.plan.execute(ctx)
        tag = f"INSERT 0 {result.count}" if self.command == "INSERT" else f"{self.command} {result.count}"
        return Result(tag, self.columns, result.returning, result.count)


class CreateTable(Prepared):
    kind = "ddl"
    command = "CREATE TABLE"

    def __init__(self, plan: CreateTablePlan) -> None:
        self.plan = plan

    def run(self, ctx: ExecContext) -> Result:
        txn = ctx.txn
        result = self.plan.execute(txn.catalog, ctx.session.cluster.allocate_id)
        if result.catalog is not None:
            txn.record_ddl(result.kind, result.before, result.after, result.catalog)
            for kind, before, after in result.also:
                txn.record_ddl(kind, before, after, result.catalog)
        return Result(result.tag)


class DropTable(Prepared):
    kind = "ddl"
    command = "DROP TABLE"

    def __init__(self, plan: DropTablePlan) -> None:
        self.plan = plan

    def run(self, ctx: ExecContext) -> Result:
        txn = ctx.txn
        runner = ctx.session.cluster.jobs
        for result in self.plan.execute(txn.catalog):
            assert result.catalog is not None
            txn.record_ddl(result.kind, result.before, result.after, result.catalog)
            if result.kind == "drop_table" and result.before is not None:
                table_id = result.before.table_id
                txn.on_commit.append(lambda table_id=table_id: runner.submit_drop(table_id))  # type: ignore[misc]
        return Result("DROP TABLE")


class Namespaced(Prepared):
    """CREATE/DROP SCHEMA, VIEW and FUNCTION (see :mod:`.namespace` and :mod:`.routines`)."""

    kind = "ddl"

    def __init__(
        self, command: str,
        plan: CreateSchemaPlan | DropSchemaPlan | CreateViewPlan | DropViewPlan | CreateFunctionPlan
        | DropFunctionPlan | CreateDomainPlan | DropDomainPlan | RolePlan,
    ) -> None:
        self.command = command
        self.plan = plan

    def run(self, ctx: ExecContext) -> Result:
        txn = ctx.txn
        result = self.plan.execute(txn.catalog, ctx.session.cluster.allocate_id)
        if result.catalog is not None:
            for kind, before, after in result.changes:
                txn.record_ddl(kind, before, after, result.catalog)
        return Result(result.tag)


class IndexStatement(Prepared):
    """CREATE INDEX ASYNC, DROP INDEX and CALL (see :mod:`.indexes`)."""

    def __init__(self, inner: CreateIndex | DropIndex | CallProcedure) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.command = inner.command
        self.columns = inner.columns

    def run(self, ctx: ExecContext) -> Result:
        tag, rows = self.inner.run(ctx)
        if rows is None:
            return Result(tag)
        return Result(tag, self.columns, rows, len(rows))
class AlterTable(Prepared):
    """ALTER TABLE (see :mod:`.alter`); ``ALTER TABLE ASYNC ... VALIDATE CONSTRAINT`` returns a job id."""

    kind = "ddl"
    command = "ALTER TABLE"

    def __init__(self, plan: AlterTablePlan) -> None:
        self.plan = plan
        self.columns = [("job_id", TEXT)] if plan.stmt.asynchronous else None

    def run(self, ctx: ExecContext) -> Result:
        from ..cluster.jobs import INDEX_BUILD, PG_CONSTRAINT_OID, VALIDATE_CONSTRAINT, Job

        txn = ctx.txn
        cluster = ctx.session.cluster
        result = self.plan.execute(txn.catalog, cluster.allocate_id, cluster.sequence_values)
        if result.catalog is not None:
            for kind, before, after in result.changes:
                txn.record_ddl(kind, before, after, result.catalog)
                if isinstance(before, SequenceDef) and after is not None:
                    ctx.session.sequences.forget_block(before)  # this session's block follows the old definition
        runner = cluster.jobs
        for index_id in result.dropped_indexes:  # a UNIQUE constraint dropped: its storage goes in a DROP job
            txn.on_commit.append(lambda index_id=index_id: runner.submit_drop(index_id))  # type: ignore[misc]
        for table_id, index_id, name in result.rebuilds:

            def rebuild(table_id: int = table_id, index_id: int = index_id, name: str = name) -> None:
                now = cluster.clock.now()
                runner.submit(Job(runner.new_id(), INDEX_BUILD, table_id, index_id, name, now, now))

            txn.on_commit.append(rebuild)
        if result.validate is None:
            return Result(result.tag)
        table_id, oid, name = result.validate
        job_id = runner.new_id()

        def submit() -> None:
            now = cluster.clock.now()
            runner.submit(Job(job_id, VALIDATE_CONSTRAINT, table_id, oid, name, now, now, class_id=PG_CONSTRAINT_OID))

        txn.on_commit.append(submit)
        return Result(result.tag, self.columns, [(job_id,)], 1)


class SequenceDdl(Prepared):
    """CREATE / ALTER / DROP SEQUENCE (see :mod:`.sequence_ddl`)."""

    kind = "ddl"

    def __init__(self, plan: SequencePlan) -> None:
        self.plan = plan
        self.command = plan.tag

    def run(self, ctx: ExecContext) -> Result:
        txn = ctx.txn
        session = ctx.session
        result = self.plan.execute(txn.catalog, session.cluster.allocate_id, session.cluster.sequence_values)
        if result.catalog is not None:
            for kind, before, after in result.changes:
                txn.record_ddl(kind, before, after, result.catalog)
                if isinstance(before, SequenceDef) and after is not None:
                    session.sequences.forget_block(before)  # this session's block follows the old definition
        return Result(result.tag)


class Utility(Prepared):
    """Transaction control, SET/SHOW and refused statements: interpreted by the session."""

    kind = "utility"

    def __init__(self, node: TransactionStmt | SetStmt | ShowStmt | RefusedStmt | AnalyzeStmt) -> None:
        self.node = node
        self.command = type(node).__name__


def is_data_modifying(statement: Statement) -> bool:
    """INSERT, UPDATE or DELETE (with or without WITH): a statement that prepares as ``dml``."""
    return isinstance(statement.node, (exp.Insert, exp.Update, exp.Delete))


def _modify(node: exp.Insert | exp.Update | exp.Delete, analyzer: Analyzer) -> Modify:
    if isinstance(node, exp.Insert):
        return Modify("INSERT", InsertPlan(node, analyzer), analyzer.side_effects)
    if isinstance(node, exp.Update):
        return Modify("UPDATE", UpdatePlan(node, analyzer), analyzer.side_effects)
    return Modify("DELETE", DeletePlan(node, analyzer), analyzer.side_effects)


P = TypeVar("P", bound=Prepared)


def _bound(prepared: P, bound: Sequence[SqlType], analyzer: Analyzer) -> P:
    """``prepared`` with the input functions its parameters deduced as a type go through
    when the statement is bound (see :func:`~pydsql.sql.coerce.parameter_inputs`); 42P08
    for a reference left untyped to a parameter whose type was deduced elsewhere, 42P18
    for a parameter whose type nothing deduced."""
    types = analyzer.param_types
    # ``%(x)s IS NULL OR n = %(x)s``: the first reference was analyzed (and left untyped)
    # before the second deduced the type (PostgreSQL's check_parameter_resolution_walker)
    for param in analyzer.untyped_references:
        if not param.coerced and types[param.index].kind != "unknown":
            raise errors.AmbiguousParameter(f"could not determine data type of parameter ${param.index + 1}")
    # a parameter no coercion gave a type (``%s IS NULL``, ``pg_typeof(%s)``): PostgreSQL
    # cannot bind it (check_variable_parameters)
    undetermined = [i for i in sorted(analyzer.referenced_params) if types[i].kind == "unknown"]
    if undetermined:
        raise errors.IndeterminateDatatype(f"could not determine data type of parameter ${undetermined[0] + 1}")
    prepared.param_inputs = parameter_inputs(bound, analyzer.param_types)
    return prepared


def prepare(
    statement: Statement, catalog: Catalog, param_types: Sequence[SqlType], schema: str = "public",
    search_path: Sequence[str] | None = None, *, routine_args: tuple[str, dict[str, int]] | None = None,
) -> Prepared:
    """Plan a statement; ``schema`` is where objects are created ("" when no schema of the
    search path exists), ``search_path`` where unqualified names are looked up;
    ``routine_args`` (function name, argument names) when planning a SQL function's body."""
    node = statement.node
    if isinstance(node, (TransactionStmt, SetStmt, ShowStmt, RefusedStmt, AnalyzeStmt)):
        return Utility(node)
    if isinstance(node, ExplainStmt):
        from .explain import Explain  # explain renders the prepared statements of this module

        inner = prepare(node.statement, catalog, param_types, schema, search_path)
        explain = Explain(
            inner, analyze=node.analyze, verbose=node.verbose, costs=node.costs, timing=node.timing,
            summary=node.summary,
        )
        explain.param_inputs = inner.param_inputs  # bound before anything is explained, as in PostgreSQL
        return explain
    analyzer = Analyzer(catalog, param_types, schema, search_path, routine_args)
    if isinstance(node, CreateFunctionStmt):
        from .routines import CreateFunctionPlan

        return Namespaced("CREATE FUNCTION", CreateFunctionPlan(node, analyzer))
    if isinstance(node, DropFunctionStmt):
        from .routines import DropFunctionPlan

        return Namespaced("DROP FUNCTION", DropFunctionPlan(node, analyzer))
    if isinstance(node, CreateIndexStmt):
        return IndexStatement(CreateIndex(CreateIndexPlan(node, analyzer)))
    if isinstance(node, DropIndexStmt):
        return IndexStatement(DropIndex(DropIndexPlan(node, analyzer)))
    if isinstance(node, CallStmt):
        return IndexStatement(CallProcedure(node, analyzer))
    if isinstance(node, RoleStmt):
        from .roles import RolePlan

        plan = RolePlan(node, analyzer)
        return Namespaced(plan.command, plan)
    if isinstance(node, AlterTableStmt):
        from .alter import AlterTablePlan

        return AlterTable(AlterTablePlan(node, analyzer))
    if isinstance(node, CreateDomainStmt):
        return Namespaced("CREATE DOMAIN", CreateDomainPlan(node, analyzer))
    if isinstance(node, DropDomainStmt):
        return Namespaced("DROP DOMAIN", DropDomainPlan(node, analyzer))
    if isinstance(node, CommentStmt):
        from .comments import Comment  # it builds on this module's Prepared

        return Comment(node)
    if isinstance(node, SequenceStmt):
        from .sequence_ddl import SequencePlan

        return SequenceDdl(SequencePlan(node, schema, search_path if search_path is not None else (schema,)))
    assert isinstance(node, exp.Expr)
    analyzer.top_with = node.args.get("with_")
    if isinstance(node, (exp.Select, exp.Subquery, exp.Union, exp.Intersect, exp.Except, exp.Values)):
        query = plan_query(node, analyzer)
        return _bound(Query(query, analyzer.side_effects), param_types, analyzer)
    if isinstance(node, (exp.Insert, exp.Update, exp.Delete)):
        with_ = node.args.get("with_")
        if with_ is None:
            return _bound(_modify(node, analyzer), param_types, analyzer)
        with with_queries(with_, analyzer, Scope()):
            return _bound(_modify(node, analyzer), param_types, analyzer)
    if isinstance(node, exp.Create):
        kind = str(node.args.get("kind") or "").upper()
        if kind == "TABLE":
            return CreateTable(CreateTablePlan(node, analyzer))
        if kind == "SCHEMA":
            from .namespace import CreateSchemaPlan

            return Namespaced("CREATE SCHEMA", CreateSchemaPlan(node, analyzer))
        if kind == "VIEW":
            from .namespace import CreateViewPlan

            return Namespaced("CREATE VIEW", CreateViewPlan(node, analyzer))
        raise errors.FeatureNotSupported(f"CREATE {kind} is not supported by pydsql yet")
    if isinstance(node, exp.Drop):
        kind = str(node.args.get("kind") or "").upper()
        if kind == "TABLE":
            return DropTable(DropTablePlan(node, analyzer))
        if kind == "SCHEMA":
            from .namespace import DropSchemaPlan

            return Namespaced("DROP SCHEMA", DropSchemaPlan(node, analyzer))
        if kind == "VIEW":
            from .namespace import DropViewPlan

            return Namespaced("DROP VIEW", DropViewPlan(node, analyzer))
        raise errors.FeatureNotSupported(f"DROP {kind} is not supported by pydsql yet")
    if isinstance(node, exp.Alter):  # ALTER TABLE is parsed by .dialect: ALTER VIEW, ALTER INDEX...
        kind = str(node.args.get("kind") or "").upper()
        raise errors.FeatureNotSupported(f"ALTER {kind} is not supported by pydsql yet")
    raise errors.FeatureNotSupported(f"statement not supported by pydsql: {statement.text}")

"""SQL-language functions: CREATE FUNCTION, DROP FUNCTION, and calling them.

DSQL supports ``CREATE FUNCTION ... LANGUAGE sql`` (and refuses plpgsql,
reference section 3).  A function is a :class:`~pydsql.catalog.Routine` in
the catalog: its signature and the SQL text of its body (``RETURN expr`` is
stored as ``SELECT expr``).

Invariants
----------
* The body is checked once at CREATE, as PostgreSQL does with
  ``check_function_bodies``: every statement is planned against the catalog
  of the creating transaction, so a body that names a missing table or
  returns the wrong type is refused then (42P01, 42P13...).
* At a call site the body is planned again, lazily on the first call, against
  the calling statement's catalog and search path: a prepared statement that
  calls a function holds the plans of that catalog version, and DDL (which
  makes a new catalog) re-plans.  Planning lazily lets a function call itself.
* Inside the body, an argument is ``$n`` or its name; a column of the
  statement takes precedence over an argument of the same name, as in
  PostgreSQL, and ``function_name.argument`` names the argument explicitly.
* The body's statements run in the caller's transaction and statement: what
  they write is undone with the calling statement if it fails, and the
  session's transaction rules (READ ONLY, DSQL's DDL/DML separation) apply
  to each of them.
* Calls are never constant-folded, whatever the declared volatility.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, Routine
from ..txn.transaction import StatementStart
from ..types import RECORD, VOID, SqlType
from ..values.registry import ASSIGNMENT
from .analyze import Analyzer, Scope
from .ast import CreateFunctionStmt, DropFunctionStmt
from .coerce import cast_function, coerce
from .context import ExecContext
from .datatypes import sql_type
from .dialect import parse, parse_expression
from .namespace import Change, NamespaceResult
from . import functions, system

if TYPE_CHECKING:
    from .statements import Prepared


def type_from_text(text: str) -> SqlType:
    """The type a type name written in SQL denotes (``int``, ``numeric(10,2)``, ``text[]``)."""
    if text.strip().lower() == "void":
        return VOID
    node = parse_expression(f"CAST(NULL AS {text})")
    if not isinstance(node, exp.Cast):
        raise errors.SyntaxError(f'syntax error at or near "{text.split()[0]}"')
    return sql_type(node.to)


def _type_key(types: Sequence[SqlType]) -> tuple[int, ...]:
    """Overloads are told apart by their argument types, modifiers ignored (as pg_proc.proargtypes)."""
    return tuple(t.oid for t in types)


def _kind_name(t: SqlType) -> str:
    """The argument kind the function registry uses for a type (``int4``, ``text[]``)."""
    if t.kind == "array":
        assert t.elem is not None
        return f"{t.elem.kind}[]"
    return t.kind


def _mismatch(result: SqlType, detail: str) -> errors.Error:
    return errors.InvalidFunctionDefinition(
        f"return type mismatch in function declared to return {result.name}", detail=detail
    )


def prepare_body(routine: Routine, catalog: Catalog, schema: str, search_path: Sequence[str]) -> list[Prepared]:
    """Plan the body's statements: arguments are ``$n`` and, by name, fallbacks for unknown columns."""
    from .statements import prepare

    names = {n: i for i, n in enumerate(routine.arg_names) if n is not None}
    plans = []
    for statement in parse(routine.body):
        plan = prepare(
            statement, catalog, routine.arg_types, schema, search_path, routine_args=(routine.name, names)
        )
        if plan.kind not in ("query", "dml"):
            raise errors.FeatureNotSupported(
                f"{plan.command} is not supported in the body of a SQL function by pydsql"
            )
        plans.append(plan)
    return plans


def _result_converters(routine: Routine, plans: Sequence[Prepared]) -> list[Callable[[Any], Any] | None]:
    """Check the final statement's columns against the declared result (check_sql_fn_retval)
    and return the per-column conversions to the declared types (None: none needed)."""
    result = routine.result
    if result == VOID:
        return []
    final = plans[-1] if plans else None
    columns = final.columns if final is not None else None
    if columns is None:
        raise _mismatch(
            result, "Function's final statement must be SELECT or INSERT/UPDATE/DELETE/MERGE RETURNING."
        )
    expected = [t for _, t in routine.columns] if routine.columns is not None else [result]
    if len(columns) != len(expected):
        if routine.columns is None:
            raise _mismatch(result, "Final statement must return exactly one column.")
        raise _mismatch(result, f"Final statement returns too {'many' if len(columns) > len(expected) else 'few'} columns.")
    converters: list[Callable[[Any], Any] | None] = []
    for i, ((_, actual), wanted) in enumerate(zip(columns, expected)):
        if actual == wanted:
            converters.append(None)
            continue
        fn = cast_function(actual, wanted, ASSIGNMENT)
        if fn is None:
            if routine.columns is None:
                raise _mismatch(result, f"Actual return type is {actual.name}.")
            raise _mismatch(
                result, f"Final statement returns {actual.name} instead of {wanted.name} at column {i + 1}."
            )
        converters.append(fn)
    return converters


class CreateFunctionPlan:
    """CREATE [OR REPLACE] FUNCTION name(args) RETURNS type ... LANGUAGE sql AS body | RETURN expr."""

    def __init__(self, node: CreateFunctionStmt, analyzer: Analyzer) -> None:
        if node.body is None and node.return_expr is None:
            raise errors.InvalidFunctionDefinition("no function body specified")
        if node.body is not None and node.return_expr is not None:
            raise errors.InvalidFunctionDefinition("duplicate function body specified")
        if node.return_expr is None and node.language is None:
            raise errors.InvalidFunctionDefinition("no language specified")
        if node.return_expr is not None and node.language not in (None, "sql"):
            raise errors.InvalidFunctionDefinition("inline SQL function body only valid for language SQL")
        arg_names: list[str | None] = []
        arg_types: list[SqlType] = []
        defaults: list[str] = []
        for arg in node.args:
            if arg.name is not None and arg.name in arg_names:
                raise errors.InvalidFunctionDefinition(f'parameter name "{arg.name}" used more than once')
            try:
                t = type_from_text(arg.type_text)
            except errors.UndefinedObject:  # PostgreSQL words it without quotes for arguments
                raise errors.UndefinedObject(f"type {arg.type_text} does not exist") from None
            if t == VOID:
                raise errors.InvalidFunctionDefinition("SQL functions cannot have arguments of type void")
            if arg.default_text is not None:
                defaults.append(arg.default_text)
            elif defaults:
                raise errors.InvalidFunctionDefinition(
                    "input parameters after one with a default value must also have defaults"
                )
            arg_names.append(arg.name)
            arg_types.append(t)
        columns: tuple[tuple[str, SqlType], ...] | None = None
        if node.table_columns is not None:
            columns = tuple((name, type_from_text(text)) for name, text in node.table_columns)
            # one output column: the function returns that type (PostgreSQL's single OUT parameter)
            result, set_returning = (columns[0][1] if len(columns) == 1 else RECORD), True
        elif node.returns is not None:
            result, set_returning = type_from_text(node.returns), node.setof
        else:
            raise errors.InvalidFunctionDefinition("function result type must be specified")
        self.schema = node.schema or analyzer.schema
        self.replace = node.replace
        body = node.body if node.return_expr is None else f"SELECT {node.return_expr}"
        assert body is not None
        # object id 0 until execute(): the checks below do not depend on it
        self.routine = Routine(
            0, self.schema, node.name, tuple(arg_names), tuple(arg_types), tuple(defaults), result, set_returning,
            columns, body, node.volatility, node.strict,
        )
        for i, text in enumerate(defaults):  # a default must be a valid expression of its argument's type
            position = len(arg_types) - len(defaults) + i
            coerce(analyzer.expr(parse_expression(text), Scope(), clause="DEFAULT"), arg_types[position], ASSIGNMENT)
        # checked with the function itself in the catalog, so that it may call itself
        catalog = analyzer.catalog
        existing = next(
            (r for r in catalog.routines.get((self.schema, node.name), ())
             if _type_key(r.arg_types) == _type_key(self.routine.arg_types)), None,
        )
        catalog = catalog.with_routine(self.routine, replacing=existing)
        _result_converters(self.routine, prepare_body(self.routine, catalog, analyzer.schema, analyzer.search_path))

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        schema, routine = self.schema, self.routine
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, routine.name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        key = _type_key(routine.arg_types)
        existing = next((r for r in catalog.routines.get((schema, routine.name), ()) if _type_key(r.arg_types) == key), None)
        changes: list[Change]
        if existing is not None:
            if not self.replace:
                raise errors.DuplicateFunction(
                    f'function "{routine.name}" already exists with same argument types'
                )
            hint = f"Use DROP FUNCTION {existing.signature()} first."
            if existing.result != routine.result or existing.set_returning != routine.set_returning or (
                existing.columns != routine.columns
            ):
                raise errors.InvalidFunctionDefinition("cannot change return type of existing function", hint=hint)
            for old_name, new_name in zip(existing.arg_names, routine.arg_names):
                if old_name is not None and old_name != new_name:
                    raise errors.InvalidFunctionDefinition(
                        f'cannot change name of input parameter "{old_name}"', hint=hint
                    )
            if len(routine.defaults) < len(existing.defaults):
                raise errors.InvalidFunctionDefinition("cannot remove parameter defaults from existing function")
            new = replace(routine, table_id=existing.table_id)
            changes = [("replace_function", existing, new)]
            return NamespaceResult("CREATE FUNCTION", changes, catalog.with_routine(new, replacing=existing))
        new = replace(routine, table_id=allocate_id())
        changes = [("create_function", None, new)]
        return NamespaceResult("CREATE FUNCTION", changes, catalog.with_routine(new))


class DropFunctionPlan:
    """DROP FUNCTION [IF EXISTS] name[(types)] [, ...]: without types, the name must be unique."""

    def __init__(self, node: DropFunctionStmt, analyzer: Analyzer) -> None:
        self.if_exists = node.if_exists
        self.search_path = analyzer.search_path
        self.targets = [
            (schema, name, None if types is None else tuple(type_from_text(t) for t in types))
            for schema, name, types in node.targets
        ]

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        changes: list[Change] = []
        for schema, name, types in self.targets:
            if schema is not None and schema not in catalog.schemas and schema not in system.SYSTEM_SCHEMAS:
                if self.if_exists:
                    continue
                raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
            schemas = [schema] if schema is not None else list(self.search_path)
            overloads = [r for s in schemas for r in catalog.routines.get((s, name), ())]
            if types is not None:
                key = _type_key(types)
                overloads = [r for r in overloads if _type_key(r.arg_types) == key][:1]
            shown = f"{schema}.{name}" if schema is not None else name
            if not overloads:
                if self.if_exists:
                    continue  # NOTICE: function ... does not exist, skipping
                if types is None:
                    raise errors.UndefinedFunction(f'could not find a function named "{shown}"')
                raise errors.UndefinedFunction(f"function {shown}({', '.join(t.name for t in types)}) does not exist")
            if len(overloads) > 1:
                raise errors.AmbiguousFunction(
                    f'function name "{shown}" is not unique',
                    hint="Specify the argument list to select the function unambiguously.",
                )
            routine = overloads[0]
            catalog = catalog.without_routine(routine)
            changes.append(("drop_function", routine, None))
        return NamespaceResult("DROP FUNCTION", changes, catalog if changes else None)


# -- calls -------------------------------------------------------------------------------------------


def candidates(analyzer: Analyzer, name: str, schema: str | None) -> list[functions.Function]:
    """The SQL functions a call ``[schema.]name(...)`` may mean, as registry rows.

    One row per number of arguments the call may give (trailing DEFAULTs may
    be left out); a function with the signature of a built-in one is hidden
    by it (pg_catalog comes first in the search path)."""
    catalog = analyzer.catalog
    if not catalog.routines:
        return []
    schemas = [schema] if schema is not None else list(analyzer.search_path)
    builtin = {f.args for f in functions.candidates(name)} if schema is None else set()
    out = []
    for s in schemas:
        for routine in catalog.routines.get((s, name), ()):
            kinds = tuple(_kind_name(t) for t in routine.arg_types)
            if kinds in builtin:
                continue
            first_default = len(kinds) - len(routine.defaults)
            for given in range(first_default, len(kinds) + 1):
                out.append(_call_row(analyzer, routine, kinds[:given]))
    return out


def _call_row(analyzer: Analyzer, routine: Routine, kinds: tuple[str, ...]) -> functions.Function:
    """The registry row of one call shape: ``fn(ctx, *args)`` runs the body."""
    missing = len(routine.arg_types) - len(kinds)
    default_fns = []
    if missing:
        from .compile import compile_expr

        for text, t in zip(routine.defaults[len(routine.defaults) - missing:], routine.arg_types[len(kinds):]):
            e = coerce(analyzer.expr(parse_expression(text), Scope(), clause="DEFAULT"), t, ASSIGNMENT)
            default_fns.append(compile_expr(e))
    run = _runner(routine, analyzer.catalog, analyzer.schema, analyzer.search_path)

    def call(ctx: ExecContext, *args: Any) -> Any:
        if default_fns:
            args = (*args, *(f((), ctx) for f in default_fns))
        return run(ctx, args)

    columns = routine.columns or ((None, routine.result),)
    return functions.Function(
        routine.name, kinds, routine.result if routine.columns is None else routine.columns[0][1], call,
        strict=False, volatile=True, context=True, set_returning=routine.set_returning,
        columns=tuple(columns) if routine.set_returning else None,
    )


def _runner(
    routine: Routine, catalog: Catalog, schema: str, search_path: Sequence[str]
) -> Callable[[ExecContext, tuple[Any, ...]], Any]:
    plans: list[Prepared] | None = None
    converters: list[Callable[[Any], Any] | None] = []
    width = len(routine.columns) if routine.columns is not None else 1

    def run(ctx: ExecContext, args: tuple[Any, ...]) -> Any:
        nonlocal plans, converters
        if routine.strict and any(a is None for a in args):
            return iter(()) if routine.set_returning else None
        if plans is None:
            body = prepare_body(routine, catalog, schema, search_path)
            converters = _result_converters(routine, body)
            plans = body
        # the body's statements see the calling statement's writes (a VOLATILE function's do in
        # PostgreSQL), even when it is called where that statement reads as of its start
        txn = ctx.txn
        if isinstance(txn, StatementStart):
            txn = txn.transaction
        inner = ExecContext(txn, args, ctx.session)
        rows: list[tuple[Any, ...]] = []
        for plan in plans:
            ctx.session.check_allowed(plan, ctx.txn)
            rows = plan.run(inner).rows or []
        if routine.result == VOID:
            return None
        if any(converters):
            rows = [
                tuple(v if v is None or conv is None else conv(v) for v, conv in zip(row, converters)) for row in rows
            ]
        if routine.set_returning:
            return _values(rows, width)
        return rows[0][0] if rows else None

    return run


def _values(rows: list[tuple[Any, ...]], width: int) -> Iterator[Any]:
    if width == 1:
        return (row[0] for row in rows)
    return iter(rows)

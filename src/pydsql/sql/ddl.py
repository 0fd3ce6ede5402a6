"""CREATE TABLE and DROP TABLE: catalog changes.

A DDL statement builds the new catalog (:mod:`pydsql.catalog` objects are
immutable) and records it in the transaction; the cluster publishes it at
COMMIT, atomically with the commit version.  Validation follows PostgreSQL
(duplicate columns, unknown key columns, multiple primary keys...) and the
constraint names are PostgreSQL's (``t_pkey``, ``t_a_b_key``, ``t_a_check``).

DSQL's rules that are checked here: column types (arrays and other run-time
only types are refused), TEMP/UNLOGGED/partitioned tables and CREATE TABLE AS
(the statement-level refusals are in :mod:`.dialect`).

An identity column (``bigint GENERATED ... AS IDENTITY (CACHE n)``) creates
its sequence in the same statement (:mod:`.sequence_ddl` checks DSQL's rules
for it); the table owns it and DROP TABLE drops it.  Column defaults name
relations by OID (``nextval('s')`` is stored as ``nextval(16384::regclass)``),
as PostgreSQL's stored expressions do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlglot import exp

from .dialect import syntax_error_near
from .. import errors
from ..catalog import Catalog, CatalogObject, Check, Column, ForeignKey, Index, Sequence, Table, View
from ..types import SqlType
from ..values.registry import ASSIGNMENT
from ..values.oids import SYSTEM_KINDS
from . import system
from .analyze import Analyzer, Scope
from .coerce import coerce
from .datatypes import declared_type
from .dialect import function_name, parse_expression, to_sql
from .guard import only

#: The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes).
MAX_IDENTIFIER = 63


@dataclass
class DdlResult:
    tag: str
    kind: str  # the change recorded in the transaction ("create_table", "drop_table"), or "" if none
    before: Table | None
    after: Table | None
    catalog: Catalog | None
    #: further changes of the same statement (the sequences of identity columns)
    also: list[tuple[str, CatalogObject | None, CatalogObject | None]] = field(default_factory=list)


def _refuse(message: str) -> errors.FeatureNotSupported:
    return errors.FeatureNotSupported(message)


class CreateTablePlan:
    """CREATE TABLE [IF NOT EXISTS] name (columns and constraints)."""

    def __init__(self, node: exp.Create, analyzer: Analyzer) -> None:
        if node.args.get("expression") is not None:
            raise _refuse("unsupported statement: CreateTableAs")
        only(node, ("this", "kind", "exists", "properties"), "CREATE TABLE")
        properties = node.args.get("properties")
        if properties is not None:
            for prop in properties.expressions:
                if isinstance(prop, exp.PartitionedByProperty):
                    raise _refuse("PARTITION BY clause not supported")
                if isinstance(prop, (exp.TemporaryProperty,)):
                    raise _refuse("TEMPORARY or TEMP table not supported for CREATE TABLE")
                raise _refuse(f"table option not supported: {to_sql(prop)}")
        schema_node = node.this
        if not isinstance(schema_node, exp.Schema) or not isinstance(schema_node.this, exp.Table):
            raise syntax_error_near(node.this)
        self.node = node
        self.table_node = schema_node.this
        self.if_not_exists = bool(node.args.get("exists"))
        self.analyzer = analyzer

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> DdlResult:
        table_node = self.table_node
        schema = table_node.db or self.analyzer.schema
        name = table_node.name
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        if catalog.table(schema, name) is not None or name in catalog.relation_names(schema):
            if self.if_not_exists:
                return DdlResult("CREATE TABLE", "", None, None, None)  # NOTICE: relation already exists, skipping
            raise errors.DuplicateTable(f'relation "{name}" already exists')
        table, sequences = _build_table(self.node, schema, name, allocate_id, self.analyzer)
        catalog = catalog.with_table(table)
        for seq in sequences:
            catalog = catalog.with_sequence(seq)
        also: list[tuple[str, CatalogObject | None, CatalogObject | None]] = [
            ("create_sequence", None, seq) for seq in sequences
        ]
        return DdlResult("CREATE TABLE", "create_table", None, table, catalog, also)


def _build_table(
    node: exp.Create, schema: str, name: str, allocate_id: Callable[[], int], analyzer: Analyzer
) -> tuple[Table, list[Sequence]]:
    """The table, and the sequences of its identity columns (owned by it)."""
    from .sequence_ddl import identity_sequence

    columns: list[Column] = []
    identity_options = list(node.meta.get("identity") or ())
    sequences: list[Sequence] = []
    sequence_names: set[str] = set()
    pk_columns: list[str] | None = None
    pk_name: str | None = None
    uniques: list[tuple[str | None, list[str]]] = []
    checks: list[tuple[str | None, exp.Expr]] = []
    fkeys: list[tuple[str | None, list[str], exp.Expr]] = []

    def set_pk(cols: list[str], cname: str | None) -> None:
        nonlocal pk_columns, pk_name
        if pk_columns is not None:
            raise errors.InvalidTableDefinition(f'multiple primary keys for table "{name}" are not allowed')
        pk_columns, pk_name = cols, cname

    for item in node.this.expressions:
        if isinstance(item, exp.ColumnDef):
            col_name = item.name
            if any(c.name == col_name for c in columns):
                raise errors.DuplicateColumn(f'column "{col_name}" specified more than once')
            kind = item.args.get("kind")
            if kind is None:
                raise errors.SyntaxError(f'syntax error at or near "{col_name}"')
            t, domain = declared_type(kind, analyzer.catalog, analyzer.search_path)
            _check_column_type(t, kind)
            not_null = False
            default: str | None = None
            identity: str | None = None
            sequence: Sequence | None = None
            declared_null = False
            for constraint in item.args.get("constraints") or []:
                cname = constraint.name or None
                ckind = constraint.args.get("kind")
                if isinstance(ckind, exp.NotNullColumnConstraint):
                    if ckind.args.get("allow_null"):
                        declared_null = True
                    else:
                        not_null = True
                elif isinstance(ckind, exp.DefaultColumnConstraint):
                    default = _default_text(ckind.this, t, col_name, analyzer)
                elif isinstance(ckind, exp.PrimaryKeyColumnConstraint):
                    set_pk([col_name], cname)
                elif isinstance(ckind, exp.UniqueColumnConstraint):
                    uniques.append((cname, [col_name]))
                elif isinstance(ckind, exp.CheckColumnConstraint):
                    checks.append((cname, ckind.this))
                elif isinstance(ckind, exp.Reference):
                    fkeys.append((cname, [col_name], ckind))
                elif isinstance(ckind, exp.CollateColumnConstraint):
                    raise _refuse("COLLATE is not supported (DSQL supports only the C collation)")
                elif isinstance(ckind, exp.GeneratedAsIdentityColumnConstraint) and ckind.args.get("expression") is None:
                    if identity is not None:
                        raise errors.SyntaxError(
                            f'multiple identity specifications for column "{col_name}" of table "{name}"'
                        )
                    identity = "a" if ckind.this else "d"
                    options = identity_options.pop(0) if identity_options else None
                    sequence = identity_sequence(
                        analyzer.catalog, schema, name, Column(col_name, t), options, allocate_id, sequence_names
                    )
                else:
                    raise _refuse(f"column constraint not supported: {to_sql(constraint)}")
            if declared_null and (not_null or identity is not None):  # an identity column is NOT NULL
                raise errors.SyntaxError(
                    f'conflicting NULL/NOT NULL declarations for column "{col_name}" of table "{name}"'
                )
            if identity is not None and default is not None:
                raise errors.SyntaxError(f'both default and identity specified for column "{col_name}" of table "{name}"')
            if sequence is not None:
                if domain is not None:  # PostgreSQL: identity columns must be smallint, integer or bigint
                    raise errors.InvalidParameterValue(
                        'identity column type must be smallint, integer, or bigint'
                    )
                sequences.append(sequence)
                columns.append(Column(col_name, t, True, None, identity, sequence.table_id))
                continue
            columns.append(Column(col_name, t, not_null, default, domain=domain))
        elif isinstance(item, exp.PrimaryKey):
            set_pk([e.name for e in item.expressions], None)
        elif isinstance(item, exp.UniqueColumnConstraint):
            uniques.append((None, [e.name for e in item.this.expressions]))
        elif isinstance(item, exp.CheckColumnConstraint):
            checks.append((None, item.this))
        elif isinstance(item, exp.ForeignKey):
            fkeys.append((None, [e.name for e in item.expressions], item.args["reference"]))
        elif isinstance(item, exp.Constraint):
            cname = item.name
            for inner in item.expressions:
                if isinstance(inner, exp.PrimaryKey):
                    set_pk([e.name for e in inner.expressions], cname)
                elif isinstance(inner, exp.PrimaryKeyColumnConstraint):
                    raise errors.SyntaxError('syntax error at or near "PRIMARY"')
                elif isinstance(inner, exp.UniqueColumnConstraint):
                    uniques.append((cname, [e.name for e in inner.this.expressions]))
                elif isinstance(inner, exp.CheckColumnConstraint):
                    checks.append((cname, inner.this))
                elif isinstance(inner, exp.ForeignKey):
                    fkeys.append((cname, [e.name for e in inner.expressions], inner.args["reference"]))
                else:
                    raise _refuse(f"table constraint not supported: {to_sql(item)}")
        elif isinstance(item, exp.LikeProperty):
            raise _refuse("CREATE TABLE ... (LIKE ...) is not supported by pydsql yet")
        else:
            raise _refuse(f"table element not supported: {to_sql(item)}")

    positions = {c.name: i for i, c in enumerate(columns)}

    def key_positions(cols: list[str]) -> tuple[int, ...]:
        out = []
        for c in cols:
            if c not in positions:
                raise errors.UndefinedColumn(f'column "{c}" named in key does not exist')
            out.append(positions[c])
        return tuple(out)

    used_names: set[str] = set(sequence_names)  # one namespace with the identity sequences

    def choose(base: str) -> str:
        candidate = base
        n = 0
        while candidate in used_names:
            n += 1
            candidate = f"{base}{n}"
        used_names.add(candidate)
        return candidate[:MAX_IDENTIFIER]

    primary_key = None
    if pk_columns is not None:
        cols = key_positions(pk_columns)
        _check_key_types(columns, cols)
        for i in cols:
            columns[i] = replace(columns[i], not_null=True)
        primary_key = Index(allocate_id(), pk_name or choose(f"{name}_pkey"), cols, unique=True, primary=True, constraint=True)
        used_names.add(primary_key.name)
    indexes = []
    for cname, cols_ in uniques:
        cols = key_positions(cols_)
        _check_key_types(columns, cols)
        if primary_key is not None and cols == primary_key.columns:
            continue  # PostgreSQL drops a UNIQUE constraint that repeats the primary key
        iname = cname or choose(f"{name}_{'_'.join(cols_)}_key")
        used_names.add(iname)
        indexes.append(Index(allocate_id(), iname, cols, unique=True, constraint=True))

    scope = Scope()
    scope.add(name, [(c.name, c.type) for c in columns])
    check_defs = []
    for cname, expr_node in checks:
        analyzer.check_constraint(expr_node, scope)  # validates: unknown columns, non-boolean...
        referenced = sorted({c.name for c in expr_node.find_all(exp.Column)})
        base = f"{name}_{referenced[0]}_check" if len(referenced) == 1 else f"{name}_check"
        check_defs.append(Check(cname or choose(base), to_sql(expr_node), allocate_id()))

    fk_defs = []
    for cname, cols_, ref in fkeys:
        ref_schema = ref.this
        ref_table = ref_schema.this if isinstance(ref_schema, exp.Schema) else ref_schema
        ref_cols = tuple(e.name for e in ref_schema.expressions) if isinstance(ref_schema, exp.Schema) else ()
        if analyzer.catalog.table(ref_table.db or schema, ref_table.name) is None and ref_table.name != name:
            raise errors.UndefinedTable(f'relation "{ref_table.name}" does not exist')
        base = f"{name}_{'_'.join(cols_)}_fkey"
        fk_defs.append(ForeignKey(
            cname or choose(base), key_positions(cols_), ref_table.name, ref_cols, allocate_id(), ref_table.db or schema
        ))

    table = Table(
        allocate_id(), schema, name, tuple(columns), primary_key, tuple(indexes), tuple(check_defs), tuple(fk_defs)
    )
    owned = [replace(seq, owner=(table.table_id, c.name)) for c in columns for seq in sequences if c.sequence == seq.table_id]
    return table, owned


def _check_column_type(t: SqlType, node: exp.Expr) -> None:
    """DSQL refuses run-time-only types as column types (reference section 7)."""
    if t.kind == "array":
        raise _refuse(f"datatype {t.sql_name()} not supported")
    if t.kind in ("name", "unknown", "record", "void") or t.kind in SYSTEM_KINDS:
        raise _refuse(f"datatype {t} not supported")


def _check_key_types(columns: list[Column], positions: tuple[int, ...]) -> None:
    """Primary keys and UNIQUE constraints are indexes: json has no btree operator
    class (PostgreSQL's 42704), and DSQL refuses jsonb index keys (reference section 7)."""
    for i in positions:
        t = columns[i].type
        if t.kind == "json":
            raise errors.UndefinedObject(
                'data type json has no default operator class for access method "btree"',
                hint="You must specify an operator class for the index or define a default operator class for the data type.",
            )
        if t.kind == "jsonb":
            raise _refuse(f"datatype {t} not supported in an index key")


def _default_text(node: exp.Expr, t: SqlType, column: str, analyzer: Analyzer) -> str:
    """Validate a DEFAULT expression and return the SQL text stored in the catalog."""
    if node.find(exp.Select) is not None:
        raise errors.FeatureNotSupported("cannot use subquery in DEFAULT expression")
    try:
        e = analyzer.expr(node, Scope(), aggregates="DEFAULT expressions")
    except errors.UndefinedColumn:
        raise errors.FeatureNotSupported("cannot use column reference in DEFAULT expression") from None
    coerce(e, t, ASSIGNMENT, column=column)
    text = to_sql(_bind_relations(node, analyzer))
    parse_expression(text)  # must read back
    return text


def _regclass_functions() -> frozenset[str]:
    from .functions import FUNCTIONS

    return frozenset(name for name, fs in FUNCTIONS.items() if fs and all(f.args[:1] == ("regclass",) for f in fs))


def _bind_relations(node: exp.Expr, analyzer: Analyzer) -> exp.Expr:
    """A stored expression names relations by OID, as PostgreSQL's (a regclass constant
    is an OID): ``nextval('s')`` is stored as ``nextval(16384::regclass)``, so it keeps
    reading the same sequence after a rename or a change of search_path, and the
    sequence knows the defaults that depend on it (:func:`.system.relation_dependencies`)."""
    regclass_args = _regclass_functions()
    names = system.SystemCatalog.get(analyzer.catalog, analyzer.search_path)

    def literal(n: exp.Expr) -> str | None:
        if isinstance(n, exp.Cast) and n.to.sql(dialect="postgres").lower() == "regclass":
            n = n.this
        return n.this if isinstance(n, exp.Literal) and n.is_string else None

    def bind(n: exp.Expr) -> exp.Expr:
        target: exp.Expr | None = None
        if isinstance(n, exp.Anonymous) and n.expressions and function_name(n) in regclass_args:
            target = n.expressions[0]
        elif isinstance(n, exp.Cast) and n.to.sql(dialect="postgres").lower() == "regclass":
            target = n
        text = literal(target) if target is not None else None
        if text is None or target is None:
            return n
        oid = names.oid_of("regclass", text)
        bound = exp.Cast(this=exp.Literal.number(oid), to=exp.DataType.build("regclass", dialect="postgres"))
        if target is n:
            return bound
        n = n.copy()
        n.expressions[0].replace(bound)
        return n

    return node.copy().transform(bind)



class DropTablePlan:
    """DROP TABLE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]."""

    def __init__(self, node: exp.Drop, analyzer: Analyzer) -> None:
        only(node, ("this", "tables", "kind", "exists", "cascade", "restrict"), "DROP TABLE")
        self.targets = [(t.db or None, t.name) for t in node.args.get("tables") or [node.this]]
        self.search_path = analyzer.search_path
        self.if_exists = bool(node.args.get("exists"))
        self.cascade = bool(node.args.get("cascade"))

    def execute(self, catalog: Catalog) -> list[DdlResult]:
        from .namespace import Change, drop_dependents
        from .sequence_ddl import drop_dependent_defaults

        def find(schema: str | None, name: str) -> Table | View | None:
            schemas = [schema] if schema is not None else list(self.search_path)
            return next((r for r in (catalog.relation(s, name) for s in schemas) if r is not None), None)

        # the defaults of every table this statement drops go with it
        dropped = {r.table_id for r in (find(s, n) for s, n in self.targets) if isinstance(r, Table)}
        results = []
        for schema, name in self.targets:
            schemas = [schema] if schema is not None else list(self.search_path)
            relation = find(schema, name)
            if relation is None:
                if any(catalog.sequence(s, name) is not None for s in schemas):
                    raise errors.WrongObjectType(f'"{name}" is not a table', hint="Use DROP SEQUENCE to remove a sequence.")
                if self.if_exists:
                    continue  # NOTICE: table does not exist, skipping
                raise errors.UndefinedTable(f'table "{name}" does not exist')
            if not isinstance(relation, Table):
                raise errors.WrongObjectType(f'"{name}" is not a table', hint="Use DROP VIEW to remove a view.")
            changes: list[Change] = []
            catalog = drop_dependents(catalog, relation.schema, name, "table", self.cascade, changes, self.search_path)
            for seq in catalog.owned_sequences(relation):  # identity and OWNED BY sequences go with it
                catalog = drop_dependent_defaults(
                    catalog, seq, self.cascade, changes, f"table {name}", dropped_tables=dropped
                )
                catalog = catalog.without_sequence(seq)
                changes.append(("drop_sequence", seq, None))
            catalog = catalog.without_table(relation)
            changes.append(("drop_table", relation, None))
            for kind, before, _ in changes:
                results.append(DdlResult("DROP TABLE", kind, before, None, catalog))  # type: ignore[arg-type]
        return results

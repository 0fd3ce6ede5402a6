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
from typing import Any
from dataclasses import dataclass, field, replace

from sqlglot import exp

from .dialect import syntax_error_near
from .. import errors
from ..catalog import Catalog, CatalogObject, Check, Column, ForeignKey, Index, Sequence, Table, View
from ..types import SqlType
from ..values.registry import ASSIGNMENT, IMPLICIT
from . import system
from .analyze import Analyzer, Scope
from .ast import ReferenceOptions
from .coerce import cast_function, coerce
from .datatypes import declared_type
from .dialect import function_name, parse_expression, to_sql
from .expr import Call, ContextCall, Expr
from .guard import only

#: The longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes).
MAX_IDENTIFIER = 63


def _clip(text: str, nbytes: int) -> str:
    """The longest prefix of ``text`` within ``nbytes`` UTF-8 bytes (never half a character)."""
    return text.encode()[:nbytes].decode(errors="ignore")


def object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName: ``name1[_name2][_label]`` within 63 bytes, shortening the
    longer of the two names first so the label always survives (``t_a_key``, ``long…_pkey``)."""
    overhead = (len(label.encode()) + 1 if label else 0) + (1 if name2 else 0)
    available = MAX_IDENTIFIER - overhead
    n1, n2 = len(name1.encode()), len(name2.encode()) if name2 else 0
    while n1 + n2 > available:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    out = _clip(name1, n1)
    if name2:
        out += "_" + _clip(name2, n2)
    if label:
        out += "_" + label
    return out


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
        #: the last build: (catalog, its first id, the other ids it took, the result)
        self._built: tuple[Catalog, int, tuple[int, ...], DdlResult] | None = None

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> DdlResult:
        table_node = self.table_node
        schema = table_node.db or self.analyzer.schema
        name = table_node.name
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        exists: errors.Error | None = None
        if catalog.table(schema, name) is not None or name in catalog.relation_names(schema):
            if self.if_not_exists:
                return DdlResult("CREATE TABLE", "", None, None, None)  # NOTICE: relation already exists, skipping
            # raised by the build where PostgreSQL finds it: after the definition's own errors
            exists = errors.DuplicateTable(f'relation "{name}" already exists')
        # The build is a function of the catalog and the ids it is given: a fresh database per
        # test runs the same CREATE TABLE on the same (interned) catalog with the same ids, and
        # gets the last result again -- the same objects, so its COMMIT interns at once.
        first = allocate_id()  # the build takes at least the table's id
        built = self._built
        if built is not None and built[0] is catalog and built[1] == first and all(allocate_id() == i for i in built[2]):
            return built[3]
        replay, taken = [first], []

        def allocate() -> int:
            i = replay.pop() if replay else allocate_id()
            taken.append(i)
            return i

        table, sequences = _build_table(self.node, schema, name, allocate, self.analyzer, exists)
        new_catalog = catalog.with_table(table)
        for seq in sequences:
            new_catalog = new_catalog.with_sequence(seq)
        also: list[tuple[str, CatalogObject | None, CatalogObject | None]] = [
            ("create_sequence", None, seq) for seq in sequences
        ]
        result = DdlResult("CREATE TABLE", "create_table", None, table, new_catalog, also)
        if taken[:1] == [first]:
            self._built = (catalog, first, tuple(taken[1:]), result)
        return result


def _build_table(
    node: exp.Create, schema: str, name: str, allocate_id: Callable[[], int], analyzer: Analyzer,
    exists: errors.Error | None = None,
) -> tuple[Table, list[Sequence]]:
    """The table, and the sequences of its identity columns (owned by it).

    Errors come in PostgreSQL's order: the columns and their constraints, the keys
    (transformCreateStmt), then ``exists`` (the relation is already there: 42P07, raised
    when the catalog entry is made), then the DEFAULT and generation expressions in
    column order, then the CHECK constraints (AddRelationNewConstraints)."""
    from .sequence_ddl import identity_sequence

    columns: list[Column] = []
    identity_options = list(node.meta.get("identity") or ())
    sequences: list[Sequence] = []
    sequence_names: set[str] = set()
    pk_columns: list[str] | None = None
    pk_name: str | None = None
    uniques: list[tuple[str | None, list[str]]] = []
    checks: list[tuple[str | None, exp.Expr]] = []
    fkeys: list[tuple[str | None, list[str], exp.Expr]] = []  # in the order written, as meta["references"]
    #: column position -> its generation expression, analyzed once every column is known
    generation: dict[int, exp.Expr] = {}
    #: column position -> its DEFAULT expression, analyzed (cooked) after the keys, as generation
    defaults: dict[int, exp.Expr] = {}

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
            declared, domain = declared_type(kind, analyzer.catalog, analyzer.search_path)
            t = column_type(declared, kind)
            not_null = False
            default: exp.Expr | None = None
            identity: str | None = None
            sequence: Sequence | None = None
            generated: exp.Expr | None = None
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
                    if default is not None:
                        raise errors.SyntaxError(f'multiple default values specified for column "{col_name}" of table "{name}"')
                    default = ckind.this
                elif isinstance(ckind, exp.ComputedColumnConstraint):  # GENERATED ALWAYS AS (...) STORED
                    if generated is not None:
                        raise errors.SyntaxError(
                            f'multiple generation clauses specified for column "{col_name}" of table "{name}"'
                        )
                    generated = ckind.this
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
            if generated is not None and default is not None:
                raise errors.SyntaxError(
                    f'both default and generation expression specified for column "{col_name}" of table "{name}"'
                )
            if generated is not None and identity is not None:
                raise errors.SyntaxError(
                    f'both identity and generation expression specified for column "{col_name}" of table "{name}"'
                )
            if generated is not None:
                generation[len(columns)] = generated
            if default is not None:
                defaults[len(columns)] = default
            if sequence is not None:
                if domain is not None:  # PostgreSQL: identity columns must be smallint, integer or bigint
                    raise errors.InvalidParameterValue(
                        'identity column type must be smallint, integer, or bigint'
                    )
                sequences.append(sequence)
                columns.append(Column(col_name, t, True, None, identity, sequence.table_id))
                continue
            columns.append(Column(col_name, t, not_null, None, domain=domain))  # (its default: below)
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

    def key_positions(cols: list[str], constraint: str) -> tuple[int, ...]:
        out: list[int] = []
        for c in cols:
            if c not in positions:
                raise errors.UndefinedColumn(f'column "{c}" named in key does not exist')
            if positions[c] in out:
                raise errors.DuplicateColumn(f'column "{c}" appears twice in {constraint} constraint')
            out.append(positions[c])
        return tuple(out)

    used_names: set[str] = set(sequence_names)  # one namespace with the identity sequences

    def choose(name2: str | None, label: str) -> str:
        """ChooseConstraintName: ``table[_columns]_label``, numbered on a clash, within 63 bytes."""
        candidate = object_name(name, name2, label)
        n = 0
        while candidate in used_names:
            n += 1
            candidate = object_name(name, name2, f"{label}{n}")
        used_names.add(candidate)
        return candidate

    primary_key = None
    if pk_columns is not None:
        cols = key_positions(pk_columns, "primary key")
        _check_key_types(columns, cols)
        for i in cols:
            columns[i] = replace(columns[i], not_null=True)
        primary_key = Index(allocate_id(), pk_name or choose(None, "pkey"), cols, unique=True, primary=True, constraint=True)
        used_names.add(primary_key.name)
    indexes = []
    for cname, cols_ in uniques:
        cols = key_positions(cols_, "unique")
        _check_key_types(columns, cols)
        if primary_key is not None and cols == primary_key.columns:
            continue  # PostgreSQL drops a UNIQUE constraint that repeats the primary key
        iname = cname or choose("_".join(cols_), "key")
        used_names.add(iname)
        indexes.append(Index(allocate_id(), iname, cols, unique=True, constraint=True))

    if exists is not None:
        raise exists
    # DEFAULT and generation expressions, cooked in column order once the table's columns all
    # exist (a reference to a later generated column is refused like one to an earlier one)
    generated_names = {columns[i].name for i in generation}
    for i in sorted({*defaults, *generation}):
        col = columns[i]
        if i in defaults:
            columns[i] = replace(col, default=_default_text(defaults[i], col.type, col.name, analyzer))
        else:
            columns[i] = replace(col, generated=generation_text(generation[i], columns, col, generated_names, name, analyzer))

    scope = Scope()
    scope.add(name, [(c.name, c.type) for c in columns])
    check_defs = []
    for cname, expr_node in checks:
        analyzer.check_constraint(expr_node, scope)  # validates: unknown columns, non-boolean...
        referenced = sorted({c.name for c in expr_node.find_all(exp.Column)})
        column = referenced[0] if len(referenced) == 1 else None
        check_defs.append(Check(cname or choose(column, "check"), to_sql(expr_node), allocate_id()))

    table = Table(allocate_id(), schema, name, tuple(columns), primary_key, tuple(indexes), tuple(check_defs))
    options = list(node.meta.get("references") or ())
    fk_defs = []
    taken = {c.name for c in check_defs} | {i.name for i in indexes}
    if primary_key is not None:
        taken.add(primary_key.name)
    for cname, cols_, ref in fkeys:
        if cname is not None:
            if cname in taken:
                raise errors.DuplicateObject(f'constraint "{cname}" for relation "{name}" already exists')
            taken.add(cname)
        opts = options.pop(0) if options else ReferenceOptions()
        fk_name = cname or choose("_".join(cols_), "fkey")
        fk_defs.append(foreign_key(table, fk_name, cols_, ref, opts, analyzer, allocate_id()))
    if fk_defs:
        table = table.with_changes(foreign_keys=tuple(fk_defs))
    owned = [replace(seq, owner=(table.table_id, c.name)) for c in columns for seq in sequences if c.sequence == seq.table_id]
    return table, owned


#: btree operator families with cross-type equality (integer_ops, float_ops, datetime_ops)
_CROSS_TYPE_FAMILIES = (
    frozenset({"int2", "int4", "int8"}), frozenset({"float4", "float8"}),
    frozenset({"date", "timestamp", "timestamptz"}),
)


def foreign_key(
    table: Table, name: str, columns: list[str], ref: exp.Expr, options: ReferenceOptions, analyzer: Analyzer,
    oid: int,
) -> ForeignKey:
    """A FOREIGN KEY constraint of ``table`` (which may reference itself), checked as
    PostgreSQL's ATAddForeignKeyConstraint does, in its order."""
    target = ref.this
    ref_node = target.this if isinstance(target, exp.Schema) else target
    ref_names = [e.name for e in target.expressions] if isinstance(target, exp.Schema) else []
    ref_schema = ref_node.db or table.schema
    parent: Table | View | None
    if ref_node.name == table.name and ref_schema == table.schema:
        parent = table
    else:
        parent = analyzer.catalog.relation(ref_schema, ref_node.name)
        if parent is None and not ref_node.db:
            parent = next((r for r in (analyzer.catalog.relation(s, ref_node.name) for s in analyzer.search_path) if r), None)
    if parent is None:
        raise errors.UndefinedTable(f'relation "{ref_node.name}" does not exist')
    if not isinstance(parent, Table):
        raise errors.WrongObjectType(f'referenced relation "{parent.name}" is not a table')

    def positions(of: Table, names: list[str]) -> tuple[int, ...]:
        out = []
        for n in names:
            p = of.position(n)
            if p is None:
                raise errors.UndefinedColumn(f'column "{n}" referenced in foreign key constraint does not exist')
            out.append(p)
        return tuple(out)

    fk_cols = positions(table, columns)
    if any(table.columns[c].generated is not None for c in fk_cols):  # per the SQL standard
        if options.on_update in ("n", "d", "c"):
            raise errors.SyntaxError("invalid ON UPDATE action for foreign key constraint containing generated column")
        if options.on_delete in ("n", "d"):
            raise errors.SyntaxError("invalid ON DELETE action for foreign key constraint containing generated column")
    if not ref_names:
        if parent.primary_key is None:
            raise errors.UndefinedObject(f'there is no primary key for referenced table "{parent.name}"')
        ref_cols = parent.primary_key.columns
    else:
        ref_cols = positions(parent, ref_names)
        if len(set(ref_cols)) != len(ref_cols):
            raise errors.InvalidForeignKey("foreign key referenced-columns list must not contain duplicates")
        if not any(i.plain and set(i.columns) == set(ref_cols) and len(i.columns) == len(ref_cols)
                   for i in parent.unique_indexes):
            raise errors.InvalidForeignKey(
                f'there is no unique constraint matching given keys for referenced table "{parent.name}"'
            )
    if len(fk_cols) != len(ref_cols):
        raise errors.InvalidForeignKey("number of referencing and referenced columns for foreign key disagree")
    if options.match == "p":
        raise errors.FeatureNotSupported("MATCH PARTIAL not yet implemented")
    set_columns: tuple[int, ...] | None = None
    if options.delete_columns is not None:
        set_columns = positions(table, list(options.delete_columns))
        for n, p in zip(options.delete_columns, set_columns):
            if p not in fk_cols:
                raise errors.InvalidColumnReference(
                    f'column "{n}" referenced in ON DELETE SET action must be part of foreign key'
                )
    for c, r in zip(fk_cols, ref_cols):
        ct, rt = table.columns[c].type, parent.columns[r].type
        # PostgreSQL: the referenced index's operator family compares the two types, or the
        # referencing type converts implicitly to the referenced one
        same_family = any(ct.kind in f and rt.kind in f for f in _CROSS_TYPE_FAMILIES)
        if not same_family and cast_function(ct, rt, IMPLICIT) is None:
            raise errors.DatatypeMismatch(
                f'foreign key constraint "{name}" cannot be implemented',
                detail=f'Key columns "{table.columns[c].name}" and "{parent.columns[r].name}" '
                f"are of incompatible types: {ct.name} and {rt.name}.",
            )
    return ForeignKey(
        name, fk_cols, parent.name, tuple(parent.columns[r].name for r in ref_cols), oid, parent.schema,
        on_delete=options.on_delete, on_update=options.on_update, match=options.match,
        deferrable=options.deferrable, initially_deferred=options.initially_deferred,
        delete_set_columns=set_columns,
    )


#: DSQL: "numeric without precision behaves as numeric(18,6)" (reference section 7)
DSQL_NUMERIC = SqlType("numeric", precision=18, scale=6)

#: The column types DSQL has (reference section 7); every other type is run-time only
#: (arrays, money, inet, bit, ranges, jsonpath, the system catalogs' types...).
DSQL_COLUMN_KINDS = frozenset({
    "int2", "int4", "int8", "float4", "float8", "numeric", "bpchar", "varchar", "text", "date", "time", "timetz",
    "timestamp", "timestamptz", "interval", "bool", "bytea", "uuid", "json", "jsonb",
})


def column_type(t: SqlType, node: exp.Expr) -> SqlType:
    """The type a column declared as ``t`` gets: DSQL refuses run-time-only types as column
    types (named as written: ``datatype integer[] not supported``), and gives a ``numeric``
    without precision DSQL's default precision and scale."""
    if t.kind not in DSQL_COLUMN_KINDS:
        raise _refuse(f"datatype {t.sql_name()} not supported")
    if t.kind == "numeric" and t.precision is None:
        return DSQL_NUMERIC
    return t


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


def _assignable(e: Expr, t: SqlType, column: str) -> Expr:
    """A default or generation expression converted to its column's type (cookDefault's 42804)."""
    try:
        return coerce(e, t, ASSIGNMENT, column=column)
    except errors.DatatypeMismatch:
        raise errors.DatatypeMismatch(
            f'column "{column}" is of type {t.name} but default expression is of type {e.type.name}',
            hint="You will need to rewrite or cast the expression.",
        ) from None


#: system columns PostgreSQL refuses in a generation expression (tableoid is allowed there)
_SYSTEM_COLUMNS = frozenset({"ctid", "xmin", "xmax", "cmin", "cmax"})
GENERATION = "column generation expressions"


def generation_text(
    node: exp.Expr, columns: list[Column], column: Column, generated: set[str], table: str, analyzer: Analyzer
) -> str:
    """Validate ``column``'s generation expression over the table's ``columns`` (``generated``
    names its generated columns) and return the SQL text stored in the catalog, with PostgreSQL's refusals in its order (cookDefault):
    subqueries, system columns and whole-row references (while analyzing), aggregates, window
    and set-returning functions, then references to generated columns, then functions that are
    not immutable, then a type that does not convert to the column's."""
    if node.find(exp.Select) is not None:
        raise errors.FeatureNotSupported("cannot use subquery in column generation expression")
    names = {c.name for c in columns}
    for ref in node.find_all(exp.Column):
        if ref.name in names:
            continue
        if not ref.table and ref.name in _SYSTEM_COLUMNS:
            raise errors.InvalidColumnReference(f'cannot use system column "{ref.name}" in column generation expression')
        if not ref.table and ref.name == table:
            raise errors.InvalidObjectDefinition(
                "cannot use whole-row variable in column generation expression",
                detail="This would cause the generated column to depend on its own value.",
            )
    scope = Scope()
    scope.add(table, [(c.name, c.type) for c in columns])
    e = analyzer.expr(node, scope, aggregates=GENERATION, clause=GENERATION)
    for ref in node.find_all(exp.Column):
        if ref.name in generated:
            raise errors.InvalidObjectDefinition(
                f'cannot use generated column "{ref.name}" in column generation expression',
                detail="A generated column cannot reference another generated column.",
            )
    for sub in e.walk():
        if isinstance(sub, ContextCall) or (isinstance(sub, Call) and not sub.immutable):
            raise errors.InvalidObjectDefinition("generation expression is not immutable")
    _assignable(e, column.type, column.name)
    text = to_sql(node)
    parse_expression(text)  # must read back
    return text


def _default_text(node: exp.Expr, t: SqlType, column: str, analyzer: Analyzer) -> str:
    """Validate a DEFAULT expression and return the SQL text stored in the catalog."""
    if node.find(exp.Select) is not None:
        raise errors.FeatureNotSupported("cannot use subquery in DEFAULT expression")
    try:
        e = analyzer.expr(node, Scope(), aggregates="DEFAULT expressions")
    except errors.UndefinedColumn:
        raise errors.FeatureNotSupported("cannot use column reference in DEFAULT expression") from None
    _assignable(e, t, column)
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
            catalog = drop_references(catalog, relation, dropped, self.cascade, changes, self.search_path)
            for seq in catalog.owned_sequences(relation):  # identity and OWNED BY sequences go with it
                catalog = drop_dependent_defaults(
                    catalog, seq, self.cascade, changes, f"table {name}", dropped_tables=dropped
                )
                catalog = catalog.without_sequence(seq)
                changes.append(("drop_sequence", seq, None))
            catalog = catalog.without_table(catalog.table(relation.schema, relation.name) or relation)
            changes.append(("drop_table", relation, None))
            for kind, before, _ in changes:
                results.append(DdlResult("DROP TABLE", kind, before, None, catalog))  # type: ignore[arg-type]
        return results


def drop_references(
    catalog: Catalog, table: Table, dropped: set[int], cascade: bool, changes: list[Any], search_path: tuple[str, ...] | list[str]
) -> Catalog:
    """The foreign keys of other tables that reference ``table``: 2BP01, or with CASCADE
    dropped from their tables (PostgreSQL drops the constraint, not the referencing table)."""
    from .namespace import _dependency_error, shown_name

    referencing = [
        (t, fk) for t in catalog.tables.values() if t.table_id not in dropped
        for fk in t.foreign_keys if (fk.ref_schema or t.schema, fk.ref_table) == (table.schema, table.name)
    ]
    if not referencing:
        return catalog
    shown = shown_name(table.schema, table.name, search_path)
    if not cascade:
        raise _dependency_error("table", shown, [
            f"constraint {fk.name} on table {shown_name(t.schema, t.name, search_path)} depends on table {shown}"
            for t, fk in referencing
        ])
    for t, _ in referencing:
        current = catalog.table(t.schema, t.name)
        if current is None or current.table_id != t.table_id:
            continue
        kept = tuple(fk for fk in current.foreign_keys
                     if (fk.ref_schema or t.schema, fk.ref_table) != (table.schema, table.name))
        if kept == current.foreign_keys:
            continue
        changed = current.with_changes(foreign_keys=kept)
        catalog = catalog.with_table(changed)
        changes.append(("alter_table", current, changed))
    return catalog

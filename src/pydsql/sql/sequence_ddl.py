"""CREATE / ALTER / DROP SEQUENCE and the sequences of identity columns.

One function, :func:`define`, turns written options into a validated
:class:`~pydsql.catalog.Sequence`, for CREATE SEQUENCE, ALTER SEQUENCE and
``GENERATED ... AS IDENTITY (options)`` alike, in this order:

1. DSQL's rules (reference section 6): ``CACHE`` is mandatory when a
   sequence is created and must be ``1`` or ``>= 65536``; the type is bigint;
2. PostgreSQL's ``init_params`` checks, with its messages (INCREMENT not
   zero, bounds within the type, MINVALUE < MAXVALUE, START and RESTART
   within the bounds...).

Like every DDL the plans build a new immutable catalog; the values are
outside it (:mod:`pydsql.sequences`).  A sequence belongs to a column
through ``owner`` (OWNED BY, identity): DROP TABLE drops it with the table,
and an identity column's sequence cannot be dropped on its own (2BP01).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence as Seq
from dataclasses import dataclass, replace

from sqlglot import exp

from .. import errors
from ..catalog import Catalog, CatalogObject, Column, Sequence, Table
from ..sequences import SequenceValues
from ..types import SqlType
from . import system
from .ast import SequenceOptions, SequenceStmt
from .ddl import MAX_IDENTIFIER
from .system import relation_dependencies

INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1

_CACHE_RULE = "please define CACHE greater than or equal to 65536 or equal to 1"

#: The integer types a PostgreSQL sequence may have: name -> (min, max).
_INTEGER_TYPES = {
    "smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1), "bigint": (INT8_MIN, INT8_MAX),
}

Change = tuple[str, CatalogObject | None, CatalogObject | None]


@dataclass
class SequenceResult:
    tag: str
    changes: list[Change]
    catalog: Catalog | None  # None: nothing changed (IF [NOT] EXISTS)


def type_name(text: str) -> str:
    """The PostgreSQL name of a type written in ``AS type``."""
    from .datatypes import sql_type
    from .dialect import parse

    try:
        (statement,) = parse(f"SELECT NULL::{text}")
        node = statement.node
        assert isinstance(node, exp.Select)
        t = sql_type(node.expressions[0].args["to"])
    except errors.SyntaxError:
        raise errors.UndefinedObject(f'type "{text}" does not exist') from None
    return str(t)


def check_cache(options: SequenceOptions, what: str, *, creating: bool) -> None:
    """DSQL's CACHE rule: given when creating, and 1 or >= 65536 (``what`` names the statement)."""
    cache = dict(options).get("cache", ...)
    if cache is ...:
        if creating:
            raise errors.FeatureNotSupported(f"{what} is not supported without an explicit cache size. {_CACHE_RULE}")
        return
    assert isinstance(cache, int)
    if cache != 1 and cache < 65536:
        raise errors.FeatureNotSupported(f"{what} is not supported with a cache size of {cache}. {_CACHE_RULE}")


def define(
    options: SequenceOptions, *, object_id: int, schema: str, name: str, base: Sequence | None = None,
    current: int | None = None, new_state: Callable[[], int] | None = None, identity: bool = False,
) -> Sequence:
    """The sequence ``options`` describe: a new one (``base`` None) or ``base`` altered.

    ``current`` is the counter's last value (ALTER checks it against new bounds when
    there is no RESTART); ``new_state`` allocates the counter id of a RESTART.
    """
    given = dict(options)
    if "as" in given:
        tname = type_name(str(given["as"]))
        if tname not in _INTEGER_TYPES:
            raise errors.InvalidParameterValue("sequence type must be smallint, integer, or bigint")
        if tname != "bigint":
            what = "identity column" if identity else "sequence"
            raise errors.FeatureNotSupported(f"datatype {tname} not supported, {what} type must be bigint")
    tmin, tmax = _INTEGER_TYPES["bigint"]
    increment = _number(given, "increment") if "increment" in given else (base.increment if base else 1)
    if increment == 0:
        raise errors.InvalidParameterValue("INCREMENT must not be zero")

    def bound(key: str, default: int, kept: int | None) -> int:
        """A written bound (NO MINVALUE/MAXVALUE: the default), else the kept one (ALTER)."""
        if key in given:
            return default if given[key] is None else _number(given, key)
        return default if kept is None else kept

    maxvalue = bound("maxvalue", tmax if increment > 0 else -1, base.maxvalue if base else None)
    minvalue = bound("minvalue", 1 if increment > 0 else tmin, base.minvalue if base else None)
    if not tmin <= maxvalue <= tmax:
        raise errors.InvalidParameterValue(f"MAXVALUE ({maxvalue}) is out of range for sequence data type bigint")
    if not tmin <= minvalue <= tmax:
        raise errors.InvalidParameterValue(f"MINVALUE ({minvalue}) is out of range for sequence data type bigint")
    if minvalue >= maxvalue:
        raise errors.InvalidParameterValue(f"MINVALUE ({minvalue}) must be less than MAXVALUE ({maxvalue})")
    if "start" in given:
        start = _number(given, "start")
    elif base is not None:
        start = base.start
    else:
        start = minvalue if increment > 0 else maxvalue
    if start < minvalue:
        raise errors.InvalidParameterValue(f"START value ({start}) cannot be less than MINVALUE ({minvalue})")
    if start > maxvalue:
        raise errors.InvalidParameterValue(f"START value ({start}) cannot be greater than MAXVALUE ({maxvalue})")
    state_id = base.state_id if base is not None else object_id
    # the counter starts at START as created (a later ALTER ... START only changes what RESTART uses)
    restart = base.restart if base is not None else start
    if "restart" in given:
        restart = start if given["restart"] is None else _number(given, "restart")
        if base is not None:
            assert new_state is not None
            state_id = new_state()
        checked: int | None = restart
    else:
        checked = current
    if checked is not None and checked < minvalue:
        raise errors.InvalidParameterValue(f"RESTART value ({checked}) cannot be less than MINVALUE ({minvalue})")
    if checked is not None and checked > maxvalue:
        raise errors.InvalidParameterValue(f"RESTART value ({checked}) cannot be greater than MAXVALUE ({maxvalue})")
    cache = _number(given, "cache") if "cache" in given else (base.cache if base else 1)
    if cache <= 0:
        raise errors.InvalidParameterValue(f"CACHE ({cache}) must be greater than zero")
    cycle = bool(given["cycle"]) if "cycle" in given else (base.cycle if base else False)
    if base is not None:
        return replace(
            base, start=start, increment=increment, minvalue=minvalue, maxvalue=maxvalue, cache=cache,
            cycle=cycle, state_id=state_id, restart=restart,
        )
    return Sequence(object_id, schema, name, start, increment, minvalue, maxvalue, cache, cycle, object_id,
                    restart=restart, identity=identity)


def _number(given: dict[str, object], key: str) -> int:
    value = given[key]
    assert isinstance(value, int)  # the dialect reads these options as integers
    return value


def resolve_owner(
    catalog: Catalog, seq_schema: str, owned_by: object, search_path: Seq[str], pending: Table | None = None
) -> tuple[int, str] | None:
    """OWNED BY table.column -> (table id, column); None for OWNED BY NONE."""
    if owned_by is None:
        return None
    assert isinstance(owned_by, tuple)
    schema, table_name, column = owned_by
    schemas = [schema] if schema is not None else list(search_path)
    table = pending if pending is not None and pending.name == table_name else None
    if table is None:
        table = next((t for t in (catalog.table(s, table_name) for s in schemas) if t is not None), None)
    if table is None:
        shown = f"{schema}.{table_name}" if schema else table_name
        raise errors.UndefinedTable(f'relation "{shown}" does not exist')
    if table.schema != seq_schema:
        raise errors.ObjectNotInPrerequisiteState("sequence must be in same schema as table it is linked to")
    if table.position(column) is None:
        raise errors.UndefinedColumn(f'column "{column}" of relation "{table_name}" does not exist')
    return table.table_id, column


def choose_name(catalog: Catalog, schema: str, table: str, column: str, taken: set[str]) -> str:
    """PostgreSQL's ChooseRelationName(table, column, "seq"): ``t_col_seq``, then ``t_col_seq1``..."""
    used = catalog.relation_names(schema) | taken
    n = 0
    while True:
        suffix = "_seq" if n == 0 else f"_seq{n}"
        t, c = table, column
        while len(f"{t}_{c}{suffix}".encode()) > MAX_IDENTIFIER:
            if len(t) >= len(c):  # shorten the longer part, as PostgreSQL's makeObjectName
                t = t[:-1]
            else:
                c = c[:-1]
        candidate = f"{t}_{c}{suffix}"
        if candidate not in used:
            return candidate
        n += 1


def identity_sequence(
    catalog: Catalog, schema: str, table_name: str, column: Column,
    options: SequenceOptions | None, allocate_id: Callable[[], int], taken: set[str],
) -> Sequence:
    """The sequence of an identity column (options as written in ``AS IDENTITY (...)``)."""
    if column.type.kind != "int8":
        raise errors.FeatureNotSupported(
            f"datatype {SqlType(column.type.kind).name} not supported, identity column type must be bigint"
        )
    check_cache(options or (), "identity column", creating=True)
    given = dict(options or ())
    if "owned_by" in given:
        raise errors.SyntaxError('syntax error at or near "OWNED"')
    if "as" in given:  # the column's type is the sequence's
        raise errors.SyntaxError("conflicting or redundant options")
    seq_schema, seq_name = schema, None
    if "sequence_name" in given:
        written = given["sequence_name"]
        assert isinstance(written, tuple)
        seq_schema, seq_name = written[0] or schema, written[1]
        if seq_name in catalog.relation_names(seq_schema) or seq_name in taken:
            raise errors.DuplicateTable(f'relation "{seq_name}" already exists')
    if seq_name is None:
        seq_name = choose_name(catalog, schema, table_name, column.name, taken)
    taken.add(seq_name)
    options = tuple((k, v) for k, v in (options or ()) if k != "sequence_name")
    return define(options, object_id=allocate_id(), schema=seq_schema, name=seq_name, identity=True)


def drop_dependent_defaults(
    catalog: Catalog, seq: Sequence, cascade: bool, changes: list[Change], dropped: str,
    dropped_tables: Collection[int] = (),
) -> Catalog:
    """Before ``seq`` is dropped (by DROP SEQUENCE, or with the table or schema that owns it:
    ``dropped`` names what the statement drops): the column defaults that use it (stored by
    OID) make the drop fail with 2BP01, or with CASCADE lose their default, as in PostgreSQL.
    The defaults of ``dropped_tables`` (dropped by the same statement) go with them."""
    dependents: list[tuple[Table, int]] = [
        (t, i) for t in sorted(catalog.tables.values(), key=lambda t: t.table_id) if t.table_id not in dropped_tables
        for i, c in enumerate(t.columns) if c.default is not None and seq.table_id in relation_dependencies(c.default)
    ]
    if not dependents:
        return catalog
    if not cascade:
        raise errors.DependentObjectsStillExist(
            f"cannot drop {dropped} because other objects depend on it",
            detail="\n".join(
                f"default value for column {t.columns[i].name} of table {t.name} depends on sequence {seq.name}"
                for t, i in dependents
            ),
            hint="Use DROP ... CASCADE to drop the dependent objects too.",
        )
    for table_id in dict.fromkeys(t.table_id for t, _ in dependents):
        old = catalog.table_by_id(table_id)
        assert old is not None
        columns = tuple(
            replace(c, default=None) if c.default is not None and seq.table_id in relation_dependencies(c.default)
            else c for c in old.columns
        )
        new = old.with_changes(columns=columns)
        catalog = catalog.with_table(new)
        changes.append(("alter_table", old, new))
    return catalog


def _find(catalog: Catalog, schema: str | None, name: str, search_path: Seq[str]) -> tuple[str, str]:
    """Where ``[schema.]name`` is (the first schema of the path holding a relation of that name)."""
    if schema is not None:
        return schema, name
    for s in search_path:
        if catalog.sequence(s, name) is not None or catalog.relation(s, name) is not None:
            return s, name
    return "", name


class SequencePlan:
    """CREATE / ALTER / DROP SEQUENCE (see the module docstring)."""

    def __init__(self, node: SequenceStmt, schema: str, search_path: Seq[str]) -> None:
        self.node = node
        self.schema = schema  # where CREATE puts it
        self.search_path = tuple(search_path)
        self.tag = {"create": "CREATE SEQUENCE", "drop": "DROP SEQUENCE"}.get(node.action, "ALTER SEQUENCE")

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int], values: SequenceValues) -> SequenceResult:
        action = self.node.action
        if action == "create":
            return self._create(catalog, allocate_id)
        if action == "drop":
            return self._drop(catalog)
        return self._alter(catalog, allocate_id, values)

    def _create(self, catalog: Catalog, allocate_id: Callable[[], int]) -> SequenceResult:
        node = self.node
        (written_schema, name), = node.names
        schema = written_schema or self.schema
        if not schema:
            raise errors.InvalidSchemaName("no schema has been selected to create in")
        system.refuse_create(schema, name)
        if schema not in catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{schema}" does not exist')
        check_cache(node.options, "CREATE SEQUENCE", creating=True)
        if name in catalog.relation_names(schema):
            if node.if_exists:
                return SequenceResult(self.tag, [], None)  # NOTICE: relation already exists, skipping
            raise errors.DuplicateTable(f'relation "{name}" already exists')
        seq = define(node.options, object_id=allocate_id(), schema=schema, name=name)
        owned = dict(node.options).get("owned_by")
        if owned is not None:
            seq = replace(seq, owner=resolve_owner(catalog, schema, owned, self.search_path))
        return SequenceResult(self.tag, [("create_sequence", None, seq)], catalog.with_sequence(seq))

    def _sequence(self, catalog: Catalog, schema: str | None, name: str, *, drop: bool) -> Sequence | None:
        found_schema, _ = _find(catalog, schema, name, self.search_path)
        seq = catalog.sequence(found_schema, name) if found_schema else None
        if seq is not None:
            return seq
        relation = catalog.relation(found_schema, name) if found_schema else None
        if relation is not None:
            kind = "TABLE" if isinstance(relation, Table) else "VIEW"
            raise errors.WrongObjectType(
                f'"{name}" is not a sequence', hint=f"Use DROP {kind} to remove a {kind.lower()}." if drop else None
            )
        if self.node.if_exists:
            return None  # NOTICE: ... does not exist, skipping
        shown = f"{schema}.{name}" if schema else name
        raise errors.UndefinedTable(f'{"sequence" if drop else "relation"} "{shown}" does not exist')

    def _drop(self, catalog: Catalog) -> SequenceResult:
        changes: list[Change] = []
        for schema, name in self.node.names:
            seq = self._sequence(catalog, schema, name, drop=True)
            if seq is None:
                continue
            if seq.identity and seq.owner is not None:
                table = catalog.table_by_id(seq.owner[0])
                if table is not None:
                    column = seq.owner[1]
                    raise errors.DependentObjectsStillExist(
                        f"cannot drop sequence {seq.name} because column {column} of table {table.name} requires it",
                        hint=f"You can drop column {column} of table {table.name} instead.",
                    )
            catalog = drop_dependent_defaults(catalog, seq, self.node.cascade, changes, f"sequence {seq.name}")
            catalog = catalog.without_sequence(seq)
            changes.append(("drop_sequence", seq, None))
        return SequenceResult(self.tag, changes, catalog if changes else None)

    def _alter(self, catalog: Catalog, allocate_id: Callable[[], int], values: SequenceValues) -> SequenceResult:
        node = self.node
        (schema, name), = node.names
        seq = self._sequence(catalog, schema, name, drop=False)
        if seq is None:
            return SequenceResult(self.tag, [], None)
        if node.action == "rename":
            assert node.new_name is not None
            if node.new_name in catalog.relation_names(seq.schema):
                raise errors.DuplicateTable(f'relation "{node.new_name}" already exists')
            new = replace(seq, name=node.new_name)
        else:
            check_cache(node.options, "ALTER SEQUENCE", creating=False)
            current, _ = values.peek(seq)
            new = define(
                node.options, object_id=seq.table_id, schema=seq.schema, name=seq.name, base=seq, current=current,
                new_state=allocate_id,
            )
            given = dict(node.options)
            if "owned_by" in given:
                if seq.identity and seq.owner is not None:
                    table = catalog.table_by_id(seq.owner[0])
                    raise errors.FeatureNotSupported(
                        "cannot change ownership of identity sequence",
                        detail=f'Sequence "{seq.name}" is linked to table "{table.name if table else ""}".',
                    )
                new = replace(new, owner=resolve_owner(catalog, seq.schema, given["owned_by"], self.search_path))
        catalog = catalog.without_sequence(seq).with_sequence(new)
        return SequenceResult(self.tag, [("alter_sequence", seq, new)], catalog)

"""COMMENT ON: descriptions of tables, views, sequences, indexes, columns, constraints and schemas.

A comment is catalog data (``Catalog.comments``, keyed as ``pg_description``:
classoid, objoid, objsubid), so COMMENT ON is DDL as in PostgreSQL: under
DSQL's rules it is the one DDL statement of its transaction, and it changes
the commented relation's definition (concurrent transactions touching it get
OC001).  ``IS NULL`` and ``IS ''`` drop the comment, as PostgreSQL does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .. import errors
from ..catalog import CatalogObject, IndexName, Namespace, Sequence, Table, View
from .ast import CommentStmt
from .statements import Prepared, Result
from .system import SystemCatalog

if TYPE_CHECKING:
    from .context import ExecContext

#: pg_description.classoid values (the catalogs holding the commented objects)
PG_CLASS, PG_CONSTRAINT, PG_NAMESPACE = 1259, 2606, 2615

_RELKINDS = {"TABLE": "r", "VIEW": "v", "SEQUENCE": "S", "INDEX": "i"}
_KIND_WORDS = {"r": "a table", "v": "a view", "S": "a sequence", "i": "an index"}


class Comment(Prepared):
    kind = "ddl"
    command = "COMMENT"

    def __init__(self, stmt: CommentStmt) -> None:
        self.stmt = stmt

    def run(self, ctx: ExecContext) -> Result:
        txn = ctx.txn
        catalog = txn.catalog
        sc = SystemCatalog.get(catalog, ctx.session.search_path())
        key, changed = _target(self.stmt, sc)
        comments = dict(catalog.comments)
        if self.stmt.text:
            comments[key] = self.stmt.text
        else:
            comments.pop(key, None)
        txn.record_ddl("comment", changed, changed, replace(catalog, comments=comments))
        return Result("COMMENT")


def _split(parts: tuple[str, ...], what: str) -> tuple[str | None, str]:
    if len(parts) == 1:
        return None, parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise errors.SyntaxError(f"improper qualified name (too many dotted names): {'.'.join(parts)}")


def _relation(sc: SystemCatalog, schema: str | None, name: str, relkind: str | None) -> tuple[int, CatalogObject]:
    rel = sc.find_relation(schema, name)
    shown = f"{schema}.{name}" if schema else name
    if rel is None or rel.relkind not in ("r", "v", "S", "i"):
        raise errors.UndefinedTable(f'relation "{shown}" does not exist')
    if relkind is not None and rel.relkind != relkind:
        raise errors.WrongObjectType(f'"{name}" is not {_KIND_WORDS[relkind]}')
    obj = rel.obj
    if rel.relkind == "i":
        return rel.oid, IndexName(rel.oid, rel.schema, rel.name)
    assert isinstance(obj, (Table, View, Sequence))
    return rel.oid, obj


def _target(stmt: CommentStmt, sc: SystemCatalog) -> tuple[tuple[int, int, int], CatalogObject]:
    """The pg_description key of the commented object and the catalog object the DDL changes."""
    if stmt.kind == "SCHEMA":
        if len(stmt.name) != 1:
            raise errors.SyntaxError(f"improper qualified name (too many dotted names): {'.'.join(stmt.name)}")
        oid = sc.namespaces.get(stmt.name[0])
        if oid is None or stmt.name[0] not in sc.catalog.schemas:
            raise errors.InvalidSchemaName(f'schema "{stmt.name[0]}" does not exist')
        return (PG_NAMESPACE, oid, 0), Namespace(oid, stmt.name[0])
    if stmt.kind == "COLUMN":
        if len(stmt.name) < 2:
            raise errors.SyntaxError("column name must be qualified")
        schema, table = _split(stmt.name[:-1], "relation")
        oid, obj = _relation(sc, schema, table, None)
        if not isinstance(obj, (Table, View)):
            raise errors.WrongObjectType(f'cannot set comment on relation "{table}"')
        column = stmt.name[-1]
        names = [c.name for c in obj.columns] if isinstance(obj, Table) else [n for n, _ in obj.columns]
        if column not in names:
            raise errors.UndefinedColumn(f'column "{column}" of relation "{table}" does not exist')
        return (PG_CLASS, oid, names.index(column) + 1), obj
    if stmt.kind == "CONSTRAINT":
        assert stmt.on is not None
        if len(stmt.name) != 1:
            raise errors.SyntaxError('syntax error at or near "."')
        oid, obj = _relation(sc, stmt.on[0], stmt.on[1], "r")
        for c in sc.constraints:
            if c.table.table_id == oid and c.name == stmt.name[0]:
                return (PG_CONSTRAINT, c.oid, 0), obj
        raise errors.UndefinedObject(
            f'constraint "{stmt.name[0]}" for table "{stmt.on[1]}" does not exist'
        )
    schema, name = _split(stmt.name, "relation")
    oid, obj = _relation(sc, schema, name, _RELKINDS[stmt.kind])
    return (PG_CLASS, oid, 0), obj


def descriptions(sc: SystemCatalog) -> list[tuple[int, int, int, str]]:
    """pg_description's rows: the comments of objects that exist in this catalog."""
    out = []
    for (classoid, objoid, subid), text in sorted(sc.catalog.comments.items()):
        if classoid == PG_CLASS:
            rel = sc.relations.get(objoid)
            if rel is None:
                continue
            if subid:
                obj = rel.obj
                width = len(obj.columns) if isinstance(obj, (Table, View)) else 0
                if subid > width:
                    continue
        elif classoid == PG_CONSTRAINT:
            if objoid not in sc.constraint_by_oid:
                continue
        elif objoid not in sc.namespace_names:
            continue
        out.append((objoid, classoid, subid, text))
    return out


def description(sc: SystemCatalog, objoid: int, catalog_name: str | None, subid: int = 0) -> str | None:
    """obj_description / col_description."""
    classoids = {"pg_class": PG_CLASS, "pg_constraint": PG_CONSTRAINT, "pg_namespace": PG_NAMESPACE}
    for row_objoid, classoid, row_subid, text in descriptions(sc):
        if row_objoid == objoid and row_subid == subid and (
            catalog_name is None or classoids.get(catalog_name.split(".")[-1]) == classoid
        ):
            return text
    return None


__all__ = ["Comment", "descriptions", "description"]

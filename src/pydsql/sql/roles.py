"""Roles and privileges: CREATE/ALTER/DROP ROLE (or USER), GRANT, REVOKE, AWS IAM GRANT/REVOKE.

DSQL supports roles and GRANT/REVOKE (reference section 3) and maps IAM
identities to roles with ``AWS IAM GRANT role TO 'arn'``.  pydsql records
all of it in the catalog (:class:`~pydsql.catalog.Role`) and shows it in
``pg_roles``, ``pg_auth_members`` and ``has_table_privilege``, with
PostgreSQL's errors for names that do not exist or are reserved.

Invariants:

* Every pydsql session is ``admin``, who may do everything: privileges are
  recorded, never enforced (DSQL refuses ``SET ROLE``, so nothing in a
  session could run as another role).
* These statements are DDL: one per transaction, not with DML, and a GRANT
  or REVOKE on a table is a schema change of that table, so a transaction
  whose snapshot predates it and that touches the table fails at COMMIT with
  OC001, as the reference says of GRANT and REVOKE.
* Privileges name objects by object id: a dropped table takes its grants
  with it (they no longer show), and DROP ROLE only counts the privileges
  on objects that still exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import errors
from ..catalog import Catalog, CatalogObject, Role
from .analyze import Analyzer
from .ast import RoleStmt
from .namespace import Change, NamespaceResult
from . import system

ADMIN = "admin"

#: what ALL [PRIVILEGES] means, and what may be granted, per kind of object
_KIND_PRIVILEGES = {
    "TABLE": ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"),
    "SEQUENCE": ("USAGE", "SELECT", "UPDATE"),
    "SCHEMA": ("USAGE", "CREATE"),
    "FUNCTION": ("EXECUTE",),
    "DATABASE": ("CREATE", "CONNECT", "TEMPORARY"),
}
_KIND_NOUN = {"TABLE": "relation", "SEQUENCE": "sequence", "SCHEMA": "schema", "FUNCTION": "function",
              "DATABASE": "database"}


def _missing_role(name: str) -> errors.Error:
    return errors.UndefinedObject(f'role "{name}" does not exist')


class RolePlan:
    """One role or privilege statement, executed against the transaction's catalog."""

    def __init__(self, node: RoleStmt, analyzer: Analyzer) -> None:
        self.node = node
        self.search_path = analyzer.search_path
        self.command = {
            "create": "CREATE ROLE", "alter": "ALTER ROLE", "rename": "ALTER ROLE", "drop": "DROP ROLE",
            "grant": "GRANT", "revoke": "REVOKE", "grant_role": "GRANT ROLE", "revoke_role": "REVOKE ROLE",
            "iam_grant": "AWS IAM GRANT", "iam_revoke": "AWS IAM REVOKE",
        }[node.action]

    def execute(self, catalog: Catalog, allocate_id: Callable[[], int]) -> NamespaceResult:
        node = self.node
        changes: list[Change] = []
        action = node.action
        if action == "create":
            (name,) = node.names
            _check_name(name)
            if name == ADMIN or name in catalog.roles:
                raise errors.DuplicateObject(f'role "{name}" already exists')
            role = Role(allocate_id(), name, login=bool(node.login))
            changes.append(("create_role", None, role))
            return NamespaceResult(self.command, changes, catalog.with_role(role))
        if action in ("alter", "rename"):
            (name,) = node.names
            if name == ADMIN:
                if action == "rename":
                    raise errors.FeatureNotSupported("session user cannot be renamed")
                return NamespaceResult(self.command, [], None)  # admin keeps every attribute
            role = _role(catalog, name)
            if action == "rename":
                assert node.new_name is not None
                _check_name(node.new_name)
                if node.new_name == ADMIN or node.new_name in catalog.roles:
                    raise errors.DuplicateObject(f'role "{node.new_name}" already exists')
                new = replace(role, name=node.new_name)
                catalog = catalog.without_role(name)
                catalog = catalog.with_role(new)
                catalog = _rename_in_memberships(catalog, name, node.new_name)
            else:
                login = role.login if node.login is None else node.login
                new = replace(role, login=login)
                catalog = catalog.with_role(new)
            changes.append(("alter_role", role, new))
            return NamespaceResult(self.command, changes, catalog)
        if action == "drop":
            for name in node.names:
                if name == ADMIN:
                    raise errors.ObjectInUse("current user cannot be dropped")
                if name not in catalog.roles:
                    if node.if_exists:
                        continue  # NOTICE: role "x" does not exist, skipping
                    raise _missing_role(name)
                role = catalog.roles[name]
                held = _described_privileges(catalog, role)
                if held:
                    raise errors.DependentObjectsStillExist(
                        f'role "{name}" cannot be dropped because some objects depend on it', detail="\n".join(held)
                    )
                catalog = _rename_in_memberships(catalog.without_role(name), name, None)
                changes.append(("drop_role", role, None))
            return NamespaceResult(self.command, changes, catalog if changes else None)
        if action in ("grant_role", "revoke_role"):
            for granted in node.names:
                if granted != ADMIN:
                    _role(catalog, granted)
            for grantee in node.grantees:
                if grantee == ADMIN:
                    continue  # admin is a member of every role already
                role = _role(catalog, grantee)
                if grantee in node.names and action == "grant_role":
                    raise errors.InvalidGrantOperation(f'role "{grantee}" is a member of role "{grantee}"')
                members = role.member_of | set(node.names) if action == "grant_role" else role.member_of - set(node.names)
                new = replace(role, member_of=frozenset(members))
                catalog = catalog.with_role(new)
                changes.append(("alter_role", role, new))
            return NamespaceResult(self.command, changes, catalog if changes else None)
        if action in ("iam_grant", "iam_revoke"):
            (name,) = node.names
            role = _role(catalog, name)
            assert node.arn is not None
            arns = role.iam_arns | {node.arn} if action == "iam_grant" else role.iam_arns - {node.arn}
            new = replace(role, iam_arns=frozenset(arns))
            changes.append(("alter_role", role, new))
            return NamespaceResult(self.command, changes, catalog.with_role(new))
        return self._privileges(catalog, changes)

    def _privileges(self, catalog: Catalog, changes: list[Change]) -> NamespaceResult:
        node = self.node
        kind = node.object_kind
        base = {"ALL TABLES": "TABLE", "ALL SEQUENCES": "SEQUENCE", "ALL FUNCTIONS": "FUNCTION",
                "ALL ROUTINES": "FUNCTION", "ALL PROCEDURES": "FUNCTION", "PROCEDURE": "FUNCTION",
                "ROUTINE": "FUNCTION"}.get(kind, kind)
        allowed = _KIND_PRIVILEGES[base]
        privileges = allowed if node.privileges == ("ALL",) else node.privileges
        for p in privileges:
            if p not in allowed:
                raise errors.InvalidGrantOperation(f"invalid privilege type {p} for {_KIND_NOUN[base]}")
        targets = self._objects(catalog, kind)
        for grantee in node.grantees:
            if grantee in (ADMIN, "public"):
                continue  # admin holds every privilege; PUBLIC grants are accepted and not recorded
            role = _role(catalog, grantee)
            pairs = {(oid, p) for oid, _ in targets for p in privileges}
            held = role.privileges | pairs if node.action == "grant" else role.privileges - pairs
            new = replace(role, privileges=frozenset(held))
            catalog = catalog.with_role(new)
            changes.append(("alter_role", role, new))
        for _, obj in targets:
            if obj is not None:  # a relation's privileges are part of its definition (OC001 for racers)
                changes.append(("grant", obj, obj))
        return NamespaceResult(self.command, changes, catalog if changes else None)

    def _objects(self, catalog: Catalog, kind: str) -> list[tuple[int, CatalogObject | None]]:
        """(object id, the relation when the object is one) of each object named."""
        out: list[tuple[int, CatalogObject | None]] = []
        for schema, name in self.node.objects:
            if kind.startswith("ALL "):
                if name not in catalog.schemas:
                    raise errors.InvalidSchemaName(f'schema "{name}" does not exist')
                if kind == "ALL TABLES":
                    out.extend((t.table_id, t) for (s, _), t in catalog.tables.items() if s == name)
                    out.extend((v.table_id, v) for (s, _), v in catalog.views.items() if s == name)
                elif kind == "ALL SEQUENCES":
                    out.extend((q.table_id, q) for (s, _), q in catalog.sequences.items() if s == name)
                else:
                    out.extend((r.table_id, None) for (s, _), rs in catalog.routines.items() if s == name for r in rs)
            elif kind == "SCHEMA":
                if name not in catalog.schemas and name not in system.SYSTEM_SCHEMAS:
                    raise errors.InvalidSchemaName(f'schema "{name}" does not exist')
                out.append((catalog.schema_oids.get(name, 0), None))
            elif kind == "DATABASE":
                if name != system.DATABASE:
                    raise errors.InvalidCatalogName(f'database "{name}" does not exist')
                out.append((system.DATABASE_OID, None))
            elif kind in ("FUNCTION", "PROCEDURE", "ROUTINE"):
                found = [r for s in ([schema] if schema else self.search_path) for r in catalog.routines.get((s, name), ())]
                if not found:
                    raise errors.UndefinedFunction(f"function {name} does not exist")
                out.extend((r.table_id, None) for r in found)
            else:  # TABLE (views and sequences too, as PostgreSQL) or SEQUENCE
                relation: CatalogObject | None = None
                for s in ([schema] if schema else self.search_path):
                    relation = catalog.relation(s, name) if kind == "TABLE" else None
                    relation = relation or catalog.sequences.get((s, name))
                    if relation is not None:
                        break
                if relation is None:
                    raise errors.UndefinedTable(f'relation "{name}" does not exist')
                out.append((relation.table_id, relation))
        return out


def _check_name(name: str) -> None:
    if name == "public" or name == "none":
        raise errors.ReservedName(f'role name "{name}" is reserved')
    if name.startswith("pg_"):
        raise errors.ReservedName(
            f'role name "{name}" is reserved', detail='Role names starting with "pg_" are reserved.'
        )


def _role(catalog: Catalog, name: str) -> Role:
    role = catalog.roles.get(name)
    if role is None:
        raise _missing_role(name)
    return role


def _rename_in_memberships(catalog: Catalog, old: str, new: str | None) -> Catalog:
    """Other roles' memberships follow a renamed role (or lose a dropped one)."""
    for other in list(catalog.roles.values()):
        if old in other.member_of:
            members = (other.member_of - {old}) | ({new} if new is not None else set())
            catalog = catalog.with_role(replace(other, member_of=frozenset(members)))
    return catalog


def _described_privileges(catalog: Catalog, role: Role) -> list[str]:
    """PostgreSQL's DETAIL lines for the privileges a role still holds on existing objects."""
    names: dict[int, str] = {t.table_id: f"table {t.name}" for t in catalog.tables.values()}
    names.update({v.table_id: f"view {v.name}" for v in catalog.views.values()})
    names.update({q.table_id: f"sequence {q.name}" for q in catalog.sequences.values()})
    names.update({oid: f"schema {s}" for s, oid in catalog.schema_oids.items()})
    names.update({r.table_id: f"function {r.signature()}" for rs in catalog.routines.values() for r in rs})
    names[system.DATABASE_OID] = f"database {system.DATABASE}"
    held = sorted({names[oid] for oid, _ in role.privileges if oid in names})
    return [f"privileges for {what}" for what in held]


def has_privilege(catalog: Catalog, role_name: str, object_id: int, privilege: str) -> bool:
    """Whether ``role_name`` (or a role it is a member of) holds ``privilege`` on the object."""
    if role_name == ADMIN:
        return True
    seen: set[str] = set()
    pending = [role_name]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name == ADMIN:
            return True
        role = catalog.roles.get(name)
        if role is None:
            continue
        if (object_id, privilege) in role.privileges:
            return True
        pending.extend(role.member_of)
    return False

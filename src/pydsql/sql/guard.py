"""Refusing what pydsql does not understand, instead of ignoring it.

sqlglot parses far more syntax than pydsql executes (other dialects' clauses,
PostgreSQL features of later issues).  A clause that the planner does not
read must never be silently dropped: ``SELECT ... TABLESAMPLE`` returning all
rows would accept what DSQL refuses.  Each planner entry point states which
arguments of its sqlglot node it handles; :func:`only` refuses the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlglot import exp

from .. import errors
from .dialect import to_sql

#: DSQL's own words for clauses it refuses (reference section 3).
DSQL_REFUSALS: dict[str, str] = {
    "sample": "TABLESAMPLE clause not supported",
}


def only(
    node: exp.Expr, allowed: Iterable[str], what: str, messages: Mapping[str, str] | None = None
) -> None:
    """Raise 0A000 if ``node`` has a non-empty argument outside ``allowed``."""
    allowed = set(allowed)
    for key, value in node.args.items():
        if key in allowed or value is None or value is False or value == []:
            continue
        message = (messages or {}).get(key) or DSQL_REFUSALS.get(key)
        if message is None:
            message = f"{what}: {key.rstrip('_').upper()} is not supported by pydsql yet ({to_sql(node)})"
        raise errors.FeatureNotSupported(message)

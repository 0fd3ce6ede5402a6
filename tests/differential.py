"""Differential testing: run the same statements on pydsql and on PostgreSQL 16, compare.

For each statement both sides report an :class:`Outcome`: on success the
command tag, the column names and type OIDs, and the rows; on failure the
SQLSTATE and the primary message.  Rows are compared in order when the
statement has an ORDER BY, as multisets otherwise.  Values are compared after
a light normalization that only erases representation differences, never
value differences (``Decimal('1.50')`` and ``Decimal('1.5')`` stay distinct:
PostgreSQL keeps a numeric's scale and so must pydsql).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

import pydsql


@dataclass
class Outcome:
    ok: bool
    tag: str | None = None
    columns: list[tuple[str, int]] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    sqlstate: str | None = None
    message: str | None = None

    def describe(self) -> str:
        if self.ok:
            return f"ok {self.tag} {self.columns} {self.rows!r}"
        return f"error {self.sqlstate} {self.message!r}"


def _norm(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    if isinstance(v, datetime.datetime) and v.tzinfo is not None:
        return v.astimezone(datetime.timezone.utc)  # psycopg's zoneinfo UTC vs pydsql's timezone.utc
    return v


def _rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [tuple(_norm(v) for v in row) for row in rows]


def run_pydsql(conn: pydsql.Connection, sql: str, params: Any = None) -> Outcome:
    try:
        cur = conn.execute(sql, params)
    except pydsql.Error as e:
        return Outcome(False, sqlstate=e.sqlstate, message=str(e))
    if cur.description is None:
        return Outcome(True, cur.statusmessage)
    cols = [(d.name, d.type_code) for d in cur.description]
    return Outcome(True, cur.statusmessage, cols, _rows(cur.fetchall()))


def run_postgres(conn: Any, sql: str, params: Any = None) -> Outcome:
    import psycopg

    try:
        cur = conn.execute(sql, params)
    except psycopg.Error as e:
        return Outcome(False, sqlstate=e.sqlstate, message=e.diag.message_primary)
    if cur.description is None:
        return Outcome(True, cur.statusmessage)
    cols = [(d.name, d.type_code) for d in cur.description]
    try:
        rows = cur.fetchall()
    except psycopg.DataError as e:  # a value psycopg cannot load (e.g. a BC date): not comparable
        return Outcome(False, sqlstate="client", message=str(e))
    return Outcome(True, cur.statusmessage, cols, _rows(rows))


def compare(sql: str, mine: Outcome, theirs: Outcome, *, messages: bool = True) -> None:
    """Assert that two outcomes agree (see module docstring)."""
    context = f"\n  sql:        {sql}\n  pydsql:     {mine.describe()}\n  postgresql: {theirs.describe()}"
    assert mine.ok == theirs.ok, "outcome differs" + context
    if not mine.ok:
        assert mine.sqlstate == theirs.sqlstate, "SQLSTATE differs" + context
        if messages:
            assert mine.message == theirs.message, "message differs" + context
        return
    assert mine.tag == theirs.tag, "command tag differs" + context
    assert mine.columns == theirs.columns, "columns differ" + context
    if "order by" in sql.lower():
        assert mine.rows == theirs.rows, "rows differ" + context
    else:
        assert sorted(map(repr, mine.rows)) == sorted(map(repr, theirs.rows)), "rows differ" + context
        # repr keeps types apart (1 vs 1.0 vs Decimal('1')); compare values too
        assert sorted(mine.rows, key=repr) == sorted(theirs.rows, key=repr), "rows differ" + context


def run_script(pg: Any, statements: list[str], *, messages: bool = True) -> None:
    """Run ``statements`` in order on a fresh pydsql database and on ``pg``; compare each."""
    conn = pydsql.connect(autocommit=True)
    for sql in statements:
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql), messages=messages)

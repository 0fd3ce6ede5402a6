"""Evaluate many SQL expressions on PostgreSQL in one round trip, for the
differential tests in this directory.

``try_eval`` is a PL/pgSQL function that runs each SQL string in its own
subtransaction and traps any error, so one call returns, per string, either
the value (as text) or the SQLSTATE, message, detail and hint.  Every test
module here reaches the server through it, so this is the one place to fix
how the server side is evaluated.

Two row shapes are built on it:

* ``Row`` (numbers, strings, casts): the SQL returns (value text, type name),
  usually built by :func:`expr_sql`; errors carry the DETAIL.
  :func:`compare` checks such cases against pydsql thunks.
* ``Outcome`` (dates/times, intervals): the SQL returns one text value;
  errors carry the HINT.  Those modules keep their own ``compare``.

Test modules import this by plain name (``from pgeval import ...``): pytest's
default "prepend" import mode puts this directory on ``sys.path``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydsql.errors import Error
from pydsql.types import KINDS
from pydsql.values.casts import TYPE_IOS

IO = {io.kind: io for io in TYPE_IOS}

#: value text, type name, SQLSTATE, message, detail
Row = tuple[str | None, str | None, str | None, str | None, str | None]
#: value text, SQLSTATE, message, hint
Outcome = tuple[str | None, str | None, str | None, str | None]
#: SQL, pydsql thunk, result kind (None: compare ``str()`` of the value, not its type)
Case = tuple[str, Callable[[], Any], str | None]

_TRY_EVAL = """
CREATE OR REPLACE FUNCTION try_eval(sqls text[], typed boolean)
RETURNS TABLE(val text, typ text, state text, msg text, detail text, hint text)
LANGUAGE plpgsql AS $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY sqls LOOP
    val := NULL; typ := NULL; state := NULL; msg := NULL; detail := NULL; hint := NULL;
    BEGIN
      IF typed THEN
        EXECUTE s INTO val, typ;
      ELSE
        EXECUTE s INTO val;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                              detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    END;
    RETURN NEXT;
  END LOOP;
END $$"""


def lit(value: object) -> str:
    """``str(value)`` as a SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def expr_sql(expr: str) -> str:
    """One row: the value through its output function (NULL kept) and its type."""
    return f"SELECT CASE WHEN ({expr}) IS NULL THEN NULL ELSE format('%s', ({expr})) END, pg_typeof(({expr}))::text"


def try_eval(pg: Any, sqls: Sequence[str], *, typed: bool) -> list[tuple[Any, ...]]:
    """(val, typ, state, msg, detail, hint) per SQL string.  ``typed``: each
    returns (value, type name); otherwise one value and ``typ`` is NULL."""
    pg.execute(_TRY_EVAL)
    rows: list[tuple[Any, ...]] = pg.execute("SELECT * FROM try_eval(%s, %s)", (list(sqls), typed)).fetchall()
    return rows


def server_rows(pg: Any, sqls: Sequence[str]) -> list[Row]:
    """Each SQL returns (value text, type name)."""
    return [(v, t, s, m, d or None) for v, t, s, m, d, _ in try_eval(pg, sqls, typed=True)]


def server_outcomes(pg: Any, sqls: Sequence[str]) -> list[Outcome]:
    """Each SQL returns one text value."""
    return [(v, s, m, h or None) for v, _, s, m, _, h in try_eval(pg, sqls, typed=False)]


def parse(kind: str, text: str) -> Any:
    return IO[kind].parse(text)


def local_row(fn: Callable[[], Any], kind: str | None) -> Row:
    try:
        v = fn()
    except Error as e:
        return (None, None, e.sqlstate, e.message, e.detail)
    if kind is None:
        return (None if v is None else str(v), None, None, None, None)
    text = None if v is None else IO[kind].format(v)
    return (text, KINDS[kind].display, None, None, None)


def compare(pg: Any, cases: Sequence[Case], *, statements: bool = False) -> None:
    """Each case's SQL expression on the server against its pydsql thunk: value
    text, result type (unless the server raised or ``kind`` is None), SQLSTATE,
    message and detail.  ``statements``: the SQL is a full statement already
    returning (text, type), and the type is not compared.  All mismatches are
    reported together."""
    got = server_rows(pg, [sql if statements else expr_sql(sql) for sql, _, _ in cases])
    bad = []
    for (sql, fn, kind), srv in zip(cases, got):
        loc = local_row(fn, kind)
        if statements or kind is None or srv[2] is not None:
            srv = (srv[0], loc[1], *srv[2:])
        if srv != loc:
            bad.append(f"{sql}\n   pg:     {srv}\n   pydsql: {loc}")
    assert not bad, f"{len(bad)} mismatches of {len(cases)}:\n" + "\n".join(bad[:40])


#: SQL expression, thunk returning pydsql's value as PostgreSQL's output text
#: (None for NULL), expected ``pg_typeof`` name (None: not compared)
TextCase = tuple[str, Callable[[], str | None], str | None]


def compare_text(pg: Any, cases: Sequence[TextCase]) -> None:
    """Like :func:`compare` for values whose text pydsql computes itself
    (arrays, set-returning results gathered with ``array(...)``, types not in
    :data:`IO`): each thunk returns the output text; the type name, SQLSTATE,
    message and detail are compared as in :func:`compare`."""
    got = server_rows(pg, [expr_sql(sql) for sql, _, _ in cases])
    bad = []
    for (sql, fn, typ), srv in zip(cases, got):
        try:
            text = fn()
            loc: Row = (text, typ, None, None, None)
        except Error as e:
            loc = (None, None, e.sqlstate, e.message, e.detail)
        if typ is None or srv[2] is not None:
            srv = (srv[0], loc[1], *srv[2:])
        if srv != loc:
            bad.append(f"{sql}\n   pg:     {srv}\n   pydsql: {loc}")
    assert not bad, f"{len(bad)} mismatches of {len(cases)}:\n" + "\n".join(bad[:40])

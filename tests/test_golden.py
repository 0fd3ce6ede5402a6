"""Replay the probes recorded against a live Aurora DSQL cluster (``../shared/corpora/dsql-golden``).

Each recorded case runs on a fresh pydsql cluster: its ``setup`` statements
(autocommit, one transaction each), then its steps on one connection, or its
sessions on several connections interleaved by the recorded schedule.  Every
observation is compared with the recording: outcome, SQLSTATE, message,
command tag, column names and rows (rendered as the Go recorder printed
them).  For ``conflict_race`` cases only the multiset of final COMMIT
outcomes is compared, since the order inside a round was a race.

Cases that exercise features of later issues are listed in
:data:`KNOWN_GAPS` with the reason; they run as strict xfails, so one that
starts passing fails the suite until it is taken off the list.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import pydsql

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "dsql-golden"

#: case id -> why it does not pass yet (the issue that brings the feature).
KNOWN_GAPS: dict[str, str] = {
    # issue 3 (query engine): joins
    # issue 3 (query engine): set operations
    # issue 3 (query engine): WITH queries
    # issue 3 (query engine): subqueries
    # issue 3 (query engine): LATERAL
    # issue 3 (query engine): window functions
    # issue 3 (query engine): row constructors and whole-row references
    # issue 3 (query engine): arrays and set-returning functions
    # issue 3 (query engine): GROUPING SETS, ROLLUP, CUBE
    # issue 3 (query engine): DISTINCT ON
    # issue 3 (query engine): INSERT ... ON CONFLICT
    # issue 3 (query engine): DELETE ... USING
    # issue 3 (query engine): views
    # issue 3 (query engine): schemas
    # issue 3 (query engine): SQL-language functions
    # issue 4 (DSQL rules): EXPLAIN
    # issue 4 (DSQL rules): text search configurations
    # issue 4 (DSQL rules): runtime-only types refused
    # issue 4 (DSQL rules): transaction row quota
}


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    if not CORPUS.is_dir():  # a missing corpus must fail the run, not skip it
        raise FileNotFoundError(f"the DSQL probe corpus is missing: {CORPUS}")
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text())
        for case in data["cases"]:
            cases.append((f"{data['group']}/{case['name']}", case))
    return cases


CASES = _load_cases()


def _params() -> list[Any]:
    out = []
    for case_id, case in CASES:
        marks = []
        if case_id in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[case_id]))
        out.append(pytest.param(case, id=case_id, marks=marks))
    return out


# -- rendering values as the Go recorder (pgx + fmt %v) printed them ---------------------------


def go_value(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, uuid.UUID):
        return "[" + " ".join(str(b) for b in v.bytes) + "]"
    if isinstance(v, (bytes, bytearray)):
        return "[" + " ".join(str(b) for b in v) + "]"
    if isinstance(v, (list, tuple)):
        return "[" + " ".join(go_value(x) for x in v) + "]"
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(dt.timezone.utc)
        return v.strftime("%Y-%m-%dT%H:%M:%S") + (f".{v.microsecond:06d}".rstrip("0") if v.microsecond else "") + "Z"
    if isinstance(v, Decimal):
        return str(v)
    return str(v)


def observe(conn: pydsql.Connection, sql: str, simple: bool) -> dict[str, Any]:
    """The recorder's observation of one step (empty fields omitted, as recorded)."""
    try:
        cur = conn.execute(sql)
    except pydsql.Error as e:
        return {"outcome": "error", "sqlstate": e.sqlstate, "message": str(e)}
    results = []
    while True:
        res: dict[str, Any] = {}
        if cur.statusmessage:
            res["command_tag"] = cur.statusmessage
        if cur.description is not None:
            res["columns"] = [d.name for d in cur.description]
            rows = cur.fetchall()
            if rows:
                res["rows"] = [[go_value(v) for v in row] for row in rows]
        results.append(res)
        if not cur.nextset():
            break
    if simple:
        return {"outcome": "ok", "results": results}
    return {"outcome": "ok", **results[0]}


_COUNT_TAGS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "MOVE ", "FETCH ", "COPY ")


def _comparable(obs: dict[str, Any], ignore_rows: bool) -> dict[str, Any]:
    out = dict(obs)
    if ignore_rows:
        out.pop("rows", None)
        tag = out.get("command_tag", "")
        if tag.startswith(_COUNT_TAGS):
            out.pop("command_tag")
        for r in out.get("results", []):
            r.pop("rows", None)
    if out.get("outcome") == "error" and out.get("message") is None:
        out.pop("message", None)
    return out


def _expected(obs: dict[str, Any], ignore_rows: bool) -> dict[str, Any]:
    out = _comparable(obs, ignore_rows)
    if out.get("outcome") == "error" and "message" not in obs:
        out.pop("message", None)
    return out


def _check(case: dict[str, Any], got: dict[str, Any], want: dict[str, Any], where: str) -> None:
    ignore = bool(case.get("ignore_rows"))
    g, w = _comparable(got, ignore), _expected(want, ignore)
    if "message" not in w:
        g.pop("message", None)
    assert g == w, f"{where}\n  got:      {g}\n  recorded: {w}"


def _setup(case: dict[str, Any]) -> pydsql.Cluster:
    cluster = pydsql.Cluster()
    conn = cluster.connect(autocommit=True)
    for sql in case.get("setup", []):
        conn.execute(sql)
    conn.close()
    return cluster


@pytest.mark.parametrize("case", _params())
def test_recorded_probe(case: dict[str, Any]) -> None:
    cluster = _setup(case)
    simple = bool(case.get("simple_protocol"))
    if case.get("steps") is not None:
        conn = cluster.connect(autocommit=True)
        for sql, want in zip(case["steps"], case["expect"]):
            _check(case, observe(conn, sql, simple), want, sql)
        return
    sessions = case["sessions"]
    conns = [cluster.connect(autocommit=True) for _ in sessions]
    finals: list[tuple[str, str | None]] = []
    expected_finals: list[tuple[str, str | None]] = []
    for session_index, step_index in case["schedule"]:
        step = sessions[session_index][step_index]
        got = observe(conns[session_index], step["sql"], simple)
        is_final = step_index == len(sessions[session_index]) - 1
        if case.get("conflict_race") and is_final:
            finals.append((got["outcome"], got.get("sqlstate")))
            expected_finals.append((step["expect"]["outcome"], step["expect"].get("sqlstate")))
            continue
        _check(case, got, step["expect"], f"session {session_index}: {step['sql']}")
    assert sorted(finals, key=str) == sorted(expected_finals, key=str)

"""Small helpers the engine's test modules share: run a statement, expect an error, start a job."""

from __future__ import annotations

import re
from typing import Any

import pytest

import pydsql

#: What DSQL's job ids look like (sys.jobs.job_id: 26 lower-case base32 characters).
JOB_ID = re.compile(r"^[a-z2-7]{26}$")


def run(conn: pydsql.Connection, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (none for a statement without a result)."""
    cur = conn.execute(sql, params)
    return cur.fetchall() if cur.description is not None else []


def error(conn: pydsql.Connection, sql: str) -> pydsql.Error:
    """The pydsql error ``sql`` raises (the test fails if it raises none)."""
    with pytest.raises(pydsql.Error) as info:
        conn.execute(sql)
    return info.value


def start_job(conn: pydsql.Connection, sql: str, tag: str) -> str:
    """Run an asynchronous DDL statement (CREATE INDEX ASYNC, ALTER TABLE ASYNC ... VALIDATE):
    its command tag is ``tag`` and its one result is the new job's id, which is returned."""
    cur = conn.execute(sql)
    assert cur.statusmessage == tag
    assert [d.name for d in cur.description] == ["job_id"]  # type: ignore[union-attr]
    (job_id,), = cur.fetchall()
    assert JOB_ID.match(job_id)
    return str(job_id)

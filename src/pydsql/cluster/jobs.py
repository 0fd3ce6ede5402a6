"""Background jobs (``sys.jobs``): the builds of ``CREATE INDEX ASYNC`` and the
checks of ``ALTER TABLE ASYNC ... VALIDATE CONSTRAINT``.

A job is created by the COMMIT of the transaction that ran CREATE INDEX ASYNC
(job type ``INDEX_BUILD``; DROP TABLE and DROP INDEX leave a ``DROP`` job, as
DSQL's log shows, which has nothing to do but finish) -- a rolled-back
statement leaves no job -- and goes through DSQL's states::

    submitted --step--> processing --step--> completed
                                        \\--> failed   (duplicate keys, an expression error,
                                                       or DROP INDEX of the building index)

The index exists from that COMMIT on, *invalid* (``pg_index.indisvalid`` is
false): every write maintains it, but it neither enforces uniqueness nor
serves queries.  The final step validates it against the newest committed
state and, if it holds, publishes a new catalog version where the index is
valid -- a schema change of its table, committed through the resolver like
DDL, so a transaction whose snapshot predates it and that writes the table
fails at COMMIT with OC001 (it could not have checked the new unique key).
A failed build leaves the index invalid until DROP INDEX.

A ``VALIDATE_CONSTRAINT`` job (``ALTER TABLE ASYNC t VALIDATE CONSTRAINT c``
of a CHECK or FOREIGN KEY constraint added ``NOT VALID``) goes through the
same states; its final step checks the newest committed rows against the
constraint (the check itself is SQL: the SQL layer installs it with
:func:`set_constraint_validator`) and publishes the constraint as valid
(``pg_constraint.convalidated``) the same way, or fails with PostgreSQL's
message for the violation.  A constraint dropped meanwhile fails the job.

When jobs run (pydsql's decision; DSQL runs them on its own schedule):
deterministically, never in a thread.

* ``Cluster(jobs="eager")`` (the default): every pending job runs to its end
  when the next transaction of any connection begins, so the statement after
  a CREATE INDEX ASYNC already sees the finished index (as an application
  that waits for its job would).
* ``Cluster(jobs="manual")``: jobs only move when asked --
  :meth:`JobRunner.step` (one state), :meth:`Cluster.run_jobs`, or
  ``CALL sys.wait_for_job(id)`` -- so a test can observe every state.

``CALL sys.wait_for_job(id)`` runs the job to its end in either mode and
returns whether it completed.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from .. import errors
from ..catalog import Index, Table
from ..txn.layout import layout_of, unique_key_of
from .owner import OwnerRef

if TYPE_CHECKING:
    from .cluster import Cluster

SUBMITTED = "submitted"
PROCESSING = "processing"
COMPLETED = "completed"
FAILED = "failed"

INDEX_BUILD = "INDEX_BUILD"
VALIDATE_CONSTRAINT = "VALIDATE_CONSTRAINT"
DROP = "DROP"

#: pg_class's OID: the class of the objects index jobs are about (sys.jobs.class_id).
PG_CLASS_OID = 1259
#: pg_constraint's OID: the class of the objects VALIDATE_CONSTRAINT jobs are about.
PG_CONSTRAINT_OID = 2606

CONSTRAINT_DROPPED = "constraint validation cancelled: the constraint was dropped"

#: (cluster, table, constraint oid) -> why the newest committed rows violate the constraint, or None
ConstraintValidator = Callable[["Cluster", Table, int], "str | None"]
_constraint_validator: ConstraintValidator | None = None


def set_constraint_validator(validator: ConstraintValidator) -> None:
    global _constraint_validator
    _constraint_validator = validator

DUPLICATES = "found duplicate key(s) while validating index uniqueness"
CANCELLED = "index build cancelled: the index was dropped"


@dataclass
class Job:
    job_id: str
    job_type: str
    table_id: int
    object_id: int
    object_name: str | None
    start_time: datetime
    update_time: datetime
    status: str = SUBMITTED
    details: str | None = None
    class_id: int = PG_CLASS_OID

    @property
    def finished(self) -> bool:
        return self.status in (COMPLETED, FAILED)


def new_job_id(random_bytes: bytes) -> str:
    """DSQL's job id form: a 128-bit id in lower-case base32 (26 characters of ``[a-z2-7]``)."""
    return base64.b32encode(random_bytes).decode().rstrip("=").lower()


def parse_job_id(text: str) -> str:
    """Validate a job id argument as DSQL does (it converts the text to a UUID)."""
    if len(text) != 26 or any(c not in "abcdefghijklmnopqrstuvwxyz234567" for c in text):
        raise errors.InvalidTextRepresentation("Unable to convert text to UUID")
    return text


class JobRunner:
    """The jobs of one cluster, in submission order (see module docstring)."""

    def __init__(self, cluster: Cluster, mode: str) -> None:
        if mode not in ("eager", "manual"):
            raise ValueError(f"jobs must be 'eager' or 'manual', not {mode!r}")
        self._owner = OwnerRef(cluster, "jobs")
        self.eager = mode == "eager"
        self.jobs: dict[str, Job] = {}
        self._pending: list[Job] = []

    @property
    def cluster(self) -> Cluster:
        return self._owner()

    def new_id(self) -> str:
        return new_job_id(self.cluster.clock.random_bytes(16))

    # -- life cycle -------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        self.jobs[job.job_id] = job
        self._pending.append(job)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def cancel_index(self, index_id: int) -> None:
        """DROP INDEX committed: a build still running on it fails."""
        for job in list(self._pending):
            if job.object_id == index_id and job.job_type == INDEX_BUILD:
                self._finish(job, FAILED, CANCELLED)

    def submit_drop(self, object_id: int) -> None:
        """DROP TABLE / DROP INDEX committed: DSQL reclaims the storage in a DROP job.
        (pydsql's storage goes with garbage collection; the job only records it.)"""
        now = self.cluster.clock.now()
        self.submit(Job(self.new_id(), DROP, 0, object_id, None, now, now))

    def step(self, job: Job) -> None:
        """Move ``job`` one state forward."""
        with self.cluster.lock:
            if job.status == SUBMITTED:
                job.status = PROCESSING
                job.update_time = self.cluster.clock.now()
            elif job.status == PROCESSING:
                if job.job_type == DROP:
                    self._finish(job, COMPLETED)
                    return
                try:
                    if job.job_type == VALIDATE_CONSTRAINT:
                        self._validate_constraint(job)
                    else:
                        self._build(job)
                except Exception as e:  # a pydsql bug: it fails the job, not the statement that ran it
                    self._finish(job, FAILED, f"internal error in pydsql: {type(e).__name__}: {e}")

    def run(self, job: Job) -> bool:
        """Run ``job`` to its end; True if it completed."""
        with self.cluster.lock:
            while not job.finished:
                self.step(job)
            return job.status == COMPLETED

    def run_pending(self) -> None:
        with self.cluster.lock:
            for job in list(self._pending):
                self.run(job)

    def get(self, job_id: str) -> Job:
        job = self.jobs.get(parse_job_id(job_id))
        if job is None:
            raise errors.UndefinedObject(f'job "{job_id}" does not exist')
        return job

    # -- the index build ----------------------------------------------------------------

    def _finish(self, job: Job, status: str, details: str | None = None) -> None:
        job.status = status
        job.details = details
        job.update_time = self.cluster.clock.now()
        if job in self._pending:
            self._pending.remove(job)

    def _build(self, job: Job) -> None:
        cluster = self.cluster
        catalog = cluster.catalog_now()
        table = catalog.table_by_id(job.table_id)
        index = next((i for i in table.indexes if i.index_id == job.object_id), None) if table else None
        if table is None or index is None:
            self._finish(job, FAILED, CANCELLED)
            return
        problem = _validate(cluster, table, index)
        if problem is not None:
            self._finish(job, FAILED, problem)
            return
        indexes = tuple(replace(i, valid=True) if i.index_id == index.index_id else i for i in table.indexes)
        cluster.publish_schema_change(table.table_id, catalog.with_table(table.with_changes(indexes=indexes)))
        self._finish(job, COMPLETED)

    def _validate_constraint(self, job: Job) -> None:
        cluster = self.cluster
        catalog = cluster.catalog_now()
        table = catalog.table_by_id(job.table_id)
        validated = _constraint_validated(table, job.object_id) if table is not None else None
        if table is None or validated is None:
            self._finish(job, FAILED, CONSTRAINT_DROPPED)
            return
        assert _constraint_validator is not None, "the SQL layer installs the constraint validator at import"
        problem = _constraint_validator(cluster, table, job.object_id)
        if problem is not None:
            self._finish(job, FAILED, problem)
            return
        if validated != table:
            cluster.publish_schema_change(table.table_id, catalog.with_table(validated))
        self._finish(job, COMPLETED)


def _constraint_validated(table: Table, oid: int) -> Table | None:
    """``table`` with constraint ``oid`` marked valid (None: the constraint is gone)."""
    if not any(c.oid == oid for c in table.checks) and not any(f.oid == oid for f in table.foreign_keys):
        return None
    checks = tuple(replace(c, valid=True) if c.oid == oid else c for c in table.checks)
    fkeys = tuple(replace(f, valid=True) if f.oid == oid else f for f in table.foreign_keys)
    return table.with_changes(checks=checks, foreign_keys=fkeys)


def _validate(cluster: Cluster, table: Table, index: Index) -> str | None:
    """Why ``index`` cannot become valid on the newest committed rows, or None."""
    key_of = layout_of(table).index_key_of[index.index_id]
    unique_key = unique_key_of(table, index) if index.unique else None
    seen: set[bytes] = set()
    try:
        for _, row in cluster.replica.store(table.table_id).items(cluster.version):
            key_of(row)  # an expression key that fails to compute fails the build
            if unique_key is not None:
                ikey = unique_key(row)
                if ikey is not None:
                    if ikey in seen:
                        return DUPLICATES
                    seen.add(ikey)
    except errors.Error as e:
        return str(e)
    return None

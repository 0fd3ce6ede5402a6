"""DSQL's quotas (reference section 8): what a cluster enforces, and where.

Every limit has DSQL's value by default and can be lowered (or raised) per
cluster, so that tests can exercise batching and retry code with small ones::

    cluster = pydsql.Cluster(quotas=pydsql.Quotas(transaction_rows=10))

Where each limit is checked (the errors are DSQL's):

* ``transaction_rows``: rows mutated or locked by a transaction, counted at the
  end of every statement; the statement that crosses the limit fails with
  ``54000 transaction row limit exceeded`` and, as any failed statement, aborts
  an explicit transaction.
* ``transaction_bytes``: the estimated size of everything a transaction wrote
  (the latest write of each row, as :func:`check_row` measured it), at COMMIT: ``54000 transaction size limit 10mb
  exceeded``; the transaction is rolled back.
* ``transaction_age``: seconds since BEGIN (on the cluster's clock, so a
  simulated clock can move it), at the next statement or COMMIT:
  ``54000 transaction age limit of 300s exceeded``.
* ``key_bytes``, ``row_bytes``, ``column_bytes``: the encoded primary key and
  the estimated row and value sizes, at the write.
* ``table_columns``, ``index_columns``, ``table_indexes``, ``schemas``,
  ``tables``, ``views``, ``sequences``: checked against the catalog a DDL
  statement produced, before the statement completes.

Not enforced by pydsql (an in-process library has no such resources): the
connection lifetime and count, query memory and message size.

Sizes are estimates: DSQL does not publish its row format.  A value counts
its UTF-8 text, its bytes, or 8 bytes for fixed-size types (a numeric its
digits), plus the primary key's encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import errors
from ..catalog import Sequence, Table

MIB = 1024 * 1024


@dataclass(frozen=True)
class Quotas:
    """The limits a cluster enforces; DSQL's values by default (see module docstring)."""

    transaction_rows: int = 3_000
    transaction_bytes: int = 10 * MIB
    transaction_age: float = 300.0  # seconds
    key_bytes: int = 1024
    row_bytes: int = 2 * MIB
    column_bytes: int = MIB
    index_columns: int = 8
    table_columns: int = 255
    table_indexes: int = 24
    schemas: int = 10
    tables: int = 1_000
    views: int = 5_000
    sequences: int = 5_000


DEFAULT_QUOTAS = Quotas()


def value_bytes(v: Any) -> int:
    """The estimated stored size of one non-NULL value."""
    if isinstance(v, str):
        return len(v) if v.isascii() else len(v.encode("utf-8"))
    if isinstance(v, (bytes, bytearray)):
        return len(v)
    if isinstance(v, Decimal):
        return 8 + len(v.as_tuple().digits) // 2
    if isinstance(v, (list, tuple, dict)):
        return len(str(v))
    return 8


def format_size(n: int) -> str:
    """``10mb``, ``512kb``, ``100b``: how the size limit is named in its message."""
    if n % MIB == 0:
        return f"{n // MIB}mb"
    if n % 1024 == 0:
        return f"{n // 1024}kb"
    return f"{n}b"


def check_row(quotas: Quotas, key: bytes, row: tuple[Any, ...] | None) -> int:
    """The per-write limits: key size, then each column's size, then the row's.

    Returns the write's estimated size (key and row), which the transaction
    keeps for its COMMIT-time size limit."""
    if len(key) > quotas.key_bytes:
        raise errors.ProgramLimitExceeded("key size too large")
    if row is None:
        return len(key)
    column_limit = quotas.column_bytes
    total = 0
    for v in row:
        if v is None:
            continue
        cls = v.__class__
        if cls is int or cls is float or cls is bool:  # the common cases, inline
            total += 8
            continue
        size = (len(v) if v.isascii() else len(v.encode("utf-8"))) if cls is str else value_bytes(v)
        if size > column_limit:
            raise errors.ProgramLimitExceeded("maximum column size exceeded")
        total += size
    if total > quotas.row_bytes:
        raise errors.ProgramLimitExceeded("maximum row size exceeded")
    return total + len(key)


def check_catalog(quotas: Quotas, catalog: Any, changed: list[Any]) -> None:
    """The object limits, against the catalog a DDL statement produced.

    ``changed`` are the objects the statement created or changed (tables are
    checked for their columns and indexes)."""
    for count, limit, what in (
        (len(catalog.schemas), quotas.schemas, "schemas"),
        (len(catalog.tables), quotas.tables, "tables"),
        (len(catalog.views), quotas.views, "views"),
        (len(catalog.sequences), quotas.sequences, "sequences"),
    ):
        if count > limit:
            raise errors.ProgramLimitExceeded(f"creating more than {limit} {what} not allowed")
    for obj in changed:
        if isinstance(obj, Sequence) or not isinstance(obj, Table):
            continue
        if len(obj.columns) > quotas.table_columns:
            raise errors.TooManyColumns(f"tables can have at most {quotas.table_columns} columns")
        if len(obj.indexes) > quotas.table_indexes:
            raise errors.ProgramLimitExceeded(f"more than {quotas.table_indexes} indexes per table are not allowed")
        for index in obj.indexes:
            if len(index.columns) > quotas.index_columns:
                raise errors.TooManyColumns(
                    f"more than {quotas.index_columns} column keys in an index are not supported"
                )

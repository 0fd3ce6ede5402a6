"""pydsql: Amazon Aurora DSQL in a Python import.

A PEP 249 (DB-API 2.0) driver and an in-process engine that behaves like
Aurora DSQL: PostgreSQL 16 SQL, snapshot isolation with optimistic
concurrency (conflicts fail at COMMIT with SQLSTATE 40001), and DSQL's rules::

    import pydsql
    conn = pydsql.connect()              # a fresh in-memory database
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
    conn.commit()                        # DSQL: one DDL statement per transaction
    conn.execute("INSERT INTO t VALUES (%s, %s)", (1, "ada"))
    conn.commit()

This module holds the PEP 249 globals: ``apilevel``, ``threadsafety``,
``paramstyle``, :func:`connect`, the exception classes, the type objects and
the constructors.
"""

from __future__ import annotations

import datetime as _dt
import threading as _threading
import time as _time
import weakref as _weakref
from typing import Any

from . import errors
from .adapt import Json, Jsonb
# psycopg.types.range's Range and Multirange interfaces: range results and parameters
from .values.ranges import Multirange, Range
from .cluster import Cluster, ClusterSnapshot
from .cluster.clock import Clock, FixedClock
from .cluster.faults import FaultRule, Faults
from .cluster.stats import ClusterStats
from .txn.quotas import Quotas
from .dbapi import Column, Connection, Cursor
from .errors import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    Warning,
)
from .retry import RetryPolicy, retry, retryable  # noqa: E402 - the function shadows the module name on purpose

__version__ = "0.1.0"

#: PEP 249 globals.
apilevel = "2.0"
#: Threads may share the module and connections (the cluster serializes statements).
threadsafety = 2
paramstyle = "pyformat"

_NAMED: _weakref.WeakValueDictionary[str, Cluster] = _weakref.WeakValueDictionary()
_NAMED_LOCK = _threading.Lock()


def connect(
    database: str | None = None, *, cluster: Cluster | None = None, region: str | None = None, autocommit: bool = False
) -> Connection:
    """Open a connection (PEP 249 ``connect``).

    * ``connect()`` (or ``connect(":memory:")``): a fresh, private in-memory database;
    * ``connect("name")``: the named in-memory database of this process, shared
      by every connection that uses the same name while one of them is alive;
    * ``connect(cluster=c)``: a connection to an existing :class:`Cluster`;
      ``region`` picks the endpoint of a multi-region cluster (default: its first region).

    ``autocommit`` is False by default, as PEP 249 requires.
    """
    if cluster is not None:
        if database is not None:
            raise ProgrammingError("pass either a database name or a cluster, not both")
        return cluster.connect(region=region, autocommit=autocommit)
    if region is not None:
        raise ProgrammingError("region needs a cluster: pydsql.connect(cluster=..., region=...)")
    if database is None or database == ":memory:":
        return Cluster().connect(autocommit=autocommit)
    if not isinstance(database, str):
        raise ProgrammingError(f"database must be a string, got {type(database).__name__}")
    with _NAMED_LOCK:
        shared = _NAMED.get(database)
        if shared is None:
            shared = Cluster()
            _NAMED[database] = shared
    conn = shared.connect(autocommit=autocommit)
    return conn


# -- PEP 249 type objects and constructors ----------------------------------------------


class DBAPITypeObject:
    """Compares equal to every type code (PostgreSQL type OID) of its group."""

    def __init__(self, name: str, oids: frozenset[int]) -> None:
        self.name = name
        self.values = oids

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DBAPITypeObject):
            return self.values == other.values
        return other in self.values

    def __hash__(self) -> int:
        return hash(self.values)

    def __repr__(self) -> str:
        return f"<DBAPITypeObject {self.name}>"


STRING = DBAPITypeObject("STRING", frozenset({25, 1043, 1042, 19, 114, 3802}))
BINARY = DBAPITypeObject("BINARY", frozenset({17}))
NUMBER = DBAPITypeObject("NUMBER", frozenset({20, 21, 23, 26, 700, 701, 1700}))
DATETIME = DBAPITypeObject("DATETIME", frozenset({1082, 1083, 1114, 1184, 1186, 1266}))
ROWID = DBAPITypeObject("ROWID", frozenset({26}))

Date = _dt.date
Time = _dt.time
Timestamp = _dt.datetime


def DateFromTicks(ticks: float) -> _dt.date:  # noqa: N802 - PEP 249 name
    return Date(*_time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> _dt.time:  # noqa: N802
    return Time(*_time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> _dt.datetime:  # noqa: N802
    return Timestamp(*_time.localtime(ticks)[:6])


def Binary(value: Any) -> bytes:  # noqa: N802
    return bytes(value)


__all__ = [
    "apilevel", "threadsafety", "paramstyle", "connect", "Cluster", "Quotas", "Connection", "Cursor", "Column",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError", "errors",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks", "Binary",
    "Json", "Jsonb", "Range", "Multirange",
    "Clock", "FixedClock", "Faults", "FaultRule", "ClusterStats", "ClusterSnapshot", "retry", "retryable",
    "RetryPolicy",
]

"""PEP 249 connections and cursors: a thin facade over a :class:`~pydsql.session.Session`.

Where PEP 249 is silent, these objects behave like psycopg 3's (``execute``
returns the cursor, ``conn.execute`` shortcut, ``statusmessage``,
``nextset`` over the results of a multi-statement string, ``with conn:``
commits or rolls back and then closes).
"""

from __future__ import annotations

import itertools
import threading
from datetime import tzinfo
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from . import errors
from .adapt import adapt_params, convert_rows, output_converters
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
from .params import bind
from .session import PointRead, Session
from .sql.ast import Statement
from .sql.statements import Result
from .types import SqlType

if TYPE_CHECKING:
    from .cluster.cluster import Cluster

_T = TypeVar("_T")

Row = tuple[Any, ...]
Params = Sequence[Any] | Mapping[str, Any] | None


class Column(NamedTuple):
    """PEP 249 ``description`` entry (the 7 items), with psycopg's attribute names."""

    name: str
    type_code: int
    display_size: int | None
    internal_size: int | None
    precision: int | None
    scale: int | None
    null_ok: bool | None


_SHAPES: dict[tuple[int, tzinfo | None], tuple[object, list[Column], Any]] = {}


def _shape(columns: list[tuple[str, SqlType]], zone: tzinfo | None) -> tuple[list[Column], Any]:
    """(description, output converters) of a result's columns, computed once per prepared statement.

    A prepared statement returns the same ``columns`` list on every execution;
    the cache keeps a reference to it, so its id cannot be reused while cached.
    """
    key = (id(columns), zone)
    entry = _SHAPES.get(key)
    if entry is None or entry[0] is not columns:
        if len(_SHAPES) > 4096:
            _SHAPES.clear()
        entry = _SHAPES[key] = (columns, describe(columns), output_converters([t for _, t in columns], zone))
    return entry[1], entry[2]


def describe(columns: Sequence[tuple[str, SqlType]]) -> list[Column]:
    out = []
    for name, t in columns:
        info = t.info
        internal = info.typlen if info.typlen > 0 else None
        display = t.length if t.kind in ("varchar", "bpchar") else None
        precision = t.precision if t.kind == "numeric" else None
        scale = t.scale if t.kind == "numeric" and t.precision is not None else None
        out.append(Column(name, t.oid, display, internal, precision, scale, None))
    return out


class Connection:
    """PEP 249 Connection to a pydsql cluster.

    ``autocommit`` is False by default (PEP 249): the first statement opens a
    transaction that lasts until :meth:`commit` or :meth:`rollback`.  With
    ``autocommit=True`` each statement is its own transaction unless you
    send ``BEGIN``.
    """

    __module__ = "pydsql"

    Error = Error
    Warning = Warning
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError

    def __init__(self, cluster: Cluster, *, autocommit: bool = False, region: str | None = None) -> None:
        self._cluster = cluster
        self._endpoint = cluster.endpoint(region)
        self._epoch = self._endpoint.epoch  # the region failed since: this connection is gone
        self._session = Session(cluster, autocommit=autocommit, region=self._endpoint.name)
        self._closed = False
        self._severed = False  # dropped by cluster.faults: the next call raises 08006
        self._lock = threading.RLock()
        #: query text -> what this connection knows of it (see _KnownQuery)
        self._known: dict[str, _KnownQuery] = {}

    # -- properties --------------------------------------------------------------------

    @property
    def cluster(self) -> Cluster:
        """The database this connection talks to (open more connections with ``cluster.connect()``)."""
        return self._cluster

    @property
    def region(self) -> str:
        """The region whose endpoint this connection is open to."""
        return self._endpoint.name

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def autocommit(self) -> bool:
        return self._session.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        self._check()
        if self._session.in_transaction:
            status = "INERROR" if self._session.in_failed_transaction else "INTRANS"
            raise ProgrammingError(f"can't change 'autocommit' now: connection in transaction status {status}")
        self._session.autocommit = bool(value)

    @property
    def in_transaction(self) -> bool:
        """True while a transaction is open (sqlite3's name)."""
        return self._session.in_transaction

    @property
    def notices(self) -> list[str]:
        """Warnings the server sent (e.g. COMMIT with no transaction in progress)."""
        return self._session.notices

    # -- PEP 249 methods -------------------------------------------------------------------

    def cursor(self) -> Cursor:
        self._check()
        return Cursor(self)

    def commit(self) -> None:
        self._check()
        with self._lock:
            try:
                tag = self._session.commit()
            except errors.ConnectionFailure as e:
                self._lost()
                _context(e, "COMMIT", None)
                raise
            except errors.Error as e:
                _context(e, "COMMIT", None)
                raise
        if tag == "ROLLBACK":
            # psycopg: committing a failed transaction rolls it back silently
            return

    def rollback(self) -> None:
        self._check()
        with self._lock:
            self._session.rollback()

    def close(self) -> None:
        if not self._closed:
            with self._lock:
                self._session.close()
                self._closed = True
                self._severed = False

    def _learn(self, query: str, sql: str, placeholders: int) -> _KnownQuery | None:
        """Remember ``query`` (bound to ``sql``) if it is one statement (see _KnownQuery)."""
        statement = self._session.single_statement(sql)
        if statement is None:
            return None
        known = self._known
        if len(known) >= _KNOWN_MAX:
            known.clear()
        entry = known[query] = _KnownQuery(statement, placeholders)
        return entry

    def _lost(self) -> None:
        """The connection was lost during a call (its region failed while a COMMIT waited
        for the network): it is closed, and the caller re-raises the 08006."""
        self._session.close()
        self._closed = True

    def _sever(self) -> None:
        """The connection to the server is lost (``cluster.faults.drop_connection``).

        The server side goes at once (its transaction rolls back, as when a
        real server notices a dead socket); the client learns it at its next call.
        """
        with self._lock:
            if not self._closed:
                self._session.close()
                self._severed = True

    def execute(self, query: str, params: Params = None) -> Cursor:
        """Create a cursor, execute ``query`` on it and return it (psycopg 3)."""
        return self.cursor().execute(query, params)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._closed:
            return
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.close()

    def _check(self) -> None:
        if self._epoch != self._endpoint.epoch and not self._closed:
            self._sever()  # its region failed (its transaction was rolled back then)
        if self._severed:
            self._severed = False
            self._closed = True
            raise errors.ConnectionFailure("connection to server was lost")
        if self._closed:
            raise errors.OperationalError("the connection is closed")

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("in transaction" if self.in_transaction else "idle")
        return f"<pydsql.Connection [{state}] at 0x{id(self):x}>"


class Cursor:
    """PEP 249 Cursor.  Results are fully materialized at ``execute()``."""

    __module__ = "pydsql"

    arraysize: int = 1

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._closed = False
        self._results: list[Result] = []
        self._index = 0
        self._rows: list[Row] | None = None
        self._pos = 0
        self._description: list[Column] | None = None
        self._rowcount = -1
        self._statusmessage: str | None = None
        self.arraysize = 1

    # -- PEP 249 attributes ------------------------------------------------------------------

    @property
    def description(self) -> list[Column] | None:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def statusmessage(self) -> str | None:
        """The command tag of the last statement (``INSERT 0 1``, ``SELECT 2``...)."""
        return self._statusmessage

    @property
    def rownumber(self) -> int | None:
        return self._pos if self._rows is not None else None

    @property
    def lastrowid(self) -> None:
        return None

    @property
    def closed(self) -> bool:
        return self._closed

    # -- execution --------------------------------------------------------------------------------

    def execute(self, query: str, params: Params = None) -> Cursor:
        self._check()
        connection = self.connection
        session = connection._session
        # a query text run before as one statement with positional parameters: neither bound nor parsed again
        positional: Sequence[Any] | None = params if type(params) is tuple or type(params) is list else None
        known = connection._known.get(query) if positional is not None else None
        if known is not None and len(positional) == known.placeholders:  # type: ignore[arg-type]  # not None
            try:
                param_types, values = adapt_params(positional)
            except errors.Error as e:
                _context(e, query, params)
                raise
            entry: tuple[tuple[SqlType, ...], _CachedPoint | None] | None
            for entry in known.points:  # a scan: a tuple of types compares in C, but hashes in Python
                if entry[0] == param_types:
                    point = entry[1]
                    if point is None or session.txn is None:
                        break
                    # a point read (inside a transaction): straight to the row, or back to the
                    # statement path, which answers whatever the fast path declines.  Under the
                    # cluster's lock only: every session method holds it, and this one takes no other
                    rows = session.point_read(point.read, values)
                    if rows is not None:
                        self._set_point_rows(point, rows)
                        return self
                    known.points.remove(entry)  # looked at again below: another schema, setting...
                    entry = None
                    break
            else:
                entry = None
            self._set_results([self._on_server(query, params, session.execute_parsed, known.statement, param_types, values)])
            if entry is not None or session.txn is None:
                return self
        else:
            try:
                sql, bound = bind(query, params)
            except errors.Error as e:
                _context(e, query, params)
                raise
            self._set_results(self._on_server(query, params, session.execute, sql, bound))
            if positional is None:
                return self
            known = connection._learn(query, sql, len(positional))
            if known is None or session.txn is None:
                return self
        with connection._lock:  # its plan as this session last ran it: is it a point read?
            read, ran_with = session.point_read_of(known.statement)
            if ran_with is not None and all(types != ran_with for types, _ in known.points):
                # its rows' shape too: the fast path runs only under the TimeZone it was planned for
                cached = _CachedPoint(read, *_shape(read.columns, session.python_zone())) if read else None
                if len(known.points) >= _TYPES_PER_QUERY_MAX:
                    known.points.clear()
                known.points.append((ran_with, cached))
        return self

    def _on_server(self, query: str, params: Params, call: Callable[..., _T], *args: Any) -> _T:
        """``call(*args)`` under the connection's lock; a pydsql error it raises records
        ``query`` and ``params``, and a lost connection closes this one."""
        connection = self.connection
        with connection._lock:
            try:
                return call(*args)
            except errors.ConnectionFailure as e:
                connection._lost()
                _context(e, query, params)
                raise
            except errors.Error as e:
                _context(e, query, params)
                raise

    def _set_point_rows(self, point: _CachedPoint, rows: list[Row]) -> None:
        """The cursor's state after a point read (as :meth:`_set_results` of its one result)."""
        converters = point.converters
        self._results = []
        self._index = 0
        self._pos = 0
        self._rows = convert_rows(rows, converters) if converters else rows
        self._description = point.description
        n = self._rowcount = len(rows)
        self._statusmessage = "SELECT 1" if n == 1 else f"SELECT {n}"

    def executemany(self, query: str, params_seq: Iterable[Params], *, returning: bool = False) -> None:
        """Execute ``query`` once per parameter set; ``rowcount`` is the total (psycopg 3).

        With ``returning=True`` the results of every execution are kept and
        reachable with :meth:`nextset`.
        """
        self._check()
        total = 0
        kept: list[Result] = []
        session = self.connection._session
        last: list[Result] = []
        rows = iter(params_seq)
        with self.connection._lock:
            current: list[Params] = [None]  # the row being run: what a failure reports

            def bound(params: Params) -> tuple[str, Sequence[Any] | None]:
                current[0] = params
                return bind(query, params)

            def values_of(params: Params) -> Sequence[Any] | None:
                """``bound(params)[1]``: a row of as many values as placeholders, in a tuple
                or list, is its own values (the shortcut of ``bind``, without its calls)."""
                if (type(params) is tuple or type(params) is list) and len(params) == count:
                    current[0] = params
                    return params  # a tuple or a list
                return bound(params)[1]

            try:
                first = next(rows, None)
                if first is not None:
                    sql, values = bound(first)
                    # the number of positional placeholders (-1: named ones, or values not a tuple or list)
                    count = len(first) if values is first else -1  # bind returns such values as they are
                    # %s and %(name)s bind to the same text for every row: only the values differ
                    batch = session.execute_many(sql, itertools.chain((values,), map(values_of, rows)))
                    if batch is not None:  # one data-modifying statement inside a transaction
                        results = batch
                    else:  # row by row: the first is bound already
                        results = []
                        for sql, values in itertools.chain(((sql, values),), (bound(p) for p in rows)):
                            results.extend(session.execute(sql, values))
                    last = results[-1:]
                    for r in results:
                        if r.rowcount > 0:
                            total += r.rowcount
                    if returning:
                        kept = results
            except errors.ConnectionFailure as e:
                self.connection._lost()
                _context(e, query, current[0])
                raise
            except errors.Error as e:
                _context(e, query, current[0])
                raise
        self._set_results(kept if returning else [])
        self._statusmessage = last[-1].tag if last else None
        self._rowcount = total if last else -1

    def _set_results(self, results: list[Result]) -> None:
        self._results = results
        self._index = 0
        self._load(0)

    def _load(self, index: int) -> None:
        if index >= len(self._results):
            self._rows = None
            self._description = None
            self._rowcount = -1
            self._statusmessage = None
            return
        result = self._results[index]
        self._statusmessage = result.tag
        self._rowcount = result.rowcount
        self._pos = 0
        if result.columns is None:
            self._rows = None
            self._description = None
            return
        rows = result.rows or []
        description, converters = _shape(result.columns, self.connection._session.python_zone())
        self._rows = convert_rows(rows, converters) if converters else rows
        self._description = description

    def nextset(self) -> bool | None:
        """Move to the next result of a multi-statement ``execute``; None when there is none."""
        self._check()
        if self._index + 1 < len(self._results):
            self._index += 1
            self._load(self._index)
            return True
        return None

    # -- fetching ---------------------------------------------------------------------------------

    def _rows_or_raise(self) -> list[Row]:
        self._check()
        if self._rows is None:
            raise ProgrammingError("no result available" if self._statusmessage is None else "the last operation didn't produce a result")
        return self._rows

    def fetchone(self) -> Row | None:
        rows = self._rows_or_raise()
        if self._pos < len(rows):
            row = rows[self._pos]
            self._pos += 1
            return row
        return None

    def fetchmany(self, size: int | None = None) -> list[Row]:
        rows = self._rows_or_raise()
        n = self.arraysize if size is None else size
        out = rows[self._pos: self._pos + n]
        self._pos += len(out)
        return out

    def fetchall(self) -> list[Row]:
        rows = self._rows_or_raise()
        out = rows[self._pos:]
        self._pos = len(rows)
        return out

    def __iter__(self) -> Iterator[Row]:
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def scroll(self, value: int, mode: str = "relative") -> None:
        rows = self._rows_or_raise()
        pos = self._pos + value if mode == "relative" else value
        if mode not in ("relative", "absolute"):
            raise ProgrammingError(f"bad mode: {mode}. It should be 'relative' or 'absolute'")
        if not 0 <= pos <= len(rows):
            raise IndexError("position out of bound")
        self._pos = pos

    # -- the rest of PEP 249 -----------------------------------------------------------------------

    def setinputsizes(self, sizes: Any) -> None:
        """PEP 249: a no-op (types come from the values)."""

    def setoutputsize(self, size: Any, column: int | None = None) -> None:
        """PEP 249: a no-op."""

    def close(self) -> None:
        self._closed = True
        self._rows = None

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _check(self) -> None:
        if self._closed:
            raise InterfaceError("the cursor is closed")
        self.connection._check()

    def __repr__(self) -> str:
        return f"<pydsql.Cursor [{'closed' if self._closed else 'open'}] at 0x{id(self):x}>"


class _CachedPoint(NamedTuple):
    """A point read a connection runs by its fast path, with the shape of its rows."""

    read: PointRead
    description: list[Column]
    converters: Any


class _KnownQuery:
    """A query text a connection ran as one statement with ``placeholders`` positional
    parameters: its parse, which :meth:`Session.execute_parsed` runs without binding
    or parsing the text again, and its point-read fast paths by parameter types (a
    Python int is an int2, int4 or int8 by its value, as psycopg sends it: each
    types' plan is its own), looked for once it ran inside a transaction."""

    __slots__ = ("statement", "placeholders", "points")

    def __init__(self, statement: Statement, placeholders: int) -> None:
        self.statement = statement
        self.placeholders = placeholders
        #: (parameter types, its point read or None: not one), a few at most
        self.points: list[tuple[tuple[SqlType, ...], _CachedPoint | None]] = []


_KNOWN_MAX = 256
_TYPES_PER_QUERY_MAX = 8  # NULLs and int sizes vary a query's parameter types: a few plans each


def _context(error: errors.Error, statement: str, params: Params) -> None:
    """Record what raised ``error`` (the pytest plugin shows it in failure reports)."""
    if error.statement is None:
        error.statement = statement
        error.params = params

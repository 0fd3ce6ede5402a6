"""The life of a statement: parse -> prepare (cached) -> run, inside DSQL's transaction rules.

A :class:`Session` is the server side of one connection.  It owns the
connection's transaction state machine::

    IDLE --(first statement / BEGIN)--> ACTIVE --(error)--> FAILED
      ^                                   |                    |
      +----------(COMMIT / ROLLBACK)------+--------------------+

* **Autocommit** (``autocommit=True``, DSQL's default for clients that do not
  say BEGIN): every statement outside BEGIN ... COMMIT is its own
  transaction; a query string holding several statements is one implicit
  transaction (PostgreSQL's simple-query rule), which is why DSQL refuses
  ``CREATE TABLE a (...); CREATE TABLE b (...)`` sent at once.
* **PEP 249** (``autocommit=False``): the first statement opens a transaction
  that stays open until ``commit()``/``rollback()`` (what psycopg does by
  sending BEGIN).
* An error inside an open transaction rolls back the failing statement only
  (its undo log), marks the transaction FAILED, and every later statement
  fails with 25P02 until ROLLBACK; COMMIT then rolls back and answers with the
  command tag ``ROLLBACK``.  Outside a transaction an error just ends the
  implicit one.

DSQL's statement rules are enforced here: one DDL statement per transaction,
no DDL and DML together, writes refused in READ ONLY transactions.

Prepared statements are cached process-wide by (SQL text, parameter types,
search path, TimeZone) and reused while the transaction's catalog is the one
they were planned against; each session also remembers its last plan of each
parsed statement, checked by identity (see :meth:`Session._prepare`).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from . import errors
from .adapt import adapt_params
from .catalog import Catalog, Table
from .sequences import SessionSequences
from .sql.ast import AnalyzeStmt, RefusedStmt, SetStmt, ShowStmt, Statement, TransactionStmt
from .sql.context import ExecContext
from .sql.dialect import parse
from .sql import foreign_keys, system
from .sql.plan import PointProject
from .sql.statements import Modify, Prepared, Query, Result, Utility, bind_parameters, is_data_modifying, prepare
from .txn.transaction import Transaction, TxnState
from .types import TEXT, SqlType
from .txn.quotas import check_catalog
from .values.datetimes import SESSION_ZONE, TRANSACTION_NOW, SessionZone, resolve_time_zone_setting
from .values.oids import OBJECT_NAMES

if TYPE_CHECKING:
    from .cluster.cluster import Cluster

SERVER_VERSION = "16.15"
_VERSION_STRING = f"PostgreSQL {SERVER_VERSION} on x86_64-pc-linux-gnu, compiled by pydsql (Aurora DSQL emulator)"

#: Session parameters: lower-case name -> (name as SHOW reports it, default value).
_PARAMETERS: dict[str, tuple[str, str]] = {
    "server_version": ("server_version", SERVER_VERSION),
    "server_version_num": ("server_version_num", "160015"),
    "server_encoding": ("server_encoding", "UTF8"),
    "client_encoding": ("client_encoding", "UTF8"),
    "application_name": ("application_name", ""),
    "datestyle": ("DateStyle", "ISO, MDY"),
    "intervalstyle": ("IntervalStyle", "postgres"),
    "timezone": ("TimeZone", "UTC"),
    "search_path": ("search_path", '"$user", public'),
    "standard_conforming_strings": ("standard_conforming_strings", "on"),
    "integer_datetimes": ("integer_datetimes", "on"),
    "extra_float_digits": ("extra_float_digits", "1"),
    "bytea_output": ("bytea_output", "hex"),
    "client_min_messages": ("client_min_messages", "notice"),
    "statement_timeout": ("statement_timeout", "0"),
    "lock_timeout": ("lock_timeout", "0"),
    "idle_in_transaction_session_timeout": ("idle_in_transaction_session_timeout", "0"),
    "transaction_isolation": ("transaction_isolation", "repeatable read"),
    "transaction_read_only": ("transaction_read_only", "off"),
    "default_transaction_read_only": ("default_transaction_read_only", "off"),
    "max_identifier_length": ("max_identifier_length", "63"),
    "is_superuser": ("is_superuser", "on"),
    "session_authorization": ("session_authorization", "admin"),
    "default_transaction_isolation": ("default_transaction_isolation", "repeatable read"),
}

#: A new session's parameters (copied: a dict copy costs far less than building it)
_DEFAULT_SETTINGS: dict[str, str] = {k: v for k, (_, v) in _PARAMETERS.items()}

#: Parameters DSQL refuses to SET (reference section 2).
_REFUSED_SETTINGS = frozenset({
    "default_transaction_isolation", "role", "session_authorization", "transaction_isolation",
    "transaction_read_only", "default_transaction_read_only", "server_version", "server_version_num",
    "server_encoding", "integer_datetimes", "max_identifier_length", "is_superuser",
})


_UNSUPPORTED_ISOLATION = ("SERIALIZABLE", "READ COMMITTED", "READ UNCOMMITTED")

# Enum members as module names: ``TxnState.FAILED`` goes through the enum's class machinery
# (about 0.3 us), and the hot paths ask on every statement.
_ACTIVE, _FAILED = TxnState.ACTIVE, TxnState.FAILED


#: Prepared statements of the whole process, by (SQL text, parameter types, search_path,
#: TimeZone), each with the catalog it was planned against: valid while a transaction
#: sees that very catalog object.  Committed catalogs are interned (pydsql.catalog.interned),
#: so databases with the same schema -- a fresh database per test -- share their plans.
#: Planning reads nothing but the catalog and these settings.
_PREPARED: dict[Any, tuple[Any, Prepared]] = {}
_PREPARED_MAX = 4096


class PointRead(NamedTuple):
    """A cached ``SELECT columns FROM t WHERE pk = %s`` of one connection, runnable without
    the statement machinery (:meth:`Session.point_read`): what a point read needs is
    the plan's key function, the store read and the projection.  Valid for the
    parameter types, catalog, search path and TimeZone it was planned with."""

    statement: Statement
    param_types: tuple[SqlType, ...]
    path: tuple[str, ...]
    zone: str
    catalog: Catalog
    plan: PointProject
    columns: list[tuple[str, SqlType]]
    param_inputs: tuple[tuple[int, Callable[[Any], Any]], ...]  # (Prepared.param_inputs)


class Session:
    """Server-side state of one connection (see module docstring)."""

    def __init__(self, cluster: Cluster, *, autocommit: bool = False, region: str | None = None) -> None:
        self.cluster = cluster
        self.region = region  # the region this session's endpoint is in (None: the first)
        self.clock = cluster.clock
        self.autocommit = autocommit
        self.txn: Transaction | None = None
        self.explicit = False  # the open transaction was started by BEGIN
        self.settings: dict[str, str] = dict(_DEFAULT_SETTINGS)
        self.user = "admin"
        self.notices: list[str] = []
        self._txn_time: datetime | None = None
        self._txn_started = 0.0  # the clock's monotonic time at BEGIN (the age quota)
        self._stmt_time: datetime | None = None
        self._search_path: tuple[str, tuple[str, ...]] | None = None  # (setting text, parsed)
        #: by id of a parsed statement: (statement, parameter types, search path, TimeZone, catalog, plan)
        self._last_plans: dict[int, tuple[Statement, tuple[SqlType, ...], tuple[str, ...], str, Catalog, Prepared]] = {}
        # the names of the catalog and search path last bound (see _bind_context)
        self._object_names: tuple[Catalog, tuple[str, ...], system.SystemCatalog] | None = None
        self.time_zone: SessionZone | None = None  # the TimeZone setting resolved (None: UTC)
        # parameters as they were before the open transaction's first SET, and as its COMMIT keeps them
        self._txn_settings: tuple[tuple[dict[str, str], SessionZone | None], tuple[dict[str, str], SessionZone | None]] | None = None
        self.sequences = SessionSequences()  # cached blocks, currval, lastval (pydsql.sequences)
        #: after setseed(x): this session's random() sequence (PostgreSQL's is per backend); else the cluster clock's
        self.seeded_random: random.Random | None = None

    # -- what compiled code asks of the session -----------------------------------------

    def transaction_timestamp(self) -> datetime:
        assert self._txn_time is not None
        return self._txn_time

    def statement_timestamp(self) -> datetime:
        # read from the clock on first use in the statement: most statements never ask
        if self._stmt_time is None:
            self._stmt_time = self.clock.now()
        return self._stmt_time

    def python_zone(self) -> tzinfo | None:
        """The zone psycopg would return timestamptz values in: the IANA zone of ``TimeZone``, else None (UTC)."""
        tz = self.time_zone
        return tz.zone if tz is not None and isinstance(tz.zone, tzinfo) else None

    def version_string(self) -> str:
        return _VERSION_STRING

    def search_path(self) -> tuple[str, ...]:
        """The schemas of ``search_path`` in order (``$user`` is the session's user)."""
        text = self.settings["search_path"]
        cached = self._search_path
        if cached is not None and cached[0] == text:
            return cached[1]
        names = []
        for part in text.split(","):
            name = part.strip()
            if len(name) >= 2 and name[0] == name[-1] == '"':
                name = name[1:-1].replace('""', '"')
            else:
                name = name.lower()
            if name == "$user":
                name = self.user
            if name:
                names.append(name)
        path = tuple(names)
        self._search_path = (text, path)
        return path

    def current_schema(self) -> str | None:
        """The first schema of the search path that exists (None if none does), as PostgreSQL."""
        catalog = self.txn.catalog if self.txn is not None else self.cluster.catalog_now()
        return next((s for s in self.search_path() if s in catalog.schemas), None)

    @property
    def in_transaction(self) -> bool:
        return self.txn is not None

    @property
    def in_failed_transaction(self) -> bool:
        return self.txn is not None and self.txn.state == TxnState.FAILED

    # -- executing ------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> list[Result]:
        """Run every statement of ``sql``; returns one result per statement."""
        with self.cluster.lock:
            statements = parse(sql)
            if params is not None and len(statements) > 1:
                raise errors.SyntaxError("cannot insert multiple commands into a prepared statement")
            if params:
                param_types, values = adapt_params(params)
            else:
                param_types, values = (), ()
            if len(statements) == 1:
                return self._execute(statements[0], ((param_types, values),), in_block=False)
            if not statements:
                return []  # an empty query: no result, no command tag (PostgreSQL's EmptyQueryResponse)
            block = self.txn is None
            results = []
            try:
                for statement in statements:
                    results.extend(self._execute(statement, ((param_types, values),), in_block=block))
            except BaseException:
                if block and self.txn is not None and not self.explicit:
                    self._end_transaction(commit=False)
                raise
            if block and self.txn is not None and not self.explicit and self.autocommit:
                self._commit()
            return results

    def _execute(
        self, statement: Statement, runs: Iterable[tuple[tuple[SqlType, ...], tuple[Any, ...]]], *, in_block: bool,
        many: bool = False,
    ) -> list[Result]:
        """Run one statement once per ``(parameter types, values)`` of ``runs`` (executemany
        gives several; each run is a statement of its own, :meth:`_run`) in the open
        transaction or one it starts (:meth:`_statement_transaction`), which it commits in
        autocommit mode unless ``in_block``.  ``many``: ``runs`` come from executemany,
        whose INSERT runs after the first are written in one pass (:meth:`_insert_runs`)."""
        node = statement.node
        if isinstance(node, TransactionStmt):
            return [self._transaction_statement(node)]
        txn, started = self._statement_transaction()
        results = []
        first = True
        runs = iter(runs)
        run = next(runs, None)
        while run is not None:
            param_types, values = run
            if not first:
                self._stmt_time = None  # each run is a statement of its own
            result, prepared = self._run(statement, txn, param_types, values, first and started)
            first = False
            results.append(result)
            run = next(runs, None)
            if (
                run is not None and many and run[0] == param_types and isinstance(prepared, Modify)
                and prepared.bulk is not None and not foreign_keys.ForeignKeyGraph.get(txn.catalog).outgoing
            ):
                # an INSERT's further runs (executemany) in one pass while their types stay; then
                # the first run of other types (if any), planned for them, on this path
                count, run = self._insert_runs(prepared, txn, param_types, itertools.chain((run,), runs))
                results.extend(itertools.repeat(result, count))  # each wrote one row, as this run
        if started and self.autocommit and not in_block and not self.explicit:
            self._commit()
        return results

    def execute_parsed(self, statement: Statement, param_types: tuple[SqlType, ...], values: tuple[Any, ...]) -> Result:
        """:meth:`execute` of one statement the caller parsed before, with its parameters
        adapted (``adapt_params``): the cursor's path for a query text it has run."""
        with self.cluster.lock:
            node = statement.node
            if isinstance(node, TransactionStmt):
                return self._transaction_statement(node)
            txn, started = self._statement_transaction()
            result = self._run(statement, txn, param_types, values, started)[0]
            if started and self.autocommit and not self.explicit:
                self._commit()
            return result

    def _statement_transaction(self) -> tuple[Transaction, bool]:
        """The transaction a statement runs in, with what compiled code reads of the session
        bound: the open one, or one it starts (then True).  25P02 in a failed transaction."""
        txn = self.txn
        if txn is not None and txn.state is _FAILED:
            raise errors.InFailedSqlTransaction(
                "current transaction is aborted, commands ignored until end of transaction block"
            )
        self._stmt_time = None
        started = txn is None
        if txn is None:
            txn = self._begin(explicit=False)  # its first statement starts when it does
        self._bind_context(txn)  # statements cannot change what it binds (SET is a utility)
        return txn, started

    def _run(
        self, statement: Statement, txn: Transaction, param_types: tuple[SqlType, ...], values: tuple[Any, ...],
        starts_transaction: bool,
    ) -> tuple[Result, Prepared | Utility]:
        """One statement in ``txn``: DSQL's rules, the plan, then what is checked at the end
        of each statement; returns its result and what ran.  On any error the statement
        is undone (the transaction fails, or ends in autocommit) and only a pydsql error
        escapes.  ``starts_transaction``: the statement is its transaction's first, whose
        age clock it starts."""
        txn.begin_statement()
        try:
            # the age test inline: the call raises only once the limit has passed
            if not starts_transaction and self.clock.monotonic() - self._txn_started > txn.quotas.transaction_age:
                self._check_age(txn)
            prepared = self._prepare(statement, param_types, txn)
            if isinstance(prepared, Utility):
                result = self._utility(prepared)
            else:
                kind = prepared.kind
                if kind != "query":
                    self.check_allowed(prepared, txn)
                if prepared.param_inputs:  # parameters whose type the statement deduced
                    values = bind_parameters(prepared.param_inputs, values)
                ctx = ExecContext(txn, values, self)
                result = prepared.run(ctx)
                if txn.undo_mark():  # it wrote or locked rows (a SELECT may: SQL functions with DML bodies)
                    if kind != "ddl" and foreign_keys.ForeignKeyGraph.get(txn.catalog).outgoing:
                        foreign_keys.after_statement(ctx)
                    txn.check_row_quota()
                if kind == "ddl" and txn.ddl:
                    check_catalog(txn.quotas, txn.catalog, [after for _, _, after in txn.ddl if after is not None])
        except Exception as e:
            self._statement_failed(txn)
            _raise_as_pydsql_error(e)
        txn.end_statement()
        return result, prepared

    def _insert_runs(
        self, prepared: Modify, txn: Transaction, param_types: tuple[SqlType, ...],
        runs: Iterator[tuple[tuple[SqlType, ...], tuple[Any, ...]]],
    ) -> tuple[int, tuple[tuple[SqlType, ...], tuple[Any, ...]] | None]:
        """:meth:`_execute`'s further runs of an INSERT whose first run has just succeeded
        (executemany), written in one pass (:meth:`InsertPlan.execute_runs`) while their
        parameter types are ``param_types``; returns how many were written, and the first
        run of other types (None: ``runs`` are done).

        Each run is still a statement to the session: its own timestamp, age test and
        row-quota test, in the same order as on the statement path, so the same run
        raises the same error.  What is saved is a statement's bookkeeping (context,
        result, undo mark), and the only difference cannot be observed: a failing run
        undoes the runs of the pass with it, not only itself, but the transaction is
        failed anyway (only ROLLBACK ends it; in autocommit, executemany runs row by
        row).  Not for a schema with foreign keys, which are checked after each statement."""
        leftover: tuple[tuple[SqlType, ...], tuple[Any, ...]] | None = None
        #: what taking the next run raised (a row the client could not bind or adapt): not
        #: an error of a statement, so the runs before it stay written, as on the statement path
        unbound: BaseException | None = None
        count = 0
        monotonic = self.clock.monotonic
        started, age_limit = self._txn_started, txn.quotas.transaction_age
        room = txn.quotas.transaction_rows - txn.row_count()  # each run adds at most one row
        inputs = prepared.param_inputs
        plan = prepared.bulk
        assert plan is not None

        def values_of_runs() -> Iterator[tuple[Any, ...]]:
            nonlocal leftover, count, unbound
            while True:
                try:
                    run = next(runs)
                except StopIteration:
                    return
                except BaseException as e:  # noqa: BLE001 - raised after the pass, as the statement path does
                    unbound = e
                    return
                if run[0] != param_types:
                    leftover = run
                    return
                self._stmt_time = None
                if monotonic() - started > age_limit:
                    self._check_age(txn)
                yield bind_parameters(inputs, run[1]) if inputs else run[1]
                count += 1  # written: its statement ends with the row quota's test
                if count > room:
                    txn.check_row_quota()

        txn.begin_statement()
        try:
            plan.execute_runs(ExecContext(txn, (), self), values_of_runs())
        except Exception as e:
            self._statement_failed(txn)
            _raise_as_pydsql_error(e)
        txn.end_statement()
        if unbound is not None:
            raise unbound
        return count, leftover

    def _bind_context(self, txn: Transaction, path: tuple[str, ...] | None = None) -> None:
        """Bind what compiled code reads of the session to this thread's context variables:
        the transaction's 'now', the TimeZone, the names ``'t'::regclass`` reads.  Each is
        set only when it differs (a set costs several gets): another session on this
        thread may have bound its own since.  ``path``: :meth:`search_path`, when the
        caller has it already."""
        now = self._txn_time
        if TRANSACTION_NOW.get() is not now:
            TRANSACTION_NOW.set(now)
        zone = self.time_zone
        if SESSION_ZONE.get() is not zone:
            SESSION_ZONE.set(zone)
        catalog = txn.catalog
        if path is None:
            path = self.search_path()
        names = self._object_names
        if names is None or names[0] is not catalog or names[1] is not path:
            names = self._object_names = (catalog, path, system.SystemCatalog.get(catalog, path))
        if OBJECT_NAMES.get() is not names[2]:
            OBJECT_NAMES.set(names[2])

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any] | None]) -> list[Result] | None:
        """``executemany`` of one data-modifying statement inside a transaction: the
        statement runs once per row of parameters, each run a statement of its own
        (its own timestamp, plan lookup, foreign-key checks, row quota, failure),
        without the work that does not change between rows (parsing, the session's
        checks).  Returns None, having done nothing, when ``sql`` is not one
        INSERT/UPDATE/DELETE or there is no transaction to run it in (autocommit):
        the caller then executes row by row."""
        with self.cluster.lock:
            statements = parse(sql)
            if len(statements) != 1 or not is_data_modifying(statements[0]):
                return None
            if self.autocommit and not self.explicit:
                return None  # each row commits on its own
            # _execute refuses a failed transaction (25P02) before it adapts the first row
            return self._execute(statements[0], map(adapt_params, rows), in_block=True, many=True)

    # -- the point-read fast path -------------------------------------------------------------

    @staticmethod
    def single_statement(sql: str) -> Statement | None:
        """The one statement of ``sql`` (None: it holds none or several), for :meth:`execute_parsed`."""
        statements = parse(sql)
        return statements[0] if len(statements) == 1 else None

    def point_read_of(self, statement: Statement) -> tuple[PointRead | None, tuple[SqlType, ...] | None]:
        """The parameter types this session last ran ``statement`` with (None: it did not),
        and its fast path if that plan is a plain point read: a key lookup projecting columns,
        with no other filter (nothing that reads the session's state or could fail after
        the key is computed)."""
        last = self._last_plans.get(id(statement))
        if last is None or last[0] is not statement:
            return None, None
        statement, param_types, path, zone, catalog, prepared = last
        if not isinstance(prepared, Query) or prepared.side_effects or prepared.columns is None:
            return None, param_types
        root = prepared.plan.root
        if not isinstance(root, PointProject) or root.predicate is not None or root.pick is None:
            return None, param_types
        read = PointRead(statement, param_types, path, zone, catalog, root, prepared.columns, prepared.param_inputs)
        return read, param_types

    def point_read(self, point: PointRead, values: tuple[Any, ...]) -> list[Any] | None:
        """The rows of ``point`` for parameter ``values`` (adapted, of ``point.param_types``) --
        or None, having changed nothing, whenever the statement machinery might answer
        differently (no open transaction or a failed one, another schema or setting, the
        age quota, any error): the caller then runs the statement the ordinary way, which
        raises what must be raised."""
        with self.cluster.lock:
            txn = self.txn
            if txn is None or txn.state is not _ACTIVE or txn.catalog is not point.catalog:
                return None
            path = self.search_path()
            if path is not point.path or self.settings["timezone"] is not point.zone:
                return None
            if self.clock.monotonic() - self._txn_started > txn.quotas.transaction_age:
                return None
            try:
                if point.param_inputs:
                    values = bind_parameters(point.param_inputs, values)
                rows = point.plan.rows_by_parameter(txn, values)  # pk = %s: no context to bind
                if rows is None:
                    self._bind_context(txn, path)  # a key cast may read the TimeZone
                    rows = point.plan.rows(ExecContext(txn, values, self))
            except Exception:  # noqa: BLE001 - the ordinary path raises it properly
                return None
            self._stmt_time = None  # a statement ran
            return rows

    def _prepare(self, statement: Statement, param_types: tuple[SqlType, ...], txn: Transaction) -> Prepared:
        path = self.search_path()
        zone = self.settings["timezone"]
        catalog = txn.catalog
        # this session's last plan of this statement object (parse results are cached: a
        # repeated text is the same object), checked by identity: cheaper than the cache's key
        last = self._last_plans.get(id(statement))
        if (
            last is not None and last[0] is statement and last[1] == param_types and last[2] is path
            and last[3] is zone and last[4] is catalog
        ):
            return last[5]
        cache = _PREPARED
        # constants folded at plan time may depend on TimeZone ('2024-01-01'::timestamptz)
        key = (statement.text, param_types, path, zone)
        entry = cache.get(key)
        if entry is not None and entry[0] is catalog:
            prepared: Prepared = entry[1]
            self._remember_plan(statement, param_types, path, zone, catalog, prepared)
            return prepared
        schema = next((s for s in path if s in catalog.schemas), "")
        prepared = prepare(statement, catalog, param_types, schema, path)
        if len(cache) >= _PREPARED_MAX:
            cache.clear()
        cache[key] = (txn.catalog, prepared)
        self._remember_plan(statement, param_types, path, zone, catalog, prepared)
        return prepared

    def _remember_plan(
        self, statement: Statement, param_types: tuple[SqlType, ...], path: tuple[str, ...], zone: str,
        catalog: Catalog, prepared: Prepared,
    ) -> None:
        plans = self._last_plans
        if len(plans) >= 256:
            plans.clear()
        plans[id(statement)] = (statement, param_types, path, zone, catalog, prepared)  # holds statement: its id stays its own

    def _check_age(self, txn: Transaction) -> None:
        """DSQL's transaction age limit (at the next statement or COMMIT), on the cluster's clock."""
        limit = txn.quotas.transaction_age
        age = self.clock.monotonic() - self._txn_started
        if age > limit:
            shown = f"{limit:g}"
            raise errors.ProgramLimitExceeded(
                f"transaction age limit of {shown}s exceeded",
                detail=f"Current transaction age {int(age)}s exceeds {shown}s",
            )

    def check_allowed(self, prepared: Prepared, txn: Transaction) -> None:
        kind = prepared.kind
        if kind == "query":
            return
        if txn.read_only:
            raise errors.ReadOnlySqlTransaction(f"cannot execute {prepared.command} in a read-only transaction")
        if kind == "ddl":
            if txn.ddl:
                raise errors.FeatureNotSupported("multiple ddl statements not supported in a transaction")
            if txn.has_dml:
                raise errors.FeatureNotSupported("ddl and dml are not supported in the same transaction")
        elif kind == "dml":
            if txn.ddl:
                raise errors.FeatureNotSupported("ddl and dml are not supported in the same transaction")
            txn.has_dml = True

    def _statement_failed(self, txn: Transaction) -> None:
        txn.rollback_statement()
        if self.explicit or not self.autocommit:
            txn.state = TxnState.FAILED  # only ROLLBACK gets out of here
        else:
            self._end_transaction(commit=False)

    # -- transactions ------------------------------------------------------------------------

    def _begin(self, *, explicit: bool, read_only: bool = False) -> Transaction:
        txn = self.cluster.begin(read_only=read_only, region=self.region)
        self.txn = txn
        self.explicit = explicit
        # the statement that starts a transaction starts when it does (PostgreSQL:
        # statement_timestamp() = transaction_timestamp() in a transaction's first statement)
        self._txn_time = self._stmt_time = self.clock.now()
        self._txn_started = self.clock.monotonic()
        return txn

    def _end_transaction(self, *, commit: bool) -> None:
        txn = self.txn
        self.txn = None
        self.explicit = False
        if txn is None:
            return
        committed = False
        try:
            if commit and txn.state is _ACTIVE:
                try:  # at COMMIT: deferred constraints, then DSQL's limits on the transaction's age and size
                    if txn.deferred:
                        foreign_keys.check_deferred(ExecContext(txn, (), self))
                    self._check_age(txn)
                    txn.check_size_quota()
                except BaseException:
                    self.cluster.rollback(txn)
                    raise
                self.cluster.commit(txn)
                committed = True
            else:
                self.cluster.rollback(txn)
        finally:
            settings, self._txn_settings = self._txn_settings, None
            if settings is not None:  # the transaction changed parameters: keep or undo them
                values, self.time_zone = settings[1] if committed else settings[0]
                self.settings = dict(values)

    def _commit(self) -> None:
        self._end_transaction(commit=True)

    def commit(self) -> str:
        """COMMIT (also the DB-API ``commit()``): returns the command tag."""
        with self.cluster.lock:
            txn = self.txn
            if txn is None:
                self.notices.append("WARNING:  there is no transaction in progress")
                return "COMMIT"
            if txn.state is _FAILED:
                self._end_transaction(commit=False)
                return "ROLLBACK"
            self._end_transaction(commit=True)
            return "COMMIT"

    def rollback(self) -> str:
        with self.cluster.lock:
            if self.txn is None:
                self.notices.append("WARNING:  there is no transaction in progress")
            self._end_transaction(commit=False)
            return "ROLLBACK"

    def close(self) -> None:
        with self.cluster.lock:
            self._end_transaction(commit=False)

    def _transaction_statement(self, node: TransactionStmt) -> Result:
        action = node.action
        if action == "begin":
            if self.txn is not None and self.txn.state == TxnState.FAILED:
                raise errors.InFailedSqlTransaction(
                    "current transaction is aborted, commands ignored until end of transaction block"
                )
            if node.isolation in _UNSUPPORTED_ISOLATION:
                raise errors.FeatureNotSupported(f"Unsupported isolation level: {node.isolation}")
            if self.txn is not None:
                if self.explicit:
                    self.notices.append("WARNING:  there is already a transaction in progress")
                self.explicit = True
                if node.read_only:
                    self.txn.read_only = True
                return Result("BEGIN")
            self._begin(explicit=True, read_only=bool(node.read_only))
            return Result("BEGIN")
        if action == "commit":
            return Result(self.commit())
        if action == "rollback":
            return Result(self.rollback())
        # SAVEPOINT, RELEASE, ROLLBACK TO: DSQL refuses them, and the refusal is an error
        # like any other (it fails an open transaction).
        word = {"savepoint": "SAVEPOINT", "release": "RELEASE", "rollback_to": "ROLLBACK TO"}[action]
        if self.txn is not None and self.txn.state == TxnState.FAILED and action == "savepoint":
            raise errors.InFailedSqlTransaction(
                "current transaction is aborted, commands ignored until end of transaction block"
            )
        error = errors.FeatureNotSupported(f"unsupported transaction statement: {word}")
        if self.txn is not None:
            self.txn.state = TxnState.FAILED
        raise error

    # -- utility statements ---------------------------------------------------------------------

    def _utility(self, prepared: Utility) -> Result:
        node = prepared.node
        if isinstance(node, RefusedStmt):
            raise errors.error(node.sqlstate, node.message)
        if isinstance(node, SetStmt):
            return self._set(node)
        if isinstance(node, ShowStmt):
            return self._show(node)
        if isinstance(node, AnalyzeStmt):
            catalog = self.txn.catalog if self.txn is not None else None
            for schema, name in node.tables:
                if catalog is None or catalog.table(schema or self.current_schema() or "", name) is None:
                    shown = f"{schema}.{name}" if schema else name
                    raise errors.UndefinedTable(f'relation "{shown}" does not exist')
            return Result("ANALYZE")
        raise errors.FeatureNotSupported(f"statement not supported: {type(node).__name__}")

    def set_parameter(self, node: SetStmt) -> None:
        """SET, for ``set_config()``: as the statement, with its errors; the rest of the
        running statement sees the new TimeZone, as in PostgreSQL."""
        self._set(node)
        if self.txn is not None:
            self._bind_context(self.txn)

    def _set(self, node: SetStmt) -> Result:
        name = node.name
        if name == "transaction":
            value = node.value or ""
            for level in _UNSUPPORTED_ISOLATION:
                if f"ISOLATION LEVEL {level}" in value:
                    raise errors.FeatureNotSupported(f"Unsupported isolation level: {level}")
            raise errors.FeatureNotSupported('setting configuration parameter "TRANSACTION" not supported')
        if name == "constraints":
            return self._set_constraints(node.value or "")
        if name == "all":  # RESET ALL
            for key, (_, default) in _PARAMETERS.items():
                self._assign(key, default, None, node.local)
            return Result("RESET" if node.reset else "SET")
        if name in _REFUSED_SETTINGS or "." in name:
            raise errors.FeatureNotSupported(f'setting configuration parameter "{name}" not supported')
        if name not in _PARAMETERS:
            raise errors.UndefinedObject(f'unrecognized configuration parameter "{name}"')
        value = node.value if node.value is not None else _PARAMETERS[name][1]
        zone = self.time_zone
        if name == "timezone":
            zone, value = resolve_time_zone_setting(value)
        self._assign(name, value, zone, node.local)
        return Result("RESET" if node.reset else "SET")

    def _set_constraints(self, text: str) -> Result:
        """SET CONSTRAINTS {ALL | name [, ...]} {DEFERRED | IMMEDIATE}: for the current
        transaction; IMMEDIATE runs the pending checks of those constraints now."""
        words = text.replace(",", " , ").split()
        if not words or words[-1].upper() not in ("DEFERRED", "IMMEDIATE") or len(words) < 2:
            raise errors.SyntaxError("syntax error at end of input" if len(words) < 2 else f'syntax error at or near "{words[-1]}"')
        deferred = words[-1].upper() == "DEFERRED"
        txn = self.txn
        if txn is None or not (self.explicit or not self.autocommit):
            self.notices.append("WARNING:  SET CONSTRAINTS can only be used in transaction blocks")
            return Result("SET CONSTRAINTS")
        graph = foreign_keys.ForeignKeyGraph.get(txn.catalog)
        only: set[int] | None = None
        if [w.upper() for w in words[:-1]] == ["ALL"]:
            txn.all_constraints_deferred = deferred
            txn.constraint_modes.clear()
        else:
            only = set()
            path = self.search_path()
            for name in (w for w in words[:-1] if w != ","):
                name = name[1:-1] if name.startswith('"') else name.lower()
                refs = [r for r in graph.by_name.get(name, ()) if r.child.schema in path]
                if not refs:
                    if any(name in _constraint_names(t) for t in txn.catalog.tables.values() if t.schema in path):
                        raise errors.WrongObjectType(f'constraint "{name}" is not deferrable')
                    raise errors.UndefinedObject(f'constraint "{name}" does not exist')
                for ref in refs:
                    if not ref.fk.deferrable:
                        raise errors.WrongObjectType(f'constraint "{name}" is not deferrable')
                    txn.constraint_modes[ref.fk.oid] = deferred
                    only.add(ref.fk.oid)
        if not deferred:
            foreign_keys.check_deferred(ExecContext(txn, (), self), only)
        return Result("SET CONSTRAINTS")

    def _assign(self, name: str, value: str, zone: SessionZone | None, local: bool) -> None:
        """Set a parameter as PostgreSQL does: a transaction's SETs are undone by its rollback,
        and SET LOCAL lasts until the transaction ends (DSQL keeps these rules)."""
        if self.txn is not None:
            if self._txn_settings is None:
                self._txn_settings = ((dict(self.settings), self.time_zone), (dict(self.settings), self.time_zone))
            if not local:  # what COMMIT keeps
                kept, kept_zone = self._txn_settings[1]
                kept[name] = value
                self._txn_settings = (self._txn_settings[0], (kept, zone if name == "timezone" else kept_zone))
        self.settings[name] = value
        if name == "timezone":
            self.time_zone = zone

    def _show(self, node: ShowStmt) -> Result:
        name = node.name.lower()
        # SQL-standard spellings (psycopg's SQLAlchemy dialect sends the first on connect)
        name = {"transaction isolation level": "transaction_isolation", "time zone": "timezone"}.get(name, name)
        if name == "all":
            rows = [(_PARAMETERS[k][0], self.settings[k], "") for k in sorted(_PARAMETERS)]
            return Result("SHOW", [("name", TEXT), ("setting", TEXT), ("description", TEXT)], rows, len(rows))
        if name not in _PARAMETERS:
            raise errors.UndefinedObject(f'unrecognized configuration parameter "{node.name}"')
        value = self.settings[name]
        if name == "transaction_read_only" and self.txn is not None:
            value = "on" if self.txn.read_only else "off"
        return Result("SHOW", [(_PARAMETERS[name][0], TEXT)], [(value,)], 1)


def _constraint_names(table: Table) -> set[str]:
    """The names of ``table``'s constraints other than foreign keys (none is deferrable)."""
    names = {c.name for c in table.checks}
    names.update(i.name for i in table.unique_indexes if i.constraint)
    return names


def _raise_as_pydsql_error(e: Exception) -> NoReturn:
    """Raise ``e`` if it is a pydsql error, else what the user sees of it (:func:`_as_error`)."""
    if isinstance(e, errors.Error):
        raise e
    raise _as_error(e) from (None if isinstance(e, (RecursionError, MemoryError)) else e)


def _as_error(e: Exception) -> errors.Error:
    """What the user sees of an exception that is not a pydsql error: PostgreSQL's errors
    for exhausted resources, and an internal error (a pydsql bug) for anything else, so
    that no raw Python exception ever reaches the application."""
    if isinstance(e, RecursionError):
        return errors.StatementTooComplex("stack depth limit exceeded")
    if isinstance(e, MemoryError):
        return errors.OutOfMemory("out of memory")
    return errors.InternalError_(f"internal error in pydsql: {type(e).__name__}: {e}")

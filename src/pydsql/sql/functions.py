"""Built-in functions and aggregates: pydsql's ``pg_proc``.

A :class:`Function` row names a function, its argument kinds, its result
type and the Python implementation.  Overloads share a name; the analyzer
chooses among them with PostgreSQL's rules (:func:`.coerce.select_candidate`).

* ``strict`` functions return NULL on any NULL argument without being called
  (PostgreSQL's STRICT), so most implementations never see ``None``;
* ``volatile`` functions (random(), gen_random_uuid()) are never folded;
* ``set_returning`` functions (generate_series, unnest, jsonb_each) return an
  iterator of rows: values when the function has one output column, tuples
  when it has several (``columns``: the output columns' names and types);
  they are only allowed where PostgreSQL allows them (FROM);
* ``context`` functions receive the :class:`~.context.ExecContext` first
  (they read the transaction's clock, the session, the cluster's randomness).

Aggregates are :class:`Aggregate` rows whose ``make()`` builds a fresh
accumulator per group; for ``strict`` aggregates ``step`` is only called for
rows whose arguments are all non-NULL (every standard aggregate but
``count(*)`` ignores NULLs); non-strict ones (``array_agg``, ``json_agg``,
``string_agg``) see every row.  An aggregate whose accumulator depends on
the argument types of the call (``json_agg`` converts by type,
``min(anyarray)`` compares by element type) has ``typed``:
``typed(arg_types)`` is the ``make`` for one call site.

Argument kinds may be PostgreSQL's polymorphic pseudo-types (``anyarray``,
``anycompatible``...): :mod:`.polymorphic` resolves them per call, and
:func:`pydsql.values.catalog.specialize` adapts the implementation to the
resolved types.

Implementations of value functions (string, math, date/time) live in
:mod:`pydsql.values`; this module only describes them.

The rows are registered on first use (:func:`_registry`; ``FUNCTIONS`` and
``AGGREGATES`` are module attributes built by PEP 562 ``__getattr__``), not
at import: registering them builds :mod:`pydsql.values.catalog`'s tables,
which every ``import pydsql`` would otherwise pay for.
"""

from __future__ import annotations

import math
import random as pyrandom
import threading
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from .. import errors
from ..catalog import Sequence as SequenceDef
from ..values.bits import AGGREGATE_FOLDS
from ..values.ranges import MULTIRANGES, range_agg_fold, range_intersect_fold
from ..values.ranges import SUBTYPES as RANGE_SUBTYPES
from ..values.ranges import to_multirange
from ..values import arrays as A
from ..types import (
    BOOL,
    DATE,
    FLOAT8,
    INT8,
    INTERVAL,
    NUMERIC,
    TEXT,
    TIMESTAMP,
    TIMESTAMPTZ,
    UNKNOWN,
    UUID,
    VOID,
    SqlType,
    array_of,
)
from ..values import catalog as values
from ..values import datetimes as D
from ..values import series
from ..values.numbers import numeric_exact_add, numeric_exact_square, numeric_variance
from .context import ExecContext


class Function(NamedTuple):
    name: str
    args: tuple[str, ...]  # argument kinds
    result: SqlType
    fn: Callable[..., Any]
    strict: bool = True
    volatile: bool = False
    context: bool = False
    variadic: bool = False  # the last argument kind repeats (concat, concat_ws)
    #: returns an iterable of rows (PostgreSQL's proretset); only allowed in FROM
    #: and the select list.  ``result`` is the type of the first column.
    set_returning: bool = False
    #: the output columns of a set-returning function: (name, type); a ``None`` name is the
    #: function's (or its alias'), as for a function returning a scalar type
    columns: tuple[tuple[str | None, SqlType], ...] | None = None


class Aggregate(NamedTuple):
    name: str
    args: tuple[str, ...]  # () for count(*)
    result: SqlType
    make: Callable[[], Any]  # -> accumulator with step(*args) and result()
    #: step only sees rows whose arguments are all non-NULL
    strict: bool = True
    #: the accumulator factory for the (resolved) argument types of a call, when it depends on them
    typed: Callable[[Sequence[SqlType]], Callable[[], Any]] | None = None
    #: the same result computed from a whole group at once: ``batch(values)`` with the group's
    #: non-NULL argument values (all of them, NULLs too, when not ``strict``; its rows for
    #: count(*)); a faster path for the commonest aggregates
    batch: Callable[[list[Any]], Any] | None = None


def _batch_sum_int(values: list[Any]) -> Any:
    return _check_int8(sum(values)) if values else None


def _batch_sum_int8(values: list[Any]) -> Any:
    return Decimal(sum(values)) if values else None


def _batch_min(values: list[Any]) -> Any:
    return min(values) if values else None


def _batch_max(values: list[Any]) -> Any:
    return max(values) if values else None


#: kinds whose equal values are indistinguishable, so that Python's min/max (first of equals)
#: and PostgreSQL's (last of equals) agree
_PLAIN_ORDER_KINDS = frozenset({"int2", "int4", "int8", "text", "date", "money"})


#: function name -> its overloads; aggregate name -> its overloads.  Declared here for type
#: checkers; __getattr__ (at the end) sets them when first read.
FUNCTIONS: dict[str, list[Function]]
AGGREGATES: dict[str, list[Aggregate]]
_functions: dict[str, list[Function]] = {}
_aggregates: dict[str, list[Aggregate]] = {}

#: Functions DSQL refuses by name (reference section 3).
#: Parameter names of the built-in functions that have them (pg_proc.proargnames), for calls in
#: named notation (``make_interval(secs => 1.5)``), and the defaults of those that have one (SQL).
PARAMETER_NAMES: dict[str, tuple[str, ...]] = {
    "make_interval": ("years", "months", "weeks", "days", "hours", "mins", "secs"),
    "make_date": ("year", "month", "day"),
    "make_time": ("hour", "min", "sec"),
    "make_timestamp": ("year", "month", "mday", "hour", "min", "sec"),
    "make_timestamptz": ("year", "month", "mday", "hour", "min", "sec", "timezone"),
    "jsonb_set": ("jsonb_in", "path", "replacement", "create_if_missing"),
    "jsonb_insert": ("jsonb_in", "path", "replacement", "insert_after"),
    "random_normal": ("mean", "stddev"),
    **{f + tz: ("target", "path", "vars", "silent") for tz in ("", "_tz") for f in (
        "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first",
    )},
}
PARAMETER_DEFAULTS: dict[str, dict[str, str]] = {
    "make_interval": {p: "0" for p in PARAMETER_NAMES["make_interval"]},
    "jsonb_set": {"create_if_missing": "true"},
    "jsonb_insert": {"insert_after": "false"},
    "random_normal": {"mean": "0", "stddev": "1"},
    **{f + tz: {"vars": "'{}'::jsonb", "silent": "false"} for tz in ("", "_tz") for f in (
        "jsonb_path_exists", "jsonb_path_match", "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first",
    )},
}

#: SQL-standard value functions (``CURRENT_DATE``, ``USER``...) that PostgreSQL's grammar reads as
#: keywords and pg_proc has no function of: ``FUNCTIONS`` runs them, but a call written with a
#: quoted or qualified name (``"current_date"()``) finds no function, as in PostgreSQL
SQL_VALUE_KEYWORDS = frozenset({
    "current_date", "current_role", "current_time", "current_timestamp", "localtime", "localtimestamp", "user",
})

REFUSED_FUNCTIONS = frozenset({
    "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_all",
    "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_lock",
    "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock", "pg_backend_pid",
})


#: PostgreSQL functions pydsql does not implement (records, text search): refused by name with
#: 0A000 rather than reported as not existing
NOT_IMPLEMENTED_FUNCTIONS = frozenset({
    # (json[b]_populate_record[set] with NULL::table in FROM are the planner's: query._populate_item)
    "json_populate_record", "jsonb_populate_record",
    "json_populate_recordset", "jsonb_populate_recordset", "jsonb_to_tsvector", "json_to_tsvector",
    "array_to_tsvector",
})

#: DSQL refuses the geometric types even in expressions (recorded: ``line(...)``, ``circle(...)``):
#: their constructor functions fail with ``0A000 datatype <name> not supported``
GEOMETRIC_TYPES = frozenset({"point", "line", "lseg", "box", "path", "polygon", "circle"})

#: text search functions whose first argument is a configuration (regconfig): DSQL has only
#: ``simple``; pydsql implements no text search (tsvector, tsquery)
TEXT_SEARCH_FUNCTIONS = frozenset({
    "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery", "ts_headline",
    "json_to_tsvector", "jsonb_to_tsvector",
})

#: value functions that must not be folded (their result is random)
_VOLATILE_VALUE_FUNCTIONS = frozenset({"array_shuffle", "array_sample"})


def register(f: Function) -> None:
    _functions.setdefault(f.name, []).append(f)


def register_aggregate(a: Aggregate) -> None:
    _aggregates.setdefault(a.name, []).append(a)


# -- session / clock functions ---------------------------------------------------------


def _now(ctx: ExecContext) -> Any:
    return ctx.session.transaction_timestamp()


def _statement_timestamp(ctx: ExecContext) -> Any:
    return ctx.session.statement_timestamp()


def _clock_timestamp(ctx: ExecContext) -> Any:
    return ctx.session.clock.now()


def _timeofday(ctx: ExecContext) -> str:
    """timeofday(): the clock's current time as text, in the session's time zone, in
    PostgreSQL's format (``Sat Nov 28 16:27:07.123456 2026 UTC``)."""
    now = ctx.session.clock.now()
    local, _ = D.session_wall_time(now)
    return f"{local:%a %b %d %H:%M:%S}.{local.microsecond:06d} {local.year} {D.session_zone_abbrev(now)}"


def _gen_random_uuid(ctx: ExecContext) -> uuid.UUID:
    return uuid.UUID(bytes=ctx.session.clock.random_bytes(16), version=4)


def _random(ctx: ExecContext) -> float:
    seeded = ctx.session.seeded_random
    return seeded.random() if seeded is not None else ctx.session.clock.random()


def _random_normal(ctx: ExecContext, mean: float = 0.0, stddev: float = 1.0) -> float:
    """random_normal([mean [, stddev]]): a normally distributed random value (the session's
    sequence after setseed, else the cluster clock's)."""
    seeded = ctx.session.seeded_random
    u = seeded.random() if seeded is not None else ctx.session.clock.random()
    v = seeded.random() if seeded is not None else ctx.session.clock.random()
    # Box-Muller, as PostgreSQL's pg_prng_double_normal (1 - u: never log(0))
    return mean + stddev * math.sqrt(-2.0 * math.log(1.0 - u)) * math.sin(2.0 * math.pi * v)


def _set_config(ctx: ExecContext, name: Any, value: Any, is_local: Any) -> Any:
    from .system import set_config  # system imports this module

    return set_config(ctx, name, value, is_local)


def _setseed(ctx: ExecContext, seed: float) -> str:
    """setseed(x): this session's random() repeats its sequence from now on (pydsql's own
    sequence, not PostgreSQL's values)."""
    if not -1 <= seed <= 1:  # (NaN too)
        shown = "NaN" if math.isnan(seed) else f"{seed:g}".replace("inf", "Infinity")
        raise errors.InvalidParameterValue(f"setseed parameter {shown} is out of allowed range [-1,1]")
    ctx.session.seeded_random = pyrandom.Random(seed)
    return ""


def _pg_sleep(ctx: ExecContext, seconds: float) -> str:
    """pg_sleep(seconds): waits on the cluster's clock (a FixedClock moves instead), holding
    none of the cluster's lock, so other connections go on meanwhile; NaN or <= 0: at once.
    Its void result prints as the empty string, as PostgreSQL's."""
    if seconds > 0:
        ctx.session.clock.wait(seconds, ctx.session.cluster.lock)
    return ""


def _input_error(ctx: ExecContext, text: str, type_name: str) -> errors.Error | None:
    """The data error reading ``text`` as input for the type raises, its modifiers included
    (varchar(2)), or None; a bad type name raises (pg_input_is_valid, pg_input_error_info)."""
    from ..values.registry import ASSIGNMENT
    from .coerce import cast_function
    from .datatypes import declared_type
    from .system import type_name_node

    t, domain = declared_type(type_name_node(type_name), ctx.txn.catalog, ctx.session.search_path())
    if domain is not None:
        raise errors.FeatureNotSupported("pg_input_is_valid of a domain is not supported by pydsql yet")
    convert = cast_function(UNKNOWN, t, ASSIGNMENT)
    if convert is None:  # a pseudo-type: PostgreSQL's input function refuses any text
        return errors.FeatureNotSupported(f"cannot accept a value of type {t.name}")
    try:
        convert(text)
    except errors.Error as e:
        if (e.sqlstate or "").startswith("22"):  # a data exception: what PostgreSQL's soft input errors are
            return e
        raise
    return None


def _pg_input_is_valid(ctx: ExecContext, text: str, type_name: str) -> bool:
    """pg_input_is_valid(text, type): whether ``text`` is valid input for the type."""
    return _input_error(ctx, text, type_name) is None


def _pg_input_error_info(ctx: ExecContext, text: str, type_name: str) -> Any:
    """pg_input_error_info(text, type): the error reading ``text`` as the type raises
    (message, detail, hint, SQLSTATE), NULLs when it is valid: one row."""
    # (strict in PostgreSQL: a NULL argument is a NULL row, one row of NULLs in FROM)
    e = None if text is None or type_name is None else _input_error(ctx, text, type_name)
    yield (None, None, None, None) if e is None else (e.message, e.detail, e.hint, e.sqlstate)


def _current_date(ctx: ExecContext) -> Any:
    return D.current_date(now=ctx.session.transaction_timestamp())


def _localtimestamp(ctx: ExecContext) -> Any:
    return D.localtimestamp(now=ctx.session.transaction_timestamp())


def _current_time(ctx: ExecContext) -> Any:
    return D.current_time(now=ctx.session.transaction_timestamp())


def _localtime(ctx: ExecContext) -> Any:
    return D.localtime(now=ctx.session.transaction_timestamp())


def _setting(name: str) -> Callable[[ExecContext], Any]:
    return lambda ctx: ctx.session.settings.get(name)


def _register_session_functions() -> None:
    for name in ("now", "transaction_timestamp", "current_timestamp"):
        register(Function(name, (), TIMESTAMPTZ, _now, context=True))
    register(Function("statement_timestamp", (), TIMESTAMPTZ, _statement_timestamp, context=True))
    register(Function("clock_timestamp", (), TIMESTAMPTZ, _clock_timestamp, context=True, volatile=True))
    register(Function("current_date", (), DATE, _current_date, context=True))
    register(Function("localtimestamp", (), TIMESTAMP, _localtimestamp, context=True))
    register(Function("current_time", (), SqlType("timetz"), _current_time, context=True))
    register(Function("localtime", (), SqlType("time"), _localtime, context=True))
    register(Function("gen_random_uuid", (), UUID, _gen_random_uuid, context=True, volatile=True))
    register(Function("random", (), FLOAT8, _random, context=True, volatile=True))
    register(Function("setseed", ("float8",), VOID, _setseed, context=True, volatile=True))
    register(Function("set_config", ("text", "text", "bool"), TEXT, _set_config, context=True, volatile=True, strict=False))
    for args in ((), ("float8",), ("float8", "float8")):  # PostgreSQL 16: mean 0 and stddev 1 by default
        register(Function("random_normal", args, FLOAT8, _random_normal, context=True, volatile=True))
    register(Function("timeofday", (), TEXT, _timeofday, context=True, volatile=True))
    register(Function("pg_sleep", ("float8",), VOID, _pg_sleep, context=True, volatile=True))
    register(Function("pg_input_is_valid", ("text", "text"), BOOL, _pg_input_is_valid, context=True))
    error_info = (("message", TEXT), ("detail", TEXT), ("hint", TEXT), ("sql_error_code", TEXT))
    register(Function(
        "pg_input_error_info", ("text", "text"), TEXT, _pg_input_error_info, context=True, set_returning=True,
        columns=error_info, strict=False,
    ))
    register(Function("version", (), TEXT, lambda ctx: ctx.session.version_string(), context=True))
    register(Function("current_database", (), SqlType("name"), lambda ctx: "postgres", context=True))
    register(Function("current_schema", (), SqlType("name"), lambda ctx: ctx.session.current_schema(), context=True))
    for name in ("current_user", "session_user", "user", "current_role"):
        register(Function(name, (), SqlType("name"), lambda ctx: ctx.session.user, context=True))


# -- sequences (the values are pydsql.sequences'; these functions find the definition) ----------


def sequence_of(ctx: ExecContext, oid: Any) -> SequenceDef:
    """The sequence whose object id ``oid`` (a regclass) is, in the transaction's catalog."""
    catalog = ctx.txn.catalog
    seq = catalog.sequence_by_id(int(oid))
    if seq is not None:
        return seq
    relation = catalog.table_by_id(int(oid)) or next(
        (v for v in catalog.views.values() if v.table_id == int(oid)), None
    )
    if relation is None:
        raise errors.InternalError_(f"could not open relation with OID {int(oid)}")
    raise errors.WrongObjectType(f'"{relation.name}" is not a sequence')


def _writable(ctx: ExecContext, fn: str) -> None:
    if ctx.txn.read_only:
        raise errors.ReadOnlySqlTransaction(f"cannot execute {fn}() in a read-only transaction")


def next_value(ctx: ExecContext, seq: SequenceDef) -> int:
    """nextval() of a sequence (identity columns call it with their sequence)."""
    _writable(ctx, "nextval")
    session = ctx.session
    return session.sequences.nextval(seq, session.cluster.sequence_values)


def _nextval(ctx: ExecContext, oid: Any) -> int | None:
    return None if oid is None else next_value(ctx, sequence_of(ctx, oid))


def _currval(ctx: ExecContext, oid: Any) -> int | None:
    return None if oid is None else ctx.session.sequences.currval(sequence_of(ctx, oid))


def _lastval(ctx: ExecContext) -> int:
    return ctx.session.sequences.lastval(ctx.txn.catalog)


def _setval(ctx: ExecContext, oid: Any, value: Any, is_called: Any = True) -> int | None:
    if oid is None or value is None or is_called is None:
        return None
    seq = sequence_of(ctx, oid)
    _writable(ctx, "setval")
    session = ctx.session
    return session.sequences.setval(seq, int(value), bool(is_called), session.cluster.sequence_values)


def _last_value(ctx: ExecContext, oid: Any) -> int | None:
    """pg_sequence_last_value: the counter's last value, NULL before the first nextval."""
    last_value, is_called = ctx.session.cluster.sequence_values.peek(sequence_of(ctx, oid))
    return last_value if is_called else None


def _register_sequence_functions() -> None:
    register(Function("nextval", ("regclass",), INT8, _nextval, context=True, volatile=True))
    register(Function("pg_sequence_last_value", ("regclass",), INT8, _last_value, context=True, volatile=True))
    register(Function("currval", ("regclass",), INT8, _currval, context=True, volatile=True))
    register(Function("lastval", (), INT8, _lastval, context=True, volatile=True))
    register(Function("setval", ("regclass", "int8"), INT8, _setval, context=True, volatile=True))
    register(Function("setval", ("regclass", "int8", "bool"), INT8, _setval, context=True, volatile=True))


# -- value functions: the number and string functions of pydsql.values, and date/time ones --------


def _register_value_functions() -> None:
    for rows in values.FUNCTIONS_BY_NAME.values():
        for r in rows:
            register(Function(
                r.name, r.args, r.result, r.fn, strict=r.strict, variadic=r.variadic,
                volatile=r.name in _VOLATILE_VALUE_FUNCTIONS,
            ))
    for srfs in values.SET_FUNCTIONS_BY_NAME.values():
        for f in srfs:
            register(Function(
                f.name, f.args, f.columns[0][1], f.fn, strict=f.strict, set_returning=True, columns=f.columns,
            ))

    interval = INTERVAL
    timetz = SqlType("timetz")
    time_ = SqlType("time")
    for kind in ("date", "time", "timetz", "timestamp", "timestamptz", "interval"):
        register(Function("extract", ("text", kind), NUMERIC, lambda f, v, k=kind: D.extract(f, v, k)))
        register(Function("date_part", ("text", kind), FLOAT8, lambda f, v, k=kind: D.date_part(f, v, k)))
    register(Function("date_trunc", ("text", "timestamp"), TIMESTAMP, lambda f, v: D.date_trunc(f, v, kind="timestamp")))
    register(Function("date_trunc", ("text", "timestamptz"), TIMESTAMPTZ, lambda f, v: D.date_trunc(f, v, kind="timestamptz")))
    register(Function(
        "date_trunc", ("text", "timestamptz", "text"), TIMESTAMPTZ, lambda f, v, z: D.date_trunc(f, v, z, kind="timestamptz")
    ))
    register(Function("date_trunc", ("text", "interval"), interval, lambda f, v: D.date_trunc(f, v, kind="interval")))
    # (s1, e1) OVERLAPS (s2, e2); an end may be a length (interval), except for timetz
    for kind in ("time", "timetz", "timestamp", "timestamptz"):
        for lengths in ((False, False), (False, True), (True, False), (True, True)) if kind != "timetz" else ((False, False),):
            kinds = (kind, "interval" if lengths[0] else kind, kind, "interval" if lengths[1] else kind)
            register(Function("overlaps", kinds, BOOL, D.overlaps(kind, lengths), strict=False))
    for name, sign in (("date_add", 1), ("date_subtract", -1)):  # PostgreSQL 16
        register(Function(name, ("timestamptz", "interval"), TIMESTAMPTZ, lambda t, i, s=sign: D.date_add(t, i, sign=s)))
        register(Function(
            name, ("timestamptz", "interval", "text"), TIMESTAMPTZ, lambda t, i, z, s=sign: D.date_add(t, i, z, sign=s),
        ))
    register(Function("make_date", ("int4", "int4", "int4"), DATE, D.make_date))
    register(Function("make_time", ("int4", "int4", "float8"), time_, D.make_time))
    register(Function("make_timestamp", ("int4", "int4", "int4", "int4", "int4", "float8"), TIMESTAMP, D.make_timestamp))
    register(Function("make_timestamptz", ("int4", "int4", "int4", "int4", "int4", "float8"), TIMESTAMPTZ, D.make_timestamptz))
    register(Function(
        "make_timestamptz", ("int4", "int4", "int4", "int4", "int4", "float8", "text"), TIMESTAMPTZ, D.make_timestamptz
    ))
    make_interval_kinds = ("int4", "int4", "int4", "int4", "int4", "int4", "float8")
    for n in range(len(make_interval_kinds) + 1):  # every argument has a default
        register(Function("make_interval", make_interval_kinds[:n], interval, D.make_interval))
    for kind, result in (("timestamp", interval), ("timestamptz", interval)):
        register(Function("age", (kind, kind), result, lambda a, b: D.age(a, b)))
        register(Function(
            "age", (kind,), result, lambda ctx, a: None if a is None else D.age(a, now=ctx.session.transaction_timestamp()),
            context=True,
        ))
    register(Function("to_timestamp", ("float8",), TIMESTAMPTZ, D.to_timestamp))
    register(Function("date_bin", ("interval", "timestamp", "timestamp"), TIMESTAMP, D.date_bin))
    register(Function("date_bin", ("interval", "timestamptz", "timestamptz"), TIMESTAMPTZ, D.date_bin))
    register(Function("justify_hours", ("interval",), interval, D.justify_hours))
    register(Function("justify_days", ("interval",), interval, D.justify_days))
    register(Function("justify_interval", ("interval",), interval, D.justify_interval))
    for kind in ("date", "timestamp", "timestamptz", "interval"):
        register(Function("isfinite", (kind,), BOOL, D.isfinite))
    for kind, result in (("timestamp", TIMESTAMPTZ), ("timestamptz", TIMESTAMP), ("timetz", timetz)):
        register(Function("timezone", ("text", kind), result, lambda z, v, k=kind: D.at_time_zone(v, z, k)))
        register(Function("timezone", ("interval", kind), result, lambda z, v, k=kind: D.at_time_zone(v, z, k)))


def _register_set_returning_functions() -> None:
    def srf(name: str, args: tuple[str, ...], result: SqlType, fn: Callable[..., Any]) -> None:
        register(Function(name, args, result, fn, set_returning=True))

    for kind, fn in (("int4", series.int4_series), ("int8", series.int8_series), ("numeric", series.numeric_series)):
        srf("generate_series", (kind, kind), SqlType(kind), fn)
        srf("generate_series", (kind, kind, kind), SqlType(kind), fn)
    srf("generate_series", ("timestamp", "timestamp", "interval"), TIMESTAMP,
        series.timestamp_series(D.timestamp_pl_interval))
    srf("generate_series", ("timestamptz", "timestamptz", "interval"), TIMESTAMPTZ,
        series.timestamp_series(D.timestamptz_pl_interval))


# PostgreSQL overloads on types pydsql does not implement.  No value of these
# types can exist here, but the overloads still take part in resolving calls
# with untyped arguments: age('x') is ambiguous in PostgreSQL because of
# age(xid), and must be here too.  Choosing one is refused at analysis.
_Overload = tuple[str, tuple[str, ...], str]  # (name, argument kinds, "f" or "a")
UNIMPLEMENTED_OVERLOADS: list[_Overload] = list[_Overload]([
    ("age", ("xid",), "f"), ("length", ("lseg",), "f"), ("length", ("path",), "f"), ("length", ("tsvector",), "f"),
    ("lower", ("anymultirange",), "f"), ("lower", ("anyrange",), "f"),
    ("upper", ("anymultirange",), "f"), ("upper", ("anyrange",), "f"),
    ("trunc", ("macaddr",), "f"), ("trunc", ("macaddr8",), "f"),
    ("unnest", ("tsvector",), "f"), ("unnest", ("anymultirange",), "f"),
]) + [
    (agg, (kind,), "a")
    for agg in ("min", "max")
    for kind in ("anyarray", "anyenum", "pg_lsn", "tid", "xid8")
]


def unimplemented(*args: Any) -> Any:
    raise errors.FeatureNotSupported("this function is not supported by pydsql")


def _register_system_functions() -> None:
    """The system catalog functions (format_type, pg_get_constraintdef...: :mod:`.system`)."""
    from .system import function_rows

    for r in function_rows():
        register(Function(
            r.name, r.args, r.result, r.fn, strict=r.strict, context=r.context, set_returning=r.set_returning,
        ))


def _register_unimplemented_overloads() -> None:
    for name, args, kind in UNIMPLEMENTED_OVERLOADS:
        if kind == "f":
            register(Function(name, args, SqlType(args[0]), unimplemented))
        elif args != ("anyarray",):
            register_aggregate(Aggregate(name, args, SqlType(args[0]), unimplemented))


# -- aggregates ---------------------------------------------------------------------------


class _Count:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def step(self, *args: Any) -> None:
        self.n += 1

    def result(self) -> int:
        return self.n


class _Fold:
    """sum/min/max: fold values with a binary function; NULL when there were none."""

    __slots__ = ("fn", "value", "empty", "convert")

    def __init__(self, fn: Callable[[Any, Any], Any], convert: Callable[[Any], Any] | None = None) -> None:
        self.fn = fn
        self.value: Any = None
        self.empty = True
        self.convert = convert

    def step(self, v: Any) -> None:
        if self.empty:
            self.value = v
            self.empty = False
        else:
            self.value = self.fn(self.value, v)

    def result(self) -> Any:
        if self.empty:
            return None
        return self.convert(self.value) if self.convert is not None else self.value


class _Avg:
    __slots__ = ("add", "divide", "to_sum", "total", "n")

    def __init__(self, add: Callable[[Any, Any], Any], divide: Callable[[Any, int], Any], to_sum: Callable[[Any], Any]) -> None:
        self.add = add
        self.divide = divide
        self.to_sum = to_sum
        self.total: Any = None
        self.n = 0

    def step(self, v: Any) -> None:
        v = self.to_sum(v)
        self.total = v if self.n == 0 else self.add(self.total, v)
        self.n += 1

    def result(self) -> Any:
        if self.n == 0:
            return None
        return self.divide(self.total, self.n)


class _NumericVariance:
    """var_samp/var_pop/stddev_samp/stddev_pop of integers and numerics: the exact count,
    sum and sum of squares (PostgreSQL's numeric accumulators); NaN and infinities are
    counted apart, as they make the result NaN."""

    __slots__ = ("n", "sum_x", "sum_x2", "special", "sample", "root")

    def __init__(self, sample: bool, root: bool) -> None:
        self.n = 0
        self.sum_x = Decimal(0)
        self.sum_x2 = Decimal(0)
        self.special = False
        self.sample = sample
        self.root = root

    def step(self, v: Any) -> None:
        self.n += 1
        d = Decimal(v)
        if not d.is_finite():
            self.special = True
            return
        self.sum_x = numeric_exact_add(self.sum_x, d)
        self.sum_x2 = numeric_exact_add(self.sum_x2, numeric_exact_square(d))

    def result(self) -> Any:
        return numeric_variance(self.n, self.sum_x, self.sum_x2, self.special, sample=self.sample, root=self.root)


class _FloatVariance:
    """The same for float4/float8, as float8_accum computes it (the Youngs-Cramer
    algorithm: count, sum and sum of squared differences from the mean)."""

    __slots__ = ("n", "sx", "sxx", "sample", "root")

    def __init__(self, sample: bool, root: bool) -> None:
        self.n = 0.0
        self.sx = 0.0
        self.sxx = 0.0
        self.sample = sample
        self.root = root

    def step(self, v: Any) -> None:
        x = float(v)
        previous_n, previous_sx = self.n, self.sx
        n = self.n = previous_n + 1.0
        sx = self.sx = previous_sx + x
        if previous_n > 0.0:
            tmp = x * n - sx
            sxx = self.sxx + tmp * tmp / (n * previous_n)
            if math.isinf(sx) or math.isinf(sxx):
                if not math.isinf(previous_sx) and not math.isinf(x):
                    raise errors.NumericValueOutOfRange("value out of range: overflow")
                sxx = math.nan  # an infinite input: NaN, never a (false) infinite variance
            self.sxx = sxx
        elif math.isnan(x) or math.isinf(x):
            self.sxx = math.nan

    def result(self) -> Any:
        n = self.n
        if n == 0.0 or (self.sample and n <= 1.0):
            return None
        variance = self.sxx / (n - 1.0 if self.sample else n)
        return math.sqrt(variance) if self.root else variance


class _Regression:
    """corr, covar_pop/covar_samp and the regr_* aggregates of (Y, X) pairs, as
    float8_regr_accum computes them: count, sums and sums of squared and crossed
    differences from the means (the Youngs-Cramer algorithm in two dimensions)."""

    __slots__ = ("n", "sx", "sxx", "sy", "syy", "sxy", "final")

    def __init__(self, final: Callable[[_Regression], Any]) -> None:
        self.n = self.sx = self.sxx = self.sy = self.syy = self.sxy = 0.0
        self.final = final

    def step(self, y: Any, x: Any) -> None:
        y, x = float(y), float(x)
        previous_n, previous_sx, previous_sy = self.n, self.sx, self.sy
        n = self.n = previous_n + 1.0
        sx = self.sx = previous_sx + x
        sy = self.sy = previous_sy + y
        if previous_n > 0.0:
            tmp_x, tmp_y = x * n - sx, y * n - sy
            scale = 1.0 / (n * previous_n)
            sxx = self.sxx + tmp_x * tmp_x * scale
            syy = self.syy + tmp_y * tmp_y * scale
            sxy = self.sxy + tmp_x * tmp_y * scale
            inf = math.isinf
            if inf(sx) or inf(sxx) or inf(sy) or inf(syy) or inf(sxy):
                finite_x = not inf(previous_sx) and not inf(x)
                finite_y = not inf(previous_sy) and not inf(y)
                if ((inf(sx) or inf(sxx)) and finite_x) or ((inf(sy) or inf(syy)) and finite_y) or (
                    inf(sxy) and finite_x and finite_y
                ):
                    raise errors.NumericValueOutOfRange("value out of range: overflow")
                sxx, syy, sxy = (math.nan if inf(v) else v for v in (sxx, syy, sxy))
            self.sxx, self.syy, self.sxy = sxx, syy, sxy
        else:  # a first value that is NaN or infinite: the sums it enters are NaN
            if math.isnan(x) or math.isinf(x):
                self.sxx = self.sxy = math.nan
            if math.isnan(y) or math.isinf(y):
                self.syy = self.sxy = math.nan

    def result(self) -> Any:
        return self.final(self)


def _regression_finals() -> dict[str, Callable[[_Regression], Any]]:
    """The final functions of the (Y, X) aggregates (PostgreSQL's float8_regr_*, float8_corr...)."""

    def at_least(k: float, f: Callable[[_Regression], Any]) -> Callable[[_Regression], Any]:
        return lambda s: None if s.n < k else f(s)

    def r2(s: _Regression) -> Any:
        if s.sxx == 0:
            return None
        return 1.0 if s.syy == 0 else (s.sxy * s.sxy) / (s.sxx * s.syy)

    return {
        "regr_sxx": at_least(1, lambda s: s.sxx),
        "regr_syy": at_least(1, lambda s: s.syy),
        "regr_sxy": at_least(1, lambda s: s.sxy),
        "regr_avgx": at_least(1, lambda s: s.sx / s.n),
        "regr_avgy": at_least(1, lambda s: s.sy / s.n),
        "covar_pop": at_least(1, lambda s: s.sxy / s.n),
        "covar_samp": at_least(2, lambda s: s.sxy / (s.n - 1.0)),
        "corr": at_least(1, lambda s: None if s.sxx == 0 or s.syy == 0 else s.sxy / math.sqrt(s.sxx * s.syy)),
        "regr_r2": at_least(1, r2),
        "regr_slope": at_least(1, lambda s: None if s.sxx == 0 else s.sxy / s.sxx),
        "regr_intercept": at_least(1, lambda s: None if s.sxx == 0 else (s.sy - s.sx * s.sxy / s.sxx) / s.n),
    }


#: aggregates called as ``f(direct args) WITHIN GROUP (ORDER BY x)`` (and only so): their
#: accumulators see ``step(direct args..., x)`` with the rows sorted by x (NULL x left out)
ORDERED_SET_AGGREGATES = frozenset({"percentile_cont", "percentile_disc", "mode"})


def _percentile(fraction: float) -> float:
    if not 0 <= fraction <= 1:  # (NaN too)
        shown = "NaN" if math.isnan(fraction) else f"{fraction:g}".replace("inf", "Infinity")  # (PostgreSQL's %g)
        raise errors.NumericValueOutOfRange(f"percentile value {shown} is not between 0 and 1")
    return fraction


class _Percentile:
    """percentile_cont / percentile_disc(fraction) WITHIN GROUP (ORDER BY x): the sorted
    values (the rows come sorted), then ``pick(values, fraction)`` of them; ``many``: the
    fraction is an array of them, and so is the result (its shape, NULL for NULL)."""

    __slots__ = ("fraction", "values", "pick", "many")

    def __init__(self, pick: Callable[[list[Any], float], Any], many: bool = False) -> None:
        self.fraction: Any = 0.0
        self.values: list[Any] = []
        self.pick = pick
        self.many = many

    def step(self, fraction: Any, v: Any) -> None:
        self.fraction = fraction
        self.values.append(v)

    def result(self) -> Any:
        if not self.values:
            return None
        values, pick = self.values, self.pick
        if self.many:
            return A.array_map(lambda f: pick(values, _percentile(f)), self.fraction)
        return pick(values, _percentile(self.fraction))


def _continuous(lerp: Callable[[Any, Any, float], Any]) -> Callable[[list[Any], float], Any]:
    """percentile_cont: the value ``fraction`` of the way through, interpolated linearly
    between its two neighbours."""

    def pick(values: list[Any], fraction: float) -> Any:
        position = fraction * (len(values) - 1)
        first, second = math.floor(position), math.ceil(position)
        if first == second:
            return values[first]
        return lerp(values[first], values[second], position - first)

    return pick


def _discrete(values: list[Any], fraction: float) -> Any:
    """percentile_disc: the first value whose position reaches ``fraction`` of the rows."""
    return values[max(math.ceil(fraction * len(values)), 1) - 1]


class _Hypothetical:
    """rank / dense_rank / percent_rank / cume_dist(args) WITHIN GROUP (ORDER BY keys): where
    the hypothetical row ``args`` would fall among the group's rows.  Each step gets the
    hypothetical values then a row's keys, rows in sort order; ``compare(row, hypothetical)``
    is -1, 0 or 1 in that order."""

    __slots__ = ("name", "width", "compare", "rows", "before", "peers", "distinct_before", "last_before")

    def __init__(self, name: str, width: int, compare: Callable[[Sequence[Any], Sequence[Any]], int]) -> None:
        self.name, self.width, self.compare = name, width, compare
        self.rows = self.before = self.peers = self.distinct_before = 0
        self.last_before: Sequence[Any] | None = None

    def step(self, *values: Any) -> None:
        hypothetical, row = values[: self.width], values[self.width:]
        self.rows += 1
        order = self.compare(row, hypothetical)
        if order < 0:
            self.before += 1
            if self.last_before is None or self.compare(self.last_before, row) != 0:
                self.distinct_before += 1  # (rows come sorted: a new peer group starts)
            self.last_before = row
        elif order == 0:
            self.peers += 1

    def result(self) -> Any:
        if self.name == "rank":
            return self.before + 1
        if self.name == "dense_rank":
            return self.distinct_before + 1
        if self.name == "percent_rank":
            return self.before / self.rows if self.rows else 0.0
        return (self.before + self.peers + 1) / (self.rows + 1)  # cume_dist


def hypothetical_set_aggregate(name: str, key_types: Sequence[SqlType], order: Sequence[tuple[bool, bool]]) -> Aggregate:
    """The aggregate one hypothetical-set call runs: ``key_types`` the (common) types of its
    hypothetical values and sort keys, ``order`` each key's (descending, nulls first)."""
    from .ordering import sort_key  # ordering imports the plan nodes

    found = _HYPOTHETICAL.get((name, tuple(key_types), tuple(order)))
    if found is not None:
        return found
    keys = [(sort_key(t), desc, nulls_first) for t, (desc, nulls_first) in zip(key_types, order)]

    def compare(a: Sequence[Any], b: Sequence[Any]) -> int:
        for va, vb, (key, desc, nulls_first) in zip(a, b, keys):
            if va is None or vb is None:
                if va is None and vb is None:
                    continue
                return -1 if (va is None) == nulls_first else 1
            ka, kb = (key(va), key(vb)) if key is not None else (va, vb)
            if ka == kb:
                continue
            return -1 if (ka < kb) != desc else 1
        return 0

    width = len(keys)
    result = INT8 if name in ("rank", "dense_rank") else FLOAT8
    found = Aggregate(name, ("any",) * (2 * width), result, lambda: _Hypothetical(name, width, compare), strict=False)
    _HYPOTHETICAL[(name, tuple(key_types), tuple(order))] = found
    return found


_HYPOTHETICAL: dict[tuple[str, tuple[SqlType, ...], tuple[tuple[bool, bool], ...]], Aggregate] = {}


class _Mode:
    """mode() WITHIN GROUP (ORDER BY x): the most frequent value, the first in sort order on a tie."""

    __slots__ = ("best", "best_count", "current", "count")

    def __init__(self) -> None:
        self.best: Any = None
        self.best_count = 0
        self.current: Any = None
        self.count = 0

    def step(self, v: Any) -> None:
        if self.count and v == self.current:
            self.count += 1
        else:
            self.current, self.count = v, 1
        if self.count > self.best_count:
            self.best, self.best_count = self.current, self.count

    def result(self) -> Any:
        return self.best


def _op(name: str, left: str, right: str) -> Callable[..., Any]:
    for op in values.OPERATORS_BY_NAME.get(name, ()):
        if op.left == left and op.right == right:
            return op.fn
    raise LookupError(f"no operator {left} {name} {right}")


def _check_int8(v: int) -> int:
    if not -(1 << 63) <= v < (1 << 63):
        raise errors.NumericValueOutOfRange("bigint out of range")
    return v


def _min(lt: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """min (or max, given >): on a tie the later value wins, as PostgreSQL's numeric_smaller
    (which shows for numerics of different scales: max(1.0, 1.00) is 1.00)."""
    return lambda a, b: a if lt(a, b) else b


def _register_aggregates() -> None:
    register_aggregate(Aggregate("count", (), INT8, _Count, batch=len))
    register_aggregate(Aggregate("count", ("any",), INT8, _Count, batch=len))  # count("any"), as in PostgreSQL

    numeric_add = _op("+", "numeric", "numeric")
    numeric_div = _op("/", "numeric", "numeric")
    float_add = _op("+", "float8", "float8")
    for kind in ("int2", "int4"):
        register_aggregate(Aggregate(
            "sum", (kind,), INT8, lambda: _Fold(lambda a, b: a + b, _check_int8), batch=_batch_sum_int,
        ))
    register_aggregate(Aggregate(
        "sum", ("int8",), NUMERIC, lambda: _Fold(lambda a, b: a + b, Decimal), batch=_batch_sum_int8,
    ))
    register_aggregate(Aggregate("sum", ("numeric",), NUMERIC, lambda: _Fold(numeric_add)))
    register_aggregate(Aggregate("sum", ("float4",), SqlType("float4"), lambda: _Fold(_op("+", "float4", "float4"))))
    register_aggregate(Aggregate("sum", ("float8",), FLOAT8, lambda: _Fold(float_add)))
    register_aggregate(Aggregate("sum", ("interval",), INTERVAL, lambda: _Fold(_op("+", "interval", "interval"))))
    register_aggregate(Aggregate("sum", ("money",), SqlType("money"), lambda: _Fold(_op("+", "money", "money"))))

    for kind in ("int2", "int4", "int8"):
        register_aggregate(Aggregate(
            "avg", (kind,), NUMERIC,
            lambda: _Avg(lambda a, b: a + b, lambda s, n: numeric_div(Decimal(s), Decimal(n)), int),
        ))
    register_aggregate(Aggregate(
        "avg", ("numeric",), NUMERIC, lambda: _Avg(numeric_add, lambda s, n: numeric_div(s, Decimal(n)), Decimal)
    ))
    for kind in ("float4", "float8"):
        register_aggregate(Aggregate("avg", (kind,), FLOAT8, lambda: _Avg(float_add, lambda s, n: s / n, float)))
    interval_div = _op("/", "interval", "float8")
    register_aggregate(Aggregate(
        "avg", ("interval",), INTERVAL,
        lambda: _Avg(_op("+", "interval", "interval"), lambda s, n: interval_div(s, float(n)), lambda v: v),
    ))

    # variance and standard deviation: numeric for integers and numerics, float8 for floats
    for name, sample, root in (
        ("var_samp", True, False), ("variance", True, False), ("var_pop", False, False),
        ("stddev_samp", True, True), ("stddev", True, True), ("stddev_pop", False, True),
    ):
        for kind in ("int2", "int4", "int8", "numeric"):
            register_aggregate(Aggregate(name, (kind,), NUMERIC, lambda s=sample, r=root: _NumericVariance(s, r)))  # type: ignore[misc]
        for kind in ("float4", "float8"):
            register_aggregate(Aggregate(name, (kind,), FLOAT8, lambda s=sample, r=root: _FloatVariance(s, r)))  # type: ignore[misc]

    # statistics of (Y, X) pairs of float8 (a row with a NULL in either is left out)
    for name, final in _regression_finals().items():
        register_aggregate(Aggregate(name, ("float8", "float8"), FLOAT8, lambda final=final: _Regression(final)))  # type: ignore[misc]
    register_aggregate(Aggregate("regr_count", ("float8", "float8"), INT8, _Count))  # the rows with both values

    # ordered-set aggregates (see ORDERED_SET_AGGREGATES)
    interval_sub, interval_mul, interval_add = (
        _op("-", "interval", "interval"), _op("*", "interval", "float8"), _op("+", "interval", "interval")
    )
    register_aggregate(Aggregate(
        "percentile_cont", ("float8", "float8"), FLOAT8, lambda: _Percentile(_continuous(lambda lo, hi, f: lo + (hi - lo) * f)),
    ))
    register_aggregate(Aggregate(
        "percentile_cont", ("float8", "interval"), INTERVAL,
        lambda: _Percentile(_continuous(lambda lo, hi, f: interval_add(lo, interval_mul(interval_sub(hi, lo), f)))),
    ))
    register_aggregate(Aggregate(
        "percentile_disc", ("float8", "anyelement"), SqlType("anyelement"), lambda: _Percentile(_discrete)
    ))
    # the array forms: one result per fraction
    float8_array = array_of(FLOAT8)
    register_aggregate(Aggregate(
        "percentile_cont", ("float8[]", "float8"), float8_array,
        lambda: _Percentile(_continuous(lambda lo, hi, f: lo + (hi - lo) * f), many=True),
    ))
    register_aggregate(Aggregate(
        "percentile_cont", ("float8[]", "interval"), array_of(INTERVAL),
        lambda: _Percentile(
            _continuous(lambda lo, hi, f: interval_add(lo, interval_mul(interval_sub(hi, lo), f))), many=True
        ),
    ))
    register_aggregate(Aggregate(
        "percentile_disc", ("float8[]", "anyelement"), SqlType("anyarray"), lambda: _Percentile(_discrete, many=True)
    ))
    register_aggregate(Aggregate("mode", ("anyelement",), SqlType("anyelement"), _Mode))

    # bitwise folds of integers (NULL when no row)
    for name, fold in (("bit_and", int.__and__), ("bit_or", int.__or__), ("bit_xor", int.__xor__)):
        for kind in ("int2", "int4", "int8"):
            register_aggregate(Aggregate(name, (kind,), SqlType(kind), lambda fold=fold: _Fold(fold)))  # type: ignore[misc]
    for kind, subtype in RANGE_SUBTYPES.items():  # range_agg: a multirange; range_intersect_agg: alike
        multi = SqlType(MULTIRANGES[kind])
        for argument, result in ((kind, multi), (multi.kind, multi)):
            register_aggregate(Aggregate(
                "range_agg", (argument,), result,
                lambda s=subtype: _Fold(range_agg_fold(s), to_multirange(s)),  # type: ignore[misc]
            ))
        for argument in (kind, multi.kind):
            register_aggregate(Aggregate(
                "range_intersect_agg", (argument,), SqlType(argument),
                lambda s=subtype: _Fold(range_intersect_fold(s)),  # type: ignore[misc]
            ))
    for name, bit_fold in AGGREGATE_FOLDS.items():  # and of bit strings (the same length, else 22026)
        register_aggregate(Aggregate(name, ("bit",), SqlType("bit"), lambda fold=bit_fold: _Fold(fold)))  # type: ignore[misc]
    # any_value (PostgreSQL 16): the first non-NULL value
    register_aggregate(Aggregate("any_value", ("anyelement",), SqlType("anyelement"), lambda: _Fold(lambda a, b: a)))

    # PostgreSQL 16 has min/max for these kinds (not for bool, uuid or bytea).
    for kind in (
        "int2", "int4", "int8", "numeric", "float4", "float8", "text", "bpchar", "date", "time", "timetz",
        "timestamp", "timestamptz", "interval", "oid", "money", "inet",
    ):
        try:
            lt = _op("<", kind, kind)
            gt = _op(">", kind, kind)
        except LookupError:
            continue
        t = SqlType(kind)
        plain = kind in _PLAIN_ORDER_KINDS
        register_aggregate(Aggregate(
            "min", (kind,), t, lambda lt=lt: _Fold(_min(lt)), batch=_batch_min if plain else None,  # type: ignore[misc]
        ))
        register_aggregate(Aggregate(
            "max", (kind,), t, lambda gt=gt: _Fold(_min(gt)), batch=_batch_max if plain else None,  # type: ignore[misc]
        ))

    for name, fn in (("bool_and", lambda a, b: a and b), ("every", lambda a, b: a and b), ("bool_or", lambda a, b: a or b)):
        register_aggregate(Aggregate(name, ("bool",), BOOL, lambda fn=fn: _Fold(fn)))  # type: ignore[misc]

    # array_agg, string_agg and the json aggregates see NULL arguments (non-strict transition)
    anyarray = SqlType("anyarray")
    register_aggregate(Aggregate("array_agg", ("anynonarray",), anyarray, _ArrayAgg, strict=False))
    register_aggregate(Aggregate("array_agg", ("anyarray",), anyarray, _ArrayAggArray, strict=False))
    register_aggregate(Aggregate("string_agg", ("text", "text"), TEXT, lambda: _StringAgg(""), strict=False))
    register_aggregate(Aggregate("string_agg", ("bytea", "bytea"), SqlType("bytea"), lambda: _StringAgg(b""), strict=False))
    for name, better in (("min", lambda c: c < 0), ("max", lambda c: c > 0)):
        register_aggregate(Aggregate(
            name, ("anyarray",), anyarray, lambda: unimplemented(),
            typed=lambda ts, better=better: _array_fold(ts[0], better),  # type: ignore[misc]
        ))
    for j in values.JSON_AGGREGATES:
        register_aggregate(Aggregate(
            j.name, j.args, j.result, (lambda j=j: j.make([SqlType(k) for k in j.args])),  # type: ignore[misc]
            strict=j.strict, typed=lambda ts, j=j: (lambda: j.make(list(ts))),  # type: ignore[misc]
        ))


class _ArrayAgg:
    __slots__ = ("acc",)

    def __init__(self) -> None:
        self.acc = A.ArrayAgg()

    def step(self, v: Any) -> None:
        self.acc.add(v)

    def result(self) -> Any:
        return self.acc.result()


class _ArrayAggArray(_ArrayAgg):
    __slots__ = ()

    def __init__(self) -> None:
        self.acc = A.ArrayAggArray()  # type: ignore[assignment]


class _StringAgg:
    """string_agg(value, delimiter): NULL values are skipped, a NULL delimiter is empty."""

    __slots__ = ("parts", "empty")

    def __init__(self, empty: Any) -> None:
        self.parts: list[Any] = []
        self.empty = empty

    def step(self, v: Any, sep: Any) -> None:
        if v is None:
            return
        if self.parts:
            self.parts.append(self.empty if sep is None else sep)
        self.parts.append(v)

    def result(self) -> Any:
        return self.empty.join(self.parts) if self.parts else None


def _array_fold(t: SqlType, better: Callable[[int], bool]) -> Callable[[], Any]:
    """min/max(anyarray): array comparison by the element type."""
    elem = t.elem.kind if t.elem is not None else None

    def pick(a: Any, b: Any) -> Any:
        return b if better(A.array_cmp(b, a, elem=elem)) else a

    return lambda: _Fold(pick)


_registered = False
_registry_lock = threading.Lock()


def _registry() -> tuple[dict[str, list[Function]], dict[str, list[Aggregate]]]:
    """The functions and aggregates by name, registered by the first caller (under a lock:
    another thread must not see them half registered)."""
    global _registered
    if not _registered:
        with _registry_lock:
            if not _registered:
                _register_session_functions()
                _register_sequence_functions()
                _register_value_functions()
                _register_set_returning_functions()
                _register_system_functions()
                _register_aggregates()
                _register_unimplemented_overloads()
                _registered = True
    return _functions, _aggregates


def __getattr__(name: str) -> Any:
    """``FUNCTIONS`` or ``AGGREGATES`` read for the first time (PEP 562): register the rows,
    then keep the table as a module global so that later reads are plain lookups."""
    if name == "FUNCTIONS":
        value: Any = _registry()[0]
    elif name == "AGGREGATES":
        value = _registry()[1]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def candidates(name: str) -> Sequence[Function]:
    return _registry()[0].get(name, ())


# -- aggregates specialized for a call site -----------------------------------------------------

_CALL_AGGREGATES: dict[Any, Aggregate] = {}


def aggregate_for_call(
    agg: Aggregate, arg_types: Sequence[SqlType], distinct: bool, order: Sequence[tuple[SqlType, bool, bool]]
) -> tuple[Aggregate, bool]:
    """The aggregate row one call runs, and whether the plan must apply DISTINCT.

    ``arg_types`` are the (resolved) argument types; ``order`` describes
    ``agg(args ORDER BY keys)``: (type, descending, nulls first) per key, the
    key values following the arguments in every ``step``.  A call with
    ORDER BY, or DISTINCT over values Python cannot hash as SQL compares them
    (arrays, floats...), gets an accumulator that buffers, deduplicates and
    sorts itself (:class:`_CallAccumulator`).  Equal calls share one row, so
    the planner computes them once.
    """
    from .ordering import group_key, hashable, require_equality, sort_key  # ordering imports the plan nodes

    if distinct:
        for t in arg_types:
            require_equality(t)  # count(DISTINCT json): 42883, as PostgreSQL
    # PostgreSQL deduplicates DISTINCT arguments by sorting them: without ORDER BY, an
    # order-sensitive aggregate (array_agg, json_agg, string_agg...) sees them sorted, and
    # so does one of floats (sum, avg, stddev, corr...: their last bits depend on the order)
    implicit_order = distinct and not order and (
        not agg.strict or any(t.kind in ("float4", "float8") for t in arg_types)
    )
    wrap = bool(order) or implicit_order or (distinct and not all(hashable(t) for t in arg_types))
    if agg.typed is None and not wrap:
        return agg, distinct
    cache_key = (id(agg), tuple(arg_types), distinct and wrap, tuple(order))
    found = _CALL_AGGREGATES.get(cache_key)
    if found is not None:
        return found, distinct and not wrap
    make = agg.typed(arg_types) if agg.typed is not None else agg.make
    if wrap:
        nargs = len(arg_types)
        dkeys = [group_key(t) for t in arg_types] if distinct else None
        if implicit_order:
            okeys = [(i, False, False, sort_key(t)) for i, t in enumerate(arg_types)]
        else:
            okeys = [(nargs + i, desc, nulls_first, sort_key(t)) for i, (t, desc, nulls_first) in enumerate(order)]
        inner, strict = make, agg.strict

        def make_wrapped() -> Any:
            return _CallAccumulator(inner(), nargs, strict, dkeys, okeys)

        found = Aggregate(agg.name, agg.args, agg.result, make_wrapped, strict=False)
    else:
        found = Aggregate(agg.name, agg.args, agg.result, make, strict=agg.strict)
    _CALL_AGGREGATES[cache_key] = found
    return found, distinct and not wrap


class _CallAccumulator:
    """``agg(DISTINCT args ORDER BY keys)``: rows are buffered, deduplicated on
    the arguments' SQL equality, sorted on the keys, then fed to the
    aggregate's own accumulator (NULL arguments skipped for strict ones)."""

    __slots__ = ("inner", "nargs", "strict", "dkeys", "okeys", "seen", "rows")

    def __init__(
        self, inner: Any, nargs: int, strict: bool, dkeys: list[Any] | None,
        okeys: list[tuple[int, bool, bool, Callable[[Any], Any] | None]],
    ) -> None:
        self.inner = inner
        self.nargs = nargs
        self.strict = strict
        self.dkeys = dkeys
        self.okeys = okeys
        self.seen: set[Any] | None = set() if dkeys is not None else None
        self.rows: list[tuple[Any, ...]] = []

    def step(self, *values: Any) -> None:
        args = values[: self.nargs]
        if self.strict and any(v is None for v in args):
            return
        if self.seen is not None and self.dkeys is not None:
            marker = tuple(v if k is None or v is None else k(v) for k, v in zip(self.dkeys, args))
            if marker in self.seen:
                return
            self.seen.add(marker)
        if not self.okeys:
            self.inner.step(*args)
            return
        self.rows.append(values)

    def result(self) -> Any:
        rows = self.rows
        n = self.nargs
        for index, desc, nulls_first, keyfn in reversed(self.okeys):
            nulls_high = nulls_first == desc

            def key(row: tuple[Any, ...], i: int = index, k: Any = keyfn, high: bool = nulls_high) -> Any:
                v = row[i]
                if v is None:
                    return (high, None) if high else (False, None)
                return (not high, v if k is None else k(v))

            rows.sort(key=key, reverse=desc)
        for row in rows:
            self.inner.step(*row[:n])
        self.rows = []
        return self.inner.result()

"""Built-in functions and aggregates: pydsql's ``pg_proc``.

A :class:`Function` row names a function, its argument kinds, its result
type and the Python implementation.  Overloads share a name; the analyzer
chooses among them with PostgreSQL's rules (:func:`.coerce.select_candidate`).

* ``strict`` functions return NULL on any NULL argument without being called
  (PostgreSQL's STRICT), so most implementations never see ``None``;
* ``volatile`` functions (random(), gen_random_uuid()) are never folded;
* ``set_returning`` functions (generate_series) return an iterator of values,
  one per row; they are only allowed where PostgreSQL allows them (FROM);
* ``context`` functions receive the :class:`~.context.ExecContext` first
  (they read the transaction's clock, the session, the cluster's randomness).

Aggregates are :class:`Aggregate` rows whose ``make()`` builds a fresh
accumulator per group; ``step`` is only called for rows whose arguments are
all non-NULL (every standard aggregate but ``count(*)`` ignores NULLs).

Implementations of value functions (string, math, date/time) live in
:mod:`pydsql.values`; this module only describes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import errors
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
    UUID,
    SqlType,
)
from ..values import catalog as values
from ..values import datetimes as D
from ..values import series
from .context import ExecContext


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    args: tuple[str, ...]  # argument kinds
    result: SqlType
    fn: Callable[..., Any]
    strict: bool = True
    volatile: bool = False
    context: bool = False
    variadic: bool = False  # the last argument kind repeats (concat, concat_ws)
    #: returns an iterable of rows (PostgreSQL's proretset); only allowed in FROM
    #: and the select list.  ``result`` is the type of the one column.
    set_returning: bool = False


@dataclass(frozen=True, slots=True)
class Aggregate:
    name: str
    args: tuple[str, ...]  # () for count(*)
    result: SqlType
    make: Callable[[], Any]  # -> accumulator with step(*args) and result()


FUNCTIONS: dict[str, list[Function]] = {}
AGGREGATES: dict[str, list[Aggregate]] = {}

#: Functions DSQL refuses by name (reference section 3).
REFUSED_FUNCTIONS = frozenset({
    "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_all",
    "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_lock",
    "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock", "pg_backend_pid",
})


def register(f: Function) -> None:
    FUNCTIONS.setdefault(f.name, []).append(f)


def register_aggregate(a: Aggregate) -> None:
    AGGREGATES.setdefault(a.name, []).append(a)


# -- session / clock functions ---------------------------------------------------------


def _now(ctx: ExecContext) -> Any:
    return ctx.session.transaction_timestamp()


def _statement_timestamp(ctx: ExecContext) -> Any:
    return ctx.session.statement_timestamp()


def _clock_timestamp(ctx: ExecContext) -> Any:
    return ctx.session.clock.now()


def _gen_random_uuid(ctx: ExecContext) -> uuid.UUID:
    return uuid.UUID(bytes=ctx.session.clock.random_bytes(16), version=4)


def _random(ctx: ExecContext) -> float:
    return ctx.session.clock.random()


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


for _name in ("now", "transaction_timestamp", "current_timestamp"):
    register(Function(_name, (), TIMESTAMPTZ, _now, context=True))
register(Function("statement_timestamp", (), TIMESTAMPTZ, _statement_timestamp, context=True))
register(Function("clock_timestamp", (), TIMESTAMPTZ, _clock_timestamp, context=True, volatile=True))
register(Function("current_date", (), DATE, _current_date, context=True))
register(Function("localtimestamp", (), TIMESTAMP, _localtimestamp, context=True))
register(Function("current_time", (), SqlType("timetz"), _current_time, context=True))
register(Function("localtime", (), SqlType("time"), _localtime, context=True))
register(Function("gen_random_uuid", (), UUID, _gen_random_uuid, context=True, volatile=True))
register(Function("random", (), FLOAT8, _random, context=True, volatile=True))
register(Function("version", (), TEXT, lambda ctx: ctx.session.version_string(), context=True))
register(Function("current_database", (), SqlType("name"), lambda ctx: "postgres", context=True))
register(Function("current_schema", (), SqlType("name"), lambda ctx: ctx.session.current_schema(), context=True))
for _name in ("current_user", "session_user", "user", "current_role"):
    register(Function(_name, (), SqlType("name"), lambda ctx: ctx.session.user, context=True))


# -- value functions: the number and string functions of pydsql.values, and date/time ones --------


def _register_value_functions() -> None:
    for rows in values.FUNCTIONS_BY_NAME.values():
        for r in rows:
            register(Function(r.name, r.args, r.result, r.fn, strict=r.strict, variadic=r.variadic))

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
    register(Function("justify_hours", ("interval",), interval, D.justify_hours))
    register(Function("justify_days", ("interval",), interval, D.justify_days))
    register(Function("justify_interval", ("interval",), interval, D.justify_interval))
    for kind in ("date", "timestamp", "timestamptz", "interval"):
        register(Function("isfinite", (kind,), BOOL, D.isfinite))
    for kind, result in (("timestamp", TIMESTAMPTZ), ("timestamptz", TIMESTAMP), ("timetz", timetz)):
        register(Function("timezone", ("text", kind), result, lambda z, v, k=kind: D.at_time_zone(v, z, k)))
        register(Function("timezone", ("interval", kind), result, lambda z, v, k=kind: D.at_time_zone(v, z, k)))


_register_value_functions()


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


_register_set_returning_functions()


# PostgreSQL overloads on types pydsql does not implement.  No value of these
# types can exist here, but the overloads still take part in resolving calls
# with untyped arguments: age('x') is ambiguous in PostgreSQL because of
# age(xid), and must be here too.  Choosing one is refused at analysis.
UNIMPLEMENTED_OVERLOADS: list[tuple[str, tuple[str, ...], str]] = [
    ("age", ("xid",), "f"), ("bit_length", ("bit",), "f"), ("length", ("bit",), "f"),
    ("length", ("lseg",), "f"), ("length", ("path",), "f"), ("length", ("tsvector",), "f"),
    ("lower", ("anymultirange",), "f"), ("lower", ("anyrange",), "f"),
    ("upper", ("anymultirange",), "f"), ("upper", ("anyrange",), "f"),
    ("octet_length", ("bit",), "f"), ("overlay", ("bit", "bit", "int4"), "f"),
    ("overlay", ("bit", "bit", "int4", "int4"), "f"), ("position", ("bit", "bit"), "f"),
    ("substring", ("bit", "int4"), "f"), ("substring", ("bit", "int4", "int4"), "f"),
    ("trunc", ("macaddr",), "f"), ("trunc", ("macaddr8",), "f"), ("length", ("bytea", "name"), "f"),
] + [
    (agg, (kind,), "a")
    for agg in ("min", "max")
    for kind in ("anyarray", "anyenum", "inet", "money", "pg_lsn", "tid", "xid8")
] + [("sum", ("money",), "a")]


def unimplemented(*args: Any) -> Any:
    raise errors.FeatureNotSupported("this function is not supported by pydsql")


for _name, _args, _kind in UNIMPLEMENTED_OVERLOADS:
    if _kind == "f":
        register(Function(_name, _args, SqlType(_args[0]), unimplemented))


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
    return lambda a, b: b if lt(b, a) else a


def _register_aggregates() -> None:
    register_aggregate(Aggregate("count", (), INT8, _Count))
    # count(x) accepts any type: one candidate per kind keeps resolution uniform.
    for kind in values.TYPE_IO:
        register_aggregate(Aggregate("count", (kind,), INT8, _Count))

    numeric_add = _op("+", "numeric", "numeric")
    numeric_div = _op("/", "numeric", "numeric")
    float_add = _op("+", "float8", "float8")
    for kind in ("int2", "int4"):
        register_aggregate(Aggregate("sum", (kind,), INT8, lambda: _Fold(lambda a, b: a + b, _check_int8)))
    register_aggregate(Aggregate("sum", ("int8",), NUMERIC, lambda: _Fold(lambda a, b: a + b, Decimal)))
    register_aggregate(Aggregate("sum", ("numeric",), NUMERIC, lambda: _Fold(numeric_add)))
    register_aggregate(Aggregate("sum", ("float4",), SqlType("float4"), lambda: _Fold(_op("+", "float4", "float4"))))
    register_aggregate(Aggregate("sum", ("float8",), FLOAT8, lambda: _Fold(float_add)))
    register_aggregate(Aggregate("sum", ("interval",), INTERVAL, lambda: _Fold(_op("+", "interval", "interval"))))

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

    # PostgreSQL 16 has min/max for these kinds (not for bool, uuid or bytea).
    for kind in (
        "int2", "int4", "int8", "numeric", "float4", "float8", "text", "bpchar", "date", "time", "timetz",
        "timestamp", "timestamptz", "interval",
    ):
        try:
            lt = _op("<", kind, kind)
            gt = _op(">", kind, kind)
        except LookupError:
            continue
        t = SqlType(kind)
        register_aggregate(Aggregate("min", (kind,), t, lambda lt=lt: _Fold(_min(lt))))  # type: ignore[misc]
        register_aggregate(Aggregate("max", (kind,), t, lambda gt=gt: _Fold(_min(gt))))  # type: ignore[misc]

    for name, fn in (("bool_and", lambda a, b: a and b), ("every", lambda a, b: a and b), ("bool_or", lambda a, b: a or b)):
        register_aggregate(Aggregate(name, ("bool",), BOOL, lambda fn=fn: _Fold(fn)))  # type: ignore[misc]


_register_aggregates()
for _name, _args, _kind in UNIMPLEMENTED_OVERLOADS:
    if _kind == "a":
        register_aggregate(Aggregate(_name, _args, SqlType(_args[0]), unimplemented))


def candidates(name: str) -> Sequence[Function]:
    return FUNCTIONS.get(name, ())

"""Set-returning value functions: ``generate_series``.

Each function returns a lazy iterator of values, so ``generate_series(1,
10^9)`` under a ``LIMIT`` costs only the rows read.  Argument checks run when
the function is called (before the first row), with PostgreSQL's messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal

from ..errors import InvalidParameterValue
from .interval import Interval

INT4_MAX = 2**31 - 1
INT4_MIN = -(2**31)
INT8_MAX = 2**63 - 1
INT8_MIN = -(2**63)


def _int_series(start: int, stop: int, step: int, low: int, high: int) -> Iterator[int]:
    if step == 0:
        raise InvalidParameterValue("step size cannot equal zero")
    return _count(start, stop, step, low, high)


def _count(start: int, stop: int, step: int, low: int, high: int) -> Iterator[int]:
    current = start
    while (current <= stop) if step > 0 else (current >= stop):
        yield current
        current += step
        if not low <= current <= high:  # PostgreSQL stops rather than overflow
            return


def int4_series(start: int, stop: int, step: int = 1) -> Iterator[int]:
    return _int_series(start, stop, step, INT4_MIN, INT4_MAX)


def int8_series(start: int, stop: int, step: int = 1) -> Iterator[int]:
    return _int_series(start, stop, step, INT8_MIN, INT8_MAX)


def _finite(value: Decimal, what: str) -> None:
    if value.is_nan():
        raise InvalidParameterValue(f"{what} cannot be NaN")
    if value.is_infinite():
        raise InvalidParameterValue(f"{what} cannot be infinity")


def numeric_series(start: Decimal, stop: Decimal, step: Decimal = Decimal(1)) -> Iterator[Decimal]:
    """Values keep the scale of ``start``, then of ``start + k*step`` (as PostgreSQL's add_var)."""
    _finite(start, "start value")
    _finite(stop, "stop value")
    _finite(step, "step size")
    if step == 0:
        raise InvalidParameterValue("step size cannot equal zero")
    return _numeric_count(start, stop, step)


def _numeric_count(start: Decimal, stop: Decimal, step: Decimal) -> Iterator[Decimal]:
    current = start
    while (current <= stop) if step > 0 else (current >= stop):
        yield current
        current = current + step


def timestamp_series(add: Callable[[datetime, Interval], datetime]) -> Callable[..., Iterator[datetime]]:
    """The series function for a timestamp kind, given that kind's ``+ interval``."""

    def series(start: datetime, stop: datetime, step: Interval) -> Iterator[datetime]:
        zero = Interval(0, 0, 0)
        if step == zero:
            raise InvalidParameterValue("step size cannot equal zero")
        return _timestamp_count(start, stop, step, step > zero, add)

    return series


def _timestamp_count(
    start: datetime, stop: datetime, step: Interval, up: bool, add: Callable[[datetime, Interval], datetime]
) -> Iterator[datetime]:
    current = start
    while (current <= stop) if up else (current >= stop):
        yield current
        current = add(current, step)

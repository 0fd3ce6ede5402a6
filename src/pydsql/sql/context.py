"""What compiled code sees while it runs: the execution context of one statement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..session import Session
    from ..txn.transaction import Transaction


class ExecContext:
    """Per-execution state passed to every compiled expression and plan node.

    ``params`` are the bound parameter values ($1 is ``params[0]``), already
    converted to the engine's representation.  ``txn`` is the transaction the
    statement runs in; ``session`` gives access to settings, the clock and
    sequences.  ``outer`` is the stack of outer-reference values (see
    :class:`pydsql.sql.analyze.Scope`), ``cache`` holds what is computed once
    per execution.
    """

    __slots__ = ("txn", "params", "session", "outer", "cache")

    def __init__(self, txn: Transaction, params: tuple[Any, ...], session: Session) -> None:
        self.txn = txn
        self.params = params
        self.session = session
        #: values of enclosing rows for correlated subqueries and LATERAL (innermost last)
        self.outer: list[tuple[Any, ...]] = []
        #: per-execution results: uncorrelated subqueries, materialized CTEs
        self.cache: dict[Any, Any] = {}

"""What compiled code sees while it runs: the execution context of one statement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..txn.transaction import StatementStart

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

    ``reads`` is set for a statement that reads after it has written (see
    :meth:`at_statement_start`): the context its reads run in.
    """

    __slots__ = ("txn", "params", "session", "outer", "cache", "reads")

    def __init__(self, txn: Transaction, params: tuple[Any, ...], session: Session) -> None:
        self.txn = txn
        self.params = params
        self.session = session
        #: values of enclosing rows for correlated subqueries and LATERAL (innermost last)
        self.outer: list[tuple[Any, ...]] = []
        #: per-execution results: uncorrelated subqueries, materialized CTEs
        self.cache: dict[Any, Any] = {}
        #: the context of the statement's reads when it is not this one (see at_statement_start)
        self.reads: ExecContext | None = None

    def at_statement_start(self) -> ExecContext:
        """The context in which the statement reads the database as of its start.

        PostgreSQL reads the whole statement from one snapshot: the subqueries
        of a data-modifying statement (RETURNING, SET...) and its WITH queries
        do not see its own writes.  Called when the statement starts (before
        its first write), for statements that read after writing; the context
        returned shares everything with this one but its transaction, a
        read-only :class:`~pydsql.txn.transaction.StatementStart` view
        (writes still go to the transaction through it)."""
        reads = self.reads
        if reads is None:
            reads = self.reads = ExecContext(StatementStart(self.txn), self.params, self.session)
            reads.outer = self.outer
            reads.cache = self.cache
        return reads

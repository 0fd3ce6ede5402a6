"""The PEP 249 exception hierarchy and one class per PostgreSQL SQLSTATE.

Every error pydsql raises is an instance of :class:`Error`.  Errors that come
from the database carry ``sqlstate`` (psycopg 3's name), ``pgcode`` (psycopg
2's name) and ``diag`` (primary message, detail, hint); ``str(err)`` is the
primary message, exactly as PostgreSQL or DSQL words it.

The classes below the PEP 249 ones are named after PostgreSQL's condition
names (``serialization_failure`` -> :class:`SerializationFailure`), like
psycopg's ``psycopg.errors``, so retry code written for psycopg reads the
same.  Each derives from the PEP 249 class for its SQLSTATE class
(``22`` data exception -> :class:`DataError`, ``40`` -> :class:`OperationalError`
...).  :func:`lookup` maps a SQLSTATE to its class; :func:`error` builds an
instance for any SQLSTATE, falling back to the class of the SQLSTATE's first
two characters.

The SQLSTATE table is PostgreSQL 16's ``src/backend/utils/errcodes.txt``.
"""

from __future__ import annotations

from typing import Any


class Warning(Exception):  # noqa: A001 - PEP 249 name
    """PEP 249 ``Warning``: important warnings such as data truncation."""

    __module__ = "pydsql"


class Diagnostic:
    """The fields of a server error report (psycopg's ``Error.diag``)."""

    __slots__ = ("sqlstate", "message_primary", "message_detail", "message_hint", "statement_position")

    def __init__(
        self,
        sqlstate: str | None,
        message_primary: str,
        message_detail: str | None = None,
        message_hint: str | None = None,
        statement_position: int | None = None,
    ) -> None:
        self.sqlstate = sqlstate
        self.message_primary = message_primary
        self.message_detail = message_detail
        self.message_hint = message_hint
        self.statement_position = statement_position

    @property
    def severity(self) -> str:
        return "ERROR"

    def __repr__(self) -> str:
        return f"<Diagnostic {self.sqlstate} {self.message_primary!r}>"


class Error(Exception):
    """PEP 249 ``Error``: the base class of every error pydsql raises.

    ``detail`` and ``hint`` are PostgreSQL's DETAIL and HINT fields; they are
    available from :attr:`diag` and are not part of ``str(err)``.
    """

    __module__ = "pydsql"

    #: The SQLSTATE of the error (``None`` for interface errors).
    sqlstate: str | None = None
    #: The SQL text that raised it, as the application passed it to ``execute``
    #: (``"COMMIT"`` for ``connection.commit()``); None when not raised by a statement.
    statement: str | None = None
    #: The parameters passed with :attr:`statement` (None when there were none).
    params: Any = None

    def __init__(
        self,
        message: str = "",
        *,
        detail: str | None = None,
        hint: str | None = None,
        sqlstate: str | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        if sqlstate is not None:
            self.sqlstate = sqlstate

    @property
    def pgcode(self) -> str | None:
        """psycopg2's name for :attr:`sqlstate`."""
        return self.sqlstate

    @property
    def pgerror(self) -> str:
        """psycopg2's full error text: severity, message and detail."""
        text = f"ERROR:  {self.message}"
        if self.detail:
            text += f"\nDETAIL:  {self.detail}"
        if self.hint:
            text += f"\nHINT:  {self.hint}"
        return text

    @property
    def diag(self) -> Diagnostic:
        return Diagnostic(self.sqlstate, self.message, self.detail, self.hint, self.position)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (type(self), self.message, self.detail, self.hint, self.sqlstate, self.position),
        )


def _rebuild(
    cls: type[Error], message: str, detail: str | None, hint: str | None, sqlstate: str | None, position: int | None
) -> Error:
    return cls(message, detail=detail, hint=hint, sqlstate=sqlstate, position=position)


class InterfaceError(Error):
    """PEP 249: an error of the driver interface rather than the database."""

    __module__ = "pydsql"


class DatabaseError(Error):
    """PEP 249: an error reported by the database."""

    __module__ = "pydsql"


class DataError(DatabaseError):
    """PEP 249: bad data (division by zero, value out of range...)."""

    __module__ = "pydsql"


class OperationalError(DatabaseError):
    """PEP 249: the database's operation failed (conflicts, quotas, lost connection...)."""

    __module__ = "pydsql"


class IntegrityError(DatabaseError):
    """PEP 249: a constraint was violated."""

    __module__ = "pydsql"


class InternalError(DatabaseError):
    """PEP 249: the database is in an unexpected state (e.g. an aborted transaction)."""

    __module__ = "pydsql"


class ProgrammingError(DatabaseError):
    """PEP 249: a mistake in the SQL or in the use of the API."""

    __module__ = "pydsql"


class NotSupportedError(DatabaseError):
    """PEP 249: a feature the database does not support (SQLSTATE class 0A)."""

    __module__ = "pydsql"


_BASE_BY_CLASS: dict[str, type[DatabaseError]] = {
    "08": OperationalError, "0A": NotSupportedError, "10": ProgrammingError,
    "20": ProgrammingError, "21": ProgrammingError, "22": DataError,
    "23": IntegrityError, "24": InternalError, "25": InternalError,
    "26": ProgrammingError, "27": OperationalError, "28": OperationalError,
    "2B": InternalError, "2D": InternalError, "2F": OperationalError,
    "34": ProgrammingError, "38": OperationalError, "39": OperationalError,
    "3B": OperationalError, "3D": ProgrammingError, "3F": ProgrammingError,
    "40": OperationalError, "42": ProgrammingError, "44": ProgrammingError,
    "53": OperationalError, "54": OperationalError, "55": OperationalError,
    "57": OperationalError, "58": OperationalError, "F0": OperationalError,
    "HV": OperationalError, "P0": ProgrammingError, "XX": InternalError,
}

_BY_SQLSTATE: dict[str, type[DatabaseError]] = {}


def lookup(sqlstate: str) -> type[DatabaseError]:
    """The exception class for ``sqlstate`` (as ``psycopg.errors.lookup``).

    Raises ``KeyError`` for a SQLSTATE PostgreSQL does not define.
    """
    return _BY_SQLSTATE[sqlstate.upper()]


def error(sqlstate: str, message: str, *, detail: str | None = None, hint: str | None = None) -> DatabaseError:
    """An exception instance for any SQLSTATE, with the most specific class known."""
    cls = _BY_SQLSTATE.get(sqlstate) or _BASE_BY_CLASS.get(sqlstate[:2]) or DatabaseError
    return cls(message, detail=detail, hint=hint, sqlstate=sqlstate)


def _register(code: str, cls: type[DatabaseError]) -> None:
    cls.sqlstate = code
    _BY_SQLSTATE[code] = cls


# ---------------------------------------------------------------------------
# One class per SQLSTATE (PostgreSQL 16 errcodes.txt).  Generated; edit the
# table, not the pattern.
# ---------------------------------------------------------------------------

class NoData(DatabaseError):
    __module__ = "pydsql.errors"


class NoAdditionalDynamicResultSetsReturned(DatabaseError):
    __module__ = "pydsql.errors"


class SqlStatementNotYetComplete(DatabaseError):
    __module__ = "pydsql.errors"


class ConnectionException(OperationalError):
    __module__ = "pydsql.errors"


class SqlclientUnableToEstablishSqlconnection(OperationalError):
    __module__ = "pydsql.errors"


class ConnectionDoesNotExist(OperationalError):
    __module__ = "pydsql.errors"


class SqlserverRejectedEstablishmentOfSqlconnection(OperationalError):
    __module__ = "pydsql.errors"


class ConnectionFailure(OperationalError):
    __module__ = "pydsql.errors"


class TransactionResolutionUnknown(OperationalError):
    __module__ = "pydsql.errors"


class ProtocolViolation(OperationalError):
    __module__ = "pydsql.errors"


class TriggeredActionException(DatabaseError):
    __module__ = "pydsql.errors"


class FeatureNotSupported(NotSupportedError):
    __module__ = "pydsql.errors"


class InvalidTransactionInitiation(DatabaseError):
    __module__ = "pydsql.errors"


class LocatorException(DatabaseError):
    __module__ = "pydsql.errors"


class InvalidLocatorSpecification(DatabaseError):
    __module__ = "pydsql.errors"


class InvalidGrantor(DatabaseError):
    __module__ = "pydsql.errors"


class InvalidGrantOperation(DatabaseError):
    __module__ = "pydsql.errors"


class InvalidRoleSpecification(DatabaseError):
    __module__ = "pydsql.errors"


class DiagnosticsException(DatabaseError):
    __module__ = "pydsql.errors"


class StackedDiagnosticsAccessedWithoutActiveHandler(DatabaseError):
    __module__ = "pydsql.errors"


class InvalidArgumentForXquery(ProgrammingError):
    __module__ = "pydsql.errors"


class CaseNotFound(ProgrammingError):
    __module__ = "pydsql.errors"


class CardinalityViolation(ProgrammingError):
    __module__ = "pydsql.errors"


class DataException(DataError):
    __module__ = "pydsql.errors"


class StringDataRightTruncation(DataError):
    __module__ = "pydsql.errors"


class NullValueNoIndicatorParameter(DataError):
    __module__ = "pydsql.errors"


class NumericValueOutOfRange(DataError):
    __module__ = "pydsql.errors"


class NullValueNotAllowed(DataError):
    __module__ = "pydsql.errors"


class ErrorInAssignment(DataError):
    __module__ = "pydsql.errors"


class InvalidDatetimeFormat(DataError):
    __module__ = "pydsql.errors"


class DatetimeFieldOverflow(DataError):
    __module__ = "pydsql.errors"


class InvalidTimeZoneDisplacementValue(DataError):
    __module__ = "pydsql.errors"


class EscapeCharacterConflict(DataError):
    __module__ = "pydsql.errors"


class InvalidUseOfEscapeCharacter(DataError):
    __module__ = "pydsql.errors"


class InvalidEscapeOctet(DataError):
    __module__ = "pydsql.errors"


class ZeroLengthCharacterString(DataError):
    __module__ = "pydsql.errors"


class MostSpecificTypeMismatch(DataError):
    __module__ = "pydsql.errors"


class SequenceGeneratorLimitExceeded(DataError):
    __module__ = "pydsql.errors"


class NotAnXmlDocument(DataError):
    __module__ = "pydsql.errors"


class InvalidXmlDocument(DataError):
    __module__ = "pydsql.errors"


class InvalidXmlContent(DataError):
    __module__ = "pydsql.errors"


class InvalidXmlComment(DataError):
    __module__ = "pydsql.errors"


class InvalidXmlProcessingInstruction(DataError):
    __module__ = "pydsql.errors"


class InvalidIndicatorParameterValue(DataError):
    __module__ = "pydsql.errors"


class SubstringError(DataError):
    __module__ = "pydsql.errors"


class DivisionByZero(DataError):
    __module__ = "pydsql.errors"


class InvalidPrecedingOrFollowingSize(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForNtileFunction(DataError):
    __module__ = "pydsql.errors"


class IntervalFieldOverflow(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForNthValueFunction(DataError):
    __module__ = "pydsql.errors"


class InvalidCharacterValueForCast(DataError):
    __module__ = "pydsql.errors"


class InvalidEscapeCharacter(DataError):
    __module__ = "pydsql.errors"


class InvalidRegularExpression(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForLogarithm(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForPowerFunction(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForWidthBucketFunction(DataError):
    __module__ = "pydsql.errors"


class InvalidRowCountInLimitClause(DataError):
    __module__ = "pydsql.errors"


class InvalidRowCountInResultOffsetClause(DataError):
    __module__ = "pydsql.errors"


class CharacterNotInRepertoire(DataError):
    __module__ = "pydsql.errors"


class IndicatorOverflow(DataError):
    __module__ = "pydsql.errors"


class InvalidParameterValue(DataError):
    __module__ = "pydsql.errors"


class UnterminatedCString(DataError):
    __module__ = "pydsql.errors"


class InvalidEscapeSequence(DataError):
    __module__ = "pydsql.errors"


class StringDataLengthMismatch(DataError):
    __module__ = "pydsql.errors"


class TrimError(DataError):
    __module__ = "pydsql.errors"


class ArraySubscriptError(DataError):
    __module__ = "pydsql.errors"


class InvalidTablesampleRepeat(DataError):
    __module__ = "pydsql.errors"


class InvalidTablesampleArgument(DataError):
    __module__ = "pydsql.errors"


class DuplicateJsonObjectKeyValue(DataError):
    __module__ = "pydsql.errors"


class InvalidArgumentForSqlJsonDatetimeFunction(DataError):
    __module__ = "pydsql.errors"


class InvalidJsonText(DataError):
    __module__ = "pydsql.errors"


class InvalidSqlJsonSubscript(DataError):
    __module__ = "pydsql.errors"


class MoreThanOneSqlJsonItem(DataError):
    __module__ = "pydsql.errors"


class NoSqlJsonItem(DataError):
    __module__ = "pydsql.errors"


class NonNumericSqlJsonItem(DataError):
    __module__ = "pydsql.errors"


class NonUniqueKeysInAJsonObject(DataError):
    __module__ = "pydsql.errors"


class SingletonSqlJsonItemRequired(DataError):
    __module__ = "pydsql.errors"


class SqlJsonArrayNotFound(DataError):
    __module__ = "pydsql.errors"


class SqlJsonMemberNotFound(DataError):
    __module__ = "pydsql.errors"


class SqlJsonNumberNotFound(DataError):
    __module__ = "pydsql.errors"


class SqlJsonObjectNotFound(DataError):
    __module__ = "pydsql.errors"


class TooManyJsonArrayElements(DataError):
    __module__ = "pydsql.errors"


class TooManyJsonObjectMembers(DataError):
    __module__ = "pydsql.errors"


class SqlJsonScalarRequired(DataError):
    __module__ = "pydsql.errors"


class SqlJsonItemCannotBeCastToTargetType(DataError):
    __module__ = "pydsql.errors"


class FloatingPointException(DataError):
    __module__ = "pydsql.errors"


class InvalidTextRepresentation(DataError):
    __module__ = "pydsql.errors"


class InvalidBinaryRepresentation(DataError):
    __module__ = "pydsql.errors"


class BadCopyFileFormat(DataError):
    __module__ = "pydsql.errors"


class UntranslatableCharacter(DataError):
    __module__ = "pydsql.errors"


class NonstandardUseOfEscapeCharacter(DataError):
    __module__ = "pydsql.errors"


class IntegrityConstraintViolation(IntegrityError):
    __module__ = "pydsql.errors"


class RestrictViolation(IntegrityError):
    __module__ = "pydsql.errors"


class NotNullViolation(IntegrityError):
    __module__ = "pydsql.errors"


class ForeignKeyViolation(IntegrityError):
    __module__ = "pydsql.errors"


class UniqueViolation(IntegrityError):
    __module__ = "pydsql.errors"


class CheckViolation(IntegrityError):
    __module__ = "pydsql.errors"


class ExclusionViolation(IntegrityError):
    __module__ = "pydsql.errors"


class InvalidCursorState(InternalError):
    __module__ = "pydsql.errors"


class InvalidTransactionState(InternalError):
    __module__ = "pydsql.errors"


class ActiveSqlTransaction(InternalError):
    __module__ = "pydsql.errors"


class BranchTransactionAlreadyActive(InternalError):
    __module__ = "pydsql.errors"


class InappropriateAccessModeForBranchTransaction(InternalError):
    __module__ = "pydsql.errors"


class InappropriateIsolationLevelForBranchTransaction(InternalError):
    __module__ = "pydsql.errors"


class NoActiveSqlTransactionForBranchTransaction(InternalError):
    __module__ = "pydsql.errors"


class ReadOnlySqlTransaction(InternalError):
    __module__ = "pydsql.errors"


class SchemaAndDataStatementMixingNotSupported(InternalError):
    __module__ = "pydsql.errors"


class HeldCursorRequiresSameIsolationLevel(InternalError):
    __module__ = "pydsql.errors"


class NoActiveSqlTransaction(InternalError):
    __module__ = "pydsql.errors"


class InFailedSqlTransaction(InternalError):
    __module__ = "pydsql.errors"


class IdleInTransactionSessionTimeout(InternalError):
    __module__ = "pydsql.errors"


class TransactionTimeout(InternalError):
    __module__ = "pydsql.errors"


class InvalidSqlStatementName(ProgrammingError):
    __module__ = "pydsql.errors"


class TriggeredDataChangeViolation(OperationalError):
    __module__ = "pydsql.errors"


class InvalidAuthorizationSpecification(OperationalError):
    __module__ = "pydsql.errors"


class InvalidPassword(OperationalError):
    __module__ = "pydsql.errors"


class DependentPrivilegeDescriptorsStillExist(InternalError):
    __module__ = "pydsql.errors"


class DependentObjectsStillExist(InternalError):
    __module__ = "pydsql.errors"


class InvalidTransactionTermination(InternalError):
    __module__ = "pydsql.errors"


class SqlRoutineException(OperationalError):
    __module__ = "pydsql.errors"


class ModifyingSqlDataNotPermitted(OperationalError):
    __module__ = "pydsql.errors"


class ProhibitedSqlStatementAttempted(OperationalError):
    __module__ = "pydsql.errors"


class ReadingSqlDataNotPermitted(OperationalError):
    __module__ = "pydsql.errors"


class FunctionExecutedNoReturnStatement(OperationalError):
    __module__ = "pydsql.errors"


class InvalidCursorName(ProgrammingError):
    __module__ = "pydsql.errors"


class ExternalRoutineException(OperationalError):
    __module__ = "pydsql.errors"


class ContainingSqlNotPermitted(OperationalError):
    __module__ = "pydsql.errors"


class ModifyingSqlDataNotPermittedExt(OperationalError):
    __module__ = "pydsql.errors"


class ProhibitedSqlStatementAttemptedExt(OperationalError):
    __module__ = "pydsql.errors"


class ReadingSqlDataNotPermittedExt(OperationalError):
    __module__ = "pydsql.errors"


class ExternalRoutineInvocationException(OperationalError):
    __module__ = "pydsql.errors"


class InvalidSqlstateReturned(OperationalError):
    __module__ = "pydsql.errors"


class NullValueNotAllowedExt(OperationalError):
    __module__ = "pydsql.errors"


class TriggerProtocolViolated(OperationalError):
    __module__ = "pydsql.errors"


class SrfProtocolViolated(OperationalError):
    __module__ = "pydsql.errors"


class EventTriggerProtocolViolated(OperationalError):
    __module__ = "pydsql.errors"


class SavepointException(OperationalError):
    __module__ = "pydsql.errors"


class InvalidSavepointSpecification(OperationalError):
    __module__ = "pydsql.errors"


class InvalidCatalogName(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidSchemaName(ProgrammingError):
    __module__ = "pydsql.errors"


class TransactionRollback(OperationalError):
    __module__ = "pydsql.errors"


class SerializationFailure(OperationalError):
    __module__ = "pydsql.errors"


class TransactionIntegrityConstraintViolation(OperationalError):
    __module__ = "pydsql.errors"


class StatementCompletionUnknown(OperationalError):
    __module__ = "pydsql.errors"


class DeadlockDetected(OperationalError):
    __module__ = "pydsql.errors"


class SyntaxErrorOrAccessRuleViolation(ProgrammingError):
    __module__ = "pydsql.errors"


class InsufficientPrivilege(ProgrammingError):
    __module__ = "pydsql.errors"


class SyntaxError(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidName(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidColumnDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class NameTooLong(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateColumn(ProgrammingError):
    __module__ = "pydsql.errors"


class AmbiguousColumn(ProgrammingError):
    __module__ = "pydsql.errors"


class UndefinedColumn(ProgrammingError):
    __module__ = "pydsql.errors"


class UndefinedObject(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateObject(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateAlias(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateFunction(ProgrammingError):
    __module__ = "pydsql.errors"


class AmbiguousFunction(ProgrammingError):
    __module__ = "pydsql.errors"


class GroupingError(ProgrammingError):
    __module__ = "pydsql.errors"


class DatatypeMismatch(ProgrammingError):
    __module__ = "pydsql.errors"


class WrongObjectType(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidForeignKey(ProgrammingError):
    __module__ = "pydsql.errors"


class CannotCoerce(ProgrammingError):
    __module__ = "pydsql.errors"


class UndefinedFunction(ProgrammingError):
    __module__ = "pydsql.errors"


class GeneratedAlways(ProgrammingError):
    __module__ = "pydsql.errors"


class ReservedName(ProgrammingError):
    __module__ = "pydsql.errors"


class UndefinedTable(ProgrammingError):
    __module__ = "pydsql.errors"


class UndefinedParameter(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateCursor(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateDatabase(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicatePreparedStatement(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateSchema(ProgrammingError):
    __module__ = "pydsql.errors"


class DuplicateTable(ProgrammingError):
    __module__ = "pydsql.errors"


class AmbiguousParameter(ProgrammingError):
    __module__ = "pydsql.errors"


class AmbiguousAlias(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidColumnReference(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidCursorDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidDatabaseDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidFunctionDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidPreparedStatementDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidSchemaDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidTableDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidObjectDefinition(ProgrammingError):
    __module__ = "pydsql.errors"


class IndeterminateDatatype(ProgrammingError):
    __module__ = "pydsql.errors"


class InvalidRecursion(ProgrammingError):
    __module__ = "pydsql.errors"


class WindowingError(ProgrammingError):
    __module__ = "pydsql.errors"


class CollationMismatch(ProgrammingError):
    __module__ = "pydsql.errors"


class IndeterminateCollation(ProgrammingError):
    __module__ = "pydsql.errors"


class WithCheckOptionViolation(ProgrammingError):
    __module__ = "pydsql.errors"


class InsufficientResources(OperationalError):
    __module__ = "pydsql.errors"


class DiskFull(OperationalError):
    __module__ = "pydsql.errors"


class OutOfMemory(OperationalError):
    __module__ = "pydsql.errors"


class TooManyConnections(OperationalError):
    __module__ = "pydsql.errors"


class ConfigurationLimitExceeded(OperationalError):
    __module__ = "pydsql.errors"


class ProgramLimitExceeded(OperationalError):
    __module__ = "pydsql.errors"


class StatementTooComplex(OperationalError):
    __module__ = "pydsql.errors"


class TooManyColumns(OperationalError):
    __module__ = "pydsql.errors"


class TooManyArguments(OperationalError):
    __module__ = "pydsql.errors"


class ObjectNotInPrerequisiteState(OperationalError):
    __module__ = "pydsql.errors"


class ObjectInUse(OperationalError):
    __module__ = "pydsql.errors"


class CantChangeRuntimeParam(OperationalError):
    __module__ = "pydsql.errors"


class LockNotAvailable(OperationalError):
    __module__ = "pydsql.errors"


class UnsafeNewEnumValueUsage(OperationalError):
    __module__ = "pydsql.errors"


class OperatorIntervention(OperationalError):
    __module__ = "pydsql.errors"


class QueryCanceled(OperationalError):
    __module__ = "pydsql.errors"


class AdminShutdown(OperationalError):
    __module__ = "pydsql.errors"


class CrashShutdown(OperationalError):
    __module__ = "pydsql.errors"


class CannotConnectNow(OperationalError):
    __module__ = "pydsql.errors"


class DatabaseDropped(OperationalError):
    __module__ = "pydsql.errors"


class IdleSessionTimeout(OperationalError):
    __module__ = "pydsql.errors"


class SystemError(OperationalError):
    __module__ = "pydsql.errors"


class IoError(OperationalError):
    __module__ = "pydsql.errors"


class UndefinedFile(OperationalError):
    __module__ = "pydsql.errors"


class DuplicateFile(OperationalError):
    __module__ = "pydsql.errors"


class FileNameTooLong(OperationalError):
    __module__ = "pydsql.errors"


class SnapshotTooOld(DatabaseError):
    __module__ = "pydsql.errors"


class ConfigFileError(OperationalError):
    __module__ = "pydsql.errors"


class LockFileExists(OperationalError):
    __module__ = "pydsql.errors"


class FdwError(OperationalError):
    __module__ = "pydsql.errors"


class FdwOutOfMemory(OperationalError):
    __module__ = "pydsql.errors"


class FdwDynamicParameterValueNeeded(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidDataType(OperationalError):
    __module__ = "pydsql.errors"


class FdwColumnNameNotFound(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidDataTypeDescriptors(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidColumnName(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidColumnNumber(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidUseOfNullPointer(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidStringFormat(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidHandle(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidOptionIndex(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidOptionName(OperationalError):
    __module__ = "pydsql.errors"


class FdwOptionNameNotFound(OperationalError):
    __module__ = "pydsql.errors"


class FdwReplyHandle(OperationalError):
    __module__ = "pydsql.errors"


class FdwUnableToCreateExecution(OperationalError):
    __module__ = "pydsql.errors"


class FdwUnableToCreateReply(OperationalError):
    __module__ = "pydsql.errors"


class FdwUnableToEstablishConnection(OperationalError):
    __module__ = "pydsql.errors"


class FdwNoSchemas(OperationalError):
    __module__ = "pydsql.errors"


class FdwSchemaNotFound(OperationalError):
    __module__ = "pydsql.errors"


class FdwTableNotFound(OperationalError):
    __module__ = "pydsql.errors"


class FdwFunctionSequenceError(OperationalError):
    __module__ = "pydsql.errors"


class FdwTooManyHandles(OperationalError):
    __module__ = "pydsql.errors"


class FdwInconsistentDescriptorInformation(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidAttributeValue(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidStringLengthOrBufferLength(OperationalError):
    __module__ = "pydsql.errors"


class FdwInvalidDescriptorFieldIdentifier(OperationalError):
    __module__ = "pydsql.errors"


class PlpgsqlError(ProgrammingError):
    __module__ = "pydsql.errors"


class RaiseException(ProgrammingError):
    __module__ = "pydsql.errors"


class NoDataFound(ProgrammingError):
    __module__ = "pydsql.errors"


class TooManyRows(ProgrammingError):
    __module__ = "pydsql.errors"


class AssertFailure(ProgrammingError):
    __module__ = "pydsql.errors"


class InternalError_(InternalError):
    __module__ = "pydsql.errors"


class DataCorrupted(InternalError):
    __module__ = "pydsql.errors"


class IndexCorrupted(InternalError):
    __module__ = "pydsql.errors"


for _code, _cls in (
    ('02000', NoData),
    ('02001', NoAdditionalDynamicResultSetsReturned),
    ('03000', SqlStatementNotYetComplete),
    ('08000', ConnectionException),
    ('08001', SqlclientUnableToEstablishSqlconnection),
    ('08003', ConnectionDoesNotExist),
    ('08004', SqlserverRejectedEstablishmentOfSqlconnection),
    ('08006', ConnectionFailure),
    ('08007', TransactionResolutionUnknown),
    ('08P01', ProtocolViolation),
    ('09000', TriggeredActionException),
    ('0A000', FeatureNotSupported),
    ('0B000', InvalidTransactionInitiation),
    ('0F000', LocatorException),
    ('0F001', InvalidLocatorSpecification),
    ('0L000', InvalidGrantor),
    ('0LP01', InvalidGrantOperation),
    ('0P000', InvalidRoleSpecification),
    ('0Z000', DiagnosticsException),
    ('0Z002', StackedDiagnosticsAccessedWithoutActiveHandler),
    ('10608', InvalidArgumentForXquery),
    ('20000', CaseNotFound),
    ('21000', CardinalityViolation),
    ('22000', DataException),
    ('22001', StringDataRightTruncation),
    ('22002', NullValueNoIndicatorParameter),
    ('22003', NumericValueOutOfRange),
    ('22004', NullValueNotAllowed),
    ('22005', ErrorInAssignment),
    ('22007', InvalidDatetimeFormat),
    ('22008', DatetimeFieldOverflow),
    ('22009', InvalidTimeZoneDisplacementValue),
    ('2200B', EscapeCharacterConflict),
    ('2200C', InvalidUseOfEscapeCharacter),
    ('2200D', InvalidEscapeOctet),
    ('2200F', ZeroLengthCharacterString),
    ('2200G', MostSpecificTypeMismatch),
    ('2200H', SequenceGeneratorLimitExceeded),
    ('2200L', NotAnXmlDocument),
    ('2200M', InvalidXmlDocument),
    ('2200N', InvalidXmlContent),
    ('2200S', InvalidXmlComment),
    ('2200T', InvalidXmlProcessingInstruction),
    ('22010', InvalidIndicatorParameterValue),
    ('22011', SubstringError),
    ('22012', DivisionByZero),
    ('22013', InvalidPrecedingOrFollowingSize),
    ('22014', InvalidArgumentForNtileFunction),
    ('22015', IntervalFieldOverflow),
    ('22016', InvalidArgumentForNthValueFunction),
    ('22018', InvalidCharacterValueForCast),
    ('22019', InvalidEscapeCharacter),
    ('2201B', InvalidRegularExpression),
    ('2201E', InvalidArgumentForLogarithm),
    ('2201F', InvalidArgumentForPowerFunction),
    ('2201G', InvalidArgumentForWidthBucketFunction),
    ('2201W', InvalidRowCountInLimitClause),
    ('2201X', InvalidRowCountInResultOffsetClause),
    ('22021', CharacterNotInRepertoire),
    ('22022', IndicatorOverflow),
    ('22023', InvalidParameterValue),
    ('22024', UnterminatedCString),
    ('22025', InvalidEscapeSequence),
    ('22026', StringDataLengthMismatch),
    ('22027', TrimError),
    ('2202E', ArraySubscriptError),
    ('2202G', InvalidTablesampleRepeat),
    ('2202H', InvalidTablesampleArgument),
    ('22030', DuplicateJsonObjectKeyValue),
    ('22031', InvalidArgumentForSqlJsonDatetimeFunction),
    ('22032', InvalidJsonText),
    ('22033', InvalidSqlJsonSubscript),
    ('22034', MoreThanOneSqlJsonItem),
    ('22035', NoSqlJsonItem),
    ('22036', NonNumericSqlJsonItem),
    ('22037', NonUniqueKeysInAJsonObject),
    ('22038', SingletonSqlJsonItemRequired),
    ('22039', SqlJsonArrayNotFound),
    ('2203A', SqlJsonMemberNotFound),
    ('2203B', SqlJsonNumberNotFound),
    ('2203C', SqlJsonObjectNotFound),
    ('2203D', TooManyJsonArrayElements),
    ('2203E', TooManyJsonObjectMembers),
    ('2203F', SqlJsonScalarRequired),
    ('2203G', SqlJsonItemCannotBeCastToTargetType),
    ('22P01', FloatingPointException),
    ('22P02', InvalidTextRepresentation),
    ('22P03', InvalidBinaryRepresentation),
    ('22P04', BadCopyFileFormat),
    ('22P05', UntranslatableCharacter),
    ('22P06', NonstandardUseOfEscapeCharacter),
    ('23000', IntegrityConstraintViolation),
    ('23001', RestrictViolation),
    ('23502', NotNullViolation),
    ('23503', ForeignKeyViolation),
    ('23505', UniqueViolation),
    ('23514', CheckViolation),
    ('23P01', ExclusionViolation),
    ('24000', InvalidCursorState),
    ('25000', InvalidTransactionState),
    ('25001', ActiveSqlTransaction),
    ('25002', BranchTransactionAlreadyActive),
    ('25003', InappropriateAccessModeForBranchTransaction),
    ('25004', InappropriateIsolationLevelForBranchTransaction),
    ('25005', NoActiveSqlTransactionForBranchTransaction),
    ('25006', ReadOnlySqlTransaction),
    ('25007', SchemaAndDataStatementMixingNotSupported),
    ('25008', HeldCursorRequiresSameIsolationLevel),
    ('25P01', NoActiveSqlTransaction),
    ('25P02', InFailedSqlTransaction),
    ('25P03', IdleInTransactionSessionTimeout),
    ('25P04', TransactionTimeout),
    ('26000', InvalidSqlStatementName),
    ('27000', TriggeredDataChangeViolation),
    ('28000', InvalidAuthorizationSpecification),
    ('28P01', InvalidPassword),
    ('2B000', DependentPrivilegeDescriptorsStillExist),
    ('2BP01', DependentObjectsStillExist),
    ('2D000', InvalidTransactionTermination),
    ('2F000', SqlRoutineException),
    ('2F002', ModifyingSqlDataNotPermitted),
    ('2F003', ProhibitedSqlStatementAttempted),
    ('2F004', ReadingSqlDataNotPermitted),
    ('2F005', FunctionExecutedNoReturnStatement),
    ('34000', InvalidCursorName),
    ('38000', ExternalRoutineException),
    ('38001', ContainingSqlNotPermitted),
    ('38002', ModifyingSqlDataNotPermittedExt),
    ('38003', ProhibitedSqlStatementAttemptedExt),
    ('38004', ReadingSqlDataNotPermittedExt),
    ('39000', ExternalRoutineInvocationException),
    ('39001', InvalidSqlstateReturned),
    ('39004', NullValueNotAllowedExt),
    ('39P01', TriggerProtocolViolated),
    ('39P02', SrfProtocolViolated),
    ('39P03', EventTriggerProtocolViolated),
    ('3B000', SavepointException),
    ('3B001', InvalidSavepointSpecification),
    ('3D000', InvalidCatalogName),
    ('3F000', InvalidSchemaName),
    ('40000', TransactionRollback),
    ('40001', SerializationFailure),
    ('40002', TransactionIntegrityConstraintViolation),
    ('40003', StatementCompletionUnknown),
    ('40P01', DeadlockDetected),
    ('42000', SyntaxErrorOrAccessRuleViolation),
    ('42501', InsufficientPrivilege),
    ('42601', SyntaxError),
    ('42602', InvalidName),
    ('42611', InvalidColumnDefinition),
    ('42622', NameTooLong),
    ('42701', DuplicateColumn),
    ('42702', AmbiguousColumn),
    ('42703', UndefinedColumn),
    ('42704', UndefinedObject),
    ('42710', DuplicateObject),
    ('42712', DuplicateAlias),
    ('42723', DuplicateFunction),
    ('42725', AmbiguousFunction),
    ('42803', GroupingError),
    ('42804', DatatypeMismatch),
    ('42809', WrongObjectType),
    ('42830', InvalidForeignKey),
    ('42846', CannotCoerce),
    ('42883', UndefinedFunction),
    ('428C9', GeneratedAlways),
    ('42939', ReservedName),
    ('42P01', UndefinedTable),
    ('42P02', UndefinedParameter),
    ('42P03', DuplicateCursor),
    ('42P04', DuplicateDatabase),
    ('42P05', DuplicatePreparedStatement),
    ('42P06', DuplicateSchema),
    ('42P07', DuplicateTable),
    ('42P08', AmbiguousParameter),
    ('42P09', AmbiguousAlias),
    ('42P10', InvalidColumnReference),
    ('42P11', InvalidCursorDefinition),
    ('42P12', InvalidDatabaseDefinition),
    ('42P13', InvalidFunctionDefinition),
    ('42P14', InvalidPreparedStatementDefinition),
    ('42P15', InvalidSchemaDefinition),
    ('42P16', InvalidTableDefinition),
    ('42P17', InvalidObjectDefinition),
    ('42P18', IndeterminateDatatype),
    ('42P19', InvalidRecursion),
    ('42P20', WindowingError),
    ('42P21', CollationMismatch),
    ('42P22', IndeterminateCollation),
    ('44000', WithCheckOptionViolation),
    ('53000', InsufficientResources),
    ('53100', DiskFull),
    ('53200', OutOfMemory),
    ('53300', TooManyConnections),
    ('53400', ConfigurationLimitExceeded),
    ('54000', ProgramLimitExceeded),
    ('54001', StatementTooComplex),
    ('54011', TooManyColumns),
    ('54023', TooManyArguments),
    ('55000', ObjectNotInPrerequisiteState),
    ('55006', ObjectInUse),
    ('55P02', CantChangeRuntimeParam),
    ('55P03', LockNotAvailable),
    ('55P04', UnsafeNewEnumValueUsage),
    ('57000', OperatorIntervention),
    ('57014', QueryCanceled),
    ('57P01', AdminShutdown),
    ('57P02', CrashShutdown),
    ('57P03', CannotConnectNow),
    ('57P04', DatabaseDropped),
    ('57P05', IdleSessionTimeout),
    ('58000', SystemError),
    ('58030', IoError),
    ('58P01', UndefinedFile),
    ('58P02', DuplicateFile),
    ('58P03', FileNameTooLong),
    ('72000', SnapshotTooOld),
    ('F0000', ConfigFileError),
    ('F0001', LockFileExists),
    ('HV000', FdwError),
    ('HV001', FdwOutOfMemory),
    ('HV002', FdwDynamicParameterValueNeeded),
    ('HV004', FdwInvalidDataType),
    ('HV005', FdwColumnNameNotFound),
    ('HV006', FdwInvalidDataTypeDescriptors),
    ('HV007', FdwInvalidColumnName),
    ('HV008', FdwInvalidColumnNumber),
    ('HV009', FdwInvalidUseOfNullPointer),
    ('HV00A', FdwInvalidStringFormat),
    ('HV00B', FdwInvalidHandle),
    ('HV00C', FdwInvalidOptionIndex),
    ('HV00D', FdwInvalidOptionName),
    ('HV00J', FdwOptionNameNotFound),
    ('HV00K', FdwReplyHandle),
    ('HV00L', FdwUnableToCreateExecution),
    ('HV00M', FdwUnableToCreateReply),
    ('HV00N', FdwUnableToEstablishConnection),
    ('HV00P', FdwNoSchemas),
    ('HV00Q', FdwSchemaNotFound),
    ('HV00R', FdwTableNotFound),
    ('HV010', FdwFunctionSequenceError),
    ('HV014', FdwTooManyHandles),
    ('HV021', FdwInconsistentDescriptorInformation),
    ('HV024', FdwInvalidAttributeValue),
    ('HV090', FdwInvalidStringLengthOrBufferLength),
    ('HV091', FdwInvalidDescriptorFieldIdentifier),
    ('P0000', PlpgsqlError),
    ('P0001', RaiseException),
    ('P0002', NoDataFound),
    ('P0003', TooManyRows),
    ('P0004', AssertFailure),
    ('XX000', InternalError_),
    ('XX001', DataCorrupted),
    ('XX002', IndexCorrupted),
):
    _register(_code, _cls)

del _code, _cls

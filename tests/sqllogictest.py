"""A sqllogictest runner: SQLite's sqllogictest scripts against any DB-API connection.

The corpus lives in ``../shared/corpora/sqllogictest`` (``select1.test`` ...
``select5.test`` and ``evidence/*.test``; see its README.md).  This module is
a library used by ``tests/test_sqllogictest.py`` and a command line tool::

    .venv/bin/python tests/sqllogictest.py                        # pydsql, every file, summary
    .venv/bin/python tests/sqllogictest.py --engine postgresql    # the same on PostgreSQL 16 (pgserver)
    .venv/bin/python tests/sqllogictest.py select1.test -v        # one file, every failure listed
    .venv/bin/python tests/sqllogictest.py --record-expectations  # rewrite tests/sqllogictest_expected.json

Format and rules (those of D. R. Hipp's C harness ``sqllogictest.c``, which
this follows):

* Lines starting with ``#`` are removed before anything else (they do not
  separate records); a trailing ``\\r`` is removed from every line.  Records are
  separated by blank lines.
* ``statement ok`` / ``statement error``: the SQL is every following line up
  to the blank line; it must succeed / fail.
* ``query <types> [<sort>] [<label>]``: the SQL runs up to a ``----`` line,
  then the expected values follow, one per line.  No ``----`` means the query
  must return no rows.  ``<types>`` is one of ``T``, ``I``, ``R`` per column
  and the query must return exactly that many columns.
* Values are rendered as the harness renders them: ``NULL``; ``I`` as
  ``printf("%d")`` (fractions truncated toward zero, booleans 1/0, text by its
  leading number, like ``sqlite3_column_int``); ``R`` as ``printf("%.3f")``;
  ``T`` as text with ``(empty)`` for the empty string and every byte outside
  ``' '..'~'`` replaced by ``@``.
* ``nosort`` (default) keeps the order; ``rowsort`` sorts rows comparing the
  rendered strings column by column with ``strcmp``; ``valuesort`` sorts all
  values independently.
* ``hash-threshold N`` (default 8; 0 disables): a result with more than N
  values is compared as the single line ``<n> values hashing to <md5>``, the
  MD5 of every value followed by ``\\n``.  Otherwise the values must match one
  for one and their number must be right (the 2024 harness checks the row
  count too).  A query with a label is always hashed and must agree with the
  first query that ran with the same label.
* ``skipif <engine>`` / ``onlyif <engine>`` lines before a record: the engine
  name is ``postgresql`` (compared case-insensitively); skipped records are
  not run.  ``halt`` stops the file.

Every file runs on a fresh, empty database, on one connection, with
autocommit, record by record.

pydsql specifics (see ``docs/testing-corpora.md``): the corpus runs with
``autocommit=True``, so DSQL's "one DDL per transaction, no DDL with DML"
rule never applies.  DSQL has no synchronous ``CREATE INDEX`` (it answers
0A000 and asks for ``CREATE INDEX ASYNC``): :func:`pydsql_target` rewrites
the corpus's ``CREATE [UNIQUE] INDEX`` to ``CREATE [UNIQUE] INDEX ASYNC``
(dropping ``ASC``/``DESC`` key orders, which DSQL refuses and which change no
result; pydsql runs a job before the next transaction, so the next record
already sees the finished index) if pydsql accepts that (probed once per
process), and otherwise skips those
records and counts them apart, as "index statements skipped (DSQL has no
synchronous CREATE INDEX)".  Indexes never change query results, so skipping
them loses no result checks; statements that need the index to exist (``DROP
INDEX``, ``REINDEX``) then fail and are recorded as expected failures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import math
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent
CORPUS = TESTS_DIR.parent.parent / "shared" / "corpora" / "sqllogictest"
EXPECTATIONS = TESTS_DIR / "sqllogictest_expected.json"

#: The engine name that ``skipif`` / ``onlyif`` lines are matched against.
ENGINE = "postgresql"
#: The harness's hash threshold until a ``hash-threshold`` record changes it.
DEFAULT_HASH_THRESHOLD = 8

SELECT_FILES = tuple(f"select{i}.test" for i in range(1, 6))

#: Outcome statuses.
PASS = "pass"
FAIL = "fail"
SKIP = "skip"
#: Skip categories.
SKIP_DIRECTIVE = "directive"  # skipif/onlyif: the record is not meant for PostgreSQL
SKIP_INDEX = "index"  # CREATE INDEX on pydsql while it has no CREATE INDEX ASYNC

SKIP_CATEGORY_TITLES = {
    SKIP_DIRECTIVE: "skipped by skipif/onlyif",
    SKIP_INDEX: "index statements skipped (DSQL has no synchronous CREATE INDEX)",
}


class CorpusMissing(RuntimeError):
    """The sqllogictest corpus is not where it should be (a loud failure, never a skip)."""


def corpus_files(corpus: Path = CORPUS) -> list[str]:
    """The corpus files, relative to ``corpus`` (``select1.test`` ... ``evidence/update.test``).

    Raises :class:`CorpusMissing` if a select file or the evidence folder is missing.
    """
    missing = [name for name in SELECT_FILES if not (corpus / name).is_file()]
    evidence = sorted(p.name for p in (corpus / "evidence").glob("*.test")) if (corpus / "evidence").is_dir() else []
    if missing or not evidence:
        raise CorpusMissing(
            f"sqllogictest corpus not found or incomplete at {corpus} "
            f"(missing: {', '.join(missing + ([] if evidence else ['evidence/*.test']))})"
        )
    return list(SELECT_FILES) + [f"evidence/{name}" for name in evidence]


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One record of a script.

    ``kind`` is ``statement``, ``query``, ``hash-threshold``, ``halt`` or
    ``unknown``; ``line`` is the 1-based line of the record's keyword line (the
    line the C harness reports), ``conditions`` the ``skipif``/``onlyif``
    lines in front of it.
    """

    kind: str
    line: int
    header: str
    conditions: tuple[tuple[str, str], ...] = ()
    sql: str = ""
    expect_error: bool = False  # statement error
    types: str = ""  # query
    sort: str = "nosort"  # query
    label: str = ""  # query
    expected: tuple[str, ...] = ()  # query: the lines after ----
    threshold: int = 0  # hash-threshold
    problem: str = ""  # malformed header: the reason the record fails

    def applies_to(self, engine: str = ENGINE) -> bool:
        """False if a ``skipif``/``onlyif`` line keeps the record from running on ``engine``."""
        return self.skip_directive(engine) is None

    def skip_directive(self, engine: str = ENGINE) -> str | None:
        """The ``skipif``/``onlyif`` line that skips this record on ``engine`` (None: it runs)."""
        for directive, name in self.conditions:
            match = name.lower() == engine.lower()
            if (directive == "skipif" and match) or (directive == "onlyif" and not match):
                return f"{directive} {name}"
        return None


def _split_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every non-comment line, ``\\r`` removed."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if line.startswith("#"):
            continue
        out.append((number, line))
    return out


def parse(text: str) -> list[Record]:
    """Parse a sqllogictest script into records (comments and blank lines removed)."""
    lines = _split_lines(text)
    records: list[Record] = []
    i, n = 0, len(lines)
    while i < n:
        # Skip blank lines to the start of the next record.
        while i < n and lines[i][1] == "":
            i += 1
        if i >= n:
            break
        # The record: every line up to the next blank line.
        start = i
        while i < n and lines[i][1] != "":
            i += 1
        block = lines[start:i]
        records.append(_parse_record(block))
    return records


def _parse_record(block: list[tuple[int, str]]) -> Record:
    conditions: list[tuple[str, str]] = []
    k = 0
    while k < len(block):
        tokens = block[k][1].split()
        if tokens and tokens[0] in ("skipif", "onlyif"):
            conditions.append((tokens[0], tokens[1] if len(tokens) > 1 else ""))
            k += 1
            continue
        break
    if k >= len(block):  # only conditions: nothing to run
        line, header = block[-1]
        return Record("unknown", line, header, tuple(conditions), problem="record without a body")
    line, header = block[k]
    tokens = header.split()
    body = [text for _, text in block[k + 1:]]
    conds = tuple(conditions)
    keyword = tokens[0] if tokens else ""
    if keyword == "statement":
        mode = tokens[1] if len(tokens) > 1 else ""
        problem = "" if mode in ("ok", "error") else "statement argument should be 'ok' or 'error'"
        return Record("statement", line, header, conds, sql="\n".join(body), expect_error=(mode == "error"), problem=problem)
    if keyword == "query":
        types = tokens[1] if len(tokens) > 1 else ""
        sort = tokens[2] if len(tokens) > 2 else "nosort"
        label = tokens[3] if len(tokens) > 3 else ""
        problem = ""
        if not types:
            problem = "missing type string"
        elif any(c not in "TIR" for c in types):
            problem = f"unknown type character in type string {types!r}"
        elif sort not in ("nosort", "rowsort", "valuesort"):
            problem = f"unknown sort method: {sort!r}"
        if "----" in body:
            cut = body.index("----")
            sql_lines, expected = body[:cut], tuple(body[cut + 1:])
        else:
            sql_lines, expected = body, ()
        return Record("query", line, header, conds, sql="\n".join(sql_lines), types=types, sort=sort, label=label,
                      expected=expected, problem=problem)
    if keyword == "hash-threshold":
        try:
            threshold = int(tokens[1])
        except (IndexError, ValueError):
            return Record("unknown", line, header, conds, problem="hash-threshold needs an integer")
        return Record("hash-threshold", line, header, conds, threshold=threshold)
    if keyword == "halt":
        return Record("halt", line, header, conds)
    return Record("unknown", line, header, conds, problem=f"unknown record type {keyword!r}")


def parse_file(path: Path) -> list[Record]:
    return parse(path.read_bytes().decode("utf-8", errors="surrogateescape"))


# ---------------------------------------------------------------------------------------------
# Rendering and comparing results
# ---------------------------------------------------------------------------------------------

_LEADING_NUMBER = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


def _leading_number(text: str) -> Decimal:
    """The number at the start of ``text`` (0 if none), as ``sqlite3_column_int/double`` read text."""
    m = _LEADING_NUMBER.match(text)
    return Decimal(m.group(1)) if m else Decimal(0)


def _as_text(value: Any) -> str:
    """A non-NULL value as the text PostgreSQL would print for it (booleans as 1/0, as SQLite stores them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else ("NaN" if value.is_nan() else str(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    return str(value)


def render_value(value: Any, type_char: str) -> str:
    """One result value as the harness prints it for column type ``type_char``."""
    if value is None:
        return "NULL"
    if type_char == "I":
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return str(int(value)) if math.isfinite(value) else "0"
        if isinstance(value, Decimal):
            return str(int(value)) if value.is_finite() else "0"
        return str(int(_leading_number(_as_text(value))))
    if type_char == "R":
        if isinstance(value, (bool, int, float)):
            number = float(value)
        elif isinstance(value, Decimal):
            number = float(value)
        else:
            number = float(_leading_number(_as_text(value)))
        return "%.3f" % number
    # T
    text = _as_text(value)
    if text == "":
        return "(empty)"
    raw = text.encode("utf-8", errors="surrogateescape")
    if all(32 <= b <= 126 for b in raw):
        return text
    return "".join(chr(b) if 32 <= b <= 126 else "@" for b in raw)


def render_rows(rows: Iterable[Sequence[Any]], types: str, sort: str) -> list[str]:
    """Render and sort the rows of a query: the flat list of values the harness compares."""
    rendered = [[render_value(v, t) for v, t in zip(row, types)] for row in rows]
    if sort == "rowsort":
        rendered.sort()  # lexicographic on the rendered strings, column by column (strcmp on ASCII)
    values = [v for row in rendered for v in row]
    if sort == "valuesort":
        values.sort()
    return values


def hash_values(values: Sequence[str]) -> str:
    """``<n> values hashing to <md5>``: MD5 over every value followed by a newline."""
    md5 = hashlib.md5()
    for v in values:
        md5.update(v.encode("utf-8", errors="surrogateescape"))
        md5.update(b"\n")
    return f"{len(values)} values hashing to {md5.hexdigest()}"


def compare_values(values: Sequence[str], expected: Sequence[str], threshold: int) -> str | None:
    """None if ``values`` matches the expected lines, else the reason."""
    if threshold > 0 and len(values) > threshold:
        got = hash_values(values)
        if len(expected) == 1 and expected[0] == got:
            return None
        if len(expected) == 1 and "values hashing to" in expected[0]:
            return f"wrong result hash: got {got}, expected {expected[0]}"
        return f"wrong result: got {got}, expected {len(expected)} values"
    for i, (got, want) in enumerate(zip(values, expected)):
        if got != want:
            return f"wrong result: value {i + 1} is {got!r}, expected {want!r}"
    if len(values) != len(expected):
        if len(expected) == 1 and "values hashing to" in expected[0]:
            return f"wrong number of values: got {len(values)} values, expected {expected[0]}"
        return f"wrong number of values: got {len(values)}, expected {len(expected)}"
    return None


# ---------------------------------------------------------------------------------------------
# Targets: where the records run
# ---------------------------------------------------------------------------------------------


class Skip:
    """Returned by a target's ``adapt`` hook: do not run this record."""

    def __init__(self, category: str, reason: str) -> None:
        self.category = category
        self.reason = reason


@dataclass
class Target:
    """A database to run scripts on.

    ``connect()`` returns a DB-API connection, in autocommit mode, on a fresh
    empty database (one call per file); ``close(conn)`` disposes of it.
    ``adapt(record)`` may return the SQL to run instead of ``record.sql`` or a
    :class:`Skip`.  ``errors`` are the exception classes that mean "the
    database refused the statement" (anything else raised is reported as a
    crash, and fails even a ``statement error`` record).  ``alarm_timeout``:
    seconds a record may take before it is interrupted with SIGALRM (main
    thread only; for in-process engines).  ``recover(conn)`` runs after such
    an interruption (default: ``conn.rollback()``, which ends a transaction the
    interrupted autocommit statement may have left open).
    """

    name: str
    connect: Callable[[], Any]
    close: Callable[[Any], None] = field(default=lambda conn: conn.close())
    adapt: Callable[[Record], str | Skip] | None = None
    errors: tuple[type[BaseException], ...] = (Exception,)
    engine: str = ENGINE
    alarm_timeout: float | None = None
    recover: Callable[[Any], None] = field(default=lambda conn: conn.rollback())


_CREATE_INDEX = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b", re.IGNORECASE)
_CREATE_INDEX_ASYNC = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+ASYNC\b", re.IGNORECASE)
_pydsql_async_index: bool | None = None


def pydsql_accepts_create_index_async() -> bool:
    """Whether pydsql runs ``CREATE INDEX ASYNC`` (probed once per process on a scratch database)."""
    global _pydsql_async_index
    if _pydsql_async_index is None:
        import pydsql

        conn = pydsql.connect(autocommit=True)
        try:
            conn.execute("CREATE TABLE slt_probe (a integer, b integer)")
            conn.execute("CREATE INDEX ASYNC slt_probe_i ON slt_probe (a, b)")
            _pydsql_async_index = True
        except pydsql.Error:
            _pydsql_async_index = False
        finally:
            conn.close()
    return _pydsql_async_index


_SORT_ORDER = re.compile(r"\s+(?:ASC|DESC)\b(?=\s*[,)])", re.IGNORECASE)


def adapt_for_dsql(record: Record, async_index: bool) -> str | Skip:
    """DSQL has no synchronous CREATE INDEX: rewrite to ASYNC (without the ASC/DESC key
    orders DSQL refuses), or skip while pydsql lacks it."""
    sql = record.sql
    if record.kind == "statement" and _CREATE_INDEX.match(sql) and not _CREATE_INDEX_ASYNC.match(sql):
        if async_index:
            return _SORT_ORDER.sub("", _CREATE_INDEX.sub(lambda m: m.group(0) + " ASYNC", sql, count=1))
        return Skip(SKIP_INDEX, "CREATE INDEX: DSQL has only CREATE INDEX ASYNC, which pydsql does not run yet")
    return sql


#: Seconds one record may run on pydsql before it is interrupted and failed
#: ("timeout after ... s"); PostgreSQL 16 needs at most 0.4 s for any record.
RECORD_TIMEOUT = 10.0


def pydsql_target(*, alarm_timeout: float | None = RECORD_TIMEOUT) -> Target:
    """pydsql: a fresh in-memory database per file, ``autocommit=True``."""
    import pydsql

    async_index = pydsql_accepts_create_index_async()
    return Target(
        name="pydsql",
        connect=lambda: pydsql.connect(autocommit=True),
        adapt=lambda record: adapt_for_dsql(record, async_index),
        errors=(pydsql.Error,),
        alarm_timeout=alarm_timeout,
    )


def postgres_target(uri: str, *, statement_timeout_ms: int = int(RECORD_TIMEOUT * 1000)) -> Target:
    """A real PostgreSQL (psycopg, autocommit): a fresh schema per file, dropped afterwards."""
    import psycopg

    numbers = itertools.count()
    schemas: dict[int, str] = {}

    def connect() -> Any:
        conn = psycopg.connect(uri, autocommit=True)
        schema = f"slt_{next(numbers)}_{id(conn):x}"
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"SET search_path TO {schema}")
        conn.execute("SET TimeZone TO 'UTC'")
        conn.execute(f"SET statement_timeout = {int(statement_timeout_ms)}")
        schemas[id(conn)] = schema
        return conn

    def close(conn: Any) -> None:
        try:
            conn.rollback()
            conn.execute(f"DROP SCHEMA {schemas.pop(id(conn))} CASCADE")
        finally:
            conn.close()

    return Target(name="postgresql", connect=connect, close=close, errors=(psycopg.Error,))


@contextlib.contextmanager
def postgres_server() -> Iterator[Any]:
    """A throwaway PostgreSQL 16 from the ``pgserver`` wheel (as ``tests/conftest.py`` starts one)."""
    import tempfile

    import pgserver

    with tempfile.TemporaryDirectory(prefix="slt-pgdata-") as pgdata:
        server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
        try:
            yield server
        finally:
            server.cleanup()


# ---------------------------------------------------------------------------------------------
# Executing
# ---------------------------------------------------------------------------------------------


class RecordTimeout(BaseException):
    """Raised by SIGALRM when a record runs too long (a BaseException so engines do not catch it)."""


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise RecordTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Outcome:
    """What happened to one statement or query record."""

    file: str
    line: int
    kind: str
    status: str  # PASS, FAIL or SKIP
    reason: str = ""  # FAIL: why; SKIP: the directive or the adaptation
    category: str = ""  # SKIP: SKIP_DIRECTIVE or SKIP_INDEX
    sql: str = ""


@dataclass
class FileResult:
    file: str
    outcomes: list[Outcome]
    seconds: float
    halted_at: int | None = None

    def count(self, status: str, category: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and (category is None or o.category == category))

    @property
    def passed(self) -> int:
        return self.count(PASS)

    @property
    def failed(self) -> int:
        return self.count(FAIL)

    @property
    def run(self) -> int:
        return self.passed + self.failed

    def failures(self) -> dict[int, str]:
        return {o.line: o.reason for o in self.outcomes if o.status == FAIL}

    def summary(self) -> str:
        parts = [f"{self.passed}/{self.run} passed"]
        for category, title in SKIP_CATEGORY_TITLES.items():
            n = self.count(SKIP, category)
            if n:
                parts.append(f"{n} {title}")
        return f"{self.file}: " + ", ".join(parts) + f" ({self.seconds:.1f} s)"


def _short(exc: BaseException, limit: int = 100) -> str:
    """``Class [SQLSTATE]: first line of the message``, at most ``limit`` characters."""
    lines = str(exc).strip().splitlines()
    text = " ".join(lines[0].split()) if lines else ""
    state = getattr(exc, "sqlstate", None)
    out = f"{type(exc).__name__}" + (f" [{state}]" if state else "") + (f": {text}" if text else "")
    return out if len(out) <= limit else out[: limit - 3] + "..."


def run_records(
    records: Sequence[Record],
    target: Target,
    *,
    file: str = "",
    check: Callable[[Record], bool] | None = None,
) -> FileResult:
    """Run ``records`` in order on one fresh connection of ``target``.

    ``check(record)``, if given, picks the query records that are run: the
    others are left out of the outcomes altogether (statements always run, so
    the database state is the one the later queries expect).
    """
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    threshold = DEFAULT_HASH_THRESHOLD
    labels: dict[str, tuple[str, int]] = {}
    halted_at: int | None = None
    conn = target.connect()
    try:
        for record in records:
            directive = record.skip_directive(target.engine)
            if record.kind == "hash-threshold":
                if directive is None:
                    threshold = record.threshold
                continue
            if record.kind == "halt":
                if directive is None:
                    halted_at = record.line
                    break
                continue
            if record.kind == "query" and check is not None and not check(record):
                continue
            if directive is not None:
                outcomes.append(Outcome(file, record.line, record.kind, SKIP, directive, SKIP_DIRECTIVE, record.sql))
                continue
            outcomes.append(_run_one(conn, record, target, threshold, labels, file))
    finally:
        target.close(conn)
    return FileResult(file, outcomes, time.perf_counter() - started, halted_at)


def _run_one(conn: Any, record: Record, target: Target, threshold: int,
             labels: dict[str, tuple[str, int]], file: str) -> Outcome:
    def outcome(status: str, reason: str = "", category: str = "") -> Outcome:
        return Outcome(file, record.line, record.kind, status, reason, category, record.sql)

    if record.problem:
        return outcome(FAIL, record.problem)
    sql: str | Skip = record.sql
    if target.adapt is not None:
        sql = target.adapt(record)
    if isinstance(sql, Skip):
        return outcome(SKIP, sql.reason, sql.category)

    if record.kind == "statement":
        try:
            with _alarm(target.alarm_timeout):
                cur = conn.cursor()
                try:
                    cur.execute(sql)
                finally:
                    cur.close()
        except RecordTimeout:
            return outcome(FAIL, f"timeout after {target.alarm_timeout:g} s")
        except target.errors as exc:
            return outcome(PASS) if record.expect_error else outcome(FAIL, f"statement failed: {_short(exc)}")
        except Exception as exc:  # a crash of the engine, not a refusal
            return outcome(FAIL, f"crash: {_short(exc)}")
        return outcome(FAIL, "statement succeeded, expected an error") if record.expect_error else outcome(PASS)

    # query
    try:
        with _alarm(target.alarm_timeout):
            cur = conn.cursor()
            try:
                cur.execute(sql)
                description = cur.description
                rows = cur.fetchall() if description is not None else None
            finally:
                cur.close()
    except RecordTimeout:
        return _timed_out(conn, target, outcome)
    except target.errors as exc:
        return outcome(FAIL, f"query failed: {_short(exc)}")
    except Exception as exc:
        return outcome(FAIL, f"crash: {_short(exc)}")
    if description is None or rows is None:
        return outcome(FAIL, "the query returned no result set")
    if len(description) != len(record.types):
        return outcome(FAIL, f"wrong number of columns: got {len(description)}, type string {record.types!r}")
    values = render_rows(rows, record.types, record.sort)
    problem = None
    if record.label:
        digest = hash_values(values)
        seen = labels.get(record.label)
        if seen is None:
            labels[record.label] = (digest, record.line)
        elif seen[0] != digest:
            problem = f"labeled result {record.label} does not agree with line {seen[1]}: {digest} vs {seen[0]}"
    problem = compare_values(values, record.expected, threshold) or problem
    return outcome(FAIL, problem) if problem else outcome(PASS)


def _timed_out(conn: Any, target: Target, outcome: Callable[..., Outcome]) -> Outcome:
    reason = f"timeout after {target.alarm_timeout:g} s"
    try:
        target.recover(conn)
    except Exception as exc:
        reason += f" (and recovering failed: {_short(exc)})"
    return outcome(FAIL, reason)


def run_file(name: str, target: Target, *, corpus: Path = CORPUS,
             check: Callable[[Record], bool] | None = None) -> FileResult:
    """Run corpus file ``name`` (``select1.test``, ``evidence/in1.test``...) on a fresh database of ``target``."""
    path = corpus / name
    if not path.is_file():
        raise CorpusMissing(f"sqllogictest file not found: {path}")
    return run_records(parse_file(path), target, file=name, check=check)


# ---------------------------------------------------------------------------------------------
# Sampling and expectations
# ---------------------------------------------------------------------------------------------

#: The default-run sample: every record of the evidence files and of the
#: select files every statement (so the database is the one the queries
#: expect) but only every N-th query record (by position among the file's
#: query records, so the sample is the same on every run).
SAMPLE_STRIDES: dict[str, int] = {
    "select1.test": 10,
    "select2.test": 10,
    "select3.test": 10,
    "select4.test": 10,
    "select5.test": 20,
}


def sample_check(name: str, stride: int | None = None,
                 exclude: Iterable[int] = ()) -> Callable[[Record], bool] | None:
    """The ``check`` argument of :func:`run_file` that picks the default-run sample of file ``name``.

    ``exclude``: lines of query records not to run at all (the default run
    passes the records recorded as failing: they cannot regress, and the full
    run reports those that start passing).
    """
    if stride is None:
        stride = 1 if name.startswith("evidence/") else SAMPLE_STRIDES.get(name, 10)
    excluded = frozenset(exclude)
    if stride <= 1 and not excluded:
        return None
    positions: dict[int, int] = {}

    def check(record: Record) -> bool:
        index = positions.setdefault(record.line, len(positions))
        return index % stride == 0 and record.line not in excluded

    return check


def load_expectations(path: Path = EXPECTATIONS) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `python tests/sqllogictest.py --record-expectations`")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def expected_failures(data: dict[str, Any], name: str) -> dict[int, str]:
    """The records of file ``name`` that pydsql is recorded as failing: line -> reason."""
    entry = data.get("pydsql", {}).get(name)
    if entry is None:
        raise KeyError(f"{name} is not in {EXPECTATIONS.name}: refresh it with --record-expectations")
    return {int(line): reason for line, reason in entry["failing"].items()}


def regressions(result: FileResult, expected_failing: dict[int, str]) -> list[Outcome]:
    """Records that fail although they are not recorded as failing."""
    return [o for o in result.outcomes if o.status == FAIL and o.line not in expected_failing]


def fixed(result: FileResult, expected_failing: dict[int, str]) -> list[Outcome]:
    """Records recorded as failing that pass now (refresh the expectations to lock them in)."""
    return [o for o in result.outcomes if o.status == PASS and o.line in expected_failing]


def _file_entry(result: FileResult) -> dict[str, Any]:
    return {
        "records": len(result.outcomes),
        "passed": result.passed,
        "failed": result.failed,
        "skipped_by_directive": result.count(SKIP, SKIP_DIRECTIVE),
        "index_statements_skipped": result.count(SKIP, SKIP_INDEX),
    }


def _status_line(result: FileResult, target: str) -> str:
    return f"[{target}] {result.summary()}"


def record_expectations(path: Path = EXPECTATIONS, *, postgres: bool = True, corpus: Path = CORPUS,
                        log: Callable[[str], None] = print) -> dict[str, Any]:
    """Run the whole corpus on pydsql (and on PostgreSQL 16 unless ``postgres`` is False) and write ``path``.

    Without ``postgres`` the PostgreSQL part of the existing file is kept.
    """
    files = corpus_files(corpus)
    old: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
    data: dict[str, Any] = {
        "about": (
            "sqllogictest expectations, generated by `python tests/sqllogictest.py --record-expectations`; "
            "do not edit by hand. 'pydsql': per corpus file, the records (by line of their statement/query "
            "line) that pydsql does not pass yet, with the reason. 'postgresql': the same corpus run on a real "
            "PostgreSQL 16 (pgserver): which records it passes. The pydsql target is every record PostgreSQL passes."
        ),
        "engine": ENGINE,
        "default_hash_threshold": DEFAULT_HASH_THRESHOLD,
        "pydsql_create_index_async": pydsql_accepts_create_index_async(),
        "pydsql": {},
        "postgresql": old.get("postgresql", {}),
    }
    target = pydsql_target()
    for name in files:
        result = run_file(name, target, corpus=corpus)
        log(_status_line(result, "pydsql"))
        entry = _file_entry(result)
        entry["failing"] = {str(line): reason for line, reason in sorted(result.failures().items())}
        data["pydsql"][name] = entry
    if postgres:
        data["postgresql"] = {}
        with postgres_server() as server:
            pg = postgres_target(server.get_uri())
            for name in files:
                result = run_file(name, pg, corpus=corpus)
                log(_status_line(result, "postgresql"))
                entry = _file_entry(result)
                entry["failing"] = {str(line): reason for line, reason in sorted(result.failures().items())}
                if name.startswith("evidence/"):
                    entry["passing"] = [o.line for o in result.outcomes if o.status == PASS]
                data["postgresql"][name] = entry
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    log(f"wrote {path}")
    return data


def totals(results: Iterable[FileResult]) -> str:
    results = list(results)
    passed = sum(r.passed for r in results)
    run = sum(r.run for r in results)
    directive = sum(r.count(SKIP, SKIP_DIRECTIVE) for r in results)
    index = sum(r.count(SKIP, SKIP_INDEX) for r in results)
    seconds = sum(r.seconds for r in results)
    out = f"total: {passed}/{run} passed, {directive} {SKIP_CATEGORY_TITLES[SKIP_DIRECTIVE]}"
    if index:
        out += f", {index} {SKIP_CATEGORY_TITLES[SKIP_INDEX]}"
    return out + f" ({seconds:.1f} s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", help="corpus files (select1.test, evidence/in1.test...); default: all")
    parser.add_argument("--engine", choices=("pydsql", "postgresql"), default="pydsql")
    parser.add_argument("--sample", action="store_true", help="only the default-run sample of query records")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every failing record")
    parser.add_argument("--record-expectations", action="store_true",
                        help=f"run everything on pydsql and PostgreSQL and rewrite {EXPECTATIONS.name}")
    parser.add_argument("--no-postgres", action="store_true",
                        help="with --record-expectations: keep the recorded PostgreSQL results")
    args = parser.parse_args(argv)

    if args.record_expectations:
        record_expectations(postgres=not args.no_postgres)
        return 0
    files = args.files or corpus_files()
    results = []
    with contextlib.ExitStack() as stack:
        if args.engine == "postgresql":
            server = stack.enter_context(postgres_server())
            target = postgres_target(server.get_uri())
        else:
            target = pydsql_target()
        for name in files:
            check = None
            if args.sample:
                exclude = expected_failures(load_expectations(), name) if args.engine == "pydsql" else {}
                check = sample_check(name, exclude=exclude)
            result = run_file(name, target, check=check)
            results.append(result)
            print(_status_line(result, target.name), flush=True)
            if args.verbose:
                for o in result.outcomes:
                    if o.status == FAIL:
                        print(f"  {name}:{o.line}: {o.reason}", flush=True)
    print(totals(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""pydsql's pytest plugin: a fresh DSQL database per test, schema built once.

Registered through the ``pytest11`` entry point, so it is active wherever
pydsql is installed (``-p no:pydsql`` disables it; without the entry point,
``-p pydsql.pytest_plugin`` loads it).  See ``docs/testing.md``.

Fixtures:

* ``pydsql_schema`` (session scope, *override it*): a callable
  ``setup(conn)`` that creates the schema and seed data on an autocommit
  connection, or ``None`` (the default: an empty database).
* ``pydsql_template``: the cluster ``pydsql_schema`` was run on, once per
  worker process and per topology (regions, witness, latency, log window).
  Never write to it: tests get clones.
* ``pydsql_cluster``: the test's own :class:`pydsql.Cluster`, a
  copy-on-write clone of the template (``Cluster.clone()``: O(tables),
  whatever the rows), configured by the ini options and the test's
  ``@pytest.mark.pydsql(...)`` marker (quotas, faults, clock, jobs mode).
* ``pydsql_conn``: a DB-API connection to it (closed after the test).
* ``pydsql_multi_region_cluster`` / ``pydsql_region_conns``: the same for a
  multi-region cluster (default topology: us-east-1 and us-east-2 with the
  witness us-west-2) and a dict ``{region: connection}``, one per region.
* ``pydsql_config``: the resolved configuration of the test (a dict).

* ``pydsql_engine`` / ``pydsql_session`` (with SQLAlchemy installed): an
  engine on ``pydsql_cluster`` (URL ``pydsql_sqlalchemy_url``, ``pydsql://``
  by default) and an ORM session bound to it.

Invariants:

* **Isolation**: every test gets its own cluster; nothing a test does
  (writes, DDL, sequences, faults, clock) reaches the template or another
  test.  Schema setup runs once per template, never per test.
* **No shared resources**: everything is in-process (no port, no file, no
  global state beyond the per-process template cache held by the session
  fixture), so pytest-xdist workers need no coordination: each builds its
  own templates.
* **Failure reports**: when a test fails on a :class:`pydsql.Error` (raised
  directly or as the cause of another exception), the report gets a
  ``pydsql`` section with the SQLSTATE, the statement and its parameters.
"""

from __future__ import annotations

import dataclasses
import os
import types
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest

import pydsql
from pydsql.cluster.clock import Clock, FixedClock
from pydsql.txn.quotas import Quotas

#: The topology ``pydsql_multi_region_cluster`` uses unless configured otherwise (DSQL's shape).
DEFAULT_MULTI_REGION = (("us-east-1", "us-east-2"), "us-west-2")

#: Options of ``@pytest.mark.pydsql(...)``; the ini options are ``pydsql_<name>``.
MARKER_OPTIONS = (
    "regions", "witness", "latency", "log_window",  # topology: part of the template's identity
    "clock", "jobs", "quotas", "autocommit",  # per test, applied to the clone
    "conflict_rate", "seed", "conflict_code", "conflict_table", "fail_next", "commit_latency",  # faults
    "sqlalchemy_url",  # pydsql_engine's URL
)

_INI: list[tuple[str, str, str | None]] = [
    ("regions", "peered regions, space separated (default: one region, 'local')", None),
    ("witness", "the witness region of a multi-region cluster", None),
    ("latency", "one-way latency between regions, seconds (paid at COMMIT)", "0"),
    ("log_window", "log entries the witness keeps", str(10_000)),
    ("clock", "'real' (default) or 'fixed' (simulated time: latency never sleeps, seeded randomness)", "real"),
    ("jobs", "when CREATE INDEX ASYNC jobs run: 'eager' (default) or 'manual'", "eager"),
    ("quotas", "DSQL quotas, one 'name = value' per line (e.g. transaction_rows = 10)", None),
    ("autocommit", "whether pydsql_conn is in autocommit mode (default false, as PEP 249)", "false"),
    ("conflict_rate", "fraction of writing commits that fail with an injected OC000", "0"),
    ("seed", "seed of the injected conflicts (and of a fixed clock's randomness)", None),
    ("conflict_code", "OC000 (default) or OC001 for injected conflicts", "OC000"),
    ("conflict_table", "only inject conflicts into commits touching this table", None),
    ("fail_next", "the first N writing commits of each test fail with the injected code", "0"),
    ("commit_latency", "seconds added to every writing commit", "0"),
    ("sqlalchemy_url", "pydsql_engine's URL: pydsql:// (default) or auroradsql+pydsql://", "pydsql://"),
]
_BOOL_INI = [
    ("hide_engine_frames", "end failure tracebacks at the call into pydsql (--full-trace shows all)", True),
]


# -- registration ------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    for name, help_text, default in _INI:
        parser.addini(f"pydsql_{name}", f"pydsql: {help_text}", default=default)
    for name, help_text, flag in _BOOL_INI:
        parser.addini(f"pydsql_{name}", f"pydsql: {help_text}", type="bool", default=flag)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pydsql(**options): configure the test's pydsql cluster: " + ", ".join(MARKER_OPTIONS)
        + " (see docs/testing.md)",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return "pydsql: a fresh database per test (pydsql_cluster, pydsql_conn, pydsql_engine)"


# -- configuration -----------------------------------------------------------------------------


def _ini_config(config: pytest.Config) -> dict[str, Any]:
    raw = {name: config.getini(f"pydsql_{name}") for name, _, _ in _INI}
    out: dict[str, Any] = {}
    out["regions"] = tuple(raw["regions"].split()) if raw["regions"] else None
    out["witness"] = raw["witness"] or None
    out["latency"] = float(raw["latency"])
    out["log_window"] = int(raw["log_window"])
    out["clock"] = raw["clock"]
    out["jobs"] = raw["jobs"]
    quotas: dict[str, Any] = {}
    for line in (raw["quotas"] or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise pytest.UsageError(f"pydsql_quotas: expected 'name = value', got {line!r}")
        quotas[name.strip()] = float(value) if "." in value else int(value)
    out["quotas"] = quotas or None
    out["autocommit"] = raw["autocommit"].strip().lower() in ("1", "true", "yes", "on")
    out["conflict_rate"] = float(raw["conflict_rate"])
    out["seed"] = int(raw["seed"]) if raw["seed"] else None
    out["conflict_code"] = raw["conflict_code"]
    out["conflict_table"] = raw["conflict_table"] or None
    out["fail_next"] = int(raw["fail_next"])
    out["commit_latency"] = float(raw["commit_latency"])
    out["sqlalchemy_url"] = raw["sqlalchemy_url"]
    return out


def _resolve(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The ini options overridden by the test's markers (closest marker wins)."""
    config = _ini_config(request.config)
    for marker in reversed(list(request.node.iter_markers("pydsql"))):  # farthest first
        if marker.args:
            raise pytest.UsageError("@pytest.mark.pydsql takes keyword options only")
        unknown = set(marker.kwargs) - set(MARKER_OPTIONS)
        if unknown:
            raise pytest.UsageError(
                f"@pytest.mark.pydsql: unknown option(s) {', '.join(sorted(unknown))} "
                f"(known: {', '.join(MARKER_OPTIONS)})"
            )
        for name, value in marker.kwargs.items():
            if name == "quotas" and isinstance(value, dict) and isinstance(config["quotas"], dict):
                value = {**config["quotas"], **value}  # quotas merge: a marker changes the limits it names
            config[name] = value
    if isinstance(config["regions"], list):
        config["regions"] = tuple(config["regions"])
    return config


def _quotas(value: Any) -> Quotas | None:
    if value is None or isinstance(value, Quotas):
        return value
    if isinstance(value, dict):
        return dataclasses.replace(pydsql.Quotas(), **value)
    raise pytest.UsageError(f"pydsql quotas must be a dict or a pydsql.Quotas, not {value!r}")


# -- templates: schema once per topology --------------------------------------------------------

TopologyKey = tuple[Any, ...]


Schema = Callable[[pydsql.Connection], object] | None


class Templates:
    """The template clusters of one test session (one worker process), by schema and topology.

    Keyed by the schema callable too: a ``pydsql_schema`` overridden in a
    sub-directory's conftest is another session fixture, with its own templates.
    """

    def __init__(self) -> None:
        self._clusters: dict[tuple[Schema, TopologyKey], pydsql.Cluster] = {}

    def get(self, schema: Schema, config: dict[str, Any]) -> pydsql.Cluster:
        latency = config["latency"]
        key: TopologyKey = (
            config["regions"], config["witness"],
            tuple(sorted(latency.items())) if isinstance(latency, dict) else latency,
            config["log_window"], config["clock"] == "fixed",
        )
        cluster = self._clusters.get((schema, key))
        if cluster is None:
            cluster = self._clusters[(schema, key)] = self._build(schema, config)
        return cluster

    @staticmethod
    def _build(schema: Schema, config: dict[str, Any]) -> pydsql.Cluster:
        cluster = pydsql.Cluster(
            regions=config["regions"], witness=config["witness"], latency=config["latency"],
            log_window=config["log_window"], clock=FixedClock() if config["clock"] == "fixed" else None,
        )
        if schema is not None:
            conn = cluster.connect(autocommit=True)
            try:
                schema(conn)
            finally:
                conn.close()
            cluster.run_jobs()
        return cluster


@pytest.fixture(scope="session")
def pydsql_schema() -> Schema:
    """Override (session scope) to return ``setup(conn)``: it builds the schema and the seed
    data once; every test's database starts from its result."""
    return None


@pytest.fixture(scope="session")
def pydsql_templates() -> Templates:
    return Templates()


@pytest.fixture
def pydsql_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The test's resolved configuration (ini options, then markers)."""
    return _resolve(request)


@pytest.fixture
def pydsql_template(pydsql_templates: Templates, pydsql_schema: Schema, pydsql_config: dict[str, Any]) -> pydsql.Cluster:
    """The template cluster of this test's schema and topology (do not write to it)."""
    return pydsql_templates.get(pydsql_schema, pydsql_config)


def _clone_for_test(template: pydsql.Cluster, config: dict[str, Any]) -> pydsql.Cluster:
    cluster = template.clone()  # its clock is a fork of the template's (a fixed clock: same time, same state)
    clock = config["clock"]
    if isinstance(clock, Clock):
        cluster.clock = clock
    elif clock == "fixed" and config["seed"] is not None:
        cluster.clock = FixedClock(cluster.clock.now(), seed=int(config["seed"]))
    elif clock not in ("real", "fixed"):
        raise pytest.UsageError(f"pydsql clock must be 'real', 'fixed' or a pydsql.Clock, not {clock!r}")
    quotas = _quotas(config["quotas"])
    if quotas is not None:
        cluster.quotas = quotas
    if config["jobs"] not in ("eager", "manual"):
        raise pytest.UsageError(f"pydsql jobs must be 'eager' or 'manual', not {config['jobs']!r}")
    cluster.jobs.eager = config["jobs"] == "eager"
    faults = cluster.faults
    code, table = config["conflict_code"], config["conflict_table"]
    if config["fail_next"]:
        faults.fail_next(int(config["fail_next"]), code=code, table=table)
    if config["conflict_rate"]:
        faults.fail_fraction(float(config["conflict_rate"]), seed=config["seed"], code=code, table=table)
    if config["commit_latency"]:
        faults.commit_latency = float(config["commit_latency"])
    return cluster


@pytest.fixture
def pydsql_cluster(pydsql_template: pydsql.Cluster, pydsql_config: dict[str, Any]) -> pydsql.Cluster:
    """The test's own database: a copy-on-write clone of the template, configured for the test."""
    return _clone_for_test(pydsql_template, pydsql_config)


@pytest.fixture
def pydsql_conn(pydsql_cluster: pydsql.Cluster, pydsql_config: dict[str, Any]) -> Iterator[pydsql.Connection]:
    """A DB-API connection to the test's database (``pydsql_autocommit``, default off)."""
    conn = pydsql_cluster.connect(autocommit=bool(pydsql_config["autocommit"]))
    yield conn
    conn.close()


@pytest.fixture
def pydsql_multi_region_cluster(
    pydsql_templates: Templates, pydsql_schema: Schema, pydsql_config: dict[str, Any]
) -> pydsql.Cluster:
    """The test's own multi-region database (default: us-east-1, us-east-2, witness us-west-2)."""
    config = dict(pydsql_config)
    if not config["regions"] or len(config["regions"]) < 2:
        config["regions"], config["witness"] = DEFAULT_MULTI_REGION
    elif config["witness"] is None:
        config["witness"] = DEFAULT_MULTI_REGION[1]
    return _clone_for_test(pydsql_templates.get(pydsql_schema, config), config)


@pytest.fixture
def pydsql_region_conns(
    pydsql_multi_region_cluster: pydsql.Cluster, pydsql_config: dict[str, Any]
) -> Iterator[dict[str, pydsql.Connection]]:
    """One connection per region of ``pydsql_multi_region_cluster``, by region name."""
    conns = {
        name: pydsql_multi_region_cluster.connect(region=name, autocommit=bool(pydsql_config["autocommit"]))
        for name in pydsql_multi_region_cluster.regions
    }
    yield conns
    for conn in conns.values():
        if not conn.closed:
            conn.close()


# -- failure reports ---------------------------------------------------------------------------


def _pydsql_error(exc: BaseException | None) -> pydsql.Error | None:
    """The pydsql error in ``exc``'s chain (itself, its cause or context), if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, pydsql.Error):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


_PACKAGE = os.path.dirname(os.path.abspath(pydsql.__file__)) + os.sep


def _in_pydsql(path: str) -> bool:
    return path.startswith(_PACKAGE)


def describe(error: pydsql.Error) -> str:
    """The SQLSTATE, message, statement and parameters of ``error`` (the report section)."""
    lines = [f"SQLSTATE: {error.sqlstate or '(none)'}  {type(error).__module__}.{type(error).__name__}"]
    lines.append(f"message:  {error.message if hasattr(error, 'message') else error}")
    if getattr(error, "detail", None):
        lines.append(f"detail:   {error.detail}")
    if getattr(error, "hint", None):
        lines.append(f"hint:     {error.hint}")
    if error.statement is not None:
        lines.append(f"statement: {error.statement}")
        lines.append(f"params:    {error.params!r}")
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    excinfo = call.excinfo
    if excinfo is None or not report.failed:
        return report
    error = _pydsql_error(excinfo.value)
    if error is None:
        return report
    report.sections.append(("pydsql error", describe(error)))
    config = item.config
    if config.getini("pydsql_hide_engine_frames") and not config.getoption("fulltrace", False):
        _hide_engine_frames(item, call, report, excinfo, error)
    return report


def _hide_engine_frames(
    item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport,
    excinfo: pytest.ExceptionInfo[BaseException], error: pydsql.Error,
) -> None:
    """Rebuild the report's traceback so that it ends at the application's call into
    pydsql (the engine's frames say nothing to the application).  The exceptions are
    left as they were (``--pdb`` still sees every frame)."""
    top = excinfo
    saved = error.__traceback__
    if error is excinfo.value:
        tb = _trimmed(excinfo.tb)
        if tb is None:
            return
        top = pytest.ExceptionInfo.from_exc_info((type(error), error, tb))
    else:  # a cause or context of the failure: trimmed only while the report is drawn
        tb = _trimmed(saved)
        if tb is None:
            return
        error.__traceback__ = tb
    try:
        if call.when == "call":
            report.longrepr = item.repr_failure(top)
        else:
            report.longrepr = item._repr_failure_py(top, style=item.config.getoption("tbstyle", "auto"))
    finally:
        error.__traceback__ = saved


def _trimmed(tb: types.TracebackType | None) -> types.TracebackType | None:
    """A copy of ``tb`` ending at its last frame outside pydsql, or None when there is
    nothing to trim (the error was raised outside pydsql, or only pydsql frames)."""
    frames: list[types.TracebackType] = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    last = max((i for i, t in enumerate(frames) if not _in_pydsql(t.tb_frame.f_code.co_filename)), default=-1)
    if last < 0 or last == len(frames) - 1:
        return None
    rebuilt: types.TracebackType | None = None
    for t in reversed(frames[: last + 1]):
        rebuilt = types.TracebackType(rebuilt, t.tb_frame, t.tb_lasti, t.tb_lineno)
    return rebuilt


# -- SQLAlchemy ---------------------------------------------------------------------------------


@pytest.fixture
def pydsql_engine(pydsql_cluster: pydsql.Cluster, pydsql_config: dict[str, Any]) -> Iterator[Any]:
    """A SQLAlchemy engine on the test's database (``pydsql_sqlalchemy_url``: ``pydsql://`` by
    default, ``auroradsql+pydsql://`` for an application written for aurora-dsql-sqlalchemy);
    disposed after the test."""
    try:
        import sqlalchemy
    except ImportError:
        raise pytest.UsageError("pydsql_engine needs SQLAlchemy: pip install 'pydsql[sqlalchemy]'") from None
    engine = sqlalchemy.create_engine(pydsql_config["sqlalchemy_url"], connect_args={"cluster": pydsql_cluster})
    yield engine
    engine.dispose()


@pytest.fixture
def pydsql_session(pydsql_engine: Any) -> Iterator[Any]:
    """A SQLAlchemy ORM ``Session`` bound to ``pydsql_engine``, closed after the test."""
    from sqlalchemy.orm import Session

    with Session(pydsql_engine) as session:
        yield session

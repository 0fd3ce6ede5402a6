"""The pytest plugin (``pydsql.pytest_plugin``), driven by pytest's own ``pytester``.

Each test writes a small test project and runs pytest on it: fixture
isolation, schema built once, clone cost (shared stores, not timings),
markers and ini options, failure reports, the entry point, pytest-xdist.
"""

from __future__ import annotations

import importlib.metadata
import textwrap
from pathlib import Path

import pytest

import pydsql

pytest_plugins = ["pytester"]

SRC = Path(pydsql.__file__).resolve().parent.parent


def _installed_by_entry_point() -> bool:
    return any(ep.value == "pydsql.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))


#: Load the plugin explicitly unless the installed distribution's entry point already does.
PLUGIN = [] if _installed_by_entry_point() else ["-p", "pydsql.pytest_plugin"]

SCHEMA = """
import pytest

SETUPS = []

@pytest.fixture(scope="session")
def pydsql_schema():
    def setup(conn):
        SETUPS.append(1)
        conn.execute("CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO users SELECT g, 'user' || g FROM generate_series(1, 3) g")
    return setup

@pytest.fixture
def setups():
    return SETUPS  # (not imported from conftest: inline runs may see another module of that name)
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", *PLUGIN, *args)


def test_each_test_gets_its_own_database_from_the_schema_built_once(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        test_plugin_isolation_probe="""
        import pytest

        @pytest.mark.parametrize("n", range(4))
        def test_writes_do_not_leak(pydsql_conn, n, setups):
            assert pydsql_conn.execute("SELECT count(*) FROM users").fetchone() == (3,)
            pydsql_conn.execute("INSERT INTO users VALUES (%s, 'new')", (100 + n,))
            pydsql_conn.execute("DELETE FROM users WHERE id = 1")
            pydsql_conn.commit()
            assert pydsql_conn.execute("SELECT count(*) FROM users").fetchone() == (3,)
            assert setups == [1]  # the schema ran once for the whole session

        def test_ddl_does_not_leak(pydsql_conn):
            pydsql_conn.execute("DROP TABLE users")
            pydsql_conn.commit()

        def test_after_ddl(pydsql_conn, pydsql_cluster, pydsql_template):
            assert pydsql_conn.execute("SELECT name FROM users WHERE id = 1").fetchone() == ("user1",)
            assert pydsql_cluster is not pydsql_template
            assert pydsql_conn.cluster is pydsql_cluster
        """
    )
    _run(pytester).assert_outcomes(passed=6)


def test_fixtures_without_a_schema_give_an_empty_database(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_empty(pydsql_conn):
            assert pydsql_conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
            pydsql_conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
            pydsql_conn.commit()

        def test_still_empty(pydsql_conn):
            assert pydsql_conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
        """
    )
    _run(pytester).assert_outcomes(passed=2)


def test_clone_cost_does_not_depend_on_rows(pytester: pytest.Pytester) -> None:
    """Per-test databases share the template's stores until a test writes them: no row is copied."""
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def pydsql_schema():
            def setup(conn):
                conn.execute("CREATE TABLE big (id int PRIMARY KEY, v text)")
                conn.execute("CREATE TABLE small (id int PRIMARY KEY)")
                for lo in range(0, 10_000, 1000):
                    conn.execute("INSERT INTO big SELECT g, 'v' FROM generate_series(%s::int, %s::int) g",
                                 (lo, lo + 999))
            return setup
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def _stores(cluster):
            catalog = cluster.catalog_now()
            return {name: cluster.replica.stores[catalog.table("public", name).table_id] for name in ("big", "small")}

        @pytest.mark.parametrize("n", range(3))
        def test_shared_until_written(pydsql_cluster, pydsql_template, pydsql_conn, n):
            mine, template = _stores(pydsql_cluster), _stores(pydsql_template)
            assert mine["big"] is template["big"] and mine["small"] is template["small"]
            assert len(template["big"]) == 10_000
            pydsql_conn.execute("INSERT INTO small VALUES (1)")
            pydsql_conn.commit()
            mine = _stores(pydsql_cluster)
            assert mine["small"] is not template["small"] and mine["big"] is template["big"]
            assert len(template["small"]) == 0
        """
    )
    _run(pytester).assert_outcomes(passed=3)


def test_markers_configure_quotas_faults_and_clock(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        """
        import pytest
        import pydsql
        from pydsql import errors

        @pytest.mark.pydsql(quotas={"transaction_rows": 2})
        def test_small_quota(pydsql_conn):
            with pytest.raises(errors.ProgramLimitExceeded):
                pydsql_conn.execute("INSERT INTO users SELECT g, 'x' FROM generate_series(10, 12) g")

        def test_default_quota(pydsql_cluster):
            assert pydsql_cluster.quotas.transaction_rows == 3000

        @pytest.mark.pydsql(conflict_rate=1.0, seed=1)
        def test_every_commit_conflicts(pydsql_conn, pydsql_cluster):
            pydsql_conn.execute("UPDATE users SET name = 'x' WHERE id = 1")
            with pytest.raises(errors.SerializationFailure, match="OC000"):
                pydsql_conn.commit()
            assert pydsql_cluster.stats().injected_oc000 == 1

        @pytest.mark.pydsql(conflict_rate=0.5, seed=7)
        def test_seeded_rate_is_reproducible(pydsql_cluster):
            conn = pydsql_cluster.connect(autocommit=True)
            outcomes = []
            for i in range(20):
                try:
                    conn.execute("INSERT INTO users VALUES (%s, 'x')", (100 + i,))
                    outcomes.append(1)
                except errors.SerializationFailure:
                    outcomes.append(0)
            rule = pydsql_cluster.faults.rules[0]
            assert 0 < sum(outcomes) < 20 and rule.fraction == 0.5
            import random
            draws = random.Random(7)
            assert outcomes == [0 if draws.random() < 0.5 else 1 for _ in range(20)]

        @pytest.mark.pydsql(fail_next=2, conflict_code="OC001")
        def test_fail_next(pydsql_cluster):
            conn = pydsql_cluster.connect(autocommit=True)
            for _ in range(2):
                with pytest.raises(errors.SerializationFailure, match="OC001"):
                    conn.execute("DELETE FROM users WHERE id = 2")
            conn.execute("DELETE FROM users WHERE id = 2")

        @pytest.mark.pydsql(clock="fixed", commit_latency=0.25)
        def test_latency_on_a_fixed_clock(pydsql_cluster):
            assert isinstance(pydsql_cluster.clock, pydsql.FixedClock)
            start = pydsql_cluster.clock.monotonic()
            pydsql_cluster.connect(autocommit=True).execute("DELETE FROM users")
            assert pydsql_cluster.clock.monotonic() - start == 0.25

        @pytest.mark.pydsql(jobs="manual")
        def test_manual_jobs(pydsql_cluster):
            conn = pydsql_cluster.connect(autocommit=True)
            conn.execute("CREATE INDEX ASYNC users_name ON users (name)")
            assert conn.execute("SELECT status FROM sys.jobs").fetchall() == [("submitted",)]

        @pytest.mark.pydsql(autocommit=True)
        def test_autocommit(pydsql_conn):
            assert pydsql_conn.autocommit

        def test_no_faults_by_default(pydsql_cluster, pydsql_conn):
            assert pydsql_cluster.faults.rules == [] and not pydsql_conn.autocommit

        @pytest.mark.pydsql(quotas={"transaction_rows": 1})
        class TestClassMarker:
            @pytest.mark.pydsql(fail_next=1)
            def test_both_markers_apply(self, pydsql_cluster):
                assert pydsql_cluster.quotas.transaction_rows == 1
                assert len(pydsql_cluster.faults.rules) == 1

            @pytest.mark.pydsql(quotas={"transaction_rows": 7})
            def test_closest_marker_wins(self, pydsql_cluster):
                assert pydsql_cluster.quotas.transaction_rows == 7
        """
    )
    _run(pytester).assert_outcomes(passed=11)


def test_unknown_marker_option_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.pydsql(conflcit_rate=0.2)
        def test_typo(pydsql_conn):
            pass
        """
    )
    result = _run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option(s) conflcit_rate*"])


def test_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makeini(
        """
        [pytest]
        pydsql_regions = eu-west-1 eu-west-2
        pydsql_witness = eu-central-1
        pydsql_latency = 0.01
        pydsql_clock = fixed
        pydsql_autocommit = true
        pydsql_quotas =
            transaction_rows = 5
            transaction_age = 60.5
        """
    )
    pytester.makepyfile(
        """
        import pydsql

        import pytest

        @pytest.mark.pydsql(quotas={"transaction_age": 10})
        def test_marker_quotas_merge_with_the_ini_ones(pydsql_cluster):
            assert (pydsql_cluster.quotas.transaction_rows, pydsql_cluster.quotas.transaction_age) == (5, 10)

        def test_configured(pydsql_cluster, pydsql_conn):
            assert pydsql_cluster.regions == ["eu-west-1", "eu-west-2"]
            assert pydsql_cluster.witness == "eu-central-1"
            assert pydsql_cluster.quotas.transaction_rows == 5
            assert pydsql_cluster.quotas.transaction_age == 60.5
            assert isinstance(pydsql_cluster.clock, pydsql.FixedClock)
            start = pydsql_cluster.clock.monotonic()
            pydsql_conn.execute("DELETE FROM users WHERE id = 1")
            assert round(pydsql_cluster.clock.monotonic() - start, 6) == 0.04  # two round trips
            assert pydsql_conn.execute("SELECT count(*) FROM users").fetchone() == (2,)
        """
    )
    _run(pytester).assert_outcomes(passed=2)


def test_multi_region_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        """
        import pytest

        def test_connection_per_region(pydsql_region_conns, pydsql_multi_region_cluster):
            assert list(pydsql_region_conns) == ["us-east-1", "us-east-2"]
            assert pydsql_multi_region_cluster.witness == "us-west-2"
            east, west = pydsql_region_conns["us-east-1"], pydsql_region_conns["us-east-2"]
            assert west.region == "us-east-2"
            east.execute("UPDATE users SET name = 'east' WHERE id = 1")
            east.commit()
            assert west.execute("SELECT name FROM users WHERE id = 1").fetchone() == ("east",)

        def test_isolated(pydsql_region_conns):
            west = pydsql_region_conns["us-east-2"]
            assert west.execute("SELECT name FROM users WHERE id = 1").fetchone() == ("user1",)

        @pytest.mark.pydsql(regions=["a", "b"], witness="w")
        def test_marker_topology(pydsql_region_conns):
            assert list(pydsql_region_conns) == ["a", "b"]
        """
    )
    _run(pytester).assert_outcomes(passed=3)


def test_failure_report_has_the_statement_parameters_and_sqlstate(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        test_plugin_report_probe="""
        import pydsql

        def test_duplicate(pydsql_conn):
            pydsql_conn.execute("INSERT INTO users VALUES (%s, %s)", (1, "again"))

        def test_conflict_at_commit(pydsql_cluster):
            a, b = pydsql_cluster.connect(), pydsql_cluster.connect()
            a.execute("UPDATE users SET name = 'a' WHERE id = 2")
            b.execute("UPDATE users SET name = 'b' WHERE id = 2")
            a.commit()
            b.commit()

        def test_wrapped(pydsql_conn):
            try:
                pydsql_conn.execute("SELECT 1 / %(d)s", {"d": 0})
            except pydsql.Error as e:
                raise RuntimeError("the repository failed") from e
        """
    )
    result = _run(pytester)
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            "*- pydsql error -*",
            "SQLSTATE: 23505  pydsql.errors.UniqueViolation",
            "*duplicate key value violates unique constraint*",
            "detail:   Key (id)=(1) already exists.",
            "statement: INSERT INTO users VALUES (%s, %s)",
            "params:    (1, 'again')",
        ]
    )
    result.stdout.fnmatch_lines(["SQLSTATE: 40001*SerializationFailure", "statement: COMMIT"])
    result.stdout.fnmatch_lines(["SQLSTATE: 22012*", "statement: SELECT 1 / %(d)s", "params:    {'d': 0}"])
    # the engine's frames are not shown: the traceback ends at the application's call
    out = result.stdout.str()
    assert "session.py" not in out and "test_plugin_report_probe.py:4: UniqueViolation" in out
    full = _run(pytester, "--full-trace", "-k", "duplicate")
    assert "session.py" in full.stdout.str()


def test_errors_carry_their_statement_outside_pytest() -> None:
    conn = pydsql.connect()
    with pytest.raises(pydsql.errors.DivisionByZero) as info:
        conn.execute("SELECT 1 / %s", (0,))
    assert (info.value.statement, info.value.params, info.value.sqlstate) == ("SELECT 1 / %s", (0,), "22012")
    with pytest.raises(pydsql.ProgrammingError) as bad:
        conn.execute("SELECT %s, %s", (1,))
    assert bad.value.statement == "SELECT %s, %s"


def test_loaded_by_the_entry_point_and_disabled_with_no_pydsql(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed pydsql registers the plugin through ``pytest11`` (in a source checkout
    that is not installed, a fake distribution's metadata on the path stands in for the
    installation), and ``-p no:pydsql`` turns it off."""
    pytester.makepyfile(
        """
        def test_uses_fixture(pydsql_conn):
            assert pydsql_conn.execute("SELECT 1").fetchone() == (1,)
        """
    )
    if _installed_by_entry_point():
        monkeypatch.setenv("PYTHONPATH", str(SRC))
    else:
        site = pytester.mkdir("site")
        dist = site / "pydsql_entry_point_probe-1.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pydsql-entry-point-probe\nVersion: 1.0\n")
        (dist / "entry_points.txt").write_text("[pytest11]\npydsql = pydsql.pytest_plugin\n")
        monkeypatch.setenv("PYTHONPATH", f"{site}:{SRC}")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    disabled = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:pydsql")
    disabled.assert_outcomes(errors=1)
    disabled.stdout.fnmatch_lines(["*fixture 'pydsql_conn' not found*"])


def test_xdist_workers_have_their_own_databases(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("xdist")
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        textwrap.dedent(
            """
            import os
            import pytest

            @pytest.mark.parametrize("n", range(8))
            def test_parallel(pydsql_conn, n, setups):
                assert os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw")
                assert pydsql_conn.execute("SELECT count(*) FROM users").fetchone() == (3,)
                pydsql_conn.execute("INSERT INTO users VALUES (%s, 'w')", (100 + n,))
                pydsql_conn.commit()
                assert setups == [1]  # once per worker
            """
        )
    )
    monkeypatch.setenv("PYTHONPATH", str(SRC))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *PLUGIN, "-n", "2")
    result.assert_outcomes(passed=8)
    result.stdout.fnmatch_lines(["*2 workers*"])


def test_sqlalchemy_engine_and_session_on_the_test_database(pytester: pytest.Pytester) -> None:
    pytest.importorskip("sqlalchemy")
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(
        test_plugin_sqlalchemy_probe="""
        import pytest
        from sqlalchemy import text

        def test_engine_sees_the_schema(pydsql_engine, pydsql_cluster):
            with pydsql_engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 3
                conn.execute(text("INSERT INTO users VALUES (9, 'nine')"))
                conn.commit()
            assert pydsql_cluster.connect().execute("SELECT name FROM users WHERE id = 9").fetchone() == ("nine",)

        def test_session_starts_from_the_template(pydsql_session):
            assert pydsql_session.execute(text("SELECT count(*) FROM users")).scalar() == 3

        @pytest.mark.pydsql(sqlalchemy_url="auroradsql+pydsql://", fail_next=1)
        def test_marker_url_and_faults(pydsql_engine):
            assert pydsql_engine.dialect.name == "auroradsql"
            with pydsql_engine.connect() as conn:
                conn.execute(text("UPDATE users SET name = 'x' WHERE id = 1"))
                with pytest.raises(Exception) as failure:
                    conn.commit()
            assert failure.value.orig.sqlstate == "40001"
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=3)


def test_a_directory_can_have_its_own_schema(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(SCHEMA)
    pytester.makepyfile(test_plugin_outer_probe="""
        def test_outer(pydsql_conn):
            assert pydsql_conn.execute("SELECT count(*) FROM users").fetchone() == (3,)
        """)
    inner = pytester.mkpydir("inner")
    (inner / "conftest.py").write_text(textwrap.dedent("""
        import pytest

        @pytest.fixture(scope="session")
        def pydsql_schema():
            def setup(conn):
                conn.execute("CREATE TABLE items (id int PRIMARY KEY)")
            return setup
        """))
    (inner / "test_plugin_inner_probe.py").write_text(textwrap.dedent("""
        def test_inner(pydsql_conn):
            assert pydsql_conn.execute("SELECT count(*) FROM items").fetchone() == (0,)
            assert pydsql_conn.execute("SELECT to_regclass('users')").fetchone() == (None,)
        """))
    result = _run(pytester)
    result.assert_outcomes(passed=2)

"""The DB-API surface: PEP 249 plus psycopg 3's habits where PEP 249 is silent."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
import uuid
from decimal import Decimal

import pytest

import pydsql
from pydsql import errors


@pytest.fixture
def conn() -> pydsql.Connection:
    c = pydsql.connect(autocommit=True)
    c.execute("CREATE TABLE t (id int PRIMARY KEY, name varchar(10), amount numeric(12,2), note text)")
    c.autocommit = False
    return c


# -- module globals ------------------------------------------------------------------------


def test_module_globals() -> None:
    assert pydsql.apilevel == "2.0"
    assert pydsql.threadsafety >= 1
    assert pydsql.paramstyle == "pyformat"


def test_exception_hierarchy() -> None:
    assert issubclass(pydsql.Warning, Exception)
    for name in ("InterfaceError", "DatabaseError"):
        assert issubclass(getattr(pydsql, name), pydsql.Error)
    for name in ("DataError", "OperationalError", "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError"):
        assert issubclass(getattr(pydsql, name), pydsql.DatabaseError)
    assert issubclass(errors.SerializationFailure, pydsql.OperationalError)
    assert issubclass(errors.UniqueViolation, pydsql.IntegrityError)
    assert issubclass(errors.FeatureNotSupported, pydsql.NotSupportedError)
    assert issubclass(errors.InFailedSqlTransaction, pydsql.InternalError)
    assert issubclass(errors.DivisionByZero, pydsql.DataError)
    assert issubclass(errors.UndefinedTable, pydsql.ProgrammingError)


def test_lookup_and_error_factory() -> None:
    assert errors.lookup("40001") is errors.SerializationFailure
    assert errors.lookup("23505") is errors.UniqueViolation
    with pytest.raises(KeyError):
        errors.lookup("ZZZZZ")
    e = errors.error("22ZZZ", "made up")  # unknown code: the class of its SQLSTATE class
    assert type(e) is pydsql.DataError and e.sqlstate == "22ZZZ"


def test_errors_carry_sqlstate_pgcode_and_pickle() -> None:
    c = pydsql.connect()
    with pytest.raises(errors.DivisionByZero) as exc:
        c.execute("SELECT 1/0")
    e = exc.value
    assert (e.sqlstate, e.pgcode, str(e)) == ("22012", "22012", "division by zero")
    assert e.diag.message_primary == "division by zero"
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is errors.DivisionByZero and again.sqlstate == "22012"


def test_exceptions_as_connection_attributes(conn: pydsql.Connection) -> None:
    assert conn.Error is pydsql.Error
    assert conn.IntegrityError is pydsql.IntegrityError


def test_type_objects_and_constructors(conn: pydsql.Connection) -> None:
    cur = conn.execute("SELECT name, amount, id FROM t")
    assert [d.type_code for d in cur.description] == [1043, 1700, 23]  # type: ignore[union-attr]
    assert cur.description[0].type_code == pydsql.STRING  # type: ignore[index]
    assert cur.description[1][1] == pydsql.NUMBER  # type: ignore[index]
    assert pydsql.DATETIME == 1184 and pydsql.BINARY == 17 and pydsql.NUMBER != 25
    assert pydsql.Date(2020, 1, 2) == dt.date(2020, 1, 2)
    assert pydsql.Binary(b"x") == b"x"
    assert isinstance(pydsql.TimestampFromTicks(0), dt.datetime)
    assert isinstance(pydsql.DateFromTicks(0), dt.date)
    assert isinstance(pydsql.TimeFromTicks(0), dt.time)


# -- connections --------------------------------------------------------------------------


def test_connect_gives_private_databases() -> None:
    a, b = pydsql.connect(autocommit=True), pydsql.connect(autocommit=True)
    a.execute("CREATE TABLE only_in_a (x int)")
    with pytest.raises(errors.UndefinedTable):
        b.execute("SELECT * FROM only_in_a")


def test_second_connection_to_same_cluster(conn: pydsql.Connection) -> None:
    conn.execute("INSERT INTO t (id) VALUES (1)")
    conn.commit()
    other = conn.cluster.connect()
    assert other.execute("SELECT id FROM t").fetchall() == [(1,)]
    assert pydsql.connect(cluster=conn.cluster).execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_named_database_is_shared_while_open() -> None:
    a = pydsql.connect("shared-test-db", autocommit=True)
    a.execute("CREATE TABLE x (id int)")
    b = pydsql.connect("shared-test-db")
    assert b.execute("SELECT count(*) FROM x").fetchone() == (0,)
    assert b.cluster is a.cluster


def test_autocommit_default_false_and_implicit_transaction(conn: pydsql.Connection) -> None:
    assert conn.autocommit is False
    conn.execute("INSERT INTO t (id) VALUES (1)")
    assert conn.in_transaction
    other = conn.cluster.connect()
    assert other.execute("SELECT count(*) FROM t").fetchone() == (0,)
    conn.commit()
    assert not conn.in_transaction
    other.rollback()
    assert other.execute("SELECT count(*) FROM t").fetchone() == (1,)


def test_autocommit_cannot_change_inside_transaction(conn: pydsql.Connection) -> None:
    conn.execute("SELECT 1")
    with pytest.raises(pydsql.ProgrammingError):
        conn.autocommit = True
    conn.rollback()
    conn.autocommit = True
    assert conn.autocommit


def test_with_connection_commits_or_rolls_back_then_closes(conn: pydsql.Connection) -> None:
    cluster = conn.cluster
    with conn:
        conn.execute("INSERT INTO t (id) VALUES (1)")
    assert conn.closed
    conn2 = cluster.connect()
    with pytest.raises(ZeroDivisionError):
        with conn2:
            conn2.execute("INSERT INTO t (id) VALUES (2)")
            raise ZeroDivisionError
    assert cluster.connect().execute("SELECT id FROM t").fetchall() == [(1,)]


def test_closed_connection_and_cursor(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    cur.close()
    with pytest.raises(pydsql.InterfaceError):
        cur.execute("SELECT 1")
    conn.close()
    conn.close()  # idempotent, as in psycopg
    with pytest.raises(pydsql.Error):
        conn.cursor()
    with pytest.raises(pydsql.Error):
        conn.commit()


def test_close_rolls_back(conn: pydsql.Connection) -> None:
    cluster = conn.cluster
    conn.execute("INSERT INTO t (id) VALUES (1)")
    conn.close()
    assert cluster.connect().execute("SELECT count(*) FROM t").fetchone() == (0,)


# -- cursors ------------------------------------------------------------------------------------


def test_description_and_rowcount(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    cur.execute("INSERT INTO t VALUES (1, 'a', 1.5, NULL), (2, 'b', 2, 'x')")
    assert cur.rowcount == 2 and cur.statusmessage == "INSERT 0 2" and cur.description is None
    cur.execute("SELECT id AS ident, name, amount FROM t ORDER BY id")
    assert cur.rowcount == 2 and cur.statusmessage == "SELECT 2"
    d = cur.description
    assert d is not None and len(d) == 3
    assert d[0] == ("ident", 23, None, 4, None, None, None)
    assert (d[1].name, d[1].type_code, d[1].display_size) == ("name", 1043, 10)
    assert (d[2].type_code, d[2].precision, d[2].scale) == (1700, 12, 2)
    cur.execute("UPDATE t SET note = 'n'")
    assert (cur.rowcount, cur.statusmessage) == (2, "UPDATE 2")
    cur.execute("DELETE FROM t WHERE id = 1")
    assert (cur.rowcount, cur.statusmessage) == (1, "DELETE 1")


def test_fetch_methods_and_iteration(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    cur.executemany("INSERT INTO t (id) VALUES (%s)", [(i,) for i in range(10)])
    assert cur.rowcount == 10
    cur.execute("SELECT id FROM t ORDER BY id")
    assert cur.fetchone() == (0,)
    assert cur.fetchmany() == [(1,)]
    cur.arraysize = 3
    assert cur.fetchmany() == [(2,), (3,), (4,)]
    assert cur.fetchmany(2) == [(5,), (6,)]
    assert list(cur) == [(7,), (8,), (9,)]
    assert cur.fetchone() is None and cur.fetchall() == [] and cur.fetchmany() == []


def test_fetch_without_result_raises(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    with pytest.raises(pydsql.ProgrammingError):
        cur.fetchone()
    cur.execute("INSERT INTO t (id) VALUES (1)")
    with pytest.raises(pydsql.ProgrammingError):
        cur.fetchall()


def test_execute_returns_cursor_and_conn_execute_shortcut(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    assert cur.execute("SELECT 1") is cur
    assert conn.execute("SELECT 2").fetchone() == (2,)


def test_multiple_statements_and_nextset(conn: pydsql.Connection) -> None:
    cur = conn.execute("SELECT 1 AS a; SELECT 2 AS b, 3 AS c")
    assert cur.fetchall() == [(1,)]
    assert cur.nextset() is True
    assert [d.name for d in cur.description] == ["b", "c"]  # type: ignore[union-attr]
    assert cur.fetchall() == [(2, 3)]
    assert cur.nextset() is None


def test_executemany_returning(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    cur.executemany("INSERT INTO t (id, name) VALUES (%s, %s) RETURNING id * 10", [(1, "a"), (2, "b")], returning=True)
    assert cur.fetchall() == [(10,)]
    assert cur.nextset() and cur.fetchall() == [(20,)]


def test_executemany_in_a_transaction_runs_one_statement_per_row(conn: pydsql.Connection) -> None:
    conn.autocommit = False
    cur = conn.cursor()
    # psycopg types ints by magnitude: the plan follows the parameter types as they change
    cur.executemany("INSERT INTO t (id, amount) VALUES (%s, %s)", [(1, 5), (2, 70000), (3, 2**33), (4, None)])
    assert (cur.rowcount, cur.statusmessage) == (4, "INSERT 0 1")
    cur.executemany("UPDATE t SET note = %(note)s WHERE id = %(id)s", [{"id": 1, "note": "a"}, {"id": 9, "note": "b"}])
    assert cur.rowcount == 1
    cur.executemany("SELECT %s", [(1,), (2,)])  # not a data-modifying statement: row by row
    conn.commit()
    assert conn.execute("SELECT id, amount, note FROM t ORDER BY id").fetchall() == [
        (1, 5, "a"), (2, 70000, None), (3, 2**33, None), (4, None, None)
    ]


def test_executemany_failing_row_fails_the_transaction(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    with pytest.raises(pydsql.errors.UniqueViolation):
        cur.executemany("INSERT INTO t (id) VALUES (%s)", [(1,), (2,), (1,), (3,)])
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):
        cur.executemany("INSERT INTO t (id) VALUES (%s)", [(5,)])
    conn.rollback()
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_executemany_that_cannot_be_planned_fails_the_transaction(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    with pytest.raises(pydsql.errors.UndefinedTable):
        cur.executemany("INSERT INTO nope VALUES (%s)", [(1,), (2,)])
    with pytest.raises(pydsql.errors.InFailedSqlTransaction):  # as after cursor.execute of the same statement
        cur.execute("SELECT 1")
    conn.rollback()


def test_executemany_binds_lazily(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    with pytest.raises(pydsql.ProgrammingError):  # the third row lacks a parameter: psycopg runs the first two
        cur.executemany("INSERT INTO t (id) VALUES (%(id)s)", [{"id": 1}, {"id": 2}, {}])
    conn.commit()  # a client-side error does not fail the transaction
    assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,)]


def test_executemany_in_autocommit_commits_each_row(conn: pydsql.Connection) -> None:
    conn.autocommit = True
    cur = conn.cursor()
    with pytest.raises(pydsql.errors.UniqueViolation):
        cur.executemany("INSERT INTO t (id) VALUES (%s)", [(1,), (2,), (1,)])
    assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,)]


def test_setinputsizes_and_setoutputsize_are_noops(conn: pydsql.Connection) -> None:
    cur = conn.cursor()
    cur.setinputsizes([int])
    cur.setoutputsize(10)
    cur.setoutputsize(10, 0)


# -- Python values both ways ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "type_code"),
    [
        (5, 21),
        (100_000, 23),
        (2**40, 20),
        (2**70, 1700),
        (1.5, 701),
        (Decimal("1.50"), 1700),
        (True, 16),
        (b"\x00\xff", 17),
        (dt.date(2020, 2, 29), 1082),
        (dt.datetime(2020, 1, 1, 12, 30, 1, 5), 1114),
        (dt.datetime(2020, 1, 1, 12, tzinfo=dt.timezone.utc), 1184),
        (dt.time(13, 14, 15, 16), 1083),
        (dt.timedelta(days=3, seconds=5, microseconds=7), 1186),
        (uuid.UUID("12345678-1234-5678-1234-567812345678"), 2950),
    ],
)
def test_python_values_round_trip(value: object, type_code: int) -> None:
    cur = pydsql.connect().execute("SELECT %s", (value,))
    assert cur.fetchone() == (value,)
    assert cur.description[0].type_code == type_code  # type: ignore[index]


def test_aware_datetime_comes_back_in_utc() -> None:
    tz = dt.timezone(dt.timedelta(hours=2))
    v = dt.datetime(2020, 1, 1, 12, tzinfo=tz)
    (out,) = pydsql.connect().execute("SELECT %s::timestamptz", (v,)).fetchone()  # type: ignore[misc]
    assert out == v and out.utcoffset() == dt.timedelta(0)


def test_strings_and_none_are_untyped_like_psycopg(conn: pydsql.Connection) -> None:
    conn.execute("INSERT INTO t (id, amount) VALUES (%s, %s)", ("7", "2.50"))  # unknown -> the column's type
    assert conn.execute("SELECT id, amount FROM t").fetchall() == [(7, Decimal("2.50"))]
    assert conn.execute("SELECT %s", (None,)).fetchone() == (None,)
    with pytest.raises(errors.InvalidTextRepresentation):
        conn.execute("SELECT %s::int", ("x",))


def test_unadaptable_parameter_is_programming_error() -> None:
    with pytest.raises(pydsql.ProgrammingError):
        pydsql.connect().execute("SELECT %s", (object(),))


def test_nul_in_text_is_data_error() -> None:
    with pytest.raises(pydsql.DataError):
        pydsql.connect().execute("SELECT %s", ("a\x00b",))


def test_threads_share_a_cluster_safely() -> None:
    cluster = pydsql.Cluster()
    cluster.connect(autocommit=True).execute("CREATE TABLE log (id int PRIMARY KEY, who int)")
    errors_seen: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            c = cluster.connect(autocommit=True)
            for i in range(200):
                c.execute("INSERT INTO log VALUES (%s, %s)", (n * 1000 + i, n))
                c.execute("SELECT count(*) FROM log WHERE who = %s", (n,))
        except BaseException as e:  # pragma: no cover - reported below
            errors_seen.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors_seen
    assert cluster.connect().execute("SELECT count(*) FROM log").fetchone() == (800,)

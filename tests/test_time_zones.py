"""The session ``TimeZone``: every date/time computation that depends on it, against PostgreSQL 16.

DSQL's default is UTC, and ``SET TIME ZONE`` works there as in PostgreSQL
(reference section 2).  Each script below runs on a fresh pydsql connection
and on a PostgreSQL connection whose TimeZone starts at UTC; text casts make
the rendered values (wall time and offset) part of the comparison, since
the differential harness normalises Python datetimes to UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import pydsql
from differential import run_script

INSTANTS = "('2024-01-15 12:00+00'::timestamptz), ('2024-03-31 00:59:59.5+00'), ('2024-03-31 01:00+00'), " \
    "('2024-10-27 00:30+00'), ('2024-10-27 01:30+00'), ('1999-12-31 23:00+00'), ('1893-03-01 00:00+00')"

SCRIPTS: dict[str, list[str]] = {
    "set_and_show": [
        "SHOW TimeZone",
        "SET TIME ZONE 'america/new_york'",
        "SHOW TimeZone",
        "SET TIME ZONE -5",
        "SHOW timezone",
        "SET TIME ZONE 5.5",
        "SHOW TIME ZONE",
        "SET timezone = '-3'",
        "SHOW timezone",
        "SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE",
        "SHOW timezone",
        "SET TIME ZONE INTERVAL '+05:45'",
        "SHOW timezone",
        "SET TIME ZONE 'UTC+3'",
        "SHOW timezone",
        "SET TIME ZONE 'XYZ5ABC'",
        "SHOW timezone",
        "SET TIME ZONE 'utc'",
        "SHOW timezone",
        "SET timezone TO 'Asia/Kolkata'",
        "SHOW timezone",
        "SET TIME ZONE 'PST'",
        "SET TIME ZONE 'No/Such_Zone'",
        "SET TIME ZONE INTERVAL '1 day'",
        "SET TIME ZONE INTERVAL '1 month'",
        "SHOW timezone",
        "SELECT current_setting('TimeZone')",
    ],
    "set_is_transactional": [
        "BEGIN",
        "SET TIME ZONE 'Asia/Tokyo'",
        "SHOW TimeZone",
        "ROLLBACK",
        "SHOW TimeZone",
        "BEGIN",
        "SET LOCAL TIME ZONE 'Asia/Tokyo'",
        "SELECT '2024-01-01 00:00+00'::timestamptz::text",
        "COMMIT",
        "SHOW TimeZone",
        "BEGIN",
        "SET TIME ZONE 'Europe/Paris'",
        "SET LOCAL TIME ZONE 'Asia/Tokyo'",
        "SHOW TimeZone",
        "COMMIT",
        "SHOW TimeZone",
        "BEGIN",
        "SET TIME ZONE 'America/Denver'",
        "SELECT 1/0",
        "COMMIT",
        "SHOW TimeZone",
        "BEGIN",
        "SET search_path = nowhere",
        "ROLLBACK",
        "SELECT current_setting('TimeZone')",
    ],
    "output_in_zones": [
        f"CREATE TABLE ts (t timestamptz)",
        f"INSERT INTO ts VALUES {INSTANTS}",
        "SELECT t::text FROM ts ORDER BY t",
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT t::text, t::timestamp::text, t::date::text, t::time::text, t::timetz::text FROM ts ORDER BY t",
        "SET TIME ZONE 'America/St_Johns'",
        "SELECT t::text, t::timestamp::text, t::timetz::text FROM ts ORDER BY t",
        "SET TIME ZONE 'Asia/Kathmandu'",
        "SELECT t::text FROM ts ORDER BY t",
        "SET TIME ZONE -7",
        "SELECT t::text, t::timestamp::text FROM ts ORDER BY t",
        "SET TIME ZONE 'EST5EDT'",
        "SELECT t::text FROM ts ORDER BY t",
        "SET TIME ZONE 'XYZ5ABC'",
        "SELECT t::text FROM ts ORDER BY t",
        "SELECT count(*) FROM ts WHERE t > '2024-03-31 03:00'",
    ],
    "input_in_zones": [
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT '2024-07-01 12:00'::timestamptz::text, '2024-01-01 12:00'::timestamptz::text",
        "SELECT '2024-03-31 02:30'::timestamptz::text, '2024-10-27 02:30'::timestamptz::text",
        "SELECT '2024-07-01 12:00+00'::timestamptz::text, '2024-07-01 12:00 America/New_York'::timestamptz::text",
        "SELECT '2024-07-01T12:00:00.123456'::timestamptz::text, '2024-07-01'::timestamptz::text",
        "SELECT 'July 1, 2024 3pm'::timestamptz::text, '2024-07-01 12:00 PST'::timestamptz::text",
        "SELECT '2024-07-01 12:00'::timestamp::timestamptz::text, '2024-07-01'::date::timestamptz::text",
        "SELECT '12:00'::timetz::text, '12:00+03'::timetz::text, '2024-01-01 12:00'::time::timetz = '12:00'::timetz",
        "SELECT 'epoch'::timestamptz::text, 'allballs'::time::text",
        "SELECT '2024-07-01 12:00'::timestamp = '2024-07-01 12:00+02'::timestamptz",
        "SELECT '2024-07-01'::date < '2024-06-30 22:30+00'::timestamptz, '2024-07-01'::date = '2024-06-30 22:00+00'::timestamptz",
        "SET TIME ZONE 'Australia/Lord_Howe'",
        "SELECT '2024-04-07 01:45'::timestamptz::text, '2024-10-06 02:15'::timestamptz::text",
        "SET TIME ZONE 5.5",
        "SELECT '2024-07-01 12:00'::timestamptz::text, '2024-07-01 12:00'::timestamptz AT TIME ZONE 'UTC'",
    ],
    "arithmetic_across_dst": [
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT ('2024-03-30 12:00'::timestamptz + interval '1 day')::text, "
        "('2024-03-30 12:00'::timestamptz + interval '24 hours')::text",
        "SELECT ('2024-03-31 12:00'::timestamptz - interval '1 day')::text, "
        "('2024-02-29 02:30'::timestamptz + interval '1 month')::text",
        "SELECT ('2024-10-26 02:30'::timestamptz + interval '1 day')::text, "
        "('2024-01-31 12:00'::timestamptz + interval '1 month 1 day 1 hour')::text",
        "SELECT '2024-03-31 12:00'::timestamptz - '2024-03-30 12:00'::timestamptz",
        "SELECT age('2024-04-01 00:00'::timestamptz, '2024-03-30 12:00'::timestamptz), "
        "age('2024-11-01'::timestamptz, '2024-03-31 02:30+00'::timestamptz)",
        "SELECT x::text FROM generate_series('2024-03-29 12:00'::timestamptz, '2024-04-02', interval '1 day') AS g(x) ORDER BY x",
        "SELECT x::text FROM generate_series('2024-10-27 00:00'::timestamptz, '2024-10-27 04:00', interval '30 minutes') AS g(x) ORDER BY x",
        "SET TIME ZONE 'America/New_York'",
        "SELECT ('2024-03-09 02:30'::timestamptz + interval '1 day')::text, ('2024-11-02 01:30'::timestamptz + interval '1 day')::text",
        "SELECT x::text FROM generate_series('2024-01-31'::timestamptz, '2024-06-01', interval '1 month') AS g(x) ORDER BY x",
    ],
    "fields_and_truncation": [
        "CREATE TABLE ts (t timestamptz)",
        f"INSERT INTO ts VALUES {INSTANTS}",
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT extract(hour FROM t), extract(day FROM t), extract(timezone FROM t), extract(timezone_hour FROM t), "
        "extract(timezone_minute FROM t), extract(epoch FROM t) FROM ts ORDER BY t",
        "SELECT date_part('hour', t), date_part('dow', t), date_part('doy', t), date_part('julian', t) FROM ts ORDER BY t",
        "SELECT date_trunc('day', t)::text, date_trunc('hour', t)::text, date_trunc('month', t)::text, "
        "date_trunc('week', t)::text FROM ts ORDER BY t",
        "SELECT date_trunc('day', t, 'Asia/Tokyo')::text FROM ts ORDER BY t",
        "SET TIME ZONE 'America/St_Johns'",
        "SELECT extract(timezone FROM t), extract(timezone_hour FROM t), extract(timezone_minute FROM t), "
        "date_trunc('year', t)::text FROM ts ORDER BY t",
        "SET TIME ZONE -5",
        "SELECT extract(timezone FROM t), date_trunc('day', t)::text FROM ts ORDER BY t",
    ],
    "formatting": [
        "CREATE TABLE ts (t timestamptz)",
        f"INSERT INTO ts VALUES {INSTANTS}",
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT to_char(t, 'YYYY-MM-DD HH24:MI:SS TZ tz OF TZH:TZM') FROM ts ORDER BY t",
        "SET TIME ZONE 'Asia/Kolkata'",
        "SELECT to_char(t, 'YYYY-MM-DD HH24:MI TZ OF') FROM ts ORDER BY t",
        "SET TIME ZONE -5",
        "SELECT to_char(t, 'HH24:MI TZ OF') FROM ts ORDER BY t",
        "SET TIME ZONE 'XYZ5ABC'",
        "SELECT to_char(t, 'HH24:MI TZ OF') FROM ts ORDER BY t",
        "SET TIME ZONE 'America/Sao_Paulo'",
        "SELECT to_char(t, 'HH24:MI TZ OF') FROM ts ORDER BY t",
        "SET TIME ZONE 'Europe/Berlin'",
        "SELECT to_timestamp('2024-07-01 12:00', 'YYYY-MM-DD HH24:MI')::text, "
        "to_timestamp('2024-03-31 02:30', 'YYYY-MM-DD HH24:MI')::text, "
        "to_timestamp('2024-07-01 12:00 +05', 'YYYY-MM-DD HH24:MI TZH')::text",
        "SELECT make_timestamptz(2024, 7, 1, 12, 0, 0)::text, make_timestamptz(2024, 7, 1, 12, 0, 0, 'UTC')::text, "
        "make_timestamptz(2024, 3, 31, 2, 30, 0)::text",
        "SELECT to_timestamp(0)::text, to_timestamp(1711846800)::text",
        "SELECT to_json(t)::text, to_jsonb(t)::text, json_build_object('t', t)::text FROM ts ORDER BY t",
        "SET TIME ZONE 5.75",
        "SELECT to_json(t)::text, to_char(t, 'TZ OF') FROM ts ORDER BY t",
    ],
    "current_values": [
        "SET TIME ZONE 'Pacific/Kiritimati'",
        "SELECT current_date = (now() AT TIME ZONE 'Pacific/Kiritimati')::date, "
        "localtimestamp = now() AT TIME ZONE 'Pacific/Kiritimati', "
        "localtime = (now() AT TIME ZONE 'Pacific/Kiritimati')::time, "
        "current_time = (now() AT TIME ZONE 'Pacific/Kiritimati')::time::timetz, "
        "now()::date = current_date, 'today'::timestamptz = current_date::timestamptz, "
        "'now'::timestamp = localtimestamp, extract(timezone FROM current_time)",
        "SET TIME ZONE 'Pacific/Pago_Pago'",
        "SELECT current_date = (now() AT TIME ZONE 'Pacific/Pago_Pago')::date, "
        "'tomorrow'::date - 'yesterday'::date, extract(timezone FROM current_time)",
    ],
    "stored_values_survive_zone_changes": [
        "CREATE TABLE ev (id int PRIMARY KEY, at timestamptz, local_at timestamp)",
        "SET TIME ZONE 'America/Los_Angeles'",
        "INSERT INTO ev VALUES (1, '2024-07-01 09:00', '2024-07-01 09:00'), (2, '2024-12-01 09:00', '2024-12-01 09:00')",
        "SET TIME ZONE 'Asia/Tokyo'",
        "SELECT id, at::text, local_at::text, (local_at::timestamptz = at) FROM ev ORDER BY id",
        "SELECT id FROM ev WHERE at = '2024-07-02 01:00' ORDER BY id",
        "SELECT date_trunc('day', at)::text, count(*) FROM ev GROUP BY 1 ORDER BY 1",
        "RESET TimeZone",
        "SELECT id, at::text FROM ev ORDER BY id",  # (SHOW would differ: DSQL's default is UTC, pgserver's Etc/UTC)
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_time_zone_script(pg: Any, name: str) -> None:
    run_script(pg, SCRIPTS[name])


def _values(conn: Any, sql: str) -> list[tuple[Any, ...]]:
    """Rows with each aware datetime's zone name kept (the harness compares instants only)."""
    rows = conn.execute(sql).fetchall()
    return [tuple((v, str(v.tzinfo)) if isinstance(v, dt.datetime) and v.tzinfo else v for v in row) for row in rows]


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata", "-5", "UTC+3", "UTC"])
def test_python_values_in_the_session_zone(pg: Any, zone: str) -> None:
    """timestamptz results carry the session's zone as psycopg's do (UTC when zoneinfo cannot name it)."""
    mine = pydsql.connect(autocommit=True)
    sql = ("SELECT '2024-07-01 12:00+00'::timestamptz, ARRAY['2024-01-01 00:00+00'::timestamptz], "
           "'2024-07-01 12:00'::timestamp, '12:00+03'::timetz")
    for conn in (mine, pg):
        conn.execute(f"SET TIME ZONE '{zone}'")
    got = _values(mine, sql)
    expected = _values(pg, sql)
    if zone == "UTC":  # psycopg names its UTC zoneinfo; pydsql uses datetime.timezone.utc
        expected = [tuple((v[0], "UTC") if isinstance(v, tuple) else v for v in row) for row in expected]
    assert got[0][0] == expected[0][0]
    assert got[0][0][0].utcoffset() == expected[0][0][0].utcoffset()
    assert got[0][1][0].utcoffset() == expected[0][1][0].utcoffset()
    assert got[0][2:] == expected[0][2:]
    if zone not in ("-5", "UTC+3"):  # psycopg warns and falls back to UTC for those; so does pydsql, silently
        assert str(got[0][0][0].tzinfo) == str(expected[0][0][0].tzinfo)


def test_time_zone_is_per_session() -> None:
    cluster = pydsql.Cluster()
    a = cluster.connect(autocommit=True)
    b = cluster.connect(autocommit=True)
    a.execute("SET TIME ZONE 'Asia/Tokyo'")
    query = "SELECT '2024-01-01 00:00+00'::timestamptz::text"
    assert a.execute(query).fetchone() == ("2024-01-01 09:00:00+09",)
    assert b.execute(query).fetchone() == ("2024-01-01 00:00:00+00",)
    # the same statement text, prepared once per zone (a cached plan must not keep the other zone's constants)
    assert a.execute("SELECT '2024-01-01 09:00'::timestamptz = '2024-01-01 00:00+00'").fetchone() == (True,)
    assert b.execute("SELECT '2024-01-01 09:00'::timestamptz = '2024-01-01 00:00+00'").fetchone() == (False,)


def test_bad_time_zone_leaves_the_setting_alone() -> None:
    conn = pydsql.connect(autocommit=True)
    conn.execute("SET TIME ZONE 'Europe/Paris'")
    with pytest.raises(pydsql.Error) as info:
        conn.execute("SET TIME ZONE 'Mars/Olympus_Mons'")
    assert info.value.sqlstate == "22023"
    assert conn.execute("SHOW TimeZone").fetchone() == ("Europe/Paris",)


def test_reset_returns_to_dsql_default() -> None:
    conn = pydsql.connect(autocommit=True)
    for reset in ("RESET TimeZone", "RESET TIME ZONE", "SET TIME ZONE DEFAULT", "SET TIME ZONE LOCAL", "RESET ALL"):
        conn.execute("SET TIME ZONE 'Asia/Tokyo'")
        conn.execute(reset)
        assert conn.execute("SHOW TimeZone").fetchone() == ("UTC",), reset
        assert conn.execute("SELECT '2024-01-01 00:00+00'::timestamptz::text").fetchone() == ("2024-01-01 00:00:00+00",)

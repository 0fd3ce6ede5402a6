"""``inet`` and ``cidr``, run-time-only types in DSQL (reference section 7): allowed in
expressions, refused as column types.  Every expression is compared with PostgreSQL 16
(values as psycopg loads them, column types, SQLSTATEs and messages); text results
(``::text``, ``host``, ``abbrev``) compare PostgreSQL's own formatting of IPv6."""

from __future__ import annotations

import ipaddress
import random
from typing import Any

import pytest

import pydsql
from differential import compare, run_postgres, run_pydsql

STATEMENTS = [
    # input and output
    "SELECT '192.168.1.5'::inet, '192.168.1.5/24'::inet, '192.168.1.0/24'::cidr, '::1'::inet, '2001:db8::1/64'::inet",
    "SELECT '1.2.3/24'::inet, '1.2/16'::inet, '10/8'::inet, '01.002.3.4'::inet, '1.2.3.4/0'::inet, '0.0.0.0/0'::cidr",
    "SELECT '10/8'::cidr, '192.168/16'::cidr, '10.1.2.0'::cidr, '128.0.0.0'::cidr, '192.168.1.0'::cidr, '1.2.3.4'::cidr",
    "SELECT '10'::cidr, '10.1'::cidr, '128.1'::cidr, '192.168.1'::cidr, '224.0.0.0'::cidr, '224'::cidr, '240'::cidr",
    "SELECT '::/0'::cidr, '2001:db8::/32'::cidr, 'ffff::/16'::cidr, '::ffff:0:0/96'::cidr, '2001:DB8::A/128'::inet",
    "SELECT '1.2.3'::inet", "SELECT '1.2.3.4/33'::inet", "SELECT 'abc'::inet", "SELECT '1.2.3.256'::inet",
    "SELECT '  1.2.3.4'::inet", "SELECT '1.2.3.4 '::inet", "SELECT '1.2/24'::inet", "SELECT ''::inet",
    "SELECT '1.2.3.4/'::inet", "SELECT '1.2.3.4.5'::inet", "SELECT '1..2.3'::inet", "SELECT '::1/129'::inet",
    "SELECT '::1/064'::inet", "SELECT 'fe80::1%eth0'::inet", "SELECT ':::'::inet", "SELECT '1:2:3:4:5:6:7:8:9'::inet",
    "SELECT '192.168.1.5/24'::cidr", "SELECT '10.1'::cidr::text, '10.1.'::cidr", "SELECT '1.2.3.4/33'::cidr",
    "SELECT '::1/64'::cidr", "SELECT 'abc'::cidr", "SELECT '10.0.0.0/7'::cidr",
    # IPv6 text as PostgreSQL writes it (the longest run of zeros, an embedded IPv4 address)
    "SELECT '::ffff:1.2.3.4'::inet::text, '::1.2.3.4'::inet::text, '::'::inet::text, '1::'::inet::text, '::2'::inet::text",
    "SELECT '2001:db8:0:0:1:0:0:1'::inet::text, '1:0:0:2:0:0:0:3'::inet::text, '0:0:1:0:0:0:0:0'::inet::text",
    "SELECT '::2:3:4:5:6:7:8'::inet::text, '1:2:3:4:5:6:7::'::inet::text, '1:0:3:4:5:6:7:8'::inet::text",
    "SELECT '::ffff:0:1.2.3.4'::inet::text, '::1:0:0'::inet::text, '0:0:0:0:0:1:1.2.3.4'::inet::text",
    "SELECT host('::ffff:1.2.3.4/120'::inet), text('2001:db8::/48'::cidr), '::1'::inet::varchar, '1.2.3.4'::inet::char(12)",
    "SELECT to_json('::ffff:1.2.3.4'::inet), to_json('10.0.0.0/8'::cidr), to_jsonb('1.2.3.4/24'::inet)",
    "SELECT '1.2.3.4'::inet::text, '1.2.3.4/24'::inet::text, '1.2.3.0/24'::cidr::text, 'x' || '1.2.3.4'::inet",
    # functions
    "SELECT family('1.2.3.4'::inet), family('::1'::inet), masklen('1.2.3.4/24'::inet), masklen('::/0'::cidr)",
    "SELECT netmask('1.2.3.4/24'::inet), hostmask('1.2.3.4/24'::inet), broadcast('1.2.3.4/24'::inet), network('1.2.3.4/24'::inet)",
    "SELECT netmask('::1/64'::inet), hostmask('::1/100'::inet), broadcast('::1/64'::inet), network('2001:db8::1/64'::inet)",
    "SELECT netmask('1.2.3.4'::inet), hostmask('1.2.3.4/0'::inet), broadcast('1.2.3.4/32'::inet), network('1.2.3.4/0'::inet)",
    "SELECT host('1.2.3.4/24'::inet), host('::1/64'::inet), text('1.2.3.4'::inet), text('1.2.3.0/24'::cidr)",
    "SELECT set_masklen('1.2.3.4/24'::inet, 16), set_masklen('1.2.0.0/16'::cidr, 8), set_masklen('1.2.3.4'::inet, -1)",
    "SELECT set_masklen('1.2.3.4'::inet, 33)", "SELECT set_masklen('::1'::inet, -2)",
    "SELECT set_masklen('10.0.0.0/8'::cidr, 24), set_masklen('::1/128'::cidr, 64), set_masklen('::/0'::cidr, -1)",
    "SELECT abbrev('10.1.0.0/16'::cidr), abbrev('1.2.3.4/24'::inet), abbrev('10.0.0.0/8'::cidr), abbrev('0.0.0.0/0'::cidr)",
    "SELECT abbrev('10.128.0.0/9'::cidr), abbrev('1.2.3.4/32'::cidr), abbrev('1.2.3.4'::inet), abbrev('10.1.2.0/23'::cidr)",
    "SELECT abbrev('2001:db8::/32'::cidr), abbrev('::/0'::cidr), abbrev('::ffff:1.2.3.0/120'::cidr), abbrev('fe80::/10'::cidr)",
    "SELECT abbrev('::1.2.3.4/128'::cidr), abbrev('2001:db8:0:0:1::/80'::cidr), abbrev('::ffff:1.2.0.0/112'::cidr)",
    "SELECT abbrev('::/16'::cidr), abbrev('0:0:1::/48'::cidr), abbrev('1:0:0:0:0:0:0:0/128'::cidr)",
    "SELECT inet_same_family('1.2.3.4'::inet, '::1'::inet), inet_merge('1.2.3.4/24'::inet, '1.2.5.6/16'::inet)",
    "SELECT inet_merge('1.2.3.4'::inet, '1.2.3.5'::inet), inet_merge('128.0.0.1'::inet, '1.0.0.1'::inet)",
    "SELECT inet_merge('1.2.3.4'::inet, '::1'::inet)",
    # operators
    "SELECT '1.2.3.4'::inet < '1.2.3.5'::inet, '1.2.3.4/24'::inet < '1.2.3.4/25'::inet, '::1'::inet > '1.2.3.4'::inet",
    "SELECT '1.2.3.4'::inet = '1.2.3.4/32'::inet, '1.2.3.0/24'::cidr = '1.2.3.0/24'::inet, '1.2.3.4'::inet <> '1.2.3.4/24'",
    "SELECT '1.2.3.4'::inet << '1.2.3.0/24'::inet, '1.2.3.0/24'::inet <<= '1.2.3.0/24'::inet, '1.2.3.0/24'::cidr >> '1.2.3.4'",
    "SELECT '1.2.3.0/24'::inet && '1.2.0.0/16'::inet, '1.2.3.0/24'::inet && '1.3.0.0/16', '::1'::inet << '::/0'::cidr",
    "SELECT '1.2.3.4'::inet << '::/0'::cidr, '10.0.0.0/8'::cidr >>= '10.0.0.0/8', '1.2.3.4/24'::inet >> '1.2.3.5'",
    "SELECT ~'1.2.3.4'::inet, '1.2.3.4'::inet & '0.0.255.255'::inet, '1.2.3.4/8'::inet | '0.0.0.255/24'::inet",
    "SELECT '1.2.3.4'::inet + 300, 300 + '1.2.3.4'::inet, '1.2.3.4'::inet - 5, '1.2.3.4'::inet - '1.2.0.0'::inet",
    "SELECT '::1'::inet + 65535, '::ffff'::inet - '::1'::inet, ~'::1/64'::inet, '10.0.0.0/8'::cidr + 1",
    "SELECT '255.255.255.255'::inet + 1", "SELECT '0.0.0.0'::inet - 1", "SELECT '1.2.3.4'::inet & '::1'::inet",
    "SELECT '1.2.3.4'::inet | '::1'::inet", "SELECT '1.2.3.4'::inet - '::1'::inet",
    "SELECT 'ffff::'::inet - '::'::inet", "SELECT '::'::inet - 'ffff::'::inet",
    "SELECT '1.2.3.4'::inet + 1.5", "SELECT '1.2.3.4'::inet * 2", "SELECT '1.2.3.4'::inet || 'x'",
    # casts, ordering, grouping, aggregates
    "SELECT '1.2.3.4/24'::inet::cidr, '1.2.3.0/24'::cidr::inet, '1.2.3.4'::text::inet, '1.2.3.0/24'::varchar::cidr",
    "SELECT '1.2.3.4'::inet::int8", "SELECT 1::inet", "SELECT pg_typeof('1.2.3.4'::inet), pg_typeof('1.0.0.0/8'::cidr)",
    "SELECT x FROM (VALUES ('1.2.3.4/24'::inet), ('1.2.3.0/25'), ('1.2.3.4'), ('1.2.3.0/24'), ('::1'), ('1.2.0.0/16'),"
    " ('0.0.0.0/0'), ('1.2.3.5/24'), ('::/0'), ('1.2.3.4/31'), (NULL)) v(x) ORDER BY x",
    "SELECT x FROM (VALUES ('10.0.0.0/8'::cidr), ('10.0.0.0/16'), ('9.0.0.0/8'), ('::/0')) v(x) ORDER BY x DESC",
    "SELECT DISTINCT x FROM (VALUES ('1.2.3.4'::inet), ('1.2.3.4/32'), ('1.2.3.4/24')) v(x) ORDER BY x",
    "SELECT family(x), count(*) FROM (VALUES ('1.2.3.4'::inet), ('::1'), ('5.6.7.8')) v(x) GROUP BY 1 ORDER BY 1",
    "SELECT max(x), min(x) FROM (VALUES ('1.2.3.4'::inet), ('1.2.3.5'), ('::1'), (NULL)) v(x)",
    "SELECT max(x) FROM (VALUES ('10.0.0.0/8'::cidr), ('11.0.0.0/8'::cidr)) v(x)",
    "SELECT ARRAY['1.2.3.4'::inet], '{1.2.3.4,::1}'::inet[], '{10/8}'::cidr[], ('{1.2.3.4/24}'::inet[])[1]",
    "SELECT '1.2.3.4'::inet IN ('1.2.3.4', '5.6.7.8'), '1.2.3.4' << '1.2.0.0/16'::cidr, coalesce(NULL, '1.2.3.4'::inet)",
    "SELECT greatest('1.2.3.4'::inet, '1.2.3.5'), least('::1'::inet, '1.2.3.4'), CASE WHEN true THEN '1.1.1.1'::inet END",
    "SELECT string_agg(host(x), ',' ORDER BY x) FROM (VALUES ('10.0.0.2'::inet), ('10.0.0.1')) v(x)",
]


@pytest.mark.parametrize("sql", STATEMENTS, ids=[f"{i}" for i in range(len(STATEMENTS))])
def test_network_types_as_postgresql(pg: Any, sql: str) -> None:
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql), run_postgres(pg, sql))


def _random_ipv6(rng: random.Random) -> str:
    words = [rng.choice([0, 0, 0, 1, 0xFFFF, rng.randrange(1 << 16)]) for _ in range(8)]
    return ":".join(f"{w:x}" for w in words)


def test_random_addresses_as_postgresql(pg: Any) -> None:
    """Random addresses (IPv6 with runs of zeros, so the compression and the embedded IPv4
    forms vary), each through the text forms, the functions and the containment operators."""
    rng = random.Random(869)
    conn = pydsql.connect(autocommit=True)
    for _ in range(60):
        if rng.random() < 0.4:
            address = ".".join(str(rng.choice([0, 1, 10, 128, 192, 255, rng.randrange(256)])) for _ in range(4))
            bits = rng.randrange(33)
        else:
            address = _random_ipv6(rng)
            bits = rng.randrange(129)
        other = rng.randrange(bits + 1)
        sql = (
            f"SELECT '{address}/{bits}'::inet::text, host('{address}'::inet), abbrev(network('{address}/{bits}'::inet)),"
            f" broadcast('{address}/{bits}'::inet)::text, netmask('{address}/{bits}'::inet)::text,"
            f" '{address}/{bits}'::inet << set_masklen('{address}/{bits}'::inet, {other})::cidr,"
            f" '{address}/{bits}'::inet < '{address}/{other}'::inet, inet_merge('{address}/{bits}', '{address}/{other}')"
        )
        compare(sql, run_pydsql(conn, sql), run_postgres(pg, sql))


@pytest.mark.parametrize(
    "params",
    [
        (ipaddress.ip_address("10.0.0.1"), ipaddress.ip_network("10.0.0.0/8")),
        (ipaddress.ip_interface("2001:db8::5/64"), ipaddress.ip_network("2001:db8::/32")),
        ("192.168.0.1", "192.168.0.0/16"),
        (ipaddress.ip_address("::ffff:1.2.3.4"), ipaddress.ip_network("::/0")),
    ],
)
def test_parameters_as_postgresql(pg: Any, params: tuple[Any, Any]) -> None:
    """psycopg sends addresses and interfaces as inet and networks as cidr; a str is untyped."""
    sql = "SELECT %s::inet << %s::cidr, %s, %s, host(%s::inet)"
    args = (*params, *params, params[0])
    compare(sql, run_pydsql(pydsql.connect(autocommit=True), sql, args), run_postgres(pg, sql, args))


def test_inet_and_cidr_are_not_column_types_in_dsql() -> None:
    conn = pydsql.connect(autocommit=True)
    for column, name in (("a inet", "inet"), ("a cidr", "cidr"), ("a inet[]", "inet[]"), ("a cidr NOT NULL", "cidr")):
        with pytest.raises(pydsql.errors.FeatureNotSupported) as caught:
            conn.execute(f"CREATE TABLE t ({column})")
        assert str(caught.value) == f"datatype {name} not supported"
    conn.execute("CREATE TABLE hits (id int PRIMARY KEY, ip text NOT NULL)")
    conn.execute("INSERT INTO hits VALUES (1, '10.1.2.3'), (2, '192.168.0.9'), (3, '10.200.0.1')")
    rows = conn.execute(
        "SELECT id, ip::inet FROM hits WHERE ip::inet << %s::cidr ORDER BY ip::inet DESC", ("10.0.0.0/8",)
    ).fetchall()
    assert rows == [(3, ipaddress.ip_address("10.200.0.1")), (1, ipaddress.ip_address("10.1.2.3"))]

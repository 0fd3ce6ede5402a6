"""Bad input to the run-time-only types (money, inet/cidr, bit strings, (multi)ranges) is a pydsql
error with a SQLSTATE, never a raw Python exception or an internal error (XX000): random
texts through every input function, and random operands through their operators and
functions.  The values themselves are checked against PostgreSQL in the types' own test
files; this is about what no one would write on purpose."""

from __future__ import annotations

import random

import pytest

import pydsql

TYPES = ["money", "inet", "cidr", "bit", "varbit", "bit(3)", "varbit(2)", "int4range", "int8range", "numrange",
         "daterange", "tsrange", "tstzrange", "int4multirange", "nummultirange", "datemultirange"]
ALPHABET = "0123456789abcdefxXbB$.,-+() []{}\"\\:/%eE\t empty'"

VALUES = [
    "'1.5'::money", "'-92233720368547758.08'::money", "NULL::money",
    "'1.2.3.4/24'::inet", "'::1'::inet", "'255.255.255.255'::inet", "'0.0.0.0/0'::cidr", "NULL::inet",
    "B'101'", "B''", "X'F'", "'1'::varbit", "NULL::bit",
    "int4range(1,5)", "'empty'::int4range", "'(,)'::numrange", "numrange(1.5, NULL)", "daterange('2020-01-01', NULL)",
    "NULL::int4range", "'{[1,3), [5,)}'::int4multirange", "'{}'::int4multirange",
    "0", "-1", "2147483647", "1.5", "'NaN'::float8", "1e308", "-9223372036854775808", "'abc'",
]
OPERATORS = ["+", "-", "*", "/", "%", "&", "|", "#", "<<", ">>", "@>", "<@", "&&", "-|-", "&<", "&>", "=", "<", "||"]
FUNCTIONS = ["lower", "upper", "abbrev", "host", "masklen", "set_masklen", "cash_words", "length", "get_bit", "set_bit",
             "substring", "overlay", "position", "bit_count", "range_merge", "isempty", "family", "network", "broadcast",
             "text", "octet_length", "cashlarger", "inet_merge", "multirange", "int4multirange", "unnest"]


def _run(conn: pydsql.Connection, sql: str, params: tuple[str, ...] | None = None) -> None:
    try:
        conn.execute(sql, params).fetchall()
    except pydsql.Error as e:
        assert e.sqlstate and not e.sqlstate.startswith("XX"), f"{sql} {params}: {e.sqlstate} {e}"


@pytest.mark.parametrize("seed", range(3))
def test_random_texts_through_the_input_functions(seed: int) -> None:
    rng = random.Random(seed)
    conn = pydsql.connect(autocommit=True)
    for _ in range(700):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 14)))
        _run(conn, f"SELECT %s::{rng.choice(TYPES)}", (text,))


@pytest.mark.parametrize("seed", range(3))
def test_random_operands_through_the_operators_and_functions(seed: int) -> None:
    rng = random.Random(seed)
    conn = pydsql.connect(autocommit=True)
    for _ in range(600):
        if rng.random() < 0.6:
            sql = f"SELECT {rng.choice(VALUES)} {rng.choice(OPERATORS)} {rng.choice(VALUES)}"
        else:
            args = ", ".join(rng.choice(VALUES) for _ in range(rng.randrange(1, 4)))
            sql = f"SELECT {rng.choice(FUNCTIONS)}({args})"
        _run(conn, sql)

"""The classic PEP 249 compliance suite (``dbapi20.py``, PyPI ``dbapi-compliance``).

Overrides are limited to what DSQL forbids or what the suite leaves to the
driver; each says why in one line.
"""

from __future__ import annotations

import unittest

import dbapi20

import pydsql


class PydsqlDBAPI20Test(dbapi20.DatabaseAPI20Test):
    driver = pydsql
    # A named in-memory database: every connection of a test shares it, and it
    # vanishes with the last connection, so each test starts empty.
    connect_args = ("dbapi20-compliance",)
    connect_kw_args: dict[str, object] = {}
    lower_func = "lower"

    # DSQL forbids DDL and DML in one transaction: the suite's DDL runs in a transaction of its own.
    def executeDDL1(self, cursor: pydsql.Cursor) -> None:  # noqa: N802 - the suite's name
        cursor.connection.commit()
        cursor.execute(self.ddl1)
        cursor.connection.commit()

    # DSQL forbids DDL and DML in one transaction: the suite's DDL runs in a transaction of its own.
    def executeDDL2(self, cursor: pydsql.Cursor) -> None:  # noqa: N802
        cursor.connection.commit()
        cursor.execute(self.ddl2)
        cursor.connection.commit()

    # close() is idempotent, as in psycopg and sqlite3 (the suite expects a second close to raise).
    def test_non_idempotent_close(self) -> None:
        con = self._connect()
        con.close()
        con.close()
        self.assertRaises(self.driver.Error, con.cursor)

    # The suite leaves nextset to the driver (it needs a stored procedure): multi-statement strings.
    def test_nextset(self) -> None:
        con = self._connect()
        try:
            cur = con.cursor()
            cur.execute("SELECT 1; SELECT 2, 3")
            self.assertEqual(cur.fetchall(), [(1,)])
            self.assertTrue(cur.nextset())
            self.assertEqual(cur.fetchall(), [(2, 3)])
            self.assertIsNone(cur.nextset())
        finally:
            con.close()

    # The suite leaves setoutputsize to the driver: it is accepted and ignored (PEP 249 allows it).
    def test_setoutputsize(self) -> None:
        con = self._connect()
        try:
            cur = con.cursor()
            cur.setoutputsize(1000)
            cur.setoutputsize(2000, 0)
            self.executeDDL1(cur)
            cur.execute("SELECT name FROM %sbooze" % self.table_prefix)
            self.assertEqual(cur.fetchall(), [])
        finally:
            con.close()


if __name__ == "__main__":
    unittest.main()

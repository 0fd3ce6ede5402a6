"""pydsql in one screen: a DSQL database in-process, DSQL's rules, and an OCC conflict.

Run with ``make demo`` (or ``python examples/quickstart.py`` once pydsql is installed).
"""

from __future__ import annotations

import pydsql
from pydsql import errors

conn = pydsql.connect()  # a fresh in-memory DSQL database, no server
cur = conn.cursor()
cur.execute(
    "CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner text NOT NULL, "
    "balance numeric(12,2) NOT NULL CHECK (balance >= 0))"
)
conn.commit()  # DSQL: one DDL statement per transaction, and no DML with it

cur.execute("INSERT INTO accounts (owner, balance) VALUES (%s, %s) RETURNING id", ("ada", 100))
(ada,) = cur.fetchone()  # type: ignore[misc]
cur.execute("INSERT INTO accounts (owner, balance) VALUES (%s, %s)", ("bob", 50))
conn.commit()
print("accounts:", conn.execute("SELECT owner, balance FROM accounts ORDER BY owner").fetchall())
conn.commit()

# Two concurrent transactions update the same row.  Nothing blocks: both
# UPDATEs succeed, and the conflict is decided at COMMIT (first committer wins).
other = conn.cluster.connect()  # a second connection to the same database
conn.execute("UPDATE accounts SET balance = balance - 30 WHERE id = %s", (ada,))
other.execute("UPDATE accounts SET balance = balance + 10 WHERE id = %s", (ada,))
conn.commit()
try:
    other.commit()
except errors.SerializationFailure as e:
    print(f"second commit failed: SQLSTATE {e.sqlstate}: {e}")

# The standard DSQL retry: roll back and run the whole transaction again, COMMIT included
# (pydsql.retry backs off exponentially with jitter).  Two injected conflicts show it working.
other.rollback()
conn.cluster.faults.fail_next(2)
attempts: list[int] = []


def deposit(c: pydsql.Connection) -> None:
    attempts.append(1)
    c.execute("UPDATE accounts SET balance = balance + 10 WHERE id = %s", (ada,))


pydsql.retry(deposit, other)
print(f"retry succeeded on attempt {len(attempts)}")

# DSQL's rules are enforced, with DSQL's errors.
for sql in ("CREATE INDEX idx ON accounts (owner)", "TRUNCATE accounts"):
    try:
        conn.execute(sql)
    except pydsql.NotSupportedError as e:
        print(f"{sql!r} -> {e.sqlstate}: {e}")
    conn.rollback()

# DSQL's way: CREATE INDEX ASYNC returns a job; wait for it, then the planner uses the index.
conn.autocommit = True
(job,) = conn.execute("CREATE INDEX ASYNC accounts_owner ON accounts (owner)").fetchone()  # type: ignore[misc]
conn.execute("CALL sys.wait_for_job(%s)", (job,))
for (line,) in conn.execute("EXPLAIN SELECT balance FROM accounts WHERE owner = 'bob'").fetchall():
    print("plan:", line)

# DSQL's quotas, smaller here so that batching code can be tested: 3,000 rows per transaction by default.
small = pydsql.Cluster(quotas=pydsql.Quotas(transaction_rows=100)).connect()
small.execute("CREATE TABLE events (id int PRIMARY KEY)")
small.commit()
try:
    small.execute("INSERT INTO events SELECT generate_series(1, 101)")
except errors.ProgramLimitExceeded as e:
    print(f"101 rows in one transaction -> {e.sqlstate}: {e}")

print("final:", conn.execute("SELECT owner, balance FROM accounts ORDER BY owner").fetchall())
conn.close()

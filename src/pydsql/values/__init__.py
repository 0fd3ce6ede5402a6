"""SQL values: PostgreSQL 16's text input/output, casts, operators and arithmetic.

This package is pydsql's ``pg_type`` + ``pg_cast`` + ``pg_operator``: plain
data tables (see :mod:`pydsql.values.registry`) of Python functions that work on
the Python representation of each type (documented in :mod:`pydsql.types`).
It knows nothing of SQL syntax or plans; :mod:`pydsql.sql` resolves operators
and casts over these tables and compiles calls to the functions.

Every function here is *strict*: it is never called with ``None`` (SQL NULL is
handled by the caller), and every failure a user can cause raises a
:class:`pydsql.errors.Error` subclass with PostgreSQL's SQLSTATE and message.
"""

"""The SQL front end: parsing (the DSQL dialect), analysis, planning, compilation, execution.

Only this package imports sqlglot.  Its single entry point for the session is
:func:`pydsql.sql.statements.prepare`.
"""

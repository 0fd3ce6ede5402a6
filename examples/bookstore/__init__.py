"""Bookstore: an example SQLAlchemy ORM application that runs on Aurora DSQL and, in its tests, on pydsql.

* :mod:`.models`: declarative models with UUID keys, relationships and a
  many-to-many association table;
* :mod:`.service`: units of work (placing an order, restocking) wrapped in
  DSQL's OCC retry, and reporting queries with joins and aggregates;
* ``migrations/``: the Alembic environment that creates the schema
  (``alembic upgrade head``), one DDL statement per transaction as DSQL requires;
* ``test_bookstore.py``: the application's tests, on a fresh pydsql database each.

In production the engine URL is ``auroradsql+psycopg://admin@<cluster endpoint>/postgres``
(AWS's ``aurora-dsql-sqlalchemy``); in tests it is ``auroradsql+pydsql://`` -- nothing else changes.
"""

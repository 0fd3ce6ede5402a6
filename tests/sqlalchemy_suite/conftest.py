"""SQLAlchemy's dialect compliance suite (``sqlalchemy.testing.suite``) run against pydsql.

It runs through SQLAlchemy's own pytest plugin, which needs its own rootdir
(``pytest.ini`` and ``test.cfg`` here), so the main ``tests/`` run does not
collect this directory (``collect_ignore`` in ``tests/conftest.py``).  What
DSQL supports is stated in ``pydsql.sqlalchemy.requirements.Requirements``:
every skip there carries its reason.
"""

import warnings

import pytest

import pydsql.sqlalchemy  # registers the URLs for an uninstalled checkout too

pytest_plugins = ["dsql_marks"]

pytest.register_assert_rewrite("sqlalchemy.testing.assertions")

from sqlalchemy.testing.plugin.pytestplugin import *  # noqa: E402,F401,F403


@pytest.fixture(autouse=True, scope="session")
def _stored_computed_columns_warning() -> None:
    """SQLAlchemy 2.1 warns that a ``Computed()`` without ``persisted`` is created STORED on
    PostgreSQL < 18 (pydsql reports 16, as DSQL); its suite makes warnings errors.  The columns
    are created STORED, which is what the tests expect."""
    warnings.filterwarnings("ignore", message=r"Computed column .* is being created as 'STORED'")

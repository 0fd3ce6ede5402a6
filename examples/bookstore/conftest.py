"""The bookstore's test configuration: pydsql's pytest plugin gives every test a fresh
database, cloned from a schema that ``metadata.create_all`` builds once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine

import pydsql
from bookstore.models import Base


@pytest.fixture(scope="session")
def pydsql_schema() -> Callable[[pydsql.Connection], None]:
    def setup(conn: pydsql.Connection) -> None:
        engine = create_engine("auroradsql+pydsql://", connect_args={"cluster": conn.cluster})
        Base.metadata.create_all(engine)  # one DDL per transaction, indexes built ASYNC
        engine.dispose()

    return setup

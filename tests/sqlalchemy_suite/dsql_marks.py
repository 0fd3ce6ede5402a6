"""Applies ``pydsql.sqlalchemy.requirements.SUITE_MARKS``: skips and expected failures of suite
tests that SQLAlchemy does not gate on a requirement (each with its reason)."""

from __future__ import annotations

import fnmatch
import re

import pytest

from pydsql.sqlalchemy.requirements import SUITE_MARKS

_BACKEND_SUFFIX = re.compile(r"_[a-z]+\+[a-z]+_[0-9_]+$")  # e.g. ComponentReflectionTest_pydsql+pydsql_16_15


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    from sqlalchemy.testing import config as sa_config

    dialect = sa_config.db.dialect.name
    for item in items:
        cls = item.cls.__name__ if item.cls is not None else ""
        name = f"{_BACKEND_SUFFIX.sub('', cls)}::{item.name}"
        for pattern, kind, reason in SUITE_MARKS:
            if pattern.startswith("auroradsql:"):
                if dialect != "auroradsql":
                    continue
                pattern = pattern.removeprefix("auroradsql:")
            if fnmatch.fnmatchcase(name, pattern):
                if kind == "skip":
                    item.add_marker(pytest.mark.skip(reason=reason))
                else:
                    item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
                break

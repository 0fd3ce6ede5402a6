"""Shared set-up of the value-layer unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pydsql.values import datetimes


@pytest.fixture(autouse=True)
def _no_session_zone() -> Iterator[None]:
    """Each test runs with no session TimeZone bound (UTC).  A pydsql session binds its
    TimeZone to a context variable of the thread it runs on and leaves it there (see
    ``Session._bind_context``), so a test that ran a session with another zone on this
    pytest worker would otherwise shift ``'now'::time`` and friends here."""
    token = datetimes.SESSION_ZONE.set(None)
    try:
        yield
    finally:
        datetimes.SESSION_ZONE.reset(token)

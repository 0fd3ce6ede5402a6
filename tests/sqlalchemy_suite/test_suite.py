"""SQLAlchemy's whole third-party dialect compliance suite."""

from sqlalchemy.testing.suite import *  # noqa: F401,F403

"""The bookstore's own tests: every test on a fresh pydsql database (``auroradsql+pydsql://``).

pydsql's pytest plugin provides the database: ``conftest.py`` builds the schema
once (``pydsql_schema``), every test gets a copy-on-write clone of it
(``pydsql_cluster``) and an engine on that clone (``pydsql_engine``), and
``@pytest.mark.pydsql(...)`` injects faults.

What a team would write for the application, plus the proofs that its OCC
retry survives real and injected conflicts and that its Alembic migrations
run on a DSQL-shaped database and match the models.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import pydsql
from bookstore.models import Author, Base, Book, Order
from bookstore.service import (
    OutOfStock, add_book, is_occ_conflict, place_order, restock, sales_by_author, session_factory, top_customers,
    transaction,
)

HERE = Path(__file__).resolve().parent


# The application's production dialect is aurora-dsql-sqlalchemy's: its tests use the same name.
pytestmark = pytest.mark.pydsql(sqlalchemy_url="auroradsql+pydsql://")


@pytest.fixture
def stocked(pydsql_engine: Engine) -> Engine:
    """The test's own database (pydsql's plugin: a clone of the schema built once), with books."""
    sessions = session_factory(pydsql_engine)
    transaction(sessions, lambda s: add_book(s, "Dune", Decimal("9.99"), ["Frank Herbert"], stock=5))
    transaction(sessions, lambda s: add_book(s, "Good Omens", Decimal("12.50"), ["Terry Pratchett", "Neil Gaiman"], 3))
    transaction(sessions, lambda s: add_book(s, "Coraline", Decimal("7.00"), ["Neil Gaiman"], 4))
    return pydsql_engine


def test_books_authors_many_to_many_with_server_uuids(stocked: Engine) -> None:
    with Session(stocked) as s:
        gaiman = s.scalars(select(Author).where(Author.name == "Neil Gaiman")).one()
        assert sorted(b.title for b in gaiman.books) == ["Coraline", "Good Omens"]
        omens = s.scalars(select(Book).where(Book.title == "Good Omens")).one()
        assert sorted(a.name for a in omens.authors) == ["Neil Gaiman", "Terry Pratchett"]
        assert omens.id.version == 4 and omens.price == Decimal("12.50")  # gen_random_uuid(), numeric(10,2)


def test_orders_reports_joins_and_aggregates(stocked: Engine) -> None:
    sessions = session_factory(stocked)
    transaction(sessions, lambda s: place_order(s, "ada@example.com", {"Dune": 2, "Good Omens": 1}))
    transaction(sessions, lambda s: place_order(s, "bob@example.com", {"Coraline": 3}))
    transaction(sessions, lambda s: place_order(s, "ada@example.com", {"Coraline": 1}))
    with sessions() as s:
        assert sales_by_author(s) == [
            ("Neil Gaiman", 5, Decimal("40.50")), ("Frank Herbert", 2, Decimal("19.98")),
            ("Terry Pratchett", 1, Decimal("12.50")),
        ]
        assert top_customers(s) == [("ada@example.com", 2, Decimal("39.48")), ("bob@example.com", 1, Decimal("21.00"))]
        ada_orders = s.scalars(select(Order).join(Order.customer).where(Order.customer.has(email="ada@example.com")))
        assert sorted(len(o.lines) for o in ada_orders) == [1, 2]
        stock = {title: n for title, n in s.execute(select(Book.title, Book.stock))}
        assert stock == {"Dune": 3, "Good Omens": 2, "Coraline": 0}


def test_out_of_stock_is_not_retried_and_changes_nothing(stocked: Engine) -> None:
    sessions = session_factory(stocked)
    with pytest.raises(OutOfStock):
        transaction(sessions, lambda s: place_order(s, "ada@example.com", {"Dune": 1, "Coraline": 9}))
    with sessions() as s:
        assert s.scalars(select(Book.stock).where(Book.title == "Dune")).one() == 5
        assert s.scalars(select(Order)).all() == []


def test_a_real_conflict_is_retried(stocked: Engine) -> None:
    sessions = session_factory(stocked)
    attempts = []

    def order(s: Session) -> Order:
        attempts.append(1)
        placed = place_order(s, "ada@example.com", {"Dune": 1})
        if len(attempts) == 1:  # meanwhile another customer buys the same book and commits first
            transaction(sessions, lambda other: place_order(other, "bob@example.com", {"Dune": 2}))
        return placed

    transaction(sessions, order, sleep=lambda _: None)
    assert len(attempts) == 2  # the first COMMIT failed with OC000, the retry saw bob's order
    with sessions() as s:
        assert s.scalars(select(Book.stock).where(Book.title == "Dune")).one() == 5 - 2 - 1


def test_injected_conflicts_are_retried(stocked: Engine, pydsql_cluster: pydsql.Cluster) -> None:
    sessions = session_factory(stocked)
    pydsql_cluster.faults.fail_next(2)  # the next two writing commits fail as a conflict would
    transaction(sessions, lambda s: restock(s, "Dune", 10), sleep=lambda _: None)
    assert pydsql_cluster.stats().injected_oc000 == 2
    with sessions() as s:
        assert s.scalars(select(Book.stock).where(Book.title == "Dune")).one() == 15


def test_conflicts_surface_as_psycopg_shaped_errors(stocked: Engine, pydsql_cluster: pydsql.Cluster) -> None:
    sessions = session_factory(stocked)
    pydsql_cluster.faults.fail_next(5)
    with pytest.raises(DBAPIError) as failure:
        transaction(sessions, lambda s: restock(s, "Dune", 1), retries=2, sleep=lambda _: None)
    assert is_occ_conflict(failure.value)
    assert failure.value.orig.sqlstate == "40001"  # type: ignore[union-attr]
    assert "OC000" in str(failure.value.orig)


@pytest.mark.pydsql(sqlalchemy_url="auroradsql+pydsql://", conflict_rate=0.3, seed=7)
def test_the_retry_loop_survives_a_conflict_rate_of_30_percent(stocked: Engine, pydsql_cluster: pydsql.Cluster) -> None:
    """30% of every writing commit fails with OC000 (reproducibly: seed 7); every unit of work
    still happens exactly once."""
    sessions = session_factory(stocked)
    for n in range(20):
        transaction(sessions, lambda s: place_order(s, f"c{n % 4}@example.com", {"Dune": 1}),
                    retries=20, sleep=lambda _: None)
        transaction(sessions, lambda s: restock(s, "Dune", 1), retries=20, sleep=lambda _: None)
    assert pydsql_cluster.stats().injected_oc000 > 5  # the loop really was exercised
    with sessions() as s:
        assert s.scalars(select(Book.stock).where(Book.title == "Dune")).one() == 5 - 20 + 20
        assert len(s.scalars(select(Order)).all()) == 20


def test_concurrent_orders_never_oversell(stocked: Engine) -> None:
    sessions = session_factory(stocked)
    sold: list[int] = []
    refused: list[int] = []

    def customer(n: int) -> None:
        try:
            transaction(sessions, lambda s: place_order(s, f"c{n}@example.com", {"Good Omens": 1}), retries=50)
            sold.append(n)
        except OutOfStock:
            refused.append(n)

    threads = [threading.Thread(target=customer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(sold), len(refused)) == (3, 3)  # 3 copies in stock
    with sessions() as s:
        assert s.scalars(select(Book.stock).where(Book.title == "Good Omens")).one() == 0


# -- Alembic ----------------------------------------------------------------------------------------


@pytest.fixture
def alembic_config(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[tuple[Config, str]]:
    name = f"bookstore_{request.node.name}"
    keep = pydsql.connect(name)  # the named in-process database lives while a connection to it does
    url = f"auroradsql+pydsql:///{name}"
    monkeypatch.setenv("BOOKSTORE_URL", url)
    yield Config(str(HERE / "alembic.ini")), url
    keep.close()


def test_alembic_upgrade_downgrade_and_an_empty_autogenerate_diff(alembic_config: tuple[Config, str]) -> None:
    config, url = alembic_config
    command.upgrade(config, "head")  # one DDL per transaction, as DSQL requires
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert tables == {"alembic_version", "authors", "books", "book_authors", "customers", "orders", "order_lines"}
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []  # the migrations and the models agree
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    engine.dispose()

"""The bookstore's units of work and reports.

Every write is a unit of work run by :func:`transaction`: a fresh ORM
session, the work, COMMIT -- and on Aurora DSQL's optimistic-concurrency
failure (SQLSTATE 40001, OC000/OC001, raised at COMMIT or at any statement)
a rollback and the *whole* unit of work again, with jittered exponential
back-off.  The code is the same on DSQL and on pydsql: SQLAlchemy wraps the
driver's error in ``sqlalchemy.exc.DBAPIError`` with the driver's exception
(and its ``sqlstate``) in ``.orig``, as psycopg's ``SerializationFailure``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Engine, desc, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from .models import Author, Book, Customer, Order, OrderLine, book_authors

T = TypeVar("T")


class OutOfStock(Exception):
    """An order asks for more copies than the store has: the unit of work is not retried."""


def is_occ_conflict(error: BaseException) -> bool:
    """Aurora DSQL's retryable failure: SQLSTATE 40001 (OC000 data, OC001 schema)."""
    return isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) == "40001"


def transaction(
    sessions: sessionmaker[Session], work: Callable[[Session], T], *, retries: int = 5,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``work`` in a session and commit it, retrying the whole unit on 40001."""
    for attempt in range(retries + 1):
        with sessions() as session:
            try:
                result = work(session)
                session.commit()
                return result
            except DBAPIError as e:
                session.rollback()
                if not is_occ_conflict(e) or attempt == retries:
                    raise
        sleep(min(0.1, 0.001 * 2**attempt) * (1 + random.random() / 4))  # DSQL's guidance
    raise AssertionError("unreachable")


def add_book(session: Session, title: str, price: Decimal, authors: list[str], stock: int = 0) -> Book:
    known = {a.name: a for a in session.scalars(select(Author).where(Author.name.in_(authors)))}
    book = Book(title=title, price=price, stock=stock,
                authors=[known.get(name) or Author(name=name) for name in authors])
    session.add(book)
    session.flush()  # the server assigns the UUIDs
    return book


def place_order(session: Session, email: str, items: dict[str, int]) -> Order:
    """An order of ``items`` (title -> quantity) for the customer ``email``: checks and
    takes the stock, records the lines at today's prices.  Two orders of the same book
    at the same time conflict at COMMIT (both decremented its stock): one is retried."""
    customer = session.scalars(select(Customer).where(Customer.email == email)).one_or_none()
    if customer is None:
        customer = Customer(email=email)
        session.add(customer)
    order = Order(customer=customer)
    session.add(order)
    for title, quantity in items.items():
        book = session.scalars(select(Book).where(Book.title == title)).one()
        if book.stock < quantity:
            raise OutOfStock(f"{title}: {book.stock} left, {quantity} asked")
        book.stock -= quantity
        order.lines.append(OrderLine(book=book, quantity=quantity, unit_price=book.price))
    session.flush()
    return order


def restock(session: Session, title: str, copies: int) -> int:
    book = session.scalars(select(Book).where(Book.title == title)).one()
    book.stock += copies
    return book.stock


def sales_by_author(session: Session) -> list[tuple[str, int, Decimal]]:
    """(author, copies sold, revenue) for every author with sales, best first."""
    revenue = func.sum(OrderLine.quantity * OrderLine.unit_price)
    rows = session.execute(
        select(Author.name, func.sum(OrderLine.quantity), revenue)
        .join(book_authors, book_authors.c.author_id == Author.id)
        .join(OrderLine, OrderLine.book_id == book_authors.c.book_id)
        .group_by(Author.name)
        .order_by(desc(revenue), Author.name)
    )
    return [(name, int(copies), Decimal(total)) for name, copies, total in rows]


def top_customers(session: Session, n: int = 3) -> list[tuple[str, int, Decimal]]:
    """(email, orders, total spent) of the ``n`` best customers."""
    spent = func.sum(OrderLine.quantity * OrderLine.unit_price)
    rows = session.execute(
        select(Customer.email, func.count(func.distinct(Order.id)), spent)
        .join(Order, Order.customer_id == Customer.id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .group_by(Customer.email)
        .order_by(desc(spent), Customer.email)
        .limit(n)
    )
    return [(email, int(orders), Decimal(total)) for email, orders, total in rows]


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: objects returned by a unit of work stay readable after it
    return sessionmaker(engine, expire_on_commit=False)

"""Run the bookstore against pydsql: ``python -m bookstore.main`` from ``examples/``.

Set ``BOOKSTORE_URL`` to run it elsewhere (for instance against Aurora DSQL:
``auroradsql+psycopg://admin@<endpoint>/postgres`` with AWS's dialect installed).
"""

from __future__ import annotations

import os
from decimal import Decimal

from sqlalchemy import create_engine

from .models import Base
from .service import add_book, place_order, restock, sales_by_author, session_factory, top_customers, transaction


def main() -> None:
    engine = create_engine(os.environ.get("BOOKSTORE_URL", "auroradsql+pydsql://"))
    Base.metadata.create_all(engine)  # one DDL per transaction, indexes built ASYNC
    sessions = session_factory(engine)
    transaction(sessions, lambda s: add_book(s, "Dune", Decimal("9.99"), ["Frank Herbert"], stock=5))
    transaction(sessions, lambda s: add_book(s, "Good Omens", Decimal("12.50"), ["Terry Pratchett", "Neil Gaiman"], 3))
    transaction(sessions, lambda s: add_book(s, "Coraline", Decimal("7.00"), ["Neil Gaiman"], 4))
    transaction(sessions, lambda s: place_order(s, "ada@example.com", {"Dune": 2, "Good Omens": 1}))
    transaction(sessions, lambda s: place_order(s, "bob@example.com", {"Coraline": 3}))
    transaction(sessions, lambda s: restock(s, "Dune", 10))
    with sessions() as s:
        for name, copies, revenue in sales_by_author(s):
            print(f"{name:16} {copies:3} copies  {revenue:8}")
        for email, orders, spent in top_customers(s):
            print(f"{email:16} {orders:3} orders  {spent:8}")


if __name__ == "__main__":
    main()

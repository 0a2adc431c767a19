"""Searching 100 000 contacts by part of a name: first page and total count, the service
against hand-written SQL. A ``LIKE '%part%'`` cannot use a b-tree index, so both sides scan."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import add_scale_contacts, load_demo
from segapp.services.contacts.contact_list import ContactFilter, search_contacts

from .harness import Result, median_seconds

NAME = "contacts_search"
CONTACTS = 100_000
PAGE_SIZE = 50
PART = "mart"

RAW_COUNT = """
SELECT count(*) FROM contact
WHERE search_name LIKE :upper OR lower(no) LIKE :lower OR lower(city) LIKE :lower
   OR lower(email) LIKE :lower
"""
RAW_PAGE = """
SELECT c.no, c.type, c.name, co.no, c.company_name, c.city, c.post_code, c.phone_no, c.email,
       c.salesperson_code
FROM contact c LEFT JOIN contact co ON co.id = c.company_id
WHERE c.search_name LIKE :upper OR lower(c.no) LIKE :lower OR lower(c.city) LIKE :lower
   OR lower(c.email) LIKE :lower
ORDER BY c.no LIMIT :limit
"""


def run(kind: str, engine: Engine, repeat: int) -> Result:
    with Session(engine) as session:
        load_demo(session)
        add_scale_contacts(session, CONTACTS, seed=11)
        session.commit()
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    params = {"upper": f"%{PART.upper()}%", "lower": f"%{PART}%", "limit": PAGE_SIZE}

    def service() -> None:
        with Session(engine) as session:
            page = search_contacts(session, ContactFilter(search=PART), 1, PAGE_SIZE)
            assert page.total > PAGE_SIZE and len(page.rows) == PAGE_SIZE

    def baseline() -> None:
        with engine.connect() as conn:
            total = conn.execute(text(RAW_COUNT), params).scalar_one()
            rows = conn.execute(text(RAW_PAGE), params).all()
            assert total > PAGE_SIZE and len(rows) == PAGE_SIZE

    seconds = median_seconds(service, repeat)
    base = median_seconds(baseline, repeat)
    with engine.connect() as conn:
        total = conn.execute(text(RAW_COUNT), params).scalar_one()
    return Result(NAME, kind, CONTACTS, seconds, base, {"search": PART, "matches": total})

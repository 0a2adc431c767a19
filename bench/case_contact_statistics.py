"""The contact card's interactions at a glance for a company whose 200 persons have 50 000
interaction log entries, among 200 000 entries in all: statistics, latest entries, open segments
and the twelve months, the service against the same four statements written by hand."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from segapp.demo import add_scale_contacts, load_demo
from segapp.models import Contact, ContactType, InteractionLogEntry
from segapp.services.contacts import interactions

from .harness import Result, median_seconds

NAME = "contact_statistics"
PERSONS = 200
OWN_ENTRIES = 50_000
OTHER_ENTRIES = 150_000
TODAY = dt.date(2026, 12, 15)

RAW = (
    """
SELECT count(CASE WHEN NOT canceled AND NOT postponed THEN 1 END),
       coalesce(sum(CASE WHEN NOT canceled AND NOT postponed THEN cost ELSE 0 END), 0),
       coalesce(sum(CASE WHEN NOT canceled AND NOT postponed THEN duration ELSE 0 END), 0),
       max(CASE WHEN NOT attempt_failed THEN date END),
       max(CASE WHEN initiated_by = 'us' THEN date END)
FROM interaction_log_entry
WHERE (contact_company_id = :id OR contact_id = :id) AND NOT postponed
""",
    """
SELECT e.entry_no, e.date, e.description, c.no, c.name, e.document_id,
       EXISTS (SELECT 1 FROM email_message m WHERE m.entry_no = e.entry_no AND m.eml IS NOT NULL)
FROM interaction_log_entry e JOIN contact c ON c.id = e.contact_id
WHERE (e.contact_company_id = :id OR e.contact_id = :id) AND NOT e.postponed
ORDER BY e.date DESC, e.entry_no DESC LIMIT 10
""",
    """
SELECT h.no, h.description, h.date, count(l.id)
FROM segment_header h JOIN segment_line l ON l.segment_id = h.id
WHERE l.contact_company_id = :id OR l.contact_id = :id
GROUP BY h.id, h.no, h.description, h.date ORDER BY h.no
""",
    """
SELECT {month}, correspondence_type, count(*)
FROM interaction_log_entry
WHERE (contact_company_id = :id OR contact_id = :id) AND NOT canceled AND NOT postponed
  AND date >= :start AND date < :end
GROUP BY {month}, correspondence_type
""",
)


def _entries(rng: random.Random, contacts: list[tuple[int, int | None]], n: int) -> list[dict]:
    kinds = ("", "hard_copy", "email")
    rows = []
    for i in range(n):
        contact_id, company_id = contacts[i % len(contacts)]
        rows.append(
            {
                "contact_id": contact_id,
                "contact_company_id": company_id,
                "date": TODAY - dt.timedelta(days=rng.randrange(730)),
                "description": f"Bench entry {i}",
                "cost": Decimal(rng.randrange(0, 2000)) / 100,
                "duration": rng.randrange(0, 60),
                "correspondence_type": kinds[i % 3],
                "canceled": rng.random() < 0.05,
                "postponed": rng.random() < 0.01,
                "attempt_failed": rng.random() < 0.05,
                "initiated_by": "us" if i % 2 else "them",
                "information_flow": "outbound",
            }
        )
    return rows


def run(kind: str, engine: Engine, repeat: int) -> Result:
    rng = random.Random(14)
    with Session(engine) as session:
        load_demo(session)
        add_scale_contacts(session, 10_000, seed=14)
        company = Contact(
            no="CB000001", type=ContactType.COMPANY, name="Bench Company", search_name="BENCH"
        )
        session.add(company)
        session.flush()
        company.company_id = company.id
        persons = [
            Contact(
                no=f"CB{i + 2:06d}",
                type=ContactType.PERSON,
                name=f"Bench Person {i}",
                search_name=f"BENCH PERSON {i}",
                company_id=company.id,
            )
            for i in range(PERSONS)
        ]
        session.add_all(persons)
        session.flush()
        own = [(company.id, company.id)] + [(p.id, company.id) for p in persons]
        others = [
            (row.id, row.company_id)
            for row in session.exec(select(Contact).where(col(Contact.no).like("CS%")))
        ]
        table = InteractionLogEntry.__table__
        for rows in (_entries(rng, own, OWN_ENTRIES), _entries(rng, others, OTHER_ENTRIES)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(table), rows[start : start + 5000])
        session.commit()
        company_id = company.id
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    month = "date_trunc('month', date)" if kind == "postgresql" else "strftime('%Y-%m', date)"
    statements = [sql.replace("{month}", month) for sql in RAW]
    params = {"id": company_id, "start": dt.date(2026, 1, 1), "end": dt.date(2027, 1, 1)}

    def service() -> None:
        with Session(engine) as session:
            company = session.get(Contact, company_id)
            result = interactions.contact_interactions(session, company, TODAY)
            assert result.statistics.no_of_interactions > OWN_ENTRIES * 0.9
            assert len(result.latest) == interactions.LATEST

    def baseline() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM contact WHERE id = :id"), params).one()
            for sql in statements:
                conn.execute(text(sql), params).all()

    seconds = median_seconds(service, repeat)
    base = median_seconds(baseline, repeat)
    return Result(
        NAME, kind, OWN_ENTRIES, seconds, base, {"all_entries": OWN_ENTRIES + OTHER_ENTRIES}
    )

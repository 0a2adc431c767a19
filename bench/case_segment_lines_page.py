"""Reading page 100 (50 lines) of a 10 000-line segment: the service against raw SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import add_scale_contacts, load_demo
from segapp.models import Contact, SegmentHeader, SegmentLine
from segapp.services.worksheet.segments import segment_lines_page

from .harness import Result, median_seconds

NAME = "segment_lines_page"
LINES = 10_000
PAGE = 100
PAGE_SIZE = 50

RAW_COUNT = "SELECT count(*) FROM segment_line WHERE segment_id = :sid"
RAW_PAGE = """
SELECT l.line_no, c.no, c.name, c.type, co.name, l.correspondence_type, l.description,
       l.interaction_template_code, l.language_code, l.subject, l.salesperson_code, l.date,
       l.cost, l.duration, l.evaluation,
       EXISTS (SELECT 1 FROM segment_language s
               WHERE s.segment_id = l.segment_id AND s.segment_line_no = l.line_no),
       EXISTS (SELECT 1 FROM segment_language s
               WHERE s.segment_id = l.segment_id AND s.segment_line_no = 0
                 AND s.language_code = l.language_code AND s.document_id IS NOT NULL)
         AND coalesce(l.interaction_template_code, '') = :tmpl
FROM segment_line l
JOIN (SELECT id FROM segment_line WHERE segment_id = :sid
      ORDER BY line_no LIMIT :limit OFFSET :offset) p ON p.id = l.id
LEFT JOIN contact c ON c.id = l.contact_id
LEFT JOIN contact co ON co.id = l.contact_company_id
ORDER BY l.line_no
"""


def build_segment(engine: Engine, lines: int) -> SegmentHeader:
    """A segment with ``lines`` lines on the demo data plus enough scale contacts."""
    with Session(engine, expire_on_commit=False) as session:
        load_demo(session)
        add_scale_contacts(session, lines, seed=7)
        session.flush()
        header = SegmentHeader(no="BENCH0001", description="Benchmark", date=dt.date(2026, 11, 2))
        session.add(header)
        session.flush()
        contacts = session.exec(select(Contact.id, Contact.company_id).limit(lines)).all()
        session.execute(
            insert(SegmentLine),
            [
                {
                    "segment_id": header.id,
                    "line_no": (i + 1) * 10000,
                    "contact_id": cid,
                    "contact_company_id": company,
                    "description": "Benchmark",
                    "date": header.date,
                    "language_code": "EN",
                }
                for i, (cid, company) in enumerate(contacts)
            ],
        )
        session.commit()
        return header


def run(kind: str, engine: Engine, repeat: int) -> Result:
    header = build_segment(engine, LINES)

    def service() -> None:
        with Session(engine) as session:
            page = segment_lines_page(session, header, PAGE, PAGE_SIZE)
            assert len(page.rows) == PAGE_SIZE and page.total == LINES

    def baseline() -> None:
        with engine.connect() as conn:
            total = conn.execute(text(RAW_COUNT), {"sid": header.id}).scalar_one()
            rows = conn.execute(
                text(RAW_PAGE),
                {
                    "sid": header.id,
                    "tmpl": "",
                    "limit": PAGE_SIZE,
                    "offset": (PAGE - 1) * PAGE_SIZE,
                },
            ).all()
            assert len(rows) == PAGE_SIZE and total == LINES

    seconds = median_seconds(service, repeat)
    base = median_seconds(baseline, repeat)
    return Result(NAME, kind, LINES, seconds, base, {"page": PAGE, "page_size": PAGE_SIZE})

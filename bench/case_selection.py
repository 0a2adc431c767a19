"""Choosing contacts on 100 000 contacts: Add Contacts with filters on three classification
tables (about 20 000 lines), the count shown before confirming, and Go Back of that step,
against hand-written SQL producing the same lines, criteria rows and history rows."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import add_scale_contacts, load_demo
from segapp.models import SegmentHeader
from segapp.services.selection import selection

from .harness import Result

CONTACTS = 100_000
CRITERIA = {
    "contact_mailing_group": {"mailing_group_code": "NEWSLETTER|EVENT|GIFT"},
    "contact_industry_group": {"industry_group_code": "<>GOVERNMENT"},
    "contact_business_relation": {"business_relation_code": "CUST|PROS|PARTNER"},
}

RAW_ADD = """
INSERT INTO segment_line (segment_id, line_no, contact_id, contact_company_id, campaign_no,
    salesperson_code, correspondence_type, interaction_template_code, interaction_group_code,
    cost, duration, campaign_response, campaign_target, information_flow, initiated_by,
    evaluation, language_code, description, subject, date, attempt_failed,
    send_word_doc_as_attmt, contact_via)
SELECT :sid, ROW_NUMBER() OVER (ORDER BY x.company_name, co.no, x.type, x.name, x.no) * 10000,
    x.id, x.company_id, NULL, coalesce(:sp, x.salesperson_code), x.correspondence_type, NULL,
    NULL, 0, 0, false, false, '', '', '', x.language_code, :d, '', :date, false, false, ''
FROM contact x LEFT JOIN contact co ON co.id = x.company_id
WHERE x.exclude_from_segment = false
  AND EXISTS (SELECT 1 FROM contact_mailing_group m WHERE m.contact_id = x.id
              AND m.mailing_group_code IN ('NEWSLETTER', 'EVENT', 'GIFT'))
  AND EXISTS (SELECT 1 FROM contact_industry_group i WHERE i.contact_id = x.company_id
              AND i.industry_group_code <> 'GOVERNMENT')
  AND EXISTS (SELECT 1 FROM contact_business_relation b WHERE b.contact_id = x.company_id
              AND b.business_relation_code IN ('CUST', 'PROS', 'PARTNER'))
  AND NOT EXISTS (SELECT 1 FROM segment_line l WHERE l.segment_id = :sid AND l.contact_id = x.id)
"""
RAW_CRITERIA = """
INSERT INTO segment_criteria_line (segment_id, line_no, type, action, table_name, filters,
    allow_existing_contacts, expand_contact, allow_company_with_persons, ignore_exclusion,
    entire_companies, no_of_filters)
VALUES (:sid, 1, 'action', 'add', '', '{}', false, false, false, false, false, 3),
       (:sid, 2, 'filter', 'add', 'contact_mailing_group', '{}', false, false, false, false, false, 0),
       (:sid, 3, 'filter', 'add', 'contact_industry_group', '{}', false, false, false, false, false, 0),
       (:sid, 4, 'filter', 'add', 'contact_business_relation', '{}', false, false, false, false, false, 0)
"""
RAW_HISTORY = """
INSERT INTO segment_history (segment_id, action_no, segment_line_no, contact_id, action_taken)
SELECT segment_id, 1, line_no, contact_id, 'insertion' FROM segment_line WHERE segment_id = :sid
"""
RAW_COUNT = """
SELECT count(*) FROM contact x
WHERE x.exclude_from_segment = false
  AND EXISTS (SELECT 1 FROM contact_mailing_group m WHERE m.contact_id = x.id
              AND m.mailing_group_code IN ('NEWSLETTER', 'EVENT', 'GIFT'))
  AND EXISTS (SELECT 1 FROM contact_industry_group i WHERE i.contact_id = x.company_id
              AND i.industry_group_code <> 'GOVERNMENT')
  AND EXISTS (SELECT 1 FROM contact_business_relation b WHERE b.contact_id = x.company_id
              AND b.business_relation_code IN ('CUST', 'PROS', 'PARTNER'))
  AND NOT EXISTS (SELECT 1 FROM segment_line l WHERE l.segment_id = :sid AND l.contact_id = x.id)
"""
RAW_UNDO = [
    "DELETE FROM segment_line WHERE segment_id = :sid AND EXISTS (SELECT 1 FROM segment_history h"
    " WHERE h.segment_id = :sid AND h.action_no = 1 AND h.segment_line_no = segment_line.line_no)",
    "DELETE FROM segment_history WHERE segment_id = :sid AND action_no = 1",
    "DELETE FROM segment_criteria_line WHERE segment_id = :sid AND line_no >= 1",
]


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


NAME = "selection"


def run(kind: str, engine: Engine, repeat: int) -> list[Result]:
    with Session(engine, expire_on_commit=False) as session:
        load_demo(session)
        add_scale_contacts(session, CONTACTS, seed=11)
        headers = []
        for no in ("BENCHSVC", "BENCHRAW"):
            header = SegmentHeader(no=no, description="Benchmark", date=dt.date(2026, 11, 2))
            session.add(header)
            headers.append(header)
        session.commit()
    service_header, raw_header = headers
    runs = max(3, repeat // 5)
    add_s, add_b, count_s, count_b, back_s, back_b, lines = [], [], [], [], [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        with Session(engine) as session:
            counted = selection.count_add(
                session, service_header.id, CRITERIA, selection.AddOptions()
            )
        count_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        with engine.connect() as conn:
            assert conn.execute(text(RAW_COUNT), {"sid": raw_header.id}).scalar_one() == counted
        count_b.append(time.perf_counter() - start)

        start = time.perf_counter()
        with Session(engine) as session:
            lines = selection.add_contacts(session, service_header.id, CRITERIA).inserted
            session.commit()
        add_s.append(time.perf_counter() - start)
        assert lines == counted

        start = time.perf_counter()
        with engine.begin() as conn:
            params = {
                "sid": raw_header.id,
                "sp": None,
                "d": "Benchmark",
                "date": dt.date(2026, 11, 2),
            }
            conn.execute(text(RAW_ADD), params)
            conn.execute(text(RAW_CRITERIA), {"sid": raw_header.id})
            conn.execute(text(RAW_HISTORY), {"sid": raw_header.id})
        add_b.append(time.perf_counter() - start)

        start = time.perf_counter()
        with Session(engine) as session:
            selection.go_back(session, service_header.id)
            session.commit()
        back_s.append(time.perf_counter() - start)

        start = time.perf_counter()
        with engine.begin() as conn:
            for statement in RAW_UNDO:
                conn.execute(text(statement), {"sid": raw_header.id})
        back_b.append(time.perf_counter() - start)
    return [
        Result("add_contacts", kind, lines, _median(add_s), _median(add_b)),
        Result("count_preview", kind, lines, _median(count_s), _median(count_b)),
        Result("go_back", kind, lines, _median(back_s), _median(back_b)),
    ]

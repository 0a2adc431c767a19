"""Logging a 10 000-line segment (reference section 7.2): the service against hand-written SQL
doing the same inserts and deletes. Each run logs a fresh copy of the segment."""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from functools import cache

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import add_scale_contacts, load_demo, make_letter_docx
from segapp.models import (
    Contact,
    InteractionTemplate,
    Salesperson,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    User,
)
from segapp.services.logging.logging import log_segment

from .harness import Result

NAME = "log_segment"
LINES = 10_000
MAX_REPEAT = 7

RAW_LOG = (
    """
INSERT INTO logged_segment (segment_no, description, creation_date, user_id, canceled, created_at)
VALUES (:no, :description, :today, :uid, false, :now)
""",
    """
INSERT INTO campaign_entry (campaign_no, description, date, segment_no, register_no, user_id,
                            canceled)
SELECT l.campaign_no, :description, :today, :no,
       (SELECT entry_no FROM logged_segment WHERE segment_no = :no), :uid, false
FROM segment_line l WHERE l.segment_id = :sid AND l.campaign_no IS NOT NULL
GROUP BY l.campaign_no
""",
    """
UPDATE stored_document SET read_only = true
WHERE id IN (SELECT document_id FROM segment_language WHERE segment_id = :sid)
""",
    """
INSERT INTO interaction_log_entry (
    contact_id, contact_company_id, date, description, information_flow, initiated_by,
    document_id, cost, duration, user_id, interaction_group_code, interaction_template_code,
    campaign_no, campaign_entry_no, campaign_response, campaign_target, segment_no, evaluation,
    attempt_failed, salesperson_code, delivery_status, canceled, correspondence_type,
    logged_segment_entry_no, contact_via, send_word_docs_as_attmt, language_code, subject,
    postponed, created_at)
SELECT l.contact_id, l.contact_company_id, l.date, l.description, l.information_flow,
       l.initiated_by,
       (SELECT s.document_id FROM segment_language s WHERE s.segment_id = l.segment_id
          AND s.segment_line_no = 0 AND s.language_code = l.language_code),
       l.cost, l.duration, :uid, l.interaction_group_code, l.interaction_template_code,
       l.campaign_no, NULL, l.campaign_response, l.campaign_target, :no, l.evaluation,
       l.attempt_failed, l.salesperson_code, '', false,
       CASE WHEN l.correspondence_type = 'email' AND coalesce(c.email, '') = '' THEN ''
            ELSE l.correspondence_type END,
       (SELECT entry_no FROM logged_segment WHERE segment_no = :no),
       l.contact_via, l.send_word_doc_as_attmt, l.language_code, l.subject, false, :now
FROM segment_line l JOIN contact c ON c.id = l.contact_id
WHERE l.segment_id = :sid
ORDER BY l.line_no
""",
    "DELETE FROM segment_criteria_line WHERE segment_id = :sid",
    "DELETE FROM segment_history WHERE segment_id = :sid",
    "DELETE FROM segment_language WHERE segment_id = :sid",
    "DELETE FROM segment_line WHERE segment_id = :sid",
    "DELETE FROM segment_header WHERE id = :sid",
)


@cache
def _letter() -> bytes:
    """A real Word letter: logging keeps every line's merge values for it."""
    return make_letter_docx("EN", "Benchmark", ["Thank you for your visit, «Contact Name»."])


def _prepare(engine: Engine) -> tuple[int, list[tuple[int, int | None]], str, str]:
    with Session(engine, expire_on_commit=False) as session:
        load_demo(session)
        add_scale_contacts(session, LINES, seed=7)
        session.commit()
        contacts = [
            tuple(r) for r in session.execute(select(Contact.id, Contact.company_id).limit(LINES))
        ]
        template = session.execute(select(InteractionTemplate.code).limit(1)).scalar_one()
        salesperson = session.execute(select(Salesperson.code).limit(1)).scalar_one()
        user_id = session.execute(select(User.id).limit(1)).scalar_one()
    return user_id, contacts, template, salesperson


def _build(
    engine: Engine, no: str, contacts, template: str, salesperson: str, letter: bool = False
) -> int:
    """A fresh open segment with one line per contact, its EN language row (with a Word letter
    when ``letter``) and its history."""
    with Session(engine, expire_on_commit=False) as session:
        header = SegmentHeader(
            no=no,
            description="Benchmark",
            date=dt.date(2026, 11, 2),
            interaction_template_code=template,
            salesperson_code=salesperson,
            language_code_default="EN",
        )
        session.add(header)
        session.flush()
        document_id = None
        if letter:
            content = _letter()
            doc = StoredDocument(file_name="bench.docx", content=content, size=len(content))
            session.add(doc)
            session.flush()
            document_id = doc.id
        session.add(
            SegmentLanguage(segment_id=header.id, language_code="EN", document_id=document_id)
        )
        rows = [
            {
                "segment_id": header.id,
                "line_no": (i + 1) * 10000,
                "contact_id": cid,
                "contact_company_id": company,
                "description": "Benchmark",
                "date": header.date,
                "salesperson_code": salesperson,
                "interaction_template_code": template,
                "language_code": "EN",
                "correspondence_type": "email",
            }
            for i, (cid, company) in enumerate(contacts)
        ]
        session.execute(insert(SegmentLine), rows)
        session.execute(
            insert(SegmentHistory),
            [
                {
                    "segment_id": header.id,
                    "action_no": 1,
                    "segment_line_no": r["line_no"],
                    "contact_id": r["contact_id"],
                    "action_taken": "insertion",
                }
                for r in rows
            ],
        )
        session.commit()
        return header.id


def raw_log(engine: Engine, no: str, sid: int, user_id: int) -> None:
    """The hand-written SQL of a log: the same inserts and deletes in one transaction."""
    params = {
        "no": no,
        "sid": sid,
        "uid": user_id,
        "description": "Benchmark",
        "today": dt.date.today(),
        "now": dt.datetime.now(dt.UTC),
    }
    statements = RAW_LOG
    if engine.dialect.name == "postgresql":
        # PostgreSQL deduces one type per parameter: spell the types out.
        casts = {
            ":no": "CAST(:no AS VARCHAR(20))",
            ":description": "CAST(:description AS VARCHAR(100))",
            ":today": "CAST(:today AS DATE)",
            ":uid": "CAST(:uid AS INTEGER)",
            ":now": "CAST(:now AS TIMESTAMPTZ)",
        }
        for name, cast in casts.items():
            statements = tuple(re.sub(rf"{name}\b", cast, s) for s in statements)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def run(kind: str, engine: Engine, repeat: int) -> Result:
    user_id, contacts, template, salesperson = _prepare(engine)
    repeat = max(1, min(repeat, MAX_REPEAT))
    counter = iter(range(1, 10_000))

    def timed(fn) -> float:
        no = f"BENCH{next(counter):05d}"
        sid = _build(engine, no, contacts, template, salesperson)
        start = time.perf_counter()
        fn(no, sid)
        return time.perf_counter() - start

    def service(no: str, _sid: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            result = log_segment(session, no, user_id=user_id, deliver=False, follow_up=False)
            session.commit()
        assert result.interactions == LINES

    def baseline(no: str, sid: int) -> None:
        raw_log(engine, no, sid, user_id)

    timed(service)
    timed(baseline)
    seconds = statistics.median(timed(service) for _ in range(repeat))
    base = statistics.median(timed(baseline) for _ in range(repeat))
    return Result(NAME, kind, LINES, seconds, base, {"repeat": repeat})

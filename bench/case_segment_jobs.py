"""Whole-segment actions on 100 000 contacts, each against hand-written SQL doing the same in
the same run:

- ``go_back_worst``: Add Contacts (about 17 000 lines), Reduce, then Go Back twice; the second
  Go Back removes lines that the first one brought back at new numbers. One line per Go Back.
- ``header_template_change``: a new template on the header of a 10 000-line segment, applied
  to every line (template values, correspondence types, letters, languages and subjects).
- ``reuse_criteria``: the 3-step criteria of go_back_worst replayed onto a new segment.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from itertools import cycle

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import add_scale_contacts
from segapp.models import SegmentHeader
from segapp.services.selection import selection
from segapp.services.worksheet import worksheet

from .case_segment_lines_page import build_segment
from .case_selection import CONTACTS, CRITERIA, RAW_ADD, RAW_CRITERIA, RAW_HISTORY
from .harness import Result

NAME = "segment_jobs"
REDUCE = {"contact": {"search_name": "A*|B*|C*|D*|E*|F*"}}
REFINE = {"contact": {"type": "person"}}
DATE = dt.date(2026, 11, 2)
GO_BACK_TARGET = "<=0.5s,<=2x"

RAW_REDUCE = [
    "INSERT INTO segment_criteria_line (segment_id, line_no, type, action, table_name, filters,"
    " allow_existing_contacts, expand_contact, allow_company_with_persons, ignore_exclusion,"
    " entire_companies, no_of_filters) VALUES"
    " (:sid, 5, 'action', 'reduce', '', '{}', false, false, false, false, false, 1),"
    " (:sid, 6, 'filter', 'reduce', 'contact', '{}', false, false, false, false, false, 0)",
    "INSERT INTO segment_history (segment_id, action_no, segment_line_no, contact_id,"
    " action_taken) SELECT l.segment_id, 2, l.line_no, l.contact_id, 'deletion'"
    " FROM segment_line l JOIN contact c ON c.id = l.contact_id WHERE l.segment_id = :sid"
    " AND (c.search_name LIKE 'A%' OR c.search_name LIKE 'B%' OR c.search_name LIKE 'C%'"
    " OR c.search_name LIKE 'D%' OR c.search_name LIKE 'E%' OR c.search_name LIKE 'F%')",
    "DELETE FROM segment_line WHERE segment_id = :sid AND line_no IN (SELECT segment_line_no"
    " FROM segment_history WHERE segment_id = :sid AND action_no = 2)",
]
RAW_REFINE = [
    "INSERT INTO segment_criteria_line (segment_id, line_no, type, action, table_name, filters,"
    " allow_existing_contacts, expand_contact, allow_company_with_persons, ignore_exclusion,"
    " entire_companies, no_of_filters) VALUES"
    " (:sid, 7, 'action', 'refine', '', '{}', false, false, false, false, false, 1),"
    " (:sid, 8, 'filter', 'refine', 'contact', '{}', false, false, false, false, false, 0)",
    "INSERT INTO segment_history (segment_id, action_no, segment_line_no, contact_id,"
    " action_taken) SELECT l.segment_id, 3, l.line_no, l.contact_id, 'deletion'"
    " FROM segment_line l JOIN contact c ON c.id = l.contact_id WHERE l.segment_id = :sid"
    " AND c.type <> 'person'",
    "DELETE FROM segment_line WHERE segment_id = :sid AND line_no IN (SELECT segment_line_no"
    " FROM segment_history WHERE segment_id = :sid AND action_no = 3)",
]
# Go Back of the Reduce: the deleted contacts come back at the end, the step is forgotten.
RAW_BACK_REDUCE = [
    "INSERT INTO segment_line (segment_id, line_no, contact_id, contact_company_id, campaign_no,"
    " salesperson_code, correspondence_type, interaction_template_code, interaction_group_code,"
    " cost, duration, campaign_response, campaign_target, information_flow, initiated_by,"
    " evaluation, language_code, description, subject, date, attempt_failed,"
    " send_word_doc_as_attmt, contact_via)"
    " SELECT :sid, (SELECT max(line_no) FROM segment_line WHERE segment_id = :sid)"
    " + ROW_NUMBER() OVER (ORDER BY h.segment_line_no) * 10000, x.id, x.company_id, NULL,"
    " x.salesperson_code, x.correspondence_type, NULL, NULL, 0, 0, false, false, '', '', '',"
    " x.language_code, 'Benchmark', '', :date, false, false, ''"
    " FROM segment_history h JOIN contact x ON x.id = h.contact_id"
    " WHERE h.segment_id = :sid AND h.action_no = 2 AND h.action_taken = 'deletion'",
    "DELETE FROM segment_history WHERE segment_id = :sid AND action_no = 2",
    "DELETE FROM segment_criteria_line WHERE segment_id = :sid AND line_no >= 5",
]
# Go Back of the Add: every line of a contact the Add inserted goes (the lines moved by the
# first Go Back included), the step is forgotten.
RAW_BACK_ADD = [
    "DELETE FROM segment_line WHERE segment_id = :sid AND contact_id IN (SELECT contact_id"
    " FROM segment_history WHERE segment_id = :sid AND action_no = 1)",
    "DELETE FROM segment_history WHERE segment_id = :sid AND action_no = 1",
    "DELETE FROM segment_criteria_line WHERE segment_id = :sid AND line_no >= 1",
]


def _raw(engine: Engine, statements: list[str], sid: int) -> float:
    start = time.perf_counter()
    with engine.begin() as conn:
        for statement in statements:
            params = {"sid": sid, "date": DATE}
            conn.execute(text(statement), {k: v for k, v in params.items() if f":{k}" in statement})
    return time.perf_counter() - start


def _timed(engine: Engine, work) -> float:
    start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        work(session)
        session.commit()
    return time.perf_counter() - start


def _headers(engine: Engine, *numbers: str) -> list[int]:
    with Session(engine, expire_on_commit=False) as session:
        headers = [SegmentHeader(no=no, description="Benchmark", date=DATE) for no in numbers]
        session.add_all(headers)
        session.commit()
        return [h.id for h in headers]


def _go_back_worst(kind: str, engine: Engine, runs: int) -> tuple[list[Result], int]:
    service_id, raw_id = _headers(engine, "BENCHGB", "BENCHGBRAW")
    first_s, first_b, second_s, second_b, lines = [], [], [], [], 0
    for _ in range(runs):
        with Session(engine) as session:
            lines = selection.add_contacts(session, service_id, CRITERIA).inserted
            selection.remove_contacts(session, service_id, REDUCE, refine=False)
            session.commit()
        first_s.append(_timed(engine, lambda s: selection.go_back(s, service_id)))
        second_s.append(_timed(engine, lambda s: selection.go_back(s, service_id)))
        with engine.begin() as conn:
            params = {"sid": raw_id, "sp": None, "d": "Benchmark", "date": DATE}
            conn.execute(text(RAW_ADD), params)
            conn.execute(text(RAW_CRITERIA), {"sid": raw_id})
            conn.execute(text(RAW_HISTORY), {"sid": raw_id})
        _raw(engine, RAW_REDUCE, raw_id)
        first_b.append(_raw(engine, RAW_BACK_REDUCE, raw_id))
        second_b.append(_raw(engine, RAW_BACK_ADD, raw_id))
    med = statistics.median
    return [
        Result(
            "go_back_worst",
            kind,
            lines,
            med(first_s),
            med(first_b),
            {"step": "reduce", "target": GO_BACK_TARGET},
        ),
        Result(
            "go_back_worst",
            kind,
            lines,
            med(second_s),
            med(second_b),
            {"step": "add", "target": GO_BACK_TARGET},
        ),
    ], lines


def _reuse_criteria(kind: str, engine: Engine, runs: int) -> Result:
    (source,) = _headers(engine, "BENCHRCSRC")
    with Session(engine) as session:
        selection.add_contacts(session, source, CRITERIA)
        selection.remove_contacts(session, source, REDUCE, refine=False)
        selection.remove_contacts(session, source, REFINE, refine=True)
        selection.save_criteria(session, source, "BENCH3", "Three steps", None)
        session.commit()
    service_s, base_s, lines = [], [], 0
    for run in range(runs):
        target, raw = _headers(engine, f"BENCHRC{run}", f"BENCHRCRAW{run}")
        service_s.append(
            _timed(engine, lambda s, t=target: selection.reuse_criteria(s, t, "BENCH3"))
        )
        with engine.connect() as conn:
            lines = conn.execute(
                text("SELECT count(*) FROM segment_line WHERE segment_id = :sid"), {"sid": target}
            ).scalar_one()
        start = time.perf_counter()
        with engine.begin() as conn:
            params = {"sid": raw, "sp": None, "d": "Benchmark", "date": DATE}
            conn.execute(text(RAW_ADD), params)
            conn.execute(text(RAW_CRITERIA), {"sid": raw})
            conn.execute(text(RAW_HISTORY), {"sid": raw})
            for statement in RAW_REDUCE + RAW_REFINE:
                conn.execute(text(statement), {"sid": raw})
        base_s.append(time.perf_counter() - start)
    med = statistics.median
    return Result(
        "reuse_criteria", kind, lines, med(service_s), med(base_s), {"steps": 3, "target": "<=1.5s"}
    )


# The same template change in SQL: the lines take the template's values and its
# correspondence type rule, the header's letters are replaced by copies of the template's,
# and inheriting lines take their language and subject again.
RAW_TEMPLATE = [
    "UPDATE segment_line SET interaction_template_code = :code, interaction_group_code ="
    " t.interaction_group_code, cost = t.unit_cost, duration = t.unit_duration,"
    " information_flow = t.information_flow, initiated_by = t.initiated_by, campaign_target ="
    " t.campaign_target, campaign_response = t.campaign_response FROM interaction_template t"
    " WHERE t.code = :code AND segment_line.segment_id = :sid",
    "UPDATE segment_header SET interaction_template_code = :code WHERE id = :sid",
    "UPDATE segment_line SET correspondence_type = CASE WHEN coalesce(c.correspondence_type,"
    " '') = '' THEN :default ELSE c.correspondence_type END FROM contact c"
    " WHERE c.id = segment_line.contact_id AND segment_line.segment_id = :sid",
    "DELETE FROM segment_language WHERE segment_id = :sid AND segment_line_no = 0",
    "INSERT INTO segment_language (segment_id, segment_line_no, language_code, description,"
    " subject) SELECT :sid, 0, language_code, description, '' FROM interaction_template_language"
    " WHERE template_code = :code",
    "UPDATE segment_line SET language_code = CASE WHEN c.language_code IN (SELECT language_code"
    " FROM segment_language WHERE segment_id = :sid AND segment_line_no = 0)"
    " THEN c.language_code ELSE 'EN' END, subject = '' FROM contact c"
    " WHERE c.id = segment_line.contact_id AND segment_line.segment_id = :sid",
]


def _header_template_change(kind: str, engine: Engine, runs: int) -> Result:
    header = build_segment(engine, 10_000)
    with engine.connect() as conn:
        lines = conn.execute(
            text("SELECT count(*) FROM segment_line WHERE segment_id = :sid"), {"sid": header.id}
        ).scalar_one()
        defaults = dict(
            conn.execute(
                text("SELECT code, correspondence_type_default FROM interaction_template")
            ).all()
        )
    codes = cycle(["ABSTRACT", "GOLF"])
    service_s, base_s = [], []
    for _ in range(runs):
        code = next(codes)
        service_s.append(
            _timed(
                engine,
                lambda s, c=code: worksheet.set_header_field(
                    s, header.id, "interaction_template_code", c, update_lines=True
                ),
            )
        )
        start = time.perf_counter()
        with engine.begin() as conn:
            for statement in RAW_TEMPLATE:
                params = {"sid": header.id, "code": code, "default": defaults[code]}
                conn.execute(
                    text(statement), {k: v for k, v in params.items() if f":{k}" in statement}
                )
        base_s.append(time.perf_counter() - start)
    med = statistics.median
    return Result(
        "header_template_change",
        kind,
        lines,
        med(service_s),
        med(base_s),
        {"target": "<=0.5s,<=2x"},
    )


def run(kind: str, engine: Engine, repeat: int) -> list[Result]:
    runs = max(3, repeat // 5)
    template = _header_template_change(kind, engine, runs)
    with Session(engine, expire_on_commit=False) as session:
        add_scale_contacts(session, CONTACTS - 10_000, seed=11)
        session.commit()
    go_back, _lines = _go_back_worst(kind, engine, runs)
    return [*go_back, template, _reuse_criteria(kind, engine, runs)]

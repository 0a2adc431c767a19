"""Editing one line of a 10 000-line segment and reading again the page the user sees, through
the services, against the same writes and reads in raw SQL; plus ``state_kb``, the size of the
JSON Reflex sends the browser for the worksheet page showing that page of 50 lines: the real
state tree (the root state and every substate), serialised as Reflex serialises it."""

from __future__ import annotations

import itertools
from unittest import mock

import reflex as rx
from reflex.istate.data import PageData, RouterData
from reflex_base.utils import format as rx_format
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

import segapp.pages.worksheet  # noqa: F401  (every state of the worksheet page)
from segapp import db
from segapp.services.worksheet import segments, worksheet
from segapp.state.segments import WorksheetState, _line_row

from .case_segment_lines_page import LINES, RAW_COUNT, RAW_PAGE, build_segment
from .harness import Result, median_seconds

NAME = "worksheet_edit"
PAGE = 100
PAGE_SIZE = 50
LINE_NO = (PAGE - 1) * PAGE_SIZE * 10000 + 10000

RAW_UPDATE = (
    "UPDATE segment_line SET description = :d WHERE segment_id = :sid AND line_no = :line_no"
)
RAW_HEADER = "SELECT * FROM segment_header WHERE no = :no"
RAW_TOTALS = (
    "SELECT count(*), coalesce(sum(cost), 0), coalesce(sum(duration), 0) "
    "FROM segment_line WHERE segment_id = :sid"
)
RAW_ACTIONS = (
    "SELECT count(*) FROM segment_criteria_line WHERE segment_id = :sid AND type = 'action'"
)

RAW_TEMPLATE = "SELECT description FROM interaction_template WHERE code = :code"
RAW_CAMPAIGN = "SELECT description FROM campaign WHERE no = :no"


def run(kind: str, engine: Engine, repeat: int) -> Result:
    header = build_segment(engine, LINES)
    names = itertools.cycle(["Edited A", "Edited B"])

    def service() -> None:
        with Session(engine, expire_on_commit=False) as session:
            worksheet.update_line(session, header.id, LINE_NO, {"description": next(names)})
            session.commit()
        with Session(engine) as session:
            view = segments.get_segment(session, header.no)
            page = segments.segment_lines_page(session, view, PAGE, PAGE_SIZE)
        assert len([_line_row(r, "en") for r in page.rows]) == PAGE_SIZE

    def baseline() -> None:
        with engine.begin() as conn:
            conn.execute(text(RAW_UPDATE), {"d": next(names), "sid": header.id, "line_no": LINE_NO})
        with engine.connect() as conn:
            conn.execute(text(RAW_HEADER), {"no": header.no}).one()
            conn.execute(text(RAW_TOTALS), {"sid": header.id}).one()
            conn.execute(text(RAW_ACTIONS), {"sid": header.id}).one()
            conn.execute(text(RAW_TEMPLATE), {"code": header.interaction_template_code}).all()
            conn.execute(text(RAW_CAMPAIGN), {"no": header.campaign_no}).all()
            conn.execute(text(RAW_COUNT), {"sid": header.id}).one()
            rows = conn.execute(
                text(RAW_PAGE),
                {
                    "sid": header.id,
                    "tmpl": "",
                    "limit": PAGE_SIZE,
                    "offset": (PAGE - 1) * PAGE_SIZE,
                },
            ).all()
            assert len(rows) == PAGE_SIZE

    seconds = median_seconds(service, repeat)
    base = median_seconds(baseline, repeat)
    state_kb = _state_bytes(engine, header.no) / 1024
    return Result(
        NAME, kind, LINES, seconds, base, {"state_kb": f"{state_kb:.1f}", "target": "<=1.5x"}
    )


def _state_bytes(engine: Engine, segment_no: str) -> int:
    """The worksheet page's whole state tree after it loaded page PAGE, as JSON."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(WorksheetState.get_full_name().split(".")[1:])
    state.router = RouterData(_page=PageData(params={"segment_no": segment_no}))
    state.page, state.page_size = PAGE, PAGE_SIZE
    with mock.patch.object(db, "get_engine", lambda: engine):
        state._load_options()
        state._fetch()
    assert len(state.lines) == PAGE_SIZE
    return len(rx_format.json_dumps(root.dict()))

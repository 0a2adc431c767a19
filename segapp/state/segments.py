"""The open segments list and the (read-only for now) Segment worksheet."""

from __future__ import annotations

import reflex as rx

from .. import formatting
from ..db import transaction
from ..services import segments
from ..services.paging import DEFAULT_PAGE_SIZE
from .base import AppState, authenticated


class SegmentsState(AppState):
    rows: list[dict[str, str]] = []
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    total: int = 0
    pages: int = 1

    def _fetch(self) -> None:
        with transaction() as session:
            result = segments.list_open_segments(session, self.page, self.page_size)
        self.rows = [
            {
                "no": r.no,
                "description": r.description,
                "salesperson_code": r.salesperson_code,
                "date": formatting.date(r.date),
                "no_of_lines": str(r.no_of_lines),
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.page = min(result.page, result.pages)

    @rx.event
    @authenticated
    def load(self):
        self._fetch()

    @rx.event
    @authenticated
    def next_page(self):
        self.page += 1
        self._fetch()

    @rx.event
    @authenticated
    def prev_page(self):
        self.page = max(1, self.page - 1)
        self._fetch()


class WorksheetState(AppState):
    found: bool = True
    loading: bool = True
    header: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    total: int = 0
    pages: int = 1

    def _fetch(self) -> None:
        no = str(self.router.page.params.get("segment_no", ""))
        with transaction() as session:
            view = segments.get_segment(session, no)
            if view is None:
                self.found, self.loading, self.header, self.lines = False, False, {"no": no}, []
                return
            result = segments.segment_lines_page(session, view, self.page, self.page_size)
        self.found, self.loading = True, False
        self.header = {
            "no": view.no,
            "description": view.description,
            "salesperson_code": view.salesperson_code,
            "date": formatting.date(view.date),
            "no_of_lines": str(view.no_of_lines),
            "no_of_criteria_actions": str(view.no_of_criteria_actions),
            "interaction_template_code": view.interaction_template_code,
            "interaction_template_description": view.interaction_template_description,
            "language_code_default": view.language_code_default,
            "subject_default": view.subject_default,
            "ignore_contact_corres_type": "yes" if view.ignore_contact_corres_type else "no",
            "correspondence_type_default": view.correspondence_type_default,
            "information_flow": view.information_flow,
            "initiated_by": view.initiated_by,
            "unit_cost": formatting.money(view.unit_cost),
            "unit_duration": str(view.unit_duration),
            "send_word_docs_as_attmt": "yes" if view.send_word_docs_as_attmt else "no",
            "campaign_no": view.campaign_no,
            "campaign_description": view.campaign_description,
            "campaign_target": "yes" if view.campaign_target else "no",
            "campaign_response": "yes" if view.campaign_response else "no",
            "cost": formatting.money(view.cost),
            "duration": str(view.duration),
        }
        self.lines = [
            {
                "line_no": str(r.line_no),
                "contact_no": r.contact_no,
                "contact_name": r.contact_name,
                "contact_company_name": r.contact_company_name,
                "correspondence_type": r.correspondence_type,
                "description": r.description,
                "interaction_template_code": r.interaction_template_code,
                "language_code": r.language_code,
                "subject": r.subject,
                "salesperson_code": r.salesperson_code,
                "date": formatting.date(r.date),
                "cost": formatting.money(r.cost),
                "duration": str(r.duration),
                "evaluation": r.evaluation,
                "document": r.document,
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.page = min(result.page, result.pages)

    @rx.event
    @authenticated
    def load(self):
        self.page = 1
        self.loading = True
        self._fetch()

    @rx.event
    @authenticated
    def next_page(self):
        self.page += 1
        self._fetch()

    @rx.event
    @authenticated
    def prev_page(self):
        self.page = max(1, self.page - 1)
        self._fetch()

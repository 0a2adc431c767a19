"""The contact card's interactions at a glance: statistics, latest entries with their documents,
open segments and interactions per month. A state of its own, loaded with the card, so that what
the card's form does and what this section shows stay apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import reflex as rx
from sqlmodel import select

from .. import formatting
from ..db import transaction
from ..models import Contact, ContactType
from ..services.contacts import interactions
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.logging import log_entries
from .base import AppState, authenticated
from .letters import backend_url, download_script

SERIES = interactions.CORRESPONDENCE_TYPES  # "", "hard_copy", "email"


def _series_key(kind: str) -> str:
    """Chart data keys must not be blank: the blank correspondence type is "none"."""
    return kind or "none"


class ContactInteractionsState(AppState):
    contact_no: str = ""
    is_company: bool = False
    loaded: bool = False
    stats: dict[str, str] = {}
    latest: list[dict[str, str]] = []
    segments: list[dict[str, str]] = []
    months: list[dict[str, Any]] = []
    chart_total: int = 0

    def _clear(self) -> None:
        self.contact_no, self.is_company, self.loaded = "", False, False
        self.stats, self.latest, self.segments, self.months = {}, [], [], []
        self.chart_total = 0

    def _read(self, no: str) -> None:
        lang = self.lang
        with transaction() as session:
            contact = session.exec(select(Contact).where(Contact.no == no.upper()[:20])).first()
            if contact is None:
                self._clear()
                return
            result = interactions.contact_interactions(session, contact, dt.date.today())
            self.contact_no, self.is_company = contact.no, contact.type == ContactType.COMPANY
        s = result.statistics
        self.stats = {
            "no_of_interactions": formatting.number(s.no_of_interactions, lang),
            "cost": formatting.money(s.cost, lang),
            "duration": formatting.number(s.duration, lang),
            "date_of_last_interaction": formatting.date(s.date_of_last_interaction, lang),
            "last_date_attempted": formatting.date(s.last_date_attempted, lang),
        }
        self.latest = [
            {
                "entry_no": str(e.entry_no),
                "date": formatting.date(e.date, lang),
                "description": e.description,
                "template_code": e.template_code,
                "contact_no": e.contact_no,
                "contact_name": e.contact_name,
                "correspondence_type": e.correspondence_type,
                "cost": formatting.money(e.cost, lang),
                "duration": formatting.number(e.duration, lang),
                "canceled": "1" if e.canceled else "",
                "attempt_failed": "1" if e.attempt_failed else "",
                "document": "1" if e.has_document else "",
                "message": "1" if e.has_message else "",
            }
            for e in result.latest
        ]
        self.segments = [
            {
                "no": g.no,
                "description": g.description,
                "date": formatting.date(g.date, lang),
                "lines": str(g.lines),
            }
            for g in result.segments
        ]
        self.months = [
            {
                "month": formatting.month(m.first_day, lang),
                **{_series_key(kind): m.counts.get(kind, 0) for kind in SERIES},
            }
            for m in result.months
        ]
        self.chart_total = sum(sum(m.counts.values()) for m in result.months)
        self.loaded = True

    @rx.event
    @authenticated
    def load(self):
        no = str(self._route_params().get("contact_no", ""))
        if not no or no == "new":
            self._clear()
            return
        self._read(no)

    @rx.event
    @authenticated
    def open_document(self, entry_no: str):
        """Downloads an entry's document (the letter its contact got, or the file stored on it)
        as the Interaction Log Entries page does; only entries this card lists."""
        entry_no = str(entry_no)
        if not any(row["entry_no"] == entry_no for row in self.latest):
            raise UserError("log.error_entry_document_missing", entry_no=entry_no[:20])
        with transaction() as session:
            stored = log_entries.entry_document(session, int(entry_no))
        if stored is None:
            raise UserError("log.error_entry_document_missing", entry_no=entry_no)
        file_name, media_type, content = stored
        link = downloads.create(self._session_token(), file_name, media_type)
        link.path.write_bytes(content)
        return download_script(backend_url(self, downloads.publish(link)))

"""States of e-mail delivery: the message stored with an entry (shown in a dialog, and as the
.eml download), Resend (reference section 8.6) and the Outbox page of the pickup folder."""

from __future__ import annotations

import reflex as rx

from .. import formatting
from ..db import transaction
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.delivery import outbox, pickup
from ..services.delivery import resend as resend_service
from ..services.delivery.viewer import MessageView, view_message
from .base import AppState, authenticated, off_loop
from .letters import backend_url, download_script


def delivery_cells(status: str, latest: outbox.EntryDelivery | None) -> dict[str, str]:
    """What a row shows of its e-mail: "sent", "in_progress", "failed" or "" (not an e-mail,
    or a letter), the server's last answer, and whether a message is stored."""
    if status == "in_progress":
        shown = "in_progress"
    elif status == "error":
        shown = "failed"
    elif latest is not None and latest.status == "sent":
        shown = "sent"
    else:
        shown = ""
    return {
        "delivery": shown,
        "delivery_error": latest.last_error if latest and shown != "sent" else "",
        "message": "yes" if latest is not None and latest.has_message else "no",
    }


def _view_dict(view: MessageView, lang: str) -> dict[str, str]:
    return {
        "message_id": view.message_id,
        "from": view.sender,
        "to": view.to,
        "reply_to": view.reply_to,
        "subject": view.subject,
        "date": formatting.header_date(view.date, lang),
        "html": view.html,
    }


class MessageState(AppState):
    """The e-mail stored with an entry, as sent: headers, body, attachments."""

    open: bool = False
    entry_no: str = ""
    view: dict[str, str] = {}
    attachments: list[str] = []

    @rx.event
    @authenticated
    def show(self, entry_no: str):
        if not str(entry_no).isdigit():
            raise UserError("delivery.no_message", entry_no=entry_no)
        with transaction() as session:
            stored = outbox.sent_message(session, int(entry_no))
        if stored is None:
            raise UserError("delivery.no_message", entry_no=entry_no)
        view = view_message(stored[1])
        self.entry_no = str(entry_no)
        self.view = _view_dict(view, self.lang)
        self.attachments = [f"{name} ({size:,} B)" for name, size in view.attachments]
        self.open = True

    @rx.event
    @authenticated
    def download(self):
        if not self.entry_no.isdigit():
            return None
        with transaction() as session:
            stored = outbox.sent_message(session, int(self.entry_no))
        if stored is None:
            raise UserError("delivery.no_message", entry_no=self.entry_no)
        link = downloads.create(self.auth_token, stored[0], "message/rfc822")
        link.path.write_bytes(stored[1])
        return download_script(backend_url(self, downloads.publish(link)))

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value)


class OutboxState(AppState):
    """The pickup folder: the e-mails that would have gone out, newest first."""

    files: list[dict[str, str]] = []
    chosen: str = ""
    view: dict[str, str] = {}
    attachments: list[str] = []
    smtp: bool = False

    @rx.event
    @authenticated
    def load(self):
        listing = pickup.list_messages()
        self.smtp = listing.smtp
        self.files = [
            {
                "name": m.name,
                "to": m.to,
                "subject": m.subject,
                "date": formatting.header_date(m.date, self.lang),
            }
            for m in listing.messages
        ]
        if self.files and self.chosen not in {f["name"] for f in self.files}:
            self._choose(self.files[0]["name"])
        elif not self.files:
            self.chosen, self.view, self.attachments = "", {}, []

    def _choose(self, name: str) -> None:
        data = pickup.read_message(name)
        if data is None:
            raise UserError("outbox.gone", name=name)
        view = view_message(data)
        self.chosen = name
        self.view = _view_dict(view, self.lang)
        self.attachments = [f"{n} ({size:,} B)" for n, size in view.attachments]

    @rx.event
    @authenticated
    def choose(self, name: str):
        self._choose(name)


class ResendState(AppState):
    """The Resend dialog of Interaction Log Entries (reference section 8.6)."""

    open: bool = False
    correspondence: str = "same"
    update_merge_fields: bool = False
    logged_segment: str = ""
    count: int = 0
    _entry_nos: list[int] = []

    @rx.event
    @authenticated
    async def open_dialog(self):
        from .logging import EntriesState

        entries = await self.get_state(EntriesState)
        ids = entries._selected_ids()
        if entries.logged_segment.isdigit():
            self.logged_segment = entries.logged_segment
        elif ids and all(
            row["logged_segment"] == "" for row in entries.rows if int(row["entry_no"]) in ids
        ):
            self.logged_segment = "0"  # selected entries logged outside any segment (8.6)
        else:
            raise UserError("resend.error_one_segment")
        self._entry_nos = ids
        self.count = len(self._entry_nos)
        self.correspondence = "same"
        self.update_merge_fields = False
        self.open = True

    @rx.event
    def set_correspondence(self, value: str):
        self.correspondence = value if value in resend_service.CHOICES else "same"

    @rx.event
    def set_update_merge_fields(self, value: bool):
        self.update_merge_fields = bool(value)

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value)

    @rx.event
    @authenticated
    async def confirm(self):
        from .logging import EntriesState

        logged = int(self.logged_segment) if self.logged_segment.isdigit() else None
        job = {
            "correspondence": self.correspondence,
            "update_merge_fields": self.update_merge_fields,
            "user_id": self._user_id,
        }
        ids = list(self._entry_nos)

        def work() -> resend_service.ResendResult:
            with transaction() as session:  # its commit asks the delivery workers to send
                return resend_service.resend(session, logged, ids, **job)

        result = await off_loop(work)
        self.open = False
        return [
            rx.toast.success(self._t("resend.done", count=len(result.entry_nos))),
            EntriesState.refresh,
        ]

"""States of the Log dialog, the Logged Segments page and the Interaction Log Entries page.

Logging a large segment runs as a background event: ``start_log`` (an ordinary authenticated
handler) checks the user, refuses a second press while a log is running and arms the job;
``run_log`` then does the work in a thread, updating the progress bar, while the other users of
the worker keep working. ``run_log`` does nothing unless an authenticated ``start_log`` armed it,
and it checks the user again before touching data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

import reflex as rx

from .. import formatting, routes
from ..db import transaction
from ..models import LoggedSegment
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.core.jobs import Job
from ..services.delivery import outbox
from ..services.logging import log_entries
from ..services.logging import logging as seglog
from ..services.worksheet import claims
from .base import AppState, Paged, authenticated, interruptible, is_stale, off_loop, toggled
from .delivery import delivery_cells
from .interactions import CommentsState
from .jobs import background, run_job
from .letters import backend_url, download_script

log = logging.getLogger(__name__)


@interruptible("running", progress=0, stage_text="")
class LogState(AppState):
    """The Log Segment dialog (reference section 7.1) on the worksheet page."""

    _beat: float = 0.0
    dialog_open: bool = False
    segment_no: str = ""
    no_of_lines: int = 0
    can_send: bool = False
    send: bool = False
    follow_up: bool = False
    running: bool = False
    progress: int = 0
    stage_text: str = ""
    _job: dict[str, Any] = {}
    # the segment as the dialog read it: logging is refused when it has changed since
    _seen: claims.SegmentRef | None = None

    @rx.event
    @authenticated
    def open_dialog(self):
        if self.running and not is_stale(self):
            return self._show_refusal(self._t("log.error_busy"))
        no = str(self._route_params().get("segment_no", ""))
        with transaction() as session:
            defaults = seglog.log_defaults(session, no)
            self._seen = claims.ref(session, no)
        self.segment_no = defaults.segment_no
        self.no_of_lines = defaults.no_of_lines
        self.can_send = defaults.can_send
        self.send = defaults.send
        self.follow_up = defaults.follow_up
        self.progress = 0
        self.dialog_open = True
        return None

    @rx.event
    def set_send(self, value: bool):
        self.send = bool(value) and self.can_send

    @rx.event
    def set_follow_up(self, value: bool):
        self.follow_up = bool(value)

    @rx.event
    def close_dialog(self):
        if not self.running:
            self.dialog_open = False

    @rx.event
    def open_change(self, value: bool):
        if not value and not self.running:
            self.dialog_open = False

    @rx.event
    @authenticated
    def start_log(self):
        """Pressing Log: a second press while logging is ignored with a message; the database
        refuses a second log of the same segment anyway (see services.logging.logging)."""
        if self.running and not is_stale(self):
            return self._show_refusal(self._t("log.error_busy"))
        if not self.segment_no:
            return None
        self.running = True
        self._beat = time.time()
        self.progress = 0
        self.stage_text = ""
        self._job = {
            "user_id": self._user_id,
            "segment_no": self.segment_no,
            "deliver": self.send and self.can_send,
            "follow_up": self.follow_up,
            "seen": self._seen,
        }
        return LogState.run_log

    @rx.event(background=True)
    async def run_log(self):
        async with self:
            job, self._job = self._job, {}
            user = await off_loop(self._current_user) if job else None
            lang = self.lang
            if not job or user is None or user.id != job["user_id"]:
                self.running = False
                return
        latest: list[seglog.Step] = [seglog.Step(0.0, seglog.STAGE_CHECKING)]

        def work() -> seglog.LogResult:
            # The letters' values are read first, outside the write transaction, which then
            # stays short: other users' saves do not wait behind the merge work.
            with transaction() as session:
                prepared = seglog.prepare_log(
                    session,
                    job["segment_no"],
                    deliver=job["deliver"],
                    progress=lambda step: latest.__setitem__(0, step),
                )
                session.rollback()
            with transaction() as session:
                if job["seen"] is not None:
                    claims.claim(session, job["seen"])
                result = seglog.log_segment(
                    session,
                    job["segment_no"],
                    user_id=job["user_id"],
                    deliver=job["deliver"],
                    follow_up=job["follow_up"],
                    progress=lambda step: latest.__setitem__(0, step),
                    prepared=prepared,
                    lang=lang,
                )
            return result  # its commit asked the delivery workers to send (outbox)

        task = asyncio.ensure_future(asyncio.to_thread(work))
        while not task.done():
            await asyncio.sleep(0.25)
            async with self:
                self._beat = time.time()
                step = latest[0]
                self.progress = int(step.fraction * 100)
                self.stage_text = self._t(step.stage, done=step.done, total=step.total)
        try:
            result = task.result()
        except UserError as error:
            async with self:
                self.running = False
                return self._refuse(error)
        except Exception:
            log.exception("logging segment %s failed", job["segment_no"])
            async with self:
                self.running = False
                return self._show_refusal(self._t("common.error_unexpected"))
        async with self:
            self.running = False
            self.progress = 100
            self.dialog_open = False
            if result.follow_up_no:
                message = self._t(
                    "log.done_follow_up", no=result.segment_no, follow_up=result.follow_up_no
                )
            else:
                message = self._t("log.done", no=result.segment_no)
            return [rx.toast.success(message, close_button=True), rx.redirect(routes.SEGMENTS)]


DEFAULT_COLUMNS = (
    ",canceled,date,description,document,contact_no,contact_name,evaluation,cost,"
    "delivery_status,segment_no,"
)
ENTRY_COLUMNS = (
    "canceled",
    "attempt_failed",
    "date",
    "time",
    "template_code",
    "description",
    "document",
    "contact_no",
    "contact_name",
    "contact_company_name",
    "evaluation",
    "cost",
    "duration",
    "salesperson_code",
    "campaign_no",
    "correspondence_type",
    "delivery_status",
    "segment_no",
    "entry_no",
    "comment",
)


WATCH_SECONDS = 1.5
WATCH_ROUNDS = 800


class EntryRows(rx.State, mixin=True):
    """A page of rows keyed by ``entry_no`` that the user ticks, kept up to date while some of
    its e-mails are in progress; the state using it defines ``_fetch`` and ``_pending``."""

    rows: list[dict[str, str]] = []
    selected: list[str] = []
    _watching: bool = False

    def _fetch(self) -> None:
        raise NotImplementedError

    def _pending(self) -> bool:
        raise NotImplementedError

    def _selected_ids(self) -> list[int]:
        """The selection, in page order, limited to rows of the page shown."""
        chosen = set(self.selected)
        return [int(row["entry_no"]) for row in self.rows if row["entry_no"] in chosen]

    @rx.event
    def toggle_select(self, entry_no: str):
        if entry_no in self.selected:
            self.selected = [no for no in self.selected if no != entry_no]
        elif any(row["entry_no"] == entry_no for row in self.rows):
            self.selected = [*self.selected, entry_no]

    @rx.event(background=True)
    async def watch(self):
        """While e-mails of the page are in progress, the page follows their status."""
        async with self:
            if self._watching or await off_loop(self._current_user) is None:
                return
            self._watching = True
        try:
            for _ in range(WATCH_ROUNDS):
                await asyncio.sleep(WATCH_SECONDS)
                async with self:
                    await off_loop(self._fetch)
                    if not self._pending():
                        break
        finally:
            async with self:
                self._watching = False


class LoggedSegmentsState(EntryRows, Paged, AppState):
    """Logged Segments (reference section 7.4): one page of rows as display strings."""

    loading: bool = True  # until the first page is read: no "there are none" meanwhile
    confirm_open: bool = False
    confirm_text: str = ""
    _confirm_action: str = ""
    _confirm_ids: list[int] = []

    def _fetch(self) -> None:
        with transaction() as session:
            result = log_entries.list_logged_segments(session, self.page, self.page_size)
            counts = outbox.counts_by_logged_segment(session, [r.entry_no for r in result.rows])
        none = outbox.DeliveryCounts()
        self.rows = [
            {
                "entry_no": str(r.entry_no),
                "segment_no": r.segment_no,
                "description": r.description,
                "creation_date": formatting.date(r.creation_date, self.lang),
                "user_id": r.user_name,
                "canceled": "yes" if r.canceled else "no",
                "no_of_interactions": str(r.no_of_interactions),
                "no_of_campaign_entries": str(r.no_of_campaign_entries),
                "sent": str(counts.get(r.entry_no, none).sent),
                "in_progress": str(counts.get(r.entry_no, none).in_progress),
                "failed": str(counts.get(r.entry_no, none).failed),
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.loading = False
        self.page = min(result.page, result.pages)
        shown = {row["entry_no"] for row in self.rows}
        self.selected = [no for no in self.selected if no in shown]

    @rx.event
    @authenticated
    def load(self):
        self.selected = []
        self._fetch()
        return LoggedSegmentsState.watch if self._pending() else None

    def _pending(self) -> bool:
        return any(row["in_progress"] != "0" for row in self.rows)

    @rx.event
    @authenticated
    def ask_switch_canceled(self):
        ids = self._selected_ids()
        if not ids:
            return self._show_refusal(self._t("logged.select_first"))
        first = next(row for row in self.rows if row["entry_no"] == str(ids[0]))
        cancel = first["canceled"] == "no"
        many = "many" if len(ids) > 1 else "one"
        key = f"logged.confirm_{'cancel' if cancel else 'uncancel'}_{many}"
        self.confirm_text = self._t(key, count=len(ids))
        self._confirm_action, self._confirm_ids = "switch", ids
        self.confirm_open = True
        return None

    @rx.event
    @authenticated
    def ask_delete_canceled(self):
        self.confirm_text = self._t("logged.confirm_delete")
        self._confirm_action, self._confirm_ids = "delete", []
        self.confirm_open = True

    @rx.event
    def close_confirm(self):
        self.confirm_open = False
        self._confirm_action, self._confirm_ids = "", []

    @rx.event(background=True)
    @background
    async def confirm(self):
        """Yes: switches the canceled mark of the chosen logged segments, or deletes the
        canceled ones, as a background job (a logged segment may hold many entries)."""
        async with self:
            action, ids = self._confirm_action, self._confirm_ids
            self.confirm_open = False
            self._confirm_action, self._confirm_ids = "", []
        if action not in ("switch", "delete"):
            return

        def work(job: Job) -> int:
            with transaction() as session:
                if action == "switch":
                    job.stage("job.switching_canceled", 0, len(ids))
                    log_entries.switch_logged_segments_canceled(session, ids)
                    count = len(ids)
                else:
                    job.stage("job.deleting_canceled_segments")
                    count = log_entries.delete_canceled_logged_segments(session)
                job.committing()
            return count

        count = await run_job(self, work)
        async with self:
            key = "logged.canceled_done" if action == "switch" else "logged.deleted_done"
            message = self._t(key, count=count)
            self.selected = []
            await off_loop(self._fetch)
        yield rx.toast.success(message, close_button=True)

    def _new_segment(self, follow_up: bool):
        ids = self._selected_ids()
        if len(ids) != 1:
            return self._show_refusal(self._t("logged.select_one"))
        with transaction() as session:
            no = seglog.new_segment_from_logged(
                session, ids[0], user_id=self._user_id, follow_up=follow_up, lang=self.lang
            )
        return [
            rx.toast.success(self._t("logged.created_segment", no=no), close_button=True),
            rx.redirect(routes.worksheet(no)),
        ]

    @rx.event
    @authenticated
    def reuse(self):
        return self._new_segment(follow_up=False)

    @rx.event
    @authenticated
    def create_follow_up(self):
        return self._new_segment(follow_up=True)

    def _turn(self, page: int) -> None:
        self.selected = []
        super()._turn(page)


class CampaignEntriesState(Paged, AppState):
    """Campaign Entries of a logged segment (reference section 7.4, Register No.)."""

    rows: list[dict[str, str]] = []
    logged_segment: str = ""
    loading: bool = True  # until the first page is read: no "there are none" meanwhile

    def _fetch(self) -> None:
        logged = int(self.logged_segment) if self.logged_segment.isdigit() else None
        with transaction() as session:
            result = log_entries.list_campaign_entries(session, logged, self.page, self.page_size)
        self.rows = [
            {
                "entry_no": str(r.entry_no),
                "campaign_no": r.campaign_no,
                "campaign_description": r.campaign_description,
                "date": formatting.date(r.date, self.lang),
                "description": r.description,
                "segment_no": r.segment_no,
                "user_id": r.user_name,
                "canceled": "yes" if r.canceled else "no",
                "no_of_interactions": str(r.no_of_interactions),
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.page = min(result.page, result.pages)

    @rx.event
    @authenticated
    def load(self):
        value = str(self.router.page.params.get("logged_segment", "") or "")
        self.logged_segment = value if value.isdigit() else ""
        self.loading = False
        self.page = 1
        self._fetch()


CANCELED_CHOICES = ("all", "yes", "no")
DELIVERY_CHOICES = ("all", "in_progress", "failed", "sent")


class EntriesState(EntryRows, Paged, AppState):
    """Interaction Log Entries (reference section 7.5) with its filters."""

    contact_no: str = ""
    segment_no: str = ""
    template_code: str = ""
    salesperson_code: str = ""
    date_from: str = ""  # ISO; the filter fields show it in the user's language
    date_to: str = ""
    date_from_shown: str = ""
    date_to_shown: str = ""
    date_hint: str = ""
    canceled: str = "all"
    logged_segment: str = ""
    delivery: str = "all"
    logged_segment_no: str = ""  # the segment no. users know, for the filter's badge
    # the columns shown, remembered by this browser; the default needs no sideways scroll
    columns: str = rx.LocalStorage(DEFAULT_COLUMNS, name="segapp_columns_entries", sync=True)
    loading: bool = True  # until the first page is read: no "none match" meanwhile
    evaluation: str = "positive"
    confirm_open: bool = False
    confirm_text: str = ""
    unique_open: bool = False
    unique_text: str = ""
    _confirm_action: str = ""
    _confirm_ids: list[int] = []

    def _filters(self) -> log_entries.EntryFilter:
        try:
            date_from = dt.date.fromisoformat(self.date_from) if self.date_from else None
            date_to = dt.date.fromisoformat(self.date_to) if self.date_to else None
        except ValueError as exc:
            raise UserError("ile.error_bad_date") from exc
        self.date_from_shown = formatting.date(date_from, self.lang)
        self.date_to_shown = formatting.date(date_to, self.lang)
        self.date_hint = formatting.date_hint(self.lang)
        logged = int(self.logged_segment) if self.logged_segment.isdigit() else None
        return log_entries.EntryFilter(
            contact_no=self.contact_no,
            segment_no=self.segment_no,
            template_code=self.template_code,
            salesperson_code=self.salesperson_code,
            date_from=date_from,
            date_to=date_to,
            canceled=self.canceled if self.canceled in ("yes", "no") else "",
            logged_segment_entry_no=logged,
            delivery=self.delivery if self.delivery in DELIVERY_CHOICES[1:] else "",
        )

    def _fetch(self) -> None:
        filters = self._filters()
        with transaction() as session:
            result = log_entries.list_entries(session, filters, self.page, self.page_size)
            delivery = outbox.latest_by_entry(session, [r.entry_no for r in result.rows])
        self.rows = [
            {
                "entry_no": str(r.entry_no),
                "canceled": "yes" if r.canceled else "no",
                "attempt_failed": "yes" if r.attempt_failed else "no",
                "date": formatting.date(r.date, self.lang),
                "time": r.time_of_interaction.strftime("%H:%M") if r.time_of_interaction else "",
                "template_code": r.template_code,
                "description": r.description,
                "document": "yes" if r.has_document else "no",
                "contact_no": r.contact_no,
                "contact_name": r.contact_name,
                "contact_company_name": r.contact_company_name,
                "evaluation": r.evaluation,
                "cost": formatting.money(r.cost, self.lang),
                "duration": str(r.duration),
                "salesperson_code": r.salesperson_code,
                "campaign_no": r.campaign_no,
                "correspondence_type": r.correspondence_type,
                "delivery_status": r.delivery_status,
                "segment_no": r.segment_no,
                "logged_segment": str(r.logged_segment_entry_no or ""),
                "comment": "yes" if r.has_comment else "no",
                **delivery_cells(r.delivery_status, delivery.get(r.entry_no)),
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.loading = False
        self.page = min(result.page, result.pages)
        shown = {row["entry_no"] for row in self.rows}
        self.selected = [no for no in self.selected if no in shown]

    @rx.event
    def toggle_column(self, key: str, checked: bool):
        if key in ENTRY_COLUMNS:
            self.columns = toggled(self.columns, key, bool(checked), ENTRY_COLUMNS)

    @rx.event
    @authenticated
    def open_document(self, entry_no: str):
        """Downloads the document stored on an entry (the letter logged for that contact)
        through an expiring link of this browser session."""
        if not str(entry_no).isdigit():
            raise UserError("log.error_entry_document_missing", entry_no=entry_no)
        with transaction() as session:
            stored = log_entries.entry_document(session, int(entry_no))
        if stored is None:
            raise UserError("log.error_entry_document_missing", entry_no=entry_no)
        file_name, media_type, content = stored
        link = downloads.create(self._session_token(), file_name, media_type)
        link.path.write_bytes(content)
        return download_script(backend_url(self, downloads.publish(link)))

    def _one_selected(self, refusal: str) -> dict[str, str]:
        chosen = self._selected_ids()
        if not chosen:
            raise UserError(refusal)
        first = str(chosen[0])
        return next(row for row in self.rows if row["entry_no"] == first)

    @rx.event
    @authenticated
    def create_interaction(self):
        """Create Interaction for the selected entry's contact (reference 7.5, 9)."""
        row = self._one_selected("interaction.select_entry")
        return rx.redirect(f"{routes.CREATE_INTERACTION}?contact={row['contact_no']}&from=entries")

    @rx.event
    @authenticated
    def open_comments(self):
        """The comments of the selected entry (reference 7.5)."""
        row = self._one_selected("comments.select_entry")
        return CommentsState.open_for(row["entry_no"])

    @rx.event
    @authenticated
    def load(self):
        params = self._route_params()
        self.logged_segment = str(params.get("logged_segment", "") or "")
        self.logged_segment_no = ""
        if self.logged_segment.isdigit():
            with transaction() as session:
                found = session.get(LoggedSegment, int(self.logged_segment))
                self.logged_segment_no = found.segment_no if found else self.logged_segment
        self.contact_no = str(params.get("contact", "") or "")
        self.segment_no = self.template_code = self.salesperson_code = ""
        self.date_from = self.date_to = ""
        self.canceled = "all"
        self.delivery = "all"
        self.page = 1
        self.selected = []
        self._fetch()
        return EntriesState.watch if self._pending() else None

    @rx.event
    @authenticated
    def apply_filters(self, form: dict[str, Any]):
        """The typed filters; a date that is not one is refused next to its field and nothing
        changes."""
        dates: dict[str, str] = {}
        for name in ("date_from", "date_to"):
            typed = str(form.get(name, "")).strip()[:20]
            try:
                found = formatting.parse_date(typed, self.lang)
            except ValueError:
                hint = formatting.date_hint(self.lang)
                error = UserError("ile.error_bad_date", value=typed, hint=hint)
                return self._refuse(error, field=f"filter-{name}")
            dates[name] = found.isoformat() if found else ""
        self.contact_no = str(form.get("contact_no", "")).strip()[:20]
        self.segment_no = str(form.get("segment_no", "")).strip()[:20]
        self.template_code = str(form.get("template_code", "")).strip()[:10]
        self.salesperson_code = str(form.get("salesperson_code", "")).strip()[:20]
        self.date_from, self.date_to = dates["date_from"], dates["date_to"]
        self.page = 1
        self.selected = []
        self._fetch()

    @rx.event
    @authenticated
    def set_delivery_filter(self, value: str):
        self.delivery = value if value in DELIVERY_CHOICES else "all"
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def refresh(self):
        self._fetch()
        return EntriesState.watch if self._pending() else None

    def _pending(self) -> bool:
        return any(row["delivery"] == "in_progress" for row in self.rows)

    @rx.event
    @authenticated
    def set_canceled_filter(self, value: str):
        self.canceled = value if value in CANCELED_CHOICES else "all"
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def clear_filters(self):
        self.contact_no = self.segment_no = self.template_code = self.salesperson_code = ""
        self.date_from = self.date_to = self.logged_segment = ""
        self.canceled = "all"
        self.delivery = "all"
        self.page = 1
        self.selected = []
        self._fetch()
        return rx.redirect(routes.INTERACTION_LOG_ENTRIES)

    @rx.event
    def set_evaluation(self, value: str):
        self.evaluation = value

    @rx.event
    @authenticated
    def ask_switch_canceled(self):
        ids = self._selected_ids()
        if not ids:
            return self._show_refusal(self._t("ile.select_first"))
        first = next(row for row in self.rows if row["entry_no"] == str(ids[0]))
        cancel = first["canceled"] == "no"
        key = "ile.confirm_cancel" if cancel else "ile.confirm_uncancel"
        self.confirm_text = self._t(key, count=len(ids))
        self._confirm_action, self._confirm_ids = ("cancel" if cancel else "switch"), ids
        self.confirm_open = True
        return None

    @rx.event
    @authenticated
    def ask_delete_canceled(self):
        with transaction() as session:
            count = log_entries.count_canceled_entries(session, self._filters())
        self.confirm_text = self._t("ile.confirm_delete", count=count)
        self._confirm_action, self._confirm_ids = "delete", []
        self.confirm_open = True

    @rx.event
    def close_confirm(self):
        self.confirm_open = self.unique_open = False
        self._confirm_action, self._confirm_ids = "", []

    @rx.event(background=True)
    @background
    async def confirm(self):
        """Yes to the first question; when the entries to cancel or delete hold documents no
        other entry uses, asks "delete unique attachments?" first (reference 7.5). The search
        and the work run as background jobs."""
        async with self:
            action, ids = self._confirm_action, self._confirm_ids
            self.confirm_open = False
            filters = self._filters() if action == "delete" else None
        if action in ("cancel", "delete"):

            def unique_documents(job: Job) -> int:
                job.stage("job.checking_attachments")
                with transaction() as session:
                    if action == "cancel":
                        return log_entries.unique_documents_of_entries(session, ids)
                    return log_entries.unique_documents_of_canceled(session, filters)

            unique = await run_job(self, unique_documents)
            if unique:
                async with self:
                    self.unique_text = self._t(f"ile.confirm_unique_{action}", count=unique)
                    self.unique_open = True
                return
        async for update in self._run_confirmed(delete_unique=False):
            yield update

    @rx.event(background=True)
    @background
    async def answer_unique(self, delete_unique: bool):
        """Yes or No (the default) to "delete unique attachments?"."""
        async with self:
            if not self.unique_open:
                return
            self.unique_open = False
        async for update in self._run_confirmed(delete_unique=bool(delete_unique)):
            yield update

    async def _run_confirmed(self, delete_unique: bool):
        async with self:
            action, ids = self._confirm_action, self._confirm_ids
            self._confirm_action, self._confirm_ids = "", []
            filters = self._filters() if action == "delete" else None
        if action not in ("switch", "cancel", "delete"):
            return

        def work(job: Job) -> tuple[int, int]:
            with transaction() as session:
                if action == "delete":
                    job.stage("job.deleting_canceled_entries")
                    result = log_entries.delete_canceled_entries(
                        session, filters, delete_unique_documents=delete_unique
                    )
                    counts = (result.deleted, result.kept)
                else:
                    job.stage("job.switching_canceled", 0, len(ids))
                    log_entries.switch_entries_canceled(
                        session, ids, delete_unique_documents=delete_unique
                    )
                    counts = (len(ids), 0)
                job.committing()
            return counts

        count, kept = await run_job(self, work)
        async with self:
            if action == "delete":
                message = self._t("ile.deleted_done", count=count)
                if kept:
                    message += " " + self._t("ile.kept_with_documents", count=kept)
            else:
                message = self._t("ile.canceled_done", count=count)
            self.selected = []
            await off_loop(self._fetch)
        yield rx.toast.success(message, close_button=True)

    @rx.event
    @authenticated
    def evaluate(self):
        ids = self._selected_ids()
        with transaction() as session:
            count = log_entries.evaluate_entries(session, ids, self.evaluation)
        self._fetch()
        return rx.toast.success(self._t("ile.evaluated_done", count=count), close_button=True)

    def _turn(self, page: int) -> None:
        self.selected = []
        super()._turn(page)

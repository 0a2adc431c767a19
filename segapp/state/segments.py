"""The open segments list and the Segment worksheet."""

from __future__ import annotations

import reflex as rx

from .. import formatting, routes
from ..db import transaction
from ..services.contacts import contacts
from ..services.core.errors import UserError
from ..services.core.paging import PAGE_SIZES
from ..services.selection import selection
from ..services.worksheet import claims, segments, worksheet
from .base import AppState, Paged, authenticated, toggled
from .jobs import background, run_job

BLANK = "-"  # select items cannot have an empty value; this one stands for "blank"


class SegmentsState(Paged, AppState):
    rows: list[dict[str, str]] = []
    loading: bool = True  # until the first page is read: no "there are none" meanwhile
    delete_no: str = ""

    def _fetch(self) -> None:
        with transaction() as session:
            result = segments.list_open_segments(session, self.page, self.page_size)
        self.rows = [
            {
                "no": r.no,
                "description": r.description,
                "salesperson_code": r.salesperson_code,
                "date": formatting.date(r.date, self.lang),
                "no_of_lines": formatting.number(r.no_of_lines, self.lang),
            }
            for r in result.rows
        ]
        self.total, self.pages = result.total, result.pages
        self.page = min(result.page, result.pages)

    @rx.event
    @authenticated
    def load(self):
        self.delete_no = ""
        self.loading = False
        self._fetch()

    @rx.event
    @authenticated
    def new_segment(self):
        user = self._current_user()
        with transaction() as session:
            header = worksheet.create_segment(
                session, user_id=user.id, salesperson_code=user.salesperson_code
            )
            no = header.no
        return [
            rx.toast.success(self._t("segments.created", no=no)),
            rx.redirect(routes.worksheet(no)),
        ]

    @rx.event
    @authenticated
    def ask_delete(self, no: str):
        self.delete_no = no

    @rx.event
    def cancel_delete(self):
        self.delete_no = ""

    @rx.event(background=True)
    @background
    async def confirm_delete(self):
        """Deletes the segment as a background job: a large one never holds up the page."""
        async with self:
            no, self.delete_no = self.delete_no, ""

        def work(job):
            with transaction() as session:
                view = segments.get_segment(session, no)
                if view is None:
                    raise claims.refusal(session, no)
                worksheet.delete_segment(session, view.id, job)
                job.committing()

        await run_job(self, work)
        async with self:
            message = self._t("segments.deleted", no=no)
        yield SegmentsState.load
        yield rx.toast.success(message)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _card_facts(r: segments.LineRow, lang: str) -> str:
    """What a phone card tells under the name: only the values that are not blank."""
    facts = [r.interaction_template_code, r.language_code]
    if r.cost:
        facts.append(formatting.money(r.cost, lang))
    if r.duration:
        facts.append(f"{r.duration} min")
    return " · ".join(fact for fact in facts if fact)


def _line_row(r: segments.LineRow, lang: str) -> dict[str, str]:
    return {
        "card_facts": _card_facts(r, lang),
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
        "date": formatting.date(r.date, lang),
        "cost": formatting.money(r.cost, lang),
        "duration": str(r.duration),
        "evaluation": r.evaluation,
        "document": r.document,
    }


LINE_COLUMNS = (
    "contact_no",
    "contact_name",
    "contact_company_name",
    "correspondence_type",
    "description",
    "interaction_template_code",
    "language_code",
    "subject",
    "salesperson_code",
    "date",
    "cost",
    "duration",
    "evaluation",
    "document",
)
# the most used columns: the table needs no sideways scroll at 1366 px
DEFAULT_LINE_COLUMNS = (
    ",contact_no,contact_name,contact_company_name,correspondence_type,description,"
    "interaction_template_code,language_code,cost,document,"
)


class WorksheetState(Paged, AppState):
    """One segment's worksheet. The segment's id and version stay on the server
    (``_segment_id``, ``_segment_version``); the browser only names lines by their number,
    which every service checks within the segment. Every handler checks first that the
    segment is still the one the page shows (services.worksheet.claims): a change made from a
    stale page is refused with the reason, never applied to another segment."""

    found: bool = True
    loading: bool = True
    version: int = 0
    header: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    selected: list[str] = []
    steps: list[str] = []
    options: dict[str, list[list[str]]] = {}
    # the question a header change is waiting for
    pending_field: str = ""
    pending_value: str = ""
    pending_kind: str = ""
    pending_lines: int = 0
    pending_template: str = ""
    asking: bool = False  # the question is shown (a change that needs no answer runs at once)
    # adding a contact
    contact_query: str = ""
    suggestions: list[list[str]] = []
    # the line editor
    edit_line_no: str = ""
    edit: dict[str, str] = {}
    edit_error: str = ""
    confirm_delete_lines: bool = False
    confirm_delete_segment: bool = False
    ask_reset: bool = False
    header_open: bool = False  # on a phone the header is a summary until opened
    line_columns: str = rx.LocalStorage(
        DEFAULT_LINE_COLUMNS, name="segapp_columns_lines", sync=True
    )
    _segment_id: int | None = None
    _segment_version: int = 0

    @rx.var
    def page_sizes(self) -> list[str]:
        return [str(size) for size in PAGE_SIZES]

    def _fetch(self) -> None:
        no = str(self._route_params().get("segment_no", ""))
        with transaction() as session:
            view = segments.get_segment(session, no)
            if view is None:
                self.found, self.loading, self.header, self.lines = False, False, {"no": no}, []
                self._segment_id = None
                return
            result = segments.segment_lines_page(session, view, self.page, self.page_size)
            if result.page > result.pages:
                self.page = result.pages
                result = segments.segment_lines_page(session, view, self.page, self.page_size)
            has_language_row = bool(view.language_code_default) and (
                view.language_code_default in worksheet.header_rows(session, view.id)
            )
            steps = selection.criteria_steps(session, view.id)
        self.steps = [formatting.describe_step(self.lang, *step[1:]) for step in steps]
        self._segment_id, self._segment_version = view.id, view.version
        self.found, self.loading = True, False
        self.version += 1
        self.header = {
            "no": view.no,
            "description": view.description,
            "salesperson_code": view.salesperson_code,
            "date": formatting.date(view.date),
            "date_display": formatting.date(view.date, self.lang),
            "no_of_lines": str(view.no_of_lines),
            "no_of_criteria_actions": str(view.no_of_criteria_actions),
            "interaction_template_code": view.interaction_template_code,
            "interaction_template_description": view.interaction_template_description,
            "language_code_default": view.language_code_default,
            "subject_default": view.subject_default,
            "subject_enabled": _yes_no(has_language_row),
            "ignore_contact_corres_type": _yes_no(view.ignore_contact_corres_type),
            "correspondence_type_default": view.correspondence_type_default,
            "information_flow": view.information_flow,
            "initiated_by": view.initiated_by,
            "unit_cost": formatting.money(view.unit_cost),
            "unit_duration": str(view.unit_duration),
            "send_word_docs_as_attmt": _yes_no(view.send_word_docs_as_attmt),
            "campaign_no": view.campaign_no,
            "campaign_description": view.campaign_description,
            "campaign_target": _yes_no(view.campaign_target),
            "campaign_response": _yes_no(view.campaign_response),
            "cost": formatting.money(view.cost, self.lang),
            "duration": str(view.duration),
        }
        self.lines = [_line_row(r, self.lang) for r in result.rows]
        visible = {row["line_no"] for row in self.lines}
        self.selected = [n for n in self.selected if n in visible]
        self.total, self.pages = result.total, result.pages

    def _load_options(self) -> None:
        with transaction() as session:
            found = segments.worksheet_options(session)
        self.options = {
            "templates": [[code, f"{code} · {caption}"] for code, caption in found.templates],
            "salespeople": [[code, f"{code} · {caption}"] for code, caption in found.salespeople],
            "campaigns": [[code, f"{code} · {caption}"] for code, caption in found.campaigns],
            "languages": [[code, f"{code} · {caption}"] for code, caption in found.languages],
        }

    @rx.event
    @authenticated
    def load(self):
        self.page = 1
        self.loading = True
        self.selected = []
        self.contact_query, self.suggestions = "", []
        self.edit_line_no, self.pending_field, self.asking = "", "", False
        self.confirm_delete_lines = self.ask_reset = self.confirm_delete_segment = False
        self.header_open = False
        self._load_options()
        self._fetch()

    @rx.event
    def toggle_column(self, key: str, checked: bool):
        if key in LINE_COLUMNS:
            self.line_columns = toggled(self.line_columns, key, bool(checked), LINE_COLUMNS)

    @rx.event
    def toggle_header(self):
        self.header_open = not self.header_open

    @rx.event
    @authenticated
    def refresh(self):
        """Reads the segment again after a step made elsewhere (choosing contacts)."""
        self._fetch()

    @rx.event
    @authenticated
    def set_page_size(self, size: str):
        self.page_size = int(size) if size.isdigit() and int(size) in PAGE_SIZES else self.page_size
        self.page = 1
        self._fetch()

    def _seen(self) -> claims.SegmentRef:
        if self._segment_id is None:
            raise UserError("error.segment_gone")
        return claims.SegmentRef(self._segment_id, self.header.get("no", ""), self._segment_version)

    def _segment(self, session) -> int:
        """For a read: the segment's id, once checked to be the one the page shows."""
        return claims.check(session, self._seen())

    def _claim(self, session) -> int:
        """For a change: the segment's id, locked and checked to be at the version the page
        shows (the next ``_fetch`` reads the version this change gives it)."""
        return claims.claim(session, self._seen()).id

    # -- header ----------------------------------------------------------------------------------

    @rx.event
    @authenticated
    def change_header(self, field: str, value: str | bool):
        """A header field was edited: ask first when lines would follow (reference 4.2-4.4)."""
        raw = "" if value == BLANK else value
        if field in worksheet.BOOL_FIELDS or field == "ignore_contact_corres_type":
            raw = "true" if value in (True, "true", "on") else "false"
        if str(raw) == self.header.get(field, ""):
            return None
        try:
            with transaction() as session:
                impact = worksheet.header_change_impact(session, self._segment(session), field, raw)
        except UserError as error:
            self._refuse_header(field, error)
            return None
        self.pending_field, self.pending_value = field, str(raw)
        self.pending_kind, self.pending_lines = impact.kind, impact.lines
        self.pending_template = impact.template_code or str(raw)
        self.asking = impact.ask
        if impact.ask:
            return None
        return WorksheetState.answer(True)

    def _refuse_header(self, field: str, error: UserError) -> None:
        """A refused header edit: every field shows what is stored again, and the reason
        stands next to the field that was edited."""
        self._fetch()
        self._refuse(error, field=f"hdr-{field}")

    @rx.event(background=True)
    @background
    async def answer(self, yes: bool):
        """The user's answer to the pending question (or Yes when there was none to ask),
        applied as a background job: lines follow in a few statements, with progress, and
        can be cancelled before the commit. Refusing to create a language aborts."""
        async with self:
            field, value, kind = self.pending_field, self.pending_value, self.pending_kind
            self.pending_field, self.asking = "", False
            if not field:
                return
            seen = self._seen()
        if kind != "create_language" or yes:

            def work(job):
                with transaction() as session:
                    segment_id = claims.claim(session, seen).id
                    worksheet.set_header_field(
                        session, segment_id, field, value, update_lines=yes, job=job
                    )
                    job.committing()

            try:
                await run_job(self, work)
            except UserError as error:
                async with self:
                    self._fetch()
                    self._refuse(error, field=f"hdr-{field}")
                return
        yield WorksheetState.refresh

    @rx.event
    def cancel_question(self):
        self.pending_field, self.asking = "", False
        self.version += 1

    # -- adding lines ----------------------------------------------------------------------------

    @rx.event
    @authenticated
    def search_contacts(self, text: str):
        self.contact_query = text
        with transaction() as session:
            found = contacts.search(session, text)
        self.suggestions = [[no, name, company] for no, name, company in found]

    @rx.event
    @authenticated
    def add_contact(self, reference: str):
        """Adds the contact typed or chosen: an exact no., else the only contact matching."""
        with transaction() as session:
            contact_no = contacts.resolve(session, str(reference))
            worksheet.add_line(session, self._claim(session), contact_no)
        self.contact_query, self.suggestions = "", []
        self.page = max(1, -(-(self.total + 1) // self.page_size))
        self._fetch()
        return rx.toast.success(self._t("worksheet.line_added", contact=contact_no))

    # -- editing a line --------------------------------------------------------------------------

    @rx.event
    @authenticated
    def open_line(self, line_no: str):
        row = next((r for r in self.lines if r["line_no"] == line_no), None)
        if row is None:
            raise UserError("error.line_gone", line_no=line_no)
        with transaction() as session:
            line = worksheet.get_line(session, self._segment(session), int(line_no))
            self.edit = {
                "contact_no": row["contact_no"],
                "correspondence_type": line.correspondence_type.value or BLANK,
                "description": line.description,
                "interaction_template_code": line.interaction_template_code or BLANK,
                "language_code": line.language_code or BLANK,
                "subject": line.subject,
                "salesperson_code": line.salesperson_code or BLANK,
                "date": formatting.date(line.date),
                "cost": f"{line.cost:.2f}",
                "duration": str(line.duration),
                "evaluation": line.evaluation.value or BLANK,
                "campaign_no": line.campaign_no or BLANK,
                "campaign_target": _yes_no(line.campaign_target),
                "campaign_response": _yes_no(line.campaign_response),
                "information_flow": line.information_flow.value or BLANK,
                "initiated_by": line.initiated_by.value or BLANK,
            }
        self.edit_line_no = line_no
        self.edit_error = ""

    @rx.event
    def line_dialog_changed(self, is_open: bool):
        if not is_open:
            self.close_line()

    @rx.event
    def close_line(self):
        self.edit_line_no = ""
        self.edit_error = ""

    @rx.event
    def set_edit(self, field: str, value: str | bool):
        if isinstance(value, bool):
            value = _yes_no(value)
        self.edit = {**self.edit, field: value}

    @rx.event
    @authenticated
    def save_line(self, form_data: dict):
        """Saves the edited line in one transaction: all of it, or nothing with the reason."""
        typed = {k: str(v) for k, v in form_data.items() if not k.startswith("_")}
        values = {**self.edit, **typed}
        values = {k: ("" if v == BLANK else v) for k, v in values.items()}
        try:
            with transaction() as session:
                worksheet.update_line(session, self._claim(session), int(self.edit_line_no), values)
        except UserError as error:
            self.edit_error = self._refusal(error)
            return None
        self.edit_line_no = ""
        self._fetch()
        return rx.toast.success(self._t("worksheet.saved"))

    # -- deleting lines --------------------------------------------------------------------------

    @rx.event
    def toggle_line(self, line_no: str, checked: bool):
        rest = [n for n in self.selected if n != line_no]
        self.selected = [*rest, line_no] if checked else rest

    @rx.event
    def toggle_page(self, checked: bool):
        self.selected = [row["line_no"] for row in self.lines] if checked else []

    @rx.event
    def ask_delete_lines(self):
        if self.selected:
            self.confirm_delete_lines = True

    @rx.event
    def ask_delete_edited(self):
        self.selected = [self.edit_line_no]
        self.edit_line_no = ""
        self.confirm_delete_lines = True

    @rx.event
    def cancel_delete_lines(self):
        self.confirm_delete_lines = False

    @rx.event(background=True)
    @background
    async def delete_lines(self):
        async with self:
            self.confirm_delete_lines = False
            numbers = [int(n) for n in self.selected if n.isdigit()]
            seen = self._seen()

        def work(job):
            with transaction() as session:
                segment_id = claims.claim(session, seen).id
                result = worksheet.delete_lines(session, segment_id, numbers, job)
                job.committing()
                return result

        result = await run_job(self, work)
        async with self:
            self.selected = []
            self.ask_reset = result.ask_reset_criteria
            message = self._t("worksheet.lines_deleted", count=result.deleted)
        yield WorksheetState.refresh
        yield rx.toast.success(message)

    @rx.event
    @authenticated
    def answer_reset(self, yes: bool):
        self.ask_reset = False
        if yes:
            with transaction() as session:
                worksheet.reset_criteria(session, self._claim(session))
        self._fetch()

    @rx.event
    def ask_delete_segment(self):
        self.confirm_delete_segment = True

    @rx.event
    def cancel_delete_segment(self):
        self.confirm_delete_segment = False

    @rx.event(background=True)
    @background
    async def delete_segment(self):
        async with self:
            self.confirm_delete_segment = False
            no = self.header.get("no", "")
            seen = self._seen()

        def work(job):
            with transaction() as session:
                segment_id = claims.claim(session, seen).id
                worksheet.delete_segment(session, segment_id, job)
                job.committing()

        await run_job(self, work)
        async with self:
            message = self._t("segments.deleted", no=no)
        yield rx.toast.success(message)
        yield rx.redirect(routes.SEGMENTS)

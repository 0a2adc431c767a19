"""Create Interaction (reference section 9), Postponed Interactions and entry comments.

The wizard's draft stays on the server (``_draft``); the page sees its display values only. Each
step's form is submitted with Next: its fields are checked one by one (a refusal stands next to
its field) and then the step's own checks run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import reflex as rx
from sqlalchemy import select

from .. import formatting, routes
from ..db import transaction
from ..models import Campaign, InteractionTemplate, Language, Salesperson
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.letters.documents import DOCX_CONTENT_TYPE, MAX_UPLOAD_BYTES
from ..services.logging import interactions as ci
from .base import AppState, authenticated
from .letters import backend_url, download_script

STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "type": (
        "contact_no",
        "template_code",
        "description",
        "salesperson_code",
        "language_code",
        "date",
        "time",
        "correspondence_type",
        "information_flow",
        "initiated_by",
    ),
    "content": (),
    "related": ("campaign_no", "campaign_target", "campaign_response"),
    "result": ("result", "evaluation", "successful", "cost", "duration"),
}
CHECKBOXES = ("campaign_target", "campaign_response", "successful")
TYPE_CHECK_FIELDS = {
    "interaction.error_contact_missing": "ci-contact_no",
    "interaction.error_template_missing": "ci-template_code",
    "interaction.error_description_missing": "ci-description",
}


def _display(draft: ci.Draft) -> dict[str, str]:
    values = {k: v for k, v in draft.as_dict().items() if k not in ("document_id",)}
    return {
        k: ("1" if v is True else "" if v is False else str(v or "")) for k, v in values.items()
    }


class InteractionState(AppState):
    """The Create Interaction wizard."""

    view: dict[str, str] = {}
    step: str = "type"
    steps: list[str] = ["type", "content", "related", "result"]
    form_key: int = 0
    contact_options: list[dict[str, str]] = []
    templates: list[list[str]] = []
    salespeople: list[list[str]] = []
    languages: list[list[str]] = []
    campaigns: list[list[str]] = []
    finish_later_open: bool = False
    ready: bool = False
    _draft: dict[str, Any] = {}
    _back_to: str = routes.INTERACTION_LOG_ENTRIES

    def _get(self) -> ci.Draft:
        return ci.Draft.from_dict(self._draft)

    def _put(self, draft: ci.Draft, *, redraw: bool = True) -> None:
        self._draft = draft.as_dict()
        self.view = _display(draft)
        self.steps = [s for s in ci.STEPS if s != "content" or draft.wizard_action]
        if self.step not in self.steps:
            self.step = "type"
        if redraw:
            self.form_key += 1

    def _options(self, session) -> None:
        self.templates = [
            [c, d]
            for c, d in session.execute(
                select(InteractionTemplate.code, InteractionTemplate.description).order_by(
                    InteractionTemplate.code
                )
            ).all()
        ]
        self.salespeople = [
            [c, n]
            for c, n in session.execute(
                select(Salesperson.code, Salesperson.name)
                .where(Salesperson.blocked.is_(False))
                .order_by(Salesperson.code)
            ).all()
        ]
        self.languages = [
            [c, n] for c, n in session.execute(select(Language.code, Language.name)).all()
        ]
        self.campaigns = [
            [c, d]
            for c, d in session.execute(
                select(Campaign.no, Campaign.description).order_by(Campaign.no)
            ).all()
        ]

    @rx.event
    @authenticated
    def load(self):
        params = self._route_params()
        contact_no = str(params.get("contact", "") or "")[:20]
        segment_no = str(params.get("segment", "") or "")[:20]
        line = str(params.get("line", "") or "")
        resume = str(params.get("resume", "") or "")
        self.step, self.finish_later_open, self.ready = "type", False, False
        self.contact_options = []
        self._draft, self.view = {}, {}
        if params.get("from") == "entries":
            self._back_to = f"{routes.INTERACTION_LOG_ENTRIES}?contact={contact_no}"
        elif segment_no:
            self._back_to = routes.worksheet(segment_no)
        elif contact_no:
            self._back_to = routes.contact(contact_no)
        elif resume:
            self._back_to = routes.POSTPONED_INTERACTIONS
        else:
            self._back_to = routes.INTERACTION_LOG_ENTRIES
        with transaction() as session:
            self._options(session)
            if resume.isdigit():
                draft = ci.resume(session, int(resume))
            else:
                draft = ci.start(
                    session,
                    user_id=self._user_id,
                    now=dt.datetime.now(),
                    contact_no=contact_no,
                    segment_no=segment_no,
                    line_no=int(line) if line.isdigit() else None,
                    phone_call=params.get("call") == "1",
                )
        self._put(draft)
        self.ready = True

    @rx.event
    @authenticated
    def search_contacts(self, text: str):
        with transaction() as session:
            found = ci.find_contacts(session, str(text)[:100]) if str(text).strip() else []
        self.contact_options = [{"no": no, "label": f"{no} · {name}"} for no, name in found]

    @rx.event
    @authenticated
    def set_contact(self, value: str):
        if str(value).strip().upper() == str(self._draft.get("contact_no", "")).upper():
            return
        try:
            with transaction() as session:
                draft = ci.choose_contact(session, self._get(), str(value)[:100])
        except UserError as error:
            self._refuse(error, "ci-contact_no")
            return
        self._put(draft)

    @rx.event
    @authenticated
    def set_template(self, value: str):
        try:
            with transaction() as session:
                draft = ci.choose_template(session, self._get(), str(value)[:20])
        except UserError as error:
            self._refuse(error, "ci-template_code")
            return
        self._put(draft)

    def _apply(self, session, form: dict[str, Any]) -> ci.Draft | None:
        """The step's fields in order; the first wrong one is refused next to itself."""
        draft = self._get()
        for name in STEP_FIELDS.get(self.step, ()):
            if name in CHECKBOXES:
                value: Any = name in form and form.get(name) not in ("", "off", False, None)
            elif name in form:
                value = form.get(name)
            else:
                continue
            current = draft.as_dict().get(name)
            if (
                name in ("contact_no", "template_code")
                and str(value).strip().upper() == str(current or "").upper()
            ):
                continue
            try:
                draft = ci.set_field(session, draft, name, value)
            except UserError as error:
                self._put(draft, redraw=False)
                self._refuse(error, f"ci-{name}")
                return None
        return draft

    def _keep_typed(self, form: dict[str, Any]) -> None:
        """Cancel: what the step's fields hold is kept (wrong values are left out), so that
        finishing later keeps what the user typed."""
        draft = self._get()
        with transaction() as session:
            for name in STEP_FIELDS.get(self.step, ()):
                if name not in form and name not in CHECKBOXES:
                    continue
                value: Any = form.get(name)
                if name in CHECKBOXES:
                    value = name in form and value not in ("", "off", False, None)
                current = draft.as_dict().get(name)
                if (
                    name in ("contact_no", "template_code")
                    and str(value or "").strip().upper() == str(current or "").upper()
                ):
                    continue
                try:
                    draft = ci.set_field(session, draft, name, value)
                except UserError:
                    continue
        self._put(draft)

    @rx.event
    @authenticated
    def submit_step(self, form: dict[str, Any]):
        """Next (or Finish on the last step). Back and Cancel submit the form too, so that what
        was typed is kept; Cancel then asks whether to finish later."""
        if form.get("_action") == "cancel":
            self._keep_typed(form)
            self.finish_later_open = True
            return None
        if form.get("_action") == "back":
            self._keep_typed(form)
            index = self.steps.index(self.step) if self.step in self.steps else 0
            self.step = self.steps[max(0, index - 1)]
            self.form_key += 1
            return None
        with transaction() as session:
            draft = self._apply(session, form)
            if draft is None:
                return None
            self._put(draft, redraw=False)
            if self.step == "type":
                try:
                    ci.check_type(session, draft)
                except UserError as error:
                    self._refuse(error, TYPE_CHECK_FIELDS.get(error.key, ""))
                    return None
            index = self.steps.index(self.step)
            if index + 1 < len(self.steps):
                self.step = self.steps[index + 1]
                self.form_key += 1
                return None
            entry_no = ci.finish(session, draft, user_id=self._user_id)
        self._draft = {}
        return [
            rx.toast.success(self._t("interaction.logged", entry_no=entry_no)),
            rx.redirect(f"{routes.INTERACTION_LOG_ENTRIES}?contact={draft.contact_no}"),
        ]

    @rx.event
    def close_finish_later(self):
        self.finish_later_open = False

    @rx.event
    @authenticated
    def answer_finish_later(self, keep: bool):
        """Cancel's question: Yes keeps a postponed entry, No throws the draft away."""
        draft = self._get()
        with transaction() as session:
            if keep:
                entry_no = ci.postpone(session, draft, user_id=self._user_id)
            else:
                ci.discard(session, draft)
        self.finish_later_open = False
        self._draft = {}
        message = (
            self._t("interaction.postponed", entry_no=entry_no)
            if keep
            else self._t("interaction.discarded")
        )
        return [rx.toast.success(message), rx.redirect(self._back_to)]

    @rx.event
    @authenticated
    def download_letter(self):
        """Open: the template letter merged for this contact, to edit in Word."""
        with transaction() as session:
            name, data = ci.merged_letter(session, self._get())
        link = downloads.create(self._session_token(), name, DOCX_CONTENT_TYPE)
        link.path.write_bytes(data)
        return download_script(backend_url(self, downloads.publish(link)))

    @rx.event
    @authenticated
    def download_own_letter(self):
        with transaction() as session:
            name, data = ci.own_letter(session, self._get())
        link = downloads.create(self._session_token(), name, DOCX_CONTENT_TYPE)
        link.path.write_bytes(data)
        return download_script(backend_url(self, downloads.publish(link)))

    @rx.event
    @authenticated
    async def upload_letter(self, files: list[rx.UploadFile]):
        if not files:
            raise UserError("document.empty")
        upload = files[0]
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        name = upload.name or upload.filename or "letter.docx"
        try:
            with transaction() as session:
                draft = ci.upload_letter(
                    session, self._get(), name, data, upload.content_type or ""
                )
        except UserError as error:
            self._refuse(error, "ci-upload")
            return None
        self._put(draft)
        return rx.toast.success(self._t("interaction.uploaded", name=draft.document_name))


class PostponedState(AppState):
    """Postponed Interactions: resume or delete."""

    rows: list[dict[str, str]] = []
    loading: bool = True  # until the rows are read: no "there are none" meanwhile
    confirm_entry: str = ""

    def _fetch(self) -> None:
        with transaction() as session:
            found = ci.list_postponed(session)
        self.loading = False
        self.rows = [
            {
                "entry_no": str(r.entry_no),
                "date": formatting.date(r.date, self.lang),
                "time": r.time,
                "contact_no": r.contact_no,
                "contact_name": r.contact_name,
                "template_code": r.template_code,
                "description": r.description,
                "salesperson_code": r.salesperson_code,
                "letter": "yes" if r.has_letter else "",
            }
            for r in found
        ]

    @rx.event
    @authenticated
    def load(self):
        self.confirm_entry = ""
        self._fetch()

    @rx.event
    def ask_delete(self, entry_no: str):
        self.confirm_entry = str(entry_no)

    @rx.event
    def cancel_delete(self):
        self.confirm_entry = ""

    @rx.event
    @authenticated
    def delete(self):
        entry_no = self.confirm_entry
        self.confirm_entry = ""
        if not entry_no.isdigit():
            raise UserError("interaction.error_postponed_gone", entry_no=entry_no)
        with transaction() as session:
            ci.delete_postponed(session, int(entry_no))
        self._fetch()
        return rx.toast.success(self._t("postponed.deleted", entry_no=entry_no))


class CommentsState(AppState):
    """The comments of one interaction log entry (reference 3.8 / 7.5), editable from it."""

    entry_no: str = ""
    comments: list[dict[str, str]] = []
    form_key: int = 0

    def _fetch(self) -> None:
        with transaction() as session:
            found = ci.comments(session, int(self.entry_no))
        self.comments = [
            {
                "line_no": str(c.line_no),
                "date": formatting.date(c.date, self.lang),
                "comment": c.comment,
            }
            for c in found
        ]
        self.form_key += 1

    @rx.event
    @authenticated
    def open_for(self, entry_no: str):
        if not str(entry_no).isdigit():
            raise UserError("interaction.error_entry_gone", entry_no=entry_no)
        self.entry_no = str(entry_no)
        self._fetch()

    @rx.event
    def close(self):
        self.entry_no = ""

    @rx.event
    def open_changed(self, is_open: bool):
        if not is_open:
            self.entry_no = ""

    def _number(self) -> int:
        if not self.entry_no.isdigit():
            raise UserError("interaction.error_entry_gone", entry_no=self.entry_no)
        return int(self.entry_no)

    @rx.event
    @authenticated
    def add(self, form: dict[str, Any]):
        entry_no = self._number()
        try:
            with transaction() as session:
                ci.add_comment(
                    session,
                    entry_no,
                    str(form.get("comment", ""))[:1000],
                    user_id=self._user_id,
                    today=dt.date.today(),
                )
        except UserError as error:
            self._refuse(error, "comment-new")
            return
        self._fetch()

    @rx.event
    @authenticated
    def save(self, form: dict[str, Any]):
        entry_no = self._number()
        line_no = str(form.get("line_no", ""))
        if not line_no.isdigit():
            raise UserError("interaction.error_comment_gone")
        try:
            with transaction() as session:
                ci.edit_comment(
                    session, entry_no, int(line_no), str(form.get("comment", ""))[:1000]
                )
        except UserError as error:
            self._refuse(error, f"comment-{line_no}")
            return
        self._fetch()

    @rx.event
    @authenticated
    def remove(self, line_no: str):
        entry_no = self._number()
        if not str(line_no).isdigit():
            raise UserError("interaction.error_comment_gone")
        with transaction() as session:
            ci.delete_comment(session, entry_no, int(line_no))
        self._fetch()

"""The contact list, the contact card and the CSV import: thin states over the contact services.
Each keeps one page of display strings; every data handler is one transaction."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import reflex as rx
from sqlmodel import select

from .. import routes
from ..db import transaction
from ..models import Contact, ContactType, MailingGroup
from ..services.contacts import contact_card, contact_csv
from ..services.contacts.contact_list import SORTS, ContactFilter, search_contacts
from ..services.core import downloads, uploads
from ..services.core.errors import UserError
from .base import AppState, Paged, authenticated, off_loop
from .jobs import background, run_job
from .letters import backend_url, download_script

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def _codes(session, model) -> list[str]:
    return list(session.exec(select(model.code).order_by(model.code)).all())


def _options(session) -> dict[str, list[str]]:
    return {name: _codes(session, model) for name, model in contact_card.REF_FIELDS.items()}


class ContactsState(Paged, AppState):
    """The contact list: search, filters, sort and one page of rows."""

    search: str = ""
    loading: bool = True  # until the first page is read: no "there are none" meanwhile
    type_filter: str = ""
    company_filter: str = ""
    salesperson_filter: str = ""
    mailing_group_filter: str = ""
    sort: str = "no"
    descending: bool = False
    rows: list[dict[str, str]] = []
    salespeople: list[str] = []
    mailing_groups: list[str] = []

    def _filter(self) -> ContactFilter:
        return ContactFilter(
            search=self.search,
            type=self.type_filter,
            company_no=self.company_filter,
            salesperson_code=self.salesperson_filter,
            mailing_group_code=self.mailing_group_filter,
            sort=self.sort if self.sort in SORTS else "no",
            descending=self.descending,
        )

    def _fetch(self) -> None:
        with transaction() as session:
            result = search_contacts(session, self._filter(), self.page, self.page_size)
        self.rows = [
            {
                "no": r.no,
                "type": r.type,
                "name": r.name,
                "company_no": r.company_no,
                "company_name": r.company_name,
                "city": r.city,
                "post_code": r.post_code,
                "phone_no": r.phone_no,
                "email": r.email,
                "salesperson_code": r.salesperson_code,
            }
            for r in result.rows
        ]
        self.total, self.pages, self.page = result.total, result.pages, result.page

    @rx.event
    @authenticated
    def load(self):
        self.loading = False
        params = self._route_params()
        if "company" in params:
            self.company_filter = str(params.get("company", ""))[:20]
        with transaction() as session:
            self.salespeople = _codes(session, contact_card.REF_FIELDS["salesperson_code"])
            self.mailing_groups = _codes(session, MailingGroup)
        self._fetch()

    @rx.event
    @authenticated
    def apply_search(self, form_data: dict[str, Any]):
        self.search = str(form_data.get("search", ""))[:100]
        self.company_filter = str(form_data.get("company", ""))[:20]
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def set_filter(self, name: str, value: str):
        value = "" if value == "-" else str(value)[:20]
        if name == "type":
            self.type_filter = value if value in ("company", "person") else ""
        elif name == "salesperson":
            self.salesperson_filter = value
        elif name == "mailing_group":
            self.mailing_group_filter = value
        elif name == "sort":
            self.sort = value if value in SORTS else "no"
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def toggle_descending(self, value: bool):
        self.descending = bool(value)
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def sort_by(self, column: str):
        if column not in SORTS:
            return
        self.descending = not self.descending if self.sort == column else False
        self.sort = column
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def export_csv(self):
        """Writes the list view to a file behind an expiring link that only this signed-in
        browser can open, and lets the browser download it."""
        link = downloads.create(self._session_token(), "contacts.csv", "text/csv")
        with (
            transaction() as session,
            link.path.open("w", encoding="utf-8-sig", newline="") as out,
        ):
            count = contact_csv.export_contacts(session, self._filter(), out)
        return [
            download_script(backend_url(self, downloads.publish(link))),
            rx.toast.success(self._t("contacts.exported", count=count)),
        ]


def _display(contact: Contact, company_no: str) -> dict[str, str]:
    form = {"no": contact.no, "type": contact.type.value, "company_no": company_no}
    for name in contact_card.TEXT_FIELDS:
        form[name] = getattr(contact, name) or ""
    for name in contact_card.REF_FIELDS:
        form[name] = getattr(contact, name) or ""
    for name in contact_card.BOOL_FIELDS:
        form[name] = "1" if getattr(contact, name) else ""
    form["correspondence_type"] = contact.correspondence_type.value
    form["company_name"] = contact.company_name
    return form


class ContactCardState(AppState):
    """One contact: its fields as a form, its classifications and what surrounds it."""

    found: bool = True
    is_new: bool = False
    form: dict[str, str] = {}
    form_key: int = 0
    options: dict[str, list[str]] = {}
    ticks: dict[str, list[dict[str, str]]] = {}
    profile: list[dict[str, str]] = []
    related: list[dict[str, str]] = []
    confirm_delete: bool = False
    loaded_path: str = ""

    def _route_no(self) -> str:
        return str(self._route_params().get("contact_no", ""))

    def _load_contact(self, no: str) -> None:
        with transaction() as session:
            self.options = _options(session)
            contact = session.exec(select(Contact).where(Contact.no == no.upper())).first()
            if contact is None:
                self.found, self.form = False, {"no": no}
                self.ticks, self.profile, self.related = {}, [], []
                return
            company_no = ""
            if contact.company_id:
                company = session.get(Contact, contact.company_id)
                company_no = company.no if company else ""
            self.found, self.is_new = True, False
            self.form = _display(contact, company_no)
            ticks: dict[str, list[dict[str, str]]] = {}
            for tick in contact_card.classification_ticks(session, contact):
                ticks.setdefault(tick.kind, []).append(
                    {
                        "kind": tick.kind,
                        "code": tick.code,
                        "description": tick.description,
                        "ticked": "1" if tick.ticked else "",
                    }
                )
            self.ticks = ticks
            self.profile = [
                {
                    "key": f"{r.questionnaire_code}|{r.line_no}",
                    "questionnaire": r.questionnaire_code,
                    "question": r.question,
                    "answer": r.answer,
                    "ticked": "1" if r.ticked else "",
                }
                for r in contact_card.profile_rows(session, contact)
            ]
            self.related = [
                {"no": c.no, "name": c.name, "job_title": c.job_title, "email": c.email}
                for c in contact_card.related_contacts(session, contact)
            ]
        self.form_key += 1

    @rx.event
    @authenticated
    def load(self):
        self.confirm_delete = False
        self.loaded_path = ""
        no = self._route_no()
        if no == "new":
            params = self._route_params()
            contact_type = str(params.get("type", "company"))
            if contact_type not in ("company", "person"):
                contact_type = "company"
            with transaction() as session:
                self.options = _options(session)
            self.found, self.is_new = True, True
            self.form = {
                "no": "",
                "type": contact_type,
                "company_no": str(params.get("company", ""))[:20].upper(),
            }
            self.ticks, self.profile, self.related = {}, [], []
            self.form_key += 1
            self.loaded_path = str(self.router.url.path)
            return None
        self._load_contact(no)
        self.loaded_path = str(self.router.url.path)
        return None

    @rx.event
    @authenticated
    def save(self, form_data: dict[str, Any]):
        values = {k: v for k, v in form_data.items() if k in contact_card.EDITABLE_FIELDS}
        for name in contact_card.BOOL_FIELDS:
            values[name] = bool(form_data.get(name))
        with transaction() as session:
            if self.is_new:
                contact = contact_card.create_contact(session, values)
                message = self._t("contacts.created", no=contact.no)
            else:
                contact = contact_card.update_contact(session, self.form.get("no", ""), values)
                message = self._t("contacts.saved", no=contact.no)
            no = contact.no
        if self.is_new:
            return [rx.redirect(routes.contact(no)), rx.toast.success(message)]
        self._load_contact(no)
        return rx.toast.success(message)

    @rx.event
    def ask_delete(self):
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    @authenticated
    def delete(self):
        self.confirm_delete = False
        no = self.form.get("no", "")
        with transaction() as session:
            contact_card.delete_contact(session, no)
        return [rx.redirect(routes.CONTACTS), rx.toast.success(self._t("contacts.deleted", no=no))]

    @rx.event
    @authenticated
    def tick(self, kind: str, code: str, ticked: bool):
        no = self.form.get("no", "")
        with transaction() as session:
            contact_card.set_classification(session, no, kind, code, bool(ticked))
        self._load_contact(no)

    @rx.event
    @authenticated
    def tick_answer(self, key: str, ticked: bool):
        questionnaire, _, line_no = str(key).partition("|")
        if not line_no.isdigit():
            return
        no = self.form.get("no", "")
        with transaction() as session:
            contact_card.set_profile_answer(session, no, questionnaire, int(line_no), bool(ticked))
        self._load_contact(no)

    @rx.event
    @authenticated
    def relocalise(self):
        """Reads the card's lists again in the language just chosen (their dates); the form
        keeps what the user has typed and not saved yet."""
        no = self.form.get("no", "")
        if not self.found or self.is_new or not no:
            return
        form, form_key = self.form, self.form_key
        self._load_contact(no)
        self.form, self.form_key = form, form_key


class ContactImportState(AppState):
    """CSV import: upload, preview with column mapping, check, then import."""

    file_name: str = ""
    delimiter: str = ""
    columns: list[dict[str, str]] = []
    checked: bool = False
    total_rows: int = 0
    valid_rows: int = 0
    error_count: int = 0
    errors: list[dict[str, str]] = []
    imported: int = -1
    _path: str = ""
    _mapping: list[str] = []

    @rx.event
    @authenticated
    def load(self):
        self._reset()

    def _reset(self) -> None:
        self._discard()
        self.file_name, self.delimiter, self.columns = "", "", []
        self.checked, self.total_rows, self.valid_rows, self.error_count = False, 0, 0, 0
        self.errors, self.imported, self._mapping = [], -1, []

    def _discard(self) -> None:
        uploads.discard(self._path)
        self._path = ""

    @rx.event
    @authenticated
    async def handle_upload(self, files: list[rx.UploadFile]):
        """Copies the uploaded file to a private temporary file in chunks, then previews it."""
        if not files:
            raise UserError("error.csv.no_file")
        await off_loop(uploads.discard, self._path)
        self._path = ""
        self._reset()
        path = contact_csv.private_upload_file()
        size = 0
        with path.open("wb") as out:
            while chunk := await files[0].read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    out.close()
                    path.unlink()
                    raise UserError("error.csv.too_large")
                out.write(chunk)
        self._path = str(path)
        self.file_name = Path(files[0].name or "contacts.csv").name[:100]
        try:
            preview = await off_loop(contact_csv.read_preview, path)
        except UserError:
            self._reset()
            raise
        # the later steps may run on another backend worker: the file goes to shared storage
        self._path = await off_loop(uploads.keep, path)
        self.delimiter = preview.delimiter
        self._mapping = list(preview.mapping)
        first = preview.sample[0] if preview.sample else []
        self.columns = [
            {
                "index": str(i),
                "heading": heading,
                "sample": first[i] if i < len(first) else "",
                "target": preview.mapping[i],
            }
            for i, heading in enumerate(preview.columns)
        ]

    @rx.event
    @authenticated
    def set_mapping(self, index: str, target: str):
        i = int(index) if str(index).isdigit() else -1
        if not 0 <= i < len(self._mapping):
            return
        target = "" if target == "-" else target
        if target and target not in contact_csv.COLUMNS:
            return
        self._mapping[i] = target
        self.columns[i]["target"] = target
        self.columns = list(self.columns)
        self.checked = False

    @rx.event(background=True)
    @background
    async def check(self):
        """Checks the whole file as a background job, showing how many lines are done."""
        async with self:
            path, mapping = self._path, list(self._mapping)
            if not path:
                raise UserError("error.csv.no_file")

        def work(job):
            with (
                uploads.local(path, contact_csv.private_upload_file) as local,
                transaction() as session,
            ):
                return contact_csv.check_file(session, local, mapping, job)

        result = await run_job(self, work)
        async with self:
            self.checked = True
            self.total_rows, self.valid_rows = result.total_rows, result.valid_rows
            self.error_count = result.error_rows
            self.errors = [
                {
                    "line": str(e.line),
                    "messages": " · ".join(self._t(key, **params) for key, params in e.messages),
                }
                for e in result.errors[:200]
            ]

    @rx.event
    @authenticated
    def download_error_report(self):
        """Every bad line with its errors, as a CSV file (the screen lists the first ones)."""
        if not self._path:
            raise UserError("error.csv.no_file")
        with (
            uploads.local(self._path, contact_csv.private_upload_file) as local,
            transaction() as session,
        ):
            result = contact_csv.check_file(session, local, self._mapping)
        name = "contact-import-errors.csv"
        link = downloads.create(self._session_token(), name, "text/csv")
        with link.path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow([self._t("csv.line"), self._t("csv.errors_title")])
            for error in result.errors:
                messages = " · ".join(self._t(key, **params) for key, params in error.messages)
                writer.writerow([error.line, contact_csv.escape_cell(messages)])
        return download_script(backend_url(self, downloads.publish(link)))

    @rx.event(background=True)
    @background
    async def run_import(self, valid_only: bool):
        """Imports as a background job with progress; Cancel before the commit imports
        nothing."""
        async with self:
            path, mapping = self._path, list(self._mapping)
            if not path:
                raise UserError("error.csv.no_file")

        def work(job):
            with (
                uploads.local(path, contact_csv.private_upload_file) as local,
                transaction() as session,
            ):
                count = contact_csv.import_file(
                    session, local, mapping, valid_only=bool(valid_only), job=job
                )
                job.committing()
                return count

        count = await run_job(self, work)
        await off_loop(uploads.discard, path)
        async with self:
            self._path = ""
            self.imported = count
            self.columns, self.checked, self.errors = [], False, []
            message = self._t("csv.imported", count=count)
        yield rx.toast.success(message)

    @rx.event
    @authenticated
    def start_over(self):
        self._reset()


__all__ = ["ContactCardState", "ContactImportState", "ContactType", "ContactsState"]

"""The generic Setup window: one page of a table's records and the form of one record."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import select

from ..db import transaction
from ..services.core.errors import UserError
from ..services.setup import setup_tables as st
from .base import AppState, Paged, authenticated


def _translated(state: AppState, error: UserError) -> UserError:
    """The refusal with its field and table names in the user's language."""
    params = dict(error.params)
    if "field" in params:
        params["field"] = state._t(f"setup.field.{params['field']}")
    if "table" in params:
        params["table"] = state._t(f"setup.dbtable.{params['table']}")
    return UserError(error.key, **params)


class SetupState(Paged, AppState):
    table_name: str = ""
    loading: bool = True  # until the first page is read: no "there are none" meanwhile
    singleton: bool = False
    found: bool = True
    headers: list[str] = []
    rows: list[list[str]] = []
    row_keys: list[str] = []
    search: str = ""
    parent: str = ""
    parent_field: str = ""
    children: list[str] = []
    fields: list[dict[str, str]] = []
    options: dict[str, list[str]] = {}
    editing: bool = False
    edit_key: str = ""
    form_key: int = 0
    confirm_delete: bool = False
    delete_message: str = ""

    def _spec(self) -> st.TableSpec:
        return st.table(self.table_name)

    def _fetch(self) -> None:
        spec = self._spec()
        with transaction() as session:
            if spec.singleton:
                self._open_form(session, "")
                return
            result = st.list_rows(
                session, spec, self.page, self.page_size, self.parent, self.search
            )
        self.row_keys = [key for key, _ in result.rows]
        self.rows = [cells for _, cells in result.rows]
        self.total, self.pages = result.total, result.pages
        self.page = min(result.page, result.pages)

    def _open_form(self, session, key: str) -> None:
        spec = self._spec()
        values = st.get_values(session, spec, key) if (key or spec.singleton) else {}
        if not key and spec.parent_field and self.parent:
            values[spec.parent_field] = self.parent
        self.fields = [
            {
                "name": f.name,
                "kind": f.kind,
                "enum_key": f.enum_key,
                "value": values.get(f.name, ""),
                "required": "1" if f.required else "",
                "readonly": "1" if (f.key and key) else "",
            }
            for f in spec.fields
        ]
        options: dict[str, list[str]] = {}
        for f in spec.fields:
            if f.kind == "ref":
                options[f.name] = list(
                    session.exec(select(f.ref.code if hasattr(f.ref, "code") else f.ref.no)).all()
                )
            elif f.kind == "enum":
                options[f.name] = [m.value for m in f.enum]
        self.options = options
        self.editing, self.edit_key = True, key
        self.form_key += 1

    @rx.event
    @authenticated
    def load(self):
        self.loading = False
        name = str(self._route_params().get("table", ""))
        self.found = name in st.TABLES
        if not self.found:
            self.table_name = name
            return
        spec = st.TABLES[name]
        self.table_name, self.singleton = name, spec.singleton
        self.parent = str(self._route_params().get("parent", ""))[:20].upper()
        self.parent_field = spec.parent_field
        self.children = list(spec.children)
        self.headers = [f.name for f in spec.list_fields]
        self.page, self.search, self.editing, self.confirm_delete = 1, "", False, False
        self.rows, self.row_keys, self.fields = [], [], []
        self._fetch()

    @rx.event
    @authenticated
    def apply_search(self, form_data: dict[str, Any]):
        self.search = str(form_data.get("search", ""))[:50]
        self.page = 1
        self._fetch()

    @rx.event
    @authenticated
    def new(self):
        with transaction() as session:
            self._open_form(session, "")

    @rx.event
    @authenticated
    def edit(self, index: int):
        if not 0 <= int(index) < len(self.row_keys):
            return
        with transaction() as session:
            self._open_form(session, self.row_keys[int(index)])

    @rx.event
    def close(self):
        self.editing = False

    @rx.event
    @authenticated
    def save(self, form_data: dict[str, Any]):
        spec = self._spec()
        names = {f.name for f in spec.fields}
        values = {k: v for k, v in form_data.items() if k in names}
        try:
            with transaction() as session:
                key = st.save(session, spec, self.edit_key, values)
        except UserError as error:
            raise _translated(self, error) from error
        self.edit_key = key
        self._fetch()
        if not spec.singleton:
            with transaction() as session:
                self._open_form(session, key)
        return rx.toast.success(self._t("setup.saved"))

    @rx.event
    @authenticated
    def ask_delete(self):
        """Refuses at once a record in use; otherwise asks, saying what goes with it."""
        spec = self._spec()
        try:
            with transaction() as session:
                st.check_deletable(session, spec, self.edit_key)
                letters = st.owned_documents(session, spec, self.edit_key)
        except UserError as error:
            raise _translated(self, error) from error
        message = self._t("setup.delete_confirm", record=self.edit_key)
        if letters:
            message += " " + self._t("setup.delete_confirm_letters", count=letters)
        self.delete_message = message
        self.confirm_delete = True

    @rx.event
    def cancel_delete(self):
        self.confirm_delete = False

    @rx.event
    @authenticated
    def delete(self):
        self.confirm_delete = False
        try:
            with transaction() as session:
                st.delete_row(session, self._spec(), self.edit_key)
        except UserError as error:
            raise _translated(self, error) from error
        self.editing, self.edit_key = False, ""
        self._fetch()
        return rx.toast.success(self._t("setup.deleted"))

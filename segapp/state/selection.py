"""Choosing contacts on the worksheet: the Add / Reduce / Refine dialog with its live count,
Go Back, Save and Reuse Criteria, Reuse Segment, Apply Mailing Group and the criteria list."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import select

from ..db import transaction
from ..formatting import FLAG_KEYS, describe_step
from ..models import LoggedSegment, MailingGroup, SegmentHeader
from ..services.core.errors import UserError
from ..services.selection import journal, selection
from .base import AppState, authenticated
from .jobs import background, run_job
from .segments import WorksheetState


def _segment_of(session, no: str) -> int:
    found = session.exec(select(SegmentHeader.id).where(SegmentHeader.no == no)).first()
    if found is None:
        raise UserError("error.segment_gone")
    return found


class SelectionState(AppState):
    kind: str = ""  # "add", "reduce" or "refine" while the dialog is open
    filters: dict[str, str] = {}
    options: dict[str, bool] = {}
    count: int = -1
    count_error: str = ""
    running: bool = False
    # the smaller dialogs
    dialog: str = ""  # "go_back", "save", "reuse_criteria", "reuse_segment", "mailing_group"
    confirm_existing: bool = False
    step_count: int = 0
    last_action: str = ""
    save_code: str = ""
    save_description: str = ""
    choice: str = ""
    delete_old: bool = False
    choices: list[list[str]] = []
    error: str = ""

    def _segment_id(self) -> int:
        with transaction() as session:
            return _segment_of(session, self._segment_no())

    def _segment_no(self) -> str:
        return str(self.router.page.params.get("segment_no", ""))

    @rx.var
    def tables(self) -> list[str]:
        return list(selection.TABLES)

    def _criteria(self) -> selection.Criteria:
        criteria: selection.Criteria = {}
        for key, text in self.filters.items():
            table, _, name = key.partition(".")
            if text.strip():
                criteria.setdefault(table, {})[name] = text
        return criteria

    def _add_options(self) -> selection.AddOptions:
        return selection.AddOptions(
            allow_existing_contacts=self.options.get("allow_existing_contacts", False),
            expand_companies=self.options.get("expand_companies", False),
            allow_related_companies=self.options.get("allow_related_companies", False),
            ignore_exclusion=self.options.get("ignore_exclusion", False),
        )

    async def _recount(self) -> None:
        """The count the dialog shows, from the same SQL the step runs, counted in a worker
        thread so that a large count never holds up other users."""
        criteria, kind = self._criteria(), self.kind
        options, entire = self._add_options(), self.options.get("entire_companies", False)
        segment_id = self._segment_id()

        def work() -> int:
            with transaction() as session:
                if kind == "add":
                    return selection.count_add(session, segment_id, criteria, options)
                return selection.count_remove(
                    session, segment_id, criteria, refine=kind == "refine", entire_companies=entire
                )

        try:
            self.count = await asyncio.to_thread(work)
            self.count_error = ""
        except UserError as error:
            self.count, self.count_error = -1, self._refusal(error)

    @rx.event
    @authenticated
    async def open_step(self, kind: str):
        if kind not in ("add", "reduce", "refine"):
            return
        self.kind, self.filters, self.options, self.count_error = kind, {}, {}, ""
        await self._recount()

    @rx.event
    def close_step(self):
        self.kind = ""

    @rx.event
    @authenticated
    async def set_filter(self, key: str, text: str):
        table, _, name = key.partition(".")
        if table not in selection.TABLES or name not in selection.TABLES[table].fields:
            return
        self.filters = {**self.filters, key: text}
        await self._recount()

    @rx.event
    @authenticated
    async def set_option(self, name: str, value: bool):
        if name in FLAG_KEYS:
            self.options = {**self.options, name: bool(value)}
            await self._recount()

    @rx.event(background=True)
    @background
    async def run_step(self):
        """Runs the step as a background job (progress, Cancel), so that neither this tab's
        other actions nor other users wait on a large one."""
        async with self:
            if self.running:
                return
            criteria, kind = self._criteria(), self.kind
            options, entire = self._add_options(), self.options.get("entire_companies", False)
            no = self._segment_no()
            self.running = True

        def work(job) -> selection.StepResult:
            with transaction() as session:
                segment_id = _segment_of(session, no)
                if kind == "add":
                    result = selection.add_contacts(session, segment_id, criteria, options, job)
                else:
                    result = selection.remove_contacts(
                        session,
                        segment_id,
                        criteria,
                        refine=kind == "refine",
                        entire_companies=entire,
                        job=job,
                    )
                job.committing()
                return result

        try:
            result = await run_job(self, work)
        except UserError as error:
            async with self:
                self.running = False
                self.count_error = self._refusal(error)
            return
        finally:
            async with self:
                self.running = False
        async with self:
            self.kind = ""
            message = (
                self._t("selection.added", count=result.inserted)
                if kind == "add"
                else self._t("selection.removed", count=result.deleted)
            )
        yield WorksheetState.refresh
        yield rx.toast.success(message)

    # -- Go Back, saved criteria, Reuse Segment, Apply Mailing Group --------------------------

    def _open(self, dialog: str) -> None:
        with transaction() as session:
            segment_id = self._segment_id()
            self.step_count = journal.action_count(session, segment_id)
        self.dialog, self.error, self.choice = dialog, "", ""
        self.save_code = self.save_description = ""
        self.delete_old = False
        self.confirm_existing = False

    @rx.event
    @authenticated
    def open_go_back(self):
        self._open("go_back")
        if self.step_count == 0:
            self.dialog = ""
            raise UserError("error.nothing_to_undo")
        with transaction() as session:
            steps = selection.criteria_steps(session, self._segment_id())
        self.last_action = describe_step(self.lang, *steps[-1][1:]) if steps else ""

    @rx.event
    @authenticated
    def open_save(self):
        self._open("save")

    @rx.event
    @authenticated
    def open_reuse_criteria(self):
        self._open("reuse_criteria")
        with transaction() as session:
            found = selection.saved_criteria_list(session)
        self.choices = [[code, f"{code} · {desc}" if desc else code] for code, desc, _ in found]
        self.confirm_existing = self.step_count > 0

    @rx.event
    @authenticated
    def open_reuse_segment(self):
        self._open("reuse_segment")
        with transaction() as session:
            rows = session.exec(
                select(LoggedSegment.entry_no, LoggedSegment.segment_no, LoggedSegment.description)
                .order_by(LoggedSegment.entry_no.desc())
                .limit(200)
            ).all()
        self.choices = [[str(n), f"{no} · {desc}"] for n, no, desc in rows]
        self.confirm_existing = self.step_count > 0

    @rx.event
    @authenticated
    def open_mailing_group(self):
        self._open("mailing_group")
        with transaction() as session:
            rows = session.exec(select(MailingGroup).order_by(MailingGroup.code)).all()
        self.choices = [[r.code, f"{r.code} · {r.description}"] for r in rows]

    @rx.event
    def close_dialog(self):
        self.dialog = ""

    @rx.event
    def proceed(self):
        """The user answered Yes to "the segment already has steps"."""
        self.confirm_existing = False

    @rx.event
    def set_choice(self, value: str):
        self.choice = value

    @rx.event
    def set_save_code(self, value: str):
        self.save_code = value

    @rx.event
    def set_save_description(self, value: str):
        self.save_description = value

    @rx.event
    def set_delete_old(self, value: bool):
        self.delete_old = bool(value)

    async def _job(self, work, message_key: str, *, on_error: bool = False):
        """Runs ``work(job, session, segment_id)`` as the tab's background job in one
        transaction, then refreshes the worksheet and says ``message_key`` (filled from the
        dict ``work`` returns). With ``on_error`` a refusal is shown in the dialog."""
        async with self:
            no = self._segment_no()
            dialog, self.dialog = self.dialog, ""

        def run(job):
            with transaction() as session:
                params = work(job, session, _segment_of(session, no))
                job.committing()
                return params

        try:
            params = await run_job(self, run)
        except UserError as error:
            if not on_error:
                raise
            async with self:
                self.dialog, self.error = dialog, self._refusal(error)
            return []
        async with self:
            message = self._t(message_key, **params)
        return [WorksheetState.refresh, rx.toast.success(message)]

    @rx.event(background=True)
    @background
    async def confirm_go_back(self):
        def work(job, session, segment_id):
            selection.go_back(session, segment_id, job)
            return {}

        for update in await self._job(work, "selection.went_back"):
            yield update

    @rx.event
    @authenticated
    def confirm_save(self):
        try:
            with transaction() as session:
                saved = selection.save_criteria(
                    session,
                    self._segment_id(),
                    self.save_code,
                    self.save_description,
                    self._user_id,
                )
                code = saved.code
        except UserError as error:
            self.error = self._refusal(error)
            return None
        self.dialog = ""
        return rx.toast.success(self._t("selection.saved", code=code))

    @rx.event(background=True)
    @background
    async def confirm_reuse_criteria(self):
        async with self:
            code = self.choice
            if not code:
                self.error = self._t("error.criteria_code_required")
                return

        def work(job, session, segment_id):
            return {"count": len(selection.reuse_criteria(session, segment_id, code, job))}

        for update in await self._job(work, "selection.reused"):
            yield update

    @rx.event(background=True)
    @background
    async def confirm_reuse_segment(self):
        async with self:
            choice = self.choice
            if not choice.isdigit():
                self.error = self._t("error.logged_segment_unknown", entry_no=choice)
                return

        def work(job, session, segment_id):
            result = selection.reuse_segment(session, segment_id, int(choice), job)
            return {"count": result.inserted}

        for update in await self._job(work, "selection.added"):
            yield update

    @rx.event(background=True)
    @background
    async def confirm_mailing_group(self):
        async with self:
            choice, delete_old = self.choice, self.delete_old

        def work(job, session, segment_id):
            count = selection.apply_mailing_group(session, segment_id, choice, delete_old, job)
            return {"code": choice.strip().upper(), "count": count}

        for update in await self._job(work, "selection.applied", on_error=True):
            yield update

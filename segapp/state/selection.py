"""Choosing contacts on the worksheet: the Add / Reduce / Refine dialog with its live count,
Go Back, Save and Reuse Criteria, Reuse Segment, Apply Mailing Group and the criteria list."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlalchemy import func, or_
from sqlmodel import select

from ..db import transaction
from ..formatting import FLAG_KEYS, describe_step
from ..models import LoggedSegment, MailingGroup, SegmentHeader
from ..services.core.errors import UserError
from ..services.selection import journal, lookups, selection
from ..services.worksheet import claims
from .base import AppState, authenticated
from .jobs import background, run_job
from .segments import WorksheetState

PICKER_PAGE = 8  # logged segments per page of the Reuse Segment picker


# The dialogs open from the Contacts menu, whose item is gone once they close: focus goes back
# to the menu's button, where the keyboard user was (Radix would leave it on the page's body).
RETURN_FOCUS = "setTimeout(() => document.getElementById('contacts-menu')?.focus(), 80)"


def _segment_of(session, no: str, seen: claims.SegmentRef | None = None) -> int:
    """The segment numbered ``no``; for a step, locked and checked to be as the dialog read it
    (``seen``), refused with the reason otherwise (services.worksheet.claims)."""
    if seen is not None and seen.no == no:
        return claims.claim(session, seen).id
    found = session.exec(select(SegmentHeader.id).where(SegmentHeader.no == no)).first()
    if found is None:
        raise claims.refusal(session, no)
    return found


class SelectionState(AppState):
    kind: str = ""  # "add", "reduce" or "refine" while the dialog is open
    filters: dict[str, str] = {}
    options: dict[str, bool] = {}
    count: int = -1
    count_error: str = ""
    counting: bool = False
    running: bool = False
    tab: str = "contact"
    # the lookup of one code filter ("table.field"), shown in place of the filter tabs
    lookup_key: str = ""
    lookup_name: str = ""
    lookup_search: str = ""
    lookup_rows: list[list[str]] = []
    lookup_more: bool = False
    lookup_picked: list[str] = []
    lookup_option: bool = False  # an option field (Type, Evaluation): its captions only
    _count_seq: int = 0
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
    picker_search: str = ""
    picker_page: int = 1
    picker_pages: int = 1
    picker_total: int = 0
    error: str = ""
    # the segment as the open dialog read it: a step is refused when the segment has changed
    # since (services.worksheet.claims)
    _seen: claims.SegmentRef | None = None

    def _segment_id(self) -> int:
        """The segment of the page, read now; its version is what the dialog's step expects."""
        no = self._segment_no()
        with transaction() as session:
            seen = claims.ref(session, no)
            if seen is None:
                raise claims.refusal(session, no)
        self._seen = seen
        return seen.id

    def _segment_no(self) -> str:
        return str(self._route_params().get("segment_no", ""))

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

        self._count_seq += 1
        try:
            self.count = await asyncio.to_thread(work)
            self.count_error = ""
        except UserError as error:
            self.count, self.count_error = -1, self._refusal(error)
        finally:
            self.counting = False

    @rx.event
    @authenticated
    async def open_step(self, kind: str):
        if kind not in ("add", "reduce", "refine"):
            return
        self.kind, self.filters, self.options, self.count_error = kind, {}, {}, ""
        self.tab, self.lookup_key = "contact", ""
        self.counting = True
        yield
        await self._recount()

    @rx.event
    def close_step(self):
        self.kind = ""
        self.lookup_key = ""
        return rx.call_script(RETURN_FOCUS)

    @rx.event
    def set_tab(self, tab: str):
        self.tab = tab

    @rx.event(background=True)
    async def typing(self, key: str, info: dict):
        """A key went down in a filter: the count is stale until the debounced filter arrives.
        If none arrives (the key changed nothing), the count shown was still right."""
        if info.get("ctrl_key") or info.get("meta_key") or info.get("alt_key"):
            if str(key).lower() not in ("v", "x"):
                return
        elif len(str(key)) != 1 and key not in ("Backspace", "Delete"):
            return
        async with self:
            self.counting = True
            seq = self._count_seq
        await asyncio.sleep(1.5)
        async with self:
            if self._count_seq == seq and self.counting:
                self.counting = False

    @rx.event
    @authenticated
    async def set_filter(self, key: str, text: str):
        table, _, name = key.partition(".")
        if table not in selection.TABLES or name not in selection.TABLES[table].fields:
            return
        self.filters = {**self.filters, key: text}
        self._count_seq += 1
        self.counting = True
        yield
        await self._recount()

    @rx.event
    @authenticated
    async def set_option(self, name: str, value: bool):
        if name in FLAG_KEYS:
            self.options = {**self.options, name: bool(value)}
            self._count_seq += 1
            self.counting = True
            yield
            await self._recount()

    # -- lookups of the code filters ---------------------------------------------------------

    def _lookup(self) -> None:
        name = self.lookup_key.partition(".")[2]
        with transaction() as session:
            rows, more = lookups.lookup(session, name, self.lookup_search, lang=self.lang)
        self.lookup_rows = [[code, description] for code, description in rows]
        self.lookup_more = more

    @rx.event
    @authenticated
    def open_lookup(self, key: str):
        table, _, name = key.partition(".")
        if table not in selection.TABLES or not lookups.has_lookup(name):
            return
        self.lookup_key, self.lookup_name, self.lookup_search = key, name, ""
        self.lookup_option = name in lookups.OPTIONS
        self.lookup_picked = lookups.picked_codes(self.filters.get(key, ""))
        self._lookup()

    @rx.event
    @authenticated
    def search_lookup(self, text: str):
        self.lookup_search = text
        if self.lookup_key:
            self._lookup()

    @rx.event
    def pick_code(self, code: str, checked: bool):
        rest = [c for c in self.lookup_picked if c != code]
        self.lookup_picked = [*rest, code] if checked else rest

    @rx.event
    def close_lookup(self):
        self.lookup_key = ""

    @rx.event
    @authenticated
    async def apply_lookup(self):
        """The codes picked become the filter, ``A|B``, and the count follows."""
        key, self.lookup_key = self.lookup_key, ""
        if not key:
            return
        self.filters = {**self.filters, key: lookups.join_codes(self.lookup_picked)}
        self._count_seq += 1
        self.counting = True
        yield
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
            no, seen = self._segment_no(), self._seen
            self.running = True

        def work(job) -> selection.StepResult:
            with transaction() as session:
                segment_id = _segment_of(session, no, seen)
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

    def _logged_page(self) -> None:
        """One page of the logged segments matching the search, newest first."""
        with transaction() as session:
            query = select(
                LoggedSegment.entry_no, LoggedSegment.segment_no, LoggedSegment.description
            )
            count = select(func.count()).select_from(LoggedSegment)
            text = self.picker_search.strip().lower()[:100]
            if text:
                match = or_(
                    func.lower(LoggedSegment.segment_no).contains(text, autoescape=True),
                    func.lower(LoggedSegment.description).contains(text, autoescape=True),
                )
                query, count = query.where(match), count.where(match)
            total = session.exec(count).one()
            pages = max(1, -(-total // PICKER_PAGE))
            self.picker_page = min(max(1, self.picker_page), pages)
            rows = session.exec(
                query.order_by(LoggedSegment.entry_no.desc())
                .offset((self.picker_page - 1) * PICKER_PAGE)
                .limit(PICKER_PAGE)
            ).all()
        self.picker_pages, self.picker_total = pages, total
        self.choices = [[str(n), no, desc] for n, no, desc in rows]

    @rx.event
    @authenticated
    def open_reuse_segment(self):
        self._open("reuse_segment")
        self.picker_search, self.picker_page = "", 1
        self._logged_page()
        self.confirm_existing = self.step_count > 0

    @rx.event
    @authenticated
    def search_logged(self, text: str):
        self.picker_search, self.picker_page = text, 1
        self._logged_page()

    @rx.event
    @authenticated
    def turn_logged(self, step: int):
        self.picker_page += int(step)
        self._logged_page()

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
        return rx.call_script(RETURN_FOCUS)

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
            no, seen = self._segment_no(), self._seen
            dialog, self.dialog = self.dialog, ""

        def run(job):
            with transaction() as session:
                params = work(job, session, _segment_of(session, no, seen))
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

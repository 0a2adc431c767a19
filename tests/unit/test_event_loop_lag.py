"""Nothing heavy runs in the event loop: while each action on a large segment runs, the loop
that serves every other browser of the backend worker keeps answering within 100 ms, and the
action shows its progress in the tab (PRODUCT.md: fast for every user)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, PageData, RouterData, SessionData
from sqlalchemy import update as sql_update
from sqlmodel import col, select

from segapp import db
from segapp.models import (
    Contact,
    ContactMailingGroup,
    ContactType,
    CorrespondenceType,
    InteractionLogEntry,
    Language,
    LoggedSegment,
    MailingGroup,
    Salesperson,
    SegmentHeader,
    SegmentLine,
    User,
)
from segapp.services.contacts import contact_csv
from segapp.services.core import auth, downloads
from segapp.services.logging import logging as seglog
from segapp.services.selection import selection as sel
from segapp.services.worksheet import worksheet as ws
from segapp.state.contacts import ContactImportState
from segapp.state.jobs import JobState
from segapp.state.logging import EntriesState, LoggedSegmentsState, LogState
from segapp.state.segments import SegmentsState, WorksheetState
from segapp.state.selection import SelectionState
from tests import factories as f
from tests.lag import BackgroundProxy, assert_loop_free, assert_tab_usable, run_measured

PEOPLE = 6000


@pytest.fixture
def big(session, db_engine, monkeypatch):
    """A segment of PEOPLE lines (persons in mailing group NEWS, a third French), the
    templates LETTER and MEMO, a logged segment of the same contacts, and a signed-in user."""
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    for code in ("EN", "FR"):
        session.add(Language(code=code, name=code))
    session.add(MailingGroup(code="NEWS"))
    session.add(MailingGroup(code="GIFT"))
    session.add(Salesperson(code="PS", name="Peter"))
    session.flush()
    f.template(session, "LETTER", language_code_default="EN")
    f.template(session, "MEMO", language_code_default="EN")
    people = [
        Contact(
            no=f"LAG{i:06d}",
            type=ContactType.PERSON,
            name=f"Person {i:06d}",
            search_name=f"PERSON {i:06d}",
            language_code="FR" if i % 3 == 0 else "EN",
        )
        for i in range(PEOPLE)
    ]
    session.add_all(people)
    session.flush()
    session.add_all(ContactMailingGroup(contact_id=p.id, mailing_group_code="NEWS") for p in people)
    session.add(User(username="anna", password_hash=auth.hash_password("pw-123456")))
    logged = f.segment(session, "LOGGED", description="Logged", salesperson_code="PS")
    header = f.segment(session, "BIG", description="Big", salesperson_code="PS")
    session.commit()
    for segment in (logged, header):
        ws.set_header_field(session, segment.id, "interaction_template_code", "LETTER")
        news = {"contact_mailing_group": {"mailing_group_code": "NEWS"}}
        sel.add_contacts(session, segment.id, news)
    seglog.log_segment(session, "LOGGED", user_id=None, deliver=False, follow_up=False)
    token = auth.sign_in(session, "anna", "pw-123456")
    session.commit()
    return session, header, token


def _states(token: str, segment_no: str):
    root = rx.State(_reflex_internal_init=True)
    router = RouterData(
        session=SessionData(client_token="tab-1"),
        _page=PageData(params={"segment_no": segment_no}),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    found = {}
    for cls in (WorksheetState, SelectionState, SegmentsState, JobState):
        state = root.get_substate(cls.get_full_name().split(".")[1:])
        state.router = router
        found[cls] = state
    return found


def _lines(session, header) -> int:
    session.expire_all()
    return len(
        session.exec(select(SegmentLine.id).where(SegmentLine.segment_id == header.id)).all()
    )


async def _measure(handler, state, *args, what: str):
    lag = await run_measured(handler, state, *args)
    assert_loop_free(lag, what)
    assert_tab_usable(lag, what)
    errors = [u for u in lag.updates if "error" in str(u).lower()]
    assert not errors, f"{what} failed: {errors}"
    return lag


async def test_the_helper_sees_a_handler_that_blocks_the_loop(big):
    """The measure itself: a handler that computes for 300 ms on the loop is caught, and so
    is one that runs SQL there, however short."""

    class _Busy:
        is_background = False

        @staticmethod
        def fn(_state):
            end = time.thread_time() + 0.3
            while time.thread_time() < end:
                pass

    class _Query:
        is_background = False

        @staticmethod
        def fn(_state):
            with db.transaction() as session:
                session.exec(select(Language.code)).all()

    with pytest.raises(AssertionError, match="busy"):
        assert_loop_free(await run_measured(_Busy, None), "a busy handler")
    with pytest.raises(AssertionError, match="SQL"):
        assert_loop_free(await run_measured(_Query, None), "a querying handler")


async def test_choosing_contacts_and_go_back_leave_the_loop_free(big):
    """Sections 6.1-6.3 on a large segment: Reduce, Go Back twice, Reuse Criteria, Reuse
    Segment, Apply Mailing Group."""
    session, header, token = big
    states = _states(token, "BIG")
    selection, worksheet = states[SelectionState], states[WorksheetState]
    await WorksheetState.load.fn(worksheet)
    total = _lines(session, header)
    assert total == PEOPLE

    selection.kind = "reduce"
    selection.filters = {"contact.language_code": "FR"}
    await _measure(SelectionState.run_step, selection, what="Reduce Contacts")
    assert _lines(session, header) == PEOPLE - PEOPLE // 3
    await _measure(SelectionState.confirm_go_back, selection, what="Go Back of a Reduce")
    assert _lines(session, header) == PEOPLE
    sel.save_criteria(session, header.id, "ALL", "", None)
    session.commit()
    await _measure(SelectionState.confirm_go_back, selection, what="Go Back of an Add")
    assert _lines(session, header) == 0

    selection.choice = "ALL"
    await _measure(SelectionState.confirm_reuse_criteria, selection, what="Reuse Criteria")
    assert _lines(session, header) == PEOPLE
    logged = session.exec(select(LoggedSegment.entry_no)).one()
    selection.choice = str(logged)
    await _measure(SelectionState.confirm_reuse_segment, selection, what="Reuse Segment")
    assert _lines(session, header) == 2 * PEOPLE
    selection.choice, selection.delete_old = "GIFT", True
    await _measure(SelectionState.confirm_mailing_group, selection, what="Apply Mailing Group")
    gifts = session.exec(
        select(ContactMailingGroup).where(ContactMailingGroup.mailing_group_code == "GIFT")
    ).all()
    assert len(gifts) == PEOPLE


async def test_header_changes_and_deletes_leave_the_loop_free(big):
    """Sections 3.1, 4.2-4.4 and 5.7 on a large segment."""
    session, header, token = big
    header_id = header.id
    states = _states(token, "BIG")
    worksheet = states[WorksheetState]
    await WorksheetState.load.fn(worksheet)

    worksheet.pending_field, worksheet.pending_value = "interaction_template_code", "MEMO"
    worksheet.pending_kind = "apply_template"
    await _measure(WorksheetState.answer, worksheet, True, what="a template change")
    session.expire_all()
    templates = set(
        session.exec(
            select(SegmentLine.interaction_template_code).where(SegmentLine.segment_id == header.id)
        ).all()
    )
    assert templates == {"MEMO"}
    await WorksheetState.refresh.fn(worksheet)  # the refresh the job yields

    worksheet.pending_field, worksheet.pending_value = "date", "2026-12-24"
    worksheet.pending_kind = "update_lines"
    await _measure(WorksheetState.answer, worksheet, True, what="a header change")
    session.expire_all()
    dates = set(
        session.exec(select(SegmentLine.date).where(SegmentLine.segment_id == header.id)).all()
    )
    assert dates == {dt.date(2026, 12, 24)}
    await WorksheetState.refresh.fn(worksheet)

    worksheet.selected = [row["line_no"] for row in worksheet.lines]
    await _measure(WorksheetState.delete_lines, worksheet, what="deleting a page of lines")
    assert _lines(session, header) == PEOPLE - len(worksheet.lines)
    await WorksheetState.refresh.fn(worksheet)

    await _measure(WorksheetState.delete_segment, worksheet, what="deleting the segment")
    session.expire_all()
    assert session.get(SegmentHeader, header_id) is None


async def test_a_job_shows_its_stage_and_can_be_cancelled(big):
    """The tab shows the stage while the work runs; Cancel before the commit leaves the
    segment as it was."""
    session, header, token = big
    states = _states(token, "BIG")
    selection, jobs = states[SelectionState], states[JobState]
    seen: list[str] = []
    proxy = BackgroundProxy(selection)
    updates = []
    running = SelectionState.confirm_go_back.fn(proxy)

    async def drive():
        async for update in running:
            updates.append(update)

    task = asyncio.create_task(drive())
    while not jobs.job_running and not task.done():
        await asyncio.sleep(0.001)
    seen.append(jobs.job_stage)
    JobState.cancel_job.fn(jobs)
    await task
    assert seen[0]
    assert "Cancelled" in str(updates)
    assert _lines(session, header) == PEOPLE
    assert not jobs.job_running


async def test_csv_check_and_import_leave_the_loop_free(big, tmp_path):
    """A large CSV file is checked and imported in the background, the loop free."""
    session, _header, token = big
    path = tmp_path / "contacts.csv"
    rows = ["no;type;company_no;name;city"]
    for i in range(3000):
        if i % 10 == 0:
            company = f"CSV{i:06d}"
            rows.append(f"{company};company;;Company {i};Lyon")
        else:
            rows.append(f"CSV{i:06d};person;{company};Person {i};Lyon")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(ContactImportState.get_full_name().split(".")[1:])
    state.router = RouterData(
        session=SessionData(client_token="tab-2"),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    state._path = str(path)
    state._mapping = contact_csv.read_preview(path).mapping
    await _measure(ContactImportState.check, state, what="checking a CSV file")
    assert (state.total_rows, state.error_count) == (3000, 0)
    await _measure(ContactImportState.run_import, state, False, what="importing a CSV file")
    assert state.imported == 3000
    session.expire_all()
    person = session.exec(select(Contact).where(Contact.no == "CSV000001")).one()
    company = session.exec(select(Contact).where(Contact.no == "CSV000000")).one()
    assert (person.company_id, person.company_name) == (company.id, "Company 0")


def _log_states(token: str, cls):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.router = RouterData(
        session=SessionData(client_token="tab-3"),
        _page=PageData(params={"segment_no": "BIG"}),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    return state


async def test_logging_with_letters_leaves_the_loop_free(big):
    """Section 7.2 on a large segment: every line a Hard Copy with a Word letter, logged with
    "send attachments"; the progress names the stages."""
    session, header, token = big
    doc = f.document(session, "big.docx")
    for code in ("EN", "FR"):
        f.segment_language(session, header, code, doc=doc)
    session.exec(
        sql_update(SegmentLine)
        .where(SegmentLine.segment_id == header.id)
        .values(correspondence_type=CorrespondenceType.HARD_COPY)
    )
    session.commit()
    state = _log_states(token, LogState)
    await LogState.open_dialog.fn(state)
    assert state.can_send
    assert state.send
    await LogState.start_log.fn(state)
    stages: list[str] = []

    async def watch():
        while True:
            if state.stage_text and state.stage_text not in stages:
                stages.append(state.stage_text)
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    try:
        await _measure(LogState.run_log, state, what="logging with letters")
    finally:
        watcher.cancel()
    session.expire_all()
    logged = session.exec(select(LoggedSegment).where(LoggedSegment.segment_no == "BIG")).one()
    entries = session.exec(
        select(InteractionLogEntry.entry_no).where(
            InteractionLogEntry.logged_segment_entry_no == logged.entry_no
        )
    ).all()
    assert len(entries) == PEOPLE
    assert len(stages) >= 2, stages


async def test_canceling_and_deleting_logged_entries_leave_the_loop_free(big):
    """Sections 7.4 and 7.5 on a logged segment of PEOPLE entries: cancel it, delete the
    canceled logged segment (its entries stay, unlinked), then delete the canceled entries."""
    session, _header, token = big
    logged = session.exec(
        select(LoggedSegment.entry_no).where(LoggedSegment.segment_no == "LOGGED")
    ).one()
    segments = _log_states(token, LoggedSegmentsState)
    await LoggedSegmentsState.load.fn(segments)
    LoggedSegmentsState.toggle_select.fn(segments, str(logged))
    await LoggedSegmentsState.ask_switch_canceled.fn(segments)
    assert segments.confirm_open
    await _measure(LoggedSegmentsState.confirm, segments, what="canceling a logged segment")
    session.expire_all()
    canceled = session.exec(
        select(InteractionLogEntry.entry_no).where(
            InteractionLogEntry.logged_segment_entry_no == logged,
            col(InteractionLogEntry.canceled).is_(True),
        )
    ).all()
    assert len(canceled) == PEOPLE

    await LoggedSegmentsState.load.fn(segments)
    await LoggedSegmentsState.ask_delete_canceled.fn(segments)
    await _measure(LoggedSegmentsState.confirm, segments, what="deleting canceled segments")
    session.expire_all()
    assert session.get(LoggedSegment, logged) is None

    entries = _log_states(token, EntriesState)
    await EntriesState.load.fn(entries)
    await EntriesState.ask_delete_canceled.fn(entries)
    assert str(PEOPLE) in entries.confirm_text.replace("\u202f", "").replace(",", "")
    await _measure(EntriesState.confirm, entries, what="deleting canceled entries")
    session.expire_all()
    assert not session.exec(
        select(InteractionLogEntry.entry_no).where(col(InteractionLogEntry.canceled).is_(True))
    ).all()

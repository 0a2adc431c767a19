"""A worksheet left open never acts on a segment other than the one it shows.

User A has segment X open; user B deletes X (or logs it) and creates a new segment. A's next
action (add a contact, answer Yes to a header question, delete the segment) must not land on
B's new segment: ids are never reused, and every handler checks that the segment is still the
one the page shows (reference section 3.1: the segment is identified by its No.), refusing
with the reason."""

from __future__ import annotations

import inspect

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session, func, select

from segapp import db
from segapp.models import LoggedSegment, Salesperson, SegmentHeader, SegmentLine, User
from segapp.services.core import auth, downloads
from segapp.services.logging import logging as seglog
from segapp.services.worksheet import worksheet
from segapp.state.segments import WorksheetState
from tests import factories as f
from tests.lag import BackgroundProxy

PASSWORD = "pw-123456"


@pytest.fixture
def app_db(db_engine, monkeypatch):
    """The states' transactions run on the test database."""
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    with Session(db_engine, expire_on_commit=False) as session:
        f.template(session, "LETTER")
        session.add(Salesperson(code="PS", name="Peter"))
        for name in ("anna", "bob"):
            session.add(User(username=name, password_hash=auth.hash_password(PASSWORD)))
        first = f.person(session, "First Person", email="first@x.example")
        second = f.person(session, "Second Person", email="second@x.example")
        session.commit()
        yield session, first.no, second.no


def _worksheet(session: Session, segment_no: str) -> WorksheetState:
    """User A's worksheet of ``segment_no``, signed in and loaded."""
    token = auth.sign_in(session, "anna", PASSWORD)
    session.commit()
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(WorksheetState.get_full_name().split(".")[1:])
    cookie = f"{downloads.COOKIE}={token}"
    router = RouterData.from_router_data(
        {"headers": {"cookie": cookie}, "query": {"segment_no": segment_no}, "token": "tab-a"}
    )
    state.router = router
    return state


async def _run(handler, state, *args):
    """Calls a handler as Reflex would: a background one sees its state through a lockable
    proxy; every update it sends is returned."""
    target = BackgroundProxy(state) if handler.is_background else state
    result = handler.fn(target, *args)
    if inspect.isasyncgen(result):
        return [update async for update in result]
    return await result


def _make_x(session: Session, first_no: str) -> str:
    header = worksheet.create_segment(session, user_id=None, salesperson_code="PS", no="X1")
    header.description = "Spring mailing"
    worksheet.set_header_field(
        session, header.id, "interaction_template_code", "LETTER", update_lines=True
    )
    worksheet.add_line(session, header.id, first_no)
    session.commit()
    return header.no


def _b_removes_x_and_creates_y(session: Session, x_no: str, how: str) -> SegmentHeader:
    x_id = session.exec(select(SegmentHeader.id).where(SegmentHeader.no == x_no)).one()
    if how == "deleted":
        worksheet.delete_segment(session, x_id)
    else:
        seglog.log_segment(session, x_no, user_id=None, deliver=False, follow_up=False)
    session.commit()
    y = worksheet.create_segment(session, user_id=None, salesperson_code=None, no="Y1")
    y.description = "B's own segment"
    session.commit()
    return y


def _lines_of(session: Session, segment_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(SegmentLine).where(SegmentLine.segment_id == segment_id)
    ).one()


MESSAGES = {
    "deleted": "was deleted by another user",
    "logged": "was logged by another user",
}


@pytest.mark.parametrize("how", ["deleted", "logged"])
@pytest.mark.parametrize("action", ["add_contact", "answer_yes", "delete_segment"])
async def test_a_stale_worksheet_never_writes_into_another_users_segment(app_db, how, action):
    session, first_no, second_no = app_db
    x_no = _make_x(session, first_no)
    state = _worksheet(session, x_no)
    await WorksheetState.load.fn(state)
    assert state.header["no"] == x_no
    if action == "answer_yes":
        # the question "update the lines?" is on A's screen when B acts
        await _run(WorksheetState.change_header, state, "description", "Changed by A")
        assert state.pending_field == "description"

    y = _b_removes_x_and_creates_y(session, x_no, how)

    if action == "add_contact":
        result = await _run(WorksheetState.add_contact, state, second_no)
    elif action == "answer_yes":
        result = await _run(WorksheetState.answer, state, True)
    else:
        result = await _run(WorksheetState.delete_segment, state)

    session.expire_all()
    still = session.get(SegmentHeader, y.id)
    assert still is not None, "B's new segment was deleted"
    assert still.no == "Y1"
    assert still.description == "B's own segment"
    assert _lines_of(session, y.id) == 0
    shown = f"{result} {state.refusal}"  # a toast, or the refusal the page shows
    assert MESSAGES[how] in shown
    assert "Something went wrong" not in shown


async def test_ids_of_deleted_segments_are_never_given_again(app_db):
    session, first_no, _ = app_db
    x_no = _make_x(session, first_no)
    x_id = session.exec(select(SegmentHeader.id).where(SegmentHeader.no == x_no)).one()
    y = _b_removes_x_and_creates_y(session, x_no, "deleted")
    assert y.id > x_id
    assert session.exec(select(func.count()).select_from(LoggedSegment)).one() == 0

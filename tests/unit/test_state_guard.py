"""Every event handler checks the signed-in user on the server (PRODUCT.md section 6): a
browser without a valid session gets sent to sign-in and receives no data."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from segapp.models import User
from segapp.services.core import auth, downloads
from segapp.state import base as state_base
from segapp.state import segments as state_segments
from segapp.state.segments import SegmentsState, WorksheetState
from tests import factories as f


@pytest.fixture
def app_db(session, db_engine, monkeypatch):
    """Points the states' transactions at the test database."""
    from sqlmodel import Session

    @contextmanager
    def _transaction(engine=None):
        with Session(db_engine, expire_on_commit=False) as s:
            yield s
            s.commit()

    for module in (state_base, state_segments):
        monkeypatch.setattr(module, "transaction", _transaction)
    session.add(User(username="anna", password_hash=auth.hash_password("pw-123456")))
    f.segment(session, "SEG00001", description="Spring")
    session.commit()
    return session


def _state(cls, token: str = ""):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    cookie = f"{downloads.COOKIE}={token}" if token else ""
    state.router = RouterData.from_router_data({"headers": {"cookie": cookie}})
    return state


def _is_redirect_to_sign_in(result) -> bool:
    return "/signin" in str(result)


async def test_handlers_refuse_a_browser_without_a_session(app_db):
    state = _state(SegmentsState)
    result = await SegmentsState.load.fn(state)
    assert _is_redirect_to_sign_in(result)
    assert state.rows == []


async def test_handlers_refuse_a_forged_token(app_db):
    state = _state(WorksheetState, token="forged-token")
    result = await WorksheetState.next_page.fn(state)
    assert _is_redirect_to_sign_in(result)
    assert state.lines == []


async def test_handlers_serve_a_signed_in_user(app_db):
    token = auth.sign_in(app_db, "anna", "pw-123456")
    app_db.commit()
    state = _state(SegmentsState, token=token)
    result = await SegmentsState.load.fn(state)
    assert not _is_redirect_to_sign_in(result)
    assert [row["no"] for row in state.rows] == ["SEG00001"]


async def test_paging_handlers_turn_pages_for_a_signed_in_user(app_db):
    for i in range(2, 31):
        f.segment(app_db, f"SEG{i:05d}")
    app_db.commit()
    token = auth.sign_in(app_db, "anna", "pw-123456")
    app_db.commit()
    state = _state(SegmentsState, token=token)
    state.page_size = 25
    await SegmentsState.load.fn(state)
    assert (state.total, state.pages, len(state.rows)) == (30, 2, 25)
    await SegmentsState.next_page.fn(state)
    assert (state.page, len(state.rows)) == (2, 5)
    await SegmentsState.next_page.fn(state)
    assert state.page == 2
    await SegmentsState.prev_page.fn(state)
    assert (state.page, state.rows[0]["no"]) == (1, "SEG00030")

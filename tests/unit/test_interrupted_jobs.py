"""A job that died with its backend worker (the tab's page reconnected to another worker)
is shown as interrupted, with the reason, and can be started again; it never leaves the tab
"busy" forever. A job that is still running (its heartbeat is fresh) keeps the tab busy."""

from __future__ import annotations

import time

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, PageData, RouterData, SessionData

from segapp import db
from segapp.models import User
from segapp.services.core import auth, downloads
from segapp.services.core.errors import UserError
from segapp.state.base import AppState
from segapp.state.jobs import JobState, run_job
from segapp.state.letters import LettersState
from segapp.state.logging import LogState
from tests.lag import BackgroundProxy


@pytest.fixture
def tab(session, db_engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    session.add(User(username="anna", password_hash=auth.hash_password("pw-123456")))
    session.commit()
    token = auth.sign_in(session, "anna", "pw-123456")
    session.commit()
    root = rx.State(_reflex_internal_init=True)
    router = RouterData(
        session=SessionData(client_token="tab-1"),
        _page=PageData(params={}),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    states = {}
    for cls in (AppState, JobState, LettersState, LogState):
        state = root.get_substate(cls.get_full_name().split(".")[1:])
        state.router = router
        states[cls] = state
    return states


async def _load(app: AppState) -> None:
    await AppState.require_user.fn(app)


async def test_a_job_whose_worker_died_is_shown_interrupted_at_the_next_page_load(tab):
    jobs, letters, log = tab[JobState], tab[LettersState], tab[LogState]
    dead = time.time() - 60
    jobs.job_running, jobs.job_stage, jobs.job_done, jobs._beat = True, "Adding lines", 5, dead
    letters.busy, letters.progress, letters._beat = True, 40, dead
    log.running, log.progress, log._beat = True, 70, dead
    await _load(tab[AppState])
    assert not jobs.job_running
    assert jobs.job_stage == ""
    assert jobs.job_done == 0
    assert not letters.busy
    assert letters.progress == 0
    assert not log.running
    assert log.progress == 0
    assert "nothing of it was saved" in tab[AppState].refusal


async def test_a_running_job_keeps_the_tab_busy(tab):
    jobs = tab[JobState]
    jobs.job_running, jobs._beat = True, time.time()
    await _load(tab[AppState])
    assert jobs.job_running
    assert tab[AppState].refusal == ""
    with pytest.raises(UserError, match=r"job\.busy"):
        await run_job(BackgroundProxy(jobs), lambda job: "done")


async def test_an_interrupted_job_can_be_started_again(tab):
    jobs = tab[JobState]
    jobs.job_running, jobs._beat = True, time.time() - 60
    assert await run_job(BackgroundProxy(jobs), lambda job: "done") == "done"
    assert not jobs.job_running

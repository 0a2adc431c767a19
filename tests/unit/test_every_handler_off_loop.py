"""No event handler waits on the database on the event loop's thread: one backend worker
serves many browsers at once only if every handler's database work runs in a worker thread
(``authenticated``/``background`` and ``off_loop`` in ``segapp/state/base.py``).

The handlers are every handler Reflex registered on the app's states (the same walk as
``test_every_handler_guarded.py``), each called by a signed-in browser on the demo data, with
the arguments that test builds from its signature, on the worksheet of a demo segment. Each
runs next to the ticker of ``tests/lag.py``, which records every SQL statement sent from the
loop's thread; a refused or failed action is fine here, a statement on the loop is not."""

from __future__ import annotations

import asyncio
import inspect

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, PageData, RouterData, SessionData
from sqlmodel import select
from test_every_handler_guarded import HANDLERS, _argument

from segapp import db, demo
from segapp.models import SegmentHeader
from segapp.services.core import auth, downloads
from tests.lag import run_measured

TIMEOUT_SECONDS = 60


@pytest.fixture
def signed_in(session, db_engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    demo.load_demo(session)
    session.commit()
    segment = session.exec(select(SegmentHeader).order_by(SegmentHeader.id)).first()
    token = auth.sign_in(session, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    session.commit()
    return token, segment.no


def _state(cls: type[rx.State], token: str, segment_no: str) -> rx.State:
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.router = RouterData(
        session=SessionData(client_token="tab-off-loop"),
        _page=PageData(
            params={"segment_no": segment_no, "contact_no": "1", "table": "1", "code": "1"}
        ),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    return state


async def test_no_handler_runs_sql_on_the_event_loop(signed_in):
    token, segment_no = signed_in
    offenders = []
    ran = 0
    for label, cls, name, _owner in HANDLERS:
        handler = cls.event_handlers[name]
        parameters = list(inspect.signature(handler.fn).parameters.values())[1:]
        args = [_argument(p) for p in parameters]
        state = _state(cls, token, segment_no)
        try:
            lag = await asyncio.wait_for(
                run_measured(handler, state, *args), timeout=TIMEOUT_SECONDS
            )
        except TimeoutError:
            offenders.append(f"{label}: did not end within {TIMEOUT_SECONDS} s")
            continue
        except Exception:  # an unguarded failure is the guard test's concern
            continue
        ran += 1
        if lag.statements:
            first = " ".join(lag.statements[0].split())[:120]
            offenders.append(f"{label}: {len(lag.statements)} statement(s), first: {first}")
    assert ran > 100
    assert offenders == [], "handlers that run SQL on the event loop:\n" + "\n".join(offenders)

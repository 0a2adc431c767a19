"""The session token is out of the page scripts' reach: the server sets it as an HttpOnly,
SameSite=Strict cookie (Secure over TLS) and reads it from the websocket's handshake; no state
variable stored in the browser holds it; a download link serves once."""

from __future__ import annotations

from contextlib import contextmanager

import httpx
import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base.utils.format import json_dumps
from starlette.applications import Starlette
from starlette.routing import Route

from segapp.api import session as session_api
from segapp.models import User
from segapp.services.core import auth, downloads
from segapp.state import base as state_base
from segapp.state.base import AppState
from segapp.state.segments import SegmentsState


@pytest.fixture
def token(session, db_engine, monkeypatch, tmp_path):
    from sqlmodel import Session

    @contextmanager
    def _transaction(engine=None):
        with Session(db_engine, expire_on_commit=False) as s:
            yield s
            s.commit()

    for module in (state_base, session_api):
        monkeypatch.setattr(module, "transaction", _transaction)
    monkeypatch.setenv("SEGAPP_DOWNLOAD_DIR", str(tmp_path / ".downloads"))
    session.add(User(username="zoë", password_hash=auth.hash_password("pw-123456")))
    session.flush()
    signed_in = auth.sign_in(session, "zoë", "pw-123456")
    session.commit()
    return signed_in


APP = Starlette(routes=[Route(session_api.ROUTE, session_api.set_session, methods=["POST"])])


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
        yield c


async def _post(client, data, origin="http://127.0.0.1:3000", **headers):
    headers = {"Origin": origin, **headers}
    return await client.post(session_api.ROUTE, data=data, headers=headers)


async def test_the_server_sets_the_token_as_an_httponly_strict_cookie(client, token):
    answer = await _post(client, {"token": token, "next": "/segments/SEG00001"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "http://127.0.0.1:3000/segments/SEG00001"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{downloads.COOKIE}={token};")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP in development
    behind_tls = await _post(
        client,
        {"token": token, "next": "/"},
        origin="https://127.0.0.1",
        **{"X-Forwarded-Proto": "https"},
    )
    assert "Secure" in behind_tls.headers["set-cookie"]


async def test_another_site_or_a_dead_token_gets_no_cookie(client, token):
    other_site = await _post(client, {"token": token}, origin="https://evil.example")
    assert other_site.status_code == 403
    assert "set-cookie" not in other_site.headers
    assert (await _post(client, {"token": token}, origin="")).status_code == 403
    dead = await _post(client, {"token": "forged-token", "next": "/segments"})
    assert dead.headers["location"].endswith("/signin")
    assert "set-cookie" not in dead.headers
    elsewhere = await _post(client, {"token": token, "next": "//evil.example/x"})
    assert elsewhere.headers["location"] == "http://127.0.0.1:3000/segments"


async def test_an_empty_token_clears_the_cookie(client, token):
    answer = await _post(client, {"token": ""})
    assert answer.headers["location"].endswith("/signin")
    assert 'segapp_session="";' in answer.headers["set-cookie"]
    assert "Max-Age=0" in answer.headers["set-cookie"]


async def test_the_state_reads_the_token_from_the_websocket_handshake(token):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(SegmentsState.get_full_name().split(".")[1:])
    assert state._current_user() is None
    cookie = f"theme=dark; {downloads.COOKIE}={token}"
    state.router = RouterData.from_router_data({"headers": {"cookie": cookie}})
    assert state._current_user().username == "zoë"
    browser_vars = {name for name in AppState.base_vars if not name.startswith("_")}
    assert not {"auth_token", "session_cookie"} & browser_vars
    sent = json_dumps(root.dict())  # the state as Reflex serialises it for the browser
    assert "theme=dark" not in sent
    assert token not in sent


def test_a_download_link_serves_once(session, token, monkeypatch):
    """The browser's own second fetch (frame, then download manager) is served within a few
    seconds; after that the link is dead and the file gone, well before the link expires."""
    link = downloads.create(token, "Segment SEG00001.zip", "application/zip")
    link.path.write_bytes(b"zip")
    assert downloads.resolve(session, link.token, token) is not None
    assert downloads.resolve(session, link.token, token) is not None
    later = downloads.time.time() + downloads.REUSE_SECONDS + 1
    assert later < downloads.time.time() + downloads.LIFETIME_SECONDS
    monkeypatch.setattr(downloads.time, "time", lambda: later)
    assert downloads.resolve(session, link.token, token) is None
    assert not link.path.exists()

"""An ASGI middleware in front of Reflex's upload route (``POST /_upload``).

Reflex reads (and spools to a temporary folder) the whole multipart body before the upload
handler runs, so the handler's own checks come too late: an anonymous client could fill the
disk. This guard answers first, before a byte of the body is read:

- 404 for anything but a POST (the app never serves files from the upload folder);
- 400 for an upload to an unknown handler, 413 when ``Content-Length`` exceeds that handler's
  limit (the largest file it accepts plus the multipart envelope);
- 401 when the browser tab (``Reflex-Client-Token``) is not signed in: its session token,
  from the session cookie or the tab's state, must be a valid session in the database.

A body without ``Content-Length`` (chunked) is counted while it streams: past the limit the
route stops reading and the answer is 413.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import cookie_parser

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
SignedIn = Callable[[str, str], Awaitable[bool]]

ENVELOPE_BYTES = 64 * 1024  # multipart boundaries, part headers and the bound arguments


class UploadGuard:
    def __init__(
        self, app: ASGIApp, path: str, limits: Mapping[str, int], signed_in: SignedIn
    ) -> None:
        self.app = app
        self.path = path.rstrip("/")
        self.limits = dict(limits)
        self.signed_in = signed_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _under(scope.get("path", ""), self.path):
            await self.app(scope, receive, send)
            return
        if scope.get("method") != "POST" or scope["path"].rstrip("/") != self.path:
            await _answer(send, 404, "Not found.")
            return
        headers = Headers(scope=scope)
        handler = headers.get("reflex-event-handler", "")
        limit = self.limits.get(handler)
        if limit is None:
            await _answer(send, 400, "Unknown upload.")
            return
        limit += ENVELOPE_BYTES
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _answer(send, 413, "The file is too large.")
            return
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE_NAME, "")[:200]
        if not await self.signed_in(headers.get("reflex-client-token", ""), cookie):
            await _answer(send, 401, "Sign in first.")
            return
        await self.app(scope, *_capped(receive, send, limit))


COOKIE_NAME = "segapp_session"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _capped(receive: Receive, send: Send, limit: int) -> tuple[Receive, Send]:
    """``receive`` that stops the body past ``limit`` (the app sees a disconnect) and ``send``
    that then answers 413 instead of whatever the app says."""
    received = 0
    refused = False
    answered = False

    async def capped_receive() -> dict[str, Any]:
        nonlocal received, refused
        if refused:
            return {"type": "http.disconnect"}
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                refused = True
                await refuse()
                return {"type": "http.disconnect"}
        return message

    async def refuse() -> None:
        nonlocal answered
        if not answered:
            answered = True
            await _answer(send, 413, "The file is too large.")

    async def guarded_send(message: dict[str, Any]) -> None:
        nonlocal answered
        if refused:
            return
        if message["type"] == "http.response.start":
            answered = True
        await send(message)

    return capped_receive, guarded_send


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def signed_in_tab(client_token: str, cookie: str) -> bool:
    """Whether the session cookie, or else the tab's state, holds a valid session token."""
    from ..db import transaction
    from ..services.core import auth

    def valid(token: str) -> bool:
        if not token or len(token) > 200:
            return False
        with transaction() as session:
            return auth.user_for_token(session, token) is not None

    if cookie and await asyncio.to_thread(valid, cookie):
        return True
    token = await _tab_token(client_token)
    return bool(token) and await asyncio.to_thread(valid, token)


async def _tab_token(client_token: str) -> str:
    """The session token of the tab: the session cookie its websocket's handshake carried
    (kept by Reflex on the server; the upload request itself may come from another origin in
    development, without cookies)."""
    if not client_token or len(client_token) > 100:
        return ""
    from reflex.istate.wrappers import get_state

    from ..services.core import downloads
    from ..state.base import AppState

    try:
        state = await get_state(client_token, AppState)
    except Exception:
        return ""
    return downloads.cookie_token(state.router.headers.cookie)

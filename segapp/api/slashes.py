"""An ASGI middleware that serves a page's address as it is written, without the redirect to
the same address with a trailing slash.

In production the backend also serves the compiled pages (Starlette's static files): a page
with sub-pages, such as ``/segments`` (whose worksheets are ``/segments/<no>``), is compiled to
the folder ``segments/`` and ``/segments`` answers 307 to ``/segments/``, so the address bar and
every link the app builds disagree. When the app answers a GET or HEAD with a redirect to the
same path plus ``/``, this middleware answers the request for that path itself instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REDIRECTS = {301, 302, 307, 308}


class NoSlashRedirect:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or path.endswith("/")
        ):
            await self.app(scope, receive, send)
            return
        slashed = path + "/"
        swallowed = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal swallowed
            if message["type"] == "http.response.start" and message["status"] in REDIRECTS:
                location = dict(message.get("headers") or []).get(b"location", b"").decode()
                target = location.split("?", 1)[0].split("#", 1)[0]
                swallowed = target == slashed or target.endswith("//" + _host(scope) + slashed)
            if not swallowed:
                await send(message)

        await self.app(scope, receive, watch)
        if swallowed:  # the redirect's messages were dropped: answer for the slashed path
            raw = scope.get("raw_path")
            inner = {**scope, "path": slashed}
            if raw is not None:
                inner["raw_path"] = raw + b"/"
            await self.app(inner, receive, send)


def _host(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"host":
            return value.decode("latin-1")
    return ""

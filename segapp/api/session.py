"""``POST /_segapp/session``: the browser's session cookie, set by the server.

The session token lives only in an HttpOnly cookie (``segapp_session``, SameSite=Strict,
Secure when the app is served over TLS), which no script of the page can read; neither local
storage nor a script-set cookie holds it. Reflex reads the cookie from the websocket's
handshake on the server (it never sends the cookie header to the browser). The sign-in
handler hands the new token to this route in a form posted by the page (a top-level
navigation, so it works although the backend has another port in development); the route
checks that the post comes from a page of this site and that the token is a live session,
sets the cookie and sends the browser on to the page it asked for. An empty token clears the
cookie (sign-out).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from .. import routes
from ..db import transaction
from ..services.core import auth, downloads

ROUTE = "/_segapp/session"
COOKIE = downloads.COOKIE
MAX_AGE = int(auth.SESSION_LIFETIME.total_seconds())


def _safe_next(target: str) -> str:
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return routes.SEGMENTS


def _same_site(request: Request, origin: str) -> bool:
    """The form was posted by a page of this host (any port: development has two)."""
    page = urlsplit(origin)
    return bool(page.scheme in ("http", "https") and page.hostname) and (
        page.hostname == request.url.hostname
    )


def _secure(request: Request, origin: str) -> bool:
    return (
        request.url.scheme == "https"
        or request.headers.get("x-forwarded-proto", "") == "https"
        or origin.startswith("https://")
    )


async def set_session(request: Request) -> Response:
    origin = request.headers.get("origin", "")
    if not _same_site(request, origin):
        return PlainTextResponse("Not from this site.", status_code=403)
    form = await request.form(max_files=0, max_fields=4, max_part_size=4096)
    token = str(form.get("token", ""))[:200]
    target = _safe_next(str(form.get("next", "")))
    secure = _secure(request, origin)
    if not token:
        response = RedirectResponse(f"{origin}{routes.SIGN_IN}", status_code=303)
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    with transaction() as session:
        user = auth.user_for_token(session, token)
    if user is None:
        return RedirectResponse(f"{origin}{routes.SIGN_IN}", status_code=303)
    response = RedirectResponse(f"{origin}{target}", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def register(app) -> None:
    """Adds the route to the Reflex app's backend."""
    app._api.add_route(ROUTE, set_session, methods=["POST"])

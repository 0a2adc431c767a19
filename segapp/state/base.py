"""The root state of every page: who is signed in, and which language the UI speaks.

Every event handler of a page state is a public endpoint. Handlers that read or change data are
wrapped with :func:`authenticated`, which looks the browser's session token up in the database
before the handler runs and sends the browser to the sign-in page when it is not valid.

The session token is never within reach of the page's scripts: it lives in an HttpOnly cookie
set by the server (:mod:`segapp.api.session`), and the state reads it from the cookie header
of the websocket's handshake, which Reflex keeps on the server.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import reflex as rx

from .. import routes
from ..api import session as session_api
from ..db import transaction
from ..i18n import normalise, translate
from ..services.core import auth, downloads
from ..services.core.errors import UserError
from ..services.core.paging import DEFAULT_PAGE_SIZE

log = logging.getLogger(__name__)

# A running job writes its heartbeat into its state (``_beat``) at least every POLL; a job
# whose heartbeat is older than STALE_SECONDS died with its backend worker.
STALE_SECONDS = 10.0
# (state class, its "running" flag, the values that reset it) of every job a tab runs
INTERRUPTIBLE: list[tuple[type, str, dict[str, Any]]] = []


def interruptible(flag: str, **reset: Any) -> Callable[[type], type]:
    """Registers a state whose job sets ``flag`` while it runs and beats ``_beat``: a page
    load that finds the flag set with a stale heartbeat resets the state with ``reset`` and
    tells the user the job was interrupted."""

    def register(cls: type) -> type:
        INTERRUPTIBLE.append((cls, flag, {flag: False, **reset}))
        return cls

    return register


def is_stale(state: Any) -> bool:
    """The job this state shows as running died with its worker (its heartbeat stopped)."""
    return time.time() - float(getattr(state, "_beat", 0.0) or 0.0) > STALE_SECONDS


# route -> the handlers that read that page's rows again, so that the dates, numbers and amounts
# the server formats follow a language switch at once (filled where the pages are added)
RELOCALISE: dict[str, list[Any]] = {}


class AppState(rx.State):
    """Root of the app's states: the session token and the UI language live in the browser."""

    lang: str = rx.LocalStorage("en", name="segapp_lang", sync=True)
    user_name: str = ""
    user_full_name: str = ""
    # The last refused action's message: it stays (inside the open dialog, or next to the field
    # whose id is ``refusal_field``) until the user dismisses it or acts again.
    refusal: str = ""
    refusal_field: str = ""
    _user_id: int | None = None

    def _session_token(self) -> str:
        """The session token of this browser: its HttpOnly cookie, as the websocket's
        handshake carried it."""
        return downloads.cookie_token(self.router.headers.cookie)

    def _current_user(self) -> auth.SignedInUser | None:
        """The signed-in user, checked against the database on every call."""
        token = self._session_token()
        if not token:
            return None
        with transaction() as session:
            return auth.user_for_token(session, token)

    def _route_params(self) -> dict[str, Any]:
        """The page's route arguments and query parameters (``router.page`` is deprecated and
        warns on every call; ``router.url`` has no route arguments)."""
        return self.router._page.params

    def _t(self, key: str, **params: Any) -> str:
        """A message in the user's language, for text built on the server (toasts, errors)."""
        return translate(self.lang, key, **params)

    def _sign_in_redirect(self) -> rx.event.EventSpec:
        path = self.router.url.path or routes.SEGMENTS
        self.user_name = ""
        self.user_full_name = ""
        return rx.redirect(f"{routes.SIGN_IN}?next={quote(path)}")

    def _refusal(self, error: UserError) -> str:
        """A refused action's message; parameters naming a field (``field.*``) are translated."""
        params = {
            name: self._t(value)
            if isinstance(value, str) and value.startswith(("field.", "filter."))
            else value
            for name, value in error.params.items()
        }
        return self._t(error.key, **params)

    def _refuse(self, error: UserError, field: str = "") -> None:
        """Shows a refused action's message until the user acts; nothing was changed. With
        ``field`` (an input's id) the message stands next to that field."""
        self._show_refusal(self._refusal(error), field)

    def _show_refusal(self, message: str, field: str = "") -> None:
        self.refusal, self.refusal_field = message, field

    @rx.event
    def dismiss_refusal(self):
        self.refusal, self.refusal_field = "", ""

    @rx.event
    def set_lang(self, lang: str):
        """Switches the UI language: captions switch in the browser at once, and the page reads
        its rows again so that the dates and amounts formatted on the server follow (the page
        keeps its place: same page of rows, same filters)."""
        lang = normalise(lang)
        if lang == self.lang:
            return None
        self.lang = lang
        return RELOCALISE.get(self.router._page.path, [])

    @rx.event
    async def require_user(self):
        """``on_load`` of every protected page: signed-out browsers go to sign-in."""
        user = await off_loop(self._current_user)
        if user is None:
            return self._sign_in_redirect()
        self.user_name = user.username
        self.user_full_name = user.full_name or user.username
        await self._reset_interrupted_jobs()
        return None

    async def _reset_interrupted_jobs(self) -> None:
        """A job of this tab that died with its backend worker (the page reconnected to
        another one) is shown as interrupted, not as running forever."""
        for cls, flag, reset in INTERRUPTIBLE:
            state = await self.get_state(cls)
            if getattr(state, flag) and is_stale(state):
                for name, value in reset.items():
                    setattr(state, name, value)
                self._show_refusal(self._t("job.interrupted"))

    @rx.event
    async def sign_out(self):
        def _sign_out(token: str) -> None:
            with transaction() as session:
                auth.sign_out(session, token)

        await off_loop(_sign_out, self._session_token())
        self.user_name = ""
        self.user_full_name = ""
        return session_script(self, "")


def session_script(state: AppState, token: str, next_path: str = "") -> rx.event.EventSpec:
    """Hands ``token`` to the server, which sets it as the HttpOnly session cookie (an empty
    token clears it), then loads ``next_path``: a form posted by the page, so the token never
    rests where a script could read it later."""
    headers = state.router.headers
    host = headers.host or "localhost:8000"
    scheme = "https" if (headers.origin or "").startswith("https") else "http"
    action = f"{scheme}://{host}{session_api.ROUTE}"
    fields = json.dumps({"token": token, "next": next_path})
    return rx.call_script(
        "(() => { const f = document.createElement('form'); f.method = 'POST';"
        f" f.action = {json.dumps(action)};"
        f" for (const [k, v] of Object.entries({fields})) {{"
        " const i = document.createElement('input'); i.type = 'hidden'; i.name = k;"
        " i.value = v; f.appendChild(i); }"
        " document.body.appendChild(f); f.submit(); })()"
    )


async def off_loop(work: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Runs blocking work (database, files) in a worker thread, so that the event loop keeps
    serving every other session of this backend worker while it runs."""
    return await asyncio.to_thread(work, *args, **kwargs)


def failure(state: AppState, exc: Exception, name: str) -> Any:
    """What the user sees when a handler fails: a refusal's reason, else the generic message
    (the error itself goes to the log, never to the browser)."""
    if isinstance(exc, UserError):
        return state._refuse(exc)
    log.error("event handler %s failed", name, exc_info=exc)
    return state._show_refusal(state._t("common.error_unexpected"))


def authenticated(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Runs ``handler`` only for a signed-in user, whose id it leaves in ``self._user_id``.

    The session check and the body of a plain (sync) handler run in a worker thread
    (:func:`off_loop`): a handler's database work never blocks the event loop. A sync
    generator handler runs each step in a worker thread. A :class:`UserError` raised by the
    handler becomes a refusal message in the user's language that stays until the user acts;
    any other exception is logged and shown as a generic message, never as a stack trace.
    """

    def _check(state: AppState) -> bool:
        if state.refusal:  # the user acted: the previous refusal has been read
            state.refusal, state.refusal_field = "", ""
        user = state._current_user()
        state._user_id = user.id if user else None
        return user is not None

    def _fail(state: AppState, exc: Exception) -> Any:
        return failure(state, exc, handler.__name__)

    if inspect.isasyncgenfunction(handler):

        @functools.wraps(handler)
        async def agen_wrapper(self: AppState, *args: Any, **kwargs: Any):
            if not await off_loop(_check, self):
                yield self._sign_in_redirect()
                return
            try:
                async for update in handler(self, *args, **kwargs):
                    yield update
            except Exception as exc:
                yield _fail(self, exc)

        return agen_wrapper

    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def async_wrapper(self: AppState, *args: Any, **kwargs: Any):
            if not await off_loop(_check, self):
                return self._sign_in_redirect()
            try:
                return await handler(self, *args, **kwargs)
            except Exception as exc:
                return _fail(self, exc)

        return async_wrapper

    if inspect.isgeneratorfunction(handler):

        def _step(gen: Any) -> tuple[bool, Any]:
            try:
                return False, next(gen)
            except StopIteration as stop:
                return True, stop.value

        @functools.wraps(handler)
        async def gen_wrapper(self: AppState, *args: Any, **kwargs: Any):
            if not await off_loop(_check, self):
                yield self._sign_in_redirect()
                return
            try:
                gen = handler(self, *args, **kwargs)
                while True:
                    done, update = await off_loop(_step, gen)
                    if done:
                        if update is not None:
                            yield update
                        return
                    yield update
            except Exception as exc:
                yield _fail(self, exc)

        return gen_wrapper

    def _call(self: AppState, args: tuple, kwargs: dict) -> Any:
        if not _check(self):
            return self._sign_in_redirect()
        try:
            return handler(self, *args, **kwargs)
        except Exception as exc:
            return _fail(self, exc)

    @functools.wraps(handler)
    async def wrapper(self: AppState, *args: Any, **kwargs: Any):
        return await off_loop(_call, self, args, kwargs)

    return wrapper


class Paged(rx.State, mixin=True):
    """Paging of a list fetched in SQL; the state using it defines ``_fetch`` (which reads
    ``page`` and ``page_size`` and sets ``total`` and ``pages``)."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    total: int = 0
    pages: int = 1

    def _fetch(self) -> None:
        raise NotImplementedError

    def _turn(self, page: int) -> None:
        self.page = max(1, page)
        self._fetch()

    @rx.event
    @authenticated
    def relocalise(self):
        """Reads the rows again, in the language just chosen."""
        self._fetch()

    @rx.event
    @authenticated
    def next_page(self):
        self._turn(self.page + 1)

    @rx.event
    @authenticated
    def prev_page(self):
        self._turn(self.page - 1)


def toggled(current: str, key: str, checked: bool, allowed: tuple[str, ...]) -> str:
    """A list of shown columns stored as ",a,b," after ticking or unticking ``key``, in the
    table's column order."""
    keys = {k for k in current.strip(",").split(",") if k}
    keys = keys | {key} if checked else keys - {key}
    return "," + ",".join(k for k in allowed if k in keys) + ","

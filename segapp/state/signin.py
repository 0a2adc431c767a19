"""Signing in: one generic message for any wrong credentials, slower answers after failures,
and a pause once a user name or a client address has failed too often (services.core.auth)."""

from __future__ import annotations

import asyncio

import reflex as rx

from .. import demo, routes
from ..db import transaction
from ..services.core import auth
from .base import AppState, off_loop, session_script


def _safe_next(target: str) -> str:
    """Only paths of this app: never another site (``//host`` or ``https://``)."""
    if target.startswith("/") and not target.startswith("//") and target != routes.SIGN_IN:
        return target
    return routes.SEGMENTS


class SignInState(AppState):
    error: str = ""
    demo_username: str = ""
    demo_password: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        """Signed-in browsers skip the form; the demo credentials show only with demo data."""
        self.error = ""
        signed_in, credentials = await off_loop(self._read_page)
        if signed_in:
            return rx.redirect(self._next())
        self.demo_username, self.demo_password = credentials or ("", "")
        return None

    def _read_page(self) -> tuple[bool, tuple[str, str] | None]:
        if self._current_user() is not None:
            return True, None
        with transaction() as session:
            return False, demo.demo_credentials(session)

    def _next(self) -> str:
        return _safe_next(self.router.url.query_parameters.get("next", routes.SEGMENTS))

    @rx.event
    async def submit(self, form_data: dict):
        username = str(form_data.get("username", "")).strip()
        password = str(form_data.get("password", ""))
        if not username or not password:
            self.error = self._t("signin.required")
            return None
        self.busy = True
        self.error = ""
        address = self.router.session.client_ip or ""
        # The attempt is counted and committed before anything is checked, so that parallel
        # attempts (other connections, other workers) see it and are slowed down or refused.
        attempt = await off_loop(_begin_attempt, username, address)
        if attempt.locked:
            self.busy = False
            minutes = max(1, -(-int(attempt.retry_after.total_seconds()) // 60))
            self.error = self._t("signin.locked", minutes=minutes)
            return None
        if attempt.delay:
            await asyncio.sleep(attempt.delay)
        token = await off_loop(_sign_in, username, password, attempt)
        self.busy = False
        if token is None:
            self.error = self._t("signin.failed")
            return None
        return session_script(self, token, self._next())


def _begin_attempt(username: str, address: str) -> auth.Attempt:
    with transaction() as session:
        return auth.begin_attempt(session, username, address)


def _sign_in(username: str, password: str, attempt: auth.Attempt) -> str | None:
    with transaction() as session:
        return auth.sign_in(session, username, password, attempt)

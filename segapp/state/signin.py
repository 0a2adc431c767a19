"""Signing in: one generic message for any wrong credentials, slower answers after failures."""

from __future__ import annotations

import asyncio

import reflex as rx

from .. import routes
from ..db import transaction
from ..services.core import auth
from .base import AppState, session_script


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
    def load(self):
        """Signed-in browsers skip the form; the demo credentials show only with demo data."""
        self.error = ""
        if self._current_user() is not None:
            return rx.redirect(self._next())
        with transaction() as session:
            demo = auth.demo_credentials(session)
        self.demo_username, self.demo_password = demo or ("", "")
        return None

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
        with transaction() as session:
            delay = auth.failure_delay(auth.pending_failures(session, username))
        if delay:
            await asyncio.sleep(delay)
        with transaction() as session:
            token = auth.sign_in(session, username, password)
        self.busy = False
        if token is None:
            self.error = self._t("signin.failed")
            return None
        return session_script(self, token, self._next())

"""Long work of one browser tab, run as a background event with progress.

A heavy handler is a ``@rx.event(background=True)`` decorated with :func:`background`, which
checks the signed-in user as :func:`segapp.state.base.authenticated` does. Its heavy part goes
to :func:`run_job`, which runs it in a worker thread while :class:`JobState` shows the stage
and the count and offers to cancel it (before it commits). The event loop, the user's other
tabs and other users never wait on it; the page stays usable, since the state lock is held
only for the moments the progress is written.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from ..db import transaction
from ..services.core import auth
from ..services.core.errors import UserError
from ..services.core.jobs import Cancelled, Job
from .base import AppState, failure, interruptible, is_stale, off_loop

log = logging.getLogger(__name__)
T = TypeVar("T")
POLL_SECONDS = 0.25

# The job of each browser tab (Reflex's client token), so that Cancel reaches the thread.
_RUNNING: dict[str, Job] = {}


@interruptible(
    "job_running",
    job_cancelling=False,
    job_cancellable=False,
    job_stage="",
    job_done=0,
    job_total=0,
)
class JobState(AppState):
    """The progress bar of the tab's running job."""

    job_running: bool = False
    _beat: float = 0.0
    job_stage: str = ""
    job_done: int = 0
    job_total: int = 0
    job_cancellable: bool = False
    job_cancelling: bool = False

    @rx.var
    def job_percent(self) -> int:
        if not self.job_total:
            return 0
        return min(100, int(100 * self.job_done / self.job_total))

    def _show(self, job: Job) -> None:
        self.job_stage = self._t(job.key or "job.working")
        self.job_done, self.job_total = job.done, job.total
        self.job_cancellable = job.cancellable and not job.cancelled

    @rx.event
    def cancel_job(self):
        job = _RUNNING.get(self.router.session.client_token)
        if job is not None and job.cancellable:
            job.cancel()
            self.job_cancelling = True
            self.job_cancellable = False


def background(handler: Callable[..., Any]) -> Callable[..., Any]:
    """For a background handler (a coroutine or an async generator): the user is checked
    first (the browser goes to sign-in otherwise), a refused action becomes a toast with its
    reason, a cancelled one says nothing was changed, anything else the generic message."""

    @functools.wraps(handler)
    async def wrapper(self: AppState, *args: Any, **kwargs: Any):
        # the session is checked in the database outside the tab's lock: the tab's other
        # events do not wait on that query
        async with self:
            token = self._session_token()
        user = await off_loop(_user_of, token)
        async with self:
            self._user_id = user.id if user else None
            if user is None:
                redirect = self._sign_in_redirect()
        if user is None:
            yield redirect
            return
        try:
            if inspect.isasyncgenfunction(handler):
                async for update in handler(self, *args, **kwargs):
                    yield update
            else:
                update = await handler(self, *args, **kwargs)
                if update is not None:
                    yield update
        except Cancelled:
            async with self:
                message = self._t("job.cancelled")
            yield rx.toast.info(message)
        except Exception as exc:
            async with self:
                spec = failure(self, exc, handler.__name__)
            yield spec

    return wrapper


def _user_of(token: str) -> auth.SignedInUser | None:
    """The signed-in user of a session token (None for none or an invalid one)."""
    if not token:
        return None
    with transaction() as session:
        return auth.user_for_token(session, token)


async def run_job(state: AppState, work: Callable[[Job], T], *, cancellable: bool = True) -> T:
    """Runs ``work(job)`` in a worker thread, showing its progress in the tab's
    :class:`JobState` until it ends; returns its result or raises its exception. A second job
    in the same tab is refused while one runs."""
    job = Job(cancellable)
    async with state:
        token = state.router.session.client_token
        jobs = await state.get_state(JobState)
        if jobs.job_running and not is_stale(jobs):
            raise UserError("job.busy")
        jobs.job_running, jobs.job_cancelling = True, False
        jobs._beat = time.time()
        jobs._show(job)
    _RUNNING[token] = job
    task = asyncio.ensure_future(asyncio.to_thread(work, job))
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=POLL_SECONDS)
            if done:
                break
            async with state:
                jobs = await state.get_state(JobState)
                jobs._show(job)
                jobs._beat = time.time()
    finally:
        if _RUNNING.get(token) is job:
            del _RUNNING[token]
        async with state:
            jobs = await state.get_state(JobState)
            jobs.job_running = jobs.job_cancelling = jobs.job_cancellable = False
            jobs.job_stage, jobs.job_done, jobs.job_total = "", 0, 0
    return task.result()

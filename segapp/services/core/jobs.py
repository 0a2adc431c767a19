"""Progress and cancellation of long work (a Go Back, a template change, an import...).

A service that may take long takes an optional :class:`Job` and calls :meth:`Job.stage` at
each stage (a catalogue key, how much is done and of how many). The page shows the stage and
the count; when the user cancels, the next :meth:`Job.stage` raises :class:`Cancelled`, the
caller's transaction rolls back and nothing is changed. Past :meth:`Job.committing` the work
can no longer be cancelled.
"""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The user cancelled the work before it was committed."""


class Job:
    def __init__(self, cancellable: bool = True) -> None:
        self.key = ""
        self.done = 0
        self.total = 0
        self.cancellable = cancellable
        self._cancel = threading.Event()

    def stage(self, key: str, done: int = 0, total: int = 0) -> None:
        """Reports a stage; stops the work here when the user has cancelled it."""
        self.key, self.done, self.total = key, done, total
        self.check()

    def check(self) -> None:
        if self.cancellable and self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        if self.cancellable:
            self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def committing(self) -> None:
        """The last moment to cancel; from here on the work goes to its end."""
        self.check()
        self.cancellable = False


def stage(job: Job | None, key: str, done: int = 0, total: int = 0) -> None:
    """:meth:`Job.stage` when there is a job."""
    if job is not None:
        job.stage(key, done, total)

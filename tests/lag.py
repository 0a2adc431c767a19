"""How long Reflex's event loop is held up while an event handler runs.

:func:`run_measured` runs a handler on the current event loop next to a ticker coroutine that
wakes every few milliseconds. Between two ticks it records how much work the loop's own thread
did (its CPU time: time spent in callbacks, which every other browser served by the same
backend worker waits for) and how late the tick was on the clock, and it records every SQL
statement sent from the loop's thread (a database wait on the loop holds up everyone too,
though it costs no CPU). The CPU measure and the statements do not depend on how loaded the
machine is; the clock's lag does, so it is reported, not asserted.

Plain handlers (wrapped by ``authenticated``) are awaited as Reflex awaits them. Background
handlers run against :class:`BackgroundProxy`, which stands for the proxy Reflex gives a
background task (``async with self`` and ``get_state``), so that the handler's own code, its
worker threads and its progress loop run exactly as in the app.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

TICK = 0.005
LIMIT = 0.100


class BackgroundProxy:
    """What a background handler sees as ``self``: the state, lockable with ``async with``."""

    def __init__(self, state: Any) -> None:
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_lock", asyncio.Lock())
        object.__setattr__(self, "_since", 0.0)
        object.__setattr__(self, "held", 0.0)  # the longest the tab's state was locked

    async def __aenter__(self) -> BackgroundProxy:
        await self._lock.acquire()
        object.__setattr__(self, "_since", time.perf_counter())
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        held = time.perf_counter() - self._since
        object.__setattr__(self, "held", max(self.held, held))
        self._lock.release()

    async def get_state(self, cls: Any) -> Any:
        return await self._state.get_state(cls)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._state, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._state, name, value)


@dataclass
class Lag:
    busy: float = 0.0  # the longest stretch of the loop thread's own work, in seconds
    late: float = 0.0  # the latest tick on the clock, in seconds
    seconds: float = 0.0  # how long the handler took
    held: float = 0.0  # the longest the tab's state stayed locked (other events of the tab wait)
    background: bool = False
    statements: list[str] = field(default_factory=list)  # SQL sent from the loop's thread
    updates: list[Any] = field(default_factory=list)  # what the handler returned or yielded

    @property
    def worst(self) -> float:
        return self.busy


async def _ticker(stop: asyncio.Event, lag: Lag) -> None:
    while not stop.is_set():
        cpu, wall = time.thread_time(), time.perf_counter()
        await asyncio.sleep(TICK)
        lag.busy = max(lag.busy, time.thread_time() - cpu)
        lag.late = max(lag.late, time.perf_counter() - wall - TICK)


async def run_measured(handler: Any, state: Any, *args: Any) -> Lag:
    """Runs the event handler ``handler`` (e.g. ``WorksheetState.answer``) for ``state`` and
    measures the event loop meanwhile."""
    fn = handler.fn
    lag = Lag()
    loop_thread = threading.get_ident()

    def _on_statement(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == loop_thread:
            lag.statements.append(statement)

    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, lag))
    await asyncio.sleep(TICK)  # the ticker runs before the handler starts
    event.listen(Engine, "before_cursor_execute", _on_statement)
    start = time.perf_counter()
    try:
        lag.background = bool(handler.is_background)
        if inspect.isasyncgenfunction(fn):
            target = BackgroundProxy(state) if lag.background else state
            async for update in fn(target, *args):
                lag.updates.append(update)
            if lag.background:
                lag.held = target.held
        else:
            result = fn(state, *args)
            if inspect.isawaitable(result):
                result = await result
            lag.updates.append(result)
    finally:
        lag.seconds = time.perf_counter() - start
        if not lag.background:
            lag.held = lag.seconds  # a plain handler holds the tab's state throughout
        event.remove(Engine, "before_cursor_execute", _on_statement)
        stop.set()
        await ticker
    return lag


def assert_loop_free(lag: Lag, what: str) -> None:
    """The loop never waited on the action: no SQL on its thread, no stretch of work on it
    above 100 ms."""
    assert not lag.statements, f"{what} ran SQL on the event loop: {lag.statements[:3]}"
    assert lag.busy <= LIMIT, f"{what} kept the event loop busy for {lag.busy * 1000:.0f} ms"


def assert_tab_usable(lag: Lag, what: str) -> None:
    """The action is a background event whose work runs outside the tab's state lock: the
    tab's other events are held up only while progress is written, not for the work."""
    assert lag.background, f"{what} is not a background event"
    assert lag.held <= lag.seconds / 2, (
        f"{what} locked the tab for {lag.held:.2f} s of its {lag.seconds:.2f} s"
    )

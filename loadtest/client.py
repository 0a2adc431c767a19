"""A small Reflex browser stand-in: the websocket protocol the compiled pages speak.

Reflex's pages talk to the backend over Socket.IO (Engine.IO v4) on ``/_event``: the page's
first event (``hydrate_and_load`` with the page's route) rides in the namespace's CONNECT
packet, every user action is an ``event`` message naming a handler (``<state path>.<name>``)
with its arguments and the page's route, and the backend answers with ``event`` messages that
carry state deltas and events for the page to run. Events for the backend (a handler returning
another handler, as Log does with its background job) are sent back, as the page does; a
redirect is followed like a client-side navigation (``on_load_internal`` with the new route).

The session cookie goes in the websocket's handshake, as the browser's HttpOnly cookie does.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import websockets

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"

Update = dict[str, Any]
Predicate = Callable[[Update], bool]


class Disconnected(Exception):
    """The backend closed the websocket (e.g. its worker died)."""


def field(name: str) -> str:
    return f"{name}_rx_state_"


def has_delta(state: str, name: str, value: Any = ...) -> Predicate:
    """An update whose delta of ``state`` (full name) sets ``name`` (to ``value`` if given)."""
    key = field(name)

    def check(update: Update) -> bool:
        delta = (update.get("delta") or {}).get(state) or {}
        return key in delta and (value is ... or delta[key] == value)

    return check


def refusal(update: Update) -> str:
    """The refusal message or error toast an update shows, else ""."""
    for delta in (update.get("delta") or {}).values():
        message = delta.get(field("refusal"))
        if message:
            return str(message)
    for event in update.get("events") or []:
        payload = json.dumps(event.get("payload") or {})
        if event.get("name") == "_call_function" and '["error"]' in payload.replace("\\", ""):
            return payload[:200]
    return ""


class Client:
    def __init__(self, base_url: str, session_token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session_token = session_token
        self.client_token = str(uuid.uuid4())
        self.path = "/segments"
        self.query: dict[str, str] = {}
        self.redirects: list[str] = []
        self.refusals: list[str] = []
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._waiters: list[tuple[Predicate, asyncio.Future]] = []
        self.closed = asyncio.Event()

    # -- connection -------------------------------------------------------------------------
    async def connect(self, path: str, query: dict[str, str] | None = None) -> None:
        """Opens the websocket on page ``path`` and hydrates it (runs its on_load)."""
        self.path, self.query = path, dict(query or {})
        url = self.base_url.replace("http", "ws", 1)
        self.closed = asyncio.Event()
        try:
            self._ws = await websockets.connect(
                f"{url}{NAMESPACE}/?EIO=4&transport=websocket&token={self.client_token}",
                additional_headers={
                    "Cookie": f"segapp_session={self.session_token}",
                    "Origin": self.base_url,
                },
                max_size=None,
                open_timeout=30,
                ping_interval=None,
            )
            opening = await asyncio.wait_for(self._ws.recv(), 30)
        except websockets.exceptions.WebSocketException as exc:
            # e.g. the handshake reached a worker as it died
            raise Disconnected(f"could not connect: {exc!r}") from exc
        if not str(opening).startswith("0"):
            raise Disconnected(f"unexpected opening {opening!r}")
        boot = {"event": {"name": HYDRATE, "payload": {}, "router_data": self._router()}}
        await self._ws.send(f"40{NAMESPACE},{json.dumps(boot)}")
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    def _router(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pathname": self.path, "asPath": self.path}
        if self.query:
            data["query"] = self.query
        return data

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                await self._handle(str(message))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for _predicate, future in self._waiters:
                if not future.done():
                    future.set_exception(Disconnected("the backend closed the websocket"))
            self._waiters.clear()

    async def _handle(self, message: str) -> None:
        if message == "2":  # Engine.IO ping
            await self._ws.send("3")
            return
        prefix = f"42{NAMESPACE},"
        if not message.startswith(prefix):
            if message.startswith(f"44{NAMESPACE}"):
                raise Disconnected(f"connection refused: {message[:200]}")
            return
        name, *args = json.loads(message[len(prefix) :])
        if name != "event" or not args:
            return
        update = args[0]
        text = refusal(update)
        if text:
            self.refusals.append(text)
        for event in update.get("events") or []:
            await self._run_event(event)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(update):
                future.set_result(update)
        self._waiters = [(p, f) for p, f in self._waiters if not f.done()]

    async def _run_event(self, event: dict[str, Any]) -> None:
        name = event.get("name", "")
        if name == "_redirect":
            path = (event.get("payload") or {}).get("path", "")
            self.redirects.append(path)
        elif name.startswith(ROOT_STATE + "."):  # a handler for the backend: send it back
            await self.emit(name, event.get("payload") or {})

    # -- actions ----------------------------------------------------------------------------
    async def emit(self, name: str, payload: dict[str, Any] | None = None) -> None:
        event = {"name": name, "payload": payload or {}, "router_data": self._router()}
        if self._ws is None or self.closed.is_set():
            raise Disconnected("not connected")
        try:
            await self._ws.send(f"42{NAMESPACE},{json.dumps(['event', event])}")
        except websockets.ConnectionClosed as exc:
            raise Disconnected(str(exc)) from exc

    def expect(self, predicate: Predicate) -> asyncio.Future:
        """A future that resolves with the first later update matching ``predicate``."""
        future = asyncio.get_running_loop().create_future()
        if self.closed.is_set():
            future.set_exception(Disconnected("not connected"))
        else:
            self._waiters.append((predicate, future))
        return future

    async def call(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        until: Predicate | None = None,
        timeout: float = 30.0,
        result: bool = False,
    ) -> Any:
        """Sends a handler's event and waits for the update ``until`` matches; returns the
        seconds it took (or, with ``result``, that update)."""
        start = time.perf_counter()
        waiting = self.expect(until) if until is not None else None
        await self.emit(name, payload)
        update = None
        if waiting is not None:
            update = await asyncio.wait_for(waiting, timeout)
        return update if result else time.perf_counter() - start

    async def navigate(
        self, path: str, query: dict[str, str], until: Predicate, timeout: float = 30.0
    ) -> float:
        """A client-side navigation to ``path``: the new page's on_load runs."""
        self.path, self.query = path, dict(query)
        return await self.call(ON_LOAD, {}, until, timeout)

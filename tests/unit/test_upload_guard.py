"""The guard in front of Reflex's upload route: anonymous or oversized uploads are answered
before their body is read, and a chunked body stops at the limit."""

from __future__ import annotations

import asyncio

import pytest

from segapp.api.upload_guard import ENVELOPE_BYTES, UploadGuard

HANDLER = "state.contact_import_state.handle_upload"
LIMIT = 1024 * 1024


class Downstream:
    """Stands for Reflex's upload route: reads the whole body, then answers 200."""

    def __init__(self) -> None:
        self.called = False
        self.body = 0

    async def __call__(self, scope, receive, send):
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            self.body += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _run(headers: dict[str, str], chunks=(), path="/_upload", method="POST", signed_in=True):
    downstream = Downstream()
    read = {"chunks": 0}
    pending = list(chunks)

    async def receive():
        read["chunks"] += 1
        if not pending:
            return {"type": "http.disconnect"}
        chunk = pending.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    sent = []

    async def send(message):
        sent.append(message)

    async def check(client_token, cookie):
        return signed_in and client_token == "tab-1"

    guard = UploadGuard(downstream, "/_upload", {HANDLER: LIMIT}, check)
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    asyncio.run(guard(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, downstream, read["chunks"]


TAB = {"Reflex-Client-Token": "tab-1", "Reflex-Event-Handler": HANDLER}


def test_a_gigabyte_announced_is_refused_before_reading():
    status, downstream, read = _run({**TAB, "Content-Length": "1100000000"}, [b"x"])
    assert (status, downstream.called, read) == (413, False, 0)


@pytest.mark.parametrize("length", ["-1", "12abc", "1e9", ""])
def test_a_malformed_length_is_refused(length):
    status, downstream, _ = _run({**TAB, "Content-Length": length}, [b"x"])
    assert (status, downstream.called) == (413, False)


def test_an_anonymous_tab_is_refused_before_reading():
    status, downstream, read = _run({**TAB, "Content-Length": "10"}, [b"x" * 10], signed_in=False)
    assert (status, downstream.called, read) == (401, False, 0)
    forged = {**TAB, "Reflex-Client-Token": "someone-else", "Content-Length": "10"}
    assert _run(forged, [b"x" * 10])[0] == 401


def test_unknown_handlers_and_reading_the_upload_folder_are_refused():
    assert _run({**TAB, "Reflex-Event-Handler": "x.y", "Content-Length": "1"})[0] == 400
    assert _run({"Content-Length": "1"})[0] == 400
    assert _run(TAB, path="/_upload/secret.csv", method="GET")[0] == 404


def test_a_chunked_body_stops_at_the_limit():
    chunks = [b"x" * 65536] * 40  # 2.5 MB, no Content-Length
    status, downstream, _ = _run(TAB, chunks)
    assert status == 413
    assert downstream.body <= LIMIT + ENVELOPE_BYTES


def test_a_signed_in_upload_within_the_limit_goes_through():
    status, downstream, _ = _run({**TAB, "Content-Length": "300000"}, [b"x" * 300_000])
    assert (status, downstream.body) == (200, 300_000)
    status, downstream, _ = _run(TAB, [b"y" * 65536] * 4)
    assert (status, downstream.body) == (200, 4 * 65536)


def test_other_routes_pass_untouched():
    status, downstream, _ = _run({}, [b""], path="/ping", method="GET", signed_in=False)
    assert (status, downstream.called) == (200, True)

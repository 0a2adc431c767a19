"""Hostile requests sent to the running app without its UI: uploads to Reflex's ``/_upload``
route without signing in or beyond the size limit, answered before the body is read; and a
lying zip bomb stored in the database before the upload checks existed, shown on the letters
page with its reason. The backend's memory (RSS) is sampled meanwhile and printed."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
import uuid

import psutil
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from segapp.db import make_engine, transaction
from segapp.models import (
    InteractionGroup,
    InteractionTemplate,
    InteractionTemplateLanguage,
    Language,
    StoredDocument,
)
from tests.e2e.conftest import sign_in
from tests.unit.docx_samples import lying_zip_bomb, make_docx, paragraph, run

CSV_HANDLER = (
    "reflex___state____state.segapp___state___base____app_state."
    "segapp___state___contacts____contact_import_state.handle_upload"
)
LETTER_HANDLER = (
    "reflex___state____state.segapp___state___base____app_state."
    "segapp___state___template_letters____template_letters_state.upload"
)
GIGABYTE = 1_100_000_000


class PeakRss:
    """The backend's resident memory sampled every 20 ms while the block runs."""

    def __init__(self, process: psutil.Process) -> None:
        self.process, self.peak, self.start, self._stop = process, 0, 0, threading.Event()

    def __enter__(self) -> PeakRss:
        self.start = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def report(self, what: str) -> str:
        mb = 1024 * 1024
        line = f"{what}: backend RSS {self.start / mb:.0f} MB -> peak {self.peak / mb:.0f} MB"
        print(line)
        return line


def _request(port: int, headers: dict[str, str], body_chunks=(), chunked=False) -> tuple:
    """Sends the request head, then the body chunk by chunk for as long as the server reads;
    returns (status, seconds until the answer, body bytes sent)."""
    lines = ["POST /_upload HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    sent = 0
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        answer = b""
        for chunk in body_chunks:
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(4096)
            if answer:
                break
            data = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
            try:
                sock.setblocking(True)
                sock.settimeout(10)
                sock.sendall(data)
                sock.setblocking(False)
            except OSError:
                break
            sent += len(chunk)
        sock.setblocking(True)
        sock.settimeout(30)
        while b"\r\n" not in answer:
            piece = sock.recv(4096)
            if not piece:
                break
            answer += piece
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, time.monotonic() - started, sent


def _multipart_head(boundary: str, name: str) -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()


def _zeros(total: int, size: int = 1 << 20):
    for _ in range(total // size):
        yield b"0" * size


def test_anonymous_and_oversized_uploads_are_refused_before_the_body(
    backend_port: int, backend_process: psutil.Process
):
    boundary = uuid.uuid4().hex
    anonymous = {
        "Reflex-Client-Token": str(uuid.uuid4()),
        "Reflex-Event-Handler": CSV_HANDLER,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    with PeakRss(backend_process) as rss:
        # 1.1 GB announced: 413 while not one byte of the body has been sent
        status, seconds, sent = _request(
            backend_port, {**anonymous, "Content-Length": str(GIGABYTE)}
        )
        assert (status, sent) == (413, 0)
        assert seconds < 10
        # a small body without signing in
        body = _multipart_head(boundary, "contacts.csv") + "Name\nZoë\n".encode()
        body += f"\r\n--{boundary}--\r\n".encode()
        status, _, _ = _request(
            backend_port, {**anonymous, "Content-Length": str(len(body))}, [body]
        )
        assert status == 401
        # a chunked body without signing in: refused before the first chunk is read
        status, _, sent = _request(backend_port, anonymous, _zeros(200 << 20), chunked=True)
        assert status == 401
        assert sent < 50 << 20
        # an unknown handler, and reading the upload folder
        status, _, _ = _request(
            backend_port,
            {**anonymous, "Reflex-Event-Handler": "x.y", "Content-Length": "10"},
        )
        assert status == 400
    rss.report("anonymous uploads")
    assert rss.peak - rss.start < 100 * 1024 * 1024


def test_signed_in_tab_cannot_send_more_than_the_limit(
    page: Page, backend_port: int, backend_process: psutil.Process
):
    sign_in(page)
    page.goto("/setup/templates/GOLF/letters")
    expect(page.locator("#template-letters-title")).to_contain_text("GOLF")
    client_token = page.evaluate("window.sessionStorage.getItem('token')")
    boundary = uuid.uuid4().hex
    signed_in = {
        "Reflex-Client-Token": client_token,
        "Reflex-Event-Handler": LETTER_HANDLER,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    with PeakRss(backend_process) as rss:
        status, _, sent = _request(backend_port, {**signed_in, "Content-Length": str(GIGABYTE)})
        assert (status, sent) == (413, 0)
        # chunked: read up to the letter limit (10 MB and the envelope), then 413
        chunks = [_multipart_head(boundary, "letter.docx"), *_zeros(40 << 20)]
        status, _, sent = _request(backend_port, signed_in, chunks, chunked=True)
        assert status == 413
        assert sent < 30 << 20
    rss.report("signed-in oversized uploads")
    assert rss.peak - rss.start < 100 * 1024 * 1024
    # the page still works and nothing was stored
    page.reload()
    expect(page.locator("#template-letters-title")).to_contain_text("GOLF")
    expect(page.locator(".template-letter-row", has_text="letter.docx")).to_have_count(0)


@pytest.fixture
def stored_bomb(app_database_url: str) -> str:
    """A lying zip bomb (1 MB inflating to 1 GB) stored as a template's letter directly in the
    database, as a document uploaded before the checks existed would be."""
    letter = make_docx([paragraph(run("Chère «Nom contact»"))])
    bomb = lying_zip_bomb(letter, 1024)
    engine = make_engine(app_database_url)
    code = f"BOMB{uuid.uuid4().hex[:6].upper()}"
    with transaction(engine) as session:
        if session.get(InteractionGroup, "LETTER") is None:
            session.add(InteractionGroup(code="LETTER", description="Letters"))
            session.flush()
        session.add(
            InteractionTemplate(code=code, interaction_group_code="LETTER", description="Bomb")
        )
        document = StoredDocument(file_name="old offer.docx", content=bomb, size=len(bomb))
        session.add(document)
        session.flush()
        language = session.exec(select(Language.code).order_by(Language.code)).first()
        session.add(
            InteractionTemplateLanguage(
                template_code=code, language_code=language, document_id=document.id
            )
        )
    engine.dispose()
    return code


def test_stored_zip_bomb_is_refused_on_the_letters_page_with_bounded_memory(
    page: Page, stored_bomb: str, backend_process: psutil.Process
):
    sign_in(page)
    with PeakRss(backend_process) as rss:
        for _ in range(3):  # each visit opens the letter again
            page.goto(f"/setup/templates/{stored_bomb}/letters")
            expect(page.locator(".template-letter-problem")).to_contain_text(
                "expands to far more data", timeout=60_000
            )
    rss.report("letters page of a stored 1 GB zip bomb, 3 visits")
    assert rss.peak - rss.start < 150 * 1024 * 1024


def test_the_session_token_stays_out_of_the_page_scripts_reach(page: Page):
    """No script of the page can read the token (not in document.cookie, local or session
    storage); the browser holds it as an HttpOnly, SameSite=Strict cookie that downloads still
    work with; signing out clears the cookie."""
    sign_in(page)
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["segapp_session"]
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Strict"
    assert "segapp_session" not in page.evaluate("document.cookie")
    storage = page.evaluate(
        "JSON.stringify([Object.assign({}, localStorage), Object.assign({}, sessionStorage)])"
    )
    assert session["value"] not in storage
    assert "segapp_token" not in storage

    page.goto("/contacts")
    expect(page.locator(".contact-row").first).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=90_000) as download:
        page.click("#export-csv")
    assert download.value.path().read_text(encoding="utf-8-sig").count("\n") > 10

    page.click("#user-menu")
    page.click("#sign-out")
    page.wait_for_url("**/signin*")
    assert "segapp_session" not in {c["name"] for c in page.context.cookies()}
    page.goto("/contacts")
    page.wait_for_url(re.compile(r"/signin\?next=/contacts$"))

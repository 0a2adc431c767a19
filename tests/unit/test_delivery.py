"""E-mail delivery of logged entries (bc-reference.md sections 8.1, 8.3, 8.5; scenario 20 of
section 12a) against a real SMTP server running in the test process."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from sqlalchemy import delete, select, update
from sqlmodel import Session

from segapp.db import transaction
from segapp.models import (
    Campaign,
    DeliveryStatus,
    EmailMessage,
    EntryLetter,
    InteractionLogEntry,
    InteractionTemplateLanguage,
    MarketingSetup,
    OutboxStatus,
    Salesperson,
    StoredDocument,
)
from segapp.models.types import utcnow
from segapp.services.delivery import outbox
from segapp.services.delivery import worker as worker_module
from segapp.services.delivery.config import DeliverySettings, parse_smtp_url
from segapp.services.delivery.errors import DeliveryError
from segapp.services.delivery.letter_html import TemplateCache, letter_html
from segapp.services.delivery.message import message_id_for
from segapp.services.delivery.transport import RateLimit
from segapp.services.delivery.worker import drain
from segapp.services.letters.entry_letters import entry_letter
from segapp.services.letters.merge import FIELD_KEYS
from segapp.services.logging import logging as seglog
from tests import factories as f
from tests.support.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
LONG = "Notre offre d'automne comprend " + "des remises très intéressantes, " * 30
SENDER = "ventes@segapp.example"


def _png() -> bytes:
    """A 2x2 red PNG."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def rich_letter() -> bytes:
    """A Word letter with a heading, a merge placeholder, bold and italic, a bulleted list, a
    table, an image and a very long paragraph."""
    letter = docx.Document()
    letter.add_heading("Offre d'automne", level=1)
    letter.add_paragraph("Dear «Contact Name»,")
    p = letter.add_paragraph("We are ")
    p.add_run("glad").bold = True
    p.add_run(" to write ")
    p.add_run("again").italic = True
    letter.add_paragraph("First item", style="List Bullet")
    letter.add_paragraph("Second item", style="List Bullet")
    table = letter.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Product"
    table.cell(0, 1).text = "Price"
    table.cell(1, 0).text = "Chair"
    table.cell(1, 1).text = "40 €"
    letter.add_picture(io.BytesIO(_png()), width=Pt(20))
    letter.add_paragraph(LONG)
    out = io.BytesIO()
    letter.save(out)
    return out.getvalue()


def _segment(
    session: Session,
    people: list[tuple[str, str]],
    *,
    attach: bool = False,
    subject: str = "Offre d'automne — été",
    no: str = "SEG00001",
):
    if session.get(MarketingSetup, 1) is None:
        f.language(session, "EN")
        session.add(Salesperson(code="PS", name="Peter"))
        session.add(Campaign(no="CP0001", description="Autumn"))
        session.add(MarketingSetup(id=1, sender_email=SENDER, sender_name="Équipe Ventes"))
        f.template(session, "LETTER")
        letter = rich_letter()
        kept = StoredDocument(file_name="template.docx", content=letter, size=len(letter))
        session.add(kept)
        session.flush()
        session.add(
            InteractionTemplateLanguage(
                template_code="LETTER", language_code="EN", document_id=kept.id
            )
        )
    content = rich_letter()
    doc = StoredDocument(file_name="autumn.docx", content=content, size=len(content))
    session.add(doc)
    session.flush()
    header = f.segment(
        session,
        no,
        description="Autumn letter",
        interaction_template_code="LETTER",
        interaction_group_code="LETTER",
        salesperson_code="PS",
        language_code_default="EN",
        subject_default=subject,
        send_word_docs_as_attmt=attach,
    )
    f.segment_language(session, header, "EN", doc=doc)
    for i, (name, address) in enumerate(people, start=1):
        contact = f.person(session, name, email=address)
        f.line(
            session,
            header,
            contact,
            i * 10000,
            description="Autumn letter",
            subject=subject,
            salesperson_code="PS",
            correspondence_type="email",
            language_code="EN",
            interaction_group_code="LETTER",
            send_word_doc_as_attmt=attach,
        )
    session.commit()
    return header


def _log(session: Session, no: str = "SEG00001") -> seglog.LogResult:
    result = seglog.log_segment(session, no, user_id=None, deliver=True, follow_up=False)
    session.commit()
    return result


def _settings(url: str | None, tmp_path: Path, **changes) -> DeliverySettings:
    values = {
        "smtp": parse_smtp_url(url) if url else None,
        "pickup_dir": tmp_path / "outbox",
        "max_attempts": 3,
        "backoff_seconds": 60,
        "backoff_max_seconds": 600,
        "lease_seconds": 30,
        "batch_size": 10,
    }
    values.update(changes)
    return DeliverySettings(**values)


def _entries(session: Session) -> list[InteractionLogEntry]:
    session.expire_all()
    return list(
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )


def _time_passes(session: Session) -> None:
    """Every waiting message becomes due (as if its back-off delay had run out)."""
    session.execute(
        update(EmailMessage)
        .where(EmailMessage.status == OutboxStatus.PENDING)
        .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
    )
    session.commit()


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


PEOPLE = [
    ("Élodie Müller", "elodie@example.test"),
    ("Bob Jones", "bob@example.test"),
    ("Zoë Ångström", "zoe@example.test"),
]


def test_scenario_20_every_email_entry_gets_its_merged_letter_as_html_body(
    session, db_engine, smtp, tmp_path
):
    """Scenario 20 (reference 12a, 8.3, 8.5): Email + Word letter + Send Word Docs. as Attmt.
    off: one e-mail per entry whose HTML body is the contact's merged letter, with a
    plain-text alternative and the letter's image inline; To is the contact's e-mail (8.1),
    From and Reply-To the Marketing Setup sender, Subject the entry's subject."""
    _segment(session, PEOPLE)
    _log(session)
    result = drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert result.sent == 3
    received = smtp.sink.received
    assert [r.rcpt_tos for r in received] == [[p[1]] for p in PEOPLE]
    entries = _entries(session)
    for got, entry, (name, address) in zip(received, entries, PEOPLE, strict=True):
        message = got.message
        assert got.mail_from == SENDER
        assert message["To"].addresses[0].display_name == name
        assert message["To"].addresses[0].addr_spec == address
        assert str(message["From"]) == f"Équipe Ventes <{SENDER}>"
        assert str(message["Reply-To"]) == str(message["From"])
        assert message["Subject"] == "Offre d'automne — été"
        assert message["Message-ID"].startswith(f"<segapp.entry-{entry.entry_no}.")
        assert message["Message-ID"].endswith("@segapp.example>")
        text = message.get_body(("plain",)).get_content()
        html_part = message.get_body(("html",))
        html = html_part.get_content()
        assert f"Dear {name}," in text
        assert "- First item" in text
        assert LONG.strip() in text
        assert f"Dear {name}," in html
        assert "<strong>glad</strong>" in html
        assert "<em>again</em>" in html
        assert "<ul>" in html
        assert "<table" in html
        assert "40 €" in html
        assert "<h1>Offre d'automne</h1>" in html
        images = [p for p in message.walk() if p.get_content_maintype() == "image"]
        assert len(images) == 1
        cid = images[0]["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html
        assert images[0].get_content() == _png()
        # exactly the HTML mammoth makes of the letter the entry keeps for its contact
        kept, _name = entry_letter(session, entry.entry_no)
        expected = letter_html(kept, message["Subject"], "segapp.example").html
        assert html.replace("\r\n", "\n") == expected
        # every line of the raw message fits SMTP's limit although the paragraph is long
        assert max(len(line) for line in got.data.split(b"\n")) <= 998
        assert entry.delivery_status == DeliveryStatus.BLANK
    # the message as sent is stored with its entry
    name, eml = outbox.sent_message(session, entries[0].entry_no)
    assert name.endswith(".eml")
    assert eml.replace(b"\r\n", b"\n").strip() == received[0].data.replace(b"\r\n", b"\n").strip()


def _parts(docx_bytes: bytes) -> dict[str, bytes]:
    """A Word package's parts by name: two renderings of one letter are the same letter even
    when the zip entries carry different timestamps."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_scenario_20_with_the_flag_on_the_letter_is_attached_as_subject_docx(
    session, db_engine, smtp, tmp_path
):
    """Scenario 20, flag on (reference 8.3): an empty body and "<Subject>.docx" attached, the
    contact's merged letter."""
    _segment(session, PEOPLE[:2], attach=True, subject="Autumn offer")
    _log(session)
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    entries = _entries(session)
    assert len(smtp.sink.received) == 2
    for got, entry in zip(smtp.sink.received, entries, strict=True):
        message = got.message
        attachments = list(message.iter_attachments())
        assert [a.get_filename() for a in attachments] == ["Autumn offer.docx"]
        letter, _name = entry_letter(session, entry.entry_no)
        assert _parts(attachments[0].get_content()) == _parts(letter)
        assert message.get_body(("plain",)) is None
        assert "<body></body>" in message.get_body(("html",)).get_content()


def test_a_letter_that_is_not_a_word_document_is_attached_as_attachment_ext(
    session, db_engine, smtp, tmp_path
):
    """Reference 8.1 (Other group): a file that is not a Word document is attached as
    "Attachment.<ext>" with an empty HTML body."""
    _segment(session, PEOPLE[:1])
    _log(session)
    pdf = StoredDocument(file_name="Brochure.pdf", content=b"%PDF-1.4 test", size=13)
    session.add(pdf)
    session.execute(delete(EntryLetter))
    session.flush()
    session.execute(update(InteractionLogEntry).values(document_id=pdf.id))
    session.commit()
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    attachments = list(smtp.sink.received[0].message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["Attachment.pdf"]
    assert attachments[0].get_content() == b"%PDF-1.4 test"


def test_a_log_that_rolls_back_sends_nothing(session, db_engine, smtp, tmp_path):
    """The decision to send is written with the entries: a log that does not commit queues no
    message."""
    _segment(session, PEOPLE)
    seglog.log_segment(session, "SEG00001", user_id=None, deliver=True, follow_up=False)
    assert session.execute(select(EmailMessage)).first() is not None
    session.rollback()
    assert session.execute(select(EmailMessage)).first() is None
    result = drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert result.sent == 0
    assert smtp.sink.received == []


def test_a_committed_log_is_delivered_even_if_nobody_asked_the_workers(
    session, db_engine, smtp, tmp_path
):
    """The app may stop right after the commit, before it asks the queue: the outbox rows are
    committed with the entries, one per e-mail entry, and any later sweep delivers them."""
    _segment(session, PEOPLE)
    _log(session)
    rows = session.execute(select(EmailMessage.entry_no, EmailMessage.status)).all()
    assert sorted(r[0] for r in rows) == [e.entry_no for e in _entries(session)]
    assert {r[1] for r in rows} == {OutboxStatus.PENDING}
    assert all(e.delivery_status == DeliveryStatus.IN_PROGRESS for e in _entries(session))
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="sweep")
    assert len(smtp.sink.received) == 3


def test_server_down_then_up_delivers_after_a_retry(session, db_engine, tmp_path):
    """A refused connection is transient: the entries stay In Progress with the reason, and
    are delivered once the server is back."""
    _segment(session, PEOPLE)
    _log(session)
    port = free_port()
    settings = _settings(f"smtp://127.0.0.1:{port}?timeout=2", tmp_path)
    result = drain(db_engine, settings=settings, worker="w1")
    assert result.sent == 0
    assert result.retried == 3
    entries = _entries(session)
    assert {e.delivery_status for e in entries} == {DeliveryStatus.IN_PROGRESS}
    info = outbox.latest_by_entry(session, [e.entry_no for e in entries])
    assert all("Connection refused" in i.last_error for i in info.values())
    assert result.next_due is not None
    assert result.next_due > utcnow()
    # nothing is due before the back-off delay
    assert drain(db_engine, settings=settings, worker="w1").retried == 0
    server = SmtpServer(port).start()
    try:
        _time_passes(session)
        result = drain(db_engine, settings=settings, worker="w1")
    finally:
        server.stop()
    assert result.sent == 3
    assert len(server.sink.received) == 3
    assert {e.delivery_status for e in _entries(session)} == {DeliveryStatus.BLANK}


def test_451_then_250_keeps_the_message_id(session, db_engine, smtp, tmp_path):
    """A 4xx answer is transient: the message is sent again later with the same Message-ID."""
    _segment(session, PEOPLE[:1])
    _log(session)
    smtp.sink.data_answers.append("451 4.3.0 Try again later")
    settings = _settings(smtp.url, tmp_path)
    first = drain(db_engine, settings=settings, worker="w1")
    assert first.retried == 1
    assert first.errors == ["451 4.3.0 Try again later"]
    entry = _entries(session)[0]
    assert entry.delivery_status == DeliveryStatus.IN_PROGRESS
    _time_passes(session)
    assert drain(db_engine, settings=settings, worker="w1").sent == 1
    row = session.execute(select(EmailMessage)).scalar_one()
    assert row.attempts == 2
    assert smtp.sink.message_ids() == [message_id_for(entry.entry_no, row.id, "segapp.example")]
    assert _entries(session)[0].delivery_status == DeliveryStatus.BLANK


def test_550_for_one_address_fails_only_that_entry(session, db_engine, smtp, tmp_path):
    """A 5xx answer is permanent: that entry's Delivery Status is Error at once, with the
    server's answer kept; the others are sent (reference 8.1: committed per entry)."""
    _segment(session, PEOPLE)
    result = _log(session)
    smtp.sink.rcpt_answers["bob@example.test"] = "550 5.1.1 <bob@example.test>: User unknown"
    outcome = drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert (outcome.sent, outcome.failed) == (2, 1)
    entries = _entries(session)
    assert [e.delivery_status for e in entries] == [
        DeliveryStatus.BLANK,
        DeliveryStatus.ERROR,
        DeliveryStatus.BLANK,
    ]
    info = outbox.latest_by_entry(session, [entries[1].entry_no])[entries[1].entry_no]
    assert info.status == OutboxStatus.FAILED
    assert info.attempts == 1
    assert info.last_error == "550 5.1.1 <bob@example.test>: User unknown"
    counts = outbox.counts_by_logged_segment(session, [result.logged_segment_entry_no])
    assert counts[result.logged_segment_entry_no] == outbox.DeliveryCounts(2, 0, 1)
    assert sorted(r.rcpt_tos[0] for r in smtp.sink.received) == [
        "elodie@example.test",
        "zoe@example.test",
    ]
    # the filters "failed", "in progress" and "sent" of Interaction Log Entries
    from segapp.services.logging.log_entries import EntryFilter, list_entries

    def shown(kind):
        return [r.contact_no for r in list_entries(session, EntryFilter(delivery=kind)).rows]

    bob_no = list_entries(session, EntryFilter()).rows[1].contact_no
    assert shown("failed") == [bob_no]
    assert shown("in_progress") == []
    assert len(shown("sent")) == 2


def test_transient_failures_are_retried_a_bounded_number_of_times(
    session, db_engine, smtp, tmp_path
):
    """After the last attempt a transient failure marks the entry failed too."""
    _segment(session, PEOPLE[:1])
    _log(session)
    smtp.sink.data_answers.extend(["421 4.7.0 Busy"] * 5)
    settings = _settings(smtp.url, tmp_path, max_attempts=3)
    for _ in range(3):
        drain(db_engine, settings=settings, worker="w1")
        _time_passes(session)
    entry = _entries(session)[0]
    assert entry.delivery_status == DeliveryStatus.ERROR
    info = outbox.latest_by_entry(session, [entry.entry_no])[entry.entry_no]
    assert info.last_error == "421 4.7.0 Busy (gave up after 3 attempts)"
    assert drain(db_engine, settings=settings, worker="w1").retried == 0


def test_an_invalid_address_fails_at_once_without_asking_the_server(
    session, db_engine, smtp, tmp_path
):
    _segment(session, [("Bad Address", "bad address@example"), PEOPLE[1]])
    _log(session)
    outcome = drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert (outcome.sent, outcome.failed) == (1, 1)
    bad = _entries(session)[0]
    assert bad.delivery_status == DeliveryStatus.ERROR
    info = outbox.latest_by_entry(session, [bad.entry_no])[bad.entry_no]
    assert info.last_error == "Invalid recipient address: bad address@example"
    assert [r.rcpt_tos for r in smtp.sink.received] == [["bob@example.test"]]


def test_without_smtp_messages_go_to_the_pickup_folder(session, db_engine, tmp_path):
    """The embedded default: each message is a standard .eml file named after its Message-ID."""
    _segment(session, PEOPLE[:2])
    _log(session)
    settings = _settings(None, tmp_path)
    assert drain(db_engine, settings=settings, worker="w1").sent == 2
    files = sorted(settings.pickup_dir.glob("*.eml"))
    assert len(files) == 2
    import email
    import email.policy

    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "elodie@example.test"
    assert "Dear Élodie Müller," in message.get_body(("html",)).get_content()
    assert {e.delivery_status for e in _entries(session)} == {DeliveryStatus.BLANK}


def test_a_killed_worker_s_messages_are_sent_by_another_exactly_once(
    session, db_engine, smtp, tmp_path
):
    """A worker process killed in the middle of a batch: its claimed messages are taken again
    once the lease runs out, and every entry is delivered once, except at most the one in
    flight (accepted by the server but not yet recorded), sent again with the same
    Message-ID."""
    people = [(f"Person {i}", f"p{i}@example.test") for i in range(8)]
    _segment(session, people)
    _log(session)
    url = db_engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "SEGAPP_DATABASE_URL": url,
        "SEGAPP_SMTP_URL": smtp.url,
        "SEGAPP_DELIVERY_LEASE_SECONDS": "2",
        "SEGAPP_DELIVERY_BATCH": "10",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "segapp.services.delivery.worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed = threading.Event()

    def kill_after_three(_received):
        if len(smtp.sink.received) == 3 and not killed.is_set():
            os.kill(worker.pid, signal.SIGKILL)
            killed.set()

    smtp.sink.on_accept = kill_after_three
    assert worker.wait(timeout=120) == -signal.SIGKILL
    assert killed.is_set()
    rows = session.execute(select(EmailMessage.status)).scalars().all()
    assert OutboxStatus.SENDING in rows  # the dead worker's claim
    time.sleep(2.2)
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w2")
    ids = smtp.sink.message_ids()
    assert len(set(ids)) == 8
    assert len(ids) - len(set(ids)) <= 1
    assert {e.delivery_status for e in _entries(session)} == {DeliveryStatus.BLANK}


def test_two_workers_at_once_never_send_a_message_twice(session, db_engine, smtp, tmp_path):
    """Two workers draining the same outbox concurrently (FOR UPDATE SKIP LOCKED on
    PostgreSQL, one writer at a time on SQLite): every message is sent exactly once."""
    people = [(f"Person {i}", f"p{i}@example.test") for i in range(30)]
    _segment(session, people)
    _log(session)
    settings = _settings(smtp.url, tmp_path, batch_size=3)
    results = []

    def run(name):
        results.append(drain(db_engine, settings=settings, worker=name))

    threads = [threading.Thread(target=run, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    ids = smtp.sink.message_ids()
    assert len(ids) == 30
    assert len(set(ids)) == 30
    assert sum(r.sent for r in results) == 30
    workers = set(session.execute(select(EmailMessage.worker)).scalars())
    assert workers <= {"w0", "w1"}


def test_smtp_urls():
    plain = parse_smtp_url("smtp://user%40x:p%3Ass@mail.example:587?starttls=1&per_minute=120")
    assert (plain.host, plain.port, plain.starttls, plain.ssl) == ("mail.example", 587, True, False)
    assert (plain.username, plain.password, plain.per_minute) == ("user@x", "p:ss", 120)
    tls = parse_smtp_url("smtps://mail.example")
    assert (tls.port, tls.ssl, tls.starttls) == (465, True, False)
    with pytest.raises(ValueError, match="smtp://host"):
        parse_smtp_url("http://mail.example")


def test_the_rate_limit_spaces_messages_evenly():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limit = RateLimit(120, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limit.wait()
    assert slept == [0.5, 0.5, 0.5]


# --- Resend (reference section 8.6) -------------------------------------------------------------


def test_resend_same_as_entry_delivers_the_entry_again(session, db_engine, smtp, tmp_path):
    """Without Update Merge Fields the existing entry is reset to In Progress and delivered
    again, as a new message (new Message-ID)."""
    from segapp.services.delivery.resend import resend

    _segment(session, PEOPLE[:2])
    result = _log(session)
    smtp.sink.rcpt_answers["bob@example.test"] = "550 5.1.1 User unknown"
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    bob = _entries(session)[1]
    assert bob.delivery_status == DeliveryStatus.ERROR
    smtp.sink.rcpt_answers.clear()
    done = resend(session, result.logged_segment_entry_no, [bob.entry_no])
    session.commit()
    assert done.entry_nos == [bob.entry_no]
    assert done.emails == 1
    assert _entries(session)[1].delivery_status == DeliveryStatus.IN_PROGRESS
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert _entries(session)[1].delivery_status == DeliveryStatus.BLANK
    assert [r.rcpt_tos for r in smtp.sink.received] == [
        ["elodie@example.test"],
        ["bob@example.test"],
    ]
    assert len(_entries(session)) == 2


def test_resend_with_update_merge_fields_logs_a_new_entry_merged_with_today_s_data(
    session, db_engine, smtp, tmp_path
):
    """Update Merge Fields: a new entry "Resend: ..." dated today in the same logged segment,
    its letter merged again with the contact's current data, delivered; the old entry stays."""
    from segapp.models import Contact
    from segapp.services.delivery.resend import resend

    _segment(session, PEOPLE[:2])
    result = _log(session)
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    old = _entries(session)[0]
    contact = session.get(Contact, old.contact_id)
    contact.name = "Élodie Martin"
    session.commit()
    today = dt.date(2026, 12, 1)
    done = resend(
        session,
        result.logged_segment_entry_no,
        [old.entry_no],
        update_merge_fields=True,
        today=today,
    )
    session.commit()
    entries = _entries(session)
    assert len(entries) == 3
    new = entries[-1]
    assert done.entry_nos == [new.entry_no]
    assert new.description == "Resend: Autumn letter"
    assert new.date == today
    assert new.logged_segment_entry_no == result.logged_segment_entry_no
    assert new.delivery_status == DeliveryStatus.IN_PROGRESS
    assert new.document_id != old.document_id
    assert entries[0].delivery_status == DeliveryStatus.BLANK
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    last = smtp.sink.received[-1].message
    assert "Dear Élodie Martin," in last.get_body(("html",)).get_content()
    assert last["Message-ID"].startswith(f"<segapp.entry-{new.entry_no}.")


def test_resend_refusals(session, db_engine, smtp, tmp_path):
    """Reference 8.6: exactly one logged segment; nothing to send is refused; Hard Copy
    produces the letter without an e-mail; Email needs the contact's address."""
    from segapp.models import Contact
    from segapp.services.core.errors import UserError
    from segapp.services.delivery.resend import resend

    _segment(session, PEOPLE[:2])
    result = _log(session)
    logged = result.logged_segment_entry_no
    with pytest.raises(UserError) as error:
        resend(session, None)
    assert error.value.key == "resend.error_one_segment"
    with pytest.raises(UserError) as error:
        resend(session, logged + 1)
    assert error.value.key == "resend.error_nothing"

    rows_before = len(session.execute(select(EmailMessage)).all())
    done = resend(session, logged, correspondence="hard_copy")
    session.commit()
    assert done.emails == 0
    assert len(session.execute(select(EmailMessage)).all()) == rows_before
    assert {e.correspondence_type for e in _entries(session)} == {"hard_copy"}
    assert {e.delivery_status for e in _entries(session)} == {DeliveryStatus.BLANK}

    # "Same as Entry" on Hard Copy entries sends no e-mail; Email needs an address
    first = _entries(session)[0]
    session.get(Contact, first.contact_id).email = ""
    session.commit()
    with pytest.raises(UserError) as error:
        resend(session, logged, [first.entry_no], correspondence="email")
    assert error.value.key == "resend.error_email"
    session.rollback()
    session.execute(update(InteractionLogEntry).values(document_id=None))
    session.commit()
    with pytest.raises(UserError) as error:
        resend(session, logged)
    assert error.value.key == "resend.error_nothing"


def test_the_outbox_page_lists_the_pickup_folder_and_shows_each_message(
    session, db_engine, tmp_path
):
    """Without SMTP the Outbox page lists the .eml files and shows each as the contact sees it:
    headers, the HTML body with its inline image, the attachments."""
    from segapp.services.delivery import pickup
    from segapp.services.delivery.viewer import view_message

    _segment(session, PEOPLE[:1])
    _segment(session, PEOPLE[1:2], attach=True, subject="Autumn offer", no="SEG00002")
    _log(session)
    _log(session, "SEG00002")
    settings = _settings(None, tmp_path)
    drain(db_engine, settings=settings, worker="w1")
    listing = pickup.list_messages(settings.pickup_dir)
    assert sorted(m.subject for m in listing.messages) == ["Autumn offer", "Offre d'automne — été"]
    by_subject = {m.subject: m for m in listing.messages}
    html_one = view_message(
        pickup.read_message(by_subject["Offre d'automne — été"].name, settings.pickup_dir)
    )
    assert "Dear Élodie Müller," in html_one.html
    assert "data:image/png;base64," in html_one.html
    assert "cid:" not in html_one.html
    assert html_one.sender == f"Équipe Ventes <{SENDER}>"
    attached = view_message(
        pickup.read_message(by_subject["Autumn offer"].name, settings.pickup_dir)
    )
    assert [name for name, _size in attached.attachments] == ["Autumn offer.docx"]
    assert pickup.read_message("../app.db", settings.pickup_dir) is None
    assert pickup.read_message("missing.eml", settings.pickup_dir) is None


def test_delivery_cells_of_the_entries_window():
    """What a row of Interaction Log Entries shows: sent, in progress with the last answer of
    a retried attempt, or failed with the server's answer."""
    from segapp.state.delivery import delivery_cells

    sent = outbox.EntryDelivery(1, "sent", 1, "", True)
    retry = outbox.EntryDelivery(2, "pending", 1, "451 4.3.0 Try again later", False)
    failed = outbox.EntryDelivery(3, "failed", 1, "550 5.1.1 User unknown", False)
    assert delivery_cells("", sent) == {"delivery": "sent", "delivery_error": "", "message": "yes"}
    assert delivery_cells("in_progress", retry)["delivery_error"] == "451 4.3.0 Try again later"
    assert delivery_cells("error", failed) == {
        "delivery": "failed",
        "delivery_error": "550 5.1.1 User unknown",
        "message": "no",
    }
    assert delivery_cells("", None)["delivery"] == ""


def test_a_letter_that_cannot_be_opened_fails_its_entry_with_the_reason(
    session, db_engine, smtp, tmp_path
):
    """A stored letter that is not a sound Word package is never handed to the converter: the
    entry fails at once, saying why."""
    _segment(session, PEOPLE[:1])
    _log(session)
    broken = StoredDocument(file_name="letter.docx", content=b"PK\x03\x04broken", size=10)
    session.add(broken)
    session.execute(delete(EntryLetter))
    session.flush()
    session.execute(update(InteractionLogEntry).values(document_id=broken.id))
    session.commit()
    outcome = drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert outcome.failed == 1
    entry = _entries(session)[0]
    assert entry.delivery_status == DeliveryStatus.ERROR
    error = outbox.latest_by_entry(session, [entry.entry_no])[entry.entry_no].last_error
    assert error.startswith(f"The letter of entry {entry.entry_no} cannot be read: ")
    assert error.endswith("cannot be read as a Word document.")  # in words, not a key
    assert smtp.sink.received == []


# --- One conversion per letter, set-based batches, the queue asked after the commit -------------


def _corpus_letters() -> dict[str, bytes]:
    letters = {"rich letter": rich_letter()}
    for path in sorted((ROOT / "tests" / "corpus").glob("*/*.docx")):
        letters[f"{path.parent.name}/{path.name}"] = path.read_bytes()
    return letters


MERGE_VALUES = [
    {},
    {key: f"Zoë «{key}» <b>&amp; l'été" for key in FIELD_KEYS},
    {
        key: "" if i % 2 else "Line one\nLine two\tafter a tab\r\nthird\x01 line"
        for i, key in enumerate(FIELD_KEYS)
    },
    {**dict.fromkeys(FIELD_KEYS, "  "), "Document Date": dt.date(2026, 3, 4)},
]


@pytest.mark.parametrize("name", list(_corpus_letters()))
def test_a_letter_converted_once_gives_each_contact_the_html_of_its_merged_letter(name):
    """Reference 8.3 (the merge rendered to HTML as the body): a template read once and filled
    per contact gives exactly - byte for byte, images and text alternative too - what mammoth
    makes of that contact's merged .docx, for Word and LibreOffice letters with fields in the
    body, tables, notes and frames, and for values that are empty, hold line breaks, tabs,
    markup characters or control characters."""
    docx_bytes = _corpus_letters()[name]
    letter = TemplateCache().get(docx_bytes, merged=True)
    template = letter.template()
    for values in MERGE_VALUES:
        merged = letter.docx(values)
        expected = letter_html(merged, "Subject", "segapp.example")
        got = template.render(values, "Subject", "segapp.example")
        assert got.html == expected.html
        assert got.text == expected.text
        assert [(i.cid, i.content, i.content_type) for i in got.images] == [
            (i.cid, i.content, i.content_type) for i in expected.images
        ]
    filled = template.render(MERGE_VALUES[1], "Subject").html
    assert "\ue000" not in filled
    if name == "rich letter":
        assert "Dear Zoë «Contact Name» &lt;b&gt;&amp;amp; l'été," in filled


def test_each_letter_document_is_converted_once_per_worker(session, db_engine, smtp, tmp_path):
    """Two logs of the same letter, sent by one worker: the letter is prepared and read for
    mammoth once; each message still carries its own contact's values."""
    from segapp.services.delivery import letter_html as module

    made = []
    original = module.LetterTemplate.__init__

    def spy(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    _segment(session, PEOPLE)
    _log(session)
    module.LetterTemplate.__init__ = spy
    try:
        worker_module._LETTERS = TemplateCache()
        drain(db_engine, settings=_settings(smtp.url, tmp_path, batch_size=2), worker="w1")
    finally:
        module.LetterTemplate.__init__ = original
    assert len(made) == 1
    bodies = [r.message.get_body(("html",)).get_content() for r in smtp.sink.received]
    assert [f"Dear {name}," in body for body, (name, _) in zip(bodies, PEOPLE, strict=True)] == [
        True
    ] * 3


def _claimed(db_engine, limit: int) -> list[outbox.Claimed]:
    with transaction(db_engine) as s:
        return outbox.claim(s, "w1", limit, 30, utcnow())


def test_a_batch_is_claimed_read_and_released_in_a_constant_number_of_statements(
    session, db_engine, tmp_path
):
    """Claiming, building and releasing a batch costs the same number of SQL statements for 2
    messages as for 12; the claim returns each message's attempt."""
    from tests.unit.test_set_based import counted

    people = [(f"Person {i} O'Hara", f"p{i}@example.test") for i in range(14)]
    _segment(session, people)
    _log(session)
    settings = _settings(None, tmp_path, max_attempts=1)
    costs = []
    for size in (2, 12):
        with counted(session) as claim_sql:
            claimed = _claimed(db_engine, size)
        assert [c.attempts for c in claimed] == [1] * size
        with counted(session) as read_sql:
            batch = worker_module._read_batch(db_engine, claimed)
        with counted(session) as build_sql:
            built = [worker_module._build(batch, c) for c in claimed]
        assert build_sql == []  # built from what the read brought
        assert all(not isinstance(b, Exception) for b in built)
        error = DeliveryError("Connection refused.", permanent=False, connection=True)
        with counted(session) as release_sql:
            retried, failed = worker_module._release(db_engine, settings, "w1", claimed, error)
        assert (retried, failed) == (0, size)  # no attempt left: failed at once
        costs.append((len(claim_sql), len(read_sql), len(release_sql)))
    assert costs[0] == costs[1]
    entries = _entries(session)
    assert sum(e.delivery_status == DeliveryStatus.ERROR for e in entries) == 14
    info = outbox.latest_by_entry(session, [entries[0].entry_no])[entries[0].entry_no]
    assert info.last_error == "Connection refused. (gave up after 1 attempts)"


def test_released_messages_wait_for_the_back_off_of_their_own_attempt(session, db_engine, tmp_path):
    """A release puts each message back with the delay of its own attempt count."""
    _segment(session, PEOPLE)
    _log(session)
    session.execute(update(EmailMessage).where(EmailMessage.id == 1).values(attempts=2))
    session.commit()
    settings = _settings(None, tmp_path, max_attempts=8, backoff_seconds=10)
    claimed = _claimed(db_engine, 10)
    assert [c.attempts for c in claimed] == [3, 1, 1]
    before = utcnow()
    error = DeliveryError("Connection refused.", permanent=False, connection=True)
    assert worker_module._release(db_engine, settings, "w1", claimed, error) == (3, 0)
    session.expire_all()
    rows = session.execute(select(EmailMessage).order_by(EmailMessage.id)).scalars().all()
    delays = [round((r.next_attempt_at - before).total_seconds()) for r in rows]
    assert delays == [40, 10, 10]
    assert {r.status for r in rows} == {OutboxStatus.PENDING}
    assert {r.last_error for r in rows} == {"Connection refused."}


def test_the_workers_are_asked_right_after_the_log_commits_and_not_after_a_rollback(
    session, db_engine
):
    """Logging e-mails puts one delivery task on the queue when its transaction commits (the
    workers then see the rows at once); a log that rolls back asks nothing."""
    from segapp.services.delivery import tasks

    tasks.huey.flush()
    _segment(session, PEOPLE)
    seglog.log_segment(session, "SEG00001", user_id=None, deliver=True, follow_up=False)
    assert tasks.huey.pending_count() == 0  # not before the commit
    session.rollback()
    assert tasks.huey.pending_count() == 0
    _log(session)
    pending = tasks.huey.pending()
    assert [t.name for t in pending] == ["deliver"]
    tasks.huey.flush()
    session.execute(update(EmailMessage).values(status=OutboxStatus.SENT))
    session.commit()  # a commit that queued nothing asks nothing
    assert tasks.huey.pending_count() == 0


def test_a_drain_gives_its_connection_back_as_durable_as_it_took_it(session, db_engine, tmp_path):
    """A drain's own commits do not wait for the disk; the connection it gives back to the
    pool waits again, for whatever the application commits next on it."""
    _segment(session, PEOPLE[:1])
    _log(session)
    session.close()
    db_engine.dispose()
    assert drain(db_engine, settings=_settings(None, tmp_path), worker="w1").sent == 1
    with db_engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        else:
            assert conn.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"


def test_resend_of_entries_logged_outside_any_segment(session, db_engine, smtp, tmp_path):
    """Reference 8.6: logged segment 0 means the entries logged outside any segment (Create
    Interaction); they must be selected, and only such entries are resent."""
    from segapp.services.core.errors import UserError
    from segapp.services.delivery.resend import resend

    _segment(session, PEOPLE[:2])
    result = _log(session)
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    loose, in_segment = _entries(session)
    session.execute(
        update(InteractionLogEntry)
        .where(InteractionLogEntry.entry_no == loose.entry_no)
        .values(logged_segment_entry_no=None)
    )
    session.commit()
    with pytest.raises(UserError) as error:
        resend(session, 0)  # not every loose entry ever logged: a selection is needed
    assert error.value.key == "resend.error_one_segment"
    with pytest.raises(UserError) as error:
        resend(session, 0, [in_segment.entry_no])
    assert error.value.key == "resend.error_nothing"
    done = resend(session, 0, [loose.entry_no, in_segment.entry_no], update_merge_fields=True)
    session.commit()
    new = _entries(session)[-1]
    assert done.entry_nos == [new.entry_no]
    assert new.logged_segment_entry_no is None
    assert new.description == "Resend: Autumn letter"
    drain(db_engine, settings=_settings(smtp.url, tmp_path), worker="w1")
    assert smtp.sink.received[-1].rcpt_tos == ["elodie@example.test"]
    assert result.logged_segment_entry_no == in_segment.logged_segment_entry_no


def test_two_worker_processes_never_send_a_message_twice(session, db_engine, smtp, tmp_path):
    """Two worker processes, as two consumers on two machines would run, drain the same
    outbox at once (FOR UPDATE SKIP LOCKED on PostgreSQL): each message is sent exactly
    once, and both workers took part."""
    people = [(f"Person {i}", f"p{i}@example.test") for i in range(40)]
    _segment(session, people)
    _log(session)
    session.close()
    env = {
        **os.environ,
        "SEGAPP_DATABASE_URL": db_engine.url.render_as_string(hide_password=False),
        "SEGAPP_SMTP_URL": smtp.url,
        "SEGAPP_DELIVERY_BATCH": "2",
    }
    start = threading.Event()
    smtp.sink.on_accept = lambda _received: start.wait(30)  # both are up before any finishes
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "segapp.services.delivery.worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Session(db_engine) as s:
            takers = set(s.execute(select(EmailMessage.worker)).scalars()) - {""}
        if len(takers) == 2:
            break
        time.sleep(0.2)
    start.set()
    outputs = [w.communicate(timeout=120)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0]
    ids = smtp.sink.message_ids()
    assert len(ids) == 40
    assert len(set(ids)) == 40
    sent = [int(out.split("sent=")[1].split()[0]) for out in outputs]
    assert sum(sent) == 40
    assert min(sent) > 0
    assert {e.delivery_status for e in _entries(session)} == {DeliveryStatus.BLANK}

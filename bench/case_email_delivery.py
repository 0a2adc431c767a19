"""E-mail delivery (issue "E-mail delivery", speed): a segment of 2 000 Email lines is logged
with Send Attachments while one delivery worker (huey's consumer, one worker thread, as
`make run` starts it) waits; every e-mail, with the contact's merged letter as its HTML body,
goes to a local SMTP sink (aiosmtpd) in this process.

Measured: the time from pressing Log (the logging transaction, its commit and the request to
the queue) to the first message accepted by the server, the time to the last one, the
throughput, the worker's peak RSS (VmHWM) and its CPU time per message (which the machine's
load inflates far less than the wall clock). The baseline is smtplib sending 2 000 ready
messages of the same size over one connection to the same sink: the cost of SMTP itself."""

from __future__ import annotations

import datetime as dt
import io
import os
import smtplib
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import docx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.models import (
    Contact,
    ContactType,
    CorrespondenceType,
    InteractionGroup,
    InteractionTemplate,
    Language,
    MarketingSetup,
    Salesperson,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)
from segapp.services.logging.logging import log_segment, prepare_log
from tests.support.smtp import SmtpServer

from .harness import Result

NAME = "email_delivery"
MESSAGES = 2_000
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600


def _letter() -> bytes:
    letter = docx.Document()
    letter.add_heading("Autumn collection", level=1)
    letter.add_paragraph("«Contact Mail Address»")
    letter.add_paragraph("Dear «Contact Name»,")
    p = letter.add_paragraph("Our ")
    p.add_run("new office chairs").bold = True
    p.add_run(" arrive in ")
    p.add_run("October").italic = True
    p.add_run(". As a customer of «Contact Company Name» you get a preview.")
    for item in ("Ergonomic chairs", "Standing desks", "Acoustic panels"):
        letter.add_paragraph(item, style="List Bullet")
    table = letter.add_table(rows=3, cols=2)
    for row, (name, price) in enumerate((("Chair", "240"), ("Desk", "610"), ("Panel", "95"))):
        table.cell(row, 0).text = name
        table.cell(row, 1).text = price
    letter.add_paragraph("Kind regards,")
    letter.add_paragraph("«Salesperson/Purchaser Name»")
    out = io.BytesIO()
    letter.save(out)
    return out.getvalue()


def _build(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Language(code="EN", name="English"))
        session.add(Salesperson(code="PS", name="Peter Saunders"))
        session.add(InteractionGroup(code="NEWS", description="News"))
        session.flush()
        session.add(MarketingSetup(id=1, sender_email="news@bench.example", sender_name="Bench"))
        session.add(
            InteractionTemplate(
                code="NEWS",
                interaction_group_code="NEWS",
                description="News",
                unit_cost=Decimal("1"),
            )
        )
        content = _letter()
        doc = StoredDocument(file_name="news.docx", content=content, size=len(content))
        session.add(doc)
        session.flush()
        header = SegmentHeader(
            no="SEG00001",
            description="Autumn news",
            interaction_template_code="NEWS",
            interaction_group_code="NEWS",
            salesperson_code="PS",
            language_code_default="EN",
            subject_default="Autumn collection",
            date=dt.date.today(),
        )
        session.add(header)
        session.flush()
        session.add(
            SegmentLanguage(
                segment_id=header.id,
                segment_line_no=0,
                language_code="EN",
                subject="Autumn collection",
                document_id=doc.id,
            )
        )
        contacts = [
            Contact(
                no=f"CT{i:06d}",
                type=ContactType.PERSON,
                name=f"Person Nº {i} Müller",
                search_name=f"PERSON {i}",
                email=f"person{i}@bench.example",
                address=f"{i} High Street",
                city="Reading",
            )
            for i in range(1, MESSAGES + 1)
        ]
        session.add_all(contacts)
        session.flush()
        session.add_all(
            SegmentLine(
                segment_id=header.id,
                line_no=(i + 1) * 10_000,
                contact_id=contact.id,
                correspondence_type=CorrespondenceType.EMAIL,
                interaction_template_code="NEWS",
                interaction_group_code="NEWS",
                salesperson_code="PS",
                language_code="EN",
                description="Autumn news",
                subject="Autumn collection",
                date=header.date,
            )
            for i, contact in enumerate(contacts)
        )
        session.commit()


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process used so far (less sensitive to the machine's load than
    the wall clock)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _baseline(server: SmtpServer, size: int) -> float:
    body = ("x" * 76 + "\r\n") * max(size // 78, 1)
    message = (
        "From: news@bench.example\r\nTo: someone@bench.example\r\nSubject: baseline\r\n\r\n" + body
    ).encode()
    before = len(server.sink.received)
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
        for i in range(MESSAGES):
            smtp.sendmail("news@bench.example", [f"p{i}@bench.example"], message)
    seconds = time.perf_counter() - start
    assert len(server.sink.received) - before == MESSAGES
    return seconds


def run(kind: str, engine: Engine, repeat: int) -> Result:
    _build(engine)
    server = SmtpServer().start()
    first = threading.Event()
    done = threading.Event()
    stamps: dict[str, float] = {}

    def on_accept(_received):
        count = len(server.sink.received)
        if count == 1:
            stamps["first"] = time.perf_counter()
            first.set()
        if count == MESSAGES:
            stamps["last"] = time.perf_counter()
            done.set()

    server.sink.on_accept = on_accept
    # the worker uses this process's queue (bench/__init__ gives the run a queue file)
    env = {
        **os.environ,
        "SEGAPP_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "SEGAPP_SMTP_URL": server.url,
    }
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("huey_consumer")),
            "segapp.services.delivery.tasks.huey",
            "-k",
            "thread",
            "-w",
            "1",
            "-m",
            "0.5",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        time.sleep(4)  # the worker is up and idle, as next to a running app
        cpu_before = _cpu_seconds(worker.pid)
        start = time.perf_counter()
        # as the Log dialog does: the letters' values read first, then the write transaction
        with Session(engine) as session:
            prepared = prepare_log(session, "SEG00001", deliver=True)
            session.rollback()
        with Session(engine) as session:
            log_segment(
                session, "SEG00001", user_id=None, deliver=True, follow_up=False, prepared=prepared
            )
            session.commit()
        logged = time.perf_counter()  # the commit asked the worker to send
        if not done.wait(TIMEOUT):
            raise RuntimeError(f"only {len(server.sink.received)} messages arrived")
        peak = _peak_rss_mb(worker.pid)
        cpu = _cpu_seconds(worker.pid) - cpu_before
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    size = sum(len(r.data) for r in server.sink.received) // MESSAGES
    baseline = _baseline(server, size)
    server.stop()
    seconds = stamps["last"] - start
    sending = stamps["last"] - logged
    return Result(
        NAME,
        kind,
        MESSAGES,
        seconds,
        baseline,
        {
            "log_seconds": f"{logged - start:.2f}",
            "log_to_first_accepted_seconds": f"{stamps['first'] - start:.2f}",
            "messages_per_second": f"{MESSAGES / sending:.1f}",
            "worker_peak_rss_mb": f"{peak:.0f}",
            "worker_cpu_ms_per_message": f"{cpu * 1000 / MESSAGES:.1f}",
            "message_kb": f"{size / 1024:.1f}",
        },
    )

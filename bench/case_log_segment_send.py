"""Logging a 10 000-line segment with Word letters and "send attachments" (reference section
7.2), and what another user feels meanwhile.

``log_segment_send``: the whole log as the Log dialog runs it (the letters' merge values read
first, then the write transaction), against the hand-written SQL of the ``log_segment`` case;
``write_tx_seconds`` is the write transaction alone.

``save_latency_during_log``: another session saves a contact (the contact card's service, one
transaction each) over and over while the log runs; ``seconds`` is the 95th percentile of
those saves, ``baseline_seconds`` the same percentile without a log running."""

from __future__ import annotations

import statistics
import threading
import time

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.models import Contact, SegmentLine
from segapp.services.contacts.contact_card import update_contact
from segapp.services.logging.logging import log_segment, prepare_log

from . import case_log_segment as plain
from .harness import Result

NAME = "log_segment_send"
LATENCY = "save_latency_during_log"
LINES = plain.LINES
MAX_REPEAT = 3


def _build(engine: Engine, no: str, contacts, template: str, salesperson: str) -> int:
    """The plain case's segment (a real Word letter inherited by every line), every line a
    Hard Copy letter, so that "send attachments" delivers them all."""
    segment_id = plain._build(engine, no, contacts, template, salesperson, letter=True)
    with Session(engine) as session:
        session.execute(
            update(SegmentLine)
            .where(SegmentLine.segment_id == segment_id)
            .values(correspondence_type="hard_copy")
        )
        session.commit()
    return segment_id


def _log(engine: Engine, no: str, user_id: int) -> tuple[float, float]:
    """(total seconds, write transaction seconds) of logging ``no`` as the Log dialog does."""
    start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        prepared = prepare_log(session, no, deliver=True)
        session.rollback()
    write_start = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        result = log_segment(
            session, no, user_id=user_id, deliver=True, follow_up=False, prepared=prepared
        )
        session.commit()
    end = time.perf_counter()
    assert result.interactions == LINES
    return end - start, end - write_start


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _saves(engine: Engine, contact_no: str, stop: threading.Event, out: list[float]) -> None:
    """Saves a contact's city again and again, each save its own transaction."""
    number = 0
    while not stop.is_set():
        number += 1
        start = time.perf_counter()
        with Session(engine, expire_on_commit=False) as session:
            update_contact(session, contact_no, {"city": f"City {number}"})
            session.commit()
        out.append(time.perf_counter() - start)
        time.sleep(0.01)


def run(kind: str, engine: Engine, repeat: int) -> list[Result]:
    user_id, contacts, template, salesperson = plain._prepare(engine)
    repeat = max(1, min(repeat, MAX_REPEAT))
    counter = iter(range(1, 10_000))
    with Session(engine) as session:
        other = session.execute(
            select(Contact.no).where(Contact.id.not_in([c for c, _ in contacts])).limit(1)
        ).scalar_one()

    def fresh() -> str:
        no = f"SEND{next(counter):05d}"
        _build(engine, no, contacts, template, salesperson)
        return no

    def baseline() -> float:
        no = f"RAW{next(counter):05d}"
        sid = _build(engine, no, contacts, template, salesperson)
        start = time.perf_counter()
        plain.raw_log(engine, no, sid, user_id)
        return time.perf_counter() - start

    _log(engine, fresh(), user_id)
    totals, writes = [], []
    for _ in range(repeat):
        total, write = _log(engine, fresh(), user_id)
        totals.append(total)
        writes.append(write)
    base = statistics.median(baseline() for _ in range(repeat))
    send = Result(
        NAME,
        kind,
        LINES,
        statistics.median(totals),
        base,
        {
            "write_tx_seconds": f"{statistics.median(writes):.3f}",
            "repeat": repeat,
            "target": "<=15s,write_tx<=2s,<=400MB",
        },
    )

    quiet: list[float] = []
    stop = threading.Event()
    saver = threading.Thread(target=_saves, args=(engine, other, stop, quiet))
    saver.start()
    time.sleep(2.0)
    stop.set()
    saver.join()

    during: list[float] = []
    for _ in range(repeat):
        no = fresh()
        stop = threading.Event()
        saver = threading.Thread(target=_saves, args=(engine, other, stop, during))
        saver.start()
        time.sleep(0.1)
        _log(engine, no, user_id)
        stop.set()
        saver.join()
    latency = Result(
        LATENCY,
        kind,
        LINES,
        _p95(during),
        _p95(quiet),
        {"saves": len(during), "max_seconds": f"{max(during):.3f}", "target": "p95<=0.3s"},
    )
    return [send, latency]

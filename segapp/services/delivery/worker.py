"""The delivery worker: claims due messages, builds and sends them, and records each outcome.

This is an entry point of its own (run by the task queue's consumer, see ``tasks``): unlike
the other services it owns its transactions, one short transaction for a claim and one per
message outcome, so that what the SMTP server accepted is recorded at once.

Exactly once, except one case: a worker that dies after the server accepted a message and
before the outcome is committed leaves the message claimed; once its lease runs out another
worker sends it again, with the same Message-ID, so the receiving side can recognise it.

A batch costs a constant number of statements besides one short transaction per outcome: its
claim (one UPDATE ... RETURNING, FOR UPDATE SKIP LOCKED on PostgreSQL), its read (see
``message.read_batch``; each message is then built just before it is sent) and, when the
server cannot be reached, its release (``outbox.release``).

A drain runs all its transactions on one connection, whose commits do not wait for the disk
(PostgreSQL's ``synchronous_commit`` off, SQLite's ``synchronous=NORMAL`` in WAL mode; both
restored before the connection goes back to the pool). A killed worker loses nothing it
committed; only a crash of the machine itself can lose the last outcomes recorded, and their
messages are then sent again with the same Message-ID - the same case as above. The entries
and outbox rows written by logging keep their full durability."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection, Engine

from ...db import get_engine, transaction
from ...models.types import utcnow
from . import outbox
from .config import DeliverySettings
from .config import settings as load_settings
from .errors import DeliveryError, classify
from .letter_html import TemplateCache
from .message import read_batch
from .transport import Transport, transport_for

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    next_due: dt.datetime | None = None
    errors: list[str] = field(default_factory=list)


@contextmanager
def _connection(engine: Engine) -> Iterator[Connection]:
    """The one connection a drain runs its transactions on (no check-out, no ping per
    message), its commits not waiting for the disk until it goes back to the pool."""
    with engine.connect() as conn:
        dialect = conn.dialect.name
        previous = None
        if dialect == "sqlite":
            previous = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
        elif dialect == "postgresql":
            conn.exec_driver_sql("SET synchronous_commit TO OFF")
        conn.commit()
        try:
            yield conn
        finally:
            try:
                conn.rollback()
                if dialect == "sqlite":
                    conn.exec_driver_sql(f"PRAGMA synchronous={int(previous)}")
                elif dialect == "postgresql":
                    conn.exec_driver_sql("RESET synchronous_commit")
                conn.commit()
            except Exception:  # a broken connection is not given back as it is
                conn.invalidate()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def backoff(settings: DeliverySettings, attempts: int) -> float:
    """Seconds before the next attempt: the base delay doubled at each attempt, capped."""
    return min(settings.backoff_seconds * 2 ** max(attempts - 1, 0), settings.backoff_max_seconds)


_LETTERS = TemplateCache()  # the letters this worker process converted, for its next batches


def _read_batch(engine: Engine | Connection, claimed: list[outbox.Claimed]):
    """What the messages of a claimed batch are made of, read in a constant number of
    queries (``message.read_batch``); a read that fails is every message's error."""
    with transaction(engine) as session:
        try:
            return read_batch(session, [c.entry_no for c in claimed], _LETTERS)
        except Exception as exc:
            log.exception("reading messages %s failed", [c.id for c in claimed])
            return classify(exc)


def _build(batch, message: outbox.Claimed):
    """A claimed message built just before it is sent, or why it cannot be."""
    if isinstance(batch, DeliveryError):
        return batch
    try:
        return batch.build(message.id, message.entry_no)
    except Exception as exc:
        log.exception("building message %s failed", message.id)
        return classify(exc)


def _attempt(
    engine: Engine | Connection,
    transport: Transport,
    settings: DeliverySettings,
    worker: str,
    row_id: int,
    attempts: int,
    built,
) -> DeliveryError | None:
    if isinstance(built, DeliveryError):
        with transaction(engine) as session:
            _retry_or_fail(session, settings, worker, row_id, attempts, built)
        return built
    try:
        transport.send(built)
    except DeliveryError as error:
        with transaction(engine) as session:
            _retry_or_fail(session, settings, worker, row_id, attempts, error, built)
        return error
    with transaction(engine) as session:
        outbox.record_sent(
            session,
            row_id,
            worker,
            eml=built.as_bytes(),
            header_id=built.message_id,
            recipient=built.recipient,
            now=utcnow(),
        )
    return None


def _retry_or_fail(session, settings, worker, row_id, attempts, error, built=None) -> None:
    if error.permanent or attempts >= settings.max_attempts:
        text = error.text
        if not error.permanent:
            text = f"{text} (gave up after {attempts} attempts)"
        outbox.record_failed(
            session,
            row_id,
            worker,
            text,
            eml=built.as_bytes() if built else None,
            header_id=built.message_id if built else "",
            recipient=built.recipient if built else "",
        )
    else:
        delay = dt.timedelta(seconds=backoff(settings, attempts))
        outbox.record_retry(session, row_id, worker, error.text, utcnow() + delay)


def drain(
    engine: Engine | None = None,
    transport: Transport | None = None,
    *,
    settings: DeliverySettings | None = None,
    worker: str | None = None,
    max_batches: int | None = None,
) -> DrainResult:
    """Sends every message that is due, batch after batch, until none is left; returns what
    happened and when the next waiting message is due."""
    engine = engine or get_engine()
    settings = settings or load_settings()
    own_transport = transport is None
    transport = transport or transport_for(settings)
    worker = worker or worker_name()
    result = DrainResult()
    try:
        with _connection(engine) as conn:
            return _drain(conn, transport, settings, worker, max_batches, result)
    finally:
        if own_transport:
            transport.close()


def _drain(
    bind: Connection,
    transport: Transport,
    settings: DeliverySettings,
    worker: str,
    max_batches: int | None,
    result: DrainResult,
) -> DrainResult:
    """The drain itself, every transaction on the drain's connection ``bind``."""
    batches = 0
    while max_batches is None or batches < max_batches:
        with transaction(bind) as session:
            claimed = outbox.claim(
                session, worker, settings.batch_size, settings.lease_seconds, utcnow()
            )
        if not claimed:
            break
        batches += 1
        renewed = time.monotonic()
        batch = _read_batch(bind, claimed)
        for index, message in enumerate(claimed):
            built = _build(batch, message)
            error = _attempt(bind, transport, settings, worker, message.id, message.attempts, built)
            if error is None:
                result.sent += 1
            elif error.permanent:
                result.failed += 1
                result.errors.append(error.text)
            else:
                result.retried += 1
                result.errors.append(error.text)
                if error.connection:
                    retried, failed = _release(bind, settings, worker, claimed[index + 1 :], error)
                    result.retried += retried
                    result.failed += failed
                    return _finish(bind, result)
            if time.monotonic() - renewed > settings.lease_seconds / 3:
                with transaction(bind) as session:
                    outbox.extend_lease(
                        session,
                        [c.id for c in claimed[index + 1 :]],
                        worker,
                        settings.lease_seconds,
                        utcnow(),
                    )
                renewed = time.monotonic()
    return _finish(bind, result)


def _release(engine, settings, worker, claimed, error) -> tuple[int, int]:
    """The server cannot be reached: the rest of the batch waits for its next attempt too,
    released in a constant number of statements."""
    if not claimed:
        return 0, 0
    now = utcnow()
    with transaction(engine) as session:
        return outbox.release(
            session,
            claimed,
            worker,
            error.text,
            max_attempts=settings.max_attempts,
            retry_at=lambda attempts: now + dt.timedelta(seconds=backoff(settings, attempts)),
        )


def _finish(engine: Engine | Connection, result: DrainResult) -> DrainResult:
    with transaction(engine) as session:
        result.next_due = outbox.next_due(session)
    return result


def main() -> None:  # pragma: no cover - command line
    logging.basicConfig(level=logging.INFO)
    result = drain()
    print(f"sent={result.sent} failed={result.failed} retried={result.retried}")


if __name__ == "__main__":  # pragma: no cover
    main()

"""The delivery worker: claims due messages, builds and sends them, and records each outcome.

This is an entry point of its own (run by the task queue's consumer, see ``tasks``): unlike
the other services it owns its transactions, one short transaction for a claim and one per
message outcome, so that what the SMTP server accepted is recorded at once.

Exactly once, except one case: a worker that dies after the server accepted a message and
before the outcome is committed leaves the message claimed; once its lease runs out another
worker sends it again, with the same Message-ID, so the receiving side can recognise it."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from ...db import get_engine, transaction
from ...models.types import utcnow
from . import outbox
from .config import DeliverySettings
from .config import settings as load_settings
from .errors import DeliveryError, classify
from .message import build_message
from .transport import Transport, transport_for

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    next_due: dt.datetime | None = None
    errors: list[str] = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def backoff(settings: DeliverySettings, attempts: int) -> float:
    """Seconds before the next attempt: the base delay doubled at each attempt, capped."""
    return min(settings.backoff_seconds * 2 ** max(attempts - 1, 0), settings.backoff_max_seconds)


def _build_batch(engine: Engine, ids: list[int]) -> dict[int, tuple[int, object]]:
    """Every message of a claimed batch built in one read: row id -> (attempts, Built or the
    DeliveryError saying why it cannot be built)."""
    built: dict[int, tuple[int, object]] = {}
    with transaction(engine) as session:
        for row_id in ids:
            attempts = outbox.attempts_of(session, row_id)
            try:
                built[row_id] = (attempts, build_message(session, row_id))
            except DeliveryError as error:
                built[row_id] = (attempts, error)
            except Exception as exc:
                log.exception("building message %s failed", row_id)
                built[row_id] = (attempts, classify(exc))
    return built


def _attempt(
    engine: Engine,
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
    batches = 0
    try:
        while max_batches is None or batches < max_batches:
            with transaction(engine) as session:
                ids = outbox.claim(
                    session, worker, settings.batch_size, settings.lease_seconds, utcnow()
                )
            if not ids:
                break
            batches += 1
            renewed = time.monotonic()
            batch = _build_batch(engine, ids)
            for index, row_id in enumerate(ids):
                attempts, built = batch.pop(row_id)
                error = _attempt(engine, transport, settings, worker, row_id, attempts, built)
                if error is None:
                    result.sent += 1
                elif error.permanent:
                    result.failed += 1
                    result.errors.append(error.text)
                else:
                    result.retried += 1
                    result.errors.append(error.text)
                    if error.connection:
                        _release(engine, settings, worker, ids[index + 1 :], error)
                        result.retried += len(ids) - index - 1
                        return _finish(engine, result)
                if time.monotonic() - renewed > settings.lease_seconds / 3:
                    with transaction(engine) as session:
                        outbox.extend_lease(
                            session, ids[index + 1 :], worker, settings.lease_seconds, utcnow()
                        )
                    renewed = time.monotonic()
    finally:
        if own_transport:
            transport.close()
    return _finish(engine, result)


def _release(engine, settings, worker, ids, error) -> None:
    """The server cannot be reached: the rest of the batch waits for its next attempt too."""
    with transaction(engine) as session:
        for row_id in ids:
            attempts = outbox.attempts_of(session, row_id)
            _retry_or_fail(session, settings, worker, row_id, attempts, error)


def _finish(engine: Engine, result: DrainResult) -> DrainResult:
    with transaction(engine) as session:
        result.next_due = outbox.next_due(session)
    return result


def main() -> None:  # pragma: no cover - command line
    logging.basicConfig(level=logging.INFO)
    result = drain()
    print(f"sent={result.sent} failed={result.failed} retried={result.retried}")


if __name__ == "__main__":  # pragma: no cover
    main()

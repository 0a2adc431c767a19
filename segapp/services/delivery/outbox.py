"""The outbox rows of e-mail delivery: queued with the entries, claimed by workers, and the
outcome of every attempt (bc-reference.md sections 7.2 step 6.4, 8.1).

Everything here runs in the caller's transaction. Queuing happens in the logging transaction
(a log that rolls back queues nothing) and asks the workers (``tasks.kick``) right after that
transaction commits; a claim is its own short transaction, so that other workers see the rows
as taken; each outcome is committed with the entry's Delivery Status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, event, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from ...models import (
    CorrespondenceType,
    DeliveryStatus,
    EmailMessage,
    InteractionLogEntry,
    OutboxStatus,
)
from ...models.types import utcnow

_TS = EmailMessage.__table__.c.created_at.type


def _queue(session: Session, condition, now: dt.datetime) -> int:
    entry = InteractionLogEntry
    queued = session.execute(
        insert(EmailMessage).from_select(
            [
                "entry_no",
                "status",
                "attempts",
                "next_attempt_at",
                "worker",
                "message_id",
                "recipient",
                "last_error",
                "created_at",
            ],
            select(
                entry.entry_no,
                literal(OutboxStatus.PENDING.value),
                literal(0),
                literal(now, _TS),
                literal(""),
                literal(""),
                literal(""),
                literal(""),
                literal(now, _TS),
            )
            .where(
                condition,
                entry.correspondence_type == CorrespondenceType.EMAIL,
                entry.delivery_status == DeliveryStatus.IN_PROGRESS,
            )
            .order_by(entry.entry_no),
        )
    ).rowcount
    if queued:
        _kick_after_commit(session)
    return queued


# --- Asking the workers once the rows are committed --------------------------------------------

_KICK = "segapp.delivery.kick"


def _kick_after_commit(session: Session) -> None:
    """The workers are asked to deliver right after this session's transaction commits (not
    before: they would not see the rows; not at all when it rolls back)."""
    session.info[_KICK] = True


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    if session.info.pop(_KICK, False):
        from . import tasks  # the queue is only opened by sessions that queued messages

        tasks.kick()


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_KICK, None)


def queue_logged_segment(
    session: Session, logged_segment_entry_no: int, now: dt.datetime | None = None
) -> int:
    """One outbox row per e-mail entry of a logged segment marked In Progress."""
    return _queue(
        session,
        InteractionLogEntry.logged_segment_entry_no == logged_segment_entry_no,
        now or utcnow(),
    )


def queue_entries(session: Session, entry_nos: list[int], now: dt.datetime | None = None) -> int:
    """One outbox row per given e-mail entry marked In Progress (Resend)."""
    if not entry_nos:
        return 0
    return _queue(session, col(InteractionLogEntry.entry_no).in_(entry_nos), now or utcnow())


@dataclass(frozen=True)
class Claimed:
    """A message a worker reserved: its outbox row, its entry and which attempt this is."""

    id: int
    entry_no: int
    attempts: int


def claim(
    session: Session, worker: str, limit: int, lease_seconds: float, now: dt.datetime
) -> list[Claimed]:
    """Reserves up to ``limit`` due messages for ``worker`` until the lease runs out and
    returns them in order, in one statement. Due: pending and its time has come, or claimed
    by a worker whose lease has run out (a worker that died). On PostgreSQL the rows are
    picked with FOR UPDATE SKIP LOCKED, so concurrent workers never take the same row; SQLite
    runs one writer at a time, and the UPDATE is that writer."""
    m = EmailMessage
    due = (
        select(m.id)
        .where(
            or_(
                and_(m.status == OutboxStatus.PENDING, m.next_attempt_at <= now),
                and_(m.status == OutboxStatus.SENDING, col(m.lease_until) < now),
            )
        )
        .order_by(m.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = session.execute(
        update(m)
        .where(col(m.id).in_(due.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            worker=worker,
            lease_until=now + dt.timedelta(seconds=lease_seconds),
            attempts=m.attempts + 1,
        )
        .returning(m.id, m.entry_no, m.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    return [Claimed(*row) for row in sorted(rows)]


def extend_lease(
    session: Session, ids: Iterable[int], worker: str, lease_seconds: float, now: dt.datetime
) -> None:
    ids = list(ids)
    if ids:
        session.execute(
            update(EmailMessage)
            .where(
                col(EmailMessage.id).in_(ids),
                EmailMessage.worker == worker,
                EmailMessage.status == OutboxStatus.SENDING,
            )
            .values(lease_until=now + dt.timedelta(seconds=lease_seconds))
            .execution_options(synchronize_session=False)
        )


def _record(
    session: Session, message_id: int, worker: str, entry_status: DeliveryStatus, /, **values
):
    """The outcome written on the worker's message row and its entry's Delivery Status: one
    statement on PostgreSQL (the row's UPDATE as a CTE of the entry's), two elsewhere."""
    row = (
        update(EmailMessage)
        .where(_mine(message_id, worker))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    entry = InteractionLogEntry
    if session.get_bind().dialect.name == "postgresql":
        done = row.returning(EmailMessage.entry_no).cte("done")
        session.execute(
            update(entry)
            .where(col(entry.entry_no).in_(select(done.c.entry_no)))
            .values(delivery_status=entry_status)
            .execution_options(synchronize_session=False)
        )
        return
    session.execute(row)
    entry_no = select(EmailMessage.entry_no).where(  # only when the row was the worker's
        EmailMessage.id == message_id,
        EmailMessage.worker == worker,
        EmailMessage.status == values["status"],
    )
    session.execute(
        update(entry)
        .where(col(entry.entry_no).in_(entry_no.scalar_subquery()))
        .values(delivery_status=entry_status)
        .execution_options(synchronize_session=False)
    )


def _mine(message_id: int, worker: str):
    return and_(
        EmailMessage.id == message_id,
        EmailMessage.worker == worker,
        EmailMessage.status == OutboxStatus.SENDING,
    )


def record_sent(
    session: Session,
    message_id: int,
    worker: str,
    *,
    eml: bytes,
    header_id: str,
    recipient: str,
    now: dt.datetime,
) -> None:
    """The server accepted the message: the row keeps it as sent, the entry's Delivery Status
    becomes blank (reference section 8.1)."""
    _record(
        session,
        message_id,
        worker,
        DeliveryStatus.BLANK,
        status=OutboxStatus.SENT,
        eml=eml,
        message_id=header_id,
        recipient=recipient,
        sent_at=now,
        lease_until=None,
        last_error="",
    )


def record_failed(
    session: Session,
    message_id: int,
    worker: str,
    error: str,
    *,
    eml: bytes | None = None,
    header_id: str = "",
    recipient: str = "",
) -> None:
    """A permanent failure (or no attempt left): Delivery Status Error, the answer kept."""
    _record(
        session,
        message_id,
        worker,
        DeliveryStatus.ERROR,
        status=OutboxStatus.FAILED,
        last_error=error[:2000],
        lease_until=None,
        eml=eml,
        message_id=header_id,
        recipient=recipient,
    )


def record_retry(
    session: Session, message_id: int, worker: str, error: str, next_attempt_at: dt.datetime
) -> None:
    """A transient failure: the message waits for its next attempt; the entry stays In
    Progress, with the answer shown until then."""
    session.execute(
        update(EmailMessage)
        .where(_mine(message_id, worker))
        .values(
            status=OutboxStatus.PENDING,
            last_error=error[:2000],
            lease_until=None,
            next_attempt_at=next_attempt_at,
        )
        .execution_options(synchronize_session=False)
    )


def release(
    session: Session,
    claimed: list[Claimed],
    worker: str,
    error: str,
    *,
    max_attempts: int,
    retry_at: Callable[[int], dt.datetime],
) -> tuple[int, int]:
    """The server could not be reached: every message of ``claimed`` still held by
    ``worker`` waits for its next attempt (``retry_at(attempts)``), or fails when it had its
    last one, in at most three statements. Returns (retried, failed)."""
    text = error[:2000]
    retry = [c for c in claimed if c.attempts < max_attempts]
    failed = [c for c in claimed if c.attempts >= max_attempts]
    m = EmailMessage
    mine = and_(m.worker == worker, m.status == OutboxStatus.SENDING)
    if retry:
        due = {c.attempts: retry_at(c.attempts) for c in retry}
        session.execute(
            update(m)
            .where(col(m.id).in_([c.id for c in retry]), mine)
            .values(
                status=OutboxStatus.PENDING,
                last_error=text,
                lease_until=None,
                next_attempt_at=case(
                    *[(m.attempts == attempts, literal(at, _TS)) for attempts, at in due.items()],
                    else_=literal(max(due.values()), _TS),
                ),
            )
            .execution_options(synchronize_session=False)
        )
    if failed:
        ids = [c.id for c in failed]
        gave_up = f"{error} (gave up after {max_attempts} attempts)"[:2000]
        done = session.execute(
            update(m)
            .where(col(m.id).in_(ids), mine)
            .values(status=OutboxStatus.FAILED, last_error=gave_up, lease_until=None)
            .returning(m.entry_no)
            .execution_options(synchronize_session=False)
        ).scalars()
        entry_nos = list(done)
        if entry_nos:
            session.execute(
                update(InteractionLogEntry)
                .where(col(InteractionLogEntry.entry_no).in_(entry_nos))
                .values(delivery_status=DeliveryStatus.ERROR)
                .execution_options(synchronize_session=False)
            )
    return len(retry), len(failed)


def next_due(session: Session) -> dt.datetime | None:
    """When the next waiting message is due (for the worker to come back then)."""
    m = EmailMessage
    return session.execute(
        select(
            func.min(
                case(
                    (m.status == OutboxStatus.PENDING, m.next_attempt_at),
                    else_=m.lease_until,
                )
            )
        ).where(col(m.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    ).scalar()


# --- What the windows show ----------------------------------------------------------------------


def delivery_condition(kind: str):
    """The entries whose e-mail is "in_progress", "failed" or "sent" (the filters of the
    Interaction Log Entries window)."""
    e = InteractionLogEntry
    if kind == "in_progress":
        return e.delivery_status == DeliveryStatus.IN_PROGRESS
    if kind == "failed":
        return e.delivery_status == DeliveryStatus.ERROR
    if kind == "sent":
        return and_(
            e.delivery_status == DeliveryStatus.BLANK,
            exists().where(
                EmailMessage.entry_no == e.entry_no, EmailMessage.status == OutboxStatus.SENT
            ),
        )
    raise ValueError(kind)


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int = 0
    in_progress: int = 0
    failed: int = 0


def counts_by_logged_segment(
    session: Session, logged_segment_entry_nos: list[int]
) -> dict[int, DeliveryCounts]:
    """Sent / in progress / failed e-mails of each logged segment, from the entries' Delivery
    Status (an entry counts as sent when its latest message was accepted)."""
    if not logged_segment_entry_nos:
        return {}
    e = InteractionLogEntry
    latest = (
        select(func.max(EmailMessage.id))
        .where(EmailMessage.entry_no == e.entry_no)
        .correlate(e)
        .scalar_subquery()
    )
    sent_status = (
        select(EmailMessage.status).where(EmailMessage.id == latest).correlate(e).scalar_subquery()
    )
    rows = session.execute(
        select(
            e.logged_segment_entry_no,
            func.count(
                case(
                    (
                        and_(
                            e.delivery_status == DeliveryStatus.BLANK,
                            sent_status == OutboxStatus.SENT.value,
                        ),
                        1,
                    )
                )
            ),
            func.count(case((e.delivery_status == DeliveryStatus.IN_PROGRESS, 1))),
            func.count(case((e.delivery_status == DeliveryStatus.ERROR, 1))),
        )
        .where(col(e.logged_segment_entry_no).in_(logged_segment_entry_nos))
        .group_by(e.logged_segment_entry_no)
    ).all()
    return {row[0]: DeliveryCounts(row[1], row[2], row[3]) for row in rows}


@dataclass(frozen=True)
class EntryDelivery:
    message_row: int
    status: str
    attempts: int
    last_error: str
    has_message: bool


def latest_by_entry(session: Session, entry_nos: list[int]) -> dict[int, EntryDelivery]:
    """The latest message of each entry: its status, attempts and the server's last answer."""
    if not entry_nos:
        return {}
    m = EmailMessage
    latest = (
        select(func.max(m.id).label("id"))
        .where(col(m.entry_no).in_(entry_nos))
        .group_by(m.entry_no)
        .subquery()
    )
    rows = session.execute(
        select(m.entry_no, m.id, m.status, m.attempts, m.last_error, col(m.eml).is_not(None)).join(
            latest, latest.c.id == m.id
        )
    ).all()
    return {
        row[0]: EntryDelivery(
            row[1], getattr(row[2], "value", row[2]), row[3], row[4], bool(row[5])
        )
        for row in rows
    }


def sent_message(session: Session, entry_no: int) -> tuple[str, bytes] | None:
    """(file name, .eml bytes) of the latest message stored for an entry."""
    row = session.execute(
        select(EmailMessage.id, EmailMessage.eml)
        .where(EmailMessage.entry_no == entry_no, col(EmailMessage.eml).is_not(None))
        .order_by(col(EmailMessage.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return f"entry-{entry_no}-message-{row[0]}.eml", row[1]

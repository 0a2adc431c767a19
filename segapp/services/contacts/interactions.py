"""A contact's interactions at a glance, as Business Central's Contact Statistics and contact
card show them: how many, what they cost and took, the last dates, the latest entries, the open
segments the contact is on and how many interactions each of the last twelve months had.

A person's figures are its own entries; a company's are those of the company and of its persons
(the Contact Company No. of their entries), as Business Central's FlowFields filter on Company
No. with a blank Lookup Contact No. for companies. Everything is read in a fixed number of
queries, whatever the number of entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, exists, extract, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from ...models import (
    Contact,
    ContactType,
    CorrespondenceType,
    EmailMessage,
    InitiatedBy,
    InteractionLogEntry,
    SegmentHeader,
    SegmentLine,
)

MONTHS = 12
LATEST = 10
CORRESPONDENCE_TYPES = tuple(t.value for t in CorrespondenceType)


@dataclass(frozen=True)
class Statistics:
    """Contact fields 5067-5077 (bc-reference.md 2.6): No. of Interactions, Cost (LCY) and
    Duration (Min.) over entries neither canceled nor postponed; Date of Last Interaction (not
    an attempt that failed) and Last Date Attempted (initiated by us) over entries not
    postponed, canceled or not, as Business Central's FlowFields compute them."""

    no_of_interactions: int
    cost: Decimal
    duration: int
    date_of_last_interaction: dt.date | None
    last_date_attempted: dt.date | None


@dataclass(frozen=True)
class LatestEntry:
    entry_no: int
    date: dt.date
    description: str
    template_code: str
    contact_no: str
    contact_name: str
    correspondence_type: str
    cost: Decimal
    duration: int
    canceled: bool
    attempt_failed: bool
    has_document: bool
    has_message: bool


@dataclass(frozen=True)
class OpenSegment:
    no: str
    description: str
    date: dt.date
    lines: int  # how many of its lines are this contact (or, for a company, its people)


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    counts: dict[str, int]  # correspondence type value -> interactions


@dataclass(frozen=True)
class ContactInteractions:
    statistics: Statistics
    latest: list[LatestEntry]
    segments: list[OpenSegment]
    months: list[Month]


def _entry_scope(contact: Contact):
    e = InteractionLogEntry
    if contact.type == ContactType.COMPANY:
        return or_(e.contact_company_id == contact.id, e.contact_id == contact.id)
    return e.contact_id == contact.id


def _line_scope(contact: Contact):
    if contact.type == ContactType.COMPANY:
        return or_(
            SegmentLine.contact_company_id == contact.id, SegmentLine.contact_id == contact.id
        )
    return SegmentLine.contact_id == contact.id


def _counted():
    """The entries Business Central's No. of Interactions counts."""
    e = InteractionLogEntry
    return and_(col(e.canceled).is_(False), col(e.postponed).is_(False))


def statistics(session: Session, contact: Contact) -> Statistics:
    e = InteractionLogEntry
    counted = _counted()
    row = session.execute(
        select(
            func.count(case((counted, 1))),
            func.coalesce(func.sum(case((counted, e.cost), else_=0)), 0),
            func.coalesce(func.sum(case((counted, e.duration), else_=0)), 0),
            func.max(case((col(e.attempt_failed).is_(False), e.date))),
            func.max(case((e.initiated_by == InitiatedBy.US, e.date))),
        ).where(_entry_scope(contact), col(e.postponed).is_(False))
    ).one()
    return Statistics(
        no_of_interactions=int(row[0]),
        cost=Decimal(str(row[1])).quantize(Decimal("0.01")),
        duration=int(row[2]),
        date_of_last_interaction=_as_date(row[3]),
        last_date_attempted=_as_date(row[4]),
    )


def _as_date(value) -> dt.date | None:
    """MAX over a CASE loses the column's type on SQLite, which then answers ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def latest_entries(session: Session, contact: Contact, limit: int = LATEST) -> list[LatestEntry]:
    """The newest entries, canceled ones included (shown as such), postponed ones left out as
    the Interaction Log Entries page leaves them out (bc-reference.md 7.5)."""
    e = InteractionLogEntry
    person = aliased(Contact)
    message = exists().where(
        EmailMessage.entry_no == e.entry_no, col(EmailMessage.eml).is_not(None)
    )
    rows = session.execute(
        select(
            e.entry_no,
            e.date,
            e.description,
            e.interaction_template_code,
            person.no,
            person.name,
            e.correspondence_type,
            e.cost,
            e.duration,
            e.canceled,
            e.attempt_failed,
            e.document_id,
            message,
        )
        .join(person, person.id == e.contact_id)
        .where(_entry_scope(contact), col(e.postponed).is_(False))
        .order_by(col(e.date).desc(), col(e.entry_no).desc())
        .limit(limit)
    ).all()
    return [
        LatestEntry(
            entry_no=r[0],
            date=r[1],
            description=r[2],
            template_code=r[3] or "",
            contact_no=r[4],
            contact_name=r[5],
            correspondence_type=getattr(r[6], "value", r[6]) or "",
            cost=r[7],
            duration=r[8],
            canceled=bool(r[9]),
            attempt_failed=bool(r[10]),
            has_document=r[11] is not None,
            has_message=bool(r[12]),
        )
        for r in rows
    ]


def open_segments(session: Session, contact: Contact) -> list[OpenSegment]:
    """The segments not logged yet that have a line for the contact (a company: for it or one
    of its persons), by number."""
    rows = session.execute(
        select(
            SegmentHeader.no,
            SegmentHeader.description,
            SegmentHeader.date,
            func.count(SegmentLine.id),
        )
        .join(SegmentLine, SegmentLine.segment_id == SegmentHeader.id)
        .where(_line_scope(contact))
        .group_by(SegmentHeader.id, SegmentHeader.no, SegmentHeader.description, SegmentHeader.date)
        .order_by(SegmentHeader.no)
    ).all()
    return [OpenSegment(r[0], r[1], r[2], int(r[3])) for r in rows]


def _first_of_month(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def months(session: Session, contact: Contact, today: dt.date) -> list[Month]:
    """Interactions (as No. of Interactions counts them) in each of the last twelve calendar
    months, this one included, by correspondence type; oldest month first."""
    e = InteractionLogEntry
    start = _first_of_month(today, MONTHS - 1)
    end = _first_of_month(today, -1)
    year, month = extract("year", e.date), extract("month", e.date)
    rows = session.execute(
        select(year, month, e.correspondence_type, func.count())
        .where(_entry_scope(contact), _counted(), e.date >= start, e.date < end)
        .group_by(year, month, e.correspondence_type)
    ).all()
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for y, m, kind, n in rows:
        by_type = counts.setdefault((int(y), int(m)), dict.fromkeys(CORRESPONDENCE_TYPES, 0))
        by_type[getattr(kind, "value", kind) or ""] += int(n)
    result = []
    for back in range(MONTHS - 1, -1, -1):
        first = _first_of_month(today, back)
        result.append(
            Month(
                first,
                counts.get((first.year, first.month), dict.fromkeys(CORRESPONDENCE_TYPES, 0)),
            )
        )
    return result


def contact_interactions(
    session: Session, contact: Contact, today: dt.date, latest: int = LATEST
) -> ContactInteractions:
    """Everything the card shows of the contact's interactions, in four queries."""
    return ContactInteractions(
        statistics=statistics(session, contact),
        latest=latest_entries(session, contact, latest),
        segments=open_segments(session, contact),
        months=months(session, contact, today),
    )


__all__ = [
    "ContactInteractions",
    "LatestEntry",
    "Month",
    "OpenSegment",
    "Statistics",
    "contact_interactions",
]

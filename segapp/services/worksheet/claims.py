"""Is the segment a page shows still the one in the database?

A worksheet keeps the id, the No. and the version of the segment it shows. Before a change,
:func:`claim` checks all three and raises the version in one statement, which also locks the
header until the transaction ends (a row lock on PostgreSQL, the write lock on SQLite): of two
changes made from pages showing the same version, the second waits, then is refused. Before a
read, :func:`check` checks the id and the No. A refusal says why: the segment was deleted, was
logged, or was changed by another user since the page read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from ...models import LoggedSegment, SegmentHeader
from ..core.errors import UserError


@dataclass(frozen=True)
class SegmentRef:
    """The segment as a page read it."""

    id: int
    no: str
    version: int


def ref(session: Session, no: str) -> SegmentRef | None:
    """The open segment numbered ``no`` as it is now, or None."""
    row = session.exec(
        select(SegmentHeader.id, SegmentHeader.no, SegmentHeader.version).where(
            SegmentHeader.no == no
        )
    ).first()
    return SegmentRef(*row) if row else None


def refusal(session: Session, no: str) -> UserError:
    """Why the segment numbered ``no`` is not there: logged, or deleted."""
    logged = session.exec(
        select(LoggedSegment.entry_no).where(LoggedSegment.segment_no == no)
    ).first()
    if logged is not None:
        return UserError("error.segment_logged_by_other", no=no)
    return UserError("error.segment_deleted_by_other", no=no)


def _refuse(session: Session, seen: SegmentRef) -> None:
    now = session.exec(select(SegmentHeader.no).where(SegmentHeader.id == seen.id)).first()
    if now == seen.no:
        raise UserError("error.segment_changed_by_other", no=seen.no)
    raise refusal(session, seen.no)


def check(session: Session, seen: SegmentRef) -> int:
    """The segment's id when it is still the one the page shows (whatever its version)."""
    found = session.exec(
        select(SegmentHeader.id)
        .where(SegmentHeader.id == seen.id)
        .where(SegmentHeader.no == seen.no)
    ).first()
    if found is None:
        _refuse(session, seen)
    return seen.id


def claim(session: Session, seen: SegmentRef) -> SegmentRef:
    """Locks the segment for a change made from a page showing ``seen``, and raises its
    version; refused when the segment is gone or another change came first. Returns the
    segment as it will be once this transaction commits."""
    result = session.execute(
        update(SegmentHeader)
        .where(col(SegmentHeader.id) == seen.id)
        .where(col(SegmentHeader.no) == seen.no)
        .where(col(SegmentHeader.version) == seen.version)
        .values(version=col(SegmentHeader.version) + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        _refuse(session, seen)
    return SegmentRef(seen.id, seen.no, seen.version + 1)

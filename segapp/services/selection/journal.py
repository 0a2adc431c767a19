"""The criteria journal and the history of a segment (bc-reference.md sections 3.4, 3.5, 5.6).

Every step that changes the contacts of a segment, typed by hand or chosen by criteria, writes one
action row followed by its filter rows, and one history row per contact it inserted or deleted,
so that Go Back can undo it and Save Criteria can replay it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ...models import (
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    SegmentCriteriaLine,
    SegmentHistory,
)


def action_count(session: Session, segment_id: int) -> int:
    """The header's No. of Criteria Actions."""
    return session.exec(
        select(func.count())
        .select_from(SegmentCriteriaLine)
        .where(SegmentCriteriaLine.segment_id == segment_id)
        .where(SegmentCriteriaLine.type == CriteriaLineType.ACTION)
    ).one()


def write_action(
    session: Session,
    segment_id: int,
    action: CriteriaAction,
    filters: Iterable[tuple[str, dict[str, Any]]],
    **flags: bool,
) -> int:
    """Writes an action row and one filter row per (table, non-empty filters); returns the
    action's number, which its history rows carry."""
    last = session.exec(
        select(func.max(SegmentCriteriaLine.line_no)).where(
            SegmentCriteriaLine.segment_id == segment_id
        )
    ).one()
    line_no = (last or 0) + 1
    action_row = SegmentCriteriaLine(
        segment_id=segment_id,
        line_no=line_no,
        type=CriteriaLineType.ACTION,
        action=action,
        **flags,
    )
    session.add(action_row)
    for table_name, values in filters:
        if not values:
            continue
        line_no += 1
        action_row.no_of_filters += 1
        session.add(
            SegmentCriteriaLine(
                segment_id=segment_id,
                line_no=line_no,
                type=CriteriaLineType.FILTER,
                action=action,
                table_name=table_name,
                filters=dict(values),
            )
        )
    session.flush()
    return action_count(session, segment_id)


def write_history(
    session: Session,
    segment_id: int,
    action_no: int,
    line_no: int,
    contact_id: int,
    taken: HistoryAction,
) -> None:
    session.add(
        SegmentHistory(
            segment_id=segment_id,
            action_no=action_no,
            segment_line_no=line_no,
            contact_id=contact_id,
            action_taken=taken,
        )
    )


def manual_step(
    session: Session,
    segment_id: int,
    action: CriteriaAction,
    contact_no: str,
    line_no: int,
    contact_id: int,
) -> None:
    """A line typed or deleted by hand is a step of its own: an Add (or Reduce) action filtered
    on that one contact, with its history row (reference section 5.6)."""
    # A contact typed by hand is taken even when already on the segment or excluded from
    # segments; the flags say so, so that Reuse Criteria replays the step as it happened.
    flags = {"allow_existing_contacts": True, "ignore_exclusion": True}
    action_no = write_action(
        session,
        segment_id,
        action,
        [("contact", {"no": contact_no})],
        **(flags if action == CriteriaAction.ADD else {}),
    )
    taken = HistoryAction.INSERTION if action == CriteriaAction.ADD else HistoryAction.DELETION
    write_history(session, segment_id, action_no, line_no, contact_id, taken)


def reset(session: Session, segment_id: int) -> None:
    """Forgets every step of the segment (criteria and history)."""
    session.exec(delete(SegmentHistory).where(SegmentHistory.segment_id == segment_id))
    session.exec(delete(SegmentCriteriaLine).where(SegmentCriteriaLine.segment_id == segment_id))

"""The criteria journal and the history of a segment (bc-reference.md sections 3.4, 3.5, 5.6).

Every step that changes the contacts of a segment, typed by hand or chosen by criteria, writes one
action row followed by its filter rows, and one history row per contact it inserted or deleted,
so that Go Back can undo it and Save Criteria can replay it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert
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


def exact_filter(value: str) -> str:
    """The filter that matches exactly ``value``, whatever characters of the filter grammar it
    holds (``*``, ``|``, ``..``, ``&``, ``<>``, a quote...): the value quoted, quotes doubled."""
    return "'" + value.replace("'", "''") + "'"


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
    manual_steps(session, segment_id, action, [(contact_no, line_no, contact_id)])


def manual_steps(
    session: Session,
    segment_id: int,
    action: CriteriaAction,
    lines: list[tuple[str, int, int]],
) -> None:
    """One manual step per (contact no., line no., contact id), in that order, written with
    one bulk INSERT per table whatever the number of lines."""
    if not lines:
        return
    session.flush()
    last = session.exec(
        select(func.max(SegmentCriteriaLine.line_no)).where(
            SegmentCriteriaLine.segment_id == segment_id
        )
    ).one()
    first_action = action_count(session, segment_id) + 1
    # A contact typed by hand is taken even when already on the segment or excluded from
    # segments; the flags say so, so that Reuse Criteria replays the step as it happened.
    adding = action == CriteriaAction.ADD
    flags = {"allow_existing_contacts": adding, "ignore_exclusion": adding}
    taken = HistoryAction.INSERTION if adding else HistoryAction.DELETION
    criteria_rows: list[dict[str, Any]] = []
    history_rows: list[dict[str, Any]] = []
    line_no = last or 0
    for offset, (contact_no, segment_line_no, contact_id) in enumerate(lines):
        common = {
            "segment_id": segment_id,
            "action": action,
            "table_name": "",
            "filters": {},
            "expand_contact": False,
            "allow_company_with_persons": False,
            "entire_companies": False,
        }
        criteria_rows.append(
            {
                **common,
                **flags,
                "line_no": line_no + 1,
                "type": CriteriaLineType.ACTION,
                "no_of_filters": 1,
            }
        )
        criteria_rows.append(
            {
                **common,
                "allow_existing_contacts": False,
                "ignore_exclusion": False,
                "line_no": line_no + 2,
                "type": CriteriaLineType.FILTER,
                "table_name": "contact",
                "filters": contact_filter(contact_no),
                "no_of_filters": 0,
            }
        )
        line_no += 2
        history_rows.append(
            {
                "segment_id": segment_id,
                "action_no": first_action + offset,
                "segment_line_no": segment_line_no,
                "contact_id": contact_id,
                "action_taken": taken,
            }
        )
    insert_rows(session, SegmentCriteriaLine, criteria_rows)
    insert_rows(session, SegmentHistory, history_rows)


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]], chunk: int = 500) -> None:
    """Multi-row INSERT ... VALUES statements of ``chunk`` rows each (within every database's
    limit of bound parameters)."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model.__table__).values(rows[start : start + chunk]))


def contact_filter(contact_no: str) -> dict[str, str]:
    """The filter a manual step on one contact is journaled with: its number quoted, so that
    replaying it selects exactly that contact."""
    return {"no": exact_filter(contact_no)}


def reset(session: Session, segment_id: int) -> None:
    """Forgets every step of the segment (criteria and history)."""
    session.exec(delete(SegmentHistory).where(SegmentHistory.segment_id == segment_id))
    session.exec(delete(SegmentCriteriaLine).where(SegmentCriteriaLine.segment_id == segment_id))

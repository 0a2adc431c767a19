"""Logged Segments and Interaction Log Entries windows (bc-reference.md 3.7, 7.4, 7.5, scenario
18 of section 12a), on SQLite and on PostgreSQL when SEGAPP_TEST_DATABASE_URL is set."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from segapp.models import (
    CampaignEntry,
    Evaluation,
    InteractionLogEntry,
    LoggedSegment,
    SegmentHeader,
    SegmentLine,
)
from segapp.services.core.errors import UserError
from segapp.services.logging import log_entries as le
from segapp.services.logging import logging as seglog
from tests.unit.test_logging import TODAY, _build, _log


def _logged(session, emails=("a@x.example", "b@x.example", "")):
    _build(session, emails=emails)
    return _log(session).logged_segment_entry_no


def _entries(session):
    session.expire_all()
    return (
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )


def test_cancel_cascades_and_single_uncancel_is_refused(session):
    """Scenario 18 (reference 12a, 7.4, 7.5): canceling a logged segment cancels all its entries
    and campaign entries; un-canceling one entry of it alone is refused; Delete Canceled
    Segments removes the logged segment and unlinks its entries."""
    entry_no = _logged(session)
    assert le.switch_logged_segments_canceled(session, [entry_no]) is True
    session.commit()
    assert all(e.canceled for e in _entries(session))
    assert all(c.canceled for c in session.execute(select(CampaignEntry)).scalars())
    first = _entries(session)[0].entry_no
    with pytest.raises(UserError) as error:
        le.switch_entries_canceled(session, [first])
    assert error.value.key == "ile.error_uncancel_logged"
    session.rollback()
    assert le.delete_canceled_logged_segments(session) == 1
    session.commit()
    assert session.get(LoggedSegment, entry_no) is None
    entries = _entries(session)
    assert len(entries) == 3
    assert all(e.logged_segment_entry_no is None for e in entries)
    assert all(c.register_no is None for c in session.execute(select(CampaignEntry)).scalars())


def test_uncancel_restores_entries_and_counts_follow_the_canceled_value(session):
    """Reference 3.7 fields 4-5 and 7.4: counts use entries with the same Canceled value as the
    logged segment; switching twice restores everything."""
    entry_no = _logged(session)
    row = le.list_logged_segments(session).rows[0]
    assert (row.no_of_interactions, row.no_of_campaign_entries, row.canceled) == (3, 1, False)
    first = _entries(session)[0].entry_no
    le.switch_entries_canceled(session, [first])
    session.commit()
    row = le.list_logged_segments(session).rows[0]
    assert row.no_of_interactions == 2
    le.switch_logged_segments_canceled(session, [entry_no])
    session.commit()
    row = le.list_logged_segments(session).rows[0]
    assert (row.no_of_interactions, row.canceled) == (3, True)
    assert le.switch_logged_segments_canceled(session, [entry_no]) is False
    session.commit()
    assert not any(e.canceled for e in _entries(session))
    assert le.list_logged_segments(session).rows[0].no_of_interactions == 3


def test_delete_canceled_keeps_uncanceled_logged_segments(session):
    """Reference 7.4: Delete Canceled Segments deletes only canceled logged segments."""
    _logged(session)
    assert le.delete_canceled_logged_segments(session) == 0
    assert le.list_logged_segments(session).total == 1


def test_new_segment_from_logged_has_one_line_per_entry(session):
    """Reference 6.6 (Reuse Segment): a new segment from the series with one line per entry of
    the logged segment, canceled ones included; a follow-up takes its campaign."""
    entry_no = _logged(session)
    le.switch_logged_segments_canceled(session, [entry_no])
    no = seglog.new_segment_from_logged(
        session, entry_no, user_id=None, follow_up=False, today=TODAY
    )
    session.commit()
    header = session.execute(select(SegmentHeader).where(SegmentHeader.no == no)).scalar_one()
    assert header.description == "Autumn letter"
    assert header.campaign_no is None
    lines = (
        session.execute(
            select(SegmentLine.contact_id)
            .where(SegmentLine.segment_id == header.id)
            .order_by(SegmentLine.line_no)
        )
        .scalars()
        .all()
    )
    assert lines == [e.contact_id for e in _entries(session)]
    follow = seglog.new_segment_from_logged(
        session, entry_no, user_id=None, follow_up=True, today=TODAY
    )
    header = session.execute(select(SegmentHeader).where(SegmentHeader.no == follow)).scalar_one()
    assert header.description == "Follow-up on segment SEG00001"
    assert header.campaign_no == "CP0001"
    assert follow != no


def test_new_segment_from_unknown_logged_segment_is_refused(session):
    """Reference 6.6: the logged segment must exist."""
    _build(session)
    with pytest.raises(UserError) as error:
        seglog.new_segment_from_logged(session, 999, user_id=None, follow_up=False)
    assert error.value.key == "logged.error_not_found"


def test_entry_filters_and_paging(session):
    """Reference 7.5: filters on contact, segment, template, salesperson, date and canceled;
    paging in SQL with the total count."""
    entry_no = _logged(session)
    all_rows = le.list_entries(session, le.EntryFilter())
    assert all_rows.total == 3
    contact_no = all_rows.rows[0].contact_no
    assert le.list_entries(session, le.EntryFilter(contact_no=contact_no)).total == 1
    assert le.list_entries(session, le.EntryFilter(segment_no="seg00001")).total == 3
    assert le.list_entries(session, le.EntryFilter(segment_no="OTHER")).total == 0
    assert le.list_entries(session, le.EntryFilter(template_code="LETTER")).total == 3
    assert le.list_entries(session, le.EntryFilter(salesperson_code="XX")).total == 0
    day = dt.date(2026, 11, 2)
    assert le.list_entries(session, le.EntryFilter(date_from=day, date_to=day)).total == 3
    assert le.list_entries(session, le.EntryFilter(date_from=day + dt.timedelta(1))).total == 0
    assert le.list_entries(session, le.EntryFilter(canceled="yes")).total == 0
    assert le.list_entries(session, le.EntryFilter(logged_segment_entry_no=entry_no)).total == 3
    page = le.list_entries(session, le.EntryFilter(), page=2, page_size=25)
    assert page.rows == []
    assert page.total == 3


def test_evaluate_and_delete_canceled_entries(session):
    """Reference 7.5: Evaluate Interaction sets one of the five values; Delete Canceled Entries
    deletes only canceled entries matching the filters."""
    _logged(session)
    numbers = [e.entry_no for e in _entries(session)]
    assert le.evaluate_entries(session, numbers[:2], "positive") == 2
    with pytest.raises(UserError):
        le.evaluate_entries(session, numbers, "")
    with pytest.raises(UserError):
        le.evaluate_entries(session, numbers, "brilliant")
    le.switch_entries_canceled(session, [numbers[0]])
    session.commit()
    assert [e.evaluation for e in _entries(session)][:2] == [Evaluation.POSITIVE] * 2
    assert le.count_canceled_entries(session, le.EntryFilter()) == 1
    assert le.delete_canceled_entries(session, le.EntryFilter()).deleted == 1
    session.commit()
    assert [e.entry_no for e in _entries(session)] == numbers[1:]
    # The logged letter is still used by the other entries.
    assert session.execute(text("SELECT count(*) FROM stored_document")).scalar_one() == 1


def _own_letters(session):
    """Entries 1 and 2 get a letter of their own; entry 3 shares the first one."""
    from tests import factories

    _logged(session)
    entries = _entries(session)
    own = [factories.document(session, f"{e.entry_no}.docx") for e in entries[:2]]
    entries[0].document_id, entries[1].document_id = own[0].id, own[1].id
    entries[2].document_id = own[0].id  # shared with entry 1
    session.commit()
    return [e.entry_no for e in entries], [d.id for d in own]


def _documents(session):
    return sorted(session.execute(text("SELECT id FROM stored_document")).scalars())


def test_canceling_asks_to_delete_unique_attachments(session):
    """Reference 7.5: canceling entries of which some hold a document no other entry uses asks
    "delete unique attachments?" (default No); Yes deletes only those documents."""
    numbers, (first_doc, second_doc) = _own_letters(session)
    # the first letter is shared with entry 3: not unique to entry 1
    assert le.unique_documents_of_entries(session, [numbers[0]]) == 0
    assert le.unique_documents_of_entries(session, [numbers[1]]) == 1
    assert le.unique_documents_of_entries(session, numbers) == 2
    before = _documents(session)
    le.switch_entries_canceled(session, [numbers[1]])  # the default answer: No
    session.commit()
    assert _documents(session) == before
    le.switch_entries_canceled(session, [numbers[1]])  # un-cancel
    le.switch_entries_canceled(session, numbers[:2], delete_unique_documents=True)
    session.commit()
    assert second_doc not in _documents(session)
    assert first_doc in _documents(session)
    entries = _entries(session)
    assert [e.document_id for e in entries] == [first_doc, None, first_doc]
    assert [e.canceled for e in entries] == [True, True, False]


def test_delete_canceled_entries_asks_about_unique_attachments(session):
    """Reference 7.5: Delete Canceled Entries asks "delete unique attachments?"; No keeps the
    documents only canceled entries hold, and so those entries; Yes deletes both."""
    numbers, (first_doc, second_doc) = _own_letters(session)
    le.switch_entries_canceled(session, numbers[:2])
    session.commit()
    canceled = le.EntryFilter(canceled="yes")
    assert le.unique_documents_of_canceled(session, canceled) == 1
    kept = le.delete_canceled_entries(session, canceled, delete_unique_documents=False)
    session.commit()
    assert (kept.deleted, kept.kept) == (1, 1)
    assert [e.entry_no for e in _entries(session)] == [numbers[1], numbers[2]]
    assert second_doc in _documents(session)
    gone = le.delete_canceled_entries(session, canceled, delete_unique_documents=True)
    session.commit()
    assert (gone.deleted, gone.kept) == (1, 0)
    assert [e.entry_no for e in _entries(session)] == [numbers[2]]
    assert second_doc not in _documents(session)
    assert first_doc in _documents(session)  # entry 3 still holds it


def test_campaign_entries_of_a_logged_segment(session):
    """Reference 7.4: No. of Campaign Entries of a logged segment opens its campaign entries
    (Register No. = the logged segment), each with its campaign and interactions; another
    logged segment's entries are not shown."""
    entry_no = _logged(session)
    session.add(
        CampaignEntry(campaign_no="CP0001", description="Other", date=TODAY, segment_no="OTHER")
    )
    session.commit()
    page = le.list_campaign_entries(session, entry_no)
    assert page.total == 1
    row = page.rows[0]
    assert (row.campaign_no, row.segment_no, row.no_of_interactions) == ("CP0001", "SEG00001", 3)
    assert row.canceled is False
    assert [r.segment_no for r in le.list_campaign_entries(session, None).rows] == [
        "OTHER",
        "SEG00001",
    ]
    le.switch_logged_segments_canceled(session, [entry_no])
    assert le.list_campaign_entries(session, entry_no).rows[0].canceled is True


def test_canceling_a_whole_log_can_delete_its_frozen_letter(session):
    """Reference 7.5: the letter frozen for the entries of one log is unique to them; canceling
    all of them and answering Yes deletes it, and the entries no longer open a letter."""
    _logged(session)
    numbers = [e.entry_no for e in _entries(session)]
    assert le.entry_document(session, numbers[0]) is not None
    unique = le.unique_documents_of_entries(session, numbers)
    assert unique >= 1
    assert le.unique_documents_of_entries(session, numbers[:1]) == 0  # shared with the others
    before = len(_documents(session))
    le.switch_entries_canceled(session, numbers, delete_unique_documents=True)
    session.commit()
    assert len(_documents(session)) == before - unique
    assert all(le.entry_document(session, n) is None for n in numbers)

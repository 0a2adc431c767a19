"""A contact's interactions at a glance (issue 14; bc-reference.md 2.6 fields 5067-5077, 3.8 and
7.5), against data counted by hand: a person, a company with its persons, canceled and
postponed entries, the boundaries of the twelve months of the chart, and a contact without any
interaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event

from segapp.models import (
    CorrespondenceType,
    EmailMessage,
    InitiatedBy,
    InteractionLogEntry,
    OutboxStatus,
)
from segapp.services.contacts import interactions
from tests import factories

TODAY = dt.date(2026, 12, 15)
BLANK, HARD, EMAIL = (t.value for t in CorrespondenceType)


def _entry(session, contact, day, cost="0", duration=0, **fields):
    fields.setdefault("correspondence_type", CorrespondenceType.HARD_COPY)
    entry = InteractionLogEntry(
        contact_id=contact.id,
        contact_company_id=contact.company_id,
        date=day,
        description=fields.pop("description", f"Entry of {day}"),
        cost=Decimal(cost),
        duration=duration,
        **fields,
    )
    session.add(entry)
    session.flush()
    return entry


@pytest.fixture
def book(session):
    """Hand-counted data. Zoé (person of Acme): three counted entries (2.50/5, 1.25/10 and a
    failed attempt 0.75/1), one canceled (100/60, the latest date but one), one postponed (50).
    Marc (person of Acme): one entry on the chart's first day (3.00/15). Acme itself: one entry
    the day before the chart's first day (10.00/30). Others: a person without company and a
    person of another company, whose entries never count for Acme."""
    acme = factories.company(session, "Acme d'Été")
    zoe = factories.person(session, "Zoé O'Brien*", acme)
    marc = factories.person(session, "Marc Dupont", acme)
    loner = factories.person(session, "Lone Wolf")
    other = factories.company(session, "Other Co")
    stranger = factories.person(session, "Stranger", other)
    doc = factories.document(session, "zoé.docx")
    e = {
        "email": _entry(
            session,
            zoe,
            dt.date(2026, 12, 3),
            "2.50",
            5,
            correspondence_type=CorrespondenceType.EMAIL,
            initiated_by=InitiatedBy.US,
        ),
        "letter": _entry(session, zoe, dt.date(2026, 11, 30), "1.25", 10, document_id=doc.id),
        "canceled": _entry(
            session,
            zoe,
            dt.date(2026, 12, 10),
            "100",
            60,
            canceled=True,
            initiated_by=InitiatedBy.US,
        ),
        "postponed": _entry(
            session,
            zoe,
            dt.date(2026, 12, 14),
            "50",
            20,
            postponed=True,
            initiated_by=InitiatedBy.US,
        ),
        "failed": _entry(
            session,
            zoe,
            dt.date(2026, 12, 12),
            "0.75",
            1,
            attempt_failed=True,
            initiated_by=InitiatedBy.US,
        ),
        "marc": _entry(
            session,
            marc,
            dt.date(2026, 1, 1),
            "3.00",
            15,
            correspondence_type=CorrespondenceType.EMAIL,
        ),
        "acme": _entry(
            session,
            acme,
            dt.date(2025, 12, 31),
            "10.00",
            30,
            correspondence_type=CorrespondenceType.BLANK,
        ),
        "loner": _entry(session, loner, dt.date(2026, 12, 5), "7", 7),
        "stranger": _entry(session, stranger, dt.date(2026, 12, 6), "8", 8),
    }
    session.add(
        EmailMessage(entry_no=e["email"].entry_no, status=OutboxStatus.SENT, eml=b"From: a\r\n\r\n")
    )
    first = factories.segment(session, "SEG00001", description="Golf days")
    for no, contact in enumerate((zoe, marc, loner), start=1):
        factories.line(session, first, contact, no * 10000)
    second = factories.segment(session, "SEG00002", description="Companies only")
    factories.line(session, second, acme, 10000)
    third = factories.segment(session, "SEG00003", description="Loner's")
    factories.line(session, third, loner, 10000)
    session.flush()
    return {"acme": acme, "zoe": zoe, "marc": marc, "loner": loner, "entries": e}


def test_person_statistics_count_neither_canceled_nor_postponed_entries(session, book):
    """Reference 2.6 fields 5074-5077: No. of Interactions, Cost (LCY) and Duration (Min.)
    count non-canceled, non-postponed entries; a failed attempt is an interaction."""
    stats = interactions.statistics(session, book["zoe"])
    assert stats.no_of_interactions == 3
    assert stats.cost == Decimal("4.50")
    assert stats.duration == 16


def test_last_dates_are_business_centrals_flowfields(session, book):
    """Contact fields 5068 Date of Last Interaction (not Attempt Failed, not Postponed) and 5067
    Last Date Attempted (Initiated By = Us, not Postponed); neither filters Canceled in
    Business Central's Contact table, so a canceled entry still dates the last interaction."""
    stats = interactions.statistics(session, book["zoe"])
    assert stats.date_of_last_interaction == dt.date(2026, 12, 10)
    assert stats.last_date_attempted == dt.date(2026, 12, 12)


def test_company_statistics_cover_the_company_and_its_persons(session, book):
    stats = interactions.statistics(session, book["acme"])
    assert stats.no_of_interactions == 5  # Zoé's 3, Marc's 1, Acme's own 1
    assert stats.cost == Decimal("17.50")
    assert stats.duration == 61
    assert stats.date_of_last_interaction == dt.date(2026, 12, 10)
    assert stats.last_date_attempted == dt.date(2026, 12, 12)
    marc = interactions.statistics(session, book["marc"])
    assert (marc.no_of_interactions, marc.cost, marc.duration) == (1, Decimal("3.00"), 15)
    assert marc.last_date_attempted is None


def test_latest_entries_show_canceled_ones_hide_postponed_ones_newest_first(session, book):
    latest = interactions.latest_entries(session, book["zoe"])
    e = book["entries"]
    assert [x.entry_no for x in latest] == [
        e["failed"].entry_no,
        e["canceled"].entry_no,
        e["email"].entry_no,
        e["letter"].entry_no,
    ]
    assert [x.canceled for x in latest] == [False, True, False, False]
    by_no = {x.entry_no: x for x in latest}
    assert by_no[e["letter"].entry_no].has_document
    assert not by_no[e["letter"].entry_no].has_message
    assert by_no[e["email"].entry_no].has_message
    assert not by_no[e["email"].entry_no].has_document
    assert by_no[e["letter"].entry_no].contact_name == "Zoé O'Brien*"


def test_company_latest_entries_name_each_person_and_stop_at_the_limit(session, book):
    latest = interactions.latest_entries(session, book["acme"], limit=5)
    assert [x.contact_no for x in latest] == [book["zoe"].no] * 4 + [book["marc"].no]
    everything = interactions.latest_entries(session, book["acme"], limit=50)
    assert {x.contact_name for x in everything} == {"Zoé O'Brien*", "Marc Dupont", "Acme d'Été"}
    assert len(everything) == 6  # postponed left out; the loner's and the stranger's too


def test_open_segments_of_a_person_and_of_a_company(session, book):
    assert [(s.no, s.lines) for s in interactions.open_segments(session, book["zoe"])] == [
        ("SEG00001", 1)
    ]
    assert [(s.no, s.lines) for s in interactions.open_segments(session, book["acme"])] == [
        ("SEG00001", 2),
        ("SEG00002", 1),
    ]
    assert [s.no for s in interactions.open_segments(session, book["loner"])] == [
        "SEG00001",
        "SEG00003",
    ]


def test_months_are_the_last_twelve_calendar_months_by_correspondence_type(session, book):
    months = interactions.months(session, book["acme"], TODAY)
    assert [m.first_day for m in months] == [dt.date(2026, n, 1) for n in range(1, 13)]
    assert months[0].counts == {BLANK: 0, HARD: 0, EMAIL: 1}  # Marc on 1 January
    assert months[10].counts == {BLANK: 0, HARD: 1, EMAIL: 0}  # Zoé's letter on 30 November
    # December: the e-mail and the failed attempt; canceled and postponed ones left out
    assert months[11].counts == {BLANK: 0, HARD: 1, EMAIL: 1}
    assert sum(sum(m.counts.values()) for m in months) == 4  # Acme's own, 31 Dec 2025, is out
    assert sum(sum(m.counts.values()) for m in months[1:10]) == 0


def test_months_wrap_across_the_new_year_and_ignore_future_entries(session, book):
    _entry(session, book["zoe"], dt.date(2027, 1, 1), "1", 1)
    months = interactions.months(session, book["zoe"], dt.date(2026, 1, 31))
    assert months[0].first_day == dt.date(2025, 2, 1)
    assert months[-1].first_day == dt.date(2026, 1, 1)
    assert all(sum(m.counts.values()) == 0 for m in months)


def test_a_contact_without_interactions_shows_zeros(session, book):
    newcomer = factories.person(session, "Newcomer")
    result = interactions.contact_interactions(session, newcomer, TODAY)
    assert result.statistics == interactions.Statistics(0, Decimal("0.00"), 0, None, None)
    assert result.latest == []
    assert result.segments == []
    assert len(result.months) == 12
    assert all(sum(m.counts.values()) == 0 for m in result.months)


def test_the_card_reads_everything_in_four_queries_however_many_entries(session, book, db_engine):
    """No statement per entry: the same number of queries for 9 entries as for 209."""

    def statements() -> int:
        seen = []

        def count(*_args):
            seen.append(1)

        event.listen(db_engine, "before_cursor_execute", count)
        try:
            interactions.contact_interactions(session, book["acme"], TODAY)
        finally:
            event.remove(db_engine, "before_cursor_execute", count)
        return len(seen)

    few = statements()
    for n in range(200):
        _entry(session, book["marc"], dt.date(2026, 6, 1 + n % 28), "1", 1)
    session.flush()
    assert statements() == few == 4
    result = interactions.contact_interactions(session, book["acme"], TODAY)
    assert result.statistics.no_of_interactions == 205
    assert len(result.latest) == interactions.LATEST

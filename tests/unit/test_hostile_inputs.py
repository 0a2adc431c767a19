"""Hostile values typed in filters, searches and lookups (the filter grammar of bc-reference.md
sections 6.1 and 12): each is refused with its own reason before any query reaches the
database, on SQLite and on PostgreSQL, and the rest of the session still works."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from sqlalchemy import event
from sqlmodel import select

from segapp.models import Contact, InteractionLogEntry
from segapp.services.contacts import contacts
from segapp.services.contacts.contact_list import ContactFilter, search_contacts
from segapp.services.core.errors import UserError
from segapp.services.logging.log_entries import EntryFilter, list_entries
from segapp.services.selection import selection
from segapp.services.selection.filters import DATE, INT, compile_filter
from tests import factories


@contextlib.contextmanager
def statements(session):
    """The SQL statements sent to the database inside the block."""
    sent: list[str] = []
    engine = session.get_bind()

    def record(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _refused(session, call, *args) -> UserError:
    with statements(session) as sent, pytest.raises(UserError) as error:
        call(*args)
    queried = [s for s in sent if "contact" in s.lower() or "interaction" in s.lower()]
    assert queried == [], "a query ran before the refusal"
    return error.value


@pytest.fixture
def data(session):
    factories.language(session, "EN")
    company = factories.company(session, "Müller & Söhne GmbH", city="Köln")
    factories.person(session, "Zoë O'Neil", company, city="Cork")
    header = factories.segment(session)
    session.add(
        InteractionLogEntry(contact_id=company.id, date=dt.date(2026, 3, 1), segment_no="S1")
    )
    session.commit()
    return header


@pytest.mark.parametrize("number", ["99999999999", "-2147483649", "1_000", "١٢"])
def test_number_filter_beyond_the_integer_columns_is_refused(session, data, number):
    criteria = {"contact_profile_answer": {"questionnaire_code": "Q", "line_no": number}}
    error = _refused(
        session, selection.count_add, session, data.id, criteria, selection.AddOptions()
    )
    assert error.key == "error.filter_invalid"
    assert error.params["reason"] in ("filter.number_out_of_range", "filter.not_a_number")
    if number.lstrip("-").isascii() and number.lstrip("-").isdigit():
        assert error.params["reason"] == "filter.number_out_of_range"


@pytest.mark.parametrize("text", ["<>", "<>''", "''", "1|''"])
def test_blank_number_is_refused_as_business_central_does(text):
    with pytest.raises(UserError) as error:
        compile_filter(InteractionLogEntry.logged_segment_entry_no, INT, text)
    assert error.value.params["reason"] == "filter.number_never_blank"


def test_not_equal_and_blank_on_dates_and_numbers_run_on_every_database(session, data):
    """``<>`` on a date means "not blank" (a NULL date is Business Central's blank 0D)."""
    found = session.exec(
        select(InteractionLogEntry.segment_no).where(
            compile_filter(InteractionLogEntry.date, DATE, "<>"),
            compile_filter(InteractionLogEntry.date, DATE, "<>2026-01-01"),
            compile_filter(InteractionLogEntry.duration, INT, "<>5&<>2147483647"),
        )
    ).all()
    assert found == ["S1"]
    blank = compile_filter(InteractionLogEntry.date, DATE, "''")
    assert session.exec(select(InteractionLogEntry.segment_no).where(blank)).all() == []
    criteria = {"interaction_log_entry": {"date": "<>", "logged_segment_entry_no": "<>7"}}
    assert selection.count_add(session, data.id, criteria, selection.AddOptions()) == 0


@pytest.mark.parametrize("hostile", ["Zo\x00ë", "\x00", "O'Neil\x1b[2J", "a\x7f"])
def test_control_characters_in_searches_are_refused_before_any_query(session, data, hostile):
    for call, args in (
        (search_contacts, (session, ContactFilter(search=hostile))),
        (search_contacts, (session, ContactFilter(company_no=hostile))),
        (contacts.search, (session, hostile)),
        (contacts.resolve, (session, hostile)),
        (list_entries, (session, EntryFilter(segment_no=hostile))),
        (list_entries, (session, EntryFilter(contact_no=hostile))),
    ):
        error = _refused(session, call, *args)
        assert error.key == "error.search_invalid_character", call.__name__
    criteria = {"contact": {"search_name": hostile}}
    error = _refused(
        session, selection.count_add, session, data.id, criteria, selection.AddOptions()
    )
    assert error.params["reason"] == "filter.invalid_character"


def test_a_900_kb_lookup_is_refused_before_any_query(session, data):
    huge = "Zoë " * 230_000
    for call, args in (
        (contacts.search, (session, huge)),
        (contacts.resolve, (session, huge)),
        (search_contacts, (session, ContactFilter(search=huge))),
        (list_entries, (session, EntryFilter(template_code=huge))),
    ):
        error = _refused(session, call, *args)
        assert error.key == "error.search_too_long", call.__name__


def test_real_searches_with_accents_and_quotes_still_find_their_contacts(session, data):
    assert [row[1] for row in contacts.search(session, "zoë o'n")] == ["Zoë O'Neil"]
    page = search_contacts(session, ContactFilter(search="müller & s"))
    assert [row.name for row in page.rows] == ["Müller & Söhne GmbH"]
    assert session.exec(select(Contact.city).where(Contact.name == "Zoë O'Neil")).one() == "Cork"

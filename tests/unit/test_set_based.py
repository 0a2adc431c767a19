"""Actions on a whole segment are set-based: the number of SQL statements they issue does not
grow with the number of lines, contacts or entries (Go Back, header to lines propagation,
template change, Reuse Criteria, Reuse Segment, Apply Mailing Group, delete lines, delete
segment, cancel a logged segment, delete canceled entries)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import select

from segapp.models import (
    ContactMailingGroup,
    InteractionTemplate,
    Language,
    LoggedSegment,
    MailingGroup,
    Salesperson,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
)
from segapp.services.logging import log_entries
from segapp.services.logging import logging as seglog
from segapp.services.selection import selection as sel
from segapp.services.worksheet import worksheet as ws
from tests import factories as f


@contextmanager
def counted(session) -> Iterator[list[str]]:
    """The SQL statements the block sends to the database; an executemany counts once per
    row, since the database runs the statement for each."""
    statements: list[str] = []
    engine = session.get_bind()

    def _count(conn, cursor, statement, parameters, context, executemany):
        statements.extend([statement] * (len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _count)


class Town:
    """``size`` companies with two persons each, in mailing group NEWS, and a segment with a
    template that has an English and a French letter row."""

    def __init__(self, session, size: int, tag: str):
        self.session = session
        if session.get(MailingGroup, "NEWS") is None:
            session.add(MailingGroup(code="NEWS"))
        for code in ("EN", "FR"):
            if session.get(Language, code) is None:
                f.language(session, code)
        session.flush()
        self.persons = {"contact": {"type": "person", "search_name": f"{tag.upper()}P*"}}
        self.people = []
        for i in range(size):
            company = f.company(session, f"{tag}Co{i:04d}", language_code="EN")
            for who in ("a", "b"):
                person = f.person(
                    session,
                    f"{tag}P{i:04d}{who}",
                    company,
                    language_code="FR" if who == "b" else "EN",
                )
                session.add(ContactMailingGroup(contact_id=person.id, mailing_group_code="NEWS"))
                self.people.append(person)
        self.header = f.segment(session, f"{tag}SEG", description="Town")
        session.flush()
        session.commit()

    def lines(self) -> list[int]:
        return list(
            self.session.exec(
                select(SegmentLine.contact_id)
                .where(SegmentLine.segment_id == self.header.id)
                .order_by(SegmentLine.line_no)
            ).all()
        )


def _templates(session) -> None:
    f.language(session, "EN")
    session.flush()
    for code in ("LETTER", "MEMO"):
        if session.get(InteractionTemplate, code) is None:
            f.template(session, code, language_code_default="EN")
    session.commit()


def _statements(session, size: int, tag: str, action: Callable[[Town], object]) -> int:
    town = Town(session, size, tag)
    with counted(session) as statements:
        action(town)
    session.commit()
    return len(statements)


def assert_constant(session, action: Callable[[Town], object]) -> None:
    """The action issues as many statements on 3 companies as on 40 (6 and 80 persons)."""
    small = _statements(session, 3, "S", action)
    large = _statements(session, 40, "L", action)
    assert large == small, f"{small} statements for 6 persons, {large} for 80"


def _add_reduce(town: Town) -> list[int]:
    """Every person, every person again, then the French ones removed; returns the contacts
    after the two Adds."""
    sel.add_contacts(town.session, town.header.id, town.persons)
    sel.add_contacts(
        town.session,
        town.header.id,
        {**town.persons, "contact_mailing_group": {"mailing_group_code": "NEWS"}},
        sel.AddOptions(allow_existing_contacts=True),
    )
    after_adds = sorted(town.lines())
    sel.remove_contacts(
        town.session, town.header.id, {"contact": {"language_code": "FR"}}, refine=False
    )
    return after_adds


def test_go_back_of_moved_lines_is_set_based_and_exact(session):
    """Section 6.3: Add (each person twice), Reduce, Go Back, Go Back, Go Back leaves the segment
    as each step found it, duplicates included, in a constant number of statements."""

    def action(town: Town) -> None:
        after_adds = _add_reduce(town)
        assert len(town.lines()) < len(after_adds)
        sel.go_back(town.session, town.header.id)
        assert sorted(town.lines()) == after_adds
        sel.go_back(town.session, town.header.id)
        assert sorted(town.lines()) == sorted(p.id for p in town.people)
        sel.go_back(town.session, town.header.id)
        assert town.lines() == []
        assert not town.session.exec(
            select(SegmentHistory).where(SegmentHistory.segment_id == town.header.id)
        ).all()

    assert_constant(session, action)


def test_go_back_removes_lines_brought_back_by_an_earlier_go_back(session):
    """Section 6.3: a line deleted by hand and restored by Go Back sits at a new number; the
    Go Back of the Add that first inserted it still removes it, and only one line per moved
    line (the latest of its contact)."""
    town = Town(session, 2, "M")
    sid = town.header.id
    sel.add_contacts(session, sid, town.persons)
    sel.add_contacts(session, sid, town.persons, sel.AddOptions(allow_existing_contacts=True))
    first = min(
        session.exec(select(SegmentLine.line_no).where(SegmentLine.segment_id == sid)).all()
    )
    sel.remove_contacts(session, sid, {"contact": {"no": town.people[0].no}}, refine=False)
    sel.go_back(session, sid)  # both lines of that person come back at the end
    assert sorted(town.lines()) == sorted([p.id for p in town.people] * 2)
    sel.go_back(session, sid)  # the second Add goes: one line per person stays
    assert sorted(town.lines()) == sorted(p.id for p in town.people)
    assert first not in session.exec(select(SegmentLine.line_no)).all()


def test_header_template_change_and_propagation_are_set_based(session):
    """Sections 4.2-4.4: the template, its values, correspondence types, languages and
    subjects reach every line in a constant number of statements."""
    _templates(session)

    def action(town: Town) -> None:
        sid = town.header.id
        sel.add_contacts(town.session, sid, town.persons)
        ws.set_header_field(town.session, sid, "interaction_template_code", "LETTER")
        ws.set_header_field(town.session, sid, "unit_cost", "4.20")
        ws.set_header_field(town.session, sid, "description", "Winter")
        ws.set_header_field(town.session, sid, "interaction_template_code", "MEMO")
        lines = town.session.exec(select(SegmentLine).where(SegmentLine.segment_id == sid)).all()
        assert {line.interaction_template_code for line in lines} == {"MEMO"}
        assert {line.description for line in lines} == {"Winter"}

    assert_constant(session, action)


def test_reuse_criteria_reuse_segment_and_mailing_group_are_set_based(session):
    """Sections 6.5-6.7."""

    def action(town: Town) -> None:
        sid = town.header.id
        _add_reduce(town)
        code = f"C{town.header.no[:1]}"
        sel.save_criteria(town.session, sid, code, "", None)
        expected = sorted(town.lines())
        other = f.segment(town.session, f"{town.header.no}2")
        town.session.flush()
        sel.reuse_criteria(town.session, other.id, code)
        assert (
            sorted(
                town.session.exec(
                    select(SegmentLine.contact_id).where(SegmentLine.segment_id == other.id)
                ).all()
            )
            == expected
        )
        sel.apply_mailing_group(town.session, other.id, "NEWS", delete_old=True)

    assert_constant(session, action)


def test_delete_lines_and_delete_segment_are_set_based(session):
    """Sections 3.1, 5.6 and 5.7: each deleted line is its own journaled step, and Go Back
    brings the last one back."""

    def action(town: Town) -> None:
        sid = town.header.id
        sel.add_contacts(town.session, sid, town.persons)
        numbers = town.session.exec(
            select(SegmentLine.line_no).where(SegmentLine.segment_id == sid)
        ).all()
        last = town.lines()[-1]
        result = ws.delete_lines(town.session, sid, list(numbers))
        assert result.deleted == len(numbers)
        assert result.ask_reset_criteria
        sel.go_back(town.session, sid)
        assert town.lines() == [last]
        ws.delete_segment(town.session, sid)
        assert town.session.get(SegmentHeader, sid) is None
        assert not town.session.exec(
            select(SegmentLanguage).where(SegmentLanguage.segment_id == sid)
        ).all()

    assert_constant(session, action)


def test_cancel_and_delete_logged_segments_are_set_based(session):
    """Sections 7.4 and 7.5."""

    _templates(session)
    if session.get(Salesperson, "PS") is None:
        session.add(Salesperson(code="PS", name="Peter"))
        session.commit()

    def action(town: Town) -> None:
        sid = town.header.id
        ws.set_header_field(town.session, sid, "interaction_template_code", "LETTER")
        ws.set_header_field(town.session, sid, "salesperson_code", "PS")
        sel.add_contacts(town.session, sid, town.persons)
        seglog.log_segment(
            town.session, town.header.no, user_id=None, deliver=False, follow_up=False
        )
        logged = town.session.exec(
            select(LoggedSegment.entry_no).where(LoggedSegment.segment_no == town.header.no)
        ).one()
        assert log_entries.switch_logged_segments_canceled(town.session, [logged]) is True
        filters = log_entries.EntryFilter(segment_no=town.header.no)
        deleted = log_entries.delete_canceled_entries(town.session, filters)
        assert deleted.deleted == len(town.people)
        assert log_entries.delete_canceled_logged_segments(town.session) == 1

    assert_constant(session, action)

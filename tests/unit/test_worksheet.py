"""Segment header and line rules (bc-reference.md sections 3.1, 4, 5; section 12a scenarios)."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from segapp.models import (
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
    InteractionTemplateLanguage,
    MarketingSetup,
    NoSeries,
    Salesperson,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)
from segapp.models.contacts import Contact
from segapp.services.core.errors import UserError
from segapp.services.worksheet import worksheet as ws
from tests import factories as f


@pytest.fixture
def setup(session):
    session.add(NoSeries(code="SEG", starting_no="SEG00001", ending_no="SEG99999"))
    session.flush()
    session.add(MarketingSetup(id=1, segment_nos="SEG"))
    session.add(Salesperson(code="JO", name="Jo"))
    session.add(Salesperson(code="OLD", name="Old", blocked=True))
    f.language(session, "EN")
    f.language(session, "FR")
    session.commit()
    return session


def _template_with_letters(session, code="LETTER", **fields):
    tmpl = f.template(session, code, **fields)
    for lang in ("EN", "FR"):
        session.add(
            InteractionTemplateLanguage(
                template_code=code,
                language_code=lang,
                document_id=f.document(session, f"{code}-{lang}.docx").id,
            )
        )
    session.flush()
    return tmpl


def _segment(session, template=None, **fields):
    header = ws.create_segment(
        session, user_id=None, salesperson_code="JO", today=dt.date(2026, 11, 2), **fields
    )
    if template is not None:
        ws.set_header_field(session, header.id, "interaction_template_code", template.code)
    return header


def _lines(session, header):
    return session.exec(
        select(SegmentLine).where(SegmentLine.segment_id == header.id).order_by(SegmentLine.line_no)
    ).all()


# -- scenario 1: numbering -------------------------------------------------------------------------


def test_new_segment_takes_the_next_number_today_and_the_users_salesperson(setup):
    """Section 12a scenario 1, section 3.1 insert."""
    first = _segment(setup)
    second = _segment(setup)
    assert (first.no, second.no) == ("SEG00001", "SEG00002")
    assert first.date == dt.date(2026, 11, 2)
    assert first.salesperson_code == "JO"


def test_without_a_series_a_segment_cannot_be_numbered(session):
    """Section 12a scenario 1: without a series and without a manual No. -> error."""
    with pytest.raises(UserError) as err:
        ws.create_segment(session, user_id=None, salesperson_code=None)
    assert err.value.key == "error.no_series_missing"


def test_manual_numbers_only_where_the_series_allows_them(setup):
    with pytest.raises(UserError) as err:
        ws.create_segment(setup, user_id=None, salesperson_code=None, no="MINE1")
    assert err.value.key == "error.manual_no_not_allowed"
    setup.get(NoSeries, "SEG").manual_nos = True
    assert ws.create_segment(setup, user_id=None, salesperson_code=None, no="mine1").no == "MINE1"
    with pytest.raises(UserError) as err:
        ws.create_segment(setup, user_id=None, salesperson_code=None, no="MINE1")
    assert err.value.key == "error.segment_exists"


# -- scenario 9: manual lines are journaled --------------------------------------------------------


def test_typing_a_contact_writes_an_add_action_with_a_contact_filter(setup):
    """Section 12a scenario 9 (journal part), section 5.6."""
    header = _segment(setup)
    acme = f.company(setup, "Acme")
    line = ws.add_line(setup, header.id, acme.no.lower())
    assert line.line_no == 10000
    criteria = setup.exec(
        select(SegmentCriteriaLine).where(SegmentCriteriaLine.segment_id == header.id)
    ).all()
    assert [(c.line_no, c.type, c.action) for c in criteria] == [
        (1, CriteriaLineType.ACTION, CriteriaAction.ADD),
        (2, CriteriaLineType.FILTER, CriteriaAction.ADD),
    ]
    assert criteria[0].no_of_filters == 1
    # the number quoted: it matches exactly that contact whatever characters it holds
    assert (criteria[1].table_name, criteria[1].filters) == ("contact", {"no": f"'{acme.no}'"})
    history = setup.exec(select(SegmentHistory)).all()
    assert [(h.action_no, h.segment_line_no, h.contact_id, h.action_taken) for h in history] == [
        (1, 10000, acme.id, HistoryAction.INSERTION)
    ]


def test_deleting_and_changing_a_contact_are_journaled_steps(setup):
    """Section 5.6: delete = Reduce action; contact change = Reduce + Add."""
    header = _segment(setup)
    a, b, c = (f.company(setup, n) for n in ("A", "B", "C"))
    ws.add_line(setup, header.id, a.no)
    ws.add_line(setup, header.id, b.no)
    ws.change_line_contact(setup, header.id, 20000, c.no)
    ws.delete_lines(setup, header.id, [10000])
    actions = setup.exec(
        select(SegmentCriteriaLine.action)
        .where(SegmentCriteriaLine.segment_id == header.id)
        .where(SegmentCriteriaLine.type == CriteriaLineType.ACTION)
        .order_by(SegmentCriteriaLine.line_no)
    ).all()
    assert actions == [
        CriteriaAction.ADD,
        CriteriaAction.ADD,
        CriteriaAction.REDUCE,
        CriteriaAction.ADD,
        CriteriaAction.REDUCE,
    ]
    history = setup.exec(select(SegmentHistory).order_by(SegmentHistory.action_no)).all()
    assert [(h.action_no, h.contact_id, h.action_taken.value) for h in history] == [
        (1, a.id, "insertion"),
        (2, b.id, "insertion"),
        (3, b.id, "deletion"),
        (4, c.id, "insertion"),
        (5, a.id, "deletion"),
    ]
    assert [(ln.line_no, ln.contact_id) for ln in _lines(setup, header)] == [(20000, c.id)]


def test_unknown_contact_is_refused_and_nothing_is_written(setup):
    header = _segment(setup)
    with pytest.raises(UserError) as err:
        ws.add_line(setup, header.id, "CT999999")
    assert err.value.key == "error.contact_unknown"
    assert _lines(setup, header) == []
    assert setup.exec(select(SegmentCriteriaLine)).all() == []


def test_emptying_a_segment_with_several_steps_offers_to_reset_the_criteria(setup):
    """Section 5.7."""
    header = _segment(setup)
    acme = f.company(setup, "Acme")
    ws.add_line(setup, header.id, acme.no)
    result = ws.delete_lines(setup, header.id, [10000])
    assert result.ask_reset_criteria
    ws.reset_criteria(setup, header.id)
    assert setup.exec(select(SegmentCriteriaLine)).all() == []
    assert setup.exec(select(SegmentHistory)).all() == []


# -- scenario 11 and 12: propagation -----------------------------------------------------------


def _three_lines(session):
    """Two lines using the header's template and one using another template."""
    letter = _template_with_letters(session, "LETTER")
    other = _template_with_letters(session, "OTHER")
    header = _segment(session, letter)
    contacts = [f.company(session, n, language_code="EN") for n in ("A", "B", "C")]
    for contact in contacts:
        ws.add_line(session, header.id, contact.no)
    ws.set_line_field(session, header.id, 30000, "interaction_template_code", other.code)
    return header


def test_header_change_asks_and_yes_updates_only_lines_with_the_header_template(setup):
    """Section 12a scenario 11, section 4.3."""
    header = _three_lines(setup)
    impact = ws.header_change_impact(setup, header.id, "description", "Autumn letter")
    assert (impact.ask, impact.lines, impact.template_code) == (True, 2, "LETTER")
    ws.set_header_field(setup, header.id, "description", "Autumn letter", update_lines=True)
    assert [ln.description for ln in _lines(setup, header)] == [
        "Autumn letter",
        "Autumn letter",
        "OTHER template",
    ]


def test_header_change_answered_no_changes_only_the_header(setup):
    """Section 12a scenario 11, answer No."""
    header = _three_lines(setup)
    before = [ln.description for ln in _lines(setup, header)]
    ws.set_header_field(setup, header.id, "description", "Header only", update_lines=False)
    assert header.description == "Header only"
    assert [ln.description for ln in _lines(setup, header)] == before


def test_every_propagated_field_reaches_the_lines(setup):
    """Section 4.3: cost, duration, date, salesperson, flow, initiated by, send as attachment."""
    header = _three_lines(setup)
    changes = {
        "unit_cost": ("4,50", "cost", Decimal("4.50")),
        "unit_duration": ("12", "duration", 12),
        "date": ("2026-12-01", "date", dt.date(2026, 12, 1)),
        "salesperson_code": ("jo", "salesperson_code", "JO"),
        "information_flow": ("inbound", "information_flow", InformationFlow.INBOUND),
        "initiated_by": ("them", "initiated_by", InitiatedBy.THEM),
        "send_word_docs_as_attmt": ("true", "send_word_doc_as_attmt", True),
    }
    for field, (raw, line_field, expected) in changes.items():
        ws.set_header_field(setup, header.id, field, raw, update_lines=True)
        values = [getattr(ln, line_field) for ln in _lines(setup, header)]
        assert values[:2] == [expected, expected], field
        assert values[2] != expected or field == "salesperson_code", field


def test_ignore_contact_type_never_propagates(setup):
    """Section 4.3: Ignore Contact Corres. Type stays on the header."""
    header = _three_lines(setup)
    impact = ws.header_change_impact(setup, header.id, "ignore_contact_corres_type", True)
    assert not impact.ask


def test_subject_follows_only_on_lines_that_kept_the_old_subject(setup):
    """Section 12a scenario 12, section 4.3 subject case."""
    letter = _template_with_letters(setup, "LETTER")
    header = _segment(setup, letter)
    ws.set_header_field(setup, header.id, "language_code_default", "EN")
    ws.set_header_field(setup, header.id, "subject_default", "Spring news", update_lines=True)
    for name in ("A", "B", "C"):
        ws.add_line(setup, header.id, f.company(setup, name, language_code="EN").no)
    ws.set_line_field(setup, header.id, 20000, "subject", "For you, B")
    assert ws.header_change_impact(setup, header.id, "subject_default", "Summer news").ask
    ws.set_header_field(setup, header.id, "subject_default", "Summer news", update_lines=True)
    assert [ln.subject for ln in _lines(setup, header)] == [
        "Summer news",
        "For you, B",
        "Summer news",
    ]
    row = ws.header_rows(setup, header.id)["EN"]
    assert row.subject == "Summer news"


# -- scenario 13: correspondence type ----------------------------------------------------------


@pytest.mark.parametrize(
    ("contact_type", "template_type", "header_ignore", "expected"),
    [
        (
            CorrespondenceType.HARD_COPY,
            CorrespondenceType.EMAIL,
            False,
            CorrespondenceType.HARD_COPY,
        ),
        (CorrespondenceType.BLANK, CorrespondenceType.EMAIL, False, CorrespondenceType.EMAIL),
        # The header's Email wins over both the contact's and the template's Hard Copy.
        (
            CorrespondenceType.HARD_COPY,
            CorrespondenceType.HARD_COPY,
            True,
            CorrespondenceType.EMAIL,
        ),
        (CorrespondenceType.BLANK, CorrespondenceType.HARD_COPY, True, CorrespondenceType.EMAIL),
    ],
)
def test_correspondence_type_of_a_new_line(
    setup, contact_type, template_type, header_ignore, expected
):
    """Section 12a scenario 13, resolution A of section 5.1: contact preference Hard Copy,
    template default Email, no ignore flag -> Hard Copy; preference blank -> Email; header
    ignore on with header default Email -> Email for everyone, whatever the contact and the
    template say."""
    tmpl = _template_with_letters(setup, "LETTER", correspondence_type_default=template_type)
    header = _segment(setup, tmpl)
    assert header.correspondence_type_default == template_type
    if header_ignore:
        ws.set_header_field(setup, header.id, "ignore_contact_corres_type", True)
        ws.set_header_field(setup, header.id, "correspondence_type_default", "email")
    contact = f.person(setup, "Pat", correspondence_type=contact_type)
    assert ws.add_line(setup, header.id, contact.no).correspondence_type == expected


def test_default_correspondence_type_needs_the_ignore_flag(setup):
    """Section 4.1 enablement."""
    header = _segment(setup, _template_with_letters(setup))
    with pytest.raises(UserError) as err:
        ws.set_header_field(setup, header.id, "correspondence_type_default", "hard_copy")
    assert err.value.key == "error.needs_ignore_flag"


# -- template change (section 4.2, quirk fixed) --------------------------------------------------


def test_new_template_on_the_header_reaches_lines_with_its_values(setup):
    """Section 4.2 with the [quirk] fixed: lines also get cost, duration, flow, initiated by and
    campaign flags of the new template."""
    first = _template_with_letters(setup, "FIRST")
    second = _template_with_letters(
        setup,
        "SECOND",
        unit_cost=Decimal("9.90"),
        unit_duration=30,
        information_flow=InformationFlow.INBOUND,
        initiated_by=InitiatedBy.THEM,
    )
    header = _segment(setup, first)
    ws.add_line(setup, header.id, f.company(setup, "A", language_code="FR").no)
    impact = ws.header_change_impact(setup, header.id, "interaction_template_code", "SECOND")
    assert (impact.ask, impact.lines, impact.kind) == (True, 1, "apply_template")
    ws.set_header_field(setup, header.id, "interaction_template_code", "second", update_lines=True)
    line = _lines(setup, header)[0]
    assert line.interaction_template_code == "SECOND"
    assert (line.cost, line.duration) == (Decimal("9.90"), 30)
    assert (line.information_flow, line.initiated_by) == (
        InformationFlow.INBOUND,
        InitiatedBy.THEM,
    )
    assert line.language_code == "FR"
    assert header.unit_cost == second.unit_cost
    rows = ws.header_rows(setup, header.id)
    assert set(rows) == {"EN", "FR"}
    assert all(row.document_id for row in rows.values())


def test_refusing_to_update_lines_that_inherit_a_letter_is_an_error(setup):
    """Section 4.2 step 3, No with inherited attachments."""
    header = _segment(setup, _template_with_letters(setup, "FIRST"))
    _template_with_letters(setup, "SECOND")
    ws.add_line(setup, header.id, f.company(setup, "A", language_code="EN").no)
    with pytest.raises(UserError) as err:
        ws.set_header_field(setup, header.id, "interaction_template_code", "SECOND", False)
    assert err.value.key == "error.template_change_needs_lines"


def test_template_documents_are_copied_so_the_segment_can_change_them(setup):
    tmpl = _template_with_letters(setup, "FIRST")
    header = _segment(setup, tmpl)
    template_docs = {
        tl.document_id
        for tl in setup.exec(select(InteractionTemplateLanguage)).all()
        if tl.template_code == "FIRST"
    }
    segment_docs = {r.document_id for r in ws.header_rows(setup, header.id).values()}
    assert template_docs.isdisjoint(segment_docs)
    ws.delete_segment(setup, header.id)
    remaining = {d.id for d in setup.exec(select(StoredDocument)).all()}
    assert template_docs <= remaining
    assert segment_docs.isdisjoint(remaining)


# -- lines ---------------------------------------------------------------------------------------


def test_line_initialisation_copies_the_header_and_resolves_language(setup):
    """Section 5.1 and 5.4."""
    tmpl = _template_with_letters(setup, "LETTER", language_code_default="EN")
    header = _segment(setup, tmpl, description="Invitation")
    german = f.person(setup, "Hans", language_code=None, salesperson_code=None)
    french = f.person(setup, "Aimée", language_code="FR")
    a = ws.add_line(setup, header.id, german.no)
    b = ws.add_line(setup, header.id, french.no)
    assert (a.language_code, b.language_code) == ("EN", "FR")
    assert a.description == "Invitation"
    assert (a.cost, a.duration) == (tmpl.unit_cost, tmpl.unit_duration)
    assert a.salesperson_code == "JO"


def test_line_template_change_makes_the_line_personal(setup):
    """Section 5.3: another template copies its letters into the line's own content."""
    header = _segment(setup, _template_with_letters(setup, "LETTER"))
    _template_with_letters(setup, "OTHER", unit_cost=Decimal("7.00"))
    ws.add_line(setup, header.id, f.company(setup, "A", language_code="FR").no)
    line = ws.set_line_field(setup, header.id, 10000, "interaction_template_code", "OTHER")
    own = ws.line_rows(setup, header.id, 10000)
    assert {r.language_code for r in own} == {"EN", "FR"}
    assert line.language_code == "FR"
    assert line.cost == Decimal("7.00")
    assert line.description == "OTHER template"


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("cost", "-1", "error.negative"),
        ("cost", "abc", "error.not_a_number"),
        ("duration", "-5", "error.negative"),
        ("date", "31/02/2026", "error.not_a_date"),
        ("salesperson_code", "NOBODY", "error.salesperson_unknown"),
        ("salesperson_code", "OLD", "error.salesperson_blocked"),
        ("interaction_template_code", "NOPE", "error.template_unknown"),
        ("description", "x" * 101, "error.too_long"),
        ("correspondence_type", "fax", "error.invalid_choice"),
        ("campaign_target", "true", "error.needs_campaign"),
        ("no", "X", "error.field_not_editable"),
    ],
)
def test_bad_line_values_are_refused_and_change_nothing(setup, field, value, key):
    header = _segment(setup, _template_with_letters(setup))
    ws.add_line(setup, header.id, f.company(setup, "A").no)
    setup.commit()
    before = _lines(setup, header)[0].model_dump()
    with pytest.raises(UserError) as err:
        ws.set_line_field(setup, header.id, 10000, field, value)
    assert err.value.key == key
    setup.rollback()
    assert _lines(setup, header)[0].model_dump() == before


def test_deleting_a_segment_removes_everything_of_it(setup):
    header = _three_lines(setup)
    ws.delete_segment(setup, header.id)
    assert setup.get(SegmentHeader, header.id) is None
    for table in (SegmentLine, SegmentCriteriaLine, SegmentHistory, SegmentLanguage):
        assert setup.exec(select(table)).all() == []
    assert len(setup.exec(select(Contact)).all()) == 3

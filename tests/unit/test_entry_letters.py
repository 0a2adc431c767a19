"""Every logged entry keeps the letter its contact got (bc-reference.md 7.2 step 5, 8.3, 8.4):
one frozen document per log plus each contact's merge values, rendered again on open."""

import io
import json

import pytest
from docx import Document
from sqlmodel import func, select

from segapp.models import (
    CorrespondenceType,
    EntryLetter,
    InteractionLogEntry,
    InteractionTemplateLanguage,
    LetterValues,
    LoggedSegment,
    Salesperson,
    SalutationFormula,
    StoredDocument,
)
from segapp.services.core.errors import UserError
from segapp.services.letters import documents, letters
from segapp.services.letters.entry_letters import (
    entry_letter,
    entry_letters,
    entry_merge_values,
    freeze_values,
    thaw_values,
)
from segapp.services.logging import log_entries
from segapp.services.logging import logging as log_service
from segapp.services.worksheet import worksheet as ws
from tests import factories
from tests.unit.docx_samples import make_docx, paragraph, run
from tests.unit.test_letters import LETTER, letter_segment

LINES = (10000, 20000, 30000)


@pytest.fixture
def segment(session):
    return letter_segment(session)


def _texts(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def _use_template_letter(session, header):
    """The segment's letter is the interaction template's own letter, as in the app."""
    row = session.exec(
        select(factories.SegmentLanguage).where(factories.SegmentLanguage.segment_id == header.id)
    ).one()
    session.add(
        InteractionTemplateLanguage(
            template_code=header.interaction_template_code,
            language_code="EN",
            document_id=row.document_id,
        )
    )
    header.description = "Autumn letters"
    session.flush()


def _entries(session):
    return session.exec(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no)).all()


def _document_count(session) -> int:
    return session.exec(select(func.count()).select_from(StoredDocument)).one()


@pytest.mark.parametrize(
    ("deliver", "kind"),
    [
        (False, CorrespondenceType.HARD_COPY),
        (True, CorrespondenceType.HARD_COPY),
        (False, CorrespondenceType.EMAIL),
        (True, CorrespondenceType.EMAIL),
        (False, CorrespondenceType.BLANK),
    ],
)
def test_entry_opens_what_was_printed_after_contact_and_template_change(
    session, segment, deliver, kind
):
    """Log, then change the contact's address, the salutation formula, the salesperson and the
    template letter: each entry still opens exactly the letter printed before logging, whatever
    the correspondence type and "send attachments"."""
    _use_template_letter(session, segment)
    for line_no in LINES:
        line = ws.get_line(session, segment.id, line_no)
        line.correspondence_type = kind
        contact = session.get(factories.Contact, line.contact_id)
        contact.email = f"c{line_no}@example.test"
    session.flush()
    printed = [_texts(letters.merge_line_letter(session, segment.id, n)) for n in LINES]
    log_service.log_segment(session, segment.no, user_id=None, deliver=deliver, follow_up=False)
    session.commit()

    ann = session.exec(select(factories.Contact).where(factories.Contact.name == "Ann Smith")).one()
    ann.address, ann.city, ann.surname = "99 New Road", "Oxford", "Brown"
    session.get(Salesperson, "PS").name = "Someone Else"
    for formula in session.exec(select(SalutationFormula)).all():
        formula.formula = "Hello %1"
    session.flush()
    documents.upload_template_letter(
        session, "LETTER", "EN", "new.docx", make_docx([paragraph(run("New «Contact Name»"))])
    )
    session.commit()

    entries = _entries(session)
    assert [_texts(entry_letter(session, e.entry_no)[0]) for e in entries] == printed
    assert printed[0][0].startswith("Ann Smith\nAcme Ltd\n1 High St\nRG1 Reading")
    assert printed[0][1] == "Dear Ms. Smith,"
    assert entry_letter(session, entries[0].entry_no)[1] == "Acme Ltd - Ann Smith.docx"
    file_name, media_type, content = log_entries.entry_document(session, entries[0].entry_no)
    assert (file_name, _texts(content)) == ("Acme Ltd - Ann Smith.docx", printed[0])
    assert media_type.endswith("wordprocessingml.document")


def test_a_log_stores_the_template_letter_once_not_one_copy_per_contact(session, segment):
    _use_template_letter(session, segment)
    before = _document_count(session)
    log_service.log_segment(session, segment.no, user_id=None, deliver=True, follow_up=False)
    session.commit()
    assert _document_count(session) == before + 1  # the frozen copy of the template letter
    rows = session.exec(select(EntryLetter)).all()
    assert len(rows) == 3
    assert len({row.document_id for row in rows}) == 1
    assert session.get(StoredDocument, rows[0].document_id).read_only
    # what every letter has alike is kept once, each entry keeps only its contact's values
    assert len({row.shared_values_id for row in rows}) == 1
    shared = json.loads(session.get(LetterValues, rows[0].shared_values_id).merge_values)
    assert shared["Company Information Name"] == "Cronus"
    assert all("Company Information Name" not in json.loads(r.merge_values) for r in rows)
    assert json.loads(rows[1].merge_values)["Contact Name"] == "Bob Jones"
    # the template's letter itself stays editable
    template_row = session.get(InteractionTemplateLanguage, ("LETTER", "EN"))
    assert template_row.document_id != rows[0].document_id


def test_entry_no_field_is_the_entry_number(session, segment):
    """Reference 8.4: «Entry No.» merges as the interaction log entry's number."""
    row = session.exec(
        select(factories.SegmentLanguage).where(factories.SegmentLanguage.segment_id == segment.id)
    ).one()
    document = session.get(StoredDocument, row.document_id)
    document.content = make_docx([paragraph(run("Ref «Entry No.» / «N° écriture»"))])
    segment.description = "Numbered"
    session.flush()
    log_service.log_segment(session, segment.no, user_id=None, deliver=False, follow_up=False)
    session.commit()
    for entry in _entries(session):
        assert _texts(entry_letter(session, entry.entry_no)[0]) == [
            f"Ref {entry.entry_no} / {entry.entry_no}"
        ]


def test_own_uploaded_letter_with_remark_is_what_the_entry_keeps(session, segment):
    """A line's own letter (uploaded, then given a remark) is frozen with the entry and still
    merges its contact's values."""
    edited = make_docx([paragraph(run("Edited for «Contact Name»")), paragraph(run("«Remark»"))])
    letters.upload_line_letter(session, segment.id, 20000, "edited.docx", edited)
    letters.personalise_with_remark(session, segment.id, 20000, "See you in Lyon")
    segment.description = "Own letters"
    session.flush()
    printed = _texts(letters.merge_line_letter(session, segment.id, 20000))
    assert printed == ["Edited for Bob Jones", "See you in Lyon"]
    log_service.log_segment(session, segment.no, user_id=None, deliver=False, follow_up=False)
    session.commit()
    bob = session.exec(select(factories.Contact).where(factories.Contact.name == "Bob Jones")).one()
    bob.name = "Robert Jones"
    session.commit()
    entries = _entries(session)
    assert _texts(entry_letter(session, entries[1].entry_no)[0]) == printed
    assert _texts(entry_letter(session, entries[0].entry_no)[0])[1] == "Dear Ms. Smith,"


def test_entry_without_a_word_letter_has_none(session, segment):
    line = ws.get_line(session, segment.id, 20000)
    line.interaction_template_code = factories.template(session, "CALL").code
    segment.description = "Mixed"
    session.flush()
    log_service.log_segment(session, segment.no, user_id=None, deliver=False, follow_up=False)
    session.commit()
    entries = _entries(session)
    assert entry_letter(session, entries[1].entry_no) is None
    assert entry_letter(session, 999_999) is None
    assert entry_letter(session, entries[0].entry_no) is not None


def test_many_entries_prepare_each_frozen_document_once(session, segment, monkeypatch):
    from segapp.services.letters import merge

    segment.description = "Batch"
    session.flush()
    log_service.log_segment(session, segment.no, user_id=None, deliver=False, follow_up=False)
    session.commit()
    calls = []
    real = merge.prepare
    monkeypatch.setattr(merge, "prepare", lambda data: calls.append(1) or real(data))
    numbers = [e.entry_no for e in _entries(session)]
    result = list(entry_letters(session, reversed(numbers)))
    assert [r[0] for r in result] == list(reversed(numbers))
    assert [r[2] for r in result][-1] == "Acme Ltd - Ann Smith.docx"
    assert calls == [1]


def test_frozen_values_keep_dates_and_numbers():
    import datetime as dt
    from decimal import Decimal

    values = {"A": "x", "B": "", "C": dt.date(2026, 11, 2), "D": Decimal("2.50"), "Entry No.": "9"}
    frozen = freeze_values(values)
    assert "B" not in frozen
    assert "Entry No." not in frozen
    assert thaw_values(json.loads(json.dumps(frozen)), 12) == {
        "A": "x",
        "C": dt.date(2026, 11, 2),
        "D": Decimal("2.50"),
        "Entry No.": "12",
    }


# -- a missing salutation formula (reference 2.6, 8.4) -------------------------------------------


def test_missing_salutation_formula_refuses_print_naming_contact_code_and_language(
    session, segment
):
    """Reference 2.6 / 8.4: GetSalutation fails when the salutation code has no formula in the
    letter's language; the letter is refused instead of printed without its salutation."""
    fr = StoredDocument(file_name="f.docx", content=LETTER, size=1)
    session.add(fr)
    session.flush()
    factories.segment_language(session, segment, "FR", doc=fr)
    session.delete(
        session.exec(
            select(SalutationFormula).where(
                SalutationFormula.salutation_code == "GEN",
                SalutationFormula.language_code == "FR",
            )
        ).one()
    )
    line = ws.get_line(session, segment.id, 30000)
    line.language_code = "FR"
    session.flush()
    with pytest.raises(UserError) as error:
        letters.prepare_letters(session, segment.id)
    assert error.value.key == "letters.error_no_salutation_formal"
    acme = session.get(factories.Contact, line.contact_id)
    assert error.value.params == {"contact": acme.no, "code": "GEN", "language": "FR"}


def test_missing_salutation_formula_refuses_the_log_before_anything_is_written(session, segment):
    session.delete(
        session.exec(
            select(SalutationFormula).where(
                SalutationFormula.salutation_code == "GEN",
                SalutationFormula.language_code == "EN",
            )
        ).one()
    )
    segment.description = "Autumn"
    session.commit()
    with pytest.raises(UserError) as error:
        log_service.log_segment(session, segment.no, user_id=None, deliver=False, follow_up=False)
    session.rollback()
    assert error.value.key == "letters.error_no_salutation_formal"
    assert error.value.params["code"] == "GEN"
    assert session.exec(select(func.count()).select_from(LoggedSegment)).one() == 0
    assert session.exec(select(func.count()).select_from(InteractionLogEntry)).one() == 0


def test_contact_without_salutation_code_is_refused_only_when_the_letter_greets(session, segment):
    bob_line = ws.get_line(session, segment.id, 20000)
    bob = session.get(factories.Contact, bob_line.contact_id)
    bob.salutation_code = None
    session.flush()
    with pytest.raises(UserError) as error:
        letters.merge_line_letter(session, segment.id, 20000)
    assert error.value.key == "letters.error_no_salutation_code"
    assert error.value.params == {"contact": bob.no}
    plain = make_docx([paragraph(run("Hello «Contact Name»"))])
    letters.upload_line_letter(session, segment.id, 20000, "plain.docx", plain)
    assert _texts(letters.merge_line_letter(session, segment.id, 20000)) == ["Hello Bob Jones"]


# -- letters read before the write transaction ---------------------------------------------------


def test_values_read_before_the_transaction_are_used_when_nothing_changed(
    session, segment, monkeypatch
):
    """The Log dialog reads the letters' values first, so that the transaction writing the
    entries stays short; the transaction then does not read them again."""
    segment.description = "Two phases"
    session.commit()
    prepared = log_service.prepare_log(session, segment.no, deliver=True)
    session.rollback()
    calls = []
    real = log_service.prepare_letters
    monkeypatch.setattr(
        log_service, "prepare_letters", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    log_service.log_segment(
        session, segment.no, user_id=None, deliver=True, follow_up=False, prepared=prepared
    )
    session.commit()
    assert calls == []
    assert _texts(entry_letter(session, _entries(session)[0].entry_no)[0])[1] == "Dear Ms. Smith,"


def test_a_line_changed_after_the_values_were_read_gets_fresh_values(session, segment):
    segment.description = "Two phases"
    session.commit()
    prepared = log_service.prepare_log(session, segment.no, deliver=False)
    session.rollback()
    line = ws.get_line(session, segment.id, 20000)
    line.description = "Changed meanwhile"
    session.commit()
    log_service.log_segment(
        session, segment.no, user_id=None, deliver=False, follow_up=False, prepared=prepared
    )
    session.commit()
    values = [entry_merge_values(session, e.entry_no) for e in _entries(session)]
    assert [v.get("Document Description", "") for v in values] == [
        "",
        "Changed meanwhile",
        "",
    ]

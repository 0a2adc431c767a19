"""A segment's letters: inherited or own document per line (bc-reference.md 3.3, 5.4, 5.5),
merge values of section 8.4 (salutations, address block, salesperson, company information),
personalisation, preview, and the outputs of section 8.3 / scenario 19 (adapted)."""

import datetime as dt
import io
import zipfile

import pytest
from docx import Document

from segapp.models import (
    CompanyInformation,
    CorrespondenceType,
    Country,
    Salesperson,
    Salutation,
    SalutationFormula,
    SalutationPart,
    SalutationType,
    StoredDocument,
)
from segapp.services.core.errors import UserError
from segapp.services.letters import letters, preview
from segapp.services.worksheet import segments
from segapp.services.worksheet import worksheet as ws
from tests import factories
from tests.unit.docx_samples import make_docx, paragraph, run, simple_field

LETTER = make_docx(
    [
        paragraph(run("«Contact Mail Address»")),
        paragraph(simple_field("Formal Salutation"), run(",")),
        paragraph(run("«Remark»")),
        paragraph(run("«Salesperson/Purchaser Name», «Document Date», «Company Information Name»")),
    ]
)


@pytest.fixture
def segment(session):
    return letter_segment(session)


def letter_segment(session):
    """Three contacts (Ann of Acme, Bob, Acme) on a segment inheriting LETTER in English."""
    factories.language(session, "EN")
    factories.language(session, "FR")
    session.add(Country(code="GB", name="United Kingdom"))
    session.add(Country(code="FR", name="France"))
    session.flush()
    session.add(CompanyInformation(id=1, name="Cronus", country_code="GB"))
    session.add(Salesperson(code="PS", name="Peter Saddow"))
    session.add(Salutation(code="MS", description="Woman"))
    session.add(Salutation(code="GEN", description="General"))
    session.flush()
    session.add_all(
        [
            SalutationFormula(
                salutation_code="GEN",
                language_code="EN",
                salutation_type=SalutationType.FORMAL,
                formula="Dear customer",
            ),
            SalutationFormula(
                salutation_code="GEN",
                language_code="FR",
                salutation_type=SalutationType.FORMAL,
                formula="Madame, Monsieur",
            ),
            SalutationFormula(
                salutation_code="MS",
                language_code="EN",
                salutation_type=SalutationType.FORMAL,
                formula="Dear Ms. %1",
                name_1=SalutationPart.SURNAME,
            ),
            SalutationFormula(
                salutation_code="MS",
                language_code="FR",
                salutation_type=SalutationType.FORMAL,
                formula="Chère Madame %1",
                name_1=SalutationPart.SURNAME,
            ),
        ]
    )
    template = factories.template(session, "LETTER")
    header = factories.segment(
        session,
        interaction_template_code=template.code,
        language_code_default="EN",
        salesperson_code="PS",
    )
    doc = StoredDocument(file_name="l.docx", content=LETTER, size=len(LETTER))
    session.add(doc)
    session.flush()
    factories.segment_language(session, header, "EN", doc=doc)
    acme = factories.company(session, "Acme Ltd", country_code="GB", salutation_code="GEN")
    ann = factories.person(
        session,
        "Ann Smith",
        acme,
        surname="Smith",
        salutation_code="MS",
        address="1 High St",
        post_code="RG1",
        city="Reading",
        country_code="FR",
    )
    bob = factories.person(session, "Bob Jones", salutation_code="GEN")
    for number, contact in enumerate((ann, bob, acme), 1):
        factories.line(
            session,
            header,
            contact,
            number * 10000,
            language_code="EN",
            salesperson_code="PS",
            correspondence_type=CorrespondenceType.HARD_COPY,
        )
    session.flush()
    return header


def _texts(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def test_inherited_letter_merges_the_fields_of_section_8_4(session, segment):
    texts = _texts(letters.merge_line_letter(session, segment.id, 10000))
    assert texts[0] == "Ann Smith\nAcme Ltd\n1 High St\nRG1 Reading\nFrance"
    assert texts[1] == "Dear Ms. Smith,"
    assert texts[2] == ""
    assert texts[3] == "Peter Saddow, 2 November 2026, Cronus"


def test_salutation_follows_the_line_language(session, segment):
    """§8.4: salutations from the contact's formulas in the interaction language."""
    fr = StoredDocument(file_name="f.docx", content=LETTER, size=1)
    session.add(fr)
    session.flush()
    factories.segment_language(session, segment, "FR", doc=fr)
    line = ws.get_line(session, segment.id, 10000)
    line.language_code = "FR"
    session.flush()
    texts = _texts(letters.merge_line_letter(session, segment.id, 10000))
    assert texts[1] == "Chère Madame Smith,"
    assert "2 novembre 2026" in texts[3]


def test_remark_makes_the_line_own_and_only_that_letter_shows_it(session, segment):
    """§5.5: personalising one line gives it its own document; the others still inherit."""
    letters.personalise_with_remark(session, segment.id, 10000, "Lovely to meet you in Paris")
    page = segments.segment_lines_page(session, segment)
    assert [r.document for r in page.rows] == ["own", "inherited", "inherited"]
    assert _texts(letters.merge_line_letter(session, segment.id, 10000))[2] == (
        "Lovely to meet you in Paris"
    )
    assert _texts(letters.merge_line_letter(session, segment.id, 20000))[2] == ""
    # the own copy still merges the contact's data
    assert _texts(letters.merge_line_letter(session, segment.id, 10000))[1] == "Dear Ms. Smith,"


def test_reset_goes_back_to_the_inherited_letter(session, segment):
    letters.personalise_with_remark(session, segment.id, 10000, "x")
    letters.reset_line_letter(session, segment.id, 10000)
    assert letters.line_document(session, segment.id, 10000)[1] == "inherited"
    with pytest.raises(UserError):
        letters.reset_line_letter(session, segment.id, 10000)


def test_uploaded_edited_letter_becomes_the_line_own_document(session, segment):
    edited = make_docx([paragraph(run("Edited for «Contact Name»"))])
    letters.upload_line_letter(session, segment.id, 20000, "edited.docx", edited)
    assert letters.line_document(session, segment.id, 20000)[1] == "own"
    assert _texts(letters.merge_line_letter(session, segment.id, 20000)) == ["Edited for Bob Jones"]
    with pytest.raises(UserError):
        letters.upload_line_letter(session, segment.id, 20000, "x.docx", b"%PDF")


def test_empty_remark_is_refused(session, segment):
    with pytest.raises(UserError) as error:
        letters.personalise_with_remark(session, segment.id, 10000, "  ")
    assert error.value.key == "letters.remark_empty"


def test_preview_html_shows_the_remark_and_escapes_text(session, segment):
    letters.personalise_with_remark(session, segment.id, 10000, "<script>x</script> & more")
    html = preview.docx_to_html(letters.merge_line_letter(session, segment.id, 10000))
    assert "&lt;script&gt;x&lt;/script&gt; &amp; more" in html
    assert "<script>" not in html
    assert "Ann Smith<br>Acme Ltd" in html


def test_preview_renders_headings_bold_italic_and_tables():
    docx = make_docx(
        [paragraph(run("Bold", bold=True), run("It", italic=True))],
        table_cells=[paragraph(run("A")), paragraph(run("B"))],
        heading="Title here",
    )
    html = preview.docx_to_html(docx)
    assert "<h2>Title here</h2>" in html
    assert "<strong>Bold</strong><em>It</em>" in html
    assert "<table><tr><td><p>A</p></td><td><p>B</p></td></tr></table>" in html


def test_scenario_19_three_contacts_combined_and_zip(session, segment):
    """Scenario 19 adapted: three contacts, Hard Copy: the combined document holds three
    letters, the zip three files named "<Company> - <Name>.docx" or "<Name>.docx"."""
    batch = letters.prepare_letters(session, segment.id)
    combined = io.BytesIO()
    assert letters.write_combined(batch, combined) == 3
    document = Document(io.BytesIO(combined.getvalue()))
    assert len(document.sections) == 3
    addresses = [
        p.text.split("\n")[0]
        for p in document.paragraphs
        if "\n" in p.text or p.text in ("Bob Jones", "Acme Ltd")
    ]
    assert addresses == ["Ann Smith", "Bob Jones", "Acme Ltd"]

    archive = io.BytesIO()
    done = []
    assert letters.write_zip(batch, archive, lambda d, t: done.append((d, t))) == 3
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["Acme Ltd - Ann Smith.docx", "Bob Jones.docx", "Acme Ltd.docx"]
        assert _texts(z.read("Bob Jones.docx"))[0] == "Bob Jones"
    assert done[-1] == (3, 3)


def test_file_names_are_sanitised_and_duplicates_numbered():
    assert letters.safe_file_name('A/B: "C"?. ') == "A B C"
    assert letters.safe_file_name("...") == "letter"
    assert letters.unique_names(["Ann", "ann", "Bob", "Ann"]) == [
        "Ann.docx",
        "ann (2).docx",
        "Bob.docx",
        "Ann (3).docx",
    ]


def test_line_without_a_letter_is_reported(session, segment):
    line = ws.get_line(session, segment.id, 20000)
    line.interaction_template_code = None
    session.flush()
    batch = letters.prepare_letters(session, segment.id)
    assert batch.without_document == [20000]
    with pytest.raises(UserError) as error:
        letters.merge_line_letter(session, segment.id, 20000)
    assert error.value.key == "letters.no_document"


def test_batch_merge_prepares_each_document_once(session, segment, monkeypatch):
    """The logging code's batch variant: one preparation per document, not per contact."""
    from segapp.services.letters import merge

    calls = []
    real = merge.prepare
    monkeypatch.setattr(merge, "prepare", lambda data: calls.append(1) or real(data))
    result = list(letters.merge_segment_letters(session, segment.id))
    assert [r[0] for r in result] == [10000, 20000, 30000]
    assert calls == [1]
    assert dt.date.today()  # keeps the import used


def test_scenario_19_each_logged_entry_keeps_its_letter(session, segment):
    """Scenario 19 adapted, logging part (reference 7.2 step 5, 8.3): logged with "send
    attachments", every entry opens its contact's merged letter from one read-only frozen
    document; Hard Copy letters are delivered (status blank), an e-mail stays In Progress for
    the sending step."""
    from sqlmodel import select

    from segapp.models import DeliveryStatus, InteractionLogEntry
    from segapp.services.letters.entry_letters import entry_letter
    from segapp.services.logging import logging as log_service

    bob_line = ws.get_line(session, segment.id, 20000)
    bob_line.correspondence_type = CorrespondenceType.EMAIL
    bob = session.get(factories.Contact, bob_line.contact_id)
    bob.email = "bob@example.test"
    segment.description = "Autumn letters"
    session.flush()

    log_service.log_segment(session, segment.no, user_id=None, deliver=True, follow_up=False)
    session.commit()

    entries = session.exec(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no)).all()
    assert len(entries) == 3
    documents = {e.document_id for e in entries}
    assert len(documents) == 1
    assert session.get(StoredDocument, documents.pop()).read_only
    assert [_texts(entry_letter(session, e.entry_no)[0])[0].split("\n")[0] for e in entries] == [
        "Ann Smith",
        "Bob Jones",
        "Acme Ltd",
    ]
    assert [e.delivery_status for e in entries] == [
        DeliveryStatus.BLANK,
        DeliveryStatus.IN_PROGRESS,
        DeliveryStatus.BLANK,
    ]


def test_the_letter_of_a_logged_entry_can_be_opened(session, segment):
    """Issue: the Interaction Log Entries page opens each entry's stored letter."""
    from sqlmodel import select

    from segapp.models import InteractionLogEntry
    from segapp.services.logging import log_entries
    from segapp.services.logging import logging as log_service

    segment.description = "Autumn letters"
    session.flush()
    log_service.log_segment(session, segment.no, user_id=None, deliver=True, follow_up=False)
    session.commit()
    first = session.exec(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no)).first()
    file_name, media_type, content = log_entries.entry_document(session, first.entry_no)
    assert file_name == "Acme Ltd - Ann Smith.docx"
    assert media_type.endswith("wordprocessingml.document")
    assert _texts(content)[0].startswith("Ann Smith")
    assert log_entries.entry_document(session, 999_999) is None

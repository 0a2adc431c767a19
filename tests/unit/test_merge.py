"""The merge engine (bc-reference.md section 8.4; PRODUCT.md section 4): Word MERGEFIELD fields
as simple and complex fields, «Field» placeholders split over runs, in the body, tables, headers
and footers, formatting kept, French names, unknown fields reported and left empty."""

import io
import zipfile

from docx import Document

from segapp.demo import make_letter_docx
from segapp.services.letters import combine, merge
from tests.unit.docx_samples import (
    all_text,
    complex_field,
    make_docx,
    paragraph,
    run,
    simple_field,
)

VALUES = {
    "Contact Name": "Ada Lovelace",
    "Contact Company Name": "Analytical & Co",
    "Contact No.": "CT000042",
    "Contact Mail Address": "Ada Lovelace\nAnalytical & Co\n1 Engine Street",
    "Formal Salutation": "Dear Ms. Lovelace",
    "Document Date": "2 November 2026",
    "Company Information Name": "Cronus",
    "Remark": "See you at the fair!",
}


def _main_xml(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml").decode()


def test_simple_mergefield_is_replaced_and_keeps_its_bold_formatting():
    """§8.4: a Word MERGEFIELD written as w:fldSimple merges; the value keeps the field's run
    formatting."""
    docx = make_docx([paragraph(run("Hello "), simple_field("Contact Name", bold=True), run("!"))])
    out = merge.merge(docx, VALUES)
    document = Document(io.BytesIO(out))
    runs = document.paragraphs[0].runs
    assert document.paragraphs[0].text == "Hello Ada Lovelace!"
    assert [r.bold for r in runs if r.text == "Ada Lovelace"] == [True]
    assert "fldSimple" not in _main_xml(out)


def test_complex_field_with_instruction_split_over_runs():
    """A complex field whose instruction Word split over three runs merges as one field, the
    cached result «Contact Name» disappears and the result's formatting stays."""
    field = complex_field([" MERGE", 'FIELD "Contact ', 'Name" \\* MERGEFORMAT '], "«x»", True)
    docx = make_docx([paragraph(run("To: "), field)])
    out = merge.merge(docx, VALUES)
    document = Document(io.BytesIO(out))
    assert document.paragraphs[0].text == "To: Ada Lovelace"
    assert document.paragraphs[0].runs[-1].bold is True
    assert "fldChar" not in _main_xml(out)


def test_complex_field_switches_text_before_after_and_case():
    """Word's \\b and \\f texts appear only with a value; \\* Upper changes the case."""
    field = complex_field([' MERGEFIELD "Contact Name" \\b "Re: " \\f "." \\* Upper '], "x")
    empty = complex_field([' MERGEFIELD "Contact Job Title" \\b "Job: " '], "x")
    out = merge.merge(make_docx([paragraph(field, empty)]), VALUES)
    assert Document(io.BytesIO(out)).paragraphs[0].text == "Re: ADA LOVELACE."


def test_placeholder_split_over_runs_with_different_formatting():
    """«Contact Name» typed by a user and split by Word over three runs (the chevron, the name,
    the closing chevron) is one field, formatted like its first run; text around it stays."""
    docx = make_docx(
        [
            paragraph(
                run("Dear «Con", italic=True), run("tact Na"), run("me», welcome «Contact No.»")
            )
        ]
    )
    out = merge.merge(docx, VALUES)
    paragraph_ = Document(io.BytesIO(out)).paragraphs[0]
    assert paragraph_.text == "Dear Ada Lovelace, welcome CT000042"
    assert paragraph_.runs[0].italic is True
    assert "Ada Lovelace" in paragraph_.runs[0].text


def test_fields_in_tables_headers_and_footers():
    """Fields merge wherever they are: table cells, page header, page footer."""
    docx = make_docx(
        [paragraph(run("Body"))],
        table_cells=[paragraph(run("«Contact No.»")), paragraph(simple_field("Contact Name"))],
        header=[paragraph(simple_field("Company Information Name"))],
        footer=[paragraph(run("Page of «Contact Company Name»"))],
    )
    out = merge.merge(docx, VALUES)
    document = Document(io.BytesIO(out))
    cells = [c.text for c in document.tables[0].rows[0].cells]
    assert cells == ["CT000042", "Ada Lovelace"]
    assert "Cronus" in all_text(out)
    assert document.sections[0].footer.paragraphs[-1].text == "Page of Analytical & Co"


def test_french_field_names_and_loose_spelling():
    """French names (accents, N°, underscores, any case) merge like the English ones."""
    docx = make_docx(
        [
            paragraph(run("«Nom contact» / «N° contact» / «nom_societe_contact»")),
            paragraph(simple_field("Formule de politesse formelle")),
        ]
    )
    out = merge.merge(docx, VALUES)
    texts = [p.text for p in Document(io.BytesIO(out)).paragraphs]
    assert texts[0] == "Ada Lovelace / CT000042 / Analytical & Co"
    assert "Dear Ms. Lovelace" in all_text(out)
    prepared = merge.prepare(docx)
    assert prepared.unknown == []
    assert {"Contact Name", "Contact No.", "Contact Company Name", "Formal Salutation"} <= set(
        prepared.recognised
    )


def test_unknown_fields_are_empty_and_reported_never_a_crash():
    docx = make_docx(
        [paragraph(run("A«Shoe Size»B"), simple_field("Favourite Colour"), run("«»«Contact Name»"))]
    )
    prepared = merge.prepare(docx)
    assert prepared.unknown == ["Favourite Colour", "Shoe Size"] or set(prepared.unknown) == {
        "Favourite Colour",
        "Shoe Size",
    }
    out = prepared.render(VALUES)
    assert Document(io.BytesIO(out)).paragraphs[0].text == "AB«»Ada Lovelace"


def test_multi_line_address_block_becomes_line_breaks_and_values_are_escaped():
    """«Contact Mail Address» is one line per address part (w:br), and '&' or '<' in data
    cannot break the XML."""
    docx = make_docx([paragraph(run("«Contact Mail Address»"))])
    out = merge.merge(docx, {**VALUES, "Contact Mail Address": "A <b>\nB & C\x01"})
    assert Document(io.BytesIO(out)).paragraphs[0].text == "A <b>\nB & C"
    assert "<w:br/>" in _main_xml(out)


def test_other_fields_than_mergefield_are_left_alone():
    page = complex_field([" PAGE "], "1")
    out = merge.merge(make_docx([paragraph(page)]), VALUES)
    assert 'w:fldCharType="begin"' in _main_xml(out)


def test_fill_fields_keeps_the_other_fields_for_a_later_merge():
    """A remark for one contact (§5.5): only «Remark» is filled; every other field is kept as a
    placeholder and merges later with the contact's data."""
    docx = make_docx([paragraph(simple_field("Contact Name")), paragraph(run("«Remark»"))])
    personal = merge.fill_fields(docx, {"Remark": "Thanks for the visit"}, append="Remark")
    assert merge.prepare(personal).recognised == ["Contact Name"]
    final = merge.merge(personal, VALUES)
    assert [p.text for p in Document(io.BytesIO(final)).paragraphs][:2] == [
        "Ada Lovelace",
        "Thanks for the visit",
    ]


def test_fill_fields_appends_a_paragraph_when_there_is_no_remark_field():
    docx = make_docx([paragraph(run("Hello «Contact Name»"))])
    personal = merge.fill_fields(docx, {"Remark": "P.S. call me"}, append="Remark")
    texts = [p.text for p in Document(io.BytesIO(merge.merge(personal, VALUES))).paragraphs]
    assert texts[-1] == "P.S. call me"
    assert texts[0] == "Hello Ada Lovelace"


def test_demo_letter_merges_every_field_and_leaves_no_chevron():
    """The demo letters mix real MERGEFIELDs and «Field» placeholders in body, table, footer."""
    docx = make_letter_docx("EN", "Invitation", ["Hello «Contact Name»"])
    prepared = merge.prepare(docx)
    assert prepared.unknown == []
    values = {key: f"[{key}]" for key in merge.FIELD_KEYS}
    text = all_text(prepared.render(values))
    assert "«" not in text
    assert "»" not in text
    assert "[Company Information VAT Registration No.]" in text
    assert "[Document Segment No.]" in text


def test_prepared_template_is_reused_without_reparsing(monkeypatch):
    """A merge prepares the template once; each letter is filled from the prepared chunks."""
    prepared = merge.prepare(make_docx([paragraph(run("«Contact Name»"))]))
    calls = []
    monkeypatch.setattr(merge, "prepare", lambda data: calls.append(1))
    letters = [prepared.render({"Contact Name": f"N{i}"}) for i in range(5)]
    assert calls == []
    assert Document(io.BytesIO(letters[3])).paragraphs[0].text == "N3"


def test_combined_document_has_each_letter_in_its_own_section_on_a_new_page():
    """Print letters: one .docx, every contact's letter starting on a new page, footers with
    fields merged per letter."""
    docx = make_docx(
        [paragraph(run("Dear «Contact Name»"))], footer=[paragraph(run("«Contact No.»"))]
    )
    prepared = merge.prepare(docx)
    letters = [(prepared, {"Contact Name": f"Name {i}", "Contact No.": f"No{i}"}) for i in range(3)]
    out = combine.combined(letters)
    document = Document(io.BytesIO(out))
    assert [p.text for p in document.paragraphs if p.text] == [
        "Dear Name 0",
        "Dear Name 1",
        "Dear Name 2",
    ]
    assert len(document.sections) == 3
    assert all(s.start_type == 2 for s in document.sections[1:])  # WD_SECTION.NEW_PAGE
    footers = [s.footer.paragraphs[-1].text for s in document.sections]
    assert footers == ["No0", "No1", "No2"]


def test_zip_of_letters_holds_each_file_unchanged():
    files = [("A.docx", b"one"), ("B.docx", b"two" * 100)]
    out = io.BytesIO()
    assert merge.zip_letters(files, out) == 2
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert archive.read("B.docx") == b"two" * 100

"""Word's field language in a letter (bc-reference.md section 8.4): fields in footnotes and
endnotes, frames anchored in a field's run, IF fields as Word evaluates them, record fields
removed with a warning, and the switches of MERGEFIELD, with and without a remark."""

import io
import zipfile

import pytest
from docx import Document

from segapp.services.letters import fields, merge
from tests.unit.docx_samples import (
    complex_field,
    make_docx,
    nested_field,
    paragraph,
    part_texts,
    run,
    simple_field,
    with_notes,
)

VALUES = {
    "Contact Name": "ada lovelace",
    "Contact City": "London",
    "Contact No.": "CT000042",
    "Document Date": "2 November 2026",
    "Entry No.": "1234.5",
    "Remark": "",
}


def _text(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def _merge_field(name: str, switches: str = "") -> str:
    return complex_field([f' MERGEFIELD "{name}" {switches} '], f"«{name}»")


# -- 1. footnotes and endnotes --------------------------------------------------------------------


def test_fields_in_footnotes_and_endnotes_merge_and_unknown_ones_are_reported():
    """§8.4: merge fields are merged wherever Word allows them, notes included."""
    docx = with_notes(
        make_docx([paragraph(run("Body"))]),
        footnotes=[run(" See ") + _merge_field("Contact City") + run("«Shoe Size»")],
        endnotes=[run(" No. ") + simple_field("Contact No.")],
    )
    prepared = merge.prepare(docx)
    assert "Shoe Size" in prepared.unknown
    assert {"Contact City", "Contact No."} <= set(prepared.recognised)
    out = prepared.render(VALUES)
    assert part_texts(out, "word/footnotes.xml").endswith(" See London")
    assert part_texts(out, "word/endnotes.xml").endswith(" No. CT000042")
    for name in ("word/footnotes.xml", "word/endnotes.xml"):
        with zipfile.ZipFile(io.BytesIO(out)) as archive:
            xml = archive.read(name).decode()
        assert "MERGEFIELD" not in xml
        assert "«" not in xml


# -- 2. what is anchored in a field's runs --------------------------------------------------------

VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _frame_run(text: str) -> str:
    return (
        f'<w:pict><v:shape {VML} id="Frame1" style="width:200pt;height:80pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict>"
    )


def test_frame_anchored_in_the_first_run_of_a_field_is_kept_and_merged():
    """An address frame anchored in the run that begins a field (as LibreOffice writes it)
    survives; only the field's instruction goes, and the frame's own fields merge."""
    field = (
        f"<w:r>{_frame_run('To «Contact Name», «Contact City»')}"
        '<w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> MERGEFIELD "Contact No." </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«Contact No.»</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    docx = make_docx([paragraph(run("Ref "), field)])
    out = merge.merge(docx, VALUES)
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert 'id="Frame1"' in xml
    assert "To ada lovelace, London" in xml
    assert "instrText" not in xml
    assert _text(out)[0] == "Ref CT000042"


def test_picture_inside_a_simple_field_result_is_kept():
    drawing = (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><wp:docPr id="7" name="Logo"/></wp:inline></w:drawing></w:r>'
    )
    field = (
        '<w:fldSimple w:instr=" MERGEFIELD &quot;Contact City&quot; ">'
        f"{drawing}<w:r><w:t>«Contact City»</w:t></w:r></w:fldSimple>"
    )
    out = merge.merge(make_docx([paragraph(field)]), VALUES)
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert 'name="Logo"' in xml
    assert "fldSimple" not in xml
    assert "London" in xml


# -- 3. IF fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "city", "expected"),
    [
        ('= "London"', "London", "yes"),
        ('= "London"', "Paris", "no"),
        ('<> "London"', "Paris", "yes"),
        ('= "Lon*"', "London", "yes"),
        ('= "L?ndon"', "London", "yes"),
        ('= "L?ndon"', "Lndon", "no"),
        ('<> "*don"', "London", "no"),
        ("= London", "London", "yes"),
        ('= "london"', "London", "no"),
    ],
)
def test_if_compares_text_with_wildcards_as_word_does(condition, city, expected):
    field = nested_field(" IF ", _merge_field("Contact City"), f' {condition} "yes" "no" ')
    out = merge.merge(make_docx([paragraph(field)]), {**VALUES, "Contact City": city})
    assert _text(out) == [expected]


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("<", "9", "yes"),
        ("<", "10", "no"),
        (">", "10", "no"),
        (">=", "10", "yes"),
        ("<=", "10.0", "yes"),
        ("=", "10", "yes"),
        ("<", "9.5", "yes"),
    ],
)
def test_if_compares_numbers_as_numbers(operator, value, expected):
    """9 < 10 as numbers (as text "9" > "10")."""
    field = nested_field(" IF ", _merge_field("Entry No."), f' {operator} 10 "yes" "no" ')
    out = merge.merge(make_docx([paragraph(field)]), {**VALUES, "Entry No.": value})
    assert _text(out) == [expected]


def test_if_with_nested_fields_in_every_operand_and_result():
    """Nested fields in both operands and both results, a nested IF in the else branch, and
    a field without else text; the IF's own switch applies to its result."""
    inner = nested_field(
        " IF ",
        _merge_field("Contact City"),
        ' = "Paris" "Bonjour ',
        _merge_field("Contact Name", "\\* Upper"),
        '" "" ',
    )
    field = nested_field(
        " IF ",
        simple_field("Contact City"),
        " = ",
        simple_field("Document Date"),
        ' "same" "',
        _merge_field("Contact No."),
        " in ",
        _merge_field("Contact City"),
        '" ',
    )
    docx = make_docx([paragraph(field), paragraph(inner)])
    out = merge.merge(docx, VALUES)
    assert _text(out) == ["CT000042 in London", ""]
    out = merge.merge(docx, {**VALUES, "Contact City": "Paris"})
    assert _text(out) == ["CT000042 in Paris", "Bonjour ADA LOVELACE"]
    same = {**VALUES, "Document Date": "London"}
    assert _text(merge.merge(docx, same))[0] == "same"
    upper = nested_field(' IF 1 < 2 "', _merge_field("Contact Name"), '" "no" \\* Upper ')
    assert _text(merge.merge(make_docx([paragraph(upper)]), VALUES)) == ["ADA LOVELACE"]


def test_if_fields_are_reported_as_their_merge_fields():
    field = nested_field(
        " IF ", _merge_field("Contact City"), ' = "x" "', _merge_field("Hat"), '" '
    )
    prepared = merge.prepare(make_docx([paragraph(field)]))
    assert prepared.recognised == ["Contact City"]
    assert prepared.unknown == ["Hat"]


def test_next_nextif_and_skipif_are_removed_with_a_warning_not_a_refusal():
    """A segment gives each contact its own letter: record fields print nothing and the
    upload check says so."""
    docx = make_docx(
        [
            paragraph(run("A"), complex_field([" NEXT "], ""), run("B")),
            paragraph(simple_field("Contact Name"), complex_field([" SKIPIF 1 = 2 "], "")),
            paragraph(nested_field(" NEXTIF ", _merge_field("Contact City"), ' = "x" ')),
        ]
    )
    prepared = merge.prepare(docx)
    assert prepared.record_fields == ["NEXT", "SKIPIF", "NEXTIF"]
    assert _text(prepared.render(VALUES)) == ["AB", "ada lovelace", ""]
    warnings = merge.upload_warnings(docx)
    assert warnings == [("letters.record_fields_removed", {"fields": "NEXT, SKIPIF, NEXTIF"})]
    assert merge.upload_warnings(make_docx([paragraph(run("Hi"))])) == []


# -- 4. switches ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("switches", "expected"),
    [
        ("\\* Upper", "ADA LOVELACE"),
        ("\\* Lower", "ada lovelace"),
        ("\\* FirstCap", "Ada lovelace"),
        ("\\* Caps", "Ada Lovelace"),
        ('\\b "Dear " \\f ","', "Dear ada lovelace,"),
        ("\\* MERGEFORMAT \\m \\v", "ada lovelace"),
        ("\\*Upper", "ADA LOVELACE"),
    ],
)
def test_text_switches(switches, expected):
    docx = make_docx([paragraph(_merge_field("Contact Name", switches))])
    assert _text(merge.merge(docx, VALUES)) == [expected]


def test_before_and_after_texts_only_around_a_value():
    docx = make_docx([paragraph(_merge_field("Contact Job Title", '\\b "Job: " \\f "!"'))])
    assert _text(merge.merge(docx, VALUES)) == [""]


@pytest.mark.parametrize(
    ("picture", "language", "expected"),
    [
        ("dd/MM/yyyy", "EN", "02/11/2026"),
        ("dddd d MMMM yyyy", "EN", "Monday 2 November 2026"),
        ("dddd d MMMM yyyy", "FR", "lundi 2 novembre 2026"),
        ("d MMM yy", "FR", "2 nov. 26"),
        ("MMMM d, yyyy", "EN", "November 2, 2026"),
        ("'le' d MMMM", "FR", "le 2 novembre"),
    ],
)
def test_date_switch_with_french_month_names_for_french_letters(picture, language, expected):
    docx = make_docx([paragraph(_merge_field("Document Date", f'\\@ "{picture}"'))])
    values = {**VALUES, merge.LANGUAGE: language}
    assert _text(merge.merge(docx, values)) == [expected]


def test_date_switch_reads_a_french_date_without_the_language():
    assert fields.format_date_picture("2 novembre 2026", "dddd d MMMM", "FR") == "lundi 2 novembre"
    docx = make_docx([paragraph(_merge_field("Document Date", '\\@ "MMMM"'))])
    assert _text(merge.merge(docx, {"Document Date": "2 novembre 2026"})) == ["novembre"]


@pytest.mark.parametrize(
    ("picture", "value", "expected"),
    [
        ("#,##0.00", "1234.5", "1,234.50"),
        ("0000", "42", "0042"),
        ("#", "1234.5", "1235"),
        ("€ #,##0", "1234567", "€ 1,234,567"),
        ("0.0#", "3.14159", "3.14"),
        ("0.0#", "3", "3.0"),
        ("#,##0.00", "-12", "-12.00"),
        ("#,##0.00", "not a number", "not a number"),
    ],
)
def test_number_switch(picture, value, expected):
    docx = make_docx([paragraph(_merge_field("Entry No.", f'\\# "{picture}"'))])
    assert _text(merge.merge(docx, {"Entry No.": value})) == [expected]


SWITCHED = make_docx(
    [
        paragraph(_merge_field("Contact Name", "\\* Upper")),
        paragraph(_merge_field("Document Date", '\\@ "dddd d MMMM yyyy"')),
        paragraph(_merge_field("Entry No.", '\\# "#,##0.00"')),
        paragraph(_merge_field("Contact Job Title", '\\b "Job: "')),
        paragraph(nested_field(" IF ", _merge_field("Contact City"), ' = "Lon*" "UK" "abroad" ')),
        paragraph(_merge_field("Remark", '\\b "P.S. " \\* FirstCap')),
    ]
)


def test_a_remark_keeps_every_other_field_with_its_switches():
    """A personalised copy (§5.5) merges exactly as the template would, plus the remark
    (itself formatted by the Remark field's switches)."""
    personal = merge.fill_fields(SWITCHED, {"Remark": "see you soon"}, append="Remark")
    values = {**VALUES, merge.LANGUAGE: "FR", "Contact Job Title": ""}
    expected = _text(merge.merge(SWITCHED, {**values, "Remark": "see you soon"}))
    assert expected == [
        "ADA LOVELACE",
        "lundi 2 novembre 2026",
        "1,234.50",
        "",
        "UK",
        "P.S. See you soon",
    ]
    assert _text(merge.merge(personal, values)) == expected
    assert merge.prepare(personal).recognised == [
        "Contact Name",
        "Document Date",
        "Entry No.",
        "Contact Job Title",
        "Contact City",
    ]


def test_a_remark_inside_an_if_is_filled_and_the_if_still_merges_later():
    docx = make_docx(
        [
            paragraph(
                nested_field(
                    " IF ",
                    _merge_field("Contact City"),
                    ' = "London" "',
                    _merge_field("Remark"),
                    '" "',
                    _merge_field("Contact Name"),
                    '" ',
                )
            )
        ]
    )
    personal = merge.fill_fields(docx, {"Remark": 'a "quoted" remark'}, append="Remark")
    assert _text(merge.merge(personal, VALUES)) == ['a "quoted" remark']
    assert _text(merge.merge(personal, {**VALUES, "Contact City": "Paris"})) == ["ada lovelace"]


def test_drawing_text_box_and_its_fallback_in_the_begin_run_are_kept():
    """LibreOffice's frame: a DrawingML text box with a VML fallback (mc:AlternateContent)
    in the run that begins the field; both copies keep their text, merged."""
    box = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
        '2006"><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.'
        'openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" '
        'name="Frame1"/><w:txbxContent><w:p><w:r><w:t>Box «Contact City»</w:t></w:r></w:p>'
        "</w:txbxContent></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
        + _frame_run("Fallback «Contact City»")
        + "</mc:Fallback></mc:AlternateContent>"
    )
    field = (
        f'<w:r><w:rPr><w:b/></w:rPr>{box}<w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> MERGEFIELD "Contact Name" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«Contact Name»</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    out = merge.merge(make_docx([paragraph(field, run(" end"))]), VALUES)
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Box London" in xml
    assert "Fallback London" in xml
    assert "fldChar" not in xml
    assert _text(out) == ["ada lovelace end"]

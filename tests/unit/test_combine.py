"""Print letters (bc-reference.md 8.3): every letter in one .docx. Each letter keeps its own
sections, headers and footers (first page, even pages, default) with its own values, page
numbers restart per letter, nothing is added or lost; a letter made from another document
(personalised or uploaded) brings its pictures, hyperlinks, footnotes, lists and styles."""

import io
import re
import zipfile

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from segapp.services.letters import combine, merge
from tests.unit.docx_samples import W, check_package, complex_field, png, run, with_notes

PEOPLE = [
    {"Contact Name": f"Name {i}", "Contact No.": f"No{i}", "Contact City": f"City {i}"}
    for i in range(1, 4)
]


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sectioned_template() -> bytes:
    """Two sections; the first has a first-page, an even-page and a default header with
    fields and a PAGE footer; the second its own header; text after the last break."""
    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    first = document.sections[0]
    first.different_first_page_header_footer = True
    first.header.paragraphs[0].text = "H «Contact Name»"
    first.first_page_header.paragraphs[0].text = "F1 «Contact No.»"
    first.even_page_header.paragraphs[0].text = "E «Contact City»"
    first.footer.paragraphs[0]._p.append(parse_xml(f"<w:r {W}><w:t>Page </w:t></w:r>"))
    for xml in re.findall(r"<w:r>.*?</w:r>", complex_field([" PAGE "], "1")):
        first.footer.paragraphs[0]._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {W}>", 1)))
    document.add_paragraph("Dear «Contact Name»")
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "S2 «Contact Name»"
    document.add_paragraph("After the break «Contact City»")
    return _save(document)


def _pg_start(section) -> str | None:
    numbering = section._sectPr.find(qn("w:pgNumType"))
    return numbering.get(qn("w:start")) if numbering is not None else None


def test_each_letter_keeps_its_sections_headers_and_page_numbering():
    prepared = merge.prepare(_sectioned_template())
    single = Document(io.BytesIO(prepared.render(PEOPLE[0])))
    out = combine.combined([(prepared, values) for values in PEOPLE])
    check_package(out)
    document = Document(io.BytesIO(out))
    assert len(document.sections) == 2 * len(PEOPLE)  # no extra section
    # nothing added: three times the paragraphs of one letter
    assert len(document.paragraphs) == 3 * len(single.paragraphs)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == [
        line
        for values in PEOPLE
        for line in (f"Dear {values['Contact Name']}", f"After the break {values['Contact City']}")
    ]
    for number, values in enumerate(PEOPLE):
        first, second = document.sections[2 * number], document.sections[2 * number + 1]
        assert first.header.paragraphs[0].text == f"H {values['Contact Name']}"
        assert first.first_page_header.paragraphs[0].text == f"F1 {values['Contact No.']}"
        assert first.even_page_header.paragraphs[0].text == f"E {values['Contact City']}"
        assert first.different_first_page_header_footer
        assert "Page" in first.footer.paragraphs[0].text
        assert second.header.paragraphs[0].text == f"S2 {values['Contact Name']}"
        assert _pg_start(first) == "1"
        assert _pg_start(second) is None
        assert first.start_type == WD_SECTION.NEW_PAGE
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert archive.testzip() is None
        xml = archive.read("word/document.xml").decode()
    assert "MERGEFIELD" not in xml
    assert "«" not in xml


def test_a_letter_without_headers_after_one_with_headers_shows_none():
    """Letter 2's first section must not inherit letter 1's header (it had none)."""
    with_header = _sectioned_template()
    plain = Document()
    plain.add_paragraph("Plain «Contact Name»")
    letters = [(merge.prepare(with_header), PEOPLE[0]), (merge.prepare(_save(plain)), PEOPLE[1])]
    out = combine.combined(letters)
    check_package(out)
    document = Document(io.BytesIO(out))
    last = document.sections[-1]
    assert [p.text for p in last.header.paragraphs] == [""]
    assert [p.text for p in last.first_page_header.paragraphs] == [""]
    assert document.paragraphs[-1].text == "Plain Name 2"


RED, BLUE, GREEN = png(255, 0, 0), png(0, 0, 255), png(0, 255, 0)
VML = (
    '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="_x0000_s1025" '
    'style="width:20pt;height:20pt"/></w:pict></w:r>'
)


def _template_letter() -> bytes:
    document = Document()
    document.add_paragraph("Template for «Contact Name»")
    document.add_picture(io.BytesIO(RED))
    document.paragraphs[-1]._p.append(parse_xml(VML.replace("<w:r>", f"<w:r {W}>", 1)))
    return _save(document)


def _own_letter(image: bytes) -> bytes:
    """An uploaded letter: its own picture, a hyperlink, a footnote with a field, a list of
    its own, a style the template lacks, a VML shape with the same id as the template's."""
    document = Document()
    style = document.styles.add_style("Segapp Fancy", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(17)
    document.add_paragraph("Own letter of «Contact Name»", style="Segapp Fancy")
    document.add_picture(io.BytesIO(image))
    document.paragraphs[-1]._p.append(parse_xml(VML.replace("<w:r>", f"<w:r {W}>", 1)))
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {W} w:numId="1"><w:abstractNumId w:val="77"/></w:num>'))
    item = document.add_paragraph("First point")
    item._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    rel_id = document.part.relate_to("https://example.test/offer", RT.HYPERLINK, is_external=True)
    link = document.add_paragraph()
    link._p.append(
        parse_xml(
            f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships" r:id="{rel_id}"><w:r><w:t>our offer</w:t></w:r></w:hyperlink>'
        )
    )
    return with_notes(_save(document), footnotes=[run(" Note for «Contact City»")])


def _image_of(document, paragraph) -> bytes:
    blip = paragraph._p.xpath(".//a:blip")[0]
    return document.part.related_parts[blip.get(qn("r:embed"))].blob


def test_an_own_letter_keeps_its_pictures_links_notes_lists_and_styles():
    template = merge.prepare(_template_letter())
    own = merge.prepare(_own_letter(BLUE))
    other = merge.prepare(_own_letter(GREEN))
    letters = [(template, PEOPLE[0]), (own, PEOPLE[1]), (template, PEOPLE[2]), (other, PEOPLE[0])]
    out = combine.combined(letters)
    check_package(out)
    document = Document(io.BytesIO(out))
    pictures = [p for p in document.paragraphs if p._p.xpath(".//a:blip")]
    assert [_image_of(document, p) for p in pictures] == [RED, BLUE, RED, GREEN]

    fancy = [p for p in document.paragraphs if p.text.startswith("Own letter")]
    assert [p.style.name for p in fancy] == ["Segapp Fancy", "Segapp Fancy"]
    assert document.styles["Segapp Fancy"].font.size == Pt(17)

    numbering = document.part.numbering_part.element
    for point in [p for p in document.paragraphs if p.text == "First point"]:
        number = point._p.pPr.numPr.numId.val
        num = numbering.xpath(f'./w:num[@w:numId="{number}"]')[0]
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0]
        assert next(abstract.iter(qn("w:numFmt"))).get(qn("w:val")) == "upperRoman"

    links = [p for p in document.paragraphs if p.text == "our offer"]
    assert len(links) == 2
    for paragraph in links:
        rel_id = paragraph._p.xpath(".//w:hyperlink")[0].get(qn("r:id"))
        assert document.part.rels[rel_id].target_ref == "https://example.test/offer"

    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert archive.testzip() is None
        xml = {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}
    notes = re.findall(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', xml["word/footnotes.xml"])
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)<", body)) for _, body in notes]
    assert texts == [" Note for City 2", " Note for City 1"]  # each letter's own note
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"', xml["word/document.xml"])
    assert references == [number for number, _ in notes]
    # in Word, each of the two letters with a note numbers it 1
    assert xml["word/document.xml"].count('<w:numRestart w:val="eachSect"/>') == 2
    drawing_ids = [i for text in xml.values() for i in re.findall(r'<wp:docPr id="(\d+)"', text)]
    assert len(drawing_ids) == 4
    assert len(set(drawing_ids)) == 4
    shape_ids = re.findall(r'<v:shape [^>]*id="([^"]+)"', xml["word/document.xml"])
    assert len(shape_ids) == 4
    assert len(set(shape_ids)) == 4


CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _chart_letter(title: str, sheet: bytes) -> bytes:
    """A letter with a chart part (and the workbook it embeds), as Word writes it."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = Document()
    document.add_paragraph(f"Chart letter {title} «Contact Name»")
    package = document.part.package
    chart = Part(
        PackURI("/word/charts/chart1.xml"),
        CHART_TYPE,
        f'<c:chartSpace xmlns:c="{C_NS}"><c:chart><c:title>{title}</c:title></c:chart>'
        "</c:chartSpace>".encode(),
        package,
    )
    workbook = Part(PackURI("/word/embeddings/sheet1.xlsx"), SHEET_TYPE, sheet, package)
    chart.relate_to(workbook, RT.PACKAGE)
    rel_id = document.part.relate_to(chart, RT.CHART)
    document.add_paragraph()._p.append(
        parse_xml(
            f'<w:r {W}><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            'drawingml/2006/wordprocessingDrawing"><wp:extent cx="5000" cy="3000"/>'
            '<wp:docPr id="1" name="Chart 1"/><a:graphic xmlns:a="http://schemas.openxmlformats'
            '.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/'
            f'drawingml/2006/chart"><c:chart xmlns:c="{C_NS}" xmlns:r="http://schemas.'
            f'openxmlformats.org/officeDocument/2006/relationships" r:id="{rel_id}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    )
    return _save(document)


def test_charts_of_every_letter_survive_with_their_workbooks():
    template = merge.prepare(_chart_letter("Template", b"template workbook"))
    own = merge.prepare(_chart_letter("Own", b"own workbook"))
    out = combine.combined([(template, PEOPLE[0]), (own, PEOPLE[1]), (template, PEOPLE[2])])
    check_package(out)
    document = Document(io.BytesIO(out))
    charts = document.element.body.xpath(".//c:chart")
    assert len(charts) == 3
    found = []
    for chart in charts:
        part = document.part.related_parts[chart.get(qn("r:id"))]
        title = re.search(rb"<c:title>(\w+)</c:title>", part.blob).group(1).decode()
        workbook = next(iter(part.related_parts.values())).blob
        found.append((title, workbook))
    assert found == [
        ("Template", b"template workbook"),
        ("Own", b"own workbook"),
        ("Template", b"template workbook"),
    ]

"""Word documents made in the tests: python-docx for the package, hand-written XML for the
field shapes Word produces (simple fields, complex fields split over runs, split placeholders)."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ""
    if bold or italic:
        props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def simple_field(name: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:fldSimple w:instr=" MERGEFIELD &quot;{name}&quot; ">'
        f"<w:r>{props}<w:t>«{name}»</w:t></w:r></w:fldSimple>"
    )


def complex_field(instruction_pieces: list[str], result: str, bold: bool = False) -> str:
    """A complex field: begin, the instruction split over several runs, separate, the cached
    result, end - as Word writes it after editing a field."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = [f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>']
    parts += [
        f'<w:r>{props}<w:instrText xml:space="preserve">{piece}</w:instrText></w:r>'
        for piece in instruction_pieces
    ]
    parts.append(f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>')
    parts.append(f"<w:r>{props}<w:t>{result}</w:t></w:r>")
    parts.append(f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(parts)


def paragraph(*runs: str) -> str:
    return f"<w:p {W}>{''.join(runs)}</w:p>"


def make_docx(
    body: list[str] = (),
    table_cells: list[str] = (),
    header: list[str] = (),
    footer: list[str] = (),
    heading: str = "",
) -> bytes:
    """A document whose body, one table row, header and footer hold the given paragraphs."""
    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for xml in body:
        document.element.body.append(parse_xml(xml))
    sect = document.element.body.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"
    )
    if sect is not None:
        document.element.body.remove(sect)
        document.element.body.append(sect)
    if table_cells:
        table = document.add_table(rows=1, cols=len(table_cells))
        for cell, xml in zip(table.rows[0].cells, table_cells, strict=True):
            cell._tc.remove(cell.paragraphs[0]._p)
            cell._tc.append(parse_xml(xml))
    section = document.sections[0]
    for xml in header:
        section.header._element.append(parse_xml(xml))
    for xml in footer:
        section.footer._element.append(parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_text(docx: bytes) -> str:
    """Every text of the document, fields included (python-docx's paragraph.text skips runs
    inside w:fldSimple, so the XML is read directly)."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        texts = []
        for name in sorted(archive.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                texts += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    return " ".join(texts)

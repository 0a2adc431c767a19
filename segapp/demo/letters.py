"""The demo's Word letters: a business letter with real MERGEFIELD fields and typed «Field»
placeholders (reference section 8.4), byte-identical from one load to the next."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from .common import DEMO_EPOCH, DOCX_ZIP_TIME
from .data import (
    COMPANY_INFORMATION,
    LETTER_LABELS,
    REAL_MERGEFIELDS,
)

_PLACEHOLDER = re.compile(r"«([^»]+)»")


def _add_merge_field(paragraph: Paragraph, name: str, *, bold: bool = False) -> None:
    """A real Word MERGEFIELD (w:fldSimple) whose cached result shows «name»."""
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), f' MERGEFIELD "{name}" ')
    run = paragraph.add_run(f"«{name}»")
    run.bold = bold or None
    field_element.append(run._r)
    paragraph._p.append(field_element)


def _add_text(paragraph: Paragraph, text: str, *, bold: bool = False) -> Paragraph:
    """Adds text whose «Field» placeholders become real merge fields for the names in
    REAL_MERGEFIELDS and stay plain text otherwise: users' own letters contain both kinds."""
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in REAL_MERGEFIELDS:
            continue
        if match.start() > position:
            paragraph.add_run(text[position : match.start()]).bold = bold or None
        _add_merge_field(paragraph, match.group(1), bold=bold)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:]).bold = bold or None
    return paragraph


def _letterhead(document: Any) -> None:
    name = _add_text(document.add_paragraph(), "«Company Information Name»", bold=True)
    name.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name.runs[0].font.size = Pt(16)
    for line in (
        "«Company Information Address»",
        "«Company Information Post Code» «Company Information City»",
        "«Company Information Phone No.» · «Company Information E-Mail»",
    ):
        paragraph = _add_text(document.add_paragraph(), line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)


def _reference_table(document: Any, labels: dict[str, str]) -> None:
    rows = (
        (labels["our_ref"], "«Document Segment No.»"),
        (labels["your_contact"], "«Salesperson/Purchaser Name», «Salesperson/Purchaser Phone No.»"),
        (labels["addressee"], "«Contact Name» («Contact No.»)"),
    )
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _add_text(row.cells[0].paragraphs[0], label, bold=True)
        _add_text(row.cells[1].paragraphs[0], value)


def _footer(document: Any, labels: dict[str, str]) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(
        paragraph,
        "«Company Information Name» · «Company Information Address» · "
        "«Company Information Post Code» «Company Information City» · "
        f"{labels['vat']} «Company Information VAT Registration No.» · "
        f"{labels['bank']} «Company Information Bank Name» «Company Information Bank Account No.»",
    )
    for run in paragraph.iter_inner_content():
        if hasattr(run, "font"):
            run.font.size = Pt(8)


def _stable_zip(data: bytes) -> bytes:
    """Rewrites the .docx zip with fixed entry times so the same letter gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=DOCX_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


def make_letter_docx(language: str, template_description: str, body_paragraphs: list[str]) -> bytes:
    """A business letter as .docx bytes: letterhead, address block, date, reference table,
    subject, salutation, body, signature and footer, with merge fields of reference §8.4.

    ``template_description`` says what the letter is about and becomes its subject line.
    Fixed wording follows ``language`` (EN or FR, else EN); merge field names are English.
    Names in REAL_MERGEFIELDS become Word MERGEFIELD fields, the others «text» placeholders;
    ``body_paragraphs`` may contain both.
    """
    labels = LETTER_LABELS.get(language.upper(), LETTER_LABELS["EN"])
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = template_description
    properties.author = properties.last_modified_by = COMPANY_INFORMATION["name"]
    properties.created = properties.modified = DEMO_EPOCH.replace(tzinfo=None)
    properties.language = "fr-FR" if labels is LETTER_LABELS["FR"] else "en-GB"

    _letterhead(document)
    document.add_paragraph()
    _add_text(document.add_paragraph(), "«Contact Mail Address»")
    date_line = _add_text(document.add_paragraph(), labels["date_line"])
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _reference_table(document, labels)
    document.add_paragraph()
    _add_text(document.add_paragraph(), labels["subject"] + template_description, bold=True)
    _add_text(document.add_paragraph(), "«Formal Salutation»,")
    for text in body_paragraphs:
        _add_text(document.add_paragraph(), text)
    remark = _add_text(document.add_paragraph(), "«Remark»")
    remark.runs[0].italic = True
    _add_text(document.add_paragraph(), labels["closing"])
    document.add_paragraph()
    _add_text(document.add_paragraph(), "«Salesperson/Purchaser Name»", bold=True)
    _add_text(document.add_paragraph(), "«Salesperson/Purchaser Job Title»")
    _footer(document, labels)

    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())

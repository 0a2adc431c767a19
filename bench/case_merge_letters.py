"""Merging a one-page letter with 15 merge fields for the 1 000 contacts of a segment into the
combined .docx (Print letters) and the .zip of one .docx per contact (Download letters),
against a plain loop that opens the template with python-docx for each contact, replaces the
fields in its runs and saves (issue "Word documents", speed)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.models import SegmentLanguage, StoredDocument
from segapp.services.letters import letters, merge

from .case_segment_lines_page import build_segment
from .harness import Result, median_seconds

NAME = "merge_letters"
CONTACTS = 1000
FIELDS = (
    "Contact Name",
    "Contact Company Name",
    "Contact No.",
    "Contact Address",
    "Contact Post Code",
    "Contact City",
    "Formal Salutation",
    "Salesperson/Purchaser Name",
    "Salesperson/Purchaser Job Title",
    "Salesperson/Purchaser Phone No.",
    "Document Date",
    "Document Segment No.",
    "Company Information Name",
    "Company Information City",
    "Remark",
)


def make_letter() -> bytes:
    """A one-page letter: 15 fields, each placeholder in a run of its own."""
    document = Document()
    for name in FIELDS[:6]:
        document.add_paragraph().add_run(f"«{name}»")
    document.add_paragraph()
    paragraph = document.add_paragraph()
    paragraph.add_run("«Company Information City», ")
    paragraph.add_run("«Document Date»")
    document.add_paragraph().add_run("Our reference: «Document Segment No.»")
    document.add_paragraph().add_run("«Formal Salutation»,")
    for _ in range(4):
        document.add_paragraph(
            "We are pleased to invite you to our annual customer day, where our team will "
            "present the new collection and answer your questions over lunch."
        )
    document.add_paragraph().add_run("«Remark»")
    for name in (
        "Salesperson/Purchaser Name",
        "Salesperson/Purchaser Job Title",
        "Salesperson/Purchaser Phone No.",
        "Company Information Name",
    ):
        document.add_paragraph().add_run(f"«{name}»")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _baseline(template: bytes, values: list[dict[str, str]]) -> None:
    """Per contact: open the template with python-docx, replace the fields, save; then zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for number, contact in enumerate(values):
            document = Document(io.BytesIO(template))
            for paragraph in document.paragraphs:
                for run in paragraph.runs:
                    if "«" in run.text:
                        text = run.text
                        for key, value in contact.items():
                            text = text.replace(f"«{key}»", value)
                        run.text = text
            buffer = io.BytesIO()
            document.save(buffer)
            archive.writestr(f"letter {number}.docx", buffer.getvalue())


def lettered_segment(engine: Engine, contacts: int, template: bytes) -> Any:
    """A segment of ``contacts`` lines whose header has the Word letter ``template`` in
    English."""
    header = build_segment(engine, contacts)
    with Session(engine, expire_on_commit=False) as session:
        document = StoredDocument(file_name="bench.docx", content=template, size=len(template))
        session.add(document)
        session.flush()
        session.add(
            SegmentLanguage(
                segment_id=header.id, segment_line_no=0, language_code="EN", document_id=document.id
            )
        )
        session.commit()
    return header


def run(kind: str, engine: Engine, repeat: int) -> Result:
    template = make_letter()
    header = lettered_segment(engine, CONTACTS, template)
    sizes = {}

    def service() -> None:
        with Session(engine) as session:
            batch = letters.prepare_letters(session, header.id)
        assert len(batch.letters) == CONTACTS
        combined, archive = io.BytesIO(), io.BytesIO()
        letters.write_combined(batch, combined)
        letters.write_zip(batch, archive)
        sizes["combined_mb"] = f"{len(combined.getvalue()) / 1e6:.1f}"
        sizes["zip_mb"] = f"{len(archive.getvalue()) / 1e6:.1f}"

    with Session(engine) as session:
        values = [letter.values for letter in letters.prepare_letters(session, header.id).letters]
    assert merge.prepare(template).unknown == []
    times = max(1, min(repeat, 3))
    service()  # warm-up
    seconds = median_seconds(service, times, warmup=0)
    base = median_seconds(lambda: _baseline(template, values), 1, warmup=0)
    return Result(NAME, kind, CONTACTS, seconds, base, sizes)

"""A letter's field switches give the same result with and without a remark (§5.5, §8.4),
in every output: the combined document, the zip, the preview and the logged entry."""

import io
import zipfile

from docx import Document
from sqlmodel import select

from segapp.models import InteractionLogEntry, StoredDocument
from segapp.services.letters import letters, preview
from segapp.services.logging import log_entries
from segapp.services.logging import logging as log_service
from tests.unit.docx_samples import complex_field, make_docx, paragraph
from tests.unit.test_letters import segment  # noqa: F401  (the fixture)

TEMPLATE = make_docx(
    [
        paragraph(complex_field([' MERGEFIELD "Contact Name" \\* Upper '], "«Contact Name»")),
        paragraph(complex_field([' MERGEFIELD "Document Date" \\@ "dddd d MMMM" '], "«Date»")),
        paragraph(complex_field([' MERGEFIELD "Remark" \\b "P.S. " \\* FirstCap '], "«Remark»")),
    ]
)


def _paragraphs(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.text]


def test_switches_survive_a_remark_in_every_output(session, segment):  # noqa: F811
    document = session.get(StoredDocument, letters.line_document(session, segment.id, 10000)[0])
    document.content = TEMPLATE
    session.flush()
    letters.personalise_with_remark(session, segment.id, 10000, "see you in Reading")
    assert letters.line_document(session, segment.id, 10000)[1] == "own"
    ann = ["ANN SMITH", "Monday 2 November", "P.S. See you in Reading"]
    bob = ["BOB JONES", "Monday 2 November"]

    batch = letters.prepare_letters(session, segment.id)
    combined = io.BytesIO()
    letters.write_combined(batch, combined)
    assert _paragraphs(combined.getvalue())[:5] == ann + bob
    archive = io.BytesIO()
    letters.write_zip(batch, archive)
    with zipfile.ZipFile(archive) as files:
        assert _paragraphs(files.read("Acme Ltd - Ann Smith.docx")) == ann
        assert _paragraphs(files.read("Bob Jones.docx")) == bob
    html = preview.docx_to_html(letters.merge_line_letter(session, segment.id, 10000))
    assert all(f"<p>{text}</p>" in html for text in ann)

    segment.description = "Autumn letters"
    session.flush()
    log_service.log_segment(session, segment.no, user_id=None, deliver=True, follow_up=False)
    session.commit()
    first = session.exec(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no)).first()
    _, _, content = log_entries.entry_document(session, first.entry_no)
    assert _paragraphs(content) == ann

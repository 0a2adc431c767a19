"""Print-ready PDF letters (bc-reference.md 8.3, 8.5): the combined PDF and the zip of one PDF
per contact, converted by LibreOffice headless; without LibreOffice the PDF choice is refused
with its reason and the rest works."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from segapp.services.core.errors import UserError
from segapp.services.letters import letters, pdf
from tests.unit.test_letters import letter_segment


@pytest.fixture
def segment(session):
    return letter_segment(session)


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_print_letters_as_one_pdf_holds_every_contacts_letter(session, segment):
    batch = letters.prepare_letters(session, segment.id)
    out = io.BytesIO()
    stages = []
    assert pdf.write_combined_pdf(batch, out, lambda *step: stages.append(step)) == 3
    pages = _pdf_text(out.getvalue())
    assert len(pages) == 3  # one page per letter
    assert "Ann Smith" in pages[0]
    assert "Dear Ms. Smith," in pages[0]
    assert "Bob Jones" in pages[1]
    assert "Acme Ltd" in pages[2]
    assert stages[0][0] == pdf.MERGING
    assert stages[-1] == (pdf.CONVERTING, 3, 3)


def test_download_letters_as_pdf_gives_one_pdf_per_contact_named_as_in_8_3(session, segment):
    batch = letters.prepare_letters(session, segment.id)
    out = io.BytesIO()
    converted = []
    assert pdf.write_pdf_zip(batch, out, lambda *step: converted.append(step)) == 3
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["Acme Ltd - Ann Smith.pdf", "Bob Jones.pdf", "Acme Ltd.pdf"]
        assert "Bob Jones" in _pdf_text(archive.read("Bob Jones.pdf"))[0]
        assert "1 High St" in _pdf_text(archive.read("Acme Ltd - Ann Smith.pdf"))[0]
    assert (pdf.CONVERTING, 3, 3) in converted


def test_without_libreoffice_pdf_is_refused_with_its_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("SEGAPP_SOFFICE", "no-such-soffice-program")
    pdf.soffice.cache_clear()
    try:
        assert not pdf.available()
        with pytest.raises(UserError) as error:
            pdf.convert_files([tmp_path / "a.docx"], tmp_path)
        assert error.value.key == "pdf.unavailable"
        assert error.value.params == {"package": "libreoffice-writer-nogui"}
    finally:
        monkeypatch.delenv("SEGAPP_SOFFICE")
        pdf.soffice.cache_clear()
    assert pdf.available()

"""Uploads of Word letters are checked on the server and template letters are kept per
language (bc-reference.md sections 2.4, 4.5; issue "Word documents": hostile uploads)."""

import io
import zipfile

import pytest
from sqlmodel import select

from segapp.models import InteractionLogEntry, InteractionTemplateLanguage, StoredDocument
from segapp.services.core.errors import UserError
from segapp.services.letters import documents
from tests import factories
from tests.unit.docx_samples import make_docx, paragraph, run, simple_field

DOCX = make_docx([paragraph(run("Dear «Contact Name» «Shoe Size»"), simple_field("N° contact"))])


def _refused(key: str, name: str, data: bytes, content_type: str = "") -> None:
    with pytest.raises(UserError) as error:
        documents.check_docx(name, data, content_type)
    assert error.value.key == key


def test_a_real_docx_is_accepted_with_its_recognised_and_unknown_fields():
    info = documents.check_docx("letter.docx", DOCX, documents.DOCX_CONTENT_TYPE)
    assert set(info.recognised) == {"Contact Name", "Contact No."}
    assert info.unknown == ["Shoe Size"]


def test_renamed_pdf_is_refused():
    _refused("document.not_docx", "letter.docx", b"%PDF-1.7\n1 0 obj <<>> endobj\n" * 20)


def test_old_binary_doc_is_refused_even_when_renamed():
    ole = documents.OLE_MAGIC + b"\x00" * 2000
    _refused("document.legacy_doc", "letter.doc", ole)
    _refused("document.legacy_doc", "letter.docx", ole)


def test_truncated_zip_is_refused():
    _refused("document.broken", "letter.docx", DOCX[: len(DOCX) // 2])


def test_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a letter")
    _refused("document.not_docx", "letter.docx", buffer.getvalue())


def test_zip_bomb_is_refused_before_inflating():
    """A small file that would expand to 200 MB is refused by its declared sizes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with zipfile.ZipFile(io.BytesIO(DOCX)) as source:
            for info in source.infolist():
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                entry.write(chunk)
    data = buffer.getvalue()
    assert len(data) < documents.MAX_UPLOAD_BYTES
    _refused("document.zip_bomb", "letter.docx", data)


def test_fifty_megabyte_file_is_refused_for_its_size():
    _refused("document.too_large", "letter.docx", DOCX + b"\0" * (50 * 1024 * 1024))


def test_wrong_extension_or_content_type_is_refused():
    _refused("document.not_docx", "letter.pdf", DOCX)
    _refused("document.not_docx", "letter.docx", DOCX, "application/pdf")


def test_macro_enabled_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b'wordprocessingml.document.main+xml"/><Override PartName="/x" '
                    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml',
                )
            target.writestr(info, data)
    _refused("document.macros", "letter.docx", buffer.getvalue())


def test_file_names_from_the_browser_lose_their_folders_and_control_characters():
    assert documents.clean_file_name("C:\\Users\\x\\Lettre\x07.docx") == "Lettre.docx"
    assert documents.clean_file_name("../../etc/passwd") == "passwd"


@pytest.fixture
def template(session):
    factories.language(session, "EN")
    factories.language(session, "FR")
    return factories.template(session, "LETTER")


def test_upload_replace_download_and_remove_a_template_letter(session, template):
    """Reference 2.4: Import creates the language row, Export gives "<template code> ..docx",
    Remove clears it; a replaced letter's old document is deleted."""
    info = documents.upload_template_letter(session, "LETTER", "FR", "lettre.docx", DOCX)
    assert info.unknown == ["Shoe Size"]
    row = session.get(InteractionTemplateLanguage, ("LETTER", "FR"))
    first_id = row.document_id
    assert session.get(StoredDocument, first_id).content == DOCX
    assert template.language_code_default == "FR"

    other = make_docx([paragraph(run("Bonjour «Nom contact»"))])
    documents.upload_template_letter(session, "LETTER", "FR", "lettre2.docx", other)
    assert session.get(StoredDocument, first_id) is None
    name, content = documents.template_letter_file(session, "LETTER", "FR")
    assert (name, content) == ("LETTER FR.docx", other)

    letters = {r.language_code: r for r in documents.template_letters(session, "LETTER")}
    assert letters["FR"].recognised == ["Contact Name"]
    assert letters["EN"].document_id is None

    documents.remove_template_letter(session, "LETTER", "FR")
    assert session.get(InteractionTemplateLanguage, ("LETTER", "FR")).document_id is None
    assert session.exec(select(StoredDocument)).all() == []


def test_refused_upload_stores_nothing(session, template):
    with pytest.raises(UserError):
        documents.upload_template_letter(session, "LETTER", "EN", "x.docx", b"%PDF-1.4")
    assert session.exec(select(StoredDocument)).all() == []
    assert session.get(InteractionTemplateLanguage, ("LETTER", "EN")) is None


def test_letter_used_by_a_logged_entry_cannot_be_replaced_or_removed(session, template):
    """A document a logged interaction uses is read-only (reference 3.3, 7.2)."""
    documents.upload_template_letter(session, "LETTER", "EN", "l.docx", DOCX)
    row = session.get(InteractionTemplateLanguage, ("LETTER", "EN"))
    person = factories.person(session, "Ann")
    import datetime as dt

    session.add(
        InteractionLogEntry(
            contact_id=person.id, date=dt.date(2026, 1, 1), document_id=row.document_id
        )
    )
    session.flush()
    with pytest.raises(UserError) as error:
        documents.upload_template_letter(session, "LETTER", "EN", "l2.docx", DOCX)
    assert error.value.key == "document.locked"
    with pytest.raises(UserError):
        documents.remove_template_letter(session, "LETTER", "EN")
    assert session.get(InteractionTemplateLanguage, ("LETTER", "EN")).document_id == row.document_id

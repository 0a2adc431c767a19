"""Hostile Word packages, at upload and when a document stored before these checks is opened:
a zip bomb whose headers lie about its sizes, DOCTYPE/entity declarations (XXE), missing
parts, macros and ActiveX controls. Each is refused with its reason, nothing is stored, and the
memory held while refusing stays a small fraction of what the bomb inflates to."""

from __future__ import annotations

import tracemalloc

import pytest
from sqlmodel import select

from segapp.models import InteractionTemplateLanguage, StoredDocument
from segapp.services.core.errors import UserError
from segapp.services.letters import documents, letters, merge, preview
from tests import factories
from tests.unit.docx_samples import lying_zip_bomb, make_docx, paragraph, rebuilt, run

LETTER = make_docx(
    [paragraph(run("Chère «Nom contact», voici l'offre « Été » de Müller &amp; Söhne"))]
)
BOMB_MB = 300
BOMB = lying_zip_bomb(LETTER, BOMB_MB)
MEMORY_CAP = 32 * 1024 * 1024  # far below the 300 MB the bomb inflates to


def _refusal(call, *args) -> tuple[str, int]:
    """The refusal's key and the peak memory allocated while refusing."""
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as error:
            call(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error.value.key, peak


def _xxe(name: str, data: bytes) -> bytes:
    if name != "word/document.xml":
        return data
    declaration = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    head, rest = data.split(b"?>", 1)
    return head + b"?>" + declaration + rest.replace(b"Ch\xc3\xa8re", b"&xxe;", 1)


def test_lying_zip_bomb_is_refused_while_inflating_without_holding_it():
    """The headers declare the real styles part; its stream goes on for 300 MB of zeros."""
    assert len(BOMB) < documents.MAX_UPLOAD_BYTES
    key, peak = _refusal(documents.check_docx, "offre.docx", BOMB, "")
    assert key == "document.zip_bomb"
    assert peak < MEMORY_CAP, f"peak {peak / 2**20:.0f} MB"


def test_doctype_and_entities_are_refused_in_every_encoding():
    assert _refusal(documents.check_docx, "l.docx", rebuilt(LETTER, _xxe))[0] == "document.doctype"

    def utf16_styles(name: str, data: bytes) -> bytes:
        if name != "word/styles.xml":
            return data
        text = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        text = text.replace("?>", "?><!DOCTYPE x [<!ENTITY a 'b'>]>", 1)
        return text.encode("utf-16")

    refused = _refusal(documents.check_docx, "l.docx", rebuilt(LETTER, utf16_styles))
    assert refused[0] == "document.doctype"


@pytest.mark.parametrize(
    "part", ["word/_rels/document.xml.rels", "word/document.xml", "[Content_Types].xml"]
)
def test_package_missing_a_required_part_is_refused(part):
    with pytest.raises(UserError) as error:
        documents.check_docx("lettre.docx", rebuilt(LETTER, drop=(part,)))
    assert error.value.key == "document.missing_part"
    assert error.value.params == {"name": "lettre.docx", "part": part}


@pytest.mark.parametrize(
    "added",
    [
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 any content"),
        ("word/activeX/activeX1.xml", b'<?xml version="1.0"?><ax:ocx xmlns:ax="x"/>'),
        ("customXml/VBAPROJECT.BIN", b"macros under another name and type"),
    ],
)
def test_package_with_vba_or_activex_parts_is_refused_whatever_its_content_types(added):
    """The content types stay those of a plain .docx: the parts alone are enough."""
    with pytest.raises(UserError) as error:
        documents.check_docx("l.docx", rebuilt(LETTER, add=[added]))
    assert error.value.key == "document.macros"


def test_relationship_to_a_vba_project_is_refused():
    def related(name: str, data: bytes) -> bytes:
        if name != "word/_rels/document.xml.rels":
            return data
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdVba" Target="vbaProject.bin" Type="http://schemas.'
            b'microsoft.com/office/2006/relationships/vbaProject"/></Relationships>',
        )

    with pytest.raises(UserError) as error:
        documents.check_docx("l.docx", rebuilt(LETTER, related))
    assert error.value.key == "document.macros"


def test_refused_template_upload_stores_nothing(session):
    factories.language(session, "FR")
    factories.template(session, "OFFRE")
    for data in (BOMB, rebuilt(LETTER, _xxe)):
        with pytest.raises(UserError):
            documents.upload_template_letter(session, "OFFRE", "FR", "offre.docx", data)
    assert session.exec(select(StoredDocument)).all() == []


@pytest.fixture
def stored_bomb(session):
    """A bomb stored before the upload checks existed: written straight into the database, as
    a template letter and as a segment's letter."""
    factories.language(session, "EN")
    template = factories.template(session, "BOMB")
    document = StoredDocument(file_name="old offer.docx", content=BOMB, size=len(BOMB))
    session.add(document)
    session.flush()
    session.add(
        InteractionTemplateLanguage(
            template_code=template.code, language_code="EN", document_id=document.id
        )
    )
    header = factories.segment(
        session, interaction_template_code=template.code, language_code_default="EN"
    )
    factories.segment_language(session, header, "EN", doc=document)
    factories.line(session, header, factories.person(session, "Zoë O'Neil"), 10000)
    session.flush()
    return header


def test_stored_bomb_on_the_letters_page_shows_why_it_cannot_be_read(session, stored_bomb):
    tracemalloc.start()
    try:
        rows = {r.language_code: r for r in documents.template_letters(session, "BOMB")}
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows["EN"].file_name == "old offer.docx"
    assert rows["EN"].problem is not None
    assert rows["EN"].problem.key == "document.zip_bomb"
    assert peak < MEMORY_CAP


def test_stored_bomb_is_refused_by_merge_preview_and_download(session, stored_bomb):
    for call, args in (
        (letters.prepare_letters, (session, stored_bomb.id)),
        (letters.merge_line_letter, (session, stored_bomb.id, 10000)),
        (preview.docx_to_html, (BOMB,)),
        (merge.prepare, (BOMB,)),
        (documents.template_letter_file, (session, "BOMB", "EN")),
    ):
        key, peak = _refusal(call, *args)
        assert key == "document.zip_bomb", call.__name__
        assert peak < MEMORY_CAP, f"{call.__name__}: peak {peak / 2**20:.0f} MB"


def test_stored_document_with_a_doctype_is_refused_by_the_preview_with_its_reason():
    with pytest.raises(UserError) as error:
        preview.docx_to_html(rebuilt(LETTER, _xxe))
    assert error.value.key == "document.doctype"


def test_real_letter_still_passes_every_check():
    info = documents.check_docx("Offre d'été.docx", LETTER, documents.DOCX_CONTENT_TYPE)
    assert info.recognised == ["Contact Name"]
    assert "Müller &amp; Söhne" in preview.docx_to_html(LETTER)

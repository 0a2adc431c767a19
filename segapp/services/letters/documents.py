"""Word documents kept in the database: checking an upload, and the letters of interaction
templates per language (bc-reference.md sections 2.3, 2.4, 4.5).

Every upload is checked on the server before anything is stored: a real .docx (a zip package
with a Word main document, readable by python-docx), not an old binary .doc, not a renamed
file, not a broken zip, not too large, and not a zip bomb (the declared uncompressed sizes are
limited, and every part is inflated by :mod:`.package`, which stops as soon as a part outgrows
its declared size), with the parts Word needs, without DOCTYPE (XXE), macros or ActiveX
controls. A refusal raises :class:`UserError` and stores nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ...models import (
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    Language,
    SegmentLanguage,
    StoredDocument,
)
from ...models.types import utcnow
from ..core.errors import UserError
from . import merge, package

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = package.MAX_INFLATED_BYTES
DOCX_CONTENT_TYPE = merge.DOCX_CONTENT_TYPE
MAIN_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
ACCEPTED_UPLOAD_TYPES = {
    "",
    DOCX_CONTENT_TYPE,
    "application/octet-stream",
    "application/zip",
    "application/x-zip-compressed",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class DocxInfo:
    """What an accepted upload holds: the merge fields recognised and those unknown."""

    file_name: str
    size: int
    recognised: list[str]
    unknown: list[str]


def clean_file_name(name: str) -> str:
    """The last path component of a browser-sent name, without control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return base[:200] or "document.docx"


def check_docx(file_name: str, data: bytes, content_type: str = "") -> DocxInfo:
    """Refuses anything but a real, reasonably sized .docx; returns its merge fields."""
    name = clean_file_name(file_name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserError("document.too_large", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if not data:
        raise UserError("document.empty")
    if data.startswith(OLE_MAGIC) or extension == "doc":
        raise UserError("document.legacy_doc")
    if extension not in ("docx", "dotx"):
        raise UserError("document.not_docx", name=name)
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in ACCEPTED_UPLOAD_TYPES:
        raise UserError("document.not_docx", name=name)
    if not data.startswith(b"PK\x03\x04"):
        raise UserError("document.not_docx", name=name)
    _check_package(data, name)
    try:
        prepared = merge.prepare(data)
    except UserError:
        raise
    except Exception:
        raise UserError("document.broken", name=name) from None
    return DocxInfo(name, len(data), prepared.recognised, prepared.unknown)


def _check_package(data: bytes, name: str) -> None:
    """Every part read through the safe opener (sizes counted while inflating, required parts,
    no DOCTYPE, no macros or ActiveX), then the main part's content type."""
    parts = package.open_docx(data, name)
    types = parts.read("[Content_Types].xml").decode("utf-8", "replace")
    if not any(kind in types for kind in MAIN_CONTENT_TYPES):
        raise UserError("document.not_docx", name=name)


def new_document(file_name: str, data: bytes, *, read_only: bool = False) -> StoredDocument:
    return StoredDocument(
        file_name=clean_file_name(file_name),
        content_type=DOCX_CONTENT_TYPE,
        content=data,
        size=len(data),
        read_only=read_only,
    )


def is_locked(session: Session, document: StoredDocument) -> bool:
    """A document is locked while it is read-only or a logged interaction uses it."""
    if document.read_only:
        return True
    used = session.exec(
        select(func.count())
        .select_from(InteractionLogEntry)
        .where(InteractionLogEntry.document_id == document.id)
    ).one()
    return bool(used)


def delete_if_unused(session: Session, document_id: int | None) -> None:
    """Deletes a document nobody refers to any more (never a locked one)."""
    if not document_id:
        return
    document = session.get(StoredDocument, document_id)
    if document is None or is_locked(session, document):
        return
    for table in (SegmentLanguage, InteractionTemplateLanguage):
        used = session.exec(
            select(func.count()).select_from(table).where(table.document_id == document_id)
        ).one()
        if used:
            return
    session.delete(document)


# -- template letters (reference section 2.4) ----------------------------------------------------


@dataclass(frozen=True)
class TemplateLetter:
    language_code: str
    language_name: str
    description: str
    document_id: int | None
    file_name: str
    size: int
    locked: bool
    recognised: list[str]
    unknown: list[str]
    problem: UserError | None = None  # why a stored letter cannot be read (merge refuses it)


def _template(session: Session, code: str) -> InteractionTemplate:
    template = session.get(InteractionTemplate, (code or "").strip().upper())
    if template is None:
        raise UserError("error.template_unknown", code=code)
    return template


def template_letters(session: Session, template_code: str) -> list[TemplateLetter]:
    """One row per language: the template's letter, if any, with its merge fields."""
    template = _template(session, template_code)
    rows = {
        row.language_code: row
        for row in session.exec(
            select(InteractionTemplateLanguage).where(
                InteractionTemplateLanguage.template_code == template.code
            )
        ).all()
    }
    result = []
    for language in session.exec(select(Language).order_by(Language.code)).all():
        row = rows.get(language.code)
        document = session.get(StoredDocument, row.document_id) if row and row.document_id else None
        recognised: list[str] = []
        unknown: list[str] = []
        problem: UserError | None = None
        if document is not None:
            try:
                prepared = merge.prepare(document.content)
                recognised, unknown = prepared.recognised, prepared.unknown
            except UserError as refused:
                problem = refused.named(document.file_name)
            except Exception:
                problem = UserError("document.broken", name=document.file_name)
        result.append(
            TemplateLetter(
                language_code=language.code,
                language_name=language.name,
                description=row.description if row else "",
                document_id=document.id if document else None,
                file_name=document.file_name if document else "",
                size=document.size if document else 0,
                locked=bool(document and is_locked(session, document)),
                recognised=recognised,
                unknown=unknown,
                problem=problem,
            )
        )
    return result


def upload_template_letter(
    session: Session,
    template_code: str,
    language_code: str,
    file_name: str,
    data: bytes,
    content_type: str = "",
) -> DocxInfo:
    """Stores (or replaces) the template's letter in one language (reference section 2.4,
    Import); the language row is created when missing. A locked letter is not replaced."""
    template = _template(session, template_code)
    language = session.get(Language, (language_code or "").strip().upper())
    if language is None:
        raise UserError("error.language_unknown", code=language_code)
    info = check_docx(file_name, data, content_type)
    row = session.get(InteractionTemplateLanguage, (template.code, language.code))
    old = session.get(StoredDocument, row.document_id) if row and row.document_id else None
    if old is not None and is_locked(session, old):
        raise UserError("document.locked")
    document = new_document(info.file_name, data)
    session.add(document)
    session.flush()
    if row is None:
        row = InteractionTemplateLanguage(
            template_code=template.code,
            language_code=language.code,
            description=f"{template.code} {language.code}",
        )
        if not template.language_code_default:
            template.language_code_default = language.code
            session.add(template)
    row.document_id = document.id
    session.add(row)
    session.flush()
    if old is not None:
        delete_if_unused(session, old.id)
    session.flush()
    return info


def remove_template_letter(session: Session, template_code: str, language_code: str) -> None:
    """Removes the template's letter in one language (reference section 2.4, Remove)."""
    template = _template(session, template_code)
    row = session.get(InteractionTemplateLanguage, (template.code, language_code.upper()))
    if row is None or not row.document_id:
        raise UserError("document.none")
    document = session.get(StoredDocument, row.document_id)
    if document is not None and is_locked(session, document):
        raise UserError("document.locked")
    old_id = row.document_id
    row.document_id = None
    session.add(row)
    session.flush()
    delete_if_unused(session, old_id)
    session.flush()


def template_letter_file(
    session: Session, template_code: str, language_code: str
) -> tuple[str, bytes]:
    """The letter to download (reference section 2.4, Export: ``<template code>.docx``)."""
    template = _template(session, template_code)
    row = session.get(InteractionTemplateLanguage, (template.code, language_code.upper()))
    document = session.get(StoredDocument, row.document_id) if row and row.document_id else None
    if document is None:
        raise UserError("document.none")
    package.open_docx(document.content, document.file_name)  # never hand out a hostile package
    return f"{template.code} {row.language_code}.docx", document.content


def touch(document: StoredDocument) -> None:
    document.modified_at = utcnow()

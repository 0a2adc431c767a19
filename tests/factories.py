"""Small builders of rows for tests: each takes a session and returns what it added."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import cache
from itertools import count

import docx
from sqlmodel import Session

from segapp.models import (
    Contact,
    ContactType,
    CorrespondenceType,
    InteractionGroup,
    InteractionTemplate,
    Language,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)

_numbers = count(1)


def language(session: Session, code: str = "EN") -> Language:
    row = session.get(Language, code) or Language(code=code, name=code)
    session.add(row)
    return row


def company(session: Session, name: str, **fields) -> Contact:
    fields.setdefault("no", f"CT{next(_numbers):06d}")
    contact = Contact(
        type=ContactType.COMPANY,
        name=name,
        search_name=name.upper(),
        company_name=name,
        **fields,
    )
    session.add(contact)
    session.flush()
    contact.company_id = contact.id
    return contact


def person(session: Session, name: str, company_: Contact | None = None, **fields) -> Contact:
    fields.setdefault("no", f"CT{next(_numbers):06d}")
    contact = Contact(
        type=ContactType.PERSON,
        name=name,
        search_name=name.upper(),
        company_id=company_.id if company_ else None,
        company_name=company_.name if company_ else "",
        **fields,
    )
    session.add(contact)
    session.flush()
    return contact


def template(session: Session, code: str = "LETTER", **fields) -> InteractionTemplate:
    if session.get(InteractionGroup, "LETTER") is None:
        session.add(InteractionGroup(code="LETTER", description="Letters"))
    fields.setdefault("unit_cost", Decimal("2.50"))
    fields.setdefault("unit_duration", 5)
    tmpl = InteractionTemplate(
        code=code, interaction_group_code="LETTER", description=f"{code} template", **fields
    )
    session.add(tmpl)
    session.flush()
    return tmpl


def segment(session: Session, no: str = "SEG00001", **fields) -> SegmentHeader:
    fields.setdefault("date", dt.date(2026, 11, 2))
    header = SegmentHeader(no=no, **fields)
    session.add(header)
    session.flush()
    return header


def line(
    session: Session, header: SegmentHeader, contact: Contact, line_no: int, **fields
) -> SegmentLine:
    fields.setdefault("date", header.date)
    fields.setdefault("interaction_template_code", header.interaction_template_code)
    fields.setdefault("correspondence_type", CorrespondenceType.BLANK)
    row = SegmentLine(
        segment_id=header.id,
        line_no=line_no,
        contact_id=contact.id,
        contact_company_id=contact.company_id,
        **fields,
    )
    session.add(row)
    return row


@cache
def letter_bytes() -> bytes:
    """A small real Word letter with one placeholder."""
    letter = docx.Document()
    letter.add_paragraph("Dear «Contact Name»,")
    letter.add_paragraph("Thank you.")
    out = io.BytesIO()
    letter.save(out)
    return out.getvalue()


def document(session: Session, name: str = "letter.docx") -> StoredDocument:
    content = letter_bytes()
    doc = StoredDocument(file_name=name, content=content, size=len(content))
    session.add(doc)
    session.flush()
    return doc


def segment_language(
    session: Session, header: SegmentHeader, language_code: str, line_no: int = 0, doc=None
) -> SegmentLanguage:
    row = SegmentLanguage(
        segment_id=header.id,
        segment_line_no=line_no,
        language_code=language_code,
        document_id=doc.id if doc else None,
    )
    session.add(row)
    return row

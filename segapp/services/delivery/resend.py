"""Resend (bc-reference.md section 8.6, Resend Attachments) on the entries of one logged
segment.

* It needs exactly one logged segment, or 0 for entries logged outside any segment (Create
  Interaction), which must then be selected; a selection narrows it to some of its entries.
* Correspondence Type: Same as Entry (entries without a type are skipped), Hard Copy or Email.
* Entries without a Word document are skipped; nothing left is refused ("only Word documents
  can be resent").
* Without Update Merge Fields the entries themselves are delivered again: Delivery Status In
  Progress, a new outbox row per e-mail (a new Message-ID: it is a new message).
* With Update Merge Fields each entry is copied to a new entry dated today, described
  "Resend: <description>", in the same logged segment, whose letter is merged again with
  today's data (the contact, the salesperson, Company Information) from the template's
  letter in the entry's language, or from the entry's own letter when the template has none;
  the new entry is delivered.

A Hard Copy resend produces the letter (stored on the entry) and counts as delivered, as at
logging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select
from sqlmodel import Session, col

from ...models import (
    Contact,
    ContactType,
    CorrespondenceType,
    DeliveryStatus,
    InteractionLogEntry,
    InteractionTemplateLanguage,
    StoredDocument,
)
from ...models.types import utcnow
from ..core.errors import UserError
from ..letters import letters, merge
from . import outbox
from .message import WORD_EXTENSIONS

CHOICES = ("same", "hard_copy", "email")
PREFIX = "Resend: "


@dataclass(frozen=True)
class ResendResult:
    entry_nos: list[int]  # the entries delivered again (new ones with Update Merge Fields)
    emails: int


def _is_word(document: StoredDocument | None) -> bool:
    if document is None:
        return False
    name = document.file_name or ""
    return "." in name and name.rsplit(".", 1)[1].lower() in WORD_EXTENSIONS


def _source_letter(session: Session, entry: InteractionLogEntry, own: StoredDocument) -> bytes:
    row = None
    if entry.interaction_template_code:
        row = session.execute(
            select(InteractionTemplateLanguage.document_id).where(
                InteractionTemplateLanguage.template_code == entry.interaction_template_code,
                InteractionTemplateLanguage.language_code == (entry.language_code or ""),
            )
        ).scalar()
    template = session.get(StoredDocument, row) if row else None
    return template.content if _is_word(template) else own.content


def _remerge(
    session: Session,
    ctx,
    entry: InteractionLogEntry,
    new: InteractionLogEntry,
    own: StoredDocument,
    now: dt.datetime,
) -> StoredDocument:
    contact = session.get(Contact, entry.contact_id)
    company_name = contact.name
    if contact.type == ContactType.PERSON:
        company = session.get(Contact, contact.company_id) if contact.company_id else None
        company_name = company.name if company else contact.company_name
    header = SimpleNamespace(no=entry.segment_no)
    line = SimpleNamespace(
        language_code=new.language_code,
        salesperson_code=new.salesperson_code,
        date=new.date,
        campaign_no=new.campaign_no,
        description=new.description,
        subject=new.subject,
        correspondence_type=new.correspondence_type,
    )
    values = letters.merge_values(ctx, header, line, contact, company_name, new.entry_no)
    content = merge.merge(_source_letter(session, entry, own), values)
    document = StoredDocument(
        file_name=own.file_name,
        content_type=own.content_type or merge.DOCX_CONTENT_TYPE,
        content=content,
        size=len(content),
        read_only=True,
        created_at=now,
        modified_at=now,
    )
    session.add(document)
    session.flush()
    return document


def _preload(session: Session, entries: list[InteractionLogEntry]) -> list[object]:
    """Loads the entries' documents, contacts and their companies in three queries, so the
    per-entry ``session.get`` calls below are answered from the session, not one read each.
    The caller keeps the returned rows alive: the session only holds them weakly."""
    loaded: list[object] = []
    document_ids = {e.document_id for e in entries if e.document_id}
    if document_ids:
        query = select(StoredDocument).where(col(StoredDocument.id).in_(document_ids))
        loaded += session.execute(query).scalars().all()
    contact_ids = {e.contact_id for e in entries}
    if contact_ids:
        query = select(Contact).where(col(Contact.id).in_(contact_ids))
        contacts = session.execute(query).scalars().all()
        loaded += contacts
        company_ids = {c.company_id for c in contacts if c.company_id}
        if company_ids:
            query = select(Contact).where(col(Contact.id).in_(company_ids))
            loaded += session.execute(query).scalars().all()
    return loaded


def resend(
    session: Session,
    logged_segment_entry_no: int | None,
    entry_nos: list[int] | None = None,
    *,
    correspondence: str = "same",
    update_merge_fields: bool = False,
    user_id: int | None = None,
    today: dt.date | None = None,
) -> ResendResult:
    if logged_segment_entry_no is None or (logged_segment_entry_no == 0 and not entry_nos):
        raise UserError("resend.error_one_segment")
    if correspondence not in CHOICES:
        raise UserError("resend.error_nothing")
    today = today or dt.date.today()
    now = utcnow()
    logged = InteractionLogEntry.logged_segment_entry_no
    query = select(InteractionLogEntry).where(
        col(logged).is_(None)
        if logged_segment_entry_no == 0
        else logged == logged_segment_entry_no,
        col(InteractionLogEntry.postponed).is_(False),
        col(InteractionLogEntry.canceled).is_(False),
    )
    if entry_nos:
        query = query.where(col(InteractionLogEntry.entry_no).in_(entry_nos))
    entries = session.execute(query.order_by(InteractionLogEntry.entry_no)).scalars().all()
    preloaded = _preload(session, entries)  # noqa: F841 - held while the loops run
    chosen: list[tuple[InteractionLogEntry, CorrespondenceType, StoredDocument]] = []
    for entry in entries:
        document = session.get(StoredDocument, entry.document_id) if entry.document_id else None
        if not _is_word(document):
            continue
        kind = (
            entry.correspondence_type
            if correspondence == "same"
            else CorrespondenceType(correspondence)
        )
        if kind == CorrespondenceType.BLANK:
            continue
        if kind == CorrespondenceType.EMAIL:
            contact = session.get(Contact, entry.contact_id)
            if not (contact.email or "").strip():
                raise UserError("resend.error_email", contact=contact.no, entry_no=entry.entry_no)
        chosen.append((entry, kind, document))
    if not chosen:
        raise UserError("resend.error_nothing")

    ctx = letters._Context.load(session) if update_merge_fields else None
    targets: list[InteractionLogEntry] = []
    for entry, kind, document in chosen:
        status = (
            DeliveryStatus.IN_PROGRESS if kind == CorrespondenceType.EMAIL else DeliveryStatus.BLANK
        )
        if update_merge_fields:
            data = entry.model_dump(exclude={"entry_no"})
            data.update(
                date=today,
                description=(PREFIX + entry.description)[:100],
                correspondence_type=kind,
                delivery_status=status,
                user_id=user_id,
                created_at=now,
                evaluation=entry.evaluation,
            )
            if kind == CorrespondenceType.EMAIL:
                contact = session.get(Contact, entry.contact_id)
                data["contact_via"] = contact.email
            new = InteractionLogEntry(**data)
            session.add(new)
            session.flush()
            new.document_id = _remerge(session, ctx, entry, new, document, now).id
            targets.append(new)
        else:
            entry.correspondence_type = kind
            entry.delivery_status = status
            targets.append(entry)
    session.flush()
    emails = [e.entry_no for e in targets if e.correspondence_type == CorrespondenceType.EMAIL]
    outbox.queue_entries(session, emails, now)
    return ResendResult([e.entry_no for e in targets], len(emails))

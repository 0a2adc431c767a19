"""The e-mail of one interaction log entry (bc-reference.md sections 8.1, 8.3, 8.5):

* To: the contact's e-mail address (section 8.1); From and Reply-To: the sender of Marketing
  Setup (Company Information's e-mail when it has none).
* Subject: the entry's subject, else its description.
* Word letter, "Send Word Docs. as Attmt." off: the merged letter as the HTML body, with a
  plain-text alternative and the letter's images as inline parts.
* Word letter, flag on: an empty body and the letter attached as "<Subject>.docx".
* Any other file: an empty body and the file attached as "Attachment.<ext>".

The Message-ID is derived from the entry and the outbox row, so every attempt of one message
carries the same id and a receiving system can recognise a repeat."""

from __future__ import annotations

import email.policy
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlmodel import Session

from ...i18n import translate
from ...models import (
    CompanyInformation,
    Contact,
    InteractionLogEntry,
    MarketingSetup,
    StoredDocument,
)
from ...models import EmailMessage as OutboxRow
from ...models.types import utcnow
from ..core.errors import UserError
from ..letters.entry_letters import entry_letter
from ..letters.letters import safe_file_name
from .errors import DeliveryError
from .letter_html import letter_html

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_EXTENSIONS = {"docx", "dotx", "docm"}
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^[^@\s<>()\[\],;:\"]+@{_LABEL}(?:\.{_LABEL})+$")
POLICY = email.policy.SMTP.clone(max_line_length=78)


def valid_address(value: str) -> bool:
    """A plain addr-spec: local part @ a dotted domain, no display name, no spaces."""
    return bool(_ADDRESS.match(value or "")) and len(value) <= 254


@dataclass
class Built:
    message: EmailMessage
    recipient: str
    sender: str
    message_id: str
    _data: bytes | None = None

    def as_bytes(self) -> bytes:
        """The message exactly as sent and stored (CRLF line ends, 7-bit headers)."""
        if self._data is None:
            self._data = self.message.as_bytes(policy=POLICY)
        return self._data


def _entry_letter(session: Session, entry: InteractionLogEntry) -> tuple[bytes, str] | None:
    """The letter the entry's contact got: the Word letter kept for the entry (content, file
    name), else the entry's stored document when it is another kind of file."""
    letter = entry_letter(session, entry.entry_no)
    if letter is not None:
        return letter
    if entry.document_id is None:
        return None
    document = session.get(StoredDocument, entry.document_id)
    if document is None:
        return None
    return document.content, document.file_name or ""


def sender(session: Session) -> tuple[str, str]:
    """(address, name) of the sender: Marketing Setup's, else Company Information's e-mail."""
    setup = session.get(MarketingSetup, 1)
    company = session.get(CompanyInformation, 1)
    address = (setup.sender_email if setup else "") or (company.email if company else "")
    name = (setup.sender_name if setup else "") or (company.name if company else "")
    return address.strip(), name.strip()


def message_id_for(entry_no: int, row_id: int, domain: str) -> str:
    return f"<segapp.entry-{entry_no}.{row_id}@{domain}>"


def build_message(session: Session, row_id: int) -> Built:
    """The message of an outbox row, or a permanent DeliveryError saying why it cannot be."""
    row = session.get(OutboxRow, row_id)
    entry = session.get(InteractionLogEntry, row.entry_no) if row else None
    if row is None or entry is None:
        raise DeliveryError("The interaction log entry no longer exists.", permanent=True)
    contact = session.get(Contact, entry.contact_id)
    recipient = ((contact.email if contact else "") or entry.contact_via or "").strip()
    if not valid_address(recipient):
        raise DeliveryError(f"Invalid recipient address: {recipient or '(blank)'}", permanent=True)
    from_address, from_name = sender(session)
    if not valid_address(from_address):
        raise DeliveryError("Marketing Setup has no valid sender e-mail address.", permanent=True)
    letter = _entry_letter(session, entry)
    if letter is None:
        raise DeliveryError(f"Entry {entry.entry_no} has no letter to send.", permanent=True)
    content, file_name = letter
    domain = from_address.rsplit("@", 1)[1]
    subject = (entry.subject or entry.description or "").strip()
    header_id = message_id_for(entry.entry_no, row.id, domain)

    message = EmailMessage(policy=POLICY)
    message["From"] = formataddr((from_name, from_address)) if from_name else from_address
    message["Reply-To"] = message["From"]
    display = contact.name if contact else ""
    message["To"] = Address(display_name=display, addr_spec=recipient) if display else recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = header_id
    message["X-Segapp-Entry-No"] = str(entry.entry_no)

    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in WORD_EXTENSIONS and not entry.send_word_docs_as_attmt:
        try:
            body = letter_html(content, subject, domain)
        except Exception as exc:
            reason = translate("en", exc.key, **exc.params) if isinstance(exc, UserError) else exc
            raise DeliveryError(
                f"The letter of entry {entry.entry_no} cannot be read: {reason}", permanent=True
            ) from None
        message.set_content(body.text, subtype="plain", charset="utf-8")
        message.add_alternative(body.html, subtype="html", charset="utf-8")
        html_part = message.get_payload()[1]
        for image in body.images:
            maintype, _, subtype = image.content_type.partition("/")
            html_part.add_related(
                image.content, maintype=maintype, subtype=subtype or "png", cid=f"<{image.cid}>"
            )
    else:
        message.set_content("<!DOCTYPE html>\n<html><body></body></html>\n", subtype="html")
        if extension in WORD_EXTENSIONS:
            name = f"{safe_file_name(subject, 'Attachment')}.docx"
            maintype, subtype = DOCX_TYPE.split("/")
        else:
            name = f"Attachment.{extension or 'bin'}"
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return Built(message, recipient, from_address, header_id)

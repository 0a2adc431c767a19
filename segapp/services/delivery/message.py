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
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import NoReturn

from sqlalchemy import select
from sqlmodel import Session, col

from ...i18n import translate
from ...models import (
    CompanyInformation,
    Contact,
    InteractionLogEntry,
    MarketingSetup,
)
from ...models import EmailMessage as OutboxRow
from ...models.types import utcnow
from ..core.errors import UserError
from ..letters.entry_letters import LetterSource, letter_sources
from ..letters.letters import safe_file_name
from .errors import DeliveryError
from .letter_html import TemplateCache

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_EXTENSIONS = {"docx", "dotx", "docm"}
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^[^@\s<>()\[\],;:\"]+@{_LABEL}(?:\.{_LABEL})+$")


class _Headers(HeaderRegistry):
    """Python's header factory remembering the header classes it makes (it makes a new class
    at every call) and the headers it parsed from text: a worker builds thousands of messages
    with the same From, Reply-To, Subject and content types. Headers are immutable strings,
    shared safely by messages."""

    def __init__(self, size: int = 4096) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}
        self._parsed: dict[tuple[str, str], object] = {}
        self._size = size

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value):
        if value.__class__ is not str:
            return self[name](name, value)
        key = (name, value)
        found = self._parsed.get(key)
        if found is None:
            if len(self._parsed) >= self._size:
                self._parsed.clear()
            found = self._parsed[key] = self[name](name, value)
        return found


POLICY = email.policy.SMTP.clone(max_line_length=78, header_factory=_Headers())


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


def sender(session: Session) -> tuple[str, str]:
    """(address, name) of the sender: Marketing Setup's, else Company Information's e-mail."""
    setup = session.get(MarketingSetup, 1)
    company = session.get(CompanyInformation, 1)
    address = (setup.sender_email if setup else "") or (company.email if company else "")
    name = (setup.sender_name if setup else "") or (company.name if company else "")
    return address.strip(), name.strip()


def message_id_for(entry_no: int, row_id: int, domain: str) -> str:
    return f"<segapp.entry-{entry_no}.{row_id}@{domain}>"


@dataclass(frozen=True)
class _Entry:
    entry_no: int
    subject: str
    send_word_docs_as_attmt: bool
    recipient: str
    display: str


def _entries(session: Session, entry_nos: list[int]) -> dict[int, _Entry]:
    e, c = InteractionLogEntry, Contact
    rows = session.execute(
        select(
            e.entry_no,
            e.subject,
            e.description,
            e.send_word_docs_as_attmt,
            e.contact_via,
            c.email,
            c.name,
        )
        .outerjoin(c, c.id == e.contact_id)
        .where(col(e.entry_no).in_(entry_nos))
    ).all()
    return {
        no: _Entry(
            no,
            (subject or description or "").strip(),
            bool(attach),
            ((email or "") or via or "").strip(),
            name or "",
        )
        for no, subject, description, attach, via, email, name in rows
    }


@dataclass
class Batch:
    """What the messages of a batch are made of, read in a constant number of queries; each
    message is built (no database needed any more) when :meth:`build` is called, so the first
    one can go out before the others are built."""

    entries: dict[int, _Entry]
    sources: dict[int, LetterSource]
    from_address: str
    from_name: str
    cache: TemplateCache

    def build(self, row_id: int, entry_no: int) -> Built | DeliveryError:
        """The message of an outbox row, or the permanent DeliveryError saying why not."""
        try:
            return _build(
                self.entries.get(entry_no),
                row_id,
                self.sources.get(entry_no),
                self.from_address,
                self.from_name,
                self.cache,
            )
        except DeliveryError as error:
            return error


def read_batch(session: Session, entry_nos: list[int], cache: TemplateCache | None = None) -> Batch:
    """The entries, letters and sender of a batch's messages. Each distinct letter document is
    converted once (``cache`` keeps it for later batches)."""
    cache = cache if cache is not None else TemplateCache()
    entries = _entries(session, entry_nos) if entry_nos else {}
    sources = letter_sources(session, entry_nos)
    from_address, from_name = sender(session)
    return Batch(entries, sources, from_address, from_name, cache)


def build_messages(
    session: Session,
    rows: list[tuple[int, int]],
    cache: TemplateCache | None = None,
) -> dict[int, Built | DeliveryError]:
    """The message of each outbox row (row id, entry no.), or the permanent DeliveryError
    saying why it cannot be built, read in a constant number of queries for the whole batch."""
    batch = read_batch(session, [entry_no for _, entry_no in rows], cache)
    return {row_id: batch.build(row_id, entry_no) for row_id, entry_no in rows}


def build_message(session: Session, row_id: int) -> Built:
    """The message of one outbox row, or a permanent DeliveryError saying why it cannot be."""
    entry_no = session.execute(select(OutboxRow.entry_no).where(OutboxRow.id == row_id)).scalar()
    if entry_no is None:
        raise DeliveryError("The interaction log entry no longer exists.", permanent=True)
    result = build_messages(session, [(row_id, entry_no)])[row_id]
    if isinstance(result, DeliveryError):
        raise result
    return result


def _build(
    entry: _Entry | None,
    row_id: int,
    source: LetterSource | None,
    from_address: str,
    from_name: str,
    cache: TemplateCache,
) -> Built:
    if entry is None:
        raise DeliveryError("The interaction log entry no longer exists.", permanent=True)
    recipient = entry.recipient
    if not valid_address(recipient):
        raise DeliveryError(f"Invalid recipient address: {recipient or '(blank)'}", permanent=True)
    if not valid_address(from_address):
        raise DeliveryError("Marketing Setup has no valid sender e-mail address.", permanent=True)
    if source is None:
        raise DeliveryError(f"Entry {entry.entry_no} has no letter to send.", permanent=True)
    file_name = source.file_name
    domain = from_address.rsplit("@", 1)[1]
    subject = entry.subject
    header_id = message_id_for(entry.entry_no, row_id, domain)

    message = EmailMessage(policy=POLICY)
    message["From"] = formataddr((from_name, from_address)) if from_name else from_address
    message["Reply-To"] = message["From"]
    display = entry.display
    message["To"] = Address(display_name=display, addr_spec=recipient) if display else recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = header_id
    message["X-Segapp-Entry-No"] = str(entry.entry_no)

    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    is_word = extension in WORD_EXTENSIONS or (source.merged and not extension)
    letter = cache.get(source.content, source.merged) if is_word else None
    if letter is not None and not entry.send_word_docs_as_attmt:
        try:
            body = letter.template().render(source.values, subject, domain)
        except Exception as exc:
            _unreadable(entry.entry_no, exc)
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
        if letter is not None:
            try:
                content = letter.docx(source.values)
            except Exception as exc:
                _unreadable(entry.entry_no, exc)
            name = f"{safe_file_name(subject, 'Attachment')}.docx"
            maintype, subtype = DOCX_TYPE.split("/")
        else:
            content = source.content
            name = f"Attachment.{extension or 'bin'}"
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return Built(message, recipient, from_address, header_id)


def _unreadable(entry_no: int, exc: BaseException) -> NoReturn:
    reason = translate("en", exc.key, **exc.params) if isinstance(exc, UserError) else exc
    raise DeliveryError(
        f"The letter of entry {entry_no} cannot be read: {reason}", permanent=True
    ) from None

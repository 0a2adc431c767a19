"""A stored or picked-up .eml message, read for display: its headers, its HTML body with the
inline images turned into data: addresses (so a sandboxed frame can show them), its text body
and its attachments."""

from __future__ import annotations

import base64
import email
import email.policy
from dataclasses import dataclass, field
from html import escape


@dataclass
class MessageView:
    message_id: str
    sender: str
    to: str
    reply_to: str
    subject: str
    date: str
    html: str
    text: str
    attachments: list[tuple[str, int]] = field(default_factory=list)


def view_message(data: bytes) -> MessageView:
    message = email.message_from_bytes(data, policy=email.policy.default)
    images: dict[str, str] = {}
    attachments: list[tuple[str, int]] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if cid and part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True) or b""
            images[cid] = (
                f"data:{part.get_content_type()};base64,{base64.b64encode(payload).decode()}"
            )
        elif part.get_filename():
            attachments.append((part.get_filename(), len(part.get_payload(decode=True) or b"")))
    html_part = message.get_body(("html",))
    text_part = message.get_body(("plain",))
    html = html_part.get_content() if html_part is not None else ""
    for cid, uri in images.items():
        html = html.replace(f"cid:{cid}", uri)
    text = text_part.get_content() if text_part is not None else ""
    if not html.strip() and text:
        html = f"<pre style='white-space:pre-wrap'>{escape(text)}</pre>"
    return MessageView(
        message_id=str(message.get("Message-ID", "")),
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        reply_to=str(message.get("Reply-To", "")),
        subject=str(message.get("Subject", "")),
        date=str(message.get("Date", "")),
        html=html,
        text=text,
        attachments=attachments,
    )

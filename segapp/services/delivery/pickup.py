"""The pickup folder read back for the Outbox page: the .eml files the workers wrote."""

from __future__ import annotations

import email
import email.policy
import os
from dataclasses import dataclass
from pathlib import Path

from .config import pickup_dir

MAX_LISTED = 200


@dataclass(frozen=True)
class Picked:
    name: str
    to: str
    subject: str
    date: str


@dataclass(frozen=True)
class Listing:
    smtp: bool  # SMTP is configured: new messages do not come here
    messages: list[Picked]


def _headers(path: Path) -> Picked:
    with path.open("rb") as stream:
        head = b""
        for line in stream:
            if line in (b"\r\n", b"\n"):
                break
            head += line
    message = email.message_from_bytes(head, policy=email.policy.default)
    return Picked(
        path.name,
        str(message.get("To", "")),
        str(message.get("Subject", "")),
        str(message.get("Date", "")),
    )


def list_messages(folder: Path | None = None) -> Listing:
    folder = folder or pickup_dir()
    files = (
        sorted(
            (p for p in folder.glob("*.eml") if p.is_file()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        if folder.is_dir()
        else []
    )
    return Listing(
        bool(os.environ.get("SEGAPP_SMTP_URL", "").strip()),
        [_headers(p) for p in files[:MAX_LISTED]],
    )


def read_message(name: str, folder: Path | None = None) -> bytes | None:
    """A message of the folder by its file name (no path: nothing outside the folder)."""
    folder = folder or pickup_dir()
    if not name.endswith(".eml") or Path(name).name != name or name.startswith("."):
        return None
    path = folder / name
    return path.read_bytes() if path.is_file() else None

"""The Word letter of a logged interaction log entry: exactly the letter its contact got.

Logging keeps, per entry whose line had a Word letter, an :class:`~segapp.models.EntryLetter`
row: the frozen, read-only document the letter is made from (the copy of the template letter
taken once per log and shared by all its entries, or the line's own personalised or uploaded
letter) and the contact's merge values at logging time. Opening the entry merges that
document with those values again, so the letter stays what was sent even after the contact,
the salesperson or the template change, and a log of ten thousand lines stores one document
plus ten thousand small rows of values instead of ten thousand letters; the values every
letter of a log has alike (company information, the segment's fields...) are kept once, in a
:class:`~segapp.models.LetterValues` row the entries share.

«Entry No.» is the entry's own number (reference section 8.4).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from ...models import EntryLetter, InteractionLogEntry, LetterValues, StoredDocument
from . import merge
from .letters import Letter

ENTRY_NO = "Entry No."
_DOCX_SUFFIX = ".docx"
_TAGS = {"date": dt.date.fromisoformat, "datetime": dt.datetime.fromisoformat, "decimal": Decimal}


def freeze_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Merge values as JSON: blank values are left out (a missing field merges as blank),
    dates, times and decimals keep their type so that format switches still apply."""
    frozen = {k: v for k, v in values.items() if v.__class__ is str and v and k != ENTRY_NO}
    for key, value in values.items():
        if value.__class__ is str or key == ENTRY_NO or value is None or value == "":
            continue
        if isinstance(value, dt.datetime):
            frozen[key] = {"datetime": value.isoformat()}
        elif isinstance(value, dt.date):
            frozen[key] = {"date": value.isoformat()}
        elif isinstance(value, Decimal):
            frozen[key] = {"decimal": str(value)}
        else:
            frozen[key] = value
    return frozen


def split_shared(
    frozen: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The values every letter has alike (kept once per log), and what is each letter's own."""
    if len(frozen) < 2:
        return {}, frozen
    shared = dict(frozen[0])
    for values in frozen[1:]:
        shared = {k: v for k, v in shared.items() if k in values and values[k] == v}
        if not shared:
            return {}, frozen
    return shared, [{k: v for k, v in values.items() if k not in shared} for values in frozen]


def to_json(values: Mapping[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def thaw_values(frozen: Mapping[str, Any], entry_no: int) -> dict[str, Any]:
    """The merge values of :func:`freeze_values` back, with «Entry No.» the entry's number."""
    values: dict[str, Any] = {}
    for key, value in frozen.items():
        if isinstance(value, dict) and len(value) == 1:
            ((tag, text),) = value.items()
            if tag in _TAGS:
                value = _TAGS[tag](text)
        values[key] = value
    values[ENTRY_NO] = str(entry_no)
    return values


def entry_letter(session: Session, entry_no: int) -> tuple[bytes, str] | None:
    """The .docx its contact got for entry ``entry_no`` and its file name ("<Company Name> -
    <Name>.docx" or "<Name>.docx", reference section 8.3); None when the entry had no Word
    letter. Entries logged before letters were kept this way give back their stored .docx."""
    for _, content, file_name in entry_letters(session, [entry_no]):
        return content, file_name
    return None


def entry_letters(session: Session, entry_nos: Iterable[int]) -> Iterator[tuple[int, bytes, str]]:
    """(entry no., .docx bytes, file name) of each of ``entry_nos`` that had a Word letter, in
    the order given; each frozen document is prepared once for all the entries using it."""
    wanted = list(dict.fromkeys(int(no) for no in entry_nos))
    if not wanted:
        return
    rows: dict[int, EntryLetter] = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        rows.update(
            (row.entry_no, row)
            for row in session.execute(
                select(EntryLetter).where(col(EntryLetter.entry_no).in_(chunk))
            ).scalars()
        )
    prepared: dict[int, merge.Prepared] = {}
    shared: dict[int, dict[str, Any]] = {}
    for entry_no in wanted:
        row = rows.get(entry_no)
        if row is None:
            stored = _stored_docx(session, entry_no)
            if stored is not None:
                yield entry_no, stored[0], stored[1]
            continue
        if row.document_id not in prepared:
            document = session.get(StoredDocument, row.document_id)
            prepared[row.document_id] = merge.prepare(document.content)
        letter = Letter(
            0,
            row.file_name,
            prepared[row.document_id],
            _values(session, row, shared),
            row.language_code,
        )
        yield entry_no, letter.docx(), row.file_name


@dataclass(frozen=True)
class LetterSource:
    """What an entry's letter is made of: a document and, when ``merged``, the values it is
    filled with (``merge.prepare(content).render(values)`` is the letter), else the document
    itself is the letter (an entry logged before letters were kept this way)."""

    document_id: int
    content: bytes
    file_name: str
    merged: bool
    values: dict[str, Any]


def letter_sources(session: Session, entry_nos: Iterable[int]) -> dict[int, LetterSource]:
    """The letter sources of ``entry_nos`` that have one (a Word letter kept for the entry, or
    any document stored on it), read in a constant number of queries; each document's content
    is read once, however many entries share it."""
    wanted = list(dict.fromkeys(int(no) for no in entry_nos))
    if not wanted:
        return {}
    rows = {
        row.entry_no: row
        for row in session.execute(
            select(EntryLetter).where(col(EntryLetter.entry_no).in_(wanted))
        ).scalars()
    }
    shared_ids = {row.shared_values_id for row in rows.values() if row.shared_values_id}
    shared = (
        dict(
            session.execute(
                select(LetterValues.id, LetterValues.merge_values).where(
                    col(LetterValues.id).in_(shared_ids)
                )
            ).all()
        )
        if shared_ids
        else {}
    )
    own = {
        no: (document_id, file_name)
        for no, document_id, file_name in session.execute(
            select(
                InteractionLogEntry.entry_no,
                InteractionLogEntry.document_id,
                StoredDocument.file_name,
            )
            .join(StoredDocument, StoredDocument.id == InteractionLogEntry.document_id)
            .where(col(InteractionLogEntry.entry_no).in_([n for n in wanted if n not in rows]))
        ).all()
    }
    document_ids = {row.document_id for row in rows.values()} | {d for d, _ in own.values()}
    contents = (
        dict(
            session.execute(
                select(StoredDocument.id, StoredDocument.content).where(
                    col(StoredDocument.id).in_(document_ids)
                )
            ).all()
        )
        if document_ids
        else {}
    )
    parsed: dict[int, dict[str, Any]] = {}
    found: dict[int, LetterSource] = {}
    for no in wanted:
        row = rows.get(no)
        if row is not None and row.document_id in contents:
            values: dict[str, Any] = {}
            if row.shared_values_id is not None:
                if row.shared_values_id not in parsed:
                    parsed[row.shared_values_id] = json.loads(
                        shared.get(row.shared_values_id) or "{}"
                    )
                values.update(parsed[row.shared_values_id])
            values.update(json.loads(row.merge_values or "{}"))
            found[no] = LetterSource(
                row.document_id,
                contents[row.document_id],
                row.file_name,
                True,
                thaw_values(values, no),
            )
        elif no in own and own[no][0] in contents:
            document_id, file_name = own[no]
            found[no] = LetterSource(document_id, contents[document_id], file_name or "", False, {})
    return found


def entry_merge_values(session: Session, entry_no: int) -> dict[str, Any] | None:
    """The merge values an entry's letter was made with (None without a Word letter)."""
    row = session.get(EntryLetter, entry_no)
    return None if row is None else _values(session, row, {})


def _values(session: Session, row: EntryLetter, shared: dict[int, dict[str, Any]]) -> dict:
    """An entry's merge values: the log's shared ones, then its own (``shared`` caches the
    shared rows already read)."""
    values: dict[str, Any] = {}
    if row.shared_values_id is not None:
        if row.shared_values_id not in shared:
            common = session.get(LetterValues, row.shared_values_id)
            shared[row.shared_values_id] = json.loads(common.merge_values) if common else {}
        values.update(shared[row.shared_values_id])
    values.update(json.loads(row.merge_values or "{}"))
    return thaw_values(values, row.entry_no)


def _stored_docx(session: Session, entry_no: int) -> tuple[bytes, str] | None:
    """The document stored on an entry without letter values, when it is a Word letter."""
    found = session.execute(
        select(StoredDocument.content, StoredDocument.file_name, StoredDocument.content_type)
        .join(InteractionLogEntry, InteractionLogEntry.document_id == StoredDocument.id)
        .where(InteractionLogEntry.entry_no == entry_no)
    ).first()
    if found is None:
        return None
    content, file_name, content_type = found
    is_docx = content_type == merge.DOCX_CONTENT_TYPE or (file_name or "").lower().endswith(
        _DOCX_SUFFIX
    )
    if not is_docx:
        return None
    return content, file_name or f"entry-{entry_no}{_DOCX_SUFFIX}"

"""Finding contacts from what a user typed: the worksheet's contact lookup.

The rules of the contact card (validation, the guards of bc-reference.md section 2.6) live in
`contact_card.py`."""

from __future__ import annotations

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from ...models import Contact
from ..core.errors import UserError
from ..core.inputs import search_text


def search(session: Session, text: str, limit: int = 8) -> list[tuple[str, str, str]]:
    """Contacts whose no. or name starts with ``text``, or whose name contains it, for a lookup:
    (no., name, company name), best matches first."""
    term = search_text(text)
    if not term:
        return []
    escaped = term.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    starts = func.upper(Contact.no).like(f"{escaped}%", escape="\\") | col(
        Contact.search_name
    ).like(f"{escaped}%", escape="\\")
    contains = col(Contact.search_name).like(f"%{escaped}%", escape="\\")
    rows = session.exec(
        select(Contact.no, Contact.name, Contact.company_name)
        .where(starts | contains)
        .order_by(case((starts, 0), else_=1), Contact.search_name, Contact.no)
        .limit(limit)
    ).all()
    return [(no, name, company if company != name else "") for no, name, company in rows]


def resolve(session: Session, reference: str) -> str:
    """The no. of the contact a user typed: an exact no., else the only contact whose no. or
    name matches; several matches or none are refused with the reason."""
    text = search_text(reference)
    if not text:
        raise UserError("error.contact_required")
    exact = session.exec(select(Contact.no).where(func.upper(Contact.no) == text.upper())).first()
    if exact:
        return exact
    matches = search(session, text, limit=2)
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        raise UserError("error.contact_ambiguous", text=text)
    raise UserError("error.contact_unknown", no=text)

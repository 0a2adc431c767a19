"""The Logged Segments and Interaction Log Entries windows: lists paged in SQL, cancellation,
evaluation and deletion of canceled rows (bc-reference.md sections 3.7, 3.8, 7.4, 7.5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, delete, exists, func, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from ...models import (
    Campaign,
    CampaignEntry,
    Contact,
    ContactType,
    EntryLetter,
    Evaluation,
    InteractionLogEntry,
    InteractionLogEntryComment,
    InteractionTemplateLanguage,
    LoggedSegment,
    SegmentLanguage,
    StoredDocument,
    User,
)
from ..core.errors import UserError
from ..core.inputs import code_text
from ..core.paging import Page, clamp
from ..delivery.outbox import delivery_condition
from ..letters import package
from ..letters.entry_letters import entry_letter

# --- Logged Segments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedSegmentRow:
    entry_no: int
    segment_no: str
    description: str
    creation_date: dt.date
    user_name: str
    canceled: bool
    no_of_interactions: int
    no_of_campaign_entries: int


def list_logged_segments(
    session: Session, page: int = 1, page_size: int = 50
) -> Page[LoggedSegmentRow]:
    """Newest first. No. of Interactions and No. of Campaign Entries count only rows with the
    same Canceled value as the logged segment (reference section 3.7, fields 4-5)."""
    page, page_size = clamp(page, page_size)
    total = session.execute(select(func.count()).select_from(LoggedSegment)).scalar_one()
    interactions = (
        select(func.count())
        .where(
            InteractionLogEntry.logged_segment_entry_no == LoggedSegment.entry_no,
            InteractionLogEntry.canceled == LoggedSegment.canceled,
        )
        .correlate(LoggedSegment)
        .scalar_subquery()
    )
    campaign_entries = (
        select(func.count())
        .where(
            CampaignEntry.register_no == LoggedSegment.entry_no,
            CampaignEntry.canceled == LoggedSegment.canceled,
        )
        .correlate(LoggedSegment)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            LoggedSegment.entry_no,
            LoggedSegment.segment_no,
            LoggedSegment.description,
            LoggedSegment.creation_date,
            User.username,
            LoggedSegment.canceled,
            interactions,
            campaign_entries,
        )
        .outerjoin(User, User.id == LoggedSegment.user_id)
        .order_by(col(LoggedSegment.entry_no).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [
            LoggedSegmentRow(r[0], r[1], r[2], r[3], r[4] or "", bool(r[5]), r[6], r[7])
            for r in rows
        ],
        total,
        page,
        page_size,
    )


def switch_logged_segments_canceled(session: Session, entry_nos: list[int]) -> bool:
    """Switch Checkmark in Canceled (reference section 7.4): the new value is the inverse of the
    first selected logged segment's, applied to all selected ones, their campaign entries and
    all their interaction log entries. Returns the new value."""
    if not entry_nos:
        raise UserError("logged.select_first")
    first = session.get(LoggedSegment, entry_nos[0])
    if first is None:
        raise UserError("logged.error_not_found", entry_no=entry_nos[0])
    value = not first.canceled
    session.execute(
        update(LoggedSegment)
        .where(col(LoggedSegment.entry_no).in_(entry_nos))
        .values(canceled=value)
    )
    session.execute(
        update(CampaignEntry)
        .where(col(CampaignEntry.register_no).in_(entry_nos))
        .values(canceled=value)
    )
    session.execute(
        update(InteractionLogEntry)
        .where(col(InteractionLogEntry.logged_segment_entry_no).in_(entry_nos))
        .values(canceled=value)
    )
    session.expire_all()
    return value


def canceled_logged_segments(session: Session) -> int:
    return session.execute(
        select(func.count()).where(col(LoggedSegment.canceled).is_(True))
    ).scalar_one()


def delete_canceled_logged_segments(session: Session) -> int:
    """Delete Canceled Segments (reference section 7.4): only canceled logged segments; their
    entries and campaign entries are kept and unlinked. Returns how many were deleted."""
    canceled = select(LoggedSegment.entry_no).where(col(LoggedSegment.canceled).is_(True))
    session.execute(
        update(InteractionLogEntry)
        .where(col(InteractionLogEntry.logged_segment_entry_no).in_(canceled))
        .values(logged_segment_entry_no=None)
    )
    session.execute(
        update(CampaignEntry)
        .where(col(CampaignEntry.register_no).in_(canceled))
        .values(register_no=None)
    )
    count = session.execute(
        delete(LoggedSegment).where(col(LoggedSegment.canceled).is_(True))
    ).rowcount
    session.expire_all()
    return count


# --- Campaign Entries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignEntryRow:
    entry_no: int
    campaign_no: str
    campaign_description: str
    date: dt.date
    description: str
    segment_no: str
    user_name: str
    canceled: bool
    no_of_interactions: int


def list_campaign_entries(
    session: Session, logged_segment_entry_no: int | None, page: int = 1, page_size: int = 50
) -> Page[CampaignEntryRow]:
    """Campaign Entries, the drill-down of a logged segment's No. of Campaign Entries (reference
    section 7.4, Register No.): newest first, with the number of interactions of each."""
    page, page_size = clamp(page, page_size)
    conditions = []
    if logged_segment_entry_no is not None:
        conditions.append(CampaignEntry.register_no == logged_segment_entry_no)
    total = session.execute(
        select(func.count()).select_from(CampaignEntry).where(*conditions)
    ).scalar_one()
    interactions = (
        select(func.count())
        .where(InteractionLogEntry.campaign_entry_no == CampaignEntry.entry_no)
        .correlate(CampaignEntry)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            CampaignEntry.entry_no,
            CampaignEntry.campaign_no,
            Campaign.description,
            CampaignEntry.date,
            CampaignEntry.description,
            CampaignEntry.segment_no,
            User.username,
            CampaignEntry.canceled,
            interactions,
        )
        .outerjoin(Campaign, Campaign.no == CampaignEntry.campaign_no)
        .outerjoin(User, User.id == CampaignEntry.user_id)
        .where(*conditions)
        .order_by(col(CampaignEntry.entry_no).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [
            CampaignEntryRow(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6] or "", bool(r[7]), r[8])
            for r in rows
        ],
        total,
        page,
        page_size,
    )


# --- Interaction Log Entries --------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFilter:
    """The filters of the Interaction Log Entries window (reference section 7.5). Blank means
    no filter; ``canceled`` is "", "yes" or "no"."""

    contact_no: str = ""
    segment_no: str = ""
    template_code: str = ""
    salesperson_code: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    canceled: str = ""
    logged_segment_entry_no: int | None = None
    delivery: str = ""  # "", "in_progress", "failed" or "sent"


@dataclass(frozen=True)
class EntryRow:
    entry_no: int
    canceled: bool
    attempt_failed: bool
    date: dt.date
    template_code: str
    description: str
    has_document: bool
    contact_no: str
    contact_name: str
    contact_company_name: str
    evaluation: str
    cost: object
    duration: int
    salesperson_code: str
    campaign_no: str
    correspondence_type: str
    delivery_status: str
    segment_no: str
    logged_segment_entry_no: int | None
    has_comment: bool = False
    time_of_interaction: dt.time | None = None


def _conditions(filters: EntryFilter) -> list:
    contact = aliased(Contact)
    conditions = [col(InteractionLogEntry.postponed).is_(False)]
    contact_no, segment_no = code_text(filters.contact_no), code_text(filters.segment_no)
    template_code = code_text(filters.template_code)
    salesperson_code = code_text(filters.salesperson_code)
    if contact_no:
        conditions.append(
            exists().where(
                contact.id == InteractionLogEntry.contact_id,
                contact.no == contact_no,
            )
        )
    if segment_no:
        conditions.append(InteractionLogEntry.segment_no == segment_no)
    if template_code:
        conditions.append(InteractionLogEntry.interaction_template_code == template_code)
    if salesperson_code:
        conditions.append(InteractionLogEntry.salesperson_code == salesperson_code)
    if filters.date_from:
        conditions.append(InteractionLogEntry.date >= filters.date_from)
    if filters.date_to:
        conditions.append(InteractionLogEntry.date <= filters.date_to)
    if filters.canceled in ("yes", "no"):
        conditions.append(InteractionLogEntry.canceled == (filters.canceled == "yes"))
    if filters.logged_segment_entry_no is not None:
        conditions.append(
            InteractionLogEntry.logged_segment_entry_no == filters.logged_segment_entry_no
        )
    if filters.delivery:
        conditions.append(delivery_condition(filters.delivery))
    return conditions


def list_entries(
    session: Session, filters: EntryFilter, page: int = 1, page_size: int = 50
) -> Page[EntryRow]:
    """Non-postponed entries matching the filters, newest first, paged in SQL with the total.
    Contact Name shows for persons and Contact Company Name is the company's name."""
    page, page_size = clamp(page, page_size)
    conditions = _conditions(filters)
    total = session.execute(
        select(func.count()).select_from(InteractionLogEntry).where(*conditions)
    ).scalar_one()
    contact = aliased(Contact)
    company = aliased(Contact)
    e = InteractionLogEntry
    rows = session.execute(
        select(
            e.entry_no,
            e.canceled,
            e.attempt_failed,
            e.date,
            e.interaction_template_code,
            e.description,
            e.document_id,
            contact.no,
            contact.name,
            contact.type,
            company.name,
            e.evaluation,
            e.cost,
            e.duration,
            e.salesperson_code,
            e.campaign_no,
            e.correspondence_type,
            e.delivery_status,
            e.segment_no,
            e.logged_segment_entry_no,
            exists().where(InteractionLogEntryComment.entry_no == e.entry_no),
            e.time_of_interaction,
        )
        .select_from(e)
        .join(contact, contact.id == e.contact_id)
        .outerjoin(company, company.id == e.contact_company_id)
        .where(*conditions)
        .order_by(col(e.entry_no).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [
            EntryRow(
                entry_no=r[0],
                canceled=bool(r[1]),
                attempt_failed=bool(r[2]),
                date=r[3],
                template_code=r[4] or "",
                description=r[5],
                has_document=r[6] is not None,
                contact_no=r[7],
                contact_name=r[8] if r[9] == ContactType.PERSON else "",
                contact_company_name=r[10] or "",
                evaluation=_value(r[11]),
                cost=r[12],
                duration=r[13],
                salesperson_code=r[14] or "",
                campaign_no=r[15] or "",
                correspondence_type=_value(r[16]),
                delivery_status=_value(r[17]),
                segment_no=r[18],
                logged_segment_entry_no=r[19],
                has_comment=bool(r[20]),
                time_of_interaction=r[21],
            )
            for r in rows
        ],
        total,
        page,
        page_size,
    )


def _unique_document_ids(session: Session, chosen) -> list[int]:
    """The documents of the entries ``chosen`` (a select of entry nos.) that nothing else uses:
    no other entry, no template letter, no segment (reference section 7.5, unique
    attachments)."""
    other = aliased(InteractionLogEntry)
    e = InteractionLogEntry
    return list(
        session.execute(
            select(e.document_id)
            .where(
                col(e.entry_no).in_(chosen),
                col(e.document_id).is_not(None),
                ~exists().where(
                    other.document_id == e.document_id, col(other.entry_no).not_in(chosen)
                ),
                ~exists().where(
                    EntryLetter.document_id == e.document_id,
                    col(EntryLetter.entry_no).not_in(chosen),
                ),
                ~exists().where(InteractionTemplateLanguage.document_id == e.document_id),
                ~exists().where(SegmentLanguage.document_id == e.document_id),
            )
            .distinct()
        ).scalars()
    )


def _selected(entry_nos: list[int]):
    return select(InteractionLogEntry.entry_no).where(
        col(InteractionLogEntry.entry_no).in_(entry_nos)
    )


def unique_documents_of_entries(session: Session, entry_nos: list[int]) -> int:
    """How many documents only the selected entries hold: canceling them asks whether to
    delete those (reference section 7.5)."""
    return len(_unique_document_ids(session, _selected(entry_nos))) if entry_nos else 0


def switch_entries_canceled(
    session: Session, entry_nos: list[int], *, delete_unique_documents: bool = False
) -> bool:
    """Switch Checkmark in Canceled on entries (reference section 7.5): the inverse of the first
    selected entry's value, for all selected. Un-canceling is refused, for all of them, while an
    entry's logged segment or campaign entry is canceled. When canceling and the user answered
    Yes to "delete unique attachments?" (default No), the documents only these entries hold are
    deleted and the entries keep no document. Returns the new value."""
    if not entry_nos:
        raise UserError("ile.select_first")
    first = session.get(InteractionLogEntry, entry_nos[0])
    if first is None:
        raise UserError("ile.select_first")
    value = not first.canceled
    if not value:
        blocked = session.execute(
            select(InteractionLogEntry.entry_no)
            .where(
                col(InteractionLogEntry.entry_no).in_(entry_nos),
                or_(
                    exists().where(
                        LoggedSegment.entry_no == InteractionLogEntry.logged_segment_entry_no,
                        col(LoggedSegment.canceled).is_(True),
                    ),
                    exists().where(
                        CampaignEntry.entry_no == InteractionLogEntry.campaign_entry_no,
                        col(CampaignEntry.canceled).is_(True),
                    ),
                ),
            )
            .order_by(InteractionLogEntry.entry_no)
            .limit(1)
        ).scalar()
        if blocked is not None:
            raise UserError("ile.error_uncancel_logged", entry_no=blocked)
    values: dict = {"canceled": value}
    unique = _unique_document_ids(session, _selected(entry_nos)) if value else []
    if unique and delete_unique_documents:
        values["document_id"] = case(
            (col(InteractionLogEntry.document_id).in_(unique), None),
            else_=InteractionLogEntry.document_id,
        )
    session.execute(
        update(InteractionLogEntry)
        .where(col(InteractionLogEntry.entry_no).in_(entry_nos))
        .values(**values)
    )
    if unique and delete_unique_documents:
        # the entries' letters rendered from those documents go with them
        session.execute(
            delete(EntryLetter).where(
                col(EntryLetter.entry_no).in_(entry_nos), col(EntryLetter.document_id).in_(unique)
            )
        )
        session.execute(delete(StoredDocument).where(col(StoredDocument.id).in_(unique)))
    session.expire_all()
    return value


def evaluate_entries(session: Session, entry_nos: list[int], evaluation: str) -> int:
    """Evaluate Interaction (reference section 7.5): one of the five values, on all selected."""
    if not entry_nos:
        raise UserError("ile.select_first")
    try:
        value = Evaluation(evaluation)
    except ValueError as exc:
        raise UserError("ile.error_bad_evaluation") from exc
    if value == Evaluation.BLANK:
        raise UserError("ile.error_bad_evaluation")
    count = session.execute(
        update(InteractionLogEntry)
        .where(col(InteractionLogEntry.entry_no).in_(entry_nos))
        .values(evaluation=value)
    ).rowcount
    session.expire_all()
    return count


def count_canceled_entries(session: Session, filters: EntryFilter) -> int:
    return session.execute(
        select(func.count())
        .select_from(InteractionLogEntry)
        .where(*_conditions(filters), col(InteractionLogEntry.canceled).is_(True))
    ).scalar_one()


def _canceled(filters: EntryFilter):
    return select(InteractionLogEntry.entry_no).where(
        *_conditions(filters), col(InteractionLogEntry.canceled).is_(True)
    )


def unique_documents_of_canceled(session: Session, filters: EntryFilter) -> int:
    """How many documents only the canceled entries to delete hold: Delete Canceled Entries
    asks whether to delete those too (reference section 7.5)."""
    return len(_unique_document_ids(session, _canceled(filters)))


@dataclass(frozen=True)
class DeletedEntries:
    deleted: int
    kept: int  # canceled entries kept because they hold a unique document the user keeps


def delete_canceled_entries(
    session: Session, filters: EntryFilter, *, delete_unique_documents: bool = True
) -> DeletedEntries:
    """Delete Canceled Entries (reference section 7.5): only canceled entries matching the
    filters. Asked "delete unique attachments?", Yes deletes the documents no other entry,
    template or segment uses with them; No keeps those documents, and so the canceled entries
    that hold them (a document is only ever reached through its entry)."""
    doomed = _canceled(filters)
    unique = _unique_document_ids(session, doomed)
    if unique and not delete_unique_documents:
        doomed = doomed.where(
            or_(
                col(InteractionLogEntry.document_id).is_(None),
                col(InteractionLogEntry.document_id).not_in(unique),
            )
        )
    total = count_canceled_entries(session, filters)
    doc_ids = set(
        session.execute(
            select(InteractionLogEntry.document_id)
            .where(
                col(InteractionLogEntry.entry_no).in_(doomed),
                col(InteractionLogEntry.document_id).is_not(None),
            )
            .distinct()
        ).scalars()
    )
    count = session.execute(
        delete(InteractionLogEntry).where(col(InteractionLogEntry.entry_no).in_(doomed))
    ).rowcount
    if doc_ids:
        session.execute(
            delete(StoredDocument).where(
                col(StoredDocument.id).in_(doc_ids),
                ~exists().where(InteractionLogEntry.document_id == StoredDocument.id),
                ~exists().where(EntryLetter.document_id == StoredDocument.id),
                ~exists().where(InteractionTemplateLanguage.document_id == StoredDocument.id),
                ~exists().where(SegmentLanguage.document_id == StoredDocument.id),
            )
        )
    session.expire_all()
    return DeletedEntries(deleted=count, kept=total - count)


def _value(enum_or_str: object) -> str:
    return getattr(enum_or_str, "value", enum_or_str) or ""


def entry_document(session: Session, entry_no: int) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of an entry's document, if it has one: the Word letter
    its contact got (rendered again from what logging froze), else the file stored on it."""
    letter = entry_letter(session, entry_no)
    if letter is not None:
        return letter[1], package.DOCX_CONTENT_TYPE, letter[0]
    entry = session.get(InteractionLogEntry, entry_no)
    if entry is None or entry.document_id is None:
        return None
    document = session.get(StoredDocument, entry.document_id)
    if document is None:
        return None
    media_type = document.content_type or "application/octet-stream"
    name = document.file_name or f"entry-{entry_no}"
    if media_type == package.DOCX_CONTENT_TYPE or name.lower().endswith(".docx"):
        package.open_docx(document.content, name)  # never hand out a hostile package
    return name, media_type, document.content

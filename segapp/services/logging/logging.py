"""Logging a segment (bc-reference.md section 7.2), and the new segments made from a logged one:
follow-up and Reuse Segment (sections 6.6 and 7.2 step 8).

Logging is set-based: the checks of section 7.3 are one query that finds the first failing line,
and the entries, campaign entries and deletions are INSERT ... SELECT / DELETE statements, so a
segment of ten thousand lines is logged in a fraction of a second without loading its lines into
Python. The entries are inserted in chunks of lines, in line order, to report progress.

Everything happens in the caller's transaction: any error leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from ...i18n import language_for, translate
from ...models import (
    CampaignEntry,
    Contact,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    DeliveryStatus,
    EntryLetter,
    HistoryAction,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    LetterValues,
    LoggedSegment,
    MarketingSetup,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    User,
)
from ...models.types import utcnow
from ..core.errors import UserError
from ..core.numbering import next_no
from ..delivery.outbox import queue_entries, queue_logged_segment
from ..letters.entry_letters import freeze_values, split_shared, to_json
from ..letters.letters import prepare_letters

CHUNK_LINES = 2_000
LINE_NO_STEP = 10_000
FOLLOW_UP_MAX = 50
REUSE_TABLE = "interaction_log_entry"
DOCUMENT_SEGMENT_NO = "Document Segment No."


@dataclass(frozen=True)
class Step:
    """Where a log is: the fraction done, the stage (a message key) and its count."""

    fraction: float
    stage: str
    done: int = 0
    total: int = 0


Progress = Callable[[Step], None]
STAGE_CHECKING = "log.stage_checking"
STAGE_LETTERS = "log.stage_letters"
STAGE_ENTRIES = "log.stage_entries"
STAGE_FINISHING = "log.stage_finishing"
PREPARE_SHARE = 0.6  # of the progress bar, when the letters are read before the transaction


@dataclass(frozen=True)
class LetterRow:
    """One line's letter as an entry keeps it: file name, language and its own frozen merge
    values as JSON text (over the log's shared ones)."""

    line_no: int
    file_name: str
    language: str
    values: str


@dataclass(frozen=True)
class Letters:
    shared: str | None  # JSON text of the values every letter has alike
    rows: tuple[LetterRow, ...]


@dataclass(frozen=True)
class PreparedLog:
    """The letters of a segment read before the write transaction (:func:`prepare_log`), with a
    digest of every input they were made from, so that the transaction can tell they are
    still right."""

    segment_no: str
    inputs: int
    letters: Letters


@dataclass(frozen=True)
class LogDefaults:
    """The Log dialog's options (reference section 7.1)."""

    segment_no: str
    no_of_lines: int
    can_send: bool
    send: bool
    follow_up: bool = False


@dataclass(frozen=True)
class LogResult:
    segment_no: str
    logged_segment_entry_no: int
    interactions: int
    follow_up_no: str | None


def log_defaults(session: Session, segment_no: str) -> LogDefaults:
    """Send Attachments is on, and possible, when at least one line with a contact has a
    correspondence type; Create Follow-up Segment is off (reference section 7.1)."""
    header = _header(session, segment_no)
    lines, typed = session.execute(
        select(
            func.count(),
            func.count(case((SegmentLine.correspondence_type != CorrespondenceType.BLANK, 1))),
        ).where(
            SegmentLine.segment_id == header.id,
            col(SegmentLine.contact_id).is_not(None),
        )
    ).one()
    return LogDefaults(header.no, lines, typed > 0, typed > 0)


def prepare_log(
    session: Session,
    segment_no: str,
    *,
    deliver: bool,
    progress: Progress | None = None,
) -> PreparedLog:
    """The slow, read-only part of a log, run before the write transaction so that the
    transaction stays short and other users' saves do not wait behind it: the checks of
    section 7.3 (refusing early) and every letter's merge values. A contact whose letter cannot
    be merged (a missing salutation formula) refuses the log here, before anything is written.
    Nothing is written; the caller may roll back."""
    report = progress or (lambda _step: None)
    header = _header(session, segment_no)
    _checked_line_nos(session, header, deliver)
    report(Step(0.02, STAGE_CHECKING))
    inputs = _letter_inputs(session, header)
    letters = _letter_rows(
        session,
        header,
        lambda done, total: report(
            Step(0.02 + (PREPARE_SHARE - 0.02) * done / max(1, total), STAGE_LETTERS, done, total)
        ),
    )
    return PreparedLog(header.no, inputs, letters)


def log_segment(
    session: Session,
    segment_no: str,
    *,
    user_id: int | None,
    deliver: bool,
    follow_up: bool,
    today: dt.date | None = None,
    progress: Progress | None = None,
    prepared: PreparedLog | None = None,
    lang: str | None = None,
) -> LogResult:
    """Logs a segment as reference section 7.2 says, in the caller's transaction.

    The header row is locked first (a write on SQLite, SELECT ... FOR UPDATE on PostgreSQL), so
    two users logging the same segment at once log it once: the second finds it gone and is told
    it has been logged. Delivery itself comes later: entries to be sent are marked In Progress,
    and a line whose final correspondence type is blank is never queued (the [quirk] of
    section 7.3 avoided).

    With ``prepared`` (from :func:`prepare_log`, in an earlier transaction) the letters' values
    are taken from it when nothing they depend on in the segment has changed since; otherwise
    they are read here. No letter is rendered: each entry keeps its frozen document and merge
    values (see ``services/letters/entry_letters.py``)."""
    report = progress or (lambda _step: None)
    start_at = PREPARE_SHARE if prepared is not None else 0.0
    share = 1.0 - start_at

    def at(fraction: float, stage: str, done: int = 0, total: int = 0) -> None:
        report(Step(start_at + share * fraction, stage, done, total))

    today = today or dt.date.today()
    now = utcnow()
    header = _lock_header(session, segment_no, now)
    line_nos = _checked_line_nos(session, header, deliver)
    at(0.05, STAGE_CHECKING)
    if (
        prepared is not None
        and prepared.segment_no == header.no
        and prepared.inputs == _letter_inputs(session, header)
    ):
        letters = prepared.letters
    else:
        letters = _letter_rows(
            session,
            header,
            lambda done, total: at(0.05 + 0.35 * done / max(1, total), STAGE_LETTERS, done, total),
        )
    at(0.4, STAGE_ENTRIES, 0, len(line_nos))

    logged = LoggedSegment(
        segment_no=header.no,
        description=header.description,
        creation_date=today,
        user_id=user_id,
        created_at=now,
    )
    session.add(logged)
    try:
        session.flush()
    except IntegrityError as exc:
        raise UserError("log.error_already_logged", no=header.no) from exc
    _add_campaign_entries(session, header, logged, user_id)
    _freeze_documents(session, header, now)

    with_letter = {row.line_no for row in letters.rows}
    for start in range(0, len(line_nos), CHUNK_LINES):
        chunk = line_nos[start : start + CHUNK_LINES]
        lettered = [no for no in chunk if no in with_letter]
        _insert_entries(
            session, header, logged, chunk[0], chunk[-1], deliver, user_id, now, lettered
        )
        done = start + len(chunk)
        at(0.4 + 0.3 * done / len(line_nos), STAGE_ENTRIES, done, len(line_nos))

    _keep_letters(
        session,
        InteractionLogEntry.logged_segment_entry_no == logged.entry_no,
        line_nos,
        letters,
        deliver,
        lambda done: at(
            0.7 + 0.2 * done / max(1, len(letters.rows)),
            STAGE_ENTRIES,
            len(line_nos),
            len(line_nos),
        ),
        delivered_at_insert=True,
    )
    at(0.9, STAGE_FINISHING)
    if deliver:
        # the decision to send, in the same transaction as the entries (reference 7.2 6.4)
        queue_logged_segment(session, logged.entry_no, now)
    campaign_no = header.campaign_no
    text_lang = language_for(header.language_code_default, lang)
    _delete_segment(session, header.id)
    follow_up_no = None
    if follow_up:
        new = _new_header(
            session,
            user_id=user_id,
            description=_follow_up_description(header.no, text_lang),
            campaign_no=campaign_no,
            today=today,
        )
        reuse_logged_segment(session, new, logged.entry_no)
        follow_up_no = new.no
    at(1.0, STAGE_FINISHING)
    return LogResult(header.no, logged.entry_no, len(line_nos), follow_up_no)


def log_interaction(
    session: Session,
    segment_id: int,
    *,
    user_id: int | None,
    deliver: bool,
    segment_no: str = "",
    time_of_interaction: dt.time | None = None,
    into_entry_no: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """One interaction (the Create Interaction wizard, reference section 9) logged by the
    segment engine: the one line of a temporary segment goes through the same checks (section
    7.3), letter values (8.4), frozen documents, entry insert and delivery queue as a segment
    log, without a Logged Segment or campaign entries; the temporary segment is deleted. The
    entry names ``segment_no`` (the segment line it was started from, else blank).

    With ``into_entry_no`` the postponed entry of that number is updated instead of a new one
    being added (resuming a postponed interaction). Returns the entry's number."""
    now = now or utcnow()
    header = session.get(SegmentHeader, segment_id)
    if header is None:
        raise UserError("error.segment_gone")
    line_nos = _checked_line_nos(session, header, deliver)
    letters = _with_segment_no(_letter_rows(session, header, lambda _d, _t: None), segment_no)
    _freeze_documents(session, header, now)
    (entry_no,) = _insert_entries(
        session, header, None, line_nos[0], line_nos[-1], deliver, user_id, now
    )
    values = {"segment_no": segment_no, "time_of_interaction": time_of_interaction}
    if into_entry_no is not None:
        entry_no = _move_entry(session, entry_no, into_entry_no, values)
    else:
        session.execute(
            update(InteractionLogEntry)
            .where(InteractionLogEntry.entry_no == entry_no)
            .values(**values)
        )
    _keep_letters(
        session,
        InteractionLogEntry.entry_no == entry_no,
        line_nos,
        letters,
        deliver,
        lambda _done: None,
    )
    if deliver:
        queue_entries(session, [entry_no], now)
    _delete_segment(session, header.id)
    return entry_no


def _with_segment_no(letters: Letters, segment_no: str) -> Letters:
    """The letter's Document Segment No. is the segment the interaction came from, not the
    temporary one it was logged through."""
    rows = []
    for row in letters.rows:
        values = json.loads(row.values)
        values.pop(DOCUMENT_SEGMENT_NO, None)
        if segment_no:
            values[DOCUMENT_SEGMENT_NO] = segment_no
        rows.append(LetterRow(row.line_no, row.file_name, row.language, to_json(values)))
    shared = json.loads(letters.shared) if letters.shared else None
    if shared is not None:
        shared.pop(DOCUMENT_SEGMENT_NO, None)
    return Letters(to_json(shared) if shared else None, tuple(rows))


def _move_entry(session: Session, new_no: int, into_no: int, values: dict) -> int:
    """Copies the entry just logged into the postponed entry ``into_no`` (which then is no
    longer postponed) and removes the new one: resuming keeps the entry's number and its
    comments."""
    table = InteractionLogEntry.__table__
    row = session.execute(select(table).where(table.c.entry_no == new_no)).mappings().one()
    copied = {c.name: row[c.name] for c in table.c if c.name != "entry_no"}
    copied.update(values, postponed=False)
    session.execute(delete(table).where(table.c.entry_no == new_no))
    moved = session.execute(
        update(table)
        .where(table.c.entry_no == into_no, table.c.postponed == true())
        .values(**copied)
    ).rowcount
    if moved != 1:
        raise UserError("interaction.error_postponed_gone", entry_no=into_no)
    return into_no


def new_segment_from_logged(
    session: Session,
    entry_no: int,
    *,
    user_id: int | None,
    follow_up: bool,
    today: dt.date | None = None,
    lang: str | None = None,
) -> str:
    """A new open segment numbered from the series with one line per entry of a logged segment
    (Reuse Segment, reference section 6.6). A follow-up takes the description "Follow-up on
    segment <No.>" and the logged segment's campaign (section 7.2 step 8)."""
    logged = session.get(LoggedSegment, entry_no)
    if logged is None:
        raise UserError("logged.error_not_found", entry_no=entry_no)
    campaign_no = session.execute(
        select(CampaignEntry.campaign_no)
        .where(CampaignEntry.register_no == entry_no)
        .order_by(CampaignEntry.entry_no)
        .limit(1)
    ).scalar()
    header = _new_header(
        session,
        user_id=user_id,
        description=(
            _follow_up_description(logged.segment_no, language_for(None, lang))
            if follow_up
            else logged.description
        ),
        campaign_no=campaign_no if follow_up else None,
        today=today or dt.date.today(),
    )
    reuse_logged_segment(session, header, entry_no)
    return header.no


def reuse_logged_segment(session: Session, header: SegmentHeader, entry_no: int) -> int:
    """Reuse Segment (reference section 6.6): an Add Contacts action with Allow Existing Contacts
    filtered on the logged segment, then one line per entry of it (no de-duplication, canceled
    ones too) initialised from the header (section 5.1) with the entry's campaign, and one
    history row per line. Returns the number of lines added."""
    last_line = session.execute(
        select(func.coalesce(func.max(SegmentLine.line_no), 0)).where(
            SegmentLine.segment_id == header.id
        )
    ).scalar_one()
    action_no = _write_reuse_action(session, header.id, entry_no)
    before = session.execute(
        select(func.count()).where(SegmentLine.segment_id == header.id)
    ).scalar_one()
    contact = aliased(Contact)
    order = func.row_number().over(order_by=InteractionLogEntry.entry_no)
    language = _line_language(header, contact.language_code)
    row = aliased(SegmentLanguage)
    subject = (
        select(row.subject)
        .where(
            row.segment_id == header.id,
            row.segment_line_no == 0,
            row.language_code == language,
        )
        .limit(1)
        .scalar_subquery()
    )
    select_lines = (
        select(
            literal(header.id),
            last_line + order * LINE_NO_STEP,
            contact.id,
            contact.company_id,
            InteractionLogEntry.campaign_no,
            func.coalesce(literal(header.salesperson_code), contact.salesperson_code),
            _correspondence_type_a(session, header, contact.correspondence_type),
            literal(header.interaction_template_code),
            literal(header.interaction_group_code),
            literal(header.unit_cost),
            literal(header.unit_duration),
            literal(header.campaign_response),
            literal(header.campaign_target),
            literal(header.information_flow.value),
            literal(header.initiated_by.value),
            literal(""),
            language,
            literal(header.description),
            func.coalesce(subject, literal(header.subject_default)),
            literal(header.date),
            literal(False),
            literal(header.send_word_docs_as_attmt),
            literal(""),
        )
        .select_from(InteractionLogEntry)
        .join(contact, contact.id == InteractionLogEntry.contact_id)
        .where(InteractionLogEntry.logged_segment_entry_no == entry_no)
        .order_by(InteractionLogEntry.entry_no)
    )
    columns = [
        "segment_id",
        "line_no",
        "contact_id",
        "contact_company_id",
        "campaign_no",
        "salesperson_code",
        "correspondence_type",
        "interaction_template_code",
        "interaction_group_code",
        "cost",
        "duration",
        "campaign_response",
        "campaign_target",
        "information_flow",
        "initiated_by",
        "evaluation",
        "language_code",
        "description",
        "subject",
        "date",
        "attempt_failed",
        "send_word_doc_as_attmt",
        "contact_via",
    ]
    session.execute(insert(SegmentLine).from_select(columns, select_lines))
    session.execute(
        insert(SegmentHistory).from_select(
            ["segment_id", "action_no", "segment_line_no", "contact_id", "action_taken"],
            select(
                SegmentLine.segment_id,
                literal(action_no),
                SegmentLine.line_no,
                SegmentLine.contact_id,
                literal(HistoryAction.INSERTION.value),
            ).where(SegmentLine.segment_id == header.id, SegmentLine.line_no > last_line),
        )
    )
    after = session.execute(
        select(func.count()).where(SegmentLine.segment_id == header.id)
    ).scalar_one()
    return after - before


# --- Steps of the algorithm ---------------------------------------------------------------------


def _header(session: Session, segment_no: str) -> SegmentHeader:
    header = session.execute(
        select(SegmentHeader).where(SegmentHeader.no == segment_no)
    ).scalar_one_or_none()
    if header is None:
        _raise_gone(session, segment_no)
    return header


def _raise_gone(session: Session, segment_no: str) -> None:
    logged = session.execute(
        select(LoggedSegment.entry_no).where(LoggedSegment.segment_no == segment_no)
    ).first()
    if logged is not None:
        raise UserError("log.error_already_logged", no=segment_no)
    raise UserError("log.error_segment_not_found", no=segment_no)


def _lock_header(session: Session, segment_no: str, now: dt.datetime) -> SegmentHeader:
    """The header, locked until the transaction ends; refused when already logged.

    On SQLite the first statement is a write, which takes the database's write lock (waiting
    for another logging to finish) before anything is read; on PostgreSQL the row lock of
    SELECT ... FOR UPDATE makes a concurrent logging wait and then find the header deleted."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(SegmentHeader).where(SegmentHeader.no == segment_no).values(modified_at=now)
        )
    header = session.execute(
        select(SegmentHeader).where(SegmentHeader.no == segment_no).with_for_update()
    ).scalar_one_or_none()
    if header is None:
        _raise_gone(session, segment_no)
    session.refresh(header)
    already = session.execute(
        select(LoggedSegment.entry_no).where(LoggedSegment.segment_no == header.no)
    ).first()
    if already is not None:
        raise UserError("log.error_already_logged", no=header.no)
    return header


def _checked_line_nos(session: Session, header: SegmentHeader, deliver: bool) -> list[int]:
    """The numbers of the lines to log (with a contact), in line order, once the header and
    every line pass the checks of sections 7.2 and 7.3."""
    if not header.description.strip():
        raise UserError("log.error_description_missing", no=header.no)
    line_nos = list(
        session.execute(
            select(SegmentLine.line_no)
            .where(
                SegmentLine.segment_id == header.id,
                col(SegmentLine.contact_id).is_not(None),
            )
            .order_by(SegmentLine.line_no)
        ).scalars()
    )
    if not line_nos:
        raise UserError("log.error_segment_empty", no=header.no)
    _check_lines(session, header, deliver)
    return line_nos


def _letter_inputs(session: Session, header: SegmentHeader) -> int:
    """A digest of what the letters' choice and values depend on inside the segment: the
    header's fields, every line's and every language row's. (Contacts, salespeople and the
    company are read when the letters are prepared: their values are the ones the contacts
    get.)"""
    lines = session.execute(
        select(
            SegmentLine.line_no,
            SegmentLine.contact_id,
            SegmentLine.language_code,
            SegmentLine.salesperson_code,
            SegmentLine.date,
            SegmentLine.description,
            SegmentLine.subject,
            SegmentLine.campaign_no,
            SegmentLine.correspondence_type,
            SegmentLine.interaction_template_code,
        )
        .where(SegmentLine.segment_id == header.id)
        .order_by(SegmentLine.line_no)
    ).all()
    rows = session.execute(
        select(
            SegmentLanguage.segment_line_no,
            SegmentLanguage.language_code,
            SegmentLanguage.document_id,
        )
        .where(SegmentLanguage.segment_id == header.id)
        .order_by(SegmentLanguage.segment_line_no, SegmentLanguage.language_code)
    ).all()
    fields = (header.no, header.interaction_template_code, header.language_code_default)
    return hash((fields, tuple(lines), tuple(rows)))


def _letter_rows(
    session: Session, header: SegmentHeader, progress: Callable[[int, int], None]
) -> Letters:
    """Every line's letter: its file name, language and frozen merge values, the values all
    letters have alike apart (serialised here, before the write transaction when the Log
    dialog prepares the log). A segment without any Word document has no letter to read."""
    has_document = session.execute(
        select(
            exists().where(
                SegmentLanguage.segment_id == header.id,
                col(SegmentLanguage.document_id).is_not(None),
            )
        )
    ).scalar()
    if not has_document:
        return Letters(None, ())
    batch = prepare_letters(session, header.id, progress=progress)
    frozen = [freeze_values(letter.values) for letter in batch.letters]
    shared, own = split_shared(frozen)
    return Letters(
        to_json(shared) if shared else None,
        tuple(
            LetterRow(letter.line_no, letter.file_name, letter.language, to_json(values))
            for letter, values in zip(batch.letters, own, strict=True)
        ),
    )


def _final_type(line: type[SegmentLine], contact) -> object:
    """Section 7.3: an e-mail line for a contact without e-mail address becomes blank."""
    return case(
        (
            and_(
                line.correspondence_type == CorrespondenceType.EMAIL,
                func.coalesce(contact.email, "") == "",
            ),
            literal(CorrespondenceType.BLANK.value),
        ),
        else_=line.correspondence_type,
    )


def _line_document(header: SegmentHeader):
    """The document a line's entry keeps (reference section 5.5): the line's own language row
    (its language first), else, when the line uses the header's template, the header row of
    its language, else the header row of the header's default language."""
    own = aliased(SegmentLanguage)
    own_other = aliased(SegmentLanguage)
    inherited = aliased(SegmentLanguage)
    default = aliased(SegmentLanguage)
    own_doc = (
        select(own.document_id)
        .where(
            own.segment_id == SegmentLine.segment_id,
            own.segment_line_no == SegmentLine.line_no,
            own.language_code == SegmentLine.language_code,
        )
        .limit(1)
        .scalar_subquery()
    )
    own_any = (
        select(func.min(own_other.document_id))
        .where(
            own_other.segment_id == SegmentLine.segment_id,
            own_other.segment_line_no == SegmentLine.line_no,
        )
        .scalar_subquery()
    )
    inherited_doc = (
        select(inherited.document_id)
        .where(
            inherited.segment_id == SegmentLine.segment_id,
            inherited.segment_line_no == 0,
            inherited.language_code == SegmentLine.language_code,
        )
        .limit(1)
        .scalar_subquery()
    )
    default_doc = (
        select(default.document_id)
        .where(
            default.segment_id == SegmentLine.segment_id,
            default.segment_line_no == 0,
            default.language_code == literal(header.language_code_default),
        )
        .limit(1)
        .scalar_subquery()
    )
    same_template = func.coalesce(SegmentLine.interaction_template_code, "") == literal(
        header.interaction_template_code or ""
    )
    return func.coalesce(
        own_doc,
        own_any,
        case((same_template, func.coalesce(inherited_doc, default_doc)), else_=None),
    )


def _check_lines(session: Session, header: SegmentHeader, deliver: bool) -> None:
    """Reference section 7.3 on every line with a contact, in one query: the first failing line
    in line order is reported, with the first failing check of that line."""
    contact = aliased(Contact)
    final = _final_type(SegmentLine, contact)
    whens = [
        (col(SegmentLine.salesperson_code).is_(None), literal("salesperson")),
        (col(SegmentLine.interaction_template_code).is_(None), literal("template")),
    ]
    if deliver:
        whens += [
            (
                and_(
                    SegmentLine.correspondence_type == CorrespondenceType.EMAIL,
                    func.coalesce(contact.email, "") == "",
                ),
                literal("email"),
            ),
            (
                and_(
                    final != CorrespondenceType.BLANK.value,
                    _line_document(header).is_(None),
                ),
                literal("attachment"),
            ),
        ]
    problem = case(*whens, else_=None)
    failing = session.execute(
        select(SegmentLine.line_no, contact.no, problem.label("problem"))
        .select_from(SegmentLine)
        .join(contact, contact.id == SegmentLine.contact_id)
        .where(SegmentLine.segment_id == header.id, problem.is_not(None))
        .order_by(SegmentLine.line_no)
        .limit(1)
    ).first()
    if failing is not None:
        line_no, contact_no, kind = failing
        raise UserError(f"log.error_line_{kind}", no=header.no, line_no=line_no, contact=contact_no)


def _add_campaign_entries(
    session: Session, header: SegmentHeader, logged: LoggedSegment, user_id: int | None
) -> None:
    """One campaign entry per campaign of the lines (reference section 7.2 step 4, 3.9)."""
    session.execute(
        insert(CampaignEntry).from_select(
            [
                "campaign_no",
                "description",
                "date",
                "segment_no",
                "register_no",
                "user_id",
                "canceled",
            ],
            select(
                SegmentLine.campaign_no,
                literal(header.description),
                literal(header.date),
                literal(header.no),
                literal(logged.entry_no),
                literal(user_id),
                literal(False),
            )
            .where(
                SegmentLine.segment_id == header.id,
                col(SegmentLine.campaign_no).is_not(None),
                col(SegmentLine.contact_id).is_not(None),
            )
            .group_by(SegmentLine.campaign_no)
            .order_by(SegmentLine.campaign_no),
        )
    )


def _freeze_documents(session: Session, header: SegmentHeader, now: dt.datetime) -> None:
    """Logged documents are frozen (reference section 7.2 step 6.5): the segment's documents are
    marked read-only. A document also used elsewhere (a template's letter, another segment) is
    copied instead, so that the template stays editable, and the segment's rows point to the
    copy that the entries will keep."""
    doc_ids = list(
        session.execute(
            select(SegmentLanguage.document_id)
            .where(
                SegmentLanguage.segment_id == header.id,
                col(SegmentLanguage.document_id).is_not(None),
            )
            .distinct()
        ).scalars()
    )
    if not doc_ids:
        return
    other = aliased(SegmentLanguage)
    shared = set(
        session.execute(
            select(StoredDocument.id).where(
                col(StoredDocument.id).in_(doc_ids),
                or_(
                    exists().where(InteractionTemplateLanguage.document_id == StoredDocument.id),
                    exists().where(
                        other.document_id == StoredDocument.id, other.segment_id != header.id
                    ),
                ),
            )
        ).scalars()
    )
    own = [doc_id for doc_id in doc_ids if doc_id not in shared]
    if own:
        session.execute(
            update(StoredDocument)
            .where(col(StoredDocument.id).in_(own))
            .values(read_only=True, modified_at=now)
        )
    for doc_id in sorted(shared):
        copy_id = session.execute(
            insert(StoredDocument)
            .from_select(
                [
                    "file_name",
                    "content_type",
                    "content",
                    "size",
                    "read_only",
                    "created_at",
                    "modified_at",
                ],
                select(
                    StoredDocument.file_name,
                    StoredDocument.content_type,
                    StoredDocument.content,
                    StoredDocument.size,
                    true(),
                    literal(now, StoredDocument.__table__.c.created_at.type),
                    literal(now, StoredDocument.__table__.c.modified_at.type),
                ).where(StoredDocument.id == doc_id),
            )
            .returning(StoredDocument.id)
        ).scalar_one()
        session.execute(
            update(SegmentLanguage)
            .where(SegmentLanguage.segment_id == header.id, SegmentLanguage.document_id == doc_id)
            .values(document_id=copy_id)
        )


def _insert_entries(
    session: Session,
    header: SegmentHeader,
    logged: LoggedSegment | None,
    first_line_no: int,
    last_line_no: int,
    deliver: bool,
    user_id: int | None,
    now: dt.datetime,
    lettered: list[int] | None = None,
) -> list[int]:
    """One interaction log entry per line with a contact between two line numbers, numbered in
    line order (reference sections 7.2 step 6 and 3.8). Without ``logged`` (one interaction,
    section 9) the entry belongs to no logged segment and no campaign entry, and its number is
    returned. ``lettered`` are the lines whose Word letter the entry keeps: with "send
    attachments" such a Hard Copy letter is delivered at once (status blank), decided here
    rather than by a second pass over the entries."""
    contact = aliased(Contact)
    final = _final_type(SegmentLine, contact)
    campaign_entry = (
        select(CampaignEntry.entry_no)
        .where(
            CampaignEntry.register_no == logged.entry_no,
            CampaignEntry.campaign_no == SegmentLine.campaign_no,
        )
        .limit(1)
        .scalar_subquery()
        if logged is not None
        else literal(None)
    )
    document = _line_document(header)
    delivered = []
    if deliver and lettered:
        delivered.append(
            (
                and_(
                    final == CorrespondenceType.HARD_COPY.value,
                    col(SegmentLine.line_no).in_(lettered),
                    document.is_not(None),
                ),
                literal(DeliveryStatus.BLANK.value),
            )
        )
    delivery = case(
        *delivered,
        (
            and_(literal(deliver), final != CorrespondenceType.BLANK.value),
            literal(DeliveryStatus.IN_PROGRESS.value),
        ),
        else_=literal(DeliveryStatus.BLANK.value),
    )
    contact_via = case(
        (SegmentLine.contact_via != "", SegmentLine.contact_via),
        (final == CorrespondenceType.EMAIL.value, func.coalesce(contact.email, "")),
        else_=literal(""),
    )
    columns = {
        "contact_id": SegmentLine.contact_id,
        "contact_company_id": SegmentLine.contact_company_id,
        "date": SegmentLine.date,
        "description": SegmentLine.description,
        "information_flow": SegmentLine.information_flow,
        "initiated_by": SegmentLine.initiated_by,
        "document_id": document,
        "cost": SegmentLine.cost,
        "duration": SegmentLine.duration,
        "user_id": literal(user_id),
        "interaction_group_code": SegmentLine.interaction_group_code,
        "interaction_template_code": SegmentLine.interaction_template_code,
        "campaign_no": SegmentLine.campaign_no,
        "campaign_entry_no": campaign_entry,
        "campaign_response": SegmentLine.campaign_response,
        "campaign_target": SegmentLine.campaign_target,
        "segment_no": literal(header.no),
        "evaluation": SegmentLine.evaluation,
        "attempt_failed": SegmentLine.attempt_failed,
        "salesperson_code": SegmentLine.salesperson_code,
        "delivery_status": delivery,
        "canceled": literal(False),
        "correspondence_type": final,
        "logged_segment_entry_no": literal(logged.entry_no if logged is not None else None),
        "contact_via": contact_via,
        "send_word_docs_as_attmt": SegmentLine.send_word_doc_as_attmt,
        "language_code": SegmentLine.language_code,
        "subject": SegmentLine.subject,
        "postponed": literal(False),
        "created_at": literal(now, InteractionLogEntry.__table__.c.created_at.type),
    }
    statement = insert(InteractionLogEntry).from_select(
        list(columns),
        select(*columns.values())
        .select_from(SegmentLine)
        .join(contact, contact.id == SegmentLine.contact_id)
        .where(
            SegmentLine.segment_id == header.id,
            SegmentLine.line_no >= first_line_no,
            SegmentLine.line_no <= last_line_no,
        )
        .order_by(SegmentLine.line_no),
    )
    if logged is not None:
        session.execute(statement)
        return []
    return list(session.execute(statement.returning(InteractionLogEntry.entry_no)).scalars())


def _keep_letters(
    session: Session,
    entries_of_log,
    line_nos: list[int],
    letters: Letters,
    deliver: bool,
    progress: Callable[[int], None],
    delivered_at_insert: bool = False,
) -> None:
    """Every entry whose line has a Word letter keeps what makes its letter (reference section
    7.2 step 5): the frozen document the entry points to and its contact's merge values, so
    that opening the entry renders exactly the letter its contact got. With "send attachments"
    a Hard Copy letter is then delivered (status blank); an e-mail stays In Progress for the
    sending step (unless ``delivered_at_insert``: the entries were written with that status).
    ``entries_of_log`` is the condition that finds the log's entries."""
    entries = session.execute(
        select(InteractionLogEntry.entry_no, InteractionLogEntry.document_id)
        .where(entries_of_log)
        .order_by(InteractionLogEntry.entry_no)
    ).all()
    entry_of_line = dict(zip(line_nos, entries, strict=True))
    shared_id = None
    if letters.shared is not None and letters.rows:
        shared_id = session.execute(
            insert(LetterValues).values(merge_values=letters.shared).returning(LetterValues.id)
        ).scalar_one()
    rows = []
    for letter in letters.rows:
        entry_no, document_id = entry_of_line.get(letter.line_no, (None, None))
        if document_id is None:
            continue
        rows.append(
            {
                "entry_no": entry_no,
                "document_id": document_id,
                "shared_values_id": shared_id,
                "file_name": letter.file_name,
                "language_code": letter.language,
                "merge_values": letter.values,
            }
        )
    for start in range(0, len(rows), CHUNK_LINES):
        session.connection().execute(
            EntryLetter.__table__.insert(), rows[start : start + CHUNK_LINES]
        )
        progress(start + len(rows[start : start + CHUNK_LINES]))
    if deliver and rows and not delivered_at_insert:
        session.execute(
            update(InteractionLogEntry)
            .where(
                entries_of_log,
                InteractionLogEntry.correspondence_type == CorrespondenceType.HARD_COPY,
                InteractionLogEntry.delivery_status == DeliveryStatus.IN_PROGRESS,
                exists().where(EntryLetter.entry_no == InteractionLogEntry.entry_no),
            )
            .values(delivery_status=DeliveryStatus.BLANK)
        )


def _delete_segment(session: Session, segment_id: int) -> None:
    """The header and its criteria, history, language rows and lines (reference section 3.1);
    the documents survive, being read-only now."""
    for table in (SegmentCriteriaLine, SegmentHistory, SegmentLanguage, SegmentLine):
        session.execute(delete(table).where(table.segment_id == segment_id))
    session.execute(delete(SegmentHeader).where(SegmentHeader.id == segment_id))
    session.expire_all()


# --- New segments -------------------------------------------------------------------------------


def _follow_up_description(segment_no: str, lang: str) -> str:
    """ "Follow-up on segment <No.>" in the segment's language (else the user's)."""
    return translate(lang, "log.follow_up_description", no=segment_no)[:FOLLOW_UP_MAX]


def _new_header(
    session: Session,
    *,
    user_id: int | None,
    description: str,
    campaign_no: str | None,
    today: dt.date,
) -> SegmentHeader:
    """A segment header numbered from Marketing Setup's segment series, dated today, with the
    user's salesperson (reference sections 3.1 and 7.2 step 8)."""
    setup = session.get(MarketingSetup, 1)
    series = setup.segment_nos if setup else None
    no = next_no(session, series)
    user = session.get(User, user_id) if user_id is not None else None
    header = SegmentHeader(
        no=no,
        description=description,
        campaign_no=campaign_no,
        salesperson_code=user.salesperson_code if user else None,
        date=today,
        no_series=series,
        created_by_id=user_id,
    )
    session.add(header)
    session.flush()
    return header


def _write_reuse_action(session: Session, segment_id: int, entry_no: int) -> int:
    """The criteria of Reuse Segment: an Add Contacts action with Allow Existing Contacts and
    one filter row on the interaction log entries of the logged segment (section 6.6). Returns
    the action's number, used by the history rows (section 3.5)."""
    last = session.execute(
        select(func.coalesce(func.max(SegmentCriteriaLine.line_no), 0)).where(
            SegmentCriteriaLine.segment_id == segment_id
        )
    ).scalar_one()
    actions = session.execute(
        select(func.count()).where(
            SegmentCriteriaLine.segment_id == segment_id,
            SegmentCriteriaLine.type == CriteriaLineType.ACTION,
        )
    ).scalar_one()
    session.add_all(
        [
            SegmentCriteriaLine(
                segment_id=segment_id,
                line_no=last + 1,
                type=CriteriaLineType.ACTION,
                action=CriteriaAction.ADD,
                table_name="contact",
                allow_existing_contacts=True,
                no_of_filters=1,
            ),
            SegmentCriteriaLine(
                segment_id=segment_id,
                line_no=last + 2,
                type=CriteriaLineType.FILTER,
                action=CriteriaAction.ADD,
                table_name=REUSE_TABLE,
                filters={"logged_segment_entry_no": str(entry_no)},
            ),
        ]
    )
    session.flush()
    return actions + 1


def _line_language(header: SegmentHeader, contact_language):
    """Section 5.4 for a line inheriting from the header: the contact's language when the header
    has a row for it, else the header's default language."""
    row = aliased(SegmentLanguage)
    has_row = exists().where(
        row.segment_id == header.id,
        row.segment_line_no == 0,
        row.language_code == contact_language,
    )
    return case((has_row, contact_language), else_=literal(header.language_code_default))


def _correspondence_type_a(session: Session, header: SegmentHeader, contact_type):
    """Resolution A of reference section 5.1 for a new line of ``header``."""
    if header.ignore_contact_corres_type and header.correspondence_type_default:
        return literal(header.correspondence_type_default.value)
    template = (
        session.get(InteractionTemplate, header.interaction_template_code)
        if header.interaction_template_code
        else None
    )
    if template is None:
        return contact_type
    if template.ignore_contact_corres_type:
        return literal(template.correspondence_type_default.value)
    return case(
        (
            contact_type == CorrespondenceType.BLANK.value,
            template.correspondence_type_default.value,
        ),
        else_=contact_type,
    )

"""Create Interaction for one contact, postponed interactions and entry comments
(bc-reference.md section 9, with sections 3.8 and 7.5).

The wizard works on a draft (:class:`Draft`), Business Central's temporary segment line: the
state keeps it between steps, nothing is written until the user finishes or postpones. Every
step that needs the engine (merging the letter to edit, logging) turns the draft into a
one-line segment inside the transaction and hands it to the same services a segment uses
(``letters.line_letter_file`` for the letter, ``logging.log_interaction`` for the entry, the
delivery outbox for e-mails); that segment is deleted before the transaction ends.

A postponed interaction is an entry with Postponed set, holding the draft's values and its
edited letter; it is hidden from Interaction Log Entries. Resuming it fills the wizard again,
and finishing updates that same entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col

from ...models import (
    Contact,
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionLogEntry,
    InteractionLogEntryComment,
    InteractionTemplate,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    User,
    WizardAction,
)
from ..core.errors import UserError
from ..core.inputs import search_text
from ..letters import documents
from ..letters.letters import line_letter_file
from ..selection.lookups import lookup
from ..worksheet.worksheet import find_contact, parse_value, template_of
from . import logging as seglog

LINE_NO = 10_000
COMMENT_MAX = 250
STEPS = ("type", "content", "related", "result")


@dataclass(frozen=True)
class Draft:
    """The wizard's temporary segment line (reference section 9), as the user typed it."""

    contact_no: str = ""
    contact_name: str = ""
    template_code: str = ""
    wizard_action: str = ""
    description: str = ""
    salesperson_code: str = ""
    language_code: str = ""
    date: str = ""
    time: str = ""
    correspondence_type: str = ""
    information_flow: str = ""
    initiated_by: str = ""
    campaign_no: str = ""
    campaign_target: bool = False
    campaign_response: bool = False
    result: str = ""
    evaluation: str = ""
    successful: bool = True
    cost: str = "0.00"
    duration: str = "0"
    contact_via: str = ""
    segment_no: str = ""
    document_id: int | None = None
    document_name: str = ""
    resume_entry_no: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> Draft:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


# -- starting ------------------------------------------------------------------------------------


def rounded_up_time(now: dt.datetime) -> str:
    """The time of the interaction: now, rounded up to the minute (reference section 9)."""
    minute = now.replace(second=0, microsecond=0)
    if minute != now:
        minute += dt.timedelta(minutes=1)
    return minute.strftime("%H:%M")


def start(
    session: Session,
    *,
    user_id: int | None,
    now: dt.datetime,
    contact_no: str = "",
    segment_no: str = "",
    line_no: int | None = None,
    phone_call: bool = False,
) -> Draft:
    """A new draft: dated today at the current time rounded up to the minute, successful,
    with the user's salesperson; from a contact, a segment line (its contact and interaction)
    or as "Make Phone Call" (the Outg. Calls template of Interaction Template Setup)."""
    user = session.get(User, user_id) if user_id is not None else None
    draft = Draft(
        date=now.date().isoformat(),
        time=rounded_up_time(now),
        salesperson_code=(user.salesperson_code or "") if user else "",
    )
    if segment_no:
        draft = _from_segment_line(session, draft, segment_no, line_no)
    elif contact_no:
        draft = choose_contact(session, draft, contact_no)
    if phone_call:
        setup = session.get(InteractionTemplateSetup, 1)
        if setup is None or not setup.outg_calls:
            raise UserError("interaction.error_outg_calls_missing")
        draft = choose_template(session, draft, setup.outg_calls)
        contact = _contact(session, draft)
        if contact is not None:
            draft = replace(draft, contact_via=contact.phone_no or contact.mobile_phone_no)
    return draft


def _from_segment_line(
    session: Session, draft: Draft, segment_no: str, line_no: int | None
) -> Draft:
    header = session.execute(
        select(SegmentHeader).where(SegmentHeader.no == segment_no)
    ).scalar_one_or_none()
    if header is None:
        raise UserError("segments.not_found", no=segment_no)
    line = session.execute(
        select(SegmentLine).where(
            SegmentLine.segment_id == header.id, SegmentLine.line_no == (line_no or 0)
        )
    ).scalar_one_or_none()
    if line is None or line.contact_id is None:
        raise UserError("error.line_gone", line_no=line_no or "")
    contact = session.get(Contact, line.contact_id)
    draft = replace(draft, segment_no=header.no, contact_no=contact.no, contact_name=contact.name)
    if line.interaction_template_code:
        draft = choose_template(session, draft, line.interaction_template_code)
    return replace(
        draft,
        description=line.description or draft.description,
        salesperson_code=line.salesperson_code or draft.salesperson_code,
        language_code=line.language_code or draft.language_code,
        correspondence_type=line.correspondence_type.value,
        campaign_no=line.campaign_no or "",
        campaign_target=line.campaign_target,
        campaign_response=line.campaign_response,
        cost=str(line.cost),
        duration=str(line.duration),
    )


# -- the type step -------------------------------------------------------------------------------


def find_contacts(session: Session, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """Contacts whose no. or name contains ``text`` (the contact is searchable by name)."""
    rows, _more = lookup(session, "no", search_text(text), limit)
    return rows


def _contact(session: Session, draft: Draft) -> Contact | None:
    if not draft.contact_no:
        return None
    return session.execute(
        select(Contact).where(Contact.no == draft.contact_no)
    ).scalar_one_or_none()


def choose_contact(session: Session, draft: Draft, reference: str) -> Draft:
    """The contact typed (its no., or a name that only one contact has): it sets the language
    and the correspondence type as a segment line would (sections 5.1 and 5.4)."""
    reference = search_text(reference)
    if not reference:
        return replace(draft, contact_no="", contact_name="", contact_via="")
    try:
        contact = find_contact(session, reference)
    except UserError:
        matches = session.execute(
            select(Contact).where(func.lower(Contact.name) == reference.lower()).limit(2)
        ).scalars()
        found = list(matches)
        if len(found) != 1:
            raise UserError("interaction.error_contact_unknown", reference=reference) from None
        contact = found[0]
    _check_privacy(contact)
    draft = replace(draft, contact_no=contact.no, contact_name=contact.name)
    if not draft.salesperson_code and contact.salesperson_code:
        draft = replace(draft, salesperson_code=contact.salesperson_code)
    template = template_of(session, draft.template_code)
    if template is not None:
        draft = replace(
            draft,
            language_code=_language(session, template, contact) or "",
            correspondence_type=_correspondence_type(template, contact).value,
        )
    return draft


def _check_privacy(contact: Contact) -> None:
    """Reference 2.6: a privacy-blocked contact cannot be used in interactions."""
    if contact.privacy_blocked:
        raise UserError("interaction.error_privacy_blocked", contact=contact.no)


def _language(session: Session, template: InteractionTemplate, contact: Contact | None) -> str:
    """Section 5.4 for the wizard: the contact's language if the template has a letter row in
    it, else the template's default language."""
    languages = set(
        session.execute(
            select(InteractionTemplateLanguage.language_code).where(
                InteractionTemplateLanguage.template_code == template.code
            )
        ).scalars()
    )
    if contact is not None and contact.language_code in languages:
        return contact.language_code
    return template.language_code_default or ""


def _correspondence_type(
    template: InteractionTemplate, contact: Contact | None
) -> CorrespondenceType:
    """The template's default sets the correspondence type (section 9), unless the contact
    prefers another channel and the template does not ignore it (section 5.2)."""
    preferred = contact.correspondence_type if contact else CorrespondenceType.BLANK
    if template.ignore_contact_corres_type or preferred == CorrespondenceType.BLANK:
        return template.correspondence_type_default
    return preferred


def choose_template(session: Session, draft: Draft, code: str) -> Draft:
    """Validating the template (section 5.3 on a wizard line): its description (when the draft
    has none or had another template), cost, duration, flow, initiator, campaign, language and
    correspondence type; a letter edited for another template is dropped."""
    if not code:
        return replace(draft, template_code="", wizard_action="")
    template = session.get(InteractionTemplate, str(code).strip().upper())
    if template is None:
        raise UserError("error.template_unknown", code=str(code).strip().upper())
    contact = _contact(session, draft)
    changed = template.code != draft.template_code
    description = draft.description
    if not description or (changed and draft.template_code):
        description = template.description
    draft = replace(
        draft,
        template_code=template.code,
        wizard_action=template.wizard_action.value,
        description=description,
        cost=str(template.unit_cost),
        duration=str(template.unit_duration),
        information_flow=template.information_flow.value,
        initiated_by=template.initiated_by.value,
        campaign_no=template.campaign_no or draft.campaign_no,
        campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        language_code=_language(session, template, contact),
        correspondence_type=_correspondence_type(template, contact).value,
    )
    if changed and draft.document_id is not None:
        draft = replace(draft, document_id=None, document_name="")
    return draft


TYPED_FIELDS = (
    "description",
    "salesperson_code",
    "language_code",
    "date",
    "time",
    "correspondence_type",
    "information_flow",
    "initiated_by",
    "campaign_no",
    "result",
    "evaluation",
    "cost",
    "duration",
)
FLAGS = ("campaign_target", "campaign_response", "successful")


def set_field(session: Session, draft: Draft, name: str, value: object) -> Draft:
    """One field as the user typed it, checked at once (the refusal stays next to it)."""
    if name == "contact_no":
        return choose_contact(session, draft, str(value or ""))
    if name == "template_code":
        return choose_template(session, draft, str(value or ""))
    if name in FLAGS:
        return replace(draft, **{name: bool(value) and str(value).lower() not in ("false", "0")})
    if name not in TYPED_FIELDS:
        raise UserError("interaction.error_unknown_field", field=name)
    text = str(value if value is not None else "")
    if name == "time":
        _time(text)
        return replace(draft, time=text.strip())
    if name == "result":
        return replace(draft, result=parse_value(session, "description", text))
    parsed = parse_value(session, name, text) if text.strip() else None
    if name == "date" and parsed is not None:
        text = parsed.isoformat()
    elif name in ("salesperson_code", "language_code", "campaign_no"):
        text = parsed or ""
    elif name in ("cost", "duration"):
        text = str(parsed if parsed is not None else 0)
    elif hasattr(parsed, "value"):
        text = parsed.value
    elif isinstance(parsed, str):
        text = parsed
    return replace(draft, **{name: text})


def _time(text: str) -> dt.time | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise UserError("interaction.error_time", value=text) from None


@dataclass(frozen=True)
class Checked:
    """A draft's values as the engine needs them."""

    contact: Contact
    template: InteractionTemplate
    date: dt.date
    time: dt.time | None
    cost: Decimal
    duration: int
    correspondence_type: CorrespondenceType
    document_id: int | None
    language_code: str | None


def check_type(session: Session, draft: Draft) -> None:
    """Next on the type step: contact, template and description are mandatory (section 9)."""
    if _contact(session, draft) is None:
        raise UserError("interaction.error_contact_missing")
    if not draft.template_code:
        raise UserError("interaction.error_template_missing")
    if not draft.description.strip():
        raise UserError("interaction.error_description_missing")


def template_document(session: Session, draft: Draft) -> int | None:
    """The template's letter in the draft's language (else its default language)."""
    template = template_of(session, draft.template_code)
    if template is None:
        return None
    rows = dict(
        session.execute(
            select(
                InteractionTemplateLanguage.language_code, InteractionTemplateLanguage.document_id
            ).where(
                InteractionTemplateLanguage.template_code == template.code,
                col(InteractionTemplateLanguage.document_id).is_not(None),
            )
        ).all()
    )
    return rows.get(draft.language_code) or rows.get(template.language_code_default or "")


def check_finish(session: Session, draft: Draft) -> Checked:
    """The finish checks of section 9, in its order, each with its own message: a contact;
    template, salesperson, date and description; a template whose wizard action is Open needs a
    letter; correspondence type Email needs a letter, and the contact's e-mail address (7.3)."""
    contact = _contact(session, draft)
    if contact is None:
        raise UserError("interaction.error_contact_missing")
    _check_privacy(contact)
    if not draft.template_code:
        raise UserError("interaction.error_template_missing")
    template = session.get(InteractionTemplate, draft.template_code)
    if template is None:
        raise UserError("error.template_unknown", code=draft.template_code)
    if not draft.salesperson_code:
        raise UserError("interaction.error_salesperson_missing")
    parse_value(session, "salesperson_code", draft.salesperson_code)
    if not draft.date:
        raise UserError("interaction.error_date_missing")
    date = parse_value(session, "date", draft.date)
    if not draft.description.strip():
        raise UserError("interaction.error_description_missing")
    document_id = draft.document_id or template_document(session, draft)
    if template.wizard_action == WizardAction.OPEN and document_id is None:
        raise UserError("interaction.error_open_needs_letter", code=template.code)
    kind = parse_value(session, "correspondence_type", draft.correspondence_type)
    if kind == CorrespondenceType.EMAIL:
        if document_id is None:
            raise UserError("interaction.error_email_needs_letter", code=template.code)
        if not (contact.email or "").strip():
            raise UserError("interaction.error_email_address", contact=contact.no)
    language = draft.language_code or template.language_code_default or None
    if draft.language_code:
        parse_value(session, "language_code", draft.language_code)
    if draft.campaign_no:
        parse_value(session, "campaign_no", draft.campaign_no)
    return Checked(
        contact=contact,
        template=template,
        date=date,
        time=_time(draft.time),
        cost=parse_value(session, "cost", draft.cost),
        duration=parse_value(session, "duration", draft.duration),
        correspondence_type=kind,
        document_id=document_id,
        language_code=language,
    )


# -- the one-line segment ------------------------------------------------------------------------


def _temporary_segment(
    session: Session, draft: Draft, checked: Checked, *, own_document: int | None
) -> SegmentHeader:
    """The draft as a segment of one line, for the engine. Its number starts with "~", which
    no number series produces; it never outlives the transaction."""
    template = checked.template
    description = (draft.result.strip() or draft.description.strip())[:100]
    language = checked.language_code
    header = SegmentHeader(
        no=f"~{secrets.token_hex(9)}",
        description=description,
        campaign_no=draft.campaign_no or None,
        salesperson_code=draft.salesperson_code or None,
        correspondence_type_default=checked.correspondence_type,
        interaction_template_code=template.code,
        interaction_group_code=template.interaction_group_code,
        unit_cost=checked.cost,
        unit_duration=checked.duration,
        date=checked.date,
        campaign_target=draft.campaign_target,
        information_flow=InformationFlow(draft.information_flow or ""),
        initiated_by=InitiatedBy(draft.initiated_by or ""),
        campaign_response=draft.campaign_response,
        language_code_default=language,
        subject_default=description,
    )
    session.add(header)
    session.flush()
    session.add(
        SegmentLine(
            segment_id=header.id,
            line_no=LINE_NO,
            contact_id=checked.contact.id,
            contact_company_id=checked.contact.company_id,
            campaign_no=header.campaign_no,
            salesperson_code=header.salesperson_code,
            correspondence_type=checked.correspondence_type,
            interaction_template_code=template.code,
            interaction_group_code=template.interaction_group_code,
            cost=checked.cost,
            duration=checked.duration,
            campaign_response=draft.campaign_response,
            campaign_target=draft.campaign_target,
            information_flow=header.information_flow,
            initiated_by=header.initiated_by,
            evaluation=Evaluation(draft.evaluation or ""),
            language_code=language,
            description=description,
            subject=description,
            date=checked.date,
            attempt_failed=not draft.successful,
            contact_via=draft.contact_via[:80],
        )
    )
    document_id = own_document or template_document(session, draft)
    if document_id is not None:
        if not language:
            raise UserError("letters.no_language", line_no=LINE_NO)
        session.add(
            SegmentLanguage(
                segment_id=header.id,
                segment_line_no=LINE_NO if own_document else 0,
                language_code=language,
                description=f"{template.code} {language}",
                subject=description,
                document_id=document_id,
            )
        )
    session.flush()
    return header


def merged_letter(session: Session, draft: Draft) -> tuple[str, bytes]:
    """Open / Merge: the template's letter merged for this contact (the user edits it in Word
    and uploads it back), through the segment letters service; nothing is kept."""
    check_type(session, draft)
    document_id = template_document(session, draft)
    if document_id is None:
        raise UserError("interaction.error_open_needs_letter", code=draft.template_code)
    checked = _loose_checked(session, draft)
    header = _temporary_segment(session, draft, checked, own_document=None)
    try:
        return line_letter_file(session, header.id, LINE_NO)
    finally:
        _drop_segment(session, header.id)


def _loose_checked(session: Session, draft: Draft) -> Checked:
    """The draft's values for a merge before the finish checks (salesperson may be blank)."""
    contact = _contact(session, draft)
    template = session.get(InteractionTemplate, draft.template_code)
    return Checked(
        contact=contact,
        template=template,
        date=parse_value(session, "date", draft.date) if draft.date else dt.date.today(),
        time=_time(draft.time),
        cost=parse_value(session, "cost", draft.cost),
        duration=parse_value(session, "duration", draft.duration),
        correspondence_type=CorrespondenceType(draft.correspondence_type or ""),
        document_id=None,
        language_code=draft.language_code or template.language_code_default or None,
    )


def _drop_segment(session: Session, segment_id: int) -> None:
    for table in (SegmentLanguage, SegmentLine):
        session.execute(delete(table).where(table.segment_id == segment_id))
    session.execute(delete(SegmentHeader).where(SegmentHeader.id == segment_id))


def upload_letter(
    session: Session, draft: Draft, file_name: str, data: bytes, content_type: str = ""
) -> Draft:
    """Open (the edited letter uploaded back) or Import (a file): a real .docx becomes the
    draft's own letter; the one it replaces is deleted unless something else holds it."""
    check_type(session, draft)
    info = documents.check_docx(file_name, data, content_type)
    document = documents.new_document(info.file_name, data)
    session.add(document)
    session.flush()
    _forget_document(session, draft.document_id, keep_entry=draft.resume_entry_no)
    return replace(draft, document_id=document.id, document_name=info.file_name)


def own_letter(session: Session, draft: Draft) -> tuple[str, bytes]:
    """The draft's own letter as uploaded (to check it or edit it again)."""
    document = session.get(StoredDocument, draft.document_id) if draft.document_id else None
    if document is None:
        raise UserError("interaction.error_no_own_letter")
    return document.file_name, document.content


def _forget_document(session: Session, document_id: int | None, keep_entry: int | None) -> None:
    """Deletes a draft's letter nobody else refers to (a postponed entry other than the one
    being resumed, a segment, a template, a logged entry)."""
    if not document_id:
        return
    held = session.execute(
        select(func.count()).where(
            InteractionLogEntry.document_id == document_id,
            InteractionLogEntry.entry_no != (keep_entry or 0),
        )
    ).scalar_one()
    if held:
        return
    if keep_entry:
        session.execute(
            update(InteractionLogEntry)
            .where(
                InteractionLogEntry.entry_no == keep_entry,
                InteractionLogEntry.postponed.is_(True),
                InteractionLogEntry.document_id == document_id,
            )
            .values(document_id=None)
        )
    documents.delete_if_unused(session, document_id)


def discard(session: Session, draft: Draft) -> None:
    """Cancel without finishing later: an uploaded letter no entry holds is deleted."""
    if draft.resume_entry_no is None:
        _forget_document(session, draft.document_id, keep_entry=None)


# -- finishing -----------------------------------------------------------------------------------


def finish(session: Session, draft: Draft, *, user_id: int | None) -> int:
    """Finish: the checks of section 9, then the interaction is logged by the segment engine
    (its letter frozen, sent when its correspondence type is not blank: e-mails through the
    outbox, hard copies as letters). Resuming updates the postponed entry. Returns its no."""
    checked = check_finish(session, draft)
    if draft.resume_entry_no is not None:
        _postponed(session, draft.resume_entry_no)
    header = _temporary_segment(session, draft, checked, own_document=draft.document_id)
    deliver = (
        checked.correspondence_type != CorrespondenceType.BLANK and checked.document_id is not None
    )
    return seglog.log_interaction(
        session,
        header.id,
        user_id=user_id,
        deliver=deliver,
        segment_no=draft.segment_no,
        time_of_interaction=checked.time,
        into_entry_no=draft.resume_entry_no,
    )


# -- postponed interactions ----------------------------------------------------------------------


def postpone(session: Session, draft: Draft, *, user_id: int | None) -> int:
    """Cancel, then Yes to "finish later": the draft is kept as a postponed entry (hidden from
    Interaction Log Entries, listed on Postponed Interactions). Only a contact is needed;
    a resumed entry is updated."""
    contact = _contact(session, draft)
    if contact is None:
        raise UserError("interaction.error_postpone_contact")
    template = template_of(session, draft.template_code)
    try:
        date = parse_value(session, "date", draft.date) if draft.date else dt.date.today()
        cost = parse_value(session, "cost", draft.cost)
        duration = parse_value(session, "duration", draft.duration)
    except UserError:
        date, cost, duration = dt.date.today(), Decimal("0"), 0
    values = {
        "contact_id": contact.id,
        "contact_company_id": contact.company_id,
        "date": date,
        "time_of_interaction": _safe_time(draft.time),
        "description": draft.description.strip()[:100],
        "subject": draft.result.strip()[:100],
        "information_flow": InformationFlow(draft.information_flow or ""),
        "initiated_by": InitiatedBy(draft.initiated_by or ""),
        "document_id": draft.document_id,
        "cost": cost,
        "duration": duration,
        "user_id": user_id,
        "interaction_group_code": template.interaction_group_code if template else None,
        "interaction_template_code": template.code if template else None,
        "campaign_no": _known(session, "campaign_no", draft.campaign_no),
        "campaign_response": draft.campaign_response,
        "campaign_target": draft.campaign_target,
        "segment_no": draft.segment_no,
        "evaluation": Evaluation(draft.evaluation or ""),
        "attempt_failed": not draft.successful,
        "salesperson_code": _known(session, "salesperson_code", draft.salesperson_code),
        "correspondence_type": CorrespondenceType(draft.correspondence_type or ""),
        "contact_via": draft.contact_via[:80],
        "language_code": _known(session, "language_code", draft.language_code),
        "postponed": True,
    }
    if draft.resume_entry_no is not None:
        entry = _postponed(session, draft.resume_entry_no)
        for name, value in values.items():
            setattr(entry, name, value)
    else:
        entry = InteractionLogEntry(**values)
        session.add(entry)
    session.flush()
    return entry.entry_no


def _safe_time(text: str) -> dt.time | None:
    try:
        return _time(text)
    except UserError:
        return None


def _known(session: Session, name: str, value: str) -> str | None:
    """A code kept on a postponed entry only if it (still) exists."""
    if not value:
        return None
    try:
        return parse_value(session, name, value)
    except UserError:
        return None


def _postponed(session: Session, entry_no: int) -> InteractionLogEntry:
    entry = session.get(InteractionLogEntry, entry_no)
    if entry is None or not entry.postponed:
        raise UserError("interaction.error_postponed_gone", entry_no=entry_no)
    return entry


def resume(session: Session, entry_no: int) -> Draft:
    """The wizard filled again from a postponed entry; finishing updates that entry."""
    entry = _postponed(session, entry_no)
    contact = session.get(Contact, entry.contact_id)
    template = template_of(session, entry.interaction_template_code)
    document = session.get(StoredDocument, entry.document_id) if entry.document_id else None
    return Draft(
        contact_no=contact.no if contact else "",
        contact_name=contact.name if contact else "",
        template_code=entry.interaction_template_code or "",
        wizard_action=template.wizard_action.value if template else "",
        description=entry.description,
        salesperson_code=entry.salesperson_code or "",
        language_code=entry.language_code or "",
        date=entry.date.isoformat(),
        time=entry.time_of_interaction.strftime("%H:%M") if entry.time_of_interaction else "",
        correspondence_type=entry.correspondence_type.value,
        information_flow=entry.information_flow.value,
        initiated_by=entry.initiated_by.value,
        campaign_no=entry.campaign_no or "",
        campaign_target=entry.campaign_target,
        campaign_response=entry.campaign_response,
        result=entry.subject,
        evaluation=entry.evaluation.value,
        successful=not entry.attempt_failed,
        cost=str(entry.cost),
        duration=str(entry.duration),
        contact_via=entry.contact_via,
        segment_no=entry.segment_no,
        document_id=entry.document_id,
        document_name=document.file_name if document else "",
        resume_entry_no=entry.entry_no,
    )


@dataclass(frozen=True)
class PostponedRow:
    entry_no: int
    date: dt.date
    time: str
    contact_no: str
    contact_name: str
    template_code: str
    description: str
    salesperson_code: str
    has_letter: bool


def list_postponed(session: Session, limit: int = 200) -> list[PostponedRow]:
    """Postponed Interactions, newest first."""
    rows = session.execute(
        select(
            InteractionLogEntry.entry_no,
            InteractionLogEntry.date,
            InteractionLogEntry.time_of_interaction,
            Contact.no,
            Contact.name,
            InteractionLogEntry.interaction_template_code,
            InteractionLogEntry.description,
            InteractionLogEntry.salesperson_code,
            InteractionLogEntry.document_id,
        )
        .join(Contact, Contact.id == InteractionLogEntry.contact_id)
        .where(InteractionLogEntry.postponed.is_(True))
        .order_by(InteractionLogEntry.entry_no.desc())
        .limit(limit)
    ).all()
    return [
        PostponedRow(
            r[0],
            r[1],
            r[2].strftime("%H:%M") if r[2] else "",
            r[3],
            r[4],
            r[5] or "",
            r[6],
            r[7] or "",
            r[8] is not None,
        )
        for r in rows
    ]


def delete_postponed(session: Session, entry_no: int) -> None:
    """Deletes a postponed interaction with its comments and its letter (if nothing else holds
    it); a logged entry is never deleted here."""
    entry = _postponed(session, entry_no)
    document_id = entry.document_id
    session.execute(
        delete(InteractionLogEntryComment).where(InteractionLogEntryComment.entry_no == entry_no)
    )
    session.delete(entry)
    session.flush()
    _forget_document(session, document_id, keep_entry=None)


# -- comments (reference sections 3.8, 7.5) ------------------------------------------------------


@dataclass(frozen=True)
class CommentRow:
    line_no: int
    date: dt.date
    comment: str


def _entry(session: Session, entry_no: int) -> InteractionLogEntry:
    entry = session.get(InteractionLogEntry, entry_no)
    if entry is None:
        raise UserError("interaction.error_entry_gone", entry_no=entry_no)
    return entry


def comments(session: Session, entry_no: int) -> list[CommentRow]:
    _entry(session, entry_no)
    return [
        CommentRow(c.line_no, c.date, c.comment)
        for c in session.execute(
            select(InteractionLogEntryComment)
            .where(InteractionLogEntryComment.entry_no == entry_no)
            .order_by(InteractionLogEntryComment.line_no)
        ).scalars()
    ]


def _comment_text(text: str) -> str:
    value = " ".join(str(text or "").split())
    if not value:
        raise UserError("interaction.error_comment_empty")
    if len(value) > COMMENT_MAX:
        raise UserError("error.too_long", field="field.comment", max=COMMENT_MAX)
    return value


def add_comment(
    session: Session, entry_no: int, text: str, *, user_id: int | None, today: dt.date
) -> int:
    """A new comment line (numbered 10000, 20000, ...) dated today."""
    _entry(session, entry_no)
    value = _comment_text(text)
    last = session.execute(
        select(func.coalesce(func.max(InteractionLogEntryComment.line_no), 0)).where(
            InteractionLogEntryComment.entry_no == entry_no
        )
    ).scalar_one()
    line_no = last + LINE_NO
    session.add(
        InteractionLogEntryComment(
            entry_no=entry_no, line_no=line_no, date=today, comment=value, user_id=user_id
        )
    )
    session.flush()
    return line_no


def edit_comment(session: Session, entry_no: int, line_no: int, text: str) -> None:
    value = _comment_text(text)
    comment = session.get(InteractionLogEntryComment, (entry_no, line_no))
    if comment is None:
        raise UserError("interaction.error_comment_gone")
    comment.comment = value
    session.add(comment)
    session.flush()


def delete_comment(session: Session, entry_no: int, line_no: int) -> None:
    comment = session.get(InteractionLogEntryComment, (entry_no, line_no))
    if comment is None:
        raise UserError("interaction.error_comment_gone")
    session.delete(comment)
    session.flush()

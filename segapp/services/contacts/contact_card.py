"""The contact card: validation, creation with Marketing Setup's defaults and the company-to-person
inheritance, the guards of bc-reference.md section 2.6, classification ticks, and what the card
shows around a contact (its company or persons)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from ...models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    ContactType,
    CorrespondenceType,
    Country,
    IndustryGroup,
    InteractionLogEntry,
    JobResponsibility,
    Language,
    MailingGroup,
    MarketingSetup,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Salutation,
    SegmentHeader,
    SegmentLine,
    Territory,
)
from ...models.types import utcnow
from ..core import numbering
from ..core.errors import UserError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE = re.compile(r"^[0-9 +()./\-]*$")

# Editable text fields with their maximum length (the model's).
TEXT_FIELDS: dict[str, int] = {
    "name": 100,
    "name_2": 50,
    "first_name": 30,
    "middle_name": 30,
    "surname": 30,
    "initials": 30,
    "job_title": 30,
    "address": 100,
    "address_2": 50,
    "post_code": 20,
    "city": 30,
    "county": 30,
    "phone_no": 30,
    "mobile_phone_no": 30,
    "email": 80,
    "email_2": 80,
    "home_page": 80,
    "vat_registration_no": 20,
    "organizational_level_code": 10,
}
# Upper-case codes that must exist in their setup table.
REF_FIELDS: dict[str, type] = {
    "country_code": Country,
    "language_code": Language,
    "salesperson_code": Salesperson,
    "territory_code": Territory,
    "salutation_code": Salutation,
}
BOOL_FIELDS = ("exclude_from_segment", "privacy_blocked")
CODE_TEXT_FIELDS = ("post_code", "organizational_level_code")
PHONE_FIELDS = ("phone_no", "mobile_phone_no")
EMAIL_FIELDS = ("email", "email_2")
# Every field the card edits, in the order the CSV file uses them.
EDITABLE_FIELDS: tuple[str, ...] = (
    "type",
    "company_no",
    *TEXT_FIELDS,
    *REF_FIELDS,
    "correspondence_type",
    *BOOL_FIELDS,
)

ADDRESS_FIELDS = ("address", "address_2", "post_code", "city", "county")
COMMUNICATION_FIELDS = ("phone_no", "email", "home_page")

# Classification kinds the card ticks: link model, code column, code table, who may have it.
CLASSIFICATIONS: dict[str, tuple[type, str, type, ContactType | None]] = {
    "mailing_group": (ContactMailingGroup, "mailing_group_code", MailingGroup, None),
    "job_responsibility": (
        ContactJobResponsibility,
        "job_responsibility_code",
        JobResponsibility,
        ContactType.PERSON,
    ),
    "industry_group": (
        ContactIndustryGroup,
        "industry_group_code",
        IndustryGroup,
        ContactType.COMPANY,
    ),
    "business_relation": (
        ContactBusinessRelation,
        "business_relation_code",
        BusinessRelation,
        ContactType.COMPANY,
    ),
}


def get_contact(session: Session, no: str) -> Contact:
    contact = session.exec(select(Contact).where(Contact.no == (no or "").strip().upper())).first()
    if contact is None:
        raise UserError("error.contact.not_found", no=no)
    return contact


def contact_no_in_use(session: Session, no: str) -> bool:
    return session.exec(select(Contact.id).where(Contact.no == no)).first() is not None


def marketing_setup(session: Session) -> MarketingSetup:
    return session.get(MarketingSetup, 1) or MarketingSetup(id=1)


# --- Guards (bc-reference.md section 2.6) -------------------------------------------------------


def _open_segment_nos(session: Session, contact_id: int, limit: int = 3) -> list[str]:
    return list(
        session.exec(
            select(SegmentHeader.no)
            .where(
                col(SegmentHeader.id).in_(
                    select(SegmentLine.segment_id).where(SegmentLine.contact_id == contact_id)
                )
            )
            .order_by(SegmentHeader.no)
            .limit(limit)
        ).all()
    )


def check_contact_deletable(session: Session, contact: Contact) -> None:
    """A contact on an open segment, with logged interactions, or a company with persons,
    cannot be deleted; the refusal says why."""
    segments = _open_segment_nos(session, contact.id)
    if segments:
        raise UserError("error.contact.delete_on_segment", no=contact.no, segment=segments[0])
    on_company_lines = session.exec(
        select(SegmentHeader.no)
        .join(SegmentLine, col(SegmentLine.segment_id) == SegmentHeader.id)
        .where(SegmentLine.contact_company_id == contact.id)
        .limit(1)
    ).first()
    if on_company_lines:
        raise UserError("error.contact.delete_on_segment", no=contact.no, segment=on_company_lines)
    if contact.type == ContactType.COMPANY and _person_count(session, contact) > 0:
        raise UserError("error.contact.delete_company_with_persons", no=contact.no)
    entries = session.exec(
        select(func.count())
        .select_from(InteractionLogEntry)
        .where(
            (InteractionLogEntry.contact_id == contact.id)
            | (InteractionLogEntry.contact_company_id == contact.id)
        )
    ).one()
    if entries:
        raise UserError("error.contact.delete_has_interactions", no=contact.no, count=entries)


def check_company_change_allowed(
    session: Session, contact: Contact, new_company_id: int | None
) -> None:
    """Company No. cannot change while the contact is on an open segment's line."""
    if contact.id is None or new_company_id == contact.company_id:
        return
    segments = _open_segment_nos(session, contact.id)
    if segments:
        raise UserError(
            "error.contact.company_change_on_segment", no=contact.no, segment=segments[0]
        )


def _person_count(session: Session, company: Contact) -> int:
    return session.exec(
        select(func.count())
        .select_from(Contact)
        .where(Contact.company_id == company.id, Contact.type == ContactType.PERSON)
    ).one()


# --- Validation ---------------------------------------------------------------------------------


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "on", "y", "x", "oui")


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """The submitted values cleaned up: trimmed texts, upper-case codes, blank codes as None.
    Only the keys present in ``values`` are returned."""
    clean: dict[str, Any] = {}
    for name in values:
        if name in TEXT_FIELDS:
            text = _text(values, name)
            clean[name] = text.upper() if name in CODE_TEXT_FIELDS else text
        elif name in REF_FIELDS:
            clean[name] = _text(values, name).upper() or None
        elif name in BOOL_FIELDS:
            clean[name] = _bool(values[name])
        elif name in ("type", "correspondence_type"):
            clean[name] = _text(values, name).lower().replace(" ", "_").replace("-", "_")
        elif name == "company_no":
            clean[name] = _text(values, name).upper()
    return clean


def field_errors(values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The errors that need no database: lengths, e-mail format, phone characters, enums.
    Each is (message key, params)."""
    errors: list[tuple[str, dict[str, Any]]] = []
    for name, length in TEXT_FIELDS.items():
        if name in values and len(values[name]) > length:
            errors.append(("error.contact.too_long", {"field": name, "max": length}))
    for name in EMAIL_FIELDS:
        if values.get(name) and not EMAIL.match(values[name]):
            errors.append(("error.contact.email_invalid", {"value": values[name]}))
    for name in PHONE_FIELDS:
        if values.get(name) and not PHONE.match(values[name]):
            errors.append(("error.contact.phone_invalid", {"value": values[name]}))
    if "type" in values and values["type"] not in (t.value for t in ContactType):
        errors.append(("error.contact.type_invalid", {"value": values["type"]}))
    if "correspondence_type" in values and values["correspondence_type"] not in (
        c.value for c in CorrespondenceType
    ):
        errors.append(
            ("error.contact.correspondence_type_invalid", {"value": values["correspondence_type"]})
        )
    for name in REF_FIELDS:
        if values.get(name) and len(values[name]) > 20:
            errors.append(("error.contact.too_long", {"field": name, "max": 20}))
    return errors


def _check_refs(session: Session, values: dict[str, Any]) -> None:
    for name, model in REF_FIELDS.items():
        code = values.get(name)
        if code and session.get(model, code) is None:
            raise UserError(f"error.contact.unknown_{name}", code=code)


def _compose_name(contact: Contact) -> None:
    """A person's name comes from its parts when the user typed none (reference 2.6 field 2)."""
    if contact.type == ContactType.PERSON and not contact.name:
        parts = (contact.first_name, contact.middle_name, contact.surname)
        contact.name = " ".join(p for p in parts if p)[:100]


def _resolve_company(session: Session, company_no: str) -> Contact:
    company = session.exec(select(Contact).where(Contact.no == company_no)).first()
    if company is None:
        raise UserError("error.contact.company_not_found", no=company_no)
    if company.type != ContactType.COMPANY:
        raise UserError("error.contact.company_not_company", no=company_no)
    return company


# --- Inheritance --------------------------------------------------------------------------------


def inherit_from_company(setup: MarketingSetup, person: Contact, company: Contact) -> None:
    """Copies the company's data onto a person following Marketing Setup's inheritance flags
    (reference 2.1, Contact.InheritCompanyToPersonData)."""
    if setup.inherit_salesperson_code:
        person.salesperson_code = company.salesperson_code
    if setup.inherit_territory_code:
        person.territory_code = company.territory_code
    if setup.inherit_country_code:
        person.country_code = company.country_code
    if setup.inherit_language_code:
        person.language_code = company.language_code
    if setup.inherit_address_details:
        for name in ADDRESS_FIELDS:
            setattr(person, name, getattr(company, name))
    if setup.inherit_communication_details:
        person.phone_no = company.phone_no
        person.home_page = company.home_page
        person.correspondence_type = company.correspondence_type


# --- Create, update, delete ---------------------------------------------------------------------


def _apply(session: Session, contact: Contact, clean: dict[str, Any], creating: bool) -> None:
    errors = field_errors(clean)
    if errors:
        key, params = errors[0]
        raise UserError(key, **params)
    _check_refs(session, clean)
    setup = marketing_setup(session)
    old_type = contact.type
    new_type = ContactType(clean.get("type") or old_type.value)
    if not creating and new_type != old_type:
        _check_type_change(session, contact, new_type)
    contact.type = new_type

    company: Contact | None = None
    company_no = clean.get("company_no")
    if new_type == ContactType.PERSON and company_no:
        company = _resolve_company(session, company_no)
    new_company_id = (
        contact.id if new_type == ContactType.COMPANY else (company.id if company else None)
    )
    if not creating:
        if new_type == ContactType.COMPANY and company_no and company_no != contact.no:
            raise UserError("error.contact.company_no_is_itself", no=contact.no)
        if "company_no" in clean or new_type != old_type:
            check_company_change_allowed(session, contact, new_company_id)
    elif new_type == ContactType.COMPANY and company_no and company_no != clean.get("no", ""):
        raise UserError("error.contact.company_no_is_itself", no=clean.get("no") or "")

    inherit = company is not None and (creating or new_company_id != contact.company_id)
    if inherit:
        inherit_from_company(setup, contact, company)
    for name, value in clean.items():
        if name in ("type", "company_no"):
            continue
        if name == "correspondence_type":
            value = CorrespondenceType(value)
        if _blank(value) and (creating or (inherit and _inherited(setup, name))):
            continue  # defaults and inherited values stay unless the user typed one
        setattr(contact, name, value)
    if new_type == ContactType.PERSON and ("company_no" in clean or new_type != old_type):
        contact.company_id = company.id if company else None
        contact.company_name = company.name if company else ""
    _compose_name(contact)
    if not contact.name:
        raise UserError("error.contact.name_required")
    contact.search_name = contact.name.upper()[:100]
    if new_type == ContactType.COMPANY:
        contact.company_name = contact.name
    contact.modified_at = utcnow()


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == CorrespondenceType.BLANK


def _inherited(setup: MarketingSetup, name: str) -> bool:
    return (
        (name == "salesperson_code" and setup.inherit_salesperson_code)
        or (name == "territory_code" and setup.inherit_territory_code)
        or (name == "country_code" and setup.inherit_country_code)
        or (name == "language_code" and setup.inherit_language_code)
        or (name in ADDRESS_FIELDS and setup.inherit_address_details)
        or (
            name in ("phone_no", "home_page", "correspondence_type")
            and setup.inherit_communication_details
        )
    )


def _check_type_change(session: Session, contact: Contact, new_type: ContactType) -> None:
    if new_type == ContactType.PERSON and _person_count(session, contact) > 0:
        raise UserError("error.contact.company_has_persons", no=contact.no)
    for kind, (link, _, _, only) in CLASSIFICATIONS.items():
        if only is None or only == new_type:
            continue
        has = session.exec(
            select(func.count()).select_from(link).where(link.contact_id == contact.id)
        ).one()
        if has:
            raise UserError("error.contact.type_change_classified", kind=kind)


def create_contact(session: Session, values: dict[str, Any]) -> Contact:
    """A new contact with the next Contact No., Marketing Setup's defaults and, for a person in
    a company, the company's data as the inheritance flags say."""
    clean = normalise(values)
    setup = marketing_setup(session)
    contact_type = ContactType(clean.get("type") or ContactType.COMPANY.value)
    contact = Contact(
        no="",
        type=contact_type,
        salesperson_code=setup.default_salesperson_code,
        territory_code=setup.default_territory_code,
        country_code=setup.default_country_code,
        language_code=setup.default_language_code,
        correspondence_type=setup.default_correspondence_type,
        salutation_code=(
            setup.def_company_salutation_code
            if contact_type == ContactType.COMPANY
            else setup.default_person_salutation_code
        ),
    )
    _apply(session, contact, clean, creating=True)
    contact.no = numbering.next_no(
        session, setup.contact_nos, lambda no: contact_no_in_use(session, no)
    )
    session.add(contact)
    session.flush()
    if contact.type == ContactType.COMPANY:
        contact.company_id = contact.id
        session.add(contact)
        session.flush()
    return contact


def update_contact(session: Session, no: str, values: dict[str, Any]) -> Contact:
    """Validates and stores the card's fields; a company's new name reaches its persons."""
    contact = get_contact(session, no)
    old_name = contact.name
    _apply(session, contact, normalise(values), creating=False)
    if contact.type == ContactType.COMPANY:
        contact.company_id = contact.id
        if contact.name != old_name:
            session.execute(
                update(Contact)
                .where(col(Contact.company_id) == contact.id, col(Contact.id) != contact.id)
                .values(company_name=contact.name)
            )
    session.add(contact)
    session.flush()
    return contact


def delete_contact(session: Session, no: str) -> None:
    contact = get_contact(session, no)
    check_contact_deletable(session, contact)
    for link, *_ in CLASSIFICATIONS.values():
        session.execute(delete(link).where(col(link.contact_id) == contact.id))
    session.execute(
        delete(ContactProfileAnswer).where(col(ContactProfileAnswer.contact_id) == contact.id)
    )
    if contact.type == ContactType.COMPANY:
        contact.company_id = None
        session.add(contact)
        session.flush()
    session.delete(contact)
    session.flush()


# --- Classifications ----------------------------------------------------------------------------


def set_classification(session: Session, no: str, kind: str, code: str, ticked: bool) -> None:
    """Ticks or unticks one mailing group, job responsibility, industry group or business
    relation of a contact (reference 2.6: persons and companies have their own kinds)."""
    if kind not in CLASSIFICATIONS:
        raise UserError("error.contact.classification_unknown", kind=kind)
    link, column, table, only = CLASSIFICATIONS[kind]
    contact = get_contact(session, no)
    if only is not None and contact.type != only:
        raise UserError(f"error.contact.{kind}_wrong_type")
    code = (code or "").strip().upper()
    if session.get(table, code) is None:
        raise UserError("error.contact.classification_code_unknown", code=code)
    existing = session.get(link, (contact.id, code))
    if ticked and existing is None:
        session.add(link(contact_id=contact.id, **{column: code}))
    elif not ticked and existing is not None:
        session.delete(existing)
    session.flush()


def set_profile_answer(
    session: Session, no: str, questionnaire_code: str, line_no: int, ticked: bool
) -> None:
    """Ticks an answer of a profile questionnaire; a question without multiple answers keeps
    only the latest ticked answer."""
    contact = get_contact(session, no)
    answer = session.get(ProfileQuestionnaireLine, (questionnaire_code, int(line_no)))
    if answer is None or answer.type != ProfileLineType.ANSWER:
        raise UserError("error.contact.profile_answer_unknown")
    existing = session.get(ContactProfileAnswer, (contact.id, questionnaire_code, int(line_no)))
    if not ticked:
        if existing is not None:
            session.delete(existing)
        session.flush()
        return
    if existing is not None:
        return
    question = session.exec(
        select(ProfileQuestionnaireLine)
        .where(
            ProfileQuestionnaireLine.questionnaire_code == questionnaire_code,
            ProfileQuestionnaireLine.line_no < answer.line_no,
            ProfileQuestionnaireLine.type == ProfileLineType.QUESTION,
        )
        .order_by(col(ProfileQuestionnaireLine.line_no).desc())
        .limit(1)
    ).first()
    if question is not None and not question.multiple_answers:
        next_question = session.exec(
            select(func.min(ProfileQuestionnaireLine.line_no)).where(
                ProfileQuestionnaireLine.questionnaire_code == questionnaire_code,
                ProfileQuestionnaireLine.line_no > question.line_no,
                ProfileQuestionnaireLine.type == ProfileLineType.QUESTION,
            )
        ).one()
        siblings = delete(ContactProfileAnswer).where(
            col(ContactProfileAnswer.contact_id) == contact.id,
            col(ContactProfileAnswer.questionnaire_code) == questionnaire_code,
            col(ContactProfileAnswer.line_no) > question.line_no,
        )
        if next_question is not None:
            siblings = siblings.where(col(ContactProfileAnswer.line_no) < next_question)
        session.execute(siblings)
    session.add(
        ContactProfileAnswer(
            contact_id=contact.id, questionnaire_code=questionnaire_code, line_no=int(line_no)
        )
    )
    session.flush()


# --- What the card shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    kind: str
    code: str
    description: str
    ticked: bool


@dataclass(frozen=True)
class ProfileRow:
    questionnaire_code: str
    line_no: int
    question: str
    answer: str
    ticked: bool


def classification_ticks(session: Session, contact: Contact) -> list[Tick]:
    """Every code of every classification the contact's type may have, ticked or not."""
    ticks: list[Tick] = []
    for kind, (link, column, table, only) in CLASSIFICATIONS.items():
        if only is not None and contact.type != only:
            continue
        ticked = set(
            session.exec(select(getattr(link, column)).where(link.contact_id == contact.id)).all()
        )
        for row in session.exec(select(table).order_by(table.code)).all():
            ticks.append(Tick(kind, row.code, row.description, row.code in ticked))
    return ticks


def profile_rows(session: Session, contact: Contact) -> list[ProfileRow]:
    """The answers of the questionnaires meant for the contact's type, with their question."""
    ticked = {
        (a.questionnaire_code, a.line_no)
        for a in session.exec(
            select(ContactProfileAnswer).where(ContactProfileAnswer.contact_id == contact.id)
        ).all()
    }
    rows: list[ProfileRow] = []
    questionnaires = session.exec(
        select(ProfileQuestionnaire).order_by(
            ProfileQuestionnaire.priority, ProfileQuestionnaire.code
        )
    ).all()
    for q in questionnaires:
        if q.contact_type.value and q.contact_type.value != contact.type.value:
            continue
        question = ""
        lines = session.exec(
            select(ProfileQuestionnaireLine)
            .where(ProfileQuestionnaireLine.questionnaire_code == q.code)
            .order_by(ProfileQuestionnaireLine.line_no)
        ).all()
        for line in lines:
            if line.type == ProfileLineType.QUESTION:
                question = line.description
                continue
            rows.append(
                ProfileRow(
                    q.code,
                    line.line_no,
                    question,
                    line.description,
                    (q.code, line.line_no) in ticked,
                )
            )
    return rows


def related_contacts(session: Session, contact: Contact, limit: int = 50) -> list[Contact]:
    """A company's persons, or a person's company."""
    if contact.type == ContactType.COMPANY:
        return list(
            session.exec(
                select(Contact)
                .where(Contact.company_id == contact.id, Contact.type == ContactType.PERSON)
                .order_by(Contact.name, Contact.no)
                .limit(limit)
            ).all()
        )
    if contact.company_id is None:
        return []
    company = session.get(Contact, contact.company_id)
    return [company] if company else []

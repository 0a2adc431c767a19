"""Interaction templates with their letters, the demo user, and logged and open segments."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ..models import (
    CampaignEntry,
    Contact,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    LoggedSegment,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    User,
)
from ..services.core.auth import hash_password
from ..services.core.numbering import next_no
from . import DEMO_PASSWORD, DEMO_USERNAME, DOCX_CONTENT_TYPE
from .common import DEMO_EPOCH, LINE_NO_STEP, DemoRun, add_all, fixed_time
from .data import (
    INTERACTION_GROUPS,
    LOGGED_SEGMENTS,
    LOGGED_SIZE,
    OPEN_SEGMENTS,
    OUTG_CALLS_TEMPLATE,
    SALESPEOPLE,
    SEGMENT_SERIES,
    TEMPLATE_SPECS,
    TEMPLATES,
    SegmentSpec,
)
from .letters import make_letter_docx


def _stored_document(file_name: str, content: bytes, *, read_only: bool = False) -> StoredDocument:
    return StoredDocument(
        file_name=file_name,
        content_type=DOCX_CONTENT_TYPE,
        content=content,
        size=len(content),
        read_only=read_only,
        created_at=DEMO_EPOCH,
        modified_at=DEMO_EPOCH,
    )


def add_interaction_templates(session: Session, demo: DemoRun) -> None:
    """Interaction groups, and templates with an English and a French Word letter each."""
    add_all(session, (InteractionGroup(code=c, description=d) for c, d in INTERACTION_GROUPS))
    for spec in TEMPLATES:
        template = InteractionTemplate(
            code=spec.code,
            interaction_group_code=spec.group,
            description=spec.description,
            unit_cost=spec.unit_cost,
            unit_duration=spec.unit_duration,
            information_flow=InformationFlow.OUTBOUND,
            initiated_by=InitiatedBy.US,
            campaign_no=spec.campaign_no,
            campaign_target=spec.campaign_target,
            correspondence_type_default=spec.correspondence_type,
            ignore_contact_corres_type=spec.ignore_contact_type,
            language_code_default="EN" if spec.texts else None,
            wizard_action=spec.wizard_action,
        )
        demo.templates[spec.code] = template
        for language, text in spec.texts.items():
            content = make_letter_docx(language, text.subject, list(text.paragraphs))
            document = _stored_document(f"{spec.code}-{language}.docx", content)
            demo.documents[spec.code, language] = document
            session.add(document)
        add_all(session, [template])
        add_all(
            session,
            (
                InteractionTemplateLanguage(
                    template_code=spec.code,
                    language_code=language,
                    description=text.description,
                    document_id=demo.documents[spec.code, language].id,
                )
                for language, text in spec.texts.items()
            ),
        )
    if OUTG_CALLS_TEMPLATE:
        add_all(session, [InteractionTemplateSetup(id=1, outg_calls=OUTG_CALLS_TEMPLATE)])


def add_demo_user(session: Session, demo: DemoRun) -> None:
    user = User(
        username=DEMO_USERNAME,
        full_name="Demo User",
        password_hash=hash_password(DEMO_PASSWORD),
        salesperson_code=SALESPEOPLE[0][0],
        language_code="EN",
        created_at=DEMO_EPOCH,
    )
    add_all(session, [user])
    demo.user_id = user.id


def _new_header(session: Session, demo: DemoRun, spec: SegmentSpec) -> SegmentHeader:
    """A header with the template's fields copied as reference §4.2 step 4 describes."""
    template = demo.templates[spec.template]
    texts = TEMPLATE_SPECS[spec.template].texts
    language = template.language_code_default or "EN"
    return SegmentHeader(
        no=next_no(session, SEGMENT_SERIES),
        description=spec.description,
        salesperson_code=spec.salesperson,
        date=spec.date,
        no_series=SEGMENT_SERIES,
        interaction_template_code=template.code,
        language_code_default=language,
        subject_default=texts[language].subject,
        interaction_group_code=template.interaction_group_code,
        unit_cost=template.unit_cost,
        unit_duration=template.unit_duration,
        information_flow=template.information_flow,
        initiated_by=template.initiated_by,
        campaign_no=template.campaign_no,
        campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        correspondence_type_default=template.correspondence_type_default,
        ignore_contact_corres_type=template.ignore_contact_corres_type,
        created_by_id=demo.user_id,
        created_at=fixed_time(spec.date),
        modified_at=fixed_time(spec.date),
    )


def _segment_contacts(demo: DemoRun, spec: SegmentSpec) -> list[Contact]:
    """The contacts Add Contacts would pick for the spec's mailing group (or all contacts),
    skipping those excluded from segments."""
    pool = demo.group_members[spec.mailing_group] if spec.mailing_group else demo.contacts
    return [c for c in pool if not c.exclude_from_segment]


def _in_add_contacts_order(demo: DemoRun, contacts: list[Contact]) -> list[Contact]:
    """Add Contacts inserts lines by company name, company no., type, name (reference §10)."""
    numbers = {c.id: c.no for c in demo.companies}
    return sorted(
        contacts,
        key=lambda c: (c.company_name, numbers.get(c.company_id, ""), c.type, c.name, c.no),
    )


def _correspondence_type(
    header: SegmentHeader, template: InteractionTemplate, contact: Contact
) -> CorrespondenceType:
    """Resolution A of reference §5.1."""
    if header.ignore_contact_corres_type and header.correspondence_type_default:
        return header.correspondence_type_default
    if template.ignore_contact_corres_type or not contact.correspondence_type:
        return template.correspondence_type_default
    return contact.correspondence_type


def _line_fields(demo: DemoRun, header: SegmentHeader, contact: Contact) -> dict[str, Any]:
    """A new line for ``contact`` initialised from the header as reference §5.1 says; the
    header has rows for both languages, so the contact's language wins when it has one."""
    template = demo.templates[header.interaction_template_code or ""]
    texts = TEMPLATE_SPECS[template.code].texts
    language = contact.language_code if contact.language_code in texts else None
    language = language or header.language_code_default or "EN"
    return {
        "contact_id": contact.id,
        "contact_company_id": contact.company_id,
        "description": header.description,
        "campaign_no": header.campaign_no,
        "salesperson_code": header.salesperson_code or contact.salesperson_code,
        "correspondence_type": _correspondence_type(header, template, contact),
        "interaction_template_code": header.interaction_template_code,
        "interaction_group_code": header.interaction_group_code,
        "cost": header.unit_cost,
        "duration": header.unit_duration,
        "date": header.date,
        "campaign_target": header.campaign_target,
        "campaign_response": header.campaign_response,
        "information_flow": header.information_flow,
        "initiated_by": header.initiated_by,
        "language_code": language,
        "subject": texts[language].subject,
    }


def add_open_segments(session: Session, demo: DemoRun) -> None:
    """Open segments with their header languages, lines, criteria journal and history."""
    for spec in OPEN_SEGMENTS:
        header = _new_header(session, demo, spec)
        add_all(session, [header])
        texts = TEMPLATE_SPECS[spec.template].texts
        rows: list[Any] = [
            SegmentLanguage(
                segment_id=header.id,
                segment_line_no=0,
                language_code=language,
                description=text.description,
                subject=text.subject,
                document_id=demo.documents[spec.template, language].id,
            )
            for language, text in texts.items()
        ]
        contacts = _in_add_contacts_order(demo, _segment_contacts(demo, spec))
        for index, contact in enumerate(contacts, start=1):
            line_no = index * LINE_NO_STEP
            fields = _line_fields(demo, header, contact)
            rows.append(SegmentLine(segment_id=header.id, line_no=line_no, **fields))
            rows.append(
                SegmentHistory(
                    segment_id=header.id,
                    action_no=1,
                    segment_line_no=line_no,
                    contact_id=contact.id,
                    action_taken=HistoryAction.INSERTION,
                )
            )
        rows += _criteria(header, spec)
        add_all(session, rows)


def _criteria(header: SegmentHeader, spec: SegmentSpec) -> list[SegmentCriteriaLine]:
    """The Add Contacts step that selected the lines: an action row and its filter row."""
    return [
        SegmentCriteriaLine(
            segment_id=header.id,
            line_no=1,
            type=CriteriaLineType.ACTION,
            action=CriteriaAction.ADD,
            table_name="contact",
            no_of_filters=1,
        ),
        SegmentCriteriaLine(
            segment_id=header.id,
            line_no=2,
            type=CriteriaLineType.FILTER,
            action=CriteriaAction.ADD,
            table_name="contact_mailing_group",
            filters={"mailing_group_code": spec.mailing_group},
        ),
    ]


def _log_entry(
    fields: dict[str, Any], contact: Contact, logged: LoggedSegment, **links: Any
) -> InteractionLogEntry:
    """An interaction log entry copied from a line as reference §7.2 does; an e-mail line for
    a contact without e-mail address is logged with a blank correspondence type (§7.3)."""
    correspondence = fields["correspondence_type"]
    if correspondence == CorrespondenceType.EMAIL and not contact.email:
        correspondence = CorrespondenceType.BLANK
    return InteractionLogEntry(
        **{k: v for k, v in fields.items() if k != "correspondence_type"},
        correspondence_type=correspondence,
        contact_via=contact.email if correspondence == CorrespondenceType.EMAIL else "",
        segment_no=logged.segment_no,
        logged_segment_entry_no=logged.entry_no,
        canceled=logged.canceled,
        created_at=logged.created_at,
        **links,
    )


def add_logged_segments(session: Session, demo: DemoRun) -> None:
    """Segments logged earlier in the year: logged segment, campaign entry when the template
    has a campaign, frozen read-only letters and one interaction log entry per contact."""
    for spec in LOGGED_SEGMENTS:
        # The header as it was just before logging; logging deletes it, so it is never stored.
        header = _new_header(session, demo, spec)
        logged = LoggedSegment(
            segment_no=header.no,
            description=header.description,
            creation_date=spec.date,
            user_id=demo.user_id,
            canceled=spec.canceled,
            created_at=fixed_time(spec.date, 16),
        )
        add_all(session, [logged])
        campaign_entry_no = None
        if header.campaign_no:
            entry = CampaignEntry(
                campaign_no=header.campaign_no,
                description=header.description,
                date=spec.date,
                segment_no=header.no,
                register_no=logged.entry_no,
                user_id=demo.user_id,
                canceled=spec.canceled,
            )
            add_all(session, [entry])
            campaign_entry_no = entry.entry_no
        frozen = {
            language: _stored_document(
                f"{header.no}-{language}.docx",
                demo.documents[spec.template, language].content,
                read_only=True,
            )
            for language in TEMPLATE_SPECS[spec.template].texts
        }
        add_all(session, frozen.values())
        pool = _segment_contacts(demo, spec)
        size = min(demo.rng.randint(*LOGGED_SIZE), len(pool))
        contacts = _in_add_contacts_order(demo, demo.rng.sample(pool, size))
        entries = []
        for contact in contacts:
            fields = _line_fields(demo, header, contact)
            entries.append(
                _log_entry(
                    fields,
                    contact,
                    logged,
                    user_id=demo.user_id,
                    document_id=frozen[fields["language_code"]].id,
                    campaign_entry_no=campaign_entry_no if fields["campaign_no"] else None,
                )
            )
        add_all(session, entries)

"""Creating and editing segments: header fields, their propagation to lines, and lines typed by
hand (bc-reference.md sections 3.1-3.3, 4 and 5).

Changes that may touch lines come in two steps, as in Business Central: ``*_impact`` tells the
UI whether to ask the user (and how many lines would follow), then the setter applies the
answer. Every function leaves committing to the caller: one user action, one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import Any

from sqlalchemy import String, case, delete, exists, func, literal, update
from sqlmodel import Session, col, select

from ...models import (
    Campaign,
    Contact,
    CorrespondenceType,
    CriteriaAction,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    InteractionTemplate,
    InteractionTemplateLanguage,
    Language,
    MarketingSetup,
    NoSeries,
    Salesperson,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)
from ...models.types import utcnow
from ..core.errors import UserError
from ..core.inputs import code_text
from ..core.jobs import Job, stage
from ..core.numbering import next_no
from ..selection import journal

LINE_NO_STEP = 10000

# Header field -> line field it propagates to (reference section 4.3).
PROPAGATED: dict[str, str] = {
    "description": "description",
    "campaign_no": "campaign_no",
    "salesperson_code": "salesperson_code",
    "correspondence_type_default": "correspondence_type",
    "unit_cost": "cost",
    "unit_duration": "duration",
    "date": "date",
    "campaign_target": "campaign_target",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "campaign_response": "campaign_response",
    "send_word_docs_as_attmt": "send_word_doc_as_attmt",
}
# Fields that need a template on the header before they can be edited (reference section 4.1).
NEEDS_TEMPLATE = {
    "language_code_default",
    "ignore_contact_corres_type",
    "information_flow",
    "initiated_by",
    "unit_cost",
    "unit_duration",
}
HEADER_FIELDS = {
    *PROPAGATED,
    "interaction_template_code",
    "language_code_default",
    "subject_default",
    "ignore_contact_corres_type",
}
LINE_FIELDS = {
    "correspondence_type",
    "description",
    "salesperson_code",
    "interaction_template_code",
    "language_code",
    "subject",
    "evaluation",
    "cost",
    "duration",
    "date",
    "campaign_no",
    "campaign_target",
    "campaign_response",
    "information_flow",
    "initiated_by",
    "send_word_doc_as_attmt",
}
ENUM_FIELDS: dict[str, type[Enum]] = {
    "correspondence_type_default": CorrespondenceType,
    "correspondence_type": CorrespondenceType,
    "information_flow": InformationFlow,
    "initiated_by": InitiatedBy,
    "evaluation": Evaluation,
}
BOOL_FIELDS = {
    "ignore_contact_corres_type",
    "send_word_docs_as_attmt",
    "send_word_doc_as_attmt",
    "campaign_target",
    "campaign_response",
}
TEXT_LENGTHS = {"description": 100, "subject": 100, "subject_default": 100}


# -- reading helpers ---------------------------------------------------------------------------


def get_header(session: Session, segment_id: int) -> SegmentHeader:
    header = session.get(SegmentHeader, segment_id)
    if header is None:
        raise UserError("error.segment_gone")
    return header


def get_line(session: Session, segment_id: int, line_no: int) -> SegmentLine:
    line = session.exec(
        select(SegmentLine)
        .where(SegmentLine.segment_id == segment_id)
        .where(SegmentLine.line_no == line_no)
    ).first()
    if line is None:
        raise UserError("error.line_gone", line_no=line_no)
    return line


def find_contact(session: Session, reference: str) -> Contact:
    """A contact by its no. (any case); an unknown no. is refused."""
    no = reference.strip().upper()
    contact = (
        session.exec(select(Contact).where(func.upper(Contact.no) == no)).first() if no else None
    )
    if contact is None:
        raise UserError("error.contact_unknown", no=reference.strip())
    return contact


def header_rows(session: Session, segment_id: int) -> dict[str, SegmentLanguage]:
    """The header's (inherited) content per language."""
    rows = session.exec(
        select(SegmentLanguage)
        .where(SegmentLanguage.segment_id == segment_id)
        .where(SegmentLanguage.segment_line_no == 0)
    ).all()
    return {row.language_code: row for row in rows}


def line_rows(session: Session, segment_id: int, line_no: int) -> list[SegmentLanguage]:
    """A personalised line's own content per language."""
    return list(
        session.exec(
            select(SegmentLanguage)
            .where(SegmentLanguage.segment_id == segment_id)
            .where(SegmentLanguage.segment_line_no == line_no)
            .order_by(SegmentLanguage.language_code)
        ).all()
    )


def _same_template(header: SegmentHeader):
    """Lines that use the header's template (blank equals blank)."""
    return func.coalesce(SegmentLine.interaction_template_code, "") == literal(
        header.interaction_template_code or ""
    )


def template_of(session: Session, code: str | None) -> InteractionTemplate | None:
    """The interaction template with that code, or None for a blank or unknown code (a line
    or header without a template)."""
    return session.get(InteractionTemplate, code) if code else None


# -- parsing what the user typed -----------------------------------------------------------------


def _money(value: Any, field: str) -> Decimal:
    text = str(value).strip().replace("\u202f", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text or "0")
    except InvalidOperation:
        raise UserError("error.not_a_number", field=f"field.{field}", value=str(value)) from None
    if not amount.is_finite() or amount < 0:
        raise UserError("error.negative", field=f"field.{field}")
    if amount >= Decimal("1e15"):
        raise UserError("error.too_large", field=f"field.{field}")
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _minutes(value: Any, field: str) -> int:
    text = str(value).strip()
    try:
        minutes = int(Decimal(text or "0").to_integral_value(rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        raise UserError("error.not_a_number", field=f"field.{field}", value=str(value)) from None
    if minutes < 0:
        raise UserError("error.negative", field=f"field.{field}")
    if minutes > 10_000_000:
        raise UserError("error.too_large", field=f"field.{field}")
    return minutes


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError("error.not_a_date", field=f"field.{field}", value=str(value)) from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _text(value: Any, field: str) -> str:
    text = str(value if value is not None else "").strip()
    limit = TEXT_LENGTHS.get(field, 100)
    if len(text) > limit:
        raise UserError("error.too_long", field=f"field.{field}", max=limit)
    return text


def _enum(enum: type[Enum], value: Any, field: str) -> Enum:
    raw = getattr(value, "value", value)
    try:
        return enum(str(raw or ""))
    except ValueError:
        raise UserError("error.invalid_choice", field=f"field.{field}", value=str(raw)) from None


def _existing(session: Session, model: Any, value: Any, error: str, param: str) -> Any:
    """The row of a code a user typed (upper-cased), None when blank; an unknown code is
    refused with ``error``."""
    code = code_text(value)
    if not code:
        return None
    row = session.get(model, code)
    if row is None:
        raise UserError(error, **{param: code})
    return row


def _salesperson(session: Session, value: Any) -> str | None:
    person = _existing(session, Salesperson, value, "error.salesperson_unknown", "code")
    if person is not None and person.blocked:
        raise UserError("error.salesperson_blocked", code=person.code)
    return person.code if person else None


def _campaign(session: Session, value: Any) -> str | None:
    campaign = _existing(session, Campaign, value, "error.campaign_unknown", "no")
    return campaign.no if campaign else None


def _language(session: Session, value: Any) -> str | None:
    language = _existing(session, Language, value, "error.language_unknown", "code")
    return language.code if language else None


def _template_code(session: Session, value: Any) -> InteractionTemplate | None:
    return _existing(session, InteractionTemplate, value, "error.template_unknown", "code")


def parse_value(session: Session, field: str, value: Any) -> Any:
    """The typed value of a header or line field, refused with a specific message when wrong."""
    if field in ENUM_FIELDS:
        return _enum(ENUM_FIELDS[field], value, field)
    if field in BOOL_FIELDS:
        return _bool(value)
    if field in ("unit_cost", "cost"):
        return _money(value, field)
    if field in ("unit_duration", "duration"):
        return _minutes(value, field)
    if field == "date":
        return _date(value, field)
    if field == "salesperson_code":
        return _salesperson(session, value)
    if field == "campaign_no":
        return _campaign(session, value)
    if field in ("language_code", "language_code_default"):
        return _language(session, value)
    return _text(value, field)


# -- segments ------------------------------------------------------------------------------------


def create_segment(
    session: Session,
    *,
    user_id: int | None,
    salesperson_code: str | None,
    no: str = "",
    description: str = "",
    today: dt.date | None = None,
) -> SegmentHeader:
    """A new segment: its no. from the Segment Nos. series (or typed, where the series allows
    manual numbers), today's date and the user's salesperson (reference section 3.1)."""
    setup = session.get(MarketingSetup, 1)
    series = setup.segment_nos if setup else None
    typed = no.strip().upper()
    if typed:
        series_row = session.get(NoSeries, series) if series else None
        if series_row is not None and not series_row.manual_nos:
            raise UserError("error.manual_no_not_allowed", code=series)
        if len(typed) > 20:
            raise UserError("error.too_long", field="field.no", max=20)
        number = typed
    else:
        number = next_no(session, series)
    if session.exec(select(SegmentHeader.id).where(SegmentHeader.no == number)).first():
        raise UserError("error.segment_exists", no=number)
    header = SegmentHeader(
        no=number,
        no_series=series if not typed else None,
        description=_text(description, "description"),
        date=today or dt.date.today(),
        salesperson_code=salesperson_code,
        created_by_id=user_id,
    )
    session.add(header)
    session.flush()
    return header


def delete_segment(session: Session, segment_id: int, job: Job | None = None) -> str:
    """Deletes a segment with its criteria, history, content and lines (reference section 3.1);
    documents survive when they are read-only. Returns the deleted segment's no."""
    stage(job, "job.deleting_segment")
    header = get_header(session, segment_id)
    journal.reset(session, segment_id)
    _delete_language_rows(session, segment_id, None)
    session.exec(delete(SegmentLine).where(SegmentLine.segment_id == segment_id))
    session.delete(header)
    session.flush()
    return header.no


def _delete_language_rows(session: Session, segment_id: int, line_no: int | None) -> None:
    """Deletes content rows (all of the segment, or one line's) and their documents unless those
    are read-only or still used elsewhere."""
    lines = None if line_no is None else select(literal(line_no))
    delete_content(session, segment_id, lines)


def delete_content(session: Session, segment_id: int, line_nos: Any | None) -> None:
    """Deletes the content rows of the lines numbered by the SELECT ``line_nos`` (every row of
    the segment, the header's too, when None) and the documents no longer used anywhere, unless
    read-only: a few statements whatever the number of lines."""
    rows = SegmentLanguage.segment_id == segment_id
    if line_nos is not None:
        rows = rows & col(SegmentLanguage.segment_line_no).in_(line_nos)
    session.flush()
    document_ids = sorted(
        {
            d
            for d in session.exec(select(SegmentLanguage.document_id).where(rows)).all()
            if d is not None
        }
    )
    session.exec(delete(SegmentLanguage).where(rows))
    for start in range(0, len(document_ids), 500):
        session.exec(
            delete(StoredDocument).where(
                col(StoredDocument.id).in_(document_ids[start : start + 500]),
                col(StoredDocument.read_only).is_(False),
                ~exists().where(SegmentLanguage.document_id == StoredDocument.id),
                ~exists().where(InteractionTemplateLanguage.document_id == StoredDocument.id),
            )
        )


def _copy_document(session: Session, document_id: int | None) -> int | None:
    if not document_id:
        return None
    source = session.get(StoredDocument, document_id)
    if source is None:
        return None
    copy = StoredDocument(
        file_name=source.file_name,
        content_type=source.content_type,
        content=source.content,
        size=source.size,
    )
    session.add(copy)
    session.flush()
    return copy.id


# -- header --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Impact:
    """What a change would do beyond the header: ``ask`` says the user must answer first."""

    ask: bool
    lines: int = 0
    template_code: str = ""
    kind: str = "update_lines"  # or "apply_template", "create_language"


def _count(session: Session, *conditions: Any) -> int:
    return session.exec(select(func.count()).select_from(SegmentLine).where(*conditions)).one()


def _header_has_document(session: Session, segment_id: int) -> bool:
    return any(row.document_id for row in header_rows(session, segment_id).values())


def _check_enabled(session: Session, header: SegmentHeader, field: str, value: Any) -> None:
    """The enablement rules of reference section 4.1."""
    if field not in HEADER_FIELDS:
        raise UserError("error.field_not_editable", field=field)
    if field in NEEDS_TEMPLATE and not header.interaction_template_code:
        raise UserError("error.needs_template", field=f"field.{field}")
    if field == "correspondence_type_default" and not header.ignore_contact_corres_type:
        raise UserError("error.needs_ignore_flag")
    if field == "subject_default" and (
        not header.language_code_default
        or header.language_code_default not in header_rows(session, header.id)
    ):
        raise UserError("error.needs_language_row")
    if field in ("campaign_target", "campaign_response") and value and not header.campaign_no:
        raise UserError("error.needs_campaign", field=f"field.{field}")


def header_change_impact(session: Session, segment_id: int, field: str, value: Any) -> Impact:
    """Whether changing ``field`` to ``value`` must be confirmed, and how many lines follow."""
    header = get_header(session, segment_id)
    parsed = parse_value(session, field, value) if field != "interaction_template_code" else value
    _check_enabled(session, header, field, parsed)
    code = header.interaction_template_code or ""
    if field == "interaction_template_code":
        template = _template_code(session, value)
        lines = _count(session, SegmentLine.segment_id == segment_id)
        return Impact(
            ask=lines > 0,
            lines=lines,
            template_code=template.code if template else "",
            kind="apply_template",
        )
    if field == "language_code_default":
        missing = bool(parsed) and parsed not in header_rows(session, segment_id)
        return Impact(ask=missing, template_code=code, kind="create_language")
    if field == "subject_default":
        lines = _count(session, SegmentLine.segment_id == segment_id, _same_template(header))
        return Impact(ask=lines > 0, lines=lines, template_code=code)
    if field not in PROPAGATED or not _propagates(session, header, field, parsed):
        return Impact(ask=False, template_code=code)
    lines = _count(session, SegmentLine.segment_id == segment_id, _same_template(header))
    return Impact(ask=lines > 0, lines=lines, template_code=code)


def _propagates(session: Session, header: SegmentHeader, field: str, value: Any) -> bool:
    """Correspondence Type (Default) reaches the lines only when the header has a document and
    the new value is not blank (reference section 3.1, field 5)."""
    if field == "correspondence_type_default":
        return value != CorrespondenceType.BLANK and _header_has_document(session, header.id)
    return field in PROPAGATED


def set_header_field(
    session: Session,
    segment_id: int,
    field: str,
    value: Any,
    update_lines: bool = True,
    job: Job | None = None,
) -> SegmentHeader:
    """Changes one header field; ``update_lines`` is the user's answer to the question of
    :func:`header_change_impact` (Yes by default, as in Business Central)."""
    header = get_header(session, segment_id)
    if field == "interaction_template_code":
        stage(job, "job.applying_template")
        set_header_template(session, header, value, apply_to_lines=update_lines)
        return header
    parsed = parse_value(session, field, value)
    _check_enabled(session, header, field, parsed)
    stage(job, "job.updating_lines")
    if field == "language_code_default":
        _set_header_language(session, header, parsed, create_row=update_lines)
    elif field == "subject_default":
        _set_header_subject(session, header, parsed, update_lines)
    else:
        setattr(header, field, parsed)
        if field == "campaign_no" and parsed is None:
            header.campaign_target = False
            header.campaign_response = False
        if update_lines and _propagates(session, header, field, parsed):
            _update_lines(session, segment_id, {PROPAGATED[field]: parsed}, _same_template(header))
    header.modified_at = utcnow()
    session.add(header)
    session.flush()
    return header


def _set_header_language(
    session: Session, header: SegmentHeader, code: str | None, create_row: bool
) -> None:
    """Reference section 4.4: the default language takes its row's subject; a language without
    a row needs the user's consent to create one (refusal changes nothing)."""
    rows = header_rows(session, header.id)
    if code and code not in rows:
        if not create_row:
            raise UserError("error.language_row_refused", code=code)
        session.add(
            SegmentLanguage(
                segment_id=header.id,
                segment_line_no=0,
                language_code=code,
                description=f"{header.interaction_template_code} {code}",
            )
        )
        header.subject_default = ""
    else:
        header.subject_default = rows[code].subject if code else ""
    header.language_code_default = code


def _set_header_subject(
    session: Session, header: SegmentHeader, subject: str, update_lines: bool
) -> None:
    """Reference section 4.3, subject case: the default language's row takes the subject; on Yes
    only lines of that language whose subject still equals the old default follow."""
    old = header.subject_default
    row = header_rows(session, header.id)[header.language_code_default]
    row.subject = subject
    session.add(row)
    if update_lines:
        session.exec(
            update(SegmentLine)
            .where(SegmentLine.segment_id == header.id)
            .where(_same_template(header))
            .where(SegmentLine.language_code == header.language_code_default)
            .where(SegmentLine.subject == old)
            .values(subject=subject)
        )
    header.subject_default = subject


def set_header_template(
    session: Session, header: SegmentHeader, value: Any, apply_to_lines: bool = True
) -> None:
    """Reference section 4.2, with its [quirk] fixed: lines that take the new template also get
    its cost, duration, information flow, initiated by and campaign flags. The lines follow in
    one UPDATE joined to their contacts (two when some lines have letters of their own, one
    more for lines without a contact), whatever their number."""
    template = _template_code(session, value)
    has_lines = _count(session, SegmentLine.segment_id == header.id) > 0
    if has_lines and not apply_to_lines and _lines_inherit_documents(session, header):
        raise UserError("error.template_change_needs_lines")
    _copy_template_to_header(header, template)
    session.flush()
    _recreate_header_rows(session, header, template)
    if not has_lines:
        return
    if apply_to_lines:
        # every line takes the template, its values and its correspondence type rule at once
        common: dict[str, Any] = {
            "interaction_template_code": template.code if template else None,
            **_template_values(template),
        }
        _reassign_lines(session, header, template, common)
    else:
        _reassign_lines(session, header, template, {}, _same_template(header))


def _lines_inherit_documents(session: Session, header: SegmentHeader) -> bool:
    """Whether some line uses the header's document (it follows the header's template, has no
    content of its own, and a header row with a document exists in its language)."""
    with_document = [
        lang for lang, row in header_rows(session, header.id).items() if row.document_id
    ]
    if not with_document:
        return False
    own = (
        select(SegmentLanguage.segment_line_no)
        .where(SegmentLanguage.segment_id == header.id)
        .where(SegmentLanguage.segment_line_no != 0)
    )
    return (
        _count(
            session,
            SegmentLine.segment_id == header.id,
            _same_template(header),
            col(SegmentLine.language_code).in_(with_document),
            col(SegmentLine.line_no).not_in(own),
        )
        > 0
    )


def _template_values(template: InteractionTemplate | None) -> dict[str, Any]:
    """The line columns a template gives (reference section 4.2, [quirk] fixed)."""
    return {
        "interaction_group_code": template.interaction_group_code if template else None,
        "cost": template.unit_cost if template else Decimal("0"),
        "duration": template.unit_duration if template else 0,
        "information_flow": template.information_flow if template else InformationFlow.BLANK,
        "initiated_by": template.initiated_by if template else InitiatedBy.BLANK,
        "campaign_target": template.campaign_target if template else False,
        "campaign_response": template.campaign_response if template else False,
    }


def _copy_template_values(line: SegmentLine, template: InteractionTemplate | None) -> None:
    for name, value in _template_values(template).items():
        setattr(line, name, value)


def _joined(column: Any) -> Any:
    """The column of the line's contact, in an UPDATE of lines joined to ``contact``."""
    return column


def _no_contact(column: Any) -> Any:
    """What a line without a contact reads for a column of its contact."""
    return literal(None, column.type)


def _type_b_sql(header: SegmentHeader, template: InteractionTemplate, contact: Any) -> Any:
    """:func:`resolve_type_b` for every line at once, as a SQL expression over the line's
    contact (``contact`` is :func:`_joined` or :func:`_no_contact`)."""
    blank = CorrespondenceType.BLANK
    if header.ignore_contact_corres_type and header.correspondence_type_default != blank:
        return literal(header.correspondence_type_default.value)
    if template.ignore_contact_corres_type:
        return literal(template.correspondence_type_default.value)
    contact_type = func.coalesce(contact(Contact.correspondence_type), literal(""))
    whens = []
    if template.correspondence_type_default != blank:
        whens.append(
            (contact_type == literal(""), literal(template.correspondence_type_default.value))
        )
    whens.append((contact_type != literal(""), contact_type))
    return case(*whens, else_=SegmentLine.correspondence_type)


def _copy_template_to_header(header: SegmentHeader, template: InteractionTemplate | None) -> None:
    """Reference section 4.2 step 4."""
    header.interaction_template_code = template.code if template else None
    header.subject_default = ""
    header.language_code_default = template.language_code_default if template else None
    header.interaction_group_code = template.interaction_group_code if template else None
    header.unit_cost = template.unit_cost if template else Decimal("0")
    header.unit_duration = template.unit_duration if template else 0
    header.information_flow = template.information_flow if template else InformationFlow.BLANK
    header.initiated_by = template.initiated_by if template else InitiatedBy.BLANK
    header.campaign_target = template.campaign_target if template else False
    header.campaign_response = template.campaign_response if template else False
    header.correspondence_type_default = (
        template.correspondence_type_default if template else CorrespondenceType.BLANK
    )
    header.ignore_contact_corres_type = template.ignore_contact_corres_type if template else False
    if template and template.campaign_no:
        header.campaign_no = template.campaign_no
    header.modified_at = utcnow()


def _recreate_header_rows(
    session: Session, header: SegmentHeader, template: InteractionTemplate | None
) -> None:
    """The header's content becomes copies of the template's letters (reference sections 3.3
    and 4.2); :func:`_reassign_lines` then gives inheriting lines their language again."""
    delete_content(session, header.id, select(literal(0)))
    if template is not None:
        for tl in session.exec(
            select(InteractionTemplateLanguage).where(
                InteractionTemplateLanguage.template_code == template.code
            )
        ).all():
            session.add(
                SegmentLanguage(
                    segment_id=header.id,
                    segment_line_no=0,
                    language_code=tl.language_code,
                    description=tl.description or f"{template.code} {tl.language_code}",
                    document_id=_copy_document(session, tl.document_id),
                )
            )
    session.flush()


def _reassign_lines(
    session: Session,
    header: SegmentHeader,
    template: InteractionTemplate | None,
    common: dict[str, Any],
    *conditions: Any,
) -> None:
    """The lines meeting ``conditions`` take ``common`` and the template's correspondence type
    rule; those of them that inherit the header's content (no letters of their own) also take
    their language (:func:`inherited_language`) and its subject again."""
    rows = header_rows(session, header.id)
    default = literal(header.language_code_default, String())

    def inherited(contact: Any) -> dict[str, Any]:
        contact_language = contact(Contact.language_code)
        if not rows:
            return {"language_code": default, "subject": literal("")}
        language = case((contact_language.in_(list(rows)), contact_language), else_=default)
        subject = case(
            *[(language == literal(code), literal(row.subject)) for code, row in rows.items()],
            else_=literal(""),
        )
        return {"language_code": language, "subject": subject}

    def taken(contact: Any) -> dict[str, Any]:
        values = dict(common)
        if template is not None:
            values["correspondence_type"] = _type_b_sql(header, template, contact)
        return values

    own = (
        select(SegmentLanguage.segment_line_no)
        .where(SegmentLanguage.segment_id == header.id)
        .where(SegmentLanguage.segment_line_no != 0)
    )
    if session.exec(select(exists(own))).one():
        _update_lines_with_contacts(
            session,
            header.id,
            lambda c: {**taken(c), **inherited(c)},
            *conditions,
            col(SegmentLine.line_no).not_in(own),
        )
        if common or template is not None:
            _update_lines_with_contacts(
                session, header.id, taken, *conditions, col(SegmentLine.line_no).in_(own)
            )
    else:
        _update_lines_with_contacts(
            session, header.id, lambda c: {**taken(c), **inherited(c)}, *conditions
        )


def _update_lines_with_contacts(
    session: Session, segment_id: int, values: Any, *conditions: Any
) -> None:
    """:func:`_update_lines` where the new values read the line's contact (``values`` maps
    :func:`_joined` or :func:`_no_contact` to the columns): one UPDATE joined to ``contact``,
    one for the lines without a contact."""
    _update_lines(
        session,
        segment_id,
        values(_joined),
        col(SegmentLine.contact_id) == col(Contact.id),
        *conditions,
    )
    _update_lines(
        session, segment_id, values(_no_contact), col(SegmentLine.contact_id).is_(None), *conditions
    )


def _update_lines(
    session: Session, segment_id: int, values: dict[str, Any], *conditions: Any
) -> int:
    """One UPDATE of the segment's lines meeting ``conditions``; lines loaded in the session
    are expired, so that they are read again."""
    count = session.exec(
        update(SegmentLine)
        .where(SegmentLine.segment_id == segment_id, *conditions)
        .values(values)
        .execution_options(synchronize_session=False)
    ).rowcount
    for obj in list(session.identity_map.values()):
        if isinstance(obj, SegmentLine) and obj.segment_id == segment_id:
            session.expire(obj)
    return count


# -- line rules ----------------------------------------------------------------------------------


def inherited_language(
    header: SegmentHeader, rows: dict[str, SegmentLanguage], contact_language: str | None
) -> str | None:
    """Reference section 5.4, inheriting line: the contact's language if the header has content
    in it, otherwise the header's default language."""
    if contact_language and contact_language in rows:
        return contact_language
    return header.language_code_default


def personal_language(
    own_languages: list[str], contact_language: str | None, template_default: str | None
) -> str | None:
    """Reference section 5.4, personalised line."""
    if contact_language in own_languages:
        return contact_language
    if template_default in own_languages:
        return template_default
    return own_languages[0] if own_languages else None


def resolve_type_a(
    header: SegmentHeader, template: InteractionTemplate | None, contact_type: CorrespondenceType
) -> CorrespondenceType:
    """Correspondence type of a new line (reference section 5.1, resolution A)."""
    if (
        header.ignore_contact_corres_type
        and header.correspondence_type_default != CorrespondenceType.BLANK
    ):
        return header.correspondence_type_default
    if template is not None and (
        template.ignore_contact_corres_type or contact_type == CorrespondenceType.BLANK
    ):
        return template.correspondence_type_default
    return contact_type


def resolve_type_b(
    header: SegmentHeader,
    template: InteractionTemplate | None,
    contact_type: CorrespondenceType | None,
    previous: CorrespondenceType,
) -> CorrespondenceType:
    """Correspondence type when a line's template is validated (reference section 5.2)."""
    contact_type = contact_type or CorrespondenceType.BLANK
    if (
        header.ignore_contact_corres_type
        and header.correspondence_type_default != CorrespondenceType.BLANK
    ):
        return header.correspondence_type_default
    if template is not None and (
        template.ignore_contact_corres_type
        or (
            contact_type == CorrespondenceType.BLANK
            and template.correspondence_type_default != CorrespondenceType.BLANK
        )
    ):
        return template.correspondence_type_default
    if contact_type != CorrespondenceType.BLANK:
        return contact_type
    return previous


def init_line(
    session: Session, header: SegmentHeader, contact: Contact, line_no: int
) -> SegmentLine:
    """A line as Business Central initialises it when its contact is typed (section 5.1)."""
    template = template_of(session, header.interaction_template_code)
    rows = header_rows(session, header.id)
    language = inherited_language(header, rows, contact.language_code)
    row = rows.get(language) if language else None
    return SegmentLine(
        segment_id=header.id,
        line_no=line_no,
        contact_id=contact.id,
        contact_company_id=contact.company_id,
        description=header.description,
        campaign_no=header.campaign_no,
        salesperson_code=header.salesperson_code or contact.salesperson_code,
        correspondence_type=resolve_type_a(header, template, contact.correspondence_type),
        interaction_template_code=header.interaction_template_code,
        interaction_group_code=header.interaction_group_code,
        cost=header.unit_cost,
        duration=header.unit_duration,
        date=header.date,
        campaign_target=header.campaign_target,
        information_flow=header.information_flow,
        initiated_by=header.initiated_by,
        campaign_response=header.campaign_response,
        send_word_doc_as_attmt=header.send_word_docs_as_attmt,
        language_code=language,
        subject=row.subject if row else header.subject_default,
        evaluation=Evaluation.BLANK,
    )


def _next_line_no(session: Session, segment_id: int) -> int:
    last = session.exec(
        select(func.max(SegmentLine.line_no)).where(SegmentLine.segment_id == segment_id)
    ).one()
    return (last or 0) + LINE_NO_STEP


def add_line(session: Session, segment_id: int, contact_reference: str) -> SegmentLine:
    """Types a contact into a new line at the end; a journaled Add step (reference 5.1, 5.6)."""
    header = get_header(session, segment_id)
    contact = find_contact(session, contact_reference)
    line = init_line(session, header, contact, _next_line_no(session, segment_id))
    session.add(line)
    journal.manual_step(
        session, segment_id, CriteriaAction.ADD, contact.no, line.line_no, contact.id
    )
    header.modified_at = utcnow()
    session.add(header)
    session.flush()
    return line


def change_line_contact(
    session: Session, segment_id: int, line_no: int, contact_reference: str
) -> SegmentLine:
    """Another contact on an existing line: the old one leaves, the new one comes, both
    journaled; the line is initialised again for the new contact (reference 5.1, 5.6)."""
    header = get_header(session, segment_id)
    line = get_line(session, segment_id, line_no)
    contact = find_contact(session, contact_reference)
    if contact.id == line.contact_id:
        return line
    old = session.get(Contact, line.contact_id) if line.contact_id else None
    if old is not None:
        journal.manual_step(session, segment_id, CriteriaAction.REDUCE, old.no, line_no, old.id)
    _delete_language_rows(session, segment_id, line_no)
    fresh = init_line(session, header, contact, line_no)
    for field in SegmentLine.model_fields:
        if field != "id":
            setattr(line, field, getattr(fresh, field))
    session.add(line)
    journal.manual_step(session, segment_id, CriteriaAction.ADD, contact.no, line_no, contact.id)
    session.flush()
    return line


@dataclass(frozen=True)
class DeleteResult:
    deleted: int
    ask_reset_criteria: bool


def delete_lines(
    session: Session, segment_id: int, line_nos: list[int], job: Job | None = None
) -> DeleteResult:
    """Deletes lines, each a journaled Reduce step (reference 5.6, 5.7), in a few set-based
    statements whatever their number. When the segment is left empty with more than one
    criteria action, the UI asks whether to reset the criteria."""
    header = get_header(session, segment_id)
    wanted = sorted(set(line_nos))
    found = session.exec(
        select(SegmentLine.line_no, SegmentLine.contact_id, Contact.no)
        .outerjoin(Contact, col(Contact.id) == col(SegmentLine.contact_id))
        .where(SegmentLine.segment_id == segment_id)
        .where(col(SegmentLine.line_no).in_(wanted))
        .order_by(SegmentLine.line_no)
    ).all()
    if len(found) != len(wanted):
        raise UserError("error.line_gone", line_no=", ".join(str(n) for n in wanted))
    stage(job, "job.removing_lines", 0, len(found))
    journal.manual_steps(
        session,
        segment_id,
        CriteriaAction.REDUCE,
        [(no, line_no, contact_id) for line_no, contact_id, no in found if contact_id],
    )
    chosen = select(SegmentLine.line_no).where(
        SegmentLine.segment_id == segment_id, col(SegmentLine.line_no).in_(wanted)
    )
    delete_content(session, segment_id, chosen)
    session.exec(
        delete(SegmentLine)
        .where(SegmentLine.segment_id == segment_id)
        .where(col(SegmentLine.line_no).in_(wanted))
    )
    header.modified_at = utcnow()
    session.add(header)
    session.flush()
    empty = _count(session, SegmentLine.segment_id == segment_id) == 0
    return DeleteResult(len(found), empty and journal.action_count(session, segment_id) > 1)


def reset_criteria(session: Session, segment_id: int) -> None:
    """The user's Yes to "the segment is empty: reset its criteria?" (reference 5.7)."""
    get_header(session, segment_id)
    journal.reset(session, segment_id)


def set_line_field(
    session: Session,
    segment_id: int,
    line_no: int,
    field: str,
    value: Any,
    line: SegmentLine | None = None,
) -> SegmentLine:
    """Edits one column of a line (reference section 5.6); the template and the language follow
    their own rules (sections 5.3 and 5.4). ``line`` is the line when the caller has it."""
    if field not in LINE_FIELDS:
        raise UserError("error.field_not_editable", field=field)
    if line is None or line.segment_id != segment_id or line.line_no != line_no:
        line = get_line(session, segment_id, line_no)
    if field == "interaction_template_code":
        header = get_header(session, segment_id)
        _set_line_template(session, header, line, _template_code(session, value))
    elif field == "language_code":
        header = get_header(session, segment_id)
        _set_line_language(session, header, line, parse_value(session, field, value))
    else:
        parsed = parse_value(session, field, value)
        if field in ("campaign_target", "campaign_response") and parsed and not line.campaign_no:
            raise UserError("error.needs_campaign", field=f"field.{field}")
        setattr(line, field, parsed)
        if field == "campaign_no" and parsed is None:
            line.campaign_target = False
            line.campaign_response = False
    session.add(line)
    session.flush()
    return line


def _set_line_template(
    session: Session, header: SegmentHeader, line: SegmentLine, template: InteractionTemplate | None
) -> None:
    """Reference section 5.3."""
    if not line.contact_id:
        raise UserError("error.line_needs_contact")
    contact = session.get(Contact, line.contact_id)
    previous_template = line.interaction_template_code
    previous_type = line.correspondence_type
    line.language_code = None
    line.subject = ""
    line.correspondence_type = CorrespondenceType.BLANK
    _delete_language_rows(session, header.id, line.line_no)
    line.interaction_template_code = template.code if template else None
    _copy_template_values(line, template)
    if template is None:
        return
    if template.code != header.interaction_template_code:
        for tl in session.exec(
            select(InteractionTemplateLanguage).where(
                InteractionTemplateLanguage.template_code == template.code
            )
        ).all():
            session.add(
                SegmentLanguage(
                    segment_id=header.id,
                    segment_line_no=line.line_no,
                    language_code=tl.language_code,
                    description=tl.description or f"{template.code} {tl.language_code}",
                    document_id=_copy_document(session, tl.document_id),
                )
            )
        session.flush()
        own = [row.language_code for row in line_rows(session, header.id, line.line_no)]
        line.language_code = personal_language(
            own, contact.language_code, template.language_code_default
        )
    else:
        rows = header_rows(session, header.id)
        line.language_code = inherited_language(header, rows, contact.language_code)
        row = rows.get(line.language_code) if line.language_code else None
        line.subject = row.subject if row else ""
    if not line.description or previous_template != template.code:
        line.description = template.description
    line.correspondence_type = resolve_type_b(
        header, template, contact.correspondence_type, previous_type
    )
    line.campaign_no = header.campaign_no or template.campaign_no or line.campaign_no


def _set_line_language(
    session: Session, header: SegmentHeader, line: SegmentLine, code: str | None
) -> None:
    """Reference section 5.4, manual change: needs a template; subject (and document) come from
    the matching row, line-level for a personalised line, header-level otherwise."""
    if not line.interaction_template_code:
        raise UserError("error.needs_template", field="field.language_code")
    own = {row.language_code: row for row in line_rows(session, header.id, line.line_no)}
    inherits = not own and (line.interaction_template_code == header.interaction_template_code)
    rows = header_rows(session, header.id) if inherits else own
    line.language_code = code
    row = rows.get(code) if code else None
    line.subject = row.subject if row else ""


def update_line(
    session: Session, segment_id: int, line_no: int, values: dict[str, Any]
) -> SegmentLine:
    """Applies what the user changed in the line editor, in one go: a new contact first, then
    the template (which resets the columns that depend on it), then the language, then the rest.
    A column counts as changed when it differs from the line as it was before this edit, so
    values the template just derived are not overwritten by the form's old ones."""
    line = get_line(session, segment_id, line_no)
    reference = str(values.get("contact_no", "")).strip()
    contact = session.get(Contact, line.contact_id) if line.contact_id and reference else None
    if reference and (contact is None or reference.upper() != contact.no.upper()):
        line = change_line_contact(session, segment_id, line_no, reference)
    before = {field: getattr(line, field) for field in LINE_FIELDS}
    order = ["interaction_template_code", "language_code", *sorted(LINE_FIELDS)]
    for field in dict.fromkeys(order):
        if field not in values:
            continue
        if field == "interaction_template_code":
            template = _template_code(session, values[field])
            changed = (template.code if template else None) != before[field]
        else:
            changed = parse_value(session, field, values[field]) != before[field]
        if changed:
            set_line_field(session, segment_id, line_no, field, values[field], line=line)
    return line

"""Reading segments: the open segments list, a worksheet's header with its counts and totals,
and one page of its lines (bc-reference.md sections 3.1-3.3, 4.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, String, and_, bindparam, exists, func, true
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from ...models import (
    Campaign,
    Contact,
    ContactType,
    CriteriaLineType,
    InteractionTemplate,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
)
from ..core.paging import Page, clamp


@dataclass(frozen=True)
class SegmentListRow:
    no: str
    description: str
    salesperson_code: str
    date: dt.date
    no_of_lines: int


@dataclass(frozen=True)
class SegmentView:
    id: int
    no: str
    description: str
    salesperson_code: str
    date: dt.date
    interaction_template_code: str
    interaction_template_description: str
    language_code_default: str
    subject_default: str
    ignore_contact_corres_type: bool
    correspondence_type_default: str
    information_flow: str
    initiated_by: str
    unit_cost: Decimal
    unit_duration: int
    send_word_docs_as_attmt: bool
    campaign_no: str
    campaign_description: str
    campaign_target: bool
    campaign_response: bool
    no_of_lines: int
    no_of_criteria_actions: int
    cost: Decimal
    duration: int
    version: int = 1


@dataclass(frozen=True)
class LineRow:
    line_no: int
    contact_no: str
    contact_name: str
    contact_company_name: str
    correspondence_type: str
    description: str
    interaction_template_code: str
    language_code: str
    subject: str
    salesperson_code: str
    date: dt.date
    cost: Decimal
    duration: int
    evaluation: str
    document: str  # "own", "inherited" or ""


def list_open_segments(
    session: Session, page: int = 1, page_size: int = 50
) -> Page[SegmentListRow]:
    """Open segments, newest number first, with their line counts."""
    page, page_size = clamp(page, page_size)
    total = session.exec(select(func.count()).select_from(SegmentHeader)).one()
    line_count = (
        select(func.count())
        .where(SegmentLine.segment_id == SegmentHeader.id)
        .correlate(SegmentHeader)
        .scalar_subquery()
    )
    rows = session.exec(
        select(
            SegmentHeader.no,
            SegmentHeader.description,
            SegmentHeader.salesperson_code,
            SegmentHeader.date,
            line_count,
        )
        .order_by(col(SegmentHeader.no).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [SegmentListRow(r[0], r[1], r[2] or "", r[3], r[4]) for r in rows], total, page, page_size
    )


def _build_segment_query():
    """The header, its captions and its line totals in one Core statement (no ORM entity).
    Built once: the segment no. is a bound parameter."""
    template_description = (
        select(InteractionTemplate.description)
        .where(InteractionTemplate.code == SegmentHeader.interaction_template_code)
        .scalar_subquery()
    )
    campaign_description = (
        select(Campaign.description).where(Campaign.no == SegmentHeader.campaign_no)
    ).scalar_subquery()
    actions_count = (
        select(func.count())
        .select_from(SegmentCriteriaLine)
        .where(SegmentCriteriaLine.segment_id == SegmentHeader.id)
        .where(SegmentCriteriaLine.type == CriteriaLineType.ACTION)
        .scalar_subquery()
    )
    segment_id = (
        select(SegmentHeader.id).where(SegmentHeader.no == bindparam("no")).scalar_subquery()
    )
    totals = (
        sa_select(
            func.count().label("no_of_lines"),
            func.coalesce(func.sum(SegmentLine.cost), 0).label("total_cost"),
            func.coalesce(func.sum(SegmentLine.duration), 0).label("total_duration"),
        )
        .where(SegmentLine.segment_id == segment_id)
        .subquery()
    )
    return (
        sa_select(
            *SegmentHeader.__table__.c,
            template_description.label("template_text"),
            campaign_description.label("campaign_text"),
            actions_count.label("actions"),
            *totals.c,
        )
        .select_from(SegmentHeader.__table__.join(totals, true()))
        .where(SegmentHeader.no == bindparam("no"))
    )


SEGMENT_QUERY = _build_segment_query()


def get_segment(session: Session, no: str) -> SegmentView | None:
    """A segment's header with the counts and totals of reference section 3.1 (fields 16-18, 21)."""
    header = session.execute(SEGMENT_QUERY, {"no": no}).first()
    if header is None:
        return None
    template_text, campaign_text, actions = (
        header.template_text,
        header.campaign_text,
        header.actions,
    )
    lines, cost, duration = header.no_of_lines, header.total_cost, header.total_duration
    return SegmentView(
        id=header.id,
        no=header.no,
        description=header.description,
        salesperson_code=header.salesperson_code or "",
        date=header.date,
        interaction_template_code=header.interaction_template_code or "",
        interaction_template_description=template_text or "",
        language_code_default=header.language_code_default or "",
        subject_default=header.subject_default,
        ignore_contact_corres_type=header.ignore_contact_corres_type,
        correspondence_type_default=header.correspondence_type_default.value,
        information_flow=header.information_flow.value,
        initiated_by=header.initiated_by.value,
        unit_cost=header.unit_cost,
        unit_duration=header.unit_duration,
        send_word_docs_as_attmt=header.send_word_docs_as_attmt,
        campaign_no=header.campaign_no or "",
        campaign_description=campaign_text or "",
        campaign_target=header.campaign_target,
        campaign_response=header.campaign_response,
        no_of_lines=lines,
        no_of_criteria_actions=actions,
        cost=Decimal(cost),
        duration=int(duration),
        version=header.version,
    )


def _build_lines_query():
    """The SELECT behind one page of lines, ordered by line no. (reference section 10). Built
    once: its values are bound parameters (segment_id, template, offset, limit)."""
    contact = aliased(Contact)
    company = aliased(Contact)
    own = exists().where(
        and_(
            SegmentLanguage.segment_id == SegmentLine.segment_id,
            SegmentLanguage.segment_line_no == SegmentLine.line_no,
        )
    )
    inherited = exists().where(
        and_(
            SegmentLanguage.segment_id == SegmentLine.segment_id,
            SegmentLanguage.segment_line_no == 0,
            SegmentLanguage.language_code == SegmentLine.language_code,
            col(SegmentLanguage.document_id).is_not(None),
        )
    )
    same_template = func.coalesce(SegmentLine.interaction_template_code, "") == bindparam(
        "template", type_=String()
    )
    # The page's lines are picked on the (segment, line no.) index first, so the joins and the
    # EXISTS columns are computed for those lines only, not for every line skipped by OFFSET.
    page_ids = (
        select(SegmentLine.id)
        .where(SegmentLine.segment_id == bindparam("segment_id"))
        .order_by(SegmentLine.line_no)
        .offset(bindparam("offset", type_=Integer()))
        .limit(bindparam("limit", type_=Integer()))
        .subquery()
    )
    return (
        select(
            SegmentLine.line_no,
            contact.no,
            contact.name,
            contact.type,
            company.name,
            SegmentLine.correspondence_type,
            SegmentLine.description,
            SegmentLine.interaction_template_code,
            SegmentLine.language_code,
            SegmentLine.subject,
            SegmentLine.salesperson_code,
            SegmentLine.date,
            SegmentLine.cost,
            SegmentLine.duration,
            SegmentLine.evaluation,
            own,
            and_(inherited, same_template),
        )
        .select_from(SegmentLine)
        .join(page_ids, page_ids.c.id == SegmentLine.id)
        .outerjoin(contact, contact.id == SegmentLine.contact_id)
        .outerjoin(company, company.id == SegmentLine.contact_company_id)
        .order_by(SegmentLine.line_no)
    )


LINES_QUERY = _build_lines_query()
LINE_COUNT = (
    select(func.count())
    .select_from(SegmentLine)
    .where(SegmentLine.segment_id == bindparam("segment_id"))
)


def segment_lines_page(
    session: Session, segment: SegmentHeader | SegmentView, page: int = 1, page_size: int = 50
) -> Page[LineRow]:
    """One page of a segment's lines with the total count, paged in SQL.

    Contact Name shows only for persons and Contact Company Name is the company's name
    (reference section 3.2, fields 12 and 18)."""
    page, page_size = clamp(page, page_size)
    if isinstance(segment, SegmentView):
        total = segment.no_of_lines  # counted in the same transaction
    else:
        total = session.execute(LINE_COUNT, {"segment_id": segment.id}).scalar_one()
    rows = session.execute(
        LINES_QUERY,
        {
            "segment_id": segment.id,
            "template": segment.interaction_template_code or "",
            "offset": (page - 1) * page_size,
            "limit": page_size,
        },
    ).all()
    return Page(
        [
            LineRow(
                line_no=r[0],
                contact_no=r[1] or "",
                contact_name=r[2] if r[3] == ContactType.PERSON else "",
                contact_company_name=r[4] or "",
                correspondence_type=_value(r[5]),
                description=r[6],
                interaction_template_code=r[7] or "",
                language_code=r[8] or "",
                subject=r[9],
                salesperson_code=r[10] or "",
                date=r[11],
                cost=r[12],
                duration=r[13],
                evaluation=_value(r[14]),
                document="own" if r[15] else ("inherited" if r[16] else ""),
            )
            for r in rows
        ],
        total,
        page,
        page_size,
    )


def _value(enum_or_str: object) -> str:
    return getattr(enum_or_str, "value", enum_or_str) or ""


@dataclass(frozen=True)
class Options:
    """Choices offered by the worksheet's lookups, as (code, caption) pairs."""

    templates: list[tuple[str, str]]
    salespeople: list[tuple[str, str]]
    campaigns: list[tuple[str, str]]
    languages: list[tuple[str, str]]


def worksheet_options(session: Session) -> Options:
    from ...models import Language, Salesperson

    return Options(
        templates=[
            (r.code, r.description)
            for r in session.exec(select(InteractionTemplate).order_by(InteractionTemplate.code))
        ],
        salespeople=[
            (r.code, r.name)
            for r in session.exec(
                select(Salesperson)
                .where(col(Salesperson.blocked).is_(False))
                .order_by(Salesperson.code)
            )
        ],
        campaigns=[
            (r.no, r.description) for r in session.exec(select(Campaign).order_by(Campaign.no))
        ],
        languages=[
            (r.code, r.name) for r in session.exec(select(Language).order_by(Language.code))
        ],
    )

"""Lookups of the Add / Reduce / Refine filters: for every code field, the codes that exist with
their descriptions, searchable on either, as Business Central's lookup pages list them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session

from ...models import (
    BusinessRelation,
    Campaign,
    Contact,
    Country,
    IndustryGroup,
    InteractionTemplate,
    JobResponsibility,
    Language,
    LoggedSegment,
    MailingGroup,
    ProfileQuestionnaire,
    Salesperson,
    Territory,
)
from ..core.errors import UserError

LOOKUP_LIMIT = 50


@dataclass(frozen=True)
class Source:
    code: Any
    description: Any


def _sources() -> dict[str, Source]:
    return {
        "no": Source(Contact.no, Contact.name),
        "salesperson_code": Source(Salesperson.code, Salesperson.name),
        "post_code": Source(Contact.post_code, Contact.city),
        "country_code": Source(Country.code, Country.name),
        "territory_code": Source(Territory.code, Territory.name),
        "language_code": Source(Language.code, Language.name),
        "questionnaire_code": Source(ProfileQuestionnaire.code, ProfileQuestionnaire.description),
        "mailing_group_code": Source(MailingGroup.code, MailingGroup.description),
        "segment_no": Source(LoggedSegment.segment_no, LoggedSegment.description),
        "campaign_no": Source(Campaign.no, Campaign.description),
        "interaction_template_code": Source(
            InteractionTemplate.code, InteractionTemplate.description
        ),
        "job_responsibility_code": Source(JobResponsibility.code, JobResponsibility.description),
        "industry_group_code": Source(IndustryGroup.code, IndustryGroup.description),
        "business_relation_code": Source(BusinessRelation.code, BusinessRelation.description),
    }


SOURCES = _sources()


def has_lookup(field: str) -> bool:
    return field in SOURCES


def lookup(
    session: Session, field: str, search: str = "", limit: int = LOOKUP_LIMIT
) -> tuple[list[tuple[str, str]], bool]:
    """The codes of ``field`` (with descriptions) whose code or description contains
    ``search``, in code order: at most ``limit`` rows, and whether more exist."""
    source = SOURCES.get(field)
    if source is None:
        raise UserError("error.filter_unknown_field", table="", field=field)
    query = select(source.code, func.min(source.description)).where(source.code != "")
    text = search.strip().lower()[:100]
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(source.code).like(pattern, escape="\\"),
                func.lower(source.description).like(pattern, escape="\\"),
            )
        )
    rows = session.execute(query.group_by(source.code).order_by(source.code).limit(limit + 1)).all()
    return [(str(code), str(desc or "")) for code, desc in rows[:limit]], len(rows) > limit


def join_codes(codes: list[str]) -> str:
    """The filter picking several codes builds: ``A|B``; a code holding filter characters is
    quoted so it matches itself."""
    special = set("|&.<>=*?()'@ ")
    parts = ["'" + c.replace("'", "''") + "'" if set(c) & special else c for c in codes]
    return "|".join(parts)


def picked_codes(text: str) -> list[str]:
    """The codes a filter names one by one (``A|B|'C D'``), to tick them again in the lookup;
    ranges and wildcards name none."""
    codes = []
    for part in text.split("|"):
        part = part.strip()
        if len(part) >= 2 and part[0] == part[-1] == "'":
            codes.append(part[1:-1].replace("''", "'"))
        elif part and not set(part) & set("&.<>=*?()'@"):
            codes.append(part)
    return codes

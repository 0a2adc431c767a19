"""Lookups of the Add / Reduce / Refine filters: for every code field, the codes that exist with
their descriptions, searchable on either, as Business Central's lookup pages list them; for an
option field (a contact's Type, an entry's Evaluation), its options with their captions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlmodel import Session

from ...i18n import translate
from ...models import (
    BusinessRelation,
    Campaign,
    Contact,
    Country,
    Evaluation,
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
    order: Any = None  # what the rows are sorted on, when not the code's text


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
        "logged_segment_entry_no": Source(
            cast(LoggedSegment.entry_no, String),
            LoggedSegment.segment_no + " · " + LoggedSegment.description,
            LoggedSegment.entry_no,
        ),
        "campaign_no": Source(Campaign.no, Campaign.description),
        "interaction_template_code": Source(
            InteractionTemplate.code, InteractionTemplate.description
        ),
        "job_responsibility_code": Source(JobResponsibility.code, JobResponsibility.description),
        "industry_group_code": Source(IndustryGroup.code, IndustryGroup.description),
        "business_relation_code": Source(BusinessRelation.code, BusinessRelation.description),
    }


SOURCES = _sources()

# option fields: the values a filter names, in the order Business Central lists them, and the
# catalogue prefix of their captions
OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "type": ("enum.contact_type.", ("company", "person")),
    "evaluation": ("enum.evaluation.", tuple(e.value for e in Evaluation if e.value)),
}


def has_lookup(field: str) -> bool:
    return field in SOURCES or field in OPTIONS


def options(field: str, search: str = "", lang: str | None = None) -> list[tuple[str, str]]:
    """The options of an option field with their captions in ``lang``, those whose value or
    caption contains ``search``."""
    prefix, values = OPTIONS[field]
    text = search.strip().lower()
    rows = [(value, translate(lang, prefix + value)) for value in values]
    return [r for r in rows if not text or text in r[0].lower() or text in r[1].lower()]


def lookup(
    session: Session,
    field: str,
    search: str = "",
    limit: int = LOOKUP_LIMIT,
    lang: str | None = None,
) -> tuple[list[tuple[str, str]], bool]:
    """The codes of ``field`` (with descriptions) whose code or description contains
    ``search``, in code order: at most ``limit`` rows, and whether more exist. An option field
    lists its options with their captions in ``lang``."""
    if field in OPTIONS:
        return options(field, search, lang), False
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
    order = source.code if source.order is None else func.min(source.order)
    rows = session.execute(query.group_by(source.code).order_by(order).limit(limit + 1)).all()
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

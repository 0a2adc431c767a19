"""The demo's data, read once from the YAML files beside this module into the shapes the
loader uses (tuples, dates, Decimals, enums)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..models import (
    ContactType,
    CorrespondenceType,
    ProfileContactType,
    SalutationPart,
    SalutationType,
    WizardAction,
)

FOLDER = Path(__file__).with_name("data")


@cache
def _file(name: str) -> dict[str, Any]:
    return yaml.safe_load((FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))


def _pairs(rows: list[dict[str, Any]], *keys: str) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row[key] for key in keys) for row in rows)


@dataclass(frozen=True)
class City:
    """A real city; ``post_code`` may hold # (digit) and ? (letter) to vary inside the city."""

    post_code: str
    name: str
    county: str
    territory: str
    area_code: str


@dataclass(frozen=True)
class CountryProfile:
    """How contacts of one country look: Faker locales, language, formats and cities."""

    code: str
    name_locale: str
    street_locale: str
    language: str
    name_style: str
    phone: str
    mobile: str
    vat: str
    suffixes: tuple[str, ...]
    cities: tuple[City, ...]


@dataclass(frozen=True)
class LetterText:
    """One language of a template: its description, the segment subject and the letter body."""

    description: str
    subject: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    group: str
    description: str
    unit_cost: Decimal
    unit_duration: int
    correspondence_type: CorrespondenceType
    ignore_contact_type: bool
    campaign_no: str | None
    campaign_target: bool
    texts: dict[str, LetterText]
    wizard_action: WizardAction = WizardAction.BLANK


@dataclass(frozen=True)
class SegmentSpec:
    """An open or logged segment: what it is for and which contacts it holds."""

    description: str
    template: str
    salesperson: str
    date: date
    mailing_group: str | None
    canceled: bool = False


_setup = _file("setup")
NO_SERIES = _pairs(_setup["number_series"], "code", "description", "starting_no", "ending_no")
SEGMENT_SERIES, CONTACT_SERIES = (row[0] for row in NO_SERIES)
LANGUAGES = _pairs(_setup["languages"], "code", "name")
COUNTRIES = _pairs(_setup["countries"], "code", "name")
TERRITORIES = _pairs(_setup["territories"], "code", "name")
SALESPEOPLE = _pairs(_setup["salespeople"], "code", "name", "job_title", "phone_no", "email")
CAMPAIGNS = _pairs(
    _setup["campaigns"],
    "no",
    "description",
    "starting_date",
    "ending_date",
    "salesperson_code",
    "activated",
)
SALUTATIONS = tuple(
    (
        row["code"],
        row["description"],
        tuple(
            (
                f["language"],
                SalutationType(f["type"]),
                f["formula"],
                tuple(SalutationPart(p) for p in f["parts"]),
            )
            for f in row["formulas"]
        ),
    )
    for row in _setup["salutations"]
)
COMPANY_INFORMATION: dict[str, str] = _setup["company_information"]

_classes = _file("classifications")
MAILING_GROUPS = _pairs(_classes["mailing_groups"], "code", "description")
JOB_RESPONSIBILITIES = tuple(
    (row["code"], row["description"], tuple(row["titles"]["EN"]), tuple(row["titles"]["FR"]))
    for row in _classes["job_responsibilities"]
)
JOB_WEIGHTS = tuple(row["weight"] for row in _classes["job_responsibilities"])
JOB_BY_TITLE = {
    title: code for code, _, english, french in JOB_RESPONSIBILITIES for title in english + french
}
INDUSTRY_GROUPS = _pairs(_classes["industry_groups"], "code", "description")
INDUSTRY_WEIGHTS = tuple(row["weight"] for row in _classes["industry_groups"])
BUSINESS_RELATIONS = _pairs(_classes["business_relations"], "code", "description")
BUSINESS_RELATION_WEIGHTS = tuple(row["weight"] for row in _classes["business_relations"])
PROFILE_QUESTIONNAIRES = tuple(
    (
        row["code"],
        row["description"],
        ProfileContactType(row["contact_type"]),
        tuple(
            (q["question"], q["multiple_answers"], tuple(q["answers"])) for q in row["questions"]
        ),
    )
    for row in _classes["profile_questionnaires"]
)

_contacts = _file("contacts")
COMPANIES_PER_COUNTRY: dict[str, int] = _contacts["companies_per_country"]
PERSONS_IN_COMPANIES: int = _contacts["persons_in_companies"]
PERSONS_WITHOUT_COMPANY: int = _contacts["persons_without_company"]
EXCLUDED_PERSONS: int = _contacts["excluded_persons"]
EXCLUDED_COMPANIES: int = _contacts["excluded_companies"]
PRIVACY_BLOCKED_PERSONS: int = _contacts["privacy_blocked_persons"]
PERSON_EMAIL_MISSING_SHARE: float = _contacts["person_email_missing_share"]
PRIVATE_MAIL_DOMAINS = tuple(_contacts["private_mail_domains"])
CORRESPONDENCE_CHOICES = tuple(
    CorrespondenceType(row["type"]) for row in _contacts["correspondence_types"]
)
CORRESPONDENCE_WEIGHTS = tuple(row["weight"] for row in _contacts["correspondence_types"])
# Mailing groups that open segments select on get a number of members (not excluded from
# segments) in this range.
SEGMENT_GROUP_SIZES = {
    code: (
        ContactType(row["contact_type"]) if row["contact_type"] else None,
        row["min"],
        row["max"],
    )
    for code, row in _contacts["segment_group_sizes"].items()
}
NEWSLETTER_SHARE: float = _contacts["newsletter_share"]
ACCOUNT_OWNERS: dict[str, str] = _contacts["account_owners"]
SECTOR_WORDS: dict[str, dict[str, str]] = _contacts["sector_words"]
GOVERNMENT_NAMES: dict[str, str] = _contacts["government_names"]
COUNTRY_PROFILES = {
    code: CountryProfile(
        code=code,
        **{k: v for k, v in row.items() if k not in ("suffixes", "cities")},
        suffixes=tuple(row["suffixes"]),
        cities=tuple(City(*city) for city in row["cities"]),
    )
    for code, row in _contacts["country_profiles"].items()
}

_templates = _file("templates")
INTERACTION_GROUPS = _pairs(_templates["interaction_groups"], "code", "description")
REAL_MERGEFIELDS = frozenset(_templates["real_mergefields"])
LETTER_LABELS: dict[str, dict[str, str]] = _templates["letter_labels"]
TEMPLATES = tuple(
    TemplateSpec(
        **{
            k: v
            for k, v in row.items()
            if k not in ("unit_cost", "correspondence_type", "texts", "wizard_action")
        },
        unit_cost=Decimal(row["unit_cost"]),
        wizard_action=WizardAction(row.get("wizard_action", "")),
        correspondence_type=CorrespondenceType(row["correspondence_type"]),
        texts={
            language: LetterText(text["description"], text["subject"], tuple(text["paragraphs"]))
            for language, text in row["texts"].items()
        },
    )
    for row in _templates["templates"]
)
TEMPLATE_SPECS = {spec.code: spec for spec in TEMPLATES}
OUTG_CALLS_TEMPLATE = _templates.get("outg_calls")

_segments = _file("segments")
LOGGED_SIZE = tuple(_segments["logged_size"])
LOGGED_SEGMENTS = tuple(SegmentSpec(**row) for row in _segments["logged_segments"])
OPEN_SEGMENTS = tuple(SegmentSpec(**row) for row in _segments["open_segments"])

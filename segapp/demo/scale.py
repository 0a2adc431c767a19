"""Bulk contacts for load tests, inserted with SQLAlchemy Core."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from ..models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    ContactType,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
    ProfileContactType,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
)
from ..models.types import utcnow
from .common import fill_pattern, initials, seeded_fakers, slug, street_lines
from .contacts import job_and_title
from .data import (
    ACCOUNT_OWNERS,
    CORRESPONDENCE_CHOICES,
    CORRESPONDENCE_WEIGHTS,
    COUNTRY_PROFILES,
    JOB_BY_TITLE,
    SECTOR_WORDS,
)

SCALE_PREFIX = "CS"
SCALE_DIGITS = 7
SCALE_CHUNK = 5000
SCALE_COMPANY_SHARE = 0.15
SCALE_POOL_SIZE = 120


@dataclass(frozen=True)
class _Pools:
    """Names and streets per country, drawn from Faker once and recombined for every row:
    Faker per row would be far too slow for 100 000 contacts."""

    male: dict[str, list[tuple[str, str]]]
    female: dict[str, list[tuple[str, str]]]
    surnames: dict[str, list[tuple[str, str]]]
    streets: dict[str, list[tuple[str, str]]]


def _scale_pools(seed: int) -> _Pools:
    fakers = seeded_fakers(seed)
    pools: dict[str, dict[str, list]] = {"male": {}, "female": {}, "surnames": {}, "streets": {}}
    for country, profile in COUNTRY_PROFILES.items():
        fake = fakers[profile.name_locale]
        street = fakers[profile.street_locale]
        for kind, make in (
            ("male", fake.first_name_male),
            ("female", fake.first_name_female),
            ("surnames", fake.last_name),
        ):
            names = [make()[:30] for _ in range(SCALE_POOL_SIZE)]
            pools[kind][country] = [(name, slug(name, ".")) for name in names]
        pools["streets"][country] = [
            street_lines(street.street_address()) for _ in range(SCALE_POOL_SIZE)
        ]
    return _Pools(**pools)


def _next_scale_number(session: Session) -> int:
    """The first free number after earlier scale contacts, so repeated runs never collide."""
    width = len(SCALE_PREFIX) + SCALE_DIGITS
    last = session.exec(
        select(func.max(Contact.no)).where(
            col(Contact.no).startswith(SCALE_PREFIX), func.length(Contact.no) == width
        )
    ).one()
    return int(last[len(SCALE_PREFIX) :]) + 1 if last else 1


def _scale_no(number: int) -> str:
    return f"{SCALE_PREFIX}{number:0{SCALE_DIGITS}d}"


def _scale_company(
    rng: random.Random, pools: _Pools, no: str, industries: list[str], now: datetime
) -> dict[str, Any]:
    country = rng.choice(list(COUNTRY_PROFILES))
    profile = COUNTRY_PROFILES[country]
    city = rng.choice(profile.cities)
    industry = rng.choice(industries) if industries else "SERVICES"
    surname, slug = rng.choice(pools.surnames[country])
    if industry in SECTOR_WORDS and rng.random() < 0.5:
        name = (
            f"{surname} {SECTOR_WORDS[industry][profile.name_style]} {rng.choice(profile.suffixes)}"
        )
    else:
        name = f"{surname} {rng.choice(profile.suffixes)}"
    domain = f"{slug.replace('.', '-')}-{no.lower()}.example"
    address, address_2 = rng.choice(pools.streets[country])
    return {
        "no": no,
        "type": ContactType.COMPANY,
        "name": name,
        "search_name": name.upper(),
        "company_name": name,
        "first_name": "",
        "surname": "",
        "initials": "",
        "job_title": "",
        "address": address,
        "address_2": address_2,
        "post_code": fill_pattern(city.post_code, rng),
        "city": city.name,
        "county": city.county,
        "country_code": country,
        "phone_no": fill_pattern(profile.phone.format(area=city.area_code), rng),
        "mobile_phone_no": "",
        "email": f"info@{domain}",
        "home_page": f"www.{domain}",
        "vat_registration_no": fill_pattern(profile.vat, rng),
        "language_code": profile.language,
        "salesperson_code": ACCOUNT_OWNERS[country],
        "territory_code": city.territory,
        "correspondence_type": rng.choices(CORRESPONDENCE_CHOICES, CORRESPONDENCE_WEIGHTS)[0],
        "salutation_code": "COMPANY",
        "created_at": now,
        "modified_at": now,
        "_industry": industry,
    }


def _scale_person(
    rng: random.Random, pools: _Pools, no: str, company: dict[str, Any], company_id: int
) -> dict[str, Any]:
    country = company["country_code"]
    profile = COUNTRY_PROFILES[country]
    female = rng.random() < 0.5
    first, first_slug = rng.choice((pools.female if female else pools.male)[country])
    surname, surname_slug = rng.choice(pools.surnames[country])
    name = f"{first} {surname}"
    _, title = job_and_title(rng, profile.language)
    domain = company["email"].partition("@")[2]
    return {
        **{k: company[k] for k in _INHERITED_FIELDS},
        "no": no,
        "type": ContactType.PERSON,
        "name": name,
        "search_name": name.upper(),
        "company_id": company_id,
        "company_name": company["name"],
        "first_name": first,
        "surname": surname,
        "initials": initials(first, surname),
        "job_title": title,
        "mobile_phone_no": fill_pattern(
            profile.mobile.format(area=profile.cities[0].area_code), rng
        ),
        "email": "" if rng.random() < 0.05 else f"{first_slug}.{surname_slug}@{domain}"[:80],
        "home_page": "",
        "vat_registration_no": "",
        "salutation_code": "MS" if female else "MR",
    }


# What a scale person takes from their company (Marketing Setup's inheritance flags).
_INHERITED_FIELDS = (
    "address",
    "address_2",
    "post_code",
    "city",
    "county",
    "country_code",
    "phone_no",
    "language_code",
    "salesperson_code",
    "territory_code",
    "correspondence_type",
    "created_at",
    "modified_at",
)


def _insert_chunks(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Core executemany in chunks: far faster than ORM objects for bulk loads."""
    connection = session.connection()
    for start in range(0, len(rows), SCALE_CHUNK):
        connection.execute(sa.insert(table), rows[start : start + SCALE_CHUNK])


def _ids_by_no(session: Session, first_no: str, last_no: str) -> list[int]:
    """Ids of the contacts numbered first_no..last_no, in number order."""
    table = Contact.__table__
    statement = (
        sa.select(table.c.id)
        .where(table.c.no >= first_no, table.c.no <= last_no)
        .order_by(table.c.no)
    )
    return list(session.connection().execute(statement).scalars())


def _codes(session: Session, column: Any) -> list[str]:
    return list(session.exec(select(column).order_by(column)).all())


def _answer_groups(session: Session) -> dict[ProfileContactType, list[tuple[str, list[int]]]]:
    """Per contact type, each question as (questionnaire, its answer line numbers)."""
    lines = session.exec(
        select(ProfileQuestionnaireLine, ProfileQuestionnaire.contact_type)
        .join(
            ProfileQuestionnaire,
            col(ProfileQuestionnaire.code) == col(ProfileQuestionnaireLine.questionnaire_code),
        )
        .order_by(
            col(ProfileQuestionnaireLine.questionnaire_code), col(ProfileQuestionnaireLine.line_no)
        )
    ).all()
    groups: dict[ProfileContactType, list[tuple[str, list[int]]]] = {}
    for line, contact_type in lines:
        if line.type == ProfileLineType.QUESTION:
            groups.setdefault(contact_type, []).append((line.questionnaire_code, []))
        elif contact_type in groups and groups[contact_type][-1][0] == line.questionnaire_code:
            groups[contact_type][-1][1].append(line.line_no)
    return groups


def _scale_links(
    session: Session,
    rng: random.Random,
    companies: list[tuple[int, dict[str, Any]]],
    persons: list[tuple[int, dict[str, Any]]],
) -> None:
    """Classification links of bulk contacts, inserted with Core like the contacts."""
    mailing = _codes(session, MailingGroup.code)
    jobs = set(_codes(session, JobResponsibility.code))
    industries = set(_codes(session, IndustryGroup.code))
    relations = _codes(session, BusinessRelation.code)
    answers = _answer_groups(session)
    rows: dict[Any, list[dict[str, Any]]] = {
        ContactMailingGroup: [],
        ContactJobResponsibility: [],
        ContactIndustryGroup: [],
        ContactBusinessRelation: [],
        ContactProfileAnswer: [],
    }
    for contact_id, row in companies + persons:
        count = rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
        for code in rng.sample(mailing, min(count, len(mailing))):
            rows[ContactMailingGroup].append({"contact_id": contact_id, "mailing_group_code": code})
        kind = ProfileContactType(row["type"].value)
        for questionnaire, lines in answers.get(kind, []):
            if lines and rng.random() < 0.6:
                rows[ContactProfileAnswer].append(
                    {
                        "contact_id": contact_id,
                        "questionnaire_code": questionnaire,
                        "line_no": rng.choice(lines),
                    }
                )
    for contact_id, row in companies:
        if row["_industry"] in industries:
            rows[ContactIndustryGroup].append(
                {"contact_id": contact_id, "industry_group_code": row["_industry"]}
            )
        if relations:
            code = rng.choice(relations)
            rows[ContactBusinessRelation].append(
                {"contact_id": contact_id, "business_relation_code": code}
            )
    for contact_id, row in persons:
        code = JOB_BY_TITLE.get(row["job_title"])
        if code in jobs:
            rows[ContactJobResponsibility].append(
                {"contact_id": contact_id, "job_responsibility_code": code}
            )
    for model, model_rows in rows.items():
        _insert_chunks(session, model.__table__, model_rows)


def add_scale_contacts(session: Session, n: int, seed: int) -> None:
    """Bulk-inserts ``n`` contacts numbered CS0000001... (about 15% companies, the rest persons
    in those companies) with classification links, for load tests; the caller commits.

    Needs the demo master data (countries, languages, salespeople, territories, salutations).
    """
    if n <= 0:
        return
    rng = random.Random(seed)
    pools = _scale_pools(seed)
    industries = _codes(session, IndustryGroup.code)
    now = utcnow()
    first = _next_scale_number(session)
    company_count = min(n, max(1, round(n * SCALE_COMPANY_SHARE)))
    companies = [
        _scale_company(rng, pools, _scale_no(first + i), industries, now)
        for i in range(company_count)
    ]
    table = Contact.__table__
    _insert_chunks(session, table, [_without_private(row) for row in companies])
    first_no, last_no = companies[0]["no"], companies[-1]["no"]
    session.connection().execute(
        sa.update(table)
        .where(
            table.c.type == ContactType.COMPANY,
            table.c.company_id.is_(None),
            table.c.no >= first_no,
            table.c.no <= last_no,
        )
        .values(company_id=table.c.id)
    )
    company_ids = _ids_by_no(session, first_no, last_no)
    persons = []
    for i in range(company_count, n):
        index = rng.randrange(company_count)
        persons.append(
            _scale_person(rng, pools, _scale_no(first + i), companies[index], company_ids[index])
        )
    if persons:
        _insert_chunks(session, table, persons)
    person_ids = _ids_by_no(session, persons[0]["no"], persons[-1]["no"]) if persons else []
    _scale_links(
        session,
        rng,
        list(zip(company_ids, companies, strict=True)),
        list(zip(person_ids, persons, strict=True)),
    )


def _without_private(row: dict[str, Any]) -> dict[str, Any]:
    """The row without the helper keys (starting with _) that are not columns."""
    return {k: v for k, v in row.items() if not k.startswith("_")}

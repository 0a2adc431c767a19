"""The demo contacts: companies with their persons, private persons, and their
classification links, drawn from seeded Faker instances per country."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from faker import Faker
from sqlmodel import Session

from ..models import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    ContactType,
)
from ..services.core.numbering import next_no
from .common import DemoRun, add_all, fill_pattern, initials, slug, street_lines
from .data import (
    ACCOUNT_OWNERS,
    BUSINESS_RELATION_WEIGHTS,
    BUSINESS_RELATIONS,
    COMPANIES_PER_COUNTRY,
    CONTACT_SERIES,
    CORRESPONDENCE_CHOICES,
    CORRESPONDENCE_WEIGHTS,
    COUNTRY_PROFILES,
    EXCLUDED_COMPANIES,
    EXCLUDED_PERSONS,
    GOVERNMENT_NAMES,
    INDUSTRY_GROUPS,
    INDUSTRY_WEIGHTS,
    JOB_BY_TITLE,
    JOB_RESPONSIBILITIES,
    JOB_WEIGHTS,
    NEWSLETTER_SHARE,
    PERSON_EMAIL_MISSING_SHARE,
    PERSONS_IN_COMPANIES,
    PERSONS_WITHOUT_COMPANY,
    PRIVACY_BLOCKED_PERSONS,
    PRIVATE_MAIL_DOMAINS,
    SECTOR_WORDS,
    SEGMENT_GROUP_SIZES,
    City,
    CountryProfile,
)
from .setup import profile_answer_lines


def _company_name(
    rng: random.Random, fake: Faker, profile: CountryProfile, industry: str, city: City
) -> str:
    """A plausible company name in the country's style, derived from local surnames."""
    if industry == "GOVERNMENT":
        return GOVERNMENT_NAMES[profile.name_style].format(city=city.name)
    suffix = rng.choice(profile.suffixes)
    pattern = rng.randrange(3)
    if pattern == 0:
        return f"{fake.last_name()} {suffix}"
    if pattern == 1:
        return f"{fake.last_name()} & {fake.last_name()} {suffix}"
    return f"{fake.last_name()} {SECTOR_WORDS[industry][profile.name_style]} {suffix}"


def _domain(name: str, profile: CountryProfile) -> str:
    """The company's web and mail domain: its name without the legal form, under the reserved
    .example top-level domain."""
    for suffix in profile.suffixes:
        name = name.removesuffix(f" {suffix}")
    return f"{slug(name)}.example"


def job_and_title(rng: random.Random, language: str) -> tuple[str, str]:
    """A job responsibility code and a matching job title in the contact's language."""
    code, _, english, french = rng.choices(JOB_RESPONSIBILITIES, weights=JOB_WEIGHTS)[0]
    return code, rng.choice(french if language == "FR" else english)


@dataclass
class _CompanyDraft:
    """A demo company and what its persons and links need from it."""

    contact: Contact
    profile: CountryProfile
    domain: str
    industry: str


def _new_company(session: Session, demo: DemoRun, country: str, used: set[str]) -> _CompanyDraft:
    rng = demo.rng
    profile = COUNTRY_PROFILES[country]
    fake = demo.fakers[profile.name_locale]
    city = rng.choice(profile.cities)
    industry = rng.choices([c for c, _ in INDUSTRY_GROUPS], weights=INDUSTRY_WEIGHTS)[0]
    name = _company_name(rng, fake, profile, industry, city)
    while name in used:
        name = _company_name(rng, fake, profile, industry, city)
    used.add(name)
    domain = _domain(name, profile)
    address, address_2 = street_lines(demo.fakers[profile.street_locale].street_address())
    now = demo.tick()
    contact = Contact(
        no=next_no(session, CONTACT_SERIES),
        type=ContactType.COMPANY,
        name=name,
        search_name=name.upper(),
        company_name=name,
        address=address,
        address_2=address_2,
        post_code=fill_pattern(city.post_code, rng),
        city=city.name,
        county=city.county,
        country_code=country,
        phone_no=fill_pattern(profile.phone.format(area=city.area_code), rng),
        email=f"{rng.choice(('info', 'contact', 'office'))}@{domain}",
        home_page=f"www.{domain}",
        vat_registration_no=fill_pattern(profile.vat, rng),
        language_code=profile.language,
        salesperson_code=ACCOUNT_OWNERS[country],
        territory_code=city.territory,
        correspondence_type=rng.choices(CORRESPONDENCE_CHOICES, CORRESPONDENCE_WEIGHTS)[0],
        salutation_code="COMPANY",
        created_at=now,
        modified_at=now,
    )
    session.add(contact)
    session.flush()
    contact.company_id = contact.id
    return _CompanyDraft(contact, profile, domain, industry)


def _person_fields(demo: DemoRun, profile: CountryProfile) -> dict[str, Any]:
    """Name, salutation and job of a new person of ``profile``'s country."""
    rng = demo.rng
    fake = demo.fakers[profile.name_locale]
    female = rng.random() < 0.5
    first = (fake.first_name_female() if female else fake.first_name_male())[:30]
    surname = fake.last_name()[:30]
    salutation = "UNISEX" if rng.random() < 0.1 else ("MS" if female else "MR")
    _, title = job_and_title(rng, profile.language)
    name = f"{first} {surname}"
    return {
        "type": ContactType.PERSON,
        "first_name": first,
        "surname": surname,
        "initials": initials(first, surname),
        "name": name,
        "search_name": name.upper(),
        "job_title": title,
        "salutation_code": salutation,
        "mobile_phone_no": fill_pattern(
            profile.mobile.format(area=profile.cities[0].area_code), rng
        ),
    }


def _email(demo: DemoRun, fields: dict[str, Any], domain: str) -> str:
    if demo.rng.random() < PERSON_EMAIL_MISSING_SHARE:
        return ""
    local = f"{slug(fields['first_name'], '.')}.{slug(fields['surname'], '.')}"
    return f"{local}@{domain}"[:80]


def _new_person(session: Session, demo: DemoRun, company: _CompanyDraft) -> Contact:
    """A person who inherits address, country, language, salesperson and territory from their
    company, as Marketing Setup's inheritance flags ask."""
    parent = company.contact
    fields = _person_fields(demo, company.profile)
    now = demo.tick()
    correspondence = parent.correspondence_type
    if demo.rng.random() < 0.2:
        correspondence = demo.rng.choices(CORRESPONDENCE_CHOICES, CORRESPONDENCE_WEIGHTS)[0]
    person = Contact(
        no=next_no(session, CONTACT_SERIES),
        company_id=parent.id,
        company_name=parent.name,
        address=parent.address,
        address_2=parent.address_2,
        post_code=parent.post_code,
        city=parent.city,
        county=parent.county,
        country_code=parent.country_code,
        phone_no=parent.phone_no,
        email=_email(demo, fields, company.domain),
        language_code=parent.language_code,
        salesperson_code=parent.salesperson_code,
        territory_code=parent.territory_code,
        correspondence_type=correspondence,
        created_at=now,
        modified_at=now,
        **fields,
    )
    session.add(person)
    return person


def _new_private_person(session: Session, demo: DemoRun) -> Contact:
    """A person without a company, with a home address."""
    rng = demo.rng
    country = rng.choice(sorted(COUNTRY_PROFILES))
    profile = COUNTRY_PROFILES[country]
    city = rng.choice(profile.cities)
    fields = _person_fields(demo, profile)
    address, address_2 = street_lines(demo.fakers[profile.street_locale].street_address())
    now = demo.tick()
    person = Contact(
        no=next_no(session, CONTACT_SERIES),
        address=address,
        address_2=address_2,
        post_code=fill_pattern(city.post_code, rng),
        city=city.name,
        county=city.county,
        country_code=country,
        phone_no=fill_pattern(profile.phone.format(area=city.area_code), rng),
        email=_email(demo, fields, rng.choice(PRIVATE_MAIL_DOMAINS)),
        language_code=profile.language,
        salesperson_code=ACCOUNT_OWNERS[country],
        territory_code=city.territory,
        correspondence_type=rng.choices(CORRESPONDENCE_CHOICES, CORRESPONDENCE_WEIGHTS)[0],
        created_at=now,
        modified_at=now,
        **fields,
    )
    session.add(person)
    return person


def add_contacts(session: Session, demo: DemoRun) -> None:
    """Companies, each followed by its persons (numbered in that order), then a few private
    persons; then a few contacts excluded from segments or blocked for privacy."""
    rng = demo.rng
    countries = [c for c, n in COMPANIES_PER_COUNTRY.items() for _ in range(n)]
    rng.shuffle(countries)
    sizes = [1] * len(countries)
    weights = [rng.choice((1, 1, 2, 3, 5)) for _ in countries]
    for index in rng.choices(
        range(len(countries)), weights=weights, k=PERSONS_IN_COMPANIES - len(countries)
    ):
        sizes[index] += 1
    used: set[str] = set()
    for country, size in zip(countries, sizes, strict=True):
        company = _new_company(session, demo, country, used)
        demo.industries[company.contact.id] = company.industry
        demo.companies.append(company.contact)
        demo.persons.extend(_new_person(session, demo, company) for _ in range(size))
    demo.persons.extend(_new_private_person(session, demo) for _ in range(PERSONS_WITHOUT_COMPANY))
    session.flush()
    for contact in rng.sample(demo.persons, EXCLUDED_PERSONS):
        contact.exclude_from_segment = True
    for contact in rng.sample(demo.companies, EXCLUDED_COMPANIES):
        contact.exclude_from_segment = True
    for contact in rng.sample(demo.persons, PRIVACY_BLOCKED_PERSONS):
        contact.privacy_blocked = True
    session.flush()


def _other_code(rng: random.Random, codes: Sequence[str], taken: str) -> str:
    return rng.choice([code for code in codes if code != taken])


def _mailing_group_links(demo: DemoRun) -> list[ContactMailingGroup]:
    """Segment-sized groups (plus one excluded member each, which Add Contacts skips) and a
    large newsletter list of contacts with an e-mail address."""
    rng = demo.rng
    eligible = [c for c in demo.contacts if not c.exclude_from_segment]
    excluded = [c for c in demo.contacts if c.exclude_from_segment]
    for code, (kind, low, high) in SEGMENT_GROUP_SIZES.items():
        pool = [c for c in eligible if kind is None or c.type == kind]
        members = rng.sample(pool, rng.randint(low, high))
        members += [c for c in excluded if kind is None or c.type == kind][:1]
        demo.group_members[code] = members
    demo.group_members["NEWSLETTER"] = [
        c for c in demo.contacts if c.email and rng.random() < NEWSLETTER_SHARE
    ]
    return [
        ContactMailingGroup(contact_id=contact.id, mailing_group_code=code)
        for code, members in demo.group_members.items()
        for contact in members
    ]


def _person_links(demo: DemoRun) -> list[Any]:
    """Job responsibilities (the one behind the job title, sometimes a second) and answers to
    the person questionnaire."""
    rng = demo.rng
    jobs = [code for code, *_ in JOB_RESPONSIBILITIES]
    interests, call_times = profile_answer_lines()["PERSON"]
    links: list[Any] = []
    for person in demo.persons:
        primary = JOB_BY_TITLE[person.job_title]
        codes = [primary] + ([_other_code(rng, jobs, primary)] if rng.random() < 0.25 else [])
        links += [
            ContactJobResponsibility(contact_id=person.id, job_responsibility_code=c) for c in codes
        ]
        answers = rng.sample(interests, rng.randint(1, 2)) if rng.random() < 0.6 else []
        if rng.random() < 0.4:
            answers.append(rng.choice(call_times))
        links += [
            ContactProfileAnswer(contact_id=person.id, questionnaire_code="PERSON", line_no=line)
            for line in answers
        ]
    return links


def _company_links(demo: DemoRun) -> list[Any]:
    """Industry groups and business relations (companies only; persons match through their
    company) and answers to the company questionnaire."""
    rng = demo.rng
    industries = [code for code, _ in INDUSTRY_GROUPS]
    relations = [code for code, _ in BUSINESS_RELATIONS]
    questions = profile_answer_lines()["COMPANY"]
    links: list[Any] = []
    for company in demo.companies:
        industry = demo.industries[company.id]
        codes = [industry] + (
            [_other_code(rng, industries, industry)] if rng.random() < 0.15 else []
        )
        links += [ContactIndustryGroup(contact_id=company.id, industry_group_code=c) for c in codes]
        relation = rng.choices(relations, weights=BUSINESS_RELATION_WEIGHTS)[0]
        codes = [relation] + ([_other_code(rng, relations, relation)] if rng.random() < 0.2 else [])
        links += [
            ContactBusinessRelation(contact_id=company.id, business_relation_code=c) for c in codes
        ]
        links += [
            ContactProfileAnswer(
                contact_id=company.id, questionnaire_code="COMPANY", line_no=rng.choice(answers)
            )
            for answers in questions
        ]
    return links


def add_contact_links(session: Session, demo: DemoRun) -> None:
    add_all(session, _mailing_group_links(demo))
    add_all(session, _person_links(demo))
    add_all(session, _company_links(demo))

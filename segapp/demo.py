"""Demo data: a small fictitious company with contacts in eight countries, Word letters, open
segments and logged interactions, plus bulk contacts for load tests.

Everything comes from one seed through ``random.Random(seed)`` and seeded Faker instances (never
the global random generator), so two loads with the same seed into empty databases give the same
rows. E-mail addresses use the reserved ``.example`` domain so that a configured SMTP server can
never reach a real person from demo data.

Run ``python -m segapp.demo [--database-url URL] [--scale N] [--seed S]`` after the migrations.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from faker import Faker
from sqlmodel import Session, col, func, select

from .db import make_engine, transaction
from .models import (
    BusinessRelation,
    Campaign,
    CampaignEntry,
    CompanyInformation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    ContactType,
    CorrespondenceType,
    Country,
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    IndustryGroup,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    JobResponsibility,
    Language,
    LoggedSegment,
    MailingGroup,
    MarketingSetup,
    NoSeries,
    ProfileContactType,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Salutation,
    SalutationFormula,
    SalutationPart,
    SalutationType,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    Territory,
    User,
)
from .models.types import utcnow
from .services.core.auth import hash_password
from .services.core.numbering import next_no
from .settings import database_url

DEMO_USERNAME = "demo"
# Public on purpose: the sign-in page offers it while demo data is loaded.
DEMO_PASSWORD = "segment-demo"  # noqa: S105
DEFAULT_SEED = 2026

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Fixed times keep the rows identical from one load to the next.
DEMO_EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SEGMENT_BASE_DATE = date(2026, 11, 2)
DOCX_ZIP_TIME = (2026, 1, 5, 9, 0, 0)

SEGMENT_SERIES = "SEG"
CONTACT_SERIES = "CONT"
LINE_NO_STEP = 10000

SCALE_PREFIX = "CS"
SCALE_DIGITS = 7
SCALE_CHUNK = 5000
SCALE_COMPANY_SHARE = 0.15
SCALE_POOL_SIZE = 120

# --- Setup tables -------------------------------------------------------------------------------

LANGUAGES = (("EN", "English"), ("FR", "French"))

COUNTRIES = (
    ("BE", "Belgium"),
    ("CA", "Canada"),
    ("CH", "Switzerland"),
    ("DE", "Germany"),
    ("ES", "Spain"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("US", "United States"),
)

TERRITORIES = (
    ("NORTH", "North (United Kingdom)"),
    ("SOUTH", "South (United Kingdom)"),
    ("PARIS", "Paris region"),
    ("EXPORT", "Export"),
)

# code, name, job title, phone (UK drama range), e-mail
SALESPEOPLE = (
    ("JO", "Julia Oakley", "Sales Manager", "+44 118 496 0101", "julia.oakley@cronus-demo.example"),
    (
        "MH",
        "Mathieu Hébert",
        "Account Manager",
        "+44 118 496 0102",
        "mathieu.hebert@cronus-demo.example",
    ),
    (
        "PS",
        "Priya Shah",
        "Marketing Coordinator",
        "+44 118 496 0103",
        "priya.shah@cronus-demo.example",
    ),
)

# no, description, starting date, ending date, salesperson, activated
CAMPAIGNS = (
    ("CP0001", "Autumn golf day 2026", date(2026, 9, 1), date(2026, 12, 18), "JO", True),
    ("CP0002", "Spring 2027 product launch", date(2026, 12, 1), date(2027, 4, 30), "PS", False),
)

_F = SalutationType.FORMAL
_I = SalutationType.INFORMAL
_FIRST = SalutationPart.FIRST_NAME
_SURNAME = SalutationPart.SURNAME
_COMPANY = SalutationPart.COMPANY_NAME

# code, description, ((language, type, formula, parts for %1..%5), ...)
SALUTATIONS: tuple[tuple[str, str, tuple[tuple[str, SalutationType, str, tuple], ...]], ...] = (
    (
        "COMPANY",
        "Company",
        (
            ("EN", _F, "Dear Sirs", ()),
            ("EN", _I, "Dear %1 team", (_COMPANY,)),
            ("FR", _F, "Madame, Monsieur", ()),
            ("FR", _I, "Chère équipe de %1", (_COMPANY,)),
        ),
    ),
    (
        "MR",
        "Man",
        (
            ("EN", _F, "Dear Mr. %1", (_SURNAME,)),
            ("EN", _I, "Dear %1", (_FIRST,)),
            ("FR", _F, "Cher Monsieur %1", (_SURNAME,)),
            ("FR", _I, "Cher %1", (_FIRST,)),
        ),
    ),
    (
        "MS",
        "Woman",
        (
            ("EN", _F, "Dear Ms. %1", (_SURNAME,)),
            ("EN", _I, "Dear %1", (_FIRST,)),
            ("FR", _F, "Chère Madame %1", (_SURNAME,)),
            ("FR", _I, "Chère %1", (_FIRST,)),
        ),
    ),
    (
        "UNISEX",
        "Person (no gender)",
        (
            ("EN", _F, "Dear %1 %2", (_FIRST, _SURNAME)),
            ("EN", _I, "Dear %1", (_FIRST,)),
            ("FR", _F, "Bonjour %1 %2", (_FIRST, _SURNAME)),
            ("FR", _I, "Bonjour %1", (_FIRST,)),
        ),
    ),
)

# code, description, starting no., ending no.
NO_SERIES = (
    (SEGMENT_SERIES, "Segments", "SEG00001", "SEG99999"),
    (CONTACT_SERIES, "Contacts", "CT000001", "CT999999"),
)

COMPANY_INFORMATION = {
    "name": "Cronus Demo Ltd",
    "name_2": "Office furniture and fittings",
    "address": "12 Kennet Wharf",
    "address_2": "Forbury Business Park",
    "post_code": "RG1 3EU",
    "city": "Reading",
    "county": "Berkshire",
    "country_code": "GB",
    "phone_no": "+44 118 496 0100",
    "fax_no": "",
    "email": "info@cronus-demo.example",
    "home_page": "www.cronus-demo.example",
    "vat_registration_no": "GB123456789",
    "registration_no": "01234567",
    "bank_name": "Demo Bank plc",
    "bank_branch_no": "20-00-00",
    "bank_account_no": "12345678",
    "giro_no": "",
}

# --- Classifications ----------------------------------------------------------------------------

MAILING_GROUPS = (
    ("EVENT", "Event invitations"),
    ("GIFT", "Christmas gift recipients"),
    ("MOVE", "To be told of our move"),
    ("NEWSLETTER", "Newsletter subscribers"),
    ("XMAS", "Season's greetings cards"),
)

# code, description, English job titles, French job titles (all at most 30 characters)
JOB_RESPONSIBILITIES = (
    ("PURCHASE", "Purchasing", ("Purchasing Manager", "Buyer"), ("Responsable des achats",)),
    ("SALES", "Sales", ("Sales Manager", "Account Manager"), ("Responsable des ventes",)),
    ("IT", "IT", ("IT Manager", "Systems Administrator"), ("Responsable informatique",)),
    (
        "MANAGEMENT",
        "Management",
        ("Managing Director", "Chief Executive Officer"),
        ("Direction générale", "Gérance"),
    ),
    ("MARKETING", "Marketing", ("Marketing Manager",), ("Responsable marketing",)),
    ("FINANCE", "Finance", ("Finance Director", "Chief Accountant"), ("Direction financière",)),
)
JOB_WEIGHTS = (20, 25, 10, 15, 15, 15)
JOB_BY_TITLE = {
    title: code for code, _, english, french in JOB_RESPONSIBILITIES for title in english + french
}

INDUSTRY_GROUPS = (
    ("GOVERNMENT", "Government and public sector"),
    ("MANUFACT", "Manufacturing"),
    ("RETAIL", "Retail"),
    ("SERVICES", "Services"),
    ("WHOLESALE", "Wholesale"),
)
INDUSTRY_WEIGHTS = (5, 25, 25, 30, 15)

BUSINESS_RELATIONS = (
    ("BANK", "Bank"),
    ("CUST", "Customer"),
    ("PARTNER", "Partner"),
    ("PROS", "Prospect"),
    ("VEND", "Vendor"),
)
BUSINESS_RELATION_WEIGHTS = (3, 50, 8, 30, 9)

# code, description, contact type, ((question, multiple answers, (answers...)), ...)
PROFILE_QUESTIONNAIRES = (
    (
        "COMPANY",
        "Company profile",
        ProfileContactType.COMPANY,
        (
            ("Number of employees", False, ("1-10", "11-50", "51-250", "More than 250")),
            ("Market", False, ("Local", "National", "International")),
        ),
    ),
    (
        "PERSON",
        "Personal interests",
        ProfileContactType.PERSON,
        (
            ("Interests", True, ("Golf", "Wine tasting", "Technology", "Travel", "Cycling")),
            ("Best time to call", False, ("Morning", "Afternoon")),
        ),
    ),
)

# Words that go into company names, by industry and naming style.
SECTOR_WORDS = {
    "MANUFACT": {"EN": "Industries", "FR": "Industries", "DE": "Werke"},
    "RETAIL": {"EN": "Stores", "FR": "Boutiques", "DE": "Handel"},
    "SERVICES": {"EN": "Consulting", "FR": "Conseil", "DE": "Beratung"},
    "WHOLESALE": {"EN": "Trading", "FR": "Négoce", "DE": "Großhandel"},
}
GOVERNMENT_NAMES = {"EN": "{city} City Council", "FR": "Ville de {city}", "DE": "Stadt {city}"}


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


COUNTRY_PROFILES = {
    "GB": CountryProfile(
        code="GB",
        name_locale="en_GB",
        street_locale="en_GB",
        language="EN",
        name_style="EN",
        phone="+44 {area} ### ####",
        mobile="+44 7### ######",
        vat="GB#########",
        suffixes=("Ltd", "plc", "Ltd"),
        cities=(
            City("EC2A #??", "London", "Greater London", "SOUTH", "20"),
            City("SE1 #??", "London", "Greater London", "SOUTH", "20"),
            City("BS1 #??", "Bristol", "Bristol", "SOUTH", "117"),
            City("RG1 #??", "Reading", "Berkshire", "SOUTH", "118"),
            City("BN1 #??", "Brighton", "East Sussex", "SOUTH", "1273"),
            City("OX1 #??", "Oxford", "Oxfordshire", "SOUTH", "1865"),
            City("M1 #??", "Manchester", "Greater Manchester", "NORTH", "161"),
            City("LS1 #??", "Leeds", "West Yorkshire", "NORTH", "113"),
            City("NE1 #??", "Newcastle upon Tyne", "Tyne and Wear", "NORTH", "191"),
            City("YO1 #??", "York", "North Yorkshire", "NORTH", "1904"),
            City("L1 #??", "Liverpool", "Merseyside", "NORTH", "151"),
            City("S1 #??", "Sheffield", "South Yorkshire", "NORTH", "114"),
        ),
    ),
    "FR": CountryProfile(
        code="FR",
        name_locale="fr_FR",
        street_locale="fr_FR",
        language="FR",
        name_style="FR",
        phone="+33 {area} ## ## ## ##",
        mobile="+33 6 ## ## ## ##",
        vat="FR###########",
        suffixes=("SA", "SARL", "SAS"),
        cities=(
            City("75008", "Paris", "Paris", "PARIS", "1"),
            City("75011", "Paris", "Paris", "PARIS", "1"),
            City("92100", "Boulogne-Billancourt", "Hauts-de-Seine", "PARIS", "1"),
            City("69002", "Lyon", "Rhône", "EXPORT", "4"),
            City("13001", "Marseille", "Bouches-du-Rhône", "EXPORT", "4"),
            City("31000", "Toulouse", "Haute-Garonne", "EXPORT", "5"),
            City("33000", "Bordeaux", "Gironde", "EXPORT", "5"),
            City("59000", "Lille", "Nord", "EXPORT", "3"),
            City("44000", "Nantes", "Loire-Atlantique", "EXPORT", "2"),
            City("67000", "Strasbourg", "Bas-Rhin", "EXPORT", "3"),
        ),
    ),
    # Faker has Belgian names but no Belgian addresses; Swiss French street lines share their
    # "rue X 12" layout.
    "BE": CountryProfile(
        code="BE",
        name_locale="fr_BE",
        street_locale="fr_CH",
        language="FR",
        name_style="FR",
        phone="+32 {area} ### ###",
        mobile="+32 47# ## ## ##",
        vat="BE0#########",
        suffixes=("SA", "SRL", "SPRL"),
        cities=(
            City("1000", "Bruxelles", "Bruxelles-Capitale", "EXPORT", "2"),
            City("1050", "Ixelles", "Bruxelles-Capitale", "EXPORT", "2"),
            City("4000", "Liège", "Liège", "EXPORT", "4"),
            City("5000", "Namur", "Namur", "EXPORT", "81"),
            City("6000", "Charleroi", "Hainaut", "EXPORT", "71"),
            City("7000", "Mons", "Hainaut", "EXPORT", "65"),
            City("1300", "Wavre", "Brabant wallon", "EXPORT", "10"),
            City("1348", "Louvain-la-Neuve", "Brabant wallon", "EXPORT", "10"),
        ),
    ),
    "CH": CountryProfile(
        code="CH",
        name_locale="fr_CH",
        street_locale="fr_CH",
        language="FR",
        name_style="FR",
        phone="+41 {area} ### ## ##",
        mobile="+41 79 ### ## ##",
        vat="CHE-###.###.###",
        suffixes=("SA", "Sàrl", "AG"),
        cities=(
            City("1201", "Genève", "GE", "EXPORT", "22"),
            City("1003", "Lausanne", "VD", "EXPORT", "21"),
            City("2000", "Neuchâtel", "NE", "EXPORT", "32"),
            City("1700", "Fribourg", "FR", "EXPORT", "26"),
            City("1950", "Sion", "VS", "EXPORT", "27"),
            City("2300", "La Chaux-de-Fonds", "NE", "EXPORT", "32"),
        ),
    ),
    "US": CountryProfile(
        code="US",
        name_locale="en_US",
        street_locale="en_US",
        language="EN",
        name_style="EN",
        phone="+1 {area} 555 01##",
        mobile="+1 {area} 555 01##",
        vat="",
        suffixes=("Inc.", "LLC", "Corp."),
        cities=(
            City("10001", "New York", "NY", "EXPORT", "212"),
            City("02108", "Boston", "MA", "EXPORT", "617"),
            City("60601", "Chicago", "IL", "EXPORT", "312"),
            City("94105", "San Francisco", "CA", "EXPORT", "415"),
            City("98101", "Seattle", "WA", "EXPORT", "206"),
            City("30303", "Atlanta", "GA", "EXPORT", "404"),
            City("78701", "Austin", "TX", "EXPORT", "512"),
        ),
    ),
    "CA": CountryProfile(
        code="CA",
        name_locale="fr_CA",
        street_locale="fr_CA",
        language="FR",
        name_style="FR",
        phone="+1 {area} 555 01##",
        mobile="+1 {area} 555 01##",
        vat="",
        suffixes=("Inc.", "Ltée"),
        cities=(
            City("H2X #?#", "Montréal", "QC", "EXPORT", "514"),
            City("H3B #?#", "Montréal", "QC", "EXPORT", "514"),
            City("G1R #?#", "Québec", "QC", "EXPORT", "418"),
            City("J8X #?#", "Gatineau", "QC", "EXPORT", "819"),
            City("J1H #?#", "Sherbrooke", "QC", "EXPORT", "819"),
            City("G9A #?#", "Trois-Rivières", "QC", "EXPORT", "819"),
        ),
    ),
    "DE": CountryProfile(
        code="DE",
        name_locale="de_DE",
        street_locale="de_DE",
        language="EN",
        name_style="DE",
        phone="+49 {area} #######",
        mobile="+49 151 ########",
        vat="DE#########",
        suffixes=("GmbH", "AG", "KG"),
        cities=(
            City("10115", "Berlin", "Berlin", "EXPORT", "30"),
            City("20095", "Hamburg", "Hamburg", "EXPORT", "40"),
            City("80331", "München", "Bayern", "EXPORT", "89"),
            City("50667", "Köln", "Nordrhein-Westfalen", "EXPORT", "221"),
            City("60311", "Frankfurt am Main", "Hessen", "EXPORT", "69"),
            City("70173", "Stuttgart", "Baden-Württemberg", "EXPORT", "711"),
        ),
    ),
    "IE": CountryProfile(
        code="IE",
        name_locale="en_IE",
        street_locale="en_IE",
        language="EN",
        name_style="EN",
        phone="+353 {area} ### ####",
        mobile="+353 87 ### ####",
        vat="IE#######?",
        suffixes=("Ltd", "DAC"),
        cities=(
            City("D02 ?#?#", "Dublin", "Dublin", "EXPORT", "1"),
            City("T12 ?#?#", "Cork", "Cork", "EXPORT", "21"),
            City("H91 ?#?#", "Galway", "Galway", "EXPORT", "91"),
            City("V94 ?#?#", "Limerick", "Limerick", "EXPORT", "61"),
            City("X91 ?#?#", "Waterford", "Waterford", "EXPORT", "51"),
        ),
    ),
}

# Salesperson who looks after each country's contacts.
ACCOUNT_OWNERS = {
    "GB": "JO",
    "IE": "JO",
    "FR": "MH",
    "BE": "MH",
    "CH": "MH",
    "CA": "MH",
    "US": "PS",
    "DE": "PS",
}

COMPANIES_PER_COUNTRY = {
    "GB": 16,
    "FR": 14,
    "BE": 6,
    "CH": 5,
    "US": 7,
    "CA": 4,
    "DE": 5,
    "IE": 3,
}
PERSONS_IN_COMPANIES = 388
PERSONS_WITHOUT_COMPANY = 12
EXCLUDED_PERSONS = 6
EXCLUDED_COMPANIES = 2
PRIVACY_BLOCKED_PERSONS = 4
PERSON_EMAIL_MISSING_SHARE = 0.06
PRIVATE_MAIL_DOMAINS = ("mail.example", "post.example", "inbox.example")
CORRESPONDENCE_CHOICES = (
    CorrespondenceType.BLANK,
    CorrespondenceType.HARD_COPY,
    CorrespondenceType.EMAIL,
)
CORRESPONDENCE_WEIGHTS = (3, 3, 4)

# Mailing groups that open segments select on get a number of members (not excluded from
# segments) in this range, so every open segment has between 5 and 40 lines.
SEGMENT_GROUP_SIZES = {
    "EVENT": (ContactType.PERSON, 20, 30),
    "XMAS": (None, 25, 36),
    "GIFT": (ContactType.PERSON, 10, 20),
    "MOVE": (ContactType.COMPANY, 5, 12),
}
NEWSLETTER_SHARE = 0.35

# --- Interactions -------------------------------------------------------------------------------

INTERACTION_GROUPS = (
    ("EMAIL", "E-mails"),
    ("LETTER", "Letters"),
    ("MEETING", "Meetings"),
    ("PHONE", "Phone calls"),
)

REAL_MERGEFIELDS = frozenset(
    {
        "Contact Name",
        "Contact Company Name",
        "Contact No.",
        "Document Segment No.",
        "Salesperson/Purchaser Job Title",
        "Salesperson/Purchaser E-Mail",
    }
)
_PLACEHOLDER = re.compile(r"«([^»]+)»")


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


TEMPLATES = (
    TemplateSpec(
        code="ABSTRACT",
        group="LETTER",
        description="Product abstract",
        unit_cost=Decimal("2.50"),
        unit_duration=5,
        correspondence_type=CorrespondenceType.HARD_COPY,
        ignore_contact_type=False,
        campaign_no=None,
        campaign_target=False,
        texts={
            "EN": LetterText(
                "Product abstract (English)",
                "Our product range at a glance",
                (
                    "Thank you for your interest in Cronus Demo. As promised, please find "
                    "enclosed a short abstract of our current range for «Contact Company Name».",
                    "It covers our office furniture, meeting-room equipment and the services "
                    "that come with them: delivery, assembly and a five-year warranty.",
                    "If you would like a demonstration, «Salesperson/Purchaser Name» will gladly "
                    "visit you at a time that suits you.",
                ),
            ),
            "FR": LetterText(
                "Présentation produits (français)",
                "Notre gamme en un coup d'œil",
                (
                    "Merci de l'intérêt que vous portez à Cronus Demo. Comme convenu, vous "
                    "trouverez ci-joint une présentation de notre gamme pour "
                    "«Contact Company Name».",
                    "Elle couvre notre mobilier de bureau, l'équipement des salles de réunion et "
                    "les services associés : livraison, montage et garantie de cinq ans.",
                    "Pour une démonstration, «Salesperson/Purchaser Name» se fera un plaisir de "
                    "vous rendre visite au moment qui vous conviendra.",
                ),
            ),
        },
    ),
    TemplateSpec(
        code="GOLF",
        group="LETTER",
        description="Golf day invitation",
        unit_cost=Decimal("3.20"),
        unit_duration=10,
        correspondence_type=CorrespondenceType.EMAIL,
        ignore_contact_type=False,
        campaign_no="CP0001",
        campaign_target=True,
        texts={
            "EN": LetterText(
                "Golf day invitation (English)",
                "Invitation to our golf day",
                (
                    "We are delighted to invite you to the Cronus Demo golf day on Friday "
                    "11 December 2026 at the Kennet Valley golf club near Reading.",
                    "The day starts at 9:00 with coffee and a short presentation of our new "
                    "collection, followed by 18 holes for experienced players and a beginners' "
                    "clinic for everyone else. Lunch and the prize-giving close the day.",
                    "Please let «Salesperson/Purchaser Name» know by 30 November whether you can "
                    "join us (e-mail: «Salesperson/Purchaser E-Mail»).",
                ),
            ),
            "FR": LetterText(
                "Invitation journée golf (français)",
                "Invitation à notre journée golf",
                (
                    "Nous avons le plaisir de vous inviter à la journée golf Cronus Demo, le "
                    "vendredi 11 décembre 2026, au golf de Kennet Valley près de Reading.",
                    "La journée commence à 9 h par un café et une courte présentation de notre "
                    "nouvelle collection, suivis d'un parcours de 18 trous pour les joueurs "
                    "confirmés et d'une initiation pour les autres. Un déjeuner et la remise des "
                    "prix clôtureront la journée.",
                    "Merci de confirmer votre présence à «Salesperson/Purchaser Name» avant le "
                    "30 novembre (e-mail : «Salesperson/Purchaser E-Mail»).",
                ),
            ),
        },
    ),
    TemplateSpec(
        code="NEWS",
        group="EMAIL",
        description="Newsletter",
        unit_cost=Decimal("0.05"),
        unit_duration=1,
        correspondence_type=CorrespondenceType.EMAIL,
        ignore_contact_type=True,
        campaign_no=None,
        campaign_target=False,
        texts={
            "EN": LetterText(
                "Newsletter (English)",
                "News from Cronus Demo",
                (
                    "Here is the latest news from Cronus Demo for «Contact Company Name».",
                    "We are moving! From 1 December 2026 our offices and showroom are at "
                    "«Company Information Address», «Company Information Post Code» "
                    "«Company Information City». Our phone number stays "
                    "«Company Information Phone No.».",
                    "Also in this issue: the new ergonomic chair range, our winter opening hours "
                    "and the dates of our next product days.",
                ),
            ),
            "FR": LetterText(
                "Lettre d'information (français)",
                "Les nouvelles de Cronus Demo",
                (
                    "Voici les dernières nouvelles de Cronus Demo pour «Contact Company Name».",
                    "Nous déménageons ! À partir du 1er décembre 2026, nos bureaux et notre salle "
                    "d'exposition se trouvent au «Company Information Address», "
                    "«Company Information Post Code» «Company Information City». Notre numéro de "
                    "téléphone reste le «Company Information Phone No.».",
                    "Également dans ce numéro : la nouvelle gamme de sièges ergonomiques, nos "
                    "horaires d'hiver et les dates de nos prochaines journées produits.",
                ),
            ),
        },
    ),
    TemplateSpec(
        code="THANKS",
        group="LETTER",
        description="Thank-you letter",
        unit_cost=Decimal("12.50"),
        unit_duration=15,
        correspondence_type=CorrespondenceType.HARD_COPY,
        ignore_contact_type=False,
        campaign_no=None,
        campaign_target=False,
        texts={
            "EN": LetterText(
                "Thank-you letter (English)",
                "Thank you for a great year",
                (
                    "Thank you for the trust you have placed in Cronus Demo this year. Working "
                    "with «Contact Company Name» has been a real pleasure.",
                    "As a small token of our appreciation, a seasonal gift is on its way to you.",
                    "We look forward to working with you next year. «Salesperson/Purchaser Name» "
                    "remains your contact for any question.",
                ),
            ),
            "FR": LetterText(
                "Lettre de remerciement (français)",
                "Merci pour cette belle année",
                (
                    "Merci pour la confiance que vous avez accordée à Cronus Demo cette année. "
                    "Travailler avec «Contact Company Name» a été un vrai plaisir.",
                    "En témoignage de notre reconnaissance, un petit cadeau est en route "
                    "vers vous.",
                    "Nous nous réjouissons de poursuivre notre collaboration l'an prochain. "
                    "«Salesperson/Purchaser Name» reste votre interlocuteur pour toute question.",
                ),
            ),
        },
    ),
)

# Fixed wording of the letters, by language.
LETTER_LABELS = {
    "EN": {
        "our_ref": "Our reference",
        "your_contact": "Your contact",
        "addressee": "Addressee",
        "date_line": "«Company Information City», «Document Date»",
        "subject": "Subject: ",
        "closing": "Yours sincerely,",
        "vat": "VAT",
        "bank": "Bank",
    },
    "FR": {
        "our_ref": "Notre référence",
        "your_contact": "Votre interlocuteur",
        "addressee": "Destinataire",
        "date_line": "«Company Information City», le «Document Date»",
        "subject": "Objet : ",
        "closing": "Veuillez agréer nos salutations distinguées.",
        "vat": "TVA",
        "bank": "Banque",
    },
}


@dataclass(frozen=True)
class SegmentSpec:
    """An open or logged segment: what it is for and which contacts it holds."""

    description: str
    template: str
    salesperson: str
    date: date
    mailing_group: str | None
    canceled: bool = False


# Logged segments come first so that their numbers (SEG00001...) precede the open ones.
LOGGED_SEGMENTS = (
    SegmentSpec("Spring newsletter 2026", "NEWS", "PS", date(2026, 4, 14), "NEWSLETTER"),
    SegmentSpec(
        "Thank-you letters after the trade fair", "THANKS", "MH", date(2026, 6, 30), None, True
    ),
    SegmentSpec("Golf day invitations - first wave", "GOLF", "JO", date(2026, 9, 21), None),
)
LOGGED_SIZE = (5, 30)

OPEN_SEGMENTS = (
    SegmentSpec("Golf day invitations - second wave", "GOLF", "JO", SEGMENT_BASE_DATE, "EVENT"),
    SegmentSpec(
        "Season's greetings and thanks",
        "THANKS",
        "MH",
        SEGMENT_BASE_DATE + timedelta(days=7),
        "XMAS",
    ),
    SegmentSpec(
        "Product abstract for gift recipients",
        "ABSTRACT",
        "PS",
        SEGMENT_BASE_DATE + timedelta(days=14),
        "GIFT",
    ),
    SegmentSpec(
        "Newsletter: we are moving", "NEWS", "JO", SEGMENT_BASE_DATE + timedelta(days=21), "MOVE"
    ),
)


# --- Helpers ------------------------------------------------------------------------------------


def _fill(pattern: str, rng: random.Random) -> str:
    """Replaces # by a digit and ? by a capital letter: phones, post codes and VAT numbers."""
    chars = []
    for char in pattern:
        if char == "#":
            chars.append(str(rng.randrange(10)))
        elif char == "?":
            chars.append(chr(ord("A") + rng.randrange(26)))
        else:
            chars.append(char)
    return "".join(chars)


def _slug(text: str, separator: str = "-") -> str:
    """ASCII lower-case words joined by ``separator``, for e-mail addresses and domains."""
    text = text.replace("ß", "ss").replace("&", " ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return separator.join(words)


def _initials(*names: str) -> str:
    return "".join(name[0].upper() for name in names if name)


def _street_lines(street: str) -> tuple[str, str]:
    """Faker's multi-line street addresses become Address and Address 2."""
    lines = [line.strip() for line in street.splitlines() if line.strip()]
    return lines[0][:100], " ".join(lines[1:])[:50]


def _fakers(seed: int) -> dict[str, Faker]:
    """One seeded Faker per locale used by the country profiles."""
    locales = sorted(
        {p.name_locale for p in COUNTRY_PROFILES.values()}
        | {p.street_locale for p in COUNTRY_PROFILES.values()}
    )
    fakers = {}
    for offset, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + offset)
        fakers[locale] = fake
    return fakers


def _at(day: date, hour: int = 9) -> datetime:
    """A fixed, timezone-aware time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


# --- Word letters -------------------------------------------------------------------------------


def _add_merge_field(paragraph: Paragraph, name: str, *, bold: bool = False) -> None:
    """A real Word MERGEFIELD (w:fldSimple) whose cached result shows «name»."""
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), f' MERGEFIELD "{name}" ')
    run = paragraph.add_run(f"«{name}»")
    run.bold = bold or None
    field_element.append(run._r)
    paragraph._p.append(field_element)


def _add_text(paragraph: Paragraph, text: str, *, bold: bool = False) -> Paragraph:
    """Adds text whose «Field» placeholders become real merge fields for the names in
    REAL_MERGEFIELDS and stay plain text otherwise: users' own letters contain both kinds."""
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in REAL_MERGEFIELDS:
            continue
        if match.start() > position:
            paragraph.add_run(text[position : match.start()]).bold = bold or None
        _add_merge_field(paragraph, match.group(1), bold=bold)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:]).bold = bold or None
    return paragraph


def _letterhead(document: Any) -> None:
    name = _add_text(document.add_paragraph(), "«Company Information Name»", bold=True)
    name.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name.runs[0].font.size = Pt(16)
    for line in (
        "«Company Information Address»",
        "«Company Information Post Code» «Company Information City»",
        "«Company Information Phone No.» · «Company Information E-Mail»",
    ):
        paragraph = _add_text(document.add_paragraph(), line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)


def _reference_table(document: Any, labels: dict[str, str]) -> None:
    rows = (
        (labels["our_ref"], "«Document Segment No.»"),
        (labels["your_contact"], "«Salesperson/Purchaser Name», «Salesperson/Purchaser Phone No.»"),
        (labels["addressee"], "«Contact Name» («Contact No.»)"),
    )
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _add_text(row.cells[0].paragraphs[0], label, bold=True)
        _add_text(row.cells[1].paragraphs[0], value)


def _footer(document: Any, labels: dict[str, str]) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(
        paragraph,
        "«Company Information Name» · «Company Information Address» · "
        "«Company Information Post Code» «Company Information City» · "
        f"{labels['vat']} «Company Information VAT Registration No.» · "
        f"{labels['bank']} «Company Information Bank Name» «Company Information Bank Account No.»",
    )
    for run in paragraph.iter_inner_content():
        if hasattr(run, "font"):
            run.font.size = Pt(8)


def _stable_zip(data: bytes) -> bytes:
    """Rewrites the .docx zip with fixed entry times so the same letter gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=DOCX_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


def make_letter_docx(language: str, template_description: str, body_paragraphs: list[str]) -> bytes:
    """A business letter as .docx bytes: letterhead, address block, date, reference table,
    subject, salutation, body, signature and footer, with merge fields of reference §8.4.

    ``template_description`` says what the letter is about and becomes its subject line.
    Fixed wording follows ``language`` (EN or FR, else EN); merge field names are English.
    Names in REAL_MERGEFIELDS become Word MERGEFIELD fields, the others «text» placeholders;
    ``body_paragraphs`` may contain both.
    """
    labels = LETTER_LABELS.get(language.upper(), LETTER_LABELS["EN"])
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = template_description
    properties.author = properties.last_modified_by = COMPANY_INFORMATION["name"]
    properties.created = properties.modified = DEMO_EPOCH.replace(tzinfo=None)
    properties.language = "fr-FR" if labels is LETTER_LABELS["FR"] else "en-GB"

    _letterhead(document)
    document.add_paragraph()
    _add_text(document.add_paragraph(), "«Contact Mail Address»")
    date_line = _add_text(document.add_paragraph(), labels["date_line"])
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _reference_table(document, labels)
    document.add_paragraph()
    _add_text(document.add_paragraph(), labels["subject"] + template_description, bold=True)
    _add_text(document.add_paragraph(), "«Formal Salutation»,")
    for text in body_paragraphs:
        _add_text(document.add_paragraph(), text)
    remark = _add_text(document.add_paragraph(), "«Remark»")
    remark.runs[0].italic = True
    _add_text(document.add_paragraph(), labels["closing"])
    document.add_paragraph()
    _add_text(document.add_paragraph(), "«Salesperson/Purchaser Name»", bold=True)
    _add_text(document.add_paragraph(), "«Salesperson/Purchaser Job Title»")
    _footer(document, labels)

    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


# --- Loading ------------------------------------------------------------------------------------


@dataclass
class _Demo:
    """What one load has created so far, for the steps that link to it."""

    rng: random.Random
    fakers: dict[str, Faker]
    companies: list[Contact] = field(default_factory=list)
    persons: list[Contact] = field(default_factory=list)
    group_members: dict[str, list[Contact]] = field(default_factory=dict)
    # The industry each company's name was made for, so that its industry group matches.
    industries: dict[int, str] = field(default_factory=dict)
    templates: dict[str, InteractionTemplate] = field(default_factory=dict)
    documents: dict[tuple[str, str], StoredDocument] = field(default_factory=dict)
    user_id: int | None = None
    clock: int = 0

    @property
    def contacts(self) -> list[Contact]:
        return self.companies + self.persons

    def tick(self) -> datetime:
        """The next fixed creation time: one minute after the previous one."""
        self.clock += 1
        return DEMO_EPOCH + timedelta(minutes=self.clock)


def is_loaded(session: Session) -> bool:
    """True when the database holds the demo data (Marketing Setup says so)."""
    setup = session.get(MarketingSetup, 1)
    return bool(setup and setup.demo_data)


def demo_credentials(session: Session) -> tuple[str, str] | None:
    """The demo user's name and password for the sign-in page, only when the demo data is
    loaded."""
    return (DEMO_USERNAME, DEMO_PASSWORD) if is_loaded(session) else None


def load_demo(session: Session, *, seed: int = DEFAULT_SEED, extra_contacts: int = 0) -> None:
    """Adds the whole demo company to an empty database; the caller commits.

    The same seed always gives the same rows, so tests and screenshots can rely on them.
    """
    demo = _Demo(rng=random.Random(seed), fakers=_fakers(seed))
    _add_setup(session)
    _add_classifications(session)
    _add_contacts(session, demo)
    _add_contact_links(session, demo)
    _add_interaction_templates(session, demo)
    _add_demo_user(session, demo)
    _add_logged_segments(session, demo)
    _add_open_segments(session, demo)
    _add_marketing_setup(session)
    if extra_contacts > 0:
        add_scale_contacts(session, extra_contacts, seed)


def _add_all(session: Session, rows: Iterable[Any]) -> None:
    """Adds rows and flushes, so that the next step can refer to them."""
    session.add_all(list(rows))
    session.flush()


def _add_setup(session: Session) -> None:
    """Languages, countries, territories, salespeople, campaigns, salutations, number series and
    company information: everything contacts and templates refer to."""
    _add_all(session, (Language(code=c, name=n) for c, n in LANGUAGES))
    _add_all(session, (Country(code=c, name=n) for c, n in COUNTRIES))
    _add_all(session, (Territory(code=c, name=n) for c, n in TERRITORIES))
    _add_all(
        session,
        (
            Salesperson(code=c, name=n, job_title=t, phone_no=p, email=e)
            for c, n, t, p, e in SALESPEOPLE
        ),
    )
    _add_all(
        session,
        (
            Campaign(
                no=no,
                description=d,
                starting_date=start,
                ending_date=end,
                salesperson_code=sp,
                activated=active,
            )
            for no, d, start, end, sp, active in CAMPAIGNS
        ),
    )
    _add_all(session, (Salutation(code=c, description=d) for c, d, _ in SALUTATIONS))
    _add_all(session, _salutation_formulas())
    _add_all(
        session,
        (NoSeries(code=c, description=d, starting_no=s, ending_no=e) for c, d, s, e in NO_SERIES),
    )
    _add_all(session, [CompanyInformation(id=1, **COMPANY_INFORMATION)])


def _salutation_formulas() -> list[SalutationFormula]:
    formulas = []
    for code, _, rows in SALUTATIONS:
        for language, kind, formula, parts in rows:
            names = {f"name_{i}": part for i, part in enumerate(parts, start=1)}
            formulas.append(
                SalutationFormula(
                    salutation_code=code,
                    language_code=language,
                    salutation_type=kind,
                    formula=formula,
                    **names,
                )
            )
    return formulas


def _add_marketing_setup(session: Session) -> None:
    """Written last: ``demo_data`` True means the load finished."""
    _add_all(
        session,
        [
            MarketingSetup(
                id=1,
                segment_nos=SEGMENT_SERIES,
                contact_nos=CONTACT_SERIES,
                default_country_code="GB",
                default_language_code="EN",
                # Blank lets each interaction template decide how to reach a new contact.
                default_correspondence_type=CorrespondenceType.BLANK,
                def_company_salutation_code="COMPANY",
                default_person_salutation_code="UNISEX",
                mergefield_language_code="EN",
                sender_email="marketing@cronus-demo.example",
                sender_name="Cronus Demo Marketing",
                demo_data=True,
            )
        ],
    )


def _add_classifications(session: Session) -> None:
    """Mailing groups, job responsibilities, industry groups, business relations and profile
    questionnaires with their question and answer lines."""
    _add_all(session, (MailingGroup(code=c, description=d) for c, d in MAILING_GROUPS))
    _add_all(
        session,
        (JobResponsibility(code=c, description=d) for c, d, _, _ in JOB_RESPONSIBILITIES),
    )
    _add_all(session, (IndustryGroup(code=c, description=d) for c, d in INDUSTRY_GROUPS))
    _add_all(session, (BusinessRelation(code=c, description=d) for c, d in BUSINESS_RELATIONS))
    _add_all(
        session,
        (
            ProfileQuestionnaire(code=c, description=d, contact_type=t)
            for c, d, t, _ in PROFILE_QUESTIONNAIRES
        ),
    )
    lines = []
    for code, _, _, questions in PROFILE_QUESTIONNAIRES:
        line_no = 0
        for question, multiple, answers in questions:
            line_no += LINE_NO_STEP
            lines.append(
                ProfileQuestionnaireLine(
                    questionnaire_code=code,
                    line_no=line_no,
                    type=ProfileLineType.QUESTION,
                    description=question,
                    multiple_answers=multiple,
                )
            )
            for answer in answers:
                line_no += LINE_NO_STEP
                lines.append(
                    ProfileQuestionnaireLine(
                        questionnaire_code=code,
                        line_no=line_no,
                        type=ProfileLineType.ANSWER,
                        description=answer,
                    )
                )
    _add_all(session, lines)


def _profile_answer_lines() -> dict[str, list[list[int]]]:
    """Answer line numbers per questionnaire, one list per question, as _add_classifications
    numbers them."""
    result: dict[str, list[list[int]]] = {}
    for code, _, _, questions in PROFILE_QUESTIONNAIRES:
        line_no = 0
        groups = []
        for _, _, answers in questions:
            line_no += LINE_NO_STEP
            groups.append([line_no + LINE_NO_STEP * (i + 1) for i in range(len(answers))])
            line_no += LINE_NO_STEP * len(answers)
        result[code] = groups
    return result


# --- Demo contacts ------------------------------------------------------------------------------


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
    return f"{_slug(name)}.example"


def _job(rng: random.Random, language: str) -> tuple[str, str]:
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


def _new_company(session: Session, demo: _Demo, country: str, used: set[str]) -> _CompanyDraft:
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
    address, address_2 = _street_lines(demo.fakers[profile.street_locale].street_address())
    now = demo.tick()
    contact = Contact(
        no=next_no(session, CONTACT_SERIES),
        type=ContactType.COMPANY,
        name=name,
        search_name=name.upper(),
        company_name=name,
        address=address,
        address_2=address_2,
        post_code=_fill(city.post_code, rng),
        city=city.name,
        county=city.county,
        country_code=country,
        phone_no=_fill(profile.phone.format(area=city.area_code), rng),
        email=f"{rng.choice(('info', 'contact', 'office'))}@{domain}",
        home_page=f"www.{domain}",
        vat_registration_no=_fill(profile.vat, rng),
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


def _person_fields(demo: _Demo, profile: CountryProfile) -> dict[str, Any]:
    """Name, salutation and job of a new person of ``profile``'s country."""
    rng = demo.rng
    fake = demo.fakers[profile.name_locale]
    female = rng.random() < 0.5
    first = (fake.first_name_female() if female else fake.first_name_male())[:30]
    surname = fake.last_name()[:30]
    salutation = "UNISEX" if rng.random() < 0.1 else ("MS" if female else "MR")
    _, title = _job(rng, profile.language)
    name = f"{first} {surname}"
    return {
        "type": ContactType.PERSON,
        "first_name": first,
        "surname": surname,
        "initials": _initials(first, surname),
        "name": name,
        "search_name": name.upper(),
        "job_title": title,
        "salutation_code": salutation,
        "mobile_phone_no": _fill(profile.mobile.format(area=profile.cities[0].area_code), rng),
    }


def _email(demo: _Demo, fields: dict[str, Any], domain: str) -> str:
    if demo.rng.random() < PERSON_EMAIL_MISSING_SHARE:
        return ""
    local = f"{_slug(fields['first_name'], '.')}.{_slug(fields['surname'], '.')}"
    return f"{local}@{domain}"[:80]


def _new_person(session: Session, demo: _Demo, company: _CompanyDraft) -> Contact:
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


def _new_private_person(session: Session, demo: _Demo) -> Contact:
    """A person without a company, with a home address."""
    rng = demo.rng
    country = rng.choice(sorted(COUNTRY_PROFILES))
    profile = COUNTRY_PROFILES[country]
    city = rng.choice(profile.cities)
    fields = _person_fields(demo, profile)
    address, address_2 = _street_lines(demo.fakers[profile.street_locale].street_address())
    now = demo.tick()
    person = Contact(
        no=next_no(session, CONTACT_SERIES),
        address=address,
        address_2=address_2,
        post_code=_fill(city.post_code, rng),
        city=city.name,
        county=city.county,
        country_code=country,
        phone_no=_fill(profile.phone.format(area=city.area_code), rng),
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


def _add_contacts(session: Session, demo: _Demo) -> None:
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


# --- Classification links -----------------------------------------------------------------------


def _other_code(rng: random.Random, codes: Sequence[str], taken: str) -> str:
    return rng.choice([code for code in codes if code != taken])


def _mailing_group_links(demo: _Demo) -> list[ContactMailingGroup]:
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


def _person_links(demo: _Demo) -> list[Any]:
    """Job responsibilities (the one behind the job title, sometimes a second) and answers to
    the person questionnaire."""
    rng = demo.rng
    jobs = [code for code, *_ in JOB_RESPONSIBILITIES]
    interests, call_times = _profile_answer_lines()["PERSON"]
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


def _company_links(demo: _Demo) -> list[Any]:
    """Industry groups and business relations (companies only; persons match through their
    company) and answers to the company questionnaire."""
    rng = demo.rng
    industries = [code for code, _ in INDUSTRY_GROUPS]
    relations = [code for code, _ in BUSINESS_RELATIONS]
    questions = _profile_answer_lines()["COMPANY"]
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


def _add_contact_links(session: Session, demo: _Demo) -> None:
    _add_all(session, _mailing_group_links(demo))
    _add_all(session, _person_links(demo))
    _add_all(session, _company_links(demo))


# --- Templates and user -------------------------------------------------------------------------

TEMPLATE_SPECS = {spec.code: spec for spec in TEMPLATES}


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


def _add_interaction_templates(session: Session, demo: _Demo) -> None:
    """Interaction groups, and templates with an English and a French Word letter each."""
    _add_all(session, (InteractionGroup(code=c, description=d) for c, d in INTERACTION_GROUPS))
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
            language_code_default="EN",
        )
        demo.templates[spec.code] = template
        for language, text in spec.texts.items():
            content = make_letter_docx(language, text.subject, list(text.paragraphs))
            document = _stored_document(f"{spec.code}-{language}.docx", content)
            demo.documents[spec.code, language] = document
            session.add(document)
        _add_all(session, [template])
        _add_all(
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


def _add_demo_user(session: Session, demo: _Demo) -> None:
    user = User(
        username=DEMO_USERNAME,
        full_name="Demo User",
        password_hash=hash_password(DEMO_PASSWORD),
        salesperson_code=SALESPEOPLE[0][0],
        language_code="EN",
        created_at=DEMO_EPOCH,
    )
    _add_all(session, [user])
    demo.user_id = user.id


# --- Segments -----------------------------------------------------------------------------------


def _new_header(session: Session, demo: _Demo, spec: SegmentSpec) -> SegmentHeader:
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
        created_at=_at(spec.date),
        modified_at=_at(spec.date),
    )


def _segment_contacts(demo: _Demo, spec: SegmentSpec) -> list[Contact]:
    """The contacts Add Contacts would pick for the spec's mailing group (or all contacts),
    skipping those excluded from segments."""
    pool = demo.group_members[spec.mailing_group] if spec.mailing_group else demo.contacts
    return [c for c in pool if not c.exclude_from_segment]


def _in_add_contacts_order(demo: _Demo, contacts: list[Contact]) -> list[Contact]:
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


def _line_fields(demo: _Demo, header: SegmentHeader, contact: Contact) -> dict[str, Any]:
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


def _add_open_segments(session: Session, demo: _Demo) -> None:
    """Open segments with their header languages, lines, criteria journal and history."""
    for spec in OPEN_SEGMENTS:
        header = _new_header(session, demo, spec)
        _add_all(session, [header])
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
        _add_all(session, rows)


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


def _add_logged_segments(session: Session, demo: _Demo) -> None:
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
            created_at=_at(spec.date, 16),
        )
        _add_all(session, [logged])
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
            _add_all(session, [entry])
            campaign_entry_no = entry.entry_no
        frozen = {
            language: _stored_document(
                f"{header.no}-{language}.docx",
                demo.documents[spec.template, language].content,
                read_only=True,
            )
            for language in TEMPLATE_SPECS[spec.template].texts
        }
        _add_all(session, frozen.values())
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
        _add_all(session, entries)


# --- Bulk contacts for load tests ---------------------------------------------------------------


@dataclass(frozen=True)
class _Pools:
    """Names and streets per country, drawn from Faker once and recombined for every row:
    Faker per row would be far too slow for 100 000 contacts."""

    male: dict[str, list[tuple[str, str]]]
    female: dict[str, list[tuple[str, str]]]
    surnames: dict[str, list[tuple[str, str]]]
    streets: dict[str, list[tuple[str, str]]]


def _scale_pools(seed: int) -> _Pools:
    fakers = _fakers(seed)
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
            pools[kind][country] = [(name, _slug(name, ".")) for name in names]
        pools["streets"][country] = [
            _street_lines(street.street_address()) for _ in range(SCALE_POOL_SIZE)
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
        "post_code": _fill(city.post_code, rng),
        "city": city.name,
        "county": city.county,
        "country_code": country,
        "phone_no": _fill(profile.phone.format(area=city.area_code), rng),
        "mobile_phone_no": "",
        "email": f"info@{domain}",
        "home_page": f"www.{domain}",
        "vat_registration_no": _fill(profile.vat, rng),
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
    _, title = _job(rng, profile.language)
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
        "initials": _initials(first, surname),
        "job_title": title,
        "mobile_phone_no": _fill(profile.mobile.format(area=profile.cities[0].area_code), rng),
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


# --- Command line -------------------------------------------------------------------------------


def _load_if_missing(session: Session, seed: int) -> tuple[bool, str]:
    """Loads the demo unless it is there already; refuses a database holding other data, so
    that demo rows never mix with real ones."""
    if is_loaded(session):
        return True, "Demo data already loaded"
    has_data = session.get(MarketingSetup, 1) is not None or (
        session.exec(select(Contact.id).limit(1)).first() is not None
    )
    if has_data:
        return False, "The database already holds data that is not the demo: nothing loaded"
    load_demo(session, seed=seed)
    return True, "Demo data loaded"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m segapp.demo",
        description="Load the demo data into a database migrated to head.",
    )
    parser.add_argument(
        "--database-url", help="default: SEGAPP_DATABASE_URL, else the SQLite file in .data/"
    )
    parser.add_argument(
        "--scale", type=int, default=0, metavar="N", help="then add N bulk contacts"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    engine = make_engine(args.database_url or database_url())
    try:
        with transaction(engine) as session:
            ok, message = _load_if_missing(session, args.seed)
        print(message)
        if not ok:
            return 1
        if args.scale > 0:
            started = time.perf_counter()
            with transaction(engine) as session:
                add_scale_contacts(session, args.scale, args.seed)
            elapsed = time.perf_counter() - started
            print(f"Added {args.scale} contacts in {elapsed:.1f} s")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

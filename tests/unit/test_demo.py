"""The demo data as a user meets it: master data, contacts, Word letters, open and logged
segments, the demo sign-in, determinism and the bulk contacts of load tests."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import Session, col, func, select

from segapp import migrations
from segapp.db import make_engine
from segapp.demo import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DOCX_CONTENT_TYPE,
    add_scale_contacts,
    is_loaded,
    load_demo,
    make_letter_docx,
)
from segapp.models import (
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
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    Language,
    LoggedSegment,
    MarketingSetup,
    NoSeries,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    SalutationFormula,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)
from segapp.services.core.auth import sign_in

FRENCH_SPEAKING = {"FR", "BE", "CH", "CA"}


@pytest.fixture
def demo(session: Session) -> Session:
    """A session on a database holding the demo data, committed."""
    load_demo(session)
    session.commit()
    return session


def _contacts(session: Session, kind: ContactType | None = None) -> list[Contact]:
    statement = select(Contact).order_by(col(Contact.no))
    if kind is not None:
        statement = statement.where(Contact.type == kind)
    return list(session.exec(statement).all())


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _document_xml(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()


def test_an_empty_database_has_no_demo(session: Session) -> None:
    assert not is_loaded(session)


def test_demo_has_the_master_data_a_user_expects(demo: Session) -> None:
    assert is_loaded(demo)
    assert 55 <= len(_contacts(demo, ContactType.COMPANY)) <= 65
    assert 380 <= len(_contacts(demo, ContactType.PERSON)) <= 420
    assert {s.code for s in demo.exec(select(Salesperson)).all()} == {"JO", "MH", "PS"}
    assert {c.no for c in demo.exec(select(Campaign)).all()} == {"CP0001", "CP0002"}
    assert {lang.code for lang in demo.exec(select(Language)).all()} == {"EN", "FR"}
    setup = demo.get(MarketingSetup, 1)
    assert setup is not None
    assert (setup.segment_nos, setup.contact_nos) == ("SEG", "CONT")
    assert setup.def_company_salutation_code == "COMPANY"
    assert demo.get(CompanyInformation, 1).name
    # Every salutation speaks both languages, formally and informally.
    formulas = Counter(f.salutation_code for f in demo.exec(select(SalutationFormula)).all())
    assert set(formulas) == {"COMPANY", "MR", "MS", "UNISEX"}
    assert set(formulas.values()) == {4}
    assert all(c.created_at.tzinfo is not None for c in _contacts(demo)[:10])


def test_numbers_come_from_the_number_series(demo: Session) -> None:
    numbers = [c.no for c in _contacts(demo)]
    assert len(set(numbers)) == len(numbers)
    assert all(no.startswith("CT") for no in numbers)
    assert demo.get(NoSeries, "CONT").last_no_used == max(numbers)
    segment_nos = [h.no for h in demo.exec(select(SegmentHeader)).all()]
    segment_nos += [s.segment_no for s in demo.exec(select(LoggedSegment)).all()]
    assert len(set(segment_nos)) == len(segment_nos) == 7
    assert demo.get(NoSeries, "SEG").last_no_used == max(segment_nos) == "SEG00007"


def test_persons_belong_to_their_company(demo: Session) -> None:
    companies = {c.id: c for c in _contacts(demo, ContactType.COMPANY)}
    for company in companies.values():
        assert company.company_id == company.id
        assert company.company_name == company.name
    persons = _contacts(demo, ContactType.PERSON)
    without_company = [p for p in persons if p.company_id is None]
    assert 0 < len(without_company) < 20
    for person in persons:
        assert person.name == f"{person.first_name} {person.surname}"
        assert person.search_name == person.name.upper()
        if person.company_id is not None:
            assert person.company_name == companies[person.company_id].name
        else:
            assert person.company_name == ""


def test_french_speaking_contacts_get_french(demo: Session) -> None:
    contacts = _contacts(demo)
    assert len({c.country_code for c in contacts}) >= 8
    for contact in contacts:
        expected = "FR" if contact.country_code in FRENCH_SPEAKING else "EN"
        assert contact.language_code == expected, contact.no


def test_a_few_contacts_are_special(demo: Session) -> None:
    contacts = _contacts(demo)
    assert 0 < sum(c.exclude_from_segment for c in contacts) < 20
    assert 0 < sum(c.privacy_blocked for c in contacts) < 20
    assert 0 < sum(not c.email for c in contacts) < 60
    # Reserved domain: a configured SMTP server cannot mail a real person.
    assert all(c.email.endswith(".example") for c in contacts if c.email)
    kinds = Counter(c.correspondence_type for c in contacts)
    assert set(kinds) == set(CorrespondenceType)


def test_classifications_follow_the_contact_type(demo: Session) -> None:
    companies = {c.id for c in _contacts(demo, ContactType.COMPANY)}
    persons = {c.id for c in _contacts(demo, ContactType.PERSON)}
    industry = {r.contact_id for r in demo.exec(select(ContactIndustryGroup)).all()}
    relations = {r.contact_id for r in demo.exec(select(ContactBusinessRelation)).all()}
    jobs = {r.contact_id for r in demo.exec(select(ContactJobResponsibility)).all()}
    mailing = {r.contact_id for r in demo.exec(select(ContactMailingGroup)).all()}
    assert industry == companies
    assert relations == companies
    assert jobs == persons
    assert mailing & companies
    assert mailing & persons

    answers = demo.exec(
        select(ContactProfileAnswer, ProfileQuestionnaireLine, ProfileQuestionnaire, Contact)
        .join(
            ProfileQuestionnaireLine,
            (
                col(ProfileQuestionnaireLine.questionnaire_code)
                == ContactProfileAnswer.questionnaire_code
            )
            & (col(ProfileQuestionnaireLine.line_no) == ContactProfileAnswer.line_no),
        )
        .join(ProfileQuestionnaire)
        .join(Contact, col(Contact.id) == ContactProfileAnswer.contact_id)
    ).all()
    assert len(answers) == _count(demo, ContactProfileAnswer) > 0
    for _, line, questionnaire, contact in answers:
        assert line.type == ProfileLineType.ANSWER
        assert questionnaire.contact_type.value == contact.type.value


def test_templates_have_word_letters_in_english_and_french(demo: Session) -> None:
    templates = demo.exec(select(InteractionTemplate)).all()
    assert len(templates) == 5
    letters = [t for t in templates if t.code != "CALL"]  # the phone call template has none
    assert demo.get(InteractionTemplateSetup, 1).outg_calls == "CALL"
    for template in letters:
        rows = demo.exec(
            select(InteractionTemplateLanguage).where(
                InteractionTemplateLanguage.template_code == template.code
            )
        ).all()
        assert {r.language_code for r in rows} == {"EN", "FR"}
        for row in rows:
            document = demo.get(StoredDocument, row.document_id)
            assert document.file_name == f"{template.code}-{row.language_code}.docx"
            assert document.content_type == DOCX_CONTENT_TYPE
            assert document.size == len(document.content)
            text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
            assert "«Formal Salutation»" in text
            assert "«Contact Mail Address»" in text
            xml = _document_xml(document.content)
            assert "MERGEFIELD" in xml
            assert "MERGEFIELD &quot;Contact Name&quot;" in xml
            assert "«Contact Name»" in xml
    golf = demo.get(InteractionTemplate, "GOLF")
    assert golf.campaign_no == "CP0001"


def test_letters_follow_the_language_and_do_not_change() -> None:
    english = make_letter_docx("EN", "Golf day", ["See you there, «Contact Name»."])
    french = make_letter_docx("FR", "Journée golf", ["À bientôt, «Contact Name»."])
    assert english == make_letter_docx("EN", "Golf day", ["See you there, «Contact Name»."])
    english_text = [p.text for p in Document(io.BytesIO(english)).paragraphs]
    french_text = [p.text for p in Document(io.BytesIO(french)).paragraphs]
    assert "Subject: Golf day" in english_text
    assert "Objet : Journée golf" in french_text
    assert _document_xml(english).count("MERGEFIELD &quot;Contact Name&quot;") == 2


def test_open_segments_hold_the_contacts_their_criteria_select(demo: Session) -> None:
    headers = demo.exec(select(SegmentHeader).order_by(col(SegmentHeader.no))).all()
    assert len(headers) == 4
    for header in headers:
        template = demo.get(InteractionTemplate, header.interaction_template_code)
        assert header.unit_cost == template.unit_cost
        assert header.correspondence_type_default == template.correspondence_type_default
        assert header.campaign_no == template.campaign_no
        lines = demo.exec(
            select(SegmentLine)
            .where(SegmentLine.segment_id == header.id)
            .order_by(col(SegmentLine.line_no))
        ).all()
        assert 5 <= len(lines) <= 40
        assert [line.line_no for line in lines] == [10000 * i for i in range(1, len(lines) + 1)]

        criteria = demo.exec(
            select(SegmentCriteriaLine)
            .where(SegmentCriteriaLine.segment_id == header.id)
            .order_by(col(SegmentCriteriaLine.line_no))
        ).all()
        assert [(c.type, c.action) for c in criteria] == [
            (CriteriaLineType.ACTION, CriteriaAction.ADD),
            (CriteriaLineType.FILTER, CriteriaAction.ADD),
        ]
        group = criteria[1].filters["mailing_group_code"]
        members = set(
            demo.exec(
                select(ContactMailingGroup.contact_id).where(
                    ContactMailingGroup.mailing_group_code == group
                )
            ).all()
        )
        selectable = {
            c.id for c in _contacts(demo) if c.id in members and not c.exclude_from_segment
        }
        assert {line.contact_id for line in lines} == selectable

        history = demo.exec(
            select(SegmentHistory).where(SegmentHistory.segment_id == header.id)
        ).all()
        assert {(h.segment_line_no, h.contact_id) for h in history} == {
            (line.line_no, line.contact_id) for line in lines
        }
        assert {h.action_taken for h in history} == {HistoryAction.INSERTION}

        languages = demo.exec(
            select(SegmentLanguage).where(SegmentLanguage.segment_id == header.id)
        ).all()
        assert {(lang.segment_line_no, lang.language_code) for lang in languages} == {
            (0, "EN"),
            (0, "FR"),
        }
        assert all(lang.document_id for lang in languages)

        for line in lines:
            contact = demo.get(Contact, line.contact_id)
            assert line.contact_company_id == contact.company_id
            assert line.language_code == contact.language_code
            assert line.cost == header.unit_cost
            assert line.date == header.date
            assert line.salesperson_code == header.salesperson_code
            if template.ignore_contact_corres_type or not contact.correspondence_type:
                assert line.correspondence_type == template.correspondence_type_default
            else:
                assert line.correspondence_type == contact.correspondence_type


def test_logged_segments_have_their_interactions(demo: Session) -> None:
    logged = demo.exec(select(LoggedSegment).order_by(col(LoggedSegment.entry_no))).all()
    assert len(logged) == 3
    assert sum(s.canceled for s in logged) == 1
    for segment in logged:
        entries = demo.exec(
            select(InteractionLogEntry).where(
                InteractionLogEntry.logged_segment_entry_no == segment.entry_no
            )
        ).all()
        assert 5 <= len(entries) <= 30
        for entry in entries:
            assert entry.canceled == segment.canceled
            assert entry.segment_no == segment.segment_no
            assert demo.get(StoredDocument, entry.document_id).read_only
            if entry.correspondence_type == CorrespondenceType.EMAIL:
                assert demo.get(Contact, entry.contact_id).email
    campaign_entries = demo.exec(select(CampaignEntry)).all()
    assert len(campaign_entries) == 1
    campaign_entry = campaign_entries[0]
    golf_entries = demo.exec(
        select(InteractionLogEntry).where(
            InteractionLogEntry.logged_segment_entry_no == campaign_entry.register_no
        )
    ).all()
    assert golf_entries
    assert {e.campaign_entry_no for e in golf_entries} == {campaign_entry.entry_no}
    assert {e.campaign_no for e in golf_entries} == {campaign_entry.campaign_no}


def test_the_demo_user_can_sign_in(demo: Session) -> None:
    assert sign_in(demo, DEMO_USERNAME, DEMO_PASSWORD)
    assert sign_in(demo, DEMO_USERNAME, "wrong") is None


def _load_fresh(path: Path, seed: int) -> tuple[list[tuple], list[bytes]]:
    """Contacts and documents of a demo loaded into a new SQLite database."""
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    try:
        with Session(engine) as session:
            load_demo(session, seed=seed)
            session.commit()
            contacts = [(c.no, c.name, c.email, c.city, c.company_id) for c in _contacts(session)]
            documents = [
                d.content
                for d in session.exec(select(StoredDocument).order_by(col(StoredDocument.id)))
            ]
            return contacts, documents
    finally:
        engine.dispose()


def test_the_same_seed_gives_the_same_demo(tmp_path: Path) -> None:
    first = _load_fresh(tmp_path / "first.db", 2026)
    second = _load_fresh(tmp_path / "second.db", 2026)
    other = _load_fresh(tmp_path / "other.db", 7)
    assert first == second
    assert [c[1] for c in first[0]] != [c[1] for c in other[0]]


def test_scale_contacts_are_numbered_apart_and_linked(demo: Session) -> None:
    before = _count(demo, Contact)
    add_scale_contacts(demo, 2000, 11)
    demo.commit()
    assert _count(demo, Contact) == before + 2000
    scale = [c for c in _contacts(demo) if c.no.startswith("CS")]
    assert len(scale) == len({c.no for c in scale}) == 2000
    assert all(len(c.no) == 9 for c in scale)
    companies = {c.id: c for c in scale if c.type == ContactType.COMPANY}
    assert 250 <= len(companies) <= 350
    for company in companies.values():
        assert company.company_id == company.id
    for person in (c for c in scale if c.type == ContactType.PERSON):
        assert person.company_id in companies
        assert person.company_name == companies[person.company_id].name

    scale_ids = {c.id for c in scale}
    industry = {r.contact_id for r in demo.exec(select(ContactIndustryGroup)).all()}
    jobs = {r.contact_id for r in demo.exec(select(ContactJobResponsibility)).all()}
    assert industry & scale_ids
    assert industry & scale_ids <= set(companies)
    assert jobs & scale_ids
    assert not jobs & set(companies)

    add_scale_contacts(demo, 300, 11)
    demo.commit()
    assert _count(demo, Contact) == before + 2300
    latest = demo.exec(select(func.max(Contact.no)).where(col(Contact.no).startswith("CS"))).one()
    assert latest == "CS0002300"


def test_services_do_not_depend_on_the_demo_data():
    """The business rules never import the demo module (the sign-in page asks the demo module
    whether demo data is loaded), and no service imports another one's private helpers."""
    import ast

    services = Path(__file__).resolve().parents[2] / "segapp" / "services"
    for path in services.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                names = [alias.name for alias in node.names]
                assert "demo" not in module.split("."), path
                assert "demo" not in names, path
                private = [n for n in names if n.startswith("_") and n != "__future__"]
                assert not (node.level and private), (path, private)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("segapp.demo") for a in node.names), path


def test_demo_top_module_stays_light():
    """The sign-in page imports ``segapp.demo`` for the demo credentials: that must not load
    the generator (Faker, python-docx, the YAML data); ``load_demo`` loads it on first use."""
    import subprocess
    import sys

    code = (
        "import sys, segapp.demo as d\n"
        "assert not {'faker', 'docx', 'yaml', 'segapp.demo.data'} & set(sys.modules)\n"
        "assert callable(d.load_demo) and 'segapp.demo.data' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])

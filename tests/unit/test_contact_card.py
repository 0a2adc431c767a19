"""The contact card's rules: validation, Marketing Setup defaults, company-to-person inheritance
and the guards of bc-reference.md section 2.6."""

from __future__ import annotations

import pytest
from sqlmodel import select

from segapp.models import (
    Contact,
    ContactMailingGroup,
    ContactType,
    CorrespondenceType,
    Country,
    IndustryGroup,
    InteractionLogEntry,
    JobResponsibility,
    Language,
    MailingGroup,
    MarketingSetup,
    NoSeries,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
)
from segapp.services.contacts import contact_card as cc
from segapp.services.contacts import contact_list
from segapp.services.core.errors import UserError
from tests import factories


@pytest.fixture
def master(session):
    session.add_all(
        [
            Language(code="EN", name="English"),
            Language(code="FR", name="French"),
            Country(code="GB", name="UK"),
            Country(code="FR", name="France"),
            Salesperson(code="JO", name="Jo"),
            Salesperson(code="AL", name="Al"),
            NoSeries(code="CONT", starting_no="CT000001", ending_no="CT999999"),
            MailingGroup(code="NEWS", description="Newsletter"),
            JobResponsibility(code="IT", description="IT"),
            IndustryGroup(code="RETAIL", description="Retail"),
        ]
    )
    session.flush()
    session.add(
        MarketingSetup(
            id=1,
            contact_nos="CONT",
            default_language_code="EN",
            default_country_code="GB",
            default_salesperson_code="AL",
        )
    )
    session.flush()
    return session


def _company(session, **values):
    values.setdefault("type", "company")
    values.setdefault("name", "Fabrikam")
    return cc.create_contact(session, values)


def test_new_company_gets_number_defaults_and_itself_as_company(master):
    company = _company(master)
    assert company.no == "CT000001"
    assert company.company_id == company.id
    assert company.company_name == "Fabrikam"
    assert company.search_name == "FABRIKAM"
    assert (company.language_code, company.country_code) == ("EN", "GB")
    assert company.salesperson_code == "AL"


def test_person_inherits_address_language_salesperson_and_correspondence_type(master):
    company = _company(
        master,
        address="1 Main St",
        city="Lyon",
        post_code="69001",
        language_code="FR",
        country_code="FR",
        salesperson_code="JO",
        phone_no="+33 4 00 00 00",
        correspondence_type="hard_copy",
    )
    person = cc.create_contact(
        master, {"type": "person", "first_name": "Ann", "surname": "Lee", "company_no": company.no}
    )
    assert person.name == "Ann Lee"
    assert person.company_id == company.id
    assert person.company_name == "Fabrikam"
    assert (person.address, person.city, person.post_code) == ("1 Main St", "Lyon", "69001")
    assert (person.language_code, person.country_code, person.salesperson_code) == (
        "FR",
        "FR",
        "JO",
    )
    assert person.correspondence_type == CorrespondenceType.HARD_COPY
    assert person.phone_no == "+33 4 00 00 00"


def test_inheritance_follows_the_marketing_setup_flags(master):
    setup = master.get(MarketingSetup, 1)
    setup.inherit_address_details = False
    setup.inherit_language_code = False
    master.add(setup)
    company = _company(master, city="Lyon", language_code="FR", salesperson_code="JO")
    person = cc.create_contact(master, {"type": "person", "name": "Ann", "company_no": company.no})
    assert person.city == ""
    assert person.language_code == "EN"  # the default, not the company's
    assert person.salesperson_code == "JO"


def test_a_typed_value_wins_over_the_inherited_one(master):
    company = _company(master, city="Lyon")
    person = cc.create_contact(
        master, {"type": "person", "name": "Ann", "company_no": company.no, "city": "Paris"}
    )
    assert person.city == "Paris"


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"name": ""}, "error.contact.name_required"),
        ({"name": "X", "email": "not-an-address"}, "error.contact.email_invalid"),
        ({"name": "X", "email": "a@b"}, "error.contact.email_invalid"),
        ({"name": "X", "phone_no": "01 23 ABC"}, "error.contact.phone_invalid"),
        ({"name": "X", "language_code": "DE"}, "error.contact.unknown_language_code"),
        ({"name": "X", "salesperson_code": "ZZ"}, "error.contact.unknown_salesperson_code"),
        ({"name": "X" * 101}, "error.contact.too_long"),
        ({"name": "X", "correspondence_type": "fax"}, "error.contact.correspondence_type_invalid"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_created(master, values, key):
    with pytest.raises(UserError) as err:
        cc.create_contact(master, {"type": "company", **values})
    assert err.value.key == key
    assert master.exec(select(Contact)).all() == []
    assert master.get(NoSeries, "CONT").last_no_used == ""


def test_a_persons_company_must_be_a_company_contact(master):
    company = _company(master)
    person = cc.create_contact(master, {"type": "person", "name": "P", "company_no": company.no})
    with pytest.raises(UserError) as err:
        cc.create_contact(master, {"type": "person", "name": "Q", "company_no": person.no})
    assert err.value.key == "error.contact.company_not_company"
    with pytest.raises(UserError) as err:
        cc.create_contact(master, {"type": "person", "name": "Q", "company_no": "NOPE"})
    assert err.value.key == "error.contact.company_not_found"


def test_a_companys_company_no_is_itself(master):
    company = _company(master)
    other = _company(master, name="Other")
    with pytest.raises(UserError) as err:
        cc.update_contact(master, company.no, {"company_no": other.no})
    assert err.value.key == "error.contact.company_no_is_itself"
    cc.update_contact(master, company.no, {"company_no": company.no, "name": "Fabrikam Ltd"})
    assert company.company_id == company.id


def test_renaming_a_company_renames_it_on_its_persons(master):
    company = _company(master)
    person = cc.create_contact(master, {"type": "person", "name": "P", "company_no": company.no})
    cc.update_contact(master, company.no, {"name": "Fabrikam Ltd"})
    master.refresh(person)
    assert person.company_name == "Fabrikam Ltd"


def test_company_with_persons_cannot_become_a_person(master):
    """bc-reference.md 2.6: Contact.TypeChange."""
    company = _company(master)
    cc.create_contact(master, {"type": "person", "name": "P", "company_no": company.no})
    with pytest.raises(UserError) as err:
        cc.update_contact(master, company.no, {"type": "person"})
    assert err.value.key == "error.contact.company_has_persons"


def test_company_change_is_refused_while_on_an_open_segment(master):
    """bc-reference.md 2.6 field 5051: no company change while on a segment line."""
    a, b = _company(master, name="A"), _company(master, name="B")
    person = cc.create_contact(master, {"type": "person", "name": "P", "company_no": a.no})
    header = factories.segment(master, no="SEG00001")
    factories.line(master, header, person, 10000)
    master.flush()
    with pytest.raises(UserError) as err:
        cc.update_contact(master, person.no, {"company_no": b.no})
    assert err.value.key == "error.contact.company_change_on_segment"
    assert err.value.params["segment"] == "SEG00001"
    cc.update_contact(master, person.no, {"company_no": a.no, "job_title": "Buyer"})
    assert person.job_title == "Buyer"


def test_contact_on_an_open_segment_cannot_be_deleted(master):
    """bc-reference.md 2.6: Contact.OnDelete."""
    company = _company(master)
    header = factories.segment(master)
    factories.line(master, header, company, 10000)
    master.flush()
    with pytest.raises(UserError) as err:
        cc.delete_contact(master, company.no)
    assert err.value.key == "error.contact.delete_on_segment"


def test_company_with_persons_and_contact_with_interactions_are_not_deleted(master):
    company = _company(master)
    person = cc.create_contact(master, {"type": "person", "name": "P", "company_no": company.no})
    with pytest.raises(UserError) as err:
        cc.delete_contact(master, company.no)
    assert err.value.key == "error.contact.delete_company_with_persons"
    import datetime as dt

    master.add(InteractionLogEntry(contact_id=person.id, date=dt.date(2026, 1, 1)))
    master.flush()
    with pytest.raises(UserError) as err:
        cc.delete_contact(master, person.no)
    assert err.value.key == "error.contact.delete_has_interactions"


def test_delete_removes_the_contact_and_its_classifications(master):
    company = _company(master)
    cc.set_classification(master, company.no, "mailing_group", "NEWS", True)
    cc.delete_contact(master, company.no)
    assert master.exec(select(Contact)).all() == []
    assert master.exec(select(ContactMailingGroup)).all() == []


def test_classification_ticks_follow_the_contact_type(master):
    company = _company(master)
    person = cc.create_contact(master, {"type": "person", "name": "P", "company_no": company.no})
    cc.set_classification(master, person.no, "mailing_group", "news", True)
    cc.set_classification(master, person.no, "job_responsibility", "IT", True)
    with pytest.raises(UserError) as err:
        cc.set_classification(master, person.no, "industry_group", "RETAIL", True)
    assert err.value.key == "error.contact.industry_group_wrong_type"
    with pytest.raises(UserError):
        cc.set_classification(master, company.no, "job_responsibility", "IT", True)
    ticks = {(t.kind, t.code): t.ticked for t in cc.classification_ticks(master, person)}
    assert ticks == {("mailing_group", "NEWS"): True, ("job_responsibility", "IT"): True}
    cc.set_classification(master, person.no, "mailing_group", "NEWS", False)
    assert master.exec(select(ContactMailingGroup)).all() == []


def test_single_answer_question_keeps_only_the_last_answer(master):
    master.add(ProfileQuestionnaire(code="SIZE", description="Size"))
    master.flush()
    master.add_all(
        [
            ProfileQuestionnaireLine(
                questionnaire_code="SIZE", line_no=10, type=ProfileLineType.QUESTION
            ),
            ProfileQuestionnaireLine(
                questionnaire_code="SIZE", line_no=20, type=ProfileLineType.ANSWER, description="S"
            ),
            ProfileQuestionnaireLine(
                questionnaire_code="SIZE", line_no=30, type=ProfileLineType.ANSWER, description="L"
            ),
        ]
    )
    company = _company(master)
    cc.set_profile_answer(master, company.no, "SIZE", 20, True)
    cc.set_profile_answer(master, company.no, "SIZE", 30, True)
    rows = cc.profile_rows(master, company)
    assert [(r.answer, r.ticked) for r in rows] == [("S", False), ("L", True)]
    with pytest.raises(UserError):
        cc.set_profile_answer(master, company.no, "SIZE", 10, True)


def test_list_searches_part_of_name_no_city_and_email_with_total(master):
    a = factories.company(master, "Alpine Ski House", city="Grenoble", email="info@alpine.example")
    factories.person(master, "Ann Lee", a, city="Lyon", email="ann@lee.example")
    factories.company(master, "Contoso", city="Paris")
    master.flush()

    def nos(**f):
        return [
            r.name
            for r in contact_list.search_contacts(master, contact_list.ContactFilter(**f)).rows
        ]

    assert nos(search="ski") == ["Alpine Ski House"]
    assert nos(search="lyo") == ["Ann Lee"]
    assert nos(search="LEE.EXAMPLE") == ["Ann Lee"]
    assert nos(search=a.no) == ["Alpine Ski House"]
    assert nos(search="100%") == []
    assert nos(type="person") == ["Ann Lee"]
    assert sorted(nos(company_no=a.no)) == ["Alpine Ski House", "Ann Lee"]
    assert nos(sort="name") == ["Alpine Ski House", "Ann Lee", "Contoso"]
    assert nos(sort="name", descending=True) == ["Contoso", "Ann Lee", "Alpine Ski House"]
    page = contact_list.search_contacts(master, contact_list.ContactFilter(), page=1, page_size=25)
    assert page.total == 3


def test_list_filters_by_salesperson_and_mailing_group(master):
    a = factories.company(master, "A", salesperson_code="JO")
    factories.company(master, "B", salesperson_code="AL")
    master.flush()
    master.add(ContactMailingGroup(contact_id=a.id, mailing_group_code="NEWS"))
    master.flush()
    f = contact_list.ContactFilter
    assert [
        r.name for r in contact_list.search_contacts(master, f(salesperson_code="jo")).rows
    ] == ["A"]
    assert [
        r.name for r in contact_list.search_contacts(master, f(mailing_group_code="NEWS")).rows
    ] == ["A"]
    assert contact_list.count_contacts(master, f(type=ContactType.COMPANY.value)) == 2


def test_new_contact_skips_a_series_number_already_taken(master):
    """A contact imported with the series' next number does not make the card fail: the card
    takes the following number."""
    factories.company(master, "Imported", no="CT000001")
    contact = cc.create_contact(master, {"type": "company", "name": "Typed on the card"})
    assert contact.no == "CT000002"

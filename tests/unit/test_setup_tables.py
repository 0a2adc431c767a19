"""The generic Setup windows: upper-case unique codes, validation, and deletion refused while
another table refers to the record."""

import pytest
from sqlmodel import select

from segapp.models import (
    MarketingSetup,
    ProfileQuestionnaireLine,
    SalutationFormula,
)
from segapp.services.core.errors import UserError
from segapp.services.setup import setup_tables as st
from tests import factories


def _save(session, table, values, key=""):
    return st.save(session, st.table(table), key, values)


def test_codes_are_upper_case_and_unique(session):
    assert _save(session, "mailing_groups", {"code": " news ", "description": "N"}) == "NEWS"
    with pytest.raises(UserError) as err:
        _save(session, "mailing_groups", {"code": "News", "description": "again"})
    assert err.value.key == "error.setup.exists"
    with pytest.raises(UserError) as err:
        _save(session, "mailing_groups", {"code": "", "description": "x"})
    assert err.value.key == "error.setup.required"
    with pytest.raises(UserError) as err:
        _save(session, "mailing_groups", {"code": "X" * 11})
    assert err.value.key == "error.setup.too_long"


def test_update_keeps_the_code_and_changes_the_rest(session):
    _save(session, "languages", {"code": "EN", "name": "English"})
    _save(session, "languages", {"code": "ZZ", "name": "British English"}, key="EN")
    page = st.list_rows(session, st.table("languages"))
    assert page.rows == [("EN", ["EN", "British English"])]


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"code": "T1", "interaction_group_code": ""}, "error.setup.required"),
        ({"code": "T1", "interaction_group_code": "NOPE"}, "error.setup.unknown_ref"),
        (
            {"code": "T1", "interaction_group_code": "LETTER", "unit_cost": "-1"},
            "error.setup.too_small",
        ),
        (
            {"code": "T1", "interaction_group_code": "LETTER", "unit_duration": "ten"},
            "error.setup.not_number",
        ),
        (
            {"code": "T1", "interaction_group_code": "LETTER", "information_flow": "sideways"},
            "error.setup.invalid_choice",
        ),
    ],
)
def test_interaction_template_rules(session, values, key):
    _save(session, "interaction_groups", {"code": "LETTER"})
    with pytest.raises(UserError) as err:
        _save(session, "interaction_templates", values)
    assert err.value.key == key


def test_campaign_dates_must_be_in_order(session):
    with pytest.raises(UserError) as err:
        _save(
            session,
            "campaigns",
            {"no": "CP1", "starting_date": "2026-05-01", "ending_date": "2026-04-01"},
        )
    assert err.value.key == "error.setup.dates_order"
    with pytest.raises(UserError) as err:
        _save(session, "campaigns", {"no": "CP1", "starting_date": "01/05/2026"})
    assert err.value.key == "error.setup.not_date"


def test_deletion_is_refused_while_in_use_with_the_reason(session):
    factories.language(session, "EN")
    session.flush()
    factories.company(session, "A", language_code="EN")
    session.flush()
    with pytest.raises(UserError) as err:
        st.delete_row(session, st.table("languages"), "EN")
    assert err.value.key == "error.setup.in_use"
    assert err.value.params == {"code": "EN", "table": "contact", "count": 1}


def test_owned_lines_go_with_their_record_unless_a_contact_uses_them(session):
    _save(session, "profile_questionnaires", {"code": "SIZE", "contact_type": ""})
    _save(session, "profile_lines", {"questionnaire_code": "SIZE", "line_no": "10"})
    _save(
        session,
        "profile_lines",
        {"questionnaire_code": "SIZE", "line_no": "20", "type": "answer", "description": "S"},
    )
    page = st.list_rows(session, st.table("profile_lines"), parent="SIZE")
    assert [k for k, _ in page.rows] == ["SIZE|10", "SIZE|20"]
    st.delete_row(session, st.table("profile_questionnaires"), "SIZE")
    assert session.exec(select(ProfileQuestionnaireLine)).all() == []


def test_salutation_with_formulas_is_deleted_with_them(session):
    factories.language(session, "EN")
    _save(session, "salutations", {"code": "MR"})
    _save(
        session,
        "salutation_formulas",
        {"salutation_code": "MR", "language_code": "EN", "salutation_type": "formal",
         "formula": "Dear Mr %1", "name_1": "surname"},
    )  # fmt: skip
    values = st.get_values(session, st.table("salutation_formulas"), "MR|EN|formal")
    assert values["name_1"] == "surname"
    factories.company(session, "A", salutation_code="MR")
    session.flush()
    with pytest.raises(UserError) as err:
        st.delete_row(session, st.table("salutations"), "MR")
    assert err.value.params["table"] == "contact"
    assert len(session.exec(select(SalutationFormula)).all()) == 1


def test_marketing_setup_inheritance_flags_are_editable(session):
    _save(session, "marketing_setup", {"inherit_address_details": "on"})
    setup = session.get(MarketingSetup, 1)
    assert setup.inherit_address_details is True
    assert setup.inherit_language_code is False
    with pytest.raises(UserError):
        st.delete_row(session, st.table("marketing_setup"), "")


def test_marketing_setup_sender_of_e_mails_is_validated(session):
    """The sender of delivered e-mails (From and Reply-To) is one plain address."""
    for bad in ("news", "news@", "A <news@example.com>", "a b@example.com", "x@y"):
        with pytest.raises(UserError) as err:
            _save(session, "marketing_setup", {"sender_email": bad})
        assert err.value.key == "error.setup.sender_email"
    _save(
        session,
        "marketing_setup",
        {"sender_email": " news@example.com ", "sender_name": "  Équipe   Ventes "},
    )
    setup = session.get(MarketingSetup, 1)
    assert (setup.sender_email, setup.sender_name) == ("news@example.com", "Équipe Ventes")


def _template_with_letters(session):
    from segapp.services.letters import documents

    for code in ("EN", "FR"):
        factories.language(session, code)
    factories.template(session, "MAIL")
    session.flush()
    for code in ("EN", "FR"):
        documents.upload_template_letter(
            session, "MAIL", code, f"{code}.docx", factories.letter_bytes()
        )
    session.flush()
    return st.table("interaction_templates")


def test_template_whose_letter_was_removed_can_be_deleted(session):
    """Section 2.3: deleting a template deletes its language rows (and their letters); a
    language row left after removing its letter is not a use of the template."""
    from segapp.models import InteractionTemplate, InteractionTemplateLanguage, StoredDocument
    from segapp.services.letters import documents

    spec = _template_with_letters(session)
    documents.remove_template_letter(session, "MAIL", "FR")
    assert st.owned_documents(session, spec, "MAIL") == 1  # the UI says so before asking
    st.delete_row(session, spec, "MAIL")
    assert session.get(InteractionTemplate, "MAIL") is None
    assert session.exec(select(InteractionTemplateLanguage)).all() == []
    assert session.exec(select(StoredDocument)).all() == []


def test_template_used_by_a_segment_or_an_entry_is_refused_and_keeps_its_letters(session):
    """Section 2.3: only real uses refuse the deletion (here a segment), and nothing goes."""
    from segapp.models import InteractionTemplateLanguage, StoredDocument

    spec = _template_with_letters(session)
    factories.segment(session, interaction_template_code="MAIL")
    session.flush()
    with pytest.raises(UserError) as err:
        st.check_deletable(session, spec, "MAIL")
    assert err.value.params["table"] == "segment_header"
    with pytest.raises(UserError):
        st.delete_row(session, spec, "MAIL")
    assert len(session.exec(select(InteractionTemplateLanguage)).all()) == 2
    assert len(session.exec(select(StoredDocument)).all()) == 2


def test_letter_shared_with_a_segment_stays_when_its_template_is_deleted(session):
    """A template's letter that a segment of another template also uses is not deleted."""
    from segapp.models import InteractionTemplateLanguage, StoredDocument

    spec = _template_with_letters(session)
    shared = session.get(InteractionTemplateLanguage, ("MAIL", "EN")).document_id
    factories.template(session, "OTHER")
    header = factories.segment(session, interaction_template_code="OTHER")
    session.add(
        factories.segment_language(session, header, "EN", doc=session.get(StoredDocument, shared))
    )
    session.flush()
    st.delete_row(session, spec, "MAIL")
    assert [d.id for d in session.exec(select(StoredDocument)).all()] == [shared]

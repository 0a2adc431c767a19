"""Create Interaction for one contact (bc-reference.md section 9), postponed interactions and
entry comments (sections 3.8, 7.5), on SQLite and on PostgreSQL when SEGAPP_TEST_DATABASE_URL
is set."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import docx
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from segapp.models import (
    CorrespondenceType,
    DeliveryStatus,
    EmailMessage,
    EntryLetter,
    Evaluation,
    InteractionLogEntry,
    InteractionLogEntryComment,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    LoggedSegment,
    Salesperson,
    SegmentHeader,
    StoredDocument,
    User,
    WizardAction,
)
from segapp.services.core.errors import UserError
from segapp.services.letters.entry_letters import entry_letter
from segapp.services.logging import interactions as ci
from segapp.services.logging import log_entries
from tests import factories as f

NOW = dt.datetime(2026, 11, 20, 9, 41, 7)


def _setup(session: Session, *, wizard_action: WizardAction = WizardAction.OPEN):
    f.language(session, "EN")
    f.language(session, "FR")
    session.add(Salesperson(code="PS", name="Peter"))
    session.add(User(username="anna", password_hash="x", salesperson_code="PS"))
    session.flush()
    template = f.template(
        session,
        "LETTER",
        wizard_action=wizard_action,
        correspondence_type_default=CorrespondenceType.HARD_COPY,
        language_code_default="EN",
    )
    session.add(
        InteractionTemplateLanguage(
            template_code="LETTER",
            language_code="EN",
            document_id=f.document(session, "letter.docx").id,
        )
    )
    f.template(session, "CALL", correspondence_type_default=CorrespondenceType.BLANK)
    session.add(InteractionTemplateSetup(id=1, outg_calls="CALL"))
    contact = f.person(
        session, "Zoé O'Brien", email="zoe@example.com", language_code="EN", phone_no="0123"
    )
    session.commit()
    return template, contact


def _user(session: Session) -> int:
    return session.execute(select(User.id)).scalar_one()


def _draft(session: Session, contact, template_code: str = "LETTER", **changes) -> ci.Draft:
    draft = ci.start(session, user_id=_user(session), now=NOW, contact_no=contact.no)
    draft = ci.choose_template(session, draft, template_code)
    return replace(draft, **changes)


def _edited_letter(text: str = "Dear Zoé, edited by hand.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _entries(session: Session) -> list[InteractionLogEntry]:
    session.expire_all()
    return list(
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )


def _text_of(docx_bytes: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)


# -- starting and the type step ------------------------------------------------------------------


def test_a_new_interaction_is_dated_today_with_the_time_rounded_up_to_the_minute(session):
    """Reference 9: Date = work date, time = now rounded up to the minute, successful, and the
    user's salesperson."""
    _template, contact = _setup(session)
    draft = ci.start(session, user_id=_user(session), now=NOW, contact_no=contact.no)
    assert (draft.date, draft.time) == ("2026-11-20", "09:42")
    assert draft.successful is True
    assert draft.salesperson_code == "PS"
    assert draft.contact_name == "Zoé O'Brien"
    exact = ci.start(session, user_id=_user(session), now=NOW.replace(second=0))
    assert exact.time == "09:41"


def test_the_template_sets_the_correspondence_type_cost_and_description(session):
    """Reference 9, step 1: the template is mandatory and sets the correspondence type to its
    default (the contact has no preference); its description, cost and duration follow."""
    _template, contact = _setup(session)
    draft = _draft(session, contact)
    assert draft.correspondence_type == "hard_copy"
    assert draft.description == "LETTER template"
    assert (draft.cost, draft.duration) == ("2.50", "5")
    assert draft.wizard_action == "open"
    assert draft.language_code == "EN"


def test_the_contact_is_searchable_by_name(session):
    """Reference 9, step 1: the contact can be found by part of its name, or typed by name."""
    _template, contact = _setup(session)
    assert ci.find_contacts(session, "o'bri") == [(contact.no, "Zoé O'Brien")]
    draft = ci.choose_contact(session, ci.Draft(), "zoé o'brien")
    assert draft.contact_no == contact.no
    with pytest.raises(UserError) as refused:
        ci.choose_contact(session, ci.Draft(), "Nobody*")
    assert refused.value.key == "interaction.error_contact_unknown"


def test_the_type_step_needs_a_contact_a_template_and_a_description(session):
    """Reference 9, step 1: Next is refused, with a message for each mandatory field."""
    _template, contact = _setup(session)
    with pytest.raises(UserError) as refused:
        ci.check_type(session, ci.Draft(template_code="LETTER", description="x"))
    assert refused.value.key == "interaction.error_contact_missing"
    with pytest.raises(UserError) as refused:
        ci.check_type(session, ci.Draft(contact_no=contact.no, description="x"))
    assert refused.value.key == "interaction.error_template_missing"
    with pytest.raises(UserError) as refused:
        ci.check_type(session, _draft(session, contact, description="  "))
    assert refused.value.key == "interaction.error_description_missing"


def test_a_wrong_field_value_is_refused_and_changes_nothing(session):
    _template, contact = _setup(session)
    draft = _draft(session, contact)
    for name, value, key in (
        ("time", "25:99", "interaction.error_time"),
        ("date", "2026-13-01", "error.not_a_date"),
        ("salesperson_code", "NOPE", "error.salesperson_unknown"),
        ("cost", "-1", "error.negative"),
        ("template_code", "NOPE", "error.template_unknown"),
    ):
        with pytest.raises(UserError) as refused:
            ci.set_field(session, draft, name, value)
        assert refused.value.key == key
    assert ci.set_field(session, draft, "salesperson_code", "ps").salesperson_code == "PS"


def test_make_phone_call_uses_the_outg_calls_template(session):
    """Reference 2.5 and 9: "Make Phone Call" uses the Outg. Calls template; the contact's
    phone number is the entry's Contact Via."""
    _template, contact = _setup(session)
    draft = ci.start(
        session, user_id=_user(session), now=NOW, contact_no=contact.no, phone_call=True
    )
    assert draft.template_code == "CALL"
    assert draft.contact_via == "0123"
    entry_no = ci.finish(session, draft, user_id=_user(session))
    session.commit()
    entry = session.get(InteractionLogEntry, entry_no)
    assert (entry.interaction_template_code, entry.contact_via) == ("CALL", "0123")
    assert entry.correspondence_type == CorrespondenceType.BLANK
    assert entry.time_of_interaction == dt.time(9, 42)


def test_make_phone_call_without_outg_calls_template_is_refused(session):
    _template, contact = _setup(session)
    session.get(InteractionTemplateSetup, 1).outg_calls = None
    session.commit()
    with pytest.raises(UserError) as refused:
        ci.start(session, user_id=_user(session), now=NOW, contact_no=contact.no, phone_call=True)
    assert refused.value.key == "interaction.error_outg_calls_missing"


# -- finish checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"contact_no": ""}, "interaction.error_contact_missing"),
        ({"template_code": ""}, "interaction.error_template_missing"),
        ({"salesperson_code": ""}, "interaction.error_salesperson_missing"),
        ({"date": ""}, "interaction.error_date_missing"),
        ({"description": ""}, "interaction.error_description_missing"),
    ],
)
def test_finish_checks_of_section_9_refuse_and_log_nothing(session, changes, key):
    """Reference 9, finish checks: contact selected; template, salesperson, date, description."""
    _template, contact = _setup(session)
    draft = replace(_draft(session, contact), **changes)
    with pytest.raises(UserError) as refused:
        ci.finish(session, draft, user_id=_user(session))
    assert refused.value.key == key
    session.rollback()
    assert _entries(session) == []


def test_open_without_a_letter_in_the_language_is_refused(session):
    """Reference 9: a template with Wizard Action Open needs an attachment."""
    _template, contact = _setup(session)
    draft = _draft(session, contact, language_code="FR")
    session.execute(
        InteractionTemplateLanguage.__table__.update().values(document_id=None)
    )  # no letter in any language
    with pytest.raises(UserError) as refused:
        ci.finish(session, draft, user_id=_user(session))
    assert refused.value.key == "interaction.error_open_needs_letter"


def test_email_needs_a_letter_and_an_address(session):
    """Reference 9: correspondence type Email needs an attachment; sending it needs the
    contact's e-mail address (7.3)."""
    _template, contact = _setup(session, wizard_action=WizardAction.BLANK)
    session.execute(InteractionTemplateLanguage.__table__.update().values(document_id=None))
    draft = _draft(session, contact, correspondence_type="email")
    with pytest.raises(UserError) as refused:
        ci.finish(session, draft, user_id=_user(session))
    assert refused.value.key == "interaction.error_email_needs_letter"
    session.rollback()
    contact.email = ""
    session.add(contact)
    session.commit()
    draft = _draft(session, contact, correspondence_type="email")
    with pytest.raises(UserError) as refused:
        ci.finish(session, draft, user_id=_user(session))
    assert refused.value.key == "interaction.error_email_address"


# -- logging through the segment engine ----------------------------------------------------------


def test_open_edit_upload_and_finish_logs_the_edited_letter_with_its_result(session):
    """Reference 9 end to end: Open merges the template letter for this contact; the edited
    letter uploaded back is what the entry keeps; the result step's description, evaluation,
    successful (Attempt Failed), cost and duration are on the entry; no Logged Segment and no
    segment remain."""
    _template, contact = _setup(session)
    draft = _draft(session, contact)
    name, merged = ci.merged_letter(session, draft)
    session.commit()
    assert name == "Zoé O'Brien.docx"
    assert "Dear Zoé O'Brien," in _text_of(merged)
    draft = ci.upload_letter(session, draft, "edited.docx", _edited_letter(), "")
    session.commit()
    draft = replace(
        draft,
        result="Asked for a visit",
        evaluation="positive",
        successful=False,
        cost="7.25",
        duration="12",
    )
    entry_no = ci.finish(session, draft, user_id=_user(session))
    session.commit()
    (entry,) = _entries(session)
    assert entry.entry_no == entry_no
    assert entry.description == "Asked for a visit"
    assert entry.evaluation == Evaluation.POSITIVE
    assert entry.attempt_failed is True
    assert (entry.cost, entry.duration) == (Decimal("7.25"), 12)
    assert entry.logged_segment_entry_no is None
    assert entry.segment_no == ""
    assert entry.correspondence_type == CorrespondenceType.HARD_COPY
    assert entry.delivery_status == DeliveryStatus.BLANK  # the letter is ready to print
    assert entry.postponed is False
    letter, _name = entry_letter(session, entry_no)
    assert "edited by hand" in _text_of(letter)
    assert session.get(StoredDocument, entry.document_id).read_only
    assert session.execute(select(func.count()).select_from(SegmentHeader)).scalar_one() == 0
    assert session.execute(select(func.count()).select_from(LoggedSegment)).scalar_one() == 0
    listed = log_entries.list_entries(session, log_entries.EntryFilter(contact_no=contact.no))
    assert [r.entry_no for r in listed.rows] == [entry_no]


def test_merge_without_editing_logs_the_template_letter_merged_for_the_contact(session):
    """Reference 9, content step Merge; the template's own letter stays editable."""
    _template, contact = _setup(session, wizard_action=WizardAction.MERGE)
    entry_no = ci.finish(session, _draft(session, contact), user_id=_user(session))
    session.commit()
    letter, _name = entry_letter(session, entry_no)
    assert "Dear Zoé O'Brien," in _text_of(letter)
    template_doc = session.get(InteractionTemplateLanguage, ("LETTER", "EN")).document_id
    assert not session.get(StoredDocument, template_doc).read_only


def test_an_email_interaction_is_queued_in_the_outbox_like_a_segment(session):
    """Reference 9: the interaction is sent when its correspondence type is not blank, on the
    same delivery as segments (the e-mail outbox)."""
    _template, contact = _setup(session, wizard_action=WizardAction.BLANK)
    draft = _draft(session, contact, correspondence_type="email")
    entry_no = ci.finish(session, draft, user_id=_user(session))
    session.commit()
    entry = session.get(InteractionLogEntry, entry_no)
    assert entry.delivery_status == DeliveryStatus.IN_PROGRESS
    assert entry.contact_via == "zoe@example.com"
    queued = session.execute(select(EmailMessage.entry_no)).scalars().all()
    assert queued == [entry_no]


def test_an_interaction_from_a_segment_line_names_the_segment(session):
    """Reference 9: started from a segment line, the wizard takes the line's contact and
    interaction; the entry names the segment, which stays open."""
    _template, contact = _setup(session, wizard_action=WizardAction.MERGE)
    header = f.segment(
        session, "SEG00001", description="Autumn", interaction_template_code="LETTER"
    )
    f.line(
        session,
        header,
        contact,
        10000,
        description="Autumn visit",
        salesperson_code="PS",
        language_code="EN",
        correspondence_type=CorrespondenceType.HARD_COPY,
    )
    session.commit()
    draft = ci.start(session, user_id=_user(session), now=NOW, segment_no="SEG00001", line_no=10000)
    assert (draft.contact_no, draft.description) == (contact.no, "Autumn visit")
    entry_no = ci.finish(session, draft, user_id=_user(session))
    session.commit()
    assert session.get(InteractionLogEntry, entry_no).segment_no == "SEG00001"
    assert session.execute(select(SegmentHeader.no)).scalars().all() == ["SEG00001"]
    letter, _ = entry_letter(session, entry_no)
    assert letter


def test_upload_refuses_a_file_that_is_not_a_word_document(session):
    _template, contact = _setup(session)
    draft = _draft(session, contact)
    with pytest.raises(UserError) as refused:
        ci.upload_letter(session, draft, "notes.txt", b"hello", "text/plain")
    assert refused.value.key == "document.not_docx"


# -- postponed interactions ----------------------------------------------------------------------


def test_postponed_interaction_is_hidden_from_the_log_and_listed(session):
    """Reference 9: Cancel, then Yes to finish later, stores a postponed entry hidden from the
    log list and listed on Postponed Interactions."""
    _template, contact = _setup(session)
    draft = ci.upload_letter(
        session, _draft(session, contact, description="Call back"), "e.docx", _edited_letter(), ""
    )
    entry_no = ci.postpone(session, draft, user_id=_user(session))
    session.commit()
    (entry,) = _entries(session)
    assert entry.postponed
    assert entry.description == "Call back"
    assert log_entries.list_entries(session, log_entries.EntryFilter()).total == 0
    (row,) = ci.list_postponed(session)
    assert (row.entry_no, row.contact_no, row.description, row.has_letter) == (
        entry_no,
        contact.no,
        "Call back",
        True,
    )
    assert session.execute(select(EmailMessage)).first() is None


def test_postponing_needs_a_contact(session):
    _setup(session)
    with pytest.raises(UserError) as refused:
        ci.postpone(session, ci.Draft(description="x"), user_id=_user(session))
    assert refused.value.key == "interaction.error_postpone_contact"


def test_resuming_and_finishing_updates_the_same_entry_with_its_comments(session):
    """Reference 9: resuming a postponed interaction fills the wizard again, and finishing it
    updates that same entry (its number and comments stay)."""
    _template, contact = _setup(session)
    draft = ci.upload_letter(session, _draft(session, contact), "e.docx", _edited_letter(), "")
    entry_no = ci.postpone(session, draft, user_id=_user(session))
    ci.add_comment(session, entry_no, "Wait for the quote", user_id=None, today=NOW.date())
    session.commit()
    resumed = ci.resume(session, entry_no)
    assert resumed.resume_entry_no == entry_no
    assert (resumed.contact_no, resumed.template_code, resumed.time) == (
        contact.no,
        "LETTER",
        "09:42",
    )
    assert resumed.document_name == "e.docx"
    finished = ci.finish(session, replace(resumed, result="Done"), user_id=_user(session))
    session.commit()
    assert finished == entry_no
    (entry,) = _entries(session)
    assert (entry.entry_no, entry.postponed, entry.description) == (entry_no, False, "Done")
    assert [c.comment for c in ci.comments(session, entry_no)] == ["Wait for the quote"]
    assert session.get(EntryLetter, entry_no) is not None
    assert "edited by hand" in _text_of(entry_letter(session, entry_no)[0])
    assert ci.list_postponed(session) == []
    with pytest.raises(UserError) as refused:
        ci.finish(session, resumed, user_id=_user(session))
    assert refused.value.key == "interaction.error_postponed_gone"


def test_postponing_a_resumed_interaction_updates_it(session):
    _template, contact = _setup(session)
    entry_no = ci.postpone(session, _draft(session, contact), user_id=_user(session))
    session.commit()
    resumed = replace(ci.resume(session, entry_no), description="Changed")
    assert ci.postpone(session, resumed, user_id=_user(session)) == entry_no
    session.commit()
    assert [(e.entry_no, e.description) for e in _entries(session)] == [(entry_no, "Changed")]


def test_deleting_a_postponed_interaction_deletes_its_letter_and_comments(session):
    _template, contact = _setup(session)
    draft = ci.upload_letter(session, _draft(session, contact), "e.docx", _edited_letter(), "")
    entry_no = ci.postpone(session, draft, user_id=_user(session))
    ci.add_comment(session, entry_no, "x", user_id=None, today=NOW.date())
    session.commit()
    ci.delete_postponed(session, entry_no)
    session.commit()
    assert _entries(session) == []
    assert session.get(StoredDocument, draft.document_id) is None
    assert session.execute(select(InteractionLogEntryComment)).first() is None


def test_a_logged_entry_is_not_deleted_as_postponed(session):
    _template, contact = _setup(session)
    entry_no = ci.finish(session, _draft(session, contact), user_id=_user(session))
    session.commit()
    with pytest.raises(UserError) as refused:
        ci.delete_postponed(session, entry_no)
    assert refused.value.key == "interaction.error_postponed_gone"


def test_discarding_deletes_the_uploaded_letter(session):
    _template, contact = _setup(session)
    draft = ci.upload_letter(session, _draft(session, contact), "e.docx", _edited_letter(), "")
    session.commit()
    ci.discard(session, draft)
    session.commit()
    assert session.get(StoredDocument, draft.document_id) is None


# -- comments ------------------------------------------------------------------------------------


def test_comments_on_an_entry_are_added_edited_and_deleted(session):
    """Reference 3.8 / 7.5: free comment lines per entry, editable from the entry."""
    _template, contact = _setup(session)
    entry_no = ci.finish(session, _draft(session, contact), user_id=_user(session))
    first = ci.add_comment(session, entry_no, "  Called  back ", user_id=None, today=NOW.date())
    second = ci.add_comment(session, entry_no, "Sent brochure", user_id=None, today=NOW.date())
    assert (first, second) == (10000, 20000)
    ci.edit_comment(session, entry_no, first, "Called back twice")
    ci.delete_comment(session, entry_no, second)
    session.commit()
    assert [(c.line_no, c.comment) for c in ci.comments(session, entry_no)] == [
        (10000, "Called back twice")
    ]
    for bad, key in (("   ", "interaction.error_comment_empty"), ("x" * 251, "error.too_long")):
        with pytest.raises(UserError) as refused:
            ci.add_comment(session, entry_no, bad, user_id=None, today=NOW.date())
        assert refused.value.key == key
    with pytest.raises(UserError) as refused:
        ci.comments(session, 999999)
    assert refused.value.key == "interaction.error_entry_gone"


def test_comments_show_on_the_entry_and_go_with_it_when_deleted(session):
    """Reference 3.8 / 7.5: the Comment column tells which entries have comments; deleting an
    entry deletes its comments."""
    _template, contact = _setup(session)
    entry_no = ci.finish(session, _draft(session, contact), user_id=_user(session))
    other = ci.finish(session, _draft(session, contact), user_id=_user(session))
    ci.add_comment(session, entry_no, "Keep", user_id=None, today=NOW.date())
    session.commit()
    rows = log_entries.list_entries(session, log_entries.EntryFilter()).rows
    assert {r.entry_no: r.has_comment for r in rows} == {entry_no: True, other: False}
    log_entries.switch_entries_canceled(session, [entry_no])
    session.commit()
    log_entries.delete_canceled_entries(session, log_entries.EntryFilter())
    session.commit()
    assert session.execute(select(InteractionLogEntryComment)).first() is None


def test_import_uploads_a_file_that_the_entry_keeps(session):
    """Reference 9, content step Import: the uploaded file is the interaction's document."""
    _template, contact = _setup(session, wizard_action=WizardAction.IMPORT)
    draft = ci.upload_letter(
        session, _draft(session, contact), "Offre spéciale.docx", _edited_letter("Offer"), ""
    )
    entry_no = ci.finish(session, draft, user_id=_user(session))
    session.commit()
    assert _text_of(entry_letter(session, entry_no)[0]) == "Offer"


def test_a_privacy_blocked_contact_cannot_get_an_interaction(session):
    """Reference 2.6: privacy-blocked contacts cannot be used in interactions; a contact
    blocked after the wizard started is refused at Finish."""
    _template, contact = _setup(session)
    draft = _draft(session, contact)
    contact.privacy_blocked = True
    session.add(contact)
    session.commit()
    for attempt in (
        lambda: ci.choose_contact(session, ci.Draft(), contact.no),
        lambda: ci.finish(session, draft, user_id=_user(session)),
    ):
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.key == "interaction.error_privacy_blocked"
    session.rollback()
    assert _entries(session) == []


def test_the_entries_list_shows_attempt_failed_and_time_of_interaction(session):
    """Reference 3.8 / 7.5 and 9: an unsuccessful call is an Attempt Failed entry, and the
    entry keeps the wizard's time of interaction; Interaction Log Entries lists both."""
    _template, contact = _setup(session)
    failed = ci.finish(
        session, _draft(session, contact, successful=False, time="09:41"), user_id=_user(session)
    )
    done = ci.finish(session, _draft(session, contact, time="14:05"), user_id=_user(session))
    session.commit()
    rows = {
        r.entry_no: r for r in log_entries.list_entries(session, log_entries.EntryFilter()).rows
    }
    assert rows[failed].attempt_failed
    assert not rows[done].attempt_failed
    assert rows[failed].time_of_interaction.strftime("%H:%M") == "09:41"
    assert rows[done].time_of_interaction.strftime("%H:%M") == "14:05"

"""Logging a segment (bc-reference.md section 7, scenarios 14-17 of section 12a), on SQLite and
on PostgreSQL when SEGAPP_TEST_DATABASE_URL is set."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import insert, select, text
from sqlmodel import Session, SQLModel, col, func

from segapp.models import (
    Campaign,
    CampaignEntry,
    Contact,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    DeliveryStatus,
    InteractionLogEntry,
    InteractionTemplateLanguage,
    LoggedSegment,
    MarketingSetup,
    NoSeries,
    Salesperson,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
    User,
)
from segapp.services.core.errors import UserError
from segapp.services.logging import logging as seglog
from tests import factories as f

TODAY = dt.date(2026, 11, 20)


def _setup(session: Session) -> None:
    f.language(session, "EN")
    f.language(session, "FR")
    session.add(Salesperson(code="PS", name="Peter"))
    session.add(Campaign(no="CP0001", description="Autumn"))
    session.add(NoSeries(code="SEG", starting_no="SEG00001", ending_no="SEG99999"))
    session.flush()
    session.add(MarketingSetup(id=1, segment_nos="SEG"))
    session.add(User(username="anna", password_hash="x", salesperson_code="PS"))
    session.flush()


def _user_id(session: Session) -> int:
    return session.execute(select(User.id)).scalar_one()


def _build(
    session: Session,
    *,
    emails: tuple[str, ...] = ("a@x.example", ""),
    correspondence: CorrespondenceType = CorrespondenceType.EMAIL,
    campaign: str | None = "CP0001",
    no: str = "SEG00001",
    header_doc: bool = True,
) -> SegmentHeader:
    _setup(session)
    f.template(session, "LETTER")
    header = f.segment(
        session,
        no,
        description="Autumn letter",
        interaction_template_code="LETTER",
        interaction_group_code="LETTER",
        salesperson_code="PS",
        campaign_no=campaign,
        language_code_default="EN",
    )
    if header_doc:
        f.segment_language(session, header, "EN", doc=f.document(session, "autumn.docx"))
    for i, email in enumerate(emails, start=1):
        contact = f.person(session, f"Person {i}", email=email)
        f.line(
            session,
            header,
            contact,
            i * 10000,
            description="Autumn letter",
            salesperson_code="PS",
            campaign_no=campaign,
            correspondence_type=correspondence,
            language_code="EN",
            interaction_group_code="LETTER",
        )
    session.commit()
    return header


def _log(session: Session, no: str = "SEG00001", **kwargs):
    kwargs.setdefault("user_id", _user_id(session))
    kwargs.setdefault("deliver", False)
    kwargs.setdefault("follow_up", False)
    kwargs.setdefault("today", TODAY)
    result = seglog.log_segment(session, no, **kwargs)
    session.commit()
    return result


def _count(session: Session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def _snapshot(session: Session) -> dict[str, list[tuple]]:
    """Every row of every table, in primary key order."""
    session.expire_all()
    result = {}
    for table in SQLModel.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(select(table).order_by(*order)).all()
        result[table.name] = [tuple(r) for r in rows]
    return result


def test_log_without_sending_blanks_email_of_contacts_without_address(session):
    """Scenario 14 (reference 12a, 7.2, 7.3): a contact without e-mail on an Email line is logged
    with a blank correspondence type; one entry per line; logged segment created; segment
    deleted; documents read-only."""
    _build(session)
    result = _log(session)
    entries = (
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )
    assert [e.correspondence_type for e in entries] == [
        CorrespondenceType.EMAIL,
        CorrespondenceType.BLANK,
    ]
    assert [e.delivery_status for e in entries] == [DeliveryStatus.BLANK] * 2
    assert entries[0].contact_via == "a@x.example"
    logged = session.get(LoggedSegment, result.logged_segment_entry_no)
    assert logged.segment_no == "SEG00001"
    assert logged.description == "Autumn letter"
    assert logged.creation_date == TODAY
    assert all(e.logged_segment_entry_no == logged.entry_no for e in entries)
    assert all(e.segment_no == "SEG00001" and e.user_id == _user_id(session) for e in entries)
    assert result.interactions == 2
    for model in (SegmentHeader, SegmentLine, SegmentLanguage, SegmentHistory):
        assert _count(session, model) == 0
    docs = {e.document_id for e in entries}
    assert len(docs) == 1
    assert None not in docs
    assert session.get(StoredDocument, docs.pop()).read_only


def test_entries_copy_the_lines_in_line_order(session):
    """Reference 3.8 and 7.2 step 6: entries follow Line No. order and copy the line's fields."""
    header = _build(session, emails=("a@x.example", "b@x.example", "c@x.example"))
    # Line numbers out of insertion order: 30000 was inserted first.
    session.execute(text("UPDATE segment_line SET line_no = 5000 WHERE line_no = 30000"))
    session.execute(
        text("UPDATE segment_line SET cost = 7.5, duration = 12, subject = 'Hi' || line_no")
    )
    session.commit()
    contact_order = (
        session.execute(
            select(SegmentLine.contact_id)
            .where(SegmentLine.segment_id == header.id)
            .order_by(SegmentLine.line_no)
        )
        .scalars()
        .all()
    )
    _log(session)
    entries = (
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )
    assert [e.contact_id for e in entries] == contact_order
    assert entries[0].subject == "Hi5000"
    assert all(str(e.cost) in ("7.5", "7.50") and e.duration == 12 for e in entries)
    assert all(e.interaction_template_code == "LETTER" for e in entries)
    assert all(e.language_code == "EN" and e.salesperson_code == "PS" for e in entries)


def test_campaign_entry_is_created_and_linked(session):
    """Reference 7.2 step 4 and 3.9: one campaign entry per campaign, Register No. = logged
    segment, its number on every entry of the campaign."""
    _build(session)
    result = _log(session)
    campaign_entries = session.execute(select(CampaignEntry)).scalars().all()
    assert len(campaign_entries) == 1
    entry = campaign_entries[0]
    assert entry.register_no == result.logged_segment_entry_no
    assert entry.campaign_no == "CP0001"
    assert entry.segment_no == "SEG00001"
    numbers = session.execute(select(InteractionLogEntry.campaign_entry_no)).scalars().all()
    assert numbers == [entry.entry_no, entry.entry_no]


def test_log_with_sending_and_missing_email_fails_and_changes_nothing(session):
    """Scenario 15 (reference 12a, 7.3): with Send Attachments, a contact without e-mail on an
    Email line makes the whole log fail with the "specify e-mail" error; nothing is logged."""
    _build(session)
    before = _snapshot(session)
    with pytest.raises(UserError) as error:
        _log(session, deliver=True)
    session.rollback()
    assert error.value.key == "log.error_line_email"
    assert error.value.params["line_no"] == 20000
    assert _snapshot(session) == before


def test_log_with_sending_queues_only_deliverable_lines(session):
    """Reference 7.2 step 6.4: with Send Attachments, entries with a correspondence type are
    In Progress; a line with a blank type is never queued (the [quirk] of 7.3 avoided)."""
    header = _build(session, emails=("a@x.example", "b@x.example"))
    session.execute(text("UPDATE segment_line SET correspondence_type = '' WHERE line_no = 20000"))
    session.commit()
    assert header.id
    _log(session, deliver=True)
    statuses = (
        session.execute(
            select(InteractionLogEntry.delivery_status).order_by(InteractionLogEntry.entry_no)
        )
        .scalars()
        .all()
    )
    assert statuses == [DeliveryStatus.IN_PROGRESS, DeliveryStatus.BLANK]


def test_deliverable_line_without_document_is_refused(session):
    """Reference 7.2 step 6.4 and 11: a line to be sent must have an attachment."""
    _build(session, emails=("a@x.example",), header_doc=False)
    with pytest.raises(UserError) as error:
        _log(session, deliver=True)
    assert error.value.key == "log.error_line_attachment"


def test_second_log_of_a_recreated_number_is_refused(session):
    """Scenario 16 (reference 12a, 7.2 step 1): a header recreated with a logged number cannot be
    logged: "logged segment already exists"; a segment already logged is gone."""
    _build(session)
    _log(session)
    with pytest.raises(UserError) as gone:
        _log(session)
    assert gone.value.key == "log.error_already_logged"
    session.rollback()
    header = f.segment(session, "SEG00001", description="Again", salesperson_code="PS")
    f.line(session, header, session.execute(select(Contact)).scalars().first(), 10000)
    session.commit()
    with pytest.raises(UserError) as again:
        _log(session)
    assert again.value.key == "log.error_already_logged"
    session.rollback()
    assert _count(session, LoggedSegment) == 1


def test_follow_up_segment_has_one_line_per_entry_and_the_campaign(session):
    """Scenario 17 (reference 12a, 7.2 step 8, 6.6): the follow-up segment "Follow-up on segment
    SEG00001" has one line per logged entry, the same campaign, and one Add Contacts action
    filtered on the logged segment."""
    _build(session)
    session.get(NoSeries, "SEG").last_no_used = "SEG00001"
    session.commit()
    result = _log(session, follow_up=True)
    assert result.follow_up_no == "SEG00002"
    header = session.execute(select(SegmentHeader)).scalars().one()
    assert header.no == "SEG00002"
    assert header.description == "Follow-up on segment SEG00001"
    assert header.campaign_no == "CP0001"
    assert header.salesperson_code == "PS"
    assert header.date == TODAY
    lines = (
        session.execute(
            select(SegmentLine)
            .where(SegmentLine.segment_id == header.id)
            .order_by(SegmentLine.line_no)
        )
        .scalars()
        .all()
    )
    entries = (
        session.execute(select(InteractionLogEntry).order_by(InteractionLogEntry.entry_no))
        .scalars()
        .all()
    )
    assert [line.contact_id for line in lines] == [e.contact_id for e in entries]
    assert [line.line_no for line in lines] == [10000, 20000]
    assert all(line.campaign_no == "CP0001" for line in lines)
    assert all(line.description == header.description for line in lines)
    criteria = (
        session.execute(
            select(SegmentCriteriaLine)
            .where(SegmentCriteriaLine.segment_id == header.id)
            .order_by(SegmentCriteriaLine.line_no)
        )
        .scalars()
        .all()
    )
    assert [(c.type, c.action) for c in criteria] == [
        (CriteriaLineType.ACTION, CriteriaAction.ADD),
        (CriteriaLineType.FILTER, CriteriaAction.ADD),
    ]
    assert criteria[0].allow_existing_contacts
    assert criteria[0].no_of_filters == 1
    assert criteria[1].table_name == "interaction_log_entry"
    assert criteria[1].filters == {"logged_segment_entry_no": str(result.logged_segment_entry_no)}
    history = (
        session.execute(select(SegmentHistory).where(SegmentHistory.segment_id == header.id))
        .scalars()
        .all()
    )
    assert sorted((h.action_no, h.segment_line_no) for h in history) == [(1, 10000), (1, 20000)]


def test_follow_up_description_is_at_most_50_characters(session):
    """Reference 10: "Follow-up on segment <No.>", at most 50 characters."""
    _build(session, no="SEG-2026-LONG-NUMBER")
    result = _log(session, no="SEG-2026-LONG-NUMBER", follow_up=True)
    header = session.execute(
        select(SegmentHeader).where(SegmentHeader.no == result.follow_up_no)
    ).scalar_one()
    assert header.description == "Follow-up on segment SEG-2026-LONG-NUMBER"[:50]
    assert len(header.description) <= 50


def test_follow_up_description_speaks_the_segments_language(session):
    """Reference 7.2 step 8: the generated "Follow-up on segment <No.>" is written in the
    segment's language, else in the user's, from the catalogues."""
    header = _build(session)
    header.language_code_default = "FR"
    session.commit()
    french = _log(session, follow_up=True, lang="en")
    follow = session.execute(
        select(SegmentHeader).where(SegmentHeader.no == french.follow_up_no)
    ).scalar_one()
    assert follow.description == "Suivi du segment SEG00001"
    # a follow-up of a logged segment (no language of its own) speaks the user's language
    no = seglog.new_segment_from_logged(
        session, french.logged_segment_entry_no, user_id=None, follow_up=True, lang="fr"
    )
    again = session.execute(select(SegmentHeader).where(SegmentHeader.no == no)).scalar_one()
    assert again.description == "Suivi du segment SEG00001"


def test_follow_up_without_segment_series_fails_and_changes_nothing(session):
    """Reference 7.1: Create Follow-up Segment requires Segment Nos. in Marketing Setup."""
    _build(session)
    session.get(MarketingSetup, 1).segment_nos = None
    session.commit()
    before = _snapshot(session)
    with pytest.raises(UserError) as error:
        _log(session, follow_up=True)
    session.rollback()
    assert error.value.key == "error.no_series_missing"
    assert _snapshot(session) == before


def test_empty_segment_and_blank_description_are_refused(session):
    """Reference 7.2 steps 2 and 6: blank description, and a segment without contact lines."""
    header = _build(session, emails=())
    with pytest.raises(UserError) as empty:
        _log(session)
    assert empty.value.key == "log.error_segment_empty"
    session.rollback()
    session.get(SegmentHeader, header.id).description = " "
    session.commit()
    with pytest.raises(UserError) as blank:
        _log(session)
    assert blank.value.key == "log.error_description_missing"


@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("salesperson_code", "log.error_line_salesperson"),
        ("interaction_template_code", "log.error_line_template"),
    ],
)
def test_line_checks_name_the_first_failing_line(session, column, key):
    """Reference 7.3: salesperson and interaction template must be filled on every line."""
    _build(session, emails=("a@x.example", "b@x.example", "c@x.example"))
    session.execute(text(f"UPDATE segment_line SET {column} = NULL WHERE line_no >= 20000"))
    session.commit()
    with pytest.raises(UserError) as error:
        _log(session)
    assert error.value.key == key
    assert error.value.params["line_no"] == 20000


def test_template_document_is_copied_not_frozen(session):
    """Reference 7.2 step 6.5: the logged letter is frozen; a letter shared with a template is
    copied, so the template's own letter stays editable."""
    header = _build(session, header_doc=False)
    doc = f.document(session, "template.docx")
    session.add(
        InteractionTemplateLanguage(template_code="LETTER", language_code="EN", document_id=doc.id)
    )
    f.segment_language(session, header, "EN", doc=doc)
    session.commit()
    _log(session)
    session.expire_all()
    assert not session.get(StoredDocument, doc.id).read_only
    kept = set(session.execute(select(InteractionLogEntry.document_id)).scalars())
    assert len(kept) == 1
    copy = session.get(StoredDocument, kept.pop())
    assert copy.id != doc.id
    assert copy.read_only
    assert copy.content == f.letter_bytes()


def test_line_own_document_wins_over_the_header(session):
    """Reference 5.5: a line with its own (unique) document keeps it in its entry."""
    header = _build(session)
    own = f.document(session, "own.docx")
    f.segment_language(session, header, "EN", line_no=20000, doc=own)
    session.commit()
    _log(session)
    docs = (
        session.execute(
            select(InteractionLogEntry.document_id).order_by(InteractionLogEntry.entry_no)
        )
        .scalars()
        .all()
    )
    assert docs[1] == own.id
    assert docs[0] != own.id
    assert session.get(StoredDocument, own.id).read_only


def _big_segment(session: Session, lines: int) -> SegmentHeader:
    header = _build(session, emails=())
    session.execute(
        insert(Contact),
        [
            {
                "no": f"BIG{i:06d}",
                "name": f"Big {i}",
                "search_name": f"BIG {i}",
                "email": "b@x.example",
            }
            for i in range(lines)
        ],
    )
    ids = (
        session.execute(select(Contact.id).where(col(Contact.no).like("BIG%")).order_by(Contact.no))
        .scalars()
        .all()
    )
    session.execute(
        insert(SegmentLine),
        [
            {
                "segment_id": header.id,
                "line_no": (i + 1) * 10000,
                "contact_id": cid,
                "description": "Autumn letter",
                "date": header.date,
                "salesperson_code": "PS",
                "campaign_no": "CP0001",
                "interaction_template_code": "LETTER",
                "language_code": "EN",
                "correspondence_type": "email",
            }
            for i, cid in enumerate(ids)
        ],
    )
    session.commit()
    return header


def test_failure_in_the_middle_of_a_large_log_changes_nothing(session, monkeypatch):
    """Reference 7.2 ("runs in one transaction"), PRODUCT.md 5: an error while the 2 500th line
    of a 5 000-line segment is being logged, after entries were already written, leaves every
    table exactly as it was."""
    _big_segment(session, 5000)
    before = _snapshot(session)
    real = seglog._insert_entries
    calls = []

    def failing(session_, header, logged, first, last, *args):
        calls.append((first, last))
        if first <= 2500 * 10000 <= last:
            raise RuntimeError("disk full")
        return real(session_, header, logged, first, last, *args)

    monkeypatch.setattr(seglog, "CHUNK_LINES", 1000)
    monkeypatch.setattr(seglog, "_insert_entries", failing)
    with pytest.raises(RuntimeError):
        _log(session, deliver=True, follow_up=True)
    session.rollback()
    assert len(calls) == 3
    assert _snapshot(session) == before


def test_a_failing_check_on_a_late_line_changes_nothing(session):
    """Reference 7.3: a check failing on line 4 000 of 5 000 refuses the whole log."""
    _big_segment(session, 5000)
    session.execute(
        text("UPDATE segment_line SET salesperson_code = NULL WHERE line_no = 40000000")
    )
    session.commit()
    before = _snapshot(session)
    with pytest.raises(UserError) as error:
        _log(session)
    session.rollback()
    assert error.value.params["line_no"] == 40000000
    assert _snapshot(session) == before


def test_large_log_writes_one_entry_per_line(session):
    """Reference 7.2 step 6: 5 000 lines give 5 000 entries, numbered in line order."""
    _big_segment(session, 5000)
    _log(session, deliver=True)
    assert _count(session, InteractionLogEntry) == 5000
    numbers = (
        session.execute(
            select(Contact.no)
            .join(InteractionLogEntry, InteractionLogEntry.contact_id == Contact.id)
            .order_by(InteractionLogEntry.entry_no)
        )
        .scalars()
        .all()
    )
    assert numbers == sorted(numbers)
    assert _count(session, SegmentLine) == 0


def test_two_concurrent_logs_of_one_segment_log_it_once(db_engine, session):
    """Reference 3.7 ("a segment number can be logged only once") and PRODUCT.md 5: two users
    logging the same segment at the same moment, on two connections, produce exactly one
    logged segment; the other is told it has been logged."""
    _big_segment(session, 3000)
    user_id = _user_id(session)
    session.close()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def worker() -> None:
        with Session(db_engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                seglog.log_segment(
                    s, "SEG00001", user_id=user_id, deliver=False, follow_up=True, today=TODAY
                )
                s.commit()
                outcomes.append("logged")
            except UserError as exc:
                s.rollback()
                outcomes.append(exc.key)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes) == ["log.error_already_logged", "logged"]
    with Session(db_engine) as s:
        assert s.execute(select(func.count()).select_from(LoggedSegment)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(InteractionLogEntry)).scalar_one() == 3000
        assert s.execute(select(func.count()).select_from(SegmentHeader)).scalar_one() == 1


def test_log_defaults(session):
    """Reference 7.1: Send is on when a line has a correspondence type, off and impossible
    otherwise; Follow-up is off."""
    _build(session)
    defaults = seglog.log_defaults(session, "SEG00001")
    assert (defaults.can_send, defaults.send, defaults.follow_up) == (True, True, False)
    session.execute(text("UPDATE segment_line SET correspondence_type = ''"))
    defaults = seglog.log_defaults(session, "SEG00001")
    assert (defaults.can_send, defaults.send) == (False, False)
    assert defaults.no_of_lines == 2


def test_progress_is_reported_up_to_the_end(session):
    """Large segments show a progress bar (PRODUCT.md 5): the fractions grow to 1."""
    _big_segment(session, 2500)
    steps = []
    _log(session, progress=steps.append)
    seen = [step.fraction for step in steps]
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert len(seen) >= 4
    stages = [step.stage for step in steps]
    assert stages.index(seglog.STAGE_CHECKING) < stages.index(seglog.STAGE_ENTRIES)
    assert stages[-1] == seglog.STAGE_FINISHING
    entries = [step for step in steps if step.stage == seglog.STAGE_ENTRIES]
    assert (entries[-1].done, entries[-1].total) == (2500, 2500)

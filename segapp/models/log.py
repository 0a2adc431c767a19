"""Logged segments, campaign entries and interaction log entries (bc-reference.md 3.7-3.9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import CorrespondenceType, DeliveryStatus, Evaluation, InformationFlow, InitiatedBy
from .types import enum_field, money_field, ref_field, text_field, timestamp_field


class LoggedSegment(SQLModel, table=True):
    __tablename__ = "logged_segment"

    entry_no: int | None = Field(default=None, primary_key=True)
    segment_no: str = Field(max_length=20, unique=True, index=True)
    description: str = text_field(100)
    creation_date: dt.date
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    canceled: bool = Field(default=False, index=True)
    created_at: dt.datetime = timestamp_field()


class CampaignEntry(SQLModel, table=True):
    __tablename__ = "campaign_entry"

    entry_no: int | None = Field(default=None, primary_key=True)
    campaign_no: str = Field(foreign_key="campaign.no", max_length=20, index=True)
    description: str = text_field(100)
    date: dt.date
    segment_no: str = text_field(20)
    register_no: int | None = Field(default=None, foreign_key="logged_segment.entry_no", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    canceled: bool = False


class InteractionLogEntry(SQLModel, table=True):
    __tablename__ = "interaction_log_entry"

    entry_no: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    contact_company_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    date: dt.date = Field(index=True)
    description: str = text_field(100)
    information_flow: InformationFlow = enum_field(InformationFlow, InformationFlow.BLANK)
    initiated_by: InitiatedBy = enum_field(InitiatedBy, InitiatedBy.BLANK)
    document_id: int | None = Field(default=None, foreign_key="stored_document.id", index=True)
    cost: Decimal = money_field()
    duration: int = 0
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    interaction_group_code: str | None = ref_field("interaction_group.code", 10)
    interaction_template_code: str | None = ref_field("interaction_template.code", 10)
    campaign_no: str | None = ref_field("campaign.no")
    campaign_entry_no: int | None = Field(
        default=None, foreign_key="campaign_entry.entry_no", index=True
    )
    campaign_response: bool = False
    campaign_target: bool = False
    segment_no: str = text_field(20, index=True)
    evaluation: Evaluation = enum_field(Evaluation, Evaluation.BLANK)
    attempt_failed: bool = False
    salesperson_code: str | None = ref_field("salesperson.code")
    delivery_status: DeliveryStatus = enum_field(DeliveryStatus, DeliveryStatus.BLANK)
    canceled: bool = Field(default=False, index=True)
    correspondence_type: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.BLANK
    )
    logged_segment_entry_no: int | None = Field(
        default=None, foreign_key="logged_segment.entry_no", index=True
    )
    contact_via: str = text_field(80)
    send_word_docs_as_attmt: bool = False
    language_code: str | None = ref_field("language.code", 10, index=False)
    subject: str = text_field(100)
    postponed: bool = False
    time_of_interaction: dt.time | None = None
    created_at: dt.datetime = timestamp_field()


class InteractionLogEntryComment(SQLModel, table=True):
    """Inter. Log Entry Comment Line (reference section 3.8): free comments on one entry,
    deleted with it."""

    __tablename__ = "interaction_log_entry_comment"

    entry_no: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("interaction_log_entry.entry_no", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    line_no: int = Field(primary_key=True)
    date: dt.date
    comment: str = text_field(250)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    modified_at: dt.datetime = timestamp_field()


class LetterValues(SQLModel, table=True):
    """Merge values shared by every letter of one log (company information, the segment's
    document fields...), kept once for all its entries."""

    __tablename__ = "letter_values"

    id: int | None = Field(default=None, primary_key=True)
    merge_values: str = Field(default="{}", sa_type=sa.Text())


class EntryLetter(SQLModel, table=True):
    """What one logged entry's Word letter is made of: the frozen, read-only document it renders
    from (one copy shared by every entry of a log that used the same template letter, or the
    line's own letter) and its contact's merge values at logging time (JSON text: its own
    values, over the log's shared ones). Opening the entry renders the letter again from these,
    so it is the letter its contact got, whatever changed since."""

    __tablename__ = "entry_letter"

    entry_no: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("interaction_log_entry.entry_no", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    document_id: int = Field(foreign_key="stored_document.id", index=True)
    shared_values_id: int | None = Field(default=None, foreign_key="letter_values.id", index=True)
    file_name: str = text_field(250)
    language_code: str = text_field(10)
    merge_values: str = Field(default="{}", sa_type=sa.Text())

"""The Segment worksheet: header, lines, per-language content, criteria journal, history and
saved criteria (bc-reference.md sections 3.1-3.6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import (
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from .types import enum_field, money_field, ref_field, text_field, timestamp_field


class SegmentHeader(SQLModel, table=True):
    __tablename__ = "segment_header"

    id: int | None = Field(default=None, primary_key=True)
    no: str = Field(max_length=20, unique=True, index=True)
    description: str = text_field(100)
    campaign_no: str | None = ref_field("campaign.no")
    salesperson_code: str | None = ref_field("salesperson.code")
    correspondence_type_default: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.BLANK
    )
    interaction_template_code: str | None = ref_field("interaction_template.code", 10)
    unit_cost: Decimal = money_field()
    unit_duration: int = 0
    date: dt.date
    campaign_target: bool = False
    information_flow: InformationFlow = enum_field(InformationFlow, InformationFlow.BLANK)
    initiated_by: InitiatedBy = enum_field(InitiatedBy, InitiatedBy.BLANK)
    no_series: str | None = ref_field("no_series.code", index=False)
    campaign_response: bool = False
    language_code_default: str | None = ref_field("language.code", 10, index=False)
    interaction_group_code: str | None = ref_field("interaction_group.code", 10, index=False)
    send_word_docs_as_attmt: bool = False
    ignore_contact_corres_type: bool = False
    subject_default: str = text_field(100)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = timestamp_field()
    modified_at: dt.datetime = timestamp_field()
    # Raised by every change made through a worksheet: a page that read another version is
    # stale and is refused (services.worksheet.claims).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class SegmentLine(SQLModel, table=True):
    __tablename__ = "segment_line"
    __table_args__ = (
        sa.UniqueConstraint("segment_id", "line_no", name="uq_segment_line_no"),
        sa.Index("ix_segment_line_contact_segment", "contact_id", "segment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment_header.id", ondelete="CASCADE")
    line_no: int
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    contact_company_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    campaign_no: str | None = ref_field("campaign.no")
    salesperson_code: str | None = ref_field("salesperson.code", index=False)
    correspondence_type: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.BLANK
    )
    interaction_template_code: str | None = ref_field("interaction_template.code", 10, index=False)
    interaction_group_code: str | None = ref_field("interaction_group.code", 10, index=False)
    cost: Decimal = money_field()
    duration: int = 0
    campaign_response: bool = False
    campaign_target: bool = False
    information_flow: InformationFlow = enum_field(InformationFlow, InformationFlow.BLANK)
    initiated_by: InitiatedBy = enum_field(InitiatedBy, InitiatedBy.BLANK)
    evaluation: Evaluation = enum_field(Evaluation, Evaluation.BLANK)
    language_code: str | None = ref_field("language.code", 10, index=False)
    description: str = text_field(100)
    subject: str = text_field(100)
    date: dt.date
    attempt_failed: bool = False
    send_word_doc_as_attmt: bool = False
    contact_via: str = text_field(80)


class SegmentLanguage(SQLModel, table=True):
    """The letter and subject of a segment in one language. ``segment_line_no`` 0 is the
    header's content, inherited by lines; another number is one line's own content."""

    __tablename__ = "segment_language"
    __table_args__ = (
        sa.UniqueConstraint(
            "segment_id", "segment_line_no", "language_code", name="uq_segment_language"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment_header.id", ondelete="CASCADE")
    segment_line_no: int = 0
    language_code: str = Field(foreign_key="language.code", max_length=10)
    description: str = text_field(100)
    subject: str = text_field(100)
    document_id: int | None = Field(default=None, foreign_key="stored_document.id", index=True)


class CriteriaColumns(SQLModel):
    """Columns shared by the criteria journal of a segment and by saved criteria: an action row
    followed by one filter row per filtered table (reference section 3.4)."""

    line_no: int = Field(primary_key=True)
    type: CriteriaLineType = enum_field(CriteriaLineType, CriteriaLineType.ACTION)
    action: CriteriaAction = enum_field(CriteriaAction, CriteriaAction.BLANK)
    table_name: str = text_field(50)
    filters: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON())
    allow_existing_contacts: bool = False
    expand_contact: bool = False
    allow_company_with_persons: bool = False
    ignore_exclusion: bool = False
    entire_companies: bool = False
    no_of_filters: int = 0


class SegmentCriteriaLine(CriteriaColumns, table=True):
    __tablename__ = "segment_criteria_line"

    segment_id: int = Field(foreign_key="segment_header.id", primary_key=True, ondelete="CASCADE")


class SegmentHistory(SQLModel, table=True):
    """One contact inserted or deleted by one criteria action, for Go Back."""

    __tablename__ = "segment_history"

    segment_id: int = Field(foreign_key="segment_header.id", primary_key=True, ondelete="CASCADE")
    action_no: int = Field(primary_key=True)
    segment_line_no: int = Field(primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    action_taken: HistoryAction = enum_field(HistoryAction, HistoryAction.INSERTION)


class SavedSegmentCriteria(SQLModel, table=True):
    __tablename__ = "saved_segment_criteria"

    code: str = Field(max_length=10, primary_key=True)
    description: str = text_field(100)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: dt.datetime = timestamp_field()


class SavedSegmentCriteriaLine(CriteriaColumns, table=True):
    __tablename__ = "saved_segment_criteria_line"

    criteria_code: str = Field(
        foreign_key="saved_segment_criteria.code",
        primary_key=True,
        max_length=10,
        ondelete="CASCADE",
    )

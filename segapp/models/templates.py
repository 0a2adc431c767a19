"""Interaction groups, interaction templates with one Word document per language, and stored
documents (bc-reference.md sections 2.2-2.4, 3.9)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import CorrespondenceType, InformationFlow, InitiatedBy, WizardAction
from .types import code_field, enum_field, money_field, ref_field, text_field, timestamp_field


class StoredDocument(SQLModel, table=True):
    """A file kept in the database: a template letter, a personalised letter or a logged copy.
    Read-only documents belong to logged interactions and are never overwritten."""

    __tablename__ = "stored_document"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = text_field(250)
    content_type: str = text_field(100)
    content: bytes = Field(sa_type=sa.LargeBinary())
    size: int = 0
    read_only: bool = False
    created_at: datetime = timestamp_field()
    modified_at: datetime = timestamp_field()


class InteractionGroup(SQLModel, table=True):
    __tablename__ = "interaction_group"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class InteractionTemplate(SQLModel, table=True):
    __tablename__ = "interaction_template"

    code: str = code_field(10, primary_key=True)
    interaction_group_code: str = Field(
        foreign_key="interaction_group.code", max_length=10, index=True
    )
    description: str = text_field(100)
    unit_cost: Decimal = money_field()
    unit_duration: int = 0
    information_flow: InformationFlow = enum_field(InformationFlow, InformationFlow.BLANK)
    initiated_by: InitiatedBy = enum_field(InitiatedBy, InitiatedBy.BLANK)
    campaign_no: str | None = ref_field("campaign.no")
    campaign_target: bool = False
    campaign_response: bool = False
    correspondence_type_default: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.EMAIL
    )
    ignore_contact_corres_type: bool = False
    language_code_default: str | None = ref_field("language.code", 10, index=False)
    wizard_action: WizardAction = enum_field(WizardAction, WizardAction.BLANK)


class InteractionTemplateSetup(SQLModel, table=True):
    """The single row naming the templates used for automatic interactions (reference section
    2.5); segapp uses Outg. Calls, the template of "Make Phone Call"."""

    __tablename__ = "interaction_template_setup"

    id: int = Field(default=1, primary_key=True)
    outg_calls: str | None = ref_field("interaction_template.code", 10)


class InteractionTemplateLanguage(SQLModel, table=True):
    """The letter of a template in one language."""

    __tablename__ = "interaction_template_language"

    template_code: str = Field(
        foreign_key="interaction_template.code", primary_key=True, max_length=10, ondelete="CASCADE"
    )
    language_code: str = Field(foreign_key="language.code", primary_key=True, max_length=10)
    description: str = text_field(100)
    document_id: int | None = Field(default=None, foreign_key="stored_document.id", index=True)

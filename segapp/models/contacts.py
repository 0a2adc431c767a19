"""Contacts (companies and persons) and the classifications that contact selection filters on
(bc-reference.md section 2.6)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .enums import ContactType, CorrespondenceType, ProfileContactType, ProfileLineType
from .types import code_field, enum_field, ref_field, text_field, timestamp_field


class Contact(SQLModel, table=True):
    """A company or a person. A company's ``company_id`` is its own id; a person's points to its
    company or is NULL."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.Index("ix_contact_company_type_name", "company_name", "company_id", "type", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    no: str = Field(max_length=20, unique=True, index=True)
    type: ContactType = enum_field(ContactType, ContactType.COMPANY, index=True)
    name: str = text_field(100, index=True)
    search_name: str = text_field(100, index=True)
    name_2: str = text_field(50)
    company_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    company_name: str = text_field(100)
    first_name: str = text_field(30)
    middle_name: str = text_field(30)
    surname: str = text_field(30)
    initials: str = text_field(30)
    job_title: str = text_field(30)
    organizational_level_code: str = code_field(10)
    address: str = text_field(100)
    address_2: str = text_field(50)
    post_code: str = code_field(20, index=True)
    city: str = text_field(30, index=True)
    county: str = text_field(30)
    country_code: str | None = ref_field("country.code", 10)
    phone_no: str = text_field(30)
    mobile_phone_no: str = text_field(30)
    email: str = text_field(80, index=True)
    email_2: str = text_field(80)
    home_page: str = text_field(80)
    vat_registration_no: str = text_field(20)
    language_code: str | None = ref_field("language.code", 10)
    salesperson_code: str | None = ref_field("salesperson.code")
    territory_code: str | None = ref_field("territory.code", 10)
    correspondence_type: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.BLANK
    )
    salutation_code: str | None = ref_field("salutation.code", 10)
    exclude_from_segment: bool = False
    privacy_blocked: bool = False
    created_at: datetime = timestamp_field()
    modified_at: datetime = timestamp_field()


class MailingGroup(SQLModel, table=True):
    __tablename__ = "mailing_group"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class ContactMailingGroup(SQLModel, table=True):
    __tablename__ = "contact_mailing_group"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    mailing_group_code: str = Field(
        foreign_key="mailing_group.code", primary_key=True, max_length=10, index=True
    )


class JobResponsibility(SQLModel, table=True):
    __tablename__ = "job_responsibility"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class ContactJobResponsibility(SQLModel, table=True):
    """Job responsibilities of persons."""

    __tablename__ = "contact_job_responsibility"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    job_responsibility_code: str = Field(
        foreign_key="job_responsibility.code", primary_key=True, max_length=10, index=True
    )


class IndustryGroup(SQLModel, table=True):
    __tablename__ = "industry_group"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class ContactIndustryGroup(SQLModel, table=True):
    """Industry groups of companies; persons match through their company."""

    __tablename__ = "contact_industry_group"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    industry_group_code: str = Field(
        foreign_key="industry_group.code", primary_key=True, max_length=10, index=True
    )


class BusinessRelation(SQLModel, table=True):
    __tablename__ = "business_relation"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class ContactBusinessRelation(SQLModel, table=True):
    """Business relations of companies; persons match through their company."""

    __tablename__ = "contact_business_relation"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    business_relation_code: str = Field(
        foreign_key="business_relation.code", primary_key=True, max_length=10, index=True
    )


class ProfileQuestionnaire(SQLModel, table=True):
    __tablename__ = "profile_questionnaire"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)
    contact_type: ProfileContactType = enum_field(ProfileContactType, ProfileContactType.BLANK)
    priority: int = 0


class ProfileQuestionnaireLine(SQLModel, table=True):
    """A question, or an answer to the question above it, of a questionnaire."""

    __tablename__ = "profile_questionnaire_line"

    questionnaire_code: str = Field(
        foreign_key="profile_questionnaire.code",
        primary_key=True,
        max_length=10,
        ondelete="CASCADE",
    )
    line_no: int = Field(primary_key=True)
    type: ProfileLineType = enum_field(ProfileLineType, ProfileLineType.QUESTION)
    description: str = text_field(250)
    multiple_answers: bool = False


class ContactProfileAnswer(SQLModel, table=True):
    __tablename__ = "contact_profile_answer"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["questionnaire_code", "line_no"],
            ["profile_questionnaire_line.questionnaire_code", "profile_questionnaire_line.line_no"],
            ondelete="CASCADE",
        ),
        sa.Index("ix_contact_profile_answer_answer", "questionnaire_code", "line_no"),
    )

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    questionnaire_code: str = Field(primary_key=True, max_length=10)
    line_no: int = Field(primary_key=True)

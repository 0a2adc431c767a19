"""Setup tables: languages, countries, territories, salespeople, campaigns, salutations, number
series, marketing setup and company information (bc-reference.md sections 2.1, 2.6)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from .enums import CorrespondenceType, SalutationPart, SalutationType
from .types import code_field, enum_field, ref_field, text_field


class Language(SQLModel, table=True):
    __tablename__ = "language"

    code: str = code_field(10, primary_key=True)
    name: str = text_field(50)


class Country(SQLModel, table=True):
    __tablename__ = "country"

    code: str = code_field(10, primary_key=True)
    name: str = text_field(50)


class Territory(SQLModel, table=True):
    __tablename__ = "territory"

    code: str = code_field(10, primary_key=True)
    name: str = text_field(50)


class Salesperson(SQLModel, table=True):
    __tablename__ = "salesperson"

    code: str = code_field(20, primary_key=True)
    name: str = text_field(50)
    job_title: str = text_field(30)
    phone_no: str = text_field(30)
    email: str = text_field(80)
    blocked: bool = False


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"

    no: str = code_field(20, primary_key=True)
    description: str = text_field(100)
    starting_date: date | None = None
    ending_date: date | None = None
    salesperson_code: str | None = ref_field("salesperson.code")
    activated: bool = False


class Salutation(SQLModel, table=True):
    __tablename__ = "salutation"

    code: str = code_field(10, primary_key=True)
    description: str = text_field(100)


class SalutationFormula(SQLModel, table=True):
    """A salutation text per language and type; %1..%5 stand for the contact fields named."""

    __tablename__ = "salutation_formula"

    salutation_code: str = Field(foreign_key="salutation.code", primary_key=True, max_length=10)
    language_code: str = Field(foreign_key="language.code", primary_key=True, max_length=10)
    salutation_type: SalutationType = enum_field(
        SalutationType, SalutationType.FORMAL, primary_key=True
    )
    formula: str = text_field(50)
    name_1: SalutationPart = enum_field(SalutationPart, SalutationPart.BLANK)
    name_2: SalutationPart = enum_field(SalutationPart, SalutationPart.BLANK)
    name_3: SalutationPart = enum_field(SalutationPart, SalutationPart.BLANK)
    name_4: SalutationPart = enum_field(SalutationPart, SalutationPart.BLANK)
    name_5: SalutationPart = enum_field(SalutationPart, SalutationPart.BLANK)


class NoSeries(SQLModel, table=True):
    """A number series such as SEG00001..SEG99999."""

    __tablename__ = "no_series"

    code: str = code_field(20, primary_key=True)
    description: str = text_field(100)
    starting_no: str = code_field(20)
    ending_no: str = code_field(20)
    last_no_used: str = code_field(20)
    increment_by: int = 1
    manual_nos: bool = False


class MarketingSetup(SQLModel, table=True):
    """The single row of marketing defaults (bc-reference.md section 2.1)."""

    __tablename__ = "marketing_setup"

    id: int = Field(default=1, primary_key=True)
    segment_nos: str | None = ref_field("no_series.code")
    contact_nos: str | None = ref_field("no_series.code")
    default_salesperson_code: str | None = ref_field("salesperson.code")
    default_territory_code: str | None = ref_field("territory.code", 10)
    default_country_code: str | None = ref_field("country.code", 10)
    default_language_code: str | None = ref_field("language.code", 10)
    default_correspondence_type: CorrespondenceType = enum_field(
        CorrespondenceType, CorrespondenceType.BLANK
    )
    def_company_salutation_code: str | None = ref_field("salutation.code", 10)
    default_person_salutation_code: str | None = ref_field("salutation.code", 10)
    inherit_salesperson_code: bool = True
    inherit_territory_code: bool = True
    inherit_country_code: bool = True
    inherit_language_code: bool = True
    inherit_address_details: bool = True
    inherit_communication_details: bool = True
    mergefield_language_code: str | None = ref_field("language.code", 10)
    sender_email: str = text_field(80)
    sender_name: str = text_field(100)
    demo_data: bool = False


class CompanyInformation(SQLModel, table=True):
    """The single row describing our own company, used by letters (reference section 8.4)."""

    __tablename__ = "company_information"

    id: int = Field(default=1, primary_key=True)
    name: str = text_field(100)
    name_2: str = text_field(50)
    address: str = text_field(100)
    address_2: str = text_field(50)
    post_code: str = code_field(20)
    city: str = text_field(30)
    county: str = text_field(30)
    country_code: str | None = ref_field("country.code", 10)
    phone_no: str = text_field(30)
    fax_no: str = text_field(30)
    email: str = text_field(80)
    home_page: str = text_field(80)
    vat_registration_no: str = text_field(20)
    registration_no: str = text_field(50)
    bank_name: str = text_field(100)
    bank_branch_no: str = text_field(20)
    bank_account_no: str = text_field(30)
    giro_no: str = text_field(20)

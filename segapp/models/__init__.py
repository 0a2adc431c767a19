"""All tables of segapp. Importing this package registers every table on SQLModel.metadata."""

from .contacts import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
)
from .delivery import EmailMessage, OutboxStatus
from .enums import (
    ContactType,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    DeliveryStatus,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
    ProfileContactType,
    ProfileLineType,
    SalutationPart,
    SalutationType,
    WizardAction,
)
from .log import (
    CampaignEntry,
    EntryLetter,
    InteractionLogEntry,
    InteractionLogEntryComment,
    LetterValues,
    LoggedSegment,
)
from .segments import (
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
)
from .setup import (
    Campaign,
    CompanyInformation,
    Country,
    Language,
    MarketingSetup,
    NoSeries,
    Salesperson,
    Salutation,
    SalutationFormula,
    Territory,
)
from .templates import (
    InteractionGroup,
    InteractionTemplate,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    StoredDocument,
)
from .users import SignInFailure, User, UserSession


def _ids_never_reused() -> None:
    """SQLite gives a deleted row's id to the next row unless the table is AUTOINCREMENT; a
    browser (or a server-side state) holding the old id would then act on the new row. Every
    table with a generated integer id is AUTOINCREMENT on SQLite (PostgreSQL sequences never
    go back)."""
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.tables.values():
        if table.autoincrement_column is not None:
            table.dialect_options["sqlite"]["autoincrement"] = True


_ids_never_reused()

__all__ = [
    "BusinessRelation",
    "Campaign",
    "CampaignEntry",
    "CompanyInformation",
    "Contact",
    "ContactBusinessRelation",
    "ContactIndustryGroup",
    "ContactJobResponsibility",
    "ContactMailingGroup",
    "ContactProfileAnswer",
    "ContactType",
    "CorrespondenceType",
    "Country",
    "CriteriaAction",
    "CriteriaLineType",
    "DeliveryStatus",
    "EmailMessage",
    "EntryLetter",
    "Evaluation",
    "HistoryAction",
    "IndustryGroup",
    "InformationFlow",
    "InitiatedBy",
    "InteractionGroup",
    "InteractionLogEntry",
    "InteractionLogEntryComment",
    "InteractionTemplate",
    "InteractionTemplateLanguage",
    "InteractionTemplateSetup",
    "JobResponsibility",
    "Language",
    "LetterValues",
    "LoggedSegment",
    "MailingGroup",
    "MarketingSetup",
    "NoSeries",
    "OutboxStatus",
    "ProfileContactType",
    "ProfileLineType",
    "ProfileQuestionnaire",
    "ProfileQuestionnaireLine",
    "Salesperson",
    "Salutation",
    "SalutationFormula",
    "SalutationPart",
    "SalutationType",
    "SavedSegmentCriteria",
    "SavedSegmentCriteriaLine",
    "SegmentCriteriaLine",
    "SegmentHeader",
    "SegmentHistory",
    "SegmentLanguage",
    "SegmentLine",
    "SignInFailure",
    "StoredDocument",
    "Territory",
    "User",
    "UserSession",
    "WizardAction",
]

"""Enumerations of Business Central's relationship management (bc-reference.md section 2.7).

Values are stored as short strings so that the database stays readable and identical on SQLite
and PostgreSQL. The blank value of Business Central is the empty string.
"""

from enum import StrEnum


class ContactType(StrEnum):
    COMPANY = "company"
    PERSON = "person"


class CorrespondenceType(StrEnum):
    BLANK = ""
    HARD_COPY = "hard_copy"
    EMAIL = "email"


class InformationFlow(StrEnum):
    BLANK = ""
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class InitiatedBy(StrEnum):
    BLANK = ""
    US = "us"
    THEM = "them"


class Evaluation(StrEnum):
    BLANK = ""
    VERY_POSITIVE = "very_positive"
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    VERY_NEGATIVE = "very_negative"


class WizardAction(StrEnum):
    """What the Create Interaction wizard's content step does with a template's document
    (bc-reference.md sections 2.3 and 9)."""

    BLANK = ""
    OPEN = "open"
    IMPORT = "import"
    MERGE = "merge"


class DeliveryStatus(StrEnum):
    BLANK = ""
    IN_PROGRESS = "in_progress"
    ERROR = "error"


class CriteriaLineType(StrEnum):
    ACTION = "action"
    FILTER = "filter"


class CriteriaAction(StrEnum):
    BLANK = ""
    ADD = "add"
    REDUCE = "reduce"
    REFINE = "refine"


class HistoryAction(StrEnum):
    INSERTION = "insertion"
    DELETION = "deletion"


class SalutationType(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


class SalutationPart(StrEnum):
    """The contact fields a salutation formula placeholder (%1..%5) can stand for."""

    BLANK = ""
    JOB_TITLE = "job_title"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    SURNAME = "surname"
    INITIALS = "initials"
    COMPANY_NAME = "company_name"


class ProfileLineType(StrEnum):
    QUESTION = "question"
    ANSWER = "answer"


class ProfileContactType(StrEnum):
    BLANK = ""
    COMPANY = "company"
    PERSON = "person"

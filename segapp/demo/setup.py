"""Setup tables, classifications and Marketing Setup of the demo company."""

from __future__ import annotations

from sqlmodel import Session

from ..models import (
    BusinessRelation,
    Campaign,
    CompanyInformation,
    CorrespondenceType,
    Country,
    IndustryGroup,
    JobResponsibility,
    Language,
    MailingGroup,
    MarketingSetup,
    NoSeries,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Salutation,
    SalutationFormula,
    Territory,
)
from .common import LINE_NO_STEP, add_all
from .data import (
    BUSINESS_RELATIONS,
    CAMPAIGNS,
    COMPANY_INFORMATION,
    CONTACT_SERIES,
    COUNTRIES,
    INDUSTRY_GROUPS,
    JOB_RESPONSIBILITIES,
    LANGUAGES,
    MAILING_GROUPS,
    NO_SERIES,
    PROFILE_QUESTIONNAIRES,
    SALESPEOPLE,
    SALUTATIONS,
    SEGMENT_SERIES,
    TERRITORIES,
)


def add_setup(session: Session) -> None:
    """Languages, countries, territories, salespeople, campaigns, salutations, number series and
    company information: everything contacts and templates refer to."""
    add_all(session, (Language(code=c, name=n) for c, n in LANGUAGES))
    add_all(session, (Country(code=c, name=n) for c, n in COUNTRIES))
    add_all(session, (Territory(code=c, name=n) for c, n in TERRITORIES))
    add_all(
        session,
        (
            Salesperson(code=c, name=n, job_title=t, phone_no=p, email=e)
            for c, n, t, p, e in SALESPEOPLE
        ),
    )
    add_all(
        session,
        (
            Campaign(
                no=no,
                description=d,
                starting_date=start,
                ending_date=end,
                salesperson_code=sp,
                activated=active,
            )
            for no, d, start, end, sp, active in CAMPAIGNS
        ),
    )
    add_all(session, (Salutation(code=c, description=d) for c, d, _ in SALUTATIONS))
    add_all(session, _salutation_formulas())
    add_all(
        session,
        (NoSeries(code=c, description=d, starting_no=s, ending_no=e) for c, d, s, e in NO_SERIES),
    )
    add_all(session, [CompanyInformation(id=1, **COMPANY_INFORMATION)])


def _salutation_formulas() -> list[SalutationFormula]:
    formulas = []
    for code, _, rows in SALUTATIONS:
        for language, kind, formula, parts in rows:
            names = {f"name_{i}": part for i, part in enumerate(parts, start=1)}
            formulas.append(
                SalutationFormula(
                    salutation_code=code,
                    language_code=language,
                    salutation_type=kind,
                    formula=formula,
                    **names,
                )
            )
    return formulas


def add_marketing_setup(session: Session) -> None:
    """Written last: ``demo_data`` True means the load finished."""
    add_all(
        session,
        [
            MarketingSetup(
                id=1,
                segment_nos=SEGMENT_SERIES,
                contact_nos=CONTACT_SERIES,
                default_country_code="GB",
                default_language_code="EN",
                # Blank lets each interaction template decide how to reach a new contact.
                default_correspondence_type=CorrespondenceType.BLANK,
                def_company_salutation_code="COMPANY",
                default_person_salutation_code="UNISEX",
                mergefield_language_code="EN",
                sender_email="marketing@cronus-demo.example",
                sender_name="Cronus Demo Marketing",
                demo_data=True,
            )
        ],
    )


def add_classifications(session: Session) -> None:
    """Mailing groups, job responsibilities, industry groups, business relations and profile
    questionnaires with their question and answer lines."""
    add_all(session, (MailingGroup(code=c, description=d) for c, d in MAILING_GROUPS))
    add_all(
        session,
        (JobResponsibility(code=c, description=d) for c, d, _, _ in JOB_RESPONSIBILITIES),
    )
    add_all(session, (IndustryGroup(code=c, description=d) for c, d in INDUSTRY_GROUPS))
    add_all(session, (BusinessRelation(code=c, description=d) for c, d in BUSINESS_RELATIONS))
    add_all(
        session,
        (
            ProfileQuestionnaire(code=c, description=d, contact_type=t)
            for c, d, t, _ in PROFILE_QUESTIONNAIRES
        ),
    )
    lines = []
    for code, _, _, questions in PROFILE_QUESTIONNAIRES:
        line_no = 0
        for question, multiple, answers in questions:
            line_no += LINE_NO_STEP
            lines.append(
                ProfileQuestionnaireLine(
                    questionnaire_code=code,
                    line_no=line_no,
                    type=ProfileLineType.QUESTION,
                    description=question,
                    multiple_answers=multiple,
                )
            )
            for answer in answers:
                line_no += LINE_NO_STEP
                lines.append(
                    ProfileQuestionnaireLine(
                        questionnaire_code=code,
                        line_no=line_no,
                        type=ProfileLineType.ANSWER,
                        description=answer,
                    )
                )
    add_all(session, lines)


def profile_answer_lines() -> dict[str, list[list[int]]]:
    """Answer line numbers per questionnaire, one list per question, as add_classifications
    numbers them."""
    result: dict[str, list[list[int]]] = {}
    for code, _, _, questions in PROFILE_QUESTIONNAIRES:
        line_no = 0
        groups = []
        for _, _, answers in questions:
            line_no += LINE_NO_STEP
            groups.append([line_no + LINE_NO_STEP * (i + 1) for i in range(len(answers))])
            line_no += LINE_NO_STEP * len(answers)
        result[code] = groups
    return result

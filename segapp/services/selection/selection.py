"""Choosing contacts: Add, Reduce and Refine Contacts, Go Back, Save and Reuse Criteria, Reuse
Segment and Apply Mailing Group (bc-reference.md section 6).

Every step is set-based SQL: the contacts that match are found with EXISTS sub-queries (one per
filtered table, AND across tables, OR inside one filter), lines are written with one
INSERT ... SELECT and removed with one DELETE, and the journal of the step (criteria and history
rows) is written the same way. A step is journaled before it runs, like Business Central does, so
Go Back and Reuse Criteria can undo and replay it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Numeric,
    String,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from ...models import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    Evaluation,
    HistoryAction,
    InteractionLogEntry,
    LoggedSegment,
    MailingGroup,
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentLanguage,
    SegmentLine,
)
from ...models.types import utcnow
from ..core.errors import UserError
from ..core.jobs import Job, stage
from ..worksheet.worksheet import (
    LINE_NO_STEP,
    delete_content,
    get_header,
    header_rows,
    template_of,
)
from . import journal
from .filters import CODE, DATE, INT, TEXT, FieldType, compile_filter

CONTACT_TYPES = FieldType("enum", ("company", "person"))
EVALUATIONS = FieldType("enum", tuple(e.value for e in Evaluation if e.value))


@dataclass(frozen=True)
class TableSpec:
    """A filter tab of Add Contacts: the table, how its rows link to the candidate contact
    (``self``, ``contact``, ``company`` or ``interaction``) and the fields offered."""

    model: Any
    link: str
    fields: dict[str, FieldType]


TABLES: dict[str, TableSpec] = {
    "contact": TableSpec(
        Contact,
        "self",
        {
            "no": CODE,
            "search_name": TEXT,
            "type": CONTACT_TYPES,
            "salesperson_code": CODE,
            "post_code": CODE,
            "country_code": CODE,
            "territory_code": CODE,
            "city": TEXT,
            "language_code": CODE,
        },
    ),
    "contact_profile_answer": TableSpec(
        ContactProfileAnswer, "contact", {"questionnaire_code": CODE, "line_no": INT}
    ),
    "contact_mailing_group": TableSpec(
        ContactMailingGroup, "contact", {"mailing_group_code": CODE}
    ),
    "interaction_log_entry": TableSpec(
        InteractionLogEntry,
        "interaction",
        {
            "date": DATE,
            "segment_no": CODE,
            "campaign_no": CODE,
            "evaluation": EVALUATIONS,
            "interaction_template_code": CODE,
            "salesperson_code": CODE,
            "logged_segment_entry_no": INT,
        },
    ),
    "contact_job_responsibility": TableSpec(
        ContactJobResponsibility, "contact", {"job_responsibility_code": CODE}
    ),
    "contact_industry_group": TableSpec(
        ContactIndustryGroup, "company", {"industry_group_code": CODE}
    ),
    "contact_business_relation": TableSpec(
        ContactBusinessRelation, "company", {"business_relation_code": CODE}
    ),
}

Criteria = dict[str, dict[str, str]]


@dataclass(frozen=True)
class AddOptions:
    allow_existing_contacts: bool = False
    expand_companies: bool = False
    allow_related_companies: bool = False
    ignore_exclusion: bool = False


@dataclass(frozen=True)
class StepResult:
    action_no: int
    inserted: int = 0
    deleted: int = 0
    ask_reset_criteria: bool = False
    details: dict[str, Any] = field(default_factory=dict)


# -- filters -------------------------------------------------------------------------------------


def clean_criteria(criteria: Criteria) -> Criteria:
    """Only the filters that have a value, on known tables and fields (anything else refused)."""
    result: Criteria = {}
    for table, filters in criteria.items():
        spec = TABLES.get(table)
        if spec is None:
            raise UserError("error.filter_unknown_table", table=table)
        kept = {}
        for name, text in filters.items():
            if name not in spec.fields:
                raise UserError("error.filter_unknown_field", table=table, field=name)
            if str(text).strip():
                kept[name] = str(text).strip()
        if kept:
            result[table] = kept
    return result


def match_condition(contact: Any, criteria: Criteria) -> ColumnElement:
    """The condition a candidate contact must meet: its own filters, and for every other
    filtered table at least one linked row meeting that table's filters (reference 6.1)."""
    conditions: list[ColumnElement] = []
    for table, filters in criteria.items():
        spec = TABLES[table]
        if spec.link == "self":
            conditions += [
                compile_filter(getattr(contact, name), spec.fields[name], text, name)
                for name, text in filters.items()
            ]
            continue
        model = spec.model
        link = {
            "contact": model.contact_id == contact.id,
            "company": model.contact_id == contact.company_id,
            "interaction": model.contact_id == contact.id,
        }[spec.link]
        row_filters = [
            compile_filter(getattr(model, name), spec.fields[name], text, name)
            for name, text in filters.items()
        ]
        conditions.append(exists().where(link, *row_filters))
    return and_(true_(), *conditions)


def true_() -> ColumnElement:
    return literal(True, Boolean()) == literal(True, Boolean())


# -- line initialisation in SQL ------------------------------------------------------------------


def _line_values(session: Session, header: SegmentHeader, x: Any) -> dict[str, Any]:
    """Every column of a new line as a SQL expression over contact ``x``: the same values
    :func:`segapp.services.worksheet.worksheet.init_line` gives a line typed by hand
    (reference 5.1)."""
    template = template_of(session, header.interaction_template_code)
    rows = header_rows(session, header.id)
    blank = CorrespondenceType.BLANK
    contact_type = func.coalesce(x.correspondence_type, literal(""))
    if header.ignore_contact_corres_type and header.correspondence_type_default != blank:
        correspondence = literal(header.correspondence_type_default.value)
    elif template is not None and template.ignore_contact_corres_type:
        correspondence = literal(template.correspondence_type_default.value)
    elif template is not None:
        correspondence = case(
            (contact_type == literal(""), literal(template.correspondence_type_default.value)),
            else_=contact_type,
        )
    else:
        correspondence = contact_type
    default_language = literal(header.language_code_default, String())
    if rows:
        language = case(
            (col(x.language_code).in_(list(rows)), x.language_code), else_=default_language
        )
    else:
        language = default_language
    subject_cases = [
        (language == literal(code), literal(row.subject)) for code, row in rows.items()
    ]
    subject = (
        case(*subject_cases, else_=literal(header.subject_default))
        if subject_cases
        else literal(header.subject_default)
    )
    salesperson = (
        literal(header.salesperson_code) if header.salesperson_code else x.salesperson_code
    )
    return {
        "contact_id": x.id,
        "contact_company_id": x.company_id,
        "campaign_no": literal(header.campaign_no, String()),
        "salesperson_code": salesperson,
        "correspondence_type": correspondence,
        "interaction_template_code": literal(header.interaction_template_code, String()),
        "interaction_group_code": literal(header.interaction_group_code, String()),
        "cost": literal(header.unit_cost, Numeric(18, 2)),
        "duration": literal(header.unit_duration, Integer()),
        "campaign_response": literal(header.campaign_response, Boolean()),
        "campaign_target": literal(header.campaign_target, Boolean()),
        "information_flow": literal(header.information_flow.value),
        "initiated_by": literal(header.initiated_by.value),
        "evaluation": literal(""),
        "language_code": language,
        "description": literal(header.description),
        "subject": subject,
        "date": literal(header.date, Date()),
        "attempt_failed": literal(False, Boolean()),
        "send_word_doc_as_attmt": literal(header.send_word_docs_as_attmt, Boolean()),
        "contact_via": literal(""),
    }


def _last_line_no(session: Session, segment_id: int) -> int:
    return session.execute(
        select(func.coalesce(func.max(SegmentLine.line_no), 0)).where(
            SegmentLine.segment_id == segment_id
        )
    ).scalar_one()


def _insert_lines(
    session: Session,
    header: SegmentHeader,
    source: Any,
    order_by: list[Any],
    action_no: int | None,
    overrides: dict[str, Any] | None = None,
    x: Any = None,
    joins: list[tuple[Any, Any]] | None = None,
) -> int:
    """Appends one line per row of ``source`` (a SELECT over contact alias ``x``), numbered
    last + 10000, ... in ``order_by`` order, with their history rows (none when ``action_no``
    is None). Returns the count."""
    base = _last_line_no(session, header.id)
    values = {**_line_values(session, header, x), **(overrides or {})}
    number = literal(base, Integer()) + func.row_number().over(order_by=order_by) * LINE_NO_STEP
    columns = ["segment_id", "line_no", *values]
    select_stmt = source.with_only_columns(
        literal(header.id, Integer()), number, *values.values(), maintain_column_froms=True
    )
    for target, on in joins or []:
        select_stmt = select_stmt.outerjoin(target, on)
    inserted = session.execute(
        insert(SegmentLine.__table__).from_select(columns, select_stmt)
    ).rowcount
    if inserted < 0:  # the SQLite driver does not count statements that start with WITH
        inserted = session.execute(
            select(func.count()).where(
                SegmentLine.segment_id == header.id, SegmentLine.line_no > base
            )
        ).scalar_one()
    if action_no is None:
        return inserted
    session.execute(
        insert(SegmentHistory).from_select(
            ["segment_id", "action_no", "segment_line_no", "contact_id", "action_taken"],
            select(
                SegmentLine.segment_id,
                literal(action_no, Integer()),
                SegmentLine.line_no,
                SegmentLine.contact_id,
                literal(HistoryAction.INSERTION.value),
            ).where(SegmentLine.segment_id == header.id, SegmentLine.line_no > base),
        )
    )
    return inserted


def _contact_order(x: Any, company: Any) -> list[Any]:
    """Company Name, Company No., Type, Name (reference sections 6.1 and 10)."""
    return [
        func.coalesce(x.company_name, ""),
        func.coalesce(company.no, ""),
        x.type,
        x.name,
        x.no,
    ]


# -- Add Contacts --------------------------------------------------------------------------------


def _add_candidates(segment_id: int, criteria: Criteria, options: AddOptions) -> Any:
    """The ids of the contacts Add Contacts would insert (reference 6.1, post-processing)."""
    c = aliased(Contact, name="cand")
    matched = select(c.id, c.company_id, c.type).where(match_condition(c, criteria)).cte("matched")
    collected = matched
    if options.expand_companies:
        member = aliased(Contact, name="member")
        collected = union(
            select(member.id, member.company_id, member.type).where(
                col(member.company_id).in_(
                    select(matched.c.company_id).where(matched.c.company_id.is_not(None))
                )
            ),
            select(matched.c.id, matched.c.company_id, matched.c.type).where(
                matched.c.company_id.is_(None)
            ),
        ).cte("expanded")
    ids = select(collected.c.id)
    if options.allow_related_companies:
        ids = union(
            select(collected.c.id),
            select(collected.c.company_id).where(
                collected.c.type == "person", collected.c.company_id.is_not(None)
            ),
        )
    return ids


def _add_source(session: Session, segment_id: int, criteria: Criteria, options: AddOptions):
    x = aliased(Contact, name="x")
    company = aliased(Contact, name="company")
    conditions = [col(x.id).in_(_add_candidates(segment_id, criteria, options))]
    if not options.ignore_exclusion:
        conditions.append(col(x.exclude_from_segment).is_(False))
    if not options.allow_existing_contacts:
        conditions.append(
            ~exists().where(SegmentLine.segment_id == segment_id, SegmentLine.contact_id == x.id)
        )
    source = select(x.id).select_from(x).outerjoin(company, company.id == x.company_id)
    return source.where(*conditions), x, company


def count_add(session: Session, segment_id: int, criteria: Criteria, options: AddOptions) -> int:
    """How many contacts Add Contacts would insert: the same SQL as the action."""
    get_header(session, segment_id)
    source, _x, _company = _add_source(session, segment_id, clean_criteria(criteria), options)
    return session.execute(select(func.count()).select_from(source.subquery())).scalar_one()


def add_contacts(
    session: Session,
    segment_id: int,
    criteria: Criteria,
    options: AddOptions = AddOptions(),
    job: Job | None = None,
) -> StepResult:
    """Add Contacts (reference 6.1): journal first, then one INSERT ... SELECT."""
    stage(job, "job.adding_lines")
    header = get_header(session, segment_id)
    criteria = clean_criteria(criteria)
    source, x, company = _add_source(session, segment_id, criteria, options)
    action_no = journal.write_action(
        session,
        segment_id,
        CriteriaAction.ADD,
        criteria.items(),
        allow_existing_contacts=options.allow_existing_contacts,
        expand_contact=options.expand_companies,
        allow_company_with_persons=options.allow_related_companies,
        ignore_exclusion=options.ignore_exclusion,
    )
    inserted = _insert_lines(session, header, source, _contact_order(x, company), action_no, x=x)
    _touch(header, session)
    return StepResult(action_no, inserted=inserted)


# -- Reduce and Refine ---------------------------------------------------------------------------


def _matched_companies(segment_id: int, criteria: Criteria):
    """With Entire Companies (reference 6.2): every contact of a company of which any contact
    of the segment's lines matches, and the matching contacts themselves."""
    c = aliased(Contact, name="cand")
    on_line = aliased(SegmentLine, name="on_line")
    on_lines = select(on_line.contact_id).where(on_line.segment_id == segment_id)
    condition = match_condition(c, criteria)
    companies = select(on_line.contact_company_id).where(
        on_line.segment_id == segment_id, col(on_line.contact_company_id).is_not(None)
    )
    found = (
        select(c.id, c.company_id)
        .where(or_(col(c.company_id).in_(companies), col(c.id).in_(on_lines)), condition)
        .cte("found")
    )
    member = aliased(Contact, name="member")
    return union(
        select(member.id).where(
            col(member.company_id).in_(
                select(found.c.company_id).where(found.c.company_id.is_not(None))
            )
        ),
        select(found.c.id),
    )


def _doomed(segment_id: int, criteria: Criteria, refine: bool, entire: bool) -> ColumnElement:
    """The lines Reduce removes (their contact matches) or Refine removes (it does not), as an
    EXISTS on the line's contact: a look-up by key per line or one hashed pass, whatever the
    database's statistics say (a NOT IN may be run as a scan of every match for every line)."""
    if entire:
        matched = _matched_companies(segment_id, criteria).subquery("matched")
        matches = exists().where(matched.c.id == SegmentLine.contact_id)
    else:
        c = aliased(Contact, name="cand")
        matches = exists().where(c.id == SegmentLine.contact_id, match_condition(c, criteria))
    if not refine:
        return matches
    return or_(col(SegmentLine.contact_id).is_(None), ~matches)


def count_remove(
    session: Session, segment_id: int, criteria: Criteria, refine: bool, entire_companies: bool
) -> int:
    """How many lines Reduce (or Refine) would remove: the same SQL as the action."""
    get_header(session, segment_id)
    doomed = _doomed(segment_id, clean_criteria(criteria), refine, entire_companies)
    return session.execute(
        select(func.count())
        .select_from(SegmentLine)
        .where(SegmentLine.segment_id == segment_id, doomed)
    ).scalar_one()


def remove_contacts(
    session: Session,
    segment_id: int,
    criteria: Criteria,
    *,
    refine: bool,
    entire_companies: bool = False,
    job: Job | None = None,
) -> StepResult:
    """Reduce (remove those that match) or Refine (keep only those that match), reference 6.2."""
    stage(job, "job.removing_lines")
    header = get_header(session, segment_id)
    criteria = clean_criteria(criteria)
    doomed = _doomed(segment_id, criteria, refine, entire_companies)
    action = CriteriaAction.REFINE if refine else CriteriaAction.REDUCE
    action_no = journal.write_action(
        session, segment_id, action, criteria.items(), entire_companies=entire_companies
    )
    deleted = _delete_lines_where(session, segment_id, action_no, doomed)
    _touch(header, session)
    return StepResult(
        action_no, deleted=deleted, ask_reset_criteria=_ask_reset(session, segment_id)
    )


def _delete_lines_where(
    session: Session, segment_id: int, action_no: int | None, condition: ColumnElement
) -> int:
    """Deletes the lines meeting ``condition`` with their own content (reference 5.7), writing
    a Deletion history row for each when ``action_no`` is given."""
    doomed = select(SegmentLine.line_no).where(SegmentLine.segment_id == segment_id, condition)
    if action_no is not None:
        session.execute(
            insert(SegmentHistory).from_select(
                ["segment_id", "action_no", "segment_line_no", "contact_id", "action_taken"],
                select(
                    SegmentLine.segment_id,
                    literal(action_no, Integer()),
                    SegmentLine.line_no,
                    SegmentLine.contact_id,
                    literal(HistoryAction.DELETION.value),
                ).where(
                    SegmentLine.segment_id == segment_id,
                    condition,
                    col(SegmentLine.contact_id).is_not(None),
                ),
            )
        )
    if _has_own_content(session, segment_id):
        delete_content(session, segment_id, doomed)
    return session.execute(
        delete(SegmentLine)
        .where(SegmentLine.segment_id == segment_id, condition)
        .execution_options(synchronize_session=False)
    ).rowcount


def _has_own_content(session: Session, segment_id: int) -> bool:
    """Whether some line of the segment has letters of its own (reference 5.7)."""
    return session.execute(
        select(
            exists().where(
                SegmentLanguage.segment_id == segment_id, SegmentLanguage.segment_line_no != 0
            )
        )
    ).scalar()


def _ask_reset(session: Session, segment_id: int) -> bool:
    empty = not session.execute(
        select(SegmentLine.id).where(SegmentLine.segment_id == segment_id).limit(1)
    ).first()
    return empty and journal.action_count(session, segment_id) > 1


def _touch(header: SegmentHeader, session: Session) -> None:
    header.modified_at = utcnow()
    session.add(header)
    session.flush()


# -- Go Back -------------------------------------------------------------------------------------


def go_back(session: Session, segment_id: int, job: Job | None = None) -> StepResult:
    """Undoes the last step (reference 6.3): contacts it inserted leave the segment, contacts
    it deleted come back at the end (initialised from the header again), and the step's
    criteria and history rows are deleted."""
    header = get_header(session, segment_id)
    action_no = journal.action_count(session, segment_id)
    if action_no == 0:
        raise UserError("error.nothing_to_undo")
    stage(job, "job.go_back_removing")
    deleted = _undo_insertions(session, segment_id, action_no)
    stage(job, "job.go_back_restoring", deleted, deleted)
    h = aliased(SegmentHistory, name="h")
    x = aliased(Contact, name="x")
    source = (
        select(x.id)
        .select_from(h)
        .join(x, x.id == h.contact_id)
        .where(
            h.segment_id == segment_id,
            h.action_no == action_no,
            h.action_taken == HistoryAction.DELETION,
        )
    )
    restored = _insert_lines(session, header, source, [h.segment_line_no], None, x=x)
    stage(job, "job.go_back_journal")
    session.execute(
        delete(SegmentHistory).where(
            SegmentHistory.segment_id == segment_id, SegmentHistory.action_no == action_no
        )
    )
    last_action_line = session.execute(
        select(func.max(SegmentCriteriaLine.line_no)).where(
            SegmentCriteriaLine.segment_id == segment_id,
            SegmentCriteriaLine.type == CriteriaLineType.ACTION,
        )
    ).scalar_one()
    session.execute(
        delete(SegmentCriteriaLine).where(
            SegmentCriteriaLine.segment_id == segment_id,
            SegmentCriteriaLine.line_no >= last_action_line,
        )
    )
    _touch(header, session)
    return StepResult(action_no, inserted=restored, deleted=deleted)


def _undo_insertions(session: Session, segment_id: int, action_no: int) -> int:
    """Removes the lines the step inserted, in one DELETE: the very lines its history names,
    and for a line that has moved since (deleted and brought back by another Go Back) as many
    other lines of that contact as moved, latest first. Lines of the same contact added by
    other steps stay, unlike Business Central, which removes every line of the contact and so
    cannot give back a segment with duplicates.

    Per contact, its lines on the segment are ranked the very lines of the step first, then
    latest first, and as many as the step inserted go. The lines and the step's history rows
    are read once each and ranked together, and the lines go by id: the plan stays linear
    however wrong the database's estimates are for a segment just filled."""
    h = aliased(SegmentHistory, name="h")
    step = (
        (h.segment_id == segment_id)
        & (h.action_no == action_no)
        & (h.action_taken == HistoryAction.INSERTION)
    )
    line = aliased(SegmentLine, name="l")
    exact = exists().where(step, h.segment_line_no == line.line_no, h.contact_id == line.contact_id)
    lines = select(
        line.id.label("id"),
        line.contact_id.label("contact_id"),
        line.line_no.label("line_no"),
        case((exact, 1), else_=0).label("exact"),
        literal(0, Integer()).label("inserted"),
    ).where(line.segment_id == segment_id, col(line.contact_id).is_not(None))
    history = select(
        literal(None, Integer()),
        h.contact_id,
        h.segment_line_no,
        literal(0, Integer()),
        literal(1, Integer()),
    ).where(step)
    both = union_all(lines, history).subquery("both")
    ranked = select(
        both.c.id,
        func.row_number()
        .over(
            partition_by=[both.c.contact_id, both.c.inserted],
            order_by=[both.c.exact.desc(), both.c.line_no.desc()],
        )
        .label("rank"),
        func.sum(both.c.inserted).over(partition_by=both.c.contact_id).label("inserted"),
    ).subquery("ranked")
    doomed = select(ranked.c.id).where(ranked.c.id.is_not(None), ranked.c.rank <= ranked.c.inserted)
    if _has_own_content(session, segment_id):
        delete_content(
            session,
            segment_id,
            select(SegmentLine.line_no).where(col(SegmentLine.id).in_(doomed)),
        )
    return session.execute(
        delete(SegmentLine)
        .where(col(SegmentLine.id).in_(doomed))
        .execution_options(synchronize_session=False)
    ).rowcount


# -- Saved criteria ------------------------------------------------------------------------------


def save_criteria(
    session: Session, segment_id: int, code: str, description: str, user_id: int | None
) -> SavedSegmentCriteria:
    """Save Criteria (reference 6.4): the segment's criteria lines copied under a new code."""
    get_header(session, segment_id)
    code = code.strip().upper()
    if not code:
        raise UserError("error.criteria_code_required")
    if len(code) > 10:
        raise UserError("error.too_long", field="field.code", max=10)
    if len(description) > 100:
        raise UserError("error.too_long", field="field.description", max=100)
    if journal.action_count(session, segment_id) == 0:
        raise UserError("error.no_criteria_actions")
    if session.get(SavedSegmentCriteria, code) is not None:
        raise UserError("error.criteria_exists", code=code)
    saved = SavedSegmentCriteria(code=code, description=description.strip(), user_id=user_id)
    session.add(saved)
    session.flush()
    for line in session.execute(
        select(SegmentCriteriaLine)
        .where(SegmentCriteriaLine.segment_id == segment_id)
        .order_by(SegmentCriteriaLine.line_no)
    ).scalars():
        session.add(
            SavedSegmentCriteriaLine(
                criteria_code=code,
                **line.model_dump(exclude={"segment_id"}),
            )
        )
    session.flush()
    return saved


def steps_of(lines: list[Any]) -> list[tuple[Any, Criteria]]:
    """Action rows with the filters of the rows that follow them."""
    steps: list[tuple[Any, Criteria]] = []
    for line in lines:
        if line.type == CriteriaLineType.ACTION:
            steps.append((line, {}))
        elif steps:
            steps[-1][1].setdefault(line.table_name, {}).update(line.filters)
    return steps


def reuse_criteria(
    session: Session, segment_id: int, code: str, job: Job | None = None
) -> list[StepResult]:
    """Reuse Criteria (reference 6.5): replays every saved step on this segment, each writing
    its own criteria and history. The [quirk] is fixed: Refine honours Entire Companies."""
    get_header(session, segment_id)
    saved = session.get(SavedSegmentCriteria, code.strip().upper())
    if saved is None:
        raise UserError("error.criteria_unknown", code=code)
    lines = list(
        session.execute(
            select(SavedSegmentCriteriaLine)
            .where(SavedSegmentCriteriaLine.criteria_code == saved.code)
            .order_by(SavedSegmentCriteriaLine.line_no)
        ).scalars()
    )
    steps = steps_of(lines)
    results = []
    for number, (action, criteria) in enumerate(steps):
        stage(job, "job.replaying_step", number + 1, len(steps))
        results.append(replay(session, segment_id, action, criteria))
    return results


def replay(session: Session, segment_id: int, action: Any, criteria: Criteria) -> StepResult:
    if action.action == CriteriaAction.ADD:
        return add_contacts(
            session,
            segment_id,
            criteria,
            AddOptions(
                allow_existing_contacts=action.allow_existing_contacts,
                expand_companies=action.expand_contact,
                allow_related_companies=action.allow_company_with_persons,
                ignore_exclusion=action.ignore_exclusion,
            ),
        )
    return remove_contacts(
        session,
        segment_id,
        criteria,
        refine=action.action == CriteriaAction.REFINE,
        entire_companies=action.entire_companies,
    )


def saved_criteria_list(session: Session) -> list[tuple[str, str, int]]:
    """(code, description, no. of actions) of every saved criteria."""
    actions = (
        select(func.count())
        .where(
            SavedSegmentCriteriaLine.criteria_code == SavedSegmentCriteria.code,
            SavedSegmentCriteriaLine.type == CriteriaLineType.ACTION,
        )
        .correlate(SavedSegmentCriteria)
        .scalar_subquery()
    )
    return [
        (r[0], r[1], r[2])
        for r in session.execute(
            select(SavedSegmentCriteria.code, SavedSegmentCriteria.description, actions).order_by(
                SavedSegmentCriteria.code
            )
        )
    ]


# -- Reuse Segment and Apply Mailing Group -------------------------------------------------------


def reuse_segment(
    session: Session, segment_id: int, logged_entry_no: int, job: Job | None = None
) -> StepResult:
    """Reuse Segment (reference 6.6): one line per entry of the logged segment, with the
    entry's campaign; journaled as Add Contacts on the logged segment's entries."""
    header = get_header(session, segment_id)
    if session.get(LoggedSegment, logged_entry_no) is None:
        raise UserError("error.logged_segment_unknown", entry_no=logged_entry_no)
    action_no = journal.write_action(
        session,
        segment_id,
        CriteriaAction.ADD,
        [("interaction_log_entry", {"logged_segment_entry_no": str(logged_entry_no)})],
        allow_existing_contacts=True,
    )
    stage(job, "job.adding_lines")
    entry = aliased(InteractionLogEntry, name="entry")
    x = aliased(Contact, name="x")
    source = (
        select(x.id)
        .select_from(entry)
        .join(x, x.id == entry.contact_id)
        .where(entry.logged_segment_entry_no == logged_entry_no)
    )
    inserted = _insert_lines(
        session,
        header,
        source,
        [entry.entry_no],
        action_no,
        overrides={"campaign_no": entry.campaign_no},
        x=x,
    )
    _touch(header, session)
    return StepResult(action_no, inserted=inserted)


def apply_mailing_group(
    session: Session,
    segment_id: int,
    group_code: str,
    delete_old: bool = False,
    job: Job | None = None,
) -> int:
    """Apply Mailing Group (reference 6.7): the group on every contact of the segment; with
    "delete old assignments" it is first removed from every contact. Returns how many contacts
    received it."""
    get_header(session, segment_id)
    code = group_code.strip().upper()
    if not code:
        raise UserError("error.mailing_group_required")
    if session.get(MailingGroup, code) is None:
        raise UserError("error.mailing_group_unknown", code=code)
    stage(job, "job.applying_mailing_group")
    if delete_old:
        session.execute(
            delete(ContactMailingGroup).where(ContactMailingGroup.mailing_group_code == code)
        )
    contacts = (
        select(SegmentLine.contact_id)
        .where(
            SegmentLine.segment_id == segment_id,
            col(SegmentLine.contact_id).is_not(None),
            ~exists().where(
                ContactMailingGroup.contact_id == SegmentLine.contact_id,
                ContactMailingGroup.mailing_group_code == code,
            ),
        )
        .distinct()
    )
    count = session.execute(select(func.count()).select_from(contacts.subquery())).scalar_one()
    session.execute(
        insert(ContactMailingGroup).from_select(
            ["contact_id", "mailing_group_code"],
            select(contacts.subquery().c.contact_id, literal(code)),
        )
    )
    return count


# -- the journal in words ------------------------------------------------------------------------


def criteria_steps(
    session: Session, segment_id: int
) -> list[tuple[int, str, Criteria, dict[str, bool]]]:
    """The segment's steps for the criteria list: (action no., action, filters per table,
    options)."""
    lines = list(
        session.execute(
            select(SegmentCriteriaLine)
            .where(SegmentCriteriaLine.segment_id == segment_id)
            .order_by(SegmentCriteriaLine.line_no)
        ).scalars()
    )
    result = []
    for number, (action, criteria) in enumerate(steps_of(lines), start=1):
        flags = {
            "allow_existing_contacts": action.allow_existing_contacts,
            "expand_companies": action.expand_contact,
            "allow_related_companies": action.allow_company_with_persons,
            "ignore_exclusion": action.ignore_exclusion,
            "entire_companies": action.entire_companies,
        }
        result.append((number, action.action.value, criteria, flags))
    return result

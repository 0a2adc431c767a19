"""The Setup windows as data: each coded table is described once (its fields, kinds and rules)
and one generic list + form serves them all. Codes are upper-case and unique as in Business
Central; a record cannot be deleted while another table refers to it (found from the foreign
keys of the schema, so a new reference is guarded without code here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from sqlalchemy import and_, delete, func, or_
from sqlmodel import Session, SQLModel, col, select

from ...models import (
    BusinessRelation,
    Campaign,
    CompanyInformation,
    CorrespondenceType,
    Country,
    IndustryGroup,
    InformationFlow,
    InitiatedBy,
    InteractionGroup,
    InteractionTemplate,
    InteractionTemplateLanguage,
    InteractionTemplateSetup,
    JobResponsibility,
    Language,
    MailingGroup,
    MarketingSetup,
    NoSeries,
    ProfileContactType,
    ProfileLineType,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    Salesperson,
    Salutation,
    SalutationFormula,
    SalutationPart,
    SalutationType,
    Territory,
    WizardAction,
)
from ..core.errors import UserError
from ..core.inputs import search_text
from ..core.paging import Page, clamp
from ..delivery.message import valid_address
from ..letters.documents import delete_if_unused

KEY_SEPARATOR = "|"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str = "text"  # code, text, bool, int, decimal, date, enum, ref
    length: int = 100
    required: bool = False
    key: bool = False
    ref: type[SQLModel] | None = None
    enum: type[Enum] | None = None
    enum_key: str = ""
    in_list: bool = True
    minimum: int | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[SQLModel]
    fields: tuple[FieldSpec, ...]
    singleton: bool = False
    parent_field: str = ""  # the key field that points to the parent record
    children: tuple[str, ...] = ()  # tables whose rows belong to a record of this one
    checks: tuple[Any, ...] = field(default=())
    # tables outside Setup whose rows belong to a record of this one (the first key column
    # points to it): deleted with it, with the documents they hold, and never counted as uses
    owned: tuple[type[SQLModel], ...] = ()

    @property
    def key_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.key)

    @property
    def list_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.in_list)


def _code(name: str = "code", length: int = 10, **kw) -> FieldSpec:
    return FieldSpec(name, "code", length, required=True, key=True, **kw)


def _text(name: str, length: int = 100, **kw) -> FieldSpec:
    return FieldSpec(name, "text", length, **kw)


def _ref(name: str, model: type[SQLModel], **kw) -> FieldSpec:
    return FieldSpec(name, "ref", 20, ref=model, **kw)


def _bool(name: str, **kw) -> FieldSpec:
    return FieldSpec(name, "bool", in_list=kw.pop("in_list", False), **kw)


def _enum(name: str, enum: type[Enum], enum_key: str, **kw) -> FieldSpec:
    return FieldSpec(name, "enum", 20, enum=enum, enum_key=enum_key, **kw)


def _campaign_dates(values: dict[str, Any]) -> None:
    start, end = values.get("starting_date"), values.get("ending_date")
    if start and end and end < start:
        raise UserError("error.setup.dates_order")


def _no_series_digits(values: dict[str, Any]) -> None:
    for name in ("starting_no", "ending_no", "last_no_used"):
        value = values.get(name) or ""
        if value and not any(ch.isdigit() for ch in value):
            raise UserError("error.setup.no_digits", field=name)


def _sender(values: dict[str, Any]) -> None:
    """The sender of e-mails (From and Reply-To): blank, or one plain address."""
    if "sender_email" in values:
        address = (values["sender_email"] or "").strip()
        if address and not valid_address(address):
            raise UserError("error.setup.sender_email")
        values["sender_email"] = address
    if "sender_name" in values:
        values["sender_name"] = " ".join((values["sender_name"] or "").split())


SIMPLE = (_code(), _text("description"))

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "salespeople",
            Salesperson,
            (
                _code(length=20),
                _text("name", 50),
                _text("job_title", 30),
                _text("phone_no", 30),
                _text("email", 80),
                _bool("blocked", in_list=True),
            ),
        ),
        TableSpec(
            "campaigns",
            Campaign,
            (
                _code("no", 20),
                _text("description"),
                FieldSpec("starting_date", "date"),
                FieldSpec("ending_date", "date"),
                _ref("salesperson_code", Salesperson),
                _bool("activated", in_list=True),
            ),
            checks=(_campaign_dates,),
        ),
        TableSpec("interaction_groups", InteractionGroup, SIMPLE),
        TableSpec(
            "interaction_templates",
            InteractionTemplate,
            (
                _code(),
                _ref("interaction_group_code", InteractionGroup, required=True),
                _text("description"),
                FieldSpec("unit_cost", "decimal", minimum=0),
                FieldSpec("unit_duration", "int", minimum=0),
                _enum("information_flow", InformationFlow, "information_flow", in_list=False),
                _enum("initiated_by", InitiatedBy, "initiated_by", in_list=False),
                _ref("campaign_no", Campaign, in_list=False),
                _bool("campaign_target"),
                _bool("campaign_response"),
                _enum("correspondence_type_default", CorrespondenceType, "correspondence_type"),
                _bool("ignore_contact_corres_type"),
                _ref("language_code_default", Language),
                _enum("wizard_action", WizardAction, "wizard_action", in_list=False),
            ),
            owned=(InteractionTemplateLanguage,),
        ),
        TableSpec("mailing_groups", MailingGroup, SIMPLE),
        TableSpec("job_responsibilities", JobResponsibility, SIMPLE),
        TableSpec("industry_groups", IndustryGroup, SIMPLE),
        TableSpec("business_relations", BusinessRelation, SIMPLE),
        TableSpec(
            "profile_questionnaires",
            ProfileQuestionnaire,
            (
                _code(),
                _text("description"),
                _enum("contact_type", ProfileContactType, "profile_contact_type"),
                FieldSpec("priority", "int", minimum=0),
            ),
            children=("profile_lines",),
        ),
        TableSpec(
            "profile_lines",
            ProfileQuestionnaireLine,
            (
                _ref("questionnaire_code", ProfileQuestionnaire, required=True, key=True),
                FieldSpec("line_no", "int", required=True, key=True, minimum=1),
                _enum("type", ProfileLineType, "profile_line_type"),
                _text("description", 250),
                _bool("multiple_answers", in_list=True),
            ),
            parent_field="questionnaire_code",
        ),
        TableSpec("salutations", Salutation, SIMPLE, children=("salutation_formulas",)),
        TableSpec(
            "salutation_formulas",
            SalutationFormula,
            (
                _ref("salutation_code", Salutation, required=True, key=True),
                _ref("language_code", Language, required=True, key=True),
                _enum("salutation_type", SalutationType, "salutation_type", key=True),
                _text("formula", 50),
                *(
                    _enum(f"name_{i}", SalutationPart, "salutation_part", in_list=i <= 2)
                    for i in range(1, 6)
                ),
            ),
            parent_field="salutation_code",
        ),
        TableSpec("languages", Language, (_code(), _text("name", 50))),
        TableSpec("countries", Country, (_code(), _text("name", 50))),
        TableSpec("territories", Territory, (_code(), _text("name", 50))),
        TableSpec(
            "no_series",
            NoSeries,
            (
                _code(length=20),
                _text("description"),
                FieldSpec("starting_no", "code", 20, required=True),
                FieldSpec("ending_no", "code", 20),
                FieldSpec("last_no_used", "code", 20),
                FieldSpec("increment_by", "int", minimum=1, in_list=False),
                _bool("manual_nos"),
            ),
            checks=(_no_series_digits,),
        ),
        TableSpec(
            "marketing_setup",
            MarketingSetup,
            (
                _ref("segment_nos", NoSeries),
                _ref("contact_nos", NoSeries),
                _ref("default_salesperson_code", Salesperson),
                _ref("default_territory_code", Territory),
                _ref("default_country_code", Country),
                _ref("default_language_code", Language),
                _enum("default_correspondence_type", CorrespondenceType, "correspondence_type"),
                _ref("def_company_salutation_code", Salutation),
                _ref("default_person_salutation_code", Salutation),
                _bool("inherit_salesperson_code"),
                _bool("inherit_territory_code"),
                _bool("inherit_country_code"),
                _bool("inherit_language_code"),
                _bool("inherit_address_details"),
                _bool("inherit_communication_details"),
                _ref("mergefield_language_code", Language),
                _text("sender_email", 80, in_list=False),
                _text("sender_name", 100, in_list=False),
            ),
            singleton=True,
            checks=(_sender,),
        ),
        TableSpec(
            "interaction_template_setup",
            InteractionTemplateSetup,
            (_ref("outg_calls", InteractionTemplate),),
            singleton=True,
        ),
        TableSpec(
            "company_information",
            CompanyInformation,
            (
                _text("name", 100),
                _text("name_2", 50),
                _text("address", 100),
                _text("address_2", 50),
                FieldSpec("post_code", "code", 20),
                _text("city", 30),
                _text("county", 30),
                _ref("country_code", Country),
                _text("phone_no", 30),
                _text("fax_no", 30),
                _text("email", 80),
                _text("home_page", 80),
                _text("vat_registration_no", 20),
                _text("registration_no", 50),
                _text("bank_name", 100),
                _text("bank_branch_no", 20),
                _text("bank_account_no", 30),
                _text("giro_no", 20),
            ),
            singleton=True,
        ),
    )
}


def table(name: str) -> TableSpec:
    spec = TABLES.get(name)
    if spec is None:
        raise UserError("error.setup.unknown_table", table=name)
    return spec


# --- Display ------------------------------------------------------------------------------------


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def encode_key(values: list[Any]) -> str:
    return KEY_SEPARATOR.join(display(v) for v in values)


def _key_of(spec: TableSpec, row: SQLModel) -> str:
    return encode_key([getattr(row, f.name) for f in spec.key_fields])


def _key_values(spec: TableSpec, key: str) -> dict[str, Any]:
    parts = (key or "").split(KEY_SEPARATOR)
    if len(parts) != len(spec.key_fields):
        raise UserError("error.setup.not_found", key=key)
    values: dict[str, Any] = {}
    for f, part in zip(spec.key_fields, parts, strict=True):
        values[f.name] = _parse(f, part)
    return values


def _pk(spec: TableSpec, values: dict[str, Any]) -> Any:
    keys = [values[f.name] for f in spec.key_fields]
    return keys[0] if len(keys) == 1 else tuple(keys)


def list_rows(
    session: Session,
    spec: TableSpec,
    page: int = 1,
    page_size: int = 50,
    parent: str = "",
    search: str = "",
) -> Page[tuple[str, list[str]]]:
    """One page of a table's records as (key, display cells), ordered by key."""
    page, page_size = clamp(page, page_size)
    model = spec.model
    conditions = []
    if spec.parent_field and parent:
        conditions.append(getattr(model, spec.parent_field) == parent)
    part = search_text(search, 50)
    if part:
        text_fields = [f for f in spec.fields if f.kind in ("code", "text")]
        if text_fields:
            conditions.append(_any_like(model, text_fields, f"%{part}%"))
    total = session.exec(select(func.count()).select_from(model).where(*conditions)).one()
    order = [getattr(model, f.name) for f in spec.key_fields]
    rows = session.exec(
        select(model)
        .where(*conditions)
        .order_by(*order)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [
            (_key_of(spec, row), [_list_cell(f, getattr(row, f.name)) for f in spec.list_fields])
            for row in rows
        ],
        total,
        page,
        page_size,
    )


def _list_cell(f: FieldSpec, value: Any) -> str:
    if f.kind == "bool":
        return "✓" if value else ""
    return display(value)


def _any_like(model: type[SQLModel], fields: list[FieldSpec], pattern: str):
    return or_(*(col(getattr(model, f.name)).ilike(pattern) for f in fields))


def get_values(session: Session, spec: TableSpec, key: str) -> dict[str, str]:
    """A record's fields as display strings (a singleton's only record, made if missing)."""
    row = _get(session, spec, key)
    return {f.name: display(getattr(row, f.name)) for f in spec.fields}


def _get(session: Session, spec: TableSpec, key: str) -> SQLModel:
    if spec.singleton:
        return session.get(spec.model, 1) or spec.model(id=1)
    row = session.get(spec.model, _pk(spec, _key_values(spec, key)))
    if row is None:
        raise UserError("error.setup.not_found", key=key)
    return row


# --- Validation and saving ----------------------------------------------------------------------


def _parse(f: FieldSpec, raw: Any) -> Any:
    """A submitted value as the column's type, or UserError naming the field."""
    if f.kind == "bool":
        return raw is True or str(raw or "").strip().lower() in ("1", "on", "true", "yes")
    text = "" if raw is None else str(raw).strip()
    if f.kind in ("code", "ref"):
        text = text.upper()
        if KEY_SEPARATOR in text:
            raise UserError("error.setup.code_chars", field=f.name)
    if f.kind in ("code", "text", "ref"):
        if len(text) > f.length:
            raise UserError("error.setup.too_long", field=f.name, max=f.length)
        if f.required and not text:
            raise UserError("error.setup.required", field=f.name)
        return (text or None) if f.kind == "ref" else text
    if f.kind == "enum":
        try:
            return f.enum(text)
        except ValueError as exc:
            raise UserError("error.setup.invalid_choice", field=f.name) from exc
    if not text:
        if f.required:
            raise UserError("error.setup.required", field=f.name)
        return None if f.kind == "date" else (Decimal("0") if f.kind == "decimal" else 0)
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise UserError("error.setup.not_date", field=f.name) from exc
    try:
        number = Decimal(text.replace(",", ".")) if f.kind == "decimal" else int(text)
    except (ValueError, InvalidOperation) as exc:
        raise UserError("error.setup.not_number", field=f.name) from exc
    if f.minimum is not None and number < f.minimum:
        raise UserError("error.setup.too_small", field=f.name, min=f.minimum)
    return number


def save(session: Session, spec: TableSpec, key: str, values: dict[str, Any]) -> str:
    """Creates (``key`` blank) or updates a record; returns its key. Key fields of an existing
    record cannot change."""
    parsed: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind == "bool":
            parsed[f.name] = _parse(f, values.get(f.name))
        elif f.name in values:
            parsed[f.name] = _parse(f, values[f.name])
        elif f.required and not (key and f.key):
            raise UserError("error.setup.required", field=f.name)
    for f in spec.fields:
        code = parsed.get(f.name) if f.kind == "ref" else None
        if code is not None and session.get(f.ref, code) is None:
            raise UserError("error.setup.unknown_ref", field=f.name, code=code)
    for check in spec.checks:
        check(parsed)
    if spec.singleton:
        row = _get(session, spec, "")
    elif key:
        row = _get(session, spec, key)
        for f in spec.key_fields:
            parsed.pop(f.name, None)
    else:
        missing = [f for f in spec.key_fields if f.name not in parsed]
        if missing:
            raise UserError("error.setup.required", field=missing[0].name)
        if session.get(spec.model, _pk(spec, parsed)) is not None:
            raise UserError("error.setup.exists", code=encode_key(_pk_list(spec, parsed)))
        row = spec.model()
    for name, value in parsed.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return "" if spec.singleton else _key_of(spec, row)


def _pk_list(spec: TableSpec, values: dict[str, Any]) -> list[Any]:
    return [values[f.name] for f in spec.key_fields]


# --- Deleting -----------------------------------------------------------------------------------


def _references(spec: TableSpec) -> list[tuple[Any, Any]]:
    """(referencing table, foreign key constraint) of every foreign key to ``spec``'s table."""
    target = spec.model.__table__
    found = []
    for other in SQLModel.metadata.sorted_tables:
        for fk in other.foreign_key_constraints:
            if fk.referred_table is target:
                found.append((other, fk))
    return found


def _owned_condition(model: type[SQLModel], spec: TableSpec, row: SQLModel):
    """The rows of ``model`` that belong to ``row`` (their foreign key to ``spec``'s table)."""
    for fk in model.__table__.foreign_key_constraints:  # type: ignore[attr-defined]
        if fk.referred_table is spec.model.__table__:
            return and_(
                *(
                    element.parent == getattr(row, element.column.name)
                    for element in fk.elements  # type: ignore[attr-defined]
                )
            )
    raise ValueError(f"{model.__name__} does not refer to {spec.name}")


def usage(session: Session, spec: TableSpec, row: SQLModel) -> tuple[str, int] | None:
    """The first table that refers to ``row`` and how many of its rows do, or None. Rows the
    record owns (its children, a template's letters per language) are not uses."""
    owned = {TABLES[c].model.__table__ for c in spec.children}
    owned |= {model.__table__ for model in spec.owned}  # type: ignore[attr-defined]
    for other, fk in _references(spec):
        if other in owned:
            continue
        condition = and_(
            *(
                element.parent == getattr(row, element.column.name)
                for element in fk.elements  # type: ignore[attr-defined]
            )
        )
        count = session.execute(select(func.count()).select_from(other).where(condition)).scalar()
        if count:
            return other.name, int(count)
    for child_name in spec.children:
        child = TABLES[child_name]
        parent_column = getattr(child.model, child.parent_field)
        children = session.exec(
            select(child.model).where(parent_column == _key_of(spec, row))
        ).all()
        for child_row in children:
            used = usage(session, child, child_row)
            if used:
                return used
    return None


def owned_documents(session: Session, spec: TableSpec, key: str) -> int:
    """How many documents (a template's letters) go with the record when it is deleted: the
    UI says so before asking."""
    row = _get(session, spec, key)
    total = 0
    for model in spec.owned:
        if hasattr(model, "document_id"):
            total += session.execute(
                select(func.count())
                .select_from(model)
                .where(_owned_condition(model, spec, row), col(model.document_id).is_not(None))
            ).scalar_one()
    return total


def check_deletable(session: Session, spec: TableSpec, key: str) -> None:
    """Refuses deleting a singleton or a record something else refers to (reference 2.3:
    a template used by segments, their lines or interaction log entries)."""
    if spec.singleton:
        raise UserError("error.setup.singleton")
    used = usage(session, spec, _get(session, spec, key))
    if used:
        raise UserError("error.setup.in_use", code=key, table=used[0], count=used[1])


def delete_row(session: Session, spec: TableSpec, key: str) -> None:
    """Deletes a record and the rows it owns (children, a template's language rows and their
    letters, reference section 2.3); refused while anything else refers to it."""
    check_deletable(session, spec, key)
    row = _get(session, spec, key)
    for child_name in spec.children:
        child = TABLES[child_name]
        session.execute(
            delete(child.model).where(col(getattr(child.model, child.parent_field)) == key)
        )
    documents: list[int] = []
    for model in spec.owned:
        condition = _owned_condition(model, spec, row)
        if hasattr(model, "document_id"):
            documents += session.execute(
                select(model.document_id).where(condition, col(model.document_id).is_not(None))
            ).scalars()
        session.execute(delete(model).where(condition))
    session.delete(row)
    session.flush()
    for document_id in documents:
        delete_if_unused(session, document_id)
    session.flush()

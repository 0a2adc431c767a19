"""The contact list: search on part of a name, no., city or e-mail, filters, sort and paging,
all done in SQL (PRODUCT.md section 1). The same query feeds the CSV export of the list view."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from ...models import Contact, ContactMailingGroup, ContactType
from ..core.inputs import code_text, search_text
from ..core.paging import Page, clamp

SEARCH_MAX = 100

# Sort keys offered by the list; every sort ends with the contact no. so pages are stable.
SORTS = {
    "no": Contact.no,
    "name": Contact.search_name,
    "company_name": Contact.company_name,
    "city": Contact.city,
    "post_code": Contact.post_code,
    "salesperson_code": Contact.salesperson_code,
    "email": Contact.email,
}


@dataclass(frozen=True)
class ContactFilter:
    """What the user typed and picked above the list; blank means no filter."""

    search: str = ""
    type: str = ""
    company_no: str = ""
    salesperson_code: str = ""
    mailing_group_code: str = ""
    sort: str = "no"
    descending: bool = False


@dataclass(frozen=True)
class ContactRow:
    no: str
    type: str
    name: str
    company_no: str
    company_name: str
    city: str
    post_code: str
    phone_no: str
    email: str
    salesperson_code: str


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(f: ContactFilter) -> list:
    conditions = []
    part = search_text(f.search, SEARCH_MAX)
    if part:
        pattern = f"%{_escape_like(part)}%"
        conditions.append(
            or_(
                col(Contact.search_name).like(f"%{_escape_like(part.upper())}%", escape="\\"),
                col(Contact.no).ilike(pattern, escape="\\"),
                col(Contact.city).ilike(pattern, escape="\\"),
                col(Contact.email).ilike(pattern, escape="\\"),
            )
        )
    if f.type in (ContactType.COMPANY.value, ContactType.PERSON.value):
        conditions.append(Contact.type == ContactType(f.type))
    company_no = code_text(f.company_no)
    salesperson_code = code_text(f.salesperson_code)
    mailing_group_code = code_text(f.mailing_group_code)
    if company_no:
        company = aliased(Contact)
        conditions.append(
            col(Contact.company_id).in_(
                select(company.id).where(
                    company.no == company_no,
                    company.type == ContactType.COMPANY,
                )
            )
        )
    if salesperson_code:
        conditions.append(Contact.salesperson_code == salesperson_code)
    if mailing_group_code:
        conditions.append(
            exists().where(
                ContactMailingGroup.contact_id == Contact.id,
                ContactMailingGroup.mailing_group_code == mailing_group_code,
            )
        )
    return conditions


def _order(f: ContactFilter) -> list:
    column = col(SORTS.get(f.sort, Contact.no))
    order = [column.desc() if f.descending else column.asc()]
    if column is not col(Contact.no):
        order.append(col(Contact.no).desc() if f.descending else col(Contact.no).asc())
    return order


def count_contacts(session: Session, f: ContactFilter) -> int:
    return session.exec(select(func.count()).select_from(Contact).where(*_conditions(f))).one()


def search_contacts(
    session: Session, f: ContactFilter, page: int = 1, page_size: int = 50
) -> Page[ContactRow]:
    """One page of the contacts matching ``f`` with their total count."""
    page, page_size = clamp(page, page_size)
    total = count_contacts(session, f)
    pages = max(1, -(-total // page_size))
    page = min(page, pages)
    company = aliased(Contact)
    rows = session.exec(
        select(
            Contact.no,
            Contact.type,
            Contact.name,
            company.no,
            Contact.company_name,
            Contact.city,
            Contact.post_code,
            Contact.phone_no,
            Contact.email,
            Contact.salesperson_code,
        )
        .select_from(Contact)
        .outerjoin(company, company.id == Contact.company_id)
        .where(*_conditions(f))
        .order_by(*_order(f))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return Page(
        [
            ContactRow(
                no=r[0],
                type=getattr(r[1], "value", r[1]),
                name=r[2],
                company_no=r[3] or "",
                company_name=r[4],
                city=r[5],
                post_code=r[6],
                phone_no=r[7],
                email=r[8],
                salesperson_code=r[9] or "",
            )
            for r in rows
        ],
        total,
        page,
        page_size,
    )


def iter_contacts(session: Session, f: ContactFilter, chunk: int = 2000) -> Iterator[dict]:
    """Every contact of the list view as a mapping of its columns plus ``company_no``, streamed
    from the database in chunks (no ORM objects, so memory stays flat)."""
    company = aliased(Contact)
    table = Contact.__table__
    statement = (
        select(*table.c, company.no.label("company_no"))
        .select_from(Contact)
        .outerjoin(company, company.id == Contact.company_id)
        .where(*_conditions(f))
        .order_by(*_order(f))
        .execution_options(yield_per=chunk)
    )
    for row in session.connection().execute(statement).mappings():
        yield dict(row)

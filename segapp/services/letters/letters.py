"""The letters of a segment: which document each line uses (inherited or its own), the merge
values of each contact (bc-reference.md section 8.4), personalising one line (section 5.5), and
the outputs: one merged letter, every letter in one print-ready .docx, or a .zip of one .docx
per contact named as in section 8.3 ("<Company Name> - <Name>.docx" or "<Name>.docx").

The logging code calls :func:`merge_line_letter` (one line) or :func:`merge_segment_letters`
(every line, one template preparation per document) to freeze each entry's merged letter.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ...formatting import long_date
from ...i18n import language_for
from ...models import (
    CompanyInformation,
    Contact,
    ContactType,
    CorrespondenceType,
    Country,
    MarketingSetup,
    Salesperson,
    SalutationFormula,
    SalutationType,
    SegmentHeader,
    SegmentLanguage,
    SegmentLine,
    StoredDocument,
)
from ..core.errors import UserError
from ..worksheet.worksheet import get_line
from . import combine, documents, merge

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')

Progress = Callable[[int, int], None]


def format_date(value: dt.date | None, language: str | None) -> str:
    """A letter's date in its language (Babel's long format): "2 November 2026",
    "2 novembre 2026"."""
    return long_date(value, language_for(language, "en"))


def safe_file_name(name: str, fallback: str = "letter") -> str:
    """A name any file system accepts: no separators or reserved characters, no trailing
    dots or spaces, at most 120 characters."""
    cleaned = _FORBIDDEN.sub(" ", name or "")
    cleaned = " ".join(cleaned.split()).strip(" .")[:120].strip(" .")
    return cleaned or fallback


def letter_file_name(contact: Contact, company_name: str) -> str:
    """Reference section 8.3: "<Company Name> - <Name>" for a person with a company, else
    "<Name>"."""
    if contact.type == ContactType.PERSON and company_name:
        base = f"{company_name} - {contact.name}"
    else:
        base = contact.name
    return safe_file_name(base, contact.no)


def unique_names(names: list[str], extension: str = ".docx") -> list[str]:
    """File names made unique inside one archive: the second "X" becomes "X (2)"."""
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate.lower() in seen:
            number += 1
            candidate = f"{name} ({number})"
        seen.add(candidate.lower())
        result.append(candidate + extension)
    return result


# -- merge values --------------------------------------------------------------------------------


_COMPANY_FIELDS = (
    ("name", "Name"),
    ("name_2", "Name 2"),
    ("address", "Address"),
    ("address_2", "Address 2"),
    ("post_code", "Post Code"),
    ("city", "City"),
    ("county", "County"),
    ("vat_registration_no", "VAT Registration No."),
    ("registration_no", "Registration No."),
    ("phone_no", "Phone No."),
    ("fax_no", "Fax No."),
    ("email", "E-Mail"),
    ("home_page", "Home Page"),
    ("bank_branch_no", "Bank Branch No."),
    ("bank_name", "Bank Name"),
    ("bank_account_no", "Bank Account No."),
    ("giro_no", "Giro No."),
)


@dataclass
class _Context:
    """What every letter of one merge shares, read once."""

    setup: MarketingSetup | None
    company: CompanyInformation | None
    countries: dict[str, str]
    salespeople: dict[str, Salesperson]
    formulas: dict[tuple[str, str, SalutationType], SalutationFormula]

    def company_values(self) -> dict[str, str]:
        """The Company Information fields, the same in every letter (computed once)."""
        cached = getattr(self, "_company_values", None)
        if cached is None:
            company = self.company or CompanyInformation()
            cached = {
                f"Company Information {caption}": getattr(company, attribute) or ""
                for attribute, caption in _COMPANY_FIELDS
            }
            cached["Company Information Country/Region Name"] = self.countries.get(
                company.country_code or "", ""
            )
            self._company_values = cached
        return cached

    @classmethod
    def load(cls, session: Session) -> _Context:
        return cls(
            setup=session.get(MarketingSetup, 1),
            company=session.get(CompanyInformation, 1),
            countries={c.code: c.name for c in session.exec(select(Country)).all()},
            salespeople={s.code: s for s in session.exec(select(Salesperson)).all()},
            formulas={
                (f.salutation_code, f.language_code, f.salutation_type): f
                for f in session.exec(select(SalutationFormula)).all()
            },
        )


SALUTATION_FIELDS = {
    "Formal Salutation": SalutationType.FORMAL,
    "Informal Salutation": SalutationType.INFORMAL,
}


def _salutation_code(ctx: _Context, contact: Contact) -> str:
    """The contact's salutation code, else Marketing Setup's default for its type."""
    code = contact.salutation_code
    if not code and ctx.setup is not None:
        code = (
            ctx.setup.default_person_salutation_code
            if contact.type == ContactType.PERSON
            else ctx.setup.def_company_salutation_code
        )
    return code or ""


def check_salutations(
    ctx: _Context, contact: Contact, language: str | None, fields: Iterable[str]
) -> None:
    """Reference sections 2.6 and 8.4: a letter using a salutation field cannot be merged for a
    contact whose salutation code has no formula of that kind in the letter's language; the
    refusal names the contact, the salutation code and the language."""
    for key in fields:
        kind = SALUTATION_FIELDS.get(key)
        if kind is None:
            continue
        code = _salutation_code(ctx, contact)
        if not code:
            raise UserError("letters.error_no_salutation_code", contact=contact.no)
        if (code, language or "", kind) not in ctx.formulas:
            raise UserError(
                f"letters.error_no_salutation_{kind.value}",
                contact=contact.no,
                code=code,
                language=language or "",
            )


def salutation(ctx: _Context, contact: Contact, language: str | None, kind: SalutationType) -> str:
    """The contact's salutation from its salutation code's formula in the letter's language
    (%1..%5 stand for the name parts the formula names)."""
    code = _salutation_code(ctx, contact)
    formula = ctx.formulas.get((code, language or "", kind))
    if formula is None:
        return ""
    text = formula.formula
    for number in range(5, 0, -1):
        part = getattr(formula, f"name_{number}")
        value = getattr(contact, part.value, "") if part.value else ""
        text = text.replace(f"%{number}", value or "")
    return " ".join(text.split())


def mail_address(ctx: _Context, contact: Contact, company_name: str) -> str:
    """The postal address block, one line per part; the country is left out when it is our
    own company's country."""
    lines = [contact.name]
    if contact.type == ContactType.PERSON and company_name:
        lines.append(company_name)
    elif contact.name_2:
        lines.append(contact.name_2)
    lines += [contact.address, contact.address_2, f"{contact.post_code} {contact.city}".strip()]
    lines.append(contact.county)
    own_country = ctx.company.country_code if ctx.company else None
    if contact.country_code and contact.country_code != own_country:
        lines.append(ctx.countries.get(contact.country_code, contact.country_code))
    return "\n".join(line for line in (x.strip() for x in lines) if line)


def letter_language(ctx: _Context, line: SegmentLine) -> str | None:
    """The line's language, else Marketing Setup's merge-field language (section 8.4)."""
    return line.language_code or (ctx.setup.mergefield_language_code if ctx.setup else None)


def merge_values(
    ctx: _Context,
    header: SegmentHeader,
    line: SegmentLine,
    contact: Contact,
    company_name: str,
    entry_no: int | None = None,
) -> dict[str, str]:
    """Every field of reference section 8.4 for one line."""
    language = letter_language(ctx, line)
    person = ctx.salespeople.get(line.salesperson_code or "")
    values = {
        "Entry No.": str(entry_no or ""),
        "Contact Mail Address": mail_address(ctx, contact, company_name),
        "Contact No.": contact.no,
        "Contact Company Name": company_name,
        "Contact Name": contact.name,
        "Contact Name 2": contact.name_2,
        "Contact Address": contact.address,
        "Contact Address 2": contact.address_2,
        "Contact Post Code": contact.post_code,
        "Contact City": contact.city,
        "Contact County": contact.county,
        "Contact Country/Region Name": ctx.countries.get(contact.country_code or "", ""),
        "Contact Job Title": contact.job_title,
        "Contact Phone No.": contact.phone_no,
        "Contact Fax No.": "",
        "Contact E-Mail": contact.email,
        "Contact Mobile Phone No.": contact.mobile_phone_no,
        "Contact VAT Registration No.": contact.vat_registration_no,
        "Contact Home Page": contact.home_page,
        "Formal Salutation": salutation(ctx, contact, language, SalutationType.FORMAL),
        "Informal Salutation": salutation(ctx, contact, language, SalutationType.INFORMAL),
        "Salesperson/Purchaser Code": person.code if person else "",
        "Salesperson/Purchaser Name": person.name if person else "",
        "Salesperson/Purchaser Job Title": person.job_title if person else "",
        "Salesperson/Purchaser Phone No.": person.phone_no if person else "",
        "Salesperson/Purchaser E-Mail": person.email if person else "",
        "Document Date": format_date(line.date, language),
        "Document Campaign No.": line.campaign_no or "",
        "Document Segment No.": header.no,
        "Document Description": line.description,
        "Document Subject": line.subject,
        "FaxMailTo": contact.email if line.correspondence_type == CorrespondenceType.EMAIL else "",
        "Remark": "",
        merge.LANGUAGE: language or "",
    }
    values.update(ctx.company_values())
    return values


# -- which document a line uses (reference sections 3.3, 5.4, 5.5) -------------------------------


def _header(session: Session, segment_id: int) -> SegmentHeader:
    header = session.get(SegmentHeader, segment_id)
    if header is None:
        raise UserError("error.segment_gone")
    return header


@dataclass(frozen=True)
class _Rows:
    header: dict[str, int | None]  # language -> document id (header-level rows)
    own: dict[int, dict[str, int | None]]  # line no -> language -> document id


def _rows(session: Session, segment_id: int, line_no: int | None = None) -> _Rows:
    query = select(
        SegmentLanguage.segment_line_no, SegmentLanguage.language_code, SegmentLanguage.document_id
    ).where(SegmentLanguage.segment_id == segment_id)
    if line_no is not None:
        query = query.where(col(SegmentLanguage.segment_line_no).in_([0, line_no]))
    header: dict[str, int | None] = {}
    own: dict[int, dict[str, int | None]] = {}
    for number, language, document_id in session.exec(query).all():
        if number == 0:
            header[language] = document_id
        else:
            own.setdefault(number, {})[language] = document_id
    return _Rows(header, own)


def _document_of(header: SegmentHeader, line: SegmentLine, rows: _Rows) -> tuple[int | None, str]:
    """(document id, "own" | "inherited" | "") of a line."""
    own = rows.own.get(line.line_no)
    if own:
        chosen = own.get(line.language_code or "") or next((d for d in own.values() if d), None)
        return chosen, "own"
    if (line.interaction_template_code or "") != (header.interaction_template_code or ""):
        return None, ""
    chosen = rows.header.get(line.language_code or "") or rows.header.get(
        header.language_code_default or ""
    )
    return chosen, "inherited" if chosen else ""


def line_document(session: Session, segment_id: int, line_no: int) -> tuple[int | None, str]:
    header = _header(session, segment_id)
    line = get_line(session, segment_id, line_no)
    return _document_of(header, line, _rows(session, segment_id, line_no))


# -- merging -------------------------------------------------------------------------------------


@dataclass
class Letter:
    line_no: int
    file_name: str
    prepared: merge.Prepared
    values: dict[str, str]
    language: str = ""

    def docx(self) -> bytes:
        return self.prepared.render(self.values)


@dataclass
class Batch:
    letters: list[Letter]
    without_document: list[int]  # line numbers that have no letter
    unknown_fields: list[str]


def prepare_letters(
    session: Session,
    segment_id: int,
    line_nos: list[int] | None = None,
    progress: Progress | None = None,
) -> Batch:
    """Every line's letter ready to render: one template preparation per document. A letter
    that cannot be merged for its contact (section 8.4) is refused here, before anything is
    written."""
    header = _header(session, segment_id)
    ctx = _Context.load(session)
    rows = _rows(session, segment_id)
    # Plain rows, not ORM objects: a segment may hold tens of thousands of lines.
    line_table, contact_table = SegmentLine.__table__, Contact.__table__
    chosen = (line_table.c.segment_id == segment_id) & line_table.c.contact_id.is_not(None)
    if line_nos is not None:
        chosen = chosen & line_table.c.line_no.in_(line_nos)
    contacts = {
        row.id: row
        for row in session.execute(
            select(contact_table).where(
                contact_table.c.id.in_(select(line_table.c.contact_id).where(chosen))
            )
        )
    }
    found = [
        (line, contacts[line.contact_id])
        for line in session.execute(select(line_table).where(chosen).order_by(line_table.c.line_no))
        if line.contact_id in contacts
    ]
    company_ids = {c.company_id for c in contacts.values() if c.company_id and c.company_id != c.id}
    companies = (
        dict(
            session.exec(
                select(Contact.id, Contact.name).where(col(Contact.id).in_(company_ids))
            ).all()
        )
        if company_ids
        else {}
    )
    prepared: dict[int, merge.Prepared] = {}
    letters, missing, names = [], [], []
    unknown: dict[str, None] = {}
    total = len(found)
    for number, (line, contact) in enumerate(found, 1):
        if progress is not None and (number % 500 == 0 or number == total):
            progress(number, total)
        document_id, _ = _document_of(header, line, rows)
        if not document_id:
            missing.append(line.line_no)
            continue
        if document_id not in prepared:
            document = session.get(StoredDocument, document_id)
            try:
                prepared[document_id] = merge.prepare(document.content)
            except UserError as refused:
                raise refused.named(document.file_name) from None
            except Exception:
                raise UserError("document.broken", name=document.file_name) from None
            unknown.update(dict.fromkeys(prepared[document_id].unknown))
        if contact.type == ContactType.PERSON:
            company_name = companies.get(contact.company_id, contact.company_name)
        else:
            company_name = contact.name
        language = letter_language(ctx, line)
        check_salutations(ctx, contact, language, prepared[document_id].recognised)
        values = merge_values(ctx, header, line, contact, company_name)
        names.append(letter_file_name(contact, company_name))
        letters.append(Letter(line.line_no, "", prepared[document_id], values, language or ""))
    for letter, name in zip(letters, unique_names(names), strict=True):
        letter.file_name = name
    return Batch(letters, missing, list(unknown))


def merge_line_letter(session: Session, segment_id: int, line_no: int) -> bytes:
    """One line's merged letter as .docx bytes (for the preview, the download of one letter
    and the logging code, which stores it on the interaction log entry)."""
    batch = prepare_letters(session, segment_id, [line_no])
    if not batch.letters:
        get_line(session, segment_id, line_no)
        raise UserError("letters.no_document", line_no=line_no)
    return batch.letters[0].docx()


def merge_segment_letters(
    session: Session, segment_id: int, line_nos: list[int] | None = None
) -> Iterator[tuple[int, str, bytes]]:
    """(line no., file name, .docx bytes) of every line that has a letter, in line order."""
    for letter in prepare_letters(session, segment_id, line_nos).letters:
        yield letter.line_no, letter.file_name, letter.docx()


def line_letter_file(session: Session, segment_id: int, line_no: int) -> tuple[str, bytes]:
    batch = prepare_letters(session, segment_id, [line_no])
    if not batch.letters:
        raise UserError("letters.no_document", line_no=line_no)
    return batch.letters[0].file_name, batch.letters[0].docx()


def write_combined(batch: Batch, out: io.BufferedIOBase, progress: Progress | None = None) -> int:
    """Print letters: every letter in one .docx, each on its own pages."""
    if not batch.letters:
        raise UserError("letters.none")
    total = len(batch.letters)
    return combine.compose(
        ((letter.prepared, letter.values) for letter in batch.letters),
        out,
        (lambda done: progress(done, total)) if progress else None,
    )


def write_zip(batch: Batch, out: io.BufferedIOBase, progress: Progress | None = None) -> int:
    """Download letters: a .zip with one .docx per contact."""
    if not batch.letters:
        raise UserError("letters.none")
    total = len(batch.letters)

    def files():
        for done, letter in enumerate(batch.letters, 1):
            yield letter.file_name, letter.docx()
            if progress:
                progress(done, total)

    return merge.zip_letters(files(), out)


# -- personalising one line (reference section 5.5) ----------------------------------------------


def _store_own(
    session: Session, header: SegmentHeader, line: SegmentLine, file_name: str, data: bytes
) -> StoredDocument:
    """Makes ``data`` the line's own document in the line's language: the line shows "own"."""
    if not line.language_code:
        raise UserError("letters.no_language", line_no=line.line_no)
    row = session.exec(
        select(SegmentLanguage)
        .where(SegmentLanguage.segment_id == header.id)
        .where(SegmentLanguage.segment_line_no == line.line_no)
        .where(SegmentLanguage.language_code == line.language_code)
    ).first()
    old_id = row.document_id if row else None
    if old_id:
        old = session.get(StoredDocument, old_id)
        if old is not None and documents.is_locked(session, old):
            raise UserError("document.locked")
    document = documents.new_document(file_name, data)
    session.add(document)
    session.flush()
    if row is None:
        row = SegmentLanguage(
            segment_id=header.id,
            segment_line_no=line.line_no,
            language_code=line.language_code,
            description=f"{line.interaction_template_code or ''} {line.language_code}".strip(),
            subject=line.subject,
        )
    row.document_id = document.id
    session.add(row)
    session.flush()
    documents.delete_if_unused(session, old_id)
    session.flush()
    return document


def personalise_with_remark(session: Session, segment_id: int, line_no: int, remark: str) -> None:
    """A remark for one contact: the letter's «Remark» field gets it (or, without that field,
    it becomes a paragraph at the end), every other field still merges later. The remark goes
    into the letter the line uses: the one it inherits, or its own (uploaded, or personalised
    before)."""
    remark = (remark or "").strip()
    if not remark:
        raise UserError("letters.remark_empty")
    if len(remark) > 2000:
        raise UserError("error.too_long", field="field.remark", max=2000)
    header = _header(session, segment_id)
    line = get_line(session, segment_id, line_no)
    document_id, _ = _document_of(header, line, _rows(session, segment_id, line_no))
    if not document_id:
        raise UserError("letters.no_document", line_no=line_no)
    source = session.get(StoredDocument, document_id)
    content = merge.fill_fields(source.content, {merge.REMARK: remark}, append=merge.REMARK)
    _store_own(session, header, line, source.file_name, content)


def upload_line_letter(
    session: Session,
    segment_id: int,
    line_no: int,
    file_name: str,
    data: bytes,
    content_type: str = "",
) -> documents.DocxInfo:
    """A letter edited in Word becomes the line's own document."""
    header = _header(session, segment_id)
    line = get_line(session, segment_id, line_no)
    info = documents.check_docx(file_name, data, content_type)
    _store_own(session, header, line, info.file_name, data)
    return info


def reset_line_letter(session: Session, segment_id: int, line_no: int) -> None:
    """Removes the line's own document: it inherits the header's letter again. Only for a line
    that uses the header's template (otherwise its own rows are its template's content)."""
    header = _header(session, segment_id)
    line = get_line(session, segment_id, line_no)
    if (line.interaction_template_code or "") != (header.interaction_template_code or ""):
        raise UserError("letters.cannot_reset")
    rows = session.exec(
        select(SegmentLanguage)
        .where(SegmentLanguage.segment_id == segment_id)
        .where(SegmentLanguage.segment_line_no == line_no)
    ).all()
    if not rows:
        raise UserError("letters.not_own")
    ids = [row.document_id for row in rows]
    for row in rows:
        session.delete(row)
    session.flush()
    for document_id in ids:
        documents.delete_if_unused(session, document_id)
    header_rows = _rows(session, segment_id, 0).header
    if line.language_code not in header_rows:
        line.language_code = header.language_code_default
        session.add(line)
    session.flush()

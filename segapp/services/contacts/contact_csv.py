"""Contacts to and from CSV files with the standard library's csv module.

Export writes the current list view row by row, escaping cells a spreadsheet would run as a
formula. Import reads the file from disk in streaming passes (preview, check, import), so a
100 000-row file is never held in memory; nothing is written unless the file is clean or the
user asked for the valid rows only. UTF-8 with or without BOM; ``;`` or ``,`` is detected.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Column, MetaData, String, Table, insert, update
from sqlalchemy import Enum as SaEnum
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...i18n import CATALOGUES
from ...models import Contact, ContactType, CorrespondenceType, NoSeries
from ...models.types import utcnow
from ..core import numbering
from ..core.errors import UserError
from ..core.jobs import Job, stage
from . import contact_card
from .contact_list import ContactFilter, iter_contacts

COLUMNS: tuple[str, ...] = ("no", *contact_card.EDITABLE_FIELDS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PREVIEW_ROWS = 5
PREVIEW_CHARS = 100  # of a heading or a sample cell sent to the browser
MAX_COLUMNS = 100  # a contact has about 30 fields
MAX_HEADER_BYTES = 16 * 1024
MAX_LINE_BYTES = 64 * 1024  # one physical line of a record
MAX_RECORD_LINES = 20  # physical lines one quoted cell may span
CHUNK = 2000
PROGRESS_EVERY = 1000  # rows between two progress reports

TYPE_ALIASES = {
    "company": "company",
    "société": "company",
    "societe": "company",
    "entreprise": "company",
    "person": "person",
    "personne": "person",
}
CORRESPONDENCE_ALIASES = {
    "": "",
    "hard_copy": "hard_copy",
    "hardcopy": "hard_copy",
    "impression": "hard_copy",
    "email": "email",
    "e_mail": "email",
}


# --- Export -------------------------------------------------------------------------------------


def escape_cell(value: str) -> str:
    """A leading apostrophe stops spreadsheet programs from running a cell as a formula
    (=HYPERLINK(...), +cmd, -1+1, @SUM, tab or carriage return first)."""
    return "'" + value if value and value[0] in FORMULA_START else value


def unescape_cell(value: str) -> str:
    """Undoes :func:`escape_cell`, so that exported files import back unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _cell(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if name == "company_no":
        value = row.get("company_no") or ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def export_contacts(session: Session, f: ContactFilter, out: TextIO) -> int:
    """Writes the contacts of the list view ``f`` to ``out`` (opened with newline="");
    returns how many rows were written."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    count = 0
    for row in iter_contacts(session, f):
        writer.writerow([escape_cell(_cell(row, name)) for name in COLUMNS])
        count += 1
    return count


# --- Reading ------------------------------------------------------------------------------------


_private_folder: Path | None = None


def private_upload_file() -> Path:
    """A new empty file for an uploaded CSV that only this user account can read (0600), in a
    folder of this process that only it can open (0700), never a shared temporary folder."""
    global _private_folder
    if _private_folder is None or not _private_folder.is_dir():
        _private_folder = Path(tempfile.mkdtemp(prefix="segapp-imports-"))
    handle, name = tempfile.mkstemp(suffix=".csv", dir=_private_folder)
    os.close(handle)
    return Path(name)


def _detect_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","


def _lines(path: Path) -> Iterator[str]:
    """The file's physical lines decoded as UTF-8 (a BOM is dropped), one at a time, so that a
    wrongly encoded file is reported with the line where it goes wrong. A line is never read
    beyond its limit: the heading row may hold MAX_HEADER_BYTES, a record's line MAX_LINE_BYTES."""
    with Path(path).open("rb") as handle:
        number = 0
        while True:
            limit = MAX_HEADER_BYTES if number == 0 else MAX_LINE_BYTES
            raw = handle.readline(limit + 1)
            if not raw:
                return
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                if number == 1:
                    raise UserError("error.csv.header_too_large", max_kb=limit // 1024)
                raise UserError("error.csv.line_too_long", line=number, max_kb=limit // 1024)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UserError("error.csv.encoding", line=number) from exc
            if number == 1:
                line = line.removeprefix("\ufeff")
            yield line


def _reader(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str] | None]], str]:
    """The heading row's cells and the records after it (see :func:`_records`)."""
    lines = _lines(path)
    first = next(lines, "")
    if not first.strip():
        raise UserError("error.csv.empty")
    delimiter = _detect_delimiter(first)
    try:
        heading = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as exc:
        raise UserError("error.csv.malformed", line=1, detail=str(exc)) from exc
    if len(heading) > MAX_COLUMNS:
        raise UserError("error.csv.too_many_columns", count=len(heading), max=MAX_COLUMNS)
    return heading, _records(lines, delimiter, len(heading)), delimiter


def _parse(texts: list[str], delimiter: str) -> list[str] | None:
    """The cells of one record written on these physical lines; None while a quoted cell is
    still open at the end of the last one."""
    try:
        return next(csv.reader(texts, delimiter=delimiter, strict=True), [])
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return None
        if len(texts) > 1:
            raise UserError("error.csv.unbalanced_quote") from None
    # a stray quote inside one line, as spreadsheets accept it
    return next(csv.reader(texts, delimiter=delimiter), [])


def _records(
    lines: Iterator[str], delimiter: str, width: int
) -> Iterator[tuple[int, list[str] | None]]:
    """(first line number, cells) of each record; cells None for a record whose quote is never
    balanced. A quoted cell may go on over a few lines (addresses exported by spreadsheets),
    but only if the record then has exactly the heading's number of cells: otherwise the quote
    is reported on its line and the following lines are read as records of their own."""
    source = enumerate(lines, start=2)
    pushed: deque[tuple[int, str]] = deque()

    def take() -> tuple[int, str] | None:
        return pushed.popleft() if pushed else next(source, None)

    while (item := take()) is not None:
        buffer = [item]
        try:
            while (cells := _parse([text for _, text in buffer], delimiter)) is None:
                following = take() if len(buffer) < MAX_RECORD_LINES else None
                if following is None:
                    break
                buffer.append(following)
        except UserError:
            cells = None
        if cells is None or (len(buffer) > 1 and len(cells) != width):
            yield item[0], None
            pushed.extendleft(reversed(buffer[1:]))
            continue
        yield item[0], cells


def _rows(path: Path) -> Iterator[tuple[int, list[str] | None]]:
    """(line number, cells) of every record after the heading row, streamed; cells None for a
    line with an unbalanced quote."""
    _, records, _ = _reader(path)
    for line, cells in records:
        if cells is None or any(c.strip() for c in cells):
            yield line, cells


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ]", "", text.strip().lower())


def _aliases() -> dict[str, str]:
    """Column headings recognised for each field: its name and its captions in both languages."""
    aliases: dict[str, str] = {}
    for name in COLUMNS:
        aliases[_key(name)] = name
        for messages in CATALOGUES.values():
            caption = messages.get(f"contact.field.{name}")
            if caption:
                aliases.setdefault(_key(caption), name)
    return aliases


def auto_mapping(columns: list[str]) -> list[str]:
    """The field each column goes to ("" for none), guessed from the headings."""
    aliases = _aliases()
    used: set[str] = set()
    mapping = []
    for heading in columns:
        target = aliases.get(_key(heading), "")
        if target in used:
            target = ""
        used.add(target)
        mapping.append(target)
    return mapping


@dataclass(frozen=True)
class CsvPreview:
    columns: list[str]
    sample: list[list[str]]
    delimiter: str
    mapping: list[str]


def read_preview(path: Path) -> CsvPreview:
    """The heading row, a few records and a guessed column mapping; headings and sample cells
    are cut to PREVIEW_CHARS, so the preview stays one page whatever the file holds."""
    heading, records, delimiter = _reader(path)
    columns = [c.strip()[:PREVIEW_CHARS] for c in heading]
    sample = []
    for _, cells in records:
        if cells is None:
            continue
        sample.append([c[:PREVIEW_CHARS] for c in cells[: len(columns)]])
        if len(sample) >= PREVIEW_ROWS:
            break
    return CsvPreview(columns, sample, delimiter, auto_mapping(columns))


# --- Checking -----------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    messages: list[tuple[str, dict[str, Any]]]


@dataclass
class CsvCheck:
    total_rows: int = 0
    error_rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.error_rows

    @property
    def clean(self) -> bool:
        return self.error_rows == 0


def _check_mapping(mapping: list[str]) -> None:
    targets = [m for m in mapping if m]
    unknown = [m for m in targets if m not in COLUMNS]
    if unknown:
        raise UserError("error.csv.unknown_field", field=unknown[0])
    twice = {m for m in targets if targets.count(m) > 1}
    if twice:
        raise UserError("error.csv.field_twice", field=sorted(twice)[0])
    if not {"name", "surname", "first_name"} & set(targets):
        raise UserError("error.csv.missing_column", field="name")


class _Context:
    """What checking a row needs from the database, loaded once."""

    def __init__(self, session: Session) -> None:
        self.codes = {
            name: set(session.exec(select(model.code)).all())
            for name, model in contact_card.REF_FIELDS.items()
        }
        self.existing_nos: set[str] = set(session.exec(select(Contact.no)).all())
        self.companies: dict[str, tuple[int, str]] = {
            no: (cid, name)
            for no, cid, name in session.exec(
                select(Contact.no, Contact.id, Contact.name).where(
                    Contact.type == ContactType.COMPANY
                )
            ).all()
        }


def _values(cells: list[str], mapping: list[str]) -> dict[str, str]:
    return _picker(mapping)(cells)


def _picker(mapping: list[str]):
    """A function from a record's cells to {field: unescaped cell} for the mapped columns; the
    mapped (index, field) pairs are worked out once per file, not once per record."""
    pairs = [(index, target) for index, target in enumerate(mapping) if target]

    def pick(cells: list[str]) -> dict[str, str]:
        width = len(cells)
        values = {}
        for index, target in pairs:
            if index < width:
                value = cells[index]
                if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
                    value = value[1:]
                values[target] = value
            else:
                values[target] = ""
        return values

    return pick


def _clean_row(
    raw: dict[str, str], check: bool = True
) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """A record's values normalised as the card does, with the errors found without the
    database (none looked for without ``check``, for rows already checked)."""
    errors: list[tuple[str, dict[str, Any]]] = []
    raw = dict(raw)
    if "type" in raw:
        text = raw["type"].strip().lower()
        raw["type"] = TYPE_ALIASES.get(text, text) if text else ""
    if "correspondence_type" in raw:
        text = raw["correspondence_type"].strip().lower().replace(" ", "_").replace("-", "_")
        raw["correspondence_type"] = CORRESPONDENCE_ALIASES.get(text, text)
    clean = contact_card.normalise(raw)
    clean["no"] = raw.get("no", "").strip().upper()
    if not clean.get("type"):
        clean["type"] = "person" if clean.get("company_no") else "company"
    if check and len(clean["no"]) > 20:
        errors.append(("error.contact.too_long", {"field": "no", "max": 20}))
    if check:
        errors += contact_card.field_errors(clean)
    if not clean.get("name"):
        parts = (clean.get("first_name"), clean.get("middle_name"), clean.get("surname"))
        clean["name"] = " ".join(p for p in parts if p)[:100]
    if not clean["name"]:
        errors.append(("error.contact.name_required", {}))
    return clean, errors


def _row_errors(
    clean: dict[str, Any],
    basic: list[tuple[str, dict[str, Any]]],
    ctx: _Context,
    file_nos: set[str],
) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
    """All errors of a record, and a company no. that must appear later in the file."""
    errors = list(basic)
    for name in contact_card.REF_FIELDS:
        code = clean.get(name)
        if code and code not in ctx.codes[name]:
            errors.append((f"error.contact.unknown_{name}", {"code": code}))
    no = clean["no"]
    if no:
        if no in ctx.existing_nos:
            errors.append(("error.csv.no_exists", {"no": no}))
        elif no in file_nos:
            errors.append(("error.csv.no_twice", {"no": no}))
    company_no = clean.get("company_no") or ""
    pending = None
    if clean.get("type") == "company":
        if company_no and company_no != no:
            errors.append(("error.contact.company_no_is_itself", {"no": no}))
    elif company_no and company_no not in ctx.companies:
        pending = company_no
    return errors, pending


def _scan(
    session: Session, path: Path, mapping: list[str], job: Job | None = None
) -> tuple[int, dict[int, list[tuple[str, dict[str, Any]]]], set[str]]:
    """Reads the whole file once: the number of records, the errors of each bad line and the
    Contact Nos. taken (in the database or by a record of the file)."""
    _check_mapping(mapping)
    ctx = _Context(session)
    total = 0
    errors: dict[int, list[tuple[str, dict[str, Any]]]] = {}
    file_nos: set[str] = set()
    file_companies: set[str] = set()
    pending: list[tuple[int, str]] = []
    pick = _picker(mapping)
    for line, cells in _rows(path):
        total += 1
        if total % PROGRESS_EVERY == 0:
            stage(job, "job.checking_lines", total)
        if cells is None:
            errors[line] = [("error.csv.unbalanced_quote", {})]
            continue
        clean, basic = _clean_row(pick(cells))
        row_errors, wanted = _row_errors(clean, basic, ctx, file_nos)
        if clean["no"]:
            file_nos.add(clean["no"])
            if clean.get("type") == "company" and not row_errors:
                file_companies.add(clean["no"])
        if wanted:
            pending.append((line, wanted))
        if row_errors:
            errors[line] = row_errors
    for line, company_no in pending:
        if company_no not in file_companies:
            errors.setdefault(line, []).append(
                ("error.contact.company_not_found", {"no": company_no})
            )
    return total, errors, ctx.existing_nos | file_nos


def check_file(
    session: Session, path: Path, mapping: list[str], job: Job | None = None
) -> CsvCheck:
    """Checks every record as the contact card would, without writing anything."""
    total, errors, _taken = _scan(session, path, mapping, job)
    listed = [RowError(line, errors[line]) for line in sorted(errors)]
    return CsvCheck(total_rows=total, error_rows=len(errors), errors=listed)


# --- Importing ----------------------------------------------------------------------------------


class _Numbers:
    """Contact Nos. for records without one, taken from the series with one lock. A number
    already used, in the database or by a record further down the file, is skipped."""

    def __init__(self, session: Session, taken: set[str]) -> None:
        self.session = session
        self.taken = taken
        self.series: NoSeries | None = None
        self.last = ""

    def next(self) -> str:
        if self.series is None:
            setup = contact_card.marketing_setup(self.session)
            self.last = numbering.next_no(self.session, setup.contact_nos)
            self.series = self.session.get(NoSeries, setup.contact_nos)
        else:
            self._step()
        while self.last in self.taken:
            self._step()
        self.taken.add(self.last)
        return self.last

    def _step(self) -> None:
        assert self.series is not None
        self.last = numbering.increment(self.last, self.series.increment_by)
        end = self.series.ending_no
        if end and (len(self.last), self.last) > (len(end), end):
            raise UserError("error.no_series_exhausted", code=self.series.code)

    def close(self) -> None:
        if self.series is not None:
            self.series.last_no_used = self.last
            self.session.add(self.series)
            self.session.flush()


def _record(clean: dict[str, Any], now) -> dict[str, Any]:
    row: dict[str, Any] = {
        name: clean.get(name, "") for name in contact_card.TEXT_FIELDS if name != "name"
    }
    row.update({name: clean.get(name) for name in contact_card.REF_FIELDS})
    row.update({name: bool(clean.get(name, False)) for name in contact_card.BOOL_FIELDS})
    row.update(
        no=clean["no"],
        type=ContactType(clean["type"]),
        name=clean["name"],
        search_name=clean["name"].upper()[:100],
        correspondence_type=CorrespondenceType(clean.get("correspondence_type") or ""),
        company_id=None,
        company_name=clean["name"] if clean["type"] == "company" else "",
        created_at=now,
        modified_at=now,
    )
    return row


class _Writer:
    """Writes rows (dicts with the same keys) into a table, in the connection's transaction:
    PostgreSQL's COPY, or one compiled INSERT run with executemany elsewhere."""

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        self.copy = connection.dialect.name == "postgresql"
        self.statement = insert(table)

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if not self.copy:
            self.connection.execute(self.statement, rows)
            return
        names = list(rows[0])
        columns = ", ".join(self.connection.dialect.identifier_preparer.quote(n) for n in names)
        table = self.connection.dialect.identifier_preparer.format_table(self.table)
        statement = f"COPY {table} ({columns}) FROM STDIN"
        enums = [i for i, name in enumerate(names) if isinstance(self.table.c[name].type, SaEnum)]
        cursor = self.connection.connection.driver_connection.cursor()
        try:
            with cursor, cursor.copy(statement) as copy:
                for row in rows:
                    values = [row[name] for name in names]
                    for i in enums:
                        values[i] = _copy_value(values[i])
                    copy.write_row(values)
        except self.connection.dialect.dbapi.IntegrityError as exc:
            raise IntegrityError(statement, None, exc) from exc


def _copy_value(value: Any) -> Any:
    """What COPY receives for a value: an enum's stored value (the columns keep values, not
    names), anything else as it is."""
    return value.value if isinstance(value, Enum) else value


def _link_persons(session: Session, links: list[tuple[str, str]]) -> None:
    """Gives each imported person its company's id and name in one UPDATE: the (person no.,
    company no.) pairs go to a temporary table first, in multi-row INSERTs."""
    metadata = MetaData()
    link = Table(
        "csv_import_link",
        metadata,
        Column("person_no", String(20), primary_key=True),
        Column("company_no", String(20), nullable=False),
        prefixes=["TEMPORARY"],
    )
    connection = session.connection()
    link.create(connection)
    try:
        writer = _Writer(connection, link)
        for start in range(0, len(links), CHUNK):
            writer.write(
                [{"person_no": p, "company_no": c} for p, c in links[start : start + CHUNK]]
            )
        table = Contact.__table__
        company = table.alias("company")
        connection.execute(
            update(table)
            .where(table.c.no == link.c.person_no, company.c.no == link.c.company_no)
            .values(company_id=company.c.id, company_name=company.c.name)
        )
    finally:
        link.drop(connection)


def import_file(
    session: Session, path: Path, mapping: list[str], valid_only: bool, job: Job | None = None
) -> int:
    """Imports the file's records; refuses a file with errors unless ``valid_only``, in which
    case the records with errors are left out. Returns how many contacts were created.

    Records keep exactly the values of the file (no Marketing Setup defaults), so an exported
    file imports back unchanged; a record without a No. gets the next Contact No."""
    total, errors, taken = _scan(session, path, mapping, job)
    if errors and not valid_only:
        raise UserError("error.csv.has_errors", rows=len(errors))
    bad_lines = set(errors)
    del errors
    try:
        numbers = _Numbers(session, taken)
        return _insert_records(session, path, mapping, bad_lines, numbers, job, total)
    except IntegrityError:
        # Only a contact created meanwhile by someone else can collide: the check saw the
        # numbers of the database and of the whole file.
        raise UserError("error.csv.no_taken_meanwhile") from None


def _insert_records(
    session: Session,
    path: Path,
    mapping: list[str],
    bad_lines: set[int],
    numbers: _Numbers,
    job: Job | None,
    total: int,
) -> int:
    table = Contact.__table__
    now = utcnow()
    chunk: list[dict[str, Any]] = []
    links: list[tuple[str, str]] = []  # (person no., company no.) resolved after insert
    linked: list[tuple[dict[str, Any], str]] = []  # this chunk's persons and their company no.
    known: dict[str, tuple[int, str]] = {}  # company no. -> (id, name), once written
    imported = 0
    connection = session.connection()
    writer = _Writer(connection, table)
    pick = _picker(mapping)

    def flush() -> None:
        """Writes the chunk's companies first, then its persons with the id and name of their
        company when it is already written (one SELECT for the chunk); a person whose company
        comes later in the file is linked after the import."""
        if not chunk:
            return
        writer.write([r for r in chunk if r["type"] == ContactType.COMPANY])
        wanted = {company_no for _, company_no in linked if company_no not in known}
        if wanted:
            found = connection.execute(
                select(table.c.no, table.c.id, table.c.name).where(table.c.no.in_(wanted))
            )
            known.update((no, (cid, name)) for no, cid, name in found)
        for record, company_no in linked:
            company = known.get(company_no)
            if company is None:
                links.append((record["no"], company_no))
            else:
                record["company_id"], record["company_name"] = company
        writer.write([r for r in chunk if r["type"] != ContactType.COMPANY])
        chunk.clear()
        linked.clear()

    for line, cells in _rows(path):
        if line in bad_lines or cells is None:
            continue
        clean, _ = _clean_row(pick(cells), check=False)
        if not clean["no"]:
            clean["no"] = numbers.next()
        record = _record(clean, now)
        if clean["type"] == "person" and clean.get("company_no"):
            linked.append((record, clean["company_no"]))
        chunk.append(record)
        imported += 1
        if len(chunk) >= CHUNK:
            flush()
            stage(job, "job.importing_contacts", imported, total - len(bad_lines))
    flush()
    numbers.close()
    stage(job, "job.linking_persons", imported, total - len(bad_lines))
    session.execute(
        update(table)
        .where(table.c.type == ContactType.COMPANY, table.c.company_id.is_(None))
        .values(company_id=table.c.id)
    )
    if links:
        _link_persons(session, links)
    session.flush()
    return imported

"""Hostile or broken CSV files for the contact import: an unbalanced quote, a huge heading
row, huge lines and cells, and the private copy of the uploaded file."""

from __future__ import annotations

import stat
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from sqlmodel import select

from segapp.models import Contact, Language, MarketingSetup, NoSeries
from segapp.services.contacts import contact_csv
from segapp.services.core.errors import UserError

# As LibreOffice Calc and Excel (French locale) write a contacts sheet: ";" separators,
# quotes only around cells that need them, doubled quotes inside, an address over two lines.
EXPORT = (
    "\ufeffNo.;Name;Address;City;E-Mail\n"
    "CT100;\"Zoë O'Neil;1 Quay St;Cork;zoe@example.ie\n"
    "CT101;Jean-François Müller;12 rue de l'Église;Strasbourg;jf@example.fr\n"
    'CT102;"Smith, ""Bob""";"Flat 2\n14 High St";Leeds;bob@example.co.uk\n'
    "CT103;Ana García;Calle Mayor 5;Madrid;ana@example.es\n"
)


@pytest.fixture
def master(session):
    session.add(Language(code="EN", name="English"))
    session.add(NoSeries(code="CONT", starting_no="CT000001", ending_no="CT999999"))
    session.flush()
    session.add(MarketingSetup(id=1, contact_nos="CONT"))
    session.flush()
    return session


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _refused(path: Path) -> tuple[UserError, int]:
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as error:
            contact_csv.read_preview(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error.value, peak


def test_unbalanced_quote_is_an_error_on_its_line_and_the_next_lines_stay_records(master, tmp_path):
    path = _write(tmp_path, EXPORT)
    preview = contact_csv.read_preview(path)
    assert preview.mapping == ["no", "name", "address", "city", "email"]
    check = contact_csv.check_file(master, path, preview.mapping)
    assert (check.total_rows, check.error_rows) == (4, 1)
    assert [(e.line, e.messages) for e in check.errors] == [
        (2, [("error.csv.unbalanced_quote", {})])
    ]
    assert contact_csv.import_file(master, path, preview.mapping, valid_only=True) == 3
    contacts = {c.no: c for c in master.exec(select(Contact)).all()}
    assert sorted(contacts) == ["CT101", "CT102", "CT103"]
    assert contacts["CT101"].name == "Jean-François Müller"
    assert contacts["CT102"].name == 'Smith, "Bob"'
    assert contacts["CT102"].address == "Flat 2\n14 High St"
    assert all("\n" not in c.name for c in contacts.values())


def test_unbalanced_quote_on_the_last_line_does_not_hide_the_file(master, tmp_path):
    path = _write(tmp_path, 'Name;City\nAnn Lee;Paris\n"Bob;Lyon\n')
    check = contact_csv.check_file(master, path, ["name", "city"])
    assert (check.total_rows, [e.line for e in check.errors]) == (2, [3])


def test_heading_row_of_a_megabyte_is_refused_without_reading_it(tmp_path):
    path = _write(tmp_path, ";".join("c" for _ in range(524_289)) + "\nAnn\n")
    error, peak = _refused(path)
    assert error.key == "error.csv.header_too_large"
    assert peak < 1024 * 1024


def test_too_many_columns_are_refused(tmp_path):
    error, _ = _refused(_write(tmp_path, ";".join(f"c{i}" for i in range(150)) + "\nAnn\n"))
    assert (error.key, error.params) == ("error.csv.too_many_columns", {"count": 150, "max": 100})


def test_a_ten_megabyte_line_is_refused_on_its_line(master, tmp_path):
    path = _write(tmp_path, "Name;City\nAnn;Paris\nBob;" + "x" * (10 * 1024 * 1024) + "\n")
    tracemalloc.start()
    try:
        with pytest.raises(UserError) as error:
            contact_csv.check_file(master, path, ["name", "city"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (error.value.key, error.value.params["line"]) == ("error.csv.line_too_long", 3)
    assert peak < 2 * 1024 * 1024


def test_preview_sent_to_the_browser_stays_one_page(tmp_path):
    heading = ";".join(["Name" + "n" * 5000, *(f"Column {i}" for i in range(99))])
    path = _write(tmp_path, heading + "\n" + ";".join(["y" * 60_000] * 1) + "\n" * 50)
    preview = contact_csv.read_preview(path)
    sent = sum(len(c) for c in preview.columns) + sum(len(c) for row in preview.sample for c in row)
    assert len(preview.columns) == 100
    assert sent <= 100 * contact_csv.PREVIEW_CHARS * 2
    assert len(preview.sample) <= contact_csv.PREVIEW_ROWS


def test_uploaded_copy_is_private():
    path = contact_csv.private_upload_file()
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert path.parent.parent == Path(tempfile.gettempdir())
        assert path.parent.name.startswith("segapp-imports-")
        assert contact_csv.private_upload_file() != path
    finally:
        path.unlink()

"""CSV export and import of contacts: round trip, formula escaping and hostile files."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import delete
from sqlmodel import select

from segapp.models import Contact, ContactType, Language, MarketingSetup, NoSeries, Salesperson
from segapp.services.contacts import contact_csv
from segapp.services.contacts.contact_list import ContactFilter
from segapp.services.core.errors import UserError
from tests import factories

COMPARED = ("no", *[c for c in contact_csv.COLUMNS if c not in ("no", "company_no")])


@pytest.fixture
def master(session):
    session.add_all(
        [
            Language(code="EN", name="English"),
            Salesperson(code="JO", name="Jo"),
            NoSeries(code="CONT", starting_no="CT000001", ending_no="CT999999"),
        ]
    )
    session.flush()
    session.add(MarketingSetup(id=1, contact_nos="CONT"))
    session.flush()
    return session


def _write(tmp_path, text: str, encoding="utf-8", name="in.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _snapshot(session):
    rows = session.exec(select(Contact).order_by(Contact.no)).all()
    companies = {c.id: c.no for c in rows}
    return [
        (
            *(getattr(c, f) for f in COMPARED if f != "type"),
            c.type,
            companies.get(c.company_id, ""),
            c.company_name,
            c.search_name,
        )
        for c in rows
    ]


def test_export_then_import_gives_the_same_contacts(master, tmp_path):
    a = factories.company(
        master,
        'Alpine; "Ski" House',
        city="Grenoble",
        phone_no="+33 4 76 00 00",
        language_code="EN",
        salesperson_code="JO",
        exclude_from_segment=True,
    )
    factories.person(master, "Ann Lee", a, email="ann@alpine.example", first_name="Ann")
    factories.person(master, '=HYPERLINK("http://evil")', None, address="line1\nline2")
    master.flush()
    before = _snapshot(master)
    path = tmp_path / "out.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert contact_csv.export_contacts(master, ContactFilter(), out) == 3
    master.execute(delete(Contact).where(Contact.type == ContactType.PERSON))
    master.execute(delete(Contact))
    preview = contact_csv.read_preview(path)
    assert preview.mapping == list(contact_csv.COLUMNS)
    check = contact_csv.check_file(master, path, preview.mapping)
    assert check.clean, check.errors
    assert contact_csv.import_file(master, path, preview.mapping, valid_only=False) == 3
    assert _snapshot(master) == before


def test_formula_cells_are_escaped_on_export(master):
    factories.company(master, '=HYPERLINK("http://evil.example","click")', city="@SUM(A1)")
    factories.company(master, "-2+3", phone_no="+44 1", home_page="\tTAB")
    master.flush()
    out = io.StringIO()
    contact_csv.export_contacts(master, ContactFilter(), out)
    text = out.getvalue()
    assert "'=HYPERLINK" in text
    assert ";=HYPERLINK" not in text
    assert "'@SUM(A1)" in text
    assert "'-2+3" in text
    assert "'+44 1" in text
    assert "'\tTAB" in text


def test_escape_and_unescape_are_inverse():
    for value in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", "'quoted", ""):
        assert contact_csv.unescape_cell(contact_csv.escape_cell(value)) == value


def test_comma_file_with_bom_and_captions_maps_and_imports(master, tmp_path):
    path = _write(
        tmp_path,
        "\ufeffName,City,E-Mail,Type\nContoso,Paris,info@contoso.example,Company\n",
    )
    preview = contact_csv.read_preview(path)
    assert preview.delimiter == ","
    assert preview.mapping == ["name", "city", "email", "type"]
    assert contact_csv.import_file(master, path, preview.mapping, valid_only=False) == 1
    contact = master.exec(select(Contact)).one()
    assert (contact.no, contact.city, contact.company_id) == ("CT000001", "Paris", contact.id)
    assert master.get(NoSeries, "CONT").last_no_used == "CT000001"


def test_every_bad_row_is_listed_and_nothing_is_imported(master, tmp_path):
    path = _write(
        tmp_path,
        "no;type;name;email;phone_no;language_code;company_no\n"
        "C1;company;Good Co;;;;\n"
        "C2;company;;;;;\n"
        "C3;company;Bad mail;nope;;;\n"
        "C4;company;Bad phone;;12 AB;;\n"
        "C5;person;Orphan;;;;NOPE\n"
        "C6;person;Wrong lang;;;DE;\n"
        "C1;company;Twice;;;;\n"
        "C7;person;Good person;;;;C1\n",
    )
    mapping = contact_csv.read_preview(path).mapping
    check = contact_csv.check_file(master, path, mapping)
    assert (check.total_rows, check.error_rows, check.valid_rows) == (8, 6, 2)
    keys = {e.line: [m[0] for m in e.messages] for e in check.errors}
    assert keys == {
        3: ["error.contact.name_required"],
        4: ["error.contact.email_invalid"],
        5: ["error.contact.phone_invalid"],
        6: ["error.contact.company_not_found"],
        7: ["error.contact.unknown_language_code"],
        8: ["error.csv.no_twice"],
    }
    with pytest.raises(UserError) as err:
        contact_csv.import_file(master, path, mapping, valid_only=False)
    assert err.value.key == "error.csv.has_errors"
    assert master.exec(select(Contact)).all() == []
    assert contact_csv.import_file(master, path, mapping, valid_only=True) == 2
    person = master.exec(select(Contact).where(Contact.no == "C7")).one()
    company = master.exec(select(Contact).where(Contact.no == "C1")).one()
    assert person.company_id == company.id
    assert person.company_name == "Good Co"


def test_person_may_refer_to_a_company_further_down_the_file(master, tmp_path):
    path = _write(tmp_path, "no;name;company_no;type\nP1;Pat;K1;person\nK1;Kay Ltd;;company\n")
    mapping = contact_csv.read_preview(path).mapping
    assert contact_csv.check_file(master, path, mapping).clean
    contact_csv.import_file(master, path, mapping, valid_only=False)
    person = master.exec(select(Contact).where(Contact.no == "P1")).one()
    assert person.company_name == "Kay Ltd"


def test_existing_numbers_are_refused(master, tmp_path):
    factories.company(master, "Existing")
    master.flush()
    no = master.exec(select(Contact.no)).one()
    path = _write(tmp_path, f"no;name\n{no};Again\n")
    check = contact_csv.check_file(master, path, ["no", "name"])
    assert [m[0] for m in check.errors[0].messages] == ["error.csv.no_exists"]


def test_wrong_encoding_is_reported(master, tmp_path):
    path = _write(tmp_path, "name;city\nMüller GmbH;Köln\n", encoding="latin-1")
    with pytest.raises(UserError) as err:
        contact_csv.check_file(master, path, ["name", "city"])
    assert err.value.key == "error.csv.encoding"
    assert err.value.params["line"] == 2
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(UserError) as err:
        contact_csv.read_preview(binary)
    assert err.value.key == "error.csv.encoding"


def test_missing_name_column_and_empty_file_are_reported(master, tmp_path):
    path = _write(tmp_path, "city;email\nParis;a@b.example\n")
    preview = contact_csv.read_preview(path)
    assert preview.mapping == ["city", "email"]
    with pytest.raises(UserError) as err:
        contact_csv.check_file(master, path, preview.mapping)
    assert err.value.key == "error.csv.missing_column"
    with pytest.raises(UserError) as err:
        contact_csv.read_preview(_write(tmp_path, "", name="empty.csv"))
    assert err.value.key == "error.csv.empty"
    with pytest.raises(UserError) as err:
        contact_csv.check_file(master, path, ["name", "name"])
    assert err.value.key == "error.csv.field_twice"


def test_short_rows_and_extra_cells_do_not_break_the_import(master, tmp_path):
    path = _write(tmp_path, "name;city;email\nShort\nLong;Paris;x@y.example;extra;cells\n")
    mapping = contact_csv.read_preview(path).mapping
    assert contact_csv.import_file(master, path, mapping, valid_only=False) == 2
    assert sorted(master.exec(select(Contact.name)).all()) == ["Long", "Short"]


def test_numbering_skips_numbers_that_appear_later_in_the_file(master, tmp_path):
    """A record without a No. takes the next Contact No.; a number a later record of the same
    file brings (or an existing contact holds) is skipped, so the checked file imports."""
    factories.company(master, "Imported before", no="CT000002")
    path = _write(
        tmp_path,
        "no;name;type\n;First;company\nCT000001;Numbered;company\n;Third;company\n",
    )
    mapping = contact_csv.read_preview(path).mapping
    assert contact_csv.check_file(master, path, mapping).clean
    assert contact_csv.import_file(master, path, mapping, valid_only=False) == 3
    names = dict(master.exec(select(Contact.name, Contact.no)).all())
    assert names["Numbered"] == "CT000001"
    assert names["First"] == "CT000003"
    assert names["Third"] == "CT000004"
    series = master.get(NoSeries, "CONT")
    assert series.last_no_used == "CT000004"


def test_number_taken_meanwhile_is_reported_not_an_unexpected_error(master, tmp_path, monkeypatch):
    """A contact created by someone else between the check and the insert refuses the import
    with the reason, and nothing is imported."""
    path = _write(tmp_path, "no;name;type\n;First;company\n")
    mapping = contact_csv.read_preview(path).mapping
    scan = contact_csv._scan

    def scan_then_someone_else_creates(*args):
        found = scan(*args)
        factories.company(master, "Meanwhile", no="CT000001")
        return found

    monkeypatch.setattr(contact_csv, "_scan", scan_then_someone_else_creates)
    with pytest.raises(UserError) as err:
        contact_csv.import_file(master, path, mapping, valid_only=False)
    assert err.value.key == "error.csv.no_taken_meanwhile"

"""Real letters written by Microsoft Word and by LibreOffice (tests/corpus, see fetch.py):
after the merge, no merge field is left in any part of the package (body, tables, text boxes,
headers, footers, footnotes, endnotes), each value is in the paragraph where its field was
with the field's formatting, nothing else is removed, and the combined document and the zip
open in python-docx (and convert with LibreOffice when it is installed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from segapp.services.letters import combine, merge
from tests.unit.docx_samples import check_package

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DOCUMENTS = sorted((CORPUS / "word").glob("*.docx")) + sorted(
    (CORPUS / "libreoffice").glob("*.docx")
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KEPT = (
    "p",
    "tbl",
    "tr",
    "tc",
    "drawing",
    "pict",
    "txbxContent",
    "hyperlink",
    "bookmarkStart",
    "footnote",
    "endnote",
    "sectPr",
    "headerReference",
    "footerReference",
    "tab",
)
LEFT = re.compile(
    r"(<w:instrText[^>]*>\s*|w:instr=\"\s*)(MERGEFIELD|NEXT|NEXTIF|SKIPIF)\b", re.IGNORECASE
)


def _parts(docx: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name
        }


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _with_known_names(data: bytes, monkeypatch) -> tuple[merge.Prepared, dict[str, str], dict]:
    """The document's own field names (student_name, Voornaam...) taught as fields of §8.4,
    each with a distinct value."""
    first = merge.prepare(data)
    names = first.unknown
    keys = [k for k in merge.FIELD_KEYS if k != merge.REMARK and k not in first.recognised]
    assigned = {key: key for key in first.recognised}
    for number, name in enumerate(names):
        assigned[name] = keys[number]
        monkeypatch.setitem(merge.ALIASES, merge.normalise_name(name), keys[number])
    prepared = merge.prepare(data)
    values = {key: f"Value{number:02d}" for number, key in enumerate(merge.FIELD_KEYS)}
    return prepared, values, assigned


def _properties(run: etree._Element | None) -> bytes:
    if run is None:
        return b""
    properties = run.find(f"{W}rPr")
    if properties is None:
        return b""
    return etree.tostring(properties, method="c14n", exclusive=True)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_letter_merges_in_every_part_and_keeps_the_rest(path, monkeypatch):
    data = path.read_bytes()
    prepared, values, assigned = _with_known_names(data, monkeypatch)
    assert prepared.unknown == []
    merged = prepared.render(values)
    check_package(merged)
    before, after = _parts(data), _parts(merged)
    for name, root in after.items():
        xml = etree.tostring(root, encoding="unicode")
        assert not LEFT.search(xml), f"a field is left in {name}"
        assert not any(f"«{n}»" in xml for n in assigned), f"a placeholder is left in {name}"
    for name, template in before.items():
        result = after[name]
        for tag in KEPT:  # nothing but fields removed
            assert len(list(template.iter(W + tag))) == len(list(result.iter(W + tag))), (
                f"{name}: {tag}"
            )
        paragraphs = list(zip(template.iter(f"{W}p"), result.iter(f"{W}p"), strict=True))
        for old, new in paragraphs:
            xml = etree.tostring(old, encoding="unicode")
            if re.search(r"\bIF\b", xml) or re.search(r"\bNEXT\b", xml):
                continue
            for field_name, key in assigned.items():
                pattern = rf'MERGEFIELD\s+"?{re.escape(field_name)}"?[\s\\<"]'
                if not re.search(pattern, xml, re.IGNORECASE):
                    continue
                assert values[key].lower() in _text(new).lower(), f"{name}: {field_name}"
                cached = [
                    r
                    for r in old.iter(f"{W}r")
                    if _text(r) in (f"«{field_name}»", f"<{field_name}>")
                ]
                placed = [r for r in new.iter(f"{W}r") if values[key].lower() in _text(r).lower()]
                if len(cached) == 1 and len(placed) == 1:
                    assert _properties(placed[0]) == _properties(cached[0]), (
                        f"{name}: formatting of {field_name}"
                    )


def _letters(path: Path, monkeypatch) -> list[tuple[merge.Prepared, dict[str, str]]]:
    prepared, values, _ = _with_known_names(path.read_bytes(), monkeypatch)
    return [(prepared, {k: f"{v}L{letter}" for k, v in values.items()}) for letter in range(1, 4)]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_letter_combined_and_zipped(path, monkeypatch):
    letters = _letters(path, monkeypatch)
    out = combine.combined(letters)
    check_package(out)
    Document(io.BytesIO(out))
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        xml = " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert not LEFT.search(xml)
    for _, values in letters:
        used = [v for k, v in values.items() if k in letters[0][0].recognised]
        assert all(v in xml for v in used)
    archive = io.BytesIO()
    merge.zip_letters(((f"{n}.docx", p.render(v)) for n, (p, v) in enumerate(letters)), archive)
    with zipfile.ZipFile(archive) as files:
        for name in files.namelist():
            check_package(files.read(name))
            Document(io.BytesIO(files.read(name)))


def test_combined_real_letters_convert_with_libreoffice(monkeypatch, tmp_path):
    """Every combined document converts with LibreOffice (one run for the whole corpus) and
    its text holds each letter's values; without LibreOffice, python-docx reads them all."""
    expected = {}
    for number, path in enumerate(DOCUMENTS):
        letters = _letters(path, monkeypatch)
        out = combine.combined(letters)
        (tmp_path / f"c{number}.docx").write_bytes(out)
        document = Document(io.BytesIO(out))
        shown = [p.text for p in document.paragraphs] + [
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        ]
        # the plain text export leaves out frames, headers and notes: body values only
        expected[number] = [
            v for _, values in letters for v in values.values() if any(v in t for t in shown)
        ]
    assert sum(map(len, expected.values())) > 3 * len(DOCUMENTS)
    if not shutil.which("soffice"):
        return
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path / "txt"),
            *(str(tmp_path / f"c{n}.docx") for n in expected),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    for number, values in expected.items():
        text = (tmp_path / "txt" / f"c{number}.txt").read_text(encoding="utf-8-sig")
        assert all(v in text for v in values), DOCUMENTS[number].name


def test_the_corpus_is_there_and_matches_its_checksums():
    """The Word documents kept in the repository are the ones fetch.py names."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_fetch", CORPUS / "fetch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.check_kept() == []
    assert len(DOCUMENTS) >= len(module.SOURCES)

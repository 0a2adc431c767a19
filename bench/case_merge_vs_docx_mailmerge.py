"""The merge against docx-mailmerge2, the library users would reach for: the same one-page
letter with 15 MERGEFIELDs (in the body, a table and the footer) merged for the 1 000
contacts of a segment into one combined document (Print letters) and into 1 000 .docx files
(Download letters), both in this process. ``ratio`` is segapp's seconds over the peer's
(target <= 0.2); ``segapp_combined_rss_mb`` is the peak memory of a fresh process writing the
combined 1 000-letter document (target <= 300 MB)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

from docx import Document
from docx.oxml import parse_xml
from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.services.letters import combine, letters, merge

from .case_merge_letters import FIELDS, lettered_segment
from .harness import Result, median_seconds

NAME = "merge_vs_docx_mailmerge"
CONTACTS = 1000
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _field(name: str) -> str:
    return (
        f'<w:fldSimple {W} w:instr=" MERGEFIELD &quot;{name}&quot; \\* MERGEFORMAT ">'
        f"<w:r><w:t>«{name}»</w:t></w:r></w:fldSimple>"
    )


def make_letter() -> bytes:
    """A one-page letter: 15 MERGEFIELDs as Word writes them, body, table and footer."""
    document = Document()
    for name in FIELDS[:6]:
        document.add_paragraph()._p.append(parse_xml(_field(name)))
    document.add_paragraph()
    paragraph = document.add_paragraph()._p
    paragraph.append(parse_xml(_field("Company Information City")))
    paragraph.append(parse_xml(_field("Document Date")))
    document.add_paragraph("Our reference: ")._p.append(parse_xml(_field("Document Segment No.")))
    document.add_paragraph()._p.append(parse_xml(_field("Formal Salutation")))
    for _ in range(4):
        document.add_paragraph(
            "We are pleased to invite you to our annual customer day, where our team will "
            "present the new collection and answer your questions over lunch."
        )
    document.add_paragraph()._p.append(parse_xml(_field("Remark")))
    table = document.add_table(rows=1, cols=3)
    for cell, name in zip(
        table.rows[0].cells,
        (
            "Salesperson/Purchaser Name",
            "Salesperson/Purchaser Job Title",
            "Salesperson/Purchaser Phone No.",
        ),
        strict=True,
    ):
        cell.paragraphs[0]._p.append(parse_xml(_field(name)))
    document.sections[0].footer.paragraphs[0]._p.append(
        parse_xml(_field("Company Information Name"))
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def segapp_merge(template: bytes, values: list[dict[str, str]]) -> tuple[int, int]:
    """Prepare once, then the combined document and the zip of 1 000 files."""
    prepared = merge.prepare(template)
    combined = io.BytesIO()
    combine.compose(((prepared, v) for v in values), combined)
    archive = io.BytesIO()
    merge.zip_letters(
        ((f"letter {i}.docx", prepared.render(v)) for i, v in enumerate(values)), archive
    )
    return len(combined.getvalue()), len(archive.getvalue())


def peer_merge(template: bytes, values: list[dict[str, str]]) -> tuple[int, int]:
    """docx-mailmerge2: merge_templates for the combined document, one MailMerge per file."""
    from mailmerge import MailMerge

    rows = [{k: v for k, v in row.items() if k in FIELDS} for row in values]
    combined = io.BytesIO()
    with MailMerge(io.BytesIO(template)) as document:
        document.merge_templates(rows, separator="nextPage_section")
        document.write(combined)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for number, row in enumerate(rows):
            with MailMerge(io.BytesIO(template)) as document:
                document.merge(**row)
                buffer = io.BytesIO()
                document.write(buffer)
            out.writestr(f"letter {number}.docx", buffer.getvalue())
    return len(combined.getvalue()), len(archive.getvalue())


def _combined_rss(template: bytes, values: list[dict[str, str]]) -> float:
    """Peak RSS (MB) of a fresh process writing the combined 1 000-letter document."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"template": template.hex(), "values": values}, handle)
        output = subprocess.run(
            [sys.executable, "-m", "bench.case_merge_vs_docx_mailmerge", path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return float(output.strip().splitlines()[-1])


def run(kind: str, engine: Engine, repeat: int) -> Result:
    template = make_letter()
    header = lettered_segment(engine, CONTACTS, template)
    with Session(engine) as session:
        values = [
            {k: v for k, v in letter.values.items() if not k.startswith("@")}
            for letter in letters.prepare_letters(session, header.id).letters
        ]
    assert len(values) == CONTACTS
    assert merge.prepare(template).unknown == []
    segapp_merge(template, values)  # warm-up
    seconds = median_seconds(
        lambda: segapp_merge(template, values), max(1, min(repeat, 3)), warmup=0
    )
    peer = median_seconds(lambda: peer_merge(template, values), 1, warmup=0)
    rss = _combined_rss(template, values)
    return Result(NAME, kind, CONTACTS, seconds, peer, {"segapp_combined_rss_mb": f"{rss:.0f}"})


def _child(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    template, values = bytes.fromhex(data["template"]), data["values"]
    prepared = merge.prepare(template)
    with tempfile.TemporaryFile() as out:
        combine.compose(((prepared, v) for v in values), out)
    # VmHWM is this process's own peak (ru_maxrss would include the parent's, kept at fork)
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line for line in status if line.startswith("VmHWM:"))
    print(int(peak.split()[1]) / 1024)


if __name__ == "__main__":
    _child(sys.argv[1])

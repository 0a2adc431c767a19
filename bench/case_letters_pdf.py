"""Print letters as PDF: the one-page letter of the ``merge_letters`` case for 200 contacts,
merged into one document and converted to one PDF by LibreOffice headless, against
LibreOffice converting the same, already merged, document (the conversion alone).
``seconds_per_letter`` is the whole job divided by the letters."""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.services.letters import letters, pdf

from .case_merge_letters import lettered_segment, make_letter
from .harness import Result

NAME = "letters_pdf"
CONTACTS = 200


def run(kind: str, engine: Engine, repeat: int) -> Result:
    if not pdf.available():
        raise SystemExit(f"letters_pdf needs LibreOffice ({pdf.INSTALL_HINT})")
    header = lettered_segment(engine, CONTACTS, make_letter())
    pages = {}

    def service() -> float:
        start = time.perf_counter()
        with Session(engine) as session:
            batch = letters.prepare_letters(session, header.id)
        out = io.BytesIO()
        assert pdf.write_combined_pdf(batch, out) == CONTACTS
        seconds = time.perf_counter() - start
        pages["pdf_mb"] = f"{len(out.getvalue()) / 1e6:.1f}"
        return seconds

    with Session(engine) as session:
        combined = io.BytesIO()
        letters.write_combined(letters.prepare_letters(session, header.id), combined)

    def baseline() -> float:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "letters.docx"
            source.write_bytes(combined.getvalue())
            start = time.perf_counter()
            pdf.convert_files([source], Path(folder) / "out")
            return time.perf_counter() - start

    times = max(1, min(repeat, 3))
    seconds = statistics.median(service() for _ in range(times))
    base = statistics.median(baseline() for _ in range(times))
    extra = {"seconds_per_letter": f"{seconds / CONTACTS:.3f}", **pages}
    return Result(NAME, kind, CONTACTS, seconds, base, extra)

"""Print-ready PDF letters (bc-reference.md sections 8.3 and 8.5), converted from the merged
.docx by LibreOffice headless: ``soffice --headless --convert-to pdf``.

Every conversion runs in a private temporary folder with its own LibreOffice profile
(``-env:UserInstallation``), so conversions running at the same time never share a profile,
and one ``soffice`` process converts all the files of a request (starting LibreOffice costs
seconds; converting a letter, a fraction of one). Progress is the number of PDF files written
so far. Callers run this in a worker thread, never in the event loop.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..core.errors import UserError

PDF_CONTENT_TYPE = "application/pdf"
INSTALL_HINT = "libreoffice-writer-nogui"
BASE_TIMEOUT_SECONDS = 120
SECONDS_PER_FILE = 10

Progress = Callable[[int, int], None]


@cache
def soffice() -> str | None:
    """The LibreOffice program: ``SEGAPP_SOFFICE`` when set, else ``soffice`` or
    ``libreoffice`` on the PATH; None when LibreOffice is not installed."""
    configured = os.environ.get("SEGAPP_SOFFICE", "").strip()
    if configured:
        return configured if shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def convert_files(
    sources: list[Path], out_dir: Path, progress: Progress | None = None
) -> list[Path]:
    """Converts .docx files to PDF in ``out_dir`` (same stem, .pdf) with one LibreOffice
    process; returns the PDF paths in the order of ``sources``."""
    program = soffice()
    if program is None:
        raise UserError("pdf.unavailable", package=INSTALL_HINT)
    if not sources:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / f"{source.stem}.pdf" for source in sources]
    with tempfile.TemporaryDirectory(prefix="segapp-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *(str(source) for source in sources),
        ]
        env = {**os.environ, "HOME": profile}
        # The program is LibreOffice found on the PATH; the arguments are our own paths.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + BASE_TIMEOUT_SECONDS + SECONDS_PER_FILE * len(sources)
        done = 0
        while process.poll() is None:
            if time.monotonic() > deadline:
                _stop(process)
                raise UserError("pdf.failed")
            time.sleep(0.2)
            if progress is not None:
                now_done = sum(1 for target in targets if target.exists())
                if now_done != done:
                    done = now_done
                    progress(done, len(sources))
    missing = [target for target in targets if not target.exists()]
    if process.returncode != 0 or missing:
        raise UserError("pdf.failed")
    if progress is not None:
        progress(len(sources), len(sources))
    return targets


def _stop(process: subprocess.Popen) -> None:
    """Ends a LibreOffice run that took too long: its own process group only."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 9)
    process.wait()


def docx_to_pdf(docx: bytes) -> bytes:
    """One .docx converted to PDF."""
    with tempfile.TemporaryDirectory(prefix="segapp-pdf-") as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(docx)
        (target,) = convert_files([source], Path(folder) / "out")
        return target.read_bytes()


# -- the segment's letters as PDF ---------------------------------------------------------------

Stage = Callable[[str, int, int], None]
MERGING = "merging"
CONVERTING = "converting"


def write_combined_pdf(batch, out, progress: Stage | None = None) -> int:
    """Print letters as PDF: the combined document of every letter, converted to one PDF."""
    from . import letters

    report = progress or (lambda _stage, _done, _total: None)
    with tempfile.TemporaryDirectory(prefix="segapp-pdf-") as folder:
        source = Path(folder) / "letters.docx"
        with open(source, "wb") as docx_out:
            count = letters.write_combined(
                batch, docx_out, lambda done, total: report(MERGING, done, total)
            )
        report(CONVERTING, 0, count)
        (target,) = convert_files([source], Path(folder) / "out")
        report(CONVERTING, count, count)
        with open(target, "rb") as pdf_in:
            shutil.copyfileobj(pdf_in, out)
    return count


def write_pdf_zip(batch, out, progress: Stage | None = None) -> int:
    """Download letters as PDF: a .zip of one PDF per contact, named as in reference section
    8.3 ("<Company Name> - <Name>.pdf" or "<Name>.pdf")."""
    from . import merge

    report = progress or (lambda _stage, _done, _total: None)
    if not batch.letters:
        raise UserError("letters.none")
    total = len(batch.letters)
    with tempfile.TemporaryDirectory(prefix="segapp-pdf-") as folder:
        sources = []
        for done, letter in enumerate(batch.letters, 1):
            source = Path(folder) / f"{done:06d}.docx"
            source.write_bytes(letter.docx())
            sources.append(source)
            report(MERGING, done, total)
        report(CONVERTING, 0, total)
        targets = convert_files(
            sources, Path(folder) / "out", lambda done, all_: report(CONVERTING, done, all_)
        )
        writer = merge.ZipWriter(out)
        for letter, target in zip(batch.letters, targets, strict=True):
            name = letter.file_name.removesuffix(".docx") + ".pdf"
            writer.add(merge.RawEntry.make(name, target.read_bytes(), level=6))
        writer.close()

    return total

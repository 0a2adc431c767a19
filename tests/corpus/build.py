"""Writes the LibreOffice letters of the corpus: every ``libreoffice/*.fodt`` converted to
.docx by LibreOffice headless (``soffice --headless --convert-to docx``). The .docx files are
kept in the repository, so the tests need LibreOffice only to convert the merged letters."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "libreoffice"


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice (soffice) is needed to build the corpus", file=sys.stderr)
        return 1
    sources = sorted(FOLDER.glob("*.fodt"))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(FOLDER),
                *map(str, sources),
            ],
            check=True,
            timeout=600,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

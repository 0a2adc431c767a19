"""The corpus of real letters the merge is tested on, by repository, commit and path.

``python tests/corpus/fetch.py`` downloads every file into ``tests/corpus/.fetched/`` (ignored
by git) and checks its SHA-256; ``--check`` only checks the copies kept in the repository
(``tests/corpus/word/``), which the unit tests read, since CI has no network.

Files from another project are kept in the repository only when their licence allows it:

- docx-mailmerge2 (github.com/iulica/docx-mailmerge), MIT licence, copyright (C) 2012 Bouke
  Haarsma: its test documents, written by Microsoft Word (Windows 2010 and later, Mac 2011);
  the licence is kept beside them in ``word/LICENSE-docx-mailmerge.txt``.

The letters written by LibreOffice are authored here, from the ``.fodt`` sources in
``libreoffice/`` (``python tests/corpus/build.py`` runs ``soffice --headless --convert-to
docx`` on each).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
FETCHED = HERE / ".fetched"

DOCX_MAILMERGE = ("iulica/docx-mailmerge", "f2f2a82d4d2164aed121d1859665e2cea87ee7db", "tests")
SOURCES: list[tuple[tuple[str, str, str], str, str]] = [
    (DOCX_MAILMERGE, name, digest)
    for name, digest in (
        (
            "test_empty_field.docx",
            "cfab90c8ec0d65abb9255e28b8ef989d52310528d9d7cd8c815780bd1c0afc97",
        ),
        ("test_footer.docx", "579b4117eee6b3a40ba0f1c62c8aa25685ee93fe73d0d1ccce24e703c67aa839"),
        (
            "test_footnote_header_footer.docx",
            "a3c9926de6c2eadf7fa28ccfac84fe2a6e2ab981f7d8935db3f4780b1c5044ad",
        ),
        (
            "test_input_duplicate_id.docx",
            "1728fd9c9177d81a6ab0d7d36b4729575d553b75ea02b8d1fbc288d57a6915c0",
        ),
        ("test_issue8.docx", "120674be00e5553e82e3e62a9afbb93c9e5a84cc14d4fa802ed8149f46f0d06c"),
        (
            "test_keep_fields.docx",
            "fb59b5774dfe8b8684941e8581cc14820427fc2dac633b7944a53da971b77613",
        ),
        (
            "test_macword2011.docx",
            "60c54172dea5c5b7539db16153cf5266cebc6a4345d76761a57e3754c0c001da",
        ),
        (
            "test_merge_multiple_table_rows.docx",
            "4ef674bcae9a7615bc1009ce1c52c73de24eefa150ae0feaa8004047a5719e4f",
        ),
        (
            "test_merge_pages.docx",
            "0aa3ebe519231e0a5d4ffcc2011401e6e03e590b0bf4e29e010ca05530daf64d",
        ),
        (
            "test_merge_pages_paged.docx",
            "728bd2136c34f6411d0db170ec6d63b7162ec3618c7b8f09f98ae8c20b229b7b",
        ),
        (
            "test_merge_table_multipart.docx",
            "32d65e644124f1ecf3a348f521c8a14bb86ed3cb72ee1bb14dec2a2171ee722d",
        ),
        (
            "test_merge_table_rows.docx",
            "e32d329e5076b108060f35bfcc60558efd1acf60026f2b1006649bdb5de2fe42",
        ),
        (
            "test_merge_templates_simple.docx",
            "fce23d9dafd30b9f1695143d9d149bcc1562eabb1b33d8d47e5230fcdf9d324e",
        ),
        (
            "test_multiple_elements.docx",
            "4d1788c8af78a073443a88cb2496e686a954f01f03b21b6a766ea87364311670",
        ),
        (
            "test_nested_if_inside.docx",
            "c80177042f6765feb7b325330a8eccbad3ef9d6a2cea4015068bccf9857071ce",
        ),
        (
            "test_nested_if_outside.docx",
            "7218ae9dfe4ba60c8255fb95738af8591f49c91511b242fb807361e1b7a441b5",
        ),
        (
            "test_next_record.docx",
            "a53d36af5bfbef7452459d134ca81744c46002bde487f3c68351061a32f32a43",
        ),
        (
            "test_one_simple_field.docx",
            "4c4c137355d5e24123b991e5a41f23fdaf1442c393c47a3d61e08b92bcfbecfa",
        ),
        ("test_spaces.docx", "4ab713359d89017b96c690a0197ec6a3e70795397de98aa1e540105651614201"),
        (
            "test_winword2010.docx",
            "f305c15802f789acf4d7cb11733379fc1195233e6e19d1b6f0980598e9659f3b",
        ),
    )
]


def url(repository: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repository}/{commit}/{path}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_kept() -> list[str]:
    """The files kept in the repository that differ from their recorded checksum."""
    wrong = []
    for _, name, digest in SOURCES:
        path = HERE / "word" / name
        if not path.exists() or sha256(path.read_bytes()) != digest:
            wrong.append(name)
    return wrong


def fetch() -> list[str]:
    FETCHED.mkdir(exist_ok=True)
    wrong = []
    for (repository, commit, folder), name, digest in SOURCES:
        address = url(repository, commit, f"{folder}/{name}")
        with urllib.request.urlopen(address, timeout=60) as response:
            data = response.read()
        if sha256(data) != digest:
            wrong.append(name)
            continue
        (FETCHED / name).write_bytes(data)
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check the kept copies")
    args = parser.parse_args()
    wrong = check_kept() if args.check else fetch()
    for name in wrong:
        print(f"checksum mismatch: {name}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m bench [case ...]``: every case on SQLite, and on PostgreSQL when
SEGAPP_BENCH_DATABASE_URL is set; one line per case and database."""

from __future__ import annotations

import argparse
import sys

from . import (
    case_contact_statistics,
    case_contacts_search,
    case_csv_import,
    case_email_delivery,
    case_letters_pdf,
    case_log_segment,
    case_log_segment_send,
    case_merge_letters,
    case_merge_vs_docx_mailmerge,
    case_segment_jobs,
    case_segment_lines_page,
    case_selection,
    case_worksheet_edit,
)
from .harness import databases, fresh_engine

CASES = {
    case.NAME: case
    for case in (
        case_segment_lines_page,
        case_worksheet_edit,
        case_log_segment,
        case_log_segment_send,
        case_contacts_search,
        case_contact_statistics,
        case_csv_import,
        case_selection,
        case_segment_jobs,
        case_merge_letters,
        case_merge_vs_docx_mailmerge,
        case_email_delivery,
        case_letters_pdf,
    )
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default all: {', '.join(CASES)})")
    parser.add_argument("--repeat", type=int, default=15, help="timed repetitions per side")
    args = parser.parse_args(argv)
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    for name in args.cases or list(CASES):
        for kind, url in databases():
            engine = fresh_engine(url)
            try:
                results = CASES[name].run(kind, engine, args.repeat)
                for result in results if isinstance(results, list) else [results]:
                    print(result.line(), flush=True)
            finally:
                engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

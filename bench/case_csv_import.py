"""Importing a 100 000-row CSV file of contacts (check pass + import pass, one transaction);
peak memory is the process's, measured after the import."""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from segapp.demo import load_demo
from segapp.services.contacts import contact_csv

from .harness import Result

NAME = "csv_import"
ROWS = 100_000
CITIES = ("Lyon", "Paris", "Leeds", "Reading", "Gatineau", "Köln")


def write_file(path: Path, rows: int) -> None:
    """Companies every tenth row, the persons after them in the company."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(
            [
                "no",
                "type",
                "company_no",
                "name",
                "first_name",
                "surname",
                "city",
                "post_code",
                "phone_no",
                "email",
                "language_code",
                "salesperson_code",
                "correspondence_type",
            ]
        )
        company = ""
        for i in range(rows):
            no = f"IM{i:07d}"
            city = CITIES[i % len(CITIES)]
            if i % 10 == 0:
                company = no
                writer.writerow(
                    [
                        no,
                        "company",
                        "",
                        f"Company {i} Ltd",
                        "",
                        "",
                        city,
                        f"{i % 90000:05d}",
                        "+44 118 496 0000",
                        f"info{i}@company.example",
                        "EN",
                        "JO",
                        "email",
                    ]
                )
            else:
                writer.writerow(
                    [
                        no,
                        "person",
                        company,
                        "",
                        f"First{i}",
                        f"Surname{i}",
                        city,
                        "",
                        "+44 7700 900000",
                        f"p{i}@company.example",
                        "FR",
                        "",
                        "",
                    ]
                )


def run(kind: str, engine: Engine, repeat: int) -> Result:
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    path = Path(tempfile.mkdtemp(prefix="segapp-bench-")) / "contacts.csv"
    write_file(path, ROWS)
    mapping = contact_csv.read_preview(path).mapping
    start = time.perf_counter()
    with Session(engine) as session:
        count = contact_csv.import_file(session, path, mapping, valid_only=False)
        session.commit()
    seconds = time.perf_counter() - start
    assert count == ROWS
    # Baseline: reading and parsing the file once with the csv module, nothing else.
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sum(1 for _ in csv.reader(handle, delimiter=";"))
    base = time.perf_counter() - start
    size_mb = path.stat().st_size / 1e6
    path.unlink()
    return Result(
        NAME, kind, ROWS, seconds, base, {"file_mb": f"{size_mb:.1f}", "target": "<=8s,<=400MB"}
    )

"""Two users acting on one segment at the same moment (real threads, each on its own
connection, on SQLite and on PostgreSQL): the first change wins and the other is refused with
the reason, never with the generic "Something went wrong" (PRODUCT.md section 6: clear,
specific messages for every refused action)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlmodel import Session, func, select

from segapp.models import LoggedSegment, Salesperson, SegmentHeader, SegmentLine
from segapp.services.core.errors import UserError
from segapp.services.logging import logging as seglog
from segapp.services.selection import selection
from segapp.services.worksheet import claims, worksheet
from tests import factories as f

EVERYONE = {"contact": {"no": "*"}}


@pytest.fixture
def segment_no(session) -> str:
    f.template(session, "LETTER")
    session.add(Salesperson(code="PS", name="Peter"))
    for i in range(20):
        f.person(session, f"Person {i:02d}", email=f"p{i}@x.example")
    header = worksheet.create_segment(session, user_id=None, salesperson_code="PS", no="RACE1")
    header.description = "Race"
    worksheet.set_header_field(
        session, header.id, "interaction_template_code", "LETTER", update_lines=True
    )
    session.commit()
    return header.no


def _add_everyone(session: Session, seen: claims.SegmentRef) -> None:
    selection.add_contacts(session, claims.claim(session, seen).id, EVERYONE)


def _log(session: Session, seen: claims.SegmentRef) -> None:
    claims.claim(session, seen)
    seglog.log_segment(session, seen.no, user_id=None, deliver=False, follow_up=False)


def _race(db_engine, no: str, first: Callable, second: Callable) -> list[str]:
    """Both users read the segment (same version); the first one's change is made but not yet
    committed when the second one starts. Returns each one's outcome."""
    with Session(db_engine) as s:
        seen = claims.ref(s, no)
    outcomes = ["", ""]
    first_done = threading.Event()
    release = threading.Event()

    def run(index: int, action: Callable, hold: bool) -> None:
        with Session(db_engine, expire_on_commit=False) as s:
            try:
                action(s, seen)
                if hold:
                    first_done.set()
                    release.wait(30)
                s.commit()
                outcomes[index] = "done"
            except UserError as error:
                s.rollback()
                outcomes[index] = error.key
            except Exception as exc:  # the generic message: what must not happen
                s.rollback()
                outcomes[index] = f"unexpected {type(exc).__name__}: {exc}"
            finally:
                first_done.set()

    one = threading.Thread(target=run, args=(0, first, True))
    one.start()
    assert first_done.wait(60)
    two = threading.Thread(target=run, args=(1, second, False))
    two.start()
    time.sleep(0.5)  # let the second one reach the segment's lock
    release.set()
    one.join(60)
    two.join(60)
    return outcomes


def _lines(db_engine) -> int:
    with Session(db_engine) as s:
        return s.exec(select(func.count()).select_from(SegmentLine)).one()


def test_two_add_contacts_at_once_the_second_is_told_the_segment_changed(db_engine, segment_no):
    outcomes = _race(db_engine, segment_no, _add_everyone, _add_everyone)
    assert outcomes == ["done", "error.segment_changed_by_other"]
    assert _lines(db_engine) == 20


def test_adding_while_another_user_logs_is_told_the_segment_was_logged(db_engine, segment_no):
    with Session(db_engine) as s:
        seen = claims.ref(s, segment_no)
        _add_everyone(s, seen)
        s.commit()
    outcomes = _race(db_engine, segment_no, _log, _add_everyone)
    assert outcomes == ["done", "error.segment_logged_by_other"]
    with Session(db_engine) as s:
        assert s.exec(select(func.count()).select_from(LoggedSegment)).one() == 1
        assert s.exec(select(SegmentHeader)).all() == []


def test_logging_while_another_user_adds_is_told_the_segment_changed(db_engine, segment_no):
    with Session(db_engine) as s:
        _add_everyone(s, claims.ref(s, segment_no))
        s.commit()
    with Session(db_engine) as s:
        worksheet.delete_lines(s, claims.ref(s, segment_no).id, [10000])
        s.commit()
    outcomes = _race(db_engine, segment_no, _add_everyone, _log)
    assert outcomes == ["done", "error.segment_changed_by_other"]
    with Session(db_engine) as s:
        assert s.exec(select(func.count()).select_from(LoggedSegment)).one() == 0
    assert _lines(db_engine) == 20

"""A Go Back on a large segment runs in the background (bc-reference.md section 6.3): the tab
shows its progress, and another browser keeps working and gets its answers meanwhile."""

from __future__ import annotations

import datetime as dt
import re
import time

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from segapp.db import make_engine, transaction
from segapp.models import CriteriaAction, SegmentHeader
from segapp.services.selection import journal
from tests.e2e.conftest import sign_in

LINES = 60_000


def _big_segment(database_url: str, no: str) -> None:
    """A segment of LINES lines added by one Add step (every contact, many times over), with
    the step's journal, written in SQL so that the test starts at once."""
    engine = make_engine(database_url)
    with transaction(engine) as session:
        header = SegmentHeader(no=no, description="Big", date=dt.date(2026, 11, 2))
        session.add(header)
        session.flush()
        journal.write_action(
            session,
            header.id,
            CriteriaAction.ADD,
            [("contact", {"no": "*"})],
            allow_existing_contacts=True,
        )
        contacts = session.execute(text("SELECT count(*) FROM contact")).scalar_one()
        copies = LINES // contacts + 1
        session.execute(
            text(
                "INSERT INTO segment_line (segment_id, line_no, contact_id, contact_company_id,"
                " salesperson_code, correspondence_type, cost, duration, campaign_response,"
                " campaign_target, information_flow, initiated_by, evaluation, language_code,"
                " description, subject, date, attempt_failed, send_word_doc_as_attmt,"
                " contact_via)"
                " SELECT :sid, ROW_NUMBER() OVER (ORDER BY n.i, c.id) * 10000, c.id,"
                " c.company_id, c.salesperson_code, c.correspondence_type, 0, 0, false, false,"
                " '', '', '', c.language_code, 'Big', '', :date, false, false, ''"
                " FROM contact c CROSS JOIN (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                " SELECT i + 1 FROM n WHERE i < :copies) SELECT i FROM n) n"
            ),
            {"sid": header.id, "date": dt.date(2026, 11, 2), "copies": copies},
        )
        session.execute(
            text(
                "INSERT INTO segment_history (segment_id, action_no, segment_line_no,"
                " contact_id, action_taken) SELECT segment_id, 1, line_no, contact_id,"
                " 'insertion' FROM segment_line WHERE segment_id = :sid"
            ),
            {"sid": header.id},
        )
    engine.dispose()


def test_go_back_on_a_large_segment_leaves_other_browsers_working(
    page: Page, browser: Browser, base_url: str, app_database_url: str
):
    _big_segment(app_database_url, "BIGGOBACK")
    sign_in(page)
    page.goto("/segments/BIGGOBACK")
    expect(page.locator("#hdr-no_of_lines")).not_to_have_text("0", timeout=60_000)

    other = browser.new_context(base_url=base_url).new_page()
    other.set_default_timeout(30_000)
    sign_in(other)
    other.click("#new-segment")
    other.wait_for_url(re.compile(r"/segments/SEG\d+"))
    expect(other.locator("#no-lines")).to_be_visible()

    page.click("#contacts-menu")
    page.click("#menu-go-back")
    page.click("#go-back-yes")
    expect(page.locator("#job-banner")).to_be_visible()
    expect(page.locator("#job-stage")).not_to_be_empty()

    # the other browser edits its segment and sees the answer while the Go Back runs
    start = time.monotonic()
    other.fill("#hdr-description", "Edited meanwhile")
    other.press("#hdr-description", "Enter")
    expect(other.locator("#worksheet-title")).to_contain_text("Edited meanwhile")
    other.goto("/segments")
    expect(other.locator(".segment-row").first).to_be_visible()
    answered = time.monotonic() - start

    expect(page.locator("#job-banner")).to_be_hidden(timeout=120_000)
    expect(page.locator("#hdr-no_of_lines")).to_have_text("0", timeout=30_000)
    assert answered < 15, f"the other browser waited {answered:.1f} s"
    other.context.close()

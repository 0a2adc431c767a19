"""Logging in a real browser (bc-reference.md 7.1-7.5, PRODUCT.md 5): log with follow-up, find
it in Logged Segments, open its entries, cancel and un-cancel it, reuse it as a new segment."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def _logged_row(page: Page, segment_no: str):
    return page.locator(".logged-row").filter(
        has=page.locator(".logged-segment-no", has_text=segment_no)
    )


def test_log_with_follow_up_then_cancel_uncancel_and_reuse(page: Page):
    """Reference 7.1, 7.2 step 8, 7.4 and scenario 18 of 12a, end to end."""
    sign_in(page)
    page.goto("/segments/SEG00004")
    expect(page.locator("#hdr-no")).to_have_text("SEG00004")
    lines = int(page.locator("#hdr-no_of_lines").inner_text())
    page.click("#log-open")
    send = page.locator("#log-send")
    expect(send).to_be_visible()
    if send.get_attribute("data-state") == "checked":
        send.click()
    expect(send).to_have_attribute("data-state", "unchecked")
    page.locator("#log-follow-up").click()
    expect(page.locator("#log-follow-up")).to_have_attribute("data-state", "checked")
    page.click("#log-confirm")
    expect(page.get_by_text("Segment SEG00004 has been logged.", exact=False)).to_be_visible()
    page.wait_for_url(re.compile(r"/segments$"))
    follow_up = page.locator(".segment-row").filter(has_text="Follow-up on segment SEG00004")
    expect(follow_up).to_have_count(1)
    expect(page.locator(".segment-row a", has_text=re.compile(r"^SEG00004$"))).to_have_count(0)

    page.goto("/logged-segments")
    row = _logged_row(page, "SEG00004")
    expect(row).to_have_count(1)
    expect(row.locator(".entries-link")).to_have_text(str(lines))
    row.locator(".entries-link").click()
    page.wait_for_url(re.compile(r"/interaction-log-entries\?logged_segment=\d+"))
    expect(page.locator(".entry-row").first).to_be_visible()
    expect(page.locator(".pager-status").first).to_be_visible()
    expect(page.get_by_text(f"{lines} records")).to_be_visible()
    expect(page.locator(".entry-row .canceled-badge")).to_have_count(0)

    page.goto("/logged-segments")
    row = _logged_row(page, "SEG00004")
    row.locator(".logged-select").click()
    page.click("#logged-switch-canceled")
    expect(page.locator("#confirm-text")).to_contain_text("Cancel the selected logged segment")
    page.click("#confirm-yes")
    expect(row.locator(".canceled-badge")).to_be_visible()
    row.locator(".entries-link").click()
    page.wait_for_url(re.compile(r"/interaction-log-entries\?logged_segment=\d+"))
    expect(page.locator(".entry-row").first).to_be_visible()
    expect(page.locator(".entry-row .canceled-badge")).to_have_count(
        page.locator(".entry-row").count()
    )

    page.goto("/logged-segments")
    row = _logged_row(page, "SEG00004")
    row.locator(".logged-select").click()
    page.click("#logged-switch-canceled")
    expect(page.locator("#confirm-text")).to_contain_text("Remove the cancellation")
    page.click("#confirm-yes")
    expect(row.locator(".canceled-badge")).to_have_count(0)
    expect(row.locator(".entries-link")).to_have_text(str(lines))

    row.locator(".logged-select").click()
    page.click("#logged-reuse")
    page.wait_for_url(re.compile(r"/segments/SEG\d+$"))
    expect(page.locator("#hdr-no_of_lines")).to_have_text(str(lines))


def test_logged_letters_open_from_the_entries(page: Page):
    """Issue (Word documents): logged with "send attachments", each entry keeps its merged
    letter, which the Interaction Log Entries page opens."""
    sign_in(page)
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    no = page.locator("#hdr-no").inner_text()
    page.fill("#hdr-description", "Letters to keep")
    page.press("#hdr-description", "Enter")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile("THANKS")).click()
    page.click("#hdr-ignore_contact_corres_type")
    page.click("#hdr-correspondence_type_default")
    page.get_by_role("option", name="Hard Copy").click()
    for contact in ("CT000001", "CT000002"):
        count = page.locator(".line-row").count()
        page.fill("#add-contact", contact)
        page.click("#add-line")
        expect(page.locator(".line-row")).to_have_count(count + 1)
    page.click("#log-open")
    expect(page.locator("#log-send")).to_have_attribute("data-state", "checked")
    page.click("#log-confirm")
    page.wait_for_url(re.compile(r"/segments$"))
    page.goto("/logged-segments")
    _logged_row(page, no).locator(".entries-link").click()
    page.wait_for_url(re.compile(r"/interaction-log-entries\?logged_segment=\d+"))
    documents = page.locator(".entry-row .entry-document")
    expect(documents.first).to_be_visible()
    with page.expect_download() as download:
        documents.first.click()
    assert download.value.suggested_filename.endswith(".docx")

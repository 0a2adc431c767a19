"""After logging, in a real browser (bc-reference.md 7.4, 7.5): the Campaign Entries of a logged
segment, and "delete unique attachments?" when canceling and deleting entries."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_campaign_entries_open_from_a_logged_segment(page: Page):
    """Reference 7.4: No. of Campaign Entries is a drill-down to those campaign entries."""
    sign_in(page)
    page.goto("/logged-segments")
    link = page.locator(".logged-row .campaign-entries-link").filter(
        has_text=re.compile(r"^[1-9]\d*$")
    )
    expect(link.first).to_be_visible()
    count = link.first.inner_text()
    link.first.click()
    page.wait_for_url(re.compile(r"/campaign-entries\?logged_segment=\d+"))
    expect(page.locator(".campaign-entry-row")).to_have_count(int(count))


def test_unique_attachments_are_asked_about_when_canceling_and_deleting(page: Page):
    """Reference 7.5: a letter logged for one entry only is a unique attachment. Canceling the
    entry asks whether to delete it (No keeps it); Delete Canceled Entries asks again (Yes
    deletes the entries and their letters)."""
    sign_in(page)
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    page.fill("#hdr-description", "Unique letters")
    page.press("#hdr-description", "Enter")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile("THANKS")).click()
    page.click("#hdr-ignore_contact_corres_type")
    page.click("#hdr-correspondence_type_default")
    page.get_by_role("option", name="Hard Copy").click()
    page.fill("#add-contact", "CT000003")
    page.click("#add-line")
    expect(page.locator(".line-row")).to_have_count(1)
    page.click("#log-open")
    expect(page.locator("#log-send")).to_have_attribute("data-state", "checked")
    page.click("#log-confirm")
    page.wait_for_url(re.compile(r"/segments$"))
    page.goto("/logged-segments")
    # its own row: other tests store logged segments of their own
    page.locator(".logged-row", has_text="Unique letters").first.locator(".entries-link").click()
    page.wait_for_url(re.compile(r"/interaction-log-entries\?logged_segment=\d+"))
    row = page.locator(".entry-row")
    expect(row).to_have_count(1)
    expect(row.locator(".entry-document")).to_have_count(1)

    row.locator(".entry-select").click()
    page.click("#ile-switch-canceled")
    page.click("#confirm-yes")
    expect(page.locator("#unique-text")).to_contain_text("1 documents")
    page.click("#unique-no")
    expect(row.locator(".canceled-badge")).to_be_visible()
    expect(row.locator(".entry-document")).to_have_count(1)

    page.click("#ile-delete-canceled")
    page.click("#confirm-yes")
    expect(page.locator("#unique-text")).to_contain_text("1 documents")
    page.click("#unique-yes")
    expect(page.locator("#ile-empty")).to_be_visible()

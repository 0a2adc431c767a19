"""E-mail delivery in a real browser (bc-reference.md 8.3, 8.6; scenario 20 of 12a): log a
segment of Email lines, watch the statuses turn sent without reloading, open the stored
e-mail, and resend one entry with Update Merge Fields."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from segapp.db import make_engine, transaction
from segapp.models import Contact, ContactType
from tests.e2e.conftest import sign_in

SENT = 90_000


def test_log_emails_watch_them_sent_open_one_and_resend_with_update_merge_fields(
    page: Page, delivery_paused
):
    sign_in(page)
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    no = page.locator("#hdr-no").inner_text()
    page.fill("#hdr-description", "Autumn news by e-mail")
    page.press("#hdr-description", "Enter")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile("NEWS")).click()
    for contact in ("CT000002", "CT000004"):
        count = page.locator(".line-row").count()
        page.fill("#add-contact", contact)
        page.click("#add-line")
        expect(page.locator(".line-row")).to_have_count(count + 1)
    page.click("#log-open")
    expect(page.locator("#log-send")).to_have_attribute("data-state", "checked")
    row = page.locator(".logged-row").filter(has=page.locator(".logged-segment-no", has_text=no))
    with delivery_paused():  # the workers are held while the page shows the e-mails queued
        page.click("#log-confirm")
        page.wait_for_url(re.compile(r"/segments$"))
        page.goto("/logged-segments")
        expect(row.locator(".logged-in-progress")).to_have_text("2")
        expect(row.locator(".logged-sent")).to_have_text("0")
    # the page follows the statuses as the workers send, without a reload
    expect(row.locator(".logged-sent")).to_have_text("2", timeout=SENT)
    expect(row.locator(".logged-in-progress")).to_have_text("0")
    expect(row.locator(".logged-failed")).to_have_text("0")
    row.locator(".entries-link").click()
    page.wait_for_url(re.compile(r"/interaction-log-entries\?logged_segment=\d+"))
    expect(page.locator(".entry-row .delivery-sent")).to_have_count(2, timeout=SENT)

    page.locator(".entry-row .entry-message").first.click()
    dialog = page.locator("#message-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".message-from")).to_contain_text("marketing@cronus-demo.example")
    expect(dialog.locator(".message-to")).to_contain_text("@savoie-dumont.example")
    body = page.frame_locator("#message-dialog iframe.message-body")
    expect(body.locator("body")).to_contain_text(re.compile(r"\w"))
    dialog.get_by_role("button", name="Close").click()

    first = page.locator(".entry-row").first
    description = first.locator("td").nth(4).inner_text()
    first.locator(".entry-select").click()
    page.click("#ile-resend")
    expect(page.locator("#resend-dialog")).to_be_visible()
    page.click("#resend-update")
    resent = page.locator(".entry-row").filter(has_text=f"Resend: {description}")
    with delivery_paused():
        page.click("#resend-confirm")
        expect(page.get_by_text("1 entries resent.")).to_be_visible()
        expect(page.locator(".entry-row")).to_have_count(3)
        expect(resent).to_have_count(1)
        expect(resent.locator(".delivery-in_progress")).to_have_count(1)
    expect(resent.locator(".delivery-sent")).to_have_count(1, timeout=SENT)


def test_a_failed_e_mail_shows_why_and_the_error_filter_finds_it(page: Page, app_database_url):
    """An e-mail that cannot be sent (here a contact address the card would refuse, stored
    directly) turns its entry Error with the reason under it; Logged Segments counts it as
    failed, and the Delivery filter "Error" of Interaction Log Entries finds it."""
    engine = make_engine(app_database_url)
    with transaction(engine) as session:
        contact = session.execute(
            select(Contact)
            .where(
                Contact.type == ContactType.PERSON,
                Contact.email != "",
                col(Contact.privacy_blocked).is_(False),
                col(Contact.exclude_from_segment).is_(False),
                Contact.no > "CT000200",
            )
            .order_by(Contact.no)
            .limit(1)
        ).scalar_one()
        contact.email = "nobody at example"
        contact_no = contact.no
    engine.dispose()

    sign_in(page)
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    no = page.locator("#hdr-no").inner_text()
    page.fill("#hdr-description", "News to a broken address")
    page.press("#hdr-description", "Enter")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile("NEWS")).click()
    page.fill("#add-contact", contact_no)
    page.click("#add-line")
    expect(page.locator(".line-row")).to_have_count(1)
    page.click("#log-open")
    page.click("#log-confirm")
    page.wait_for_url(re.compile(r"/segments$"))

    page.goto("/logged-segments")
    row = page.locator(".logged-row").filter(has=page.locator(".logged-segment-no", has_text=no))
    expect(row.locator(".logged-failed")).to_have_text("1", timeout=SENT)
    expect(row.locator(".logged-sent")).to_have_text("0")
    row.locator(".entries-link").click()
    entry = page.locator(".entry-row")
    expect(entry.locator(".delivery-failed")).to_have_count(1, timeout=SENT)
    expect(entry.locator(".delivery-error")).to_have_text(
        "Invalid recipient address: nobody at example"
    )
    page.click("#filter-clear")
    page.wait_for_url(re.compile(r"/interaction-log-entries$"))
    page.click("#filter-delivery")
    page.get_by_role("option", name="Error", exact=True).click()
    errors = page.locator(".entry-row .delivery-error")
    expect(errors.filter(has_text="Invalid recipient address: nobody at example")).to_have_count(1)
    expect(page.locator(".entry-row .delivery-sent")).to_have_count(0)
    expect(page.locator(".entry-row .delivery-in_progress")).to_have_count(0)

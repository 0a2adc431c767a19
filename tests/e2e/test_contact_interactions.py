"""The contact's interactions at a glance (issue 14; bc-reference.md 2.6 fields 5067-5077) in a
real browser, on a desktop and on a phone: a company and its person get a letter each and the
person an e-mail, logged from segments; the person stays on an open segment. Their cards show
the counts and totals, the latest entries whose letter and e-mail open in one click, the open
segment linking to its worksheet, and the month's bars of the chart."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORTS, sign_in

SENT = 90_000
LOAD = 30_000  # a page's first compile on a loaded machine


def _new_contact(page: Page, url: str, **fields: str) -> str:
    page.goto(url)
    expect(page.locator("#contact-form")).to_have_attribute(
        "data-path", "/contacts/new", timeout=LOAD
    )
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    page.click("#contact-save")
    page.wait_for_url(re.compile(r"/contacts/CT\d+"))
    expect(page.locator("#contact-no")).to_have_text(re.compile(r"CT\d+"))
    return page.locator("#contact-no").inner_text()


def _segment(
    page: Page, description: str, template: str, contacts: list[str], log: bool, letter=False
) -> str:
    page.goto("/segments")
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    no = page.url.rsplit("/", 1)[-1]
    expect(page.locator("#hdr-no")).to_have_text(no)  # the new segment, not the last one seen
    page.fill("#hdr-description", description)
    page.press("#hdr-description", "Enter")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile(template)).click()
    expect(page.locator("#hdr-unit_cost")).not_to_have_value("0.00")
    if letter:  # a letter whatever the contacts prefer
        page.click("#hdr-ignore_contact_corres_type")
        page.click("#hdr-correspondence_type_default")
        page.get_by_role("option", name="Hard Copy").click()
    for contact in contacts:
        count = page.locator(".line-row").count()
        page.fill("#add-contact", contact)
        page.click("#add-line")
        expect(page.locator(".line-row")).to_have_count(count + 1)
    if log:
        page.click("#log-open")
        expect(page.locator("#log-send")).to_have_attribute("data-state", "checked")
        page.click("#log-confirm")
        page.wait_for_url(re.compile(r"/segments$"))
    return no


def _log_interactions(page: Page, tag: str) -> dict[str, str]:
    """A company and its person; THANKS letters (12.50, 15 min.) to both, a NEWS e-mail (0.05,
    1 min.) to the person, and an open segment with the person."""
    company = _new_contact(
        page, "/contacts/new?type=company", name=f"Étoile d'Or «{tag}» & Cie", city="Nantes"
    )
    page.click("#new-person-in-company")
    page.wait_for_url(re.compile(r"/contacts/new\?type=person"))
    person = _new_contact(
        page,
        page.url,
        first_name="Zoé",
        surname=f"O'Glance-{tag}",
        email=f"zoe.{tag}@glance.example",
    )
    _segment(page, f"Thanks {tag}", "THANKS", [company, person], log=True, letter=True)
    _segment(page, f"News {tag}", "NEWS", [person], log=True)
    open_no = _segment(page, f"Still open {tag}", "GOLF", [person], log=False)
    return {"company": company, "person": person, "open": open_no}


def test_card_shows_counts_totals_latest_entries_segments_and_chart(screen, browser, base_url):
    kind, page = screen
    tag = f"{kind}{dt.datetime.now():%H%M%S}"
    writer = browser.new_context(base_url=base_url, **VIEWPORTS["desktop"])
    desk = writer.new_page()
    desk.set_default_timeout(30_000)
    sign_in(desk)
    made = _log_interactions(desk, tag)
    writer.close()

    sign_in(page)
    today = dt.date.today().strftime("%d/%m/%Y")
    page.goto(f"/contacts/{made['person']}")
    # the e-mail is sent by the delivery worker: read the card again until it is stored
    message = page.locator(".glance-message:visible")
    for _ in range(60):
        expect(page.locator("#glance-no-of-interactions")).to_have_text("2", timeout=LOAD)
        if message.count():
            break
        page.wait_for_timeout(1500)
        page.reload()
    expect(page.locator("#glance-cost")).to_have_text("12.55")
    expect(page.locator("#glance-duration")).to_have_text("16")
    expect(page.locator("#glance-date-of-last-interaction")).to_have_text(today)
    rows = page.locator(".glance-entry:visible, .glance-entry-card:visible")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=f"Thanks {tag}")).to_have_count(1)

    with page.expect_download() as download:
        rows.filter(has_text=f"Thanks {tag}").locator(".glance-document").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert f"O'Glance-{tag}" in download.value.suggested_filename

    expect(message).to_have_count(1, timeout=SENT)
    message.click()
    dialog = page.locator("#message-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".message-to")).to_contain_text(f"zoe.{tag}@glance.example")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # the chart: this month's bar, and its figures in the table screen readers get
    chart = page.locator("#glance-chart")
    expect(chart).to_contain_text("2 interactions over the last 12 months")
    expect(chart.locator(".recharts-bar-rectangle path").first).to_be_attached()
    this_month = chart.locator("tbody tr").last
    expect(this_month.locator("td")).to_have_text([re.compile(r"\w+ \d{4}"), "0", "1", "1"])

    segment = page.locator(".glance-segment").filter(has_text=made["open"])
    expect(segment).to_contain_text(f"Still open {tag}")
    if kind == "phone":
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0

    # the company: its own letter and its person's two entries
    page.goto(f"/contacts/{made['company']}")
    expect(page.locator("#glance-no-of-interactions")).to_have_text("3", timeout=LOAD)
    expect(page.locator("#glance-cost")).to_have_text("25.05")
    expect(page.locator("#glance-duration")).to_have_text("31")
    rows = page.locator(".glance-entry:visible, .glance-entry-card:visible")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text=f"O'Glance-{tag}")).to_have_count(2)
    expect(page.locator("#glance-chart")).to_contain_text("3 interactions over the last 12 months")
    segment = page.locator(".glance-segment").filter(has_text=made["open"])
    expect(segment).to_contain_text("Lines: 1")
    segment.get_by_role("link", name=made["open"]).click()
    page.wait_for_url(re.compile(rf"/segments/{made['open']}$"))
    expect(page.locator("#hdr-no")).to_have_text(made["open"])

"""The Contacts user story in a real browser: a company and a person in it who inherits its
data, a mailing group ticked, the person found by search, a CSV import with one bad row."""

import re

from playwright.sync_api import Page, expect

from segapp import demo
from tests.e2e.conftest import sign_in


def _wait_for_card(page: Page, path: str) -> None:
    """The card's form is replaced once its data has loaded: type only after that."""
    expect(page.locator("#contact-form")).to_have_attribute("data-path", path)


def _save_and_get_no(page: Page) -> str:
    page.click("#contact-save")
    page.wait_for_url(re.compile(r"/contacts/CT\d+"))
    expect(page.locator("#contact-no")).to_have_text(re.compile(r"CT\d+"))
    return page.locator("#contact-no").inner_text()


def test_company_person_inheritance_mailing_group_search_and_import(page: Page):
    sign_in(page)
    page.goto("/contacts/new?type=company")
    _wait_for_card(page, "/contacts/new")
    page.fill("#f-name", "Zephyr Browser Test Ltd")
    page.fill("#f-address", "7 Quai de la Fosse")
    page.fill("#f-city", "Nantes")
    page.fill("#f-post_code", "44000")
    page.select_option("#f-language_code", "FR")
    page.select_option("#f-salesperson_code", "JO")
    company_no = _save_and_get_no(page)

    page.click("#new-person-in-company")
    page.wait_for_url(re.compile(r"/contacts/new\?type=person"))
    _wait_for_card(page, "/contacts/new")
    expect(page.locator("#f-company_no")).to_have_value(company_no)
    page.fill("#f-first_name", "Zoé")
    page.fill("#f-surname", "Brownsertest")
    person_no = _save_and_get_no(page)
    assert person_no != company_no
    expect(page.locator("#f-name")).to_have_value("Zoé Brownsertest")
    expect(page.locator("#f-city")).to_have_value("Nantes")
    expect(page.locator("#f-address")).to_have_value("7 Quai de la Fosse")
    expect(page.locator("#f-language_code")).to_have_value("FR")
    expect(page.locator("#f-salesperson_code")).to_have_value("JO")
    expect(page.locator(".related-contact")).to_contain_text(company_no)

    tick = page.locator("#tick-mailing_group-NEWSLETTER")
    expect(tick).to_have_attribute("data-state", "unchecked")
    tick.click()
    expect(tick).to_have_attribute("data-state", "checked")
    page.reload()
    expect(page.locator("#tick-mailing_group-NEWSLETTER")).to_have_attribute(
        "data-state", "checked"
    )

    page.goto("/contacts")
    expect(page.locator(".contact-row").first).to_be_visible()
    page.fill("#contact-search", "brownsert")
    page.keyboard.press("Enter")
    rows = page.locator(".contact-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(person_no)
    page.select_option("#filter-mailing_group", "NEWSLETTER")
    expect(rows).to_have_count(1)

    page.goto("/contacts-import")
    csv_text = (
        "Name;City;E-Mail;Type\n"
        "Csv Import One;Brest;one@csv.example;Company\n"
        "Csv Import Two;Rennes;not-an-email;Company\n"
        "Csv Import Three;Quimper;three@csv.example;Company\n"
    )
    page.set_input_files(
        "#csv_upload input[type=file]",
        files=[{"name": "contacts.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}],
    )
    page.click("#csv-upload-go")
    expect(page.locator("#csv-file")).to_contain_text("contacts.csv")
    page.click("#csv-check")
    expect(page.locator("#csv-summary")).to_contain_text("3 records: 2 valid, 1 with errors")
    errors = page.locator(".csv-error")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("not-an-email")
    with page.expect_download() as report:
        page.click("#csv-error-report")
    lines = report.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(errors.first.locator("td").first.inner_text() + ";")
    page.click("#csv-import-valid")
    expect(page.locator("#csv-imported")).to_contain_text("2 contacts imported")

    page.goto("/contacts")
    expect(page.locator("#filter-mailing_group")).to_have_value("NEWSLETTER")  # kept per tab
    page.select_option("#filter-mailing_group", "")
    page.fill("#contact-search", "csv import")
    page.keyboard.press("Enter")
    expect(page.locator(".contact-row")).to_have_count(2)


def test_contact_on_a_segment_cannot_be_deleted_and_says_why(page: Page):
    sign_in(page)
    # A demo segment no other browser test logs or empties: its lines are there whatever ran first.
    row = page.locator(".segment-row", has_text="Season's greetings and thanks")
    row.locator("a").first.click()
    first_contact = page.locator(".line-open").first.inner_text()
    page.goto(f"/contacts/{first_contact}")
    _wait_for_card(page, f"/contacts/{first_contact}")
    page.click("#contact-delete")
    page.click("#confirm-delete")
    expect(page.locator(".refusal-text:visible", has_text="cannot be deleted")).to_be_visible()
    page.reload()
    expect(page.locator("#contact-no")).to_have_text(first_contact)


def test_phone_contact_list_shows_cards(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/signin")
    page.fill("#username", demo.DEMO_USERNAME)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("#signin-submit")
    page.wait_for_url("**/segments")
    page.goto("/contacts")
    expect(page.locator(".contact-card").first).to_be_visible()
    expect(page.locator(".contact-row").first).to_be_hidden()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


def test_export_downloads_the_list_view_for_the_signed_in_user_only(page: Page, browser, base_url):
    """CSV export (issue: contacts) through an expiring link bound to the browser session."""
    sign_in(page)
    page.goto("/contacts")
    expect(page.locator(".contact-row").first).to_be_visible()
    with page.expect_download() as download:
        page.click("#export-csv")
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].count(";") > 5
    assert len(content.splitlines()) > 400
    link = download.value.url
    stranger = browser.new_context(base_url=base_url)
    response = stranger.request.get(link)
    assert response.status in (403, 404)
    stranger.close()

"""Editing a segment in the browser (issue: Segment worksheet; bc-reference.md 4.2, 4.3, 5.1)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def _choose(page: Page, field_id: str, option: str) -> None:
    page.click(f"#{field_id}")
    page.get_by_role("option", name=re.compile(option)).first.click()


def _commit_text(page: Page, field_id: str, value: str) -> None:
    page.fill(f"#{field_id}", value)
    page.press(f"#{field_id}", "Enter")


def _column(page: Page, index: int) -> list[str]:
    return [row.locator("td").nth(index).inner_text() for row in page.locator(".line-row").all()]


DESCRIPTION = 5  # select box, contact no., name, company, correspondence type, description


def _add_contact(page: Page, no: str) -> None:
    count = page.locator(".line-row").count()
    page.fill("#add-contact", no)
    page.click("#add-line")
    expect(page.locator(".line-row")).to_have_count(count + 1)


def test_create_a_segment_type_lines_and_propagate_header_changes(page: Page):
    sign_in(page)
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    expect(page.locator("#no-lines")).to_be_visible()
    no = page.locator("#hdr-no").inner_text()

    _commit_text(page, "hdr-description", "Winter letter")
    expect(page.locator("#worksheet-title")).to_contain_text("Winter letter")
    _choose(page, "hdr-interaction_template_code", "ABSTRACT")
    expect(page.locator("#hdr-unit_cost")).not_to_have_value("0.00")

    for contact in ("CT000001", "CT000002", "CT000003"):
        _add_contact(page, contact)
    expect(page.locator("#hdr-no_of_lines")).to_have_text("3")
    expect(page.locator("#hdr-criteria")).to_have_text("3")
    assert _column(page, DESCRIPTION) == ["Winter letter"] * 3

    # personalise the third line with another template
    page.locator(".line-open").nth(2).click()
    _choose(page, "line-interaction_template_code", "THANKS")
    page.click("#line-save")
    expect(page.locator("#line-save")).to_be_hidden()
    expect(page.locator(".line-row").nth(2).locator("td").nth(6)).to_have_text("THANKS")

    # Yes: the lines that use the header's template follow, the personalised one does not
    _commit_text(page, "hdr-description", "Spring letter")
    expect(page.locator("#question-text")).to_contain_text("2")
    page.click("#answer-yes")
    expect(page.locator("#worksheet-title")).to_contain_text("Spring letter")
    expect(page.locator(".line-row").first.locator("td").nth(DESCRIPTION)).to_have_text(
        "Spring letter"
    )
    descriptions = _column(page, DESCRIPTION)
    assert descriptions[:2] == ["Spring letter", "Spring letter"]
    assert descriptions[2] != "Spring letter"

    # No: only the header changes
    _commit_text(page, "hdr-description", "Header only")
    page.click("#answer-no")
    expect(page.locator("#worksheet-title")).to_contain_text("Header only")
    assert _column(page, DESCRIPTION)[:2] == ["Spring letter", "Spring letter"]

    # a refused edit shows why and changes nothing
    page.locator(".line-open").first.click()
    page.fill("#line-cost", "-3")
    page.click("#line-save")
    expect(page.locator("#line-error")).to_contain_text("cannot be negative")
    page.keyboard.press("Escape")

    # the segment is listed, and deleting it asks first
    page.goto("/segments")
    row = page.locator(".segment-row", has_text=no)
    expect(row).to_contain_text("3")
    row.locator(".segment-delete").click()
    page.click("#confirm-delete-segment")
    expect(page.locator(".segment-row", has_text=no)).to_have_count(0)


def test_unknown_contact_is_refused_with_its_number(page: Page):
    sign_in(page)
    # a demo segment: other tests add newer, empty segments at the top of the list
    page.locator(".segment-row", has_text="Golf day invitations - second wave").locator(
        "a"
    ).first.click()
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    before = page.locator("#hdr-no_of_lines").inner_text()
    page.fill("#add-contact", "NOPE-123")
    page.click("#add-line")
    expect(page.get_by_text("There is no contact with no. NOPE-123.")).to_be_visible()
    expect(page.locator("#hdr-no_of_lines")).to_have_text(before)


def test_phone_worksheet_shows_cards_and_reaches_every_action(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page)
    page.locator(".segment-card", has_text="Golf day invitations - second wave").first.click()
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    cards = page.locator(".line-card")
    expect(cards.first).to_be_visible()
    expect(page.locator("#add-contact")).to_be_visible()
    expect(page.locator("#delete-lines")).to_be_visible()
    page.click("#header-summary")  # the header opens from its summary
    expect(page.locator("#hdr-description")).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    cards.first.locator(".line-card-body").click()
    expect(page.locator("#line-save")).to_be_visible()
    # dialogs fill a phone's screen (once their opening animation is over)
    page.wait_for_function(
        "() => { const r = document.querySelector('[role=dialog]').getBoundingClientRect();"
        " return r.left <= 0.5 && r.width >= 389; }"
    )
    context.close()

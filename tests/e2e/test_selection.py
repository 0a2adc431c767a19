"""Choosing contacts in the browser (bc-reference.md section 6)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def _new_segment(page: Page) -> str:
    page.goto("/segments")
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    expect(page.locator("#no-lines")).to_be_visible()
    return page.locator("#hdr-no").inner_text()


def _open(page: Page, item: str) -> None:
    page.click("#contacts-menu")
    page.click(f"#menu-{item}")


def _contacts(page: Page) -> list[str]:
    return sorted(page.locator(".line-open").all_inner_texts())


def test_add_reduce_go_back_save_and_reuse_criteria(page: Page):
    sign_in(page)
    _new_segment(page)

    # Add by mailing group, with the count shown before confirming
    _open(page, "add")
    page.get_by_role("tab", name="Contact Mailing Group").click()
    page.fill("#flt-contact_mailing_group-mailing_group_code", "GIFT")
    expect(page.locator("#step-count")).not_to_contain_text(re.compile(r"^4\d\d "))
    expect(page.locator("#step-count")).to_contain_text("will be added")  # not "Counting…"
    count_text = page.locator("#step-count").inner_text()
    expected = int(re.match(r"(\d+)", count_text).group(1))
    assert 0 < expected < 100
    page.click("#step-run")
    expect(page.locator("#hdr-no_of_lines")).to_have_text(str(expected))
    expect(page.locator("#criteria-list")).to_contain_text("Mailing Group Code = GIFT")
    added = _contacts(page)

    # a malformed filter says what is wrong and cannot run
    _open(page, "reduce")
    page.get_by_role("tab", name="Contact Business Relation").click()
    page.fill("#flt-contact_business_relation-business_relation_code", "CUST||")
    expect(page.locator("#step-error")).to_contain_text("empty value")
    expect(page.locator("#step-run")).to_be_disabled()

    # Reduce by business relation
    page.fill("#flt-contact_business_relation-business_relation_code", "CUST")
    expect(page.locator("#step-count")).to_contain_text("will be removed")
    removed = int(re.match(r"(\d+)", page.locator("#step-count").inner_text()).group(1))
    page.click("#step-run")
    expect(page.locator("#hdr-no_of_lines")).to_have_text(str(expected - removed))
    expect(page.locator("#hdr-criteria")).to_have_text("2")
    reduced = _contacts(page)

    # Go Back undoes the reduction
    _open(page, "go-back")
    page.click("#go-back-yes")
    expect(page.locator("#hdr-criteria")).to_have_text("1")
    expect(page.locator("#hdr-no_of_lines")).to_have_text(str(expected))
    assert _contacts(page) == added

    # Reduce again, then save the criteria
    _open(page, "reduce")
    page.get_by_role("tab", name="Contact Business Relation").click()
    page.fill("#flt-contact_business_relation-business_relation_code", "CUST")
    expect(page.locator("#step-count")).to_contain_text("will be removed")
    page.click("#step-run")
    expect(page.locator("#hdr-criteria")).to_have_text("2")
    assert _contacts(page) == reduced
    _open(page, "save")
    page.fill("#save-code", "GIFTNOCUST")
    page.fill("#save-desc", "Gift, no customers")
    page.click("#save-yes")
    expect(page.get_by_text("Criteria GIFTNOCUST saved.")).to_be_visible()

    # Reuse them on a new segment: the same contacts
    _new_segment(page)
    _open(page, "reuse")
    page.click("#reuse-choice")
    page.get_by_role("option", name=re.compile("GIFTNOCUST")).click()
    page.click("#reuse-yes")
    expect(page.locator("#hdr-criteria")).to_have_text("2")
    expect(page.locator("#hdr-no_of_lines")).to_have_text(str(len(reduced)))
    assert _contacts(page) == reduced

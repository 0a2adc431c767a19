"""The Foundation user story in a real browser: sign in, segments list, worksheet, French,
phone layout, sign out, and pages guarded while signed out."""

import re

from playwright.sync_api import Page, expect

from segapp import demo
from tests.e2e.conftest import sign_in

DEMO_SEGMENT = "Golf day invitations - second wave"


def test_signed_out_visitors_are_sent_to_sign_in(page: Page):
    for path in ("/segments", "/segments/SEG00001", "/logged-segments", "/setup"):
        page.goto(path)
        page.wait_for_url(re.compile(r"/signin\?next="))
        expect(page.locator("#signin-submit")).to_be_visible()


def test_wrong_credentials_get_one_generic_message(page: Page):
    page.goto("/signin")
    expect(page.locator("#demo-hint")).to_contain_text(demo.DEMO_USERNAME)
    page.fill("#username", demo.DEMO_USERNAME)
    page.fill("#password", "not the password")
    page.click("#signin-submit")
    expect(page.locator("#signin-error")).to_have_text("The user name or password is incorrect.")
    page.fill("#username", "nobody-here")
    page.click("#signin-submit")
    expect(page.locator("#signin-error")).to_have_text("The user name or password is incorrect.")
    expect(page).to_have_url(re.compile(r"/signin"))


def test_demo_user_sees_segments_and_opens_a_worksheet(page: Page):
    sign_in(page)
    rows = page.locator(".segment-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 3
    # a demo segment with lines that no test empties (other tests add empty segments on top)
    row = rows.filter(has_text=DEMO_SEGMENT).first
    number = row.locator("td").first.inner_text()
    row.locator("a").first.click()
    page.wait_for_url(f"**/segments/{number}")
    expect(page.locator("#hdr-no")).to_have_text(number)
    expect(page.locator("#hdr-interaction_template_code")).not_to_be_empty()
    lines = page.locator(".line-row")
    expect(lines.first).to_be_visible()
    count = int(page.locator("#hdr-no_of_lines").inner_text())
    assert lines.count() == min(count, 50)


def test_session_survives_a_reload(page: Page):
    sign_in(page)
    page.reload()
    expect(page.locator(".segment-row").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/segments$"))


def test_language_switch_turns_the_ui_french_and_back(page: Page):
    sign_in(page)
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Français").click()
    expect(page.get_by_role("link", name="Segments journalisés")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Nbre de lignes")).to_be_visible()
    page.reload()
    expect(page.get_by_role("link", name="Écritures journal interaction")).to_be_visible()
    page.get_by_role("combobox", name="Langue").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("link", name="Logged Segments")).to_be_visible()


def test_unknown_segment_says_so(page: Page):
    sign_in(page)
    page.goto("/segments/NOPE-404")
    expect(page.locator("#segment-not-found")).to_contain_text("NOPE-404")


def test_sign_out_returns_to_sign_in_and_guards_pages_again(page: Page):
    sign_in(page)
    page.click("#user-menu")
    page.click("#sign-out")
    page.wait_for_url("**/signin")
    page.goto("/segments")
    page.wait_for_url(re.compile(r"/signin\?next="))


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def test_phone_layout_uses_a_menu_and_cards_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/signin")
    _no_sideways_scroll(page)
    page.fill("#username", demo.DEMO_USERNAME)
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("#signin-submit")
    page.wait_for_url("**/segments")
    cards = page.locator(".segment-card")
    expect(cards.first).to_be_visible()
    expect(page.locator(".segment-row").first).to_be_hidden()
    expect(page.get_by_role("link", name="Logged Segments")).to_be_hidden()
    _no_sideways_scroll(page)

    page.click("#nav-menu")
    expect(page.get_by_role("menuitem", name="Logged Segments")).to_be_visible()
    page.keyboard.press("Escape")

    # the cards this tab saw last show until the list is read again: follow the named card's link
    card = cards.filter(has_text=DEMO_SEGMENT).first
    expect(card).to_be_visible()
    page.goto(card.get_attribute("href"))
    page.wait_for_url(re.compile(r"/segments/SEG"))
    expect(page.locator(".line-card").first).to_be_visible()
    expect(page.locator(".line-row").first).to_be_hidden()
    _no_sideways_scroll(page)

    page.click("#nav-menu")
    page.get_by_role("menuitem", name="Contacts").click()
    page.wait_for_url("**/contacts")
    context.close()

"""Working the way a Business Central user expects, on a desktop (1366x900) and on a phone
(390x844): refusals that stay where they happened, captions in the user's language, lookups on
the filters of Add / Reduce / Refine, a counting state, and a phone layout that keeps the lines and
the dialog's buttons within reach."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

TOAST_SECONDS = 3  # the toaster's duration: a refusal must outlive it


def _open_segment(page: Page, name: str, description: str) -> None:
    page.goto("/segments")
    if name == "phone":
        page.locator(".segment-card", has_text=description).first.click()
    else:
        page.locator(".segment-row", has_text=description).first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    expect(page.locator("#worksheet-title")).to_contain_text(description)


def _show_header(page: Page, name: str) -> None:
    """On a phone the header is collapsed to a summary: open it."""
    if name == "phone":
        page.click("#header-summary")
    expect(page.locator("#hdr-unit_cost")).to_be_visible()


def _commit(page: Page, field_id: str, value: str) -> None:
    page.fill(f"#{field_id}", value)
    page.press(f"#{field_id}", "Enter")


def _french(page: Page) -> None:
    """Switches the UI to French, then reads the page again: dates and amounts come from the
    server in the new language."""
    page.get_by_role("combobox", name="Language", exact=True).click()
    page.get_by_role("option", name="Français").click()
    expect(page.get_by_role("combobox", name="Langue", exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_role("combobox", name="Langue", exact=True)).to_be_visible()


def test_refusals_stay_and_questions_speak_the_users_language(screen):
    """A refused header edit shows the stored value again and its reason next to the field until
    the user acts (reference 4.1: Unit Cost cannot be negative); a refusal in a dialog stays in
    it; the header question names the field by its caption (reference 4.2); the French Go Back
    question answers Non / Oui."""
    name, page = screen
    sign_in(page)
    _open_segment(page, name, "Product abstract for gift recipients")
    _show_header(page, name)
    stored = page.locator("#hdr-unit_cost").input_value()

    _commit(page, "hdr-unit_cost", "-5")
    refusal = page.locator("#hdr-unit_cost-refusal")
    expect(refusal).to_contain_text("cannot be negative")
    expect(page.locator("#hdr-unit_cost")).to_have_value(stored)
    page.wait_for_timeout((TOAST_SECONDS + 1) * 1000)
    expect(refusal).to_be_visible()
    refusal.locator(".refusal-dismiss").click()
    expect(refusal).to_have_count(0)

    # the question names the field by its caption, in English then in French
    first, second = ("7.5", "8") if name == "desktop" else ("6.5", "9")  # one database for both
    _commit(page, "hdr-unit_cost", first)
    expect(page.locator("#question-text")).to_contain_text("You changed Unit Cost (LCY).")
    page.click("#answer-no")
    expect(page.locator("#question-text")).to_have_count(0)
    _french(page)
    # amounts in the user's language (Babel): a decimal comma in French
    expect(page.locator("#hdr-cost")).to_have_text(re.compile(r"^\d[\d\u202f]*,\d\d$"))
    _show_header(page, name)
    _commit(page, "hdr-unit_cost", second)
    expect(page.locator("#question-text")).to_contain_text("Vous avez modifié Coût unitaire DS.")
    page.click("#answer-no")

    # French Go Back (the demo segment has a step to undo): the dismiss button does not read
    # like the action
    page.click("#contacts-menu")
    page.click("#menu-go-back")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Annuler dernière action")
    expect(page.locator("#go-back-no")).to_have_text("Non")
    expect(page.locator("#go-back-yes")).to_have_text("Oui")
    page.click("#go-back-no")
    expect(dialog).to_have_count(0)

    # a refusal inside a dialog stays inside it until the user acts
    page.locator(".line-open:visible, .line-card-body:visible").first.click()
    page.click("#letter-personalise")
    expect(page.get_by_role("dialog")).to_contain_text("«Remarque»")
    page.fill("#letter-remark", "   ")
    page.click("#letter-save-remark")
    inside = page.get_by_role("dialog").locator(".refusal")
    expect(inside).to_be_visible()
    page.wait_for_timeout((TOAST_SECONDS + 1) * 1000)
    expect(inside).to_be_visible()
    page.fill("#letter-remark", "Merci pour votre visite")
    page.click("#letter-save-remark")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator(".refusal:visible")).to_have_count(0)


def _tab(page: Page, name: str, caption: str) -> None:
    if name == "phone":  # eight tabs are one compact select on a phone
        expect(page.get_by_role("tablist")).to_be_hidden()
        page.click("#step-tab-select")
        page.get_by_role("option", name=caption).click()
    else:
        page.get_by_role("tab", name=caption).click()


def _in_view(page: Page, selector: str) -> bool:
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        selector,
    )


def test_lookups_counting_and_the_phone_layout(screen):
    """Every code filter has a lookup listing the codes with their descriptions; ticking two
    builds A|B (reference 6.1 filter grammar); typed filters still work; the count says it is
    counting instead of showing the previous number; count and OK stay in view; on a phone the
    lines start within the first screen, cards show nothing for blank values and the line
    dialog does not open the keyboard."""
    name, page = screen
    sign_in(page)
    page.click("#new-segment:visible")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    page.fill("#add-contact", "CT000001")
    page.click("#add-line")
    card_or_row = page.locator(".line-row:visible, .line-card:visible")
    expect(card_or_row).to_have_count(1)
    if name == "phone":
        # a line without template, cost or duration shows no empty separators
        facts = card_or_row.first.inner_text()
        assert "0.00" not in facts
        assert "· ·" not in facts
        assert "0 min" not in facts

    page.click("#contacts-menu")
    page.click("#menu-add")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    assert _in_view(page, "#step-run")  # the contact tab's nine fields do not push OK away
    _tab(page, name, "Contact Mailing Group")
    page.click("#lookup-contact_mailing_group-mailing_group_code")
    rows = page.locator(".lookup-row")
    expect(rows.filter(has_text="Christmas gift recipients")).to_have_count(1)
    page.fill("#lookup-search", "news")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("NEWSLETTER")
    rows.first.locator("button[role=checkbox]").click()
    page.fill("#lookup-search", "")
    expect(rows.filter(has_text="GIFT")).to_have_count(1)
    rows.filter(has_text="GIFT").locator("button[role=checkbox]").click()
    page.click("#lookup-ok")
    field = page.locator("#flt-contact_mailing_group-mailing_group_code")
    expect(field).to_have_value("NEWSLETTER|GIFT")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    both = int(re.match(r"(\d+)", page.locator("#step-count").inner_text()).group(1))

    # typed filters keep working, and the count never shows the previous filter's number
    field.fill("GIF")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    field.press("T")
    expect(page.locator("#step-count")).to_contain_text("Counting")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    gift = int(re.match(r"(\d+)", page.locator("#step-count").inner_text()).group(1))
    assert 0 < gift < both
    assert _in_view(page, "#step-run")
    page.click("#step-run")
    expect(page.locator("#step-run")).to_have_count(0)

    if name == "phone":
        # the lines begin within the first screen; the header opens from its summary
        _open_segment(page, name, "Golf day invitations - second wave")
        first = page.locator(".line-card").first
        expect(first).to_be_visible()
        assert first.bounding_box()["y"] < 844
        expect(page.locator("#hdr-description")).to_be_hidden()
        page.click("#header-summary")
        expect(page.locator("#hdr-description")).to_be_visible()
        first.locator(".line-card-body").click()
        expect(page.locator("#line-save")).to_be_visible()
        focused = page.evaluate("() => document.activeElement.tagName")
        assert focused != "INPUT"


NO_EMPTY_FLASH = """
window.__sawEmpty = false;
new MutationObserver(() => {
  if (document.querySelector('#ile-empty, #logged-empty')) window.__sawEmpty = true;
}).observe(document, {subtree: true, childList: true});
"""


def _overflow(page: Page, selector: str) -> int:
    return page.evaluate(
        "(s) => { const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; }",
        selector,
    )


def test_lists_columns_and_navigation(screen):
    """At 1366 px the lines table and Interaction Log Entries need no sideways scroll; columns
    are chosen and remembered by the browser, the contact's name stays in view; entries filtered
    on a logged segment name its segment no.; an entry's contact opens the contact card; lists
    show a loading state, never "none" before their rows; Setup > Interaction Templates opens a
    template's letters; Reuse Segment is a searchable, paged picker (reference 6.6)."""
    name, page = screen
    page.add_init_script(NO_EMPTY_FLASH)
    sign_in(page)

    # dates in the user's language, with a four-digit year, never ISO
    dates = page.locator(".segment-row:visible, .segment-card:visible").first
    expect(dates).to_contain_text(re.compile(r"\d\d/\d\d/\d{4}"))

    page.goto("/interaction-log-entries?logged_segment=1")
    expect(page.locator("#logged-filter")).to_contain_text(re.compile(r"SEG\d+"))
    rows = page.locator(".entry-row:visible, .entry-card:visible")
    expect(rows.first).to_be_visible()
    assert not page.evaluate("() => window.__sawEmpty")
    if name == "desktop":
        assert _overflow(page, "#ile-table .rt-ScrollAreaViewport") <= 0
    rows.first.locator(".contact-link").click()
    page.wait_for_url(re.compile(r"/contacts/CT\d+"))
    expect(page.locator("#contact-entries")).to_be_visible()

    page.goto("/setup/interaction_templates")
    page.locator(".template-letters-link").first.click()
    page.wait_for_url(re.compile(r"/setup/templates/\w+/letters"))
    expect(page.locator("#template-letters-title")).to_be_visible()

    _open_segment(page, name, "Golf day invitations - second wave")
    if name == "desktop":
        assert _overflow(page, "#lines-table .rt-ScrollAreaViewport") <= 0
        subject = page.get_by_role("columnheader", name="Subject", exact=True)
        expect(subject).to_be_hidden()
        page.click("#line-columns")
        for key in ("subject", "salesperson_code", "date", "duration", "evaluation"):
            page.locator(f".column-choice-{key}").click()
        page.keyboard.press("Escape")
        expect(subject).to_be_visible()
        page.reload()
        expect(subject).to_be_visible()  # remembered by this browser
        table = page.locator("#lines-table .rt-ScrollAreaViewport")
        assert table.evaluate("(e) => e.scrollWidth > e.clientWidth")
        table.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
        name_cell = page.locator(".line-row").first.locator("td").nth(2)
        box, frame = name_cell.bounding_box(), table.bounding_box()
        assert box["x"] >= frame["x"] - 1
        assert box["x"] < frame["x"] + frame["width"]

    # Reuse Segment: search the logged segments, a page at a time
    page.click("#contacts-menu")
    page.click("#menu-reuse-segment")
    if page.locator("#reuse-proceed").count():
        page.click("#reuse-proceed")
    options = page.locator(".logged-option")
    expect(options.first).to_be_visible()
    page.fill("#logged-search", "first wave")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Golf day invitations - first wave")
    expect(page.locator("#logged-page")).to_have_text("Page 1 of 1")
    page.keyboard.press("Escape")

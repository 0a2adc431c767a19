"""Accessibility of every page, on a desktop (1366x900) and on a phone (390x844): axe-core (the
copy shipped inside axe-playwright-python, nothing is downloaded) finds no serious or critical
violation; the keyboard reaches the actions, focus is visible, and dialogs keep focus inside and
give it back."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

AXE = Axe()
# (path, what shows once the page is ready)
PAGES = (
    ("/segments", ".segment-row:visible, .segment-card:visible"),
    ("/segments/SEG00004", "#worksheet-title"),
    ("/logged-segments", ".logged-row:visible, .logged-card:visible"),
    ("/interaction-log-entries?logged_segment=1", ".entry-row:visible, .entry-card:visible"),
    ("/contacts", ".contact-row:visible, .contact-card:visible"),
    ("/contacts/CT000001", ".glance-entry:visible, .glance-entry-card:visible"),
    ("/contacts-import", "h1, h2"),
    ("/setup", "a[href='/setup/interaction_templates']"),
    ("/setup/interaction_templates", ".setup-row"),
    ("/setup/templates/GOLF/letters", "#template-letters-title"),
    ("/interactions/new?contact=CT000001", "#ci-form"),
    ("/postponed-interactions", "#postponed-title"),
    ("/campaign-entries?logged_segment=1", "h1"),
    ("/outbox", "h1"),
)


def _serious(page: Page, where: str) -> list[str]:
    results = AXE.run(page)
    return [
        f"{where}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_every_page_has_no_serious_accessibility_violation(screen):
    _, page = screen
    page.goto("/signin")
    page.locator("#signin-submit").wait_for()
    problems = _serious(page, "/signin")
    sign_in(page)
    for path, ready in PAGES:
        page.goto(path)
        page.locator(ready).first.wait_for()
        page.wait_for_timeout(300)  # let the opening transitions end
        problems += _serious(page, path)
    # the biggest dialog, and the worksheet's line dialog
    page.goto("/segments/SEG00004")
    page.click("#contacts-menu")
    page.click("#menu-add")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    problems += _serious(page, "Add Contacts dialog")
    assert problems == [], "\n".join(problems)


def test_keyboard_reaches_actions_and_dialogs_keep_and_return_focus(screen):
    """Business Central users work from the keyboard: Tab reaches the Contacts functions with a
    visible focus ring, a dialog keeps Tab inside it, and Escape gives focus back."""
    _, page = screen
    sign_in(page)
    page.goto("/segments/SEG00004")
    expect(page.locator("#worksheet-title")).to_be_visible()
    menu = page.locator("#contacts-menu")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "contacts-menu":
            break
    assert page.evaluate("() => document.activeElement.id") == "contacts-menu"
    outline = menu.evaluate("(e) => getComputedStyle(e).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    page.get_by_role("menuitem", name="Add Contacts").press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    for _ in range(25):
        page.keyboard.press("Tab")
        assert dialog.evaluate("(d) => d.contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    page.wait_for_function("() => document.activeElement.id === 'contacts-menu'")
    # every field of the worksheet has a label
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
            .filter((e) => e.offsetParent !== null)
            .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                && !e.getAttribute('aria-labelledby'))
            .map((e) => e.id || e.name || e.outerHTML.slice(0, 80))"""
    )
    assert unlabeled == []
    assert re.search(r"/segments/SEG00004$", page.url)

"""Working the way a Business Central user expects, on a desktop (1366x900) and on a phone
(390x844): refusals that stay where they happened, captions in the user's language, lookups on
the filters of Add / Reduce / Refine, a counting state, and a phone layout that keeps the lines and
the dialog's buttons within reach."""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from segapp.db import make_engine, transaction
from segapp.models import Contact, LoggedSegment
from segapp.services.logging import interactions as ci
from tests.e2e.conftest import sign_in

TOAST_SECONDS = 3  # the toaster's duration: a refusal must outlive it


def _open_segment(page: Page, name: str, description: str) -> None:
    page.goto("/segments")
    if name == "phone":
        # the cards this tab saw last show until the list is read again, and a card can move
        # under the finger meanwhile: follow the link of the card that names the segment
        card = page.locator(".segment-card", has_text=description).first
        page.goto(card.get_attribute("href"))
    else:
        page.locator(".segment-row", has_text=description).first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    expect(page.locator("#worksheet-title")).to_contain_text(description)


def _show_header(page: Page, name: str) -> None:
    """On a phone the header is collapsed to a summary: open it."""
    if name == "phone" and not page.locator("#hdr-unit_cost").is_visible():
        page.click("#header-summary")
    expect(page.locator("#hdr-unit_cost")).to_be_visible()


def _commit(page: Page, field_id: str, value: str) -> None:
    page.fill(f"#{field_id}", value)
    page.press(f"#{field_id}", "Enter")


def _switch(page: Page, current: str, option: str, then: str) -> None:
    """Switches the UI language, without reading the page again."""
    page.get_by_role("combobox", name=current, exact=True).click()
    page.get_by_role("option", name=option).click()
    expect(page.get_by_role("combobox", name=then, exact=True)).to_be_visible()


def _french(page: Page) -> None:
    _switch(page, "Language", "Français", "Langue")


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
        assert card_or_row.first.locator("p:empty, span:empty.rt-Badge").count() == 0

    page.click("#contacts-menu")
    page.click("#menu-add")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    assert _in_view(page, "#step-run")  # the contact tab's nine fields do not push OK away
    # an option field's lookup lists its options by caption; picking builds the filter
    page.click("#lookup-contact-type")
    rows = page.locator(".lookup-row")
    expect(rows).to_have_count(2)
    # the search box takes the focus on a desktop; on a phone it would bring up the keyboard
    if name == "desktop":
        expect(page.locator("#lookup-search")).to_be_focused()
    else:
        expect(rows.first.locator("button[role=checkbox]")).to_be_focused()
    expect(rows.first).to_have_text("Company")
    rows.filter(has_text="Person").locator("button[role=checkbox]").click()
    page.click("#lookup-ok")
    expect(page.locator("#flt-contact-type")).to_have_value("person")
    expect(page.locator("#step-count")).to_contain_text("will be added")
    page.fill("#flt-contact-type", "")
    _tab(page, name, "Interaction Log Entry")
    page.click("#lookup-interaction_log_entry-evaluation")
    expect(rows).to_have_count(5)
    page.fill("#lookup-search", "positive")
    expect(rows).to_have_text(["Very Positive", "Positive"])
    rows.locator("button[role=checkbox]").first.click()
    page.click("#lookup-ok")
    expect(page.locator("#flt-interaction_log_entry-evaluation")).to_have_value("very_positive")
    page.fill("#flt-interaction_log_entry-evaluation", "")
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


EMPTY_STATES = (
    "#ile-empty, #logged-empty, #segments-empty, #contacts-empty, #setup-empty, #postponed-empty"
)
NO_EMPTY_FLASH = """
window.__sawEmpty = "";
new MutationObserver(() => {
  const e = document.querySelector('SELECTORS');
  if (e && !window.__sawEmpty) window.__sawEmpty = e.id + " on " + location.pathname;
}).observe(document, {subtree: true, childList: true});
""".replace("SELECTORS", EMPTY_STATES)


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
        # the entries' columns are chosen and remembered too
        campaign = page.get_by_role("columnheader", name="Campaign No.", exact=True)
        expect(campaign).to_be_hidden()
        page.click("#ile-columns")
        page.locator(".column-choice-campaign_no").click()
        page.keyboard.press("Escape")
        expect(campaign).to_be_visible()
        page.reload()
        expect(campaign).to_be_visible()
    if name == "phone":  # blank values show nothing: no empty line, no dangling separator
        assert rows.locator("p:empty").count() == 0
        assert not [t for t in rows.all_inner_texts() if re.search(r"·\s*(·|$)", t)]
    for path, ready in (
        ("/logged-segments", ".logged-row:visible, .logged-card:visible"),
        ("/contacts", ".contact-row:visible, .contact-card:visible"),
        ("/setup/salespeople", ".setup-row"),
    ):
        page.goto(path)  # a new document: the observer starts again
        expect(page.locator(ready).first).to_be_visible()
        assert not page.evaluate("() => window.__sawEmpty")
    page.goto("/interaction-log-entries?logged_segment=1")
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


def test_a_language_switch_reformats_the_rows_at_once(screen):
    """Amounts formatted on the server follow a language switch at once, without reading the
    page again: the worksheet's lines (table or cards) and Interaction Log Entries."""
    name, page = screen
    sign_in(page)
    _open_segment(page, name, "Golf day invitations - second wave")
    lines = page.locator(".line-row:visible, .line-card:visible")
    expect(lines.first).to_contain_text("3.20")  # the GOLF template's unit cost
    page.evaluate("() => { window.__notReloaded = true; }")
    _french(page)
    expect(lines.first).to_contain_text("3,20")
    expect(lines.first).not_to_contain_text("3.20")
    _switch(page, "Langue", "English", "Language")
    expect(lines.first).to_contain_text("3.20")
    assert page.evaluate("() => window.__notReloaded === true")

    if name == "desktop":  # the entries' Cost column
        page.goto("/interaction-log-entries?logged_segment=3")
        expect(page.locator(".entry-row").first).to_be_visible()
        captions = [
            text.strip() for text in page.locator("thead").first.locator("th").all_inner_texts()
        ]
        cost = page.locator(".entry-row").first.locator("td").nth(captions.index("Cost (LCY)"))
        expect(cost).to_have_text("3.20")
        _french(page)
        expect(cost).to_have_text("3,20")
        assert page.evaluate("() => document.location.search") == "?logged_segment=3"
        # the contact card's statistics
        page.locator(".entry-row").first.locator(".contact-link").click()
        page.wait_for_url(re.compile(r"/contacts/CT\d+"))
        glance = page.locator("#glance-cost")
        expect(glance).to_have_text(re.compile(r"^\d[\d\u202f]*,\d\d$"))
        _switch(page, "Langue", "English", "Language")
        expect(glance).to_have_text(re.compile(r"^\d[\d,]*\.\d\d$"))


def test_a_letter_writes_its_document_date_in_the_letters_language(screen):
    """The demo letters hold «Document Date»: a French line's letter gets a French date, an
    English one an English date (Babel, long format), whatever the UI language."""
    name, page = screen
    sign_in(page)
    _open_segment(page, name, "Product abstract for gift recipients")
    for contact, date in (("CT000190", "le 16 novembre 2026"), ("CT000455", "16 November 2026")):
        line = page.locator(".line-row:visible, .line-card:visible").filter(has_text=contact)
        line.locator(".line-open:visible, .line-card-body:visible").first.click()
        page.click("#letter-preview")
        expect(page.locator("#letter-preview-body")).to_contain_text(date)
        while page.get_by_role("dialog").count():
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)


def test_the_csv_export_is_machine_readable_whatever_the_language(page: Page):
    """The CSV export does not follow the UI language (README, Formats): the French UI exports
    the very same file as the English one, `;`-separated UTF-8 with a BOM."""
    sign_in(page)
    page.goto("/contacts")
    expect(page.locator(".contact-row").first).to_be_visible()

    def export() -> bytes:
        with page.expect_download() as download:
            page.click("#export-csv")
        return download.value.path().read_bytes()

    english = export()
    _french(page)
    expect(page.get_by_role("columnheader").first).not_to_have_text("No.")
    assert export() == english
    assert english.startswith(b"\xef\xbb\xbfno;")


def _without_email(database_url: str) -> str:
    from sqlalchemy import text

    from segapp.db import make_engine

    engine = make_engine(database_url)
    with engine.connect() as conn:
        no = conn.execute(
            text(
                "SELECT no FROM contact WHERE coalesce(email, '') = ''"
                " AND coalesce(email_2, '') = '' ORDER BY no LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return no


def test_logging_refusal_stays_in_its_dialog_and_the_follow_up_speaks_french(
    screen, app_database_url
):
    """Sending an e-mail to a contact without an address is refused (reference 7.1) inside the
    Log Segment dialog, and the message outlives the toasts; logging a French segment with a
    follow-up names the new segment in French (reference 7.2 step 8)."""
    name, page = screen
    contact = _without_email(app_database_url)
    sign_in(page)
    page.click("#new-segment:visible")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    no = page.locator("#worksheet-title").inner_text().split(" ")[0]
    _show_header(page, name)
    _commit(page, "hdr-description", "Journée golf d'été « Ü »")
    expect(page.locator("#worksheet-title")).to_contain_text("Journée golf")
    page.click("#hdr-interaction_template_code")
    page.get_by_role("option", name=re.compile("GOLF")).click()
    expect(page.locator("#hdr-language_code_default")).to_be_enabled()
    page.click("#hdr-language_code_default")
    page.get_by_role("option", name=re.compile("^FR")).click()  # a French segment
    expect(page.locator("#hdr-language_code_default")).to_contain_text("FR")
    page.click("#hdr-ignore_contact_corres_type")
    page.click("#hdr-correspondence_type_default")
    page.get_by_role("option", name="Email").click()
    page.fill("#add-contact", contact)
    page.click("#add-line")
    expect(page.locator(".line-row:visible, .line-card:visible")).to_have_count(1)
    _french(page)

    page.click("#log-open")
    dialog = page.get_by_role("dialog")
    expect(page.locator("#log-send")).to_have_attribute("data-state", "checked")
    page.click("#log-confirm")
    refusal = dialog.locator(".refusal")
    expect(refusal).to_contain_text(f"Indiquez une adresse e-mail pour le contact {contact}")
    page.wait_for_timeout((TOAST_SECONDS + 1) * 1000)
    expect(refusal).to_be_visible()

    page.click("#log-send")  # log without sending, with a follow-up segment
    page.click("#log-follow-up")
    page.click("#log-confirm")
    page.wait_for_url(re.compile(r"/segments$"))
    follow_up = page.locator(".segment-row:visible, .segment-card:visible")
    expect(follow_up.filter(has_text=f"Suivi du segment {no}")).to_have_count(1)


def test_the_outbox_dates_and_postponed_interactions_loading(
    screen, app_database_url: str, pickup_dir: Path
):
    """The Outbox shows an e-mail's date in the user's language like every other date, never
    the raw header; Postponed Interactions shows a loading state, never "none" before its rows."""
    name, page = screen
    engine = make_engine(app_database_url)
    with transaction(engine) as session:
        contact_no = session.execute(select(Contact.no).order_by(Contact.no).limit(1)).scalar_one()
        draft = ci.Draft(contact_no=contact_no, description=f"Waiting while it loads {name}")
        ci.postpone(session, draft, user_id=None)
    engine.dispose()
    subject = f"Outbox date {name}"
    message = EmailMessage()
    message["From"] = "sales@example.com"
    message["To"] = "Anaïs O'Brien <anais@example.com>"
    message["Subject"] = subject
    message["Date"] = "Tue, 01 Dec 2026 09:05:00 +0000"
    message.set_content("Bonjour")
    pickup_dir.mkdir(parents=True, exist_ok=True)
    (pickup_dir / f"experience-{name}.eml").write_bytes(bytes(message))

    page.add_init_script(NO_EMPTY_FLASH)
    sign_in(page)
    page.goto("/postponed-interactions")
    expect(
        page.locator(".postponed-row:visible, .postponed-card:visible", has_text=name).first
    ).to_be_visible(timeout=30_000)
    assert not page.evaluate("() => window.__sawEmpty")

    page.goto("/outbox")
    item = page.locator(".outbox-item", has_text=subject)
    expect(item).to_be_visible(timeout=30_000)
    item.click()
    shown = re.compile(r"^(01/12/2026|30/11/2026|02/12/2026) \d\d:\d\d$")  # the server's zone
    expect(item.locator("p").nth(2)).to_have_text(shown)
    expect(page.locator(".message-date")).to_have_text(shown)
    _french(page)
    expect(page.locator(".message-date")).to_have_text(shown)
    expect(page.locator(".outbox-item", has_text=subject)).not_to_contain_text("+0000")


def test_entry_date_filters_are_typed_in_the_users_language(screen):
    """The date filters of Interaction Log Entries read and show dates as the user writes them
    (French jj/mm/aaaa); a date that is not one is refused next to its field, and the list
    stays as it was."""
    _name, page = screen
    sign_in(page)
    page.goto("/interaction-log-entries")
    rows = page.locator(".entry-row:visible, .entry-card:visible")
    expect(rows.first).to_be_visible(timeout=30_000)
    _french(page)
    page.fill("#filter-date_from", "32/13/2026")
    page.click("#filter-apply")
    refusal = page.locator("#filter-date_from-refusal")
    expect(refusal).to_contain_text("«32/13/2026» n'est pas une date")
    expect(refusal).to_contain_text("jj/mm/aaaa")
    expect(rows.first).to_be_visible()
    page.fill("#filter-date_from", "31/12/2099")
    page.click("#filter-apply")
    expect(page.locator("#ile-empty")).to_be_visible(timeout=30_000)
    expect(refusal).to_have_count(0)
    expect(page.locator("#filter-date_from")).to_have_value("31/12/2099")
    page.fill("#filter-date_from", "1/1/2000")
    page.click("#filter-apply")
    expect(rows.first).to_be_visible(timeout=30_000)
    expect(page.locator("#filter-date_from")).to_have_value("01/01/2000")


def test_the_reuse_segment_picker_searches_and_turns_pages(screen, app_database_url: str):
    """Reuse Segment lists every logged segment a page at a time, newest first, and its search
    narrows them (reference 6.6)."""
    name, page = screen
    prefix = f"Paging check {name}"
    engine = make_engine(app_database_url)
    with transaction(engine) as session:
        session.add_all(
            LoggedSegment(
                segment_no=f"PG-{name[:2].upper()}-{i:02d}",
                description=f"{prefix} {i:02d}",
                creation_date=dt.date(2026, 1, i),
            )
            for i in range(1, 11)
        )
    engine.dispose()
    sign_in(page)
    page.click("#new-segment:visible")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    page.click("#contacts-menu")
    page.click("#menu-reuse-segment")
    options = page.locator(".logged-option")
    expect(options.first).to_be_visible(timeout=30_000)
    page.fill("#logged-search", prefix)
    expect(page.locator("#logged-page")).to_have_text("Page 1 of 2", timeout=30_000)
    expect(options).to_have_count(8)
    expect(options.first).to_contain_text(f"{prefix} 10")  # newest first
    page.click("#logged-next")
    expect(page.locator("#logged-page")).to_have_text("Page 2 of 2", timeout=30_000)
    expect(options).to_have_count(2)
    expect(options.last).to_contain_text(f"{prefix} 01")
    expect(page.locator("#logged-next")).to_be_disabled()
    page.click("#logged-prev")
    expect(page.locator("#logged-page")).to_have_text("Page 1 of 2", timeout=30_000)
    page.keyboard.press("Escape")

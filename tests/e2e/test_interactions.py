"""Create Interaction from a contact card (bc-reference.md section 9) on desktop and phone: a
letter interaction with Open (the merged letter downloaded, edited in Word, uploaded back),
finished with a result, seen in Interaction Log Entries with its letter; another one postponed,
listed on Postponed Interactions, resumed and finished."""

import re

from docx import Document
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

CONTACTS = {"desktop": "CT000010", "phone": "CT000011"}


def _entry(page: Page, text: str):
    return page.locator(".entry-row:visible, .entry-card:visible", has_text=text)


def _start_letter(page: Page, contact: str, description: str, *, from_card: bool = True) -> None:
    if from_card:
        page.goto(f"/contacts/{contact}")
        page.click("#contact-create-interaction")
    page.wait_for_url(re.compile(rf"/interactions/new\?contact={contact}\b"))
    expect(page.locator("#ci-contact-name")).not_to_have_text("")
    page.select_option("#ci-template_code", "THANKS")
    expect(page.locator("#ci-description")).to_have_value("Thank-you letter")
    page.locator("#ci-more summary").click()
    page.select_option("#ci-correspondence_type", "hard_copy")
    page.fill("#ci-description", description)


def test_letter_interaction_with_open_then_postpone_and_resume(screen, tmp_path):
    kind, page = screen
    contact = CONTACTS[kind]
    sign_in(page)

    # type step: a refusal stays next to its field and nothing moves on
    _start_letter(page, contact, "")
    page.click("#ci-next")
    expect(page.locator("#ci-description-refusal")).to_contain_text("Description")
    page.fill("#ci-description", f"Thank-you visit {kind}")
    page.click("#ci-next")

    # content step, wizard action Open: download the merged letter, edit it, upload it back
    with page.expect_download() as info:
        page.click("#ci-download-letter")
    letter = Document(info.value.path())
    assert any(p.text.strip() for p in letter.paragraphs)
    letter.add_paragraph("Edited by hand: see you at the golf day, Zoé!")
    edited = tmp_path / "edited letter.docx"
    letter.save(str(edited))
    page.locator("#ci-upload input[type=file]").set_input_files(str(edited))
    expect(page.locator("#ci-own-letter")).to_contain_text("edited letter.docx")
    page.click("#ci-next")  # related to
    page.click("#ci-next")  # result
    page.fill("#ci-result", f"Thanked in person {kind}")
    page.select_option("#ci-evaluation", "positive")
    page.fill("#ci-duration", "20")
    page.click("#ci-finish")

    # the entry in Interaction Log Entries, with its letter
    page.wait_for_url(re.compile(r"/interaction-log-entries\?contact="))
    entry = _entry(page, f"Thanked in person {kind}")
    expect(entry).to_have_count(1)
    with page.expect_download() as info:
        entry.locator(".entry-document").click()
    opened = Document(str(info.value.path()))
    assert "Edited by hand: see you at the golf day, Zoé!" in [p.text for p in opened.paragraphs]

    # comments on the entry (reference 3.8 / 7.5), editable from it
    entry.locator(".entry-select").click()
    page.click("#ile-comments")
    page.fill("#comment-new", "Zoé wants the brochure 'Golf * 2027'")
    page.click("#comment-add")
    line = page.locator(".comment-line")
    expect(line).to_have_count(1)
    line.locator("input[name=comment]").fill("Zoé wants the brochure 'Golf * 2027' in French")
    line.locator(".comment-save").click()
    page.keyboard.press("Escape")
    expect(page.locator(".comment-line")).to_have_count(0)
    page.click("#ile-comments")
    expect(page.locator(".comment-line input[name=comment]")).to_have_value(
        "Zoé wants the brochure 'Golf * 2027' in French"
    )
    page.keyboard.press("Escape")

    # another one for the selected entry's contact, postponed with Cancel -> Yes
    page.click("#ile-create-interaction")
    _start_letter(page, contact, f"Call back later {kind}", from_card=False)
    page.click("#ci-cancel")
    page.click("#ci-later-yes")
    page.wait_for_url(re.compile(r"/interaction-log-entries"))
    page.goto(f"/interaction-log-entries?contact={contact}")
    expect(_entry(page, f"Thanked in person {kind}")).to_have_count(1)
    expect(_entry(page, f"Call back later {kind}")).to_have_count(0)
    page.goto("/postponed-interactions")
    postponed = page.locator(
        ".postponed-row:visible, .postponed-card:visible", has_text=f"Call back later {kind}"
    )
    expect(postponed).to_have_count(1)

    # comments of the postponed entry, from its row (reference section 9)
    postponed.locator(".postponed-comments").click()
    page.fill("#comment-new", "Rappeler l'après-midi, « Zoé » *")
    page.click("#comment-add")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Comments on entry")
    expect(dialog.get_by_role("textbox", name="Comment", exact=True)).to_have_value(
        "Rappeler l'après-midi, « Zoé » *"
    )
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)

    # resumed: the wizard is filled again; finishing logs that same entry
    postponed.locator(".postponed-resume").click()
    page.wait_for_url(re.compile(r"/interactions/new\?resume="))
    expect(page.locator("#ci-title")).to_contain_text("resumed")
    expect(page.locator("#ci-description")).to_have_value(f"Call back later {kind}")
    page.click("#ci-next")  # content: the template's letter is used as it is
    page.click("#ci-next")
    page.click("#ci-next")
    page.click("#ci-finish")
    page.wait_for_url(re.compile(r"/interaction-log-entries\?contact="))
    expect(_entry(page, f"Call back later {kind}")).to_have_count(1)
    page.goto("/postponed-interactions")
    expect(
        page.locator(
            ".postponed-row:visible, .postponed-card:visible", has_text=f"Call back later {kind}"
        )
    ).to_have_count(0)


def test_create_interaction_from_a_segment_line_the_contact_list_and_as_a_phone_call(page: Page):
    """Reference 9: Create Interaction from a segment line (its contact), from the contact
    list, and Make Phone Call (the Outg. Calls template, no content step) from the card; Back
    keeps what was typed; Cancel then No logs nothing and returns where the wizard started."""
    sign_in(page)
    page.goto("/segments/SEG00004")
    page.locator(".line-open").first.click()
    page.click("#line-create-interaction")
    page.wait_for_url(re.compile(r"/interactions/new\?segment=SEG00004&line=\d+"))
    expect(page.locator("#ci-contact-name")).not_to_have_text("")
    page.click("#ci-cancel")
    page.click("#ci-later-no")
    page.wait_for_url(re.compile(r"/segments/SEG00004$"))

    page.goto("/contacts")
    page.locator(".contact-row .contact-create-interaction").first.click()
    page.wait_for_url(re.compile(r"/interactions/new\?contact=CT\d+"))
    expect(page.locator("#ci-contact-name")).not_to_have_text("")

    page.goto("/contacts/CT000012")
    page.click("#contact-phone-call")
    page.wait_for_url(re.compile(r"/interactions/new\?call=1&contact=CT000012"))
    expect(page.locator("#ci-template_code")).to_have_value("CALL")
    expect(page.locator("#ci-steps")).not_to_contain_text("Content")
    page.fill("#ci-description", "Phoned about the golf day")
    page.click("#ci-next")
    page.click("#ci-back")
    expect(page.locator("#ci-description")).to_have_value("Phoned about the golf day")
    page.click("#ci-next")
    page.click("#ci-next")
    page.click("#ci-finish")
    page.wait_for_url(re.compile(r"/interaction-log-entries\?contact=CT000012"))
    expect(_entry(page, "Phoned about the golf day")).to_have_count(1)


def test_postponed_interactions_is_in_the_main_navigation(screen):
    """Postponed Interactions (reference section 9) is reachable from the navigation bar on
    desktop and from the menu on a phone, in English and in French, without sideways scroll."""
    kind, page = screen
    sign_in(page)
    page.goto("/segments")
    for name in ("Postponed Interactions", "Interactions reportées"):
        if kind == "desktop":
            page.get_by_role("link", name=name).click()
        else:
            page.click("#nav-menu")
            page.get_by_role("menuitem", name=name).click()
        page.wait_for_url("**/postponed-interactions")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page scrolls sideways by {overflow}px"
        if name == "Postponed Interactions":
            page.goto("/segments")
            page.get_by_role("combobox", name=re.compile("Language|Langue")).click()
            page.get_by_role("option", name="Français").click()
            expect(page.get_by_role("combobox", name=re.compile("Langue"))).to_be_visible()
    page.get_by_role("combobox", name="Langue").click()
    page.get_by_role("option", name="English").click()
    expect(page.get_by_role("combobox", name="Language")).to_be_visible()

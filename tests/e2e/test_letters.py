"""Word letters in the browser (issue "Word documents"; bc-reference.md 2.4, 5.5, 8.3): upload a
template letter, personalise one line with a remark, preview it, and download the combined
document, opened here with python-docx."""

import re

from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in
from tests.unit.docx_samples import make_docx, paragraph, run, simple_field

LETTER = make_docx(
    [
        paragraph(run("Dear "), simple_field("Contact Name"), run(",")),
        paragraph(run("«Remark»")),
        paragraph(run("Regards, «Nom vendeur/acheteur» «Shoe Size»")),
    ]
)


def _choose(page: Page, field_id: str, option: str) -> None:
    page.click(f"#{field_id}")
    page.get_by_role("option", name=re.compile(option)).first.click()


def test_upload_personalise_preview_and_print_letters(page: Page, tmp_path):
    sign_in(page)
    # the template's English letter
    page.goto("/setup/templates/GOLF/letters")
    expect(page.locator("#template-letters-title")).to_contain_text("GOLF")
    for language in ("EN", "FR"):  # the demo contacts speak both
        letter = tmp_path / f"golf-{language}.docx"
        letter.write_bytes(LETTER)
        _choose(page, "template-letter-language", language)
        page.locator("#template-letter-upload input[type=file]").set_input_files(str(letter))
        expect(page.locator("#upload-unknown-fields")).to_contain_text("Shoe Size")
        expect(page.locator("#upload-recognised-fields")).to_contain_text(
            "Salesperson/Purchaser Name"
        )
        expect(
            page.locator(".template-letter-row", has_text=re.compile(r"golf-[A-Z]+\.docx"))
        ).to_have_count(1 if language == "EN" else 2)

    # a new segment using that template, with two contacts
    page.goto("/segments")
    page.click("#new-segment")
    page.wait_for_url(re.compile(r"/segments/SEG\d+"))
    _choose(page, "hdr-interaction_template_code", "GOLF")
    expect(page.locator("#hdr-unit_cost")).not_to_have_value("0.00")
    for contact in ("CT000001", "CT000002"):
        count = page.locator(".line-row").count()
        page.fill("#add-contact", contact)
        page.click("#add-line")
        expect(page.locator(".line-row")).to_have_count(count + 1)
    document_cells = page.locator(".line-row td:last-child")
    expect(document_cells.first).to_have_text("Inherited")

    # personalise the first line with a remark
    page.locator(".line-open").first.click()
    page.click("#letter-personalise")
    page.fill("#letter-remark", "Looking forward to our round of golf!")
    page.click("#letter-save-remark")
    expect(document_cells.first).to_have_text("Own")
    expect(document_cells.nth(1)).to_have_text("Inherited")

    # preview shows the remark
    page.locator(".line-open").first.click()
    page.click("#letter-preview")
    body = page.locator("#letter-preview-body")
    expect(body).to_contain_text("Looking forward to our round of golf!")
    expect(body).to_contain_text("Dear ")
    page.keyboard.press("Escape")

    # print letters: one .docx with both letters
    with page.expect_download() as info:
        page.click("#print-letters")
    path = info.value.path()
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "Looking forward to our round of golf!" in texts
    assert len(document.sections) == 2
    assert sum(text.startswith("Dear ") for text in texts) == 2
    assert info.value.suggested_filename.endswith(".docx")

    # the same letters as one print-ready PDF (reference 8.3), converted by LibreOffice
    expect(page.locator("#print-letters-pdf")).to_be_enabled()
    with page.expect_download(timeout=180_000) as info:
        page.click("#print-letters-pdf")
    assert info.value.suggested_filename.endswith(".pdf")
    pdf_text = "".join(p.extract_text() for p in PdfReader(str(info.value.path())).pages)
    assert "Looking forward to our round of golf!" in pdf_text

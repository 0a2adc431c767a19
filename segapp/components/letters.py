"""The worksheet's letters: Print letters and Download letters with a progress bar, the
Personalise dialog of one line and the preview of its merged letter (full screen on a phone)."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..services.letters import pdf
from ..services.letters.documents import MAX_UPLOAD_BYTES
from ..state.letters import LettersState as L
from .i18n import t, tf
from .messages import refusal_message

UPLOAD_ID = "line-letter-upload"
DOCX_ACCEPT = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"]}
PHONE_DIALOG = {
    "max_width": rx.breakpoints(initial="100vw", sm="860px"),
    "width": rx.breakpoints(initial="100vw", sm="90vw"),
    "min_height": rx.breakpoints(initial="100vh", sm="auto"),
    "border_radius": rx.breakpoints(initial="0", sm="var(--radius-4)"),
}
LETTER_STYLE = {
    "background": "white",
    "color": "#111",
    "padding": "2em",
    "border": "1px solid var(--gray-6)",
    "font_family": "Calibri, Carlito, Arial, sans-serif",
    "font_size": "11pt",
    "max_height": rx.breakpoints(initial="calc(100vh - 9em)", sm="70vh"),
    "overflow_y": "auto",
    "& p": {"margin": "0 0 0.4em 0", "min_height": "1em"},
    "& table": {"border_collapse": "collapse", "margin": "0.5em 0"},
    "& td": {"border": "1px solid #999", "padding": "0.2em 0.5em", "vertical_align": "top"},
    "& footer": {"font_size": "8pt", "margin_top": "2em", "color": "#555"},
}


def letters_toolbar() -> rx.Component:
    """Print letters / Download letters, and the progress of a running merge."""
    from ..state.segments import WorksheetState as W

    code = W.header["interaction_template_code"].to(str)
    return rx.vstack(
        rx.flex(
            rx.cond(
                code != "",
                rx.link(
                    rx.button(
                        rx.icon("file-text", size=16),
                        t("templates.open_letters"),
                        variant="ghost",
                        id="template-letters-link",
                    ),
                    href="/setup/templates/" + code + "/letters",
                ),
            ),
            rx.button(
                rx.icon("printer", size=16),
                t("letters.print"),
                on_click=L.print_letters,
                loading=L.busy,
                variant="soft",
                id="print-letters",
            ),
            rx.button(
                rx.icon("file-archive", size=16),
                t("letters.download"),
                on_click=L.download_letters,
                loading=L.busy,
                variant="soft",
                id="download-letters",
            ),
            rx.button(
                rx.icon("printer", size=16),
                t("letters.print_pdf"),
                on_click=L.print_letters_pdf,
                loading=L.busy,
                disabled=~L.pdf_available,
                variant="soft",
                id="print-letters-pdf",
            ),
            rx.button(
                rx.icon("file-archive", size=16),
                t("letters.download_pdf"),
                on_click=L.download_letters_pdf,
                loading=L.busy,
                disabled=~L.pdf_available,
                variant="soft",
                id="download-letters-pdf",
            ),
            gap="2",
            wrap="wrap",
        ),
        rx.cond(
            ~L.pdf_available,
            rx.text(
                tf("pdf.unavailable", package=pdf.INSTALL_HINT),
                size="1",
                color_scheme="gray",
                id="pdf-unavailable",
            ),
        ),
        rx.cond(
            L.busy,
            rx.vstack(
                rx.progress(value=L.progress, max=100, width="100%", id="letters-progress"),
                rx.text(
                    rx.cond(
                        L.converting,
                        tf("letters.converting", done=L.progress_done, total=L.progress_total),
                        tf("letters.merging", done=L.progress_done, total=L.progress_total),
                    ),
                    size="1",
                    color_scheme="gray",
                ),
                width="100%",
                spacing="1",
            ),
        ),
        width="100%",
        spacing="2",
    )


def line_letter_buttons(line_no: rx.Var) -> rx.Component:
    """Personalise and Preview for the line being edited."""
    from ..state.segments import WorksheetState as W

    return rx.fragment(
        rx.button(
            rx.icon("pen-line", size=16),
            t("letters.personalise"),
            type="button",
            variant="soft",
            on_click=[W.close_line, L.open_personalise(line_no)],
            id="letter-personalise",
        ),
        rx.button(
            rx.icon("eye", size=16),
            t("letters.preview"),
            type="button",
            variant="soft",
            on_click=[W.close_line, L.open_preview(line_no)],
            id="letter-preview",
        ),
        rx.link(
            rx.hstack(
                rx.icon("message-square-plus", size=16), t("interaction.create"), spacing="1"
            ),
            href=routes.CREATE_INTERACTION + "?segment=" + W.header["no"] + "&line=" + line_no,
            id="line-create-interaction",
            size="2",
            align="center",
        ),
    )


def personalise_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("letters.personalise_title", line_no=L.personalise_line)),
            refusal_message(),
            rx.vstack(
                rx.hstack(
                    rx.text(t("letters.document"), size="2", color_scheme="gray"),
                    rx.badge(
                        rx.match(
                            L.line_document,
                            ("own", t("document.own")),
                            ("inherited", t("document.inherited")),
                            t("common.none"),
                        ),
                        id="letter-kind",
                    ),
                ),
                rx.text(t("letters.remark_help"), size="2"),
                rx.text_area(
                    value=L.remark,
                    on_change=L.set_remark,
                    id="letter-remark",
                    aria_label=t("field.remark"),
                    rows="4",
                    width="100%",
                ),
                rx.flex(
                    rx.button(
                        t("letters.save_remark"),
                        on_click=L.save_remark,
                        disabled=L.remark == "",
                        id="letter-save-remark",
                    ),
                    rx.button(
                        rx.icon("download", size=16),
                        t("letters.download_letter"),
                        on_click=L.download_line_letter,
                        variant="soft",
                        id="letter-download-one",
                    ),
                    rx.cond(
                        L.line_document == "own",
                        rx.button(
                            t("letters.reset"),
                            on_click=L.reset_line,
                            variant="soft",
                            color_scheme="gray",
                            id="letter-reset",
                        ),
                    ),
                    gap="2",
                    wrap="wrap",
                ),
                rx.upload(
                    rx.vstack(
                        rx.icon("upload", size=18),
                        rx.text(t("letters.upload_edited"), size="2"),
                        align="center",
                    ),
                    id=UPLOAD_ID,
                    accept=DOCX_ACCEPT,
                    max_size=MAX_UPLOAD_BYTES,  # the server refuses more before reading it
                    max_files=1,
                    multiple=False,
                    border="1px dashed var(--gray-8)",
                    padding="1em",
                    width="100%",
                    on_drop=L.upload_line_letter(rx.upload_files(upload_id=UPLOAD_ID)),
                ),
                rx.flex(
                    rx.dialog.close(
                        rx.button(t("letters.close"), variant="soft", color_scheme="gray")
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            **PHONE_DIALOG,
        ),
        open=L.personalise_line != "",
        on_open_change=L.personalise_changed,
    )


def preview_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("letters.preview_title", line_no=L.preview_line)),
            refusal_message(),
            rx.box(rx.html(L.preview_html), id="letter-preview-body", **LETTER_STYLE),
            rx.flex(
                rx.dialog.close(rx.button(t("letters.close"), variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="1em",
            ),
            **PHONE_DIALOG,
        ),
        open=L.preview_line != "",
        on_open_change=L.preview_changed,
    )


def worksheet_letters() -> rx.Component:
    """Everything the worksheet page needs from this module, in one piece."""
    return rx.fragment(letters_toolbar(), personalise_dialog(), preview_dialog())

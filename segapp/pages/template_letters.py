"""``/setup/templates/<code>/letters``: the Word letter of an interaction template in each
language, with the merge fields it uses (bc-reference.md sections 2.4, 8.4)."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t, tf
from ..components.layout import shell
from ..components.letters import DOCX_ACCEPT
from ..services.letters.documents import MAX_UPLOAD_BYTES
from ..state.template_letters import UPLOAD_ID
from ..state.template_letters import TemplateLettersState as S


def _row(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.badge(row["language"]),
                    rx.text(row["language_name"], weight="bold"),
                    rx.cond(
                        row["locked"] == "yes",
                        rx.badge(t("templates.locked"), color_scheme="orange"),
                    ),
                ),
                rx.text(
                    rx.cond(row["file_name"] != "", row["file_name"], t("templates.no_letter")),
                    " ",
                    row["size"],
                    size="2",
                    class_name="template-letter-file",
                ),
                rx.cond(
                    row["recognised"] != "",
                    rx.text(tf("letters.recognised_fields", fields=row["recognised"]), size="1"),
                ),
                rx.cond(
                    row["unknown"] != "",
                    rx.text(
                        tf("letters.unknown_fields", fields=row["unknown"]),
                        size="1",
                        color_scheme="orange",
                        class_name="template-letter-unknown",
                    ),
                ),
                rx.cond(
                    row["problem"] != "",
                    rx.text(
                        row["problem"],
                        size="1",
                        color_scheme="red",
                        class_name="template-letter-problem",
                    ),
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.cond(
                row["file_name"] != "",
                rx.hstack(
                    rx.button(
                        rx.icon("download", size=16),
                        t("templates.download"),
                        variant="soft",
                        on_click=S.download(row["language"]),
                    ),
                    rx.button(
                        rx.icon("trash-2", size=16),
                        t("templates.remove"),
                        variant="soft",
                        color_scheme="red",
                        disabled=row["locked"] == "yes",
                        on_click=S.remove(row["language"]),
                    ),
                ),
            ),
            gap="3",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        class_name="template-letter-row",
    )


def _uploader() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.select.root(
                rx.select.trigger(
                    aria_label=t("templates.language"), id="template-letter-language"
                ),
                rx.select.content(
                    rx.foreach(S.rows, lambda r: rx.select.item(r["language"], value=r["language"]))
                ),
                value=S.language,
                on_change=S.set_language,
            ),
            rx.upload(
                rx.hstack(rx.icon("upload", size=18), rx.text(t("templates.drop_hint"), size="2")),
                id=UPLOAD_ID,
                accept=DOCX_ACCEPT,
                max_size=MAX_UPLOAD_BYTES,  # the server refuses more before reading it
                max_files=1,
                multiple=False,
                border="1px dashed var(--gray-8)",
                padding="1em",
                flex="1",
                on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
            ),
            gap="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            S.last_unknown != "",
            rx.callout(
                tf("letters.unknown_fields", fields=S.last_unknown),
                icon="triangle-alert",
                color_scheme="orange",
                margin_top="0.5em",
                id="upload-unknown-fields",
            ),
        ),
        rx.cond(
            S.last_warnings != "",
            rx.callout(
                S.last_warnings,
                icon="triangle-alert",
                color_scheme="orange",
                margin_top="0.5em",
                id="upload-warnings",
            ),
        ),
        rx.cond(
            S.last_recognised != "",
            rx.text(
                tf("letters.recognised_fields", fields=S.last_recognised),
                size="1",
                margin_top="0.5em",
                id="upload-recognised-fields",
            ),
        ),
        width="100%",
    )


def template_letters_page() -> rx.Component:
    return shell(
        rx.vstack(
            rx.link(
                rx.hstack(rx.icon("arrow-left", size=16), t("nav.segments")), href=routes.SEGMENTS
            ),
            rx.heading(
                tf("templates.letters_title", code=S.code), size="6", id="template-letters-title"
            ),
            rx.cond(
                S.found,
                rx.vstack(_uploader(), rx.foreach(S.rows, _row), spacing="3", width="100%"),
                rx.callout(tf("error.template_unknown", code=S.code), color_scheme="orange"),
            ),
            spacing="3",
            width="100%",
        )
    )

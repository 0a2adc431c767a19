"""The Outbox page: the e-mails written to the pickup folder when no SMTP server is configured,
listed newest first and shown as their contacts would see them."""

from __future__ import annotations

import reflex as rx

from ..components.delivery import message_view
from ..components.i18n import t
from ..components.layout import shell
from ..state.delivery import OutboxState as S


def _item(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(item["subject"], weight="bold", size="2", truncate=True),
        rx.text(item["to"], size="1", truncate=True),
        rx.text(item["date"], size="1", color_scheme="gray"),
        on_click=S.choose(item["name"]),
        padding="0.5em",
        border_radius="6px",
        cursor="pointer",
        background=rx.cond(S.chosen == item["name"], "var(--accent-3)", "transparent"),
        class_name="outbox-item",
        width="100%",
    )


def outbox_page() -> rx.Component:
    return shell(
        rx.heading(t("outbox.title"), size="6", margin_bottom="0.25em"),
        rx.text(t("outbox.intro"), size="2", color_scheme="gray"),
        rx.cond(S.smtp, rx.callout(t("outbox.smtp"), icon="info", margin_top="0.5em")),
        rx.cond(
            S.files.length() == 0,
            rx.text(t("outbox.empty"), color_scheme="gray", padding_top="1em", id="outbox-empty"),
            rx.flex(
                rx.vstack(
                    rx.foreach(S.files, _item),
                    spacing="1",
                    width=rx.breakpoints(initial="100%", md="22em"),
                    max_height=rx.breakpoints(initial="30vh", md="75vh"),
                    overflow_y="auto",
                    flex_shrink="0",
                ),
                rx.box(message_view(S.view, S.attachments), flex="1", min_width="0"),
                direction=rx.breakpoints(initial="column", md="row"),
                spacing="4",
                padding_top="1em",
                width="100%",
            ),
        ),
    )

"""Pieces of e-mail delivery shown on several pages: the status of an entry's e-mail with the
server's answer, and an e-mail rendered as its contact sees it (in a sandboxed frame)."""

from __future__ import annotations

import reflex as rx

from .i18n import enum_label, t

_COLORS = {"sent": "green", "in_progress": "amber", "failed": "red"}


def delivery_status(row: rx.Var) -> rx.Component:
    """The entry's e-mail status as a badge; a failed or retried e-mail shows the server's
    answer under it."""
    return rx.vstack(
        rx.match(
            row["delivery"],
            *[
                (
                    kind,
                    rx.badge(
                        enum_label("delivery", rx.Var.create(kind)),
                        color_scheme=color,
                        class_name=f"delivery-status delivery-{kind}",
                    ),
                )
                for kind, color in _COLORS.items()
            ],
            rx.text(""),
        ),
        rx.cond(
            row["delivery_error"] != "",
            rx.text(
                row["delivery_error"],
                size="1",
                color_scheme="red",
                class_name="delivery-error",
                max_width="22em",
            ),
        ),
        spacing="1",
    )


def _header(key: str, value: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(t(key), weight="bold", size="2", min_width="6em"),
        rx.text(value, size="2", class_name=f"message-{key.split('.')[-1]}"),
        spacing="2",
        align="start",
    )


def message_view(view: rx.Var, attachments: rx.Var) -> rx.Component:
    return rx.vstack(
        _header("delivery.from", view["from"]),
        _header("delivery.to", view["to"]),
        _header("delivery.reply_to", view["reply_to"]),
        _header("delivery.subject", view["subject"]),
        _header("delivery.date", view["date"]),
        _header("delivery.message_id", view["message_id"]),
        rx.cond(
            attachments.length() > 0,
            rx.hstack(
                rx.text(t("delivery.attachments"), weight="bold", size="2", min_width="6em"),
                rx.vstack(
                    rx.foreach(
                        attachments,
                        lambda a: rx.text(a, size="2", class_name="message-attachment"),
                    ),
                    spacing="1",
                ),
                spacing="2",
            ),
        ),
        rx.el.iframe(
            src_doc=view["html"],
            sandbox="",
            title=view["subject"],
            class_name="message-body",
            style={
                "width": "100%",
                "height": "60vh",
                "border": "1px solid var(--gray-6)",
                "borderRadius": "6px",
                "background": "white",
            },
        ),
        spacing="2",
        width="100%",
    )


def message_dialog(state) -> rx.Component:
    """The e-mail stored with an entry, as sent."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("delivery.open_message"), " · ", state.entry_no),
            message_view(state.view, state.attachments),
            rx.hstack(
                rx.button(
                    rx.icon("download", size=16),
                    t("delivery.download"),
                    on_click=state.download,
                    variant="soft",
                    id="message-download",
                ),
                rx.dialog.close(
                    rx.button(t("delivery.close"), variant="soft", color_scheme="gray")
                ),
                justify="end",
                spacing="2",
                margin_top="0.75em",
            ),
            max_width="900px",
            id="message-dialog",
        ),
        open=state.open,
        on_open_change=state.set_open,
    )

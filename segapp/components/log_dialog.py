"""The Log button of the worksheet and its Log Segment dialog (reference section 7.1)."""

from __future__ import annotations

import reflex as rx

from ..state.logging import LogState
from .i18n import t, tf
from .messages import refusal_message

# Dialogs take the whole screen on phones (PRODUCT.md section 6).
PHONE_FULL_SCREEN = {
    "width": rx.breakpoints(initial="100vw", sm="480px"),
    "max_width": rx.breakpoints(initial="100vw", sm="480px"),
    "min_height": rx.breakpoints(initial="100dvh", sm="auto"),
    "border_radius": rx.breakpoints(initial="0", sm="var(--radius-4)"),
}


def _dialog() -> rx.Component:
    return rx.dialog.content(
        rx.dialog.title(t("log.title"), " ", LogState.segment_no, id="log-title"),
        refusal_message(),
        rx.dialog.description(tf("log.intro", count=LogState.no_of_lines), size="2"),
        rx.vstack(
            rx.text(
                rx.hstack(
                    rx.checkbox(
                        checked=LogState.send,
                        aria_label=t("log.send"),
                        on_change=LogState.set_send,
                        disabled=~LogState.can_send | LogState.running,
                        id="log-send",
                    ),
                    t("log.send"),
                    spacing="2",
                ),
                as_="label",
                size="2",
            ),
            rx.cond(
                ~LogState.can_send,
                rx.text(t("log.send_hint"), size="1", color_scheme="gray"),
            ),
            rx.text(
                rx.hstack(
                    rx.checkbox(
                        checked=LogState.follow_up,
                        aria_label=t("log.follow_up"),
                        on_change=LogState.set_follow_up,
                        disabled=LogState.running,
                        id="log-follow-up",
                    ),
                    t("log.follow_up"),
                    spacing="2",
                ),
                as_="label",
                size="2",
            ),
            rx.cond(
                LogState.running,
                rx.vstack(
                    rx.text(
                        rx.cond(LogState.stage_text != "", LogState.stage_text, t("log.running")),
                        size="2",
                        id="log-stage",
                    ),
                    rx.progress(value=LogState.progress, max=100, width="100%", id="log-progress"),
                    width="100%",
                ),
            ),
            rx.hstack(
                rx.button(
                    t("log.cancel"),
                    variant="soft",
                    color_scheme="gray",
                    on_click=LogState.close_dialog,
                    disabled=LogState.running,
                    id="log-cancel",
                ),
                rx.button(
                    t("log.confirm"),
                    on_click=LogState.start_log,
                    loading=LogState.running,
                    disabled=LogState.running,
                    id="log-confirm",
                ),
                justify="end",
                width="100%",
                spacing="3",
                padding_top="0.5em",
            ),
            spacing="3",
            padding_top="0.75em",
            width="100%",
        ),
        **PHONE_FULL_SCREEN,
    )


def log_button() -> rx.Component:
    """The Log action with its dialog; put it next to the worksheet's title."""
    return rx.dialog.root(
        rx.button(
            rx.icon("book-check", size=16),
            t("log.button"),
            on_click=LogState.open_dialog,
            loading=LogState.running,
            id="log-open",
        ),
        _dialog(),
        open=LogState.dialog_open,
        on_open_change=LogState.open_change,
    )

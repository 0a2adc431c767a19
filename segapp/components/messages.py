"""Refusals that stay: a refused action's message is shown inside the open dialog, next to the
field it concerns, or at the top of the page, until the user dismisses it or acts again.
Toasts are kept for successes."""

from __future__ import annotations

import reflex as rx

from ..state.base import AppState
from .i18n import t


def _callout(**props) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert", size=16)),
        rx.flex(
            rx.callout.text(AppState.refusal, class_name="refusal-text"),
            rx.icon_button(
                rx.icon("x", size=14),
                on_click=AppState.dismiss_refusal,
                variant="ghost",
                color_scheme="red",
                size="1",
                type="button",
                aria_label=t("common.dismiss"),
                class_name="refusal-dismiss",
            ),
            justify="between",
            align="start",
            gap="2",
            width="100%",
        ),
        color_scheme="red",
        role="alert",
        width="100%",
        **props,
    )


def refusal_message() -> rx.Component:
    """The refusal not tied to a field: put one at the top of every page and of every dialog
    (a modal dialog hides the page's copy)."""
    return rx.cond(
        (AppState.refusal != "") & (AppState.refusal_field == ""),
        _callout(class_name="refusal", margin_y="0.5em"),
    )


def field_refusal(field_id: str) -> rx.Component:
    """The refusal of the field ``field_id``, right under it."""
    return rx.cond(
        (AppState.refusal != "") & (AppState.refusal_field == field_id),
        _callout(class_name="refusal field-refusal", size="1", id=f"{field_id}-refusal"),
    )

"""The Resend dialog (reference section 8.6)."""

from __future__ import annotations

import reflex as rx

from ..state.delivery import ResendState as S
from .i18n import t, tf
from .log_dialog import PHONE_FULL_SCREEN


def resend_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("resend.title")),
            rx.text(
                tf("resend.intro", entry_no=S.logged_segment, count=S.count.to_string()), size="2"
            ),
            rx.vstack(
                rx.text(t("resend.type"), size="1", color_scheme="gray"),
                rx.radio_group.root(
                    rx.radio_group.item(t("resend.type_same"), value="same"),
                    rx.radio_group.item(t("resend.type_hard_copy"), value="hard_copy"),
                    rx.radio_group.item(t("resend.type_email"), value="email"),
                    value=S.correspondence,
                    on_change=S.set_correspondence,
                    id="resend-type",
                ),
                rx.checkbox(
                    t("resend.update_merge_fields"),
                    checked=S.update_merge_fields,
                    on_change=S.set_update_merge_fields,
                    id="resend-update",
                ),
                rx.text(t("resend.update_hint"), size="1", color_scheme="gray"),
                spacing="2",
                margin_y="0.75em",
            ),
            rx.hstack(
                rx.dialog.close(rx.button(t("resend.cancel"), variant="soft", color_scheme="gray")),
                rx.button(t("resend.confirm"), on_click=S.confirm, id="resend-confirm"),
                justify="end",
                spacing="2",
            ),
            style=PHONE_FULL_SCREEN,
            id="resend-dialog",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )

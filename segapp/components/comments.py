"""The comments of one interaction log entry (reference sections 3.8 and 7.5): each line
editable in place, a new one added below."""

from __future__ import annotations

import reflex as rx

from ..state.interactions import CommentsState as C
from .i18n import t, tf
from .log_dialog import PHONE_FULL_SCREEN
from .messages import field_refusal, refusal_message


def _line(row: rx.Var) -> rx.Component:
    field_id = "comment-" + row["line_no"]
    return rx.form(
        rx.hstack(
            rx.text(row["date"], size="1", color_scheme="gray", white_space="nowrap"),
            rx.input(
                name="comment",
                default_value=row["comment"],
                max_length=250,
                aria_label=t("field.comment"),
                width="100%",
                class_name="comment-text",
                id=field_id,
            ),
            rx.el.input(type="hidden", name="line_no", value=row["line_no"]),
            rx.icon_button(
                rx.icon("check", size=14),
                type="submit",
                variant="soft",
                size="1",
                aria_label=t("comments.save"),
                class_name="comment-save",
            ),
            rx.icon_button(
                rx.icon("trash-2", size=14),
                type="button",
                variant="soft",
                color_scheme="red",
                size="1",
                on_click=C.remove(row["line_no"]),
                aria_label=t("comments.delete"),
                class_name="comment-delete",
            ),
            align="center",
            spacing="2",
            width="100%",
        ),
        rx.box(field_refusal(field_id)),
        on_submit=C.save,
        reset_on_submit=False,
        width="100%",
        class_name="comment-line",
    )


def comments_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("comments.for_entry", entry_no=C.entry_no)),
            refusal_message(),
            rx.vstack(
                rx.cond(
                    C.comments.length() == 0,
                    rx.text(t("comments.none"), size="2", color_scheme="gray"),
                ),
                rx.foreach(C.comments, _line),
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="comment",
                            placeholder=t("comments.new"),
                            max_length=250,
                            aria_label=t("comments.new"),
                            width="100%",
                            id="comment-new",
                        ),
                        rx.button(t("comments.add"), type="submit", id="comment-add"),
                        spacing="2",
                        width="100%",
                    ),
                    field_refusal("comment-new"),
                    on_submit=C.add,
                    reset_on_submit=True,
                    width="100%",
                ),
                rx.flex(
                    rx.dialog.close(
                        rx.button(t("common.close"), variant="soft", color_scheme="gray")
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            key=C.form_key,
            **PHONE_FULL_SCREEN,
        ),
        open=C.entry_no != "",
        on_open_change=C.open_changed,
    )

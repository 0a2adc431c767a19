"""The open segments list."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t, tf
from ..components.jobs import job_banner
from ..components.layout import loading_state, pager, shell
from ..components.messages import refusal_message
from ..state.segments import SegmentsState


def _delete_button(row: rx.Var) -> rx.Component:
    return rx.icon_button(
        rx.icon("trash-2", size=16),
        on_click=SegmentsState.ask_delete(row["no"]),
        variant="ghost",
        color_scheme="red",
        aria_label=t("segments.delete") + " " + row["no"],
        class_name="segment-delete",
    )


def _confirm_delete() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tf("segments.delete_title", no=SegmentsState.delete_no)),
            refusal_message(),
            rx.alert_dialog.description(t("segments.delete_text")),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(t("common.no"), variant="soft", color_scheme="gray", auto_focus=True),
                    on_click=SegmentsState.cancel_delete,
                ),
                rx.alert_dialog.action(
                    rx.button(t("common.yes"), color_scheme="red", id="confirm-delete-segment"),
                    on_click=SegmentsState.confirm_delete,
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=SegmentsState.delete_no != "",
    )


def _row(row: rx.Var) -> rx.Component:
    href = routes.SEGMENTS + "/" + row["no"]
    return rx.table.row(
        rx.table.cell(rx.link(row["no"], href=href, weight="medium")),
        rx.table.cell(row["description"]),
        rx.table.cell(row["salesperson_code"]),
        rx.table.cell(row["date"]),
        rx.table.cell(row["no_of_lines"], text_align="right"),
        rx.table.cell(_delete_button(row)),
        class_name="segment-row",
    )


def _card(row: rx.Var) -> rx.Component:
    href = routes.SEGMENTS + "/" + row["no"]
    return rx.link(
        rx.card(
            rx.hstack(
                rx.text(row["no"], weight="bold"),
                rx.spacer(),
                rx.badge(row["no_of_lines"], variant="soft"),
                width="100%",
            ),
            rx.text(row["description"], size="2"),
            rx.hstack(
                rx.text(row["date"], " · ", row["salesperson_code"], size="1", color_scheme="gray"),
                rx.spacer(),
                _delete_button(row),
                width="100%",
                align="center",
            ),
            width="100%",
        ),
        href=href,
        underline="none",
        class_name="segment-card",
        width="100%",
    )


def segments_page() -> rx.Component:
    return shell(
        rx.flex(
            rx.heading(t("segments.title"), size="6"),
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=16),
                t("segments.new"),
                on_click=SegmentsState.new_segment,
                id="new-segment",
            ),
            align="center",
            width="100%",
            margin_bottom="0.5em",
        ),
        _confirm_delete(),
        job_banner(),
        rx.cond(
            SegmentsState.loading,
            loading_state(),
            rx.cond(
                SegmentsState.total == 0,
                rx.text(t("segments.empty"), color_scheme="gray", id="segments-empty"),
                rx.box(
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    rx.table.column_header_cell(t("field.no")),
                                    rx.table.column_header_cell(t("field.description")),
                                    rx.table.column_header_cell(t("field.salesperson_code")),
                                    rx.table.column_header_cell(t("field.date")),
                                    rx.table.column_header_cell(
                                        t("field.no_of_lines"), text_align="right"
                                    ),
                                    rx.table.column_header_cell(""),
                                )
                            ),
                            rx.table.body(rx.foreach(SegmentsState.rows, _row)),
                            width="100%",
                            variant="surface",
                        ),
                        display=rx.breakpoints(initial="none", md="block"),
                    ),
                    rx.vstack(
                        rx.foreach(SegmentsState.rows, _card),
                        display=rx.breakpoints(initial="flex", md="none"),
                        spacing="2",
                        width="100%",
                    ),
                    pager(SegmentsState),
                    width="100%",
                ),
            ),
        ),
    )

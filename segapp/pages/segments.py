"""The open segments list."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t
from ..components.layout import pager, shell
from ..state.segments import SegmentsState


def _row(row: rx.Var) -> rx.Component:
    href = routes.SEGMENTS + "/" + row["no"]
    return rx.table.row(
        rx.table.cell(rx.link(row["no"], href=href, weight="medium")),
        rx.table.cell(row["description"]),
        rx.table.cell(row["salesperson_code"]),
        rx.table.cell(row["date"]),
        rx.table.cell(row["no_of_lines"], text_align="right"),
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
            rx.text(row["date"], " · ", row["salesperson_code"], size="1", color_scheme="gray"),
            width="100%",
        ),
        href=href,
        underline="none",
        class_name="segment-card",
        width="100%",
    )


def segments_page() -> rx.Component:
    return shell(
        rx.heading(t("segments.title"), size="6", margin_bottom="0.5em"),
        rx.cond(
            SegmentsState.total == 0,
            rx.text(t("segments.empty"), color_scheme="gray"),
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
    )

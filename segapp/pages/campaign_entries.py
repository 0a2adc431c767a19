"""Campaign Entries of a logged segment (reference section 7.4: the drill-down of No. of
Campaign Entries on Logged Segments)."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t, tf
from ..components.layout import loading_state, pager, shell
from ..state.logging import CampaignEntriesState as S
from .logged_segments import DESKTOP, PHONE

COLUMNS = (
    ("entry_no", "logged.entry_no"),
    ("campaign_no", "campaign.campaign_no"),
    ("campaign_description", "campaign.campaign_description"),
    ("date", "campaign.date"),
    ("description", "field.description"),
    ("segment_no", "logged.segment_no"),
    ("user_id", "logged.user_id"),
)


def _canceled(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["canceled"] == "yes",
        rx.badge(t("logged.canceled"), color_scheme="red", class_name="canceled-badge"),
        rx.text("—", color_scheme="gray"),
    )


def _interactions(row: rx.Var) -> rx.Component:
    return rx.text(row["no_of_interactions"], class_name="campaign-interactions")


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_canceled(row)),
        *(rx.table.cell(row[name]) for name, _ in COLUMNS),
        rx.table.cell(_interactions(row), text_align="right"),
        class_name="campaign-entry-row",
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(row["campaign_no"], weight="bold"),
            _canceled(row),
            rx.spacer(),
            rx.badge(row["no_of_interactions"], variant="soft"),
            width="100%",
            align="center",
        ),
        rx.text(row["description"], size="2"),
        rx.text(
            row["date"],
            " · ",
            row["segment_no"],
            " · #",
            row["entry_no"],
            size="1",
            color_scheme="gray",
        ),
        width="100%",
        class_name="campaign-entry-card",
    )


def campaign_entries_page() -> rx.Component:
    return shell(
        rx.hstack(
            rx.link(
                rx.button(rx.icon("arrow-left", size=16), t("common.back"), variant="soft"),
                href=routes.LOGGED_SEGMENTS,
            ),
            rx.heading(t("campaign.title"), size="6"),
            rx.cond(
                S.logged_segment != "",
                rx.badge(tf("campaign.of_logged", entry_no=S.logged_segment), size="2"),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            margin_bottom="0.5em",
        ),
        rx.cond(
            S.loading,
            loading_state(),
            rx.cond(
                S.total == 0,
                rx.text(
                    t("campaign.empty"), color_scheme="gray", padding_top="1em", id="campaign-empty"
                ),
                rx.box(
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    rx.table.column_header_cell(t("logged.canceled")),
                                    *(rx.table.column_header_cell(t(key)) for _, key in COLUMNS),
                                    rx.table.column_header_cell(
                                        t("logged.no_of_interactions"), text_align="right"
                                    ),
                                )
                            ),
                            rx.table.body(rx.foreach(S.rows, _row)),
                            width="100%",
                            variant="surface",
                        ),
                        display=DESKTOP,
                        overflow_x="auto",
                    ),
                    rx.vstack(rx.foreach(S.rows, _card), display=PHONE, spacing="2", width="100%"),
                    pager(S),
                    width="100%",
                    padding_top="0.75em",
                ),
            ),
        ),
    )

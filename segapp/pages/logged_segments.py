"""Logged Segments (reference section 7.4): list with counts, cancel toggle, delete canceled,
entries of one logged segment, Reuse Segment and follow-up."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t, tf
from ..components.jobs import job_banner
from ..components.layout import loading_state, pager, shell
from ..components.log_dialog import PHONE_FULL_SCREEN
from ..components.messages import refusal_message
from ..state.logging import LoggedSegmentsState as S

DESKTOP = rx.breakpoints(initial="none", md="block")
PHONE = rx.breakpoints(initial="flex", md="none")
DELIVERY_COLUMNS = ("logged.sent", "logged.in_progress", "logged.failed")


def entries_href(row: rx.Var) -> rx.Var:
    return routes.INTERACTION_LOG_ENTRIES + "?logged_segment=" + row["entry_no"]


def campaign_entries_href(row: rx.Var) -> rx.Var:
    return routes.CAMPAIGN_ENTRIES + "?logged_segment=" + row["entry_no"]


def _check(row: rx.Var) -> rx.Component:
    return rx.checkbox(
        checked=S.selected.contains(row["entry_no"]),
        on_change=lambda _v: S.toggle_select(row["entry_no"]),
        aria_label=t("logged.select"),
        class_name="logged-select",
    )


def _canceled(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["canceled"] == "yes",
        rx.badge(t("logged.canceled"), color_scheme="red", class_name="canceled-badge"),
        rx.text("—", color_scheme="gray"),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_check(row)),
        rx.table.cell(_canceled(row)),
        rx.table.cell(row["entry_no"]),
        rx.table.cell(row["creation_date"]),
        rx.table.cell(row["user_id"]),
        rx.table.cell(row["segment_no"], class_name="logged-segment-no"),
        rx.table.cell(row["description"], min_width="14em"),
        rx.table.cell(
            rx.link(row["no_of_interactions"], href=entries_href(row), class_name="entries-link"),
            text_align="right",
        ),
        rx.table.cell(
            rx.link(
                row["no_of_campaign_entries"],
                href=campaign_entries_href(row),
                class_name="campaign-entries-link",
            ),
            text_align="right",
        ),
        rx.table.cell(row["sent"], text_align="right", class_name="logged-sent"),
        rx.table.cell(row["in_progress"], text_align="right", class_name="logged-in-progress"),
        rx.table.cell(row["failed"], text_align="right", class_name="logged-failed"),
        class_name="logged-row",
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            _check(row),
            rx.text(row["segment_no"], weight="bold", class_name="logged-segment-no"),
            _canceled(row),
            rx.spacer(),
            rx.link(
                rx.badge(row["no_of_interactions"], variant="soft"),
                href=entries_href(row),
                class_name="entries-link",
            ),
            rx.link(
                rx.badge(
                    rx.icon("megaphone", size=12), row["no_of_campaign_entries"], variant="soft"
                ),
                href=campaign_entries_href(row),
                class_name="campaign-entries-link",
            ),
            width="100%",
            align="center",
        ),
        rx.text(row["description"], size="2"),
        rx.text(
            row["creation_date"],
            " · ",
            row["user_id"],
            " · #",
            row["entry_no"],
            size="1",
            color_scheme="gray",
        ),
        width="100%",
        class_name="logged-card",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("ban", size=16),
            t("logged.switch_canceled"),
            on_click=S.ask_switch_canceled,
            variant="soft",
            id="logged-switch-canceled",
        ),
        rx.button(
            rx.icon("copy-plus", size=16),
            t("logged.reuse"),
            on_click=S.reuse,
            variant="soft",
            id="logged-reuse",
        ),
        rx.button(
            rx.icon("forward", size=16),
            t("logged.follow_up"),
            on_click=S.create_follow_up,
            variant="soft",
            id="logged-follow-up",
        ),
        rx.button(
            rx.icon("trash-2", size=16),
            t("logged.delete_canceled"),
            on_click=S.ask_delete_canceled,
            variant="soft",
            color_scheme="red",
            id="logged-delete-canceled",
        ),
        rx.cond(
            S.selected.length() > 0,
            rx.text(tf("logged.selected", count=S.selected.length()), size="2"),
        ),
        wrap="wrap",
        spacing="2",
        align="center",
        width="100%",
    )


def confirm_dialog(state) -> rx.Component:
    """Yes/No before a destructive action; Yes is the default (reference section 11)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("log.confirm_title")),
            refusal_message(),
            rx.alert_dialog.description(state.confirm_text, id="confirm-text"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        t("common.no"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=state.close_confirm,
                        id="confirm-no",
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(t("common.yes"), on_click=state.confirm, id="confirm-yes")
                ),
                justify="end",
                spacing="3",
                padding_top="1em",
            ),
            **PHONE_FULL_SCREEN,
        ),
        open=state.confirm_open,
    )


def logged_segments_page() -> rx.Component:
    return shell(
        rx.heading(t("logged.title"), size="6", margin_bottom="0.5em"),
        _actions(),
        job_banner(),
        rx.cond(
            S.loading,
            loading_state(),
            rx.cond(
                S.total == 0,
                rx.text(
                    t("logged.empty"), color_scheme="gray", padding_top="1em", id="logged-empty"
                ),
                _list(),
            ),
        ),
        confirm_dialog(S),
    )


def _list() -> rx.Component:
    return rx.fragment(
        rx.box(
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(""),
                            rx.table.column_header_cell(t("logged.canceled")),
                            rx.table.column_header_cell(t("logged.entry_no")),
                            rx.table.column_header_cell(t("logged.creation_date")),
                            rx.table.column_header_cell(t("logged.user_id")),
                            rx.table.column_header_cell(t("logged.segment_no")),
                            rx.table.column_header_cell(t("field.description")),
                            rx.table.column_header_cell(
                                t("logged.no_of_interactions"), text_align="right"
                            ),
                            rx.table.column_header_cell(
                                t("logged.no_of_campaign_entries"), text_align="right"
                            ),
                            *[
                                rx.table.column_header_cell(t(key), text_align="right")
                                for key in ("logged.sent", "logged.in_progress", "logged.failed")
                            ],
                        )
                    ),
                    rx.table.body(rx.foreach(S.rows, _row)),
                    width="100%",
                    variant="surface",
                ),
                display=DESKTOP,
                overflow_x="auto",
            ),
            rx.vstack(
                rx.foreach(S.rows, _card),
                display=PHONE,
                spacing="2",
                width="100%",
            ),
            pager(S),
            width="100%",
            padding_top="0.75em",
        ),
    )

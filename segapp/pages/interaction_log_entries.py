"""Interaction Log Entries (reference section 7.5): filters, a page of entries, cancel toggle,
evaluation and deletion of canceled entries; the contact and the logged segment are links."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.columns import cell_display, column_chooser
from ..components.comments import comments_dialog
from ..components.delivery import delivery_status, message_dialog
from ..components.i18n import enum_label, t
from ..components.jobs import job_banner
from ..components.layout import loading_state, pager, shell
from ..components.log_dialog import PHONE_FULL_SCREEN
from ..components.messages import field_refusal
from ..components.resend import resend_dialog
from ..state.delivery import MessageState, ResendState
from ..state.interactions import CommentsState
from ..state.logging import EntriesState as S
from .logged_segments import DESKTOP, PHONE, confirm_dialog

EVALUATIONS = ("very_positive", "positive", "neutral", "negative", "very_negative")


def _check(row: rx.Var) -> rx.Component:
    return rx.checkbox(
        checked=S.selected.contains(row["entry_no"]),
        on_change=lambda _v: S.toggle_select(row["entry_no"]),
        aria_label=t("logged.select"),
        class_name="entry-select",
    )


def _contact_link(row: rx.Var) -> rx.Component:
    return rx.link(
        row["contact_no"],
        href=routes.CONTACTS + "/" + row["contact_no"],
        class_name="contact-link",
    )


def _logged_link(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["logged_segment"] != "",
        rx.link(
            row["segment_no"],
            href=routes.INTERACTION_LOG_ENTRIES + "?logged_segment=" + row["logged_segment"],
            class_name="logged-link",
        ),
        rx.text(row["segment_no"]),
    )


def _canceled(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["canceled"] == "yes",
        rx.badge(t("ile.canceled"), color_scheme="red", class_name="canceled-badge"),
        rx.text("—", color_scheme="gray"),
    )


def _name(row: rx.Var) -> rx.Var:
    return rx.cond(row["contact_name"] != "", row["contact_name"], row["contact_company_name"])


def _document(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["document"] == "yes",
        rx.icon_button(
            rx.icon("paperclip", size=14),
            on_click=S.open_document(row["entry_no"]),
            variant="ghost",
            size="1",
            aria_label=t("log.open_document"),
            class_name="entry-document",
        ),
        "",
    )


def _comment(row: rx.Var) -> rx.Component:
    """Comment (reference 7.5): the entry has comment lines; the icon opens them."""
    return rx.cond(
        row["comment"] == "yes",
        rx.icon_button(
            rx.icon("message-square-text", size=14),
            on_click=CommentsState.open_for(row["entry_no"]),
            variant="ghost",
            size="1",
            aria_label=t("comments.button"),
            class_name="entry-comment",
        ),
        "",
    )


def _document_cell(row: rx.Var) -> rx.Component:
    return rx.fragment(_document(row), _message_button(row))


# (key, caption, cell): every column of the table; the user picks which ones are shown.
TABLE_COLUMNS: tuple[tuple[str, str, object], ...] = (
    ("canceled", "ile.canceled", _canceled),
    (
        "attempt_failed",
        "field.attempt_failed",
        lambda row: rx.cond(row["attempt_failed"] == "yes", t("common.yes"), ""),
    ),
    ("date", "field.date", lambda row: row["date"]),
    ("time", "field.time_of_interaction", lambda row: row["time"]),
    ("template_code", "field.interaction_template_code", lambda row: row["template_code"]),
    ("description", "field.description", lambda row: row["description"]),
    ("document", "field.document", _document_cell),
    ("contact_no", "field.contact_no", _contact_link),
    ("contact_name", "field.contact_name", lambda row: row["contact_name"]),
    ("contact_company_name", "field.contact_company_name", lambda row: row["contact_company_name"]),
    ("evaluation", "field.evaluation", lambda row: enum_label("evaluation", row["evaluation"])),
    ("cost", "field.cost", lambda row: row["cost"]),
    ("duration", "field.duration", lambda row: row["duration"]),
    ("salesperson_code", "field.salesperson_code", lambda row: row["salesperson_code"]),
    ("campaign_no", "field.campaign_no", lambda row: row["campaign_no"]),
    (
        "correspondence_type",
        "field.correspondence_type",
        lambda row: enum_label("correspondence_type", row["correspondence_type"]),
    ),
    (
        "delivery_status",
        "ile.delivery_status",
        delivery_status,
    ),
    ("segment_no", "ile.segment_no", _logged_link),
    ("entry_no", "ile.entry_no", lambda row: row["entry_no"]),
    ("comment", "field.comment", lambda row: _comment(row)),
)
COLUMN_KEYS = tuple(key for key, _, _ in TABLE_COLUMNS)
NUMERIC = ("cost", "duration", "entry_no")
STICKY = "contact_name"  # stays in view while the table scrolls sideways


def _cell_style(key: str) -> dict:
    style = {"display": cell_display(S.columns, key)}
    if key in NUMERIC:
        style["text_align"] = "right"
    if key in ("date", "contact_no"):
        style["white_space"] = "nowrap"
    if key == STICKY:
        style.update(
            position="sticky", left="0", background="var(--color-panel-solid)", z_index="1"
        )
    return style


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_check(row)),
        *[rx.table.cell(cell(row), **_cell_style(key)) for key, _, cell in TABLE_COLUMNS],
        class_name="entry-row",
    )


def _message_button(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["message"] == "yes",
        rx.icon_button(
            rx.icon("mail", size=14),
            on_click=MessageState.show(row["entry_no"]),
            variant="ghost",
            size="1",
            aria_label=t("delivery.open_message"),
            class_name="entry-message",
        ),
        "",
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            _check(row),
            _contact_link(row),
            rx.text(_name(row), truncate=True),
            rx.spacer(),
            rx.cond(row["canceled"] == "yes", _canceled(row)),
            width="100%",
            align="center",
        ),
        rx.cond(row["description"] != "", rx.text(row["description"], size="2")),
        rx.hstack(
            rx.text(
                row["date"],
                rx.cond(row["template_code"] != "", " · " + row["template_code"].to(str), ""),
                size="1",
                color_scheme="gray",
            ),
            rx.cond(row["segment_no"] != "", _logged_link(row)),
            rx.cond(
                row["evaluation"] != "",
                rx.text(enum_label("evaluation", row["evaluation"]), size="1"),
            ),
            rx.cond(row["delivery"] != "", delivery_status(row)),
            _document(row),
            _message_button(row),
            _comment(row),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        width="100%",
        class_name="entry-card",
    )


def _input(name: str, key: str, value: rx.Var, placeholder: str | rx.Var = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(t(key), size="1", color_scheme="gray"), html_for=f"filter-{name}"),
        rx.input(
            name=name,
            default_value=value,
            key=value,
            placeholder=placeholder,
            size="2",
            id=f"filter-{name}",
        ),
        field_refusal(f"filter-{name}"),
        spacing="1",
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            _input("contact_no", "ile.filter_contact", S.contact_no),
            _input("segment_no", "ile.filter_segment", S.segment_no),
            _input("template_code", "ile.filter_template", S.template_code),
            _input("salesperson_code", "ile.filter_salesperson", S.salesperson_code),
            _input("date_from", "ile.filter_date_from", S.date_from_shown, S.date_hint),
            _input("date_to", "ile.filter_date_to", S.date_to_shown, S.date_hint),
            rx.vstack(
                rx.el.label(
                    rx.text(t("ile.filter_canceled"), size="1", color_scheme="gray"),
                    html_for="filter-canceled",
                ),
                rx.select.root(
                    rx.select.trigger(id="filter-canceled", aria_label=t("ile.filter_canceled")),
                    rx.select.content(
                        rx.select.item(t("ile.filter_all"), value="all"),
                        rx.select.item(t("common.yes"), value="yes"),
                        rx.select.item(t("common.no"), value="no"),
                    ),
                    value=S.canceled,
                    on_change=S.set_canceled_filter,
                ),
                spacing="1",
            ),
            rx.vstack(
                rx.el.label(
                    rx.text(t("delivery.filter"), size="1", color_scheme="gray"),
                    html_for="filter-delivery",
                ),
                rx.select.root(
                    rx.select.trigger(id="filter-delivery", aria_label=t("delivery.filter")),
                    rx.select.content(
                        rx.select.item(t("delivery.filter_all"), value="all"),
                        *[
                            rx.select.item(enum_label("delivery", rx.Var.create(v)), value=v)
                            for v in ("in_progress", "failed", "sent")
                        ],
                    ),
                    value=S.delivery,
                    on_change=S.set_delivery_filter,
                ),
                spacing="1",
            ),
            rx.hstack(
                rx.button(t("ile.apply"), type="submit", id="filter-apply"),
                rx.button(
                    t("ile.clear"),
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.clear_filters,
                    id="filter-clear",
                ),
                align="end",
                spacing="2",
            ),
            columns={"initial": "2", "sm": "4"},
            spacing="2",
            width="100%",
            align="end",
        ),
        on_submit=S.apply_filters,
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("ban", size=16),
            t("ile.switch_canceled"),
            on_click=S.ask_switch_canceled,
            variant="soft",
            id="ile-switch-canceled",
        ),
        rx.select.root(
            rx.select.trigger(aria_label=t("field.evaluation")),
            rx.select.content(
                *[
                    rx.select.item(enum_label("evaluation", rx.Var.create(v)), value=v)
                    for v in EVALUATIONS
                ]
            ),
            value=S.evaluation,
            on_change=S.set_evaluation,
        ),
        rx.button(
            rx.icon("star", size=16),
            t("ile.evaluate"),
            on_click=S.evaluate,
            variant="soft",
            id="ile-evaluate",
        ),
        rx.button(
            rx.icon("trash-2", size=16),
            t("ile.delete_canceled"),
            on_click=S.ask_delete_canceled,
            variant="soft",
            color_scheme="red",
            id="ile-delete-canceled",
        ),
        rx.button(
            rx.icon("send", size=16),
            t("resend.button"),
            on_click=ResendState.open_dialog,
            variant="soft",
            id="ile-resend",
        ),
        rx.button(
            rx.icon("message-square-plus", size=16),
            t("interaction.create"),
            on_click=S.create_interaction,
            variant="soft",
            id="ile-create-interaction",
        ),
        rx.button(
            rx.icon("message-square-text", size=16),
            t("comments.button"),
            on_click=S.open_comments,
            variant="soft",
            id="ile-comments",
        ),
        rx.link(
            t("nav.postponed_interactions"),
            href=routes.POSTPONED_INTERACTIONS,
            id="ile-postponed",
            size="2",
        ),
        rx.box(
            column_chooser(
                S.columns,
                S.toggle_column,
                tuple((key, label) for key, label, _ in TABLE_COLUMNS),
                "ile-columns",
            ),
            display=DESKTOP,
        ),
        rx.cond(
            S.logged_segment != "",
            rx.badge(
                t("ile.logged_segment"),
                " ",
                S.logged_segment_no,
                variant="soft",
                id="logged-filter",
            ),
        ),
        wrap="wrap",
        spacing="2",
        align="center",
        width="100%",
    )


def unique_dialog() -> rx.Component:
    """ "Delete unique attachments?" (reference 7.5): No is the default, Cancel does nothing."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("ile.unique_title")),
            rx.alert_dialog.description(S.unique_text, id="unique-text"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        t("common.cancel"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.close_confirm,
                        id="unique-cancel",
                    )
                ),
                rx.button(
                    t("common.yes"),
                    color_scheme="red",
                    variant="soft",
                    on_click=S.answer_unique(True),
                    id="unique-yes",
                ),
                rx.button(
                    t("common.no"),
                    on_click=S.answer_unique(False),
                    auto_focus=True,
                    id="unique-no",
                ),
                justify="end",
                spacing="3",
                padding_top="1em",
                wrap="wrap",
            ),
            **PHONE_FULL_SCREEN,
        ),
        open=S.unique_open,
    )


def interaction_log_entries_page() -> rx.Component:
    return shell(
        rx.heading(t("ile.title"), size="6", margin_bottom="0.5em"),
        rx.vstack(_filters(), _actions(), job_banner(), spacing="3", width="100%"),
        rx.cond(
            S.loading,
            loading_state(),
            rx.cond(
                S.total == 0,
                rx.text(t("ile.empty"), color_scheme="gray", padding_top="1em", id="ile-empty"),
                _entries(),
            ),
        ),
        confirm_dialog(S),
        message_dialog(MessageState),
        resend_dialog(),
        unique_dialog(),
        comments_dialog(),
    )


def _entries() -> rx.Component:
    return rx.box(
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(""),
                        *[
                            rx.table.column_header_cell(
                                t(label), **{"white_space": "nowrap", **_cell_style(key)}
                            )
                            for key, label, _ in TABLE_COLUMNS
                        ],
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%",
                variant="surface",
                size="1",
            ),
            display=DESKTOP,
            overflow_x="auto",
            id="ile-table",
        ),
        rx.vstack(rx.foreach(S.rows, _card), display=PHONE, spacing="2", width="100%"),
        pager(S),
        width="100%",
        padding_top="0.75em",
    )

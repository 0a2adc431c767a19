"""The contact card's interactions at a glance (Business Central's Contact Statistics and more):
the figures, the latest entries with their documents one click away, the open segments the
contact is on and a chart of the last twelve months by correspondence type."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..state.contact_interactions import SERIES, ContactInteractionsState, _series_key
from ..state.delivery import MessageState
from .delivery import message_dialog
from .i18n import enum_label, t, tf
from .record_forms import section

S = ContactInteractionsState
DESKTOP = rx.breakpoints(initial="none", md="block")
PHONE = rx.breakpoints(initial="flex", md="none")
# dark enough for text-sized marks on white (WCAG 3:1 for graphics)
COLOURS = {"": "#60646c", "hard_copy": "#c2410c", "email": "#3e63dd"}
SERIES_KEYS = {"": "glance.type_none", "hard_copy": "enum.correspondence_type.hard_copy"}
VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}
STATS = (
    ("no_of_interactions", "glance.no_of_interactions"),
    ("cost", "field.cost"),
    ("duration", "field.duration"),
    ("date_of_last_interaction", "glance.date_of_last_interaction"),
    ("last_date_attempted", "glance.last_date_attempted"),
)


def _series_label(kind: str) -> rx.Var:
    return t(SERIES_KEYS.get(kind, f"enum.correspondence_type.{kind}"))


def _figure(key: str, caption: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(caption), size="1", color_scheme="gray"),
        rx.text(
            rx.cond(S.stats[key] != "", S.stats[key], "—"),
            weight="bold",
            size="4",
            id=f"glance-{key.replace('_', '-')}",
        ),
        spacing="1",
        class_name="glance-figure",
    )


def _statistics() -> rx.Component:
    return rx.grid(
        *[_figure(key, caption) for key, caption in STATS],
        columns={"initial": "2", "sm": "3", "lg": "5"},
        spacing="3",
        width="100%",
        id="glance-statistics",
    )


def _document_buttons(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["document"] == "1",
            rx.icon_button(
                rx.icon("paperclip", size=14),
                on_click=S.open_document(row["entry_no"]),
                variant="soft",
                size="1",
                aria_label=t("log.open_document"),
                class_name="glance-document",
            ),
            rx.fragment(),
        ),
        rx.cond(
            row["message"] == "1",
            rx.icon_button(
                rx.icon("mail", size=14),
                on_click=MessageState.show(row["entry_no"]),
                variant="soft",
                size="1",
                aria_label=t("delivery.open_message"),
                class_name="glance-message",
            ),
            rx.fragment(),
        ),
        spacing="1",
    )


def _flags(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["canceled"] == "1",
            rx.badge(t("ile.canceled"), color_scheme="red", class_name="glance-canceled"),
            rx.fragment(),
        ),
        rx.cond(
            row["attempt_failed"] == "1",
            rx.badge(t("glance.attempt_failed"), color_scheme="orange"),
            rx.fragment(),
        ),
        spacing="1",
    )


def _contact_link(row: rx.Var) -> rx.Component:
    return rx.link(
        row["contact_name"],
        href=routes.CONTACTS + "/" + row["contact_no"],
        class_name="glance-contact",
    )


def _entry_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"], white_space="nowrap"),
        rx.cond(S.is_company, rx.table.cell(_contact_link(row)), rx.fragment()),
        rx.table.cell(row["description"]),
        rx.table.cell(row["template_code"]),
        rx.table.cell(enum_label("correspondence_type", row["correspondence_type"])),
        rx.table.cell(row["cost"], text_align="right"),
        rx.table.cell(row["duration"], text_align="right"),
        rx.table.cell(_flags(row)),
        rx.table.cell(_document_buttons(row)),
        class_name="glance-entry",
    )


def _entry_card(row: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(row["date"], size="1", color_scheme="gray"),
            rx.cond(S.is_company, _contact_link(row), rx.fragment()),
            rx.spacer(),
            _flags(row),
            _document_buttons(row),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        rx.text(row["description"], size="2"),
        rx.text(
            row["template_code"],
            " · ",
            enum_label("correspondence_type", row["correspondence_type"]),
            " · ",
            row["cost"],
            " · ",
            tf("glance.minutes", count=row["duration"]),
            size="1",
            color_scheme="gray",
        ),
        border_top="1px solid var(--gray-a4)",
        padding_y="0.4em",
        width="100%",
        class_name="glance-entry-card",
    )


def _latest() -> rx.Component:
    header = rx.table.row(
        rx.table.column_header_cell(t("field.date")),
        rx.cond(S.is_company, rx.table.column_header_cell(t("field.contact_name")), rx.fragment()),
        rx.table.column_header_cell(t("field.description")),
        rx.table.column_header_cell(t("field.interaction_template_code")),
        rx.table.column_header_cell(t("field.correspondence_type")),
        rx.table.column_header_cell(t("field.cost")),
        rx.table.column_header_cell(t("field.duration")),
        rx.table.column_header_cell(rx.el.span(t("glance.status"), style=VISUALLY_HIDDEN)),
        rx.table.column_header_cell(t("field.document")),
    )
    return rx.vstack(
        rx.hstack(
            rx.heading(t("glance.latest"), size="3", as_="h3"),
            rx.spacer(),
            rx.link(
                rx.hstack(
                    rx.icon("history", size=14), t("nav.interaction_log_entries"), spacing="1"
                ),
                href=routes.INTERACTION_LOG_ENTRIES + "?contact=" + S.contact_no,
                id="contact-entries",
                size="2",
            ),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            S.latest.length() == 0,
            rx.text(t("contacts.no_history"), color_scheme="gray", size="2", id="glance-none"),
            rx.box(
                rx.box(
                    rx.table.root(
                        rx.table.header(header),
                        rx.table.body(rx.foreach(S.latest, _entry_row)),
                        size="1",
                        width="100%",
                    ),
                    display=DESKTOP,
                    overflow_x="auto",
                    width="100%",
                ),
                rx.vstack(
                    rx.foreach(S.latest, _entry_card), display=PHONE, spacing="0", width="100%"
                ),
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _segments() -> rx.Component:
    return rx.vstack(
        rx.heading(t("contacts.section_segments"), size="3", as_="h3"),
        rx.cond(
            S.segments.length() == 0,
            rx.text(t("contacts.no_segments"), color_scheme="gray", size="2"),
            rx.vstack(
                rx.foreach(
                    S.segments,
                    lambda g: rx.hstack(
                        rx.link(g["no"], href=routes.SEGMENTS + "/" + g["no"]),
                        rx.text(g["description"], size="2"),
                        rx.text(g["date"], size="1", color_scheme="gray"),
                        rx.cond(
                            S.is_company,
                            rx.text(tf("glance.lines", count=g["lines"]), size="1"),
                            rx.fragment(),
                        ),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                        class_name="glance-segment",
                    ),
                ),
                spacing="1",
                id="glance-segments",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _legend() -> rx.Component:
    return rx.hstack(
        *[
            rx.hstack(
                rx.box(
                    width="0.8em", height="0.8em", background=COLOURS[kind], border_radius="2px"
                ),
                rx.text(_series_label(kind), size="1"),
                spacing="1",
                align="center",
            )
            for kind in SERIES
        ],
        spacing="3",
        wrap="wrap",
        aria_hidden="true",
    )


def _data_table() -> rx.Component:
    """The chart's figures for screen readers."""
    return rx.el.table(
        rx.el.thead(
            rx.el.tr(
                rx.el.th(t("glance.month")),
                *[rx.el.th(_series_label(kind)) for kind in SERIES],
            )
        ),
        rx.el.tbody(
            rx.foreach(
                S.months,
                lambda m: rx.el.tr(
                    rx.el.td(m["month"]),
                    *[rx.el.td(m[_series_key(kind)]) for kind in SERIES],
                ),
            )
        ),
        style=VISUALLY_HIDDEN,
    )


def _chart() -> rx.Component:
    return rx.el.figure(
        rx.el.figcaption(
            rx.heading(t("glance.per_month"), size="3", as_="h3"),
            rx.text(tf("glance.chart_total", count=S.chart_total), size="1", color_scheme="gray"),
        ),
        _legend(),
        rx.box(
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                rx.recharts.x_axis(data_key="month", tick_line=False, font_size=11),
                rx.recharts.y_axis(allow_decimals=False, width=28, font_size=11),
                rx.recharts.graphing_tooltip(),
                *[
                    rx.recharts.bar(
                        data_key=_series_key(kind),
                        name=_series_label(kind),
                        stack_id="types",
                        fill=COLOURS[kind],
                        is_animation_active=False,
                    )
                    for kind in SERIES
                ],
                data=S.months,
                width="100%",
                height=200,
                custom_attrs={"accessibilityLayer": False},  # hidden: the table below reads out
            ),
            aria_hidden="true",
            width="100%",
        ),
        _data_table(),
        id="glance-chart",
        style={"margin": "0", "width": "100%", "position": "relative"},
    )


def contact_interactions_section() -> rx.Component:
    """The section of the contact card; it loads with the card (``ContactInteractionsState``)."""
    return section(
        rx.cond(S.is_company, t("glance.title_company"), t("glance.title")),
        rx.cond(
            S.loaded,
            rx.vstack(
                _statistics(),
                _latest(),
                _segments(),
                _chart(),
                message_dialog(MessageState),
                spacing="4",
                width="100%",
            ),
            rx.spinner(),
        ),
        section_id="section-interactions",
    )

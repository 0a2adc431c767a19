"""The Segment worksheet: header sections (reference section 4.1) and a page of lines."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import enum_label, t, tf
from ..components.layout import pager, shell
from ..components.log_dialog import log_button
from ..state.segments import WorksheetState

H = WorksheetState.header


def _yes_no(value: rx.Var) -> rx.Var:
    return rx.cond(value == "yes", t("common.yes"), t("common.no"))


def _field(label_key: str, value: rx.Component | rx.Var, field_id: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), size="1", color_scheme="gray"),
        rx.text(value, size="2", weight="medium", id=f"hdr-{field_id}", min_height="1.4em"),
        spacing="0",
        min_width="0",
    )


def _section(title_key: str, *fields: rx.Component) -> rx.Component:
    return rx.card(
        rx.heading(t(title_key), size="3", margin_bottom="0.5em"),
        rx.grid(
            *fields,
            columns={"initial": "2", "sm": "3", "lg": "4"},
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _header() -> rx.Component:
    return rx.vstack(
        _section(
            "worksheet.section_general",
            _field("field.no", H["no"], "no"),
            _field("field.description", H["description"], "description"),
            _field("field.salesperson_code", H["salesperson_code"], "salesperson_code"),
            _field("field.date", H["date"], "date"),
            _field("field.no_of_lines", H["no_of_lines"], "no_of_lines"),
            _field("field.no_of_criteria_actions", H["no_of_criteria_actions"], "criteria"),
            _field("field.cost", H["cost"], "cost"),
            _field("field.duration", H["duration"], "duration"),
        ),
        _section(
            "worksheet.section_interaction",
            _field(
                "field.interaction_template_code",
                H["interaction_template_code"],
                "interaction_template_code",
            ),
            _field("field.language_code_default", H["language_code_default"], "language"),
            _field("field.subject_default", H["subject_default"], "subject"),
            _field(
                "field.ignore_contact_corres_type",
                _yes_no(H["ignore_contact_corres_type"]),
                "ignore_type",
            ),
            _field(
                "field.correspondence_type_default",
                enum_label("correspondence_type", H["correspondence_type_default"]),
                "correspondence_type",
            ),
            _field(
                "field.information_flow",
                enum_label("information_flow", H["information_flow"]),
                "information_flow",
            ),
            _field(
                "field.initiated_by", enum_label("initiated_by", H["initiated_by"]), "initiated_by"
            ),
            _field("field.unit_cost", H["unit_cost"], "unit_cost"),
            _field("field.unit_duration", H["unit_duration"], "unit_duration"),
            _field(
                "field.send_word_docs_as_attmt", _yes_no(H["send_word_docs_as_attmt"]), "send_word"
            ),
        ),
        _section(
            "worksheet.section_campaign",
            _field("field.campaign_no", H["campaign_no"], "campaign_no"),
            _field("field.campaign_description", H["campaign_description"], "campaign_desc"),
            _field("field.campaign_target", _yes_no(H["campaign_target"]), "campaign_target"),
            _field("field.campaign_response", _yes_no(H["campaign_response"]), "campaign_response"),
        ),
        spacing="3",
        width="100%",
    )


LINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("field.contact_no", "contact_no"),
    ("field.contact_name", "contact_name"),
    ("field.contact_company_name", "contact_company_name"),
    ("field.correspondence_type", "correspondence_type"),
    ("field.description", "description"),
    ("field.interaction_template_code", "interaction_template_code"),
    ("field.language_code", "language_code"),
    ("field.subject", "subject"),
    ("field.salesperson_code", "salesperson_code"),
    ("field.date", "date"),
    ("field.cost", "cost"),
    ("field.duration", "duration"),
    ("field.evaluation", "evaluation"),
    ("field.document", "document"),
)


def _cell_value(line: rx.Var, name: str) -> rx.Var:
    if name == "correspondence_type":
        return enum_label("correspondence_type", line[name])
    if name == "evaluation":
        return enum_label("evaluation", line[name])
    if name == "document":
        return rx.match(
            line[name],
            ("own", t("document.own")),
            ("inherited", t("document.inherited")),
            "",
        )
    return line[name]


def _line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        *[
            rx.table.cell(
                _cell_value(line, name),
                white_space="nowrap",
                text_align="right" if name in ("cost", "duration") else "left",
            )
            for _, name in LINE_COLUMNS
        ],
        class_name="line-row",
    )


def _line_card(line: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(line["contact_no"], weight="bold"),
            rx.text(
                rx.cond(
                    line["contact_name"] != "", line["contact_name"], line["contact_company_name"]
                ),
                truncate=True,
            ),
            rx.spacer(),
            rx.badge(_cell_value(line, "correspondence_type"), variant="soft"),
            width="100%",
            align="center",
        ),
        rx.cond(
            line["contact_name"] != "",
            rx.text(line["contact_company_name"], size="1", color_scheme="gray"),
        ),
        rx.text(line["description"], size="2"),
        rx.text(
            line["interaction_template_code"],
            " · ",
            line["language_code"],
            " · ",
            line["cost"],
            " · ",
            line["duration"],
            " min",
            size="1",
            color_scheme="gray",
        ),
        width="100%",
        class_name="line-card",
    )


def _lines() -> rx.Component:
    return rx.vstack(
        rx.heading(t("worksheet.lines"), size="4"),
        rx.cond(
            WorksheetState.total == 0,
            rx.text(t("worksheet.no_lines"), color_scheme="gray"),
            rx.box(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(t(key), white_space="nowrap")
                                    for key, _ in LINE_COLUMNS
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(WorksheetState.lines, _line_row)),
                        variant="surface",
                        size="1",
                        width="100%",
                    ),
                    overflow_x="auto",
                    display=rx.breakpoints(initial="none", md="block"),
                    width="100%",
                ),
                rx.vstack(
                    rx.foreach(WorksheetState.lines, _line_card),
                    display=rx.breakpoints(initial="flex", md="none"),
                    spacing="2",
                    width="100%",
                ),
                pager(WorksheetState),
                width="100%",
            ),
        ),
        width="100%",
        spacing="2",
    )


def worksheet_page() -> rx.Component:
    return shell(
        rx.cond(
            WorksheetState.loading,
            rx.center(rx.spinner(size="3"), padding="2em"),
            rx.cond(
                WorksheetState.found,
                rx.vstack(
                    rx.hstack(
                        rx.link(
                            rx.hstack(rx.icon("arrow-left", size=16), t("nav.segments")),
                            href=routes.SEGMENTS,
                        ),
                        align="center",
                    ),
                    rx.heading(H["no"], " · ", H["description"], size="6", id="worksheet-title"),
                    log_button(),
                    _header(),
                    _lines(),
                    spacing="3",
                    width="100%",
                ),
                rx.callout(
                    tf("segments.not_found", no=H["no"]),
                    icon="triangle-alert",
                    color_scheme="orange",
                    id="segment-not-found",
                ),
            ),
        ),
    )

"""The Segment worksheet: the header in sections (reference section 4.1) and its lines."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.columns import cell_display, column_chooser
from ..components.forms import check_field, labelled, select_field, text_field
from ..components.i18n import enum_label, field_caption, t, tf
from ..components.jobs import job_banner
from ..components.layout import pager, shell
from ..components.letters import line_letter_buttons, worksheet_letters
from ..components.log_dialog import log_button
from ..components.messages import refusal_message
from ..components.selection import contacts_menu, criteria_list, small_dialogs, step_dialog
from ..models import CorrespondenceType, Evaluation, InformationFlow, InitiatedBy
from ..state.segments import WorksheetState as W

H = W.header
OPTS = W.options
NO_TEMPLATE = H["interaction_template_code"] == ""

CORRESPONDENCE = [e.value for e in CorrespondenceType]
FLOWS = [e.value for e in InformationFlow]
INITIATORS = [e.value for e in InitiatedBy]
EVALUATIONS = [e.value for e in Evaluation]


def _commit(field: str):
    return lambda value: W.change_header(field, value)


def _text(label: str, field: str, disabled=False, input_type: str = "text") -> rx.Component:
    return text_field(
        label, f"hdr-{field}", H[field], _commit(field), W.version, disabled, input_type
    )


def _check(label: str, field: str, disabled=False) -> rx.Component:
    return check_field(label, f"hdr-{field}", H[field] == "yes", _commit(field), disabled)


def _readonly(label_key: str, value: rx.Var, field_id: str) -> rx.Component:
    return labelled(
        label_key,
        rx.text(value, size="2", weight="medium", id=f"hdr-{field_id}", min_height="1.6em"),
        f"hdr-{field_id}",
    )


def _section(title_key: str, *fields: rx.Component, open_: bool = True) -> rx.Component:
    return rx.card(
        rx.heading(t(title_key), size="3", margin_bottom="0.5em"),
        rx.grid(
            *fields,
            columns=rx.breakpoints(initial="1", xs="2", md="3", lg="4"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _header_summary() -> rx.Component:
    """On a phone: the header in one line, which opens the header's sections."""
    return rx.button(
        rx.icon(rx.cond(W.header_open, "chevron-up", "chevron-down"), size=16),
        rx.text(
            rx.cond(H["interaction_template_code"] != "", H["interaction_template_code"], ""),
            rx.cond(H["interaction_template_code"] != "", " · ", ""),
            tf("worksheet.summary_lines", count=H["no_of_lines"]),
            rx.cond(H["date_display"] != "", " · " + H["date_display"], ""),
            truncate=True,
        ),
        rx.spacer(),
        rx.text(
            rx.cond(W.header_open, t("worksheet.hide_header"), t("worksheet.show_header")),
            size="1",
        ),
        on_click=W.toggle_header,
        variant="soft",
        color_scheme="gray",
        width="100%",
        justify="start",
        aria_expanded=W.header_open.to_string(),
        aria_controls="worksheet-header",
        id="header-summary",
        display=rx.breakpoints(initial="flex", md="none"),
    )


def _header() -> rx.Component:
    return rx.vstack(
        _section(
            "worksheet.section_general",
            _readonly("field.no", H["no"], "no"),
            _text("field.description", "description"),
            select_field(
                "field.salesperson_code",
                "hdr-salesperson_code",
                H["salesperson_code"],
                OPTS["salespeople"],
                _commit("salesperson_code"),
            ),
            _text("field.date", "date", input_type="date"),
            _readonly("field.no_of_lines", H["no_of_lines"], "no_of_lines"),
            _readonly("field.no_of_criteria_actions", H["no_of_criteria_actions"], "criteria"),
            _readonly("field.cost", H["cost"], "cost"),
            _readonly("field.duration", H["duration"], "duration"),
        ),
        _section(
            "worksheet.section_interaction",
            select_field(
                "field.interaction_template_code",
                "hdr-interaction_template_code",
                H["interaction_template_code"],
                OPTS["templates"],
                _commit("interaction_template_code"),
            ),
            select_field(
                "field.language_code_default",
                "hdr-language_code_default",
                H["language_code_default"],
                OPTS["languages"],
                _commit("language_code_default"),
                disabled=NO_TEMPLATE,
            ),
            _text(
                "field.subject_default", "subject_default", disabled=H["subject_enabled"] != "yes"
            ),
            _check("field.ignore_contact_corres_type", "ignore_contact_corres_type", NO_TEMPLATE),
            select_field(
                "field.correspondence_type_default",
                "hdr-correspondence_type_default",
                H["correspondence_type_default"],
                CORRESPONDENCE,
                _commit("correspondence_type_default"),
                disabled=H["ignore_contact_corres_type"] != "yes",
                enum="correspondence_type",
            ),
            select_field(
                "field.information_flow",
                "hdr-information_flow",
                H["information_flow"],
                FLOWS,
                _commit("information_flow"),
                disabled=NO_TEMPLATE,
                enum="information_flow",
            ),
            select_field(
                "field.initiated_by",
                "hdr-initiated_by",
                H["initiated_by"],
                INITIATORS,
                _commit("initiated_by"),
                disabled=NO_TEMPLATE,
                enum="initiated_by",
            ),
            _text("field.unit_cost", "unit_cost", disabled=NO_TEMPLATE),
            _text("field.unit_duration", "unit_duration", disabled=NO_TEMPLATE),
            _check("field.send_word_docs_as_attmt", "send_word_docs_as_attmt"),
        ),
        _section(
            "worksheet.section_campaign",
            select_field(
                "field.campaign_no",
                "hdr-campaign_no",
                H["campaign_no"],
                OPTS["campaigns"],
                _commit("campaign_no"),
            ),
            _readonly("field.campaign_description", H["campaign_description"], "campaign_desc"),
            _check("field.campaign_target", "campaign_target", H["campaign_no"] == ""),
            _check("field.campaign_response", "campaign_response", H["campaign_no"] == ""),
        ),
        spacing="3",
        width="100%",
        id="worksheet-header",
        class_name=rx.cond(W.header_open, "ws-header", "ws-header ws-header-collapsed"),
    )


def _question() -> rx.Component:
    """The Yes/No question of a header change (reference sections 4.2-4.4, 11)."""
    text = rx.match(
        W.pending_kind,
        (
            "apply_template",
            tf("worksheet.apply_template_text", template=W.pending_template, lines=W.pending_lines),
        ),
        (
            "create_language",
            tf("worksheet.create_language_text", template=W.pending_value),
        ),
        tf(
            "worksheet.update_lines_text",
            field=field_caption(W.pending_field),
            lines=W.pending_lines,
            template=W.pending_template,
        ),
    )
    title = rx.match(
        W.pending_kind,
        ("apply_template", t("worksheet.apply_template_title")),
        ("create_language", t("worksheet.create_language_title")),
        t("worksheet.update_lines_title"),
    )
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            refusal_message(),
            rx.alert_dialog.description(text, id="question-text"),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(t("common.no"), variant="soft", color_scheme="gray", id="answer-no"),
                    on_click=W.answer(False),
                ),
                rx.alert_dialog.action(
                    rx.button(t("common.yes"), id="answer-yes", auto_focus=True),
                    on_click=W.answer(True),
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
            on_escape_key_down=W.cancel_question,
        ),
        open=W.asking,
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


def _select_box(line: rx.Var) -> rx.Component:
    return rx.checkbox(
        checked=W.selected.contains(line["line_no"]),
        on_change=lambda checked: W.toggle_line(line["line_no"], checked),
        aria_label=tf("worksheet.select_line", line_no=line["line_no"]),
        class_name="line-select",
    )


def _line_cell(line: rx.Var, name: str) -> rx.Component:
    if name == "contact_no":
        content = rx.button(
            line[name],
            on_click=W.open_line(line["line_no"]),
            variant="ghost",
            size="1",
            class_name="line-open",
        )
    else:
        content = _cell_value(line, name)
    return rx.table.cell(content, **_column_style(name))


def _column_style(name: str) -> dict:
    """Shown or hidden as the user chose; the contact's name stays in view while the table
    scrolls sideways."""
    style = {
        "white_space": "nowrap",
        "text_align": "right" if name in ("cost", "duration") else "left",
        "display": cell_display(W.line_columns, name),
    }
    if name == "contact_name":
        style.update(
            position="sticky", left="0", z_index="1", background="var(--color-panel-solid)"
        )
    return style


def _line_row(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_select_box(line)),
        *[_line_cell(line, name) for _, name in LINE_COLUMNS],
        class_name="line-row",
        on_double_click=W.open_line(line["line_no"]),
    )


def _line_card(line: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            _select_box(line),
            rx.text(line["contact_no"], weight="bold"),
            rx.text(
                rx.cond(
                    line["contact_name"] != "", line["contact_name"], line["contact_company_name"]
                ),
                truncate=True,
            ),
            rx.spacer(),
            rx.cond(
                line["correspondence_type"] != "",
                rx.badge(_cell_value(line, "correspondence_type"), variant="soft"),
            ),
            width="100%",
            align="center",
        ),
        rx.box(
            rx.cond(
                (line["contact_name"] != "") & (line["contact_company_name"] != ""),
                rx.text(line["contact_company_name"], size="1", color_scheme="gray"),
            ),
            rx.cond(line["description"] != "", rx.text(line["description"], size="2")),
            rx.cond(
                line["card_facts"] != "",
                rx.text(line["card_facts"], size="1", color_scheme="gray", class_name="card-facts"),
            ),
            on_click=W.open_line(line["line_no"]),
            cursor="pointer",
            min_height="1.75em",
            width="100%",
            class_name="line-card-body",
        ),
        width="100%",
        class_name="line-card",
    )


def _add_contact() -> rx.Component:
    return rx.box(
        rx.form(
            rx.hstack(
                rx.input(
                    id="add-contact",
                    name="contact",
                    placeholder=t("worksheet.add_contact_placeholder"),
                    value=W.contact_query,
                    on_change=W.search_contacts.debounce(250),
                    aria_label=t("worksheet.add_contact"),
                    auto_complete="off",
                    width="100%",
                    size="2",
                ),
                rx.button(
                    rx.icon("plus", size=16), t("worksheet.add"), type="submit", id="add-line"
                ),
                width="100%",
            ),
            on_submit=lambda data: W.add_contact(data.to(dict)["contact"]),
            reset_on_submit=False,
            width="100%",
        ),
        rx.cond(
            W.suggestions.length() > 0,
            rx.card(
                rx.foreach(
                    W.suggestions,
                    lambda s: rx.button(
                        rx.text(s[0], weight="bold"),
                        rx.text(s[1]),
                        rx.text(s[2], color_scheme="gray", size="1"),
                        on_click=W.add_contact(s[0]),
                        variant="ghost",
                        width="100%",
                        justify="start",
                        class_name="contact-suggestion",
                    ),
                ),
                position="absolute",
                z_index="5",
                width="100%",
                max_height="20em",
                overflow_y="auto",
            ),
        ),
        position="relative",
        width=rx.breakpoints(initial="100%", md="28em"),
    )


def _lines_toolbar() -> rx.Component:
    return rx.flex(
        _add_contact(),
        rx.spacer(),
        rx.button(
            rx.icon("trash-2", size=16),
            t("worksheet.delete_selected"),
            on_click=W.ask_delete_lines,
            disabled=W.selected.length() == 0,
            color_scheme="red",
            variant="soft",
            id="delete-lines",
        ),
        rx.box(
            column_chooser(
                W.line_columns,
                W.toggle_column,
                tuple((name, key) for key, name in LINE_COLUMNS),
                "line-columns",
            ),
            display=rx.breakpoints(initial="none", md="block"),
        ),
        rx.select.root(
            rx.select.trigger(aria_label=t("common.rows_per_page")),
            rx.select.content(rx.foreach(W.page_sizes, lambda s: rx.select.item(s, value=s))),
            value=W.page_size.to_string(),
            on_change=W.set_page_size,
        ),
        wrap="wrap",
        gap="2",
        width="100%",
        align="start",
    )


def _lines() -> rx.Component:
    return rx.vstack(
        rx.heading(t("worksheet.lines"), size="4"),
        _lines_toolbar(),
        rx.cond(
            W.total == 0,
            rx.text(t("worksheet.no_lines"), color_scheme="gray", id="no-lines"),
            rx.box(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(
                                    rx.checkbox(
                                        checked=(W.selected.length() == W.lines.length())
                                        & (W.lines.length() > 0),
                                        on_change=W.toggle_page,
                                        aria_label=t("worksheet.select_page"),
                                    )
                                ),
                                *[
                                    rx.table.column_header_cell(
                                        t(key), **{**_column_style(name), "white_space": "normal"}
                                    )
                                    for key, name in LINE_COLUMNS
                                ],
                            )
                        ),
                        rx.table.body(rx.foreach(W.lines, _line_row)),
                        variant="surface",
                        size="1",
                        width="100%",
                    ),
                    overflow_x="auto",
                    display=rx.breakpoints(initial="none", md="block"),
                    width="100%",
                    id="lines-table",
                ),
                rx.vstack(
                    rx.foreach(W.lines, _line_card),
                    display=rx.breakpoints(initial="flex", md="none"),
                    spacing="2",
                    width="100%",
                ),
                pager(W),
                width="100%",
            ),
        ),
        width="100%",
        spacing="2",
    )


E = W.edit


def _edit_select(label: str, field: str, options, enum: str = "") -> rx.Component:
    return select_field(
        label,
        f"line-{field}",
        E[field],
        options,
        lambda v: W.set_edit(field, v),
        enum=enum,
    )


def _edit_text(label: str, field: str, input_type: str = "text") -> rx.Component:
    return labelled(
        label,
        rx.input(
            id=f"line-{field}",
            name=field,
            key=f"line-{field}-" + W.edit_line_no,
            default_value=E[field],
            type=input_type,
            width="100%",
        ),
        f"line-{field}",
    )


def _edit_check(label: str, field: str) -> rx.Component:
    return check_field(
        label,
        f"line-{field}",
        E[field] == "yes",
        lambda v: W.set_edit(field, v),
        name=f"_{field}",
    )


def _line_editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.dialog.title(tf("worksheet.edit_line", line_no=W.edit_line_no), margin="0"),
                rx.dialog.close(
                    # the first control to get focus: a phone's keyboard stays closed
                    rx.icon_button(
                        rx.icon("x", size=16),
                        variant="ghost",
                        color_scheme="gray",
                        type="button",
                        aria_label=t("common.close"),
                        on_click=W.close_line,
                        id="line-close",
                    )
                ),
                justify="between",
                align="center",
                margin_bottom="0.75em",
            ),
            refusal_message(),
            rx.form(
                rx.vstack(
                    rx.cond(
                        W.edit_error != "",
                        rx.callout(
                            W.edit_error,
                            icon="triangle-alert",
                            color_scheme="red",
                            role="alert",
                            id="line-error",
                            width="100%",
                        ),
                    ),
                    rx.grid(
                        _edit_text("field.contact_no", "contact_no"),
                        _edit_select(
                            "field.correspondence_type",
                            "correspondence_type",
                            CORRESPONDENCE,
                            "correspondence_type",
                        ),
                        _edit_text("field.description", "description"),
                        _edit_select(
                            "field.interaction_template_code",
                            "interaction_template_code",
                            OPTS["templates"],
                        ),
                        _edit_select("field.language_code", "language_code", OPTS["languages"]),
                        _edit_text("field.subject", "subject"),
                        _edit_select(
                            "field.salesperson_code", "salesperson_code", OPTS["salespeople"]
                        ),
                        _edit_text("field.date", "date", "date"),
                        _edit_text("field.cost", "cost"),
                        _edit_text("field.duration", "duration"),
                        _edit_select("field.evaluation", "evaluation", EVALUATIONS, "evaluation"),
                        _edit_select("field.campaign_no", "campaign_no", OPTS["campaigns"]),
                        _edit_select(
                            "field.information_flow", "information_flow", FLOWS, "information_flow"
                        ),
                        _edit_select(
                            "field.initiated_by", "initiated_by", INITIATORS, "initiated_by"
                        ),
                        _edit_check("field.campaign_target", "campaign_target"),
                        _edit_check("field.campaign_response", "campaign_response"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.flex(
                        rx.button(
                            rx.icon("trash-2", size=16),
                            t("worksheet.delete_line"),
                            type="button",
                            color_scheme="red",
                            variant="soft",
                            on_click=W.ask_delete_edited,
                            id="line-delete",
                        ),
                        line_letter_buttons(W.edit_line_no),
                        rx.spacer(),
                        rx.dialog.close(
                            rx.button(
                                t("worksheet.cancel"),
                                type="button",
                                variant="soft",
                                color_scheme="gray",
                                on_click=W.close_line,
                            )
                        ),
                        rx.button(t("worksheet.save"), type="submit", id="line-save"),
                        gap="2",
                        width="100%",
                        wrap="wrap",
                    ),
                    spacing="3",
                ),
                on_submit=W.save_line,
                reset_on_submit=False,
            ),
            max_width=rx.breakpoints(initial="100vw", sm="720px"),
            width=rx.breakpoints(initial="100vw", sm="90vw"),
            min_height=rx.breakpoints(initial="100vh", sm="auto"),
            border_radius=rx.breakpoints(initial="0", sm="var(--radius-4)"),
        ),
        open=W.edit_line_no != "",
        on_open_change=W.line_dialog_changed,
    )


def _confirm(open_, title, text, on_yes, on_no, yes_id: str, danger: bool = True) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            refusal_message(),
            rx.alert_dialog.description(text),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        t("common.no"), variant="soft", color_scheme="gray", auto_focus=danger
                    ),
                    on_click=on_no,
                ),
                rx.alert_dialog.action(
                    rx.button(
                        t("common.yes"),
                        color_scheme="red" if danger else "indigo",
                        id=yes_id,
                        auto_focus=not danger,
                    ),
                    on_click=on_yes,
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=open_,
    )


def worksheet_page() -> rx.Component:
    return shell(
        rx.cond(
            W.loading,
            rx.center(rx.spinner(size="3"), padding="2em"),
            rx.cond(
                W.found,
                rx.vstack(
                    rx.flex(
                        rx.link(
                            rx.hstack(rx.icon("arrow-left", size=16), t("nav.segments")),
                            href=routes.SEGMENTS,
                        ),
                        rx.spacer(),
                        rx.button(
                            rx.icon("trash-2", size=16),
                            t("worksheet.delete_segment"),
                            on_click=W.ask_delete_segment,
                            color_scheme="red",
                            variant="ghost",
                            id="delete-segment",
                        ),
                        align="center",
                        width="100%",
                    ),
                    rx.heading(H["no"], " · ", H["description"], size="6", id="worksheet-title"),
                    rx.flex(log_button(), contacts_menu(), gap="2", wrap="wrap"),
                    job_banner(),
                    _header_summary(),
                    _header(),
                    _lines(),
                    criteria_list(),
                    step_dialog(),
                    small_dialogs(),
                    worksheet_letters(),
                    _question(),
                    _line_editor(),
                    _confirm(
                        W.confirm_delete_lines,
                        tf("worksheet.delete_lines_title", count=W.selected.length()),
                        t("worksheet.delete_lines_text"),
                        W.delete_lines,
                        W.cancel_delete_lines,
                        "confirm-delete-lines",
                    ),
                    _confirm(
                        W.ask_reset,
                        t("worksheet.reset_criteria_title"),
                        t("worksheet.reset_criteria_text"),
                        W.answer_reset(True),
                        W.answer_reset(False),
                        "confirm-reset",
                        danger=False,
                    ),
                    _confirm(
                        W.confirm_delete_segment,
                        tf("segments.delete_title", no=H["no"]),
                        t("segments.delete_text"),
                        W.delete_segment,
                        W.cancel_delete_segment,
                        "confirm-delete-segment",
                    ),
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

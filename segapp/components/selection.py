"""The worksheet's Contacts functions: the Add / Reduce / Refine dialog (one tab per filtered
table, a list on phones), the smaller dialogs, and the criteria list in words."""

from __future__ import annotations

import reflex as rx

from ..services.selection.selection import TABLES
from ..state.segments import WorksheetState
from ..state.selection import SelectionState as S
from .i18n import t, tf

ADD_OPTIONS = (
    "allow_existing_contacts",
    "expand_companies",
    "allow_related_companies",
    "ignore_exclusion",
)


def contacts_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("users", size=16),
                t("selection.functions"),
                rx.icon("chevron-down", size=14),
                variant="soft",
                id="contacts-menu",
            )
        ),
        rx.menu.content(
            rx.menu.item(t("selection.add"), on_select=S.open_step("add"), id="menu-add"),
            rx.menu.item(t("selection.reduce"), on_select=S.open_step("reduce"), id="menu-reduce"),
            rx.menu.item(t("selection.refine"), on_select=S.open_step("refine"), id="menu-refine"),
            rx.menu.separator(),
            rx.menu.item(t("selection.go_back"), on_select=S.open_go_back, id="menu-go-back"),
            rx.menu.item(t("selection.save_criteria"), on_select=S.open_save, id="menu-save"),
            rx.menu.item(
                t("selection.reuse_criteria"), on_select=S.open_reuse_criteria, id="menu-reuse"
            ),
            rx.menu.item(
                t("selection.reuse_segment"),
                on_select=S.open_reuse_segment,
                id="menu-reuse-segment",
            ),
            rx.menu.separator(),
            rx.menu.item(
                t("selection.apply_mailing_group"),
                on_select=S.open_mailing_group,
                id="menu-mailing-group",
            ),
        ),
    )


def _filter_input(table: str, name: str) -> rx.Component:
    key = f"{table}.{name}"
    field_id = f"flt-{table}-{name}"
    return rx.vstack(
        rx.text(t(f"filter.{name}"), as_="label", html_for=field_id, size="1", color_scheme="gray"),
        rx.input(
            id=field_id,
            value=S.filters.get(key, ""),
            on_change=lambda text: S.set_filter(key, text),
            debounce_timeout=350,
            auto_complete="off",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def _option(name: str) -> rx.Component:
    return rx.text(
        rx.flex(
            rx.checkbox(
                id=f"opt-{name}",
                checked=S.options.get(name, False),
                on_change=lambda value: S.set_option(name, value),
            ),
            t(f"selection.{name}"),
            spacing="2",
            align="center",
        ),
        as_="label",
        size="2",
    )


def _tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger(t(f"table.{table}"), value=table) for table in TABLES],
            rx.tabs.trigger(t("selection.options"), value="options"),
            flex_wrap="wrap",
            flex_direction=rx.breakpoints(initial="column", sm="row"),
        ),
        *[
            rx.tabs.content(
                rx.grid(
                    *[_filter_input(table, name) for name in spec.fields],
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    padding_top="1em",
                ),
                value=table,
            )
            for table, spec in TABLES.items()
        ],
        rx.tabs.content(
            rx.vstack(
                rx.cond(
                    S.kind == "add",
                    rx.vstack(*[_option(name) for name in ADD_OPTIONS]),
                    _option("entire_companies"),
                ),
                padding_top="1em",
            ),
            value="options",
        ),
        default_value="contact",
        width="100%",
    )


def step_dialog() -> rx.Component:
    title = rx.match(
        S.kind,
        ("add", t("selection.add")),
        ("reduce", t("selection.reduce")),
        t("selection.refine"),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.text(t("selection.filter_help"), size="1", color_scheme="gray"),
            _tabs(),
            rx.cond(
                S.count_error != "",
                rx.callout(
                    S.count_error,
                    icon="triangle-alert",
                    color_scheme="red",
                    id="step-error",
                    margin_top="1em",
                ),
                rx.callout(
                    rx.cond(
                        S.kind == "add",
                        tf("selection.will_add", count=S.count),
                        tf("selection.will_remove", count=S.count),
                    ),
                    icon="info",
                    id="step-count",
                    margin_top="1em",
                ),
            ),
            rx.cond(S.running, rx.progress(margin_top="1em", id="step-progress")),
            rx.flex(
                rx.dialog.close(
                    rx.button(
                        t("worksheet.cancel"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.close_step,
                    )
                ),
                rx.button(
                    t("selection.confirm"),
                    on_click=S.run_step,
                    loading=S.running,
                    disabled=(S.count_error != "") | S.running,
                    id="step-run",
                ),
                justify="end",
                gap="2",
                margin_top="1em",
            ),
            max_width=rx.breakpoints(initial="100vw", sm="760px"),
            width=rx.breakpoints(initial="100vw", sm="90vw"),
            min_height=rx.breakpoints(initial="100vh", sm="auto"),
        ),
        open=S.kind != "",
        on_open_change=lambda open_: S.close_step(),
    )


def _buttons(on_yes, yes_id: str, yes_label: str = "selection.confirm", danger=False):
    return rx.flex(
        rx.button(
            t("worksheet.cancel"),
            variant="soft",
            color_scheme="gray",
            on_click=S.close_dialog,
            auto_focus=danger,
        ),
        rx.button(t(yes_label), on_click=on_yes, id=yes_id, color_scheme="red" if danger else None),
        justify="end",
        gap="2",
        margin_top="1em",
    )


def _choice_select(field_id: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=field_id, width="100%"),
        rx.select.content(rx.foreach(S.choices, lambda c: rx.select.item(c[1], value=c[0]))),
        value=S.choice,
        on_change=S.set_choice,
    )


def _existing_steps_question(body: rx.Component) -> rx.Component:
    """Reuse asks first when the segment already has steps (reference 6.5, 6.6; default No)."""
    return rx.cond(
        S.confirm_existing,
        rx.vstack(
            rx.text(tf("selection.reuse_text", count=S.step_count)),
            rx.flex(
                rx.button(
                    t("common.no"),
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.close_dialog,
                    auto_focus=True,
                ),
                rx.button(t("common.yes"), on_click=S.proceed, id="reuse-proceed"),
                justify="end",
                gap="2",
                width="100%",
            ),
        ),
        body,
    )


def _error() -> rx.Component:
    return rx.cond(
        S.error != "",
        rx.callout(S.error, icon="triangle-alert", color_scheme="red", id="selection-error"),
    )


def small_dialogs() -> rx.Component:
    body = rx.match(
        S.dialog,
        (
            "go_back",
            rx.vstack(
                rx.text(tf("selection.go_back_text", action=S.last_action)),
                _buttons(S.confirm_go_back, "go-back-yes", "common.yes", danger=True),
            ),
        ),
        (
            "save",
            rx.vstack(
                _error(),
                rx.text(t("selection.code"), as_="label", html_for="save-code", size="1"),
                rx.input(
                    id="save-code", value=S.save_code, on_change=S.set_save_code, max_length=10
                ),
                rx.text(t("field.description"), as_="label", html_for="save-desc", size="1"),
                rx.input(
                    id="save-desc", value=S.save_description, on_change=S.set_save_description
                ),
                _buttons(S.confirm_save, "save-yes"),
                width="100%",
            ),
        ),
        (
            "reuse_criteria",
            _existing_steps_question(
                rx.vstack(
                    _error(),
                    rx.text(t("selection.choose_criteria"), size="1"),
                    _choice_select("reuse-choice"),
                    _buttons(S.confirm_reuse_criteria, "reuse-yes"),
                    width="100%",
                )
            ),
        ),
        (
            "reuse_segment",
            _existing_steps_question(
                rx.vstack(
                    _error(),
                    rx.text(t("selection.choose_logged_segment"), size="1"),
                    _choice_select("reuse-segment-choice"),
                    _buttons(S.confirm_reuse_segment, "reuse-segment-yes"),
                    width="100%",
                )
            ),
        ),
        (
            "mailing_group",
            rx.vstack(
                _error(),
                rx.text(t("selection.mailing_group"), size="1"),
                _choice_select("mailing-group-choice"),
                rx.text(
                    rx.flex(
                        rx.checkbox(checked=S.delete_old, on_change=S.set_delete_old),
                        t("selection.delete_old"),
                        spacing="2",
                    ),
                    as_="label",
                    size="2",
                ),
                _buttons(S.confirm_mailing_group, "mailing-group-yes"),
                width="100%",
            ),
        ),
        rx.fragment(),
    )
    title = rx.match(
        S.dialog,
        ("go_back", t("selection.go_back_title")),
        ("save", t("selection.save_criteria")),
        ("reuse_criteria", t("selection.reuse_criteria")),
        ("reuse_segment", t("selection.reuse_segment")),
        ("mailing_group", t("selection.apply_mailing_group")),
        "",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            body,
            max_width=rx.breakpoints(initial="100vw", sm="480px"),
        ),
        open=S.dialog != "",
        on_open_change=lambda open_: S.close_dialog(),
    )


def criteria_list() -> rx.Component:
    return rx.card(
        rx.heading(t("selection.criteria"), size="3", margin_bottom="0.5em"),
        rx.cond(
            WorksheetState.steps.length() == 0,
            rx.text(t("selection.no_criteria"), size="2", color_scheme="gray"),
            rx.el.ol(
                rx.foreach(WorksheetState.steps, lambda step: rx.el.li(rx.text(step, size="2"))),
                padding_left="1.5em",
                id="criteria-list",
            ),
        ),
        width="100%",
    )

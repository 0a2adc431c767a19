"""The worksheet's Contacts functions: the Add / Reduce / Refine dialog (one tab per filtered
table, a list on phones), the smaller dialogs, and the criteria list in words."""

from __future__ import annotations

import reflex as rx

from ..services.selection.lookups import has_lookup
from ..services.selection.selection import TABLES
from ..state.segments import WorksheetState
from ..state.selection import SelectionState as S
from .i18n import label_of, t, tf
from .messages import refusal_message

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
    field = rx.input(
        id=field_id,
        value=S.filters.get(key, ""),
        on_change=lambda text: S.set_filter(key, text),
        on_key_down=S.typing,
        debounce_timeout=350,
        auto_complete="off",
        width="100%",
    )
    if has_lookup(name):
        field = rx.hstack(
            field,
            rx.icon_button(
                rx.icon("list", size=16),
                on_click=S.open_lookup(key),
                variant="soft",
                type="button",
                aria_label=tf("selection.lookup_of", field=t(f"filter.{name}")),
                id=f"lookup-{table}-{name}",
                class_name="filter-lookup",
            ),
            spacing="1",
            width="100%",
        )
    return rx.vstack(
        rx.el.label(rx.text(t(f"filter.{name}"), size="1", color_scheme="gray"), html_for=field_id),
        field,
        spacing="1",
        width="100%",
    )


def _lookup_row(row: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=S.lookup_picked.contains(row[0]),
                aria_label=row[0] + " " + row[1],
                on_change=lambda checked: S.pick_code(row[0], checked),
            ),
            rx.cond(
                S.lookup_option,
                rx.text(row[1], size="2"),
                rx.fragment(
                    rx.text(row[0], weight="bold", size="2", min_width="6em"),
                    rx.text(row[1], size="2", color_scheme="gray"),
                ),
            ),
            align="center",
            spacing="2",
            padding_y="0.35em",
            width="100%",
        ),
        class_name="lookup-row",
        cursor="pointer",
        width="100%",
    )


# A desktop user types in the search box at once; on a phone focusing it would bring up the
# keyboard over the list, so the first code (or Cancel) takes the focus instead.
LOOKUP_FOCUS = """setTimeout(() => {
  const phone = !window.matchMedia('(min-width: 30em)').matches;
  const target = phone
    ? document.querySelector('#lookup-list button[role=checkbox]')
      || document.getElementById('lookup-cancel')
    : document.getElementById('lookup-search');
  if (target) target.focus();
}, 0)"""


def _lookup_panel() -> rx.Component:
    """The codes of one filter with their descriptions, searchable; ticking several builds
    ``A|B`` (Business Central's lookup, multi-select)."""
    return rx.vstack(
        rx.heading(label_of("filter.", S.lookup_name), size="3", id="lookup-title"),
        rx.el.label(rx.text(t("selection.lookup_search"), size="1"), html_for="lookup-search"),
        rx.input(
            id="lookup-search",
            value=S.lookup_search,
            on_change=S.search_lookup,
            debounce_timeout=250,
            auto_complete="off",
            width="100%",
        ),
        rx.cond(
            S.lookup_rows.length() == 0,
            rx.text(t("selection.lookup_empty"), size="2", color_scheme="gray"),
            rx.box(
                rx.foreach(S.lookup_rows, _lookup_row),
                max_height=rx.breakpoints(initial="50vh", sm="22em"),
                overflow_y="auto",
                width="100%",
                id="lookup-list",
            ),
        ),
        rx.cond(
            S.lookup_more,
            rx.text(t("selection.lookup_more"), size="1", color_scheme="gray"),
        ),
        rx.flex(
            rx.button(
                t("worksheet.cancel"),
                variant="soft",
                color_scheme="gray",
                type="button",
                on_click=S.close_lookup,
                id="lookup-cancel",
            ),
            rx.button(t("selection.lookup_ok"), on_click=S.apply_lookup, id="lookup-ok"),
            justify="end",
            gap="2",
            width="100%",
        ),
        width="100%",
        padding_top="1em",
        id="lookup-panel",
        on_mount=rx.call_script(LOOKUP_FOCUS),
    )


def _option(name: str) -> rx.Component:
    return rx.text(
        rx.flex(
            rx.checkbox(
                id=f"opt-{name}",
                aria_label=t(f"selection.{name}"),
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


TAB_KEYS = (*[(table, f"table.{table}") for table in TABLES], ("options", "selection.options"))


def _tab_select() -> rx.Component:
    """On a phone the eight tabs are one compact select."""
    return rx.box(
        rx.select.root(
            rx.select.trigger(width="100%", id="step-tab-select", aria_label=t("selection.table")),
            rx.select.content(*[rx.select.item(t(key), value=value) for value, key in TAB_KEYS]),
            value=S.tab,
            on_change=S.set_tab,
        ),
        display=rx.breakpoints(initial="block", sm="none"),
        width="100%",
        padding_top="0.5em",
    )


def _tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            *[rx.tabs.trigger(t(key), value=value) for value, key in TAB_KEYS],
            flex_wrap="wrap",
            display=rx.breakpoints(initial="none", sm="flex"),
        ),
        _tab_select(),
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
        value=S.tab,
        on_change=S.set_tab,
        width="100%",
    )


def _count() -> rx.Component:
    """What the step will do, never a stale number: "counting..." until the count of the
    filters typed is known."""
    return rx.cond(
        S.count_error != "",
        rx.callout(
            S.count_error,
            icon="triangle-alert",
            color_scheme="red",
            id="step-error",
            role="alert",
        ),
        rx.callout.root(
            rx.callout.icon(rx.cond(S.counting, rx.spinner(size="1"), rx.icon("info", size=16))),
            rx.callout.text(
                rx.cond(
                    S.counting,
                    t("selection.counting"),
                    rx.cond(
                        S.kind == "add",
                        tf("selection.will_add", count=S.count),
                        tf("selection.will_remove", count=S.count),
                    ),
                ),
            ),
            id="step-count",
            aria_live="polite",
            data_counting=S.counting.to_string(),
        ),
    )


def _footer() -> rx.Component:
    """The count and OK, stuck to the bottom of the dialog so they stay in view."""
    return rx.vstack(
        _count(),
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
                disabled=(S.count_error != "") | S.running | S.counting,
                id="step-run",
            ),
            justify="end",
            gap="2",
            width="100%",
        ),
        # the count and OK stay in view however long the filters are
        position="sticky",
        bottom="0",
        background="var(--color-panel-solid)",
        padding_y="0.75em",
        margin_top="1em",
        border_top="1px solid var(--gray-a5)",
        z_index="1",
        spacing="2",
        width="100%",
        id="step-footer",
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
            refusal_message(),
            rx.text(t("selection.filter_help"), size="1", color_scheme="gray"),
            rx.cond(S.lookup_key != "", _lookup_panel(), _tabs()),
            rx.cond(S.running, rx.progress(margin_top="1em", id="step-progress")),
            rx.cond(S.lookup_key == "", _footer()),
            max_width=rx.breakpoints(initial="100vw", sm="760px"),
            width=rx.breakpoints(initial="100vw", sm="90vw"),
            min_height=rx.breakpoints(initial="100dvh", sm="auto"),
            max_height=rx.breakpoints(initial="100dvh", sm="85vh"),
            border_radius=rx.breakpoints(initial="0", sm="var(--radius-4)"),
        ),
        open=S.kind != "",
        on_open_change=lambda open_: S.close_step(),
    )


def _buttons(
    on_yes,
    yes_id: str,
    yes_label: str = "selection.confirm",
    danger=False,
    no_label: str = "worksheet.cancel",
):
    """A dialog's buttons. A question whose title is itself an undo ("Annuler ..." in French)
    answers No / Yes, so that the dismiss button never reads like the action."""
    return rx.flex(
        rx.button(
            t(no_label),
            variant="soft",
            color_scheme="gray",
            on_click=S.close_dialog,
            auto_focus=danger,
            id=yes_id.removesuffix("-yes") + "-no",
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


def _logged_option(row: rx.Var) -> rx.Component:
    chosen = S.choice == row[0]
    return rx.button(
        rx.text(row[1], weight="bold", size="2", min_width="6.5em", text_align="left"),
        rx.text(row[2], size="2", truncate=True),
        on_click=S.set_choice(row[0]),
        variant=rx.cond(chosen, "solid", "ghost"),
        aria_pressed=chosen.to_string(),
        type="button",
        width="100%",
        justify="start",
        class_name="logged-option",
    )


def _logged_picker() -> rx.Component:
    """Reuse Segment: every logged segment, searchable on its no. or description, a page at a
    time (reference 6.6)."""
    return rx.vstack(
        rx.el.label(
            rx.text(t("selection.choose_logged_segment"), size="1"), html_for="logged-search"
        ),
        rx.input(
            id="logged-search",
            value=S.picker_search,
            on_change=S.search_logged,
            debounce_timeout=250,
            placeholder=t("selection.lookup_search"),
            auto_complete="off",
            width="100%",
        ),
        rx.cond(
            S.choices.length() == 0,
            rx.text(t("selection.lookup_empty"), size="2", color_scheme="gray"),
            rx.vstack(rx.foreach(S.choices, _logged_option), spacing="1", width="100%"),
        ),
        rx.hstack(
            rx.icon_button(
                rx.icon("chevron-left", size=16),
                on_click=S.turn_logged(-1),
                disabled=S.picker_page <= 1,
                variant="soft",
                type="button",
                aria_label=t("common.previous"),
                id="logged-prev",
            ),
            rx.text(
                tf("common.page_of", page=S.picker_page, pages=S.picker_pages),
                size="1",
                id="logged-page",
            ),
            rx.icon_button(
                rx.icon("chevron-right", size=16),
                on_click=S.turn_logged(1),
                disabled=S.picker_page >= S.picker_pages,
                variant="soft",
                type="button",
                aria_label=t("common.next"),
                id="logged-next",
            ),
            align="center",
            spacing="2",
        ),
        width="100%",
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
                _buttons(
                    S.confirm_go_back,
                    "go-back-yes",
                    "common.yes",
                    danger=True,
                    no_label="common.no",
                ),
            ),
        ),
        (
            "save",
            rx.vstack(
                _error(),
                rx.el.label(rx.text(t("selection.code"), size="1"), html_for="save-code"),
                rx.input(
                    id="save-code", value=S.save_code, on_change=S.set_save_code, max_length=10
                ),
                rx.el.label(rx.text(t("field.description"), size="1"), html_for="save-desc"),
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
                    _logged_picker(),
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
                        rx.checkbox(
                            checked=S.delete_old,
                            on_change=S.set_delete_old,
                            aria_label=t("selection.delete_old"),
                        ),
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
            refusal_message(),
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

"""The Setup index and the generic list + form window of every setup table."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.i18n import t, tf
from ..components.layout import loading_state, pager, shell
from ..components.record_forms import SELECT_STYLE, confirm_dialog
from ..i18n import CATALOGUES
from ..state.base import AppState
from ..state.setup import SetupState

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("setup.group_general", ("marketing_setup", "company_information", "no_series")),
    (
        "setup.group_master",
        ("salespeople", "languages", "countries", "territories", "salutations"),
    ),
    (
        "setup.group_marketing",
        (
            "interaction_groups",
            "interaction_templates",
            "interaction_template_setup",
            "campaigns",
        ),
    ),
    (
        "setup.group_classifications",
        (
            "mailing_groups",
            "job_responsibilities",
            "industry_groups",
            "business_relations",
            "profile_questionnaires",
        ),
    ),
)
CHILD_LABEL = {
    "profile_lines": "setup.table.profile_lines",
    "salutation_formulas": "setup.table.salutation_formulas",
}


def _captions(lang: str) -> dict[str, str]:
    return {k: v for k, v in CATALOGUES[lang].items() if k.startswith(("setup.", "enum."))}


def dyn_t(key: rx.Var) -> rx.Var:
    """The caption of a key known only in the browser (a field or table name)."""
    return rx.cond(
        AppState.lang == "fr",
        rx.Var.create(_captions("fr")).to(dict)[key],
        rx.Var.create(_captions("en")).to(dict)[key],
    )


def setup_index_page() -> rx.Component:
    return shell(
        rx.heading(t("setup.title"), size="6"),
        rx.text(t("setup.intro"), color_scheme="gray", margin_bottom="1em"),
        rx.vstack(
            *[
                rx.vstack(
                    rx.heading(t(group), size="3"),
                    rx.grid(
                        *[
                            rx.link(
                                rx.card(rx.text(t(f"setup.table.{name}"), weight="medium")),
                                href=routes.setup_table(name),
                                underline="none",
                                id=f"setup-link-{name}",
                            )
                            for name in names
                        ],
                        columns={"initial": "1", "sm": "2", "lg": "4"},
                        spacing="2",
                        width="100%",
                    ),
                    width="100%",
                )
                for group, names in GROUPS
            ],
            spacing="4",
            width="100%",
        ),
    )


def _input(field: rx.Var) -> rx.Component:
    field_id = "sf-" + field["name"]
    options = SetupState.options[field["name"]]
    select = rx.el.select(
        rx.el.option("", value=""),
        rx.foreach(
            options,
            lambda o: rx.el.option(
                rx.cond(field["kind"] == "enum", dyn_t("enum." + field["enum_key"] + "." + o), o),
                value=o,
            ),
        ),
        name=field["name"],
        id=field_id,
        default_value=field["value"],
        disabled=field["readonly"] == "1",
        style=SELECT_STYLE,
    )
    control = rx.match(
        field["kind"],
        (
            "bool",
            rx.checkbox(
                name=field["name"],
                id=field_id,
                default_checked=field["value"] == "1",
                aria_label=dyn_t("setup.field." + field["name"]),
            ),
        ),
        ("enum", select),
        ("ref", select),
        rx.input(
            name=field["name"],
            id=field_id,
            default_value=field["value"],
            read_only=field["readonly"] == "1",
            type=rx.cond(field["kind"] == "date", "date", "text"),
            width="100%",
        ),
    )
    return rx.vstack(
        rx.el.label(
            rx.text(
                dyn_t("setup.field." + field["name"]),
                rx.cond(field["required"] == "1", " *", ""),
                size="1",
                color_scheme="gray",
            ),
            html_for=field_id,
        ),
        control,
        rx.cond(
            field["readonly"] == "1",
            rx.el.input(type="hidden", name=field["name"], value=field["value"]),
            rx.fragment(),
        ),
        spacing="1",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.hstack(
                    rx.heading(
                        rx.cond(
                            SetupState.singleton,
                            dyn_t("setup.table." + SetupState.table_name),
                            rx.cond(
                                SetupState.edit_key == "",
                                t("setup.new_record"),
                                tf("setup.edit_record", record=SetupState.edit_key),
                            ),
                        ),
                        size="4",
                    ),
                    rx.spacer(),
                    rx.cond(
                        SetupState.singleton,
                        rx.fragment(),
                        rx.icon_button(
                            rx.icon("x", size=16),
                            type="button",
                            variant="ghost",
                            on_click=SetupState.close,
                            aria_label=t("setup.close"),
                        ),
                    ),
                    width="100%",
                ),
                rx.grid(
                    rx.foreach(SetupState.fields, _input),
                    columns={"initial": "1", "sm": "2", "lg": "3"},
                    spacing="3",
                    width="100%",
                ),
                rx.hstack(
                    rx.button(
                        rx.icon("save", size=16), t("setup.save"), type="submit", id="setup-save"
                    ),
                    rx.cond(
                        SetupState.singleton | (SetupState.edit_key == ""),
                        rx.fragment(),
                        rx.button(
                            rx.icon("trash-2", size=16),
                            t("setup.delete"),
                            type="button",
                            color_scheme="red",
                            variant="soft",
                            on_click=SetupState.ask_delete,
                            id="setup-delete",
                        ),
                    ),
                    rx.cond(
                        SetupState.edit_key == "",
                        rx.fragment(),
                        rx.foreach(
                            SetupState.children,
                            lambda child: rx.link(
                                rx.button(
                                    rx.icon("list", size=16),
                                    dyn_t("setup.table." + child),
                                    type="button",
                                    variant="soft",
                                ),
                                href=routes.SETUP + "/" + child + "?parent=" + SetupState.edit_key,
                            ),
                        ),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=SetupState.save,
            reset_on_submit=False,
            key=SetupState.form_key,
            id="setup-form",
            width="100%",
        ),
        width="100%",
    )


IS_TEMPLATES = SetupState.table_name == "interaction_templates"


def _letters_link(code: rx.Var) -> rx.Component:
    """Each interaction template row opens the template's Word letters, as Business Central's
    Interaction Templates page does."""
    return rx.link(
        rx.hstack(rx.icon("file-text", size=14), t("letters.segment_letters"), spacing="1"),
        href=routes.SETUP + "/templates/" + code + "/letters",
        on_click=rx.stop_propagation,
        class_name="template-letters-link",
        size="2",
        white_space="nowrap",
    )


def _list() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(
                rx.icon("plus", size=16), t("setup.new"), on_click=SetupState.new, id="setup-new"
            ),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="search",
                        placeholder=t("setup.search"),
                        aria_label=t("setup.search"),
                        id="setup-search",
                    ),
                    rx.icon_button(
                        rx.icon("search", size=16), type="submit", aria_label=t("setup.search")
                    ),
                    spacing="1",
                ),
                on_submit=SetupState.apply_search,
                reset_on_submit=False,
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            SetupState.loading,
            loading_state(),
            rx.cond(
                SetupState.total == 0,
                rx.text(t("setup.empty"), color_scheme="gray", id="setup-empty"),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(""),
                                rx.cond(
                                    IS_TEMPLATES,
                                    rx.table.column_header_cell(t("letters.segment_letters")),
                                ),
                                rx.foreach(
                                    SetupState.headers,
                                    lambda h: rx.table.column_header_cell(
                                        dyn_t("setup.field." + h)
                                    ),
                                ),
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                SetupState.rows,
                                lambda row, i: rx.table.row(
                                    rx.table.cell(
                                        rx.icon_button(
                                            rx.icon("pencil", size=14),
                                            on_click=SetupState.edit(i),
                                            variant="ghost",
                                            size="1",
                                            aria_label=t("common.open"),
                                        )
                                    ),
                                    rx.cond(IS_TEMPLATES, rx.table.cell(_letters_link(row[0]))),
                                    rx.foreach(row, lambda cell: rx.table.cell(cell)),
                                    on_click=SetupState.edit(i),
                                    cursor="pointer",
                                    class_name="setup-row",
                                ),
                            )
                        ),
                        size="1",
                        width="100%",
                        variant="surface",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
            ),
        ),
        pager(SetupState),
        width="100%",
        spacing="2",
    )


def setup_table_page() -> rx.Component:
    return shell(
        rx.cond(
            SetupState.found,
            rx.vstack(
                rx.hstack(
                    rx.link(
                        rx.icon("arrow-left", size=18),
                        href=routes.SETUP,
                        aria_label=t("common.back"),
                    ),
                    rx.heading(
                        dyn_t("setup.table." + SetupState.table_name), size="5", id="setup-title"
                    ),
                    rx.cond(
                        SetupState.parent != "",
                        rx.badge(tf("setup.of_parent", parent=SetupState.parent), size="2"),
                        rx.fragment(),
                    ),
                    align="center",
                    spacing="2",
                ),
                rx.cond(SetupState.editing, _form(), rx.fragment()),
                rx.cond(SetupState.singleton, rx.fragment(), _list()),
                confirm_dialog(
                    SetupState.confirm_delete,
                    SetupState.delete_message,
                    SetupState.delete,
                    SetupState.cancel_delete,
                    confirm_key="setup.delete",
                ),
                spacing="3",
                width="100%",
            ),
            rx.callout(
                tf("error.setup.unknown_table", table=SetupState.table_name),
                icon="triangle-alert",
                color_scheme="red",
            ),
        )
    )

"""Form pieces shared by the contact card and the setup windows: labelled inputs, native selects
(keyboard-friendly, and they submit a blank value), collapsible sections and a confirm dialog."""

from __future__ import annotations

import reflex as rx

from .i18n import t
from .messages import refusal_message

SELECT_STYLE = {
    "height": "var(--space-6)",
    "padding": "0 0.5em",
    "border": "1px solid var(--gray-a7)",
    "border_radius": "var(--radius-2)",
    "background": "var(--color-surface)",
    "color": "var(--gray-12)",
    "font_size": "var(--font-size-2)",
    "width": "100%",
}


def labelled(label: rx.Var | str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(label, size="1", color_scheme="gray"), html_for=field_id),
        control,
        spacing="1",
        width="100%",
        min_width="0",
    )


def text_input(
    name: str, label: rx.Var | str, value: rx.Var, *, field_id: str = "", **props
) -> rx.Component:
    field_id = field_id or f"f-{name}"
    return labelled(
        label,
        rx.input(name=name, id=field_id, default_value=value, width="100%", **props),
        field_id,
    )


def native_select(
    name: str,
    label: rx.Var | str,
    value: rx.Var,
    options: rx.Var | list,
    *,
    blank: bool = True,
    field_id: str = "",
    captions: dict | None = None,
) -> rx.Component:
    """``options`` is a list var of codes, or a Python list of (value, caption) pairs."""
    field_id = field_id or f"f-{name}"
    items: list[rx.Component] = [rx.el.option("", value="")] if blank else []
    if isinstance(options, list):
        items += [rx.el.option(caption, value=v) for v, caption in options]
    else:
        items.append(rx.foreach(options, lambda code: rx.el.option(code, value=code)))
    return labelled(
        label,
        rx.el.select(*items, name=name, id=field_id, default_value=value, style=SELECT_STYLE),
        field_id,
    )


def check_input(name: str, label: rx.Var | str, checked: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(name=name, id=f"f-{name}", default_checked=checked, aria_label=label),
            rx.text(label, size="2"),
            align="center",
            spacing="2",
        ),
        padding_top="1.2em",
    )


def section(title: rx.Var | str, *children: rx.Component, section_id: str = "") -> rx.Component:
    """A card that collapses (native details: its inputs stay in the form when closed)."""
    return rx.el.details(
        rx.el.summary(
            rx.text(title, weight="bold", size="3", as_="span"),
            cursor="pointer",
            padding_bottom="0.5em",
        ),
        *children,
        open=True,
        id=section_id or None,
        style={
            "border": "1px solid var(--gray-a5)",
            "border_radius": "var(--radius-3)",
            "padding": "0.75em 1em",
            "width": "100%",
            "background": "var(--color-panel-solid)",
        },
    )


def grid(*children: rx.Component) -> rx.Component:
    return rx.grid(
        *children,
        columns={"initial": "1", "sm": "2", "lg": "3"},
        spacing="3",
        width="100%",
    )


def confirm_dialog(
    open_: rx.Var, message: rx.Var, on_confirm, on_cancel, confirm_key: str = "contacts.delete"
) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t(confirm_key)),
            refusal_message(),
            rx.alert_dialog.description(message),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(t("contacts.cancel"), variant="soft", color_scheme="gray"),
                    on_click=on_cancel,
                ),
                rx.alert_dialog.action(
                    rx.button(t(confirm_key), color_scheme="red", id="confirm-delete"),
                    on_click=on_confirm,
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=open_,
    )

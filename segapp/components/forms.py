"""Form fields that commit on their own: text fields on blur or Enter, selects and checkboxes on
change. ``key`` makes React rebuild a field when the server's value changes, so a refused or
unanswered edit shows the stored value again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from .i18n import enum_label, t
from .messages import field_refusal

BLANK = "-"


def labelled(label_key: str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.text(t(label_key), size="1", color_scheme="gray"), html_for=field_id),
        control,
        field_refusal(field_id),
        spacing="1",
        min_width="0",
        width="100%",
    )


def text_field(
    label_key: str,
    field_id: str,
    value: rx.Var,
    on_commit: Callable[[Any], Any],
    version: rx.Var,
    disabled: rx.Var | bool = False,
    input_type: str = "text",
) -> rx.Component:
    """Commits when the field loses focus or when Enter is pressed in it."""
    return labelled(
        label_key,
        rx.form(
            rx.input(
                id=field_id,
                name="value",
                key=f"{field_id}-" + version.to_string(),
                default_value=value,
                type=input_type,
                on_blur=on_commit,
                disabled=disabled,
                width="100%",
                size="2",
            ),
            on_submit=lambda data: on_commit(data.to(dict)["value"]),
            reset_on_submit=False,
            width="100%",
        ),
        field_id,
    )


def select_field(
    label_key: str,
    field_id: str,
    value: rx.Var,
    options: rx.Var | list,
    on_change: Callable[[Any], Any],
    disabled: rx.Var | bool = False,
    blank: bool = True,
    enum: str = "",
) -> rx.Component:
    """A select over [code, caption] options (or an enumeration's values); "-" is blank."""
    if enum:
        items = [
            rx.select.item(enum_label(enum, rx.Var.create(v)), value=v or BLANK) for v in options
        ]
        if blank:
            items[0] = rx.select.item(t("worksheet.blank"), value=BLANK)
    else:
        items = [
            *([rx.select.item(t("worksheet.blank"), value=BLANK)] if blank else []),
            rx.foreach(options, lambda o: rx.select.item(o[1], value=o[0])),
        ]
    return labelled(
        label_key,
        rx.select.root(
            rx.select.trigger(id=field_id, width="100%"),
            rx.select.content(*items),
            value=rx.cond(value == "", BLANK, value),
            on_change=on_change,
            disabled=disabled,
            size="2",
        ),
        field_id,
    )


def check_field(
    label_key: str,
    field_id: str,
    checked: rx.Var,
    on_change: Callable[[Any], Any],
    disabled: rx.Var | bool = False,
    name: str | None = None,
) -> rx.Component:
    """A checkbox that commits on change. Inside a form give it a ``name`` starting with ``_``:
    its value comes from the state, and the form's handler drops those names."""
    extra = {"name": name} if name else {}
    return rx.box(
        rx.text(
            rx.flex(
                rx.checkbox(
                    id=field_id,
                    checked=checked,
                    on_change=on_change,
                    disabled=disabled,
                    aria_label=t(label_key),
                    **extra,
                ),
                t(label_key),
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        field_refusal(field_id),
        padding_top="1.2em",
    )

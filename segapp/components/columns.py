"""Columns the user chooses for a wide list, remembered in the browser (local storage): the
state keeps the shown column keys as ",a,b,"; cells of hidden columns are not displayed."""

from __future__ import annotations

import reflex as rx

from .i18n import t


def shown(columns: rx.Var, key: str) -> rx.Var:
    return columns.contains(f",{key},")


def cell_display(columns: rx.Var, key: str, always: tuple[str, ...] = ()) -> rx.Var | str:
    if key in always:
        return "table-cell"
    return rx.cond(shown(columns, key), "table-cell", "none")


def column_chooser(
    columns: rx.Var, on_toggle, choices: tuple[tuple[str, str], ...], chooser_id: str
) -> rx.Component:
    """A "Columns" button opening the list of columns to tick."""
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("columns-3", size=16),
                t("common.columns"),
                variant="soft",
                color_scheme="gray",
                id=chooser_id,
            )
        ),
        rx.popover.content(
            rx.vstack(
                *[
                    rx.text(
                        rx.flex(
                            rx.checkbox(
                                checked=shown(columns, key),
                                aria_label=t(label_key),
                                on_change=lambda checked, key=key: on_toggle(key, checked),
                                class_name=f"column-choice column-choice-{key}",
                            ),
                            t(label_key),
                            spacing="2",
                            align="center",
                        ),
                        as_="label",
                        size="2",
                    )
                    for key, label_key in choices
                ],
                spacing="2",
            ),
            max_height="70vh",
            overflow_y="auto",
        ),
    )

"""Translated text in components. Both catalogues are compiled into the page and the browser
picks one by the language stored in the browser, so switching language costs no round trip."""

from __future__ import annotations

import re

import reflex as rx
from reflex.vars import StringVar

from ..i18n import CATALOGUES
from ..state.base import AppState

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def t(key: str) -> rx.Var:
    """The message ``key`` in the UI language."""
    if key not in CATALOGUES["en"]:
        raise KeyError(f"unknown message key {key!r}")
    return rx.cond(AppState.lang == "fr", CATALOGUES["fr"][key], CATALOGUES["en"][key])


def _parts(text: str, values: dict[str, rx.Var | str | int]) -> list[rx.Var | str]:
    parts: list[rx.Var | str] = []
    for i, piece in enumerate(_PLACEHOLDER.split(text)):
        if i % 2 == 0:
            if piece:
                parts.append(piece)
        else:
            value = rx.Var.create(values[piece])
            parts.append(value if isinstance(value, StringVar) else value.to_string())
    return parts


def tf(key: str, **values: rx.Var | str | int) -> rx.Var:
    """The message ``key`` with ``{name}`` placeholders filled by (reactive) values."""
    en = _parts(CATALOGUES["en"][key], values)
    fr = _parts(CATALOGUES["fr"][key], values)
    return rx.cond(AppState.lang == "fr", _join(fr), _join(en))


def _join(parts: list[rx.Var | str]) -> rx.Var:
    result = rx.Var.create("")
    for part in parts:
        result = result + part
    return result


def enum_label(enum_name: str, value: rx.Var) -> rx.Var:
    """The caption of an enumeration value (``enum.<enum_name>.<value>`` in the catalogues)."""
    return label_of(f"enum.{enum_name}.", value)


def field_caption(field: rx.Var) -> rx.Var:
    """The caption of a field named by its code name (``field.<name>`` in the catalogues)."""
    return label_of("field.", field)


def label_of(prefix: str, value: rx.Var) -> rx.Var:
    """The message ``<prefix><value>`` for a value known only in the browser."""
    maps = {
        lang: {k[len(prefix) :]: v for k, v in messages.items() if k.startswith(prefix)}
        for lang, messages in CATALOGUES.items()
    }
    return rx.cond(
        AppState.lang == "fr",
        rx.Var.create(maps["fr"]).to(dict)[value].to(str),
        rx.Var.create(maps["en"]).to(dict)[value].to(str),
    )

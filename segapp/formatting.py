"""Display strings for values sent to the browser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .i18n import translate

FLAG_KEYS = {
    "allow_existing_contacts": "selection.allow_existing_contacts",
    "expand_companies": "selection.expand_companies",
    "allow_related_companies": "selection.allow_related_companies",
    "ignore_exclusion": "selection.ignore_exclusion",
    "entire_companies": "selection.entire_companies",
}


def money(value: Decimal | int | float | None) -> str:
    """Two decimals with a narrow space between thousands, readable in English and French."""
    return f"{Decimal(value or 0):,.2f}".replace(",", "\u202f")


def date(value: dt.date | None) -> str:
    """ISO dates: unambiguous in every language."""
    return value.isoformat() if value else ""


def describe_step(
    lang: str, action: str, criteria: dict[str, dict[str, str]], flags: dict[str, Any]
) -> str:
    """A step of the criteria journal in words, e.g. "Add Contacts — Contact Mailing Group:
    Mailing Group Code = GIFT (Expand Companies)"."""
    parts = []
    for table, filters in criteria.items():
        fields = ", ".join(
            f"{translate(lang, f'filter.{name}')} = {text}" for name, text in filters.items()
        )
        parts.append(f"{translate(lang, f'table.{table}')}: {fields}")
    options = [translate(lang, key) for name, key in FLAG_KEYS.items() if flags.get(name)]
    text = translate(lang, f"selection.action.{action}")
    if parts:
        text += " — " + "; ".join(parts)
    if options:
        text += f" ({', '.join(options)})"
    return text

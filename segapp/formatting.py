"""Display strings for values sent to the browser."""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_time, get_date_format
from babel.dates import parse_date as babel_parse_date
from babel.numbers import format_decimal

from .i18n import normalise, translate

FLAG_KEYS = {
    "allow_existing_contacts": "selection.allow_existing_contacts",
    "expand_companies": "selection.expand_companies",
    "allow_related_companies": "selection.allow_related_companies",
    "ignore_exclusion": "selection.ignore_exclusion",
    "entire_companies": "selection.entire_companies",
}


def locale_of(lang: str | None) -> str:
    """The Babel locale of a UI language; English follows ``SEGAPP_LOCALE_EN`` (``en_GB`` by
    default, ``en_US`` for month-first dates)."""
    if normalise(lang) == "fr":
        return "fr_FR"
    return os.environ.get("SEGAPP_LOCALE_EN", "en_GB")


def money(value: Decimal | int | float | None, lang: str | None = None) -> str:
    """An amount with two decimals in the user's language (French ``1 234,56``, English
    ``1,234.56``). Without a language: two decimals and a narrow space between thousands, the
    form input fields show and read back."""
    amount = Decimal(value or 0)
    if lang is None:
        return f"{amount:,.2f}".replace(",", "\u202f")
    return _money(amount, locale_of(lang))


@lru_cache(maxsize=4096)
def _money(amount: Decimal, locale: str) -> str:
    """Formatted once per (amount, locale): a page of lines repeats a few amounts."""
    return format_decimal(amount, format="#,##0.00", locale=locale)


def number(value: Decimal | int | float | None, lang: str | None) -> str:
    """A whole or decimal number in the user's language."""
    return format_decimal(value or 0, locale=locale_of(lang))


def date(value: dt.date | None, lang: str | None = None) -> str:
    """A date in the user's language, with a four-digit year (French ``01/12/2026``). Without a
    language: ISO, the form date inputs and files use."""
    if not value:
        return ""
    if lang is None:
        return value.isoformat()
    return _date(value, locale_of(lang))


@lru_cache(maxsize=4096)
def _date(value: dt.date, locale: str) -> str:
    """Formatted once per (date, locale): a page of lines repeats a few dates."""
    pattern = get_date_format("short", locale=locale).pattern
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y")
    return format_date(value, pattern, locale=locale)


_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def parse_date(text: str, lang: str | None) -> dt.date | None:
    """A date typed in the user's language (French ``01/12/2026``, English per the locale) or
    ISO; blank is ``None``. Raises ``ValueError`` for anything that is not a real date."""
    text = text.strip()
    if not text:
        return None
    if not _NUMERIC_DATE.fullmatch(text):
        raise ValueError(text)
    try:
        return babel_parse_date(text, locale=locale_of(lang))
    except (ValueError, IndexError) as exc:
        raise ValueError(text) from exc


def date_hint(lang: str | None) -> str:
    """How a date is typed in the user's language: ``jj/mm/aaaa``, ``dd/mm/yyyy``."""
    pattern = get_date_format("short", locale=locale_of(lang)).pattern
    parts = re.split(r"([^dMy]+)", pattern)
    full = {"d": "dd", "M": "mm", "y": "yyyy"}
    hint = "".join(full.get(part[:1], part) if part[:1] in full else part for part in parts)
    if normalise(lang) == "fr":
        hint = hint.replace("d", "j").replace("y", "a")
    return hint


def header_date(raw: str, lang: str | None) -> str:
    """An e-mail's ``Date`` header as a date and time in the user's language and the server's
    time zone (French ``01/12/2026 14:05``); a header that does not parse is shown as it is."""
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return raw
    if when is None:
        return raw
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{date(when.date(), lang)} {format_time(when, 'HH:mm', locale=locale_of(lang))}"


def month(value: dt.date | None, lang: str | None) -> str:
    """A month and its year, short, as chart axes show it: "Dec 2026", "déc. 2026"."""
    return format_date(value, "MMM y", locale=locale_of(lang)) if value else ""


def long_date(value: dt.date | None, lang: str | None) -> str:
    """A date in words, as letters print it: "2 November 2026", "2 novembre 2026"."""
    return format_date(value, "long", locale=locale_of(lang)) if value else ""


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

"""Dates, numbers and amounts in the user's language (Babel), and the machine forms that form
inputs and files keep."""

import datetime as dt
import re
from decimal import Decimal

from segapp import formatting
from segapp.i18n import language_for
from segapp.services.letters.letters import format_date

DAY = dt.date(2026, 12, 1)


def test_french_dates_and_amounts():
    assert formatting.date(DAY, "fr") == "01/12/2026"
    assert formatting.money(Decimal("1234.56"), "fr") == "1\u202f234,56"
    assert formatting.number(12345, "fr") == "12\u202f345"


def test_english_follows_the_chosen_locale(monkeypatch):
    assert formatting.money(Decimal("1234.56"), "en") == "1,234.56"
    assert formatting.date(DAY, "en") == "01/12/2026"
    monkeypatch.setenv("SEGAPP_LOCALE_EN", "en_US")
    assert formatting.date(DAY, "en") == "12/1/2026"  # four-digit year, never "26"


def test_without_a_language_values_stay_machine_readable():
    assert formatting.date(DAY) == "2026-12-01"
    assert formatting.date(None, "fr") == ""


def test_a_french_letter_gets_a_french_date():
    """Reference 8.4: Document Date in the letter's language."""
    assert format_date(dt.date(2026, 11, 2), "FR") == "2 novembre 2026"
    assert format_date(dt.date(2026, 11, 2), "EN") == "2 November 2026"
    assert format_date(dt.date(2026, 11, 2), "DE") == "2 November 2026"


def test_language_codes_map_to_catalogues():
    assert language_for("FR") == "fr"
    assert language_for("fra") == "fr"
    assert language_for("", "fr") == "fr"
    assert language_for("DE", None) == "en"


def test_an_e_mail_date_header_is_shown_in_the_users_language():
    shown = formatting.header_date("Tue, 01 Dec 2026 09:05:00 +0000", "fr")
    assert re.fullmatch(r"(30/11/2026|01/12/2026|02/12/2026) \d\d:\d\d", shown)
    assert formatting.header_date("not a date", "fr") == "not a date"
    assert formatting.header_date("", "en") == ""


def test_a_typed_date_is_read_in_the_users_language():
    assert formatting.parse_date("01/12/2026", "fr") == DAY
    assert formatting.parse_date("1/12/2026", "en") == DAY  # en_GB by default
    assert formatting.parse_date("2026-12-01", "fr") == DAY
    assert formatting.parse_date("  ", "fr") is None
    assert formatting.date_hint("fr") == "jj/mm/aaaa"
    for bad in ("32/01/2026", "2026-13-01", "01/12", "demain", "1/2/3/4"):
        try:
            formatting.parse_date(bad, "fr")
        except ValueError:
            continue
        raise AssertionError(f"{bad} was read as a date")

"""Display strings for values sent to the browser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def money(value: Decimal | int | float | None) -> str:
    """Two decimals with a narrow space between thousands, readable in English and French."""
    return f"{Decimal(value or 0):,.2f}".replace(",", "\u202f")


def date(value: dt.date | None) -> str:
    """ISO dates: unambiguous in every language."""
    return value.isoformat() if value else ""

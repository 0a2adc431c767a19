"""What users type in search, lookup and filter boxes, checked before any query runs.

A NUL byte cannot reach PostgreSQL (it refuses the whole statement), other control characters
are never part of a name or a code, and a value longer than any field it is compared with can
match nothing while it costs the database (SQLite refuses LIKE patterns beyond 50 000 bytes).
Such input is refused with its reason and nothing runs.
"""

from __future__ import annotations

import re

from .errors import UserError

MAX_SEARCH = 100  # the longest text a contact's searched fields hold
MAX_CODE = 50  # the longest code or number a lookup compares with
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search_text(text: object, max_length: int = MAX_SEARCH) -> str:
    """``text`` stripped, or a refusal: too long, or holding a control character."""
    value = str(text or "").strip()
    if len(value) > max_length:
        raise UserError("error.search_too_long", max=max_length)
    if _CONTROL.search(value):
        raise UserError("error.search_invalid_character")
    return value


def code_text(text: object) -> str:
    """A code or number typed in a lookup or filter box, stripped and upper-cased."""
    return search_text(text, MAX_CODE).upper()

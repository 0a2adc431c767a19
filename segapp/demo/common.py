"""Helpers shared by the demo loader's steps: seeded randomness, fixed times, text helpers."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from faker import Faker
from sqlmodel import Session

from ..models import (
    Contact,
    InteractionTemplate,
    StoredDocument,
)
from .data import (
    COUNTRY_PROFILES,
)

# Fixed times keep the rows identical from one load to the next.
DEMO_EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DOCX_ZIP_TIME = (2026, 1, 5, 9, 0, 0)
LINE_NO_STEP = 10000


def fill_pattern(pattern: str, rng: random.Random) -> str:
    """Replaces # by a digit and ? by a capital letter: phones, post codes and VAT numbers."""
    chars = []
    for char in pattern:
        if char == "#":
            chars.append(str(rng.randrange(10)))
        elif char == "?":
            chars.append(chr(ord("A") + rng.randrange(26)))
        else:
            chars.append(char)
    return "".join(chars)


def slug(text: str, separator: str = "-") -> str:
    """ASCII lower-case words joined by ``separator``, for e-mail addresses and domains."""
    text = text.replace("ß", "ss").replace("&", " ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return separator.join(words)


def initials(*names: str) -> str:
    return "".join(name[0].upper() for name in names if name)


def street_lines(street: str) -> tuple[str, str]:
    """Faker's multi-line street addresses become Address and Address 2."""
    lines = [line.strip() for line in street.splitlines() if line.strip()]
    return lines[0][:100], " ".join(lines[1:])[:50]


def seeded_fakers(seed: int) -> dict[str, Faker]:
    """One seeded Faker per locale used by the country profiles."""
    locales = sorted(
        {p.name_locale for p in COUNTRY_PROFILES.values()}
        | {p.street_locale for p in COUNTRY_PROFILES.values()}
    )
    fakers = {}
    for offset, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + offset)
        fakers[locale] = fake
    return fakers


def fixed_time(day: date, hour: int = 9) -> datetime:
    """A fixed, timezone-aware time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


@dataclass
class DemoRun:
    """What one load has created so far, for the steps that link to it."""

    rng: random.Random
    fakers: dict[str, Faker]
    companies: list[Contact] = field(default_factory=list)
    persons: list[Contact] = field(default_factory=list)
    group_members: dict[str, list[Contact]] = field(default_factory=dict)
    # The industry each company's name was made for, so that its industry group matches.
    industries: dict[int, str] = field(default_factory=dict)
    templates: dict[str, InteractionTemplate] = field(default_factory=dict)
    documents: dict[tuple[str, str], StoredDocument] = field(default_factory=dict)
    user_id: int | None = None
    clock: int = 0

    @property
    def contacts(self) -> list[Contact]:
        return self.companies + self.persons

    def tick(self) -> datetime:
        """The next fixed creation time: one minute after the previous one."""
        self.clock += 1
        return DEMO_EPOCH + timedelta(minutes=self.clock)


def add_all(session: Session, rows: Iterable[Any]) -> None:
    """Adds rows and flushes, so that the next step can refer to them."""
    session.add_all(list(rows))
    session.flush()

"""Demo data: a small fictitious company with contacts in eight countries, Word letters, open
segments and logged interactions, plus bulk contacts for load tests.

The data lives in YAML files (``data/``), read by :mod:`.data`; the modules beside it turn it
into rows: :mod:`.setup` (setup tables and classifications), :mod:`.contacts`, :mod:`.letters`
(Word letters), :mod:`.segments` (templates, logged and open segments), :mod:`.scale` (bulk
contacts) and :mod:`.load`, which runs them in order. Everything comes from one seed through
``random.Random(seed)`` and seeded Faker instances (never the global random generator), so two
loads with the same seed into empty databases give the same rows. E-mail addresses use the
reserved ``.example`` domain so that a configured SMTP server can never reach a real person.

Run ``python -m segapp.demo [--database-url URL] [--scale N] [--seed S]`` after the migrations.
This module itself stays light (the sign-in page imports it): the loader is imported on first
use of ``load_demo``, ``add_scale_contacts`` or ``make_letter_docx``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from sqlmodel import Session

from ..models import MarketingSetup

DEMO_USERNAME = "demo"
# Public on purpose: the sign-in page offers it while demo data is loaded.
DEMO_PASSWORD = "segment-demo"  # noqa: S105
DEFAULT_SEED = 2026
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_LAZY = {"load_demo": "load", "add_scale_contacts": "scale", "make_letter_docx": "letters"}


def is_loaded(session: Session) -> bool:
    """True when the database holds the demo data (Marketing Setup says so)."""
    setup = session.get(MarketingSetup, 1)
    return bool(setup and setup.demo_data)


def demo_credentials(session: Session) -> tuple[str, str] | None:
    """The demo user's name and password for the sign-in page, only when the demo data is
    loaded."""
    return (DEMO_USERNAME, DEMO_PASSWORD) if is_loaded(session) else None


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

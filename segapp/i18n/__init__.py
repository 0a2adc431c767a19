"""Message catalogues. Every string the UI shows comes from here, in English or French.

The core messages live in ``en.py`` and ``fr.py``; each area of the app may add its own in a
module of ``areas/`` defining ``EN`` and ``FR``. A key may be defined only once.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from . import areas, en, fr

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"


def _merge() -> dict[str, dict[str, str]]:
    catalogues = {"en": dict(en.MESSAGES), "fr": dict(fr.MESSAGES)}
    for info in sorted(pkgutil.iter_modules(areas.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{areas.__name__}.{info.name}")
        for lang, messages in (("en", module.EN), ("fr", module.FR)):
            duplicated = set(messages) & set(catalogues[lang])
            if duplicated:
                raise ValueError(f"message keys defined twice: {sorted(duplicated)}")
            catalogues[lang].update(messages)
    return catalogues


CATALOGUES: dict[str, dict[str, str]] = _merge()


def normalise(lang: str | None) -> str:
    """A supported UI language for whatever the browser sent."""
    return lang if lang in CATALOGUES else DEFAULT_LANGUAGE


def translate(lang: str | None, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``.
    An unknown key shows as itself rather than failing the page."""
    text = CATALOGUES[normalise(lang)].get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key, key)
    return text.format(**params) if params else text


def language_for(code: str | None, fallback: str | None = None) -> str:
    """The catalogue language for a Language code (``FR``, ``FRA``, ``fr-BE`` -> ``fr``), or
    ``fallback`` (the user's language) when the code is blank or has no catalogue."""
    prefix = (code or "").strip().lower()[:2]
    return prefix if prefix in CATALOGUES else normalise(fallback)

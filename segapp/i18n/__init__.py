"""Message catalogues. Every string the UI shows comes from here, in English or French."""

from __future__ import annotations

from typing import Any

from . import en, fr

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "fr": fr.MESSAGES}


def normalise(lang: str | None) -> str:
    """A supported UI language for whatever the browser sent."""
    return lang if lang in CATALOGUES else DEFAULT_LANGUAGE


def translate(lang: str | None, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``.
    An unknown key shows as itself rather than failing the page."""
    text = CATALOGUES[normalise(lang)].get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key, key)
    return text.format(**params) if params else text

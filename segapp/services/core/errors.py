"""Errors a user can understand. ``key`` names a message of the catalogue (segapp/i18n) and
``params`` fill it, so the UI shows the refusal in the user's language."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """An action was refused; nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def named(self, name: str) -> UserError:
        """The same refusal naming the file it is about (for messages with a ``name``)."""
        if "name" not in self.params:
            return self
        return UserError(self.key, **{**self.params, "name": name})

    def __str__(self) -> str:
        return f"{self.key} {self.params}" if self.params else self.key

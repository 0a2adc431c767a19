"""Windows whose own issues have not landed yet: the route exists and says so."""

from __future__ import annotations

import reflex as rx

from ..components.i18n import t
from ..components.layout import shell


def coming_page(title_key: str):
    def page() -> rx.Component:
        return shell(
            rx.heading(t(title_key), size="6", margin_bottom="0.5em"),
            rx.callout(t("common.coming"), icon="construction", color_scheme="gray"),
        )

    page.__name__ = f"coming_{title_key.replace('.', '_')}"
    return page

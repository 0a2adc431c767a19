"""Reflex configuration for segapp.

Every field can be overridden by an environment variable named ``REFLEX_<FIELD>``. The database
comes from ``SEGAPP_DATABASE_URL`` (default: an SQLite file in ``.data/``, a hidden folder that
the development server's hot reload ignores); ``REFLEX_REDIS_URL`` makes Redis the state store.
"""

import reflex as rx

from segapp.settings import database_url

config = rx.Config(
    app_name="segapp",
    db_url=database_url(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium")
        )
    ],
    disable_plugins=[rx.plugins.sitemap.SitemapPlugin],
)

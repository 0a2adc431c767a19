"""The app shell: navigation bar (a menu on phones), language switch, user menu."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..i18n import LANGUAGES
from ..state.base import AppState
from .i18n import t
from .messages import refusal_message

NAV_ITEMS: tuple[tuple[str, str, str], ...] = (
    (routes.SEGMENTS, "nav.segments", "list-checks"),
    (routes.LOGGED_SEGMENTS, "nav.logged_segments", "archive"),
    (routes.INTERACTION_LOG_ENTRIES, "nav.interaction_log_entries", "history"),
    (routes.POSTPONED_INTERACTIONS, "nav.postponed_interactions", "clock"),
    (routes.CONTACTS, "nav.contacts", "contact"),
    (routes.OUTBOX, "nav.outbox", "inbox"),
    (routes.SETUP, "nav.setup", "settings"),
)

DESKTOP = rx.breakpoints(initial="none", md="flex")
PHONE = rx.breakpoints(initial="flex", md="none")


def _nav_link(route: str, key: str, icon: str) -> rx.Component:
    active = AppState.router.url.path.startswith(route)
    return rx.link(
        rx.hstack(rx.icon(icon, size=16), rx.text(t(key), size="2"), spacing="1", align="center"),
        href=route,
        underline="none",
        color_scheme=rx.cond(active, "indigo", "gray"),
        weight=rx.cond(active, "bold", "regular"),
        padding_x="0.5em",
        white_space="nowrap",
    )


def language_switch() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=t("nav.language"), variant="ghost"),
        rx.select.content(
            *[rx.select.item(t(f"lang.{lang}"), value=lang) for lang in LANGUAGES],
        ),
        value=AppState.lang,
        on_change=AppState.set_lang,
        size="2",
        name="language",
    )


def _user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(AppState.user_full_name, display=DESKTOP),
                variant="ghost",
                aria_label=t("nav.signed_in_as"),
                id="user-menu",
            )
        ),
        rx.menu.content(
            rx.box(
                rx.text(t("nav.signed_in_as"), " ", AppState.user_name, size="1"),
                padding_x="0.75em",
                padding_y="0.25em",
            ),
            rx.menu.separator(),
            rx.menu.item(
                rx.hstack(rx.icon("log-out", size=16), t("nav.sign_out")),
                on_select=AppState.sign_out,
                id="sign-out",
            ),
        ),
    )


def _phone_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("menu"), variant="ghost", aria_label=t("nav.menu"), id="nav-menu"
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    rx.hstack(rx.icon(icon, size=16), t(key)),
                    on_select=rx.redirect(route),
                )
                for route, key, icon in NAV_ITEMS
            ],
        ),
    )


def navbar() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.box(_phone_menu(), display=PHONE),
            rx.link(
                rx.hstack(rx.icon("users", size=20), rx.heading("segapp", size="4"), spacing="2"),
                href=routes.SEGMENTS,
                underline="none",
                color_scheme="gray",
                high_contrast=True,
            ),
            rx.hstack(
                *[_nav_link(*item) for item in NAV_ITEMS],
                display=DESKTOP,
                spacing="2",
                margin_left="1em",
            ),
            rx.spacer(),
            language_switch(),
            _user_menu(),
            align="center",
            width="100%",
            spacing="3",
        ),
        as_="nav",
        padding_x="1em",
        padding_y="0.6em",
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        position="sticky",
        top="0",
        z_index="10",
        width="100%",
    )


def shell(*content: rx.Component) -> rx.Component:
    """A signed-in page: nothing of it is shown until the user is known."""
    return rx.cond(
        AppState.user_name != "",
        rx.box(
            navbar(),
            rx.box(
                rx.box(
                    refusal_message(),
                    position="sticky",
                    top="3.5em",
                    z_index="9",
                    class_name="page-refusal",
                ),
                *content,
                padding=rx.breakpoints(initial="0.75em", md="1.5em"),
                max_width="1400px",
                margin_x="auto",
                width="100%",
            ),
            width="100%",
            min_height="100vh",
            overflow_x="hidden",
        ),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )


def pager(state: type[rx.State]) -> rx.Component:
    """Previous / next with "page x of y" and the record count; ``state`` has ``page``,
    ``pages``, ``total``, ``prev_page`` and ``next_page``."""
    from .i18n import tf

    return rx.hstack(
        rx.text(tf("common.records", count=state.total), size="2", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=16),
            t("common.previous"),
            on_click=state.prev_page,
            disabled=state.page <= 1,
            variant="soft",
            size="2",
            class_name="pager-prev",
        ),
        rx.text(
            tf("common.page_of", page=state.page, pages=state.pages),
            size="2",
            class_name="pager-status",
        ),
        rx.button(
            t("common.next"),
            rx.icon("chevron-right", size=16),
            on_click=state.next_page,
            disabled=state.page >= state.pages,
            variant="soft",
            size="2",
            class_name="pager-next",
        ),
        align="center",
        width="100%",
        wrap="wrap",
        spacing="2",
        padding_y="0.5em",
    )


def loading_state() -> rx.Component:
    """What a list shows until its first page is read (never "there are none" meanwhile)."""
    return rx.hstack(
        rx.spinner(size="2"),
        rx.text(t("common.loading"), size="2", color_scheme="gray"),
        padding="1em",
        align="center",
        class_name="list-loading",
        role="status",
    )

"""The Reflex app: theme, pages and their on_load hooks."""

import reflex as rx

from . import routes
from .api import downloads as download_api
from .pages.placeholders import coming_page
from .pages.segments import segments_page
from .pages.signin import signin_page
from .pages.template_letters import template_letters_page
from .pages.worksheet import worksheet_page
from .state.base import AppState
from .state.segments import SegmentsState, WorksheetState
from .state.signin import SignInState
from .state.template_letters import TemplateLettersState

app = rx.App(
    toaster=rx.toast.provider(position="bottom-right", duration=3000),
)

app.add_page(signin_page, route=routes.SIGN_IN, title="segapp", on_load=SignInState.load)
app.add_page(
    lambda: rx.center(rx.spinner()),
    route=routes.HOME,
    title="segapp",
    on_load=rx.redirect(routes.SEGMENTS),
)
app.add_page(
    segments_page,
    route=routes.SEGMENTS,
    title="Segments · segapp",
    on_load=[AppState.require_user, SegmentsState.load],
)
app.add_page(
    worksheet_page,
    route=routes.WORKSHEET,
    title="Segment · segapp",
    on_load=[AppState.require_user, WorksheetState.load],
)
app.add_page(
    template_letters_page,
    route=routes.TEMPLATE_LETTERS,
    title="Letters · segapp",
    on_load=[AppState.require_user, TemplateLettersState.load],
)
download_api.register(app)
for route, key in (
    (routes.LOGGED_SEGMENTS, "nav.logged_segments"),
    (routes.INTERACTION_LOG_ENTRIES, "nav.interaction_log_entries"),
    (routes.CONTACTS, "nav.contacts"),
    (routes.SETUP, "nav.setup"),
):
    app.add_page(coming_page(key), route=route, title="segapp", on_load=AppState.require_user)

"""The Reflex app: theme, pages and their on_load hooks."""

import reflex as rx

from . import routes
from .pages.contacts import contact_card_page, contact_import_page, contacts_page
from .pages.placeholders import coming_page
from .pages.segments import segments_page
from .pages.setup import setup_index_page, setup_table_page
from .pages.signin import signin_page
from .pages.worksheet import worksheet_page
from .state.base import AppState
from .state.contacts import ContactCardState, ContactImportState, ContactsState
from .state.segments import SegmentsState, WorksheetState
from .state.setup import SetupState
from .state.signin import SignInState

app = rx.App(
    toaster=rx.toast.provider(position="top-center"),
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
for route, key in (
    (routes.LOGGED_SEGMENTS, "nav.logged_segments"),
    (routes.INTERACTION_LOG_ENTRIES, "nav.interaction_log_entries"),
):
    app.add_page(coming_page(key), route=route, title="segapp", on_load=AppState.require_user)
app.add_page(
    contacts_page,
    route=routes.CONTACTS,
    title="Contacts · segapp",
    on_load=[AppState.require_user, ContactsState.load],
)
app.add_page(
    contact_card_page,
    route=routes.CONTACT,
    title="Contact · segapp",
    on_load=[AppState.require_user, ContactCardState.load],
)
app.add_page(
    contact_import_page,
    route=routes.CONTACT_IMPORT,
    title="Import contacts · segapp",
    on_load=[AppState.require_user, ContactImportState.load],
)
app.add_page(
    setup_index_page, route=routes.SETUP, title="Setup · segapp", on_load=AppState.require_user
)
app.add_page(
    setup_table_page,
    route=routes.SETUP_TABLE,
    title="Setup · segapp",
    on_load=[AppState.require_user, SetupState.load],
)

"""The Reflex app: theme, pages and their on_load hooks."""

import reflex as rx
from reflex_base.config import get_config

from . import routes
from .api import downloads as download_api
from .api import session as session_api
from .api.slashes import NoSlashRedirect
from .api.upload_guard import UploadGuard, signed_in_tab
from .pages.campaign_entries import campaign_entries_page
from .pages.contacts import contact_card_page, contact_import_page, contacts_page
from .pages.interaction_log_entries import interaction_log_entries_page
from .pages.interactions import create_interaction_page, postponed_interactions_page
from .pages.logged_segments import logged_segments_page
from .pages.outbox import outbox_page
from .pages.segments import segments_page
from .pages.setup import setup_index_page, setup_table_page
from .pages.signin import signin_page
from .pages.template_letters import template_letters_page
from .pages.worksheet import worksheet_page
from .services.letters.documents import MAX_UPLOAD_BYTES as LETTER_BYTES
from .state.base import RELOCALISE, AppState
from .state.contact_interactions import ContactInteractionsState
from .state.contacts import MAX_UPLOAD_BYTES as CSV_BYTES
from .state.contacts import ContactCardState, ContactImportState, ContactsState
from .state.delivery import OutboxState
from .state.interactions import InteractionState, PostponedState
from .state.letters import LettersState
from .state.logging import CampaignEntriesState, EntriesState, LoggedSegmentsState
from .state.segments import SegmentsState, WorksheetState
from .state.setup import SetupState
from .state.signin import SignInState
from .state.template_letters import TemplateLettersState


def _guard_uploads(asgi):
    """Uploads are refused before their body is read unless signed in and within the limit
    of the handler they are for (see :mod:`segapp.api.upload_guard`)."""
    limits = {
        f"{ContactImportState.get_full_name()}.handle_upload": CSV_BYTES,
        f"{LettersState.get_full_name()}.upload_line_letter": LETTER_BYTES,
        f"{TemplateLettersState.get_full_name()}.upload": LETTER_BYTES,
        f"{InteractionState.get_full_name()}.upload_letter": LETTER_BYTES,
    }
    path = get_config().prepend_backend_path("/_upload")
    return UploadGuard(asgi, path, limits, signed_in_tab)


app = rx.App(
    toaster=rx.toast.provider(position="bottom-right", duration=3000),
    stylesheets=["/segapp.css"],
    api_transformer=[_guard_uploads, NoSlashRedirect],
    head_components=[rx.script(src="/a11y.js")],
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
    logged_segments_page,
    route=routes.LOGGED_SEGMENTS,
    title="Logged Segments · segapp",
    on_load=[AppState.require_user, LoggedSegmentsState.load],
)
app.add_page(
    interaction_log_entries_page,
    route=routes.INTERACTION_LOG_ENTRIES,
    title="Interaction Log Entries · segapp",
    on_load=[AppState.require_user, EntriesState.load],
)
app.add_page(
    outbox_page,
    route=routes.OUTBOX,
    title="Outbox · segapp",
    on_load=[AppState.require_user, OutboxState.load],
)
app.add_page(
    campaign_entries_page,
    route=routes.CAMPAIGN_ENTRIES,
    title="Campaign Entries · segapp",
    on_load=[AppState.require_user, CampaignEntriesState.load],
)
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
    on_load=[AppState.require_user, ContactCardState.load, ContactInteractionsState.load],
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
app.add_page(
    template_letters_page,
    route=routes.TEMPLATE_LETTERS,
    title="Letters · segapp",
    on_load=[AppState.require_user, TemplateLettersState.load],
)
app.add_page(
    create_interaction_page,
    route=routes.CREATE_INTERACTION,
    title="Create Interaction · segapp",
    on_load=[AppState.require_user, InteractionState.load],
)
app.add_page(
    postponed_interactions_page,
    route=routes.POSTPONED_INTERACTIONS,
    title="Postponed Interactions · segapp",
    on_load=[AppState.require_user, PostponedState.load],
)
# a language switch reads the page's rows again: the server formats their dates and amounts
RELOCALISE.update(
    {
        routes.SEGMENTS: [SegmentsState.relocalise],
        routes.WORKSHEET: [WorksheetState.relocalise],
        routes.LOGGED_SEGMENTS: [LoggedSegmentsState.relocalise],
        routes.INTERACTION_LOG_ENTRIES: [EntriesState.relocalise],
        routes.CAMPAIGN_ENTRIES: [CampaignEntriesState.relocalise],
        routes.CONTACTS: [ContactsState.relocalise],
        routes.CONTACT: [ContactCardState.relocalise, ContactInteractionsState.load],
        routes.POSTPONED_INTERACTIONS: [PostponedState.load],
        routes.OUTBOX: [OutboxState.load],
    }
)
download_api.register(app)
session_api.register(app)

"""Every route of the app in one place."""

SIGN_IN = "/signin"
HOME = "/"
SEGMENTS = "/segments"
WORKSHEET = "/segments/[segment_no]"
LOGGED_SEGMENTS = "/logged-segments"
INTERACTION_LOG_ENTRIES = "/interaction-log-entries"
CAMPAIGN_ENTRIES = "/campaign-entries"
CONTACTS = "/contacts"
CONTACT = "/contacts/[contact_no]"
CONTACT_IMPORT = "/contacts-import"
SETUP = "/setup"
SETUP_TABLE = "/setup/[table]"
TEMPLATE_LETTERS = "/setup/templates/[code]/letters"
OUTBOX = "/outbox"
CREATE_INTERACTION = "/interactions/new"
POSTPONED_INTERACTIONS = "/postponed-interactions"


def worksheet(no: str) -> str:
    return f"{SEGMENTS}/{no}"


def contact(no: str) -> str:
    return f"{CONTACTS}/{no}"


def setup_table(name: str) -> str:
    return f"{SETUP}/{name}"


def template_letters(code: str) -> str:
    return f"{SETUP}/templates/{code}/letters"

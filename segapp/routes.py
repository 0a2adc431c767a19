"""Every route of the app in one place."""

SIGN_IN = "/signin"
HOME = "/"
SEGMENTS = "/segments"
WORKSHEET = "/segments/[segment_no]"
LOGGED_SEGMENTS = "/logged-segments"
INTERACTION_LOG_ENTRIES = "/interaction-log-entries"
CONTACTS = "/contacts"
SETUP = "/setup"
TEMPLATE_LETTERS = "/setup/templates/[code]/letters"


def worksheet(no: str) -> str:
    return f"{SEGMENTS}/{no}"


def template_letters(code: str) -> str:
    return f"{SETUP}/templates/{code}/letters"

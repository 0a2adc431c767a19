"""Every route of the app in one place."""

SIGN_IN = "/signin"
HOME = "/"
SEGMENTS = "/segments"
WORKSHEET = "/segments/[segment_no]"
LOGGED_SEGMENTS = "/logged-segments"
INTERACTION_LOG_ENTRIES = "/interaction-log-entries"
CONTACTS = "/contacts"
SETUP = "/setup"


def worksheet(no: str) -> str:
    return f"{SEGMENTS}/{no}"

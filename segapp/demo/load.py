"""Loading the whole demo company into an empty database."""

from __future__ import annotations

import random

from sqlmodel import Session, select

from ..models import (
    Contact,
    MarketingSetup,
)
from . import DEFAULT_SEED, is_loaded
from .common import DemoRun, seeded_fakers
from .contacts import add_contact_links, add_contacts
from .scale import add_scale_contacts
from .segments import (
    add_demo_user,
    add_interaction_templates,
    add_logged_segments,
    add_open_segments,
)
from .setup import add_classifications, add_marketing_setup, add_setup


def load_demo(session: Session, *, seed: int = DEFAULT_SEED, extra_contacts: int = 0) -> None:
    """Adds the whole demo company to an empty database; the caller commits.

    The same seed always gives the same rows, so tests and screenshots can rely on them.
    """
    demo = DemoRun(rng=random.Random(seed), fakers=seeded_fakers(seed))
    add_setup(session)
    add_classifications(session)
    add_contacts(session, demo)
    add_contact_links(session, demo)
    add_interaction_templates(session, demo)
    add_demo_user(session, demo)
    add_logged_segments(session, demo)
    add_open_segments(session, demo)
    add_marketing_setup(session)
    if extra_contacts > 0:
        add_scale_contacts(session, extra_contacts, seed)


def load_if_missing(session: Session, seed: int) -> tuple[bool, str]:
    """Loads the demo unless it is there already; refuses a database holding other data, so
    that demo rows never mix with real ones."""
    if is_loaded(session):
        return True, "Demo data already loaded"
    has_data = session.get(MarketingSetup, 1) is not None or (
        session.exec(select(Contact.id).limit(1)).first() is not None
    )
    if has_data:
        return False, "The database already holds data that is not the demo: nothing loaded"
    load_demo(session, seed=seed)
    return True, "Demo data loaded"

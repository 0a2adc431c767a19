"""The card's Contact Statistics state, as the browser drives it: figures formatted in the
user's language, a listed entry's letter downloaded, an entry the card does not list refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, PageData, RouterData, SessionData
from sqlmodel import select

from segapp import db
from segapp.models import InteractionLogEntry, User
from segapp.services.core import auth, downloads
from segapp.state.contact_interactions import ContactInteractionsState
from tests import factories


@pytest.fixture
def card(session, db_engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    session.add(User(username="anna", password_hash=auth.hash_password("pw-123456")))
    company = factories.company(session, "Épicerie «Test» d'Anne", no="CX000001")
    person = factories.person(session, "Anne O'Neil", company, no="CX000002")
    stranger = factories.person(session, "Stranger", no="CX000003")
    doc = factories.document(session, "anne.docx")
    today = dt.date.today()
    for contact, cost, document in ((person, "1234.5", doc), (stranger, "1", doc)):
        session.add(
            InteractionLogEntry(
                contact_id=contact.id,
                contact_company_id=contact.company_id,
                date=today,
                description=f"Letter to {contact.name}",
                cost=Decimal(cost),
                duration=90,
                document_id=document.id,
            )
        )
    session.flush()
    entries = {e.contact_id: e.entry_no for e in session.exec(select(InteractionLogEntry))}
    token = auth.sign_in(session, "anna", "pw-123456")
    session.commit()
    return {
        "token": token,
        "company": company.no,
        "mine": entries[person.id],
        "other": entries[stranger.id],
    }


def _state(token: str, contact_no: str, lang: str) -> ContactInteractionsState:
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(ContactInteractionsState.get_full_name().split(".")[1:])
    state.router = RouterData(
        session=SessionData(client_token="tab-glance"),
        _page=PageData(params={"contact_no": contact_no}),
        headers=HeaderData(cookie=f"{downloads.COOKIE}={token}"),
    )
    state.lang = lang
    return state


async def test_a_company_card_in_french_lists_its_persons_entries(card):
    state = _state(card["token"], card["company"], "fr")
    await ContactInteractionsState.load.fn(state)
    assert state.loaded
    assert state.is_company
    assert state.stats["no_of_interactions"] == "1"
    assert state.stats["cost"] == "1\u202f234,50"
    assert state.stats["date_of_last_interaction"] == dt.date.today().strftime("%d/%m/%Y")
    assert [row["contact_name"] for row in state.latest] == ["Anne O'Neil"]
    assert state.chart_total == 1
    assert state.months[-1]["none"] == 1


async def test_the_card_opens_its_entries_documents_and_no_other(card, monkeypatch, tmp_path):
    monkeypatch.setenv("SEGAPP_DOWNLOAD_DIR", str(tmp_path))
    links = []
    create = downloads.create

    def recording(*args):
        links.append(create(*args))
        return links[-1]

    monkeypatch.setattr(downloads, "create", recording)
    state = _state(card["token"], card["company"], "en")
    await ContactInteractionsState.load.fn(state)
    result = await ContactInteractionsState.open_document.fn(state, str(card["mine"]))
    assert state.refusal == ""
    assert len(links) == 1
    assert links[0].url_path in str(result)
    assert links[0].path.read_bytes() == factories.letter_bytes()
    await ContactInteractionsState.open_document.fn(state, str(card["other"]))
    assert f"{card['other']}" in state.refusal
    await ContactInteractionsState.open_document.fn(state, "1 OR 1=1")
    assert state.refusal


async def test_an_unknown_contact_shows_nothing(card):
    state = _state(card["token"], "NOSUCH", "en")
    await ContactInteractionsState.load.fn(state)
    assert not state.loaded
    assert state.latest == []
    assert state.stats == {}

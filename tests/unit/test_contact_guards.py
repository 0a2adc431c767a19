"""Contacts on open segments are protected (bc-reference.md section 2.6), and typed contact
references resolve to one contact or are refused with the reason."""

import pytest

from segapp.services.contacts import contact_card, contacts
from segapp.services.core.errors import UserError
from tests import factories as f


def test_a_contact_on_an_open_segment_cannot_be_deleted_or_change_company(session):
    acme = f.company(session, "Acme")
    other = f.company(session, "Other")
    ann = f.person(session, "Ann Lee", acme)
    free = f.person(session, "Bob Free", acme)
    header = f.segment(session, "SEG00042")
    f.line(session, header, ann, 10000)
    session.commit()

    with pytest.raises(UserError) as err:
        contact_card.check_contact_deletable(session, ann)
    assert err.value.key == "error.contact.delete_on_segment"
    assert err.value.params["segment"] == "SEG00042"
    with pytest.raises(UserError) as err:
        contact_card.check_company_change_allowed(session, ann, other.id)
    assert err.value.key == "error.contact.company_change_on_segment"

    contact_card.check_company_change_allowed(session, ann, acme.id)
    contact_card.check_contact_deletable(session, free)
    contact_card.check_company_change_allowed(session, free, other.id)


def test_typed_references_resolve_to_exactly_one_contact(session):
    f.company(session, "Acme Trading")
    f.company(session, "Acme Tools")
    bolt = f.company(session, "Bolt & Nut")
    session.commit()
    assert contacts.resolve(session, bolt.no.lower()) == bolt.no
    assert contacts.resolve(session, "bolt") == bolt.no
    for text, key in (("acme", "error.contact_ambiguous"), ("zzz", "error.contact_unknown")):
        with pytest.raises(UserError) as err:
            contacts.resolve(session, text)
        assert err.value.key == key
    with pytest.raises(UserError) as err:
        contacts.resolve(session, "   ")
    assert err.value.key == "error.contact_required"


def test_search_treats_wildcards_and_quotes_as_plain_text(session):
    f.company(session, "100% Natural")
    f.company(session, "O'Brien Ltd")
    f.company(session, "Plain")
    session.commit()
    assert [r[1] for r in contacts.search(session, "100%")] == ["100% Natural"]
    assert [r[1] for r in contacts.search(session, "o'b")] == ["O'Brien Ltd"]
    assert [r[1] for r in contacts.search(session, "%")] == ["100% Natural"]
    assert contacts.search(session, "_") == []

"""Lookups of the Add / Reduce / Refine filters (reference 6.1: filters on codes; a lookup
lists the codes with their descriptions and picking several builds A|B)."""

from segapp.models import MailingGroup
from segapp.services.selection import filters, lookups
from segapp.services.selection.selection import TABLES
from segapp.state.base import toggled


def test_every_code_and_option_filter_has_a_lookup():
    codes = [
        name
        for spec in TABLES.values()
        for name, ftype in spec.fields.items()
        if ftype.kind in ("code", "enum")
    ]
    assert codes
    assert [name for name in codes if not lookups.has_lookup(name)] == []


def test_lookup_searches_code_and_description_and_says_when_more_exist(session):
    session.add_all(
        [
            MailingGroup(code="GIFT", description="Christmas gift recipients"),
            MailingGroup(code="NEWS", description="Newsletter subscribers"),
            MailingGroup(code="XMAS", description="Season's greetings"),
        ]
    )
    session.flush()
    rows, more = lookups.lookup(session, "mailing_group_code")
    assert rows == [
        ("GIFT", "Christmas gift recipients"),
        ("NEWS", "Newsletter subscribers"),
        ("XMAS", "Season's greetings"),
    ]
    assert not more
    assert lookups.lookup(session, "mailing_group_code", "letter")[0] == [
        ("NEWS", "Newsletter subscribers")
    ]
    assert lookups.lookup(session, "mailing_group_code", "xm")[0] == [
        ("XMAS", "Season's greetings")
    ]
    assert lookups.lookup(session, "mailing_group_code", "100%")[0] == []
    rows, more = lookups.lookup(session, "mailing_group_code", limit=2)
    assert len(rows) == 2
    assert more


def test_option_fields_list_their_options_with_captions_in_the_users_language(session):
    assert lookups.lookup(session, "type", lang="en") == (
        [("company", "Company"), ("person", "Person")],
        False,
    )
    assert lookups.lookup(session, "type", lang="fr")[0] == [
        ("company", "Société"),
        ("person", "Personne"),
    ]
    rows, _ = lookups.lookup(session, "evaluation", "posit", lang="fr")
    assert rows == [("very_positive", "Très positive"), ("positive", "Positive")]
    # what picking builds is a filter the grammar accepts
    spec = TABLES["interaction_log_entry"].fields["evaluation"]
    text = lookups.join_codes([code for code, _ in rows])
    filters.compile_filter(MailingGroup.code, spec, text, "evaluation")


def test_logged_segment_entry_lookup_lists_entries_in_number_order(session):
    import datetime as dt

    from segapp.models import LoggedSegment

    session.add_all(
        LoggedSegment(
            segment_no=f"SEG{n:05}", description=f"Wave {n}", creation_date=dt.date.today()
        )
        for n in range(1, 12)
    )
    session.flush()
    rows, _ = lookups.lookup(session, "logged_segment_entry_no")
    assert [int(code) for code, _ in rows] == sorted(int(code) for code, _ in rows)
    assert len(rows) == 11
    assert lookups.lookup(session, "logged_segment_entry_no", "10")[0][0][0] == "10"


def test_picked_codes_build_a_filter_that_matches_each_code():
    text = lookups.join_codes(["GIFT", "NEWS", "A B", "O'K", "1..2"])
    assert text == "GIFT|NEWS|'A B'|'O''K'|'1..2'"
    assert lookups.picked_codes(text) == ["GIFT", "NEWS", "A B", "O'K", "1..2"]
    assert lookups.picked_codes("A..C") == []
    spec = TABLES["contact_mailing_group"].fields["mailing_group_code"]
    # the grammar accepts what the lookup builds
    filters.compile_filter(MailingGroup.code, spec, text, "mailing_group_code")


def test_chosen_columns_keep_the_table_order():
    allowed = ("a", "b", "c")
    assert toggled(",c,", "a", True, allowed) == ",a,c,"
    assert toggled(",a,c,", "c", False, allowed) == ",a,"
    assert toggled(",a,", "zzz", True, allowed) == ",a,"

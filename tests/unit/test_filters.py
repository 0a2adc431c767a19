"""The filter grammar users type (bc-reference.md sections 6.1 and 12)."""

import pytest
from sqlmodel import select

from segapp.models import Contact
from segapp.services.core.errors import UserError
from segapp.services.selection.filters import CODE, DATE, TEXT, FieldType, compile_filter
from tests import factories as f


@pytest.fixture
def people(session):
    for name, city, post in [
        ("Alpha Ltd", "London", "E1"),
        ("Bravo SA", "Paris", "75001"),
        ("Charlie GmbH", "Berlin", "10115"),
        ("Delta & Co", "", ""),
        ("O'Hara's", "Cork", "T12"),
        ("100% Bio", "Lyon", "69001"),
        ("Éclair Café", "Paris", "75002"),
    ]:
        f.company(session, name, city=city, post_code=post)
    session.commit()
    return session


def names(session, column, ftype, text):
    condition = compile_filter(column, ftype, text)
    return sorted(session.exec(select(Contact.name).where(condition)).all())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PARIS", ["Paris", "Paris"]),
        ("paris|london", ["London", "Paris", "Paris"]),
        ("B*", ["Berlin"]),
        ("*r*", ["Berlin", "Cork", "Paris", "Paris"]),
        ("<>Paris&<>''", ["Berlin", "Cork", "London", "Lyon"]),
        ("''", [""]),
        ("C..M", ["Cork", "London", "Lyon"]),
        ("..Cork", ["Berlin", "Cork", ""]),
        ("P..", ["Paris", "Paris"]),
        ("L?ndon", ["London"]),
    ],
)
def test_text_filters(people, text, expected):
    condition = compile_filter(Contact.city, TEXT, text)
    found = sorted(people.exec(select(Contact.city).where(condition)).all())
    assert found == sorted(expected)


def test_quoted_values_and_wildcard_characters_are_plain_text(people):
    assert names(people, Contact.name, TEXT, "'O''Hara''s'") == ["O'Hara's"]
    assert names(people, Contact.name, TEXT, "100%*") == ["100% Bio"]
    assert names(people, Contact.name, TEXT, "'Delta & Co'") == ["Delta & Co"]
    assert names(people, Contact.name, TEXT, "éclair*") == ["Éclair Café"]


def test_code_filters_compare_in_upper_case(people):
    assert names(people, Contact.post_code, CODE, "e1|t12") == ["Alpha Ltd", "O'Hara's"]
    assert names(people, Contact.post_code, CODE, "75001..75999") == ["Bravo SA", "Éclair Café"]


@pytest.mark.parametrize(
    "hostile",
    [
        "x' OR '1'='1",
        '" OR 1=1 --',
        "1; DELETE FROM contact",
        "\U0001d518\U0001d52b\u2603 \u00e9\u6f22\u5b57",
        "%'' --",
    ],
)
def test_hostile_values_are_plain_values(people, hostile):
    assert names(people, Contact.name, TEXT, hostile) == []
    assert len(people.exec(select(Contact)).all()) == 7


@pytest.mark.parametrize(
    "hostile", ["'; DROP TABLE contact; --", "Robert'); DELETE FROM contact;--"]
)
def test_hostile_values_with_a_stray_quote_are_refused(people, hostile):
    with pytest.raises(UserError) as err:
        names(people, Contact.name, TEXT, hostile)
    assert err.value.params["reason"] == "filter.unbalanced_quote"
    assert len(people.exec(select(Contact)).all()) == 7


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("A||B", "filter.empty_term"),
        ("'open", "filter.unbalanced_quote"),
        ("A..B..C", "filter.double_range"),
        ("<", "filter.missing_value"),
        ("..", "filter.empty_term"),
        ("a\x00b", "filter.invalid_character"),
    ],
)
def test_malformed_filters_say_what_is_wrong(text, reason):
    with pytest.raises(UserError) as err:
        compile_filter(Contact.name, TEXT, text)
    assert err.value.key == "error.filter_invalid"
    assert err.value.params["reason"] == reason


def test_overlong_filters_are_refused():
    with pytest.raises(UserError) as err:
        compile_filter(Contact.name, TEXT, "A" * 10_000)
    assert err.value.key == "error.filter_too_long"
    with pytest.raises(UserError) as err:
        compile_filter(Contact.name, TEXT, "|".join(["A"] * 101))
    assert err.value.params["reason"] == "filter.too_many_terms"


def test_typed_values_are_checked():
    with pytest.raises(UserError) as err:
        compile_filter(Contact.created_at, DATE, "2026-13-01")
    assert err.value.params["reason"] == "filter.not_a_date"
    with pytest.raises(UserError) as err:
        compile_filter(Contact.type, FieldType("enum", ("company", "person")), "robot")
    assert err.value.params["reason"] == "filter.not_an_option"

"""Number series (bc-reference.md sections 2.1 and 10; section 12a scenario 1)."""

import pytest

from segapp.models import NoSeries
from segapp.services.core.errors import UserError
from segapp.services.core.numbering import increment, next_no


def test_increment_keeps_the_width_of_the_number():
    assert increment("SEG00009") == "SEG00010"
    assert increment("A-099-X") == "A-100-X"
    assert increment("CT000001", by=10) == "CT000011"


def test_a_number_without_digits_cannot_be_increased():
    with pytest.raises(UserError) as err:
        increment("SEG")
    assert err.value.key == "error.no_series_no_digits"


def test_first_number_is_the_starting_number_then_it_counts_up(session):
    session.add(NoSeries(code="SEG", starting_no="SEG00001", ending_no="SEG99999"))
    session.commit()
    assert next_no(session, "SEG") == "SEG00001"
    assert next_no(session, "SEG") == "SEG00002"
    session.commit()
    assert session.get(NoSeries, "SEG").last_no_used == "SEG00002"


def test_without_a_series_there_is_no_number(session):
    """Scenario 1: without a series and without a manual No. -> error."""
    with pytest.raises(UserError) as err:
        next_no(session, None)
    assert err.value.key == "error.no_series_missing"
    with pytest.raises(UserError) as err:
        next_no(session, "NOPE")
    assert err.value.key == "error.no_series_unknown"


def test_an_exhausted_series_is_refused(session):
    session.add(NoSeries(code="S", starting_no="S1", ending_no="S9", last_no_used="S9"))
    session.commit()
    with pytest.raises(UserError) as err:
        next_no(session, "S")
    assert err.value.key == "error.no_series_exhausted"

"""The domain's small parsers and rules."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core.keys import passphrase_strength
from journal.core.model import Birthday, Circle, Facet, FacetKind, Person


def test_birthday_without_year_round_trips_the_vcard_form():
    assert Birthday.parse("--03-10") == Birthday(3, 10)
    assert Birthday.parse("1990-03-10") == Birthday(3, 10, 1990)
    assert Birthday(3, 10).iso() == "--03-10"


def test_leap_day_birthday_falls_on_28_february_in_other_years():
    assert Birthday(2, 29).next_after(date(2027, 1, 1)) == date(2027, 2, 28)
    assert Birthday(2, 29).next_after(date(2028, 1, 1)) == date(2028, 2, 29)
    assert Birthday(12, 31).next_after(date(2026, 12, 31)) == date(2026, 12, 31)
    assert Birthday(1, 1).next_after(date(2026, 12, 31)) == date(2027, 1, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_birthday_parse_round_trips_any_date(day, with_year):
    birthday = Birthday(day.month, day.day, day.year if with_year else None)
    assert Birthday.parse(birthday.iso()) == birthday


@given(st.text(max_size=20))
def test_birthday_parse_only_raises_value_error(text):
    with contextlib.suppress(ValueError):
        Birthday.parse(text)


def test_invalid_birthday_is_refused():
    with pytest.raises(ValueError):
        Birthday(2, 30)


def test_family_and_life_events_are_private_until_marked_fine_to_mention():
    assert Facet(FacetKind.FAMILY, "a son, Leo").mention_ok is False
    assert Facet(FacetKind.LIFE_EVENT, "divorce").mention_ok is False
    assert Facet(FacetKind.HOBBY, "chess").mention_ok is True
    assert Facet(FacetKind.FAMILY, "a son, Leo", mention_ok=True).mention_ok is True


def test_cadence_comes_from_circle_unless_overridden_and_none_when_dormant_or_archived():
    assert Person(name="A", circle=Circle.NETWORK).effective_cadence() == 60
    assert Person(name="A", circle=Circle.INNER).effective_cadence() == 14
    assert Person(name="A", cadence_days=45).effective_cadence() == 45
    assert Person(name="A", circle=Circle.DORMANT, cadence_days=45).effective_cadence() is None
    assert Person(name="A", archived=True).effective_cadence() is None


def test_passphrase_strength_prefers_long_passphrases():
    assert passphrase_strength("")[0] == 0
    assert passphrase_strength("abc")[0] <= 1
    assert passphrase_strength("correct horse battery staple")[0] >= 3

"""Facts with a life, as the user reads them: nothing over is asked about as going on,
old news is "what came of", life events before hobbies, the hook changes from one
suggestion to the next, pronouns, and a topic named once per sentence."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core.model import Facet, FacetKind, FactStatus
from journal.core.phrasing import (
    Profile,
    Situation,
    Why,
    compose,
    entry_topic,
    pronouns_from,
)

DAY = date(2026, 11, 24)
SHOP = Facet(FacetKind.WORKING_ON, "the shop's opening", noted_on=date(2026, 10, 1), id="shop")
HOBBY = Facet(FacetKind.HOBBY, "trail running", shared=True, id="hobby")


def words(profile: Profile, *, kind: str = "cadence", day: date = DAY):
    return compose(profile, Situation(day=day, whys=(Why(kind, DAY - timedelta(days=70)),)))


def sam(*facets: Facet, **extra: object) -> Profile:
    return Profile(person_id="sam", name="Sam Okafor", first_name="Sam", facets=facets, **extra)


def test_a_fresh_project_is_asked_about_as_news():
    action = words(sam(SHOP)).action
    assert "the shop's opening" in action and "going" in action


def test_a_finished_project_is_congratulated_never_asked_about():
    done = replace(SHOP, status=FactStatus.DONE, status_changed_on=date(2026, 11, 10))
    wording = words(sam(done, HOBBY))
    assert "ongratulate" in wording.action and "the shop's opening" in wording.action
    assert "going" not in wording.action
    assert wording.hook == "shop"


def test_a_cancelled_project_is_never_the_hook():
    cancelled = replace(SHOP, status=FactStatus.CANCELLED, status_changed_on=date(2026, 11, 1))
    wording = words(sam(cancelled, HOBBY))
    assert "shop" not in wording.action
    assert "trail running" in wording.action


def test_an_old_project_is_what_came_of_not_how_it_is_going():
    old = replace(SHOP, noted_on=date(2025, 12, 1))
    action = words(sam(old)).action
    assert "what came of the shop's opening" in action
    assert "going" not in action


def test_confirming_makes_an_old_project_news_again():
    confirmed = replace(SHOP, noted_on=date(2025, 12, 1), confirmed_on=date(2026, 11, 1))
    assert "what came of" not in words(sam(confirmed)).action


def test_a_new_baby_outranks_a_shared_hobby_when_fine_to_mention():
    baby = Facet(
        FacetKind.LIFE_EVENT, "had a baby girl", mention_ok=True, noted_on=date(2026, 11, 1),
        id="baby",
    )  # fmt: skip
    assert "had a baby girl" in words(sam(HOBBY, baby)).action
    private = replace(baby, mention_ok=False)
    assert "baby" not in words(sam(HOBBY, private)).action


def test_the_same_fact_is_not_the_hook_twice_in_a_row_when_anything_else_is_known():
    first = words(sam(SHOP, HOBBY))
    assert first.hook == "shop"
    second = words(sam(SHOP, HOBBY, avoid=frozenset({"shop"})))
    assert second.hook == "hobby" and "trail running" in second.action
    # Nothing else known: the same fact is better than nothing.
    assert words(sam(SHOP, avoid=frozenset({"shop"}))).hook == "shop"


def test_the_latest_entry_is_the_hook_when_no_fact_is_current():
    entry = (date(2026, 11, 2), "Coffee. Talked about her pottery studio, and the kids.", "e1")
    wording = words(sam(latest_entry=entry))
    assert "last time" in wording.action.lower()
    assert "her pottery studio" in wording.action
    assert "kids" not in wording.action
    assert wording.hook == "e1"


@pytest.mark.parametrize(
    ("pronouns", "expected", "unexpected"),
    [
        ("she", "what she is working on", "they"),
        ("he/him", "what he is working on", "they"),
        ("", "what they are working on", "she"),
        ("xe/xem/xyr", "what xe is working on", "they"),
    ],
)
def test_pronouns_are_used_with_the_right_verb(pronouns, expected, unexpected):
    offer = Facet(FacetKind.COULD_OFFER, "an intro to my editor", id="offer")
    action = words(sam(offer, pronouns=pronouns)).action
    assert expected in action
    assert not re.search(rf"\b{unexpected}\b", action)


def test_pronouns_parse_the_way_people_type_them():
    assert pronouns_from("She/Her").object == "her"
    assert pronouns_from("they").plural
    assert pronouns_from("ze/hir/hir").possessive == "hir"
    assert pronouns_from("   ").subject == "they"


@given(
    topic=st.text(alphabet="abcdefghij klmno", min_size=3, max_size=30).filter(
        lambda t: t.strip() and len(t.strip()) > 2
    ),
    day=st.integers(0, 400),
)
def test_a_topic_is_never_named_twice_in_one_sentence(topic, day):
    # "zq" makes the topic a phrase no template word contains ("and", "ask", "how" are
    # topics the alphabet can spell), so a count of two is the topic named twice.
    topic = "zq" + topic.strip()
    facet = Facet(FacetKind.WORKING_ON, topic, noted_on=date(2026, 10, 1), id="t")
    for offset in range(0, 3):  # several phrasings (the choice hashes the day)
        action = words(sam(facet), day=DAY + timedelta(days=day + offset)).action
        for sentence in re.split(r"(?<=[.?!])\s", action):
            assert sentence.count(topic) <= 1, sentence


def test_no_capitalised_pronoun_mid_sentence():
    for p in ("", "she", "he"):
        for n in range(10):
            action = words(sam(HOBBY, pronouns=p), day=DAY + timedelta(days=n)).action
            assert not re.search(r"[a-z,;:] (They|She|He)\b", action), action


def test_entry_topic_reads_how_people_write():
    assert entry_topic("We talked about my new job and then left") == "your new job"
    assert entry_topic("Lunch at the market") is None
    assert entry_topic("she told me about the farmhouse in Alentejo, lovely") == (
        "the farmhouse in Alentejo"
    )


def test_a_project_asked_about_in_other_words_is_named_once():
    """'Follow up on a conference talk on accessibility ...: ask how the conference talk
    went' says it twice; whichever phrasing the day picks, the talk is named once."""
    facet = Facet(
        FacetKind.WORKING_ON,
        "a conference talk on accessibility",
        detail="how the conference talk went",
        noted_on=date(2026, 10, 12),
        id="t",
    )
    for offset in range(12):
        action = words(sam(facet), day=DAY + timedelta(days=offset)).action
        assert action.count("conference talk") == 1, action

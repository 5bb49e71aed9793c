"""What a suggestion says: the best hook in the issue's order, give before you ask, private
details only when fine to mention, a call after a long gap, stable wording."""

from __future__ import annotations

from datetime import date

from journal.core.model import (
    Birthday,
    Direction,
    Facet,
    FacetKind,
    LedgerItem,
    LedgerKind,
)
from journal.core.phrasing import (
    Profile,
    Promise,
    Situation,
    Why,
    compose,
    second_person,
    short_date,
)

DAY = date(2026, 11, 24)
PROJECT = Facet(
    FacetKind.WORKING_ON,
    "the bakery launch",
    detail="how the bakery launch went",
    noted_on=date(2026, 10, 3),
    id="project",
)
OFFER = Facet(FacetKind.COULD_OFFER, "an intro to my supplier contact", id="offer")
HOBBY = Facet(FacetKind.HOBBY, "trail running", shared=True, id="hobby")
FAMILY_OK = Facet(FacetKind.FAMILY, "a son, Leo", mention_ok=True, id="family")
FAMILY_PRIVATE = Facet(FacetKind.FAMILY, "a daughter, Maya", id="private")
PROMISE = Promise("p1", "Send Ana the sourdough article", date(2026, 10, 3), None)


def profile(*facets: Facet, promises=(), received=0, given=0, birthday=None) -> Profile:
    def items(direction, n):
        return tuple(
            LedgerItem(
                "ana",
                direction,
                LedgerKind.INTRODUCTION,
                occurred_on=date(2026, 6, 1),
                id=f"{direction}{i}",
            )
            for i in range(n)
        )

    return Profile(
        person_id="ana",
        name="Ana Lima",
        first_name="Ana",
        birthday=birthday,
        facets=facets,
        promises=tuple(promises),
        received=items(Direction.RECEIVED, received),
        given=items(Direction.GIVEN, given),
    )


def cadence(day: date = DAY, **kw) -> Situation:
    return Situation(
        day=day, whys=(Why("cadence", date(2026, 9, 17)),), base=date(2026, 9, 17), cadence=60, **kw
    )


def test_a_promise_to_keep_is_the_strongest_hook():
    wording = compose(profile(PROJECT, OFFER, promises=[PROMISE]), cadence())
    assert "sourdough article" in wording.action and "3 Oct" in wording.action
    assert wording.reason == "Last in touch 68 days ago; you aim for every 60 days."
    assert [f.kind for f in wording.facts] == ["promise", "last_contact"]


def test_then_their_latest_project_with_something_to_offer():
    wording = compose(profile(PROJECT, OFFER, HOBBY), cadence())
    # The user's own question, with the topic named once per sentence (issue 13).
    assert "how the bakery launch went" in wording.action or (
        "the bakery launch" in wording.action and "how it went" in wording.action
    )
    assert "3 Oct" in wording.action
    assert "whether an intro to your supplier contact would help" in wording.action
    assert {f.source_id for f in wording.facts} >= {"project", "offer"}


def test_then_a_date_then_something_shared_then_family_then_an_offer_then_an_open_question():
    soon = compose(profile(HOBBY, birthday=Birthday(12, 4)), cadence())
    assert "birthday" in soon.action and "4 Dec" in soon.action
    shared = compose(profile(HOBBY, FAMILY_OK, OFFER), cadence())
    assert "trail running" in shared.action
    family = compose(profile(FAMILY_OK, OFFER), cadence())
    assert "a son, Leo" in family.action
    offer = compose(profile(OFFER), cadence())
    assert offer.action.startswith("Offer Ana an intro to your supplier contact")
    plain = compose(profile(), cadence())
    assert plain.action.startswith("Check in with Ana")
    assert "help" in plain.action


def test_family_details_only_when_marked_fine_to_mention():
    wording = compose(profile(FAMILY_PRIVATE), cadence())
    assert "Maya" not in wording.action + wording.reason
    assert all(f.source_id != "private" for f in wording.facts)


def test_give_first_when_the_ledger_leans_the_other_way():
    wording = compose(profile(PROJECT, OFFER, received=2, given=0), cadence())
    assert wording.give_first == (
        "This year Ana gave you two introductions, and you gave "
        "nothing back yet: lead with something for Ana."
    )
    lead, then = wording.action.split(" Then ", 1)
    assert "an intro to your supplier contact" in lead
    assert then.startswith("ask") or then.startswith("Ana") or then.startswith("follow")
    assert "would help" not in then  # the offer leads; it is not repeated as a question
    assert " ask for " not in wording.action.lower()
    balanced = compose(profile(PROJECT, OFFER, received=1, given=1), cadence())
    assert balanced.give_first is None


def test_give_first_without_anything_noted_to_offer():
    wording = compose(profile(received=1), cadence())
    assert wording.action.startswith("Give first: think of something you can do for Ana.")


def test_a_long_gap_calls_for_a_call():
    wording = compose(profile(PROJECT), cadence(prefer_call=True))
    assert "call" in wording.action.lower()
    assert wording.reason.endswith("After a gap this long, a call beats a message.")


def test_the_same_suggestion_reads_the_same_all_day_and_varies_across_days():
    first = compose(profile(PROJECT, OFFER), cadence())
    assert compose(profile(PROJECT, OFFER), cadence()) == first
    days = [date(2026, 11, d) for d in range(1, 29)]
    actions = {compose(profile(PROJECT, OFFER), cadence(day=d)).action.split("(")[0] for d in days}
    assert len(actions) >= 2


def test_birthday_and_promise_due_together():
    situation = Situation(
        day=DAY,
        whys=(Why("follow_up", DAY, "p1", capped=False), Why("birthday", DAY, "ana", capped=False)),
        base=date(2026, 11, 1),
        cadence=60,
    )
    wording = compose(profile(promises=[PROMISE], birthday=Birthday(11, 24)), situation)
    assert "sourdough article" in wording.action
    assert "birthday today" in wording.action
    assert wording.reason == "You promised it on 3 Oct, for today. Birthday today."


def test_notes_to_self_are_addressed_to_the_user():
    assert second_person("an intro to my supplier contact") == "an intro to your supplier contact"
    assert second_person("the notes I took") == "the notes you took"
    assert second_person("Mylar samples") == "Mylar samples"


def test_dates_read_short_with_a_year_only_when_needed():
    assert short_date(date(2026, 10, 3), DAY) == "3 Oct"
    assert short_date(date(2025, 3, 3), DAY) == "3 Mar 2025"
    assert short_date(date(2025, 12, 30), date(2026, 1, 2)) == "30 Dec"


def test_keeping_a_promise_is_the_way_to_give_first():
    wording = compose(profile(PROJECT, OFFER, promises=[PROMISE], received=2), cadence())
    assert "sourdough article" in wording.action
    assert "Then" not in wording.action
    assert wording.give_first is not None


def test_gaps_read_in_days_months_then_years():
    from journal.core.phrasing import ago

    assert [ago(n) for n in (1, 68, 150, 540, 800)] == [
        "yesterday",
        "68 days ago",
        "about 5 months ago",
        "about a year ago",
        "about two years ago",
    ]

"""Who should meet? Pairs whose needs and offers match, and what making one records."""

from __future__ import annotations

from datetime import date

from journal.core import introductions
from journal.core.model import Circle, Direction, Facet, FacetKind, LedgerKind, Person


def _person(journal, name, *, needs=(), helps=(), role="", circle=Circle.NETWORK):
    facets = [Facet(kind=FacetKind.WORKING_ON, text=t, noted_on=date(2026, 11, 1)) for t in needs]
    facets += [Facet(kind=FacetKind.CAN_HELP_WITH, text=t) for t in helps]
    person = Person(name=name, circle=circle, role=role, facets=facets)
    journal.add_person(person)
    return person.id


def test_a_need_and_a_matching_offer_make_an_introduction_in_words(journal):
    kwame = _person(journal, "Kwame Asante", needs=["opening a café in Porto"])
    leila = _person(journal, "Leila Aziz", helps=["roasting coffee for cafés"])
    _person(journal, "Tom Reed", helps=["tax returns"])
    found = introductions.candidates(journal)
    assert [(i.need_person_id, i.offer_person_id) for i in found] == [(kwame, leila)]
    assert found[0].sentence == (
        "Introduce Kwame to Leila: Kwame is working on opening a café in Porto, "
        "and Leila can help: roasting coffee for cafés."
    )


def test_a_coincidence_of_one_word_is_not_an_introduction(journal):
    _person(journal, "Arjun Nasser", needs=["writing a book on urban gardens"])
    _person(journal, "Jae Eze", helps=["grant writing"])
    assert introductions.candidates(journal) == []


def test_never_suggested_again_once_the_user_says_no(journal):
    kwame = _person(journal, "Kwame Asante", needs=["opening a café"])
    leila = _person(journal, "Leila Aziz", helps=["setting up a café"])
    assert introductions.candidates(journal)
    introductions.never_introduce(journal, leila, kwame)
    assert introductions.candidates(journal) == []


def test_an_introduction_made_is_a_give_to_both_and_a_link(journal):
    kwame = _person(journal, "Kwame Asante", needs=["opening a café"])
    leila = _person(journal, "Leila Aziz", helps=["setting up a café"])
    introductions.record_introduction(journal, kwame, leila)
    for me, other in ((kwame, "Leila Aziz"), (leila, "Kwame Asante")):
        (item,) = journal.ledger_for(me)
        assert item.direction is Direction.GIVEN and item.kind is LedgerKind.INTRODUCTION
        assert item.description == f"Introduced to {other}"
    # They know each other now: no longer a candidate.
    assert introductions.candidates(journal) == []


def test_the_deceased_and_stale_needs_are_left_out(journal):
    kwame = _person(journal, "Kwame Asante", needs=["opening a café"])
    leila = _person(journal, "Leila Aziz", helps=["setting up a café"])
    person = journal.person(leila)
    person.deceased_on = date(2026, 9, 1)
    journal.save_person(person)
    assert introductions.candidates(journal) == []
    person.deceased_on = None
    journal.save_person(person)
    assert introductions.candidates(journal)
    # A need nobody confirmed for a year is probably over.
    assert introductions.candidates(journal, on=date(2027, 12, 1)) == []
    assert kwame


def test_one_suggestion_a_week_stays_the_same_all_week(journal):
    _person(journal, "Kwame Asante", needs=["opening a café"])
    _person(journal, "Leila Aziz", helps=["setting up a café"])
    _person(journal, "Mina Park", needs=["raising a seed round"])
    _person(journal, "Fatima Haddad", helps=["intros to seed investors"])
    week = [introductions.of_the_week(journal, date(2026, 11, d)) for d in range(23, 30)]
    assert week[0] is not None
    assert all(w == week[0] for w in week)

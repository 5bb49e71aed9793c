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
        "and Leila could help (roasting coffee for cafés)."
    )


def test_a_need_typed_as_a_title_reads_in_lower_case_inside_the_sentence(journal):
    """ "Kwame is working on The grant application" (issue 14's brief screenshot)."""
    _person(journal, "Kwame Asante", needs=["The grant application"])
    _person(journal, "Rosa Lima", helps=["grant writing"])
    (found,) = introductions.candidates(journal)
    assert "Kwame is working on the grant application," in found.sentence


def test_an_offer_known_only_by_a_role_still_reads_as_a_sentence(journal):
    _person(journal, "Kwame Asante", needs=["opening a café in Porto"])
    _person(journal, "Marta Rossi", role="café owner")
    (found,) = introductions.candidates(journal)
    assert found.sentence == (
        "Introduce Kwame to Marta: Kwame is working on opening a café in Porto, "
        "and Marta could help (café owner)."
    )


def test_a_coincidence_of_one_word_is_not_an_introduction(journal):
    _person(journal, "Arjun Nasser", needs=["writing a book on urban gardens"])
    _person(journal, "Jae Eze", helps=["grant writing"])
    assert introductions.candidates(journal) == []


def test_only_what_someone_offers_makes_them_the_one_to_meet(journal):
    """A hobby, a workplace or a note about cafés is not an offer to help open one; a
    background in running one is, and it is what the sentence gives as the reason."""
    kwame = _person(journal, "Kwame Asante", needs=["opening a café in Porto"])
    journal.add_person(
        Person(
            name="Ines Duarte",
            organisation="Café Porto",
            notes="Knows every café in Porto.",
            facets=[Facet(kind=FacetKind.HOBBY, text="Porto cafés")],
        )
    )
    assert introductions.candidates(journal) == []
    rui = Person(
        name="Rui Costa",
        facets=[Facet(kind=FacetKind.BACKGROUND, text="ran a café in Porto for ten years")],
    )
    journal.add_person(rui)
    (found,) = introductions.candidates(journal)
    assert (found.need_person_id, found.offer_person_id) == (kwame, rui.id)
    assert found.sentence.endswith("and Rui could help (ran a café in Porto for ten years).")


def test_a_rare_offer_weighs_more_among_more_people(journal):
    """How rare a word is, is measured among everyone in the journal, not only among
    those whose offers hold it: the same pair scores higher beside forty people who
    offer other things, as it does in "who could help?"."""
    _cafe_pair(journal)
    (alone,) = introductions.candidates(journal)
    for n in range(40):
        _person(journal, f"Tax Adviser {n}", helps=["tax returns"])
    (among_many,) = introductions.candidates(journal)
    assert among_many.offer_person == alone.offer_person == "Leila Aziz"
    assert among_many.score > alone.score


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


# -- the week's suggestion on Today (through the engine) ----------------------------------


def _cafe_pair(journal):
    kwame = _person(journal, "Kwame Asante", needs=["opening a café"])
    leila = _person(journal, "Leila Aziz", helps=["setting up a café"])
    return kwame, leila


def test_today_carries_the_week_s_introduction_beside_the_check_ins(journal):
    from journal.core import engine

    kwame, leila = _cafe_pair(journal)
    intro = engine.introduction(journal, date(2026, 11, 24))
    assert intro is not None
    assert (intro.need_person_id, intro.offer_person_id) == (kwame, leila)
    assert intro.sentence.startswith("Introduce Kwame to Leila: ")
    # It is not a check-in: the day's list (and so its notifications) has no such kind.
    assert all(s.kind != "introduction" for s in engine.today(journal, date(2026, 11, 24)))


def test_answering_the_week_s_introduction_leaves_no_other_that_week(journal):
    from journal.core import engine

    _cafe_pair(journal)
    mina = _person(journal, "Mina Park", needs=["raising a seed round"])
    fatima = _person(journal, "Fatima Haddad", helps=["intros to seed investors"])
    intro = engine.introduction(journal, date(2026, 11, 24))
    assert intro is not None
    introductions.answer_week(journal, intro, "dismiss", on=date(2026, 11, 24))
    # Another pair would match, but one suggestion a week is the rule.
    assert all(engine.introduction(journal, date(2026, 11, d)) is None for d in range(24, 30))
    # Next Monday the same pair may come back (only put away for the week).
    again = engine.introduction(journal, date(2026, 11, 30))
    assert again is not None and {again.need_person_id, again.offer_person_id} in (
        {intro.need_person_id, intro.offer_person_id},
        {mina, fatima},
    )


def test_introduced_from_today_is_a_give_a_link_and_settles_the_week(journal):
    kwame, leila = _cafe_pair(journal)
    intro = introductions.for_today(journal, date(2026, 11, 24))
    introductions.answer_week(journal, intro, "introduced", on=date(2026, 11, 24))
    assert [i.kind for i in journal.ledger_for(kwame)] == [LedgerKind.INTRODUCTION]
    assert [i.kind for i in journal.ledger_for(leila)] == [LedgerKind.INTRODUCTION]
    assert introductions.for_today(journal, date(2026, 11, 25)) is None
    # Linked now, so not suggested in later weeks either.
    assert introductions.for_today(journal, date(2026, 12, 1)) is None


def test_not_these_two_keeps_them_apart_in_later_weeks(journal):
    _cafe_pair(journal)
    intro = introductions.for_today(journal, date(2026, 11, 24))
    introductions.answer_week(journal, intro, "never", on=date(2026, 11, 24))
    assert introductions.for_today(journal, date(2026, 12, 1)) is None
    assert introductions.candidates(journal) == []


def test_someone_muted_is_not_brought_up_to_meet(journal):
    from journal.core import engine

    kwame, _leila = _cafe_pair(journal)
    engine.set_muted(journal, kwame, True)
    assert introductions.for_today(journal, date(2026, 11, 24)) is None
    engine.set_muted(journal, kwame, False)
    assert introductions.for_today(journal, date(2026, 11, 24)) is not None


def test_the_week_s_pairs_are_kept_so_today_does_not_match_everyone_again(journal, monkeypatch):
    """Matching every need against every offer takes seconds on a large journal: it is
    done once a week, and what changed since (a pair refused) is still honoured."""
    kwame, leila = _cafe_pair(journal)
    mina = _person(journal, "Mina Park", needs=["raising a seed round"])
    fatima = _person(journal, "Fatima Haddad", helps=["intros to seed investors"])
    first = introductions.for_today(journal, date(2026, 11, 24))
    assert first is not None

    def no_matching(*_args, **_kwargs):
        raise AssertionError("matched again within the week")

    monkeypatch.setattr(introductions, "candidates", no_matching)
    again = introductions.for_today(journal, date(2026, 11, 26))
    assert again is not None and again.sentence == first.sentence
    assert (again.need_person_id, again.offer_person_id) == (
        first.need_person_id,
        first.offer_person_id,
    )
    introductions.never_introduce(journal, first.need_person_id, first.offer_person_id)
    other = introductions.for_today(journal, date(2026, 11, 26))
    assert other is not None and {other.need_person_id, other.offer_person_id} != {
        first.need_person_id,
        first.offer_person_id,
    }
    assert {kwame, leila, mina, fatima} >= {other.need_person_id, other.offer_person_id}


def test_the_week_s_matching_does_not_hold_the_question_index_all_week(journal):
    """Today computes the week's pair once; the index it needed (tens of MB at 10k
    people) is let go, and a question asked later still finds the right person."""
    from journal.core import ask

    _kwame, leila = _cafe_pair(journal)
    assert introductions.for_today(journal, date(2026, 11, 24)) is not None
    assert not ask.has_index(journal)
    answers = ask.ask(journal, "setting up a café")
    assert answers and answers[0].person_id == leila
    # A question box that built the index keeps it through the next week's matching.
    introductions.for_today(journal, date(2026, 12, 1))  # the next week's matching
    assert ask.has_index(journal)

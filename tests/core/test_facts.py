"""Facts with a life: added, confirmed, finished or cancelled, and promises kept as gives.

Everything that changes a fact goes through ``journal.core.facts``; these tests read the
result back through the journal, the way the person page and the engine see it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.core import facts
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import Direction, FacetKind, FactStatus, FollowUp, LedgerKind, Person


@pytest.fixture
def sam(journal):
    return journal.add_person(Person(name="Sam Okafor"))


def test_a_new_fact_is_ongoing_and_confirmed_the_day_it_was_learnt(journal, sam):
    fid = facts.add_fact(journal, sam.id, "working_on", "opening a bike shop", on=date(2026, 9, 1))
    [fact] = journal.person(sam.id).facets
    assert (fact.id, fact.kind, fact.text) == (fid, FacetKind.WORKING_ON, "opening a bike shop")
    assert fact.status is FactStatus.ONGOING
    assert fact.confirmed_on == date(2026, 9, 1) == fact.noted_on


def test_finishing_a_fact_dates_it_and_keeps_it(journal, sam):
    fid = facts.add_fact(journal, sam.id, FacetKind.WORKING_ON, "the shop", on=date(2026, 9, 1))
    facts.set_fact_status(journal, fid, "done", on=date(2026, 11, 2))
    fact = facts.fact(journal, fid)
    assert fact.status is FactStatus.DONE
    assert fact.status_changed_on == date(2026, 11, 2) == fact.confirmed_on
    # Saying it again does not move the day it changed.
    facts.set_fact_status(journal, fid, FactStatus.DONE, on=date(2026, 11, 20))
    assert facts.fact(journal, fid).status_changed_on == date(2026, 11, 2)


def test_confirming_never_moves_the_date_backwards(journal, sam):
    fid = facts.add_fact(journal, sam.id, "working_on", "a novel", on=date(2026, 9, 1))
    facts.confirm_fact(journal, fid, on=date(2026, 10, 1))
    facts.confirm_fact(journal, fid, on=date(2026, 9, 15))
    assert facts.fact(journal, fid).confirmed_on == date(2026, 10, 1)


def test_bad_kinds_statuses_and_ids_are_plain_errors(journal, sam):
    with pytest.raises(InvalidInput, match="not a kind of fact"):
        facts.add_fact(journal, sam.id, "gossip", "x", on=date(2026, 9, 1))
    with pytest.raises(InvalidInput, match="ongoing, done or cancelled"):
        facts.parse_status("finished")
    with pytest.raises(NotFound):
        facts.set_fact_status(journal, "nope", "done", on=date(2026, 9, 1))
    with pytest.raises(NotFound):
        facts.add_fact(journal, "nobody", "hobby", "chess", on=date(2026, 9, 1))
    assert facts.parse_kind("Working on") is FacetKind.WORKING_ON
    assert facts.parse_kind("life-event") is FacetKind.LIFE_EVENT


def test_keeping_a_promise_records_one_give_and_reopening_takes_it_back(journal, sam):
    promise = journal.add_follow_up(FollowUp("introduce her to my old landlord", person_id=sam.id))
    kept = facts.keep_promise(journal, promise.id, on=date(2026, 11, 20))
    assert journal.open_follow_ups(sam.id) == []
    [give] = journal.ledger_for(sam.id)
    assert (give.direction, give.kind, give.id) == (
        Direction.GIVEN,
        LedgerKind.INTRODUCTION,
        kept.ledger_id,
    )
    assert give.occurred_on == date(2026, 11, 20)
    again = facts.keep_promise(journal, promise.id, on=date(2026, 11, 21))
    assert again.already_done and len(journal.ledger_for(sam.id)) == 1
    journal.reopen_follow_up(promise.id)
    assert [f.id for f in journal.open_follow_ups(sam.id)] == [promise.id]
    assert journal.ledger_for(sam.id) == []
    assert journal.balance(sam.id).given == 0


def test_marking_a_follow_up_done_anywhere_is_keeping_it(journal, sam):
    promise = journal.add_follow_up(FollowUp("send the article", person_id=sam.id))
    journal.complete_follow_up(promise.id)
    assert journal.balance(sam.id).given == 1


def test_a_follow_up_for_nobody_is_just_done(journal):
    item = journal.add_follow_up(FollowUp("renew the passport"))
    kept = facts.keep_promise(journal, item.id, on=date(2026, 11, 20))
    assert kept.ledger_id is None and journal.open_follow_ups() == []


def test_pronouns_death_and_placement_round_trip(journal, sam):
    sam.pronouns = "she"
    sam.deceased_on = date(2026, 3, 4)
    journal.save_person(sam)
    again = journal.person(sam.id)
    assert (again.pronouns, again.deceased_on, again.placed) == ("she", date(2026, 3, 4), True)
    assert again.effective_cadence() is None


def test_imported_people_wait_unplaced_until_placed_or_met(journal):
    from datetime import datetime

    from journal.core.model import Circle, Entry

    a = journal.add_person(Person(name="Imported One", circle=Circle.ACQUAINTANCE, placed=False))
    b = journal.add_person(Person(name="Imported Two", circle=Circle.ACQUAINTANCE, placed=False))
    a.circle = Circle.CLOSE
    journal.save_person(a)
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 12), people=[b.id]))
    assert journal.person(a.id).placed and journal.person(b.id).placed


def test_the_dead_get_no_birthday_on_the_agenda_no_insights_and_no_check_ins(journal):
    from journal.core import agenda, engine
    from journal.core.insights import compute_insights
    from journal.core.model import Birthday, Circle
    from tests.support.people import add

    hans = add(journal, "Hans Meyer", last=400, circle=Circle.INNER, birthday=Birthday(11, 26))
    add(journal, "Ana Lima", last=400, circle=Circle.INNER, birthday=Birthday(11, 27))
    journal.save_person(_dead(journal, hans.id))
    assert [i.person_name for i in agenda.coming_up(journal)] == ["Ana Lima"]
    assert all(s.person_id != hans.id for s in engine.today(journal))
    assert all(s.person_id != hans.id for s in engine.upcoming(journal, 30))
    assert hans.id not in engine.due_person_ids(journal)
    text = str(compute_insights(journal))
    assert "Hans" not in text
    when, why = engine.next_check_in(journal, hans.id)
    assert when is None and why.startswith("Died on 1 Oct")
    from journal.core.interop.ics import export_ics

    calendar = export_ics(journal).decode()
    assert "Ana Lima's birthday" in calendar and "Hans" not in calendar


def _dead(journal, person_id):
    person = journal.person(person_id)
    person.deceased_on = date(2026, 10, 1)
    return person


def test_keeping_a_promise_makes_the_give_first_note_follow(journal):
    from journal.core import engine
    from journal.core.model import Direction, LedgerItem, LedgerKind
    from tests.support.people import add

    kofi = add(journal, "Kofi Mensah", last=70)
    journal.add_ledger_item(
        LedgerItem(kofi.id, Direction.RECEIVED, LedgerKind.INTRODUCTION, "met his investor")
    )
    promise = journal.add_follow_up(FollowUp("send him the deck", person_id=kofi.id))
    [before] = engine.today(journal)
    assert before.give_first and "nothing back yet" in before.give_first
    facts.keep_promise(journal, promise.id, on=journal.clock.today())
    [after] = engine.today(journal)
    assert after.give_first is None
    assert "send him the deck" not in after.action


@given(field=st.text(max_size=20), value=st.text(max_size=30))
def test_any_field_and_value_is_set_or_refused_with_a_sentence(field, value):
    from journal.core.person_fields import set_field

    person = Person(name="Ana Lima")
    try:
        set_field(person, field, value)
    except InvalidInput as exc:
        assert str(exc).endswith(".") and "Traceback" not in str(exc)
    assert person.name.strip()


@pytest.mark.parametrize(
    ("promise", "kind"),
    [
        # Introductions, in every way a promise says it.
        ("send Sam the supplier intro", LedgerKind.INTRODUCTION),
        ("introduce Sam to Ana", LedgerKind.INTRODUCTION),
        ("put Sam in touch with my old landlord", LedgerKind.INTRODUCTION),
        ("get her in touch with the recruiter", LedgerKind.INTRODUCTION),
        ("connect Sam with the kiln people", LedgerKind.INTRODUCTION),
        ("email an intro to Kwame", LedgerKind.INTRODUCTION),
        ("send Sam the architect's details", LedgerKind.INTRODUCTION),
        ("send the plumber's number", LedgerKind.INTRODUCTION),
        # Advice.
        ("review Sam's CV", LedgerKind.ADVICE),
        ("give feedback on the pitch deck", LedgerKind.ADVICE),
        ("look over her grant application", LedgerKind.ADVICE),
        # Favours: lending, sending what was asked for, doing something.
        ("lend Sam my copy of Thinking in Systems", LedgerKind.FAVOUR),
        ("send Sam the article on kiln costs", LedgerKind.FAVOUR),
        ("help with the move on Saturday", LedgerKind.FAVOUR),
        ("invite Sam to the gallery opening", LedgerKind.FAVOUR),
        # Gifts.
        ("bring Sam a bottle of the good olive oil", LedgerKind.GIFT),
        ("buy a present for the baby", LedgerKind.GIFT),
        ("send Sam a copy of Middlemarch", LedgerKind.GIFT),
    ],
)
def test_a_kept_promise_is_recorded_as_the_give_it_was(journal, sam, promise, kind):
    """What the person page's "Gives and receives" then says ("Gave: send Sam the supplier
    intro (introduction, ...)"), and what the reciprocity insight counts."""
    from journal.core import operations

    item = journal.add_follow_up(FollowUp(promise, person_id=sam.id))
    operations.keep_promise(journal, item.id, on=date(2026, 11, 20))
    [give] = journal.ledger_for(sam.id)
    assert (give.direction, give.kind, give.description) == (Direction.GIVEN, kind, promise)

"""Today's list is remembered between questions (the Today page, the tray and the due
filter ask many times a day), and never outlives what it was worked out from: a change
made here or by another process, a new day, or a change that was rolled back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal.core import engine
from journal.core.journal import Journal
from journal.core.model import Circle
from tests.conftest import TEST_PASSPHRASE
from tests.support.people import add, meet, names


def test_asking_again_gives_the_same_list(journal):
    add(journal, "Ada", last=70)
    add(journal, "Ben", last=80)
    first = engine.today(journal)
    again = engine.today(journal)
    assert [s.to_json() for s in again] == [s.to_json() for s in first]
    first.clear()  # what one caller does with its list is not what the next one gets
    assert names(engine.today(journal)) == ["Ben", "Ada"]


def test_a_contact_logged_by_another_process_is_seen_at_once(journal, clock):
    ada = add(journal, "Ada", last=70)
    add(journal, "Ben", last=80)
    assert names(engine.today(journal)) == ["Ben", "Ada"]
    assert ada.id in engine.due_person_ids(journal)
    other = Journal.open(journal.paths, TEST_PASSPHRASE, clock=clock)
    try:
        meet(other, ada.id, clock.today())  # `journal log` in a terminal
    finally:
        other.close()
    assert names(engine.today(journal)) == ["Ben"]
    assert ada.id not in engine.due_person_ids(journal)


def test_acting_on_a_suggestion_changes_the_next_list(journal):
    add(journal, "Ada", last=70)
    add(journal, "Ben", last=80)
    ben = engine.today(journal)[0]
    engine.act(journal, ben, "done")
    assert names(engine.today(journal)) == ["Ada"]
    ada = journal.person(engine.today(journal)[0].person_id)
    ada.circle = Circle.DORMANT  # edited on their page: no regular check-ins
    journal.save_person(ada)
    assert engine.today(journal) == []


def test_a_new_day_brings_its_own_list(journal, clock):
    add(journal, "Ada", last=30)  # the network's 60-day cadence: due in a few weeks
    assert engine.today(journal) == []
    clock.advance(days=40)
    assert names(engine.today(journal)) == ["Ada"]
    assert engine.today(journal, clock.today() - timedelta(days=40)) == []


def test_a_change_rolled_back_leaves_the_list_as_it_was(journal, clock):
    ada = add(journal, "Ada", last=70)
    add(journal, "Ben", last=80)
    assert names(engine.today(journal)) == ["Ben", "Ada"]
    with pytest.raises(RuntimeError), journal.transaction():
        meet(journal, ada.id, clock.today())
        assert names(engine.today(journal)) == ["Ben"]  # what the transaction sees
        raise RuntimeError("the save failed")
    assert names(engine.today(journal)) == ["Ben", "Ada"]

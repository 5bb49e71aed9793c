"""The operations the command line uses besides the app's: act on a person by name, and
undo of one kind only (``journal merge --undo``, ``journal bulk --undo``)."""

from __future__ import annotations

import pytest

from journal.core import bulk, engine, merge, operations
from journal.core.errors import NotFound
from journal.core.model import Circle
from tests.core.test_operations import content
from tests.support.people import add


def test_acting_on_a_person_is_one_step_undone_by_undo(journal):
    ana = add(journal, "Ana Lima", last=70)
    start = content(journal)
    change = operations.act_on_person(journal, ana.id, "done")
    assert change.label == "Check in with Ana Lima"
    assert change.done == "Checked in with Ana Lima."
    assert ana.id in change.ids("reminder")
    assert engine.today(journal) == []
    assert operations.undo(journal).label == "Undone: Check in with Ana Lima"
    assert content(journal) == start
    assert [s.person_id for s in engine.today(journal)] == [ana.id]


def test_undo_of_one_kind_passes_over_later_steps_and_keeps_them(journal):
    ana = add(journal, "Ana Lima", last=10)
    other = add(journal, "Ana  Lima", last=20)
    kofi = add(journal, "Kofi Mensah")
    start = content(journal)
    operations.merge(journal, merge.propose(journal, [ana.id, other.id]).plan)
    operations.bulk(journal, lambda: bulk.set_circle(journal, [kofi.id], Circle.CLOSE))
    operations.set_archived(journal, [kofi.id])

    undone = operations.undo(journal, group="merge")
    assert undone.done == "Undone: Merged 2 records into Ana Lima."
    assert {p.id for p in journal.people([ana.id, other.id])} == {ana.id, other.id}
    # The later steps stay, and stay undoable.
    assert journal.person(kofi.id).circle is Circle.CLOSE and journal.person(kofi.id).archived
    with pytest.raises(NotFound, match="There is no merge to undo"):
        operations.undo(journal, group="merge")
    assert operations.undo(journal, group="bulk").done == "Undone: Moved 1 person to Close."
    assert operations.undo_label(journal) == "Archive Kofi Mensah"
    operations.undo(journal)
    assert content(journal) == start
    with pytest.raises(NotFound, match="There is nothing to undo"):
        operations.undo(journal)

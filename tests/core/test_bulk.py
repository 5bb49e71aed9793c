"""Bulk edits: one transaction each, all or nothing, and an undo that puts back exactly."""

from __future__ import annotations

import pytest

from journal.core import bulk
from journal.core.errors import InvalidInput, NotFound
from journal.core.journal import Journal
from journal.core.model import Circle, NetworkKind, Person
from journal.core.people import PeopleQuery
from tests.core.test_merge import snapshot


@pytest.fixture
def crowd(journal: Journal) -> list[Person]:
    people = [
        Person(
            f"Person {i:02d}",
            circle=Circle.ACQUAINTANCE if i % 2 else Circle.NETWORK,
            cadence_days=90 if i % 3 == 0 else None,
            tags=["conference"] if i < 5 else [],
            network_kinds={NetworkKind.OPERATIONAL},
        )
        for i in range(50)
    ]
    journal.add_people(people)
    return people


def ids(people: list[Person]) -> list[str]:
    return [p.id for p in people]


def test_set_circle_for_fifty_people_and_undo(journal, crowd):
    before = snapshot(journal)
    heard: list[tuple[str, tuple[str, ...]]] = []
    journal.on_change(lambda kind, changed: heard.append((kind, tuple(changed))))

    change = bulk.set_circle(journal, ids(crowd), Circle.CLOSE)
    assert change.description == "Moved 50 people to Close"
    assert {r.circle for r in journal.query_people()} == {Circle.CLOSE}
    assert len(journal.query_people(PeopleQuery(circle=Circle.CLOSE))) == 50
    assert heard == [("person", tuple(ids(crowd)))]  # one notification: one transaction

    bulk.undo(journal, change)
    assert snapshot(journal) == before


def test_a_bulk_edit_that_fails_part_way_changes_nothing(journal, crowd):
    before = snapshot(journal)
    with journal.transaction() as conn:  # the 30th person's rows refuse to change
        for table, column in (("people", "id"), ("person_tags", "person_id")):
            conn.execute(
                f"CREATE TEMP TRIGGER refuse_{table} BEFORE {{}} ON {table} WHEN "
                f"NEW.{column} = '{crowd[30].id}' BEGIN SELECT RAISE(ABORT, 'boom'); "
                "END".format("UPDATE" if table == "people" else "INSERT")
            )
    with pytest.raises(Exception, match="boom"):
        bulk.set_circle(journal, ids(crowd), Circle.INNER)
    with pytest.raises(Exception, match="boom"):
        bulk.add_tags(journal, ids(crowd), ["hiking"])
    assert snapshot(journal) == before


def test_a_selection_with_someone_deleted_meanwhile_changes_nothing(journal, crowd):
    journal.delete_person(crowd[7].id)
    before = snapshot(journal)
    with pytest.raises(NotFound, match="1 person in the selection is no longer"):
        bulk.set_archived(journal, ids(crowd))
    assert snapshot(journal) == before


def test_cadence_tags_and_network_kinds(journal, crowd):
    before = snapshot(journal)
    cadence = bulk.set_cadence(journal, ids(crowd[:10]), 45)
    assert {p.cadence_days for p in journal.people(ids(crowd[:10]))} == {45}
    tagged = bulk.add_tags(journal, ids(crowd[:10]), ["book club", " climbing "])
    assert all({"book club", "climbing"} <= set(p.tags) for p in journal.people(ids(crowd[:10])))
    untagged = bulk.remove_tags(journal, ids(crowd), ["conference"])
    assert journal.tags() == [("book club", 10), ("climbing", 10)]
    kinds = bulk.set_network_kinds(journal, ids(crowd[:3]), [NetworkKind.STRATEGIC], mode="replace")
    assert {frozenset(p.network_kinds) for p in journal.people(ids(crowd[:3]))} == {
        frozenset({NetworkKind.STRATEGIC})
    }
    added = bulk.set_network_kinds(journal, ids(crowd[3:6]), [NetworkKind.PERSONAL])
    assert {frozenset(p.network_kinds) for p in journal.people(ids(crowd[3:6]))} == {
        frozenset({NetworkKind.OPERATIONAL, NetworkKind.PERSONAL})
    }

    for change in reversed([cadence, tagged, untagged, kinds, added]):
        bulk.undo(journal, change)
    assert snapshot(journal) == before


def test_undo_leaves_edits_made_since_alone(journal, crowd):
    change = bulk.set_circle(journal, ids(crowd[:4]), Circle.INNER)
    edited = journal.person(crowd[0].id)
    edited.circle = Circle.DORMANT
    journal.save_person(edited)
    bulk.undo(journal, change)
    assert journal.person(crowd[0].id).circle is Circle.DORMANT
    assert journal.person(crowd[1].id).circle is Circle.ACQUAINTANCE


def test_archive_and_delete_to_trash_with_undo(journal, crowd):
    before = snapshot(journal)
    archived = bulk.set_archived(journal, ids(crowd[:20]))
    assert journal.counts()["archived"] == 20
    bulk.undo(journal, archived)

    deleted = bulk.delete(journal, ids(crowd[10:40]))
    assert journal.counts()["people"] == 20
    [item] = journal.trash()
    assert item.label == "Person 10, Person 11, Person 12 and 27 more"
    bulk.undo(journal, deleted)  # the same as restoring the trash item
    assert snapshot(journal) == before


def test_nonsense_is_refused(journal, crowd):
    with pytest.raises(InvalidInput):
        bulk.set_circle(journal, [], Circle.CLOSE)
    with pytest.raises(InvalidInput, match="above zero"):
        bulk.set_cadence(journal, ids(crowd), 0)
    with pytest.raises(InvalidInput, match="tag"):
        bulk.add_tags(journal, ids(crowd), ["  "])

"""Operations: each change is one step with a Change, undone by Ctrl+Z, after a restart too."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import bulk, engine, links, merge, operations
from journal.core.capture import Attendee, Capture
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.model import Circle, Entry, Facet, FacetKind, FollowUp, Person
from journal.core.paths import JournalPaths
from journal.core.sync.capture import SYNCED_TABLES
from tests.conftest import TEST_PASSPHRASE
from tests.support.people import add


def content(journal: Journal) -> dict[str, list[str]]:
    """Everything a user can see of the journal (and the engine's diary), row by row."""
    out = {}
    with journal.store.reading() as conn:
        for table in operations.CAPTURED_TABLES:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            out[table] = sorted(json.dumps(dict(r), sort_keys=True, default=str) for r in rows)
    return out


def only(journal):
    [suggestion] = engine.today(journal)
    return suggestion


def test_trashing_a_person_is_one_step_undone_by_undo(journal):
    ana = operations.add_person(journal, Person(name="Ana Lima", tags=["founders"])).result
    journal.add_entry(Entry(occurred_at=datetime(2026, 10, 3, 9), body="Coffee", people=[ana.id]))
    before = content(journal)

    change = operations.trash_people(journal, [ana.id])
    assert change.label == "Move Ana Lima to the trash"
    assert change.done == "Moved Ana Lima to the trash."
    assert ana.id in change.people and change.touches("trash", "entry")
    assert [t.label for t in journal.trash()] == ["Ana Lima"]  # the trash is what users see
    assert operations.undo_label(journal) == "Move Ana Lima to the trash"

    undone = operations.undo(journal)
    assert undone.label == "Undone: Move Ana Lima to the trash"
    assert ana.id in undone.people
    assert content(journal) == before
    assert journal.trash() == []
    assert journal.person(ana.id).tags == ["founders"]


def test_undo_works_after_the_journal_is_closed_and_opened_again(make_journal, tmp_path, clock):
    journal = make_journal("j")
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    operations.trash_people(journal, [ana.id])
    journal.close()

    again = Journal.open(JournalPaths(tmp_path / "j"), TEST_PASSPHRASE, clock=clock)
    try:
        assert operations.undo_label(again) == "Move Ana Lima to the trash"
        operations.undo(again)
        assert again.person(ana.id).name == "Ana Lima"
        assert operations.undo_label(again) == "Add Ana Lima"
        operations.undo(again)
        assert again.people() == []
        assert operations.undo_label(again) is None
        with pytest.raises(NotFound, match="nothing to undo"):
            operations.undo(again)
    finally:
        again.close()


def test_listeners_hear_an_operation_and_its_undo(journal):
    heard: list[tuple[str, tuple[str, ...]]] = []
    journal.on_change(lambda kind, ids: heard.append((kind, tuple(ids))))
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    assert ("person", (ana.id,)) in heard
    heard.clear()
    operations.undo(journal)
    assert ("person", (ana.id,)) in heard


def test_editing_a_person_and_undo_puts_back_only_what_the_step_changed(journal):
    ana = operations.add_person(journal, Person(name="Ana Lima", role="baker")).result
    edited = journal.person(ana.id)
    edited.role, edited.location = "founder", "Lisbon"
    change = operations.save_person(journal, edited)
    assert change.label == "Edit Ana Lima" and change.people == {ana.id}
    # Meanwhile, outside any operation (another computer's sync, the command line):
    later = journal.person(ana.id)
    later.location = "Porto"
    journal.save_person(later)

    operations.undo(journal)
    back = journal.person(ana.id)
    assert back.role == "baker"  # the step's own change, undone
    assert back.location == "Porto"  # what changed since is kept


def test_entries_added_edited_and_trashed(journal):
    ana = add(journal, "Ana Lima")
    start = content(journal)
    added = operations.save_capture(
        journal,
        Capture(datetime(2026, 11, 20, 10), [Attendee("Ana Lima", ana.id)], body="Lunch"),
    )
    entry_id = added.result.entry.id
    assert added.label == "Add the entry with Ana Lima" and entry_id in added.entries
    edited = operations.edit_entry(
        journal,
        entry_id,
        Capture(
            datetime(2026, 11, 20, 10),
            [Attendee("Ana Lima", ana.id), Attendee("Kofi Mensah")],
            body="Lunch with Kofi too",
        ),
    )
    kofi = journal.find_people("Kofi Mensah")[0]
    assert edited.label == "Edit an entry" and kofi.id in edited.people
    trashed = operations.trash_entries(journal, [entry_id])
    assert trashed.label == "Move an entry to the trash"
    for label in ("Move an entry to the trash", "Edit an entry", "Add the entry with Ana Lima"):
        assert operations.undo(journal).label == f"Undone: {label}"
    assert content(journal) == start


def test_done_skip_snooze_mute_and_their_undo(journal):
    add(journal, "Ana Lima", last=70)
    start = content(journal)
    for action, message in (
        ("done", "Checked in with Ana Lima."),
        ("skip", "Skipped Ana Lima this time."),
        ("mute", "No more suggestions for Ana Lima."),
    ):
        change = operations.act(journal, only(journal), action)
        assert change.done == message and change.touches("reminder")
        assert engine.today(journal) == []
        operations.undo(journal)
        assert content(journal) == start
        assert len(engine.today(journal)) == 1
    change = operations.snooze_until_tomorrow(journal, only(journal))
    assert change.done == "Snoozed Ana Lima until 25 Nov 2026."
    assert engine.today(journal) == []
    journal.clock.advance(days=1)
    assert len(engine.today(journal)) == 1  # back the next day
    journal.clock.advance(days=-1)
    operations.undo(journal)
    assert content(journal) == start


def test_mute_and_unmute_from_the_person_page(journal):
    ana = add(journal, "Ana Lima", last=70)
    assert operations.set_muted(journal, ana.id, True).done == (
        "Muted Ana Lima: no check-in suggestions until you unmute."
    )
    assert engine.today(journal) == []
    assert operations.set_muted(journal, ana.id, False).done == (
        "Suggestions for Ana Lima are back on."
    )
    assert len(engine.today(journal)) == 1
    operations.undo(journal)
    assert engine.today(journal) == []


def test_merge_and_bulk_edits_undo_as_one_step(journal):
    ana = add(journal, "Ana Lima", last=10)
    other = add(journal, "Ana  Lima", last=20)
    kofi = add(journal, "Kofi Mensah")
    start = content(journal)
    plan = merge.propose(journal, [ana.id, other.id]).plan
    merged = operations.merge(journal, plan)
    assert merged.label == "Merge into Ana Lima"
    assert merged.done == "Merged 2 records into Ana Lima."
    circle = operations.bulk(
        journal, lambda: bulk.set_circle(journal, [ana.id, kofi.id], Circle.CLOSE)
    )
    assert circle.label == "Move 2 people to Close" and circle.done == "Moved 2 people to Close"
    operations.undo(journal)
    operations.undo(journal)
    assert content(journal) == start


def test_links_facts_and_follow_ups(journal):
    ana = add(journal, "Ana Lima")
    mei = add(journal, "Mei Chen")
    start = content(journal)
    link = operations.add_link(journal, ana.id, links.parse_role("sister"), mei.id).result
    removed = operations.remove_link(journal, link.id, "Mei Chen")
    assert removed.label == "Remove the link with Mei Chen" and removed.people == {ana.id, mei.id}
    fact = operations.add_facet(journal, ana.id, Facet(FacetKind.WORKING_ON, "bakery launch"))
    facet_id = fact.result.id
    status = operations.set_fact_status(journal, facet_id, "done", on=date(2026, 11, 24))
    assert facet_id in status.facts
    promise = operations.add_follow_up(
        journal, FollowUp("Send Ana the article", due_on=date(2026, 11, 30), person_id=ana.id)
    )
    assert promise.done == "Added for Monday 30 Nov 2026: it shows on Today then."
    done = operations.complete_follow_up(journal, promise.result.id)
    assert done.done == "Marked “Send Ana the article” done (noted as something you gave)."
    assert journal.open_follow_ups() == []
    for _ in range(6):
        operations.undo(journal)
    assert content(journal) == start


def test_emptying_the_trash_takes_the_steps_that_could_bring_it_back(journal):
    ana = operations.add_person(journal, Person(name="Ana Lima", notes="private")).result
    operations.trash_people(journal, [ana.id])
    journal.purge_trash()  # deleted for good: the undo log must not keep a copy
    assert operations.undo_label(journal) is None  # and undoing the add has nothing to do
    rows = journal.store.query("SELECT rows FROM undo_steps")
    assert not any("private" in r[0] for r in rows)


def test_a_step_whose_rows_are_gone_is_skipped(journal):
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    operations.set_archived(journal, [ana.id], True)
    journal.delete_person(ana.id)  # outside any operation (the command line)
    assert operations.undo_label(journal) is None  # neither step changes anything now


def test_the_log_keeps_fifty_steps_and_thirty_days(journal):
    for n in range(operations.KEEP_STEPS + 5):
        operations.add_person(journal, Person(name=f"Person {n}"))
    assert journal.store.query("SELECT count(*) FROM undo_steps")[0][0] == operations.KEEP_STEPS
    journal.clock.advance(days=operations.KEEP_DAYS + 1)
    operations.add_person(journal, Person(name="Late"))
    assert journal.store.query("SELECT count(*) FROM undo_steps")[0][0] == 1


def test_a_failed_operation_leaves_no_step(journal):
    with pytest.raises(NotFound):
        operations.trash_people(journal, ["not-there"])
    with pytest.raises(ValueError), operations.operation(journal, "Half done"):
        journal.add_person(Person(name="Ana Lima"))
        raise ValueError("stop")
    assert journal.people() == []
    assert operations.undo_label(journal) is None


def test_the_undo_log_is_not_synced_or_exported_and_an_undo_is_captured_for_sync(journal):
    assert "undo_steps" not in SYNCED_TABLES
    from journal.core.interop import jsonfile

    with journal.store.reading() as conn:
        assert "undo_steps" not in jsonfile.data_tables(conn)
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    # Sync off: the notes an operation needs are taken out again (no change log).
    assert journal.store.query("SELECT count(*) FROM sync_outbox")[0][0] == 0
    with journal.store.transaction() as conn:
        conn.execute("UPDATE sync_state SET capture = 1")
    operations.undo(journal)
    outbox = journal.store.query("SELECT tbl, pk FROM sync_outbox")
    assert ("people", json.dumps([ana.id])) in {(r[0], r[1]) for r in outbox}
    assert journal.store.query("SELECT capture FROM sync_state")[0][0] == 1


def test_with_sync_on_an_operation_leaves_its_notes_for_the_next_sync(journal):
    with journal.store.transaction() as conn:
        conn.execute("UPDATE sync_state SET capture = 1")
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    outbox = journal.store.query("SELECT tbl, pk FROM sync_outbox")
    assert ("people", json.dumps([ana.id])) in {(r[0], r[1]) for r in outbox}
    operations.undo(journal)
    assert journal.people() == []


# -- any sequence of operations, then as many undos ----------------------------------------

ACTIONS = st.lists(
    st.sampled_from(
        ["add", "edit", "trash", "restore", "entry", "trash_entry", "archive", "circle", "link"]
    ),
    min_size=1,
    max_size=8,
)


def _do(journal: Journal, action: str, n: int) -> bool:
    """Run one operation; True if it made an undo step."""
    people = journal.people()
    change = None
    if action == "add":
        change = operations.add_person(journal, Person(name=f"Person {n}", tags=[f"t{n % 3}"]))
    elif action == "edit" and people:
        person = people[n % len(people)]
        person.notes, person.tags = f"note {n}", [*person.tags, f"e{n}"]
        change = operations.save_person(journal, person)
    elif action == "trash" and people:
        change = operations.trash_people(journal, [people[n % len(people)].id])
    elif action == "restore" and journal.trash():
        change = operations.restore(journal, journal.trash()[0].id)
    elif action == "entry" and people:
        ids = [p.id for p in people[: 1 + n % 2]]
        day = datetime(2026, 11, 1, 9) + timedelta(days=n % 20)
        change = operations.add_entry(journal, Entry(occurred_at=day, body=f"Met {n}", people=ids))
    elif action == "trash_entry" and (entries := journal.query_entries()):
        change = operations.trash_entries(journal, [entries[n % len(entries)].id])
    elif action == "archive" and people:
        change = operations.set_archived(journal, [people[n % len(people)].id], n % 2 == 0)
    elif action == "circle" and people:
        ids = [p.id for p in people[:3]]
        change = operations.bulk(journal, lambda: bulk.set_circle(journal, ids, Circle.CLOSE))
    elif action == "link" and len(people) >= 2:
        change = operations.add_link(
            journal, people[0].id, links.parse_role("colleague"), people[1].id
        )
    return change is not None and change.step is not None


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_any_operations_then_as_many_undos_give_back_the_journal(journal, actions):
    start = content(journal)
    done = 0
    for n, action in enumerate(actions):
        try:
            done += _do(journal, action, n)
        except Exception:  # an operation the journal refuses (a duplicate link) is no step
            continue
    for _ in range(done):
        operations.undo(journal)
    assert content(journal) == start

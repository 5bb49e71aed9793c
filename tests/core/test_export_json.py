"""The full-fidelity JSON export: the sample journal goes out and comes back unchanged,
every table included (those later migrations add too), full-text indexes left out."""

from __future__ import annotations

import json
from datetime import date

import pytest

from journal.core import engine, sample, search
from journal.core.entries import EntryQuery
from journal.core.interop import jsonfile
from journal.core.interop.errors import ImportCancelled, ImportFailed
from journal.core.interop.exporting import export_journal
from journal.core.interop.importing import import_file
from journal.core.model import FollowUp, Person
from journal.core.settings import JournalSettings
from tests.core.interop_support import snapshot


@pytest.fixture
def full(make_journal):
    """The sample journal, plus the state that is easy to forget: the trash, a draft,
    settings, done and personal follow-ups."""
    journal = make_journal("full")
    sample.populate(journal, sample.SampleSpec(people=60, entries=400, seed=3))
    people = journal.people()
    journal.add_follow_up(FollowUp("Send the supplier intro", person_id=people[0].id))
    done = journal.add_follow_up(FollowUp("Return the book", person_id=people[1].id))
    journal.complete_follow_up(done.id)
    journal.delete_person(people[2].id)
    entry_id = journal.query_entries()[0].id
    journal.delete_entry(entry_id)
    journal.save_draft("entry-new", {"body": "half-written thought", "people": [people[3].id]})
    settings = JournalSettings()
    settings.daily_cap = 5
    settings.quiet_start = "22:30"
    journal.save_settings(settings)
    journal.put_setting("engine.last_run", "2026-11-23")
    journal.set_archived(people[4].id)
    # The reminder engine's memory: a snooze and a skip of people who have entries (a
    # restored entry must not clear them), and the log of what was suggested.
    suggestions = [
        s
        for s in engine.today(journal, record=True)
        if journal.count_entries(EntryQuery(person_id=s.person_id))
    ]
    engine.act(journal, suggestions[0], "snooze", until=date(2026, 12, 24))
    engine.act(journal, suggestions[1], "skip")
    return journal


def test_round_trip_of_the_sample_journal_changes_nothing(full, make_journal, tmp_path):
    out = tmp_path / "journal.json"
    export_journal(full, "json", out)
    empty = make_journal("restored")
    report = import_file(empty, out)
    assert report.format == "json"
    original = snapshot(full)
    restored = snapshot(empty)
    assert restored == original  # every row of every table, every column
    tables = original["tables"]
    for table in (
        "people",
        "channels",
        "person_tags",
        "person_network_kinds",
        "facets",
        "entries",
        "entry_people",
        "follow_ups",
        "ledger",
        "settings",
        "drafts",
        "trash",
        "reminder_state",
        "suggestion_log",
    ):
        assert tables[table], f"the sample should exercise {table}"
    # And through the model, as the app reads it.
    assert empty.people() == full.people()
    ids = [e.id for e in full.query_entries()]
    assert empty.entries(ids) == full.entries(ids)
    assert empty.settings() == full.settings()
    assert empty.trash() == full.trash()
    assert empty.drafts() == full.drafts()
    assert [s.to_json() for s in engine.upcoming(empty, days=30)] == [
        s.to_json() for s in engine.upcoming(full, days=30)
    ]
    # The search index is not in the file: triggers rebuild it, and it finds the same.
    assert not [t for t in tables if "_fts" in t]
    assert search.check_index(empty)
    for query in ("bak", "ana", "lisbon", "trail run"):
        assert [(h.kind, h.id) for h in search.search(empty, query)] == [
            (h.kind, h.id) for h in search.search(full, query)
        ]
    snoozed = [r for r in tables["reminder_state"] if r["snooze_until"]]
    assert snoozed and snoozed == [
        r for r in restored["tables"]["reminder_state"] if r["snooze_until"]
    ]


def test_tables_added_by_later_migrations_travel_too(make_journal):
    schema = (
        "CREATE TABLE later_state (person_id TEXT PRIMARY KEY REFERENCES people (id) "
        "ON DELETE CASCADE, snoozed_until TEXT, skips INTEGER NOT NULL DEFAULT 0);"
        "CREATE VIRTUAL TABLE search_index USING fts5 (body);"
    )
    source, target = make_journal("a"), make_journal("b")
    for journal in (source, target):
        with journal.store.transaction() as conn:
            for statement in filter(str.strip, schema.split(";")):
                conn.execute(statement)
    ana = source.add_person(Person(name="Ana Lima"))
    with source.store.transaction() as conn:
        conn.execute("INSERT INTO later_state VALUES (?, '2026-12-01', 2)", (ana.id,))
        conn.execute("INSERT INTO search_index (body) VALUES ('ana lima')")
    data = jsonfile.dump_journal(source)
    assert data["tables"]["later_state"] == [
        {"person_id": ana.id, "snoozed_until": "2026-12-01", "skips": 2}
    ]
    assert not [t for t in data["tables"] if t.startswith("search_index")]
    jsonfile.restore_journal(target, json.loads(json.dumps(data)))
    assert snapshot(target) == snapshot(source)


def test_the_export_says_what_made_it(full):
    data = jsonfile.dump_journal(full)
    assert data["format"] == "rapport-journal-export"
    assert data["format_version"] == 1
    with full.store.reading() as conn:
        assert data["schema_version"] == conn.execute("PRAGMA user_version").fetchone()[0]
    assert data["exported_at"] == "2026-11-24T09:00:00+00:00"


def test_a_json_export_only_restores_into_an_empty_journal(full, make_journal):
    data = jsonfile.dump_journal(full)
    busy = make_journal("busy")
    busy.log(["Kofi Mensah"], "Lunch")
    before = snapshot(busy)
    with pytest.raises(ImportFailed, match="only goes into an empty one"):
        jsonfile.restore_journal(busy, data)
    assert snapshot(busy) == before


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(schema_version=d["schema_version"] + 1), "made by a newer Rapport"),
        (lambda d: d["tables"].update(snoozes=[{"id": "x"}]), "tables this journal does not know"),
        (lambda d: d["tables"]["people"][0].update(mood="sunny"), "columns this journal does not"),
    ],
)
def test_exports_this_journal_cannot_hold_are_refused_whole(full, make_journal, change, message):
    data = jsonfile.dump_journal(full)
    change(data)
    empty = make_journal("empty")
    before = snapshot(empty)
    with pytest.raises(ImportFailed, match=message):
        jsonfile.restore_journal(empty, data)
    assert snapshot(empty) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not a valid JSON file"),
        ('{"format": "something-else"}', "not a Rapport journal export"),
        (
            '{"format": "rapport-journal-export", "format_version": 9, "tables": {}}',
            "newer Rapport",
        ),
        (
            '{"format": "rapport-journal-export", "format_version": 1, "tables": {"people": 3}}',
            "damaged",
        ),
    ],
)
def test_files_that_are_not_exports_are_refused(text, message):
    with pytest.raises(ImportFailed, match=message):
        jsonfile.load_export(text)


def test_cancel_during_a_restore_leaves_the_journal_empty(full, make_journal):
    import threading

    data = jsonfile.dump_journal(full)
    empty = make_journal("empty")
    before = snapshot(empty)
    cancel = threading.Event()
    with pytest.raises(ImportCancelled):
        jsonfile.restore_journal(
            empty, data, progress=lambda done, total: cancel.set(), cancel=cancel
        )
    assert snapshot(empty) == before

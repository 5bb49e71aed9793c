"""A journal made before search existed gets everything it holds indexed when migrated."""

from __future__ import annotations

from datetime import datetime

from journal.core import migrations, search
from journal.core.journal import Journal
from journal.core.model import Circle, Entry, Person
from journal.core.paths import JournalPaths
from journal.core.search import SearchFilters
from tests.conftest import TEST_PASSPHRASE


def test_schema_2_journal_is_indexed_when_opened(make_journal, monkeypatch, keychain, clock):
    everything = migrations.all_migrations()
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in everything if m.version <= 2]
    )
    old = make_journal("old")
    assert old.store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
    # Rows as a schema-2 Rapport wrote them (today's code writes columns added later).
    jose = Person(name="José García", circle=Circle.INNER)
    entries = [
        Entry(occurred_at=datetime(2026, 1, 1, 9, 0), body=f"Croissant trial {i}", people=[jose.id])
        for i in range(3)
    ]
    entries.append(
        Entry(occurred_at=datetime(2026, 2, 1, 9, 0), body="Croissant tasting", people=[jose.id])
    )
    now = "2026-01-01T00:00:00Z"
    with old.store.transaction() as conn:
        conn.execute(
            "INSERT INTO people (id, name, circle, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (jose.id, jose.name, "inner", now, now),
        )
        conn.execute("INSERT INTO person_tags (person_id, tag) VALUES (?, 'founders')", (jose.id,))
        conn.execute(
            "INSERT INTO facets (id, person_id, kind, text, created_at, updated_at) "
            "VALUES ('f1', ?, 'working_on', 'the bakery launch', ?, ?)",
            (jose.id, now, now),
        )
        for entry in entries:
            conn.execute(
                "INSERT INTO entries (id, occurred_at, kind, body, created_at, updated_at) "
                "VALUES (?, ?, 'meeting', ?, ?, ?)",
                (entry.id, entry.occurred_at.isoformat(), entry.body, now, now),
            )
            conn.execute(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", (entry.id, jose.id)
            )
    old.close()
    monkeypatch.undo()

    journal = Journal.open(
        JournalPaths(old.paths.root), TEST_PASSPHRASE, keychain=keychain, clock=clock
    )
    try:
        assert (
            journal.store.conn.execute("PRAGMA user_version").fetchone()[0]
            == migrations.latest_version()
        )
        assert list(journal.paths.backups.glob("before-schema-3-*"))  # the app's safety copy
        hits = search.search(journal, "jose")
        assert (hits[0].kind, hits[0].id) == ("person", jose.id)
        assert [h.kind for h in search.search(journal, "bakery")] == ["facet"]
        croissants = search.search(journal, "croiss", SearchFilters(circle="inner", tag="founders"))
        assert croissants[0].id == entries[-1].id
        assert {h.id for h in croissants} == {e.id for e in entries}
        # And the triggers work on the migrated journal.
        journal.add_entry(
            Entry(occurred_at=datetime(2026, 3, 1), body="Croissant launch", people=[jose.id])
        )
        assert plain_first(journal, "croissant launch") == "Entry"
    finally:
        journal.close()


def plain_first(journal, query: str) -> str:
    hits = search.search(journal, query)
    return hits[0].kind.title() if hits else ""

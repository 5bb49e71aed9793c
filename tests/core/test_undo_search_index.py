"""Undoing a bulk trash puts the people back in search exactly as they were, and
indexes each of their entries once, not once for every person on it (undoing a trash
of 200 people of the 10k/100k journal spent 17 s of CPU reindexing entries)."""

from __future__ import annotations

from datetime import datetime

import pytest

from journal.core import bulk, operations, search
from journal.core.model import Entry, Person

QUERIES = ("ana", "kofi lima", "mensah", "bakery", "harbour", "sourdough", "lisbon", "mei")


def _hits(journal):
    return {
        query: [(h.kind, h.id, h.title, h.snippet) for h in search.search(journal, query)]
        for query in QUERIES
    }


def _journal_with_a_team(journal):
    ana = journal.add_person(Person(name="Ana Lima", organisation="Crumb Bakery", tags=["bread"]))
    kofi = journal.add_person(Person(name="Kofi Mensah", location="Lisbon"))
    mei = journal.add_person(Person(name="Mei Chen"))
    everyone = [ana.id, kofi.id, mei.id]
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 9), body="Sourdough at the harbour", people=everyone
        )
    )
    journal.add_entry(
        Entry(occurred_at=datetime(2026, 10, 4, 9), body="Bakery visit", people=[ana.id])
    )
    journal.add_entry(
        Entry(occurred_at=datetime(2026, 10, 5, 9), title="Lisbon trip", people=[kofi.id, mei.id])
    )
    return ana, kofi, mei


def test_search_after_undoing_a_bulk_trash_is_as_before_the_trash(journal):
    ana, kofi, _mei = _journal_with_a_team(journal)
    before = _hits(journal)
    assert any(kind == "entry" for kind, *_ in before["sourdough"])

    operations.bulk(journal, lambda: bulk.delete(journal, [ana.id, kofi.id]))
    assert not any(kind == "person" for kind, *_ in search.search(journal, "ana lima"))
    operations.undo(journal)

    assert _hits(journal) == before
    assert search.check_index(journal)


def _count_per_row_indexing(journal):
    """Make the per-row trigger note each time it runs (in a probe table)."""
    with journal.transaction() as conn:
        conn.execute("CREATE TABLE probe (entry_id TEXT)")
        sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'entry_people_fts_insert'"
        ).fetchone()[0]
        conn.execute("DROP TRIGGER entry_people_fts_insert")
        head, _, end = sql.rpartition("END")
        conn.execute(f"{head}INSERT INTO probe VALUES (NEW.entry_id);\nEND{end}")


def _triggers(journal):
    return journal.store.query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"
    )


def test_undoing_a_bulk_trash_indexes_each_entry_once_not_once_per_person(journal):
    ana, kofi, mei = _journal_with_a_team(journal)
    before = _hits(journal)
    _count_per_row_indexing(journal)
    triggers = _triggers(journal)

    operations.bulk(journal, lambda: bulk.delete(journal, [ana.id, kofi.id, mei.id]))
    operations.undo(journal)

    # Six rows of people on entries came back; none was indexed on its own.
    assert journal.store.query("SELECT count(*) FROM entry_people")[0][0] == 6
    assert journal.store.query("SELECT count(*) FROM probe")[0][0] == 0
    assert _hits(journal) == before
    # The triggers are back as they were, and index the next person put on an entry.
    assert _triggers(journal) == triggers
    journal.add_entry(Entry(occurred_at=datetime(2026, 10, 6, 9), body="Walk", people=[mei.id]))
    assert journal.store.query("SELECT count(*) FROM probe")[0][0] == 1


def test_a_failed_undo_leaves_the_search_triggers_as_they_were(journal, monkeypatch):
    ana, _kofi, _mei = _journal_with_a_team(journal)
    triggers = _triggers(journal)
    operations.bulk(journal, lambda: bulk.delete(journal, [ana.id]))

    def fail(*_args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(operations, "_put_back", fail)
    with pytest.raises(RuntimeError):
        operations.undo(journal)
    assert _triggers(journal) == triggers
    assert journal.store.query("SELECT count(*) FROM temp.sqlite_master")[0][0] == 0


def test_restoring_a_bulk_trash_from_the_trash_indexes_each_entry_once(journal):
    ana, kofi, mei = _journal_with_a_team(journal)
    before = _hits(journal)
    _count_per_row_indexing(journal)
    triggers = _triggers(journal)

    change = bulk.delete(journal, [ana.id, kofi.id, mei.id])
    journal.restore(change.trash_id)

    assert journal.store.query("SELECT count(*) FROM probe")[0][0] == 0
    assert _hits(journal) == before
    assert _triggers(journal) == triggers

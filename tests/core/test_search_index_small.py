"""The search index of schema 10 (m0010): one column, words marked by where they come
from. What a user notices: underscores in what they wrote split words as before, the
words the index keeps for its own use (filters, names, name starts) never answer what
is typed, and the index stays small beside the text it indexes."""

from __future__ import annotations

from datetime import datetime

from journal.core import migrations, opening, sample, search
from journal.core.journal import Journal
from journal.core.model import Circle, Entry, EntryKind, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE


def found(journal, query: str) -> list[tuple[str, str]]:
    return [(h.kind, h.id) for h in search.search(journal, query)]


def test_an_underscore_in_what_was_written_splits_words_as_before(journal):
    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 1, 5, 9), body="Notes in kiln_firing_log.txt")
    )
    assert found(journal, "kiln") == [("entry", entry.id)]
    assert found(journal, "firing") == [("entry", entry.id)]
    assert found(journal, "kiln_firing") == [("entry", entry.id)]


def test_the_index_own_words_are_never_found_by_typing_them(journal):
    ana = journal.add_person(Person(name="Ana Lima", circle=Circle.INNER, tags=["founders"]))
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 1, 5, 9), kind=EntryKind.CALL, body="Budget", people=[ana.id]
        )
    )
    for typed in ("cinner", "kcall", "_cinner", "___kcall", "_ana", "__ana lima"):
        hits = search.search(journal, typed)
        assert [h for h in hits if h.kind == "entry"] == [], typed
    # What is typed with underscores is read as its words.
    assert found(journal, "_ana")[0] == ("person", ana.id)
    assert found(journal, "budget_ana") != []


def test_a_name_is_found_in_entries_only_with_a_word_of_the_text(journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    with_text = journal.add_entry(
        Entry(occurred_at=datetime(2026, 1, 5, 9), body="Pottery class", people=[ana.id])
    )
    journal.add_entry(Entry(occurred_at=datetime(2026, 1, 6, 9), body="Lunch", people=[ana.id]))
    entries = [h.id for h in search.search(journal, "ana pottery") if h.kind == "entry"]
    assert entries == [with_text.id]
    # "lima" is only in the name: the entries with her are not hits for it alone.
    assert [h for h in search.search(journal, "lima") if h.kind == "entry"] == []


def test_the_index_stays_within_twice_the_text_of_a_small_journal(journal):
    """The sample journal's size (120 people, 900 entries over two years) is where the
    index is largest for its text: a day's entries take a block of 16384 docs (m0010),
    so few entries a day means large rowid deltas. Measured: 1.67x here (4.3x with
    schema 7), 0.83x on 10k people / 100k entries (bench_footprint)."""
    sample.populate(journal, sample.SampleSpec(people=120, entries=900))
    search.optimize_index(journal)
    conn = journal.store.conn
    index = sum(
        conn.execute(f"SELECT coalesce(sum(length({column})), 0) FROM {table}").fetchone()[0]
        for fts in ("people_fts", "facets_fts", "entries_fts")
        for table, column in ((f"{fts}_data", "block"), (f"{fts}_docsize", "sz"))
    )
    text = sum(
        conn.execute(f"SELECT coalesce(sum({expression}), 0) FROM {table}").fetchone()[0]
        for table, expression in (
            (
                "people",
                "length(name) + coalesce(length(organisation), 0) + coalesce(length(notes), 0)",
            ),
            ("facets", "length(text) + coalesce(length(detail), 0)"),
            ("entries", "coalesce(length(title), 0) + length(body) + coalesce(length(place), 0)"),
        )
    )
    assert index <= 2 * text


def test_updating_an_older_journal_says_how_far_it_has_gone(
    make_journal, monkeypatch, keychain, clock
):
    everything = migrations.all_migrations()
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in everything if m.version <= 8]
    )
    old = make_journal("old")
    ana = old.add_person(Person(name="Ana Lima"))
    entry = old.add_entry(
        Entry(occurred_at=datetime(2026, 1, 5, 9), body="Kiln firing", people=[ana.id])
    )
    old.close()
    monkeypatch.undo()

    heard: list[tuple[int, int]] = []
    with opening.reporting_migration(lambda done, total: heard.append((done, total))):
        journal = Journal.open(
            JournalPaths(old.paths.root), TEST_PASSPHRASE, keychain=keychain, clock=clock
        )
    try:
        assert heard and heard[-1][0] == heard[-1][1] > 0
        assert [done for done, _ in heard] == sorted(done for done, _ in heard)
        assert found(journal, "kiln") == [("entry", entry.id)]
        assert search.check_index(journal)
    finally:
        journal.close()

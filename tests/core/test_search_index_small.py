"""The search index of schema 10 (m0010): one column, words marked by where they come
from. What a user notices: underscores in what they wrote split words as before, the
words the index keeps for its own use (filters, names, name starts) never answer what
is typed, and the index stays small beside the text it indexes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from journal.core import migrations, opening, sample, search
from journal.core.journal import Journal
from journal.core.model import Circle, Entry, EntryKind, Person
from journal.core.paths import JournalPaths
from journal.core.search import SearchFilters
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


def test_the_index_is_no_larger_than_the_text_of_a_small_journal(journal):
    """The sample journal's size (120 people, 900 entries over two years) is where the
    index is largest for its text: few entries a day means large rowid deltas. With a
    block of 16384 docs a day (m0010) it was 1.67x here (4.3x with schema 7); with
    blocks sized to the journal (m0012, 16 docs here) 0.94x."""
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
    assert index <= text


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


def on(journal, query: str, day: date, limit: int = 500) -> list[str]:
    filters = SearchFilters(since=day, until=day)
    return [h.id for h in search.search(journal, query, filters, limit=limit)]


def test_a_day_with_more_entries_than_its_block_is_searched_whole_and_in_order(journal):
    """A day's block holds ``slots`` docs (16 on a new journal, m0012); the entries
    past it go to the spill area, and a date filter still finds every one of that day,
    and only that day's, newest first among the days around it."""
    start = datetime(2026, 2, 2, 8, 0)
    busy = [
        Entry(occurred_at=start + timedelta(minutes=i), body=f"harvest note {i}") for i in range(40)
    ]
    journal.add_entries(busy)
    before = journal.add_entry(Entry(occurred_at=datetime(2026, 2, 1, 23), body="harvest eve"))
    after = journal.add_entry(Entry(occurred_at=datetime(2026, 2, 3, 7), body="harvest after"))
    late = journal.add_entry(Entry(occurred_at=datetime(2026, 2, 2, 22), body="harvest late"))
    assert search.day_slots(journal.store.conn) < 41  # so some did spill

    on_day = on(journal, "harvest", date(2026, 2, 2))
    assert on_day == [late.id] + [e.id for e in reversed(busy)]
    assert on(journal, "harvest", date(2026, 2, 1)) == [before.id]
    assert on(journal, "harvest", date(2026, 2, 3)) == [after.id]
    everything = [h.id for h in search.search(journal, "harvest", limit=500)]
    assert everything == [after.id, *on_day, before.id]
    # The newest few, as the search box shows them, are the newest of that day.
    assert [h.id for h in search.search(journal, "harvest", limit=3)] == everything[:3]
    week = SearchFilters(since=date(2026, 2, 1), until=date(2026, 2, 7))
    assert [h.id for h in search.search(journal, "harvest", week, limit=500)] == everything
    # The daily upkeep sizes the blocks again: the same answers, nothing spilled.
    assert search.fit_day_blocks(journal)
    assert search.day_slots(journal.store.conn) == 128
    assert not search.fit_day_blocks(journal)
    assert on(journal, "harvest", date(2026, 2, 2)) == on_day
    assert [h.id for h in search.search(journal, "harvest", limit=500)] == everything


def test_rebuilding_the_index_sizes_the_day_blocks_for_the_busiest_day(journal):
    start = datetime(2026, 2, 2, 8, 0)
    journal.add_entries(
        [Entry(occurred_at=start + timedelta(minutes=i), body=f"audit {i}") for i in range(40)]
    )
    search.rebuild_index(journal)
    assert search.day_slots(journal.store.conn) == 128
    assert len(on(journal, "audit", date(2026, 2, 2))) == 40
    assert on(journal, "audit", date(2026, 2, 3)) == []
    assert search.check_index(journal)


def test_a_schema_11_journal_gets_day_blocks_sized_to_it(
    make_journal, monkeypatch, keychain, clock
):
    """A real SQLCipher journal of schema 11 (blocks of 16384 docs a day) opened by this
    version: numbered again, its index no larger, every date filter as before."""
    everything = migrations.all_migrations()
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in everything if m.version <= 11]
    )
    old = make_journal("old")
    assert old.store.conn.execute("PRAGMA user_version").fetchone()[0] == 11
    sample.populate(old, sample.SampleSpec(people=30, entries=200))
    pear = old.add_entry(Entry(occurred_at=datetime(2026, 3, 4, 10), body="Pear orchard visit"))
    quinces: dict[date, list[str]] = {}
    for i in range(60):  # 25 on 1 March, the rest a day each after it
        when = datetime(2026, 3, 1, 9) + (
            timedelta(minutes=i) if i < 25 else timedelta(days=i - 24, hours=i % 5)
        )
        quince = old.add_entry(Entry(occurred_at=when, body=f"Quince jelly {i}"))
        quinces.setdefault(when.date(), []).append(quince.id)
    size_before = _index_bytes(old)
    old.close()
    monkeypatch.undo()

    journal = Journal.open(
        JournalPaths(old.paths.root), TEST_PASSPHRASE, keychain=keychain, clock=clock
    )
    try:
        conn = journal.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
        assert search.day_slots(conn) == 64  # the busiest day: 25 quinces, a few more
        for day, ids in quinces.items():
            assert on(journal, "quince", day) == list(reversed(ids))
        assert on(journal, "quince", date(2026, 2, 28)) == []
        assert on(journal, "pear", date(2026, 3, 4)) == [pear.id]
        assert _index_bytes(journal) < size_before
        assert search.check_index(journal)
        # The new triggers number a new entry into its day's block.
        plum = journal.add_entry(Entry(occurred_at=datetime(2026, 3, 4, 11), body="Pear plum"))
        assert on(journal, "pear", date(2026, 3, 4)) == [plum.id, pear.id]
    finally:
        journal.close()


def _index_bytes(journal) -> int:
    search.optimize_index(journal)
    return sum(
        journal.store.conn.execute(f"SELECT coalesce(sum(length(block)), 0) FROM {t}").fetchone()[0]
        for t in ("people_fts_data", "facets_fts_data", "entries_fts_data")
    )

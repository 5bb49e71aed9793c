"""Search folds every alphabet the same way for the index and for what is typed (m0007):
"soren" finds Søren, "l" finds Łukasz, "moskva" finds Москва, and accents fold as before.
A journal from an older version is rebuilt into the compact index and finds the same."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import migrations, search
from journal.core.folding import fold_text, fold_word
from journal.core.highlight import MARK_END, MARK_START, query_terms
from journal.core.journal import Journal
from journal.core.model import Entry, Facet, FacetKind, Person
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE


def first_person(journal, query: str) -> str | None:
    hits = [h for h in search.search(journal, query) if h.kind == "person"]
    return hits[0].title.replace(MARK_START, "").replace(MARK_END, "") if hits else None


def test_letters_that_do_not_decompose_are_found_without_them(journal):
    for name in ("Søren Kierkegaard", "Łukasz Nowak", "Ørjan Berg", "Đorđe Jović", "Æsa Holm"):
        journal.add_person(Person(name=name))
    assert first_person(journal, "soren") == "Søren Kierkegaard"
    assert first_person(journal, "l") == "Łukasz Nowak"
    assert first_person(journal, "lukasz nowak") == "Łukasz Nowak"
    assert first_person(journal, "orjan") == "Ørjan Berg"
    assert first_person(journal, "djordje") is None  # anyascii: Đ is "D", not "Dj"
    assert first_person(journal, "dorde") == "Đorđe Jović"
    assert first_person(journal, "aesa") == "Æsa Holm"
    # Typing the letter itself still works, and accents still fold.
    assert first_person(journal, "Søren") == "Søren Kierkegaard"
    assert first_person(journal, "jovic") == "Đorđe Jović"


def test_other_alphabets_are_found_by_their_latin_spelling(journal):
    journal.add_person(Person(name="Мария Иванова", location="Москва"))
    journal.add_person(Person(name="Γιώργος Παπαδόπουλος"))
    journal.add_person(Person(name="王芳", location="北京"))
    assert first_person(journal, "mari") == "Мария Иванова"  # anyascii: "Mariya"
    assert first_person(journal, "moskva") == "Мария Иванова"
    assert first_person(journal, "Иван") == "Мария Иванова"
    assert first_person(journal, "giorgos") == "Γιώργος Παπαδόπουλος"
    assert first_person(journal, "beijing") == "王芳"


def test_the_match_is_marked_in_the_original_spelling(journal):
    journal.add_person(Person(name="Søren Kierkegaard"))
    hit = search.search(journal, "soren")[0]
    assert hit.title == f"{MARK_START}Søren{MARK_END} Kierkegaard"


def test_entries_and_facets_fold_too_and_follow_edits(journal):
    soren = journal.add_person(Person(name="Søren Kierkegaard"))
    journal.add_facet(soren.id, Facet(FacetKind.WORKING_ON, "a book on Kødbyen"))
    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 3, 1, 9), body="Smørrebrød in Århus", people=[soren.id])
    )
    assert [h.kind for h in search.search(journal, "kodbyen")] == ["facet"]
    assert [h.id for h in search.search(journal, "smorrebrod arhus")] == [entry.id]
    # The person's name is part of the entry's index row and follows a rename.
    person = journal.person(soren.id)
    person.name = "Søren Aabye Kierkegaard"
    journal.save_person(person)
    assert entry.id in [h.id for h in search.search(journal, "aabye arhus")]


def test_fold_text_keeps_ascii_as_it_is_and_each_word_one_word():
    text = "Plain ASCII, as written."
    assert fold_text(text) is text
    assert fold_text("Łukasz, in 北京!") == "lukasz, in beijing!"
    assert fold_word("ŁUKASZ") == "lukasz"


_NAME_CHARS = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll"),
    min_codepoint=0x41,
    max_codepoint=0x52F,  # Latin, Latin-1, Extended-A/B, IPA, Greek, Cyrillic
)
_NAMES = st.lists(st.text(_NAME_CHARS, min_size=1, max_size=12), min_size=1, max_size=3).map(
    " ".join
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=_NAMES, cut=st.integers(min_value=1, max_value=12))
def test_a_folded_query_of_a_name_always_finds_it(journal, name, cut):
    person = journal.add_person(Person(name=name))
    try:
        # What the name folds to, whole or cut short as someone typing it would.
        folded = " ".join(fold_word(word)[:cut] for word in name.split())
        for query in (name, folded):
            hits = search.search(journal, query, limit=200)
            assert person.id in {h.id for h in hits}, (query, query_terms(query))
    finally:
        journal.delete_person(person.id)


def test_a_journal_with_the_old_index_is_rebuilt_and_searches_the_same(
    make_journal, monkeypatch, keychain, clock
):
    everything = migrations.all_migrations()
    monkeypatch.setattr(
        migrations, "all_migrations", lambda: [m for m in everything if m.version <= 6]
    )
    old = make_journal("old")
    assert old.store.conn.execute("PRAGMA user_version").fetchone()[0] == 6
    ana = old.add_person(Person(name="Ana Sørensen", organisation="Bakery Co"))
    facet = old.add_facet(ana.id, Facet(FacetKind.WORKING_ON, "the sourdough launch"))
    entry = old.add_entry(
        Entry(occurred_at=datetime(2026, 1, 5, 9), body="Croissant trial", people=[ana.id])
    )
    # What this version's search gives once the index is its own (the search code
    # reads only the newest index, so it is not run on the old one).
    before = {
        "ana": [("person", ana.id)],
        "sourd": [("facet", facet.id)],
        "croi": [("entry", entry.id)],
    }
    old.close()
    monkeypatch.undo()

    journal = Journal.open(
        JournalPaths(old.paths.root), TEST_PASSPHRASE, keychain=keychain, clock=clock
    )
    try:
        assert journal.store.conn.execute("PRAGMA user_version").fetchone()[0] >= 7
        after = {q: [(h.kind, h.id) for h in search.search(journal, q)] for q in before}
        assert after == before
        assert before["croi"] == [("entry", entry.id)]
        # Folding reaches what was there before the upgrade.
        assert first_person(journal, "sorensen") == "Ana Sørensen"
        assert search.check_index(journal)
        # The index holds no copy of the text, nor anything beside its words (m0010).
        kept = journal.store.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE '%fts_content'"
        ).fetchone()[0]
        assert kept == 0
    finally:
        journal.close()

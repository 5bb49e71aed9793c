"""Sample journals are deterministic and look like a real person's network."""

from __future__ import annotations

from datetime import date

from journal.core import sample
from journal.core.entries import EntryQuery
from journal.core.model import Circle, FacetKind


def test_same_seed_and_day_give_the_same_journal():
    spec = sample.SampleSpec(people=40, entries=300, seed=3)
    a_people, a_entries = sample.generate(spec, date(2026, 11, 24))
    b_people, b_entries = sample.generate(spec, date(2026, 11, 24))
    assert [(p.name, p.organisation, [f.text for f in p.facets]) for p in a_people] == [
        (p.name, p.organisation, [f.text for f in p.facets]) for p in b_people
    ]
    assert [(e.occurred_at, e.body) for e in a_entries] == [
        (e.occurred_at, e.body) for e in b_entries
    ]


def test_another_seed_gives_another_journal():
    a, _ = sample.generate(sample.SampleSpec(people=40, entries=0, seed=1), date(2026, 11, 24))
    b, _ = sample.generate(sample.SampleSpec(people=40, entries=0, seed=2), date(2026, 11, 24))
    assert [p.organisation for p in a] != [p.organisation for p in b]


def test_sample_people_have_a_personal_side_and_entries_span_two_years():
    people, entries = sample.generate(
        sample.SampleSpec(people=120, entries=900), date(2026, 11, 24)
    )
    assert len({p.name for p in people}) == 120
    assert all(any(f.kind is FacetKind.WORKING_ON for f in p.facets) for p in people)
    assert {p.circle for p in people} == set(Circle)
    assert len({p.field for p in people}) >= 6
    first, last = entries[0].occurred_at.date(), entries[-1].occurred_at.date()
    assert (last - first).days > 600 and last <= date(2026, 11, 24)
    assert any(e.follow_ups for e in entries) and any(e.ledger for e in entries)


def test_populate_writes_everything(journal):
    people, entries = sample.populate(journal, sample.SampleSpec(people=25, entries=150))
    counts = journal.counts()
    assert counts["people"] + counts["archived"] == people == 25
    assert counts["entries"] == entries == 150


def test_sample_entries_never_start_a_sentence_after_a_semicolon():
    """'...a four-day week; She seemed tired' read wrong in every sample timeline."""
    import re

    _people, entries = sample.generate(
        sample.SampleSpec(people=60, entries=400), date(2026, 11, 24)
    )
    wrong = [e.body for e in entries if re.search(r"; [A-Z][a-z]", e.body)]
    assert wrong == []


def test_a_big_sample_written_in_batches_is_the_same_journal(journal):
    """Written ``batch`` entries per transaction (how 1M entries keep memory flat), the
    sample has the same people, facets and entries as the one made all at once."""
    spec = sample.SampleSpec(people=30, entries=250, seed=5)
    people, entries = sample.generate(spec, journal.clock.today())
    seen: list[tuple[int, int]] = []
    assert sample.populate(journal, spec, progress=lambda d, t: seen.append((d, t)), batch=60)
    assert seen[-1] == (250, 250)
    stored = journal.people()
    by_name = {p.name: p for p in stored}
    assert sorted(by_name) == sorted(p.name for p in people)
    for person in people:
        facets = by_name[person.name].facets
        assert sorted((f.text, f.noted_on, f.ask_again_on) for f in facets) == sorted(
            (f.text, f.noted_on, f.ask_again_on) for f in person.facets
        )
    ids = [s.id for s in journal.query_entries(EntryQuery(limit=None))]
    written = sorted((e.occurred_at, e.body) for e in journal.entries(ids))
    assert written == sorted((e.occurred_at, e.body) for e in entries)


def _found(journal, queries):
    from journal.core import search

    return {
        q: [(h.kind, h.title, h.snippet, h.when) for h in search.search(journal, q, limit=50)]
        for q in queries
    }


def test_a_sample_indexed_once_finds_what_a_full_rebuild_finds(journal):
    """The sample's entries are indexed in bulk, not row by row (how 1M entries take
    minutes, not hours): search finds the same entries, in the same order, as after the
    index is built again from scratch, and an entry written afterwards is found too (the
    row-by-row triggers are back)."""
    from journal.core import search
    from journal.core.model import Entry

    sample.populate(journal, sample.SampleSpec(people=40, entries=900, seed=3), batch=200)
    queries = ["a", "co", "lis", "coffee", "bakery launch", "ana", "sourdough"]
    bulk = _found(journal, queries)
    search.rebuild_index(journal)
    assert _found(journal, queries) == bulk
    assert all(bulk[q] for q in ("coffee", "lis", "ana"))
    someone = journal.people()[0]
    journal.add_entries(
        [Entry(occurred_at=journal.clock.now(), title="Quokka spotting", people=[someone.id])]
    )
    hits = search.search(journal, "quokka")
    assert [h.title for h in hits if h.kind == "entry"] == ["\x02Quokka\x03 spotting"]
    found_by_name = search.search(journal, someone.name.split()[0] + " quokka")
    assert any(h.kind == "entry" for h in found_by_name)

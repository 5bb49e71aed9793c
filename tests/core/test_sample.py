"""Sample journals are deterministic and look like a real person's network."""

from __future__ import annotations

from datetime import date

from journal.core import sample
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

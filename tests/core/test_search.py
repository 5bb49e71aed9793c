"""Search as a person uses it: what they type finds what they wrote, best first, at once."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.core import search
from journal.core.highlight import MARK_END, MARK_START, plain
from journal.core.model import Circle, Entry, EntryKind, Facet, FacetKind, Person
from journal.core.search import SearchFilters


def titles(hits: list[search.SearchHit]) -> list[str]:
    return [plain(h.title) for h in hits]


def found(journal, query: str, **filters) -> list[tuple[str, str]]:
    return [(h.kind, h.id) for h in search.search(journal, query, SearchFilters(**filters))]


@pytest.fixture
def people(journal):
    jose = journal.add_person(
        Person(
            name="José García",
            organisation="Crumb & Co. Bakery",
            role="founder",
            location="Lisbon",
            tags=["founders"],
            circle=Circle.CLOSE,
        )
    )
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            organisation="Northwind Labs",
            notes="Met through José's bakery launch",
            circle=Circle.INNER,
            tags=["climbing"],
        )
    )
    kofi = journal.add_person(
        Person(
            name="Kofi Mensah",
            preferred_name="Kof",
            organisation="Harbour Kitchen",
            circle=Circle.NETWORK,
        )
    )
    return {"jose": jose, "ana": ana, "kofi": kofi}


def test_accentless_lowercase_prefix_finds_the_accented_name(journal, people):
    for typed in ("jose", "jos", "j", "JOSE", "garc", "José G", "jose garcia"):
        hits = search.search(journal, typed)
        assert hits, typed
        assert hits[0].kind == "person" and hits[0].id == people["jose"].id, typed


def test_name_hit_ranks_above_a_body_hit(journal, people):
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 20, 10),
            body="Lunch with Kofi; he asked after Ana and her climbing.",
            people=[people["kofi"].id],
        )
    )
    hits = search.search(journal, "ana")
    kinds = [(h.kind, h.id) for h in hits]
    assert kinds[0] == ("person", people["ana"].id)
    assert ("entry", entry.id) in kinds
    assert kinds.index(("person", people["ana"].id)) < kinds.index(("entry", entry.id))


def test_person_named_ranks_above_person_whose_notes_mention_the_word(journal, people):
    hits = search.search(journal, "jose")
    assert [h.id for h in hits[:2]] == [people["jose"].id, people["ana"].id]
    assert hits[0].score > hits[1].score


def test_people_and_facets_rank_above_entry_text(journal, people):
    facet = journal.add_facet(people["kofi"].id, Facet(FacetKind.HOBBY, "sourdough baking"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 1, 9),
            body="Swapped sourdough starters.",
            people=[people["ana"].id],
        )
    )
    hits = search.search(journal, "sourdough")
    assert [(h.kind, h.id) for h in hits] == [("facet", facet.id), ("entry", entry.id)]
    assert hits[0].person_id == people["kofi"].id
    assert hits[1].person_id == people["ana"].id


def test_entry_title_ranks_above_entry_body_and_recent_first(journal, people):
    old_body = journal.add_entry(
        Entry(
            occurred_at=datetime(2025, 1, 1, 9),
            body="talked about the harbour documentary",
            people=[people["kofi"].id],
        )
    )
    new_body = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 1, 1, 9),
            body="the harbour documentary again",
            people=[people["kofi"].id],
        )
    )
    titled = journal.add_entry(
        Entry(
            occurred_at=datetime(2024, 1, 1, 9),
            title="Harbour walk",
            body="long walk",
            people=[people["kofi"].id],
        )
    )
    hits = search.search(journal, "harbour", SearchFilters(kinds=frozenset({"entry"})))
    assert [h.id for h in hits] == [titled.id, new_body.id, old_body.id]


def test_words_can_be_split_between_the_people_present_and_the_text(journal, people):
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 9),
            body="How the launch went; offered the supplier intro.",
            people=[people["jose"].id],
        )
    )
    other = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 4, 9),
            body="Her launch slipped a week.",
            people=[people["ana"].id],
        )
    )
    ids = [h.id for h in search.search(journal, "jose launch")]
    assert entry.id in ids and other.id not in ids


def test_snippets_mark_what_matched(journal, people):
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 9),
            body="We talked for an hour about the Lisbon bakery and a lot more "
            "besides, including the supplier she wants to meet next month.",
            people=[people["kofi"].id],
        )
    )
    hits = search.search(journal, "suppl", SearchFilters(kinds=frozenset({"entry"})))
    assert f"{MARK_START}supplier{MARK_END}" in hits[0].snippet
    person = search.search(journal, "jos")[0]
    assert person.title == f"{MARK_START}José{MARK_END} García"


def test_edits_show_at_once(journal, people):
    kofi = journal.person(people["kofi"].id)
    kofi.name = "Kwabena Mensah"
    journal.save_person(kofi)
    assert ("person", kofi.id) not in found(journal, "kofi")
    assert found(journal, "kwab")[0] == ("person", kofi.id)

    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 11, 2, 9), body="Planning the marathon", people=[kofi.id])
    )
    assert found(journal, "marathon") == [("entry", entry.id)]
    entry.body = "Planning the triathlon"
    journal.save_entry(entry)
    assert found(journal, "marathon") == []
    assert found(journal, "triath") == [("entry", entry.id)]


def test_delete_and_restore_from_trash_show_at_once(journal, people):
    ana = people["ana"]
    facet = journal.add_facet(ana.id, Facet(FacetKind.WORKING_ON, "the bakery launch"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 2, 9),
            body="Climbing session",
            people=[ana.id, people["kofi"].id],
        )
    )
    assert ("entry", entry.id) in found(journal, "ana climbing")

    trash_id = journal.delete_entry(entry.id)
    assert found(journal, "climbing session") == []
    journal.restore(trash_id)
    assert found(journal, "climbing session") == [("entry", entry.id)]

    trash_id = journal.delete_person(ana.id)
    assert ("person", ana.id) not in found(journal, "ana")
    assert ("facet", facet.id) not in found(journal, "launch")
    # The entry stays (Kofi was there too) but no longer carries Ana's name.
    assert ("entry", entry.id) not in found(journal, "ana climbing")
    assert ("entry", entry.id) in found(journal, "kofi climbing")

    journal.restore(trash_id)
    assert found(journal, "ana")[0] == ("person", ana.id)
    assert ("facet", facet.id) in found(journal, "launch")
    assert ("entry", entry.id) in found(journal, "ana climbing")
    assert found(journal, "climbing", tag="climbing")[0] == ("person", ana.id)


def test_facet_edit_and_delete_show_at_once(journal, people):
    facet = journal.add_facet(people["ana"].id, Facet(FacetKind.HOBBY, "birding"))
    assert found(journal, "bird") == [("facet", facet.id)]
    facet.text = "pottery"
    journal.save_facet(facet)
    assert found(journal, "bird") == []
    assert found(journal, "pott") == [("facet", facet.id)]
    journal.delete_facet(facet.id)
    assert found(journal, "pott") == []


def test_bulk_inserts_are_indexed(journal):
    from journal.core import sample

    sample.populate(journal, sample.SampleSpec(people=60, entries=300))
    person = journal.query_people()[7]
    assert ("person", person.id) in found(journal, person.name)
    entry = journal.query_entries()[0]
    full = journal.entry(entry.id)
    words = " ".join(full.body.split()[:4])
    assert ("entry", entry.id) in [(h.kind, h.id) for h in search.search(journal, words, limit=500)]


def test_filters(journal, people):
    ana, kofi, jose = people["ana"], people["kofi"], people["jose"]
    call = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 3, 10, 9),
            kind=EntryKind.CALL,
            body="Budget talk",
            people=[ana.id],
        )
    )
    meeting = journal.add_entry(
        Entry(occurred_at=datetime(2026, 5, 10, 9), body="Budget review", people=[kofi.id])
    )
    late = journal.add_entry(
        Entry(occurred_at=datetime(2026, 5, 31, 23, 59), body="Budget notes", people=[jose.id])
    )
    june = journal.add_entry(
        Entry(occurred_at=datetime(2026, 6, 1, 0, 0), body="Budget follow-up", people=[jose.id])
    )
    ids = {call.id, meeting.id, late.id, june.id}

    assert {i for _, i in found(journal, "budget")} == ids
    assert found(journal, "budget", person_id=ana.id) == [("entry", call.id)]
    assert found(journal, "budget", circle=Circle.INNER) == [("entry", call.id)]
    assert found(journal, "budget", circle="network") == [("entry", meeting.id)]
    assert found(journal, "budget", tag="founders") == [("entry", june.id), ("entry", late.id)]
    assert found(journal, "budget", tag="nobody has this") == []
    assert found(journal, "budget", entry_kind=EntryKind.CALL) == [("entry", call.id)]
    assert found(journal, "budget", since=date(2026, 5, 1), until=date(2026, 5, 31)) == [
        ("entry", late.id),
        ("entry", meeting.id),
    ]
    assert found(journal, "budget", since=date(2026, 6, 1)) == [("entry", june.id)]
    assert found(journal, "budget", until=date(2026, 3, 10)) == [("entry", call.id)]
    # People filters
    assert found(journal, "a", circle="inner") == [("person", ana.id)]
    assert found(journal, "l", tag="founders") == [("person", jose.id)]
    assert found(journal, "l", person_id=ana.id) == [("person", ana.id)]
    assert found(journal, "ana", kinds=frozenset({"entry"})) == []


def test_changing_a_date_circle_or_tag_moves_the_entry_between_filters(journal, people):
    kofi = people["kofi"]
    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 3, 10, 9), body="Pitch deck", people=[kofi.id])
    )
    assert found(journal, "pitch", since=date(2026, 4, 1)) == []
    entry.occurred_at = datetime(2026, 4, 2, 9)
    journal.save_entry(entry)
    assert found(journal, "pitch", since=date(2026, 4, 1)) == [("entry", entry.id)]

    assert found(journal, "pitch", circle="inner") == []
    person = journal.person(kofi.id)
    person.circle = Circle.INNER
    person.tags = ["investors"]
    journal.save_person(person)
    assert found(journal, "pitch", circle="inner") == [("entry", entry.id)]
    assert found(journal, "pitch", tag="investors") == [("entry", entry.id)]


def test_many_entries_at_the_same_minute_all_get_indexed_in_order(journal, people):
    when = datetime(2026, 2, 2, 12, 0)
    entries = [
        Entry(occurred_at=when, body=f"imported note {i}", people=[people["ana"].id])
        for i in range(1100)
    ]
    journal.add_entries(entries)
    later = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 2, 2, 12, 30),
            body="imported note later",
            people=[people["ana"].id],
        )
    )
    hits = search.search(journal, "imported", limit=2000)
    assert len(hits) == 1101
    assert hits[0].id == later.id
    on_day = found(journal, "imported", since=date(2026, 2, 2), until=date(2026, 2, 2))
    assert len(on_day) == 20
    everything = search.search(
        journal, "imported", SearchFilters(until=date(2026, 2, 2)), limit=5000
    )
    assert len(everything) == 1101


def test_archived_people_come_after_active_ones(journal):
    active = journal.add_person(Person(name="Maya Berg"))
    archived = journal.add_person(Person(name="Maya Chen"))
    journal.set_archived(archived.id)
    hits = search.search(journal, "maya")
    assert [h.id for h in hits] == [active.id, archived.id]
    assert hits[1].extra["archived"] is True


def test_recently_contacted_people_come_first(journal):
    quiet = journal.add_person(Person(name="Leila Haddad"))
    busy = journal.add_person(Person(name="Leila Nasser"))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 1, 9), body="coffee", people=[busy.id]))
    assert [h.id for h in search.search(journal, "leila")] == [busy.id, quiet.id]


def test_empty_and_punctuation_only_queries_find_nothing(journal, people):
    for typed in ("", "   ", "***", '""', "-", "()"):
        assert search.search(journal, typed) == []


def test_fts_syntax_is_plain_text(journal, people):
    journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 1, 1), body="Notes on NEAR OR AND", people=[people["ana"].id]
        )
    )
    assert found(journal, 'NEAR("notes" or)') != []
    assert found(journal, "title:notes") == []
    assert found(journal, "meta: cinner") == []  # the hidden filter column is not reachable


def test_limit_is_respected(journal):
    journal.add_people([Person(name=f"Sam {i}") for i in range(30)])
    assert len(search.search(journal, "sam", limit=7)) == 7
    assert len(search.search(journal, "sam")) == 20
    assert search.search(journal, "sam", limit=0) == []


def test_a_damaged_index_is_detected_and_rebuilt(journal, people):
    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 1, 5, 9), body="Kiln firing", people=[people["ana"].id])
    )
    assert search.check_index(journal)
    with journal.store.transaction() as conn:
        conn.execute("DELETE FROM entries_fts")
    assert found(journal, "kiln") == []
    assert not search.check_index(journal)
    search.rebuild_index(journal)
    assert search.check_index(journal)
    assert found(journal, "kiln") == [("entry", entry.id)]
    search.optimize_index(journal)
    assert found(journal, "jose")[0] == ("person", people["jose"].id)


def test_tidying_the_index_merges_it_and_keeps_every_hit(journal, people):
    for i in range(40):  # one transaction each: many small segments
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 1, 1 + i % 28, 9),
                body=f"Pottery class {i}",
                people=[people["ana"].id],
            )
        )
    before = {h.id for h in search.search(journal, "pottery", limit=100)}
    assert len(before) == 40
    assert search.tidy_index(journal, pages=50) >= 1
    assert search.tidy_index(journal) == 0  # nothing left to merge
    assert {h.id for h in search.search(journal, "pottery", limit=100)} == before
    assert search.check_index(journal)


def test_entry_hits_name_who_was_there_and_follow_a_rename(journal, people):
    kofi = people["kofi"]
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 2, 9),
            body="Seed round",
            people=[kofi.id, people["ana"].id],
        )
    )
    hit = search.search(journal, "seed")[0]
    assert (hit.id, hit.person_id, plain(hit.title)) == (
        entry.id,
        kofi.id,
        "Meeting with Kof and Ana Lima",
    )
    person = journal.person(kofi.id)
    person.preferred_name = "Kwabena"
    journal.save_person(person)
    assert plain(search.search(journal, "seed")[0].title) == "Meeting with Kwabena and Ana Lima"
    assert search.search(journal, "kwabena seed")[0].id == entry.id

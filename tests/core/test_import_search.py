"""An import indexes its people for search once each, at its end (``search.people_indexed_once``):
search then finds them exactly as if they had been added one at a time; an import that
fails leaves the search index and its triggers as they were; undo takes them out of it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from journal.core import operations
from journal.core.interop.plan import Action, apply_import, plan_import
from journal.core.interop.vcard import parse_vcards
from journal.core.journal import Journal
from journal.core.model import Channel, ChannelKind, Person
from journal.core.search import SearchFilters, search
from tests.core.interop_support import card, snapshot

CARDS = (
    card(
        "FN:Ana Lima",
        "NICKNAME:Nana",
        "ORG:Crumb Bakery;Pastry",
        "TITLE:Founder",
        "EMAIL:ana@crumb.example",
        "CATEGORIES:bakers,Lisbon friends",
        "NOTE:Met at the flour fair.",
        "X-SPOUSE:Rui Lima",
    )
    + card(
        "FN:Kofi Mensah",
        "ORG:Northwind Traders",
        "TEL:+233 20 000 1111",
        "CATEGORIES:chess,bakers,climbing",
        "NOTE:Plays chess on Sundays.",
        "ANNIVERSARY:2015-06-20",
    )
    + card("FN:Zoë Ødegård", "ORG:Fjord Data", "CATEGORIES:Oslo", "EMAIL:zoe@fjord.example")
    + card("FN:Marta Kowalska", "NOTE:No tags at all.")
    + card("ORG:Lone Org Ltd", "CATEGORIES:suppliers")
)

#: What a user types to find each of them: names, a name's first letters, tags,
#: organisations, words of their notes, a facet's words.
QUERIES = (
    "Ana Lima", "Ana", "Li", "Nana", "Kofi", "Men", "Zoë", "Ode", "Marta", "Kow",
    "bakers", "chess", "climbing", "Lisbon", "Oslo", "suppliers",
    "Crumb", "Northwind", "Fjord", "Lone", "Pastry", "Founder", "flour", "Sundays",
    "Rui", "anniversary",
)  # fmt: skip

#: The schema's triggers a bulk import drops for its block.
HELD = ("people_fts_insert", "person_tags_fts_insert", "person_tags_fts_delete")


def triggers(journal: Journal) -> list[tuple[str, str]]:
    conn = journal.store.conn
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        )
    ]


def indexed_words(journal: Journal) -> dict[str, Any]:
    """Every word of the people and facets index, by whose row it is in (names, not ids:
    two journals' ids differ)."""
    conn = journal.store.conn
    out: dict[str, Any] = {}
    for table, rows in (
        (
            "people_fts",
            "SELECT k.doc, p.name FROM search_fts_people_keys k JOIN people p ON p.id = k.ref",
        ),
        (
            "facets_fts",
            "SELECT k.doc, p.name || ': ' || f.text FROM search_fts_facets_keys k "
            "JOIN facets f ON f.id = k.ref JOIN people p ON p.id = f.person_id",
        ),
    ):
        names = {r[0]: r[1] for r in conn.execute(rows)}
        conn.execute(f"CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, {table}, instance)")
        try:
            words: dict[str, list[str]] = {}
            for doc, term in conn.execute("SELECT doc, term FROM temp.words"):
                words.setdefault(names.get(doc, f"no one ({doc})"), []).append(term)
        finally:
            conn.execute("DROP TABLE temp.words")
        out[table] = {name: sorted(terms) for name, terms in words.items()}
        out[table + " docs"] = sorted(names)
    return out


def found(journal: Journal, query: str, **filters: Any) -> list[tuple[str, str, str, str]]:
    hits = search(journal, query, SearchFilters(**filters), limit=50)
    return [(h.kind, h.title, h.snippet, h.subtitle) for h in hits]


def people(journal: Journal, query: str, **filters: Any) -> set[str]:
    """The names of the people ``query`` finds (people's own rows, not facets or entries)."""
    hits = search(journal, query, SearchFilters(**filters), limit=50)
    return {journal.person(h.id).name for h in hits if h.kind == "person"}


def import_cards(journal: Journal, text: str = CARDS) -> None:
    plan = plan_import(journal, parse_vcards(text))
    assert all(item.action == Action.ADD for item in plan.items)
    apply_import(journal, plan)


def add_one_by_one(journal: Journal, text: str = CARDS) -> None:
    """The same people as ``import_cards`` adds, each in a call of its own."""
    plan = plan_import(journal, parse_vcards(text))
    for item in plan.items:
        person = copy.deepcopy(item.incoming.person)
        person.circle, person.placed = plan.circle, False
        journal.add_person(person)


@pytest.fixture
def bulk(make_journal) -> Journal:
    return make_journal("bulk")


@pytest.fixture
def single(make_journal) -> Journal:
    return make_journal("single")


def test_an_import_is_indexed_as_adding_the_people_one_by_one_is(bulk, single):
    schema = triggers(bulk)
    import_cards(bulk)
    add_one_by_one(single)
    assert triggers(bulk) == schema  # the per-row triggers are back, as they were
    words = indexed_words(bulk)
    assert len(words["people_fts"]) == 5 and len(words["facets_fts"]) == 2
    assert words == indexed_words(single)
    for query in QUERIES:
        assert found(bulk, query) == found(single, query), query
    for tag in ("bakers", "chess", "Oslo", "suppliers"):
        assert found(bulk, "a", tag=tag) == found(single, "a", tag=tag), tag


def test_search_finds_each_imported_person_by_name_prefix_tag_and_organisation(journal):
    import_cards(journal)
    assert people(journal, "Ana Lima") == {"Ana Lima"}
    assert people(journal, "Nana") == {"Ana Lima"}
    assert people(journal, "Kof") == {"Kofi Mensah"}
    assert people(journal, "Ode") == {"Zoë Ødegård"}
    assert people(journal, "bakers") == {"Ana Lima", "Kofi Mensah"}
    assert people(journal, "climbing") == {"Kofi Mensah"}
    assert people(journal, "Fjord") == {"Zoë Ødegård"}
    assert people(journal, "Lone Org") == {"Lone Org Ltd"}
    assert people(journal, "Sundays") == {"Kofi Mensah"}
    assert people(journal, "Lima", tag="Lisbon friends") == {"Ana Lima"}
    assert people(journal, "Lima", tag="chess") == set()


def test_people_merged_into_by_an_import_are_indexed_with_what_it_added(journal):
    ana = journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    plan = plan_import(journal, parse_vcards(CARDS))
    assert [i.action for i in plan.items].count(Action.MERGE) == 1
    apply_import(journal, plan)
    assert people(journal, "Lisbon") == {"Ana Lima"}
    assert people(journal, "Crumb") == {"Ana Lima"}
    assert sorted(journal.person(ana.id).tags) == ["Lisbon friends", "bakers"]


def test_a_failed_import_leaves_search_and_its_triggers_as_they_were(journal, monkeypatch):
    ana = journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    schema = triggers(journal)
    before = snapshot(journal)
    plan = plan_import(journal, parse_vcards(CARDS))

    def broken(person):  # the merge into Ana, after the new people are written
        raise OSError("disk went away")

    monkeypatch.setattr(journal, "save_person", broken)
    with pytest.raises(OSError):
        apply_import(journal, plan)
    monkeypatch.undo()
    assert snapshot(journal) == before
    assert triggers(journal) == schema
    assert found(journal, "Kofi") == [] and found(journal, "chess") == []
    # Added afterwards, one at a time: indexed by the schema's own triggers.
    journal.add_person(Person(name="Kofi Mensah", tags=["chess"], organisation="Northwind"))
    journal.save_person(journal.person(ana.id))
    for query in ("Kofi", "Mens", "chess", "Northwind"):
        assert people(journal, query) == {"Kofi Mensah"}, query


def test_a_failure_while_people_are_written_leaves_the_triggers(journal, monkeypatch):
    from journal.core import people as people_db

    schema = triggers(journal)
    real = people_db._insert_rows
    written = []

    def fails_on_the_third(conn, head, rows):  # people and channels written; then tags
        written.append(head)
        if len(written) == 3:
            raise OSError("disk went away")
        real(conn, head, rows)

    monkeypatch.setattr(people_db, "_insert_rows", fails_on_the_third)
    with pytest.raises(OSError):
        import_cards(journal)
    monkeypatch.undo()
    assert "person_tags" in written[-1]  # the people and their channels were written
    assert journal.people() == []
    assert triggers(journal) == schema
    journal.add_person(Person(name="Ana Lima", tags=["bakers"]))
    assert people(journal, "bakers") == {"Ana Lima"}


def test_undoing_an_import_takes_its_people_out_of_search(journal):
    ana = journal.add_person(
        Person(name="Ana Lima", channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")])
    )
    plan = plan_import(journal, parse_vcards(CARDS))
    operations.import_people(journal, plan, source="contacts.vcf")
    assert people(journal, "bakers") == {"Ana Lima", "Kofi Mensah"}
    operations.undo(journal)
    for query in ("Kofi", "chess", "Northwind", "Zoë", "Oslo", "bakers", "Lisbon", "Crumb"):
        assert found(journal, query) == [], query
    assert people(journal, "Ana") == {"Ana Lima"}
    assert journal.person(ana.id).tags == []

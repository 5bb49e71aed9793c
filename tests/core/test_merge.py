"""Merging duplicates: nothing lost, nothing twice, one transaction, undone from the trash."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.core import links, merge, search
from journal.core.clock import FixedClock
from journal.core.errors import InvalidInput
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    NetworkKind,
    Person,
)
from journal.core.paths import JournalPaths
from tests.support.keyrings import MemoryKeyring


def snapshot(journal: Journal) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the trash: what "exactly as before" means.

    The search index is left out: its internal pages differ after any change and back,
    so it is checked by what a search finds (and ``search.check_index``) instead.
    """
    with journal.store.reading() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'trash' AND name NOT LIKE '%fts%'"
            )
        ]
        return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}")) for t in tables}


@pytest.fixture
def pair(journal: Journal) -> tuple[Person, Person, dict[str, Any]]:
    """Ana twice (typed by hand, then imported), with overlapping details and history."""
    ana = journal.add_person(
        Person(
            "Ana Lima",
            organisation="Crumb & Co. Bakery",
            circle=Circle.NETWORK,
            met_on=date(2021, 4, 2),
            notes="Met at the food fair.",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example", "work")],
            tags=["founders"],
            network_kinds={NetworkKind.OPERATIONAL},
            facets=[
                Facet(FacetKind.HOBBY, "Sourdough baking", shared=True),
                Facet(FacetKind.WORKING_ON, "the bakery launch"),
            ],
        )
    )
    imported = journal.add_person(
        Person(
            "Ana Lima",
            preferred_name="Aninha",
            role="founder",
            circle=Circle.CLOSE,
            met_on=date(2019, 9, 1),
            birthday=Birthday(3, 14),
            notes="From my phone's contacts.",
            channels=[
                Channel(ChannelKind.EMAIL, " ANA@crumb.example "),
                Channel(ChannelKind.PHONE, "+351 912 345 678", "mobile"),
            ],
            tags=["founders", "neighbour"],
            network_kinds={NetworkKind.PERSONAL},
            facets=[
                Facet(FacetKind.HOBBY, "sourdough  baking"),
                Facet(
                    FacetKind.WORKING_ON,
                    "the bakery launch",
                    detail="how the launch went",
                    ask_again_on=date(2026, 12, 1),
                ),
                Facet(FacetKind.FAMILY, "a son, Leo"),
            ],
        )
    )
    leo = journal.add_person(Person("Leo Lima"))
    kofi = journal.add_person(Person("Kofi Mensah"))
    only_ana = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 3, 1, 10),
            people=[ana.id, kofi.id],
            body="Coffee",
            follow_ups=[FollowUp("Send Ana the supplier intro", person_id=ana.id)],
            ledger=[LedgerItem(ana.id, Direction.GIVEN, LedgerKind.INTRODUCTION, "supplier")],
        )
    )
    only_imported = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 9),
            people=[imported.id],
            body="Bakery launch!",
            ledger=[LedgerItem(imported.id, Direction.RECEIVED, LedgerKind.GIFT, "bread")],
        )
    )
    both = journal.add_entry(
        Entry(
            occurred_at=datetime(2025, 12, 24, 20),
            people=[imported.id, ana.id],
            body="Christmas dinner",
        )
    )
    journal.add_follow_up(
        FollowUp("Ask about the second shop", person_id=imported.id, due_on=date(2026, 12, 10))
    )
    links.add_link(journal, leo.id, "son", ana.id)
    links.add_link(journal, leo.id, "son", imported.id)  # the same fact, twice
    links.add_link(journal, kofi.id, "introduced-by", imported.id, since=date(2023, 6, 1))
    links.add_link(journal, kofi.id, "friend", ana.id)
    links.add_link(journal, imported.id, "friend", kofi.id)  # the other order
    links.add_link(journal, ana.id, "knows", imported.id)  # would join Ana to herself
    return (
        ana,
        imported,
        {"entries": {only_ana.id, only_imported.id, both.id}, "leo": leo, "kofi": kofi},
    )


def test_merging_keeps_everything_exactly_once(journal, pair):
    ana, imported, extra = pair
    before = {
        "ledger": {i.id for p in (ana, imported) for i in journal.ledger_for(p.id)},
        "follow_ups": {f.id for p in (ana, imported) for f in journal.follow_ups_for(p.id)},
    }
    proposal = merge.propose(journal, [imported.id, ana.id])
    result = merge.merge(journal, proposal.plan)

    survivor = journal.person(result.survivor_id)
    gone = imported.id if survivor.id == ana.id else ana.id
    assert [p.id for p in journal.find_people("Ana Lima")] == [survivor.id]
    entry_ids = [
        e.id for e in journal.query_entries() if survivor.id in {pid for pid, _ in e.people}
    ]
    assert sorted(entry_ids) == sorted(extra["entries"])  # each entry once, none lost
    assert {i.id for i in journal.ledger_for(survivor.id)} == before["ledger"]
    assert {f.id for f in journal.follow_ups_for(survivor.id)} == before["follow_ups"]
    assert sorted((c.kind.value, c.value.lower()) for c in survivor.channels) == [
        ("email", "ana@crumb.example"),
        ("phone", "+351 912 345 678"),
    ]
    assert sorted((f.kind.value, " ".join(f.text.lower().split())) for f in survivor.facets) == [
        ("family", "a son, leo"),
        ("hobby", "sourdough baking"),
        ("working_on", "the bakery launch"),
    ]
    hobby = next(f for f in survivor.facets if f.kind is FacetKind.HOBBY)
    assert hobby.shared  # one copy said "we share this"
    launch = next(f for f in survivor.facets if f.kind is FacetKind.WORKING_ON)
    assert launch.ask_again_on == date(2026, 12, 1)  # the duplicate lent its details
    assert sorted(survivor.tags) == ["founders", "neighbour"]
    assert survivor.network_kinds == {NetworkKind.OPERATIONAL, NetworkKind.PERSONAL}
    assert survivor.last_contact_at == datetime(2026, 10, 3, 9)
    # Links: Leo is her son once, Kofi a friend once, the introduction kept, no self-link.
    assert sorted(v.sentence for v in links.links_for(journal, survivor.id)) == [
        "Aninha introduced you to Kofi Mensah in 2023.",  # she goes by Aninha now
        "Kofi Mensah is Aninha's friend.",
        "Leo Lima is Aninha's son.",
    ]
    assert links.introduction_story(journal, extra["kofi"].id) == (
        "You met Kofi Mensah through Aninha in 2023."
    )
    assert not journal.people([gone])
    assert result.moved["entry_people"] == 1 and result.moved["ledger"] == 1


def test_the_plan_picks_the_closest_circle_earliest_meeting_and_keeps_all_notes(journal, pair):
    ana, imported, _ = pair
    proposal = merge.propose(journal, [ana.id, imported.id])
    plan = proposal.plan
    assert plan.choices["circle"] == imported.id  # close beats network
    assert plan.choices["met_on"] == imported.id  # 2019 before 2021
    assert plan.choices["notes"] == merge.COMBINE
    assert plan.choices["organisation"] == ana.id  # only Ana's record has one
    preview = merge.preview(proposal, plan)
    result = merge.merge(journal, plan)
    survivor = journal.person(result.survivor_id)
    for person in (preview, survivor):
        assert person.circle is Circle.CLOSE
        assert person.met_on == date(2019, 9, 1)
        assert person.organisation == "Crumb & Co. Bakery"
        assert person.preferred_name == "Aninha"
        assert person.birthday == Birthday(3, 14)
        assert person.notes == "Met at the food fair.\n\nFrom my phone's contacts." or (
            person.notes == "From my phone's contacts.\n\nMet at the food fair."
        )
    assert sorted(c.value.lower() for c in preview.channels) == [
        "+351 912 345 678",
        "ana@crumb.example",
    ]


def test_choosing_each_field_and_the_survivor(journal, pair):
    ana, imported, _ = pair
    plan = merge.propose(journal, [ana.id, imported.id]).plan.with_survivor(imported.id)
    plan.choices.update(name=ana.id, circle=ana.id, notes=imported.id, birthday=ana.id)
    merge.merge(journal, plan)
    survivor = journal.person(imported.id)
    assert survivor.circle is Circle.NETWORK
    assert survivor.notes == "From my phone's contacts."
    assert survivor.birthday is None
    assert not journal.people([ana.id])


def test_undo_from_the_trash_puts_every_row_back(journal, pair):
    ana, imported, _ = pair
    before = snapshot(journal)
    result = merge.merge(journal, merge.propose(journal, [ana.id, imported.id]).plan)
    [item] = journal.trash()
    assert item.kind == "merge" and item.label == "Merged Ana Lima into Ana Lima"
    assert snapshot(journal) != before

    journal.restore(item.id)
    assert snapshot(journal) == before
    assert journal.trash() == []
    assert len(journal.find_people("Ana Lima")) == 2
    assert result.trash_id == item.id


def test_undo_leaves_later_edits_alone(journal, pair):
    ana, imported, _ = pair
    result = merge.merge(journal, merge.propose(journal, [ana.id, imported.id]).plan)
    survivor = journal.person(result.survivor_id)
    survivor.location = "Lisbon"  # edited after the merge
    journal.save_person(survivor)
    merge.undo(journal, result)
    assert journal.person(result.survivor_id).location == "Lisbon"
    assert len(journal.find_people("Ana Lima")) == 2


def test_tables_added_later_are_merged_too(journal, pair):
    """The engine's reminder state (migration 2) and anything after it, found by keys."""
    ana, imported, _ = pair
    with journal.transaction() as conn:
        conn.execute(
            "CREATE TABLE later_state (person_id TEXT PRIMARY KEY REFERENCES "
            "people (id) ON DELETE CASCADE, snoozed_until TEXT)"
        )
        conn.execute(
            "CREATE TABLE later_log (id INTEGER PRIMARY KEY, person_id TEXT "
            "REFERENCES people (id) ON DELETE CASCADE, what TEXT)"
        )
        conn.execute("INSERT INTO later_state VALUES (?, '2026-12-01')", (imported.id,))
        conn.executemany(
            "INSERT INTO later_log (person_id, what) VALUES (?, ?)",
            [(ana.id, "skipped"), (imported.id, "snoozed")],
        )
    before = snapshot(journal)
    plan = merge.propose(journal, [ana.id, imported.id]).plan.with_survivor(ana.id)
    result = merge.merge(journal, plan)
    assert [tuple(r) for r in journal.store.query("SELECT * FROM later_state")] == [
        (ana.id, "2026-12-01")
    ]
    assert sorted(
        tuple(r) for r in journal.store.query("SELECT person_id, what FROM later_log")
    ) == [(ana.id, "skipped"), (ana.id, "snoozed")]
    assert result.moved["later_state"] == 1
    journal.restore(result.trash_id)
    assert snapshot(journal) == before


def test_a_merge_that_fails_part_way_changes_nothing(journal, pair):
    ana, imported, _ = pair
    before = snapshot(journal)
    with journal.transaction() as conn:  # a failure at the very last step
        conn.execute(
            "CREATE TEMP TRIGGER refuse BEFORE DELETE ON people "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    with pytest.raises(Exception, match="disk trouble"):
        merge.merge(journal, merge.propose(journal, [ana.id, imported.id]).plan)
    assert snapshot(journal) == before
    assert journal.trash() == []


def test_merging_three_people(journal, pair):
    ana, imported, _ = pair
    third = journal.add_person(
        Person("A. Lima", channels=[Channel(ChannelKind.PHONE, "+351912345678")])
    )
    journal.add_entry(Entry(occurred_at=datetime(2024, 1, 5), people=[third.id], body="Old note"))
    result = merge.merge(journal, merge.propose(journal, [ana.id, imported.id, third.id]).plan)
    survivor = journal.person(result.survivor_id)
    assert len(result.merged_ids) == 2
    assert [c.kind.value for c in survivor.channels].count("phone") == 1
    assert journal.count_entries() == 4
    assert (
        len([e for e in journal.query_entries() if survivor.id in {pid for pid, _ in e.people}])
        == 4
    )
    journal.restore(result.trash_id)
    assert {p.name for p in journal.people()} >= {"A. Lima", "Ana Lima"}


def test_bad_plans_are_refused(journal, pair):
    ana, imported, extra = pair
    with pytest.raises(InvalidInput):
        merge.propose(journal, [ana.id])
    plan = merge.propose(journal, [ana.id, imported.id]).plan
    plan.choices["name"] = extra["leo"].id
    with pytest.raises(InvalidInput, match="one of the people"):
        merge.merge(journal, plan)
    with pytest.raises(InvalidInput):
        plan.with_survivor(extra["leo"].id)


# -- property: any two people, any overlap ---------------------------------------------------

_emails = st.sampled_from(["a@x.org", "A@X.org", "b@x.org", "c@y.org"])
_facets = st.sampled_from(
    [
        (FacetKind.HOBBY, "chess"),
        (FacetKind.HOBBY, "Chess"),
        (FacetKind.WORKING_ON, "a book"),
        (FacetKind.FAMILY, "twins"),
    ]
)
_person = st.fixed_dictionaries(
    {
        "emails": st.lists(_emails, max_size=3),
        "facets": st.lists(_facets, max_size=3),
        "tags": st.lists(st.sampled_from(["x", "y", "z"]), max_size=2),
        "entries": st.integers(0, 3),
        "ledger": st.integers(0, 2),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_person, second=_person, shared_entries=st.integers(0, 2))
def test_property_merge_keeps_each_row_once_and_undo_restores_all(first, second, shared_entries):
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.create(
            JournalPaths(Path(tmp) / "j"),
            "pw",
            kdf=KdfParams.fresh(n=2**10),
            clock=FixedClock("2026-11-24T09:00:00"),
            keychain=Keychain(MemoryKeyring()),
        )
        try:
            people = []
            for spec in (first, second):
                person = journal.add_person(
                    Person(
                        "Sam Park",
                        channels=[Channel(ChannelKind.EMAIL, e) for e in spec["emails"]],
                        facets=[Facet(k, t) for k, t in spec["facets"]],
                        tags=spec["tags"],
                    )
                )
                for i in range(spec["entries"]):
                    journal.add_entry(
                        Entry(occurred_at=datetime(2026, 1, 1 + i), body="e", people=[person.id])
                    )
                for _ in range(spec["ledger"]):
                    journal.add_ledger_item(
                        LedgerItem(person.id, Direction.GIVEN, LedgerKind.ADVICE)
                    )
                people.append(person)
            for i in range(shared_entries):
                journal.add_entry(
                    Entry(
                        occurred_at=datetime(2025, 6, 1 + i),
                        body="both",
                        people=[p.id for p in people],
                    )
                )
            before = snapshot(journal)
            result = merge.merge(journal, merge.propose(journal, [p.id for p in people]).plan)
            survivor = journal.person(result.survivor_id)

            emails = {e.lower() for spec in (first, second) for e in spec["emails"]}
            assert sorted(c.value.lower() for c in survivor.channels) == sorted(emails)
            facets = {(k, t.lower()) for spec in (first, second) for k, t in spec["facets"]}
            assert sorted((f.kind, f.text.lower()) for f in survivor.facets) == sorted(facets)
            assert set(survivor.tags) == set(first["tags"]) | set(second["tags"])
            assert journal.count_entries() == (
                first["entries"] + second["entries"] + shared_entries
            )
            assert len(journal.query_entries()) == len(
                [
                    e
                    for e in journal.query_entries()
                    if [pid for pid, _ in e.people] == [survivor.id]
                ]
            )
            assert len(journal.ledger_for(survivor.id)) == first["ledger"] + second["ledger"]

            assert search.check_index(journal)
            journal.restore(result.trash_id)
            assert snapshot(journal) == before
            assert search.check_index(journal)
        finally:
            journal.close()


def test_search_finds_moved_entries_under_the_survivor_and_undo_puts_them_back(journal, pair):
    ana, imported, _ = pair
    plan = merge.propose(journal, [ana.id, imported.id]).plan.with_survivor(ana.id)

    def launch_for(person_id: str) -> list[str]:
        return [
            h.id
            for h in search.search(
                journal,
                "launch",
                search.SearchFilters(person_id=person_id, kinds=frozenset({"entry"})),
            )
        ]

    [launch] = launch_for(imported.id)  # "Bakery launch!" was with the imported record
    result = merge.merge(journal, plan)
    assert launch_for(ana.id) == [launch]
    assert search.check_index(journal)
    journal.restore(result.trash_id)
    assert launch_for(imported.id) == [launch] and launch_for(ana.id) == []
    assert search.check_index(journal)


def test_the_same_phone_with_and_without_country_code_is_kept_once(journal):
    """Channels are the same by the importers' rules (duplicates.channels_match)."""
    a = journal.add_person(
        Person(
            "Rui Costa",
            channels=[
                Channel(ChannelKind.PHONE, "+351 912 345 678"),
                Channel(ChannelKind.EMAIL, "rui@x.pt"),
            ],
        )
    )
    b = journal.add_person(
        Person(
            "Rui Costa",
            channels=[
                Channel(ChannelKind.PHONE, "0912 345 678"),
                Channel(ChannelKind.EMAIL, "mailto:RUI@x.pt"),
                Channel(ChannelKind.PHONE, "+44 20 7946 0018"),
            ],
        )
    )
    proposal = merge.propose(journal, [a.id, b.id])
    assert len(merge.preview(proposal, proposal.plan).channels) == 3
    result = merge.merge(journal, proposal.plan)
    kept = journal.person(result.survivor_id).channels
    assert sorted(c.kind.value for c in kept) == ["email", "phone", "phone"]
    assert [c.value for c in kept if "7946" in c.value] == ["+44 20 7946 0018"]

"""The facade's actions on people, facets, entries, follow-ups and the ledger."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.core.entries import EntryQuery
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    NetworkKind,
    Person,
)
from journal.core.people import PeopleQuery
from journal.core.settings import JournalSettings


def test_a_person_keeps_every_field(journal):
    person = journal.add_person(
        Person(
            name="Ana Lima",
            preferred_name="Ana",
            organisation="Crumb & Co.",
            role="founder",
            field="Food",
            location="Lisbon",
            met_how="through Kofi",
            met_on=date(2023, 4, 2),
            circle=Circle.CLOSE,
            cadence_days=21,
            network_kinds={NetworkKind.PERSONAL, NetworkKind.STRATEGIC},
            birthday=Birthday(10, 3),
            tags=["founders", "food"],
            notes="Loves jazz",
            channels=[
                Channel(ChannelKind.EMAIL, "ana@example.org", "work"),
                Channel(ChannelKind.PHONE, "+351 912 345 678"),
            ],
        )
    )
    loaded = journal.person(person.id)
    assert loaded.display_name == "Ana"
    assert (loaded.met_on, loaded.circle, loaded.cadence_days) == (
        date(2023, 4, 2),
        Circle.CLOSE,
        21,
    )
    assert loaded.network_kinds == {NetworkKind.PERSONAL, NetworkKind.STRATEGIC}
    assert loaded.birthday == Birthday(10, 3)
    assert loaded.tags == ["food", "founders"]
    assert [(c.kind, c.value) for c in loaded.channels] == [
        (ChannelKind.EMAIL, "ana@example.org"),
        (ChannelKind.PHONE, "+351 912 345 678"),
    ]
    assert loaded.created_at == "2026-11-24T09:00:00Z"


def test_editing_a_person_keeps_facet_identity(journal, clock):
    person = journal.add_person(Person(name="Kofi", facets=[Facet(FacetKind.HOBBY, "chess")]))
    loaded = journal.person(person.id)
    facet_id = loaded.facets[0].id
    clock.advance(days=1)
    loaded.facets[0].text = "chess and go"
    loaded.facets.append(Facet(FacetKind.BACKGROUND, "grew up in Accra", shared=True))
    loaded.organisation = "Northwind"
    journal.save_person(loaded)
    again = journal.person(person.id)
    assert again.organisation == "Northwind"
    assert [(f.id == facet_id, f.text) for f in again.facets] == [
        (True, "chess and go"),
        (False, "grew up in Accra"),
    ]
    assert again.facets[0].created_at == "2026-11-24T09:00:00Z"
    assert again.updated_at == "2026-11-25T09:00:00Z"


def test_a_person_needs_a_name(journal):
    with pytest.raises(InvalidInput):
        journal.add_person(Person(name="   "))
    assert journal.query_people() == []


def test_people_list_filters_and_sorts(journal, clock):
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            circle=Circle.CLOSE,
            tags=["founders"],
            network_kinds={NetworkKind.PERSONAL},
        )
    )
    journal.add_person(Person(name="Bruno Costa", organisation="Ana's Bakery"))
    zoe = journal.add_person(Person(name="Zoe Park", circle=Circle.INNER))
    journal.add_person(Person(name="Old Friend", archived=True))
    journal.add_entry(Entry(occurred_at=datetime(2026, 11, 1), body="x", people=[zoe.id]))
    journal.add_entry(Entry(occurred_at=datetime(2026, 10, 1), body="x", people=[ana.id]))

    def names(**kw):
        return [p.name for p in journal.query_people(PeopleQuery(**kw))]

    assert names() == ["Ana Lima", "Bruno Costa", "Zoe Park"]
    assert names(include_archived=True)[2] == "Old Friend"
    assert names(only_archived=True) == ["Old Friend"]
    assert names(circle=Circle.CLOSE) == ["Ana Lima"]
    assert names(tag="founders") == ["Ana Lima"]
    assert names(network_kind=NetworkKind.PERSONAL) == ["Ana Lima"]
    assert names(text="ana") == ["Ana Lima", "Bruno Costa"]  # name or organisation
    assert names(text="50%") == []  # LIKE wildcards are literal
    assert names(sort="last_contact", descending=True) == ["Zoe Park", "Ana Lima", "Bruno Costa"]
    assert names(sort="circle") == ["Zoe Park", "Ana Lima", "Bruno Costa"]
    assert names(limit=1, offset=1) == ["Bruno Costa"]


def test_an_entry_with_follow_ups_and_ledger_updates_last_contact(journal):
    ana = journal.add_person(Person(name="Ana"))
    kofi = journal.add_person(Person(name="Kofi"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 14, 30),
            kind=EntryKind.MEETING,
            title="Coffee",
            body="Talked about the bakery",
            place="Verde",
            people=[ana.id, kofi.id],
            follow_ups=[
                FollowUp("Send the supplier intro", due_on=date(2026, 10, 10), person_id=ana.id)
            ],
            ledger=[
                LedgerItem(ana.id, Direction.GIVEN, LedgerKind.INTRODUCTION, "supplier"),
                LedgerItem(kofi.id, Direction.RECEIVED, LedgerKind.ADVICE, "pricing"),
            ],
        )
    )
    assert journal.person(ana.id).last_contact_at == datetime(2026, 10, 3, 14, 30)
    assert journal.balance(ana.id).net == 1 and journal.balance(kofi.id).net == -1
    assert journal.ledger_for(ana.id)[0].occurred_on == date(2026, 10, 3)
    loaded = journal.entry(entry.id)
    assert loaded.people == [ana.id, kofi.id] and loaded.place == "Verde"

    loaded.occurred_at = datetime(2026, 9, 1)
    loaded.people = [kofi.id]
    loaded.follow_ups = []
    journal.save_entry(loaded)
    assert journal.person(ana.id).last_contact_at is None
    assert journal.person(kofi.id).last_contact_at == datetime(2026, 9, 1)
    assert journal.open_follow_ups() == []


def test_entries_query_by_person_kind_and_dates(journal):
    ana = journal.add_person(Person(name="Ana"))
    for day, kind in ((1, EntryKind.CALL), (5, EntryKind.MEETING), (9, EntryKind.CALL)):
        journal.add_entry(
            Entry(
                occurred_at=datetime(2026, 10, day, 12),
                kind=kind,
                body=f"day {day}",
                people=[ana.id] if day != 9 else [],
            )
        )

    def days(**kw):
        return [e.occurred_at.day for e in journal.query_entries(EntryQuery(**kw))]

    assert days() == [9, 5, 1]
    assert days(person_id=ana.id) == [5, 1]
    assert days(kind=EntryKind.CALL) == [9, 1]
    assert days(since=date(2026, 10, 2), until=date(2026, 10, 9)) == [9, 5]
    assert journal.count_entries(EntryQuery(person_id=ana.id)) == 2
    shown = journal.query_entries(EntryQuery(person_id=ana.id))[0]
    assert shown.people == ((ana.id, "Ana"),)


def test_quick_log_matches_existing_people_and_refuses_ambiguity(journal):
    journal.add_person(Person(name="Ana Lima"))
    entry, created = journal.log(["ana lima", "New Person"], "hello")
    assert [p.name for p in created] == ["New Person"]
    assert len(entry.people) == 2
    _entry, created = journal.log(["Met Last Week"], "conference", when=datetime(2026, 11, 17, 15))
    assert created[0].met_on == date(2026, 11, 17)  # met when the entry says, not today
    journal.add_person(Person(name="Ana Lima", organisation="Another Ana"))
    with pytest.raises(InvalidInput, match="More than one"):
        journal.log(["Ana Lima"], "who?")


def test_follow_ups_can_be_completed_and_reopened(journal, clock):
    item = journal.add_follow_up(FollowUp("Call back", due_on=date(2026, 11, 30)))
    journal.complete_follow_up(item.id)
    assert journal.open_follow_ups() == []
    journal.reopen_follow_up(item.id)
    assert [f.text for f in journal.open_follow_ups()] == ["Call back"]
    with pytest.raises(NotFound):
        journal.complete_follow_up("no-such-id")


def test_one_action_is_one_transaction(journal):
    with pytest.raises(RuntimeError), journal.transaction():
        journal.add_person(Person(name="Half Done"))
        raise RuntimeError("crash in the middle of an action")
    assert journal.query_people() == []


def test_listeners_hear_committed_changes_only(journal):
    heard = []
    unsubscribe = journal.on_change(lambda kind, ids: heard.append(kind))
    person = journal.add_person(Person(name="Ana"))
    with pytest.raises(RuntimeError), journal.transaction():
        journal.add_person(Person(name="Rolled Back"))
        raise RuntimeError
    journal.add_facet(person.id, Facet(FacetKind.HOBBY, "chess"))
    assert heard == ["person", "person"]
    unsubscribe()
    journal.add_person(Person(name="Unheard"))
    assert heard == ["person", "person"]


def test_settings_and_drafts_live_in_the_journal(journal):
    settings = journal.settings()
    assert settings.daily_cap == 3 and settings.cadence_days[Circle.NETWORK] == 60
    settings.daily_cap = 5
    settings.cadence_days[Circle.CLOSE] = 21
    journal.save_settings(settings)
    assert journal.settings() == JournalSettings.from_json(settings.to_json())
    assert journal.settings().cadence_days[Circle.CLOSE] == 21
    journal.save_draft("editor", {"body": "half a thought"})
    assert journal.drafts() == {"editor": {"body": "half a thought"}}
    journal.discard_draft("editor")
    assert journal.drafts() == {}


def test_archiving_hides_from_the_default_list(journal):
    person = journal.add_person(Person(name="Ana"))
    journal.set_archived(person.id)
    assert journal.query_people() == []
    assert journal.person(person.id).archived
    journal.set_archived(person.id, False)
    assert [p.name for p in journal.query_people()] == ["Ana"]


def test_giving_memory_back_loses_nothing(journal):
    """After ``release_memory`` (the start does it once Today is shown) everything reads
    as before and saving still works: the freed pages are read again."""
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.log([], "Coffee at the market", person_ids=[ana.id], when=datetime(2026, 11, 20, 10))
    before = (journal.query_people(), journal.query_entries())

    journal.release_memory()

    assert (journal.query_people(), journal.query_entries()) == before
    journal.add_person(Person(name="Kofi Mensah"))
    assert [p.name for p in journal.query_people()] == ["Ana Lima", "Kofi Mensah"]
    journal.close()
    journal.release_memory()  # a locked journal: only the heap is trimmed, no error

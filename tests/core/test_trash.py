"""Deleting goes to a trash that restores everything that went with it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.core.errors import NotFound
from journal.core.model import (
    Channel,
    ChannelKind,
    Direction,
    Entry,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    Person,
)


@pytest.fixture
def ana_and_kofi(journal):
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            tags=["founders"],
            channels=[Channel(ChannelKind.EMAIL, "ana@example.org")],
            facets=[Facet(FacetKind.HOBBY, "trail running", shared=True)],
        )
    )
    kofi = journal.add_person(Person(name="Kofi Mensah"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 10, 3, 9),
            body="Coffee with both",
            people=[ana.id, kofi.id],
            follow_ups=[
                FollowUp("Send Ana the article", due_on=date(2026, 10, 10), person_id=ana.id)
            ],
            ledger=[LedgerItem(ana.id, Direction.GIVEN, LedgerKind.INTRODUCTION, "supplier")],
        )
    )
    facet = journal.add_facet(
        ana.id, Facet(FacetKind.WORKING_ON, "bakery launch", source_entry_id=entry.id)
    )
    return ana, kofi, entry, facet


def test_deleting_a_person_removes_them_everywhere_and_undo_brings_all_back(journal, ana_and_kofi):
    ana, kofi, entry, _ = ana_and_kofi
    before = journal.person(ana.id)
    trash_id = journal.delete_person(ana.id)
    with pytest.raises(NotFound):
        journal.person(ana.id)
    assert journal.entry(entry.id).people == [kofi.id]  # the shared entry stays, for Kofi
    assert journal.open_follow_ups() == []
    assert [t.label for t in journal.trash()] == ["Ana Lima"]

    journal.restore(trash_id)
    after = journal.person(ana.id)
    assert after.channels == before.channels and after.tags == before.tags
    assert [f.text for f in after.facets] == [f.text for f in before.facets]
    assert journal.entry(entry.id).people == [ana.id, kofi.id]
    assert [f.text for f in journal.open_follow_ups(ana.id)] == ["Send Ana the article"]
    assert journal.balance(ana.id).given == 1
    assert after.last_contact_at == datetime(2026, 10, 3, 9)
    assert journal.trash() == []


def test_deleting_an_entry_takes_its_follow_ups_and_undo_restores_links(journal, ana_and_kofi):
    ana, kofi, entry, facet = ana_and_kofi
    trash_id = journal.delete_entry(entry.id)
    assert journal.person(ana.id).last_contact_at is None
    assert journal.open_follow_ups() == []
    assert journal.balance(ana.id).given == 0
    facet_after = next(f for f in journal.person(ana.id).facets if f.id == facet.id)
    assert facet_after.source_entry_id is None  # the facet stays; only its source is gone

    journal.restore(trash_id)
    restored = journal.entry(entry.id)
    assert restored.people == [ana.id, kofi.id]
    assert [f.text for f in restored.follow_ups] == ["Send Ana the article"]
    assert journal.balance(ana.id).given == 1
    facet_after = next(f for f in journal.person(ana.id).facets if f.id == facet.id)
    assert facet_after.source_entry_id == entry.id
    assert journal.person(kofi.id).last_contact_at == datetime(2026, 10, 3, 9)


def test_deleting_a_facet_can_be_undone(journal, ana_and_kofi):
    ana, *_ = ana_and_kofi
    hobby = next(f for f in journal.person(ana.id).facets if f.kind is FacetKind.HOBBY)
    trash_id = journal.delete_facet(hobby.id)
    assert hobby.id not in {f.id for f in journal.person(ana.id).facets}
    journal.restore(trash_id)
    assert hobby.id in {f.id for f in journal.person(ana.id).facets}


def test_purge_forgets_for_good(journal, ana_and_kofi):
    ana, *_ = ana_and_kofi
    trash_id = journal.delete_person(ana.id)
    assert journal.purge_trash() == 1
    with pytest.raises(NotFound):
        journal.restore(trash_id)


def test_restoring_after_the_other_side_is_gone_keeps_what_it_can(journal, ana_and_kofi):
    ana, _kofi, entry, _ = ana_and_kofi
    person_trash = journal.delete_person(ana.id)
    journal.delete_entry(entry.id)
    journal.restore(person_trash)  # the shared entry is in the trash: Ana comes back alone
    assert journal.person(ana.id).name == "Ana Lima"
    assert journal.query_entries() == []


def test_a_person_holding_bytes_goes_to_the_trash_and_comes_back_byte_for_byte(
    journal, ana_and_kofi
):
    """SQLite keeps bytes in any column (a JSON backup restores its "$base64" cells as
    bytes): such a row must still move to the trash, and come back identical."""
    ana, _kofi, _entry, facet = ana_and_kofi
    photo = bytes(range(256)) + b"\x00\xff\x89PNG\r\n"
    with journal.transaction() as conn:
        conn.execute("UPDATE people SET notes = ? WHERE id = ?", (photo, ana.id))
        conn.execute("UPDATE facets SET detail = ? WHERE id = ?", (photo[::-1], facet.id))

    trash_id = journal.delete_person(ana.id)
    with pytest.raises(NotFound):
        journal.person(ana.id)
    journal.restore(trash_id)

    with journal.transaction() as conn:
        notes = conn.execute("SELECT notes FROM people WHERE id = ?", (ana.id,)).fetchone()[0]
        detail = conn.execute("SELECT detail FROM facets WHERE id = ?", (facet.id,)).fetchone()[0]
    assert notes == photo and isinstance(notes, bytes)
    assert detail == photo[::-1] and isinstance(detail, bytes)
    assert journal.trash() == []


def test_the_trash_still_lists_an_item_whose_stamp_is_damaged(journal, ana_and_kofi):
    """A hand-edited or damaged row must not stop the trash (Edit ▸ Trash, `journal
    trash`) from listing: its day is said to be unknown, the others keep theirs."""
    from journal.core import trash

    ana, kofi, _entry, _facet = ana_and_kofi
    journal.delete_person(ana.id)
    damaged = journal.delete_person(kofi.id)
    with journal.transaction() as conn:
        conn.execute("UPDATE trash SET deleted_at = 'not a time' WHERE id = ?", (damaged,))

    days = {item.label: trash.deleted_on(item) for item in journal.trash()}
    assert days["Kofi Mensah"] == "an unknown day"
    assert days["Ana Lima"] == "24 Nov 2026"  # the fixed clock's day, 09:00 UTC

"""The steps that were not operations yet, undone as a user would: an import (adds,
merges and edits taken back whole), a discarded draft brought back, and a bulk trash of
1,000 people undone, each compared with the journal as it was before."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from journal.core import bulk, operations
from journal.core.interop.errors import ImportCancelled
from journal.core.interop.importing import import_file
from journal.core.interop.plan import plan_import
from journal.core.interop.vcard import parse_vcards
from journal.core.model import Channel, ChannelKind, Entry, Person
from tests.core.interop_support import card, snapshot
from tests.core.test_operations import content


def _journal_with_ana(journal):
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            organisation="Crumb Bakery",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")],
            tags=["founders"],
        )
    )
    journal.add_entry(Entry(occurred_at=datetime(2026, 10, 3, 9), body="Coffee", people=[ana.id]))
    return ana


def test_an_import_is_one_step_and_undo_leaves_the_journal_as_before(journal, tmp_path):
    ana = _journal_with_ana(journal)
    path = tmp_path / "contacts.vcf"
    path.write_text(
        card("FN:Ana Lima", "EMAIL:ana@crumb.example", "TEL:+351 912 000 111", "BDAY:1990-04-15")
        + card("FN:Kofi Mensah", "ORG:Northwind Labs", "EMAIL:kofi@northwind.example")
        + card("FN:Mei Chen", "TEL:+44 20 7946 0000")
    )
    before, rows = snapshot(journal), content(journal)

    report = import_file(journal, path)
    assert report.summary() == "Imported: 2 added, 1 merged, 0 skipped."
    assert report.step is not None
    assert operations.undo_label(journal) == "Import 3 people from contacts.vcf"
    assert {p.name for p in journal.people()} == {"Ana Lima", "Kofi Mensah", "Mei Chen"}
    assert len(journal.person(ana.id).channels) == 2  # the phone merged into Ana

    undone = operations.undo(journal)
    assert undone.done == "Undone: Imported 3 people from contacts.vcf."
    assert ana.id in undone.people
    assert snapshot(journal) == before  # the export is as before, row for row
    assert content(journal) == rows
    assert [c.value for c in journal.person(ana.id).channels] == ["ana@crumb.example"]


def test_the_import_operation_names_the_file_and_returns_the_report(journal):
    plan = plan_import(journal, parse_vcards(card("FN:Kofi Mensah")))
    change = operations.import_people(journal, plan, source="phone.vcf")
    assert change.label == "Import 1 person from phone.vcf"
    assert change.done == "Imported 1 person from phone.vcf."
    assert change.result.summary() == "Imported: 1 added, 0 merged, 0 skipped."
    assert change.people == {p.id for p in journal.people()}


def test_a_cancelled_import_changes_nothing_and_leaves_no_step(journal):
    _journal_with_ana(journal)
    cards = "".join(card(f"FN:Person {i:03d}", f"EMAIL:p{i}@example.com") for i in range(300))
    plan = plan_import(journal, parse_vcards(cards))
    before = snapshot(journal)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 200:
            cancel.set()

    with pytest.raises(ImportCancelled):
        operations.import_people(journal, plan, progress=progress, cancel=cancel)
    assert snapshot(journal) == before
    assert operations.undo_label(journal) is None


def test_a_discarded_draft_comes_back_with_undo(journal):
    text = {"body": "Lunch with Ana: she is opening a second bakery", "people": []}
    journal.save_draft("entry-editor:1", text)
    change = operations.discard_draft(journal, "entry-editor:1")
    assert journal.drafts() == {}
    assert change.step is not None and change.touches("draft")
    assert operations.undo_label(journal) == "Discard the unfinished entry"

    undone = operations.undo(journal)
    assert undone.done == "Undone: Discarded the unfinished entry."
    assert journal.drafts() == {"entry-editor:1": text}


def test_a_bulk_trash_of_a_thousand_people_is_undone_whole(journal):
    people = [Person(name=f"Person {i:04d}", tags=["imported"]) for i in range(1000)]
    journal.add_people(people)
    for person in people[:50]:
        journal.add_entry(
            Entry(occurred_at=datetime(2026, 10, 3, 9), body="Coffee", people=[person.id])
        )
    before = content(journal)
    ids = [p.id for p in people]

    change = operations.bulk(journal, lambda: bulk.delete(journal, ids))
    assert change.done == "Moved 1,000 people to the trash"
    assert journal.people() == []

    undone = operations.undo(journal)
    assert undone.done == "Undone: Moved 1,000 people to the trash."
    assert content(journal) == before
    assert journal.trash() == []
    assert len(journal.people()) == 1000


def test_emptying_the_trash_is_heard_by_listeners_and_cannot_be_undone(journal):
    ana = operations.add_person(journal, Person(name="Ana Lima")).result
    operations.trash_people(journal, [ana.id])
    heard: list[str] = []
    journal.on_change(lambda kind, ids: heard.append(kind))
    assert journal.purge_trash() == 1
    assert heard == ["trash"]
    assert operations.undo_label(journal) is None

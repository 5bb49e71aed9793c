"""The merge view: side by side, a choice per field, one click to merge, undo after."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from journal.core import merge
from journal.core.model import Channel, ChannelKind, Circle, Entry, Person
from journal.gui.dialogs.merge import MergeDialog


def two_anas(journal):
    ana = journal.add_person(
        Person(
            "Ana Lima",
            organisation="Crumb & Co. Bakery",
            circle=Circle.NETWORK,
            notes="Met at the food fair.",
            channels=[Channel(ChannelKind.EMAIL, "ana@crumb.example")],
        )
    )
    other = journal.add_person(
        Person(
            "Ana Lima",
            preferred_name="Aninha",
            role="founder",
            circle=Circle.CLOSE,
            met_on=date(2019, 9, 1),
            notes="From my phone.",
            channels=[Channel(ChannelKind.EMAIL, "ANA@crumb.example")],
        )
    )
    journal.add_entry(
        Entry(occurred_at=datetime(2026, 10, 3, 9), people=[other.id], body="Bakery launch")
    )
    journal.add_entry(Entry(occurred_at=datetime(2026, 3, 1, 9), people=[ana.id], body="Coffee"))
    return ana, other


def test_choose_fields_side_by_side_and_merge(qtbot, journal):
    ana, other = two_anas(journal)
    dialog = MergeDialog(journal, [ana.id, other.id], reason="same e-mail address")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "same e-mail address" in dialog.findChild(type(dialog.summary), "mergeReason").text()
    assert "2 entries" in dialog.summary.text()
    assert "1 way to reach them" in dialog.summary.text()  # one address, in two spellings

    # Keep Ana's record, but take the circle from the other one and only Ana's notes.
    qtbot.mouseClick(dialog._buttons[("__keep__", ana.id)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog._buttons[("circle", other.id)], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog._buttons[("notes", ana.id)], Qt.MouseButton.LeftButton)
    assert dialog.plan.survivor_id == ana.id
    assert dialog.summary.text().startswith("Aninha will have")  # goes by her nickname
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert dialog.merged is not None and dialog.merged.survivor_id == ana.id
    merged = journal.person(ana.id)
    assert (merged.circle, merged.notes, merged.role, merged.preferred_name) == (
        Circle.CLOSE,
        "Met at the food fair.",
        "founder",
        "Aninha",
    )
    assert len(merged.channels) == 1
    assert journal.count_entries() == 2 and not journal.people([other.id])

    merge.undo(journal, dialog.merged)
    assert {p.id for p in journal.find_people("Ana Lima")} == {ana.id, other.id}


def test_fields_everyone_agrees_on_are_not_a_choice(qtbot, journal):
    ana, other = two_anas(journal)
    dialog = MergeDialog(journal, [ana.id, other.id])
    qtbot.addWidget(dialog)
    assert not dialog._buttons[("name", ana.id)].isEnabled()  # both "Ana Lima"
    assert ("location", ana.id) not in dialog._buttons  # nobody has one: no row
    assert dialog._buttons[("notes", merge.COMBINE)].isChecked()  # both have notes


def test_cancel_changes_nothing(qtbot, journal):
    ana, other = two_anas(journal)
    dialog = MergeDialog(journal, [ana.id, other.id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.merged is None
    assert len(journal.find_people("Ana Lima")) == 2

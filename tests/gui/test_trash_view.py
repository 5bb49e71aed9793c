"""Edit ▸ Trash: what was deleted, restored one at a time or emptied for good after a
question that says how many items go and that it cannot be undone."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from journal.core import operations
from journal.core.model import Entry, Person
from tests.support.qt import settle


def _trash_three(journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    kofi = journal.add_person(Person(name="Kofi Mensah"))
    entry = journal.add_entry(
        Entry(occurred_at=datetime(2026, 10, 3, 9), title="Coffee", body="Coffee", people=[])
    )
    operations.trash_entries(journal, [entry.id])
    operations.trash_people(journal, [ana.id])
    operations.trash_people(journal, [kofi.id])


def _open_trash(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    next(a for a in edit.actions() if a.text() == "&Trash…").trigger()
    settle()
    return window.trash_dialog


def _rows(dialog):
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_empty_trash_asks_how_many_go_and_cancel_keeps_them(qtbot, window, journal):
    _trash_three(journal)
    dialog = _open_trash(window)
    assert dialog.isVisible()
    assert [row.split(" · ")[0] for row in _rows(dialog)] == [
        "Person: Kofi Mensah",
        "Person: Ana Lima",
        "Entry: Coffee (3 Oct 2026)",
    ]
    assert dialog.empty_button.text() == "&Empty trash…" and dialog.empty_button.isEnabled()

    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    box = dialog.pending
    assert isinstance(box, QMessageBox) and box.text() == "Empty the trash?"
    assert box.informativeText() == (
        "This removes 3 items from the trash for good. They cannot be restored "
        "afterwards, and emptying the trash cannot be undone."
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    settle()
    assert len(journal.trash()) == 3 and len(_rows(dialog)) == 3


def test_confirming_empties_the_trash_for_good(qtbot, window, journal):
    _trash_three(journal)
    dialog = _open_trash(window)
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    yes = dialog.pending.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "Remove 3 items"
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    settle()

    assert journal.trash() == []
    assert dialog.summary.text().startswith("The trash is empty.")
    assert not dialog.list.isVisible() and not dialog.empty_button.isEnabled()
    assert window.notice.message.text() == "Emptied the trash: 3 items removed for good."
    assert operations.undo_label(journal) is None  # nothing can bring them back


def test_restore_puts_the_selected_item_back_and_undo_trashes_it_again(qtbot, window, journal):
    _trash_three(journal)
    dialog = _open_trash(window)
    assert not dialog.restore_button.isEnabled()
    dialog.list.setCurrentRow(1)  # Ana Lima
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_rows(dialog)) == 2)
    assert [p.name for p in journal.people()] == ["Ana Lima"]
    assert window.notice.message.text() == "Restored Ana Lima."

    operations.undo(journal)
    assert journal.people() == [] and len(journal.trash()) == 3

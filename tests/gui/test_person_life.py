"""The person page: pronouns and a date of death in the dialog, death shown plainly, and
"don't suggest" (mute) with undo, all through the real widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from journal.core import engine
from journal.core.model import Circle, Person
from tests.support.people import add
from tests.support.qt import settle


def labels(page) -> str:
    return " | ".join(label.text() for label in page.findChildren(QLabel))


def test_pronouns_and_death_are_edited_in_the_dialog_and_shown_respectfully(qtbot, window, journal):
    hans = journal.add_person(Person(name="Hans Meyer", circle=Circle.INNER))
    window.open_person(hans.id)
    settle()
    page = window.person_page
    qtbot.mouseClick(page.findChild(QPushButton, "editPerson"), Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.pronouns.lineEdit().clear()
    qtbot.keyClicks(dialog.pronouns.lineEdit(), "he/him")
    qtbot.mouseClick(dialog.deceased.check, Qt.MouseButton.LeftButton)
    dialog.deceased.edit.setDate(date(2026, 10, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle()
    saved = journal.person(hans.id)
    assert (saved.pronouns, saved.deceased_on) == ("he/him", date(2026, 10, 1))
    text = labels(window.person_page)
    assert "Died 1 Oct 2026 ·" in text
    assert "he/him" in text
    assert "no check-in suggestions or birthday reminders" in text
    assert window.person_page.findChild(QPushButton, "mute") is None


def test_a_date_of_death_in_the_future_is_refused(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    window.open_person(ana.id)
    settle()
    page = window.person_page
    qtbot.mouseClick(page.findChild(QPushButton, "editPerson"), Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.deceased.check, Qt.MouseButton.LeftButton)
    dialog.deceased.edit.setDate(date(2027, 1, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "future" in dialog.message.text()
    assert journal.person(ana.id).deceased_on is None


def test_dont_suggest_mutes_and_undo_unmutes(qtbot, window, journal):
    ana = add(journal, "Ana Lima", last=70)
    window.open_person(ana.id)
    settle()
    qtbot.mouseClick(window.person_page.findChild(QPushButton, "mute"), Qt.MouseButton.LeftButton)
    settle()
    assert engine.today(journal) == []
    qtbot.waitUntil(
        lambda: window.person_page.findChild(QPushButton, "unmute") is not None, timeout=5000
    )
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert [s.person_name for s in engine.today(journal)] == ["Ana Lima"]

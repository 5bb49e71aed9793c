"""A new user's first people: no invented "met on" date, a follow-up with a day typed in
words that reaches Today and can be changed, names in alphabetical order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QToolButton

from journal.core.model import FollowUp, Person
from journal.gui.dialogs.follow_up import FollowUpDialog
from journal.gui.dialogs.person_edit import PersonDialog
from journal.gui.main_window import PageName
from tests.gui.conftest import settle


def _add_person_dialog(qtbot, window) -> PersonDialog:
    window.show_page(PageName.PEOPLE)
    settle()
    qtbot.mouseClick(window.people.add_button, Qt.MouseButton.LeftButton)
    dialog = window.people.dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    return dialog


def test_a_person_added_has_no_met_on_date_and_ctrl_enter_saves(qtbot, window, journal):
    dialog = _add_person_dialog(qtbot, window)
    assert not dialog.met_on.check.isChecked(), "'Known' stays unticked until the user sets it"
    qtbot.keyClicks(dialog.name, "Old Neighbour")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    [person] = journal.find_people("Old Neighbour")
    assert person.met_on is None
    header = " ".join(label.text() for label in window.person_page.findChildren(QLabel))
    assert "not in touch yet" in header and "never" not in header
    window.show_page(PageName.PEOPLE)
    qtbot.waitUntil(lambda: window.people.count.text() == "1 person", timeout=5000)
    assert window.people.proxy.index(0, 4).data() == "not yet"


def test_people_are_listed_in_alphabetical_order(qtbot, window, journal):
    for name in ("Maya Okonkwo", "Mária Horváth", "Zoë Adams", "Ana Lima"):
        journal.add_person(Person(name=name))
    window.show_page(PageName.PEOPLE)
    page = window.people
    qtbot.waitUntil(lambda: page.count.text() == "4 people", timeout=5000)
    names = [page.proxy.index(r, 0).data() for r in range(4)]
    assert names == ["Ana Lima", "Mária Horváth", "Maya Okonkwo", "Zoë Adams"]


def test_a_follow_up_with_a_day_in_words_reaches_today_and_can_be_edited(
    qtbot, window, journal, clock
):
    # The fixed clock says Tuesday 24 Nov 2026.
    ana = journal.add_person(Person(name="Ana Lima"))
    window.open_person(ana.id)
    page = window.person_page
    qtbot.keyClicks(page.follow_up_text, "send Ana the supplier's number")
    qtbot.keyClicks(page.follow_up_when.edit, "next Friday")
    assert page.follow_up_when.shows.text() == "→ Fri 27 Nov 2026"
    qtbot.keyClick(page.follow_up_when.edit, Qt.Key.Key_Return)
    settle(qtbot, 20)
    [item] = journal.open_follow_ups(ana.id)
    assert item.due_on == date(2026, 11, 27)
    boxes = [b.text() for b in page.findChildren(QCheckBox, "followUp")]
    assert boxes == ["send Ana the supplier's number  (due in 3 days, 27 Nov)"]

    # On the day it is due, it is on Today.
    clock.advance(days=3)
    window.show_page(PageName.TODAY)
    window.today.reload()
    settle(qtbot, 20)
    today_text = " ".join(label.text() for label in window.today.findChildren(QLabel))
    assert "send ana the supplier" in today_text.lower()

    # Edited: reworded and moved.
    window.open_person(ana.id)
    settle()
    edit = page.findChild(QToolButton, "editFollowUp")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, FollowUpDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    dialog.text.setText("call Ana about the supplier")
    dialog.when.edit.setText("15 Jan")
    assert dialog.when.shows.text() == "→ Fri 15 Jan 2027"
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    [item] = journal.open_follow_ups(ana.id)
    assert (item.text, item.due_on) == ("call Ana about the supplier", date(2027, 1, 15))


def test_a_date_that_cannot_be_read_is_said_not_saved(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_follow_up(FollowUp("bring the book", person_id=ana.id))
    window.open_person(ana.id)
    page = window.person_page
    qtbot.keyClicks(page.follow_up_text, "lend the ladder")
    qtbot.keyClicks(page.follow_up_when.edit, "when pigs fly")
    assert page.follow_up_when.shows.text() == "not a date Rapport understands"
    qtbot.keyClick(page.follow_up_when.edit, Qt.Key.Key_Return)
    settle()
    assert [f.text for f in journal.open_follow_ups(ana.id)] == ["bring the book"]
    assert "cannot read that date" in window.notice.findChild(QLabel).text()


def _in_view(page, widget) -> bool:
    from PySide6.QtCore import QPoint

    viewport = page.scroll_area.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return top >= 0 and top + 20 <= viewport.height()


def test_add_on_a_low_section_scrolls_its_editor_into_view_and_saving_stays_there(
    qtbot, window, journal
):
    from journal.gui.pages.person import SECTIONS, FacetEditor

    window.resize(1000, 620)
    ana = journal.add_person(Person(name="Ana Lima"))
    window.open_person(ana.id)
    settle(qtbot, 20)
    page = window.person_page
    last = page.sections[SECTIONS[-1].value]
    assert not _in_view(page, last.add_button), "the last section starts below the fold"
    qtbot.mouseClick(last.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, 20)
    editor = last.findChild(FacetEditor)
    assert _in_view(page, editor)
    qtbot.keyClicks(editor.text, "a cottage by the sea")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    settle(qtbot, 20)
    assert page.scroll_area.verticalScrollBar().value() > 0, "saving does not jump to the top"
    last = page.sections[SECTIONS[-1].value]
    assert _in_view(page, last)


def test_ctrl_n_on_a_person_page_starts_an_entry_with_them(qtbot, window, journal):
    ana = journal.add_person(Person(name="Ana Lima"))
    window.open_person(ana.id)
    settle()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert editor is not None and [a.name for a in editor.attendees] == ["Ana Lima"]
    editor.keep_for_lock()


def test_an_empty_journal_offers_to_add_a_person_or_import(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    window.show_page(PageName.TODAY)
    window.today.reload()
    settle(qtbot, 20)
    add = window.today.findChild(QPushButton, "firstAddPerson")
    bring = window.today.findChild(QPushButton, "firstImport")
    assert add is not None and add.isVisible() and bring is not None and bring.isVisible()
    text = " ".join(label.text() for label in window.today.findChildren(QLabel))
    assert "look through People" not in text
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert isinstance(window.people.dialog, PersonDialog) and window.people.dialog.isVisible()
    window.people.dialog.reject()


def test_the_sample_journal_title_names_rapport_once(qtbot, journal, gui_settings):
    from journal.gui.main_window import MainWindow

    win = MainWindow(journal, settings=gui_settings, sample=True)
    qtbot.addWidget(win)
    assert win.windowTitle() == "Sample journal"  # the platform adds " — Rapport"
    win.events.detach()

"""Saving from a dialog, as a desktop app does (``journal.gui.dialogs.saving``).

Every dialog's Save runs its operation on the worker: the button says it is saving,
a good save closes the dialog and offers the undo (Ctrl+Z brings the old state back),
and a failed one (here a full disk, raised where the journal writes, so the operation
rolls back for real) leaves the dialog open with everything typed and the sentence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton

from journal.core import proposals
from journal.core.calendar import meetings
from journal.core.errors import DiskFull
from journal.core.model import Circle, FollowUp, Person
from journal.core.proposals import pending_proposals
from journal.gui.dialogs.entry_editor import EntryEditor
from journal.gui.dialogs.follow_up import FollowUpDialog
from journal.gui.dialogs.person_edit import PersonDialog
from journal.gui.dialogs.proposals import ProposalReview
from journal.gui.dialogs.saving import SAVING
from journal.gui.dialogs.settings import SettingsDialog
from tests.gui.helpers import open_person, pick
from tests.support.qt import settle

FULL = str(DiskFull())


def _disk_full(*_args: Any, **_kwargs: Any) -> Any:
    raise DiskFull()


def _undo(qtbot, window) -> None:
    """Ctrl+Z in the window, as the user presses it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()


class _Gate:
    """Holds a journal write on the worker until the test lets it go."""

    def __init__(self, write: Callable[..., Any]) -> None:
        self.write, self.entered, self.go = write, threading.Event(), threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.go.wait(10), "the test never let the save go"
        return self.write(*args, **kwargs)


def _edit_person_dialog(qtbot, window, journal) -> tuple[Person, PersonDialog]:
    ana = journal.add_person(Person(name="Ana Lima", organisation="Crumb"))
    open_person(qtbot, window, ana.id)
    window.person_page.edit_person()
    dialog = window.person_page.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.organisation.clear()
    qtbot.keyClicks(dialog.organisation, "Verde Bakery")
    return ana, dialog


# the person dialog -------------------------------------------------------------------------


def test_a_person_save_that_fails_keeps_the_dialog_and_what_was_typed(
    qtbot, window, journal, monkeypatch
):
    ana, dialog = _edit_person_dialog(qtbot, window, journal)
    monkeypatch.setattr(journal, "save_person", _disk_full)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == FULL)
    assert dialog.isVisible()
    assert dialog.organisation.text() == "Verde Bakery"
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "Save"
    assert journal.person(ana.id).organisation == "Crumb"


def test_a_person_save_says_saving_closes_and_ctrl_z_takes_it_back(
    qtbot, window, journal, monkeypatch
):
    ana, dialog = _edit_person_dialog(qtbot, window, journal)
    gate = _Gate(journal.save_person)
    monkeypatch.setattr(journal, "save_person", gate)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    # While it is written: the button says so and a second Save does nothing.
    assert not dialog.save_button.isEnabled() and dialog.save_button.text() == SAVING
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    gate.go.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()
    assert journal.person(ana.id).organisation == "Verde Bakery"
    assert window.undo_action.text() == "&Undo: Edit Ana Lima"
    _undo(qtbot, window)
    assert journal.person(ana.id).organisation == "Crumb"


def test_closing_the_person_dialog_while_it_saves_still_offers_the_undo(
    qtbot, window, journal, monkeypatch
):
    ana, dialog = _edit_person_dialog(qtbot, window, journal)
    gate = _Gate(journal.save_person)
    monkeypatch.setattr(journal, "save_person", gate)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    dialog.reject()
    dialog.deleteLater()
    QApplication.processEvents()
    gate.go.set()
    settle()
    assert journal.person(ana.id).organisation == "Verde Bakery"
    assert window.undo_action.text() == "&Undo: Edit Ana Lima"


def test_a_save_that_fails_after_its_dialog_closed_is_told_in_the_window(
    qtbot, window, journal, monkeypatch
):
    _ana, dialog = _edit_person_dialog(qtbot, window, journal)
    gate = _Gate(_disk_full)
    monkeypatch.setattr(journal, "save_person", gate)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    dialog.reject()
    gate.go.set()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None)
    box = window.findChild(QMessageBox, "errorBox")
    assert box.text() == FULL
    box.close()


# the entry editor --------------------------------------------------------------------------


def _typed_entry(qtbot, window, journal) -> EntryEditor:
    journal.add_person(Person(name="Mei Chen"))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert isinstance(editor, EntryEditor)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    pick(qtbot, editor.completer, editor.person_input, "mei", choose="Mei Chen")
    qtbot.keyClicks(editor.body, "Coffee with Mei after the conference")
    return editor


def test_an_entry_that_cannot_be_saved_stays_in_the_editor_and_in_its_draft(
    qtbot, window, journal, monkeypatch
):
    editor = _typed_entry(qtbot, window, journal)
    monkeypatch.setattr(journal, "add_entry", _disk_full)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.message.text() == FULL)
    assert editor.isVisible() and editor.save_button.isEnabled()
    assert editor.body.toPlainText() == "Coffee with Mei after the conference"
    assert journal.counts()["entries"] == 0
    assert editor.draft_id in journal.drafts(), "what was typed is kept even if it closes"


def test_a_saved_entry_closes_the_editor_and_ctrl_z_takes_it_back(qtbot, window, journal):
    editor = _typed_entry(qtbot, window, journal)
    draft_id = editor.draft_id
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor is None or not window.editor.isVisible())
    settle()
    assert journal.counts()["entries"] == 1
    assert draft_id not in journal.drafts()
    assert window.notice.message.text() == "Entry saved."
    assert window.undo_action.text() == "&Undo: Add the entry with Mei Chen"
    _undo(qtbot, window)
    assert journal.counts()["entries"] == 0


def test_closing_the_editor_while_it_saves_still_saves_and_says_so(
    qtbot, window, journal, monkeypatch
):
    editor = _typed_entry(qtbot, window, journal)
    saved: list[str] = []
    editor.saved.connect(saved.append)
    gate = _Gate(journal.add_entry)
    monkeypatch.setattr(journal, "add_entry", gate)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    editor.close()  # its Close button
    assert not editor.isVisible()
    gate.go.set()
    qtbot.waitUntil(lambda: window.editor is None, timeout=5000)
    assert journal.counts()["entries"] == 1 and len(saved) == 1
    assert journal.drafts() == {}
    assert window.undo_action.text() == "&Undo: Add the entry with Mei Chen"


def test_an_editor_closed_before_its_save_failed_keeps_the_text_as_a_draft(
    qtbot, window, journal, monkeypatch
):
    editor = _typed_entry(qtbot, window, journal)
    draft_id = editor.draft_id
    gate = _Gate(_disk_full)
    monkeypatch.setattr(journal, "add_entry", gate)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert gate.entered.wait(10)
    editor.close()
    gate.go.set()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None)
    assert window.findChild(QMessageBox, "errorBox").text() == FULL
    qtbot.waitUntil(lambda: window.editor is None, timeout=5000)
    assert journal.counts()["entries"] == 0
    window.continue_draft(draft_id)
    assert window.editor.body.toPlainText() == "Coffee with Mei after the conference"


# the follow-up dialog ----------------------------------------------------------------------


def _follow_up_dialog(qtbot, window, journal) -> tuple[Person, FollowUpDialog]:
    ana = journal.add_person(Person(name="Ana Lima"))
    journal.add_follow_up(FollowUp(text="send the article", person_id=ana.id))
    open_person(qtbot, window, ana.id)
    page = window.person_page
    qtbot.mouseClick(page.findChild(QToolButton, "editFollowUp"), Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, FollowUpDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.text.setText("send the article on bread")
    dialog.when.edit.setText("15 Jan")
    return ana, dialog


def test_a_follow_up_that_cannot_be_saved_keeps_its_wording(qtbot, window, journal, monkeypatch):
    ana, dialog = _follow_up_dialog(qtbot, window, journal)
    monkeypatch.setattr(journal, "update_follow_up", _disk_full)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == FULL)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert (dialog.text.text(), dialog.when.edit.text()) == ("send the article on bread", "15 Jan")
    assert [f.text for f in journal.open_follow_ups(ana.id)] == ["send the article"]


def test_a_saved_follow_up_can_be_undone(qtbot, window, journal):
    ana, dialog = _follow_up_dialog(qtbot, window, journal)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()
    [item] = journal.open_follow_ups(ana.id)
    assert (item.text, item.due_on) == ("send the article on bread", date(2027, 1, 15))
    assert "Undo" in [b.text().replace("&", "") for b in window.notice.buttons()]
    _undo(qtbot, window)
    [item] = journal.open_follow_ups(ana.id)
    assert (item.text, item.due_on) == ("send the article", None)


# settings ------------------------------------------------------------------------------------


def _settings(qtbot, window) -> SettingsDialog:
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    settle()
    dialog.cadences[Circle.NETWORK].setValue(45)
    dialog.calendar.own.setText("me@example.org")
    return dialog


def test_settings_that_cannot_be_saved_stay_as_set(qtbot, window, journal, monkeypatch):
    before = journal.settings().cadence_days[Circle.NETWORK]
    dialog = _settings(qtbot, window)
    monkeypatch.setattr(journal, "save_settings", _disk_full)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == FULL)
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.cadences[Circle.NETWORK].value() == 45
    assert dialog.calendar.own.text() == "me@example.org"
    assert journal.settings().cadence_days[Circle.NETWORK] == before
    assert meetings.load_settings(journal).own_emails == []


def test_saved_settings_and_calendar_are_one_undo(qtbot, window, journal):
    before = journal.settings().cadence_days[Circle.NETWORK]
    dialog = _settings(qtbot, window)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()
    assert journal.settings().cadence_days[Circle.NETWORK] == 45
    assert meetings.load_settings(journal).own_emails == ["me@example.org"]
    assert window.notice.message.text() == "Settings saved."
    assert window.undo_action.text() == "&Undo: Change the settings"
    _undo(qtbot, window)
    assert journal.settings().cadence_days[Circle.NETWORK] == before
    assert meetings.load_settings(journal).own_emails == []


# the review of what an entry proposes ------------------------------------------------------------


def _review(qtbot, window, journal) -> ProposalReview:
    journal.add_person(Person(name="Ana Ribeiro", pronouns="she/her"))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    pick(qtbot, editor.completer, editor.person_input, "ana", choose="Ana Ribeiro")
    qtbot.keyClicks(editor.body, "I said I'd put her in touch with my old landlord by Friday.")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ProposalReview, "proposalReview") is not None)
    review = window.findChild(ProposalReview, "proposalReview")
    qtbot.waitUntil(review.isVisible)
    [row] = [r for r in review.rows if r.text is not None]
    row.check.setChecked(True)
    row.text.setText("introduce Ana to my old landlord")
    return review


def test_a_review_that_cannot_be_saved_keeps_the_wording(qtbot, window, journal, monkeypatch):
    review = _review(qtbot, window, journal)
    monkeypatch.setattr(proposals, "accept_proposal", _disk_full)
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.message.text() == FULL)
    assert review.isVisible() and review.accept_button.isEnabled()
    [row] = [r for r in review.rows if r.text is not None]
    assert row.text.text() == "introduce Ana to my old landlord"
    assert len(pending_proposals(journal)) == len(review.rows)


def test_what_a_review_kept_can_be_undone(qtbot, window, journal):
    review = _review(qtbot, window, journal)
    ana = journal.find_people("Ana Ribeiro")[0]
    qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(ProposalReview, "proposalReview") is None)
    settle()
    assert [f.text for f in journal.open_follow_ups(ana.id)] == ["introduce Ana to my old landlord"]
    assert window.notice.message.text().startswith("Kept: ")
    _undo(qtbot, window)
    assert journal.open_follow_ups(ana.id) == []
    assert pending_proposals(journal) != []

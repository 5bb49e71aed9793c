"""An unfinished entry discarded by mistake comes back with Ctrl+Z, text and all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal.gui.dialogs.entry_editor import EntryEditor
from tests.support.qt import settle


def test_discarding_a_draft_and_ctrl_z_brings_its_text_back(qtbot, window, journal):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editor
    assert isinstance(editor, EntryEditor)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=5000)
    qtbot.keyClicks(editor.body, "Ran into Mei at the station")
    qtbot.waitUntil(lambda: editor.draft_id in journal.drafts(), timeout=5000)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle()

    window.offer_drafts()
    [_continue, discard] = window.notice.buttons()
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.undo_action.text() == "&Undo: Discard the unfinished entry", timeout=5000
    )
    assert journal.drafts() == {}

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            window.notice.message.text()
            == "Undone: Discarded the unfinished entry. Continue writing it, or discard it again."
        ),
        timeout=10000,
    )
    assert [d["body"] for d in journal.drafts().values()] == ["Ran into Mei at the station"]
    [continue_button, _discard] = window.notice.buttons()
    qtbot.mouseClick(continue_button, Qt.MouseButton.LeftButton)
    assert window.editor.body.toPlainText() == "Ran into Mei at the station"

"""The question box (Ctrl+Shift+K): typed as a user would, answers read as shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from journal.gui.dialogs.ask import AskDialog
from journal.gui.pages.person import PersonPage
from tests.support import ask_network
from tests.support.qt import settle


@pytest.fixture
def ids(journal):
    return ask_network.build(journal)


def _open_box(qtbot, window) -> AskDialog:
    qtbot.keyClick(
        window,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget() or _dialog(window), AskDialog)
    )
    return _dialog(window)


def _dialog(window) -> AskDialog | None:
    found = window.findChildren(AskDialog)
    return found[-1] if found else None


def _ask(qtbot, box: AskDialog, text: str) -> list[str]:
    qtbot.keyClicks(box.question, text)
    qtbot.keyClick(box.question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.status.text() != "Looking…", timeout=5000)
    settle()
    # What a screen reader reads for each answer (the row shows the same as rich text).
    role = Qt.ItemDataRole.AccessibleTextRole
    return [box.results.item(i).data(role) for i in range(box.results.count())]


def test_typing_a_need_lists_people_with_why(qtbot, ids, window):
    box = _open_box(qtbot, window)
    shown = _ask(qtbot, box, "localisation of a game")
    assert shown[0].startswith("Mira Kowalski Why: head of localisation at Acme Games")
    assert "Kofi could introduce you" in shown[0]
    assert (
        box.status.text()
        == f"{len(shown)} people could help with “localisation of a game”, best first."
    )


def test_enter_on_an_answer_opens_the_person(qtbot, ids, window):
    box = _open_box(qtbot, window)
    _ask(qtbot, box, "an accountant")
    qtbot.keyClick(box.question, Qt.Key.Key_Down)
    qtbot.keyClick(box.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.current_page(), PersonPage))
    qtbot.waitUntil(lambda: window.person_page.person is not None)
    assert window.person_page.person.id == ids["Samuel Osei"]


def test_write_to_them_opens_the_editor_with_the_question_as_title(qtbot, ids, window):
    box = _open_box(qtbot, window)
    _ask(qtbot, box, "statistics help")
    qtbot.mouseClick(box.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor is not None)
    assert window.editor.title.text() == "statistics help"
    assert [a.person_id for a in window.editor.attendees] == [ids["Mei Chen"]]


def test_they_helped_notes_a_receive(qtbot, ids, window, journal):
    box = _open_box(qtbot, window)
    _ask(qtbot, box, "statistics help")
    before = journal.balance(ids["Mei Chen"]).received
    qtbot.mouseClick(box.helped_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.status.text().startswith("Noted: Mei helped"), timeout=5000)
    assert journal.balance(ids["Mei Chen"]).received == before + 1


def test_nothing_found_says_what_to_try(qtbot, ids, window):
    box = _open_box(qtbot, window)
    assert _ask(qtbot, box, "quantum chromodynamics") == []
    assert box.status.text().startswith(
        "No one in your journal matches “quantum chromodynamics” yet."
    )
    assert not box.open_button.isEnabled()


def test_opening_the_box_readies_the_index_before_the_first_question(qtbot, ids, journal):
    """On a 10,000-person journal the index takes about a second: built while the user
    types, not after they press Enter."""
    from journal.core import ask as ask_core

    assert ask_core._kept(journal).index is None
    box = AskDialog(journal)
    qtbot.addWidget(box)
    qtbot.waitUntil(lambda: ask_core._kept(journal).index is not None, timeout=5000)

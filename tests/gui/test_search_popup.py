"""The search popup under the main search field, driven as a person types."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from journal.core import search as search_core
from journal.core.highlight import plain
from journal.core.model import Entry, Person
from journal.gui.widgets.search import SearchPopup


@pytest.fixture
def window(qtbot, journal):
    jose = journal.add_person(Person(name="José García", organisation="Crumb & Co. Bakery"))
    ana = journal.add_person(Person(name="Ana Lima"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 3, 9),
            body="Ana showed me the bakery launch plan.",
            people=[ana.id],
        )
    )
    host = QWidget()
    field = QLineEdit(host)
    QVBoxLayout(host).addWidget(field)
    popup = SearchPopup(field, journal)
    qtbot.addWidget(host)
    host.show()
    field.setFocus()
    yield host, field, popup, {"jose": jose, "ana": ana, "entry": entry}
    popup.shutdown()
    popup.close()


def shown(qtbot, popup, count=None):
    qtbot.waitUntil(
        lambda: popup.isVisible() and (count is None or len(popup.hits) == count), timeout=5000
    )
    return [plain(h.title) for h in popup.hits]


def test_typing_shows_hits_and_enter_opens_the_person(qtbot, window):
    _, field, popup, ids = window
    qtbot.keyClicks(field, "jose")
    assert shown(qtbot, popup)[0] == "José García"
    with qtbot.waitSignal(popup.person_chosen, timeout=2000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert opened.args == [ids["jose"].id]
    assert not popup.isVisible()


def test_arrow_down_then_enter_opens_the_entry(qtbot, window):
    _, field, popup, ids = window
    qtbot.keyClicks(field, "bakery")
    titles = shown(qtbot, popup, count=2)
    assert titles[0] == "José García"
    assert popup.hits[1].kind == "entry"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert popup.list.currentRow() == 1
    with qtbot.waitSignal(popup.entry_chosen, timeout=2000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert opened.args == [ids["entry"].id]


def test_clicking_a_result_opens_it(qtbot, window):
    _, field, popup, ids = window
    qtbot.keyClicks(field, "lima")
    shown(qtbot, popup, count=1)
    rect = popup.list.visualItemRect(popup.list.item(0))
    with qtbot.waitSignal(popup.person_chosen, timeout=2000) as opened:
        qtbot.mouseClick(popup.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [ids["ana"].id]


def test_results_follow_the_latest_text_and_escape_closes(qtbot, window):
    _, field, popup, _ = window
    qtbot.keyClicks(field, "a")
    qtbot.keyClicks(field, "na l")
    qtbot.waitUntil(
        lambda: (
            popup.isVisible()
            and bool(popup.hits)
            and all("Lima" in plain(h.title) for h in popup.hits)
        ),
        timeout=5000,
    )
    assert field.text() == "ana l"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert field.text() == "", "Escape leaves no old query in the box"
    qtbot.keyClicks(field, "zzzz")
    qtbot.waitUntil(lambda: popup.status.isVisible(), timeout=5000)
    assert "Nothing found" in popup.status.text()


def test_a_stale_answer_is_dropped(qtbot, window):
    _, field, popup, _ = window
    qtbot.keyClicks(field, "jose")
    shown(qtbot, popup)
    stale_generation = popup._latest.generation - 1
    popup._show_hits(stale_generation, "jo", [])
    assert [plain(h.title) for h in popup.hits] == ["José García"]


def test_searches_run_off_the_gui_thread_and_stale_ones_are_cancelled(qtbot, window, monkeypatch):
    _, field, popup, _ = window
    seen: list[tuple[str, bool, bool]] = []
    real = search_core.search

    def spy(journal, text, filters=None, limit=20, cancel=None):
        seen.append(
            (text, threading.current_thread() is threading.main_thread(), cancel is not None)
        )
        return real(journal, text, filters, limit, cancel)

    monkeypatch.setattr(search_core, "search", spy)
    tokens = []
    begin = popup._latest.begin
    monkeypatch.setattr(popup._latest, "begin", lambda: tokens.append(begin()) or tokens[-1])
    qtbot.keyClicks(field, "ana")
    qtbot.waitUntil(lambda: popup.isVisible() and bool(popup.hits), timeout=5000)
    popup.wait()
    assert seen and all(not on_gui and has_token for _, on_gui, has_token in seen)
    assert [t.cancelled for t in tokens] == [True, True, False]


def test_main_window_search_opens_a_person_or_an_entry(qtbot, journal, gui_settings):
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    from journal.gui.dialogs.entry_editor import draft_id_for
    from journal.gui.main_window import MainWindow
    from tests.support.qt import settle

    ana = journal.add_person(Person(name="Ana Lima", organisation="Verde Café"))
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime(2026, 11, 3, 9),
            body="Talked through the grant draft.",
            people=[ana.id],
        )
    )
    window = MainWindow(journal, settings=gui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle()
    assert "Search" in window.search.placeholderText()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "cafe")  # finds "Verde Café"
    popup = window.search_popup
    qtbot.waitUntil(lambda: popup.isVisible() and bool(popup.hits), timeout=5000)
    assert plain(popup.hits[0].title) == "Ana Lima"
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    settle(qtbot, 10)
    assert window.current_page() is window.person_page
    assert window.person_page.person.id == ana.id
    assert window.search.text() == ""

    qtbot.keyClicks(window.search, "grant dr")
    qtbot.waitUntil(lambda: popup.isVisible() and bool(popup.hits), timeout=5000)
    assert [h.kind for h in popup.hits] == ["entry"]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    settle(qtbot, 10)
    editor = window.editor
    assert editor is not None and editor.windowTitle() == "Edit entry"
    assert editor.draft_id == draft_id_for(entry.id)
    texts = [w.toPlainText() for w in editor.findChildren(QPlainTextEdit)]
    texts += [w.toPlainText() for w in editor.findChildren(QTextEdit)]
    assert any("grant draft" in t for t in texts)
    window.editor.keep_for_lock()
    window.prepare_to_lock()
    assert not popup.isVisible()


def test_the_popup_is_as_tall_as_its_few_results(qtbot, window):
    _, field, popup, _ = window
    qtbot.keyClicks(field, "jose")
    shown(qtbot, popup)
    assert len(popup.hits) == 1
    assert not popup.list.verticalScrollBar().isVisible(), "no scroll bar for one result"
    row = popup.list.sizeHintForRow(0)
    assert row <= popup.list.viewport().height() <= row + 8

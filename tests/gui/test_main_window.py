"""The main window: sections by keyboard, unique shortcuts, errors told in a sentence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from journal.core.errors import DiskFull
from journal.gui.widgets.common import UNEXPECTED
from tests.support.qt import settle


def test_every_section_has_a_shortcut_and_back_returns(qtbot, window, journal):
    for key, page in (
        (Qt.Key.Key_2, window.people),
        (Qt.Key.Key_3, window.journal_page),
        (Qt.Key.Key_4, window.insights),
        (Qt.Key.Key_1, window.today),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        settle()
        assert window.current_page() is page
        assert (
            window.sidebar.currentItem().text()
            == {
                window.people: "People",
                window.journal_page: "Journal",
                window.insights: "Insights",
                window.today: "Today",
            }[page]
        )
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is window.insights


def test_no_two_actions_share_a_shortcut(window):
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for shortcut in action.shortcuts():
            text = shortcut.toString()
            assert text not in seen, f"{text} is both {seen[text]!r} and {action.text()!r}"
            seen[text] = action.text()
    for needed in ("Ctrl+N", "Ctrl+L", "Ctrl+K", "Ctrl+F", "Ctrl+Z", "Ctrl+Q", "Ctrl+,"):
        assert needed in seen


def test_controls_have_accessible_names(window):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

    for page in (window.people, window.journal_page):
        page.show()
        for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox):
            if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue
            assert widget.accessibleName(), f"{widget.objectName() or widget} has no name"


def _message_box(qtbot) -> QMessageBox:
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
        ),
        timeout=3000,
    )
    return next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )


def test_a_journal_error_is_shown_as_its_sentence(qtbot, window):
    window.report(DiskFull())
    box = _message_box(qtbot)
    assert box.windowTitle() == "Disk full"
    assert box.text() == DiskFull().message
    box.close()


def test_an_unexpected_error_never_shows_a_traceback(qtbot, window, caplog):
    window.report(RuntimeError("internal detail that means nothing to a person"))
    box = _message_box(qtbot)
    assert box.text() == UNEXPECTED
    assert "internal detail" not in box.text() and "Traceback" not in box.text()
    assert "internal detail" in caplog.text, "the details go to the log instead"
    box.close()


def test_help_about_shows_the_version(qtbot, window):
    from journal import __version__
    from journal.gui.dialogs.about import AboutDialog

    [about] = [a for a in window.help_menu.actions() if a.text() == "&About Rapport"]
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert any(__version__ in label.text() for label in dialog.findChildren(QLabel))
    dialog.close()


def test_people_and_a_persons_page_are_ready_soon_after_today(qtbot, journal, gui_settings):
    """Only Today is made before it is shown; People and a person's page follow once it
    is, so the first click on People does not wait for them to be built."""
    from journal.gui.main_window import MainWindow, PageName

    win = MainWindow(journal, settings=gui_settings)
    qtbot.addWidget(win)
    assert set(win.pages) == {PageName.TODAY}
    with qtbot.waitSignal(win.ready, timeout=10_000):
        win.show()
    assert set(win.pages) == {PageName.TODAY}
    qtbot.waitUntil(lambda: {PageName.PEOPLE, PageName.PERSON} <= set(win.pages), timeout=5_000)
    assert win.current_page_name() is PageName.TODAY  # made, not shown
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page_name() is PageName.PEOPLE
    settle()
    win.events.detach()

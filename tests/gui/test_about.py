"""Help ▸ About, as the user sees it: icon, name, version, the privacy promise, the licence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMainWindow

import journal
from journal.gui.dialogs.about import AboutDialog, show_about


def _text(dialog: AboutDialog, name: str) -> str:
    return dialog.findChild(QLabel, name).text()


def _open(qtbot) -> tuple[QMainWindow, AboutDialog]:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    dialog = show_about(window)
    qtbot.waitExposed(dialog)
    return window, dialog


def test_about_shows_name_version_privacy_and_licence(qtbot):
    _window, dialog = _open(qtbot)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "About Rapport"
    assert _text(dialog, "about-name") == journal.APP_NAME
    assert _text(dialog, "about-version") == f"Version {journal.__version__}"
    assert "never connects to the network" in _text(dialog, "about-privacy")
    assert "encrypted" in _text(dialog, "about-privacy")
    assert "GNU General Public License, version 3 or later" in _text(dialog, "about-licence")


def test_about_shows_the_app_icon(qtbot):
    _window, dialog = _open(qtbot)
    pixmap = dialog.findChild(QLabel, "about-icon").pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() == 96
    # The icon's teal tile, not an empty or default picture.
    centre = pixmap.toImage().pixelColor(10, 48)
    assert centre.alpha() == 255 and centre.green() > centre.red()


def test_about_is_modal_to_its_window_only(qtbot):
    _window, dialog = _open(qtbot)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal


def test_close_button_closes_about(qtbot):
    _window, dialog = _open(qtbot)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_escape_closes_about(qtbot):
    _window, dialog = _open(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_asking_again_brings_the_open_about_forward_instead_of_a_second(qtbot):
    window, dialog = _open(qtbot)
    again = show_about(window)
    assert again is dialog
    assert len([d for d in window.findChildren(AboutDialog) if d.isVisible()]) == 1


def test_about_can_open_again_after_closing(qtbot):
    window, dialog = _open(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    second = show_about(window)
    qtbot.waitExposed(second)
    assert second.isVisible()

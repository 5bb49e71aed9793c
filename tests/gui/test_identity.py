"""The running app names itself so desktops match its windows to its launcher."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

import journal
from journal.gui.identity import apply_identity


def test_identity_names_the_desktop_file_and_sets_the_icon(qapp):
    before = (
        QGuiApplication.applicationName(),
        QGuiApplication.applicationVersion(),
        QGuiApplication.desktopFileName(),
        QGuiApplication.windowIcon(),
    )
    apply_identity(qapp)
    try:
        _check_identity()
    finally:  # the test session shares one QApplication
        QGuiApplication.setApplicationName(before[0])
        QGuiApplication.setApplicationVersion(before[1])
        QGuiApplication.setDesktopFileName(before[2])
        QGuiApplication.setWindowIcon(before[3])


def _check_identity() -> None:
    assert QGuiApplication.desktopFileName() == journal.APP_ID
    assert QGuiApplication.applicationName() == journal.APP_NAME
    assert QGuiApplication.applicationVersion() == journal.__version__
    assert not QGuiApplication.windowIcon().isNull()
    sizes = {s.width() for s in QGuiApplication.windowIcon().availableSizes()}
    assert {16, 32, 256} <= sizes

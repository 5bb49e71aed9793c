"""Fixtures for widget tests: the real app session and main window over a real journal.

Everything runs on QT_QPA_PLATFORM=offscreen with the in-memory keyring; journals are
real SQLCipher files under tmp_path with a cheap KDF. ``settle()`` waits for the
worker thread and delivers its answers, as the event loop would for a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui.app import RapportApp
from journal.gui.main_window import MainWindow
from tests.conftest import FAST_KDF_N
from tests.support.qt import RecordingNotifier, settle


@pytest.fixture
def gui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_session(
    qtbot, tmp_path, clock, keychain, gui_settings
) -> Iterator[Callable[..., RapportApp]]:
    sessions: list[RapportApp] = []

    def make(paths: JournalPaths | None = None, **kwargs) -> RapportApp:
        kwargs.setdefault("notifier", RecordingNotifier())
        kwargs.setdefault("use_tray", False)
        session = RapportApp(
            paths or JournalPaths(tmp_path / "journal"),
            keychain=keychain,
            clock=clock,
            kdf=lambda: KdfParams.fresh(n=FAST_KDF_N),
            settings=gui_settings,
            **kwargs,
        )
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        if session.dialog is not None:
            session.dialog.close()
        session.shutdown()
    settle()


@pytest.fixture
def window(qtbot, journal, gui_settings) -> Iterator[MainWindow]:
    """The main window on an open (empty) journal, as after unlocking."""
    win = MainWindow(journal, settings=gui_settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    settle()
    yield win
    if win.editor is not None:
        win.editor.keep_for_lock()
    settle()
    win.events.detach()

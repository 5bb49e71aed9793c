"""Fixtures for widget tests: the real app session and main window over a real journal.

Everything runs on QT_QPA_PLATFORM=offscreen with the in-memory keyring; journals are
real SQLCipher files under tmp_path with a cheap KDF. ``settle()`` waits for the
worker thread and delivers its answers, as the event loop would for a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from journal.gui import tasks
from journal.gui.app import RapportApp
from journal.gui.main_window import MainWindow
from journal.gui.notify import Notifier
from tests.conftest import FAST_KDF_N


class RecordingNotifier(Notifier):
    """The desktop's notification service, as far as widget tests need it: records what
    was sent and answers like a service that showed it (``shown``) or none that did.
    The real service is exercised end to end (tests/e2e, dunst)."""

    def __init__(self, shown: bool = True) -> None:
        super().__init__()
        self.shown = shown
        self.sent: list[dict] = []

    def send(self, token, title, body, actions=()) -> None:
        self.sent.append({"token": token, "title": title, "body": body, "actions": tuple(actions)})
        QTimer.singleShot(0, lambda: self.finished.emit(token, self.shown))

    def click(self, key: str = "open", index: int = -1) -> None:
        """The user clicks the notification (``open``) or one of its buttons."""
        self.action.emit(self.sent[index]["token"], key)


def settle(qtbot=None, ms: int = 0) -> None:
    """Let queued work finish and its results reach the widgets."""
    assert tasks.wait_all(), "background work did not finish"
    QApplication.processEvents()
    if qtbot is not None and ms:
        qtbot.wait(ms)
        tasks.wait_all()
        QApplication.processEvents()


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

"""Helpers for tests that drive the real widgets: waiting as the event loop would, and a
notification service that records what the app sent.

Kept out of conftest so that test modules import them like any module (a conftest is
pytest's, not a library); ``tests/gui/conftest.py`` re-exports them for older imports.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from journal.gui.desktop import tasks
from journal.gui.desktop.notify import Notifier


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

"""Syncing while Rapport runs: when the journal is unlocked, when the sync folder
changes (``QFileSystemWatcher``: the sync tool brought files), and every few minutes
(local edits go out). Each sync runs on the upkeep worker, so the window never waits;
nothing runs while the journal is locked."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, SignalInstance

from journal.core.errors import JournalError
from journal.gui.desktop import tasks

if TYPE_CHECKING:
    from journal.core.journal import Journal
    from journal.gui.desktop.session import Session

log = logging.getLogger(__name__)

#: A sync tool writes files in bursts: look once after they settle.
SETTLE_MS = 2_000
EVERY_MS = 5 * 60 * 1000


class SyncWatch(QObject):
    #: The lines a sync printed (for the window and tests).
    synced = Signal(list)

    def __init__(
        self,
        session: Session,
        parent: QObject | None = None,
        *,
        start_on: SignalInstance | None = None,
    ) -> None:
        """``start_on``: when to take the first look (the session's unlock by default;
        the app's is ``Background.settled``, once the start is over)."""
        super().__init__(parent)
        self.session = session
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.look)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.look)
        self.files = QFileSystemWatcher(self)
        self.files.directoryChanged.connect(lambda _p: self.settle.start())
        self._busy = False
        (start_on or session.signals.unlocked).connect(lambda *_: self.opened())
        session.signals.locked.connect(self.stop)

    def opened(self) -> None:
        self.timer.start()
        self.look()

    def stop(self) -> None:
        self.timer.stop()
        self.settle.stop()
        watched = self.files.directories()
        if watched:
            self.files.removePaths(watched)

    def look(self) -> None:
        """Find the sync folder on the worker, watch it here, then sync on the worker.

        Reading the folder is a read of the journal: on the window's thread it would run
        just after the first Today is shown (the start's last step), and wait for any
        read or write the worker holds at that moment."""
        journal = self.session.journal
        if journal is None or not journal.is_open or self._busy:
            return
        self._busy = True
        tasks.run(
            lambda: _configured_folder(journal),
            on_done=lambda folder: self._sync(journal, folder),
            on_error=self._failed,
            owner=self,
            housekeeping=True,
        )

    def _sync(self, journal: Journal, folder: Path | None) -> None:
        if folder is None or not journal.is_open or journal is not self.session.journal:
            self._busy = False
            return
        self._watch(folder)  # before the sync: what arrives while it runs is looked at
        from journal.core.sync import engine

        tasks.run(
            lambda: engine.sync_now(journal).lines(),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            housekeeping=True,
        )

    def _watch(self, folder: Path) -> None:
        wanted = {str(folder)} if folder.is_dir() else set()
        if folder.is_dir():
            wanted.update(str(p) for p in folder.iterdir() if p.is_dir())
        current = set(self.files.directories())
        if current - wanted:
            self.files.removePaths(sorted(current - wanted))
        if wanted - current:
            self.files.addPaths(sorted(wanted - current))

    def _done(self, lines: list[str]) -> None:
        self._busy = False
        self.synced.emit(lines)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("sync failed: %s", type(exc).__name__)


def _configured_folder(journal: Journal) -> Path | None:
    """The sync folder, or None when syncing is off or the journal cannot say (locked
    meanwhile, or a damaged page: the day's upkeep finds it and tells the user)."""
    from journal.core.sync import engine

    if not journal.is_open:
        return None
    try:
        return engine.configured_folder(journal)
    except JournalError:
        return None

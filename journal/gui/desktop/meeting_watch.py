"""Watching the calendar while Rapport runs: the brief before a meeting, the reflection
prompt after it, as desktop notifications (the tray's balloon where none answers).

Each look runs on the worker: ``meetings.sync`` (which parses only calendar files whose
modification time or size changed) and ``prompts.due``, which decides and marks what to
show, so nothing is shown twice. Looks happen when the journal is unlocked, when a
watched calendar file or folder changes (``QFileSystemWatcher``), and at the moment
``prompts.next_look`` names (a brief's moment, a meeting's end, the end of quiet hours),
at least every ``MAX_SLEEP_MS`` in case a change went unnoticed. Nothing runs while the
journal is locked: the calendar's meetings are the user's to read, not the lock screen's.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from journal.gui.desktop import tasks

if TYPE_CHECKING:
    # Imported at the first look, once the window's first page is on screen: the
    # calendar, its prompts and the engine behind them are ~0.08 s of imports.
    from journal.core.calendar import prompts
    from journal.core.calendar.reading import CalendarEvent, CalendarReader
    from journal.gui.desktop.background import Background

log = logging.getLogger(__name__)

#: The prefix of the notification tokens this watch owns (Background leaves them alone).
TOKEN_PREFIX = "meeting-"
MAX_SLEEP_MS = 15 * 60 * 1000
MIN_SLEEP_MS = 1_000
#: File changes come in bursts (a sync client writes many files): look once after.
SETTLE_MS = 1_500
KEEP_SENT = 16


class MeetingWatch(QObject):
    #: Prompts shown at one look (for tests and the window).
    shown = Signal(list)

    def __init__(self, background: Background) -> None:
        super().__init__(background)
        self.background = background
        self.session = background.session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.look)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.look)
        self.files = QFileSystemWatcher(self)
        self.files.fileChanged.connect(lambda _p: self.settle.start())
        self.files.directoryChanged.connect(lambda _p: self.settle.start())
        self.sent: dict[str, prompts.Prompt] = {}
        self._balloon: str | None = None
        self._reader: CalendarReader | None = None
        self._busy = False
        signals = self.session.signals
        # Not at the unlock itself: the first look waits until the start is over.
        background.settled.connect(self.opened)
        signals.locked.connect(self.stop)
        signals.changed.connect(self._journal_changed)
        background.notifier.action.connect(self._clicked)
        background.notifier.finished.connect(self._finished)
        if background.tray is not None:
            background.tray.message_clicked.connect(self._balloon_clicked)

    # when to look -------------------------------------------------------------------------

    def opened(self) -> None:
        self._reader = None
        self.look()

    def _journal_changed(self, kind: str) -> None:
        if kind in ("settings", "person"):  # new calendars, addresses or people: look again
            self.settle.start()

    def stop(self) -> None:
        self.timer.stop()
        self.settle.stop()
        self._reader = None
        paths = self.files.files() + self.files.directories()
        if paths:
            self.files.removePaths(paths)

    def look(self) -> None:
        journal = self.session.journal
        if journal is None or not journal.is_open or self._busy:
            return
        from journal.core.calendar import meetings, prompts

        settings = meetings.load_settings(journal)
        if not settings.sources:
            self.stop()
            return
        if self._reader is None or [str(p) for p in self._reader.sources] != settings.sources:
            self._reader = meetings.reader_for(settings)
        reader = self._reader
        reader.own_emails = tuple(settings.own_emails)
        self._watch(settings.sources)
        self._busy = True
        now = self.background.now()

        def read() -> list[CalendarEvent]:
            # Files only, no journal: a big calendar's first parse (seconds) runs on the
            # upkeep worker, so pages and saves are not queued behind it.
            return reader.events(*meetings.window(now))

        def decide(events: list[CalendarEvent]) -> tuple[list[prompts.Prompt], datetime]:
            if not journal.is_open:
                return [], journal.clock.now()
            meetings.sync(journal, reader, now=now, events=events)
            return prompts.due(journal, settings=settings), prompts.next_look(
                journal, settings=settings
            )

        def then(events: list[CalendarEvent]) -> None:
            tasks.run(
                lambda: decide(events), on_done=self._looked, on_error=self._failed, owner=self
            )

        tasks.run(read, on_done=then, on_error=self._failed, owner=self, housekeeping=True)

    def _watch(self, sources: list[str]) -> None:
        wanted: set[str] = set()
        for source in sources:
            path = Path(source)
            if path.is_dir():
                wanted.add(str(path))
                wanted.update(str(p) for p in path.rglob("*") if p.is_dir())
            elif path.exists():
                wanted.add(str(path))
                wanted.add(str(path.parent))  # a file replaced by a rename is seen here
        current = set(self.files.files() + self.files.directories())
        if current - wanted:
            self.files.removePaths(list(current - wanted))
        if wanted - current:
            self.files.addPaths(sorted(wanted - current))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("calendar look failed: %s", type(exc).__name__)
        self.timer.start(MAX_SLEEP_MS)

    def _looked(self, result: tuple[list[prompts.Prompt], datetime]) -> None:
        self._busy = False
        shown, wake_at = result
        for prompt in shown:
            self._send(prompt)
        self.shown.emit(shown)
        now = self.background.now()
        delay = int((wake_at - now).total_seconds() * 1000) + 500
        self.timer.start(max(MIN_SLEEP_MS, min(MAX_SLEEP_MS, delay)))

    # showing --------------------------------------------------------------------------------

    def _send(self, prompt: prompts.Prompt) -> None:
        token = TOKEN_PREFIX + uuid.uuid4().hex
        self.sent[token] = prompt
        for old in list(self.sent)[:-KEEP_SENT]:
            del self.sent[old]
        actions = ("brief",) if prompt.kind == "brief" else ("write", "met", "dismiss")
        self.background.notifier.send(token, prompt.title, prompt.body, actions)

    def _finished(self, token: str, shown: bool) -> None:
        prompt = self.sent.get(token)
        if shown or prompt is None:
            return
        tray = self.background.tray
        if tray is not None:
            self._balloon = token
            tray.balloon(prompt.title, prompt.body)
        else:
            self.session.remind(prompt.title)

    def _balloon_clicked(self) -> None:
        if self._balloon is not None:
            token, self._balloon = self._balloon, None
            self._clicked(token, "open")

    def _clicked(self, token: str, key: str) -> None:
        prompt = self.sent.get(token)
        if prompt is None:
            return
        mid = prompt.meeting_id
        if prompt.kind == "brief":
            self.session.in_window(lambda w: open_brief(w, mid))
            return
        if key in ("met", "dismiss"):
            journal = self.session.journal
            if journal is None or not journal.is_open:
                return
            from journal.core import operations
            from journal.gui.desktop.operations import run_op

            action = operations.we_met if key == "met" else operations.dismiss_meeting
            # From a notification, with no window to offer the undo in: the step is in
            # the undo log all the same, so Edit ▸ Undo takes it back later.
            run_op(None, journal, action, mid, owner=self)
            return
        from journal.gui.dialogs.meetings import open_reflection

        self.session.in_window(lambda w: open_reflection(w, mid))


def open_brief(window: Any, meeting_id: str) -> Any:
    """The brief page for a meeting, beside the main window."""
    from journal.gui.dialogs.meetings import BriefDialog

    dialog = BriefDialog(window, meeting_id, window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    window.brief_dialog = dialog
    return dialog

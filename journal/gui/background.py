"""Rapport in the background: the tray, the reminder scheduler and the notifications of
one session (``RapportApp``).

Each check is ``delivery.check`` on the worker thread: on the open journal, or, while
the app is locked, on a short-lived copy opened with the key remembered in the
keychain (only when the journal's key is remembered there; the notification then names
nobody). Locked without a remembered key, nothing is read and the tray says only
"Rapport is locked". What a check finds goes to the tray (the count) and, once a day,
to a desktop notification; where no notification service answers, to the tray's own
balloon, and without a tray, into the window.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from journal.core import delivery
from journal.core.clock import SYSTEM_CLOCK
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.gui import tray as tray_module
from journal.gui.notify import Notifier
from journal.gui.scheduler import Scheduler
from journal.gui.tray import Tray

if TYPE_CHECKING:
    from journal.gui.app import RapportApp

#: Deliveries kept so their buttons still work (a notification may be clicked late).
KEEP_SENT = 8


class Background(QObject):
    def __init__(self, session: RapportApp, *, use_tray: bool | None = None,
                 notifier: Notifier | None = None,
                 scheduler_factory: Callable[..., Scheduler] | None = None) -> None:
        super().__init__(session)
        self.session = session
        self._use_tray = use_tray
        self.tray: Tray | None = None
        self.notifier = notifier or Notifier(parent=self)
        self.notifier.finished.connect(self._sent)
        self.notifier.action.connect(self._clicked)
        factory = scheduler_factory or Scheduler
        self.scheduler = factory(self._look, self._now, parent=self)
        self.scheduler.checked.connect(self._checked)
        self._sent_checks: dict[str, delivery.Check] = {}
        self._balloon_token: str | None = None
        self.last_check: delivery.Check | None = None
        self._closed = False

    # the session's side ---------------------------------------------------------------------

    def start(self) -> None:
        wanted = tray_module.available() if self._use_tray is None else self._use_tray
        if wanted and self.tray is None:
            tray = Tray(self.session.settings, self)
            tray.today_requested.connect(
                lambda: self.session.in_window(lambda w: w.show_page(0)))
            tray.log_requested.connect(lambda: self.session.in_window(lambda w: w.new_entry()))
            tray.open_requested.connect(self.session.activate)
            tray.lock_requested.connect(self.session.lock)
            tray.quit_requested.connect(self.session.quit)
            tray.message_clicked.connect(
                lambda: self._clicked(self._balloon_token or "", "open"))
            tray.show()
            self.tray = tray

    def opened(self) -> None:
        self.scheduler.check("unlock")

    def locked(self) -> None:
        self.scheduler.check("lock")

    def journal_changed(self, _kind: str) -> None:
        self.scheduler.recount()

    def show_state(self) -> None:
        """Nothing could be read (a login start the keychain could not open)."""
        if self.tray is not None and self.session.journal is None:
            self.tray.show_locked()

    def told_once(self, key: str, title: str, body: str) -> None:
        """A tray bubble the user sees the first time only (kept in gui.ini)."""
        settings = self.session.settings
        if self.tray is None or str(settings.value(key, "")) == "true":
            return
        settings.setValue(key, "true")
        self.tray.balloon(title, body)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.scheduler.close()
        self.notifier.shutdown()
        if self.tray is not None:
            self.tray.hide()

    # checking ------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return (self.session.clock or SYSTEM_CLOCK).now()

    def _look(self, deliver: bool) -> Callable[[], delivery.Check | None]:
        journal = self.session.journal
        if journal is not None and journal.is_open:
            return lambda: delivery.check(journal, deliver=deliver)
        session = self.session
        if not session.remembered or not session.paths.exists():
            return lambda: None
        paths, keychain, clock = session.paths, session.keychain, session.clock

        def locked_check() -> delivery.Check | None:
            try:
                copy = Journal.open(paths, None, keychain=keychain, clock=clock)
            except JournalError:
                return None
            try:
                return delivery.check(copy, deliver=deliver, private=True)
            finally:
                copy.close()

        return locked_check

    def _checked(self, result: delivery.Check | None) -> None:
        self.last_check = result
        if result is None:
            if self.tray is not None and self.session.journal is None:
                self.tray.show_locked()
            return
        if self.tray is not None:
            self.tray.show_count(result.count, locked=self.session.journal is None)
        if result.delivery is not None:
            self._deliver(result)

    # delivering ---------------------------------------------------------------------------

    def _deliver(self, result: delivery.Check) -> None:
        note = result.delivery
        assert note is not None
        token = uuid.uuid4().hex
        self._sent_checks[token] = result
        for old in list(self._sent_checks)[:-KEEP_SENT]:
            del self._sent_checks[old]
        window = self.session.window
        if (window is not None and window.isVisible() and not window.isMinimized()
                and window.isActiveWindow()):
            window.remind(_in_window_text(note))  # in use: no pop-up over it
            return
        if self.tray is None and window is not None:
            window.remind(_in_window_text(note))
        self.notifier.send(token, note.title, note.body, note.actions)

    def _sent(self, token: str, shown: bool) -> None:
        result = self._sent_checks.get(token)
        if shown or result is None or result.delivery is None:
            return
        note = result.delivery
        if self.tray is not None:
            self._balloon_token = token
            self.tray.balloon(note.title, note.body)
            return
        window = self.session.window
        if window is not None and not window.isVisible():
            window.showMinimized()  # no tray, no notifications: the taskbar is left

    def _clicked(self, token: str, key: str) -> None:
        result = self._sent_checks.get(token)
        note = result.delivery if result is not None else None
        if result is None or note is None:
            self.session.activate()
            return
        if key in ("log", "snooze") and result.suggestions:
            suggestion = result.suggestions[0]
            if key == "log":
                self.session.in_window(lambda w: w.today.log_check_in(suggestion))
            else:
                self._snooze(suggestion)
            return
        person = note.opens
        if person:
            self.session.in_window(lambda w: w.open_person(person))
        else:
            self.session.in_window(lambda w: w.show_page(0))

    def _snooze(self, suggestion: Any) -> None:
        """Snooze from the notification: until tomorrow, without opening the window."""
        journal = self.session.journal
        if journal is None or not journal.is_open:
            self.session.in_window(lambda w: w.today.act(
                suggestion, "snooze", w.journal.clock.today() + timedelta(days=1)))
            return
        from journal.core import engine

        try:
            engine.act(journal, suggestion, "snooze", until=journal.clock.today()
                       + timedelta(days=1))
        except JournalError as exc:
            error = exc
            self.session.in_window(lambda w: w.report(error))


def _in_window_text(note: delivery.Delivery) -> str:
    if len(note.suggestion_ids) == 1 and "log" in note.actions:
        return f"{note.title}: {note.body}"
    return f"{note.title}."

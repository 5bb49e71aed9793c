"""Rapport in the background: the tray, the reminder scheduler and the notifications of
one session (``RapportApp``).

Each check is ``delivery.check`` on the worker thread: on the open journal, or, while
the app is locked, on a short-lived copy opened with the key remembered in the
keychain (only when the journal's key is remembered there; the notification then names
nobody). Locked without a remembered key, nothing is read and the tray says only
"Rapport is locked". What a check finds goes to the tray (the count) and, once a day,
to a desktop notification; where no notification service answers, to the tray's own
balloon, and without a tray, into the window.

The day's upkeep (``journal.core.maintenance``: the check of every page of the file,
the automatic backup, the search index tidied) runs on the upkeep worker once the window is usable after an unlock, and when
the scheduler wakes at midnight or after a suspend; the core keeps it to once a day. A
step that failed is told once: in the window's notice bar, or in a tray bubble.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from journal.core.clock import SYSTEM_CLOCK
from journal.core.errors import JournalDamaged
from journal.gui.desktop import tasks
from journal.gui.desktop import tray as tray_module
from journal.gui.desktop.notify import Notifier
from journal.gui.desktop.scheduler import Scheduler
from journal.gui.desktop.tray import Tray

if TYPE_CHECKING:
    # Imported on the worker at the first check: the engine behind them costs ~0.1 s of
    # imports, which the first window should not wait for.
    from journal.core import delivery, maintenance
    from journal.gui.desktop.session import Session

log = logging.getLogger(__name__)

#: The upkeep waits for the window's first page; if that never says so, it starts then.
UPKEEP_FALLBACK_MS = 20_000

#: How long after the window's first page is shown the upkeep and the watches start,
#: so that the page's first frame does not wait for their imports and reads.
AFTER_READY_MS = 150

#: Deliveries kept so their buttons still work (a notification may be clicked late).
KEEP_SENT = 8


class Background(QObject):
    #: The day's upkeep finished (a ``MaintenanceReport``; ``ran`` False if done already).
    maintained = Signal(object)
    #: The start after an unlock is over: the window's first page is on screen (or the
    #: window stays in the tray). The calendar and sync watches take their first look
    #: then, not at the unlock, so their imports and reads do not delay Today.
    settled = Signal()

    def __init__(
        self,
        session: Session,
        *,
        use_tray: bool | None = None,
        notifier: Notifier | None = None,
        scheduler_factory: Callable[..., Scheduler] | None = None,
    ) -> None:
        super().__init__(session if isinstance(session, QObject) else None)
        self.session = session
        self._use_tray = use_tray
        self.tray: Tray | None = None
        self.notifier = notifier or Notifier(parent=self)
        self.notifier.finished.connect(self._sent)
        self.notifier.action.connect(self._clicked)
        factory = scheduler_factory or Scheduler
        self.scheduler = factory(self._look, self.now, parent=self)
        self.scheduler.checked.connect(self._checked)
        self._sent_checks: dict[str, delivery.Check] = {}
        self._balloon_token: str | None = None
        self.last_check: delivery.Check | None = None
        self.last_upkeep: maintenance.MaintenanceReport | None = None
        #: Problems of an upkeep run that nobody has been told about yet.
        self.untold: tuple[str, ...] = ()
        #: The day the upkeep was last asked for, and whether it waits for the window.
        self._upkeep_day: date | None = None
        self._upkeep_waits = False
        self._closed = False
        self._unlocks = 0
        #: Briefs before meetings and reflections after (made at ``start``).
        self.meetings: Any = None
        self.sync: Any = None
        signals = session.signals
        signals.unlocked.connect(self.opened)
        # A moment after the first page is shown: its first frame is drawn first.
        signals.ready.connect(lambda: QTimer.singleShot(AFTER_READY_MS, self, self._window_ready))
        signals.locked.connect(self.locked)
        signals.changed.connect(self.journal_changed)

    # the session's side ---------------------------------------------------------------------

    def start(self) -> None:
        wanted = tray_module.available() if self._use_tray is None else self._use_tray
        if wanted and self.tray is None:
            tray = Tray(self.session.settings, self)
            tray.today_requested.connect(self.session.open_today)
            tray.log_requested.connect(self.session.new_entry)
            tray.ask_requested.connect(self.session.ask_network)
            tray.open_requested.connect(self.session.activate)
            tray.lock_requested.connect(self.session.lock)
            tray.quit_requested.connect(self.session.quit)
            tray.message_clicked.connect(lambda: self._clicked(self._balloon_token or "", "open"))
            tray.show()
            self.tray = tray
        if self.meetings is None:
            from journal.gui.desktop.meeting_watch import MeetingWatch

            self.meetings = MeetingWatch(self)  # each listens to ``session.signals``
        if self.sync is None:
            from journal.gui.desktop.sync_watch import SyncWatch

            self.sync = SyncWatch(self.session, self, start_on=self.settled)

    def opened(self, _journal: object = None) -> None:
        """Unlocked (``signals.unlocked``): count now; the upkeep once the window is
        usable (``signals.ready``: never before, its first page loads first), or at once
        when it stays hidden in the tray."""
        self.scheduler.check("unlock")
        self._unlocks += 1
        if self.session.window_state() in ("shown", "in use"):
            self._upkeep_waits = True
            unlock = self._unlocks

            def fallback() -> None:  # only for this unlock (not after a lock)
                if self._unlocks == unlock:
                    self._window_ready()

            QTimer.singleShot(UPKEEP_FALLBACK_MS, self, fallback)
        else:
            self._upkeep_waits = False
            QTimer.singleShot(0, self, self._settle)
        self.tell_upkeep_problems()

    def _window_ready(self) -> None:
        """The window's first page is on screen (or the fallback came): the upkeep, once."""
        if self._upkeep_waits:
            self._upkeep_waits = False
            self._settle()

    def _settle(self) -> None:
        self.maintain()
        if self.session.journal is not None:
            self.settled.emit()

    def locked(self) -> None:
        self._upkeep_waits = False
        self._unlocks += 1  # a pending fallback belongs to the unlock before
        self.scheduler.check("lock")

    def journal_changed(self, _kind: str = "") -> None:
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
        if self.meetings is not None:
            self.meetings.stop()
        self.notifier.shutdown()
        if self.tray is not None:
            self.tray.hide()

    # checking ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The session's clock (a test's fixed one, else the system's)."""
        return (self.session.clock or SYSTEM_CLOCK).now()

    def _look(self, deliver: bool) -> Callable[[], delivery.Check | None]:
        journal = self.session.journal
        if journal is not None and journal.is_open:

            def open_check() -> delivery.Check | None:
                from journal.core import delivery

                return delivery.check(journal, deliver=deliver)

            return open_check
        open_copy = self.session.locked_opener()
        if open_copy is None:
            return lambda: None

        def locked_check() -> delivery.Check | None:
            from journal.core import delivery

            copy = open_copy()
            if copy is None:
                return None
            try:
                return delivery.check(copy, deliver=deliver, private=True)
            finally:
                copy.close()

        return locked_check

    def _checked(self, result: delivery.Check | None) -> None:
        self.last_check = result
        if not self._upkeep_waits and self._upkeep_day != self.now().date():
            self.maintain()  # a new day (midnight, or back from a suspend)
        if result is None:
            if self.tray is not None and self.session.journal is None:
                self.tray.show_locked()
            return
        if self.tray is not None:
            self.tray.show_count(result.count, locked=self.session.journal is None)
        if result.delivery is not None:
            self._deliver(result)

    # the day's upkeep -----------------------------------------------------------------------

    def maintain(self) -> None:
        """Run the day's upkeep on the upkeep worker (a no-op if done today)."""
        if self._closed or self.session.is_sample:  # nothing there is the user's to keep
            return
        self._upkeep_day = self.now().date()
        journal = self.session.journal
        if journal is not None and journal.is_open:

            def work() -> maintenance.MaintenanceReport | None:
                from journal.core import maintenance

                if not journal.is_open:  # locked in the meantime
                    return None
                return maintenance.run_daily(journal)
        elif (locked := self._locked_upkeep()) is not None:
            work = locked
        else:
            return
        tasks.run(
            work,
            on_done=self._maintained,
            on_error=self._upkeep_failed,
            owner=self,
            housekeeping=True,
        )

    def _locked_upkeep(self) -> Callable[[], maintenance.MaintenanceReport | None] | None:
        """Locked with the key remembered: the upkeep on a short-lived copy."""
        open_copy = self.session.locked_opener()
        if open_copy is None:
            return None

        def work() -> maintenance.MaintenanceReport | None:
            from journal.core import maintenance

            copy = open_copy()
            if copy is None:
                return None
            try:
                return maintenance.run_daily(copy)
            finally:
                copy.close()

        return work

    def _maintained(self, report: maintenance.MaintenanceReport | None) -> None:
        if report is None:
            return
        self.last_upkeep = report
        if report.problems:
            self.untold = report.problems
            self.tell_upkeep_problems()
        self.maintained.emit(report)

    def _upkeep_failed(self, exc: BaseException) -> None:
        """Only unexpected errors get here (run_daily reports the expected ones)."""
        log.error("daily upkeep failed", exc_info=exc)

    def tell_upkeep_problems(self) -> None:
        """Tell what went wrong once: in the window if there is one, else in the tray
        (else it waits for the window that the next unlock brings)."""
        if not self.untold:
            return
        text = " ".join(self.untold)
        title = (
            JournalDamaged.title
            if self.last_upkeep is not None and self.last_upkeep.damaged
            else "Rapport could not make today's backup"
            if any(p.startswith("Today's automatic backup") for p in self.untold)
            else "Rapport could not finish its daily upkeep"
        )
        session = self.session
        if session.warn(text, [("Open &Backups", lambda: session.open_settings("backups"))]):
            if session.window_state() == "hidden" and self.tray is not None:
                self.tray.balloon(title, text)
        elif self.tray is not None:
            self.tray.balloon(title, text)
        else:
            return
        self.untold = ()

    # delivering ---------------------------------------------------------------------------

    def _deliver(self, result: delivery.Check) -> None:
        note = result.delivery
        assert note is not None
        token = uuid.uuid4().hex
        self._sent_checks[token] = result
        for old in list(self._sent_checks)[:-KEEP_SENT]:
            del self._sent_checks[old]
        if self.session.window_state() == "in use":
            self.session.remind(_in_window_text(note))  # in use: no pop-up over it
            return
        if self.tray is None:
            self.session.remind(_in_window_text(note))
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
        self.session.show_minimized()  # no tray, no notifications: the taskbar is left

    def _clicked(self, token: str, key: str) -> None:
        if token.startswith("meeting-"):  # a meeting's brief or reflection: MeetingWatch's
            return
        result = self._sent_checks.get(token)
        note = result.delivery if result is not None else None
        if result is None or note is None:
            self.session.activate()
            return
        if key in ("log", "snooze") and result.suggestions:
            suggestion = result.suggestions[0]
            if key == "log":
                self.session.log_check_in(suggestion)
            else:
                self._snooze(suggestion)
            return
        person = note.opens
        if person:
            self.session.open_person(person)
        else:
            self.session.open_today()

    def _snooze(self, suggestion: Any) -> None:
        """Snooze from the notification: until tomorrow, without opening the window."""
        journal = self.session.journal
        if journal is None or not journal.is_open:
            # Locked: Today snoozes it once the user has unlocked.
            tomorrow = self.now().date() + timedelta(days=1)
            self.session.act_on_suggestion(suggestion, "snooze", tomorrow)
            return
        from journal.core import operations
        from journal.gui.desktop.operations import run_op

        # On the worker like any operation; Edit ▸ Undo names it once the window hears
        # the change. No notice: the user is not looking at the window.
        run_op(
            None,
            journal,
            operations.snooze_until_tomorrow,
            suggestion,
            failure=self.session.report,
            owner=self,
        )


def _in_window_text(note: delivery.Delivery) -> str:
    if len(note.suggestion_ids) == 1 and "log" in note.actions:
        return f"{note.title}: {note.body}"
    return f"{note.title}."

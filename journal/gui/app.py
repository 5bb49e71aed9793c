"""Starting the desktop app: first run or unlock, the main window, locking, quitting.

``RapportApp`` is the session: it decides what to show first (setup when there is no
journal, otherwise the keychain's key tried on the worker thread, then the passphrase
dialog), owns the open ``Journal`` and the main window, and locks on request or after
idle minutes: drafts are kept, the database is closed and the key wiped, and the
unlock dialog comes back. ``run_app`` is what ``journal`` and ``journal demo`` call.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from journal import APP_NAME
from journal.core.paths import JournalPaths, config_dir, log_dir
from journal.gui.desktop import tasks
from journal.gui.desktop.session import SessionSignals
from journal.gui.dialogs.unlock import Opened, SetupDialog, StartWith, UnlockDialog

if TYPE_CHECKING:
    # The unlock dialog is on screen before the core is imported: the journal, its
    # storage and the keychain (~0.1 s of imports) load on the worker that opens it.
    # Backups are imported when a restore begins (~50 ms at start).
    from journal.core import backup as backup_core
    from journal.core.clock import Clock
    from journal.core.early_key import EarlyKey
    from journal.core.journal import Journal
    from journal.core.keychain import Keychain
    from journal.core.keys import KdfParams
    from journal.gui.desktop.notify import Notifier
    from journal.gui.dialogs.backups import RestoreRequest, RestoringDialog
    from journal.gui.main_window import MainWindow

log = logging.getLogger(__name__)

#: How long after the unlock dialog's first paint the main window's modules load.
WINDOW_MODULES_AFTER_MS = 30

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Locks the journal after the user has done nothing in Rapport for N minutes."""

    def __init__(
        self,
        on_idle: Callable[[], None],
        parent: QObject | None = None,
        ms_per_minute: int = 60_000,
    ) -> None:
        super().__init__(parent)
        self.ms_per_minute = ms_per_minute
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(on_idle)
        self._minutes = 0
        self._watching = False

    def set_minutes(self, minutes: int) -> None:
        self._minutes = minutes
        if minutes > 0:
            self._timer.start(minutes * self.ms_per_minute)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._minutes > 0 and event.type() in _ACTIVITY:
            self._timer.start(self._minutes * self.ms_per_minute)
        return False

    def watch(self, on: bool) -> None:
        """See the input of Rapport's windows while one of them is on screen.

        The filter sits on each top-level window (``QWindow``), where the system's keys,
        clicks, moves, wheel and touches arrive before Qt hands them to a widget; on the
        application it would be a call into Python for every one of Qt's own events as
        well (thousands when Today's cards are built: ~40 ms of a 10,000-person start).
        A window that appears later (a dialog) is watched when it takes the focus.
        While Rapport sits in the tray nobody can be active in it: the filters come off.
        """
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication) or on == self._watching:
            return
        self._watching = on
        if on:
            app.focusWindowChanged.connect(self._watch_windows)
            self._watch_windows()
        else:
            app.focusWindowChanged.disconnect(self._watch_windows)
            for window in QGuiApplication.topLevelWindows():
                window.removeEventFilter(self)

    def _watch_windows(self, _focused: QWindow | None = None) -> None:
        # Installing again is harmless: Qt keeps one entry per filter and object.
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def stop(self) -> None:
        self.watch(False)
        self._timer.stop()


class RapportApp(QObject):
    """One run of the app on one journal folder.

    With a system tray the app lives there: closing the window hides it (said once),
    ``minimized`` starts with no window at all (and, if the keychain cannot open the
    journal, without asking: the tray says it is locked until clicked), a lock while
    the window is hidden asks for nothing until the user comes back. Without a tray the
    window opens at start, and closing it asks once whether to keep running in the
    background. ``background`` (``journal.gui.desktop.background``) holds the tray, the
    scheduler and the notifications.
    """

    unlocked = Signal(object)  # MainWindow
    locked = Signal()

    def __init__(
        self,
        paths: JournalPaths,
        *,
        keychain: Keychain | None = None,
        clock: Clock | None = None,
        kdf: Callable[[], KdfParams] | None = None,
        demo_passphrase: str | None = None,
        minimized: bool = False,
        settings: QSettings | None = None,
        use_tray: bool | None = None,
        notifier: Notifier | None = None,
        scheduler_factory: Callable[..., Any] | None = None,
        own_paths: JournalPaths | None = None,
        sample_spec: Any = None,
        early_key: EarlyKey | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: The journal on screen: the user's own, or the sample journal.
        self.paths = paths
        #: Where the user's own journal lives ("Set up my own journal" from the sample).
        self.own_paths = own_paths or paths
        if keychain is None:
            from journal.core.keychain import Keychain  # light: keyring loads at first use

            keychain = Keychain()
        self.keychain = keychain
        self.clock = clock
        self._kdf = kdf
        self._demo_passphrase = demo_passphrase
        #: What a sample journal written on first open holds (``sample.SampleSpec``).
        self._sample_spec = sample_spec
        #: The key of ``demo_passphrase``, begun before Qt loaded (``journal demo``).
        self._early_key = early_key
        self._minimized = minimized
        self.settings = settings or QSettings(
            str(config_dir() / "gui.ini"), QSettings.Format.IniFormat
        )
        self.journal: Journal | None = None
        self.window: MainWindow | None = None  # imported lazily
        self.dialog: SetupDialog | UnlockDialog | RestoringDialog | None = None
        self.restore_problem: QMessageBox | None = None
        self.idle = IdleLock(self.lock, self)
        self._quitting = False
        self._locking = False
        self._ever_unlocked = False
        #: Whether the open journal's key is in the keychain (so a locked app may count).
        self.remembered = False
        self._pending: list[Callable[[Any], None]] = []
        self.question: QMessageBox | None = None
        #: What happens to the session, for the desktop services (``Session.signals``).
        self.signals = SessionSignals(self)
        from journal.gui.desktop.background import Background

        self.background = Background(
            self, use_tray=use_tray, notifier=notifier, scheduler_factory=scheduler_factory
        )
        # Whether the key is remembered is asked once the start is over: the keychain's
        # library (~0.1 s to load, more with D-Bus) would slow the first Today.
        self.background.settled.connect(self._ask_remembered)

    @property
    def has_tray(self) -> bool:
        return self.background.tray is not None

    # opening ----------------------------------------------------------------------------

    def _open(self, paths: JournalPaths, passphrase: str | None) -> Journal:
        """Open on the worker. With a passphrase, scrypt runs while the journal's modules
        load (it holds no lock of the interpreter): begun at start on a thread of its own
        (``journal demo``: ``EarlyKey``) while this thread loads them, else here first
        while the GUI thread loads the window's."""
        early, self._early_key = self._early_key, None
        if early is not None and passphrase is None:
            early.discard()
            early = None
        derived = None
        try:
            from journal.core.meta import derive_early  # the key file's reader: light

            if passphrase is not None and early is None:
                derived = derive_early(paths.meta, passphrase)
            from journal.core.journal import Journal

            if passphrase is not None and early is not None:
                derived = early.take(paths.meta, passphrase) or derive_early(paths.meta, passphrase)
        except BaseException:
            if early is not None:
                early.discard()
            if derived is not None:
                derived[1].wipe()
            raise
        return Journal.open(
            paths, passphrase, keychain=self.keychain, clock=self.clock, derived=derived
        )

    def _create(self, paths: JournalPaths, passphrase: str, *, remember: bool) -> Journal:
        from journal.core.journal import Journal

        return Journal.create(
            paths,
            passphrase,
            remember=remember,
            keychain=self.keychain,
            clock=self.clock,
            kdf=self._kdf() if self._kdf else None,
        )

    @property
    def is_sample(self) -> bool:
        """Whether the journal on screen is the sample journal (not the user's own)."""
        return self._demo_passphrase is not None

    def sample_paths(self) -> JournalPaths:
        """The sample journal: beside the user's own (``JournalPaths.demo()`` for the
        default folder), never inside it."""
        if self.is_sample:
            return self.paths
        return JournalPaths(self.own_paths.root / "demo")

    def _open_sample(self, progress: Callable[[int, int], None]) -> Journal:
        """Open the sample journal, writing it first if there is none yet (worker)."""
        from journal.core import sample
        from journal.core.journal import Journal

        paths = self.sample_paths()
        if paths.db.exists():
            return Journal.open(
                paths, sample.DEMO_PASSPHRASE, keychain=self.keychain, clock=self.clock
            )
        journal = Journal.create(
            paths,
            sample.DEMO_PASSPHRASE,
            keychain=self.keychain,
            clock=self.clock,
            kdf=self._kdf() if self._kdf else None,
        )
        try:
            sample.populate(journal, self._sample_spec, progress=progress)
        except BaseException:
            journal.close()
            raise
        return journal

    def start(self) -> None:
        self.background.start()
        if self.is_sample and not self.paths.db.exists():
            # ``journal demo`` the first time: the window first, then the sample journal
            # is written on the worker with its progress inside the window.
            dialog = self._show_unlock(locked=False)
            dialog.try_without_passphrase(
                lambda progress: Opened(self._open_sample(progress)),
                "Writing the sample journal…",
            )
            return
        if not self.paths.db.exists() and not self.paths.meta.exists():
            self._show_setup()
            return
        if self._minimized and self.has_tray and self._demo_passphrase is None:
            # Started at login: open with the keychain without showing anything; if it
            # cannot, stay quietly in the tray until the user clicks it.
            tasks.run(
                lambda: Opened(self._open(self.paths, None)),
                on_done=self._unlocked,
                on_error=lambda _exc: self.background.show_state(),
                owner=self,
            )
            return
        self._show_unlock(locked=False, try_keychain=True)

    def _show_setup(self) -> None:
        dialog = SetupDialog(
            self.own_paths, self._create, self.keychain.available, self._open_sample
        )
        dialog.opened.connect(self._unlocked)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()

    def _show_unlock(self, *, locked: bool, try_keychain: bool = False) -> UnlockDialog:
        paths, keychain = self.paths, self.keychain

        def is_remembered() -> bool:
            from journal.core.opening import key_is_remembered

            return key_is_remembered(paths, keychain)

        dialog = UnlockDialog(self.paths, self._open, locked=locked, is_remembered=is_remembered)
        dialog.opened.connect(self._unlocked)
        dialog.quit_requested.connect(self.quit)
        dialog.rejected.connect(lambda: self._unlock_closed(dialog))
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if try_keychain and self._demo_passphrase is not None:
            passphrase = self._demo_passphrase
            dialog.try_without_passphrase(
                lambda: Opened(self._open(self.paths, passphrase)), "Opening the sample journal…"
            )
        elif try_keychain:
            dialog.try_without_passphrase(
                lambda: Opened(self._open(self.paths, None)),
                "Opening with the key remembered on this computer…",
            )
        else:
            dialog.ask_keychain()
        if "journal.gui.main_window" not in sys.modules:
            dialog.installEventFilter(self)  # its first paint starts loading the window
        return dialog

    def _unlock_closed(self, dialog: UnlockDialog) -> None:
        """Closing the unlock dialog leaves the app in the tray; without one, it quits."""
        if self._quitting or self.journal is not None:
            return
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self._pending.clear()  # what the unlock was for is no longer wanted
        if not self.has_tray:
            self.quit()

    def _unlocked(self, opened: Opened) -> None:
        # Today's check-ins are worked out on the worker while the window is made here:
        # most of a first Today is SQLCipher reading pages, which lets the GUI thread
        # run meanwhile. The page's own load then finds them worked out.
        journal = opened.journal
        tasks.run(lambda: _work_out_today(journal), owner=self)
        from journal.gui.main_window import MainWindow

        if opened.start_with is StartWith.SAMPLE:
            from journal.core.sample import DEMO_PASSPHRASE

            self.paths = opened.journal.paths
            self._demo_passphrase = DEMO_PASSPHRASE
        self.journal = opened.journal
        self.dialog = None
        first = not self._ever_unlocked
        self._ever_unlocked = True
        window = MainWindow(opened.journal, settings=self.settings, sample=self.is_sample)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        window.restore_requested.connect(self.restore)
        window.own_journal_requested.connect(self.leave_sample)
        window.events.changed.connect(self._journal_changed)
        window.ready.connect(self.signals.ready)
        self.window = window
        window.installEventFilter(self)  # close to the tray; activity watched while shown
        # Read on the worker, after Today's check-ins: here the GUI thread would wait
        # for them before it could show the window.
        tasks.run(
            lambda: journal.settings().auto_lock_minutes,
            on_done=self._set_lock_minutes,
            owner=self,
        )
        stay_hidden = first and self._minimized and self.has_tray and not self._pending
        if stay_hidden:
            pass  # in the tray; the window appears when asked for
        elif first and self._minimized:
            window.showMinimized()
        else:
            window.show()
            window.raise_()
            window.activateWindow()
        if opened.notice:
            window.notify(opened.notice)
        if opened.start_with is StartWith.IMPORT:
            QTimer.singleShot(0, window, window.import_contacts)  # once the window is up
        window.offer_drafts_soon()
        self.idle.watch(window.isVisible())
        self.signals.unlocked.emit(journal)
        pending, self._pending = self._pending, []
        for action in pending:
            action(window)
        self.unlocked.emit(window)

    def _ask_remembered(self) -> None:
        journal = self.journal
        if journal is not None and journal.is_open:
            tasks.run(journal.is_remembered, on_done=self._set_remembered, owner=self)

    def _set_remembered(self, remembered: bool) -> None:
        self.remembered = bool(remembered)

    def _journal_changed(self, kind: str, _ids: list[str]) -> None:
        from journal.core.journal import OUTSIDE_CHANGE

        if kind in ("settings", OUTSIDE_CHANGE):
            self._apply_settings()
        self.signals.changed.emit(kind)

    def _apply_settings(self) -> None:
        if self.journal is not None and self.journal.is_open:
            self._set_lock_minutes(self.journal.settings().auto_lock_minutes)

    def _set_lock_minutes(self, minutes: int) -> None:
        if self.journal is not None and self.journal.is_open:
            self.idle.set_minutes(minutes)

    def leave_sample(self) -> None:
        """ "Set up my own journal" from the sample: close the sample and go to the
        user's own journal (first-run setup, or unlock if it exists by now)."""
        if not self.is_sample or self._locking:
            return
        window = self.window
        from journal.gui.main_window import MainWindow

        self._locking = True
        try:
            self.idle.stop()
            if isinstance(window, MainWindow):
                window.prepare_to_lock()
                window.removeEventFilter(self)
                window.hide()
                window.deleteLater()
            self.window = None
            self._close_journal()
        finally:
            self._locking = False
        self.paths = self.own_paths
        self._demo_passphrase = None
        self._ever_unlocked = False
        self.remembered = False
        self.signals.locked.emit()
        if not self.paths.db.exists() and not self.paths.meta.exists():
            self._show_setup()
        else:
            self._show_unlock(locked=False, try_keychain=True)

    # showing -------------------------------------------------------------------------------

    def activate(self) -> None:
        """Come to the front: the window, else the dialog on screen, else ask to unlock
        (trying the keychain first if it has not opened the journal yet this run)."""
        window = self.window
        if window is not None:
            from journal.gui.main_window import MainWindow

            assert isinstance(window, MainWindow)
            if window.isMinimized():
                window.showNormal()
            else:
                window.show()
            window.raise_()
            window.activateWindow()
            return
        if self.dialog is not None:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self._show_unlock(locked=self._ever_unlocked, try_keychain=not self._ever_unlocked)

    def in_window(self, action: Callable[[Any], None]) -> None:
        """Do ``action(window)`` with the window in front, unlocking first if need be."""
        if self.window is not None:
            self.activate()
            action(self.window)
            return
        self._pending.append(action)
        self.activate()

    # what the desktop services may ask (``journal.gui.desktop.session.Session``) --------

    def locked_opener(self) -> Callable[[], Journal | None] | None:
        if not self.remembered or not self.paths.exists():
            return None
        paths, keychain, clock = self.paths, self.keychain, self.clock

        def open_copy() -> Journal | None:
            from journal.core.errors import JournalError
            from journal.core.journal import Journal

            try:
                return Journal.open(paths, None, keychain=keychain, clock=clock)
            except JournalError:
                return None

        return open_copy

    def open_today(self) -> None:
        from journal.gui.main_window import PageName

        self.in_window(lambda w: w.show_page(PageName.TODAY))

    def open_person(self, person_id: str) -> None:
        self.in_window(lambda w: w.open_person(person_id))

    def new_entry(self) -> None:
        self.in_window(lambda w: w.new_entry())

    def ask_network(self) -> None:
        self.in_window(lambda w: w.ask_network())

    def open_settings(self, tab: str = "") -> None:
        self.in_window(lambda w: w.open_settings(tab))

    def log_check_in(self, suggestion: Any) -> None:
        self.in_window(lambda w: w.today.log_check_in(suggestion))

    def act_on_suggestion(self, suggestion: Any, action: str, until: Any = None) -> None:
        self.in_window(lambda w: w.today.act(suggestion, action, until))

    def window_state(self) -> str:
        window = self.window
        if window is None:
            return "none"
        if not window.isVisible():
            return "hidden"
        if not window.isMinimized() and window.isActiveWindow():
            return "in use"
        return "shown"

    def remind(self, text: str) -> bool:
        if self.window is None:
            return False
        self.window.remind(text)
        return True

    def warn(self, text: str, actions: Sequence[tuple[str, Callable[[], object]]] = ()) -> bool:
        if self.window is None:
            return False
        self.window.warn(text, actions)
        return True

    def show_minimized(self) -> None:
        if self.window is not None and not self.window.isVisible():
            self.window.showMinimized()

    def report(self, exc: BaseException) -> None:
        self.in_window(lambda w: w.report(exc))

    # locking and quitting -------------------------------------------------------------------

    def lock(self) -> None:
        """Keep drafts, close the journal and wipe its key; ask for the passphrase if the
        window was on screen (from the tray, only when the user comes back)."""
        window = self.window
        if self.journal is None or window is None or self._locking:
            return
        from journal.gui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        self._locking = True  # finishing background work runs the event loop: no re-entry
        try:
            visible = window.isVisible()
            self.idle.stop()
            # Whether a locked app may still count (Settings may have changed it since).
            tasks.run(self.journal.is_remembered, on_done=self._set_remembered, owner=self)
            window.prepare_to_lock()
            self._close_journal()
            if visible:
                self._show_unlock(locked=True)
            window.removeEventFilter(self)
            self.window = None
            window.hide()
            window.deleteLater()
        finally:
            self._locking = False
        self.signals.locked.emit()
        self.locked.emit()

    # restoring a backup ---------------------------------------------------------------------

    def restore(self, request: RestoreRequest) -> None:
        """Replace the open journal with a backup: close the window (drafts kept), restore
        and reopen on the worker thread behind a progress dialog, then open a new window
        that says what happened. A refused restore reopens the journal as it was."""
        window, journal = self.window, self.journal
        if journal is None or window is None or self._locking:
            return
        from journal.core import backup as backup_core
        from journal.gui.dialogs.backups import RestoringDialog
        from journal.gui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        self._locking = True
        try:
            self.idle.stop()
            window.prepare_to_lock()
            window.removeEventFilter(self)
            self.window = None
            self.journal = None
            window.hide()
            window.deleteLater()
        finally:
            self._locking = False
        progress = RestoringDialog(request.when)
        self.dialog = progress
        progress.show()
        tasks.run(
            lambda: backup_core.restore_open_journal(journal, request.path, request.passphrase),
            on_done=lambda result: self._restored(progress, result),
            on_error=lambda exc: self._restore_crashed(progress, journal, exc),
            owner=self,
        )

    def _restored(self, progress: RestoringDialog, result: backup_core.Reopened) -> None:
        from journal.gui.dialogs.backups import when_made

        progress.finish()
        if self.dialog is progress:
            self.dialog = None
        self._pending.clear()
        if result.error is None and result.report is not None:
            kept = result.report.replaced
            info = result.report.backup
            notice = (
                f"Your journal was restored from the backup of "
                f"{when_made(info.created_at)}"
                + (f" ({_counted(info.people, info.entries)})" if info.people is not None else "")
                + ("." if kept is None else f". The journal it replaced is kept in {kept}.")
            )
            self._unlocked(Opened(result.journal))
            if self.window is not None:
                self.window.warn(notice)
            return
        self._unlocked(Opened(result.journal))
        error = result.error
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "The backup was not restored",
            str(error)
            if error
            else "Something unexpected stopped the restore; the details are in Rapport's log file.",
            QMessageBox.StandardButton.Ok,
            self.window if isinstance(self.window, QWidget) else None,
        )
        box.setObjectName("restoreFailed")
        box.setInformativeText("Your journal is open again, as it was before.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.restore_problem = box
        box.open()

    def _restore_crashed(
        self, progress: RestoringDialog, journal: Journal, exc: BaseException
    ) -> None:
        """Not a refusal but an error nobody expected. If the journal is still open, it
        comes back as it was; if it could not be opened again, the unlock dialog says
        why, as at any start."""
        from journal.core import backup as backup_core

        log.error("restoring failed", exc_info=exc)
        if journal.is_open:
            self._restored(progress, backup_core.Reopened(journal, error=None))
            return
        progress.finish()
        if self.dialog is progress:
            self.dialog = None
        dialog = self._show_unlock(locked=True)
        dialog.show_problem(exc)

    def _close_journal(self) -> None:
        tasks.wait_all()
        if self.journal is not None and self.journal.is_open:
            self.journal.close()
        self.journal = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dialog and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # A moment later: the dialog's first frame reaches the screen (and its
            # first keystrokes their field) before the GUI thread is busy importing.
            QTimer.singleShot(WINDOW_MODULES_AFTER_MS, self, _load_window_modules)
            return False
        if watched is not self.window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and not self._quitting:
            event.ignore()
            QTimer.singleShot(0, self._window_closed)
            return True
        if kind == QEvent.Type.Show:
            self.idle.watch(True)
        elif kind == QEvent.Type.Hide:
            self.idle.watch(False)
        return False

    def _window_closed(self) -> None:
        """The window's close button: to the tray, or (no tray) ask once what to do."""
        window = self.window
        if window is None:
            return
        if self.has_tray:
            self._hide_window()
            self.background.told_once(
                "tray/told_hidden",
                f"{APP_NAME} is still running",
                "It keeps your reminders coming from the tray. Quit from the tray menu.",
            )
            return
        choice = self.settings.value("background/keep", "")
        if choice == "yes":
            self._hide_window()
        elif choice == "no":
            self.quit()
        else:
            self._ask_keep_running()

    def _hide_window(self) -> None:
        from journal.gui.main_window import MainWindow

        window = self.window
        if isinstance(window, MainWindow):
            window._save_geometry()
            if window.editor is not None:
                window.editor.keep_for_lock()
            window.hide()

    def _ask_keep_running(self) -> None:
        if self.question is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_NAME,
            "Keep Rapport running in the background?",
            QMessageBox.StandardButton.NoButton,
            self.window if isinstance(self.window, QWidget) else None,
        )
        box.setObjectName("keepRunningQuestion")
        box.setInformativeText(
            "Your desktop has no system tray, so Rapport can only remind you of check-ins "
            "while it runs. Start Rapport again to bring the window back. Rapport will "
            "not ask again; you can change this in Settings."
        )
        keep = box.addButton("&Keep running", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)

        def answered() -> None:
            self.question = None
            kept = box.clickedButton() is keep
            self.settings.setValue("background/keep", "yes" if kept else "no")
            if kept:
                self._hide_window()
            else:
                self.quit()

        box.finished.connect(lambda _result: answered())
        self.question = box
        box.open()

    def quit(self) -> None:
        self._quitting = True
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Close everything; safe to call twice (aboutToQuit and Quit both call it)."""
        self._quitting = True
        window = self.window
        if window is not None:
            from journal.gui.main_window import MainWindow

            assert isinstance(window, MainWindow)
            window.prepare_to_lock()
            self.window = None
            window.removeEventFilter(self)
            window.close()
            window.deleteLater()
        self._close_journal()
        self.background.close()
        early, self._early_key = self._early_key, None
        if early is not None:  # quit before the journal opened
            early.discard()


def _load_window_modules() -> None:
    """Once the unlock dialog is painted, the GUI thread loads the main window's modules
    (~50 ms) while the worker opens the journal: scrypt and SQLCipher's reading let it
    run meanwhile, where after the unlock it would wait for them."""
    import journal.core.calendar.meetings  # Today's "To reflect on" reads it first
    import journal.core.engine
    import journal.core.introductions
    import journal.gui.main_window  # noqa: F401


def _work_out_today(journal: Journal) -> None:
    from journal.core import engine

    if journal.is_open:
        engine.today(journal)


def _counted(people: int | None, entries: int | None) -> str:
    from journal.gui.widgets.common import plural

    return f"{plural(people or 0, 'person', 'people')}, {plural(entries or 0, 'entry', 'entries')}"


def _log_to_file() -> None:
    """Errors go to a log file (never journal content or secrets), not to the screen."""
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            directory / "rapport.log", maxBytes=512_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)


def _install_excepthook(parent: Callable[[], QWidget | None]) -> None:
    """An error nobody caught is logged and told in a sentence, never as a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        from journal.gui.widgets.common import show_error

        log.error("uncaught error", exc_info=(kind, exc, tb))
        show_error(parent(), exc)

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    from journal.gui.identity import apply_identity
    from journal.gui.theme import apply_forced_theme

    apply_identity(app)  # name, version, desktop file id, window icon
    app.setApplicationDisplayName(APP_NAME)

    apply_forced_theme(app)
    return app


def run_app(
    paths: JournalPaths,
    *,
    minimized: bool = False,
    demo_passphrase: str | None = None,
    own_paths: JournalPaths | None = None,
    sample_spec: Any = None,
    early_key: EarlyKey | None = None,
) -> int:
    """Run the app on ``paths``; if it already runs there, bring that one forward and
    return 0 (two processes never write one journal). With ``demo_passphrase`` it is the
    sample journal (written on first open as ``sample_spec`` says, with its progress in
    the window), and ``own_paths`` is where "Set up my own journal" leads."""
    app = make_application()
    _log_to_file()
    from journal.gui.desktop import single_instance

    try:
        instance = single_instance.claim(paths, activate=not minimized)
    except single_instance.NotAnswering:
        print(
            "journal: Rapport is already running on this journal but does not answer. "
            "Wait a moment and try again, or quit the other Rapport first.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # no runtime folder to lock in: run, without the guard
        log.warning("no single-instance guard: %s", exc)
        instance = None
    else:
        if instance is None:
            return 0  # the running one came forward
    app.setQuitOnLastWindowClosed(False)  # the tray, or a hidden window, keeps it running
    session = RapportApp(
        paths,
        demo_passphrase=demo_passphrase,
        minimized=minimized,
        own_paths=own_paths,
        sample_spec=sample_spec,
        early_key=early_key,
    )
    if instance is not None:
        instance.activate_requested.connect(session.activate)
    _install_excepthook(
        lambda: session.window if isinstance(session.window, QWidget) else session.dialog
    )
    app.aboutToQuit.connect(session.shutdown)
    _quit_on_signals(session.quit)
    session.start()
    try:
        return app.exec()
    finally:
        session.shutdown()
        if instance is not None:
            instance.close()


_SIGNAL_WAKEUP: list[object] = []


def _quit_on_signals(quit_: Callable[[], None]) -> None:
    """SIGTERM (a logout, a service manager) and SIGINT quit like Quit does: drafts kept,
    journal closed, the single-instance socket removed. Python's handlers only run when
    Python code does, so the signal also wakes Qt's loop through a socket pair."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, QApplication.instance())

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        quit_()

    notifier.activated.connect(lambda *_: woken())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the wake-up fd does the work
    _SIGNAL_WAKEUP.extend((reader, writer, notifier))  # alive as long as the app

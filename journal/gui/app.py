"""Starting the desktop app: first run or unlock, the main window, locking, quitting.

``RapportApp`` is the session: it decides what to show first (setup when there is no
journal, otherwise the keychain's key tried on the worker thread, then the passphrase
dialog), owns the open ``Journal`` and the main window, and locks on request or after
idle minutes: drafts are kept, the database is closed and the key wiped, and the
unlock dialog comes back. ``run_app`` is what ``journal`` and ``journal demo`` call.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from journal import APP_NAME
from journal.core.clock import Clock
from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths, config_dir, log_dir
from journal.gui import tasks
from journal.gui.unlock import Opened, SetupDialog, StartWith, UnlockDialog

log = logging.getLogger(__name__)

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleLock(QObject):
    """Locks the journal after the user has done nothing in Rapport for N minutes."""

    def __init__(self, on_idle: Callable[[], None], parent: QObject | None = None,
                 ms_per_minute: int = 60_000) -> None:
        super().__init__(parent)
        self.ms_per_minute = ms_per_minute
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(on_idle)
        self._minutes = 0

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

    def stop(self) -> None:
        self._timer.stop()


class RapportApp(QObject):
    """One run of the app on one journal folder."""

    unlocked = Signal(object)  # MainWindow
    locked = Signal()

    def __init__(self, paths: JournalPaths, *, keychain: Keychain | None = None,
                 clock: Clock | None = None, kdf: Callable[[], KdfParams] | None = None,
                 demo_passphrase: str | None = None, minimized: bool = False,
                 settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.keychain = keychain or Keychain()
        self.clock = clock
        self._kdf = kdf
        self._demo_passphrase = demo_passphrase
        self._minimized = minimized
        self.settings = settings or QSettings(str(config_dir() / "gui.ini"),
                                              QSettings.Format.IniFormat)
        self.journal: Journal | None = None
        self.window: object | None = None  # MainWindow, imported lazily
        self.dialog: SetupDialog | UnlockDialog | None = None
        self.idle = IdleLock(self.lock, self)
        self._quitting = False
        self._locking = False

    # opening ----------------------------------------------------------------------------

    def _open(self, paths: JournalPaths, passphrase: str | None) -> Journal:
        return Journal.open(paths, passphrase, keychain=self.keychain, clock=self.clock)

    def _create(self, paths: JournalPaths, passphrase: str, *, remember: bool) -> Journal:
        return Journal.create(paths, passphrase, remember=remember, keychain=self.keychain,
                              clock=self.clock, kdf=self._kdf() if self._kdf else None)

    @staticmethod
    def _populate_sample(journal: Journal, progress: Callable[[int, int], None]) -> object:
        from journal.core import sample

        return sample.populate(journal, progress=progress)

    def start(self) -> None:
        if not self.paths.db.exists() and not self.paths.meta.exists():
            self._show_setup()
            return
        dialog = self._show_unlock(locked=False)
        if self._demo_passphrase is not None:
            passphrase = self._demo_passphrase
            dialog.try_without_passphrase(
                lambda: Opened(self._open(self.paths, passphrase)),
                "Opening the sample journal…")
        else:
            dialog.try_without_passphrase(
                lambda: Opened(self._open(self.paths, None)),
                "Opening with the key remembered on this computer…")

    def _show_setup(self) -> None:
        dialog = SetupDialog(self.paths, self._create, self.keychain.available,
                             self._populate_sample)
        dialog.opened.connect(self._unlocked)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()

    def _show_unlock(self, *, locked: bool) -> UnlockDialog:
        dialog = UnlockDialog(self.paths, self._open, locked=locked)
        dialog.opened.connect(self._unlocked)
        dialog.rejected.connect(self.quit)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _unlocked(self, opened: Opened) -> None:
        from journal.gui.main_window import MainWindow

        self.journal = opened.journal
        self.dialog = None
        window = MainWindow(opened.journal, settings=self.settings)
        window.lock_requested.connect(self.lock)
        window.destroyed.connect(lambda *_: None)
        window.events.changed.connect(self._journal_changed)
        self.window = window
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        self._apply_settings()
        if self._minimized:
            window.showMinimized()
        else:
            window.show()
            window.raise_()
            window.activateWindow()
        if opened.notice:
            window.notify(opened.notice)
        elif opened.start_with is StartWith.IMPORT:
            window.notify("Importing contacts is not part of this version yet: your journal "
                          "is ready, add people with Add person (Ctrl+Shift+N).")
        window.offer_drafts()
        window.installEventFilter(self)
        self.unlocked.emit(window)

    def _journal_changed(self, kind: str, _ids: list) -> None:
        if kind == "settings":
            self._apply_settings()

    def _apply_settings(self) -> None:
        if self.journal is not None and self.journal.is_open:
            self.idle.set_minutes(self.journal.settings().auto_lock_minutes)

    # locking and quitting -------------------------------------------------------------------

    def lock(self) -> None:
        """Keep drafts, close the journal and wipe its key, then ask for the passphrase."""
        window = self.window
        if self.journal is None or window is None or self._locking:
            return
        from journal.gui.main_window import MainWindow

        assert isinstance(window, MainWindow)
        self._locking = True  # finishing background work runs the event loop: no re-entry
        try:
            QApplication.instance().removeEventFilter(self.idle)  # type: ignore[union-attr]
            self.idle.stop()
            window.prepare_to_lock()
            self._close_journal()
            self._show_unlock(locked=True)
            window.removeEventFilter(self)
            self.window = None
            window.hide()
            window.deleteLater()
        finally:
            self._locking = False
        self.locked.emit()

    def _close_journal(self) -> None:
        tasks.wait_all()
        if self.journal is not None and self.journal.is_open:
            self.journal.close()
        self.journal = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self._quitting:
            QTimer.singleShot(0, self.quit)
        return False

    def quit(self) -> None:
        self._quitting = True
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Close everything; safe to call twice (aboutToQuit and Quit both call it)."""
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


def _log_to_file() -> None:
    """Errors go to a log file (never journal content or secrets), not to the screen."""
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            directory / "rapport.log", maxBytes=512_000, backupCount=2, encoding="utf-8")
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
        from journal.gui.widgets import show_error

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


def run_app(paths: JournalPaths, *, minimized: bool = False,
            demo_passphrase: str | None = None) -> int:
    app = make_application()
    _log_to_file()
    session = RapportApp(paths, demo_passphrase=demo_passphrase, minimized=minimized)
    _install_excepthook(lambda: session.window if isinstance(session.window, QWidget)
                        else session.dialog)
    app.aboutToQuit.connect(session.shutdown)
    session.start()
    try:
        return app.exec()
    finally:
        session.shutdown()

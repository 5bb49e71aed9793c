"""Settings: check-in cadences, the daily cap, quiet hours, security and where data lives.

Cadences, the cap and quiet hours live inside the journal (they travel with it and a
backup); whether the key is remembered lives in this computer's keychain. Keychain
calls and the passphrase change (a rekey of the whole file) run on the worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTime, QUrl, Signal, SignalInstance
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from journal.core import autostart, operations
from journal.core.journal import Journal
from journal.core.keys import passphrase_strength
from journal.core.model import Circle
from journal.core.operations import Change
from journal.core.settings import JournalSettings
from journal.gui.desktop import tasks, tray
from journal.gui.desktop.operations import OpHost
from journal.gui.dialogs.backups import BackupsTab
from journal.gui.dialogs.meetings import CalendarTab
from journal.gui.dialogs.saving import is_saving, run_save
from journal.gui.widgets.common import MessageLabel, muted, text_label, user_message

_EDITABLE_CIRCLES = (Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE)


def _note(text: str) -> QLabel:
    """A muted explanation under a setting."""
    return muted(text_label(text))


def _time(text: str) -> QTime:
    value = QTime.fromString(text, "HH:mm")
    return value if value.isValid() else QTime(9, 0)


class SettingsDialog(QDialog):
    saved = Signal()
    #: Data → Import contacts… / Export… (the window opens them once Settings closes).
    import_requested = Signal()
    export_requested = Signal()
    #: The user confirmed a restore on the Backups tab (a ``RestoreRequest``).
    restore_requested = Signal(object)

    def __init__(
        self,
        journal: Journal,
        parent: QWidget | None = None,
        *,
        gui_settings: QSettings | None = None,
        host: OpHost | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._host = host
        self._gui_settings = gui_settings
        #: What the save changed (its ``step`` is None when nothing did).
        self.change: Change | None = None
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        current = journal.settings()
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        # Check-ins
        checkins = QWidget()
        form = QFormLayout(checkins)
        # Numbers, times and choices at their natural width, not stretched across the tab.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(
            muted(
                text_label(
                    "How often Rapport suggests checking in, by circle, unless a person has their "
                    "own rhythm. Dormant ties get no suggestions."
                )
            )
        )
        self.cadences: dict[Circle, QSpinBox] = {}
        for circle in _EDITABLE_CIRCLES:
            spin = QSpinBox()
            spin.setRange(1, 3650)
            spin.setSuffix(" days")
            spin.setAccessibleName(f"{circle.label} cadence in days")
            spin.setValue(current.cadence_days.get(circle) or 60)
            self.cadences[circle] = spin
            form.addRow(f"{circle.label}: every", spin)
        self.cap = QSpinBox()
        self.cap.setRange(1, 50)
        self.cap.setAccessibleName("Suggestions per day")
        self.cap.setValue(current.daily_cap)
        form.addRow("Suggestions per &day (at most):", self.cap)
        quiet = QHBoxLayout()
        self.quiet_start = QTimeEdit(_time(current.quiet_start))
        self.quiet_start.setDisplayFormat("HH:mm")
        self.quiet_start.setAccessibleName("Quiet hours start")
        self.quiet_end = QTimeEdit(_time(current.quiet_end))
        self.quiet_end.setDisplayFormat("HH:mm")
        self.quiet_end.setAccessibleName("Quiet hours end")
        quiet.addWidget(self.quiet_start)
        quiet.addWidget(text_label("to", wrap=False))
        quiet.addWidget(self.quiet_end)
        quiet.addStretch(1)
        quiet_label = QLabel("&Quiet hours (no reminders):")
        quiet_label.setBuddy(self.quiet_start)
        form.addRow(quiet_label, quiet)
        self.delivery = QTimeEdit(_time(current.delivery_time))
        self.delivery.setDisplayFormat("HH:mm")
        self.delivery.setAccessibleName("Daily reminder time")
        form.addRow("Daily &reminder at:", self.delivery)
        self.notifications = QComboBox()
        self.notifications.setAccessibleName("Reminder notifications")
        for value, label in (
            ("daily", "Every day"),
            ("weekdays", "On weekdays"),
            ("off", "Never (Today page only)"),
        ):
            self.notifications.addItem(label, value)
        self.notifications.setCurrentIndex(
            max(0, self.notifications.findData(current.notifications))
        )
        form.addRow("&Notifications:", self.notifications)
        self.notification_text = QComboBox()
        self.notification_text.setAccessibleName("What notifications show")
        self.notification_text.addItem("Names and suggestions", "full")
        self.notification_text.addItem("Only how many (safe on a lock screen)", "count")
        self.notification_text.setCurrentIndex(
            max(0, self.notification_text.findData(current.notification_text))
        )
        form.addRow("Notifications &show:", self.notification_text)
        self.learn = QCheckBox("Learn each person's rhythm from my entries")
        self.learn.setChecked(current.learn_cadence)
        form.addRow("", self.learn)
        # This computer, not the journal: kept outside it (autostart entry, gui.ini).
        self.start_at_login = QCheckBox("&Start Rapport when I log in (in the tray)")
        self.start_at_login.setObjectName("startAtLogin")
        self.start_at_login.setToolTip(
            "Reminders only arrive while Rapport runs. It starts "
            "quietly in the tray and opens with the key remembered "
            "on this computer, if it is."
        )
        self._started_at_login = autostart.is_enabled()
        self.start_at_login.setChecked(self._started_at_login)
        form.addRow("", self.start_at_login)
        self.keep_running: QCheckBox | None = None
        if gui_settings is not None and not tray.available():
            self.keep_running = QCheckBox(
                "&Keep running in the background when the window is closed"
            )
            self.keep_running.setObjectName("keepRunning")
            self.keep_running.setChecked(gui_settings.value("background/keep", "") == "yes")
            form.addRow("", self.keep_running)
        self.tabs.addTab(checkins, "&Check-ins")

        # Security
        security = QWidget()
        sform = QFormLayout(security)
        sform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.remember = QCheckBox("&Remember the key on this computer (system keychain)")
        self.remember.setObjectName("rememberKey")
        self.remember.setEnabled(False)
        self.remember.setToolTip("Checking the keychain…")
        sform.addRow(self.remember)
        sform.addRow(
            _note(
                "Rapport then opens without asking, and the tray can count the day's check-ins "
                "while the journal is locked. Anyone who can log in to this computer as you "
                "can then open the journal too."
            )
        )
        self.keychain_message = MessageLabel()
        sform.addRow(self.keychain_message)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, 24 * 60)
        self.auto_lock.setSuffix(" minutes idle")
        self.auto_lock.setSpecialValueText("Never")
        self.auto_lock.setAccessibleName("Auto-lock after idle minutes")
        self.auto_lock.setValue(current.auto_lock_minutes)
        sform.addRow("&Lock automatically after:", self.auto_lock)
        sform.addRow(
            _note(
                "Locking closes the journal and wipes its key from memory; what you were "
                "writing is kept as a draft. Lock now with Ctrl+L."
            )
        )
        change = QPushButton("Change &passphrase…")
        change.setObjectName("changePassphrase")
        change.clicked.connect(self.change_passphrase)
        sform.addRow("Passphrase:", change)
        sform.addRow(
            _note(
                "The whole journal is encrypted again with the new one. Backups made before "
                "keep the passphrase they were made with."
            )
        )
        self.tabs.addTab(security, "&Security")

        # Backups
        self.backups = BackupsTab(journal, current)
        self.backups.restore_requested.connect(self._restore_requested)
        self.tabs.addTab(self.backups, "&Backups")

        # Calendar: meetings read from the calendar files on this computer
        self.calendar = CalendarTab(journal)
        self.tabs.addTab(self.calendar, "Ca&lendar")

        # Sync: one journal on two computers, through a folder a sync tool carries
        from journal.gui.dialogs.sync import SyncTab

        self.sync = SyncTab(journal, host=host)
        self.tabs.addTab(self.sync, "S&ync")

        # Data
        data = QWidget()
        dform = QFormLayout(data)
        self.location = QLineEdit(str(journal.paths.root))
        self.location.setReadOnly(True)
        self.location.setAccessibleName("Journal folder")
        show = QPushButton("Show in &file manager")
        show.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(journal.paths.root)))
        )
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(show)
        dform.addRow("Journal folder:", row)
        dform.addRow(
            _note(
                "Everything is in this folder, encrypted. To move the journal, quit Rapport, "
                "move the folder, and start Rapport with --data-dir."
            )
        )
        moving = QHBoxLayout()
        import_button = QPushButton("&Import contacts…")
        import_button.setObjectName("importFromSettings")
        import_button.clicked.connect(lambda: self._then(self.import_requested))
        export_button = QPushButton("E&xport…")
        export_button.setObjectName("exportFromSettings")
        export_button.clicked.connect(lambda: self._then(self.export_requested))
        moving.addWidget(import_button)
        moving.addWidget(export_button)
        moving.addStretch(1)
        dform.addRow("Bring in, take out:", moving)
        dform.addRow(
            _note(
                "Import people from vCard or CSV files (phones, Google Contacts, Outlook, "
                "LinkedIn). Export to JSON (everything, to restore later), Markdown, vCard or a "
                "calendar of check-ins and birthdays; exports leave the encryption, so keep "
                "them somewhere safe."
            )
        )
        self.tabs.addTab(data, "&Data")

        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveSettings")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.passphrase_dialog: ChangePassphraseDialog | None = None
        self._remembered = False
        tasks.run(
            lambda: (journal.keychain.available(), journal.is_remembered()),
            on_done=lambda state: self._keychain_state(*state),
            on_error=lambda exc: self._keychain_state(False, False),
            owner=self,
        )

    def _keychain_state(self, available: bool, remembered: bool) -> None:
        self._remembered = remembered
        self.remember.blockSignals(True)
        self.remember.setChecked(remembered)
        self.remember.blockSignals(False)
        self.remember.setEnabled(available)
        self.remember.setToolTip("" if available else "No usable keychain on this computer.")
        if not available:
            self.keychain_message.show_info(
                "No usable keychain was found, so Rapport asks for the passphrase at each start."
            )

    def settings(self) -> JournalSettings:
        value = self._journal.settings()
        for circle, spin in self.cadences.items():
            value.cadence_days[circle] = spin.value()
        value.daily_cap = self.cap.value()
        value.quiet_start = self.quiet_start.time().toString("HH:mm")
        value.quiet_end = self.quiet_end.time().toString("HH:mm")
        value.delivery_time = self.delivery.time().toString("HH:mm")
        value.auto_lock_minutes = self.auto_lock.value()
        value.learn_cadence = self.learn.isChecked()
        value.notifications = self.notifications.currentData()
        value.notification_text = self.notification_text.currentData()
        self.backups.apply_to(value)
        return value

    def submit(self) -> None:
        """Save the journal's settings and the calendar's as one step on the worker
        (``run_save``); then this computer's own (login start, the keychain) and close.
        A failure leaves the dialog open with every value as set and the sentence."""
        if is_saving(self):
            return
        calendar = self.calendar.checked_value()
        if calendar is None:
            self.tabs.setCurrentWidget(self.calendar)
            return
        run_save(
            self,
            self._host,
            self._journal,
            operations.save_all_settings,
            self.settings(),
            calendar,
            buttons=[self.save_button],
            show_error=self.message.show_error,
            success=self._saved,
        )

    def _saved(self, change: Change) -> None:
        self.change = change
        if not self._save_machine_settings():
            return
        wanted = self.remember.isChecked()
        if self.remember.isEnabled() and wanted != self._remembered:
            action = self._journal.remember_key if wanted else self._journal.forget_key
            tasks.run(
                action,
                on_done=lambda _r: self._finish(),
                on_error=self._keychain_failed,
                owner=self,
            )
            return
        self._finish()

    def _save_machine_settings(self) -> bool:
        """Start at login and keeping running: this computer's, outside the journal."""
        wanted = self.start_at_login.isChecked()
        if wanted != self._started_at_login:
            try:
                if wanted:
                    autostart.enable()
                else:
                    autostart.disable()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                self.message.show_error(
                    f"Rapport could not change how it starts at login ({reason}). Your other "
                    "settings are saved."
                )
                return False
            self._started_at_login = wanted
        if self.keep_running is not None and self._gui_settings is not None:
            before = self._gui_settings.value("background/keep", "")
            keep = "yes" if self.keep_running.isChecked() else "no"
            if before or keep == "yes":  # unanswered and left unticked: still ask once
                self._gui_settings.setValue("background/keep", keep)
        return True

    def _keychain_failed(self, exc: BaseException) -> None:
        self.keychain_message.show_error(user_message(exc))
        self.tabs.setCurrentIndex(1)

    def _finish(self) -> None:
        self.saved.emit()
        self.accept()

    def _restore_requested(self, request: object) -> None:
        """The journal is about to be replaced: these settings go with it."""
        self.done(QDialog.DialogCode.Rejected)
        self.restore_requested.emit(request)

    def _then(self, signal: SignalInstance) -> None:
        self.reject()
        signal.emit()

    def show_tab(self, name: str) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i).replace("&", "").lower() == name.lower():
                self.tabs.setCurrentIndex(i)

    def change_passphrase(self) -> None:
        self.passphrase_dialog = ChangePassphraseDialog(self._journal, self)
        self.passphrase_dialog.open()


class ChangePassphraseDialog(QDialog):
    """Rekey the journal to a new passphrase (on the worker thread, with progress)."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._busy = False
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.current = self._field("Current passphrase")
        self.new = self._field("New passphrase")
        self.confirm = self._field("Confirm new passphrase")
        self.hint = muted(text_label("Choose a passphrase."))
        form.addRow("&Current:", self.current)
        form.addRow("&New:", self.new)
        form.addRow("", self.hint)
        form.addRow("&Again:", self.confirm)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirmChange")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.new.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.current.textChanged.connect(self._update)
        self._update()

    @staticmethod
    def _field(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def _update(self) -> None:
        _score, hint = passphrase_strength(self.new.text())
        self.hint.setText(hint)
        ready = bool(self.current.text() and self.new.text()) and (
            self.new.text() == self.confirm.text()
        )
        if self.confirm.text() and self.new.text() != self.confirm.text():
            self.message.show_error("The two new passphrases differ.")
        elif not self._busy:
            self.message.clear_message()
        self.ok.setEnabled(ready and not self._busy)

    def submit(self) -> None:
        if self._busy or not self.ok.isEnabled():
            return
        current, new = self.current.text(), self.new.text()
        self._busy = True
        for widget in (self.current, self.new, self.confirm, self.ok):
            widget.setEnabled(False)
        self.progress.show()
        self.message.show_info("Re-encrypting your journal with the new passphrase…")
        tasks.run(
            lambda: self._journal.change_passphrase(current, new),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, _result: object) -> None:
        self._busy = False
        for edit in (self.current, self.new, self.confirm):
            edit.clear()
        self.progress.hide()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.progress.hide()
        for widget in (self.current, self.new, self.confirm):
            widget.setEnabled(True)
        self.message.show_error(user_message(exc))
        self.current.selectAll()
        self.current.setFocus()
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok.setEnabled(
            bool(self.current.text() and self.new.text()) and self.new.text() == self.confirm.text()
        )

    def reject(self) -> None:
        if not self._busy:
            super().reject()

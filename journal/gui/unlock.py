"""The first-run setup and the unlock dialog.

Both only collect what the user types and hand it to the core on the worker thread
(scrypt takes a noticeable moment on purpose); what comes back is either an open
``Journal`` or one of the core's errors, shown as its own sentence: a wrong passphrase,
a damaged file, a journal from a newer Rapport, a locked keychain are different
problems with different fixes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import JournalError, KeychainError, WrongPassphrase
from journal.core.journal import Journal
from journal.core.keys import passphrase_strength
from journal.core.paths import JournalPaths
from journal.gui import tasks
from journal.gui.widgets import MessageLabel, heading, muted, text_label, user_message


class StartWith(Enum):
    EMPTY = "empty"
    IMPORT = "import"
    SAMPLE = "sample"


@dataclass
class Opened:
    """An unlocked journal and anything the user should hear about it."""

    journal: Journal
    start_with: StartWith = StartWith.EMPTY
    notice: str = ""


def _passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setObjectName(name.lower().replace(" ", "_"))
    # Passphrases are never offered to input methods' learning or completion.
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText
                              | Qt.InputMethodHint.ImhHiddenText)
    return field


def _fit_height(dialog: QDialog) -> None:
    """Grow a dialog to show all of a message that arrived after it was laid out: the
    sentences that explain a damaged file wrap to three or four lines, and a dialog
    keeps its first size, cutting them off under the buttons."""
    layout = dialog.layout()
    needed = (layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def _busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(10)
    bar.setAccessibleName("Working")
    bar.hide()
    return bar


class SetupDialog(QDialog):
    """First run: create the journal, choose a passphrase, decide how to start."""

    opened = Signal(object)  # Opened

    def __init__(self, paths: JournalPaths, open_journal: Callable[..., Journal],
                 keychain_available: Callable[[], bool],
                 populate_sample: Callable[[Journal, Callable[[int, int], None]], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._create = open_journal
        self._populate = populate_sample
        self.setWindowTitle("Welcome to Rapport")
        self.setObjectName("setupDialog")
        self.setMinimumWidth(520)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading("Welcome to Rapport"))
        layout.addWidget(text_label(
            "Rapport keeps your journal of people in one encrypted file on this computer. "
            "Choose a passphrase to protect it. Nobody can read the journal without it, "
            "not even Rapport, so keep it somewhere safe: it cannot be recovered."))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.passphrase = _passphrase_field("Passphrase")
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(False)
        self.strength.setMaximumHeight(8)
        self.strength.setAccessibleName("Passphrase strength")
        self.strength_hint = muted(text_label("Choose a passphrase."))
        self.strength_hint.setObjectName("strengthHint")
        self.confirm = _passphrase_field("Confirm passphrase")
        self.match_hint = MessageLabel()
        self.show_text = QCheckBox("Show what I type")
        form.addRow(self._buddy("&Passphrase:", self.passphrase), self.passphrase)
        form.addRow("", self.strength)
        form.addRow("", self.strength_hint)
        form.addRow(self._buddy("Type it &again:", self.confirm), self.confirm)
        form.addRow("", self.match_hint)
        form.addRow("", self.show_text)
        layout.addLayout(form)

        self.remember = QCheckBox("&Remember on this computer")
        self.remember.setChecked(True)
        self.remember.setToolTip("Keep the journal's key in this computer's keychain, so "
                                 "Rapport opens without asking for the passphrase.")
        self.remember_note = muted(text_label(
            "The key is kept in your system keychain, so Rapport opens without asking."))
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)

        layout.addWidget(heading("How would you like to start?", 3))
        self.start_group = QButtonGroup(self)
        self.start_empty = QRadioButton("Start with an &empty journal")
        self.start_import = QRadioButton("&Import contacts from a vCard file")
        self.start_sample = QRadioButton("E&xplore with sample people and entries")
        self.start_empty.setChecked(True)
        for i, button in enumerate((self.start_empty, self.start_import, self.start_sample)):
            self.start_group.addButton(button, i)
            layout.addWidget(button)

        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.progress = _busy_bar()
        layout.addWidget(self.progress)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton("&Create journal",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        layout.addWidget(self.buttons)
        self.create_button.clicked.connect(self._submit)
        quit_button.clicked.connect(self.reject)
        layout.addWidget(muted(text_label(f"Journal folder: {paths.root}")))

        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.show_text.toggled.connect(self._toggle_echo)
        self._update()
        self._busy = False
        tasks.run(keychain_available, on_done=self._keychain_checked,
                  on_error=lambda _exc: self._keychain_checked(False), owner=self)

    @staticmethod
    def _buddy(text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        return label

    def _keychain_checked(self, available: bool) -> None:
        if not available:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember_note.setText(
                "No keychain was found on this computer, so Rapport will ask for your "
                "passphrase each time it starts.")

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _update(self) -> None:
        score, hint = passphrase_strength(self.passphrase.text())
        self.strength.setValue(score if self.passphrase.text() else 0)
        self.strength_hint.setText(hint)
        self.strength.setAccessibleDescription(hint)
        typed, again = self.passphrase.text(), self.confirm.text()
        if again and typed != again:
            self.match_hint.show_error("The two passphrases differ.")
        elif again and typed == again:
            self.match_hint.show_success("The passphrases match.")
        else:
            self.match_hint.clear_message()
        self.create_button.setEnabled(bool(typed) and typed == again)

    def start_choice(self) -> StartWith:
        if self.start_sample.isChecked():
            return StartWith.SAMPLE
        if self.start_import.isChecked():
            return StartWith.IMPORT
        return StartWith.EMPTY

    def _submit(self) -> None:
        if self._busy or not self.create_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        remember = self.remember.isChecked()
        choice = self.start_choice()
        self._set_busy(True, "Creating your encrypted journal…")

        def work(progress: Callable[[int, int], None]) -> Opened:
            journal = self._create(self._paths, passphrase, remember=remember)
            notice = ""
            if remember and not journal.is_remembered():
                notice = ("Your journal was created, but this computer's keychain could not "
                          "keep its key: Rapport will ask for your passphrase at each start.")
            if choice is StartWith.SAMPLE:
                try:
                    self._populate(journal, progress)
                except BaseException:
                    journal.close()
                    raise
            return Opened(journal, choice, notice)

        tasks.run(work, on_done=self._created, on_error=self._failed,
                  on_progress=self._progress, owner=self)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.message.show_info(f"Writing sample entries: {done:,} of {total:,}…")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.passphrase, self.confirm, self.remember, self.show_text,
                       self.start_empty, self.start_import, self.start_sample,
                       self.create_button):
            widget.setEnabled(not busy)
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        if busy:
            self.message.show_info(text)
        else:
            self._update()

    def _created(self, opened: Opened) -> None:
        self.passphrase.clear()
        self.confirm.clear()
        self._busy = False
        self.opened.emit(opened)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(user_message(exc))
        _fit_height(self)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: object) -> None:
        if self._busy:
            event.ignore()  # type: ignore[attr-defined]
        else:
            super().closeEvent(event)  # type: ignore[arg-type]


class UnlockDialog(QDialog):
    """Ask for the passphrase, or say why the journal cannot be opened."""

    opened = Signal(object)  # Opened
    #: The Quit button (closing the dialog only closes it: the app may live in the tray).
    quit_requested = Signal()

    def __init__(self, paths: JournalPaths, open_journal: Callable[..., Journal],
                 *, locked: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._open = open_journal
        self._busy = False
        self.setWindowTitle("Unlock Rapport")
        self.setObjectName("unlockDialog")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.title = heading("Rapport is locked" if locked else "Unlock your journal")
        layout.addWidget(self.title)
        layout.addWidget(text_label("Type your passphrase to open your journal."))
        self.passphrase = _passphrase_field("Passphrase")
        layout.addWidget(self.passphrase)
        self.remember = QCheckBox("&Remember on this computer")
        self.remember.setToolTip("Keep the journal's key in this computer's keychain, so "
                                 "Rapport opens without asking next time.")
        layout.addWidget(self.remember)
        self.problem = heading("", 3)
        self.problem.setObjectName("problemTitle")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.message = MessageLabel()
        self.message.setObjectName("unlockMessage")
        layout.addWidget(self.message)
        self.progress = _busy_bar()
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox()
        self.unlock_button: QPushButton = buttons.addButton(
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.submit)
        quit_button.clicked.connect(self._quit)
        layout.addWidget(buttons)
        layout.addWidget(muted(text_label(f"Journal folder: {paths.root}")))
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textChanged.connect(
            lambda text: self.unlock_button.setEnabled(bool(text) and not self._busy))
        self.unlock_button.setEnabled(False)
        self.passphrase.setFocus()

    def try_without_passphrase(self, attempt: Callable[[], Opened], explain: str) -> None:
        """Open with the keychain (or the demo passphrase) first; on failure, ask."""
        self._set_busy(True, explain)
        tasks.run(attempt, on_done=self._done, on_error=self._keychain_failed, owner=self)

    def _keychain_failed(self, exc: BaseException) -> None:
        from journal.core.errors import NotRemembered

        self._set_busy(False)
        if isinstance(exc, NotRemembered):
            self.message.clear_message()
        elif isinstance(exc, KeychainError):
            self.message.show_info(str(exc))
        else:
            self.show_problem(exc)

    def submit(self) -> None:
        if self._busy or not self.passphrase.text():
            return
        passphrase = self.passphrase.text()
        remember = self.remember.isChecked()
        self._set_busy(True, "Unlocking…")

        def work() -> Opened:
            journal = self._open(self._paths, passphrase)
            notice = ""
            if remember:
                try:
                    journal.remember_key()
                except KeychainError as exc:
                    notice = f"Your journal is open, but its key could not be remembered: {exc}"
            return Opened(journal, notice=notice)

        tasks.run(work, on_done=self._done, on_error=self._failed, owner=self)

    def _done(self, opened: Opened) -> None:
        self.passphrase.clear()
        self._busy = False
        self.opened.emit(opened)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_problem(exc)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def show_problem(self, exc: BaseException) -> None:
        if isinstance(exc, WrongPassphrase) or not isinstance(exc, JournalError):
            self.problem.hide()
        else:
            self.problem.setText(exc.title)
            self.problem.show()
        self.message.show_error(user_message(exc))
        _fit_height(self)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy)
        self.remember.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and bool(self.passphrase.text()))
        self.progress.setVisible(busy)
        if busy:
            self.problem.hide()
            self.message.show_info(text)
        else:
            self.message.clear_message()
            self.passphrase.setFocus()

    def _quit(self) -> None:
        if not self._busy:
            self.quit_requested.emit()
            self.reject()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

"""The first-run setup and the unlock dialog.

Both only collect what the user types and hand it to the core on the worker thread
(scrypt takes a noticeable moment on purpose); what comes back is either an open
``Journal`` or one of the core's errors, shown as its own sentence: a wrong passphrase,
a damaged file, a journal from a newer Rapport, a locked keychain are different
problems with different fixes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.core.errors import JournalError, KeychainError, WrongPassphrase
from journal.core.paths import JournalPaths
from journal.gui import icons
from journal.gui.desktop import tasks
from journal.gui.widgets.common import MessageLabel, heading, muted, text_label, user_message

if TYPE_CHECKING:
    # The dialog is on screen before the journal's modules load (~0.1 s of imports, with
    # SQLCipher's): they are imported on the worker that opens it.
    from journal.core.journal import Journal


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
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhHiddenText
    )
    return field


def _fit_height(dialog: QDialog) -> None:
    """Grow a dialog to show all of a message that arrived after it was laid out: the
    sentences that explain a damaged file wrap to three or four lines, and a dialog
    keeps its first size, cutting them off under the buttons."""
    layout = dialog.layout()
    if layout is None:
        return
    needed = (
        layout.totalHeightForWidth(dialog.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
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
    """First run, in two steps: how to start, then (for the user's own journal) the
    passphrase.

    The choice comes first because one of the three needs no passphrase: exploring
    opens a separate sample journal (``open_sample``), so nothing made up ever lands in
    the user's own. Starting with contacts creates the journal and then opens the
    import (the session does that once the window is up).
    """

    opened = Signal(object)  # Opened

    CHOOSE, PASSPHRASE = 0, 1

    def __init__(
        self,
        paths: JournalPaths,
        open_journal: Callable[..., Journal],
        keychain_available: Callable[[], bool],
        open_sample: Callable[[Callable[[int, int], None]], Journal],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._create = open_journal
        self._open_sample = open_sample
        self._choice = StartWith.EMPTY
        self._busy = False
        self.setWindowTitle("Welcome to Rapport")
        self.setObjectName("setupDialog")
        self.setMinimumWidth(540)
        outer = QVBoxLayout(self)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._passphrase_page())
        self.message = MessageLabel()
        self.message.setObjectName("setupMessage")
        outer.addWidget(self.message)
        self.progress = _busy_bar()
        outer.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton("&Back", QDialogButtonBox.ButtonRole.ResetRole)
        self.back_button.setObjectName("backButton")
        self.create_button = self.buttons.addButton(
            "&Create journal", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createButton")
        quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        quit_button.setAutoDefault(False)
        outer.addWidget(self.buttons)
        folder = muted(text_label(f"Journal folder: {paths.root}"))
        folder.setObjectName("journalFolder")
        outer.addWidget(folder)
        self.back_button.clicked.connect(lambda: self._go(self.CHOOSE))
        self.create_button.clicked.connect(self._submit)
        quit_button.clicked.connect(self.reject)

        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.show_text.toggled.connect(self._toggle_echo)
        self._go(self.CHOOSE)
        tasks.run(
            keychain_available,
            on_done=self._keychain_checked,
            on_error=lambda _exc: self._keychain_checked(False),
            owner=self,
        )

    def _choose_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading("Welcome to Rapport"))
        layout.addWidget(
            text_label(
                "A private journal of the people in your life and work: who you met, what "
                "they care about, what you could offer them, and a gentle nudge when it is "
                "time to get back in touch. It stays encrypted on this computer."
            )
        )
        layout.addWidget(heading("How would you like to start?", 3))
        self.start_empty = _choice_button(
            "&Start my own journal", "Choose a passphrase, then add people as you meet them."
        )
        self.start_import = _choice_button(
            "Start my own journal and &import my contacts",
            "Choose a passphrase, then bring in a vCard (.vcf) or CSV file exported from "
            "your phone, Google Contacts, Outlook or LinkedIn.",
        )
        self.start_sample = _choice_button(
            "E&xplore a sample journal first",
            "Made-up people and entries in a separate journal, to see what Rapport does. "
            "Nothing there is yours, and you can set up your own journal at any time.",
        )
        self.start_join = _choice_button(
            "&Join my journal from another computer",
            "Rapport already runs on another computer and syncs through a folder: choose "
            "that folder and type the journal's passphrase.",
        )
        self.start_join.setObjectName("startJoin")
        self.start_join.clicked.connect(self._join)
        self.start_empty.setObjectName("startEmpty")
        self.start_import.setObjectName("startImport")
        self.start_sample.setObjectName("startSample")
        self.start_empty.clicked.connect(lambda: self.choose(StartWith.EMPTY))
        self.start_import.clicked.connect(lambda: self.choose(StartWith.IMPORT))
        self.start_sample.clicked.connect(lambda: self.choose(StartWith.SAMPLE))
        for button in (self.start_empty, self.start_import, self.start_sample, self.start_join):
            layout.addWidget(button)
        layout.addStretch(1)
        return page

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.passphrase_title = heading("Choose a passphrase")
        layout.addWidget(self.passphrase_title)
        layout.addWidget(
            text_label(
                "It protects your journal: nobody can read it without the passphrase, not "
                "even Rapport, so keep it somewhere safe. It cannot be recovered."
            )
        )
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
        self.show_text = QCheckBox("S&how what I type")
        form.addRow(self._buddy("&Passphrase:", self.passphrase), self.passphrase)
        form.addRow("", self.strength)
        form.addRow("", self.strength_hint)
        form.addRow(self._buddy("Type it &again:", self.confirm), self.confirm)
        form.addRow("", self.match_hint)
        form.addRow("", self.show_text)
        layout.addLayout(form)
        self.remember = QCheckBox("&Remember on this computer")
        self.remember.setChecked(True)
        self.remember.setToolTip(
            "Keep the journal's key in this computer's keychain, so "
            "Rapport opens without asking for the passphrase."
        )
        self.remember_note = muted(
            text_label("The key is kept in your system keychain, so Rapport opens without asking.")
        )
        self.remember_note.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)
        layout.addStretch(1)
        return page

    @staticmethod
    def _buddy(text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        return label

    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        on_passphrase = page == self.PASSPHRASE
        self.back_button.setVisible(on_passphrase)
        self.create_button.setVisible(on_passphrase)
        self.create_button.setDefault(on_passphrase)
        self.message.clear_message()
        if on_passphrase:
            self.create_button.setText(
                "&Create journal"
                if self._choice is StartWith.EMPTY
                else "&Create journal and import"
            )
            self.passphrase.setFocus()
        else:
            {StartWith.IMPORT: self.start_import, StartWith.SAMPLE: self.start_sample}.get(
                self._choice, self.start_empty
            ).setFocus()
        self._update()

    def choose(self, choice: StartWith) -> None:
        """One of the three ways to start: the sample opens now; the others ask for a
        passphrase first."""
        if self._busy:
            return
        self._choice = choice
        if choice is StartWith.SAMPLE:
            self._open_sample_journal()
        else:
            self._go(self.PASSPHRASE)

    def _keychain_checked(self, available: bool) -> None:
        if not available:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember_note.setText(
                "No keychain was found on this computer, so Rapport will ask for your "
                "passphrase each time it starts."
            )

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _update(self) -> None:
        from journal.core.keys import passphrase_strength

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
        self.create_button.setEnabled(bool(typed) and typed == again and not self._busy)

    def start_choice(self) -> StartWith:
        return self._choice

    def _open_sample_journal(self) -> None:
        self._set_busy(True, "Opening the sample journal…")
        tasks.run(
            lambda progress: Opened(self._open_sample(progress), StartWith.SAMPLE),
            on_done=self._created,
            on_error=self._failed,
            on_progress=self._progress,
            owner=self,
        )

    def _join(self) -> None:
        """A second computer: its journal comes from the sync folder (see sync_tab)."""
        if self._busy:
            return
        from journal.gui.dialogs.sync import JoinDialog

        self.join_dialog = JoinDialog(self._paths, self)
        self.join_dialog.joined.connect(lambda journal: self._created(Opened(journal)))
        self.join_dialog.open()

    def _submit(self) -> None:
        if self._busy or not self.create_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        remember = self.remember.isChecked()
        choice = self._choice
        self._set_busy(True, "Creating your encrypted journal…")

        def work() -> Opened:
            journal = self._create(self._paths, passphrase, remember=remember)
            notice = ""
            if remember and not journal.is_remembered():
                notice = (
                    "Your journal was created, but this computer's keychain could not "
                    "keep its key: Rapport will ask for your passphrase at each start."
                )
            return Opened(journal, choice, notice)

        tasks.run(work, on_done=self._created, on_error=self._failed, owner=self)

    def _progress(self, done: int, total: int) -> None:
        self.message.show_info(f"Writing the sample journal: {done:,} of {total:,} entries…")
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (
            self.passphrase,
            self.confirm,
            self.remember,
            self.show_text,
            self.start_empty,
            self.start_import,
            self.start_sample,
            self.back_button,
        ):
            widget.setEnabled(not busy)
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        if busy:
            self.message.show_info(text)
        else:
            self.message.clear_message()
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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)


def _forward_icon() -> QIcon:
    """The arrow before each first-run choice: the desktop theme's "go-next", else the
    bundled "back" drawing turned round, in the palette's text colour. (Qt's own arrow
    is black: on a dark palette it could hardly be seen.)"""
    import os

    if os.environ.get("RAPPORT_ICONS", "") != "bundled":
        themed = QIcon.fromTheme("go-next")
        if not themed.isNull():
            return themed
    return icons.bundled("back", mirrored=True)


def _choice_button(title: str, description: str) -> QCommandLinkButton:
    button = QCommandLinkButton(title, description)
    button.setIcon(_forward_icon())
    button.setAccessibleName(title.replace("&", ""))
    button.setAccessibleDescription(description)
    button.setAutoDefault(True)  # Enter chooses the one with the keyboard focus
    return button


class UnlockDialog(QDialog):
    """Ask for the passphrase, or say why the journal cannot be opened."""

    opened = Signal(object)  # Opened
    #: The Quit button (closing the dialog only closes it: the app may live in the tray).
    quit_requested = Signal()
    #: How far the update of an older journal has gone (done, total), from the worker.
    migrating = Signal(int, int)

    def __init__(
        self,
        paths: JournalPaths,
        open_journal: Callable[..., Journal],
        *,
        locked: bool = False,
        remembered: bool = False,
        is_remembered: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._open = open_journal
        self._busy = False
        self._remembered = remembered
        #: Asks the keychain whether it holds the key (worker): the box shows the answer.
        self._is_remembered = is_remembered
        self._remember_touched = False
        self.migrating.connect(self._updating)
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
        self.remember.setToolTip(
            "Keep the journal's key in this computer's keychain, so "
            "Rapport opens without asking next time."
        )
        # Shown as it is: ticked when the keychain holds the key (unticking it forgets).
        self.remember.setChecked(remembered)
        self.remember.clicked.connect(self._remember_clicked)
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
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        quit_button = buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.submit)
        quit_button.clicked.connect(self._quit)
        layout.addWidget(buttons)
        layout.addWidget(muted(text_label(f"Journal folder: {paths.root}")))
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textChanged.connect(
            lambda text: self.unlock_button.setEnabled(bool(text) and not self._busy)
        )
        self.unlock_button.setEnabled(False)
        self.passphrase.setFocus()

    def ask_keychain(self) -> None:
        """Tick "Remember" if the keychain holds the key, asked on the worker: a keychain
        can take a moment (D-Bus), which the dialog must not wait for to appear."""
        if self._is_remembered is not None:
            tasks.run(self._is_remembered, on_done=self.set_remembered, owner=self)

    def set_remembered(self, remembered: bool) -> None:
        """What the keychain answered; a box the user already clicked keeps their choice."""
        self._remembered = bool(remembered)
        if not self._remember_touched:
            self.remember.setChecked(self._remembered)

    def _remember_clicked(self) -> None:
        self._remember_touched = True

    def try_without_passphrase(self, attempt: Callable[..., Opened], explain: str) -> None:
        """Open with the keychain (or the demo passphrase) first; on failure, ask.

        ``attempt`` may take a ``progress(done, total)`` callback (writing the sample
        journal on first open): the dialog then shows how far it is."""
        self._set_busy(True, explain)
        wants_progress = bool(inspect.signature(attempt).parameters)

        def reporting(*progress: Callable[[int, int], None]) -> Opened:
            from journal.core.opening import reporting_migration

            with reporting_migration(self.migrating.emit):
                return attempt(*progress)

        def with_progress(progress: Callable[[int, int], None]) -> Opened:
            return reporting(progress)

        def without_progress() -> Opened:
            return reporting()

        tasks.run(
            with_progress if wants_progress else without_progress,
            on_done=self._done,
            on_error=self._keychain_failed,
            on_progress=self._progress,
            owner=self,
        )

    def _progress(self, done: int, total: int) -> None:
        self.message.show_info(f"Writing the sample journal: {done:,} of {total:,} entries…")
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _updating(self, done: int, total: int) -> None:
        """An older journal is updated for this version once (its search index, on a
        large journal, takes a minute): say so, and how far it has gone."""
        share = done * 100 // total if total else 100
        self.message.show_info(
            f"Updating your journal for this version of Rapport (only this once): {share}%…"
        )
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done if total else 1)  # nothing to index: done at once

    def _keychain_failed(self, exc: BaseException) -> None:
        from journal.core.errors import NotRemembered

        self._set_busy(False)
        if isinstance(exc, NotRemembered):
            self.message.clear_message()
            return
        self.ask_keychain()  # not "nothing remembered": what does the box show?
        if isinstance(exc, KeychainError):
            self.message.show_info(str(exc))
        else:
            self.show_problem(exc)

    def submit(self) -> None:
        if self._busy or not self.passphrase.text():
            return
        passphrase = self.passphrase.text()
        remember = self.remember.isChecked()
        forget = self._remembered and not remember
        self._set_busy(True, "Unlocking…")

        def work() -> Opened:
            from journal.core.opening import reporting_migration

            with reporting_migration(self.migrating.emit):
                journal = self._open(self._paths, passphrase)
            notice = ""
            if forget:
                try:
                    journal.forget_key()
                except KeychainError as exc:
                    notice = f"Your journal is open, but its key could not be forgotten: {exc}"
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

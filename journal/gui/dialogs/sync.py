"""Settings → Sync: the folder this journal syncs through, when it last synced and from
which computer, what came in, and the values kept when two computers edited the same
field (each can be put back). Every sync runs on the worker; a first sync shows progress.
The logic is ``journal.core.sync``; this tab only asks it and shows the answers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from journal.core.sync import engine, history
from journal.core.wording import format_datetime
from journal.gui.desktop import tasks
from journal.gui.desktop.operations import OpHost
from journal.gui.dialogs.saving import run_save
from journal.gui.widgets.common import muted, text_label, user_message


def _local(stamp: str) -> str:
    """A stored UTC time ("2026-11-24T09:00:00Z") as the app writes times: local, and
    "24 Nov 2026, 10:00" (not the raw stamp and "UTC")."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:16].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone())


class SyncTab(QWidget):
    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, host: OpHost | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncTab")
        self._journal = journal
        self._host = host
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                text_label(
                    "Keep this journal on two computers: choose a folder that a sync tool "
                    "(Syncthing, Nextcloud, Dropbox, a USB stick) carries between them. "
                    "Everything Rapport writes there is encrypted with the journal's key. "
                    "On the other computer, once the folder is there, choose “Join my "
                    "journal from another computer” when Rapport first starts (or run "
                    "“journal sync --join FOLDER”) and type this journal's passphrase."
                )
            )
        )
        self.folder = QLabel()
        self.folder.setObjectName("syncFolder")
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        self.last = QLabel()
        self.last.setObjectName("syncLast")
        self.last.setWordWrap(True)
        layout.addWidget(self.last)
        row = QHBoxLayout()
        self.choose = QPushButton("Choose folder…")
        self.choose.setObjectName("syncChoose")
        self.choose.clicked.connect(self._ask_folder)
        self.now = QPushButton("Sync now")
        self.now.setObjectName("syncNow")
        self.now.clicked.connect(self.sync_now)
        row.addWidget(self.choose)
        row.addWidget(self.now)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.hide()
        layout.addWidget(self.progress)
        # What came in and what was kept: shown once the journal syncs (two empty boxes
        # and a greyed button said nothing to someone who has not started).
        self.history = QWidget()
        history_layout = QVBoxLayout(self.history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.history, 1)
        outer, layout = layout, history_layout
        layout.addWidget(QLabel("What came in"))
        self.came_in = QListWidget()
        self.came_in.setObjectName("syncCameIn")
        self.came_in.setAccessibleName("What came in from other computers")
        self.came_in.setWordWrap(True)
        layout.addWidget(self.came_in)
        layout.addWidget(QLabel("Kept from edits made on both computers"))
        self.kept = QListWidget()
        self.kept.setObjectName("syncKept")
        self.kept.setAccessibleName("Values kept from edits made on both computers")
        self.kept.setWordWrap(True)
        layout.addWidget(self.kept)
        self.put_back = QPushButton("Put this value back")
        self.put_back.setObjectName("syncPutBack")
        self.put_back.clicked.connect(self._put_back)
        layout.addWidget(self.put_back)
        outer.addStretch(0)
        self.refresh()

    # showing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        status = engine.status(self._journal)
        if status.folder is None:
            self.folder.setText("This journal does not sync. Choose a folder to start.")
            self.last.setText("")
        else:
            self.folder.setText(f"Syncs through {status.folder}")
            if status.last_sync_at:
                when = _local(status.last_sync_at)
                source = f", last changes from {status.last_from}" if status.last_from else ""
                self.last.setText(f"Last synced {when}{source}.")
        self.now.setEnabled(status.folder is not None)
        self.came_in.clear()
        for at, computer, summary in status.recent:
            self.came_in.addItem(f"{_local(at)}  from {computer}: {summary}")
        self.kept.clear()
        for kept in history.kept_values(self._journal):
            item = QListWidgetItem(kept.sentence())
            item.setData(256, kept.id if kept.column != "*" else None)
            self.kept.addItem(item)
        self.put_back.setEnabled(self.kept.count() > 0)
        self.history.setVisible(status.folder is not None or self.kept.count() > 0)

    def _show_lines(self, lines: list[str]) -> None:
        self.progress.hide()
        self.choose.setEnabled(True)
        self.refresh()
        self.last.setText(" ".join([self.last.text(), *lines]).strip())

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.choose.setEnabled(True)
        self.now.setEnabled(engine.configured_folder(self._journal) is not None)
        self.last.setText(user_message(exc))

    def _progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # acting ---------------------------------------------------------------------------------

    def _ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder your sync tool manages")
        if chosen:
            self.use_folder(Path(chosen))

    def use_folder(self, folder: Path) -> None:
        journal = self._journal
        self.choose.setEnabled(False)
        self.now.setEnabled(False)
        self.last.setText("Setting up sync…")
        tasks.run(
            lambda progress: engine.enable(journal, folder, progress=progress).lines(),
            on_done=self._show_lines,
            on_error=self._failed,
            on_progress=self._progress,
            owner=self,
            housekeeping=True,
        )

    def sync_now(self) -> None:
        journal = self._journal
        self.now.setEnabled(False)
        self.last.setText("Syncing…")
        tasks.run(
            lambda progress: engine.sync_now(journal, progress=progress).lines(),
            on_done=self._show_lines,
            on_error=self._failed,
            on_progress=self._progress,
            owner=self,
            housekeeping=True,
        )

    def _put_back(self) -> None:
        item = self.kept.currentItem()
        kept_id = item.data(256) if item is not None else None
        if kept_id is None:
            self.last.setText("Choose a value in the list first (a kept record has none).")
            return
        # An operation like any edit: on the worker, its undo offered (Ctrl+Z).
        run_save(
            self,
            self._host,
            self._journal,
            operations.put_back_kept,
            int(kept_id),
            buttons=[self.put_back],
            show_error=self.last.setText,
            success=lambda _change: self.last.setText(
                "Put back. It reaches your other computers at the next sync."
            ),
            saving="Putting back…",
        )


class JoinDialog(QDialog):
    """First run on a second computer: make this computer's journal from the sync folder
    the first computer writes to, with that journal's passphrase. The join (a snapshot
    copied and opened, then every later change) runs on the worker, with progress."""

    joined = Signal(object)  # the opened Journal

    def __init__(self, paths: JournalPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinDialog")
        self.setWindowTitle("Join a journal from another computer")
        self.setMinimumWidth(520)
        self._paths = paths
        self._folder: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Choose the folder your sync tool carries from the other computer (the one "
                "set in Settings → Sync there), then type that journal's passphrase. This "
                "computer's keychain remembers the key from then on."
            )
        )
        row = QHBoxLayout()
        self.folder = QLabel("No folder chosen.")
        self.folder.setObjectName("joinFolder")
        self.folder.setWordWrap(True)
        choose = QPushButton("Choose folder…")
        choose.setObjectName("joinChoose")
        choose.clicked.connect(self._ask_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("joinPassphrase")
        self.passphrase.setAccessibleName("The journal's passphrase")
        self.passphrase.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.passphrase.setPlaceholderText("The journal's passphrase")
        self.passphrase.textChanged.connect(self._update)
        layout.addWidget(self.passphrase)
        self.message = QLabel()
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.join_button = self.buttons.addButton("&Join", QDialogButtonBox.ButtonRole.AcceptRole)
        self.join_button.setObjectName("joinButton")
        self.join_button.clicked.connect(self.submit)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self._busy = False
        self._update()

    def _ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "The sync folder")
        if chosen:
            self.use_folder(Path(chosen))

    def use_folder(self, folder: Path) -> None:
        self._folder = folder
        self.folder.setText(str(folder))
        self._update()

    def _update(self) -> None:
        self.join_button.setEnabled(
            not self._busy and self._folder is not None and bool(self.passphrase.text())
        )

    def submit(self) -> None:
        if not self.join_button.isEnabled() or self._folder is None:
            return
        paths, folder, passphrase = self._paths, self._folder, self.passphrase.text()
        self._busy = True
        self._update()
        self.message.setText("Joining: copying the journal from the sync folder…")
        self.progress.setRange(0, 0)
        self.progress.show()
        tasks.run(
            lambda progress: engine.join(paths, folder, passphrase, progress=progress),
            on_done=self._joined,
            on_error=self._failed,
            on_progress=self._progress,
            owner=self,
        )

    def _progress(self, done: int, total: int) -> None:
        self.message.setText(f"Applying changes from the other computer: {done} of {total}…")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _joined(self, journal: Journal) -> None:
        self.passphrase.clear()
        self._busy = False
        self.joined.emit(journal)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.progress.hide()
        self.message.setText(user_message(exc))
        self._update()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

"""Settings → Backups: where backups go, the ones there are, backing up now, and restoring.

The page only shows what ``journal.core.backup`` answers and runs its calls on the
worker thread. A restore is asked for here and carried out by the session
(``RapportApp.restore``), which alone may close and reopen the journal: the window
closes, the journal is restored with its key (or the passphrase the backup was made
with) and reopened, and the new window says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core import backup as backup_core
from journal.core.journal import Journal
from journal.core.settings import JournalSettings
from journal.gui.desktop import tasks
from journal.gui.widgets.common import (
    MessageLabel,
    heading,
    muted,
    plural,
    setup_list_view,
    text_label,
    user_message,
)

BACKUP_FILTER = f"Rapport backups (*{backup_core.SUFFIX});;All files (*)"


@dataclass(frozen=True)
class RestoreRequest:
    """What the user confirmed: this backup, opened with the journal's key, or with the
    passphrase it was made with."""

    path: Path
    passphrase: str | None = None
    when: str = ""


def when_made(moment: datetime | None) -> str:
    """ "24 Nov 2026, 09:00" (an unknown date says so)."""
    return f"{moment.day} {moment:%b %Y, %H:%M}" if moment else "an unknown date"


def _size(path: Path) -> str:
    try:
        size: float = path.stat().st_size
    except OSError:
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit in ("bytes", "KB") else f"{size:,.1f} {unit}"
        size /= 1024
    return ""


class BackupsTab(QWidget):
    """The Backups section of Settings."""

    #: The user confirmed a restore (a ``RestoreRequest``); the session carries it out.
    restore_requested = Signal(object)

    def __init__(
        self, journal: Journal, current: JournalSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupsTab")
        self._journal = journal
        self._busy = False
        self.file_dialog: QFileDialog | None = None
        self.confirm_dialog: RestoreDialog | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.folder = QLineEdit(str(journal.paths.backups))
        self.folder.setReadOnly(True)
        self.folder.setObjectName("backupFolder")
        self.folder.setAccessibleName("Backups folder")
        show = QPushButton("Show in file manager")
        show.setAccessibleName("Show the backups folder in the file manager")
        show.clicked.connect(self._show_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(show)
        form.addRow("Backups go to:", row)
        self.last = text_label("Looking for backups…")
        self.last.setObjectName("lastBackup")
        form.addRow("Last backup:", self.last)
        self.auto = QCheckBox("Back up &automatically once a day")
        self.auto.setObjectName("autoBackup")
        self.auto.setChecked(current.auto_backup)
        self.keep = QSpinBox()
        self.keep.setObjectName("backupsKept")
        self.keep.setRange(1, 365)
        self.keep.setValue(current.backups_kept)
        self.keep.setAccessibleName("Automatic backups to keep")
        self.keep.setSuffix(" automatic backups")
        self.keep.setPrefix("the last ")
        self.auto.toggled.connect(self.keep.setEnabled)
        self.keep.setEnabled(current.auto_backup)
        keep_label = QLabel("&Keep:")
        keep_label.setBuddy(self.keep)
        form.addRow("", self.auto)
        form.addRow(keep_label, self.keep)
        layout.addLayout(form)
        layout.addWidget(
            muted(
                text_label(
                    "A backup is one encrypted file: it opens only with the journal's passphrase at "
                    "the time it was made. Backups you make yourself are never deleted."
                )
            )
        )

        self.list = QTableWidget(0, 3)
        setup_list_view(self.list, "backupList")
        self.list.setAccessibleName("Backups")
        self.list.setHorizontalHeaderLabels(["Made", "How", "Size"])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.horizontalHeader()
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setMinimumHeight(150)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemActivated.connect(lambda *_: self.restore_selected())
        layout.addWidget(self.list, 1)

        actions = QHBoxLayout()
        self.backup_button = QPushButton("Back &up now")
        self.backup_button.setObjectName("backupNow")
        self.backup_button.setToolTip("Write an encrypted backup into the backups folder")
        self.backup_button.clicked.connect(lambda: self.back_up())
        self.backup_to_button = QPushButton("Back up &to a file…")
        self.backup_to_button.setObjectName("backupTo")
        self.backup_to_button.setToolTip(
            "Write an encrypted backup where you choose (a USB stick, another disk)"
        )
        self.backup_to_button.clicked.connect(self.choose_backup_file)
        self.restore_button = QPushButton("&Restore this backup…")
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("Restore from a &file…")
        self.restore_file_button.setObjectName("restoreFile")
        self.restore_file_button.clicked.connect(self.choose_restore_file)
        actions.addWidget(self.backup_button)
        actions.addWidget(self.backup_to_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.restore_file_button)
        layout.addLayout(actions)

        self.progress = QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Backup progress")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = MessageLabel()
        self.message.setObjectName("backupMessage")
        layout.addWidget(self.message)
        self.refresh()

    # settings -----------------------------------------------------------------------------

    def apply_to(self, value: JournalSettings) -> None:
        value.auto_backup = self.auto.isChecked()
        value.backups_kept = self.keep.value()

    # the list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        paths = self._journal.paths
        tasks.run(
            lambda: backup_core.list_backups(paths),
            on_done=self._listed,
            on_error=lambda exc: self.last.setText(user_message(exc)),
            owner=self,
        )

    def _listed(self, found: list[backup_core.BackupInfo]) -> None:
        self.list.setRowCount(0)
        self.list.setRowCount(len(found))
        this_journal = self._journal.journal_id
        for row, info in enumerate(found):
            how = "Automatic" if info.automatic else "By hand"
            if info.journal_id and info.journal_id != this_journal:
                how += ", another journal"
            for column, text in enumerate((when_made(info.created_at), how, _size(info.path))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(info.path))
                item.setToolTip(str(info.path))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.list.setItem(row, column, item)
        if found:
            newest = found[0]
            self.last.setText(
                f"{when_made(newest.created_at)} "
                f"({'automatic' if newest.automatic else 'by hand'}), "
                f"{plural(len(found), 'backup')} in the folder"
            )
        else:
            self.last.setText("No backup yet. Make one now, or let Rapport make one each day.")
        self._selection_changed()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.list.item(row, column)
        assert item is not None  # every row is filled in when it is added
        return item

    def backups(self) -> list[Path]:
        return [
            Path(self._cell(i, 0).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.rowCount())
        ]

    def rows(self) -> list[tuple[str, ...]]:
        """What the list shows, row by row (made, how, size)."""
        return [
            tuple(self._cell(r, c).text() for c in range(3)) for r in range(self.list.rowCount())
        ]

    def select(self, row: int) -> None:
        self.list.selectRow(row)

    def _selected(self) -> Path | None:
        items = self.list.selectedItems()
        return Path(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None and not self._busy)

    def _show_folder(self) -> None:
        folder = self._journal.paths.backups
        QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(folder if folder.is_dir() else self._journal.paths.root))
        )

    # backing up -----------------------------------------------------------------------------

    def choose_backup_file(self) -> QFileDialog:
        name = f"rapport-{self._journal.clock.now():%Y-%m-%d}{backup_core.SUFFIX}"
        dialog = self._file_dialog("Save a backup", str(Path.home() / name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(backup_core.SUFFIX.lstrip("."))
        # The save dialog asks before choosing an existing file, so replacing is confirmed.
        dialog.fileSelected.connect(lambda name: self.back_up(Path(name), force=True))
        dialog.open()
        return dialog

    def back_up(self, target: Path | None = None, force: bool = False) -> None:
        """Back up to the backups folder (``target`` None) or to a chosen file (replaced
        only with ``force``, once the user confirmed it)."""
        if self._busy:
            return
        journal = self._journal
        self._set_busy(True, "Backing up your journal…")
        self.progress.setValue(0)
        tasks.run(
            lambda progress: backup_core.backup(journal, target, progress=progress, force=force),
            on_done=self._backed_up,
            on_error=self._backup_failed,
            on_progress=lambda done, total: self.progress.setValue(
                round(100 * done / total) if total else 0
            ),
            owner=self,
        )

    def _backed_up(self, path: Path) -> None:
        self._set_busy(False)
        self.message.show_success(f"Backed up to {path}.")
        self.refresh()

    def _backup_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(f"The backup was not made. {user_message(exc)}")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for button in (self.backup_button, self.backup_to_button, self.restore_file_button):
            button.setEnabled(not busy)
        self._selection_changed()
        self.progress.setVisible(busy)
        if busy:
            self.message.show_info(text)

    # restoring ----------------------------------------------------------------------------

    def choose_restore_file(self) -> QFileDialog:
        folder = self._journal.paths.backups
        dialog = self._file_dialog(
            "Restore from a backup", str(folder if folder.is_dir() else Path.home())
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.restore(Path(name)))
        dialog.open()
        return dialog

    def restore_selected(self) -> None:
        path = self._selected()
        if path is not None and not self._busy:
            self.restore(path)

    def restore(self, path: Path) -> None:
        """Read the backup's description, then ask (on the worker: nothing closes yet)."""
        journal = self._journal
        self._set_busy(True, "Reading the backup…")
        self.progress.hide()
        tasks.run(
            lambda: backup_core.preview_restore(journal, path),
            on_done=self._previewed,
            on_error=self._preview_failed,
            owner=self,
        )

    def _previewed(self, preview: backup_core.RestorePreview) -> None:
        self._set_busy(False)
        self.message.clear_message()
        dialog = RestoreDialog(preview, self._journal.paths.root / "replaced", self)
        dialog.confirmed.connect(self.restore_requested.emit)
        self.confirm_dialog = dialog
        dialog.open()

    def _preview_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(user_message(exc))

    def _file_dialog(self, title: str, start: str) -> QFileDialog:
        dialog = QFileDialog(self, title, start, BACKUP_FILTER)
        dialog.setObjectName("backupFileDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        return dialog


class RestoreDialog(QDialog):
    """Are you sure? What is replaced, what is kept, and the backup's passphrase when the
    journal's key does not open it."""

    confirmed = Signal(object)  # RestoreRequest

    def __init__(
        self, preview: backup_core.RestorePreview, kept_in: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(500)
        self._preview = preview
        self._checking = False
        info = preview.backup
        made = when_made(info.created_at)
        how = "automatically" if info.automatic else "by hand"
        other = not preview.same_journal
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(f"Restore the backup of {made}?", 2))
        self.summary = text_label(
            f"Your journal as it is now ({plural(preview.current_people, 'person', 'people')}"
            f", {plural(preview.current_entries, 'entry', 'entries')}) will be replaced by "
            + ("this backup of another journal" if other else "this backup")
            + f", made {how} on {made}. Whatever you added or changed since then will not "
            "be in the restored journal."
        )
        self.summary.setObjectName("restoreSummary")
        layout.addWidget(self.summary)
        self.kept = text_label(
            f"Nothing is deleted: the current journal is kept aside in {kept_in}, so it "
            "can be brought back. Rapport locks the journal while it restores, then opens "
            "the restored one."
        )
        self.kept.setObjectName("restoreKept")
        layout.addWidget(self.kept)
        self.passphrase: QLineEdit | None = None
        if not preview.key_fits:
            layout.addWidget(
                text_label(
                    "This backup comes from another journal. Type the passphrase it was made "
                    "with: the restored journal opens with it."
                    if other
                    else "This backup was made when the journal had another passphrase. Type that "
                    "passphrase: the restored journal opens with it."
                )
            )
            form = QFormLayout()
            self.passphrase = QLineEdit()
            self.passphrase.setObjectName("backupPassphrase")
            self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
            self.passphrase.setAccessibleName("Passphrase of the backup")
            self.passphrase.setInputMethodHints(
                Qt.InputMethodHint.ImhSensitiveData
                | Qt.InputMethodHint.ImhNoPredictiveText
                | Qt.InputMethodHint.ImhHiddenText
            )
            label = QLabel("Backup's &passphrase:")
            label.setBuddy(self.passphrase)
            form.addRow(label, self.passphrase)
            layout.addLayout(form)
            self.passphrase.textChanged.connect(lambda _t: self._update())
        self.message = MessageLabel()
        self.message.setObjectName("restoreMessage")
        layout.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.setAccessibleName("Checking")
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            "&Replace my journal with this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("confirmRestore")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # a destructive action is never what Enter does
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update()
        if self.passphrase is not None:
            self.passphrase.setFocus()
        else:
            cancel.setFocus()

    def _update(self) -> None:
        typed = self.passphrase is None or bool(self.passphrase.text())
        self.restore_button.setEnabled(typed and not self._checking)

    def submit(self) -> None:
        if self._checking or not self.restore_button.isEnabled():
            return
        request_when = when_made(self._preview.backup.created_at)
        path = self._preview.backup.path
        if self.passphrase is None:
            self._confirm(RestoreRequest(path, None, request_when))
            return
        passphrase = self.passphrase.text()
        self._checking = True
        self.passphrase.setEnabled(False)
        self._update()
        self.progress.show()
        self.message.show_info("Checking the passphrase…")

        def checked(fits: bool) -> None:
            self._checked()
            if fits:
                self._confirm(RestoreRequest(path, passphrase, request_when))
            else:
                self.message.show_error(
                    "That passphrase does not open this backup. It "
                    "needs the passphrase the journal had when the "
                    "backup was made."
                )
                assert self.passphrase is not None
                self.passphrase.selectAll()
                self.passphrase.setFocus()

        def failed(exc: BaseException) -> None:
            self._checked()
            self.message.show_error(user_message(exc))

        tasks.run(
            lambda: backup_core.passphrase_opens_backup(path, passphrase),
            on_done=checked,
            on_error=failed,
            owner=self,
        )

    def _checked(self) -> None:
        self._checking = False
        self.progress.hide()
        if self.passphrase is not None:
            self.passphrase.setEnabled(True)
        self._update()

    def _confirm(self, request: RestoreRequest) -> None:
        if self.passphrase is not None:
            self.passphrase.clear()
        self.accept()
        self.confirmed.emit(request)

    def reject(self) -> None:
        if not self._checking:
            super().reject()


class RestoringDialog(QDialog):
    """While the journal is closed and the backup put in its place: no window to use,
    so a small dialog says what is happening (it cannot be closed meanwhile)."""

    def __init__(self, when: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoringDialog")
        self.setWindowTitle("Restoring")
        self.setMinimumWidth(420)
        self._finished = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Restoring your journal…", 2))
        layout.addWidget(
            text_label(
                (f"Putting back the backup of {when}. " if when else "")
                + "Rapport checks that the backup opens and is undamaged before it replaces "
                "anything; this can take a moment with a large journal."
            )
        )
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumHeight(10)  # like the unlock dialog's
        bar.setAccessibleName("Restoring")
        layout.addWidget(bar)

    def finish(self) -> None:
        self._finished = True
        self.close()
        self.deleteLater()

    def reject(self) -> None:
        if self._finished:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()

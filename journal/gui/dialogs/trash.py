"""Edit ▸ Trash: what was deleted, to restore one item or empty the trash for good.

Deleting moves things to the trash (people, entries, links, a merge's merged-away
people); until now the app could only bring them back with Undo. Here each item can be
restored (an operation: Edit ▸ Undo trashes it again), and "Empty trash…" removes everything for good after a question that says how
many items go and that it cannot be undone (the core's wording, as ``journal trash
--empty`` says it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations, trash
from journal.core.journal import Journal
from journal.core.model import TrashItem
from journal.gui.desktop.operations import OpHost, run_op
from journal.gui.widgets.common import (
    MessageLabel,
    heading,
    muted,
    plural,
    text_label,
    user_message,
)


class TrashDialog(QDialog):
    """The trash's items, newest first, with Restore and Empty trash…."""

    #: A sentence for the window's notice bar ("Emptied the trash: 3 items removed.").
    said = Signal(str)

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, host: OpHost | None = None
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._host = host
        self.setWindowTitle("Trash")
        self.setObjectName("trashDialog")
        self.resize(520, 420)
        #: The "Empty the trash?" question while it is open.
        self.pending: QMessageBox | None = None
        self._items: list[TrashItem] = []

        layout = QVBoxLayout(self)
        self.title = heading("Trash", 2)
        layout.addWidget(self.title)
        self.summary = muted(text_label())
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("trashList")
        self.list.setAccessibleName("Items in the trash")
        self.list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.list, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        row = QHBoxLayout()
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setToolTip("Put the selected item back where it was")
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_button)
        self.empty_button = QPushButton("&Empty trash…")
        self.empty_button.setToolTip("Remove everything in the trash for good (asks first)")
        self.empty_button.clicked.connect(self.ask_to_empty)
        row.addWidget(self.empty_button)
        row.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self._items = self.journal.trash()
        self.list.clear()
        for item in self._items:
            entry = QListWidgetItem(f"{trash.describe(item)} · deleted {trash.deleted_on(item)}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(entry)
        if self._items:
            self.summary.setText(
                f"{plural(len(self._items), 'item')}, newest first. Restore puts one back; "
                "emptying the trash removes them all for good."
            )
        else:
            self.summary.setText(
                "The trash is empty. What you delete waits here until you empty it."
            )
        self.list.setVisible(bool(self._items))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))
        self.empty_button.setEnabled(bool(self._items))

    def restore_selected(self) -> None:
        """Put the selected item back: an operation, so Edit ▸ Undo takes it back again."""
        chosen = self.list.selectedItems()
        if not chosen:
            return
        self.message.setText("")
        self.restore_button.setEnabled(False)
        run_op(
            self._host,
            self.journal,
            operations.restore,
            chosen[0].data(Qt.ItemDataRole.UserRole),
            success=lambda _change: self.reload(),
            failure=self._failed,
            owner=self,
            doing="restoring from the trash",
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(user_message(exc))
        self.reload()

    def ask_to_empty(self) -> None:
        count = len(self._items)
        if not count:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Empty trash",
            "Empty the trash?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(trash.emptying_warning(count))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(f"Remove {plural(count, 'item')}")

        def clicked(button: QAbstractButton) -> None:
            if button is yes:
                self.empty()

        box.buttonClicked.connect(clicked)
        box.finished.connect(lambda _r: self._closed(box))
        self.pending = box
        box.open()

    def _closed(self, box: QMessageBox) -> None:
        if self.pending is box:
            self.pending = None
        box.deleteLater()

    def empty(self) -> None:
        try:
            removed = self.journal.purge_trash()
        except Exception as exc:
            self.message.setText(user_message(exc))
            return
        self.message.setText("")
        self.reload()
        self.said.emit(f"Emptied the trash: {plural(removed, 'item')} removed for good.")

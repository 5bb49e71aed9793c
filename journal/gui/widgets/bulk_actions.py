"""Actions on many selected people at once, for the People list.

Set circle, cadence, tags or network kinds; archive; move to the trash; merge. Each
calls one function of ``journal.core.bulk`` (one transaction), asks first when the
selection is large (``bulk.CONFIRM_AT`` people or more, and always before the trash),
says what it did, and offers Undo through the window's undo list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from journal.core import bulk
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.model import Circle, NetworkKind
from journal.core.wording import plural

P = ParamSpec("P")
PushUndo = Callable[[str, Callable[[], object]], None]


def people_count(n: int) -> str:
    return plural(n, "person")


class BulkActions(QObject):
    """Runs bulk actions for ``parent``'s selection; ``changed`` after each one."""

    changed = Signal(object)  # the BulkChange
    failed = Signal(str)
    merge_requested = Signal(list)

    def __init__(
        self, journal: Journal, parent: QWidget, push_undo: PushUndo | None = None
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._parent = parent
        self._push_undo = push_undo
        self.last: bulk.BulkChange | None = None
        #: The question or form now open (a large selection, tags, cadence), if any.
        self.pending: QMessageBox | QInputDialog | None = None

    # -- the menu ---------------------------------------------------------------------------

    def menu(self, ids: Sequence[str], parent: QWidget | None = None) -> QMenu:
        ids = list(ids)
        menu = QMenu(f"{people_count(len(ids))} selected", parent or self._parent)
        circle = menu.addMenu("Set &circle")
        for value in Circle:
            circle.addAction(value.label, self._later(self.set_circle, ids, value))
        menu.addAction("Set check-in &cadence…", lambda: self.ask_cadence(ids))
        menu.addAction("Add &tags…", lambda: self.ask_tags(ids, add=True))
        menu.addAction("Remove ta&gs…", lambda: self.ask_tags(ids, add=False))
        kinds = menu.addMenu("&Network kind")
        for kind in NetworkKind:
            kinds.addAction(
                f"Add {kind.value}", self._later(self.set_network_kind, ids, kind, "add")
            )
        kinds.addSeparator()
        for kind in NetworkKind:
            kinds.addAction(
                f"Remove {kind.value}", self._later(self.set_network_kind, ids, kind, "remove")
            )
        menu.addSeparator()
        menu.addAction("&Archive", lambda: self.set_archived(ids, True))
        menu.addAction("&Unarchive", lambda: self.set_archived(ids, False))
        if 2 <= len(ids) <= 6:
            menu.addAction("&Merge into one…", lambda: self.merge_requested.emit(ids))
        menu.addSeparator()
        menu.addAction("Move to the &trash…", lambda: self.delete(ids))
        return menu

    # -- actions ----------------------------------------------------------------------------------

    @staticmethod
    def _later(action: Callable[P, None], *args: P.args, **kwargs: P.kwargs) -> Callable[[], None]:
        """A menu slot that runs ``action(*args)`` (taking no arguments from Qt)."""
        return lambda: action(*args, **kwargs)

    def set_circle(self, ids: Sequence[str], circle: Circle) -> None:
        self._run(
            ids,
            f"Move {people_count(len(ids))} to {circle.label}?",
            lambda: bulk.set_circle(self.journal, ids, circle),
        )

    def set_cadence(self, ids: Sequence[str], days: int | None) -> None:
        text = f"every {days} days" if days else "as their circle suggests"
        self._run(
            ids,
            f"Check in with {people_count(len(ids))} {text}?",
            lambda: bulk.set_cadence(self.journal, ids, days),
        )

    def add_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        self._run(
            ids,
            f"Tag {people_count(len(ids))} {', '.join(tags)}?",
            lambda: bulk.add_tags(self.journal, ids, tags),
        )

    def remove_tags(self, ids: Sequence[str], tags: Sequence[str]) -> None:
        self._run(
            ids,
            f"Remove {', '.join(tags)} from {people_count(len(ids))}?",
            lambda: bulk.remove_tags(self.journal, ids, tags),
        )

    def set_network_kind(self, ids: Sequence[str], kind: NetworkKind, mode: str) -> None:
        verb = "Add" if mode == "add" else "Remove"
        self._run(
            ids,
            f"{verb} {kind.value} {'for' if mode == 'add' else 'from'} {people_count(len(ids))}?",
            lambda: bulk.set_network_kinds(self.journal, ids, [kind], mode=mode),
        )

    def set_archived(self, ids: Sequence[str], archived: bool) -> None:
        verb = "Archive" if archived else "Unarchive"
        self._run(
            ids,
            f"{verb} {people_count(len(ids))}? Archived people stay in the "
            "journal but get no reminders."
            if archived
            else f"{verb} {people_count(len(ids))}?",
            lambda: bulk.set_archived(self.journal, ids, archived),
        )

    def delete(self, ids: Sequence[str]) -> None:
        self._run(
            ids,
            f"Move {people_count(len(ids))} and their entries with no one else "
            "to the trash? You can undo this, or restore them from the trash.",
            lambda: bulk.delete(self.journal, ids),
            always_ask=len(ids) > 1,
        )

    # -- forms ------------------------------------------------------------------------------------

    def ask_cadence(self, ids: Sequence[str]) -> None:
        form = QInputDialog(self._parent)
        form.setWindowTitle("Check-in cadence")
        form.setLabelText(
            f"Check in with {people_count(len(ids))} every how many days?\n"
            "0 means: as each person's circle suggests."
        )
        form.setInputMode(QInputDialog.InputMode.IntInput)
        form.setIntRange(0, 3650)
        form.setIntValue(60)
        form.accepted.connect(lambda: self.set_cadence(ids, form.intValue() or None))
        self._open(form)

    def ask_tags(self, ids: Sequence[str], *, add: bool) -> None:
        form = QInputDialog(self._parent)
        form.setWindowTitle("Add tags" if add else "Remove tags")
        form.setLabelText(
            f"Tags to {'add to' if add else 'remove from'} "
            f"{people_count(len(ids))}, separated by commas:"
        )
        form.setInputMode(QInputDialog.InputMode.TextInput)
        form.setTextEchoMode(QLineEdit.EchoMode.Normal)

        def chosen() -> None:
            tags = [t.strip() for t in form.textValue().split(",") if t.strip()]
            if tags:
                (self.add_tags if add else self.remove_tags)(ids, tags)

        form.accepted.connect(chosen)
        self._open(form)

    def _open(self, dialog: QMessageBox | QInputDialog) -> None:
        self.pending = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QObject) -> None:
        if self.pending is dialog:
            self.pending = None
        dialog.deleteLater()

    # -- running ---------------------------------------------------------------------------------

    def _run(
        self,
        ids: Sequence[str],
        question: str,
        action: Callable[[], bulk.BulkChange],
        *,
        always_ask: bool = False,
    ) -> None:
        if not ids:
            return
        if len(ids) < bulk.CONFIRM_AT and not always_ask:
            self._do(action)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Change several people",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(
            f"Change {people_count(len(ids))}"
            if "trash" not in question
            else f"Move {people_count(len(ids))} to the trash"
        )
        # By the button, not accepted(): a message box finishes with the button's code.

        def clicked(button: QAbstractButton) -> None:
            if button is yes:
                self._do(action)

        box.buttonClicked.connect(clicked)
        self._open(box)

    def _do(self, action: Callable[[], bulk.BulkChange]) -> None:
        try:
            change = action()
        except JournalError as exc:
            self.failed.emit(str(exc))
            return
        self.last = change
        if self._push_undo is not None:
            self._push_undo(change.description, lambda: bulk.undo(self.journal, change))
        self.changed.emit(change)

    def undo_last(self) -> None:
        if self.last is not None:
            change, self.last = self.last, None
            bulk.undo(self.journal, change)

"""Today's "To reflect on": meetings from the calendar that happened with people in the
journal, each with Write it down, We met and Dismiss.

Its own module, light at import: Today is the first page a start shows, and the
meetings' brief, prompts and delivery (``journal.gui.dialogs.meetings``) are not needed
to show it. The calendar's meetings are read on the worker; the rest loads when a
meeting is there to show or a button is clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from journal.core import operations
from journal.gui.desktop import tasks
from journal.gui.desktop.operations import run_op
from journal.gui.widgets.common import (
    Card,
    MessageLabel,
    discard,
    heading,
    muted,
    text_label,
    user_message,
)

if TYPE_CHECKING:
    from journal.core.calendar.meetings import Meeting
    from journal.core.journal import Journal
    from journal.core.operations import Change
    from journal.gui.shell import Shell


class ReflectList(Card):
    """Today's "To reflect on": meetings that happened with people in the journal, each
    with Write it down (the editor, filled in), We met (one click) and Dismiss. Hidden
    when there is nothing to reflect on (or no calendar)."""

    loaded = Signal()

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toReflectOn")
        self.shell = shell
        self.layout_.addWidget(heading("To reflect on", 3))
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.layout_.addLayout(self.rows)
        self.message = MessageLabel()
        self.layout_.addWidget(self.message)
        self.waiting: list[Meeting] = []
        self.setVisible(False)

    def reload(self) -> None:
        journal = self.shell.journal
        tasks.run(
            lambda: _waiting(journal),
            on_done=self._show,
            on_error=lambda exc: self.message.show_error(user_message(exc)),
            owner=self,
        )

    def _show(self, waiting: list[Meeting]) -> None:
        self.waiting = list(waiting)
        while (item := self.rows.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                discard(widget)
        for m in self.waiting:
            self.rows.addWidget(self._row(m))
        self.setVisible(bool(self.waiting))
        self.loaded.emit()

    def _row(self, m: Meeting) -> QWidget:
        from journal.core.calendar import prompts

        row = QWidget()
        row.setObjectName("reflectRow")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        question = prompts.reflect_text(m).title
        label = text_label(question)
        label.setObjectName("reflectQuestion")
        layout.addWidget(label)
        when = f"{m.start:%A} {m.start.day} {m.start:%B}, {m.start.hour}:{m.start.minute:02d}"
        layout.addWidget(muted(text_label(when + (f" · {m.location}" if m.location else ""))))
        buttons = QHBoxLayout()
        write = QPushButton("Write it down…")
        write.setObjectName("reflectWrite")
        write.setAccessibleName(question)
        write.clicked.connect(lambda: _open_reflection(self.shell, m.id))
        met = QPushButton("We met")
        met.setObjectName("reflectMet")
        met.setToolTip("Count it as being in touch, without writing anything")
        met.clicked.connect(lambda: self._do(operations.we_met, m.id))
        dismiss = QPushButton("Dismiss")
        dismiss.setObjectName("reflectDismiss")
        dismiss.clicked.connect(lambda: self._do(operations.dismiss_meeting, m.id))
        for button in (write, met, dismiss):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return row

    def _do(self, fn: Callable[..., Change], *args: Any) -> None:
        run_op(
            self.shell,
            self.shell.journal,
            fn,
            *args,
            success=lambda _c: self.reload(),
            failure=lambda exc: self.message.show_error(user_message(exc)),
            owner=self,
        )


def _waiting(journal: Journal) -> list[Meeting]:
    """The meetings waiting for a reflection (worker)."""
    from journal.core.calendar import meetings

    return meetings.waiting_for_reflection(journal)


def _open_reflection(shell: Shell, meeting_id: str) -> None:
    from journal.gui.dialogs.meetings import open_reflection

    open_reflection(shell, meeting_id)

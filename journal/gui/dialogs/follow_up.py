"""A follow-up's day typed in words ("next Friday", "in two weeks", "15 Jan"), shown as
the date it became, and the small dialog that rewords or re-dates a follow-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations
from journal.core.journal import Journal
from journal.core.model import FollowUp
from journal.core.wording import format_date, parse_when
from journal.gui.desktop.operations import OpHost
from journal.gui.dialogs.saving import is_saving, run_save
from journal.gui.widgets.common import MessageLabel, muted, text_label


class WhenField(QWidget):
    """A line for a day in words and, beside it, the date it became (or why not)."""

    changed = Signal()

    def __init__(self, today: date, value: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(format_date(value) if value else "")
        self.edit.setObjectName("followUpWhen")
        self.edit.setAccessibleName("When")
        self.edit.setPlaceholderText("When? e.g. next Friday, in two weeks, 15 Jan")
        self.edit.setClearButtonEnabled(True)
        self.shows = muted(text_label("", wrap=False))
        self.shows.setObjectName("followUpWhenShows")
        row.addWidget(self.edit, 1)
        row.addWidget(self.shows)
        self.edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        text = self.edit.text().strip()
        day = self.value()
        if not text:
            self.shows.setText("")
        elif day is None:
            self.shows.setText("not a date Rapport understands")
        else:
            self.shows.setText(f"→ {day:%a} {format_date(day)}")
        self.changed.emit()

    def value(self) -> date | None:
        return parse_when(self.edit.text(), self._today)

    def valid(self) -> bool:
        return not self.edit.text().strip() or self.value() is not None

    def clear(self) -> None:
        self.edit.clear()


class FollowUpDialog(QDialog):
    """Reword a follow-up or give it a day; a dated one shows on Today when due."""

    def __init__(
        self,
        journal: Journal,
        item: FollowUp,
        parent: QWidget | None = None,
        *,
        host: OpHost | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal, self._item, self._host = journal, item, host
        self.setObjectName("followUpDialog")
        self.setWindowTitle("Edit follow-up")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text = QLineEdit(item.text)
        self.text.setObjectName("followUpText")
        self.text.setAccessibleName("Follow-up")
        form.addRow("&What:", self.text)
        self.when = WhenField(journal.clock.today(), item.due_on)
        form.addRow("W&hen:", self.when)
        layout.addLayout(form)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveFollowUp")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if not self.when.valid():
            self.message.show_error(
                "Rapport cannot read that date. Try words like “next Friday”, “in two "
                "weeks” or “15 Jan”, or leave it empty."
            )
            self.when.edit.setFocus()
            return
        if is_saving(self):
            return
        run_save(
            self,
            self._host,
            self._journal,
            operations.update_follow_up,
            self._item.id,
            self.text.text(),
            self.when.value(),
            buttons=[self.save_button],
            show_error=self.message.show_error,
            success=lambda _change: self.accept(),
        )

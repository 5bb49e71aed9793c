"""Possible duplicates, reviewed one pair at a time: merge, not the same person, or skip.

The pairs come from the core (same e-mail or phone, or close names at the same
organisation), minus those the user already said are two people. Merging opens the
side-by-side merge view; "not the same person" is remembered for good. Both can be
undone from the window's notice bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import duplicate_review, merge
from journal.core.errors import JournalError
from journal.core.journal import Journal
from journal.core.wording import plural
from journal.gui.dialogs.merge import MergeDialog

PushUndo = Callable[[str, Callable[[], object]], None]


class DuplicatesReview(QWidget):
    merged = Signal(object)  # MergeResult
    failed = Signal(str)

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, push_undo: PushUndo | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesReview")
        self.journal = journal
        self._push_undo = push_undo
        self.pairs: list[Any] = []
        self.index = 0
        self.dialog: MergeDialog | None = None

        layout = QVBoxLayout(self)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        self.card = QFrame()
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self.card)
        self.grid.setHorizontalSpacing(24)
        layout.addWidget(self.card)
        buttons = QHBoxLayout()
        self.merge_button = QPushButton("&Merge…")
        self.merge_button.setObjectName("mergePair")
        self.merge_button.setToolTip("Choose what to keep, side by side (M)")
        self.dismiss_button = QPushButton("&Not the same person")
        self.dismiss_button.setObjectName("dismissPair")
        self.dismiss_button.setToolTip("Never suggest these two again (N)")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setToolTip("Decide later (K)")
        self.merge_button.clicked.connect(self.merge_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.skip_button.clicked.connect(self.skip)
        for button in (self.merge_button, self.dismiss_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.empty = QLabel(
            "No possible duplicates. Rapport suggests two records when they share an e-mail "
            "address or a phone number, or have close names at the same organisation."
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addStretch(1)
        for key, slot in (("M", self.merge_current), ("N", self.dismiss_current), ("K", self.skip)):
            QShortcut(QKeySequence(key), self, slot)
        self.refresh()

    # -- the queue ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.pairs = duplicate_review.pending(self.journal)
        self.index = min(self.index, max(0, len(self.pairs) - 1))
        self._show()

    @property
    def current(self) -> Any | None:
        return self.pairs[self.index] if self.pairs else None

    def _show(self) -> None:
        pair = self.current
        has = pair is not None
        for widget in (
            self.reason,
            self.card,
            self.merge_button,
            self.dismiss_button,
            self.skip_button,
        ):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        if pair is None:
            self.title.setText("Possible duplicates")
            return
        self.title.setText(f"Possible duplicates: {self.index + 1} of {len(self.pairs)}")
        self.reason.setText(f"{pair.first_name} and {pair.second_name}: {pair.reason}.")
        while (item := self.grid.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        proposal = merge.propose(self.journal, [pair.first_id, pair.second_id])
        bold = QFont(self.font())
        bold.setBold(True)
        for column, side in enumerate(
            sorted(proposal.sides, key=lambda s: s.person.id != pair.first_id)
        ):
            person = side.person
            name = QLabel(person.name)
            name.setFont(bold)
            self.grid.addWidget(name, 0, column)
            lines = [
                ", ".join(filter(None, (person.role, person.organisation))),
                *(c.value for c in person.channels[:3]),
                f"{plural(side.entries, 'entry')}; last in touch "
                + (
                    f"{person.last_contact_at.day} {person.last_contact_at:%b %Y}"
                    if person.last_contact_at
                    else "never"
                ),
            ]
            detail = QLabel("\n".join(line for line in lines if line))
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(detail, 1, column, Qt.AlignmentFlag.AlignTop)

    # -- answers -------------------------------------------------------------------------------

    def skip(self) -> None:
        if self.pairs:
            self.index = (self.index + 1) % len(self.pairs)
            self._show()

    def dismiss_current(self) -> None:
        pair = self.current
        if pair is None:
            return
        try:
            duplicate_review.dismiss(self.journal, pair.first_id, pair.second_id)
        except JournalError as exc:
            self.failed.emit(str(exc))
            return
        if self._push_undo is not None:
            self._push_undo(
                f"{pair.first_name} and {pair.second_name}: not the same person",
                lambda: self._undismiss(pair),
            )
        self.refresh()

    def _undismiss(self, pair: Any) -> None:
        duplicate_review.undismiss(self.journal, pair.first_id, pair.second_id)
        self.refresh()

    def merge_current(self) -> None:
        pair = self.current
        if pair is None:
            return
        try:
            self.dialog = MergeDialog(
                self.journal, [pair.first_id, pair.second_id], self, reason=pair.reason
            )
        except JournalError as exc:
            self.failed.emit(str(exc))
            self.refresh()
            return
        self.dialog.finished.connect(self._merge_closed)
        self.dialog.open()

    def _merge_closed(self, code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        result = dialog.merged if code == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if result is None:
            return
        if self._push_undo is not None:
            names = self.journal.person(result.survivor_id).name
            self._push_undo(f"Merged into {names}", lambda: self._undo_merge(result))
        self.merged.emit(result)
        self.refresh()

    def _undo_merge(self, result: merge.MergeResult) -> None:
        merge.undo(self.journal, result)
        self.refresh()

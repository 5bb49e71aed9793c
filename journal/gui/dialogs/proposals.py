"""The review right after saving an entry: what Rapport noticed, for the user to decide.

Each proposal is a row: a tick box saying what kind of change it is and whom it is about
(ticked when the reader is sure enough, see ``journal.core.reading.preticked``), the
wording to keep (editable for a new fact, a promise or a life event), and the sentence it
came from. Accept selected (Enter) applies what is ticked and sets the rest aside; Later
(Escape) leaves everything pending. Nothing is applied without the user's say: the
dialog only calls ``journal.core.proposals``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations
from journal.core import proposals as core
from journal.core.journal import Journal
from journal.core.operations import Change
from journal.core.proposals import Proposal
from journal.gui.desktop.operations import OpHost
from journal.gui.dialogs.saving import run_save
from journal.gui.widgets.common import MessageLabel, heading, muted, plural, text_label


class ProposalRow(QFrame):
    """One proposal: tick, wording, and the sentence it came from."""

    def __init__(self, proposal: Proposal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setObjectName("proposalRow")
        self.setFrameShape(QFrame.Shape.NoFrame)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 6)
        box.setSpacing(4)
        self.check = QCheckBox(core.heading(proposal))
        self.check.setObjectName("proposalCheck")
        self.check.setChecked(proposal.preticked)
        self.check.setAccessibleName(core.describe(proposal))
        box.addWidget(self.check)
        inner = QHBoxLayout()
        inner.setContentsMargins(26, 0, 0, 0)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.text: QLineEdit | None = None
        if proposal.editable:
            self.text = QLineEdit(proposal.text)
            self.text.setObjectName("proposalText")
            self.text.setAccessibleName(f"Wording to keep: {core.heading(proposal)}")
            self.text.textEdited.connect(lambda *_: self.check.setChecked(True))
            column.addWidget(self.text)
        quote = muted(text_label(f"“{proposal.sentence}”"))
        quote.setObjectName("proposalSentence")
        column.addWidget(quote)
        inner.addLayout(column, 1)
        box.addLayout(inner)

    def wording(self) -> str | None:
        return self.text.text() if self.text is not None else None


class ProposalReview(QDialog):
    """Review what an entry proposes; ``accepted`` and ``dismissed`` say what was done."""

    def __init__(
        self,
        journal: Journal,
        found: Sequence[Proposal],
        parent: QWidget | None = None,
        *,
        host: OpHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._host = host
        self.accepted_: list[Proposal] = []
        self.dismissed: list[Proposal] = []
        self.setObjectName("proposalReview")
        self.setWindowTitle("What Rapport noticed")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(heading(f"Noticed in your entry: {plural(len(found), 'change')}", 2))
        intro = muted(
            text_label(
                "Tick what is right and edit the wording if you like. Accept selected keeps "
                "what is ticked and sets the rest aside; Later keeps them all for another time."
            )
        )
        layout.addWidget(intro)
        rows = QWidget()
        rows_box = QVBoxLayout(rows)
        rows_box.setContentsMargins(0, 4, 0, 4)
        self.rows = [ProposalRow(p) for p in found]
        for n, row in enumerate(self.rows):
            if n:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                rows_box.addWidget(line)
            rows_box.addWidget(row)
        rows_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(rows)
        layout.addWidget(scroll, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.later_button = QPushButton("Later")
        self.later_button.setObjectName("proposalsLater")
        self.later_button.setToolTip("Keep them all for another time (Escape)")
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.reject)
        self.dismiss_button = QPushButton("&Dismiss all")
        self.dismiss_button.setObjectName("proposalsDismiss")
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.clicked.connect(self.dismiss_all)
        self.accept_button = QPushButton("&Accept selected")
        self.accept_button.setObjectName("proposalsAccept")
        self.accept_button.setToolTip("Keep what is ticked (Enter)")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_selected)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.accept_button)
        layout.addLayout(buttons)
        self.resize(640, min(rows.sizeHint().height() + 190, 660))
        if self.rows:
            first = self.rows[0]
            (first.text or first.check).setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_selected(self) -> None:
        """Apply the ticked proposals (with their wording); set the unticked aside: one
        operation, undone as one (Ctrl+Z)."""
        pending = [row for row in self.rows if row.proposal.state == "pending"]
        self._decide(
            [(r.proposal.id, r.wording()) for r in pending if r.check.isChecked()],
            [r.proposal.id for r in pending if not r.check.isChecked()],
        )

    def dismiss_all(self) -> None:
        pending = [row for row in self.rows if row.proposal.state == "pending"]
        self._decide([], [r.proposal.id for r in pending])

    def _decide(self, keep: list[tuple[str, str | None]], dismiss: list[str]) -> None:
        """Decide on the worker (``run_save``); close when it is done, or stay open
        with the wording as typed and the error."""
        run_save(
            self,
            self._host,
            self.journal,
            _decide,
            keep,
            dismiss,
            buttons=[self.accept_button, self.dismiss_button],
            show_error=self.message.show_error,
            success=self._decided,
        )

    def _decided(self, change: Change) -> None:
        accepted, dismissed = change.result
        self.accepted_.extend(accepted)
        self.dismissed.extend(dismissed)
        decided = {p.id: p for p in [*accepted, *dismissed]}
        for row in self.rows:
            if row.proposal.id in decided:
                row.proposal = decided[row.proposal.id]
                row.setEnabled(False)
        self.accept()

    def summary(self) -> str:
        """What the review did, for the window's notice bar."""
        if not self.accepted_:
            return "Nothing was changed." if self.dismissed else ""
        return _kept(self.accepted_)


def _kept(accepted: Sequence[Proposal]) -> str:
    return "Kept: " + "; ".join(core.describe_applied(p) for p in accepted) + "."


def _decide(
    journal: Journal, keep: Sequence[tuple[str, str | None]], dismiss: Sequence[str]
) -> Change:
    """On the worker: one step; its notice says what was kept ("Kept: ...")."""
    change = operations.decide_proposals(journal, keep, dismiss)
    accepted, _dismissed = change.result
    message = _kept(accepted) if accepted else f"{change.done} Nothing was changed."
    return dataclasses.replace(change, message=message)


def review_after_save(
    journal: Journal,
    entry_id: str,
    parent: QWidget | None,
    notify: Callable[[str], None],
    *,
    host: OpHost | None = None,
) -> ProposalReview | None:
    """Open the review of what ``entry_id`` proposes (None when it proposes nothing).

    With a ``host`` (the window) the decision's notice comes with its Undo; without
    one, ``notify`` is told what the review did."""
    found = core.pending_proposals(journal, entry_id=entry_id)
    return _open(journal, found, parent, notify, host)


def review_pending(
    journal: Journal,
    parent: QWidget | None,
    notify: Callable[[str], None],
    *,
    host: OpHost | None = None,
) -> ProposalReview | None:
    """Open the review of everything still pending (what was left for Later)."""
    return _open(journal, core.pending_proposals(journal), parent, notify, host)


def _open(
    journal: Journal,
    found: Sequence[Proposal],
    parent: QWidget | None,
    notify: Callable[[str], None],
    host: OpHost | None,
) -> ProposalReview | None:
    if not found:
        return None
    dialog = ProposalReview(journal, found, parent, host=host)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def summarise(*_: object) -> None:
        text = dialog.summary()
        if text:
            notify(text)

    if host is None:  # a host says it with the Undo (``run_op``)
        dialog.finished.connect(summarise)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


__all__ = ["ProposalReview", "ProposalRow", "review_after_save", "review_pending"]

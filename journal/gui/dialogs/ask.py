"""The question box: "Who could help with…?" (Ctrl+Shift+K, and the tray menu).

Type a need in your own words; the core (``journal.core.ask``) ranks the people in the
journal and says why for each one. From an answer: open the person, write to them (the
entry editor, with the question as its title), or note that they helped (a "received"
in the give-and-take ledger). The ranking runs on the worker; nothing here decides who
matches.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import ask as ask_core
from journal.gui.desktop import tasks

#: Typing pauses this long before the question is asked (Enter asks at once).
PAUSE_MS = 400
LIMIT = 8


class AskDialog(QDialog):
    """Ask the journal who could help; act on an answer."""

    #: The user chose to open this person's page.
    person_chosen = Signal(str)
    #: The user chose to write to this person about the question: (person id, question).
    write_chosen = Signal(str, str)

    def __init__(
        self,
        journal: Any,
        parent: QWidget | None = None,
        *,
        report: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._report = report
        self._generation = 0
        self._answers: list[ask_core.Answer] = []
        self.setWindowTitle("Who could help?")
        self.resize(620, 560)

        self.question = QLineEdit()
        self.question.setPlaceholderText(
            "Who could help with… (a translator for Japanese contracts, moving to Montreal)"
        )
        self.question.setClearButtonEnabled(True)
        self.question.setAccessibleName("What you need")
        self.status = QLabel(
            "Say what you need in your own words: Rapport looks at what people do, can help "
            "with and what you wrote about them."
        )
        self.status.setWordWrap(True)
        self.status.setObjectName("secondary")
        self.results = QListWidget()
        self.results.setAccessibleName("People who could help")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(False)
        self.results.setSpacing(4)

        self.open_button = QPushButton("&Open person")
        self.write_button = QPushButton("&Write to them")
        self.helped_button = QPushButton("They &helped")
        self.helped_button.setToolTip(
            "Note that this person helped with the question (a receive in the ledger)"
        )
        actions = QHBoxLayout()
        for button in (self.open_button, self.write_button, self.helped_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addLayout(actions)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.ask)
        self.question.textEdited.connect(lambda _text: self._timer.start())
        self.question.returnPressed.connect(self.ask)
        self.question.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.open_current())
        self.results.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.open_button.clicked.connect(self.open_current)
        self.write_button.clicked.connect(self.write_current)
        self.helped_button.clicked.connect(self.helped_current)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.write_current)
        self._update_buttons()
        # The word index is built while the user types; a failure here is the first
        # question's to report, in its words.
        tasks.run(lambda: ask_core.prepare(self.journal), on_error=lambda _error: None, owner=self)

    # asking ---------------------------------------------------------------------------

    def set_question(self, text: str) -> None:
        self.question.setText(text)
        self.ask()

    def ask(self) -> None:
        self._timer.stop()
        text = " ".join(self.question.text().split())
        self._generation += 1
        generation = self._generation
        if not text:
            self._show([], "")
            return
        self.status.setText("Looking…")
        tasks.run(
            lambda: ask_core.ask(self.journal, text, limit=LIMIT),
            on_done=lambda answers: self._answered(generation, text, answers),
            on_error=self._failed,
            owner=self,
        )

    def _answered(self, generation: int, text: str, answers: list[ask_core.Answer]) -> None:
        if generation == self._generation:
            self._show(answers, text)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("Rapport could not answer that just now.")
        if self._report is not None:
            self._report(exc)

    def _show(self, answers: list[ask_core.Answer], text: str) -> None:
        self._answers = answers
        self.results.clear()
        for answer in answers:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, answer.person_id)
            label = QLabel(_rich(answer, self._secondary()))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(8, 6, 8, 6)
            item.setSizeHint(label.sizeHint())
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _plain(answer))
        if not text:
            self.status.setText("Say what you need in your own words.")
        elif answers:
            count = "one person" if len(answers) == 1 else f"{len(answers)} people"
            self.status.setText(f"{count.capitalize()} could help with “{text}”, best first.")
            self.results.setCurrentRow(0)
        else:
            self.status.setText(
                f"No one in your journal matches “{text}” yet. Try other words (a field, a "
                "role, a place), or add what people can help with on their pages."
            )
        self._relayout()
        self._update_buttons()

    def _secondary(self) -> str:
        return self.palette().color(QPalette.ColorRole.PlaceholderText).name()

    def _relayout(self) -> None:
        width = max(200, self.results.viewport().width() - 12)
        for row in range(self.results.count()):
            item = self.results.item(row)
            widget = self.results.itemWidget(item)
            if isinstance(widget, QLabel):
                widget.setFixedWidth(width)
                item.setSizeHint(QSize(width, widget.heightForWidth(width)))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._relayout()

    # acting on an answer --------------------------------------------------------------

    def current(self) -> ask_core.Answer | None:
        row = self.results.currentRow()
        return self._answers[row] if 0 <= row < len(self._answers) else None

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        for button in (self.open_button, self.write_button, self.helped_button):
            button.setEnabled(chosen)

    def open_current(self) -> None:
        answer = self.current()
        if answer is not None:
            self.person_chosen.emit(answer.person_id)
            self.accept()

    def write_current(self) -> None:
        answer = self.current()
        if answer is not None:
            self.write_chosen.emit(answer.person_id, " ".join(self.question.text().split()))
            self.accept()

    def helped_current(self) -> None:
        answer = self.current()
        if answer is None:
            return
        question = " ".join(self.question.text().split())
        first = answer.name.split(" ")[0]
        tasks.run(
            lambda: ask_core.record_answered(self.journal, answer.person_id, question),
            on_done=lambda _r: self.status.setText(
                f"Noted: {first} helped with “{question}”. Giving back comes next."
            ),
            on_error=self._failed,
            owner=self,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.question and event.type() == QEvent.Type.KeyPress:
            down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
            if down and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(max(0, self.results.currentRow()))
                return True
        return super().eventFilter(watched, event)


def _plain(answer: ask_core.Answer) -> str:
    parts = [answer.name, "Why: " + "; ".join(answer.why) + ".", answer.closeness + "."]
    if answer.reciprocity:
        parts.append(answer.reciprocity)
    if answer.introducer is not None:
        parts.append(answer.introducer.sentence)
    return " ".join(parts)


def _rich(answer: ask_core.Answer, secondary: str) -> str:
    why = "; ".join(answer.why)
    lines = [
        f"<b>{html.escape(answer.name)}</b>",
        html.escape(why[:1].upper() + why[1:]) + ".",
        f"<span style='color: {secondary}'>{html.escape(answer.closeness)}.</span>",
    ]
    if answer.reciprocity:
        lines.append(html.escape(answer.reciprocity))
    if answer.introducer is not None:
        lines.append(f"<i>{html.escape(answer.introducer.sentence)}</i>")
    return "<br>".join(lines)

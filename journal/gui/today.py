"""Today: the reminder engine's check-in suggestions, each with what to say and why.

The engine decides who is due and phrases the suggestion; this page shows it and turns
the buttons into ``engine.act`` calls: Log check-in opens the entry editor with the
person picked (and marks the suggestion done once the entry is saved), Snooze hides it
until a date, Skip hides it this time. Upcoming birthdays and follow-ups sit beside.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.gui import tasks
from journal.gui.models import long_date, when_text
from journal.gui.shell import Shell
from journal.gui.widgets import Card, MessageLabel, heading, muted, text_label, user_message


class DatePicker(QDialog):
    """Pick the day a snoozed suggestion comes back."""

    def __init__(self, earliest: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze until")
        self.setObjectName("snoozeDatePicker")
        layout = QVBoxLayout(self)
        self.calendar = QCalendarWidget()
        self.calendar.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.calendar.setSelectedDate(self.calendar.minimumDate().addDays(13))
        self.calendar.setAccessibleName("Snooze until")
        layout.addWidget(self.calendar)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> date:
        return self.calendar.selectedDate().toPython()


class SuggestionCard(Card):
    """One suggestion: the sentence, the reason, and what can be done about it."""

    def __init__(self, suggestion: Any, page: TodayPage) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.setObjectName("suggestionCard")
        self.setAccessibleName(f"Suggestion: {suggestion.action}")
        action = heading(suggestion.action, 3)
        action.setObjectName("suggestionAction")
        self.layout_.addWidget(action)
        reason = muted(text_label(suggestion.reason))
        reason.setObjectName("suggestionReason")
        self.layout_.addWidget(reason)
        hints = []
        if getattr(suggestion, "prefer_call", False):
            hints.append("It has been a while: a call may be better than a message.")
        if getattr(suggestion, "give_first", False):
            hints.append("Lead with an offer: they have given more than they received.")
        for hint in hints:
            self.layout_.addWidget(muted(text_label(hint)))
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        log = QPushButton("Log check-in…")
        log.setObjectName("logCheckIn")
        log.setAccessibleName(f"Log check-in with {suggestion.person_name}")
        log.clicked.connect(lambda: page.log_check_in(suggestion))
        snooze = QToolButton()
        snooze.setObjectName("snooze")
        snooze.setText("Snooze")
        snooze.setAccessibleName(f"Snooze {suggestion.person_name}")
        snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(snooze)
        menu.setObjectName("snoozeMenu")
        today = page.today_date()
        menu.addAction("Until tomorrow", lambda: page.act(suggestion, "snooze",
                                                          today + timedelta(days=1)))
        menu.addAction("Until next week", lambda: page.act(suggestion, "snooze",
                                                           today + timedelta(days=7)))
        menu.addAction("Pick a date…", lambda: page.snooze_until_picked(suggestion))
        menu.addSeparator()
        menu.addAction("Stop suggesting them", lambda: page.act(suggestion, "mute"))
        snooze.setMenu(menu)
        self.snooze_menu = menu
        skip = QPushButton("Skip this time")
        skip.setObjectName("skip")
        skip.clicked.connect(lambda: page.act(suggestion, "skip"))
        open_person = QPushButton("Open person")
        open_person.setObjectName("openPerson")
        open_person.clicked.connect(lambda: page.shell.open_person(suggestion.person_id))
        for button in (log, snooze, skip, open_person):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        if getattr(suggestion, "offer_longer_cadence", False):
            longer = QPushButton("Suggest them less often")
            longer.setObjectName("longerCadence")
            longer.setToolTip("You skipped them a few times in a row: check in less often?")
            longer.clicked.connect(lambda: page.lengthen_cadence(suggestion))
            self.layout_.addWidget(muted(text_label(
                "You have skipped this a few times. Check in less often?")))
            self.layout_.addWidget(longer, 0, Qt.AlignmentFlag.AlignLeft)


class TodayPage(QWidget):
    loaded = Signal()

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.shell = shell
        self._journal = shell.journal
        self._dirty = True
        self._generation = 0
        self.suggestions: list[Any] = []
        self.picker: DatePicker | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(22, 16, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(heading("Today"))
        self.date_label = muted(text_label(""))
        layout.addWidget(self.date_label)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        left.addWidget(heading("Check-ins", 2))
        self.cards = QVBoxLayout()
        self.cards.setSpacing(10)
        left.addLayout(self.cards)
        left.addStretch(1)
        right = QVBoxLayout()
        self.upcoming_card = Card()
        self.upcoming_card.setObjectName("comingUp")
        self.upcoming_card.layout_.addWidget(heading("Coming up", 3))
        self.upcoming_rows = QVBoxLayout()
        self.upcoming_card.layout_.addLayout(self.upcoming_rows)
        right.addWidget(self.upcoming_card)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)
        shell.events.changed.connect(self._journal_changed)

    def today_date(self) -> date:
        return self._journal.clock.today()

    # loading ------------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._dirty:
            self.reload()

    def _journal_changed(self, _kind: str, _ids: list) -> None:
        self._dirty = True
        if self.isVisible():
            QTimer.singleShot(0, lambda: self.reload() if self._dirty else None)

    def reload(self) -> None:
        self._dirty = False
        self._generation += 1
        generation = self._generation
        journal = self._journal

        def work() -> tuple[list[Any], list[Any]]:
            from journal.core import engine

            return engine.today(journal), engine.upcoming(journal, days=30)

        tasks.run(work, on_done=lambda result: self._show(generation, *result),
                  on_error=lambda exc: self._failed(generation, exc), owner=self)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.message.show_error(user_message(exc))
        self.loaded.emit()

    def _show(self, generation: int, suggestions: list[Any], upcoming: list[Any]) -> None:
        if generation != self._generation:
            return
        self.message.clear_message()
        today = self.today_date()
        self.date_label.setText(long_date(today))
        _clear(self.cards)
        self.suggestions = [s for s in suggestions if not getattr(s, "capped", False)]
        for suggestion in self.suggestions:
            self.cards.addWidget(SuggestionCard(suggestion, self))
        capped = len(suggestions) - len(self.suggestions)
        if not self.suggestions:
            empty = muted(text_label(
                "Nobody needs a check-in today. Write about a recent meeting (Ctrl+N), or "
                "look through People for someone you miss."))
            empty.setObjectName("todayEmpty")
            self.cards.addWidget(empty)
        if capped:
            self.cards.addWidget(muted(text_label(
                f"{capped} more {'is' if capped == 1 else 'are'} due; Rapport keeps the "
                "day's list short. Change the daily number in Settings.")))
        self._show_upcoming(upcoming, today)
        self.loaded.emit()

    def _show_upcoming(self, upcoming: list[Any], today: date) -> None:
        _clear(self.upcoming_rows)
        for item in upcoming:
            when = getattr(item, "on", None) or getattr(item, "due_on", None)
            text = getattr(item, "text", None) or getattr(item, "action", "")
            label = text_label(f"{when_text(when, today)}: {text}" if when else text)
            label.setObjectName("upcomingItem")
            self.upcoming_rows.addWidget(label)
        if not upcoming:
            self.upcoming_rows.addWidget(muted(text_label(
                "No birthdays or follow-ups in the next weeks.")))

    # actions --------------------------------------------------------------------------------

    def act(self, suggestion: Any, action: str, until: date | None = None) -> None:
        from journal.core import engine

        try:
            engine.act(self._journal, suggestion, action, until=until)
        except Exception as exc:
            self.shell.report(exc)
            return
        words = {"snooze": f"Snoozed until {long_date(until)}" if until else "Snoozed",
                 "skip": "Skipped", "mute": "No more suggestions for", "done": "Done:"}
        self.shell.notify(f"{words.get(action, action)}: {suggestion.person_name}."
                          if action != "done" else f"Checked in with {suggestion.person_name}.")
        self.reload()

    def snooze_until_picked(self, suggestion: Any) -> None:
        self.picker = DatePicker(self.today_date() + timedelta(days=1), self)
        self.picker.accepted.connect(
            lambda: self.act(suggestion, "snooze", self.picker.chosen() if self.picker
                             else None))
        self.picker.open()

    def log_check_in(self, suggestion: Any) -> None:
        def saved(_entry_id: str) -> None:
            from journal.core import engine

            try:
                engine.act(self._journal, suggestion, "done")
            except Exception as exc:
                self.shell.report(exc)
            self.reload()

        self.shell.new_entry([suggestion.person_id],
                             title=f"Check-in with {suggestion.person_name}",
                             on_saved=saved)

    def lengthen_cadence(self, suggestion: Any) -> None:
        from journal.core import engine

        try:
            engine.accept_longer_cadence(self._journal, suggestion)
        except Exception as exc:
            self.shell.report(exc)
            return
        self.reload()


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()

"""Today: the reminder engine's check-in suggestions, each with what to say and why.

The engine decides who is due and phrases the suggestion; this page shows it and turns
the buttons into ``engine.act`` calls: Log check-in opens the entry editor with the
person picked (and marks the suggestion done once the entry is saved), Snooze hides it
until a date, Skip hides it this time. Upcoming birthdays and follow-ups sit beside.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import agenda, operations
from journal.core.agenda import AgendaItem
from journal.core.wording import every
from journal.gui import icons
from journal.gui.desktop import tasks
from journal.gui.desktop.operations import run_op
from journal.gui.pages.base import Page
from journal.gui.pages.reflect import ReflectList
from journal.gui.shell import Shell
from journal.gui.widgets.common import (
    Card,
    MenuButton,
    MessageLabel,
    discard,
    heading,
    muted,
    plural,
    text_label,
    to_date,
)
from journal.gui.widgets.models import long_date, when_text


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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> date:
        return to_date(self.calendar.selectedDate())


KIND_LABELS = {
    "follow_up": "Promise",
    "birthday": "Birthday",
    "first_meeting": "After a first meeting",
    "thread": "Follow a thread",
    "anniversary": "Anniversary",
    "cadence": "Check-in",
    "reconnect": "Reconnect",
}
UPCOMING_DAYS = 14
UPCOMING_SHOWN = 12


class SuggestionCard(Card):
    """One suggestion: the sentence, the reason, and what can be done about it."""

    def __init__(self, suggestion: Any, page: TodayPage) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.setObjectName("suggestionCard")
        self.setAccessibleName(f"Suggestion: {suggestion.action}")
        # The tag and the reason are read, not copied: plain labels draw in two thirds
        # of the time of selectable ones (a Today of twenty cards). The sentence and
        # what to offer, words the user may paste into a message, stay selectable.
        tag = muted(
            text_label(
                f"{KIND_LABELS.get(suggestion.kind, suggestion.kind)} · {suggestion.person_name}",
                wrap=False,
                selectable=False,
            )
        )
        tag.setObjectName("suggestionKind")
        self.layout_.addWidget(tag)
        action = heading(suggestion.action, 3)
        action.setObjectName("suggestionAction")
        self.layout_.addWidget(action)
        reason = muted(text_label(suggestion.reason, selectable=False))
        reason.setObjectName("suggestionReason")
        self.layout_.addWidget(reason)
        if suggestion.give_first:
            give = text_label(suggestion.give_first)
            give.setObjectName("giveFirst")
            self.layout_.addWidget(give)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        log = QPushButton("Log check-in…")
        log.setObjectName("logCheckIn")
        log.setAccessibleName(f"Log check-in with {suggestion.person_name}")
        log.clicked.connect(lambda: page.log_check_in(suggestion))
        snooze = MenuButton("Snooze", fill_menu=lambda menu: self._fill_snooze(menu, page))
        snooze.setObjectName("snooze")
        snooze.setAccessibleName(f"Snooze {suggestion.person_name}")
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
        if suggestion.offer_longer_cadence:
            days = suggestion.offer_longer_cadence
            self.layout_.addWidget(
                muted(
                    text_label(
                        f"You have skipped {suggestion.person_name} a few times in a row. Check in "
                        f"{every(days)} instead?"
                    )
                )
            )
            offer = QHBoxLayout()
            longer = QPushButton(f"Every {days} days")
            longer.setObjectName("longerCadence")
            longer.clicked.connect(lambda: page.answer_longer_cadence(suggestion, True))
            keep = QPushButton("Keep as it is")
            keep.setObjectName("keepCadence")
            keep.clicked.connect(lambda: page.answer_longer_cadence(suggestion, False))
            offer.addWidget(longer)
            offer.addWidget(keep)
            offer.addStretch(1)
            self.layout_.addLayout(offer)

    def _fill_snooze(self, menu: QMenu, page: TodayPage) -> None:
        suggestion = self.suggestion
        menu.setObjectName("snoozeMenu")
        today = page.today_date()
        menu.addAction(
            "Until tomorrow", lambda: page.act(suggestion, "snooze", today + timedelta(days=1))
        )
        menu.addAction(
            "Until next week", lambda: page.act(suggestion, "snooze", today + timedelta(days=7))
        )
        menu.addAction("Pick a date…", lambda: page.snooze_until_picked(suggestion))
        menu.addSeparator()
        menu.addAction("Stop suggesting them", lambda: page.act(suggestion, "mute"))


class IntroductionCard(Card):
    """The week's "Who should meet?": two people whose need and offer match, and the
    user's answer (made it, not these two, not this week). At most one a week."""

    def __init__(self, intro: Any, page: TodayPage) -> None:
        super().__init__()
        self.intro = intro
        self.setObjectName("introductionCard")
        self.setAccessibleName(f"Who should meet: {intro.sentence}")
        self.layout_.addWidget(heading("Who should meet?", 3))
        sentence = text_label(intro.sentence)
        sentence.setObjectName("introductionSentence")
        self.layout_.addWidget(sentence)
        self.layout_.addWidget(
            muted(text_label("Introducing them is a give to both. One suggestion a week."))
        )
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for label, name, action in (
            ("I introduced them", "introduced", "introduced"),
            ("Not these two", "notTheseTwo", "never"),
            ("Dismiss", "dismissIntroduction", "dismiss"),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, a=action: page.answer_introduction(intro, a))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)


@dataclass(frozen=True)
class TodayData:
    """What one load of Today found."""

    suggestions: list[Any]
    #: Everyone in the journal, archived too: none means the first steps are shown.
    people: int
    introduction: Any
    upcoming: list[AgendaItem]
    #: The week's introduction is not worked out yet: it is, after these are shown.
    introduction_pending: bool = False
    #: The first load of the window, the one that ends the start.
    first: bool = False


class TodayPage(Page):
    """Every change can move a suggestion (an entry, a snooze, a birthday edited), so
    Today shows every kind."""

    #: How long after Today is shown the week's introduction is worked out, when it is not
    #: kept yet (``_work_out_introduction``).
    INTRODUCTION_AFTER_MS = 15_000

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("todayPage")
        self._journal = shell.journal
        self.suggestions: list[Any] = []
        self.picker: DatePicker | None = None
        #: The first load ends the start: what opening and Today read is given back.
        self._first_load = True

        layout = self.scroll_column(spacing=10)
        top = QHBoxLayout()
        top.addWidget(heading("Today"))
        top.addStretch(1)
        self.count = muted(text_label("", wrap=False))
        self.count.setObjectName("suggestionCount")
        top.addWidget(self.count)
        layout.addLayout(top)
        self.date_label = muted(text_label(""))
        layout.addWidget(self.date_label)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        left.setSpacing(8)  # not the columns' 18 (a nested layout inherits it)
        left.addWidget(heading("Check-ins", 2))
        left.addWidget(
            muted(
                text_label(
                    "Promises and birthdays first, then the people it is time to get back to."
                )
            )
        )
        self.cards = QVBoxLayout()
        self.cards.setSpacing(10)
        left.addLayout(self.cards)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(8)
        self.reflect = ReflectList(shell)  # meetings from the calendar, hidden when none
        right.addWidget(self.reflect)
        self.introduction_slot = QVBoxLayout()  # the week's "Who should meet?", when any
        right.addLayout(self.introduction_slot)
        self.introduction: IntroductionCard | None = None
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

    def _first_steps(self) -> QWidget:
        """An empty journal: say what Today will hold and offer the two ways to start."""
        card = Card()
        card.setObjectName("todayEmpty")
        card.layout_.addWidget(heading("Start with the people you care about", 3))
        card.layout_.addWidget(
            muted(
                text_label(
                    "Your journal is empty. Add a person, or bring in your contacts from a "
                    "phone or LinkedIn export; check-ins will show here when it is time."
                )
            )
        )
        row = QHBoxLayout()
        add = QPushButton("&Add a person…")
        add.setObjectName("firstAddPerson")
        add.setIcon(icons.icon("add-person"))
        add.setDefault(True)
        add.clicked.connect(lambda: getattr(self.shell, "add_person", lambda: None)())
        row.addWidget(add)
        bring = QPushButton("&Import contacts…")
        bring.setObjectName("firstImport")
        bring.setIcon(icons.icon("import"))
        bring.clicked.connect(lambda: getattr(self.shell, "import_contacts", lambda: None)())
        row.addWidget(bring)
        row.addStretch(1)
        card.layout_.addLayout(row)
        return card

    def today_date(self) -> date:
        return self._journal.clock.today()

    # loading ------------------------------------------------------------------------------

    def request(self) -> bool:
        """Whether this load is the first (the one that ends the start)."""
        first, self._first_load = self._first_load, False
        return first

    def load(self, request: bool) -> TodayData:
        """The suggestions, what is coming up and the week's introduction if it is
        already worked out (worker); if not, it is worked out after the check-ins are on
        screen (``_work_out_introduction``: it reads every offer in the journal).

        After the first load is shown, the memory the start used is given back (about
        10 MB of decrypted pages on a 10,000-person journal, ``Journal.release_memory``,
        on the worker while the cards are drawn): the window then waits with what it
        shows, and the next read decrypts again."""
        from journal.core import engine, introductions

        journal = self.journal
        ready = introductions.worked_out(journal)
        data = TodayData(
            suggestions=engine.today(journal),
            people=journal.people_count(),
            introduction=engine.introduction(journal) if ready else None,
            upcoming=agenda.coming_up(journal, days=UPCOMING_DAYS),
            introduction_pending=not ready,
            first=request,
        )
        return data

    def reload(self) -> None:
        self.reflect.reload()  # the calendar's meetings load themselves
        super().reload()

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_data(self, data: TodayData) -> None:
        if data.first:
            tasks.run(self.journal.release_memory, owner=self)
        self._show_introduction(data.introduction)
        self._show(data.suggestions, data.people)
        self._show_upcoming(data.upcoming)
        if data.introduction_pending:
            self._work_out_introduction()

    def _work_out_introduction(self) -> None:
        """The week's introduction, worked out on the worker once the check-ins are on
        screen; its card appears when found (unless Today loaded again meanwhile)."""
        from journal.core import engine

        journal, generation = self.journal, self.generation

        def found(intro: Any) -> None:
            if generation == self.generation:
                self._show_introduction(intro)

        def start() -> None:
            if generation == self.generation and journal.is_open:
                # On the upkeep worker: pages loading meanwhile must not queue behind it.
                tasks.run(
                    lambda: engine.introduction(journal),
                    on_done=found,
                    owner=self,
                    housekeeping=True,
                )

        # Not at once either: it holds the interpreter for seconds (50k people: 8 s of
        # CPU), which the first pages a user opens after a launch would wait for.
        QTimer.singleShot(self.INTRODUCTION_AFTER_MS, self, start)

    def _show(self, suggestions: list[Any], people: int = 1) -> None:
        self.message.clear_message()
        today = self.today_date()
        self.date_label.setText(long_date(today))
        _clear(self.cards)
        self.suggestions = list(suggestions)
        for suggestion in self.suggestions:
            self.cards.addWidget(SuggestionCard(suggestion, self))
        if not self.suggestions and people == 0:
            self.cards.addWidget(self._first_steps())
        elif not self.suggestions:
            empty = muted(
                text_label(
                    "Nobody needs a check-in today. Write about a recent meeting (Ctrl+N), or "
                    "look through People for someone you miss."
                )
            )
            empty.setObjectName("todayEmpty")
            self.cards.addWidget(empty)
        self.count.setText(plural(len(self.suggestions), "suggestion") if self.suggestions else "")
        if self.suggestions:  # logged for the insights, after they are on screen
            from journal.core import engine

            shown, journal = list(self.suggestions), self.journal
            tasks.run(lambda: engine.mark_shown(journal, shown), owner=self)

    def _show_introduction(self, intro: Any) -> None:
        _clear(self.introduction_slot)
        self.introduction = None
        if intro is not None:
            self.introduction = IntroductionCard(intro, self)
            self.introduction_slot.addWidget(self.introduction)

    def answer_introduction(self, intro: Any, action: str) -> None:
        """The user's answer to the week's introduction; the card goes either way."""

        def answered(_change: Any) -> None:
            _clear(self.introduction_slot)
            self.introduction = None

        run_op(
            self.shell,
            self._journal,
            operations.answer_introduction,
            intro,
            action,
            success=answered,
            owner=self,
        )

    def _show_upcoming(self, upcoming: list[AgendaItem]) -> None:
        today = self.today_date()
        _clear(self.upcoming_rows)
        for item in upcoming[:UPCOMING_SHOWN]:
            who = (
                f"<a href='person:{item.person_id}'>{html.escape(item.person_name)}</a>: "
                if item.person_id
                else ""
            )
            label = QLabel(
                f"<b>{html.escape(when_text(item.on, today))}</b> · {who}{html.escape(item.text)}"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setObjectName("upcomingItem")
            label.setAccessibleName(
                f"{when_text(item.on, today)}, {item.person_name or 'no one'}: {item.text}"
            )
            label.linkActivated.connect(lambda link: self.shell.open_person(link[7:]))
            self.upcoming_rows.addWidget(label)
        if len(upcoming) > UPCOMING_SHOWN:
            self.upcoming_rows.addWidget(
                muted(
                    text_label(
                        f"and {len(upcoming) - UPCOMING_SHOWN:,} more in the next {UPCOMING_DAYS} "
                        "days."
                    )
                )
            )
        if not upcoming:
            self.upcoming_rows.addWidget(
                muted(
                    text_label(
                        f"No birthdays or promised follow-ups in the next {UPCOMING_DAYS} days."
                    )
                )
            )

    # actions --------------------------------------------------------------------------------

    def act(self, suggestion: Any, action: str, until: date | None = None) -> None:
        run_op(self.shell, self._journal, operations.act, suggestion, action, until)

    def snooze_until_tomorrow(self, suggestion: Any) -> None:
        """ "Later" from a notification, with the window open."""
        run_op(self.shell, self._journal, operations.snooze_until_tomorrow, suggestion)

    def snooze_until_picked(self, suggestion: Any) -> None:
        self.picker = DatePicker(self.today_date() + timedelta(days=1), self)
        self.picker.accepted.connect(
            lambda: self.act(suggestion, "snooze", self.picker.chosen() if self.picker else None)
        )
        self.picker.open()

    def log_check_in(self, suggestion: Any) -> None:
        """Open the editor with the person picked; saving the entry marks it done."""
        from journal.core.model import EntryKind

        def saved(_entry_id: str) -> None:
            run_op(self.shell, self._journal, operations.act, suggestion, "done")

        self.shell.new_entry(
            [suggestion.person_id],
            title=f"Check-in with {suggestion.person_name}",
            kind=EntryKind.CALL if suggestion.prefer_call else EntryKind.MESSAGE,
            hint=suggestion.action,
            on_saved=saved,
        )

    def answer_longer_cadence(self, suggestion: Any, accept: bool) -> None:
        days = suggestion.offer_longer_cadence if accept else None
        run_op(
            self.shell, self._journal, operations.answer_longer_cadence, suggestion.person_id, days
        )


def _clear(layout: QVBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            discard(widget)

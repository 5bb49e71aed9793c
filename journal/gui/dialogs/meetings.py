"""Meetings on screen: the brief before one, the reflection after one (the editor, filled
in), and the Calendar section of Settings. Today's "To reflect on" list is
``journal.gui.pages.reflect``.

Everything is asked of the core (``journal.core.brief``, ``journal.core.calendar``); the
widgets show the answers and turn clicks into core calls on the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.core import brief as brief_core
from journal.core import operations
from journal.core.calendar import meetings, prompts
from journal.core.capture import Attendee, Capture
from journal.core.journal import Journal
from journal.core.operations import Change
from journal.gui.desktop import tasks
from journal.gui.desktop.operations import run_op
from journal.gui.shell import Shell
from journal.gui.widgets.common import Card, MessageLabel, heading, muted, text_label, user_message


def open_reflection(shell: Shell, meeting_id: str) -> None:
    """ "How was lunch with Kwame?": the entry editor with the people, time, place and
    title filled in; saving it resolves the meeting (it then counts as contact)."""
    journal = shell.journal
    draft = meetings.entry_draft(journal, meeting_id)
    names = {p.id: p.display_name for p in journal.people(draft.people)}
    capture = Capture(
        occurred_at=draft.occurred_at,
        attendees=[Attendee(names[i], i) for i in draft.people if i in names],
        title=draft.title,
        kind=draft.kind,
        place=draft.place,
    )

    def saved(entry_id: str) -> None:
        # The entry itself is its own step; this one only marks the meeting answered.
        run_op(shell, journal, operations.meeting_reflected, meeting_id, entry_id, notice=False)

    shell.new_entry(draft.people, capture=capture, on_saved=saved)


# -- the brief ------------------------------------------------------------------------------


class BriefView(QWidget):
    """One brief per person in the meeting, on one page, with the meeting's attendees
    who are not (or not surely) in the journal below: confirm a name, or add them."""

    loaded = Signal()

    def __init__(self, shell: Shell, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefView")
        self.shell = shell
        self.meeting_id = meeting_id
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        self.layout_ = QVBoxLayout(content)
        self.layout_.setContentsMargins(18, 14, 18, 12)
        self.layout_.setSpacing(10)
        self.title = heading("", 1)
        self.title.setObjectName("briefTitle")
        self.layout_.addWidget(self.title)
        self.where = muted(text_label(""))
        self.where.setObjectName("briefWhere")
        self.layout_.addWidget(self.where)
        self.message = MessageLabel()
        self.layout_.addWidget(self.message)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        self.layout_.addLayout(self.body)
        self.layout_.addStretch(1)
        self.cards: list[Card] = []
        self.reload()

    def reload(self) -> None:
        journal, mid = self.shell.journal, self.meeting_id

        def work() -> tuple[meetings.Meeting, list[brief_core.PersonBrief]]:
            return meetings.meeting(journal, mid), brief_core.meeting_briefs(journal, mid)

        tasks.run(work, on_done=self._show, on_error=self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(user_message(exc))
        self.loaded.emit()

    def _show(self, result: tuple[meetings.Meeting, list[brief_core.PersonBrief]]) -> None:
        found, briefs = result
        _clear(self.body)
        self.cards = []
        self.title.setText(prompts.brief_text(found).title)
        self.where.setText(found.location)
        self.where.setVisible(bool(found.location))
        today = self.shell.journal.clock.today()
        for b in briefs:
            card = _brief_card(b, today)
            self.cards.append(card)
            self.body.addWidget(card)
        if not briefs:
            self.body.addWidget(muted(text_label("Nobody in this meeting is in your journal yet.")))
        others = [a for a in found.attendees if a.person_id is None]
        if others:
            card = Card()
            card.setObjectName("briefOthers")
            card.layout_.addWidget(heading("Also in this meeting", 3))
            for a in others:
                card.layout_.addLayout(self._attendee_row(found, a))
            self.body.addWidget(card)
        self.loaded.emit()

    def _attendee_row(self, found: meetings.Meeting, a: meetings.MeetingAttendee) -> QHBoxLayout:
        row = QHBoxLayout()
        label = a.name + (f" <{a.email}>" if a.name and a.email else a.email)
        row.addWidget(text_label(label), 1)
        candidate_id = a.candidate_id
        if candidate_id:
            question = muted(text_label(f"Is this {a.candidate_name} from your journal?"))
            row.addWidget(question)
            yes = QPushButton("Yes, same person")
            yes.setObjectName("confirmSame")
            yes.setAccessibleName(f"Yes, {a.name} is {a.candidate_name}")
            yes.clicked.connect(
                lambda: self._do(operations.confirm_attendee, a.name, candidate_id, True)
            )
            no = QPushButton("No")
            no.setObjectName("confirmNotSame")
            no.setAccessibleName(f"No, {a.name} is someone else")
            no.clicked.connect(
                lambda: self._do(operations.confirm_attendee, a.name, candidate_id, False)
            )
            row.addWidget(yes)
            row.addWidget(no)
        else:
            add = QPushButton("Add to journal")
            add.setObjectName("addAttendee")
            add.setAccessibleName(f"Add {a.label} to the journal")
            add.clicked.connect(lambda: self._do(operations.add_attendee, found.id, a.position))
            row.addWidget(add)
        return row

    def _do(self, fn: Callable[..., Change], *args: Any) -> None:
        run_op(
            self.shell,
            self.shell.journal,
            fn,
            *args,
            success=lambda _c: self.reload(),
            failure=self._failed,
            owner=self,
        )


def _brief_card(b: brief_core.PersonBrief, today: Any) -> Card:
    card = Card()
    card.setObjectName("briefCard")
    card.setAccessibleName(f"Brief: {b.name}")
    card.layout_.addWidget(heading(b.name, 2))
    # The lines before the first section: circle, organisation, how you met, last in touch.
    header: list[str] = []
    for line in brief_core.format_brief(b, today).splitlines()[1:]:
        if not line.strip():
            break
        header.append(line.strip())
    about = muted(text_label("\n".join(header)))
    about.setObjectName("briefAbout")
    card.layout_.addWidget(about)
    for title, items in brief_core.brief_sections(b):
        section = heading(title, 3)
        section.setObjectName("briefSection")
        card.layout_.addWidget(section)
        body = text_label("\n".join(f"•  {item}" for item in items))
        card.layout_.addWidget(body)
    return card


class BriefDialog(QDialog):
    """The brief a notification opens, beside the main window (not modal)."""

    def __init__(self, shell: Shell, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefDialog")
        self.setWindowTitle("Brief")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(620, 720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.view = BriefView(shell, meeting_id, self)
        self.view.title.setObjectName("briefTitle")
        self.view.loaded.connect(lambda: self.setWindowTitle(self.view.title.text() or "Brief"))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(0, 0, 12, 0)
        layout.addWidget(buttons)


# -- Settings → Calendar -----------------------------------------------------------------------


class CalendarTab(QWidget):
    """Which calendar files to read, the user's own addresses, and when to prompt."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarTab")
        self._journal = journal
        current = meetings.load_settings(journal)
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted(
                text_label(
                    "Rapport reads calendar files already on this computer (.ics files, or "
                    "folders of them) and never connects to a calendar service. It keeps "
                    "only the time, title, place and who was there, encrypted in the journal."
                )
            )
        )
        self.sources = QListWidget()
        self.sources.setObjectName("calendarSources")
        self.sources.setAccessibleName("Calendar files and folders")
        self.sources.addItems(current.sources)
        self.sources.setMaximumHeight(110)
        layout.addWidget(self.sources)
        # An empty box said nothing: the list shows once there is a calendar in it.
        self.no_sources = text_label(
            "No calendar yet. Add the .ics file your calendar app exports, or the folder "
            "it keeps its calendars in; Rapport then offers a brief before you meet someone."
        )
        self.no_sources.setObjectName("noCalendars")
        layout.addWidget(self.no_sources)
        row = QHBoxLayout()
        add_file = QPushButton("Add file…")
        add_file.setObjectName("addCalendarFile")
        add_file.clicked.connect(self._add_file)
        add_folder = QPushButton("Add folder…")
        add_folder.setObjectName("addCalendarFolder")
        add_folder.clicked.connect(self._add_folder)
        remove = QPushButton("Remove")
        remove.setObjectName("removeCalendar")
        remove.clicked.connect(self._remove)
        self.remove = remove
        self.sources.itemSelectionChanged.connect(self._update_sources)
        for button in (add_file, add_folder, remove):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self._update_sources()
        form = QFormLayout()
        self.own = QLineEdit(", ".join(current.own_emails))
        self.own.setObjectName("ownEmails")
        self.own.setPlaceholderText("you@example.org, you@work.example")
        form.addRow("Your addresses:", self.own)
        self.briefs = QCheckBox("A brief before meeting someone in the journal")
        self.briefs.setObjectName("briefsOn")
        self.briefs.setChecked(current.briefs)
        form.addRow(self.briefs)
        self.lead = QSpinBox()
        self.lead.setObjectName("briefMinutes")
        self.lead.setRange(1, 240)
        self.lead.setSuffix(" minutes before")
        self.lead.setValue(current.brief_minutes)
        form.addRow("Brief:", self.lead)
        self.reflections = QCheckBox("Ask how it went after a meeting")
        self.reflections.setObjectName("reflectionsOn")
        self.reflections.setChecked(current.reflections)
        form.addRow(self.reflections)
        self.per_day = QSpinBox()
        self.per_day.setObjectName("promptsPerDay")
        self.per_day.setRange(0, 20)
        self.per_day.setSuffix(" a day at most")
        self.per_day.setValue(current.prompts_per_day)
        form.addRow("Reflection prompts:", self.per_day)
        layout.addLayout(form)
        layout.addWidget(
            muted(
                text_label(
                    "Neither comes in quiet hours. Where calendars live: see the README's "
                    "“Meetings from your calendar”."
                )
            )
        )
        self.message = MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Add a calendar file", "", "Calendar files (*.ics *.ical);;All files (*)"
        )
        if path:
            self.add_path(path)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a folder of calendar files")
        if path:
            self.add_path(path)

    def _update_sources(self) -> None:
        """The list, or what to do when it is empty; Remove only with something chosen."""
        empty = self.sources.count() == 0
        self.sources.setVisible(not empty)
        self.no_sources.setVisible(empty)
        self.remove.setEnabled(bool(self.sources.selectedItems()))

    def add_path(self, path: str) -> None:
        if path not in self.paths():
            self.sources.addItem(path)
        self._update_sources()

    def paths(self) -> list[str]:
        return [self.sources.item(i).text() for i in range(self.sources.count())]

    def _remove(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._update_sources()

    def value(self) -> meetings.CalendarSettings:
        emails = [e.strip().lower() for e in self.own.text().replace(";", ",").split(",")]
        return meetings.CalendarSettings(
            sources=self.paths(),
            own_emails=[e for e in emails if e],
            brief_minutes=self.lead.value(),
            briefs=self.briefs.isChecked(),
            reflections=self.reflections.isChecked(),
            prompts_per_day=self.per_day.value(),
        )

    def checked_value(self) -> meetings.CalendarSettings | None:
        """The section to save, or None (and a sentence) when an address is not one.
        Settings saves it with the rest, as one step (``operations.save_all_settings``)."""
        value = self.value()
        bad = [e for e in value.own_emails if "@" not in e]
        if bad:
            self.message.show_error(f"{bad[0]!r} is not an email address.")
            return None
        self.message.clear_message()
        return value


def _clear(layout: QLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif (inner := item.layout()) is not None:
            _clear(inner)

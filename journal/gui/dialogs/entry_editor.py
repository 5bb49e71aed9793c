"""The entry editor, made for the minutes after a meeting.

Pick who was there (a completer over the journal; an unknown name is added as a new
person when the entry is saved), the date defaults to now, write what happened, and
optionally answer the guided prompts for each person. Everything typed is kept as a
draft inside the encrypted journal within a second, so a crash or a lock loses nothing.
Ctrl+Enter saves; Escape closes and keeps the draft.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import capture as capture_core
from journal.core import operations
from journal.core.capture import PROMPTS, Attendee, Capture
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.model import Entry, EntryKind
from journal.core.wording import plural
from journal.gui.dialogs.saving import is_saving, run_save
from journal.gui.shell import Shell
from journal.gui.widgets.common import (
    MessageLabel,
    OptionalDate,
    discard,
    muted,
    text_label,
    to_datetime,
    user_message,
)
from journal.gui.widgets.models import PeopleCompleter

log = logging.getLogger(__name__)

NEW_DRAFT_ID = "entry-editor:new"
AUTOSAVE_MS = 700


def draft_id_for(entry_id: str | None) -> str:
    return f"entry-editor:{entry_id}" if entry_id else NEW_DRAFT_ID


class AnswersForm(QWidget):
    """The guided prompts about one person."""

    changed = Signal()

    def __init__(
        self, attendee: Attendee, default_due: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attendee = attendee
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QLineEdit] = {}
        answers = attendee.answers
        for prompt in PROMPTS:
            edit = QLineEdit(getattr(answers, prompt.key))
            edit.setObjectName(f"prompt-{prompt.key}")
            edit.setPlaceholderText(prompt.placeholder)
            edit.setAccessibleName(f"{prompt.question} ({attendee.name})")
            edit.textChanged.connect(self._store)
            self.fields[prompt.key] = edit
            if prompt.key == "follow_up":
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                self.due = OptionalDate(
                    "by",
                    "Follow-up due date",
                    answers.follow_up_due,
                    (default_due + timedelta(days=7)).date(),
                )
                self.due.changed.connect(self._store)
                row.addWidget(self.due)
                label = QLabel(prompt.question)
                label.setBuddy(edit)
                form.addRow(label, row)
            else:
                label = QLabel(prompt.question)
                label.setBuddy(edit)
                form.addRow(label, edit)

    def _store(self, *_args: object) -> None:
        for key, edit in self.fields.items():
            setattr(self.attendee.answers, key, edit.text())
        self.attendee.answers.follow_up_due = self.due.value()
        self.changed.emit()


class EntryEditor(QDialog):
    """Write a new entry (with guided prompts) or edit an existing one."""

    saved = Signal(str)  # entry id

    def __init__(
        self,
        shell: Shell,
        *,
        capture: Capture | None = None,
        entry: Entry | None = None,
        parent: QWidget | None = None,
        on_saved: Callable[[str], None] | None = None,
        draft_id: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(parent)
        self._shell = shell
        self._journal = shell.journal
        self._entry = entry
        self._saving_done = False
        #: The review of what the saved entry proposes (see ``proposals_review``).
        self.review: QDialog | None = None
        self.draft_id = draft_id or draft_id_for(entry.id if entry else None)
        self.setObjectName("entryEditor")
        self.setWindowTitle("Edit entry" if entry else "New entry")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.resize(880, 640)
        if on_saved:
            self.saved.connect(on_saved)
        if capture is None:
            capture = (
                self._capture_of(entry) if entry else Capture(occurred_at=self._journal.clock.now())
            )
        self.attendees: list[Attendee] = list(capture.attendees)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        if hint:  # what Today suggested saying, kept in view while writing
            self.hint = muted(text_label(f"Suggested: {hint}"))
            self.hint.setObjectName("suggestionHint")
            layout.addWidget(self.hint)

        people_row = QHBoxLayout()
        who = QLabel("&Who was there:")
        people_row.addWidget(who)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        people_row.addLayout(self.chips)
        self.person_input = QLineEdit()
        self.person_input.setObjectName("personInput")
        self.person_input.setPlaceholderText("Type a name…")
        self.person_input.setAccessibleName("Add a person who was there")
        who.setBuddy(self.person_input)
        people_row.addWidget(self.person_input, 1)
        layout.addLayout(people_row)
        self.completer = PeopleCompleter(self.person_input, self._journal, offer_new=True)
        self.completer.chosen.connect(self.add_attendee)

        meta = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of entry")
        for kind in EntryKind:
            self.kind.addItem(kind.value.capitalize(), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(capture.kind.value))
        self.when = QDateTimeEdit()
        self.when.setObjectName("when")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.when.setAccessibleName("When it happened")
        at = capture.occurred_at
        self.when.setDateTime(
            QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute))
        )
        self.place = QLineEdit(capture.place)
        self.place.setPlaceholderText("Where (optional)")
        self.place.setAccessibleName("Place")
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)
        when_label = QLabel("W&hen:")
        when_label.setBuddy(self.when)
        meta.addWidget(kind_label)
        meta.addWidget(self.kind)
        meta.addWidget(when_label)
        meta.addWidget(self.when)
        meta.addWidget(self.place, 1)
        layout.addLayout(meta)

        self.title = QLineEdit(capture.title)
        self.title.setObjectName("title")
        self.title.setPlaceholderText("Title (optional), e.g. Coffee at Verde")
        self.title.setAccessibleName("Title")
        layout.addWidget(self.title)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.body = QPlainTextEdit(capture.body)
        self.body.setObjectName("body")
        self.body.setPlaceholderText("What did you talk about? How are they? What stood out?")
        self.body.setAccessibleName("What happened")
        self.body.setTabChangesFocus(True)
        splitter.addWidget(self.body)
        self.prompts_box = QGroupBox("Guided prompts")
        self.prompts_box.setObjectName("guidedPrompts")
        self.prompts_box.setCheckable(True)
        self.prompts_box.setChecked(True)
        box_layout = QVBoxLayout(self.prompts_box)
        self.prompts_hint = muted(
            text_label(
                "Add who was there to note what they are working on, what you could offer, "
                "and what to follow up."
            )
        )
        box_layout.addWidget(self.prompts_hint)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("promptTabs")
        self.tabs.setDocumentMode(True)
        box_layout.addWidget(self.tabs)
        self.prompts_box.toggled.connect(self._prompts_toggled)
        splitter.addWidget(self.prompts_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        if entry is not None:  # prompts add facets; an edited entry already had its say
            self.prompts_box.hide()

        self.message = MessageLabel()
        self.message.setObjectName("editorMessage")
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        self.status = muted(text_label("", wrap=False))
        self.status.setObjectName("draftStatus")
        bottom.addWidget(self.status, 1)
        cancel = QPushButton("Close")
        cancel.setToolTip("Close; what you typed is kept as a draft (Escape)")
        cancel.clicked.connect(self.close)
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("saveEntry")
        self.save_button.setToolTip("Save the entry (Ctrl+Enter)")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(cancel)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys), self, self.save, context=Qt.ShortcutContext.WindowShortcut
            )

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        for signal in (
            self.title.textChanged,
            self.place.textChanged,
            self.body.textChanged,
            self.when.dateTimeChanged,
            self.kind.currentIndexChanged,
        ):
            signal.connect(self._changed)
        self._rebuild_people()
        if self.attendees:
            self.body.setFocus()
        else:
            self.person_input.setFocus()
        _warm_up_reader()

    # people ---------------------------------------------------------------------------------

    def _capture_of(self, entry: Entry) -> Capture:
        people = {p.id: p for p in self._journal.people(entry.people)}
        return Capture(
            occurred_at=entry.occurred_at,
            kind=entry.kind,
            title=entry.title,
            body=entry.body,
            place=entry.place,
            attendees=[
                Attendee(people[pid].display_name, pid) for pid in entry.people if pid in people
            ],
        )

    def add_attendee(self, person_id: str, name: str) -> None:
        name = name.strip()
        if not name:
            return
        if person_id and any(a.person_id == person_id for a in self.attendees):
            self.message.show_info(f"{name} is already in this entry.")
            return
        self.attendees.append(Attendee(name, person_id or None))
        self.message.clear_message()
        self._rebuild_people(focus_tab=len(self.attendees) - 1)
        self._changed()

    def remove_attendee(self, index: int) -> None:
        attendee = self.attendees.pop(index)
        self._rebuild_people()
        self._changed()
        if not attendee.answers.is_empty():
            self.message.show_info(f"Removed {attendee.name} and the answers about them.")

    def _rebuild_people(self, focus_tab: int | None = None) -> None:
        while (item := self.chips.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                discard(widget)
        current = self.tabs.currentIndex()
        self.tabs.clear()
        default_due = self._occurred_at()
        for i, attendee in enumerate(self.attendees):
            chip = QToolButton()
            chip.setObjectName("attendeeChip")
            new = attendee.person_id is None
            chip.setText(f"{attendee.name}{' (new)' if new else ''}  ✕")
            chip.setToolTip(f"Remove {attendee.name} from this entry")
            chip.setAccessibleName(f"Remove {attendee.name}")
            chip.clicked.connect(lambda _=False, i=i: self.remove_attendee(i))
            self.chips.addWidget(chip)
            form = AnswersForm(attendee, default_due)
            form.changed.connect(self._changed)
            self.tabs.addTab(form, attendee.name + (" (new)" if new else ""))
        self.prompts_hint.setVisible(not self.attendees)
        self.tabs.setVisible(bool(self.attendees))
        if focus_tab is not None:
            self.tabs.setCurrentIndex(focus_tab)
        elif 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)

    def _prompts_toggled(self, on: bool) -> None:
        self.tabs.setVisible(on and bool(self.attendees))
        self.prompts_hint.setVisible(on and not self.attendees)

    def answers_form(self, name: str) -> AnswersForm:
        for i in range(self.tabs.count()):
            form = self.tabs.widget(i)
            assert isinstance(form, AnswersForm)
            if form.attendee.name == name:
                return form
        raise KeyError(name)

    # the capture ----------------------------------------------------------------------------

    def _occurred_at(self) -> datetime:
        return to_datetime(self.when.dateTime()).replace(second=0, microsecond=0)

    def capture(self) -> Capture:
        use_prompts = self.prompts_box.isChecked() and self._entry is None
        return Capture(
            occurred_at=self._occurred_at(),
            attendees=[a if use_prompts else Attendee(a.name, a.person_id) for a in self.attendees],
            body=self.body.toPlainText(),
            title=self.title.text(),
            kind=EntryKind(self.kind.currentData()),
            place=self.place.text(),
        )

    def _changed(self, *_args: object) -> None:
        self._autosave.start()
        # Says what is happening to the words typed ("Editing…" told the user nothing).
        self.status.setText("Keeping a draft…")

    def save_draft(self) -> None:
        """Keep what is typed in the journal (encrypted); nothing typed is lost."""
        self._autosave.stop()
        if self._saving_done or is_saving(self) or not self._journal.is_open:
            return
        current = self.capture()
        current.attendees = list(self.attendees)
        try:
            if capture_core.is_blank(current) and all(
                a.answers.is_empty() for a in current.attendees
            ):
                self._journal.discard_draft(self.draft_id)
                self.status.setText("")
                return
            self._journal.save_draft(
                self.draft_id,
                capture_core.to_draft(current, entry_id=self._entry.id if self._entry else None),
            )
        except Exception as exc:
            self.status.setText("")
            self.message.show_error("Your draft could not be kept: " + user_message(exc))
            return
        now = self._journal.clock.now()
        self.status.setText(f"Draft kept at {now:%H:%M}")

    def has_content(self) -> bool:
        current = self.capture()
        return not capture_core.is_blank(current)

    def save(self) -> None:
        """Save the entry on the worker (``run_save``): the editor closes when it is
        written, and stays open with the error (and the text) if it is not."""
        if self._saving_done or is_saving(self):
            return
        pending = self.person_input.text().strip()
        if pending:
            self.message.show_error(
                f"“{pending}” is typed but not added: pick them from the list (or press "
                "Enter to add them), or clear the name field."
            )
            self.person_input.setFocus()
            return
        # What is saved is kept as the draft first: if the save fails after the editor
        # was closed, the text comes back with New entry (the save discards the draft).
        self.save_draft()
        self._autosave.stop()
        run_save(
            self,
            self._shell,
            self._journal,
            _save_entry,
            self.capture(),
            self._entry.id if self._entry else None,
            self.draft_id,
            buttons=[self.save_button],
            show_error=self._save_failed,
            success=self._saved,
        )

    def _saved(self, change: operations.Change) -> None:
        self._saving_done = True
        self._autosave.stop()
        result = change.result
        entry_id = result.id if isinstance(result, Entry) else result.entry.id
        self.saved.emit(entry_id)
        self._review(entry_id)
        super().accept()
        self.deleteLater()

    def _save_failed(self, sentence: str) -> None:
        if not self.isVisible():  # closed while saving: the draft keeps the text
            self.deleteLater()
            return
        self.message.show_error(sentence)
        self._autosave.start()  # anything typed while it was saving is kept too

    def _review(self, entry_id: str) -> None:
        """Right after saving: what Rapport noticed in the entry, for the user to decide
        (the review outlives this editor, so it hangs on the editor's parent)."""
        from journal.gui.dialogs.proposals import review_after_save

        try:
            self.review = review_after_save(
                self._journal,
                entry_id,
                self.parentWidget(),
                self._shell.notify,
                host=self._shell,
            )
        except Exception as exc:  # the entry is saved; the proposals stay pending
            user_message(exc)

    # closing ----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if is_saving(self):
            # Closed while its save runs: the draft already holds what is being saved;
            # the editor goes once the save is done (``_saved``), so what waits for it
            # (a check-in marked done, the review) still happens, and a failure is told
            # in the window.
            event.accept()
            self.hide()
            return
        if not self._saving_done:
            self.save_draft()
            if self._journal.is_open and self._has_draft():
                self._shell.notify(
                    "What you wrote is kept as a draft: New entry (Ctrl+N) brings it back."
                )
        super().closeEvent(event)
        self.deleteLater()

    def _has_draft(self) -> bool:
        try:
            return self.draft_id in self._journal.drafts()
        except Exception:
            return False

    def reject(self) -> None:
        self.close()

    def keep_for_lock(self) -> None:
        """Before the journal locks: keep the draft and close without a notice."""
        if not self._saving_done and not is_saving(self):
            self.save_draft()
        self._saving_done = True
        self.close()


_reader_warm = threading.Event()


def _warm_up_reader() -> None:
    """While the user writes, load what reading the entry needs (dateparser and its
    English data: ~1 s once per process), so saving is not the moment it happens."""
    if _reader_warm.is_set():
        return
    _reader_warm.set()

    def warm() -> None:
        from journal.core.reading.text import warm_up

        try:
            warm_up()
        except Exception:  # reading still works, only the first save is slower
            _reader_warm.clear()

    threading.Thread(target=warm, name="warm-reader", daemon=True).start()


def _save_entry(
    journal: Journal, capture: Capture, entry_id: str | None, draft_id: str
) -> operations.Change:
    """On the worker: the new entry (or the edit), then its draft let go; the notice
    says what was saved and added."""
    if entry_id is None:
        change = operations.save_capture(journal, capture)
        note = _saved_note(change.result)
    else:
        try:
            journal.entry(entry_id)
        except NotFound:
            raise NotFound(
                "This entry was deleted while you were editing it; copy your text before closing."
            ) from None
        change = operations.edit_entry(journal, entry_id, capture)
        note = "Entry saved."
    try:
        journal.discard_draft(draft_id)
    except Exception as exc:  # the entry is saved; a stale draft is only noise
        log.warning("a saved entry's draft stayed: %s", type(exc).__name__)
    return dataclasses.replace(change, message=note)


def _saved_note(result: capture_core.Saved) -> str:
    parts = ["Entry saved."]
    if result.created:
        names = ", ".join(p.name for p in result.created)
        parts.append(f"Added {names} to the journal.")
    extras = []
    if result.facets:
        extras.append(plural(len(result.facets), "detail"))
    if result.follow_ups:
        n = len(result.follow_ups)
        extras.append(plural(n, "follow-up"))
    if result.ledger:
        extras.append(f"{len(result.ledger)} give/receive")
    if extras:
        parts.append("Noted " + ", ".join(extras) + ".")
    return " ".join(parts)


def capture_for(
    journal: object,
    person_ids: Sequence[str],
    *,
    title: str = "",
    kind: EntryKind = EntryKind.MEETING,
) -> Capture:
    """A fresh capture with these people already picked (Log check-in, Write entry)."""
    assert isinstance(journal, Journal)
    people = {p.id: p for p in journal.people(list(person_ids))}
    return Capture(
        occurred_at=journal.clock.now(),
        title=title,
        kind=kind,
        attendees=[Attendee(people[i].display_name, i) for i in person_ids if i in people],
    )

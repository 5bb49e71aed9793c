"""Adding or editing who someone is: name, work, circle, how we met, birthday, tags.

Facets (what they are working on, family, what we share) are edited in place on the
person page; this dialog holds the fields that describe the person as a whole.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journal.core import operations
from journal.core.journal import Journal
from journal.core.model import Birthday, Channel, ChannelKind, Circle, NetworkKind, Person
from journal.core.operations import Change
from journal.gui.desktop.operations import OpHost
from journal.gui.dialogs.saving import is_saving, run_save
from journal.gui.widgets.common import MessageLabel, OptionalDate

_NETWORK_LABELS = {
    NetworkKind.OPERATIONAL: "Operational (getting today's work done)",
    NetworkKind.PERSONAL: "Personal (growth, friendship)",
    NetworkKind.STRATEGIC: "Strategic (where I am heading)",
}


class PersonDialog(QDialog):
    """Add (``person`` None) or edit a person; ``saved(person_id)`` after it is written."""

    saved = Signal(str)

    def __init__(
        self,
        journal: Journal,
        person: Person | None = None,
        parent: QWidget | None = None,
        *,
        on_saved: Callable[[str], None] | None = None,
        host: OpHost | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._host = host
        self._person = person
        self.setObjectName("personDialog")
        self.setWindowTitle(f"Edit {person.display_name}" if person else "Add a person")
        self.setMinimumWidth(520)
        if on_saved:
            self.saved.connect(on_saved)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)

        def line(label: str, name: str, value: str = "", placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(value)
            edit.setObjectName(name)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            edit.setPlaceholderText(placeholder)
            form.addRow(label, edit)
            return edit

        p = person
        self.name = line("&Name:", "name", p.name if p else "", "Full name")
        self.preferred = line(
            "&Goes by:",
            "preferredName",
            p.preferred_name if p else "",
            "A nickname or short name (optional)",
        )
        self.pronouns = QComboBox()
        self.pronouns.setObjectName("pronouns")
        self.pronouns.setAccessibleName("Pronouns")
        self.pronouns.setEditable(True)
        self.pronouns.addItems(["", "she/her", "he/him", "they/them"])
        self.pronouns.setCurrentText(p.pronouns if p else "")
        if (pronoun_edit := self.pronouns.lineEdit()) is not None:  # it is editable
            pronoun_edit.setPlaceholderText("Optional; choose or type, e.g. xe/xem/xyr")
        form.addRow("Pro&nouns:", self.pronouns)
        self.organisation = line("&Organisation:", "organisation", p.organisation if p else "")
        self.role = line("&Role:", "role", p.role if p else "")
        self.field = line(
            "&Field:", "field", p.field if p else "", "e.g. Healthcare, Software, Design"
        )
        self.location = line("&Location:", "location", p.location if p else "")
        self.email = line("&Email:", "email", _channel(p, ChannelKind.EMAIL))
        self.phone = line("&Phone:", "phone", _channel(p, ChannelKind.PHONE))
        self.met_how = line(
            "How we &met:",
            "metHow",
            p.met_how if p else "",
            "e.g. at the climbing gym, through Kofi",
        )
        # Left empty unless the user sets it: an old neighbour added today was not met
        # today, and a made-up date would plan a "follow up after meeting" check-in.
        met = p.met_on if p and p.met_on else journal.clock.today()
        self.met_on = OptionalDate("Known", "Date we met", p.met_on if p else None, met)
        form.addRow("Met on:", self.met_on)

        self.circle = QComboBox()
        self.circle.setAccessibleName("Circle")
        for circle in Circle:
            self.circle.addItem(circle.label, circle.value)
        self.circle.setCurrentIndex(self.circle.findData((p.circle if p else Circle.NETWORK).value))
        form.addRow("&Circle:", self.circle)
        self.cadence = QSpinBox()
        self.cadence.setAccessibleName("Check in every (days)")
        self.cadence.setRange(0, 3650)
        self.cadence.setSpecialValueText("The circle's default")
        self.cadence.setSuffix(" days")
        self.cadence.setValue((p.cadence_days or 0) if p else 0)
        form.addRow("Check in &every:", self.cadence)

        kinds = QVBoxLayout()
        self.kinds: dict[NetworkKind, QCheckBox] = {}
        for kind, label in _NETWORK_LABELS.items():
            box = QCheckBox(label)
            box.setChecked(bool(p and kind in p.network_kinds))
            self.kinds[kind] = box
            kinds.addWidget(box)
        form.addRow("Networks:", kinds)

        self.birthday = line(
            "&Birthday:",
            "birthday",
            p.birthday.iso() if p and p.birthday else "",
            "YYYY-MM-DD, or MM-DD without the year",
        )
        self.tags = line(
            "&Tags:",
            "tags",
            ", ".join(p.tags) if p else "",
            "Comma-separated, e.g. climbing, mentor",
        )
        died = p.deceased_on if p else None
        self.deceased = OptionalDate(
            "Has died", "Date of death", died, died or journal.clock.today()
        )
        self.deceased.setObjectName("deceased")
        self.deceased.setToolTip(
            "Their page and entries stay; Rapport stops check-ins and birthday reminders."
        )
        form.addRow("Died on:", self.deceased)
        self.notes = QPlainTextEdit(p.notes if p else "")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        form.addRow("N&otes:", self.notes)

        self.message = MessageLabel()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons = buttons
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Ctrl+Enter saves from any field, as in the entry editor (Enter alone in the
        # notes is a new line).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self.name.setFocus()

    def submit(self) -> None:
        """Check what was typed, then save it on the worker (``run_save``): the dialog
        closes when it is written, and stays open with the error if it is not."""
        if is_saving(self):
            return
        if not self.name.text().strip():
            self.message.show_error("A person needs a name.")
            self.name.setFocus()
            return
        birthday = None
        if self.birthday.text().strip():
            try:
                birthday = Birthday.parse(self.birthday.text())
            except ValueError:
                self.message.show_error(
                    "The birthday is not a date Rapport understands: use YYYY-MM-DD, or "
                    "MM-DD without the year (for example 1990-03-14 or 03-14)."
                )
                self.birthday.setFocus()
                return
        person = self._journal.person(self._person.id) if self._person else Person(name="")
        person.name = self.name.text().strip()
        person.preferred_name = self.preferred.text().strip()
        person.organisation = self.organisation.text().strip()
        person.role = self.role.text().strip()
        person.field = self.field.text().strip()
        person.location = self.location.text().strip()
        person.met_how = self.met_how.text().strip()
        person.met_on = self.met_on.value()
        circle = Circle(self.circle.currentData())
        if circle is not person.circle:
            person.placed = True  # the user placed them
        person.circle = circle
        person.cadence_days = self.cadence.value() or None
        person.network_kinds = {k for k, box in self.kinds.items() if box.isChecked()}
        person.birthday = birthday
        person.tags = list(
            dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip())
        )
        person.notes = self.notes.toPlainText()
        person.pronouns = self.pronouns.currentText().strip()
        died = self.deceased.value()
        if died is not None and died > self._journal.clock.today():
            self.message.show_error("A date of death cannot be in the future.")
            return
        person.deceased_on = died
        _set_channel(person, ChannelKind.EMAIL, self.email.text())
        _set_channel(person, ChannelKind.PHONE, self.phone.text())
        operation = operations.add_person if self._person is None else operations.save_person
        run_save(
            self,
            self._host,
            self._journal,
            operation,
            person,
            buttons=[self.save_button],
            show_error=self.message.show_error,
            success=self._saved,
            notice=False,  # the page it opens says it; Edit ▸ Undo names it
        )

    def _saved(self, change: Change) -> None:
        person = change.result
        self.saved.emit(person.id if isinstance(person, Person) else "")
        self.accept()


def _channel(person: Person | None, kind: ChannelKind) -> str:
    if person is None:
        return ""
    return next((c.value for c in person.channels if c.kind is kind), "")


def _set_channel(person: Person, kind: ChannelKind, value: str) -> None:
    """The first channel of this kind takes the typed value (or goes, if emptied)."""
    value = value.strip()
    existing = next((c for c in person.channels if c.kind is kind), None)
    if existing is None:
        if value:
            person.channels.append(Channel(kind, value))
    elif value:
        existing.value = value
    else:
        person.channels.remove(existing)

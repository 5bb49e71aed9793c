"""How a person relates to others, for their page: "Leo is Ana's son", from both sides.

Each link reads as a sentence from this person's side (the core words it), the other
person's name opens them, family links carry their "fine to mention" switch (the same
rule as family details: the reminder engine only brings them up when allowed), and a
link can be removed (to the trash) or added, each an operation the window can undo.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import links, operations
from journal.core.journal import Journal
from journal.core.links import LinkView
from journal.core.operations import Change
from journal.gui.desktop.operations import OpHost, run_op
from journal.gui.widgets.common import muted, text_label, to_date, user_message
from journal.gui.widgets.models import PeopleCompleter

#: What the user picks in "<this person> is … <other>", and the role word it stands for.
ROLE_CHOICES: tuple[tuple[str, str], ...] = (
    ("partner of", "partner"), ("wife of", "wife"), ("husband of", "husband"),
    ("parent of", "parent"), ("mother of", "mother"), ("father of", "father"),
    ("child of", "child"), ("son of", "son"), ("daughter of", "daughter"),
    ("sibling of", "sibling"), ("sister of", "sister"), ("brother of", "brother"),
    ("friend of", "friend"), ("colleague of", "colleague"),
    ("manager of", "manager"), ("reporting to", "report"),
    ("mentor of", "mentor"), ("mentored by", "mentee"),
    ("someone you met through", "introduced-by"), ("who introduced you to", "introducer"),
    ("acquainted with", "knows"),
)  # fmt: skip


class LinkRow(QWidget):
    """One link: its sentence, a fine-to-mention switch for family, and remove."""

    def __init__(self, view: LinkView, panel: LinksPanel) -> None:
        super().__init__(panel)
        self.view = view
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        name = html.escape(view.other_name)
        text = html.escape(view.sentence).replace(
            name, f'<a href="person:{view.other_id}">{name}</a>', 1
        )
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setToolTip(f"Open {view.other_name}")
        self.label.linkActivated.connect(lambda href: panel.personActivated.emit(href[7:]))
        row.addWidget(self.label, 1)
        self.mention: QCheckBox | None = None
        if view.link.kind.family:
            self.mention = QCheckBox("Fine to mention")
            self.mention.setToolTip("Let reminders bring this up (“ask how Leo is doing”)")
            self.mention.setChecked(bool(view.link.mention_ok))
            self.mention.toggled.connect(panel._set_mention(view))
            row.addWidget(self.mention)
        self.remove = QToolButton()
        self.remove.setText("Remove")
        self.remove.setToolTip("Remove this link (it goes to the trash; you can undo)")
        self.remove.setAccessibleName(f"Remove the link with {view.other_name}")
        self.remove.clicked.connect(lambda: panel.remove(view))
        row.addWidget(self.remove)


class LinksPanel(QWidget):
    personActivated = Signal(str)
    failed = Signal(str)

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, host: OpHost | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("linksPanel")
        self.journal = journal
        self._host = host
        self.person_id: str | None = None
        self.rows: list[LinkRow] = []
        self.dialog: AddLinkDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._list = QVBoxLayout()
        layout.addLayout(self._list)
        # Secondary text like the page's other empty-section hints (not drawn disabled).
        self.empty = muted(
            text_label(
                "No links yet: add who they are related to, work with, or who introduced you."
            )
        )
        self.empty.setObjectName("emptyHint")
        layout.addWidget(self.empty)
        self.add_button = QPushButton("Add a &link…")
        self.add_button.setObjectName("addLink")
        self.add_button.clicked.connect(self.ask_link)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_person(self, person_id: str) -> None:
        self.person_id = person_id
        self.refresh()

    def refresh(self) -> None:
        """Read this person's links again and show them (after a link is added or removed)."""
        if self.person_id is None:
            self.show_links(None, [])
            return
        self.show_links(self.person_id, links.links_for(self.journal, self.person_id))

    def show_links(self, person_id: str | None, views: list[LinkView]) -> None:
        """Show links already read (the person page reads them with the rest, on the
        worker), so building the panel reads nothing."""
        self.person_id = person_id
        for row in self.rows:
            self._list.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for view in views:
            row = LinkRow(view, self)
            self._list.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not self.rows)

    def sentences(self) -> list[str]:
        return [row.view.sentence for row in self.rows]

    def _set_mention(self, view: LinkView) -> Callable[[bool], None]:
        def toggled(on: bool) -> None:
            view.link.mention_ok = on
            run_op(
                self._host,
                self.journal,
                operations.save_link,
                view.link,
                failure=lambda exc: self.failed.emit(user_message(exc)),
                owner=self,
                notice=False,
            )

        return toggled

    def remove(self, view: LinkView) -> None:
        run_op(
            self._host,
            self.journal,
            operations.remove_link,
            view.link.id,
            view.other_name,
            success=lambda _change: self.refresh(),
            failure=lambda exc: self.failed.emit(user_message(exc)),
            owner=self,
        )

    def ask_link(self) -> None:
        if self.person_id is None:
            return
        # The window is the parent, not this panel: a person page rebuilt by a change
        # heard meanwhile replaces the panel, and must not close what the user is typing.
        self.dialog = AddLinkDialog(self.journal, self.person_id, self.window(), host=self._host)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()

    def _added(self) -> None:
        self.refresh()


class AddLinkDialog(QDialog):
    """ "<This person> is the … of <someone>", with a date (for introductions) and a note."""

    def __init__(
        self,
        journal: Journal,
        person_id: str,
        parent: QWidget | None = None,
        *,
        host: OpHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a link")
        self.journal = journal
        self._host = host
        self.person_id = person_id
        self.other_id: str | None = None
        self.link: links.Link | None = None
        me = journal.person(person_id)
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{html.escape(me.display_name)}</b> is"))
        self.role = QComboBox()
        self.role.setAccessibleName("Relation")
        for label, role in ROLE_CHOICES:
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData("friend"))
        form.addRow("Relation", self.role)
        self.other = QLineEdit()
        self.other.setAccessibleName("Other person")
        self.other.setPlaceholderText("Start typing a name, then pick them")
        self.completer = PeopleCompleter(self.other, journal)
        self.completer.chosen.connect(self._chosen)
        form.addRow("Who", self.other)
        self.chosen_label = QLabel("No one chosen yet")
        self.chosen_label.setEnabled(False)
        form.addRow("", self.chosen_label)
        self.has_date = QCheckBox("Since (or: introduced on)")
        self.since = QDateEdit(QDate.currentDate())
        self.since.setCalendarPopup(True)
        self.since.setEnabled(False)
        self.has_date.toggled.connect(self.since.setEnabled)
        form.addRow(self.has_date, self.since)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form.addRow("Note", self.note)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Add link")
        self.ok.setAutoDefault(False)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _chosen(self, person_id: str, name: str) -> None:
        if not person_id:
            return
        if person_id == self.person_id:
            self.error.setText("Choose someone else: a person cannot be linked to themselves.")
            self.error.show()
            return
        self.other_id = person_id
        self.chosen_label.setText(name)
        self.chosen_label.setEnabled(True)
        self.error.hide()
        self.ok.setFocus()

    def _save(self) -> None:
        if self.other_id is None:
            self.error.setText("Choose someone: type part of their name and pick them.")
            self.error.show()
            return
        since = to_date(self.since.date()) if self.has_date.isChecked() else None

        def added(change: Change) -> None:
            self.link = change.result
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(user_message(exc))
            self.error.show()

        run_op(
            self._host,
            self.journal,
            operations.add_link,
            self.person_id,
            self.role.currentData(),
            self.other_id,
            since=since,
            note=self.note.text().strip(),
            success=added,
            failure=failed,
            owner=self,
        )

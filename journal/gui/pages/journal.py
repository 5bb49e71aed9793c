"""The Journal page: every entry, newest first, filtered by person, kind and date.

Entries are fetched a page at a time as the list scrolls (100,000 entries open as fast
as 100). The selected entry is shown in full beside the list; Enter or double-click
edits it, Delete moves it to the trash with undo.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core.entries import EntryQuery, EntrySummary
from journal.core.errors import NotFound
from journal.core.model import Direction, EntryKind
from journal.core.wording import plural
from journal.gui.pages.base import Page
from journal.gui.shell import Shell
from journal.gui.widgets.common import (
    PAGE_MARGINS,
    date_edit,
    page_header,
    setup_list_view,
    to_date,
)
from journal.gui.widgets.models import ID_ROLE, EntriesModel, PeopleCompleter

_NO_DATE = QDate(1900, 1, 1)


class EntriesTable(QTableView):
    def __init__(self, page: JournalPage) -> None:
        super().__init__()
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._page.edit_current()
            return
        if key == Qt.Key.Key_Delete:
            self._page.delete_current()
            return
        super().keyPressEvent(event)


def _date_filter(name: str) -> QDateEdit:
    edit = date_edit(name)
    edit.setMinimumDate(_NO_DATE)
    edit.setSpecialValueText("any date")
    edit.setDate(_NO_DATE)
    return edit


class JournalPage(Page):
    """Entries and the names on them; the first page is a quick read (200 rows, the rest
    fetched as the list scrolls), so it loads on the GUI thread."""

    SHOWS = frozenset({"entry", "person", "follow_up", "trash"})
    LOAD_ON_WORKER = False

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("journalPage")
        self._shell = shell
        self._journal = shell.journal
        self._person_id: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        top, self.count = page_header("Journal", "entryCount")
        layout.addLayout(top)
        layout.addWidget(self.load_message)

        filters = QHBoxLayout()
        self.person = QLineEdit()
        self.person.setPlaceholderText("Anyone: type a name to filter")
        self.person.setAccessibleName("Filter by person")
        self.person_completer = PeopleCompleter(self.person, self._journal)
        self.person_completer.chosen.connect(self.filter_person)
        self.person_chip = QToolButton()
        self.person_chip.setAutoRaise(False)
        self.person_chip.hide()
        self.person_chip.clicked.connect(lambda: self.filter_person("", ""))
        filters.addWidget(QLabel("With:"))
        filters.addWidget(self.person_chip)
        filters.addWidget(self.person, 2)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind filter")
        self.kind.addItem("All kinds", None)
        for kind in EntryKind:
            self.kind.addItem(kind.value.capitalize(), kind.value)
        filters.addWidget(self.kind)
        filters.addWidget(QLabel("From:"))
        self.since = _date_filter("From date")
        filters.addWidget(self.since)
        filters.addWidget(QLabel("to:"))
        self.until = _date_filter("To date")
        filters.addWidget(self.until)
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.clear_filters)
        filters.addWidget(clear)
        layout.addLayout(filters)

        self.model = EntriesModel(self._journal, self)
        self.table = EntriesTable(self)
        setup_list_view(self.table, "entriesTable")
        self.table.setAccessibleName("Entries")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column, width in enumerate((160, 80, 170)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.preview = QTextBrowser()
        self.preview.setObjectName("entryPreview")
        self.preview.setAccessibleName("Selected entry")
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._link)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        actions = QHBoxLayout()
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setObjectName("deleteEntry")
        self.delete_button.setToolTip("Move to the trash (Delete); you can undo it")
        self.delete_button.clicked.connect(self.delete_current)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.since.dateChanged.connect(lambda _d: self.reload())
        self.until.dateChanged.connect(lambda _d: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self._update_buttons()

    def query(self) -> EntryQuery:
        kind = self.kind.currentData()
        return EntryQuery(
            person_id=self._person_id,
            kind=EntryKind(kind) if kind else None,
            since=_as_date(self.since),
            until=_as_date(self.until),
            limit=EntriesModel.PAGE,
        )

    def request(self) -> EntryQuery:
        return self.query()

    def load(self, request: EntryQuery) -> tuple[EntryQuery, int, list[EntrySummary]]:
        return (request, *EntriesModel.first_page(self.journal, request))

    def show_data(self, data: tuple[EntryQuery, int, list[EntrySummary]]) -> None:
        current = self.current_id()
        self.model.set_first_page(*data)
        total = self.model.total
        self.count.setText(plural(total, "entry"))
        row = next(
            (i for i in range(self.model.rowCount()) if self.model.summary(i).id == current),
            0 if total else -1,
        )
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def filter_person(self, person_id: str, name: str) -> None:
        self._person_id = person_id or None
        if person_id:
            self.person_chip.setText(f"{name}  ✕")
            self.person_chip.setAccessibleName(f"Stop filtering by {name}")
            self.person_chip.show()
            self.person.hide()
        else:
            self.person_chip.hide()
            self.person.show()
        self.reload()

    def clear_filters(self) -> None:
        for widget in (self.kind, self.since, self.until):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.since.setDate(_NO_DATE)
        self.until.setDate(_NO_DATE)
        for widget in (self.kind, self.since, self.until):
            widget.blockSignals(False)
        self.filter_person("", "")

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _show_current(self) -> None:
        self._update_buttons()
        entry_id = self.current_id()
        if entry_id is None:
            self.preview.setHtml("<p>No entries match.</p>" if self.model.total == 0 else "")
            return
        try:
            entry = self._journal.entry(entry_id)
        except NotFound:
            self.preview.clear()
            return
        people = {p.id: p for p in self._journal.people(entry.people)}
        names = ", ".join(
            f"<a href='person:{pid}'>{html.escape(people[pid].display_name)}</a>"
            for pid in entry.people
            if pid in people
        )
        parts = [
            f"<h2>{html.escape(entry.title or entry.kind.value.capitalize())}</h2>",
            f"<p>{entry.occurred_at:%A} {entry.occurred_at.day} "
            f"{entry.occurred_at:%B %Y, %H:%M} · {entry.kind.value}"
            + (f" · {html.escape(entry.place)}" if entry.place else "")
            + "</p>",
        ]
        if names:
            parts.append(f"<p>With {names}</p>")
        parts += [f"<p>{html.escape(p)}</p>" for p in entry.body.split("\n\n") if p.strip()]
        if entry.follow_ups:
            parts.append(
                "<h3>Follow-ups</h3><ul>"
                + "".join(
                    f"<li>{html.escape(f.text)}{' (done)' if f.done_on else ''}</li>"
                    for f in entry.follow_ups
                )
                + "</ul>"
            )
        if entry.ledger:
            parts.append(
                "<h3>Given and received</h3><ul>"
                + "".join(
                    f"<li>{'Gave' if i.direction is Direction.GIVEN else 'Received'}: "
                    f"{html.escape(i.description)}</li>"
                    for i in entry.ledger
                )
                + "</ul>"
            )
        self.preview.setHtml("".join(parts))

    def _link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("person:"):
            self._shell.open_person(text[7:])

    def edit_current(self) -> None:
        entry_id = self.current_id()
        if entry_id:
            self._shell.edit_entry(entry_id)

    def delete_current(self) -> None:
        entry_id = self.current_id()
        if not entry_id:
            return
        try:
            trash_id = self._journal.delete_entry(entry_id)
        except Exception as exc:
            self._shell.report(exc)
            return
        self._shell.push_undo(
            "Moved the entry to the trash.", lambda: self._journal.restore(trash_id)
        )


def _as_date(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == _NO_DATE else to_date(value)

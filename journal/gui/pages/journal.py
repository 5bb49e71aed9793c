"""The Journal page: every entry, newest first, filtered by person, kind and date.

Entries are fetched a page at a time as the list scrolls (100,000 entries open as fast
as 100). The selected entry is shown in full beside the list; Enter or double-click
edits it, Delete moves it to the trash with undo.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
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

from journal.core import operations
from journal.core.entries import EntryQuery, EntrySummary
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.model import Direction, Entry, EntryKind
from journal.core.wording import format_datetime, plural
from journal.gui.desktop.operations import run_op
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


@dataclass(frozen=True)
class JournalRequest:
    """What the page asks for: the filters, and the entry selected now (kept selected)."""

    query: EntryQuery
    selected_id: str | None = None


@dataclass
class EntryPreview:
    """One entry in full and the names of the people on it, read for the preview."""

    entry: Entry
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class JournalView:
    """A load's answer: how many entries match, the first page of them, and the preview
    of the entry to select (the one selected before, if it still matches, else the first)."""

    query: EntryQuery
    total: int
    rows: list[EntrySummary]
    preview: EntryPreview | None


def read_preview(journal: Journal, entry_id: str) -> EntryPreview | None:
    """The entry and its people's names (``None`` if it is gone); any thread."""
    try:
        entry = journal.entry(entry_id)
    except NotFound:
        return None
    return EntryPreview(entry, {p.id: p.display_name for p in journal.people(entry.people)})


class JournalPage(Page):
    """Entries and the names on them. A load reads the first page (200 rows; the rest
    are fetched as the list scrolls) and the selected entry, on the worker."""

    SHOWS = frozenset({"entry", "person", "follow_up", "trash"})

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("journalPage")
        self._shell = shell
        self._journal = shell.journal
        self._person_id: str | None = None
        #: The selected entry as the last load read it.
        self._preview: EntryPreview | None = None

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

    def request(self) -> JournalRequest:
        return JournalRequest(self.query(), self.current_id())

    def load(self, request: JournalRequest) -> JournalView:
        total, rows = EntriesModel.first_page(self.journal, request.query)
        ids = [row.id for row in rows]
        selected = request.selected_id if request.selected_id in ids else None
        if selected is None and ids:
            selected = ids[0]
        preview = read_preview(self.journal, selected) if selected else None
        return JournalView(request.query, total, rows, preview)

    def show_data(self, data: JournalView) -> None:
        # The preview came with the load: selecting its row must not read it again.
        self._preview = data.preview
        self.model.set_first_page(data.query, data.total, data.rows)
        total = self.model.total
        self.count.setText(plural(total, "entry"))
        selected = data.preview.entry.id if data.preview else None
        row = next(
            (i for i in range(self.model.rowCount()) if self.model.summary(i).id == selected),
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
        preview = self._preview
        if preview is None or preview.entry.id != entry_id:
            # The user picked another row: one entry, read as it is picked.
            preview = self._preview = read_preview(self._journal, entry_id)
        if preview is None:
            self.preview.clear()
            return
        self.preview.setHtml(preview_html(preview))

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
        run_op(self._shell, self._journal, operations.trash_entries, [entry_id])


def _as_date(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == _NO_DATE else to_date(value)


def preview_html(preview: EntryPreview) -> str:
    """The entry in full, as the preview beside the list shows it."""
    entry = preview.entry
    names = ", ".join(
        f"<a href='person:{pid}'>{html.escape(preview.names[pid])}</a>"
        for pid in entry.people
        if pid in preview.names
    )
    parts = [
        f"<h2>{html.escape(entry.title or entry.kind.value.capitalize())}</h2>",
        f"<p>{format_datetime(entry.occurred_at)} · {entry.kind.value}"
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
    return "".join(parts)

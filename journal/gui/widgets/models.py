"""Qt item models over the core's queries: the People list, the Journal list, completers.

Views never hold a widget per row: the People model keeps the core's ``PersonSummary``
rows (10,000 of them fit easily) loaded on the worker thread and sorts them itself;
a filter proxy narrows them as the user types. The Journal model fetches entries a page
at a time as the view scrolls.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit

from journal.core.entries import EntryQuery, EntrySummary
from journal.core.journal import Journal
from journal.core.people import PeopleOrder, PeopleQuery, PersonSummary
from journal.core.wording import format_datetime

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
_CIRCLE_ORDER = {"inner": 0, "close": 1, "network": 2, "acquaintance": 3, "dormant": 4}


class JournalEvents(QObject):
    """The journal's change notices, delivered on the GUI thread whoever made the change."""

    changed = Signal(str, list)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = journal.on_change(lambda kind, ids: self.changed.emit(kind, list(ids)))

    def detach(self) -> None:
        self._unsubscribe()


def when_text(value: datetime | date | None, today: date, *, empty: str = "never") -> str:
    """ "today", "3 days ago", "12 Mar", "12 Mar 2024": how people say when."""
    if value is None:
        return empty
    day = value.date() if isinstance(value, datetime) else value
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta == -1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"{delta} days ago"
    if -7 < delta < -1:
        return f"in {-delta} days"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


class RowsModel(QAbstractTableModel):
    """A flat table of ``_rows`` under fixed ``COLUMNS`` headers."""

    COLUMNS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


# -- People -------------------------------------------------------------------------------


class PeopleModel(RowsModel):
    """The People list: the ids of everyone it shows, in order (filtered and sorted by
    the core on the worker, ``PeopleLoad``), and their rows read a window at a time as
    the view paints them. At 50,000 people it never builds every row: opening, scrolling
    to the end and sorting cost a few windows, not the whole list."""

    COLUMNS = ("Name", "Organisation", "Role", "Circle", "Last in touch", "Tags")
    #: Rows read at once, and how many such windows are kept (the rest read again).
    WINDOW = 200
    KEPT = 20
    loaded = Signal()
    #: The user sorted by a column: the page loads the list in the new order.
    order_changed = Signal()

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._rows: list[str] = []  # ids, in order
        self._total = 0
        self._windows: OrderedDict[int, dict[str, PersonSummary]] = OrderedDict()
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    @property
    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    @property
    def total(self) -> int:
        """How many people the structural filters find, before typed text and "due"."""
        return self._total

    def set_rows(self, loaded: PeopleLoad) -> None:
        """Show what a load found (GUI thread)."""
        self.beginResetModel()
        self._rows, self._total = loaded.ids, loaded.total
        self._windows.clear()
        if loaded.first:
            self._windows[0] = {row.id: row for row in loaded.first}
        self.endResetModel()
        self.loaded.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._rows[index.row()]
        row = self._summary_at(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.name if row.preferred_name else None
        if role == Qt.ItemDataRole.FontRole and row.archived:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _cell(self, row: PersonSummary, column: int) -> str:
        if column == 0:
            return row.display_name + (" (archived)" if row.archived else "")
        if column == 1:
            return row.organisation
        if column == 2:
            return row.role
        if column == 3:
            return row.circle.label
        if column == 4:
            return when_text(row.last_contact_at, self._journal.clock.today(), empty="not yet")
        return ", ".join(row.tags)

    def _summary_at(self, row: int) -> PersonSummary | None:
        """The row's person, reading its window if it is not held (None if they left the
        journal since the list was loaded: the change reloads it)."""
        number = row // self.WINDOW
        window = self._windows.get(number)
        if window is None:
            ids = self._rows[number * self.WINDOW : (number + 1) * self.WINDOW]
            window = {r.id: r for r in self._journal.people_summaries(ids)}
            self._windows[number] = window
            while len(self._windows) > self.KEPT:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(number)
        return window.get(self._rows[row])

    # sorting is the core's (names as a reader sorts them), on the worker
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) != self._sort:
            self._sort = (column, order)
            self.order_changed.emit()

    # for the page
    def summary(self, row: int) -> PersonSummary:
        found = self._summary_at(row)
        if found is None:
            raise LookupError("That person is no longer in the journal.")
        return found

    def row_of(self, person_id: str) -> int:
        try:
            return self._rows.index(person_id)
        except ValueError:
            return -1


#: The People list's columns as the core's ``PeopleOrder`` names them.
SORT_COLUMNS = ("name", "organisation", "role", "circle", "last_contact", "tags")


@dataclass(frozen=True)
class PeopleLoad:
    """The People list's ids in order and its first window of rows (made on the worker)."""

    ids: list[str]
    total: int
    first: list[PersonSummary]
    sort: tuple[int, Qt.SortOrder]

    @classmethod
    def of(
        cls,
        journal: Journal,
        order: PeopleOrder,
        sort: tuple[int, Qt.SortOrder],
    ) -> PeopleLoad:
        ordering = journal.order_people(order)
        first = journal.people_summaries(ordering.ids[: PeopleModel.WINDOW])
        return cls(ordering.ids, ordering.total, first, sort)

    @staticmethod
    def order(
        query: PeopleQuery,
        sort: tuple[int, Qt.SortOrder],
        text: str = "",
        only: frozenset[str] | None = None,
    ) -> PeopleOrder:
        """The core's order for a query, a column sorted in the view, typed text, due ids."""
        column, direction = sort
        return PeopleOrder(
            query=query,
            column=SORT_COLUMNS[column] if 0 <= column < len(SORT_COLUMNS) else "name",
            descending=direction == Qt.SortOrder.DescendingOrder,
            text=text,
            only=only,
        )


# -- Journal entries -----------------------------------------------------------------------


class EntriesModel(RowsModel):
    """Entries newest first, a page at a time as the view scrolls down."""

    COLUMNS = ("When", "Kind", "With", "What")
    PAGE = 200

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._rows: list[EntrySummary] = []
        self._total = 0
        self.query = EntryQuery(limit=self.PAGE)

    def reload(self, query: EntryQuery | None = None) -> None:
        if query is not None:
            self.query = query
        self.set_first_page(self.query, *self.first_page(self._journal, self.query))

    @classmethod
    def first_page(cls, journal: Journal, query: EntryQuery) -> tuple[int, list[EntrySummary]]:
        """How many entries match, and the first page of them (any thread)."""
        return journal.count_entries(query), journal.query_entries(
            _replace(query, limit=cls.PAGE, offset=0)
        )

    def set_first_page(self, query: EntryQuery, total: int, rows: list[EntrySummary]) -> None:
        """Show a first page; the rest is fetched as the view scrolls."""
        self.query = query
        self.beginResetModel()
        self._total, self._rows = total, rows
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._journal.query_entries(
            _replace(self.query, limit=self.PAGE, offset=len(self._rows))
        )
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == 0:
                return format_datetime(row.occurred_at)  # as the preview beside it
            if column == 1:
                return row.kind.value.capitalize()
            if column == 2:
                return ", ".join(name for _id, name in row.people)
            text = row.title or ""
            snippet = " ".join(row.snippet.split())
            return f"{text} — {snippet}" if text and snippet else (text or snippet)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return row.snippet
        return None

    def summary(self, row: int) -> EntrySummary:
        return self._rows[row]


def _replace(query: EntryQuery, **changes: Any) -> EntryQuery:
    from dataclasses import replace

    return replace(query, **changes)


# -- Completer -----------------------------------------------------------------------------


class PeopleCompleter(QObject):
    """Suggests people by name as the user types into a line edit.

    ``chosen(person_id, name)`` fires when one is picked; with ``offer_new`` the last
    suggestion is "Add “text” as a new person", which fires with an empty id.
    """

    chosen = Signal(str, str)

    def __init__(
        self,
        line_edit: QLineEdit,
        journal: Journal,
        *,
        offer_new: bool = False,
        limit: int = 12,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or line_edit)
        self._edit = line_edit
        self._journal = journal
        self._offer_new = offer_new
        self._limit = limit
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setWidget(line_edit)
        # The index overload (the stubs do not type PySide's signal overload indexing).
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.refresh)
        line_edit.textEdited.connect(lambda _t: self._timer.start())
        line_edit.returnPressed.connect(self._return_pressed)

    def refresh(self) -> None:
        text = self._edit.text().strip()
        self.model.clear()
        if not text:
            self._popup().hide()
            return
        rows = self._journal.query_people(PeopleQuery(text=text, limit=self._limit))
        for row in rows:
            label = row.display_name
            extra = " · ".join(x for x in (row.organisation, row.location) if x)
            item = QStandardItem(f"{label} — {extra}" if extra else label)
            item.setData(row.id, ID_ROLE)
            item.setData(row.display_name, NEW_PERSON_ROLE)
            self.model.appendRow(item)
        exact = any(
            r.display_name.casefold() == text.casefold() or r.name.casefold() == text.casefold()
            for r in rows
        )
        if self._offer_new and not exact:
            item = QStandardItem(f"Add “{text}” as a new person")
            item.setData("", ID_ROLE)
            item.setData(text, NEW_PERSON_ROLE)
            self.model.appendRow(item)
        if self.model.rowCount():
            self.completer.complete()
            self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))
        else:
            self._popup().hide()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list on first use
        return popup

    def _activated(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE) or ""
        name = index.data(NEW_PERSON_ROLE) or ""
        self._popup().hide()
        QTimer.singleShot(0, self._edit.clear)
        self.chosen.emit(person_id, name)

    def _return_pressed(self) -> None:
        """Enter without using the popup: take the first suggestion (or the new name)."""
        if self._popup().isVisible():
            return
        self._timer.stop()
        self.refresh()
        if self.model.rowCount():
            self._activated(self.model.index(0, 0))

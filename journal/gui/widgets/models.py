"""Qt item models over the core's queries: the People list, the Journal list, completers.

Views never hold a widget per row: the People model keeps the core's ``PersonSummary``
rows (10,000 of them fit easily) loaded on the worker thread and sorts them itself;
a filter proxy narrows them as the user types. The Journal model fetches entries a page
at a time as the view scrolls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit

from journal.core.entries import EntryQuery, EntrySummary
from journal.core.journal import Journal
from journal.core.people import PeopleQuery, PersonSummary
from journal.core.wording import format_datetime, sort_key

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
    """All people matching the structural filters, sorted here in Python (fast at 10k)."""

    COLUMNS = ("Name", "Organisation", "Role", "Circle", "Last in touch", "Tags")
    loaded = Signal()

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._rows: list[PersonSummary] = []
        self._haystack: list[str] = []
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    # loading: the People page loads on the worker (``PeopleLoad``) and hands rows here
    @property
    def sort_order(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    def set_rows(self, loaded: PeopleLoad) -> None:
        """Show what a load found (GUI thread)."""
        self.beginResetModel()
        self._rows, self._haystack = loaded.rows, loaded.haystack
        if loaded.sort != self._sort:  # the user sorted by another column meanwhile
            self._sort_rows()
        self.endResetModel()
        self.loaded.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(row, index.column())
        if role == ID_ROLE:
            return row.id
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

    # sorting, done on the list (QSortFilterProxyModel would call data() ~10^5 times)
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows()
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        self._rows = _sorted(self._rows, *self._sort)
        self._haystack = _haystack(self._rows)

    # for the proxy and the page
    def summary(self, row: int) -> PersonSummary:
        return self._rows[row]

    def matches(self, row: int, needle: str, only: frozenset[str] | None) -> bool:
        if only is not None and self._rows[row].id not in only:
            return False
        return not needle or needle in self._haystack[row]

    def row_of(self, person_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == person_id:
                return i
        return -1


@dataclass(frozen=True)
class PeopleLoad:
    """People matching a query, sorted and folded for filtering (made on the worker)."""

    rows: list[PersonSummary]
    haystack: list[str]
    sort: tuple[int, Qt.SortOrder]

    @classmethod
    def of(cls, journal: Journal, query: PeopleQuery, sort: tuple[int, Qt.SortOrder]) -> PeopleLoad:
        rows = _sorted(journal.query_people(query), *sort)
        return cls(rows, _haystack(rows), sort)


def _sorted(rows: list[PersonSummary], column: int, order: Qt.SortOrder) -> list[PersonSummary]:
    """Rows in the order of a column; people never in touch stay last either way."""
    key = _SORT_KEYS.get(column, _SORT_KEYS[0])
    descending = order == Qt.SortOrder.DescendingOrder
    if column == 4:
        present = [r for r in rows if r.last_contact_at is not None]
        absent = [r for r in rows if r.last_contact_at is None]
        present.sort(key=key, reverse=descending)
        absent.sort(key=_SORT_KEYS[0])
        return present + absent
    return sorted(rows, key=key, reverse=descending)


def _haystack(rows: list[PersonSummary]) -> list[str]:
    """What the filter field searches in, per row, folded once."""
    return [
        f"{r.name}\x1f{r.preferred_name}\x1f{r.organisation}\x1f{r.role}".casefold() for r in rows
    ]


def _name_key(r: PersonSummary) -> tuple[Any, str]:
    return (sort_key(r.display_name), r.id)


def _text_key(text: str) -> tuple[bool, Any]:
    """Empty cells last, the rest in the reader's alphabetical order."""
    return (not text, sort_key(text))


_SORT_KEYS: dict[int, Callable[[PersonSummary], Any]] = {
    0: _name_key,
    1: lambda r: (_text_key(r.organisation), _name_key(r)),
    2: lambda r: (_text_key(r.role), _name_key(r)),
    3: lambda r: (_CIRCLE_ORDER.get(r.circle.value, 9), _name_key(r)),
    4: lambda r: (r.last_contact_at, _name_key(r)),
    5: lambda r: (_text_key(", ".join(r.tags)), _name_key(r)),
}


class PeopleFilter(QSortFilterProxyModel):
    """Narrows the People model by typed text and by a set of ids ("due"), leaving order
    to the source model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._only: frozenset[str] | None = None
        self.setDynamicSortFilter(False)

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    def set_only(self, ids: Sequence[str] | None) -> None:
        only = frozenset(ids) if ids is not None else None
        if only == self._only:
            return
        self._refilter(lambda: setattr(self, "_only", only))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PeopleModel)
        return model.matches(source_row, self._needle, self._only)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


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

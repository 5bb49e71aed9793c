"""The People page: everyone in the journal, sortable and filtered, smooth at 50,000.

One table view over ``PeopleModel`` (no widget per row, no row built until shown).
Filters, typed text, "due" and the column sorted by go to the core on the worker,
which answers the ids in order; the model reads their rows a window at a time.
Archive and delete (to the trash) can be undone from the notice bar or with Ctrl+Z.
Several rows selected (Shift/Ctrl+click, Ctrl+A) can be changed at once: circle,
cadence, tags, network kind, archive, trash, or merged; large selections ask first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QIdentityProxyModel,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from journal.core import bulk, operations
from journal.core.model import Circle, NetworkKind
from journal.core.people import PeopleQuery
from journal.core.wording import plural
from journal.gui.desktop.operations import run_op
from journal.gui.dialogs.merge import MergeDialog
from journal.gui.dialogs.person_edit import PersonDialog
from journal.gui.pages.base import Page
from journal.gui.shell import Shell
from journal.gui.widgets.bulk_actions import BulkActions
from journal.gui.widgets.common import PAGE_MARGINS, page_header, setup_list_view
from journal.gui.widgets.models import ID_ROLE, PeopleLoad, PeopleModel


@dataclass(frozen=True)
class PeopleRequest:
    """What one load of the People page asks: the filters, the column sorted by, the
    typed text, and whether only those due for a check-in."""

    query: PeopleQuery
    sort: tuple[int, Qt.SortOrder]
    text: str
    due: bool


@dataclass(frozen=True)
class PeopleData:
    """One load of the People page: the rows and the tags to filter by."""

    people: PeopleLoad
    tags: list[tuple[str, int]]


class PeopleTable(QTableView):
    """Enter opens the person, Delete moves them to the trash."""

    def __init__(
        self,
        on_open: Callable[[], None],
        on_delete: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_open = on_open
        self._on_delete = on_delete

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_open()
            return
        if key == Qt.Key.Key_Delete:
            self._on_delete()
            return
        super().keyPressEvent(event)


class PeoplePage(Page):
    """The list shows people and what their rows say: last in touch (entries), due
    (reminders, follow-ups, settings), whether they are in the trash."""

    SHOWS = frozenset({"person", "entry", "settings", "trash", "reminder", "follow_up"})

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("peoplePage")
        self._shell = shell
        self._journal = shell.journal
        self._select_after_load: str | None = None
        self._text = ""
        self.dialog: PersonDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        top, self.count = page_header("People", "peopleCount")
        self.add_button = QPushButton("&Add person…")
        self.add_button.setObjectName("addPerson")
        self.add_button.setToolTip("Add someone to the journal (Ctrl+Shift+N)")
        self.add_button.clicked.connect(self.add_person)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        layout.addWidget(self.load_message)

        filters = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("peopleFilter")
        self.filter.setPlaceholderText("Filter by name, organisation or role")
        self.filter.setAccessibleName("Filter people")
        self.filter.setClearButtonEnabled(True)
        filters.addWidget(self.filter, 2)
        self.circle = QComboBox()
        self.circle.setAccessibleName("Circle filter")
        self.circle.addItem("All circles", None)
        for circle in Circle:
            self.circle.addItem(circle.label, circle.value)
        filters.addWidget(self.circle)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag filter")
        # Its tags arrive with the first load, after the page is first shown: as wide
        # as the longest of them, as when they were read before showing.
        self.tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag.addItem("All tags", None)
        filters.addWidget(self.tag)
        self.network = QComboBox()
        self.network.setAccessibleName("Network filter")
        self.network.addItem("All networks", None)
        for kind in NetworkKind:
            self.network.addItem(kind.value.capitalize(), kind.value)
        filters.addWidget(self.network)
        self.due = QCheckBox("&Due for a check-in")
        self.due.setObjectName("dueFilter")
        filters.addWidget(self.due)
        self.archived = QCheckBox("Show arc&hived")
        filters.addWidget(self.archived)
        layout.addLayout(filters)

        self.model = PeopleModel(self._journal, self)
        # The view's model: the list itself (the core filters and sorts); kept as a
        # proxy so the view's sorting reaches ``PeopleModel.sort``.
        self.proxy = QIdentityProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = PeopleTable(self.open_current, self.delete_current)
        setup_list_view(self.table, "peopleTable")
        self.table.setAccessibleName("People")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        for column, width in enumerate((200, 190, 150, 110, 110)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.edit_button = QPushButton("&Edit…")
        self.archive_button = QPushButton("A&rchive")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setObjectName("deletePerson")
        self.delete_button.setToolTip("Move to the trash (Delete); you can undo it")
        for button, slot in (
            (self.open_button, self.open_current),
            (self.edit_button, self.edit_current),
            (self.archive_button, self.archive_current),
            (self.delete_button, self.delete_current),
        ):
            button.clicked.connect(slot)
            actions.addWidget(button)
        self.bulk = BulkActions(self._journal, self, host=shell)
        self.bulk.failed.connect(shell.notify)
        self.bulk.merge_requested.connect(self.merge)
        self.bulk_button = QPushButton("&Change selected…")
        self.bulk_button.setObjectName("bulkActions")
        self.bulk_button.setToolTip(
            "Change everyone selected at once: circle, cadence, tags, "
            "network kind, archive, trash, merge"
        )
        self.bulk_button.clicked.connect(self.show_bulk_menu)
        actions.addWidget(self.bulk_button)
        actions.addStretch(1)
        self.duplicates_button = QPushButton("Possible d&uplicates…")
        self.duplicates_button.setObjectName("reviewDuplicates")
        self.duplicates_button.setToolTip("Review people who may be recorded twice")
        self.duplicates_button.clicked.connect(self.review_duplicates)
        actions.addWidget(self.duplicates_button)
        layout.addLayout(actions)
        self.merge_dialog: MergeDialog | None = None
        self.duplicates_dialog: QDialog | None = None

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(120)
        self._text_timer.timeout.connect(lambda: self._apply_text())
        self.filter.textChanged.connect(lambda _t: self._text_timer.start())
        for combo in (self.circle, self.tag, self.network):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.archived.toggled.connect(lambda _on: self.reload())
        self.due.toggled.connect(lambda _on: self.mark_stale())
        self.due.setToolTip(
            "People the reminder engine says are due for a check-in today, before the daily limit"
        )
        self.model.loaded.connect(self._loaded)
        self.model.order_changed.connect(self.mark_stale)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_count())
        self._update_buttons()

    # loading --------------------------------------------------------------------------

    def query(self) -> PeopleQuery:
        circle = self.circle.currentData()
        kind = self.network.currentData()
        return PeopleQuery(
            circle=Circle(circle) if circle else None,
            tag=self.tag.currentData(),
            network_kind=NetworkKind(kind) if kind else None,
            include_archived=self.archived.isChecked(),
        )

    def request(self) -> PeopleRequest:
        return PeopleRequest(self.query(), self.model.sort_order, self._text, self.due.isChecked())

    def show_loading(self) -> None:
        current = self.current_id()
        if current and not self._select_after_load:
            self._select_after_load = current
        self.count.setText("Loading…")

    def load(self, request: PeopleRequest) -> PeopleData:
        """Who matches the filters, in order, with the first window of rows, and the
        tags for the tag filter (worker; "due" asks the engine, which reads the whole
        journal)."""
        only = None
        if request.due:
            from journal.core import engine

            only = frozenset(engine.due_person_ids(self.journal))
        order = PeopleLoad.order(request.query, request.sort, request.text, only)
        return PeopleData(PeopleLoad.of(self.journal, order, request.sort), self.journal.tags())

    def show_data(self, data: PeopleData) -> None:
        self._refresh_tags(data.tags)
        self.model.set_rows(data.people)

    def show_error(self, text: str) -> None:
        self.count.setText("")
        super().show_error(text)

    def _refresh_tags(self, tags: list[tuple[str, int]]) -> None:
        chosen = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All tags", None)
        for tag, count in tags:
            self.tag.addItem(f"{tag} ({count})", tag)
        index = self.tag.findData(chosen)
        self.tag.setCurrentIndex(max(index, 0))
        self.tag.blockSignals(False)

    def _loaded(self) -> None:
        self._update_count()
        if self._select_after_load:
            self.select(self._select_after_load)
            self._select_after_load = None

    def _apply_text(self) -> None:
        text = " ".join(self.filter.text().split())
        if text != self._text:
            self._text = text
            self.mark_stale()

    def _update_count(self) -> None:
        if self.is_loading:
            return
        shown, total = self.model.rowCount(), self.model.total
        if shown == total:
            text = plural(total, "person")
        else:
            text = f"{shown:,} of {plural(total, 'person')}"
        selected = len(self.table.selectionModel().selectedRows())
        if selected > 1:
            text += f" · {selected:,} selected"
        self.count.setText(text)
        self._update_buttons()

    # selection and actions -------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.data(index, ID_ROLE) for index in rows]

    def current_id(self) -> str | None:
        ids = self.selected_ids()
        if ids:
            return ids[0]
        index = self.table.currentIndex()
        return self.proxy.data(index, ID_ROLE) if index.isValid() else None

    def select(self, person_id: str) -> bool:
        row = self.model.row_of(person_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        ids = self.selected_ids()
        has = bool(ids)
        for button in (
            self.open_button,
            self.edit_button,
            self.archive_button,
            self.delete_button,
            self.bulk_button,
        ):
            button.setEnabled(has)
        self.bulk_button.setText(
            f"&Change {len(ids):,} selected…" if len(ids) > 1 else "&Change selected…"
        )
        if ids:
            archived = self._journal.all_archived(ids)
            self.archive_button.setText("Un&archive" if archived else "A&rchive")

    def open_current(self) -> None:
        person_id = self.current_id()
        if person_id:
            self._shell.open_person(person_id)

    def add_person(self) -> None:
        self.dialog = PersonDialog(
            self._journal, None, self, on_saved=self._added, host=self._shell
        )
        self.dialog.open()

    def _added(self, person_id: str) -> None:
        self._shell.open_person(person_id)

    def edit_current(self) -> None:
        person_id = self.current_id()
        if not person_id:
            return
        try:
            person = self._journal.person(person_id)
        except Exception as exc:
            self._shell.report(exc)
            return
        self.dialog = PersonDialog(self._journal, person, self, host=self._shell)
        self.dialog.open()

    def archive_current(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        archive = not self._journal.all_archived(ids)
        if len(ids) >= bulk.CONFIRM_AT:  # one question, one transaction, one undo
            self.bulk.set_archived(ids, archive)
            return
        run_op(self._shell, self._journal, operations.set_archived, ids, archive)

    def delete_current(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if len(ids) > 1:
            self.bulk.delete(ids)  # asks first, then one trash item for all of them
            return
        delete_people(self._shell, ids)

    def show_bulk_menu(self) -> None:
        ids = self.selected_ids()
        if ids:
            menu = self.bulk.menu(ids, self)
            menu.popup(self.bulk_button.mapToGlobal(self.bulk_button.rect().bottomLeft()))

    def merge(self, ids: list[str]) -> None:
        """The side-by-side merge of the selected people."""
        try:
            self.merge_dialog = MergeDialog(self._journal, ids, self)
        except Exception as exc:
            self._shell.report(exc)
            return
        dialog = self.merge_dialog
        dialog.finished.connect(lambda _code: self._merged(dialog))
        dialog.open()

    def _merged(self, dialog: MergeDialog) -> None:
        change = dialog.change
        if change is None:
            return
        self._shell.did(change)
        self._select_after_load = change.result.survivor_id

    def review_duplicates(self) -> None:
        """Suggested duplicates, one pair at a time, in a window of their own."""
        from journal.gui.dialogs.duplicates import DuplicatesReview

        dialog = QDialog(self)
        dialog.setWindowTitle("Possible duplicates")
        column = QVBoxLayout(dialog)
        try:
            review = DuplicatesReview(self._journal, dialog, host=self._shell)
        except Exception as exc:
            self._shell.report(exc)
            return
        review.merged.connect(lambda r: setattr(self, "_select_after_load", r.survivor_id))
        review.failed.connect(self._shell.notify)
        column.addWidget(review)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        column.addWidget(close)
        dialog.resize(max(720, dialog.sizeHint().width()), dialog.sizeHint().height())
        self.duplicates_dialog = dialog
        dialog.open()

    def _viewport(self) -> QWidget:
        viewport = self.table.viewport()
        assert viewport is not None  # a table view always has one
        return viewport

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        if index.row() not in {i.row() for i in self.table.selectionModel().selectedRows()}:
            self.table.selectRow(index.row())
        menu = QMenu(self)
        ids = self.selected_ids()
        if len(ids) > 1:
            menu.addAction("Write an entry with them…", lambda: self._shell.new_entry(ids))
            menu.addSeparator()
            for action in self.bulk.menu(ids, menu).actions():
                menu.addAction(action)
            menu.popup(self._viewport().mapToGlobal(pos))
            return
        menu.addAction("Open", self.open_current)
        menu.addAction(
            "Write an entry with them…", lambda: self._shell.new_entry(self.selected_ids())
        )
        menu.addAction("Edit…", self.edit_current)
        menu.addSeparator()
        menu.addAction(self.archive_button.text().replace("&", ""), self.archive_current)
        menu.addAction("Move to trash", self.delete_current)
        menu.popup(self._viewport().mapToGlobal(pos))

    def focus_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0, QModelIndex()))


def delete_people(shell: Shell, ids: list[str]) -> None:
    """Move people to the trash in one step, and offer to bring them back."""
    run_op(shell, shell.journal, operations.trash_people, ids)

"""Search as you type under the window's search field: people, details and entries.

Each keystroke starts a core ``search()`` on the search worker (``tasks.run(...,
search=True)``: not the page loads' queue, where it would wait behind them) and cancels
the one before it, so a fast typist never waits for answers to letters already
replaced. An answer that arrives for anything but the latest text is dropped. The list shows the core's
hits as they are, highlighted; Up/Down choose, Enter or a click opens, Escape closes.
No SQL and no ranking here: the core decides what matches and in which order.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.core import search as search_core
from journal.core.highlight import to_html
from journal.gui.desktop import tasks

log = logging.getLogger(__name__)

LIMIT = 20
#: Results shown without scrolling; the popup is as tall as these and no taller.
MAX_ROWS = 8
KIND_LABELS = {"person": "Person", "facet": "Detail", "entry": "Entry"}


class SearchPopup(QFrame):
    """The results list for ``field``; emits what the person chose to open."""

    person_chosen = Signal(str)
    entry_chosen = Signal(str)

    def __init__(self, field: QLineEdit, journal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or field.window(), Qt.WindowType.ToolTip)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.field = field
        self.journal = journal
        self._latest = search_core.LatestOnly()
        self.hits: list[search_core.SearchHit] = []

        self.list = QListWidget()
        self.list.setObjectName("searchResults")
        self.list.setAccessibleName("Search results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar only when there are more results than fit (MAX_ROWS).
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.itemClicked.connect(lambda item: self._open(self.list.row(item)))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(self.status)

        field.textEdited.connect(self.search)
        field.installEventFilter(self)
        field.returnPressed.connect(lambda: self._open(max(self.list.currentRow(), 0)))

    # searching --------------------------------------------------------------------------

    @Slot(str)
    def search(self, text: str) -> None:
        token = self._latest.begin()
        if not text.strip():
            self._clear()
            return
        generation, journal = self._latest.generation, self.journal

        def find() -> list[search_core.SearchHit]:
            if token.cancelled:  # another letter was typed while this one waited
                raise search_core.SearchCancelled
            return search_core.search(journal, text, limit=LIMIT, cancel=token)

        tasks.run(
            find,
            on_done=lambda hits: self._show_hits(generation, text, hits),
            on_error=lambda exc: self._show_error(generation, exc),
            owner=self,
            search=True,
        )

    def wait(self, ms: int = 5000) -> bool:
        """For tests and shutdown: let the worker finish what it has."""
        return tasks.search_pool().waitForDone(ms)

    def shutdown(self) -> None:
        """Before locking: the search under way stops at its next check."""
        self._latest.cancel()
        tasks.search_pool().waitForDone(5000)

    def _show_hits(self, generation: int, text: str, hits: list[search_core.SearchHit]) -> None:
        if generation != self._latest.generation or text != self.field.text():
            return  # an answer to letters the person has already replaced
        self.hits = hits
        self.list.clear()
        self.resize(self._width(), self.height())
        bar = self.list.verticalScrollBar().sizeHint().width() if len(hits) > MAX_ROWS else 0
        text_width = self._width() - bar - 2 * self.list.frameWidth() - 4
        for hit in hits:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _plain_line(hit))
            label = QLabel(_rich_line(hit))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(8, 4, 8, 4)
            label.setWordWrap(True)
            label.setFixedWidth(text_width)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(QSize(text_width, label.heightForWidth(text_width)))
            self.list.addItem(item)
            self.list.setItemWidget(item, label)
        if hits:
            self.list.setCurrentRow(0)
            self.status.hide()
        else:
            self.status.setText("Nothing found. Try fewer letters or another word.")
            self.status.show()
        self.list.setVisible(bool(hits))
        self._place()

    def _show_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._latest.generation or isinstance(exc, search_core.SearchCancelled):
            return
        log.warning("search failed: %s", type(exc).__name__)
        self.hits = []
        self.list.clear()
        self.list.hide()
        self.status.setText(
            str(exc) if _is_user_error(exc) else "Search failed; try again in a moment."
        )
        self.status.show()
        self._place()

    def _clear(self) -> None:
        self.hits = []
        self.list.clear()
        self.hide()

    def _place(self) -> None:
        if not self.field.isVisible():
            return
        width = self._width()
        rows = min(len(self.hits), MAX_ROWS)
        frame = 2 * self.list.frameWidth() + 2
        height = sum(self.list.sizeHintForRow(i) for i in range(rows)) + frame if rows else 0
        if rows:
            # Exactly the rows' height: a list's own minimum would leave blank rows.
            self.list.setFixedHeight(height)
        height += 2  # the popup's own margins
        if self.status.isVisible():
            height += self.status.sizeHint().height() + 8
        self.resize(width, max(height, 28))
        self.move(self.field.mapToGlobal(QPoint(0, self.field.height() + 2)))
        self.show()
        self.raise_()

    def _width(self) -> int:
        return max(self.field.width(), 520)

    # choosing ---------------------------------------------------------------------------

    def _open(self, row: int) -> None:
        if not self.isVisible() or not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        self._latest.cancel()
        self._clear()
        if hit.kind == "entry":
            self.entry_chosen.emit(hit.id)
        elif hit.person_id:
            self.person_chosen.emit(hit.person_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field:
            if (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
                and not self.isVisible()
                and self.field.text()
            ):
                self.field.clear()  # Escape leaves no old query behind
                return True
            if (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and self.isVisible()
            ):
                key = event.key()
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.hits:
                    step = 1 if key == Qt.Key.Key_Down else -1
                    row = (self.list.currentRow() + step) % len(self.hits)
                    self.list.setCurrentRow(row)
                    return True
                if key == Qt.Key.Key_Escape:
                    self._latest.cancel()
                    self._clear()
                    self.field.clear()
                    return True
            elif event.type() == QEvent.Type.FocusOut:
                self.hide()
        return super().eventFilter(watched, event)


def _rich_line(hit: search_core.SearchHit) -> str:
    kind = KIND_LABELS.get(hit.kind, hit.kind)
    top = f"<b>{to_html(hit.title, 'u')}</b>"
    meta = html.escape(" · ".join(x for x in (kind, hit.subtitle) if x))
    lines = [f"{top} <span style='color: palette(placeholder-text)'>{meta}</span>"]
    if hit.snippet:
        lines.append(f"<small>{to_html(hit.snippet)}</small>")
    return "<br>".join(lines)


def _plain_line(hit: search_core.SearchHit) -> str:
    from journal.core.highlight import plain

    return " — ".join(x for x in (plain(hit.title), hit.subtitle, plain(hit.snippet)) if x)


def _is_user_error(exc: BaseException) -> bool:
    from journal.core.errors import JournalError

    return isinstance(exc, JournalError)

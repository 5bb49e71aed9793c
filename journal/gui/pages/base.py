"""What every sidebar page shares: when to load, where, and what to do with the answer.

A page says which kinds of change it shows (``SHOWS``), what to load (``request()`` on
the GUI thread: the filters, which person; ``load(request)`` on the worker: the core
calls) and how to show it (``show_data(data)`` on the GUI thread). The base does the rest,
the same way on every page:

- it listens to the journal's changes (``Shell.events``) and marks itself stale when a
  change it shows arrives (a change made by another process, ``OUTSIDE_CHANGE``, always);
- a visible page reloads once per burst of changes; a hidden one stays stale and reloads
  once when it is shown again (never on every change while nobody looks);
- a load started after another supersedes it: the older answer is dropped (generation);
- a load that fails shows a sentence on the page (``show_error``), never a traceback;
- ``is_loading`` and the ``loaded`` signal tell tests (and the window) when it is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

from journal.core.journal import OUTSIDE_CHANGE
from journal.gui.desktop import tasks
from journal.gui.shell import Shell
from journal.gui.widgets.common import PAGE_MARGINS, MessageLabel, user_message


class Page(QWidget):
    """A page of the main window that loads on the worker and stays fresh.

    Subclasses set ``SHOWS`` (the change kinds that make them stale; ``None`` for every
    kind) and implement ``load`` and ``show_data``; ``request`` when the load depends on
    what is chosen on the page. ``load`` runs on the worker thread: it may use only its
    ``request`` and the journal (``self.journal``), never a widget.
    """

    #: The change kinds this page shows; ``None``: every change makes it stale.
    SHOWS: ClassVar[frozenset[str] | None] = None
    #: How long a visible page waits after a change before reloading, so a burst of
    #: changes (an import, a sync) costs one load. Heavy pages wait longer.
    RELOAD_DELAY_MS: ClassVar[int] = 0

    #: The latest load was shown (or its error was).
    loaded = Signal()

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.journal = shell.journal
        self._stale = True
        self._generation = 0
        self._loading = False
        #: Where a failed load is told, unless the page overrides ``show_error``; the
        #: page puts it in its layout where a message reads best.
        self.load_message = MessageLabel()
        self.load_message.setObjectName("loadError")
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(self.RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._reload_if_stale)
        shell.events.changed.connect(self._journal_changed)

    # what subclasses write ---------------------------------------------------------------

    def request(self) -> Any:
        """What to load, read from the page's widgets on the GUI thread."""
        return None

    def load(self, request: Any) -> Any:
        """The core calls behind the page (on the worker); returns what ``show_data`` shows."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Put a load's answer on screen (GUI thread)."""
        raise NotImplementedError

    def show_loading(self) -> None:
        """A load has started (a "Loading…" line, if the page has one)."""

    def show_error(self, text: str) -> None:
        """A load failed: ``text`` says so in a sentence."""
        self.load_message.show_error(text)

    def is_relevant(self, kind: str, ids: Sequence[str]) -> bool:
        """Whether a change of ``kind`` to ``ids`` makes this page stale."""
        return self.SHOWS is None or kind in self.SHOWS

    # the page's body ---------------------------------------------------------------------

    def add_scroll_area(self, outer: QBoxLayout | None = None) -> QScrollArea:
        """A frameless scroll area filling the page (``self.scroll_area``), in ``outer``
        when the page puts something beside it, else in a margin-less column of its own."""
        if outer is None:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area, 1)
        return self.scroll_area

    def scroll_column(self, spacing: int, outer: QBoxLayout | None = None) -> QVBoxLayout:
        """The usual page body: a scroll area (``add_scroll_area``) holding one content
        widget with the page margins; returns the content's column to fill."""
        content = QWidget()
        self.add_scroll_area(outer).setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(spacing)
        return layout

    # what the base does ------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        """A load was started and its answer is not on screen yet."""
        return self._loading

    @property
    def is_stale(self) -> bool:
        """The journal changed since the last load (the page reloads when next shown)."""
        return self._stale

    @property
    def generation(self) -> int:
        """The latest load's number: an answer for an older one is dropped."""
        return self._generation

    def mark_stale(self) -> None:
        """Reload when visible: soon if shown now, else when next shown."""
        self._stale = True
        if self.isVisible():
            self._reload_timer.start()

    def reload(self) -> None:
        """Load now (and drop the answer of any load still running)."""
        self._reload_timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.show_loading()
        try:
            request = self.request()
        except Exception as exc:
            self._failed(generation, exc)
            return
        tasks.run(
            lambda: self.load(request),
            on_done=lambda data: self._done(generation, data),
            on_error=lambda exc: self._failed(generation, exc),
            owner=self,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _journal_changed(self, kind: str, ids: list[str]) -> None:
        if kind == OUTSIDE_CHANGE or self.is_relevant(kind, ids):
            self.mark_stale()

    def _reload_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.reload()

    def _done(self, generation: int, data: Any) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.load_message.clear_message()
        self.show_data(data)
        self.loaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.show_error(user_message(exc))
        self.loaded.emit()

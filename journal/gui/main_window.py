"""The main window: a sidebar (Today, People, Journal, Insights, Map), a search field always at
hand (Ctrl+K, Ctrl+F), the pages, and a notice bar that offers Undo.

The window owns navigation, the entry editor, and Edit ▸ Undo (Ctrl+Z), which undoes the
latest operation through the journal's persistent undo log (``core.operations``), after
a restart too; pages ask for these through the ``Shell`` protocol. It holds no business logic: every action is a core call.
"""

from __future__ import annotations

import enum
import functools
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal import APP_NAME
from journal.core import capture as capture_core
from journal.core import operations
from journal.core.errors import JournalError, NotFound
from journal.core.journal import Journal
from journal.core.model import EntryKind
from journal.core.operations import Change
from journal.gui import icons, theme
from journal.gui.desktop import tasks
from journal.gui.desktop.operations import run_op
from journal.gui.dialogs.about import show_about
from journal.gui.pages.base import Page
from journal.gui.pages.today import TodayPage
from journal.gui.widgets.common import Banner, NoticeBar, show_error
from journal.gui.widgets.models import JournalEvents
from journal.gui.widgets.search import SearchPopup

if TYPE_CHECKING:  # imported when first used: vobject and icalendar cost ~0.2 s at start;
    # the editor, Settings and the pages not shown first cost memory (see ``page``)
    from journal.gui.dialogs.ask import AskDialog
    from journal.gui.dialogs.entry_editor import EntryEditor
    from journal.gui.dialogs.interop import ExportDialog, ImportDialog
    from journal.gui.dialogs.settings import SettingsDialog
    from journal.gui.dialogs.trash import TrashDialog
    from journal.gui.pages.insights import InsightsPage
    from journal.gui.pages.journal import JournalPage
    from journal.gui.pages.map import MapPage
    from journal.gui.pages.people import PeoplePage
    from journal.gui.pages.person import PersonPage


class PageName(enum.Enum):
    """The window's pages, by name: the sidebar's five (in its order, Ctrl+1 to Ctrl+5)
    and the person's page, reached from them."""

    TODAY = "Today"
    PEOPLE = "People"
    JOURNAL = "Journal"
    INSIGHTS = "Insights"
    MAP = "Map"
    PERSON = "Person"

    @property
    def icon(self) -> str:
        return self.name.lower()


#: The sidebar, top to bottom; a person's page belongs with People there.
SIDEBAR = (PageName.TODAY, PageName.PEOPLE, PageName.JOURNAL, PageName.INSIGHTS, PageName.MAP)
NOTICE_MS = 12_000
#: How often a shown window asks whether another process (``journal log`` in a
#: terminal, a second Rapport) changed the journal: one cheap pragma, only while shown.
OUTSIDE_CHECK_MS = 3_000
#: How long after the first Today is shown People and a person's page are made.
PAGES_AFTER_READY_MS = 300


class MainWindow(QMainWindow):
    lock_requested = Signal()
    #: File > Quit: leave the app (closing the window may only hide it in the tray).
    quit_requested = Signal()
    ready = Signal()
    #: Settings → Backups → Restore, confirmed (a ``RestoreRequest``): the session
    #: closes this window, restores and opens a new one.
    restore_requested = Signal(object)
    #: "Set up my own journal" on the sample journal's banner.
    own_journal_requested = Signal()

    def __init__(
        self,
        journal: Journal,
        *,
        settings: QSettings | None = None,
        sample: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.events = JournalEvents(journal, self)
        self._settings = settings
        self._history: list[PageName] = []
        self.editor: EntryEditor | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.trash_dialog: TrashDialog | None = None
        self._ready_sent = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(900, 600))

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner: Banner | None = None
        if sample:
            self.banner = Banner(
                "This is a sample journal: nothing here is yours.",
                [("Set up &my own journal", self.own_journal_requested.emit)],
            )
            self.banner.setObjectName("sampleBanner")
            self.banner.buttons[0].setObjectName("ownJournal")
            column.addWidget(self.banner)
            # The platform adds " — Rapport" (the application's display name) itself:
            # "Sample journal — Rapport", never "Rapport (sample journal) - Rapport".
            self.setWindowTitle("Sample journal")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        column.addLayout(row, 1)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Sections")
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setFixedWidth(188)
        self.sidebar.setSpacing(1)
        self.sidebar.setIconSize(QSize(20, 20))
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.sidebar.setFont(font)
        for i, name in enumerate(SIDEBAR):
            item = QListWidgetItem(icons.icon(name.icon), name.value)
            item.setToolTip(f"{name.value} (Ctrl+{i + 1})")
            self.sidebar.addItem(item)
        row.addWidget(self.sidebar)
        divider = QFrame()
        divider.setObjectName("sidebarDivider")
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Plain)
        row.addWidget(divider)

        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(theme.SPACE_XL, theme.SPACE_M, theme.SPACE_XL, theme.SPACE_XS)
        bar.setSpacing(theme.SPACE_S)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search people, details, entries…  (Ctrl+K)")
        self.search.setAccessibleName("Search the journal")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_popup = SearchPopup(self.search, journal, self)
        self.search_popup.person_chosen.connect(self.open_person)
        self.search_popup.entry_chosen.connect(self._open_found_entry)
        bar.addWidget(self.search, 1)
        bar.addStretch(1)
        new_entry = QPushButton(icons.icon("new-entry"), "&New entry")
        new_entry.setObjectName("newEntry")
        new_entry.setToolTip("Write an entry (Ctrl+N)")
        new_entry.clicked.connect(lambda: self.new_entry_here())
        bar.addWidget(new_entry)
        lock = QPushButton(icons.icon("lock"), "Lock")
        lock.setObjectName("lockButton")
        lock.setToolTip("Lock the journal now (Ctrl+L)")
        lock.clicked.connect(self.lock_requested.emit)
        bar.addWidget(lock)
        main.addLayout(bar)

        self.stack = QStackedWidget()
        self.today = TodayPage(self)
        #: Every page made so far, by name. Only Today is made with the window: the
        #: others when first shown (``page``), People and a person's page also once the
        #: first Today is on screen (``_make_pages``), so the first look at them
        #: waits for nothing while the start does not wait for them either (their
        #: modules and widgets are ~30 ms of the GUI thread before Today could show).
        self.pages: dict[PageName, Page] = {PageName.TODAY: self.today}
        self.stack.addWidget(self.today)
        main.addWidget(self.stack, 1)
        self.notice = NoticeBar()
        main.addWidget(self.notice)
        row.addLayout(main, 1)
        self.setCentralWidget(central)

        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.dismiss)
        # Stopped while the window is hidden (in the tray): no polling nobody sees.
        self._outside_timer = QTimer(self)
        self._outside_timer.setInterval(OUTSIDE_CHECK_MS)
        self._outside_timer.timeout.connect(self.check_outside_changes)

        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self.sidebar.itemClicked.connect(lambda item: self._sidebar_changed(self.sidebar.row(item)))
        self.today.loaded.connect(self._maybe_ready)
        self._build_menus()
        self._restore_geometry()
        self.sidebar.setCurrentRow(0)

    def page(self, name: PageName) -> Page:
        """The page called ``name``, made (and put in the stack) on first use."""
        page = self.pages.get(name)
        if page is None:
            if name is PageName.PEOPLE:
                from journal.gui.pages.people import PeoplePage

                page = PeoplePage(self)
            elif name is PageName.PERSON:
                from journal.gui.pages.person import PersonPage

                person_page = PersonPage(self)
                person_page.back.connect(self.go_back)
                page = person_page
            elif name is PageName.JOURNAL:
                from journal.gui.pages.journal import JournalPage

                page = JournalPage(self)
            elif name is PageName.INSIGHTS:
                from journal.gui.pages.insights import InsightsPage

                page = InsightsPage(self)
            else:  # the map: Today is made with the window
                from journal.gui.pages.map import MapPage

                page = MapPage(self)
            self.pages[name] = page
            self.stack.addWidget(page)
        return page

    @property
    def people(self) -> PeoplePage:
        """The People page (made on first use)."""
        return cast("PeoplePage", self.page(PageName.PEOPLE))

    @property
    def person_page(self) -> PersonPage:
        """A person's page (made on first use)."""
        return cast("PersonPage", self.page(PageName.PERSON))

    @property
    def journal_page(self) -> JournalPage:
        """The Journal page, every entry (made on first use)."""
        return cast("JournalPage", self.page(PageName.JOURNAL))

    @property
    def insights(self) -> InsightsPage:
        """The Insights page (made on first use)."""
        return cast("InsightsPage", self.page(PageName.INSIGHTS))

    @property
    def map_page(self) -> MapPage:
        """The relationship map's page (made on first use)."""
        return cast("MapPage", self.page(PageName.MAP))

    # menus and shortcuts ----------------------------------------------------------------

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        *keys: str | QKeySequence.StandardKey,
    ) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&New entry…", self.new_entry_here, "Ctrl+N")
        self._action(file, "&Add person…", self.add_person, "Ctrl+Shift+N")
        file.addSeparator()
        self._action(file, "&Import contacts…", self.import_contacts, "Ctrl+Shift+I")
        self._action(file, "&Export…", self.export_journal, "Ctrl+Shift+E")
        file.addSeparator()
        self._action(file, "&Settings…", self.open_settings, "Ctrl+,")
        self.lock_action = self._action(file, "&Lock now", self.lock_requested.emit, "Ctrl+L")
        file.addSeparator()
        self._action(file, "&Quit", self.quit_requested.emit, "Ctrl+Q")
        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        # What Ctrl+Z undoes is read from the journal: at start (a step from before a
        # restart) and after any change (the tray's snooze, an undo).
        self.events.changed.connect(lambda *_: self.refresh_undo())
        self.refresh_undo()
        self._action(edit, "&Search", self.focus_search, "Ctrl+K", "Ctrl+F")
        self._action(edit, "&Who could help…", self.ask_network, "Ctrl+Shift+K")
        self._action(edit, "&Review what Rapport noticed…", self.review_proposals)
        edit.addSeparator()
        self._action(edit, "&Trash…", self.open_trash)
        go = bar.addMenu("&Go")
        for i, name in enumerate(SIDEBAR):
            self._action(
                go, f"&{name.value}", functools.partial(self.show_page, name), f"Ctrl+{i + 1}"
            )
        go.addSeparator()
        self._action(go, "&Back", self.go_back, "Alt+Left")
        self.help_menu = bar.addMenu("&Help")
        self._add_about()

    def review_proposals(self) -> None:
        """What Rapport noticed in entries and the user left for later."""
        from journal.gui.dialogs.proposals import review_pending

        if review_pending(self.journal, self, self.notify, host=self) is None:
            self.notify(
                "Nothing waits for review. What Rapport notices in an entry is shown when "
                "you save it."
            )

    def open_trash(self) -> TrashDialog:
        """Edit ▸ Trash: restore an item, or empty the trash for good (asks first)."""
        from journal.gui.dialogs.trash import TrashDialog

        if self.trash_dialog is not None and self.trash_dialog.isVisible():
            self.trash_dialog.raise_()
            return self.trash_dialog
        self.trash_dialog = TrashDialog(self.journal, self, host=self)
        self.trash_dialog.said.connect(self.notify)
        self.trash_dialog.open()
        return self.trash_dialog

    def _add_about(self) -> None:
        self._action(self.help_menu, f"&About {APP_NAME}", lambda: show_about(self))

    # navigation ------------------------------------------------------------------------------

    def _sidebar_changed(self, row: int) -> None:
        if 0 <= row < len(SIDEBAR) and SIDEBAR[row] is not self.current_page_name():
            self._go(SIDEBAR[row])

    def _go(self, name: PageName, remember: bool = True) -> None:
        current = self.current_page_name()
        if remember and current is not name:
            self._history.append(current)
            del self._history[:-20]
        self.stack.setCurrentWidget(self.page(name))
        # A person's page belongs with People in the sidebar.
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(SIDEBAR.index(name) if name in SIDEBAR else 1)
        self.sidebar.blockSignals(False)

    def show_page(self, name: PageName) -> None:
        """Bring a page to the front (People: with the keyboard in its list)."""
        self._go(name)
        if name is PageName.PEOPLE:
            self.people.focus_table()

    def go_back(self) -> None:
        while self._history:
            name = self._history.pop()
            if name is not self.current_page_name():
                self._go(name, remember=False)
                return
        self._go(PageName.TODAY, remember=False)

    def current_page_name(self) -> PageName:
        page = self.stack.currentWidget()
        return next((name for name, p in self.pages.items() if p is page), PageName.TODAY)

    def current_page(self) -> QWidget:
        page = self.stack.currentWidget()
        assert page is not None  # Today is in the stack from the start
        return page

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # Shell ----------------------------------------------------------------------------------

    def open_person(self, person_id: str) -> None:
        self.search.clear()
        self.person_page.show_person(person_id)
        self._go(PageName.PERSON)
        self.person_page.setFocus()

    def _open_found_entry(self, entry_id: str) -> None:
        self.search.clear()
        self.edit_entry(entry_id)

    def new_entry_here(self) -> None:
        """Ctrl+N: a new entry, with the person whose page is open already in it."""
        on_person_page = self.current_page_name() is PageName.PERSON
        person = self.person_page.person if on_person_page else None
        self.new_entry([person.id] if person is not None else [])

    def ask_network(self, question: str = "") -> AskDialog:
        """The question box: who in the journal could help with something."""
        # Imported when first asked: matching loads numpy, which the first window does
        # not need (tests/gui/test_startup_imports.py).
        from journal.gui.dialogs.ask import AskDialog

        dialog = AskDialog(self.journal, self, report=self.report)
        dialog.person_chosen.connect(self.open_person)
        dialog.write_chosen.connect(
            lambda person_id, text: self.new_entry([person_id], title=text, kind=EntryKind.MESSAGE)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if question:
            dialog.set_question(question)
        dialog.question.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return dialog

    def add_person(self) -> None:
        self._go(PageName.PEOPLE)
        self.people.add_person()

    def new_entry(
        self,
        person_ids: Sequence[str] = (),
        *,
        title: str = "",
        kind: EntryKind = EntryKind.MEETING,
        hint: str = "",
        on_saved: Callable[[str], None] | None = None,
        capture: capture_core.Capture | None = None,
    ) -> None:
        if self._raise_editor():
            return
        draft_id = f"entry-editor:new:{uuid.uuid4()}"
        # ``capture``: an entry already filled in (a meeting's people, time and place).
        from journal.gui.dialogs.entry_editor import EntryEditor, capture_for

        capture = capture or capture_for(self.journal, person_ids, title=title, kind=kind)
        self._open_editor(
            EntryEditor(
                self, capture=capture, parent=self, on_saved=on_saved, draft_id=draft_id, hint=hint
            )
        )

    def edit_entry(self, entry_id: str) -> None:
        if self._raise_editor():
            return
        try:
            entry = self.journal.entry(entry_id)
        except NotFound as exc:
            self.report(exc)
            return
        from journal.gui.dialogs.entry_editor import EntryEditor, draft_id_for

        draft_id = draft_id_for(entry_id)
        stored = self.journal.drafts().get(draft_id)
        capture = capture_core.from_draft(stored)[0] if stored else None
        self._open_editor(
            EntryEditor(self, capture=capture, entry=entry, parent=self, draft_id=draft_id)
        )

    def continue_draft(self, draft_id: str) -> None:
        if self._raise_editor():
            return
        stored = self.journal.drafts().get(draft_id)
        if stored is None:
            return
        from journal.gui.dialogs.entry_editor import EntryEditor

        capture, entry_id = capture_core.from_draft(stored)
        entry = None
        if entry_id:
            try:
                entry = self.journal.entry(entry_id)
            except NotFound:
                entry = None
        self._open_editor(
            EntryEditor(self, capture=capture, entry=entry, parent=self, draft_id=draft_id)
        )

    def _open_editor(self, editor: EntryEditor) -> None:
        self.editor = editor
        editor.destroyed.connect(lambda *_: setattr(self, "editor", None))
        editor.show()
        editor.raise_()
        editor.activateWindow()

    def _raise_editor(self) -> bool:
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            self.notify("Finish or close the entry you are writing first.")
            return True
        return False

    def did(self, change: Change, *, notice: bool = True) -> None:
        """An operation was done: name it in Edit ▸ Undo and (``notice``) say so, with
        Undo, in the notice bar."""
        self._set_undo(change.label)
        if notice:
            self.notice.show_notice(change.done, [("&Undo", self.undo)])
            self._notice_timer.start()

    def _set_undo(self, label: str | None) -> None:
        self.undo_action.setEnabled(label is not None)
        self.undo_action.setText(f"&Undo: {label}" if label else "&Undo")

    def refresh_undo(self) -> None:
        """Name what Ctrl+Z would undo, read from the journal's undo log (on the worker)."""
        if not self.journal.is_open:
            return
        tasks.run(
            functools.partial(operations.undo_label, self.journal),
            on_done=self._set_undo,
            on_error=lambda _exc: self._set_undo(None),
            owner=self,
        )

    def undo(self) -> None:
        """Edit ▸ Undo: the latest operation, whichever page or session did it."""

        def undone(change: Change) -> None:
            if change.touches("draft"):  # a discarded draft is back: offer to go on
                self.offer_drafts(change.done)
            else:
                self.notify(change.done)
            self.refresh_undo()

        def failed(exc: BaseException) -> None:
            self.refresh_undo()
            if isinstance(exc, NotFound):
                self.notify(str(exc))
            else:
                self.report(exc, "undoing")

        run_op(None, self.journal, operations.undo, success=undone, failure=failed, owner=self)

    def notify(self, text: str) -> None:
        self.notice.show_notice(text)
        self._notice_timer.start()

    def warn(self, text: str, actions: Sequence[tuple[str, Callable[[], object]]] = ()) -> None:
        """Something the user must read (a backup that was not made, where a restored
        journal's predecessor is kept): it stays until dismissed instead of fading."""
        self.notice.show_notice(text, actions, warning=True)
        self._notice_timer.stop()

    def remind(self, text: str) -> None:
        """The day's check-ins, told inside the window (no tray, or the window in use)."""
        self.notice.show_notice(text, [("Open &Today", lambda: self.show_page(PageName.TODAY))])
        self._notice_timer.start()

    def report(self, exc: BaseException, doing: str = "") -> None:
        show_error(self, exc, doing=doing)

    # drafts, settings --------------------------------------------------------------------

    def offer_drafts(self, said: str = "") -> None:
        """After unlocking: bring back what was being typed before a crash or a lock.
        ``said``: what brought it back instead (an undone discard), said first."""
        try:
            drafts = self.journal.drafts()
        except JournalError as exc:  # a damaged page (opening no longer reads them all)
            self._drafts_unreadable(exc)
            return
        self._offer(drafts, said)

    def offer_drafts_soon(self) -> None:
        """``offer_drafts`` with the drafts read on the worker: at unlock the GUI thread
        would otherwise wait for Today's first read to show the window."""
        tasks.run(
            self.journal.drafts,
            on_done=self._offer,
            on_error=self._drafts_unreadable,
            owner=self,
        )

    def _drafts_unreadable(self, exc: BaseException) -> None:
        if not isinstance(exc, JournalError):
            self.report(exc)
            return
        self.warn(str(exc), [("Open &Backups", lambda: self.open_settings("backups"))])

    def _offer(self, drafts: dict[str, Any], said: str = "") -> None:
        keys = [k for k in drafts if k.startswith("entry-editor:")]
        if not keys:
            return
        latest = keys[-1]

        def discard() -> None:
            run_op(self, self.journal, operations.discard_draft, latest)

        many = f" (and {len(keys) - 1} more)" if len(keys) > 1 else ""
        text = f"You have an unfinished entry{many}, kept from last time."
        if said:
            text = f"{said} Continue writing it, or discard it again."
        self.notice.show_notice(
            text,
            [("&Continue writing", lambda: self.continue_draft(latest)), ("Discard", discard)],
        )

    def import_contacts(self, path: Path | None = None) -> ImportDialog:
        """File > Import contacts: the step-by-step import (one at a time)."""
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            return self.import_dialog
        from journal.gui.dialogs.interop import ImportDialog

        self.import_dialog = ImportDialog(self, path)
        self.import_dialog.open()
        return self.import_dialog

    def export_journal(self) -> ExportDialog:
        """File > Export: a format, a place, and the warning that it leaves the store."""
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            return self.export_dialog
        from journal.gui.dialogs.interop import ExportDialog

        self.export_dialog = ExportDialog(self)
        self.export_dialog.open()
        return self.export_dialog

    def open_settings(self, tab: str = "") -> SettingsDialog:
        from journal.gui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.journal, self, gui_settings=self._settings, host=self)
        self.settings_dialog = dialog

        def saved() -> None:  # a change was said with its Undo (``did``); else say it here
            if dialog.change is None or dialog.change.step is None:
                self.notify("Settings saved.")

        dialog.saved.connect(saved)
        self.settings_dialog.restore_requested.connect(self.restore_requested.emit)
        self.settings_dialog.import_requested.connect(lambda: self.import_contacts())
        self.settings_dialog.export_requested.connect(lambda: self.export_journal())
        if tab:
            self.settings_dialog.show_tab(tab)
        self.settings_dialog.open()
        return self.settings_dialog

    # lifecycle ---------------------------------------------------------------------------

    def check_outside_changes(self) -> None:
        """Reload the pages if another process changed the journal (cheap, never waits)."""
        if self.journal.is_open:
            self.journal.check_outside_changes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._outside_timer.start()
        self.check_outside_changes()

    def hideEvent(self, event: QHideEvent) -> None:
        self._outside_timer.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_outside_changes()

    def _maybe_ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()
            QTimer.singleShot(PAGES_AFTER_READY_MS, self, self._make_pages)

    def _make_pages(self) -> None:
        """People and a person's page, made once the first Today is on screen (see
        ``pages``), so the first click on either does not wait for their modules."""
        for name in (PageName.PEOPLE, PageName.PERSON):
            self.page(name)

    def prepare_to_lock(self) -> None:
        """Keep every draft, close every dialog, let background work finish."""
        if self.editor is not None:
            self.editor.keep_for_lock()
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and _is_child_window(widget, self):
                widget.close()
        self.search_popup.shutdown()
        self._outside_timer.stop()
        tasks.wait_all()
        self._save_geometry()
        self.events.detach()

    def _restore_geometry(self) -> None:
        self.resize(1180, 760)
        if self._settings is not None:
            value = self._settings.value("main/geometry")
            if isinstance(value, QByteArray):
                self.restoreGeometry(value)

    def _save_geometry(self) -> None:
        if self._settings is not None:
            self._settings.setValue("main/geometry", self.saveGeometry())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editor is not None:
            self.editor.keep_for_lock()
        self.search_popup.shutdown()
        self._save_geometry()
        super().closeEvent(event)


def _is_child_window(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False

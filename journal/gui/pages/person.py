"""One person's page: who they are, what we share, what they are working on, our history.

Shared facets come first ("in common"), then each kind of facet in its own section,
editable in place: click Edit (or double-click), change it, Enter saves and Escape
cancels; deleting a facet can be undone. On the right: the next check-in and why,
open follow-ups, what was given and received, and the timeline of entries with them.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import engine, operations
from journal.core.entries import Balance, EntryQuery, EntrySummary
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.links import LinkView, introduction_story, links_for
from journal.core.model import Direction, Facet, FacetKind, FollowUp, LedgerItem, Person
from journal.core.wording import birthday_text, channel_label, every, format_date
from journal.gui import icons
from journal.gui.desktop.operations import run_op
from journal.gui.dialogs.follow_up import FollowUpDialog, WhenField
from journal.gui.dialogs.person_edit import PersonDialog
from journal.gui.pages.base import Page
from journal.gui.shell import Shell
from journal.gui.widgets.common import (
    PAGE_MARGINS,
    Card,
    MessageLabel,
    OptionalDate,
    discard,
    heading,
    muted,
    text_label,
    to_date,
    user_message,
)
from journal.gui.widgets.links import LinksPanel
from journal.gui.widgets.models import when_text

#: Sections in the order a person is met on the page: who they are (family, background),
#: then what a good check-in is made of (their work, what they can help with, what I could
#: offer), then the rest.
SECTIONS: tuple[FacetKind, ...] = (
    FacetKind.FAMILY,
    FacetKind.BACKGROUND,
    FacetKind.WORKING_ON,
    FacetKind.CAN_HELP_WITH,
    FacetKind.COULD_OFFER,
    FacetKind.HOBBY,
    FacetKind.LIFE_EVENT,
)
_DETAIL_HINTS = {
    FacetKind.WORKING_ON: "What to ask next time (e.g. how the launch went)",
    FacetKind.COULD_OFFER: "How or when (optional)",
    FacetKind.FAMILY: "Detail (optional)",
}
#: What an empty section says: what goes there and what Rapport does with it, so an
#: empty page reads as a start rather than as nothing.
_EMPTY_HINTS = {
    FacetKind.FAMILY: (
        "Nothing noted yet. Add a partner, children or parents they mention, so you can "
        "ask after them."
    ),
    FacetKind.BACKGROUND: "Nothing noted yet. Where did they grow up, study or work before?",
    FacetKind.WORKING_ON: (
        "Nothing noted yet. Add what they are working on, and Rapport suggests asking how it went."
    ),
    FacetKind.CAN_HELP_WITH: (
        "Nothing noted yet. Add what they know well, and Rapport suggests whom they could help."
    ),
    FacetKind.COULD_OFFER: (
        "Nothing noted yet. How could you help them: an introduction, advice, a loan?"
    ),
    FacetKind.HOBBY: "Nothing noted yet. What do they enjoy? It makes an easy opening.",
    FacetKind.LIFE_EVENT: (
        "Nothing noted yet. Add a move, a new job or a baby with its date, and Rapport can "
        "remind you of it a year on."
    ),
}
NO_FOLLOW_UPS = "No promises yet. When you offer to help, add it below so Rapport can remind you."
NO_ENTRIES = (
    "No entries with them yet. After you meet or talk, write it down (Write entry…) to keep "
    "what was said."
)
NO_GIVES = (
    "Nothing given or received yet. In an entry with them, answer “Did you give them "
    "something?” or “Did they give you something?”; a promise you tick off counts as a give."
)
TIMELINE_PAGE = 20


@dataclass(frozen=True)
class PersonRequest:
    """Whose page, and how much of their timeline is open."""

    person_id: str | None
    timeline_limit: int = TIMELINE_PAGE


@dataclass
class PersonView:
    """Everything one person's page shows, read in one load (on the worker).

    ``person`` is ``None`` when they are no longer in the journal (the page says so).
    """

    person_id: str | None
    person: Person | None
    today: date
    links: list[LinkView] = field(default_factory=list)
    #: How the user came to know them through someone else, if a link says so.
    story: str | None = None
    next_on: date | None = None
    #: Why they come up next (or why not: muted, archived...); a sentence.
    next_reason: str = ""
    follow_ups: list[FollowUp] = field(default_factory=list)
    balance: Balance | None = None
    #: The latest things given and received (five at most).
    ledger: list[LedgerItem] = field(default_factory=list)
    timeline_total: int = 0
    timeline: list[EntrySummary] = field(default_factory=list)


def read_person_view(journal: Journal, request: PersonRequest) -> PersonView:
    """The core reads behind a person's page (any thread)."""
    today = journal.clock.today()
    person_id = request.person_id
    if person_id is None:
        return PersonView(None, None, today)
    try:
        person = journal.person(person_id)
    except NotFound:
        return PersonView(person_id, None, today)
    links = links_for(journal, person_id)
    try:
        next_on, next_reason = engine.next_check_in(journal, person_id)
    except Exception as exc:  # a page must still show if the engine fails
        next_on, next_reason = None, user_message(exc)
    return PersonView(
        person_id,
        person,
        today,
        links=links,
        story=introduction_story(journal, person_id),
        next_on=next_on,
        next_reason=next_reason,
        follow_ups=journal.open_follow_ups(person_id),
        balance=journal.balance(person_id),
        ledger=journal.ledger_for(person_id)[:5],
        timeline_total=journal.count_entries(EntryQuery(person_id=person_id, limit=None)),
        timeline=journal.query_entries(
            EntryQuery(person_id=person_id, limit=request.timeline_limit)
        ),
    )


@dataclass(frozen=True)
class EditorState:
    """What is typed in a facet editor: kept when the page is rebuilt under it."""

    text: str
    detail: str
    kind: str
    shared: bool
    mention: bool
    ask_again: date
    ask_again_on: bool


@dataclass(frozen=True)
class FacetDraft:
    """An open facet editor: in which section, editing which facet (``None``: a new one)."""

    section: str
    facet_id: str | None
    state: EditorState


@dataclass
class Drafts:
    """What the user was typing on the page when it rebuilt, and where the keyboard was.

    A change heard from elsewhere (a sync, the terminal, another window) rebuilds the page;
    the new page gets these back so nothing typed is lost (``focus``: which field had the
    keyboard, ``cursor``: where in it)."""

    follow_up: str = ""
    follow_up_when: str = ""
    facets: list[FacetDraft] = field(default_factory=list)
    focus: tuple[str, ...] = ()
    cursor: int = 0


class FacetEditor(QFrame):
    """Inline editor for one facet; Enter saves, Escape cancels."""

    saved = Signal(object)  # Facet
    cancelled = Signal()

    def __init__(self, facet: Facet, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        #: Whether this is a new facet (else it edits the stored ``facet``).
        self.is_new = False
        #: Save was pressed and the save is running: the editor closes when it is done.
        self.pending = False
        self.setObjectName("facetEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.text = QLineEdit(facet.text)
        self.text.setObjectName("facetText")
        self.text.setAccessibleName("Detail text")
        self.text.setPlaceholderText("What you know")
        self.detail = QLineEdit(facet.detail)
        self.detail.setObjectName("facetDetail")
        self.detail.setAccessibleName("More about it")
        self.detail.setPlaceholderText(_DETAIL_HINTS.get(facet.kind, "More about it (optional)"))
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of detail")
        for kind in SECTIONS:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(facet.kind.value))
        self.shared = QCheckBox("We share this")
        self.shared.setObjectName("facetShared")
        self.shared.setChecked(facet.shared)
        self.mention = QCheckBox("Fine to mention in suggestions")
        self.mention.setChecked(bool(facet.mention_ok))
        self.mention.setToolTip(
            "Family and life events stay out of check-in suggestions unless you tick this."
        )
        self.ask_again = OptionalDate("Ask again on", "Ask again on", facet.ask_again_on, today)
        self.message = MessageLabel()
        save = QPushButton("Save")
        save.setObjectName("facetSave")
        save.setDefault(True)
        cancel = QPushButton("Cancel")
        save.clicked.connect(self.submit)
        cancel.clicked.connect(self.cancelled.emit)
        layout.addWidget(self.text, 0, 0, 1, 3)
        layout.addWidget(self.detail, 1, 0, 1, 3)
        layout.addWidget(self.kind, 2, 0)
        layout.addWidget(self.shared, 2, 1)
        layout.addWidget(self.mention, 2, 2)
        layout.addWidget(self.ask_again, 3, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout.addLayout(buttons, 3, 2)
        layout.addWidget(self.message, 4, 0, 1, 3)
        self.text.returnPressed.connect(self.submit)
        self.detail.returnPressed.connect(self.submit)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancelled.emit,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def state(self) -> EditorState:
        """What is typed and ticked now, to put back in an editor built anew."""
        return EditorState(
            text=self.text.text(),
            detail=self.detail.text(),
            kind=str(self.kind.currentData()),
            shared=self.shared.isChecked(),
            mention=self.mention.isChecked(),
            ask_again=to_date(self.ask_again.edit.date()),
            ask_again_on=self.ask_again.check.isChecked(),
        )

    def restore(self, state: EditorState) -> None:
        self.text.setText(state.text)
        self.detail.setText(state.detail)
        self.kind.setCurrentIndex(max(0, self.kind.findData(state.kind)))
        self.shared.setChecked(state.shared)
        self.mention.setChecked(state.mention)
        self.ask_again.setChecked(state.ask_again_on)
        day = state.ask_again
        self.ask_again.edit.setDate(QDate(day.year, day.month, day.day))

    def submit(self) -> None:
        if not self.text.text().strip():
            self.message.show_error("Type something, or press Escape to cancel.")
            self.text.setFocus()
            return
        self.facet.text = self.text.text().strip()
        self.facet.detail = self.detail.text().strip()
        self.facet.kind = FacetKind(self.kind.currentData())
        self.facet.shared = self.shared.isChecked()
        self.facet.mention_ok = self.mention.isChecked()
        self.facet.ask_again_on = self.ask_again.value()
        self.pending = True  # saved: a rebuild from now on does not bring it back
        self.saved.emit(self.facet)


class FacetRow(QWidget):
    """One facet as text, with Edit and Delete; double-click edits too."""

    edit = Signal()
    delete = Signal()

    def __init__(self, facet: Facet, show_kind: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.setObjectName("facetRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        extras = []
        if facet.detail:
            extras.append(facet.detail)
        if show_kind:
            extras.append(facet.kind.label.lower())
        if facet.ask_again_on:
            extras.append(f"ask again {facet.ask_again_on.day} {facet.ask_again_on:%b %Y}")
        if facet.noted_on and facet.kind is FacetKind.WORKING_ON:
            extras.append(f"mentioned {facet.noted_on.day} {facet.noted_on:%b %Y}")
        if not facet.mention_ok:
            extras.append("private")
        self.label = text_label(facet.text)
        self.label.setObjectName("facetText")
        self.label.setAccessibleName(facet.text)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.meta = muted(text_label(" · ".join(extras), wrap=True))
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(self.label)
        if extras:
            column.addWidget(self.meta)
        column.addStretch(1)  # spare height goes below the text, not between its lines
        layout.addLayout(column, 1)
        edit = QToolButton()
        edit.setText("Edit")
        edit.setAutoRaise(True)
        edit.setAccessibleName(f"Edit {facet.text}")
        edit.clicked.connect(self.edit.emit)
        remove = QToolButton()
        remove.setText("Delete")
        remove.setAutoRaise(True)
        remove.setAccessibleName(f"Delete {facet.text}")
        remove.clicked.connect(self.delete.emit)
        layout.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)

    def mouseDoubleClickEvent(self, event: object) -> None:
        self.edit.emit()


class FacetSection(QWidget):
    """A titled list of facets of one kind (or the shared ones), with an Add button."""

    def __init__(
        self,
        title: str,
        facets: list[Facet],
        new_facet: Callable[[], Facet],
        page: PersonPage,
        *,
        show_kind: bool = False,
        empty: str = "",
    ) -> None:
        super().__init__()
        self._page = page
        self._new_facet = new_facet
        self._show_kind = show_kind
        self.setObjectName("facetSection")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        title_label = heading(title, 3)
        title_label.setWordWrap(False)
        top.addWidget(title_label)
        top.addStretch(1)
        self.add_button = QToolButton()
        self.add_button.setText("+ Add")
        self.add_button.setAutoRaise(True)
        self.add_button.setAccessibleName(f"Add to {title}")
        self.add_button.clicked.connect(self.start_add)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        layout.addLayout(self.rows)
        self.editor: FacetEditor | None = None
        for facet in facets:
            self._add_row(facet)
        if not facets and empty:
            hint = muted(text_label(empty))
            hint.setObjectName("emptyHint")
            self.rows.addWidget(hint)

    def _add_row(self, facet: Facet) -> None:
        row = FacetRow(facet, self._show_kind)
        row.edit.connect(lambda r=row: self.start_edit(r))
        row.delete.connect(lambda f=facet: self._page.delete_facet(f))
        self.rows.addWidget(row)

    def start_add(self, *, reveal: bool = True) -> FacetEditor:
        editor = FacetEditor(self._new_facet(), self._page.today())
        editor.is_new = True
        self._open_editor(editor, None, reveal=reveal)
        return editor

    def start_edit(self, row: FacetRow, *, reveal: bool = True) -> FacetEditor:
        editor = FacetEditor(_copy(row.facet), self._page.today())
        self._open_editor(editor, row, reveal=reveal)
        return editor

    def row_for(self, facet_id: str) -> FacetRow | None:
        """The row showing this facet, if it is in this section."""
        for i in range(self.rows.count()):
            item = self.rows.itemAt(i)
            row = item.widget() if item is not None else None
            if isinstance(row, FacetRow) and row.facet.id == facet_id:
                return row
        return None

    def _open_editor(self, editor: FacetEditor, row: FacetRow | None, *, reveal: bool) -> None:
        if self.editor is not None:
            discard(self.editor)
        self.editor = editor
        if row is None:
            self.rows.addWidget(editor)
        else:
            self.rows.insertWidget(self.rows.indexOf(row), editor)
            row.hide()

        def close() -> None:
            discard(editor)
            self.editor = None
            if row is not None:
                row.show()

        editor.cancelled.connect(close)
        editor.saved.connect(lambda facet: self._page.save_facet(facet, editor))
        if not reveal:  # put back after a rebuild: where it was, the keyboard where it was
            return
        editor.text.setFocus()
        # A section low on the page opens its editor below the fold: bring it into view.
        QTimer.singleShot(0, lambda: self._page.reveal(editor))


def _copy(facet: Facet) -> Facet:
    from dataclasses import replace

    return replace(facet)


class PersonPage(Page):
    """Shows one person; ``show_person(id)`` switches to another.

    Stale when a change names this person, or is of a kind every person's page shows
    (entries, follow-ups, settings). A load reads all the page shows (``PersonView``) on
    the worker; the sections are built from that, without reading the journal."""

    back = Signal()

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(shell, parent)
        self.setObjectName("personPage")
        self._shell = shell
        self._journal = shell.journal
        self.person: Person | None = None
        #: What the page shows now (the latest load's answer).
        self.view: PersonView | None = None
        #: Whose page this is (kept when they are deleted: an undo brings them back).
        self._person_id: str | None = None
        self._timeline_limit = TIMELINE_PAGE
        self.dialog: PersonDialog | FollowUpDialog | None = None
        self.sections: dict[str, FacetSection] = {}
        self.links_panel: LinksPanel | None = None

        self._restore_pos: int | None = None
        # Its content is built for each person and swapped in whole (``_swap``).
        self.add_scroll_area()
        self.scroll_area.verticalScrollBar().rangeChanged.connect(lambda *_: self._restore_scroll())
        self._content: QWidget | None = None
        #: Whose page the contents show (what is typed there belongs to them).
        self._built_for: str | None = None
        self.follow_up_text: QLineEdit | None = None

    def today(self) -> date:
        return self.view.today if self.view is not None else self._journal.clock.today()

    # building ---------------------------------------------------------------------------

    def show_person(self, person_id: str) -> None:
        if self._person_id != person_id:
            self._timeline_limit = TIMELINE_PAGE
        self._person_id = person_id
        self.reload()

    def refresh(self) -> None:
        self.reload()

    def request(self) -> PersonRequest:
        return PersonRequest(self._person_id, self._timeline_limit)

    def load(self, request: PersonRequest) -> PersonView:
        return read_person_view(self.journal, request)

    def show_data(self, data: PersonView) -> None:
        self.view, self.person = data, data.person
        if data.person_id is not None:
            self._build()

    def show_error(self, text: str) -> None:
        self._shell.notify(text)

    def is_relevant(self, kind: str, ids: Sequence[str]) -> bool:
        if self._person_id is None:
            return False
        return not ids or self._person_id in ids or kind in ("entry", "follow_up", "settings")

    def _build(self) -> None:
        drafts = self._drafts()
        scroll_pos = self.scroll_area.verticalScrollBar().value() if self._content else 0
        if self._restore_pos is not None:  # a rebuild right after another: keep its place
            scroll_pos = self._restore_pos
        content = QWidget()
        content.setObjectName("personContent")
        self.sections = {}
        layout = QVBoxLayout(content)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)
        person = self.person
        if person is None:
            layout.addWidget(heading("This person is no longer in the journal"))
            layout.addWidget(
                text_label(
                    "They may have been moved to the trash. Use Undo "
                    "(Ctrl+Z) if you just deleted them."
                )
            )
            layout.addStretch(1)
            self._swap(content, 0)
            self._built_for = None
            return
        self._header(layout, person)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns)
        view = self.view
        assert view is not None  # set with the person
        self._about(left, person, view)
        self._links(left, person, view)
        self._facets(left, person)
        left.addStretch(1)
        self._next_check_in(right, person, view)
        self._follow_ups(right, person, view)
        self._balance(right, view)
        self._timeline(right, person, view)
        right.addStretch(1)
        self._swap(content, scroll_pos)
        self._built_for = person.id
        self._restore_drafts(drafts)

    def _drafts(self) -> Drafts:
        """What is typed on the page now (nothing before the first build)."""
        from PySide6.QtWidgets import QApplication

        drafts = Drafts()
        if self._content is None or self._built_for != self._person_id:
            return drafts  # another person's page: what was typed there was for them
        focus = QApplication.focusWidget()
        fields: dict[tuple[str, ...], QLineEdit] = {}
        if self.follow_up_text is not None and shiboken6.isValid(self.follow_up_text):
            drafts.follow_up = self.follow_up_text.text()
            drafts.follow_up_when = self.follow_up_when.edit.text()
            fields[("follow_up",)] = self.follow_up_text
            fields[("follow_up_when",)] = self.follow_up_when.edit
        for key, section in self.sections.items():
            editor = section.editor
            if editor is None or editor.pending:
                continue
            facet_id = None if editor.is_new else editor.facet.id
            drafts.facets.append(FacetDraft(key, facet_id, editor.state()))
            fields[("facet", key, "text")] = editor.text
            fields[("facet", key, "detail")] = editor.detail
        for name, widget in fields.items():
            if widget is focus:
                drafts.focus, drafts.cursor = name, widget.cursorPosition()
        return drafts

    def _restore_drafts(self, drafts: Drafts) -> None:
        """Put back what was typed before the rebuild, and the keyboard where it was."""
        assert self.follow_up_text is not None  # just built
        self.follow_up_text.setText(drafts.follow_up)
        self.follow_up_when.edit.setText(drafts.follow_up_when)
        fields: dict[tuple[str, ...], QLineEdit] = {
            ("follow_up",): self.follow_up_text,
            ("follow_up_when",): self.follow_up_when.edit,
        }
        for draft in drafts.facets:
            editor = self._reopen(draft)
            fields[("facet", draft.section, "text")] = editor.text
            fields[("facet", draft.section, "detail")] = editor.detail
        widget = fields.get(drafts.focus)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            widget.setCursorPosition(drafts.cursor)

    def _reopen(self, draft: FacetDraft) -> FacetEditor:
        """The editor ``draft`` was typed in, open again on the same facet (found in
        whichever section it is now); a facet gone meanwhile comes back as a new one,
        so the text is not lost."""
        if draft.facet_id is not None:
            for section in self.sections.values():
                row = section.row_for(draft.facet_id)
                if row is not None:
                    editor = section.start_edit(row, reveal=False)
                    editor.restore(draft.state)
                    return editor
        section = self.sections.get(draft.section) or self.sections[FacetKind.HOBBY.value]
        editor = section.start_add(reveal=False)
        editor.restore(draft.state)
        return editor

    def _swap(self, content: QWidget, scroll_pos: int) -> None:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        had_focus = (
            focus is not None and self._content is not None and (self._content.isAncestorOf(focus))
        )
        if had_focus:  # keep the keyboard on this page while its contents are rebuilt
            self.scroll_area.setFocus(Qt.FocusReason.OtherFocusReason)
        old = self.scroll_area.takeWidget()
        self.scroll_area.setWidget(content)
        content.show()  # a widget added to a visible scroll area is not shown by itself
        self._content = content
        if old is not None:
            discard(old)
        # Put the page back where it was (saving a facet low on the page must not jump
        # to the top): now, and again once the new contents' height is known.
        self._restore_pos = scroll_pos
        QTimer.singleShot(0, self._restore_scroll)

    def _restore_scroll(self) -> None:
        if self._restore_pos is None:
            return
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(min(self._restore_pos, bar.maximum()))
        if bar.maximum() >= self._restore_pos:
            self._restore_pos = None

    def reveal(self, widget: QWidget) -> None:
        """Scroll so ``widget`` (an editor just opened) is in view, with some room."""
        if widget.isVisible():
            self._restore_pos = None
            self.scroll_area.ensureWidgetVisible(widget, 0, 60)

    def _header(self, layout: QVBoxLayout, person: Person) -> None:
        top = QHBoxLayout()
        titles = QVBoxLayout()
        name = heading(person.display_name)
        name.setObjectName("personName")
        titles.addWidget(name)
        work = " at ".join(x for x in (person.role, person.organisation) if x)
        subtitle = " · ".join(
            x
            for x in (
                person.name if person.preferred_name else "",
                person.pronouns,
                work,
                person.field,
                person.location,
            )
            if x
        )
        if subtitle:
            titles.addWidget(muted(text_label(subtitle)))
        badges = [person.circle.label]
        if person.deceased_on is not None:
            # Said plainly, once, at the top: the page and the memories stay.
            died = person.deceased_on
            badges.insert(0, f"Died {format_date(died)}")
        elif not person.placed:
            badges.append("imported, not yet placed")
        if person.archived:
            badges.append("archived")
        badges += [f"#{t}" for t in person.tags]
        last = person.last_contact_at
        badges.append(
            f"last in touch {when_text(last, self.today())}" if last else "not in touch yet"
        )
        titles.addWidget(muted(text_label(" · ".join(badges))))
        top.addLayout(titles, 1)
        buttons = QHBoxLayout()
        write = QPushButton(icons.icon("new-entry"), "&Write entry…")
        write.setObjectName("writeEntry")
        write.setToolTip("Write about a meeting or call with them")
        write.clicked.connect(lambda: self._shell.new_entry([person.id]))
        edit = QPushButton(icons.icon("edit"), "&Edit…")
        edit.setObjectName("editPerson")
        edit.clicked.connect(self.edit_person)
        archive = QPushButton("Un&archive" if person.archived else "A&rchive")
        archive.clicked.connect(self.toggle_archived)
        delete = QPushButton(icons.icon("delete"), "&Delete")
        delete.setObjectName("deletePersonPage")
        delete.setToolTip("Move to the trash; you can undo it")
        delete.clicked.connect(self.delete_person)
        back = QPushButton(icons.icon("back"), "&Back")
        back.setToolTip("Back (Alt+Left)")
        back.clicked.connect(self.back.emit)
        for button in (back, write, edit, archive, delete):
            buttons.addWidget(button)
        top.addLayout(buttons)
        layout.addLayout(top)

    def _facets(self, layout: QVBoxLayout, person: Person) -> None:
        shared = [f for f in person.facets if f.shared]
        section = FacetSection(
            "In common",
            shared,
            lambda: Facet(FacetKind.HOBBY, "", shared=True),
            self,
            show_kind=True,
            empty="Nothing noted yet. What do you share: a hobby, a background, a place?",
        )
        section.setObjectName("section-in_common")
        self.sections["in_common"] = section
        layout.addWidget(section)
        for kind in SECTIONS:
            facets = [f for f in person.facets if f.kind is kind and not f.shared]
            section = FacetSection(
                kind.label,
                facets,
                functools.partial(Facet, kind, ""),
                self,
                empty=_EMPTY_HINTS[kind],
            )
            section.setObjectName(f"section-{kind.value}")
            self.sections[kind.value] = section
            layout.addWidget(section)

    def _links(self, layout: QVBoxLayout, person: Person, view: PersonView) -> None:
        """Who they are to others in the journal, each link read from their side."""
        section = QWidget()
        section.setObjectName("section-links")
        column = QVBoxLayout(section)
        column.setContentsMargins(0, 6, 0, 6)
        column.addWidget(heading("People in their life", 3))
        self.links_panel = LinksPanel(self._journal, host=self._shell)
        self.links_panel.personActivated.connect(self._shell.open_person)
        self.links_panel.failed.connect(self._shell.notify)
        self.links_panel.show_links(person.id, view.links)
        column.addWidget(self.links_panel)
        layout.addWidget(section)

    def _about(self, layout: QVBoxLayout, person: Person, view: PersonView) -> None:
        rows = []
        met = " ".join(
            x
            # "through a friend on 21 Feb 2024": the app's one date format
            for x in (person.met_how, f"on {format_date(person.met_on)}" if person.met_on else "")
            if x
        )
        if met:
            rows.append(("How we met", met))
        if view.story:
            rows.append(("Introduced", view.story))
        if person.birthday:
            b = person.birthday
            text = birthday_text(b.month, b.day, b.year)
            rows.append(("Birthday", text))
        for channel in person.channels:
            rows.append((channel_label(channel.kind.value, channel.label), channel.value))
        if person.network_kinds:
            rows.append(("Networks", ", ".join(sorted(k.value for k in person.network_kinds))))
        cadence = person.cadence_days
        rows.append(("Check-in cadence", every(cadence) if cadence else "the circle's default"))
        if person.notes.strip():
            rows.append(("Notes", person.notes.strip()))
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        for i, (label, value) in enumerate(rows):
            grid.addWidget(muted(text_label(label, wrap=False)), i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text_label(value), i, 1)
        box.setObjectName("about")
        layout.addWidget(box)

    def _next_check_in(self, layout: QVBoxLayout, person: Person, view: PersonView) -> None:
        card = Card()
        card.setObjectName("nextCheckIn")
        card.layout_.addWidget(heading("Next check-in", 3))
        when, reason = view.next_on, view.next_reason
        if when is None:
            text = reason or "No check-ins are suggested for this person."
        else:
            relative = when_text(when, view.today)
            # "in 6 days (30 Nov 2026)"; a far date is already a date ("12 Jan 2027").
            text = relative if relative[:1].isdigit() else f"{relative} ({format_date(when)})"
        self.next_label = text_label(text)
        self.next_label.setObjectName("nextCheckInWhen")
        card.layout_.addWidget(self.next_label)
        if when is not None and reason:
            self.next_reason = muted(text_label(reason))
            self.next_reason.setObjectName("nextCheckInReason")
            card.layout_.addWidget(self.next_reason)
        if when is None and reason.startswith("Muted"):
            unmute = QPushButton("Unmute")
            unmute.setObjectName("unmute")
            unmute.clicked.connect(self.unmute)
            card.layout_.addWidget(unmute, 0, Qt.AlignmentFlag.AlignLeft)
        elif person.deceased_on is None and not person.archived:
            mute = QPushButton("Don't suggest")
            mute.setObjectName("mute")
            mute.setToolTip("Mute: no check-in suggestions for them until you unmute")
            mute.clicked.connect(self.mute)
            card.layout_.addWidget(mute, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(card)

    def _follow_ups(self, layout: QVBoxLayout, person: Person, view: PersonView) -> None:
        card = Card()
        card.setObjectName("followUps")
        card.layout_.addWidget(heading("Follow-ups", 3))
        items = view.follow_ups
        today = view.today
        for item in items:
            label = item.text
            if item.due_on:
                overdue = item.due_on < today
                relative = when_text(item.due_on, today)
                exact = format_date(item.due_on, year=item.due_on.year != today.year)
                due = relative if relative.startswith(exact) else f"{relative}, {exact}"
                label += f"  ({'overdue, ' if overdue else ''}due {due})"
            row = QHBoxLayout()
            box = QCheckBox(label)
            box.setObjectName("followUp")
            box.setAccessibleName(f"Done: {item.text}")
            box.toggled.connect(lambda on, f=item: self.complete_follow_up(f) if on else None)
            row.addWidget(box, 1)
            change = QToolButton()
            change.setObjectName("editFollowUp")
            change.setText("Edit…")
            change.setIcon(icons.icon("edit"))
            change.setAutoRaise(True)
            change.setAccessibleName(f"Edit: {item.text}")
            change.setToolTip("Reword it or give it a day")
            change.clicked.connect(lambda _=False, f=item: self.edit_follow_up(f))
            row.addWidget(change)
            card.layout_.addLayout(row)
        if not items:
            hint = muted(text_label(NO_FOLLOW_UPS))
            hint.setObjectName("emptyHint")
            card.layout_.addWidget(hint)
        add = QLineEdit()
        add.setObjectName("addFollowUp")
        add.setPlaceholderText("Add a follow-up, e.g. send the architect's details")
        add.setAccessibleName("New follow-up")
        self.follow_up_text = add
        self.follow_up_when = WhenField(today)
        submit = QPushButton("Add")
        submit.setObjectName("addFollowUpButton")
        submit.clicked.connect(self._submit_follow_up)
        add.returnPressed.connect(self._submit_follow_up)
        self.follow_up_when.edit.returnPressed.connect(self._submit_follow_up)
        card.layout_.addWidget(add)
        row = QHBoxLayout()
        row.addWidget(self.follow_up_when, 1)
        row.addWidget(submit)
        card.layout_.addLayout(row)
        layout.addWidget(card)

    def _submit_follow_up(self) -> None:
        if not self.follow_up_when.valid():
            self._shell.notify(
                "Rapport cannot read that date. Try “next Friday”, “in two weeks” or "
                "“15 Jan”, or leave it empty."
            )
            self.follow_up_when.edit.setFocus()
            return
        assert self.follow_up_text is not None  # built with the button that calls this
        self.add_follow_up(self.follow_up_text.text(), self.follow_up_when.value())

    def _balance(self, layout: QVBoxLayout, view: PersonView) -> None:
        card = Card()
        card.setObjectName("balance")
        card.layout_.addWidget(heading("Gives and receives", 3))
        balance = view.balance
        assert balance is not None  # read with the person
        summary = text_label(f"You gave {balance.given} · you received {balance.received}")
        summary.setObjectName("balanceSummary")
        card.layout_.addWidget(summary)
        if not view.ledger and balance.given == 0 and balance.received == 0:
            hint = muted(text_label(NO_GIVES))
            hint.setObjectName("emptyHint")
            card.layout_.addWidget(hint)
        if balance.received > balance.given:
            card.layout_.addWidget(
                muted(
                    text_label(
                        "They have given more than they received: next time, lead with an offer."
                    )
                )
            )
        for item in view.ledger:
            arrow = "Gave" if item.direction is Direction.GIVEN else "Received"
            when = f"{item.occurred_on.day} {item.occurred_on:%b %Y}" if item.occurred_on else ""
            card.layout_.addWidget(
                text_label(
                    f"{arrow}: {item.description or item.kind.value} ({item.kind.value}, {when})"
                )
            )
        layout.addWidget(card)

    def _timeline(self, layout: QVBoxLayout, person: Person, view: PersonView) -> None:
        card = Card()
        card.setObjectName("timeline")
        total = view.timeline_total
        card.layout_.addWidget(heading(f"Timeline ({total})", 3))
        entries = view.timeline
        for entry in entries:
            others = ", ".join(n for pid, n in entry.people if pid != person.id)
            title = entry.title or entry.kind.value.capitalize()
            head = (
                f"<b>{entry.occurred_at.day} {entry.occurred_at:%b %Y}</b> · "
                f"<a href='entry:{entry.id}'>{html.escape(title)}</a>"
            )
            if others:
                head += f" · with {html.escape(others)}"
            label = QLabel(head + f"<br>{html.escape(' '.join(entry.snippet.split()))}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setObjectName("timelineEntry")
            label.setAccessibleName(f"{title}, {format_date(entry.occurred_at)}")
            label.linkActivated.connect(lambda link: self._shell.edit_entry(link[6:]))
            card.layout_.addWidget(label)
        if not entries:
            hint = muted(text_label(NO_ENTRIES))
            hint.setObjectName("emptyHint")
            card.layout_.addWidget(hint)
        if total > len(entries):
            more = QPushButton(f"Show more ({total - len(entries)} older)")
            more.clicked.connect(self._more_timeline)
            card.layout_.addWidget(more)
        layout.addWidget(card)

    def _more_timeline(self) -> None:
        self._timeline_limit += TIMELINE_PAGE * 2
        self.refresh()

    # actions ------------------------------------------------------------------------------

    def save_facet(self, facet: Facet, editor: FacetEditor) -> None:
        """Save what ``editor`` holds; it closes with the rebuild that follows, or stays
        open (and is no longer pending) if the save fails."""
        if self.person is None:
            return
        if editor.is_new:
            run = functools.partial(operations.add_facet, person_id=self.person.id, facet=facet)
        else:
            run = functools.partial(operations.save_facet, facet=facet)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(editor):
                editor.pending = False
            self._shell.report(exc)

        run_op(
            self._shell,
            self._journal,
            run,
            success=lambda _c: self.refresh(),
            failure=failed,
            owner=self,
            notice=False,
        )

    def delete_facet(self, facet: Facet) -> None:
        run_op(
            self._shell,
            self._journal,
            operations.trash_facet,
            facet.id,
            facet.text,
            success=lambda _change: self.refresh(),
            owner=self,
        )

    def complete_follow_up(self, item: FollowUp) -> None:
        run_op(self._shell, self._journal, operations.complete_follow_up, item.id)

    def add_follow_up(self, text: str, due_on: date | None = None) -> None:
        if self.person is None or not text.strip():
            return
        item = FollowUp(text=text.strip(), person_id=self.person.id, due_on=due_on)

        def added(_change: object) -> None:
            # Empty the box for the next one, unless the user has typed on meanwhile.
            box = self.follow_up_text
            if box is not None and shiboken6.isValid(box) and box.text().strip() == item.text:
                box.clear()
                self.follow_up_when.clear()

        run_op(
            self._shell,
            self._journal,
            operations.add_follow_up,
            item,
            success=added,
            owner=self,
        )

    def edit_follow_up(self, item: FollowUp) -> None:
        self.dialog = FollowUpDialog(self._journal, item, self, host=self._shell)
        self.dialog.open()

    def edit_person(self) -> None:
        if self.person is None:
            return
        self.dialog = PersonDialog(
            self._journal,
            self._journal.person(self.person.id),
            self,
            on_saved=lambda _id: self.refresh(),
            host=self._shell,
        )
        self.dialog.open()

    def toggle_archived(self) -> None:
        if self.person is None:
            return
        run_op(
            self._shell,
            self._journal,
            operations.set_archived,
            [self.person.id],
            not self.person.archived,
        )

    def mute(self) -> None:
        if self.person is None:
            return
        run_op(self._shell, self._journal, operations.set_muted, self.person.id, True)

    def unmute(self) -> None:
        if self.person is None:
            return
        run_op(self._shell, self._journal, operations.set_muted, self.person.id, False)

    def delete_person(self) -> None:
        if self.person is None:
            return
        from journal.gui.pages.people import delete_people

        delete_people(self._shell, [self.person.id])
        self.back.emit()

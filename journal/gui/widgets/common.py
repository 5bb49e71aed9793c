"""Small widgets every screen shares: headings, messages, notice bars, cards, errors.

Nothing here knows the journal; it is how Rapport looks and talks, in one place, so
every screen says things the same way and follows the palette the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journal.core import wording
from journal.core.errors import JournalError
from journal.gui import theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

log = logging.getLogger(__name__)

#: Every page's margins (left, top, right, bottom): headings line up with the search
#: field above them and stay put when switching pages (the theme's spacing scale).
PAGE_MARGINS = theme.PAGE_MARGINS

UNEXPECTED = (
    "Something unexpected went wrong, and Rapport stopped what it was doing. Everything "
    "saved before is safe. If it happens again, the details are in Rapport's log file."
)


def to_date(value: QDate) -> date:
    """A QDate as a date (PySide's ``toPython`` is typed as returning ``object``)."""
    out = value.toPython()
    assert isinstance(out, date)
    return out


def to_datetime(value: QDateTime) -> datetime:
    """A QDateTime as a naive local datetime."""
    out = value.toPython()
    assert isinstance(out, datetime)
    return out


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 person", "2 people", "1,000 entries" (the core's one plural helper)."""
    return wording.plural(n, one, many)


def heading(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    label = WrapLabel(text, parent)
    # Headings carry names and sentences the user typed: "<b>" in a name is text, never
    # markup (Qt's default guesses rich text from the first tag it sees).
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    step = {1: "title", 2: "section", 3: "card"}.get(level, "body")
    font.setPointSizeF(font.pointSizeF() * theme.TYPE_SCALE[step])
    font.setWeight(QFont.Weight(theme.TITLE_WEIGHT))
    label.setFont(font)
    label.setProperty("heading", level)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def muted(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour (made readable by the theme), a
    step down the type scale, so it follows light and dark."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * theme.TYPE_SCALE["secondary"])
    label.setFont(font)
    return label


class WrapLabel(QLabel):
    """A word-wrapping label whose size hint is one line when the text fits on one.

    QLabel guesses a wrapped label's size hint at a narrow width, so short texts ask for
    two lines and layouts inside scroll areas leave a gap under them.
    """

    HINT_WIDTH = 560

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if not self.wordWrap() or not self.text():
            return hint
        natural = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 4
        width = min(natural, self.HINT_WIDTH)
        height = self.heightForWidth(width)
        return QSize(width, height) if height > 0 else hint


def text_label(
    text: str = "", *, wrap: bool = True, selectable: bool = True, parent: QWidget | None = None
) -> QLabel:
    label = WrapLabel(text, parent)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class MessageLabel(WrapLabel):
    """An inline error or confirmation, coloured for the current palette (one line when
    it fits, like ``WrapLabel``: in a form row a plain QLabel wraps after two words)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind = "error"
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_info(self, text: str) -> None:
        self._show(text, "info")

    def show_success(self, text: str) -> None:
        self._show(text, "success")

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    @property
    def kind(self) -> str:
        return self._kind

    def _show(self, text: str, kind: str) -> None:
        self._kind = kind
        self.setText(text)
        self.setAccessibleDescription(text)
        self._recolour()
        self.show()

    def _recolour(self) -> None:
        palette = QPalette(QApplication.palette(self))
        if self._kind == "error":
            palette.setColor(QPalette.ColorRole.WindowText, theme.error_color(palette))
        elif self._kind == "success":
            palette.setColor(QPalette.ColorRole.WindowText, theme.success_color(palette))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._recolour()


class MenuButton(QToolButton):
    """A button that opens its menu at once ("Snooze", the map's "Export").

    Qt draws such a button's arrow in its bottom-right corner, inside the width it asks
    for its text: the arrow then sits on the last letter. This one asks for the arrow's
    width as well, so the text stays whole and the arrow beside it."""

    def __init__(
        self,
        text: str,
        parent: QWidget | None = None,
        *,
        fill_menu: Callable[[QMenu], None] | None = None,
    ) -> None:
        """``fill_menu``: the button gets an empty menu (its arrow shows) whose actions
        are added when it first opens, not with the button: a page of twenty cards makes
        twenty buttons, and their menus' actions were a fifth of the time to build it."""
        super().__init__(parent)
        self._arrow_width: int | None = None
        self.setText(text)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if fill_menu is not None:
            from PySide6.QtWidgets import QMenu

            menu = QMenu(self)
            self._fill: Callable[[QMenu], None] | None = fill_menu
            menu.aboutToShow.connect(self._fill_once)
            self.setMenu(menu)

    def _fill_once(self) -> None:
        fill, self._fill = self._fill, None
        menu = self.menu()
        if fill is not None and menu is not None:
            fill(menu)

    def _arrow(self) -> int:
        # Asked of the style once (again when it changes): ``style()`` called from
        # Python looks up the style's Python type each time, a tenth of the layout of a
        # Today of twenty cards, each with a Snooze button asked for its size hints.
        if self._arrow_width is None:
            style = self.style()
            self._arrow_width = style.pixelMetric(
                QStyle.PixelMetric.PM_MenuButtonIndicator, None, self
            )
        return self._arrow_width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._arrow_width = None
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + self._arrow(), hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width() + self._arrow(), hint.height())


class Card(QFrame):
    """A raised panel on the Base colour: one suggestion, one section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        # Drawn by the theme's stylesheet (rounded, a hairline border); a filled
        # rectangle under it would show square corners.
        self.setProperty("card", True)
        self.setAutoFillBackground(False)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(*theme.CARD_MARGINS)
        self.layout_.setSpacing(theme.SPACE_S)


class NoticeBar(QFrame):
    """A bar at the bottom of the window: "Moved Ana to the trash. [Undo]"."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.message = text_label(wrap=True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.message, 1)
        self._buttons: list[QPushButton] = []
        self._layout = layout
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss notice")
        close.clicked.connect(self.dismiss)
        layout.addWidget(close)
        self._close = close
        self._warning = False
        self.hide()

    def show_notice(
        self,
        text: str,
        actions: Sequence[tuple[str, Callable[[], object]]] = (),
        *,
        warning: bool = False,
    ) -> None:
        """``warning``: something that needs reading (a backup not made), tinted like
        the banner so it is not mistaken for a passing "Saved." """
        self._tint(warning)
        for button in self._buttons:
            discard(button)
        self._buttons = []
        self.message.setText(text)
        self.setAccessibleDescription(text)
        for label, callback in actions:
            button = QPushButton(label, self)
            button.setAccessibleName(label.replace("&", ""))
            button.clicked.connect(lambda _=False, cb=callback: self._run(cb))
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        self.show()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)

    @property
    def warning(self) -> bool:
        return self._warning

    def _tint(self, warning: bool) -> None:
        self._warning = warning
        _paint(self, self.message, QPalette.ColorRole.AlternateBase if warning else None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint(self._warning)

    def _run(self, callback: Callable[[], object]) -> None:
        self.dismiss()
        callback()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()


class Banner(QFrame):
    """A band across the top of the window that says something about the whole of it
    ("This is a sample journal"), with its actions; tinted to stand out in light and
    dark palettes alike."""

    def __init__(
        self,
        text: str,
        actions: Sequence[tuple[str, Callable[[], object]]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAutoFillBackground(True)
        self.setAccessibleName("Banner")
        self.setAccessibleDescription(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 12, 8)
        layout.setSpacing(12)
        self.message = text_label(text)
        font = QFont(self.message.font())
        font.setBold(True)
        self.message.setFont(font)
        layout.addWidget(self.message, 1)
        self.buttons: list[QPushButton] = []
        for label, callback in actions:
            button = QPushButton(label, self)
            button.setAccessibleName(label.replace("&", ""))
            button.clicked.connect(lambda _=False, cb=callback: cb())
            layout.addWidget(button)
            self.buttons.append(button)
        self._recolour()

    def _recolour(self) -> None:
        _paint(self, self.message, QPalette.ColorRole.Window)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._recolour()


def date_edit(name: str, day: date | None = None) -> QDateEdit:
    """A date field with a calendar popup, shown as "24 Nov 2026"."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    if day is not None:
        edit.setDate(QDate(day.year, day.month, day.day))
    return edit


class OptionalDate(QWidget):
    """A date that may be left out: a check box that enables a date field."""

    changed = Signal()

    def __init__(
        self,
        label: str,
        name: str,
        value: date | None,
        default: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.check.setAccessibleName(f"{name}: set")
        self.edit = date_edit(name, value or default)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return to_date(self.edit.date()) if self.check.isChecked() else None

    def setChecked(self, on: bool) -> None:
        self.check.setChecked(on)


def page_header(title: str, count_name: str) -> tuple[QHBoxLayout, QLabel]:
    """A page's title on the left and a muted count ("120 people") on the right."""
    top = QHBoxLayout()
    top.addWidget(heading(title))
    top.addStretch(1)
    count = muted(text_label("", wrap=False))
    count.setObjectName(count_name)
    top.addWidget(count)
    return top, count


def setup_list_view(view: QTableView, name: str) -> None:
    """How every list of rows looks and behaves: whole rows, no grid, uniform heights."""
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)


def discard(widget: QWidget) -> None:
    """Take a widget off the screen now and free it soon (deleteLater alone leaves it
    visible until the event loop comes round)."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def show_error(parent: QWidget | None, exc: BaseException, *, doing: str = "") -> None:
    """Tell the user what went wrong in a sentence; never a traceback."""
    if isinstance(exc, JournalError):
        title, text = exc.title, str(exc)
    else:
        log.error("unexpected error%s", f" while {doing}" if doing else "", exc_info=exc)
        title, text = "Something went wrong", UNEXPECTED
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()


def user_message(exc: BaseException) -> str:
    """The sentence to show inline for an error (logged when it is not a JournalError)."""
    if isinstance(exc, JournalError):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return UNEXPECTED


def _paint(frame: QWidget, message: QLabel, background: QPalette.ColorRole | None) -> None:
    """Give ``frame`` and its message the application's palette, tinted with the banner
    colours on ``background`` (None: untinted). Both take it from the application each
    time, so a switch between light and dark re-tints them."""
    palette = QPalette(QApplication.palette(frame))
    if background is not None:
        colour, text = theme.banner_colors(palette)
        palette.setColor(background, colour)
        palette.setColor(QPalette.ColorRole.WindowText, text)
    frame.setPalette(palette)
    message.setPalette(palette)

"""Icons for the sidebar and the main actions: the desktop theme's own when it has them
(freedesktop icon names, so Rapport looks like the rest of the desktop), else Rapport's
bundled line drawings (resources/icons/ui), drawn in the palette's text colour so they
read in light and dark alike."""

from __future__ import annotations

import functools
import os

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap, QTransform
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from journal import resources

#: Rapport's name for an icon → the freedesktop icon naming spec's (or the common
#: themes') name for the same idea.
THEME_NAMES = {
    "today": "x-office-calendar",
    "people": "system-users",
    "journal": "accessories-text-editor",
    "insights": "utilities-system-monitor",
    "map": "network-workgroup",
    "new-entry": "document-new",
    "lock": "system-lock-screen",
    "add-person": "contact-new",
    "import": "document-import",
    "search": "edit-find",
    "back": "go-previous",
    "edit": "document-edit",
    "delete": "edit-delete",
    "archive": "archive-insert",
    "add": "list-add",
    "settings": "preferences-system",
}


def icon(name: str) -> QIcon:
    """The icon for ``name`` (a key of ``THEME_NAMES``). ``RAPPORT_ICONS=bundled`` skips
    the desktop theme (screenshots, tests)."""
    if os.environ.get("RAPPORT_ICONS", "") != "bundled":
        themed = QIcon.fromTheme(THEME_NAMES[name])
        if not themed.isNull():
            return themed
    return bundled(name)


def bundled(name: str, *, mirrored: bool = False) -> QIcon:
    """Rapport's own drawing of ``name``; ``mirrored`` turns it left to right (the
    "back" arrow made a "forward" one)."""
    palette = QApplication.palette()
    colours = (
        palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name(),
        palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name(),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name(),
    )
    return _bundled(name, colours, mirrored)


@functools.cache
def _bundled(name: str, colours: tuple[str, str, str], mirrored: bool) -> QIcon:
    source = (resources.root() / "icons" / "ui" / f"{name}.svg").read_text(encoding="utf-8")
    normal, selected, disabled = colours
    return QIcon(
        LineDrawing(
            source,
            {
                QIcon.Mode.Normal: normal,
                QIcon.Mode.Active: normal,
                QIcon.Mode.Selected: selected,
                QIcon.Mode.Disabled: disabled,
            },
            mirrored=mirrored,
        )
    )


class LineDrawing(QIconEngine):
    """A bundled drawing in the palette's colour for each mode, drawn at the size and
    scale a widget asks for when it first asks (and kept).

    Drawing every size for every mode up front cost ~2 ms an icon, ~20 ms before the
    main window could show Today, for pixmaps mostly never shown; drawing at the asked
    scale also keeps the lines sharp on a high-DPI screen.
    """

    def __init__(
        self, source: str, colours: dict[QIcon.Mode, str], *, mirrored: bool = False
    ) -> None:
        super().__init__()
        self._source = source
        self._colours = colours
        self._mirrored = mirrored
        self._drawn: dict[tuple[int, int, QIcon.Mode], QPixmap] = {}

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        width, height = round(size.width() * scale), round(size.height() * scale)
        key = (width, height, mode)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            pixmap = self._draw(width, height, mode)
            self._drawn[key] = pixmap
        result = QPixmap(pixmap)
        result.setDevicePixelRatio(scale)
        return result

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def clone(self) -> QIconEngine:
        return LineDrawing(self._source, self._colours, mirrored=self._mirrored)

    def isNull(self) -> bool:
        return not self._source

    def _draw(self, width: int, height: int, mode: QIcon.Mode) -> QPixmap:
        colour = self._colours.get(mode, self._colours[QIcon.Mode.Normal])
        renderer = QSvgRenderer(QByteArray(self._source.replace("currentColor", colour).encode()))
        side = min(width, height)
        image = QImage(QSize(width, height), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        if side > 0:
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self._mirrored:
                painter.setTransform(QTransform(-1, 0, 0, 1, width, 0))
            # Square drawings, centred in a rectangle that is not square.
            renderer.render(painter, QRectF((width - side) / 2, (height - side) / 2, side, side))
            painter.end()
        return QPixmap.fromImage(image)

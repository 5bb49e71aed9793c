"""Icons for the sidebar and the main actions: the desktop theme's own when it has them
(freedesktop icon names, so Rapport looks like the rest of the desktop), else Rapport's
bundled line drawings (resources/icons/ui), drawn in the palette's text colour so they
read in light and dark alike."""

from __future__ import annotations

import functools
import os

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPalette, QPixmap
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
SIZES = (16, 20, 24, 32, 48)


def icon(name: str) -> QIcon:
    """The icon for ``name`` (a key of ``THEME_NAMES``). ``RAPPORT_ICONS=bundled`` skips
    the desktop theme (screenshots, tests)."""
    if os.environ.get("RAPPORT_ICONS", "") != "bundled":
        themed = QIcon.fromTheme(THEME_NAMES[name])
        if not themed.isNull():
            return themed
    return bundled(name)


def bundled(name: str) -> QIcon:
    palette = QApplication.palette()
    colours = (
        palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name(),
        palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText).name(),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name(),
    )
    return _bundled(name, colours)


@functools.cache
def _bundled(name: str, colours: tuple[str, str, str]) -> QIcon:
    source = (resources.root() / "icons" / "ui" / f"{name}.svg").read_text(encoding="utf-8")
    result = QIcon()
    modes = (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Disabled)
    for mode, colour in zip(modes, colours, strict=True):
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", colour).encode()))
        for size in SIZES:
            image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            result.addPixmap(QPixmap.fromImage(image), mode)
            if mode is QIcon.Mode.Normal:
                result.addPixmap(QPixmap.fromImage(image), QIcon.Mode.Active)
    return result

"""Colours that follow the system palette, light or dark.

Rapport draws with palette roles only, so whatever palette the desktop hands Qt (a
dark GNOME or KDE theme, macOS or Windows dark mode) is the one the user sees. The few
colours the palette has no role for (an error, a success) are picked by the palette's
lightness. ``RAPPORT_THEME=dark|light`` forces a palette, for desktops Qt cannot read
and for the screenshots.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette | None = None) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def success_color(palette: QPalette | None = None) -> QColor:
    return QColor("#7bd88f") if is_dark(palette) else QColor("#1e7b34")


def banner_colors(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """A calm amber band (background, text) with a contrast above 7:1 in both themes."""
    if is_dark(palette):
        return QColor("#4a3c10"), QColor("#fdf0c4")
    return QColor("#fdf1c7"), QColor("#3d2e00")


def accent_color(palette: QPalette | None = None) -> QColor:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Highlight)


def dark_palette() -> QPalette:
    """A dark palette like the ones dark desktop themes hand to Qt."""
    p = QPalette()
    roles = QPalette.ColorRole
    # Fields and lists a little lighter than the window, as in Qt's own dark Fusion, so
    # their frames and check boxes stay visible.
    window, base, text = QColor("#26272b"), QColor("#313338"), QColor("#e8e8ea")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, roles.Window, window)
        p.setColor(group, roles.WindowText, text)
        p.setColor(group, roles.Base, base)
        p.setColor(group, roles.AlternateBase, QColor("#2c2e32"))
        p.setColor(group, roles.ToolTipBase, QColor("#3a3d42"))
        p.setColor(group, roles.ToolTipText, text)
        p.setColor(group, roles.PlaceholderText, QColor("#a0a2a8"))
        p.setColor(group, roles.Text, text)
        p.setColor(group, roles.Button, QColor("#3a3c42"))
        p.setColor(group, roles.ButtonText, text)
        p.setColor(group, roles.BrightText, QColor("#ffffff"))
        p.setColor(group, roles.Light, QColor("#55585f"))
        p.setColor(group, roles.Midlight, QColor("#45474d"))
        p.setColor(group, roles.Mid, QColor("#1f2023"))
        p.setColor(group, roles.Dark, QColor("#141517"))
        p.setColor(group, roles.Shadow, QColor("#000000"))
        p.setColor(group, roles.Highlight, QColor("#3d7bd9"))
        p.setColor(group, roles.HighlightedText, QColor("#ffffff"))
        p.setColor(group, roles.Link, QColor("#8cbcff"))
        p.setColor(group, roles.LinkVisited, QColor("#c3a8e8"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#75777d"))
    for role in (roles.Window, roles.Base, roles.Button):
        p.setColor(disabled, role, p.color(QPalette.ColorGroup.Active, role))
    p.setColor(disabled, roles.Highlight, QColor("#3a3d42"))
    p.setColor(disabled, roles.PlaceholderText, QColor("#75777d"))
    return p


def apply_forced_theme(app: QApplication, name: str | None = None) -> None:
    """Use a dark or light palette when asked (``RAPPORT_THEME``), else the system's."""
    name = (name or os.environ.get("RAPPORT_THEME", "")).strip().lower()
    if name not in ("dark", "light"):
        return
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(dark_palette() if name == "dark" else app.style().standardPalette())

"""Rapport's look in one place: spacing and type scales, colours that follow the
system palette (light or dark), contrast checks, and the few style rules Qt's own style
does not give (sidebar, cards, focus and hover states).

Rapport draws with palette roles only, so whatever palette the desktop hands Qt (a
dark GNOME or KDE theme, macOS or Windows dark mode) is the one the user sees; the
secondary text colour is nudged until it reads (WCAG AA, 4.5:1) on that palette. The
few colours the palette has no role for (an error, a success) are picked by the
palette's lightness. ``RAPPORT_THEME=dark|light`` forces a palette, for desktops Qt
cannot read and for the screenshots.

The stylesheet touches only Rapport's own surfaces (by object name or class), never
buttons, fields or menus, so those keep the desktop's native look.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

# -- scales ---------------------------------------------------------------------------

#: The spacing scale (px): every margin and gap is one of these.
SPACE_XS, SPACE_S, SPACE_M, SPACE_L, SPACE_XL = 4, 8, 12, 18, 24
#: Page margins (left, top, right, bottom), so headings line up with the search field.
PAGE_MARGINS = (SPACE_XL, SPACE_L, SPACE_XL, SPACE_M)
#: Inside a card.
CARD_MARGINS = (SPACE_L, SPACE_M + 2, SPACE_L, SPACE_M + 2)
CARD_RADIUS = 8

#: The type scale, as multiples of the desktop's body font (which stays the user's):
#: page titles, section heads, card heads, body, secondary text.
TYPE_SCALE = {"title": 1.6, "section": 1.22, "card": 1.06, "body": 1.0, "secondary": 0.94}
#: Weights: titles and heads semi-bold (600) rather than bold, as GNOME and KDE do.
TITLE_WEIGHT = 600


# -- contrast (WCAG 2.1) --------------------------------------------------------------

AA_TEXT = 4.5


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour: QColor, *backgrounds: QColor, ratio: float = AA_TEXT) -> QColor:
    """``colour``, moved towards black or white just enough to reach ``ratio`` on every
    background (secondary text that stays secondary but can be read)."""
    out = QColor(colour)
    dark_bg = sum(relative_luminance(b) for b in backgrounds) / len(backgrounds) < 0.18
    for _ in range(40):
        if all(contrast_ratio(out, b) >= ratio for b in backgrounds):
            return out
        out = out.lighter(106) if dark_bg else out.darker(106)
        if dark_bg and out.lightness() >= 250:
            return QColor("#ffffff")
    return out


#: Text and background roles that must read (AA) on every palette Rapport sets.
TEXT_PAIRS = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Window),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
)


def ensure_readable(palette: QPalette) -> QPalette:
    """The palette with its secondary text (placeholder role, used for muted labels)
    and links moved until they read on both the window and fields."""
    roles = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        backgrounds = (palette.color(group, roles.Window), palette.color(group, roles.Base))
        for role in (roles.PlaceholderText, roles.Link):
            palette.setColor(group, role, readable(palette.color(group, role), *backgrounds))
    return palette


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


def secondary_color(palette: QPalette | None = None) -> QColor:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.PlaceholderText)


def selected_secondary_color(palette: QPalette | None = None) -> QColor:
    """Secondary text on a selected (highlighted) row: the highlighted text colour a
    little muted towards the highlight, kept at AA contrast on it. The plain secondary
    colour is grey on the accent blue, which could not be read on the selected row."""
    palette = palette or QApplication.palette()
    text = palette.color(QPalette.ColorRole.HighlightedText)
    back = palette.color(QPalette.ColorRole.Highlight)
    mixed = QColor.fromRgbF(
        0.8 * text.redF() + 0.2 * back.redF(),
        0.8 * text.greenF() + 0.2 * back.greenF(),
        0.8 * text.blueF() + 0.2 * back.blueF(),
    )
    if contrast_ratio(mixed, back) >= AA_TEXT:
        return mixed
    return text


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
        p.setColor(group, roles.Highlight, QColor("#3571d0"))
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


def light_palette() -> QPalette:
    """A light palette: a warm off-white window, white fields, one blue accent."""
    p = QPalette()
    roles = QPalette.ColorRole
    window, base, text = QColor("#f6f5f4"), QColor("#ffffff"), QColor("#1d1f23")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, roles.Window, window)
        p.setColor(group, roles.WindowText, text)
        p.setColor(group, roles.Base, base)
        p.setColor(group, roles.AlternateBase, QColor("#f3f4f6"))
        p.setColor(group, roles.ToolTipBase, QColor("#2b2d31"))
        p.setColor(group, roles.ToolTipText, QColor("#f4f4f5"))
        p.setColor(group, roles.PlaceholderText, QColor("#5e6168"))
        p.setColor(group, roles.Text, text)
        p.setColor(group, roles.Button, QColor("#fbfbfa"))
        p.setColor(group, roles.ButtonText, text)
        p.setColor(group, roles.BrightText, QColor("#ffffff"))
        p.setColor(group, roles.Light, QColor("#ffffff"))
        p.setColor(group, roles.Midlight, QColor("#e9e8e6"))
        p.setColor(group, roles.Mid, QColor("#c9c8c5"))
        p.setColor(group, roles.Dark, QColor("#a3a29f"))
        p.setColor(group, roles.Shadow, QColor("#77767a"))
        p.setColor(group, roles.Highlight, QColor("#2f6bc9"))
        p.setColor(group, roles.HighlightedText, QColor("#ffffff"))
        p.setColor(group, roles.Link, QColor("#1c5bb8"))
        p.setColor(group, roles.LinkVisited, QColor("#6b3fa8"))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#9a9a9e"))
    for role in (roles.Window, roles.Base, roles.Button):
        p.setColor(disabled, role, p.color(QPalette.ColorGroup.Active, role))
    p.setColor(disabled, roles.Highlight, QColor("#c9c8c5"))
    p.setColor(disabled, roles.PlaceholderText, QColor("#9a9a9e"))
    return p


def stylesheet(palette: QPalette | None = None) -> str:
    """The rules for Rapport's own surfaces: the sidebar (hover, selection, focus), cards
    (rounded, a hairline border), page titles and the notice bar. Colours come from the
    palette, so light and dark follow."""
    palette = palette or QApplication.palette()
    dark = is_dark(palette)
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    border = window.lighter(135) if dark else window.darker(112)
    hover = window.lighter(125) if dark else window.darker(106)
    focus = highlight.name()
    side = window.darker(112) if dark else window.darker(103)
    return f"""
QListWidget#sidebar, QListWidget#sidebar:focus {{
    background: {side.name()}; border: none; padding: {SPACE_M}px {SPACE_S}px; outline: 0;
}}
QListWidget#sidebar::item {{
    padding: {SPACE_S}px {SPACE_M}px; margin: 1px 0; border-radius: 6px;
    color: palette(window-text);
}}
QListWidget#sidebar::item:hover:!selected {{ background: {hover.name()}; }}
QListWidget#sidebar::item:selected {{
    background: palette(highlight); color: palette(highlighted-text);
}}
QListWidget#sidebar::item:selected:focus {{ border: 1px solid {focus}; }}
QFrame[card="true"] {{
    background: {base.name()}; border: 1px solid {border.name()};
    border-radius: {CARD_RADIUS}px;
}}
QFrame#sidebarDivider {{ color: {border.name()}; }}
"""


def apply_style(app: QApplication) -> None:
    """Make the palette's secondary text readable and add Rapport's style rules."""
    app.setPalette(ensure_readable(app.palette()))
    app.setStyleSheet(stylesheet(app.palette()))


def apply_forced_theme(app: QApplication, name: str | None = None) -> None:
    """Use a dark or light palette when asked (``RAPPORT_THEME``), else the system's;
    either way, Rapport's style rules on top."""
    name = (name or os.environ.get("RAPPORT_THEME", "")).strip().lower()
    if name in ("dark", "light"):
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        app.setPalette(dark_palette() if name == "dark" else light_palette())
    apply_style(app)

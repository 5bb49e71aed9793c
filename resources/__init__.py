"""Rapport's icons, and the one place that knows where they live.

This folder (the repository's top-level ``resources/``) is installed as the package
``journal.resources`` (a package-dir mapping in pyproject.toml), and the files sit next
to this module, so they travel with it wherever it goes: a checkout (``pip install -e
.``), an installed wheel (they are package data) and the PyInstaller bundle (the spec
collects ``journal.resources``' data files). Nothing else in the code builds a path to
an icon: ask this module.

The PNGs are rendered from the SVG sources by ``packaging/render_icons.py`` and
committed, so the app never needs Qt's SVG plugin to show its own icons (and the frozen
app stays small). The small sizes come from a separate drawing made for 16 px.

Qt is imported only inside the functions that return Qt objects, so the path helpers
work in tools and tests that never start a GUI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journal import APP_ID

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QPalette

#: Sizes the app icon is rendered at (the freedesktop hicolor sizes).
APP_ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Up to this size the app icon is rendered from the drawing made for small sizes.
SMALL_DRAWING_MAX = 24
#: Sizes the tray icons are rendered at (panels are 16–48 px; 64 for HiDPI).
TRAY_ICON_SIZES = (16, 22, 24, 32, 48, 64)
#: The prefix under which Qt finds these files (``QIcon("rapport:icons/app/...")``).
QT_SEARCH_PREFIX = "rapport"

_ROOT = Path(__file__).resolve().parent


def root() -> Path:
    """The folder holding all resources (a real folder in every way Rapport is installed)."""
    return _ROOT


def app_icon_svg(*, small: bool = False) -> Path:
    """The app icon's SVG source: the full drawing, or the one made for 16–24 px."""
    name = f"{APP_ID}-small.svg" if small else f"{APP_ID}.svg"
    return _ROOT / "icons" / "app" / name


def app_icon_png(size: int) -> Path:
    """The app icon rendered at ``size`` px (one of ``APP_ICON_SIZES``)."""
    _check_size(size, APP_ICON_SIZES, "app icon")
    return _ROOT / "icons" / "app" / f"rapport-{size}.png"


def tray_icon_svg(*, due: bool, dark: bool) -> Path:
    """The tray icon's SVG source for a dark or light panel, with or without the badge."""
    return _ROOT / "icons" / "tray" / f"{_tray_stem(due, dark)}.svg"


def tray_icon_png(size: int, *, due: bool, dark: bool) -> Path:
    _check_size(size, TRAY_ICON_SIZES, "tray icon")
    return _ROOT / "icons" / "tray" / f"{_tray_stem(due, dark)}-{size}.png"


def app_icon() -> QIcon:
    """The app icon at every size, for windows, dialogs, the taskbar and notifications."""
    return _icon_from([app_icon_png(size) for size in APP_ICON_SIZES])


def tray_icon(due: bool, dark: bool) -> QIcon:
    """The tray icon: a one-colour glyph that reads on a ``dark`` or light panel, with an
    orange badge when check-ins are ``due``. Pass ``dark=panel_is_dark()`` unless the user
    chose otherwise."""
    return _icon_from([tray_icon_png(size, due=due, dark=dark) for size in TRAY_ICON_SIZES])


def panel_is_dark(palette: QPalette | None = None) -> bool:
    """A best guess at whether the desktop's panels are dark.

    No platform tells an app the colour of the panel its tray icon sits on. Qt knows the
    desktop's colour scheme (GNOME, KDE, macOS and Windows report it); when it does not,
    a dark window background in the palette suggests a dark theme. Panels are dark on
    many light themes too, so callers should let the user override this.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QPalette

    app = QGuiApplication.instance()
    if palette is None and app is not None:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme != Qt.ColorScheme.Unknown:
            return scheme == Qt.ColorScheme.Dark
        palette = QGuiApplication.palette()
    if palette is None:
        return True  # most panels are dark; a light glyph is the safer default
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def register_qt_search_path() -> None:
    """Let Qt code and style sheets name resources as ``rapport:icons/...``."""
    from PySide6.QtCore import QDir

    QDir.addSearchPath(QT_SEARCH_PREFIX, str(_ROOT))


def _icon_from(files: list[Path]) -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for file in files:
        icon.addFile(str(file))
    return icon


def _tray_stem(due: bool, dark: bool) -> str:
    return f"tray{'-due' if due else ''}-on-{'dark' if dark else 'light'}"


def _check_size(size: int, sizes: tuple[int, ...], what: str) -> None:
    if size not in sizes:
        raise ValueError(f"no {what} at {size} px; sizes are {', '.join(map(str, sizes))}")

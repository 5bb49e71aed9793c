"""Who the running app says it is, so desktops match its windows to its launcher.

GNOME and KDE pair a window with ``org.rapport.Rapport.desktop`` (its name and icon in
the dock, its notifications) through the desktop file name (``_GTK_APPLICATION_ID`` on
X11, the app id on Wayland); older docks use the X11 ``WM_CLASS``, whose class part is
the application name and must equal the desktop file's ``StartupWMClass``.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

import journal.resources as resources
from journal import APP_ID, APP_NAME, __version__


def apply_identity(app: QGuiApplication) -> None:
    """Call once, right after creating the QApplication and before the first window."""
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(resources.app_icon())
    resources.register_qt_search_path()

"""Help ▸ About: who this app is, which version, and the promise it keeps.

The version comes from ``journal.__version__`` (the one place it lives), so About,
``journal --version`` and the AppStream metainfo always agree.
"""

from __future__ import annotations

import platform

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import journal.resources as resources
from journal import APP_NAME, __version__

#: SPDX id of the licence (the same as pyproject.toml and the metainfo; a test checks).
LICENCE_SPDX = "GPL-3.0-or-later"
LICENCE_TEXT = "Free software under the GNU General Public License, version 3 or later"
PRIVACY_TEXT = (
    "Your journal stays on this computer, encrypted with your passphrase; "
    "Rapport never connects to the network."
)
TAGLINE = "A private journal of the people in your life and work."
ICON_SIZE = 96


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(resources.app_icon())

        icon = QLabel()
        icon.setObjectName("about-icon")
        icon.setPixmap(resources.app_icon().pixmap(ICON_SIZE, ICON_SIZE))
        icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        icon.setAccessibleName(f"{APP_NAME} icon")

        name = QLabel(APP_NAME)
        name.setObjectName("about-name")
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        name.setFont(font)

        version = self._label("about-version", f"Version {__version__}")
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tagline = self._label("about-tagline", TAGLINE)

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(name)
        heading.addWidget(version)
        heading.addWidget(tagline)
        heading.addStretch(1)

        top = QHBoxLayout()
        top.setSpacing(18)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        privacy = self._label("about-privacy", PRIVACY_TEXT)
        licence = self._label("about-licence", f"{LICENCE_TEXT}.")
        licence.setToolTip(f"SPDX: {LICENCE_SPDX}")
        details = self._label(
            "about-details",
            f"Qt {qVersion()} · Python {platform.python_version()} · {platform.system()}",
        )
        details.setEnabled(False)  # drawn in the palette's quieter colour
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(privacy)
        layout.addWidget(licence)
        layout.addWidget(details)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _label(object_name: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        return label


def show_about(parent: QWidget | None) -> AboutDialog:
    """Show About over ``parent`` (window-modal, non-blocking) and return the dialog.

    A second call while it is open brings the open one forward instead of stacking another.
    """
    if parent is not None:
        for existing in parent.findChildren(AboutDialog):
            if existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return existing
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""The system-tray icon and its menu: Today's check-ins (count), Log a meeting…, Open
Rapport, Lock, Quit.

It only shows what the session tells it (``show_count``, ``show_locked``) and turns
clicks into signals; the session decides what they do. The icon has an orange badge
when check-ins are due, drawn for a dark or light panel (``resources.panel_is_dark``,
which the ``tray/panel`` setting in gui.ini can override with "dark" or "light").
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal, SignalInstance
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

import journal.resources as resources
from journal import APP_NAME
from journal.core.wording import plural

LOCKED_TEXT = f"{APP_NAME} is locked"
BALLOON_MS = 10_000


def available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def count_text(count: int) -> str:
    if count == 0:
        return "No check-ins today"
    return f"{plural(count, 'check-in')} for today"


class Tray(QObject):
    today_requested = Signal()
    log_requested = Signal()
    ask_requested = Signal()
    open_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.today_action = self._add("Today's check-ins", self.today_requested)
        self.log_action = self._add("Log a meeting…", self.log_requested)
        self.ask_action = self._add("Who could help…", self.ask_requested)
        self.menu.addSeparator()
        self.open_action = self._add(f"Open {APP_NAME}", self.open_requested)
        self.lock_action = self._add("Lock", self.lock_requested)
        self.menu.addSeparator()
        self.quit_action = self._add("Quit", self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.message_clicked.emit)
        self.count: int | None = None
        self.locked = True
        self.show_locked()

    def _add(self, text: str, signal: SignalInstance) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _=False: signal.emit())
        self.menu.addAction(action)
        return action

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A left click (or a double click) opens the app; the right click is the menu.
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def _dark(self) -> bool:
        wanted: object = self._settings.value("tray/panel", "") if self._settings else ""
        if wanted in ("dark", "light"):
            return wanted == "dark"
        dark: bool = resources.panel_is_dark()
        return dark

    def _set(self, due: bool, tooltip: str, today: str) -> None:
        self.icon.setIcon(resources.tray_icon(due, self._dark()))
        self.icon.setToolTip(tooltip)
        self.today_action.setText(today)

    def show_count(self, count: int, *, locked: bool = False) -> None:
        """Today's count; also while locked when the keychain lets the app read it."""
        self.count, self.locked = count, locked
        text = count_text(count)
        suffix = " (locked)" if locked else ""
        self._set(count > 0, f"{APP_NAME}: {text}{suffix}", f"Today's check-ins ({count})")
        self.lock_action.setEnabled(not locked)

    def show_locked(self) -> None:
        """Locked and nothing may be read: a neutral icon and words that tell nothing."""
        self.count, self.locked = None, True
        self._set(False, LOCKED_TEXT, "Today's check-ins…")
        self.lock_action.setEnabled(False)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def balloon(self, title: str, body: str, icon: QIcon | None = None) -> None:
        """The tray's own message bubble: where no notification service answers."""
        self.icon.showMessage(title, body, icon or resources.app_icon(), BALLOON_MS)

"""Desktop notifications through desktop-notifier, and what the user clicks in them.

desktop-notifier speaks the freedesktop interface on Linux (any notification daemon:
GNOME Shell, KDE Plasma, dunst, mako, xfce4-notifyd), UNUserNotificationCenter on macOS
and WinRT toasts on Windows, with buttons where the platform has them. It is asyncio
code; Qt owns the main thread, so the notifier runs on a small asyncio loop in a daemon
thread of its own, started at the first notification (an app that never notifies never
starts it). Idle, that loop sleeps in the kernel: no timer, no polling. Results and
clicks come back to the GUI thread as queued Qt signals.

``finished(token, shown)`` says whether a notification service took the notification:
``shown`` is False when none answered (no session bus, no daemon, no bundle on macOS),
and the caller then falls back to the tray's own balloon. Nothing here ever uses the
network: on Linux the only connection is the D-Bus session bus's local socket.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import html
import logging
import sys
import threading
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

import journal.resources as resources
from journal import APP_NAME

if TYPE_CHECKING:  # asyncio is imported at the first notification, not at start
    import asyncio

log = logging.getLogger(__name__)

ACTION_LABELS = {
    "log": "Log check-in",
    "snooze": "Snooze",
    "open": "Open",
    # Before and after a meeting (journal.gui.desktop.meeting_watch).
    "brief": "Open the brief",
    "write": "Write it down",
    "met": "We met",
    "dismiss": "Dismiss",
}
#: A notification service that takes longer than this to answer counts as absent.
SEND_TIMEOUT_S = 10.0


class Notifier(QObject):
    """Sends notifications; tells the GUI thread what came of them and what was clicked.

    ``action(token, key)``: key is "open" for a click on the notification itself, else
    one of the action keys given to ``send`` ("log", "snooze", "open").
    """

    finished = Signal(str, bool)
    action = Signal(str, str)

    def __init__(self, app_name: str = APP_NAME, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._notifier: Any = None
        self._lock = threading.Lock()

    # the asyncio side ---------------------------------------------------------------------

    def _submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        import asyncio  # ~60 ms at import: paid at the first notification, not at start

        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=_run_loop, args=(loop,), name="rapport-notifications", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def _service(self) -> Any:
        """The desktop-notifier object, or None where it has only its do-nothing backend
        (macOS outside an app bundle, old Windows): the tray balloon is better there."""
        if self._notifier is None:
            from desktop_notifier import DesktopNotifier, Icon
            from desktop_notifier.backends.dummy import DummyNotificationCenter
            from desktop_notifier.main import get_backend_class

            if get_backend_class() is DummyNotificationCenter:
                return None
            self._notifier = DesktopNotifier(
                app_name=self._app_name, app_icon=Icon(path=resources.app_icon_png(128))
            )
        return self._notifier

    async def _send(self, token: str, title: str, body: str, actions: Sequence[str]) -> bool:
        import asyncio

        from desktop_notifier import Button, Notification

        service = self._service()
        if service is None:
            return False
        dispatched = asyncio.Event()

        def pressed(key: str) -> None:
            self.action.emit(token, key)

        notification = Notification(
            title=title,
            message=_body_for_platform(body),
            buttons=tuple(
                Button(
                    title=ACTION_LABELS[key],
                    identifier=key,
                    on_pressed=functools.partial(pressed, key),
                )
                for key in actions
                if key in ACTION_LABELS
            ),
            on_clicked=lambda: pressed("open"),
            on_dispatched=dispatched.set,
        )
        # desktop-notifier logs a failed send as a warning with a traceback and returns;
        # whether it was dispatched is the answer we need (quietly: it is not an error
        # for a desktop to have no notification service).
        await asyncio.wait_for(service.send_notification(notification), SEND_TIMEOUT_S)
        return dispatched.is_set()

    # the Qt side ------------------------------------------------------------------------------

    def send(self, token: str, title: str, body: str, actions: Sequence[str] = ()) -> None:
        """Show a notification; ``finished(token, shown)`` follows on the GUI thread."""

        async def attempt() -> None:
            try:
                shown = await self._send(token, title, body, actions)
            except Exception as exc:  # no bus, a hung daemon: the caller falls back
                log.info("notification not shown: %s", type(exc).__name__)
                shown = False
            self.finished.emit(token, shown)

        self._submit(attempt())

    def shutdown(self) -> None:
        """Close the D-Bus connection and stop the loop's thread (at quit)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        notifier = self._notifier

        async def close() -> None:
            bus = getattr(getattr(notifier, "_backend", None), "bus", None)
            if bus is not None:
                bus.disconnect()

        import asyncio

        with contextlib.suppress(Exception):  # a hung bus must not hold up quitting
            asyncio.run_coroutine_threadsafe(close(), loop).result(2)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(2)


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    import asyncio

    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        loop.close()


def _body_for_platform(body: str) -> str:
    """freedesktop servers read the body as simple markup (a lone "&" or "<" breaks it
    or vanishes); macOS and Windows show it as typed."""
    return html.escape(body, quote=False) if sys.platform.startswith("linux") else body


# desktop-notifier reports failures itself as warnings with a traceback; the outcome
# reaches us through ``dispatched`` and the app's log stays for real errors.
logging.getLogger("desktop_notifier").setLevel(logging.ERROR)

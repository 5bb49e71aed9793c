"""What the desktop services may ask of the running app: the small ``Session`` protocol.

The services that run without a window (``background``: the tray, the reminder
scheduler and the notifications; ``meeting_watch``; ``sync_watch``) depend on this
rather than on ``RapportApp`` and ``MainWindow`` themselves, as pages depend on
``Shell``: what they may read (the journal if it is unlocked, the clock, gui.ini), what
they may ask for (come to the front, open Today, log a check-in, lock, quit) and how they
tell the user something inside the window. ``RapportApp`` implements it; a test may too.

What happens to the session comes to the services as Qt signals on its ``signals``
(``SessionSignals``: unlocked, ready, locked, changed): each service connects to what it
needs when it is made, so the app never calls into a service to tell it, and no service
polls the app or reads its attributes to find out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from journal.core.clock import Clock
    from journal.core.journal import Journal

#: A button in the window's notice bar: its label and what it does.
NoticeAction = tuple[str, Callable[[], object]]


class SessionSignals(QObject):
    """What happens to the session, for the desktop services to listen to.

    The app owns one and emits; services connect when they are made. Emitted on the GUI
    thread, in this order for one unlock: ``unlocked``, then ``ready`` once the window's
    first page is on screen (never when the window stays hidden in the tray).
    """

    #: The journal is open (a ``Journal``); the window exists, shown or in the tray.
    unlocked = Signal(object)
    #: The window's first page is on screen: work that should not slow it may start.
    ready = Signal()
    #: The journal was closed and its key wiped (a lock, or leaving the sample journal).
    locked = Signal()
    #: Something in the open journal changed (a change kind: "person", "settings"...).
    changed = Signal(str)


class Session(Protocol):
    #: What happens to the session (unlock, window ready, lock, changes), as signals.
    signals: SessionSignals
    #: The open journal; ``None`` while the app is locked.
    journal: Journal | None
    #: Where the app keeps its own preferences (gui.ini): "told once" flags, the tray's.
    settings: QSettings
    #: The clock the journal uses (``None``: the system's).
    clock: Clock | None

    @property
    def is_sample(self) -> bool:
        """The journal on screen is the sample journal: nothing in it to back up."""
        ...

    def locked_opener(self) -> Callable[[], Journal | None] | None:
        """While locked: a function that opens a short-lived copy of the journal with the
        key remembered in the keychain (on the worker; ``None`` if it cannot), or
        ``None`` when the key is not remembered (then nothing may be read)."""
        ...

    # the window ----------------------------------------------------------------------

    def activate(self) -> None:
        """Come to the front: the window, or the unlock dialog."""
        ...

    def in_window(self, action: Callable[[Any], None]) -> None:
        """Do ``action(window)`` with the window in front, unlocking first if need be
        (for a dialog that belongs to the window: a meeting's brief, a reflection)."""
        ...

    def open_today(self) -> None: ...

    def open_person(self, person_id: str) -> None: ...

    def new_entry(self) -> None: ...

    def ask_network(self) -> None: ...

    def open_settings(self, tab: str = "") -> None: ...

    def log_check_in(self, suggestion: Any) -> None:
        """Open the entry editor for a suggestion; saving it marks the suggestion done."""
        ...

    def act_on_suggestion(self, suggestion: Any, action: str, until: Any = None) -> None:
        """Today's buttons on a suggestion (``snooze`` until a date...), in the window."""
        ...

    def window_state(self) -> str:
        """``"none"`` (locked or not made yet), ``"hidden"`` (in the tray), ``"shown"``
        or ``"in use"`` (shown, not minimised, the active window)."""
        ...

    def remind(self, text: str) -> bool:
        """Tell ``text`` in the window's notice bar (with Open Today); ``False`` if there
        is no window to tell it in."""
        ...

    def warn(self, text: str, actions: Sequence[NoticeAction] = ()) -> bool:
        """A notice that stays until dismissed; ``False`` if there is no window."""
        ...

    def show_minimized(self) -> None:
        """Put a hidden window in the taskbar (no tray, no notifications: all that is left)."""
        ...

    def report(self, exc: BaseException) -> None:
        """Show an error as its sentence, in the window."""
        ...

    # the session -----------------------------------------------------------------------

    def lock(self) -> None: ...

    def quit(self) -> None: ...

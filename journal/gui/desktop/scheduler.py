"""When the app looks at the day's check-ins: at start, at the next moment something can
change, and after the machine wakes; never by polling.

What to deliver and when is the core's (``journal.core.delivery``); this module only
sleeps until the moment ``Check.wake_at`` names and runs the next check there, on the
worker thread (``tasks``), so the GUI never waits on the engine.

*Sleeping until a wall-clock moment.* Qt's timers count monotonic time, which stops
while the machine is suspended: a 10-hour timer set at 23:00 with the lid closed for
8 hours fires at 17:00. So on Linux the alarm is a ``timerfd`` on CLOCK_REALTIME with an
absolute expiry (``TFD_TIMER_ABSTIME``): the kernel fires it when the wall clock reaches
the moment, including right after a resume that passed it, and
``TFD_TIMER_CANCEL_ON_SET`` wakes it early when the clock is set (NTP step, manual
change), which is a reason to look again too. Elsewhere (or if timerfd is missing) it
is a precise single-shot QTimer.

*Waking from sleep.* On Linux the app also listens for logind's ``PrepareForSleep(false)``
on the system bus (QtDBus), and checks at once on resume, when that bus and logind are
there. Where neither helps (a macOS or Windows QTimer across a suspend), the check that
finally runs late reads the wall clock, so a missed delivery goes out then, and the next
sleep is computed from the real time again. Every check recomputes from ``clock.now()``:
a timer firing early, late or twice only costs one cheap look.

Idle cost: one armed timer and one idle socket; no thread wakes between checks.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal, Slot

from journal.gui.desktop import tasks

log = logging.getLogger(__name__)

#: A check runs this long after the moment it was armed for, so that a clock read
#: with whole seconds is past the moment.
MARGIN_S = 0.5
#: The longest a QTimer can sleep (its interval is a 32-bit count of milliseconds).
QTIMER_MAX_MS = 2**31 - 1
#: After a check that failed (the journal busy elsewhere, a disk error), try again then.
RETRY_S = 15 * 60
#: Edits come in bursts (a save, its follow-ups, the Today page's log): count once after.
RECOUNT_DELAY_MS = 400

LOGIND = (
    "org.freedesktop.login1",
    "/org/freedesktop/login1",
    "org.freedesktop.login1.Manager",
    "PrepareForSleep",
)


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_int64), ("tv_nsec", ctypes.c_long))


class _Itimerspec(ctypes.Structure):
    _fields_ = (("it_interval", _Timespec), ("it_value", _Timespec))


_CLOCK_REALTIME = 0
_TFD_NONBLOCK = 0o4000
_TFD_CLOEXEC = 0o2000000
_TFD_TIMER_ABSTIME = 1
_TFD_TIMER_CANCEL_ON_SET = 2


class _TimerFd:
    """A CLOCK_REALTIME timerfd through libc (os.timerfd_* only came in Python 3.13)."""

    def __init__(self) -> None:
        if not sys.platform.startswith("linux") or ctypes.sizeof(ctypes.c_long) != 8:
            raise OSError("timerfd: only on 64-bit Linux here")
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        self._settime = libc.timerfd_settime
        self._settime.argtypes = (
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(_Itimerspec),
            ctypes.c_void_p,
        )
        fd = libc.timerfd_create(_CLOCK_REALTIME, _TFD_NONBLOCK | _TFD_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        self.fd = fd

    def arm(self, epoch: float) -> None:
        """Fire when the wall clock reaches ``epoch`` (0 disarms)."""
        seconds = int(epoch)
        spec = _Itimerspec(
            _Timespec(0, 0), _Timespec(seconds, int((epoch - seconds) * 1e9) if epoch else 0)
        )
        flags = _TFD_TIMER_ABSTIME | _TFD_TIMER_CANCEL_ON_SET
        if self._settime(self.fd, flags, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")

    def consume(self) -> bool:
        """Read the expiry; True when it fired or the clock was set (both: look again)."""
        try:
            os.read(self.fd, 8)
        except BlockingIOError:
            return False  # a spurious wake-up
        except OSError as exc:
            return exc.errno == errno.ECANCELED
        return True

    def close(self) -> None:
        os.close(self.fd)


class WallClockAlarm(QObject):
    """One pending wake-up at a wall-clock moment (``arm`` replaces the previous one)."""

    fired = Signal()

    def __init__(self, parent: QObject | None = None, *, use_timerfd: bool = True) -> None:
        super().__init__(parent)
        self._timerfd: _TimerFd | None = None
        self._notifier: QSocketNotifier | None = None
        if use_timerfd:
            try:
                self._timerfd = _TimerFd()
            except (OSError, AttributeError) as exc:
                log.info("no timerfd (%s): sleeping with a QTimer", exc)
        if self._timerfd is not None:
            self._notifier = QSocketNotifier(self._timerfd.fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._timerfd_ready)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.fired.emit)
        self.armed_at: float | None = None

    @property
    def kind(self) -> str:
        return "timerfd" if self._timerfd is not None else "qtimer"

    def arm_in(self, seconds: float) -> None:
        """Wake ``seconds`` from now by the wall clock."""
        epoch = time.time() + max(0.0, seconds)
        self.armed_at = epoch
        if self._timerfd is not None:
            try:
                self._timerfd.arm(epoch)
                return
            except OSError as exc:
                log.warning("timerfd failed (%s): sleeping with a QTimer", exc)
                self._drop_timerfd()
        self._timer.start(min(QTIMER_MAX_MS, max(0, round(seconds * 1000))))

    def disarm(self) -> None:
        self.armed_at = None
        self._timer.stop()
        if self._timerfd is not None:
            self._timerfd.arm(0)

    def _timerfd_ready(self, *_args: Any) -> None:
        if self._timerfd is not None and self._timerfd.consume():
            self.armed_at = None
            self.fired.emit()

    def _drop_timerfd(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._timerfd is not None:
            self._timerfd.close()
            self._timerfd = None

    def close(self) -> None:
        self.disarm()
        self._drop_timerfd()


class SleepWatcher(QObject):
    """Says when the machine has woken from suspend (logind, over the system bus)."""

    woke = Signal()

    def __init__(
        self, bus: Any = None, *, service: str = LOGIND[0], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.active = False
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a build without QtDBus: late timers still catch up
            return
        if bus is None:
            if not sys.platform.startswith("linux"):
                return
            bus = QDBusConnection.systemBus()
        if not bus.isConnected():
            return
        self.active = bool(
            bus.connect(
                service, LOGIND[1], LOGIND[2], LOGIND[3], self, SLOT("prepareForSleep(bool)")
            )
        )

    @Slot(bool)
    def prepareForSleep(self, going_to_sleep: bool) -> None:
        if not going_to_sleep:
            self.woke.emit()


Look = Callable[[bool], Callable[[], Any]]


class Scheduler(QObject):
    """Runs the session's check on the worker thread and sleeps until the next one.

    ``look(deliver)`` returns the work to run off the GUI thread: it returns a
    ``delivery.Check`` (or None when the journal cannot be read, e.g. locked without a
    remembered key, and then there is nothing to wake for until it is unlocked).
    ``now()`` is the clock the Check's ``wake_at`` is measured against.
    """

    checked = Signal(object)  # Check | None
    failed = Signal(object)

    def __init__(
        self,
        look: Look,
        now: Callable[[], datetime],
        *,
        alarm: WallClockAlarm | None = None,
        watcher: SleepWatcher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._look = look
        self._now = now
        self.alarm = alarm or WallClockAlarm(self)
        self.alarm.setParent(self)
        self.alarm.fired.connect(lambda: self.check("alarm"))
        self.watcher = watcher if watcher is not None else SleepWatcher(parent=self)
        self.watcher.woke.connect(lambda: self.check("wake"))
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_DELAY_MS)
        self._recount.timeout.connect(lambda: self.check("edit", deliver=False))
        self._running = False
        self._again: bool | None = None  # a check asked for while one runs
        self._stopped = False
        self.wake_at: datetime | None = None
        self.last_reason = ""

    def check(self, reason: str = "", *, deliver: bool = True) -> None:
        """Look now (coalesced: asked again while one runs, it runs once more after)."""
        if self._stopped:
            return
        if self._running:
            self._again = bool(self._again) or deliver
            return
        self._running = True
        self.last_reason = reason
        tasks.run(self._look(deliver), on_done=self._done, on_error=self._failed, owner=self)

    def recount(self) -> None:
        """The journal changed: refresh the count soon (never a notification)."""
        if not self._stopped:
            self._recount.start()

    def _done(self, result: Any) -> None:
        self._finish()
        if self._stopped:
            return
        if result is None:
            self.wake_at = None
            self.alarm.disarm()
        else:
            self._sleep_until(result.wake_at)
        self.checked.emit(result)
        self._run_again()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        log.warning("reminder check failed: %s", type(exc).__name__)
        if not self._stopped:  # e.g. the file busy with another process: look again later
            self.wake_at = None
            self.alarm.arm_in(RETRY_S)
        self.failed.emit(exc)
        self._run_again()

    def _finish(self) -> None:
        self._running = False

    def _run_again(self) -> None:
        again, self._again = self._again, None
        if again is not None:
            self.check("again", deliver=again)

    def _sleep_until(self, moment: datetime) -> None:
        self.wake_at = moment
        self.alarm.arm_in((moment - self._now()).total_seconds() + MARGIN_S)

    def close(self) -> None:
        """At quit: no more checks, the alarm's file descriptor closed."""
        self._stopped = True
        self._recount.stop()
        self.alarm.close()

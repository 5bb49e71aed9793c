"""Running core work off the GUI thread, so the window never freezes.

Key derivation, opening, loading 10,000 people, rekeying, writing sample data: each is
a plain function run on one worker thread. Work runs in order (one thread), so a view
that asks twice gets its answers in the order asked and the latest one wins. Results,
errors and progress come back to the GUI thread through queued signals; if the widget
that asked has gone in the meantime, the answer is dropped.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

_pool: QThreadPool | None = None
_housekeeping_pool: QThreadPool | None = None
_search_pool: QThreadPool | None = None
_in_flight: set[_Relay] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)
    return _pool


def housekeeping_pool() -> QThreadPool:
    """A second worker for long upkeep (the daily backup), so that pages, search and
    saves queued meanwhile are not stuck behind it. Its thread ends when idle."""
    global _housekeeping_pool
    if _housekeeping_pool is None:
        _housekeeping_pool = QThreadPool()
        _housekeeping_pool.setMaxThreadCount(1)
    return _housekeeping_pool


def search_pool() -> QThreadPool:
    """A third worker for search as you type: a keystroke's search must not wait behind
    a page load, and a stale one is cancelled rather than queued behind (``LatestOnly``)."""
    global _search_pool
    if _search_pool is None:
        _search_pool = QThreadPool()
        _search_pool.setMaxThreadCount(1)
    return _search_pool


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues, the slots run here."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self._callbacks = (on_done, on_error, on_progress)
        self._owner = owner
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failure)
        self.progress.connect(self._deliver_progress)

    def _alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._finish()
        if self._callbacks[0] is not None and self._alive():
            self._callbacks[0](result)

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        self._finish()
        if self._callbacks[1] is not None and self._alive():
            self._callbacks[1](exc)
        else:
            log.error("background task failed", exc_info=exc)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._callbacks[2] is not None and self._alive():
            self._callbacks[2](done, total)

    def _finish(self) -> None:
        _in_flight.discard(self)
        self.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, wants_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay
        self._wants_progress = wants_progress

    def run(self) -> None:
        relay = self._relay
        try:
            result = (
                self._fn(lambda done, total: relay.progress.emit(done, total))
                if self._wants_progress
                else self._fn()
            )
        except BaseException as exc:  # delivered to the GUI thread, shown as a sentence
            relay.failed.emit(exc)
        else:
            relay.done.emit(result)


def run(
    fn: Callable[..., Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    owner: QObject | None = None,
    housekeeping: bool = False,
    search: bool = False,
) -> None:
    """Run ``fn()`` (or ``fn(progress)`` if it takes an argument) on the worker thread
    (``housekeeping``: on the upkeep worker, for long work nobody is waiting for;
    ``search``: on the search worker, for answers wanted while typing).

    ``on_done(result)``, ``on_error(exception)`` and ``on_progress(done, total)`` are
    called on the GUI thread, unless ``owner`` has been destroyed by then.
    """
    relay = _Relay(on_done, on_error, on_progress, owner)
    _in_flight.add(relay)
    target = housekeeping_pool() if housekeeping else search_pool() if search else pool()
    target.start(_Runnable(fn, relay, _takes_argument(fn)))


def _takes_argument(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        for p in params
    )


def busy() -> bool:
    return bool(_in_flight)


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Finish every queued task and deliver its answer (before locking, and in tests)."""
    deadline = QDeadlineTimer(timeout_ms)
    while _in_flight and not deadline.hasExpired():
        pool().waitForDone(25)
        for other in (_housekeeping_pool, _search_pool):
            if other is not None:
                other.waitForDone(25)
        QCoreApplication.processEvents()
    return not _in_flight

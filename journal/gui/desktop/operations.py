"""Running an operation from the GUI: off the GUI thread, errors as a sentence, undo offered.

Every change a click makes goes through ``run_op``: the core operation
(``journal.core.operations``) runs on the worker thread in one transaction and returns a
``Change``; back on the GUI thread the host (the main window) offers to undo it (the
notice bar and Edit ▸ Undo) and ``success(change)`` runs. A failure reaches ``failure``
or, by default, the host's ``report``, which shows it as a sentence. Pages do not
refresh here: they hear the change through ``Journal.on_change`` like any other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject

from journal.core.journal import Journal
from journal.core.operations import Change
from journal.gui.desktop import tasks

log = logging.getLogger(__name__)


class OpHost(Protocol):
    """What runs operations for a page: the main window (see ``shell.Shell``)."""

    journal: Journal

    def did(self, change: Change, *, notice: bool = True) -> None: ...

    def report(self, exc: BaseException, doing: str = "") -> None: ...


def run_op(
    host: OpHost | None,
    journal: Journal,
    fn: Callable[..., Change],
    *args: Any,
    success: Callable[[Change], None] | None = None,
    failure: Callable[[BaseException], None] | None = None,
    owner: QObject | None = None,
    doing: str = "",
    notice: bool = True,
    **kwargs: Any,
) -> None:
    """Run ``fn(journal, *args, **kwargs)`` on the worker; offer its undo through
    ``host.did`` and call ``success(change)`` on the GUI thread.

    ``host`` may be None (a widget shown on its own, in a test): nothing is offered
    then, and a failure goes to ``failure`` or the log. ``owner``: if it has been
    destroyed by the time the answer comes, ``success``/``failure`` are not called
    (the undo is still offered). ``notice=False``: a small edit made in place (a detail
    typed on a person's page) is only named in Edit ▸ Undo, without a notice.
    """

    def work() -> Change:
        return fn(journal, *args, **kwargs)

    def done(change: Change) -> None:
        if host is not None and change.step is not None:
            host.did(change, notice=notice)
        if success is not None:
            success(change)

    def failed(exc: BaseException) -> None:
        if failure is not None:
            failure(exc)
        elif host is not None:
            host.report(exc, doing)
        else:
            log.error("operation failed", exc_info=exc)

    # The owner guards only the caller's callbacks; the undo offer always arrives.
    tasks.run(
        work,
        on_done=_guarded(done, owner, host, notice),
        on_error=_guarded(failed, owner, host, notice),
    )


def _guarded(
    callback: Callable[[Any], None], owner: QObject | None, host: OpHost | None, notice: bool
) -> Callable[[Any], None]:
    if owner is None:
        return callback
    import shiboken6

    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)
        elif isinstance(value, Change) and host is not None and value.step is not None:
            host.did(value, notice=notice)

    return call

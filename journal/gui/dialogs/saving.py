"""A dialog's Save: its operation run through ``run_op``, as a desktop app saves.

The Save button disables and says "Saving…" while the operation runs on the worker; on
success the host (the window) offers the undo and ``success`` runs (the dialog closes);
on failure the buttons come back, everything typed is still there and the error shows
as a sentence in the dialog. A dialog closed while its save runs is fine: the undo is
still offered, and a failure nobody can see in the dialog goes to the host's
``report`` instead of being lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QWidget

from journal.core.journal import Journal
from journal.core.operations import Change
from journal.gui.desktop.operations import OpHost, run_op
from journal.gui.widgets.common import user_message

#: What the first button says while its save runs.
SAVING = "Saving…"
_PROPERTY = "rapportSaving"


def is_saving(dialog: QWidget) -> bool:
    """A save from this dialog is running (a second Save or Ctrl+Enter waits for it)."""
    return bool(dialog.property(_PROPERTY))


def run_save(
    dialog: QWidget,
    host: OpHost | None,
    journal: Journal,
    fn: Callable[..., Change],
    *args: Any,
    buttons: Sequence[QAbstractButton],
    show_error: Callable[[str], None],
    success: Callable[[Change], None],
    notice: bool = True,
    saving: str = SAVING,
    **kwargs: Any,
) -> bool:
    """Run ``fn(journal, *args, **kwargs)`` for ``dialog`` (see the module's docstring).

    ``buttons``: what must not be pressed again meanwhile; the first says ``saving``.
    ``show_error(sentence)`` shows a failure in the dialog (also when it was closed
    meanwhile, then the host reports it too). Returns False (and does nothing) when a
    save from this dialog is already running.
    """
    if is_saving(dialog):
        return False
    dialog.setProperty(_PROPERTY, True)
    before = [(button, button.text(), button.isEnabled()) for button in buttons]
    for button in buttons:
        button.setEnabled(False)
    if buttons:
        buttons[0].setText(saving)

    def alive() -> bool:
        return shiboken6.isValid(dialog)

    def restore() -> None:
        dialog.setProperty(_PROPERTY, False)
        for button, text, enabled in before:
            if shiboken6.isValid(button):
                button.setText(text)
                button.setEnabled(enabled)

    def done(change: Change) -> None:
        if alive():
            restore()
            success(change)

    def failed(exc: BaseException) -> None:
        shown = alive() and dialog.isVisible()
        sentence = user_message(exc)  # logged when it is not a JournalError
        if alive():  # kept in the dialog (a hidden one may decide to go)
            restore()
            show_error(sentence)
        if not shown and host is not None:  # closed meanwhile: say it where the user is
            host.report(exc, "saving")

    # No ``owner``: ``done`` and ``failed`` check the dialog themselves, so a failure
    # after it closed still reaches the user (``run_op`` offers the undo either way).
    run_op(host, journal, fn, *args, success=done, failure=failed, notice=notice, **kwargs)
    return True

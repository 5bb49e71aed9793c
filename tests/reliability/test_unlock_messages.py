"""Damaged and foreign files in the app: the unlock dialog shows each one's own message.

The same twenty bad files as ``test_damaged_files`` are opened through the real app
session (offscreen Qt, in-memory keychain): the user types the passphrase and presses
Enter, or the dialog says at once what is wrong when no passphrase could help (an empty,
plaintext or read-only file). The dialog must show the core's own sentence under the
error's title (no traceback, no generic "something went wrong"), open nothing, and
leave every file as it was. The whole sentence must be on screen, not cut off below
the buttons.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from journal.core import errors
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from journal.gui.unlock import UnlockDialog
from journal.gui.widgets import UNEXPECTED
from tests.reliability.harness import file_hashes
from tests.reliability.test_damaged_files import CASES
from tests.support.qt import settle

_SHOWN: dict[str, tuple[str, str]] = {}


def _core_refusal(paths: JournalPaths, passphrase: str) -> errors.JournalError:
    with pytest.raises(errors.JournalError) as caught:
        Journal.open(paths, passphrase)
    return caught.value


@pytest.mark.parametrize("case", list(CASES))
def test_the_unlock_dialog_shows_each_bad_file_its_own_message(case, damaged, qtbot, make_session):
    damage, passphrase, expected, _ = CASES[case]
    damage(damaged)
    before = file_hashes(damaged.root)
    refusal = _core_refusal(damaged, passphrase)
    assert type(refusal) is expected

    session = make_session(damaged)
    session.start()
    dialog = session.dialog
    assert isinstance(dialog, UnlockDialog)
    settle()
    if dialog.message.kind != "error" or not dialog.message.isVisible():
        qtbot.keyClicks(dialog.passphrase, passphrase)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.message.isVisible() and dialog.message.kind == "error", timeout=10_000
    )

    settle()
    shown = dialog.message.text()
    label = dialog.message
    # All of it on screen: the label is as tall as its wrapped text needs.
    assert dialog.isVisible() and label.height() >= label.heightForWidth(label.width()), (
        f"{case}: message cut off ({label.height()} of {label.heightForWidth(label.width())} px)"
    )
    title = dialog.problem.text() if dialog.problem.isVisible() else ""
    _SHOWN[case] = (title, shown.replace(str(damaged.root), "<folder>"))
    assert shown == str(refusal), f"{case}: {shown}"
    assert shown != UNEXPECTED and "Traceback" not in shown
    if expected is not errors.WrongPassphrase:
        assert title == expected.title, f"{case}: title {title!r}"
    assert session.window is None and session.journal is None
    dialog.close()
    os.chmod(damaged.root, 0o700)
    assert file_hashes(damaged.root) == before, f"{case}: the app changed the files"


def test_each_kind_of_bad_file_reads_differently_in_the_dialog(summary):
    if len(_SHOWN) < len(CASES):
        pytest.skip("needs the per-case test above to run first, in the same session")
    by_kind: dict[str, set[tuple[str, str]]] = {}
    for case, shown in _SHOWN.items():
        by_kind.setdefault(CASES[case][2].__name__, set()).add(shown)
    shared = [(a, b) for a in by_kind for b in by_kind if a < b and by_kind[a] & by_kind[b]]
    titles = {title for title, _ in _SHOWN.values() if title}
    line = summary(
        f"damaged and foreign files in the app: {len(_SHOWN)} bad files, the unlock dialog "
        f"showed the core's own sentence for each, {len(titles)} distinct titles, "
        f"{len(shared)} kinds sharing a message"
    )
    assert not shared, f"{line}: {shared}"
    assert len(titles) == len(by_kind) - 1, line  # a wrong passphrase needs no title

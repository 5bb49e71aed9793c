"""Damaged and foreign files in the app: the unlock dialog shows each one's own message.

The same bad files as ``test_damaged_files`` are opened through the real app
session (offscreen Qt, in-memory keychain): the user types the passphrase and presses
Enter, or the dialog says at once what is wrong when no passphrase could help (an empty,
plaintext or read-only file). The dialog must show the core's own sentence under the
error's title (no traceback, no generic "something went wrong"), open nothing, and
leave every file as it was. The whole sentence must be on screen, not cut off below
the buttons. Damage in a page opening does not read (the page check left the open
path) is told once the window is up: the day's upkeep checks every page on its worker,
the window shows the same sentence in a notice that stays, and writes are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from journal.core import errors
from journal.core.journal import Journal
from journal.core.model import Person
from journal.core.paths import JournalPaths
from journal.gui.dialogs.unlock import UnlockDialog
from journal.gui.widgets.common import UNEXPECTED
from tests.reliability.harness import copy_journal, file_hashes
from tests.reliability.test_damaged_files import CASES
from tests.support.qt import settle


def _core_refusal(paths: JournalPaths, passphrase: str) -> tuple[errors.JournalError, bool]:
    """The core's refusal, and whether it comes at open (else from the page check,
    for damage in pages opening does not read)."""
    try:
        journal = Journal.open(paths, passphrase)
    except errors.JournalError as exc:
        return exc, True
    try:
        with pytest.raises(errors.JournalError) as caught:
            journal.check_pages()
    finally:
        journal.close()
    return caught.value, False


@pytest.mark.parametrize("case", list(CASES))
def test_the_unlock_dialog_shows_each_bad_file_its_own_message(
    case, damaged, pristine, qtbot, make_session
):
    _shown(case, damaged, pristine, qtbot, make_session)


def _shown(case, damaged, pristine, qtbot, make_session) -> tuple[str, str, bool]:
    """Open one damaged copy in the app and check what it shows: the title and the
    sentence (the folder as <folder>), and whether the window told it (damage found by
    the page check after unlocking) rather than the unlock dialog."""
    damage, passphrase, expected, _ = CASES[case]
    damage(damaged)
    before = file_hashes(damaged.root)
    refusal, at_open = _core_refusal(damaged, passphrase)
    assert type(refusal) is expected
    if not at_open:
        bad_pages = _pages_differing(pristine.db, damaged.db)
        told = _found_after_unlocking(case, damaged, passphrase, refusal, qtbot, make_session)
        after = file_hashes(damaged.root)
        assert {n: h for n, h in after.items() if n != "journal.db"} == {
            n: h for n, h in before.items() if n != "journal.db"
        }, f"{case}: the app changed a file other than journal.db"
        assert _pages(damaged.db, bad_pages) == bad_pages, f"{case}: damage written over"
        return (*told, True)

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
    assert shown == str(refusal), f"{case}: {shown}"
    assert shown != UNEXPECTED and "Traceback" not in shown
    if expected is not errors.WrongPassphrase:
        assert title == expected.title, f"{case}: title {title!r}"
    assert session.window is None and session.journal is None
    dialog.close()
    os.chmod(damaged.root, 0o700)
    assert file_hashes(damaged.root) == before, f"{case}: the app changed the files"
    return title, shown.replace(str(damaged.root), "<folder>"), False


PAGE = 4096


def _pages_differing(good: Path, bad: Path) -> dict[int, bytes]:
    """The damaged pages of ``bad`` (those that differ from ``good``), by number."""
    a, b = good.read_bytes(), bad.read_bytes()
    return {
        n: b[n * PAGE : (n + 1) * PAGE]
        for n in range(len(b) // PAGE)
        if a[n * PAGE : (n + 1) * PAGE] != b[n * PAGE : (n + 1) * PAGE]
    }


def _pages(db: Path, numbers: dict[int, bytes]) -> dict[int, bytes]:
    data = db.read_bytes()
    return {n: data[n * PAGE : (n + 1) * PAGE] for n in numbers}


def _found_after_unlocking(
    case, paths, passphrase, refusal, qtbot, make_session
) -> tuple[str, str]:
    """Damage in pages opening does not read: the journal unlocks, the day's upkeep
    checks every page on its worker once the window is usable, and the window says so
    in a notice that stays, with the core's sentence; no write goes through after it,
    and the damaged pages are never written over (what the app saved before the check
    went to sound pages)."""
    session = make_session(paths)
    reports = []
    session.background.maintained.connect(reports.append)
    session.start()
    dialog = session.dialog
    settle()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
    settle()
    notice = session.window.notice
    assert reports[0].damaged and notice.isVisible(), case
    assert str(refusal) in notice.message.text(), notice.message.text()
    with pytest.raises(type(refusal)):
        session.journal.add_person(Person(name="Written over damage"))
    session.shutdown()
    settle()
    return type(refusal).title, str(refusal).replace(str(paths.root), "<folder>")


def test_each_kind_of_bad_file_reads_differently_in_the_dialog(
    summary, pristine, tmp_path, qtbot, make_session
):
    """Every case, run here on its own copy: no two kinds of trouble read the same."""
    shown: dict[str, tuple[str, str]] = {}
    in_the_window = 0
    for number, case in enumerate(CASES):
        damaged = copy_journal(pristine, tmp_path / f"case-{number}")
        title, sentence, in_window = _shown(case, damaged, pristine, qtbot, make_session)
        shown[case] = (title, sentence)
        in_the_window += in_window
    by_kind: dict[str, set[tuple[str, str]]] = {}
    for case, seen in shown.items():
        by_kind.setdefault(CASES[case][2].__name__, set()).add(seen)
    shared = [(a, b) for a in by_kind for b in by_kind if a < b and by_kind[a] & by_kind[b]]
    titles = {title for title, _ in shown.values() if title}
    line = summary(
        f"damaged and foreign files in the app: {len(shown)} bad files, the unlock dialog "
        f"(or, for {in_the_window} found by the page check after unlocking, the "
        f"window's notice) showed the core's own sentence for each, {len(titles)} distinct "
        "titles, "
        f"{len(shared)} kinds sharing a message"
    )
    assert not shared, f"{line}: {shared}"
    assert len(titles) == len(by_kind) - 1, line  # a wrong passphrase needs no title

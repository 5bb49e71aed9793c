"""`journal trash` lists the trash; `journal trash --empty` empties it for good, after
saying what goes and that it cannot be undone (asked on a terminal, --yes otherwise)."""

from __future__ import annotations

import io
import sys

from journal.cli import main
from journal.core import operations
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.cli.conftest import _Stdin
from tests.conftest import TEST_PASSPHRASE


def _trash_two(root):
    journal = Journal.open(JournalPaths(root), TEST_PASSPHRASE)
    try:
        journal.log(["Ana Lima", "Kofi Mensah"], "Coffee")
        for person in journal.people():
            operations.trash_people(journal, [person.id])
    finally:
        journal.close()


def _in_trash(root) -> int:
    journal = Journal.open(JournalPaths(root), TEST_PASSPHRASE)
    try:
        return len(journal.trash())
    finally:
        journal.close()


def test_trash_lists_what_is_in_it_and_how_to_empty_it(cli, closed):
    assert cli("--data-dir", str(closed), "trash").out == "The trash is empty.\n"
    _trash_two(closed)
    shown = cli("--data-dir", str(closed), "trash")
    assert shown.code == 0, shown.err
    assert shown.out.splitlines()[0] == "In the trash (2 items), newest first:"
    assert [line.split("  ")[-1] for line in shown.out.splitlines()[1:3]] == [
        "Person: Kofi Mensah",
        "Person: Ana Lima",
    ]
    assert shown.out.splitlines()[-1] == "To remove them for good: journal trash --empty"
    assert _in_trash(closed) == 2


def test_one_item_in_the_trash_is_it_not_them(cli, closed):
    journal = Journal.open(JournalPaths(closed), TEST_PASSPHRASE)
    try:
        journal.log(["Ana Lima"], "Coffee")
        operations.trash_people(journal, [journal.people()[0].id])
    finally:
        journal.close()
    shown = cli("--data-dir", str(closed), "trash")
    assert shown.out.splitlines()[0] == "In the trash (1 item), newest first:"
    assert shown.out.splitlines()[-1] == "To remove it for good: journal trash --empty"


def test_empty_without_a_terminal_needs_yes_and_says_what_it_would_remove(cli, closed):
    _trash_two(closed)
    refused = cli("--data-dir", str(closed), "trash", "--empty")
    assert refused.code == 2
    assert "This removes 2 items from the trash for good." in refused.out
    assert "cannot be undone" in refused.out
    assert "Nothing was removed: add --yes" in refused.err
    assert _in_trash(closed) == 2

    done = cli("--data-dir", str(closed), "trash", "--empty", "--yes")
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1] == "Emptied the trash: 2 items removed for good."
    assert _in_trash(closed) == 0
    assert (
        cli("--data-dir", str(closed), "trash", "--empty", "--yes").out
        == "The trash is already empty.\n"
    )


def _on_a_terminal(monkeypatch, capsys, root, answer: bytes):
    class Terminal(_Stdin):
        def isatty(self) -> bool:
            return True

    terminal = Terminal(io.BytesIO(TEST_PASSPHRASE.encode() + b"\n" + answer))
    monkeypatch.setattr(sys, "stdin", terminal)
    code = main(["--data-dir", str(root), "--passphrase-stdin", "trash", "--empty"])
    out, err = capsys.readouterr()
    return code, out, err


def test_on_a_terminal_it_asks_and_no_keeps_everything(closed, monkeypatch, capsys):
    _trash_two(closed)
    code, out, _err = _on_a_terminal(monkeypatch, capsys, closed, b"n\n")
    assert code == 0
    assert (
        "In the trash: Person: Kofi Mensah; Person: Ana Lima." in out
        and "Empty the trash? [y/N]" in out
    )
    assert out.splitlines()[-1].endswith("Nothing was removed.")
    assert _in_trash(closed) == 2

    code, out, _err = _on_a_terminal(monkeypatch, capsys, closed, b"y\n")
    assert code == 0 and out.splitlines()[-1].endswith("2 items removed for good.")
    assert _in_trash(closed) == 0

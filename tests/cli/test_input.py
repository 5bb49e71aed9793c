"""What the command line reads: entry text kept out of argv (standard input, an editor),
and passphrases that are bounded, UTF-8, and never leave a half-made journal."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from journal.cli import compose, main
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.conftest import TEST_PASSPHRASE


def entries(root: Path) -> list[str]:
    journal = Journal.open(JournalPaths(root), TEST_PASSPHRASE)
    try:
        return [journal.entry(s.id).body for s in journal.query_entries()]
    finally:
        journal.close()


# -- log text from standard input ------------------------------------------------------


def test_log_dash_reads_the_text_after_the_passphrase_line(cli, closed):
    text = "Ana told me about the diagnosis.\nShe asked me to keep it private.\n"
    result = cli(
        "--data-dir", str(closed), "log", "--with", "Ana", "-", stdin=f"{TEST_PASSPHRASE}\n{text}"
    )
    assert result.code == 0, result.err
    assert "Logged a meeting" in result.out
    assert entries(closed) == [text.strip()]


def test_log_dash_refuses_text_that_is_not_utf8_or_empty(cli, closed):
    bad = cli(
        "--data-dir",
        str(closed),
        "log",
        "--with",
        "Ana",
        "-",
        stdin=TEST_PASSPHRASE.encode() + b"\n\xff\xfe oops",
    )
    assert bad.code == 2
    assert "not valid UTF-8 text; nothing was logged." in bad.err
    empty = cli(
        "--data-dir", str(closed), "log", "--with", "Ana", "-", stdin=f"{TEST_PASSPHRASE}\n  \n"
    )
    assert empty.code == 1
    assert empty.err == "journal: The entry is empty, so nothing was logged.\n"
    assert entries(closed) == []


# -- log text from an editor -------------------------------------------------------------


def editor_script(tmp_path: Path, body: str) -> str:
    """A fake $EDITOR: records where and how it was called, then writes ``body``."""
    script = tmp_path / "fake-editor"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$1" > "{tmp_path}/called-with"\n'
        f'stat -c %a "$(dirname "$1")" > "{tmp_path}/folder-mode"\n'
        f'cat "$1" > "{tmp_path}/template"\n'
        f"printf '{body}' > \"$1\"\n"
    )
    script.chmod(0o700)
    return str(script)


def test_log_with_no_text_opens_the_editor_on_a_private_draft_then_removes_it(
    cli, closed, tmp_path, monkeypatch
):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv(
        "EDITOR", editor_script(tmp_path, "Walk by the river\\n# not this\\nand back")
    )
    result = cli("--data-dir", str(closed), "log", "--with", "Ana Lima")
    assert result.code == 0, result.err
    assert entries(closed) == ["Walk by the river\nand back"]
    draft = Path((tmp_path / "called-with").read_text().strip())
    assert draft.parent.parent == runtime  # memory-backed, not the disk's /tmp
    assert (tmp_path / "folder-mode").read_text().strip() == "700"
    assert "Lines starting with '#' are left out" in (tmp_path / "template").read_text()
    assert "With: Ana Lima" in (tmp_path / "template").read_text()
    assert not draft.parent.exists()  # the draft and its folder are gone


def test_an_empty_draft_or_a_failing_editor_logs_nothing(cli, closed, tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "# only instructions\\n\\n"))
    result = cli("--data-dir", str(closed), "log", "--with", "Ana")
    assert result.code == 1
    assert result.err == "journal: The entry is empty, so nothing was logged.\n"
    monkeypatch.setenv("EDITOR", "false")
    failed = cli("--data-dir", str(closed), "log", "--with", "Ana")
    assert failed.code == 1 and "ended with an error" in failed.err
    assert entries(closed) == []


def test_the_draft_goes_to_dev_shm_without_a_runtime_folder(monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    expected = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else None
    assert compose.private_scratch_folder() == expected


# -- passphrases -------------------------------------------------------------------------


def test_invalid_utf8_passphrase_is_a_sentence_and_init_leaves_nothing(cli, tmp_path):
    root = tmp_path / "new"
    result = cli("--data-dir", str(root), "init", stdin=b"caf\xe9 au lait\n")
    assert result.code == 2
    assert "not valid UTF-8 text" in result.err and "Traceback" not in result.err
    assert not root.exists()


def test_invalid_utf8_passphrase_for_an_existing_journal(cli, closed):
    result = cli("--data-dir", str(closed), "people", stdin=b"\xff\xfe\n")
    assert result.code == 2 and "not valid UTF-8 text" in result.err


def test_a_huge_passphrase_is_refused_without_being_read_whole(closed, monkeypatch, capsys):
    """50 MB on standard input: at most the limit and a line ending are ever read."""
    data = b"x" * (50 * 1024 * 1024) + b"\n"
    limits: list[int] = []

    class Pipe:
        pos = 0

        def readline(self, limit: int = -1) -> bytes:
            limits.append(limit)
            end = data.find(b"\n", self.pos) + 1 or len(data)
            if limit >= 0:
                end = min(end, self.pos + limit)
            line, self.pos = data[self.pos : end], end
            return line

    class Stdin:
        buffer = Pipe()

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", Stdin())
    code = main(["--data-dir", str(closed), "people", "--passphrase-stdin"])
    assert code == 2
    assert "longer than 1024 bytes" in capsys.readouterr().err
    assert limits and all(0 < limit <= 1026 for limit in limits)
    assert Stdin.buffer.pos <= 1026


def test_a_passphrase_of_1024_bytes_is_accepted(cli, tmp_path):
    passphrase = "é" * 512  # 1024 bytes of UTF-8
    root = tmp_path / "long"
    assert (
        cli("--data-dir", str(root), "init", "--no-keychain", stdin=passphrase + "\r\n").code == 0
    )
    assert cli("--data-dir", str(root), "people", stdin=passphrase + "\n").code == 0
    too_long = cli("--data-dir", str(root), "people", stdin=passphrase + "x\n")
    assert too_long.code == 2 and "longer than 1024 bytes" in too_long.err


def test_data_dir_naming_a_file_is_a_sentence(cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    for target, command in ((notes, "init"), (notes / "sub", "init"), (notes, "demo")):
        result = cli(
            "--data-dir", str(target), command, *(["--no-gui"] if command == "demo" else [])
        )
        assert result.code == 2
        assert f"{notes} is a file, not a folder" in result.err
    assert notes.read_text() == "mine"


def test_init_files_are_private(cli, tmp_path):
    root = tmp_path / "j"
    assert cli("--data-dir", str(root), "init", "--no-keychain").code == 0
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


@pytest.mark.parametrize("argv", [["people"], ["today"], ["search", "x"]])
def test_empty_stdin_with_passphrase_stdin_is_a_sentence(cli, closed, argv):
    result = cli("--data-dir", str(closed), *argv, stdin="")
    assert result.code == 2
    assert result.err == "journal: --passphrase-stdin was given, but standard input was empty.\n"


def test_ctrl_d_or_bytes_that_are_not_utf8_at_a_question_mean_no(closed, monkeypatch, capsys):
    from tests.cli.conftest import _Stdin

    journal = Journal.open(JournalPaths(closed), TEST_PASSPHRASE)
    journal.log(["Ana Lima", "Kofi Mensah"], "Coffee")
    journal.close()

    class Terminal(_Stdin):
        def isatty(self) -> bool:
            return True

    for answer in (b"", b"\xff\xfe\n"):  # Ctrl+D; a stray byte
        terminal = Terminal(io.BytesIO(TEST_PASSPHRASE.encode() + b"\n" + answer))
        monkeypatch.setattr(sys, "stdin", terminal)
        argv = ["--data-dir", str(closed), "--passphrase-stdin", "bulk", "Ana Lima"]
        code = main([*argv, "Kofi Mensah", "--trash"])
        out, err = capsys.readouterr()
        assert code == 0 and "Nothing was changed." in out, err
        assert "Traceback" not in err
    journal = Journal.open(JournalPaths(closed), TEST_PASSPHRASE)
    try:
        assert len(journal.people()) == 2
    finally:
        journal.close()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_data_dir_that_cannot_be_made_is_a_sentence(cli):
    result = cli("--data-dir", "/proc/rapport-test/journal", "init")
    assert result.code == 1
    assert result.err.startswith("journal: Could not use /proc/rapport-test")
    assert "Traceback" not in result.err

"""One running Rapport per journal folder: a second start hands over to the first (which
comes forward) and exits; a crashed first one does not block the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from journal.core.paths import JournalPaths
from journal.gui.desktop import single_instance

ROOT = Path(__file__).resolve().parents[2]

SECOND = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from journal.core.paths import JournalPaths
from journal.gui.desktop.single_instance import claim
server = claim(JournalPaths(Path(sys.argv[1])), activate=sys.argv[2] == "activate")
print("first" if server is not None else "second", flush=True)
if server is not None and sys.argv[3] == "hold":
    time.sleep(60)  # killed by the test: a crash with the lock held
"""


@pytest.fixture(autouse=True)
def runtime_dir(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _start(folder: Path, command: str = "activate", then: str = "exit") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SECOND, str(folder), command, then],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_the_same_folder_however_spelled_is_one_instance(tmp_path):
    (tmp_path / "journal").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "journal")
    key = single_instance.instance_key(JournalPaths(tmp_path / "journal"))
    assert single_instance.instance_key(JournalPaths(tmp_path / "link")) == key
    assert single_instance.instance_key(JournalPaths(tmp_path / "x" / ".." / "journal")) == key
    assert single_instance.instance_key(JournalPaths(tmp_path / "other")) != key


def test_a_second_start_asks_the_first_to_come_forward_and_exits(qtbot, tmp_path, runtime_dir):
    paths = JournalPaths(tmp_path / "journal")
    server = single_instance.claim(paths)
    assert server is not None
    try:
        assert Path(server.name).parent == runtime_dir  # private to the user
        with qtbot.waitSignal(server.activate_requested, timeout=20_000):
            second = _start(paths.root)
        out, err = second.communicate(timeout=30)
        assert (second.returncode, out.strip()) == (0, "second"), err
    finally:
        server.close()


def test_a_start_at_login_while_running_only_checks_in(qtbot, tmp_path):
    paths = JournalPaths(tmp_path / "journal")
    server = single_instance.claim(paths)
    activated: list[bool] = []
    server.activate_requested.connect(lambda: activated.append(True))
    try:
        second = _start(paths.root, "ping")
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        assert second.stdout.read().strip() == "second"
        # No wait needed: the app answers "ok" and would ask to be shown in one step
        # (InstanceServer._answer), and the second start printed "second" only after
        # reading that answer, so any request to show would already be here.
        assert activated == []  # --minimized: nothing jumps onto the screen
    finally:
        server.close()


def test_another_journal_folder_is_another_instance(tmp_path):
    server = single_instance.claim(JournalPaths(tmp_path / "one"))
    try:
        other = _start(tmp_path / "two")
        out, _ = other.communicate(timeout=30)
        assert out.strip() == "first"
    finally:
        server.close()


def test_after_quitting_or_crashing_the_next_start_is_the_first(tmp_path, runtime_dir):
    paths = JournalPaths(tmp_path / "journal")
    server = single_instance.claim(paths)
    server.close()
    again = single_instance.claim(paths)
    assert again is not None
    again.close()
    assert [p for p in runtime_dir.iterdir() if p.name.startswith("rapport-")] == []

    crashed = _start(paths.root, then="hold")
    assert crashed.stdout.readline().strip() == "first"
    crashed.send_signal(signal.SIGKILL)  # leaves its lock file and socket behind
    crashed.wait(timeout=30)
    assert [p for p in runtime_dir.iterdir() if p.name.startswith("rapport-")]
    after = single_instance.claim(paths)
    assert after is not None, "a dead owner's lock must not block the next start"
    after.close()


def test_a_running_one_that_does_not_answer_is_told_not_waited_on_forever(tmp_path, monkeypatch):
    paths = JournalPaths(tmp_path / "journal")
    hung = _start(paths.root, then="hold")  # holds the lock, never runs its event loop
    try:
        assert hung.stdout.readline().strip() == "first"
        monkeypatch.setattr(single_instance, "ANSWER_MS", 700)
        with pytest.raises(single_instance.NotAnswering):
            single_instance.claim(paths)
    finally:
        hung.kill()
        hung.wait(timeout=30)

"""A sync killed at any moment loses nothing.

Two computers: one writes entries and syncs, the other syncs, each in a real process
SIGKILLed at a random moment (while writing a change file, applying a batch, between the
two). After the kills, the journals are opened again, every file is carried, and both
computers must hold every entry whose commit was acknowledged, and the same journal.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal.core.journal import Journal
from journal.core.keys import derive_key
from journal.core.meta import read_meta
from journal.core.paths import JournalPaths
from journal.core.sync import engine
from tests.conftest import TEST_PASSPHRASE
from tests.support.sync import Carrier, make_replicas, normalised

KILLS = 6


def _run_and_kill(root: Path, role: str, prefix: str, delay: float) -> list[str]:
    key = derive_key(TEST_PASSPHRASE, read_meta(JournalPaths(root).meta).kdf)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.sync_worker", str(root), role, prefix],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(key.hex() + "\n")
    proc.stdin.flush()
    lines: list[str] = []
    stdout = proc.stdout
    reader = threading.Thread(target=lambda: lines.extend(iter(stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 60
    while "ready\n" not in lines and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=10)
    return [line.split()[1] for line in lines if line.startswith("wrote ")]


def test_kills_during_sync_lose_nothing(
    tmp_path: Path, clock: Any, keychain: Any, summary: Callable[[str], str]
) -> None:
    a, b = make_replicas(tmp_path, 2, clock, keychain)
    a.close()
    b.close()
    carrier = Carrier([tmp_path / "view0", tmp_path / "view1"])
    rng = random.Random(18)
    acknowledged: list[str] = []
    for kill in range(KILLS):
        acknowledged += _run_and_kill(
            tmp_path / "computer0", "write", f"k{kill}x", rng.uniform(0.2, 2.0)
        )
        carrier.everything_everywhere()
        _run_and_kill(tmp_path / "computer1", "sync", "", rng.uniform(0.0, 1.5))
        carrier.everything_everywhere()
    assert acknowledged
    journals = []
    for i in range(2):
        paths = JournalPaths(tmp_path / f"computer{i}")
        key = derive_key(TEST_PASSPHRASE, read_meta(paths.meta).kdf)
        journals.append(Journal.open_with_key(paths, key, keychain=keychain, clock=clock))
    try:
        for _ in range(2):
            for journal in journals:
                engine.sync_now(journal)
            carrier.everything_everywhere()
        for journal in journals:
            engine.sync_now(journal)
        for journal in journals:
            bodies = {r[0] for r in journal.store.query("SELECT body FROM entries")}
            missing = [body for body in acknowledged if body not in bodies]
            assert not missing, f"acknowledged and lost: {missing}"
        assert normalised(journals[0])["tables"] == normalised(journals[1])["tables"]
        summary(
            f"sync kills: {2 * KILLS} kills during writes and syncs, "
            f"{len(acknowledged)} acknowledged entries, 0 lost, both computers equal"
        )
    finally:
        for journal in journals:
            journal.close()

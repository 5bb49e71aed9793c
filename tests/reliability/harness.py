"""Helpers the reliability tests share: worker processes, integrity checks, file hashes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from journal.core import migrations
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths
from tests.reliability.worker import FAST_KDF_N, with_one_more_migration

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "reliability passphrase 4711"


@dataclass
class Tally:
    """How a fuzz test's examples ended, by kind. Hypothesis runs every example inside
    one test call, so a function-scoped fixture holding a Tally sees all of them and can
    state the test's summary line at teardown: no test reads another's results."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, *, refused: bool) -> None:
        self.counts.setdefault(kind, [0, 0])[int(refused)] += 1

    def parts(self, accepted: str) -> list[str]:
        """ "CSV 120 (80 imported, 40 refused)", one per kind (``accepted``: "imported")."""
        return [
            f"{kind} {done + refused} ({done} {accepted}, {refused} refused)"
            for kind, (done, refused) in sorted(self.counts.items())
        ]


def copy_journal(pristine: JournalPaths, root: Path) -> JournalPaths:
    """A fresh copy of the pristine journal at ``root``, for one case to damage."""
    paths = JournalPaths(root)
    paths.root.mkdir(mode=0o700)
    for source in pristine.root.iterdir():
        if source.is_file():
            (paths.root / source.name).write_bytes(source.read_bytes())
            os.chmod(paths.root / source.name, 0o600)
    return paths


def create_journal(root: Path, passphrase: str = PASSPHRASE) -> JournalPaths:
    paths = JournalPaths(root)
    Journal.create(paths, passphrase, kdf=KdfParams.fresh(n=FAST_KDF_N)).close()
    return paths


@dataclass
class Worker:
    """A running ``tests.reliability.worker`` process and what it has said so far."""

    proc: subprocess.Popen[bytes]
    acked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_for(self, word: str) -> str:
        """Read lines until one starts with ``word``; fails if the worker ends first."""
        while True:
            line = self._next_line()
            if line is None:
                self.proc.wait(timeout=30)
                raise AssertionError(
                    f"worker ended before {word!r}; it said {self.lines[-5:]} and {self.stderr()!r}"
                )
            if line.split(" ", 1)[0] == word:
                return line

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, no flush; like pulling the plug on the process."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.drain()

    def finish(self, timeout: float = 120) -> int:
        code = self.proc.wait(timeout=timeout)
        self.drain()
        return code

    def drain(self) -> None:
        while self._next_line() is not None:
            pass

    def stderr(self) -> str:
        if self.proc.stderr is None or self.proc.poll() is None:
            return ""
        return self.proc.stderr.read().decode(errors="replace")

    def _next_line(self) -> str | None:
        assert self.proc.stdout is not None
        raw = self.proc.stdout.readline()
        if not raw.endswith(b"\n"):
            return None  # end of output, or a line cut short by the kill: not acknowledged
        line = raw.decode().rstrip("\n")
        self.lines.append(line)
        if line.startswith("ack "):
            self.acked.append(line[4:])
        elif line.startswith("error "):
            self.errors.append(line[6:])
        return line


def start_worker(
    mode: str,
    data_dir: Path,
    *args: str,
    passphrase: str = PASSPHRASE,
    stdin_lines: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Worker:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.worker", mode, str(data_dir), *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    worker = Worker(proc)
    worker.send(passphrase)
    for line in stdin_lines:
        worker.send(line)
    return worker


@contextlib.contextmanager
def workers() -> Iterator[list[Worker]]:
    """Started workers are killed at the end of the block, whatever happens."""
    started: list[Worker] = []
    try:
        yield started
    finally:
        for worker in started:
            if worker.proc.poll() is None:
                worker.kill()


def one_more_migration(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pretend this Rapport has one more schema step than the journal; its version."""
    newer = with_one_more_migration()
    monkeypatch.setattr(migrations, "all_migrations", lambda: newer)
    return newer[-1].version


def integrity_problems(journal: Journal) -> list[str]:
    """What SQLite and SQLCipher find wrong with an open journal (empty when healthy)."""
    problems = [row[0] for row in journal.store.query("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [row[0] for row in journal.store.query("PRAGMA cipher_integrity_check")]
    problems += [
        f"foreign key: {tuple(row)}" for row in journal.store.query("PRAGMA foreign_key_check")
    ]
    return problems


def entry_ids(journal: Journal) -> set[str]:
    return {row[0] for row in journal.store.query("SELECT id FROM entries")}


def file_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by relative path."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }

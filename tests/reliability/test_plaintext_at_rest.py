"""No plaintext at rest: what the user writes is found in no file Rapport leaves behind.

A worker process runs a scripted session in a sandboxed home (its own HOME, XDG data,
config, cache and state folders, runtime dir and TMPDIR): it creates a journal, writes
a marker into every kind of text the journal keeps (names, facets, entries, places,
follow-ups, the ledger, drafts, settings), searches for it, makes a backup into the
journal's folder and one into a folder of the user's choice, exports the journal as
JSON and Markdown into a folder of the user's choice, locks, reopens, writes
again, and is killed while the journal is open; then the desktop app (offscreen) is
unlocked by typing, shows Ana's page, searches as the user types, and an entry with
the marker is typed (its draft
autosaved), saved, and the app locked and quit. At each step every file in the sandbox
(data, WAL and shm files, backups, temp files, the app's logs at DEBUG, caches, config)
and every new file in the system's temp folders is searched for the marker, in UTF-8
(any case) and UTF-16. The test then opens the journal to show the marker really was
saved, so the search is not looking for something that was never written. The two
exports are the only files allowed to hold the marker, and must.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.reliability.harness import PASSPHRASE, start_worker, workers

SYSTEM_TEMP = (Path("/tmp"), Path("/var/tmp"))


def sandbox_env(home: Path) -> dict[str, str]:
    folders = {
        "HOME": home,
        "XDG_DATA_HOME": home / "data",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_STATE_HOME": home / "state",
        "XDG_RUNTIME_DIR": home / "run",
        "TMPDIR": home / "tmp",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update({k: str(v) for k, v in folders.items()})
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # no real keychain
    return env


class MarkerSearch:
    def __init__(self, marker: str, sandbox: Path, since: float) -> None:
        self.needles = [marker.lower().encode(), marker.encode("utf-16-le")]
        self.sandbox = sandbox
        self.since = since
        self.files_searched = 0

    def holds(self, path: Path) -> bool:
        try:
            data = path.read_bytes()
        except OSError:  # vanished (a temp file) or unreadable (a socket)
            return False
        self.files_searched += 1
        return self.needles[0] in data.lower() or self.needles[1] in data

    def files_with_marker(self, allowed: frozenset[Path] = frozenset()) -> list[str]:
        """Every file holding the marker, except the ``allowed`` exports the user asked for."""
        found = [
            str(p)
            for p in self.sandbox.rglob("*")
            if p.is_file() and p not in allowed and self.holds(p)
        ]
        for temp in SYSTEM_TEMP:
            for path in _new_files(temp, self.since, skip=self.sandbox):
                if self.holds(path):
                    found.append(str(path))
        return found


def _new_files(root: Path, since: float, skip: Path) -> list[Path]:
    new = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == skip or skip in Path(folder).parents:
            dirs.clear()
            continue
        for name in files:
            path = Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if info.st_mtime >= since and path.is_file() and info.st_size < 64 * 2**20:
                new.append(path)
    return new


def test_a_scripted_session_leaves_no_plaintext_anywhere(tmp_path, summary):
    marker = f"Quokka{secrets.token_hex(6)}"
    home = tmp_path / "home"
    env = sandbox_env(home)
    paths = JournalPaths(home / "data" / "org.rapport.Rapport")
    search = MarkerSearch(marker, home, since=time.time() - 1)

    canary = home / "cache" / "canary.txt"  # the search must find what is there
    canary.write_text(f"plain {marker.upper()}")
    assert search.files_with_marker() == [str(canary)]
    canary.unlink()

    exports = frozenset(
        {
            paths.root.parent / "my exports" / "journal.json",
            paths.root.parent / "my exports" / "journal.md",
        }
    )
    found: dict[str, list[str]] = {}
    with workers() as started:
        worker = start_worker("session", paths.root, env=env, stdin_lines=(marker,))
        started.append(worker)
        hits = int(worker.wait_for("step").split(", ")[1].split()[0])
        open_files = sorted(p.name for p in paths.root.iterdir())
        found["while open"] = search.files_with_marker(exports)
        worker.send("go on")
        worker.wait_for("step")
        found["after lock and reopen"] = search.files_with_marker(exports)
        worker.kill()
        found["after a crash"] = search.files_with_marker(exports)
        output = "\n".join(worker.lines) + worker.stderr()
        app = start_worker("app", paths.root, env=env, stdin_lines=(marker,))
        started.append(app)
        assert app.finish() == 0 and "done" in app.lines, app.stderr()
        found["after the desktop app"] = search.files_with_marker(exports)
        output += "\n".join(app.lines) + app.stderr()

    with Journal.open(paths, PASSPHRASE) as journal:
        saved = sum(marker in (e.snippet + e.title) for e in journal.query_entries())
        names = [p.name for p in journal.people()]
    found["after reopening"] = search.files_with_marker(exports)
    leaks = {step: files for step, files in found.items() if files}
    line = summary(
        f"no plaintext at rest: marker written into {saved} entries and every other kind "
        f"of text; {search.files_searched} file reads over 5 moments (open, reopened, "
        "crashed, after the desktop app, reopened again), "
        f"{sum(map(len, leaks.values()))} files with plaintext besides the "
        f"{len(exports)} exports the user asked for"
    )
    assert {"journal.db", "journal.db-wal", "journal.db-shm"} <= set(open_files), open_files
    assert hits >= 2, "the session's searches found the marked text"
    # The exports the user asked for hold it, in plain text, as they should.
    assert all(search.holds(path) for path in exports), sorted(exports)
    assert list(paths.backups.glob("*.rapport-backup"))
    assert list((paths.root.parent / "my backups").glob("*.rapport-backup"))
    assert saved == 52 and names == [f"Ana {marker}name"], line
    # The app's own files were there to be searched: its settings and its log.
    assert list((home / "config").rglob("gui.ini")), sorted(home.rglob("*"))
    assert list((home / "state").rglob("rapport.log")), sorted(home.rglob("*"))
    assert not leaks, f"{line}: {leaks}"
    assert marker.lower() not in output.lower(), f"{line}: the worker's output holds it"

"""GUI launch: from a new process to the first window and to a usable Today, on the small
sample journal and on the 10k/100k journal, against a bare PySide6 window launched the same
way in the same run, and the memory it takes.

"First window" is the first top-level window on screen (the unlock dialog, which opens
with the key from the keychain by itself, or the main window).

"Usable" means the main window is on screen and Today's suggestions are shown (the
window's ``ready`` signal). "Typed" starts with nothing in the keychain: once the dialog
asks, the passphrase is typed into it after a moment and Enter pressed; what is reported
is Enter to usable Today, beside scrypt alone measured in the same run. The journal opens
as at a normal start, with the key from the keychain: an in-memory keychain holding the
key (so no scrypt), and, where gnome-keyring is installed, a real Secret Service on a
private D-Bus session (keyring's own backend, as a Linux desktop has it). "Passphrase
known at start" is ``journal demo``'s start on the sample journal: its key begun before
Qt loads. Each launch is a fresh process on Qt's offscreen platform, so
runs are comparable on machines without a display, and does what ``journal`` does before
its first window (its option parsing, ``run_app``'s log file and single-instance lock),
with a fixed clock and that keychain. A report, never a pass/fail.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.common import (
    PASSPHRASE,
    SMALL,
    big_journal_paths,
    repeats,
    small_journal_paths,
    table,
)

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3

_BARE = r"""
import json, sys, time
started = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1180, 760)
window.show()
def check():
    if window.windowHandle() is not None and window.windowHandle().isExposed():
        app.processEvents()
        ready = time.time() - started
        rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
        print(json.dumps({"ready": ready, "first": ready, "rss_kb": rss}))
        app.quit()
    else:
        QTimer.singleShot(1, check)
QTimer.singleShot(0, check)
app.exec()
"""

_APP = r"""
import json, sys, time
started = float(sys.argv[1])
root, mode = sys.argv[2], sys.argv[3]
secret = sys.stdin.readline().strip()
sys.path.insert(0, ROOT)
from journal.cli import parse_args  # as `journal` parses its options
from journal.cli.options import paths_from

# "passphrase": the passphrase is known at start, as `journal demo` knows the sample's:
# parsed as that command is, and its key begun (scrypt on a thread) where cmd_demo
# begins it, before Qt and the journal's modules load.
args = parse_args(["--data-dir", root] + (["demo"] if mode == "passphrase" else []))
paths = paths_from(args)
early = None
if mode == "passphrase":
    from journal.core.early_key import EarlyKey

    early = EarlyKey(paths.meta, secret)
from PySide6.QtCore import QSettings
from journal.core.clock import FixedClock
from journal.core.keychain import SERVICE, Keychain
from journal.gui.app import RapportApp, _log_to_file, make_application
from journal.gui.desktop import single_instance


class BenchKeychain(Keychain):
    # An in-memory keychain holding the key, made (and keyring imported) at first use,
    # on the worker, as the real keychain is: not before the first window.
    def backend(self):
        if self._backend is None:
            from journal.core.meta import read_meta
            from tests.support.keyrings import MemoryKeyring

            self._backend = MemoryKeyring()
            if mode == "keychain":
                journal_id = read_meta(paths.meta).journal_id
                self._backend.set_password(SERVICE, f"journal-key:{journal_id}", secret)
        return self._backend


# "secret-service": the real keychain (keyring's backend on a private D-Bus session with
# gnome-keyring, as a Linux desktop has), the key stored there beforehand.
keychain = Keychain() if mode == "secret-service" else BenchKeychain()
app = make_application([sys.argv[0]])
_log_to_file()  # what run_app does before the first window (in this run's own folders)
instance = single_instance.claim(paths)
session = RapportApp(paths, clock=FixedClock("2026-11-24T09:00"), keychain=keychain,
                     demo_passphrase=secret if mode == "passphrase" else None, early_key=early,
                     settings=QSettings(root + "/gui.ini", QSettings.Format.IniFormat))
result = {}
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication as _QA
def first_window():
    shown = [w for w in _QA.topLevelWidgets() if w.isVisible() and w.windowHandle() is not None
             and w.windowHandle().isExposed()]
    if shown:
        result["first"] = time.time() - started
    else:
        QTimer.singleShot(1, first_window)
QTimer.singleShot(0, first_window)
def type_when_asked():
    # "typed": nothing in the keychain; once the dialog asks, a user types the
    # passphrase (after a moment, as people do) and presses Enter.
    dialog = session.dialog
    if dialog is not None and dialog.isVisible() and dialog.passphrase.isEnabled():
        QTimer.singleShot(TYPING_MS, lambda: enter(dialog))
    else:
        QTimer.singleShot(5, type_when_asked)
def enter(dialog):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClicks(dialog.passphrase, secret)
    result["enter"] = time.time() - started
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
if mode == "typed":
    QTimer.singleShot(0, type_when_asked)
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS"))
def unlocked(window):
    window.ready.connect(lambda: usable(window))
def usable(window):
    from journal.gui.main_window import PageName

    app.processEvents()
    result["ready"] = time.time() - started
    result["after_enter"] = result["ready"] - result.get("enter", 0.0)
    result["rss_kb"] = rss()
    t = time.perf_counter()
    window.show_page(PageName.PEOPLE)
    while window.people.is_loading:  # not tasks.wait_all: Today's matching may still run
        app.processEvents(); time.sleep(0.002)
    app.processEvents()
    result["people_s"] = time.perf_counter() - t
    result["people_rows"] = window.people.model.rowCount()
    t = time.perf_counter()
    window.open_person(window.people.model.summary(0).id)
    app.processEvents()
    result["person_s"] = time.perf_counter() - t
    result["rss_people_kb"] = rss()
    print(json.dumps(result), flush=True)
    session.quit()
session.unlocked.connect(unlocked)
session.start()
app.exec()
""".replace("ROOT", repr(str(ROOT))).replace("TYPING_MS", "600")


def _launch(
    code: str, *args: str, secret: str = "", env: dict[str, str] | None = None
) -> dict[str, float]:
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, repr(started), *args],
        input=secret + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**(env or _env()), "QT_QPA_PLATFORM": "offscreen", **_own_folders()},
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"launch failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _own_folders() -> dict[str, str]:
    """The log file and the single-instance socket of the launches go to a folder of
    their own, not the user's."""
    folder = Path(tempfile.gettempdir()) / "rapport-bench-launch"
    folder.mkdir(mode=0o700, exist_ok=True)
    return {"XDG_STATE_HOME": str(folder / "state"), "XDG_RUNTIME_DIR": str(folder)}


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def _bring_to_current_schema(paths: object) -> None:
    """Migrate the cached journal once, so launches measure a start, not a migration."""
    from journal.core.journal import Journal

    Journal.open(paths, PASSPHRASE).close()  # type: ignore[arg-type]


def _key_hex(root: Path) -> str:
    from journal.core.keys import derive_key
    from journal.core.meta import read_meta

    return derive_key(PASSPHRASE, read_meta(root / "journal.meta.json").kdf).hex()


def _scrypt_seconds(root: Path) -> float:
    """The key derivation alone, as a passphrase start does it (same machine, same run)."""
    from journal.core.keys import derive_key
    from journal.core.meta import read_meta

    params = read_meta(root / "journal.meta.json").kdf
    started = time.perf_counter()
    derive_key(PASSPHRASE, params).wipe()
    return time.perf_counter() - started


def _launches(source: object, runs: int) -> dict[str, list[dict[str, float]]]:
    """Keychain and passphrase launches on a copy of ``source`` (a JournalPaths)."""
    _bring_to_current_schema(source)
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-gui-"))
    try:
        root = work / "journal"
        shutil.copytree(source.root, root, ignore=shutil.ignore_patterns("backups"))  # type: ignore[attr-defined]
        os.sync()  # the copy on disk first: no launch pays for writing it out
        key = _key_hex(root)
        return {
            "keychain": [_launch(_APP, str(root), "keychain", secret=key) for _ in range(runs)],
            "passphrase": [
                _launch(_APP, str(root), "passphrase", secret=PASSPHRASE) for _ in range(runs)
            ],
            "typed": [_launch(_APP, str(root), "typed", secret=PASSPHRASE) for _ in range(runs)],
            "scrypt": [{"s": _scrypt_seconds(root)} for _ in range(runs)],
            "secret-service": _secret_service_launches(root, key, runs),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


_STORE_KEY = r"""
import sys
from pathlib import Path
from journal.core.keychain import Keychain
from journal.core.keys import Key
from journal.core.meta import read_meta
Keychain().store(read_meta(Path(sys.argv[1])).journal_id, Key.from_hex(sys.stdin.read().strip()))
"""


def _secret_service_launches(root: Path, key: str, runs: int) -> list[dict[str, float]]:
    """Starts with the key in a real Secret Service (gnome-keyring on a private D-Bus
    session), after one start that found and noted the keychain, as every start after a
    user's first does. None where gnome-keyring or dbus-daemon is missing."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        return []
    from tests.support.session_bus import gnome_keyring, private_session_bus

    with private_session_bus() as address, gnome_keyring(address) as env:
        subprocess.run(
            [sys.executable, "-c", _STORE_KEY, str(root / "journal.meta.json")],
            input=key,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        _launch(_APP, str(root), "secret-service", env=env)  # the first start notes it
        return [_launch(_APP, str(root), "secret-service", env=env) for _ in range(runs)]


def run() -> str:
    runs = repeats(RUNS, 1)
    _launch(_BARE)  # warm the file cache for Qt's libraries
    bare = [_launch(_BARE) for _ in range(runs)]
    small = _launches(small_journal_paths(), runs)
    big = _launches(big_journal_paths(), runs)

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    def ms(rows: list[dict[str, float]], key: str) -> str:
        value = med(rows, key)
        return f"{value * 1000:8.0f} ms   ({value / med(bare, 'ready'):.1f}x bare)"

    def mb(rows: list[dict[str, float]], key: str) -> str:
        return f"{med(rows, key) / 1024:8.1f} MB"

    def scrypt_ms(rows: dict[str, list[dict[str, float]]]) -> str:
        return f"{med(rows['scrypt'], 's') * 1000:8.0f} ms"

    def typed(rows: dict[str, list[dict[str, float]]]) -> str:
        after = med(rows["typed"], "after_enter")
        extra = after - med(rows["scrypt"], "s")
        return f"{after * 1000:8.0f} ms   (scrypt + {extra * 1000:.0f} ms)"

    people, entries = SMALL
    return table(
        f"GUI launch (offscreen, median of {runs}): bare PySide6, the {people}-people / "
        f"{entries}-entry sample journal, and 10,000 people / 100,000 entries",
        [
            ("bare PySide6 window: process start to shown", f"{med(bare, 'ready') * 1000:8.0f} ms"),
            ("start to first window, small journal", ms(small["keychain"], "first")),
            ("start to first window, 10k/100k", ms(big["keychain"], "first")),
            ("start to usable Today, keychain, small journal", ms(small["keychain"], "ready")),
            ("start to usable Today, keychain, 10k/100k", ms(big["keychain"], "ready")),
            (
                "  the same with gnome-keyring's Secret Service, small journal",
                ms(small["secret-service"], "ready") if small["secret-service"] else "not run",
            ),
            (
                "  the same with gnome-keyring's Secret Service, 10k/100k",
                ms(big["secret-service"], "ready") if big["secret-service"] else "not run",
            ),
            (
                "start to usable Today, passphrase known at start (demo), small",
                ms(small["passphrase"], "ready"),
            ),
            (
                "start to usable Today, passphrase known at start, 10k/100k",
                ms(big["passphrase"], "ready"),
            ),
            ("scrypt alone (the passphrase's key), in this run", scrypt_ms(small)),
            ("typed passphrase: Enter to usable Today, small journal", typed(small)),
            ("typed passphrase: Enter to usable Today, 10k/100k", typed(big)),
            (
                "then People page shown, ids in order + first window (10k/100k)",
                f"{med(big['keychain'], 'people_s') * 1000:8.0f} ms   "
                f"({int(big['keychain'][0]['people_rows']):,} rows)",
            ),
            ("then a Person page (10k/100k)", f"{med(big['keychain'], 'person_s') * 1000:8.0f} ms"),
            ("RSS, bare PySide6 window", mb(bare, "rss_kb")),
            ("RSS at usable Today, small journal", mb(small["keychain"], "rss_kb")),
            ("RSS at usable Today, 10k/100k", mb(big["keychain"], "rss_kb")),
            ("RSS after People + Person, 10k/100k", mb(big["keychain"], "rss_people_kb")),
        ],
    )


if __name__ == "__main__":
    print(run())

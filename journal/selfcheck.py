"""``journal --self-check``: prove, on this machine (or in a frozen bundle), that the
pieces Rapport needs are really there: SQLCipher with FTS5, the KDF, the keychain
backend, and the core's write/read path. Prints one line per check; exits 0 only if all
pass."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journal import __version__

if TYPE_CHECKING:
    from journal.core.journal import Journal


def run_self_check() -> int:
    from journal.core.journal import Journal
    from journal.core.keychain import Keychain
    from journal.core.keys import KdfParams
    from journal.core.model import Entry, Person
    from journal.core.paths import JournalPaths

    print(f"Rapport {__version__} self-check")
    print(f"  keyring backend: {Keychain().backend_name()}")
    root = Path(tempfile.mkdtemp(prefix="rapport-selfcheck-"))
    failures = 0

    def check(label: str, ok: bool) -> None:
        nonlocal failures
        print(f"  {'ok  ' if ok else 'FAIL'} {label}")
        failures += not ok

    try:
        paths = JournalPaths(root / "journal")
        journal = Journal.create(paths, "self-check passphrase", kdf=KdfParams.fresh(n=2**14))
        person = journal.add_person(Person(name="Self Check"))
        journal.add_entry(
            Entry(occurred_at=datetime.now(), body="self-check marker", people=[person.id])
        )
        journal.close()
        check("encrypted journal created and closed", True)
        marker_on_disk = any(
            b"self-check marker" in p.read_bytes() for p in paths.root.iterdir() if p.is_file()
        )
        check("no plaintext on disk", not marker_on_disk)
        journal = Journal.open(paths, "self-check passphrase")
        entries = journal.query_entries()
        check("entry read back", len(entries) == 1 and entries[0].snippet == "self-check marker")
        fts = journal.store.query("SELECT sqlite_compileoption_used('ENABLE_FTS5')")[0][0]
        check("SQLCipher has FTS5", bool(fts))
        for name, probe in _optional_checks():
            check(name, probe(journal))
        journal.close()
        ok, detail = _gui_check()
        check(f"Qt starts ({detail}), every window module loads, icons found", ok)
        ok, detail = _background_check()
        check(f"tray, notifications and alarms load ({detail})", ok)
    except Exception as exc:
        print(f"  FAIL {type(exc).__name__}: {exc}")
        failures += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("self-check passed" if not failures else f"self-check failed ({failures})")
    sys.stdout.flush()
    return 0 if not failures else 1


def _gui_check() -> tuple[bool, str]:
    """Start Qt and import every GUI module: in a frozen bundle this proves that no
    module, plugin or icon the app needs was left out. On a Linux machine without a
    display it uses Qt's offscreen platform (creating a QApplication with no display
    would abort the process)."""
    import importlib
    import os
    import pkgutil

    try:
        from PySide6.QtWidgets import QApplication

        import journal.gui
        import journal.resources as resources

        argv = ["journal"]
        headless = not any(
            os.environ.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
        )
        if sys.platform.startswith("linux") and headless:
            argv += ["-platform", "offscreen"]
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication(argv)
        for module in pkgutil.walk_packages(journal.gui.__path__, "journal.gui."):
            importlib.import_module(module.name)
        icons = [resources.app_icon(), resources.tray_icon(due=True, dark=True)]
        if any(icon.pixmap(32, 32).isNull() for icon in icons):
            return False, f"platform {app.platformName()}; an icon is missing"
        return True, f"platform {app.platformName()}"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"


def _background_check() -> tuple[bool, str]:
    """What the app needs to live in the tray (after ``_gui_check`` started Qt): the
    notification library with its platform backend, QtNetwork for the single-instance
    socket, QtDBus for the wake-from-sleep signal, and the wall-clock alarm."""
    try:
        from desktop_notifier.main import get_backend_class
        from PySide6 import QtDBus, QtNetwork  # noqa: F401 - loading them is the check

        from journal.gui.desktop.scheduler import WallClockAlarm

        backend = get_backend_class()
        __import__(backend.__module__)
        alarm = WallClockAlarm()
        kind = alarm.kind
        alarm.close()
        return True, f"{backend.__name__}, {kind}"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"


def _optional_checks() -> list[tuple[str, Callable[[Journal], bool]]]:
    """Checks for parts added by later features (engine, search), when present."""
    checks: list[tuple[str, Callable[[Journal], bool]]] = []
    try:
        from journal.core import engine  # noqa: F401
    except ImportError:
        pass
    else:
        checks.append(("reminder engine runs", _engine_probe))
    return checks


def _engine_probe(journal: Journal) -> bool:
    from journal.core import engine

    engine.today(journal)
    engine.upcoming(journal, days=7)
    return True

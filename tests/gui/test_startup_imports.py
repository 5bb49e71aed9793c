"""The first window does not wait for libraries it does not show.

numpy and pyqtgraph (about 0.4 s to import) are for the Insights charts, vobject and
icalendar (about 0.2 s) for import and export, desktop-notifier and its D-Bus client for
the first notification. A start that opens the unlock dialog, unlocks and shows Today
must load none of them. Each start runs in a fresh process (``sys.modules`` of this
test process has long loaded everything); the check is structural, not a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Libraries the first window must not import, with what they are for.
LATER = {
    "numpy": "Insights charts",
    "pyqtgraph": "Insights charts",
    "vobject": "vCard import and export",
    "icalendar": "calendar export",
    "desktop_notifier": "notifications",
    "dbus_fast": "notifications",
    # Made when first shown or opened: at start they only held memory (~3 MB at 10k).
    "journal.gui.pages.insights": "the Insights page",
    "journal.gui.pages.map": "the relationship map",
    "journal.gui.pages.journal": "the Journal page",
    "journal.gui.dialogs.entry_editor": "the entry editor",
    "journal.gui.dialogs.settings": "Settings",
    # Made once the first Today is on screen (~30 ms of the GUI thread before it).
    "journal.gui.pages.people": "the People page",
    "journal.gui.pages.person": "a person's page",
    "journal.gui.dialogs.merge": "merging two people",
    # A meeting's brief, asked for from a notification or a person's page.
    "journal.core.brief": "a meeting's brief",
    # Learning a cadence from contact days happens on a write (~4 ms with decimal).
    "statistics": "learning a cadence",
    # Imported when a restore begins (~50 ms at start).
    "journal.core.backup": "backups",
    "journal.gui.dialogs.backups": "restoring a backup",
}

_START = r"""
import json, sys
from pathlib import Path

mode, root = sys.argv[1], Path(sys.argv[2])
import keyring
from tests.support.keyrings import MemoryKeyring

keyring.set_keyring(MemoryKeyring())
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from journal.core.clock import FixedClock
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.paths import JournalPaths

PASSPHRASE = "correct horse battery"
clock = FixedClock("2026-11-24T09:00")
paths = JournalPaths(root / "journal")
journal = Journal.create(paths, PASSPHRASE, kdf=KdfParams.fresh(n=2**4), clock=clock)
journal.close()

from journal.gui.app import RapportApp, make_application

app = make_application([sys.argv[0]])
session = RapportApp(
    paths,
    clock=clock,
    demo_passphrase=PASSPHRASE if mode == "today" else None,
    settings=QSettings(str(root / "gui.ini"), QSettings.Format.IniFormat),
    use_tray=False,
)
LATER = json.loads(sys.argv[3])


def report(shown):
    app.processEvents()
    print(json.dumps({"shown": shown, "loaded": sorted(m for m in LATER if m in sys.modules)}))
    sys.stdout.flush()
    session.quit()


if mode == "today":
    session.unlocked.connect(lambda window: window.ready.connect(lambda: report("today")))
else:
    def poll():
        dialog = session.dialog
        if dialog is not None and dialog.isVisible():
            report(type(dialog).__name__)
        else:
            QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
session.start()
app.exec()
"""


def _start(mode: str, tmp_path: Path) -> dict[str, object]:
    return _run_start(_START, mode, str(tmp_path), json.dumps(sorted(LATER)))


def _run_start(script: str, *args: str) -> dict[str, object]:
    """Run a start script in a fresh process; what it printed last, as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("mode", "shown"), [("unlock", "UnlockDialog"), ("today", "today")])
def test_first_window_loads_no_library_it_does_not_show(tmp_path, mode, shown):
    started = _start(mode, tmp_path)
    assert started["shown"] == shown
    loaded = {name: LATER[name] for name in started["loaded"]}  # type: ignore[union-attr]
    assert loaded == {}, f"imported before the first window needs them: {loaded}"


#: What the unlock dialog does not need to appear: the journal's storage and engine,
#: SQLCipher and the keychain's library load after it is on screen, on the worker that
#: opens the journal (the main window's modules load once it is painted).
AFTER_THE_DIALOG = {
    "sqlcipher3": "SQLCipher",
    "keyring": "the keychain",
    "journal.core.journal": "the journal",
    "journal.core.store": "the journal's storage",
    "journal.core.engine": "the reminder engine",
    "journal.core.calendar.meetings": "the calendar watch",
    "journal.core.sync.engine": "the sync watch",
    # `journal` with no command parses its options without loading the commands.
    "journal.cli.common": "the commands' shared code",
    "journal.cli.today": "the command line's today",
    "journal.cli.asking": "the command line's ask",
}

_DIALOG_FIRST = r"""
import json, sys, threading
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from journal.cli import parse_args
from journal.cli.options import paths_from
from journal.core.clock import FixedClock
from journal.gui.app import RapportApp, make_application
from journal.gui.desktop import tasks

root = Path(sys.argv[1])
paths = paths_from(parse_args(["--data-dir", str(root / "journal")]))  # as `journal` does
app = make_application([sys.argv[0]])
session = RapportApp(
    paths,
    clock=FixedClock("2026-11-24T09:00"),
    settings=QSettings(str(root / "gui.ini"), QSettings.Format.IniFormat),
    use_tray=False,
)
AFTER = json.loads(sys.argv[2])
# The worker waits until the dialog is on screen: what is loaded then is what the dialog
# itself needed, whatever the worker would have loaded meanwhile.
gate = threading.Event()
tasks.run(lambda: gate.wait(60))


def poll():
    dialog = session.dialog
    handle = dialog.windowHandle() if dialog is not None else None
    if handle is not None and handle.isExposed():
        loaded = sorted(m for m in AFTER if m in sys.modules)
        gate.set()
        print(json.dumps({"shown": type(dialog).__name__, "loaded": loaded}), flush=True)
        session.quit()
    else:
        QTimer.singleShot(2, poll)


QTimer.singleShot(0, poll)
session.start()
app.exec()
"""


def test_the_unlock_dialog_is_on_screen_before_the_journal_loads(tmp_path):
    from journal.core.journal import Journal
    from journal.core.keys import KdfParams
    from journal.core.paths import JournalPaths

    Journal.create(
        JournalPaths(tmp_path / "journal"), "correct horse battery", kdf=KdfParams.fresh(n=2**4)
    ).close()
    started = _run_start(_DIALOG_FIRST, str(tmp_path), json.dumps(sorted(AFTER_THE_DIALOG)))
    assert started["shown"] == "UnlockDialog"
    loaded = {name: AFTER_THE_DIALOG[name] for name in started["loaded"]}
    assert loaded == {}, f"loaded before the unlock dialog was on screen: {loaded}"

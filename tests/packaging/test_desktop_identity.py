"""On a real X server, the window Rapport opens carries the names the launcher
promises, so docks show it under Rapport's icon instead of a generic "python"."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import journal
from tests.support.components import require_programs
from tests.support.xvfb import xvfb

ROOT = Path(__file__).resolve().parents[2]

SHOW_WINDOW = """
import subprocess, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from journal.gui.identity import apply_identity

app = QApplication(["journal"])
apply_identity(app)
window = QLabel("Rapport"); window.setWindowTitle("rapport-identity-probe"); window.show()

def probe():
    wid = subprocess.run(["xdotool", "search", "--sync", "--name", "rapport-identity-probe"],
                         capture_output=True, text=True, timeout=10).stdout.split()[0]
    print(subprocess.run(["xprop", "-id", wid, "WM_CLASS", "_GTK_APPLICATION_ID"],
                         capture_output=True, text=True, timeout=10).stdout)
    app.quit()

QTimer.singleShot(300, probe)
app.exec()
"""


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "packaging" / "linux" / f"{journal.APP_ID}.desktop")
    return parser["Desktop Entry"]


def test_window_matches_the_desktop_entry():
    require_programs("Xvfb", "xprop", "xdotool")
    with xvfb() as display:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        result = subprocess.run(
            [sys.executable, "-c", SHOW_WINDOW],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    properties = result.stdout
    wm_class = _desktop_entry()["StartupWMClass"]
    assert f'WM_CLASS(STRING) = "journal", "{wm_class}"' in properties
    assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{journal.APP_ID}"' in properties

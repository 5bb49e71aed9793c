"""Start at login installs a real XDG autostart entry that starts Rapport minimized."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import shutil
import subprocess
import sys

import pytest

from journal import APP_ID
from journal.core import autostart


@pytest.mark.skipif(sys.platform != "linux", reason="XDG autostart is Linux's")
def test_enable_writes_a_valid_entry_and_disable_removes_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not autostart.is_enabled()
    path = autostart.enable(["/opt/rapport/journal", "--minimized"])
    assert path == tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_enabled()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path)
    assert shlex.split(entry["Desktop Entry"]["Exec"]) == ["/opt/rapport/journal", "--minimized"]
    assert entry["Desktop Entry"]["Type"] == "Application"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    autostart.disable()
    assert not autostart.is_enabled()
    autostart.disable()  # disabling twice is fine


def test_the_launch_command_starts_minimized():
    command = autostart.launch_command()
    assert command[-1] == "--minimized"


def test_paths_with_spaces_are_quoted():
    text = autostart.desktop_entry(["/home/me/My Apps/journal", "--minimized"])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert shlex.split(exec_line[5:]) == ["/home/me/My Apps/journal", "--minimized"]


def test_macos_launch_agent_runs_at_load():
    plist = plistlib.loads(autostart.launch_agent(["/Applications/Rapport.app/x", "--minimized"]))
    assert plist["Label"] == APP_ID and plist["RunAtLoad"] is True
    assert plist["ProgramArguments"][-1] == "--minimized"

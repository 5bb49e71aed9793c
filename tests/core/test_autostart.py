"""Start at login installs a real XDG autostart entry that starts Rapport minimized."""

from __future__ import annotations

import configparser
import plistlib
import shutil
import subprocess
import sys
import time

import pytest

from journal import APP_ID
from journal.core import autostart
from tests.support.components import require_programs


@pytest.mark.skipif(sys.platform != "linux", reason="XDG autostart is Linux's")
def test_enable_writes_a_valid_entry_and_disable_removes_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not autostart.is_enabled()
    path = autostart.enable(["/opt/rapport/journal", "--minimized"])
    assert path == tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_enabled()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(path)
    assert entry["Desktop Entry"]["Exec"] == "/opt/rapport/journal --minimized"
    assert entry["Desktop Entry"]["Type"] == "Application"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
    autostart.disable()
    assert not autostart.is_enabled()
    autostart.disable()  # disabling twice is fine


def test_the_launch_command_starts_minimized():
    command = autostart.launch_command()
    assert command[-1] == "--minimized"


def test_paths_with_spaces_are_quoted_the_desktop_entry_way():
    text = autostart.desktop_entry(["/home/me/My Apps/journal", "--minimized"])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/home/me/My Apps/journal" --minimized'


@pytest.mark.skipif(sys.platform != "linux", reason="XDG autostart is Linux's")
def test_glib_starts_exactly_the_command_written(tmp_path):
    """GLib (what GNOME, Xfce and most session managers use to start autostart entries)
    reads the Exec line back into the same arguments, awkward characters included."""
    require_programs("gio")
    folder = tmp_path / "My Apps (new)"
    folder.mkdir()
    record = tmp_path / "argv.txt"
    program = folder / "journal"
    program.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{record}"\n')
    program.chmod(0o755)
    args = ['a"b', "c:\\x y", "100%", "$HOME", "it's", "--minimized"]
    entry = tmp_path / "entry.desktop"
    entry.write_text(autostart.desktop_entry([str(program), *args]))
    subprocess.run(["gio", "launch", str(entry)], check=True, timeout=30, capture_output=True)
    deadline = time.monotonic() + 10
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert record.read_text().splitlines() == args


@pytest.mark.skipif(sys.platform != "linux", reason="XDG autostart is Linux's")
@pytest.mark.parametrize("line", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_an_entry_switched_off_in_the_desktop_settings_counts_as_off(tmp_path, monkeypatch, line):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = autostart.enable(["/opt/rapport/journal", "--minimized"])
    assert path is not None and autostart.is_enabled()
    text = path.read_text().replace("X-GNOME-Autostart-enabled=true\n", "")
    path.write_text(text + line + "\n")
    assert not autostart.is_enabled()
    autostart.enable(["/opt/rapport/journal", "--minimized"])  # switching it on again
    assert autostart.is_enabled()


def test_an_appimage_starts_itself_not_its_temporary_mount(monkeypatch):
    monkeypatch.setenv("APPIMAGE", "/home/me/Apps/Rapport.AppImage")
    assert autostart.launch_command() == ["/home/me/Apps/Rapport.AppImage", "--minimized"]


def test_macos_launch_agent_runs_at_load():
    plist = plistlib.loads(autostart.launch_agent(["/Applications/Rapport.app/x", "--minimized"]))
    assert plist["Label"] == APP_ID and plist["RunAtLoad"] is True
    assert plist["ProgramArguments"][-1] == "--minimized"

"""Start at login: an XDG autostart entry on Linux, a LaunchAgent on macOS, the Run key
on Windows. Each starts Rapport minimized to the tray.

Only the Linux path is exercised by the tests here; macOS and Windows are written from
their documentation (see packaging/README.md) and kept small. The Linux entry follows
the Desktop Entry spec's Exec quoting (double quotes, ``%%``), and one the user switched
off in their desktop's startup settings (``Hidden=true``,
``X-GNOME-Autostart-enabled=false``) counts as off.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import shutil
import sys
from pathlib import Path

from journal import APP_ID, APP_NAME
from journal.core.fsutil import atomic_write_bytes, atomic_write_text


def launch_command() -> list[str]:
    """How to start this installation of Rapport, minimized."""
    appimage = os.environ.get("APPIMAGE")
    if appimage:  # sys.executable is inside a mount that changes at every start
        return [appimage, "--minimized"]
    if getattr(sys, "frozen", False):
        return [sys.executable, "--minimized"]
    script = shutil.which("journal")
    if script:
        return [script, "--minimized"]
    python = sys.executable
    if sys.platform == "win32":  # pragma: no cover - no console window at login
        windowed = Path(python).with_name("pythonw.exe")
        python = str(windowed) if windowed.exists() else python
    return [python, "-m", "journal", "--minimized"]


def _xdg_autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


def _launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def entry_path() -> Path:
    if sys.platform == "darwin":
        return _launch_agent_path()
    return _xdg_autostart_dir() / f"{APP_ID}.desktop"


#: Characters that make an Exec argument need quoting (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(argument: str) -> str:
    """One Exec argument as the Desktop Entry spec wants it: double quotes (never single)
    around reserved characters, with ``"`` `` ` `` ``$`` ``\\`` escaped inside, ``%``
    doubled; then the key file's own escaping of backslashes on top."""
    text = argument.replace("%", "%%")
    if any(c in _RESERVED for c in text) or not text:
        text = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    return text.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Your relationship journal's reminders, in the tray\n"
        f"Exec={' '.join(exec_quote(a) for a in command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def launch_agent(command: list[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": command,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def is_enabled() -> bool:
    if sys.platform == "win32":  # pragma: no cover - not testable here
        return _windows_run_value() is not None
    path = entry_path()
    if sys.platform == "darwin" or not path.exists():
        return path.exists()
    return _entry_is_on(path)


def _entry_is_on(path: Path) -> bool:
    """False when the desktop's startup settings turned our entry off (or it is unreadable)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    values = dict(line.split("=", 1) for line in lines if "=" in line)
    return (
        values.get("Hidden", "false").strip().lower() != "true"
        and values.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"
    )


def enable(command: list[str] | None = None) -> Path | None:
    command = command or launch_command()
    if sys.platform == "win32":  # pragma: no cover - not testable here
        _windows_set_run(subprocess_list(command))
        return None
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        atomic_write_bytes(path, launch_agent(command), mode=0o644)
    else:
        atomic_write_text(path, desktop_entry(command), mode=0o644)
    return path


def disable() -> None:
    if sys.platform == "win32":  # pragma: no cover - not testable here
        _windows_set_run(None)
        return
    entry_path().unlink(missing_ok=True)


def subprocess_list(command: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(command)


def _windows_run_value() -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # also tells the type checker winreg exists past here
        raise OSError("the Windows registry is only on Windows")
    import winreg

    with winreg.OpenKey(
        winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run"
    ) as key:
        try:
            value: str = winreg.QueryValueEx(key, APP_NAME)[0]
            return value
        except FileNotFoundError:
            return None


def _windows_set_run(value: str | None) -> None:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        raise OSError("the Windows registry is only on Windows")
    import winreg

    with winreg.OpenKey(
        winreg.HKEY_CURRENT_USER,
        r"Software\Microsoft\Windows\CurrentVersion\Run",
        0,
        winreg.KEY_SET_VALUE,
    ) as key:
        if value is None:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, APP_NAME)
        else:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, value)

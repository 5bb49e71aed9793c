"""A whole desktop session for end-to-end tests: a private D-Bus session bus, an
unlocked gnome-keyring on it, Xvfb, trayer (an XEmbed system tray) and dunst (a
freedesktop notification daemon), as docs/e2e-desktop.md describes.

``desktop_session()`` yields the environment a process needs to live in it (HOME, XDG
dirs, DISPLAY, the bus address); everything it started is stopped afterwards, by the
process ids it started.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from tests.support.components import require_programs
from tests.support.session_bus import gnome_keyring, private_session_bus
from tests.support.xvfb import xvfb

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = (
    "dbus-daemon",
    "dbus-send",
    "gnome-keyring-daemon",
    "Xvfb",
    "trayer",
    "dunst",
    "dunstctl",
    "xdotool",
    "xwininfo",
    "import",
)


@contextmanager
def desktop_session(
    screen: str = "1280x800x24", *, notifications: bool = True, dunst_config: Path | None = None
) -> Iterator[dict[str, str]]:
    """``notifications=False`` leaves out dunst: a desktop with no notification service.
    ``dunst_config`` replaces dunst's configuration (e.g. its ``dmenu`` for actions)."""
    require_programs(*PROGRAMS)
    with ExitStack() as stack:
        address = stack.enter_context(private_session_bus())
        env = stack.enter_context(gnome_keyring(address))
        display = stack.enter_context(xvfb(screen))
        env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        # The socket file appears before the server answers: wait until it does, or
        # trayer may find no display and quit.
        _wait(
            lambda: (
                subprocess.run(
                    ["xwininfo", "-root"], env=env, capture_output=True, timeout=30
                ).returncode
                == 0
            ),
            "the X server",
        )
        stack.enter_context(_process(["trayer", "--edge", "top"], env))
        if notifications:
            config = ["-config", str(dunst_config)] if dunst_config else []
            stack.enter_context(_process(["dunst", *config], env))
        _wait(lambda: "panel" in _run(["xwininfo", "-root", "-tree"], env), "trayer")
        if notifications:
            _wait(lambda: _owned("org.freedesktop.Notifications", env), "dunst")
        yield env


_BUILD = r"""
import json, sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from journal.core import engine
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Circle, Entry, Facet, FacetKind, Person
from journal.core.paths import JournalPaths

today = date.today()
journal = Journal.create(JournalPaths(Path(sys.argv[1])), "e2e passphrase", remember=True,
                         kdf=KdfParams.fresh(n=2**10))
assert journal.is_remembered(), "the key did not reach gnome-keyring"
ana = journal.add_person(Person(
    name="Ana Lima", circle=Circle.NETWORK, met_on=today - timedelta(days=500),
    facets=[Facet(kind=FacetKind.WORKING_ON, text="opening a bakery in Porto",
                  noted_on=today - timedelta(days=120))]))
journal.add_entry(Entry(occurred_at=datetime.combine(today - timedelta(days=120), time(12)),
                        body="Coffee with Ana: she is opening a bakery in Porto.",
                        people=[ana.id]))
settings = journal.settings()
settings.delivery_time = "00:00"
settings.quiet_start = settings.quiet_end = "00:00"  # no quiet hours
journal.save_settings(settings)
[suggestion] = engine.today(journal)
print(json.dumps({"name": suggestion.person_name, "action": suggestion.action}))
journal.close()
"""


def build_due_journal(folder: Path, env: dict[str, str]) -> dict[str, str]:
    """A journal in ``folder`` whose key is remembered in the session's gnome-keyring,
    with Ana Lima's check-in due today (real dates) and the day's notification due at
    any hour; built with the core in its own process. Returns her suggestion."""
    build = subprocess.run(
        [sys.executable, "-c", _BUILD, str(folder)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if build.returncode != 0:
        raise RuntimeError(f"building the journal failed: {build.stderr[-2000:]}")
    return json.loads(build.stdout)


@contextmanager
def _process(argv: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[Any], timeout: float = 15) -> str:
    """Stop a process we started (SIGTERM, then SIGKILL); the tail of its stderr if piped."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
    stderr = proc.stderr.read() if proc.stderr else ""
    return (stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr)[-3000:]


def _run(argv: list[str], env: dict[str, str]) -> str:
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30).stdout


def _owned(name: str, env: dict[str, str]) -> bool:
    out = _run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        ],
        env,
    )
    return "true" in out


def _wait(ready: Any, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


def wait_for(ready: Any, timeout: float = 30, interval: float = 0.2) -> Any:
    """Poll ``ready()`` until it returns something truthy (returned) or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = ready()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def notifications(env: dict[str, str]) -> list[dict[str, str]]:
    """Every notification dunst has received (shown ones are closed into its history
    first), as {appname, summary, body, raw_body}: ``body`` as the user reads it (the
    freedesktop body is markup, so entities are decoded), ``raw_body`` as sent."""
    if _run(["dunstctl", "count", "displayed"], env).strip() not in ("", "0"):
        _run(["dunstctl", "close-all"], env)
    raw = _run(["dunstctl", "history"], env)
    try:
        data = json.loads(raw)["data"][0]
    except (ValueError, KeyError, IndexError):
        return []
    found = []
    for item in data:
        fields = {key: item.get(key, {}).get("data", "") for key in ("appname", "summary")}
        raw = item.get("body", {}).get("data", "")
        found.append({**fields, "body": html.unescape(raw), "raw_body": raw})
    return found


def displayed(env: dict[str, str]) -> int:
    """How many notifications dunst has on screen now."""
    out = _run(["dunstctl", "count", "displayed"], env).strip()
    return int(out) if out.isdigit() else 0


def windows_of(pid: int, env: dict[str, str], *, visible: bool = False) -> list[int]:
    argv = ["xdotool", "search", *(["--onlyvisible"] if visible else []), "--pid", str(pid)]
    return [int(line) for line in _run(argv, env).split()]


def window_tree(env: dict[str, str]) -> str:
    return _run(["xwininfo", "-root", "-tree"], env)


def parents(window: int, env: dict[str, str]) -> list[str]:
    """The window's ancestors up to the root, each as xwininfo names it ('0x2003 "panel"')."""
    chain: list[str] = []
    current = hex(window)
    for _ in range(20):
        out = _run(["xwininfo", "-id", current, "-children"], env)
        line = next((x for x in out.splitlines() if "Parent window id:" in x), "")
        parent = line.split("Parent window id:", 1)[-1].strip()
        if not parent or parent.startswith("0x0 "):
            break
        chain.append(parent)
        if "(the root window)" in parent:
            break
        current = parent.split()[0]
    return chain


def tray_icons_of(pid: int, env: dict[str, str]) -> list[int]:
    """The process's windows embedded in trayer's panel: its tray icons."""
    return [w for w in windows_of(pid, env) if any(p.endswith('"panel"') for p in parents(w, env))]


def focused_window(env: dict[str, str]) -> int | None:
    out = _run(["xdotool", "getwindowfocus"], env).strip()
    return int(out) if out.isdigit() else None


def window_name(window: int, env: dict[str, str]) -> str:
    return _run(["xdotool", "getwindowname", str(window)], env).strip()


def position(window: int, env: dict[str, str]) -> tuple[int, int]:
    values = {}
    for line in _run(["xwininfo", "-id", str(window)], env).splitlines():
        key, _, value = line.strip().partition(":")
        values[key] = value.strip()
    return int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"])


def is_viewable(window: int, env: dict[str, str]) -> bool:
    return "IsViewable" in _run(["xwininfo", "-id", str(window)], env)


def dunst_config_choosing(folder: Path) -> tuple[Path, Path]:
    """A dunst configuration whose action menu (``dunstctl context``) picks, instead of
    asking through dmenu, the first entry containing the text written to the returned
    file: how a test presses a notification's button."""
    choice = folder / "dunst-choice"
    choice.write_text("")
    picker = folder / "dunst-pick"
    picker.write_text(f'#!/bin/sh\ngrep -m1 -F -- "$(cat "{choice}")"\n')
    picker.chmod(0o755)
    base = Path("/etc/xdg/dunst/dunstrc").read_text()
    config = folder / "dunstrc"
    config.write_text(
        "\n".join(
            f"    dmenu = {picker}" if line.strip().startswith("dmenu =") else line
            for line in base.splitlines()
        )
        + "\n"
    )
    return config, choice


def screenshot(path: Path, env: dict[str, str]) -> Path:
    subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, timeout=30)
    return path

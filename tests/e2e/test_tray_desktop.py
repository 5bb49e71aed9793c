"""End to end on a real desktop: the real ``journal`` process in the tray.

A private D-Bus session with gnome-keyring (unlocked), Xvfb, trayer and dunst. The
journal is built with the core in a separate process (so its key goes into that
gnome-keyring), with one person whose check-in is due today by the real date and a
delivery time of 00:00 without quiet hours, so the day's notification is due whenever
the test runs. Then, without typing anything: ``journal --minimized`` unlocks with the
keychain, puts its icon in trayer, and dunst receives the notification naming the
person with the engine's suggestion; a second ``journal`` exits at once and the first
one's window comes to the front.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import desktop

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _python(env: dict[str, str], *args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


_stop = desktop.stop


@contextmanager
def _login_start(env: dict[str, str], folder: Path) -> Iterator[subprocess.Popen[str]]:
    """``journal --minimized`` on ``folder`` as the login would start it; stopped after,
    and it must not have printed a traceback."""
    app = _python(env, "-m", "journal", "--data-dir", str(folder), "--minimized")
    try:
        yield app
    finally:
        errors = _stop(app)
    assert "Traceback" not in errors, errors


@pytest.fixture
def session(tmp_path):
    with desktop.desktop_session() as env:
        yield env


def test_login_start_unlocks_sits_in_the_tray_notifies_and_stays_single(session, tmp_path):
    env = session
    folder = tmp_path / "journal"
    due = desktop.build_due_journal(folder, env)
    assert due["name"] == "Ana Lima"

    app = _python(env, "-m", "journal", "--data-dir", str(folder), "--minimized")
    try:
        # dunst received the day's notification: the person and what to say.
        received = desktop.wait_for(
            lambda: [n for n in desktop.notifications(env) if n["appname"] == "Rapport"], timeout=60
        )
        assert app.poll() is None, _stop(app)
        assert received, "no notification reached dunst"
        [note] = received
        assert "Ana Lima" in note["summary"]
        assert note["body"] == due["action"]
        # It unlocked on its own: reading the journal is what let it name Ana; and no
        # passphrase dialog is on screen.
        visible = desktop.windows_of(app.pid, env, visible=True)
        names = [desktop.window_name(w, env) for w in visible]
        assert not any("Unlock" in name for name in names), names
        # Its icon sits in trayer's panel.
        icons = desktop.wait_for(lambda: desktop.tray_icons_of(app.pid, env), timeout=20)
        assert icons, desktop.window_tree(env)

        # Started at login, no window is on screen (the icon aside)...
        def main_windows() -> list[int]:
            return [
                w
                for w in desktop.windows_of(app.pid, env, visible=True)
                if w not in icons and desktop.window_name(w, env) == "Rapport"
            ]

        assert main_windows() == []

        # ...until Rapport is started again: that one hands over and exits, and the
        # first one's window comes to the front.
        second = _python(env, "-m", "journal", "--data-dir", str(folder))
        try:
            assert second.wait(timeout=60) == 0, _stop(second)
        finally:
            _stop(second)
        shown = desktop.wait_for(main_windows, timeout=20)
        assert shown, "the first instance's window did not appear"
        focused = desktop.wait_for(lambda: desktop.focused_window(env) in shown, timeout=10)
        assert focused, (desktop.focused_window(env), shown)
        assert app.poll() is None, "the first instance should keep running"
        assert len(desktop.notifications(env)) == 1  # and no second notification
    finally:
        errors = _stop(app)
    assert "Traceback" not in errors, errors


def test_after_a_crash_the_next_start_runs_and_a_logout_leaves_nothing(session, tmp_path):
    """A lock left by a crashed process is stale (its owner is gone): the next start is a
    first start, not a hand-over to a ghost. SIGTERM (a logout) quits cleanly and takes
    the socket and the lock with it."""
    env = session
    folder = tmp_path / "journal"
    desktop.build_due_journal(folder, env)
    first = _python(env, "-m", "journal", "--data-dir", str(folder), "--minimized")
    try:
        assert desktop.wait_for(lambda: desktop.tray_icons_of(first.pid, env), timeout=60)
    finally:
        first.kill()  # a crash: the lock's owner is gone, the socket file stays behind
        first.wait(timeout=15)
        _stop(first)
    again = _python(env, "-m", "journal", "--data-dir", str(folder), "--minimized")
    try:
        assert desktop.wait_for(lambda: desktop.tray_icons_of(again.pid, env), timeout=60), (
            "after a crash, a new start must become the running instance"
        )
        assert again.poll() is None
    finally:
        _stop(again)
    runtime = Path(env["XDG_RUNTIME_DIR"])
    assert not [p for p in runtime.iterdir() if p.name.startswith("rapport-")], os.listdir(runtime)


def test_the_notifications_buttons_reach_the_running_app(tmp_path):
    """Snooze in the notification (pressed through dunst's action menu) snoozes Ana in
    the journal, without opening a window."""
    config, choice = desktop.dunst_config_choosing(tmp_path)
    with desktop.desktop_session(dunst_config=config) as env:
        folder = tmp_path / "journal"
        desktop.build_due_journal(folder, env)
        with _login_start(env, folder) as app:
            assert desktop.wait_for(lambda: desktop.displayed(env), timeout=60), (
                "no notification on screen"
            )
            icons = desktop.tray_icons_of(app.pid, env)
            choice.write_text("Snooze")
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)

            def today() -> list[str]:
                out = subprocess.run(
                    [sys.executable, "-m", "journal", "--data-dir", str(folder), "today", "--json"],
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert out.returncode == 0, out.stderr
                return [s["person_name"] for s in json.loads(out.stdout)["suggestions"]]

            assert desktop.wait_for(lambda: today() == [], timeout=20), "Ana not snoozed"
            visible = [w for w in desktop.windows_of(app.pid, env, visible=True) if w not in icons]
            assert visible == []  # snoozed from the notification, nothing opened


def test_a_click_on_the_notification_opens_rapport(tmp_path):
    config, choice = desktop.dunst_config_choosing(tmp_path)
    with desktop.desktop_session(dunst_config=config) as env:
        folder = tmp_path / "journal"
        desktop.build_due_journal(folder, env)
        with _login_start(env, folder) as app:
            assert desktop.wait_for(lambda: desktop.displayed(env), timeout=60)
            icons = desktop.tray_icons_of(app.pid, env)
            choice.write_text(",default]")
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)
            shown = desktop.wait_for(
                lambda: [
                    w
                    for w in desktop.windows_of(app.pid, env, visible=True)
                    if w not in icons and desktop.window_name(w, env) == "Rapport"
                ],
                timeout=20,
            )
            assert shown, "a click on the notification should open Rapport"


def test_with_no_notification_service_the_tray_balloon_shows_the_reminder(tmp_path):
    """No notification daemon on the bus: the reminder still appears, as the tray icon's
    own balloon (a window of the app's, next to its icon)."""
    with desktop.desktop_session(notifications=False) as env:
        folder = tmp_path / "journal"
        desktop.build_due_journal(folder, env)
        with _login_start(env, folder) as app:
            icons = desktop.wait_for(lambda: desktop.tray_icons_of(app.pid, env), timeout=60)
            assert icons
            # The main window stays hidden (started at login): what shows is the balloon.
            balloon = desktop.wait_for(
                lambda: [
                    w for w in desktop.windows_of(app.pid, env, visible=True) if w not in icons
                ],
                timeout=30,
            )
            assert balloon, "no balloon appeared"
            _x, y = desktop.position(balloon[0], env)
            assert y < 200, "the balloon should point at the tray at the top of the screen"

"""Notifications through a real notification daemon (dunst on a private D-Bus session):
the words arrive as written, the buttons come back as the right action, and with no
daemon on the bus the app is told so (and falls back to the tray balloon)."""

from __future__ import annotations

import subprocess

import pytest

from journal.gui.desktop.notify import Notifier
from tests.support import desktop
from tests.support.components import require_programs
from tests.support.session_bus import private_session_bus

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def notifier():
    made = Notifier()
    yield made
    made.shutdown()


def _send(qtbot, notifier, *args):
    with qtbot.waitSignal(notifier.finished, timeout=20_000) as signal:
        notifier.send(*args)
    return signal.args


def test_dunst_shows_the_text_as_written_and_its_buttons_answer(
    qtbot, notifier, tmp_path, monkeypatch
):
    config, choice = desktop.dunst_config_choosing(tmp_path)
    with desktop.desktop_session(dunst_config=config) as env:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
        body = "Ask Ana how the <new> oven works & whether 2 < 3 helps"
        assert _send(
            qtbot, notifier, "n1", "Check in with Ana Lima", body, ["log", "snooze", "open"]
        ) == ["n1", True]
        choice.write_text("Snooze")
        with qtbot.waitSignal(notifier.action, timeout=20_000) as pressed:
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)
        assert pressed.args == ["n1", "snooze"]

        assert _send(
            qtbot, notifier, "n2", "Check in with Kofi Berg", "Ask Kofi", ["log", "snooze", "open"]
        ) == ["n2", True]
        choice.write_text("Log check-in")
        with qtbot.waitSignal(notifier.action, timeout=20_000) as pressed:
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)
        assert pressed.args == ["n2", "log"]

        received = desktop.notifications(env)
        assert {(n["summary"], n["body"]) for n in received} >= {
            ("Check in with Ana Lima", body),
            ("Check in with Kofi Berg", "Ask Kofi"),
        }
        assert {n["appname"] for n in received} == {"Rapport"}
        # On the wire the body is markup: "<new>" was sent escaped, or dunst would have
        # taken it for a tag and shown "Ask Ana how the  oven works".
        [raw] = [n["raw_body"] for n in received if n["summary"] == "Check in with Ana Lima"]
        assert "<new>" not in raw


def test_a_click_on_the_notification_is_open(qtbot, notifier, tmp_path, monkeypatch):
    config, choice = desktop.dunst_config_choosing(tmp_path)
    with desktop.desktop_session(dunst_config=config) as env:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
        assert _send(
            qtbot, notifier, "n1", "3 check-ins for today", "• one\n• two\n• three", ["open"]
        ) == ["n1", True]
        choice.write_text(",default]")  # the notification itself, not a button
        with qtbot.waitSignal(notifier.action, timeout=20_000) as pressed:
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)
        assert pressed.args == ["n1", "open"]


def test_with_no_notification_service_it_says_it_was_not_shown(qtbot, notifier, monkeypatch):
    require_programs("dbus-daemon")
    with private_session_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        assert _send(qtbot, notifier, "n1", "Check in with Ana Lima", "Ask Ana", ["open"]) == [
            "n1",
            False,
        ]


def test_with_no_session_bus_at_all_it_says_it_was_not_shown(qtbot, notifier, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/rapport-bus")
    assert _send(qtbot, notifier, "n1", "Check in with Ana Lima", "Ask Ana", ["open"]) == [
        "n1",
        False,
    ]

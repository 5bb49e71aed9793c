"""End to end on a real desktop: a meeting from a calendar file brings a brief before it
and a reflection prompt after it, through dunst; the prompt's "Write it down" button
opens the entry editor with the meeting filled in, and the entry saved from it is the
meeting's (people, time, place, title).

Xvfb, trayer and dunst on a private D-Bus session with gnome-keyring, as in
test_tray_desktop; the real ``journal --minimized`` process, the real clock: the calendar
is written around now (a lunch starting in ten minutes, a coffee that ended half an hour
ago), in UTC, read in the app's zone (TZ=UTC here, so the expected times are plain).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support import desktop

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

_BUILD = r"""
import sys
from pathlib import Path
from journal.core.calendar import meetings
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Channel, ChannelKind, Person
from journal.core.paths import JournalPaths

journal = Journal.create(JournalPaths(Path(sys.argv[1])), "e2e passphrase", remember=True,
                         kdf=KdfParams.fresh(n=2**10))
assert journal.is_remembered(), "the key did not reach gnome-keyring"
journal.add_person(Person(name="Kwame Mensah",
                          channels=[Channel(ChannelKind.EMAIL, "kwame@example.org")]))
settings = journal.settings()
settings.quiet_start = settings.quiet_end = "00:00"  # no quiet hours
settings.notifications = "off"  # only the meetings' notifications in this test
journal.save_settings(settings)
meetings.save_settings(journal, meetings.CalendarSettings(sources=[sys.argv[2]],
                                                          own_emails=["me@example.org"]))
journal.close()
"""

_READ = r"""
import json, sys
from pathlib import Path
from journal.core.journal import Journal
from journal.core.entries import EntryQuery
from journal.core.paths import JournalPaths

journal = Journal.open(JournalPaths(Path(sys.argv[1])), None)
rows = []
for s in journal.query_entries(EntryQuery()):
    rows.append({"title": s.title, "place": s.place, "at": s.occurred_at.isoformat(),
                 "people": [name for _, name in s.people], "body": journal.entry(s.id).body})
print(json.dumps(rows))
journal.close()
"""


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _calendar(path: Path, now: datetime) -> tuple[datetime, datetime]:
    lunch = now + timedelta(minutes=10)
    coffee = now - timedelta(minutes=90)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport e2e//EN",
        "BEGIN:VEVENT",
        "UID:lunch@e2e",
        f"DTSTART:{_utc(lunch)}",
        f"DTEND:{_utc(lunch + timedelta(hours=1))}",
        "SUMMARY:Lunch with Kwame",
        "LOCATION:Dishoom",
        "ORGANIZER:mailto:me@example.org",
        "ATTENDEE;CN=Kwame Mensah;PARTSTAT=ACCEPTED:mailto:Kwame@Example.org",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:coffee@e2e",
        f"DTSTART:{_utc(coffee)}",
        f"DTEND:{_utc(coffee + timedelta(hours=1))}",
        "SUMMARY:Coffee with Kwame",
        "LOCATION:Monmouth",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:kwame@example.org",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    path.write_text("\r\n".join(lines))
    return lunch, coffee


def _core(script: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout


def test_brief_before_reflection_after_and_the_editor_filled_in(tmp_path):
    config, choice = desktop.dunst_config_choosing(tmp_path)
    with desktop.desktop_session(dunst_config=config) as env:
        env = {**env, "TZ": "UTC"}
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        calendar = tmp_path / "calendar.ics"
        lunch, coffee = _calendar(calendar, now)
        folder = tmp_path / "journal"
        _core(_BUILD, env, str(folder), str(calendar))

        app = subprocess.Popen(
            [sys.executable, "-m", "journal", "--data-dir", str(folder), "--minimized"],
            env=env,
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            expected = {
                f"Lunch with Kwame at {lunch:%H:%M}",
                "How was coffee with Kwame?",
            }

            # Both arrive at the first look after unlocking; act while dunst shows them
            # (its own timeout closes them after a few seconds).
            up = desktop.wait_for(lambda: desktop.displayed(env) >= 2, timeout=90)
            assert app.poll() is None, desktop.stop(app)
            assert up, desktop.notifications(env)
            # The reflection's "Write it down" button: the editor opens, filled in.
            choice.write_text("Write it down")
            subprocess.run(["dunstctl", "context"], env=env, check=True, timeout=30)

            def editor() -> list[int]:
                return [
                    w
                    for w in desktop.windows_of(app.pid, env, visible=True)
                    if desktop.window_name(w, env).startswith("New entry")
                ]

            shown = desktop.wait_for(editor, timeout=30)
            assert shown, desktop.window_tree(env) + desktop.stop(app)
            desktop.screenshot(tmp_path / "editor.png", env)
            received = [n for n in desktop.notifications(env) if n["appname"] == "Rapport"]
            assert {n["summary"] for n in received} == expected, received
            subprocess.run(
                ["xdotool", "windowactivate", "--sync", str(shown[0])], env=env, timeout=30
            )
            subprocess.run(
                ["xdotool", "type", "--delay", "20", "Good coffee."], env=env, timeout=60
            )
            subprocess.run(["xdotool", "key", "ctrl+Return"], env=env, timeout=30)
            assert desktop.wait_for(lambda: not editor(), timeout=30), "the editor stayed open"
        finally:
            errors = desktop.stop(app)
        assert "Traceback" not in errors, errors
        entries = json.loads(_core(_READ, env, str(folder)))
        assert entries == [
            {
                "title": "Coffee with Kwame",
                "place": "Monmouth",
                "at": coffee.replace(tzinfo=None).isoformat(),
                "people": ["Kwame Mensah"],
                "body": "Good coffee.",
            }
        ]

"""`journal calendar`, `journal meetings`, `journal brief` and `journal today`, run as real
processes on a calendar written around the real clock (the CLI has no fixed clock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

PASS = "meetings cli passphrase"
ZONE = "Europe/London"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "TZ": ZONE,
    }
    return subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(data_dir), *args, "--passphrase-stdin"]
        if args and args[0] != "init"
        else [sys.executable, "-m", "journal", "--data-dir", str(data_dir), *args],
        input=PASS + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None)


@pytest.fixture
def setup(tmp_path):
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    soon, ended = now + timedelta(minutes=40), now - timedelta(hours=2)
    cal = tmp_path / "work.ics"
    cal.write_text(
        "\r\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Rapport test//EN",
                "BEGIN:VEVENT",
                "UID:lunch@test",
                f"DTSTART:{utc(soon)}",
                f"DTEND:{utc(soon + timedelta(hours=1))}",
                "SUMMARY:Lunch with Kwame",
                "LOCATION:Dishoom",
                "ORGANIZER:mailto:me@example.org",
                "ATTENDEE;CN=Kwame Mensah;PARTSTAT=ACCEPTED:mailto:Kwame@Example.org",
                "END:VEVENT",
                "BEGIN:VEVENT",
                "UID:review@test",
                f"DTSTART:{utc(ended - timedelta(hours=1))}",
                f"DTEND:{utc(ended)}",
                "SUMMARY:Design review",
                "ATTENDEE;PARTSTAT=ACCEPTED:mailto:kwame@example.org",
                "ATTENDEE;CN=Jo Baker:mailto:jo@elsewhere.example",
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        )
    )
    card = tmp_path / "kwame.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kwame Mensah\r\nN:Mensah;Kwame;;;\r\n"
        "EMAIL:kwame@example.org\r\nORG:Leeds Trust\r\nEND:VCARD\r\n"
    )
    data = tmp_path / "j"
    assert run(data, "init", "--passphrase-stdin").returncode == 0
    assert run(data, "import", str(card)).returncode == 0
    return data, cal, soon, ended


def test_calendar_add_list_me_remove(setup, tmp_path):
    data, cal, _, _ = setup
    added = run(data, "calendar", "add", str(cal))
    assert added.returncode == 0, added.stderr
    assert f"Reading meetings from {cal}." in added.stdout
    assert "journal calendar me you@example.org" in added.stdout
    me = run(data, "calendar", "me", "Me@Example.org")
    assert "Your addresses: me@example.org" in me.stdout
    listed = run(data, "calendar", "list")
    assert str(cal) in listed.stdout and "me@example.org" in listed.stdout
    missing = run(data, "calendar", "add", str(tmp_path / "nope.ics"))
    assert missing.returncode != 0
    assert "There is no file or folder at" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert run(data, "calendar", "remove", str(cal)).returncode == 0
    assert "No calendars yet" in run(data, "calendar", "list").stdout


def test_meetings_lists_people_and_reflection(setup):
    data, cal, soon, _ = setup
    run(data, "calendar", "add", str(cal))
    run(data, "calendar", "me", "me@example.org")
    result = run(data, "meetings", "--json")
    assert result.returncode == 0, result.stderr
    rows = {m["title"]: m for m in json.loads(result.stdout)["meetings"]}
    assert rows["Lunch with Kwame"]["start"] == local(soon).isoformat(timespec="minutes")
    assert [p["name"] for p in rows["Lunch with Kwame"]["people"]] == ["Kwame Mensah"]
    assert rows["Design review"]["reflected"] is False
    assert [u["name"] for u in rows["Design review"]["unmatched"]] == ["Jo Baker"]
    text = run(data, "meetings").stdout
    assert "Design review  with Kwame Mensah  [not reflected yet]" in text
    assert "also: Jo Baker" in text


def test_today_lists_meetings_waiting_for_a_reflection(setup):
    data, cal, _, ended = setup
    run(data, "calendar", "add", str(cal))
    today = run(data, "today")
    assert today.returncode == 0, today.stderr
    assert "To reflect on" in today.stdout
    assert "How was design review with Kwame?" in today.stdout
    # Writing the entry that day clears it (at the meeting's start: "that day" is the
    # meeting's day, and an hour before the end can be yesterday just after midnight).
    at = local(ended - timedelta(hours=1)).isoformat(timespec="minutes")
    logged = run(data, "log", "--with", "Kwame Mensah", "--when", at, "Went well.")
    assert logged.returncode == 0, logged.stderr
    assert "To reflect on" not in run(data, "today").stdout


def test_brief_by_name_and_next(setup):
    data, cal, soon, _ = setup
    run(data, "calendar", "add", str(cal))
    by_name = run(data, "brief", "Kwame Mensah")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout.splitlines()[0] == "Kwame Mensah"
    upcoming = run(data, "brief", "--next", "--json")
    payload = json.loads(upcoming.stdout)
    assert payload["meeting"]["title"] == "Lunch with Kwame"
    assert [b["name"] for b in payload["briefs"]] == ["Kwame Mensah"]
    plain = run(data, "brief", "--next").stdout
    assert plain.startswith(f"Lunch with Kwame at {local(soon):%H:%M}")
    neither = run(data, "brief")
    assert neither.returncode == 2 and "Give a name, or --next" in neither.stderr


def test_a_name_match_is_asked_then_answered(setup):
    data, cal, _, _ = setup
    run(data, "calendar", "add", str(cal))
    assert run(data, "log", "--with", "Jo Baker", "Met at the conference").returncode == 0
    text = run(data, "meetings").stdout
    assert 'also: Jo Baker (is this Jo Baker? journal calendar same|different "Jo Baker")' in text
    answered = run(data, "calendar", "same", "Jo Baker")
    assert answered.stdout.strip() == "Jo Baker in your meetings is Jo Baker; remembered."
    assert "Design review  with Kwame Mensah, Jo Baker" in run(data, "meetings").stdout

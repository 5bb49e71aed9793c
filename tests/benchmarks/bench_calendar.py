"""Reading a large calendar: what a look costs the app while it runs.

A calendar of N events (a year of a busy person: 40 weekly series with exceptions and
~N single meetings, each with attendees), written as one .ics file like an export. It
reports the first read (parse + expand the sync window, 3 weeks), a look when nothing
changed (the reader's mtime/size check: no parse), and a whole ``meetings.sync`` into a
journal of people whose addresses match. A report, not a test: nothing fails on a number.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from journal.core.calendar import meetings
from journal.core.calendar.reading import CalendarReader
from journal.core.journal import Journal
from journal.core.keys import KdfParams
from journal.core.model import Channel, ChannelKind, Person
from journal.core.paths import JournalPaths
from tests.benchmarks.common import clock

SIZES = (1_000, 10_000)


def calendar_text(singles: int) -> str:
    start = datetime(2026, 1, 5, 9, 0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rapport bench//EN"]
    for i in range(40):
        first = start + timedelta(days=i % 5, hours=i % 8)
        lines += [
            "BEGIN:VEVENT",
            f"UID:series-{i}@bench",
            f"DTSTART;TZID=Europe/Berlin:{first:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Berlin:{first + timedelta(minutes=30):%Y%m%dT%H%M%S}",
            "RRULE:FREQ=WEEKLY",
            f"EXDATE;TZID=Europe/Berlin:{first + timedelta(weeks=10):%Y%m%dT%H%M%S}",
            f"SUMMARY:Weekly {i}",
            f"ATTENDEE;CN=Person {i}:mailto:person{i}@example.org",
            "END:VEVENT",
        ]
    for i in range(singles):
        at = start + timedelta(hours=7 * i)
        lines += [
            "BEGIN:VEVENT",
            f"UID:single-{i}@bench",
            f"DTSTART:{at:%Y%m%dT%H%M%S}Z",
            f"DTEND:{at + timedelta(hours=1):%Y%m%dT%H%M%S}Z",
            f"SUMMARY:Meeting {i}",
            f"ATTENDEE;CN=Person {i % 300}:mailto:person{i % 300}@example.org",
            f"ATTENDEE;CN=Guest {i}:mailto:guest{i}@elsewhere.example",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def run() -> str:
    """The report, as tests/benchmarks/run_all.py collects it (one table)."""
    zone = ZoneInfo("Europe/London")
    now = datetime(2026, 6, 10, 9, 0)
    out = [
        "## Calendar files: reading and syncing meetings",
        "",
        "| events | file | first read | look, unchanged | sync into journal |",
        "|---:|---:|---:|---:|---:|",
    ]
    for singles in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "calendar.ics"
            path.write_text(calendar_text(singles))
            reader = CalendarReader([path], zone=zone)
            window = (now - meetings.SYNC_BACK, now + meetings.SYNC_AHEAD)
            t0 = time.perf_counter()
            found = reader.events(*window)
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            reader.events(*window)
            again = time.perf_counter() - t0
            journal = Journal.create(
                JournalPaths(Path(folder) / "j"),
                "bench",
                kdf=KdfParams.fresh(n=2**10),
                clock=clock(),
            )
            journal.add_people(
                [
                    Person(
                        name=f"Person {i}",
                        channels=[Channel(ChannelKind.EMAIL, f"person{i}@example.org")],
                    )
                    for i in range(300)
                ]
            )
            fresh = CalendarReader([path], zone=zone)
            t0 = time.perf_counter()
            meetings.sync(journal, fresh, now=now)
            synced = time.perf_counter() - t0
            t0 = time.perf_counter()
            meetings.sync(journal, fresh, now=now)
            resynced = time.perf_counter() - t0
            journal.close()
            size = path.stat().st_size // 1024
            out.append(
                f"| {singles + 40:,} ({len(found)} in window) | {size:,} KiB | "
                f"{first * 1000:.0f} ms | {again * 1000:.0f} ms | "
                f"{synced * 1000:.0f} ms (again: {resynced * 1000:.0f} ms) |"
            )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(run())

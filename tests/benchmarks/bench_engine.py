"""The reminder engine on the 10k people / 100k entries journal: today's check-ins
(target: p95 under 20 ms, issue 13), asked again (remembered until the journal changes)
and worked out afresh, the upcoming 90 days, the People list's due filter, a person
page's next check-in and the Today page logging its list as shown again. A report, not
a test: nothing here fails on a number.

Journals open as the app opens them (SQLCipher memory security on). Wall times on a
shared machine swing with its load, so CPU time (this process, user + system) is shown
too, and today is also timed with a 64 MB page cache to show what SQLite's default 8 MB
costs on a 100 MB journal.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal.core import engine
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.benchmarks.common import (
    PASSPHRASE,
    big_journal_paths,
    clock,
    repeats,
    summary,
    table,
    timed,
)


def cpu(fn: Callable[[], object], repeat: int) -> str:
    values = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        values.append((time.process_time() - start) * 1000)
    return f"cpu p50 {statistics.median(values):7.2f} ms   min {min(values):7.2f} ms"


def _afresh(ask: Callable[[Journal], object], journal: Journal) -> object:
    """Ask without the answer remembered from the last call: what the first call after
    any change costs (a contact logged, a suggestion acted on, a new day)."""
    engine._MEMOS.clear()
    return ask(journal)


def _statements(journal: Journal) -> int:
    """How many SQL statements a fresh today runs: under memory security each costs tens
    of microseconds before its first row, so the count is what to watch. Only counted:
    the traced text (with its bound values) is never kept."""
    count = [0]

    def seen(_sql: str) -> None:
        count[0] += 1

    conn: Any = journal.store.conn  # sqlcipher3's own class (the typed one has no tracing)
    conn.set_trace_callback(seen)
    try:
        _afresh(engine.today, journal)
    finally:
        conn.set_trace_callback(None)
    return count[0]


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-engine-"))
    try:
        paths = JournalPaths(work / "journal")
        shutil.copytree(source.root, paths.root)
        journal = Journal.open(paths, PASSPHRASE, clock=clock())  # migrates once
        rows = []
        start = time.perf_counter()
        suggestions = engine.today(journal)
        rows.append(
            ("today, first call after opening", f"{(time.perf_counter() - start) * 1000:8.2f} ms")
        )
        rows.append(
            (
                "today (10k people, 100k entries)",
                summary(timed(lambda: engine.today(journal), repeats(30, 5))),
            )
        )
        rows.append(("", cpu(lambda: engine.today(journal), repeats(30, 5))))
        rows.append(
            (
                "today, worked out again (as after a change)",
                summary(timed(lambda: _afresh(engine.today, journal), repeats(30, 5))),
            )
        )
        rows.append(("", cpu(lambda: _afresh(engine.today, journal), repeats(30, 5))))
        rows.append(("  SQL statements, worked out again", str(_statements(journal))))
        rows.append(
            (
                "  suggestions (capped + always shown)",
                f"{sum(s.capped for s in suggestions)} + {sum(not s.capped for s in suggestions)}",
            )
        )
        engine.due_person_ids(journal)  # the day's first: worked out (timed below, afresh)
        rows.append(
            (
                "due filter (everyone due today)",
                summary(timed(lambda: engine.due_person_ids(journal), repeats(10, 3))),
            )
        )
        rows.append(
            (
                "due filter, worked out again",
                summary(timed(lambda: _afresh(engine.due_person_ids, journal), repeats(10, 3))),
            )
        )
        rows.append(("", cpu(lambda: _afresh(engine.due_person_ids, journal), repeats(10, 3))))
        due = engine.due_person_ids(journal)
        rows.append(("  people due", str(len(due))))
        someone = next(iter(sorted(due)))
        rows.append(
            (
                "next check-in, one person",
                summary(timed(lambda: engine.next_check_in(journal, someone), repeats(20, 5))),
            )
        )
        plan: list = []
        rows.append(
            (
                "upcoming 90 days",
                summary(timed(lambda: plan.extend(engine.upcoming(journal, days=90)), 3)),
            )
        )
        rows.append(("", cpu(lambda: engine.upcoming(journal, days=90), 2)))
        rows.append(("  suggestions planned over 90 days", str(len(plan) // 3)))
        journal.store.query("PRAGMA cache_size = -65536")
        engine.today(journal)
        rows.append(
            (
                "today with a 64 MB page cache",
                summary(timed(lambda: engine.today(journal), repeats(30, 5))),
            )
        )
        journal.store.query("PRAGMA cache_size = -8000")
        settings = journal.settings()
        settings.learn_cadence = True
        journal.save_settings(settings)
        start = time.perf_counter()
        engine.today(journal)
        rows.append(
            (
                "learning cadences: first today (learns 9k)",
                f"{(time.perf_counter() - start) * 1000:8.2f} ms",
            )
        )
        engine.today(journal)  # learned cadences are written first: worked out once more
        rows.append(
            (
                "learning cadences: today",
                summary(timed(lambda: engine.today(journal), repeats(10, 3))),
            )
        )
        rows.append(("", cpu(lambda: engine.today(journal), repeats(10, 3))))
        rows.append(
            (
                "learning cadences: today, worked out again",
                summary(timed(lambda: _afresh(engine.today, journal), repeats(10, 3))),
            )
        )
        rows.append(("", cpu(lambda: _afresh(engine.today, journal), repeats(10, 3))))
        shown = engine.today(journal)
        engine.mark_shown(journal, shown)  # the page's first showing logs it
        rows.append(
            (
                "today's list shown again (logged already)",
                summary(timed(lambda: engine.mark_shown(journal, shown), repeats(30, 5))),
            )
        )
        rows.append(("", cpu(lambda: engine.mark_shown(journal, shown), repeats(30, 5))))
        journal.close()
        return table("Reminder engine (10,000 people, 100,000 entries)", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())

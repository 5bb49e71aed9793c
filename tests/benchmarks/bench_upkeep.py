"""The daily upkeep on the 10k people / 100k entries journal: what the automatic backup
costs, and whether the app stays responsive while it runs.

The backup copies the database through a connection of its own (one WAL snapshot), so
the journal's connection stays free: search-as-you-type and a save on the GUI's side
are timed alone and again while a backup runs on another thread (as the app's upkeep
worker does). Then ``maintenance.run_daily`` as the app calls it after unlocking (the
backup plus the index tidy), and a second call the same day (which does nothing).
A report, not a test: nothing here fails on a number.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from journal.core import backup, maintenance, opening, search
from journal.core.journal import Journal
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from tests.benchmarks.common import PASSPHRASE, big_journal_paths, clock, percentile, table

QUERIES = ("an", "kof", "lisbon", "coffee", "bakery", "mentor", "pitch", "harbour")


def _latencies(
    journal: Journal, until: threading.Event | None, rounds: int = 6
) -> tuple[list[float], list[float]]:
    """Search and save timings; with ``until``, keep going while it is unset."""
    searches, saves = [], []
    person = journal.query_people()[0].id
    n = 0
    while True:
        for query in QUERIES:
            start = time.perf_counter()
            search.search(journal, query, limit=20)
            searches.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        entry = journal.add_entry(
            Entry(occurred_at=datetime(2026, 11, 24, 9), body="note", people=[person])
        )
        saves.append((time.perf_counter() - start) * 1000)
        journal.delete_entry(entry.id)
        n += 1
        if (until is None and n >= rounds) or (until is not None and until.is_set()):
            return searches, saves


def _fmt(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):7.1f} ms  p95 {percentile(values, 95):7.1f} ms  "
        f"max {max(values):7.1f} ms  n={len(values)}"
    )


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-upkeep-"))
    try:
        paths = JournalPaths(work / "journal")
        shutil.copytree(source.root, paths.root, ignore=shutil.ignore_patterns("backups"))
        journal = Journal.open(paths, PASSPHRASE, clock=clock())
        try:
            size = paths.db.stat().st_size / 2**20
            rows = [("journal size", f"{size:,.0f} MB")]
            idle_search, idle_save = _latencies(journal, None)
            rows += [
                ("search, nothing else running", _fmt(idle_search)),
                ("save an entry, nothing else running", _fmt(idle_save)),
            ]

            done = threading.Event()
            took: list[float] = []

            def back_up() -> None:
                start = time.perf_counter()
                backup.backup(journal, work / "one.rapport-backup")
                took.append(time.perf_counter() - start)
                done.set()

            worker = threading.Thread(target=back_up)
            worker.start()
            busy_search, busy_save = _latencies(journal, done)
            worker.join()
            rows += [
                ("backup (copy + pack + fsync)", f"{took[0]:.1f} s"),
                ("search while the backup runs", _fmt(busy_search)),
                ("save an entry while the backup runs", _fmt(busy_save)),
            ]

            # For contrast: the same copy through the journal's own connection (what
            # backups did before), which holds it for the whole copy.
            done.clear()

            def copy_on_own_connection() -> None:
                key = journal.copy_key()
                try:
                    opening.copy_database(journal.store, work / "held.db", key)
                finally:
                    key.wipe()
                done.set()

            worker = threading.Thread(target=copy_on_own_connection)
            worker.start()
            held_search, _held_save = _latencies(journal, done)
            worker.join()
            rows.append(("search while a copy holds the journal's connection", _fmt(held_search)))

            start = time.perf_counter()
            report = maintenance.run_daily(journal)
            rows.append(
                (
                    "run_daily after unlocking (backup + index tidy)",
                    f"{time.perf_counter() - start:.1f} s, {report.index_steps} merge "
                    f"steps, ok={report.ok}",
                )
            )
            start = time.perf_counter()
            maintenance.run_daily(journal)
            rows.append(
                ("run_daily again the same day", f"{(time.perf_counter() - start) * 1000:.2f} ms")
            )
        finally:
            journal.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return table("Daily upkeep on the 10k/100k journal", rows)


if __name__ == "__main__":
    print(run())

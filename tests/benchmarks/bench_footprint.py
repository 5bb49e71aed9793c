"""Footprint, small sample journal against 10k people / 100k entries: journal.db beside its
JSON export, the search index beside the text it indexes, and the wall time of
``journal today`` (a new process, passphrase on standard input) on each: its week's first
run apart, since that one works out the week's introduction. A report, not a
test: nothing here fails on a number.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from journal.core.interop import exporting
from journal.core.journal import Journal
from journal.core.paths import JournalPaths
from tests.benchmarks.common import (
    PASSPHRASE,
    SMALL,
    big_journal_paths,
    clock,
    repeats,
    small_journal_paths,
    table,
)

ROOT = Path(__file__).resolve().parents[2]

_INDEXED_TEXT = {
    "people": "name, preferred_name, organisation, role, field, location, met_how, notes",
    "facets": "text, detail",
    "entries": "title, body, place",
}


def _sizes(journal: Journal, work: Path) -> dict[str, float]:
    conn = journal.store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index = 0
    for fts in ("people_fts", "facets_fts", "entries_fts"):
        index += conn.execute(f"SELECT coalesce(sum(length(block)), 0) FROM {fts}_data").fetchone()[
            0
        ]
        index += conn.execute(f"SELECT coalesce(sum(length(sz)), 0) FROM {fts}_docsize").fetchone()[
            0
        ]
    text = 0
    for base, columns in _INDEXED_TEXT.items():
        total = " + ".join(f"length({c})" for c in columns.split(", "))
        text += conn.execute(f"SELECT coalesce(sum({total}), 0) FROM {base}").fetchone()[0]
    out = work / "journal.json"
    exporting.export_journal(journal, "json", out)
    return {
        "db": journal.paths.db.stat().st_size,
        "json": out.stat().st_size,
        "index": index,
        "text": text,
    }


def _today_seconds(paths: JournalPaths, runs: int) -> tuple[float, float]:
    """The week's first run (it works out the week's introduction: every need matched
    against every offer), then the median of ``runs`` runs after it."""
    times = []
    for _ in range(1 + runs):
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "journal",
                "--data-dir",
                str(paths.root),
                "--passphrase-stdin",
                "today",
            ],
            input=PASSPHRASE + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=_env(),
        )
        if done.returncode != 0:
            raise RuntimeError(f"journal today failed: {done.stderr[-2000:]}")
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def _env() -> dict[str, str]:
    return dict(os.environ)


def _measure(source: JournalPaths, runs: int) -> tuple[dict[str, float], tuple[float, float]]:
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-footprint-"))
    try:
        paths = JournalPaths(work / "journal")
        shutil.copytree(source.root, paths.root, ignore=shutil.ignore_patterns("backups"))
        journal = Journal.open(paths, PASSPHRASE, clock=clock())
        try:
            sizes = _sizes(journal, work)
        finally:
            journal.close()
        # The copy on disk before timing: else the first run's checkpoint, which syncs
        # the file, also writes out the copy's 150 MB (300 ms at 10k, none in real use).
        os.sync()
        return sizes, _today_seconds(paths, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run() -> str:
    runs = repeats(3, 1)
    small, small_today = _measure(small_journal_paths(), runs)
    big, big_today = _measure(big_journal_paths(), runs)
    rows = []
    for label, s in ((f"{SMALL[0]} people / {SMALL[1]} entries", small), ("10k / 100k", big)):
        rows += [
            (
                f"journal.db, {label}",
                f"{s['db'] / 1e6:8.1f} MB   (JSON export {s['json'] / 1e6:.1f} MB: "
                f"{s['db'] / s['json']:.2f}x)",
            ),
            (
                f"  search index, {label}",
                f"{s['index'] / 1e6:8.1f} MB   (text it indexes {s['text'] / 1e6:.1f} MB: "
                f"{s['index'] / max(s['text'], 1):.2f}x)",
            ),
        ]
    for when, at in (("the week's first run", 0), (f"later runs (median of {runs})", 1)):
        rows += [
            (f"journal today, small, {when}", f"{small_today[at] * 1000:8.0f} ms"),
            (
                f"journal today, 10k/100k, {when}",
                f"{big_today[at] * 1000:8.0f} ms   ({big_today[at] / small_today[at]:.2f}x small)",
            ),
        ]
    return table("Footprint: journal size, search index, journal today", rows)


if __name__ == "__main__":
    print(run())

"""Search-as-you-type on the 10k people / 100k entries journal, encrypted and plaintext.

For 1-, 2- and 3-letter prefixes and whole words, the latency of ``search()`` (the one
the GUI calls at each keystroke, limit 20), wall clock and this thread's CPU time (the
machine is shared, so CPU time says what the search itself costs). Measured on the
index as the journal holds it (built row by row by the triggers, or by the migration),
then after ``tidy_index()``, alongside the same queries through the same code on a
plaintext copy of the same database (``sqlcipher_export``, opened without a key) made in this run, which shows what the encryption costs. For
contrast, a naive ranked FTS5 query (bm25, ``ORDER BY rank LIMIT 20``) on the entries.
A report, not a test: nothing here fails on a number.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import sqlcipher3

from journal.core import search
from journal.core.journal import Journal
from journal.core.store import Store
from tests.benchmarks.common import PASSPHRASE, big_journal_paths, clock, percentile, repeats, table

#: Words a person might look for in the sample journal: names, places, organisations,
#: and words from what was written (common and rare).
WORDS = (
    "ana",
    "kofi",
    "tomas",
    "chloe",
    "garcia",
    "fernandez",
    "okafor",
    "lisbon",
    "osaka",
    "bakery",
    "harbour",
    "sourdough",
    "climbing",
    "marathon",
    "documentary",
    "investors",
    "coffee",
    "launch",
    "grant",
    "pitch",
    "designer",
    "renovation",
    "mentor",
    "call",
    "talked",
    "promised",
    "supplier",
    "conference",
    "birding",
    "pottery",
)
REPEAT = 3


def _timed(fn: Callable[[], object], queries: Sequence[str]) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(repeats(REPEAT, 1)):
        for query in queries:
            start, start_cpu = time.perf_counter(), time.thread_time()
            fn(query)  # type: ignore[call-arg]
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _fmt(wall: list[float], cpu: list[float]) -> str:
    return (
        f"p50 {percentile(wall, 50):6.2f} ms  p95 {percentile(wall, 95):6.2f} ms   "
        f"(cpu p50 {percentile(cpu, 50):5.2f}  p95 {percentile(cpu, 95):5.2f})  "
        f"n={len(wall)}"
    )


def _plaintext_copy(journal: Journal, target: Path) -> SimpleNamespace:
    conn = journal.store.conn
    conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('plaintext')")
    finally:
        conn.execute("DETACH DATABASE plaintext")
    # Through SQLCipher's own SQLite without a key (a plaintext database): the standard
    # library's SQLite may be too old for the index's contentless-delete tables (3.43+).
    plain = sqlcipher3.connect(str(target), isolation_level=None, check_same_thread=False)
    plain.row_factory = sqlcipher3.Row
    plain.execute("PRAGMA cache_size = -32768")
    return SimpleNamespace(store=Store(plain, target))  # type: ignore[arg-type]


def _classes() -> list[tuple[str, list[str]]]:
    return [
        ("1 letter", sorted({w[:1] for w in WORDS})),
        ("2 letters", sorted({w[:2] for w in WORDS})),
        ("3 letters", sorted({w[:3] for w in WORDS})),
        ("whole word", list(WORDS)),
        ("two words", ["ana bak", "kofi coffee", "lisbon launch", "tomas gr", "garcia pot"]),
    ]


def _keystrokes(word: str) -> list[str]:
    return [word[:n] for n in range(1, len(word) + 1)]


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-search-"))
    rows: list[tuple[str, str]] = []
    try:
        shutil.copytree(source.root, work / "journal")
        start = time.perf_counter()
        journal = Journal.open(type(source)(work / "journal"), PASSPHRASE, clock=clock())
        rows.append(
            (
                "open (+ migrations if the cached journal is older)",
                f"{time.perf_counter() - start:6.1f} s",
            )
        )
        for name, queries in _classes():
            wall, cpu = _timed(lambda q: search.search(journal, q), queries)
            rows.append((f"{name:10s} SQLCipher, index as built", _fmt(wall, cpu)))
        start = time.perf_counter()
        steps = search.tidy_index(journal, pages=2000)
        rows.append(
            (
                "tidy_index() (short transactions, as the app's daily upkeep)",
                f"{time.perf_counter() - start:6.1f} s in {steps} steps",
            )
        )
        plain = _plaintext_copy(journal, work / "plaintext.db")
        targets = (("SQLCipher", journal), ("plaintext", plain))
        for _label, target in targets:  # warm both page caches the same way
            for query in WORDS:
                search.search(target, query)
        for name, queries in _classes():
            for label, target in targets:
                wall, cpu = _timed(lambda q, t=target: search.search(t, q), queries)
                rows.append((f"{name:10s} {label}, tidied", _fmt(wall, cpu)))
        typing = [k for w in ("sourdough", "fernandez", "documentary") for k in _keystrokes(w)]
        for label, target in targets:
            wall, cpu = _timed(lambda q, t=target: search.search(t, q), typing)
            rows.append((f"typing 3 words, each keystroke, {label}", _fmt(wall, cpu)))
        filters = search.SearchFilters(circle="inner")
        wall, cpu = _timed(
            lambda q: search.search(journal, q, filters), sorted({w[:2] for w in WORDS})
        )
        rows.append(("2 letters, circle filter, SQLCipher", _fmt(wall, cpu)))
        month = search.SearchFilters(since=date(2026, 6, 1), until=date(2026, 6, 30))
        wall, cpu = _timed(
            lambda q: search.search(journal, q, month), sorted({w[:2] for w in WORDS})
        )
        rows.append(("2 letters, a month's dates, SQLCipher", _fmt(wall, cpu)))
        naive = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rank LIMIT 20"
        conn = journal.store.conn
        wall, cpu = [], []
        for query in ("a", "c", "s", "co", "ba", "sou"):
            started, started_cpu = time.perf_counter(), time.thread_time()
            conn.execute(naive, (f'"{query}"*',)).fetchall()
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        rows.append(("naive bm25 ORDER BY rank, entries only (contrast)", _fmt(wall, cpu)))
        size = (work / "journal" / "journal.db").stat().st_size / 1e6
        rows.append(("database size with the index", f"{size:6.1f} MB"))
        plain.store.close()
        journal.close()
        return table("Search as you type (10,000 people, 100,000 entries; limit 20)", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())

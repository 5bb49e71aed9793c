"""Sync: setting it up on a large journal, the first sync of that journal to a new
computer (a join), and a sync of 100 changes into it (export on one computer, import on
the other). A report, not a test: nothing here fails on a number.

``python -m tests.benchmarks.bench_sync [PEOPLE ENTRIES]`` (default: the 10k/100k
sample journal; a smaller size where building that one takes too long).

Measured 2026-12-06 on the shared 2-core machine (10k/100k, 311 MB folder after setup):
setup 16 s, join 12 s, export of 150 changes 0.19 s, their import 2.4 s. The import's
time is mostly the journal's own triggers per row (search index, last contact), which a
local edit pays too; memory wiping (cipher_memory_security) is on, as in the app.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from journal.core.sync import engine
from tests.benchmarks.common import BIG, PASSPHRASE, big_journal_paths, clock, table
from tests.support.keyrings import MemoryKeyring


def _seconds(start: float) -> str:
    return f"{time.perf_counter() - start:.2f} s"


def run(people: int = BIG[0], entries: int = BIG[1]) -> str:
    source = big_journal_paths(people, entries)
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-sync-"))
    try:
        paths = JournalPaths(work / "first")
        shutil.copytree(source.root, paths.root)
        folder = work / "Sync"
        folder.mkdir()
        keychain = Keychain(MemoryKeyring())
        first = Journal.open(paths, PASSPHRASE, keychain=keychain, clock=clock())
        rows: list[tuple[str, str]] = []
        start = time.perf_counter()
        engine.enable(first, folder)
        rows.append(("set up sync (manifest and snapshot written)", _seconds(start)))
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
        rows.append(("sync folder after setup", f"{size:.1f} MB"))
        start = time.perf_counter()
        second = engine.join(
            JournalPaths(work / "second"), folder, PASSPHRASE, keychain=keychain, clock=clock()
        )
        rows.append(("first sync to a new computer (join, passphrase included)", _seconds(start)))
        people_ids = [p.id for p in first.query_people()[:50]]
        for i, person_id in enumerate(people_ids):
            first.add_entry(
                Entry(
                    occurred_at=datetime(2026, 11, 24, 10),
                    body=f"Benchmark entry {i}",
                    people=[person_id],
                )
            )
            person = first.person(person_id)
            person.notes = f"{person.notes} benchmark {i}".strip()
            first.save_person(person)
        start = time.perf_counter()
        sent = engine.sync_now(first).sent
        rows.append((f"export {sent} changes (100 edits)", _seconds(start)))
        start = time.perf_counter()
        result = engine.sync_now(second)
        rows.append(("import them into the other computer's journal", _seconds(start)))
        assert result.received, "the changes arrived"
        first.close()
        second.close()
        return table(f"Sync ({people:,} people, {entries:,} entries)", rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(run(int(sys.argv[1]), int(sys.argv[2])))
    else:
        print(run())

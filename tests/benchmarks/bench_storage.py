"""Storage: time to open the 10k/100k journal with the keychain's key, time to insert
one entry, database size. A report, not a test: nothing here fails on a number."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from journal.core.journal import Journal
from journal.core.keychain import Keychain
from journal.core.model import Entry
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
from tests.support.keyrings import MemoryKeyring


def run() -> str:
    source = big_journal_paths()
    work = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    try:
        paths = JournalPaths(work / "journal")
        shutil.copytree(source.root, paths.root)
        keychain = Keychain(MemoryKeyring())
        journal = Journal.open(paths, PASSPHRASE, keychain=keychain, clock=clock(), remember=True)
        journal.close()
        open_times = timed(
            lambda: Journal.open(paths, None, keychain=keychain).close(), repeats(10, 3)
        )
        passphrase_times = timed(lambda: Journal.open(paths, PASSPHRASE).close(), 3)
        journal = Journal.open(paths, None, keychain=keychain, clock=clock())
        person = journal.query_people()[0]
        insert_times = timed(
            lambda: journal.add_entry(
                Entry(
                    occurred_at=datetime(2026, 11, 24, 10),
                    body="Benchmark entry",
                    people=[person.id],
                )
            ),
            repeats(50, 10),
        )
        journal.close()
        size = paths.db.stat().st_size / 1e6
        return table(
            "Storage (10,000 people, 100,000 entries)",
            [
                ("open with the keychain's key", summary(open_times)),
                ("open with the passphrase (scrypt)", summary(passphrase_times)),
                ("insert one entry (one transaction)", summary(insert_times)),
                ("database size", f"{size:.1f} MB"),
            ],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run())

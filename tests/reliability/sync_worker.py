"""A process that writes and syncs a journal until it is killed (test_sync_kills.py).

Reads the journal key (hex) on standard input; prints ``ready``, then each entry's body
only after the transaction that wrote it committed, and ``synced`` after each sync.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from journal.core import store
from journal.core.journal import Journal
from journal.core.keys import Key
from journal.core.model import Entry
from journal.core.paths import JournalPaths
from journal.core.sync import engine


def main() -> None:
    store.MEMORY_SECURITY = False
    root, role, prefix = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    key = Key.from_hex(sys.stdin.readline())
    journal = Journal.open_with_key(JournalPaths(root), key)
    print("ready", flush=True)
    n = 0
    while True:
        if role == "write":
            n += 1
            body = f"{prefix}{n:05d}"
            journal.add_entry(Entry(occurred_at=datetime(2026, 11, 20, 10), body=body))
            print(f"wrote {body}", flush=True)
            if n % 3 == 0:
                engine.sync_now(journal)
                print("synced", flush=True)
        else:
            engine.sync_now(journal)
            print("synced", flush=True)


if __name__ == "__main__":
    main()

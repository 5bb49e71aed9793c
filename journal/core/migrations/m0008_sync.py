"""Schema 8: one journal on two computers, synced through a folder (see ``core/sync``).

- ``sync_state``: one row; ``capture`` is 1 while changes are noted for other computers
  (sync is set up and nothing from another computer is being applied).
- ``sync_outbox``: local changes not yet exported, as the capture triggers note them.
- ``sync_config``: this machine's sync settings (folder, replica id, clock, how far each
  other computer's files were applied). Machine-local: never synced.
- ``sync_rows``: per synced row, the stamp of each field's current value, and for a
  deleted row its last values and the stamps the deleting computer had seen, so an
  edit made meanwhile on another computer brings it back instead of being lost.
- ``sync_history``: values replaced or refused when two computers edited the same field
  (and rows kept because one was edited while the other deleted it): the user sees them
  and can put one back.
- ``sync_files``: change files already applied, by name, so a file is read once.
- ``sync_log``: what came in at each sync, from which computer.
- ``person_redirects``: merged people, so that a change made on another computer to a
  person merged here lands on the person they were merged into. Synced like data.
"""

from typing import Any

SQL = """
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    capture INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id, capture) VALUES (1, 0);

CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    old TEXT,
    wall INTEGER NOT NULL
);

CREATE TABLE sync_config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_rows (
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    clocks TEXT NOT NULL DEFAULT '{}',
    deleted TEXT,
    tomb TEXT,
    PRIMARY KEY (tbl, pk)
) WITHOUT ROWID;

CREATE TABLE sync_history (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    col TEXT NOT NULL,
    value TEXT,
    stamp TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('replaced', 'refused', 'kept')),
    computer TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX sync_history_row ON sync_history (tbl, pk);

CREATE TABLE sync_files (
    name TEXT PRIMARY KEY,
    replica TEXT NOT NULL,
    n INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    computer TEXT NOT NULL,
    summary TEXT NOT NULL
);

CREATE TABLE person_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


def apply(conn: Any) -> None:
    from journal.core.sync.capture import ensure_triggers

    ensure_triggers(conn)

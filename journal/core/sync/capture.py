"""Which rows a sync carries, and the triggers that note each change to them.

Changes are captured where every write ends up, in the database: there is no single
layer of operations to hook yet, and a trigger cannot be forgotten by a feature added
next month. A trigger only notes *which* row changed (its table and key), when (the
wall clock, for the hybrid clock), and the row as it was before the first change since
the last export; the sync layer reads the row's current values when it exports. That
keeps each trigger to one small insert, and a column added by a later migration is
carried without rewriting anything here (``ensure_triggers`` rebuilds the triggers when
the columns change).

Nothing is noted while sync is off (``sync_state.capture`` is 0: a journal that never
syncs keeps no change log) or while changes from another computer are being applied
(the sync layer sets ``capture`` to 0 inside the applying transaction), so imported
changes are never sent back out as this computer's own.

The undo log (``core/operations.py``) reads the same notes to learn what an operation
changed: while sync is off it switches ``capture`` on for the operation's transaction
and takes its notes out again before the commit.
"""

from __future__ import annotations

from journal.core.store import Connection

#: The tables that hold what the user wrote, in the order parents come before children.
#: Not synced: drafts (a half-typed entry belongs to its window), the engine's
#: suggestion log (numbered rows, a per-machine diary of what was shown), meetings read
#: from each machine's own calendar files, the search index (rebuilt by its triggers)
#: and the sync layer's own tables.
SYNCED_TABLES: tuple[str, ...] = (
    "people",
    "entries",
    "person_network_kinds",
    "person_tags",
    "channels",
    "entry_people",
    "facets",
    "follow_ups",
    "ledger",
    "person_links",
    "duplicate_dismissals",
    "reminder_state",
    "proposals",
    "trash",
    "settings",
    "person_redirects",
)

#: Columns that each machine derives for itself (triggers keep them): never carried.
DERIVED_COLUMNS: dict[str, frozenset[str]] = {"people": frozenset({"last_contact_at"})}

#: Settings that describe this machine, not the journal: which calendar files it reads
#: (paths on this computer), its daily upkeep and what its tray said today.
LOCAL_SETTING_PREFIXES: tuple[str, ...] = (
    "sync.",
    "window.",
    "local.",
    "calendar",
    "maintenance.",
    "delivery.",
)


def is_local_setting(key: object) -> bool:
    return isinstance(key, str) and key.startswith(LOCAL_SETTING_PREFIXES)


_WALL = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_ON = "(SELECT capture FROM sync_state WHERE id = 1) = 1"


def columns(conn: Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def key_columns(conn: Connection, table: str) -> list[str]:
    info = [(r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5]]
    return [name for _, name in sorted(info)]


def existing_tables(conn: Connection) -> list[str]:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in SYNCED_TABLES if t in present]


def _filter(table: str, ref: str) -> str:
    if table != "settings":
        return ""
    return "".join(f" AND {ref}.key NOT LIKE '{p}%'" for p in LOCAL_SETTING_PREFIXES)


def trigger_sql(conn: Connection, table: str) -> dict[str, str]:
    """The three triggers for ``table``, by name."""
    cols = columns(conn, table)
    keys = key_columns(conn, table)
    new_key = "json_array(" + ", ".join(f'NEW."{k}"' for k in keys) + ")"
    old_key = "json_array(" + ", ".join(f'OLD."{k}"' for k in keys) + ")"
    old_row = "json_object(" + ", ".join(f"'{c}', OLD.\"{c}\"" for c in cols) + ")"
    outbox = "INSERT INTO sync_outbox (tbl, pk, old, wall) VALUES"
    return {
        f"sync_{table}_insert": (
            f'CREATE TRIGGER sync_{table}_insert AFTER INSERT ON "{table}" '
            f"WHEN {_ON}{_filter(table, 'NEW')} BEGIN "
            f"{outbox} ('{table}', {new_key}, NULL, {_WALL}); END"
        ),
        f"sync_{table}_update": (
            f'CREATE TRIGGER sync_{table}_update AFTER UPDATE ON "{table}" '
            f"WHEN {_ON}{_filter(table, 'NEW')} BEGIN "
            f"{outbox} ('{table}', {old_key}, {old_row}, {_WALL}); "
            f"INSERT INTO sync_outbox (tbl, pk, old, wall) SELECT '{table}', {new_key}, NULL, "
            f"{_WALL} WHERE {new_key} IS NOT {old_key}; END"
        ),
        f"sync_{table}_delete": (
            f'CREATE TRIGGER sync_{table}_delete AFTER DELETE ON "{table}" '
            f"WHEN {_ON}{_filter(table, 'OLD')} BEGIN "
            f"{outbox} ('{table}', {old_key}, {old_row}, {_WALL}); END"
        ),
    }


def ensure_triggers(conn: Connection) -> None:
    """Create or rebuild the capture triggers so they name every current column.

    Cheap when nothing changed (one read of sqlite_master); run inside a transaction.
    """
    present = {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' "
            "ESCAPE '\\'"
        )
    }
    for table in existing_tables(conn):
        for name, sql in trigger_sql(conn, table).items():
            if present.get(name) == sql:
                continue
            if name in present:
                conn.execute(f"DROP TRIGGER {name}")
            conn.execute(sql)

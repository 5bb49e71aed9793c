"""A record of the row changes one action made, so that it can be undone exactly.

A merge or a bulk edit changes many rows across tables, some of them added later by
other features (the engine's reminder state, search...). Rather than each action
knowing how to reverse itself, it makes its changes through an ``UndoLog``, which
records each one as it goes (the row's key, each column's value before and after; the
key of an inserted row; a deleted row with everything its deletion took along), in a
JSON-friendly form that can live in the trash. ``revert`` replays the record backwards.

Reverting is careful with what happened since: a column is only put back if it still
holds the value the action gave it, and rows that can no longer go back (their other
side is gone) are left out rather than failing the whole undo.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlcipher3.dbapi2 import IntegrityError

from journal.core import trash
from journal.core.store import Connection, DatabaseError

log = logging.getLogger(__name__)

Op = list[Any]


def key_columns(conn: Connection, table: str) -> list[str]:
    """The columns that identify a row: its primary key, or (no key) all its columns."""
    info = list(conn.execute(f"PRAGMA table_info({table})"))
    pk = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
    return pk or [r["name"] for r in info]


class UndoLog:
    """Make changes on ``conn`` and remember how to reverse them (see ``ops``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.ops: list[Op] = []
        self._keys: dict[str, list[str]] = {}

    def key(self, table: str, row: Any) -> dict[str, Any]:
        if table not in self._keys:
            self._keys[table] = key_columns(self.conn, table)
        return {c: row[c] for c in self._keys[table]}

    def update(
        self, table: str, key: dict[str, Any], values: dict[str, Any], *, refusable: bool = False
    ) -> bool:
        """Set columns of one row.

        With ``refusable``, a constraint that refuses the change (a duplicate key, a
        check) returns False and changes nothing; otherwise it raises like any failure.
        """
        where, params = _where(key)
        row = self.conn.execute(f"SELECT * FROM {table} WHERE {where}", params).fetchone()
        if row is None:
            return True
        changed = {c: v for c, v in values.items() if row[c] != v}
        if not changed:
            return True
        sets = ", ".join(f"{c} = ?" for c in changed)
        self.conn.execute("SAVEPOINT undo_log_update")
        try:
            self.conn.execute(
                f"UPDATE {table} SET {sets} WHERE {where}", [*changed.values(), *params]
            )
        except IntegrityError:
            self.conn.execute("ROLLBACK TO undo_log_update")
            self.conn.execute("RELEASE undo_log_update")
            if not refusable:
                raise
            return False
        self.conn.execute("RELEASE undo_log_update")
        new_key = {c: changed.get(c, v) for c, v in key.items()}
        self.ops.append(["update", table, new_key, {c: [row[c], v] for c, v in changed.items()}])
        return True

    def insert(self, table: str, row: dict[str, Any]) -> bool:
        """Insert a row unless an identical key is already there; True if inserted."""
        columns = ", ".join(row)
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        if cursor.rowcount != 1:
            return False
        self.ops.append(["insert", table, self.key(table, row)])
        return True

    def delete(self, table: str, key: dict[str, Any]) -> None:
        """Delete one row, remembering it and whatever its deletion cascades to."""
        rows, nulls = trash.collect_row(self.conn, table, key)
        if not rows:
            return
        where, params = _where(key)
        self.conn.execute(f"DELETE FROM {table} WHERE {where}", params)
        self.ops.append(["delete", rows, nulls])


def _where(key: dict[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"{c} IS ?" for c in key), list(key.values())


def revert(conn: Connection, ops: list[Op]) -> None:
    """Undo a recorded action, newest change first, inside the caller's transaction."""
    for op in reversed(ops):
        conn.execute("SAVEPOINT undo_log_revert")
        try:
            _revert_one(conn, op)
        except DatabaseError as exc:
            log.warning("could not undo one %s: %s", op[0], type(exc).__name__)
            conn.execute("ROLLBACK TO undo_log_revert")
        conn.execute("RELEASE undo_log_revert")


def _revert_one(conn: Connection, op: Op) -> None:
    kind = op[0]
    if kind == "update":
        _, table, key, changes = op
        # Columns outside the key first, each only if nobody changed it since; the key
        # columns last, as they are how the row is found.
        for column, (old, new) in changes.items():
            if column in key:
                continue
            where, params = _where(key)
            conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE {where} AND {column} IS ?",
                [old, *params, new],
            )
        moved = {c: old for c, (old, _new) in changes.items() if c in key}
        if moved:
            where, params = _where(key)
            sets = ", ".join(f"{c} = ?" for c in moved)
            conn.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*moved.values(), *params])
    elif kind == "insert":
        _, table, key = op
        where, params = _where(key)
        conn.execute(f"DELETE FROM {table} WHERE {where}", params)
    elif kind == "delete":
        _, rows, nulls = op
        trash.reinsert(conn, rows, nulls, strict_first=False)
    else:  # pragma: no cover - a newer Rapport's record
        log.warning("unknown undo step %r left as is", kind)

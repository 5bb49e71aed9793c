"""Applying another computer's changes so that every computer ends with the same journal.

The rules, each chosen so the result does not depend on the order files arrive in:

- Each field is a last-writer-wins register ordered by hybrid clock stamps (``hlc``).
  When an incoming value replaces a different local one that the other computer had
  not seen (its ``base`` stamp is not ours), the local value goes to ``sync_history``;
  when an incoming value loses, it goes there instead. Nothing typed is lost, and an
  entry's text in particular is never silently replaced: both versions stay, one in the
  entry and one in its history, and the sync says so.
- A delete carries the stamps the deleting computer had seen for the row. A row with a
  field edited since (a stamp the deleter had not seen) is kept, and a deleted row that
  receives such an edit comes back from its tombstone: a delete never wins over an edit
  it did not know about.
- Rows pointing at a deleted row are either deleted with it (the deleter sent those
  deletes too) or were added meanwhile elsewhere: those bring their parent back (the
  same rule, one level up). References that are set to NULL on delete are set to NULL.
- A person merged here into another (``person_redirects``) is a redirect: a change that
  names the merged-away person lands on the person they were merged into.

Applying runs with the capture triggers off, so nothing applied is sent back out.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from journal.core.store import Connection
from journal.core.sync.capture import SYNCED_TABLES, is_local_setting, key_columns

_CASCADING = {"CASCADE", "NO ACTION", "RESTRICT", "SET DEFAULT"}


@dataclass
class Report:
    """What one batch changed, for the sentence the user reads."""

    added: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    kept: int = 0

    def merge(self, other: Report) -> None:
        self.added.update(other.added)
        self.changed.update(other.changed)
        self.deleted.update(other.deleted)
        self.conflicts += other.conflicts
        self.kept += other.kept


def _where(keys: list[str]) -> str:
    return " AND ".join(f'"{k}" IS ?' for k in keys)


class Applier:
    """Applies change lists inside the caller's transaction (capture off, FKs off)."""

    def __init__(self, conn: Connection, computer: str, now: str) -> None:
        self.conn = conn
        self.computer = computer
        self.now = now
        self.report = Report()
        self._keys: dict[str, list[str]] = {}
        self._column_cache: dict[str, list[str]] = {}
        self._people_refs = _people_references(conn)
        #: Rows this batch put (or brought back) and deleted, by table, for ``settle``.
        self._put_rows: dict[str, list[dict[str, Any]]] = {}
        self._deleted_rows: dict[str, list[dict[str, Any]]] = {}

    # -- rows and their clocks ----------------------------------------------------------

    def keys(self, table: str) -> list[str]:
        if table not in self._keys:
            self._keys[table] = key_columns(self.conn, table)
        return self._keys[table]

    def _row(self, table: str, pk: list[Any]) -> dict[str, Any] | None:
        row = self.conn.execute(
            f'SELECT * FROM "{table}" WHERE {_where(self.keys(table))}', pk
        ).fetchone()
        return dict(row) if row is not None else None

    def _meta(self, table: str, pk_text: str) -> tuple[dict[str, str], str | None, Any]:
        row = self.conn.execute(
            "SELECT clocks, deleted, tomb FROM sync_rows WHERE tbl = ? AND pk = ?",
            (table, pk_text),
        ).fetchone()
        if row is None:
            return {}, None, None
        return json.loads(row[0]), row[1], json.loads(row[2]) if row[2] else None

    def _set_meta(
        self, table: str, pk_text: str, clocks: dict[str, str], deleted: str | None, tomb: Any
    ) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_rows (tbl, pk, clocks, deleted, tomb) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                table,
                pk_text,
                json.dumps(clocks, sort_keys=True),
                deleted,
                json.dumps(tomb) if tomb is not None else None,
            ),
        )

    def _history(
        self, table: str, pk_text: str, col: str, value: Any, stamp: str, kind: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO sync_history (tbl, pk, col, value, stamp, kind, computer, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (table, pk_text, col, json.dumps(value), stamp, kind, self.computer, self.now),
        )

    # -- redirects (merged people) ------------------------------------------------------

    def _redirect(self, person_id: Any) -> Any:
        seen = set()
        while isinstance(person_id, str) and person_id not in seen:
            seen.add(person_id)
            row = self.conn.execute(
                "SELECT new_id FROM person_redirects WHERE old_id = ?", (person_id,)
            ).fetchone()
            if row is None:
                break
            person_id = row[0]
        return person_id

    def _map_people(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        cols = self._people_refs.get(table, ())
        if not cols:
            return values
        return {c: (self._redirect(v) if c in cols else v) for c, v in values.items()}

    def _map_key(self, table: str, pk: list[Any]) -> list[Any]:
        cols = self._people_refs.get(table, ())
        if not cols:
            return pk
        return [
            self._redirect(v) if k in cols else v for k, v in zip(self.keys(table), pk, strict=True)
        ]

    def repoint(self, old_id: str, new_id: str) -> None:
        """Move every local reference from a merged-away person to the survivor (the
        same as the merging computer did; rows that would duplicate are dropped)."""
        new_id = self._redirect(new_id)
        for table, cols in self._people_refs.items():
            keys = self.keys(table)
            for col in cols:
                # Row by row, not UPDATE OR IGNORE: an OR clause would also apply to the
                # search index's triggers, whose INSERT OR REPLACE must stay a replace.
                rows = self.conn.execute(
                    f'SELECT * FROM "{table}" WHERE "{col}" = ?', (old_id,)
                ).fetchall()
                for row in rows:
                    key = [row[k] for k in keys]
                    self.conn.execute("SAVEPOINT sync_repoint")
                    try:
                        self.conn.execute(
                            f'UPDATE "{table}" SET "{col}" = ? WHERE {_where(keys)}', [new_id, *key]
                        )
                    except Exception:  # already on the survivor (a duplicate): dropped
                        self.conn.execute("ROLLBACK TO sync_repoint")
                        self.conn.execute(f'DELETE FROM "{table}" WHERE {_where(keys)}', key)
                    self.conn.execute("RELEASE sync_repoint")
                if rows:
                    self._put_rows.setdefault(table, []).append({col: new_id})

    # -- one change ---------------------------------------------------------------------

    def put(
        self, table: str, pk: list[Any], stamp: str, values: dict[str, Any], base: dict[str, str]
    ) -> None:
        if not self._table_exists(table):
            return  # a table this computer's older Rapport does not have yet
        if table == "settings" and is_local_setting(values.get("key", pk[0] if pk else None)):
            return  # another computer's own setting (sent by an older Rapport)
        values = self._map_people(table, values)
        keys = self.keys(table)
        if all(k in values for k in keys):
            pk = [values[k] for k in keys]
        else:
            pk = self._map_key(table, pk)
        pk_text = json.dumps(pk)
        known = set(self._columns(table))
        values = {c: v for c, v in values.items() if c in known}
        row = self._row(table, pk)
        clocks, deleted, tomb = self._meta(table, pk_text)
        self._put_rows.setdefault(table, []).append(values)
        if row is None:
            if deleted is not None and isinstance(tomb, dict):
                wins = {c: v for c, v in values.items() if stamp > clocks.get(c, "")}
                if not wins:
                    return  # the deleting computer had seen this edit
                revived = {**tomb, **wins}
                if not self._insert(table, revived):
                    self._history(table, pk_text, "*", wins, stamp, "refused")
                    self.report.conflicts += 1
                    return
                self._put_rows[table].append(revived)
                clocks.update({c: stamp for c in wins})
                self._set_meta(table, pk_text, clocks, None, None)
                self._history(table, pk_text, "*", None, stamp, "kept")
                self.report.kept += 1
                return
            if deleted is not None:
                wins = {c: v for c, v in values.items() if stamp > clocks.get(c, "")}
                if not wins:
                    return
            if not self._insert(table, values) and not self._settle_rivals(table, pk, values):
                self._history(table, pk_text, "*", values, stamp, "refused")
                self.report.conflicts += 1
                return
            self._set_meta(table, pk_text, {c: stamp for c in values}, None, None)
            self.report.added[table] += 1
            return
        updates: dict[str, Any] = {}
        for col, value in values.items():
            if col in keys:
                continue
            local = clocks.get(col, "")
            if stamp > local:
                if row[col] != value:
                    if local != base.get(col, "") and local:
                        self._history(table, pk_text, col, row[col], local, "replaced")
                        self.report.conflicts += 1
                    updates[col] = value
                clocks[col] = stamp
            elif stamp < local and row[col] != value:
                self._history(table, pk_text, col, value, stamp, "refused")
                self.report.conflicts += 1
        if updates:
            sets = ", ".join(f'"{c}" = ?' for c in updates)
            self.conn.execute(
                f'UPDATE "{table}" SET {sets} WHERE {_where(keys)}', [*updates.values(), *pk]
            )
            self.report.changed[table] += 1
        self._set_meta(table, pk_text, clocks, None, None)

    def delete(self, table: str, pk: list[Any], stamp: str, seen: dict[str, str]) -> None:
        if not self._table_exists(table):
            return
        if table == "settings" and pk and is_local_setting(pk[0]):
            return
        pk = self._map_key(table, pk)
        pk_text = json.dumps(pk)
        row = self._row(table, pk)
        clocks, deleted, tomb = self._meta(table, pk_text)
        merged = {c: max(clocks.get(c, ""), seen.get(c, "")) for c in {*clocks, *seen}}
        if row is None:
            self._set_meta(table, pk_text, merged, max(deleted or "", stamp), tomb)
            return
        if any(s > seen.get(c, "") for c, s in clocks.items()):
            # Edited here after the other computer last saw it: the edit wins.
            self._history(table, pk_text, "*", None, stamp, "kept")
            self.report.kept += 1
            return
        self.conn.execute(f'DELETE FROM "{table}" WHERE {_where(self.keys(table))}', pk)
        self._set_meta(table, pk_text, merged, stamp, row)
        self._deleted_rows.setdefault(table, []).append(row)
        self.report.deleted[table] += 1

    def _settle_rivals(self, table: str, pk: list[Any], values: dict[str, Any]) -> bool:
        """Two computers made the same thing at once under different ids (the same link
        between two people): a unique index refuses the second. The one with the smaller
        id is kept on every computer, so they agree; the other is kept in the history.
        True if the incoming row won and is now inserted."""
        rivals = self._unique_rivals(table, values)
        mine = json.dumps(pk)
        keys = self.keys(table)
        if not rivals or any(json.dumps([r[k] for k in keys]) <= mine for r in rivals):
            return False
        for rival in rivals:
            rival_pk = [rival[k] for k in keys]
            self.conn.execute(f'DELETE FROM "{table}" WHERE {_where(keys)}', rival_pk)
            self._deleted_rows.setdefault(table, []).append(rival)
            self._history(table, json.dumps(rival_pk), "*", rival, "", "replaced")
        return self._insert(table, values)

    def _unique_rivals(self, table: str, values: dict[str, Any]) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        keys = self.keys(table)
        for index in self.conn.execute(f'PRAGMA index_list("{table}")').fetchall():
            if not index[2] or index[3] == "pk":
                continue
            cols = [r[2] for r in self.conn.execute(f'PRAGMA index_info("{index[1]}")')]
            if not cols or any(c is None or c not in values for c in cols):
                continue
            where = " AND ".join(f'"{c}" IS ?' for c in cols)
            for row in self.conn.execute(
                f'SELECT * FROM "{table}" WHERE {where}', [values[c] for c in cols]
            ):
                found[json.dumps([row[k] for k in keys])] = dict(row)
        return list(found.values())

    # -- after a batch ------------------------------------------------------------------

    def settle(self) -> None:
        """Repair references left dangling by deletes and concurrent additions.

        A synced child whose parent was deleted here without knowing of it brings the
        parent back from its tombstone; a SET NULL reference becomes NULL; a child of a
        table that does not sync (this computer's suggestion log, its meetings) or with
        no tombstone to bring back goes, as SQLite's own cascade would have taken it.
        Only the keys this batch put or deleted are looked at (index lookups, not a scan
        of 100,000 entries).
        """
        fks = _foreign_keys(self.conn)
        for _ in range(8):
            puts, self._put_rows = self._put_rows, {}
            dels, self._deleted_rows = self._deleted_rows, {}
            if not puts and not dels:
                return
            for fk in fks:
                candidates = {
                    v for row in puts.get(fk.child, ()) if (v := row.get(fk.column)) is not None
                } | {
                    v
                    for row in dels.get(fk.parent, ())
                    if (v := row.get(fk.parent_column)) is not None
                }
                for value in sorted(candidates, key=str):
                    if self._exists(fk.parent, fk.parent_column, value):
                        continue
                    if not self._exists(fk.child, fk.column, value):
                        continue
                    self._repair(fk, value)

    def _exists(self, table: str, column: str, value: Any) -> bool:
        return (
            self.conn.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', (value,)
            ).fetchone()
            is not None
        )

    def _repair(self, fk: _ForeignKey, value: Any) -> None:
        if fk.on_delete == "SET NULL":
            self.conn.execute(
                f'UPDATE "{fk.child}" SET "{fk.column}" = NULL WHERE "{fk.column}" = ?', (value,)
            )
            return
        if fk.child in SYNCED_TABLES and self._revive(fk.parent, value):
            return
        gone = [
            dict(r)
            for r in self.conn.execute(
                f'SELECT * FROM "{fk.child}" WHERE "{fk.column}" = ?', (value,)
            ).fetchall()
        ]
        self.conn.execute(f'DELETE FROM "{fk.child}" WHERE "{fk.column}" = ?', (value,))
        self._deleted_rows.setdefault(fk.child, []).extend(gone)

    def _revive(self, table: str, key_value: Any) -> bool:
        keys = self.keys(table)
        if len(keys) != 1:
            return False
        pk_text = json.dumps([key_value])
        clocks, deleted, tomb = self._meta(table, pk_text)
        if deleted is None or not isinstance(tomb, dict):
            return False
        if not self._insert(table, tomb):
            return False
        self._set_meta(table, pk_text, clocks, None, None)
        self._history(table, pk_text, "*", None, deleted, "kept")
        self.report.kept += 1
        self._put_rows.setdefault(table, []).append(tomb)
        return True

    # -- helpers ------------------------------------------------------------------------

    def _columns(self, table: str) -> list[str]:
        if table not in self._column_cache:
            self._column_cache[table] = [
                r[1] for r in self.conn.execute(f'PRAGMA table_info("{table}")')
            ]
        return self._column_cache[table]

    def _table_exists(self, table: str) -> bool:
        return bool(self._columns(table))

    def _insert(self, table: str, values: dict[str, Any]) -> bool:
        known = set(self._columns(table))
        values = {c: v for c, v in values.items() if c in known}
        cols = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" * len(values))
        self.conn.execute("SAVEPOINT sync_insert")
        try:
            self.conn.execute(
                f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(values.values())
            )
        except Exception:  # a CHECK or UNIQUE constraint: recorded, never half-applied
            self.conn.execute("ROLLBACK TO sync_insert")
            self.conn.execute("RELEASE sync_insert")
            return False
        self.conn.execute("RELEASE sync_insert")
        return True


@dataclass(frozen=True)
class _ForeignKey:
    child: str
    column: str
    parent: str
    parent_column: str
    on_delete: str


def _foreign_keys(conn: Connection) -> list[_ForeignKey]:
    found = []
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        for fk in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
            found.append(_ForeignKey(table, fk[3], fk[2], fk[4] or "id", str(fk[6]).upper()))
    return found


def _people_references(conn: Connection) -> dict[str, tuple[str, ...]]:
    refs: dict[str, list[str]] = {}
    for fk in _foreign_keys(conn):
        if fk.parent == "people" and fk.parent_column == "id":
            refs.setdefault(fk.child, []).append(fk.column)
    return {t: tuple(c) for t, c in refs.items()}

"""Deleting to a trash that can be restored, for people, entries, facets and the rest.

A deletion is recorded as a bundle: the row, every row that would cascade with it
(found by walking the schema's foreign keys, so tables added by later migrations are
covered without touching this module), and the references that would be set to NULL.
Restoring re-inserts the bundle in one transaction; purging forgets it for good.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from journal.core.errors import NotFound
from journal.core.model import TrashItem, new_id
from journal.core.store import Connection, DatabaseError
from journal.core.stored import stored_datetime
from journal.core.wording import format_date, plural

PAYLOAD_VERSION = 1
_NOT_TRASHED = frozenset({"trash", "settings", "drafts", "undo_steps"})


def dumps(value: Any) -> str:
    """JSON for a bundle of rows. SQLite keeps bytes in any column (a JSON backup's
    "$base64" cells come back as bytes), and JSON has no bytes: they are written as
    ``{"$blob": "<hex>"}``, the form the undo steps use (``operations._encode``)."""
    return json.dumps(value, default=_blob)


def loads(text: str) -> Any:
    """A bundle read back, its ``$blob`` cells bytes again."""
    return json.loads(text, object_hook=_unblob)


def _blob(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$blob": bytes(value).hex().upper()}
    raise TypeError(f"{type(value).__name__} cannot be kept in the trash")


def _unblob(value: dict[str, Any]) -> Any:
    if set(value) == {"$blob"} and isinstance(value["$blob"], str):
        return bytes.fromhex(value["$blob"])
    return value


@dataclass(frozen=True)
class _ForeignKey:
    child: str
    column: str
    parent_column: str
    on_delete: str


def _tables(conn: Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%'"
        )
        if r[0] not in _NOT_TRASHED and "_fts" not in r[0]
    ]


def _children(conn: Connection) -> dict[str, list[_ForeignKey]]:
    graph: dict[str, list[_ForeignKey]] = {}
    for table in _tables(conn):
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            graph.setdefault(fk["table"], []).append(
                _ForeignKey(table, fk["from"], fk["to"], fk["on_delete"].upper())
            )
    return graph


def _primary_key(conn: Connection, table: str) -> list[str]:
    cols = [(r["pk"], r["name"]) for r in conn.execute(f"PRAGMA table_info({table})") if r["pk"]]
    return [name for _, name in sorted(cols)]


def _collect(
    conn: Connection,
    graph: dict[str, list[_ForeignKey]],
    table: str,
    column: str,
    values: list[Any],
    rows_out: list[list[Any]],
    nulls_out: list[list[Any]],
    seen: set[tuple[str, str]],
) -> None:
    if not values:
        return
    rows = [
        dict(r)
        for r in conn.execute(
            f"SELECT * FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
            (json.dumps(values),),
        )
    ]
    _take(conn, graph, table, rows, rows_out, nulls_out, seen)


def _take(
    conn: Connection,
    graph: dict[str, list[_ForeignKey]],
    table: str,
    rows: list[dict[str, Any]],
    rows_out: list[list[Any]],
    nulls_out: list[list[Any]],
    seen: set[tuple[str, str]],
) -> None:
    if not rows:
        return
    pk = _primary_key(conn, table) or list(rows[0])
    fresh = []
    for row in rows:
        ident = (table, dumps([row[c] for c in pk]))
        if ident not in seen:
            seen.add(ident)
            fresh.append(row)
    if not fresh:
        return
    rows_out.append([table, fresh])
    for fk in graph.get(table, []):
        parent_values = [row[fk.parent_column] for row in fresh]
        if fk.on_delete == "CASCADE":
            _collect(conn, graph, fk.child, fk.column, parent_values, rows_out, nulls_out, seen)
        elif fk.on_delete == "SET NULL":
            child_pk = _primary_key(conn, fk.child)
            for r in conn.execute(
                f"SELECT {', '.join(child_pk)}, {fk.column} AS ref FROM {fk.child} "
                f"WHERE {fk.column} IN (SELECT value FROM json_each(?))",
                (json.dumps(parent_values),),
            ):
                nulls_out.append(
                    [fk.child, dict(zip(child_pk, list(r)[:-1], strict=True)), fk.column, r["ref"]]
                )


def collect_row(
    conn: Connection, table: str, key: dict[str, Any]
) -> tuple[list[list[Any]], list[list[Any]]]:
    """One row (found by its key columns) and all that a DELETE of it would take with it
    or set to NULL, as ``(rows, nulls)`` in the order ``reinsert`` puts them back."""
    where = " AND ".join(f"{column} IS ?" for column in key)
    rows = [
        dict(r) for r in conn.execute(f"SELECT * FROM {table} WHERE {where}", list(key.values()))
    ]
    rows_out: list[list[Any]] = []
    nulls_out: list[list[Any]] = []
    if rows:
        _take(conn, _children(conn), table, rows, rows_out, nulls_out, set())
    return rows_out, nulls_out


def delete_to_trash(
    conn: Connection,
    table: str,
    row_ids: list[str],
    kind: str,
    label: str,
    now: str,
    log: list[Any] | None = None,
) -> str:
    """Move rows (and all that depends on them) to the trash; returns the trash id.

    ``log`` is an ``undo_log`` record of what the same action changed before deleting;
    restoring reverts it too.
    """
    graph = _children(conn)
    rows: list[list[Any]] = []
    nulls: list[list[Any]] = []
    _collect(conn, graph, table, "id", list(row_ids), rows, nulls, set())
    if not rows:
        raise NotFound("Nothing to delete: it is no longer in the journal.")
    trash_id = new_id()
    payload: dict[str, Any] = {"version": PAYLOAD_VERSION, "rows": rows, "nulls": nulls}
    if log:
        payload["log"] = log
    conn.execute(
        "INSERT INTO trash (id, kind, label, payload, deleted_at) VALUES (?, ?, ?, ?, ?)",
        (trash_id, kind, label, dumps(payload), now),
    )
    conn.execute(
        f"DELETE FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(row_ids)),),
    )
    return trash_id


def restore(conn: Connection, trash_id: str) -> TrashItem:
    """Put a trashed bundle back; rows whose other side has since gone are left out.

    A bundle may carry the ``log`` of changes made by the same action (a merge re-points
    entries before trashing the merged-away people); it is reverted after the rows are
    back, so the action is undone as a whole.
    """
    row = conn.execute("SELECT * FROM trash WHERE id = ?", (trash_id,)).fetchone()
    if row is None:
        raise NotFound("That item is no longer in the trash.")
    payload = loads(row["payload"])
    from journal.core import search  # imports this module's neighbours: here, not on top

    # A bulk trash of many people puts thousands of their entry rows back: each entry is
    # indexed for search once, at the end.
    with search.entries_indexed_once(conn):
        reinsert(conn, payload["rows"], payload["nulls"], strict_first=True)
        if payload.get("log"):
            from journal.core import undo_log

            undo_log.revert(conn, payload["log"])
    conn.execute("DELETE FROM trash WHERE id = ?", (trash_id,))
    return TrashItem(row["id"], row["kind"], row["label"], row["deleted_at"])


def reinsert(
    conn: Connection, rows: list[list[Any]], nulls: list[list[Any]], *, strict_first: bool
) -> None:
    """Insert collected rows again and put back the references that were set to NULL.

    With ``strict_first`` the first table's rows must all go back (else NotFound, and the
    caller's transaction rolls back); the others are best effort, because what they
    pointed at may have gone since.
    """
    existing = set(_tables(conn))
    for index, (table, table_rows) in enumerate(rows):
        if table not in existing:
            continue
        columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
        for values in table_rows:
            kept = {k: v for k, v in values.items() if k in columns}
            sql = f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({', '.join('?' * len(kept))})"
            if index == 0 and strict_first:
                try:
                    conn.execute(sql, list(kept.values()))
                except DatabaseError:
                    raise NotFound(
                        "This item cannot be restored: something with the same identity "
                        "is already in the journal."
                    ) from None
                continue
            conn.execute("SAVEPOINT restore_row")
            try:
                conn.execute(sql, list(kept.values()))
            except DatabaseError:
                conn.execute("ROLLBACK TO restore_row")
            conn.execute("RELEASE restore_row")
    for table, pk, column, value in nulls:
        if table in existing:
            where = " AND ".join(f"{c} = ?" for c in pk)
            conn.execute(
                f"UPDATE {table} SET {column} = ? WHERE {where} AND {column} IS NULL",
                (value, *pk.values()),
            )


def list_trash(conn: Connection) -> list[TrashItem]:
    return [
        TrashItem(r["id"], r["kind"], r["label"], r["deleted_at"])
        for r in conn.execute(
            "SELECT id, kind, label, deleted_at FROM trash ORDER BY deleted_at DESC, rowid DESC"
        )
    ]


def purge(conn: Connection, before: str | None = None) -> int:
    """Forget trashed items for good (all of them, or those deleted before ``before``),
    and the undo steps that could bring them back."""
    from journal.core import operations

    if before is None:
        count = conn.execute("DELETE FROM trash").rowcount
    else:
        count = conn.execute("DELETE FROM trash WHERE deleted_at < ?", (before,)).rowcount
    if count:
        operations.forget_purged(conn)
    return int(count)


def deleted_on(item: TrashItem) -> str:
    """When an item went to the trash, as the CLI and the app write dates ("6 Dec 2026",
    this computer's day: ``deleted_at`` is UTC). A stamp that is not one (a damaged or
    hand-edited row) is "an unknown day", so the trash still lists."""
    raw = item.deleted_at if isinstance(item.deleted_at, str) else ""
    when = stored_datetime(raw.replace("Z", "+00:00"))
    if when is None:
        return "an unknown day"
    if when.tzinfo is None:  # written without its zone: it is UTC all the same
        when = when.replace(tzinfo=UTC)
    return format_date(when.astimezone())


def describe(item: TrashItem) -> str:
    """An item as a list shows it: "Person: Ana Lima", "Entry: Coffee (3 Oct 2026)"."""
    kind = item.kind[:1].upper() + item.kind[1:]
    return f"{kind}: {item.label}" if item.label else kind


def emptying_warning(count: int) -> str:
    """What emptying the trash does, in the words the CLI and the app both use."""
    return (
        f"This removes {plural(count, 'item')} from the trash for good. "
        f"{'It' if count == 1 else 'They'} cannot be restored afterwards, and emptying "
        "the trash cannot be undone."
    )

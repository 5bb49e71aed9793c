"""What two computers disagreed on, kept so that nothing typed is lost.

When the same field was edited on two computers, the later edit is shown and the other
value is kept here; so is the fact that a record deleted on one computer was kept
because the other had edited it. The user reads this list (Settings → Sync, ``journal
sync --history``) and can put a kept value back: that is an ordinary edit, which syncs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal.core.errors import NotFound
from journal.core.operations import row_kinds
from journal.core.sync.capture import key_columns

if TYPE_CHECKING:
    from journal.core.journal import Journal

_WHAT = {
    "people": "person",
    "entries": "entry",
    "facets": "detail",
    "follow_ups": "follow-up",
    "channels": "contact detail",
    "ledger": "give or take",
    "person_links": "link",
}


#: Column names as a person says them.
_FIELD_WORDS = {"body": "text", "met_how": "how you met", "met_on": "met-on date"}


@dataclass(frozen=True)
class Kept:
    id: int
    table: str
    key: list[Any]
    column: str
    value: Any
    kind: str
    computer: str
    at: str

    def sentence(self) -> str:
        what = _WHAT.get(self.table, "record")
        if self.kind == "kept":
            return f"A {what} deleted on one computer was kept because it was edited on the other."
        shown = str(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        field = field_words(self.table, self.column)
        return f"{field[0].upper()}{field[1:]} was also “{shown}” (edited on both computers)."


def kept_values(journal: Journal, limit: int = 200) -> list[Kept]:
    with journal.store.reading() as conn:
        rows = conn.execute(
            "SELECT id, tbl, pk, col, value, kind, computer, at FROM sync_history "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return _kept(rows)


def kept(journal: Journal, kept_id: int) -> Kept | None:
    """One kept value, or None when it is no longer kept."""
    with journal.store.reading() as conn:
        rows = conn.execute(
            "SELECT id, tbl, pk, col, value, kind, computer, at FROM sync_history WHERE id = ?",
            (kept_id,),
        ).fetchall()
    found = _kept(rows)
    return found[0] if found else None


def _kept(rows: list[Any]) -> list[Kept]:
    return [
        Kept(
            r[0], r[1], json.loads(r[2]), r[3], json.loads(r[4]) if r[4] else None, r[5], r[6], r[7]
        )
        for r in rows
    ]


def put_back(journal: Journal, kept_id: int) -> None:
    """Make a kept value the field's value again (an edit like any other: it syncs)."""
    with journal.transaction() as conn:
        row = conn.execute(
            "SELECT tbl, pk, col, value FROM sync_history WHERE id = ? AND col != '*'",
            (kept_id,),
        ).fetchone()
        if row is None:
            raise NotFound("That earlier value is no longer kept.")
        table, pk, column, value = row[0], json.loads(row[1]), row[2], json.loads(row[3])
        keys = key_columns(conn, table)
        where = " AND ".join(f'"{k}" IS ?' for k in keys)
        cursor = conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE {where}', [value, *pk])
        if cursor.rowcount != 1:
            raise NotFound("The record that value belonged to is no longer in the journal.")
        changed = conn.execute(f'SELECT * FROM "{table}" WHERE {where}', pk).fetchone()
        for kind, ids in row_kinds(table, dict(changed)).items():
            journal.record_change(kind, sorted(ids))


def field_words(table: str, column: str) -> str:
    """ "the entry's text": a kept value's field as a person says it."""
    what = _WHAT.get(table, "record")
    return f"the {what}'s {_FIELD_WORDS.get(column, column.replace('_', ' '))}"

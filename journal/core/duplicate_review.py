"""Reviewing suggested duplicates one by one: merge them, or say "not the same person".

Finding who might be the same person is ``journal.core.duplicates`` (shared with the
importers); this module keeps the user's answers. A pair dismissed is never suggested
again, even after the journal is reopened, until either person is merged or deleted
(the dismissal goes with them, and comes back with them from the trash).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journal.core.clock import stamp
from journal.core.errors import InvalidInput, NotFound
from journal.core.store import Connection

if TYPE_CHECKING:
    from journal.core.journal import Journal


def _pair(a: str, b: str) -> tuple[str, str]:
    if a == b:
        raise InvalidInput("A person cannot be a duplicate of themselves.")
    return (a, b) if a < b else (b, a)


def dismiss(journal: Journal, a: str, b: str) -> None:
    """Never suggest ``a`` and ``b`` as duplicates again."""
    first, second = _pair(a, b)
    with journal.transaction() as conn:
        found = conn.execute(
            "SELECT count(*) FROM people WHERE id IN (?, ?)", (first, second)
        ).fetchone()[0]
        if found != 2:
            raise NotFound("One of those people is no longer in the journal.")
        conn.execute(
            "INSERT OR IGNORE INTO duplicate_dismissals (a_id, b_id, dismissed_at) "
            "VALUES (?, ?, ?)",
            (first, second, stamp(journal.clock)),
        )
        journal.record_change("duplicates", [first, second])


def undismiss(journal: Journal, a: str, b: str) -> None:
    """Take back a "not the same person" (the pair may be suggested again)."""
    first, second = _pair(a, b)
    with journal.transaction() as conn:
        conn.execute(
            "DELETE FROM duplicate_dismissals WHERE (a_id = ? AND b_id = ?) "
            "OR (a_id = ? AND b_id = ?)",
            (first, second, second, first),
        )
        journal.record_change("duplicates", [first, second])


def dismissed_pairs(conn: Connection) -> set[frozenset[str]]:
    return {
        frozenset((r[0], r[1])) for r in conn.execute("SELECT a_id, b_id FROM duplicate_dismissals")
    }


def is_dismissed(journal: Journal, a: str, b: str) -> bool:
    with journal.store.reading() as conn:
        return frozenset((a, b)) in dismissed_pairs(conn)


def pending(journal: Journal, *, minimum: Any = None) -> list[Any]:
    """Suggested duplicate pairs not yet dismissed, strongest first.

    ``minimum`` is a ``duplicates.Strength`` (default: its own default, "likely").
    """
    from journal.core import duplicates

    kwargs = {} if minimum is None else {"minimum": minimum}
    pairs = duplicates.suggest_duplicates(journal, **kwargs)
    with journal.store.reading() as conn:
        gone = dismissed_pairs(conn)
    kept = [p for p in pairs if frozenset((p.first_id, p.second_id)) not in gone]
    kept.sort(key=lambda p: (-int(p.strength), p.first_name.casefold(), p.second_name.casefold()))
    return kept


def dismissals_of(conn: Connection, person_ids: Sequence[str]) -> list[tuple[str, str]]:
    ids = json.dumps(list(person_ids))
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT a_id, b_id FROM duplicate_dismissals WHERE a_id IN (SELECT value FROM "
            "json_each(?)) OR b_id IN (SELECT value FROM json_each(?))",
            (ids, ids),
        )
    ]

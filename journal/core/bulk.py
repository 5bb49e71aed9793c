"""Editing many people at once: circle, cadence, tags, network kinds, archive, delete.

Each action is one transaction (a failure part-way changes nothing) and returns a
``BulkChange``; the app and the CLI run it as one operation (``operations.bulk``), so
Ctrl+Z and ``journal bulk --undo`` take it back through the one undo log, like any
other change (a ``bulk.last_change`` setting kept by an older version is no longer
read). The change records each row it touched through an ``UndoLog``, so ``undo`` puts
back exactly what this action changed and leaves alone anything edited since. Deleting
goes to the trash as one bundle, so "undo" and "restore from the trash" are the same
thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal.core import trash
from journal.core.clock import stamp
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import Circle, NetworkKind
from journal.core.store import Connection
from journal.core.undo_log import UndoLog, revert
from journal.core.wording import every, plural, plural_word

if TYPE_CHECKING:
    from journal.core.journal import Journal

#: Selections at least this large ask for confirmation before a bulk action (GUI, CLI).
CONFIRM_AT = 10


@dataclass(frozen=True)
class BulkChange:
    """What a bulk action did, in words and as a record that ``undo`` reverses."""

    action: str
    description: str
    person_ids: tuple[str, ...]
    log: tuple[Any, ...] = ()
    trash_id: str | None = None

    @property
    def count(self) -> int:
        return len(self.person_ids)


def _people(n: int) -> str:
    return plural(n, "person", "people")


def _apply(
    journal: Journal,
    ids: Sequence[str],
    action: str,
    description: str,
    change: Callable[[UndoLog, str], object],
) -> BulkChange:
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InvalidInput("Select at least one person first.")
    with journal.transaction() as conn:
        _check_exist(conn, ids)
        log = UndoLog(conn)
        now = stamp(journal.clock)
        for person_id in ids:
            before = len(log.ops)
            change(log, person_id)
            if len(log.ops) > before:
                log.update("people", {"id": person_id}, {"updated_at": now})
        journal.record_change("person", ids)
    return BulkChange(action, description, tuple(ids), tuple(log.ops))


def _check_exist(conn: Connection, ids: Sequence[str]) -> None:
    found = conn.execute(
        "SELECT count(*) FROM people WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchone()[0]
    if found != len(ids):
        missing = len(ids) - found
        raise NotFound(
            f"{_people(missing)} in the selection {'is' if missing == 1 else 'are'} "
            "no longer in the journal; nothing was changed. Refresh and try again."
        )


def set_circle(journal: Journal, ids: Sequence[str], circle: Circle) -> BulkChange:
    circle = Circle(circle)
    return _apply(
        journal,
        ids,
        "circle",
        f"Moved {_people(len(set(ids)))} to {circle.label}",
        lambda log, pid: log.update("people", {"id": pid}, {"circle": str(circle)}),
    )


def set_cadence(journal: Journal, ids: Sequence[str], days: int | None) -> BulkChange:
    """A check-in cadence in days for everyone selected (None: their circle's default)."""
    if days is not None and days <= 0:
        raise InvalidInput("A check-in cadence is a number of days above zero.")
    text = every(days) if days else "their circle's default"
    return _apply(
        journal,
        ids,
        "cadence",
        f"Set {_people(len(set(ids)))} to check in {text}",
        lambda log, pid: log.update("people", {"id": pid}, {"cadence_days": days}),
    )


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if not cleaned:
        raise InvalidInput("Type at least one tag.")
    return cleaned


def add_tags(journal: Journal, ids: Sequence[str], tags: Iterable[str]) -> BulkChange:
    tags = _clean_tags(tags)

    def change(log: UndoLog, pid: str) -> None:
        for tag in tags:
            log.insert("person_tags", {"person_id": pid, "tag": tag})

    return _apply(
        journal, ids, "tags", f"Tagged {_people(len(set(ids)))} {', '.join(tags)}", change
    )


def remove_tags(journal: Journal, ids: Sequence[str], tags: Iterable[str]) -> BulkChange:
    tags = _clean_tags(tags)

    def change(log: UndoLog, pid: str) -> None:
        for tag in tags:
            log.delete("person_tags", {"person_id": pid, "tag": tag})

    return _apply(
        journal, ids, "tags", f"Removed {', '.join(tags)} from {_people(len(set(ids)))}", change
    )


def set_network_kinds(
    journal: Journal, ids: Sequence[str], kinds: Iterable[NetworkKind], *, mode: str = "add"
) -> BulkChange:
    """Add, remove or replace (``mode``) Ibarra & Hunter's network kinds."""
    wanted = sorted({NetworkKind(k) for k in kinds})
    if mode not in ("add", "remove", "replace"):
        raise InvalidInput("Choose whether to add, remove or replace the network kinds.")
    if not wanted and mode != "replace":
        raise InvalidInput("Choose at least one network kind.")

    def change(log: UndoLog, pid: str) -> None:
        if mode == "replace":
            for row in log.conn.execute(
                "SELECT kind FROM person_network_kinds WHERE person_id = ?", (pid,)
            ).fetchall():
                if row["kind"] not in wanted:
                    log.delete("person_network_kinds", {"person_id": pid, "kind": row["kind"]})
        for kind in wanted:
            if mode == "remove":
                log.delete("person_network_kinds", {"person_id": pid, "kind": str(kind)})
            else:
                log.insert("person_network_kinds", {"person_id": pid, "kind": str(kind)})

    names = ", ".join(k.value for k in wanted) or "no network kind"
    verb = {"add": "Added", "remove": "Removed", "replace": "Set"}[mode]
    return _apply(
        journal,
        ids,
        "network_kinds",
        f"{verb} {names} {'from' if mode == 'remove' else 'for'} {_people(len(set(ids)))}",
        change,
    )


def set_archived(journal: Journal, ids: Sequence[str], archived: bool = True) -> BulkChange:
    verb = "Archived" if archived else "Unarchived"
    return _apply(
        journal,
        ids,
        "archive",
        f"{verb} {_people(len(set(ids)))}",
        lambda log, pid: log.update("people", {"id": pid}, {"archived": int(archived)}),
    )


def delete(journal: Journal, ids: Sequence[str]) -> BulkChange:
    """Move everyone selected, with all that is only about them, to the trash as one item."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InvalidInput("Select at least one person first.")
    with journal.transaction() as conn:
        _check_exist(conn, ids)
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM people WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY name COLLATE NOCASE LIMIT 3",
                (json.dumps(ids),),
            )
        ]
        label = ", ".join(names) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
        kind = plural_word(len(ids), "person", "people")
        trash_id = trash.delete_to_trash(conn, "people", ids, kind, label, stamp(journal.clock))
        journal.record_change("person", ids)
    return BulkChange(
        "delete", f"Moved {_people(len(ids))} to the trash", tuple(ids), trash_id=trash_id
    )


def undo(journal: Journal, change: BulkChange) -> None:
    """Reverse a bulk action in one transaction (what was edited since is left alone)."""
    if change.trash_id:
        journal.restore(change.trash_id)
        return
    with journal.transaction() as conn:
        revert(conn, list(change.log))
        journal.record_change("person", list(change.person_ids))

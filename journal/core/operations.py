"""Operations: every change a user makes, as one transaction that can be undone later.

Anki's ``OpChanges``/``CollectionOp`` are the model. An operation is a core function
that runs in one transaction and returns a ``Change``: what kinds of thing changed and
which ids (so a view knows whether to reload) and a label that says what Ctrl+Z would
undo ("Moved Ana to the trash"). How to undo it is kept in one persistent table,
``undo_steps`` (schema 11), so undo works for any operation and after a restart.

What an operation changed is captured where every write ends up, in the database, by
the same triggers that note changes for sync (``sync/capture.py``): each row an
operation touches is noted with the row as it was before its first change (while sync
is off they are switched on for the operation only, and their notes taken out after).
At the end the row as it is after is read back, and the step keeps both. So a write
does not need to know about undo, and a table or a column added by a later migration
is covered without touching this module. (Separate capture triggers of its own, even
switched off, made every other write of the connection several times slower.)

Undo is careful with what happened since (another computer's sync, the command line):
a column goes back only if it still holds the value the step gave it, a deleted row
comes back only if nothing took its place, rows that can no longer go back are left
out. Side effects of putting rows back (a trigger that clears a snooze when an entry
reappears) are reverted too, so the journal looks as it did before the step. A step
that no longer changes anything (its rows are gone: the trash was emptied) is dropped.

Nothing of it reaches a temporary file: the notes and the log are inside the encrypted
database (and ``temp_store = MEMORY``). The log is bounded (``KEEP_STEPS``, ``KEEP_DAYS``), is
never synced (it is not in ``SYNCED_TABLES``: undo's own writes are captured for sync
like any write) and is not exported.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from journal.core import search
from journal.core.clock import stamp
from journal.core.errors import NotFound
from journal.core.store import Connection, DatabaseError
from journal.core.sync.capture import SYNCED_TABLES, ensure_triggers
from journal.core.wording import every, format_date

if TYPE_CHECKING:
    from journal.core.bulk import BulkChange
    from journal.core.capture import Capture
    from journal.core.engine import Suggestion
    from journal.core.interop.plan import ImportPlan, ImportReport, Progress
    from journal.core.journal import Journal
    from journal.core.links import Link
    from journal.core.merge import MergePlan, MergeResult
    from journal.core.model import Entry, Facet, FollowUp, Person
    from journal.core.settings import JournalSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How many steps Ctrl+Z can go back, and for how long.
KEEP_STEPS = 50
KEEP_DAYS = 30

#: The tables an operation's changes are recorded in: what the user wrote (the synced
#: tables; not the engine's per-machine diary, drafts or this computer's settings).
CAPTURED_TABLES: tuple[str, ...] = SYNCED_TABLES

#: For each table, the kinds of thing a change to a row is about and the column that
#: holds its id: what ``Change`` reports and what ``Journal.on_change`` listeners hear.
_KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (("person", "id"),),
    "person_tags": (("person", "person_id"),),
    "channels": (("person", "person_id"),),
    "person_network_kinds": (("person", "person_id"),),
    "facets": (("person", "person_id"), ("fact", "id")),
    "entries": (("entry", "id"),),
    "entry_people": (("entry", "entry_id"), ("person", "person_id")),
    "follow_ups": (("follow_up", "id"), ("person", "person_id")),
    "ledger": (("entry", "entry_id"), ("person", "person_id")),
    "person_links": (("person", "a_id"), ("person", "b_id")),
    "duplicate_dismissals": (("duplicates", "a_id"), ("duplicates", "b_id")),
    "reminder_state": (("reminder", "person_id"),),
    "suggestion_log": (("reminder", "person_id"),),
    "proposals": (("proposal", "id"), ("person", "person_id")),
    "trash": (("trash", "id"),),
    "settings": (("settings", "key"),),
    "person_redirects": (("person", "old_id"), ("person", "new_id")),
    "drafts": (("draft", "id"),),
    "meetings": (("meeting", "id"),),
    "meeting_attendees": (("meeting", "meeting_id"), ("person", "person_id")),
}

Row = dict[str, Any]

#: Labels say what Ctrl+Z would undo ("Undo: Move Ana to the trash"); a notice says it
#: was done ("Moved Ana to the trash.").
_PAST = {
    "Add": "Added",
    "Edit": "Edited",
    "Move": "Moved",
    "Restore": "Restored",
    "Archive": "Archived",
    "Unarchive": "Unarchived",
    "Mark": "Marked",
    "Skip": "Skipped",
    "Snooze": "Snoozed",
    "Mute": "Muted",
    "Unmute": "Unmuted",
    "Merge": "Merged",
    "Remove": "Removed",
    "Change": "Changed",
    "Confirm": "Confirmed",
    "Reopen": "Reopened",
    "Delete": "Deleted",
    "Keep": "Kept",
    "Tag": "Tagged",
    "Untag": "Untagged",
    "Give": "Gave",
    "Check": "Checked",
    "Discard": "Discarded",
    "Dismiss": "Dismissed",
    "Count": "Counted",
    "Answer": "Answered",
    "Note": "Noted",
    "Import": "Imported",
    "Undone:": "Undone:",
}


@dataclass(frozen=True)
class Change:
    """What an operation (or an undo) changed: kinds of thing and their ids.

    ``label`` says it in words ("Moved Ana to the trash"); ``step`` is its undo step
    (None when nothing changed, or for an undo, which is not itself undone).
    """

    label: str
    changed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    step: int | None = None
    #: What the operation returns besides (the id of an added person, a merge's result).
    result: Any = None
    #: The sentence a notice shows when it differs from the label's ("Muted Ana: no
    #: check-in suggestions until you unmute.").
    message: str = ""

    def touches(self, *kinds: str) -> bool:
        return any(kind in self.changed for kind in kinds)

    def ids(self, kind: str) -> frozenset[str]:
        return self.changed.get(kind, frozenset())

    @property
    def people(self) -> frozenset[str]:
        return self.ids("person")

    @property
    def entries(self) -> frozenset[str]:
        return self.ids("entry")

    @property
    def facts(self) -> frozenset[str]:
        return self.ids("fact")

    @property
    def settings(self) -> frozenset[str]:
        return self.ids("settings")

    @property
    def empty(self) -> bool:
        return not self.changed

    @property
    def done(self) -> str:
        """The label as a sentence about what was done: "Moved Ana to the trash."."""
        if self.message:
            return self.message
        first, _, rest = self.label.partition(" ")
        return f"{_PAST.get(first, first)} {rest}".strip() + "."


@dataclass
class Step:
    """An operation under way: its label can be set once the work knows it."""

    label: str
    change: Change | None = None
    result: Any = None
    message: str = ""
    #: What kind of step it is, for an undo of that kind only ("merge", "bulk": the
    #: command line's ``merge --undo`` and ``bulk --undo``); kept in the log.
    group: str = ""


# -- capturing ------------------------------------------------------------------------


#: Table columns read once per operation or undo (a bulk undo puts back thousands of
#: rows); cleared when one starts, so a migration's new column is always seen.
_schema: dict[tuple[str, str], list[str]] = {}


def _columns(conn: Connection, table: str) -> list[str]:
    if ("cols", table) not in _schema:
        _schema["cols", table] = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")')]
    return _schema["cols", table]


def _key_columns(conn: Connection, table: str) -> list[str]:
    if ("keys", table) not in _schema:
        info = list(conn.execute(f'PRAGMA main.table_info("{table}")'))
        keys = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        _schema["keys", table] = keys or [r[1] for r in info]
    return _schema["keys", table]


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$blob"}:
        return bytes.fromhex(value["$blob"])
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$blob": bytes(value).hex().upper()}
    return value


def _read_row(conn: Connection, table: str, keys: list[str], key: list[Any]) -> Row | None:
    where = " AND ".join(f'"{k}" IS ?' for k in keys)
    found = conn.execute(f'SELECT * FROM main."{table}" WHERE {where}', key).fetchone()
    return None if found is None else dict(found)


#: Rows read or written per statement when a step's rows are handled many at a time.
_BATCH = 400


def _pk(key: Sequence[Any]) -> str:
    return json.dumps([_encode(v) for v in key])


def _read_rows(
    conn: Connection, table: str, keys: list[str], wanted: Sequence[Sequence[Any]]
) -> dict[str, Row]:
    """``_read_row`` for many keys of one table, a few hundred per query (a step of an
    import or a bulk trash holds tens of thousands of rows); by ``_pk(key)``, absent
    rows left out."""
    found: dict[str, Row] = {}
    plain = []
    for key in wanted:
        if any(v is None for v in key):  # IN never matches NULL; IS does
            row = _read_row(conn, table, keys, list(key))
            if row is not None:
                found[_pk(key)] = row
        else:
            plain.append(key)
    columns = ", ".join(f'"{k}"' for k in keys)
    for start in range(0, len(plain), _BATCH):
        chunk = plain[start : start + _BATCH]
        if len(keys) == 1:
            where = f'"{keys[0]}" IN ({", ".join("?" * len(chunk))})'
        else:
            one = "(" + ", ".join("?" * len(keys)) + ")"
            where = f"({columns}) IN (VALUES {', '.join([one] * len(chunk))})"
        params = [v for key in chunk for v in key]
        for found_row in conn.execute(f'SELECT * FROM main."{table}" WHERE {where}', params):
            row = dict(found_row)
            found[_pk([row[k] for k in keys])] = row
    return found


def _by_table(
    rows: Sequence[Sequence[Any]],
) -> dict[str, list[Sequence[Any]]]:
    """A step's rows grouped by their table (the first item of each), in order."""
    grouped: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


class _Capture:
    """The rows written since it started, each with its image from before, as the sync
    layer's triggers note them (``sync/capture.py``): one mechanism for both.

    While sync is off the triggers are switched on for the operation only, and what
    they noted is taken out again at the end, so a journal that never syncs keeps no
    change log. While sync is on, the notes stay: they are what the next sync sends.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        ensure_triggers(conn)  # cheap when the columns have not changed
        self.was_on = conn.execute("SELECT capture FROM sync_state WHERE id = 1").fetchone()[0] == 1
        self.start = conn.execute("SELECT coalesce(max(seq), 0) FROM sync_outbox").fetchone()[0]
        if not self.was_on:
            conn.execute("UPDATE sync_state SET capture = 1 WHERE id = 1")
        _active.add(id(conn))
        _noted[id(conn)] = []

    def stop(self) -> list[tuple[str, list[Any], Row | None]]:
        """The rows noted, first change first, each once with its image from before."""
        conn = self.conn
        _active.discard(id(conn))
        noted = _noted.pop(id(conn), [])
        # The triggers' notes and the rows noted by hand (``note_rows``), in the order
        # they were touched: a hand note sits just after the last trigger note before it.
        found: list[tuple[float, str, str, Row | None]] = [
            (float(r[3]), str(r[0]), str(r[1]), None if r[2] is None else dict(json.loads(r[2])))
            for r in conn.execute(
                "SELECT tbl, pk, old, seq FROM sync_outbox WHERE seq > ? ORDER BY seq",
                (self.start,),
            ).fetchall()
        ]
        found += [(seq + 0.5, table, pk, before) for seq, table, pk, before in noted]
        found.sort(key=lambda n: n[0])
        out = []
        seen: set[tuple[str, str]] = set()
        for _seq, table, pk, before in found:
            if (table, pk) in seen:
                continue
            seen.add((table, pk))
            out.append((table, list(json.loads(pk)), before))
        if not self.was_on:
            conn.execute("UPDATE sync_state SET capture = 0 WHERE id = 1")
            conn.execute("DELETE FROM sync_outbox WHERE seq > ?", (self.start,))
        return out


#: Connections with an operation under way (an operation inside it joins it).
_active: set[int] = set()

#: Rows noted by hand during each connection's operation: ``(seq, table, key, before)``.
_noted: dict[int, list[tuple[int, str, str, Row | None]]] = {}


def note_rows(conn: Connection, table: str, where: str, params: Sequence[Any] = ()) -> None:
    """Before writing rows of a table the sync triggers do not note (this computer's
    meetings, its calendar settings), say which: an operation under way keeps them as
    they are now, so its undo can put them back. ``where`` selects the rows (``"id =
    ?"``); call it before the write. Outside an operation it does nothing."""
    if id(conn) not in _active:
        return
    rows = conn.execute(f'SELECT * FROM main."{table}" WHERE {where}', list(params)).fetchall()
    for row in rows:
        before = dict(row)
        note_row(conn, table, [before[k] for k in _key_columns(conn, table)], before)


def note_row(conn: Connection, table: str, key: Sequence[Any], before: Row | None = None) -> None:
    """``note_rows`` for one row by its key, also one that does not exist yet (an
    insert: undo removes it). ``before`` when the caller has just read it."""
    if id(conn) not in _active:
        return
    if before is None:
        before = _read_row(conn, table, _key_columns(conn, table), list(key))
    seq = conn.execute("SELECT coalesce(max(seq), 0) FROM sync_outbox").fetchone()[0]
    pk = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False)
    _noted[id(conn)].append((int(seq), table, pk, before))


def _changes(
    conn: Connection, captured: list[tuple[str, list[Any], Row | None]]
) -> list[list[Any]]:
    """The rows an operation changed: ``[table, key, before, after]`` each."""
    afters: dict[str, dict[str, Row]] = {}
    for table, noted in _by_table(captured).items():
        afters[table] = _read_rows(conn, table, _key_columns(conn, table), [n[1] for n in noted])
    rows = []
    for table, key, before in captured:
        after = afters[table].get(_pk(key))
        if before == after:
            continue
        rows.append([table, key, before, after])
    return rows


def row_kinds(table: str, row: Row) -> dict[str, set[str]]:
    """The kinds of thing and ids a row of ``table`` is about (``Change``'s words): what
    a write that is not an operation of its own tells ``journal.record_change``."""
    return _kinds([(table, [], None, row)])


def _kinds(rows: Sequence[Sequence[Any]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table, _key, before, after in rows:
        for kind, column in _KINDS.get(table, ()):
            for image in (before, after):
                value = image.get(column) if image else None
                found.setdefault(kind, set())
                if isinstance(value, str):
                    found[kind].add(value)
    return found


@contextlib.contextmanager
def operation(journal: Journal, label: str) -> Iterator[Step]:
    """Run the block as one undoable step: one transaction, its changes recorded.

    Set ``step.label`` inside the block when the words depend on the work; read
    ``step.change`` after it. An operation inside another joins it (one step).
    """
    step = Step(label)
    with journal.transaction() as conn:
        if id(conn) in _active:
            yield step
            return
        _schema.clear()
        capture = _Capture(conn)
        try:
            yield step
        finally:
            captured = capture.stop()
        rows = _changes(conn, captured)
        kinds = _kinds(rows)
        for kind, ids in journal.pending_changes():
            kinds.setdefault(kind, set()).update(ids)
        step_id = None
        if rows:
            step_id = _store(journal, conn, step, kinds, rows)
    step.change = Change(
        step.label, {k: frozenset(v) for k, v in kinds.items()}, step_id, step.result, step.message
    )


def _store(
    journal: Journal,
    conn: Connection,
    step: Step,
    kinds: dict[str, set[str]],
    rows: list[Any],
) -> int:
    # A row the step added is kept by its key alone (``ADDED`` for its image after): undo
    # removes it whatever it holds by then, so an import of 10,000 people is not stored
    # twice over.
    encoded = [
        [t, [_encode(v) for v in k], _image(b), ADDED if b is None and a is not None else _image(a)]
        for t, k, b, a in rows
    ]
    cursor = conn.execute(
        "INSERT INTO undo_steps (label, at, change, rows) VALUES (?, ?, ?, ?)",
        (
            step.label,
            stamp(journal.clock),
            json.dumps(
                {
                    "kinds": {k: sorted(v) for k, v in kinds.items()},
                    "message": step.message,
                    "group": step.group,
                }
            ),
            json.dumps(encoded),
        ),
    )
    oldest = (journal.clock.utcnow() - timedelta(days=KEEP_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    conn.execute(
        "DELETE FROM undo_steps WHERE at < ? OR id NOT IN "
        "(SELECT id FROM undo_steps ORDER BY id DESC LIMIT ?)",
        (oldest, KEEP_STEPS),
    )
    return int(cursor.lastrowid or 0)


#: The image after of a row a step added, as stored: not None (the row is there), and
#: not read by undo, which takes the row away.
ADDED: Row = {}


def _image(row: Row | None) -> Row | None:
    return None if row is None else {c: _encode(v) for c, v in row.items()}


def _unimage(row: Row | None) -> Row | None:
    return None if row is None else {c: _decode(v) for c, v in row.items()}


# -- undoing --------------------------------------------------------------------------


def _targets(
    conn: Connection, rows: list[Any]
) -> list[tuple[str, list[str], list[Any], Row | None, Row | None]]:
    """For each row of a step: what undoing makes of it now (``target``) and what it
    is (``current``), careful with what changed since the step."""
    keys: dict[str, list[str]] = {}
    currents: dict[str, dict[str, Row]] = {}
    for table, found in _by_table(rows).items():
        try:
            keys[table] = _key_columns(conn, table)
        except DatabaseError:
            keys[table] = []
        if keys[table]:
            wanted = [[_decode(v) for v in row[1]] for row in found]
            currents[table] = _read_rows(conn, table, keys[table], wanted)
    plans = []
    for table, raw_key, raw_before, raw_after in rows:
        if not keys[table]:
            continue  # a table that is gone
        key = [_decode(v) for v in raw_key]
        before, after = _unimage(raw_before), _unimage(raw_after)
        current = currents[table].get(_pk(key))
        target: Row | None
        if before is None:  # the step added it: undo removes it
            target = None
        elif after is None:  # the step deleted it: back, unless something took its place
            target = before if current is None else current
        elif current is None:  # edited by the step, deleted since: stays deleted
            target = None
        else:
            target = dict(current)
            for column, old in before.items():
                if (
                    column in current
                    and old != after.get(column)
                    and current[column] == after.get(column)
                ):
                    target[column] = old
        plans.append((table, keys[table], key, target, current))
    return plans


def _live(plans: Sequence[Any]) -> bool:
    return any(target != current for _t, _k, _key, target, current in plans)


def _set_row(
    conn: Connection, table: str, keys: list[str], key: list[Any], target: Row | None
) -> bool:
    """Make one row be ``target`` (None: absent); a row that cannot (its other side is
    gone, a constraint refuses it) is left as it is, and False says so."""
    current = _read_row(conn, table, keys, key)
    where = " AND ".join(f'"{k}" IS ?' for k in keys)
    conn.execute("SAVEPOINT undo_row")
    try:
        if target is None:
            if current is not None:
                conn.execute(f'DELETE FROM main."{table}" WHERE {where}', key)
        elif current is None:
            columns = set(_columns(conn, table))
            kept = {c: v for c, v in target.items() if c in columns}
            conn.execute(
                f'INSERT INTO main."{table}" ({", ".join(chr(34) + c + chr(34) for c in kept)}) '
                f"VALUES ({', '.join('?' * len(kept))})",
                list(kept.values()),
            )
        else:
            changed = {c: v for c, v in target.items() if c in current and current[c] != v}
            if changed:
                sets = ", ".join(f'"{c}" = ?' for c in changed)
                conn.execute(
                    f'UPDATE main."{table}" SET {sets} WHERE {where}', [*changed.values(), *key]
                )
    except DatabaseError:
        conn.execute("ROLLBACK TO undo_row")
        conn.execute("RELEASE undo_row")
        return False
    conn.execute("RELEASE undo_row")
    return True


def _revert(conn: Connection, plans: Sequence[Any]) -> None:
    """Put a step's rows back, then undo what putting them back set off elsewhere.

    Rows go back many per statement, a table's run at a time (undoing a bulk trash of
    1,000 people puts back tens of thousands of rows); a run that a constraint refuses
    goes back row by row instead, so the outcome is the same as one row at a time."""
    # Each entry whose people come back is indexed for search once, at the end.
    with search.entries_indexed_once(conn):
        _put_rows_back(conn, plans)


def _put_rows_back(conn: Connection, plans: Sequence[Any]) -> None:
    capture = _Capture(conn)
    try:
        # Rows the step added go first, newest first (children before their parents);
        # then rows it deleted or edited.
        added = [p for p in reversed(plans) if p[3] is None and p[4] is not None]
        for run in _runs(added):
            _delete_many(conn, run)
        # A row refused now (its parent comes back later in the list: a merge
        # re-pointed it before trashing the person) is tried again once others are back.
        # Parents' tables before their children's (the order of ``CAPTURED_TABLES``), so
        # a table's rows go back together and many per statement.
        waiting = [p for p in plans if p[3] is not None and p[3] != p[4]]
        order = {table: n for n, table in enumerate(CAPTURED_TABLES)}
        waiting.sort(key=lambda p: order.get(p[0], len(order)))
        waiting = [p for run in _runs(waiting) for p in _put_back(conn, run)]
        while waiting:
            refused = [p for p in waiting if not _set_row(conn, p[0], p[1], p[2], p[3])]
            if len(refused) == len(waiting):
                for table, *_ in refused:
                    log.warning("could not undo a change to %s", table)
                break
            waiting = refused
    finally:
        side = capture.stop()
    wanted = {_ident(t, k): (ks, target) for t, ks, k, target, _ in plans}
    for table, noted in _by_table(side).items():
        keys = _key_columns(conn, table)
        now = _read_rows(conn, table, keys, [n[1] for n in noted])
        for _table, key, before in noted:
            ident = _ident(table, key)
            # A trigger's side effect goes back to what it was before the undo.
            target = wanted[ident][1] if ident in wanted else before
            if now.get(ident[1]) != target:
                _set_row(conn, table, keys, key, target)


def _runs(plans: Sequence[Any]) -> Iterator[list[Any]]:
    """The plans in order, cut where the table changes."""
    run: list[Any] = []
    for plan in plans:
        if run and run[-1][0] != plan[0]:
            yield run
            run = []
        run.append(plan)
    if run:
        yield run


def _delete_many(conn: Connection, run: list[Any]) -> None:
    """Take away rows of one table that the step added (row by row if refused)."""
    table, keys = run[0][0], run[0][1]
    where = " AND ".join(f'"{k}" IS ?' for k in keys)
    conn.execute("SAVEPOINT undo_rows")
    try:
        conn.executemany(f'DELETE FROM main."{table}" WHERE {where}', [p[2] for p in run])
    except DatabaseError:
        conn.execute("ROLLBACK TO undo_rows")
        conn.execute("RELEASE undo_rows")
        for _table, _keys, key, _target, _current in run:
            _set_row(conn, table, keys, key, None)
        return
    conn.execute("RELEASE undo_rows")


#: Rows put back per savepoint. One savepoint around all of a table's rows made each
#: row dearer the more came before it (undoing a bulk trash of 400 people of the 10k/100k
#: journal: 3.3 ms a row of ``entry_people`` in one savepoint, 1.2 ms in runs of 1,000).
PUT_BACK_ROWS = 500


def _put_back(conn: Connection, run: list[Any]) -> list[Any]:
    """Bring back rows of one table that the step deleted (many per statement) or
    edited; returns the plans refused for now (a parent not back yet)."""
    table, keys = run[0][0], run[0][1]
    gone = [p for p in run if p[4] is None]
    refused = []
    for start in range(0, len(gone), PUT_BACK_ROWS):
        chunk = gone[start : start + PUT_BACK_ROWS]
        if not _insert_many(conn, table, [p[3] for p in chunk]):
            refused += [p for p in chunk if not _set_row(conn, table, keys, p[2], p[3])]
    for plan in run:
        if plan[4] is not None and not _set_row(conn, table, keys, plan[2], plan[3]):
            refused.append(plan)
    return refused


def _insert_many(conn: Connection, table: str, targets: list[Row]) -> bool:
    """Insert rows of one table all at once, or none (False: a constraint refused one)."""
    columns = _columns(conn, table)
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for target in targets:
        kept = tuple(c for c in columns if c in target)
        groups.setdefault(kept, []).append([target[c] for c in kept])
    conn.execute("SAVEPOINT undo_rows")
    try:
        for kept, values in groups.items():
            conn.executemany(
                f'INSERT INTO main."{table}" ({", ".join(chr(34) + c + chr(34) for c in kept)}) '
                f"VALUES ({', '.join('?' * len(kept))})",
                values,
            )
    except DatabaseError:
        conn.execute("ROLLBACK TO undo_rows")
        conn.execute("RELEASE undo_rows")
        return False
    conn.execute("RELEASE undo_rows")
    return True


def _ident(table: str, key: list[Any]) -> tuple[str, str]:
    return table, _pk(key)


def _steps(conn: Connection) -> list[Any]:
    return conn.execute(
        "SELECT id, label, change, rows FROM undo_steps ORDER BY id DESC"
    ).fetchall()


def undo_label(journal: Journal) -> str | None:
    """What Ctrl+Z would undo ("Moved Ana to the trash"), or None: nothing to undo."""
    with journal.store.reading() as conn:
        for row in _steps(conn):
            if _live(_targets(conn, json.loads(row["rows"]))):
                return str(row["label"])
    return None


_NOTHING = {
    "merge": "There is no merge to undo.",
    "bulk": "There is no bulk change to undo.",
}


def undo(journal: Journal, group: str = "") -> Change:
    """Undo the latest step that still changes something; returns what it changed.

    ``group``: the latest step of that kind only ("merge": ``journal merge --undo``),
    whatever came after it (undo is careful with what changed since). Steps that no
    longer change anything (their rows went since) are dropped on the way.
    Raises NotFound when there is nothing to undo.
    """
    with journal.transaction() as conn:
        _schema.clear()
        for row in _steps(conn):
            change_data = json.loads(row["change"])
            if group and change_data.get("group", "") != group:
                continue
            conn.execute("DELETE FROM undo_steps WHERE id = ?", (row["id"],))
            plans = _targets(conn, json.loads(row["rows"]))
            if not _live(plans):
                continue
            _revert(conn, plans)
            kinds = {k: frozenset(v) for k, v in change_data["kinds"].items()}
            for kind, ids in kinds.items():
                journal.record_change(kind, sorted(ids))
            label = str(row["label"])
            done = change_data.get("message") or Change(label).done
            if not done.endswith((".", "!", "?")):
                done += "."  # a bulk edit's description is a phrase ("Tagged 3 people x")
            change = Change(f"Undone: {label}", kinds, None, label, f"Undone: {done}")
            break
        else:
            raise NotFound(_NOTHING.get(group, "There is nothing to undo."))
    return change


def forget_purged(conn: Connection) -> int:
    """Drop the steps whose rows are gone: what was deleted for good (the trash
    emptied) must not live on in the undo log, in a step that trashed it (its trash item
    is gone) or one that added or edited it (the row it left is gone). Runs inside the
    caller's transaction (``trash.purge`` calls it); returns how many steps went."""
    gone = 0
    for row in conn.execute("SELECT id, rows FROM undo_steps").fetchall():
        left = [r for r in json.loads(row["rows"]) if r[3] is not None]
        for table, found in _by_table(left).items():
            keys = _key_columns(conn, table)
            wanted = [[_decode(v) for v in r[1]] for r in found]
            if keys and len(_read_rows(conn, table, keys, wanted)) < len(wanted):
                conn.execute("DELETE FROM undo_steps WHERE id = ?", (row["id"],))
                gone += 1
                break
    return gone


def forget(journal: Journal) -> None:
    """Clear the undo log (a journal restored from a backup starts without one)."""
    with journal.transaction() as conn:
        conn.execute("DELETE FROM undo_steps")


# -- the operations ---------------------------------------------------------------------


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) == 1:
        return names[0]
    if len(names) <= 3:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return f"{len(names)} people"


def _run(
    journal: Journal,
    label: str,
    write: Callable[[], T],
    *,
    message: str = "",
    group: str = "",
    words: Callable[[T], tuple[str, str]] | None = None,
) -> Change:
    """The shape of every operation: ``write()`` as one undoable step labelled ``label``
    ("Add Ana Lima"); what it returns is the change's ``result``. ``message``: the notice
    when it says more than the label in the past tense; ``group``: what kind of step
    (``undo(group=...)``); ``words(result)``: ``(label, message)`` when the words depend
    on what the write did (an empty message keeps the default)."""
    with operation(journal, label) as step:
        step.group = group
        step.message = message
        step.result = write()
        if words is not None:
            step.label, said = words(step.result)
            step.message = said or step.message
    assert step.change is not None  # set when the block ends without an error
    return step.change


def add_person(journal: Journal, person: Person) -> Change:
    return _run(journal, f"Add {person.name}", lambda: journal.add_person(person))


def save_person(journal: Journal, person: Person) -> Change:
    return _run(journal, f"Edit {person.name}", lambda: journal.save_person(person))


def trash_people(journal: Journal, ids: Sequence[str]) -> Change:
    """Move people (and what only they hold) to the trash, one trash item each."""
    people = journal.people(list(ids))
    if not people:
        raise NotFound("Nothing to delete: they are no longer in the journal.")
    names = _names([p.display_name for p in people])
    return _run(
        journal,
        f"Move {names} to the trash",
        lambda: [journal.delete_person(p.id) for p in people],
    )


def set_archived(journal: Journal, ids: Sequence[str], archived: bool = True) -> Change:
    people = journal.people(list(ids))
    verb = "Archive" if archived else "Unarchive"

    def write() -> None:
        for person in people:
            journal.set_archived(person.id, archived)

    return _run(journal, f"{verb} {_names([p.display_name for p in people])}", write)


def restore(journal: Journal, trash_id: str) -> Change:
    return _run(
        journal,
        "Restore from the trash",
        lambda: journal.restore(trash_id),
        words=lambda item: (f"Restore {item.label}", ""),
    )


def add_entry(journal: Journal, entry: Entry) -> Change:
    return _run(journal, "Add an entry", lambda: journal.add_entry(entry))


def save_entry(journal: Journal, entry: Entry) -> Change:
    return _run(journal, "Edit an entry", lambda: journal.save_entry(entry))


def save_capture(journal: Journal, capture: Capture) -> Change:
    """A new entry with what the questions after it taught (``capture.save``)."""
    from journal.core import capture as capture_db

    names = [a.name for a in capture.attendees if a.name]
    label = f"Add the entry with {_names(names)}" if names else "Add an entry"
    return _run(journal, label, lambda: capture_db.save(journal, capture))


def edit_entry(journal: Journal, entry_id: str, capture: Capture) -> Change:
    """An entry as edited: who was there (new names become people), when, what."""
    from journal.core.model import Person

    entry = journal.entry(entry_id)

    def write() -> Entry:
        ids = []
        for attendee in capture.attendees:
            if attendee.person_id is None:
                person = journal.add_person(
                    Person(name=attendee.name, met_on=capture.occurred_at.date())
                )
                attendee.person_id = person.id
            ids.append(attendee.person_id)
        entry.people = ids
        entry.occurred_at = capture.occurred_at
        entry.kind = capture.kind
        entry.title = capture.title
        entry.body = capture.body
        entry.place = capture.place
        return journal.save_entry(entry)

    return _run(journal, "Edit an entry", write)


def trash_entries(journal: Journal, ids: Sequence[str]) -> Change:
    label = (
        "Move an entry to the trash" if len(ids) == 1 else f"Move {len(ids)} entries to the trash"
    )
    return _run(journal, label, lambda: [journal.delete_entry(i) for i in ids])


def add_facet(journal: Journal, person_id: str, facet: Facet) -> Change:
    return _run(journal, f"Add “{facet.text}”", lambda: journal.add_facet(person_id, facet))


def save_facet(journal: Journal, facet: Facet) -> Change:
    return _run(journal, f"Edit “{facet.text}”", lambda: journal.save_facet(facet))


def trash_facet(journal: Journal, facet_id: str, text: str = "") -> Change:
    label = f"Delete “{text}”" if text else "Delete a detail"
    return _run(journal, label, lambda: journal.delete_facet(facet_id))


def act(journal: Journal, suggestion: Suggestion, action: str, until: date | None = None) -> Change:
    """Done, skip, snooze, mute or unmute a suggestion (``engine.act``) as one step."""
    from journal.core import engine

    label, message = _act_words(suggestion.person_name, action, until)
    return _run(
        journal, label, lambda: engine.act(journal, suggestion, action, until), message=message
    )


def act_on_person(
    journal: Journal, person_id: str, action: str, until: date | None = None
) -> Change:
    """``act`` by a person's id, due or not (the command line's ``journal act``)."""
    from journal.core import engine

    label, message = _act_words(journal.person(person_id).display_name, action, until)
    return _run(
        journal,
        label,
        lambda: engine.act_on_person(journal, person_id, action, until),
        message=message,
    )


def _act_words(name: str, action: str, until: date | None) -> tuple[str, str]:
    label, message = {
        "done": (f"Check in with {name}", f"Checked in with {name}."),
        "skip": (f"Skip {name}", f"Skipped {name} this time."),
        "snooze": (f"Snooze {name}", f"Snoozed {name}."),
        "mute": (f"Mute {name}", f"No more suggestions for {name}."),
        "unmute": (f"Unmute {name}", f"Suggestions for {name} are back on."),
    }.get(action, (f"Change {name}", ""))
    if action == "snooze" and until is not None:
        message = f"Snoozed {name} until {format_date(until)}."  # as the CLI says it
    return label, message


def set_muted(journal: Journal, person_id: str, muted: bool) -> Change:
    """Stop (or start again) suggesting check-ins with someone."""
    from journal.core import engine

    name = journal.person(person_id).display_name
    return _run(
        journal,
        f"{'Mute' if muted else 'Unmute'} {name}",
        lambda: engine.set_muted(journal, person_id, muted),
        message=(
            f"Muted {name}: no check-in suggestions until you unmute."
            if muted
            else f"Suggestions for {name} are back on."
        ),
    )


def snooze_until_tomorrow(journal: Journal, suggestion: Suggestion) -> Change:
    """ "Later" on a reminder: the check-in comes back tomorrow (the tray's snooze)."""
    return act(journal, suggestion, "snooze", tomorrow(journal))


def tomorrow(journal: Journal) -> date:
    return journal.clock.today() + timedelta(days=1)


def merge(journal: Journal, plan: MergePlan) -> Change:
    from journal.core import merge as merge_db

    def words(result: MergeResult) -> tuple[str, str]:
        name = journal.person(plan.survivor_id).display_name
        return f"Merge into {name}", f"Merged {len(result.merged_ids) + 1} records into {name}."

    return _run(
        journal, "Merge people", lambda: merge_db.merge(journal, plan), group="merge", words=words
    )


def bulk(journal: Journal, action: Callable[[], BulkChange]) -> Change:
    """A bulk edit (a ``core.bulk`` call such as ``lambda: bulk.set_circle(journal, ids,
    circle)``) as one undoable step, labelled with the sentence it returns."""
    return _run(
        journal,
        "Change several people",
        action,
        group="bulk",
        words=lambda result: (_imperative(result.description), result.description),
    )


def add_link(journal: Journal, *args: Any, **kwargs: Any) -> Change:
    from journal.core import links

    return _run(journal, "Add a link", lambda: links.add_link(journal, *args, **kwargs))


def save_link(journal: Journal, link: Link) -> Change:
    from journal.core import links

    return _run(journal, "Edit a link", lambda: links.save_link(journal, link))


def remove_link(journal: Journal, link_id: str, other_name: str = "") -> Change:
    from journal.core import links

    label = f"Remove the link with {other_name}" if other_name else "Remove a link"
    return _run(journal, label, lambda: links.remove_link(journal, link_id))


def set_fact_status(journal: Journal, facet_id: str, status: Any, *, on: date) -> Change:
    from journal.core import facts

    return _run(
        journal, "Change a detail", lambda: facts.set_fact_status(journal, facet_id, status, on=on)
    )


def confirm_fact(journal: Journal, facet_id: str, *, on: date) -> Change:
    from journal.core import facts

    return _run(journal, "Confirm a detail", lambda: facts.confirm_fact(journal, facet_id, on=on))


def keep_promise(journal: Journal, follow_up_id: str, *, on: date) -> Change:
    from journal.core import facts

    return _run(
        journal, "Mark a follow-up done", lambda: facts.keep_promise(journal, follow_up_id, on=on)
    )


def complete_follow_up(journal: Journal, follow_up_id: str, on: date | None = None) -> Change:
    """A follow-up done; one about a person is noted as something given to them."""
    with journal.store.reading() as conn:
        row = conn.execute(
            "SELECT text, person_id FROM follow_ups WHERE id = ?", (follow_up_id,)
        ).fetchone()
    if row is None:
        raise NotFound("That follow-up is no longer in the journal.")
    kept = " (noted as something you gave)" if row["person_id"] else ""
    return _run(
        journal,
        f"Mark “{row['text']}” done",
        lambda: journal.complete_follow_up(follow_up_id, on),
        message=f"Marked “{row['text']}” done{kept}.",
    )


def reopen_follow_up(journal: Journal, follow_up_id: str) -> Change:
    return _run(journal, "Reopen a follow-up", lambda: journal.reopen_follow_up(follow_up_id))


def dismiss_duplicates(journal: Journal, a: str, b: str, names: str = "") -> Change:
    """ "Not the same person": the pair is not suggested again."""
    from journal.core import duplicate_review

    return _run(
        journal,
        "Keep two people apart",
        lambda: duplicate_review.dismiss(journal, a, b),
        message=f"{names}: not the same person." if names else "",
    )


def discard_draft(journal: Journal, draft_id: str) -> Change:
    """Forget an unfinished entry; Ctrl+Z brings its text back (``journal.discard_draft``
    keeps the draft in the step, although drafts are not synced)."""
    return _run(journal, "Discard the unfinished entry", lambda: journal.discard_draft(draft_id))


def decide_proposals(
    journal: Journal, keep: Sequence[tuple[str, str | None]], dismiss: Sequence[str]
) -> Change:
    """What reading entries noticed, decided: ``keep`` as ``(proposal id, wording)``
    (facts, status changes, promises, promises kept), ``dismiss`` set aside; one step."""
    from journal.core import proposals

    def write() -> tuple[list[Any], list[Any]]:
        accepted = [proposals.accept_proposal(journal, pid, text) for pid, text in keep]
        dismissed = [proposals.dismiss_proposal(journal, pid) for pid in dismiss]
        return accepted, dismissed

    label = "Keep what Rapport noticed" if keep else "Set aside what Rapport noticed"
    return _run(journal, label, write)


def add_follow_up(journal: Journal, item: FollowUp) -> Change:
    """A follow-up to do (with a day, it shows on Today then)."""
    message = (
        f"Added for {item.due_on:%A} {format_date(item.due_on)}: it shows on Today then."
        if item.due_on is not None
        else ""
    )
    return _run(journal, f"Add “{item.text}”", lambda: journal.add_follow_up(item), message=message)


def update_follow_up(journal: Journal, follow_up_id: str, text: str, due_on: date | None) -> Change:
    return _run(
        journal,
        f"Edit “{text}”",
        lambda: journal.update_follow_up(follow_up_id, text, due_on),
    )


def answer_longer_cadence(journal: Journal, person_id: str, days: int | None) -> Change:
    """Yes (``days``) or no (None) to checking in less often with someone."""
    from journal.core import engine

    name = journal.person(person_id).display_name
    if days:
        return _run(
            journal,
            f"Check in with {name} {every(days)}",
            lambda: engine.confirm_longer_cadence(journal, person_id, days),
            message=f"{name}: {every(days)} from now on.",
        )
    return _run(
        journal,
        f"Keep {name}'s cadence",
        lambda: engine.decline_longer_cadence(journal, person_id),
        message=f"{name}: cadence kept as it is.",
    )


def save_settings(journal: Journal, value: JournalSettings) -> Change:
    return _run(journal, "Change the settings", lambda: journal.save_settings(value))


def answer_introduction(journal: Journal, intro: Any, action: str) -> Change:
    """The week's introduction answered: "introduced", "never" or "dismiss"."""
    from journal.core import introductions

    a, b = intro.need_person, intro.offer_person
    label, message = {
        "introduced": (
            f"Note that you introduced {a} and {b}",
            f"Noted: you introduced {a} and {b} (a give to both).",
        ),
        "never": (
            f"Never suggest {a} and {b} again",
            f"{a} and {b} will not be suggested to meet again.",
        ),
    }.get(action, (f"Put away {a} and {b}", "Put away until next week."))
    return _run(
        journal,
        label,
        lambda: introductions.answer_week(journal, intro, action),
        message=message,
    )


def put_back_kept(journal: Journal, kept_id: int) -> Change:
    """A value kept when two computers disagreed made the field's value again
    (Settings ▸ Sync); an edit like any other, so it syncs, and Ctrl+Z takes it back."""
    from journal.core.sync import history

    found = history.kept(journal, kept_id)
    words = history.field_words(found.table, found.column) if found else "an earlier value"
    return _run(
        journal,
        f"Put back {words}",
        lambda: history.put_back(journal, kept_id),
        message=f"Put back {words}. It reaches your other computers at the next sync.",
    )


def import_people(
    journal: Journal,
    plan: ImportPlan,
    *,
    source: str = "",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Change:
    """An import (``interop.plan.apply_import``) as one step: Ctrl+Z removes the people
    it added and takes back what it merged into others. ``source`` names the file in
    the label ("Import 212 people from contacts.vcf"); ``result`` is the report. A
    cancel raises ``ImportCancelled`` and changes nothing."""
    from journal.core.interop.plan import apply_import

    def words(report: ImportReport) -> tuple[str, str]:
        count = len(report.added) + len(report.merged)
        people = "1 person" if count == 1 else f"{count:,} people"
        label = f"Import {people}" + (f" from {source}" if source else "")
        return label, ""

    return _run(
        journal,
        "Import people",
        lambda: apply_import(journal, plan, progress=progress, cancel=cancel),
        group="import",
        words=words,
    )


# -- meetings (this computer's calendar) ------------------------------------------------


def _meeting_title(journal: Journal, meeting_id: str) -> str:
    from journal.core.calendar import meetings

    title = meetings.meeting(journal, meeting_id).title
    return f"“{title}”" if title else "the meeting"


def meeting_reflected(journal: Journal, meeting_id: str, entry_id: str) -> Change:
    """The entry written from a meeting's prompt saved: the meeting is resolved."""
    from journal.core.calendar import meetings

    title = _meeting_title(journal, meeting_id)
    return _run(
        journal,
        f"Note that you wrote about {title}",
        lambda: meetings.reflected(journal, meeting_id, entry_id),
    )


def we_met(journal: Journal, meeting_id: str) -> Change:
    """ "We met": an entry without words at the meeting's time, the meeting resolved."""
    from journal.core.calendar import meetings

    title = _meeting_title(journal, meeting_id)
    return _run(
        journal, f"Count {title} as being in touch", lambda: meetings.we_met(journal, meeting_id)
    )


def dismiss_meeting(journal: Journal, meeting_id: str) -> Change:
    """A meeting not worth a reflection: not asked about again, not counted."""
    from journal.core.calendar import meetings

    title = _meeting_title(journal, meeting_id)
    return _run(journal, f"Dismiss {title}", lambda: meetings.dismiss(journal, meeting_id))


def confirm_attendee(journal: Journal, name: str, person_id: str, same: bool) -> Change:
    """ "Is this attendee the person of that name you know?" answered, for every
    meeting the name is in (``meetings.confirm_name``)."""
    from journal.core.calendar import meetings

    known = journal.person(person_id).display_name
    return _run(
        journal,
        f"Confirm {name} is {known}" if same else f"Note that {name} is not {known}",
        lambda: meetings.confirm_name(journal, name, person_id, same),
        message=(
            f"{name} in your meetings is {known}."
            if same
            else f"{name} in your meetings is someone else than {known}."
        ),
    )


def add_attendee(journal: Journal, meeting_id: str, position: int) -> Change:
    """Someone in a meeting added to the journal (``meetings.add_attendee_as_person``);
    ``result`` is the person."""
    from journal.core.calendar import meetings

    return _run(
        journal,
        "Add someone from a meeting",
        lambda: meetings.add_attendee_as_person(journal, meeting_id, position),
        words=lambda person: (f"Add {person.display_name}", ""),
    )


def save_calendar_settings(journal: Journal, value: Any) -> Change:
    """Which calendars this computer reads and when it prompts (Settings ▸ Calendar)."""
    from journal.core.calendar import meetings

    return _run(
        journal, "Change the calendar settings", lambda: meetings.save_settings(journal, value)
    )


def run(journal: Journal, label: str, fn: Any, *args: Any, **kwargs: Any) -> Change:
    """Any core write as one undoable step: ``run(journal, "Edit Ana", fn, ...)``."""
    return _run(journal, label, lambda: fn(*args, **kwargs))


def _imperative(sentence: str) -> str:
    """ "Moved 3 people to the trash." -> "Move 3 people to the trash" (a menu's words)."""
    text = sentence.rstrip(".")
    first, _, rest = text.partition(" ")
    verbs = {
        "Moved": "Move",
        "Added": "Add",
        "Removed": "Remove",
        "Archived": "Archive",
        "Unarchived": "Unarchive",
        "Set": "Set",
        "Changed": "Change",
        "Put": "Put",
        "Gave": "Give",
        "Tagged": "Tag",
        "Untagged": "Untag",
    }
    return f"{verbs.get(first, first)} {rest}".strip() if rest else text


def save_all_settings(journal: Journal, value: JournalSettings, calendar: Any = None) -> Change:
    """Settings ▸ Save: the journal's settings and (``calendar``, a
    ``meetings.CalendarSettings``) this computer's calendar section, as one step, so one
    Ctrl+Z takes back what one click saved."""
    from journal.core.calendar import meetings

    def write() -> None:
        journal.save_settings(value)
        if calendar is not None:
            meetings.save_settings(journal, calendar)

    return _run(journal, "Change the settings", write, message="Settings saved.")

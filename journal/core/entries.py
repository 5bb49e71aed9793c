"""Journal entries and what came of them: follow-ups and the reciprocity ledger."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from journal.core.dates import (
    date_from_db,
    date_to_db,
    datetime_to_db,
)
from journal.core.errors import NotFound
from journal.core.model import (
    Direction,
    Entry,
    EntryKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
)
from journal.core.store import Connection
from journal.core.stored import stored_datetime, stored_entry_time, stored_enum, stored_text
from journal.core.wording import excerpt


def insert_entries(conn: Connection, entries: Sequence[Entry], now: str) -> None:
    """Insert entries with their people, follow-ups and ledger items (bulk-friendly)."""
    for entry in entries:
        entry.created_at = entry.created_at or now
        entry.updated_at = now
    conn.executemany(
        "INSERT INTO entries (id, occurred_at, kind, title, body, place, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.id,
                datetime_to_db(e.occurred_at),
                str(e.kind),
                e.title.strip(),
                e.body,
                e.place.strip(),
                e.created_at,
                e.updated_at,
            )
            for e in entries
        ],
    )
    conn.executemany(
        "INSERT INTO entry_people (entry_id, person_id, position) VALUES (?, ?, ?)",
        [(e.id, pid, i) for e in entries for i, pid in enumerate(dict.fromkeys(e.people))],
    )
    follow_ups: list[FollowUp] = []
    ledger: list[LedgerItem] = []
    for entry in entries:
        for follow_up in entry.follow_ups:
            follow_up.entry_id = entry.id
            follow_ups.append(follow_up)
        for item in entry.ledger:
            item.entry_id = entry.id
            item.occurred_on = item.occurred_on or entry.occurred_at.date()
            ledger.append(item)
    insert_follow_ups(conn, follow_ups, now)
    insert_ledger(conn, ledger, now)


def update_entry(conn: Connection, entry: Entry, now: str) -> None:
    """Save an edited entry: its fields, its people, its follow-ups and ledger items."""
    entry.updated_at = now
    cursor = conn.execute(
        "UPDATE entries SET occurred_at = ?, kind = ?, title = ?, body = ?, place = ?, "
        "updated_at = ? WHERE id = ?",
        (
            datetime_to_db(entry.occurred_at),
            str(entry.kind),
            entry.title.strip(),
            entry.body,
            entry.place.strip(),
            now,
            entry.id,
        ),
    )
    if cursor.rowcount != 1:
        raise NotFound("That entry is no longer in the journal.")
    current = [
        r["person_id"]
        for r in conn.execute("SELECT person_id FROM entry_people WHERE entry_id = ?", (entry.id,))
    ]
    wanted = list(dict.fromkeys(entry.people))
    for gone in set(current) - set(wanted):
        conn.execute(
            "DELETE FROM entry_people WHERE entry_id = ? AND person_id = ?", (entry.id, gone)
        )
    for i, pid in enumerate(wanted):
        conn.execute(
            "INSERT INTO entry_people (entry_id, person_id, position) VALUES (?, ?, ?) "
            "ON CONFLICT (entry_id, person_id) DO UPDATE SET position = excluded.position",
            (entry.id, pid, i),
        )
    _replace_children(conn, entry, now)


def _replace_children(conn: Connection, entry: Entry, now: str) -> None:
    keep_f = {f.id for f in entry.follow_ups}
    keep_l = {item.id for item in entry.ledger}
    for table, keep in (("follow_ups", keep_f), ("ledger", keep_l)):
        for row in conn.execute(f"SELECT id FROM {table} WHERE entry_id = ?", (entry.id,)):
            if row["id"] not in keep:
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
    for follow_up in entry.follow_ups:
        follow_up.entry_id = entry.id
        conn.execute("DELETE FROM follow_ups WHERE id = ?", (follow_up.id,))
    for item in entry.ledger:
        item.entry_id = entry.id
        item.occurred_on = item.occurred_on or entry.occurred_at.date()
        conn.execute("DELETE FROM ledger WHERE id = ?", (item.id,))
    insert_follow_ups(conn, entry.follow_ups, now)
    insert_ledger(conn, entry.ledger, now)


def insert_follow_ups(conn: Connection, items: Sequence[FollowUp], now: str) -> None:
    for item in items:
        item.created_at = item.created_at or now
        item.updated_at = now
    conn.executemany(
        "INSERT INTO follow_ups (id, text, due_on, person_id, entry_id, done_on, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f.id,
                f.text.strip(),
                date_to_db(f.due_on),
                f.person_id,
                f.entry_id,
                date_to_db(f.done_on),
                f.created_at,
                f.updated_at,
            )
            for f in items
        ],
    )


def insert_ledger(conn: Connection, items: Sequence[LedgerItem], now: str) -> None:
    for item in items:
        item.created_at = item.created_at or now
        item.updated_at = now
    conn.executemany(
        "INSERT INTO ledger (id, person_id, direction, kind, description, occurred_on, "
        "entry_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i.id,
                i.person_id,
                str(i.direction),
                str(i.kind),
                i.description.strip(),
                date_to_db(i.occurred_on or date.today()),
                i.entry_id,
                i.created_at,
                i.updated_at,
            )
            for i in items
        ],
    )


def follow_up_from_row(row: Any) -> FollowUp:
    return FollowUp(
        id=row["id"],
        text=row["text"],
        due_on=date_from_db(row["due_on"]),
        person_id=row["person_id"],
        entry_id=row["entry_id"],
        done_on=date_from_db(row["done_on"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def ledger_from_row(row: Any) -> LedgerItem:
    return LedgerItem(
        id=row["id"],
        person_id=row["person_id"],
        direction=stored_enum(Direction, row["direction"], Direction.GIVEN),
        kind=stored_enum(LedgerKind, row["kind"], LedgerKind.OTHER),
        description=row["description"],
        occurred_on=date_from_db(row["occurred_on"]),
        entry_id=row["entry_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _entry_from_row(row: Any) -> Entry:
    return Entry(
        id=row["id"],
        occurred_at=stored_entry_time(row["occurred_at"], row["created_at"]),
        kind=stored_enum(EntryKind, row["kind"], EntryKind.MEETING),
        title=stored_text(row["title"]),
        body=stored_text(row["body"]),
        place=stored_text(row["place"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def load_entries(conn: Connection, ids: Sequence[str]) -> list[Entry]:
    """Whole entries with people, follow-ups and ledger items, in the order of ``ids``."""
    if not ids:
        return []
    id_json = json.dumps(list(ids))
    in_ids = "IN (SELECT value FROM json_each(?))"
    by_id = {
        r["id"]: _entry_from_row(r)
        for r in conn.execute(f"SELECT * FROM entries WHERE id {in_ids}", (id_json,))
    }
    for r in conn.execute(
        f"SELECT entry_id, person_id FROM entry_people WHERE entry_id {in_ids} "
        "ORDER BY entry_id, position",
        (id_json,),
    ):
        by_id[r["entry_id"]].people.append(r["person_id"])
    for r in conn.execute(
        f"SELECT * FROM follow_ups WHERE entry_id {in_ids} ORDER BY created_at, id", (id_json,)
    ):
        by_id[r["entry_id"]].follow_ups.append(follow_up_from_row(r))
    for r in conn.execute(
        f"SELECT * FROM ledger WHERE entry_id {in_ids} ORDER BY created_at, id", (id_json,)
    ):
        by_id[r["entry_id"]].ledger.append(ledger_from_row(r))
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class EntryQuery:
    """Which entries the Journal view shows, newest first, in windows of rows."""

    person_id: str | None = None
    kind: EntryKind | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = 200
    offset: int = 0
    newest_first: bool = True


@dataclass(frozen=True)
class EntrySummary:
    id: str
    occurred_at: datetime
    kind: EntryKind
    title: str
    snippet: str
    place: str
    people: tuple[tuple[str, str], ...]  # (id, display name)


#: Characters of an entry's text in lists and timelines (cut at a word, with "…").
SNIPPET = 240


def query_entries(conn: Connection, query: EntryQuery) -> list[EntrySummary]:
    where, params = _entry_where(query)
    sql = (
        f"SELECT e.id, e.occurred_at, e.kind, e.title, substr(e.body, 1, {SNIPPET + 1}) "
        "AS snippet, "
        "e.place FROM entries e"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY e.occurred_at {'DESC' if query.newest_first else 'ASC'}, e.id"
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit, query.offset]
    rows = conn.execute(sql, params).fetchall()
    people = _people_of(conn, [r["id"] for r in rows])
    return [
        EntrySummary(
            id=r["id"],
            occurred_at=stored_entry_time(r["occurred_at"]),
            kind=stored_enum(EntryKind, r["kind"], EntryKind.MEETING),
            title=stored_text(r["title"]),
            snippet=excerpt(
                stored_text(r["snippet"]), SNIPPET, more=len(r["snippet"] or "") > SNIPPET
            ),
            place=stored_text(r["place"]),
            people=tuple(people.get(r["id"], ())),
        )
        for r in rows
    ]


def count_entries(conn: Connection, query: EntryQuery) -> int:
    where, params = _entry_where(query)
    sql = "SELECT count(*) FROM entries e"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return int(conn.execute(sql, params).fetchone()[0])


def _entry_where(query: EntryQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.person_id:
        where.append("e.id IN (SELECT entry_id FROM entry_people WHERE person_id = ?)")
        params.append(query.person_id)
    if query.kind:
        where.append("e.kind = ?")
        params.append(str(query.kind))
    if query.since:
        where.append("e.occurred_at >= ?")
        params.append(query.since.isoformat())
    if query.until:
        where.append("e.occurred_at < date(?, '+1 day')")
        params.append(query.until.isoformat())
    return where, params


def _people_of(conn: Connection, entry_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    if not entry_ids:
        return {}
    out: dict[str, list[tuple[str, str]]] = {}
    for r in conn.execute(
        "SELECT ep.entry_id, p.id, CASE WHEN p.preferred_name != '' THEN p.preferred_name "
        "ELSE p.name END AS shown FROM entry_people ep JOIN people p ON p.id = ep.person_id "
        "WHERE ep.entry_id IN (SELECT value FROM json_each(?)) ORDER BY ep.position",
        (json.dumps(entry_ids),),
    ):
        out.setdefault(r["entry_id"], []).append((r["id"], r["shown"]))
    return out


def open_follow_ups(conn: Connection, person_id: str | None = None) -> list[FollowUp]:
    sql = "SELECT * FROM follow_ups WHERE done_on IS NULL"
    params: list[Any] = []
    if person_id:
        sql += " AND person_id = ?"
        params.append(person_id)
    sql += " ORDER BY due_on IS NULL, due_on, created_at"
    return [follow_up_from_row(r) for r in conn.execute(sql, params)]


def follow_ups_for(conn: Connection, person_id: str) -> list[FollowUp]:
    return [
        follow_up_from_row(r)
        for r in conn.execute(
            "SELECT * FROM follow_ups WHERE person_id = ? "
            "ORDER BY done_on IS NOT NULL, due_on IS NULL, due_on, created_at",
            (person_id,),
        )
    ]


def complete_follow_up(conn: Connection, follow_up_id: str, on: date | None, now: str) -> None:
    cursor = conn.execute(
        "UPDATE follow_ups SET done_on = ?, updated_at = ? WHERE id = ?",
        (date_to_db(on), now, follow_up_id),
    )
    if cursor.rowcount != 1:
        raise NotFound("That follow-up is no longer in the journal.")


def update_follow_up(
    conn: Connection, follow_up_id: str, text: str, due_on: date | None, now: str
) -> None:
    cursor = conn.execute(
        "UPDATE follow_ups SET text = ?, due_on = ?, updated_at = ? WHERE id = ?",
        (text.strip(), date_to_db(due_on), now, follow_up_id),
    )
    if cursor.rowcount != 1:
        raise NotFound("That follow-up is no longer in the journal.")


def ledger_for(conn: Connection, person_id: str) -> list[LedgerItem]:
    return [
        ledger_from_row(r)
        for r in conn.execute(
            "SELECT * FROM ledger WHERE person_id = ? ORDER BY occurred_on DESC, created_at DESC",
            (person_id,),
        )
    ]


@dataclass(frozen=True)
class Balance:
    """Gives and receives with one person: what reciprocity looks like from the journal."""

    given: int
    received: int

    @property
    def net(self) -> int:
        return self.given - self.received


def ledger_balance(conn: Connection, person_id: str, since: date | None = None) -> Balance:
    sql = (
        "SELECT sum(direction = 'given') AS g, sum(direction = 'received') AS r "
        "FROM ledger WHERE person_id = ?"
    )
    params: list[Any] = [person_id]
    if since:
        sql += " AND occurred_on >= ?"
        params.append(since.isoformat())
    row = conn.execute(sql, params).fetchone()
    return Balance(int(row["g"] or 0), int(row["r"] or 0))


def entry_dates_for(conn: Connection, person_id: str) -> list[datetime]:
    """When the user was in touch with this person, oldest first (for learned cadences)."""
    found = (
        stored_datetime(r[0])
        for r in conn.execute(
            "SELECT e.occurred_at FROM entries e JOIN entry_people ep ON ep.entry_id = e.id "
            "WHERE ep.person_id = ? ORDER BY e.occurred_at",
            (person_id,),
        )
    )
    return [when for when in found if when is not None]

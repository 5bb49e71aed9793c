"""Merging two or more records of the same person into one, undoably.

The user picks a survivor and, field by field, whose value to keep; everything else is
united on the survivor: channels and facets without duplicates, tags and network kinds,
and every row anywhere that points at a merged-away person (entries, follow-ups, the
ledger, links, the engine's reminder state, tables added later) is re-pointed. Those
rows are found through the schema's foreign keys, not a list, so a feature that adds a
table referencing ``people(id)`` is merged correctly without touching this module.

It is one transaction, and every change goes through an ``UndoLog`` stored with the
merged-away people in the trash: restoring that trash item brings them back with their
own entries, channels and facets, and puts the survivor's fields back as they were.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.core import trash
from journal.core.clock import stamp
from journal.core.duplicates import channels_match
from journal.core.errors import InvalidInput, NotFound
from journal.core.model import Channel, ChannelKind, Circle, Person
from journal.core.store import Connection
from journal.core.stored import stored_enum, stored_text
from journal.core.undo_log import UndoLog
from journal.core.wording import format_date

if TYPE_CHECKING:
    from journal.core.journal import Journal

#: For notes: keep everyone's, one after the other, instead of picking one.
COMBINE = "*"


@dataclass(frozen=True)
class MergeField:
    key: str
    label: str
    columns: tuple[str, ...]


MERGE_FIELDS: tuple[MergeField, ...] = (
    MergeField("name", "Name", ("name",)),
    MergeField("preferred_name", "Goes by", ("preferred_name",)),
    MergeField("organisation", "Organisation", ("organisation",)),
    MergeField("role", "Role", ("role",)),
    MergeField("field", "Field", ("field",)),
    MergeField("location", "Location", ("location",)),
    MergeField("met_how", "How you met", ("met_how",)),
    MergeField("met_on", "Met on", ("met_on",)),
    MergeField("circle", "Circle", ("circle",)),
    MergeField("cadence_days", "Check-in every", ("cadence_days",)),
    MergeField("birthday", "Birthday", ("birthday_month", "birthday_day", "birthday_year")),
    MergeField("notes", "Notes", ("notes",)),
)
_FIELDS = {f.key: f for f in MERGE_FIELDS}
_CIRCLE_ORDER = {c: i for i, c in enumerate(Circle)}


@dataclass
class MergePlan:
    """Who survives, who is merged into them, and whose value each field keeps."""

    survivor_id: str
    merged_ids: list[str]
    #: Field key (see MERGE_FIELDS) -> the id of the person whose value is kept, or
    #: COMBINE for notes. Missing keys keep the survivor's value.
    choices: dict[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [self.survivor_id, *self.merged_ids]

    def with_survivor(self, survivor_id: str) -> MergePlan:
        """The same people with another survivor (choices kept)."""
        if survivor_id not in self.ids:
            raise InvalidInput("The person to keep must be one of those being merged.")
        return MergePlan(survivor_id, [i for i in self.ids if i != survivor_id], dict(self.choices))


@dataclass(frozen=True)
class MergeSide:
    """One of the people being merged, as the side-by-side view shows them."""

    person: Person
    entries: int
    follow_ups: int
    ledger: int
    links: int


@dataclass(frozen=True)
class MergeProposal:
    sides: list[MergeSide]
    plan: MergePlan


@dataclass(frozen=True)
class MergeResult:
    survivor_id: str
    merged_ids: tuple[str, ...]
    #: The trash item that undoes the merge (``journal.restore(trash_id)``).
    trash_id: str
    #: Rows re-pointed to the survivor, by table.
    moved: dict[str, int]


# -- proposing ------------------------------------------------------------------------------


def propose(journal: Journal, ids: Sequence[str]) -> MergeProposal:
    """A sensible plan: keep the most-written-about person, and fill each field with
    the first value anyone has (the closest circle, the earliest "met on", all notes)."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise InvalidInput("Choose at least two people to merge.")
    people = {p.id: p for p in journal.people(ids)}
    if len(people) != len(ids):
        raise NotFound("One of those people is no longer in the journal.")
    with journal.store.reading() as conn:
        sides = [MergeSide(people[i], *_counts(conn, i)) for i in ids]
    ranked = sorted(
        sides,
        key=lambda s: (
            -s.entries,
            -len(s.person.facets),
            s.person.created_at,
            ids.index(s.person.id),
        ),
    )
    survivor = ranked[0].person.id
    order = [survivor, *(s.person.id for s in ranked[1:])]
    choices: dict[str, str] = {}
    for item in MERGE_FIELDS:
        filled = [i for i in order if field_value(people[i], item.key) not in ("", None)]
        if item.key == "notes" and len(filled) > 1:
            choices[item.key] = COMBINE
        elif item.key == "circle":
            choices[item.key] = min(order, key=lambda i: _CIRCLE_ORDER[people[i].circle])
        elif item.key == "met_on" and filled:
            choices[item.key] = min(filled, key=lambda i: people[i].met_on or date.max)
        else:
            choices[item.key] = filled[0] if filled else survivor
    return MergeProposal(sides, MergePlan(survivor, order[1:], choices))


def _counts(conn: Connection, person_id: str) -> tuple[int, int, int, int]:
    one = (person_id,)
    return (
        conn.execute("SELECT count(*) FROM entry_people WHERE person_id = ?", one).fetchone()[0],
        conn.execute("SELECT count(*) FROM follow_ups WHERE person_id = ?", one).fetchone()[0],
        conn.execute("SELECT count(*) FROM ledger WHERE person_id = ?", one).fetchone()[0],
        conn.execute(
            "SELECT count(*) FROM person_links WHERE a_id = ? OR b_id = ?", (person_id, person_id)
        ).fetchone()[0],
    )


def field_value(person: Person, key: str) -> Any:
    """A person's value for a merge field (what the side-by-side view shows)."""
    return getattr(person, key)


def field_text(person: Person, key: str) -> str:
    value = field_value(person, key)
    if value is None or value == "":
        return ""
    if isinstance(value, Circle):
        return value.label
    if key == "cadence_days":
        return f"{value} days"
    if key == "birthday":
        day = date(value.year or 2000, value.month, value.day)
        return f"{day.day} {day:%b}" + (f" {value.year}" if value.year else "")
    if key == "met_on":
        return f"{format_date(value)}"
    return str(value)


def preview(proposal: MergeProposal, plan: MergePlan) -> Person:
    """The person the merge would leave, for showing before the user confirms."""
    people = {s.person.id: s.person for s in proposal.sides}
    survivor = people[plan.survivor_id]
    result = Person(name=survivor.name, id=survivor.id)
    for item in MERGE_FIELDS:
        choice = plan.choices.get(item.key, plan.survivor_id)
        if choice == COMBINE:
            result.notes = _combined_notes([people[i].notes for i in plan.ids])
        else:
            setattr(result, item.key, field_value(people[choice], item.key))
    everyone = [people[i] for i in plan.ids]
    result.tags = sorted({t for p in everyone for t in p.tags}, key=str.casefold)
    result.network_kinds = {k for p in everyone for k in p.network_kinds}
    result.channels = []
    for channel in (c for p in everyone for c in p.channels):
        if not any(channels_match(channel, kept) for kept in result.channels):
            result.channels.append(channel)
    result.facets = _unique(
        [f for p in everyone for f in p.facets], lambda f: (f.kind, _norm_text(f.text))
    )
    result.archived = all(p.archived for p in everyone)
    return result


def _unique(items: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _combined_notes(notes: Sequence[str]) -> str:
    kept = list(dict.fromkeys(n.strip() for n in notes if n.strip()))
    return "\n\n".join(kept)


def _norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# -- merging --------------------------------------------------------------------------------


def merge(journal: Journal, plan: MergePlan) -> MergeResult:
    """Merge ``plan.merged_ids`` into ``plan.survivor_id`` in one transaction."""
    ids = plan.ids
    if len(set(ids)) != len(ids) or len(ids) < 2:
        raise InvalidInput("Choose at least two different people to merge.")
    for key, choice in plan.choices.items():
        if key not in _FIELDS:
            raise InvalidInput(f"{key!r} is not a field that can be chosen in a merge.")
        if choice not in ids and not (choice == COMBINE and key == "notes"):
            raise InvalidInput("Each field must come from one of the people being merged.")
    with journal.transaction() as conn:
        rows = {
            r["id"]: dict(r)
            for r in conn.execute(
                "SELECT * FROM people WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }
        if len(rows) != len(ids):
            raise NotFound("One of those people is no longer in the journal.")
        log = UndoLog(conn)
        survivor = plan.survivor_id
        for merged_id in plan.merged_ids:  # so another computer's changes follow (sync)
            log.insert(
                "person_redirects",
                {"old_id": merged_id, "new_id": survivor, "at": stamp(journal.clock)},
            )
        moved = _repoint(conn, log, plan.merged_ids, survivor)
        _tidy_links(conn, log, survivor)
        _tidy_dismissals(conn, log, survivor)
        _unite_channels(conn, log, survivor)
        _unite_facets(conn, log, survivor)
        log.update("people", {"id": survivor}, _survivor_values(plan, rows, stamp(journal.clock)))
        names = [rows[i]["name"] for i in plan.merged_ids]
        label = f"Merged {', '.join(names)} into {rows[survivor]['name']}"
        trash_id = trash.delete_to_trash(
            conn, "people", plan.merged_ids, "merge", label, stamp(journal.clock), log=log.ops
        )
        journal.record_change("person", ids)
        journal.record_change("entry", [])
    return MergeResult(survivor, tuple(plan.merged_ids), trash_id, moved)


def undo(journal: Journal, result: MergeResult) -> None:
    """Put the merged-away people back as they were (the same as restoring from the trash)."""
    journal.restore(result.trash_id)


def references_to_people(conn: Connection) -> list[tuple[str, str]]:
    """Every (table, column) holding a person's id, found through the foreign keys."""
    found = []
    for table in trash._tables(conn):
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if fk["table"] == "people" and fk["to"] in (None, "id"):
                found.append((table, fk["from"]))
    return found


def _repoint(conn: Connection, log: UndoLog, merged: list[str], survivor: str) -> dict[str, int]:
    """Point every reference to a merged-away person at the survivor.

    A row that cannot move (the survivor is already in that entry, already has that
    tag, the link would join the survivor to themselves) is a duplicate: it is deleted,
    through the log, so undo brings it back.
    """
    moved: dict[str, int] = {}
    merged_json = json.dumps(merged)
    for table, column in references_to_people(conn):
        rows = conn.execute(
            f"SELECT * FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
            (merged_json,),
        ).fetchall()
        for row in rows:
            key = log.key(table, row)
            if log.update(table, key, {column: survivor}, refusable=True):
                moved[table] = moved.get(table, 0) + 1
            else:
                log.delete(table, key)
    return moved


def _tidy_links(conn: Connection, log: UndoLog, survivor: str) -> None:
    """Symmetric links stored in both orders, or a directional one both ways, are one."""
    seen: set[tuple[str, frozenset[str]]] = set()
    for row in conn.execute(
        "SELECT id, a_id, b_id, kind FROM person_links WHERE ? IN (a_id, b_id) "
        "ORDER BY created_at, id",
        (survivor,),
    ).fetchall():
        ident = (row["kind"], frozenset((row["a_id"], row["b_id"])))
        if ident in seen:
            log.delete("person_links", {"id": row["id"]})
        seen.add(ident)


def _tidy_dismissals(conn: Connection, log: UndoLog, survivor: str) -> None:
    seen: set[frozenset[str]] = set()
    for row in conn.execute(
        "SELECT a_id, b_id FROM duplicate_dismissals WHERE ? IN (a_id, b_id)", (survivor,)
    ).fetchall():
        pair = frozenset((row["a_id"], row["b_id"]))
        if pair in seen:
            log.delete("duplicate_dismissals", {"a_id": row["a_id"], "b_id": row["b_id"]})
        seen.add(pair)


def _unite_channels(conn: Connection, log: UndoLog, survivor: str) -> None:
    """One copy of each email, phone, address...; the survivor's own come first."""
    rows = conn.execute("SELECT * FROM channels WHERE person_id = ?", (survivor,)).fetchall()
    moved = _moved_here(log, "channels")
    kept: list[Channel] = []
    for row in sorted(rows, key=lambda r: (r["id"] in moved, r["position"], r["id"])):
        channel = Channel(
            stored_enum(ChannelKind, row["kind"], ChannelKind.OTHER), stored_text(row["value"])
        )
        if any(channels_match(channel, other) for other in kept):
            log.delete("channels", {"id": row["id"]})
            continue
        log.update("channels", {"id": row["id"]}, {"position": len(kept)})
        kept.append(channel)


def _unite_facets(conn: Connection, log: UndoLog, survivor: str) -> None:
    """One copy of each detail; a duplicate lends the kept one what it lacks."""
    rows = conn.execute("SELECT * FROM facets WHERE person_id = ?", (survivor,)).fetchall()
    moved = _moved_here(log, "facets")
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for row in sorted(
        rows, key=lambda r: (r["id"] in moved, r["position"], r["created_at"], r["id"])
    ):
        ident = (row["kind"], _norm_text(row["text"]))
        if ident not in kept:
            kept[ident] = dict(row)
            log.update("facets", {"id": row["id"]}, {"position": len(kept) - 1})
            continue
        first = kept[ident]
        lent = {
            c: row[c]
            for c in ("detail", "ask_again_on", "event_date", "noted_on", "source_entry_id")
            if not first[c] and row[c]
        }
        lent["shared"] = int(bool(first["shared"] or row["shared"]))
        # Fine to mention only if every copy said so: privacy wins a disagreement.
        lent["mention_ok"] = int(bool(first["mention_ok"] and row["mention_ok"]))
        log.delete("facets", {"id": row["id"]})
        log.update("facets", {"id": first["id"]}, lent)
        first.update(lent)


def _moved_here(log: UndoLog, table: str) -> set[str]:
    """Ids of the rows of ``table`` this merge moved (so the survivor's own sort first)."""
    return {
        op[2].get("id")
        for op in log.ops
        if op[0] == "update" and op[1] == table and "person_id" in op[3]
    }


def _survivor_values(plan: MergePlan, rows: dict[str, dict[str, Any]], now: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in MERGE_FIELDS:
        choice = plan.choices.get(item.key, plan.survivor_id)
        if choice == COMBINE:
            values["notes"] = _combined_notes([rows[i]["notes"] for i in plan.ids])
            continue
        for column in item.columns:
            values[column] = rows[choice][column]
    values["archived"] = int(all(rows[i]["archived"] for i in plan.ids))
    values["created_at"] = min(rows[i]["created_at"] for i in plan.ids)
    values["updated_at"] = now
    return values

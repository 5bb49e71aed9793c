"""People and the personal facets of each connection, as rows in the journal."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from journal.core import search
from journal.core.dates import date_from_db, date_to_db, datetime_from_db
from journal.core.model import (
    Channel,
    ChannelKind,
    Circle,
    Facet,
    FacetKind,
    FactStatus,
    NetworkKind,
    Person,
)
from journal.core.store import Connection
from journal.core.stored import (
    stored_birthday,
    stored_enum,
    stored_int,
    stored_text,
)
from journal.core.wording import sort_bytes

PERSON_FIELDS = (
    "id", "name", "preferred_name", "organisation", "role", "field", "location", "met_how",
    "met_on", "circle", "cadence_days", "birthday_month", "birthday_day", "birthday_year",
    "notes", "archived", "pronouns", "deceased_on", "placed", "created_at", "updated_at",
)  # fmt: skip

FACET_FIELDS = (
    "id", "person_id", "kind", "text", "detail", "shared", "mention_ok", "ask_again_on",
    "event_date", "noted_on", "source_entry_id", "position", "status", "confirmed_on",
    "status_changed_on", "created_at", "updated_at",
)  # fmt: skip


def _person_values(person: Person) -> tuple[Any, ...]:
    b = person.birthday
    return (
        person.id, person.name.strip(), person.preferred_name.strip(), person.organisation.strip(),
        person.role.strip(), person.field.strip(), person.location.strip(), person.met_how,
        date_to_db(person.met_on), str(person.circle), person.cadence_days,
        b.month if b else None, b.day if b else None, b.year if b else None,
        person.notes, int(person.archived), person.pronouns.strip(),
        date_to_db(person.deceased_on), int(person.placed), person.created_at, person.updated_at,
    )  # fmt: skip


def _facet_values(facet: Facet, position: int) -> tuple[Any, ...]:
    return (
        facet.id, facet.person_id, str(facet.kind), facet.text.strip(), facet.detail,
        int(facet.shared), int(bool(facet.mention_ok)), date_to_db(facet.ask_again_on),
        date_to_db(facet.event_date), date_to_db(facet.noted_on), facet.source_entry_id,
        position, str(facet.status), date_to_db(facet.confirmed_on),
        date_to_db(facet.status_changed_on), facet.created_at, facet.updated_at,
    )  # fmt: skip


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def insert_people(conn: Connection, people: Sequence[Person], now: str) -> None:
    """Insert people with their channels, tags, kinds and facets (bulk-friendly: many
    people are indexed for search once each, at the end, not once per person and again
    per tag; one person is indexed as it is written, which costs no schema change)."""
    for person in people:
        person.created_at = person.created_at or now
        person.updated_at = now
    bulk = search.people_indexed_once(conn) if len(people) > 1 else contextlib.nullcontext()
    with bulk:
        _insert_rows(
            conn,
            f"INSERT INTO people ({', '.join(PERSON_FIELDS)})",
            [_person_values(p) for p in people],
        )
        _write_children(conn, people, now)


#: Rows per INSERT statement when many are written at once. A statement on a table
#: with any trigger (sync capture, search) costs about 0.45 ms more (most likely the
#: journal of changed pages it keeps to undo itself): a people row written by a
#: statement of its own cost 0.68 ms CPU; 100 rows to a statement, 0.15 ms a row.
_ROWS_PER_STATEMENT = 100
#: SQLite's limit on a statement's parameters (32766 since 3.32), with room to spare.
_MAX_PARAMETERS = 32000


def _insert_rows(conn: Connection, head: str, rows: Sequence[Sequence[Any]]) -> None:
    """``head`` (``INSERT INTO t (a, b)``) for each of ``rows``, in their order (row
    triggers fire row by row, as with one statement a row), many rows per statement."""
    if not rows:
        return
    width = len(rows[0])
    per = max(1, min(_ROWS_PER_STATEMENT, _MAX_PARAMETERS // width))
    one = f"({_placeholders(width)})"
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        conn.execute(
            f"{head} VALUES {', '.join([one] * len(chunk))}", [v for row in chunk for v in row]
        )


def update_person(conn: Connection, person: Person, now: str) -> None:
    """Save every field of ``person``, replacing its channels, tags, kinds and facets."""
    person.updated_at = now
    assignments = ", ".join(f"{f} = ?" for f in PERSON_FIELDS[1:-2])
    values = _person_values(person)
    cursor = conn.execute(
        f"UPDATE people SET {assignments}, updated_at = ? WHERE id = ?",
        (*values[1:-2], now, person.id),
    )
    if cursor.rowcount != 1:
        from journal.core.errors import NotFound

        raise NotFound("That person is no longer in the journal (deleted elsewhere?).")
    # Rewrite only what changed: every row written fires the search index's triggers,
    # and an import saves thousands of people whose details are mostly unchanged.
    _sync_values(
        conn, "person_tags", "tag", person.id, {t.strip() for t in person.tags if t.strip()}
    )
    _sync_values(
        conn, "person_network_kinds", "kind", person.id, {str(k) for k in person.network_kinds}
    )
    _sync_channels(conn, person, now)
    _sync_facets(conn, person, now)


def _sync_values(
    conn: Connection, table: str, column: str, person_id: str, wanted: set[str]
) -> None:
    current = {
        r[0]
        for r in conn.execute(f"SELECT {column} FROM {table} WHERE person_id = ?", (person_id,))
    }
    for gone in current - wanted:
        conn.execute(f"DELETE FROM {table} WHERE person_id = ? AND {column} = ?", (person_id, gone))
    conn.executemany(
        f"INSERT INTO {table} (person_id, {column}) VALUES (?, ?)",
        [(person_id, value) for value in sorted(wanted - current)],
    )


def _sync_channels(conn: Connection, person: Person, now: str) -> None:
    current = {
        r["id"]: (r["kind"], r["value"], r["label"], r["position"])
        for r in conn.execute(
            "SELECT id, kind, value, label, position FROM channels WHERE person_id = ?",
            (person.id,),
        )
    }
    wanted = {
        c.id: (str(c.kind), c.value.strip(), c.label, i) for i, c in enumerate(person.channels)
    }
    for gone in set(current) - set(wanted):
        conn.execute("DELETE FROM channels WHERE id = ?", (gone,))
    for channel_id, values in wanted.items():
        if channel_id not in current:
            conn.execute(
                "INSERT INTO channels (id, person_id, kind, value, label, position, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (channel_id, person.id, *values, now, now),
            )
        elif current[channel_id] != values:
            conn.execute(
                "UPDATE channels SET kind = ?, value = ?, label = ?, position = ?, "
                "updated_at = ? WHERE id = ?",
                (*values, now, channel_id),
            )


def _write_children(conn: Connection, people: Sequence[Person], now: str) -> None:
    """The new people's channels, tags, kinds and facets: each table's rows together."""
    _insert_rows(
        conn,
        "INSERT INTO channels (id, person_id, kind, value, label, position, created_at, "
        "updated_at)",
        [
            (c.id, p.id, str(c.kind), c.value.strip(), c.label, i, now, now)
            for p in people
            for i, c in enumerate(p.channels)
        ],
    )
    _insert_rows(
        conn,
        "INSERT OR IGNORE INTO person_tags (person_id, tag)",
        [(p.id, t.strip()) for p in people for t in p.tags if t.strip()],
    )
    _insert_rows(
        conn,
        "INSERT INTO person_network_kinds (person_id, kind)",
        [(p.id, str(k)) for p in people for k in sorted(p.network_kinds)],
    )
    _insert_rows(
        conn,
        f"INSERT INTO facets ({', '.join(FACET_FIELDS)})",
        [row for p in people for row in _facet_rows(p.id, p.facets, now)],
    )


def insert_facets(
    conn: Connection, person_id: str, facets: Iterable[Facet], now: str, first_position: int = 0
) -> None:
    conn.executemany(
        f"INSERT INTO facets ({', '.join(FACET_FIELDS)}) "
        f"VALUES ({_placeholders(len(FACET_FIELDS))})",
        _facet_rows(person_id, facets, now, first_position),
    )


def _facet_rows(
    person_id: str, facets: Iterable[Facet], now: str, first_position: int = 0
) -> list[tuple[Any, ...]]:
    """The rows of ``facets``, new for ``person_id`` (stamped and given to them)."""
    rows = []
    for i, facet in enumerate(facets, start=first_position):
        facet.person_id = person_id
        facet.created_at = facet.created_at or now
        facet.updated_at = now
        rows.append(_facet_values(facet, i))
    return rows


def _sync_facets(conn: Connection, person: Person, now: str) -> None:
    """Update facets in place (keeping ids and created_at), add new ones, drop removed ones."""
    compared = [f for f in FACET_FIELDS if f not in ("created_at", "updated_at")]
    existing = {
        row["id"]: (row["created_at"], tuple(row[f] for f in compared))
        for row in conn.execute(
            f"SELECT {', '.join(FACET_FIELDS)} FROM facets WHERE person_id = ?", (person.id,)
        )
    }
    keep = {f.id for f in person.facets}
    for gone in set(existing) - keep:
        conn.execute("DELETE FROM facets WHERE id = ?", (gone,))
    for i, facet in enumerate(person.facets):
        facet.person_id = person.id
        if facet.id not in existing:
            insert_facets(conn, person.id, [facet], now, first_position=i)
            continue
        created_at, stored = existing[facet.id]
        facet.created_at = created_at
        values = _facet_values(facet, i)
        if tuple(values[FACET_FIELDS.index(f)] for f in compared) != stored:
            update_facet(conn, facet, now, position=i)


def update_facet(conn: Connection, facet: Facet, now: str, position: int | None = None) -> None:
    facet.updated_at = now
    values = _facet_values(facet, position or 0)
    fields = [f for f in FACET_FIELDS if f not in ("id", "created_at", "position")]
    if position is not None:
        fields.append("position")
    params = [values[FACET_FIELDS.index(f)] for f in fields]
    cursor = conn.execute(
        f"UPDATE facets SET {', '.join(f'{f} = ?' for f in fields)} WHERE id = ?",
        (*params, facet.id),
    )
    if cursor.rowcount != 1:
        from journal.core.errors import NotFound

        raise NotFound("That detail is no longer in the journal.")


def person_from_row(row: Any) -> Person:
    birthday = stored_birthday(row["birthday_month"], row["birthday_day"], row["birthday_year"])
    return Person(
        id=row["id"],
        name=stored_text(row["name"]),
        preferred_name=stored_text(row["preferred_name"]),
        organisation=row["organisation"],
        role=row["role"],
        field=row["field"],
        location=row["location"],
        met_how=row["met_how"],
        met_on=date_from_db(row["met_on"]),
        circle=stored_enum(Circle, row["circle"], Circle.NETWORK),
        cadence_days=stored_int(row["cadence_days"], 1),
        birthday=birthday,
        notes=row["notes"],
        archived=bool(row["archived"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        last_contact_at=datetime_from_db(row["last_contact_at"]),
        pronouns=row["pronouns"],
        deceased_on=date_from_db(row["deceased_on"]),
        placed=bool(row["placed"]),
    )


def facet_from_row(row: Any) -> Facet:
    return Facet(
        id=row["id"],
        person_id=row["person_id"],
        kind=stored_enum(FacetKind, row["kind"], FacetKind.BACKGROUND),
        text=stored_text(row["text"]),
        detail=row["detail"],
        shared=bool(row["shared"]),
        mention_ok=bool(row["mention_ok"]),
        ask_again_on=date_from_db(row["ask_again_on"]),
        event_date=date_from_db(row["event_date"]),
        noted_on=date_from_db(row["noted_on"]),
        source_entry_id=row["source_entry_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        status=stored_enum(FactStatus, row["status"], FactStatus.ONGOING),
        confirmed_on=date_from_db(row["confirmed_on"]),
        status_changed_on=date_from_db(row["status_changed_on"]),
    )


def load_people(
    conn: Connection, ids: Sequence[str] | None = None, include_archived: bool = True
) -> list[Person]:
    """Whole people (channels, tags, kinds, facets), in name order. ``None`` means all.

    Loads children in one query per table rather than per person, so the engine and
    insights can read a 10,000-person journal in one go.
    """
    where, params = [], []
    if ids is not None:
        if not ids:
            return []
        where.append("id IN (SELECT value FROM json_each(?))")
        import json

        params.append(json.dumps(list(ids)))
    if not include_archived:
        where.append("archived = 0")
    sql = "SELECT * FROM people"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY name COLLATE NOCASE, id"
    people = [person_from_row(r) for r in conn.execute(sql, params)]
    by_id = {p.id: p for p in people}
    if not by_id:
        return people
    filter_sql, filter_params = _child_filter(ids)
    for row in conn.execute(
        f"SELECT * FROM channels {filter_sql} ORDER BY person_id, position", filter_params
    ):
        if row["person_id"] in by_id:
            by_id[row["person_id"]].channels.append(
                Channel(
                    stored_enum(ChannelKind, row["kind"], ChannelKind.OTHER),
                    stored_text(row["value"]),
                    stored_text(row["label"]),
                    row["id"],
                )
            )
    for row in conn.execute(f"SELECT * FROM person_tags {filter_sql} ORDER BY tag", filter_params):
        if row["person_id"] in by_id:
            by_id[row["person_id"]].tags.append(row["tag"])
    for row in conn.execute(f"SELECT * FROM person_network_kinds {filter_sql}", filter_params):
        if row["person_id"] in by_id:
            kind = stored_enum(NetworkKind, row["kind"])
            if kind is not None:  # one this version does not know: left out
                by_id[row["person_id"]].network_kinds.add(kind)
    for row in conn.execute(
        f"SELECT * FROM facets {filter_sql} ORDER BY person_id, position, created_at",
        filter_params,
    ):
        if row["person_id"] in by_id:
            by_id[row["person_id"]].facets.append(facet_from_row(row))
    return people


def _child_filter(ids: Sequence[str] | None) -> tuple[str, list[str]]:
    if ids is None:
        return "", []
    import json

    return "WHERE person_id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]


def load_person(conn: Connection, person_id: str) -> Person | None:
    found = load_people(conn, [person_id])
    return found[0] if found else None


@dataclass(frozen=True)
class PeopleQuery:
    """What the People list shows: a filter, an order, and a window of rows."""

    text: str = ""
    circle: Circle | None = None
    tag: str | None = None
    network_kind: NetworkKind | None = None
    include_archived: bool = False
    only_archived: bool = False
    sort: str = "name"  # name | last_contact | organisation | circle | created
    descending: bool = False
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class PersonSummary:
    """One row of the People list: enough to show, sort and filter without loading facets."""

    id: str
    name: str
    preferred_name: str
    organisation: str
    role: str
    field: str
    location: str
    circle: Circle
    cadence_days: int | None
    archived: bool
    last_contact_at: datetime | None
    tags: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name


_SORTS = {
    "name": "p.name COLLATE NOCASE",
    "last_contact": "p.last_contact_at",
    "organisation": "p.organisation COLLATE NOCASE",
    "circle": "CASE p.circle WHEN 'inner' THEN 0 WHEN 'close' THEN 1 WHEN 'network' THEN 2 "
    "WHEN 'acquaintance' THEN 3 ELSE 4 END",
    "created": "p.created_at",
}


def _where(query: PeopleQuery) -> tuple[str, list[Any]]:
    """The SQL condition (on ``people p``) and parameters of a query's filters."""
    where: list[str] = []
    params: list[Any] = []
    if query.only_archived:
        where.append("p.archived = 1")
    elif not query.include_archived:
        where.append("p.archived = 0")
    if query.circle:
        where.append("p.circle = ?")
        params.append(str(query.circle))
    if query.tag:
        where.append("EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = ?)")
        params.append(query.tag)
    if query.network_kind:
        where.append(
            "EXISTS (SELECT 1 FROM person_network_kinds k WHERE k.person_id = p.id AND k.kind = ?)"
        )
        params.append(str(query.network_kind))
    if query.text.strip():
        like = f"%{_escape_like(query.text.strip())}%"
        where.append(
            "(p.name LIKE ? ESCAPE '\\' OR p.preferred_name LIKE ? ESCAPE '\\' "
            "OR p.organisation LIKE ? ESCAPE '\\')"
        )
        params += [like, like, like]
    return (" WHERE " + " AND ".join(where)) if where else "", params


_TAG_LIST = (
    "(SELECT group_concat(tag, char(31)) FROM "
    "(SELECT tag FROM person_tags t WHERE t.person_id = p.id ORDER BY tag)) AS tag_list"
)


def _summary(r: Any) -> PersonSummary:
    return PersonSummary(
        id=r["id"],
        name=stored_text(r["name"]),
        preferred_name=stored_text(r["preferred_name"]),
        organisation=stored_text(r["organisation"]),
        role=r["role"],
        field=r["field"],
        location=r["location"],
        circle=stored_enum(Circle, r["circle"], Circle.NETWORK),
        cadence_days=stored_int(r["cadence_days"], 1),
        archived=bool(r["archived"]),
        last_contact_at=datetime_from_db(r["last_contact_at"]),
        tags=tuple(r["tag_list"].split("\x1f")) if r["tag_list"] else (),
    )


def query_people(conn: Connection, query: PeopleQuery) -> list[PersonSummary]:
    where, params = _where(query)
    order = _SORTS.get(query.sort, _SORTS["name"])
    direction = "DESC" if query.descending else "ASC"
    sql = f"SELECT p.*, {_TAG_LIST} FROM people p{where}"
    sql += f" ORDER BY {order} {direction} NULLS LAST, p.name COLLATE NOCASE, p.id"
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit, query.offset]
    return [_summary(r) for r in conn.execute(sql, params)]


def summaries(conn: Connection, ids: Sequence[str]) -> list[PersonSummary]:
    """The People list's rows of ``ids``, in that order (people no longer in the journal
    are left out): how the list reads one window of its rows."""
    if not ids:
        return []
    sql = f"SELECT p.*, {_TAG_LIST} FROM people p WHERE p.id IN (SELECT value FROM json_each(?))"
    found = {r["id"]: _summary(r) for r in conn.execute(sql, (json.dumps(list(ids)),))}
    return [found[i] for i in ids if i in found]


def all_archived(conn: Connection, ids: Sequence[str]) -> bool:
    """Whether everyone of ``ids`` still in the journal is archived (what the People
    page's Archive button offers to undo), in one statement however many are selected."""
    return not conn.execute(
        "SELECT 1 FROM people WHERE archived = 0 AND id IN (SELECT value FROM json_each(?)) "
        "LIMIT 1",
        (json.dumps(list(ids)),),
    ).fetchone()


@dataclass(frozen=True)
class PeopleOrder:
    """Which people the People list shows and in which order: the query's filters, then
    the typed ``text`` (in name, preferred name, organisation or role, any case) and
    ``only`` these ids (who is due), sorted by ``column``: name, organisation, role,
    circle, last_contact or tags; people never in touch stay last either way."""

    query: PeopleQuery = PeopleQuery()
    column: str = "name"
    descending: bool = False
    text: str = ""
    only: frozenset[str] | None = None


@dataclass(frozen=True)
class PeopleOrdering:
    """The ids the list shows, in order, and how many the query's filters alone find
    (``total``: what "12 of 50,000 people" counts)."""

    ids: list[str]
    total: int


#: People-list columns and the columns of ``people`` their order reads.
_ORDER_COLUMNS = (
    "p.id, p.name, p.preferred_name, p.organisation, p.role, p.circle, p.last_contact_at"
)
CIRCLE_ORDER = {"inner": 0, "close": 1, "network": 2, "acquaintance": 3, "dormant": 4}


def order_people(conn: Connection, order: PeopleOrder) -> PeopleOrdering:
    """The People list's order: every matching id, read from a few columns (no row is
    built), so a window of rows can then be read by id (``summaries``). Names sort as a
    reader expects (``wording.sort_key``), which SQL cannot, hence the sort here."""
    where, params = _where(order.query)
    tags = order.column == "tags"
    sql = f"SELECT {_ORDER_COLUMNS}{', ' + _TAG_LIST if tags else ''} FROM people p{where}"
    rows = conn.execute(sql, params).fetchall()
    total = len(rows)
    needle = " ".join(order.text.split()).casefold()
    if needle:
        rows = [r for r in rows if needle in _haystack(r)]
    if order.only is not None:
        rows = [r for r in rows if r["id"] in order.only]
    return PeopleOrdering([r["id"] for r in _ordered(rows, order.column, order.descending)], total)


def _haystack(r: Any) -> str:
    return f"{r['name']}\x1f{r['preferred_name']}\x1f{r['organisation']}\x1f{r['role']}".casefold()


def _name_key(r: Any) -> tuple[Any, str]:
    return (sort_bytes(stored_text(r["preferred_name"]) or stored_text(r["name"])), r["id"])


def _text_key(text: str | None) -> tuple[bool, Any]:
    """Empty cells last, the rest in the reader's alphabetical order."""
    return (not text, sort_bytes(text or ""))


def _tags_text(r: Any) -> str:
    return ", ".join(r["tag_list"].split("\x1f")) if r["tag_list"] else ""


_ORDER_KEYS: dict[str, Any] = {
    "name": _name_key,
    "organisation": lambda r: (_text_key(stored_text(r["organisation"])), _name_key(r)),
    "role": lambda r: (_text_key(r["role"]), _name_key(r)),
    "circle": lambda r: (CIRCLE_ORDER.get(r["circle"], 9), _name_key(r)),
    "last_contact": lambda r: (r["last_contact_at"], _name_key(r)),
    "tags": lambda r: (_text_key(_tags_text(r)), _name_key(r)),
}


def _ordered(rows: list[Any], column: str, descending: bool) -> list[Any]:
    key = _ORDER_KEYS.get(column, _name_key)
    if column == "last_contact":
        present = [r for r in rows if r["last_contact_at"] is not None]
        absent = [r for r in rows if r["last_contact_at"] is None]
        present.sort(key=key, reverse=descending)
        absent.sort(key=_name_key)
        return present + absent
    return sorted(rows, key=key, reverse=descending)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_by_name(conn: Connection, name: str) -> list[Person]:
    """People whose name or preferred name is exactly ``name`` (case-insensitive)."""
    ids = [
        r["id"]
        for r in conn.execute(
            "SELECT id FROM people WHERE name = ? COLLATE NOCASE "
            "OR preferred_name = ? COLLATE NOCASE ORDER BY archived, name",
            (name.strip(), name.strip()),
        )
    ]
    return load_people(conn, ids)


def all_tags(conn: Connection) -> list[tuple[str, int]]:
    return [
        (r["tag"], r["n"])
        for r in conn.execute(
            "SELECT tag, count(*) AS n FROM person_tags GROUP BY tag ORDER BY tag COLLATE NOCASE"
        )
    ]

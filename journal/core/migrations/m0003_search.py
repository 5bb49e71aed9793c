"""Schema 3: the full-text search index (FTS5), kept in step by triggers.

Three FTS5 tables, searched smallest first: ``people_fts``, ``facets_fts`` and
``entries_fts``. All tokenise with ``unicode61 remove_diacritics 2`` (so "jose" finds
"José", case aside) and keep prefix indexes for 1, 2 and 3 characters, so the first
keystrokes of search-as-you-type read one doclist instead of merging thousands.

Each indexed row gets a stable integer ``doc`` from its own key table rather than the
base table's implicit rowid, which VACUUM may renumber. Docs run newest first, because
FTS5 walks doclists in ascending rowid order fast and descending order slowly (for
long prefixes, pathologically). An entry's doc encodes its date, reversed: (2^30 minus
minutes since 1970) times 1024 slots per minute. So "the 20 most recent entries that
match" is FTS5's native order, and a date range is a rowid range, however many entries
match. Editing an entry's date re-keys it. When a minute's slots are full (a bulk
import of one timestamp), the entry takes the next free slot within the hour before,
then the slot past the oldest entry. People and facets count down from 2^40.

``fts5vocab`` tables (``*_fts_terms``) list the indexed terms, so a search can expand a
prefix longer than the prefix indexes into the few whole terms it stands for.

Entry rows also carry, unindexed, what a hit shows (the entry's id, date, kind and who
was there), so showing 20 hits reads no other table. A hidden ``meta`` column holds
filter tokens that user text never reaches (every user
phrase is confined to the text columns): ``p<hex id>`` for each person involved,
``c<circle>`` for their circle, ``t<hex tag>`` for a person's tags, ``k<kind>`` for an
entry's or a facet's kind. Filtering by person, circle or kind is then an intersection
of doclists inside FTS5, not a join over every match.

Triggers on the base tables (people, person_tags, facets, entries, entry_people) keep
all of it in the same transaction as every write: saves, bulk inserts, cascading
deletes, and the inserts made by restore-from-trash alike. Names are copied into the
facet and entry rows, so "ana bakery" finds the entry about the bakery with Ana. The
tables are named ``*_fts*``, which the trash leaves alone.
"""

from __future__ import annotations

from typing import Any

TOKENIZE = "tokenize = \"unicode61 remove_diacritics 2\", prefix = '1 2 3'"

MINUTE_SLOTS = 1024
TIME_ORIGIN_MINUTES = 2**30  # docs stay positive until about the year 4000
FIRST_DOC = 2**40  # people and facets count down from here


def entry_doc_base(when: str) -> str:
    """SQL for the first doc of the minute of ``when`` (an ISO text expression)."""
    return f"(({TIME_ORIGIN_MINUTES} - coalesce(unixepoch({when}), 0) / 60) * {MINUTE_SLOTS})"


_NEXT_DOWN = "coalesce((SELECT min(doc) FROM {table}), " + str(FIRST_DOC) + ") - 1"


_PERSON_DOC = "(SELECT doc FROM search_fts_people_keys WHERE ref = {id})"
_FACET_DOC = "(SELECT doc FROM search_fts_facets_keys WHERE ref = {id})"
_ENTRY_DOC = "(SELECT doc FROM search_fts_entries_keys WHERE ref = {id})"

_TAG_TEXT = (
    "coalesce((SELECT group_concat(tag, ' ') FROM "
    "(SELECT tag FROM person_tags WHERE person_id = {id} ORDER BY tag)), '')"
)
_PERSON_META = (
    "coalesce((SELECT 'c' || circle FROM people WHERE id = {id}), '') || coalesce("
    "(SELECT group_concat(' t' || hex(tag), '') FROM person_tags "
    "WHERE person_id = {id}), '')"
)
_OWNER_NAME = (
    "coalesce((SELECT trim(name || ' ' || preferred_name) FROM people WHERE id = {id}), '')"
)
_FACET_META = (
    "'k' || {kind} || ' p' || hex({person}) || coalesce("
    "(SELECT ' c' || circle FROM people WHERE id = {person}), '')"
)
_ENTRY_NAMES = (
    "coalesce((SELECT group_concat(n, ' ') FROM (SELECT trim(p.name || ' ' || "
    "p.preferred_name) AS n FROM entry_people ep JOIN people p ON p.id = "
    "ep.person_id WHERE ep.entry_id = {id} ORDER BY ep.position)), '')"
)
_ENTRY_WHO = (
    "coalesce((SELECT group_concat(x, char(31)) FROM (SELECT p.id || char(30) || "
    "coalesce(nullif(p.preferred_name, ''), p.name) AS x FROM entry_people ep "
    "JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = {id} "
    "ORDER BY ep.position)), '')"
)
_ENTRY_META = (
    "coalesce((SELECT 'k' || kind FROM entries WHERE id = {id}), '') || coalesce("
    "(SELECT group_concat(' p' || hex(p.id) || ' c' || p.circle, '') FROM "
    "entry_people ep JOIN people p ON p.id = ep.person_id "
    "WHERE ep.entry_id = {id}), '')"
)

# The ref of the FTS row being updated, for statements that update many rows at once.
_FACET_OF_ROW = "(SELECT ref FROM search_fts_facets_keys WHERE doc = facets_fts.rowid)"
_ENTRY_OF_ROW = "entries_fts.ref"
_FACETS_OF_PERSON = (
    "(SELECT k.doc FROM facets f JOIN search_fts_facets_keys k "
    "ON k.ref = f.id WHERE f.person_id = {id})"
)
_ENTRIES_OF_PERSON = (
    "(SELECT k.doc FROM entry_people ep JOIN search_fts_entries_keys k "
    "ON k.ref = ep.entry_id WHERE ep.person_id = {id})"
)


def _entry_doc(new: str) -> str:
    base = entry_doc_base(f"{new}.occurred_at")
    hour = f"{base} + {60 * MINUTE_SLOTS}"
    minute_max = (
        f"(SELECT max(doc) FROM search_fts_entries_keys "
        f"WHERE doc >= {base} AND doc < {base} + {MINUTE_SLOTS})"
    )
    hour_max = (
        f"(SELECT max(doc) FROM search_fts_entries_keys WHERE doc >= {base} AND doc < {hour})"
    )
    return (
        f"CASE WHEN {minute_max} IS NULL THEN {base} "
        f"WHEN {minute_max} + 1 < {base} + {MINUTE_SLOTS} THEN {minute_max} + 1 "
        f"WHEN {hour_max} + 1 < {hour} THEN {hour_max} + 1 "
        "ELSE (SELECT max(doc) + 1 FROM search_fts_entries_keys) END"
    )


def _index_entry(new: str) -> str:
    doc = _ENTRY_DOC.format(id=f"{new}.id")
    return (
        f"INSERT INTO search_fts_entries_keys (doc, ref) VALUES ({_entry_doc(new)}, {new}.id);\n"
        "    INSERT INTO entries_fts (rowid, title, body, place, people, meta, ref, "
        f"occurred_at, kind, who) VALUES ({doc}, {new}.title, {new}.body, {new}.place, "
        f"{_ENTRY_NAMES.format(id=new + '.id')}, {_ENTRY_META.format(id=new + '.id')}, "
        f"{new}.id, {new}.occurred_at, {new}.kind, {_ENTRY_WHO.format(id=new + '.id')});"
    )


_UNINDEX_ENTRY = (
    f"DELETE FROM entries_fts WHERE rowid = {_ENTRY_DOC.format(id='OLD.id')};\n"
    "    DELETE FROM search_fts_entries_keys WHERE ref = OLD.id;"
)


def _refresh_entry(entry_id: str) -> str:
    return (
        f"UPDATE entries_fts SET people = {_ENTRY_NAMES.format(id=entry_id)}, "
        f"meta = {_ENTRY_META.format(id=entry_id)}, who = {_ENTRY_WHO.format(id=entry_id)} "
        f"WHERE rowid = {_ENTRY_DOC.format(id=entry_id)};"
    )


def _refresh_person_row(person_id: str) -> str:
    return (
        f"UPDATE people_fts SET tags = {_TAG_TEXT.format(id=person_id)}, "
        f"meta = {_PERSON_META.format(id=person_id)} "
        f"WHERE rowid = {_PERSON_DOC.format(id=person_id)};"
    )


def _refresh_around_person(person_id: str) -> str:
    """The person's facets and entries carry their name and circle: refresh those."""
    facet_kind = f"(SELECT kind FROM facets WHERE id = {_FACET_OF_ROW})"
    return (
        f"UPDATE facets_fts SET person = {_OWNER_NAME.format(id=person_id)}, "
        f"meta = {_FACET_META.format(kind=facet_kind, person=person_id)} "
        f"WHERE rowid IN {_FACETS_OF_PERSON.format(id=person_id)};\n"
        f"    UPDATE entries_fts SET people = {_ENTRY_NAMES.format(id=_ENTRY_OF_ROW)}, "
        f"meta = {_ENTRY_META.format(id=_ENTRY_OF_ROW)}, "
        f"who = {_ENTRY_WHO.format(id=_ENTRY_OF_ROW)} "
        f"WHERE rowid IN {_ENTRIES_OF_PERSON.format(id=person_id)};"
    )


SQL = f"""
CREATE TABLE search_fts_people_keys (doc INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE);
CREATE TABLE search_fts_facets_keys (doc INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE);
CREATE TABLE search_fts_entries_keys (doc INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE);

CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, preferred_name, organisation, role, field, location, tags, met_how, notes, meta,
    {TOKENIZE}
);
CREATE VIRTUAL TABLE facets_fts USING fts5 (text, detail, person, meta, {TOKENIZE});
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body, place, people, meta,
    ref UNINDEXED, occurred_at UNINDEXED, kind UNINDEXED, who UNINDEXED,
    {TOKENIZE}
);
CREATE VIRTUAL TABLE people_fts_terms USING fts5vocab (people_fts, 'row');
CREATE VIRTUAL TABLE facets_fts_terms USING fts5vocab (facets_fts, 'row');
CREATE VIRTUAL TABLE entries_fts_terms USING fts5vocab (entries_fts, 'row');

-- people
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO search_fts_people_keys (doc, ref)
    VALUES ({_NEXT_DOWN.format(table="search_fts_people_keys")}, NEW.id);
    INSERT INTO people_fts (rowid, name, preferred_name, organisation, role, field,
                            location, tags, met_how, notes, meta)
    VALUES ({_PERSON_DOC.format(id="NEW.id")}, NEW.name, NEW.preferred_name,
            NEW.organisation, NEW.role, NEW.field, NEW.location,
            {_TAG_TEXT.format(id="NEW.id")}, NEW.met_how, NEW.notes,
            {_PERSON_META.format(id="NEW.id")});
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF name, preferred_name, organisation, role,
    field, location, met_how, notes, circle ON people
WHEN OLD.name IS NOT NEW.name OR OLD.preferred_name IS NOT NEW.preferred_name
  OR OLD.organisation IS NOT NEW.organisation OR OLD.role IS NOT NEW.role
  OR OLD.field IS NOT NEW.field OR OLD.location IS NOT NEW.location
  OR OLD.met_how IS NOT NEW.met_how OR OLD.notes IS NOT NEW.notes
  OR OLD.circle IS NOT NEW.circle BEGIN
    UPDATE people_fts SET name = NEW.name, preferred_name = NEW.preferred_name,
        organisation = NEW.organisation, role = NEW.role, field = NEW.field,
        location = NEW.location, met_how = NEW.met_how, notes = NEW.notes,
        meta = {_PERSON_META.format(id="NEW.id")}
    WHERE rowid = {_PERSON_DOC.format(id="NEW.id")};
END;
CREATE TRIGGER people_fts_around AFTER UPDATE OF name, preferred_name, circle ON people
WHEN OLD.name IS NOT NEW.name OR OLD.preferred_name IS NOT NEW.preferred_name
  OR OLD.circle IS NOT NEW.circle BEGIN
    {_refresh_around_person("NEW.id")}
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    DELETE FROM people_fts WHERE rowid = {_PERSON_DOC.format(id="OLD.id")};
    DELETE FROM search_fts_people_keys WHERE ref = OLD.id;
END;
CREATE TRIGGER person_tags_fts_insert AFTER INSERT ON person_tags BEGIN
    {_refresh_person_row("NEW.person_id")}
END;
CREATE TRIGGER person_tags_fts_delete AFTER DELETE ON person_tags BEGIN
    {_refresh_person_row("OLD.person_id")}
END;
CREATE TRIGGER person_tags_fts_update AFTER UPDATE ON person_tags BEGIN
    {_refresh_person_row("OLD.person_id")}
    {_refresh_person_row("NEW.person_id")}
END;

-- facets
CREATE TRIGGER facets_fts_insert AFTER INSERT ON facets BEGIN
    INSERT INTO search_fts_facets_keys (doc, ref)
    VALUES ({_NEXT_DOWN.format(table="search_fts_facets_keys")}, NEW.id);
    INSERT INTO facets_fts (rowid, text, detail, person, meta)
    VALUES ({_FACET_DOC.format(id="NEW.id")}, NEW.text, NEW.detail,
            {_OWNER_NAME.format(id="NEW.person_id")},
            {_FACET_META.format(kind="NEW.kind", person="NEW.person_id")});
END;
CREATE TRIGGER facets_fts_update AFTER UPDATE OF text, detail, kind, person_id ON facets
WHEN OLD.text IS NOT NEW.text OR OLD.detail IS NOT NEW.detail OR OLD.kind IS NOT NEW.kind
  OR OLD.person_id IS NOT NEW.person_id
BEGIN
    UPDATE facets_fts SET text = NEW.text, detail = NEW.detail,
        person = {_OWNER_NAME.format(id="NEW.person_id")},
        meta = {_FACET_META.format(kind="NEW.kind", person="NEW.person_id")}
    WHERE rowid = {_FACET_DOC.format(id="NEW.id")};
END;
CREATE TRIGGER facets_fts_delete AFTER DELETE ON facets BEGIN
    DELETE FROM facets_fts WHERE rowid = {_FACET_DOC.format(id="OLD.id")};
    DELETE FROM search_fts_facets_keys WHERE ref = OLD.id;
END;

-- entries
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    {_index_entry("NEW")}
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF occurred_at, kind, title, body, place
ON entries
WHEN OLD.occurred_at IS NOT NEW.occurred_at OR OLD.kind IS NOT NEW.kind
  OR OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.place IS NOT NEW.place
BEGIN
    {_UNINDEX_ENTRY}
    {_index_entry("NEW")}
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    {_UNINDEX_ENTRY}
END;
CREATE TRIGGER entry_people_fts_insert AFTER INSERT ON entry_people BEGIN
    {_refresh_entry("NEW.entry_id")}
END;
CREATE TRIGGER entry_people_fts_delete AFTER DELETE ON entry_people BEGIN
    {_refresh_entry("OLD.entry_id")}
END;
"""


def apply(conn: Any) -> None:
    """Index what the journal already holds (a journal made before search existed)."""
    build_index(conn)


def build_index(conn: Any) -> None:
    """Fill the (empty) index from the base tables, inside the caller's transaction."""
    for table, key_table in (
        ("people", "search_fts_people_keys"),
        ("facets", "search_fts_facets_keys"),
    ):
        conn.execute(
            f"INSERT INTO {key_table} (doc, ref) SELECT {FIRST_DOC} - "
            f"row_number() OVER (ORDER BY created_at, rowid), id FROM {table}"
        )
    # Entries newest first, each taking the next slot of its minute (a minute with more
    # than 1024 entries spills into the following slots: still unique, still in order).
    rows = conn.execute(
        f"SELECT id, {entry_doc_base('occurred_at')} AS base FROM entries "
        "ORDER BY base, occurred_at DESC, rowid"
    ).fetchall()
    keys: list[tuple[int, str]] = []
    last = -1
    for ref, base in rows:
        last = max(base, last + 1)
        keys.append((last, ref))
    conn.executemany("INSERT INTO search_fts_entries_keys (doc, ref) VALUES (?, ?)", keys)
    conn.execute(
        "INSERT INTO people_fts (rowid, name, preferred_name, organisation, role, field, "
        "location, tags, met_how, notes, meta) SELECT k.doc, p.name, p.preferred_name, "
        f"p.organisation, p.role, p.field, p.location, {_TAG_TEXT.format(id='p.id')}, "
        f"p.met_how, p.notes, {_PERSON_META.format(id='p.id')} FROM people p "
        "JOIN search_fts_people_keys k ON k.ref = p.id ORDER BY k.doc"
    )
    conn.execute(
        "INSERT INTO facets_fts (rowid, text, detail, person, meta) "
        f"SELECT k.doc, f.text, f.detail, {_OWNER_NAME.format(id='f.person_id')}, "
        f"{_FACET_META.format(kind='f.kind', person='f.person_id')} FROM facets f "
        "JOIN search_fts_facets_keys k ON k.ref = f.id ORDER BY k.doc"
    )
    conn.execute(
        "INSERT INTO entries_fts (rowid, title, body, place, people, meta, ref, occurred_at, "
        f"kind, who) SELECT k.doc, e.title, e.body, e.place, {_ENTRY_NAMES.format(id='e.id')}, "
        f"{_ENTRY_META.format(id='e.id')}, e.id, e.occurred_at, e.kind, "
        f"{_ENTRY_WHO.format(id='e.id')} FROM entries e "
        "JOIN search_fts_entries_keys k ON k.ref = e.id ORDER BY k.doc"
    )
    for table in ("people_fts", "facets_fts", "entries_fts"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

"""Schema 7: a search index no larger than the text it indexes, folding every alphabet.

Schema 3 (``m0003_search``) kept a full copy of everything it indexed inside FTS5, with
token positions and prefix indexes for every column: on a 10k people / 100k entries
journal the index took 207 MB, twice the journal's own text. Now:

- Every FTS5 table is contentless (``content=''``, ``contentless_delete=1``): it holds
  the index only. What a hit shows is read from the journal's own tables, 20 rows at a
  time. Entries keep two small unindexed values beside the index
  (``contentless_unindexed=1``), their id and date, because date filters check them
  for every candidate.
- Entries, the bulk of the text, keep no token positions (``detail=column``): a search
  term is always one word and never a phrase, so positions bought nothing; column
  filters still work. People and facets keep them (``^`` for "name starts with").
- Prefix indexes (1, 2 and 3 characters) stay: the first keystrokes of search-as-you-type
  would otherwise merge thousands of doclists (see ``search``).

Measured on a 1,000 people / 10,000 entries sample journal (entries' indexed text 1.4 MB;
FTS5 data after 'optimize', rowids in insertion order): detail=full with prefixes 1-3
5.0 MB, detail=column 3.0 MB (prefixes 1-2: 2.3, 1: 1.5, none: 0.95), detail=none 1.0 MB
(but no column filters). The date-keyed rowids below cost about 1.6x of that again
(sparse rowids make larger deltas): 4.7 MB as the triggers build it. On 10k / 100k the
index went from 207 MB to 62 MB (the text it indexes: 16 MB).
- What is indexed is folded by ``folding.fold_text`` (the SQL function ``search_fold``
  registered on every connection): "soren" finds Søren and "l" finds Łukasz.

Because a contentless table cannot update part of a row, each trigger writes a whole
row again from the base tables (``INSERT OR REPLACE``). Keys (``search_fts_*_keys``),
their newest-first numbering and the hidden ``meta`` filter tokens are as schema 3
describes them; the key tables are filled again here too. The migration drops the
schema 3 tables and triggers (and m0004's trigger that refreshed them) and builds the
index again, in the migration's one transaction.
"""

from __future__ import annotations

from typing import Any

from journal.core.folding import SQL_FUNCTION as FOLD
from journal.core.migrations.m0003_search import (
    _ENTRY_META,
    _ENTRY_NAMES,
    _FACET_META,
    _OWNER_NAME,
    _PERSON_META,
    _TAG_TEXT,
    FIRST_DOC,
    _entry_doc,
    entry_doc_base,
)

TOKENIZE = 'tokenize = "unicode61 remove_diacritics 2"'
#: Options for people and facets (small tables; ``^`` needs positions).
SMALL = f"{TOKENIZE}, prefix = '1 2 3', content = '', contentless_delete = 1"
#: Options for entries (see the module doc for what was measured).
ENTRIES = (
    f"{TOKENIZE}, prefix = '1 2 3', detail = column, content = '', "
    "contentless_delete = 1, contentless_unindexed = 1"
)

_DROP = """
DROP TRIGGER IF EXISTS people_fts_insert;
DROP TRIGGER IF EXISTS people_fts_update;
DROP TRIGGER IF EXISTS people_fts_around;
DROP TRIGGER IF EXISTS people_fts_delete;
DROP TRIGGER IF EXISTS person_tags_fts_insert;
DROP TRIGGER IF EXISTS person_tags_fts_delete;
DROP TRIGGER IF EXISTS person_tags_fts_update;
DROP TRIGGER IF EXISTS facets_fts_insert;
DROP TRIGGER IF EXISTS facets_fts_update;
DROP TRIGGER IF EXISTS facets_fts_delete;
DROP TRIGGER IF EXISTS entries_fts_insert;
DROP TRIGGER IF EXISTS entries_fts_update;
DROP TRIGGER IF EXISTS entries_fts_delete;
DROP TRIGGER IF EXISTS entry_people_fts_insert;
DROP TRIGGER IF EXISTS entry_people_fts_delete;
DROP TRIGGER IF EXISTS entry_people_fts_repoint;
DROP TABLE IF EXISTS people_fts_terms;
DROP TABLE IF EXISTS facets_fts_terms;
DROP TABLE IF EXISTS entries_fts_terms;
DROP TABLE IF EXISTS people_fts;
DROP TABLE IF EXISTS facets_fts;
DROP TABLE IF EXISTS entries_fts;
"""

_PEOPLE_COLUMNS = (
    "rowid, name, preferred_name, organisation, role, field, location, tags, met_how, notes, meta"
)
_FACET_COLUMNS = "rowid, text, detail, person, meta"
_ENTRY_COLUMNS = "rowid, title, body, place, people, meta, ref, occurred_at"


def _f(value: str) -> str:
    return f"{FOLD}({value})"


def people_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The people index rows of the people ``where`` selects (alias ``p``)."""
    return (
        f"{verb} INTO people_fts ({_PEOPLE_COLUMNS}) SELECT k.doc, "
        f"{_f('p.name')}, {_f('p.preferred_name')}, {_f('p.organisation')}, {_f('p.role')}, "
        f"{_f('p.field')}, {_f('p.location')}, {_f(_TAG_TEXT.format(id='p.id'))}, "
        f"{_f('p.met_how')}, {_f('p.notes')}, {_PERSON_META.format(id='p.id')} "
        f"FROM people p JOIN search_fts_people_keys k ON k.ref = p.id WHERE {where}"
    )


def facet_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The facet index rows of the facets ``where`` selects (alias ``f``)."""
    return (
        f"{verb} INTO facets_fts ({_FACET_COLUMNS}) SELECT k.doc, "
        f"{_f('f.text')}, {_f('f.detail')}, {_f(_OWNER_NAME.format(id='f.person_id'))}, "
        f"{_FACET_META.format(kind='f.kind', person='f.person_id')} "
        f"FROM facets f JOIN search_fts_facets_keys k ON k.ref = f.id WHERE {where}"
    )


def entry_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The entry index rows of the entries ``where`` selects (alias ``e``)."""
    return (
        f"{verb} INTO entries_fts ({_ENTRY_COLUMNS}) SELECT k.doc, "
        f"{_f('e.title')}, {_f('e.body')}, {_f('e.place')}, "
        f"{_f(_ENTRY_NAMES.format(id='e.id'))}, {_ENTRY_META.format(id='e.id')}, "
        f"e.id, e.occurred_at "
        f"FROM entries e JOIN search_fts_entries_keys k ON k.ref = e.id WHERE {where}"
    )


_PERSON_DOC = "(SELECT doc FROM search_fts_people_keys WHERE ref = {id})"
_FACET_DOC = "(SELECT doc FROM search_fts_facets_keys WHERE ref = {id})"
_ENTRY_DOC = "(SELECT doc FROM search_fts_entries_keys WHERE ref = {id})"
_NEXT_DOWN = "coalesce((SELECT min(doc) FROM {table}), " + str(FIRST_DOC) + ") - 1"

_UNINDEX_ENTRY = (
    f"DELETE FROM entries_fts WHERE rowid = {_ENTRY_DOC.format(id='OLD.id')};\n"
    "    DELETE FROM search_fts_entries_keys WHERE ref = OLD.id;"
)


def _index_entry(new: str) -> str:
    return (
        f"INSERT INTO search_fts_entries_keys (doc, ref) VALUES ({_entry_doc(new)}, {new}.id);\n"
        f"    {entry_rows(f'e.id = {new}.id', 'INSERT')};"
    )


def _around_person(person_id: str) -> str:
    """The person's facets and entries carry their name and circle: write them again."""
    return (
        f"{facet_rows(f'f.person_id = {person_id}')};\n"
        f"    {entry_rows(f'e.id IN (SELECT entry_id FROM entry_people WHERE person_id = {person_id})')};"
    )


SQL = (
    _DROP
    + f"""
CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, preferred_name, organisation, role, field, location, tags, met_how, notes, meta,
    {SMALL}
);
CREATE VIRTUAL TABLE facets_fts USING fts5 (text, detail, person, meta, {SMALL});
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body, place, people, meta, ref UNINDEXED, occurred_at UNINDEXED,
    {ENTRIES}
);
CREATE VIRTUAL TABLE people_fts_terms USING fts5vocab (people_fts, 'row');
CREATE VIRTUAL TABLE facets_fts_terms USING fts5vocab (facets_fts, 'row');
CREATE VIRTUAL TABLE entries_fts_terms USING fts5vocab (entries_fts, 'row');

-- people
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO search_fts_people_keys (doc, ref)
    VALUES ({_NEXT_DOWN.format(table="search_fts_people_keys")}, NEW.id);
    {people_rows("p.id = NEW.id", "INSERT")};
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF name, preferred_name, organisation, role,
    field, location, met_how, notes, circle ON people
WHEN OLD.name IS NOT NEW.name OR OLD.preferred_name IS NOT NEW.preferred_name
  OR OLD.organisation IS NOT NEW.organisation OR OLD.role IS NOT NEW.role
  OR OLD.field IS NOT NEW.field OR OLD.location IS NOT NEW.location
  OR OLD.met_how IS NOT NEW.met_how OR OLD.notes IS NOT NEW.notes
  OR OLD.circle IS NOT NEW.circle BEGIN
    {people_rows("p.id = NEW.id")};
END;
CREATE TRIGGER people_fts_around AFTER UPDATE OF name, preferred_name, circle ON people
WHEN OLD.name IS NOT NEW.name OR OLD.preferred_name IS NOT NEW.preferred_name
  OR OLD.circle IS NOT NEW.circle BEGIN
    {_around_person("NEW.id")}
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    DELETE FROM people_fts WHERE rowid = {_PERSON_DOC.format(id="OLD.id")};
    DELETE FROM search_fts_people_keys WHERE ref = OLD.id;
END;
CREATE TRIGGER person_tags_fts_insert AFTER INSERT ON person_tags BEGIN
    {people_rows("p.id = NEW.person_id")};
END;
CREATE TRIGGER person_tags_fts_delete AFTER DELETE ON person_tags BEGIN
    {people_rows("p.id = OLD.person_id")};
END;
CREATE TRIGGER person_tags_fts_update AFTER UPDATE ON person_tags BEGIN
    {people_rows("p.id IN (OLD.person_id, NEW.person_id)")};
END;

-- facets
CREATE TRIGGER facets_fts_insert AFTER INSERT ON facets BEGIN
    INSERT INTO search_fts_facets_keys (doc, ref)
    VALUES ({_NEXT_DOWN.format(table="search_fts_facets_keys")}, NEW.id);
    {facet_rows("f.id = NEW.id", "INSERT")};
END;
CREATE TRIGGER facets_fts_update AFTER UPDATE OF text, detail, kind, person_id ON facets
WHEN OLD.text IS NOT NEW.text OR OLD.detail IS NOT NEW.detail OR OLD.kind IS NOT NEW.kind
  OR OLD.person_id IS NOT NEW.person_id
BEGIN
    {facet_rows("f.id = NEW.id")};
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
    {entry_rows("e.id = NEW.entry_id")};
END;
CREATE TRIGGER entry_people_fts_delete AFTER DELETE ON entry_people BEGIN
    {entry_rows("e.id = OLD.entry_id")};
END;
CREATE TRIGGER entry_people_fts_repoint AFTER UPDATE OF person_id ON entry_people
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
    {entry_rows("e.id = NEW.entry_id")};
END;
"""
)


def apply(conn: Any) -> None:
    """Index what the journal holds, in the new form. The keys of schema 3 stay as they
    are (numbering them again costs seconds on a large journal and changes nothing)."""
    build_index(conn, keys=False)


def build_index(conn: Any, *, keys: bool = True) -> None:
    """Fill the index from the base tables, inside the caller's transaction (the FTS
    tables are empty: just made, or emptied by ``search.rebuild_index``); with ``keys``,
    number every row again first."""
    if keys:
        _number_rows(conn)
    # Plain INSERT: the tables are empty, and REPLACE would look every row up first.
    conn.execute(people_rows("1", "INSERT") + " ORDER BY k.doc")
    conn.execute(facet_rows("1", "INSERT") + " ORDER BY k.doc")
    conn.execute(entry_rows("1", "INSERT") + " ORDER BY k.doc")
    for table in ("people_fts", "facets_fts", "entries_fts"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def _number_rows(conn: Any) -> None:
    """The key tables, filled again from the base tables (see m0003 for the order)."""
    for table, keys in (("people", "search_fts_people_keys"), ("facets", "search_fts_facets_keys")):
        conn.execute(f"DELETE FROM {keys}")
        conn.execute(
            f"INSERT INTO {keys} (doc, ref) SELECT {FIRST_DOC} - "
            f"row_number() OVER (ORDER BY created_at, rowid), id FROM {table}"
        )
    # Entries newest first, each taking the next slot of its minute (a minute with more
    # than 1024 entries spills into the following slots: still unique, still in order).
    rows = conn.execute(
        f"SELECT id, {entry_doc_base('occurred_at')} AS base FROM entries "
        "ORDER BY base, occurred_at DESC, rowid"
    ).fetchall()
    numbered, last = [], -1
    for ref, base in rows:
        last = max(base, last + 1)
        numbered.append((last, ref))
    conn.execute("DELETE FROM search_fts_entries_keys")
    conn.executemany("INSERT INTO search_fts_entries_keys (doc, ref) VALUES (?, ?)", numbered)

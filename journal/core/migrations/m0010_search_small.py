"""Schema 10: a search index smaller than the text it indexes.

Schema 7 (``m0007_search_compact``) still took 3.9x the text it indexed on a 10k
people / 100k entries journal (62 MB for 16 MB of text; 90 MB with its key tables and
the entries' unindexed copy of ids and dates). Measured there, FTS5 data after
'optimize', same text and prefix indexes (1, 2, 3 characters) throughout:

==========================================================  ========
entries: 5 columns, detail=column, rowids of 1024 per minute   44.8 MB
entries: 5 columns, detail=column, rowids 1, 2, 3...           31.4 MB
entries: one column, detail=none, rowids of 1024 per minute    22.9 MB
entries: one column, detail=none, rowids 1, 2, 3...             9.6 MB
entries: one column, detail=none, a day of 16384 rowids        10.9 MB
entries: the same, prefix indexes 1 and 2 only                  8.0 MB
facets: 4 columns, detail=column (schema 7)                    10.7 MB
facets: one column, detail=none                                 2.0 MB
people: 10 columns, detail=full (schema 7)                      3.2 MB
people: one column, detail=none                                 0.6 MB
==========================================================  ========

So now:

- Every table has one column and keeps no positions (``detail=none``). Which part of a
  row a word comes from is in the word itself, marked with ``folding.MARK`` ("_"),
  which the tokenizer keeps inside words (``tokenchars``) and which can never be typed
  (a query is cut into words without it; the index's ``search_fold`` takes it out of
  every text): a plain word is the row's own text; ``_word`` a word of a name (of the
  person, of a facet's owner, of those present at an entry); ``__word`` the first word
  of a person's name or preferred name (what "name starts with" needs, ``^`` before);
  ``___x`` a filter token (``___k<kind>``, ``___c<circle>``, ``___t<hex tag>``,
  ``___p<person number>``, the number being ``2^40`` minus the person's doc). Column
  filters became these marked words; phrases were never searched for.
- An entry's doc says its day exactly: (2^22 minus days since 1970) times 16384, plus
  the minute of the day counted from the day's end, so entries stay newest first and a
  date filter is a rowid range with nothing to check after it. An entry whose minute is
  taken takes the next free doc of its day; a day with all 16384 taken (never, short of
  an import of that many entries on one day) sends it past the oldest entry, where
  date filters do not look. Docs within a day are close together, which is what makes
  the index small: the rowid deltas, not the words, were most of it.
- The index keeps nothing beside it: hits are read through the key tables
  (``search_fts_*_keys``, as schema 3 made them; entries are numbered again here).
- Prefix indexes 1, 2 and 3 stay: the first keystrokes of search-as-you-type read one
  doclist each (``search`` expands longer prefixes to whole words).

The migration drops schema 7's tables and triggers (and, by name, the entries' table of
unindexed values: dropping the FTS5 table left it behind), numbers the entries again and
builds the index in its one transaction, then merges it ('optimize').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.core.folding import MARK
from journal.core.folding import SQL_FUNCTION as FOLD
from journal.core.migrations.m0003_search import _ENTRY_NAMES, _OWNER_NAME, FIRST_DOC

NAME = MARK
NAME_START = MARK * 2
META = MARK * 3

TOKENIZE = f"tokenize = \"unicode61 remove_diacritics 2 tokenchars '{MARK}'\""
OPTIONS = f"{TOKENIZE}, prefix = '1 2 3', detail = none, content = '', contentless_delete = 1"

#: Docs per day, and the day docs count down from (see the module doc).
DAY_SLOTS = 16384
ORIGIN_DAYS = 2**22


def person_number(person_id: str) -> str:
    """SQL for the short number a person's filter tokens carry."""
    return f"(SELECT {FIRST_DOC} - doc FROM search_fts_people_keys WHERE ref = {person_id})"


def _seconds(when: str) -> str:
    return f"coalesce(unixepoch({when}), 0)"


def _second_of_day(when: str) -> str:
    return f"(({_seconds(when)} % 86400 + 86400) % 86400)"


def day_block(when: str) -> str:
    """SQL for the first doc of the day of ``when`` (an ISO text expression)."""
    day = f"(({_seconds(when)} - {_second_of_day(when)}) / 86400)"
    return f"(({ORIGIN_DAYS} - {day}) * {DAY_SLOTS})"


def entry_doc_base(when: str) -> str:
    """SQL for the doc of the minute of ``when``: its day's block, latest minute first."""
    return f"({day_block(when)} + 1439 - {_second_of_day(when)} / 60)"


def _entry_doc(new: str) -> str:
    base = entry_doc_base(f"{new}.occurred_at")
    end = f"({day_block(f'{new}.occurred_at')} + {DAY_SLOTS})"
    return (
        f"CASE WHEN NOT EXISTS (SELECT 1 FROM search_fts_entries_keys WHERE doc = {base}) "
        f"THEN {base} ELSE coalesce((SELECT min(k.doc) + 1 FROM search_fts_entries_keys k "
        f"WHERE k.doc >= {base} AND k.doc < {end} - 1 AND NOT EXISTS (SELECT 1 FROM "
        "search_fts_entries_keys n WHERE n.doc = k.doc + 1)), "
        "(SELECT max(doc) + 1 FROM search_fts_entries_keys)) END"
    )


def _f(value: str) -> str:
    return f"{FOLD}({value})"


def _marked(value: str, mark: str, first_only: bool = False) -> str:
    return f"{FOLD}({value}, '{mark}'{', 1' if first_only else ''})"


_TAGS = (
    "(SELECT group_concat(tag, ' ') FROM "
    "(SELECT tag FROM person_tags WHERE person_id = {id} ORDER BY tag))"
)
_PERSON_META = (
    f"'{META}c' || p.circle || coalesce((SELECT group_concat(' {META}t' || hex(tag), '') "
    "FROM person_tags WHERE person_id = p.id), '')"
)
_FACET_META = (
    f"'{META}k' || f.kind || ' {META}p' || {person_number('f.person_id')} || coalesce("
    f"(SELECT ' {META}c' || circle FROM people WHERE id = f.person_id), '')"
)
_ENTRY_META = (
    f"'{META}k' || e.kind || coalesce((SELECT group_concat(' {META}p' || "
    f"({FIRST_DOC} - pk.doc) || ' {META}c' || p.circle, '') FROM entry_people ep "
    "JOIN people p ON p.id = ep.person_id JOIN search_fts_people_keys pk ON pk.ref = p.id "
    "WHERE ep.entry_id = e.id), '')"
)


def people_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The people index rows of the people ``where`` selects (alias ``p``)."""
    parts = [
        _f(f"p.{c}") for c in ("organisation", "role", "field", "location", "met_how", "notes")
    ]
    parts += [
        _f(_TAGS.format(id="p.id")),
        _marked("p.name", NAME),
        _marked("p.preferred_name", NAME),
        _marked("p.name", NAME_START, first_only=True),
        _marked("p.preferred_name", NAME_START, first_only=True),
        _PERSON_META,
    ]
    return (
        f"{verb} INTO people_fts (rowid, text) SELECT k.doc, concat_ws(' ', {', '.join(parts)}) "
        f"FROM people p JOIN search_fts_people_keys k ON k.ref = p.id WHERE {where}"
    )


def facet_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The facet index rows of the facets ``where`` selects (alias ``f``)."""
    parts = [
        _f("f.text"),
        _f("f.detail"),
        _marked(_OWNER_NAME.format(id="f.person_id"), NAME),
        _FACET_META,
    ]
    return (
        f"{verb} INTO facets_fts (rowid, text) SELECT k.doc, concat_ws(' ', {', '.join(parts)}) "
        f"FROM facets f JOIN search_fts_facets_keys k ON k.ref = f.id WHERE {where}"
    )


def entry_rows(where: str, verb: str = "INSERT OR REPLACE") -> str:
    """The entry index rows of the entries ``where`` selects (alias ``e``)."""
    parts = [
        _f("e.title"),
        _f("e.body"),
        _f("e.place"),
        _marked(_ENTRY_NAMES.format(id="e.id"), NAME),
        _ENTRY_META,
    ]
    return (
        f"{verb} INTO entries_fts (rowid, text) SELECT k.doc, concat_ws(' ', {', '.join(parts)}) "
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
    entries = f"e.id IN (SELECT entry_id FROM entry_people WHERE person_id = {person_id})"
    return f"{facet_rows(f'f.person_id = {person_id}')};\n    {entry_rows(entries)};"


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
DROP TABLE IF EXISTS entries_fts_content;
"""

SQL = (
    _DROP
    + f"""
CREATE VIRTUAL TABLE people_fts USING fts5 (text, {OPTIONS});
CREATE VIRTUAL TABLE facets_fts USING fts5 (text, {OPTIONS});
CREATE VIRTUAL TABLE entries_fts USING fts5 (text, {OPTIONS});
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


def apply(conn: Any, progress: Callable[[int, int], None] | None = None) -> None:
    """Number the entries by day (see the module doc) and index everything again. The
    people's and facets' docs stay as they are. ``progress(done, total)`` counts rows
    indexed (a minute of work on 100k entries)."""
    _number_entries(conn)
    build_index(conn, keys=False, progress=progress)


#: Rows indexed per statement when someone is told how far the build has gone.
PROGRESS_ROWS = 5000


def build_index(
    conn: Any, *, keys: bool = True, progress: Callable[[int, int], None] | None = None
) -> None:
    """Fill the index from the base tables, inside the caller's transaction (the FTS
    tables are empty: just made, or emptied by ``search.rebuild_index``); with ``keys``,
    number every row again first."""
    if keys:
        _number_people_and_facets(conn)
        _number_entries(conn)
    tables = (
        (people_rows, "search_fts_people_keys"),
        (facet_rows, "search_fts_facets_keys"),
        (entry_rows, "search_fts_entries_keys"),
    )
    counts = [
        conn.execute(f"SELECT count(*) FROM {key_table}").fetchone()[0] for _, key_table in tables
    ]
    total = sum(counts)
    done = 0
    for (rows, key_table), count in zip(tables, counts, strict=True):
        # Plain INSERT: the tables are empty, and REPLACE would look every row up first.
        if progress is None:
            conn.execute(rows("1", "INSERT") + " ORDER BY k.doc")
            continue
        progress(done, total)
        bounds = [
            r[0]
            for r in conn.execute(
                f"SELECT doc FROM (SELECT doc, row_number() OVER (ORDER BY doc) AS n FROM {key_table}) "
                f"WHERE n % {PROGRESS_ROWS} = 1"
            )
        ]
        for i, low in enumerate(bounds):
            below = f" AND k.doc < {int(bounds[i + 1])}" if i + 1 < len(bounds) else ""
            conn.execute(rows(f"k.doc >= {int(low)}{below}", "INSERT") + " ORDER BY k.doc")
            progress(done + min((i + 1) * PROGRESS_ROWS, count), total)
        done += count
    for table in ("people_fts", "facets_fts", "entries_fts"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    if progress is not None:
        progress(total, total)


def _number_people_and_facets(conn: Any) -> None:
    """People and facets count down from ``FIRST_DOC`` in the order they were added."""
    for table, keys in (("people", "search_fts_people_keys"), ("facets", "search_fts_facets_keys")):
        conn.execute(f"DELETE FROM {keys}")
        conn.execute(
            f"INSERT INTO {keys} (doc, ref) SELECT {FIRST_DOC} - "
            f"row_number() OVER (ORDER BY created_at, rowid), id FROM {table}"
        )


def _number_entries(conn: Any) -> None:
    """Entries newest first, each at its minute's doc or the next free one after it (a
    day with more entries than docs spills into the day before it: still in order)."""
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

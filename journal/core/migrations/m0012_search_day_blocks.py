"""Schema 12: day blocks sized to the journal, and every entry inside its dates.

Schema 10 (``m0010_search_small``) gave every day a block of 16384 entry docs and put
an entry at its minute's doc. On a journal with few entries a day that left gaps of
about 16384 docs between one entry and the next, and the rowid deltas, not the words,
were most of the index: 1.67x its text on the sample journal (120 people, 900 entries
over two years). Measured there, FTS5 data and doc sizes, same text:

=============================================  ==========
a day of 16384 docs, an entry at its minute      1.67x text
a day of 1024 docs, the same                     1.37x
a day of 64 docs, the same                       1.09x
a day of 16 docs, the same                       0.94x
=============================================  ==========

So now:

- A day's block is ``slots`` docs, the smallest power of two (at least 16, at most
  16384) holding twice the most entries any day had when the index was built; it is
  kept in ``search_fts_doc_slots`` (one row) and read by the triggers and by search. An
  entry takes its day's first free doc: the order within a day is not in the doc any
  more, search puts a day's entries newest first from their times.
- A day whose block is full (an import of many entries on one day) sends its further
  entries to docs from ``SPILL`` up, past every day's block. Schema 10 sent them past
  the oldest entry, where a date filter never looked; search now looks there too (a
  query that is empty unless something spilled) and places them by their date. The
  next rebuild of the index (``search.rebuild_index``) sizes the blocks again.

The migration sizes the blocks, numbers the entries again and rebuilds their index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.core.migrations.m0010_search_small import (
    ORIGIN_DAYS,
    PROGRESS_ROWS,
    _second_of_day,
    _seconds,
    entry_rows,
    facet_rows,
    people_rows,
)

SLOTS_TABLE = "search_fts_doc_slots"
MIN_SLOTS = 16
MAX_SLOTS = 16384
#: The first doc of the spill area: past the block of any day (years 1 to 9999).
SPILL = 2**40
_KEYS = "search_fts_entries_keys"
_SLOTS = f"(SELECT slots FROM {SLOTS_TABLE})"


def day_number(when: str) -> str:
    """SQL for ``ORIGIN_DAYS`` minus the days since 1970 of ``when`` (newer is smaller)."""
    return f"({ORIGIN_DAYS} - ({_seconds(when)} - {_second_of_day(when)}) / 86400)"


def _entry_doc(new: str) -> str:
    block = f"({day_number(f'{new}.occurred_at')} * {_SLOTS})"
    return (
        f"CASE WHEN NOT EXISTS (SELECT 1 FROM {_KEYS} WHERE doc = {block}) THEN {block} "
        f"ELSE coalesce((SELECT min(k.doc) + 1 FROM {_KEYS} k WHERE k.doc >= {block} "
        f"AND k.doc < {block} + {_SLOTS} - 1 AND NOT EXISTS (SELECT 1 FROM {_KEYS} n "
        f"WHERE n.doc = k.doc + 1)), max({SPILL}, coalesce((SELECT max(doc) + 1 FROM {_KEYS}), "
        "0))) END"
    )


_UNINDEX_ENTRY = (
    f"DELETE FROM entries_fts WHERE rowid = (SELECT doc FROM {_KEYS} WHERE ref = OLD.id);\n"
    f"    DELETE FROM {_KEYS} WHERE ref = OLD.id;"
)


def _index_entry(new: str) -> str:
    return (
        f"INSERT INTO {_KEYS} (doc, ref) VALUES ({_entry_doc(new)}, {new}.id);\n"
        f"    {entry_rows(f'e.id = {new}.id', 'INSERT')};"
    )


SQL = f"""
CREATE TABLE IF NOT EXISTS {SLOTS_TABLE} (slots INTEGER NOT NULL);
DROP TRIGGER IF EXISTS entries_fts_insert;
DROP TRIGGER IF EXISTS entries_fts_update;
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
"""


def apply(conn: Any, progress: Callable[[int, int], None] | None = None) -> None:
    """Size the blocks, number the entries again and index them again (people and
    facets keep their docs and rows). ``progress(done, total)`` counts entries."""
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('delete-all')")
    number_entries(conn)
    _index_rows(conn, entry_rows, _KEYS, progress)
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")


def build_index(
    conn: Any, *, keys: bool = True, progress: Callable[[int, int], None] | None = None
) -> None:
    """Fill the (empty) index from the base tables, inside the caller's transaction;
    with ``keys``, number every row again first (sizing the day blocks again)."""
    from journal.core.migrations.m0010_search_small import _number_people_and_facets

    if keys:
        _number_people_and_facets(conn)
        number_entries(conn)
    tables = (
        (people_rows, "search_fts_people_keys"),
        (facet_rows, "search_fts_facets_keys"),
        (entry_rows, _KEYS),
    )
    total = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for _, t in tables)
    done = 0
    for rows, key_table in tables:

        def told(n: int, _all: int, base: int = done) -> None:
            if progress is not None:
                progress(base + n, total)

        done += _index_rows(conn, rows, key_table, told if progress else None)
    for table in ("people_fts", "facets_fts", "entries_fts"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
    if progress is not None:
        progress(total, total)


def _index_rows(
    conn: Any,
    rows: Callable[[str, str], str],
    key_table: str,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Index every row of ``key_table`` (in doc order, ``PROGRESS_ROWS`` at a time when
    someone is told); returns how many."""
    count = int(conn.execute(f"SELECT count(*) FROM {key_table}").fetchone()[0])
    if progress is None:
        conn.execute(rows("1", "INSERT") + " ORDER BY k.doc")
        return count
    progress(0, count)
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
        progress(min((i + 1) * PROGRESS_ROWS, count), count)
    return count


def slots_for(most_in_a_day: int) -> int:
    """The block size for a journal whose busiest day has ``most_in_a_day`` entries."""
    slots = MIN_SLOTS
    while slots < 2 * most_in_a_day and slots < MAX_SLOTS:
        slots *= 2
    return slots


def number_entries(conn: Any) -> int:
    """Size the day blocks from the busiest day and number every entry: a day's
    entries newest first from its block's first doc, any beyond its block from
    ``SPILL`` up. Returns the block size."""
    day = day_number("occurred_at")
    most = conn.execute(
        f"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM entries GROUP BY {day})"
    ).fetchone()[0]
    slots = slots_for(int(most))
    conn.execute(f"DELETE FROM {SLOTS_TABLE}")
    conn.execute(f"INSERT INTO {SLOTS_TABLE} (slots) VALUES (?)", (slots,))
    numbered: list[tuple[int, str]] = []
    spill = SPILL
    current, taken = None, 0
    for ref, number in conn.execute(
        f"SELECT id, {day} AS day FROM entries ORDER BY day, occurred_at DESC, rowid"
    ):
        if number != current:
            current, taken = number, 0
        if taken < slots:
            numbered.append((number * slots + taken, ref))
            taken += 1
        else:
            numbered.append((spill, ref))
            spill += 1
    conn.execute(f"DELETE FROM {_KEYS}")
    conn.executemany(f"INSERT INTO {_KEYS} (doc, ref) VALUES (?, ?)", numbered)
    return slots

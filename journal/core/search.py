"""Full-text search over people, their facets and journal entries (FTS5, schema 3).

Ranking is by tiers, best first, then within a tier:

1. people whose name (or preferred name) starts with the first word typed;
2. people with all the words in their names;
3. people with all the words anywhere in their record (organisation, role, tags...);
   within these three: people not archived first, then the most recent contact;
4. facets (what they are working on, hobbies...), most recently added first;
5. entries with the words in their title or place (or among the names of those
   present), then
6. entries with the words anywhere in their text; both most recent first.

Why not FTS5's bm25: bm25 reads the full doclist of every query term to count
documents, so a one-letter prefix costs 50-900 ms on a 10k people / 100k entries
journal however few rows are wanted. Here every step is a walk that stops early:
tiers are separate FTS5 queries with column filters, later stages only run while the
earlier ones have not filled ``limit``, people are ranked within a bounded candidate
set, and entries come out of FTS5 already newest first because their rowids encode
the date (see ``m0003_search``; the index's present form is ``m0010_search_small``:
it holds no text, so hits are read from the journal's tables; ``m0012_search_day_blocks``
gives each day a block of docs, put newest first here); tiers 5 and 6 are ranked
within the most recent ``ENTRY_CANDIDATES`` matches. The index keeps one column and no
positions: where a word comes from (a name, the start of a name, a filter) is marked in
the word itself (m0010), so "in the names" is a marked word, not a column filter.
Filters by person, circle and kind are marked tokens, so they are doclist
intersections too; date ranges are rowid ranges. Prefixes longer than the prefix
indexes are expanded to the whole terms they start.

A search can be cancelled from another thread (the GUI does at each keystroke): pass a
``CancelToken`` and call ``cancel()``. It works through SQLite's progress handler, set
only while this search holds the store, so it can never stop anyone else's statement.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from journal.core.dates import datetime_from_db
from journal.core.highlight import (
    excerpt,
    mark,
    matched_terms,
    phrase,
    query_terms,
    snippet,
)
from journal.core.migrations.m0003_search import FIRST_DOC
from journal.core.migrations.m0010_search_small import (
    _NEXT_DOWN,
    META,
    NAME,
    NAME_START,
    ORIGIN_DAYS,
    entry_rows,
    people_rows,
)
from journal.core.migrations.m0012_search_day_blocks import SLOTS_TABLE, SPILL, day_number
from journal.core.model import Circle, EntryKind, FacetKind
from journal.core.store import Connection, DatabaseError, Store
from journal.core.stored import stored_enum
from journal.core.wording import and_list

if TYPE_CHECKING:
    from journal.core.journal import Journal

HIT_KINDS = frozenset({"person", "facet", "entry"})

#: People tiers past the first rank at most this many candidates each (rank = recency
#: of contact, which needs a join per candidate).
CANDIDATES = 200
#: The first tier (names starting with the word) ranks all its matches up to this many.
NAME_CANDIDATES = 600
#: Entries are ranked within the most recent matches, this many at least.
ENTRY_CANDIDATES = 100
#: A tag filter on facets and entries becomes an OR of the tagged people's tokens up to
#: this many people; beyond it, a join.
TAG_PEOPLE_INLINE = 200
#: A prefix longer than the prefix indexes is searched as the whole terms it starts, up
#: to this many of them.
EXPANSION_LIMIT = 64


class SearchCancelled(Exception):
    """The search was cancelled (a newer one replaced it); nothing to show."""


class CancelToken:
    """Cancels one search from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class LatestOnly:
    """Hands out a token per search and cancels the previous one: as-you-type search.

    ``token = latest.begin()`` before each search (from the GUI thread); a search still
    running for an older keystroke stops at its next progress check.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: CancelToken | None = None
        self.generation = 0

    def begin(self) -> CancelToken:
        with self._lock:
            if self._current is not None:
                self._current.cancel()
            self._current = CancelToken()
            self.generation += 1
            return self._current

    def cancel(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.cancel()


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search. Dates are inclusive; ``entry_kind``, ``since`` and ``until``
    only apply to entries, so they leave people and facets out of the results."""

    person_id: str | None = None
    circle: Circle | str | None = None
    tag: str | None = None
    entry_kind: EntryKind | str | None = None
    since: date | None = None
    until: date | None = None
    kinds: frozenset[str] = HIT_KINDS

    @property
    def entries_only(self) -> bool:
        return bool(self.entry_kind or self.since or self.until)


@dataclass(frozen=True)
class SearchHit:
    """One result. ``title`` and ``snippet`` carry highlight marks (see ``highlight``)."""

    kind: str  # "person" | "facet" | "entry"
    id: str
    person_id: str | None
    title: str
    snippet: str
    score: float
    subtitle: str = ""
    when: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def search(
    journal: Journal,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 20,
    cancel: CancelToken | None = None,
) -> list[SearchHit]:
    """The best ``limit`` hits for what was typed (see the module doc for the order)."""
    terms = query_terms(query)
    filters = filters or SearchFilters()
    if not terms or limit <= 0:
        return []
    store: Store = journal.store
    with _cancellable(store, cancel) as conn:
        return _Search(conn, terms, filters, limit).run()


def entry_ids(journal: Journal, query: str, limit: int = 20) -> list[str]:
    """The ids of the entries ``search`` would show for ``query`` (entries only), in its
    order, without reading their text or marking it: for a caller that reads the entries
    its own way ("who could help?" asks up to four of these per question)."""
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    with journal.store.reading() as conn:
        ranked = _Search(conn, terms, SearchFilters(kinds=frozenset({"entry"})), limit)._ranked()
    return [ref for (_doc, ref), _tier in ranked or []]


@contextlib.contextmanager
def _cancellable(store: Store, cancel: CancelToken | None) -> Iterator[Connection]:
    with store.reading() as conn:
        if cancel is None:
            yield conn
            return
        if cancel.cancelled:
            raise SearchCancelled()
        conn.set_progress_handler(lambda: 1 if cancel.cancelled else 0, 1000)
        try:
            yield conn
        except DatabaseError:
            if cancel.cancelled:
                raise SearchCancelled() from None
            raise
        finally:
            conn.set_progress_handler(None, 0)
        if cancel.cancelled:
            raise SearchCancelled()


_FTS_TABLES = (
    ("people", "people_fts", "search_fts_people_keys"),
    ("facets", "facets_fts", "search_fts_facets_keys"),
    ("entries", "entries_fts", "search_fts_entries_keys"),
)


def optimize_index(journal: Journal) -> None:
    """Merge the index into one segment per table. Worth calling after a bulk import:
    searches on an index built row by row cost up to twice as much (seconds of work on
    a 100k-entry journal, in one transaction)."""
    with journal.store.transaction() as conn:
        for _, table, _ in _FTS_TABLES:
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def tidy_index(journal: Journal, pages: int = 500, max_steps: int = 1000) -> int:
    """Merge the index's segments a little at a time (one short transaction per step),
    so the app can keep it near ``optimize_index()`` speed from its daily scheduler
    without blocking the window. Returns the number of steps that did work."""
    steps = 0
    for _ in range(max_steps):
        worked = False
        for _, table, _ in _FTS_TABLES:
            with journal.store.transaction() as conn:
                before = conn.total_changes
                conn.execute(
                    f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (-abs(pages),)
                )
                worked = worked or conn.total_changes - before >= 2
        if not worked:
            break
        steps += 1
    return steps


def check_index(journal: Journal) -> bool:
    """Whether the index is sound and covers every person, facet and entry."""
    with journal.store.reading() as conn:
        for base, table, keys in _FTS_TABLES:
            try:
                conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
            except DatabaseError:
                return False
            counts = {
                conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in (base, table, keys)
            }
            if len(counts) != 1:
                return False
    return True


def rebuild_index(journal: Journal) -> None:
    """Build the whole index again from the journal (repair; one transaction)."""
    from journal.core.migrations.m0012_search_day_blocks import build_index

    with journal.store.transaction() as conn:
        for _, table, _ in _FTS_TABLES:
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        build_index(conn)


@dataclass(frozen=True)
class _Held:
    """What a block that indexes rows once, at its end, holds back: the per-row
    triggers it drops, the temp triggers that note the touched ids instead, and how the
    noted rows are indexed at the end."""

    #: The main schema's triggers (m0010) dropped for the block.
    per_row: tuple[str, ...]
    #: This connection's note of the ids to index at the end (temp: never on disk, as
    #: ``temp_store = MEMORY``; it holds ids only).
    table: str
    #: (temp trigger name, ``AFTER ... ON main.table``, statements run for each row).
    notes: tuple[tuple[str, str, str], ...]
    #: The statement that indexes every noted row (its ids: ``SELECT id FROM temp.table``).
    reindex: str


def _note(table: str, ids: str) -> str:
    return f"INSERT OR IGNORE INTO temp.{table} (id) VALUES {ids};"


_HELD_ENTRIES = "search_held_entries"
#: The triggers that index an entry again each time a row of its people is written
#: (m0010): one at a time they are right, but putting back thousands of such rows (an
#: undo of a bulk trash) indexed each entry once per person on it.
_ENTRIES = _Held(
    per_row=("entry_people_fts_insert", "entry_people_fts_delete", "entry_people_fts_repoint"),
    table=_HELD_ENTRIES,
    notes=(
        (
            "search_held_insert",
            "AFTER INSERT ON main.entry_people",
            _note(_HELD_ENTRIES, "(NEW.entry_id)"),
        ),
        (
            "search_held_delete",
            "AFTER DELETE ON main.entry_people",
            _note(_HELD_ENTRIES, "(OLD.entry_id)"),
        ),
        (
            "search_held_update",
            "AFTER UPDATE ON main.entry_people",
            _note(_HELD_ENTRIES, "(OLD.entry_id), (NEW.entry_id)"),
        ),
    ),
    reindex=entry_rows(f"e.id IN (SELECT id FROM temp.{_HELD_ENTRIES})"),
)

_HELD_PEOPLE = "search_held_people"
#: The triggers that write a person's whole index row when the person is added and
#: again for each of their tags (m0010): an import of 5,000 vCards wrote each person's
#: row once plus once per tag (3.2 ms CPU a card; 2.5 ms indexed once). A new person
#: still gets their doc when added, as ``people_fts_insert`` gives it (their facets and
#: entries carry it); only the index row waits for the end.
_PEOPLE = _Held(
    per_row=(
        "people_fts_insert",
        "person_tags_fts_insert",
        "person_tags_fts_delete",
        "person_tags_fts_update",
    ),
    table=_HELD_PEOPLE,
    notes=(
        (
            "search_held_person_insert",
            "AFTER INSERT ON main.people",
            "INSERT INTO main.search_fts_people_keys (doc, ref) VALUES "
            f"({_NEXT_DOWN.format(table='main.search_fts_people_keys')}, NEW.id); "
            + _note(_HELD_PEOPLE, "(NEW.id)"),
        ),
        (
            "search_held_tag_insert",
            "AFTER INSERT ON main.person_tags",
            _note(_HELD_PEOPLE, "(NEW.person_id)"),
        ),
        (
            "search_held_tag_delete",
            "AFTER DELETE ON main.person_tags",
            _note(_HELD_PEOPLE, "(OLD.person_id)"),
        ),
        (
            "search_held_tag_update",
            "AFTER UPDATE ON main.person_tags",
            _note(_HELD_PEOPLE, "(OLD.person_id), (NEW.person_id)"),
        ),
    ),
    reindex=people_rows(f"p.id IN (SELECT id FROM temp.{_HELD_PEOPLE})"),
)


@contextlib.contextmanager
def entries_indexed_once(conn: Connection) -> Iterator[None]:
    """Inside the caller's transaction: rows of ``entry_people`` written in the block
    index their entries once, at its end, instead of once per row (undoing a bulk
    trash of 200 people of the 10k/100k journal put back thousands of such rows at
    4.8 ms each). See ``_indexed_once``."""
    with _indexed_once(conn, _ENTRIES):
        yield


@contextlib.contextmanager
def people_indexed_once(conn: Connection) -> Iterator[None]:
    """Inside the caller's transaction: people added and tags written in the block
    index their people once, at its end, instead of once per person and once more per
    tag (an import of thousands of people). See ``_indexed_once``."""
    with _indexed_once(conn, _PEOPLE):
        yield


@contextlib.contextmanager
def _indexed_once(conn: Connection, held: _Held) -> Iterator[None]:
    """The per-row triggers of ``held`` are dropped for the block and made again from
    their own text after it; temp triggers note the ids instead, and the noted rows are
    indexed once at the end. All of it is in the caller's transaction, so a failure
    that rolls it back leaves the schema as it was. Nested use joins the outer block."""
    saved = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
        "AND name IN (SELECT value FROM json_each(?)) ORDER BY name",
        (json.dumps(held.per_row),),
    ).fetchall()
    if not saved or not _schema_at_least(conn, _INDEX_SCHEMA):  # or an outer block holds them
        yield
        return
    kept = [(r["name"], r["sql"]) for r in saved]
    _hold(conn, held, [name for name, _sql in kept])
    try:
        yield
    except BaseException:
        _release_after_failure(conn, held, kept)
        raise
    conn.execute(held.reindex)
    _release(conn, held, kept)


#: The schema (m0010) whose triggers ``_indexed_once`` holds back and whose index rows
#: it writes: a journal older than it (one a test makes) has triggers of the same names
#: over index tables of another shape.
_INDEX_SCHEMA = 10
#: The schema (m0012) that gives each day a block of entry docs.
_DAY_BLOCKS_SCHEMA = 12


def _schema_at_least(conn: Connection, version: int) -> bool:
    """Whether the journal's schema has had migration ``version`` (an older one is a
    journal a test builds; a user's is migrated before anything writes)."""
    return int(conn.execute("PRAGMA main.user_version").fetchone()[0]) >= version


def _hold(conn: Connection, held: _Held, names: Sequence[str]) -> None:
    conn.execute(f"CREATE TEMP TABLE {held.table} (id TEXT PRIMARY KEY) WITHOUT ROWID")
    for name in names:
        conn.execute(f'DROP TRIGGER main."{name}"')
    for trigger, when, body in held.notes:
        conn.execute(f"CREATE TEMP TRIGGER {trigger} {when} BEGIN {body} END")


def _release(conn: Connection, held: _Held, saved: Sequence[tuple[str, str]]) -> None:
    for trigger, _when, _body in held.notes:
        conn.execute(f"DROP TRIGGER IF EXISTS temp.{trigger}")
    conn.execute(f"DROP TABLE IF EXISTS temp.{held.table}")
    present = {
        r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'trigger'")
    }
    for name, sql in saved:
        if name not in present:
            conn.execute(sql)


def _release_after_failure(conn: Connection, held: _Held, saved: Sequence[tuple[str, str]]) -> None:
    """The block failed: its transaction is rolled back by the caller (which takes the
    schema back too); if the caller carries on instead, the triggers are back."""
    if conn.in_transaction:
        with contextlib.suppress(DatabaseError):
            _release(conn, held, saved)


#: The triggers that index an entry row by row as it and each of its people are written
#: (m0010, m0012): four FTS5 writes per entry, most of a bulk write's time.
_ROW_BY_ROW = ("entries_fts_insert", "entry_people_fts_insert")


@contextlib.contextmanager
def new_entries_indexed_once(conn: Connection) -> Iterator[list[str]]:
    """Inside the caller's transaction, write new entries without indexing them row by
    row, then index them all in one statement: put the id of every entry written inside
    into the list given. The entries take docs in the spill area, oldest last, so search
    finds them at once; ``fit_day_blocks`` later moves them into their days' blocks.
    Every other trigger (last contact, sync capture...) still runs row by row. Dropping
    the two triggers is part of the transaction: if it fails, its rollback brings them
    back with everything else. A journal from before the day blocks (m0012: an old
    schema a test builds) is indexed row by row, as it was then."""
    if not _schema_at_least(conn, _DAY_BLOCKS_SCHEMA):
        yield []
        return
    names = ", ".join(f"'{name}'" for name in _ROW_BY_ROW)
    saved = [
        row[0]
        for row in conn.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})"
        )
    ]
    for name in _ROW_BY_ROW:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    added: list[str] = []
    yield added
    for sql in saved:
        conn.execute(sql)
    _index_entries(conn, added)


def _index_entries(conn: Connection, ids: Sequence[str]) -> None:
    """Give ``ids`` (entries not yet indexed) docs from the spill area up, newest first,
    and index them in one statement."""
    if not ids:
        return
    base = max(
        SPILL,
        int(
            conn.execute(
                "SELECT coalesce(max(doc) + 1, 0) FROM search_fts_entries_keys"
            ).fetchone()[0]
        ),
    )
    conn.execute(
        "INSERT INTO search_fts_entries_keys (doc, ref) SELECT ? - 1 + row_number() OVER "
        "(ORDER BY e.occurred_at DESC, e.rowid), e.id FROM entries e "
        "WHERE e.id IN (SELECT value FROM json_each(?))",
        (base, json.dumps(list(ids))),
    )
    conn.execute(entry_rows(f"k.doc >= {base}", "INSERT") + " ORDER BY k.doc")


def fit_day_blocks(journal: Journal) -> bool:
    """If some day outgrew its block of entry docs (m0012: an import or a bulk write of
    many entries on one day), size the blocks again and index the entries again (one
    transaction; a minute on 100k entries): search then needs no second query. Returns
    whether it did."""
    from journal.core.migrations import m0012_search_day_blocks as blocks

    with journal.store.transaction() as conn:
        if (
            not _schema_at_least(conn, _DAY_BLOCKS_SCHEMA)
            or not conn.execute(
                f"SELECT 1 FROM search_fts_entries_keys WHERE doc >= {SPILL} LIMIT 1"
            ).fetchone()
        ):
            return False
        blocks.apply(conn)
    return True


def day_first_doc(day: date, slots: int) -> int:
    """The first FTS5 rowid of ``day``'s entries (newer is smaller; a day's entries
    take the ``slots`` rowids from here, m0012)."""
    return (ORIGIN_DAYS - (day - date(1970, 1, 1)).days) * slots


def day_slots(conn: Connection) -> int:
    """The journal's block of entry docs per day (m0012)."""
    return int(conn.execute(f"SELECT slots FROM {SLOTS_TABLE}").fetchone()[0])


def _doc_range(lowest: int | None, below: int, *, inclusive: bool) -> tuple[str, list[int]]:
    """The docs an entry search reads, as one bound on each side of ``f.rowid``: FTS5
    seeks to one lower and one upper bound, but given a second upper bound it walks the
    term's whole list up to the first (a common word in a 1M-entry journal: 36 ms
    instead of 0.6 ms)."""
    if lowest is None:
        return " AND f.rowid < ?", [below]
    return f" AND f.rowid {'>=' if inclusive else '>'} ? AND f.rowid < ?", [lowest, below]


def _rows_by_id(conn: Connection, sql: str, ids: Sequence[str]) -> dict[str, Any]:
    """Rows of ``sql`` (which takes one JSON array of ids) by their ``id`` column."""
    if not ids:
        return {}
    return {row["id"]: row for row in conn.execute(sql, (json.dumps(list(ids)),))}


_ENTRY_HEADS = (
    "SELECT e.id, e.title, e.place, e.occurred_at, {day} AS day FROM entries e "
    "WHERE e.id IN (SELECT value FROM json_each(?))"
).format(day=day_number("e.occurred_at"))


def _newest_first(
    rows: list[Any], heads: dict[str, Any], slots: int, spilled: list[Any], limit: int
) -> list[Any]:
    """Entry matches newest first: by day (a doc's block, or for one past every block
    its date), then by time within the day (m0012 keeps no order within a block);
    the first ``limit`` when some spilled (the blocks' query gave ``limit`` and the
    rest of its last day)."""
    out = sorted(rows, key=lambda r: str(heads[r[1]]["occurred_at"]), reverse=True)
    out.sort(key=lambda r: r[0] // slots if r[0] < SPILL else int(heads[r[1]]["day"]))
    return out[:limit] if spilled else out


#: Who was at each of a list of entries, in one join (a third of the time correlated
#: subqueries per entry took).
_ENTRY_PRESENT = (
    "SELECT ep.entry_id, p.id, p.name, p.preferred_name FROM entry_people ep "
    "JOIN people p ON p.id = ep.person_id "
    "WHERE ep.entry_id IN (SELECT value FROM json_each(?)) ORDER BY ep.entry_id, ep.position"
)
_ENTRY_TEXTS = (
    "SELECT e.id, e.title, e.body, e.place, e.kind, e.occurred_at FROM entries e "
    "WHERE e.id IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True)
class _Present:
    """Someone at an entry, as its hit shows them and as ranking reads their name."""

    id: str
    name: str
    preferred_name: str

    @property
    def shown(self) -> str:
        return self.preferred_name or self.name

    @property
    def searched(self) -> str:
        return f"{self.name} {self.preferred_name}".strip()


def _present(conn: Connection, ids: Sequence[str]) -> dict[str, list[_Present]]:
    """Who was at each entry of ``ids`` (entries with nobody are left out)."""
    out: dict[str, list[_Present]] = {}
    if ids:
        for entry_id, person_id, name, preferred in conn.execute(
            _ENTRY_PRESENT, (json.dumps(list(ids)),)
        ):
            out.setdefault(entry_id, []).append(_Present(person_id, name or "", preferred or ""))
    return out


def _hex(value: str) -> str:
    return value.encode("utf-8").hex()


def _words_starting(conn: Connection, table: str, start: str, limit: int) -> list[str]:
    """Up to ``limit`` words of ``table``'s vocabulary that begin with ``start``, in order.

    Stepped through one word at a time, each a seek in an ``instance`` vocabulary of
    this connection's own (temp: no schema change): the ``row`` vocabulary (m0003)
    counts every document of each word it returns, which for a common word of a 1M-entry
    journal ("talked", in 400,000 entries) cost 10 ms; a seek costs well under one."""
    seek = f"{table}_seek"
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{seek} USING fts5vocab(main, {table}, instance)"
    )
    end = start + "\U0010ffff"
    words: list[str] = []
    after = start
    while len(words) < limit:
        row = conn.execute(
            f"SELECT term FROM temp.{seek} WHERE term >= ? AND term < ? LIMIT 1", (after, end)
        ).fetchone()
        if row is None:
            break
        words.append(row[0])
        after = row[0] + "\x01"  # the first string after it (no word holds a control code)
    return words


class _Search:
    def __init__(
        self, conn: Connection, terms: list[str], filters: SearchFilters, limit: int
    ) -> None:
        self.conn = conn
        self.terms = terms
        self.filters = filters
        self.limit = limit
        self.hits: list[SearchHit] = []
        self._tag_people: list[str] | None = None
        self._alternatives_cache: dict[tuple[str, str], list[list[str]]] = {}
        self._entry_present: dict[str, list[_Present]] = {}

    def run(self) -> list[SearchHit]:
        f = self.filters
        stages = []
        if not f.entries_only:
            if "person" in f.kinds:
                stages.append(self._people)
            if "facet" in f.kinds:
                stages.append(self._facets)
        if "entry" in f.kinds:
            stages.append(self._entries)
        for stage in stages:
            if len(self.hits) >= self.limit:
                break
            stage()
        return self.hits[: self.limit]

    @property
    def room(self) -> int:
        return self.limit - len(self.hits)

    # -- query pieces ---------------------------------------------------------------------

    def _alternatives(self, table: str, mark: str = "") -> list[list[str]]:
        """For each term (the first only for ``NAME_START``), the FTS5 phrases standing for it among ``table``'s words marked
        ``mark`` (plain words: the row's own text; see m0010); an empty list where the
        term cannot match any of them.

        Words of up to 3 characters (the mark counts) use the prefix indexes. Longer
        ones become the whole words they start (from the vocabulary), because FTS5
        answers a prefix longer than its prefix indexes by merging every matching
        doclist in memory first.
        """
        if mark == NAME:
            # Every name word of a facet or an entry is a word of a person's name: the
            # people's vocabulary, far smaller, stands for all three tables.
            table = "people_fts"
        key = (table, mark)
        if key in self._alternatives_cache:
            return self._alternatives_cache[key]
        out = []
        for term in self.terms[:1] if mark == NAME_START else self.terms:
            word = mark + term
            if len(word) <= 3:
                out.append([phrase(word)])
                continue
            words = _words_starting(self.conn, table, word, EXPANSION_LIMIT + 1)
            if not words and term.isascii():
                out.append([])  # folded the tokenizer's way for sure: no such word here
            elif not words or len(words) > EXPANSION_LIMIT:
                out.append([phrase(word)])  # nothing to merge, or too much to list
            else:
                out.append([phrase(w, prefix=False) for w in words])
        self._alternatives_cache[key] = out
        return out

    @staticmethod
    def _either(phrases: Sequence[str]) -> str:
        if len(phrases) == 1:
            return phrases[0]
        return "(" + " OR ".join(phrases) + ")"

    def _all(self, *alternatives: list[list[str]]) -> str | None:
        """Every term, each as any of its phrases in ``alternatives`` (one list per kind
        of word); None when some term has none."""
        parts = []
        for i in range(len(self.terms)):
            phrases = [p for a in alternatives for p in a[i]]
            if not phrases:
                return None
            parts.append(self._either(phrases))
        return "(" + " AND ".join(parts) + ")"

    @staticmethod
    def _any(alternatives: list[list[str]]) -> str | None:
        phrases = [p for a in alternatives for p in a]
        return "(" + " OR ".join(phrases) + ")" if phrases else None

    def _meta(self, tokens: Sequence[str]) -> str:
        return "".join(f" AND {phrase(META + t, prefix=False)}" for t in tokens)

    def _person_token(self, person_id: str) -> str | None:
        """A person's filter token (``p`` and their number, m0010); None if unknown."""
        row = self.conn.execute(
            f"SELECT {FIRST_DOC} - doc FROM search_fts_people_keys WHERE ref = ?", (person_id,)
        ).fetchone()
        return None if row is None else f"p{row[0]}"

    def _tagged_people(self) -> list[str]:
        """The filter tokens of the people with the tag filtered on."""
        if self._tag_people is None:
            self._tag_people = [
                f"p{r[0]}"
                for r in self.conn.execute(
                    f"SELECT {FIRST_DOC} - k.doc FROM person_tags t JOIN search_fts_people_keys k "
                    "ON k.ref = t.person_id WHERE t.tag = ?",
                    (self.filters.tag,),
                )
            ]
        return self._tag_people

    def _owner_filter(self) -> tuple[str, bool] | None:
        """(FTS5 expression, whether a tag join is needed) for filters on the people a
        facet or entry is about; None when nothing can match."""
        f = self.filters
        tokens = []
        if f.person_id:
            token = self._person_token(f.person_id)
            if token is None:
                return None
            tokens.append(token)
        if f.circle:
            tokens.append("c" + str(f.circle))
        expression = self._meta(tokens)
        if not f.tag:
            return expression, False
        tagged = self._tagged_people()
        if not tagged:
            return None
        if len(tagged) > TAG_PEOPLE_INLINE:
            return expression, True
        either = " OR ".join(phrase(META + p, prefix=False) for p in tagged)
        return expression + f" AND ({either})", False

    # -- people ------------------------------------------------------------------------------

    def _people(self) -> None:
        f = self.filters
        meta = []
        if f.circle:
            meta.append("c" + str(f.circle))
        if f.tag:
            meta.append("t" + _hex(f.tag))
        extra = self._meta(meta)
        rowid = None
        if f.person_id:
            row = self.conn.execute(
                "SELECT doc FROM search_fts_people_keys WHERE ref = ?", (f.person_id,)
            ).fetchone()
            if row is None:
                return
            rowid = row[0]
        text = self._alternatives("people_fts")
        names = self._alternatives("people_fts", NAME)
        starts = self._alternatives("people_fts", NAME_START)
        # Tier 1: the first word typed starts the name or preferred name, the others
        # are in the names.
        first = self._all([starts[0], *names[1:]])
        tiers = (
            (6.0, first, NAME_CANDIDATES, True),
            (5.0, self._all(names), CANDIDATES, True),
            (4.0, self._all(text, names), CANDIDATES, False),
        )
        seen: set[str] = set()
        found: list[tuple[str, float, bool]] = []
        for score, expression, candidates, name_hit in tiers:
            if self.room - len(found) <= 0:
                break
            if expression is None:
                continue
            ids = self._rank_people(
                expression + extra, rowid, candidates, seen, self.room - len(found)
            )
            for position, person_id in enumerate(ids):
                seen.add(person_id)
                found.append((person_id, score - position / 1e4, name_hit))
        rows = _rows_by_id(
            self.conn,
            (
                "SELECT p.*, (SELECT group_concat(tag, ', ') FROM (SELECT tag FROM person_tags "
                "WHERE person_id = p.id ORDER BY tag)) AS tag_list FROM people p "
                "WHERE p.id IN (SELECT value FROM json_each(?))"
            ),
            [f[0] for f in found],
        )
        for person_id, score, name_hit in found:
            self.hits.append(self._person_hit(rows[person_id], score, name_hit))

    def _rank_people(
        self, expression: str, rowid: int | None, candidates: int, seen: set[str], room: int
    ) -> list[str]:
        where = "people_fts MATCH ?"
        params: list[str | int] = [expression]
        if rowid is not None:
            where += " AND rowid = ?"
            params.append(rowid)
        rows = self.conn.execute(
            f"SELECT p.id FROM (SELECT rowid AS doc FROM people_fts WHERE {where} "
            "ORDER BY rowid LIMIT ?) AS f "
            "JOIN search_fts_people_keys k ON k.doc = f.doc JOIN people p ON p.id = k.ref "
            "ORDER BY p.archived, p.last_contact_at DESC NULLS LAST, p.name COLLATE NOCASE "
            "LIMIT ?",
            (*params, candidates, room + len(seen)),
        ).fetchall()
        return [r[0] for r in rows if r[0] not in seen][:room]

    def _person_hit(self, p: Any, score: float, name_hit: bool) -> SearchHit:
        t = self.terms
        name = p["name"] + (f" ({p['preferred_name']})" if p["preferred_name"] else "")
        about = " · ".join(x for x in (p["role"], p["organisation"], p["location"]) if x)
        text = ""
        if not name_hit:
            for column in (
                "organisation",
                "role",
                "field",
                "location",
                "tag_list",
                "met_how",
                "notes",
            ):
                text = snippet(p[column] or "", t)
                if text:
                    break
        return SearchHit(
            kind="person",
            id=p["id"],
            person_id=p["id"],
            title=mark(name, t),
            snippet=text or mark(about, t),
            score=score,
            subtitle="Archived" if p["archived"] else _circle_label(p["circle"]),
            extra={"archived": bool(p["archived"]), "circle": p["circle"]},
        )

    # -- facets ------------------------------------------------------------------------------

    def _facets(self) -> None:
        owner = self._owner_filter()
        if owner is None:
            return
        extra, tag_join = owner
        text = self._alternatives("facets_fts")
        every, some = self._all(text, self._alternatives("facets_fts", NAME)), self._any(text)
        if every is None or some is None:
            return
        expression = f"{every} AND {some}{extra}"
        sql = (
            "SELECT f.rowid, k.ref FROM facets_fts f "
            "JOIN search_fts_facets_keys k ON k.doc = f.rowid WHERE facets_fts MATCH ?"
        )
        args: list[Any] = [expression]
        if tag_join:
            sql += (
                " AND EXISTS (SELECT 1 FROM facets x JOIN person_tags t ON t.person_id = "
                "x.person_id WHERE x.id = k.ref AND t.tag = ?)"
            )
            args.append(self.filters.tag)
        sql += " ORDER BY f.rowid LIMIT ?"
        ids = [r[1] for r in self.conn.execute(sql, (*args, self.room))]
        rows = _rows_by_id(
            self.conn,
            (
                "SELECT f.*, p.name AS person_name, p.preferred_name FROM facets f "
                "JOIN people p ON p.id = f.person_id WHERE f.id IN (SELECT value FROM json_each(?))"
            ),
            ids,
        )
        for position, facet_id in enumerate(ids):
            self.hits.append(self._facet_hit(rows[facet_id], 3.0 - position / 1e4))

    def _facet_hit(self, r: Any, score: float) -> SearchHit:
        kind = stored_enum(FacetKind, r["kind"], FacetKind.BACKGROUND)
        who = r["preferred_name"] or r["person_name"]
        return SearchHit(
            kind="facet",
            id=r["id"],
            person_id=r["person_id"],
            title=mark(r["text"], self.terms),
            snippet=snippet(r["detail"], self.terms) or mark(r["detail"], self.terms),
            score=score,
            subtitle=f"{who} · {kind.label}",
            extra={"facet_kind": r["kind"], "person_name": r["person_name"]},
        )

    # -- entries -----------------------------------------------------------------------------

    def _entries(self) -> None:
        ranked = self._ranked()
        if not ranked:
            return
        shown = [r[1] for r, _ in ranked]
        texts = _rows_by_id(self.conn, _ENTRY_TEXTS, shown)
        present = self._entry_present
        present.update(_present(self.conn, [ref for ref in shown if ref not in present]))
        position = {2.0: 0, 1.0: 0}
        for (_, ref), tier in ranked:
            hit = self._entry_hit(texts[ref], present.get(ref, []), tier - position[tier] / 1e4)
            self.hits.append(hit)
            position[tier] += 1

    def _ranked(self) -> list[tuple[Any, float]] | None:
        """The entries to show, best first: ((doc, id), tier), within ``room``; None
        when nothing can match. Who was at them, where ranking read it, is kept in
        ``_entry_present`` for the hits."""
        owner = self._owner_filter()
        if owner is None:
            return None
        extra, tag_join = owner
        f = self.filters
        if f.entry_kind:
            extra += self._meta(["k" + str(f.entry_kind)])
        slots = day_slots(self.conn)
        # Newer days have smaller docs, and a day's entries have its block (m0012).
        lowest = day_first_doc(f.until, slots) if f.until else None
        below = day_first_doc(f.since, slots) + slots if f.since else SPILL
        tag_sql, tag_args = "", []
        if tag_join:
            tag_sql = (
                " AND EXISTS (SELECT 1 FROM entry_people ep JOIN person_tags t ON "
                "t.person_id = ep.person_id WHERE ep.entry_id = k.ref AND t.tag = ?)"
            )
            tag_args = [f.tag]
        text = self._alternatives("entries_fts")
        every, some = self._all(text, self._alternatives("entries_fts", NAME)), self._any(text)
        if every is None or some is None:
            return None
        expression = f"{every} AND {some}{extra}"
        wanted_rows = max(ENTRY_CANDIDATES, 2 * self.room)
        select = (
            "SELECT f.rowid, k.ref FROM entries_fts f JOIN search_fts_entries_keys k "
            "ON k.doc = f.rowid WHERE entries_fts MATCH ?"
        )
        where, bounds = _doc_range(lowest, below, inclusive=True)
        found = self.conn.execute(
            f"{select}{where}{tag_sql} ORDER BY f.rowid LIMIT ?",
            (expression, *bounds, *tag_args, wanted_rows),
        ).fetchall()
        spilled = self._spilled(select, expression, tag_args, slots)
        ranked = self._rank(found, spilled, slots, wanted_rows)
        if len(found) == wanted_rows:
            # The oldest day among the candidates may be cut short, and its docs are
            # in no order (m0012): when it shows, it is read whole and put in order.
            cut = found[-1][0] // slots
            if any(r[0] < SPILL and r[0] // slots == cut for r, _ in ranked):
                where, bounds = _doc_range(
                    found[-1][0], min(below, (cut + 1) * slots), inclusive=False
                )
                found += self.conn.execute(
                    f"{select}{where}{tag_sql} ORDER BY f.rowid",
                    (expression, *bounds, *tag_args),
                ).fetchall()
                ranked = self._rank(found, spilled, slots, wanted_rows)
        return ranked

    def _rank(
        self, found: list[Any], spilled: list[Any], slots: int, wanted_rows: int
    ) -> list[tuple[Any, float]]:
        """Tiers 5 and 6 among the matches found (see ``_ranked``), newest first."""
        # The index holds no text (m0007): what ranking and the hits show comes from the
        # entries themselves. Ranking reads titles and places (one row each), a title
        # hit being one whose title or place has a term and whose title, place and
        # people have them all; the names of those present only where they could make
        # up the rest (a term no name has a word for cannot); the text and who was
        # there only for the hits shown.
        heads = _rows_by_id(self.conn, _ENTRY_HEADS, [r[1] for r in found + spilled])
        found = _newest_first(
            [r for r in found + spilled if r[1] in heads], heads, slots, spilled, wanted_rows
        )
        wanted = set(self.terms)
        head_terms = {
            r[1]: matched_terms(f"{heads[r[1]]['title']} {heads[r[1]]['place']}", self.terms)
            for r in found
        }
        named = self._alternatives("entries_fts", NAME)
        in_names = {t for t, phrases in zip(self.terms, named, strict=True) if phrases}
        wanting = [ref for ref, head in head_terms.items() if head and wanted - head <= in_names]
        present = _present(self.conn, [ref for ref in wanting if head_terms[ref] != wanted])
        headed = [
            r
            for r in found
            if head_terms[r[1]] == wanted
            or (
                r[1] in present
                and head_terms[r[1]]
                | matched_terms(" ".join(p.searched for p in present[r[1]]), self.terms)
                >= wanted
            )
        ]
        chosen = {r[0] for r in headed}
        ranked = [(r, 2.0) for r in headed] + [(r, 1.0) for r in found if r[0] not in chosen]
        self._entry_present = present
        return ranked[: self.room]

    def _spilled(
        self, select: str, expression: str, tag: list[Any], slots: int
    ) -> list[tuple[int, str]]:
        """The matches among entries past every day's block (a day whose block was
        full, m0012), within the date filters: none, unless something spilled."""
        if not self.conn.execute(
            f"SELECT 1 FROM search_fts_entries_keys WHERE doc >= {SPILL} LIMIT 1"
        ).fetchone():
            return []
        f = self.filters
        where = f" AND f.rowid >= {SPILL}"
        args: list[Any] = [expression]
        day = day_number("e.occurred_at")
        if f.until:
            where += f" AND {day} >= ?"
            args.append(day_first_doc(f.until, 1))
        if f.since:
            where += f" AND {day} <= ?"
            args.append(day_first_doc(f.since, 1))
        if tag:
            where += (
                " AND EXISTS (SELECT 1 FROM entry_people ep JOIN person_tags t ON "
                "t.person_id = ep.person_id WHERE ep.entry_id = k.ref AND t.tag = ?)"
            )
            args += tag
        rows = self.conn.execute(
            select.replace(
                "ON k.doc = f.rowid", "ON k.doc = f.rowid JOIN entries e ON e.id = k.ref"
            )
            + where
            + " ORDER BY e.occurred_at DESC LIMIT ?",
            [*args, max(ENTRY_CANDIDATES, 2 * self.room)],
        ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def _entry_hit(self, row: Any, present: list[_Present], score: float) -> SearchHit:
        entry_title, body, place = row["title"], row["body"], row["place"]
        entry_id, occurred_at, kind_value = row["id"], row["occurred_at"], row["kind"]
        when = datetime_from_db(occurred_at)
        kind = stored_enum(EntryKind, kind_value, EntryKind.MEETING).value.title()
        t = self.terms
        names = and_list([p.shown for p in present])  # "Ben Okafor and Chen Wei"
        title = entry_title or (
            f"{kind} with {names}" if names else f"{kind} at {place}" if place else kind
        )
        text = snippet(body, t) or snippet(place, t) or excerpt(body)
        subtitle = " · ".join(
            x
            for x in (
                f"{when.day} {when:%b %Y}" if when else "",
                entry_title and kind_value,
                entry_title and names,
                place,
            )
            if x
        )
        return SearchHit(
            kind="entry",
            id=entry_id,
            person_id=present[0].id if present else None,
            title=mark(title, t),
            snippet=text,
            score=score,
            subtitle=subtitle,
            when=when,
            extra={"entry_kind": kind_value},
        )


def _circle_label(value: object) -> str:
    """The circle's label; one this version does not know is shown as unknown."""
    circle = stored_enum(Circle, value)
    return circle.label if circle else "Circle unknown"

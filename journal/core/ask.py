"""Who could help with this? The journal, asked before the need grows.

Kelley and Caplan's star performers at Bell Labs were not the people who knew the most
colleagues: they had built, ahead of time, a network they could call when stuck, and got
answers in hours where others waited days. The journal holds what that takes: what each
person does, can help with, knows about, where they are, who they know, and the balance
of give and take. ``ask`` ranks people for a question in plain words and says why for
each one: the facts that matched, how close you are, whether you have helped them
(asking someone you gave to is easier), and who could introduce you when the best match
is a distant tie.

Matching is on concepts, not spellings (see ``ask_words``): folded, stemmed, grouped
with synonyms for fields and roles, and forgiving of typos against the journal's own
vocabulary (rapidfuzz, the maintained C++ Levenshtein). Every term is weighted by how
rare it is in the journal (a "lawyer" in a journal of two lawyers says more than
"manager" in one of forty). Entries count through the search index, so a person you
wrote about ("she ran the translation desk at Acme") is found even when no field says
so. A local semantic model was not used: none that runs offline from a pip package fits
a 2-core laptop's budget of 100 ms per question; words measured well enough on the
labelled questions in ``tests/fixtures/ask``.

Speed (a question within 100 ms on 10,000 people and 100,000 entries; see
``tests/benchmarks/bench_ask.py``): the index holds, per stem, each person's strongest
weight as arrays, so a question is scored for everyone its words meet (thousands, for a
broad word) in a few array operations, and only the dozen best are explained (reasons,
closeness, introducers). It is built once per journal (on the first question, or as the
question box opens), re-read only for the people a change names, and rebuilt whole after
any other change or another process's commit. What a word finds in the entries is kept
until the next change.
"""

from __future__ import annotations

import json
import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from journal.core import ask_words
from journal.core.dates import datetime_from_db
from journal.core.highlight import MARK_END, MARK_START, snippet
from journal.core.model import Circle, Direction, LedgerItem, LedgerKind
from journal.core.phrasing import ago, short_date
from journal.core.wording import mid_sentence

if TYPE_CHECKING:
    from journal.core.journal import Journal

#: How much each part of a record says about what a person could help with.
WEIGHTS = {
    "can_help_with": 3.0,
    "role": 2.5,
    "field": 2.0,
    "location": 2.0,
    "background": 1.6,
    "tag": 1.5,
    "organisation": 1.5,
    "working_on": 1.4,
    "notes": 1.0,
    "hobby": 1.0,
    "entry": 0.8,
    "life_event": 0.6,
    "met_how": 0.5,
}
#: A match through a near spelling (a typo) rather than the word itself.
FUZZY_WEIGHT = 0.7
FUZZY_CUTOFF = 84
#: Closer ties are easier to ask; a distant match still shows, with an introducer.
CLOSENESS = {
    Circle.INNER: 1.15,
    Circle.CLOSE: 1.1,
    Circle.NETWORK: 1.0,
    Circle.ACQUAINTANCE: 0.95,
    Circle.DORMANT: 0.9,
}
#: Entries looked at per concept of the question (newest first, through the index).
ENTRY_HITS = 20
#: Words of a question looked up in the entries (the first ones carry the need).
ENTRY_CONCEPTS = 4
DISTANT_DAYS = 365
#: Concepts whose entries are kept between questions (see ``_Kept.written``).
WRITTEN_KEPT = 256
#: Reasons shown per person: the strongest first.
MAX_REASONS = 4


@dataclass(frozen=True)
class Introducer:
    """Someone close who knows the match: the friend of a friend's bridge."""

    person_id: str
    name: str
    sentence: str


@dataclass(frozen=True)
class Answer:
    person_id: str
    name: str
    score: float
    why: tuple[str, ...]
    closeness: str
    reciprocity: str = ""
    introducer: Introducer | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "name": self.name,
            "score": round(self.score, 3),
            "why": list(self.why),
            "closeness": self.closeness,
            "reciprocity": self.reciprocity,
            "introducer": None
            if self.introducer is None
            else {
                "person_id": self.introducer.person_id,
                "name": self.introducer.name,
                "sentence": self.introducer.sentence,
            },
        }


class _Source(NamedTuple):
    """One part of a person's record (or one entry about them). A tuple, not a frozen
    dataclass: the index holds one per field and facet, 100,000 for 10,000 people, and
    builds them three times faster. Compared by identity where it matters."""

    kind: str
    text: str
    extra: str = ""
    #: For what was written: the word it was found by, to quote the right part.
    about: str = ""

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


@dataclass
class _Person:
    id: str
    name: str
    first: str
    circle: Circle
    placed: bool
    organisation: str
    sources: list[_Source] = field(default_factory=list)
    #: How much closeness adds to a match (see ``CLOSENESS``), worked out once.
    closeness: float = 1.0


@dataclass
class _Index:
    people: dict[str, _Person]
    #: stem → person id → indexes into that person's sources
    postings: dict[str, dict[str, list[int]]]
    vocabulary: list[str]
    #: stem → person id → the weight of their strongest source with the stem: all that
    #: ranking reads, so a word met by a thousand people costs a dict, not their records.
    best: dict[str, dict[str, float]]
    #: The same as arrays over ``rows`` (person rows, weights), for sums over thousands.
    dense: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]
    #: person id → row in ``row_ids`` and ``closeness`` (rows of people gone stay unused).
    rows: dict[str, int]
    row_ids: list[str]
    #: Each row's ``_Person.closeness``.
    closeness: npt.NDArray[np.float64]
    #: concept → the stems that count as it (synonyms, near spellings), filled as asked.
    alternatives: dict[str, dict[str, float]] = field(default_factory=dict)
    #: How many people a word's rarity is measured against, when ``people`` does not
    #: hold everyone (``offer_index`` holds no records); None: everyone in ``people``.
    population: int | None = None
    #: Whether a word the journal does not hold may be met by a near spelling (typos).
    near_spellings: bool = True

    @property
    def size(self) -> int:
        """How many people the journal holds (for how rare a word is among them)."""
        return len(self.people) if self.population is None else self.population


@dataclass
class _Kept:
    """One journal's index and what changed since it was built."""

    index: _Index | None = None
    #: SQLite's data_version when the index was read (another process's commits).
    version: int | None = None
    #: Something changed that only a whole rebuild covers.
    stale: bool = True
    #: People changed since (re-read alone, see ``_refresh``).
    changed: set[str] = field(default_factory=set)
    #: One build or refresh at a time per journal; questions meanwhile wait for it.
    building: threading.Lock = field(default_factory=threading.Lock)
    #: concept → person id → what was written about them that the concept finds: a word
    #: asked again (a question reworded) costs no search. Emptied by any change.
    written: dict[str, dict[str, list[_Source]]] = field(default_factory=dict)
    #: Counts changes, so a search that a change overtook is not kept.
    generation: int = 0


_CACHE: weakref.WeakKeyDictionary[Any, _Kept] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
#: Changes that leave the index as it is: entries are searched as they stand (see
#: ``_entry_sources``), and when someone was last in touch is read for those shown.
#: Every change to a person's record comes as "person" with their ids.
_UNRELATED_CHANGES = frozenset(
    {"entry", "follow_up", "reminder", "proposal", "meeting", "duplicates", "settings"}
)


def ask(journal: Journal, question: str, *, limit: int = 5, on: date | None = None) -> list[Answer]:
    """The people most likely to help with ``question``, best first, each with why."""
    today = on or journal.clock.today()
    concepts = ask_words.question_concepts(question)
    if not concepts or limit <= 0:
        return []
    index = _index(journal)
    entry_sources = _entry_sources(journal, index, concepts)
    # The give-and-take factor can reorder close scores, so a few more are weighed. Only
    # those are explained: reasons, closeness and introducers cost SQL and words each.
    rows, scores, _shares = _score_rows(index, concepts, entry_sources)
    best = _top_rows(index, rows, scores, limit + 5)
    contacts = _last_contacts(journal, [pid for pid, _ in best])
    answers = [
        _answer(
            journal,
            index,
            index.people[pid],
            contacts.get(pid),
            score,
            _reasons(index, pid, concepts, entry_sources),
            today,
        )
        for pid, score in best
    ]
    answers.sort(key=lambda a: (-a.score, a.name))
    return answers[:limit]


def prepare(journal: Journal) -> None:
    """Build the word index ahead of the first question: the question box calls this as
    it opens, so the second or so a 10,000-person journal takes is spent while the user
    types, not after."""
    _index(journal)


def _top_rows(
    index: _Index, rows: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], count: int
) -> list[tuple[str, float]]:
    """The ``count`` best rows, by score then name: the cut-off score is found among
    bare numbers first, so only the few at or above it are sorted by name."""
    if len(scores) > count:
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= cut
        rows, scores = rows[keep], scores[keep]
    found = [(index.row_ids[int(r)], float(s)) for r, s in zip(rows, scores, strict=True)]
    return sorted(found, key=lambda item: (-item[1], index.people[item[0]].name))[:count]


def record_answered(
    journal: Journal, person_id: str, question: str, on: date | None = None
) -> None:
    """The person helped: a "received" in the ledger, so reciprocity stays true and the
    give-first note knows to suggest giving back."""
    day = on or journal.clock.today()
    text = " ".join(question.split())[:200]
    journal.add_ledger_item(
        LedgerItem(
            person_id=person_id,
            direction=Direction.RECEIVED,
            kind=LedgerKind.ADVICE,
            description=f"Helped with: {text}" if text else "Helped with a question",
            occurred_on=day,
        )
    )


# -- the index ------------------------------------------------------------------------


def _index(journal: Journal) -> _Index:
    """The journal's people as terms: built on the first question, then kept. A change
    made in this process (heard through ``on_change``) re-reads only the people it names;
    anything else, or a commit by another process (SQLite's data_version), rebuilds it."""
    kept = _kept(journal)
    with kept.building:
        version = journal.store.data_version()
        with _CACHE_LOCK:
            index = kept.index
            # None: the store is busy this instant (another thread writing); what another
            # process did is seen at the next question rather than by waiting here.
            outside = version is not None and kept.version != version
            if outside:
                kept.written.clear()
                kept.generation += 1
            rebuild = index is None or kept.stale or outside
            changed = set() if rebuild else kept.changed
            # Cleared before reading, so a change made while reading is not lost.
            kept.stale, kept.changed = False, set()
        if rebuild:
            index = _build(journal)
        elif changed:
            assert index is not None
            index = _refresh(journal, index, changed)
        assert index is not None
        with _CACHE_LOCK:
            kept.index = index
            if version is not None:
                kept.version = version
        return index


def has_index(journal: Journal) -> bool:
    """Whether a question (or the week's matching) already built this journal's index."""
    with _CACHE_LOCK:
        kept = _CACHE.get(journal)
        return kept is not None and kept.index is not None


def release_index(journal: Journal) -> None:
    """Let the index go (tens of MB at 10k people): the week's matching builds it once a
    week, and keeping it for a question that may never come would hold that memory all
    week. The next question builds it again."""
    with _CACHE_LOCK:
        kept = _CACHE.get(journal)
        if kept is not None:
            kept.index, kept.stale = None, True
            kept.written.clear()


def _kept(journal: Journal) -> _Kept:
    with _CACHE_LOCK:
        kept = _CACHE.get(journal)
        if kept is not None:
            return kept
        kept = _CACHE[journal] = _Kept()

    def _heard(kind: str, ids: Sequence[str]) -> None:
        with _CACHE_LOCK:
            kept.written.clear()
            kept.generation += 1
            if kind in _UNRELATED_CHANGES:
                return
            if kind == "person" and ids:
                kept.changed.update(ids)
            else:
                kept.stale = True

    # The listener holds the kept index, never the journal: the cache's key stays weak.
    journal.on_change(_heard)
    return kept


_PEOPLE_COLUMNS = (
    "id",
    "name",
    "preferred_name",
    "organisation",
    "role",
    "field",
    "location",
    "met_how",
    "notes",
    "circle",
    "placed",
)
_PEOPLE_FROM = " FROM people WHERE archived = 0 AND deceased_on IS NULL"
_PEOPLE_SQL = "SELECT " + ", ".join(_PEOPLE_COLUMNS) + _PEOPLE_FROM
# One pass over the table, sorted here: read in person order through the index, the
# same rows cost five times as much (a page decrypted per row, 10k people).
_FACET_KINDS = ("can_help_with", "background", "working_on", "hobby", "life_event")
_FACETS_SQL = (
    "SELECT person_id, position, kind, text, detail, status FROM facets "
    f"WHERE kind IN ({', '.join(repr(kind) for kind in _FACET_KINDS)})"
)
_TAGS_SQL = "SELECT person_id, tag FROM person_tags"
#: The parts of a record read from ``_PEOPLE_SQL``'s columns (kind, column), in a
#: person's source order.
_COLUMN_KINDS = tuple(
    (kind, _PEOPLE_COLUMNS.index(kind))
    for kind in ("role", "organisation", "field", "location", "met_how", "notes")
)


def _people_sql(kinds: frozenset[str]) -> str:
    """``_PEOPLE_SQL`` with the parts of other kinds read as NULL (notes are long). The
    organisation is always read: a role is shown with it ("designer at Acme")."""
    unread = {col for kind, col in _COLUMN_KINDS if kind not in kinds and kind != "organisation"}
    columns = ("NULL" if i in unread else name for i, name in enumerate(_PEOPLE_COLUMNS))
    return "SELECT " + ", ".join(columns) + _PEOPLE_FROM


_ONLY = " AND {column} IN (SELECT value FROM json_each(?))"


def _read_people(journal: Journal, ids: Sequence[str] | None = None) -> dict[str, _Person]:
    """The records of everyone (``ids`` None) or of these people, as sources."""
    args: tuple[str, ...] = () if ids is None else (json.dumps(list(ids)),)

    def only(sql: str, column: str) -> str:
        if ids is None:
            return sql
        return sql + (_ONLY if " WHERE " in sql else _ONLY.replace(" AND", " WHERE", 1)).format(
            column=column
        )

    with journal.store.reading() as conn:
        people_rows = conn.execute(only(_PEOPLE_SQL, "id"), args).fetchall()
        facet_rows = conn.execute(only(_FACETS_SQL, "person_id"), args).fetchall()
        tag_rows = conn.execute(only(_TAGS_SQL, "person_id"), args).fetchall()
    people: dict[str, _Person] = {}
    for row in people_rows:
        person = _person(row)
        people[person.id] = person
    facet_rows.sort(key=lambda r: (r[0], r[1], r[2]))
    for person_id, _position, kind, text, detail, status in facet_rows:
        if person_id in people and (text or "").strip():
            people[person_id].sources.append(_Source(kind, text.strip(), status or "ongoing"))
            # A project's detail is how to ask about it ("how the launch went"), not
            # something the person knows; other details add to what they offer.
            if detail and detail.strip() and kind != "working_on":
                people[person_id].sources.append(_Source(kind, detail.strip(), status or ""))
    for person_id, tag in tag_rows:
        if person_id in people:
            people[person_id].sources.append(_Source("tag", tag))
    return people


def _post(
    person: _Person,
    postings: dict[str, dict[str, list[int]]],
    best: dict[str, dict[str, float]],
    terms_of: dict[str, tuple[str, ...]],
    kinds: frozenset[str] | None = None,
) -> None:
    """Add one person's terms to the postings (and each term's strongest weight), of
    their sources of ``kinds`` only if given."""
    pid = person.id
    for i, source in enumerate(person.sources):
        if kinds is not None and source.kind not in kinds:
            continue
        found = terms_of.get(source.text)
        if found is None:
            found = terms_of[source.text] = tuple(dict.fromkeys(ask_words.terms(source.text)))
        weight = source.weight
        for term in found:
            postings.setdefault(term, {}).setdefault(pid, []).append(i)
            strongest = best.setdefault(term, {})
            if weight > strongest.get(pid, 0.0):
                strongest[pid] = weight


def _build(journal: Journal) -> _Index:
    people = _read_people(journal)
    postings: dict[str, dict[str, list[int]]] = {}
    best: dict[str, dict[str, float]] = {}
    # Records repeat themselves (the same role, city, field across many people): each
    # distinct text is reduced to terms once.
    terms_of: dict[str, tuple[str, ...]] = {}
    for person in people.values():
        _post(person, postings, best, terms_of)
    row_ids = list(people)
    rows = {pid: row for row, pid in enumerate(row_ids)}
    closeness = np.fromiter((p.closeness for p in people.values()), np.float64, len(people))
    dense = {term: _dense(strongest, rows) for term, strongest in best.items()}
    return _Index(people, postings, sorted(postings), best, dense, rows, row_ids, closeness)


def _dense(
    strongest: dict[str, float], rows: dict[str, int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    count = len(strongest)
    return (
        np.fromiter((rows[pid] for pid in strongest), np.int64, count),
        np.fromiter(strongest.values(), np.float64, count),
    )


def _refresh(journal: Journal, index: _Index, ids: set[str]) -> _Index:
    """``index`` with these people read again (gone if archived, dead or deleted).

    A new index: a question still reading the old one on another thread sees it whole.
    Only the terms these people had or have now are copied; the rest is shared.
    """
    fresh = _read_people(journal, sorted(ids))
    people = dict(index.people)
    touched: set[str] = set()
    for pid in ids:
        old = people.pop(pid, None)
        if old is not None:
            for source in old.sources:
                touched.update(ask_words.terms(source.text))
    theirs_postings: dict[str, dict[str, list[int]]] = {}
    theirs_best: dict[str, dict[str, float]] = {}
    for person in fresh.values():
        people[person.id] = person
        _post(person, theirs_postings, theirs_best, {})
    touched.update(theirs_postings)
    postings = dict(index.postings)
    best = dict(index.best)
    for term in touched:
        term_postings = {pid: at for pid, at in postings.get(term, {}).items() if pid not in ids}
        term_best = {pid: w for pid, w in best.get(term, {}).items() if pid not in ids}
        term_postings.update(theirs_postings.get(term, {}))
        term_best.update(theirs_best.get(term, {}))
        if term_postings:
            postings[term], best[term] = term_postings, term_best
        else:
            postings.pop(term, None)
            best.pop(term, None)
    same_words = postings.keys() == index.postings.keys()
    vocabulary = index.vocabulary if same_words else sorted(postings)
    rows = index.rows
    row_ids = index.row_ids
    newcomers = [pid for pid in fresh if pid not in rows]
    if newcomers:
        row_ids = [*row_ids, *newcomers]
        rows = {**rows, **{pid: len(index.row_ids) + n for n, pid in enumerate(newcomers)}}
    closeness = np.ones(len(row_ids), np.float64)
    closeness[: len(index.closeness)] = index.closeness
    for person in fresh.values():
        closeness[rows[person.id]] = person.closeness
    dense = dict(index.dense)
    for term in touched:
        if term in best:
            dense[term] = _dense(best[term], rows)
        else:
            dense.pop(term, None)
    return _Index(people, postings, vocabulary, best, dense, rows, row_ids, closeness)


def _person(row: Any) -> _Person:
    pid, name, preferred, organisation = row[:4]
    circle = row[9]
    try:
        circle_ = Circle(circle)
    except ValueError:
        circle_ = Circle.NETWORK
    first = (preferred or "").strip() or (name or "").split(" ")[0]
    placed = bool(row[10])
    person = _Person(
        id=pid,
        name=name,
        first=first,
        circle=circle_,
        placed=placed,
        organisation=(organisation or "").strip(),
        # Closer ties are easier to ask; someone not yet placed in a circle, a little less.
        closeness=CLOSENESS.get(circle_, 1.0) * (1.0 if placed else 0.9),
    )
    for kind, column in _COLUMN_KINDS:
        value = row[column]
        if value and value.strip():
            person.sources.append(_Source(kind, value.strip()))
    return person


def _last_contacts(journal: Journal, ids: Sequence[str]) -> dict[str, datetime | None]:
    """When each of these people was last in touch, as the journal says now (the index
    leaves it out: every entry written changes it)."""
    if not ids:
        return {}
    with journal.store.reading() as conn:
        rows = conn.execute(
            "SELECT id, last_contact_at FROM people WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        ).fetchall()
    return {pid: _moment(last) for pid, last in rows}


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime_from_db(value)
    except (TypeError, ValueError):
        return None


def _entry_sources(
    journal: Journal, index: _Index, concepts: Sequence[str]
) -> dict[str, dict[str, list[_Source]]]:
    """Per concept, what the user wrote about each person that mentions it (newest
    first), found through the search index rather than by reading every entry, and kept
    until the next change."""
    kept = _kept(journal)
    found: dict[str, dict[str, list[_Source]]] = {}
    for concept in concepts[:ENTRY_CONCEPTS]:
        with _CACHE_LOCK:
            written = kept.written.get(concept)
            generation = kept.generation
        if written is None:
            written = _written(journal, concept)
            with _CACHE_LOCK:
                if kept.generation == generation:
                    if len(kept.written) >= WRITTEN_KEPT:
                        kept.written.clear()
                    kept.written[concept] = written
        found[concept] = {pid: at for pid, at in written.items() if pid in index.people}
    return found


def _written(journal: Journal, concept: str) -> dict[str, list[_Source]]:
    """Person id → the entries about them that ``concept`` finds (everyone present)."""
    from journal.core import search

    ids = search.entry_ids(journal, concept, limit=ENTRY_HITS)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    with journal.store.reading() as conn:
        rows = conn.execute(
            f"SELECT e.id, e.occurred_at, e.title, e.body, e.place, ep.person_id "
            f"FROM entries e JOIN entry_people ep ON ep.entry_id = e.id "
            f"WHERE e.id IN ({marks})",
            ids,
        ).fetchall()
    per_person: dict[str, list[_Source]] = {}
    for _eid, occurred, title, body, place, person_id in rows:
        text = " ".join(x for x in (body, place) if x) or title or ""
        per_person.setdefault(person_id, []).append(
            _Source("entry", text, occurred or "", about=concept)
        )
    return per_person


# -- scoring --------------------------------------------------------------------------


def _alternatives(index: _Index, concept: str) -> dict[str, float]:
    """The stems that count as this concept, with how much each is worth."""
    known = index.alternatives.get(concept)
    if known is not None:
        return known
    alts = {concept: 1.0}
    for other in ask_words.synonyms(concept):
        alts.setdefault(other, ask_words.SYNONYM_WEIGHT)
    if index.near_spellings and len(concept) >= 4 and not any(a in index.postings for a in alts):
        for match, score, _ in process.extract(
            concept, index.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
        ):
            alts.setdefault(match, FUZZY_WEIGHT * score / 100)
    index.alternatives[concept] = alts
    return alts


@dataclass
class _Match:
    """How one person meets one word of the question: by the word itself, and by
    another word of its concept (a synonym or a near spelling)."""

    exact: float = 0.0
    exact_source: _Source | None = None
    other: float = 0.0
    other_source: _Source | None = None
    #: Every part of the record that meets the word, for the reasons shown.
    seen: list[_Source] = field(default_factory=list)


def _match(
    index: _Index,
    person_id: str,
    concept: str,
    entry_sources: dict[str, dict[str, list[_Source]]],
    kinds: frozenset[str] | None,
) -> _Match | None:
    """How one person meets one word, with the parts of their record that do."""
    sources = index.people[person_id].sources
    match: _Match | None = None
    for alt, alt_weight in _alternatives(index, concept).items():
        positions = index.postings.get(alt, {}).get(person_id)
        if not positions:
            continue
        usable = positions if kinds is None else [i for i in positions if sources[i].kind in kinds]
        if not usable:
            continue
        if match is None:
            match = _Match()
        for i in usable:
            if all(sources[i] is not seen for seen in match.seen):
                match.seen.append(sources[i])
            value = sources[i].weight * alt_weight
            if alt == concept and value > match.exact:
                match.exact, match.exact_source = value, sources[i]
            elif alt != concept and value > match.other:
                match.other, match.other_source = value, sources[i]
    written = entry_sources.get(concept, {}).get(person_id)
    if written:
        if match is None:
            match = _Match()
        if WEIGHTS["entry"] > match.exact:
            match.exact, match.exact_source = WEIGHTS["entry"], written[0]
    return match


def _score_rows(
    index: _Index,
    concepts: Sequence[str],
    entry_sources: dict[str, dict[str, list[_Source]]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Everyone the question's words meet, scored at once: (rows, scores, shares).

    Each word adds its rarity times how well the person meets it: through the word
    itself (or what was written) or through another word of its concept, whichever is
    more; a synonym stands in for one word per concept only, in the order asked (an
    "iOS app developer" asks one thing, so an engineer, a synonym of all three words,
    scores once, and the iOS developer, two of the words themselves, comes first). The
    sum grows with the share of the question's concepts met, and with closeness.

    A word at a time over all people as arrays, not a person at a time (a broad word
    meets thousands in a 10,000-person journal); reasons are read for the few shown
    (``_reasons``).
    """
    size = len(index.row_ids)
    words = []
    for concept in concepts:
        exact = np.zeros(size, np.float64)
        found = index.dense.get(concept)
        if found is not None:
            exact[found[0]] = found[1]
        for person_id in entry_sources.get(concept, {}):
            row = index.rows[person_id]
            if WEIGHTS["entry"] > exact[row]:
                exact[row] = WEIGHTS["entry"]
        other = np.zeros(size, np.float64)
        for alt, alt_weight in _alternatives(index, concept).items():
            found = index.dense.get(alt) if alt != concept else None
            if found is not None:
                at = found[0]
                other[at] = np.maximum(other[at], found[1] * alt_weight)
        met = int(np.count_nonzero(np.maximum(exact, other)))
        words.append((exact, other, ask_words.group_of(concept), met))
    total = max(1, index.size)
    asked = len({group for _, _, group, _ in words})
    totals = np.zeros(size, np.float64)
    used: dict[frozenset[str], npt.NDArray[np.bool_]] = {}
    covered: dict[frozenset[str], npt.NDArray[np.bool_]] = {}
    for exact, other, group, met in words:
        if not met:
            continue
        claimed = used.setdefault(group, np.zeros(size, np.bool_))
        synonym = (other > exact) & ~claimed
        value = np.where(synonym, other, exact)
        claimed |= synonym
        totals += math.log(1 + total / (1 + met)) * value
        seen = covered.setdefault(group, np.zeros(size, np.bool_))
        seen |= value > 0
    counts = np.zeros(size, np.int64)
    for seen in covered.values():
        counts += seen
    rows = np.flatnonzero(counts)
    share = counts[rows] / asked
    return rows, totals[rows] * (0.4 + 0.6 * share) * index.closeness[rows], share


def _reasons(
    index: _Index,
    person_id: str,
    concepts: Sequence[str],
    entry_sources: dict[str, dict[str, list[_Source]]],
    kinds: frozenset[str] | None = None,
) -> list[_Source]:
    """The parts of one person's record that met the question, strongest per word first
    (the same choice of word or synonym as ``_score_rows``)."""
    groups = {c: ask_words.group_of(c) for c in concepts}
    matched: list[_Source] = []
    used_groups: set[frozenset[str]] = set()
    for concept in concepts:
        match = _match(index, person_id, concept, entry_sources, kinds)
        if match is None:
            continue
        group = groups[concept]
        value, source = match.exact, match.exact_source
        if match.other > value and group not in used_groups:
            value, source = match.other, match.other_source
            used_groups.add(group)
        if source is None or value <= 0:
            continue
        for seen in (source, *match.seen):
            if all(seen is not m for m in matched):
                matched.append(seen)
    return matched


# -- words ----------------------------------------------------------------------------


def _answer(
    journal: Journal,
    index: _Index,
    person: _Person,
    last_contact: datetime | None,
    score: float,
    matched: list[_Source],
    today: date,
) -> Answer:
    balance = journal.balance(person.id)
    factor = 1.1 if balance.given > balance.received else 1.0
    distant = _distant(person, last_contact, today)
    return Answer(
        person_id=person.id,
        name=person.name,
        score=score * factor,
        why=tuple(ask_words.unique(_why(person, s, today) for s in matched))[:MAX_REASONS],
        closeness=_closeness(person, last_contact, today),
        reciprocity=_reciprocity(person, balance.given, balance.received),
        introducer=_introducer(journal, index, person, today) if distant else None,
    )


def _why(person: _Person, source: _Source, today: date) -> str:
    text = source.text
    if source.kind == "role":
        return text + (f" at {person.organisation}" if person.organisation else "")
    if source.kind == "organisation":
        return f"works at {text}"
    if source.kind == "field":
        return f"works in {text.lower() if text.isupper() is False else text}"
    if source.kind == "location":
        return f"is based in {text}"
    if source.kind == "can_help_with":
        return f"can help: {text}"
    if source.kind == "background":
        return text
    if source.kind == "tag":
        return f"tagged “{text}”"
    if source.kind == "working_on":
        if source.extra == "done":
            return f"has done it: {text}"
        if source.extra == "cancelled":
            return f"tried it once: {text}"
        return f"is working on {mid_sentence(text)}"
    if source.kind == "hobby":
        return f"enjoys {text}"
    if source.kind == "life_event":
        return text
    if source.kind == "met_how":
        return f"you met {text}"
    if source.kind == "notes":
        return f"your notes say “{_excerpt(text)}”"
    if source.kind == "entry":
        when = _moment(source.extra)
        said = f" on {short_date(when.date(), today)}" if when else ""
        return f"you wrote{said}: “{_quote(text, source.about)}”"
    return text


def _quote(text: str, about: str) -> str:
    """The words around what the entry was found by, not its first line."""
    found = snippet(text, [about], words=14) if about else ""
    found = found.replace(MARK_START, "").replace(MARK_END, "")
    return found or _excerpt(text)


def _excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut + "…"


def _closeness(person: _Person, last_contact: datetime | None, today: date) -> str:
    circle = person.circle.label if person.placed else "Imported, not yet placed"
    if last_contact is None:
        return f"{circle}; not in touch yet"
    days = (today - last_contact.date()).days
    return f"{circle}; last in touch {ago(days)}"


def _reciprocity(person: _Person, given: int, received: int) -> str:
    if given > received:
        times = "once" if given == 1 else f"{given} times"
        return f"You have helped {person.first} {times}: asking is easier."
    if received > given:
        return (
            f"{person.first} has helped you more than you have helped them: "
            "offer something when you ask."
        )
    return ""


def _distant(person: _Person, last_contact: datetime | None, today: date) -> bool:
    if not person.placed or person.circle in (Circle.ACQUAINTANCE, Circle.DORMANT):
        return True
    if last_contact is None:
        return True
    return (today - last_contact.date()).days > DISTANT_DAYS


def _introducer(journal: Journal, index: _Index, person: _Person, today: date) -> Introducer | None:
    """The closest person you are in touch with who is linked to ``person``."""
    from journal.core import links

    candidates: list[tuple[tuple[int, float], Introducer]] = []
    rank = {Circle.INNER: 0, Circle.CLOSE: 1, Circle.NETWORK: 2}
    views = [
        view
        for view in links.links_for(journal, person.id)
        if (other := index.people.get(view.other_id)) is not None
        and other.circle in rank
        and other.placed
    ]
    contacts = _last_contacts(journal, [view.other_id for view in views])
    for view in views:
        other = index.people[view.other_id]
        last_contact = contacts.get(other.id)
        if last_contact is None:
            continue
        days = (today - last_contact.date()).days
        if days > DISTANT_DAYS:
            continue
        sentence = f"{other.first} could introduce you: {view.sentence}"
        candidates.append(((rank[other.circle], days), Introducer(other.id, other.name, sentence)))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]

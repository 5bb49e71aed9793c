"""What people offer, read for the week's introductions alone.

"Who should meet?" matches a hundred needs against what everyone else can help with,
does or knows (``introductions``), by the rules of "who could help?" (``ask``). Built
from ``ask``'s whole index, that cost over a second at 10,000 people on the week's first
Today or ``journal today``: the index splits every part of every record into words. The
matching asks for a few dozen words, met only in what people offer, so this reads those
parts alone and keeps, per wanted word, each person's strongest weight as arrays over
everyone (``ask._score_rows`` then scores a need for thousands at once). Rarity is still
measured among everyone. A person's whole record is read only when they are about to be
suggested, to say why (``reasons``).

Near spellings never stand in here: a need's words are always in the journal (the need
is), so ``ask``'s index never looked for near spellings of them either. The pairs, scores
and reasons were compared with those of the whole index when this was written (both
sample journals over 12 weeks, 60 random journals): the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from journal.core import ask, ask_words
from journal.core.model import Circle

if TYPE_CHECKING:
    from journal.core.journal import Journal

_NAME = ask._PEOPLE_COLUMNS.index("name")
_PLACED = ask._PEOPLE_COLUMNS.index("placed")
_CIRCLE = ask._PEOPLE_COLUMNS.index("circle")
_CLOSENESS = {circle.value: weight for circle, weight in ask.CLOSENESS.items()}


@dataclass
class OfferIndex:
    """The wanted words' weights over everyone, and what a suggestion needs to know."""

    #: ``ask``'s index with arrays for the wanted words only, and no records in it.
    words: ask._Index
    kinds: frozenset[str]
    #: person id → their row of ``ask._PEOPLE_COLUMNS`` (name, circle, placed ...).
    people: dict[str, Any]

    def name(self, person_id: str) -> str:
        return str(self.people[person_id][_NAME])

    def suggestible(self, person_id: str) -> bool:
        """Placed in a circle, and not one the user let go dormant."""
        row = self.people[person_id]
        return bool(row[_PLACED]) and row[_CIRCLE] != Circle.DORMANT.value


def build(journal: Journal, concepts: Iterable[str], kinds: frozenset[str]) -> OfferIndex:
    """The index of who offers ``concepts`` (or a synonym) in their sources of ``kinds``."""
    wanted = {alt for concept in concepts for alt in (concept, *ask_words.synonyms(concept))}
    facet_kinds = [kind for kind in ask._FACET_KINDS if kind in kinds]
    with journal.store.reading() as conn:
        people_rows = conn.execute(ask._people_sql(kinds)).fetchall()
        facet_rows = conn.execute(
            "SELECT person_id, kind, text, detail FROM facets "
            "WHERE kind IN (SELECT value FROM json_each(?))",
            (json.dumps(facet_kinds),),
        ).fetchall()
        tag_rows = conn.execute(ask._TAGS_SQL).fetchall() if "tag" in kinds else []
    people = {row[0]: row for row in people_rows}
    best = _strongest(people, facet_rows, tag_rows, kinds, wanted)
    rows = {person_id: n for n, person_id in enumerate(people)}
    closeness = np.fromiter(
        (_CLOSENESS.get(r[_CIRCLE], 1.0) * (1.0 if r[_PLACED] else 0.9) for r in people_rows),
        np.float64,
        len(people_rows),
    )
    words = ask._Index(
        people={},
        postings={},
        vocabulary=[],
        best=best,
        dense={stem: ask._dense(weights, rows) for stem, weights in best.items()},
        rows=rows,
        row_ids=list(rows),
        closeness=closeness,
        population=len(people_rows),
        near_spellings=False,
    )
    return OfferIndex(words, kinds, people)


def _strongest(
    people: dict[str, Any],
    facet_rows: Sequence[Any],
    tag_rows: Sequence[Any],
    kinds: frozenset[str],
    wanted: set[str],
) -> dict[str, dict[str, float]]:
    """Wanted word → person id → the weight of their strongest source holding it, read
    as ``ask._read_people`` reads a record (stripped texts; a facet's detail only beside
    its text, and never a project's). ``people``: id → row of ``ask._PEOPLE_COLUMNS``."""
    # Records repeat themselves (the same role, field, skill across many people): each
    # distinct text is split once, keyed by the text as stored.
    hits: dict[str | None, tuple[str, ...]] = {}
    best: dict[str, dict[str, float]] = {}

    def post(person_id: str, kind: str, text: str | None) -> None:
        found = hits.get(text)
        if found is None:
            terms = ask_words.terms((text or "").strip())
            found = hits[text] = tuple(t for t in terms if t in wanted)
        weight = ask.WEIGHTS[kind]
        for stem in found:
            strongest = best.setdefault(stem, {})
            if weight > strongest.get(person_id, 0.0):
                strongest[person_id] = weight

    columns = [(kind, column) for kind, column in ask._COLUMN_KINDS if kind in kinds]
    for person_id, row in people.items():
        for kind, column in columns:
            post(person_id, kind, row[column])
    for person_id, kind, text, detail in facet_rows:
        if person_id in people and (text or "").strip():
            post(person_id, kind, text)
            if kind != "working_on":
                post(person_id, kind, detail)
    for person_id, tag in tag_rows:
        if person_id in people:
            post(person_id, "tag", tag)
    return best


def scored(offers: OfferIndex, concepts: Sequence[str], key: str) -> list[tuple[str, float, float]]:
    """(person id, score, share of the concepts met) for everyone whose offers meet
    ``key`` (what the need is about), scored by ``ask``'s rules."""
    words = offers.words
    rows, scores, shares = ask._score_rows(words, concepts, {})
    about = [words.dense[alt][0] for alt in ask._alternatives(words, key) if alt in words.dense]
    if not about:
        return []
    keep = np.isin(rows, np.concatenate(about))
    return [
        (words.row_ids[int(row)], float(score), float(share))
        for row, score, share in zip(rows[keep], scores[keep], shares[keep], strict=True)
    ]


def reasons(
    journal: Journal,
    offers: OfferIndex,
    asked: Sequence[tuple[str, Sequence[str]]],
    today: date,
) -> list[tuple[str, ...]]:
    """For each (person id, concepts): what in their record meets the concepts, in words
    ("can help: hiring advice", "product designer at Brightlayer"), strongest first;
    none for someone no longer in the journal. Their records are read at once."""
    people = ask._read_people(journal, sorted({person_id for person_id, _ in asked}))
    postings: dict[str, dict[str, list[int]]] = {}
    for record in people.values():
        ask._post(record, postings, {}, {}, offers.kinds)
    records = ask._Index(
        people=people,
        postings=postings,
        vocabulary=[],
        best={},
        dense={},
        rows={},
        row_ids=[],
        closeness=np.ones(0, np.float64),
        near_spellings=False,
    )
    found: list[tuple[str, ...]] = []
    for person_id, concepts in asked:
        person = people.get(person_id)
        if person is None:  # gone since the index was read (another process): no reason
            found.append(())
            continue
        matched = ask._reasons(records, person_id, concepts, {}, offers.kinds)
        found.append(tuple(ask_words.unique(ask._why(person, m, today) for m in matched)))
    return found

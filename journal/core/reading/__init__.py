"""Reading the reflections: what an entry says has changed about the people in it.

``read_entry`` is a pure function (no journal, no clock, no Qt): an entry's text and day,
the people in it, the facts and open promises the journal holds about them, in; a list
of proposals (``Detected``), each with the sentence it came from, out. Nothing here
writes anything: ``journal.core.proposals`` stores what is read for the user to review.

Rules per language live in their own module (``en``), registered in ``LANGUAGES``.
Plain regular expressions won over spaCy's rule matcher on a blank pipeline: see
tests/benchmarks/bench_reading.py for the measurement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import ModuleType

from journal.core.reading import en
from journal.core.reading.model import (
    DECEASED,
    FACT_STATUS,
    KINDS,
    LIFE_EVENT,
    NEW_FACT,
    PROMISE,
    PROMISE_KEPT,
    Clause,
    Detected,
    HeldFact,
    OpenPromise,
    PersonRef,
)
from journal.core.reading.resolve import Resolver, people_in

LANGUAGES: dict[str, ModuleType] = {"en": en}

__all__ = [
    "DECEASED",
    "FACT_STATUS",
    "KINDS",
    "LIFE_EVENT",
    "NEW_FACT",
    "PROMISE",
    "PROMISE_KEPT",
    "Detected",
    "HeldFact",
    "OpenPromise",
    "PersonRef",
    "preticked",
    "read_entry",
]

#: Longer entries are read up to here: a pasted document is not a reflection, and
#: reading it must not hold up saving.
MAX_CHARS = 20_000


def read_entry(
    text: str,
    on: date,
    people: Sequence[PersonRef],
    facts: Sequence[HeldFact] = (),
    promises: Sequence[OpenPromise] = (),
    language: str = "en",
) -> list[Detected]:
    """Proposals read from ``text``, written on ``on``, about ``people`` (in the entry).

    Every proposal is about one of ``people``; a sentence whose person cannot be told
    (two women in the entry and a "she") proposes nothing rather than guess.
    """
    if not people or not text.strip():
        return []
    lang = LANGUAGES.get(language, en)
    people = list(people)
    index = {p.id: i for i, p in enumerate(people)}
    by_person_facts: dict[int, list[HeldFact]] = {}
    for fact in facts:
        if fact.person_id in index and fact.status != "cancelled":
            by_person_facts.setdefault(index[fact.person_id], []).append(fact)
    by_person_promises: dict[int, list[OpenPromise]] = {}
    for promise in promises:
        if promise.person_id in index:
            by_person_promises.setdefault(index[promise.person_id], []).append(promise)
    resolver = Resolver(people, lang)
    found: dict[tuple[str, str, str], Detected] = {}
    for sentence in lang.sentences(text[:MAX_CHARS]):
        tokenised = resolver.tokenise(lang.normalise(sentence))
        named = people_in(tokenised)
        previous: int | None = None
        for part in lang.clauses(tokenised):
            clause = Clause(
                text=part,
                sentence=sentence,
                tokenised_sentence=tokenised,
                on=on,
                people=people,
                facts=by_person_facts,
                promises=by_person_promises,
                sentence_people=named,
                previous_subject=previous,
            )
            for item in lang.read_clause(clause):
                key = item.key()
                if key not in found or found[key].confidence < item.confidence:
                    found[key] = item
            mentioned = people_in(part)
            previous = mentioned[0] if mentioned else previous
    # Someone who died in this entry has no bereavement of their own in it ("Tom passed
    # away on Sunday. The funeral is next week." is one death, not a loss of Tom's).
    dead = {d.person_id for d in found.values() if d.kind == DECEASED}
    return [
        d
        for d in found.values()
        if not (d.kind == LIFE_EVENT and d.detail == "bereavement" and d.person_id in dead)
    ]


#: Kinds whose proposals the review shows ticked, when the reader is sure of them
#: (confidence >= PRETICK_CONFIDENCE): those measured at 90% precision or better on the
#: held-out labelled set (tests/core/test_reading_quality.py asserts it). Every kind
#: reaches it today; a kind that stops reaching it leaves this set. Proposals below the
#: confidence (hedged plans, "still going on" confirmations, "I should...", a subject
#: only guessed) are shown unticked. A death (``DECEASED``) is never offered ticked: marking
#: someone deceased ends every suggestion about them, so the user ticks it themselves.
PRETICKED_KINDS = frozenset({NEW_FACT, FACT_STATUS, PROMISE, PROMISE_KEPT, LIFE_EVENT})
PRETICK_CONFIDENCE = 0.8


def preticked(proposal: Detected) -> bool:
    """Whether the review offers this proposal ticked (the user still confirms it)."""
    return proposal.kind in PRETICKED_KINDS and proposal.confidence >= PRETICK_CONFIDENCE

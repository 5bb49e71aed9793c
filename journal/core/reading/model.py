"""What the reader is given and what it returns: plain values, no storage, no Qt.

The reader is a pure function of an entry's text, its date, the people in it and what the
journal already holds about them, so it can be tested sentence by sentence and run again
on an edited entry with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: The kinds of proposal, as stored in the ``proposals`` table.
NEW_FACT = "new_fact"
FACT_STATUS = "fact_status"
PROMISE = "promise"
PROMISE_KEPT = "promise_kept"
LIFE_EVENT = "life_event"
#: The person in the entry died ("Tom passed away on Sunday"): mark them deceased.
DECEASED = "deceased"
KINDS = (NEW_FACT, FACT_STATUS, PROMISE, PROMISE_KEPT, LIFE_EVENT, DECEASED)


@dataclass(frozen=True)
class PersonRef:
    """Someone in the entry, as the text may name them."""

    id: str
    name: str
    preferred_name: str = ""
    #: As typed on the person ("she", "he/him", "they/them", "xe/xem" or empty).
    pronouns: str = ""

    @property
    def first_name(self) -> str:
        shown = (self.preferred_name or self.name).strip()
        return shown.split()[0] if shown else ""


@dataclass(frozen=True)
class HeldFact:
    """A fact the journal holds about someone (a facet), with its status."""

    id: str
    person_id: str
    kind: str
    text: str
    status: str = "ongoing"


@dataclass(frozen=True)
class OpenPromise:
    """A follow-up not yet done: something the user said they would do for someone."""

    id: str
    person_id: str
    text: str


@dataclass
class Detected:
    """One proposal read from the text: what changed, about whom, and the sentence it
    came from (shown to the user so they can judge it)."""

    kind: str
    person_id: str
    sentence: str
    text: str = ""
    facet_kind: str | None = None
    facet_id: str | None = None
    follow_up_id: str | None = None
    new_status: str | None = None
    due_on: date | None = None
    event_date: date | None = None
    confidence: float = 0.5
    #: For life events: birth, new_job, move, illness, bereavement, wedding, ...
    detail: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def key(self) -> tuple[str, str, str]:
        """What makes two proposals the same change (for de-duplication)."""
        target = self.facet_id or self.follow_up_id or self.facet_kind or self.detail or ""
        if self.kind in (PROMISE, NEW_FACT):
            target += "|" + " ".join(self.text.casefold().split())
        return (self.kind, self.person_id, target)


@dataclass
class Clause:
    """One clause of one sentence, with people as tokens, and what the reader knows."""

    text: str
    sentence: str
    tokenised_sentence: str
    on: date
    people: list[PersonRef]
    facts: dict[int, list[HeldFact]]
    promises: dict[int, list[OpenPromise]]
    #: Who was named or resolved in this sentence (indices into ``people``).
    sentence_people: list[int]
    #: The person tokens of the previous clause of this sentence, for "and" carry-over.
    previous_subject: int | None = None

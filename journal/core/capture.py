"""Capture right after a meeting: one entry, plus what the guided prompts taught us.

The entry editor (and any other front end) asks a few questions about each person who
was there: what they are working on, what I could offer, what to follow up, what we
have in common, what was given or received. This module turns those answers into the
right facets, follow-ups and ledger items on the right people, in one transaction
with the entry, so a capture is saved whole or not at all. It also turns a capture in
progress into a plain dict and back, for drafts that survive a crash or a lock.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from journal.core.errors import InvalidInput, NotFound
from journal.core.model import (
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FollowUp,
    LedgerItem,
    LedgerKind,
    Person,
)

if TYPE_CHECKING:
    from journal.core.journal import Journal


@dataclass(frozen=True)
class Prompt:
    key: str
    question: str
    placeholder: str


#: The guided prompts, in the order they are asked. Front ends show ``question``;
#: answers are stored in ``Answers`` under ``key``.
PROMPTS: tuple[Prompt, ...] = (
    Prompt("working_on", "What are they working on?", "e.g. opening a second bakery"),
    Prompt("could_offer", "What could you offer?", "e.g. an intro to my supplier contact"),
    Prompt("follow_up", "Anything to follow up?", "e.g. send the article on sourdough"),
    Prompt("in_common", "Anything you have in common?", "e.g. we both climb"),
    Prompt("gave", "Did you give them something?", "e.g. advice on the pitch deck"),
    Prompt("received", "Did they give you something?", "e.g. an intro to a recruiter"),
)


@dataclass
class Answers:
    """What the user answered about one person; empty strings mean "skipped"."""

    working_on: str = ""
    could_offer: str = ""
    follow_up: str = ""
    follow_up_due: date | None = None
    in_common: str = ""
    gave: str = ""
    received: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, p.key).strip() for p in PROMPTS)


@dataclass
class Attendee:
    """Someone who was there: a person in the journal (``person_id``) or a new name."""

    name: str
    person_id: str | None = None
    answers: Answers = field(default_factory=Answers)


@dataclass
class Capture:
    occurred_at: datetime
    attendees: list[Attendee] = field(default_factory=list)
    body: str = ""
    title: str = ""
    kind: EntryKind = EntryKind.MEETING
    place: str = ""


@dataclass
class Saved:
    """What a capture added, so the front end can say so (and tests can check it)."""

    entry: Entry
    created: list[Person]
    facets: list[Facet]
    follow_ups: list[FollowUp]
    ledger: list[LedgerItem]


def save(journal: Journal, capture: Capture) -> Saved:
    """Write the entry, new people, facets, follow-ups and ledger items in one transaction.

    New attendees (no ``person_id``) are created, met on the day of the entry. An answer
    that repeats a facet the person already has is not added twice; "in common" on an
    existing facet marks it shared instead.
    """
    from journal.core.journal import Journal

    assert isinstance(journal, Journal)
    _check(capture)
    day = capture.occurred_at.date()
    created: list[Person] = []
    with journal.transaction():
        _check_people_exist(journal, capture)
        ids: list[str] = []
        for attendee in capture.attendees:
            if attendee.person_id is None:
                person = journal.add_person(Person(name=attendee.name.strip(), met_on=day))
                created.append(person)
                ids.append(person.id)
            else:
                ids.append(attendee.person_id)
        entry = Entry(
            occurred_at=capture.occurred_at,
            kind=capture.kind,
            title=capture.title.strip(),
            body=capture.body,
            place=capture.place.strip(),
            people=list(dict.fromkeys(ids)),
        )
        for person_id, attendee in zip(ids, capture.attendees, strict=True):
            entry.follow_ups += _follow_ups(person_id, attendee.answers)
            entry.ledger += _ledger(person_id, attendee.answers, day)
        journal.add_entry(entry)
        facets: list[Facet] = []
        for person_id, attendee in zip(ids, capture.attendees, strict=True):
            person = journal.person(person_id)
            for facet in _facets(attendee.answers, day, entry.id):
                facets += _add_or_share(journal, person, facet)
    return Saved(entry, created, facets, list(entry.follow_ups), list(entry.ledger))


def _check(capture: Capture) -> None:
    for attendee in capture.attendees:
        if not attendee.name.strip():
            raise InvalidInput("Someone in this entry has no name; type one or remove them.")
    if not (capture.body.strip() or capture.title.strip() or capture.attendees):
        raise InvalidInput("Write something, or add who was there, before saving.")


def _check_people_exist(journal: Journal, capture: Capture) -> None:
    wanted = {a.person_id for a in capture.attendees if a.person_id}
    found = {p.id for p in journal.people(list(wanted))}
    for attendee in capture.attendees:
        if attendee.person_id and attendee.person_id not in found:
            raise NotFound(
                f"{attendee.name} is no longer in the journal (deleted while you "
                "were writing?). Remove them from the entry and save again."
            )


def _facets(answers: Answers, day: date, entry_id: str) -> list[Facet]:
    out = []
    for kind, text, shared in (
        (FacetKind.WORKING_ON, answers.working_on, False),
        (FacetKind.COULD_OFFER, answers.could_offer, False),
        (FacetKind.HOBBY, answers.in_common, True),
    ):
        if text.strip():
            out.append(
                Facet(kind, text.strip(), shared=shared, noted_on=day, source_entry_id=entry_id)
            )
    return out


def _add_or_share(journal: Journal, person: Person, facet: Facet) -> list[Facet]:
    wanted = _normal(facet.text)
    for existing in person.facets:
        if _normal(existing.text) != wanted:
            continue
        if facet.shared and existing.kind is not FacetKind.WORKING_ON:
            if not existing.shared:
                existing.shared = True
                journal.save_facet(existing)
            return []
        if existing.kind is facet.kind:
            return []
    journal.add_facet(person.id, facet)
    return [facet]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _follow_ups(person_id: str, answers: Answers) -> list[FollowUp]:
    if not answers.follow_up.strip():
        return []
    return [
        FollowUp(text=answers.follow_up.strip(), due_on=answers.follow_up_due, person_id=person_id)
    ]


def _ledger(person_id: str, answers: Answers, day: date) -> list[LedgerItem]:
    out = []
    for direction, text in (
        (Direction.GIVEN, answers.gave),
        (Direction.RECEIVED, answers.received),
    ):
        if text.strip():
            out.append(
                LedgerItem(
                    person_id=person_id,
                    direction=direction,
                    kind=guess_ledger_kind(text),
                    description=text.strip(),
                    occurred_on=day,
                )
            )
    return out


_LEDGER_WORDS: tuple[tuple[LedgerKind, tuple[str, ...]], ...] = (
    (
        LedgerKind.INTRODUCTION,
        (
            "intro",
            "introduc",
            "connected me",
            "connected them",
            "put me in touch",
            "put them in touch",
            "referr",
        ),
    ),
    (
        LedgerKind.ADVICE,
        ("advice", "advis", "feedback", "review", "tips", "mentor", "suggest", "recommend"),
    ),
    (LedgerKind.GIFT, ("gift", "present", "book", "ticket", "bottle", "flowers")),
    (
        LedgerKind.FAVOUR,
        ("favour", "favor", "help", "lent", "lend", "borrow", "covered", "drove", "lift", "moving"),
    ),
)


def guess_ledger_kind(text: str) -> LedgerKind:
    """A best guess at what kind of give or take a short phrase describes."""
    lowered = text.casefold()
    for kind, words in _LEDGER_WORDS:
        if any(re.search(rf"\b{re.escape(w)}", lowered) for w in words):
            return kind
    return LedgerKind.OTHER


# -- drafts --------------------------------------------------------------------------------


def to_draft(capture: Capture, *, entry_id: str | None = None) -> dict[str, Any]:
    """A plain dict of a capture in progress (for ``Journal.save_draft``)."""
    return {
        "version": 1,
        "entry_id": entry_id,
        "occurred_at": capture.occurred_at.isoformat(timespec="minutes"),
        "kind": capture.kind.value,
        "title": capture.title,
        "body": capture.body,
        "place": capture.place,
        "attendees": [
            {
                "name": a.name,
                "person_id": a.person_id,
                "answers": {
                    **{p.key: getattr(a.answers, p.key) for p in PROMPTS},
                    "follow_up_due": a.answers.follow_up_due.isoformat()
                    if a.answers.follow_up_due
                    else None,
                },
            }
            for a in capture.attendees
        ],
    }


def from_draft(data: dict[str, Any]) -> tuple[Capture, str | None]:
    """The capture (and the id of the entry being edited, if any) kept in a draft.

    Drafts are read leniently: a damaged field falls back to its default rather than
    losing the rest of what was typed.
    """
    try:
        occurred = datetime.fromisoformat(str(data.get("occurred_at")))
    except ValueError:
        occurred = datetime.now().replace(second=0, microsecond=0)
    try:
        kind = EntryKind(data.get("kind", "meeting"))
    except ValueError:
        kind = EntryKind.MEETING
    attendees = []
    for item in data.get("attendees") or []:
        raw = item.get("answers") or {}
        answers = Answers()
        for prompt in PROMPTS:  # every prompt names one of the text fields
            setattr(answers, prompt.key, str(raw.get(prompt.key) or ""))
        if raw.get("follow_up_due"):
            with contextlib.suppress(ValueError):
                answers.follow_up_due = date.fromisoformat(raw["follow_up_due"])
        attendees.append(Attendee(str(item.get("name") or ""), item.get("person_id"), answers))
    capture = Capture(
        occurred_at=occurred,
        attendees=attendees,
        body=str(data.get("body") or ""),
        title=str(data.get("title") or ""),
        kind=kind,
        place=str(data.get("place") or ""),
    )
    return capture, data.get("entry_id")


def is_blank(capture: Capture) -> bool:
    """Nothing worth keeping was typed (so no draft is needed)."""
    return not (
        capture.body.strip() or capture.title.strip() or capture.place.strip() or capture.attendees
    )

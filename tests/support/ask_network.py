"""The hand-written journal behind the "who could help?" tests and benchmark
(tests/fixtures/ask/network.json): 32 people with what they do and can help with, links,
entries and gives, and 62 questions labelled with who should come first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from journal.core import links
from journal.core.model import (
    Circle,
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    LedgerItem,
    LedgerKind,
    Person,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ask" / "network.json"


@dataclass(frozen=True)
class Question:
    text: str
    first: frozenset[str]
    relevant: frozenset[str]


def load() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def questions() -> list[Question]:
    return [
        Question(q["q"], frozenset(q["first"]), frozenset(q["relevant"]))
        for q in load()["questions"]
    ]


def build(journal: Any) -> dict[str, str]:
    """Write the fixture's people into ``journal`` (whose clock is at the anchor);
    returns name → person id."""
    data = load()
    now = journal.clock.now()
    ids: dict[str, str] = {}
    for raw in data["people"]:
        person = _person(raw)
        journal.add_person(person)
        ids[person.name] = person.id
        for item in raw.get("entries", []):
            _entry(journal, person.id, now - timedelta(days=item["days"]), item["text"])
        if "last_days" in raw and not any(
            e["days"] == raw["last_days"] for e in raw.get("entries", [])
        ):
            _entry(journal, person.id, now - timedelta(days=raw["last_days"]), "Caught up.")
        for direction, count in (
            ("given", raw.get("given", 0)),
            ("received", raw.get("received", 0)),
        ):
            for n in range(count):
                journal.add_ledger_item(
                    LedgerItem(
                        person_id=person.id,
                        direction=Direction(direction),
                        kind=LedgerKind.ADVICE,
                        description=f"{direction} {n + 1}",
                        occurred_on=(now - timedelta(days=30 * (n + 1))).date(),
                    )
                )
    for first, role, second in data["links"]:
        links.add_link(journal, ids[first], role, ids[second])
    return ids


def _person(raw: dict[str, Any]) -> Person:
    facets = [
        Facet(kind=FacetKind(kind), text=text)
        for kind in ("can_help_with", "background", "hobby")
        for text in raw.get(kind, [])
    ]
    facets += [
        Facet(kind=FacetKind.WORKING_ON, text=w["text"], status=w.get("status", "ongoing"))
        for w in raw.get("working_on", [])
    ]
    return Person(
        name=raw["name"],
        circle=Circle(raw["circle"]),
        role=raw.get("role", ""),
        organisation=raw.get("organisation", ""),
        field=raw.get("field", ""),
        location=raw.get("location", ""),
        placed=raw.get("placed", True),
        facets=facets,
    )


def _entry(journal: Any, person_id: str, when: datetime, text: str) -> None:
    journal.add_entry(
        Entry(
            occurred_at=datetime.combine(when.date(), time(12, 0)),
            kind=EntryKind.MEETING,
            body=text,
            people=[person_id],
        )
    )

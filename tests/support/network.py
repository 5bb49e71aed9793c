"""Hand-built journals for the insights tests: people placed at known distances in time.

Every date is relative to the test clock's day (2026-11-24), so a test can say "last in
touch 60 days ago" and do the arithmetic on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from journal.core.journal import Journal
from journal.core.model import (
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    Facet,
    FacetKind,
    LedgerItem,
    LedgerKind,
    NetworkKind,
    Person,
)

TODAY = date(2026, 11, 24)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def add(
    journal: Journal,
    name: str,
    *,
    field: str = "",
    org: str = "",
    place: str = "",
    circle: Circle = Circle.NETWORK,
    kinds: Iterable[NetworkKind] = (),
    days_ago: int | None = None,
    met_days_ago: int = 1000,
    cadence: int | None = None,
    facets: Iterable[Facet] = (),
    email: bool = False,
) -> Person:
    """A person, and (if ``days_ago`` is given) an entry with them that many days ago."""
    person = Person(
        name=name,
        field=field,
        organisation=org,
        location=place,
        circle=circle,
        network_kinds=set(kinds),
        met_on=ago(met_days_ago),
        cadence_days=cadence,
        facets=list(facets),
        channels=[Channel(ChannelKind.EMAIL, f"{name.lower()}@example.org")] if email else [],
    )
    journal.add_person(person)
    if days_ago is not None:
        meet(journal, person, days_ago)
    return person


def meet(journal: Journal, person: Person, days_ago: int) -> Entry:
    return journal.add_entry(
        Entry(
            occurred_at=datetime.combine(ago(days_ago), time(12)),
            body=f"Caught up with {person.name}",
            people=[person.id],
        )
    )


def give(
    journal: Journal, person: Person, on: date, direction: Direction = Direction.GIVEN
) -> None:
    journal.add_ledger_item(
        LedgerItem(
            person_id=person.id,
            direction=direction,
            kind=LedgerKind.ADVICE,
            description="advice",
            occurred_on=on,
        )
    )


def hobby(text: str = "climbing") -> Facet:
    return Facet(FacetKind.HOBBY, text)


def offer(text: str) -> Facet:
    return Facet(FacetKind.COULD_OFFER, text)

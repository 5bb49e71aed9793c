"""Small journals for engine tests: people with a last contact some days before the
fixed clock's day, written through the real facade (and so the real triggers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from journal.core.journal import Journal
from journal.core.model import Birthday, Circle, Entry, Facet, NetworkKind, Person


def ago(journal: Journal, days: int) -> date:
    return journal.clock.today() - timedelta(days=days)


def meet(journal: Journal, person_id: str, on: date, body: str = "Coffee") -> Entry:
    return journal.add_entry(
        Entry(occurred_at=datetime.combine(on, time(12)), body=body, people=[person_id])
    )


def add(
    journal: Journal,
    name: str,
    *,
    last: int | None = None,
    circle: Circle = Circle.NETWORK,
    cadence: int | None = None,
    field: str = "",
    organisation: str = "",
    birthday: Birthday | None = None,
    facets: Iterable[Facet] = (),
    kinds: Iterable[NetworkKind] = (),
    met_on: date | None = None,
    archived: bool = False,
    id: str | None = None,
) -> Person:
    """A person last in touch ``last`` days ago (None: no entry at all), met a year before
    that unless ``met_on`` says otherwise. A fixed ``id`` makes hash-based choices (the
    spread, phrasings) the same on every run."""
    extra = {"id": id} if id else {}
    if met_on is None and last is not None:
        met_on = ago(journal, last + 365)
    person = journal.add_person(
        Person(
            **extra,
            name=name,
            circle=circle,
            cadence_days=cadence,
            field=field,
            organisation=organisation,
            birthday=birthday,
            facets=list(facets),
            network_kinds=set(kinds),
            met_on=met_on,
        )
    )
    if last is not None:
        meet(journal, person.id, ago(journal, last))
    if archived:
        journal.set_archived(person.id)
    return person


def names(suggestions: Iterable[object]) -> list[str]:
    return [s.person_name for s in suggestions]  # type: ignore[attr-defined]

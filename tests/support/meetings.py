"""A journal that knows Kwame, Ana and Li, reading the invitations fixture in London time."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from journal.core.calendar import meetings
from journal.core.calendar.reading import CalendarReader
from journal.core.journal import Journal
from journal.core.model import Channel, ChannelKind, Circle, Entry, Facet, FacetKind, Person

FIXTURES = Path(__file__).parent.parent / "fixtures" / "calendars"
INVITATIONS = FIXTURES / "invitations_made_for_rapport.ics"
LONDON = ZoneInfo("Europe/London")
ME = "me@example.org"


def people(journal: Journal) -> dict[str, Person]:
    kwame = journal.add_person(
        Person(
            name="Kwame Mensah",
            circle=Circle.CLOSE,
            organisation="Leeds Trust",
            role="Programme lead",
            met_how="Met at Ada's launch party",
            met_on=date(2024, 3, 14),
            channels=[Channel(ChannelKind.EMAIL, "kwame.mensah@example.org")],
            facets=[
                Facet(FacetKind.WORKING_ON, "The grant application"),
                Facet(FacetKind.FAMILY, "Daughter Abena starts school", mention_ok=True),
                Facet(FacetKind.FAMILY, "His father is ill", mention_ok=False),
                Facet(FacetKind.HOBBY, "Cycling", shared=True),
                Facet(FacetKind.COULD_OFFER, "An introduction to Ana"),
            ],
        )
    )
    ana = journal.add_person(
        Person(
            name="Ana Lima",
            channels=[
                Channel(ChannelKind.EMAIL, "ana.lima@old-job.example"),
                Channel(ChannelKind.EMAIL, "Ana@Example.org"),
            ],
        )
    )
    li = journal.add_person(Person(name="Li Wei"))
    return {"kwame": kwame, "ana": ana, "li": li}


def reader(path: Path = INVITATIONS) -> CalendarReader:
    return CalendarReader([path], own_emails=(ME,), zone=LONDON)


def set_up(journal: Journal, path: Path = INVITATIONS) -> dict[str, Person]:
    found = people(journal)
    settings = meetings.CalendarSettings(sources=[str(path)], own_emails=[ME])
    meetings.save_settings(journal, settings)
    meetings.sync(journal, reader(path))
    return found


def titled(journal: Journal, title: str, day: date | None = None) -> meetings.Meeting:
    found = meetings.meetings_between(journal, date(2026, 11, 1), date(2026, 12, 31))
    return next(m for m in found if m.title == title and (day is None or m.start.date() == day))


def write(journal: Journal, person: Person, at: datetime, body: str) -> Entry:
    return journal.add_entry(Entry(occurred_at=at, body=body, people=[person.id]))

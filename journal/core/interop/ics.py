"""An iCalendar file of birthdays and upcoming check-ins, for the user's own calendar.

Check-ins are the reminder engine's plan for the coming days (``engine.upcoming``), one
all-day event each, titled with what to say and described with why now. Birthdays are
yearly all-day events (a 29 February birthday falls on the last day of
February in other years), shown as free time. Each event has a UID made from the
person's id, so importing a newer export updates the events instead of doubling them.
Written with the ``icalendar`` library, which handles escaping, folding and the
RFC 5545 value types.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Calendar, Event

from journal import __version__
from journal.core import engine
from journal.core.model import Person
from journal.core.wording import format_date

if TYPE_CHECKING:
    from journal.core.journal import Journal

PRODID = f"-//Rapport//Rapport {__version__}//EN"
UID_DOMAIN = "rapport.journal"


def _birthday_event(person: Person, today: date, stamp: Any) -> Event:
    birthday = person.birthday
    assert birthday is not None
    start = (
        date(birthday.year, birthday.month, birthday.day)
        if birthday.year
        else birthday.next_after(today)
    )
    event = Event()
    event.add("uid", f"birthday-{person.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{person.display_name}'s birthday")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    if (birthday.month, birthday.day) == (2, 29):
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Birthday"])
    if birthday.year:
        event.add("description", f"Born {birthday.day} {start:%B} {birthday.year}.")
    return event


def build_calendar(journal: Journal, days: int = 90) -> Calendar:
    """Birthdays of everyone not archived, and the check-ins due in the next ``days``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Rapport")
    today = journal.clock.today()
    stamp = journal.clock.utcnow()
    for person in journal.people(include_archived=False):
        if person.birthday and person.deceased_on is None:  # no wishes for the dead
            calendar.add_component(_birthday_event(person, today, stamp))
    for suggestion in engine.upcoming(journal, days=days):
        calendar.add_component(_check_in_event(suggestion, stamp))
    return calendar


def _check_in_event(suggestion: engine.Suggestion, stamp: Any) -> Event:
    """One planned check-in: the engine's sentence as the title, its reason and the
    facts it rests on in the description."""
    event = Event()
    event.add("uid", f"check-in-{suggestion.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", suggestion.action)
    event.add("dtstart", suggestion.due_on)
    event.add("dtend", suggestion.due_on + timedelta(days=1))
    lines = [suggestion.reason]
    if suggestion.give_first:
        lines.append(suggestion.give_first)
    lines += [f"- {_fact_line(fact)}" for fact in suggestion.facts]
    event.add("description", "\n".join(line for line in lines if line))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Check-in"])
    return event


def _fact_line(fact: Any) -> str:
    """A fact as a line of the description: "Last in touch on 6 Dec 2026", never a bare
    "Last in touch" (its date is in the fact, not in its text)."""
    if fact.kind == "last_contact" and fact.date is not None:
        return f"{fact.text} on {format_date(fact.date)}"
    return str(fact.text)


def export_ics(journal: Journal, days: int = 90) -> bytes:
    data: bytes = build_calendar(journal, days).to_ical()
    return data

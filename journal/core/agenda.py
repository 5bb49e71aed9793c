"""What is coming up: birthdays and promised follow-ups in the next days, by date.

A plain agenda beside the engine's suggestions (which decide *whom to contact today*):
it answers "what is on the calendar", so the user can plan a card or a call. Cheap
enough to ask on every refresh of a 10,000-person journal: one query per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from journal.core.dates import date_from_db
from journal.core.stored import stored_birthday

if TYPE_CHECKING:
    from journal.core.journal import Journal


@dataclass(frozen=True)
class AgendaItem:
    on: date
    kind: str  # "birthday" | "follow_up"
    person_id: str | None
    person_name: str
    text: str
    source_id: str  # the person (birthday) or the follow-up


def coming_up(journal: Journal, days: int = 14, start: date | None = None) -> list[AgendaItem]:
    """Birthdays of people not archived (nor dead), and open follow-ups due, from ``start`` (default
    tomorrow) for ``days`` days; by date, birthdays first on a day, then by name."""
    from journal.core.journal import Journal

    assert isinstance(journal, Journal)
    start = start or journal.clock.today() + timedelta(days=1)
    if days <= 0:
        return []
    end = start + timedelta(days=days - 1)
    keys = birthday_keys(start, end)
    # Only the birthdays that can fall in the window are read (and worked out): on a
    # 10,000-person journal, reading every birthday was 45 ms of a first Today.
    within = (
        ""
        if keys is None
        else f"AND birthday_month * 100 + birthday_day IN ({','.join(map(str, sorted(keys)))})"
    )
    with journal.store.reading() as conn:
        people = conn.execute(
            "SELECT id, name, preferred_name, birthday_month, birthday_day, birthday_year "
            "FROM people WHERE archived = 0 AND birthday_month IS NOT NULL "
            f"AND birthday_day IS NOT NULL AND deceased_on IS NULL {within}"
        ).fetchall()
        follow_ups = conn.execute(
            "SELECT f.id, f.text, f.due_on, f.person_id, p.name, p.preferred_name "
            "FROM follow_ups f LEFT JOIN people p ON p.id = f.person_id "
            "WHERE f.done_on IS NULL AND f.due_on BETWEEN ? AND ? "
            "AND (p.id IS NULL OR p.archived = 0)",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
    items = [item for row in people if (item := _birthday(row, start, end)) is not None]
    for row in follow_ups:
        on = date_from_db(row["due_on"])
        assert on is not None
        items.append(
            AgendaItem(on, "follow_up", row["person_id"], _shown(row), row["text"], row["id"])
        )
    items.sort(key=lambda i: (i.on, i.kind != "birthday", i.person_name.casefold(), i.text))
    return items


def birthday_keys(start: date, end: date) -> set[int] | None:
    """Every ``month * 100 + day`` a birthday may have to fall between ``start`` and
    ``end`` (both included); None when the window is a year or more (every birthday).
    29 February is always in: in other years it falls on 28 February."""
    if (end - start).days >= 365:
        return None
    keys = {229}
    day = start
    while day <= end:
        keys.add(day.month * 100 + day.day)
        day += timedelta(days=1)
    return keys


def _shown(row: Any) -> str:
    return (row["preferred_name"] or row["name"] or "") if row["name"] else ""


def _birthday(row: Any, start: date, end: date) -> AgendaItem | None:
    birthday = stored_birthday(row["birthday_month"], row["birthday_day"], row["birthday_year"])
    if birthday is None:
        return None
    on = birthday.next_after(start)
    if on > end:
        return None
    text = "Birthday"
    if birthday.year:
        text += f" (turns {on.year - birthday.year})"
    return AgendaItem(on, "birthday", row["id"], _shown(row), text, row["id"])

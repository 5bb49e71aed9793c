"""Before and after a meeting: when a brief goes out, when a reflection is asked for,
and the words of each.

Pure decisions over the journal and a clock, like ``delivery``: the GUI's scheduler asks
``due`` what to show at each look and ``next_look`` when to look again. Both honour the
journal's quiet hours (``delivery.in_quiet_hours``): a brief that would fall in them is
not sent (the meeting is at an hour the user chose not to be disturbed), a reflection
waits until they end. Each meeting is briefed at most once and prompted at most once,
and no more than ``prompts_per_day`` reflections are asked for in a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from journal.core import delivery
from journal.core.calendar import meetings as db
from journal.core.calendar.meetings import CalendarSettings, Meeting
from journal.core.clock import stamp
from journal.core.journal import Journal

#: A reflection is asked for in the hours after a meeting, while it is fresh; an older
#: one waits quietly in Today's "To reflect on" list instead.
PROMPT_WITHIN = timedelta(hours=12)


@dataclass(frozen=True)
class Prompt:
    """One notification: a brief before a meeting, or a reflection after it."""

    kind: str  # brief | reflect
    meeting_id: str
    title: str
    body: str


def names(people: tuple[db.MeetingPerson, ...] | list[db.MeetingPerson]) -> str:
    """ "Kwame", "Kwame and Ana", "Kwame, Ana and Li": first names, as one would say it."""
    firsts = [p.name.split()[0] if p.name.split() else p.name for p in people]
    if len(firsts) <= 1:
        return "".join(firsts)
    return ", ".join(firsts[:-1]) + " and " + firsts[-1]


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"  # "09:05", as every other time the app writes


def _title_names_people(found: Meeting) -> bool:
    title = found.title.lower()
    return bool(found.people) and all(
        (p.name.split() or [p.name])[0].lower() in title for p in found.people
    )


def what(found: Meeting) -> str:
    """ "Lunch with Kwame" for a meeting called so; "Design review with Kwame" when the
    title does not name them; "Meeting with Kwame" when it has no title."""
    who = names(found.people)
    if not found.title:
        return f"Meeting with {who}" if who else "Meeting"
    if _title_names_people(found) or not who:
        return found.title
    return f"{found.title} with {who}"


def _lower_first(text: str) -> str:
    """ "Lunch with Kwame" reads "lunch with Kwame" mid-sentence; "OK Lab" stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def brief_text(found: Meeting) -> Prompt:
    when = "today" if found.all_day else f"at {_clock(found.start)}"
    return Prompt(
        "brief",
        found.id,
        f"{what(found)} {when}",
        "Open the brief: what you know, what you promised, what you could offer.",
    )


def reflect_text(found: Meeting) -> Prompt:
    return Prompt(
        "reflect",
        found.id,
        f"How was {_lower_first(what(found))}?",
        "Write it down while it is fresh, or mark that you met.",
    )


def _quiet(journal: Journal, moment: datetime) -> tuple[bool, delivery.Policy]:
    policy = delivery.Policy.from_settings(journal.settings())
    return delivery.in_quiet_hours(moment.time(), policy), policy


def due(
    journal: Journal, now: datetime | None = None, settings: CalendarSettings | None = None
) -> list[Prompt]:
    """What to show now, marked as shown so that it is never shown twice."""
    now = now or journal.clock.now()
    settings = settings or db.load_settings(journal)
    quiet, policy = _quiet(journal, now)
    if quiet:
        return []
    shown: list[Prompt] = []
    if settings.briefs:
        lead = timedelta(minutes=settings.brief_minutes)
        for found in db.meetings_between(
            journal, now.date(), (now + lead).date(), with_people_only=True
        ):
            if found.briefed or found.all_day:
                continue
            if found.start - lead <= now < found.start:
                shown.append(brief_text(found))
    if settings.reflections and settings.prompts_per_day > 0:
        budget = settings.prompts_per_day - _prompted_on(journal, now)
        for found in db.waiting_for_reflection(journal, now):  # newest first
            if budget <= 0:
                break
            if found.prompted or now - found.end > PROMPT_WITHIN:
                continue
            shown.append(reflect_text(found))
            budget -= 1
    if shown:
        _mark(journal, shown, now)
    if policy.text == "count":  # notifications that may show on a lock screen
        shown = [_unnamed(p) for p in shown]
    return shown


def _unnamed(prompt: Prompt) -> Prompt:
    """The same prompt naming nobody and no title ("Notifications show: only how many")."""
    if prompt.kind == "brief":
        return Prompt("brief", prompt.meeting_id, "A meeting soon", "Open Rapport for the brief.")
    return Prompt(
        "reflect", prompt.meeting_id, "A meeting to reflect on", "Open Rapport to write it down."
    )


def _prompted_on(journal: Journal, now: datetime) -> int:
    with journal.store.reading() as conn:
        row = conn.execute(
            "SELECT count(*) FROM meetings WHERE substr(prompted_at, 1, 10) = ?",
            (now.date().isoformat(),),
        ).fetchone()
        return int(row[0])


def _mark(journal: Journal, shown: list[Prompt], now: datetime) -> None:
    with journal.transaction() as conn:
        for prompt in shown:
            column = "briefed_at" if prompt.kind == "brief" else "prompted_at"
            conn.execute(
                f"UPDATE meetings SET {column} = ?, updated_at = ? WHERE id = ?",
                (now.isoformat(timespec="minutes"), stamp(journal.clock), prompt.meeting_id),
            )
        journal.record_change("meeting", [p.meeting_id for p in shown])


def next_look(
    journal: Journal, now: datetime | None = None, settings: CalendarSettings | None = None
) -> datetime:
    """When something could next become due: a brief's moment, a meeting's end, the end
    of quiet hours; at the latest in an hour (files may have changed meanwhile)."""
    now = now or journal.clock.now()
    settings = settings or db.load_settings(journal)
    candidates = [now + timedelta(hours=1)]
    lead = timedelta(minutes=settings.brief_minutes)
    for found in db.meetings_between(
        journal, now.date(), (now + timedelta(days=1)).date(), with_people_only=True
    ):
        for moment in (found.start - lead, found.end):
            if moment > now:
                candidates.append(moment)
    quiet, policy = _quiet(journal, now)
    if quiet:
        end = datetime.combine(now.date(), policy.quiet_end)
        candidates.append(end if end > now else end + timedelta(days=1))
    return min(candidates)


__all__ = ["Prompt", "brief_text", "due", "next_look", "reflect_text"]

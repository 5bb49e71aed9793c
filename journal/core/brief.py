"""A brief before meeting someone: what you know, what you promised, what you could offer.

Built from the journal alone, for one person (``person_brief``) or for everyone in a
meeting (``meeting_briefs``: one brief each). Family and life events appear only when
marked fine to mention (``mention_ok``), the same rule the reminder engine follows, so a
brief glanced at on a shared screen says nothing the user chose to keep back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from journal.core import engine
from journal.core.entries import EntryQuery
from journal.core.errors import NotFound
from journal.core.journal import Journal
from journal.core.model import Circle
from journal.core.wording import ago, format_date, plural

#: Ledger items older than this are history, not something to return now.
LEDGER_WINDOW = timedelta(days=365)
#: A key line is cut here, at a word.
KEY_LINE_CHARS = 160


@dataclass(frozen=True)
class Thread:
    """Something they are (or were) working on, and what came of it."""

    text: str
    status: str  # ongoing | done | cancelled
    detail: str


@dataclass(frozen=True)
class RecentEntry:
    id: str
    occurred_at: datetime
    title: str
    key_line: str


@dataclass(frozen=True)
class PersonBrief:
    person_id: str
    name: str
    circle: str  # the circle's label: "Close"
    organisation: str
    role: str
    met: str  # "Met at Ada's launch party, March 2024", or ""
    last_in_touch: date | None
    working_on: tuple[Thread, ...]
    family: tuple[str, ...]
    in_common: tuple[str, ...]
    recent: tuple[RecentEntry, ...]
    my_promises: tuple[str, ...]  # open follow-ups: what the user said they would do
    from_them: tuple[str, ...]  # what they did for the user lately (ledger: received)
    from_me: tuple[str, ...]  # what the user did for them lately (ledger: given)
    could_offer: tuple[str, ...]
    suggestion: str  # what the engine would suggest, or when they next come up
    #: How many details were left out because they are not marked fine to mention: the
    #: brief says so, so the user knows there is more on the person's page.
    private: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "name": self.name,
            "circle": self.circle,
            "organisation": self.organisation,
            "role": self.role,
            "met": self.met,
            "last_in_touch": self.last_in_touch.isoformat() if self.last_in_touch else None,
            "working_on": [
                {"text": t.text, "status": t.status, "detail": t.detail} for t in self.working_on
            ],
            "family": list(self.family),
            "in_common": list(self.in_common),
            "recent": [
                {
                    "id": r.id,
                    "date": r.occurred_at.date().isoformat(),
                    "title": r.title,
                    "key_line": r.key_line,
                }
                for r in self.recent
            ],
            "my_promises": list(self.my_promises),
            "from_them": list(self.from_them),
            "from_me": list(self.from_me),
            "could_offer": list(self.could_offer),
            "suggestion": self.suggestion,
            "private": self.private,
        }


def key_line(title: str, body: str) -> str:
    """The line of an entry worth re-reading: its first sentence, else its title."""
    for line in body.splitlines():
        line = line.strip().lstrip("-*• ").strip()
        if line:
            for stop in (". ", "! ", "? "):
                if stop in line:
                    line = line[: line.index(stop) + 1]
                    break
            if len(line) > KEY_LINE_CHARS:
                line = line[:KEY_LINE_CHARS].rsplit(" ", 1)[0] + "…"
            return line
    return title.strip()


def _met(met_how: str, met_on: date | None) -> str:
    when = f"{met_on:%B} {met_on.year}" if met_on else ""
    if met_how and when:
        return f"{met_how.rstrip('.')}, {when}"
    return met_how or (f"Met in {when}" if when else "")


def person_brief(journal: Journal, person_id: str, on: date | None = None) -> PersonBrief:
    on = on or journal.clock.today()
    person = journal.person(person_id)  # NotFound for someone deleted
    with journal.store.reading() as conn:
        facets = conn.execute(
            "SELECT kind, text, detail, shared, mention_ok, status FROM facets "
            "WHERE person_id = ? ORDER BY kind, position",
            (person_id,),
        ).fetchall()
    threads = tuple(
        Thread(f["text"], f["status"] or "ongoing", f["detail"])
        for f in facets
        if f["kind"] == "working_on" and f["mention_ok"]
    )
    # Ongoing first: what to ask about; then what came of the others.
    threads = tuple(sorted(threads, key=lambda t: t.status != "ongoing"))
    family = tuple(
        f["text"] + (f" ({f['detail']})" if f["detail"] else "")
        for f in facets
        if f["kind"] in ("family", "life_event") and f["mention_ok"]
    )
    in_common = tuple(f["text"] for f in facets if f["shared"] and f["mention_ok"])
    private = sum(
        1 for f in facets if not f["mention_ok"] and (f["kind"] in _KEPT_BACK_KINDS or f["shared"])
    )
    could_offer = tuple(f["text"] for f in facets if f["kind"] == "could_offer")
    summaries = journal.query_entries(EntryQuery(person_id=person_id, limit=2))
    bodies = {e.id: e for e in journal.entries([s.id for s in summaries])}
    recent = tuple(
        RecentEntry(s.id, s.occurred_at, s.title, key_line(s.title, bodies[s.id].body))
        for s in summaries
        if s.id in bodies
    )
    promises = tuple(
        f.text + (f" (by {format_date(f.due_on, year=False)})" if f.due_on else "")
        for f in journal.open_follow_ups(person_id)
    )
    since = on - LEDGER_WINDOW
    ledger = [i for i in journal.ledger_for(person_id) if i.occurred_on and i.occurred_on >= since]
    from_them = tuple(
        i.description or i.kind.value for i in ledger if i.direction.value == "received"
    )
    from_me = tuple(i.description or i.kind.value for i in ledger if i.direction.value == "given")
    return PersonBrief(
        person_id=person.id,
        name=person.display_name,
        circle=Circle(person.circle).label,
        organisation=person.organisation,
        role=person.role,
        met=_met(person.met_how, person.met_on),
        last_in_touch=person.last_contact_at.date() if person.last_contact_at else None,
        working_on=threads,
        family=family,
        in_common=in_common,
        recent=recent,
        my_promises=promises,
        from_them=from_them,
        from_me=from_me,
        could_offer=could_offer,
        suggestion=_suggestion(journal, person_id, on),
        private=private,
    )


#: The kinds of detail a brief shows only when marked fine to mention.
_KEPT_BACK_KINDS = frozenset({"working_on", "family", "life_event"})


def private_line(brief: PersonBrief) -> str:
    """ "2 private details not shown (see Kwame's page)", or "" when none were left out."""
    if not brief.private:
        return ""
    return f"{plural(brief.private, 'private detail')} not shown (see {brief.name}'s page)"


def _suggestion(journal: Journal, person_id: str, on: date) -> str:
    """Today's check-in for them if the engine has one (its words, with why), else when
    and why they next come up."""
    for suggestion in engine.today(journal, on):
        if suggestion.person_id == person_id:
            return f"{suggestion.action} {suggestion.reason}".strip()
    try:
        _day, reason = engine.next_check_in(journal, person_id)
    except NotFound:
        return ""
    return reason  # it says when ("Due on Friday (27 Nov): ...") or why not


def meeting_briefs(journal: Journal, meeting_id: str) -> list[PersonBrief]:
    """One brief for each person in the meeting who is in the journal."""
    from journal.core.calendar import meetings

    found = meetings.meeting(journal, meeting_id)
    return [person_brief(journal, p.id) for p in found.people]


def format_brief(brief: PersonBrief, today: date) -> str:
    """The brief as plain text (the command line; the same sections as the page)."""
    lines = [brief.name]
    about = [brief.circle]
    if brief.role or brief.organisation:
        about.append(" at ".join(x for x in (brief.role, brief.organisation) if x))
    lines.append("  " + " · ".join(about))
    if brief.met:
        lines.append(f"  {brief.met}")
    if brief.last_in_touch:
        days = (today - brief.last_in_touch).days
        lines.append(f"  Last in touch {format_date(brief.last_in_touch)} ({ago(days)})")
    else:
        lines.append("  No contact written down yet")
    if brief.private:
        lines.append(f"  {private_line(brief)}")
    for heading, items in brief_sections(brief):
        lines.append("")
        lines.append(heading)
        lines.extend(f"  • {item}" for item in items)
    return "\n".join(lines)


def brief_sections(brief: PersonBrief) -> list[tuple[str, list[str]]]:
    """The sections that have something in them, in the order to read them."""
    status = {"done": "done", "cancelled": "did not happen"}
    sections: list[tuple[str, list[str]]] = [
        (
            "Working on",
            [
                t.text
                + (f" ({status[t.status]})" if t.status in status else "")
                + (f": {t.detail}" if t.detail else "")
                for t in brief.working_on
            ],
        ),
        ("Family and life", list(brief.family)),
        ("What you share", list(brief.in_common)),
        (
            "Last time",
            [
                f"{format_date(r.occurred_at, year=False)}: {r.key_line or r.title or '(no words)'}"
                for r in brief.recent
            ],
        ),
        ("You promised", list(brief.my_promises)),
        ("They did for you", list(brief.from_them)),
        ("You did for them", list(brief.from_me)),
        ("You could offer", list(brief.could_offer)),
        ("Suggestion", [brief.suggestion] if brief.suggestion else []),
    ]
    return [(h, items) for h, items in sections if items]

"""Meetings in the journal: read from the calendar, matched to people, resolved.

``sync`` reads the configured calendar files for a window around now and keeps, for
each event with someone other than the user in it, the little a brief and a reflection
need (``m0006``). Attendees are matched to people by address first (any of a person's
e-mail channels, case-insensitive); failing that by name, which the user confirms once
(``confirm_name``) because two people can share a name. A meeting counts as being in
touch only when the user says so: an entry written for it, or "We met" (``we_met``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from journal.core.calendar.reading import CalendarEvent, CalendarReader
from journal.core.clock import stamp
from journal.core.errors import InvalidInput, NotFound
from journal.core.journal import Journal
from journal.core.model import Channel, ChannelKind, Entry, EntryKind, Person
from journal.core.operations import note_row, note_rows
from journal.core.store import Connection
from journal.core.stored import stored_date, stored_entry_time

#: The journal setting holding ``CalendarSettings``.
SETTINGS_KEY = "calendar"
#: How far back and ahead a sync looks: back far enough to ask about yesterday's
#: meetings, ahead far enough for `journal brief --next` and the week's list.
SYNC_BACK = timedelta(days=7)
SYNC_AHEAD = timedelta(days=14)


@dataclass
class CalendarSettings:
    """Which calendar files to read, who the user is in them, and how to prompt."""

    sources: list[str] = field(default_factory=list)
    #: The user's own addresses: their attendee line says whether they declined, and
    #: they are never "someone in the meeting".
    own_emails: list[str] = field(default_factory=list)
    #: Minutes before a meeting that its brief goes out.
    brief_minutes: int = 15
    briefs: bool = True
    reflections: bool = True
    #: At most this many reflection prompts a day.
    prompts_per_day: int = 3

    def to_json(self) -> dict[str, Any]:
        return {
            "sources": list(self.sources),
            "own_emails": list(self.own_emails),
            "brief_minutes": self.brief_minutes,
            "briefs": self.briefs,
            "reflections": self.reflections,
            "prompts_per_day": self.prompts_per_day,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CalendarSettings:
        base = cls()
        if not isinstance(data, dict):
            return base

        def number(key: str, default: int, low: int, high: int) -> int:
            try:
                return min(high, max(low, int(data.get(key, default))))
            except (TypeError, ValueError):
                return default

        return cls(
            sources=[str(s) for s in data.get("sources") or [] if str(s).strip()],
            own_emails=[str(e).strip().lower() for e in data.get("own_emails") or [] if e],
            brief_minutes=number("brief_minutes", base.brief_minutes, 1, 240),
            briefs=bool(data.get("briefs", base.briefs)),
            reflections=bool(data.get("reflections", base.reflections)),
            prompts_per_day=number("prompts_per_day", base.prompts_per_day, 0, 20),
        )


def load_settings(journal: Journal) -> CalendarSettings:
    return CalendarSettings.from_json(journal.get_setting(SETTINGS_KEY))


def save_settings(journal: Journal, value: CalendarSettings) -> None:
    """Keep this computer's calendar settings (``operations.save_calendar_settings``
    makes it an undoable step)."""
    with journal.transaction() as conn:
        # A local setting: the sync triggers leave it alone, so an operation is told.
        note_row(conn, "settings", [SETTINGS_KEY])
        journal.put_setting(SETTINGS_KEY, value.to_json())
        journal.record_change("settings", [])


def add_source(journal: Journal, path: str | Path) -> str:
    """Add a calendar file or folder; returns the absolute path kept. Refuses what is
    not there, so a typo is caught now rather than read as an empty calendar forever."""
    resolved = Path(path).expanduser()
    if not resolved.exists():
        raise InvalidInput(
            f"There is no file or folder at {resolved}. Give the path of an .ics file "
            "or of a folder of them."
        )
    resolved = resolved.resolve()
    settings = load_settings(journal)
    if str(resolved) not in settings.sources:
        settings.sources.append(str(resolved))
        save_settings(journal, settings)
    return str(resolved)


def remove_source(journal: Journal, path: str | Path) -> str:
    settings = load_settings(journal)
    wanted = {str(path), str(Path(path).expanduser()), str(Path(path).expanduser().resolve())}
    kept = [s for s in settings.sources if s not in wanted]
    if len(kept) == len(settings.sources):
        raise NotFound(f"{path} is not one of the calendars Rapport reads.")
    removed = next(s for s in settings.sources if s in wanted)
    settings.sources = kept
    save_settings(journal, settings)
    return removed


def reader_for(settings: CalendarSettings, zone: tzinfo | None = None) -> CalendarReader:
    return CalendarReader(
        [Path(s) for s in settings.sources], tuple(settings.own_emails), zone=zone
    )


def window(now: datetime) -> tuple[datetime, datetime]:
    """The stretch of time a sync reads around ``now``."""
    return now - SYNC_BACK, now + SYNC_AHEAD


def meeting_id(uid: str, recurrence_id: str) -> str:
    """Stable for an occurrence, whichever file or sync it comes from."""
    return hashlib.sha256(f"{uid}\x00{recurrence_id}".encode()).hexdigest()[:32]


# -- matching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    person_id: str | None
    candidate_id: str | None


def _email_index(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        "SELECT lower(trim(c.value)) AS email, c.person_id FROM channels c "
        "JOIN people p ON p.id = c.person_id WHERE c.kind = 'email' AND p.archived = 0 "
        "ORDER BY c.position"
    ).fetchall()
    index: dict[str, str] = {}
    for row in rows:
        value = row["email"]
        if value.startswith("mailto:"):
            value = value[7:]
        index.setdefault(value, row["person_id"])
    return index


def _name_candidates(conn: Connection, name: str) -> list[str]:
    rows = conn.execute(
        "SELECT id FROM people WHERE archived = 0 AND (name = ? COLLATE NOCASE "
        "OR (preferred_name <> '' AND preferred_name = ? COLLATE NOCASE))",
        (name, name),
    ).fetchall()
    return [r["id"] for r in rows]


def _clean_name(name: str, email: str) -> str:
    """A CN that is only the address again ("kwame@example.org") is no name."""
    text = name.strip().strip('"')
    if not text or text.lower() == email or "@" in text:
        return ""
    if "," in text and text.count(",") == 1:  # Outlook's "Mensah, Kwame"
        last, first = (p.strip() for p in text.split(","))
        if first and last:
            text = f"{first} {last}"
    return text


def match_attendee(conn: Connection, email: str, name: str, index: dict[str, str]) -> Match:
    if email and email in index:
        return Match(index[email], None)
    if not name:
        return Match(None, None)
    decided = conn.execute(
        "SELECT person_id, same FROM attendee_names WHERE name = ?", (name,)
    ).fetchone()
    if decided is not None:
        return Match(decided["person_id"], None) if decided["same"] else Match(None, None)
    candidates = _name_candidates(conn, name)
    if len(candidates) == 1:
        return Match(None, candidates[0])
    return Match(None, None)


# -- sync -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    meetings: int  # meetings with someone in them in the window
    problems: tuple[str, ...]  # one sentence per file that could not be read


def sync(
    journal: Journal,
    reader: CalendarReader | None = None,
    *,
    now: datetime | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    events: Sequence[CalendarEvent] | None = None,
) -> SyncResult:
    """Read the calendar files for the window around now and bring the journal's
    meetings in line: new ones added, moved or renamed ones updated, ones that left
    the calendar (cancelled, declined, deleted) marked absent. Cheap when nothing
    changed: the reader parses only files whose modification time or size moved.
    ``start``/``end`` widen the window (a listing of last month reads last month).
    ``events``: the window's events already read (``window`` and ``reader.events``), so
    that a slow first parse of a big file can run where it holds nothing up."""
    settings = load_settings(journal)
    reader = reader or reader_for(settings)
    now = now or journal.clock.now()
    start = min(start or now, now - SYNC_BACK)
    end = max(end or now, now + SYNC_AHEAD)
    if events is None:
        events = reader.events(start, end) if reader.sources else []
    own = {e.lower() for e in settings.own_emails}
    wanted: list[tuple[CalendarEvent, list[tuple[str, str]]]] = []
    for event in events:
        others = []
        for attendee in event.attendees:
            if attendee.email in own or (not attendee.email and not attendee.name):
                continue
            others.append((attendee.email, _clean_name(attendee.name, attendee.email)))
        if (
            event.organizer
            and event.organizer not in own
            and all(email != event.organizer for email, _ in others)
        ):
            others.insert(0, (event.organizer, ""))
        if others:
            wanted.append((event, others))
    stamp_now = stamp(journal.clock)
    changed: list[str] = []
    with journal.transaction() as conn:
        index = _email_index(conn)
        seen: set[str] = set()
        for event, others in wanted:
            mid = meeting_id(event.uid, event.recurrence_id)
            seen.add(mid)
            values = (
                event.start.isoformat(timespec="minutes"),
                event.end.isoformat(timespec="minutes"),
                int(event.all_day),
                event.title,
                event.location,
            )
            row = conn.execute(
                "SELECT starts_at, ends_at, all_day, title, location, present "
                "FROM meetings WHERE id = ?",
                (mid,),
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO meetings (id, uid, recurrence_id, starts_at, ends_at, all_day, "
                    "title, location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (mid, event.uid, event.recurrence_id, *values, stamp_now, stamp_now),
                )
                changed.append(mid)
            elif tuple(row)[:5] != values or not row["present"]:
                moved = row["starts_at"] != values[0]
                conn.execute(
                    "UPDATE meetings SET starts_at = ?, ends_at = ?, all_day = ?, title = ?, "
                    "location = ?, present = 1, updated_at = ?"
                    + (", briefed_at = NULL, prompted_at = NULL" if moved else "")
                    + " WHERE id = ?",
                    (*values, stamp_now, mid),
                )
                changed.append(mid)
            _store_attendees(conn, mid, others, index)
        absent = conn.execute(
            "SELECT id FROM meetings WHERE present = 1 AND starts_at >= ? AND starts_at < ?",
            (start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")),
        ).fetchall()
        # A file that could not be read (half written by a sync client, damaged) says
        # nothing about what was cancelled: nothing is marked gone until it reads again.
        gone = [] if reader.problems else [r["id"] for r in absent if r["id"] not in seen]
        for mid in gone:
            conn.execute(
                "UPDATE meetings SET present = 0, updated_at = ? WHERE id = ?", (stamp_now, mid)
            )
        if changed or gone:
            journal.record_change("meeting", changed + gone)
    return SyncResult(len(wanted), tuple(reader.problems.values()))


def _store_attendees(
    conn: Connection, mid: str, others: Sequence[tuple[str, str]], index: dict[str, str]
) -> None:
    current = [
        (r["email"], r["name"], r["person_id"], r["candidate_id"])
        for r in conn.execute(
            "SELECT email, name, person_id, candidate_id FROM meeting_attendees "
            "WHERE meeting_id = ? ORDER BY position",
            (mid,),
        )
    ]
    fresh = []
    for email, name in others:
        match = match_attendee(conn, email, name, index)
        fresh.append((email, name, match.person_id, match.candidate_id))
    if fresh == current:
        return
    conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", (mid,))
    conn.executemany(
        "INSERT INTO meeting_attendees (meeting_id, position, email, name, person_id, "
        "candidate_id) VALUES (?, ?, ?, ?, ?, ?)",
        [(mid, i, *row) for i, row in enumerate(fresh)],
    )


def answer_name(journal: Journal, name: str, same: bool) -> str:
    """Answer the waiting question about an attendee called ``name`` (any meeting):
    returns the journal person's name it was about."""
    with journal.store.reading() as conn:
        row = conn.execute(
            "SELECT a.candidate_id, p.name FROM meeting_attendees a JOIN people p "
            "ON p.id = a.candidate_id WHERE a.name = ? COLLATE NOCASE LIMIT 1",
            (name.strip(),),
        ).fetchone()
    if row is None:
        raise NotFound(f"No meeting has an attendee called {name!r} waiting for an answer.")
    confirm_name(journal, name.strip(), row["candidate_id"], same)
    return str(row["name"])


def confirm_name(journal: Journal, name: str, person_id: str, same: bool) -> None:
    """The user's answer to "is this attendee the person of that name you know?",
    remembered for the name, and applied to every meeting it appears in."""
    if not name.strip():
        raise InvalidInput("An attendee without a name cannot be matched by name.")
    with journal.transaction() as conn:
        # Meetings are this computer's own (not synced, so no trigger notes them): an
        # operation under way is told which rows change, so undo can put them back.
        note_row(conn, "attendee_names", [name.strip()])
        note_rows(
            conn,
            "meeting_attendees",
            "candidate_id = ? AND name = ? COLLATE NOCASE AND person_id IS NULL",
            (person_id, name.strip()),
        )
        conn.execute(
            "INSERT INTO attendee_names (name, person_id, same, decided_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET person_id = excluded.person_id, "
            "same = excluded.same, decided_at = excluded.decided_at",
            (name.strip(), person_id, int(same), stamp(journal.clock)),
        )
        conn.execute(
            "UPDATE meeting_attendees SET person_id = ?, candidate_id = NULL "
            "WHERE candidate_id = ? AND name = ? COLLATE NOCASE AND person_id IS NULL",
            (person_id if same else None, person_id, name.strip()),
        )
        journal.record_change("meeting", [])


def add_attendee_as_person(journal: Journal, meeting: str, position: int) -> Person:
    """Someone in a meeting who is nobody in the journal yet becomes a person, with
    their name and address, met on the meeting's day: one step from the meeting."""
    with journal.transaction() as conn:
        row = conn.execute(
            "SELECT a.email, a.name, a.person_id, m.starts_at FROM meeting_attendees a "
            "JOIN meetings m ON m.id = a.meeting_id WHERE a.meeting_id = ? AND a.position = ?",
            (meeting, position),
        ).fetchone()
        if row is None:
            raise NotFound("That attendee is no longer in the meeting.")
        if row["person_id"]:
            return journal.person(row["person_id"])
        name = row["name"] or _name_from_email(row["email"])
        channels = [Channel(ChannelKind.EMAIL, row["email"])] if row["email"] else []
        person = journal.add_person(
            Person(
                name=name,
                channels=channels,
                met_on=stored_date(row["starts_at"]),
                met_how=_met_how(conn, meeting),
            )
        )
        note_rows(
            conn,
            "meeting_attendees",
            "(email <> '' AND email = ?) OR (meeting_id = ? AND position = ?)",
            (row["email"], meeting, position),
        )
        conn.execute(
            "UPDATE meeting_attendees SET person_id = ?, candidate_id = NULL "
            "WHERE (email <> '' AND email = ?) OR (meeting_id = ? AND position = ?)",
            (person.id, row["email"], meeting, position),
        )
        journal.record_change("meeting", [meeting])
    return person


def _met_how(conn: Connection, meeting: str) -> str:
    row = conn.execute("SELECT title FROM meetings WHERE id = ?", (meeting,)).fetchone()
    return f"Meeting: {row['title']}" if row and row["title"] else "A meeting"


def _name_from_email(email: str) -> str:
    local = email.split("@", 1)[0]
    parts = [p for p in local.replace("_", ".").replace("-", ".").split(".") if p]
    return " ".join(p.capitalize() for p in parts) or email


# -- reading meetings back ----------------------------------------------------------------


@dataclass(frozen=True)
class MeetingPerson:
    id: str
    name: str


@dataclass(frozen=True)
class MeetingAttendee:
    position: int
    email: str
    name: str
    person_id: str | None
    candidate_id: str | None
    candidate_name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.email


@dataclass(frozen=True)
class Meeting:
    id: str
    start: datetime
    end: datetime
    all_day: bool
    title: str
    location: str
    people: tuple[MeetingPerson, ...]
    attendees: tuple[MeetingAttendee, ...]
    present: bool
    resolution: str | None  # reflected | met | dismissed | None
    entry_id: str | None
    briefed: bool
    prompted: bool

    @property
    def reflected(self) -> bool:
        return self.resolution in ("reflected", "met")

    @property
    def unmatched(self) -> tuple[MeetingAttendee, ...]:
        return tuple(a for a in self.attendees if a.person_id is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start.isoformat(timespec="minutes"),
            "end": self.end.isoformat(timespec="minutes"),
            "all_day": self.all_day,
            "title": self.title,
            "location": self.location,
            "people": [{"id": p.id, "name": p.name} for p in self.people],
            "unmatched": [
                {
                    "email": a.email,
                    "name": a.name,
                    "maybe": a.candidate_name or None,
                }
                for a in self.unmatched
            ],
            "reflected": self.reflected,
            "resolution": self.resolution,
            "entry_id": self.entry_id,
        }


_MEETING_COLUMNS = (
    "m.id, m.starts_at, m.ends_at, m.all_day, m.title, m.location, m.present, m.resolution, "
    "m.entry_id, m.briefed_at, m.prompted_at"
)


def _load(conn: Connection, where: str, params: Sequence[Any]) -> list[Meeting]:
    rows = conn.execute(
        f"SELECT {_MEETING_COLUMNS} FROM meetings m WHERE {where} ORDER BY m.starts_at, m.id",
        list(params),
    ).fetchall()
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    attendees: dict[str, list[MeetingAttendee]] = {}
    names: dict[str, str] = {}
    for a in conn.execute(
        "SELECT a.meeting_id, a.position, a.email, a.name, a.person_id, a.candidate_id, "
        "p.name AS person_name, p.preferred_name AS person_preferred, c.name AS candidate_name "
        "FROM meeting_attendees a LEFT JOIN people p ON p.id = a.person_id "
        "LEFT JOIN people c ON c.id = a.candidate_id "
        f"WHERE a.meeting_id IN ({marks}) ORDER BY a.meeting_id, a.position",
        ids,
    ):
        if a["person_id"]:
            names[a["person_id"]] = a["person_preferred"] or a["person_name"]
        attendees.setdefault(a["meeting_id"], []).append(
            MeetingAttendee(
                a["position"],
                a["email"],
                a["name"],
                a["person_id"],
                a["candidate_id"],
                a["candidate_name"] or "",
            )
        )
    result = []
    for r in rows:
        mine = attendees.get(r["id"], [])
        people = tuple(
            dict.fromkeys(
                MeetingPerson(a.person_id, names[a.person_id]) for a in mine if a.person_id
            )
        )
        result.append(
            Meeting(
                id=r["id"],
                start=stored_entry_time(r["starts_at"]),
                end=stored_entry_time(r["ends_at"], r["starts_at"]),
                all_day=bool(r["all_day"]),
                title=r["title"],
                location=r["location"],
                people=people,
                attendees=tuple(mine),
                present=bool(r["present"]),
                resolution=r["resolution"],
                entry_id=r["entry_id"],
                briefed=r["briefed_at"] is not None,
                prompted=r["prompted_at"] is not None,
            )
        )
    return result


def meeting(journal: Journal, meeting_id_: str) -> Meeting:
    with journal.store.reading() as conn:
        found = _load(conn, "m.id = ?", [meeting_id_])
    if not found:
        raise NotFound("That meeting is no longer in the journal.")
    return found[0]


def meetings_between(
    journal: Journal, start: date, end: date, *, with_people_only: bool = False
) -> list[Meeting]:
    """Meetings still in the calendar starting on days start..end (inclusive)."""
    with journal.store.reading() as conn:
        found = _load(
            conn,
            "m.present = 1 AND m.starts_at >= ? AND m.starts_at < ?",
            [start.isoformat(), (end + timedelta(days=1)).isoformat()],
        )
    return [m for m in found if m.people] if with_people_only else found


def next_meeting(journal: Journal, now: datetime | None = None) -> Meeting | None:
    """The next meeting (or the one under way) with someone in the journal."""
    now = now or journal.clock.now()
    with journal.store.reading() as conn:
        found = _load(
            conn,
            "m.present = 1 AND m.all_day = 0 AND m.ends_at > ? AND EXISTS (SELECT 1 FROM "
            "meeting_attendees a WHERE a.meeting_id = m.id AND a.person_id IS NOT NULL)",
            [now.isoformat(timespec="minutes")],
        )
    return found[0] if found else None


#: A meeting that ended longer ago than this is no longer asked about.
REFLECT_WITHIN = timedelta(days=3)


#: An entry ``e`` is about meeting ``m`` when it is dated on one of the meeting's days: a
#: meeting from 23:30 to 00:30 is written about after midnight (or the next morning),
#: dated on the day it ended.
_ON_ITS_DAYS = (
    "substr(e.occurred_at, 1, 10) BETWEEN substr(m.starts_at, 1, 10) AND substr(m.ends_at, 1, 10)"
)


def waiting_for_reflection(journal: Journal, now: datetime | None = None) -> list[Meeting]:
    """Meetings that happened with someone in the journal, not yet resolved: neither an
    entry written (for it, or with one of its people on one of its days), nor "We met", nor
    dismissed. Newest first."""
    now = now or journal.clock.now()
    with journal.store.reading() as conn:
        found = _load(
            conn,
            "m.present = 1 AND m.resolution IS NULL AND m.ends_at <= ? AND m.ends_at > ? "
            "AND EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id "
            "AND a.person_id IS NOT NULL) "
            "AND NOT EXISTS (SELECT 1 FROM meeting_attendees a JOIN entry_people ep "
            "ON ep.person_id = a.person_id JOIN entries e ON e.id = ep.entry_id "
            f"WHERE a.meeting_id = m.id AND {_ON_ITS_DAYS})",
            [
                now.isoformat(timespec="minutes"),
                (now - REFLECT_WITHIN).isoformat(timespec="minutes"),
            ],
        )
    found.reverse()
    return found


def reflected_ids(journal: Journal, ids: Sequence[str]) -> set[str]:
    """Of these meetings, those with an entry on their day (or days) with one of their people
    (written from the prompt or not): the user has already written it down."""
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    with journal.store.reading() as conn:
        rows = conn.execute(
            f"SELECT DISTINCT a.meeting_id FROM meeting_attendees a JOIN meetings m "
            "ON m.id = a.meeting_id JOIN entry_people ep ON ep.person_id = a.person_id "
            "JOIN entries e ON e.id = ep.entry_id WHERE a.meeting_id IN "
            f"({marks}) AND {_ON_ITS_DAYS}",
            list(ids),
        ).fetchall()
    return {r["meeting_id"] for r in rows}


# -- what the user makes of a meeting -------------------------------------------------------


def entry_draft(journal: Journal, meeting_id_: str) -> Entry:
    """The entry the reflection prompt opens: the people, time, place and title filled
    in, nothing written yet (not saved)."""
    found = meeting(journal, meeting_id_)
    return Entry(
        occurred_at=found.start,
        kind=EntryKind.MEETING,
        title=found.title,
        place=found.location,
        people=[p.id for p in found.people],
    )


def _resolve(journal: Journal, meeting_id_: str, resolution: str, entry_id: str | None) -> None:
    with journal.transaction() as conn:
        note_rows(conn, "meetings", "id = ?", (meeting_id_,))
        done = conn.execute(
            "UPDATE meetings SET resolution = ?, resolved_at = ?, entry_id = coalesce(?, "
            "entry_id), updated_at = ? WHERE id = ?",
            (resolution, stamp(journal.clock), entry_id, stamp(journal.clock), meeting_id_),
        ).rowcount
        if not done:
            raise NotFound("That meeting is no longer in the journal.")
        journal.record_change("meeting", [meeting_id_])


def reflected(journal: Journal, meeting_id_: str, entry_id: str) -> None:
    """The entry written from the prompt: the meeting is resolved and counts."""
    _resolve(journal, meeting_id_, "reflected", entry_id)


def we_met(journal: Journal, meeting_id_: str) -> Entry:
    """ "We met", in one click: an entry without words at the meeting's time, so the
    meeting counts as being in touch (last contact, cadence) like any entry."""
    draft = entry_draft(journal, meeting_id_)
    if not draft.people:
        raise InvalidInput("Nobody in this meeting is in the journal yet.")
    with journal.transaction():
        entry = journal.add_entry(draft)
        _resolve(journal, meeting_id_, "met", entry.id)
    return entry


def dismiss(journal: Journal, meeting_id_: str) -> None:
    """Not worth a reflection: never asked about again, and not counted as contact."""
    _resolve(journal, meeting_id_, "dismissed", None)

"""Reading calendar files: .ics files and folders of them, into local-time events.

Parsing is icalendar's (RFC 5545, folded lines, VTIMEZONE, Windows zone names) and the
expansion of repeating events is recurring-ical-events' (RRULE, RDATE, EXDATE and moved
or edited occurrences by RECURRENCE-ID), so the edge cases real clients produce are
handled by libraries that are tested against them. What is left here is the policy:
times in the user's local zone, all-day events as whole days, cancelled events and
invitations the user declined left out, and a file read again only when it changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: What a calendar file is called; a vdir (vdirsyncer, khal) holds one event per file.
SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")


@dataclass(frozen=True)
class Attendee:
    email: str  # lower case, without "mailto:"
    name: str  # the CN parameter, or ""
    partstat: str  # ACCEPTED, DECLINED, NEEDS-ACTION, TENTATIVE ... ("" if absent)


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence of an event, in local wall-clock time (naive datetimes)."""

    uid: str
    recurrence_id: str  # "" for a single event; the occurrence's original start otherwise
    start: datetime
    end: datetime
    all_day: bool
    title: str
    location: str
    organizer: str  # e-mail address, lower case, or ""
    attendees: tuple[Attendee, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.recurrence_id)


class CalendarFileError(Exception):
    """A calendar file could not be read; the message says which and what to do."""


def calendar_files(source: Path) -> list[Path]:
    """The calendar files a source names: the file itself, or every calendar file in a
    folder and its subfolders (Evolution keeps one calendar.ics per calendar folder, a
    vdir one .ics per event)."""
    source = Path(source).expanduser()
    if source.is_file():
        return [source]
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return []


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    """An aware time in the user's zone, naive; a floating time is already local."""
    if value.tzinfo is None:
        return value
    return (
        value.astimezone(zone).replace(tzinfo=None)
        if zone
        else value.astimezone().replace(tzinfo=None)
    )


def _as_start(value: date | datetime, zone: tzinfo | None) -> tuple[datetime, bool]:
    if isinstance(value, datetime):
        return _local(value, zone), False
    return datetime.combine(value, time(0, 0)), True


def _email(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def _param(prop: Any, name: str) -> str:
    params = getattr(prop, "params", None) or {}
    return str(params.get(name, "") or "").strip().strip('"')


def _attendees(component: Any) -> tuple[Attendee, ...]:
    raw = component.get("ATTENDEE")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    found: list[Attendee] = []
    for item in items:
        email = _email(item)
        cutype = _param(item, "CUTYPE").upper()
        if cutype in {"RESOURCE", "ROOM", "GROUP"} or email.endswith(
            ("resource.calendar.google.com", "group.calendar.google.com")
        ):
            continue  # rooms, projectors and shared calendars are nobody to meet
        found.append(Attendee(email, _param(item, "CN"), _param(item, "PARTSTAT").upper()))
    return tuple(found)


def _recurrence_id(component: Any) -> str:
    rid = component.get("RECURRENCE-ID")
    if rid is None:
        return ""
    value = rid.dt
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            from datetime import UTC

            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value.strftime("%Y%m%dT%H%M%S"))
    return str(value.strftime("%Y%m%d"))


def _event(component: Any, zone: tzinfo | None) -> CalendarEvent | None:
    dtstart = component.get("DTSTART")
    if dtstart is None:
        return None
    start, all_day = _as_start(dtstart.dt, zone)
    end_prop = component.get("DTEND")
    if end_prop is not None:
        end, _ = _as_start(end_prop.dt, zone)
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(0))
    if end < start:  # some clients swap them; a meeting still has a start
        end = start
    organizer = _email(component.get("ORGANIZER"))
    return CalendarEvent(
        uid=str(component.get("UID", "") or ""),
        recurrence_id=_recurrence_id(component),
        start=start,
        end=end,
        all_day=all_day,
        title=str(component.get("SUMMARY", "") or "").strip(),
        location=str(component.get("LOCATION", "") or "").strip(),
        organizer=organizer,
        attendees=_attendees(component),
    )


def left_out(component: Any, own: Iterable[str]) -> bool:
    """Cancelled events, and invitations the user declined (their own PARTSTAT)."""
    if str(component.get("STATUS", "") or "").upper() == "CANCELLED":
        return True
    mine = {e.lower() for e in own}
    if not mine:
        return False
    raw = component.get("ATTENDEE")
    items = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
    return any(
        _email(item) in mine and _param(item, "PARTSTAT").upper() == "DECLINED" for item in items
    )


def events_in(
    calendar: Any,
    start: datetime,
    end: datetime,
    *,
    own_emails: Sequence[str] = (),
    zone: tzinfo | None = None,
) -> list[CalendarEvent]:
    """The occurrences of ``calendar``'s events overlapping [start, end) local time."""
    import recurring_ical_events  # ~0.1 s: imported when a calendar is read

    query = recurring_ical_events.of(calendar, components=["VEVENT"])
    return _occurrences(query, start, end, own_emails=own_emails, zone=zone)


def _occurrences(
    query: Any,
    start: datetime,
    end: datetime,
    *,
    own_emails: Sequence[str] = (),
    zone: tzinfo | None = None,
) -> list[CalendarEvent]:
    found: list[CalendarEvent] = []
    # A day either side: the window is local time, the library compares in the events'.
    for component in query.between(start - timedelta(days=1), end + timedelta(days=1)):
        if left_out(component, own_emails):
            continue
        event = _event(component, zone)
        if event is None or event.end < start or event.start >= end:
            continue
        if event.end == event.start and event.start < start:
            continue
        found.append(event)
    found.sort(key=lambda e: (e.start, e.title, e.uid))
    return found


@dataclass
class _Cached:
    signature: tuple[int, int]
    calendar: Any
    #: recurring-ical-events' index of the file's events, built once per version of the
    #: file: a look at an unchanged 10,000-event calendar then costs a fraction of a
    #: second instead of seconds.
    query: Any = None


@dataclass
class CalendarReader:
    """Reads the configured sources, parsing a file again only when its modification
    time or size changed: a look every minute costs a few ``stat`` calls."""

    sources: list[Path] = field(default_factory=list)
    own_emails: tuple[str, ...] = ()
    zone: tzinfo | None = None
    _cache: dict[Path, _Cached] = field(default_factory=dict)
    #: Files that could not be read at the last look, with a sentence for the user.
    problems: dict[Path, str] = field(default_factory=dict)

    def files(self) -> list[Path]:
        found: list[Path] = []
        for source in self.sources:
            found.extend(calendar_files(Path(source)))
        return list(dict.fromkeys(found))

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        """What changes when any file changes (added, removed, written)."""
        result = []
        for path in self.files():
            try:
                st = path.stat()
            except OSError:
                continue
            result.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(result)

    def _query(self, path: Path) -> Any | None:
        calendar = self._calendar(path)
        if calendar is None:
            return None
        cached = self._cache[path]
        if cached.query is None:
            import recurring_ical_events  # ~0.1 s: imported when a calendar is read

            cached.query = recurring_ical_events.of(calendar, components=["VEVENT"])
        return cached.query

    def _calendar(self, path: Path) -> Any | None:
        try:
            st = path.stat()
        except OSError:
            self._cache.pop(path, None)
            return None
        signature = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached.signature == signature:
            return cached.calendar
        try:
            import icalendar  # ~0.25 s: imported when a calendar is read, not at start

            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except (OSError, ValueError) as exc:
            # The file's content never reaches the log or the message: only its name.
            self.problems[path] = (
                f"{path.name} could not be read as a calendar ({type(exc).__name__}); "
                "export it again from your calendar app."
            )
            log.warning("calendar file not readable: %s (%s)", path.name, type(exc).__name__)
            self._cache.pop(path, None)
            return None
        self.problems.pop(path, None)
        self._cache[path] = _Cached(signature, calendar)
        return calendar

    def events(self, start: datetime, end: datetime) -> list[CalendarEvent]:
        """Every occurrence in [start, end) from all sources, one per (uid, recurrence)."""
        seen: dict[tuple[str, str], CalendarEvent] = {}
        files = self.files()
        for path in list(self._cache):
            if path not in files:
                del self._cache[path]
        for path in files:
            try:
                query = self._query(path)
                if query is None:
                    continue
                found = _occurrences(query, start, end, own_emails=self.own_emails, zone=self.zone)
            except Exception as exc:  # a broken recurrence rule in one file spoils no other
                self.problems[path] = (
                    f"{path.name} has an event Rapport cannot place ({type(exc).__name__}); "
                    "its other events are still read."
                )
                log.warning("calendar file not expanded: %s (%s)", path.name, type(exc).__name__)
                continue
            for event in found:
                seen.setdefault(event.key, event)
        return sorted(seen.values(), key=lambda e: (e.start, e.title, e.uid))

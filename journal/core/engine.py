"""The reminder engine: who to get in touch with today, why now, and what to say.

Deterministic for a given journal and clock; Qt-free. The rules (see
``docs/reminder-engine.md`` and issue 3):

*When someone is due.* A person's cadence comes from their own setting, else (if the
journal learns cadences) the median gap of their last contacts bounded to half..twice
their circle's, else their circle's (``journal.settings()``); dormant people and archived
ones have none. The clock runs from the baseline: the last entry with them, a later
"done", else the day met or added. They become eligible at 85% of the cadence, on a day
spread by a hash of person and baseline over the last 15% (Anki's fuzz), so a crowd that
fell due together arrives over several days. Dated hooks make someone timely on their
own: a promised follow-up (always shown on its due day; after that it competes for the
cap for 30 days), a thread's "ask again on" date (for 30 days, unless in touch since), a
birthday (three days' notice, competing for the cap; always shown on the day for the
inner, close and network circles, while an acquaintance's competes: a 10,000-person
journal has ~27 birthdays a day), a life event's anniversary (three days' notice, only
if fine to mention) and a first meeting (days 1-7 after it, unless in touch since).
Anyone in touch on the day (or later) gets nothing that day.

*Which ones today.* Score = circle weight x min(overdue ratio, 3) + the strongest hook's
bonus. Those always shown come first; the rest are picked greedily up to the daily cap,
and after each pick candidates in the same field or organisation count 0.3 less, so the
list is not one echo chamber. Once a week (each ISO week, until acted on or until such a
tie is logged) one slot goes to reconnecting with a tie without a cadence (dormant) out
of touch for a year or more, preferring a field or network kind the active network
lacks, then someone who has helped before. Each kind of candidate that competes for the
cap is first cut to its best ``pool_size`` (``_cut_key``), in SQL for ``today`` and in
Python for ``upcoming``, the same cut, so a day reads a few hundred rows at most.

*A fair day (issue 13).* The capped picks go in this order: first anyone not yet ignored
for more than two days (a suggestion shown on more than two days in the last four weeks
with no contact or "done" since waits behind fresher ones; a birthday or a promise due
today never waits), then what will not wait (a promise, a first meeting this week, a
birthday today) ahead of the old backlog, then whoever has waited longest since last
shown (round robin), then the score. The week's reconnection prefers a tie the user
placed over someone imported, and gives its slot back for the week once ignored three
days; skipped, the next week's is another.

*Who never comes up.* The dead (``deceased_on``): no check-ins, birthdays or
reconnections at all. People imported and not yet placed (``placed`` 0): never due;
they may only be the week's reconnection, until the user gives them a circle or logs a
contact (a trigger places them, see migration 5).

*The user's say.* Snooze hides someone until a date (the clock keeps running); skip hides
them for half a cadence, and three skips in a row put a longer cadence on offer
(``Suggestion.offer_longer_cadence``, ``confirm_longer_cadence``); mute ends all
suggestions until unmuted; done counts as being in touch (and completes the promises the
suggestion named). Logging any entry with someone clears snooze, skip and the run of
skips (a trigger, see migration 2) and restarts their clock.

*Simulation.* ``upcoming`` plans day by day with the same rules, assuming each suggestion
is done on its day, so its first day is exactly ``today`` and later days show what the
cap really lets through, which is what the tray and the calendar export need.

*The log.* ``act`` records done/snoozed/skipped/muted/unmuted, the longer-cadence
answer is cadence_changed/cadence_kept; ``today(record=True)`` records the day's list as
"suggested" and ``mark_shown`` what was put in front of the user ("shown", once per
suggestion). ``history`` returns it all for the insights.

*Remembered.* ``today`` and ``due_person_ids`` keep their answer for a day until the
journal changes: any row written through this connection (``total_changes``) or a commit
by another one, such as ``journal log`` in a terminal (``PRAGMA data_version``). Nothing
is remembered inside a transaction, which may still roll back (``_remembered``).

Public API: ``Suggestion``, ``Fact``, ``LogEntry``, ``today``, ``upcoming``, ``act``,
``confirm_longer_cadence``, ``decline_longer_cadence``, ``next_check_in``,
``due_person_ids``, ``history``, ``mark_shown``, ``set_muted``, ``learned_cadence``,
``suggestion_id``, ``ACTIONS``, ``KINDS``.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import functools
import hashlib
import heapq
import itertools
import json
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from journal.core import phrasing
from journal.core import reminders as db
from journal.core.clock import stamp
from journal.core.dates import date_from_db
from journal.core.entries import ledger_from_row
from journal.core.errors import InvalidInput, JournalError, NotFound
from journal.core.journal import Journal
from journal.core.links import FamilyHook, family_hooks
from journal.core.model import Birthday, Circle, Direction, Facet, LedgerItem
from journal.core.people import facet_from_row
from journal.core.phrasing import Fact, Profile, Promise, Situation, Why
from journal.core.settings import JournalSettings
from journal.core.store import Connection, DatabaseError
from journal.core.stored import stored_birthday, stored_date, stored_enum, stored_int, stored_text
from journal.core.wording import every

if TYPE_CHECKING:
    from journal.core.introductions import Introduction

ELIGIBLE_FROM = 0.85
SATURATION = 3.0
CIRCLE_WEIGHT = {
    Circle.INNER: 1.3,
    Circle.CLOSE: 1.2,
    Circle.NETWORK: 1.0,
    Circle.ACQUAINTANCE: 0.8,
    Circle.DORMANT: 0.5,
}
DIVERSITY_PENALTY = 0.3
BIRTHDAY_NOTICE_DAYS = 3
ANNIVERSARY_NOTICE_DAYS = 3
PROMISE_GRACE_DAYS = 0
PROMISE_STALE_DAYS = 30
THREAD_WINDOW_DAYS = 30
FIRST_MEETING_DAYS = 7
RECONNECT_AFTER_DAYS = 365
RECONNECT_SKIP_DAYS = 182
LONG_GAP_MIN_DAYS = 90
SKIPS_BEFORE_OFFER = 3
LONGEST_CADENCE = 365
GIVE_FIRST_DAYS = 365
LEARN_FROM_CONTACTS = 7
#: A suggestion shown this many days without the user acting on it gives way to others
#: (guess): over a fortnight, people who are due take turns instead of the same few.
IGNORED_GRACE_DAYS = 2
IGNORED_WINDOW_DAYS = 28
#: Reasons that will not wait: they get a slot ahead of the old backlog.
TIME_LIMITED = frozenset({"follow_up", "first_meeting", "birthday"})
NEXT_CHECK_IN_HORIZON = 400
BONUS = {
    "follow_up": 2.5,
    "first_meeting": 2.0,
    "birthday": 1.5,
    "thread": 1.0,
    "anniversary": 0.8,
    "cadence": 0.0,
    "reconnect": 0.0,
}
KINDS = ("follow_up", "birthday", "first_meeting", "thread", "anniversary", "cadence", "reconnect")
ACTIONS = ("done", "snooze", "skip", "mute", "unmute")
_EVENTS = {
    "done": "done",
    "snooze": "snoozed",
    "skip": "skipped",
    "mute": "muted",
    "unmute": "unmuted",
}

__all__ = [
    "ACTIONS",
    "Fact",
    "LogEntry",
    "Suggestion",
    "act",
    "act_on_person",
    "confirm_longer_cadence",
    "decline_longer_cadence",
    "due_person_ids",
    "history",
    "learned_cadence",
    "mark_shown",
    "next_check_in",
    "set_muted",
    "suggestion_id",
    "today",
    "upcoming",
]


@dataclass(frozen=True)
class Suggestion:
    """One check-in to make: whom, what to say, why now, and from which facts."""

    id: str  # stable for person + kind + day
    person_id: str
    person_name: str
    kind: str  # follow_up birthday first_meeting thread anniversary cadence reconnect
    action: str
    reason: str
    facts: tuple[Fact, ...]
    priority: float
    capped: bool  # counts toward the daily cap
    prefer_call: bool
    give_first: str | None
    due_on: date
    #: After three skips in a row: the longer cadence (days) the user may confirm.
    offer_longer_cadence: int | None = None
    #: Every reason this person is timely today, strongest first (``kind`` is the first).
    triggers: tuple[str, ...] = ()
    #: The fact (or entry) the action is built on; logged, so the next one differs.
    hook: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "person_name": self.person_name,
            "kind": self.kind,
            "action": self.action,
            "reason": self.reason,
            "facts": [
                {
                    "kind": f.kind,
                    "text": f.text,
                    "date": f.date.isoformat() if f.date else None,
                    "source_id": f.source_id,
                }
                for f in self.facts
            ],
            "priority": round(self.priority, 4),
            "capped": self.capped,
            "prefer_call": self.prefer_call,
            "give_first": self.give_first,
            "due_on": self.due_on.isoformat(),
            "offer_longer_cadence": self.offer_longer_cadence,
            "triggers": list(self.triggers),
            "hook": self.hook,
        }


@dataclass(frozen=True)
class LogEntry:
    """One row of the suggestion log: what was suggested or shown, and what the user did."""

    day: date
    suggestion_id: str
    person_id: str
    person_name: str
    kind: str
    event: str  # suggested shown done snoozed skipped muted unmuted cadence_changed ...
    capped: bool
    until: date | None
    detail: str
    at: str


# -- the rules as pure functions --------------------------------------------------------


def suggestion_id(person_id: str, kind: str, day: date) -> str:
    digest = hashlib.blake2b(f"{person_id}|{kind}|{day.isoformat()}".encode(), digest_size=8)
    return f"s-{digest.hexdigest()}"


def _hash(*parts: object) -> int:
    """A stable hash (unlike ``hash()``, the same in every process), cheap enough for
    every person of a large journal: CRC-32 is plenty to spread days and break ties."""
    return zlib.crc32("|".join(map(str, parts)).encode())


#: ``stored_date`` remembered for the dormant ties' dates: a thousand ties are read on
#: every Today and share a few hundred dates, and parsing each again costs more than the
#: rest of the ranking (the values come from SQLite, so they are always hashable).
_tie_date = functools.lru_cache(maxsize=4096)(stored_date)


def _hash2(first: object, second: object) -> int:
    """``_hash(first, second)`` without building a tuple and a join: it orders the
    week's thousand dormant ties and spreads every due day."""
    return zlib.crc32(f"{first}|{second}".encode())


def due_days(person_id: str, base_day: int, cadence: int) -> int:
    """Days after the baseline on which a cadence check-in becomes eligible: somewhere in
    the last 15% of the cadence, fixed by a hash of the person and the baseline (as a
    day number, ``reminders.day_number``; SQL calls this as ``rapport_due_days``)."""
    if isinstance(cadence, bool) or not isinstance(cadence, int) or cadence < 1:
        return 0  # a stored cadence that is not a number of days (see cadence_sql)
    low = _eligible_low(cadence)
    return low + _hash2(person_id, base_day) % (cadence - low + 1)


RANKING = db.Ranking(CIRCLE_WEIGHT, SATURATION, ELIGIBLE_FROM, due_days)


def _eligible_low(cadence: int) -> int:
    return (cadence * round(ELIGIBLE_FROM * 100) + 99) // 100


def learned_cadence(days: Sequence[date]) -> int | None:
    """The median gap between the last few distinct contact days (None below 4 of them)."""
    import statistics  # with decimal and fractions, ~4 ms: only a write learns a cadence

    recent = sorted(set(days))[-LEARN_FROM_CONTACTS:]
    gaps = [(b - a).days for a, b in itertools.pairwise(recent)]
    if len(gaps) < 3:
        return None
    return max(1, round(statistics.median(gaps)))


@dataclass
class _Person:
    """What scheduling needs to know of a person (mutable: ``upcoming`` simulates dones)."""

    id: str
    name: str
    first_name: str
    organisation: str
    field: str
    circle: Circle
    cadence: int | None
    cadence_source: str
    base: date
    base_kind: str
    birthday: Birthday | None
    snooze_until: date | None
    skip_until: date | None
    skip_streak: int
    muted: bool
    offer: int | None
    archived: bool
    due_on: date | None = None  # cadence eligibility day, from base
    pronouns: str = ""
    #: Died (no check-ins at all) / imported and not yet placed (only the weekly slot).
    deceased: bool = False
    placed: bool = True

    def __post_init__(self) -> None:
        self.rebase(self.base, self.base_kind)

    def rebase(self, base: date, kind: str) -> None:
        self.base, self.base_kind = base, kind
        self.due_on = (
            base + timedelta(days=due_days(self.id, db.day_number(base), self.cadence))
            if self.cadence
            else None
        )

    def hidden(self, day: date) -> bool:
        return (
            self.archived
            or self.muted
            or self.deceased
            or not self.placed
            or (self.snooze_until is not None and day < self.snooze_until)
            or (self.skip_until is not None and day < self.skip_until)
        )

    def cadence_due(self, day: date) -> bool:
        """Whether the cadence alone makes them due (``_whys`` would include "cadence")."""
        return (
            self.due_on is not None
            and self.due_on <= day
            and self.base < day
            and self.circle is not Circle.DORMANT
            and not self.hidden(day)
        )

    @property
    def field_key(self) -> str:
        return self.field.strip().casefold()

    @property
    def org_key(self) -> str:
        return self.organisation.strip().casefold()


def _cut_key(person: _Person, day: date) -> tuple[float, int, str]:
    """The order pools are cut in before picking; mirrors ``reminders.Ranking``."""
    days = (day - person.base).days
    ratio = min(days * 1.0 / person.cadence, SATURATION) if person.cadence else 0.0
    return (-(CIRCLE_WEIGHT[person.circle] * ratio), -days, person.id)


def _light_due(row: Any, circle: Circle, cadence: int, day: date) -> tuple[float, int, str] | None:
    """For a light row of ``reminders.circle_by_base`` (someone on their circle's cadence):
    the ``_cut_key`` when the cadence alone makes them due on ``day`` and no "done" moved
    their baseline, else None. Mirrors ``_baseline`` and ``_Person.cadence_due`` for the
    columns it has (the query leaves out the archived, dead and unplaced); a baseline
    that is not a date is the caller's to read whole."""
    raw = row["raw_base"]
    base = stored_date(raw)
    done = row["done_on"]
    if base is None or (done and done > raw and stored_date(done)):
        return None
    if base >= day or row["muted"]:
        return None
    for until in (row["snooze_until"], row["skip_until"]):
        if until is not None and (hold := date_from_db(until)) is not None and day < hold:
            return None
    if base + timedelta(days=due_days(row["id"], db.day_number(base), cadence)) > day:
        return None
    days = (day - base).days
    return (-(CIRCLE_WEIGHT[circle] * min(days / cadence, SATURATION)), -days, row["id"])


def _cadence(row: Any, settings: JournalSettings) -> tuple[int | None, str]:
    """Mirrors ``reminders.cadence_sql``."""
    # A circle this version does not know counts as dormant, as in ``reminders.CIRCLE_CODE``.
    circle = stored_enum(Circle, row["circle"], Circle.DORMANT)
    if circle is Circle.DORMANT:
        return None, "none"
    own = stored_int(row["cadence_days"], 1)  # a bad one is ignored, as in cadence_sql
    if own:
        return own, "person"
    default = settings.cadence_days.get(circle)
    if not default:
        return None, "none"
    learned = stored_int(row["learned_cadence_days"])
    if settings.learn_cadence and learned:
        low, high = db.learned_bounds(int(default))
        return min(max(int(learned), low), high), "learned"
    return int(default), "circle"


def _baseline(row: Any, as_of: date | None = None) -> tuple[date, str]:
    """Mirrors ``reminders.RAW_BASE`` and ``BASE_DAY``. With ``as_of`` (a row from
    ``reminders.ahead_of``), a contact or "done" dated after that day has not happened
    yet: the latest contact on or before it counts instead."""
    last = (row["last_contact_at"] or "")[:10]
    done = row["done_on"]
    if as_of is not None:
        if last > as_of.isoformat():
            last = (row["contact_by"] or "")[:10]
        if done and done > as_of.isoformat():
            done = None
    first = last or row["met_on"] or row["created_at"][:10]
    kind = "contact" if last else "met" if row["met_on"] else "added"
    if done and done > first and (done_day := stored_date(done)):
        return done_day, "done"
    # A stored date that is not one: the day the person was added, as a last resort.
    return stored_date(first) or stored_date(row["created_at"]) or date(1970, 1, 1), kind


def _person(row: Any, settings: JournalSettings, as_of: date | None = None) -> _Person:
    cadence, source = _cadence(row, settings)
    base, base_kind = _baseline(row, as_of)
    birthday = stored_birthday(row["birthday_month"], row["birthday_day"], row["birthday_year"])
    preferred = stored_text(row["preferred_name"]).strip()
    name = stored_text(row["name"])
    return _Person(
        id=row["id"],
        name=preferred or name,
        first_name=preferred or (name.split() or [""])[0],
        organisation=stored_text(row["organisation"]),
        field=stored_text(row["field"]),
        circle=stored_enum(Circle, row["circle"], Circle.DORMANT),
        cadence=cadence,
        cadence_source=source,
        base=base,
        base_kind=base_kind,
        birthday=birthday,
        snooze_until=date_from_db(row["snooze_until"]),
        skip_until=date_from_db(row["skip_until"]),
        skip_streak=int(row["skip_streak"] or 0),
        muted=bool(row["muted"]),
        offer=row["offer_cadence_days"],
        archived=bool(row["archived"]),
        deceased=row["deceased_on"] is not None,
        pronouns=row["pronouns"] or "",
        placed=bool(row["placed"]),
    )


def _anniversary_on(event: date, day: date) -> date:
    return Birthday(event.month, event.day).next_after(max(day, date(event.year + 1, 1, 1)))


def _birthday_uncapped(person: _Person) -> bool:
    """Birthdays on the day are always shown for the closer circles; an acquaintance's
    competes for the cap (a 10,000-person journal has ~27 birthdays a day)."""
    return person.circle in (Circle.INNER, Circle.CLOSE, Circle.NETWORK)


def _whys(
    p: _Person,
    day: date,
    hooks: Iterable[db.DatedHook],
    first_met: date | None,
    done_promises: frozenset[str] | set[str] = frozenset(),
) -> list[Why]:
    """Every reason ``p`` is timely on ``day`` (empty: not today), strongest first."""
    if p.hidden(day) or p.circle is Circle.DORMANT or p.base >= day:
        return []
    whys: list[Why] = []
    for hook in hooks:
        if hook.kind == "follow_up" and hook.source_id not in done_promises:
            late = (day - hook.on).days
            if 0 <= late <= PROMISE_GRACE_DAYS:
                whys.append(
                    Why(
                        "follow_up", hook.on, hook.source_id, capped=False, bonus=BONUS["follow_up"]
                    )
                )
            elif PROMISE_GRACE_DAYS < late <= PROMISE_STALE_DAYS:
                whys.append(Why("follow_up", hook.on, hook.source_id, bonus=BONUS["follow_up"]))
        elif hook.kind == "thread":
            if 0 <= (day - hook.on).days <= THREAD_WINDOW_DAYS and p.base < hook.on:
                whys.append(Why("thread", hook.on, hook.source_id, bonus=BONUS["thread"]))
        elif hook.kind == "life_event" and hook.on < day:
            anniversary = _anniversary_on(hook.on, day)
            notice = anniversary - timedelta(days=ANNIVERSARY_NOTICE_DAYS)
            if notice <= day and p.base < notice:
                whys.append(
                    Why("anniversary", anniversary, hook.source_id, bonus=BONUS["anniversary"])
                )
    if p.birthday is not None:
        birthday = p.birthday.next_after(day)
        notice = birthday - timedelta(days=BIRTHDAY_NOTICE_DAYS)
        if birthday == day:
            whys.append(
                Why(
                    "birthday",
                    birthday,
                    p.id,
                    capped=not _birthday_uncapped(p),
                    bonus=BONUS["birthday"],
                )
            )
        elif notice <= day and p.base < notice:
            whys.append(Why("birthday", birthday, p.id, bonus=BONUS["birthday"]))
    if (
        first_met is not None
        and 1 <= (day - first_met).days <= FIRST_MEETING_DAYS
        and p.base <= first_met
    ):
        whys.append(Why("first_meeting", first_met, p.id, bonus=BONUS["first_meeting"]))
    if p.cadence_due(day):
        whys.append(Why("cadence", p.base, p.id))
    whys.sort(key=lambda w: (w.capped, KINDS.index(w.kind), w.on, w.source_id or ""))
    return whys


@dataclass
class _Pick:
    person: _Person
    day: date
    whys: tuple[Why, ...]
    score: float
    base: date
    base_kind: str
    done_promises: frozenset[str] = frozenset()
    lacking: tuple[str, str] | None = None  # (kind, what) for reconnects
    ignored: int = 0  # days shown lately with nothing done (see ``_World.ignored``)
    last_shown: date | None = None

    @property
    def kind(self) -> str:
        return self.whys[0].kind

    @property
    def time_limited(self) -> bool:
        """A promise due, a first meeting this week, a birthday today: it will not wait."""
        return any(
            w.kind in TIME_LIMITED and (w.kind != "birthday" or w.on == self.day) for w in self.whys
        )

    @property
    def rested(self) -> int:
        """0 while fresh; grows with each day shown and ignored past the grace days. A
        reason that is only good today (a birthday, a promise due today) never rests."""
        if any(w.on == self.day and w.kind in ("birthday", "follow_up") for w in self.whys):
            return 0
        return max(0, self.ignored - IGNORED_GRACE_DAYS)

    @property
    def turn(self) -> int:
        """Whose turn it is: 0 for someone not shown lately or shown yesterday (a run in
        progress stays put for its grace days); else the day they were last shown, so
        the longest waiting goes first (round robin)."""
        last = self.last_shown
        if last is None or last == self.day - timedelta(days=1):
            return 0
        return last.toordinal()

    @property
    def capped(self) -> bool:
        return all(w.capped for w in self.whys)


def _prefer_call(pick: _Pick) -> bool:
    """A long gap calls for a call, not a message (Bhattacharya et al. 2016)."""
    if pick.base_kind not in ("contact", "done"):
        return False
    if pick.kind == "reconnect":
        return True
    cadence = pick.person.cadence
    threshold = max(2 * cadence, LONG_GAP_MIN_DAYS) if cadence else 2 * LONG_GAP_MIN_DAYS
    return (pick.day - pick.base).days >= threshold


class _CadenceIndex:
    """People on a cadence, grouped by (weight, cadence) and kept in baseline order: within
    a group that is already ``_cut_key`` order on any day (a longer gap never scores less,
    and ties go to the longer gap, then the id), so a day's best are the first due few of
    each group rather than everyone sorted anew."""

    def __init__(self) -> None:
        self.groups: dict[tuple[float, int], list[tuple[int, str]]] = {}
        self.rows: dict[str, tuple[float, int, int, int, int, int]] = {}

    def put(self, person: _Person) -> None:
        old = self.rows.pop(person.id, None)
        if old is not None:
            self.groups[(old[0], old[2])].remove((old[1], person.id))
        if (
            person.due_on is None
            or person.cadence is None
            or person.archived
            or person.muted
            or person.deceased
            or not person.placed
            or person.circle is Circle.DORMANT
        ):
            return
        row = (
            CIRCLE_WEIGHT[person.circle],
            person.base.toordinal(),
            person.cadence,
            person.due_on.toordinal(),
            person.snooze_until.toordinal() if person.snooze_until else 0,
            person.skip_until.toordinal() if person.skip_until else 0,
        )
        self.rows[person.id] = row
        bisect.insort(self.groups.setdefault((row[0], row[2]), []), (row[1], person.id))

    def top(self, day: date, k: int) -> list[str]:
        dn = day.toordinal()
        heads: list[tuple[float, int, str]] = []
        for (weight, cadence), members in self.groups.items():
            found = 0
            for base, pid in members:
                if base >= dn or found >= k:
                    break
                _, _, _, due, snooze, skip = self.rows[pid]
                if due <= dn and snooze <= dn and skip <= dn:
                    heads.append(
                        (-(weight * min((dn - base) / cadence, SATURATION)), base - dn, pid)
                    )
                    found += 1
        return [key[2] for key in heapq.nsmallest(k, heads)]


@dataclass(slots=True)
class _Tie:
    """A dormant tie that could be a reconnection on one of several days (a light row;
    a single day reads them as ``_FreeTie``)."""

    id: str
    field: str
    base: date
    snooze_until: date | None
    skip_until: date | None
    score: float = 0.0  # novelty: 2 for a field the active network lacks, 1 for a kind
    #: Imported and never placed: offered only when no tie the user placed is free.
    placed: bool = True

    def available(self, day: date) -> bool:
        return (
            (day - self.base).days >= RECONNECT_AFTER_DAYS
            and not (self.snooze_until and day < self.snooze_until)
            and not (self.skip_until and day < self.skip_until)
        )


def _tie_dates(row: Any) -> tuple[date, date | None, date | None]:
    """A light tie row's (baseline, snoozed until, skipped until): the row is by position
    (id, field, raw_base, done_on, snooze_until, skip_until)."""
    _, _, raw, done, snooze, skip = row
    return (
        _tie_date(max(raw, done) if done else raw) or date(1970, 1, 1),
        _tie_date(snooze) if snooze else None,
        _tie_date(skip) if skip else None,
    )


def _ties(rows: Iterable[Any], unplaced: set[str]) -> list[_Tie]:
    """Ties from light rows (``_tie_dates``), for a window of days."""
    return [
        _Tie(row[0], (row[1] or "").strip(), *_tie_dates(row), placed=row[0] not in unplaced)
        for row in rows
    ]


#: A tie free on the one day asked about: (id, field, placed). Plain tuples, as a
#: thousand dormant ties are read on every Today and making objects of them cost more
#: than the rest of the week's reconnection.
_FreeTie = tuple[str, str, bool]


def _free_ties(rows: Iterable[Any], unplaced: set[str], day: date) -> list[_FreeTie]:
    """The ties free on ``day`` (``_Tie.available``) from light rows (``_tie_dates``)."""
    floor = day - timedelta(days=RECONNECT_AFTER_DAYS)
    free: list[_FreeTie] = []
    for row in rows:
        raw, done, snooze, skip = row[2], row[3], row[4], row[5]
        if snooze or skip:
            base, snooze_day, skip_day = _tie_dates(row)
            if (snooze_day is not None and day < snooze_day) or (
                skip_day is not None and day < skip_day
            ):
                continue
        else:
            base = _tie_date(max(raw, done) if done else raw) or date(1970, 1, 1)
        if base <= floor:
            free.append((row[0], (row[1] or "").strip(), row[0] not in unplaced))
    return free


# -- the world as the engine sees it for a window of days --------------------------------------


@dataclass
class _World:
    conn: Connection
    settings: JournalSettings
    first: date
    last: date
    people: dict[str, _Person] = field(default_factory=dict)
    hooks: dict[str, list[db.DatedHook]] = field(default_factory=dict)
    first_met: dict[str, date] = field(default_factory=dict)
    #: Day -> kind -> (person id, date behind it) that may make them timely that day.
    windows: dict[date, dict[str, list[tuple[str, date, str]]]] = field(default_factory=dict)
    #: Who is on a cadence, for the daily cut (updated when a simulated "done" rebases).
    cadences: _CadenceIndex = field(default_factory=lambda: _CadenceIndex())
    ties: list[_Tie] = field(default_factory=list)
    #: One day (``first == last``): the ties free that day, light, and what scores them:
    #: the fields the active network lacks, and the network kinds each tie has that it
    #: lacks (see ``_load_ties``).
    free_ties: list[_FreeTie] = field(default_factory=list)
    free_all_placed: bool = True
    lacking_fields: set[str] = field(default_factory=set)
    having_kinds: dict[str, set[str]] = field(default_factory=dict)
    #: Whether each tie looked at has ever helped (``reminders.has_helped``).
    helpful: dict[str, bool] = field(default_factory=dict)
    settled_weeks: set[date] = field(default_factory=set)
    done_promises: set[str] = field(default_factory=set)
    #: Person id -> days (before ``first``) their suggestion was shown or made.
    shown: dict[str, list[date]] = field(default_factory=dict)

    @property
    def cap(self) -> int:
        return max(0, int(self.settings.daily_cap))

    @property
    def pool_size(self) -> int:
        # Those passed over for being ignored lately must not crowd the others out of
        # the cut: the pool grows by their number.
        return max(12, 4 * self.cap) + len(self.shown)

    def ignored(self, person: _Person, day: date, since: date | None = None) -> int:
        """Days in the window (or since ``since``) this person was shown a
        suggestion and nothing happened after (no contact, no "done")."""
        start = max(day - timedelta(days=IGNORED_WINDOW_DAYS), since or date.min)
        return sum(1 for d in self.shown.get(person.id, ()) if start <= d < day and d > person.base)

    def last_shown(self, person: _Person, day: date) -> date | None:
        """The latest day before ``day`` (in the window, since they were last in touch)
        this person's suggestion was shown."""
        start = day - timedelta(days=IGNORED_WINDOW_DAYS)
        seen = [d for d in self.shown.get(person.id, ()) if start <= d < day and d > person.base]
        return max(seen, default=None)

    def _rank(
        self,
        *,
        on: date,
        hide_on: date | None,
        limit: int | None,
        driver: str | None = None,
        exact: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> list[str]:
        return db.ranked_ids(
            self.conn,
            self.settings,
            RANKING,
            on=on,
            hide_on=hide_on,
            driver=driver,
            exact=exact,
            params=params,
            limit=limit,
        )

    def _add(self, rows: Iterable[Any]) -> None:
        for row in rows:
            if row["id"] not in self.people:
                self.people[row["id"]] = _person(row, self.settings)

    def _load_ahead(self) -> list[str]:
        """People whose last contact or "done" is dated after the first day (an entry typed
        while the computer's clock ran ahead): the ranking SQL leaves them out, as not due
        until then. They count from their latest contact on or before the first day
        instead, so a clock put right cannot hide them, or their promises, for months."""
        ids = []
        for row in db.ahead_of(self.conn, self.first):
            self.people[row["id"]] = _person(row, self.settings, as_of=self.first)
            ids.append(row["id"])
        return ids

    def _cadence_top(self, day: date) -> tuple[list[str], bool]:
        """The best ``pool_size`` people due on their cadence on ``day``: page through each
        circle's longest-out-of-touch (an index), then those with their own cadence or
        marked done lately (whose order differs), and cut as ``pool`` does. With True,
        those picked from light rows are not read whole yet: the caller reads them with
        the day's other candidates (a statement less) and keeps those ``cadence_due``."""
        k = self.pool_size
        exact = RANKING.cadence_due_sql()
        if self.settings.learn_cadence:  # cadences differ person by person: rank them all
            ranked = db.ranked_ids(
                self.conn,
                self.settings,
                RANKING,
                on=day,
                hide_on=day,
                limit=k,
                exact=exact,
            )
            return ranked, False
        # Each circle's pages are read light (``_light_due``): only the few that make the
        # cut are read whole, below.
        keyed: dict[str, tuple[float, int, str]] = {}
        for circle in (Circle.INNER, Circle.CLOSE, Circle.NETWORK, Circle.ACQUAINTANCE):
            cadence = self.settings.cadence_days.get(circle)
            if not cadence:
                continue
            cutoff = day - timedelta(days=_eligible_low(int(cadence)))
            count, after, page = 0, None, k + 4
            while count < k:
                rows = db.circle_by_base(self.conn, circle, cutoff, after, page, light=True)
                for row in rows:
                    if stored_date(row["raw_base"]) is None:  # not a date: the whole row
                        self._add(db.person_rows(self.conn, [row["id"]]))
                        person = self.people[row["id"]]
                        due = person.base_kind != "done" and person.cadence_due(day)
                        key = _cut_key(person, day) if due else None
                    else:
                        key = _light_due(row, circle, int(cadence), day)
                    if key is not None:
                        keyed[row["id"]] = key
                        count += 1
                if len(rows) < page:
                    break
                after = (rows[-1]["raw_base"], rows[-1]["id"])
        # Those on their own cadence and those marked done, ranked together: the best k
        # of both are the best k of each, cut again below (one statement, not two).
        ids = self._rank(on=day, hide_on=day, limit=k, driver=db.OWN_OR_DONE, exact=exact)
        self._add(db.person_rows(self.conn, [pid for pid in ids if pid not in self.people]))
        for pid in dict.fromkeys(ids):
            person = self.people[pid]
            if person.cadence_due(day):
                keyed[pid] = _cut_key(person, day)
        return [key[2] for key in heapq.nsmallest(k, keyed.values())], True

    @classmethod
    def load(cls, conn: Connection, settings: JournalSettings, first: date, last: date) -> _World:
        """Read who could come up on days ``first``..``last``."""
        world = cls(conn, settings, first, last)
        world.shown = db.shown_days(
            conn, first - timedelta(days=IGNORED_WINDOW_DAYS), first - timedelta(days=1)
        )
        if first == last:
            world._load_day(first)
        else:
            world._load_range(first, last)
        world._load_ties()
        return world

    def _load_day(self, day: date) -> None:
        """One day: each kind of candidate that competes for the cap is ranked and cut to
        the pool size exactly as ``pool`` cuts it, the rest are few; only those people's
        rows and hooks are read, however large the journal."""
        k = self.pool_size
        iso = day.isoformat

        def rank(
            limit: int | None, driver: str, exact: str | None = None, **params: Any
        ) -> list[str]:
            return self._rank(
                on=day, hide_on=day, limit=limit, driver=driver, exact=exact, params=params
            )

        cadence_ids, check = self._cadence_top(day)
        ids = list(cadence_ids)
        stale = day - timedelta(days=PROMISE_STALE_DAYS)
        grace = day - timedelta(days=PROMISE_GRACE_DAYS)
        ids += rank(
            k,
            db.PROMISES_DUE,
            promise_first=stale.isoformat(),
            promise_last=(grace - timedelta(days=1)).isoformat(),
        )
        ids += rank(None, db.PROMISES_DUE, promise_first=grace.isoformat(), promise_last=iso())
        ids += rank(
            k,
            db.THREADS_DUE,
            db.THREAD_EXACT,
            thread_last=iso(),
            thread_first=(day - timedelta(days=THREAD_WINDOW_DAYS)).isoformat(),
        )
        birthdays = db.birthdays_driver(
            _birthday_days(day, day + timedelta(days=BIRTHDAY_NOTICE_DAYS))
        )
        ids += self._birthdays(day, birthdays, k)
        codes = [
            f"{m:02d}-{d:02d}"
            for m, d, _ in _birthday_days(day, day + timedelta(days=ANNIVERSARY_NOTICE_DAYS))
        ]
        ids += rank(None, db.LIFE_EVENTS_DUE, month_days=json.dumps(codes))
        self.first_met = db.recently_met(
            self.conn, day - timedelta(days=FIRST_MEETING_DAYS), day - timedelta(days=1)
        )
        if self.first_met:  # most days nobody (a statement costs ~80 us even empty)
            ids += rank(None, db.IDS, ids=json.dumps(sorted(self.first_met)))
        pool = list(dict.fromkeys(ids))
        self._add(db.person_rows(self.conn, [pid for pid in pool if pid not in self.people]))
        if check and (
            drop := {pid for pid in cadence_ids if not self.people[pid].cadence_due(day)}
        ):  # read light as due, read whole as not (a stored value the light check missed)
            rest = ids[len(cadence_ids) :]
            pool = list(dict.fromkeys([pid for pid in cadence_ids if pid not in drop] + rest))
        pool += [pid for pid in self._load_ahead() if pid not in pool]
        self.first_met = {pid: d for pid, d in self.first_met.items() if pid in self.people}
        self._load_hooks(pool)
        self._index_windows()

    def _birthdays(self, day: date, driver: str, k: int) -> list[str]:
        """Birthdays that compete for the cap, cut to the best ``k``, then those always
        shown: one statement reads both (a few dozen rows), Python cuts them, the same
        cut ``ranked_ids`` makes (``Ranking.top``)."""
        rows = db.ranked_rows(
            self.conn,
            self.settings,
            RANKING,
            on=day,
            hide_on=day,
            driver=driver,
            exact=f"({_BIRTHDAY_CAPPED}) OR ({_BIRTHDAY_UNCAPPED})",
        )
        on_day, acquaintance = db.day_number(day), db.CIRCLE_CODES[Circle.ACQUAINTANCE]
        # Mirrors _BIRTHDAY_CAPPED and _BIRTHDAY_UNCAPPED on (id, code, cadence,
        # base_day, hook_day).
        capped = [
            r
            for r in rows
            if (r[4] == on_day and r[1] == acquaintance)
            or (r[4] > on_day and r[3] < r[4] - BIRTHDAY_NOTICE_DAYS)
        ]
        uncapped = [r for r in rows if r[4] == on_day and r[1] < acquaintance]
        return RANKING.top(capped, on_day, k) + RANKING.top(uncapped, on_day, None)

    def _load_range(self, first: date, last: date) -> None:
        """Several days (``upcoming``): everyone who could come up in the window."""
        ids = self._rank(on=last, hide_on=None, limit=None, exact=RANKING.cadence_due_sql())
        ids += self._rank(
            on=last,
            hide_on=None,
            limit=None,
            driver=db.PROMISES_DUE,
            params={
                "promise_first": (first - timedelta(days=PROMISE_STALE_DAYS)).isoformat(),
                "promise_last": last.isoformat(),
            },
        )
        ids += self._rank(
            on=last,
            hide_on=None,
            limit=None,
            driver=db.THREADS_DUE,
            params={
                "thread_first": (first - timedelta(days=THREAD_WINDOW_DAYS)).isoformat(),
                "thread_last": last.isoformat(),
            },
        )
        notice = max(BIRTHDAY_NOTICE_DAYS, ANNIVERSARY_NOTICE_DAYS)
        days = _birthday_days(first, last + timedelta(days=notice))
        ids += self._rank(on=last, hide_on=None, limit=None, driver=db.birthdays_driver(days))
        ids += self._rank(
            on=last,
            hide_on=None,
            limit=None,
            driver=db.LIFE_EVENTS_DUE,
            params={"month_days": json.dumps(sorted({f"{m:02d}-{d:02d}" for m, d, _ in days}))},
        )
        self.first_met = db.recently_met(
            self.conn, first - timedelta(days=FIRST_MEETING_DAYS), last - timedelta(days=1)
        )
        ids += self._rank(
            on=last,
            hide_on=None,
            limit=None,
            driver=db.IDS,
            params={"ids": json.dumps(sorted(self.first_met))},
        )
        ids = list(dict.fromkeys(ids))
        self._add(db.person_rows(self.conn, [pid for pid in ids if pid not in self.people]))
        self._load_ahead()
        self.first_met = {pid: d for pid, d in self.first_met.items() if pid in self.people}
        self._load_hooks(list(self.people))
        self._index_windows()

    def _load_hooks(self, ids: Sequence[str]) -> None:
        for hook in db.hooks_for(
            self.conn,
            ids,
            promises=(self.first - timedelta(days=PROMISE_STALE_DAYS), self.last),
            threads=(self.first - timedelta(days=THREAD_WINDOW_DAYS), self.last),
        ):
            self.hooks.setdefault(hook.person_id, []).append(hook)

    def _index_windows(self) -> None:
        """For each day, who may have a dated reason then, by kind (so a 90-day plan does
        not evaluate every person every day), and the cadence rows for the daily cut."""
        entries: list[tuple[str, str, date, date, date, str]] = []
        for pid, hooks in self.hooks.items():
            for hook in hooks:
                if hook.kind == "follow_up":
                    entries.append(
                        (
                            "follow_up",
                            pid,
                            hook.on,
                            hook.on,
                            hook.on + timedelta(days=PROMISE_STALE_DAYS),
                            hook.source_id,
                        )
                    )
                elif hook.kind == "thread":
                    entries.append(
                        (
                            "thread",
                            pid,
                            hook.on,
                            hook.on,
                            hook.on + timedelta(days=THREAD_WINDOW_DAYS),
                            hook.source_id,
                        )
                    )
                else:
                    for year in range(self.first.year, self.last.year + 2):
                        if year > hook.on.year:
                            on = _anniversary_on(hook.on, date(year, 1, 1))
                            entries.append(
                                (
                                    "life_event",
                                    pid,
                                    on,
                                    on - timedelta(days=ANNIVERSARY_NOTICE_DAYS),
                                    on,
                                    hook.source_id,
                                )
                            )
        for pid, person in self.people.items():
            if person.birthday is not None:
                on = person.birthday.next_after(self.first)
                while on <= self.last + timedelta(days=BIRTHDAY_NOTICE_DAYS):
                    entries.append(
                        ("birthday", pid, on, on - timedelta(days=BIRTHDAY_NOTICE_DAYS), on, pid)
                    )
                    on = person.birthday.next_after(on + timedelta(days=1))
        for pid, met in self.first_met.items():
            entries.append(
                (
                    "first_meeting",
                    pid,
                    met,
                    met + timedelta(days=1),
                    met + timedelta(days=FIRST_MEETING_DAYS),
                    pid,
                )
            )
        if self.first == self.last:  # one day (``today``): no list of days per window
            only = self.first
            kinds: dict[str, list[tuple[str, date, str]]] = {}
            for kind, pid, on, start, end, source in entries:
                if start <= only <= end:
                    kinds.setdefault(kind, []).append((pid, on, source))
            if kinds:
                self.windows[only] = kinds
        else:
            for kind, pid, on, start, end, source in entries:
                for day in _days(max(start, self.first), min(end, self.last)):
                    self.windows.setdefault(day, {}).setdefault(kind, []).append((pid, on, source))
        for person in self.people.values():
            self.cadences.put(person)

    def _load_ties(self) -> None:
        weeks = sorted({_monday(d) for d in _days(self.first, self.last)})
        if db.reconnect_settled(self.conn, self.settings, weeks[0], self.first):
            self.settled_weeks.add(weeks[0])
        if all(w in self.settled_weeks for w in weeks):
            return
        cutoff = self.last - timedelta(days=RECONNECT_AFTER_DAYS)
        rows = db.reconnect_pool(self.conn, self.settings, cutoff)
        seen = {r[0] for r in rows}
        unplaced = [r for r in db.unplaced_pool(self.conn, cutoff) if r[0] not in seen]
        unplaced_ids = {r[0] for r in unplaced}
        rows += unplaced
        one_day = self.first == self.last
        if one_day:  # only who is free that day can be picked
            free = _free_ties(rows, unplaced_ids, self.first)
            tie_ids, tie_fields = [t[0] for t in free], {t[1] for t in free if t[1]}
        else:
            ties = _ties(rows, unplaced_ids)
            tie_ids, tie_fields = [t.id for t in ties], {t.field for t in ties if t.field}
        if not tie_ids:
            return
        since = self.first - timedelta(days=RECONNECT_AFTER_DAYS)
        fields = db.active_fields(self.conn, tie_fields, since)
        folded = {f.casefold() for f in fields}
        # Decided once per field, not once per tie (a thousand ties share a dozen fields).
        lacking = {f for f in tie_fields if f not in fields and f.casefold() not in folded}
        missing = sorted(
            {"operational", "personal", "strategic"} - db.active_kinds(self.conn, since)
        )
        self.lacking_fields = lacking
        self.having_kinds = db.having_kinds(self.conn, tie_ids, missing)
        if one_day:
            self.free_ties, self.free_all_placed = free, not unplaced_ids
            return
        for tie in ties if lacking or self.having_kinds else ():
            tie.score = self._novelty(tie.id, tie.field)[0]
        self.ties = ties

    def _novelty(self, pid: str, tie_field: str) -> tuple[float, tuple[str, str] | None]:
        """A tie's score (2 for a field the active network lacks, 1 for a network kind it
        lacks) and what it would bring."""
        score, lacking = 0.0, None
        if tie_field in self.lacking_fields:
            score, lacking = 2.0, ("field", tie_field)
        if self.having_kinds and pid in self.having_kinds:
            score += 1.0
            lacking = lacking or ("network", sorted(self.having_kinds[pid])[0])
        return score, lacking

    def person(self, pid: str) -> _Person:
        if pid not in self.people:
            for row in db.person_rows(self.conn, [pid]):
                self.people[pid] = _person(row, self.settings)
        return self.people[pid]

    # planning one day --------------------------------------------------------------------

    def candidates(self, day: date) -> dict[str, list[Why]]:
        """Every loaded person with a reason on ``day``, before any cut."""
        out: dict[str, list[Why]] = {}
        for pid, person in self.people.items():
            whys = _whys(
                person, day, self.hooks.get(pid, ()), self.first_met.get(pid), self.done_promises
            )
            if whys:
                out[pid] = whys
        return out

    def pool(self, day: date) -> dict[str, list[Why]]:
        """The candidates a day picks from: for each kind that competes for the cap
        (cadence, overdue promises, threads, birthday notices) the best ``pool_size`` by
        ``_cut_key``, and everyone with another reason. The SQL of ``_load_day`` makes
        the same cuts, so ``today`` reads only these people."""
        k = self.pool_size
        chosen = set(self.cadences.top(day, k))
        windows = self.windows.get(day, {})

        def visible(pid: str) -> _Person | None:
            person = self.people[pid]
            if person.hidden(day) or person.circle is Circle.DORMANT or person.base >= day:
                return None
            return person

        def best(pids: set[str]) -> set[str]:
            return set(heapq.nsmallest(k, pids, key=lambda pid: _cut_key(self.people[pid], day)))

        overdue: set[str] = set()
        thread: set[str] = set()
        noticed: set[str] = set()
        for pid, on, source in windows.get("follow_up", ()):
            if source in self.done_promises or visible(pid) is None:
                continue
            late = (day - on).days
            if 0 <= late <= PROMISE_GRACE_DAYS:
                chosen.add(pid)
            elif PROMISE_GRACE_DAYS < late <= PROMISE_STALE_DAYS:
                overdue.add(pid)
        for pid, on, _ in windows.get("thread", ()):
            person = visible(pid)
            if (
                person is not None
                and 0 <= (day - on).days <= THREAD_WINDOW_DAYS
                and person.base < on
            ):
                thread.add(pid)
        for pid, on, _ in windows.get("birthday", ()):
            person = visible(pid)
            if person is None:
                continue
            if on == day:
                (noticed if not _birthday_uncapped(person) else chosen).add(pid)
            elif person.base < on - timedelta(days=BIRTHDAY_NOTICE_DAYS):
                noticed.add(pid)
        chosen |= best(overdue) | best(thread) | best(noticed)
        chosen |= {
            pid for kind in ("life_event", "first_meeting") for pid, _, _ in windows.get(kind, ())
        }
        out: dict[str, list[Why]] = {}
        for pid in sorted(chosen):
            whys = _whys(
                self.people[pid],
                day,
                self.hooks.get(pid, ()),
                self.first_met.get(pid),
                self.done_promises,
            )
            if whys:
                out[pid] = whys
        return out

    def plan_day(self, day: date) -> list[_Pick]:
        uncapped: list[_Pick] = []
        capped: list[_Pick] = []
        for pid, whys in self.pool(day).items():
            person = self.people[pid]
            pick = _Pick(
                person,
                day,
                tuple(whys),
                _score(person, day, whys),
                person.base,
                person.base_kind,
                frozenset(self.done_promises),
                ignored=self.ignored(person, day),
                last_shown=self.last_shown(person, day),
            )
            (capped if pick.capped else uncapped).append(pick)
        uncapped.sort(
            key=lambda k: (KINDS.index(k.kind), k.whys[0].on, k.person.name.lower(), k.person.id)
        )
        reconnect = self._reconnect(day, {k.person.id for k in uncapped + capped})
        slots = self.cap
        if reconnect is not None:
            if slots >= 2 or (slots == 1 and not capped):
                slots -= 1
            else:
                reconnect = None
        chosen = _diverse(capped, slots)
        if reconnect is not None:
            chosen.append(reconnect)
        return uncapped + chosen

    def _reconnect(self, day: date, taken: set[str]) -> _Pick | None:
        """The week's dormant tie: the most novel (a field or network kind the active
        network lacks), then one who has helped before, then a hash of person and week.
        Whether someone helped is looked up lazily, best first, until nobody left could
        beat the best found."""
        monday = _monday(day)
        if monday in self.settled_weeks:
            return None
        week = monday.isoformat()
        # (id, score, placed, field) of each tie free today and not already suggested.
        free: list[tuple[str, float, bool, str]]
        # Most days every tie is placed and none is more novel than another: nothing to
        # sort out before the hash order (a pass over a thousand ties less, or two).
        uniform = False
        if self.first == self.last == day:  # ``_load_ties`` kept who is free today
            novel = self.lacking_fields or self.having_kinds
            free = [
                (pid, self._novelty(pid, tie_field)[0] if novel else 0.0, placed, tie_field)
                for pid, tie_field, placed in self.free_ties
                if pid not in taken
            ]
            uniform = not novel and self.free_all_placed
        else:
            free = [
                (t.id, t.score, t.placed, t.field)
                for t in self.ties
                if t.available(day) and t.id not in taken
            ]
        # Someone the user placed (a dormant tie) before a stranger from an address book.
        if not uniform and not all(t[2] for t in free):
            free = [t for t in free if t[2]] or free
        if not free:
            return None
        # A lower tier cannot beat the top one (help adds 0.5 < 1).
        top = 0.0 if uniform else max(t[1] for t in free)
        tier = [t for t in free if t[1] == top] if top else free
        crc32 = zlib.crc32  # ``_hash2(id, week)`` inline: it runs for a thousand ties
        # Highest hash first (the first of equals first), taken from a heap one at a time:
        # the walk below mostly stops after one or two of a thousand.
        order = [(-crc32(f"{t[0]}|{week}".encode()), i) for i, t in enumerate(tier)]
        heapq.heapify(order)
        best: tuple[tuple[float, int], tuple[str, float, bool, str]] | None = None
        while order:
            minus_hash, i = heapq.heappop(order)
            tie_hash, tie = -minus_hash, tier[i]
            if best is not None and best[0] >= (tie[1] + 0.5, tie_hash):
                break
            helpful = self.helpful.get(tie[0])
            if helpful is None:
                helpful = self.helpful[tie[0]] = db.has_helped(self.conn, tie[0])
            key = (tie[1] + (0.5 if helpful else 0.0), tie_hash)
            if best is None or key > best[0]:
                best = (key, tie)
        if best is None:
            return None
        pid, _, _, tie_field = best[1]
        person = self.person(pid)
        if self.ignored(person, day, since=monday) > IGNORED_GRACE_DAYS:
            # Shown for days this week and left alone: the slot goes back to the others
            # this week, and next week's tie is another one.
            return None
        return _Pick(
            person,
            day,
            (Why("reconnect", person.base, person.id),),
            best[0][0],
            person.base,
            person.base_kind,
            frozenset(self.done_promises),
            self._novelty(pid, tie_field)[1],
        )

    def apply_done(self, picks: Sequence[_Pick]) -> None:
        """Simulate the user doing each pick on its day (for ``upcoming``)."""
        for pick in picks:
            pick.person.rebase(pick.day, "done")
            self.cadences.put(pick.person)
            for why in pick.whys:
                if why.kind == "follow_up" and why.source_id:
                    self.done_promises.add(why.source_id)
            if pick.kind == "reconnect":
                self.settled_weeks.add(_monday(pick.day))
                for tie in self.ties:
                    if tie.id == pick.person.id:
                        tie.base = pick.day


def _score(person: _Person, day: date, whys: Sequence[Why]) -> float:
    return -_cut_key(person, day)[0] + max(w.bonus for w in whys)


def _diverse(candidates: list[_Pick], slots: int) -> list[_Pick]:
    """Greedy picks; after each, others sharing its field or organisation count less.

    Fair turns first: anyone ignored for more than the grace days waits behind everyone
    fresher, so suggestions nobody acts on rotate; then what will not wait (a promise,
    a first meeting, a birthday today) goes ahead of the old backlog; then whoever has
    waited longest since last shown (never shown lately counts as longest)."""
    chosen: list[_Pick] = []
    if slots <= 0:
        return chosen
    # What does not change as picks are made, worked out once per candidate (the day's
    # pool holds dozens, each looked at once per slot).
    fixed = {
        id(pick): (
            pick.rested,
            not pick.time_limited,
            pick.turn,
            pick.person.field_key,
            pick.person.org_key,
            -(pick.day - pick.base).days,
        )
        for pick in candidates
    }

    def adjusted(
        pick: _Pick, taken: list[tuple[str, str]]
    ) -> tuple[int, bool, int, float, int, str]:
        rested, waits, turn, field_key, org_key, gap = fixed[id(pick)]
        shared = sum(
            1
            for c_field, c_org in taken
            if (field_key and field_key == c_field) or (org_key and org_key == c_org)
        )
        score = pick.score - DIVERSITY_PENALTY * shared
        return (rested, waits, turn, -round(score, 9), gap, pick.person.id)

    remaining = list(candidates)
    while remaining and len(chosen) < slots:
        taken = [(c.person.field_key, c.person.org_key) for c in chosen]
        keys = [adjusted(pick, taken) for pick in remaining]
        chosen.append(remaining.pop(keys.index(min(keys))))
    return chosen


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _birthday_days(first: date, last: date) -> list[tuple[int, int, int]]:
    """(month, day, day number) for each date in [first, last] (a year at most): the
    dates a birthday or anniversary could fall on. 29 Feb is looked for on 28 Feb in
    other years, as ``Birthday.next_after`` does."""
    out = []
    for day in _days(first, min(last, first + timedelta(days=365))):
        out.append((day.month, day.day, db.day_number(day)))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            out.append((2, 29, db.day_number(day)))
    return out


#: Birthdays that compete for the cap (an acquaintance's on the day, anyone's notice) and
#: those always shown (the closer circles' on the day); mirrors ``_whys``.
_BIRTHDAY_CAPPED = (
    f"((hook_day = :on_day AND code = {db.CIRCLE_CODES[Circle.ACQUAINTANCE]}) "
    f"OR (hook_day > :on_day AND base_day < hook_day - {BIRTHDAY_NOTICE_DAYS}))"
)
_BIRTHDAY_UNCAPPED = f"hook_day = :on_day AND code < {db.CIRCLE_CODES[Circle.ACQUAINTANCE]}"


# -- from picks to suggestions ----------------------------------------------------------------


def _render(world: _World, picks: Sequence[_Pick]) -> list[Suggestion]:
    conn = world.conn
    ids = list(dict.fromkeys(p.person.id for p in picks))
    if not ids:
        return []
    facets: dict[str, list[Facet]] = {}
    for row in db.facets_of(conn, ids):
        facets.setdefault(row["person_id"], []).append(facet_from_row(row))
    promises: dict[str, list[Promise]] = {}
    for row in db.open_promises(conn, ids):
        promises.setdefault(row["person_id"], []).append(
            Promise(
                row["id"],
                row["text"],
                date_from_db(row["promised_on"]),
                date_from_db(row["due_on"]),
            )
        )
    earliest = min(p.day for p in picks) - timedelta(days=GIVE_FIRST_DAYS)
    ledger: dict[str, list[LedgerItem]] = {}
    for row in db.ledger_since(conn, ids, earliest):
        ledger.setdefault(row["person_id"], []).append(ledger_from_row(row))
    firsts = {
        p.person.id: world.first_met[p.person.id]
        for p in picks
        if p.kind == "first_meeting" and p.person.id in world.first_met
    }
    first_entries = db.first_entries(conn, firsts)
    relatives = family_hooks(conn, ids)
    # Only a general check-in looks past promises and dates for a hook: the latest entry
    # and the last hook are read for those few, not for every birthday and promise.
    general = list(dict.fromkeys(p.person.id for p in picks if p.kind in _GENERAL_KINDS))
    latest = db.latest_entries(conn, general)
    before = min(p.day for p in picks)
    last_hooks = db.last_hooks(conn, general, before)
    return [
        _suggestion(
            pick,
            facets.get(pick.person.id, []),
            promises.get(pick.person.id, []),
            ledger.get(pick.person.id, []),
            first_entries.get(pick.person.id),
            tuple(relatives.get(pick.person.id, ())),
            latest.get(pick.person.id),
            last_hooks.get(pick.person.id),
        )
        for pick in picks
    ]


#: Kinds whose wording may fall back on the best known hook (``phrasing.best_hook``).
_GENERAL_KINDS = frozenset({"cadence", "reconnect", "thread", "anniversary"})


def _suggestion(
    pick: _Pick,
    facets: list[Facet],
    promises: list[Promise],
    ledger: list[LedgerItem],
    first_entry: tuple[str, str] | None,
    relatives: tuple[FamilyHook, ...] = (),
    latest_entry: tuple[date, str, str] | None = None,
    last_hook: str | None = None,
) -> Suggestion:
    day = pick.day
    person = pick.person
    since = day - timedelta(days=GIVE_FIRST_DAYS)
    items = [i for i in ledger if i.occurred_on and since <= i.occurred_on <= day]
    profile = Profile(
        person_id=person.id,
        name=person.name,
        first_name=person.first_name,
        organisation=person.organisation,
        field=person.field,
        birthday=person.birthday,
        facets=tuple(f for f in facets if f.mention_ok),
        promises=tuple(p for p in promises if p.id not in pick.done_promises),
        received=tuple(i for i in items if i.direction is Direction.RECEIVED),
        given=tuple(i for i in items if i.direction is Direction.GIVEN),
        relatives=relatives,
        pronouns=person.pronouns,
        latest_entry=latest_entry if latest_entry and latest_entry[0] <= day else None,
        avoid=frozenset({last_hook}) if last_hook else frozenset(),
    )
    prefer_call = _prefer_call(pick)
    lacking_kind, lacking = pick.lacking or (None, None)
    situation = Situation(
        day=day,
        whys=pick.whys,
        base=pick.base,
        base_kind=pick.base_kind,
        cadence=person.cadence,
        cadence_source=person.cadence_source,
        prefer_call=prefer_call,
        first_meeting_kind=first_entry[0] if first_entry else None,
        first_meeting_entry=first_entry[1] if first_entry else None,
        lacking=lacking,
        lacking_kind=lacking_kind,
    )
    wording = phrasing.compose(profile, situation)
    return Suggestion(
        id=suggestion_id(person.id, pick.kind, day),
        person_id=person.id,
        person_name=person.name,
        kind=pick.kind,
        action=wording.action,
        reason=wording.reason,
        facts=wording.facts,
        priority=round(pick.score + (0.0 if pick.capped else 100.0), 6),
        capped=pick.capped,
        prefer_call=prefer_call,
        give_first=wording.give_first,
        due_on=day,
        offer_longer_cadence=person.offer if person.cadence else None,
        triggers=tuple(dict.fromkeys(w.kind for w in pick.whys)),
        hook=wording.hook,
    )


# -- the API ------------------------------------------------------------------------------------


def today(journal: Journal, on: date | None = None, *, record: bool = False) -> list[Suggestion]:
    """The day's check-ins: promises due and birthdays first (uncapped), then up to the
    daily cap of the rest. ``record`` logs them as suggested for that day."""
    day = on or journal.clock.today()
    suggestions = list(_remembered(journal, "today", day, lambda: _today(journal, day)))
    if record:
        _log_all(journal, suggestions, "suggested")
    return suggestions


def _today(journal: Journal, on: date) -> list[Suggestion]:
    settings = journal.settings()
    _refresh_learned(journal, settings)
    with journal.store.reading() as conn, _snapshot(conn):
        world = _World.load(conn, settings, on, on)
        return _render(world, world.plan_day(on))


@contextlib.contextmanager
def _snapshot(conn: Connection) -> Iterator[None]:
    """Read in one transaction (unless already in one): one consistent state of the
    journal for the whole day's answer, and SQLite takes its read lock once instead of
    once for each of the day's thirty-odd statements."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        # Only reads happened: ending the transaction must not hide what went wrong.
        with contextlib.suppress(DatabaseError):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise
    if conn.in_transaction:
        conn.execute("COMMIT")


def introduction(journal: Journal, on: date | None = None) -> Introduction | None:
    """This week's "Who should meet?" (at most one a week, shown beside the day's
    check-ins, never a notification of its own): see ``introductions.for_today``. Kept
    out of ``today`` so the check-ins stay fast on a large journal (matching needs and
    offers reads everyone's facts once per process)."""
    from journal.core import introductions

    return introductions.for_today(journal, on)


def upcoming(journal: Journal, days: int = 90, start: date | None = None) -> list[Suggestion]:
    """Check-ins planned for each of the next ``days`` days from ``start`` (default today),
    assuming each is done on its day; ordered by ``due_on``, then as ``today`` orders."""
    start = start or journal.clock.today()
    if days <= 0:
        return []
    last = start + timedelta(days=days - 1)
    settings = journal.settings()
    _refresh_learned(journal, settings)
    with journal.store.reading() as conn:
        world = _World.load(conn, settings, start, last)
        picks: list[_Pick] = []
        for day in _days(start, last):
            planned = world.plan_day(day)
            picks.extend(planned)
            world.apply_done(planned)
        return _render(world, picks)


def due_person_ids(journal: Journal, on: date | None = None) -> set[str]:
    """Everyone with a reason to be in touch on ``on`` (before the daily cap), for the
    People list's "due" filter. The week's reconnection is not "due"."""
    day = on or journal.clock.today()
    return set(_remembered(journal, "due", day, lambda: _due_person_ids(journal, day)))


def _due_person_ids(journal: Journal, on: date) -> frozenset[str]:
    settings = journal.settings()
    _refresh_learned(journal, settings)
    with journal.store.reading() as conn:
        world = _World(conn, settings, on, on)
        due = set(world._rank(on=on, hide_on=on, limit=None, exact=RANKING.cadence_due_sql()))
        due.update(
            world._rank(
                on=on,
                hide_on=on,
                limit=None,
                driver=db.PROMISES_DUE,
                params={
                    "promise_first": (on - timedelta(days=PROMISE_STALE_DAYS)).isoformat(),
                    "promise_last": on.isoformat(),
                },
            )
        )
        due.update(
            world._rank(
                on=on,
                hide_on=on,
                limit=None,
                driver=db.THREADS_DUE,
                exact=db.THREAD_EXACT,
                params={
                    "thread_first": (on - timedelta(days=THREAD_WINDOW_DAYS)).isoformat(),
                    "thread_last": on.isoformat(),
                },
            )
        )
        birthdays = db.birthdays_driver(
            _birthday_days(on, on + timedelta(days=BIRTHDAY_NOTICE_DAYS))
        )
        for exact in (_BIRTHDAY_CAPPED, _BIRTHDAY_UNCAPPED):
            due.update(world._rank(on=on, hide_on=on, limit=None, driver=birthdays, exact=exact))
        codes = [
            f"{m:02d}-{d:02d}"
            for m, d, _ in _birthday_days(on, on + timedelta(days=ANNIVERSARY_NOTICE_DAYS))
        ]
        ids = world._rank(
            on=on,
            hide_on=on,
            limit=None,
            driver=db.LIFE_EVENTS_DUE,
            params={"month_days": json.dumps(codes)},
        )
        world.first_met = db.recently_met(
            conn, on - timedelta(days=FIRST_MEETING_DAYS), on - timedelta(days=1)
        )
        ids += [pid for pid in world.first_met if pid not in due]
        world._add(db.person_rows(conn, ids))
        ids = list(dict.fromkeys(ids + world._load_ahead()))
        world._load_hooks(ids)
        due |= set(world.candidates(on))
    return frozenset(due)


def next_check_in(journal: Journal, person_id: str) -> tuple[date | None, str]:
    """When this person will next come up, and why (for their page). Today's date means
    they are due now, even if today's cap left them out."""
    on = journal.clock.today()
    settings = journal.settings()
    _refresh_learned(journal, settings)
    horizon = on + timedelta(days=NEXT_CHECK_IN_HORIZON)
    with journal.store.reading() as conn:
        row = db.person_row(conn, person_id)
        if row is None:
            raise NotFound("That person is not in the journal.")
        ahead = db.ahead_of(conn, on, person_id)
        person = _person(ahead[0], settings, as_of=on) if ahead else _person(row, settings)
        if person.deceased:
            died = date_from_db(row["deceased_on"])
            when_ = f" on {phrasing.short_date(died, on)}" if died else ""
            return None, f"Died{when_}: no check-in suggestions or birthday reminders."
        if person.archived:
            return None, "Archived: no check-in suggestions."
        if person.muted:
            return None, "Muted: no check-in suggestions until you unmute them."
        if person.circle is Circle.DORMANT:
            return None, (
                "Dormant: no regular check-ins; this person may come up as the week's reconnection."
            )
        if not person.placed:
            return None, (
                "Imported, not yet placed: no regular check-ins until you give them a circle "
                "or log a contact; the week's reconnection may suggest them."
            )
        hooks = db.hooks_for(
            conn,
            [person_id],
            promises=(on - timedelta(days=PROMISE_STALE_DAYS), horizon),
            threads=(on - timedelta(days=THREAD_WINDOW_DAYS), horizon),
        )
        first_met = db.recently_met(
            conn, on - timedelta(days=FIRST_MEETING_DAYS), horizon, person_id
        ).get(person_id)
        for day in _days(on, horizon):
            whys = _whys(person, day, hooks, first_met)
            if whys:
                break
        else:
            return None, _nothing_due(person)
        if day == on:
            world = _World(conn, settings, on, on, people={person.id: person})
            world.first_met = {person.id: first_met} if first_met else {}
            pick = _Pick(person, on, tuple(whys), 0.0, person.base, person.base_kind)
            return on, _render(world, [pick])[0].reason
    return day, _future_reason(person, day, whys[0], on)


def _nothing_due(person: _Person) -> str:
    if person.cadence is None:
        return "No regular check-ins for this circle, and no dates coming up."
    return "Nothing scheduled."


def _future_reason(person: _Person, day: date, why: Why, today_: date) -> str:
    d = phrasing.short_date
    prefix = ""
    if person.snooze_until and person.snooze_until > today_:
        prefix = f"Snoozed until {d(person.snooze_until, today_)}. "
    elif person.skip_until and person.skip_until > today_:
        prefix = f"Skipped until {d(person.skip_until, today_)}. "
    if why.kind == "cadence":
        aim = "you usually talk about" if person.cadence_source == "learned" else "you aim for"
        rhythm = every(person.cadence or 0)  # set whenever the reason is the cadence
        text = f"{aim} {rhythm}, and you were last in touch on {d(person.base, today_)}."
        if person.base_kind in ("met", "added"):
            text = f"{aim} {rhythm}, counted from {d(person.base, today_)}."
    elif why.kind == "birthday":
        # The date is said once: "Due on Friday (27 Nov): their birthday."
        their = phrasing.pronouns_from(person.pronouns).possessive
        text = f"{their} birthday." if why.on == day else f"birthday on {d(why.on, today_)}."
    elif why.kind == "follow_up":
        text = (
            "a promise falls due." if why.on == day else f"a promise is due on {d(why.on, today_)}."
        )
    elif why.kind == "thread":
        they_are = phrasing.pronouns_from(person.pronouns).are
        text = f"time to ask again about what {they_are} working on."
    elif why.kind == "anniversary":
        text = "an anniversary." if why.on == day else f"an anniversary on {d(why.on, today_)}."
    else:
        text = "a follow-up after your first meeting."
    return f"{prefix}Due {phrasing.when(day, today_)}: {text}"


def act(journal: Journal, suggestion: Suggestion, action: str, until: date | None = None) -> None:
    """Do what the user chose with a suggestion, in one transaction, and log it.

    done: counts as being in touch today and completes the promises it named; snooze:
    hidden until ``until`` (default a week); skip: hidden for half a cadence, and the
    third in a row offers a longer cadence; mute/unmute: all suggestions off/on.
    """
    if action not in ACTIONS:
        raise InvalidInput(f"Unknown action {action!r}: use one of {', '.join(ACTIONS)}.")
    on = journal.clock.today()
    now = stamp(journal.clock)
    settings = journal.settings()
    with journal.transaction() as conn:
        row = db.person_row(conn, suggestion.person_id)
        if row is None:
            raise NotFound("That person is no longer in the journal.")
        person = _person(row, settings)
        detail = ""
        if action == "done":
            # Getting in touch with someone imported places them, as logging a contact does.
            conn.execute("UPDATE people SET placed = 1 WHERE id = ? AND placed = 0", (person.id,))
            db.update_state(
                conn,
                person.id,
                now,
                done_on=on.isoformat(),
                snooze_until=None,
                skip_until=None,
                skip_streak=0,
                offer_cadence_days=None,
            )
            open_ids = {r["id"] for r in db.open_promises(conn, [person.id])}
            for fact in suggestion.facts:
                if fact.kind == "promise" and fact.source_id and fact.source_id in open_ids:
                    journal.complete_follow_up(fact.source_id, on)
        elif action == "snooze":
            until = until or on + timedelta(days=7)
            if until <= on:
                raise InvalidInput("Snooze until a day after today.")
            db.update_state(conn, person.id, now, snooze_until=until.isoformat())
        elif action == "skip":
            span = max(1, person.cadence // 2) if person.cadence else RECONNECT_SKIP_DAYS
            until = on + timedelta(days=span)
            streak = person.skip_streak + 1
            offer = person.offer
            if streak >= SKIPS_BEFORE_OFFER and person.cadence:
                longer = min(LONGEST_CADENCE, person.cadence * 2)
                offer = longer if longer > person.cadence else None
                detail = f"offer {offer}" if offer else ""
            db.update_state(
                conn,
                person.id,
                now,
                skip_until=until.isoformat(),
                skip_streak=streak,
                offer_cadence_days=offer,
            )
        else:
            db.update_state(conn, person.id, now, muted=int(action == "mute"))
        db.log_event(
            conn,
            day=suggestion.due_on,
            suggestion_id=suggestion.id,
            person_id=person.id,
            kind=suggestion.kind,
            event=_EVENTS[action],
            capped=suggestion.capped,
            at=now,
            until=until,
            detail=detail,
        )
        journal.record_change("reminder", [person.id])


def set_muted(journal: Journal, person_id: str, muted: bool) -> None:
    """Mute or unmute someone without a suggestion at hand (their page), logged like
    ``act``."""
    day = journal.clock.today()
    stand_in = _stand_in(person_id, journal.person(person_id).display_name, day)
    act(journal, stand_in, "mute" if muted else "unmute")


def _stand_in(person_id: str, name: str, day: date) -> Suggestion:
    """A plain check-in suggestion standing in for one that is not at hand (muting from a
    person's page, acting on someone the cap left out), so every action is logged alike."""
    return Suggestion(
        id=suggestion_id(person_id, "cadence", day),
        person_id=person_id,
        person_name=name,
        kind="cadence",
        action="",
        reason="",
        facts=(),
        priority=0.0,
        capped=True,
        prefer_call=False,
        give_first=None,
        due_on=day,
    )


def act_on_person(
    journal: Journal, person_id: str, action: str, until: date | None = None
) -> Suggestion:
    """Act on this person's suggestion of the day (the command line names people, not
    suggestions). Someone due but left out by the cap, or not due at all, is acted on
    through a stand-in cadence suggestion, as ``set_muted`` does. Returns what was acted
    on."""
    day = journal.clock.today()
    person = journal.person(person_id)
    if person.deceased_on is not None and action not in ("mute", "unmute"):
        raise InvalidInput(
            f"{person.display_name} has died; Rapport makes no check-in suggestions for them."
        )
    found = next((s for s in today(journal, day) if s.person_id == person_id), None)
    if found is None:
        found = _stand_in(person_id, person.display_name, day)
    act(journal, found, action, until)
    return found


def confirm_longer_cadence(journal: Journal, person_id: str, days: int) -> None:
    """Accept the longer cadence offered after three skips (or any other number of days)."""
    if days <= 0:
        raise InvalidInput("A check-in cadence is a number of days above zero.")
    now = stamp(journal.clock)
    with journal.transaction() as conn:
        person = journal.person(person_id)
        person.cadence_days = int(days)
        journal.save_person(person)
        db.update_state(conn, person_id, now, skip_streak=0, offer_cadence_days=None)
        _log_settled_offer(conn, journal, person_id, "cadence_changed", str(days), now)
        journal.record_change("reminder", [person_id])


def decline_longer_cadence(journal: Journal, person_id: str) -> None:
    """Keep the cadence as it is; the skip count starts again."""
    now = stamp(journal.clock)
    with journal.transaction() as conn:
        if db.person_row(conn, person_id) is None:
            raise NotFound("That person is not in the journal.")
        db.update_state(conn, person_id, now, skip_streak=0, offer_cadence_days=None)
        _log_settled_offer(conn, journal, person_id, "cadence_kept", "", now)
        journal.record_change("reminder", [person_id])


def _log_settled_offer(
    conn: Connection, journal: Journal, person_id: str, event: str, detail: str, now: str
) -> None:
    day = journal.clock.today()
    db.log_event(
        conn,
        day=day,
        suggestion_id=suggestion_id(person_id, "cadence", day),
        person_id=person_id,
        kind="cadence",
        event=event,
        capped=True,
        at=now,
        detail=detail,
    )


def mark_shown(journal: Journal, suggestions: Sequence[Suggestion]) -> None:
    """Log that these suggestions were put in front of the user (a page, a notification);
    once per suggestion, however often they are shown."""
    _log_all(journal, suggestions, "shown")


def _log_all(journal: Journal, suggestions: Sequence[Suggestion], event: str) -> None:
    """Log ``event`` for each suggestion. "suggested" and "shown" are logged once per
    suggestion (``suggestion_log_once``), and the Today page and ``journal today`` log
    the same list every time they show it: when every row is already there, no write
    transaction is opened (it cost ~4 ms of CPU and a commit, to insert nothing)."""
    if not suggestions:
        return
    if event in db.LOGGED_ONCE:
        with journal.store.reading() as conn:
            logged = db.logged_once(conn, [s.id for s in suggestions], event)
        suggestions = [s for s in suggestions if s.id not in logged]
        if not suggestions:
            return
    now = stamp(journal.clock)
    with journal.transaction() as conn:
        for s in suggestions:
            db.log_event(
                conn,
                day=s.due_on,
                suggestion_id=s.id,
                person_id=s.person_id,
                kind=s.kind,
                event=event,
                capped=s.capped,
                at=now,
                detail=s.hook or "",
            )


def history(journal: Journal, since: date, until: date | None = None) -> list[LogEntry]:
    """The suggestion log from ``since`` (to ``until``), oldest first, for the insights."""
    with journal.store.reading() as conn:
        rows = db.log_rows(conn, since, until)
    return [
        LogEntry(
            day=stored_date(r["day"]) or date(1970, 1, 1),
            suggestion_id=r["suggestion_id"],
            person_id=r["person_id"],
            person_name=r["person_name"],
            kind=r["kind"],
            event=r["event"],
            capped=bool(r["capped"]),
            until=date_from_db(r["until"]),
            detail=r["detail"],
            at=r["at"],
        )
        for r in rows
    ]


# -- remembering a day's answer until the journal changes -----------------------------------

_T = TypeVar("_T")


@dataclass
class _Memo:
    """What ``today`` and ``due_person_ids`` answered, valid while ``version`` holds: the
    Today page, the tray, the People list's due filter and a selfcheck ask the same
    question many times a day, and each answer costs a dozen milliseconds on a large
    journal."""

    conn: Connection
    version: tuple[int, int]
    answers: dict[tuple[str, date], Any] = field(default_factory=dict)


_MEMOS: weakref.WeakKeyDictionary[Journal, _Memo] = weakref.WeakKeyDictionary()


def _version(journal: Journal) -> tuple[Connection, tuple[int, int]] | None:
    """Which state of the journal a read sees: SQLite's count of commits by other
    connections (another Rapport, ``journal log`` in a terminal) and this connection's
    count of rows written (every insert, update and delete, triggers included, however
    it was made). None inside a transaction: what it wrote may still roll back, and the
    count of rows written would not go back with it."""
    with journal.store.reading() as conn:
        if conn.in_transaction:
            return None
        outside = conn.execute("PRAGMA data_version").fetchone()[0]
        return conn, (int(outside), int(conn.total_changes))


def _remembered(journal: Journal, kind: str, day: date, compute: Callable[[], _T]) -> _T:
    """``compute()``'s answer for ``day``, worked out again only when the journal changed
    (in this process or another) since it was last worked out. An answer is kept only
    if nothing changed while it was worked out (a learned cadence refreshed on the way
    is written first: the next call works it out again and keeps that)."""
    before = _version(journal)
    memo = _MEMOS.get(journal)
    if (
        before is not None
        and memo is not None
        and memo.conn is before[0]
        and memo.version == before[1]
        and (kind, day) in memo.answers
    ):
        return memo.answers[(kind, day)]  # type: ignore[no-any-return]
    answer = compute()
    after = _version(journal)
    if before is not None and after == before:
        if memo is None or memo.conn is not before[0] or memo.version != before[1]:
            memo = _Memo(before[0], before[1])
            _MEMOS[journal] = memo
        memo.answers[(kind, day)] = answer
    return answer


def _refresh_learned(journal: Journal, settings: JournalSettings) -> None:
    """Bring learned cadences up to date for people in touch since they were learned.

    Cached in ``reminder_state`` so that ``today`` reads one number per person instead of
    their whole history; a failed write (read-only journal) only means a stale cache.
    """
    if not settings.learn_cadence:
        return
    with journal.store.reading() as conn:
        stale = db.stale_learned(conn)
        if not stale:
            return
        days = db.contact_days(conn, [pid for pid, _ in stale])
    rows = [(pid, learned_cadence(days.get(pid, [])), basis) for pid, basis in stale]
    try:
        with journal.transaction() as conn:
            db.store_learned(conn, rows, stamp(journal.clock))
    except JournalError:
        return

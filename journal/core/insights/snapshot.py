"""What the insights read from the journal, in a handful of queries.

Insights look at the whole network at once, so they read flat facts per person with
aggregate SQL rather than loading every Person with its facets and channels: on a
10,000-person journal that is the difference between tens and hundreds of
milliseconds. Everything after this module is pure computation on a ``Snapshot``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from journal.core.model import Circle, Direction, NetworkKind
from journal.core.store import Connection
from journal.core.stored import stored_date, stored_int, stored_text

#: Window for people without a cadence (the dormant circle): a year, the outer layer's
#: "Christmas-card" rhythm (Hill & Dunbar).
NO_CADENCE_WINDOW_DAYS = 365
#: Follow-through and suggestions are judged over this many recent days.
RECENT_DAYS = 90
#: Contact over time is shown for this many months.
HISTORY_MONTHS = 24

PERSONAL_FACETS = ("hobby", "background", "family", "life_event", "working_on")
ONLINE_CHANNELS = ("email", "url", "social")
STRONG_CIRCLES = frozenset({Circle.INNER, Circle.CLOSE})


class TieStatus(StrEnum):
    """Where a tie stands against its own cadence."""

    ACTIVE = "active"  # in touch within the cadence
    DRIFTING = "drifting"  # past the cadence, not yet twice past it
    DORMANT = "dormant"  # past twice the cadence (or marked dormant and out of touch)


@dataclass(slots=True)
class PersonFacts:
    id: str
    name: str
    circle: Circle
    #: Days between check-ins (the person's own, else the circle's); None for dormant.
    cadence: int | None
    organisation: str = ""
    field: str = ""
    location: str = ""
    kinds: frozenset[NetworkKind] = frozenset()
    last_contact: date | None = None
    #: When the tie began, as far as the journal knows: met on, else added on.
    known_since: date | None = None
    #: The journal records something personal (a hobby, their background, family,
    #: a life event, what they are working on).
    personal: bool = False
    #: An email address, profile link or social handle is recorded.
    online: bool = False
    #: The journal notes something the user could offer them (give first).
    has_offer: bool = False
    #: What they could be offered and what they were working on: read only for dormant
    #: weak ties, the ones a "reconnect with" suggestion may name.
    offer: str = ""
    working_on: str = ""
    #: False for someone imported from an address book and not yet placed (no circle
    #: chosen, no contact logged): counted in the network, never a tie "to revive".
    placed: bool = True

    @property
    def strong(self) -> bool:
        return self.circle in STRONG_CIRCLES

    @property
    def window(self) -> int:
        return self.cadence or NO_CADENCE_WINDOW_DAYS


@dataclass(slots=True)
class TieState:
    """A person's tie on the day the insights are computed."""

    facts: PersonFacts
    #: Days since last contact, else since the tie began (None: nothing is known).
    days: int
    status: TieStatus

    @property
    def ratio(self) -> float:
        """Overdue ratio r = days since contact / cadence (the engine's measure)."""
        return self.days / self.facts.window


@dataclass(slots=True)
class LedgerRow:
    person_id: str
    direction: Direction
    occurred_on: date


@dataclass(frozen=True)
class FollowUpRow:
    id: str
    text: str
    person_id: str | None
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    entries: int


@dataclass
class Snapshot:
    today: date
    ties: list[TieState]
    ledger: list[LedgerRow] = field(default_factory=list)  # in no particular order
    #: Follow-ups due in the RECENT_DAYS days before today (today's are not late yet).
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    #: Entries per month, oldest first, HISTORY_MONTHS months ending this one.
    months: list[MonthRow] = field(default_factory=list)
    #: Known "these two know each other" pairs (each pair once, ids sorted).
    links: set[tuple[str, str]] = field(default_factory=set)
    #: The reminder engine's log for the RECENT_DAYS days before today:
    #: (day, person id, event), oldest first.
    suggestion_log: list[tuple[date, str, str]] = field(default_factory=list)

    def by_id(self) -> dict[str, TieState]:
        return {t.facts.id: t for t in self.ties}


@functools.lru_cache(maxsize=8192)
def category_key(text: str) -> str:
    """One spelling for a field, organisation or place: "Software " is "software"."""
    return " ".join(text.split()).casefold()


def classify(facts: PersonFacts, today: date) -> TieState:
    """Active within the cadence, dormant past twice it, drifting in between.

    Someone never contacted is measured from when the tie began, so a person added
    today is not "dormant"; someone marked dormant has a year's window and no middle.
    """
    since = facts.last_contact or facts.known_since or today
    days = max(0, (today - since).days)
    window = facts.window
    if facts.last_contact is not None and days <= window:
        status = TieStatus.ACTIVE
    elif facts.circle is Circle.DORMANT or days > 2 * window:
        status = TieStatus.DORMANT
    else:
        status = TieStatus.DRIFTING
    return TieState(facts, days, status)


def month_start(day: date, months_back: int) -> date:
    """The first day of the month ``months_back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def read(
    conn: Connection,
    today: date,
    cadences: dict[Circle, int | None],
    links: set[tuple[str, str]] | None = None,
) -> Snapshot:
    """Everything the insights need, read in one consistent block.

    Each query reads an index or a narrow table: nothing here joins entries to people,
    which on 100,000 entries costs seconds (SQLCipher decrypts every page it touches).
    Per-person contact comes from ``people.last_contact_at``, kept by triggers.
    """
    kinds: dict[str, set[NetworkKind]] = {}
    kind_of = {k.value: k for k in NetworkKind}
    for pid, kind in conn.execute("SELECT person_id, kind FROM person_network_kinds"):
        if kind in kind_of:  # one this version does not know is left out
            kinds.setdefault(pid, set()).add(kind_of[kind])
    personal = _ids(
        conn,
        "SELECT DISTINCT person_id FROM facets WHERE kind IN "
        f"({', '.join('?' * len(PERSONAL_FACETS))})",
        PERSONAL_FACETS,
    )
    offers = _ids(conn, "SELECT DISTINCT person_id FROM facets WHERE kind = 'could_offer'")
    online = _ids(
        conn,
        f"SELECT person_id FROM channels WHERE kind IN ({', '.join('?' * len(ONLINE_CHANNELS))})",
        ONLINE_CHANNELS,
    )
    ties = []
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: 10,000 rows, read by position
    circles = {c.value: c for c in Circle}
    no_kinds: frozenset[NetworkKind] = frozenset()
    frozen_kinds = {pid: frozenset(k) for pid, k in kinds.items()}
    days: dict[str, date | None] = {}  # parse each distinct day once (dates repeat a lot)

    def day(value: str | None) -> date | None:
        if not isinstance(value, str) or not value:
            return None
        key = value[:10]
        found = days.get(key)
        if found is None and key not in days:
            found = days[key] = stored_date(key)
        return found

    for (
        pid,
        name,
        preferred,
        organisation,
        field_,
        location,
        circle_,
        cadence_days,
        met_on,
        created_at,
        last_contact_at,
        placed,
    ) in cursor.execute(
        "SELECT id, name, preferred_name, organisation, field, location, circle, "
        "cadence_days, met_on, created_at, last_contact_at, placed FROM people "
        "WHERE archived = 0 "
        # The dead are remembered on their page, never listed as ties to revive.
        "AND deceased_on IS NULL"
    ):
        circle = circles.get(circle_, Circle.DORMANT)  # one this version does not know
        facts = PersonFacts(
            pid,
            stored_text(preferred or name),
            circle,
            None
            if circle is Circle.DORMANT
            else (stored_int(cadence_days, 1) or cadences.get(circle)),
            stored_text(organisation),
            field_,
            location,
            frozen_kinds.get(pid, no_kinds),
            day(last_contact_at),
            day(met_on) or day(created_at),
            pid in personal,
            pid in online,
            pid in offers,
            placed=placed != 0,
        )
        ties.append(classify(facts, today))
    # Name order in Python: ORDER BY through the name index reads the table at random.
    ties.sort(key=lambda t: (t.facts.name.casefold(), t.facts.id))
    ties = _with_notes(conn, ties)
    known = {t.facts.id for t in ties}
    given, received = Direction.GIVEN, Direction.RECEIVED
    until = today.isoformat()
    ledger = [
        LedgerRow(pid, given if direction == "given" else received, on_day)
        for pid, direction, on in cursor.execute(
            "SELECT person_id, direction, occurred_on FROM ledger"
        )
        if isinstance(on, str) and on <= until and pid in known and (on_day := day(on)) is not None
    ]
    recent = (today - timedelta(days=RECENT_DAYS)).isoformat()
    follow_ups = [
        FollowUpRow(r["id"], r["text"], r["person_id"], due, _day(r["done_on"]))
        for r in conn.execute(
            "SELECT id, text, person_id, due_on, done_on FROM follow_ups "
            "WHERE due_on >= ? AND due_on < ? ORDER BY due_on, id",
            (recent, today.isoformat()),
        )
        if (due := _day(r["due_on"])) is not None
    ]
    return Snapshot(
        today=today,
        ties=ties,
        ledger=ledger,
        follow_ups=follow_ups,
        months=_months(conn, today),
        links=set(links or ()),
    )


def _with_notes(conn: Connection, ties: list[TieState]) -> list[TieState]:
    """Add what to offer and what they work on to the ties a "reconnect with" suggestion
    may name: dormant weak ties in fields no active tie is in."""
    active_fields = {category_key(t.facts.field) for t in ties if t.status is TieStatus.ACTIVE}
    wanted = [
        t.facts.id
        for t in ties
        if t.status is TieStatus.DORMANT
        and not t.facts.strong
        and t.facts.placed
        and category_key(t.facts.field) not in active_fields | {""}
    ]
    if not wanted:
        return ties
    offers = facet_texts(conn, "could_offer", wanted)
    projects = facet_texts(conn, "working_on", wanted)
    return [
        replace(
            t,
            facts=replace(
                t.facts, offer=offers.get(t.facts.id, ""), working_on=projects.get(t.facts.id, "")
            ),
        )
        if t.facts.id in offers or t.facts.id in projects
        else t
        for t in ties
    ]


def _ids(conn: Connection, sql: str, params: tuple[str, ...] = ()) -> set[str]:
    return {r[0] for r in conn.execute(sql, params)}


def _months(conn: Connection, today: date) -> list[MonthRow]:
    """Entries per month, one index range count each (cheap even on 100,000 entries)."""
    out = []
    for back in range(HISTORY_MONTHS - 1, -1, -1):
        start, end = month_start(today, back), month_start(today, back - 1)
        count = conn.execute(
            "SELECT count(*) FROM entries WHERE occurred_at >= ? AND occurred_at < ?",
            (start.isoformat(), end.isoformat()),
        ).fetchone()[0]
        out.append(MonthRow(start.strftime("%Y-%m"), count))
    return out


def facet_texts(conn: Connection, kind: str, ids: list[str]) -> dict[str, str]:
    """The latest ``kind`` facet's text for each of ``ids`` (for a short list only)."""
    out: dict[str, str] = {}
    for r in conn.execute(
        "SELECT person_id, text FROM facets WHERE kind = ? AND person_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY coalesce(noted_on, created_at), position",
        (kind, json.dumps(ids)),
    ):
        out[r[0]] = r[1]
    return out


def _day(value: str | None) -> date | None:
    return stored_date(value)


def people_in_touch(conn: Connection, start: date, end: date) -> list[str]:
    """Who appears in entries from ``start`` up to (not including) ``end``, by name.

    Backs the "contact over time" chart: clicking a month lists who it was with.
    """
    return [
        r[0]
        for r in conn.execute(
            "SELECT p.id FROM people p WHERE p.archived = 0 AND p.id IN ("
            "SELECT ep.person_id FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
            "WHERE e.occurred_at >= ? AND e.occurred_at < ?) ORDER BY p.name COLLATE NOCASE",
            (start.isoformat(), end.isoformat()),
        )
    ]

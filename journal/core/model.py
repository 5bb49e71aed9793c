"""The domain: people, the personal facets of each connection, entries, and what came of them.

Plain dataclasses with no storage or Qt knowledge, so the engine, importers, insights
and tests can build and inspect journals freely.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field as dfield
from datetime import date, datetime
from enum import StrEnum


def new_id() -> str:
    return str(uuid.uuid4())


class Circle(StrEnum):
    """How close a tie is, after Dunbar's layers; each implies a default check-in cadence."""

    INNER = "inner"
    CLOSE = "close"
    NETWORK = "network"
    ACQUAINTANCE = "acquaintance"
    DORMANT = "dormant"

    @property
    def label(self) -> str:
        return _CIRCLE_LABELS[self]


_CIRCLE_LABELS = {
    Circle.INNER: "Inner circle",
    Circle.CLOSE: "Close",
    Circle.NETWORK: "Network",
    Circle.ACQUAINTANCE: "Acquaintance",
    Circle.DORMANT: "Dormant",
}

#: Default days between check-ins per circle. Inner weekly-to-fortnightly and close
#: monthly follow Hill & Dunbar; network is Misner's "every couple of months";
#: dormant ties get no cadence suggestions at all.
DEFAULT_CADENCE_DAYS: dict[Circle, int | None] = {
    Circle.INNER: 14,
    Circle.CLOSE: 30,
    Circle.NETWORK: 60,
    Circle.ACQUAINTANCE: 180,
    Circle.DORMANT: None,
}


class NetworkKind(StrEnum):
    """Ibarra & Hunter's three networks."""

    OPERATIONAL = "operational"
    PERSONAL = "personal"
    STRATEGIC = "strategic"


class FacetKind(StrEnum):
    HOBBY = "hobby"
    BACKGROUND = "background"
    FAMILY = "family"
    LIFE_EVENT = "life_event"
    WORKING_ON = "working_on"
    CAN_HELP_WITH = "can_help_with"
    COULD_OFFER = "could_offer"

    @property
    def label(self) -> str:
        return _FACET_LABELS[self]


_FACET_LABELS = {
    FacetKind.HOBBY: "Hobbies and interests",
    FacetKind.BACKGROUND: "Background",
    FacetKind.FAMILY: "Family",
    FacetKind.LIFE_EVENT: "Life events",
    FacetKind.WORKING_ON: "Working on",
    FacetKind.CAN_HELP_WITH: "Can help with",
    FacetKind.COULD_OFFER: "I could offer",
}

#: Facets that touch someone's private life are not used in suggestions unless the user
#: marks them fine to mention.
PRIVATE_BY_DEFAULT = frozenset({FacetKind.FAMILY, FacetKind.LIFE_EVENT})


class FactStatus(StrEnum):
    """Where a fact about someone's life stands: only an ongoing one is asked about as news."""

    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"


#: Facts that come and go (a project, a plan, an offer): they carry a status that the user
#: or a later entry changes. Hobbies, background and family details simply stay true.
FACTS_WITH_A_LIFE = frozenset(
    {FacetKind.WORKING_ON, FacetKind.LIFE_EVENT, FacetKind.CAN_HELP_WITH, FacetKind.COULD_OFFER}
)


class EntryKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    EVENT = "event"
    REFLECTION = "reflection"


class ChannelKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    URL = "url"
    SOCIAL = "social"
    OTHER = "other"


class Direction(StrEnum):
    """Reciprocity: what I gave them, or what I received from them (what I asked for)."""

    GIVEN = "given"
    RECEIVED = "received"


class LedgerKind(StrEnum):
    INTRODUCTION = "introduction"
    ADVICE = "advice"
    FAVOUR = "favour"
    GIFT = "gift"
    OTHER = "other"


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is a valid birthday without a year.
        date(self.year or 2000, self.month, self.day)

    def iso(self) -> str:
        return (
            f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
            if self.year
            else (f"--{self.month:02d}-{self.day:02d}")
        )

    @classmethod
    def parse(cls, text: str) -> Birthday:
        """Accept YYYY-MM-DD, --MM-DD (vCard, no year) and MM-DD."""
        text = text.strip()
        if text.startswith("--"):
            month, day = text[2:].split("-")
            return cls(int(month), int(day))
        parts = text.split("-")
        if len(parts) == 2:
            return cls(int(parts[0]), int(parts[1]))
        if len(parts) == 3:
            return cls(int(parts[1]), int(parts[2]), int(parts[0]))
        raise ValueError(f"not a birthday: {text!r}")

    def next_after(self, day: date) -> date:
        """The next occurrence on or after ``day`` (29 Feb falls on 28 Feb in other years)."""
        for year in (day.year, day.year + 1):
            occurrence = _occurrence(year, self.month, self.day)
            if occurrence >= day:
                return occurrence
        raise AssertionError("unreachable")


def _occurrence(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


@dataclass
class Channel:
    kind: ChannelKind
    value: str
    label: str = ""
    id: str = dfield(default_factory=new_id)


@dataclass
class Facet:
    """One piece of the personal side of a connection."""

    kind: FacetKind
    text: str
    detail: str = ""
    #: "We share this": a shared hobby or background, shown under "in common".
    shared: bool = False
    #: Whether the reminder engine may bring it up. None means the kind's default.
    mention_ok: bool | None = None
    #: For a "working on" thread: when to ask again ("ask how the launch went").
    ask_again_on: date | None = None
    #: For a life event: when it happened (for anniversaries).
    event_date: date | None = None
    #: When the user learnt it (entry date or the day it was typed).
    noted_on: date | None = None
    source_entry_id: str | None = None
    id: str = dfield(default_factory=new_id)
    person_id: str | None = None
    created_at: str = ""
    updated_at: str = ""
    #: Whether it is still going on: a done fact can be celebrated, never asked about.
    status: FactStatus = FactStatus.ONGOING
    #: The last day the user learnt it was still true (None: the day it was noted).
    confirmed_on: date | None = None
    #: When the status last changed (the day it was finished or cancelled).
    status_changed_on: date | None = None

    def __post_init__(self) -> None:
        if self.mention_ok is None:
            self.mention_ok = self.kind not in PRIVATE_BY_DEFAULT
        self.status = FactStatus(self.status)

    @property
    def last_confirmed(self) -> date | None:
        """The freshest day this fact was known to be true."""
        return self.confirmed_on or self.noted_on


@dataclass
class Person:
    name: str
    preferred_name: str = ""
    organisation: str = ""
    role: str = ""
    field: str = ""
    location: str = ""
    met_how: str = ""
    met_on: date | None = None
    circle: Circle = Circle.NETWORK
    cadence_days: int | None = None
    network_kinds: set[NetworkKind] = dfield(default_factory=set)
    birthday: Birthday | None = None
    channels: list[Channel] = dfield(default_factory=list)
    tags: list[str] = dfield(default_factory=list)
    facets: list[Facet] = dfield(default_factory=list)
    notes: str = ""
    archived: bool = False
    id: str = dfield(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""
    #: Derived from entries; read-only for callers.
    last_contact_at: datetime | None = None
    #: "she", "he", "they" or whatever the person uses; empty means not recorded.
    pronouns: str = ""
    #: The day they died: no check-ins or birthday wishes after it; the page stays.
    deceased_on: date | None = None
    #: False for people imported from an address book with no contact recorded: they wait
    #: as "imported, not yet placed" until the user places them or logs a contact.
    placed: bool = True

    @property
    def deceased(self) -> bool:
        return self.deceased_on is not None

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    @property
    def first_name(self) -> str:
        return (self.preferred_name or self.name).split()[0] if self.name.strip() else ""

    def effective_cadence(self, defaults: dict[Circle, int | None] | None = None) -> int | None:
        if self.circle is Circle.DORMANT or self.archived or self.deceased_on is not None:
            return None
        if self.cadence_days:
            return self.cadence_days
        return (defaults or DEFAULT_CADENCE_DAYS)[self.circle]


@dataclass
class FollowUp:
    """Something the user promised or means to do, with an optional due date."""

    text: str
    due_on: date | None = None
    person_id: str | None = None
    entry_id: str | None = None
    done_on: date | None = None
    id: str = dfield(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class LedgerItem:
    """One thing given to or received from someone: the reciprocity ledger."""

    person_id: str
    direction: Direction
    kind: LedgerKind
    description: str = ""
    occurred_on: date | None = None
    entry_id: str | None = None
    id: str = dfield(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Entry:
    """A journal entry: what happened, with whom, and what came out of it."""

    occurred_at: datetime
    kind: EntryKind = EntryKind.MEETING
    title: str = ""
    body: str = ""
    place: str = ""
    people: list[str] = dfield(default_factory=list)
    follow_ups: list[FollowUp] = dfield(default_factory=list)
    ledger: list[LedgerItem] = dfield(default_factory=list)
    id: str = dfield(default_factory=new_id)
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class TrashItem:
    id: str
    kind: str
    label: str
    deleted_at: str

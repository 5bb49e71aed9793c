"""Plain-dict views of the domain, for ``--json`` output and the JSON export.

Dates are ISO strings; enums are their values; nothing is dropped, so a dict can be
turned back into the same object (see ``person_from_dict``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from journal.core.dates import date_from_db
from journal.core.model import (
    Birthday,
    Channel,
    ChannelKind,
    Circle,
    Direction,
    Entry,
    EntryKind,
    Facet,
    FacetKind,
    FactStatus,
    FollowUp,
    LedgerItem,
    LedgerKind,
    NetworkKind,
    Person,
)
from journal.core.stored import (
    stored_datetime,
    stored_entry_time,
    stored_enum,
    stored_int,
    stored_text,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def plain_dict(value: DataclassInstance) -> dict[str, Any]:
    """A dataclass as a JSON-ready dict: enums as their values, dates as ISO text."""
    return {k: _plain(v) for k, v in asdict(value).items()}


def person_to_dict(person: Person) -> dict[str, Any]:
    data = plain_dict(person)
    data["birthday"] = person.birthday.iso() if person.birthday else None
    return data


def person_from_dict(data: dict[str, Any]) -> Person:
    last = data.get("last_contact_at")
    return Person(
        id=data["id"],
        name=data["name"],
        preferred_name=data.get("preferred_name", ""),
        organisation=data.get("organisation", ""),
        role=data.get("role", ""),
        field=data.get("field", ""),
        location=data.get("location", ""),
        met_how=data.get("met_how", ""),
        met_on=date_from_db(data.get("met_on")),
        circle=stored_enum(Circle, data.get("circle", "network"), Circle.NETWORK),
        cadence_days=stored_int(data.get("cadence_days"), 1),
        network_kinds={
            kind
            for k in data.get("network_kinds", [])
            if (kind := stored_enum(NetworkKind, k)) is not None
        },
        birthday=_birthday(data.get("birthday")),
        channels=[
            Channel(
                stored_enum(ChannelKind, c["kind"], ChannelKind.OTHER),
                stored_text(c["value"]),
                stored_text(c.get("label", "")),
                c["id"],
            )
            for c in data.get("channels", [])
        ],
        tags=list(data.get("tags", [])),
        facets=[facet_from_dict(f) for f in data.get("facets", [])],
        notes=data.get("notes", ""),
        archived=bool(data.get("archived", False)),
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
        last_contact_at=stored_datetime(last),
        pronouns=stored_text(data.get("pronouns", "")),
        deceased_on=date_from_db(data.get("deceased_on")),
        placed=bool(data.get("placed", True)),
    )


def _birthday(value: Any) -> Birthday | None:
    """A birthday as ``Birthday.iso`` writes it; None when it is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return Birthday.parse(value)
    except (ValueError, TypeError):
        return None


def facet_from_dict(data: dict[str, Any]) -> Facet:
    return Facet(
        id=data["id"],
        person_id=data.get("person_id"),
        kind=stored_enum(FacetKind, data["kind"], FacetKind.BACKGROUND),
        text=data["text"],
        detail=data.get("detail", ""),
        shared=bool(data.get("shared", False)),
        mention_ok=data.get("mention_ok"),
        ask_again_on=date_from_db(data.get("ask_again_on")),
        event_date=date_from_db(data.get("event_date")),
        noted_on=date_from_db(data.get("noted_on")),
        source_entry_id=data.get("source_entry_id"),
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
        status=FactStatus(data.get("status", "ongoing")),
        confirmed_on=date_from_db(data.get("confirmed_on")),
        status_changed_on=date_from_db(data.get("status_changed_on")),
    )


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    return plain_dict(entry)


def entry_from_dict(data: dict[str, Any]) -> Entry:
    return Entry(
        id=data["id"],
        occurred_at=stored_entry_time(data["occurred_at"], data.get("created_at")),
        kind=stored_enum(EntryKind, data.get("kind", "meeting"), EntryKind.MEETING),
        title=data.get("title", ""),
        body=data.get("body", ""),
        place=data.get("place", ""),
        people=list(data.get("people", [])),
        follow_ups=[follow_up_from_dict(f) for f in data.get("follow_ups", [])],
        ledger=[ledger_from_dict(i) for i in data.get("ledger", [])],
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
    )


def follow_up_to_dict(item: FollowUp) -> dict[str, Any]:
    return plain_dict(item)


def follow_up_from_dict(data: dict[str, Any]) -> FollowUp:
    return FollowUp(
        id=data["id"],
        text=data["text"],
        due_on=date_from_db(data.get("due_on")),
        person_id=data.get("person_id"),
        entry_id=data.get("entry_id"),
        done_on=date_from_db(data.get("done_on")),
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
    )


def ledger_to_dict(item: LedgerItem) -> dict[str, Any]:
    return plain_dict(item)


def ledger_from_dict(data: dict[str, Any]) -> LedgerItem:
    return LedgerItem(
        id=data["id"],
        person_id=data["person_id"],
        direction=stored_enum(Direction, data["direction"], Direction.GIVEN),
        kind=stored_enum(LedgerKind, data["kind"], LedgerKind.OTHER),
        description=data.get("description", ""),
        occurred_on=date_from_db(data.get("occurred_on")),
        entry_id=data.get("entry_id"),
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
    )


plain = _plain

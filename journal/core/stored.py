"""Values read back from the journal, parsed without trusting them.

The schema checks what it can, but a journal may hold values written by an older
Rapport, by another tool or by hand: a date that is not one, 31 April, a circle this
version does not know. Every reader parses stored values through these helpers, which
give ``None`` (unknown) or the caller's default instead of raising, so that one bad
value is shown as unknown or skipped, and the journal still lists, searches, computes
Today and Insights, and exports. The raw value stays in the database untouched (the
JSON export carries it as it is).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, overload

from journal.core.model import Birthday

E = TypeVar("E", bound=Enum)


def stored_date(value: Any) -> date | None:
    """A stored ISO date (or the date part of a date-time); None when it is not one."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else value[:10])
    except ValueError:
        return None


def stored_datetime(value: Any) -> datetime | None:
    """A stored ISO date-time (a bare date is midnight); None when it is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


@overload
def stored_enum(kind: type[E], value: Any, default: E) -> E: ...
@overload
def stored_enum(kind: type[E], value: Any, default: None = None) -> E | None: ...


def stored_enum(kind: type[E], value: Any, default: E | None = None) -> E | None:
    """A stored enum value; ``default`` when this version does not know it."""
    try:
        # The value-to-member table first: what ``kind(value)`` looks up before anything
        # else, without the call's overhead (the engine reads thousands a day).
        return kind._value2member_map_[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        pass
    try:
        return kind(value)
    except (ValueError, TypeError):
        return default


def stored_int(value: Any, minimum: int | None = None) -> int | None:
    """A stored whole number (at least ``minimum``); None otherwise."""
    if type(value) is int:  # the usual case, checked first (engine hot path)
        return value if minimum is None or value >= minimum else None
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if minimum is not None and value < minimum:
        return None
    return value


def stored_birthday(month: Any, day: Any, year: Any = None) -> Birthday | None:
    """A birthday that exists (no 31 April, no month 13); a bad year alone is dropped."""
    month, day = stored_int(month, 1), stored_int(day, 1)
    if month is None or day is None:
        return None
    year = stored_int(year, 1)
    if year is not None and year > 9999:
        year = None
    try:
        return Birthday(month, day, year)
    except (ValueError, TypeError):
        try:
            return Birthday(month, day) if year is not None else None
        except (ValueError, TypeError):
            return None


def stored_text(value: Any) -> str:
    """Text for a text column that may hold a number or bytes; '' for NULL."""
    if value is None:
        return ""
    if type(value) is str:  # the usual case, checked first (engine hot path)
        return value
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


#: When an entry's own date is unreadable and so is the day it was written.
UNKNOWN_TIME = datetime(1970, 1, 1)


def stored_entry_time(occurred_at: Any, created_at: Any = None) -> datetime:
    """When an entry happened; if that is unreadable, when it was written (so it stays
    listed, and can be given its date again), else 1 January 1970."""
    when = stored_datetime(occurred_at) or stored_datetime(created_at) or UNKNOWN_TIME
    return when.replace(tzinfo=None)

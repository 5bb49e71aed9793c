"""The one place "now" comes from.

Reminders, insights and timestamps all depend on the date; tests pass a FixedClock so
that every date-based behaviour is reproducible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Local wall-clock time, naive, as the user reads it on their screen."""
        ...

    def utcnow(self) -> datetime:
        """Aware UTC time, for created/updated stamps."""
        ...

    def today(self) -> date: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def utcnow(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    def today(self) -> date:
        return date.today()


class FixedClock:
    """A clock that only moves when told to (tests, sample data, `--date`)."""

    def __init__(self, at: datetime | date | str) -> None:
        self._at = _as_datetime(at)

    def now(self) -> datetime:
        return self._at

    def utcnow(self) -> datetime:
        return self._at.replace(tzinfo=UTC)

    def today(self) -> date:
        return self._at.date()

    def set(self, at: datetime | date | str) -> None:
        self._at = _as_datetime(at)

    def advance(self, **delta: float) -> None:
        self._at = self._at + timedelta(**delta)


def _as_datetime(at: datetime | date | str) -> datetime:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if isinstance(at, datetime):
        return at.replace(tzinfo=None, microsecond=0)
    return datetime(at.year, at.month, at.day, 12, 0)


SYSTEM_CLOCK = SystemClock()


def stamp(clock: Clock) -> str:
    """A UTC ISO-8601 timestamp for created_at/updated_at columns."""
    return clock.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")

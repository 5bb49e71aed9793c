"""When to deliver the day's check-ins as a notification, and what it says.

Pure decisions over a clock, so the tray's scheduler (Qt) only sleeps until
``next_wakeup`` and asks ``due_delivery`` what to show: one batched notification a day
at the chosen time, moved out of quiet hours, never more than the daily cap, never the
same suggestion twice in a day, and caught up after the machine wakes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from journal.core.settings import JournalSettings


class Deliverable(Protocol):
    """What the scheduler needs of a suggestion (the engine's Suggestion fits)."""

    @property
    def id(self) -> str: ...

    @property
    def person_id(self) -> str: ...

    @property
    def person_name(self) -> str: ...

    @property
    def action(self) -> str: ...

    @property
    def capped(self) -> bool: ...


@dataclass(frozen=True)
class Policy:
    delivery_time: time = time(9, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    daily_cap: int = 3
    frequency: str = "daily"  # daily | weekdays | off
    text: str = "full"  # full | count

    @classmethod
    def from_settings(cls, settings: JournalSettings) -> Policy:
        return cls(
            delivery_time=_parse_time(settings.delivery_time, time(9, 0)),
            quiet_start=_parse_time(settings.quiet_start, time(21, 0)),
            quiet_end=_parse_time(settings.quiet_end, time(8, 0)),
            daily_cap=max(0, settings.daily_cap),
            frequency=settings.notifications,
            text=settings.notification_text,
        )


@dataclass(frozen=True)
class State:
    """What was delivered on which day; kept in the journal between runs."""

    day: date | None = None
    delivered: frozenset[str] = field(default_factory=frozenset)

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat() if self.day else None,
                "delivered": sorted(self.delivered)}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> State:
        if not data or not data.get("day"):
            return cls()
        try:
            return cls(date.fromisoformat(data["day"]), frozenset(data.get("delivered", ())))
        except (TypeError, ValueError):
            return cls()


@dataclass(frozen=True)
class Delivery:
    title: str
    body: str
    suggestion_ids: tuple[str, ...]
    person_ids: tuple[str, ...]


def in_quiet_hours(moment: time, policy: Policy) -> bool:
    start, end = policy.quiet_start, policy.quiet_end
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def delivery_moment(day: date, policy: Policy) -> datetime | None:
    """When the day's notification goes out, or None when that day has none."""
    if policy.frequency == "off" or (policy.frequency == "weekdays" and day.weekday() >= 5):
        return None
    moment = policy.delivery_time
    if in_quiet_hours(moment, policy):
        moment = policy.quiet_end
    return datetime.combine(day, moment)


def due_delivery(now: datetime, policy: Policy, state: State,
                 suggestions: Sequence[Deliverable]) -> tuple[Delivery | None, State]:
    """The notification to show now (if any) and the state to keep afterwards.

    Late is fine (the machine was asleep at 9:00: deliver on wake), but never in quiet
    hours, never twice for the same suggestion on one day, never above the cap.
    """
    today = now.date()
    if state.day != today:
        state = State(today, frozenset())
    moment = delivery_moment(today, policy)
    if moment is None or now < moment or in_quiet_hours(now.time(), policy):
        return None, state
    fresh = [s for s in suggestions if s.id not in state.delivered]
    uncapped = [s for s in fresh if not s.capped]
    capped_done = sum(1 for s in suggestions if s.capped and s.id in state.delivered)
    capped = [s for s in fresh if s.capped][: max(0, policy.daily_cap - capped_done)]
    chosen = uncapped + capped
    if not chosen:
        return None, state
    delivery = compose(chosen, policy.text)
    return delivery, State(today, state.delivered | {s.id for s in chosen})


def compose(chosen: Sequence[Deliverable], text: str = "full") -> Delivery:
    count = len(chosen)
    noun = "check-in" if count == 1 else "check-ins"
    title = f"{count} {noun} for today"
    if text == "count":
        body = "Open Rapport to see who."
    else:
        body = "\n".join(f"• {s.action}" for s in chosen)
    return Delivery(title, body, tuple(s.id for s in chosen),
                    tuple(dict.fromkeys(s.person_id for s in chosen)))


def next_wakeup(now: datetime, policy: Policy, state: State) -> datetime:
    """The next moment a delivery could become due: sleep until then, not poll.

    That is today's delivery moment if it is still ahead, the end of quiet hours if they
    hold back an undelivered notification, or midnight (when the day's list changes),
    whichever comes first.
    """
    today = now.date()
    candidates = [datetime.combine(today + timedelta(days=1), time(0, 0))]
    moment = delivery_moment(today, policy)
    delivered_today = state.day == today and bool(state.delivered)
    if moment is not None and not delivered_today:
        if now < moment:
            candidates.append(moment)
        elif in_quiet_hours(now.time(), policy):
            end = datetime.combine(today, policy.quiet_end)
            candidates.append(end if end > now else end + timedelta(days=1))
    return min(candidates)


def _parse_time(text: str, default: time) -> time:
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        return default

"""When to deliver the day's check-ins as a notification, and what it says.

Pure decisions over a clock, so the tray's scheduler (Qt) only sleeps until
``next_wakeup`` and asks ``due_delivery`` what to show: one batched notification a day
at the chosen time, moved out of quiet hours, never more than the daily cap, never the
same suggestion twice in a day, and caught up after the machine wakes. ``check`` is the
one call the scheduler makes on the worker thread: the engine's list, the decision, and
the state kept in the journal (``STATE_KEY``), in one go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from journal.core import engine
from journal.core.journal import Journal
from journal.core.settings import JournalSettings
from journal.core.wording import plural

#: The journal setting that keeps ``State`` between runs (and across a lock).
STATE_KEY = "delivery.state"


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
        return {
            "day": self.day.isoformat() if self.day else None,
            "delivered": sorted(self.delivered),
        }

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
    """One notification: its text, what it covers, and what it can offer to do.

    ``actions`` are keys the GUI turns into buttons where the platform has them: "log"
    (log a check-in) and "snooze" only when it is about one suggestion and names it,
    "open" always. ``opens`` is the person a click opens (one person), else None (Today).
    """

    title: str
    body: str
    suggestion_ids: tuple[str, ...]
    person_ids: tuple[str, ...]
    actions: tuple[str, ...] = ("open",)
    opens: str | None = None


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


def due_delivery(
    now: datetime, policy: Policy, state: State, suggestions: Sequence[Deliverable]
) -> tuple[Delivery | None, State]:
    """The notification to show now (if any) and the state to keep afterwards.

    Late is fine (the machine was asleep at 9:00: deliver on wake), but never in quiet
    hours, only one batch a day (what turns up later in the day waits on the Today page,
    so the day's notification is never followed by a second one), and within the batch
    at most the daily cap of capped suggestions (promises due and birthdays always go).
    """
    today = now.date()
    if state.day != today:
        state = State(today, frozenset())
    if state.delivered:
        return None, state
    moment = delivery_moment(today, policy)
    if moment is None or now < moment or in_quiet_hours(now.time(), policy):
        return None, state
    uncapped = [s for s in suggestions if not s.capped]
    capped = [s for s in suggestions if s.capped][: policy.daily_cap]
    chosen = uncapped + capped
    if not chosen:
        return None, state
    delivery = compose(chosen, policy.text)
    return delivery, State(today, frozenset(s.id for s in chosen))


def compose(chosen: Sequence[Deliverable], text: str = "full") -> Delivery:
    """The words: "Check in with Ana Lima" and what to say, or "3 check-ins for today"
    and one line each; with ``text="count"`` nobody is named (lock screens)."""
    count = len(chosen)
    ids = tuple(s.id for s in chosen)
    people = tuple(dict.fromkeys(s.person_id for s in chosen))
    opens = people[0] if len(people) == 1 else None
    if text == "count":
        return Delivery(
            f"{plural(count, 'check-in')} for today",
            "Open Rapport to see who.",
            ids,
            people,
            ("open",),
            opens,
        )
    if count == 1:
        only = chosen[0]
        return Delivery(
            f"Check in with {only.person_name}",
            only.action,
            ids,
            people,
            ("log", "snooze", "open"),
            opens,
        )
    body = "\n".join(f"• {s.action}" for s in chosen)
    return Delivery(f"{plural(count, 'check-in')} for today", body, ids, people, ("open",), opens)


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


@dataclass(frozen=True)
class Check:
    """What the scheduler learns at one look: how many check-ins today (for the tray),
    the notification to show now if one is due, the suggestions it covers (for its
    buttons), and when to look again."""

    count: int
    delivery: Delivery | None
    suggestions: tuple[engine.Suggestion, ...]
    wake_at: datetime


def check(journal: Journal, *, deliver: bool = True, private: bool = False) -> Check:
    """Look at today's check-ins and decide whether the day's notification goes out now.

    ``deliver=False`` only counts (after an edit, to refresh the tray). ``private`` forces
    the count-only text whatever the setting (a locked app names nobody). The state is
    written back only when it changed, and delivered suggestions are logged as shown
    when the notification names them.
    """
    now = journal.clock.now()
    suggestions = engine.today(journal, now.date())
    policy = Policy.from_settings(journal.settings())
    if private:
        policy = replace(policy, text="count")
    before = State.from_json(journal.get_setting(STATE_KEY))
    delivery, state = due_delivery(now, policy, before, suggestions) if deliver else (None, before)
    chosen: tuple[engine.Suggestion, ...] = ()
    if delivery is not None:
        wanted = set(delivery.suggestion_ids)
        chosen = tuple(s for s in suggestions if s.id in wanted)
    if state != before:
        journal.put_setting(STATE_KEY, state.to_json())
    if chosen and policy.text == "full":
        engine.mark_shown(journal, chosen)
    return Check(len(suggestions), delivery, chosen, next_wakeup(now, policy, state))


def _parse_time(text: str, default: time) -> time:
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        return default

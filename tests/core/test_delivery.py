"""The daily notification: when it goes out, what it holds, and what it never does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from journal.core.delivery import (
    Policy,
    State,
    delivery_moment,
    due_delivery,
    in_quiet_hours,
    next_wakeup,
)
from journal.core.settings import JournalSettings


@dataclass(frozen=True)
class S:
    id: str
    person_id: str
    person_name: str
    action: str
    capped: bool = True


ANA = S("s-ana", "p-ana", "Ana", "Ask Ana how the bakery launch went")
KOFI = S("s-kofi", "p-kofi", "Kofi", "Ask Kofi about the grant")
MEI = S("s-mei", "p-mei", "Mei", "Ask Mei about the half-marathon")
LEO = S("s-leo", "p-leo", "Leo", "Ask Leo about the move")
BIRTHDAY = S("s-bday", "p-zoe", "Zoe", "It's Zoe's birthday today", capped=False)
POLICY = Policy(delivery_time=time(9), quiet_start=time(21), quiet_end=time(8), daily_cap=3)


def test_nothing_before_the_delivery_time_then_one_batch():
    state = State()
    delivery, state = due_delivery(datetime(2026, 11, 24, 8, 59), POLICY, state, [ANA, KOFI])
    assert delivery is None
    delivery, state = due_delivery(datetime(2026, 11, 24, 9, 0), POLICY, state, [ANA, KOFI])
    assert delivery is not None
    assert delivery.title == "2 check-ins for today"
    assert "Ask Ana how the bakery launch went" in delivery.body
    assert delivery.person_ids == ("p-ana", "p-kofi")


def test_never_the_same_suggestion_twice_in_a_day():
    delivery, state = due_delivery(datetime(2026, 11, 24, 9), POLICY, State(), [ANA])
    assert delivery is not None
    again, state = due_delivery(datetime(2026, 11, 24, 12), POLICY, state, [ANA])
    assert again is None
    tomorrow, _ = due_delivery(datetime(2026, 11, 25, 9), POLICY, state, [ANA])
    assert tomorrow is not None  # a new day, a new list


def test_one_batch_a_day_what_turns_up_later_waits_for_the_today_page():
    delivery, state = due_delivery(datetime(2026, 11, 24, 9), POLICY, State(), [ANA])
    assert delivery is not None and delivery.suggestion_ids == ("s-ana",)
    # Ana was done; Kofi took her place and a birthday came up after an edit at noon.
    later, state = due_delivery(datetime(2026, 11, 24, 12), POLICY, state, [KOFI, BIRTHDAY])
    assert later is None
    assert next_wakeup(datetime(2026, 11, 24, 12), POLICY, state) == datetime(2026, 11, 25)


def test_an_empty_morning_lets_the_first_check_ins_of_the_day_go_out_later():
    nothing, state = due_delivery(datetime(2026, 11, 24, 9), POLICY, State(), [])
    assert nothing is None
    delivery, _ = due_delivery(datetime(2026, 11, 24, 15), POLICY, state, [ANA])
    assert delivery is not None


def test_the_cap_holds_but_birthdays_and_promises_always_go_out():
    delivery, _ = due_delivery(
        datetime(2026, 11, 24, 9), POLICY, State(), [ANA, KOFI, MEI, LEO, BIRTHDAY]
    )
    assert delivery is not None
    assert set(delivery.suggestion_ids) == {"s-bday", "s-ana", "s-kofi", "s-mei"}
    assert delivery.title == "4 check-ins for today"


def test_quiet_hours_hold_a_late_delivery_until_morning():
    late = Policy(delivery_time=time(22), quiet_start=time(21), quiet_end=time(7))
    delivery, _ = due_delivery(datetime(2026, 11, 24, 22, 30), late, State(), [ANA])
    assert delivery is None  # 22:00 is inside quiet hours: it moves to 07:00
    assert next_wakeup(datetime(2026, 11, 24, 6, 0), late, State()) == datetime(2026, 11, 24, 7)


def test_after_waking_from_sleep_the_missed_delivery_goes_out():
    asleep_at_nine = datetime(2026, 11, 24, 14, 5)
    delivery, _ = due_delivery(asleep_at_nine, POLICY, State(), [ANA])
    assert delivery is not None


def test_a_wake_during_quiet_hours_waits_for_their_end():
    delivery, state = due_delivery(datetime(2026, 11, 24, 23, 0), POLICY, State(), [ANA])
    assert delivery is None
    assert next_wakeup(datetime(2026, 11, 24, 23, 0), POLICY, state) == datetime(2026, 11, 25)


def test_private_text_names_nobody():
    private = Policy(text="count")
    delivery, _ = due_delivery(datetime(2026, 11, 24, 9), private, State(), [ANA, KOFI])
    assert delivery is not None
    assert delivery.title == "2 check-ins for today"
    assert "Ana" not in delivery.body and "Kofi" not in delivery.body
    alone, _ = due_delivery(datetime(2026, 11, 24, 9), private, State(), [ANA])
    assert alone is not None
    assert (alone.title, alone.body) == ("1 check-in for today", "Open Rapport to see who.")
    assert alone.actions == ("open",)  # a button to log "someone" would say nothing


def test_one_suggestion_names_the_person_and_offers_log_snooze_open():
    delivery, _ = due_delivery(datetime(2026, 11, 24, 9), POLICY, State(), [ANA])
    assert delivery is not None
    assert delivery.title == "Check in with Ana"
    assert delivery.body == "Ask Ana how the bakery launch went"
    assert delivery.actions == ("log", "snooze", "open")
    assert delivery.opens == "p-ana"  # a click opens her page


def test_a_batch_lists_each_suggestion_and_a_click_opens_today():
    delivery, _ = due_delivery(datetime(2026, 11, 24, 9), POLICY, State(), [ANA, KOFI])
    assert delivery is not None
    assert delivery.body.splitlines() == [
        "• Ask Ana how the bakery launch went",
        "• Ask Kofi about the grant",
    ]
    assert delivery.actions == ("open",)
    assert delivery.opens is None


def test_weekdays_and_off():
    weekdays = Policy(frequency="weekdays")
    saturday = datetime(2026, 11, 28, 10)
    assert due_delivery(saturday, weekdays, State(), [ANA])[0] is None
    assert due_delivery(saturday, Policy(frequency="off"), State(), [ANA])[0] is None
    assert next_wakeup(saturday, weekdays, State()) == datetime(2026, 11, 29)


def test_sleeps_until_the_next_moment_something_can_change():
    assert next_wakeup(datetime(2026, 11, 24, 7), POLICY, State()) == datetime(2026, 11, 24, 9)
    delivered = State(date(2026, 11, 24), frozenset({"s-ana"}))
    assert next_wakeup(datetime(2026, 11, 24, 9, 1), POLICY, delivered) == datetime(2026, 11, 25)


def test_policy_reads_the_journal_settings():
    settings = JournalSettings(
        delivery_time="07:30",
        daily_cap=5,
        notification_text="count",
        quiet_start="22:00",
        quiet_end="06:00",
        notifications="weekdays",
    )
    policy = Policy.from_settings(settings)
    assert policy == Policy(time(7, 30), time(22), time(6), 5, "weekdays", "count")
    assert Policy.from_settings(JournalSettings(delivery_time="nonsense")).delivery_time == time(9)


def test_state_survives_json_and_ignores_garbage():
    state = State(date(2026, 11, 24), frozenset({"a", "b"}))
    assert State.from_json(state.to_json()) == state
    assert State.from_json({"day": "not a date"}) == State()
    assert State.from_json(None) == State()


times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(
    start=times,
    end=times,
    deliver=times,
    moments=st.lists(times, min_size=1, max_size=30),
    cap=st.integers(0, 5),
    n=st.integers(0, 8),
)
def test_invariants_over_a_day(start, end, deliver, moments, cap, n):
    """Over any sequence of checks in a day: at most one batch per suggestion, never in
    quiet hours, never more capped ones than the cap."""
    policy = Policy(delivery_time=deliver, quiet_start=start, quiet_end=end, daily_cap=cap)
    suggestions = [S(f"s{i}", f"p{i}", f"P{i}", f"do {i}", capped=i % 3 != 0) for i in range(n)]
    state = State()
    seen: list[str] = []
    batches = 0
    for moment in sorted(moments):
        now = datetime.combine(date(2026, 11, 24), moment)
        delivery, state = due_delivery(now, policy, state, suggestions)
        if delivery:
            assert not in_quiet_hours(moment, policy)
            seen.extend(delivery.suggestion_ids)
            batches += 1
        wake = next_wakeup(now, policy, state)
        assert wake > now
    assert batches <= 1
    assert len(seen) == len(set(seen))
    capped_ids = {s.id for s in suggestions if s.capped}
    assert len([i for i in seen if i in capped_ids]) <= cap


@given(start=times, end=times, deliver=times, cap=st.integers(1, 5), n=st.integers(1, 6))
def test_following_the_wakeups_from_midnight_delivers_once_at_the_moment(
    start, end, deliver, cap, n
):
    """A scheduler that only wakes when ``next_wakeup`` says delivers the day's batch,
    exactly once, at the delivery time (or the end of quiet hours), and sleeps till
    midnight after."""
    policy = Policy(delivery_time=deliver, quiet_start=start, quiet_end=end, daily_cap=cap)
    suggestions = [S(f"s{i}", f"p{i}", f"P{i}", f"do {i}") for i in range(n)]
    day = date(2026, 11, 24)
    now, state, moments = datetime.combine(day, time(0)), State(), []
    for _ in range(10):
        delivery, state = due_delivery(now, policy, state, suggestions)
        if delivery:
            moments.append(now)
        now = next_wakeup(now, policy, state)
        if now.date() != day:
            break
    expected = delivery_moment(day, policy)
    assert moments == [expected]
    assert len(state.delivered) == min(n, cap)

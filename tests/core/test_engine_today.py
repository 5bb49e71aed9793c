"""Which ones today: priority, the daily cap, a diverse list, the weekly reconnection with
a dormant tie, and a plan for the days ahead that agrees with today."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal.core import engine
from journal.core.model import Birthday, Circle, NetworkKind
from tests.support.people import add, meet, names


def set_cap(journal, cap):
    settings = journal.settings()
    settings.daily_cap = cap
    journal.save_settings(settings)


def test_the_daily_cap_keeps_the_list_doable(journal):
    for i in range(8):
        add(journal, f"Person {i}", last=70 + i)
    assert len(engine.today(journal)) == 3
    set_cap(journal, 1)
    [only] = engine.today(journal)
    assert only.person_name == "Person 7"  # the longest out of touch


def test_closer_circles_and_longer_gaps_come_first(journal):
    add(journal, "Acquaintance", last=200, circle=Circle.ACQUAINTANCE)  # 1.1 x 180 days
    add(journal, "Close friend", last=45, circle=Circle.CLOSE)  # 1.5 x 30 days
    add(journal, "Inner friend", last=40, circle=Circle.INNER)  # 2.9 x 14 days
    set_cap(journal, 3)
    assert names(engine.today(journal)) == ["Inner friend", "Close friend", "Acquaintance"]


def test_the_list_is_not_one_echo_chamber(journal):
    add(journal, "Lawyer A", last=120, field="Law")  # ratio 2.0
    add(journal, "Lawyer B", last=114, field="law")  # 1.9, same field (any case)
    add(journal, "Teacher", last=102, field="Education")  # 1.7
    add(journal, "Colleague A", last=117, organisation="Harbour Capital")  # 1.95
    add(journal, "Colleague B", last=111, organisation="Harbour Capital")  # 1.85
    set_cap(journal, 3)
    assert names(engine.today(journal)) == ["Lawyer A", "Colleague A", "Teacher"]


def test_once_a_week_a_dormant_tie_the_network_lacks(journal):
    add(journal, "Active lawyer", last=10, field="Law", kinds=[NetworkKind.OPERATIONAL])
    add(journal, "Old lawyer friend", last=800, circle=Circle.DORMANT, field="Law")
    add(journal, "Old nurse friend", last=800, circle=Circle.DORMANT, field="Healthcare")
    [reconnect] = engine.today(journal)
    assert (reconnect.person_name, reconnect.kind, reconnect.capped) == (
        "Old nurse friend",
        "reconnect",
        True,
    )
    assert reconnect.prefer_call
    assert "no one in your active network works in Healthcare" in reconnect.reason
    assert "Reconnect with" in reconnect.action or "to reconnect" in reconnect.action
    journal.clock.advance(days=1)  # still this week's, until acted on
    [again] = engine.today(journal)
    assert again.person_id == reconnect.person_id
    engine.act(journal, again, "skip")
    for _ in range(5):  # Thursday .. Monday
        journal.clock.advance(days=1)
        if journal.clock.today().weekday() != 0:
            assert engine.today(journal) == []
    [next_week] = engine.today(journal)  # Monday: a new week, a new reconnection
    assert (next_week.person_name, next_week.kind) == ("Old lawyer friend", "reconnect")


def test_logging_a_dormant_tie_counts_as_the_week_s_reconnection(journal):
    old = add(journal, "Old friend", last=800, circle=Circle.DORMANT)
    add(journal, "Other old friend", last=900, circle=Circle.DORMANT)
    meet(journal, old.id, journal.clock.today() - timedelta(days=1))
    assert engine.today(journal) == []


def test_the_reconnection_takes_one_slot_and_never_exceeds_the_cap(journal):
    add(journal, "Old friend", last=800, circle=Circle.DORMANT)
    for i in range(5):
        add(journal, f"Due {i}", last=90)
    suggestions = engine.today(journal)
    assert [s.kind for s in suggestions] == ["cadence", "cadence", "reconnect"]
    set_cap(journal, 1)
    assert [s.kind for s in engine.today(journal)] == ["cadence"]


def test_the_same_journal_and_clock_give_the_same_list_and_words(journal):
    for i in range(6):
        add(
            journal,
            f"Person {i}",
            last=65 + 3 * i,
            field=["Law", "Design"][i % 2],
            birthday=Birthday(11, 25 + i % 3),
        )
    first = engine.today(journal)
    assert first == engine.today(journal)
    assert engine.upcoming(journal, days=10) == engine.upcoming(journal, days=10)


def test_the_plan_ahead_starts_with_today_and_keeps_to_the_cap(journal):
    for i in range(10):
        add(
            journal,
            f"Person {i}",
            last=40 + 5 * i,
            circle=[Circle.NETWORK, Circle.CLOSE][i % 2],
            birthday=Birthday(11, 26 + i % 4),
        )
    for i in range(3):
        add(journal, f"Old friend {i}", last=800 + i, circle=Circle.DORMANT)
    today = engine.today(journal)
    plan = engine.upcoming(journal, days=14)
    assert [s for s in plan if s.due_on == journal.clock.today()] == today
    assert [s.due_on for s in plan] == sorted(s.due_on for s in plan)
    per_day: dict = {}
    for s in plan:
        per_day.setdefault(s.due_on, []).append(s)
    for day_list in per_day.values():
        assert sum(s.capped for s in day_list) <= 3
        assert len({s.person_id for s in day_list}) == len(day_list)
    reconnects = [s for s in plan if s.kind == "reconnect"]
    weeks = [s.due_on - timedelta(days=s.due_on.weekday()) for s in reconnects]
    assert len(weeks) == len(set(weeks)) == 3  # one a week, and a different tie each time
    assert len({s.person_id for s in reconnects}) == 3


def test_a_today_that_fails_half_way_leaves_the_journal_writable(journal, monkeypatch):
    # Today reads in one transaction: an error in the middle must not leave it open,
    # or the next save would fail.
    add(journal, "Person", last=70)

    def broken(*_args: object) -> None:
        raise RuntimeError("wording failed")

    monkeypatch.setattr(engine.phrasing, "compose", broken)
    with pytest.raises(RuntimeError):
        engine.today(journal)
    monkeypatch.undo()
    add(journal, "Someone new", last=3)
    assert names(engine.today(journal)) == ["Person"]

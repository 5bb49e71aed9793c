"""Dates that make a check-in timely on their own: promises, threads to ask about again,
birthdays, anniversaries of life events, and a first meeting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from journal.core import engine
from journal.core.model import Birthday, Circle, Entry, Facet, FacetKind, FollowUp
from tests.support.people import add, ago, meet, names


def promise(journal, person, text, *, promised: int, due: int):
    """A follow-up written in an entry ``promised`` days ago, due ``due`` days from today."""
    entry = journal.add_entry(
        Entry(
            occurred_at=datetime.combine(ago(journal, promised), time(10)),
            body="Lunch",
            people=[person.id],
            follow_ups=[
                FollowUp(
                    text, due_on=journal.clock.today() + timedelta(days=due), person_id=person.id
                )
            ],
        )
    )
    return entry.follow_ups[0]


def set_cap(journal, cap):
    settings = journal.settings()
    settings.daily_cap = cap
    journal.save_settings(settings)


def test_a_promise_due_today_is_shown_first_and_outside_the_cap(journal):
    ana = add(journal, "Ana Lima")
    promise(journal, ana, "Send Ana the sourdough article", promised=12, due=0)
    for i in range(4):
        add(journal, f"Overdue {i}", last=100)
    set_cap(journal, 2)
    suggestions = engine.today(journal)
    first = suggestions[0]
    assert (first.person_name, first.kind, first.capped) == ("Ana Lima", "follow_up", False)
    assert "send ana the sourdough article" in first.action.lower()
    assert "12 Nov" in first.action
    assert first.reason == "You promised it on 12 Nov, for today."
    assert sum(s.capped for s in suggestions) == 2
    set_cap(journal, 0)
    assert names(engine.today(journal)) == ["Ana Lima"]


def test_an_overdue_promise_competes_for_the_cap_and_a_stale_one_no_longer_triggers(journal):
    ana = add(journal, "Ana Lima", last=12)
    promise(journal, ana, "Send Ana the deck", promised=12, due=-5)
    kofi = add(journal, "Kofi Mensah", last=45)
    promise(journal, kofi, "Introduce Kofi to Mei", promised=45, due=-40)
    [suggestion] = engine.today(journal)
    assert (suggestion.person_name, suggestion.kind, suggestion.capped) == (
        "Ana Lima",
        "follow_up",
        True,
    )
    assert "it was due on 19 Nov" in suggestion.reason


def test_marking_a_promise_suggestion_done_completes_the_promise(journal):
    ana = add(journal, "Ana Lima")
    promise(journal, ana, "Send Ana the sourdough article", promised=5, due=0)
    [suggestion] = engine.today(journal)
    engine.act(journal, suggestion, "done")
    assert journal.open_follow_ups(ana.id) == []
    assert engine.today(journal) == []


def test_a_thread_comes_up_on_its_ask_again_date_with_the_user_s_question(journal):
    ana = add(
        journal,
        "Ana Lima",
        last=20,
        facets=[
            Facet(
                FacetKind.WORKING_ON,
                "the bakery launch",
                detail="how the bakery launch went",
                noted_on=date(2026, 10, 3),
                ask_again_on=date(2026, 11, 21),
            ),
            Facet(
                FacetKind.COULD_OFFER, "an intro to my supplier contact", noted_on=date(2026, 10, 3)
            ),
        ],
    )
    [suggestion] = engine.today(journal)
    assert suggestion.kind == "thread"
    # The user's own question; the topic is named once per sentence (issue 13).
    assert "how the bakery launch went" in suggestion.action or (
        "the bakery launch" in suggestion.action and "how it went" in suggestion.action
    )
    assert "3 Oct" in suggestion.action
    assert "an intro to your supplier contact would help" in suggestion.action
    assert suggestion.reason == (
        "Ana mentioned the bakery launch on 3 Oct; you meant to ask again from 21 Nov."
    )
    assert {f.kind for f in suggestion.facts} >= {"working_on", "could_offer"}
    meet(journal, ana.id, date(2026, 11, 22))  # asked since: the thread is answered
    assert engine.today(journal) == []


def test_a_thread_waits_for_its_date_and_lapses_after_a_month(journal):
    add(
        journal,
        "Ana Lima",
        last=5,
        facets=[
            Facet(FacetKind.WORKING_ON, "a grant application", ask_again_on=date(2026, 11, 27))
        ],
    )
    assert engine.today(journal) == []
    journal.clock.advance(days=3)
    [suggestion] = engine.today(journal)
    # The topic is named once; the question may then say "it" (issue 13).
    assert "a grant application" in suggestion.action and "is going" in suggestion.action
    journal.clock.advance(days=31)
    assert engine.today(journal) == []


def test_a_birthday_gets_a_few_days_notice_then_is_always_shown_on_the_day(journal):
    add(journal, "Ana Lima", last=10, circle=Circle.CLOSE, birthday=Birthday(11, 27))
    journal.clock.advance(days=1)  # Wednesday 25 Nov: two days before
    [notice] = engine.today(journal)
    assert (notice.kind, notice.capped) == ("birthday", True)
    assert "on Friday (27 Nov)" in notice.action
    journal.clock.advance(days=2)
    set_cap(journal, 0)
    [day] = engine.today(journal)
    assert (day.kind, day.capped) == ("birthday", False)
    assert "happy birthday" in day.action or "birthday today" in day.action


def test_no_birthday_notice_right_after_being_in_touch(journal):
    add(journal, "Ana Lima", last=1, circle=Circle.CLOSE, birthday=Birthday(11, 26))
    assert engine.today(journal) == []


def test_an_acquaintance_s_birthday_competes_for_the_cap(journal):
    add(journal, "Ana Lima", last=30, circle=Circle.ACQUAINTANCE, birthday=Birthday(11, 24))
    [suggestion] = engine.today(journal)
    assert (suggestion.kind, suggestion.capped) == ("birthday", True)


def test_a_life_event_s_anniversary_only_when_fine_to_mention(journal):
    add(
        journal,
        "Ana Lima",
        last=20,
        facets=[
            Facet(
                FacetKind.LIFE_EVENT, "got married", event_date=date(2024, 11, 26), mention_ok=True
            )
        ],
    )
    add(
        journal,
        "Kofi Mensah",
        last=20,
        facets=[Facet(FacetKind.LIFE_EVENT, "lost his father", event_date=date(2024, 11, 26))],
    )
    [suggestion] = engine.today(journal)
    assert (suggestion.person_name, suggestion.kind) == ("Ana Lima", "anniversary")
    assert "two years" in suggestion.action and "Ana got married" in suggestion.action
    assert "father" not in suggestion.action + suggestion.reason


def test_a_first_meeting_gets_a_follow_up_within_a_few_days(journal, clock):
    clock.set("2026-11-22T19:00:00")
    journal.log(["Mei Chen"], "Met at the design meetup; she runs a studio")
    mei = journal.find_people("Mei Chen")[0]
    journal.add_follow_up(FollowUp("Send Mei the accessibility talk", person_id=mei.id))
    assert engine.today(journal) == []  # not on the day itself
    clock.set("2026-11-24T09:00:00")
    [suggestion] = engine.today(journal)
    assert suggestion.kind == "first_meeting"
    assert "thank" in suggestion.action.lower()
    assert "send Mei the accessibility talk" in suggestion.action
    assert "first time on 22 Nov" in suggestion.reason
    journal.clock.advance(days=6)
    assert engine.today(journal) == []


def test_no_first_meeting_follow_up_once_back_in_touch(journal, clock):
    clock.set("2026-11-21T19:00:00")
    journal.log(["Mei Chen"], "Met at the meetup")
    clock.set("2026-11-24T09:00:00")
    assert [s.kind for s in engine.today(journal)] == ["first_meeting"]
    journal.log(["Mei Chen"], "Emailed her the slides", when=datetime(2026, 11, 23, 9))
    assert engine.today(journal) == []


def test_a_29_february_birthday_falls_on_28_february_in_other_years(journal, clock):
    add(journal, "Leap Day", last=10, circle=Circle.CLOSE, birthday=Birthday(2, 29))
    clock.set("2027-02-26T09:00:00")
    journal.log(["Leap Day"], "Lunch", when=datetime(2027, 2, 10, 12))
    [notice] = engine.today(journal)
    assert (notice.kind, notice.capped) == ("birthday", True)
    assert "on Sunday (28 Feb)" in notice.action
    clock.set("2027-02-28T09:00:00")
    [day] = engine.today(journal)
    assert (day.kind, day.capped) == ("birthday", False)

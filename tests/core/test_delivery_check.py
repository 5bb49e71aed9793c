"""``delivery.check`` over a real journal: the engine's list, the day's notification,
and the state that keeps it to one a day across checks, restarts and a lock."""

from __future__ import annotations

from datetime import date, datetime

from journal.core import delivery, engine
from journal.core.journal import Journal
from tests.conftest import TEST_PASSPHRASE
from tests.support.people import add


def _due(journal, *names):
    return [add(journal, name, last=70 + i) for i, name in enumerate(names)]


def test_before_the_time_it_counts_and_sleeps_until_then(journal):
    _due(journal, "Ana Lima")
    journal.clock.set("2026-11-24T07:30")
    result = delivery.check(journal)
    assert result.count == 1
    assert result.delivery is None
    assert result.wake_at == datetime(2026, 11, 24, 9)


def test_at_the_time_it_names_the_person_and_what_to_say_then_stays_quiet(journal):
    [ana] = _due(journal, "Ana Lima")
    [suggestion] = engine.today(journal)
    result = delivery.check(journal)
    assert result.delivery is not None
    assert result.delivery.title == "Check in with Ana Lima"
    assert result.delivery.body == suggestion.action
    assert result.delivery.opens == ana.id
    assert [s.id for s in result.suggestions] == [suggestion.id]
    assert result.wake_at == datetime(2026, 11, 25)
    journal.clock.set("2026-11-24T15:00")
    again = delivery.check(journal)
    assert again.delivery is None and again.count == 1


def test_the_day_is_remembered_in_the_journal_across_a_restart(journal, keychain):
    _due(journal, "Ana Lima")
    assert delivery.check(journal).delivery is not None
    paths, clock = journal.paths, journal.clock
    journal.close()
    reopened = Journal.open(paths, TEST_PASSPHRASE, keychain=keychain, clock=clock)
    try:
        assert delivery.check(reopened).delivery is None
        clock.set("2026-11-25T09:00")
        assert delivery.check(reopened).delivery is not None  # a new day
    finally:
        reopened.close()


def test_counting_only_never_delivers_nor_uses_up_the_day(journal):
    _due(journal, "Ana Lima", "Kofi Berg")
    counted = delivery.check(journal, deliver=False)
    assert (counted.count, counted.delivery) == (2, None)
    assert delivery.check(journal).delivery is not None


def test_private_names_nobody_whatever_the_setting(journal):
    _due(journal, "Ana Lima", "Kofi Berg")
    result = delivery.check(journal, private=True)
    assert result.delivery is not None
    assert result.delivery.title == "2 check-ins for today"
    text = result.delivery.title + result.delivery.body
    assert "Ana" not in text and "Kofi" not in text


def test_the_daily_cap_and_the_setting_hold(journal):
    _due(journal, *(f"Person {i}" for i in range(6)))
    settings = journal.settings()
    settings.daily_cap = 2
    journal.save_settings(settings)
    result = delivery.check(journal)
    assert result.delivery is not None and len(result.delivery.suggestion_ids) == 2


def test_notifications_off_means_none(journal):
    _due(journal, "Ana Lima")
    settings = journal.settings()
    settings.notifications = "off"
    journal.save_settings(settings)
    result = delivery.check(journal)
    assert result.delivery is None and result.count == 1


def test_named_suggestions_are_logged_as_shown_count_only_ones_are_not(journal):
    _due(journal, "Ana Lima")
    delivery.check(journal, private=True)
    assert [e.event for e in engine.history(journal, date(2026, 11, 24))] == []
    journal.clock.set("2026-11-25T09:00")
    delivery.check(journal)
    assert "shown" in [e.event for e in engine.history(journal, date(2026, 11, 25))]

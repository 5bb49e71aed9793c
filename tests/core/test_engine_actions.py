"""The user's say: done, snooze, skip (and the longer cadence after three skips), mute;
logging an entry clears them; every action is logged; the person page and People list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.core import engine
from journal.core.errors import InvalidInput
from journal.core.model import Birthday, Circle, EntryKind
from tests.support.people import add, meet, names


def only(journal):
    [suggestion] = engine.today(journal)
    return suggestion


def test_done_counts_as_being_in_touch(journal):
    ana = add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "done")
    assert engine.today(journal) == []
    journal.clock.advance(days=50)
    assert engine.today(journal) == []
    journal.clock.advance(days=10)
    assert only(journal).reason == "Last checked in 60 days ago; you aim for every 60 days."
    assert ana.id in engine.due_person_ids(journal)


def test_snooze_hides_until_the_date_while_the_clock_keeps_running(journal):
    add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "snooze", until=date(2026, 12, 1))
    assert engine.today(journal) == []
    journal.clock.advance(days=6)
    assert engine.today(journal) == []
    journal.clock.advance(days=1)
    assert only(journal).reason == "Last in touch 77 days ago; you aim for every 60 days."


def test_snooze_needs_a_day_after_today(journal):
    add(journal, "Ana Lima", last=70)
    with pytest.raises(InvalidInput, match="after today"):
        engine.act(journal, only(journal), "snooze", until=journal.clock.today())
    with pytest.raises(InvalidInput, match="Unknown action"):
        engine.act(journal, only(journal), "forget")
    assert len(engine.today(journal)) == 1  # nothing was changed


def test_a_snooze_without_a_date_lasts_a_week(journal):
    add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "snooze")
    journal.clock.advance(days=6)
    assert engine.today(journal) == []
    journal.clock.advance(days=1)
    assert len(engine.today(journal)) == 1


def test_skip_hides_for_half_a_cadence(journal):
    add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "skip")
    journal.clock.advance(days=29)
    assert engine.today(journal) == []
    journal.clock.advance(days=1)
    assert only(journal).offer_longer_cadence is None


def test_three_skips_in_a_row_offer_a_longer_cadence_the_user_confirms(journal):
    ana = add(journal, "Ana Lima", last=70)
    for _ in range(3):
        engine.act(journal, only(journal), "skip")
        journal.clock.advance(days=30)
    suggestion = only(journal)
    assert suggestion.offer_longer_cadence == 120
    engine.confirm_longer_cadence(journal, ana.id, suggestion.offer_longer_cadence)
    assert journal.person(ana.id).cadence_days == 120
    after = only(journal)  # 160 days since: still due, on the new cadence, no more offer
    assert after.reason == (
        "Last in touch about 5 months ago; you aim for every 120 days with Ana."
    )
    assert after.offer_longer_cadence is None
    assert [r.event for r in engine.history(journal, date(2026, 1, 1))][-1] == "cadence_changed"


def test_declining_the_longer_cadence_starts_the_count_again(journal):
    ana = add(journal, "Ana Lima", last=70)
    for _ in range(3):
        engine.act(journal, only(journal), "skip")
        journal.clock.advance(days=30)
    engine.decline_longer_cadence(journal, ana.id)
    assert only(journal).offer_longer_cadence is None
    assert journal.person(ana.id).cadence_days is None


def test_logging_an_entry_clears_snooze_skip_and_the_run_of_skips(journal):
    ana = add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "skip")
    journal.clock.advance(days=30)
    engine.act(journal, only(journal), "skip")
    journal.clock.advance(days=30)
    engine.act(journal, only(journal), "snooze", until=date(2027, 6, 1))
    journal.log(["Ana Lima"], "Bumped into Ana at the market", kind=EntryKind.MEETING)
    journal.clock.advance(days=60)
    suggestion = only(journal)  # the snooze is gone, the clock restarted from the entry
    assert suggestion.reason == "Last in touch 60 days ago; you aim for every 60 days."
    engine.act(journal, suggestion, "skip")  # a first skip again, not a third
    journal.clock.advance(days=30)
    assert only(journal).offer_longer_cadence is None
    assert ana.id in engine.due_person_ids(journal)


def test_a_backdated_entry_also_clears_a_snooze(journal):
    ana = add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "snooze", until=date(2027, 6, 1))
    meet(journal, ana.id, date(2026, 9, 1))  # older than the last contact
    assert len(engine.today(journal)) == 1


def test_mute_ends_every_suggestion_until_unmuted(journal):
    ana = add(journal, "Ana Lima", last=70, birthday=Birthday(11, 24), circle=Circle.CLOSE)
    suggestion = only(journal)
    assert suggestion.kind == "birthday"
    engine.act(journal, suggestion, "mute")
    assert engine.today(journal) == []
    assert engine.next_check_in(journal, ana.id) == (
        None,
        "Muted: no check-in suggestions until you unmute them.",
    )
    engine.act(journal, suggestion, "unmute")
    assert only(journal).kind == "birthday"
    engine.set_muted(journal, ana.id, True)  # from the person page, no suggestion at hand
    assert engine.today(journal) == []
    engine.set_muted(journal, ana.id, False)
    assert only(journal).kind == "birthday"


def test_every_action_is_in_the_suggestion_log(journal):
    add(journal, "Ana Lima", last=70)
    add(journal, "Kofi Mensah", last=80)
    shown = engine.today(journal, record=True)
    engine.mark_shown(journal, shown)
    engine.mark_shown(journal, shown)  # shown twice on a day is logged once
    engine.act(journal, shown[0], "done")
    engine.act(journal, shown[1], "snooze", until=date(2026, 12, 3))
    rows = engine.history(journal, since=date(2026, 11, 1))
    assert sorted((r.person_name, r.event) for r in rows) == [
        ("Ana Lima", "shown"),
        ("Ana Lima", "snoozed"),
        ("Ana Lima", "suggested"),
        ("Kofi Mensah", "done"),
        ("Kofi Mensah", "shown"),
        ("Kofi Mensah", "suggested"),
    ]
    snoozed = next(r for r in rows if r.event == "snoozed")
    assert (snoozed.day, snoozed.until, snoozed.kind) == (
        date(2026, 11, 24),
        date(2026, 12, 3),
        "cadence",
    )
    assert engine.history(journal, since=date(2026, 11, 25)) == []


def test_the_trash_carries_reminder_state_away_and_back(journal):
    ana = add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "mute")
    trash_id = journal.delete_person(ana.id)
    assert engine.history(journal, since=date(2026, 1, 1)) == []
    journal.restore(trash_id)
    assert engine.today(journal) == []  # still muted
    assert [r.event for r in engine.history(journal, since=date(2026, 1, 1))] == ["muted"]


def test_next_check_in_for_the_person_page(journal):
    ana = add(journal, "Ana Lima", last=70)
    kofi = add(journal, "Kofi Mensah", last=10, id="kofi")
    old = add(journal, "Old friend", last=900, circle=Circle.DORMANT)
    assert engine.next_check_in(journal, ana.id) == (
        journal.clock.today(),
        "Last in touch 70 days ago; you aim for every 60 days.",
    )
    day, reason = engine.next_check_in(journal, kofi.id)
    assert (
        journal.clock.today() + timedelta(days=41)
        <= day
        <= journal.clock.today() + (timedelta(days=50))
    )
    assert reason.endswith("you aim for every 60 days, and you were last in touch on 14 Nov.")
    journal.clock.advance(days=(day - journal.clock.today()).days - 1)
    assert kofi.id not in engine.due_person_ids(journal)
    journal.clock.advance(days=1)
    assert kofi.id in {s.person_id for s in engine.today(journal)}  # it does come up
    assert engine.next_check_in(journal, old.id)[0] is None


def test_next_check_in_names_a_snooze(journal):
    ana = add(journal, "Ana Lima", last=70)
    engine.act(journal, only(journal), "snooze", until=date(2026, 12, 10))
    assert engine.next_check_in(journal, ana.id) == (
        date(2026, 12, 10),
        "Snoozed until 10 Dec. Due on 10 Dec: you aim for every 60 days, "
        "and you were last in touch on 15 Sep.",
    )


def test_the_due_filter_holds_everyone_due_before_the_cap(journal):
    due = [add(journal, f"Due {i}", last=80 + i) for i in range(5)]
    add(journal, "Not yet", last=20)
    snoozed = add(journal, "Snoozed", last=90)
    top = engine.today(journal)[0]
    assert top.person_id == snoozed.id
    engine.act(journal, top, "snooze", until=date(2026, 12, 24))
    assert engine.due_person_ids(journal) == {p.id for p in due}
    assert len(engine.today(journal)) == 3
    assert names(engine.today(journal))[0] == "Due 4"


def test_next_check_in_says_a_date_once(journal):
    """The brief and the person page read "Due on Monday (30 Nov): a promise falls due.",
    never the same day twice in one sentence."""
    from journal.core.model import FollowUp

    kofi = add(journal, "Kofi Mensah", last=5)
    due = journal.clock.today() + timedelta(days=6)
    journal.add_follow_up(FollowUp("send the slides", due_on=due, person_id=kofi.id))
    day, reason = engine.next_check_in(journal, kofi.id)
    assert day == due
    short = f"{due.day} {due:%b}"
    assert reason.count(short) == 1, reason
    assert "promise" in reason


def test_a_one_day_rhythm_reads_every_day(journal):
    ana = add(journal, "Ana Lima", last=5, cadence=1)
    reason = engine.next_check_in(journal, ana.id)[1]
    assert "every day" in reason and "every 1 day" not in reason, reason

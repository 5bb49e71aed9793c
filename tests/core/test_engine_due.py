"""When someone is due: cadences from the circle, the person or their own rhythm, the
baseline they count from, and the spread that keeps a crowd from arriving on one day."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from journal.core import engine
from journal.core.model import Circle, EntryKind
from tests.support.people import add, ago, meet, names


def test_a_network_tie_is_due_after_sixty_days_with_the_reason(journal):
    add(journal, "Ana Lima", last=68)
    [suggestion] = engine.today(journal)
    assert suggestion.person_name == "Ana Lima"
    assert suggestion.kind == "cadence"
    assert suggestion.capped
    assert suggestion.reason == "Last in touch 68 days ago; you aim for every 60 days."
    assert suggestion.due_on == journal.clock.today()


def test_nobody_is_due_well_before_their_cadence(journal):
    add(journal, "Ana Lima", last=40)
    add(journal, "Kofi Mensah", last=10, circle=Circle.CLOSE)
    assert engine.today(journal) == []


def test_circle_cadences_come_from_the_journal_settings(journal):
    add(journal, "Ana Lima", last=40)
    settings = journal.settings()
    settings.cadence_days[Circle.NETWORK] = 30
    journal.save_settings(settings)
    [suggestion] = engine.today(journal)
    assert suggestion.reason == "Last in touch 40 days ago; you aim for every 30 days."


def test_a_person_s_own_cadence_overrides_their_circle(journal):
    add(journal, "Ana Lima", last=25, cadence=21)
    add(journal, "Kofi Mensah", last=25)
    [suggestion] = engine.today(journal)
    assert suggestion.person_name == "Ana Lima"
    assert "you aim for every 21 days with Ana" in suggestion.reason


def test_a_learned_cadence_follows_the_user_s_rhythm_within_the_circle_s_range(journal):
    settings = journal.settings()
    settings.learn_cadence = True
    journal.save_settings(settings)
    steady = add(journal, "Ana Lima")  # every 40 days, for a year
    for days in (200, 160, 120, 80, 41):
        meet(journal, steady.id, ago(journal, days))
    eager = add(journal, "Kofi Mensah")  # every 5 days: bounded to half of 60
    for days in (30, 25, 20, 15, 10):
        meet(journal, eager.id, ago(journal, days))
    [suggestion] = engine.today(journal)
    assert suggestion.person_name == "Ana Lima"
    assert suggestion.reason == "Last in touch 41 days ago; you usually talk about every 40 days."
    assert engine.learned_cadence([ago(journal, d) for d in (30, 25, 20, 15, 10)]) == 5
    journal.clock.advance(days=20)  # Kofi: 30 days since, the floor of the network range
    assert "Kofi Mensah" in names(engine.today(journal))


def test_too_few_contacts_teach_no_cadence(journal):
    assert engine.learned_cadence([ago(journal, 100), ago(journal, 50), ago(journal, 1)]) is None


def test_archived_people_never_come_up_and_dormant_ones_only_as_a_reconnection(journal):
    add(journal, "Ana Lima", last=300, archived=True)
    add(journal, "Kofi Mensah", last=900, circle=Circle.DORMANT)
    suggestions = engine.today(journal)
    assert "Ana Lima" not in names(suggestions)
    assert [(s.person_name, s.kind) for s in suggestions] == [("Kofi Mensah", "reconnect")]


def test_someone_in_touch_today_is_not_suggested(journal):
    ana = add(journal, "Ana Lima", last=90)
    assert names(engine.today(journal)) == ["Ana Lima"]
    journal.log(["Ana Lima"], "Quick call about the launch", kind=EntryKind.CALL)
    assert engine.today(journal) == []
    journal.clock.advance(days=50)
    assert engine.today(journal) == []  # the clock restarted from today's call
    journal.clock.advance(days=10)
    assert names(engine.today(journal)) == ["Ana Lima"]
    assert ana.id in engine.due_person_ids(journal)


def test_someone_never_in_touch_counts_from_the_day_they_were_met(journal):
    add(journal, "Ana Lima", met_on=ago(journal, 70))
    [suggestion] = engine.today(journal)
    assert suggestion.reason == "Met 70 days ago and not in touch since; you aim for every 60 days."


def test_a_crowd_that_fell_due_together_is_spread_over_several_days(journal):
    """Thirty network ties all last seen on the same day become eligible over the last
    15% of the cadence, not all on one day (Anki's fuzz)."""
    people = [add(journal, f"Person {i:02d}", last=50, id=f"crowd-{i}") for i in range(30)]
    ids = {p.id for p in people}
    first_due: dict[str, int] = {}
    for offset in range(0, 12):
        day = journal.clock.today() + timedelta(days=offset)
        for pid in engine.due_person_ids(journal, day) & ids:
            first_due.setdefault(pid, 50 + offset)
    assert set(first_due) == ids  # everyone is due by day 60
    per_day = Counter(first_due.values())
    assert min(per_day) >= 51 and max(per_day) <= 60
    assert len(per_day) >= 5
    assert max(per_day.values()) <= 12


def test_with_a_cap_of_three_a_crowd_is_worked_through_three_a_day(journal):
    people = [add(journal, f"Person {i:02d}", last=70) for i in range(12)]
    plan = engine.upcoming(journal, days=6)
    per_day = Counter(s.due_on for s in plan if s.capped)
    assert set(per_day.values()) == {3}
    assert len(per_day) == 4
    assert {s.person_id for s in plan} == {p.id for p in people}

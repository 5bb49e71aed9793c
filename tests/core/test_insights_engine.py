"""Where the insights meet the reminder engine: check-ins suggested vs logged, and the
week's one reconnection, which both must name the same person."""

from __future__ import annotations

from datetime import date

from journal.core import engine
from journal.core.insights import compute_insights, reconnect_candidates, weekly_reconnect
from journal.core.model import Circle
from tests.support.network import TODAY, add, meet


def test_check_ins_suggested_vs_logged(journal, clock):
    # Four network ties (cadence 60) last seen 70 days before 1 Nov: all due on 1 Nov.
    people = [
        add(journal, name, days_ago=(TODAY - date(2026, 11, 1)).days + 70)
        for name in ("Ana", "Ben", "Caro", "Dev")
    ]
    settings = journal.settings()
    settings.daily_cap = 3
    journal.save_settings(settings)
    clock.set("2026-11-01T09:00:00")
    shown = engine.today(journal, record=True)  # the app logs what it suggests
    assert len(shown) == 3
    suggested = {s.person_id for s in shown}
    first, second, third = shown
    engine.act(journal, first, "done")  # marked done from the Today page
    clock.set("2026-11-24T09:00:00")
    meet(journal, next(p for p in people if p.id == second.person_id), 10)  # logged on 14 Nov
    ci = compute_insights(journal).follow_through.check_ins
    # Three people suggested in the 90 days before today; done (first) and an entry after
    # the suggestion (second) count as logged; third was never followed up: 2 of 3.
    assert (ci.suggested, ci.logged) == (3, 2)
    assert set(ci.people) == suggested
    assert set(ci.logged_people) == {first.person_id, second.person_id}
    text = next(
        f.text
        for f in compute_insights(journal).follow_through.findings
        if f.key == "follow_through.check_ins"
    )
    assert text == (
        "Rapport suggested check-ins with 3 people in the last 90 days, and you "
        "were in touch with 2 of them since (67%)."
    )
    assert third.person_id not in ci.logged_people


def test_no_engine_history_means_no_check_in_figure(journal):
    add(journal, "Ana", days_ago=3)
    ins = compute_insights(journal)
    assert ins.follow_through.check_ins is None
    assert all(f.key != "follow_through.check_ins" for f in ins.follow_through.findings)


def test_the_weeks_reconnection_is_the_engines(journal):
    add(journal, "Sam", field="Software", days_ago=10)
    # Marked dormant (no check-in rhythm), 400 days out of touch, in a field the active
    # network lacks: the engine's weekly slot and the insights' list both want Dora.
    dora = add(journal, "Dora", field="Education", circle=Circle.DORMANT, days_ago=400)
    suggestion = next(s for s in engine.today(journal) if s.kind == "reconnect")
    assert suggestion.person_id == dora.id
    pick = weekly_reconnect(journal)
    assert pick.person_id == dora.id
    assert pick.reason == f"{suggestion.action} {suggestion.reason}"
    assert dora.id in [c.person_id for c in reconnect_candidates(journal)]
    ins = compute_insights(journal, weekly=True)
    assert ins.reconnect_this_week.person_id == dora.id
    finding = next(f for f in ins.highlights if f.key == "ties.reconnect_this_week")
    assert finding.people == (dora.id,)
    assert finding.text.startswith("This week's reconnection: ")
    # Without asking the engine (the fast path), there is no weekly pick to disagree with.
    assert compute_insights(journal).reconnect_this_week is None


def test_the_weeks_reconnection_is_stable_and_ends_when_done(journal, clock):
    add(journal, "Sam", field="Software", days_ago=10)
    add(journal, "Dora", field="Education", circle=Circle.DORMANT, days_ago=400)
    add(journal, "Dan", field="Law", circle=Circle.DORMANT, days_ago=500)
    monday, sunday = date(2026, 11, 23), date(2026, 11, 29)
    picks = {weekly_reconnect(journal, day).person_id for day in (monday, TODAY, sunday)}
    assert len(picks) == 1  # the same person all week
    (picked,) = picks
    meet(journal, journal.person(picked), 0)
    # In touch with this week's reconnection today: the week is settled, nothing more.
    assert weekly_reconnect(journal) is None

"""Reciprocity and follow-through, on ledgers and promises written out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from journal.core.insights import compute_insights
from journal.core.model import Direction, FollowUp
from tests.support.network import add, give

RECEIVED = Direction.RECEIVED


@pytest.fixture
def ledger(journal):
    """Today is 2026-11-24."""
    ada = add(journal, "Ada", days_ago=20)  # in touch after both gives
    give(journal, ada, date(2026, 8, 16))
    give(journal, ada, date(2026, 10, 5))
    bo = add(journal, "Bo", days_ago=30)
    give(journal, bo, date(2026, 10, 25), RECEIVED)  # only ever received from Bo
    cy = add(journal, "Cy", days_ago=40)  # helped on 15 Oct, the last contact: no check-in
    give(journal, cy, date(2026, 10, 15))
    di = add(journal, "Di")  # helped 10 days ago: too soon to check in
    give(journal, di, date(2026, 11, 14))
    ed = add(journal, "Ed", days_ago=200)  # 8 May 2026, after the give on 20 Oct 2025
    give(journal, ed, date(2025, 10, 20))
    give(journal, ed, date(2026, 5, 8), RECEIVED)
    return {"Ada": ada, "Bo": bo, "Cy": cy, "Di": di, "Ed": ed}


def test_given_and_received_overall_and_per_person(journal, ledger):
    r = compute_insights(journal).reciprocity
    # Given: Ada 2, Cy 1, Di 1, Ed 1 = 5. Received: Bo 1, Ed 1 = 2.
    assert (r.given, r.received) == (5, 2)
    # Last 12 months (after 2025-11-24): Ed's give of 20 Oct 2025 drops out.
    assert (r.given_last_year, r.received_last_year) == (4, 2)
    assert set(r.helped_last_year) == {ledger[n].id for n in ("Ada", "Cy", "Di")}
    per = {b.name: (b.given, b.received, b.net) for b in r.people}
    assert per == {
        "Ada": (2, 0, 2),
        "Bo": (0, 1, -1),
        "Cy": (1, 0, 1),
        "Di": (1, 0, 1),
        "Ed": (1, 1, 0),
    }
    # Most in your debt first: Bo (-1), then Ed (0).
    assert [b.name for b in r.people[:2]] == ["Bo", "Ed"]
    balance = next(f for f in r.findings if f.key == "reciprocity.balance")
    assert balance.text == (
        "You have given 5 times and received 2 times with 5 people: giving first, "
        "as Misner advises."
    )


def test_only_asked_and_helped_without_a_check_in(journal, ledger):
    ins = compute_insights(journal)
    r = ins.reciprocity
    assert [b.name for b in r.only_asked] == ["Bo"]
    # Cy: helped 40 days ago (> 30), nothing since. Di: only 10 days ago. Ada and Ed: seen
    # after the give.
    assert [b.name for b in r.helped_no_check_in] == ["Cy"]
    keys = [f.key for f in ins.highlights]
    assert "reciprocity.no_check_in" in keys and "reciprocity.only_asked" in keys
    only = next(f for f in ins.highlights if f.key == "reciprocity.only_asked")
    assert only.people == (ledger["Bo"].id,)
    assert only.text.startswith("With Bo, the ledger only shows what you received.")


def test_monthly_reciprocity_chart(journal, ledger):
    months = {m.month: m for m in compute_insights(journal).reciprocity.months}
    # Twelve months, December 2025 to November 2026; October 2025 is out.
    assert next(iter(months)) == "2025-12" and list(months)[-1] == "2026-11"
    assert len(months) == 12
    # October: Ada 5th and Cy 15th given, Bo 25th received.
    assert (months["2026-10"].given, months["2026-10"].received) == (2, 1)
    assert set(months["2026-10"].people) == {ledger[n].id for n in ("Ada", "Cy", "Bo")}
    assert (months["2026-05"].given, months["2026-05"].received) == (0, 1)
    assert (months["2026-08"].given, months["2026-11"].given) == (1, 1)


def test_received_more_than_given_asks_to_lead_with_an_offer(journal):
    bo = add(journal, "Bo", days_ago=5)
    give(journal, bo, date(2026, 11, 1), RECEIVED)
    give(journal, bo, date(2026, 11, 2), RECEIVED)
    text = next(
        f.text
        for f in compute_insights(journal).reciprocity.findings
        if f.key == "reciprocity.balance"
    )
    assert text == (
        "You have received 2 times and given 0 times. Nothing wrong with asking; "
        "next time you check in, lead with an offer."
    )


def test_follow_through_over_the_last_90_days(journal):
    ana = add(journal, "Ana", days_ago=1)
    # 90 days before 2026-11-24 is 2026-08-26: due dates from then until yesterday count.
    promises = [
        ("early", date(2026, 10, 1), date(2026, 9, 28)),  # on time
        ("on the day", date(2026, 10, 10), date(2026, 10, 10)),  # on time
        ("late", date(2026, 11, 1), date(2026, 11, 5)),  # late
        ("open", date(2026, 11, 20), None),  # open, overdue
        ("ninety days ago", date(2026, 8, 26), None),  # open, first day of the window
        ("ninety-one days ago", date(2026, 8, 25), None),  # before the window
        ("due today", date(2026, 11, 24), None),  # not late yet
        ("next week", date(2026, 12, 1), None),
    ]
    for text, due, done in promises:
        journal.add_follow_up(FollowUp(text=text, due_on=due, done_on=done, person_id=ana.id))
    ins = compute_insights(journal)
    ft = ins.follow_through
    assert (ft.due, ft.on_time, ft.late) == (5, 2, 1)
    assert [r.text for r in ft.open] == ["ninety days ago", "open"]
    assert ft.on_time_share == pytest.approx(2 / 5)
    assert ft.findings[0].text == (
        "Of 5 follow-ups due in the last 90 days, 2 (40%) were done "
        "on time; 2 still open — a late follow-up still beats none."
    )
    still_open = next(f for f in ins.highlights if f.key == "follow_through.open")
    assert still_open.people == (ana.id,)
    assert ft.check_ins is None  # no reminder-engine history in this journal


def test_all_promises_kept(journal):
    ana = add(journal, "Ana", days_ago=1)
    journal.add_follow_up(
        FollowUp(
            text="send the deck",
            due_on=date(2026, 11, 10),
            done_on=date(2026, 11, 9),
            person_id=ana.id,
        )
    )
    text = compute_insights(journal).follow_through.findings[0].text
    assert text == "You kept the one promise due in the last 90 days, on time."

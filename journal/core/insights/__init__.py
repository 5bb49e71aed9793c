"""Insights: the health of the network as the research sees it, explainable to the name.

Diversity (entropy, Blau, Burt's effective size), ties by strength, reciprocity,
follow-through, a Networking Quotient estimate and at-risk close ties, each finding with
the people behind it. Qt-free; the date comes from the journal's clock.

    insights = compute_insights(journal)
    insights.overview.text, insights.highlights, insights.quotient.total ...
    reconnect_candidates(journal)   # dormant weak ties bridging to missing fields
    weekly_reconnect(journal)       # the engine's reconnection this week, or None
"""

from __future__ import annotations

from datetime import date, timedelta

from journal.core.insights.findings import Finding
from journal.core.insights.report import Insights, compute, to_dict
from journal.core.insights.snapshot import (
    RECENT_DAYS,
    Snapshot,
    TieStatus,
    people_in_touch,
    read,
)
from journal.core.insights.ties import Reconnect
from journal.core.insights.ties import reconnect_candidates as _candidates
from journal.core.journal import Journal
from journal.core.model import Circle


def take_snapshot(journal: Journal, today: date | None = None) -> Snapshot:
    """Read what the insights need (one consistent read of the journal)."""
    from journal.core import engine
    from journal.core.links import link_graph

    day = today or journal.clock.today()
    cadences = journal.settings().cadence_days
    # Who knows whom as the journal records it (links between people), for brokerage.
    links = {(a, b) if a < b else (b, a) for a, b, _kind in link_graph(journal).edges}
    with journal.store.reading() as conn:
        snap = read(conn, day, cadences, links)
        snap.suggestion_log = [
            (row.day, row.person_id, row.event)
            for row in engine.history(
                journal, day - timedelta(days=RECENT_DAYS), day - timedelta(days=1)
            )
        ]
    return snap


def compute_insights(
    journal: Journal, today: date | None = None, *, weekly: bool = False
) -> Insights:
    """Every insight. ``weekly`` also asks the reminder engine for this week's
    reconnection (a few hundred milliseconds more on a large journal)."""
    snap = take_snapshot(journal, today)
    return compute(snap, weekly_reconnect(journal, snap.today, snap) if weekly else None)


def reconnect_candidates(journal: Journal, today: date | None = None) -> list[Reconnect]:
    """Dormant weak ties in fields the active network lacks, best first: the insight's
    "reconnect with" list (the engine's weekly slot is ``weekly_reconnect``)."""
    snap = take_snapshot(journal, today)
    return _candidates(snap.ties, snap.today)


def weekly_reconnect(
    journal: Journal, today: date | None = None, snap: Snapshot | None = None
) -> Reconnect | None:
    """This week's one reconnection, as the reminder engine will suggest it, or None.

    The engine owns the weekly slot (it knows what was snoozed, skipped or already acted
    on this week), so the insights ask it rather than choosing on their own: today's
    plan first, then the rest of the week as the engine plans it.
    """
    from journal.core import engine

    day = today or journal.clock.today()
    found = next((s for s in engine.today(journal, day) if s.kind == "reconnect"), None)
    rest = 6 - day.weekday()
    if found is None and rest:
        found = next(
            (
                s
                for s in engine.upcoming(journal, rest, day + timedelta(days=1))
                if s.kind == "reconnect"
            ),
            None,
        )
    if found is None:
        return None
    state = (snap or take_snapshot(journal, day)).by_id().get(found.person_id)
    facts = state.facts if state else None
    return Reconnect(
        person_id=found.person_id,
        name=found.person_name,
        field=" ".join(facts.field.split()) if facts else "",
        circle=facts.circle if facts else Circle.DORMANT,
        days=state.days if state else 0,
        last_contact=facts.last_contact if facts else None,
        offer=facts.offer if facts else "",
        working_on=facts.working_on if facts else "",
        reason=f"{found.action} {found.reason}".strip(),
    )


def contacted_in_month(journal: Journal, month: str) -> list[str]:
    """Ids of the people in entries of ``month`` (YYYY-MM), by name: a chart bar's people."""
    year, mon = (int(part) for part in month.split("-"))
    start = date(year, mon, 1)
    end = date(year + mon // 12, mon % 12 + 1, 1)
    with journal.store.reading() as conn:
        return people_in_touch(conn, start, end)


__all__ = [
    "Finding",
    "Insights",
    "Reconnect",
    "TieStatus",
    "compute",
    "compute_insights",
    "contacted_in_month",
    "reconnect_candidates",
    "take_snapshot",
    "to_dict",
    "weekly_reconnect",
]

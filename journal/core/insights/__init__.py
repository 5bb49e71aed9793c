"""Insights: the health of the network as the research sees it, explainable to the name.

Diversity (entropy, Blau, Burt's effective size), ties by strength, reciprocity,
follow-through, a Networking Quotient estimate and at-risk close ties, each finding with
the people behind it. Qt-free; the date comes from the journal's clock.

    insights = compute_insights(journal)
    insights.overview.text, insights.highlights, insights.quotient.total ...
    reconnect_candidates(journal)   # dormant weak ties bridging to missing fields
    weekly_reconnect(journal)       # this week's one "reconnect with" pick, or None
"""

from __future__ import annotations

from datetime import date

from journal.core.insights.findings import Finding
from journal.core.insights.report import Insights, compute, to_dict
from journal.core.insights.snapshot import Snapshot, TieStatus, people_in_touch, read
from journal.core.insights.ties import Reconnect, weekly_pick
from journal.core.insights.ties import reconnect_candidates as _candidates
from journal.core.journal import Journal


def take_snapshot(journal: Journal, today: date | None = None) -> Snapshot:
    """Read what the insights need (one consistent read of the journal)."""
    cadences = journal.settings().cadence_days
    with journal.store.reading() as conn:
        return read(conn, today or journal.clock.today(), cadences)


def compute_insights(journal: Journal, today: date | None = None) -> Insights:
    return compute(take_snapshot(journal, today))


def reconnect_candidates(journal: Journal, today: date | None = None) -> list[Reconnect]:
    """Dormant weak ties in fields the active network lacks, best first (for the engine)."""
    snap = take_snapshot(journal, today)
    return _candidates(snap.ties, snap.today)


def weekly_reconnect(journal: Journal, today: date | None = None) -> Reconnect | None:
    """This week's single "reconnect with" suggestion, stable for the whole ISO week."""
    day = today or journal.clock.today()
    return weekly_pick(reconnect_candidates(journal, day), day)


def contacted_in_month(journal: Journal, month: str) -> list[str]:
    """Ids of the people in entries of ``month`` (YYYY-MM), by name: a chart bar's people."""
    year, mon = (int(part) for part in month.split("-"))
    start = date(year, mon, 1)
    end = date(year + mon // 12, mon % 12 + 1, 1)
    with journal.store.reading() as conn:
        return people_in_touch(conn, start, end)


__all__ = ["Finding", "Insights", "Reconnect", "TieStatus", "compute", "compute_insights",
           "contacted_in_month", "reconnect_candidates", "take_snapshot", "to_dict",
           "weekly_reconnect"]
